"""Array ops: creation, reshape, cast, slicing, shape queries."""
import operator

import jax.numpy as jnp
from jax import lax
import numpy as np

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import to_array, to_tensor
from ..framework.tensor import Tensor, wrap
from .registry import Op, export


def _static_shape(shape, op_name="shape"):
    """A shape argument (list, tuple, TensorShape, int Tensor) as a tuple of ints."""
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    if isinstance(shape, Tensor) or hasattr(shape, "_snapshot"):
        shape = np.asarray(shape).tolist()
    if isinstance(shape, (int, np.integer)):
        shape = [shape]
    return tuple(-1 if d is None else operator.index(d) for d in shape)


def _dtype_or(dtype, default):
    return default if dtype is None else dtypes.as_dtype(dtype)


# ---- creation ------------------------------------------------------------------------------
@export("constant")
def constant(value, dtype=None, shape=None, name=None, verify_shape=False):
    """`tf.constant`: TF's dtype inference; `shape=` reshapes or fills like TF eager."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if isinstance(value, Tensor) or hasattr(value, "_snapshot"):
        tensor = to_tensor(value)
        if dtype is not None and tensor.dtype is not dtype:
            tensor = cast(tensor, dtype)
    else:
        tensor = wrap(to_array(value, dtype))
    if shape is None:
        return tensor
    shape = _static_shape(shape)
    size = int(np.prod(shape))
    array = tensor._array()
    if array.size == size:
        return wrap(array.reshape(shape))
    if array.size == 1:
        return wrap(jnp.broadcast_to(array.reshape(()), shape) if not isinstance(array, np.ndarray)
                    else np.broadcast_to(array.reshape(()), shape).copy())
    raise TypeError(
        f"Eager execution of tf.constant with unsupported shape. Tensor {np.asarray(array)} "
        f"(converted from {value}) has {array.size} elements, but got `shape` {shape} with "
        f"{size} elements).")


@export("zeros")
def zeros(shape, dtype=dtypes.float32, name=None):
    """`tf.zeros` (float32 unless `dtype` says otherwise)."""
    dtype = dtypes.as_dtype(dtype)
    return wrap(jnp.zeros(_static_shape(shape), dtype.as_numpy_dtype))


@export("ones")
def ones(shape, dtype=dtypes.float32, name=None):
    """`tf.ones` (float32 unless `dtype` says otherwise)."""
    dtype = dtypes.as_dtype(dtype)
    return wrap(jnp.ones(_static_shape(shape), dtype.as_numpy_dtype))


@export("fill")
def fill(dims, value, name=None):
    """`tf.fill`: a tensor of shape `dims` filled with `value` (its dtype by TF's rules)."""
    value = to_tensor(value)
    return wrap(jnp.full(_static_shape(dims), value._array()))


@export("range")
def range_(start, limit=None, delta=1, dtype=None, name="range"):
    """`tf.range`: int32 for int arguments, float32 if any is a float (unless `dtype`)."""
    if limit is None:
        start, limit = 0, start
    args = [to_tensor(a) for a in (start, limit, delta)]
    if dtype is None:
        order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]
        dtype = max((a.dtype for a in args), key=lambda d: order.index(d) if d in order else 0)
    dtype = dtypes.as_dtype(dtype)
    values = [a.numpy().item() for a in args]
    if values[2] == 0:
        raise errors.invalid_argument("Requires delta != 0: 0", "Range")
    return wrap(jnp.arange(*values, dtype=dtype.as_numpy_dtype))


def _like(fill_value):
    def like(tensor, dtype=None, name=None, optimize=True):
        tensor = to_tensor(tensor)
        dtype = _dtype_or(dtype, tensor.dtype)
        return wrap(jnp.full(tensor._shape_tuple(), fill_value, dtype.as_numpy_dtype))
    return like


zeros_like = export("zeros_like")(_like(0))
ones_like = export("ones_like")(_like(1))


# ---- shape ops -----------------------------------------------------------------------------
_RESHAPE = Op("Reshape", lambda x, shape: jnp.reshape(x, shape))


@export("reshape", "manip.reshape")
def reshape(tensor, shape, name=None):
    """`tf.reshape`; one dimension may be -1. A size mismatch raises at the call."""
    tensor = to_tensor(tensor)
    shape = _static_shape(shape)
    size = int(np.prod(tensor._shape_tuple()))
    known = int(np.prod([d for d in shape if d != -1]))
    if shape.count(-1) > 1:
        raise errors.invalid_argument(
            f"Only one input size may be -1, not both {shape.index(-1)} and "
            f"{len(shape) - 1 - shape[::-1].index(-1)}", "Reshape")
    if (-1 in shape and (known == 0 or size % known)) or (-1 not in shape and known != size):
        raise errors.invalid_argument(
            f"Input to reshape is a tensor with {size} values, but the requested shape "
            f"{'requires a multiple of' if -1 in shape else 'has'} {known}", "Reshape")
    return execute(_RESHAPE, (tensor,), (("shape", shape),))


_CAST = Op("Cast", lambda x, dtype: (jnp.real(x) if jnp.iscomplexobj(x) and
                                     not jnp.issubdtype(dtype, jnp.complexfloating) else x)
           .astype(dtype))


@export("cast", "dtypes.cast")
def cast(x, dtype, name=None):
    """`tf.cast`: floats to ints truncate toward zero; complex to real keeps the real part."""
    x = to_tensor(x)
    dtype = dtypes.as_dtype(dtype)
    if x.dtype is dtype:
        return x
    if x.dtype.is_string or dtype.is_string:
        raise errors.UnimplementedError(None, None, f"Cast {x.dtype.name} to {dtype.name} is "
                                                    "not supported [Op:Cast]")
    return execute(_CAST, (x,), (("dtype", np.dtype(dtype.as_numpy_dtype)),))


def _cast_to(dtype, names):
    def converter(x, name=None):
        return cast(x, dtype)
    converter.__name__ = names[0]
    converter.__doc__ = f"TF1 `tf.{names[0]}`: `tf.cast(x, tf.{dtype.name})`."
    return export(*names)(converter)


_cast_to(dtypes.float32, ["to_float"])
_cast_to(dtypes.float64, ["to_double"])
_cast_to(dtypes.int32, ["to_int32"])
_cast_to(dtypes.int64, ["to_int64"])

_IDENTITY = Op("Identity", lambda x: x)
STOP_GRADIENT = Op("StopGradient", lax.stop_gradient)


@export("identity")
def identity(input, name=None):
    """`tf.identity`: the same value as a new tensor (differentiable)."""
    return execute(_IDENTITY, (to_tensor(input),))


@export("shape")
def shape(input, name=None, out_type=dtypes.int32):
    """`tf.shape`: the dynamic shape as an int32 tensor."""
    dims = to_tensor(input)._shape_tuple()
    return wrap(jnp.asarray(dims, dtypes.as_dtype(out_type).as_numpy_dtype))


@export("size")
def size(input, name=None, out_type=dtypes.int32):
    """`tf.size`: the number of elements as an int32 tensor."""
    dims = to_tensor(input)._shape_tuple()
    return wrap(jnp.asarray(int(np.prod(dims)), dtypes.as_dtype(out_type).as_numpy_dtype))


@export("rank")
def rank(input, name=None):
    """`tf.rank`: the number of dimensions as an int32 scalar tensor."""
    return wrap(jnp.asarray(to_tensor(input)._rank(), jnp.int32))


# ---- slicing -------------------------------------------------------------------------------
def _index_item(item):
    if item is None:
        return ("newaxis",)
    if item is Ellipsis:
        return ("ellipsis",)
    if isinstance(item, slice):
        return ("slice",) + tuple(None if v is None else operator.index(v)
                                  for v in (item.start, item.stop, item.step))
    return ("index", operator.index(item))


def _rebuild(key):
    out = []
    for item in key:
        kind = item[0]
        out.append(None if kind == "newaxis" else Ellipsis if kind == "ellipsis" else
                   slice(*item[1:]) if kind == "slice" else item[1])
    return tuple(out)


_STRIDED_SLICE = Op("StridedSlice", lambda x, key: x[_rebuild(key)])


def _check_index(key, shape):
    consumed = sum(1 for item in key if item[0] in ("index", "slice"))
    dim = 0
    for item in key:
        if item[0] == "ellipsis":
            dim += len(shape) - consumed
        elif item[0] in ("index", "slice"):
            if dim >= len(shape):
                raise errors.invalid_argument(
                    f"Index out of range using input dim {dim}; input has only "
                    f"{len(shape)} dims", "StridedSlice")
            if item[0] == "index" and not -shape[dim] <= item[1] < shape[dim]:
                raise errors.invalid_argument(
                    f"slice index {item[1]} of dimension {dim} out of bounds.", "StridedSlice")
            if item[0] == "slice" and item[3] == 0:
                raise errors.invalid_argument("strides[0] must be non-zero", "StridedSlice")
            dim += 1


def getitem(tensor, key):
    """`tensor[key]` with TF's slicing: ints, slices, `...`, `tf.newaxis`; a list is a tuple."""
    tensor = to_tensor(tensor)
    if not isinstance(key, tuple):
        key = tuple(key) if isinstance(key, list) else (key,)
    key = tuple(_index_item(item) for item in key)
    _check_index(key, tensor._shape_tuple())
    return execute(_STRIDED_SLICE, (tensor,), (("key", key),))


# ---- helpers used by the tape --------------------------------------------------------------
def _batch_diagonal(j, target_rank):
    return jnp.moveaxis(jnp.diagonal(j, axis1=0, axis2=target_rank), -1, 0)


_BATCH_DIAGONAL = Op("BatchJacobianDiagonal", _batch_diagonal)


def batch_diagonal(jacobian, target_rank):
    """Per-example blocks of a full jacobian of shape (b, y..., b, x...) -> (b, y..., x...)."""
    return execute(_BATCH_DIAGONAL, (jacobian,), (("target_rank", target_rank),))


export("newaxis")(None)
