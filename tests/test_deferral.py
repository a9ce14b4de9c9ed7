"""Deferred work and the gradient call: an optimizer update runs inside the call of the
gradients it applies, and a deferred moving-statistics update takes its values from the
gradient call of the tape that recorded them, so a training step is one XLA call that
computes everything once."""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

X = np.array([[1.0, 2.0], [5.0, 4.0]], np.float32)  # batch mean [3, 3], variance [4, 1]


def _bn_model():
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.layers.BatchNormalization(input_shape=(2,)),
                                 tf.keras.layers.Dense(1, kernel_initializer="ones")])
    model.build((None, 2))
    return model


def _bn_step(model, opt, read_early=False):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(tf.constant(X), training=True))
        if read_early:  # the pending statistics computed on their own, by their replay
            model.layers[0].moving_mean.numpy()
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    return loss, grads


def _evaluations(monkeypatch):
    calls = []
    original = graph._evaluate
    monkeypatch.setattr(graph, "_evaluate", lambda root: calls.append(1) or original(root))
    return calls


def test_moving_statistics_come_from_the_gradient_call(monkeypatch):
    model, opt = _bn_model(), tf.train.GradientDescentOptimizer(0.1)
    _bn_step(model, opt)
    evaluations = _evaluations(monkeypatch)
    for _ in range(3):
        loss, grads = _bn_step(model, opt)
        bn = model.layers[0]
        assert bn.moving_mean._snapshot._node.buffers is grads[0]._node.buffers is not None
        assert bn.moving_variance._snapshot._node.buffers is loss._node.buffers
    assert evaluations == []  # nothing replayed on its own
    mean = model.layers[0].moving_mean.numpy()
    # Each step moves the statistics 1% of the way to the batch's.
    assert np.allclose(mean, [3.0 * (1 - 0.99 ** 4)] * 2, rtol=1e-6)


def test_statistics_read_sooner_are_replayed_with_the_same_values(monkeypatch):
    fast, slow = _bn_model(), _bn_model()
    slow.set_weights(fast.get_weights())
    opts = tf.train.AdamOptimizer(0.1), tf.train.AdamOptimizer(0.1)
    for _ in range(3):
        _bn_step(fast, opts[0])
        _bn_step(slow, opts[1], read_early=True)
    for a, b in zip(fast.get_weights(), slow.get_weights()):
        assert a.tolist() == b.tolist()
    assert slow.layers[0].moving_variance.numpy().tolist() != [1.0, 1.0]


def test_a_persistent_tape_fills_the_statistics_once():
    model = _bn_model()
    with tf.GradientTape(persistent=True) as tape:
        loss = tf.reduce_sum(model(tf.constant(X), training=True))
    first = tape.gradient(loss, model.trainable_variables)
    second = tape.gradient(loss, model.trainable_variables)
    bn = model.layers[0]
    assert first[0]._node is not second[0]._node
    assert np.allclose(bn.moving_mean.numpy(), [0.03, 0.03])
    assert bn.moving_mean._snapshot._node.buffers is first[0]._node.buffers
    assert [g.numpy().tolist() for g in second] == [g.numpy().tolist() for g in first]


@pytest.mark.parametrize("optimizer, updated", [  # TensorFlow's values
    (tf.train.AdamOptimizer(0.5), [0.5000001192092896, -2.5]),
    (tf.keras.optimizers.Adam(0.5), [0.500000536441803, -2.499999523162842])])
def test_an_update_of_unread_gradients_runs_in_their_call(optimizer, updated, monkeypatch):
    w = tf.Variable([1.0, -2.0])
    x = tf.constant([3.0, 4.0])
    calls = []
    original = graph.run
    monkeypatch.setattr(graph, "run", lambda node: calls.append(node) or original(node))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(w * x)
    grads = tape.gradient(loss, [w])
    assert calls == [] and grads[0]._node.buffers is None  # nothing has run yet
    optimizer.apply_gradients(zip(grads, [w]))
    assert len(calls) == 1  # the gradients and the update: one call
    assert w._snapshot._node.buffers is grads[0]._node.buffers is loss._node.buffers
    assert loss.numpy() == -5.0 and grads[0].numpy().tolist() == [3.0, 4.0]
    assert w.numpy().tolist() == updated
