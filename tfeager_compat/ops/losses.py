"""`tf.losses` (TF1): per-element losses reduced by `compute_weighted_loss`.

TF1 semantics matched: inputs are cast to float32 (the result is cast back to the dtype of the
per-element losses), `weights` must have rank 0 or the losses' rank with each dimension 1 or
equal, and the default reduction SUM_BY_NONZERO_WEIGHTS divides the weighted sum by the number
of non-zero weights broadcast to the losses' shape (0 when there are none).
"""
import math

import jax.numpy as jnp
import numpy as np

from ..autodiff.graph import execute
from ..framework import dtypes
from ..framework.convert import operand, to_tensor
from ..framework.tensor import Tensor
from . import array_ops, nn_ops
from .declare import deprecated_alias, normalize_axis
from .math_ops import abs_kernel
from .nn_ops import _relu
from .registry import Op, export


@export("losses.Reduction")
class Reduction:
    """TF1's loss reduction keys (plain strings)."""

    NONE = "none"
    SUM = "weighted_sum"
    MEAN = "weighted_mean"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        """Every key, as TF lists them (the non-zero-weights key twice)."""
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        """Raise TF's ValueError for an unknown key."""
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


def _safe_divide(total, count):
    """TF's div_no_nan: 0 where `count` is 0 (with a zero gradient there)."""
    empty = count == 0
    return jnp.where(empty, jnp.zeros_like(total), total / jnp.where(empty, 1, count))


def _weighted_loss(losses, weights, reduction):
    values = losses.astype(jnp.float32)
    weights = weights.astype(jnp.float32)
    weighted = values * weights
    if reduction == Reduction.NONE:
        loss = weighted
    else:
        loss = jnp.sum(weighted)
        if reduction == Reduction.MEAN:
            loss = _safe_divide(loss, jnp.sum(jnp.ones_like(values) * weights))
        elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
            present = jnp.broadcast_to(jnp.where(weights == 0, 0.0, 1.0).astype(jnp.float32),
                                       values.shape)
            loss = _safe_divide(loss, jnp.sum(present))
        elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
            loss = _safe_divide(loss, jnp.float32(values.size))
    return loss.astype(losses.dtype)


_WEIGHTED_LOSS = Op("ComputeWeightedLoss", _weighted_loss)


def _array_text(t):
    return str(np.asarray(t.numpy()))


def _check_weights(weights, values):
    """TF's assert_broadcastable: weights of rank 0, or of the values' rank with each
    dimension 1 or equal."""
    shape, value_shape = weights._shape_tuple(), values._shape_tuple()
    if not shape:
        return
    received = f"Received weights={_array_text(weights)}, values={_array_text(values)}"
    if len(shape) != len(value_shape):
        raise ValueError(
            f"weights can not be broadcast to values. values.rank={len(value_shape)}. "
            f"weights.rank={len(shape)}. values.shape={value_shape}. weights.shape={shape}. "
            f"{received}")
    for dim, (w, v) in enumerate(zip(shape, value_shape)):
        if w not in (1, v):
            raise ValueError(
                f"weights can not be broadcast to values. Mismatch at dim {dim}. "
                f"values.shape={np.asarray(value_shape)}, weights.shape={np.asarray(shape)}. "
                f"{received}")


def _weights(weights):
    # The default 1.0 (any Python number) becomes a device array once, not on every call.
    return weights if isinstance(weights, Tensor) else operand(weights, dtypes.float32)


@export("losses.compute_weighted_loss")
def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection="losses",
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.compute_weighted_loss`: `losses * weights`, reduced as `reduction` says
    (computed in float32, returned in the dtype of `losses`).

    Differences from TensorFlow: nothing is added to a loss collection (TF's eager mode
    does not add either).
    """
    Reduction.validate(reduction)
    losses = to_tensor(losses)
    weights = _weights(weights)
    _check_weights(weights, losses)
    return execute(_WEIGHTED_LOSS, (losses, weights), (("reduction", reduction),))


def _required(value, name):
    if value is None:
        raise ValueError(f"Argument `{name}` must not be None.")


def _float32(value):
    t = to_tensor(value)
    return t if t.dtype is dtypes.float32 else array_ops.cast(t, dtypes.float32)


def _check_compatible(a, b):
    """TF's TensorShape.assert_is_compatible_with for fully known shapes."""
    if a._shape_tuple() != b._shape_tuple():
        raise ValueError(f"Shapes {a._shape_tuple()} and {b._shape_tuple()} are incompatible")


def _huber(predictions, labels, delta):
    error = abs_kernel(predictions - labels)
    # TF's minimum(error, delta) sends the gradient to `error` at a tie.
    quadratic = jnp.where(error <= delta, error, jnp.full_like(error, delta))
    return 0.5 * quadratic * quadratic + delta * (error - quadratic)


def _log_loss(predictions, labels, epsilon):
    return (-labels * jnp.log(predictions + epsilon)
            - (1 - labels) * jnp.log(1 - predictions + epsilon))


# Per-element losses of (predictions, labels), both float32.
_SQUARED = Op("SquaredDifference", lambda p, y: jnp.square(p - y))
_ABSOLUTE = Op("AbsoluteDifference", lambda p, y: abs_kernel(p - y))  # TF's gradient at 0: 0
_HUBER = Op("HuberLoss", _huber)
_LOG_LOSS = Op("LogLoss", _log_loss)
_HINGE = Op("HingeLoss", lambda logits, labels: _relu(1 - (2 * labels - 1) * logits))


def _regression_loss(op, labels, predictions, weights, reduction, attrs=(),
                     prediction_name="predictions"):
    _required(labels, "labels")
    _required(predictions, prediction_name)
    predictions, labels = _float32(predictions), _float32(labels)
    _check_compatible(predictions, labels)
    losses = execute(op, (predictions, labels), attrs)
    return compute_weighted_loss(losses, weights, reduction=reduction)


@export("losses.mean_squared_error")
def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection="losses",
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.mean_squared_error`: weighted `(predictions - labels) ** 2`."""
    return _regression_loss(_SQUARED, labels, predictions, weights, reduction)


@export("losses.absolute_difference")
def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection="losses",
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.absolute_difference`: weighted `|predictions - labels|`."""
    return _regression_loss(_ABSOLUTE, labels, predictions, weights, reduction)


@export("losses.huber_loss")
def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection="losses", reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.huber_loss`: quadratic within `delta` of the labels, linear beyond."""
    return _regression_loss(_HUBER, labels, predictions, weights, reduction,
                            (("delta", float(delta)),))


@export("losses.log_loss")
def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection="losses", reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.log_loss`: `-y log(p + eps) - (1 - y) log(1 - p + eps)`."""
    return _regression_loss(_LOG_LOSS, labels, predictions, weights, reduction,
                            (("epsilon", float(epsilon)),))


@export("losses.hinge_loss")
def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection="losses",
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.hinge_loss`: `relu(1 - (2 * labels - 1) * logits)`, labels in {0, 1}."""
    return _regression_loss(_HINGE, labels, logits, weights, reduction,
                            prediction_name="logits")


def _cosine(predictions, labels, axis):
    return 1 - jnp.sum(predictions * labels, axis=axis, keepdims=True)


_COSINE = Op("CosineDistance", _cosine)


@export("losses.cosine_distance")
def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None,
                    loss_collection="losses", reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
                    dim=None):
    """`tf.losses.cosine_distance`: `1 - sum(labels * predictions, axis)` (keeping `axis`),
    for unit-normalised inputs; TF1's `dim` is accepted."""
    axis = deprecated_alias(axis, dim, "axis", "dim")
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _required(labels, "labels")
    _required(predictions, "predictions")
    predictions, labels = _float32(predictions), _float32(labels)
    _check_compatible(predictions, labels)
    axis = normalize_axis(axis, predictions._rank(), "Sum")[0]
    losses = execute(_COSINE, (predictions, labels), (("axis", axis),))
    return compute_weighted_loss(losses, weights, reduction=reduction)


def _cast_like(labels, logits):
    labels = to_tensor(labels)
    return labels if labels.dtype is logits.dtype else array_ops.cast(labels, logits.dtype)


_SMOOTH_SIGMOID = Op("LabelSmoothing", lambda labels, amount: labels * (1 - amount) + 0.5 * amount)


@export("losses.sigmoid_cross_entropy")
def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection="losses", reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.sigmoid_cross_entropy`: labels (cast to the logits' dtype) smoothed
    towards 1/2 by `label_smoothing`."""
    _required(multi_class_labels, "multi_class_labels")
    return _cross_entropy(nn_ops.sigmoid_cross_entropy_with_logits, _SMOOTH_SIGMOID,
                          multi_class_labels, logits, weights, label_smoothing, reduction)


_SMOOTH_SOFTMAX = Op("LabelSmoothing", lambda labels, amount: (
    labels * (1 - amount) + amount / labels.shape[-1]))


@export("losses.softmax_cross_entropy")
def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection="losses", reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.softmax_cross_entropy`: one loss per row; labels smoothed towards
    1/classes by `label_smoothing`; no gradient flows into the labels."""
    _required(onehot_labels, "onehot_labels")
    return _cross_entropy(nn_ops.softmax_cross_entropy_with_logits, _SMOOTH_SOFTMAX,
                          onehot_labels, logits, weights, label_smoothing, reduction)


def _cross_entropy(loss_fn, smoothing, labels, logits, weights, label_smoothing, reduction):
    """The shared body of the two cross-entropy losses: labels cast to the logits' dtype and
    shape-checked, smoothed when asked, per-element losses weighted and reduced."""
    _required(logits, "logits")
    logits = to_tensor(logits)
    labels = _cast_like(labels, logits)
    _check_compatible(logits, labels)
    if label_smoothing > 0:
        labels = execute(smoothing, (labels,), (("amount", float(label_smoothing)),))
    return compute_weighted_loss(loss_fn(labels=labels, logits=logits), weights,
                                 reduction=reduction)


def _squeeze_last(t):
    shape = t._shape_tuple()
    return array_ops.reshape(t, shape[:-1]) if shape and shape[-1] == 1 else t


@export("losses.sparse_softmax_cross_entropy")
def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection="losses",
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`tf.losses.sparse_softmax_cross_entropy`: labels of shape [batch] (or [batch, 1]),
    weights squeezed likewise."""
    _required(labels, "labels")
    _required(logits, "logits")
    logits, labels = to_tensor(logits), to_tensor(labels)
    weights = _weights(weights)
    if labels._rank() == logits._rank():
        labels = _squeeze_last(labels)
    if weights._rank() == labels._rank() + 1:
        weights = _squeeze_last(weights)
    losses = nn_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return compute_weighted_loss(losses, weights, reduction=reduction)


def _pairwise(predictions, labels, weights, present, per_batch):
    weights = weights.astype(jnp.float32)
    diffs = predictions - labels
    axes = tuple(range(1, diffs.ndim))
    if per_batch:
        present = jnp.sum(jnp.broadcast_to(jnp.where(weights == 0, 0.0, 1.0).astype(jnp.float32),
                                           diffs.shape), axes, keepdims=True)
    squares = jnp.sum(jnp.square(diffs), axes, keepdims=True)
    term1 = 2.0 * _safe_divide(squares, jnp.maximum(present - 1, 0))
    total = jnp.sum(diffs, axes, keepdims=True)
    term2 = 2.0 * _safe_divide(jnp.square(total), jnp.maximum(present * (present - 1), 0))
    loss = jnp.sum((term1 - term2) * weights)
    return jnp.where(jnp.sum(present) > 0, loss, jnp.zeros_like(loss))


_PAIRWISE = Op("MeanPairwiseSquaredError", _pairwise)


@export("losses.mean_pairwise_squared_error")
def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None,
                                loss_collection="losses"):
    """`tf.losses.mean_pairwise_squared_error`: per example, the mean of the squared
    differences between pairs of (prediction - label) values, weighted and summed.

    As TF does, a non-zero scalar weight counts every element of the batch as present in
    each example's denominators.
    """
    _required(labels, "labels")
    _required(predictions, "predictions")
    predictions, labels = _float32(predictions), _float32(labels)
    _check_compatible(predictions, labels)
    weights = _weights(weights)
    _check_weights(weights, labels)
    scalar = weights._rank() == 0 and float(weights.numpy()) != 0
    count = int(math.prod(predictions._shape_tuple())) if scalar else 0
    present = to_tensor(np.float32(count))
    return execute(_PAIRWISE, (predictions, labels, weights, present),
                   (("per_batch", not scalar),))
