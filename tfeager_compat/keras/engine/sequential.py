"""`tf.keras.Sequential` as TF 1.15 has it.

With an input shape (`input_shape`/`input_dim`/`batch_input_shape` on the first layer, or an
InputLayer first) it is a static graph: each added layer is built at once, outside any model
scope (`dense/kernel:0`), and `summary()` shows output shapes such as `(None, 4)`. Without
one, layers are built by the first call, under the model's name scope
(`sequential/dense/kernel:0`), and their output shapes show as `multiple`.
"""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from ...scopes import name_scope
from .. import backend
from . import base_layer
from .input_layer import InputLayer
from .input_spec import assert_input_compatibility
from .training import Model


class _Symbolic:
    """Shape and dtype of a graph-network tensor, for the input-spec checks."""

    def __init__(self, shape, dtype):
        self.shape, self.dtype = TensorShape(shape), dtype


def _build_on_shape(layer, shape, dtype):
    """Build `layer` for a batch input shape as TF builds it on a symbolic tensor; return the
    output shape tuple."""
    if layer.input_spec is not None:
        assert_input_compatibility(layer.input_spec, _Symbolic(shape, dtype), layer.name)
    if not layer.built:
        if layer._dtype is None:
            object.__setattr__(layer, "_dtype", dtype.name)
        with name_scope(layer.name):
            layer.build(TensorShape(shape))
        layer.built = True
    output_shape = layer.compute_output_shape(TensorShape(shape))
    output_shape = tuple(TensorShape(output_shape).as_list())
    layer._symbolic_input_shape = tuple(shape)
    layer._symbolic_output_shape = output_shape
    return output_shape


@export("keras.Sequential", "keras.models.Sequential")
class Sequential(Model):
    """A linear stack of layers: `Sequential([...])` or `.add(layer)`."""

    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        object.__setattr__(self, "_stack", [])
        object.__setattr__(self, "_input_layer", None)
        object.__setattr__(self, "_output", None)  # (batch shape, dtype) once static
        for layer in layers or ():
            self.add(layer)

    def _sublayers(self):
        return list(self._stack)

    @property
    def layers(self):
        """The added layers (an automatic InputLayer is not listed)."""
        return list(self._stack)

    def add(self, layer):
        """Append a layer; with a known input shape it is built at once."""
        if not isinstance(layer, base_layer.Layer):
            raise TypeError("The added layer must be an instance of class Layer. Found: "
                            + str(layer))
        self.built = False
        if not self._stack and self._input_layer is None:
            if isinstance(layer, InputLayer):
                self._start_graph(layer)
                return
            batch_shape = getattr(layer, "_batch_input_shape", None)
            if batch_shape is not None:
                self._start_graph(InputLayer(batch_input_shape=batch_shape, dtype=layer.dtype,
                                             name=layer.name + "_input"))
        if self._output is not None:
            shape, dtype = self._output
            self._output = (_build_on_shape(layer, shape, dtype), dtypes.as_dtype(
                layer.dtype or dtype))
            self.built = True
        self._stack.append(layer)
        base_layer._changed()

    def _start_graph(self, input_layer):
        object.__setattr__(self, "_input_layer", input_layer)
        object.__setattr__(self, "_output", (input_layer._batch_input_shape,
                                             dtypes.as_dtype(input_layer.dtype)))
        self.built = True

    def pop(self):
        """Remove the last layer."""
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        self._stack.pop()
        base_layer._changed()
        if self._input_layer is not None:
            shape, dtype = (self._input_layer._batch_input_shape,
                            dtypes.as_dtype(self._input_layer.dtype))
            for layer in self._stack:
                shape = layer._symbolic_output_shape
            self._output = (shape, dtype)

    @base_layer.default
    def build(self, input_shape=None):
        """Build every layer for `input_shape` (a static Sequential is built already)."""
        if self._input_layer is None:
            if input_shape is None:
                raise ValueError("You must provide an `input_shape` argument.")
            shape = TensorShape(input_shape)
            for layer in self._stack:
                if not layer.built:
                    if layer._dtype is None:
                        object.__setattr__(layer, "_dtype", backend.floatx())
                    with name_scope(layer.name):
                        layer.build(shape)
                    layer.built = True
                shape = TensorShape(layer.compute_output_shape(shape))
        self.built = True

    def call(self, inputs, training=None, mask=None):
        """Each layer on the previous one's output; a given `mask` goes to the first layer
        (when it takes one), later layers get their input's mask (as TF 1.15 passes them)."""
        outputs = inputs
        for layer in self._stack:
            if mask is not None and base_layer._call_spec(type(layer))[1]:
                outputs = layer(outputs, mask=mask)
            else:
                outputs = layer(outputs)
            mask = None
        return outputs

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape)
        for layer in self._stack:
            shape = TensorShape(layer.compute_output_shape(shape))
        return shape

    def get_config(self):
        return {"name": self.name, "layers": [
            {"class_name": type(layer).__name__, "config": layer.get_config()}
            for layer in self._stack]}
