"""BatchNormalization and LayerNormalization: TensorFlow's outputs and moving statistics.

Inputs are fixed patterns (`det`); every expected value was printed by TensorFlow for the
same script. BatchNormalization moves its statistics only in training calls: towards the
Bessel-corrected batch variance on the fused path (4-D, channel axis 1 or 3), towards the
biased one elsewhere.
"""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

L = tf.keras.layers


def det(shape, scale=5):
    n = int(np.prod(shape))
    return ((np.arange(n) * 37 % 11 - 5) / scale).astype(np.float32).reshape(shape)


X4 = det((2, 3, 4, 3))
X2 = det((6, 4)) + np.arange(4, dtype=np.float32)


def check(y, shape, head, total):
    assert y.shape.as_list() == shape
    np.testing.assert_allclose(y.numpy().ravel()[:6], head, atol=2e-5)
    assert float(np.sum(y.numpy())) == pytest.approx(total, abs=1e-3)


def moving(layer):
    return [v.numpy().ravel() for v in layer.weights[-2:]]


def test_fused_path_training_moves_towards_the_corrected_variance():
    tf.keras.backend.clear_session()
    bn = L.BatchNormalization()
    check(bn(X4), [2, 3, 4, 3], [-0.9995, -0.1999, 0.5997, -0.7996, 0.0, 0.7996], -0.5997)
    assert [(v.name, v.trainable) for v in bn.weights] == [
        ("batch_normalization/gamma:0", True), ("batch_normalization/beta:0", True),
        ("batch_normalization/moving_mean:0", False),
        ("batch_normalization/moving_variance:0", False)]
    check(bn(X4, training=True), [2, 3, 4, 3],
          [-1.41, -0.31541, 0.85017, -1.10513, 0.01371, 1.16408], 0.0)
    mean, variance = moving(bn)
    np.testing.assert_allclose(mean, [-0.00075, -8.3e-05, 0.000583], atol=1e-6)
    np.testing.assert_allclose(variance, [0.99448, 0.993843, 0.994225], atol=1e-6)
    for _ in range(4):
        bn(X4, training=True)
    mean, variance = moving(bn)
    np.testing.assert_allclose(mean, [-0.003676, -0.000408, 0.002859], atol=1e-6)
    np.testing.assert_allclose(variance, [0.972949, 0.969824, 0.971699], atol=1e-6)
    check(bn(X4, training=False), [2, 3, 4, 3],
          [-1.00956, -0.20257, 0.60546, -0.8069, 0.00041, 0.80825], -0.5776)


def test_2d_path_moves_towards_the_biased_variance():
    bn = L.BatchNormalization(momentum=0.9, epsilon=0.01)
    check(bn(X2, training=True), [6, 4], [-1.48805, -0.56032, 1.27021, -0.99875, -0.048, 1.3074],
          0.0)
    mean, variance = moving(bn)
    np.testing.assert_allclose(mean, [0.003333, 0.11, 0.18, 0.286667], atol=1e-6)
    np.testing.assert_allclose(variance, [0.947222, 0.927667, 0.938667, 0.943556], atol=1e-6)
    bn(X2 * 2, training=True)
    mean, variance = moving(bn)
    np.testing.assert_allclose(mean, [0.009667, 0.319, 0.522, 0.831333], atol=1e-6)
    np.testing.assert_allclose(variance, [1.041389, 0.945567, 0.999467, 1.023422], atol=1e-6)
    check(bn(X2), [6, 4], [-0.98468, 0.49206, 2.06823, 1.34635, -0.00943, 1.51504], 24.5771)


def test_channel_axis_and_several_axes():
    bn = L.BatchNormalization(axis=1, center=False, scale=False)
    check(bn(X4, training=True), [2, 3, 4, 3],
          [-1.41, -0.19054, 1.02892, -1.10513, 0.11432, 1.33378], 0.0)
    assert len(bn.weights) == 2
    np.testing.assert_allclose(moving(bn)[0], [-0.00075, -8.3e-05, 0.000583], atol=1e-6)
    several = L.BatchNormalization(axis=[1, 3])
    check(several(X4, training=True), [2, 3, 4, 3],
          [-1.61955, -1.61955, 0.489, -0.80978, -0.80978, 0.71912], 0.0)
    assert [v.shape.as_list() for v in several.weights] == [[1, 3, 1, 3]] * 4
    np.testing.assert_allclose(moving(several)[0], [-0.006, 0.002, 0.00175, 0.002, 0.00175,
                                                    -0.004, 0.00175, -0.004, 0.004], atol=1e-6)


def test_training_under_a_tape_is_one_call_per_step(monkeypatch):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        L.Dense(3, kernel_initializer=tf.constant_initializer(det((4, 3)))),
        L.BatchNormalization(), L.Dense(1, kernel_initializer="ones")])
    opt = tf.train.GradientDescentOptimizer(0.1)
    calls = {"evaluate": 0, "gradient": 0}
    evaluate, execute_packed = graph._evaluate, graph.execute_packed

    def count(kind, fn):
        def counted(*args):
            calls[kind] += 1
            return fn(*args)
        return counted
    monkeypatch.setattr(graph, "_evaluate", count("evaluate", evaluate))
    monkeypatch.setattr(graph, "execute_packed", count("gradient", execute_packed))
    losses = []
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(model(X2, training=True) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        losses.append(float(loss.numpy()))
    assert calls == {"evaluate": 0, "gradient": 3}
    np.testing.assert_allclose(losses, [1.386587, 0.031807, 0.007427], atol=1e-6)
    mean, variance = moving(model.layers[1])  # the third step's update, read now
    np.testing.assert_allclose(mean, [-0.094729, 0.058341, -0.004011], atol=2e-6)
    np.testing.assert_allclose(variance, [0.985292, 0.978231, 0.992452], atol=2e-6)
    np.testing.assert_allclose(model(X2).numpy().ravel()[:6], [
        -0.10929, -0.27941, 0.11823, -0.32425, -0.56145, -0.36908], atol=2e-5)


def test_layer_normalization():
    tf.keras.backend.clear_session()
    ln = L.LayerNormalization()
    check(ln(X4), [2, 3, 4, 3], [-1.22331, 0.0, 1.22331, -1.22331, 0.0, 1.22331], 0.0)
    assert [v.name for v in ln.weights] == ["layer_normalization/gamma:0",
                                            "layer_normalization/beta:0"]
    several = L.LayerNormalization(axis=[1, 2], epsilon=0.1)
    several.build(X4.shape)
    assert [w.shape for w in several.get_weights()] == [(3, 4), (3, 4)]
    several.set_weights([det(w.shape) for w in several.get_weights()])
    check(several(X4), [2, 3, 4, 3], [0.24391, -0.7325, -1.78239, -0.0055, -0.20486, -0.41338],
          -2.8967)


@pytest.mark.parametrize("make, error, message", [
    (lambda: L.BatchNormalization(renorm=True), NotImplementedError,
     "BatchNormalization(renorm=True) is not supported by tfeager_compat"),
    (lambda: L.BatchNormalization(axis=4)(X4), ValueError, "Invalid axis: 4"),
    (lambda: L.BatchNormalization(axis=[1, -3])(X4), ValueError, "Duplicate axis: [1, 1]"),
    (lambda: L.BatchNormalization(axis="a"), TypeError,
     "axis must be int or list, type given: <class 'str'>"),
])
def test_errors(make, error, message):
    with pytest.raises(error) as e:
        make()
    assert str(e.value) == message


def test_config_defaults():
    config = L.BatchNormalization(name="b").get_config()
    assert {k: config[k] for k in ("axis", "momentum", "epsilon", "center", "scale")} == {
        "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True}
