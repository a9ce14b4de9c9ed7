"""The `tf.keras.metrics` functions of TF 1.15: one jax kernel and one op each.

Each function is a row: its TF names, a pure kernel `kernel(y_true, y_pred, **static)` and how
its front converts the inputs. The front checks shapes with the error TF's first failing op
gives, then runs the kernel as one jitted op (differentiable, so `mse` or
`categorical_crossentropy` can be a loss under a GradientTape). The metric classes
(`keras_metrics.py`) call the same kernels inside their fused updates.

TF 1.15's formulas: the losses cast `y_true` to `y_pred`'s dtype and average over the last
axis; `binary_accuracy` averages its matches over the last axis; probabilities are clipped
to [1e-7, 1 - 1e-7]; `cosine_proximity` (= `cosine`) is the negated cosine similarity.
"""
import functools

import jax
import jax.numpy as jnp
from jax import lax

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import binary_operands, to_tensor
from ..ops.declare import check_same_dtype
from ..ops.math_ops import _in_top_k
from ..ops.registry import Op, export

EPSILON = 1e-7  # tf.keras.backend.epsilon()


def _mean(x, axis=-1):
    """`K.mean`: bools count as float32; integers divide as TF's integer mean does."""
    if x.dtype == jnp.bool_:
        x = x.astype(jnp.float32)
    if jnp.issubdtype(x.dtype, jnp.integer):
        return lax.div(jnp.sum(x, axis, dtype=x.dtype), jnp.asarray(x.shape[axis], x.dtype))
    return jnp.mean(x, axis)


def _floats(matches):
    return matches.astype(jnp.float32)


# ---- accuracies ---------------------------------------------------------------------------------
def accuracy_kernel(y_true, y_pred):
    return _floats(y_true == y_pred.astype(y_true.dtype))


def binary_accuracy_kernel(y_true, y_pred, threshold):
    y_pred = (y_pred > jnp.asarray(threshold, y_pred.dtype)).astype(y_pred.dtype)
    return _mean(y_true == y_pred)


def categorical_accuracy_kernel(y_true, y_pred):
    return _floats(jnp.argmax(y_true, -1) == jnp.argmax(y_pred, -1))


def sparse_categorical_accuracy_kernel(y_true, y_pred):
    if y_true.ndim == y_pred.ndim:
        y_true = jnp.squeeze(y_true, -1)
    return _floats(y_true == jnp.argmax(y_pred, -1).astype(y_true.dtype))


def top_k_categorical_accuracy_kernel(y_true, y_pred, k):
    return _floats(_in_top_k(y_pred, jnp.argmax(y_true, -1), k))


def sparse_top_k_categorical_accuracy_kernel(y_true, y_pred, k):
    if y_true.ndim == y_pred.ndim:
        y_true = jnp.squeeze(y_true, -1)
    return _floats(_in_top_k(y_pred, y_true.astype(jnp.int32), k))


# ---- regression losses --------------------------------------------------------------------------
def _clip(x, low, high=jnp.inf):
    return jnp.clip(x, jnp.asarray(low, x.dtype), jnp.asarray(high, x.dtype))


def mean_squared_error_kernel(y_true, y_pred):
    return _mean(jnp.square(y_pred - y_true.astype(y_pred.dtype)))


def mean_absolute_error_kernel(y_true, y_pred):
    return _mean(jnp.abs(y_pred - y_true.astype(y_pred.dtype)))


def mean_absolute_percentage_error_kernel(y_true, y_pred):
    y_true = y_true.astype(y_pred.dtype)
    diff = jnp.abs((y_true - y_pred) / _clip(jnp.abs(y_true), EPSILON))
    return 100. * _mean(diff)


def mean_squared_logarithmic_error_kernel(y_true, y_pred):
    y_true = y_true.astype(y_pred.dtype)
    first, second = jnp.log(_clip(y_pred, EPSILON) + 1.), jnp.log(_clip(y_true, EPSILON) + 1.)
    return _mean(jnp.square(first - second))


def _signed_labels(y_true):
    """Binary 0/1 labels become -1/1 (TF's `_maybe_convert_labels`)."""
    binary = jnp.all((y_true == 0) | (y_true == 1))
    return jnp.where(binary, 2. * y_true - 1., y_true)


def hinge_kernel(y_true, y_pred):
    y_true = _signed_labels(y_true.astype(y_pred.dtype))
    return _mean(jnp.maximum(1. - y_true * y_pred, 0.))


def squared_hinge_kernel(y_true, y_pred):
    y_true = _signed_labels(y_true.astype(y_pred.dtype))
    return _mean(jnp.square(jnp.maximum(1. - y_true * y_pred, 0.)))


def categorical_hinge_kernel(y_true, y_pred):
    y_true = y_true.astype(y_pred.dtype)
    positive = jnp.sum(y_true * y_pred, -1)
    negative = jnp.max((1. - y_true) * y_pred, -1)
    return jnp.maximum(0., negative - positive + 1.)


def logcosh_kernel(y_true, y_pred):
    x = y_pred - y_true.astype(y_pred.dtype)
    return _mean(x + jax.nn.softplus(-2. * x) - jnp.log(jnp.asarray(2., x.dtype)))


def kullback_leibler_divergence_kernel(y_true, y_pred):
    y_true = _clip(y_true.astype(y_pred.dtype), EPSILON, 1.)
    y_pred = _clip(y_pred, EPSILON, 1.)
    return jnp.sum(y_true * jnp.log(y_true / y_pred), -1)


def poisson_kernel(y_true, y_pred):
    y_true = y_true.astype(y_pred.dtype)
    return _mean(y_pred - y_true * jnp.log(y_pred + EPSILON))


def _l2_normalize(x, axis):
    squares = jnp.sum(jnp.square(x), axis, keepdims=True)
    return x * lax.rsqrt(jnp.maximum(squares, jnp.asarray(1e-12, x.dtype)))


def cosine_proximity_kernel(y_true, y_pred, axis=-1):
    """TF 1.15's `tf.keras.metrics.cosine_proximity`: the negated cosine similarity."""
    return -cosine_similarity_kernel(y_true, y_pred, axis)


def cosine_similarity_kernel(y_true, y_pred, axis=-1):
    """The (positive) similarity the `CosineSimilarity` metric averages."""
    return jnp.sum(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis)


# ---- cross-entropies ----------------------------------------------------------------------------
def binary_crossentropy_kernel(y_true, y_pred, from_logits=False, label_smoothing=0.):
    y_true = y_true.astype(y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1. - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        x = y_pred
        losses = jnp.maximum(x, 0.) - x * y_true + jnp.log1p(jnp.exp(-jnp.abs(x)))
    else:
        p = _clip(y_pred, EPSILON, 1. - EPSILON)
        # TF rounds 1 - p before adding epsilon; keep XLA from folding it into (1 + eps) - p.
        q = lax.optimization_barrier(1. - p)
        losses = -(y_true * jnp.log(p + EPSILON) + (1. - y_true) * jnp.log(q + EPSILON))
    return _mean(losses)


def categorical_crossentropy_kernel(y_true, y_pred, from_logits=False, label_smoothing=0.):
    y_true = y_true.astype(y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1. - label_smoothing) + label_smoothing / y_true.shape[1]
    if from_logits:
        return -jnp.sum(y_true * jax.nn.log_softmax(y_pred, -1), -1)
    p = y_pred / jnp.sum(y_pred, -1, keepdims=True)
    return -jnp.sum(y_true * jnp.log(_clip(p, EPSILON, 1. - EPSILON)), -1)


def sparse_categorical_crossentropy_kernel(y_true, y_pred, from_logits=False, axis=-1):
    logits = y_pred if from_logits else jnp.log(_clip(y_pred, EPSILON, 1. - EPSILON))
    logits = jnp.moveaxis(logits, axis, -1)
    labels = y_true.astype(jnp.int64)
    if labels.ndim != logits.ndim - 1:
        labels = labels.reshape(-1)
        logits = logits.reshape(-1, logits.shape[-1])
    picked = jnp.take_along_axis(jax.nn.log_softmax(logits, -1), labels[..., None], -1)
    losses = -picked[..., 0]
    if y_pred.ndim >= 3 and losses.shape != y_pred.shape[:-1]:
        losses = losses.reshape(jnp.moveaxis(y_pred, axis, -1).shape[:-1])
    return losses


# ---- the table ----------------------------------------------------------------------------------
class MetricFunction:
    """A row: `kernel`, its Op, and the name of the TF op whose shape error a bad call gets."""

    def __init__(self, name, kernel, shape_op, convert, differentiable, check):
        self.name = name
        self.kernel = kernel
        self.check = check
        self.shape_op = shape_op
        self.convert = convert
        self.op = Op(shape_op, kernel, differentiable)

    def __call__(self, y_true, y_pred, **static):
        y_true, y_pred = self.convert(y_true, y_pred)
        static = tuple(sorted(static.items()))
        output_shape(self, static, y_true._aval.shape, y_true._aval.dtype,  # TF's shape errors
                     y_pred._aval.shape, y_pred._aval.dtype)
        return execute(self.op, (y_true, y_pred), static)


@functools.lru_cache(maxsize=4096)
def output_shape(fn, static, true_shape, true_dtype, pred_shape, pred_dtype):
    """The shape of `fn`'s result on inputs of these shapes and dtypes, or the error TF's
    ops give for shapes that do not fit."""
    if fn.check is not None:
        fn.check(true_shape, pred_shape)
    try:
        out = jax.eval_shape(functools.partial(fn.kernel, **dict(static)),
                             jax.ShapeDtypeStruct(true_shape, true_dtype),
                             jax.ShapeDtypeStruct(pred_shape, pred_dtype))
    except (TypeError, ValueError, IndexError):
        raise errors.invalid_argument(
            f"Incompatible shapes: {errors.shape_text(pred_shape)} vs. "
            f"{errors.shape_text(true_shape)}", fn.shape_op) from None
    return out.shape


def _pred_first(y_true, y_pred):
    """The losses: `y_pred` as given, `y_true` cast to its dtype (in the kernel)."""
    return to_tensor(y_true), to_tensor(y_pred)


def _each(y_true, y_pred):
    return to_tensor(y_true), to_tensor(y_pred)


def _equal_operands(y_true, y_pred):
    """`binary_accuracy` compares `y_true` with a `y_pred`-typed tensor: TF's Equal rule."""
    y_pred = to_tensor(y_pred)
    y_true, y_pred = binary_operands(y_true, y_pred)
    check_same_dtype(_EQUAL, (y_true, y_pred))
    return y_true, y_pred


def assert_compatible(true_shape, pred_shape):
    """`y_pred.shape.assert_is_compatible_with(y_true.shape)`: TF's ValueError."""
    if tuple(pred_shape) != tuple(true_shape):
        raise ValueError(f"Shapes {python_shape(pred_shape)} and {python_shape(true_shape)} "
                         "are incompatible")


def python_shape(shape):
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


_EQUAL = Op("Equal", None)  # (names the op in dtype errors)

FUNCTIONS = {}


def _row(names, kernel, shape_op, convert=_pred_first, differentiable=True, exported=True,
         check=None, **defaults):
    """Declare a metric function under its `tf.keras.metrics` names (the first is its name)."""
    names = names.split()
    fn = MetricFunction(names[0], kernel, shape_op, convert, differentiable, check)
    FUNCTIONS[names[0]] = fn
    parameters = ", ".join(f"{k}={v!r}" for k, v in defaults.items())

    def public(y_true, y_pred, **static):
        unknown = set(static) - set(defaults)
        if unknown:
            raise TypeError(f"{names[0]}() got an unexpected keyword argument "
                            f"'{sorted(unknown)[0]}'")
        return fn(y_true, y_pred, **{**defaults, **static})

    public.__name__ = public.__qualname__ = names[0]
    public.__doc__ = (f"`tf.keras.metrics.{names[0]}(y_true, y_pred"
                      f"{', ' + parameters if parameters else ''})`: TF 1.15's formula, one op.")
    public._metric_function = fn
    if exported:
        export(*(f"keras.metrics.{n}" for n in names))(public)
    return public


# Unexported in TF 1.15 (reachable through `tf.keras.metrics.get("accuracy")`).
accuracy = _row("accuracy", accuracy_kernel, "Equal", _each, False, exported=False,
                check=assert_compatible)
categorical_accuracy = _row("categorical_accuracy", categorical_accuracy_kernel, "Equal",
                            _each, False)
sparse_categorical_accuracy = _row("sparse_categorical_accuracy",
                                   sparse_categorical_accuracy_kernel, "Equal", _each, False)
top_k_categorical_accuracy = _row("top_k_categorical_accuracy",
                                  top_k_categorical_accuracy_kernel, "InTopKV2", _each, False,
                                  k=5)
sparse_top_k_categorical_accuracy = _row("sparse_top_k_categorical_accuracy",
                                         sparse_top_k_categorical_accuracy_kernel, "InTopKV2",
                                         _each, False, k=5)
mean_squared_error = _row("mean_squared_error mse MSE", mean_squared_error_kernel,
                          "SquaredDifference")
mean_absolute_error = _row("mean_absolute_error mae MAE", mean_absolute_error_kernel, "Sub")
mean_absolute_percentage_error = _row("mean_absolute_percentage_error mape MAPE",
                                      mean_absolute_percentage_error_kernel, "Sub")
mean_squared_logarithmic_error = _row("mean_squared_logarithmic_error msle MSLE",
                                      mean_squared_logarithmic_error_kernel,
                                      "SquaredDifference")
hinge = _row("hinge", hinge_kernel, "Mul")
squared_hinge = _row("squared_hinge", squared_hinge_kernel, "Mul")
# keras.losses only in TF 1.15; the CategoricalHinge and LogCoshError metrics use them.
categorical_hinge = _row("categorical_hinge", categorical_hinge_kernel, "Mul", exported=False)
logcosh = _row("logcosh", logcosh_kernel, "Sub", exported=False)
kullback_leibler_divergence = _row("kullback_leibler_divergence kld KLD",
                                   kullback_leibler_divergence_kernel, "RealDiv")
poisson = _row("poisson", poisson_kernel, "Mul")
cosine_proximity = _row("cosine_proximity cosine", cosine_proximity_kernel, "Mul", axis=-1)
cosine_similarity = _row("cosine_similarity", cosine_similarity_kernel, "Mul", exported=False,
                         axis=-1)
# What RootMeanSquaredError averages (not a TF function).
squared_error = _row("squared_error", lambda y_true, y_pred: jnp.square(y_pred - y_true),
                     "SquaredDifference", exported=False)
binary_crossentropy = _row("binary_crossentropy", binary_crossentropy_kernel, "Mul",
                           from_logits=False, label_smoothing=0)
categorical_crossentropy = _row("categorical_crossentropy", categorical_crossentropy_kernel,
                                "Mul", from_logits=False, label_smoothing=0)
sparse_categorical_crossentropy = _row("sparse_categorical_crossentropy",
                                       sparse_categorical_crossentropy_kernel,
                                       "SparseSoftmaxCrossEntropyWithLogits",
                                       from_logits=False, axis=-1)
binary_accuracy = _row("binary_accuracy", binary_accuracy_kernel, "Equal", _equal_operands,
                       False, threshold=0.5)

# TF 1.15's names: the exported `cosine_proximity` is Keras's loss `cosine_similarity`, and
# the positive similarity the metric module knows as `cosine_proximity` is the other one.
cosine_proximity.__name__ = cosine_proximity.__qualname__ = "cosine_similarity"
cosine_similarity.__name__ = cosine_similarity.__qualname__ = "cosine_proximity"
