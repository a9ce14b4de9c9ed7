"""Pooling layers (TF 1.15's `keras/layers/pooling.py`): Max/Average pooling over 1, 2 or 3
spatial dimensions (strides default to the pool size), and the global poolings, under their
Keras names and the MaxPool2D-style aliases."""
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import backend
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from ..utils import conv_utils

_op = backend.op


def _merge(base, config):
    return dict(list(base.items()) + list(config.items()))


class Pooling(Layer):
    """Pooling over `rank` spatial dimensions with `pool_function` ("MAX" or "AVG")."""

    def __init__(self, rank, kind, pool_size, strides, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if data_format is None:
            data_format = backend.image_data_format()
        if strides is None:
            strides = pool_size
        self.rank = rank
        self._kind = kind
        self.pool_size = conv_utils.normalize_tuple(pool_size, rank, "pool_size")
        self.strides = conv_utils.normalize_tuple(strides, rank, "strides")
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def call(self, inputs):
        return _op("nn.pool")(inputs, self.pool_size, self._kind, self.padding.upper(),
                              strides=self.strides,
                              data_format=conv_utils.convert_data_format(self.data_format,
                                                                         self.rank + 2))

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        first = 2 if self.data_format == "channels_first" else 1
        for i in range(self.rank):
            dims[first + i] = conv_utils.conv_output_length(
                dims[first + i], self.pool_size[i], self.padding, self.strides[i])
        return TensorShape(dims)

    def get_config(self):
        return _merge(super().get_config(), {"pool_size": self.pool_size,
                                             "padding": self.padding, "strides": self.strides,
                                             "data_format": self.data_format})


def _pooling_class(rank, kind, names):
    default_size = 2 if rank == 1 else (2,) * rank

    class PoolingND(Pooling):
        def __init__(self, pool_size=default_size, strides=None, padding="valid",
                     data_format="channels_last" if rank == 1 else None, **kwargs):
            super().__init__(rank, kind, pool_size, strides, padding=padding,
                             data_format=data_format, **kwargs)

    PoolingND.__name__ = PoolingND.__qualname__ = names[0].split(".")[-1]
    PoolingND.__doc__ = (f"{rank}-D {'max' if kind == 'MAX' else 'average'} pooling; strides "
                         "default to `pool_size`.")
    return export(*names)(PoolingND)


MaxPooling1D = _pooling_class(1, "MAX", ["keras.layers.MaxPooling1D", "keras.layers.MaxPool1D"])
MaxPooling2D = _pooling_class(2, "MAX", ["keras.layers.MaxPooling2D", "keras.layers.MaxPool2D"])
MaxPooling3D = _pooling_class(3, "MAX", ["keras.layers.MaxPooling3D", "keras.layers.MaxPool3D"])
AveragePooling1D = _pooling_class(1, "AVG", ["keras.layers.AveragePooling1D",
                                             "keras.layers.AvgPool1D"])
AveragePooling2D = _pooling_class(2, "AVG", ["keras.layers.AveragePooling2D",
                                             "keras.layers.AvgPool2D"])
AveragePooling3D = _pooling_class(3, "AVG", ["keras.layers.AveragePooling3D",
                                             "keras.layers.AvgPool3D"])


class GlobalPooling(Layer):
    """The mean or max over every spatial position: (batch, ..., channels) -> (batch,
    channels)."""

    def __init__(self, rank, reduce, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self._reduce = reduce
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _axes(self):
        first = 2 if self.data_format == "channels_first" else 1
        return list(range(first, first + self.rank))

    def call(self, inputs):
        return _op(self._reduce)(inputs, axis=self._axes())

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        channels = dims[1] if self.data_format == "channels_first" else dims[-1]
        return TensorShape([dims[0], channels])

    def get_config(self):
        return _merge(super().get_config(), {"data_format": self.data_format})


class GlobalAveragePooling1D(GlobalPooling):
    """The mean over steps; with a mask, over the unmasked steps only (TF 1.15)."""

    def __init__(self, data_format="channels_last", **kwargs):
        super().__init__(1, "reduce_mean", data_format=data_format, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        steps = 2 if self.data_format == "channels_first" else 1
        weights = _op("cast")(mask, inputs.dtype)
        weights = _op("expand_dims")(weights, 1 if steps == 2 else 2)
        total = _op("reduce_sum")(inputs * weights, axis=steps)
        return total / _op("reduce_sum")(weights, axis=steps)

    def compute_mask(self, inputs, mask=None):
        """None: the steps are gone."""
        return None


export("keras.layers.GlobalAveragePooling1D", "keras.layers.GlobalAvgPool1D")(
    GlobalAveragePooling1D)


def _global_class(rank, reduce, names):
    class GlobalPoolingND(GlobalPooling):
        def __init__(self, data_format="channels_last" if rank == 1 else None, **kwargs):
            super().__init__(rank, reduce, data_format=data_format, **kwargs)

    GlobalPoolingND.__name__ = GlobalPoolingND.__qualname__ = names[0].split(".")[-1]
    GlobalPoolingND.__doc__ = (f"The {'max' if reduce == 'reduce_max' else 'mean'} over the "
                               f"{rank} spatial dimensions.")
    return export(*names)(GlobalPoolingND)


GlobalMaxPooling1D = _global_class(1, "reduce_max", ["keras.layers.GlobalMaxPooling1D",
                                                     "keras.layers.GlobalMaxPool1D"])
GlobalAveragePooling2D = _global_class(2, "reduce_mean", ["keras.layers.GlobalAveragePooling2D",
                                                          "keras.layers.GlobalAvgPool2D"])
GlobalMaxPooling2D = _global_class(2, "reduce_max", ["keras.layers.GlobalMaxPooling2D",
                                                     "keras.layers.GlobalMaxPool2D"])
GlobalAveragePooling3D = _global_class(3, "reduce_mean", ["keras.layers.GlobalAveragePooling3D",
                                                          "keras.layers.GlobalAvgPool3D"])
GlobalMaxPooling3D = _global_class(3, "reduce_max", ["keras.layers.GlobalMaxPooling3D",
                                                     "keras.layers.GlobalMaxPool3D"])
