"""Activation layers with parameters (TF 1.15's `keras/layers/advanced_activations.py`):
LeakyReLU, PReLU, ELU, ThresholdedReLU, Softmax, ReLU."""
from ... import initializers, regularizers
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import activations, backend
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from ..utils.generic_utils import serialize_keras_object

_op = backend.op


def _merge(base, config):
    return dict(list(base.items()) + list(config.items()))


class _Elementwise(Layer):
    """An activation layer: same output shape, masks pass through."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


@export("keras.layers.LeakyReLU")
class LeakyReLU(_Elementwise):
    """`x` above 0, `alpha * x` below."""

    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return activations.relu(inputs, alpha=self.alpha)

    def get_config(self):
        return _merge(super().get_config(), {"alpha": self.alpha})


@export("keras.layers.PReLU")
class PReLU(_Elementwise):
    """Leaky ReLU with a learned slope `alpha` per input element (shared along
    `shared_axes`)."""

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = alpha_constraint
        if shared_axes is None:
            self.shared_axes = None
        elif not isinstance(shared_axes, (list, tuple)):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        param_shape = list(dims[1:])
        for axis in self.shared_axes or ():
            param_shape[axis - 1] = 1
        self.alpha = self.add_weight("alpha", shape=param_shape,
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint, dtype=self.dtype)
        axes = {i: dims[i] for i in range(1, len(dims)) if param_shape[i - 1] != 1}
        self.input_spec = InputSpec(ndim=len(dims), axes=axes)
        self.built = True

    def call(self, inputs):
        relu = _op("nn.relu")
        return relu(inputs) - self.alpha * relu(-inputs)

    def get_config(self):
        return _merge(super().get_config(), {
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": serialize_keras_object(self.alpha_regularizer),
            "alpha_constraint": serialize_keras_object(self.alpha_constraint),
            "shared_axes": self.shared_axes})


@export("keras.layers.ELU")
class ELU(_Elementwise):
    """`x` above 0, `alpha * (exp(x) - 1)` below."""

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return activations.elu(inputs, self.alpha)

    def get_config(self):
        return _merge(super().get_config(), {"alpha": self.alpha})


@export("keras.layers.ThresholdedReLU")
class ThresholdedReLU(_Elementwise):
    """`x` where `x > theta`, else 0."""

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.theta = float(theta)

    def call(self, inputs):
        return inputs * _op("cast")(inputs > self.theta, inputs.dtype)

    def get_config(self):
        return _merge(super().get_config(), {"theta": self.theta})


@export("keras.layers.Softmax")
class Softmax(_Elementwise):
    """Softmax over `axis`."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return _op("nn.softmax")(inputs, axis=self.axis)

    def get_config(self):
        return _merge(super().get_config(), {"axis": self.axis})


@export("keras.layers.ReLU")
class ReLU(_Elementwise):
    """Keras' relu: `negative_slope * (x - threshold)` below `threshold`, clipped at
    `max_value`."""

    def __init__(self, max_value=None, negative_slope=0, threshold=0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.:
            raise ValueError(f"max_value of Relu layer cannot be negative value: {max_value}")
        if negative_slope < 0.:
            raise ValueError(f"negative_slope of Relu layer cannot be negative value: "
                             f"{negative_slope}")
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = float(threshold)

    def call(self, inputs):
        return activations.relu(inputs, alpha=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)

    def get_config(self):
        return _merge(super().get_config(), {"max_value": self.max_value,
                                             "negative_slope": self.negative_slope,
                                             "threshold": self.threshold})
