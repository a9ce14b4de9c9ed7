"""tfeager_compat: the TensorFlow 1.x eager API on JAX.

    import tfeager_compat as tf          # a direct alias
    tfeager_compat.install_alias()       # or: make `import tensorflow` resolve here

See DESIGN.md beside this file for how tensors, the op table and the tape fit together.
"""
import os as _os
import platform as _platform
import sys as _sys


def _match_tf_rounding():
    """Keep XLA:CPU from fusing a*b+c into one FMA across what were separate TF ops.

    TF's eager kernels round after every op; a contracted FMA rounds once, which changes the
    printed numbers of a training loop in the 6th digit. Capping the CPU ISA at AVX keeps the
    vector width and drops FMA. Takes effect when JAX has not started its CPU backend yet;
    set TFEAGER_COMPAT_FAST_MATH=1 to keep FMA.
    """
    if _os.environ.get("TFEAGER_COMPAT_FAST_MATH") == "1" or \
            _platform.machine().lower() not in ("x86_64", "amd64"):
        return
    flags = _os.environ.get("XLA_FLAGS", "")
    if "xla_cpu_max_isa" not in flags:
        _os.environ["XLA_FLAGS"] = (flags + " --xla_cpu_max_isa=AVX").strip()


_match_tf_rounding()

import jax as _jax  # noqa: E402

# TF keeps NumPy's float64 and int64; the shim chooses TF's defaults itself (see convert.py).
_jax.config.update("jax_enable_x64", True)
# TF's eager CPU kernels run synchronously, so an op's error surfaces at its call; for the small
# ops of eager code a synchronous call is also faster and steadier than a hand-off to JAX's
# dispatch thread. TFEAGER_COMPAT_ASYNC_DISPATCH=1 keeps JAX's asynchronous CPU dispatch.
if _os.environ.get("TFEAGER_COMPAT_ASYNC_DISPATCH") != "1":
    _jax.config.update("jax_cpu_enable_async_dispatch", False)

from importlib import metadata as _metadata  # noqa: E402

from .framework import errors as _errors  # noqa: E402
from . import ops as _ops  # noqa: E402,F401  (registers every op)
from .api import namespaces as _namespaces  # noqa: E402
from .runner.alias import install as install_alias, uninstall as uninstall_alias  # noqa: E402
from .runner.notebook import load_ipython_extension, unload_ipython_extension  # noqa: E402,F401

__version__ = VERSION = "1.15.0"  # the TF API level implemented
try:
    __distribution_version__ = _metadata.version("tfeager_compat")
except _metadata.PackageNotFoundError:  # running from a source tree
    __distribution_version__ = "0.0.0+source"

_NAMESPACES = _namespaces.build(_sys.modules[__name__])


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise _errors.unsupported(f"tf.{name}")
