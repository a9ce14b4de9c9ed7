"""`tf.keras.Model` for subclassing (TF 1.15): a Layer that lists its layers and prints a summary.

Sub-layers' weights come before the model's own variables; `build(input_shape)` runs `call`
on zeros of that shape (TF builds it in a scratch graph, outside the model's name scope);
`summary()` prints Keras 2.2.4-tf's table. `compile`/`fit` are not provided yet.
"""
import inspect

from ...framework import errors
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from ..utils import layer_utils
from . import base_layer

_MODEL_KWARGS = frozenset({"name", "trainable", "dtype", "dynamic", "autocast"})


@export("keras.Model", "keras.models.Model")
class Model(base_layer.Layer):
    """A layer meant to be subclassed with `__init__` and `call` (TF's subclassing API)."""

    _children_first = True

    def __init__(self, *args, **kwargs):
        if args or "inputs" in kwargs or "outputs" in kwargs:
            raise errors.unsupported("tf.keras.Model(inputs, outputs) (the functional API)")
        for key in kwargs:
            if key not in _MODEL_KWARGS:
                raise TypeError("Keyword argument not understood:", key)
        kwargs.pop("autocast", None)
        super().__init__(**kwargs)

    def _before_tracking(self):
        raise RuntimeError("It looks like you are subclassing `Model` and you forgot to call "
                           "`super(YourClass, self).__init__()`. Always start with this line.")

    @property
    def layers(self):
        """The tracked sub-layers, in assignment order."""
        return self._sublayers()

    def get_layer(self, name=None, index=None):
        """A sub-layer by name or by index in `layers`."""
        layers = self.layers
        if index is not None:
            if len(layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model "
                                 f"only has {len(layers)} layers.")
            return layers[index]
        if not name:
            raise ValueError("Provide either a layer name or layer index.")
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError("No such layer: " + name)

    @base_layer.default
    def build(self, input_shape):
        """Create the weights by running `call` on zeros of `input_shape` (None dims as 1)."""
        if input_shape is None:
            raise ValueError("Input shape must be defined when calling build on a model "
                             "subclass network.")
        if not isinstance(input_shape, (tuple, list, TensorShape)):
            raise ValueError("Specified input shape is not one of the valid types. Please "
                             "specify a batch input shape of type tuple or list of input "
                             f"shapes. User provided input type: {type(input_shape)}")
        shapes = input_shape
        if isinstance(shapes, (tuple, list)) and shapes and \
                isinstance(shapes[0], (tuple, list, TensorShape)):
            inputs = [base_layer._zeros_for(TensorShape(s), None) for s in shapes]
        else:
            inputs = base_layer._zeros_for(TensorShape(shapes), None)
        training = inspect.signature(type(self).call).parameters.get("training")
        kwargs = {"training": False} if training is not None and \
            training.default is inspect.Parameter.empty else {}
        stack, scoped = base_layer._CALL_STACK, base_layer._SCOPED[0]
        stack.append((self, None))
        base_layer._SCOPED[0] = len(stack)  # TF builds it outside the model's name scope
        try:
            self.call(inputs, **kwargs)
        finally:
            stack.pop()
            base_layer._SCOPED[0] = scoped
        self.built = True

    def summary(self, line_length=None, positions=None, print_fn=None):
        """Print the table of layers, output shapes and parameter counts (Keras 2.2.4-tf)."""
        if not self.built:
            raise ValueError("This model has not yet been built. Build the model first by "
                             "calling `build()` or calling `fit()` with some data, or specify "
                             "an `input_shape` argument in the first layer(s) for automatic "
                             "build.")
        layer_utils.print_summary(self, line_length, positions, print_fn)
