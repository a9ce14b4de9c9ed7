"""Array ops: creation, reshape, cast, slicing, shape queries, and TF1's array manipulation
(transpose, concat/stack/split, pad, gather/scatter, where, one_hot, diagonals, ...).

Most kernels are written once over an array module `xp`: `jnp` for the jitted kernel and
NumPy for the host kernel that string tensors run through (`execute_host`). Fronts validate
from static shapes, and read the values of index-like inputs on the host where TF checks
them (gather bounds, split sizes), so a bad call raises TF's error at the call.
"""
import collections
import functools
import math
import operator

import jax.numpy as jnp
from jax import lax
import numpy as np

from ..autodiff.graph import execute, execute_host
from ..framework import dtypes, errors
from ..framework.convert import (binary_operands, convert_to_tensor, is_tensor_like, to_array,
                                 to_tensor)
from ..framework.tensor import Tensor, wrap
from ..framework.tensor_shape import TensorShape
from .declare import deprecated_alias, kernel_type_name
from .registry import Op, export
from .string_ops import SparseTensor


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


def _op(name, kernel):
    """An Op whose kernel takes `xp`: jax.numpy when jitted, NumPy for string tensors."""
    return Op(name, functools.partial(kernel, xp=jnp),
              host_kernel=functools.partial(kernel, xp=np))


def _run(op, inputs, attrs=()):
    """`execute`, or the op's host kernel when an input is a string tensor."""
    if any(t._aval.dtype.kind in "OSU" for t in inputs):  # a string tensor
        if op.host_kernel is None:
            raise errors.NotFoundError(
                None, None, f"Could not find device for node: {{{{node {op.name}}}}} = "
                            f"{op.name}[T=DT_STRING] [Op:{op.name}]")
        return execute_host(op, inputs, attrs)
    return execute(op, inputs, attrs)


def _host_tensor(array):
    """A Tensor over a NumPy result computed on the host (strings stay NumPy arrays)."""
    array = np.asarray(array)
    return wrap(array if array.dtype == object else jnp.asarray(array))


def _host_int(value):
    """A scalar int argument (axis, depth, ...); a Python float raises TF's TypeError."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    t = to_tensor(value) if is_tensor_like(value) else to_tensor(value, dtypes.int32)
    return int(np.asarray(t.numpy()).reshape(()))


def _axis_values(axis):
    """An axis argument (int, list, NumPy array or Tensor) as a flat list of ints."""
    if isinstance(axis, (int, np.integer)):
        return [int(axis)]
    if isinstance(axis, (list, tuple)) and not axis:
        return []
    t = to_tensor(axis) if is_tensor_like(axis) else to_tensor(axis, dtypes.int32)
    return np.asarray(t.numpy()).reshape(-1).tolist()


def _host_ints(value, op_name, attr, allowed="int32, int64"):
    """An int tensor argument (perm, multiples, paddings, begin...) as a NumPy int64 array;
    TF's attr error for a non-integer one."""
    if hasattr(value, "as_list"):
        value = value.as_list()
    if isinstance(value, (list, tuple)) and not value:
        return np.zeros((0,), np.int64)
    array = np.asarray(to_tensor(value).numpy() if is_tensor_like(value) else value)
    if array.dtype.kind not in "iu":
        raise errors.invalid_argument(
            f"Value for attr '{attr}' of {kernel_type_name(to_tensor(value).dtype)} is not in "
            f"the list of allowed values: {allowed}", op_name)
    return array.astype(np.int64)


def _check_int_dtype(tensor, op_name, attr, allowed):
    """TF's error for an index tensor whose dtype is not in `allowed` (names)."""
    if tensor.dtype.name not in allowed.split(", "):
        raise errors.invalid_argument(
            f"Value for attr '{attr}' of {kernel_type_name(tensor.dtype)} is not in the list "
            f"of allowed values: {allowed}", op_name)


def _dtype_mismatch(op_name, expected, got, index):
    return errors.invalid_argument(
        f"cannot compute {op_name} as input #{index}(zero-based) was expected to be a "
        f"{kernel_type_name(expected)} tensor but is a {kernel_type_name(got)} tensor", op_name)


def _matching_tensors(values, op_name):
    """A list input converted as TF eager converts it: Python values take the dtype of the
    first tensor (or of the first value); tensors of different dtypes raise."""
    values = [to_tensor(v) if is_tensor_like(v) else v for v in values]
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)), None)
    out = []
    for v in values:
        if not isinstance(v, Tensor):
            v = to_tensor(v, dtype)
            dtype = v.dtype if dtype is None else dtype
        out.append(v)
    for i, t in enumerate(out[1:], 1):
        if t.dtype is not out[0].dtype:
            raise _dtype_mismatch(op_name, out[0].dtype, t.dtype, i)
    return out


def _scalar_value(value, dtype, op_name, label, rank_message):
    """A fill value (pad, padding_value) as a Python scalar attribute of `dtype`: like TF,
    no gradient flows to it."""
    if is_tensor_like(value):
        value = to_tensor(value)
        if value.dtype is not dtype:
            raise _dtype_mismatch(op_name, dtype, value.dtype, 2)
    else:
        value = to_tensor(value, dtype)
    if value._rank():
        raise errors.invalid_argument(f"{rank_message}{errors.shape_text(value._shape_tuple())}", op_name)
    return np.asarray(value.numpy()).item()


# ---- creation ------------------------------------------------------------------------------------
@export("constant")
def constant(value, dtype=None, shape=None, name=None, verify_shape=False):
    """`tf.constant`: TF's dtype inference; `shape=` reshapes or fills like TF eager."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if isinstance(value, Tensor) or hasattr(value, "_snapshot"):
        tensor = to_tensor(value)
        if dtype is not None and tensor.dtype is not dtype:
            tensor = cast(tensor, dtype)
    else:
        tensor = to_tensor(value, dtype)
    if shape is None:
        return tensor
    shape = _static_shape(shape)
    size = int(math.prod(shape))
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
    """`tf.zeros` (float32 unless `dtype` says otherwise; empty strings for `tf.string`)."""
    return _filled(_static_shape(shape), 0, dtypes.as_dtype(dtype))


@export("ones")
def ones(shape, dtype=dtypes.float32, name=None):
    """`tf.ones` (float32 unless `dtype` says otherwise)."""
    return _filled(_static_shape(shape), 1, dtypes.as_dtype(dtype))


_FILLED = Op("Fill", lambda shape, value, dtype: jnp.full(shape, value, dtype))


def _check_dims(shape):
    for d in shape:
        if d < 0:
            raise errors.invalid_argument(f"Dimension {d} must be >= 0", "Fill")


def _filled(shape, value, dtype):
    """A tensor of `shape` whose elements are the Python number `value` (one jitted call)."""
    _check_dims(shape)
    if dtype.is_string:
        if value == 0:  # TF's zero string is b""
            return wrap(np.full(shape, b"", object))
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype string")
    return execute(_FILLED, (), (("shape", shape), ("value", value),
                                 ("dtype", np.dtype(dtype.as_numpy_dtype))))


@export("fill")
def fill(dims, value, name=None):
    """`tf.fill`: a tensor of shape `dims` filled with `value` (its dtype by TF's rules)."""
    value, shape = to_tensor(value), _static_shape(dims)
    if value._aval.shape:
        raise errors.invalid_argument(
            f"value must represent a scalar, got shape {errors.shape_text(value._aval.shape)}",
            "Fill")
    _check_dims(shape)
    if value.dtype.is_string:
        return wrap(np.full(shape, value.numpy(), object))
    return execute(_FILL, (value,), (("shape", shape),))


_FILL = Op("Fill", lambda value, shape: jnp.full(shape, value))


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
    start, limit, delta = values
    if delta == 0:
        raise errors.invalid_argument("Requires delta != 0: 0", "Range")
    if (delta > 0 and start > limit) or (delta < 0 and start < limit):
        raise errors.invalid_argument(
            f"Requires start {'<' if delta > 0 else '>'}= limit when delta "
            f"{'>' if delta > 0 else '<'} 0: {start}/{limit}", "Range")
    return execute(_RANGE, (), (("start", values[0]), ("limit", values[1]), ("delta", values[2]),
                                ("dtype", np.dtype(dtype.as_numpy_dtype))))


# jnp.arange's values are TF's (checked with the oracle); jitted, it is one call, not ~100 us
# of op-by-op dispatch.
_RANGE = Op("Range", lambda start, limit, delta, dtype: jnp.arange(start, limit, delta, dtype=dtype))


def _like(fill_value):
    def like(tensor, dtype=None, name=None, optimize=True):
        tensor = to_tensor(tensor)
        return _filled(tensor._shape_tuple(), fill_value, _dtype_or(dtype, tensor.dtype))
    return like


zeros_like = export("zeros_like")(_like(0))
ones_like = export("ones_like")(_like(1))


# ---- shape ops -----------------------------------------------------------------------------------
def _reshape(x, shape, xp):
    return x.reshape(shape)


_RESHAPE = _op("Reshape", _reshape)


@export("reshape", "manip.reshape")
def reshape(tensor, shape, name=None):
    """`tf.reshape`; one dimension may be -1. A size mismatch raises at the call."""
    tensor = to_tensor(tensor)
    shape = _static_shape(shape)
    size = math.prod(tensor._aval.shape)
    known = math.prod([d for d in shape if d != -1])
    if shape.count(-1) > 1:
        raise errors.invalid_argument(
            f"Only one input size may be -1, not both {shape.index(-1)} and "
            f"{len(shape) - 1 - shape[::-1].index(-1)}", "Reshape")
    if (-1 in shape and (known == 0 or size % known)) or (-1 not in shape and known != size):
        raise errors.invalid_argument(
            f"Input to reshape is a tensor with {size} values, but the requested shape "
            f"{'requires a multiple of' if -1 in shape else 'has'} {known}", "Reshape")
    return _run(_RESHAPE, (tensor,), (("shape", shape),))


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

_IDENTITY = Op("Identity", lambda x: x, host_kernel=lambda x: x)
STOP_GRADIENT = Op("StopGradient", lax.stop_gradient)


@export("identity")
def identity(input, name=None):
    """`tf.identity`: the same value as a new tensor (differentiable)."""
    return _run(_IDENTITY, (to_tensor(input),))


@export("shape")
def shape(input, name=None, out_type=dtypes.int32):
    """`tf.shape`: the dynamic shape as an int32 tensor."""
    key = (to_tensor(input)._shape_tuple(), dtypes.as_dtype(out_type))
    array = _SHAPE_ARRAYS.get(key)
    if array is None:  # made once per shape: loops read shapes on every step
        if len(_SHAPE_ARRAYS) > 4096:
            _SHAPE_ARRAYS.clear()
        array = _SHAPE_ARRAYS[key] = jnp.asarray(key[0], key[1].as_numpy_dtype)
    return wrap(array)


_SHAPE_ARRAYS = {}


@export("size")
def size(input, name=None, out_type=dtypes.int32):
    """`tf.size`: the number of elements as an int32 tensor."""
    return to_tensor(math.prod(to_tensor(input)._shape_tuple()), dtypes.as_dtype(out_type))


@export("rank")
def rank(input, name=None):
    """`tf.rank`: the number of dimensions as an int32 scalar tensor."""
    return to_tensor(to_tensor(input)._rank(), dtypes.int32)


# ---- slicing -------------------------------------------------------------------------------------
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


def _strided_slice(x, key):
    return x[_rebuild(key)]


_STRIDED_SLICE = Op("StridedSlice", _strided_slice, host_kernel=_strided_slice)


def _check_index(key, shape):
    consumed = sum(1 for item in key if item[0] in ("index", "slice"))
    dim = 0
    for position, item in enumerate(key):
        if item[0] == "ellipsis":
            dim += len(shape) - consumed
        elif item[0] in ("index", "slice"):
            if dim >= len(shape):
                raise errors.invalid_argument(
                    f"Index out of range using input dim {dim}; input has only "
                    f"{len(shape)} dims", "StridedSlice")
            if item[0] == "index" and not -shape[dim] <= item[1] < shape[dim]:
                index = item[1] + shape[dim] if item[1] < 0 else item[1]
                raise errors.invalid_argument(
                    f"slice index {index} of dimension {dim} out of bounds.", "StridedSlice")
            if item[0] == "slice" and item[3] == 0:
                raise errors.invalid_argument(f"strides[{position}] must be non-zero",
                                              "StridedSlice")
            dim += 1


def getitem(tensor, key):
    """`tensor[key]` with TF's slicing: ints, slices, `...`, `tf.newaxis`; a list is a tuple."""
    tensor = to_tensor(tensor)
    if not isinstance(key, tuple):
        key = tuple(key) if isinstance(key, list) else (key,)
    key = tuple(_index_item(item) for item in key)
    _check_index(key, tensor._shape_tuple())
    return _run(_STRIDED_SLICE, (tensor,), (("key", key),))


# ---- transpose, expand_dims, squeeze -------------------------------------------------------------
def _transpose(x, perm, conjugate, xp):
    return (xp.conj(x) if conjugate else x).transpose(perm)


_TRANSPOSE = _op("Transpose", _transpose)


def _permutation(perm, rank):
    perm = _host_ints(perm, "Transpose", "Tperm").reshape(-1).tolist()
    if len(perm) != rank:
        raise errors.invalid_argument(
            f"transpose expects a vector of size {rank}. But input(1) is a vector of size "
            f"{len(perm)}", "Transpose")
    perm = [p + rank if p < 0 else p for p in perm]
    for p in perm:
        if not 0 <= p < rank:
            raise errors.invalid_argument(f"{p} is out of range [0 .. {rank})", "Transpose")
    for d in range(rank):
        if d not in perm:
            raise errors.invalid_argument(
                f"{d} is missing from {{{','.join(map(str, perm))}}}.", "Transpose")
    return tuple(perm)


@export("transpose")
def transpose(a, perm=None, name="transpose", conjugate=False):
    """`tf.transpose`: `perm` defaults to reversed axes (negative entries count from the end);
    `conjugate=True` also conjugates complex values."""
    a = to_tensor(a)
    rank = a._rank()
    perm = tuple(reversed(range(rank))) if perm is None else _permutation(perm, rank)
    conjugate = bool(conjugate) and a.dtype.is_complex
    return _run(_TRANSPOSE, (a,), (("perm", perm), ("conjugate", conjugate)))


@export("matrix_transpose", "linalg.matrix_transpose", "linalg.transpose")
def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """`tf.linalg.matrix_transpose`: swaps the last two axes of a (batch of) matrices."""
    a = to_tensor(a)
    rank = a._rank()
    if rank < 2:
        raise ValueError("Argument `a` should be a (batch) matrix with rank >= 2.  Received "
                         f"`a` = {a.numpy()} with shape: {tuple(a._shape_tuple())}")
    perm = tuple(range(rank - 2)) + (rank - 1, rank - 2)
    conjugate = bool(conjugate) and a.dtype.is_complex
    return _run(_TRANSPOSE, (a,), (("perm", perm), ("conjugate", conjugate)))


_EXPAND_DIMS = _op("ExpandDims", _reshape)
_SQUEEZE = _op("Squeeze", _reshape)


@export("expand_dims")
def expand_dims(input, axis=None, name=None, dim=None):
    """`tf.expand_dims`: a size-1 axis at `axis` (in [-rank-1, rank]); TF1's `dim` too."""
    axis = deprecated_alias(axis, dim, "axis", "dim")
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    x = to_tensor(input)
    shape = x._shape_tuple()
    axes = _axis_values(axis)
    if len(axes) != 1:
        raise errors.invalid_argument("'dim' must be a tensor with a single value",
                                      "ExpandDims")
    a = axes[0]
    if not -len(shape) - 1 <= a <= len(shape):
        raise errors.invalid_argument(
            f"Tried to expand dim index {a} for tensor with {len(shape)} dimensions.",
            "ExpandDims")
    a = a % (len(shape) + 1)
    return _run(_EXPAND_DIMS, (x,), (("shape", shape[:a] + (1,) + shape[a:]),))


@export("squeeze")
def squeeze(input, axis=None, name=None, squeeze_dims=None):
    """`tf.squeeze`: drops size-1 axes (all of them, or those in `axis`; TF1's
    `squeeze_dims` too); an axis that is not of size 1 raises."""
    axis = deprecated_alias(axis, squeeze_dims, "axis", "squeeze_dims")
    if is_tensor_like(axis):
        raise TypeError(f"Expected list for 'axis' argument to 'squeeze' Op, not {axis!r}.")
    x = to_tensor(input)
    shape = x._shape_tuple()
    rank = len(shape)
    axes = set()
    for a in ([] if axis is None else _axis_values(axis)):
        if not -rank <= a < rank:
            raise errors.invalid_argument(
                f"Tried to squeeze dim index {a} for tensor with {rank} dimensions.", "Squeeze")
        a %= rank
        if shape[a] != 1:
            raise errors.invalid_argument(
                f"Can not squeeze dim[{a}], expected a dimension of 1, got {shape[a]}",
                "Squeeze")
        axes.add(a)
    if axes:
        new_shape = tuple(d for i, d in enumerate(shape) if i not in axes)
    else:
        new_shape = tuple(d for d in shape if d != 1)
    return _run(_SQUEEZE, (x,), (("shape", new_shape),))


# ---- concat, stack, unstack, split, tile ---------------------------------------------------------
_CONCAT = _op("ConcatV2", lambda *xs, axis, xp: xp.concatenate(xs, axis))
_PACK = _op("Pack", lambda *xs, axis, xp: xp.stack(xs, axis))
_UNPACK = _op("Unpack", lambda x, axis, xp: tuple(xp.moveaxis(x, axis, 0)))


@export("concat")
def concat(values, axis, name="concat"):
    """`tf.concat` along `axis`: ranks and the other dimensions must match (TF's messages);
    a single value is returned as is, as TF does."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        return identity(values[0])
    if not values:
        raise errors.invalid_argument(
            "OpKernel 'ConcatV2' has constraint on attr 'T' not in NodeDef '[N=0, "
            "Tidx=DT_INT32]'", "ConcatV2")
    tensors = _matching_tensors(values, "ConcatV2")
    axis = _host_int(axis)
    first = tensors[0]._shape_tuple()
    rank = len(first)
    if not -rank <= axis < rank and not (rank == 0 and axis == 0):
        raise errors.invalid_argument(
            f"ConcatOp : Expected concatenating dimensions in the range [{-rank}, {rank}), "
            f"but got {axis}", "ConcatV2")
    axis = axis % rank if rank else 0
    for i, t in enumerate(tensors[1:], 1):
        shape = t._shape_tuple()
        if len(shape) != rank:
            raise errors.invalid_argument(
                f"ConcatOp : Ranks of all input tensors should match: shape[0] = {errors.shape_text(first)} "
                f"vs. shape[{i}] = {errors.shape_text(shape)}", "ConcatV2")
        for j in range(rank):
            if j != axis and shape[j] != first[j]:
                raise errors.invalid_argument(
                    f"ConcatOp : Dimension {j} in both shapes must be equal: shape[0] = "
                    f"{errors.shape_text(first)} vs. shape[{i}] = {errors.shape_text(shape)}", "ConcatV2")
    if rank == 0:
        raise errors.invalid_argument(
            "ConcatOp : Can't concatenate scalars (use tf.stack instead)", "ConcatV2")
    return _run(_CONCAT, tuple(tensors), (("axis", axis),))


@export("stack")
def stack(values, axis=0, name="stack"):
    """`tf.stack`: packs same-shape tensors along a new `axis`; a list of Python values with
    axis 0 converts as one constant (so `tf.stack([1, 2.])` is float32, as in TF)."""
    axis = _host_int(axis)
    if axis == 0 and (is_tensor_like(values) or not any(map(is_tensor_like, values))):
        return to_tensor(values)
    values = list(values)
    expanded = to_tensor(values[0])._rank() + 1
    if not -expanded <= axis < expanded:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-expanded}, {expanded})")
    tensors = _matching_tensors(values, "Pack")
    first = tensors[0]._shape_tuple()
    for i, t in enumerate(tensors[1:], 1):
        if t._shape_tuple() != first:
            raise errors.invalid_argument(
                f"Shapes of all inputs must match: values[0].shape = {errors.shape_text(first)} != "
                f"values[{i}].shape = {errors.shape_text(t._shape_tuple())}", "Pack")
    return _run(_PACK, tuple(tensors), (("axis", axis % expanded),))


@export("unstack")
def unstack(value, num=None, axis=0, name="unstack"):
    """`tf.unstack`: the list of slices along `axis`; `num`, if given, must match."""
    x = to_tensor(value)
    shape = x._shape_tuple()
    rank = len(shape)
    axis = _host_int(axis)
    if not -rank <= axis < rank:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-rank}, {rank})")
    axis %= rank
    if num is not None and num != shape[axis]:
        raise errors.invalid_argument(
            f"Input shape axis {axis} must equal {num}, got shape {errors.shape_text(shape)}", "Unpack")
    if shape[axis] == 0:
        return []
    return list(_run(_UNPACK, (x,), (("axis", axis),)))


def _split(x, cuts, axis, xp):
    return tuple(xp.split(x, cuts, axis))


_SPLIT = _op("Split", _split)
_SPLIT_V = _op("SplitV", _split)


@export("split")
def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """`tf.split`: into `num_or_size_splits` equal parts, or parts of the given sizes (one
    may be -1); returns a list."""
    x = to_tensor(value)
    shape = x._shape_tuple()
    rank = len(shape)
    if isinstance(num_or_size_splits, (int, np.integer)):
        op, count = _SPLIT, int(num_or_size_splits)
        if count < 1:
            raise errors.invalid_argument(
                f"Value for attr 'num_split' of {count} must be at least minimum 1", op.name)
    else:
        op = _SPLIT_V
        splits = to_tensor(num_or_size_splits)
        if not splits._rank():
            raise ValueError(
                "Rank-0 tensors are not supported as the num_or_size_splits argument to split."
                f" Argument provided: {str(splits)}")
        sizes = _host_ints(splits, op.name, "Tlen")
        expected = sizes.shape[0] if num is None and sizes.ndim else num
        if sizes.ndim != 1 or expected != sizes.size:
            raise errors.invalid_argument(
                "size of the split_tensor must be 1-D and have the same elements as outputs "
                f"got {sizes.ndim} -D and {sizes.size} elements", op.name)
    axis = _host_int(axis)
    if not -rank <= axis < rank:
        raise errors.invalid_argument(
            f"-input rank(-{rank}) <= split_dim < input rank ({rank}), but got {axis}", op.name)
    axis %= rank
    n = shape[axis]
    if op is _SPLIT:
        if n % count:
            raise errors.invalid_argument(
                "Number of ways to split should evenly divide the split dimension, but got "
                f"split_dim {axis} (size = {n}) and num_split {count}", op.name)
        sizes = [n // count] * count
    else:
        sizes = _split_sizes(sizes.tolist(), n)
    cuts = tuple(np.cumsum(sizes)[:-1].tolist())
    return list(_run(op, (x,), (("cuts", cuts), ("axis", axis))))


def _split_sizes(sizes, n):
    unknown = None
    for i, s in enumerate(sizes):
        if s == -1:
            if unknown is not None:
                raise errors.invalid_argument("There can only be one -1 in the input.", "SplitV")
            unknown = i
        elif s < 0:
            raise errors.invalid_argument(
                f"Split size at index {i} must be >= 0. Got: {s}", "SplitV")
    known = sum(s for s in sizes if s != -1)
    if (unknown is None and known != n) or (unknown is not None and known > n):
        raise errors.invalid_argument(
            "Determined shape must either match input shape along split_dim exactly if fully "
            "specified, or be less than the size of the input along split_dim if not fully "
            f"specified.  Got: {known}", "SplitV")
    if unknown is not None:
        sizes[unknown] = n - known
    return sizes


_TILE = _op("Tile", lambda x, multiples, xp: xp.tile(x, multiples))


@export("tile", "manip.tile")
def tile(input, multiples, name=None):
    """`tf.tile`: repeats the tensor `multiples[i]` times along axis i."""
    x = to_tensor(input)
    multiples = _host_ints(multiples, "Tile", "Tmultiples").reshape(-1).tolist()
    if len(multiples) != x._rank():
        raise errors.invalid_argument(
            f"Expected multiples argument to be a vector of length {x._rank()} but got length "
            f"{len(multiples)}", "Tile")
    for i, m in enumerate(multiples):
        if m < 0:
            raise errors.invalid_argument(f"Expected multiples[{i}] >= 0, but got {m}", "Tile")
    return _run(_TILE, (x,), (("multiples", tuple(multiples)),))


# ---- pad -----------------------------------------------------------------------------------------
def _pad(x, paddings, mode, value, xp):
    if not paddings:  # a scalar
        return x
    if mode == "CONSTANT" and x.dtype == object:  # NumPy would pad with np.bytes_ scalars
        out = np.full(tuple(d + b + a for d, (b, a) in zip(x.shape, paddings)), value, object)
        out[tuple(slice(b, b + d) for d, (b, _) in zip(x.shape, paddings))] = x
        return out
    if mode == "CONSTANT":
        return xp.pad(x, paddings, constant_values=value)
    return xp.pad(x, paddings, mode=mode.lower())


_PAD = _op("Pad", _pad)
_PAD_V2 = _op("PadV2", _pad)
_MIRROR_PAD = _op("MirrorPad", _pad)


@export("pad")
def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """`tf.pad` with `paddings[i] = [before, after]`; mode CONSTANT (with `constant_values`),
    REFLECT or SYMMETRIC (any case), with TF's bounds on mirrored padding."""
    x = to_tensor(tensor)
    mode_name = mode.upper()
    if mode_name not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", '
                         f'"REFLECT", or "SYMMETRIC". Received `mode` = {mode}')
    if mode_name != "CONSTANT":
        op = _MIRROR_PAD
    elif (not is_tensor_like(constant_values) and np.ndim(constant_values) == 0
          and not isinstance(constant_values, (str, bytes)) and constant_values == 0):
        op = _PAD
    else:
        op = _PAD_V2
    pads = _host_ints(paddings, op.name, "Tpaddings")
    shape = x._shape_tuple()
    if pads.ndim != 2 or pads.shape[1] != 2:
        raise errors.invalid_argument(
            f"paddings must be a matrix with 2 columns: {errors.shape_text(pads.shape)}", op.name)
    if pads.shape[0] != len(shape):
        sep = ", " if op is _MIRROR_PAD else " "
        raise errors.invalid_argument(
            "The first dimension of paddings must be the rank of inputs"
            f"{errors.shape_text(pads.shape)}{sep}{errors.shape_text(shape)}", op.name)
    for (before, after), dim in zip(pads.tolist(), shape):
        if before < 0 or after < 0:
            word = "paddings" if op is _MIRROR_PAD else "Paddings"
            raise errors.invalid_argument(f"{word} must be non-negative: {before} {after}",
                                          op.name)
        if mode_name == "REFLECT" and (before >= dim or after >= dim):
            raise errors.invalid_argument(
                "paddings must be less than the dimension size: "
                f"{before}, {after} not less than {dim}", op.name)
        if mode_name == "SYMMETRIC" and (before > dim or after > dim):
            raise errors.invalid_argument(
                "paddings must be no greater than the dimension size: "
                f"{before}, {after} greater than {dim}", op.name)
    if op is _PAD_V2:
        value = _scalar_value(constant_values, x.dtype, op.name, "constant_values",
                              "constant_values must be a scalar. Found: ")
    else:
        value = b"" if x.dtype.is_string else 0
    attrs = (("paddings", tuple(map(tuple, pads.tolist()))), ("mode", mode_name),
             ("value", value))
    return _run(op, (x,), attrs)


# ---- gather, gather_nd, scatter_nd, boolean_mask -------------------------------------------------
def _batch_grids(shape, batch_dims, rank, xp):
    """Index arrays for the leading `batch_dims` axes, broadcastable against `rank` dims."""
    return tuple(xp.arange(shape[k]).reshape((1,) * k + (-1,) + (1,) * (rank - k - 1))
                 for k in range(batch_dims))


def _gather(params, indices, axis, batch_dims, xp):
    if not batch_dims:
        return xp.take(params, indices, axis=axis)
    moved = xp.moveaxis(params, axis, batch_dims)
    out = moved[_batch_grids(params.shape, batch_dims, indices.ndim, xp) + (indices,)]
    # out: batch + indices' own axes + params axes between batch and axis + the rest
    n_idx, n_mid = indices.ndim - batch_dims, axis - batch_dims
    perm = (list(range(batch_dims)) + [batch_dims + n_idx + j for j in range(n_mid)]
            + [batch_dims + j for j in range(n_idx)]
            + list(range(batch_dims + n_idx + n_mid, out.ndim)))
    return out.transpose(perm)


_GATHER = _op("GatherV2", _gather)
_INDEX_TYPES = "int16, int32, int64"


def _first_bad(values, bounds):
    """Position (tuple) and value of the first entry of `values` outside [0, bounds)."""
    bad = np.argwhere((values < 0) | (values >= bounds))
    if not len(bad):
        return None
    pos = tuple(bad[0].tolist())
    return pos, values[pos]


@export("gather")
def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """`tf.gather` along `axis` (with `batch_dims`); an index outside [0, dim) raises TF's
    InvalidArgumentError (checked on the host: JAX would clamp)."""
    p, i = to_tensor(params), to_tensor(indices)
    _check_int_dtype(i, "GatherV2", "Tindices", _INDEX_TYPES)
    pshape, ishape = p._shape_tuple(), i._shape_tuple()
    batch_dims = _host_int(batch_dims)
    if batch_dims < 0:
        batch_dims += len(ishape)
    axis = batch_dims if axis is None else _host_int(axis)
    rank = len(pshape)
    if rank == 0:
        raise errors.invalid_argument("params must be at least 1 dimensional", "GatherV2")
    if not -rank <= axis < rank:
        raise errors.invalid_argument(
            f"Shape must be at least rank {axis + 1 if axis >= 0 else -axis} but is rank {rank}",
            "GatherV2")
    axis %= rank
    if batch_dims:
        if batch_dims > len(ishape):
            raise errors.invalid_argument(
                f"batch_dims ({batch_dims}) must be less than or equal to rank(indices) "
                f"({len(ishape)}).", "GatherV2")
        if batch_dims > axis:
            raise errors.invalid_argument(
                f"batch_dims ({batch_dims}) must be less than or equal to axis ({axis}).",
                "GatherV2")
        for d in range(batch_dims):
            if pshape[d] != ishape[d]:
                raise errors.invalid_argument(
                    f"params.shape[{d}]: {pshape[d]} should be equal to indices.shape[{d}]: "
                    f"{ishape[d]}", "GatherV2")
    bad = _first_bad(np.asarray(i.numpy()), pshape[axis])
    if bad is not None:
        where = f"[{','.join(map(str, bad[0]))}]" if ishape else ""
        raise errors.invalid_argument(
            f"indices{where} = {bad[1]} is not in [0, {pshape[axis]})", "GatherV2")
    return _run(_GATHER, (p, i), (("axis", axis), ("batch_dims", batch_dims)))


@export("batch_gather")
def batch_gather(params, indices, name=None):
    """TF1 `tf.batch_gather`: `tf.gather(params, indices, batch_dims=rank(indices) - 1)`."""
    i = to_tensor(indices)
    return gather(params, i, batch_dims=i._rank() - 1)


def _gather_nd(params, indices, batch_dims, xp):
    depth = indices.shape[-1]
    lead = indices.shape[:-1]
    if depth == 0 and not batch_dims:
        return xp.broadcast_to(params, lead + params.shape)
    key = (_batch_grids(params.shape, batch_dims, len(lead), xp)
           + tuple(indices[..., j] for j in range(depth)))
    out = params[key]
    return xp.broadcast_to(out, lead + params.shape[batch_dims + depth:])


_GATHER_ND = _op("GatherNd", _gather_nd)


@export("gather_nd", "manip.gather_nd")
def gather_nd(params, indices, name=None, batch_dims=0):
    """`tf.gather_nd`: the last axis of `indices` indexes into `params` (after `batch_dims`
    batch axes); an index outside `params` raises TF's InvalidArgumentError."""
    p, i = to_tensor(params), to_tensor(indices)
    _check_int_dtype(i, "GatherNd", "Tindices", _INDEX_TYPES)
    pshape, ishape = p._shape_tuple(), i._shape_tuple()
    if not ishape:
        raise errors.invalid_argument("indices must be at least a vector", "GatherNd")
    batch_dims = _host_int(batch_dims)
    if batch_dims >= len(ishape):
        raise ValueError(f"Argument `batch_dims` = {batch_dims} must be less than "
                         f"rank(`indices`) = {len(ishape)}")
    if not pshape:
        raise errors.invalid_argument("params must be at least a vector", "GatherNd")
    depth = ishape[-1]
    if depth > len(pshape) - batch_dims:
        raise errors.invalid_argument(
            "index innermost dimension length must be <= params rank; saw: "
            f"{depth} vs. {len(pshape)}", "GatherNd")
    for d in range(batch_dims):
        if pshape[d] != ishape[d]:
            raise errors.invalid_argument(
                f"Batch dimensions of params and indices must match: params.shape[{d}] = "
                f"{pshape[d]} vs. indices.shape[{d}] = {ishape[d]}", "GatherNd")
    values = np.asarray(i.numpy())
    bounds = np.asarray(pshape[batch_dims:batch_dims + depth], np.int64)
    bad = np.argwhere(((values < 0) | (values >= bounds)).any(axis=-1)) if values.size else []
    if len(bad):
        pos = tuple(bad[0].tolist())
        full = list(pos[:batch_dims]) + values[pos].tolist()
        raise errors.invalid_argument(
            f"indices[{','.join(map(str, pos))}] = [{', '.join(map(str, full))}] does not "
            f"index into param shape {errors.shape_text(pshape)}, node name: GatherNd", "GatherNd")
    return _run(_GATHER_ND, (p, i), (("batch_dims", batch_dims),))


def _scatter_nd(indices, updates, shape):
    key = tuple(indices[..., j] for j in range(indices.shape[-1]))
    if updates.dtype == jnp.bool_:  # TF adds bools: duplicates OR together
        counts = jnp.zeros(shape, jnp.int32).at[key].add(updates.astype(jnp.int32))
        return counts > 0
    return jnp.zeros(shape, updates.dtype).at[key].add(updates)


def _scatter_nd_host(indices, updates, shape):
    indices, updates = np.asarray(indices), np.asarray(updates)
    out = np.full(shape, b"", object)  # strings: duplicates concatenate, as TF's add
    np.add.at(out, tuple(indices[..., j] for j in range(indices.shape[-1])), updates)
    return out


_SCATTER_ND = Op("ScatterNd", _scatter_nd, host_kernel=_scatter_nd_host)


@export("scatter_nd", "manip.scatter_nd")
def scatter_nd(indices, updates, shape, name=None):
    """`tf.scatter_nd`: `updates` added into zeros of `shape` at `indices` (duplicates sum);
    TF's shape checks, and out-of-range indices raise."""
    i, u = to_tensor(indices), to_tensor(updates)
    _check_int_dtype(i, "ScatterNd", "Tindices", _INDEX_TYPES)
    if is_tensor_like(shape) and to_tensor(shape).dtype is not i.dtype:
        raise _dtype_mismatch("ScatterNd", i.dtype, to_tensor(shape).dtype, 2)
    shape = tuple(_host_ints(shape, "ScatterNd", "Tindices", _INDEX_TYPES).reshape(-1).tolist())
    for d in shape:
        if d < 0:
            raise errors.invalid_argument(f"Dimension {d} must be >= 0", "ScatterNd")
    ishape, ushape = i._shape_tuple(), u._shape_tuple()
    if not ishape:
        raise errors.invalid_argument(
            f"Indices shape must have rank at least one. Found:{errors.shape_text(ishape)}", "ScatterNd")
    _check_scatter_shapes(ishape, ushape, shape)
    values = np.asarray(i.numpy())
    bounds = np.asarray(shape[:ishape[-1]], np.int64)
    bad = np.argwhere(((values < 0) | (values >= bounds)).any(axis=-1)) if values.size else []
    if len(bad):
        pos = tuple(bad[0].tolist())
        raise errors.invalid_argument(
            f"indices[{','.join(map(str, pos))}] = [{', '.join(map(str, values[pos].tolist()))}]"
            f" does not index into shape {errors.shape_text(shape)}", "ScatterNd")
    return _run(_SCATTER_ND, (i, u), (("shape", shape),))


def _check_scatter_shapes(ishape, ushape, shape):
    slice_dim, batch_dim = ishape[-1], len(ishape) - 1
    prefix = errors.invalid_argument(
        f"Dimensions [0,{batch_dim}) of indices[shape={errors.shape_text(ishape)}] must match dimensions "
        f"[0,{batch_dim}) of updates[shape={errors.shape_text(ushape)}]", "ScatterNd")
    suffix = errors.invalid_argument(
        f"Dimensions [{slice_dim},{len(shape)}) of input[shape={errors.shape_text(shape)}] must match "
        f"dimensions [{batch_dim},{len(ushape)}) of updates[shape={errors.shape_text(ushape)}]", "ScatterNd")
    if len(ushape) < batch_dim:
        raise prefix
    if (len(shape) < slice_dim + len(ushape) - batch_dim
            or len(ushape) != batch_dim + len(shape) - slice_dim):
        raise suffix
    if ushape[:batch_dim] != ishape[:batch_dim]:
        raise prefix
    if ushape[batch_dim:] != shape[slice_dim:]:
        raise suffix


@export("boolean_mask")
def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """`tf.boolean_mask`: the entries (along `axis`) where `mask` is true; the mask's shape
    must match the tensor's dimensions at `axis` (TF's ValueError otherwise). Computed as a
    gather of host-found positions, so gradients flow to `tensor`."""
    t, m = to_tensor(tensor), to_tensor(mask)
    shape, mshape = t._shape_tuple(), m._shape_tuple()
    if not mshape:
        raise ValueError("mask cannot be scalar.")
    axis = 0 if axis is None else _host_int(axis)
    part = shape[axis:axis + len(mshape)]
    if part != mshape:
        raise ValueError(f"Shapes {part} and {mshape} are incompatible")
    axis %= len(shape)
    flat_shape = shape[:axis] + (int(math.prod(mshape)),) + shape[axis + len(mshape):]
    flat = _run(_RESHAPE, (t,), (("shape", flat_shape),))
    positions = wrap(jnp.asarray(np.flatnonzero(np.asarray(m.numpy())), jnp.int64))
    return _run(_GATHER, (flat, positions), (("axis", axis), ("batch_dims", 0)))


# ---- where ---------------------------------------------------------------------------------------
def _where_indices(condition):
    c = to_tensor(condition)
    if c.dtype.is_string:
        raise errors.invalid_argument(
            "Value for attr 'T' of string is not in the list of allowed values: float, double, "
            "int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, "
            "qint16, quint16, uint16, complex128, half, uint32, uint64, bool", "Where")
    if c._rank() == 0:
        raise errors.invalid_argument("WhereOp : Unhandled input dimensions: 0", "Where")
    return wrap(jnp.asarray(np.argwhere(np.asarray(c.numpy())), jnp.int64))


def _where_operands(condition, x, y, op_name):
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    cond = to_tensor(condition, dtypes.bool_)
    x, y = binary_operands(x, y)
    if x.dtype is not y.dtype:
        raise _dtype_mismatch(op_name, x.dtype, y.dtype, 2)
    return cond, x, y


def _select(cond, x, y, xp):
    if cond.ndim == 1 and x.ndim > 1:  # TF1: a vector condition picks whole rows
        cond = cond.reshape(cond.shape + (1,) * (x.ndim - 1))
    return xp.where(cond, x, y)


_SELECT = _op("Select", _select)
_SELECT_V2 = _op("SelectV2", lambda cond, x, y, xp: xp.where(cond, x, y))


@export("where")
def where(condition, x=None, y=None, name=None):
    """TF1 `tf.where`: with one argument, the int64 coordinates of the true (non-zero)
    entries; with three, elements of `x` where `condition` else of `y`, where `condition` is
    a scalar, has the shape of `x`, or is a vector matching `x`'s first dimension."""
    if x is None and y is None:
        return _where_indices(condition)
    cond, x, y = _where_operands(condition, x, y, "Select")
    cs, xs, ys = cond._shape_tuple(), x._shape_tuple(), y._shape_tuple()
    if not cs or (len(cs) == 1 and len(xs) != 1):
        if cs and not xs:
            raise errors.invalid_argument(
                f"'then' must be at least a vector, but saw shape: {errors.shape_text(xs)}", "Select")
        if cs and xs[0] != cs[0]:
            raise errors.invalid_argument(
                "Number of batches of 'then' must match size of 'cond', but saw: "
                f"{xs[0]} vs. {cs[0]}", "Select")
        if xs != ys:
            raise errors.invalid_argument(
                "'then' and 'else' must have the same size.  but received: "
                f"{errors.shape_text(xs)} vs. {errors.shape_text(ys)}", "Select")
    else:
        for i, s in ((1, xs), (2, ys)):
            if s != cs:
                raise errors.invalid_argument(
                    "Inputs to operation Select of type Select must have the same size and "
                    f"shape.  Input 0: {errors.shape_text(cs)} != input {i}: {errors.shape_text(s)}", "Select")
    return _run(_SELECT, (cond, x, y))


@export("where_v2")
def where_v2(condition, x=None, y=None, name=None):
    """`tf.where_v2`: like `tf.where`, with `condition`, `x` and `y` broadcast together."""
    if x is None and y is None:
        return _where_indices(condition)
    cond, x, y = _where_operands(condition, x, y, "SelectV2")
    shapes = (cond._shape_tuple(), x._shape_tuple(), y._shape_tuple())
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise errors.invalid_argument(
            f"condition {errors.shape_text(shapes[0])}, then {errors.shape_text(shapes[1])}, and else "
            f"{errors.shape_text(shapes[2])} must be broadcastable", "SelectV2") from None
    return _run(_SELECT_V2, (cond, x, y))


# ---- one_hot, shape_n, eye -----------------------------------------------------------------------
def _one_hot(indices, depth, axis, on, off, dtype, xp):
    hot = indices.astype(np.int64)[..., None] == xp.arange(depth, dtype=np.int64)
    out = xp.where(hot, xp.asarray(on, dtype), xp.asarray(off, dtype))
    return out if axis == -1 else xp.moveaxis(out, -1, axis)


_ONE_HOT = _op("OneHot", _one_hot)


@export("one_hot")
def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """`tf.one_hot`: `on_value` where the index equals the position along the new `axis`
    (last by default), `off_value` elsewhere (out-of-range indices give all `off_value`).
    The dtype comes from `dtype`, else from `on_value`/`off_value`, else float32."""
    i = to_tensor(indices)
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    on = None if on_value is None else convert_to_tensor(on_value, dtype_hint=dtype)
    off = None if off_value is None else convert_to_tensor(off_value, dtype_hint=dtype)
    if dtype is not None:
        for value, label in ((on, "on_value"), (off, "off_value")):
            if value is not None and value.dtype is not dtype:
                raise TypeError(f"dtype {value.dtype} of {label} does not match dtype parameter "
                                f"{dtype}")
    elif on is not None or off is not None:
        dtype = (on if on is not None else off).dtype
    dtype = dtypes.float32 if dtype is None else dtype
    if on is not None and off is not None and on.dtype is not off.dtype:
        raise TypeError(f"dtype {on.dtype} of on_value does not match dtype {off.dtype} of "
                        "off_value")
    on = to_tensor(1, dtype) if on is None else on
    off = to_tensor(0, dtype) if off is None else off
    _check_int_dtype(i, "OneHot", "TI", "uint8, int8, int32, int64")
    rank = i._rank()
    axis = -1 if axis is None else _host_int(axis)
    if axis != -1 and not 0 <= axis <= rank:
        raise errors.invalid_argument(
            f"Expected axis to be -1 or between [0, {rank + 1}).  But received: {axis}", "OneHot")
    on, off = (_scalar_value(v, dtype, "OneHot", label, f"{label} must be a scalar, but got: ")
               for v, label in ((on, "on_value"), (off, "off_value")))
    depth = _host_int(depth)
    if depth < 0:
        raise errors.invalid_argument(f"depth must be non-negative, got: {depth}", "OneHot")
    attrs = (("depth", depth), ("axis", axis), ("on", on), ("off", off),
             ("dtype", np.dtype(dtype.as_numpy_dtype)))
    if dtype.is_string:  # string on/off values: the NumPy kernel builds the output
        return execute_host(_ONE_HOT, (i,), attrs)
    return _run(_ONE_HOT, (i,), attrs)


@export("shape_n")
def shape_n(input, out_type=dtypes.int32, name=None):
    """`tf.shape_n`: the shapes of a list of same-dtype tensors, as int32 (or int64) vectors."""
    out_type = dtypes.as_dtype(out_type)
    if out_type is not dtypes.int32 and out_type is not dtypes.int64:
        raise errors.invalid_argument(
            f"Value for attr 'out_type' of {kernel_type_name(out_type)} is not in the list of "
            "allowed values: int32, int64", "ShapeN")
    if not len(input):
        raise errors.invalid_argument("Value for attr 'N' of 0 must be at least minimum 1",
                                      "ShapeN")
    tensors = _matching_tensors(input, "ShapeN")
    return [wrap(jnp.asarray(t._shape_tuple(), out_type.as_numpy_dtype)) for t in tensors]


@export("eye", "linalg.eye")
def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """`tf.eye`: an identity matrix (`num_rows` x `num_columns`), tiled over `batch_shape`."""
    dtype = dtypes.as_dtype(dtype)
    rows = _host_int(num_rows)
    cols = rows if num_columns is None else _host_int(num_columns)
    shape = (() if batch_shape is None else _static_shape(batch_shape)) + (rows, cols)
    _check_dims(shape)
    return execute(_EYE, (), (("shape", shape), ("dtype", np.dtype(dtype.as_numpy_dtype))))


_EYE = Op("Eye", lambda shape, dtype: jnp.broadcast_to(jnp.eye(shape[-2], shape[-1], dtype=dtype),
                                                       shape))


# ---- diagonals and bands -------------------------------------------------------------------------
def _diag(d):
    n = d.size
    return jnp.diag(d.reshape(n)).reshape(d.shape + d.shape)


def _diag_part(x):
    half = x.shape[:x.ndim // 2]
    n = int(math.prod(half))
    return jnp.diagonal(x.reshape(n, n)).reshape(half)


_DIAG = Op("Diag", _diag)
_DIAG_PART = Op("DiagPart", _diag_part)


@export("diag", "linalg.tensor_diag")
def diag(diagonal, name=None):
    """TF1 `tf.diag`: a tensor of shape `s + s` with `diagonal` (shape `s`) on its diagonal."""
    d = to_tensor(diagonal)
    if not d._rank():
        raise errors.invalid_argument("Input must be at least rank 1, got 0", "Diag")
    return _run(_DIAG, (d,))


@export("diag_part", "linalg.tensor_diag_part")
def diag_part(input, name=None):
    """TF1 `tf.diag_part`: the inverse of `tf.diag` for a tensor of shape `s + s`."""
    x = to_tensor(input)
    shape = x._shape_tuple()
    half = len(shape) // 2
    if not shape or len(shape) % 2:
        raise errors.invalid_argument(
            "The rank of the tensor should be" + " " * 42 + "even and positive, got shape "
            f"{errors.shape_text(shape)}", "DiagPart")
    for i in range(half):
        if shape[i] != shape[i + half]:
            raise errors.invalid_argument(
                f"Invalid shape {errors.shape_text(shape)}: dimensions {i} and {i + half} do not match.",
                "DiagPart")
    return _run(_DIAG_PART, (x,))


_ALIGNS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def _diagonal_layout(rows, cols, k_lo, k_hi, width, align):
    """Where TF packs diagonals k_hi..k_lo of a rows x cols matrix into rows of `width`:
    (diagonal d, row, column, valid) arrays of shape (num_diags, width)."""
    d = np.arange(k_hi, k_lo - 1, -1)[:, None]
    length = np.minimum(rows + np.minimum(d, 0), cols - np.maximum(d, 0))
    sup, sub = align.split("_")
    left = ((d >= 0) & (sup == "LEFT")) | ((d <= 0) & (sub == "LEFT"))
    i = np.arange(width)[None, :] - np.where(left, 0, width - length)
    valid = (i >= 0) & (i < length)
    i = np.where(valid, i, 0)
    return d, i - np.minimum(d, 0), i + np.maximum(d, 0), valid


def _matrix_diag_part(x, k, align, pad, xp):
    rows, cols = x.shape[-2:]
    width = max(0, min(rows + min(k[1], 0), cols - max(k[0], 0)))
    _, r, c, valid = _diagonal_layout(rows, cols, k[0], k[1], width, align)
    out = xp.where(valid, x[..., r, c], pad)
    return out[..., 0, :] if k[0] == k[1] else out


def _matrix_diag(d, k, rows, cols, align, pad, xp):
    width = d.shape[-1]
    count = k[1] - k[0] + 1
    flat = d.reshape(d.shape[:-1 if k[0] == k[1] else -2] + (count * width,))
    dd, r, c, valid = _diagonal_layout(rows, cols, k[0], k[1], width, align)
    slot = np.full((rows, cols), -1, np.int64)  # position of each matrix entry in `flat`
    slot[r[valid], c[valid]] = ((k[1] - dd) * width + np.arange(width))[valid]
    out = xp.take(flat, np.maximum(slot, 0), axis=-1)
    return xp.where(slot >= 0, out, pad)


_MATRIX_DIAG_PART = _op("MatrixDiagPartV3", _matrix_diag_part)
_MATRIX_DIAG = _op("MatrixDiagV3", _matrix_diag)


def _diag_args(k, align, padding_value, x, op_name):
    k = _host_ints(k, op_name, "k").reshape(-1).tolist()
    if len(k) not in (1, 2):
        raise errors.invalid_argument(
            f"diag_index must have only one or two elements, received {len(k)} elements.",
            op_name)
    if align not in _ALIGNS:
        raise errors.invalid_argument(
            f"Value for attr 'align' of \"{align}\" is not in the list of allowed values: "
            + ", ".join(f'"{a}"' for a in _ALIGNS), op_name)
    pad = _scalar_value(padding_value, x.dtype, op_name, "padding_value",
                        "padding_value must be a scalar, received shape: ")
    return (k[0], k[-1]), pad


@export("matrix_diag", "linalg.diag")
def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
                align="RIGHT_LEFT"):
    """`tf.linalg.diag`: (batched) matrices with `diagonal` on diagonal `k` (or the band
    `k = (lower, upper)`, packed as `align` says), `padding_value` elsewhere."""
    d = to_tensor(diagonal)
    (k_lo, k_hi), pad = _diag_args(k, align, padding_value, d, "MatrixDiagV3")
    shape = d._shape_tuple()
    if not shape:
        raise errors.invalid_argument(
            f"diagonal must be at least 1-dim, received shape: {errors.shape_text(shape)}", "MatrixDiagV3")
    if k_lo > k_hi:
        raise errors.invalid_argument(
            f"lower_diag_index must not be larger than upper_diag_index: {k_lo} > {k_hi}",
            "MatrixDiagV3")
    if k_lo != k_hi and (len(shape) < 2 or shape[-2] != k_hi - k_lo + 1):
        raise errors.invalid_argument(
            "The number of diagonals provided in the input does not match the "
            "lower_diag_index and upper_diag_index range.", "MatrixDiagV3")
    width = shape[-1]
    min_rows, min_cols = width - min(k_hi, 0), width + max(k_lo, 0)
    rows, cols = _host_int(num_rows), _host_int(num_cols)
    if rows != -1 and rows < min_rows:
        raise errors.invalid_argument("The number of rows is too small.", "MatrixDiagV3")
    if cols != -1 and cols < min_cols:
        raise errors.invalid_argument("The number of columns is too small.", "MatrixDiagV3")
    if rows == -1 and cols == -1:
        rows = cols = max(min_rows, min_cols)
    rows = min_rows if rows == -1 else rows
    cols = min_cols if cols == -1 else cols
    if rows != min_rows and cols != min_cols:
        raise errors.invalid_argument(
            "The number of rows or columns is not consistent with the specified d_lower, "
            "d_upper, and diagonal.", "MatrixDiagV3")
    attrs = (("k", (k_lo, k_hi)), ("rows", rows), ("cols", cols), ("align", align),
             ("pad", pad))
    return _run(_MATRIX_DIAG, (d,), attrs)


@export("matrix_diag_part", "linalg.diag_part")
def matrix_diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """`tf.linalg.diag_part`: diagonal `k` of (batched) matrices, or the band
    `k = (lower, upper)` packed as `align` says and padded with `padding_value`."""
    x = to_tensor(input)
    (k_lo, k_hi), pad = _diag_args(k, align, padding_value, x, "MatrixDiagPartV3")
    shape = x._shape_tuple()
    if len(shape) < 2:
        raise errors.invalid_argument(
            f"input must be at least 2-dim, received shape: {errors.shape_text(shape)}", "MatrixDiagPartV3")
    rows, cols = shape[-2:]
    for label, index in (("lower", k_lo), ("upper", k_hi)):
        if not (-rows < index < cols or index == 0):
            raise errors.invalid_argument(
                f"{label}_diag_index is out of bound: {index}. It must be between {-rows} and "
                f"{cols}", "MatrixDiagPartV3")
    if k_lo > k_hi:
        raise errors.invalid_argument(
            f"lower_diag_index must not be larger than upper_diag_index: {k_lo} > {k_hi}",
            "MatrixDiagPartV3")
    attrs = (("k", (k_lo, k_hi)), ("align", align), ("pad", pad))
    return _run(_MATRIX_DIAG_PART, (x,), attrs)


def _band_part(x, lower, upper):
    r = np.arange(x.shape[-2])[:, None]
    c = np.arange(x.shape[-1])[None, :]
    keep = ((lower < 0) | (r - c <= lower)) & ((upper < 0) | (c - r <= upper))
    return jnp.where(keep, x, jnp.zeros((), x.dtype))


_BAND_PART = Op("MatrixBandPart", _band_part)


@export("matrix_band_part", "linalg.band_part")
def matrix_band_part(input, num_lower, num_upper, name=None):
    """`tf.linalg.band_part`: keeps `num_lower` sub- and `num_upper` superdiagonals (all of
    them when negative) of (batched) matrices, zeroing the rest."""
    x = to_tensor(input)
    shape = x._shape_tuple()
    if len(shape) < 2:
        raise errors.invalid_argument(
            f"input must be at least 2-dim, received shape: {errors.shape_text(shape)}", "MatrixBandPart")
    lower, upper = _host_int(num_lower), _host_int(num_upper)
    if lower > shape[-2]:
        raise errors.invalid_argument(
            "num_lower must be negative or less or equal to number of rows "
            f"({shape[-2]}) got: {lower}", "MatrixBandPart")
    if upper > shape[-1]:
        raise errors.invalid_argument(
            "num_upper must be negative or less or equal to number of columns "
            f"({shape[-1]}) got: {upper}", "MatrixBandPart")
    return _run(_BAND_PART, (x,), (("lower", lower), ("upper", upper)))


# ---- reverse, reverse_sequence, slice, strided_slice ---------------------------------------------
_REVERSE = _op("ReverseV2", lambda x, axes, xp: xp.flip(x, axes))


@export("reverse", "reverse_v2", "manip.reverse")
def reverse(tensor, axis, name=None):
    """`tf.reverse`: flips the axes listed in `axis` (a list; negative entries allowed)."""
    x = to_tensor(tensor)
    rank = x._rank()
    axes = _host_ints(axis, "ReverseV2", "Tidx")
    if axes.ndim != 1:
        raise errors.invalid_argument(f"'dims' must be 1-dimension, not {axes.ndim}",
                                      "ReverseV2")
    seen = []
    for i, a in enumerate(axes.tolist()):
        if not -rank <= a < rank:
            raise errors.invalid_argument(
                f"'axis'[{i}] = {a} is out of valid range [0, {rank - 1}", "ReverseV2")
        a %= rank
        if a in seen:
            raise errors.invalid_argument(f"axis {a} specified more than once.", "ReverseV2")
        seen.append(a)
    return _run(_REVERSE, (x,), (("axes", tuple(sorted(seen))),))


def _reverse_sequence(x, lengths, seq_axis, batch_axis, xp):
    def along(v, axis):
        return v.reshape(tuple(-1 if d == axis else 1 for d in range(x.ndim)))
    position = along(xp.arange(x.shape[seq_axis], dtype=np.int64), seq_axis)
    lengths = along(lengths.astype(np.int64), batch_axis)
    source = xp.where(position < lengths, lengths - 1 - position, position)
    return xp.take_along_axis(x, xp.broadcast_to(source, x.shape), axis=seq_axis)


_REVERSE_SEQUENCE = _op("ReverseSequence", _reverse_sequence)


@export("reverse_sequence")
def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None,
                     seq_dim=None, batch_dim=None):
    """`tf.reverse_sequence`: reverses the first `seq_lengths[b]` entries along `seq_axis`
    of each slice `b` along `batch_axis` (TF1's `seq_dim`/`batch_dim` too)."""
    seq_axis = deprecated_alias(seq_axis, seq_dim, "seq_axis", "seq_dim")
    batch_axis = deprecated_alias(batch_axis, batch_dim, "batch_axis", "batch_dim")
    if seq_axis is None:
        raise TypeError("Expected int for argument 'seq_dim' not None.")
    x, lengths = to_tensor(input), to_tensor(seq_lengths)
    _check_int_dtype(lengths, "ReverseSequence", "Tlen", "int32, int64")
    seq_axis = _host_int(seq_axis)
    batch_axis = 0 if batch_axis is None else _host_int(batch_axis)
    shape = x._shape_tuple()
    for label, a in (("seq_dim", seq_axis), ("batch_dim", batch_axis)):
        if a < 0:
            raise errors.invalid_argument(f"Invalid {label} {a}", "ReverseSequence")
    if lengths._rank() != 1:
        raise errors.invalid_argument(f"seq_lengths must be 1-dim, not {lengths._rank()}",
                                      "ReverseSequence")
    if batch_axis == seq_axis:
        raise errors.invalid_argument(f"batch_dim == seq_dim == {seq_axis}", "ReverseSequence")
    for label, a in (("seq_dim", seq_axis), ("batch_dim", batch_axis)):
        if a >= len(shape):
            raise errors.invalid_argument(
                f"{label} must be < input rank ( {a} vs. {len(shape)})", "ReverseSequence")
    values = np.asarray(lengths.numpy())
    if values.size != shape[batch_axis]:
        raise errors.invalid_argument(
            f"Length of seq_lengths != input.dims({batch_axis}), ({values.size} vs. "
            f"{shape[batch_axis]})", "ReverseSequence")
    for i, n in enumerate(values.tolist()):
        if n < 0:
            raise errors.invalid_argument(f"seq_lens({i}) < 0", "ReverseSequence")
        if n > shape[seq_axis]:
            raise errors.invalid_argument(f"seq_lens({i}) > input.dims({seq_axis})",
                                          "ReverseSequence")
    attrs = (("seq_axis", seq_axis), ("batch_axis", batch_axis))
    return _run(_REVERSE_SEQUENCE, (x, lengths), attrs)


_SLICE = _op("Slice", lambda x, begin, size, xp:
             x[tuple(slice(b, b + s) for b, s in zip(begin, size))])


@export("slice")
def slice_(input_, begin, size, name=None):
    """`tf.slice`: `size[i]` entries from `begin[i]` on each axis (-1: to the end)."""
    x = to_tensor(input_)
    shape = x._shape_tuple()
    begin = _host_ints(begin, "Slice", "Index").reshape(-1).tolist()
    size = _host_ints(size, "Slice", "Index").reshape(-1).tolist()
    if len(begin) != len(shape) or len(size) != len(shape):
        raise errors.invalid_argument(
            "Expected begin and size arguments to be 1-D tensors of size "
            f"{len(shape)}, but got shapes [{len(begin)}] and [{len(size)}] instead.", "Slice")
    for i, (b, dim) in enumerate(zip(begin, shape)):
        if not 0 <= b <= dim:
            raise errors.invalid_argument(f"Expected begin[{i}] in [0, {dim}], but got {b}",
                                          "Slice")
        if size[i] == -1:
            size[i] = dim - b
        if not 0 <= size[i] <= dim - b:
            raise errors.invalid_argument(
                f"Expected size[{i}] in [0, {dim - b}], but got {size[i]}", "Slice")
    return _run(_SLICE, (x,), (("begin", tuple(begin)), ("size", tuple(size))))


@export("strided_slice")
def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """`tf.strided_slice`: Python-style slicing spelled as `begin`/`end`/`strides` vectors
    and TF's bit masks (begin/end ignored, ellipsis, new axis, shrink to an index)."""
    x = to_tensor(input_)
    begin = _host_ints(begin, "StridedSlice", "Index", _INDEX_TYPES).reshape(-1).tolist()
    end = _host_ints(end, "StridedSlice", "Index", _INDEX_TYPES).reshape(-1).tolist()
    strides = ([1] * len(begin) if strides is None else
               _host_ints(strides, "StridedSlice", "Index", _INDEX_TYPES).reshape(-1).tolist())
    if not len(begin) == len(end) == len(strides):
        raise errors.invalid_argument(
            "Expected begin, end, and strides to be 1D equal size tensors, but got shapes "
            f"[{len(begin)}], [{len(end)}], and [{len(strides)}] instead.", "StridedSlice")
    for i, s in enumerate(strides):
        if s == 0:
            raise errors.invalid_argument(f"strides[{i}] must be non-zero", "StridedSlice")
    if bin(ellipsis_mask & ((1 << len(begin)) - 1)).count("1") > 1:
        raise errors.invalid_argument("Multiple ellipses in slice spec not allowed",
                                      "StridedSlice")
    key = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(("ellipsis",))
        elif new_axis_mask & bit:
            key.append(("newaxis",))
        elif shrink_axis_mask & bit:
            if s < 0:
                raise errors.invalid_argument("only stride 1 allowed on non-range indexing.",
                                              "StridedSlice")
            key.append(("index", b))
        else:
            key.append(("slice", None if begin_mask & bit else b, None if end_mask & bit else e,
                        s))
    key = tuple(key)
    _check_index(key, x._shape_tuple())
    return _run(_STRIDED_SLICE, (x,), (("key", key),))


# ---- sequence_mask, unique, meshgrid, broadcast_to, bitcast, identity_n --------------------------
_SEQUENCE_MASK = Op("SequenceMask", lambda lengths, maxlen, compare, dtype:
                    (jnp.arange(maxlen, dtype=compare) < lengths.astype(compare)[..., None])
                    .astype(dtype), differentiable=False, eager_only=True)


@export("sequence_mask")
def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool_, name=None):
    """`tf.sequence_mask`: `mask[..., j] = j < lengths[...]` for j below `maxlen` (default:
    the largest length), as bool unless `dtype` says otherwise."""
    lengths = to_tensor(lengths)
    dtype = dtypes.as_dtype(dtype)
    if maxlen is None:
        values = np.asarray(lengths.numpy())
        limit = values.max() if values.size else values.dtype.type(0)
    else:
        m = to_tensor(maxlen)
        if m._rank():
            raise ValueError("Argument `maxlen` must be scalar for sequence_mask, received "
                             f"`maxlen` = {m} with shape '{tuple(m._shape_tuple())}' instead")
        limit = m.numpy()
    if limit < 0:
        raise errors.invalid_argument(f"Requires start <= limit when delta > 0: 0/{limit}",
                                      "Range")
    attrs = (("maxlen", int(np.ceil(limit))), ("compare", np.asarray(limit).dtype),
             ("dtype", np.dtype(dtype.as_numpy_dtype)))
    return _run(_SEQUENCE_MASK, (lengths,), attrs)


Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _unique(x, out_idx, op_name):
    x = to_tensor(x)
    out_idx = dtypes.as_dtype(out_idx)
    if out_idx is not dtypes.int32 and out_idx is not dtypes.int64:
        raise errors.invalid_argument(
            f"Value for attr 'out_idx' of {kernel_type_name(out_idx)} is not in the list of "
            "allowed values: int32, int64", op_name)
    if x._rank() != 1:
        raise errors.invalid_argument("unique expects a 1D vector.", op_name)
    values = np.asarray(x.numpy())
    slots, firsts, idx = {}, [], []
    for i, v in enumerate(values.tolist()):  # NaNs are distinct objects: each its own slot
        if v not in slots:
            slots[v] = len(firsts)
            firsts.append(i)
        idx.append(slots[v])
    counts = np.bincount(np.asarray(idx, np.int64), minlength=len(firsts))
    int_type = out_idx.as_numpy_dtype
    return (_host_tensor(values[np.asarray(firsts, np.int64)]),
            wrap(jnp.asarray(idx, int_type)), wrap(jnp.asarray(counts, int_type)))


@export("unique")
def unique(x, out_idx=dtypes.int32, name=None):
    """`tf.unique`: `Unique(y, idx)`, the distinct values of a vector in order of first
    appearance and each entry's position in `y`."""
    y, idx, _ = _unique(x, out_idx, "Unique")
    return Unique(y, idx)


@export("unique_with_counts")
def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """`tf.unique_with_counts`: `UniqueWithCounts(y, idx, count)`."""
    return UniqueWithCounts(*_unique(x, out_idx, "UniqueWithCounts"))


_MESHGRID = Op("Meshgrid", lambda *xs, indexing:
               tuple(jnp.meshgrid(*(x.reshape(-1) for x in xs), indexing=indexing)))


@export("meshgrid")
def meshgrid(*args, **kwargs):
    """`tf.meshgrid`: coordinate grids of the flattened inputs, `indexing='xy'` (default,
    first two axes swapped) or `'ij'`."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this "
                        "function")
    if indexing not in ("xy", "ij"):
        raise ValueError("Argument `indexing` parameter must be either 'xy' or 'ij', got "
                         f"'{indexing}'")
    tensors = [to_tensor(a) for a in args]
    if not tensors:
        return []
    first = tensors[0].dtype
    if first.is_string:
        raise TypeError("Cannot convert 1 to EagerTensor of dtype string")
    for t in tensors[1:]:
        if t.dtype is not first:
            raise _dtype_mismatch("Mul", t.dtype, first, 1)
    return list(_run(_MESHGRID, tuple(tensors), (("indexing", indexing),)))


_BROADCAST_TO = _op("BroadcastTo", lambda x, shape, xp: xp.broadcast_to(x, shape))


@export("broadcast_to")
def broadcast_to(input, shape, name=None):
    """`tf.broadcast_to`: NumPy broadcasting to `shape`, with TF's errors."""
    x = to_tensor(input)
    target = tuple(_host_ints(shape, "BroadcastTo", "Tidx").reshape(-1).tolist())
    for d in target:
        if d < 0:
            raise errors.invalid_argument(f"Dimension {d} must be >= 0", "BroadcastTo")
    source = x._shape_tuple()
    if len(source) > len(target):
        raise errors.invalid_argument(
            f"Rank of input ({len(source)}) must be no greater than rank of output shape "
            f"({len(target)}).", "BroadcastTo")
    try:
        compatible = np.broadcast_shapes(source, target) == target
    except ValueError:
        compatible = False
    if not compatible:
        raise errors.invalid_argument(f"Incompatible shapes: {errors.shape_text(source)} vs. {errors.shape_text(target)}",
                                      "BroadcastTo")
    return _run(_BROADCAST_TO, (x,), (("shape", target),))


# TF's DataType enum numbers, which its Bitcast error message prints.
_DATATYPE_ENUM = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
                  "complex64": 8, "int64": 9, "bfloat16": 14, "uint16": 17, "complex128": 18,
                  "float16": 19, "uint32": 22, "uint64": 23}
_BITCAST_TYPES = ("bfloat16, half, float, double, int64, int32, uint8, uint16, uint32, uint64, "
                  "int8, int16, complex64, complex128, qint8, quint8, qint16, quint16, qint32")


@export("bitcast")
def bitcast(input, type, name=None):
    """`tf.bitcast`: reinterprets the bytes; a smaller type adds a last axis, a larger one
    consumes a last axis of the size ratio. Not differentiable (as in TF)."""
    x = to_tensor(input)
    target = dtypes.as_dtype(type)
    for attr, dt in (("T", x.dtype), ("type", target)):
        if dt.name not in _DATATYPE_ENUM:
            raise errors.invalid_argument(
                f"Value for attr '{attr}' of {kernel_type_name(dt)} is not in the list of "
                f"allowed values: {_BITCAST_TYPES}", "Bitcast")
    array = np.array(x.numpy(), order="C")
    shape = array.shape
    if target.size < x.dtype.size:
        out = array.reshape(shape + (1,)).view(target.as_numpy_dtype)
    else:
        ratio = target.size // x.dtype.size
        if ratio > 1 and (not shape or shape[-1] != ratio):
            raise errors.invalid_argument(
                f"Cannot bitcast from {_DATATYPE_ENUM[x.dtype.name]} to "
                f"{_DATATYPE_ENUM[target.name]}", "Bitcast")
        out = array.view(target.as_numpy_dtype).reshape(shape[:-1] if ratio > 1 else shape)
    return wrap(jnp.asarray(out))


@export("identity_n")
def identity_n(input, name=None):
    """`tf.identity_n`: `tf.identity` of each tensor of a list (returns a list)."""
    return [identity(t) for t in input]


# ---- helpers used by the tape --------------------------------------------------------------------
def _batch_diagonal(j, target_rank):
    return jnp.moveaxis(jnp.diagonal(j, axis1=0, axis2=target_rank), -1, 0)


_BATCH_DIAGONAL = Op("BatchJacobianDiagonal", _batch_diagonal)


def batch_diagonal(jacobian, target_rank):
    """Per-example blocks of a full jacobian of shape (b, y..., b, x...) -> (b, y..., x...)."""
    return execute(_BATCH_DIAGONAL, (jacobian,), (("target_rank", target_rank),))


export("newaxis")(None)


# ---- roll, repeat, setdiff1d ---------------------------------------------------------------------
def _no_kernel(op_name, attrs):
    """TF's NotFoundError for a dtype (or layout) its CPU kernels do not cover."""
    return errors.NotFoundError(
        None, None,
        f"Could not find device for node: {{{{node {op_name}}}}} = {op_name}[{attrs}] "
        f"[Op:{op_name}]")


def _dt(dtype):
    """A dtype as TF's DataType enum spells it (`DT_FLOAT`)."""
    return "DT_" + kernel_type_name(dtype).upper()


def _attr_int(value, attr):
    """An int attribute (block_size, num_partitions): a Tensor, an int or an integral float."""
    if is_tensor_like(value):
        return int(np.asarray(to_tensor(value).numpy()).reshape(()))
    if isinstance(value, float) and not value.is_integer():
        raise TypeError(f"Expected int for argument '{attr}' not {value!r}.")
    return int(value)


_ROLL = _op("Roll", lambda x, shifts, axes, xp: xp.roll(x, shifts, axes) if axes else x)


@export("roll", "manip.roll")
def roll(input, shift, axis, name=None):
    """`tf.roll`: shifts elements along each axis in `axis` by the matching `shift` (shifts
    on a repeated axis add up; elements leaving one end come back at the other)."""
    x = to_tensor(input)
    shifts = _host_ints(shift, "Roll", "Tshift")
    axes = _host_ints(axis, "Roll", "Taxis")
    shape = x._shape_tuple()
    if not shape:
        raise errors.invalid_argument("input must be 1-D or higher", "Roll")
    for label, values in (("shift", shifts), ("axis", axes)):
        if values.ndim > 1:
            raise errors.invalid_argument(
                f"{label} must be a scalar or a 1-D vector. Found: {errors.shape_text(values.shape)}", "Roll")
    if shifts.size != axes.size:
        raise errors.invalid_argument("shift and axis must have the same size", "Roll")
    totals = {}
    for s, a in zip(shifts.reshape(-1).tolist(), axes.reshape(-1).tolist()):
        a = a + len(shape) if a < 0 else a
        if not 0 <= a < len(shape):
            raise errors.invalid_argument(f"axis {a} is out of range", "Roll")
        totals[a] = totals.get(a, 0) + s
    kept = sorted((a, s % shape[a]) for a, s in totals.items() if shape[a] and s % shape[a])
    attrs = (("shifts", tuple(s for _, s in kept)), ("axes", tuple(a for a, _ in kept)))
    return _run(_ROLL, (x,), attrs)


@export("repeat")
def repeat(input, repeats, axis=None, name=None):
    """`tf.repeat`: each slice along `axis` repeated `repeats[i]` times (a scalar or length-1
    `repeats` applies to all; negative counts act as 0); `axis=None` flattens first."""
    if axis is not None and not isinstance(axis, (int, np.integer)):
        raise TypeError(f"Argument `axis` must be an int. Received `axis` = {axis} of type "
                        f"{type(axis).__name__}")
    x = to_tensor(input)
    counts = to_tensor(repeats)
    if not counts.dtype.is_integer:
        raise TypeError(f"Argument `tensor` (name: repeats) must be of type integer. Received "
                        f"`tensor` = {counts} of dtype: <dtype: '{counts.dtype.name}'>")
    if counts._rank() > 1:
        raise ValueError(f"Shape {tuple(counts._shape_tuple())} must have rank at most 1")
    if axis is None or not x._rank():
        x = reshape(x, [-1])
        axis = 0 if axis is None else axis
    rank = x._rank()
    axis = int(axis)
    if not -rank <= axis < rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}")
    axis %= rank
    n = x._shape_tuple()[axis]
    values = np.asarray(counts.numpy()).reshape(-1).astype(np.int64)
    if values.size != 1 and values.size != n:
        raise ValueError(f"Dimensions {n} and {values.size} are not compatible")
    positions = np.repeat(np.arange(n), np.broadcast_to(np.maximum(values, 0), (n,)))
    return _run(_GATHER, (x, wrap(jnp.asarray(positions, jnp.int64))),
                (("axis", axis), ("batch_dims", 0)))


ListDiff = collections.namedtuple("ListDiff", ["out", "idx"])


@export("setdiff1d")
def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    """`tf.setdiff1d`: `ListDiff(out, idx)`, the entries of vector `x` not in `y` (in their
    order, duplicates kept) and their positions in `x`."""
    x, y = _matching_tensors([x, y], "ListDiff")
    index_dtype = dtypes.as_dtype(index_dtype)
    if index_dtype is not dtypes.int32 and index_dtype is not dtypes.int64:
        raise errors.invalid_argument(
            f"Value for attr 'out_idx' of {kernel_type_name(index_dtype)} is not in the list of "
            "allowed values: int32, int64", "ListDiff")
    for label, t in (("x", x), ("y", y)):
        if t._rank() != 1:
            raise errors.invalid_argument(f"{label} should be a 1D vector.", "ListDiff")
    values = np.asarray(x.numpy())
    excluded = set(np.asarray(y.numpy()).tolist())
    keep = np.asarray([i for i, v in enumerate(values.tolist()) if v not in excluded], np.int64)
    return ListDiff(_host_tensor(values[keep]),
                    wrap(jnp.asarray(keep, index_dtype.as_numpy_dtype)))


# ---- matrix_set_diag -----------------------------------------------------------------------------
def _matrix_set_diag(x, d, k, align):
    rows, cols = x.shape[-2:]
    width = d.shape[-1]
    dd, r, c, valid = _diagonal_layout(rows, cols, k[0], k[1], width, align)
    if k[0] == k[1]:
        d = d[..., None, :]
    slot = np.broadcast_to(np.arange(dd.shape[0])[:, None], valid.shape)
    column = np.broadcast_to(np.arange(width)[None, :], valid.shape)
    return x.at[..., r[valid], c[valid]].set(d[..., slot[valid], column[valid]])


_MATRIX_SET_DIAG = Op("MatrixSetDiagV3", _matrix_set_diag)


@export("matrix_set_diag", "linalg.set_diag")
def matrix_set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """`tf.linalg.set_diag`: (batched) matrices with diagonal `k` (or the band
    `k = (lower, upper)`, packed as `align` says) replaced by `diagonal`."""
    op_name = "MatrixSetDiagV3"
    x = to_tensor(input)
    d = to_tensor(diagonal) if is_tensor_like(diagonal) else to_tensor(diagonal, x.dtype)
    if d.dtype is not x.dtype:
        raise _dtype_mismatch(op_name, x.dtype, d.dtype, 1)
    if align not in _ALIGNS:
        raise errors.invalid_argument(
            f"Value for attr 'align' of \"{align}\" is not in the list of allowed values: "
            + ", ".join(f'"{a}"' for a in _ALIGNS), op_name)
    shape, dshape = x._shape_tuple(), d._shape_tuple()
    if len(shape) < 2:
        raise errors.invalid_argument(
            f"input must be at least 2-dim, received shape: {errors.shape_text(shape)}", op_name)
    if not dshape:
        raise errors.invalid_argument(
            f"diagonal must be at least 1-dim, received shape: {errors.shape_text(dshape)}", op_name)
    ks = _host_ints(k, op_name, "k").reshape(-1).tolist()
    if len(ks) not in (1, 2):
        raise errors.invalid_argument(
            f"diag_index must have only one or two elements, received {len(ks)} elements.",
            op_name)
    lo, hi = ks[0], ks[-1]
    rows, cols = shape[-2:]
    for label, index in (("lower", lo), ("upper", hi)):
        if not (-rows < index < cols or index == 0):
            raise errors.invalid_argument(
                f"{label}_diag_index is out of bound: {index} It must be between {-rows} and "
                f"{cols}", op_name)
    if lo > hi:
        raise errors.invalid_argument(
            f"lower_diag_index must not be larger than upper_diag_index: {lo} > {hi}", op_name)
    count = hi - lo + 1
    if count > 1 and (len(dshape) < len(shape) or dshape[len(shape) - 2] != count):
        raise errors.invalid_argument(
            "The number of diagonals provided in `diag` is not consistent with "
            "`lower_diag_index` and `upper_diag_index`", op_name)
    longest = min(rows + min(hi, 0), cols - max(lo, 0))
    expected = shape[:-2] + ((count,) if count > 1 else ()) + (longest,)
    if dshape != expected:
        raise errors.invalid_argument(
            "Either first dimensions of diagonal don't match input.shape[:-2], or "
            "diagonal.shape[:-1] is not equal to the longests diagonal in range "
            f"[lower_diag_index:upper_diag_index].\nInput shape: {errors.shape_text(shape)}\nDiagonal shape: "
            f"{errors.shape_text(dshape)}\nExpected diagonal shape: {errors.shape_text(expected)}", op_name)
    return _run(_MATRIX_SET_DIAG, (x, d), (("k", (lo, hi)), ("align", align)))


# ---- space_to_depth, depth_to_space, space_to_batch, batch_to_space -----------------------------
_DATA_FORMATS = ("NHWC", "NCHW", "NCHW_VECT_C")


def _space_to_depth(x, bs, channels_first, xp):
    if channels_first:
        x = x.transpose(0, 2, 3, 1)
    b, h, w, c = x.shape
    y = (x.reshape(b, h // bs, bs, w // bs, bs, c).transpose(0, 1, 3, 2, 4, 5)
         .reshape(b, h // bs, w // bs, bs * bs * c))
    return y.transpose(0, 3, 1, 2) if channels_first else y


def _depth_to_space(x, bs, channels_first, xp):
    if channels_first:
        x = x.transpose(0, 2, 3, 1)
    b, h, w, c = x.shape
    y = (x.reshape(b, h, w, bs, bs, c // (bs * bs)).transpose(0, 1, 3, 2, 4, 5)
         .reshape(b, h * bs, w * bs, c // (bs * bs)))
    return y.transpose(0, 3, 1, 2) if channels_first else y


_SPACE_TO_DEPTH = _op("SpaceToDepth", _space_to_depth)
_DEPTH_TO_SPACE = _op("DepthToSpace", _depth_to_space)


def _block_layout(input, block_size, data_format, op_name):
    x = to_tensor(input)
    if data_format not in _DATA_FORMATS:
        raise errors.invalid_argument(
            f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed "
            "values: " + ", ".join(f'"{f}"' for f in _DATA_FORMATS), op_name)
    bs = _attr_int(block_size, "block_size")
    if bs < 2:
        raise errors.invalid_argument(
            f"Value for attr 'block_size' of {bs} must be at least minimum 2", op_name)
    if data_format == "NCHW_VECT_C":
        raise _no_kernel(op_name, f'T={_dt(x.dtype)}, block_size={bs}, '
                                  'data_format="NCHW_VECT_C"')
    return x, bs, data_format == "NCHW"


@export("space_to_depth", "nn.space_to_depth")
def space_to_depth(input, block_size, name=None, data_format="NHWC"):
    """`tf.space_to_depth`: each `block_size` x `block_size` spatial block becomes channels
    (ordered block row, block column, channel). NCHW runs too, as on TF's GPU kernels."""
    x, bs, channels_first = _block_layout(input, block_size, data_format, "SpaceToDepth")
    shape = x._shape_tuple()
    if len(shape) != 4:
        raise errors.invalid_argument(f"Input rank should be 4 instead of {len(shape)}",
                                      "SpaceToDepth")
    h, w = shape[2:] if channels_first else shape[1:3]
    if h % bs or w % bs:
        raise errors.invalid_argument(
            f"Image width {w} and height {h} should be divisible by block_size: {bs}",
            "SpaceToDepth")
    return _run(_SPACE_TO_DEPTH, (x,), (("bs", bs), ("channels_first", channels_first)))


@export("depth_to_space", "nn.depth_to_space")
def depth_to_space(input, block_size, name=None, data_format="NHWC"):
    """`tf.depth_to_space`: the inverse of `tf.space_to_depth`."""
    x, bs, channels_first = _block_layout(input, block_size, data_format, "DepthToSpace")
    shape = x._shape_tuple()
    if len(shape) != 4:
        raise errors.invalid_argument(f"Input rank should be: 4 instead of: {len(shape)}",
                                      "DepthToSpace")
    depth = shape[1] if channels_first else shape[3]
    if depth % (bs * bs):
        raise errors.invalid_argument(
            f"Input depth dimension {depth} should be divisible by: {bs * bs}", "DepthToSpace")
    return _run(_DEPTH_TO_SPACE, (x,), (("bs", bs), ("channels_first", channels_first)))


def _space_to_batch(x, block, pads):
    m = len(block)
    x = jnp.pad(x, ((0, 0),) + pads + ((0, 0),) * (x.ndim - 1 - m))
    batch, spatial, rest = x.shape[0], x.shape[1:1 + m], x.shape[1 + m:]
    split = sum(((s // b, b) for s, b in zip(spatial, block)), ())
    x = x.reshape((batch,) + split + rest)
    perm = ([2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)]
            + list(range(1 + 2 * m, x.ndim)))
    return x.transpose(perm).reshape(
        (batch * int(math.prod(block)),) + tuple(s // b for s, b in zip(spatial, block)) + rest)


def _batch_to_space(x, block, crops):
    m = len(block)
    batch = x.shape[0] // int(math.prod(block))
    spatial, rest = x.shape[1:1 + m], x.shape[1 + m:]
    x = x.reshape(block + (batch,) + spatial + rest)
    perm = ([m] + [a for i in range(m) for a in (m + 1 + i, i)]
            + list(range(2 * m + 1, x.ndim)))
    full = tuple(s * b for s, b in zip(spatial, block))
    x = x.transpose(perm).reshape((batch,) + full + rest)
    return x[(slice(None),) + tuple(slice(c0, n - c1) for (c0, c1), n in zip(crops, full))]


_SPACE_TO_BATCH_ND = Op("SpaceToBatchND", _space_to_batch)
_BATCH_TO_SPACE_ND = Op("BatchToSpaceND", _batch_to_space)


def _block_and_margins(x, block_shape, margins, op_name, label):
    """block_shape [M] and paddings/crops [M, 2] of a SpaceToBatchND/BatchToSpaceND call."""
    block = _host_ints(block_shape, op_name, "Tblock_shape")
    pairs = _host_ints(margins, op_name, f"T{label}")
    if block.ndim != 1:
        raise errors.invalid_argument(f"block_shape rank should be 1 instead of {block.ndim}",
                                      op_name)
    m = block.size
    rank = x._rank()
    if rank < 1 + m:
        raise errors.invalid_argument(f"input rank should be >= {1 + m} instead of {rank}",
                                      op_name)
    if pairs.shape != (m, 2):
        raise errors.invalid_argument(
            f"{label} should have shape [{m}, 2] instead of {errors.shape_text(pairs.shape)}", op_name)
    return block.tolist(), pairs.tolist()


@export("space_to_batch_nd", "manip.space_to_batch_nd")
def space_to_batch_nd(input, block_shape, paddings, name=None):
    """`tf.space_to_batch_nd`: zero-pads the M spatial axes after the batch axis, then moves
    each `block_shape` block of them into the batch axis (block offsets outermost)."""
    op_name = "SpaceToBatchND"
    x = to_tensor(input)
    block, pads = _block_and_margins(x, block_shape, paddings, op_name, "paddings")
    for i, b in enumerate(block):
        if b < 1:
            raise errors.invalid_argument(
                f"All values in block_shape must be positive, got value, {b} at index {i}.",
                op_name)
    shape = x._shape_tuple()
    for i, ((before, after), b) in enumerate(zip(pads, block)):
        if before < 0 or after < 0:
            raise errors.invalid_argument("Paddings must be non-negative", op_name)
        padded = shape[1 + i] + before + after
        if padded % b:
            raise errors.invalid_argument(
                f"padded_shape[{i}]={padded} is not divisible by block_shape[{i}]={b}", op_name)
    attrs = (("block", tuple(block)), ("pads", tuple(map(tuple, pads))))
    return _run(_SPACE_TO_BATCH_ND, (x,), attrs)


@export("batch_to_space_nd", "manip.batch_to_space_nd")
def batch_to_space_nd(input, block_shape, crops, name=None):
    """`tf.batch_to_space_nd`: the inverse of `tf.space_to_batch_nd`, cropping `crops`."""
    op_name = "BatchToSpaceND"
    x = to_tensor(input)
    block, crops = _block_and_margins(x, block_shape, crops, op_name, "crops")
    product = int(math.prod(block))
    if product <= 0:
        raise errors.invalid_argument(f"Product of block sizes must be positive, got {product}",
                                      op_name)
    shape = x._shape_tuple()
    if shape[0] % product:
        raise errors.invalid_argument(
            f"Input batch dimension ({shape[0]}) is not divisible by product of block sizes "
            f"({product})", op_name)
    for i, ((start, end), b) in enumerate(zip(crops, block)):
        if start < 0 or end < 0:
            raise errors.invalid_argument("Crops must be non-negative", op_name)
        cropped = shape[1 + i] * b - start - end
        if cropped < 0:
            raise errors.invalid_argument(f"cropped_shape[{i}]={cropped} must be non-negative",
                                          op_name)
    attrs = (("block", tuple(block)), ("crops", tuple(map(tuple, crops))))
    return _run(_BATCH_TO_SPACE_ND, (x,), attrs)


def _square_block(block_size, block_shape):
    block = deprecated_alias(block_shape, block_size, "block_shape", "block_size")
    if block is None:
        raise TypeError("int() argument must be a string, a bytes-like object or a real number, "
                        "not 'NoneType'")
    return [block, block]


def _with_rank_4(result):
    if result._rank() != 4:
        raise ValueError(f"Shape {tuple(result._shape_tuple())} must have rank 4")
    return result


@export("space_to_batch", "nn.space_to_batch")
def space_to_batch(input, paddings, block_size=None, name=None, block_shape=None):
    """TF1 `tf.space_to_batch`: `space_to_batch_nd` with a square block over 2 spatial axes
    (the result must be 4-D)."""
    return _with_rank_4(space_to_batch_nd(input, _square_block(block_size, block_shape),
                                          paddings))


@export("batch_to_space")
def batch_to_space(input, crops, block_size, name=None, block_shape=None):
    """TF1 `tf.batch_to_space`: `batch_to_space_nd` with a square block (4-D result)."""
    return _with_rank_4(batch_to_space_nd(input, _square_block(block_size, block_shape),
                                          crops))


# ---- dynamic_partition, dynamic_stitch, ensure_shape, get_static_value ---------------------------
@export("dynamic_partition")
def dynamic_partition(data, partitions, num_partitions, name=None):
    """`tf.dynamic_partition`: a list of `num_partitions` tensors, the slices of `data`
    whose `partitions` entry is i, in order (gathers, so gradients flow to `data`)."""
    x = to_tensor(data)
    p = to_tensor(partitions, dtypes.int32)
    n = _attr_int(num_partitions, "num_partitions")
    if n < 1:
        raise errors.invalid_argument(
            f"Value for attr 'num_partitions' of {n} must be at least minimum 1",
            "DynamicPartition")
    shape, pshape = x._shape_tuple(), p._shape_tuple()
    if shape[:len(pshape)] != pshape:
        raise errors.invalid_argument(
            f"data.shape must start with partitions.shape, got data.shape = {errors.shape_text(shape)}, "
            f"partitions.shape = {errors.shape_text(pshape)}", "DynamicPartition")
    values = np.asarray(p.numpy())
    bad = _first_bad(values, n)
    if bad is not None:
        where = f"[{','.join(map(str, bad[0]))}]" if pshape else ""
        raise errors.invalid_argument(f"partitions{where} = {bad[1]} is not in [0, {n})",
                                      "DynamicPartition")
    flat = reshape(x, (values.size,) + shape[len(pshape):])
    flat_values = values.reshape(-1)
    return [_run(_GATHER, (flat, wrap(jnp.asarray(np.flatnonzero(flat_values == i), jnp.int64))),
                 (("axis", 0), ("batch_dims", 0))) for i in range(n)]


def _dynamic_stitch(positions, *data, ranks, xp):
    parts = [d.reshape((int(math.prod(d.shape[:r])),) + d.shape[r:]) for d, r in zip(data, ranks)]
    extra = parts[0].shape[1:]
    if data[0].dtype == object:
        blank = np.full((1,) + extra, b"", object)
    else:
        blank = xp.zeros((1,) + extra, data[0].dtype)
    return xp.concatenate(parts + [blank])[positions]


_DYNAMIC_STITCH = _op("DynamicStitch", _dynamic_stitch)


@export("dynamic_stitch")
def dynamic_stitch(indices, data, name=None):
    """`tf.dynamic_stitch`: `merged[indices[m][i]] = data[m][i]`, later entries winning;
    rows no index names are zero (empty for strings)."""
    indices, data = list(indices), list(data)
    if len(data) != len(indices):
        raise ValueError(f"List argument 'data' to 'dynamic_stitch' Op with length {len(data)} "
                         f"must match length {len(indices)} of argument 'indices'.")
    index_tensors = [to_tensor(i, dtypes.int32) for i in indices]
    dtype = next((to_tensor(d).dtype for d in data if is_tensor_like(d)), None)
    tensors = []
    for d in data:
        t = to_tensor(d) if is_tensor_like(d) else to_tensor(d, dtype)
        dtype = t.dtype if dtype is None else dtype
        tensors.append(t)
    for i, t in enumerate(tensors):
        if t.dtype is not tensors[0].dtype:
            raise _dtype_mismatch("DynamicStitch", tensors[0].dtype, t.dtype, len(indices) + i)
    values = [np.asarray(t.numpy()).reshape(-1) for t in index_tensors]
    size = max((int(v.max()) for v in values if v.size), default=-1) + 1
    for v in values:
        bad = np.flatnonzero(v < 0)
        if bad.size:
            raise errors.invalid_argument(f"indices[{bad[0]}] is out of range", "DynamicStitch")
    first_index, first_data = index_tensors[0]._shape_tuple(), tensors[0]._shape_tuple()
    for i, (ix, d) in enumerate(zip(index_tensors, tensors)):
        ishape, dshape = ix._shape_tuple(), d._shape_tuple()
        if dshape[:len(ishape)] != ishape:
            raise errors.invalid_argument(
                f"data[{i}].shape = {errors.shape_text(dshape)} does not start with indices[{i}].shape = "
                f"{errors.shape_text(ishape)}", "DynamicStitch")
        if i and dshape[len(ishape):] != first_data[len(first_index):]:
            raise errors.invalid_argument(
                f"Need data[0].shape[{len(first_index)}:] = data[{i}].shape[{len(ishape)}:], got "
                f"data[0].shape = {errors.shape_text(first_data)}, data[{i}].shape = {errors.shape_text(dshape)}, "
                f"indices[0].shape = {errors.shape_text(first_index)}, indices[{i}].shape = {errors.shape_text(ishape)}",
                "DynamicStitch")
    every = np.concatenate(values) if values else np.zeros((0,), np.int64)
    positions = np.full(size, every.size, np.int64)  # unnamed rows read the blank row
    positions[every] = np.arange(every.size)  # a repeated index keeps its last position
    ranks = tuple(ix._rank() for ix in index_tensors)
    return _run(_DYNAMIC_STITCH, (wrap(jnp.asarray(positions)),) + tuple(tensors),
                (("ranks", ranks),))


@export("ensure_shape")
def ensure_shape(x, shape, name=None):
    """`tf.ensure_shape`: `x` unchanged (differentiably) if its shape is compatible with
    `shape` (None entries, or `shape=None`, match anything); InvalidArgumentError otherwise."""
    x = to_tensor(x)
    expected = TensorShape(None if shape is None else
                           np.asarray(shape).tolist() if is_tensor_like(shape) else shape)
    if expected.ndims is not None:
        actual = x._shape_tuple()
        wanted = expected.as_list()
        if len(wanted) != len(actual) or any(w is not None and w != a
                                             for w, a in zip(wanted, actual)):
            text = "[" + ",".join("?" if w is None else str(w) for w in wanted) + "]"
            raise errors.invalid_argument(
                f"Shape of tensor input {errors.shape_text(actual)} is not compatible with expected shape "
                f"{text}.", "EnsureShape")
    return identity(x)


@export("get_static_value")
def get_static_value(tensor, partial=False):
    """`tf.get_static_value`: an eager tensor's NumPy value; None for a variable; any other
    Python value as given."""
    if isinstance(tensor, Tensor):
        return tensor.numpy()
    if is_tensor_like(tensor):
        return None
    return tensor


# ---- tensor_scatter_nd_*, scatter updates of variables -------------------------------------------
def _divide_at(x, key, u):
    denominator = jnp.ones_like(x).at[key].multiply(u)
    return lax.div(x, denominator) if jnp.issubdtype(x.dtype, jnp.integer) else x / denominator


_SCATTER_MODES = {
    "update": lambda x, key, u: x.at[key].set(u),
    "add": lambda x, key, u: x.at[key].add(u),
    "sub": lambda x, key, u: x.at[key].add(-u),
    "mul": lambda x, key, u: x.at[key].multiply(u),
    "div": _divide_at,
    "max": lambda x, key, u: x.at[key].max(u),
    "min": lambda x, key, u: x.at[key].min(u),
}


def _nd_key(indices):
    return tuple(indices[..., j] for j in range(indices.shape[-1]))


def _scatter_nd_kernel(x, indices, updates, mode):
    return _SCATTER_MODES[mode](x, _nd_key(indices), updates)


def _scatter_nd_update_host(x, indices, updates, mode):
    out = np.array(x, dtype=object)
    out[_nd_key(np.asarray(indices))] = updates
    return out


def _scatter_rows_kernel(x, indices, updates, mode):
    return _SCATTER_MODES[mode](x, (indices,), updates)


def _scatter_rows_update_host(x, indices, updates, mode):
    out = np.array(x, dtype=object)
    out[np.asarray(indices)] = updates
    return out


def _scatter_ops(prefix, kernel, host_update, modes):
    return {mode: Op(prefix + mode.capitalize(), kernel,
                     host_kernel=host_update if mode == "update" else None) for mode in modes}


_TENSOR_SCATTER = _scatter_ops("TensorScatter", _scatter_nd_kernel, _scatter_nd_update_host,
                               ("update", "add", "sub", "max", "min"))
_RESOURCE_SCATTER = _scatter_ops("ResourceScatter", _scatter_rows_kernel,
                                 _scatter_rows_update_host,
                                 ("update", "add", "sub", "mul", "div", "max", "min"))
_RESOURCE_SCATTER_ND = _scatter_ops("ResourceScatterNd", _scatter_nd_kernel,
                                    _scatter_nd_update_host, ("update", "add", "sub"))


def _valid_empty(shape, ishape, ushape):
    """TF's rule: empty indices and updates fit any output; otherwise nothing may be empty."""
    sizes = [int(math.prod(s)) for s in (shape, ishape, ushape)]
    return (sizes[1] == 0 and sizes[2] == 0) or all(sizes)


def _nd_out_of_bounds(values, shape, depth):
    """TF's message for the first index tuple of `values` [..., depth] outside `shape`."""
    if not values.size:
        return None
    bounds = np.asarray(shape[:depth], np.int64)
    bad = np.argwhere(((values < 0) | (values >= bounds)).any(axis=-1))
    if not len(bad):
        return None
    pos = tuple(bad[0].tolist())
    return (f"indices[{','.join(map(str, pos))}] = [{', '.join(map(str, values[pos].tolist()))}]"
            f" does not index into shape {errors.shape_text(shape)}")


def _last_writes(indices, updates, rows, nd, inner):
    """Drop the updates that a later update of the same position overwrites (TF's CPU kernels
    apply updates in order), so the result and its gradient do not depend on scatter order.
    `rows` holds the index values as [N, depth] on the host."""
    if len(rows) < 2 or not rows.shape[1]:
        return indices, updates
    _, last_from_end = np.unique(rows[::-1], axis=0, return_index=True)
    if len(last_from_end) == len(rows):
        return indices, updates
    keep = wrap(jnp.asarray(np.sort(len(rows) - 1 - last_from_end), jnp.int64))
    gather_rows = (("axis", 0), ("batch_dims", 0))
    indices = _run(_GATHER, (reshape(indices, rows.shape if nd else rows.shape[:1]), keep),
                   gather_rows)
    if updates._rank():
        updates = _run(_GATHER, (reshape(updates, rows.shape[:1] + inner), keep), gather_rows)
    return indices, updates


def _same_type_operands(tensor, updates, op_name):
    """`tensor` and `updates` of a tensor_scatter op: a Python operand takes the other's dtype."""
    if not is_tensor_like(tensor) and is_tensor_like(updates):
        u = to_tensor(updates)
        t = to_tensor(tensor, u.dtype)
    else:
        t = to_tensor(tensor)
        u = to_tensor(updates) if is_tensor_like(updates) else to_tensor(updates, t.dtype)
    if u.dtype is not t.dtype:
        raise _dtype_mismatch(op_name, t.dtype, u.dtype, 2)
    return t, u


def _tensor_scatter(mode, tensor, indices, updates):
    op = _TENSOR_SCATTER[mode]
    t, u = _same_type_operands(tensor, updates, op.name)
    i = to_tensor(indices)
    _check_int_dtype(i, op.name, "Tindices", "int16, int32, int64, uint16")
    supported = (True if mode == "update" else
                 not (t.dtype.is_string or t.dtype.is_bool or
                      (mode in ("max", "min") and t.dtype.is_complex)))
    if i.dtype.name in ("int16", "uint16") or not supported:
        raise _no_kernel(op.name, f"T={_dt(t.dtype)}, Tindices={_dt(i.dtype)}")
    shape, ishape, ushape = t._shape_tuple(), i._shape_tuple(), u._shape_tuple()
    for label, s in (("Indices", ishape), ("Updates", ushape)):
        if not s:
            raise errors.invalid_argument(
                f"{label} shape must have rank at least one. Found:{errors.shape_text(s)}", op.name)
    if not _valid_empty(shape, ishape, ushape):
        raise errors.invalid_argument("Indices and updates specified for empty output shape",
                                      op.name)
    outer, depth = len(ishape) - 1, ishape[-1]
    if len(ushape) < outer or ushape[:outer] != ishape[:outer]:
        raise errors.invalid_argument(
            "Outer dimensions of indices and update must match. Indices shape: "
            f"{errors.shape_text(ishape)}, updates shape:{errors.shape_text(ushape)}", op.name)
    if len(ushape) - outer != len(shape) - depth:
        raise errors.invalid_argument(
            "Inner dimensions of output shape must match inner dimensions of updates shape. "
            f"Output: {errors.shape_text(shape)} updates: {errors.shape_text(ushape)}", op.name)
    if ushape[outer:] != shape[depth:]:
        raise errors.invalid_argument(
            f"The inner {len(shape) - depth} dimensions of output.shape={errors.shape_text(shape)} must "
            f"match the inner {len(ushape) - outer} dimensions of updates.shape="
            f"{errors.shape_text(ushape)}", op.name)
    values = np.asarray(i.numpy())
    message = _nd_out_of_bounds(values, shape, depth)
    if message:
        raise errors.invalid_argument(message, op.name)
    if mode == "update" and depth:
        i, u = _last_writes(i, u, values.reshape(-1, depth), True, shape[depth:])
    return _run(op, (t, i, u), (("mode", mode),))


def _tensor_scatter_front(mode, names):
    def front(tensor, indices, updates, name=None):
        return _tensor_scatter(mode, tensor, indices, updates)
    front.__name__ = front.__qualname__ = names[0]
    front.__doc__ = (f"`tf.{names[0]}`: a copy of `tensor` with `updates` {_MODE_TEXT[mode]} "
                     "the slices `indices` names (TF's shape and bounds checks).")
    return export(*names)(front)


_MODE_TEXT = {"update": "written over (the last of repeated indices wins)",
              "add": "added to", "sub": "subtracted from", "mul": "multiplying",
              "div": "dividing", "max": "maxed into", "min": "minned into"}
tensor_scatter_nd_update = _tensor_scatter_front(
    "update", ["tensor_scatter_nd_update", "tensor_scatter_update"])
tensor_scatter_nd_add = _tensor_scatter_front(
    "add", ["tensor_scatter_nd_add", "tensor_scatter_add"])
tensor_scatter_nd_sub = _tensor_scatter_front(
    "sub", ["tensor_scatter_nd_sub", "tensor_scatter_sub"])
tensor_scatter_nd_max = _tensor_scatter_front("max", ["tensor_scatter_nd_max"])
tensor_scatter_nd_min = _tensor_scatter_front("min", ["tensor_scatter_nd_min"])

_RESOURCE_TYPES = ("float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, "
                   "qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64")


def _variable_operands(ref, indices, updates):
    """The current value of variable `ref`, its `assign`, and the index/update tensors."""
    assign = ref.assign  # an AttributeError for anything that is not a variable, as in TF
    value = to_tensor(ref)
    return assign, value, to_tensor(indices), to_tensor(updates, value.dtype)


def _check_variable_dtype(op, mode, dtype, attrs):
    if mode == "update":
        return
    if dtype.is_string or dtype.is_bool:
        raise errors.invalid_argument(
            f"Value for attr 'dtype' of {kernel_type_name(dtype)} is not in the list of allowed "
            f"values: {_RESOURCE_TYPES}", op.name)
    if dtype.is_complex and mode in ("max", "min"):
        raise errors.InvalidArgumentError(
            None, None, f"No OpKernel was registered to support Op '{op.name}' used by "
                        f"{{{{node {op.name}}}}} with these attrs: [{attrs}] [Op:{op.name}]")


def _scatter_variable(mode, ref, indices, updates):
    op = _RESOURCE_SCATTER[mode]
    assign, value, i, u = _variable_operands(ref, indices, updates)
    _check_int_dtype(i, op.name, "Tindices", "int32, int64")
    _check_variable_dtype(op, mode, value.dtype,
                          f"Tindices={_dt(i.dtype)}, dtype={_dt(value.dtype)}")
    pshape, ishape, ushape = value._shape_tuple(), i._shape_tuple(), u._shape_tuple()
    if not pshape or (ushape and ushape != ishape + pshape[1:]):
        raise errors.invalid_argument(
            "Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], "
            f"got updates.shape {errors.shape_text(ushape)}, indices.shape {errors.shape_text(ishape)}, params.shape "
            f"{errors.shape_text(pshape)}", op.name)
    flat = np.asarray(i.numpy()).reshape(-1)
    bad = np.flatnonzero((flat < 0) | (flat >= pshape[0]))
    if bad.size:
        raise errors.invalid_argument(
            f"indices[{bad[0]}] = {flat[bad[0]]} is not in [0, {pshape[0]})", op.name)
    if mode == "div" and value.dtype.is_integer and not np.all(np.asarray(u.numpy())):
        raise errors.invalid_argument("updates must not contain 0", op.name)
    if mode == "update":
        i, u = _last_writes(i, u, flat.reshape(-1, 1), False, pshape[1:])
    return assign(_run(op, (value, i, u), (("mode", mode),)))


def _scatter_nd_variable(mode, ref, indices, updates):
    op = _RESOURCE_SCATTER_ND[mode]
    assign, value, i, u = _variable_operands(ref, indices, updates)
    _check_int_dtype(i, op.name, "Tindices", "int32, int64")
    if mode != "update" and (value.dtype.is_string or value.dtype.is_bool):
        raise errors.InvalidArgumentError(
            None, None, f"No OpKernel was registered to support Op '{op.name}' used by "
                        f"{{{{node {op.name}}}}} with these attrs: [Tindices={_dt(i.dtype)}, "
                        f"T={_dt(value.dtype)}] [Op:{op.name}]")
    pshape, ishape, ushape = value._shape_tuple(), i._shape_tuple(), u._shape_tuple()
    if not pshape:
        raise errors.invalid_argument(f"Output must be at least 1-D, got shape: {errors.shape_text(pshape)}",
                                      op.name)
    if not _valid_empty(pshape, ishape, ushape):
        raise errors.invalid_argument("Indices and updates specified for empty output.  "
                                      f"indices shape: {errors.shape_text(ishape)}", op.name)
    if not ishape or not ushape or ishape[0] != ushape[0]:
        first = lambda s: f" = {s[0]}" if s else ""  # noqa: E731
        raise errors.invalid_argument(
            f"Dimensions [0,1) of indices[shape={errors.shape_text(ishape)}]{first(ishape)} must match "
            f"dimensions [0,1) of updates[shape={errors.shape_text(ushape)}]{first(ushape)}", op.name)
    depth = ishape[-1] if len(ishape) > 1 else 1
    batch = len(ishape) - 1 if len(ishape) > 1 else 1
    prefix = errors.invalid_argument(
        f"Dimensions [0,{batch}) of indices[shape={errors.shape_text(ishape)}] must match dimensions "
        f"[0,{batch}) of updates[shape={errors.shape_text(ushape)}]", op.name)
    suffix = errors.invalid_argument(
        f"Dimensions [{depth},{len(pshape)}) of input[shape={errors.shape_text(pshape)}] must match "
        f"dimensions [{depth},{len(ushape)}) of updates[shape={errors.shape_text(ushape)}]", op.name)
    if len(ushape) < batch:
        raise prefix
    if len(pshape) < depth + len(ushape) - batch or len(ushape) != batch + len(pshape) - depth:
        raise suffix
    if ushape[:batch] != ishape[:batch]:
        raise prefix
    if ushape[batch:] != pshape[depth:]:
        raise suffix
    if len(ishape) == 1:
        i = reshape(i, ishape + (1,))
    values = np.asarray(i.numpy())
    message = _nd_out_of_bounds(values, pshape, depth)
    if message:
        raise errors.invalid_argument(message, op.name)
    if mode == "update":
        i, u = _last_writes(i, u, values.reshape(-1, depth), True, pshape[depth:])
    return assign(_run(op, (value, i, u), (("mode", mode),)))


def _variable_scatter_front(mode, name, nd):
    def front(ref, indices, updates, use_locking=mode == "update", name=None):
        if nd:
            return _scatter_nd_variable(mode, ref, indices, updates)
        return _scatter_variable(mode, ref, indices, updates)
    front.__name__ = front.__qualname__ = name
    target = "the elements `indices` names (tuples into the leading axes)" if nd else \
        "the rows `indices` names (a scalar `updates` applies to each)"
    front.__doc__ = (f"`tf.{name}`: updates variable `ref` in place with `updates` "
                     f"{_MODE_TEXT[mode]} {target}; returns the variable.")
    return export(name)(front)


for _mode in ("update", "add", "sub", "mul", "div", "max", "min"):
    _variable_scatter_front(_mode, f"scatter_{_mode}", nd=False)
for _mode in ("update", "add", "sub"):
    _variable_scatter_front(_mode, f"scatter_nd_{_mode}", nd=True)


@export("assign")
def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """TF1 `tf.assign`: `ref.assign(value)` (a shape mismatch raises; returns the variable)."""
    return ref.assign(value)


@export("assign_add")
def assign_add(ref, value, use_locking=None, name=None):
    """TF1 `tf.assign_add`: `ref.assign_add(value)`; `value` must have the variable's shape."""
    return ref.assign_add(value)


@export("assign_sub")
def assign_sub(ref, value, use_locking=None, name=None):
    """TF1 `tf.assign_sub`: `ref.assign_sub(value)`; `value` must have the variable's shape."""
    return ref.assign_sub(value)


# ---- IndexedSlices -------------------------------------------------------------------------------
# The class lives in framework/indexed_slices.py; this name stays for the modules that use it.
@export("broadcast_dynamic_shape")
def broadcast_dynamic_shape(shape_x, shape_y):
    """`tf.broadcast_dynamic_shape`: the broadcast of two shapes given as 1-D int tensors."""
    x, y = to_tensor(shape_x), to_tensor(shape_y)
    a, b = (np.asarray(t.numpy()).reshape(-1).tolist() for t in (x, y))
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        p = a[-i] if i <= len(a) else 1
        q = b[-i] if i <= len(b) else 1
        if p != q and 1 not in (p, q):
            raise errors.invalid_argument(
                f"Incompatible shapes: [{','.join(map(str, a))}] vs. [{','.join(map(str, b))}]",
                "BroadcastArgs")
        out.append(q if p == 1 else p)
    return convert_to_tensor(np.array(out[::-1], x.dtype.as_numpy_dtype).reshape(-1))


@export("broadcast_static_shape")
def broadcast_static_shape(shape_x, shape_y):
    """`tf.broadcast_static_shape`: the broadcast of two TensorShapes (ValueError if none)."""
    x, y = TensorShape(shape_x), TensorShape(shape_y)
    try:
        return TensorShape(np.broadcast_shapes(tuple(x.as_list()), tuple(y.as_list())))
    except ValueError:
        raise ValueError(f"Incompatible shapes for broadcasting: {x} and {y}") from None


from ..framework.indexed_slices import IndexedSlices  # noqa: E402,F401


# ---- SparseTensor to dense, reorder, add ---------------------------------------------------------
def _sparse_to_dense(indices, values, default, shape):
    dense = jnp.full(shape, default, default.dtype)
    return dense.at[_nd_key(indices)].set(values) if indices.shape[0] else dense


def _sparse_to_dense_host(indices, values, default, shape):
    dense = np.full(shape, np.asarray(default).item(), object)
    dense[_nd_key(np.asarray(indices))] = values
    return dense


_SPARSE_TO_DENSE = Op("SparseToDense", _sparse_to_dense, host_kernel=_sparse_to_dense_host)


def _sparse_index_message(rows, shape, validate):
    """TF's complaint about the first bad, unordered or repeated coordinate (None if valid)."""
    bounds = np.asarray(shape, np.int64)
    for n, row in enumerate(rows):
        text = "[" + ",".join(map(str, row.tolist())) + "]"
        if np.any((row < 0) | (row >= bounds)):
            if not validate:
                return f"Indices are not valid (out of bounds).  Shape: {errors.shape_text(shape)}"
            return f"indices[{n}] = {text} is out of bounds: need 0 <= index < {errors.shape_text(shape)}"
        if validate and n:
            previous = tuple(rows[n - 1].tolist())
            if tuple(row.tolist()) < previous:
                return (f"indices[{n}] = {text} is out of order. Many sparse ops require sorted "
                        "indices.\n    Use `tf.sparse.reorder` to create a correctly ordered "
                        "copy.\n\n")
            if tuple(row.tolist()) == previous:
                return f"indices[{n}] = {text} is repeated"
    return None


def _dense_from_coordinates(i, shape_t, values, default, validate):
    """The SparseToDense kernel's checks (TF's order and words), then the op."""
    op_name = "SparseToDense"
    _check_int_dtype(i, op_name, "Tindices", "int32, int64")
    if shape_t.dtype is not i.dtype:
        raise _dtype_mismatch(op_name, i.dtype, shape_t.dtype, 1)
    ishape = i._shape_tuple()
    if len(ishape) > 2:
        raise errors.invalid_argument(
            f"sparse_indices should be a scalar, vector, or matrix, got shape {errors.shape_text(ishape)}",
            op_name)
    count = ishape[0] if ishape else 1
    rank = ishape[1] if len(ishape) > 1 else 1
    if shape_t._rank() > 1:
        raise errors.invalid_argument(
            f"output_shape must be rank 1, got shape {errors.shape_text(shape_t._shape_tuple())}", op_name)
    shape = tuple(np.asarray(shape_t.numpy()).reshape(-1).tolist())
    if len(shape) != rank:
        raise errors.invalid_argument(
            f"output_shape has incorrect number of elements: {len(shape)} should be: {rank}",
            op_name)
    vshape = values._shape_tuple()
    if vshape and vshape != (count,):
        raise errors.invalid_argument(
            f"sparse_values has incorrect shape {errors.shape_text(vshape)}, should be [] or [{count}]",
            op_name)
    if default._rank():
        raise errors.invalid_argument("default_value should be a scalar.", op_name)
    rows = np.asarray(i.numpy()).reshape(count, rank)
    message = _sparse_index_message(rows, shape, validate)
    if message:
        raise errors.invalid_argument(message, op_name)
    i = reshape(i, (count, rank))
    return _run(_SPARSE_TO_DENSE, (i, values, default), (("shape", shape),))


def _check_sparse(sp_input):
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")


@export("sparse.to_dense", "sparse_tensor_to_dense")
def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """`tf.sparse.to_dense`: the dense tensor of a SparseTensor, `default_value` (zero or
    empty by default) elsewhere; with `validate_indices`, indices must be sorted and unique."""
    _check_sparse(sp_input)
    values = sp_input.values
    if default_value is None:
        default = to_tensor(b"" if values.dtype.is_string else 0, values.dtype)
    elif is_tensor_like(default_value):
        default = to_tensor(default_value)
        if default.dtype is not values.dtype:
            raise _dtype_mismatch("SparseToDense", values.dtype, default.dtype, 3)
    else:
        default = to_tensor(default_value, values.dtype)
    return _dense_from_coordinates(sp_input.indices, sp_input.dense_shape, values, default,
                                   bool(validate_indices))


@export("sparse_to_dense")
def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0,
                    validate_indices=True, name=None):
    """TF1 `tf.sparse_to_dense`: `sparse_values` (or one scalar) at `sparse_indices` (a
    scalar, vector or [N, rank] matrix) of a dense tensor of `output_shape`."""
    i, shape_t = _matching_tensors([sparse_indices, output_shape], "SparseToDense")
    values, default = _matching_tensors([sparse_values, default_value], "SparseToDense")
    return _dense_from_coordinates(i, shape_t, values, default, bool(validate_indices))


@export("sparse.reorder", "sparse_reorder")
def sparse_reorder(sp_input, name=None):
    """`tf.sparse.reorder`: the same SparseTensor with its entries in row-major order
    (stable for repeated indices; values are gathered, so gradients flow)."""
    _check_sparse(sp_input)
    rows = np.asarray(sp_input.indices.numpy())
    order = np.lexsort(rows.T[::-1]) if rows.size else np.arange(len(rows))
    positions = wrap(jnp.asarray(order, jnp.int64))
    values = _run(_GATHER, (sp_input.values, positions), (("axis", 0), ("batch_dims", 0)))
    return SparseTensor(wrap(jnp.asarray(rows[order], jnp.int64)), values, sp_input.dense_shape)


_SPARSE_DENSE_ADD = Op("SparseTensorDenseAdd", lambda indices, values, dense:
                       dense.at[_nd_key(indices)].add(values))
_SPARSE_ADD = Op("SparseAdd", lambda a, b, take_a, take_b:
                 jnp.where(take_a >= 0, a[jnp.maximum(take_a, 0)], jnp.zeros((), a.dtype))
                 + jnp.where(take_b >= 0, b[jnp.maximum(take_b, 0)], jnp.zeros((), b.dtype)))


def _sparse_dense_add(sp, dense):
    op_name = "SparseTensorDenseAdd"
    values = sp.values
    d = to_tensor(dense) if is_tensor_like(dense) else to_tensor(dense, values.dtype)
    if d.dtype is not values.dtype:
        raise _dtype_mismatch(op_name, values.dtype, d.dtype, 3)
    shape = tuple(np.asarray(sp.dense_shape.numpy()).tolist())
    dshape = d._shape_tuple()
    if len(shape) != len(dshape):
        raise errors.invalid_argument(
            f"Two operands have different ranks; received: {len(shape)} and {len(dshape)}",
            op_name)
    for i, (s, n) in enumerate(zip(shape, dshape)):
        if s != n:
            raise errors.invalid_argument(
                f"Dimension {i} does not equal (no broadcasting is supported): sparse side {s} "
                f"vs dense side {n}", op_name)
    rows = np.asarray(sp.indices.numpy())
    if rows.size and np.any((rows < 0) | (rows >= np.asarray(shape, np.int64))):
        raise errors.invalid_argument(
            "Provided indices are out-of-bounds w.r.t. dense side with broadcasted shape",
            op_name)
    return _run(_SPARSE_DENSE_ADD, (sp.indices, values, d))


def _sparse_sparse_add(a, b, threshold):
    op_name = "SparseAdd"
    if b.values.dtype is not a.values.dtype:
        raise _dtype_mismatch(op_name, a.values.dtype, b.values.dtype, 4)
    rows_a, rows_b = np.asarray(a.indices.numpy()), np.asarray(b.indices.numpy())
    if rows_a.shape[1] != rows_b.shape[1]:
        raise errors.invalid_argument(
            f"Input indices must have the same dimension, got {rows_a.shape[1]} and "
            f"{rows_b.shape[1]}", op_name)
    shape_a = np.asarray(a.dense_shape.numpy()).tolist()
    shape_b = np.asarray(b.dense_shape.numpy()).tolist()
    for d, (x, y) in enumerate(zip(shape_a, shape_b)):
        if x != y:
            raise errors.invalid_argument(
                f"Operands' shapes do not match: got {x} and {y} for dimension {d}", op_name)
    va, vb = np.asarray(a.values.numpy()), np.asarray(b.values.numpy())
    thresh = np.asarray(to_tensor(threshold, a.values.dtype.real_dtype).numpy())
    # TF's merge of two (assumed sorted) index lists: equal coordinates are summed and kept
    # when |sum| >= threshold; coordinates from one side are copied as they are.
    take_a, take_b, out_rows = [], [], []
    i = j = 0
    while i < len(rows_a) and j < len(rows_b):
        ra, rb = tuple(rows_a[i].tolist()), tuple(rows_b[j].tolist())
        if ra < rb:
            take_a.append(i), take_b.append(-1), out_rows.append(ra)
            i += 1
        elif rb < ra:
            take_a.append(-1), take_b.append(j), out_rows.append(rb)
            j += 1
        else:
            if np.abs(va[i] + vb[j]) >= thresh:
                take_a.append(i), take_b.append(j), out_rows.append(ra)
            i += 1
            j += 1
    for k in range(i, len(rows_a)):
        take_a.append(k), take_b.append(-1), out_rows.append(tuple(rows_a[k].tolist()))
    for k in range(j, len(rows_b)):
        take_a.append(-1), take_b.append(k), out_rows.append(tuple(rows_b[k].tolist()))
    values = _run(_SPARSE_ADD, (a.values, b.values, wrap(jnp.asarray(take_a, jnp.int64)),
                                wrap(jnp.asarray(take_b, jnp.int64))))
    indices = np.asarray(out_rows, np.int64).reshape(len(out_rows), rows_a.shape[1])
    return SparseTensor(wrap(jnp.asarray(indices)), values, a.dense_shape)


@export("sparse.add", "sparse_add")
def sparse_add(a, b, threshold=None, thresh=None):
    """`tf.sparse.add`: SparseTensor + dense gives a dense tensor (repeated indices add);
    SparseTensor + SparseTensor merges the (sorted) entries, summing shared coordinates and
    dropping sums whose magnitude is below `threshold` (TF1's `thresh`)."""
    threshold = deprecated_alias(threshold, thresh, "threshold", "thresh")
    sparse_a, sparse_b = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if not sparse_a and not sparse_b:
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add()?")
    if sparse_a and sparse_b:
        return _sparse_sparse_add(a, b, 0 if threshold is None else threshold)
    return _sparse_dense_add(a, b) if sparse_a else _sparse_dense_add(b, a)
