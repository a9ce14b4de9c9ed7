"""TF1 RNN cells (tf.nn.rnn_cell / tf.contrib.rnn) and tf.nn.dynamic_rnn / static_rnn /
bidirectional_dynamic_rnn against TensorFlow.

Inputs are x = sin(arange(24)).reshape(2, 3, 4) (float32); after a first run builds a cell, every
variable is set to 0.5 * cos(0.37 * arange(size)) (reshaped); the expected values are what
TensorFlow (tf.compat.v1.nn.rnn_cell) printed, rounded to 5 decimals.
"""
import numpy as np
import pytest

import tfeager_compat as tf

R = tf.nn.rnn_cell
X = np.sin(np.arange(24, dtype=np.float32)).reshape(2, 3, 4)


def fill(cell):
    for w in cell.weights:
        size = int(np.prod(w.shape.as_list()))
        w.assign(0.5 * np.cos(0.37 * np.arange(size, dtype=np.float32)).reshape(
            w.shape.as_list()))
    return cell


def flat(state):
    if isinstance(state, (list, tuple)):
        return [leaf for item in state for leaf in flat(item)]
    return [state]


def close(got, expected):
    np.testing.assert_allclose(np.asarray(got), expected, atol=2e-5)


# (name, cell, variable names, outputs, final state leaves, the same with sequence_length=[2, 1])
CASES = [
    ('basic_rnn', lambda: R.BasicRNNCell(3),
     ['rnn/basic_rnn_cell/kernel:0', 'rnn/basic_rnn_cell/bias:0'],
     [[[0.33008, 0.05719, -0.23187], [-0.43071, -0.13122, 0.21144], [0.95169, 0.92122, 0.81051]],
     [[-0.28553, -0.43213, -0.51443], [-0.06552, 0.13906, 0.31547], [0.94338, 0.89955, 0.74994]]],
     [[[0.95169, 0.92122, 0.81051], [0.94338, 0.89955, 0.74994]]],
     [[[0.33008, 0.05719, -0.23187], [-0.43071, -0.13122, 0.21144], [0.0, 0.0, 0.0]], [[-0.28553,
     -0.43213, -0.51443], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
     [[[-0.43071, -0.13122, 0.21144], [-0.28553, -0.43213, -0.51443]]]),
    ('basic_lstm', lambda: R.BasicLSTMCell(3),
     ['rnn/basic_lstm_cell/kernel:0', 'rnn/basic_lstm_cell/bias:0'],
     [[[0.03205, 0.03079, 0.02543], [-0.05298, -0.1145, -0.15118], [0.11307, 0.07726, 0.03911]],
     [[-0.0632, -0.06834, -0.06434], [0.00101, -0.07973, -0.1514], [0.14538, 0.08573, 0.0386]]],
     [[[0.43593, 0.31983, 0.15607], [0.4722, 0.30359, 0.13973]], [[0.11307, 0.07726, 0.03911],
     [0.14538, 0.08573, 0.0386]]],
     [[[0.03205, 0.03079, 0.02543], [-0.05298, -0.1145, -0.15118], [0.0, 0.0, 0.0]], [[-0.0632,
     -0.06834, -0.06434], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
     [[[-0.13932, -0.25832, -0.29242], [-0.12316, -0.12748, -0.11605]], [[-0.05298, -0.1145,
     -0.15118], [-0.0632, -0.06834, -0.06434]]]),
    ('basic_lstm_concat', lambda: R.BasicLSTMCell(3, state_is_tuple=False, forget_bias=0.5),
     ['rnn/basic_lstm_cell/kernel:0', 'rnn/basic_lstm_cell/bias:0'],
     [[[0.03205, 0.03079, 0.02543], [-0.05608, -0.11792, -0.15448], [0.11523, 0.08318, 0.04724]],
     [[-0.0632, -0.06834, -0.06434], [0.00575, -0.07431, -0.14592], [0.14808, 0.09484, 0.05258]]],
     [[[0.4457, 0.34646, 0.18929, 0.11523, 0.08318, 0.04724], [0.48189, 0.3379, 0.19128, 0.14808,
     0.09484, 0.05258]]],
     [[[0.03205, 0.03079, 0.02543], [-0.05608, -0.11792, -0.15448], [0.0, 0.0, 0.0]], [[-0.0632,
     -0.06834, -0.06434], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
     [[[-0.14758, -0.2664, -0.29917, -0.05608, -0.11792, -0.15448], [-0.12316, -0.12748, -0.11605,
     -0.0632, -0.06834, -0.06434]]]),
    ('lstm_peep_proj', lambda: R.LSTMCell(3, use_peepholes=True, num_proj=2, cell_clip=0.3),
     ['rnn/lstm_cell/kernel:0', 'rnn/lstm_cell/bias:0', 'rnn/lstm_cell/w_f_diag:0',
     'rnn/lstm_cell/w_i_diag:0', 'rnn/lstm_cell/w_o_diag:0', 'rnn/lstm_cell/projection/kernel:0'],
     [[[0.02902, 0.01861], [-0.07014, -0.02658], [0.07595, 0.05607]], [[-0.05806, -0.03466],
     [-0.0371, -0.00329], [0.08594, 0.06338]]],
     [[[0.3, 0.27053, 0.10934], [0.3, 0.24213, 0.12955]], [[0.07595, 0.05607],
      [0.08594, 0.06338]]],
     [[[0.02902, 0.01861], [-0.07014, -0.02658], [0.0, 0.0]], [[-0.05806, -0.03466], [0.0, 0.0],
     [0.0, 0.0]]],
     [[[-0.13431, -0.25778, -0.29436], [-0.12316, -0.12748, -0.11605]], [[-0.07014, -0.02658],
     [-0.05806, -0.03466]]]),
    ('gru', lambda: R.GRUCell(3),
     ['rnn/gru_cell/gates/kernel:0', 'rnn/gru_cell/gates/bias:0',
     'rnn/gru_cell/candidate/kernel:0', 'rnn/gru_cell/candidate/bias:0'],
     [[[0.15246, 0.02726, -0.11467], [-0.04937, -0.03144, 0.03396], [0.44661, 0.49467, 0.51605]],
     [[-0.12207, -0.19303, -0.24344], [0.00416, 0.09084, 0.18648], [0.46726, 0.51531, 0.48995]]],
     [[[0.44661, 0.49467, 0.51605], [0.46726, 0.51531, 0.48995]]],
     [[[0.15246, 0.02726, -0.11467], [-0.04937, -0.03144, 0.03396], [0.0, 0.0, 0.0]], [[-0.12207,
     -0.19303, -0.24344], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
     [[[-0.04937, -0.03144, 0.03396], [-0.12207, -0.19303, -0.24344]]]),
    ('multi', lambda: R.MultiRNNCell([R.GRUCell(2), R.BasicLSTMCell(3)]),
     ['rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel:0',
     'rnn/multi_rnn_cell/cell_0/gru_cell/gates/bias:0',
     'rnn/multi_rnn_cell/cell_0/gru_cell/candidate/kernel:0',
     'rnn/multi_rnn_cell/cell_0/gru_cell/candidate/bias:0',
     'rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel:0',
     'rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias:0'],
     [[[0.08334, 0.04131, -0.01476], [0.10793, 0.0356, -0.0508], [0.14777, 0.06783, -0.02994]],
     [[0.05236, 0.00612, -0.04548], [0.07972, 0.00609, -0.07227], [0.13477, 0.05614, -0.03616]]],
     [[[0.35727, 0.45483], [0.42291, 0.4912]], [[0.4414, 0.18982, -0.07791], [0.40633, 0.16003,
     -0.09626]], [[0.14777, 0.06783, -0.02994], [0.13477, 0.05614, -0.03616]]],
     [[[0.08334, 0.04131, -0.01476], [0.10793, 0.0356, -0.0508], [0.0, 0.0, 0.0]], [[0.05236,
     0.00612, -0.04548], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
     [[[0.08369, 0.04152], [0.12866, -0.05519]], [[0.2939, 0.09017, -0.11919], [0.14473, 0.01593,
     -0.10861]], [[0.10793, 0.0356, -0.0508], [0.05236, 0.00612, -0.04548]]]),
    ('residual', lambda: R.ResidualWrapper(R.BasicRNNCell(4)),
     ['rnn/basic_rnn_cell/kernel:0', 'rnn/basic_rnn_cell/bias:0'],
     [[[0.07187, 0.7522, 0.67484, -0.20053], [-0.42679, -0.41675, 0.37866, 1.35569], [1.82293,
     1.10893, -0.15907, -1.1039]], [[-0.84958, 0.13186, 0.76515, 0.52], [0.23997, -0.2973, -0.0324,
     0.85973], [1.669, 1.3625, 0.09351, -1.22002]]],
     [[[0.83358, 0.69681, 0.38495, -0.10391], [0.75606, 0.52584, 0.10236, -0.3738]]],
     [[[0.07187, 0.7522, 0.67484, -0.20053], [-0.42679, -0.41675, 0.37866, 1.35569], [0.0, 0.0,
     0.0, 0.0]], [[-0.84958, 0.13186, 0.76515, 0.52], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]],
     [[[0.33001, 0.54217, 0.65808, 0.69871], [-0.313, -0.2883, -0.22546, -0.13029]]]),
]


@pytest.mark.parametrize("name, make, names, outputs, states, seq_outputs, seq_states", CASES,
                         ids=[c[0] for c in CASES])
def test_dynamic_rnn(name, make, names, outputs, states, seq_outputs, seq_states):
    cell = make()
    tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    fill(cell)
    assert [w.name for w in cell.weights] == names
    out, state = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    close(out, outputs)
    assert len(flat(state)) == len(states)
    for got, expected in zip(flat(state), states):
        close(got, expected)
    out, state = tf.nn.dynamic_rnn(cell, X, sequence_length=[2, 1], dtype=tf.float32)
    close(out, seq_outputs)
    for got, expected in zip(flat(state), seq_states):
        close(got, expected)


def test_bidirectional_dynamic_rnn():
    fw, bw = R.GRUCell(3), R.BasicLSTMCell(2)
    tf.nn.bidirectional_dynamic_rnn(fw, bw, X, dtype=tf.float32)
    fill(fw)
    fill(bw)
    assert [w.name for w in fw.weights + bw.weights] == (
        ['bidirectional_rnn/fw/gru_cell/gates/kernel:0',
        'bidirectional_rnn/fw/gru_cell/gates/bias:0',
        'bidirectional_rnn/fw/gru_cell/candidate/kernel:0',
        'bidirectional_rnn/fw/gru_cell/candidate/bias:0',
        'bidirectional_rnn/bw/basic_lstm_cell/kernel:0',
        'bidirectional_rnn/bw/basic_lstm_cell/bias:0'])
    (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
        fw, bw, X, sequence_length=[3, 2], dtype=tf.float32)
    close(out_fw,
        [[[0.15246, 0.02726, -0.11467], [-0.04937, -0.03144, 0.03396], [0.44661, 0.49467,
        0.51605]], [[-0.12207, -0.19303, -0.24344], [0.00416, 0.09084, 0.18648], [0.0, 0.0, 0.0]]])
    close(out_bw,
        [[[0.21029, 0.13105], [0.16226, 0.10369], [0.17012, 0.10909]], [[0.08727, 0.04038],
        [0.06116, 0.02526], [0.0, 0.0]]])
    close(state_fw, [[0.44661, 0.49467, 0.51605], [0.00416, 0.09084, 0.18648]])
    assert isinstance(state_bw, R.LSTMStateTuple)
    close(state_bw.c, [[0.5201, 0.33378], [0.19117, 0.09005]])
    close(state_bw.h, [[0.21029, 0.13105], [0.08727, 0.04038]])


def test_static_rnn_with_initial_state():
    cell = R.BasicLSTMCell(3)
    tf.nn.static_rnn(cell, tf.unstack(X, axis=1), dtype=tf.float32)
    fill(cell)
    outputs, state = tf.nn.static_rnn(cell, tf.unstack(X, axis=1), initial_state=R.LSTMStateTuple(
        tf.ones((2, 3)), tf.zeros((2, 3))))
    assert len(outputs) == 3
    close(outputs[-1], [[0.17634, 0.1359, 0.09993], [0.21235, 0.15139, 0.10599]])
    close(state.c, [[0.71814, 0.57905, 0.40117], [0.73561, 0.55669, 0.38963]])
    close(state.h, [[0.17634, 0.1359, 0.09993], [0.21235, 0.15139, 0.10599]])


def test_cell_stepped_by_hand():
    cell = R.GRUCell(2)
    cell(X[:, 0], cell.zero_state(2, tf.float32))
    fill(cell)
    state = cell.zero_state(2, tf.float32)
    for t in range(3):
        output, state = cell(X[:, t], state)
    close(output, [[0.35727, 0.45483], [0.42291, 0.4912]])
    assert [w.name.split("/", 1)[1] for w in cell.weights] == [
        "gates/kernel:0", "gates/bias:0", "candidate/kernel:0", "candidate/bias:0"]


def test_multi_rnn_cell_concatenated_state():
    cell = R.MultiRNNCell([R.BasicRNNCell(3), R.GRUCell(2)], state_is_tuple=False)
    tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    for sub in cell._cells:
        fill(sub)
    out, state = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    close(out[:, -1], [[0.48003, 0.45481], [0.49379, 0.46418]])
    close(state,
        [[0.95169, 0.92122, 0.81051, 0.48003, 0.45481], [0.94338, 0.89955, 0.74994, 0.49379,
        0.46418]])


def test_time_major():
    cell = R.BasicRNNCell(2)
    tf.nn.dynamic_rnn(cell, X, dtype=tf.float32, time_major=True)
    fill(cell)
    out, state = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32, time_major=True)
    close(out,
        [[[0.66919, 0.43647], [-0.41673, -0.32846], [0.89053, 0.90866]], [[-0.27196, -0.51049],
        [0.25984, 0.43084], [0.6028, 0.62292]]])
    close(state, [[-0.27196, -0.51049], [0.25984, 0.43084], [0.6028, 0.62292]])
