"""Builds the `tf.*` namespaces from the export table; nothing here is written per symbol.

Each dotted name in `registry.EXPORTS` ("nn.relu", "contrib.eager.Variable") becomes an
attribute of a generated namespace module. Any other attribute raises an AttributeError that
names the symbol and says tfeager_compat does not support it.
"""
import sys
import types

from ..framework import errors
from ..ops.registry import EXPORTS

# Namespaces that are another name for an existing one (TF path -> target path).
ALIASES = {
    "compat.v1": "",
    "contrib.eager.python.tfe": "contrib.eager",
    "python.keras": "keras",
    "app.flags": "flags",
}


class Namespace(types.ModuleType):
    """A generated `tf.<path>` namespace."""

    def __getattr__(self, name):
        raise errors.unsupported(f"{self._tf_path}.{name}")

    def __dir__(self):
        return sorted(k for k in self.__dict__ if not k.startswith("_"))


def build(root):
    """Attach every namespace to `root` (the package); returns {tf path: module}."""
    modules = {"": root}

    def namespace(path):
        module = modules.get(path)
        if module is None:
            parent_path, _, leaf = path.rpartition(".")
            module = Namespace(f"{root.__name__}.{path}")
            module._tf_path = f"tf.{path}"
            module.__path__ = []  # a package, so `import tensorflow.<path>.x` asks the finders
            modules[path] = module
            setattr(namespace(parent_path), leaf, module)
        return module

    for dotted, obj in EXPORTS.items():
        path, _, leaf = dotted.rpartition(".")
        setattr(namespace(path), leaf, obj)
    exported = list(modules)
    for alias, target in ALIASES.items():
        parent, _, leaf = alias.rpartition(".")
        modules[alias] = modules[target] if target in modules else namespace(target)
        setattr(namespace(parent), leaf, modules[alias])
        # `import tensorflow.python.keras.datasets.mnist`, `from tensorflow.compat.v1.keras
        # import layers`: the target's sub-namespaces are importable under the alias too.
        prefix = f"{target}." if target else ""
        for path in exported:
            if path and path.startswith(prefix):
                modules.setdefault(f"{alias}.{path[len(prefix):]}", modules[path])
    for path, module in modules.items():
        if path:
            sys.modules.setdefault(f"{root.__name__}.{path}", module)
    return modules
