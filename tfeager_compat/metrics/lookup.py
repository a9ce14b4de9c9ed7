"""`tf.keras.metrics.get`, `serialize` and `deserialize` (TF 1.15's Keras object lookup).

Names resolve among what TF 1.15's `keras/metrics.py` defines: the metric classes (a class
named by a string is instantiated with no arguments) and the metric and loss functions,
under the names that module gives them (`cosine_proximity` there is the positive cosine
similarity, unlike the exported `tf.keras.metrics.cosine_proximity`; `kld` is not known).
"""
import inspect

from ..ops.registry import export
from . import confusion, functions, keras_metrics

_OBJECTS = {name: obj for module in (keras_metrics, confusion)
            for name, obj in vars(module).items()
            if inspect.isclass(obj) and issubclass(obj, keras_metrics.Metric)
            and not name.startswith("_")}
_OBJECTS.update({name: getattr(functions, name) for name in (
    "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "categorical_hinge",
    "hinge", "squared_hinge", "kullback_leibler_divergence", "logcosh", "poisson",
    "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
    "mean_squared_logarithmic_error")})
_OBJECTS.update(mse=functions.mean_squared_error, MSE=functions.mean_squared_error,
                mae=functions.mean_absolute_error, MAE=functions.mean_absolute_error,
                mape=functions.mean_absolute_percentage_error,
                MAPE=functions.mean_absolute_percentage_error,
                msle=functions.mean_squared_logarithmic_error,
                MSLE=functions.mean_squared_logarithmic_error,
                cosine_proximity=functions.cosine_similarity,
                cosine_similarity=functions.cosine_similarity)


@export("keras.metrics.serialize")
def serialize(metric):
    """`{'class_name': ..., 'config': ...}` for a metric object, the name of a function."""
    if metric is None:
        return None
    if hasattr(metric, "get_config"):
        return {"class_name": type(metric).__name__, "config": metric.get_config()}
    if hasattr(metric, "__name__"):
        return metric.__name__
    raise ValueError("Cannot serialize", metric)


@export("keras.metrics.deserialize")
def deserialize(config, custom_objects=None):
    """The metric a name or a `serialize` config describes."""
    objects = {**_OBJECTS, **(custom_objects or {})}
    if isinstance(config, dict):
        if "class_name" not in config or "config" not in config:
            raise ValueError("Improper config format: " + str(config))
        cls = objects.get(config["class_name"])
        if cls is None:
            raise ValueError("Unknown metric function: " + config["class_name"])
        if hasattr(cls, "from_config"):
            return cls.from_config(config["config"])
        return cls(**config["config"])
    obj = objects.get(config)
    if obj is None:
        raise ValueError("Unknown metric function:" + str(config))
    return obj() if inspect.isclass(obj) else obj


@export("keras.metrics.get")
def get(identifier):
    """A metric from a name, a config dict, or a callable (returned as is)."""
    if isinstance(identifier, (dict, str)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret metric function identifier: {identifier}")
