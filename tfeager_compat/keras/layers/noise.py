"""Noise layers (TF 1.15's `keras/layers/noise.py`), active only when training, like
Dropout: GaussianNoise and GaussianDropout."""
import math

from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import backend
from ..engine.base_layer import Layer

_op = backend.op


class _Noise(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, training=None):
        if training is None:
            training = backend.learning_phase()
        if not bool(training):
            return _op("identity")(inputs)
        return self._noisy(inputs)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


@export("keras.layers.GaussianNoise")
class GaussianNoise(_Noise):
    """Adds N(0, stddev) noise when training."""

    def __init__(self, stddev, **kwargs):
        super().__init__(**kwargs)
        self.stddev = stddev

    def _noisy(self, inputs):
        return inputs + _op("random_normal")(inputs.shape, mean=0., stddev=self.stddev,
                                             dtype=inputs.dtype)

    def get_config(self):
        config = super().get_config()
        config["stddev"] = self.stddev
        return config


@export("keras.layers.GaussianDropout")
class GaussianDropout(_Noise):
    """Multiplies by N(1, sqrt(rate / (1 - rate))) noise when training (0 < rate < 1)."""

    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs, training=None):
        if not 0 < self.rate < 1:
            return _op("identity")(inputs)
        return super().call(inputs, training)

    def _noisy(self, inputs):
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        return inputs * _op("random_normal")(inputs.shape, mean=1.0, stddev=stddev,
                                             dtype=inputs.dtype)

    def get_config(self):
        config = super().get_config()
        config["rate"] = self.rate
        return config
