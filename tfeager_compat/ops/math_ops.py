"""Math ops: the elementwise table, reductions, matmul, scans, segment ops, clipping, top-k,
special functions, complex parts, sorting and searching, and the FFT family."""
import collections
import collections.abc
import functools
import math
import operator

import jax
import jax.numpy as jnp
from jax import lax
from jax.scipy import special
import numpy as np

from ..autodiff.graph import execute, execute_host
from ..framework import dtypes, errors
from ..framework.convert import binary_operands, convert_to_tensor, is_tensor_like, to_tensor
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor import wrap
from .declare import (BOOL, FLOAT_COMPLEX, FLOATING, INTEGER, NUMERIC, REAL, ANY, binary,
                      check_dtype, check_same_dtype, deprecated_alias, kernel_type_name,
                      numpy_types, unary)
from .registry import EXPORTS, Op, export


def _truediv(x, y):
    # TF casts integer operands of `/` to float64 (32/64-bit ints) or float32 (smaller ints).
    if jnp.issubdtype(x.dtype, jnp.integer):
        target = jnp.float64 if x.dtype.itemsize >= 4 else jnp.float32
        x, y = x.astype(target), y.astype(target)
    return x / y


def propagate_nan(result, *inputs):
    """`result` made NaN wherever an input is, as TF's max/min/relu kernels make it.

    The NaN is added as a constant, so the gradient stays the comparison's (TF's kernels
    send it by `x >= y` or `x > 0`, which is false at a NaN).
    """
    if not jnp.issubdtype(result.dtype, jnp.inexact):
        return result
    nan = functools.reduce(jnp.logical_or, [jnp.isnan(x) for x in inputs])
    # -0.0 leaves every value (signed zeros included) as it is.
    return result + lax.stop_gradient(jnp.where(nan, jnp.nan, -0.0).astype(result.dtype))


def _maximum(x, y):
    return propagate_nan(jnp.where(x >= y, x, y), x, y)  # at a tie the gradient goes to x


def _minimum(x, y):
    return propagate_nan(jnp.where(x <= y, x, y), x, y)


@jax.custom_jvp
def abs_kernel(x):
    """|x| with TF's gradient: sign(x) for reals (0 at 0), 0 at 0 for complex."""
    return jnp.abs(x)


@abs_kernel.defjvp
def _abs_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    if jnp.iscomplexobj(x):
        magnitude = jnp.abs(x)
        safe = jnp.where(magnitude == 0, jnp.ones_like(magnitude), magnitude)
        return magnitude, jnp.where(magnitude == 0, jnp.zeros_like(magnitude),
                                    jnp.real(jnp.conj(x) * t) / safe)  # TF: 0 at 0
    return jnp.abs(x), t * jnp.sign(x)  # TF: the gradient of |x| at 0 is 0


@jax.custom_jvp
def _pow(x, y):
    return jnp.power(x, y)


@_pow.defjvp
def _pow_jvp(primals, tangents):
    """TF's gradient of x ** y: y * x ** (y - 1), and z * log(x) where x > 0, else 0."""
    (x, y), (dx, dy) = primals, tangents
    z = jnp.power(x, y)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return z, jnp.zeros_like(z)
    positive = x != 0 if jnp.iscomplexobj(x) else x > 0
    log_x = jnp.where(positive, jnp.log(jnp.where(positive, x, jnp.ones_like(x))),
                      jnp.zeros_like(x))
    return z, dx * y * jnp.power(x, y - 1) + dy * z * log_x


@jax.custom_jvp
def _acosh(x):
    return jnp.arccosh(x)


@_acosh.defjvp
def _acosh_jvp(primals, tangents):
    """TF's gradient of acosh: 1 / sinh(acosh(x)) (NaN where acosh is)."""
    (x,), (t,) = primals, tangents
    y = jnp.arccosh(x)
    return y, t / jnp.sinh(y)


def _squared_difference(x, y):
    d = x - y
    return d * jnp.conj(d) if jnp.iscomplexobj(d) else jnp.square(d)


def _nonzero_divisor(op, x, y):
    """TF's integer division and modulo refuse a zero divisor."""
    if not np.all(y.numpy()):
        raise errors.invalid_argument("Integer division by zero", op.name)


_nonzero_divisor.dtypes = dtypes.INTEGER


def _nonnegative_exponent(op, x, y):
    if np.any(y.numpy() < 0):
        raise errors.invalid_argument("Integers to negative integer powers are not allowed",
                                      op.name)


_nonnegative_exponent.dtypes = dtypes.INTEGER
_UNSIGNED = frozenset((dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64))
SIGNED = NUMERIC - _UNSIGNED
COMPLEX = dtypes.COMPLEX
HALF = frozenset((dtypes.float16, dtypes.bfloat16))
_FLOAT_DOUBLE = frozenset((dtypes.float32, dtypes.float64))


def _round_half_even(x):
    return jnp.round(x) if jnp.issubdtype(x.dtype, jnp.floating) else x


# ---- elementwise table ---------------------------------------------------------------------
#      TF op              TF names                                     kernel       dtypes
unary("Neg",              "negative math.negative",                    jnp.negative, SIGNED)
_real_abs = unary("Abs",  "",                                          abs_kernel,  SIGNED - COMPLEX)
unary("Sign",             "sign math.sign",                            jnp.sign,    SIGNED)
unary("Square",           "square math.square",                        jnp.square,  NUMERIC)
unary("Sqrt",             "sqrt math.sqrt",                            jnp.sqrt,    FLOAT_COMPLEX)
unary("Rsqrt",            "rsqrt math.rsqrt",                          lax.rsqrt,   FLOAT_COMPLEX)
unary("Exp",              "exp math.exp",                              jnp.exp,     FLOAT_COMPLEX)
unary("Expm1",            "expm1 math.expm1",                          jnp.expm1,   FLOAT_COMPLEX)
unary("Log",              "log math.log",                              jnp.log,     FLOAT_COMPLEX)
unary("Log1p",            "log1p math.log1p",                          jnp.log1p,   FLOAT_COMPLEX)
unary("Sin",              "sin math.sin",                              jnp.sin,     FLOAT_COMPLEX)
unary("Cos",              "cos math.cos",                              jnp.cos,     FLOAT_COMPLEX)
unary("Tan",              "tan math.tan",                              jnp.tan,     FLOAT_COMPLEX)
unary("Asin",             "asin math.asin",                            jnp.arcsin,  FLOAT_COMPLEX)
unary("Acos",             "acos math.acos",                            jnp.arccos,  FLOAT_COMPLEX)
unary("Atan",             "atan math.atan",                            jnp.arctan,  FLOAT_COMPLEX)
unary("Sinh",             "sinh math.sinh",                            jnp.sinh,    FLOAT_COMPLEX)
unary("Cosh",             "cosh math.cosh",                            jnp.cosh,    FLOAT_COMPLEX)
unary("Tanh",             "tanh math.tanh nn.tanh",                    jnp.tanh,    FLOAT_COMPLEX)
unary("Sigmoid",          "sigmoid math.sigmoid nn.sigmoid",           jax.nn.sigmoid, FLOAT_COMPLEX)
unary("Erf",              "erf math.erf",                              jax.scipy.special.erf, FLOATING)
unary("Floor",            "floor math.floor",                          jnp.floor,   FLOATING)
unary("Ceil",             "ceil math.ceil",                            jnp.ceil,    FLOATING)
unary("Round",            "round math.round",                          _round_half_even, REAL,
      no_kernel=COMPLEX)  # integers come back as they are, as TF's `round` returns them
unary("Rint",             "rint math.rint",                            jnp.rint,    _FLOAT_DOUBLE,
      no_kernel=HALF)
unary("Reciprocal",       "reciprocal math.reciprocal",                jnp.reciprocal, FLOAT_COMPLEX,
      no_kernel=INTEGER - _UNSIGNED)
unary("IsNan",            "is_nan math.is_nan",                        jnp.isnan,   FLOATING)
unary("IsInf",            "is_inf math.is_inf",                        jnp.isinf,   FLOATING)
unary("IsFinite",         "is_finite math.is_finite",                  jnp.isfinite, FLOATING)
unary("LogicalNot",       "logical_not math.logical_not",              jnp.logical_not, BOOL)

binary("AddV2",           "add math.add",                              jnp.add,     NUMERIC,
       host_kernel=np.frompyfunc(operator.add, 2, 1))
binary("Sub",             "subtract math.subtract",                    jnp.subtract, NUMERIC)
binary("Mul",             "multiply math.multiply",                    jnp.multiply, NUMERIC)
binary("RealDiv",         "realdiv math.realdiv",                      jnp.divide,  FLOAT_COMPLEX,
       no_kernel=INTEGER)
binary("FloorDiv",        "floordiv math.floordiv",                    jnp.floor_divide, REAL,
       no_kernel=COMPLEX, check=_nonzero_divisor)
binary("FloorMod",        "floormod math.floormod mod math.mod",       jnp.mod,     REAL,
       check=_nonzero_divisor)
binary("Pow",             "pow math.pow",                              _pow,        SIGNED,
       check=_nonnegative_exponent)
binary("Atan2",           "atan2 math.atan2",                          jnp.arctan2, FLOATING)
binary("Maximum",         "maximum math.maximum",                      _maximum,    REAL)
binary("Minimum",         "minimum math.minimum",                      _minimum,    REAL)
binary("SquaredDifference", "squared_difference math.squared_difference",
       _squared_difference, NUMERIC - {dtypes.int8, dtypes.int16} - _UNSIGNED)
binary("Equal",           "equal math.equal",                          jnp.equal,   ANY,
       host_kernel=lambda x, y: np.equal(x, y).astype(bool))
binary("NotEqual",        "not_equal math.not_equal",                  jnp.not_equal, ANY,
       host_kernel=lambda x, y: np.not_equal(x, y).astype(bool))
binary("Less",            "less math.less",                            jnp.less,    REAL)
binary("LessEqual",       "less_equal math.less_equal",                jnp.less_equal, REAL)
binary("Greater",         "greater math.greater",                      jnp.greater, REAL)
binary("GreaterEqual",    "greater_equal math.greater_equal",          jnp.greater_equal, REAL)
_COMPLEX_ABS = Op("ComplexAbs", abs_kernel)


@export("abs", "math.abs")
def abs(x, name=None):
    """`tf.abs`, elementwise: TF's Abs kernel, or ComplexAbs (a real result) for complex."""
    x = to_tensor(x)
    if x.dtype.is_complex:
        return execute(_COMPLEX_ABS, (x,))
    return _real_abs(x)


_TRUEDIV = Op("RealDiv", _truediv)
_TRUEDIV_TYPES = numpy_types(NUMERIC)


@export("truediv", "math.truediv", "divide", "math.divide")
def truediv(x, y, name=None):
    """`tf.truediv`, `tf.divide` and `/`: true division; integers are divided as float64
    (float32 for 8- and 16-bit integers), as TF's `__truediv__` casts them.

    A Python operand takes the tensor's dtype; operands of two dtypes raise TF's TypeError.
    """
    try:
        x, y = binary_operands(x, y)
    except (TypeError, ValueError):  # TF converts each on its own, then compares
        x, y = to_tensor(x), to_tensor(y)
    if x.dtype is not y.dtype:
        raise TypeError(f"x and y must have the same dtype, got {x.dtype!r} != {y.dtype!r}")
    if x._aval.dtype not in _TRUEDIV_TYPES:
        raise TypeError(f"Invalid dtype {x.dtype!r} in __truediv__")
    return execute(_TRUEDIV, (x, y))


@export("div", "math.div")
def div(x, y, name=None):
    """`tf.div` as TF 1.15 defines it: `y` converted to `x`'s dtype (TF's conversion error
    otherwise), then true division for floats and complex, floor division otherwise."""
    x = to_tensor(x)
    y = to_tensor(y, x.dtype)
    if x.dtype.is_floating or x.dtype.is_complex:
        return EXPORTS["realdiv"](x, y)
    return EXPORTS["floordiv"](x, y)


binary("LogicalAnd",      "logical_and math.logical_and",              jnp.logical_and, BOOL)
binary("LogicalOr",       "logical_or math.logical_or",                jnp.logical_or, BOOL)
binary("LogicalXor",      "logical_xor math.logical_xor",              jnp.logical_xor, BOOL)


# ---- reductions ----------------------------------------------------------------------------
def dims_text(shape):
    """A shape as TF writes it inside error messages: `2,3`."""
    return ",".join(str(d) for d in shape)


def index_values(value, op_name):
    """An integer argument (Python, NumPy or an integer Tensor) as an int64 NumPy array."""
    if is_tensor_like(value):
        tensor = to_tensor(value)
        if not tensor.dtype.is_integer:
            raise errors.invalid_argument(
                f"Value for attr 'Tidx' of {kernel_type_name(tensor.dtype)} is not in the list "
                "of allowed values: int32, int64", op_name)
        return np.asarray(tensor.numpy()).astype(np.int64)
    array = np.asarray(value)
    if array.size and array.dtype.kind not in "iu":
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype int32")
    return array.astype(np.int64)


def reduction_axes(axis, rank, op_name):
    """TF's reduction `axis` argument as a sorted tuple of non-negative axes (None: all)."""
    if axis is None:
        return tuple(range(rank))
    out = []
    for a in index_values(axis, op_name).reshape(-1).tolist():
        if not -rank <= a < rank:
            raise errors.invalid_argument(
                f"Invalid reduction dimension ({a} for input with {rank} dimension(s)", op_name)
        a %= rank
        if a in out:
            raise errors.invalid_argument(
                f"Invalid reduction arguments: Axes contains duplicate dimension: {a}", op_name)
        out.append(a)
    return tuple(sorted(out))


def _reduced_shape(shape, axis, keepdims):
    return tuple(1 if i in axis else d for i, d in enumerate(shape) if keepdims or i not in axis)


def lowest(dtype):
    return -jnp.inf if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).min


def highest(dtype):
    return jnp.inf if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).max


def _extreme(reduce, identity):
    # TF reduces an empty axis to the identity (-inf, or the int minimum, for max); NumPy raises.
    def kernel(x, axis, keepdims):
        if any(x.shape[a] == 0 for a in axis):
            return jnp.full(_reduced_shape(x.shape, axis, keepdims), identity(x.dtype), x.dtype)
        return reduce(x, axis=axis, keepdims=keepdims)
    return kernel


reduce_max_kernel = _extreme(jnp.max, lowest)
reduce_min_kernel = _extreme(jnp.min, highest)


def _sum(x, axis, keepdims):
    return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)  # TF wraps in the dtype


def _prod(x, axis, keepdims):
    return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _mean(x, axis, keepdims):
    count = 1
    for a in axis:
        count *= x.shape[a]
    if jnp.issubdtype(x.dtype, jnp.integer):  # TF: integer mean truncates (and does not overflow)
        wide = jnp.int64 if jnp.issubdtype(x.dtype, jnp.signedinteger) else jnp.uint64
        total = jnp.sum(x, axis=axis, keepdims=keepdims, dtype=wide)
        return lax.div(total, jnp.asarray(max(count, 1), wide)).astype(x.dtype)
    return jnp.sum(x, axis=axis, keepdims=keepdims) / divisor(count, x.dtype)


def divisor(value, dtype):
    """`value` as a divisor XLA cannot fold: it turns `x / constant` into `x * (1 / constant)`,
    which can differ from TF's quotient in the last bit."""
    return lax.optimization_barrier(jnp.asarray(value, dtype))


def _euclidean_norm(x, axis, keepdims):
    if jnp.issubdtype(x.dtype, jnp.integer):  # TF: the square root truncated to the int dtype
        total = jnp.sum(jnp.square(x.astype(jnp.float64)), axis=axis, keepdims=keepdims)
        return jnp.floor(jnp.sqrt(total)).astype(x.dtype)
    return jnp.sqrt(jnp.sum(x * jnp.conj(x), axis=axis, keepdims=keepdims))


class _AllAxes(dict):
    """rank -> the attributes of a reduction over every axis (the common call, made once)."""

    def __missing__(self, rank):
        attrs = self[rank] = (("axis", tuple(range(rank))), ("keepdims", False))
        return attrs


_ALL_AXES = _AllAxes()


def _reduction(op_name, names, kernel, allowed):
    op = Op(op_name, kernel)
    allowed_np = numpy_types(allowed)

    def front(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
              keep_dims=None):
        bool_only = allowed is BOOL and not is_tensor_like(input_tensor)
        x = to_tensor(input_tensor, dtypes.bool_ if bool_only else None)  # TF: bool-typed
        if x._aval.dtype not in allowed_np:
            if allowed is BOOL:
                raise errors.invalid_argument(
                    f"cannot compute {op_name} as input #0(zero-based) was expected to be a "
                    f"bool tensor but is a {kernel_type_name(x.dtype)} tensor", op_name)
            check_dtype(op, x, allowed_np)
        if reduction_indices is not None:
            axis = deprecated_alias(axis, reduction_indices, "axis", "reduction_indices")
        if keep_dims is not None:
            keepdims = deprecated_alias(keepdims, keep_dims, "keepdims", "keep_dims")
        rank = len(x._aval.shape)
        if axis is None and not keepdims:
            return execute(op, (x,), _ALL_AXES[rank])
        axes = reduction_axes(axis, rank, op_name)
        return execute(op, (x,), (("axis", axes), ("keepdims", bool(keepdims))))

    front.__name__ = names.split()[0].split(".")[-1]
    front.__doc__ = (f"`tf.{names.split()[0]}` over `axis` (all axes if None); TF1's "
                     "`reduction_indices` and `keep_dims` are accepted.")
    return export(*names.split())(front)


_reduction("Sum", "reduce_sum math.reduce_sum", _sum, NUMERIC)
_reduction("Mean", "reduce_mean math.reduce_mean", _mean, NUMERIC)
_reduction("Max", "reduce_max math.reduce_max", reduce_max_kernel, REAL)
_reduction("Min", "reduce_min math.reduce_min", reduce_min_kernel, REAL)
_reduction("Prod", "reduce_prod math.reduce_prod", _prod, NUMERIC)
_reduction("All", "reduce_all math.reduce_all", lambda x, axis, keepdims:
           jnp.all(x, axis=axis, keepdims=keepdims), BOOL)
_reduction("Any", "reduce_any math.reduce_any", lambda x, axis, keepdims:
           jnp.any(x, axis=axis, keepdims=keepdims), BOOL)
_reduction("ReduceLogSumExp", "reduce_logsumexp math.reduce_logsumexp",
           lambda x, axis, keepdims: jax.nn.logsumexp(x, axis=axis, keepdims=keepdims), FLOATING)
_reduction("EuclideanNorm", "math.reduce_euclidean_norm", _euclidean_norm, NUMERIC)


# ---- matmul --------------------------------------------------------------------------------
def _matmul(a, b, transpose_a, transpose_b, adjoint_a, adjoint_b):
    if transpose_a or adjoint_a:
        a = jnp.swapaxes(a, -1, -2)
        a = jnp.conj(a) if adjoint_a else a
    if transpose_b or adjoint_b:
        b = jnp.swapaxes(b, -1, -2)
        b = jnp.conj(b) if adjoint_b else b
    return jnp.matmul(a, b)


_MATMUL = Op("MatMul", _matmul)
_MATMUL_TYPES = numpy_types(NUMERIC - {dtypes.int8, dtypes.uint8, dtypes.int16})


@export("matmul", "linalg.matmul")
def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """`tf.matmul`: (batched) matrix product; shapes are checked at the call as TF does.

    A non-tensor `a` is converted on its own (`tf.matmul(list, float64_tensor)` fails), as TF
    converts it.
    """
    if not is_tensor_like(a):
        a = to_tensor(a)
    a, b = binary_operands(a, b)
    check_same_dtype(_MATMUL, (a, b))
    check_dtype(_MATMUL, a, _MATMUL_TYPES)
    sa, sb = a._shape_tuple(), b._shape_tuple()
    if len(sa) < 2 or len(sb) < 2:
        raise errors.invalid_argument(
            f"In[0] and In[1] has different ndims: {list(sa)} vs. {list(sb)}"
            if len(sa) != len(sb) else
            f"In[0] is not a matrix. Instead it has shape {list(sa)}", _MATMUL.name)
    inner_a = sa[-2] if (transpose_a or adjoint_a) else sa[-1]
    inner_b = sb[-1] if (transpose_b or adjoint_b) else sb[-2]
    if inner_a != inner_b:
        raise errors.invalid_argument(
            "Matrix size-incompatible: In[0]: [%s], In[1]: [%s]" % (
                ",".join(map(str, sa)), ",".join(map(str, sb))), _MATMUL.name)
    attrs = (("transpose_a", bool(transpose_a)), ("transpose_b", bool(transpose_b)),
             ("adjoint_a", bool(adjoint_a)), ("adjoint_b", bool(adjoint_b)))
    return execute(_MATMUL, (a, b), attrs)


# ---- more elementwise ops ------------------------------------------------------------------
def _log_sigmoid(x):
    return -jax.nn.softplus(-x)


def _truncatediv(x, y):
    return lax.div(x, y) if jnp.issubdtype(x.dtype, jnp.integer) else jnp.trunc(x / y)


def _safe_y(x, y, fill):
    return jnp.where(x == 0, jnp.asarray(fill, y.dtype), y)  # keeps the x == 0 gradient finite


def _xdivy(x, y):
    return jnp.where(x == 0, jnp.zeros_like(x), x / _safe_y(x, y, 1))


def _xlogy(x, y):
    return jnp.where(x == 0, jnp.zeros_like(x), x * jnp.log(_safe_y(x, y, 1)))


def _xlog1py(x, y):
    return jnp.where(x == 0, jnp.zeros_like(x), x * jnp.log1p(_safe_y(x, y, 0)))


def _shift(x, y):
    return jnp.clip(y, 0, x.dtype.itemsize * 8 - 1)  # TF clamps the shift to [0, bits - 1]


def _left_shift(x, y):
    return lax.shift_left(x, _shift(x, y))


def _right_shift(x, y):
    if jnp.issubdtype(x.dtype, jnp.signedinteger):
        return lax.shift_right_arithmetic(x, _shift(x, y))
    return lax.shift_right_logical(x, _shift(x, y))


_TRUNCATE_MOD_TYPES = frozenset((dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64))

#      TF op              TF names                                     kernel       dtypes
unary("Softplus",         "log_sigmoid math.log_sigmoid",              _log_sigmoid, FLOATING,
      doc="`tf.log_sigmoid`: `-softplus(-x)` (TF's errors name Softplus).")
binary("TruncateDiv",     "truncatediv",                               _truncatediv, REAL,
       no_kernel=COMPLEX, check=_nonzero_divisor)
binary("TruncateMod",     "truncatemod",                               jnp.fmod,    _TRUNCATE_MOD_TYPES,
       no_kernel=HALF, check=_nonzero_divisor)
binary("Xdivy",           "math.xdivy",                                _xdivy,      FLOAT_COMPLEX)
binary("Xlogy",           "math.xlogy",                                _xlogy,      FLOAT_COMPLEX)
binary("Xlog1py",         "math.xlog1py",                              _xlog1py,    FLOAT_COMPLEX)
binary("BitwiseAnd",      "bitwise.bitwise_and",                       jnp.bitwise_and, INTEGER)
binary("BitwiseOr",       "bitwise.bitwise_or",                        jnp.bitwise_or, INTEGER)
binary("BitwiseXor",      "bitwise.bitwise_xor",                       jnp.bitwise_xor, INTEGER)
unary("Invert",           "bitwise.invert",                            jnp.invert,  INTEGER)
binary("LeftShift",       "bitwise.left_shift",                        _left_shift, INTEGER)
binary("RightShift",      "bitwise.right_shift",                       _right_shift, INTEGER)

_multiply, _minimum_front, _maximum_front = (EXPORTS["multiply"], EXPORTS["minimum"],
                                             EXPORTS["maximum"])


@export("scalar_mul", "math.scalar_mul")
def scalar_mul(scalar, x, name=None):
    """`tf.scalar_mul`: a 0-D `scalar` (converted to x's dtype) times `x`."""
    x = to_tensor(x)
    try:
        scalar = to_tensor(scalar, x.dtype)
    except ValueError as e:
        raise ValueError(f"scalar: {e}") from None
    if scalar._rank():
        raise ValueError(f"The input scalar must be a 0-D value. Received shape "
                         f"{scalar._shape_tuple()}.")
    return _multiply(scalar, x)


# ---- add_n ---------------------------------------------------------------------------------
_ADD_N = Op("AddN", lambda *xs: functools.reduce(jnp.add, xs))
_ADD_N_TYPES = numpy_types(NUMERIC)


@export("add_n", "math.add_n")
def add_n(inputs, name=None):
    """`tf.add_n`: the sum of same-shape, same-dtype tensors (one Tensor comes back as is; an
    IndexedSlices is made dense, as in TF)."""
    inputs = list(inputs) if inputs is not None else []
    if not inputs or any(t is None for t in inputs):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with "
                         "the same dtype and shape.")
    if len(inputs) == 1:
        return to_tensor(inputs[0])
    tensors = tuple(to_tensor(t) for t in inputs)
    check_same_dtype(_ADD_N, tensors)
    check_dtype(_ADD_N, tensors[0], _ADD_N_TYPES)
    first = tensors[0]._shape_tuple()
    for i, t in enumerate(tensors[1:], 1):
        if t._shape_tuple() != first:
            raise errors.invalid_argument(
                "Inputs to operation AddN of type AddN must have the same size and shape.  "
                f"Input 0: [{dims_text(first)}] != input {i}: [{dims_text(t._shape_tuple())}]",
                "AddN")
    return execute(_ADD_N, tensors)


@export("accumulate_n", "math.accumulate_n")
def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """`tf.accumulate_n`: `add_n` with TF's static checks of `shape` and `tensor_dtype`."""
    message = "inputs must be a list of at least one Tensor with the same dtype and shape"
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError(message)
    tensors = [to_tensor(t) for t in inputs]
    if any(t.dtype != tensors[0].dtype for t in tensors):
        raise ValueError(message)
    known = None if shape is None else tuple(shape)
    for t in tensors:
        current = t._shape_tuple()
        if known is not None and (len(known) != len(current) or any(
                k is not None and k != d for k, d in zip(known, current))):
            raise ValueError(f"Shapes {known} and {current} are not compatible")
        known = current
    if tensor_dtype is not None and dtypes.as_dtype(tensor_dtype) != tensors[0].dtype:
        raise TypeError(f"The `tensor_dtype` argument is {dtypes.as_dtype(tensor_dtype)}, but "
                        f"`input` is of type {tensors[0].dtype}. These must be equal. Try "
                        "casting the input to the desired type.")
    return tensors[0] if len(tensors) == 1 else add_n(tensors)


# ---- argmax / argmin -----------------------------------------------------------------------
def _arg_extreme(x, axis, output_type, largest):
    if jnp.issubdtype(x.dtype, jnp.floating):
        # TF skips NaNs (index 0 if all are NaN): the first index holding the nan-max.
        best = (jnp.nanmax if largest else jnp.nanmin)(x, axis=axis, keepdims=True)
        index = jnp.argmax(x == best, axis=axis)
    else:
        index = (jnp.argmax if largest else jnp.argmin)(x, axis=axis)
    return index.astype(output_type)


_ARG_TYPES = numpy_types(REAL | BOOL)
_ARG_OUTPUT_TYPES = frozenset((dtypes.int16, dtypes.uint16, dtypes.int32, dtypes.int64))


def _arg_front(op, largest):
    def front(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):
        axis = deprecated_alias(axis, dimension, "axis", "dimension")
        axis = 0 if axis is None else axis
        x = to_tensor(input)
        check_dtype(op, x, _ARG_TYPES)
        if is_tensor_like(axis):
            axis_tensor = to_tensor(axis)
            if not axis_tensor.dtype.is_integer or axis_tensor._rank():
                raise TypeError("axis must be int or Tensor with integer datatype")
            axis = int(axis_tensor.numpy())
        elif isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
            raise TypeError("axis must be int or Tensor with integer datatype")
        rank, shape = x._rank(), x._shape_tuple()
        if not -rank <= axis < rank:
            raise errors.invalid_argument(
                f"Expected dimension in the range [{-rank}, {rank}), but got {axis}", op.name)
        axis = int(axis) % rank
        if shape[axis] == 0:
            raise errors.invalid_argument(
                f"Reduction axis {axis} is empty in shape [{dims_text(shape)}]", op.name)
        output_type = dtypes.as_dtype(output_type)
        if output_type not in _ARG_OUTPUT_TYPES:
            raise errors.invalid_argument(
                f"Value for attr 'output_type' of {kernel_type_name(output_type)} is not in the "
                "list of allowed values: int16, uint16, int32, int64", op.name)
        return execute(op, (x,), (("axis", axis), ("largest", largest),
                                  ("output_type", np.dtype(output_type.as_numpy_dtype))))

    kind = "max" if largest else "min"
    front.__name__ = f"arg{kind}"
    front.__doc__ = (f"`tf.arg{kind}`: the index of the {kind} along `axis` (TF1 `dimension`; "
                     "axis 0 if neither), int64 unless `output_type`; NaNs are skipped as TF "
                     "does.")
    return front


_ARGMAX = Op("ArgMax", _arg_extreme)
_ARGMIN = Op("ArgMin", _arg_extreme)
argmax = export("argmax", "math.argmax", "arg_max")(_arg_front(_ARGMAX, True))
argmin = export("argmin", "math.argmin", "arg_min")(_arg_front(_ARGMIN, False))


# ---- cumulative sums and products ----------------------------------------------------------
def _scan(x, axis, exclusive, reverse, product):
    if reverse:
        x = jnp.flip(x, axis)
    out = (jnp.cumprod if product else jnp.cumsum)(x, axis=axis, dtype=x.dtype)
    n = x.shape[axis]
    if exclusive and n:
        head = jnp.full_like(lax.slice_in_dim(out, 0, 1, axis=axis), 1 if product else 0)
        out = jnp.concatenate([head, lax.slice_in_dim(out, 0, n - 1, axis=axis)], axis=axis)
    return jnp.flip(out, axis) if reverse else out


def scan_axis(axis, x, op):
    """A scan's axis as a non-negative int, with TF's ScanOp errors."""
    axes = index_values(axis, op.name)
    if axes.ndim:
        raise errors.invalid_argument(
            f"ScanOp: axis must be a scalar, not [{dims_text(axes.shape)}]", op.name)
    axis, rank = int(axes), x._rank()
    if not -rank <= axis < rank:
        raise errors.invalid_argument(
            "ScanOp: Expected scan axis in the range "
            f"[{-rank}, {rank}), but got {axis + rank if axis < 0 else axis}", op.name)
    return axis % rank


def _scan_front(op, product):
    allowed = numpy_types(NUMERIC)

    def front(x, axis=0, exclusive=False, reverse=False, name=None):
        x = to_tensor(x)
        check_dtype(op, x, allowed)
        return execute(op, (x,), (("axis", scan_axis(axis, x, op)),
                                  ("exclusive", bool(exclusive)), ("reverse", bool(reverse)),
                                  ("product", product)))

    kind = "cumprod" if product else "cumsum"
    front.__name__ = kind
    front.__doc__ = (f"`tf.{kind}` along `axis`; `exclusive` leaves out the current element, "
                     "`reverse` scans from the end.")
    return front


cumsum = export("cumsum", "math.cumsum")(_scan_front(Op("Cumsum", _scan), False))
cumprod = export("cumprod", "math.cumprod")(_scan_front(Op("Cumprod", _scan), True))


# ---- count_nonzero -------------------------------------------------------------------------
def _count_nonzero(x, axis, keepdims, dtype):
    nonzero = x != jnp.zeros((), x.dtype)
    return jnp.sum(nonzero, axis=axis, keepdims=keepdims, dtype=jnp.int64).astype(dtype)


_COUNT_NONZERO = Op("CountNonzero", _count_nonzero)


@export("count_nonzero", "math.count_nonzero")
def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):
    """`tf.count_nonzero`: non-zero (non-empty for strings) entries over `axis`, as `dtype`."""
    x = to_tensor(deprecated_alias(input_tensor, input, "input_tensor", "input"))
    axis = deprecated_alias(axis, reduction_indices, "axis", "reduction_indices")
    keepdims = bool(deprecated_alias(keepdims, keep_dims, "keepdims", "keep_dims"))
    axes = reduction_axes(axis, x._rank(), "Sum")
    dtype = np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype)
    if x.dtype.is_string:
        counts = np.sum(x.numpy() != b"", axis=axes, keepdims=keepdims)
        return wrap(jnp.asarray(counts, dtype))
    return execute(_COUNT_NONZERO, (x,), (("axis", axes), ("keepdims", keepdims),
                                          ("dtype", dtype)))


# ---- linspace ------------------------------------------------------------------------------
def _linspace(start, stop, num, axis, dtype):
    start, stop = start.astype(dtype), stop.astype(dtype)
    shape = jnp.broadcast_shapes(start.shape, stop.shape)
    delta = (stop - start) / divisor(max(num - 1, 1), dtype)
    out = start + jnp.arange(num, dtype=dtype).reshape((num,) + (1,) * len(shape)) * delta
    if num > 1:  # TF: the last value is `stop` exactly
        out = out.at[num - 1].set(jnp.broadcast_to(stop, shape))
    return jnp.moveaxis(out, 0, axis % (len(shape) + 1))


_LINSPACE = Op("LinSpace", _linspace)


@export("lin_space", "linspace")
def linspace(start, stop, num, name=None, axis=0):
    """`tf.linspace`: `num` evenly spaced values from `start` to `stop` (both included).

    Integer bounds give float64 values, as TF 2's `linspace` does.
    """
    start = to_tensor(start)
    try:
        stop = to_tensor(stop, start.dtype)
    except ValueError as e:
        raise ValueError(f"stop: {e}") from None
    num = int(index_values(num, "LinSpace"))
    if num < 0:
        raise errors.invalid_argument(f"Requires start <= limit when delta > 0: 1/{num}", "Range")
    dtype = np.dtype(np.float64) if start.dtype.is_integer else start._meta().dtype
    return execute(_LINSPACE, (start, stop), (("num", num), ("axis", int(axis)),
                                              ("dtype", dtype)))


# ---- clipping and norms of tensor lists ----------------------------------------------------
@export("clip_by_value")
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """`tf.clip_by_value`: `maximum(minimum(t, max), min)`, as TF composes it.

    The bounds broadcast against `t` but may not grow it; at a bound the gradient goes to `t`.
    An IndexedSlices has its values clipped.
    """
    if type(t) is IndexedSlices:
        return IndexedSlices(clip_by_value(t.values, clip_value_min, clip_value_max),
                             t.indices, t.dense_shape)
    t = to_tensor(t)
    shape = t._shape_tuple()
    clipped = _minimum_front(t, clip_value_max)
    clipped = _maximum_front(clipped, clip_value_min)
    if clipped._shape_tuple() != shape:
        raise ValueError(f"Shapes {shape} and {clipped._shape_tuple()} are incompatible")
    return clipped


def _clip_by_norm(t, clip_norm, axes):
    l2sum = jnp.sum(t * t, axis=axes, keepdims=True)
    positive = l2sum > 0
    l2norm = jnp.where(positive, jnp.sqrt(jnp.where(positive, l2sum, 1)), l2sum)
    return t * clip_norm / _maximum(l2norm, clip_norm)  # a NaN makes every value NaN


_CLIP_BY_NORM = Op("ClipByNorm", _clip_by_norm)
_FLOAT_TYPES = numpy_types(FLOATING)


@export("clip_by_norm")
def clip_by_norm(t, clip_norm, axes=None, name=None):
    """`tf.clip_by_norm`: `t * clip_norm / max(l2norm(t, axes), clip_norm)` (0 stays 0); an
    IndexedSlices has its values clipped (by the norm of its values)."""
    if type(t) is IndexedSlices:
        return IndexedSlices(clip_by_norm(t.values, clip_norm, axes), t.indices, t.dense_shape)
    t = to_tensor(t)
    check_dtype(_CLIP_BY_NORM, t, _FLOAT_TYPES)
    clip_norm = to_tensor(clip_norm, t.dtype)
    axes = reduction_axes(axes, t._rank(), "Sum")
    return execute(_CLIP_BY_NORM, (t, clip_norm), (("axes", axes),))


def _global_norm(*ts):
    return jnp.sqrt(functools.reduce(jnp.add, [jnp.sum(t * t) for t in ts]))


def _clip_by_global_norm(*arrays, given_norm):
    if given_norm:
        ts, clip_norm, norm = arrays[:-2], arrays[-2], arrays[-1]
    else:
        ts, clip_norm = arrays[:-1], arrays[-1]
        norm = _global_norm(*ts)
    inverse_norm, inverse_clip = 1 / norm, 1 / clip_norm
    scale = clip_norm * jnp.where(inverse_norm <= inverse_clip, inverse_norm, inverse_clip)
    scale = scale + (norm - norm)  # an infinite norm makes every value NaN, as in TF
    return tuple(t * scale.astype(t.dtype) for t in ts) + (norm,)


_GLOBAL_NORM = Op("GlobalNorm", _global_norm)
_CLIP_BY_GLOBAL_NORM = Op("ClipByGlobalNorm", _clip_by_global_norm)


def _tensor_list(t_list):
    if is_tensor_like(t_list) or not isinstance(t_list, collections.abc.Sequence):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    tensors = tuple(to_tensor(t.values if type(t) is IndexedSlices else t)
                    for t in t_list if t is not None)
    if tensors:
        check_same_dtype(_GLOBAL_NORM, tensors)
        check_dtype(_GLOBAL_NORM, tensors[0], _FLOAT_TYPES)
    return tensors


@export("global_norm", "linalg.global_norm")
def global_norm(t_list, name=None):
    """`tf.global_norm`: sqrt of the sum of squares of all entries of all tensors (None skipped;
    the values of an IndexedSlices, a row named twice counting twice)."""
    tensors = _tensor_list(t_list)
    if not tensors:
        return wrap(jnp.zeros((), jnp.float32))
    return execute(_GLOBAL_NORM, tensors)


@export("clip_by_global_norm")
def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """`tf.clip_by_global_norm`: `(list_clipped, global_norm)`; None entries stay None.

    Each tensor is scaled by `clip_norm / max(global_norm, clip_norm)`; an IndexedSlices by
    its values, and comes back an IndexedSlices.
    """
    tensors = _tensor_list(t_list)
    if use_norm is None and not tensors:
        return [None] * len(t_list), global_norm(t_list)
    norm_dtype = tensors[0].dtype if tensors else to_tensor(use_norm).dtype
    inputs = tensors + (to_tensor(clip_norm, norm_dtype),)
    if use_norm is not None:
        inputs += (to_tensor(use_norm, norm_dtype),)
    outputs = execute(_CLIP_BY_GLOBAL_NORM, inputs, (("given_norm", use_norm is not None),))
    clipped = iter(outputs[:-1])
    return [None if t is None else
            IndexedSlices(next(clipped), t.indices, t.dense_shape) if type(t) is IndexedSlices else
            next(clipped) for t in t_list], outputs[-1]


# ---- top-k and monotonicity ----------------------------------------------------------------
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _top_k(x, k):
    key = x
    if jnp.issubdtype(x.dtype, jnp.floating):  # TF: NaN ranks last, -0 ties with 0
        key = jnp.where(jnp.isnan(x), -jnp.inf, jnp.where(x == 0, jnp.zeros_like(x), x))
    _, indices = lax.top_k(key, k)
    return jnp.take_along_axis(x, indices, axis=-1), indices.astype(jnp.int32)


_TOP_K = Op("TopKV2", _top_k)
_TOP_K_TYPES = numpy_types(REAL)


@export("nn.top_k", "math.top_k")
def top_k(input, k=1, sorted=True, name=None):
    """`tf.nn.top_k`: the `k` largest entries of the last axis and their int32 indices.

    Ties keep the lower index first. Differences from TensorFlow: `sorted=False` still
    returns them sorted (TF leaves their order unspecified).
    """
    x = to_tensor(input)
    check_dtype(_TOP_K, x, _TOP_K_TYPES)
    k = int(index_values(k, _TOP_K.name))
    shape = x._shape_tuple()
    if not shape:
        raise errors.invalid_argument(f"input must be >= 1-D, got shape [{dims_text(shape)}]",
                                      _TOP_K.name)
    if k < 0:
        raise errors.invalid_argument(f"Need k >= 0, got {k}", _TOP_K.name)
    if shape[-1] < k:
        raise errors.invalid_argument(
            f"input must have at least k columns. Had {shape[-1]}, needed {k}", _TOP_K.name)
    return TopKV2(*execute(_TOP_K, (x,), (("k", k),)))


def _in_top_k(predictions, targets, k):
    classes = predictions.shape[1]
    valid = (targets >= 0) & (targets < classes)
    safe = jnp.where(valid, targets, jnp.zeros_like(targets))
    target_values = jnp.take_along_axis(predictions, safe[:, None], axis=1)
    better = jnp.sum(predictions > target_values, axis=1)
    finite = jnp.all(jnp.isfinite(predictions), axis=1)
    return valid & finite & (better < k)


_IN_TOP_K = Op("InTopKV2", _in_top_k)
_INDEX_TYPES = numpy_types((dtypes.int32, dtypes.int64))


@export("nn.in_top_k", "math.in_top_k")
def in_top_k(predictions, targets, k, name=None):
    """`tf.nn.in_top_k`: whether each target is among the `k` largest float32 predictions.

    Ties count in the target's favour; a row with a non-finite prediction gives False.
    """
    predictions = to_tensor(predictions, dtypes.float32)
    targets = to_tensor(targets)
    check_dtype(_IN_TOP_K, targets, _INDEX_TYPES)
    k = int(index_values(k, _IN_TOP_K.name))
    if predictions._rank() != 2:
        raise errors.invalid_argument("predictions must be 2-dimensional", _IN_TOP_K.name)
    if targets._rank() != 1:
        raise errors.invalid_argument("targets must be 1-dimensional", _IN_TOP_K.name)
    if targets._shape_tuple()[0] != predictions._shape_tuple()[0]:
        raise errors.invalid_argument(
            f"First dimension of predictions {predictions._shape_tuple()[0]} must match length "
            f"of targets {targets._shape_tuple()[0]}", _IN_TOP_K.name)
    return execute(_IN_TOP_K, (predictions, targets), (("k", k),))


def _monotonic(x, strict):
    flat = x.reshape(-1)
    pairs = flat[1:] > flat[:-1] if strict else flat[1:] >= flat[:-1]
    return jnp.all(pairs)


_MONOTONIC = Op("IsMonotonic", _monotonic)


def _monotonic_front(strict):
    def front(x, name=None):
        x = to_tensor(x)
        if x.dtype.is_bool or x.dtype.is_string:
            raise TypeError(f"Expected x to be numeric, instead found: {x!s}")
        check_dtype(_MONOTONIC, x, _TOP_K_TYPES)
        return execute(_MONOTONIC, (x,), (("strict", strict),))

    kind = "is_strictly_increasing" if strict else "is_non_decreasing"
    front.__name__ = kind
    front.__doc__ = (f"`tf.{kind}`: a bool scalar, True when each entry of the flattened `x` "
                     f"is {'greater than' if strict else 'at least'} the one before it.")
    return front


is_non_decreasing = export("is_non_decreasing", "math.is_non_decreasing")(
    _monotonic_front(False))
is_strictly_increasing = export("is_strictly_increasing", "math.is_strictly_increasing")(
    _monotonic_front(True))


# ---- value-indexed ops: segments, bincount, confusion matrix -------------------------------
def _segment_reduce(data, ids, num_segments, kind, sorted_ids):
    """Reduce the rows of `data` into `num_segments` rows by `ids` (negative ids are dropped)."""
    data = data.reshape((ids.size,) + data.shape[ids.ndim:])
    ids = ids.reshape(-1)
    if kind == "prod":  # a dense mask: jax has no gradient for a scatter-multiply
        mask = ids[None, :] == jnp.arange(num_segments, dtype=ids.dtype)[:, None]
        mask = mask.reshape(mask.shape + (1,) * (data.ndim - 1))
        return jnp.prod(jnp.where(mask, data[None], jnp.ones_like(data[None])), axis=1,
                        dtype=data.dtype)
    total = jax.ops.segment_sum(data, ids, num_segments)
    if kind == "sum":
        return total
    counts = jax.ops.segment_sum(jnp.ones(ids.shape, jnp.int64), ids, num_segments)
    counts = counts.reshape((num_segments,) + (1,) * (data.ndim - 1))
    if kind in ("max", "min"):
        reduce = jax.ops.segment_max if kind == "max" else jax.ops.segment_min
        info = jnp.finfo(data.dtype) if jnp.issubdtype(data.dtype, jnp.floating) else \
            jnp.iinfo(data.dtype)
        # An empty segment: 0 for tf.segment_*, the finite extreme for tf.unsorted_segment_*.
        filler = 0 if sorted_ids else (info.min if kind == "max" else info.max)
        return jnp.where(counts > 0, reduce(data, ids, num_segments),
                         jnp.asarray(filler, data.dtype))
    if jnp.issubdtype(data.dtype, jnp.integer):
        if sorted_ids:  # tf.segment_mean divides integers, truncating
            return lax.div(total, jnp.maximum(counts, 1).astype(data.dtype))
        target = jnp.float64 if data.dtype.itemsize >= 4 else jnp.float32  # TF's `/` on ints
        total = total.astype(target)
    counts = jnp.maximum(counts, 1).astype(total.dtype)
    return total / (jnp.sqrt(counts) if kind == "sqrt_n" else counts)


_SEGMENT_TYPES = {"sum": NUMERIC, "mean": NUMERIC, "prod": NUMERIC, "max": REAL, "min": REAL,
                  "sqrt_n": FLOAT_COMPLEX}


def _segment_ids(segment_ids, op):
    ids = to_tensor(segment_ids)
    if ids._meta().dtype not in _INDEX_TYPES:
        raise errors.invalid_argument(
            f"Value for attr 'Tindices' of {kernel_type_name(ids.dtype)} is not in the list of "
            "allowed values: int32, int64", op.name)
    return ids, np.asarray(ids.numpy())


def _sorted_segment_front(kind):
    op = Op("Segment" + kind.capitalize(), _segment_reduce)
    allowed = numpy_types(_SEGMENT_TYPES[kind])

    def front(data, segment_ids, name=None):
        data = to_tensor(data)
        check_dtype(op, data, allowed)
        ids, host = _segment_ids(segment_ids, op)
        if not data._rank():
            raise errors.invalid_argument("input must be at least rank 1", op.name)
        if host.ndim != 1:
            raise errors.invalid_argument("segment_ids should be a vector.", op.name)
        if host.shape[0] != data._shape_tuple()[0]:
            raise errors.invalid_argument(
                "segment_ids should be the same size as dimension 0 of input.", op.name)
        num_segments = int(host[-1]) + 1 if host.size else 0
        previous = 0
        for i in host.tolist():
            if not 0 <= i < num_segments:
                raise errors.invalid_argument(
                    f"Segment id {i} out of range [0, {num_segments}), possibly because "
                    "'segment_ids' input is not sorted.", op.name)
            if i < previous:
                raise errors.invalid_argument("segment ids are not increasing", op.name)
            previous = i
        return execute(op, (data, ids), (("num_segments", num_segments), ("kind", kind),
                                         ("sorted_ids", True)))

    front.__name__ = f"segment_{kind}"
    front.__doc__ = (f"`tf.segment_{kind}`: the {kind} of the rows of `data` that share a "
                     "(sorted) segment id; an empty segment gives "
                     f"{1 if kind == 'prod' else 0}.")
    return export(f"segment_{kind}", f"math.segment_{kind}")(front)


def _unsorted_segment_front(kind):
    op = Op("UnsortedSegment" + kind.replace("_n", "N").capitalize(), _segment_reduce)
    allowed = numpy_types(_SEGMENT_TYPES[kind])

    def front(data, segment_ids, num_segments, name=None):
        data = to_tensor(data)
        check_dtype(op, data, allowed)
        ids, host = _segment_ids(segment_ids, op)
        num_segments = int(index_values(num_segments, op.name))
        if num_segments < 0:
            raise errors.invalid_argument(
                f"Input num_segments == {num_segments} must not be negative.", op.name)
        shape = data._shape_tuple()
        if shape[:host.ndim] != host.shape:
            raise errors.invalid_argument(
                f"data.shape = [{dims_text(shape)}] does not start with segment_ids.shape = "
                f"[{dims_text(host.shape)}]", op.name)
        for index in np.argwhere(host >= num_segments)[:1]:
            raise errors.invalid_argument(
                f"segment_ids[{','.join(map(str, index))}] = {host[tuple(index)]} is out of "
                f"range [0, {num_segments})", op.name)
        return execute(op, (data, ids), (("num_segments", num_segments), ("kind", kind),
                                         ("sorted_ids", False)))

    front.__name__ = f"unsorted_segment_{kind}"
    front.__doc__ = (f"`tf.unsorted_segment_{kind}` into `num_segments` rows; negative ids "
                     "are dropped.")
    return export(f"unsorted_segment_{kind}", f"math.unsorted_segment_{kind}")(front)


for _kind in ("sum", "mean", "max", "min", "prod"):
    _sorted_segment_front(_kind)
for _kind in ("sum", "mean", "max", "min", "prod", "sqrt_n"):
    _unsorted_segment_front(_kind)


def _bincount(arr, weights, size):
    return jnp.zeros((size,), weights.dtype).at[arr.reshape(-1)].add(weights.reshape(-1),
                                                                      mode="drop")


_BINCOUNT = Op("DenseBincount", _bincount)


@export("bincount", "math.bincount")
def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32, name=None):
    """`tf.bincount`: counts (or summed `weights`) of each value of the non-negative `arr`.

    The length is `max(arr) + 1`, raised to `minlength` and cut at `maxlength`; with weights
    the result has their dtype.
    """
    arr = to_tensor(arr)
    host = np.asarray(arr.numpy()).astype(np.int64)
    if (host < 0).any():
        raise errors.invalid_argument("Input arr must be non-negative!", _BINCOUNT.name)
    size = int(host.max()) + 1 if host.size else 0
    if minlength is not None:
        size = max(size, int(minlength))
    if maxlength is not None:
        size = min(size, int(maxlength))
    if weights is None:
        weights = wrap(jnp.ones(host.shape, dtypes.as_dtype(dtype).as_numpy_dtype))
    else:
        weights = to_tensor(weights)
        if weights._shape_tuple() != host.shape:
            raise errors.invalid_argument(
                "`weights` must be the same shape as `arr` or a length-0 `Tensor`, in which "
                "case it acts as all weights equal to 1. Received "
                f"[{dims_text(weights._shape_tuple())}]", _BINCOUNT.name)
    return execute(_BINCOUNT, (wrap(jnp.asarray(host)), weights), (("size", size),))


def _confusion(labels, predictions, weights, num_classes, dtype):
    return jnp.zeros((num_classes, num_classes), dtype).at[labels, predictions].add(
        weights.astype(dtype))


_CONFUSION_MATRIX = Op("ConfusionMatrix", _confusion)


def _check_class_ids(ids, what, num_classes):
    if num_classes is None and (ids < 0).any():
        shown = [str(v) for v in ids[:3]] + (["..."] if ids.size > 3 else [])
        raise errors.InvalidArgumentError(
            None, None, f"`{what}` contains negative values.  \nCondition x >= 0 did not hold "
                        f"element-wise:\nx (shape={ids.shape} dtype=int64) = \n{shown}")
    if num_classes is not None and (ids >= num_classes).any():
        raise errors.InvalidArgumentError(
            None, None, f"`{what}` out of bound\nCondition x < y did not hold.\nFirst "
                        f"{min(3, ids.size)} elements of x:\n{ids[:3]}\nFirst 1 elements of "
                        f"y:\n[{num_classes}]")


@export("confusion_matrix", "math.confusion_matrix")
def confusion_matrix(labels, predictions, num_classes=None, dtype=dtypes.int32, name=None,
                     weights=None):
    """`tf.confusion_matrix`: counts (or summed `weights`) of each (label, prediction) pair.

    Rows are labels, columns predictions; `num_classes` defaults to the largest id + 1.
    """
    labels, predictions = to_tensor(labels), to_tensor(predictions)
    if labels._shape_tuple() != predictions._shape_tuple():
        raise errors.invalid_argument(
            f"Shapes of all inputs must match: values[0].shape = "
            f"[{dims_text(labels._shape_tuple())}] != values[1].shape = "
            f"[{dims_text(predictions._shape_tuple())}]", "Pack")
    pairs = ((np.asarray(labels.numpy()).astype(np.int64).reshape(-1), "labels"),
             (np.asarray(predictions.numpy()).astype(np.int64).reshape(-1), "predictions"))
    for ids, what in pairs:
        _check_class_ids(ids, what, None)
    if num_classes is None:
        if not pairs[0][0].size:
            raise errors.invalid_argument("Dimension -9223372036854775807 must be >= 0",
                                          "ScatterNd")
        num_classes = int(max(pairs[0][0].max(), pairs[1][0].max())) + 1
    else:
        num_classes = int(index_values(num_classes, _CONFUSION_MATRIX.name))
        for ids, what in pairs:
            _check_class_ids(ids, what, num_classes)
    dtype = dtypes.as_dtype(dtype)
    if weights is None:
        weights = wrap(jnp.ones(pairs[0][0].shape, dtype.as_numpy_dtype))
    else:
        weights = to_tensor(weights)
        if weights._shape_tuple() != labels._shape_tuple():
            raise ValueError(f"Shapes {labels._shape_tuple()} and {weights._shape_tuple()} are "
                             "incompatible")
    return execute(_CONFUSION_MATRIX, (wrap(jnp.asarray(pairs[0][0])),
                                       wrap(jnp.asarray(pairs[1][0])), weights),
                   (("num_classes", num_classes), ("dtype", np.dtype(dtype.as_numpy_dtype))))


# ---- tensordot and einsum ------------------------------------------------------------------
def _tensordot(a, b, axes):
    return jnp.tensordot(a, b, axes=axes)


_TENSORDOT = Op("MatMul", _tensordot)


def _contraction_axes(axes, a, b):
    ranks = a._rank(), b._rank()
    if is_tensor_like(axes) or isinstance(axes, (int, np.integer)):
        count = int(index_values(axes, _MATMUL.name))
        if count < 0:
            raise ValueError(f"`axes` must be at least 0. Received: {count}.")
        for t, rank in ((a, ranks[0]), (b, ranks[1])):
            if count > rank:
                raise ValueError(f"`axes` must not be larger than the number of dimensions of "
                                 f"tensor {t}.  Received {count}, vs tensor dimensions {rank}.")
        return tuple(range(ranks[0] - count, ranks[0])), tuple(range(count))
    if len(axes) != 2:
        raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
    pair = []
    for side, rank in zip(axes, ranks):
        side = [side] if isinstance(side, (int, np.integer)) else list(side)
        if any(not -rank <= int(i) < rank for i in side):
            raise IndexError("list index out of range")
        pair.append(tuple(int(i) % rank for i in side))
    if len(pair[0]) != len(pair[1]):
        raise ValueError(f"Different number of contraction axes `a` and `b`, {len(pair[0])} != "
                         f"{len(pair[1])}.")
    return tuple(pair)


@export("tensordot", "linalg.tensordot")
def tensordot(a, b, axes, name=None):
    """`tf.tensordot`: sum over `axes` (an int N: the last N of `a` with the first N of `b`)."""
    a, b = to_tensor(a), to_tensor(b)
    check_same_dtype(_MATMUL, (a, b))
    check_dtype(_MATMUL, a, _MATMUL_TYPES)
    a_axes, b_axes = _contraction_axes(axes, a, b)
    sa, sb = a._shape_tuple(), b._shape_tuple()
    a_inner = [sa[i] for i in a_axes]
    b_inner = [sb[i] for i in b_axes]
    if a_inner != b_inner:
        a_free = int(math.prod([d for i, d in enumerate(sa) if i not in a_axes]))
        b_free = int(math.prod([d for i, d in enumerate(sb) if i not in b_axes]))
        raise errors.invalid_argument(
            f"Matrix size-incompatible: In[0]: [{a_free},{int(math.prod(a_inner))}], In[1]: "
            f"[{int(math.prod(b_inner))},{b_free}]", _MATMUL.name)
    return execute(_TENSORDOT, (a, b), (("axes", (a_axes, b_axes)),))


_EINSUM = Op("Einsum", lambda *xs, equation: jnp.einsum(equation, *xs))
_EINSUM_TYPES = numpy_types((dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64,
                             dtypes.int32, dtypes.int64, dtypes.complex64, dtypes.complex128))


def _check_einsum(equation, tensors):
    inputs, arrow, output = equation.partition("->")
    subscripts = inputs.split(",")
    if len(subscripts) != len(tensors):
        raise ValueError(f'Got {len(tensors)} inputs for equation "{equation}", expecting '
                         f"{len(subscripts)}")
    for label in output.replace("...", ""):
        if label not in inputs:
            raise ValueError(f"Output subscripts contain the label {label} not present in the "
                             "input subscripts.")
    seen = {}
    for labels, t in zip(subscripts, tensors):
        shape = t._shape_tuple()
        if "..." in labels:
            head, _, tail = labels.partition("...")
            positions = list(enumerate(head)) + [(len(shape) - len(tail) + i, label)
                                                 for i, label in enumerate(tail)]
        else:
            positions = list(enumerate(labels))
        for axis, label in positions:
            if axis >= len(shape):
                break
            expected = seen.setdefault(label, shape[axis])
            if shape[axis] != expected:
                raise errors.invalid_argument(
                    f"Expected dimension {expected} at axis {axis} of the input shaped "
                    f"[{dims_text(shape)}] but got dimension {shape[axis]}", _EINSUM.name)


@export("einsum", "linalg.einsum")
def einsum(equation, *inputs, **kwargs):
    """`tf.einsum`: Einstein summation over same-dtype tensors (`...` broadcasts)."""
    tensors = tuple(to_tensor(t) for t in inputs)
    equation = equation.replace(" ", "")
    _check_einsum(equation, tensors)
    if tensors:
        check_same_dtype(_EINSUM, tensors)
        if tensors[0]._meta().dtype not in _EINSUM_TYPES:
            raise errors.NotFoundError(
                None, None, "Could not find device for node: {{node Einsum}} = Einsum[N="
                            f"{len(tensors)}, T=DT_{tensors[0].dtype.name.upper()}, equation="
                            f'"{equation}"] [Op:Einsum]')
    return execute(_EINSUM, tensors, (("equation", equation),))


# ---- special functions ---------------------------------------------------------------------
def _in_float64(fn):
    """`fn` evaluated in float64 and rounded back: jax's float32 special functions are off by
    several ulps (lgamma(1) is 5e-7), TF's are not; jax has no half-precision ndtri."""
    def kernel(*arrays):
        dtype = arrays[0].dtype
        if dtype == jnp.float64:
            return fn(*arrays)
        return fn(*(a.astype(jnp.float64) for a in arrays)).astype(dtype)
    return kernel


@jax.custom_jvp
def _ndtri(p):
    return special.ndtri(p)


@_ndtri.defjvp
def _ndtri_jvp(primals, tangents):
    (p,), (t,) = primals, tangents
    y = _ndtri(p)
    return y, t * ((2 * np.pi) ** 0.5 * jnp.exp(jnp.square(y) / 2))  # TF: inf at 0 and 1


@jax.custom_jvp
def _bessel_i0(x):
    return special.i0(x)


@_bessel_i0.defjvp
def _bessel_i0_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return special.i0(x), t * special.i1(x)


@jax.custom_jvp
def _bessel_i1(x):
    return special.i1(x)


@_bessel_i1.defjvp
def _bessel_i1_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    y = special.i1(x)
    at_zero = x == 0
    slope = special.i0(x) - y / jnp.where(at_zero, jnp.ones_like(x), x)
    return y, t * jnp.where(at_zero, jnp.ones_like(x), slope)  # TF takes 1 at x == 0


@jax.custom_jvp
def _mul_no_nan(x, y):
    return jnp.where(y == 0, jnp.zeros_like(x), x * y)


@_mul_no_nan.defjvp
def _mul_no_nan_jvp(primals, tangents):
    # TF's gradients: `mul_no_nan(grad, y)` for x (0 where y == 0), `x * grad` for y.
    (x, y), (tx, ty) = primals, tangents
    return _mul_no_nan(x, y), _mul_no_nan(tx, y) + x * ty


@jax.custom_jvp
def _nextafter(x1, x2):
    return jnp.nextafter(x1, x2)


@_nextafter.defjvp
def _nextafter_jvp(primals, tangents):
    (x1, x2), (t1, _) = primals, tangents
    out = _nextafter(x1, x2)
    return out, jnp.broadcast_to(t1, out.shape)  # TF's gradients: 1 for x1, 0 for x2


def _valid_or_nan(valid, out):
    return jnp.where(valid, out, jnp.full_like(out, jnp.nan))


def _incomplete_gamma(regularized):
    def kernel(a, x):
        return _valid_or_nan((a > 0) & (x >= 0), regularized(a, x))  # TF: NaN for a <= 0
    return _in_float64(kernel)


def _polygamma(a, x):
    # (-1)^(a+1) a! zeta(a+1, x), digamma for a == 0; NaN unless a is a non-negative integer.
    valid = (a >= 0) & (a == jnp.floor(a))
    order = jnp.where(valid & (a > 0), a, jnp.ones_like(a))  # keeps zeta(1, x) = inf out
    sign = jnp.where(jnp.fmod(order, 2) == 0, -jnp.ones_like(order), jnp.ones_like(order))
    higher = sign * jnp.exp(special.gammaln(order + 1)) * special.zeta(order + 1, x)
    return _valid_or_nan(valid, jnp.where(a == 0, special.digamma(x), higher))


def _betainc(a, b, x):
    a, b, x = jnp.broadcast_arrays(a, b, x)
    valid = (a > 0) & (b > 0) & (x >= 0) & (x <= 1)
    return _valid_or_nan(valid, special.betainc(a, b, x))



#      TF op              TF names                                     kernel       dtypes
unary("Acosh",            "acosh math.acosh",                          _acosh,      FLOAT_COMPLEX)
unary("Asinh",            "asinh math.asinh",                          jnp.arcsinh, FLOAT_COMPLEX)
unary("Atanh",            "atanh math.atanh",                          jnp.arctanh, FLOAT_COMPLEX)
unary("Lgamma",           "lgamma math.lgamma",                        _in_float64(special.gammaln), FLOATING)
unary("Digamma",          "digamma math.digamma",                      _in_float64(special.digamma), FLOATING)
unary("Erfc",             "erfc math.erfc",                            _in_float64(special.erfc), FLOATING)
unary("Erfinv",           "math.erfinv",                               _in_float64(special.erfinv), _FLOAT_DOUBLE,
      no_kernel=HALF)
unary("Ndtri",            "math.ndtri",                                _in_float64(_ndtri), _FLOAT_DOUBLE,
      no_kernel=HALF)
unary("BesselI0",         "math.bessel_i0 math.special.bessel_i0",     _in_float64(_bessel_i0), FLOATING)
unary("BesselI0e",        "math.bessel_i0e math.special.bessel_i0e",   _in_float64(special.i0e), FLOATING)
unary("BesselI1",         "math.bessel_i1 math.special.bessel_i1",     _in_float64(_bessel_i1), FLOATING)
unary("BesselI1e",        "math.bessel_i1e math.special.bessel_i1e",   _in_float64(special.i1e), FLOATING)
binary("Igamma",          "igamma math.igamma",                        _incomplete_gamma(special.gammainc), _FLOAT_DOUBLE,
       no_kernel=HALF)
binary("Igammac",         "igammac math.igammac",                      _incomplete_gamma(special.gammaincc), _FLOAT_DOUBLE,
       no_kernel=HALF)
binary("NextAfter",       "math.nextafter",                            _nextafter,  _FLOAT_DOUBLE)
export("floor_div")(EXPORTS["floordiv"])

_NO_GRADIENT = Op("StopGradient", lambda x: x)
_FLOAT_DOUBLE_TYPES = numpy_types(_FLOAT_DOUBLE)


def _without_gradient(tensor):
    """`tensor` as a constant for gradient tapes: TF defines no gradient for that input."""
    return execute(_NO_GRADIENT, (tensor,))


def _matching_operands(values):
    """Inputs of an op with one shared dtype: Python values take the first tensor's dtype."""
    dtype = next((to_tensor(v).dtype for v in values if is_tensor_like(v)), None)
    return tuple(to_tensor(v) if is_tensor_like(v) else to_tensor(v, dtype) for v in values)


def _first_without_gradient(op, first, second):
    """A float/double op of two inputs whose first input TF defines no gradient for."""
    first, second = binary_operands(first, second)
    check_same_dtype(op, (first, second))
    check_dtype(op, first, _FLOAT_DOUBLE_TYPES)
    return execute(op, (_without_gradient(first), second))


_ZETA = Op("Zeta", _in_float64(special.zeta))
_POLYGAMMA = Op("Polygamma", _in_float64(_polygamma))


@export("zeta", "math.zeta")
def zeta(x, q, name=None):
    """`tf.zeta`: the Hurwitz zeta function; like TF, no gradient flows to `x`."""
    return _first_without_gradient(_ZETA, x, q)


@export("polygamma", "math.polygamma")
def polygamma(a, x, name=None):
    """`tf.polygamma`: the `a`-th derivative of digamma (NaN unless `a` is a non-negative
    integer); like TF, no gradient flows to `a`."""
    return _first_without_gradient(_POLYGAMMA, a, x)


_BETAINC = Op("Betainc", _in_float64(_betainc))


@export("betainc", "math.betainc")
def betainc(a, b, x, name=None):
    """`tf.betainc`: the regularized incomplete beta function I_x(a, b).

    The inputs share one float dtype and one shape (scalars broadcast); the result is NaN
    outside a, b > 0, 0 <= x <= 1. Like TF, gradients flow only to `x`.
    """
    tensors = _matching_operands((a, b, x))
    check_same_dtype(_BETAINC, tensors)
    check_dtype(_BETAINC, tensors[0], _FLOAT_DOUBLE_TYPES)
    labels = ("a", "b", "x")
    for i, j in ((0, 1), (0, 2), (1, 2)):
        first, second = tensors[i]._shape_tuple(), tensors[j]._shape_tuple()
        if first and second and first != second:
            raise errors.invalid_argument(
                f"Shapes of {labels[i]} and {labels[j]} are inconsistent: [{dims_text(first)}] "
                f"vs. [{dims_text(second)}]", _BETAINC.name)
    a, b, x = tensors
    return execute(_BETAINC, (_without_gradient(a), _without_gradient(b), x))


# ---- division and multiplication that ignore NaN -------------------------------------------
def _div_no_nan(x, y):
    zero = y == 0
    quotient = _truediv(x, jnp.where(zero, jnp.ones_like(y), y))  # gradients 0 where y == 0
    return jnp.where(zero, jnp.zeros_like(quotient), quotient)


_DIV_NO_NAN = Op("DivNoNan", _div_no_nan)
_RECIPROCAL_NO_NAN = Op("DivNoNan", lambda x: _div_no_nan(jnp.ones_like(x), x))
_MUL_NO_NAN = Op("MulNoNan", _mul_no_nan)
_NO_NAN_TYPES = numpy_types(FLOAT_COMPLEX)


@export("div_no_nan", "math.divide_no_nan")
def div_no_nan(x, y, name=None):
    """`tf.div_no_nan`: `x / y`, and 0 (with zero gradients) wherever `y` is 0.

    Integer inputs are divided as floats, as `tf.truediv` does (float64 for 32- and 64-bit
    integers, float32 for smaller ones).
    """
    if is_tensor_like(y) and not is_tensor_like(x):
        y = to_tensor(y)
        x = to_tensor(x, y.dtype)
    else:  # y takes x's dtype when it can, else its own (and then the dtypes differ)
        x = to_tensor(x)
        y = convert_to_tensor(y, dtype_hint=x.dtype)
    if x.dtype is not y.dtype:
        raise TypeError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}.")
    if not x.dtype.is_integer and x._meta().dtype not in _NO_NAN_TYPES:
        raise TypeError(
            f"Invalid dtype {x.dtype!r} in tf.math.divide_no_nan. Expected one of {{tf.uint8, "
            "tf.int8, tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, "
            "tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128}.")
    return execute(_DIV_NO_NAN, (x, y))


@export("math.reciprocal_no_nan")
def reciprocal_no_nan(x, name=None):
    """`tf.math.reciprocal_no_nan`: `1 / x`, and 0 (with a zero gradient) where `x` is 0."""
    x = to_tensor(x)
    if x.dtype.is_bool or x.dtype.is_string:
        raise TypeError(f"Cannot convert 1 to EagerTensor of dtype {x.dtype.name}")
    check_dtype(_RECIPROCAL_NO_NAN, x, _NO_NAN_TYPES)
    return execute(_RECIPROCAL_NO_NAN, (x,))


@export("math.multiply_no_nan")
def multiply_no_nan(x, y, name=None):
    """`tf.math.multiply_no_nan`: `x * y`, and 0 wherever `y` is 0, even if `x` is NaN or inf.

    `y` is converted to `x`'s dtype. Gradients are TF's: 0 for `x` where `y` is 0, `x * grad`
    for `y`.
    """
    x = to_tensor(x)
    try:
        y = to_tensor(y, x.dtype)
    except ValueError as e:
        raise ValueError(f"y: {e}") from None
    check_dtype(_MUL_NO_NAN, x, _NO_NAN_TYPES)
    return execute(_MUL_NO_NAN, (x, y))


# ---- complex numbers and casts -------------------------------------------------------------
_REAL = Op("Real", jnp.real)
_IMAG = Op("Imag", jnp.imag)
_CONJ = Op("Conj", jnp.conj)
_ANGLE = Op("Angle", jnp.angle)
_REAL_ANGLE = Op("Angle", lambda x: jnp.where(x < 0, jnp.asarray(np.pi, x.dtype),
                                              jnp.zeros((), x.dtype)), differentiable=False)
_ZEROS_LIKE = Op("ZerosLike", jnp.zeros_like,
                 host_kernel=lambda x: np.full(x.shape, b"", object))


@export("real", "math.real")
def real(input, name=None):
    """`tf.real`: the real part, in the real dtype (float32 for complex64); a real numeric
    input comes back as is."""
    x = to_tensor(input)
    if x.dtype.is_complex:
        return execute(_REAL, (x,))
    if x.dtype.is_bool or x.dtype.is_string:
        raise TypeError(f"input must be a numeric tensor, but got tensor with dtype {x.dtype}")
    return x


@export("imag", "math.imag")
def imag(input, name=None):
    """`tf.imag`: the imaginary part, in the real dtype; zeros (without a gradient) for a real
    input."""
    x = to_tensor(input)
    if x.dtype.is_complex:
        return execute(_IMAG, (x,))
    if x.dtype.is_string:
        return execute_host(_ZEROS_LIKE, (x,))
    return execute(_ZEROS_LIKE, (x,))


@export("conj", "math.conj")
def conj(x, name=None):
    """`tf.conj`: the complex conjugate; a real numeric input comes back as is."""
    x = to_tensor(x)
    if x.dtype.is_complex:
        return execute(_CONJ, (x,))
    if x.dtype.is_bool or x.dtype.is_string:
        raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype!r}.")
    return x


@export("angle", "math.angle")
def angle(input, name=None):
    """`tf.angle`: the argument of each complex value, in the real dtype.

    A real float input gives pi where it is negative and 0 elsewhere, without a gradient, as
    TF does; TF rejects integer inputs.
    """
    x = to_tensor(input)
    if x.dtype.is_complex:
        return execute(_ANGLE, (x,))
    if x.dtype.is_bool or x.dtype.is_string:
        raise TypeError(f"Cannot convert 0 to EagerTensor of dtype {x.dtype.name}")
    if x.dtype.is_integer:
        raise TypeError(f"Cannot convert {np.pi!r} to EagerTensor of dtype {x.dtype.name}")
    return execute(_REAL_ANGLE, (x,))


_COMPLEX = Op("Complex", lambda re, im: lax.complex(*jnp.broadcast_arrays(re, im)))


@export("complex", "dtypes.complex")
def complex_(real, imag, name=None):
    """`tf.complex`: `real + imag * 1j` with broadcasting; float32 parts give complex64,
    float64 parts complex128."""
    re, im = to_tensor(real), to_tensor(imag)
    if re.dtype is not im.dtype or re.dtype not in _FLOAT_DOUBLE:
        raise TypeError(f"The `real` and `imag` components have incorrect types: "
                        f"{re.dtype.name} {im.dtype.name}. They must be consistent, and one of "
                        "[tf.float32, tf.float64]")
    shapes = re._shape_tuple(), im._shape_tuple()
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise errors.invalid_argument(f"Incompatible shapes: [{dims_text(shapes[0])}] vs. "
                                      f"[{dims_text(shapes[1])}]", _COMPLEX.name) from None
    return execute(_COMPLEX, (re, im))


complex_.__name__ = complex_.__qualname__ = "complex"


def _python_scalar(value):
    return value.item() if hasattr(value, "item") else value


def _saturation_bound(bound, in_dtype, upper):
    """The clip value, in `in_dtype`, for the output limit `bound`: rounded toward 0 when the
    nearest value lies past `bound`; None when no value of `in_dtype` lies past it."""
    bound = _python_scalar(bound)
    edge = _python_scalar(in_dtype.max if upper else in_dtype.min)
    if (bound >= edge) if upper else (bound <= edge):
        return None
    np_type = in_dtype.as_numpy_dtype
    value = np_type(bound)
    if (_python_scalar(value) > bound) if upper else (_python_scalar(value) < bound):
        value = np.nextafter(value, np_type(0))
    return _python_scalar(value)


def _saturate_cast(x, dtype):
    if jnp.iscomplexobj(x) and not jnp.issubdtype(dtype, jnp.complexfloating):
        x = jnp.real(x)
    in_real = dtypes.BY_NUMPY[np.dtype(x.dtype)].real_dtype
    out_real = dtypes.BY_NUMPY[dtype].real_dtype
    low = _saturation_bound(out_real.min, in_real, upper=False)
    high = _saturation_bound(out_real.max, in_real, upper=True)

    def clip(v):
        if low is not None:
            v = jnp.where(v < low, jnp.asarray(low, v.dtype), v)
        if high is not None:
            v = jnp.where(v > high, jnp.asarray(high, v.dtype), v)
        return v

    x = lax.complex(clip(jnp.real(x)), clip(jnp.imag(x))) if jnp.iscomplexobj(x) else clip(x)
    return x.astype(dtype)


_SATURATE_CAST = Op("Cast", _saturate_cast)


@export("saturate_cast", "dtypes.saturate_cast")
def saturate_cast(value, dtype, name=None):
    """`tf.saturate_cast`: cast to `dtype`, first clipping to the range `dtype` can hold.

    Complex inputs keep only their real part for a real `dtype`; complex to complex clips the
    parts separately. Differences from TensorFlow: 64-bit integer bounds saturate exactly
    (TF's clip limits overflow for float64 -> int64 and int64 -> float32).
    """
    x = to_tensor(value)
    dtype = dtypes.as_dtype(dtype)
    for d in (x.dtype.real_dtype, dtype.real_dtype):
        if d.is_bool or d.is_string:
            raise TypeError(f"Cannot find minimum value of {d} with type {d}.")
    if dtype is x.dtype:
        return x
    return execute(_SATURATE_CAST, (x,), (("dtype", np.dtype(dtype.as_numpy_dtype)),))


def _cast_front(dtype, public):
    def converter(x, name=None):
        return EXPORTS["cast"](x, dtype)  # registered by array_ops, imported after this module

    converter.__name__ = converter.__qualname__ = public
    converter.__doc__ = f"TF1 `tf.{public}`: `tf.cast(x, tf.{dtype.name})`."
    return export(public)(converter)


_cast_front(dtypes.bfloat16, "to_bfloat16")
_cast_front(dtypes.complex64, "to_complex64")
_cast_front(dtypes.complex128, "to_complex128")


# ---- moments, cumulative logsumexp, zero fraction, polyval ---------------------------------
def _variance(x, axis, keepdims):
    deviations = jnp.square(abs_kernel(x - _mean(x, axis, True)))  # real for complex inputs
    return _mean(deviations, axis, keepdims)


def _moment_front(op, public):
    allowed = numpy_types(NUMERIC)

    def front(input_tensor, axis=None, keepdims=False, name=None):
        x = to_tensor(input_tensor)
        if x.dtype.is_integer:
            raise TypeError(f"Input must be either real or complex. Received integer type "
                            f"{x.dtype}.")
        check_dtype(op, x, allowed)
        axes = reduction_axes(axis, x._rank(), op.name)
        return execute(op, (x,), (("axis", axes), ("keepdims", bool(keepdims))))

    what = "standard deviation" if public == "reduce_std" else "variance"
    front.__name__ = front.__qualname__ = public
    front.__doc__ = (f"`tf.math.{public}`: the {what} over `axis` (all axes if None), real for "
                     "complex inputs; integer inputs are rejected as TF does.")
    return export(f"math.{public}")(front)


reduce_variance = _moment_front(Op("Mean", _variance), "reduce_variance")
reduce_std = _moment_front(Op("Mean", lambda x, axis, keepdims: jnp.sqrt(
    _variance(x, axis, keepdims))), "reduce_std")


def _cumulative_lse(x, axis, exclusive, reverse):
    if reverse:
        x = jnp.flip(x, axis)
    out = lax.cumlogsumexp(x, axis=axis)
    n = x.shape[axis]
    if exclusive and n:
        head = jnp.full_like(lax.slice_in_dim(out, 0, 1, axis=axis), -jnp.inf)
        out = jnp.concatenate([head, lax.slice_in_dim(out, 0, n - 1, axis=axis)], axis=axis)
    return jnp.flip(out, axis) if reverse else out


@functools.partial(jax.custom_vjp, nondiff_argnums=(1, 2, 3))
def _cumulative_logsumexp(x, axis, exclusive, reverse):
    return _cumulative_lse(x, axis, exclusive, reverse)


def _cumulative_logsumexp_fwd(x, axis, exclusive, reverse):
    out = _cumulative_lse(x, axis, exclusive, reverse)
    return out, (x, out)


def _cumulative_logsumexp_bwd(axis, exclusive, reverse, residuals, grad):
    # TF's gradient, in log space: exp(x + scan_back(log|grad| - out)), positive and negative
    # parts of grad apart (NaN where x is -inf, as in TF). Entries of the other sign get a
    # hugely negative finite log instead of -inf, which keeps second derivatives finite.
    x, out = residuals
    nothing = jnp.finfo(x.dtype).min / 4

    def part(mask, magnitude):
        log_grad = jnp.where(mask, jnp.log(jnp.where(mask, magnitude, 1)), nothing)
        return jnp.exp(_cumulative_lse(log_grad - out, axis, exclusive, not reverse) + x)

    return (part(grad > 0, grad) - part(grad < 0, -grad),)


_cumulative_logsumexp.defvjp(_cumulative_logsumexp_fwd, _cumulative_logsumexp_bwd)
_CUMULATIVE_LOGSUMEXP = Op(
    "CumulativeLogsumexp",
    lambda x, axis, exclusive, reverse: _cumulative_logsumexp(x, axis, exclusive, reverse))
_CUMULATIVE_LOGSUMEXP_TYPES = numpy_types(FLOATING)


@export("math.cumulative_logsumexp")
def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """`tf.math.cumulative_logsumexp`: `log(cumsum(exp(x)))` along `axis`, computed stably;
    `exclusive` and `reverse` as in `tf.cumsum` (an empty sum is -inf)."""
    op = _CUMULATIVE_LOGSUMEXP
    x = to_tensor(x)
    check_dtype(op, x, _CUMULATIVE_LOGSUMEXP_TYPES)
    return execute(op, (x,), (("axis", scan_axis(axis, x, op)), ("exclusive", bool(exclusive)),
                              ("reverse", bool(reverse))))


def _zero_fraction(x):
    zeros = jnp.sum(x == jnp.zeros((), x.dtype), dtype=jnp.int64).astype(jnp.float32)
    return zeros / divisor(x.size, jnp.float32)


def _zero_fraction_host(x):
    with np.errstate(invalid="ignore"):
        return np.float32(np.count_nonzero(x == b"")) / np.float32(x.size)


_ZERO_FRACTION = Op("ZeroFraction", _zero_fraction, host_kernel=_zero_fraction_host)


@export("math.zero_fraction", "nn.zero_fraction")
def zero_fraction(value, name=None):
    """`tf.math.zero_fraction`: the fraction of zeros (empty strings) in `value`, a float32
    scalar (NaN for an empty tensor); it has no gradient."""
    x = to_tensor(value)
    if x.dtype.is_string:
        return execute_host(_ZERO_FRACTION, (x,))
    return execute(_ZERO_FRACTION, (x,))


_add = EXPORTS["add"]


@export("math.polyval")
def polyval(coeffs, x, name=None):
    """`tf.math.polyval`: `coeffs[0] * x**(n-1) + ... + coeffs[n-1]` by Horner's rule.

    `coeffs` must be a list; each coefficient is converted on its own and broadcasts (TF's
    dtype errors name Mul and AddV2). No coefficients give zeros like `x`.
    """
    if not isinstance(coeffs, list):
        raise ValueError(f"Argument coeffs must be list type. Received type {type(coeffs)}.")
    x = to_tensor(x)
    if not coeffs:
        return wrap(jnp.zeros(x._shape_tuple(), x._meta().dtype))
    total = to_tensor(coeffs[0])
    for coefficient in coeffs[1:]:
        total = _add(to_tensor(coefficient), _multiply(total, x))
    return total


# ---- sorting and searching -----------------------------------------------------------------
def _argsort(x, axis, descending):
    key = x
    if descending:  # `~x` reverses the integer order without overflow
        key = ~x if jnp.issubdtype(x.dtype, jnp.integer) else -x
    return jnp.argsort(key, axis=axis, stable=True).astype(jnp.int32)


def _sort(x, axis, descending):
    return jnp.take_along_axis(x, _argsort(x, axis, descending), axis=axis)


_SORT = Op("TopKV2", _sort)
_ARGSORT = Op("TopKV2", _argsort, differentiable=False)
_NEG = Op("Neg", jnp.negative)  # named in the error for an ascending sort (TF negates first)
_NEGATABLE_TYPES = numpy_types(NUMERIC - {dtypes.uint8, dtypes.uint16, dtypes.uint32,
                                          dtypes.uint64})
_DIRECTIONS = ("ASCENDING", "DESCENDING")


def _sort_operands(values, axis, direction):
    """The input tensor and attributes of sort/argsort, checked in TF's order."""
    if direction not in _DIRECTIONS:
        raise ValueError("Argument `direction` should be one of ASCENDING, DESCENDING. "
                         f"Received: direction={direction}")
    axis_value = np.asarray(to_tensor(axis).numpy() if is_tensor_like(axis) else axis)
    if axis_value.ndim:
        raise ValueError(f"Argument `axis` must be a constant scalar. Received: axis={axis}.")
    axis = int(axis_value)
    x = to_tensor(values)
    rank = x._rank()
    if not -rank <= axis < rank:
        raise errors.invalid_argument(
            f"slice index {axis + rank if axis < 0 else axis} of dimension 0 out of bounds.",
            "StridedSlice")
    if direction == "ASCENDING" and not x.dtype.is_unsigned:
        check_dtype(_NEG, x, _NEGATABLE_TYPES)
    check_dtype(_SORT, x, _TOP_K_TYPES)
    return x, (("axis", axis % rank), ("descending", direction == "DESCENDING"))


@export("sort")
def sort(values, axis=-1, direction="ASCENDING", name=None):
    """`tf.sort`: `values` sorted along `axis` (int, or a scalar tensor) in `direction`.

    Differences from TensorFlow: NaNs go last; TF's order of NaNs is unspecified.
    """
    x, attrs = _sort_operands(values, axis, direction)
    return execute(_SORT, (x,), attrs)


@export("argsort")
def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """`tf.argsort`: int32 indices that sort `values` along `axis`; equal values keep their
    order in either direction (as TF's results do, so `stable` changes nothing)."""
    x, attrs = _sort_operands(values, axis, direction)
    return execute(_ARGSORT, (x,), attrs)


def _searchsorted(sequence, values, side, out_type):
    rows = int(math.prod(sequence.shape[:-1]))
    sequence = sequence.reshape(rows, sequence.shape[-1])
    flat = values.reshape(rows, values.shape[-1])
    index = jax.vmap(functools.partial(jnp.searchsorted, side=side))(sequence, flat)
    if side == "left" and jnp.issubdtype(flat.dtype, jnp.floating):
        index = jnp.where(jnp.isnan(flat), 0, index)  # TF puts a NaN value first
    return index.reshape(values.shape).astype(out_type)


_SEARCH_OPS = {"left": Op("LowerBound", _searchsorted),
               "right": Op("UpperBound", _searchsorted)}


@export("searchsorted")
def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """`tf.searchsorted`: for each of `values`, its insertion index in the innermost axis of
    `sorted_sequence` (before equal entries for side "left", after them for "right").

    The two inputs share their leading dimensions (compared as flattened row counts, as TF
    does); the result has the shape of `values` and dtype `out_type` (int32 or int64).
    """
    if side not in _SEARCH_OPS:
        raise ValueError("Argument `side` must be either 'right' or 'left'. Received: `side` = "
                         f"'{side}'.")
    op = _SEARCH_OPS[side]
    sequence, values = to_tensor(sorted_sequence), to_tensor(values)
    for t in (sequence, values):
        if not t._rank():
            raise errors.invalid_argument("slice index -1 of dimension 0 out of bounds.",
                                          "StridedSlice")
    if (np.prod(sequence._shape_tuple()[:-1], dtype=np.int64) !=
            np.prod(values._shape_tuple()[:-1], dtype=np.int64)):
        raise errors.invalid_argument("Leading dim_size of both tensors must match.", op.name)
    check_same_dtype(op, (sequence, values))
    out_type = dtypes.as_dtype(out_type)
    if out_type not in (dtypes.int32, dtypes.int64):
        raise errors.invalid_argument(
            f"Value for attr 'out_type' of {kernel_type_name(out_type)} is not in the list of "
            "allowed values: int32, int64", op.name)
    if sequence._meta().dtype not in _TOP_K_TYPES:
        raise errors.NotFoundError(
            None, None, f"Could not find device for node: {{{{node {op.name}}}}} = {op.name}"
                        f"[T=DT_{sequence.dtype.name.upper()}, out_type=DT_"
                        f"{out_type.name.upper()}] [Op:{op.name}]")
    return execute(op, (sequence, values), (("side", side),
                                            ("out_type", np.dtype(out_type.as_numpy_dtype))))


_INVERT_PERMUTATION = Op(
    "InvertPermutation",
    lambda x: jnp.zeros_like(x).at[x].set(jnp.arange(x.shape[0], dtype=x.dtype)))


@export("invert_permutation", "math.invert_permutation")
def invert_permutation(x, name=None):
    """`tf.invert_permutation`: `y[x[i]] = i` for a permutation `x` of 0..n-1 (int32/int64);
    out-of-range and repeated entries raise TF's errors."""
    op = _INVERT_PERMUTATION
    x = to_tensor(x)
    check_dtype(op, x, _INDEX_TYPES)
    if x._rank() != 1:
        raise errors.invalid_argument("invert_permutation expects a 1D vector.", op.name)
    perm = np.asarray(x.numpy()).astype(np.int64)
    n = perm.size
    positions = np.arange(n)
    valid = (perm >= 0) & (perm < n)
    first = np.full(n, n)
    np.minimum.at(first, perm[valid], positions[valid])
    repeated = np.zeros(n, bool)
    repeated[valid] = first[perm[valid]] != positions[valid]
    bad = ~valid | repeated
    if bad.any():
        i = int(np.argmax(bad))
        raise errors.invalid_argument(
            f"{perm[i]} is duplicated in the input." if valid[i] else
            f"{perm[i]} is not between 0 and {n}", op.name)
    return execute(op, (x,))


def _unravel_index(indices, dims):
    coordinates = []
    for size in reversed(dims):  # truncating division, as TF (a negative index stays negative)
        size = jnp.asarray(size, indices.dtype)
        coordinates.append(lax.rem(indices, size))
        indices = lax.div(indices, size)
    if not coordinates:
        return jnp.zeros((0,) + indices.shape, indices.dtype)
    return jnp.stack(coordinates[::-1])


_UNRAVEL_INDEX = Op("UnravelIndex", _unravel_index)


@export("unravel_index")
def unravel_index(indices, dims, name=None):
    """`tf.unravel_index`: the coordinates of flat `indices` (a scalar or a vector) in an array
    of shape `dims`, stacked along a new first axis; both int32 or both int64."""
    op = _UNRAVEL_INDEX
    indices, dims = _matching_operands((indices, dims))
    for t in (indices, dims):
        if t._meta().dtype not in _INDEX_TYPES:
            raise errors.invalid_argument(
                f"Value for attr 'Tidx' of {kernel_type_name(t.dtype)} is not in the list of "
                "allowed values: int32, int64", op.name)
    check_same_dtype(op, (indices, dims))
    if indices._rank() > 1:
        raise errors.invalid_argument("The indices can only be scalar or vector, got "
                                      f'"[{dims_text(indices._shape_tuple())}]"', op.name)
    if dims._rank() != 1:
        raise errors.invalid_argument(
            f'The indices can only be 1-D, got "[{dims_text(dims._shape_tuple())}]"', op.name)
    sizes = np.asarray(dims.numpy()).astype(np.int64)
    for i in np.flatnonzero(sizes == 0)[:1]:
        raise errors.invalid_argument(
            f"Input dims cannot contain a dim of zero, but dims contains zero at index {i}",
            op.name)
    for i in np.flatnonzero(sizes < 0)[:1]:
        raise errors.invalid_argument(
            f"Input dims cannot be negative. Got dim = {sizes[i]} at index {i}", op.name)
    flat = np.asarray(indices.numpy()).astype(np.int64)
    if not flat.size:
        raise errors.invalid_argument(
            f"received empty tensor indices: Tensor<type: {indices.dtype.name} shape: "
            f"[{dims_text(flat.shape)}] values: >", op.name)
    if (flat >= np.prod(sizes)).any():
        raise errors.invalid_argument("index is out of bound as with dims", op.name)
    return execute(op, (indices,), (("dims", tuple(sizes.tolist())),))


# ---- FFT -----------------------------------------------------------------------------------
_COMPLEX_TYPES = numpy_types((dtypes.complex64, dtypes.complex128))


def _fft_kernel(rank, inverse):
    transform = jnp.fft.ifftn if inverse else jnp.fft.fftn

    def kernel(x):
        return transform(x, axes=tuple(range(-rank, 0))) if x.size else x
    return kernel


def _fft_front(op_name, public, rank, inverse):
    op = Op(op_name, _fft_kernel(rank, inverse))

    def front(input, name=None):
        x = to_tensor(input)
        if not is_tensor_like(input) and x._meta().dtype not in _COMPLEX_TYPES:
            x = to_tensor(input, dtypes.complex64)  # TF's default for a non-complex value
        if x._meta().dtype not in _COMPLEX_TYPES:
            raise errors.invalid_argument(
                f"Value for attr 'Tcomplex' of {kernel_type_name(x.dtype)} is not in the list of "
                "allowed values: complex64, complex128", op.name)
        if x._rank() < rank:
            raise errors.invalid_argument(f"Input must have rank of at least {rank} but got: "
                                          f"[{dims_text(x._shape_tuple())}]", op.name)
        return execute(op, (x,))

    front.__name__ = front.__qualname__ = public
    front.__doc__ = (f"`tf.{public}`: the {'inverse ' if inverse else ''}discrete Fourier "
                     f"transform over the innermost {rank} ax{'es' if rank > 1 else 'is'} of a "
                     "complex64/complex128 tensor" + (", scaled by 1/n." if inverse else "."))
    return export(public, f"signal.{public}", f"spectral.{public}")(front)


for _rank, _suffix in ((1, ""), (2, "2d"), (3, "3d")):
    _fft_front(f"FFT{_suffix.upper()}", f"fft{_suffix}", _rank, False)
    _fft_front(f"IFFT{_suffix.upper()}", f"ifft{_suffix}", _rank, True)


def _real_fft(x, fft_length, inverse):
    if not x.size:  # TF returns an empty result of the input's shape
        zeros = jnp.zeros(x.shape, x.dtype)
        return jnp.real(zeros) if inverse else lax.complex(zeros, zeros)
    axes = tuple(range(-len(fft_length), 0))
    transform = jnp.fft.irfftn if inverse else jnp.fft.rfftn
    return transform(x, s=fft_length, axes=axes)


_REAL_FFT_TYPES = {False: (dtypes.float32, dtypes.float64),
                   True: (dtypes.complex64, dtypes.complex128)}


def _real_fft_front(op_name, public, rank, inverse):
    op = Op(op_name, _real_fft)
    allowed = _REAL_FFT_TYPES[inverse]

    def front(input_tensor, fft_length=None, name=None):
        x = convert_to_tensor(input_tensor, preferred_dtype=allowed[0])
        shape = x._shape_tuple()
        if len(shape) < rank:
            raise ValueError(f"Shape {x.shape} must have rank at least {rank}")
        if x.dtype not in allowed:
            raise ValueError(f"{'IRFFT' if inverse else 'RFFT'} requires tf.{allowed[0].name} or "
                             f"tf.{allowed[1].name} inputs, got: {x!s}")
        if fft_length is None:
            lengths = shape[-rank:]
            if inverse:
                lengths = lengths[:-1] + (2 * (lengths[-1] - 1),)
        else:
            lengths = index_values(fft_length, op.name)
            if lengths.shape != (rank,):
                raise errors.invalid_argument(f"fft_length must have shape [{rank}]", op.name)
            lengths = tuple(lengths.tolist())
        return execute(op, (x,), (("fft_length", tuple(lengths)), ("inverse", inverse)))

    front.__name__ = front.__qualname__ = public
    front.__doc__ = (
        f"`tf.signal.{public}`: the {'inverse ' if inverse else ''}real FFT over the innermost "
        f"{rank} ax{'es' if rank > 1 else 'is'}. " +
        ("A complex input of n bins gives 2 * (n - 1) real values unless `fft_length` says "
         "otherwise." if inverse else
         "A float input gives fft_length // 2 + 1 complex bins on the last axis (complex64 "
         "for float32); the input is cropped or zero-padded to `fft_length`."))
    return export(f"signal.{public}", f"spectral.{public}")(front)


for _rank, _suffix in ((1, ""), (2, "2d"), (3, "3d")):
    _real_fft_front(f"RFFT{_suffix.upper()}", f"rfft{_suffix}", _rank, False)
    _real_fft_front(f"IRFFT{_suffix.upper()}", f"irfft{_suffix}", _rank, True)


# ---- ops found missing by the sweep --------------------------------------------------------
def _clip_by_average_norm(t, clip_norm):
    count = jnp.asarray(t.size, t.dtype)
    inverse_norm = lax.rsqrt(jnp.sum(t * t))
    return t * clip_norm * _minimum(inverse_norm * count, 1 / clip_norm)


_CLIP_BY_AVERAGE_NORM = Op("ClipByAverageNorm", _clip_by_average_norm)


@export("clip_by_average_norm")
def clip_by_average_norm(t, clip_norm, name=None):
    """`tf.clip_by_average_norm`: `t * clip_norm / max(l2norm(t) / size(t), clip_norm)`."""
    t = to_tensor(t)
    check_dtype(_CLIP_BY_AVERAGE_NORM, t, _FLOAT_TYPES)
    return execute(_CLIP_BY_AVERAGE_NORM, (t, to_tensor(clip_norm, t.dtype)))


def _lbeta(x):
    wide = x.astype(jnp.float64) if x.dtype != jnp.float64 else x
    value = jnp.sum(special.gammaln(wide), -1) - special.gammaln(jnp.sum(wide, -1))
    return value.astype(x.dtype)


_LBETA = Op("Lbeta", _lbeta)


@export("math.lbeta", "lbeta")
def lbeta(x, name=None):
    """`tf.math.lbeta`: log|Beta(x)| along the last axis, `sum(lgamma(x)) - lgamma(sum(x))`."""
    x = to_tensor(x)
    check_dtype(_LBETA, x, _FLOAT_TYPES)
    return execute(_LBETA, (x,))


def _histogram(values, value_range, nbins, dtype):
    low, high = value_range[0], value_range[1]
    scaled = (values - low) / (high - low) * nbins
    bins = jnp.clip(jnp.floor(scaled), 0, nbins - 1).astype(jnp.int32).reshape(-1)
    return jnp.zeros((nbins,), dtype).at[bins].add(jnp.ones_like(bins, dtype))


_HISTOGRAM = Op("HistogramFixedWidth", _histogram)


@export("histogram_fixed_width")
def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """`tf.histogram_fixed_width`: counts of `values` in `nbins` equal bins over `value_range`
    (values outside it count in the first or last bin)."""
    values = to_tensor(values)
    value_range = to_tensor(value_range, values.dtype)
    check_dtype(_HISTOGRAM, values, numpy_types(REAL))
    nbins = int(nbins.numpy() if is_tensor_like(nbins) else nbins)
    if nbins <= 0:
        raise errors.invalid_argument(f"nbins should be a positive number, but got '{nbins}'",
                                      _HISTOGRAM.name)
    out = np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype)
    return execute(_HISTOGRAM, (values, value_range), (("nbins", nbins), ("dtype", out)))


@export("is_numeric_tensor", "debugging.is_numeric_tensor")
def is_numeric_tensor(tensor):
    """`tf.is_numeric_tensor`: a Tensor of a numeric (not bool or string) dtype."""
    return is_tensor_like(tensor) and to_tensor(tensor).dtype in NUMERIC
