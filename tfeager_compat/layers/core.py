"""`tf.layers` as TF 1.15 has it in eager mode: the Keras layers with TF1's defaults.

- Variables come from `tf.get_variable` under a variable scope named after the layer
  (`dense/kernel:0`, `outer/dense/kernel:0`), so a `None` initializer means the variable
  scope's default (glorot_uniform), and inside an `EagerVariableStore` a layer of the same
  name shares them.
- `Dropout` and `BatchNormalization` run in inference mode unless called with
  `training=True` (the learning phase is not read).
- The functions (`tf.layers.dense(inputs, units)`, ...) build a new layer on every call, as
  TF1's do in eager mode: new variables each time, unless an `EagerVariableStore` is active
  and `name` is given.
"""
from .. import variable_scope as vs
from ..framework import dtypes
from ..ops.registry import EXPORTS, export
from ..keras import backend
from ..keras.engine import base_layer
from ..keras.layers import convolutional, core, normalization, pooling


@export("layers.Layer")
class Layer(base_layer.Layer):
    """`tf.layers.Layer`: a Keras layer whose weights are `tf.get_variable`s in the layer's
    variable scope, captured at its first call: `name` (or the class's snake-case name) made
    unique in the enclosing variable scope, or exactly `name` for the functional forms."""

    def __init__(self, *args, **kwargs):
        object.__setattr__(self, "_scope_name", kwargs.pop("_scope", None))
        object.__setattr__(self, "_base_name", kwargs.get("name") or base_layer.to_snake_case(
            type(self).__name__))
        object.__setattr__(self, "_variable_scope", None)
        super().__init__(*args, **kwargs)

    def _weight_scope(self):
        if self._variable_scope is None:
            name = self._scope_name
            with (vs.variable_scope(name) if name else
                  vs.variable_scope(None, default_name=self._base_name)) as scope:
                object.__setattr__(self, "_variable_scope", scope)
        return self._variable_scope

    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=None, constraint=None, partitioner=None, use_resource=None,
                   synchronization=None, aggregation=None, getter=None, **kwargs):
        dtype = dtypes.as_dtype(dtype or self.dtype or backend.floatx())
        with vs.variable_scope(self._weight_scope()):
            variable = vs.get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                       trainable=True if trainable is None else trainable,
                                       constraint=constraint, partitioner=partitioner)
        self._add_own_variable(variable)
        if regularizer is not None:
            self._callable_losses.append(lambda: regularizer(variable))
        return variable

    add_variable = add_weight


def _zeros():
    return EXPORTS["zeros_initializer"]()


def _ones():
    return EXPORTS["ones_initializer"]()


@export("layers.Dense")
class Dense(Layer, core.Dense):
    """`tf.layers.Dense`: kernel_initializer None (the variable scope's default)."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=None, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 trainable=True, name=None, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer or _zeros(),
                         kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                         trainable=trainable, name=name, **kwargs)


def _conv_class(keras_class, name, rank):
    class TFConv(Layer, keras_class):
        def __init__(self, filters, kernel_size, strides=(1,) * rank, padding="valid",
                     data_format="channels_last", dilation_rate=(1,) * rank, activation=None,
                     use_bias=True, kernel_initializer=None, bias_initializer=None,
                     kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                     **kwargs):
            super().__init__(filters, kernel_size, strides=strides, padding=padding,
                             data_format=data_format, dilation_rate=dilation_rate,
                             activation=activation, use_bias=use_bias,
                             kernel_initializer=kernel_initializer,
                             bias_initializer=bias_initializer or _zeros(),
                             kernel_regularizer=kernel_regularizer,
                             bias_regularizer=bias_regularizer,
                             activity_regularizer=activity_regularizer,
                             kernel_constraint=kernel_constraint,
                             bias_constraint=bias_constraint, trainable=trainable, name=name,
                             **kwargs)

    TFConv.__name__ = TFConv.__qualname__ = name
    TFConv.__init__.__qualname__ = f"{name}.__init__"
    TFConv.__doc__ = f"`tf.layers.{name}` (channels_last by default)."
    return export(f"layers.{name}", f"layers.Convolution{name[4:]}")(TFConv)


Conv1D = _conv_class(convolutional.Conv1D, "Conv1D", 1)
Conv2D = _conv_class(convolutional.Conv2D, "Conv2D", 2)
Conv3D = _conv_class(convolutional.Conv3D, "Conv3D", 3)
Conv2DTranspose = _conv_class(convolutional.Conv2DTranspose, "Conv2DTranspose", 2)


def _pool_class(keras_class, names):
    class TFPooling(Layer, keras_class):
        def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                     name=None, **kwargs):
            super().__init__(pool_size=pool_size, strides=strides, padding=padding,
                             data_format=data_format, name=name, **kwargs)

    TFPooling.__name__ = TFPooling.__qualname__ = names[0]
    TFPooling.__init__.__qualname__ = f"{names[0]}.__init__"
    TFPooling.__doc__ = f"`tf.layers.{names[0]}`: `pool_size` and `strides` are required."
    return export(*[f"layers.{n}" for n in names])(TFPooling)


MaxPooling1D = _pool_class(pooling.MaxPooling1D, ["MaxPooling1D", "MaxPool1D"])
MaxPooling2D = _pool_class(pooling.MaxPooling2D, ["MaxPooling2D", "MaxPool2D"])
MaxPooling3D = _pool_class(pooling.MaxPooling3D, ["MaxPooling3D", "MaxPool3D"])
AveragePooling1D = _pool_class(pooling.AveragePooling1D, ["AveragePooling1D", "AvgPool1D"])
AveragePooling2D = _pool_class(pooling.AveragePooling2D, ["AveragePooling2D", "AvgPool2D"])
AveragePooling3D = _pool_class(pooling.AveragePooling3D, ["AveragePooling3D", "AvgPool3D"])


@export("layers.Dropout")
class Dropout(Layer, core.Dropout):
    """`tf.layers.Dropout`: rate 0.5; active only with `training=True`."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(rate=rate, noise_shape=noise_shape, seed=seed, name=name, **kwargs)

    def call(self, inputs, training=False):
        return super().call(inputs, training=training)


@export("layers.Flatten")
class Flatten(Layer, core.Flatten):
    """`tf.layers.Flatten`."""


@export("layers.BatchNormalization")
class BatchNormalization(Layer, normalization.BatchNormalization):
    """`tf.layers.BatchNormalization`: inference unless called with `training=True`."""

    def call(self, inputs, training=False):
        return super().call(inputs, training=training)


def _apply(layer, inputs, **call_kwargs):
    return layer(inputs, **call_kwargs)


@export("layers.dense")
def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=None, kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
          trainable=True, name=None, reuse=None):
    """`tf.layers.dense`: a new `tf.layers.Dense` applied to `inputs`."""
    return _apply(Dense(units, activation=activation, use_bias=use_bias,
                        kernel_initializer=kernel_initializer,
                        bias_initializer=bias_initializer,
                        kernel_regularizer=kernel_regularizer,
                        bias_regularizer=bias_regularizer,
                        activity_regularizer=activity_regularizer,
                        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                        trainable=trainable, name=name, _scope=name), inputs)


def _conv_function(cls, name, rank):
    def conv(inputs, filters, kernel_size, strides=(1,) * rank, padding="valid",
             data_format="channels_last", dilation_rate=(1,) * rank, activation=None,
             use_bias=True, kernel_initializer=None, bias_initializer=None,
             kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
             kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
             reuse=None):
        return _apply(cls(filters, kernel_size, strides=strides, padding=padding,
                          data_format=data_format, dilation_rate=dilation_rate,
                          activation=activation, use_bias=use_bias,
                          kernel_initializer=kernel_initializer,
                          bias_initializer=bias_initializer,
                          kernel_regularizer=kernel_regularizer,
                          bias_regularizer=bias_regularizer,
                          activity_regularizer=activity_regularizer,
                          kernel_constraint=kernel_constraint,
                          bias_constraint=bias_constraint, trainable=trainable, name=name,
                          _scope=name), inputs)

    conv.__name__ = conv.__qualname__ = name
    conv.__doc__ = f"`tf.layers.{name}`: a new `tf.layers.{cls.__name__}` applied to `inputs`."
    return export(f"layers.{name}")(conv)


conv1d = _conv_function(Conv1D, "conv1d", 1)
conv2d = _conv_function(Conv2D, "conv2d", 2)
conv3d = _conv_function(Conv3D, "conv3d", 3)


@export("layers.conv2d_transpose")
def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", activation=None, use_bias=True,
                     kernel_initializer=None, bias_initializer=None, kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """`tf.layers.conv2d_transpose`: a new `tf.layers.Conv2DTranspose` applied to `inputs`."""
    return _apply(Conv2DTranspose(filters, kernel_size, strides=strides, padding=padding,
                                  data_format=data_format, activation=activation,
                                  use_bias=use_bias, kernel_initializer=kernel_initializer,
                                  bias_initializer=bias_initializer,
                                  kernel_regularizer=kernel_regularizer,
                                  bias_regularizer=bias_regularizer,
                                  activity_regularizer=activity_regularizer,
                                  kernel_constraint=kernel_constraint,
                                  bias_constraint=bias_constraint, trainable=trainable,
                                  name=name, _scope=name), inputs)


def _pool_function(cls, name):
    def pool(inputs, pool_size, strides, padding="valid", data_format="channels_last",
             name=None):
        return _apply(cls(pool_size, strides, padding=padding, data_format=data_format,
                          name=name), inputs)

    pool.__name__ = pool.__qualname__ = name
    pool.__doc__ = f"`tf.layers.{name}`: a new `tf.layers.{cls.__name__}` applied to `inputs`."
    return export(f"layers.{name}")(pool)


max_pooling1d = _pool_function(MaxPooling1D, "max_pooling1d")
max_pooling2d = _pool_function(MaxPooling2D, "max_pooling2d")
max_pooling3d = _pool_function(MaxPooling3D, "max_pooling3d")
average_pooling1d = _pool_function(AveragePooling1D, "average_pooling1d")
average_pooling2d = _pool_function(AveragePooling2D, "average_pooling2d")
average_pooling3d = _pool_function(AveragePooling3D, "average_pooling3d")


@export("layers.dropout")
def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """`tf.layers.dropout`: dropout only when `training` is True."""
    return _apply(Dropout(rate, noise_shape=noise_shape, seed=seed, name=name), inputs,
                  training=training)


@export("layers.flatten")
def flatten(inputs, name=None, data_format="channels_last"):
    """`tf.layers.flatten`: (batch, ...) -> (batch, -1)."""
    return _apply(Flatten(name=name, data_format=data_format), inputs)


@export("layers.batch_normalization")
def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=None, gamma_initializer=None,
                        moving_mean_initializer=None, moving_variance_initializer=None,
                        beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                        gamma_constraint=None, training=False, trainable=True, name=None,
                        reuse=None, renorm=False, renorm_clipping=None, renorm_momentum=0.99,
                        fused=None, virtual_batch_size=None, adjustment=None):
    """`tf.layers.batch_normalization`: a new `tf.layers.BatchNormalization` applied to
    `inputs`; the moving statistics move only when `training` is True."""
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer or _zeros(),
        gamma_initializer=gamma_initializer or _ones(),
        moving_mean_initializer=moving_mean_initializer or _zeros(),
        moving_variance_initializer=moving_variance_initializer or _ones(),
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
        beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
        renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
        trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
        name=name, _scope=name)
    return _apply(layer, inputs, training=training)
