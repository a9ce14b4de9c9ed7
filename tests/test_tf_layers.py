"""TF1's tf.layers and tf.contrib.layers in eager mode: names, defaults and values from
TensorFlow (tf.contrib from TF 1.15's documented behaviour)."""
import numpy as np
import pytest

import tfeager_compat as tf


def det(shape, scale=5):
    n = int(np.prod(shape))
    return ((np.arange(n) * 37 % 11 - 5) / scale).astype(np.float32).reshape(shape)


X = tf.constant(det((2, 6)))
IMG = tf.constant(det((2, 6, 6, 2)))


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def test_dense_names_and_variable_scopes():
    assert tf.layers.dense(X, 3).shape.as_list() == [2, 3]
    layer = tf.layers.Dense(3, kernel_initializer=tf.constant_initializer(det((6, 3))))
    np.testing.assert_allclose(layer(X).numpy(), [[1.12, 0.64, 0.16], [-0.08, -0.4, 1.48]],
                               atol=1e-6)
    assert [v.name for v in layer.variables] == ["dense_1/kernel:0", "dense_1/bias:0"]
    with tf.variable_scope("outer"):
        inner = tf.layers.Dense(2)
        inner(X)
    assert [v.name for v in inner.variables] == ["outer/dense/kernel:0", "outer/dense/bias:0"]
    with tf.variable_scope("init", initializer=tf.ones_initializer()):
        ones = tf.layers.Dense(2)  # kernel_initializer None: the variable scope's default
        np.testing.assert_allclose(ones(X).numpy(), [[-0.6, -0.6], [-0.4, -0.4]], atol=1e-6)


def test_functional_forms_share_only_inside_an_eager_variable_store():
    ones = tf.constant(np.ones((2, 3), np.float32))
    first, second = tf.layers.dense(ones, 2, name="fc"), tf.layers.dense(ones, 2, name="fc")
    assert not np.array_equal(first.numpy(), second.numpy())  # new variables per call
    store = tf.contrib.eager.EagerVariableStore()
    with store.as_default(), tf.variable_scope("in_store"):
        first, second = tf.layers.dense(ones, 2, name="fc"), tf.layers.dense(ones, 2, name="fc")
        tf.layers.dense(ones, 2)  # unnamed: a unique scope each
        tf.layers.dense(ones, 2)
    np.testing.assert_array_equal(first.numpy(), second.numpy())
    assert sorted(v.name for v in store.variables()) == [
        "in_store/dense/bias:0", "in_store/dense/kernel:0", "in_store/dense_1/bias:0",
        "in_store/dense_1/kernel:0", "in_store/fc/bias:0", "in_store/fc/kernel:0"]


def test_dropout_defaults_to_inference():
    layer = tf.layers.Dropout()
    assert layer.rate == 0.5
    np.testing.assert_array_equal(layer(X).numpy(), X.numpy())
    np.testing.assert_array_equal(tf.layers.dropout(X, 0.5).numpy(), X.numpy())
    assert not np.array_equal(tf.layers.dropout(X, 0.5, training=True).numpy(), X.numpy())


def test_convolution_pooling_and_flatten():
    conv = tf.layers.Conv2D(3, 3, kernel_initializer=tf.constant_initializer(det((3, 3, 2, 3))),
                            padding="same", activation=tf.nn.relu)
    out = conv(IMG)
    assert out.shape.as_list() == [2, 6, 6, 3]
    np.testing.assert_allclose(out.numpy().ravel()[:6], [0.6, 0.48, 0.0, 0.0, 0.0, 1.76],
                               atol=1e-5)
    assert [v.name for v in conv.variables] == ["conv2d/kernel:0", "conv2d/bias:0"]
    pooled = tf.layers.max_pooling2d(out, 2, 2)
    np.testing.assert_allclose(pooled.numpy().ravel()[:6], [2.12, 0.48, 1.76, 1.04, 2.24, 0.96],
                               atol=1e-5)
    averaged = tf.layers.average_pooling2d(out, 3, 1, padding="same")
    np.testing.assert_allclose(averaged.numpy().ravel()[:6],
                               [0.73, 0.23, 0.44, 0.53333, 0.52667, 0.45333], atol=1e-5)
    assert tf.layers.flatten(pooled).shape.as_list() == [2, 27]
    transposed = tf.layers.conv2d_transpose(
        IMG, 2, 3, strides=2, kernel_initializer=tf.constant_initializer(det((3, 3, 2, 2))))
    assert transposed.shape.as_list() == [2, 13, 13, 2]
    np.testing.assert_allclose(transposed.numpy().ravel()[:4], [1.04, -0.44, -0.16, 0.56],
                               atol=1e-5)
    steps = tf.layers.conv1d(tf.constant(det((2, 7, 3))), 2, 3,
                             kernel_initializer=tf.ones_initializer())
    np.testing.assert_allclose(steps.numpy().ravel()[:4], [0.0, 0.0, -0.4, -0.4], atol=1e-6)
    assert tf.layers.MaxPooling1D(2, 2)(tf.constant(det((2, 7, 3)))).shape.as_list() == [2, 3, 3]
    with pytest.raises(TypeError, match=r"^MaxPooling2D.__init__\(\) missing 1 required "
                                        r"positional argument: 'strides'$"):
        tf.layers.MaxPooling2D(2)


def test_batch_normalization_trains_only_when_told():
    bn = tf.layers.BatchNormalization()
    np.testing.assert_allclose(bn(IMG).numpy().ravel()[:4], [-0.9995, -0.1999, 0.5997, -0.7996],
                               atol=1e-5)
    np.testing.assert_allclose(bn(IMG, training=True).numpy().ravel()[:4],
                               [-1.57496, -0.28467, 0.93105, -1.23065], atol=1e-5)
    np.testing.assert_allclose([v.numpy() for v in bn.variables[2:]],
                               [[5.6e-05, -0.000194], [0.994124, 0.994069]], atol=1e-6)
    np.testing.assert_allclose(tf.layers.batch_normalization(IMG, training=True).numpy().ravel()[
        :4], [-1.57496, -0.28467, 0.93105, -1.23065], atol=1e-5)


def test_contrib_fully_connected_and_flatten():
    ones = tf.constant(np.ones((2, 3), np.float32))
    store = tf.contrib.eager.EagerVariableStore()
    with store.as_default():
        relu = tf.contrib.layers.fully_connected(
            ones, 2, weights_initializer=tf.constant_initializer([[1, -1], [1, -1], [1, -1]]))
        linear = tf.contrib.layers.fully_connected(
            ones, 2, activation_fn=None, biases_initializer=None, scope="head",
            weights_initializer=tf.constant_initializer([[1, -1], [1, -1], [1, -1]]))
    np.testing.assert_array_equal(relu.numpy(), [[3, 0], [3, 0]])  # relu by default
    np.testing.assert_array_equal(linear.numpy(), [[3, -3], [3, -3]])
    assert sorted(v.name for v in store.variables()) == [
        "fully_connected/biases:0", "fully_connected/weights:0", "head/weights:0"]
    assert tf.contrib.layers.flatten(IMG).shape.as_list() == [2, 72]


def test_clear_session_restarts_layer_and_scope_names():
    # TF replaces the graph: names start again (values from TensorFlow).
    def names():
        layer = tf.layers.Dense(2)
        layer(tf.ones([1, 3]))
        with tf.variable_scope(None, default_name="blk"):
            return [v.name for v in layer.variables] + [tf.get_variable("w", [1]).name]
    tf.keras.backend.clear_session()
    assert names() == ["dense/kernel:0", "dense/bias:0", "blk/w:0"]
    assert names() == ["dense_1/kernel:0", "dense_1/bias:0", "blk_1/w:0"]
    tf.keras.backend.clear_session()
    assert names() == ["dense/kernel:0", "dense/bias:0", "blk/w:0"]


def test_reset_default_graph_forgets_the_global_step_and_names():
    # Eager TF still keeps a default graph: the global step and name counters live in it.
    step = tf.train.get_or_create_global_step()
    step.assign(5)
    with tf.variable_scope(None, default_name="blk"):
        tf.get_variable("w", [1])
    tf.add_to_collection("mine", 1)
    tf.reset_default_graph()
    assert tf.train.get_global_step() is None and tf.get_collection("mine") == []
    with tf.variable_scope(None, default_name="blk"):
        assert tf.get_variable("w", [1]).name == "blk/w:0"
    assert int(tf.train.get_or_create_global_step()) == 0
    tf.keras.backend.clear_session()
    assert tf.train.get_global_step() is None
