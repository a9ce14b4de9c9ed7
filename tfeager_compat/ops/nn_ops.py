"""`tf.nn`: activations, softmax, dropout, convolutions, pooling, normalisation, embeddings
and the cross-entropy ops.

Fronts check shapes, dtypes and attributes with TF's messages (the CPU kernels' words) and
run one jitted kernel each. Differences from TensorFlow: channels-first layouts (NCHW...) run
on every device, as they do on TF's GPU kernels (TF's CPU kernels refuse them).
"""
import functools
import math
import operator

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import binary_operands, to_tensor
from ..framework.tensor import Tensor, wrap
from . import array_ops, math_ops, prng
from .array_ops import _static_shape
from .declare import (FLOATING, REAL, check_dtype, check_same_dtype, deprecated_alias,
                      kernel_type_name, normalize_axis, numpy_types, unary)
from .random_ops import _op_key
from .registry import Op, export

_FLOAT_TYPES = numpy_types(FLOATING)
_NUMERIC_TYPES = numpy_types(dtypes.NUMERIC)
_CONV_TYPES = numpy_types(FLOATING | {dtypes.int32})
_MAX_POOL_TYPES = numpy_types(FLOATING | {dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64,
                                          dtypes.uint8, dtypes.uint16})
_INDEX_TYPES = numpy_types({dtypes.int16, dtypes.int32, dtypes.int64})
_LABEL_TYPES = numpy_types({dtypes.int32, dtypes.int64})


class _TFOp:
    """The TF op whose error text a composite front reproduces (it only has a name)."""

    def __init__(self, name):
        self.name = name


def _type_error(attr, dtype, allowed, op_name):
    """TF's error for an input dtype outside an attribute's list (TF's own order)."""
    return errors.invalid_argument(
        f"Value for attr '{attr}' of {kernel_type_name(dtype)} is not in the list of allowed "
        f"values: {allowed}", op_name)


def _computation_dtype(x):
    """Half-precision inputs are computed in float32, as TF's kernels do."""
    return jnp.float32 if x.dtype in (jnp.float16, jnp.bfloat16) else x.dtype


# ---- activations ---------------------------------------------------------------------------
def _relu(x):
    # relu'(0) = 0 and relu(NaN) = NaN (with a zero gradient), as in TF.
    return math_ops.propagate_nan(jnp.where(x > 0, x, jnp.zeros_like(x)), x)


def _relu6(x):
    return math_ops.propagate_nan(
        jnp.where(x > 0, jnp.where(x < 6, x, jnp.full_like(x, 6)), jnp.zeros_like(x)), x)


def _elu(x):
    negative = x < 0
    return jnp.where(negative, jnp.expm1(jnp.where(negative, x, jnp.zeros_like(x))), x)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _selu(x):
    negative = x < 0
    safe = jnp.where(negative, x, jnp.zeros_like(x))
    return _SELU_SCALE * jnp.where(negative, _SELU_ALPHA * jnp.expm1(safe), x)


#            TF op       TF names                       kernel           dtypes
relu = unary("Relu",     "nn.relu",                     _relu,           REAL)
unary(       "Relu6",    "nn.relu6",                    _relu6,          REAL)
unary(       "Elu",      "nn.elu",                      _elu,            FLOATING)
unary(       "Selu",     "nn.selu",                     _selu,           FLOATING)
unary(       "Softplus", "nn.softplus math.softplus",   jax.nn.softplus, FLOATING)
unary(       "Softsign", "nn.softsign math.softsign",   lambda x: x / (1 + math_ops.abs_kernel(x)), FLOATING)

_LEAKY_RELU = Op("LeakyRelu", lambda x, alpha: jnp.where(x > 0, x, x * alpha))


@export("nn.leaky_relu")
def leaky_relu(features, alpha=0.2, name=None):
    """`tf.nn.leaky_relu`: `x` where positive, `alpha * x` elsewhere; integers become float32."""
    x = to_tensor(features)
    if x.dtype.is_integer:
        x = array_ops.cast(x, dtypes.float32)
    check_dtype(_LEAKY_RELU, x, _FLOAT_TYPES)
    # TF's `alpha` is a 32-bit float attribute, whatever the dtype of `features`.
    return execute(_LEAKY_RELU, (x,), (("alpha", float(np.float32(alpha))),))


_CRELU = Op("CRelu", lambda x, axis: _relu(jnp.concatenate([x, -x], axis)))
_REAL_TYPES = numpy_types(REAL)
_NEG = Op("Neg", None)
_NEG_TYPES = numpy_types(math_ops.SIGNED)


@export("nn.crelu")
def crelu(features, name=None, axis=-1):
    """`tf.nn.crelu`: relu of `x` and of `-x`, concatenated along `axis`."""
    x = to_tensor(features)
    check_dtype(_NEG, x, _NEG_TYPES, "x:T -> y:T")  # TF negates first
    check_dtype(_CRELU, x, _REAL_TYPES)
    rank = x._rank()
    if not -rank <= axis < rank:
        raise errors.invalid_argument(
            "ConcatOp : Expected concatenating dimensions in the range "
            f"[{-rank}, {rank}), but got {axis}", "ConcatV2")
    return execute(_CRELU, (x,), (("axis", axis % rank),))


_SWISH = Op("Swish", lambda x, beta: x * jax.nn.sigmoid(x * beta))
_SIGMOID = _TFOp("Sigmoid")


@export("nn.swish", "nn.silu")
def swish(features, beta=1.0):
    """`tf.nn.swish` (`silu`): `x * sigmoid(beta * x)`."""
    x = to_tensor(features)
    check_dtype(_SIGMOID, x, _FLOAT_TYPES)
    return execute(_SWISH, (x,), (("beta", float(beta)),))


# ---- softmax -------------------------------------------------------------------------------
def _softmax_kernel(fn):
    def kernel(x, axis):
        return fn(x.astype(_computation_dtype(x)), axis=axis).astype(x.dtype)
    return kernel


_SOFTMAX = Op("Softmax", _softmax_kernel(jax.nn.softmax))
_LOG_SOFTMAX = Op("LogSoftmax", _softmax_kernel(jax.nn.log_softmax))


def _softmax_front(op, logits, axis, dim):
    x = to_tensor(logits)
    check_dtype(op, x, _FLOAT_TYPES)
    axis = deprecated_alias(axis, dim, "axis", "dim")
    axis = -1 if axis is None else operator.index(axis)
    rank = x._rank()
    if rank == 0:
        raise errors.invalid_argument(
            f"logits must have >= 1 dimension, got {errors.shape_text(x._shape_tuple())}", op.name)
    if not -rank <= axis < rank:
        raise errors.invalid_argument(
            f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the number of "
            f"dimensions in the input. Received: dim={axis}")
    return execute(op, (x,), (("axis", axis % rank),))


@export("nn.softmax", "math.softmax")
def softmax(logits, axis=None, name=None, dim=None):
    """`tf.nn.softmax` along `axis` (last by default; TF1's `dim` is accepted)."""
    return _softmax_front(_SOFTMAX, logits, axis, dim)


@export("nn.log_softmax", "math.log_softmax")
def log_softmax(logits, axis=None, name=None, dim=None):
    """`tf.nn.log_softmax` along `axis` (last by default; TF1's `dim` is accepted)."""
    return _softmax_front(_LOG_SOFTMAX, logits, axis, dim)


def _l2_normalize(x, axes, epsilon):
    square_sum = jnp.sum(x * x, axis=axes, keepdims=True)
    # TF's maximum(square_sum, epsilon) sends the gradient to square_sum at a tie.
    return x * lax.rsqrt(jnp.where(square_sum >= epsilon, square_sum,
                                   jnp.full_like(square_sum, epsilon)))


_L2_NORMALIZE = Op("L2Normalize", _l2_normalize)


@export("nn.l2_normalize", "math.l2_normalize", "linalg.l2_normalize")
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """`tf.nn.l2_normalize`: `x / sqrt(max(sum(x**2, axis), epsilon))` (all axes if None)."""
    x = to_tensor(x)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        raise TypeError(f"Cannot convert {epsilon!r} to EagerTensor of dtype {x.dtype.name}")
    axes = normalize_axis(deprecated_alias(axis, dim, "axis", "dim"), x._rank(), "Sum")
    return execute(_L2_NORMALIZE, (x,), (("axes", axes), ("epsilon", float(epsilon))))


# ---- dropout -------------------------------------------------------------------------------
def _dropout(key, x, rate, noise_shape):
    keep = jax.random.uniform(prng.key(key), noise_shape, x.dtype) >= rate
    return jnp.where(keep, x * (1 / (1 - rate)), jnp.zeros_like(x))


_DROPOUT = Op("Dropout", _dropout)


@export("nn.dropout")
def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """`tf.nn.dropout`: zero each element with probability `rate` (or `1 - keep_prob`) and
    scale the kept ones by `1 / (1 - rate)`; `noise_shape` broadcasts one draw.

    Differences from TensorFlow: the random stream is JAX's (seeded as `tf.set_random_seed`
    and `seed` say), so the kept positions differ from TF's.
    """
    if keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
        rate = 1 - keep_prob
    if rate is None:
        raise ValueError("`rate` must be provided. Received: rate=None")
    x = to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                         f"Received: x_dtype={x.dtype}")
    if not isinstance(rate, Tensor) and not hasattr(rate, "_snapshot"):
        if not 0 <= rate < 1:
            raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). "
                             f"Received: rate={rate}")
        if rate == 0:
            return x
    shape = x._shape_tuple()
    noise = shape if noise_shape is None else _noise_shape(noise_shape, shape)
    try:
        broadcastable = np.broadcast_shapes(noise, shape) == shape
    except ValueError:
        broadcastable = False
    if not broadcastable:
        raise errors.invalid_argument(
            f"condition {errors.shape_text(noise)}, then {errors.shape_text(shape)}, and else [] must be broadcastable",
            "SelectV2")
    rate = to_tensor(rate, x.dtype)
    key = _op_key(seed, "RandomUniform", x.dtype)  # TF's mask: uniform(noise_shape) >= rate
    return execute(_DROPOUT, (key, x, rate), (("noise_shape", noise),))


def _noise_shape(noise_shape, shape):
    """TF fills the None entries of a full-rank `noise_shape` from the input's shape."""
    if isinstance(noise_shape, (list, tuple)) and len(noise_shape) == len(shape):
        noise_shape = [d if n is None else n for n, d in zip(noise_shape, shape)]
    return _static_shape(noise_shape)


# ---- bias_add ------------------------------------------------------------------------------
def _bias_add(x, bias, channels_first):
    if channels_first:
        bias = bias.reshape(bias.shape + (1,) * (x.ndim - 2))
    return x + bias


_BIAS_ADD = Op("BiasAdd", _bias_add)


@export("nn.bias_add")
def bias_add(value, bias, data_format=None, name=None):
    """`tf.nn.bias_add`: add a 1-D `bias` along the channel axis (last, or 1 for `NC...`)."""
    if data_format is not None and not data_format.startswith("NC") and not (
            data_format.startswith("N") and data_format.endswith("C")):
        raise ValueError("`data_format` must be of the form `N...C` or `NC...`. "
                         f"Received: data_format={data_format}")
    channels_first = data_format is not None and data_format.startswith("NC")
    x, b = binary_operands(value, bias)
    check_same_dtype(_BIAS_ADD, (x, b))
    check_dtype(_BIAS_ADD, x, _NUMERIC_TYPES)
    shape, bias_shape = x._shape_tuple(), b._shape_tuple()
    if len(shape) < 2:
        raise errors.invalid_argument(f"Input tensor must be at least 2D: {errors.shape_text(shape)}",
                                      "BiasAdd")
    if len(bias_shape) != 1:
        raise errors.invalid_argument(f"Biases must be 1D: {errors.shape_text(bias_shape)}", "BiasAdd")
    if bias_shape[0] != shape[1 if channels_first else -1]:
        raise errors.invalid_argument(
            "Must provide as many biases as the last dimension of the input tensor: "
            f"{errors.shape_text(bias_shape)} vs. {errors.shape_text(shape)}", "BiasAdd")
    return execute(_BIAS_ADD, (x, b), (("channels_first", channels_first),))


def _matmul_bias(x, weights, biases):
    return bias_add(math_ops.matmul(x, weights), biases)


@export("nn.xw_plus_b")
def xw_plus_b(x, weights, biases, name=None):
    """`tf.nn.xw_plus_b`: `matmul(x, weights) + biases`."""
    return _matmul_bias(x, weights, biases)


@export("nn.relu_layer")
def relu_layer(x, weights, biases, name=None):
    """`tf.nn.relu_layer`: `relu(matmul(x, weights) + biases)`."""
    return relu(_matmul_bias(x, weights, biases))


# ---- convolution ---------------------------------------------------------------------------
_SPATIAL = "DHW"


def _layout(n, channels_first):
    spatial = _SPATIAL[3 - n:]
    return ("NC" + spatial) if channels_first else ("N" + spatial + "C"), spatial


def _conv(x, w, strides, padding, dilations, channels_first, groups):
    """N-d convolution; leading dimensions beyond the batch are folded into it (TF 2 does)."""
    n = w.ndim - 2
    lhs, spatial = _layout(n, channels_first)
    lead = x.shape[:x.ndim - n - 1]
    out = lax.conv_general_dilated(
        x.reshape((-1,) + x.shape[len(lead):]), w, strides, padding, rhs_dilation=dilations,
        dimension_numbers=(lhs, spatial + "IO", lhs), feature_group_count=groups)
    return out.reshape(lead + out.shape[1:])


def _depthwise(x, w, strides, padding, dilations, channels_first):
    h, wd, channels, multiplier = w.shape
    return _conv(x, w.reshape(h, wd, 1, channels * multiplier), strides, padding, dilations,
                 channels_first, channels)


def _conv_transpose(value, w, out_shape, strides, padding, dilations, channels_first):
    """The gradient of a convolution with respect to its input, written as a convolution
    of the stride-dilated `value` with the flipped filter."""
    n = w.ndim - 2
    lhs, spatial = _layout(n, channels_first)
    first = 2 if channels_first else 1
    pads = []
    for i in range(n):
        size, out = out_shape[first + i], value.shape[first + i]
        extent = (w.shape[i] - 1) * dilations[i] + 1
        if padding == "VALID":
            low = 0
        elif padding == "SAME":
            low = max((out - 1) * strides[i] + extent - size, 0) // 2
        else:
            low = padding[i][0]
        dilated = (out - 1) * strides[i] + 1
        before = extent - 1 - low
        pads.append((before, size - 1 + extent - dilated - before))
    flipped = jnp.flip(w, tuple(range(n))).swapaxes(-1, -2)
    return lax.conv_general_dilated(
        value, flipped, (1,) * n, pads, lhs_dilation=strides, rhs_dilation=dilations,
        dimension_numbers=(lhs, spatial + "IO", lhs))


_CONV2D = Op("Conv2D", _conv)
_CONV3D = Op("Conv3D", _conv)
_DEPTHWISE = Op("DepthwiseConv2dNative", _depthwise)
_CONV2D_TRANSPOSE = Op("Conv2DBackpropInput", _conv_transpose)
_CONV3D_TRANSPOSE = Op("Conv3DBackpropInputV2", _conv_transpose)


def _attr_error(attr, value, allowed, op_name):
    names = ", ".join(f'"{a}"' for a in allowed)
    return errors.invalid_argument(
        f"Value for attr '{attr}' of \"{value}\" is not in the list of allowed values: {names}",
        op_name)


def _sequence(value, n, channels_first, name):
    """TF's `_get_sequence`: an int, or a list of length 1, n or n + 2, as n + 2 ints."""
    if value is None:
        return (1,) * (n + 2)
    items = [value] if isinstance(value, (int, np.integer)) else list(value)
    items = [operator.index(v) for v in items]
    if len(items) == n + 2:
        return tuple(items)
    if len(items) == 1:
        items = items * n
    elif len(items) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: "
                         f"{name}={value} of length {len(items)}")
    return (1, 1) + tuple(items) if channels_first else (1,) + tuple(items) + (1,)


def _spatial(full, channels_first):
    return tuple(full[2:]) if channels_first else tuple(full[1:-1])


def _padding(padding, allowed, n, channels_first, op_name):
    """A padding string, or TF's explicit list of [before, after] pairs as spatial pairs."""
    if isinstance(padding, str):
        if padding not in allowed:
            raise _attr_error("padding", padding, allowed, op_name)
        return padding
    if "EXPLICIT" not in allowed:
        raise TypeError(f"Expected string for argument 'padding' not {padding!r}.")
    pairs = list(padding)
    for i, pair in enumerate(pairs):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(
                "When `padding` is a list, each element of `padding` must be a list/tuple of "
                f"size 2. Received: padding={padding} with element at index {i} of type "
                f"{type(pair)}")
    if len(pairs) != n + 2:
        raise ValueError(f"When padding is a list, it must be of size {n + 2}. Received: "
                         f"padding={padding} of size {len(pairs)}")
    pairs = [(operator.index(a), operator.index(b)) for a, b in pairs]
    if any(a < 0 or b < 0 for a, b in pairs):
        raise errors.invalid_argument("All elements of explicit_paddings must be nonnegative",
                                      op_name)
    outer = (pairs[0], pairs[1]) if channels_first else (pairs[0], pairs[-1])
    if any(outer[0]) or any(outer[1]):
        raise errors.invalid_argument(
            "Nonzero explicit padding in the batch or depth dimensions is not supported",
            op_name)
    return _spatial(pairs, channels_first)


def _check_unit_outer(values, channels_first, what, op_name):
    outer = (values[0], values[1]) if channels_first else (values[0], values[-1])
    if outer != (1, 1):
        message = (f"Current implementation does not yet support {what} in the batch and "
                   f"depth dimensions. [Op:{op_name}]")
        error = errors.InvalidArgumentError if op_name == "Conv3D" else errors.UnimplementedError
        raise error(None, None, message)


def _conv_operands(op, x, w, allowed):
    x, w = binary_operands(x, w)
    check_same_dtype(op, (x, w))
    check_dtype(op, x, allowed)
    return x, w


_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def _check_format(data_format, n, op_name):
    if data_format not in _FORMATS[n]:
        raise _attr_error("data_format", data_format, _FORMATS[n], op_name)
    return data_format.startswith("NC")


def _conv2d(x, w, strides, padding, data_format, dilations):
    op = _CONV2D
    x, w = _conv_operands(op, x, w, _CONV_TYPES)
    channels_first = _check_format(data_format, 2, op.name)
    padding = _padding(padding, ("SAME", "VALID", "EXPLICIT"), 2, channels_first, op.name)
    shape, filter_shape = x._shape_tuple(), w._shape_tuple()
    strides = _sequence(strides, 2, channels_first, "strides")
    dilations = _sequence(dilations, 2, channels_first, "dilations")
    if len(shape) < 4:
        raise errors.invalid_argument(
            f"convolution input must be 4-dimensional: {errors.shape_text(shape)}", op.name)
    if len(filter_shape) != 4:
        raise errors.invalid_argument(
            f"convolution filter must be 4-dimensional: {errors.shape_text(filter_shape)}", op.name)
    _check_unit_outer(strides, channels_first, "strides", op.name)
    _check_unit_outer(dilations, channels_first, "dilations", op.name)
    channels = shape[-3] if channels_first else shape[-1]
    groups = _groups(channels, filter_shape, op.name, "input depth")
    return execute(op, (x, w), (
        ("strides", _spatial(strides, channels_first)), ("padding", padding),
        ("dilations", _spatial(dilations, channels_first)),
        ("channels_first", channels_first), ("groups", groups)))


def _groups(channels, filter_shape, op_name, what):
    depth, out_depth = filter_shape[-2], filter_shape[-1]
    if depth <= 0:
        raise errors.invalid_argument(f"filter depth must be stricly positive, got {depth}",
                                      op_name)
    if channels % depth:
        raise errors.invalid_argument(
            f"{what} must be evenly divisible by filter depth: {channels} vs {depth}", op_name)
    groups = channels // depth
    if out_depth % groups:
        raise errors.invalid_argument(
            f"output depth must be evenly divisible by number of groups: {out_depth} vs "
            f"{groups}", op_name)
    return groups


@export("nn.conv2d")
def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,
           data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """`tf.nn.conv2d`: strides and dilations as an int or 1, 2 or 4 values; padding "SAME",
    "VALID" or explicit pairs; NHWC or NCHW; grouped when the input depth is a multiple of
    the filter depth."""
    filter = deprecated_alias(filters, filter, "filters", "filter")
    return _conv2d(input, filter, strides, padding, data_format, dilations)


def _insert_unit(t, axis):
    """`t` with a dimension of size 1 inserted at `axis` (negative: from the end)."""
    shape = list(t._shape_tuple())
    shape.insert(len(shape) + 1 + axis if axis < 0 else axis, 1)
    return array_ops.reshape(t, shape)


def _drop_unit(t, axis):
    shape = list(t._shape_tuple())
    del shape[axis]
    return array_ops.reshape(t, shape)


def _conv1d_format(data_format):
    if data_format in (None, "NWC", "NHWC"):
        return False
    if data_format in ("NCW", "NCHW"):
        return True
    raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")


@export("nn.conv1d")
def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None,
           data_format=None, name=None, input=None, dilations=None):
    """`tf.nn.conv1d` (NWC or NCW), run as TF does: a conv2d over a unit height."""
    value = deprecated_alias(input, value, "input", "value")
    channels_first = _conv1d_format(data_format)
    x, w = binary_operands(value, filters)
    axis = -2 if channels_first else -3
    strides = (1,) + _sequence(stride, 1, channels_first, "stride")
    dilations = (1,) + _sequence(dilations, 1, channels_first, "dilations")
    if not isinstance(padding, str):
        raise TypeError(f"Expected string for argument 'padding' not {padding!r}.")
    out = _conv2d(_insert_unit(x, axis), _insert_unit(w, 0), strides, padding,
                  "NCHW" if channels_first else "NHWC", dilations)
    return _drop_unit(out, axis)


def _conv3d(x, w, strides, padding, data_format, dilations):
    op = _CONV3D
    x, w = _conv_operands(op, x, w, _FLOAT_TYPES)
    channels_first = _check_format(data_format, 3, op.name)
    padding = _padding(padding, ("SAME", "VALID"), 3, channels_first, op.name)
    shape, filter_shape = x._shape_tuple(), w._shape_tuple()
    for attr, values in (("strides", strides), ("dilations", dilations)):
        length = 1 if isinstance(values, (int, np.integer)) else len(values)
        if length != 5:
            raise errors.invalid_argument(
                f"Length for attr '{attr}' of {length} must be at least minimum 5", op.name)
    strides, dilations = tuple(strides), tuple(dilations)
    if len(shape) != 5:
        raise errors.invalid_argument("input must be 5-dimensional", op.name)
    if len(filter_shape) != 5:
        raise errors.invalid_argument("filter must be 5-dimensional", op.name)
    _check_unit_outer(strides, channels_first, "strides", op.name)
    _check_unit_outer(dilations, channels_first, "dilations", op.name)
    channels = shape[1] if channels_first else shape[-1]
    groups = _groups(channels, filter_shape, op.name, "Input depth")
    return execute(op, (x, w), (
        ("strides", _spatial(strides, channels_first)), ("padding", padding),
        ("dilations", _spatial(dilations, channels_first)),
        ("channels_first", channels_first), ("groups", groups)))


@export("nn.conv3d")
def conv3d(input, filter=None, strides=None, padding=None, data_format="NDHWC",
           dilations=(1, 1, 1, 1, 1), name=None, filters=None):
    """`tf.nn.conv3d`: NDHWC or NCDHW, padding "SAME" or "VALID"."""
    filter = deprecated_alias(filters, filter, "filters", "filter")
    return _conv3d(input, filter, strides, padding, data_format, dilations)


def _check_rate(strides, rates):
    if any(s > 1 for s in strides) and any(r > 1 for r in rates):
        raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         f"Received: strides={np.asarray(strides)} and "
                         f"dilation_rate={np.asarray(rates)}")


@export("nn.convolution")
def convolution(input, filter, padding, strides=None, dilation_rate=None, name=None,
                data_format=None, filters=None, dilations=None):
    """`tf.nn.convolution`: 1-, 2- or 3-D by the filter's rank; `strides` and
    `dilation_rate` give the spatial values only."""
    filter = deprecated_alias(filters, filter, "filters", "filter")
    dilation_rate = deprecated_alias(dilations, dilation_rate, "dilations", "dilation_rate")
    x, w = binary_operands(input, filter)
    n = max(w._rank() - 2, 1)
    strides = (1,) * n if strides is None else _spatial_list(strides, n)
    rates = (1,) * n if dilation_rate is None else _spatial_list(dilation_rate, n)
    _check_rate(strides, rates)
    if n == 1:
        return conv1d(x, w, strides, padding, data_format=data_format, dilations=rates)
    if n == 2:
        return _conv2d(x, w, strides, padding, data_format or "NHWC", rates)
    return _conv3d(x, w, _sequence(strides, 3, data_format == "NCDHW", "strides"), padding,
                   data_format or "NDHWC", _sequence(rates, 3, data_format == "NCDHW", "dilations"))


def _spatial_list(value, n):
    items = [value] * n if isinstance(value, (int, np.integer)) else list(value)
    return tuple(operator.index(v) for v in items)


def _depthwise_front(x, w, strides, padding, data_format, dilations):
    op = _DEPTHWISE
    x, w = _conv_operands(op, x, w, _FLOAT_TYPES)
    channels_first = _check_format(data_format, 2, op.name)
    padding = _padding(padding, ("SAME", "VALID", "EXPLICIT"), 2, channels_first, op.name)
    if isinstance(strides, (int, np.integer)):
        raise TypeError("Expected list for 'strides' argument to 'depthwise_conv2d_native' "
                        f"Op, not {strides}.")
    strides = tuple(operator.index(s) for s in strides)
    if len(strides) != 4:
        raise errors.invalid_argument("Sliding window strides field must specify 4 dimensions",
                                      op.name)
    _check_unit_outer(strides, channels_first, "strides", op.name)
    rows, cols = _spatial(strides, channels_first)
    if rows != cols:
        raise errors.invalid_argument("Current implementation only supports equal length "
                                      "strides in the row and column dimensions.", op.name)
    shape, filter_shape = x._shape_tuple(), w._shape_tuple()
    if len(shape) != 4:
        raise errors.invalid_argument(f"input must be 4-dimensional{errors.shape_text(shape)}", op.name)
    if len(filter_shape) != 4:
        raise errors.invalid_argument(f"filter must be 4-dimensional: {errors.shape_text(filter_shape)}",
                                      op.name)
    channels = shape[1] if channels_first else shape[-1]
    if channels != filter_shape[2]:
        raise errors.invalid_argument(
            f"input and filter must have the same depth: {channels} vs {filter_shape[2]}",
            op.name)
    return execute(op, (x, w), (
        ("strides", (rows, cols)), ("padding", padding),
        ("dilations", _spatial(dilations, channels_first)), ("channels_first", channels_first)))


@export("nn.depthwise_conv2d_native")
def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",
                            dilations=(1, 1, 1, 1), name=None):
    """`tf.nn.depthwise_conv2d_native`: each input channel convolved with its own
    `channel_multiplier` filters; strides and dilations as 4 values."""
    channels_first = data_format == "NCHW"
    return _depthwise_front(input, filter, strides, padding, data_format,
                            _sequence(dilations, 2, channels_first, "dilations"))


@export("nn.depthwise_conv2d")
def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None,
                     dilations=None):
    """`tf.nn.depthwise_conv2d`: `rate` (or `dilations`) gives the two spatial dilations;
    strides above 1 with a rate above 1 raise, as in TF 1.x."""
    rate = deprecated_alias(dilations, rate, "dilations", "rate")
    data_format = data_format or "NHWC"
    channels_first = data_format == "NCHW"
    rates = (1, 1) if rate is None else _spatial_list(rate, 2)
    if not isinstance(strides, (int, np.integer)) and len(strides) == 4:
        _check_rate(_spatial(tuple(strides), channels_first), rates)
    return _depthwise_front(input, filter, strides, padding, data_format,
                            _sequence(rates, 2, channels_first, "dilations"))


@export("nn.separable_conv2d")
def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None,
                     name=None, data_format=None, dilations=None):
    """`tf.nn.separable_conv2d`: a depthwise convolution, then a 1x1 convolution."""
    pointwise = to_tensor(pointwise_filter)
    shape = pointwise._shape_tuple()
    if len(shape) != 4:
        raise ValueError(f"Shape {tuple(shape)} must have rank 4")
    for d in shape[:2]:
        if d != 1:
            raise ValueError(f"Dimensions {d} and 1 are not compatible")
    depthwise = depthwise_conv2d(input, depthwise_filter, strides, padding, rate,
                                 data_format=data_format, dilations=dilations)
    return _conv2d(depthwise, pointwise, 1, "VALID", data_format or "NHWC", 1)


@export("nn.atrous_conv2d")
def atrous_conv2d(value, filters, rate, padding, name=None):
    """`tf.nn.atrous_conv2d`: a conv2d with both spatial dilations equal to `rate`."""
    if rate < 1:
        raise ValueError("all values of `dilation_rate` must be positive. Received: "
                         f"dilation_rate={np.asarray([rate, rate])}")
    return _conv2d(value, filters, 1, padding, "NHWC", rate)


def _transpose_front(op, value, w, output_shape, strides, padding, data_format, dilations, n):
    x, w = _conv_operands(op, value, w, _CONV_TYPES if n == 2 else _FLOAT_TYPES)
    channels_first = _check_format(data_format, n, op.name)
    padding = _padding(padding, ("SAME", "VALID", "EXPLICIT") if n == 2 else ("SAME", "VALID"),
                       n, channels_first, op.name)
    strides = _sequence(strides, n, channels_first, "strides")
    dilations = _sequence(dilations, n, channels_first, "dilations")
    shape, filter_shape = x._shape_tuple(), w._shape_tuple()
    sizes = _static_shape(output_shape)
    if len(sizes) == n:
        channels = filter_shape[-2] if len(filter_shape) == n + 2 else 0
        sizes = ((shape[0], channels) + sizes) if channels_first else (
            (shape[0],) + sizes + (channels,))
    if len(sizes) != n + 2:
        raise errors.invalid_argument(
            f"{op.name} requires input_sizes to contain {n + 2} values or {n} values, but "
            f"got: {len(sizes)}", op.name)
    if len(shape) != n + 2:
        raise errors.invalid_argument(
            f"input_sizes must be {n + 2}-dimensional, got: {len(shape)}", op.name)
    if len(filter_shape) != n + 2:
        raise errors.invalid_argument(
            f"filter must be {n + 2}-dimensional: {errors.shape_text(filter_shape)}", op.name)
    _check_unit_outer(strides, channels_first, "strides", op.name)
    _check_unit_outer(dilations, channels_first, "dilations", op.name)
    prefix = "Conv2DCustomBackpropInput: " if n == 2 else ""
    c = 1 if channels_first else n + 1
    if sizes[c] != filter_shape[-2]:
        raise errors.invalid_argument(
            f"{prefix}input depth must be evenly divisible by filter depth", op.name)
    if shape[c] != filter_shape[-1]:
        raise errors.invalid_argument(
            f"{prefix}filter and out_backprop must have the same out_depth", op.name)
    if sizes[0] != shape[0]:
        raise errors.invalid_argument(
            f"{prefix}input and out_backprop must have the same batch size. Input batch: "
            f"{sizes[0]}, outbackprop batch: {shape[0]}, batch_dim: 0", op.name)
    spatial_strides = _spatial(strides, channels_first)
    spatial_dilations = _spatial(dilations, channels_first)
    first = 2 if channels_first else 1
    for i in range(n):
        size, actual = sizes[first + i], shape[first + i]
        extent = (filter_shape[i] - 1) * spatial_dilations[i] + 1
        stride = spatial_strides[i]
        if padding == "SAME":
            computed = -(-size // stride)
        elif padding == "VALID":
            computed = max(-(-(size - extent + 1) // stride), 0)
        else:
            computed = (size + sum(padding[i]) - extent) // stride + 1
        if computed != actual:
            raise errors.invalid_argument(
                f"{prefix}Size of out_backprop doesn't match computed: actual = {actual}, "
                f"computed = {computed} spatial_dim: {first + i} input: {size} filter: "
                f"{filter_shape[i]} output: {actual} stride: {stride} dilation: "
                f"{spatial_dilations[i]}", op.name)
    return execute(op, (x, w), (
        ("out_shape", tuple(sizes)), ("strides", spatial_strides), ("padding", padding),
        ("dilations", spatial_dilations), ("channels_first", channels_first)))


@export("nn.conv2d_transpose")
def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):
    """`tf.nn.conv2d_transpose`: the gradient of conv2d with respect to its input, of shape
    `output_shape`; the filter is [height, width, output_channels, in_channels]."""
    value = deprecated_alias(input, value, "input", "value")
    filter = deprecated_alias(filters, filter, "filters", "filter")
    return _transpose_front(_CONV2D_TRANSPOSE, value, filter, output_shape, strides, padding,
                            data_format, dilations, 2)


@export("nn.conv1d_transpose")
def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC",
                     dilations=None, name=None):
    """`tf.nn.conv1d_transpose` (NWC or NCW), run as a conv2d_transpose over a unit height."""
    channels_first = _conv1d_format(data_format)
    x, w = binary_operands(input, filters)
    axis = -2 if channels_first else -3
    sizes = list(_static_shape(output_shape))
    sizes.insert(len(sizes) + 1 + axis, 1)
    strides = (1,) + _sequence(strides, 1, channels_first, "strides")
    dilations = (1,) + _sequence(dilations, 1, channels_first, "dilations")
    out = _transpose_front(_CONV2D_TRANSPOSE, _insert_unit(x, axis), _insert_unit(w, 0), sizes,
                           strides, padding, "NCHW" if channels_first else "NHWC", dilations, 2)
    return _drop_unit(out, axis)


@export("nn.conv3d_transpose")
def conv3d_transpose(value, filter=None, output_shape=None, strides=None, padding="SAME",
                     data_format="NDHWC", name=None, input=None, filters=None, dilations=None):
    """`tf.nn.conv3d_transpose`: the gradient of conv3d with respect to its input."""
    value = deprecated_alias(input, value, "input", "value")
    filter = deprecated_alias(filters, filter, "filters", "filter")
    return _transpose_front(_CONV3D_TRANSPOSE, value, filter, output_shape, strides, padding,
                            data_format, dilations, 3)


@export("nn.conv_transpose")
def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None,
                   dilations=None, name=None):
    """`tf.nn.conv_transpose`: 1-, 2- or 3-D by the length of `output_shape`."""
    n = len(_static_shape(output_shape)) - 2
    if n == 1:
        return conv1d_transpose(input, filters, output_shape, strides, padding,
                                data_format or "NWC", dilations)
    if n == 2:
        return conv2d_transpose(input, filters, output_shape, strides, padding,
                                data_format or "NHWC", dilations=dilations)
    if n == 3:
        return conv3d_transpose(input, filters, output_shape, strides, padding,
                                data_format or "NDHWC", dilations=dilations)
    raise ValueError("`output_shape` must be of length 3, 4 or 5. "
                     f"Received: output_shape={list(_static_shape(output_shape))} of length "
                     f"{n + 2}.")


# ---- pooling -------------------------------------------------------------------------------
def _tiles(x, window):
    """`x` cropped to whole windows, each windowed axis split into (count, window)."""
    x = x[tuple(slice(0, d - d % w) for d, w in zip(x.shape, window))]
    split = [n for d, w in zip(x.shape, window) for n in ((d // w, w) if w > 1 else (d,))]
    inner, position = [], 0
    for w in window:
        if w > 1:
            inner.append(position + 1)
        position += 2 if w > 1 else 1
    return x.reshape(split), tuple(inner)


@functools.partial(jax.custom_vjp, nondiff_argnums=(1,))
def _tiled_max(x, window):
    tiles, inner = _tiles(x, window)
    return jnp.max(tiles, inner)


def _tiled_max_forward(x, window):
    return _tiled_max(x, window), x


def _tiled_max_backward(window, x, grad):
    """TF's MaxPoolGrad: each window's gradient goes to its first maximum (row-major)."""
    tiles, inner = _tiles(x, window)
    top = jnp.max(tiles, inner, keepdims=True)
    order, scale = 0, 1  # each element's row-major position in its window
    for axis in reversed(inner):
        order = order + lax.broadcasted_iota(jnp.int32, tiles.shape, axis) * scale
        scale *= tiles.shape[axis]
    first = jnp.min(jnp.where(tiles == top, order, tiles.size), inner, keepdims=True)
    spread = jnp.where(order == first, jnp.expand_dims(grad, inner), 0).astype(x.dtype)
    cropped = spread.reshape([d - d % w for d, w in zip(x.shape, window)])
    return (jnp.pad(cropped, [(0, d % w) for d, w in zip(x.shape, window)]),)


_tiled_max.defvjp(_tiled_max_forward, _tiled_max_backward)


def _tiled(x, window, strides, padding, dilation):
    """Whether max pooling can run as a reshape and a max: windows that tile the input."""
    return (window == strides and not any(d > 1 for d in dilation) and
            (padding == "VALID" or (padding == "SAME" and
                                    not any(d % w for d, w in zip(x.shape, window)))))


def _pool(x, kind, window, strides, padding, dilation):
    if padding not in ("SAME", "VALID"):
        padding = tuple(padding)
    if kind == "MAX" and jnp.issubdtype(x.dtype, jnp.floating):
        # TF's max pooling never picks a NaN: a window of NaNs gives the lowest finite value.
        x = jnp.where(jnp.isnan(x), jnp.finfo(x.dtype).min, x)
    if kind == "MAX" and jax.default_backend() == "cpu" and _tiled(x, window, strides,
                                                                    padding, dilation):
        # XLA:CPU's reduce_window gradient (select-and-scatter) is slow; GPU/TPU keep it.
        return _tiled_max(x, window)
    if kind == "MAX":
        low = -np.inf if jnp.issubdtype(x.dtype, jnp.floating) else jnp.iinfo(x.dtype).min
        # A NumPy init value lets JAX see max pooling (and differentiate it: first max wins).
        return lax.reduce_window(x, np.array(low, x.dtype), lax.max, window, strides, padding,
                                 window_dilation=dilation)
    dtype = _computation_dtype(x)
    zero = np.array(0, dtype)
    total = lax.reduce_window(x.astype(dtype), zero, lax.add, window, strides, padding,
                              window_dilation=dilation)
    ones = jnp.ones(tuple(d if w > 1 else 1 for d, w in zip(x.shape, window)), dtype)
    count = lax.reduce_window(ones, zero, lax.add, window, strides, padding,
                              window_dilation=dilation)
    return (total / count).astype(x.dtype)


_POOL_OPS = {(kind, n): Op(f"{'MaxPool' if kind == 'MAX' else 'AvgPool'}{'3D' if n == 3 else ''}",
                           _pool)
             for kind in ("MAX", "AVG") for n in (1, 2, 3)}


def _pool_front(kind, value, ksize, strides, padding, data_format, n, dilation=None):
    op = _POOL_OPS[kind, n]
    x = to_tensor(value)
    check_dtype(op, x, _MAX_POOL_TYPES if kind == "MAX" else _FLOAT_TYPES)
    channels_first = _check_format(data_format, n, op.name)
    allowed = ("SAME", "VALID", "EXPLICIT") if kind == "MAX" and n == 2 else ("SAME", "VALID")
    padding = _padding(padding, allowed, n, channels_first, op.name)
    window = _sequence(ksize, n, channels_first, "ksize")
    strides = _sequence(strides, n, channels_first, "strides")
    if 0 in window:
        raise ValueError(f"`ksize` cannot be zero. Received: ksize={list(window)}")
    shape = x._shape_tuple()
    if len(shape) != n + 2:
        raise errors.invalid_argument(
            f"tensor_in_shape must have {n} spatial dimensions. {len(shape)} 0", op.name)
    if window[0] != 1 or strides[0] != 1:
        raise errors.UnimplementedError(
            None, None, f"Pooling is not yet supported on the batch dimension. [Op:{op.name}]")
    c = 1 if channels_first else n + 1
    if window[c] != 1 or strides[c] != 1:
        message = ("Non-spatial pooling is not yet supported. Volunteers? :)" if kind == "AVG"
                   else "MaxPooling supports exactly one of pooling across depth or pooling "
                        "across width/height.")
        if kind == "AVG" or any(w != 1 for w in _spatial(window, channels_first)):
            raise errors.UnimplementedError(None, None, f"{message} [Op:{op.name}]")
    if not isinstance(padding, str):
        padding = ((0, 0), (0, 0)) + padding if channels_first else (
            ((0, 0),) + padding + ((0, 0),))
    dilation = (1,) * (n + 2) if dilation is None else dilation
    return execute(op, (x,), (("kind", kind), ("window", window), ("strides", strides),
                              ("padding", padding), ("dilation", dilation)))


def _pool_function(kind, n, names, default_format, value_alias):
    label = "max" if kind == "MAX" else "average"

    if value_alias:
        def pool(value, ksize, strides, padding, data_format=default_format, name=None,
                 input=None):
            value = deprecated_alias(input, value, "input", "value")
            return _pool_front(kind, value, ksize, strides, padding, data_format, n)
    else:
        def pool(input, ksize, strides, padding, data_format=default_format, name=None):
            return _pool_front(kind, input, ksize, strides, padding, data_format, n)

    pool.__name__ = pool.__qualname__ = names[0].split(".")[-1]
    pool.__doc__ = (f"`tf.{names[0]}`: {n}-D {label} pooling; `ksize` and `strides` as an int "
                    f"or 1, {n} or {n + 2} values; padding \"SAME\" or \"VALID\".")
    return export(*names)(pool)


max_pool = _pool_function("MAX", 2, ["nn.max_pool"], "NHWC", True)
avg_pool = _pool_function("AVG", 2, ["nn.avg_pool"], "NHWC", True)
max_pool2d = _pool_function("MAX", 2, ["nn.max_pool2d"], "NHWC", False)
avg_pool2d = _pool_function("AVG", 2, ["nn.avg_pool2d"], "NHWC", True)
max_pool1d = _pool_function("MAX", 1, ["nn.max_pool1d"], "NWC", False)
avg_pool1d = _pool_function("AVG", 1, ["nn.avg_pool1d"], "NWC", False)
max_pool3d = _pool_function("MAX", 3, ["nn.max_pool3d"], "NDHWC", False)
avg_pool3d = _pool_function("AVG", 3, ["nn.avg_pool3d"], "NDHWC", False)


def _pool_rank(input, data_format):
    n = to_tensor(input)._rank() - 2
    if n not in (1, 2, 3):
        raise ValueError("`input.shape.rank` must be 3, 4 or 5. Received: "
                         f"input.shape={tuple(to_tensor(input)._shape_tuple())} of rank {n + 2}.")
    return n, data_format or _FORMATS[n][0]


@export("nn.max_pool_v2")
def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):
    """`tf.nn.max_pool_v2`: 1-, 2- or 3-D max pooling by the input's rank."""
    n, data_format = _pool_rank(input, data_format)
    return _pool_front("MAX", input, ksize, strides, padding, data_format, n)


@export("nn.avg_pool_v2")
def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):
    """`tf.nn.avg_pool_v2`: 1-, 2- or 3-D average pooling by the input's rank."""
    n, data_format = _pool_rank(input, data_format)
    return _pool_front("AVG", input, ksize, strides, padding, data_format, n)


@export("nn.pool")
def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None,
         name=None, data_format=None, dilations=None):
    """`tf.nn.pool`: "MAX" or "AVG" pooling over `len(window_shape)` spatial dimensions,
    with optional dilation (not with "SAME" padding or strides above 1, as in TF)."""
    dilation_rate = deprecated_alias(dilations, dilation_rate, "dilations", "dilation_rate")
    window = _spatial_list(window_shape, len(window_shape))
    n = len(window)
    x = to_tensor(input)
    if x._rank() != n + 2:
        raise ValueError(f"Shape {tuple(x._shape_tuple())} must have rank {n + 2}")
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"{n}-D {pooling_type} pooling is not supported.")
    strides = (1,) * n if strides is None else _spatial_list(strides, n)
    rates = (1,) * n if dilation_rate is None else _spatial_list(dilation_rate, n)
    if padding == "SAME" and any(r > 1 for r in rates):
        raise ValueError("pooling with 'SAME' padding is not implemented for `dilation_rate` "
                         f"> 1. Received: padding={padding} and dilation_rate={np.asarray(rates)}")
    _check_rate(strides, rates)
    data_format = data_format or _FORMATS[n][0]
    channels_first = data_format.startswith("NC")
    return _pool_front(pooling_type, x, window, strides, padding, data_format, n,
                       _sequence(rates, n, channels_first, "dilation_rate"))


# ---- normalisation -------------------------------------------------------------------------
def _moments(x, axes, keepdims):
    dtype = _computation_dtype(x)
    y = x.astype(dtype)
    count = int(math.prod([x.shape[a] for a in axes]))
    if jnp.issubdtype(dtype, jnp.integer):  # TF's integer mean truncates
        divisor = jnp.asarray(max(count, 1), dtype)
        mean = lax.div(jnp.sum(y, axes, dtype, keepdims=True), divisor)
        variance = lax.div(jnp.sum(jnp.square(y - mean), axes, dtype, keepdims=True), divisor)
    else:
        mean = jnp.mean(y, axes, keepdims=True)
        variance = jnp.mean(jnp.square(y - lax.stop_gradient(mean)), axes, keepdims=True)
    if not keepdims:
        mean, variance = jnp.squeeze(mean, axes), jnp.squeeze(variance, axes)
    return mean.astype(x.dtype), variance.astype(x.dtype)


_MOMENTS = Op("Moments", _moments)


@export("nn.moments")
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """`tf.nn.moments`: (mean, variance) over `axes`; `shift` is ignored, as in TF."""
    x = to_tensor(x)
    keepdims = deprecated_alias(keepdims, keep_dims, "keepdims", "keep_dims")
    axes = normalize_axis(axes, x._rank(), "Mean")
    return execute(_MOMENTS, (x,), (("axes", axes), ("keepdims", bool(keepdims))))


def _weighted_moments(x, weights, axes, keepdims):
    dtype = _computation_dtype(x)
    y, w = x.astype(dtype), weights.astype(dtype)
    w = w + jnp.zeros_like(y)
    total = jnp.sum(w, axes, keepdims=True)
    safe = jnp.where(total == 0, jnp.ones_like(total), total)
    mean = jnp.where(total == 0, jnp.zeros_like(total), jnp.sum(w * y, axes, keepdims=True) / safe)
    spread = jnp.sum(w * jnp.square(y - mean), axes, keepdims=True)
    variance = jnp.where(total == 0, jnp.zeros_like(total), spread / safe)
    if not keepdims:
        mean, variance = jnp.squeeze(mean, axes), jnp.squeeze(variance, axes)
    return mean.astype(x.dtype), variance.astype(x.dtype)


_WEIGHTED_MOMENTS = Op("WeightedMoments", _weighted_moments)


@export("nn.weighted_moments")
def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """`tf.nn.weighted_moments`: mean and variance weighted by `frequency_weights`
    (0 where the weights sum to 0)."""
    x = to_tensor(x)
    weights = to_tensor(frequency_weights)
    if weights.dtype is not x.dtype:
        weights = array_ops.cast(weights, x.dtype)
    keepdims = deprecated_alias(keepdims, keep_dims, "keepdims", "keep_dims")
    axes = normalize_axis(axes, x._rank(), "Sum")
    return execute(_WEIGHTED_MOMENTS, (x, weights), (("axes", axes),
                                                     ("keepdims", bool(keepdims))))


def _sufficient_statistics(x, shift, axes, keepdims):
    y = x - shift
    return jnp.sum(y, axes, keepdims=keepdims), jnp.sum(jnp.square(y), axes, keepdims=keepdims)


_SUFFICIENT_STATISTICS = Op("SufficientStatistics", _sufficient_statistics)


@export("nn.sufficient_statistics")
def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """`tf.nn.sufficient_statistics`: (count, sum of x - shift, sum of squares, shift)."""
    x = to_tensor(x)
    keepdims = deprecated_alias(keepdims, keep_dims, "keepdims", "keep_dims")
    axes = normalize_axis(axes, x._rank(), "Sum")
    count = int(math.prod([x._shape_tuple()[a] for a in axes]))
    counts = to_tensor(count, x.dtype)
    shift = None if shift is None else to_tensor(shift, x.dtype)
    m_ss, v_ss = execute(_SUFFICIENT_STATISTICS, (x, _or_zero(shift, x.dtype)),
                         (("axes", axes), ("keepdims", bool(keepdims))))
    return counts, m_ss, v_ss, shift


def _or_zero(t, dtype):
    return to_tensor(0, dtype) if t is None else t


def _normalize_moments(counts, mean_ss, variance_ss, shift):
    shifted_mean = mean_ss / counts
    return shifted_mean + shift, variance_ss / counts - jnp.square(shifted_mean)


_NORMALIZE_MOMENTS = Op("NormalizeMoments", _normalize_moments)


@export("nn.normalize_moments")
def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """`tf.nn.normalize_moments`: mean and variance from sufficient statistics."""
    mean_ss = to_tensor(mean_ss)
    dtype = mean_ss.dtype
    shift = _or_zero(None if shift is None else to_tensor(shift, dtype), dtype)
    return execute(_NORMALIZE_MOMENTS, (to_tensor(counts, dtype), mean_ss,
                                        to_tensor(variance_ss, dtype), shift))


def _batch_normalization(x, mean, variance, offset, scale, epsilon):
    inv = lax.rsqrt(variance + epsilon) * scale
    return x * inv.astype(x.dtype) + (offset - mean * inv).astype(x.dtype)


_BATCH_NORM = Op("BatchNormalization", _batch_normalization)
_RSQRT = _TFOp("Rsqrt")
_MUL = _TFOp("Mul")


@export("nn.batch_normalization")
def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """`tf.nn.batch_normalization`: `scale * (x - mean) / sqrt(variance + epsilon) + offset`,
    computed as TF does (`x * inv + (offset - mean * inv)`); `offset`/`scale` may be None."""
    x = to_tensor(x)
    check_dtype(_RSQRT, x, _FLOAT_TYPES)
    offset = to_tensor(0, x.dtype) if offset is None else offset
    scale = to_tensor(1, x.dtype) if scale is None else scale
    inputs = [x] + [to_tensor(t, None if isinstance(t, Tensor) else x.dtype)
                    for t in (mean, variance, offset, scale)]
    check_same_dtype(_MUL, inputs)
    return execute(_BATCH_NORM, tuple(inputs), (("epsilon", float(variance_epsilon)),))


def _fused_batch_norm(x, scale, offset, mean, variance, epsilon, channels_first, training,
                      factor):
    axes = tuple(i for i in range(x.ndim) if i != (1 if channels_first else x.ndim - 1))
    shape = tuple(-1 if i not in axes else 1 for i in range(x.ndim))
    y = x.astype(jnp.float32)
    if training:
        batch_mean = jnp.mean(y, axes)
        batch_var = jnp.mean(jnp.square(y - batch_mean.reshape(shape)), axes)
        count = x.size // max(batch_mean.size, 1)
        corrected = batch_var * (count / max(count - 1, 1))
        use_mean, use_var = batch_mean, batch_var
        if factor != 1.0:
            batch_mean = (1 - factor) * mean + factor * batch_mean
            corrected = (1 - factor) * variance + factor * corrected
        out_mean, out_var = batch_mean, corrected
    else:
        use_mean, use_var, out_mean, out_var = mean, variance, mean, variance
    inv = lax.rsqrt(use_var + epsilon) * scale
    out = (y - use_mean.reshape(shape)) * inv.reshape(shape) + offset.reshape(shape)
    # TF's gradient takes only y's: the mean and variance outputs carry none.
    return out.astype(x.dtype), lax.stop_gradient(out_mean), lax.stop_gradient(out_var)


_FUSED_BATCH_NORM = Op("FusedBatchNormV3", _fused_batch_norm)
_FUSED_FORMATS = ("NHWC", "NCHW", "NDHWC", "NCDHW")


@export("nn.fused_batch_norm")
def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001,
                     data_format="NHWC", is_training=True, name=None,
                     exponential_avg_factor=1.0):
    """`tf.nn.fused_batch_norm` over a 4-D or 5-D input: returns (y, mean, variance).

    Training normalises with the batch statistics and returns the batch mean and the
    Bessel-corrected batch variance (blended into `mean`/`variance` when
    `exponential_avg_factor` != 1); inference uses `mean` and `variance`.
    """
    op = _FUSED_BATCH_NORM
    x = to_tensor(x)
    check_dtype(op, x, numpy_types({dtypes.float16, dtypes.bfloat16, dtypes.float32}))
    if (not is_training or exponential_avg_factor != 1.0) and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is "
                         "False or `exponential_avg_factor` != 1.0. Received: `mean` "
                         f"{mean} and `variance` {variance}")
    if data_format not in _FUSED_FORMATS:
        raise _attr_error("data_format", data_format, _FUSED_FORMATS, op.name)
    shape = x._shape_tuple()
    if len(shape) not in (4, 5):
        raise errors.invalid_argument(f"input must be 4 or 5-dimensional{errors.shape_text(shape)}", op.name)
    channels_first = data_format.startswith("NC")
    channels = shape[1] if channels_first else shape[-1]
    params = {}
    for label, value in (("scale", scale), ("offset", offset), ("mean", mean),
                         ("variance", variance)):
        t = to_tensor(value if value is not None else np.zeros(channels, np.float32),
                      None if isinstance(value, Tensor) else dtypes.float32)
        if t.dtype is not dtypes.float32:
            if t.dtype is not dtypes.bfloat16:
                raise _type_error("U", t.dtype, "bfloat16, float", op.name)
            t = array_ops.cast(t, dtypes.float32)
        size = int(math.prod(t._shape_tuple()))
        if size != channels and (label in ("scale", "offset") or value is not None):
            when = "" if label in ("scale", "offset") else "When is_training=false, "
            raise errors.invalid_argument(
                f"{when}{label} must have the same number of elements as the channels of x, "
                f"got {size} and {channels}", op.name)
        params[label] = t
    inputs = (x, params["scale"], params["offset"], params["mean"], params["variance"])
    return execute(op, inputs, (("epsilon", float(epsilon)), ("channels_first", channels_first),
                                ("training", bool(is_training)),
                                ("factor", float(exponential_avg_factor))))


def _lrn(x, depth_radius, bias, alpha, beta):
    y = x.astype(_computation_dtype(x))
    squares = jnp.square(y)
    padded = jnp.pad(squares, ((0, 0),) * 3 + ((depth_radius, depth_radius),))
    window = sum(padded[..., i:i + x.shape[-1]] for i in range(2 * depth_radius + 1))
    return (y / (bias + alpha * window) ** beta).astype(x.dtype)


_LRN = Op("LRN", _lrn)


@export("nn.local_response_normalization", "nn.lrn")
def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """`tf.nn.lrn`: `x / (bias + alpha * sum of x**2 over depth_radius channels) ** beta`."""
    x = to_tensor(input)
    check_dtype(_LRN, x, numpy_types({dtypes.float16, dtypes.bfloat16, dtypes.float32}))
    if x._rank() != 4:
        raise errors.invalid_argument("in must be 4-dimensional", _LRN.name)
    return execute(_LRN, (x,), (("depth_radius", int(depth_radius)), ("bias", float(bias)),
                                ("alpha", float(alpha)), ("beta", float(beta))))


_L2_LOSS = Op("L2Loss", lambda x: jnp.sum(jnp.square(x)) / 2)


@export("nn.l2_loss")
def l2_loss(t, name=None):
    """`tf.nn.l2_loss`: `sum(t ** 2) / 2`."""
    t = to_tensor(t)
    check_dtype(_L2_LOSS, t, _FLOAT_TYPES)
    return execute(_L2_LOSS, (t,))


# ---- embeddings ----------------------------------------------------------------------------
def _embedding_lookup(ids, *tables, max_norm):
    table = tables[0] if len(tables) == 1 else jnp.concatenate(tables, 0)
    rows = jnp.take(table, ids, axis=0)
    if max_norm is None:
        return rows
    axes = tuple(range(ids.ndim, rows.ndim))
    square_sum = jnp.sum(rows * rows, axes, keepdims=True)
    positive = square_sum > 0
    norm = jnp.where(positive, jnp.sqrt(jnp.where(positive, square_sum,
                                                  jnp.ones_like(square_sum))), square_sum)
    # TF's clip_by_norm: t * clip / maximum(norm, clip), the gradient going to norm at a tie.
    return rows * max_norm / jnp.where(norm >= max_norm, norm, jnp.full_like(norm, max_norm))


_EMBEDDING_LOOKUP = Op("GatherV2", _embedding_lookup)
_STITCH = _TFOp("ParallelDynamicStitch")  # TF merges the partitions' rows with it


def _index_text(position, shape):
    return ",".join(str(i) for i in np.unravel_index(position, shape)) if shape else "0"


@export("nn.embedding_lookup")
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True,
                     max_norm=None):
    """`tf.nn.embedding_lookup`: rows of `params` (one tensor, or a list of partitions with
    the "mod" or "div" strategy) for `ids`; `max_norm` clips each row's L2 norm."""
    tables = list(params) if isinstance(params, (list, tuple)) else [params]
    if not tables:
        raise ValueError("Length of params is currently 0. Need at least one param.")
    op_name = "ResourceGather" if len(tables) == 1 and hasattr(tables[0], "_snapshot") else (
        "GatherV2")
    tables = [to_tensor(t) for t in tables]
    if len(tables) > 1 and partition_strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}."
                         "Must be one of either `mod` or `div`.")
    ids = to_tensor(ids)
    if ids._meta().dtype not in _INDEX_TYPES:
        raise _type_error("Tindices", ids.dtype, "int16, int32, int64", "GatherV2")
    check_same_dtype(_STITCH, [tables[0]] * len(tables) + tables)
    rows, counts = _partitioned_rows(np.asarray(ids.numpy()),
                                     [t._shape_tuple()[0] for t in tables], partition_strategy,
                                     op_name)
    for i, t in enumerate(tables[1:], 1):
        if t._shape_tuple()[1:] != tables[0]._shape_tuple()[1:]:
            gathered = [errors.shape_text((counts[p],) + tables[p]._shape_tuple()[1:]) for p in (0, i)]
            raise errors.invalid_argument(
                f"Need data[0].shape[1:] = data[{i}].shape[1:], got data[0].shape = "
                f"{gathered[0]}, data[{i}].shape = {gathered[1]}, indices[0].shape = "
                f"[{counts[0]}], indices[{i}].shape = [{counts[i]}]", _STITCH.name)
    attrs = (("max_norm", None if max_norm is None else float(max_norm)),)
    return execute(_EMBEDDING_LOOKUP, (wrap(jnp.asarray(rows, ids._meta().dtype)),) +
                   tuple(tables), attrs)


def _partitioned_rows(ids, sizes, strategy, op_name):
    """Each id's row in the concatenated partitions and the number of ids per partition;
    TF's range error when an id's partition lacks its row."""
    n = len(sizes)
    flat = ids.reshape(-1).astype(np.int64)
    if n == 1:
        partition, local = np.zeros_like(flat), flat
    elif strategy == "mod":
        partition, local = flat % n, flat // n
    else:
        per, extras = divmod(sum(sizes), n)
        partition = np.where(flat < extras * (per + 1), flat // (per + 1),
                             (flat - extras) // max(per, 1))
        local = np.where(partition < extras, flat - partition * (per + 1),
                         (flat - extras) % max(per, 1))
    for p in range(n):
        mine = np.flatnonzero(partition == p)
        bad = np.flatnonzero((local[mine] < 0) | (local[mine] >= sizes[p]))
        if bad.size:
            where = _index_text(bad[0], ids.shape) if n == 1 else str(bad[0])
            raise errors.invalid_argument(
                f"indices[{where}] = {local[mine][bad[0]]} is not in [0, {sizes[p]})", op_name)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    counts = [int(np.count_nonzero(partition == p)) for p in range(n)]
    return (offsets[partition] + local).reshape(ids.shape), counts


# ---- cross entropy -------------------------------------------------------------------------
@jax.custom_vjp
def _xent(logits, labels):
    return -jnp.sum(labels * jax.nn.log_softmax(logits, axis=-1), -1)


def _xent_forward(logits, labels):
    log_probs = jax.nn.log_softmax(logits, axis=-1)
    return -jnp.sum(labels * log_probs, -1), (log_probs, labels)


def _xent_backward(residuals, grad):
    log_probs, labels = residuals
    grad = grad[..., None]
    # TF's kernel gradient is softmax - labels, whatever the labels sum to.
    return grad * (jnp.exp(log_probs) - labels), -grad * log_probs


_xent.defvjp(_xent_forward, _xent_backward)


def _softmax_xent(logits, labels, axis, stop_labels):
    """TF's kernel works on [rows, classes]: both inputs flattened so, labels broadcast."""
    dtype = logits.dtype
    work = _computation_dtype(logits)
    logits = jnp.moveaxis(logits.astype(work), axis, -1)
    labels = labels.astype(work)
    if labels.ndim == logits.ndim:
        labels = jnp.moveaxis(labels, axis, -1)
    if stop_labels:
        labels = lax.stop_gradient(labels)
    rows = math.prod(logits.shape[:-1])  # (reshape(-1, 0) cannot infer the rows)
    flat = logits.reshape(rows, logits.shape[-1])
    label_rows = math.prod(labels.shape[:-1]) if labels.ndim else 1
    flat_labels = jnp.broadcast_to(
        labels.reshape(label_rows, labels.shape[-1] if labels.ndim else 1), flat.shape)
    return _xent(flat, flat_labels).reshape(logits.shape[:-1]).astype(dtype)


_SOFTMAX_XENT = Op("SoftmaxCrossEntropyWithLogits", _softmax_xent)


def _softmax_xent_front(labels, logits, axis, stop_labels):
    op = _SOFTMAX_XENT
    logits = to_tensor(logits)
    labels = to_tensor(labels, None if isinstance(labels, Tensor) else logits.dtype)
    check_dtype(op, logits, _FLOAT_TYPES)
    if labels.dtype is not logits.dtype:
        labels = array_ops.cast(labels, logits.dtype)
    shape, label_shape = logits._shape_tuple(), labels._shape_tuple()
    if not shape:
        raise errors.invalid_argument("Expected begin[0] == 0 (got -1) and size[0] == 0 "
                                      "(got 1) when input.dim_size(0) == 0", "Slice")
    axis = normalize_axis(axis, len(shape), op.name)[0]
    moved = list(shape)
    moved.append(moved.pop(axis))
    if len(label_shape) == len(shape):
        label_shape = list(label_shape)
        label_shape.append(label_shape.pop(axis))
    logits_2d = (int(math.prod(moved[:-1])), moved[-1])
    labels_2d = (int(math.prod(label_shape[:-1])), label_shape[-1]) if label_shape else (1, 1)
    if any(b not in (1, a) for a, b in zip(logits_2d, labels_2d)) or (
            len(label_shape) != len(shape) and axis != len(shape) - 1):
        raise errors.invalid_argument(
            f"logits and labels must be broadcastable: logits_size={errors.shape_text(logits_2d)} "
            f"labels_size={errors.shape_text(labels_2d)}", op.name)
    return execute(op, (logits, labels), (("axis", axis), ("stop_labels", stop_labels)))


@export("nn.softmax_cross_entropy_with_logits_v2")
def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """`tf.nn.softmax_cross_entropy_with_logits_v2`: `-sum(labels * log_softmax(logits))`
    along `axis` (last by default); gradients flow into the labels too."""
    axis = deprecated_alias(axis, dim, "axis", "dim")
    return _softmax_xent_front(labels, logits, -1 if axis is None else axis, False)


@export("nn.softmax_cross_entropy_with_logits")
def softmax_cross_entropy_with_logits(labels=None, logits=None, dim=-1, name=None, axis=None):
    """TF1 `tf.nn.softmax_cross_entropy_with_logits`: as `_v2`, with no gradient into the
    labels."""
    axis = deprecated_alias(axis, dim if dim != -1 else None, "axis", "dim")
    return _softmax_xent_front(labels, logits, -1 if axis is None else axis, True)


def _sparse_xent(logits, labels):
    log_probs = jax.nn.log_softmax(logits.astype(_computation_dtype(logits)), axis=-1)
    picked = jnp.take_along_axis(log_probs, labels[..., None].astype(jnp.int64), axis=-1)
    return (-picked[..., 0]).astype(logits.dtype)


_SPARSE_XENT = Op("SparseSoftmaxCrossEntropyWithLogits", _sparse_xent)


@export("nn.sparse_softmax_cross_entropy_with_logits")
def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """`tf.nn.sparse_softmax_cross_entropy_with_logits`: `-log_softmax(logits)[label]`;
    a label outside [0, classes) raises TF's InvalidArgumentError (as on CPU)."""
    op = _SPARSE_XENT
    logits = to_tensor(logits)
    labels = to_tensor(labels)
    if labels._meta().dtype not in _LABEL_TYPES:
        raise _type_error("Tlabels", labels.dtype, "int32, int64", op.name)
    check_dtype(op, logits, _FLOAT_TYPES)
    shape, label_shape = logits._shape_tuple(), labels._shape_tuple()
    if len(label_shape) != len(shape) - 1:
        raise ValueError(
            "`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
            f"labels.shape={label_shape} of rank {len(label_shape)} and "
            f"logits.shape={shape} of rank {len(shape)}")
    if label_shape != shape[:-1]:
        raise ValueError(
            "`labels.shape` must equal `logits.shape` except for the last dimension. "
            f"Received: labels.shape={label_shape} and logits.shape={shape}")
    values = np.asarray(labels.numpy()).reshape(-1)
    bad = np.flatnonzero((values < 0) | (values >= shape[-1]))
    if bad.size:
        raise errors.invalid_argument(
            f"Received a label value of {values[bad[0]]} which is outside the valid range of "
            f"[0, {shape[-1]}).  Label values: {' '.join(str(v) for v in values)}", op.name)
    return execute(op, (logits, labels))


def _sigmoid_xent(logits, labels):
    positive = logits >= 0
    zeros = jnp.zeros_like(logits)
    # TF's formulation, so that the gradient at logits == 0 matches.
    relu_logits = jnp.where(positive, logits, zeros)
    neg_abs = jnp.where(positive, -logits, logits)
    return relu_logits - logits * labels + jnp.log1p(jnp.exp(neg_abs))


_SIGMOID_XENT = Op("SigmoidCrossEntropyWithLogits", _sigmoid_xent)
_EXP = _TFOp("Exp")


def _same_shape(logits, labels):
    if logits._shape_tuple() != labels._shape_tuple():
        raise ValueError("`logits` and `labels` must have the same shape, received "
                         f"({logits._shape_tuple()} vs {labels._shape_tuple()}).")


@export("nn.sigmoid_cross_entropy_with_logits")
def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """`tf.nn.sigmoid_cross_entropy_with_logits`:
    `max(x, 0) - x * z + log(1 + exp(-|x|))`, labels and logits of one shape and dtype."""
    logits, labels = to_tensor(logits), to_tensor(labels)
    check_dtype(_EXP, logits, _FLOAT_TYPES)
    check_same_dtype(_MUL, (logits, labels))
    _same_shape(logits, labels)
    return execute(_SIGMOID_XENT, (logits, labels))



def _weighted_xent(logits, labels, pos_weight):
    log_weight = 1 + (pos_weight - 1) * labels
    softplus_neg = jnp.log1p(jnp.exp(-math_ops.abs_kernel(logits))) + _relu(-logits)
    return (1 - labels) * logits + log_weight * softplus_neg


_WEIGHTED_XENT = Op("WeightedCrossEntropyWithLogits", _weighted_xent)


@export("nn.weighted_cross_entropy_with_logits")
def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None,
                                       targets=None):
    """`tf.nn.weighted_cross_entropy_with_logits` (TF1's `targets` is `labels`): sigmoid
    cross entropy with the positive term weighted by `pos_weight`."""
    labels = deprecated_alias(labels, targets, "labels", "targets")
    logits, labels = to_tensor(logits), to_tensor(labels)
    check_dtype(_EXP, logits, _FLOAT_TYPES)
    check_same_dtype(_MUL, (logits, labels))
    _same_shape(logits, labels)
    pos_weight = to_tensor(pos_weight, None if isinstance(pos_weight, Tensor) else logits.dtype)
    check_same_dtype(_MUL, (logits, pos_weight))
    return execute(_WEIGHTED_XENT, (logits, labels, pos_weight))


def _log_poisson(targets, log_input, full):
    loss = jnp.exp(log_input) - log_input * targets
    if full:
        stirling = targets * jnp.log(targets) - targets + 0.5 * jnp.log(2 * math.pi * targets)
        loss = loss + jnp.where(targets > 1, stirling, jnp.zeros_like(targets))
    return loss


_LOG_POISSON = Op("LogPoissonLoss", _log_poisson)


@export("nn.log_poisson_loss")
def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """`tf.nn.log_poisson_loss`: `exp(log_input) - log_input * targets`, plus the Stirling
    term where targets > 1 when `compute_full_loss`."""
    log_input, targets = binary_operands(log_input, targets)
    check_same_dtype(_LOG_POISSON, (targets, log_input))
    check_dtype(_LOG_POISSON, log_input, _FLOAT_TYPES)
    if log_input._shape_tuple() != targets._shape_tuple():
        raise ValueError(f"`log_input` and `targets` must have the same shape, received "
                         f"({log_input._shape_tuple()} vs {targets._shape_tuple()}).")
    return execute(_LOG_POISSON, (targets, log_input), (("full", bool(compute_full_loss)),))

