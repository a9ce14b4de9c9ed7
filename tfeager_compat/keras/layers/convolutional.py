"""Convolution layers (TF 1.15's `keras/layers/convolutional.py`): Conv1D/2D/3D,
Conv2DTranspose, SeparableConv2D, DepthwiseConv2D, and the shape layers ZeroPadding1D/2D,
Cropping2D, UpSampling1D/2D.

Weights are TF1's (`conv2d/kernel:0` of shape kernel_size + (in, filters), `bias:0`);
`channels_first` runs the op table's NC... layouts; Conv1D's "causal" padding pads the start.
"""
from ... import initializers, regularizers
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import activations, backend
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from ..utils import conv_utils
from ..utils.generic_utils import serialize_keras_object

_op = backend.op
_convolution, _bias_add, _pad = _op("nn.convolution"), _op("nn.bias_add"), _op("pad")


def _merge(base, config):
    return dict(list(base.items()) + list(config.items()))


def _channel_axis(data_format):
    return 1 if data_format == "channels_first" else -1


def _input_channels(input_shape, data_format, message):
    channels = TensorShape(input_shape)[_channel_axis(data_format)].value
    if channels is None:
        raise ValueError(message)
    return channels


def _window_strides(strides, data_format):
    return (1, 1) + strides if data_format == "channels_first" else (1,) + strides + (1,)


class Conv(Layer):
    """The N-D convolution layers' base: `activation(conv(inputs, kernel) + bias)`."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        self.rank = rank
        if filters is not None and not isinstance(filters, int):
            filters = int(filters)
        self.filters = filters
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = conv_utils.normalize_tuple(strides, rank, "strides")
        self.padding = conv_utils.normalize_padding(padding)
        if self.padding == "causal" and not isinstance(self, Conv1D):
            raise ValueError("Causal padding is only supported for `Conv1D`and "
                             "``SeparableConv1D`.")
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, rank, "dilation_rate")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.input_spec = InputSpec(ndim=rank + 2)

    def _layout(self):
        return conv_utils.convert_data_format(self.data_format, self.rank + 2)

    def build(self, input_shape):
        channels = _input_channels(input_shape, self.data_format, "The channel dimension of "
                                   "the inputs should be defined. Found `None`.")
        self.kernel = self.add_weight("kernel", shape=self.kernel_size + (channels, self.filters),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True,
                                      dtype=self.dtype)
        self._build_bias(self.filters)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={_channel_axis(self.data_format): channels})
        self.built = True

    def _build_bias(self, size):
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=(size,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, trainable=True,
                                        dtype=self.dtype)
        else:
            self.bias = None

    def call(self, inputs):
        padding = self.padding
        if padding == "causal":
            inputs = _pad(inputs, self._causal_padding())
            padding = "valid"
        outputs = _convolution(inputs, self.kernel, padding=padding.upper(),
                               strides=self.strides, dilation_rate=self.dilation_rate,
                               data_format=self._layout())
        return self._finish(outputs)

    def _finish(self, outputs):
        if self.use_bias:
            outputs = _bias_add(outputs, self.bias, data_format="NCHW"
                                if self.data_format == "channels_first" else "NHWC")
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def _causal_padding(self):
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        if self.data_format == "channels_first":
            return [[0, 0], [0, 0], [left, 0]]
        return [[0, 0], [left, 0], [0, 0]]

    def _spatial_output(self, space):
        return [conv_utils.conv_output_length(length, self.kernel_size[i], self.padding,
                                              self.strides[i], self.dilation_rate[i])
                for i, length in enumerate(space)]

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if self.data_format == "channels_last":
            return TensorShape([dims[0]] + self._spatial_output(dims[1:-1]) + [self.filters])
        return TensorShape([dims[0], self.filters] + self._spatial_output(dims[2:]))

    def get_config(self):
        return _merge(super().get_config(), {
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "kernel_constraint": serialize_keras_object(self.kernel_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint)})


def _conv_class(rank, export_names, default_format_doc):
    class ConvN(Conv):
        def __init__(self, filters, kernel_size, strides=(1,) * rank, padding="valid",
                     data_format=None if rank > 1 else "channels_last",
                     dilation_rate=(1,) * rank, activation=None, use_bias=True,
                     kernel_initializer="glorot_uniform", bias_initializer="zeros",
                     kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     kernel_constraint=None, bias_constraint=None, **kwargs):
            super().__init__(rank, filters, kernel_size, strides=strides, padding=padding,
                             data_format=data_format, dilation_rate=dilation_rate,
                             activation=activation, use_bias=use_bias,
                             kernel_initializer=kernel_initializer,
                             bias_initializer=bias_initializer,
                             kernel_regularizer=kernel_regularizer,
                             bias_regularizer=bias_regularizer,
                             activity_regularizer=activity_regularizer,
                             kernel_constraint=kernel_constraint,
                             bias_constraint=bias_constraint, **kwargs)

    ConvN.__name__ = ConvN.__qualname__ = export_names[0].split(".")[-1]
    ConvN.__doc__ = f"{rank}-D convolution over {default_format_doc} inputs."
    return export(*export_names)(ConvN)


Conv1D = _conv_class(1, ["keras.layers.Conv1D", "keras.layers.Convolution1D"],
                     "(batch, steps, channels)")
Conv2D = _conv_class(2, ["keras.layers.Conv2D", "keras.layers.Convolution2D"],
                     "(batch, rows, cols, channels)")
Conv3D = _conv_class(3, ["keras.layers.Conv3D", "keras.layers.Convolution3D"],
                     "(batch, depth, rows, cols, channels)")


@export("keras.layers.Conv2DTranspose", "keras.layers.Convolution2DTranspose")
class Conv2DTranspose(Conv):
    """The transpose of Conv2D (the gradient of a convolution with respect to its input);
    the kernel is (rows, cols, filters, in_channels)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 output_padding=None, data_format=None, dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(2, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                         **kwargs)
        self.output_padding = output_padding
        if output_padding is not None:
            self.output_padding = conv_utils.normalize_tuple(output_padding, 2,
                                                             "output_padding")
            for stride, pad in zip(self.strides, self.output_padding):
                if pad >= stride:
                    raise ValueError(f"Stride {self.strides} must be greater than output "
                                     f"padding {self.output_padding}")

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims != 4:
            raise ValueError(f"Inputs should have rank 4. Received input shape: {input_shape}")
        channels = _input_channels(input_shape, self.data_format, "The channel dimension of "
                                   "the inputs should be defined. Found `None`.")
        self.input_spec = InputSpec(ndim=4, axes={_channel_axis(self.data_format): channels})
        self.kernel = self.add_weight("kernel", shape=self.kernel_size + (self.filters, channels),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True,
                                      dtype=self.dtype)
        self._build_bias(self.filters)
        self.built = True

    def _spatial_output(self, space):
        pads = self.output_padding or (None, None)
        return [conv_utils.deconv_output_length(length, self.kernel_size[i], self.padding,
                                                pads[i], self.strides[i], self.dilation_rate[i])
                for i, length in enumerate(space)]

    def call(self, inputs):
        shape = self.compute_output_shape(inputs.shape).as_list()
        outputs = _op("nn.conv2d_transpose")(
            inputs, self.kernel, shape, _window_strides(self.strides, self.data_format),
            padding=self.padding.upper(), data_format=self._layout(),
            dilations=_window_strides(self.dilation_rate, self.data_format))
        return self._finish(outputs)

    def get_config(self):
        return _merge(super().get_config(), {"output_padding": self.output_padding})


@export("keras.layers.SeparableConv2D", "keras.layers.SeparableConvolution2D")
class SeparableConv2D(Conv):
    """A depthwise convolution (`depth_multiplier` filters per input channel), then a 1x1
    convolution to `filters` channels."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(2, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = depthwise_constraint
        self.pointwise_constraint = pointwise_constraint

    def build(self, input_shape):
        channels = _input_channels(input_shape, self.data_format, "The channel dimension of "
                                   "the inputs should be defined. Found `None`.")
        self.input_spec = InputSpec(ndim=4, axes={_channel_axis(self.data_format): channels})
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True, dtype=self.dtype)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", shape=(1, 1, self.depth_multiplier * channels, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, trainable=True, dtype=self.dtype)
        self._build_bias(self.filters)
        self.built = True

    def call(self, inputs):
        outputs = _op("nn.separable_conv2d")(
            inputs, self.depthwise_kernel, self.pointwise_kernel,
            strides=_window_strides(self.strides, self.data_format),
            padding=self.padding.upper(), rate=self.dilation_rate, data_format=self._layout())
        return self._finish(outputs)

    def get_config(self):
        config = super().get_config()
        for key in ("kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            del config[key]
        return _merge(config, {
            "depth_multiplier": self.depth_multiplier,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
            "depthwise_regularizer": serialize_keras_object(self.depthwise_regularizer),
            "pointwise_regularizer": serialize_keras_object(self.pointwise_regularizer),
            "depthwise_constraint": serialize_keras_object(self.depthwise_constraint),
            "pointwise_constraint": serialize_keras_object(self.pointwise_constraint)})


@export("keras.layers.DepthwiseConv2D")
class DepthwiseConv2D(Conv):
    """Each input channel convolved with its own `depth_multiplier` filters."""

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(2, None, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = depthwise_constraint

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims is not None and input_shape.ndims < 4:
            raise ValueError("Inputs to `DepthwiseConv2D` should have rank 4. Received input "
                             "shape:", str(input_shape))
        channels = _input_channels(input_shape, self.data_format, "The channel dimension of "
                                   "the inputs to `DepthwiseConv2D` should be defined. "
                                   "Found `None`.")
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True, dtype=self.dtype)
        self._build_bias(channels * self.depth_multiplier)
        self.input_spec = InputSpec(ndim=4, axes={_channel_axis(self.data_format): channels})
        self.built = True

    def call(self, inputs):
        outputs = _op("nn.depthwise_conv2d")(
            inputs, self.depthwise_kernel, _window_strides(self.strides, self.data_format),
            self.padding.upper(), rate=self.dilation_rate, data_format=self._layout())
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        first = self.data_format == "channels_first"
        channels = dims[1] if first else dims[3]
        out = None if channels is None else channels * self.depth_multiplier
        space = self._spatial_output(dims[2:] if first else dims[1:3])
        return TensorShape([dims[0], out] + space if first else [dims[0]] + space + [out])

    def get_config(self):
        config = super().get_config()
        for key in ("filters", "kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            del config[key]
        return _merge(config, {
            "depth_multiplier": self.depth_multiplier,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "depthwise_regularizer": serialize_keras_object(self.depthwise_regularizer),
            "depthwise_constraint": serialize_keras_object(self.depthwise_constraint)})


# ---- shape layers ----------------------------------------------------------------------------
def _pairs(value, name):
    """ZeroPadding2D/Cropping2D's argument: an int, two ints, or two pairs."""
    if isinstance(value, int):
        return ((value, value), (value, value))
    if hasattr(value, "__len__"):
        if len(value) != 2:
            raise ValueError(f"`{name}` should have two elements. Found: {value}")
        return (conv_utils.normalize_tuple(value[0], 2, f"1st entry of {name}"),
                conv_utils.normalize_tuple(value[1], 2, f"2nd entry of {name}"))
    unit = "pad" if name == "padding" else "crop"
    raise ValueError(f"`{name}` should be either an int, a tuple of 2 ints (symmetric_height_"
                     f"{unit}, symmetric_width_{unit}), or a tuple of 2 tuples of 2 ints "
                     f"((top_{unit}, bottom_{unit}), (left_{unit}, right_{unit})). "
                     f"Found: {value}")


def _add(length, extra):
    return None if length is None else length + extra


@export("keras.layers.ZeroPadding1D")
class ZeroPadding1D(Layer):
    """Zeros added before and after the steps of (batch, steps, features)."""

    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        self.padding = conv_utils.normalize_tuple(padding, 2, "padding")
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return _pad(inputs, [[0, 0], list(self.padding), [0, 0]])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return TensorShape([dims[0], _add(dims[1], sum(self.padding)), dims[2]])

    def get_config(self):
        return _merge(super().get_config(), {"padding": self.padding})


@export("keras.layers.ZeroPadding2D")
class ZeroPadding2D(Layer):
    """Zero rows and columns added around images."""

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.padding = _pairs(padding, "padding")
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        rows, cols = list(self.padding[0]), list(self.padding[1])
        if self.data_format == "channels_first":
            return _pad(inputs, [[0, 0], [0, 0], rows, cols])
        return _pad(inputs, [[0, 0], rows, cols, [0, 0]])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        first = 2 if self.data_format == "channels_first" else 1
        for i in range(2):
            dims[first + i] = _add(dims[first + i], sum(self.padding[i]))
        return TensorShape(dims)

    def get_config(self):
        return _merge(super().get_config(), {"padding": self.padding,
                                             "data_format": self.data_format})


@export("keras.layers.Cropping2D")
class Cropping2D(Layer):
    """Rows and columns cut from the edges of images."""

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.cropping = _pairs(cropping, "cropping")
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        (top, bottom), (left, right) = self.cropping
        rows = slice(top, -bottom if bottom else None)
        cols = slice(left, -right if right else None)
        if self.data_format == "channels_first":
            return inputs[:, :, rows, cols]
        return inputs[:, rows, cols, :]

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        first = 2 if self.data_format == "channels_first" else 1
        for i in range(2):
            dims[first + i] = _add(dims[first + i], -sum(self.cropping[i]))
        return TensorShape(dims)

    def get_config(self):
        return _merge(super().get_config(), {"cropping": self.cropping,
                                             "data_format": self.data_format})


def _repeat(x, times, axis):
    return x if times == 1 else _op("repeat")(x, times, axis=axis)


@export("keras.layers.UpSampling1D")
class UpSampling1D(Layer):
    """Each step of (batch, steps, features) repeated `size` times."""

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return _repeat(inputs, self.size, 1)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return TensorShape([dims[0], None if dims[1] is None else dims[1] * self.size,
                            dims[2]])

    def get_config(self):
        return _merge(super().get_config(), {"size": self.size})


@export("keras.layers.UpSampling2D")
class UpSampling2D(Layer):
    """Rows and columns repeated `size` times ("nearest"), or resized bilinearly."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.size = conv_utils.normalize_tuple(size, 2, "size")
        if interpolation not in {"nearest", "bilinear"}:
            raise ValueError("`interpolation` argument should be one of `\"nearest\"` or "
                             "`\"bilinear\"`.")
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        first = 2 if self.data_format == "channels_first" else 1
        if self.interpolation == "nearest":
            return _repeat(_repeat(inputs, self.size[0], first), self.size[1], first + 1)
        if first == 2:
            inputs = _op("transpose")(inputs, [0, 2, 3, 1])
        dims = inputs.shape.as_list()
        outputs = _op("image.resize_bilinear")(
            inputs, [dims[1] * self.size[0], dims[2] * self.size[1]])
        return _op("transpose")(outputs, [0, 3, 1, 2]) if first == 2 else outputs

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        first = 2 if self.data_format == "channels_first" else 1
        for i in range(2):
            if dims[first + i] is not None:
                dims[first + i] *= self.size[i]
        return TensorShape(dims)

    def get_config(self):
        return _merge(super().get_config(), {"size": self.size, "data_format": self.data_format,
                                             "interpolation": self.interpolation})
