"""tf.keras recurrent layers against TensorFlow: outputs for fixed weights, names, state, errors.

Every layer gets x = sin(arange(24)).reshape(2, 3, 4) (float32) and weights
w = 0.5 * cos(0.37 * arange(w.size)) (reshaped); the expected values are what TensorFlow printed
(tf-keras's v1 layers, as TF 1.15 has them), rounded to 5 decimals.
"""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

L = tf.keras.layers
X = np.sin(np.arange(24, dtype=np.float32)).reshape(2, 3, 4)
# Weights are set by `fill`; cheap initializers keep the tests fast (orthogonal compiles a QR).
Z = dict(kernel_initializer="zeros", recurrent_initializer="zeros")


def fill(layer):
    layer.set_weights([0.5 * np.cos(0.37 * np.arange(w.size, dtype=np.float32)).reshape(
        w.shape).astype(w.dtype) for w in layer.get_weights()])
    return layer


def built(make, x=X):
    tf.keras.backend.clear_session()
    layer = make()
    layer(x)
    return fill(layer)


def outputs(y):
    return [t.numpy() for t in (y if isinstance(y, list) else [y])]


CASES = [
    ('simple_seq', lambda: L.SimpleRNN(3, return_sequences=True, **Z), {},
     ['simple_rnn/simple_rnn_cell/kernel:0', 'simple_rnn/simple_rnn_cell/recurrent_kernel:0',
      'simple_rnn/simple_rnn_cell/bias:0'],
     [[[[0.33008, 0.05719, -0.23187], [-0.08179, 0.164, 0.37184], [0.92536, 0.88807, 0.76542]],
      [[-0.28553, -0.43213, -0.51443], [0.20921, 0.54482, 0.72916], [0.91641, 0.80193,
      0.45617]]]]),
    ('lstm_seq_state', lambda: L.LSTM(3, return_sequences=True, return_state=True, **Z), {},
     ['lstm/lstm_cell/kernel:0', 'lstm/lstm_cell/recurrent_kernel:0', 'lstm/lstm_cell/bias:0'],
     [[[[0.01651, 0.00533, -0.00664], [-0.15902, -0.17059, -0.16154], [-0.08549, -0.13384,
      -0.16227]], [[-0.05351, -0.03413, -0.00977], [-0.15717, -0.17513, -0.17923], [-0.07723,
      -0.12574, -0.15735]]], [[-0.08549, -0.13384, -0.16227], [-0.07723, -0.12574, -0.15735]],
      [[-0.27843, -0.49326, -0.60778], [-0.2147, -0.39427, -0.52333]]]),
    ('gru_state', lambda: L.GRU(3, return_state=True, **Z), {},
     ['gru/gru_cell/kernel:0', 'gru/gru_cell/recurrent_kernel:0', 'gru/gru_cell/bias:0'],
     [[[-0.22007, -0.30881, -0.3771], [-0.25222, -0.34246, -0.404]], [[-0.22007, -0.30881,
      -0.3771], [-0.25222, -0.34246, -0.404]]]),
    ('gru_reset_after', lambda: L.GRU(3, reset_after=True, recurrent_activation="sigmoid", **Z),
     {},
     ['gru/gru_cell/kernel:0', 'gru/gru_cell/recurrent_kernel:0', 'gru/gru_cell/bias:0'],
     [[[-0.1149, -0.18477, -0.2446], [-0.15471, -0.22776, -0.27979]]]),
    ('lstm_backwards', lambda: L.LSTM(3, go_backwards=True, return_sequences=True, **Z), {},
     ['lstm/lstm_cell/kernel:0', 'lstm/lstm_cell/recurrent_kernel:0', 'lstm/lstm_cell/bias:0'],
     [[[[0.01145, -0.06384, -0.11586], [-0.16077, -0.2091, -0.23052], [-0.10605, -0.12994,
      -0.13243]], [[0.04972, -0.02065, -0.08201], [-0.12105, -0.17624, -0.21782], [-0.14972,
      -0.1619, -0.15091]]]]),
    ('simple_unroll_relu', lambda: L.SimpleRNN(3, unroll=True, activation="relu", **Z), {},
     ['simple_rnn/simple_rnn_cell/kernel:0', 'simple_rnn/simple_rnn_cell/recurrent_kernel:0',
      'simple_rnn/simple_rnn_cell/bias:0'],
     [[[1.67305, 1.48529, 1.0965], [1.61213, 1.14828, 0.52902]]]),
    ('lstm_initial_state', lambda: L.LSTM(3, return_state=True, **Z), {"initial_state":
     [np.ones((2, 3), np.float32), np.full((2, 3), 0.5, np.float32)]},
     ['lstm/lstm_cell/kernel:0', 'lstm/lstm_cell/recurrent_kernel:0', 'lstm/lstm_cell/bias:0'],
     [[[-0.0451, -0.10869, -0.14623], [-0.02949, -0.09552, -0.13897]], [[-0.0451, -0.10869,
      -0.14623], [-0.02949, -0.09552, -0.13897]], [[-0.14441, -0.39184, -0.53994], [-0.08111,
      -0.29454, -0.45637]]]),
    ('lstm_mask', lambda: L.LSTM(3, return_state=True, **Z), {"mask": [[1, 1, 0], [1, 0, 0]]},
     ['lstm/lstm_cell/kernel:0', 'lstm/lstm_cell/recurrent_kernel:0', 'lstm/lstm_cell/bias:0'],
     [[[-0.15902, -0.17059, -0.16154], [-0.05351, -0.03413, -0.00977]], [[-0.15902, -0.17059,
      -0.16154], [-0.05351, -0.03413, -0.00977]], [[-0.41951, -0.3899, -0.31906], [-0.10477,
      -0.06433, -0.01791]]]),
    ('gru_mask_seq', lambda: L.GRU(3, return_sequences=True, **Z), {"mask": [[1, 0, 1], [0, 1,
     1]]},
     ['gru/gru_cell/kernel:0', 'gru/gru_cell/recurrent_kernel:0', 'gru/gru_cell/bias:0'],
     [[[[-0.12407, -0.16297, -0.18639], [-0.12407, -0.16297, -0.18639], [-0.26984, -0.34424,
      -0.39586]], [[0.0, 0.0, 0.0], [-0.07466, -0.1242, -0.15957], [-0.23685, -0.31755,
      -0.37537]]]]),
    ('lstm_time_major', lambda: L.LSTM(2, time_major=True, return_sequences=True, **Z), {},
     ['lstm/lstm_cell/kernel:0', 'lstm/lstm_cell/recurrent_kernel:0', 'lstm/lstm_cell/bias:0'],
     [[[[0.02389, -0.01937], [-0.02832, -0.04194], [0.05804, -0.03463]], [[0.01113, -0.03318],
      [-0.02589, -0.06585], [0.1008, -0.05063]]]]),
    ('stacked', lambda: L.RNN([L.SimpleRNNCell(2, **Z), L.LSTMCell(3, **Z)], return_state=True),
     {},
     ['rnn/stacked_rnn_cells/simple_rnn_cell/kernel:0',
      'rnn/stacked_rnn_cells/simple_rnn_cell/recurrent_kernel:0',
      'rnn/stacked_rnn_cells/simple_rnn_cell/bias:0', 'rnn/stacked_rnn_cells/lstm_cell/kernel:0',
      'rnn/stacked_rnn_cells/lstm_cell/recurrent_kernel:0',
      'rnn/stacked_rnn_cells/lstm_cell/bias:0'],
     # TF 1.15's StackedRNNCells has flat states (TF 2 nests them per cell)
     [[[-0.09925, -0.16451, -0.19991], [-0.09522, -0.15756, -0.19316]], [[0.90062, 0.91527],
      [0.92288, 0.90364]], [[-0.09925, -0.16451, -0.19991], [-0.09522, -0.15756, -0.19316]],
      [[-0.32876, -0.59587, -0.70424], [-0.31505, -0.5653, -0.67207]]]),
    ('gru_no_bias_linear', lambda: L.GRU(2, use_bias=False, activation=None, **Z), {},
     ['gru/gru_cell/kernel:0', 'gru/gru_cell/recurrent_kernel:0'],
     [[[-0.09052, -0.09405], [-0.08366, -0.06156]]]),
]


@pytest.mark.parametrize("name, make, kwargs, names, expected", CASES, ids=[c[0] for c in CASES])
def test_layer_outputs(name, make, kwargs, names, expected):
    layer = built(make)
    kwargs = {k: (tf.constant(np.array(v, bool)) if k == "mask" else v)
              for k, v in kwargs.items()}
    got = outputs(layer(X, **kwargs))
    assert [w.name for w in layer.weights] == names
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, e, atol=2e-5)


def test_gradient_matches_tensorflow():
    layer = built(lambda: L.LSTM(2, **Z))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(X) ** 2)
    grads = tape.gradient(loss, layer.trainable_variables)
    np.testing.assert_allclose(loss.numpy(), 0.01239, atol=1e-5)
    np.testing.assert_allclose(grads[2].numpy(), [0.00309, 0.00449, -0.00027, 0.00249, 0.10888,
                                                  -0.0978, 0.00556, 0.00791], atol=1e-5)
    np.testing.assert_allclose(grads[1].numpy()[1], [-0.00019, -0.00015, 2e-05, -0.00012,
                                                     -0.00376, 0.0035, -0.00031, -0.00042],
                               atol=1e-5)


def test_loop_is_one_op_on_the_tape():
    layer = built(lambda: L.GRU(3, return_sequences=True, **Z))
    with tf.GradientTape() as tape:
        y = layer(X)
    loops = [step for step in tape._steps if step[0].name == "GRULoop"]
    assert len(loops) == 1
    assert len(tape._steps) < 6


def test_stateful_carries_state_and_resets():
    layer = built(lambda: L.SimpleRNN(2, stateful=True, **Z))
    layer.reset_states()
    first, second = layer(X).numpy(), layer(X).numpy()
    np.testing.assert_allclose(first, [[0.90062, 0.91527], [0.92288, 0.90364]], atol=1e-5)
    np.testing.assert_allclose(second, [[0.9317, 0.93764], [0.96046, 0.94399]], atol=1e-5)
    assert len(layer.weights) == 3
    np.testing.assert_allclose(layer.states[0].numpy(), second, atol=1e-6)
    layer.reset_states()
    np.testing.assert_allclose(layer(X).numpy(), first, atol=1e-5)
    layer.reset_states([np.ones((2, 2), np.float32)])
    np.testing.assert_allclose(layer(X).numpy(), [[0.93299, 0.9386], [0.96179, 0.94553]],
                               atol=1e-5)
    with pytest.raises(ValueError, match="expected shape=\\(2, 2\\), found shape=\\(3, 2\\)"):
        layer.reset_states([np.ones((3, 2), np.float32)])
    with pytest.raises(AttributeError, match="Layer must be stateful."):
        L.LSTM(2, **Z).reset_states()


def test_cell_stepped_by_hand():
    tf.keras.backend.clear_session()
    cell = L.LSTMCell(3, **Z)
    cell(X[:, 0], [tf.zeros((2, 3)), tf.zeros((2, 3))])
    fill(cell)
    out, (h, c) = cell(X[:, 0], [tf.ones((2, 3)), tf.zeros((2, 3))])
    np.testing.assert_allclose(out.numpy(), [[0.0664, 0.04577, 0.01809],
                                             [0.00027, 0.00851, 0.01554]], atol=1e-5)
    np.testing.assert_allclose(c.numpy(), [[0.13646, 0.09859, 0.04054],
                                           [0.00053, 0.01642, 0.03004]], atol=1e-5)
    assert [w.name for w in cell.weights] == ["lstm_cell/kernel:0",
                                              "lstm_cell/recurrent_kernel:0",
                                              "lstm_cell/bias:0"]


def test_defaults_and_sizes():
    assert L.LSTMCell(3, **Z).state_size == [3, 3]
    assert L.GRUCell(2, **Z).state_size == 2 and L.SimpleRNNCell(4, **Z).output_size == 4
    lstm = L.LSTM(2, **Z)
    assert lstm.recurrent_activation.__name__ == "hard_sigmoid"
    assert L.GRU(2, **Z).reset_after is False
    assert L.GRU(2, implementation=2, **Z).implementation == 2
    lstm(X)
    np.testing.assert_array_equal(lstm.weights[2].numpy(), [0, 0, 1, 1, 0, 0, 0, 0])
    assert sorted(L.GRU(2, **Z).get_config()) == [
        "activation", "activity_regularizer", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dropout", "dtype", "go_backwards", "implementation",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name",
        "recurrent_activation", "recurrent_constraint", "recurrent_dropout",
        "recurrent_initializer", "recurrent_regularizer", "reset_after", "return_sequences",
        "return_state", "stateful", "time_major", "trainable", "units", "unroll", "use_bias"]
    assert L.LSTM(3, **Z).compute_output_shape((None, 5, 4)).as_list() == [None, 3]
    shapes = L.LSTM(3, return_state=True, return_sequences=True, **Z).compute_output_shape(
        (None, 5, 4))
    assert [s.as_list() for s in shapes] == [[None, 5, 3], [None, 3], [None, 3]]


def test_float64_inputs_build_float64_weights():
    layer = L.GRU(2, **Z)
    y = layer(X.astype(np.float64))
    assert y.dtype == tf.float64 and layer.weights[0].dtype == tf.float64


def test_dropout_only_when_training():
    layer = built(lambda: L.LSTM(3, dropout=0.5, recurrent_dropout=0.3, **Z))
    np.testing.assert_allclose(layer(X).numpy(), [[-0.08549, -0.13384, -0.16227],
                                                  [-0.07723, -0.12574, -0.15735]], atol=1e-5)
    a, b = layer(X, training=True).numpy(), layer(X, training=True).numpy()
    assert a.shape == (2, 3) and not np.allclose(a, b)
    assert layer.cell._dropout_mask is not None and len(layer.cell._dropout_mask) == 4


def test_rank_error():
    layer = L.LSTM(3, name="lstm_x", **Z)
    with pytest.raises(ValueError, match=r"^Input 0 of layer lstm_x is incompatible with the "
                       r"layer: expected ndim=3, found ndim=2. Full shape received: \[3, 4\]$"):
        layer(X[0])


BIDIRECTIONAL = [
    ('concat',
     [[[[0.04313, 0.00998, 0.06941, -0.04701], [0.09412, -0.02526, 0.02725, -0.11609], [-0.01677,
     -0.16169, -0.07894, -0.14959]], [[0.0939, 0.04649, 0.09987, -0.02784], [0.08243, -0.05267,
     -0.01241, -0.1458], [-0.01183, -0.14142, -0.06638, -0.11597]]]]),
    ('sum',
     [[[[0.11254, -0.03703], [0.12137, -0.14136], [-0.09571, -0.31129]], [[0.19376, 0.01865],
     [0.07002, -0.19848], [-0.07821, -0.25739]]]]),
    ('ave',
     [[[[0.05627, -0.01851], [0.06068, -0.07068], [-0.04785, -0.15564]], [[0.09688, 0.00933],
     [0.03501, -0.09924], [-0.0391, -0.12869]]]]),
    ('mul',
     [[[[0.00299, -0.00047], [0.00256, 0.00293], [0.00132, 0.02419]], [[0.00938, -0.00129],
     [-0.00102, 0.00768], [0.00079, 0.0164]]]]),
    (None,
     [[[[0.04313, 0.00998], [0.09412, -0.02526], [-0.01677, -0.16169]], [[0.0939, 0.04649],
     [0.08243, -0.05267], [-0.01183, -0.14142]]], [[[0.06941, -0.04701], [0.02725, -0.11609],
     [-0.07894, -0.14959]], [[0.09987, -0.02784], [-0.01241, -0.1458], [-0.06638, -0.11597]]]]),
]


@pytest.mark.parametrize("mode, expected", BIDIRECTIONAL, ids=[str(m) for m, _ in BIDIRECTIONAL])
def test_bidirectional_merge_modes(mode, expected):
    layer = built(lambda: L.Bidirectional(L.GRU(2, return_sequences=True, **Z), merge_mode=mode))
    assert [w.name.split("/")[1] for w in layer.weights] == ["forward_gru"] * 3 + [
        "backward_gru"] * 3
    got = outputs(layer(X))
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, atol=2e-5)


def test_bidirectional_states():
    layer = built(lambda: L.Bidirectional(L.LSTM(2, return_state=True, **Z)))
    got = outputs(layer(X))
    expected = [[[0.05105, -0.05908, 0.03049, -0.05483], [0.05552, -0.05663, 0.01427, -0.05989]],
                [[0.05105, -0.05908], [0.05552, -0.05663]],  # forward h, c
                [[0.12775, -0.17241], [0.13568, -0.15951]],
                [[0.03049, -0.05483], [0.01427, -0.05989]],  # backward h, c
                [[0.06788, -0.13042], [0.03067, -0.13267]]]
    assert len(got) == 5
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, atol=2e-5)


def test_time_distributed():
    layer = built(lambda: L.TimeDistributed(L.Dense(2)))
    assert [w.name for w in layer.weights] == ["time_distributed/kernel:0",
                                               "time_distributed/bias:0"]
    np.testing.assert_allclose(layer(X).numpy(), [
        [[0.80927, 0.46786], [-0.44373, -0.3411], [1.42446, 1.5198]],
        [[0.2352, -0.10397], [-0.07828, 0.15786], [1.52079, 1.43934]]], atol=2e-5)


def test_rnn_from_config_rebuilds_its_cells_so_bidirectional_wraps_stacks():
    # Values from TensorFlow: the backward copy is made from the config.
    layer = tf.keras.layers.Bidirectional(tf.keras.layers.RNN(
        [tf.keras.layers.LSTMCell(3), tf.keras.layers.LSTMCell(2)]))
    out = layer(tf.ones([2, 4, 5]))
    assert out.shape == (2, 4) and len(layer.weights) == 12
    assert [w.shape.as_list() for w in layer.weights][:3] == [[5, 12], [3, 12], [12]]
    rnn = tf.keras.layers.RNN(tf.keras.layers.GRUCell(4), return_sequences=True)
    copy = tf.keras.layers.RNN.from_config(rnn.get_config())
    assert type(copy.cell).__name__ == "GRUCell" and copy.cell.units == 4
    assert copy.return_sequences and copy.cell is not rnn.cell
