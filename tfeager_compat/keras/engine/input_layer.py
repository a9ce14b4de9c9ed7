"""`tf.keras.layers.InputLayer`: the entry point that fixes a model's batch input shape and dtype."""
from ...framework import dtypes
from ...ops.registry import export
from .. import backend
from . import base_layer


@export("keras.layers.InputLayer")
class InputLayer(base_layer.Layer):
    """Holds `batch_input_shape` and `dtype` (floatx by default); calling it returns its input.

    Named `input_1`, `input_2`, ... when unnamed, as TF 1.15 names them."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None,
                 sparse=False, name=None, **kwargs):
        if "batch_input_shape" in kwargs:
            batch_input_shape = kwargs.pop("batch_input_shape")
            if input_shape is not None and batch_input_shape is not None:
                raise ValueError("Only provide the input_shape OR batch_input_shape argument "
                                 "to InputLayer, not both at the same time.")
            batch_size = batch_input_shape[0] if batch_input_shape else None
            input_shape = batch_input_shape[1:] if batch_input_shape else None
        if kwargs:
            raise ValueError("Unrecognized keyword arguments:", list(kwargs.keys()))
        if not name:
            name = "input_" + str(backend.get_uid("input"))
        dtype = dtypes.as_dtype(dtype or backend.floatx()).name
        super().__init__(name=name, dtype=dtype)
        self.sparse = sparse
        self.is_placeholder = input_tensor is None
        self._batch_input_shape = (batch_size,) + tuple(input_shape or ())
        self._symbolic_output_shape = self._batch_input_shape
        self.built = True

    def get_config(self):
        return {"batch_input_shape": self._batch_input_shape, "dtype": self.dtype,
                "sparse": self.sparse, "name": self.name}
