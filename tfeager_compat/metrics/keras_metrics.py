"""`tf.keras.metrics` classes as TF 1.15 has them: stateful objects with `update_state`,
`result`, `reset_states` and `get_config`.

A metric's variables (`total:0`, `count:0`, ...) are float32 unless `dtype=` says otherwise,
non-trainable, created in `__init__`; `m(...)` updates and returns `result()`. `Mean` and the
wrappers around a metric function (`Accuracy`, `MeanSquaredError`, ...) run each update as
one jitted call: cast to the metric's dtype, TF's `squeeze_or_expand_dimensions`, the
function, then TF's sample-weight handling (squeeze or expand a weight of rank one off,
broadcast it, or else average the values down to its rank), all decided from static shapes.

Differences from TensorFlow: `update_state` returns the updated variable itself where TF
returns an unnamed read of it (`<tf.Variable 'UnreadVariable' ...>`).
"""
import abc
import re

import jax.numpy as jnp

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..initializers import GlorotUniform, Zeros, get as get_initializer
from ..ops.array_ops import identity
from ..ops.math_ops import div_no_nan
from ..ops.registry import Op, export
from ..variables import Variable
from . import functions
from .state import reset, run_update, update_op

SUM, SUM_OVER_BATCH_SIZE, WEIGHTED_MEAN = "sum", "sum_over_batch_size", "weighted_mean"


@export("keras.metrics.Metric")
class Metric(metaclass=abc.ABCMeta):
    """Base class: state variables made with `add_weight`, `update_state`, `result`.

    Differences from TensorFlow: not a `tf.keras.layers.Layer` subclass here; it has a
    Layer's `name`, `dtype`, `variables` / `weights` and `get_config` / `from_config`.
    """

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        if cls.__module__ not in _BUILT_IN:  # a user's metric: result() is always a Tensor
            result = obj.result
            obj.result = lambda: identity(result())
        return obj

    def __init__(self, name=None, dtype=None, **kwargs):
        for key in kwargs:
            raise TypeError("Keyword argument not understood:", key)
        self._name = name or _unique_name(_snake_case(type(self).__name__))
        self._dtype = dtypes.as_dtype(dtype if dtype is not None else "float32").name
        self._weights = []
        self.stateful = True
        self.built = True

    def __call__(self, *args, **kwargs):
        """`update_state(*args, **kwargs)`, then `result()`."""
        self.update_state(*args, **kwargs)
        return self.result()

    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        """The metric's dtype, as a string (TF's Keras metrics keep its name)."""
        return self._dtype

    @property
    def weights(self):
        """The state variables, in creation order (all non-trainable)."""
        return list(self._weights)

    variables = non_trainable_weights = non_trainable_variables = weights

    @property
    def trainable_weights(self):
        return []

    trainable_variables = trainable_weights

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def reset_states(self):
        """Set every state variable to zeros."""
        reset(self.variables)

    @abc.abstractmethod
    def update_state(self, *args, **kwargs):
        """Accumulate statistics for the metric."""

    @abc.abstractmethod
    def result(self):
        """The metric's value from its state."""

    def add_weight(self, name, shape=(), aggregation=None, synchronization=None,
                   initializer=None, dtype=None):
        """A non-trainable state variable `name:0` (glorot_uniform if floating and no
        initializer is given, as Keras layers do)."""
        dtype = dtypes.as_dtype(dtype if dtype is not None else self._dtype)
        init = get_initializer(initializer)
        if init is None:
            init = GlorotUniform() if dtype.is_floating else Zeros()
        variable = Variable(init(tuple(shape), dtype=dtype), trainable=False, name=name,
                            dtype=dtype)
        self._weights.append(variable)
        return variable


_BUILT_IN = {__name__, __name__.rpartition(".")[0] + ".confusion"}
_NAME_COUNTS = {}


def _unique_name(base):
    """`auc`, `auc_1`, ...: Keras's unique default names."""
    count = _NAME_COUNTS.get(base, 0)
    _NAME_COUNTS[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def _snake_case(name):
    """Keras's `to_snake_case`: `TruePositives` -> `true_positives`, `AUC` -> `auc`."""
    name = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name if name[0] != "_" else "private" + name


def _squeeze_plan(pred_shape, true_shape):
    """TF's `squeeze_or_expand_dimensions(y_pred, y_true)` from static shapes: which of the
    two loses a last axis of size 1 ("pred", "true" or None)."""
    diff = len(pred_shape) - len(true_shape)
    if diff != 1 or pred_shape[-1] == 1:
        if diff == 1 and pred_shape[-1] == 1:
            return "pred"
        if diff == -1 and true_shape[-1] == 1:
            return "true"
    return None


def _squeezed(shape, which, side):
    return shape[:-1] if which == side else shape


def _weight_plan(values_shape, weights_shape, reduction):
    """How TF 1.15's `Reduce.update_state` applies a weight of this shape to values of that
    shape: (squeeze or expand the weight's last axis, broadcast it to the values, or the
    value axes averaged away when it does not broadcast)."""
    values_rank, rank = len(values_shape), len(weights_shape)
    adjust = None
    if rank and rank - values_rank == 1:
        if weights_shape[-1] != 1:
            raise errors.invalid_argument(
                f"Can not squeeze dim[{rank - 1}], expected a dimension of 1, got "
                f"{weights_shape[-1]}", "Squeeze")
        adjust, weights_shape = "squeeze", weights_shape[:-1]
    elif rank and values_rank - rank == 1:
        adjust, weights_shape = "expand", weights_shape + (1,)
    if not weights_shape or len(weights_shape) == values_rank and all(
            w in (1, v) for w, v in zip(weights_shape, values_shape)):
        return adjust, True, ()
    axes = tuple(range(len(weights_shape), values_rank))
    reduced = tuple(d for i, d in enumerate(values_shape) if i not in axes)
    try:
        jnp.broadcast_shapes(reduced, weights_shape)
    except ValueError:
        raise errors.invalid_argument(
            f"Incompatible shapes: {errors.shape_text(reduced)} vs. "
            f"{errors.shape_text(weights_shape)}", "Mul") from None
    return adjust, False, axes


def _accumulate(states, values, weights, reduction, plan):
    """New (total[, count]) after adding `values` weighted by `weights` (see `_weight_plan`)."""
    total = states[0]
    dtype = total.dtype
    values = values.astype(dtype)
    if weights is None:
        num = jnp.asarray(values.size, dtype)
    else:
        adjust, broadcast, axes = plan
        weights = weights.astype(dtype)
        if adjust == "squeeze":
            weights = jnp.squeeze(weights, -1)
        elif adjust == "expand":
            weights = weights[..., None]
        if broadcast:
            weights = jnp.broadcast_to(weights, jnp.broadcast_shapes(weights.shape, values.shape))
        elif axes:
            values = (jnp.sum if reduction == SUM else jnp.mean)(values, axes)
        values = values * weights
        num = jnp.sum(weights) if reduction == WEIGHTED_MEAN else jnp.asarray(values.size, dtype)
    total = total + jnp.sum(values)
    if reduction == SUM:
        return (total,)
    return total, states[1] + num


def _reduce_update(*arrays, n_states, reduction, plan, prepare, static):
    states, inputs = arrays[:n_states], arrays[n_states:]
    weights = None
    if plan is not None:
        *inputs, weights = inputs
    values = prepare(states[0].dtype, *inputs, **dict(static))
    return _accumulate(states, values, weights, reduction, plan)


_REDUCE = update_op("ReduceMetricUpdate", _reduce_update)


def _values(dtype, values):
    return values


def _apply(dtype, y_true, y_pred, fn, squeeze, kwargs):
    """A metric function on both inputs cast to the metric's dtype, squeezed as planned."""
    y_true, y_pred = y_true.astype(dtype), y_pred.astype(dtype)
    if squeeze == "pred":
        y_pred = jnp.squeeze(y_pred, -1)
    elif squeeze == "true":
        y_true = jnp.squeeze(y_true, -1)
    return fn.kernel(y_true, y_pred, **dict(kwargs))


class Reduce(Metric):
    """A metric that reduces values into `total` (and `count`, for the means)."""

    def __init__(self, reduction, name, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reduction = reduction
        self.total = self.add_weight("total", initializer="zeros")
        if reduction in (SUM_OVER_BATCH_SIZE, WEIGHTED_MEAN):
            self.count = self.add_weight("count", initializer="zeros")

    def update_state(self, values, sample_weight=None):
        """Add `values` (weighted by `sample_weight`) to the state."""
        values = to_tensor(values)
        return self._reduce((values,), values._shape_tuple(), sample_weight, _values, ())

    def result(self):
        if self.reduction == SUM:
            return identity(self.total)
        return div_no_nan(self.total, self.count)

    def _reduce(self, inputs, values_shape, sample_weight, prepare, static):
        """One jitted update of the state; returns the last variable updated."""
        states = [self.total] if self.reduction == SUM else [self.total, self.count]
        plan = None
        if sample_weight is not None:
            sample_weight = to_tensor(sample_weight)
            plan = _weight_plan(tuple(values_shape), sample_weight._shape_tuple(),
                                self.reduction)
            inputs = (*inputs, sample_weight)
        run_update(_REDUCE, states, inputs,
                   (("n_states", len(states)), ("reduction", self.reduction), ("plan", plan),
                    ("prepare", prepare), ("static", static)))
        return states[-1]


@export("keras.metrics.Sum")
class Sum(Reduce):
    """The (weighted) sum of the values: one variable, `total`."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(SUM, name=name, dtype=dtype)


@export("keras.metrics.Mean")
class Mean(Reduce):
    """The (weighted) mean of the values: `total / count`."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(WEIGHTED_MEAN, name=name, dtype=dtype)


class MeanMetricWrapper(Mean):
    """The mean of a metric function of (y_true, y_pred)."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add `fn(y_true, y_pred)` (both cast to the metric's dtype) to the mean."""
        y_true, y_pred = to_tensor(y_true), to_tensor(y_pred)
        true_shape, pred_shape = y_true._shape_tuple(), y_pred._shape_tuple()
        squeeze = _squeeze_plan(pred_shape, true_shape)
        fn = self._fn._metric_function
        static = (("fn", fn), ("squeeze", squeeze),
                  ("kwargs", tuple(sorted(self._fn_kwargs.items()))))
        dtype = dtypes.as_dtype(self._dtype).as_numpy_dtype
        shape = functions.output_shape(fn, static[2][1], _squeezed(true_shape, squeeze, "true"),
                                       dtype, _squeezed(pred_shape, squeeze, "pred"), dtype)
        return self._reduce((y_true, y_pred), shape, sample_weight, _apply, static)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}


def _wrapper(name, fn, doc, **defaults):
    """A MeanMetricWrapper subclass `name` around `fn`, with `fn`'s keyword defaults."""

    def __init__(self, name=fn.__name__, dtype=None, **kwargs):
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise TypeError(f"__init__() got an unexpected keyword argument "
                            f"'{sorted(unknown)[0]}'")
        MeanMetricWrapper.__init__(self, fn, name, dtype=dtype, **{**defaults, **kwargs})

    cls = type(name, (MeanMetricWrapper,), {"__init__": __init__, "__doc__": doc,
                                             "__module__": __name__})
    return export(f"keras.metrics.{name}")(cls)


F = functions
Accuracy = _wrapper("Accuracy", F.accuracy, "How often `y_pred` equals `y_true`.")
BinaryAccuracy = _wrapper("BinaryAccuracy", F.binary_accuracy,
                          "How often `y_pred > threshold` matches the 0/1 `y_true`.",
                          threshold=0.5)
CategoricalAccuracy = _wrapper("CategoricalAccuracy", F.categorical_accuracy,
                               "How often the argmax of `y_pred` is that of one-hot `y_true`.")
SparseCategoricalAccuracy = _wrapper("SparseCategoricalAccuracy", F.sparse_categorical_accuracy,
                                     "How often the argmax of `y_pred` is the integer label.")


@export("keras.metrics.TopKCategoricalAccuracy")
class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot target is among the `k` largest predictions."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(F.top_k_categorical_accuracy, name, dtype=dtype, k=k)


@export("keras.metrics.SparseTopKCategoricalAccuracy")
class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer target is among the `k` largest predictions."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        super().__init__(F.sparse_top_k_categorical_accuracy, name, dtype=dtype, k=k)


MeanSquaredError = _wrapper("MeanSquaredError", F.mean_squared_error, "Mean squared error.")
MeanAbsoluteError = _wrapper("MeanAbsoluteError", F.mean_absolute_error, "Mean absolute error.")
MeanAbsolutePercentageError = _wrapper("MeanAbsolutePercentageError",
                                       F.mean_absolute_percentage_error,
                                       "Mean absolute percentage error.")
MeanSquaredLogarithmicError = _wrapper("MeanSquaredLogarithmicError",
                                       F.mean_squared_logarithmic_error,
                                       "Mean squared logarithmic error.")
Hinge = _wrapper("Hinge", F.hinge, "Mean hinge loss (0/1 labels become -1/1).")
SquaredHinge = _wrapper("SquaredHinge", F.squared_hinge, "Mean squared hinge loss.")
CategoricalHinge = _wrapper("CategoricalHinge", F.categorical_hinge, "Mean categorical hinge.")
LogCoshError = _wrapper("LogCoshError", F.logcosh, "Mean log(cosh(y_pred - y_true)).")
KLDivergence = _wrapper("KLDivergence", F.kullback_leibler_divergence,
                        "Mean Kullback-Leibler divergence.")
Poisson = _wrapper("Poisson", F.poisson, "Mean `y_pred - y_true * log(y_pred)`.")
CosineSimilarity = _wrapper("CosineSimilarity", F.cosine_similarity,
                            "Mean cosine similarity along `axis`.", axis=-1)
BinaryCrossentropy = _wrapper("BinaryCrossentropy", F.binary_crossentropy,
                              "Mean binary cross-entropy.", from_logits=False,
                              label_smoothing=0)
CategoricalCrossentropy = _wrapper("CategoricalCrossentropy", F.categorical_crossentropy,
                                   "Mean categorical cross-entropy.", from_logits=False,
                                   label_smoothing=0)
SparseCategoricalCrossentropy = _wrapper("SparseCategoricalCrossentropy",
                                         F.sparse_categorical_crossentropy,
                                         "Mean sparse categorical cross-entropy.",
                                         from_logits=False, axis=-1)


@export("keras.metrics.RootMeanSquaredError")
class RootMeanSquaredError(Mean):
    """`sqrt(mean((y_pred - y_true) ** 2))` over everything seen."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype=dtype)

    update_state = MeanMetricWrapper.update_state
    _fn, _fn_kwargs = staticmethod(F.squared_error), {}

    def result(self):
        return execute(_ROOT_MEAN, (self.total._snapshot, self.count._snapshot))


def _root_mean(total, count):
    empty = count == 0
    return jnp.sqrt(jnp.where(empty, 0, total / jnp.where(empty, 1, count)).astype(total.dtype))


_ROOT_MEAN = Op("Sqrt", _root_mean)


def _mean_tensor_update(total, count, values, *weights, plan):
    dtype = total.dtype
    values = values.astype(dtype)
    num = jnp.ones_like(values)
    if weights:
        adjust, broadcast, axes = plan
        w = weights[0].astype(dtype)
        if adjust == "squeeze":
            w = jnp.squeeze(w, -1)
        elif adjust == "expand":
            w = w[..., None]
        if not broadcast and axes:
            values = jnp.mean(values, axes)
        num, values = num * w, values * w
    return total + values, count + num


_MEAN_TENSOR = update_op("MeanTensorUpdate", _mean_tensor_update)


@export("keras.metrics.MeanTensor")
class MeanTensor(Metric):
    """The element-wise (weighted) mean of same-shaped tensors; its variables are made on
    the first update, with that update's shape."""

    def __init__(self, name="mean_tensor", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._shape = None
        self._total = self._count = None

    @property
    def total(self):
        return self._total

    @property
    def count(self):
        return self._count

    def update_state(self, values, sample_weight=None):
        values = to_tensor(values)
        shape = values.shape
        if self._shape is None:
            self._shape = shape
            self._total = self.add_weight("total", shape=shape.as_list(), initializer="zeros")
            self._count = self.add_weight("count", shape=shape.as_list(), initializer="zeros")
        elif shape != self._shape:
            raise ValueError("MeanTensor input values must always have the same shape. "
                             f"Expected shape (set during the first call): {self._shape}. "
                             f"Got: {shape}")
        inputs, plan = (values,), None
        if sample_weight is not None:
            sample_weight = to_tensor(sample_weight)
            plan = _weight_plan(values._shape_tuple(), sample_weight._shape_tuple(),
                                WEIGHTED_MEAN)
            inputs = (values, sample_weight)
        run_update(_MEAN_TENSOR, (self._total, self._count), inputs, (("plan", plan),))
        return self._count

    def result(self):
        if self._shape is None:
            raise ValueError("MeanTensor does not have any result yet. Please call the "
                             "MeanTensor instance or use `.update_state(value)` before "
                             "retrieving the result.")
        return div_no_nan(self._total, self._count)

    def reset_states(self):
        if self._shape is not None:
            reset(self.variables)
