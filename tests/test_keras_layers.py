"""tf.keras layers: one row per layer configuration, outputs for fixed weights from TensorFlow.

Inputs are x = arange(24).reshape(2, 3, 4) / 10 - 1 (float32); each row gives the output shape
and the first eight output values TensorFlow printed (rounded to 5 decimals).
"""
import numpy as np
import pytest

import tfeager_compat as tf

X = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10 - 1
L = tf.keras.layers
LINEAR = [-1.0, -0.9, -0.8, -0.7, -0.6, -0.5, -0.4, -0.3]
CHANNELS_FIRST = [-1.0, -0.6, -0.2, -0.9, -0.5, -0.1, -0.8, -0.4]

CASES = [
    ("dense3d", lambda: L.Dense(2, kernel_initializer=tf.constant_initializer(
        [[1, 2], [3, 4], [5, 6], [7, 8]]), bias_initializer="ones", activation="tanh"), X,
     [2, 3, 2], [-1.0, -1.0, -0.99994, -1.0, 0.83365, 0.76159, 1.0, 1.0]),
    ("dense2d_relu", lambda: L.Dense(2, kernel_initializer=tf.constant_initializer(
        [[1, -2], [3, 4], [-5, 6], [7, 8]]), use_bias=False, activation="relu"), X[0],
     [3, 2], [0.0, 0.0, 0.0, 0.0, 0.2, 0.8]),
    ("relu", lambda: L.Activation("relu"), X, [2, 3, 4], [0.0] * 8),
    ("sigmoid", lambda: L.Activation("sigmoid"), X, [2, 3, 4],
     [0.26894, 0.28905, 0.31003, 0.33181, 0.35434, 0.37754, 0.40131, 0.42556]),
    ("tanh", lambda: L.Activation("tanh"), X, [2, 3, 4],
     [-0.76159, -0.7163, -0.66404, -0.60437, -0.53705, -0.46212, -0.37995, -0.29131]),
    ("softmax", lambda: L.Activation("softmax"), X, [2, 3, 4],
     [0.21384, 0.23633, 0.26118, 0.28865, 0.21384, 0.23633, 0.26118, 0.28865]),
    ("elu", lambda: L.Activation("elu"), X, [2, 3, 4],
     [-0.63212, -0.59343, -0.55067, -0.50341, -0.45119, -0.39347, -0.32968, -0.25918]),
    ("selu", lambda: L.Activation("selu"), X, [2, 3, 4],
     [-1.11133, -1.04331, -0.96813, -0.88505, -0.79323, -0.69176, -0.57961, -0.45567]),
    ("softplus", lambda: L.Activation("softplus"), X, [2, 3, 4],
     [0.31326, 0.34115, 0.3711, 0.40319, 0.43749, 0.47408, 0.51302, 0.55436]),
    ("softsign", lambda: L.Activation("softsign"), X, [2, 3, 4],
     [-0.5, -0.47368, -0.44444, -0.41176, -0.375, -0.33333, -0.28571, -0.23077]),
    ("hard_sigmoid", lambda: L.Activation("hard_sigmoid"), X, [2, 3, 4],
     [0.3, 0.32, 0.34, 0.36, 0.38, 0.4, 0.42, 0.44]),
    ("exponential", lambda: L.Activation("exponential"), X, [2, 3, 4],
     [0.36788, 0.40657, 0.44933, 0.49659, 0.54881, 0.60653, 0.67032, 0.74082]),
    ("linear", lambda: L.Activation("linear"), X, [2, 3, 4], LINEAR),
    ("flatten", lambda: L.Flatten(), X, [2, 12], LINEAR),
    ("flatten_channels_first", lambda: L.Flatten(data_format="channels_first"), X, [2, 12],
     CHANNELS_FIRST),
    ("reshape", lambda: L.Reshape((4, -1)), X, [2, 4, 3], LINEAR),
    ("permute", lambda: L.Permute((2, 1)), X, [2, 4, 3], CHANNELS_FIRST),
    ("repeat_vector", lambda: L.RepeatVector(2), X[:, 0], [2, 2, 4],
     [-1.0, -0.9, -0.8, -0.7, -1.0, -0.9, -0.8, -0.7]),
    ("lambda", lambda: L.Lambda(lambda t, k: t * k, arguments={"k": 3.0}), X, [2, 3, 4],
     [-3.0, -2.7, -2.4, -2.1, -1.8, -1.5, -1.2, -0.9]),
    ("dropout_inference", lambda: L.Dropout(0.5), X, [2, 3, 4], LINEAR),
]


@pytest.mark.parametrize("name, make, x, shape, head", CASES, ids=[c[0] for c in CASES])
def test_layer_outputs(name, make, x, shape, head):
    layer = make()
    y = layer(x)
    assert y.shape.as_list() == shape and y.dtype == tf.float32
    np.testing.assert_allclose(y.numpy().ravel()[:8], head, atol=2e-5)
    static = layer.compute_output_shape(tf.TensorShape([None] + list(x.shape[1:])))
    assert static.as_list() == [None] + shape[1:]


@pytest.mark.parametrize("make, error, message", [
    (lambda: L.Permute((1, 3)), ValueError, "Invalid permutation `dims` for Permute Layer: "
     "(1, 3). The set of indices in `dims` must be consecutive and start from 1."),
    (lambda: tf.keras.activations.get("nope"), ValueError, "Unknown activation function:nope"),
    (lambda: L.RepeatVector(2)(X), ValueError, "Input 0 of layer repeat_vector is "
     "incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: "
     "[2, 3, 4]"),
    (lambda: tf.keras.activations.softmax(tf.ones([3])), ValueError, "Cannot apply softmax to "
     "a tensor that is 1D. Received input: tf.Tensor([1. 1. 1.], shape=(3,), dtype=float32)"),
    (lambda: L.Reshape((5, -1)).compute_output_shape((None, 3, 4)), ValueError,
     "total size of new array must be unchanged"),
])
def test_layer_errors(make, error, message):
    tf.keras.backend.clear_session()
    with pytest.raises(error) as e:
        make()
    assert str(e.value) == message


def test_activation_functions_with_arguments():
    relu = tf.keras.activations.relu(tf.constant([-2., 0.5, 3., 8.]), alpha=0.1, max_value=6.,
                                     threshold=1.0)
    np.testing.assert_allclose(relu.numpy(), [-0.3, -0.05, 3., 6.], rtol=1e-6)
    elu = tf.keras.activations.elu(tf.constant([-2., 0.5]), alpha=0.5)
    np.testing.assert_allclose(elu.numpy(), [-0.43233237, 0.5], rtol=1e-6)
    assert tf.keras.activations.get(None) is tf.keras.activations.linear
    assert tf.keras.activations.serialize(tf.keras.activations.tanh) == "tanh"


def test_dense_gradient_through_the_op_table():
    d = L.Dense(1, kernel_initializer="ones", bias_initializer="zeros")
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(d(x) ** 2)
    kernel_grad, bias_grad = tape.gradient(loss, d.trainable_variables)
    assert kernel_grad.numpy().tolist() == [[48.0], [68.0]] and bias_grad.numpy().tolist() == [20.0]
