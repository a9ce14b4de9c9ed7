"""Keras' object (de)serialization helpers for layer configs."""


def serialize_keras_object(instance):
    """None, `{'class_name': ..., 'config': ...}` for objects with a config, else the name."""
    if instance is None:
        return None
    if hasattr(instance, "get_config"):
        return {"class_name": type(instance).__name__, "config": instance.get_config()}
    if hasattr(instance, "__name__"):
        return instance.__name__
    raise ValueError("Cannot serialize", instance)
