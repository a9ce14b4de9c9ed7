"""`tf.flags` / `tf.app.flags`: absl.flags, with TF 1.15's two additions.

- `DEFINE_string/boolean/bool/float/integer` also take the old keyword names `flag_name`,
  `default_value` and `docstring` (with a warning on the root logger, as TF's).
- `FLAGS` parses `sys.argv` the first time a flag is read before any parse.

Everything else (flag syntax, `--helpfull`, validators, errors) is absl's own.
"""
import functools
import logging
import sys

from absl import flags as _absl

from ..ops.registry import export

# Flags defined through these wrappers belong to the module that called them (absl skips
# disclaimed modules when it looks for the defining module).
_absl.disclaim_key_flags()

_RENAMED = {"flag_name": "name", "default_value": "default", "docstring": "help"}


def _accepting_old_names(define):
    @functools.wraps(define)
    def wrapper(*args, **kwargs):
        old = [k for k in _RENAMED if k in kwargs]
        for name in old:
            kwargs[_RENAMED[name]] = kwargs.pop(name)
        if old:
            logging.warning("Use of the keyword argument names (flag_name, default_value, "
                            "docstring) is deprecated, please use (name, default, help) "
                            "instead.")
        return define(*args, **kwargs)
    return wrapper


class _FlagValuesWrapper:
    """absl's FLAGS; reading a flag before any parse parses sys.argv first (as TF 1.x)."""

    def __init__(self, flag_values):
        object.__setattr__(self, "_flag_values", flag_values)

    def __getattr__(self, name):
        values = self._flag_values
        if name in values and not values.is_parsed():
            values(sys.argv)
        return getattr(values, name)

    def __setattr__(self, name, value):
        setattr(self._flag_values, name, value)

    def __delattr__(self, name):
        delattr(self._flag_values, name)

    def __dir__(self):
        return dir(self._flag_values)

    def __getitem__(self, name):
        return self._flag_values[name]

    def __setitem__(self, name, flag):
        self._flag_values[name] = flag

    def __contains__(self, name):
        return name in self._flag_values

    def __len__(self):
        return len(self._flag_values)

    def __iter__(self):
        return iter(self._flag_values)

    def __str__(self):
        return str(self._flag_values)

    def __call__(self, *args, **kwargs):
        return self._flag_values(*args, **kwargs)


FLAGS = _FlagValuesWrapper(_absl.FLAGS)
_OWN = {"FLAGS": FLAGS}
for _name in ("DEFINE_string", "DEFINE_boolean", "DEFINE_float", "DEFINE_integer"):
    _OWN[_name] = _accepting_old_names(getattr(_absl, _name))
_OWN["DEFINE_bool"] = _OWN["DEFINE_boolean"]

for _name in _absl.__all__:
    _obj = _OWN.get(_name, getattr(_absl, _name))
    export(f"flags.{_name}")(_obj)  # tf.app.flags is the same namespace (api/namespaces.py)
