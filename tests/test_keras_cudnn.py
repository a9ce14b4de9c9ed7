"""tf.keras CuDNNGRU / CuDNNLSTM (TF 1.15) on any device: weights, config, outputs, errors.

Every layer gets x = sin(arange(24)).reshape(2, 3, 4) (float32) and weights
w = 0.5 * cos(0.37 * arange(w.size)) (reshaped). TF's CuDNN kernel runs only on a GPU, so the
expected values are what TensorFlow printed for the equivalent layers with the same weights:
GRU(reset_after=True, recurrent_activation='sigmoid') with the bias reshaped to (2, 3 * units),
and LSTM(recurrent_activation='sigmoid') with the bias's two halves summed. Rounded to 5
decimals.
"""
import numpy as np
import pytest

import tfeager_compat as tf

L = tf.keras.layers
X = np.sin(np.arange(24, dtype=np.float32)).reshape(2, 3, 4)
Z = dict(kernel_initializer="zeros", recurrent_initializer="zeros")


def fill(layer):
    layer.set_weights([0.5 * np.cos(0.37 * np.arange(w.size, dtype=np.float32)).reshape(
        w.shape).astype(w.dtype) for w in layer.get_weights()])
    return layer


def built(make):
    tf.keras.backend.clear_session()
    layer = make()
    layer(X)
    return fill(layer)


GRU_LAST = [[-0.1149, -0.18477, -0.2446], [-0.15471, -0.22776, -0.27979]]
LSTM_LAST = [[0.06311, -0.02986, -0.09726], [0.08489, -0.01278, -0.09257]]
CASES = [
    ("gru", lambda: L.CuDNNGRU(3, **Z), [GRU_LAST]),
    ("gru_seq_state", lambda: L.CuDNNGRU(3, return_sequences=True, return_state=True, **Z),
     [[[[-0.06332, -0.08588, -0.09638], [0.09123, 0.06727, 0.03349], GRU_LAST[0]],
       [[0.04644, 0.04511, 0.03832], [0.02768, -0.00884, -0.0422], GRU_LAST[1]]], GRU_LAST]),
    ("gru_backwards_seq", lambda: L.CuDNNGRU(3, return_sequences=True, go_backwards=True, **Z),
     [[[[-0.1722, -0.22644, -0.26401], [0.06634, 0.03037, -0.02083], [-0.02994, -0.07088,
        -0.10786]],
       [[-0.17246, -0.22363, -0.25699], [-0.04819, -0.10687, -0.15749], [0.03901, 0.01417,
                                                                          -0.01838]]]]),
    ("gru_backwards_state", lambda: L.CuDNNGRU(3, return_state=True, go_backwards=True, **Z),
     [[[-0.02994, -0.07088, -0.10786], [0.03901, 0.01417, -0.01838]]] * 2),
    ("lstm", lambda: L.CuDNNLSTM(3, **Z), [LSTM_LAST]),
    ("lstm_seq_state", lambda: L.CuDNNLSTM(3, return_sequences=True, return_state=True, **Z),
     [[[[0.11275, 0.08562, 0.04364], [-0.03993, -0.07061, -0.09722], LSTM_LAST[0]],
       [[0.05977, 0.0553, 0.04344], [-0.04028, -0.08577, -0.12013], LSTM_LAST[1]]], LSTM_LAST,
      [[0.22315, -0.1306, -0.51126], [0.25414, -0.04746, -0.42416]]]),
    ("lstm_backwards_seq", lambda: L.CuDNNLSTM(3, return_sequences=True, go_backwards=True,
                                               **Z),
     [[[[0.08981, 0.00632, -0.06663], [-0.03071, -0.11044, -0.18201], [0.08, -0.00508,
                                                                        -0.08034]],
       [[0.12079, 0.04993, -0.03198], [0.00296, -0.07875, -0.15848], [0.05207, -0.02822,
                                                                      -0.10129]]]]),
    ("lstm_backwards_state", lambda: L.CuDNNLSTM(3, return_state=True, go_backwards=True, **Z),
     [[[0.08, -0.00508, -0.08034], [0.05207, -0.02822, -0.10129]]] * 2 +
     [[[0.17042, -0.01201, -0.21243], [0.10318, -0.05807, -0.21975]]]),
]


@pytest.mark.parametrize("name, make, expected", CASES, ids=[c[0] for c in CASES])
def test_outputs_match_tensorflow(name, make, expected):
    layer = built(make)
    got = layer(X)
    got = got if isinstance(got, list) else [got]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.dtype == tf.float32
        np.testing.assert_allclose(g.numpy(), e, atol=2e-5)


@pytest.mark.parametrize("make, prefix, shapes", [
    (lambda: L.CuDNNGRU(3, **Z), "cu_dnngru", [[4, 9], [3, 9], [18]]),
    (lambda: L.CuDNNLSTM(3, **Z), "cu_dnnlstm", [[4, 12], [3, 12], [24]]),
])
def test_weights_are_the_layers_own(make, prefix, shapes):
    tf.keras.backend.clear_session()
    layer = make()
    assert layer.weights == [] and layer.trainable_weights == []
    layer(X)
    assert [w.name for w in layer.weights] == [f"{prefix}/kernel:0",
                                               f"{prefix}/recurrent_kernel:0",
                                               f"{prefix}/bias:0"]
    assert [w.shape.as_list() for w in layer.weights] == shapes
    assert layer.supports_masking is False and layer.count_params() == sum(
        int(np.prod(s)) for s in shapes)


def test_lstm_unit_forget_bias_is_the_recurrent_forget_bias():
    layer = L.CuDNNLSTM(3, **Z)
    layer.build((2, 3, 4))
    np.testing.assert_array_equal(layer.bias.numpy(), [0] * 15 + [1] * 3 + [0] * 6)
    layer = L.CuDNNLSTM(2, unit_forget_bias=False, **Z)
    layer.build((2, 3, 4))
    np.testing.assert_array_equal(layer.bias.numpy(), [0] * 16)


def test_config_round_trip():
    config = L.CuDNNLSTM(4, name="enc", return_sequences=True).get_config()
    assert list(config) == [
        "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards",
        "stateful", "time_major", "units", "kernel_initializer", "recurrent_initializer",
        "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
        "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "recurrent_constraint", "bias_constraint"]
    assert config["units"] == 4 and config["return_sequences"] is True
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    again = L.CuDNNLSTM.from_config(config).get_config()
    assert again == config
    assert "unit_forget_bias" not in L.CuDNNGRU(2).get_config()


def test_stateful_carries_state_and_resets():
    layer = built(lambda: L.CuDNNGRU(3, stateful=True, **Z))
    layer.reset_states()
    first, second = layer(X).numpy(), layer(X).numpy()
    np.testing.assert_allclose(first, GRU_LAST, atol=2e-5)
    np.testing.assert_allclose(second, [[-0.11819, -0.19529, -0.26371],
                                        [-0.16076, -0.24099, -0.30075]], atol=2e-5)
    assert len(layer.weights) == 3
    layer.reset_states()
    np.testing.assert_allclose(layer(X).numpy(), first, atol=1e-6)


def test_initial_state_and_gradient():
    layer = built(lambda: L.CuDNNLSTM(3, return_state=True, **Z))
    h0, c0 = np.full((2, 3), 0.3, np.float32), np.full((2, 3), -0.2, np.float32)
    out, h, c = layer(X, initial_state=[h0, c0])
    np.testing.assert_allclose(out.numpy(), [[0.04898, -0.03993, -0.10328],
                                             [0.07008, -0.02444, -0.09995]], atol=2e-5)
    np.testing.assert_allclose(c.numpy(), [[0.17198, -0.17512, -0.54747],
                                           [0.20828, -0.09083, -0.46162]], atol=2e-5)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(X)[0] ** 2)
    g_kernel, g_recurrent, g_bias = tape.gradient(loss, layer.weights)
    np.testing.assert_allclose(loss.numpy(), 0.03027, atol=1e-5)
    np.testing.assert_allclose(g_kernel.numpy()[0, :4], [0.01206, -0.00148, 0.00106, -0.00326],
                               atol=1e-5)
    np.testing.assert_allclose(g_recurrent.numpy()[1, 6:9], [-0.0004, 0.00046, 0.00208],
                               atol=1e-5)
    expected_bias = [0.0094, 0.00122, 0.00886, 0.00103, 2e-05, 0.00264, 0.0999, -0.02409,
                     -0.08152, 0.01521, 0.00223, 0.02819]
    np.testing.assert_allclose(g_bias.numpy(), expected_bias * 2, atol=1e-5)


@pytest.mark.parametrize("call, error, message", [
    (lambda layer: layer(X, mask=np.array([[1, 1, 0], [1, 0, 0]], bool)), ValueError,
     "Masking is not supported for CuDNN RNNs."),
    (lambda layer: layer(X[0]), ValueError,
     "Input 0 of layer cu_dnngru is incompatible with the layer: expected ndim=3, found "
     "ndim=2. Full shape received: [3, 4]"),
    (lambda layer: layer(X, initial_state=[np.zeros((2, 3), np.float32)] * 2), ValueError,
     "Layer has 1 states but was passed 2 initial states."),
])
def test_errors(call, error, message):
    tf.keras.backend.clear_session()
    with pytest.raises(error) as info:
        call(L.CuDNNGRU(3, **Z))
    assert str(info.value) == message


def test_masked_input_in_a_model_is_refused():
    model = tf.keras.Sequential([L.Embedding(5, 2, mask_zero=True), L.CuDNNGRU(2, **Z)])
    with pytest.raises(ValueError, match="^Masking is not supported for CuDNN RNNs.$"):
        model(np.array([[1, 2, 0]]))


def test_trains_in_a_compiled_step():
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([L.CuDNNGRU(2, input_shape=(3, 4), **Z)])
    model.compile("sgd", "mse")
    assert model.count_params() == 4 * 6 + 2 * 6 + 12
    first = model.train_on_batch(X, np.ones((2, 2), np.float32))
    assert model.train_on_batch(X, np.ones((2, 2), np.float32)) < first
