"""`tf.convert_to_tensor` and TF's conversion rules, in one place.

TF 1.15 rules matched here:
- Python int -> int32 (int64 when it does not fit), float -> float32, bool -> bool,
  complex -> complex128, str/bytes -> string; nested lists follow the same rules.
- NumPy arrays and scalars keep their dtype (float64 stays float64).
- With a requested dtype, Python and NumPy values are converted to it when TF allows it
  (`Cannot convert 1.5 to EagerTensor of dtype int32` otherwise); a Tensor of another dtype
  is an error, never a silent cast.
- In a binary op a Python or NumPy operand takes the dtype of the tensor operand.
"""
import jax
import jax.numpy as jnp
import numpy as np

from . import dtypes
from .tensor import Tensor, wrap

_INT32_MIN, _INT32_MAX = -2 ** 31, 2 ** 31 - 1
_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1

# type -> function(value, dtype) -> Tensor, for tensor-like classes (Variable registers itself).
_CONVERSIONS = {}


def register_conversion(cls, fn):
    """Make instances of `cls` acceptable wherever a Tensor is (TF's conversion registry)."""
    _CONVERSIONS[cls] = fn


def to_tensor(value, dtype=None):
    """The hot-path conversion used by every op: `value` as a Tensor, `dtype` a DType or None."""
    if type(value) is Tensor:
        if dtype is not None and value.dtype is not dtype:
            raise ValueError(
                f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                f"{value.dtype.name}: {value!r}")
        return value
    convert = _CONVERSIONS.get(type(value))
    if convert is not None:
        return convert(value, dtype)
    if type(value) in _SCALAR_TYPES:
        return wrap(_scalar_array(value, dtype))
    if isinstance(value, Tensor):
        return value
    for cls, convert in _CONVERSIONS.items():
        if isinstance(value, cls):
            return convert(value, dtype)
    return wrap(to_array(value, dtype))


# Python numbers become device arrays once per (value, type, dtype): a host-to-device copy
# costs about 17 us, and hyperparameters (`clip_by_value(x, 0., 1.)`, `one_hot` values, loss
# weights) are converted on every call. Arrays are immutable, and every call still gets a
# Tensor of its own.
_SCALAR_ARRAYS = {}


def _scalar_array(value, dtype):
    key = (value if value else repr(value), type(value), dtype)  # (0.0 == -0.0)
    array = _SCALAR_ARRAYS.get(key)
    if array is None:
        array = to_array(value, dtype)  # raises TF's conversion errors; nothing is cached
        if value == value:  # (NaN never finds itself)
            if len(_SCALAR_ARRAYS) > 4096:
                _SCALAR_ARRAYS.clear()
            _SCALAR_ARRAYS[key] = array
    return array


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, dtype_hint=None):
    """`tf.convert_to_tensor`: a Tensor from a Tensor, Variable, NumPy array or Python value."""
    if dtype is not None:
        return to_tensor(value, dtypes.as_dtype(dtype))
    hint = preferred_dtype if preferred_dtype is not None else dtype_hint
    if hint is not None and not isinstance(value, Tensor):
        try:
            return to_tensor(value, dtypes.as_dtype(hint))
        except (TypeError, ValueError):
            pass
    return to_tensor(value)


def constant_from_numpy(array):
    return wrap(to_array(array))


def to_array(value, dtype=None):
    """A device array (or NumPy bytes array for strings) for a non-Tensor value."""
    if isinstance(value, (np.ndarray, np.generic)):
        array = value
        if dtype is not None and array.dtype != dtype.as_numpy_dtype and not dtype.is_string:
            _check_castable(value, array, dtype)
            array = array.astype(dtype.as_numpy_dtype)
    elif isinstance(value, jax.Array):
        if dtype is not None and value.dtype != dtype.as_numpy_dtype:
            return value.astype(dtype.as_numpy_dtype)
        return value
    else:
        array = _python_to_numpy(value, dtype)
    if array.dtype.kind in "OSU":
        return string_array(array)
    if dtypes.BY_NUMPY.get(array.dtype) is None:
        raise TypeError(f"Cannot convert {value!r} to a Tensor: unsupported type {array.dtype}")
    return jnp.asarray(array)


def _python_to_numpy(value, dtype):
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        value = _tensors_to_numpy(value)
    try:
        natural = np.asarray(value)
    except ValueError:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None
    kind = natural.dtype.kind
    if kind in "SU":  # fixed-width NumPy strings would drop trailing NUL bytes
        return np.array(value, dtype=object)
    if natural.size == 0 and dtype is not None and dtype.is_string:
        return np.empty(natural.shape, dtype=object)
    if kind == "O" and not _all_strings(natural):
        raise ValueError(
            f"Attempt to convert a value ({value!r}) with an unsupported type "
            f"({type(value)}) to a Tensor.")
    if dtype is None:
        if kind == "f" and natural.dtype == np.float64 and not _has_numpy_float64(value):
            return natural.astype(np.float32)
        if kind in "iu" and not _has_numpy_int(value):
            if natural.size and (natural.min() < _INT64_MIN or natural.max() > _INT64_MAX):
                raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
            if natural.size == 0 or (natural.min() >= _INT32_MIN and natural.max() <= _INT32_MAX):
                return natural.astype(np.int32)
            return natural.astype(np.int64)
        if kind == "f" and natural.size == 0:
            return natural.astype(np.float32)
        return natural
    if dtype.is_string:
        if kind not in "OSU":
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype string")
        return natural
    if natural.size:  # an empty list fits any dtype
        _check_castable(value, natural, dtype)
    return natural.astype(dtype.as_numpy_dtype)  # TF wraps out-of-range ints silently


# Which NumPy kinds of a Python value may become which DType (TF refuses float -> int, etc.).
_ALLOWED_KINDS = {"b": "b", "i": "iuf c", "u": "iuf c", "f": "fc", "c": "c", "O": "", "U": "", "S": ""}


def _check_castable(value, natural, dtype):
    target = np.dtype(dtype.as_numpy_dtype).kind
    if dtype.name == "bfloat16":
        target = "f"
    if isinstance(value, (np.ndarray, np.generic)):
        if natural.dtype.kind in "OSU" or (natural.dtype.kind == "c" and target != "c"):
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
        return
    if target not in _ALLOWED_KINDS.get(natural.dtype.kind, ""):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")


def string_array(array):
    """A NumPy object array of `bytes` (TF's string tensor value) from str/bytes items."""
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, item in enumerate(array.reshape(-1)):
        flat[i] = item.encode("utf-8") if isinstance(item, str) else bytes(item)
    return out


def _all_strings(array):
    return all(isinstance(x, (str, bytes)) for x in array.reshape(-1))


def _contains_tensor(seq):
    return any(isinstance(x, Tensor) or type(x) in _CONVERSIONS or
               (isinstance(x, (list, tuple)) and _contains_tensor(x)) for x in seq)


def _tensors_to_numpy(seq):
    return [(_tensors_to_numpy(x) if isinstance(x, (list, tuple)) else
             np.asarray(to_tensor(x)) if isinstance(x, Tensor) or type(x) in _CONVERSIONS else x)
            for x in seq]


def _has_numpy_float64(value):
    if isinstance(value, np.floating):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_numpy_float64(v) for v in value)
    return isinstance(value, np.ndarray) and value.dtype == np.float64


def _has_numpy_int(value):
    if isinstance(value, np.integer):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_numpy_int(v) for v in value)
    return isinstance(value, np.ndarray) and value.dtype.kind in "iu"


# Python scalars met as operands (`x * 2.0`, `v.assign_add(1)`) become device arrays once per
# (value, dtype). Only operands use these shared tensors, so user code never holds (or
# watches) them.
_SCALARS = {}
_SCALAR_TYPES = (int, float, bool)


def operand(value, dtype):
    """`value` as a Tensor of `dtype` to be consumed by an op (a Python scalar's is shared)."""
    if type(value) in _SCALAR_TYPES:
        key = (value, type(value), dtype)
        tensor = _SCALARS.get(key)
        if tensor is None:
            tensor = to_tensor(value, dtype)
            if value or type(value) is not float:  # keep -0.0 and 0.0 apart
                if len(_SCALARS) > 4096:
                    _SCALARS.clear()
                _SCALARS[key] = tensor
        return tensor
    return to_tensor(value, dtype)


def binary_operands(x, y):
    """Convert the operands of a binary op: a non-tensor operand takes the tensor's dtype."""
    if type(x) is Tensor:
        if type(y) is Tensor:
            return x, y
        convert = _CONVERSIONS.get(type(y))  # a Variable: its value, checked against x's dtype
        return x, (convert(y, x.dtype) if convert is not None else operand(y, x.dtype))
    if type(y) is Tensor:
        convert = _CONVERSIONS.get(type(x))
        return (convert(x, y.dtype) if convert is not None else operand(x, y.dtype)), y
    x_is_tensor = isinstance(x, Tensor) or type(x) in _CONVERSIONS
    if x_is_tensor:
        x = to_tensor(x)
        return x, operand(y, x.dtype)
    if isinstance(y, Tensor) or type(y) in _CONVERSIONS:
        y = to_tensor(y)
        return operand(x, y.dtype), y
    x = to_tensor(x)
    return x, to_tensor(y, x.dtype)


def is_tensor_like(x):
    return isinstance(x, Tensor) or type(x) in _CONVERSIONS
