"""`tf.keras.metrics` built on confusion-matrix counts at thresholds (TF 1.15):
TruePositives, FalsePositives, TrueNegatives, FalseNegatives, Precision, Recall, AUC.

An update casts both inputs to float32, squeezes as TF's `squeeze_or_expand_dimensions`
does, keeps the top `k` predictions / the `class_id` column when asked, and adds, for every
threshold, the (weighted) count of predictions above it per condition: one jitted call,
whose new counts are installed only when every prediction lies in [0, 1] (otherwise TF's
InvalidArgumentError, "predictions must be >= 0" / "<= 1", and nothing changes).
AUC thresholds are `[-1e-7, 1/(n-1), ..., (n-2)/(n-1), 1 + 1e-7]`; its ROC area is
interpolated (trapezoids), its PR area by Davis & Goadrich's interpolation, as in TF.
"""
import jax.numpy as jnp
from jax import lax

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..ops.array_ops import cast
from ..ops.control_flow_ops import assert_greater_equal, assert_less_equal
from ..ops.registry import Op, export
from .functions import EPSILON, assert_compatible, python_shape
from .keras_metrics import Metric, _squeeze_plan, _squeezed
from .state import reset, update_op

TP, FP, TN, FN = "true_positives", "false_positives", "true_negatives", "false_negatives"
NEG_INF = -1e10  # TF's stand-in for -inf when filtering to the top k


def _confusion_update(*arrays, conditions, thresholds, top_k, class_id, squeeze, adjust):
    n = len(conditions)
    states, (y_true, y_pred, *weights) = arrays[:n], arrays[n:]
    y_true, y_pred = y_true.astype(jnp.float32), y_pred.astype(jnp.float32)
    valid = jnp.stack([jnp.all(y_pred >= 0), jnp.all(y_pred <= 1)])
    if squeeze == "pred":
        y_pred = jnp.squeeze(y_pred, -1)
    elif squeeze == "true":
        y_true = jnp.squeeze(y_true, -1)
    if top_k is not None:  # TF's top_k picks the first of equal values
        _, picked = lax.top_k(y_pred, top_k)
        kept = jnp.any(picked[..., None] == jnp.arange(y_pred.shape[-1], dtype=picked.dtype), -2)
        y_pred = jnp.where(kept, y_pred, NEG_INF)
    if class_id is not None:
        y_true, y_pred = y_true[..., class_id], y_pred[..., class_id]
    predicted = y_pred.reshape(1, -1) > jnp.asarray(thresholds, jnp.float32)[:, None]
    actual = y_true.reshape(1, -1).astype(bool)
    weight = 1.
    if weights:
        w = weights[0].astype(jnp.float32)
        if adjust == "squeeze":
            w = jnp.squeeze(w, -1)
        elif adjust == "expand":
            w = w[..., None]
        weight = jnp.broadcast_to(w, y_pred.shape).reshape(1, -1)
    cells = {TP: actual & predicted, FN: actual & ~predicted,
             FP: ~actual & predicted, TN: ~actual & ~predicted}
    new = [s + jnp.sum(cells[c].astype(jnp.float32) * weight, 1).astype(s.dtype)
           for s, c in zip(states, conditions)]
    return (*new, valid)


_UPDATE = update_op("ConfusionMatrixUpdate", _confusion_update)


def _weight_adjust(pred_shape, weights_shape):
    """TF's squeeze/expand of `sample_weight` against y_pred, then its broadcast check."""
    adjust, shape = None, tuple(weights_shape)
    if shape and len(shape) - len(pred_shape) == 1:
        if shape[-1] != 1:
            raise errors.invalid_argument(
                f"Can not squeeze dim[{len(shape) - 1}], expected a dimension of 1, got "
                f"{shape[-1]}", "Squeeze")
        adjust, shape = "squeeze", shape[:-1]
    elif shape and len(pred_shape) - len(shape) == 1:
        adjust, shape = "expand", shape + (1,)
    return adjust, shape


def _check_broadcastable(weights_shape, values_shape):
    """TF's `assert_broadcastable` on static shapes: a ValueError when weights do not fit."""
    if not weights_shape:
        return
    if len(weights_shape) != len(values_shape) or any(
            w not in (1, v) for w, v in zip(weights_shape, values_shape)):
        raise ValueError(
            "weights can not be broadcast to values. values.rank=%d. weights.rank=%d. "
            "values.shape=%s. weights.shape=%s." % (
                len(values_shape), len(weights_shape), python_shape(values_shape),
                python_shape(weights_shape)))


class _ConfusionMetric(Metric):
    """Counts of confusion-matrix `_conditions` at `self.thresholds`."""

    _conditions = ()

    def _make_counts(self, size):
        for condition in self._conditions:
            setattr(self, condition, self.add_weight(condition, shape=(size,),
                                                     initializer="zeros"))

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add the counts of this batch; returns None (TF's grouped update in eager mode)."""
        self._update(y_true, y_pred, sample_weight, self._counts(), self._conditions)

    def _counts(self):
        return [getattr(self, c) for c in self._conditions]

    def _update(self, y_true, y_pred, sample_weight, counts, conditions, top_k=None,
                class_id=None):
        y_true, y_pred = to_tensor(y_true), to_tensor(y_pred)
        true_shape, pred_shape = y_true._shape_tuple(), y_pred._shape_tuple()
        assert_compatible(true_shape, pred_shape)
        squeeze = _squeeze_plan(pred_shape, true_shape)
        values_shape = _squeezed(pred_shape, squeeze, "pred")
        if class_id is not None:
            values_shape = values_shape[:-1]
        inputs, adjust = (y_true, y_pred), None
        if sample_weight is not None:
            sample_weight = to_tensor(sample_weight)
            adjust, shape = _weight_adjust(values_shape if class_id is None else
                                           _squeezed(pred_shape, squeeze, "pred"),
                                           sample_weight._shape_tuple())
            _check_broadcastable(shape, values_shape)
            inputs += (sample_weight,)
        attrs = (("conditions", tuple(conditions)), ("thresholds", tuple(self.thresholds)),
                 ("top_k", top_k), ("class_id", class_id), ("squeeze", squeeze),
                 ("adjust", adjust))
        *new, valid = execute(_UPDATE, (*(v._snapshot for v in counts), *inputs), attrs)
        if not bool(jnp.all(valid._array())):
            predictions = cast(y_pred, dtypes.float32)
            assert_greater_equal(predictions, 0., message="predictions must be >= 0")
            assert_less_equal(predictions, 1., message="predictions must be <= 1")
        for variable, value in zip(counts, new):
            variable._snapshot = value

    def reset_states(self):
        reset(self.variables)


def _parse_thresholds(thresholds, default):
    if thresholds is None:
        return [default]
    values = list(thresholds) if isinstance(thresholds, (list, tuple)) else [thresholds]
    invalid = [t for t in values if t is None or t < 0 or t > 1]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]. Invalid values: {invalid}")
    return values


class _ConditionCount(_ConfusionMetric):
    """One count per threshold, in the variable `accumulator`."""

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = _parse_thresholds(thresholds, 0.5)
        self.accumulator = self.add_weight("accumulator", shape=(len(self.thresholds),),
                                           initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._update(y_true, y_pred, sample_weight, [self.accumulator], self._conditions)

    def result(self):
        value = self.accumulator._snapshot
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


def _count_class(name, condition, doc):
    cls = type(name, (_ConditionCount,), {"_conditions": (condition,), "__doc__": doc,
                                          "__module__": __name__})
    return export(f"keras.metrics.{name}")(cls)


TruePositives = _count_class("TruePositives", TP, "The (weighted) count of true positives.")
FalsePositives = _count_class("FalsePositives", FP, "The (weighted) count of false positives.")
TrueNegatives = _count_class("TrueNegatives", TN, "The (weighted) count of true negatives.")
FalseNegatives = _count_class("FalseNegatives", FN, "The (weighted) count of false negatives.")


def _ratio_kernel(hits, misses):
    total = hits + misses
    empty = total == 0
    return jnp.where(empty, 0, hits / jnp.where(empty, 1, total)).astype(hits.dtype)


_RATIO = Op("DivNoNan", _ratio_kernel)


class _PrecisionRecall(_ConfusionMetric):
    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        self.thresholds = _parse_thresholds(thresholds, 0.5 if top_k is None else NEG_INF)
        self._make_counts(len(self.thresholds))

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._update(y_true, y_pred, sample_weight, self._counts(), self._conditions,
                     self.top_k, self.class_id)

    def result(self):
        hits, misses = self._counts()
        value = execute(_RATIO, (hits._snapshot, misses._snapshot))
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


@export("keras.metrics.Precision")
class Precision(_PrecisionRecall):
    """`true_positives / (true_positives + false_positives)` at each threshold (0.5)."""

    _conditions = (TP, FP)


@export("keras.metrics.Recall")
class Recall(_PrecisionRecall):
    """`true_positives / (true_positives + false_negatives)` at each threshold (0.5)."""

    _conditions = (TP, FN)


def _auc(tp, tn, fp, fn, curve, summation):
    ratio = _ratio_kernel
    if curve == "PR" and summation == "interpolation":
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = _div_no_nan(dtp, jnp.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        safe_ratio = jnp.where((p[:-1] > 0) & (p[1:] > 0),
                               _div_no_nan(p[:-1], jnp.maximum(p[1:], 0)), jnp.ones_like(p[1:]))
        return jnp.sum(_div_no_nan(slope * (dtp + intercept * jnp.log(safe_ratio)),
                                   jnp.maximum(tp[1:] + fn[1:], 0)))
    recall = ratio(tp, fn)
    if curve == "ROC":
        x, y = ratio(fp, tn), recall
    else:
        x, y = recall, ratio(tp, fp)
    if summation == "interpolation":
        heights = (y[:-1] + y[1:]) / 2.
    elif summation == "minoring":
        heights = jnp.minimum(y[:-1], y[1:])
    else:
        heights = jnp.maximum(y[:-1], y[1:])
    return jnp.sum((x[:-1] - x[1:]) * heights)


def _div_no_nan(x, y):
    empty = y == 0
    return jnp.where(empty, 0, x / jnp.where(empty, 1, y)).astype(x.dtype)


_AUC = Op("AUC", _auc)
_CURVES = ("ROC", "PR")
_SUMMATIONS = ("interpolation", "minoring", "majoring")


@export("keras.metrics.AUC")
class AUC(_ConfusionMetric):
    """The area under the ROC (or PR) curve, from counts at `num_thresholds` thresholds."""

    _conditions = (TP, TN, FP, FN)

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None):
        if curve.upper() not in _CURVES:
            raise ValueError(f'Invalid AUC curve value "{curve}".')
        if summation_method.lower() not in _SUMMATIONS:
            raise ValueError(f'Invalid AUC summation method value "{summation_method}".')
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
        else:
            if num_thresholds <= 1:
                raise ValueError("`num_thresholds` must be > 1.")
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self.thresholds = [0.0 - EPSILON] + thresholds + [1.0 + EPSILON]
        self.curve = curve.upper()
        self.summation_method = summation_method.lower()
        super().__init__(name=name, dtype=dtype)
        self._make_counts(self.num_thresholds)

    def result(self):
        counts = [v._snapshot for v in self._counts()]
        return execute(_AUC, counts, (("curve", self.curve),
                                      ("summation", self.summation_method)))

    def get_config(self):
        return {**super().get_config(), "num_thresholds": self.num_thresholds,
                "curve": self.curve, "summation_method": self.summation_method,
                "thresholds": self.thresholds[1:-1]}
