"""`tf.keras.optimizers.get/serialize/deserialize` and the schedules' serialize/deserialize,
as TF 1.15 has them: names are looked up case-insensitively among the built-in classes, a
config is `{"class_name": ..., "config": {...}}`."""
from ..framework import errors
from ..ops.registry import export
from ..training import learning_rate_decay
from ..training.optimizer import Optimizer
from .optimizer_v2 import adadelta, adagrad, adam, adamax, ftrl, gradient_descent, nadam
from .optimizer_v2 import rmsprop
from .optimizer_v2.optimizer_v2 import OptimizerV2

_OPTIMIZERS = {"adadelta": adadelta.Adadelta, "adagrad": adagrad.Adagrad, "adam": adam.Adam,
               "adamax": adamax.Adamax, "nadam": nadam.Nadam, "rmsprop": rmsprop.RMSprop,
               "sgd": gradient_descent.SGD, "ftrl": ftrl.Ftrl}

_SCHEDULES = {cls.__name__: cls for cls in (
    learning_rate_decay.ExponentialDecay, learning_rate_decay.PiecewiseConstantDecay,
    learning_rate_decay.PolynomialDecay, learning_rate_decay.InverseTimeDecay,
    learning_rate_decay.CosineDecay, learning_rate_decay.CosineDecayRestarts,
    learning_rate_decay.LinearCosineDecay, learning_rate_decay.NoisyLinearCosineDecay)}


def _serialize(instance):
    return {"class_name": type(instance).__name__, "config": instance.get_config()}


def _deserialize(config, classes, custom_objects, kind):
    """Keras's `deserialize_keras_object` for a `{"class_name", "config"}` dict."""
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise ValueError("Improper config format: " + str(config))
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or classes.get(name)
    if cls is None:
        raise ValueError("Unknown " + kind + ": " + name)
    if kind == "optimizer":
        return cls.from_config(config["config"], custom_objects=custom_objects)
    return cls.from_config(config["config"])


@export("keras.optimizers.serialize")
def serialize(optimizer):
    """`{"class_name": "Adam", "config": optimizer.get_config()}`."""
    return _serialize(optimizer)


@export("keras.optimizers.deserialize")
def deserialize(config, custom_objects=None):
    """The optimizer a `serialize` dict describes (built-in names in any case)."""
    if config["class_name"].lower() in _OPTIMIZERS:
        config = dict(config, class_name=config["class_name"].lower())
    return _deserialize(config, _OPTIMIZERS, custom_objects, "optimizer")


@export("keras.optimizers.get")
def get(identifier):
    """An optimizer from an optimizer, a name ("adam") or a `serialize` dict. A tf.train
    optimizer (which TF wraps in a TFOptimizer) is not supported."""
    if isinstance(identifier, OptimizerV2):
        return identifier
    if isinstance(identifier, Optimizer):  # TF wraps a tf.train optimizer for Keras
        raise errors.unsupported("tf.keras.optimizers.TFOptimizer")
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({"class_name": str(identifier), "config": {}})
    raise ValueError("Could not interpret optimizer identifier:", identifier)


@export("keras.optimizers.schedules.serialize")
def serialize_schedule(learning_rate_schedule):
    """`{"class_name": "ExponentialDecay", "config": schedule.get_config()}`."""
    return _serialize(learning_rate_schedule)


@export("keras.optimizers.schedules.deserialize")
def deserialize_schedule(config, custom_objects=None):
    """The schedule a `serialize` dict describes."""
    return _deserialize(config, _SCHEDULES, custom_objects, "decay")
