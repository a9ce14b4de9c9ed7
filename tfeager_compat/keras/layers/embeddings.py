"""`tf.keras.layers.Embedding` (TF 1.15): rows of an `embeddings` matrix looked up by integer
ids; `mask_zero` makes id 0 padding (`compute_mask`)."""
from ... import initializers, regularizers
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import backend
from ..engine.base_layer import Layer
from ..utils.generic_utils import serialize_keras_object

_op = backend.op


@export("keras.layers.Embedding")
class Embedding(Layer):
    """(batch, ...) integer ids -> (batch, ..., output_dim); weights are floatx unless
    `dtype` is given (the ids do not set it)."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, activity_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, input_length=None, **kwargs):
        if "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,) if input_length else (None,)
        kwargs.setdefault("dtype", backend.floatx())
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer),
                         **kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = embeddings_constraint
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.input_length = input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight("embeddings", shape=(self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint,
                                          dtype=self.dtype)
        self.built = True

    def call(self, inputs):
        if inputs.dtype not in (dtypes.int32, dtypes.int64):
            inputs = _op("cast")(inputs, dtypes.int32)
        return _op("nn.embedding_lookup")(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        """`inputs != 0` when `mask_zero`, else None."""
        if not self.mask_zero:
            return None
        return _op("not_equal")(inputs, 0)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if self.input_length is None:
            return TensorShape(dims + [self.output_dim])
        lengths = list(self.input_length) if isinstance(self.input_length, (list, tuple)) \
            else [self.input_length]
        if len(lengths) != len(dims) - 1:
            raise ValueError(f'"input_length" is {self.input_length}, but received input has '
                             f"shape {tuple(dims)}")
        for i, (given, seen) in enumerate(zip(lengths, dims[1:])):
            if given is not None and seen is not None and given != seen:
                raise ValueError(f'"input_length" is {self.input_length}, but received input '
                                 f"has shape {tuple(dims)}")
            if given is None:
                lengths[i] = seen
        return TensorShape([dims[0]] + lengths + [self.output_dim])

    def get_config(self):
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim, "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": serialize_keras_object(self.embeddings_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "embeddings_constraint": serialize_keras_object(self.embeddings_constraint),
            "mask_zero": self.mask_zero, "input_length": self.input_length})
        return config
