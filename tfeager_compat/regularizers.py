"""Weight regularizers: `tf.keras.regularizers` and `tf.contrib.layers.*_regularizer` as in
TF 1.15, and the `tf.losses` functions that read the regularization-loss collection.

Keras regularizers hold their factors as float32 (`l2()` is `L1L2(l2=0.01)`, and its config
reads 0.009999999776482582, as TF's does). The contrib ones are plain functions, `l2` using
`tf.nn.l2_loss` (half the sum of squares), as TF 1.15's are.
"""
import numbers

import numpy as np

from .framework.convert import to_tensor
from .graph_only import add_to_collection, get_collection
from .ops.registry import EXPORTS, export
from .variable_scope import REGULARIZATION_LOSSES

_abs, _square, _add_n = EXPORTS["abs"], EXPORTS["square"], EXPORTS["add_n"]
_reduce_sum, _l2_loss, _constant = EXPORTS["reduce_sum"], EXPORTS["nn.l2_loss"], EXPORTS["constant"]


# ---- tf.keras.regularizers ----------------------------------------------------------------------
@export("keras.regularizers.Regularizer")
class Regularizer:
    """Base class: a callable from a weight tensor to a scalar penalty (0. here)."""

    def __call__(self, x):
        return 0.

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@export("keras.regularizers.L1L2")
class L1L2(Regularizer):
    """`l1 * sum(|x|) + l2 * sum(x**2)`; a float32 zero when both factors are 0."""

    def __init__(self, l1=0., l2=0.):
        self.l1 = np.float32(l1)
        self.l2 = np.float32(l2)

    def __call__(self, x):
        if not self.l1 and not self.l2:
            return _constant(0.)
        regularization = 0.
        if self.l1:
            regularization += self.l1 * _reduce_sum(_abs(x))
        if self.l2:
            regularization += self.l2 * _reduce_sum(_square(x))
        return regularization

    def get_config(self):
        return {"l1": float(self.l1), "l2": float(self.l2)}


@export("keras.regularizers.l1")
def l1(l=0.01):
    """`L1L2(l1=l)`."""
    return L1L2(l1=l)


@export("keras.regularizers.l2")
def l2(l=0.01):
    """`L1L2(l2=l)`."""
    return L1L2(l2=l)


@export("keras.regularizers.l1_l2")
def l1_l2(l1=0.01, l2=0.01):
    """`L1L2(l1, l2)`."""
    return L1L2(l1=l1, l2=l2)


_KERAS_OBJECTS = {"Regularizer": Regularizer, "L1L2": L1L2, "l1": l1, "l2": l2, "l1_l2": l1_l2}


@export("keras.regularizers.serialize")
def serialize(regularizer):
    """`{'class_name': ..., 'config': ...}` (Keras format)."""
    return {"class_name": type(regularizer).__name__, "config": regularizer.get_config()}


@export("keras.regularizers.deserialize")
def deserialize(config, custom_objects=None):
    """The regularizer a `serialize` config (or a name) describes."""
    objects = dict(_KERAS_OBJECTS, **(custom_objects or {}))
    if isinstance(config, str):
        obj = objects.get(config)
        if obj is None:
            raise ValueError("Unknown regularizer:" + config)
        return obj()
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise ValueError("Improper config format: " + str(config))
    cls = objects.get(config["class_name"])
    if cls is None:
        raise ValueError("Unknown regularizer: " + config["class_name"])
    if hasattr(cls, "from_config"):
        return cls.from_config(config["config"])
    return cls(**config["config"])


@export("keras.regularizers.get")
def get(identifier):
    """None stays None; a name ('l2', 'l1_l2', 'L1L2') or a config becomes a regularizer; a
    callable is returned as is."""
    if identifier is None:
        return None
    if isinstance(identifier, (dict, str)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret regularizer identifier:", identifier)


# ---- tf.contrib.layers (TF 1.15): functions -----------------------------------------------------
def _check_scale(scale, label="scale"):
    """TF's checks; True when the scale turns the regularizer off (0)."""
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"{label} cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real):
        if scale < 0.:
            raise ValueError("Setting a scale less than 0 on a regularizer: %g" % scale)
        return scale == 0.
    return False


def _scaled(penalty, scale):
    def regularizer(weights, name=None):
        weights = to_tensor(weights)
        return to_tensor(scale, weights.dtype) * penalty(weights)
    return regularizer


@export("contrib.layers.l1_regularizer")
def l1_regularizer(scale, scope=None):
    """`weights -> scale * sum(|weights|)` (None when scale is 0)."""
    if _check_scale(scale):
        return lambda _: None
    return _scaled(lambda w: _reduce_sum(_abs(w)), scale)


@export("contrib.layers.l2_regularizer")
def l2_regularizer(scale, scope=None):
    """`weights -> scale * tf.nn.l2_loss(weights)` = scale * sum(weights**2) / 2."""
    if _check_scale(scale):
        return lambda _: None
    return _scaled(_l2_loss, scale)


@export("contrib.layers.sum_regularizer")
def sum_regularizer(regularizer_list, scope=None):
    """The sum of the regularizers' penalties (those that give None are left out)."""
    regularizer_list = [reg for reg in regularizer_list if reg is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        penalties = [p for p in (reg(weights) for reg in regularizer_list) if p is not None]
        return _add_n(penalties) if penalties else None
    return sum_reg


@export("contrib.layers.l1_l2_regularizer")
def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """`l1_regularizer(scale_l1)` plus `l2_regularizer(scale_l2)`."""
    _check_scale(scale_l1, "scale_l1")
    _check_scale(scale_l2, "scale_l2")
    if scale_l1 == 0.:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)])


@export("contrib.layers.apply_regularization")
def apply_regularization(regularizer, weights_list=None):
    """The summed penalty of `regularizer` over `weights_list` (default: the 'weights'
    collection), also added to the regularization losses."""
    if not weights_list:
        weights_list = get_collection("weights")
    if not weights_list:
        raise ValueError("No weights to regularize.")
    penalties = [regularizer(w) for w in weights_list]
    penalties = [_constant(0.0) if p is None else to_tensor(p) for p in penalties]
    for p in penalties:
        if p.shape.ndims != 0:
            raise ValueError("regularizer must return a scalar Tensor instead of a Tensor "
                             f"with rank {p.shape.ndims}.")
    summed = _add_n(penalties)
    add_to_collection(REGULARIZATION_LOSSES, summed)
    return summed


# ---- tf.losses ----------------------------------------------------------------------------------
@export("losses.get_regularization_losses")
def get_regularization_losses(scope=None):
    """The regularization losses collected so far (computed when each was added, as in TF's
    eager mode). In eager mode tensors have no names, so a `scope` filter matches none."""
    return get_collection(REGULARIZATION_LOSSES, scope)


@export("losses.get_regularization_loss")
def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of `get_regularization_losses(scope)`, or a float32 0.0 when there are none."""
    losses = get_regularization_losses(scope)
    return _add_n(losses) if losses else _constant(0.0)
