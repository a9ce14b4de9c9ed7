"""`tf.name_scope` as TF 1.15's eager mode has it: it only prefixes the names of variables.

Eager name scopes are not made unique (entering "a" twice gives "a/" both times), a name that
ends in "/" is absolute, and an empty name (or None with no default) returns to the root.
"""
from .ops.registry import export

_STATE = {"scope": ""}  # the current name scope: "" or a path ending in "/"


def current_name_scope():
    """The current name scope, "" at the root, else ending in "/"."""
    return _STATE["scope"]


@export("name_scope")
class name_scope:
    """Prefix the names of variables created inside with `name/` (TF1 eager semantics)."""

    def __init__(self, name, default_name=None, values=None):
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values
        self._old = None

    def __enter__(self):
        name = self._name
        if name is None and self._values is not None:
            raise ValueError(f"At least one of name ({name}) and default_name "
                             f"({self._default_name}) must be provided.")
        if name and not isinstance(name, str):
            raise ValueError("name for name_scope must be a string.")
        self._old = _STATE["scope"]
        if not name:
            scope = ""
        elif name.endswith("/"):
            scope = name
        else:
            scope = self._old + name + "/"
        _STATE["scope"] = scope
        return scope

    def __exit__(self, *exc):
        _STATE["scope"] = self._old
        return False
