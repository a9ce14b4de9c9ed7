"""Math ops: the elementwise table, reductions and matmul."""
import operator

import jax
import jax.numpy as jnp
from jax import lax
import numpy as np

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import binary_operands, to_tensor
from .declare import (BOOL, FLOAT_COMPLEX, FLOATING, INTEGER, NUMERIC, REAL, ANY, binary,
                      check_dtype, check_same_dtype, deprecated_alias, normalize_axis,
                      numpy_types, unary)
from .registry import Op, export


def _truediv(x, y):
    # TF casts integer operands of `/` to float64 (32/64-bit ints) or float32 (smaller ints).
    if jnp.issubdtype(x.dtype, jnp.integer):
        target = jnp.float64 if x.dtype.itemsize >= 4 else jnp.float32
        x, y = x.astype(target), y.astype(target)
    return x / y


def _div(x, y):
    # TF1 `tf.div`: floor division for integers, true division for floats.
    return jnp.floor_divide(x, y) if jnp.issubdtype(x.dtype, jnp.integer) else x / y


def _maximum(x, y):
    return jnp.where(x >= y, x, y)  # at a tie TF sends the whole gradient to x


def _minimum(x, y):
    return jnp.where(x <= y, x, y)


@jax.custom_jvp
def _abs(x):
    return jnp.abs(x)


@_abs.defjvp
def _abs_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    if jnp.iscomplexobj(x):
        return jnp.abs(x), jnp.real(jnp.conj(x) * t) / jnp.abs(x)
    return jnp.abs(x), t * jnp.sign(x)  # TF: the gradient of |x| at 0 is 0


def _round_half_even(x):
    return jnp.round(x) if jnp.issubdtype(x.dtype, jnp.floating) else x


# ---- elementwise table ---------------------------------------------------------------------
#      TF op              TF names                                     kernel       dtypes
unary("Neg",              "negative math.negative",                    jnp.negative, NUMERIC)
unary("Abs",              "abs math.abs",                              _abs,        NUMERIC)
unary("Sign",             "sign math.sign",                            jnp.sign,    NUMERIC)
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
unary("Round",            "round math.round",                          _round_half_even, NUMERIC)
unary("Rint",             "rint math.rint",                            jnp.rint,    FLOATING)
unary("Reciprocal",       "reciprocal math.reciprocal",                jnp.reciprocal, FLOAT_COMPLEX)
unary("IsNan",            "is_nan math.is_nan",                        jnp.isnan,   FLOATING, differentiable=False)
unary("IsInf",            "is_inf math.is_inf",                        jnp.isinf,   FLOATING, differentiable=False)
unary("IsFinite",         "is_finite math.is_finite",                  jnp.isfinite, FLOATING, differentiable=False)
unary("LogicalNot",       "logical_not math.logical_not",              jnp.logical_not, BOOL, differentiable=False)

binary("AddV2",           "add math.add",                              jnp.add,     NUMERIC,
       host_kernel=np.frompyfunc(operator.add, 2, 1))
binary("Sub",             "subtract math.subtract",                    jnp.subtract, NUMERIC)
binary("Mul",             "multiply math.multiply",                    jnp.multiply, NUMERIC)
binary("RealDiv",         "truediv math.truediv divide math.divide realdiv math.realdiv",
       _truediv, NUMERIC)
binary("Div",             "div math.div",                              _div,        NUMERIC)
binary("FloorDiv",        "floordiv math.floordiv",                    jnp.floor_divide, REAL)
binary("FloorMod",        "floormod math.floormod mod math.mod",       jnp.mod,     REAL)
binary("Pow",             "pow math.pow",                              jnp.power,   NUMERIC)
binary("Atan2",           "atan2 math.atan2",                          jnp.arctan2, FLOATING)
binary("Maximum",         "maximum math.maximum",                      _maximum,    REAL)
binary("Minimum",         "minimum math.minimum",                      _minimum,    REAL)
binary("SquaredDifference", "squared_difference math.squared_difference",
       lambda x, y: jnp.square(x - y), NUMERIC)
binary("Equal",           "equal math.equal",                          jnp.equal,   ANY,
       differentiable=False, host_kernel=lambda x, y: np.equal(x, y).astype(bool))
binary("NotEqual",        "not_equal math.not_equal",                  jnp.not_equal, ANY,
       differentiable=False, host_kernel=lambda x, y: np.not_equal(x, y).astype(bool))
binary("Less",            "less math.less",                            jnp.less,    REAL, differentiable=False)
binary("LessEqual",       "less_equal math.less_equal",                jnp.less_equal, REAL, differentiable=False)
binary("Greater",         "greater math.greater",                      jnp.greater, REAL, differentiable=False)
binary("GreaterEqual",    "greater_equal math.greater_equal",          jnp.greater_equal, REAL, differentiable=False)
binary("LogicalAnd",      "logical_and math.logical_and",              jnp.logical_and, BOOL, differentiable=False)
binary("LogicalOr",       "logical_or math.logical_or",                jnp.logical_or, BOOL, differentiable=False)
binary("LogicalXor",      "logical_xor math.logical_xor",              jnp.logical_xor, BOOL, differentiable=False)


# ---- reductions ----------------------------------------------------------------------------
def _mean(x, axis, keepdims):
    if jnp.issubdtype(x.dtype, jnp.integer):  # TF: integer mean truncates
        count = 1
        for a in axis:
            count *= x.shape[a]
        return lax.div(jnp.sum(x, axis=axis, keepdims=keepdims), jnp.asarray(max(count, 1), x.dtype))
    return jnp.mean(x, axis=axis, keepdims=keepdims)


def _reduction(op_name, names, kernel, allowed):
    op = Op(op_name, kernel)
    allowed_np = numpy_types(allowed)

    def front(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
              keep_dims=None):
        x = to_tensor(input_tensor)
        check_dtype(op, x, allowed_np)
        axis = deprecated_alias(axis, reduction_indices, "axis", "reduction_indices")
        keepdims = deprecated_alias(keepdims, keep_dims, "keepdims", "keep_dims")
        axes = normalize_axis(axis, x._rank(), op_name)
        return execute(op, (x,), (("axis", axes), ("keepdims", bool(keepdims))))

    front.__name__ = names.split()[0]
    front.__doc__ = (f"`tf.{names.split()[0]}` over `axis` (all axes if None); TF1's "
                     "`reduction_indices` and `keep_dims` are accepted.")
    return export(*names.split())(front)


_reduction("Sum", "reduce_sum math.reduce_sum", lambda x, axis, keepdims:
           jnp.sum(x, axis=axis, keepdims=keepdims), NUMERIC)
_reduction("Mean", "reduce_mean math.reduce_mean", _mean, NUMERIC)
_reduction("Max", "reduce_max math.reduce_max", lambda x, axis, keepdims:
           jnp.max(x, axis=axis, keepdims=keepdims), REAL)
_reduction("Min", "reduce_min math.reduce_min", lambda x, axis, keepdims:
           jnp.min(x, axis=axis, keepdims=keepdims), REAL)
_reduction("Prod", "reduce_prod math.reduce_prod", lambda x, axis, keepdims:
           jnp.prod(x, axis=axis, keepdims=keepdims), NUMERIC)
_reduction("All", "reduce_all math.reduce_all", lambda x, axis, keepdims:
           jnp.all(x, axis=axis, keepdims=keepdims), BOOL)
_reduction("Any", "reduce_any math.reduce_any", lambda x, axis, keepdims:
           jnp.any(x, axis=axis, keepdims=keepdims), BOOL)
_reduction("ReduceLogSumExp", "reduce_logsumexp math.reduce_logsumexp",
           lambda x, axis, keepdims: jax.nn.logsumexp(x, axis=axis, keepdims=keepdims), FLOATING)


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
    """`tf.matmul`: (batched) matrix product; shapes are checked at the call as TF does."""
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
