"""tf.keras convolution, shape and pooling layers: outputs for fixed weights from TensorFlow.

Each row builds the layer for its input, sets every weight to `det(shape)` (a fixed
pattern), and compares the output shape, the number of weights, the first six values and
the sum with what TensorFlow printed for the same script.
"""
import numpy as np
import pytest

import tfeager_compat as tf

L = tf.keras.layers


def det(shape):
    n = int(np.prod(shape))
    return ((np.arange(n) * 37 % 11 - 5) / 10).astype(np.float32).reshape(shape)


X1, X2, X3 = det((2, 7, 3)), det((2, 6, 5, 3)), det((1, 4, 5, 4, 2))

CASES = [
    ("conv1d", lambda: L.Conv1D(2, 3), X1,
     [2, 5, 2], 2, [0.11, -0.37, -0.32, -0.11, -0.53, 0.37], -5.79),
    ("conv1d_same_stride", lambda: L.Conv1D(2, 3, strides=2, padding="same", activation="relu"),
     X1, [2, 4, 2], 2, [0.0, 0.0, 0.0, 0.0, 0.0, 0.0], 0.33),
    ("conv1d_causal_dilated", lambda: L.Conv1D(2, 2, padding="causal", dilation_rate=2), X1,
     [2, 7, 2], 2, [-0.34, -0.28, -0.3, -0.34, -0.04, -0.19], -7.74),
    ("conv2d", lambda: L.Conv2D(4, 3), X2,
     [2, 4, 3, 4], 2, [0.14, -0.33, 0.74, -0.17, -0.27, 0.34], -15.41),
    ("conv2d_same_stride2", lambda: L.Conv2D(2, (3, 2), strides=2, padding="same",
                                             use_bias=False), X2,
     [2, 3, 3, 2], 1, [-0.06, 0.21, 0.07, 0.9, 0.35, -0.07], -0.14),
    ("conv2d_dilated", lambda: L.Conv2D(2, 2, dilation_rate=(2, 1), activation="tanh"), X2,
     [2, 4, 4, 2], 2, [-0.14889, -0.32748, -0.08976, -0.59152, -0.34521, -0.13909], -15.9159),
    ("conv2d_channels_first", lambda: L.Conv2D(2, 3, data_format="channels_first"),
     X2.reshape(2, 3, 6, 5), [2, 2, 4, 3], 2, [-0.46, 1.08, -0.46, -1.56, -0.68, -0.68], -13.07),
    ("conv3d", lambda: L.Conv3D(2, (2, 3, 2)), X3,
     [1, 3, 3, 3, 2], 2, [0.53, 0.07, -1.61, 0.66, -0.67, -0.51], -17.39),
    ("conv2d_transpose", lambda: L.Conv2DTranspose(2, 3), X2,
     [2, 8, 7, 2], 2, [-0.15, 0.22, 0.11, 0.15, 0.01, -0.03], -64.46),
    ("conv2d_transpose_same_stride2", lambda: L.Conv2DTranspose(2, 3, strides=2, padding="same"),
     X2, [2, 12, 10, 2], 2, [-0.15, 0.22, -0.21, -0.17, -0.28, 0.09], -145.9),
    ("conv2d_transpose_output_padding", lambda: L.Conv2DTranspose(
        2, (2, 3), strides=(2, 3), output_padding=(1, 2)), X2,
     [2, 13, 17, 2], 2, [-0.15, 0.22, -0.21, -0.17, -0.6, -0.23], -264.41),
    ("separable_conv2d", lambda: L.SeparableConv2D(3, 2, depth_multiplier=2), X2,
     [2, 5, 4, 3], 3, [-0.661, -0.109, 0.19, -0.674, -0.146, 0.459], -12.864),
    ("separable_conv2d_same", lambda: L.SeparableConv2D(2, 3, strides=2, padding="same"), X2,
     [2, 3, 3, 2], 3, [-0.497, -0.119, -0.644, 0.044, -0.557, -0.161], -9.64),
    ("depthwise_conv2d", lambda: L.DepthwiseConv2D(2, depth_multiplier=2), X2,
     [2, 5, 4, 6], 2, [-0.12, -0.04, 0.01, -0.26, 0.06, 0.43], -11.89),
    ("depthwise_conv2d_same", lambda: L.DepthwiseConv2D(3, strides=2, padding="same"), X2,
     [2, 3, 3, 3], 2, [-0.23, 0.36, 0.78, -0.38, -0.38, 0.41], 1.8),
    ("zero_padding1d", lambda: L.ZeroPadding1D((1, 2)), X1,
     [2, 10, 3], 0, [0.0, 0.0, 0.0, -0.5, -0.1, 0.3], 0.0),
    ("zero_padding2d", lambda: L.ZeroPadding2D(((1, 0), (2, 1))), X2,
     [2, 7, 8, 3], 0, [0.0] * 6, -0.7),
    ("zero_padding2d_channels_first", lambda: L.ZeroPadding2D(1, data_format="channels_first"),
     X2, [2, 6, 7, 5], 0, [0.0] * 6, -0.7),
    ("cropping2d", lambda: L.Cropping2D(((1, 2), (0, 1))), X2,
     [2, 3, 4, 3], 0, [0.0, 0.4, -0.3, 0.1, 0.5, -0.2], -0.1),
    ("cropping2d_channels_first", lambda: L.Cropping2D(1, data_format="channels_first"), X2,
     [2, 6, 3, 1], 0, [0.0, 0.1, 0.2, 0.5, -0.5, -0.4], 0.3),
    ("upsampling1d", lambda: L.UpSampling1D(3), X1,
     [2, 21, 3], 0, [-0.5, -0.1, 0.3, -0.5, -0.1, 0.3], 0.0),
    ("upsampling2d", lambda: L.UpSampling2D((2, 3)), X2,
     [2, 12, 15, 3], 0, [-0.5, -0.1, 0.3, -0.5, -0.1, 0.3], -4.2),
    ("upsampling2d_channels_first", lambda: L.UpSampling2D(2, data_format="channels_first"), X2,
     [2, 6, 10, 6], 0, [-0.5, -0.5, -0.1, -0.1, 0.3, 0.3], -2.8),
    ("max_pooling1d", lambda: L.MaxPooling1D(), X1,
     [2, 3, 3], 0, [-0.4, 0.0, 0.4, -0.2, 0.2, 0.5], 1.0),
    ("max_pool1d_same", lambda: L.MaxPool1D(3, strides=1, padding="same"), X1,
     [2, 7, 3], 0, [-0.4, 0.0, 0.4, -0.3, 0.1, 0.5], 5.2),
    ("max_pooling1d_channels_first", lambda: L.MaxPooling1D(2, data_format="channels_first"), X1,
     [2, 7, 1], 0, [-0.1, 0.0, 0.1, 0.2, 0.3, 0.4], 2.8),
    ("max_pooling2d", lambda: L.MaxPooling2D(), X2,
     [2, 3, 2, 3], 0, [0.1, 0.5, 0.4, 0.3, 0.2, 0.5], 12.8),
    ("max_pool2d_same", lambda: L.MaxPool2D((3, 2), strides=(2, 1), padding="same"), X2,
     [2, 3, 5, 3], 0, [0.5, 0.5, 0.4, 0.2, 0.5, 0.5], 33.2),
    ("max_pooling2d_channels_first", lambda: L.MaxPooling2D(2, data_format="channels_first"), X2,
     [2, 6, 2, 1], 0, [0.0, 0.2, 0.5, 0.3, 0.5, 0.1], 7.6),
    ("max_pooling3d", lambda: L.MaxPooling3D(), X3,
     [1, 2, 2, 2, 2], 0, [0.5, 0.5, 0.5, 0.4, 0.4, 0.5], 7.6),
    ("average_pooling1d", lambda: L.AveragePooling1D(3), X1,
     [2, 2, 3], 0, [-0.4, 0.0, 0.4, -0.1, 0.3, -0.4], -0.2333),
    ("average_pooling2d", lambda: L.AveragePooling2D(), X2,
     [2, 3, 2, 3], 0, [-0.2, 0.2, 0.05, 0.0, -0.15, -0.025], -0.125),
    ("avg_pool2d_same", lambda: L.AvgPool2D(3, strides=2, padding="same"), X2,
     [2, 3, 3, 3], 0, [-0.13333, 0.08333, 0.11667, -0.16667, -0.01111, 0.14444], 0.1),
    ("average_pooling3d_same", lambda: L.AveragePooling3D((2, 2, 1), padding="same"), X3,
     [1, 2, 3, 4, 2], 0, [0.025, 0.15, 0.0, -0.15, -0.025, 0.1], -0.15),
    ("global_average_pooling1d", lambda: L.GlobalAveragePooling1D(), X1,
     [2, 3], 0, [-0.2, 0.2, -0.02857, 0.02857, -0.2, 0.2], -0.0),
    ("global_max_pooling1d", lambda: L.GlobalMaxPooling1D(), X1,
     [2, 3], 0, [0.1, 0.5, 0.5, 0.5, 0.1, 0.5], 2.2),
    ("global_average_pooling2d", lambda: L.GlobalAveragePooling2D(), X2,
     [2, 3], 0, [-0.04, 0.03, -0.01, -0.01, -0.01333, 0.02], -0.0233),
    ("global_max_pool2d", lambda: L.GlobalMaxPool2D(), X2,
     [2, 3], 0, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 3.0),
    ("global_avg_pool2d_channels_first", lambda: L.GlobalAvgPool2D(data_format="channels_first"),
     X2, [2, 6], 0, [-0.04667, 0.01333, 0.0, -0.01333, 0.04667, -0.04], -0.0467),
    ("global_average_pooling3d", lambda: L.GlobalAveragePooling3D(), X3,
     [1, 2], 0, [-0.0025, -0.00125], -0.0037),
    ("global_max_pooling3d", lambda: L.GlobalMaxPooling3D(), X3, [1, 2], 0, [0.5, 0.5], 1.0),
]


@pytest.mark.parametrize("name, make, x, shape, n_weights, head, total", CASES,
                         ids=[c[0] for c in CASES])
def test_layer_outputs(name, make, x, shape, n_weights, head, total):
    layer = make()
    layer.build(x.shape)
    weights = layer.get_weights()
    assert len(weights) == n_weights
    layer.set_weights([det(w.shape) for w in weights])
    y = layer(tf.constant(x))
    assert y.shape.as_list() == shape and y.dtype == tf.float32
    np.testing.assert_allclose(y.numpy().ravel()[:6], head, atol=2e-5)
    assert float(np.sum(y.numpy())) == pytest.approx(total, abs=1e-3)
    static = layer.compute_output_shape(tf.TensorShape([None] + list(x.shape[1:])))
    assert static.as_list() == [None] + shape[1:]


def test_bilinear_upsampling_is_tf1_resize_bilinear():
    # TF 1.15's backend.resize_images uses image.resize_bilinear (no half-pixel centers).
    x = np.arange(6, dtype=np.float32).reshape(1, 3, 2, 1)
    y = L.UpSampling2D(interpolation="bilinear")(x)
    assert y.shape.as_list() == [1, 6, 4, 1]
    np.testing.assert_allclose(y.numpy().ravel()[:12],
                               [0.0, 0.5, 1.0, 1.0, 1.0, 1.5, 2.0, 2.0, 2.0, 2.5, 3.0, 3.0])


def test_variable_names_and_shapes_in_a_model():
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        L.Conv2D(2, 3, input_shape=(5, 5, 1)), L.Conv2D(2, 3), L.SeparableConv2D(2, 1),
        L.DepthwiseConv2D(1), L.Conv2DTranspose(1, 2)])
    assert [v.name for v in model.variables] == [
        "conv2d/kernel:0", "conv2d/bias:0", "conv2d_1/kernel:0", "conv2d_1/bias:0",
        "separable_conv2d/depthwise_kernel:0", "separable_conv2d/pointwise_kernel:0",
        "separable_conv2d/bias:0", "depthwise_conv2d/depthwise_kernel:0",
        "depthwise_conv2d/bias:0", "conv2d_transpose/kernel:0", "conv2d_transpose/bias:0"]
    assert [v.shape.as_list() for v in model.variables] == [
        [3, 3, 1, 2], [2], [3, 3, 2, 2], [2], [1, 1, 2, 1], [1, 1, 2, 2], [2], [1, 1, 2, 1],
        [2], [2, 2, 1, 2], [1]]


def test_float64_input_builds_float64_kernel_and_trains_under_a_tape():
    layer = L.Conv2D(2, 2)
    x = tf.constant(det((1, 3, 3, 1)).astype(np.float64))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) ** 2)
    grads = tape.gradient(loss, layer.trainable_variables)
    assert layer.kernel.dtype == tf.float64
    assert [g.shape.as_list() for g in grads] == [[2, 2, 1, 2], [2]]
    assert all(g.dtype == tf.float64 for g in grads)


@pytest.mark.parametrize("make, message", [
    (lambda: L.Conv2D(2, (3, 3, 3)),
     "The `kernel_size` argument must be a tuple of 2 integers. Received: (3, 3, 3)"),
    (lambda: L.Conv2D(2, (3, "a")), "The `kernel_size` argument must be a tuple of 2 integers. "
     "Received: (3, 'a') including element a of type <class 'str'>"),
    (lambda: L.Conv2D(2, 3, padding="full"), "The `padding` argument must be a list/tuple or "
     "one of \"valid\", \"same\" (or \"causal\", only for `Conv1D). Received: full"),
    (lambda: L.Conv2D(2, 3, padding="causal"),
     "Causal padding is only supported for `Conv1D`and ``SeparableConv1D`."),
    (lambda: L.Conv2D(2, 3, data_format="nchw"), "The `data_format` argument must be one of "
     "\"channels_first\", \"channels_last\". Received: nchw"),
    (lambda: L.ZeroPadding2D((1, 2, 3)), "`padding` should have two elements. Found: (1, 2, 3)"),
    (lambda: L.Cropping2D("ab"),
     "The `1st entry of cropping` argument must be a tuple of 2 integers. Received: a"),
    (lambda: L.UpSampling2D(interpolation="cubic"),
     "`interpolation` argument should be one of `\"nearest\"` or `\"bilinear\"`."),
    (lambda: L.Conv2DTranspose(2, 3, strides=2, output_padding=2),
     "Stride (2, 2) must be greater than output padding (2, 2)"),
    (lambda: L.Conv2D(2, 3, name="c")(tf.zeros([1, 5, 5])), "Input 0 of layer c is "
     "incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: [1, 5, 5]"),
])
def test_errors(make, message):
    with pytest.raises(ValueError) as e:
        make()
    assert str(e.value) == message


def test_built_layer_checks_the_channel_count():
    layer = L.Conv2D(2, 3, name="c")
    layer(tf.zeros([1, 5, 5, 2]))
    with pytest.raises(ValueError, match=r"^Input 0 of layer c is incompatible with the layer: "
                                         r"expected axis -1 of input shape to have value 2 but "
                                         r"received input with shape \(1, 5, 5, 3\)$"):
        layer(tf.zeros([1, 5, 5, 3]))


def test_get_config():
    config = L.Conv2D(2, 3, name="c").get_config()
    assert {k: config[k] for k in ("name", "filters", "kernel_size", "strides", "padding",
                                   "data_format", "dilation_rate", "activation")} == {
        "name": "c", "filters": 2, "kernel_size": (3, 3), "strides": (1, 1), "padding": "valid",
        "data_format": "channels_last", "dilation_rate": (1, 1), "activation": "linear"}
    assert L.Conv2D.from_config(config).get_config() == config


def test_max_pooling_gradient_goes_to_the_first_maximum():
    # TF's MaxPoolGrad (values from TensorFlow), on CPU through the tiled lowering.
    x = tf.constant([[[[1.], [3.]], [[3.], [2.]]]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = L.MaxPooling2D()(x)
    assert tape.gradient(y, x).numpy().ravel().tolist() == [0.0, 1.0, 0.0, 0.0]
    x = tf.constant(np.array([1, 5, 5, 2, 7, 7, 7, 0], np.float32).reshape(1, 8, 1))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = L.MaxPooling1D(2)(x) * tf.constant([[[1.], [2.], [3.], [4.]]])
    assert tape.gradient(y, x).numpy().ravel().tolist() == [0, 1, 2, 0, 3, 0, 4, 0]


@pytest.mark.parametrize("shape, window, padding", [
    ((2, 7, 5, 3), (1, 2, 2, 1), "VALID"),   # a row and a column left over
    ((2, 6, 4, 3), (1, 3, 2, 1), "SAME"),    # SAME that needs no padding
    ((1, 3, 5, 6, 2), (1, 1, 2, 3, 2), "VALID"),
    ((2, 3, 6, 5), (1, 1, 3, 2), "VALID"),   # channels first
])
def test_tiled_max_pool_matches_reduce_window(shape, window, padding):
    import jax
    from jax import lax
    from tfeager_compat.ops import nn_ops
    x = np.random.RandomState(0).randint(0, 3, size=shape).astype(np.float32)  # many ties
    assert nn_ops._tiled(x, window, window, padding, (1,) * len(shape))

    def reference(x):
        return lax.reduce_window(x, -np.inf, lax.max, window, window, padding)

    out, pullback = jax.vjp(lambda x: nn_ops._tiled_max(x, window), x)
    expected, reference_pullback = jax.vjp(reference, x)
    np.testing.assert_array_equal(out, expected)
    g = np.random.RandomState(1).randn(*out.shape).astype(np.float32)
    np.testing.assert_array_equal(pullback(g)[0], reference_pullback(g)[0])


def test_global_average_pooling1d_with_a_mask():
    mask = tf.constant(np.array([[1, 1, 0, 1, 0, 0, 1], [0, 1, 1, 1, 1, 1, 1]], bool))
    y = L.GlobalAveragePooling1D()(tf.constant(X1), mask=mask)
    np.testing.assert_allclose(y.numpy(), [[-0.25, 0.15, 0.0], [0.0, -0.15, 0.25]], atol=1e-6)


def test_pooling_config_and_errors():
    assert L.MaxPooling2D(name="p").get_config() == {
        "name": "p", "trainable": True, "dtype": None, "pool_size": (2, 2), "padding": "valid",
        "strides": (2, 2), "data_format": "channels_last"}
    with pytest.raises(ValueError, match=r"^The `pool_size` argument must be a tuple of 2 "
                                         r"integers. Received: \(2, 2, 2\)$"):
        L.MaxPooling2D((2, 2, 2))
