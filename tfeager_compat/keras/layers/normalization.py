"""Normalization layers: BatchNormalization as TF 1.15's Keras has it, and LayerNormalization.

BatchNormalization (TF 1.15's V1 layer): `training=True` normalizes with the batch mean and
(biased) variance and moves `moving_mean`/`moving_variance` towards them,
`moving -= (moving - batch) * (1 - momentum)`; the "fused" path (4-D inputs with the channel
axis 1 or 3, TF1's default `fused=None`) moves the variance towards the Bessel-corrected batch
variance, the other path towards the biased one, as TF does. Otherwise (the default in eager
mode: the learning phase is 0) it normalizes with the moving statistics.

Under a recording GradientTape the new moving statistics are pending values of the forward
pass; they become a deferred update (`autodiff/deferral.py`) that the next training step's
gradient call computes as its prefix, so a training step stays one XLA call.
"""
import numpy as np
from jax import lax
import jax.numpy as jnp

from ... import initializers, regularizers
from ...autodiff import graph
from ...autodiff.deferral import defer_pending
from ...framework import dtypes
from ...framework.convert import to_tensor
from ...framework.tensor_shape import TensorShape
from ...ops.registry import Op, export
from .. import backend
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from ..utils.generic_utils import serialize_keras_object

_op = backend.op


def _merge(base, config):
    return dict(list(base.items()) + list(config.items()))


def _batch_norm(x, gamma, beta, mean, variance, shape, axes, epsilon, training, decay, bessel):
    """(y, new moving mean, new moving variance) when training, else y."""
    dtype = jnp.float32 if x.dtype in (jnp.float16, jnp.bfloat16) else x.dtype
    y = x.astype(dtype)
    if training:
        batch_mean = jnp.mean(y, axes, keepdims=True)
        batch_var = jnp.mean(jnp.square(y - batch_mean), axes, keepdims=True)
        use_mean, use_var = batch_mean, batch_var
    else:
        use_mean, use_var = mean.reshape(shape), variance.reshape(shape)
    inv = lax.rsqrt(use_var + jnp.asarray(epsilon, dtype)) * gamma.reshape(shape)
    out = ((y - use_mean) * inv + beta.reshape(shape)).astype(x.dtype)
    if not training:
        return out
    count = x.size // batch_mean.size
    target_var = batch_var * (count / max(count - 1, 1)) if bessel else batch_var
    rate = jnp.asarray(decay, mean.dtype)
    new_mean = mean - (mean - batch_mean.reshape(mean.shape).astype(mean.dtype)) * rate
    new_var = variance - (variance - target_var.reshape(variance.shape).astype(
        variance.dtype)) * rate
    return out, lax.stop_gradient(new_mean), lax.stop_gradient(new_var)


_BATCH_NORM = Op("FusedBatchNormV3", _batch_norm)


def _unsupported(argument):
    return NotImplementedError(f"BatchNormalization({argument}) is not supported by "
                               "tfeager_compat")


@export("keras.layers.BatchNormalization")
class BatchNormalization(Layer):
    """Normalize each feature along `axis` over the batch (training) or with the moving
    statistics (inference); `gamma`/`beta` scale and shift (when `scale`/`center`).

    Differences from TensorFlow: `renorm`, `virtual_batch_size` and `adjustment` are not
    supported (they raise NotImplementedError); `fused` is accepted and selects TF's choice of
    variance for the moving average, not a kernel.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        if renorm:
            raise _unsupported("renorm=True")
        if virtual_batch_size is not None:
            raise _unsupported("virtual_batch_size")
        if adjustment is not None:
            raise _unsupported("adjustment")
        if isinstance(axis, list):
            self.axis = axis[:]
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(f"axis must be int or list, type given: {type(axis)}")
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.renorm = renorm
        self.virtual_batch_size = virtual_batch_size
        self.adjustment = adjustment
        self.fused = True if fused is None else fused
        self.supports_masking = True

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if not input_shape.ndims:
            raise ValueError(f"Input has undefined rank: {input_shape}")
        ndims = input_shape.ndims
        axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
        for i, a in enumerate(axes):
            if a < 0:
                axes[i] = ndims + a
        for a in axes:
            if a < 0 or a >= ndims:
                raise ValueError(f"Invalid axis: {a}")
        if len(axes) != len(set(axes)):
            raise ValueError(f"Duplicate axis: {axes}")
        self.axis = axes
        self.fused = self.fused and ndims == 4 and axes in ([1], [3])
        sizes = {a: input_shape[a].value for a in axes}
        for a, size in sizes.items():
            if size is None:
                raise ValueError("Input has undefined `axis` dimension. Input shape: ",
                                 input_shape)
        self.input_spec = InputSpec(ndim=ndims, axes=sizes)
        if len(axes) == 1:
            param_shape = (sizes[axes[0]],)
        else:
            param_shape = tuple(sizes[i] if i in sizes else 1 for i in range(ndims))
        dtype = self.dtype
        if dtype in ("float16", "bfloat16"):
            dtype = "float32"
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, dtype=dtype,
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, trainable=True)
        else:
            self.gamma = None
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, dtype=dtype,
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, trainable=True)
        else:
            self.beta = None
        self.moving_mean = self.add_weight("moving_mean", shape=param_shape, dtype=dtype,
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight("moving_variance", shape=param_shape,
                                               dtype=dtype,
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)
        self._attrs = None
        self.built = True

    def _op_attrs(self, inputs, training):
        ndims = len(inputs.shape)
        shape = tuple(inputs.shape[i].value if i in self.axis else 1 for i in range(ndims))
        axes = tuple(i for i in range(ndims) if i not in self.axis)
        decay = float(np.float32(1.0 - self.momentum)) if training else 0.0
        return (("shape", shape), ("axes", axes), ("epsilon", float(self.epsilon)),
                ("training", training), ("decay", decay), ("bessel", bool(self.fused)))

    def _param(self, variable, value):
        if variable is not None:
            return variable._read()
        dtype = self.moving_mean.dtype
        return to_tensor(np.full(self.moving_mean.shape.as_list(), value,
                                 dtype.as_numpy_dtype), dtype)

    def call(self, inputs, training=None):
        if training is None:
            training = backend.learning_phase()
        training = bool(training)
        params = (inputs, self._param(self.gamma, 1), self._param(self.beta, 0),
                  self.moving_mean._read(), self.moving_variance._read())
        outputs = graph.execute(_BATCH_NORM, params, self._op_attrs(inputs, training))
        if not training:
            return outputs
        outputs, new_mean, new_var = outputs
        if new_mean._value is None and new_mean._node.values is None:
            new_mean, new_var = defer_pending([new_mean, new_var])
        self.moving_mean._snapshot = new_mean
        self.moving_variance._snapshot = new_var
        return outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        config = _merge(super().get_config(), {
            "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
            "center": self.center, "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer":
                initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": serialize_keras_object(self.beta_regularizer),
            "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
            "beta_constraint": serialize_keras_object(self.beta_constraint),
            "gamma_constraint": serialize_keras_object(self.gamma_constraint)})
        return config


@export("keras.layers.LayerNormalization")
class LayerNormalization(Layer):
    """Normalize each example over `axis` (the last by default), then scale by `gamma` and
    shift by `beta`."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 trainable=True, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = axis[:]
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise ValueError("Expected an int or a list/tuple of ints for the argument "
                             f"'axis', but received instead: {axis}")
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.supports_masking = True

    def build(self, input_shape):
        ndims = TensorShape(input_shape).ndims
        axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
        axes = [a + ndims if a < 0 else a for a in axes]
        for a in axes:
            if a < 0 or a >= ndims:
                raise ValueError(f"Invalid axis: {a}")
        if len(axes) != len(set(axes)):
            raise ValueError(f"Duplicate axis: {tuple(axes)}")
        self.axis = axes
        dims = TensorShape(input_shape).as_list()
        param_shape = [dims[a] for a in axes]
        self.gamma = self.add_weight("gamma", shape=param_shape,
                                     initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint,
                                     trainable=True) if self.scale else None
        self.beta = self.add_weight("beta", shape=param_shape,
                                    initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint,
                                    trainable=True) if self.center else None
        self.built = True

    def call(self, inputs):
        ndims = len(inputs.shape)
        shape = [inputs.shape[i].value if i in self.axis else 1 for i in range(ndims)]
        mean, variance = _op("nn.moments")(inputs, self.axis, keepdims=True)
        scale = None if self.gamma is None else _op("reshape")(self.gamma, shape)
        offset = None if self.beta is None else _op("reshape")(self.beta, shape)
        return _op("nn.batch_normalization")(inputs, mean, variance, offset, scale,
                                             self.epsilon)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return _merge(super().get_config(), {
            "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": serialize_keras_object(self.beta_regularizer),
            "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
            "beta_constraint": serialize_keras_object(self.beta_constraint),
            "gamma_constraint": serialize_keras_object(self.gamma_constraint)})
