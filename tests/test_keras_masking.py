"""Keras mask propagation as TF 1.15 does it: Embedding(mask_zero) and Masking make masks,
layers that support masking pass them on, RNNs and GlobalAveragePooling1D consume them, in
direct calls, Sequential, functional and subclassed models. Values are what TensorFlow printed
(weights w = 0.5 * cos(0.37 * arange(w.size)), reshaped, assigned in `model.weights` order),
rounded to 5 decimals. A mask is read with `get_mask` (TF's `tensor._keras_mask`).
"""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.keras.engine.base_layer import get_mask

L = tf.keras.layers
Z = dict(kernel_initializer="zeros", recurrent_initializer="zeros")
IDS = np.array([[3, 1, 0, 0], [2, 0, 4, 1]])
IDS_MASK = [[True, True, False, False], [True, False, True, True]]
SEQ = np.array([[[1., 2.], [0., 0.], [3., -1.]], [[0., 0.], [0.5, 0.5], [0., 0.]]], np.float32)


def fill(model):
    for w in model.weights:
        w.assign(0.5 * np.cos(0.37 * np.arange(int(np.prod(w.shape.as_list()))))
                 .reshape(w.shape.as_list()).astype(np.float32))
    return model


def mask_of(tensor):
    mask = get_mask(tensor)
    return None if mask is None else mask.numpy().tolist()


def test_embedding_makes_a_mask_that_masking_layers_pass_on():
    y = L.Embedding(5, 3, mask_zero=True)(IDS)
    assert mask_of(y) == IDS_MASK and get_mask(y).dtype == tf.bool
    assert mask_of(L.Dense(2)(y)) == IDS_MASK
    assert mask_of(L.Activation("relu")(L.Dropout(0.5)(y))) == IDS_MASK
    assert mask_of(L.Add()([y, y])) == IDS_MASK
    assert mask_of(L.Flatten()(y)) is None  # does not support masking: dropped
    assert mask_of(L.Embedding(5, 3)(IDS)) is None


@pytest.mark.parametrize("make, masks", [
    (lambda: L.LSTM(2, return_sequences=True, **Z), [IDS_MASK]),
    (lambda: L.LSTM(2, **Z), [None]),
    (lambda: L.GRU(2, return_sequences=True, return_state=True, **Z), [IDS_MASK, None]),
    (lambda: L.LSTM(2, return_state=True, **Z), [None, None, None]),
    (lambda: L.GlobalAveragePooling1D(), [None]),
])
def test_output_masks_of_consuming_layers(make, masks):
    outputs = make()(L.Embedding(5, 3, mask_zero=True)(IDS))
    outputs = outputs if isinstance(outputs, list) else [outputs]
    assert [mask_of(o) for o in outputs] == masks


@pytest.mark.parametrize("value, outputs, mask", [
    (0., [[[1., 2.], [0., 0.], [3., -1.]], [[0., 0.], [0.5, 0.5], [0., 0.]]],
     [[True, False, True], [False, True, False]]),
    (0.5, [[[1., 2.], [0., 0.], [3., -1.]], [[0., 0.], [0., 0.], [0., 0.]]],
     [[True, True, True], [True, False, True]]),
])
def test_masking_layer(value, outputs, mask):
    layer = L.Masking(value)
    y = layer(SEQ)
    np.testing.assert_array_equal(y.numpy(), outputs)
    assert mask_of(y) == mask
    assert layer.compute_mask(tf.constant(SEQ)).numpy().tolist() == mask
    assert layer.get_config()["mask_value"] == value


def test_global_average_pooling_1d_averages_unmasked_steps():
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 4, 3))
    layer = L.GlobalAveragePooling1D()
    np.testing.assert_allclose(layer(x).numpy(), [[4.5, 5.5, 6.5], [16.5, 17.5, 18.5]])
    np.testing.assert_allclose(layer(x, mask=tf.constant(IDS_MASK)).numpy(),
                               [[1.5, 2.5, 3.5], [17., 18., 19.]])


def test_lambda_mask_argument():
    y = L.Embedding(5, 3, mask_zero=True)(IDS)
    out = L.Lambda(lambda x: x * 2, mask=lambda x, m: tf.logical_not(m))(y)
    assert mask_of(out) == [[False, False, True, True], [False, True, False, False]]
    assert mask_of(L.Lambda(lambda x: x * 2)(y)) is None


class _Custom(L.Layer):
    def __init__(self):
        super().__init__()
        self.supports_masking = True
        self.seen = []

    def call(self, x, mask=None):
        self.seen.append(None if mask is None else mask.numpy().tolist())
        return x + 1.


def test_custom_layer_gets_its_inputs_mask_and_passes_it_on():
    layer = _Custom()
    out = layer(L.Embedding(5, 3, mask_zero=True)(IDS))
    assert layer.seen == [IDS_MASK] and mask_of(out) == IDS_MASK
    out = layer(tf.ones((1, 2)), mask=tf.constant([[True, False]]))
    assert layer.seen[-1] == [[True, False]] and mask_of(out) == [[True, False]]
    layer(tf.ones((1, 2)))
    assert layer.seen[-1] is None


def test_compute_mask_defaults():
    y = L.Embedding(5, 3, mask_zero=True)(IDS)
    assert L.Dense(2).compute_mask(y, None) is None
    assert L.Dense(2).compute_mask(y, get_mask(y)) is get_mask(y)
    assert L.Flatten().compute_mask(y, None) is None
    with pytest.raises(TypeError, match="^Layer flatten_1 does not support masking, but was "
                                        "passed an input_mask: tf.Tensor"):
        L.Flatten(name="flatten_1").compute_mask(y, get_mask(y))


def test_sequential_model():
    model = tf.keras.Sequential([L.Embedding(5, 3, mask_zero=True), L.LSTM(2, **Z), L.Dense(1)])
    model(IDS)
    fill(model)
    np.testing.assert_allclose(model(IDS).numpy(), [[0.47876], [0.47862]], atol=2e-5)


def test_static_sequential_with_pooling():
    model = tf.keras.Sequential([L.Embedding(5, 3, mask_zero=True, input_length=4),
                                 L.GRU(2, return_sequences=True, **Z),
                                 L.GlobalAveragePooling1D()])
    fill(model)
    out = model(IDS)
    np.testing.assert_allclose(out.numpy(), [[0.01779, -0.07795], [0.02623, -0.08752]],
                               atol=2e-5)
    assert get_mask(out) is None


def test_masking_layer_into_lstm_and_a_mask_given_to_the_model():
    model = tf.keras.Sequential([L.Masking(), L.LSTM(2, return_sequences=True, **Z)])
    model(SEQ)
    fill(model)
    np.testing.assert_allclose(model(SEQ).numpy(), [
        [[-0.04157, -0.04121], [-0.04157, -0.04121], [0.04838, -0.04486]],
        [[0., 0.], [0.00019, -0.04345], [0.00019, -0.04345]]], atol=2e-5)
    model = tf.keras.Sequential([L.LSTM(2, **Z)])
    model(SEQ)
    fill(model)
    out = model(SEQ, mask=np.array([[True, False, True], [True, True, False]]))
    np.testing.assert_allclose(out.numpy(), [[0.04838, -0.04486], [0.00819, -0.06163]],
                               atol=2e-5)


def test_functional_model():
    inputs = tf.keras.Input(shape=(4,), dtype="int32")
    embedded = L.Embedding(5, 3, mask_zero=True)(inputs)
    mask = get_mask(embedded)
    assert mask.shape.as_list() == [None, 4] and mask.dtype == tf.bool
    seq = L.SimpleRNN(2, return_sequences=True, **Z)(embedded)
    dense = L.Dense(2)(seq)
    assert get_mask(seq) is mask and get_mask(dense) is mask
    last = L.LSTM(2, **Z)(dense)
    assert get_mask(last) is None and get_mask(inputs) is None
    model = tf.keras.Model(inputs, last)
    model(IDS)
    fill(model)
    np.testing.assert_allclose(model(IDS).numpy(), [[-0.00554, -0.07845], [-0.00975, -0.0982]],
                               atol=2e-5)


class _Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.emb = L.Embedding(5, 3, mask_zero=True)
        self.rnn = L.GRU(2, return_sequences=True, **Z)

    def call(self, x):
        return self.rnn(self.emb(x))


def test_subclassed_model():
    model = _Net()
    model(IDS)
    fill(model)
    out = model(IDS)
    a, b = [0.02609, -0.03883], [0.00949, -0.11707]
    c, d, e = [-0.0069, -0.08523], [0.05573, -0.05253], [0.02987, -0.1248]
    np.testing.assert_allclose(out.numpy(), [[a, b, b, b], [c, c, d, e]], atol=2e-5)
    assert mask_of(out) == IDS_MASK


def test_masks_are_dropped_with_their_tensors():
    from tfeager_compat.keras.engine import base_layer
    before = len(base_layer._MASKS)
    y = L.Embedding(5, 3, mask_zero=True)(IDS)
    assert len(base_layer._MASKS) == before + 1
    del y
    assert len(base_layer._MASKS) == before
