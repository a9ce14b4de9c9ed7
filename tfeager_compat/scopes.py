"""`tf.name_scope` / `tf.variable_scope`: in eager mode they only prefix variable names."""
import contextlib

from .ops.registry import export

_SCOPES = []


def current_name_scope():
    return "".join(scope + "/" for scope in _SCOPES if scope)


@export("name_scope", "variable_scope")
@contextlib.contextmanager
def name_scope(name, default_name=None, values=None, *args, **kwargs):
    """Prefix the names of variables created inside with `name/` (TF1 scopes, eager mode)."""
    scope = name if name is not None else (default_name or "")
    if hasattr(scope, "name"):
        scope = scope.name
    _SCOPES.append(str(scope).rstrip("/"))
    try:
        yield current_name_scope()
    finally:
        _SCOPES.pop()
