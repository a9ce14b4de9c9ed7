"""Core layers (TF 1.15's `keras/layers/core.py`): Dense, Activation, Dropout, Masking,
Flatten, Reshape, Permute, RepeatVector, Lambda. Each computes with the op table's public functions, so
gradients and dtype rules come from the ops."""
import inspect

import numpy as np

from ... import initializers, regularizers
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import activations, backend
from ..engine.base_layer import Layer, set_mask
from ..engine.input_spec import InputSpec
from ..utils.generic_utils import serialize_keras_object

_op = backend.op
_matmul, _tensordot, _bias_add = _op("matmul"), _op("tensordot"), _op("nn.bias_add")
_cast, _reshape, _transpose = _op("cast"), _op("reshape"), _op("transpose")


def _merge(base, config):
    return dict(list(base.items()) + list(config.items()))


@export("keras.layers.Dense")
class Dense(Layer):
    """`activation(inputs . kernel + bias)`; inputs of rank > 2 contract their last axis."""

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        if "input_shape" not in kwargs and "input_dim" in kwargs:
            kwargs["input_shape"] = (kwargs.pop("input_dim"),)
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer),
                         **kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        dtype = dtypes.as_dtype(self.dtype or backend.floatx())
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError(f"Unable to build `Dense` layer with non-floating point dtype "
                            f"{dtype}")
        input_shape = TensorShape(input_shape)
        last_dim = input_shape[-1].value
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                             "Found `None`.")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, dtype=self.dtype,
                                      trainable=True)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units],
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, dtype=self.dtype,
                                        trainable=True)
        else:
            self.bias = None
        self.built = True

    def call(self, inputs):
        rank = inputs._rank()
        if rank > 2:
            outputs = _tensordot(inputs, self.kernel, [[rank - 1], [0]])
        else:
            outputs = _matmul(_cast(inputs, self.kernel.dtype), self.kernel)
        if self.use_bias:
            outputs = _bias_add(outputs, self.bias)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims is not None and input_shape.ndims < 2:
            raise ValueError(f"Shape {input_shape} must have rank at least 2")
        if input_shape[-1].value is None:
            raise ValueError(f"The innermost dimension of input_shape must be defined, but "
                             f"saw: {input_shape}")
        return input_shape[:-1].concatenate([self.units])

    def get_config(self):
        return _merge(super().get_config(), {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "kernel_constraint": serialize_keras_object(self.kernel_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint)})


@export("keras.layers.Activation")
class Activation(Layer):
    """Apply an activation function (by name or callable)."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return _merge(super().get_config(),
                      {"activation": activations.serialize(self.activation)})


@export("keras.layers.Dropout")
class Dropout(Layer):
    """Zero a fraction `rate` of the inputs and scale the rest by 1 / (1 - rate), only when
    training (`training=True`, or the learning phase set to 1); else an identity."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        return [inputs.shape[i].value if d is None else d
                for i, d in enumerate(self.noise_shape)]

    def call(self, inputs, training=None):
        if training is None:
            training = backend.learning_phase()
        if bool(training):
            return _op("nn.dropout")(inputs, noise_shape=self._get_noise_shape(inputs),
                                     seed=self.seed, rate=self.rate)
        return _op("identity")(inputs)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return _merge(super().get_config(), {"rate": self.rate, "noise_shape": self.noise_shape,
                                             "seed": self.seed})


@export("keras.layers.Masking")
class Masking(Layer):
    """Mark the time steps whose features all equal `mask_value` as padding: they are zeroed
    and the output's mask (over every axis but the last) is False there."""

    def __init__(self, mask_value=0., **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.mask_value = mask_value

    def compute_mask(self, inputs, mask=None):
        return _op("reduce_any")(_op("not_equal")(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = _op("reduce_any")(_op("not_equal")(inputs, self.mask_value), axis=-1,
                                 keepdims=True)
        outputs = inputs * _cast(keep, inputs.dtype)
        set_mask(outputs, _op("squeeze")(keep, axis=-1))  # output and mask made together
        return outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return _merge(super().get_config(), {"mask_value": self.mask_value})


def _normalize_data_format(value):
    value = backend.image_data_format() if value is None else value
    data_format = value.lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError("The `data_format` argument must be one of \"channels_first\", "
                         f"\"channels_last\". Received: {value}")
    return data_format


@export("keras.layers.Flatten")
class Flatten(Layer):
    """Reshape to (batch, -1); `channels_first` inputs are moved to channels-last first."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        ndim = len(inputs.shape)
        if self.data_format == "channels_first" and ndim > 1:
            inputs = _transpose(inputs, perm=[0] + list(range(2, ndim)) + [1])
        if ndim == 1:
            return _op("expand_dims")(inputs, 1)
        return _reshape(inputs, (inputs.shape[0].value, -1))

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if not dims:
            return TensorShape([1])
        rest = dims[1:]
        return TensorShape([dims[0], int(np.prod(rest)) if all(rest) else None])

    def get_config(self):
        return _merge(super().get_config(), {"data_format": self.data_format})


@export("keras.layers.Reshape")
class Reshape(Layer):
    """Reshape each example to `target_shape` (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _fix_unknown_dimension(self, input_shape, output_shape):
        output_shape = list(output_shape)
        msg = "total size of new array must be unchanged"
        known, unknown = 1, None
        for index, dim in enumerate(output_shape):
            if dim < 0:
                if unknown is not None:
                    raise ValueError("Can only specify one unknown dimension.")
                unknown = index
            else:
                known *= dim
        original = int(np.prod(input_shape, dtype=int))
        if unknown is not None:
            if known == 0 or original % known != 0:
                raise ValueError(msg)
            output_shape[unknown] = original // known
        elif original != known:
            raise ValueError(msg)
        return output_shape

    def call(self, inputs):
        return _reshape(inputs, (inputs.shape[0].value,) + self.target_shape)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if None in dims[1:]:
            rest = [None if d == -1 else d for d in self.target_shape]
        else:
            rest = self._fix_unknown_dimension(dims[1:], self.target_shape)
        return TensorShape([dims[0]] + rest)

    def get_config(self):
        return _merge(super().get_config(), {"target_shape": self.target_shape})


@export("keras.layers.Permute")
class Permute(Layer):
    """Permute the non-batch axes; `dims` counts from 1."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(f"Invalid permutation `dims` for Permute Layer: {dims}. The set "
                             "of indices in `dims` must be consecutive and start from 1.")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return _transpose(inputs, perm=(0,) + self.dims)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return TensorShape([dims[0]] + [dims[d] for d in self.dims])

    def get_config(self):
        return _merge(super().get_config(), {"dims": self.dims})


@export("keras.layers.RepeatVector")
class RepeatVector(Layer):
    """(batch, features) -> (batch, n, features)."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return _op("tile")(_op("expand_dims")(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return TensorShape([dims[0], self.n, dims[1]])

    def get_config(self):
        return _merge(super().get_config(), {"n": self.n})


@export("keras.layers.Lambda")
class Lambda(Layer):
    """Wrap a function of the inputs as a layer (`arguments` are passed as keywords, `mask`
    and `training` when the function takes them)."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape
        self.mask = mask
        self.supports_masking = mask is not None
        params = inspect.signature(function).parameters
        self._fn_takes = {name for name in ("mask", "training") if name in params}

    def call(self, inputs, mask=None, training=None):
        arguments = dict(self.arguments)
        if "mask" in self._fn_takes:
            arguments["mask"] = mask
        if "training" in self._fn_takes:
            arguments["training"] = training
        return self.function(inputs, **arguments)

    def compute_mask(self, inputs, mask=None):
        """`mask(inputs, mask)` when the layer was given a mask function, else the given mask
        value (None by default)."""
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return TensorShape(self._output_shape(input_shape))
        return TensorShape([TensorShape(input_shape)[0].value] + list(self._output_shape))

    def get_config(self):
        raise NotImplementedError("Lambda.get_config (marshalled Python code) is not "
                                  "supported by tfeager_compat")
