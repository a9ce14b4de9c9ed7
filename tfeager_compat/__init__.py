"""tfeager_compat: the TensorFlow 1.x eager API on JAX.

    import tfeager_compat as tf          # a direct alias
    tfeager_compat.install_alias()       # or: make `import tensorflow` resolve here

See DESIGN.md beside this file for how tensors, the op table and the tape fit together.
"""
import sys as _sys

import jax as _jax

# TF keeps NumPy's float64 and int64; the shim chooses TF's defaults itself (see convert.py).
_jax.config.update("jax_enable_x64", True)

from importlib import metadata as _metadata  # noqa: E402

from .framework import dtypes as _dtypes, errors as _errors  # noqa: E402
from .ops import registry as _registry  # noqa: E402
from . import ops as _ops  # noqa: E402,F401  (registers every op)
from .api import namespaces as _namespaces  # noqa: E402
from .runner.alias import install as install_alias, uninstall as uninstall_alias  # noqa: E402

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
