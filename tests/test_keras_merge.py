"""tf.keras activation, merge, embedding and noise layers: values from TensorFlow.

Inputs are fixed patterns (`det`); layers with weights get `det(shape)` weights. Each row
gives the output shape, its first six values and its sum as TensorFlow printed them.
"""
import numpy as np
import pytest

import tfeager_compat as tf

L = tf.keras.layers


def det(shape):
    n = int(np.prod(shape))
    return ((np.arange(n) * 37 % 11 - 5) / 5).astype(np.float32).reshape(shape)


X = det((2, 3, 4))
Y = X[::-1].copy()

ACTIVATIONS = [
    ("leaky_relu", lambda: L.LeakyReLU(), [-0.3, -0.06, 0.6, -0.24, 0.0, 0.8], 3.84),
    ("leaky_relu_0.1", lambda: L.LeakyReLU(0.1), [-0.1, -0.02, 0.6, -0.08, 0.0, 0.8], 5.28),
    ("prelu", lambda: L.PReLU(), [1.0, 0.04, 0.6, 0.64, 0.0, 0.8], 7.84),
    ("prelu_shared_axes", lambda: L.PReLU(shared_axes=[1]), [1.0, 0.04, 0.6, 0.64, 0.0, 0.8],
     8.0),
    ("elu", lambda: L.ELU(0.5), [-0.31606, -0.09063, 0.6, -0.27534, 0.0, 0.8], 3.4484),
    ("thresholded_relu", lambda: L.ThresholdedReLU(0.5), [0.0, 0.0, 0.6, 0.0, 0.0, 0.8], 4.8),
    ("softmax", lambda: L.Softmax(), [0.10638, 0.23676, 0.52692, 0.12994, 0.20017, 0.44549],
     6.0),
    ("softmax_axis1", lambda: L.Softmax(axis=1),
     [0.09003, 0.22041, 0.47171, 0.22041, 0.24473, 0.59913], 8.0),
    ("relu", lambda: L.ReLU(), [0.0, 0.0, 0.6, 0.0, 0.0, 0.8], 6.0),
    ("relu_max_value", lambda: L.ReLU(max_value=0.6), [0.0, 0.0, 0.6, 0.0, 0.0, 0.6], 4.8),
    ("relu_slope_threshold", lambda: L.ReLU(max_value=0.8, negative_slope=0.1, threshold=0.2),
     [-0.12, -0.04, 0.6, -0.1, -0.02, 0.8], 4.2),
]


@pytest.mark.parametrize("name, make, head, total", ACTIVATIONS, ids=[c[0] for c in ACTIVATIONS])
def test_activation_layers(name, make, head, total):
    layer = make()
    layer.build(X.shape)
    layer.set_weights([det(w.shape) for w in layer.get_weights()])
    y = layer(tf.constant(X))
    assert y.shape.as_list() == [2, 3, 4]
    np.testing.assert_allclose(y.numpy().ravel()[:6], head, atol=2e-5)
    assert float(np.sum(y.numpy())) == pytest.approx(total, abs=1e-3)


def test_prelu_weight_shapes():
    layer = L.PReLU(shared_axes=[1], name="p")
    layer(X)
    assert [(v.name, v.shape.as_list()) for v in layer.weights] == [("p/alpha:0", [1, 4])]


A, B, C = tf.constant(X), tf.constant(Y), tf.constant(X * 2)
MERGES = [
    ("add", lambda: L.Add()([A, B, C]), [2, 3, 4], [-3.2, 0.0, 1.0, -2.4, 0.8, 1.8], -4.8),
    ("subtract", lambda: L.Subtract()([A, B]), [2, 3, 4], [-0.8, -0.8, 1.4, -0.8, -0.8, 1.4], 0.0),
    ("multiply", lambda: L.Multiply()([A, B, C]), [2, 3, 4],
     [-0.4, 0.048, -0.576, 0.0, 0.0, -0.768], -0.48),
    ("average", lambda: L.Average()([A, B, C]), [2, 3, 4],
     [-1.06667, 0.0, 0.33333, -0.8, 0.26667, 0.6], -1.6),
    ("maximum", lambda: L.Maximum()([A, B, C]), [2, 3, 4], [-0.2, 0.6, 1.2, 0.0, 0.8, 1.6], 16.6),
    ("minimum", lambda: L.Minimum()([A, B]), [2, 3, 4], [-1.0, -0.2, -0.8, -0.8, 0.0, -0.6], -13.2),
    ("concatenate", lambda: L.Concatenate()([A, B]), [2, 3, 8],
     [-1.0, -0.2, 0.6, -0.8, -0.2, 0.6], -2.4),
    ("concatenate_axis1", lambda: L.Concatenate(axis=1)([A, B]), [2, 6, 4],
     [-1.0, -0.2, 0.6, -0.8, 0.0, 0.8], -2.4),
    ("dot_2d", lambda: L.Dot(axes=1)([A[:, 0], B[:, 1]]), [2, 1], [-1.36, 0.96], -0.4),
    ("dot_3d_axes_2_2", lambda: L.Dot(axes=(2, 2))([A, B]), [2, 3, 3],
     [-0.4, -1.36, -0.12, 0.96, -0.4, 0.88], -3.68),
    ("dot_3d_axes_1", lambda: L.Dot(axes=1)([A, B]), [2, 4, 4],
     [-0.2, -0.2, -0.2, -0.2, 0.84, -0.76], 2.24),
    ("dot_normalize", lambda: L.Dot(axes=-1, normalize=True)([A, B]), [2, 3, 3],
     [-0.27462, -0.66667, -0.07204, 0.92308, -0.27462, 0.73994], -0.9738),
    ("dot_axes_1_2", lambda: L.Dot(axes=(1, 2))([A[:, :, :3], B[:, :, :3]]), [2, 3, 3],
     [-0.6, -0.6, -0.6, 0.84, -0.72, 0.8], -1.96),
    ("add_function", lambda: L.add([A, B]), [2, 3, 4], [-1.2, 0.4, -0.2, -0.8, 0.8, 0.2], -2.4),
    ("concatenate_function", lambda: L.concatenate([A, B], axis=0), [4, 3, 4],
     [-1.0, -0.2, 0.6, -0.8, 0.0, 0.8], -2.4),
    ("dot_function", lambda: L.dot([A, B], axes=2), [2, 3, 3],
     [-0.4, -1.36, -0.12, 0.96, -0.4, 0.88], -3.68),
    ("add_lower_rank", lambda: L.add([A, B[:, 0]]), [2, 3, 4],
     [-1.2, 0.4, -0.2, -0.8, -0.2, 1.4], -6.6),
]


@pytest.mark.parametrize("name, run, shape, head, total", MERGES, ids=[c[0] for c in MERGES])
def test_merge_layers(name, run, shape, head, total):
    y = run()
    assert y.shape.as_list() == shape
    np.testing.assert_allclose(y.numpy().ravel()[:6], head, atol=2e-5)
    assert float(np.sum(y.numpy())) == pytest.approx(total, abs=1e-3)


def test_merge_static_shapes():
    assert L.Add().compute_output_shape([(None, 3, 4), (None, 3, 4)]).as_list() == [None, 3, 4]
    assert L.Concatenate(axis=1).compute_output_shape(
        [(None, 3, 4), (None, 2, 4)]).as_list() == [None, 5, 4]
    assert L.Dot(axes=(2, 2)).compute_output_shape(
        [(None, 3, 4), (None, 5, 4)]).as_list() == [None, 3, 5]
    assert L.Dot(axes=1).compute_output_shape([(None, 4), (None, 4)]).as_list() == [None, 1]


# TF 1.15's messages (TF 2 reworded them and accepts a one-element list).
@pytest.mark.parametrize("run, message", [
    (lambda: L.Add()(A), "A merge layer should be called on a list of inputs."),
    (lambda: L.Add()([A]), "A merge layer should be called on a list of at least 2 inputs. "
     "Got 1 inputs."),
    (lambda: L.Subtract()([A, B, C]), "A `Subtract` layer should be called on exactly 2 inputs"),
    (lambda: L.Concatenate()([A, B[:, :2, :2]]), "A `Concatenate` layer requires inputs with "
     "matching shapes except for the concat axis. Got inputs shapes: [(2, 3, 4), (2, 2, 2)]"),
    (lambda: L.Dot(axes=1)([A, B[:, :2]]), "Dimension incompatibility 3 != 2. Layer shapes: "
     "(2, 3, 4), (2, 2, 4)"),
    (lambda: L.Add()([A, B[:, :2]]), "Operands could not be broadcast together with shapes "
     "(3, 4) (2, 4)"),
    (lambda: L.ReLU(max_value=-1), "max_value of Relu layer cannot be negative value: -1"),
    (lambda: L.ReLU(negative_slope=-1), "negative_slope of Relu layer cannot be negative "
     "value: -1"),
])
def test_errors(run, message):
    with pytest.raises(ValueError) as e:
        run()
    assert str(e.value) == message


def test_embedding_lookup_names_and_mask():
    tf.keras.backend.clear_session()
    ids = tf.constant([[0, 1, 4], [2, 0, 3]])
    layer = L.Embedding(5, 3)
    layer.build(ids.shape)
    layer.set_weights([det((5, 3))])
    assert layer.dtype == "float32" and [v.name for v in layer.weights] == ["embeddings:0"]
    np.testing.assert_allclose(layer(ids).numpy(), [
        [[-1.0, -0.2, 0.6], [-0.8, 0.0, 0.8], [-0.2, 0.6, -0.8]],
        [[-0.6, 0.2, 1.0], [-1.0, -0.2, 0.6], [-0.4, 0.4, -1.0]]], atol=1e-6)
    masked = L.Embedding(5, 2, mask_zero=True, input_length=3)
    assert masked(ids).shape.as_list() == [2, 3, 2]
    assert [v.name for v in masked.weights] == ["embedding_1/embeddings:0"]
    assert masked.compute_mask(ids).numpy().tolist() == [[False, True, True], [True, False, True]]
    assert masked.compute_output_shape((None, 3)).as_list() == [None, 3, 2]
    assert masked(tf.constant([[1.0, 2.0, 3.0]])).shape.as_list() == [1, 3, 2]  # float ids cast
    with pytest.raises(ValueError, match=r'^"input_length" is 3, but received input has shape '
                                         r'\(None, 4\)$'):
        masked.compute_output_shape((None, 4))


def test_embedding_in_a_sequential_model():
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([L.Embedding(10, 4, input_length=5), L.Flatten(), L.Dense(1)])
    assert [v.name for v in model.variables] == ["embedding/embeddings:0", "dense/kernel:0",
                                                 "dense/bias:0"]
    assert model.layers[0].get_config()["batch_input_shape"] == (None, 5)
    init = model.layers[0].embeddings.numpy()
    assert init.dtype == np.float32 and np.abs(init).max() <= 0.05  # "uniform": +-0.05


@pytest.mark.parametrize("make", [lambda: L.GaussianNoise(0.5), lambda: L.GaussianDropout(0.3)])
def test_noise_layers_act_only_when_training(make):
    layer = make()
    np.testing.assert_array_equal(layer(A).numpy(), X)
    noisy = layer(A, training=True).numpy()
    assert noisy.shape == (2, 3, 4) and not np.array_equal(noisy, X)
