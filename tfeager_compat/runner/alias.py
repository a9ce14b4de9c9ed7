"""The `tensorflow` alias: makes `import tensorflow ...` resolve to tfeager_compat.

Nothing is aliased at import time; `install()` (called by the runner, or by a notebook that
wants it) puts the shim's namespaces into `sys.modules` under their TensorFlow names, so that
`import tensorflow as tf`, `import tensorflow.compat.v1 as tf`,
`import tensorflow.contrib.eager as tfe`, `from tensorflow.keras.layers import Dense` and
`from tensorflow.contrib.eager.python import tfe` all work. A real TensorFlow that is already
imported is replaced only when `install(force=True)` is asked for.
"""
import importlib.abc
import importlib.machinery
import sys


class _UnsupportedModuleFinder(importlib.abc.MetaPathFinder):
    """Fails `import tensorflow.X.Y` and `from tensorflow.X import Y` of something the shim
    lacks loudly and by name: "tf.X.Y is not supported by tfeager_compat".

    `from tensorflow.X import Y` first tries to import `<namespace __name__>.Y`, that is
    `tfeager_compat.X.Y`, so names under the package that are no module of it are refused
    too. The error leaves `name` unset: the import system silently drops a
    ModuleNotFoundError that names the submodule it tried, and then says only "cannot import
    name 'Y' ... (unknown location)".
    """

    def find_spec(self, fullname, path=None, target=None):
        for prefix in ("tensorflow", "tfeager_compat"):
            if fullname == prefix or fullname.startswith(prefix + "."):
                break
        else:
            return None
        if prefix == "tfeager_compat":
            spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
            if spec is not None:
                return spec
        raise ModuleNotFoundError(
            f"tf{fullname[len(prefix):]} is not supported by tfeager_compat")


_FINDER = _UnsupportedModuleFinder()


def install(force=False):
    """Alias `tensorflow` (and its submodules) to tfeager_compat in this interpreter."""
    import tfeager_compat
    if "tensorflow" in sys.modules and not force:
        existing = sys.modules["tensorflow"]
        if existing is not tfeager_compat:
            raise RuntimeError("A real TensorFlow is already imported; pass force=True to "
                               "replace it with tfeager_compat.")
    for path, module in tfeager_compat._NAMESPACES.items():
        sys.modules["tensorflow" + ("." + path if path else "")] = module
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    return tfeager_compat


def uninstall():
    """Undo `install()`."""
    for name in [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]:
        del sys.modules[name]
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
