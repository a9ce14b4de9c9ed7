"""`tf.keras.losses` as TF 1.15 has them: the loss functions (the same objects as the
`tf.keras.metrics` functions), the `Loss` classes, `Reduction`, `get`/`serialize`/`deserialize`.

A `Loss` object computes the per-sample losses with its function, then weights and reduces
them as TF 1.15's `compute_weighted_loss` does, in one jitted op: float32 arithmetic, sample
weights squeezed or expanded by one trailing dimension to the losses' rank, and the default
reduction (AUTO = SUM_OVER_BATCH_SIZE) dividing the weighted sum by the number of losses.
"""
import inspect

import jax.numpy as jnp

from ..autodiff.graph import execute
from ..framework import dtypes
from ..framework.convert import operand, to_tensor
from ..framework.tensor import Tensor
from ..metrics import functions as F
from ..ops import array_ops
from ..ops.losses import _huber
from ..ops.registry import Op, export


@export("keras.losses.Reduction")
class Reduction:
    """TF 1.15's `ReductionV2` keys."""

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}.")


def _reduce(losses, weights, reduction):
    weighted = losses.astype(jnp.float32) * weights.astype(jnp.float32)
    if reduction != Reduction.NONE:
        total = jnp.sum(weighted)
        if reduction == Reduction.SUM_OVER_BATCH_SIZE:  # div_no_nan by the loss count
            total = total / jnp.float32(losses.size) if losses.size else jnp.zeros_like(total)
        weighted = total
    return weighted.astype(losses.dtype)


_REDUCE = Op("WeightedLoss", _reduce)


def _match_rank(values, other):
    """TF's `squeeze_or_expand_dimensions`: drop or add a trailing 1 so ranks agree."""
    rank, other_rank = values._rank(), other._rank()
    if rank == other_rank + 1 and values._shape_tuple()[-1] == 1:
        return array_ops.squeeze(values, [-1])
    if other_rank and rank == other_rank - 1:
        return array_ops.expand_dims(values, -1)
    return values


def compute_weighted_loss(losses, sample_weight=None, reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """Keras' `losses_utils.compute_weighted_loss` (AUTO means SUM_OVER_BATCH_SIZE)."""
    Reduction.validate(reduction)
    if reduction == Reduction.AUTO:
        reduction = Reduction.SUM_OVER_BATCH_SIZE
    losses = to_tensor(losses)
    if sample_weight is None:
        weights = operand(1.0, dtypes.float32)
    else:
        weights = sample_weight if isinstance(sample_weight, Tensor) else to_tensor(
            sample_weight, dtypes.float32)
        if weights._rank():
            weights = _match_rank(weights, losses)
    return execute(_REDUCE, (losses, weights), (("reduction", reduction),))


def squeeze_or_expand(y_true, y_pred):
    """Make `y_true` and `y_pred` ranks agree as Keras' LossFunctionWrapper does."""
    y_true, y_pred = to_tensor(y_true), to_tensor(y_pred)
    return _match_rank(y_true, y_pred), _match_rank(y_pred, y_true)


def _huber_kernel(y_true, y_pred, delta):
    return jnp.mean(_huber(y_pred, y_true.astype(y_pred.dtype), delta), axis=-1)


_HUBER = F.MetricFunction("huber_loss", _huber_kernel, "Sub", F._pred_first, True, None)


def huber_loss(y_true, y_pred, delta=1.0):
    """Huber loss, averaged over the last axis (the Huber class's function; not exported)."""
    return _HUBER(y_true, y_pred, delta=float(delta))


@export("keras.losses.Loss")
class Loss:
    """Base class: `call(y_true, y_pred)` gives per-sample losses, `__call__` weights and
    reduces them."""

    def __init__(self, reduction=Reduction.AUTO, name=None):
        Reduction.validate(reduction)
        self.reduction = reduction
        self.name = name

    def __call__(self, y_true, y_pred, sample_weight=None):
        return compute_weighted_loss(self.call(y_true, y_pred), sample_weight, self.reduction)

    def call(self, y_true, y_pred):
        raise NotImplementedError("Must be implemented in subclasses.")

    def get_config(self):
        return {"reduction": self.reduction, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@export("keras.losses.LossFunctionWrapper")
class LossFunctionWrapper(Loss):
    """A Loss around a function `fn(y_true, y_pred, **kwargs)`."""

    def __init__(self, fn, reduction=Reduction.AUTO, name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {**self._fn_kwargs, **super().get_config()}


def _loss_class(name, fn, default_name, **defaults):
    """A LossFunctionWrapper subclass with `fn`'s keyword arguments as its own."""
    params = [inspect.Parameter(k, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=v)
              for k, v in defaults.items()]
    params += [inspect.Parameter("reduction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                 default=Reduction.AUTO),
               inspect.Parameter("name", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                 default=default_name)]
    signature = inspect.Signature(params)

    def __init__(self, *args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        reduction, loss_name = values.pop("reduction"), values.pop("name")
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=loss_name, **values)

    __init__.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + params)
    cls = type(name, (LossFunctionWrapper,), {
        "__init__": __init__, "__module__": __name__,
        "__doc__": f"`{default_name}` as a Loss (TF 1.15 defaults)."})
    return export(f"keras.losses.{name}")(cls)


MeanSquaredError = _loss_class("MeanSquaredError", F.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _loss_class("MeanAbsoluteError", F.mean_absolute_error,
                                "mean_absolute_error")
MeanAbsolutePercentageError = _loss_class("MeanAbsolutePercentageError",
                                          F.mean_absolute_percentage_error,
                                          "mean_absolute_percentage_error")
MeanSquaredLogarithmicError = _loss_class("MeanSquaredLogarithmicError",
                                          F.mean_squared_logarithmic_error,
                                          "mean_squared_logarithmic_error")
BinaryCrossentropy = _loss_class("BinaryCrossentropy", F.binary_crossentropy,
                                 "binary_crossentropy", from_logits=False, label_smoothing=0)
CategoricalCrossentropy = _loss_class("CategoricalCrossentropy", F.categorical_crossentropy,
                                      "categorical_crossentropy", from_logits=False,
                                      label_smoothing=0)
SparseCategoricalCrossentropy = _loss_class("SparseCategoricalCrossentropy",
                                            F.sparse_categorical_crossentropy,
                                            "sparse_categorical_crossentropy",
                                            from_logits=False)
Hinge = _loss_class("Hinge", F.hinge, "hinge")
SquaredHinge = _loss_class("SquaredHinge", F.squared_hinge, "squared_hinge")
CategoricalHinge = _loss_class("CategoricalHinge", F.categorical_hinge, "categorical_hinge")
Poisson = _loss_class("Poisson", F.poisson, "poisson")
LogCosh = _loss_class("LogCosh", F.logcosh, "logcosh")
KLDivergence = _loss_class("KLDivergence", F.kullback_leibler_divergence,
                           "kullback_leibler_divergence")
Huber = _loss_class("Huber", huber_loss, "huber_loss", delta=1.0)
CosineSimilarity = _loss_class("CosineSimilarity", F.cosine_proximity, "cosine_similarity",
                               axis=-1)

# The functions: TF 1.15 exports the metric functions under tf.keras.losses too.
_FUNCTIONS = {
    "mean_squared_error mse MSE": F.mean_squared_error,
    "mean_absolute_error mae MAE": F.mean_absolute_error,
    "mean_absolute_percentage_error mape MAPE": F.mean_absolute_percentage_error,
    "mean_squared_logarithmic_error msle MSLE": F.mean_squared_logarithmic_error,
    "binary_crossentropy": F.binary_crossentropy,
    "categorical_crossentropy": F.categorical_crossentropy,
    "sparse_categorical_crossentropy": F.sparse_categorical_crossentropy,
    "hinge": F.hinge, "squared_hinge": F.squared_hinge,
    "categorical_hinge": F.categorical_hinge, "logcosh": F.logcosh, "poisson": F.poisson,
    "kullback_leibler_divergence kld KLD": F.kullback_leibler_divergence,
    "cosine_similarity cosine_proximity cosine": F.cosine_proximity,
}
_OBJECTS = {}
for _names, _fn in _FUNCTIONS.items():
    export(*(f"keras.losses.{n}" for n in _names.split()))(_fn)
    _OBJECTS.update(dict.fromkeys(_names.split(), _fn))
_OBJECTS.update({cls.__name__: cls for cls in (
    MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, BinaryCrossentropy, CategoricalCrossentropy,
    SparseCategoricalCrossentropy, Hinge, SquaredHinge, CategoricalHinge, Poisson, LogCosh,
    KLDivergence, Huber, CosineSimilarity, Loss, LossFunctionWrapper)})
del _names, _fn


@export("keras.losses.serialize")
def serialize(loss):
    """The function's name, or `{'class_name': ..., 'config': ...}` for a Loss object."""
    if hasattr(loss, "get_config"):
        return {"class_name": type(loss).__name__, "config": loss.get_config()}
    return loss.__name__


@export("keras.losses.deserialize")
def deserialize(name, custom_objects=None):
    """The loss a name or a `serialize` config describes (TF 1.15's messages)."""
    objects = {**_OBJECTS, **(custom_objects or {})}
    if isinstance(name, dict):
        if "class_name" not in name or "config" not in name:
            raise ValueError("Improper config format: " + str(name))
        cls = objects.get(name["class_name"])
        if cls is None:
            raise ValueError("Unknown loss function: " + name["class_name"])
        return cls.from_config(name["config"])
    obj = objects.get(name)
    if obj is None:
        raise ValueError("Unknown loss function:" + str(name))
    return obj() if inspect.isclass(obj) else obj


@export("keras.losses.get")
def get(identifier):
    """A loss from None, a name, a config dict or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret loss function identifier:", identifier)
