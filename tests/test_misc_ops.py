"""Random extras, tf.image, strings, control flow / printing / assertions, graph-only APIs.

Expected values are literals from TensorFlow (2.21 CPU, compat.v1, eager); random ops are
checked for shapes, dtypes, ranges and seeding (their streams are JAX's, not TF's).
"""
import io
import math
import sys

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.framework import errors

IMG = np.arange(24, dtype=np.float32).reshape(3, 4, 2) ** 1.5 / 10   # TF's oracle image
COL = np.array([0., 1., 4., 9., 16.], np.float32).reshape(1, 5, 1, 1)
GRID = np.arange(30, dtype=np.float32).reshape(5, 6, 1)
U8 = np.array([[[0, 1, 127, 128, 254, 255]]], np.uint8)
FRACTIONS = np.array([[[-0.5, 0.0, 0.001, 0.5, 0.999, 1.0, 1.5]]], np.float32)
IAE = errors.InvalidArgumentError


def check(result, expected, dtype=None, shape=None, rtol=1e-6, atol=1e-6):
    if dtype is not None:
        assert result.dtype == dtype
    if shape is not None:
        assert tuple(result.shape) == shape
    value = np.asarray(result.numpy())
    if value.dtype == object or np.asarray(expected).dtype.kind in "OSUb":
        assert value.tolist() == np.asarray(expected, dtype=value.dtype).tolist()
    else:
        np.testing.assert_allclose(value, expected, rtol=rtol, atol=atol)


def fd_gradient(fn, x, h=1e-6, rtol=1e-6, atol=1e-7):
    """The tape's gradient of sum(w * fn(x)) against central finite differences."""
    x = np.asarray(x, np.float64)
    weights = np.random.RandomState(0).uniform(-1, 1, np.asarray(fn(tf.constant(x))).shape)

    def loss(value):
        return float(np.sum(np.asarray(fn(tf.constant(value)), np.float64) * weights))

    source = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(source)
        y = fn(source)
        total = tf.reduce_sum(y * weights.astype(y.dtype.as_numpy_dtype))
    grad = np.asarray(tape.gradient(total, source), np.float64)
    numeric = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[i] = h
        numeric[i] = (loss(x + step) - loss(x - step)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=rtol, atol=atol)


def stderr_of(fn):
    old, sys.stderr = sys.stderr, io.StringIO()
    try:
        fn()
        return sys.stderr.getvalue()
    finally:
        sys.stderr = old


# ---- random ---------------------------------------------------------------------------------
RANDOM_ROWS = [
    ("random_shuffle", lambda s: tf.random_shuffle(tf.range(6), seed=s), tf.int32, (6,)),
    ("random.shuffle strings", lambda s: tf.random.shuffle(["a", "b"], seed=s), tf.string, (2,)),
    ("random_shuffle 2-D", lambda s: tf.random_shuffle(tf.reshape(tf.range(6), [3, 2]), seed=s),
     tf.int32, (3, 2)),
    ("multinomial", lambda s: tf.multinomial(tf.math.log([[0.5, 0.5]]), 5, seed=s), tf.int64,
     (1, 5)),
    ("multinomial int32", lambda s: tf.multinomial([[0.5, 0.5]], 5, seed=s,
                                                   output_dtype=tf.int32), tf.int32, (1, 5)),
    ("categorical", lambda s: tf.random.categorical([[0.1, 0.2, 0.3]], 4, seed=s), tf.int64,
     (1, 4)),
    ("multinomial 0 samples", lambda s: tf.multinomial([[0.5, 0.5]], 0, seed=s), tf.int64,
     (1, 0)),
    ("multinomial 0 rows", lambda s: tf.multinomial(tf.zeros([0, 2]), 3, seed=s), tf.int64,
     (0, 3)),
    ("random_gamma broadcast", lambda s: tf.random_gamma([2], [[1.5], [2.5]], beta=[1., 2.],
                                                         seed=s), tf.float32, (2, 2, 2)),
    ("random.gamma float64", lambda s: tf.random.gamma([3], 2., dtype=tf.float64, seed=s),
     tf.float64, (3,)),
    ("random_poisson", lambda s: tf.random_poisson([3., 1.], [4], seed=s), tf.float32, (4, 2)),
    ("random.poisson int64", lambda s: tf.random.poisson(3., [4], dtype=tf.int64, seed=s),
     tf.int64, (4,)),
    ("random_crop", lambda s: tf.random_crop(tf.reshape(tf.range(12), [3, 4]), [2, 2], seed=s),
     tf.int32, (2, 2)),
    ("image.random_crop", lambda s: tf.image.random_crop([["a", "b"], ["c", "d"]], [1, 2],
                                                         seed=s), tf.string, (1, 2)),
]


@pytest.mark.parametrize("label,draw,dtype,shape", RANDOM_ROWS, ids=[r[0] for r in RANDOM_ROWS])
def test_random_ops_are_seeded(label, draw, dtype, shape):
    tf.set_random_seed(7)
    first = draw(None)
    tf.set_random_seed(7)
    again = draw(None)
    assert first.dtype == dtype and tuple(first.shape) == shape
    assert first.numpy().tolist() == again.numpy().tolist()


def test_op_seeds_pick_different_streams():
    tf.set_random_seed(3)
    a = tf.random_shuffle(tf.range(50), seed=1).numpy().tolist()
    tf.set_random_seed(3)
    b = tf.random_shuffle(tf.range(50), seed=2).numpy().tolist()
    tf.set_random_seed(3)
    c = tf.random_shuffle(tf.range(50), seed=1).numpy().tolist()
    assert a == c and a != b and sorted(a) == list(range(50))


def test_random_values():
    tf.set_random_seed(1)
    assert tf.random_shuffle(tf.constant(5)).numpy() == 5
    draws = tf.multinomial([[-np.inf, 0., -np.inf]], 20).numpy()
    assert (draws == 1).all()
    assert (tf.multinomial([[-np.inf, -np.inf]], 2).numpy() == 2).all()   # TF: num_classes
    tiny = tf.random_gamma([2], [[0.], [0.]], beta=[1., 2.]).numpy()   # TF clips at `tiny`
    np.testing.assert_array_equal(tiny, np.full([2, 2, 2], 1.1754944e-38, np.float32))
    assert (tf.random_poisson([-1., 0.], [4]).numpy() == 0).all()
    crop = tf.random_crop(tf.reshape(tf.range(12), [3, 4]), [2, 3]).numpy()
    assert crop[0, 1] - crop[0, 0] == 1 and crop[1, 0] - crop[0, 0] == 4
    assert (tf.random_poisson([3., 1.], [4]).numpy() >= 0).all()


RANDOM_ERRORS = [
    (lambda: tf.multinomial([0.5, 0.5], 5), IAE,
     "logits should be a matrix, got shape [2] [Op:Multinomial]"),
    (lambda: tf.multinomial([[0.5, 0.5]], -1), IAE,
     "num_samples should be non-negative, got -1 [Op:Multinomial]"),
    (lambda: tf.multinomial(tf.zeros([2, 0]), 3), IAE,
     "num_classes should be positive, got 0 [Op:Multinomial]"),
    (lambda: tf.multinomial([[0.5, 0.5]], 5, output_dtype=tf.float32), ValueError,
     "Argument `dtype` got invalid value <dtype: 'float32'>. Accepted dtypes are "
     "(tf.int32, tf.int64)."),
    (lambda: tf.multinomial([[1, 2]], 2), errors.NotFoundError, "Could not find device"),
    (lambda: tf.random_gamma([2], 1.5, dtype=tf.int32), TypeError,
     "Cannot convert 1.5 to EagerTensor of dtype int32"),
    (lambda: tf.random_gamma([2], tf.constant(1.5, tf.float64)), ValueError,
     "alpha: Tensor conversion requested dtype float32 for Tensor with dtype float64"),
    (lambda: tf.random_crop(tf.reshape(tf.range(12), [3, 4]), [4, 2]), IAE,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
     "b'Need value.shape >= size, got '\n3, 4\n4, 2"),
    (lambda: tf.random_crop(tf.reshape(tf.range(12), [3, 4]), [2]), IAE,
     "Expected begin and size arguments to be 1-D tensors of size 2, but got shapes [2] and "
     "[1] instead. [Op:Slice]"),
]


@pytest.mark.parametrize("call,exc,message", RANDOM_ERRORS)
def test_random_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value).startswith(message)


def test_random_gradients():
    def gamma_in_beta(beta):
        tf.set_random_seed(11)
        return tf.random_gamma([3], tf.constant([1.5, 3.0], tf.float64), beta=beta,
                               dtype=tf.float64)

    def crop(x):
        tf.set_random_seed(11)
        return tf.random_crop(x, [2, 2])

    fd_gradient(gamma_in_beta, [2.0, 0.5], rtol=1e-5)
    fd_gradient(crop, np.arange(12.).reshape(3, 4))
    # In alpha the gradient is the implicit one (the sample's CDF held fixed), as in TF:
    # dx/dalpha = -(dP/dalpha) / pdf, P the regularised lower incomplete gamma function.
    alpha = tf.constant([1.5, 3.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(alpha)
        sample = tf.random_gamma([], alpha, dtype=tf.float64, seed=4)
    grad = tape.gradient(sample, alpha).numpy()
    for x, a, g in zip(sample.numpy(), alpha.numpy(), grad):
        dcdf = (incomplete_gamma(a + 1e-6, x) - incomplete_gamma(a - 1e-6, x)) / 2e-6
        pdf = math.exp((a - 1) * math.log(x) - x - math.lgamma(a))
        assert abs(g + dcdf / pdf) < 1e-5 * (1 + abs(g))


def incomplete_gamma(a, x):
    """P(a, x) by its power series."""
    term = total = 1.0 / a
    n = 0
    while abs(term) > 1e-18 * total:
        n += 1
        term *= x / (a + n)
        total += term
    return math.exp(a * math.log(x) - x - math.lgamma(a)) * total


# ---- image ----------------------------------------------------------------------------------
RESIZED_ROW1 = {   # TF's row 1 of IMG resized to [5, 3] (both channels)
    "bilinear": [[1.357645, 1.6600002], [2.278387, 2.6843936], [3.4252977, 3.9041781]],
    "bilinear_ac": [[1.1313708, 1.4000001], [2.1005106, 2.4932885], [3.3540072, 3.8307505]],
    "bilinear_hp": [[0.9933501, 1.2451808], [1.788693, 2.1583958], [2.838082, 3.2867894]],
    "nearest": [[0., 0.1], [0.2828427, 0.5196153], [0.8, 1.118034]],
    "nearest_ac": [[2.2627416, 2.7], [4.1569223, 4.6872168], [5.2383204, 5.809475]],
    "nearest_hp": [[0., 0.1], [0.8, 1.118034], [1.4696939, 1.8520257]],
    "bicubic": [[0.9371385, 1.2248223], [1.8244798, 2.221835], [2.9891343, 3.459106]],
    "area": [[0.87634903, 1.1156267], [1.5808144, 1.935134], [2.5241706, 2.955322]],
}
IMAGE_ROWS = [
    ("resize_images bilinear", lambda: tf.image.resize_images(IMG, [5, 3])[1],
     RESIZED_ROW1["bilinear"], tf.float32, (3, 2)),
    ("resize bilinear string", lambda: tf.image.resize(IMG, [5, 3], method="bilinear")[1],
     RESIZED_ROW1["bilinear"], tf.float32, (3, 2)),
    ("resize_images align_corners", lambda: tf.image.resize_images(
        IMG, [5, 3], align_corners=True)[1], RESIZED_ROW1["bilinear_ac"], tf.float32, (3, 2)),
    ("resize_bilinear half pixel", lambda: tf.image.resize_bilinear(
        IMG[None], [5, 3], half_pixel_centers=True)[0, 1], RESIZED_ROW1["bilinear_hp"],
     tf.float32, (3, 2)),
    ("resize_images nearest", lambda: tf.image.resize_images(
        IMG, [5, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)[1],
     RESIZED_ROW1["nearest"], tf.float32, (3, 2)),
    ("resize_images nearest align", lambda: tf.image.resize_images(
        IMG, [5, 3], method="nearest", align_corners=True)[1], RESIZED_ROW1["nearest_ac"],
     tf.float32, (3, 2)),
    ("resize_nearest_neighbor half pixel", lambda: tf.image.resize_nearest_neighbor(
        IMG[None], [5, 3], half_pixel_centers=True)[0, 1], RESIZED_ROW1["nearest_hp"],
     tf.float32, (3, 2)),
    ("resize_images bicubic", lambda: tf.image.resize_images(IMG, [5, 3], method=2)[1],
     RESIZED_ROW1["bicubic"], tf.float32, (3, 2)),
    ("resize_images area", lambda: tf.image.resize_images(IMG, [5, 3], method=3)[1],
     RESIZED_ROW1["area"], tf.float32, (3, 2)),
    ("resize widen bilinear", lambda: tf.image.resize_images(IMG, [2, 7])[1, :, 0],
     [4.331371, 4.941739, 5.563956, 6.221717, 6.9014606, 7.6031857, 7.7786174], tf.float32,
     (7,)),
    ("resize widen nearest align", lambda: tf.image.resize_images(
        IMG, [2, 7], method=1, align_corners=True)[0, :, 0],
     [0., 0.2828427, 0.2828427, 0.8, 0.8, 1.4696939, 1.4696939], tf.float32, (7,)),
    ("resize_bicubic", lambda: tf.image.resize_bicubic(COL, [8, 1])[0, :, 0, 0],
     [0., 0.3100586, 1.609375, 3.3378906, 6.125, 10.090332, 14.589844, 16.769043],
     tf.float32, (8,)),
    ("resize_bicubic align", lambda: tf.image.resize_bicubic(COL, [8, 1], align_corners=True)[
        0, :, 0, 0], [0., 0.2652015, 1.375444, 2.7041562, 5.3426957, 7.885261, 12.464562, 16.],
     tf.float32, (8,)),
    ("resize_bicubic half pixel", lambda: tf.image.resize_bicubic(
        COL, [8, 1], half_pixel_centers=True)[0, :, 0, 0],
     [-0.07195572, 0.24374928, 1.1289062, 2.8476562, 5.3476562, 8.628906, 13.488183,
      16.503689], tf.float32, (8,)),
    ("resize_area", lambda: tf.image.resize_area(COL, [3, 1])[0, :, 0, 0],
     [0.4, 4.4, 13.200001], tf.float32, (3,)),
    ("resize_area align", lambda: tf.image.resize_area(COL, [3, 1], align_corners=True)[
        0, :, 0, 0], [0.5, 6.5, 16.], tf.float32, (3,)),
    ("resize_area up", lambda: tf.image.resize_area(COL, [8, 1])[0, :, 0, 0],
     [0., 0.4, 1., 3.4, 5., 9., 13.2, 16.], tf.float32, (8,)),
    ("resize uint8 bilinear is float", lambda: tf.image.resize_images(
        IMG.astype(np.uint8), [5, 3])[0, 0], [0., 0.], tf.float32, (2,)),
    ("resize uint8 nearest keeps", lambda: tf.image.resize_images(
        IMG.astype(np.uint8), [5, 3], method=1)[4, 2], [8, 9], tf.uint8, (2,)),
    ("resize same size unchanged", lambda: tf.image.resize_images(IMG.astype(np.uint8),
                                                                  [3, 4])[2, 3], [10, 11],
     tf.uint8, (2,)),
    ("resize batch", lambda: tf.image.resize_images(np.stack([IMG, IMG]), [5, 3])[1, 1],
     RESIZED_ROW1["bilinear"], tf.float32, (3, 2)),
    ("resize empty batch", lambda: tf.image.resize_images(tf.zeros([0, 3, 4, 1]), [2, 2]),
     np.zeros([0, 2, 2, 1]), tf.float32, (0, 2, 2, 1)),
    ("preserve_aspect_ratio", lambda: tf.image.resize_images(
        IMG, [6, 3], preserve_aspect_ratio=True)[0, 0], [0., 0.1], tf.float32, (2,)),
    ("flip_left_right", lambda: tf.image.flip_left_right(IMG)[..., 0][0],
     [1.4696939, 0.8, 0.2828427, 0.], tf.float32, (4,)),
    ("flip_up_down", lambda: tf.image.flip_up_down(IMG)[..., 0][:, 0],
     [6.4, 2.2627416, 0.], tf.float32, (3,)),
    ("flip batch", lambda: tf.image.flip_left_right(IMG[None])[0, 0, :, 0],
     [1.4696939, 0.8, 0.2828427, 0.], tf.float32, (4,)),
    ("flip strings", lambda: tf.image.flip_left_right([[["a"], ["b"]]])[0, :, 0], [b"b", b"a"],
     tf.string, (2,)),
    ("rot90", lambda: tf.image.rot90(IMG)[..., 0][:, 0], [1.4696939, 0.8, 0.2828427, 0.],
     tf.float32, (4,)),
    ("rot90 k=-1", lambda: tf.image.rot90(np.arange(6).reshape(2, 3, 1), k=-1)[..., 0],
     [[3, 0], [4, 1], [5, 2]], tf.int64, (3, 2)),
    ("transpose_image", lambda: tf.image.transpose_image(np.zeros([1, 2, 3, 1])), np.zeros(
        [1, 3, 2, 1]), tf.float64, (1, 3, 2, 1)),
    ("convert uint8->float32", lambda: tf.image.convert_image_dtype(U8, tf.float32)[0, 0],
     [0., 0.00392157, 0.49803925, 0.5019608, 0.9960785, 1.], tf.float32, (6,)),
    ("convert uint8->int32", lambda: tf.image.convert_image_dtype(U8, tf.int32)[0, 0],
     [0, 8388608, 1065353216, 1073741824, 2130706432, 2139095040], tf.int32, (6,)),
    ("convert uint8->int8", lambda: tf.image.convert_image_dtype(U8, tf.int8)[0, 0],
     [0, 0, 63, 64, 127, 127], tf.int8, (6,)),
    ("convert uint8->uint16", lambda: tf.image.convert_image_dtype(U8, tf.uint16)[0, 0],
     [0, 256, 32512, 32768, 65024, 65280], tf.uint16, (6,)),
    ("convert float->uint8", lambda: tf.image.convert_image_dtype(FRACTIONS, tf.uint8)[0, 0],
     [129, 0, 0, 127, 255, 255, 127], tf.uint8, (7,)),
    ("convert float->uint8 saturate", lambda: tf.image.convert_image_dtype(
        FRACTIONS, tf.uint8, saturate=True)[0, 0], [0, 0, 0, 127, 255, 255, 255], tf.uint8,
     (7,)),
    ("convert float->int32", lambda: tf.image.convert_image_dtype(FRACTIONS, tf.int32)[0, 0],
     [-1073741824, 0, 2147483, 1073741824, 2145336192, -2147483648, -2147483648], tf.int32,
     (7,)),
    ("convert float->int32 saturate", lambda: tf.image.convert_image_dtype(
        FRACTIONS, tf.int32, saturate=True)[0, 0],
     [-1073741824, 0, 2147483, 1073741824, 2145336192, 2147483520, 2147483520], tf.int32, (7,)),
    ("convert float->int16", lambda: tf.image.convert_image_dtype(FRACTIONS, tf.int16)[0, 0],
     [-16383, 0, 32, 16383, 32734, 32767, -16385], tf.int16, (7,)),
    ("convert int16->uint8", lambda: tf.image.convert_image_dtype(
        np.array([-1, 0, 32767], np.int16), tf.uint8), [255, 0, 255], tf.uint8, (3,)),
    ("convert int8->uint8", lambda: tf.image.convert_image_dtype(
        tf.constant([-100, 100], tf.int8), tf.uint8), [56, 200], tf.uint8, (2,)),
    ("convert uint8->int64", lambda: tf.image.convert_image_dtype(
        tf.constant([255], tf.uint8), tf.int64), [9187343239835811840], tf.int64, (1,)),
    ("convert int32->float32", lambda: tf.image.convert_image_dtype(
        np.array([0, 1, 2 ** 31 - 1], np.int32), tf.float32), [0., 4.656613e-10, 1.],
     tf.float32, (3,)),
    ("convert float32->int64", lambda: tf.image.convert_image_dtype(
        tf.constant([0.5, 1.0]), tf.int64), [4611686018427387904, -9223372036854775808],
     tf.int64, (2,)),
    ("convert float64->float16", lambda: tf.image.convert_image_dtype(
        np.array([0., 1.]), tf.float16), [0., 1.], tf.float16, (2,)),
    ("convert empty", lambda: tf.image.convert_image_dtype(np.zeros([0], np.uint8), tf.float32),
     np.zeros([0]), tf.float32, (0,)),
    ("per_image_standardization", lambda: tf.image.per_image_standardization(IMG)[0],
     [[-1.2961038, -1.2670466], [-1.2139175, -1.1451179], [-1.0636457, -0.9712338],
      [-0.86905104, -0.7579559]], tf.float32, (4, 2)),
    ("per_image_standardization uint8", lambda: tf.image.per_image_standardization(
        np.arange(12, dtype=np.uint8).reshape(2, 3, 2))[0, 0], [-1.593255, -1.3035723],
     tf.float32, (2,)),
    ("per_image_standardization constant", lambda: tf.image.per_image_standardization(
        np.ones([2, 2, 1], np.float32))[..., 0], [[0., 0.], [0., 0.]], tf.float32, (2, 2)),
    ("rgb_to_grayscale", lambda: tf.image.rgb_to_grayscale(
        np.arange(12, dtype=np.float32).reshape(2, 2, 3))[..., 0],
     [[0.815, 3.8147], [6.8144, 9.8141]], tf.float32, (2, 2)),
    ("rgb_to_grayscale uint8", lambda: tf.image.rgb_to_grayscale(
        np.arange(12, dtype=np.uint8).reshape(2, 2, 3) * 20)[..., 0], [[16, 76], [136, 196]],
     tf.uint8, (2, 2)),
    ("rgb_to_grayscale float64", lambda: tf.image.rgb_to_grayscale(
        np.arange(12, dtype=np.float64).reshape(4, 3))[:, 0],
     [0.815, 3.81469989, 6.8144002, 9.81410027], tf.float64, (4,)),
    ("grayscale_to_rgb", lambda: tf.image.grayscale_to_rgb(tf.ones([4, 1]))[0], [1., 1., 1.],
     tf.float32, (3,)),
    ("central_crop 0.5", lambda: tf.image.central_crop(GRID, 0.5)[..., 0],
     [[7., 8., 9., 10.], [13., 14., 15., 16.], [19., 20., 21., 22.]], tf.float32, (3, 4)),
    ("central_crop 0.3", lambda: tf.image.central_crop(GRID, 0.3)[..., 0],
     [[8., 9.], [14., 15.], [20., 21.]], tf.float32, (3, 2)),
    ("central_crop batch", lambda: tf.image.central_crop(tf.zeros([2, 7, 9, 1]), 0.6),
     np.zeros([2, 5, 7, 1]), tf.float32, (2, 5, 7, 1)),
    ("crop_or_pad crop", lambda: tf.image.resize_image_with_crop_or_pad(GRID, 3, 4)[..., 0],
     [[7., 8., 9., 10.], [13., 14., 15., 16.], [19., 20., 21., 22.]], tf.float32, (3, 4)),
    ("crop_or_pad mixed", lambda: tf.image.resize_with_crop_or_pad(GRID, 3, 9)[..., 0],
     [[0., 6., 7., 8., 9., 10., 11., 0., 0.], [0., 12., 13., 14., 15., 16., 17., 0., 0.],
      [0., 18., 19., 20., 21., 22., 23., 0., 0.]], tf.float32, (3, 9)),
    ("crop_or_pad pad", lambda: tf.image.resize_image_with_crop_or_pad(GRID, 7, 9)[:2, :3, 0],
     [[0., 0., 0.], [0., 0., 1.]], tf.float32, (2, 3)),
    ("crop_to_bounding_box", lambda: tf.image.crop_to_bounding_box(GRID, 1, 2, 3, 2)[..., 0],
     [[8., 9.], [14., 15.], [20., 21.]], tf.float32, (3, 2)),
    ("pad_to_bounding_box", lambda: tf.image.pad_to_bounding_box(GRID[:2, :2], 1, 2, 4, 5)[
        ..., 0], [[0., 0., 0., 0., 0.], [0., 0., 0., 1., 0.], [0., 0., 6., 7., 0.],
                  [0., 0., 0., 0., 0.]], tf.float32, (4, 5)),
    ("adjust_brightness", lambda: tf.image.adjust_brightness(np.array([[[0.2, 0.9]]], np.float32),
                                                             0.2)[0, 0], [0.4, 1.1], tf.float32,
     (2,)),
    ("adjust_brightness uint8", lambda: tf.image.adjust_brightness(
        np.array([[[100, 250]]], np.uint8), 0.2)[0, 0], [151, 255], tf.uint8, (2,)),
    ("adjust_brightness int32", lambda: tf.image.adjust_brightness(tf.constant([1, 2]), 0.5),
     [1073741824, 1073741824], tf.int32, (2,)),
    ("adjust_contrast", lambda: tf.image.adjust_contrast(
        np.arange(8, dtype=np.float32).reshape(2, 2, 2), 2.)[..., 0], [[-3., 1.], [5., 9.]],
     tf.float32, (2, 2)),
    ("adjust_contrast uint8", lambda: tf.image.adjust_contrast(
        np.arange(8, dtype=np.uint8).reshape(2, 2, 2) * 30, 2.)[..., 0], [[0, 30], [150, 255]],
     tf.uint8, (2, 2)),
    ("total_variation", lambda: tf.image.total_variation(
        tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4, 1) ** 2)), [451., 1435.],
     tf.float32, (2,)),
    ("total_variation int", lambda: tf.image.total_variation(
        tf.constant(np.arange(12, dtype=np.int32).reshape(3, 4, 1) ** 2)), 451, tf.int32, ()),
    ("image_gradients dy", lambda: tf.image.image_gradients(
        tf.constant(np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1) ** 2))[0][0, :, 0, 0],
     [16., 48., 0.], tf.float32, (3,)),
    ("image_gradients dx", lambda: tf.image.image_gradients(
        tf.constant(np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1) ** 2))[1][0, 0, :, 0],
     [1., 3., 5., 0.], tf.float32, (4,)),
]


@pytest.mark.parametrize("label,call,expected,dtype,shape", IMAGE_ROWS,
                         ids=[r[0] for r in IMAGE_ROWS])
def test_image_ops(label, call, expected, dtype, shape):
    check(call(), expected, dtype, shape, rtol=2e-6, atol=2e-6)


def test_random_flips():
    tf.set_random_seed(3)
    batch = np.stack([IMG, IMG + 100, IMG + 200, IMG + 300])
    flipped = tf.image.random_flip_left_right(batch).numpy()
    for original, out in zip(batch, flipped):
        assert (out == original).all() or (out == original[:, ::-1]).all()
    seen = {bool((tf.image.random_flip_up_down(IMG).numpy() == IMG).all()) for _ in range(12)}
    assert seen == {True, False}
    assert tf.image.random_flip_left_right([[["a"], ["b"]]], seed=1).dtype == tf.string
    assert tf.image.random_brightness(IMG, 0.).numpy().tolist() == IMG.tolist()
    factor = tf.image.random_contrast(tf.ones([2, 2, 1]), 0.5, 1.5).numpy()
    assert (factor == 1.).all()


IMAGE_ERRORS = [
    (lambda: tf.image.resize_images(IMG[..., 0], [5, 3]), ValueError,
     "'images' must have either 3 or 4 dimensions."),
    (lambda: tf.image.resize_images(IMG, [5]), ValueError,
     "'size' must be a 1-D Tensor of 2 elements: new_height, new_width"),
    (lambda: tf.image.resize_images(IMG, (5.0, 3)), ValueError,
     "'size' must be a 1-D int32 Tensor"),
    (lambda: tf.image.resize_images(IMG, [0, 3]), IAE,
     "output dimensions must be positive [Op:ResizeBilinear]"),
    (lambda: tf.image.resize_images(tf.zeros([3, 0, 1]), [2, 2]), IAE,
     "input image must be of non-zero size [Op:ResizeBilinear]"),
    (lambda: tf.image.resize_images(IMG, [5, 3], method=7), ValueError,
     "Resize method is not implemented: 7"),
    (lambda: tf.image.resize_images(IMG, [5, 3], method="foo"), ValueError,
     "Resize method is not implemented: foo"),
    (lambda: tf.image.resize_images(tf.ones([3, 4, 1], tf.bool), [2, 2], method=1), IAE,
     "Value for attr 'T' of bool is not in the list of allowed values"),
    (lambda: tf.image.resize_bilinear(IMG, [5, 3]), IAE,
     "input must be 4-dimensional[3,4,2] [Op:ResizeBilinear]"),
    (lambda: tf.image.resize_bilinear(IMG[None], [2, 2, 1]), IAE,
     "shape_t must have two elements[3] [Op:ResizeBilinear]"),
    (lambda: tf.image.resize_nearest_neighbor(IMG[None], [2, 0]), IAE,
     "output dimensions must be positive [Op:ResizeNearestNeighbor]"),
    (lambda: tf.image.resize_bilinear(IMG[None], [5, 3], align_corners=True,
                                      half_pixel_centers=True), IAE,
     "If half_pixel_centers is True, align_corners must be False. [Op:ResizeBilinear]"),
    (lambda: tf.image.flip_left_right(IMG[..., 0]), ValueError,
     "'image' (shape (3, 4)) must be at least three-dimensional."),
    (lambda: tf.image.flip_left_right(tf.zeros([2, 2, 2, 2, 2])), ValueError,
     "'image' (shape (2, 2, 2, 2, 2))must have either 3 or 4 dimensions."),
    (lambda: tf.image.flip_up_down(tf.zeros([0, 2, 1])), ValueError,
     "inner 3 dims of 'image.shape' must be > 0: (0, 2, 1)"),
    (lambda: tf.image.random_flip_up_down(IMG[..., 0], seed=1), ValueError,
     "'image' (shape (3, 4)) must be at least three-dimensional."),
    (lambda: tf.image.rot90(tf.zeros([2, 2, 2, 2, 1])), ValueError,
     "'image' (shape (2, 2, 2, 2, 1)) must have either 3 or 4 dimensions."),
    (lambda: tf.image.convert_image_dtype(np.array([True]), tf.float32), AttributeError,
     "image dtype must be either floating point or integer"),
    (lambda: tf.image.convert_image_dtype(np.array([1.]), tf.string), AttributeError,
     "dtype must be either floating point or integer"),
    (lambda: tf.image.per_image_standardization(np.zeros([3, 4], np.float32)), ValueError,
     "'image' (shape (3, 4)) must be at least three-dimensional."),
    (lambda: tf.image.per_image_standardization(tf.zeros([2, 0, 2, 1])), ValueError,
     "inner 3 dims of 'image.shape' must be > 0: (2, 0, 2, 1)"),
    (lambda: tf.image.rgb_to_grayscale(np.zeros([3, 4], np.float32)), IAE,
     "Matrix size-incompatible: In[0]: [3,4], In[1]: [3,1] [Op:MatMul]"),
    (lambda: tf.image.grayscale_to_rgb(tf.zeros([2, 2])), ValueError,
     "Last dimension of a grayscale image should be size 1."),
    (lambda: tf.image.grayscale_to_rgb(tf.zeros([4])), ValueError,
     "A grayscale image (shape (4,)) must be at least two-dimensional."),
    (lambda: tf.image.central_crop(GRID, 0.0), ValueError,
     "central_fraction must be within (0, 1]"),
    (lambda: tf.image.central_crop(GRID[..., 0], 0.5), ValueError,
     "'image' (shape (5, 6)) must be at least three-dimensional."),
    (lambda: tf.image.resize_image_with_crop_or_pad(GRID, 0, 4), ValueError,
     "target_height must be > 0."),
    (lambda: tf.image.resize_image_with_crop_or_pad(GRID[..., 0], 3, 4), ValueError,
     "'image' (shape (5, 6)) must have either 3 or 4 dimensions."),
    (lambda: tf.image.crop_to_bounding_box(GRID, 3, 2, 3, 2), ValueError,
     "height must be >= target + offset."),
    (lambda: tf.image.crop_to_bounding_box(GRID, 1, 2, 3, 5), ValueError,
     "width must be >= target + offset."),
    (lambda: tf.image.crop_to_bounding_box(GRID, -1, 2, 3, 2), ValueError,
     "offset_height must be >= 0."),
    (lambda: tf.image.pad_to_bounding_box(GRID[:2, :2], 3, 2, 4, 5), ValueError,
     "height must be <= target - offset"),
    (lambda: tf.image.pad_to_bounding_box(GRID[:2, :2], -1, 2, 4, 5), ValueError,
     "offset_height must be >= 0"),
    (lambda: tf.image.adjust_contrast(tf.constant([[0.5, 1.]]), 2.), IAE,
     "input must be at least 3-D, got shape[1,2] [Op:AdjustContrastv2]"),
    (lambda: tf.image.random_brightness(IMG, -1.), ValueError,
     "max_delta must be non-negative."),
    (lambda: tf.image.random_contrast(IMG, 0.5, 0.5), ValueError, "upper must be > lower."),
    (lambda: tf.image.random_contrast(IMG, -0.5, 0.5), ValueError,
     "lower must be non-negative."),
    (lambda: tf.image.total_variation(tf.zeros([3, 4])), ValueError,
     "'images' must be either 3 or 4-dimensional."),
    (lambda: tf.image.image_gradients(tf.zeros([3, 4, 1])), ValueError,
     "image_gradients expects a 4D tensor [batch_size, h, w, d], not (3, 4, 1)."),
]


@pytest.mark.parametrize("call,exc,message", IMAGE_ERRORS)
def test_image_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value).startswith(message)


def test_image_gradients_match_tf():
    grads = [
        (lambda x: tf.image.resize_images(x, [5, 3]), np.arange(30.).reshape(5, 3, 2),
         [[[2.4, 3.8], [3.4666662, 4.4], [4.4, 5.333333], [5.333334, 6.2666674]],
          [[16.8, 18.4], [13.33333, 14.4], [14.4, 15.466664], [15.466667, 16.533335]],
          [[40.8, 42.8], [29.866665, 31.2], [31.2, 32.533333], [32.53334, 33.866673]]]),
        (lambda x: tf.image.resize_images(x, [5, 3], method=1),
         np.arange(30.).reshape(5, 3, 2),
         [[[6., 8.], [10., 12.], [14., 16.], [0., 0.]], [[30., 32.], [34., 36.], [38., 40.],
                                                         [0., 0.]],
          [[24., 25.], [26., 27.], [28., 29.], [0., 0.]]]),
        (lambda x: tf.image.per_image_standardization(x), np.arange(24.).reshape(3, 4, 2),
         [[[-0.7643686, -0.5315743], [-0.34664565, -0.19287641], [-0.06430561, 0.04251199],
           [0.12990086, 0.19956808]],
          [[0.25283557, 0.29076725], [0.31424308, 0.32400683], [0.32069814, 0.30487505],
           [0.27702847, 0.23759697]],
          [[0.1869735, 0.12551396], [0.05354242, -0.02864535], [-0.12077624, -0.22259839],
           [-0.3338781, -0.45439798]]]),
    ]
    for fn, upstream, expected in grads:
        x = tf.constant(IMG)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        grad = tape.gradient(y, x, output_gradients=tf.constant(upstream.astype(np.float32)))
        np.testing.assert_allclose(grad.numpy(), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("fn", [
    lambda x: tf.image.resize_images(x, [3, 2]),
    lambda x: tf.image.resize_images(x, [3, 2], align_corners=True),
    lambda x: tf.image.resize_images(x, [3, 2], method=2),
    lambda x: tf.image.resize_images(x, [3, 2], method=3),
    lambda x: tf.image.resize_images(x, [3, 5], method=1),
])
def test_resize_gradients_fd(fn):
    # float32 output: a linear map, so a large step keeps rounding out of the differences
    fd_gradient(fn, np.arange(6.).reshape(2, 3, 1) ** 1.3, h=1e-2, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("fn", [
    tf.image.flip_left_right, tf.image.flip_up_down, tf.image.rot90,
    lambda x: tf.image.central_crop(x, 0.5),
    lambda x: tf.image.resize_image_with_crop_or_pad(x, 1, 4),
])
def test_image_gradients_fd(fn):
    fd_gradient(fn, np.arange(6.).reshape(2, 3, 1) ** 1.3, h=1e-4, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("fn", [   # these compute in float32, as TF does for float64 images
    lambda x: tf.image.adjust_contrast(x, 1.5),
    lambda x: tf.image.adjust_brightness(x, 0.5),
    lambda x: tf.image.convert_image_dtype(x, tf.float32),
    lambda x: tf.image.rgb_to_grayscale(x),
])
def test_float32_image_gradients_fd(fn):
    fd_gradient(fn, np.arange(6.).reshape(2, 1, 3) ** 1.3, h=1e-2, rtol=1e-4, atol=1e-5)


def test_per_image_standardization_gradient_fd():
    fd_gradient(tf.image.per_image_standardization, np.arange(6.).reshape(2, 3, 1) ** 1.3,
                h=1e-3, rtol=2e-3, atol=2e-4)


# ---- strings --------------------------------------------------------------------------------
def sparse_parts(sp):
    return sp.indices.numpy().tolist(), sp.values.numpy().tolist(), sp.dense_shape.numpy().tolist()


SPLIT_ROWS = [
    (lambda: tf.string_split(["a b c", "d e"]),
     ([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]], [b"a", b"b", b"c", b"d", b"e"], [2, 3])),
    (lambda: tf.string_split(["a  b", "", " c "]),
     ([[0, 0], [0, 1], [2, 0]], [b"a", b"b", b"c"], [3, 2])),
    (lambda: tf.string_split(["a,b;c"], delimiter=",;"),
     ([[0, 0], [0, 1], [0, 2]], [b"a", b"b", b"c"], [1, 3])),
    (lambda: tf.string_split(["a,b,,c"], delimiter=",", skip_empty=False),
     ([[0, 0], [0, 1], [0, 2], [0, 3]], [b"a", b"b", b"", b"c"], [1, 4])),
    (lambda: tf.string_split(["abc", "de"], delimiter=""),
     ([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]], [b"a", b"b", b"c", b"d", b"e"], [2, 3])),
    (lambda: tf.string_split(["a\tb\nc"]), ([[0, 0]], [b"a\tb\nc"], [1, 1])),
    (lambda: tf.string_split(tf.constant(np.array([], dtype=object))), ([], [], [0, 0])),
    (lambda: tf.strings.split(["a  b"]), ([[0, 0], [0, 1]], [b"a", b"b"], [1, 2])),
    (lambda: tf.strings.split(["a  b"], sep=" "),
     ([[0, 0], [0, 1], [0, 2]], [b"a", b"", b"b"], [1, 3])),
    (lambda: tf.strings.split(["a,b,c"], sep=",", maxsplit=1),
     ([[0, 0], [0, 1]], [b"a", b"b,c"], [1, 2])),
    (lambda: tf.strings.split("a b"), ([[0, 0], [0, 1]], [b"a", b"b"], [1, 2])),
    (lambda: tf.strings.split(source=["a b"]), ([[0, 0], [0, 1]], [b"a", b"b"], [1, 2])),
]


@pytest.mark.parametrize("call,expected", SPLIT_ROWS)
def test_string_split(call, expected):
    sparse = call()
    assert isinstance(sparse, tf.SparseTensor)
    assert sparse_parts(sparse) == (expected[0], expected[1], expected[2])
    assert sparse.indices.dtype == tf.int64 and sparse.dense_shape.dtype == tf.int64


def test_sparse_tensor():
    sp = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1., 2.], dense_shape=[3, 4])
    assert sp.dtype == tf.float32 and sp.shape.as_list() == [3, 4]
    assert sp.get_shape().as_list() == [3, 4]
    assert str(sp) == repr(sp) == (
        "SparseTensor(indices=tf.Tensor(\n[[0 0]\n [1 2]], shape=(2, 2), dtype=int64), "
        "values=tf.Tensor([1. 2.], shape=(2,), dtype=float32), "
        "dense_shape=tf.Tensor([3 4], shape=(2,), dtype=int64))")
    assert tf.sparse.SparseTensor is tf.SparseTensor


STRING_ROWS = [
    (lambda: tf.strings.join(["a", "b"]), b"ab", tf.string, ()),
    (lambda: tf.strings.join([["a", "b"], "c"], separator="-"), [b"a-c", b"b-c"], tf.string,
     (2,)),
    (lambda: tf.string_join(["a", "b"], "/"), b"a/b", tf.string, ()),
    (lambda: tf.strings.join([]), b"", tf.string, ()),
    (lambda: tf.strings.join(["a", tf.constant([["x"], ["y"]])]), [[b"ax"], [b"ay"]],
     tf.string, (2, 1)),
    (lambda: tf.strings.length(["abc", "", "héllo"]), [3, 0, 6], tf.int32, (3,)),
    (lambda: tf.strings.length(["abc", "", "héllo"], unit="UTF8_CHAR"), [3, 0, 5], tf.int32,
     (3,)),
    (lambda: tf.strings.length("abc"), 3, tf.int32, ()),
    (lambda: tf.strings.to_number(["1.5", "2", "-3e2", " 4", "inf", "1e50", ".5", "1."]),
     [1.5, 2., -300., 4., np.inf, np.inf, 0.5, 1.], tf.float32, (8,)),
    (lambda: tf.strings.to_number(["Infinity", "-inf", "INF"]), [np.inf, -np.inf, np.inf],
     tf.float32, (3,)),
    (lambda: tf.strings.to_number(["1.5"], out_type=tf.float64), [1.5], tf.float64, (1,)),
    (lambda: tf.strings.to_number(["1", "-2", "+5"], out_type=tf.int32), [1, -2, 5], tf.int32,
     (3,)),
    (lambda: tf.string_to_number("3.25"), 3.25, tf.float32, ()),
    (lambda: tf.as_string([1.5, 2.]), [b"1.500000", b"2.000000"], tf.string, (2,)),
    (lambda: tf.as_string(3), b"3", tf.string, ()),
    (lambda: tf.as_string([1.5, 2.], precision=2), [b"1.50", b"2.00"], tf.string, (2,)),
    (lambda: tf.strings.as_string([1.5e10, 2e-5], scientific=True),
     [b"1.500000e+10", b"2.000000e-05"], tf.string, (2,)),
    (lambda: tf.as_string([1.5e10, 2e-5, 0.1], shortest=True), [b"1.5e+10", b"2e-05", b"0.1"],
     tf.string, (3,)),
    (lambda: tf.as_string([1, 22], width=4), [b"   1", b"  22"], tf.string, (2,)),
    (lambda: tf.as_string([-3], width=5, fill="0"), [b"-0003"], tf.string, (1,)),
    (lambda: tf.as_string([1.5], width=8, fill=" "), [b" 1.500000"], tf.string, (1,)),
    (lambda: tf.as_string([1.5], fill="+", width=6), [b"+1.500000"], tf.string, (1,)),
    (lambda: tf.as_string([True, False]), [b"true", b"false"], tf.string, (2,)),
    (lambda: tf.as_string(tf.constant([1 + 2j]), precision=1, width=5), [b"(  1.0,  2.0)"],
     tf.string, (1,)),
    (lambda: tf.as_string(tf.constant(["ab"]), width=5), [b"   ab"], tf.string, (1,)),
    (lambda: tf.as_string(tf.constant([np.nan, np.inf])), [b"nan", b"inf"], tf.string, (2,)),
    (lambda: tf.decode_raw([b"\x01\x00\x02\x00"], tf.int16), [[1, 2]], tf.int16, (1, 2)),
    (lambda: tf.decode_raw(b"\x01\x00\x02\x00", tf.int16), [1, 2], tf.int16, (2,)),
    (lambda: tf.decode_raw([b"\x01\x00\x02\x00"], tf.int16, little_endian=False), [[256, 512]],
     tf.int16, (1, 2)),
    (lambda: tf.decode_raw(bytes=[b"ab", b"cd"], out_type=tf.uint8), [[97, 98], [99, 100]],
     tf.uint8, (2, 2)),
    (lambda: tf.io.decode_raw([b"\x00\x00\x80\x3f"], tf.float32), [[1.]], tf.float32, (1, 1)),
    (lambda: tf.decode_raw([b"ab"], tf.bool), [[True, True]], tf.bool, (1, 2)),
    (lambda: tf.decode_raw([b""], tf.float32), np.zeros([1, 0]), tf.float32, (1, 0)),
    (lambda: tf.encode_base64(["hello", "a?>~"]), [b"aGVsbG8", b"YT8-fg"], tf.string, (2,)),
    (lambda: tf.encode_base64(["hello"], pad=True), [b"aGVsbG8="], tf.string, (1,)),
    (lambda: tf.io.encode_base64("a"), b"YQ", tf.string, ()),
    (lambda: tf.decode_base64(["aGVsbG8", "YT8-fg", "aGVsbG8="]), [b"hello", b"a?>~", b"hello"],
     tf.string, (3,)),
    (lambda: tf.strings.regex_replace(["aaa bab"], "a+", "x"), [b"x bxb"], tf.string, (1,)),
    (lambda: tf.regex_replace(["aaa bab"], "a", "x", replace_global=False), [b"xaa bab"],
     tf.string, (1,)),
    (lambda: tf.strings.regex_replace(["ab12"], "([a-z]+)([0-9]+)", r"\2-\1"), [b"12-ab"],
     tf.string, (1,)),
    (lambda: tf.strings.regex_full_match(["ab", "abc"], "ab"), [True, False], tf.bool, (2,)),
    (lambda: tf.strings.lower(["AbC", "É"]), [b"abc", "É".encode()], tf.string, (2,)),
    (lambda: tf.strings.upper(["AbC", "é"]), [b"ABC", "é".encode()], tf.string, (2,)),
    (lambda: tf.strings.upper(["é"], encoding="utf-8"), ["É".encode()], tf.string, (1,)),
    (lambda: tf.string_strip([" a b  "]), [b"a b"], tf.string, (1,)),
]


@pytest.mark.parametrize("call,expected,dtype,shape", STRING_ROWS)
def test_string_ops(call, expected, dtype, shape):
    check(call(), expected, dtype, shape)


def test_read_and_write_file(tmp_path):
    path = tmp_path / "sub" / "dir" / "data.bin"
    assert tf.write_file(str(path), b"hello\x00world") is None
    assert path.read_bytes() == b"hello\x00world"
    check(tf.read_file(str(path)), b"hello\x00world", tf.string, ())
    check(tf.io.read_file(tf.constant(str(path).encode())), b"hello\x00world")
    with pytest.raises(errors.NotFoundError, match="; No such file or directory"):
        tf.read_file(str(tmp_path / "missing"))
    with pytest.raises(errors.FailedPreconditionError, match="; Is a directory"):
        tf.read_file(str(tmp_path))


STRING_ERRORS = [
    (lambda: tf.string_split("a b"), IAE,
     "input must be a vector, got shape: [] [Op:StringSplit]"),
    (lambda: tf.string_split([["a b"]]), IAE,
     "input must be a vector, got shape: [1,1] [Op:StringSplit]"),
    (lambda: tf.string_split([1]), TypeError, "Cannot convert [1] to EagerTensor of dtype string"),
    (lambda: tf.string_split(["a"], result_type="RaggedTensor"), ValueError,
     "result_type='RaggedTensor' is not supported by tfeager_compat"),
    (lambda: tf.SparseTensor(indices=[[0, 0]], values=[1, 2], dense_shape=[3, 4]), ValueError,
     "Dimensions 1 and 2 are not compatible"),
    (lambda: tf.SparseTensor(indices=[0, 0], values=[1], dense_shape=[3, 4]), ValueError,
     "Shape (2,) must have rank 2"),
    (lambda: tf.SparseTensor(indices=[[0, 0]], values=[[1]], dense_shape=[3, 4]), ValueError,
     "Shape (1, 1) must have rank 1"),
    (lambda: tf.SparseTensor(indices=[[0.5, 0]], values=[1], dense_shape=[3, 4]), TypeError,
     "Cannot convert [[0.5, 0]] to EagerTensor of dtype int64"),
    (lambda: tf.strings.join([["a", "b"], ["c"]]), IAE,
     "Input shapes do not match: [2] vs. [1] [Op:StringJoin]"),
    (lambda: tf.strings.join([["a", "b"], [1, 2]]), TypeError,
     "Cannot convert [1, 2] to EagerTensor of dtype string"),
    (lambda: tf.strings.length(["a"], unit="x"), IAE,
     "Value for attr 'unit' of \"x\" is not in the list of allowed values: \"BYTE\", "
     "\"UTF8_CHAR\" [Op:StringLength]"),
    (lambda: tf.strings.to_number(["1.5"], out_type=tf.int32), IAE,
     "StringToNumberOp could not correctly convert string: 1.5 [Op:StringToNumber]"),
    (lambda: tf.strings.to_number(["abc"]), IAE,
     "StringToNumberOp could not correctly convert string: abc [Op:StringToNumber]"),
    (lambda: tf.strings.to_number(["99999999999"], tf.int32), IAE,
     "StringToNumberOp could not correctly convert string: 99999999999"),
    (lambda: tf.strings.to_number(["1_000"]), IAE,
     "StringToNumberOp could not correctly convert string: 1_000"),
    (lambda: tf.strings.to_number([""]), IAE,
     "StringToNumberOp could not correctly convert string:  [Op:StringToNumber]"),
    (lambda: tf.strings.to_number(["0x10"], tf.int32), IAE,
     "StringToNumberOp could not correctly convert string: 0x10"),
    (lambda: tf.strings.to_number(["1"], out_type=tf.int16), IAE,
     "Value for attr 'out_type' of int16 is not in the list of allowed values: float, double, "
     "int32, int64, uint32, uint64 [Op:StringToNumber]"),
    (lambda: tf.as_string([1.5], scientific=True, shortest=True), IAE,
     "Cannot select both scientific and shortest notation [Op:AsString]"),
    (lambda: tf.as_string([1.5], fill="ab"), IAE,
     "Fill string must be one or fewer characters [Op:AsString]"),
    (lambda: tf.as_string([1.5], fill="x", width=5), IAE,
     "Fill argument not supported: \"x\" [Op:AsString]"),
    (lambda: tf.as_string([1], precision=2), IAE,
     "precision not supported for datatype int32 [Op:AsString]"),
    (lambda: tf.as_string([1], shortest=True), IAE,
     "scientific and shortest format not supported for datatype int32 [Op:AsString]"),
    (lambda: tf.decode_raw([b"\x01\x00\x02", b"\x03\x00\x04"], tf.int16), IAE,
     "Input to DecodeRaw has length 3 that is not a multiple of 2, the size of int16 "
     "[Op:DecodeRaw]"),
    (lambda: tf.decode_raw([b"\x00\x00\x80\x3f"], tf.float64), IAE,
     "Input to DecodeRaw has length 4 that is not a multiple of 8, the size of double"),
    (lambda: tf.decode_raw([b"\x01\x00", b"\x03\x00\x04\x00"], tf.int16), IAE,
     "DecodeRaw requires input strings to all be the same size, but element 1 has size 2 != 4"),
    (lambda: tf.decode_raw([b"ab"], tf.string), IAE,
     "Value for attr 'out_type' of string is not in the list of allowed values: half, float, "
     "double, int32, uint16, uint8, int16, int8, int64, complex64, complex128, bool, bfloat16"),
    (lambda: tf.decode_raw(tf.constant([1]), tf.uint8), IAE,
     "cannot compute DecodeRaw as input #0(zero-based) was expected to be a string tensor but "
     "is a int32 tensor [Op:DecodeRaw]"),
    (lambda: tf.decode_base64(["a"]), IAE,
     "Base64 string length cannot be 1 modulo 4. [Op:DecodeBase64]"),
    (lambda: tf.decode_base64(["YT8+fg"]), IAE,
     "Invalid character found in base64. [Op:DecodeBase64]"),
    (lambda: tf.decode_base64(["a!b"]), IAE, "Invalid character found in base64."),
    (lambda: tf.strings.regex_replace(["ab"], "(", "x"), IAE, "Invalid pattern: (, error: "),
    (lambda: tf.read_file(["/x"]), IAE,
     "Input filename tensor must be scalar, but had shape: [1] [Op:ReadFile]"),
    (lambda: tf.write_file("/tmp/never_written.bin", ["abc"]), IAE,
     "Contents tensor must be scalar, but had shape: [1] [Op:WriteFile]"),
]


@pytest.mark.parametrize("call,exc,message", STRING_ERRORS)
def test_string_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value).startswith(message)


# ---- printing -------------------------------------------------------------------------------
PRINT_ROWS = [
    (lambda: tf.print(tf.constant([1.5, 2., 3.25])), "[1.5 2 3.25]\n"),
    (lambda: tf.print(tf.constant(1.5)), "1.5\n"),
    (lambda: tf.print(tf.constant(0.1)), "0.1\n"),
    (lambda: tf.print(tf.constant([0.1, 1e-8, 123456789.])), "[0.1 1e-08 123456792]\n"),
    (lambda: tf.print(tf.constant(1e-5), tf.constant(123456.), tf.constant(1234567.)),
     "1e-05 123456 1234567\n"),
    (lambda: tf.print(tf.constant([1.123456789, 2.])), "[1.12345684 2]\n"),
    (lambda: tf.print(tf.constant([1.123456789, 2.], tf.float64)), "[1.123456789 2]\n"),
    (lambda: tf.print(tf.constant([1.0 / 3], tf.float64)), "[0.33333333333333331]\n"),
    (lambda: tf.print(tf.constant(np.array([1.1, 2.2], np.float16))),
     "[1.09960938 2.19921875]\n"),
    (lambda: tf.print(tf.constant([np.nan, np.inf, -np.inf])), "[nan inf -inf]\n"),
    (lambda: tf.print(tf.constant(-0.0)), "-0\n"),
    (lambda: tf.print(tf.constant(np.arange(10))), "[0 1 2 ... 7 8 9]\n"),
    (lambda: tf.print(tf.constant(np.arange(10)), summarize=-1), "[0 1 2 3 4 5 6 7 8 9]\n"),
    (lambda: tf.print(tf.constant(np.arange(10)), summarize=2), "[0 1 ... 8 9]\n"),
    (lambda: tf.print(tf.constant(np.arange(5)), summarize=0), "[ ...]\n"),
    (lambda: tf.print(tf.constant(3.0), summarize=0), "...\n"),
    (lambda: tf.print(tf.constant(np.arange(24).reshape(2, 3, 4))),
     "[[[0 1 2 3]\n  [4 5 6 7]\n  [8 9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n"
     "  [20 21 22 23]]]\n"),
    (lambda: tf.print(tf.constant(np.arange(100).reshape(10, 10)), summarize=1),
     "[[0 ... 9]\n ...\n [90 ... 99]]\n"),
    (lambda: tf.print(tf.constant([[1., 2.], [3., 4.]])), "[[1 2]\n [3 4]]\n"),
    (lambda: tf.print(tf.constant([True, False])), "[1 0]\n"),
    (lambda: tf.print(tf.constant(["a", "bc"])), '["a" "bc"]\n'),
    (lambda: tf.print(tf.constant(['a"b', "c\nd"])), '["a\\"b" "c\\nd"]\n'),
    (lambda: tf.print(tf.constant("a b")), "a b\n"),
    (lambda: tf.print([tf.constant("a")]), '["a"]\n'),
    (lambda: tf.print(tf.constant([1 + 2j])), "[?]\n"),
    (lambda: tf.print(tf.zeros([0])), "[]\n"),
    (lambda: tf.print(tf.zeros([2, 0])), "[\n ...]\n"),
    (lambda: tf.print(tf.zeros([1, 1, 0])), "[\n\n ...]\n"),
    (lambda: tf.print("hello", 1, 2.5, [1, 2], {"a": tf.constant(1)}, None, True),
     "hello 1 2.5 [1, 2] {'a': 1} None True\n"),
    (lambda: tf.print({"b": tf.constant(1), "a": [tf.constant(2.5), "z"]}, "x{}y"),
     "{'a': [2.5, 'z'], 'b': 1} x{}y\n"),
    (lambda: tf.print((tf.constant(1), "x")), "(1, 'x')\n"),
    (lambda: tf.print(1.0, 0.1, np.array([1, 2])), "1.0 0.1 array([1, 2])\n"),
    (lambda: tf.print("a", "b", sep="-", end="!"), "a-b!"),
    (lambda: tf.print(tf.Variable([1., 2.])), "[1 2]\n"),
    (lambda: tf.print(), "\n"),
    (lambda: tf.Print(tf.constant([1, 2]), [tf.constant(3)]), "[3]\n"),
    (lambda: tf.Print(tf.constant([1, 2]), [tf.constant(3), tf.constant([1.5, 2.0])],
                      message="msg: "), "msg: [3][1.5 2]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.constant(np.arange(10))], message="m"),
     "m[0 1 2...]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.constant(np.arange(10))], summarize=5),
     "[0 1 2 3 4...]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.constant(np.arange(12).reshape(3, 4))]),
     "[[0 1 2...]...]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.constant(np.arange(6).reshape(2, 3))], summarize=4),
     "[[0 1 2][3...]...]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.constant(np.arange(30).reshape(2, 3, 5))],
                      summarize=2), "[[[0 1...]]...]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.constant(np.arange(4).reshape(2, 2))], summarize=-1),
     "[[0 1][2 3]]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.constant(["a", "b"]), tf.constant(True)]),
     "[a b][1]\n"),
    (lambda: tf.Print(tf.constant(1), [tf.zeros([2, 0]), tf.constant(3.0)], summarize=0),
     "[][...]\n"),
    (lambda: tf.Print(tf.constant(1), [1, 2.5]), "[1][2.5]\n"),
    (lambda: tf.Print(tf.constant(1), []), "\n"),
]


@pytest.mark.parametrize("call,expected", PRINT_ROWS)
def test_print_formats(call, expected):
    assert stderr_of(call) == expected


def test_print_streams_and_results(tmp_path, capsys):
    assert tf.print(tf.constant([1, 2]), output_stream=sys.stdout) is None
    assert capsys.readouterr().out == "[1 2]\n"
    target = tmp_path / "out.txt"
    tf.print("x", output_stream=f"file://{target}")
    tf.print("y", output_stream=f"file://{target}")
    assert target.read_text() == "x\ny\n"
    logged = []

    def info(text):
        logged.append(text)
    tf.print(tf.constant([1, 2]), output_stream=info)
    assert logged == ["[1 2]"]
    with pytest.raises(ValueError, match="Unsupported output stream, logging level, or file.1."):
        tf.print(1, output_stream=1)
    result = tf.Print(tf.constant([1, 2]), [tf.constant(3)])
    check(result, [1, 2], tf.int32, (2,))
    with pytest.raises(TypeError, match="Cannot iterate over a scalar tensor."):
        tf.Print(tf.constant(1), tf.constant(3))


def test_print_first_n():
    text = stderr_of(lambda: [tf.Print(tf.constant(1), [tf.constant(7)], first_n=2,
                                       message="first_n ") for _ in range(3)])
    assert text == "first_n [7]\nfirst_n [7]\n"
    assert stderr_of(lambda: tf.Print(tf.constant(1), [tf.constant(9)], first_n=0)) == ""


# ---- numeric checks and assertions ----------------------------------------------------------
def test_check_numerics():
    check(tf.check_numerics(tf.constant([1., 2.]), "msg"), [1., 2.], tf.float32)
    check(tf.check_numerics([1., 2.], "msg"), [1., 2.], tf.float32)
    check(tf.verify_tensor_all_finite(tf.constant([1., 2.], tf.float64), "v"), [1., 2.],
          tf.float64)
    fd_gradient(lambda x: tf.check_numerics(x * x, "m"), [1.0, -2.0])


ASSERT_ERRORS = [
    (lambda: tf.check_numerics(tf.constant([1., np.nan]), "msg"), IAE,
     "msg : Tensor had NaN values [Op:CheckNumerics]"),
    (lambda: tf.debugging.check_numerics(tf.constant([-np.inf]), "m"), IAE,
     "m : Tensor had Inf values [Op:CheckNumerics]"),
    (lambda: tf.check_numerics(tf.constant([np.nan, np.inf]), "msg"), IAE,
     "msg : Tensor had Inf and NaN values [Op:CheckNumerics]"),
    (lambda: tf.verify_tensor_all_finite(tf.constant([1., np.nan]), "vmsg"), IAE,
     "vmsg : Tensor had NaN values"),
    (lambda: tf.debugging.assert_all_finite(tf.constant([np.inf]), "amsg"), IAE,
     "amsg : Tensor had Inf values"),
    (lambda: tf.check_numerics(tf.constant([1, 2]), "msg"), IAE,
     "Value for attr 'T' of int32 is not in the list of allowed values"),
    (lambda: tf.assert_equal(1, 2), IAE,
     "Condition x == y did not hold.\nFirst 1 elements of x:\n[1]\nFirst 1 elements of y:\n[2]"),
    (lambda: tf.debugging.assert_equal([1, 2], [1, 3]), IAE,
     "Condition x == y did not hold.\nIndices of first 1 different values:\n[[1]]\n"
     "Corresponding x values:\n[2]\nCorresponding y values:\n[3]\nFirst 2 elements of x:\n"
     "[1 2]\nFirst 2 elements of y:\n[1 3]"),
    (lambda: tf.assert_equal(1, 2, message="boom"), IAE,
     "boom\nCondition x == y did not hold.\nFirst 1 elements of x:\n[1]"),
    (lambda: tf.assert_equal(1, 2, data=[tf.constant(5)]), IAE, "5"),
    (lambda: tf.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]), message="m",
                             data=["a", tf.constant([1, 2, 3, 4])]), IAE,
     "m\na\n['1', '2', '3', '...']"),
    (lambda: tf.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]), summarize=0), IAE,
     "Condition x == y did not hold."),
    (lambda: tf.assert_equal(tf.constant(np.arange(10)), tf.constant(np.arange(10) + 1),
                             summarize=2), IAE,
     "Condition x == y did not hold.\nIndices of first 2 different values:\n[[0]\n [1]]\n"
     "Corresponding x values:\n[0 1]\nCorresponding y values:\n[1 2]\nFirst 2 elements of x:\n"
     "[0 1]\nFirst 2 elements of y:\n[1 2]"),
    (lambda: tf.assert_equal(tf.constant([[1, 2], [3, 4]]), tf.constant([[1, 2], [3, 5]])), IAE,
     "Condition x == y did not hold.\nIndices of first 1 different values:\n[[1 1]]\n"
     "Corresponding x values:\n[4]\nCorresponding y values:\n[5]\nFirst 3 elements of x:\n"
     "[1 2 3]\nFirst 3 elements of y:\n[1 2 3]"),
    (lambda: tf.assert_equal(tf.constant([1.5, 2.25]), tf.constant([1.5, 2.5])), IAE,
     "Condition x == y did not hold.\nIndices of first 1 different values:\n[[1]]\n"
     "Corresponding x values:\n[2.25]\nCorresponding y values:\n[2.5]\nFirst 2 elements of x:\n"
     "[1.5  2.25]\nFirst 2 elements of y:\n[1.5 2.5]"),
    (lambda: tf.assert_equal(tf.constant(["a"]), tf.constant(["b"])), IAE,
     "Condition x == y did not hold.\nIndices of first 1 different values:\n[[0]]\n"
     "Corresponding x values:\n[b'a']"),
    (lambda: tf.assert_equal(1, 1.0), IAE,
     "cannot compute Equal as input #1(zero-based) was expected to be a int32 tensor but is a "
     "float tensor [Op:Equal]"),
    (lambda: tf.assert_none_equal([1, 2], [3, 2]), IAE,
     "Condition x != y did not hold.\nIndices of first 1 different values:\n[[1]]"),
    (lambda: tf.assert_less(2, 1), IAE, "Condition x < y did not hold.\nFirst 1 elements of x:"),
    (lambda: tf.assert_less(tf.constant([1.5, 2.5]), 2.), IAE,
     "Condition x < y did not hold.\nFirst 2 elements of x:\n[1.5 2.5]\n"
     "First 1 elements of y:\n[2.]"),
    (lambda: tf.debugging.assert_less_equal(2, 1), IAE, "Condition x <= y did not hold."),
    (lambda: tf.assert_greater(1, 2), IAE, "Condition x > y did not hold."),
    (lambda: tf.assert_greater_equal(1, 2), IAE, "Condition x >= y did not hold."),
    (lambda: tf.assert_less(tf.constant(["a"]), tf.constant(["b"])), IAE,
     "Value for attr 'T' of string is not in the list of allowed values"),
    (lambda: tf.assert_positive([1, 0, -1]), IAE,
     "\nCondition x > 0 did not hold element-wise:\nx (shape=(3,) dtype=int32) = \n"
     "['1', '0', '-1']"),
    (lambda: tf.assert_positive(tf.constant([1., 0., -1., 5., 6.]), summarize=2), IAE,
     "\nCondition x > 0 did not hold element-wise:\nx (shape=(5,) dtype=float32) = \n"
     "['1.0', '0.0', '...']"),
    (lambda: tf.debugging.assert_positive(tf.constant(-1.5)), IAE,
     "\nCondition x > 0 did not hold element-wise:\nx (shape=() dtype=float32) = \n-1.5"),
    (lambda: tf.assert_positive(tf.constant([[-1.5]]), message="pm"), IAE,
     "pm.  \nCondition x > 0 did not hold element-wise:\nx (shape=(1, 1) dtype=float32) = \n"
     "['-1.5']"),
    (lambda: tf.assert_positive(tf.constant([-1.5]), data=["d", tf.constant(2)]), IAE, "d\n2"),
    (lambda: tf.assert_negative([1, 0, -1]), IAE,
     "\nCondition x < 0 did not hold element-wise:\nx (shape=(3,) dtype=int32) = "),
    (lambda: tf.assert_non_negative([1, 0, -1]), IAE,
     "\nCondition x >= 0 did not hold element-wise:\nx (shape=(3,) dtype=int32) = "),
    (lambda: tf.assert_non_positive([1, 0, -1]), IAE,
     "\nCondition x <= 0 did not hold element-wise:x (shape=(3,) dtype=int32) = \n"
     "['1', '0', '-1']"),
    (lambda: tf.assert_negative(tf.constant(["a"])), TypeError,
     "Cannot convert 0 to EagerTensor of dtype string"),
    (lambda: tf.assert_rank(tf.constant([1, 2]), 2), ValueError,
     "Tensor  must have rank 2.  Received rank 1, shape (2,)"),
    (lambda: tf.debugging.assert_rank([1, 2], 2, message="mm"), ValueError,
     "mm.  Tensor  must have rank 2.  Received rank 1, shape (2,)"),
    (lambda: tf.assert_rank(tf.constant([1, 2]), 1.5), TypeError,
     "tensor must be of type tf.int32; got tf.float32"),
    (lambda: tf.assert_rank(tf.constant([1, 2]), [1]), ValueError, "Rank must be a scalar."),
    (lambda: tf.assert_rank_at_least(tf.constant([1, 2]), 2), ValueError,
     "Tensor  must have rank at least 2.  Received rank 1, shape (2,)"),
    (lambda: tf.assert_rank_in(tf.constant([1, 2]), [0, 2]), ValueError,
     "Tensor  must have rank in (0, 2).  Received rank 1, shape (2,)"),
    (lambda: tf.assert_rank_in(tf.constant([1, 2]), [3, 2], message="x"), ValueError,
     "x.  Tensor  must have rank in (3, 2).  Received rank 1, shape (2,)"),
    (lambda: tf.assert_type(tf.constant(1), tf.float32), TypeError,
     "tensor must be of type tf.float32; got tf.int32"),
    (lambda: tf.debugging.assert_type(tf.constant(1), tf.float32, message="mt"), TypeError,
     "mt.  tensor must be of type tf.float32; got tf.int32"),
    (lambda: tf.assert_integer(tf.constant(1.)), TypeError,
     "Expected \"x\" to be integer type.  Found: tensor of dtype <dtype: 'float32'>"),
    (lambda: tf.assert_integer(tf.constant(1.), message="im"), TypeError,
     "im.  Expected \"x\" to be integer type."),
    (lambda: tf.assert_scalar(tf.constant([1])), ValueError,
     "Expected scalar shape, saw shape: (1,)."),
    (lambda: tf.assert_scalar(tf.constant([1]), message="sm"), ValueError,
     "sm.  Expected scalar shape, saw shape: (1,)."),
    (lambda: tf.assert_near(1., 1.1), IAE,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b''\n"
     "b'x and y not equal to tolerance rtol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32),"
     " atol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32)'\n"
     "b'x (shape=() dtype=float32) = '\n1.0\nb'y (shape=() dtype=float32) = '\n1.1"),
    (lambda: tf.debugging.assert_near([1., 2.], [1.1, 2.], rtol=0.01, atol=0.01), IAE,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b''\n"
     "b'x and y not equal to tolerance rtol = tf.Tensor(0.01, shape=(), dtype=float32), "
     "atol = tf.Tensor(0.01, shape=(), dtype=float32)'\nb'x (shape=(2,) dtype=float32) = '\n"
     "1.0, 2.0\nb'y (shape=(2,) dtype=float32) = '\n1.1, 2.0"),
    (lambda: tf.Assert(tf.constant(False), [tf.constant(1), "x"]), IAE,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: 1\nb'x'"),
    (lambda: tf.debugging.Assert(False, ["x"]), IAE,
     "Expected 'False' to be true. Summarized data: b'x'"),
    (lambda: tf.Assert(tf.constant(False), [tf.constant(np.arange(10))], summarize=2), IAE,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: 0, 1, ..."),
    (lambda: tf.Assert(tf.constant([True, False]), ["x"]), ValueError,
     "The truth value of an array with more than one element is ambiguous."),
]


@pytest.mark.parametrize("call,exc,message", ASSERT_ERRORS)
def test_assertion_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("call", [
    lambda: tf.assert_equal(tf.constant([1., 2.]), tf.constant([1., 2.])),
    lambda: tf.assert_equal(tf.zeros([0]), tf.zeros([0])),
    lambda: tf.assert_equal(tf.constant(["a"]), tf.constant(["a"])),
    lambda: tf.assert_none_equal(1, 2),
    lambda: tf.assert_less(1, 2),
    lambda: tf.assert_positive([1., 2.]),
    lambda: tf.assert_positive(tf.zeros([0])),
    lambda: tf.assert_greater(tf.zeros([0]), 1.),
    lambda: tf.assert_rank(tf.constant([1, 2]), 1),
    lambda: tf.assert_rank_at_least(tf.constant([1, 2]), 1),
    lambda: tf.assert_rank_in(tf.constant([1, 2]), [1, 2]),
    lambda: tf.assert_type([1], tf.int32),
    lambda: tf.assert_integer(tf.constant(1)),
    lambda: tf.assert_near(1., 1.0000001),
    lambda: tf.Assert(tf.constant(True), [tf.constant(1), "x"]),
])
def test_assertions_pass_with_none(call):
    assert call() is None


def test_assert_scalar_returns_tensor():
    check(tf.assert_scalar(1), 1, tf.int32, ())


# ---- branches and loops ---------------------------------------------------------------------
def test_cond_case_results():
    check(tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(2)), 1)
    assert tf.cond(False, lambda: 1, lambda: 2) == 2
    check(tf.cond(True, lambda: [tf.constant(1)], lambda: [tf.constant(2)]), 1)
    assert isinstance(tf.cond(True, lambda: [tf.constant(1)], lambda: [2], strict=True), list)
    assert tf.cond(True, lambda: (1, 2.0), lambda: (3, 4.0)) == (1, 2.0)
    assert tf.cond(True, lambda: {"a": 1}, lambda: {"a": 2}) == {"a": 1}
    assert tf.cond(True, fn1=lambda: 1, fn2=lambda: 2) == 1
    assert tf.cond(tf.constant(0.0), lambda: 1, lambda: 2) == 2
    assert tf.cond(True, lambda: None, lambda: None) is None
    false, true = tf.constant(False), tf.constant(True)
    assert tf.case([(false, lambda: 1), (true, lambda: 2)], default=lambda: 3) == 2
    assert tf.case([(false, lambda: 1)], default=lambda: 3) == 3
    assert tf.case([(true, lambda: 1), (true, lambda: 2)], default=lambda: 3) == 1
    assert tf.case({true: lambda: 1}, default=lambda: 3) == 1
    assert tf.case([(tf.constant([True]), lambda: 1)], default=lambda: 3) == 1
    check(tf.case([(true, lambda: [tf.constant(1)])], default=lambda: [tf.constant(3)]), 1)
    assert isinstance(tf.case([(true, lambda: [1])], default=lambda: [3], strict=True), list)


def test_while_loop_results():
    check(tf.while_loop(lambda i: i < 10, lambda i: i + 1, [0]), 10, tf.int32, ())
    check(tf.while_loop(lambda i: i < 10, lambda i: i + 1, [0], maximum_iterations=3), 3)
    listed = tf.while_loop(lambda i: i < 10, lambda i: [i + 1], [tf.constant(0)])
    assert isinstance(listed, list) and listed[0].numpy() == 10
    pair = tf.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1, j * 2.), (0, 1.))
    assert isinstance(pair, tuple) and pair[0].numpy() == 3 and pair[1].numpy() == 8.
    assert pair[1].dtype == tf.float32
    as_list = tf.while_loop(lambda i, j: i < 3, lambda i, j: [i + 1, j * 2.], [0, 1.])
    assert isinstance(as_list, list)
    nested = tf.while_loop(lambda d: d["a"] < 3, lambda d: {"a": d["a"] + 1}, [{"a": 0}])
    assert nested["a"].numpy() == 3
    untouched = tf.while_loop(lambda i: i > 10, lambda i: i + 1, [0])
    assert isinstance(untouched, list) and untouched[0].dtype == tf.int32
    same = tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), (0,), return_same_structure=True)
    assert isinstance(same, tuple) and same[0].numpy() == 3


CONTROL_ERRORS = [
    (lambda: tf.cond(True, lambda: 1), TypeError, "cond(): 'false_fn' argument required"),
    (lambda: tf.cond(True, None, lambda: 1), TypeError, "cond(): 'true_fn' argument required"),
    (lambda: tf.cond(True, 1, lambda: 1), TypeError, "'true_fn' must be callable."),
    (lambda: tf.cond(True, lambda: 1, lambda: 2, fn1=lambda: 3), TypeError,
     "cond(): 'true_fn' and 'fn1' may not be set simultaneously."),
    (lambda: tf.cond(tf.constant([True, False]), lambda: 1, lambda: 2), ValueError,
     "The truth value of an array with more than one element is ambiguous. Use a.any() or "
     "a.all()"),
    (lambda: tf.case([(tf.constant(False), lambda: 1), (tf.constant(False), lambda: 2)]), IAE,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
     "b'Input error: None of conditions evaluated as True:'\nFalse, False"),
    (lambda: tf.case([(tf.constant(True), lambda: 1), (tf.constant(True), lambda: 2)],
                     default=lambda: 3, exclusive=True), IAE,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
     "b'Input error: exclusive=True: more than 1 conditions (?, ?) evaluated as True:'\n"
     "True, True"),
    (lambda: tf.case([(False, lambda: 1)], default=lambda: 3), TypeError,
     "pred must be a Tensor, got: False"),
    (lambda: tf.case([(tf.constant(1), lambda: 1)], default=lambda: 3), AttributeError,
     "Tensor.name is"),
    (lambda: tf.case([(tf.constant(False), lambda: 1)], default=3), TypeError,
     "'false_fn' must be callable."),
    (lambda: tf.case([True, lambda: 1], default=lambda: 3), TypeError,
     "Each entry in 'pred_fn_pairs' must be a 2-tuple. Received True."),
    (lambda: tf.case(1, default=None), TypeError,
     "'pred_fn_pairs' must be a list, tuple, or dict. Received: <class 'int'>"),
    (lambda: tf.case([], default=lambda: 3), ValueError,
     "not enough values to unpack (expected 2, got 0)"),
    (lambda: tf.while_loop(1, lambda i: i + 1, [0]), TypeError, "'cond' must be callable."),
    (lambda: tf.while_loop(lambda i: i < 1, 1, [0]), TypeError, "'body' must be callable."),
    (lambda: tf.while_loop(lambda i: i < 1, lambda i: i, []), ValueError,
     "'loop_vars' must be provided."),
    (lambda: tf.while_loop(lambda i: i < 10, lambda i: (i + 1, 2), [0]), ValueError,
     "The two structures don't have the same nested structure."),
    (lambda: tf.while_loop(lambda i: tf.constant([True, True]), lambda i: i + 1, [0]),
     ValueError, "The truth value of an array with more than one element is ambiguous."),
]


@pytest.mark.parametrize("call,exc,message", CONTROL_ERRORS)
def test_control_flow_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value).startswith(message)


def test_control_flow_gradients():
    fd_gradient(lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: -x), [1., 2.])
    fd_gradient(lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: -x), [-1., 0.5])
    fd_gradient(lambda x: tf.case([(tf.constant(False), lambda: x), (tf.constant(True),
                                                                     lambda: x * 3.)]), [1., 2.])
    fd_gradient(lambda x: tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x),
                                        (0, tf.ones_like(x)))[1], [0.5, 2.])
    fd_gradient(lambda x: tf.Print(x * x, [x]), [1.5], atol=1e-6)


def test_graph_ordering_helpers():
    assert tf.no_op() is None
    assert tf.group(tf.constant(1), tf.constant(2)) is None
    with tf.control_dependencies([tf.constant(1)]) as inside:
        assert inside is None
    with tf.control_dependencies(None):
        pass
    pair = (tf.constant(1), 3)
    assert tf.tuple(pair) is pair
    assert tf.tuple([]) == []
    check(tf.identity([1, 2]), [1, 2], tf.int32)


# ---- Python functions -----------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:GradientTape.gradient")
def test_py_func_runs_on_numpy():
    check(tf.py_func(lambda x: x * 2, [tf.constant([1., 2.])], tf.float32), [2., 4.], tf.float32)
    check(tf.py_func(lambda x: type(x).__name__, [tf.constant([1., 2.])], tf.string),
          b"ndarray", tf.string)
    pair = tf.py_func(lambda x: (x, x), [tf.constant([1., 2.])], [tf.float32, tf.float32])
    assert isinstance(pair, list) and len(pair) == 2
    check(tf.py_func(lambda x: np.float64(1.5), [tf.constant([1.])], tf.float32), 1.5,
          tf.float64)   # TF does not enforce Tout eagerly
    check(tf.py_func(lambda x: 3.5, [1], tf.float64), 3.5, tf.float32)
    check(tf.py_func(lambda x, y: x + y, [1, 2.5], tf.float32), 3.5, tf.float64)
    assert [t.numpy() for t in tf.py_func(lambda x: [1, 2], [1], tf.int32)] == [1, 2]
    assert tf.py_func(lambda x: None, [1], []) is None
    check(tf.py_func(lambda: 1, [], tf.int32), 1, tf.int32)
    check(tf.py_func(lambda x: x, [tf.constant("ab")], tf.string), b"ab", tf.string)
    check(tf.numpy_function(lambda x: x * 2, [tf.constant([1., 2.])], tf.float32), [2., 4.])
    with pytest.raises(ZeroDivisionError):
        tf.py_func(lambda x: 1 / 0, [1], tf.int32)
    x = tf.constant(2.)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.py_func(lambda a: a * a, [x], tf.float32)
    assert tape.gradient(y, x) is None


def test_py_function_runs_on_tensors():
    check(tf.py_function(lambda x: x * 2, [tf.constant([1., 2.])], tf.float32), [2., 4.],
          tf.float32)
    listed = tf.py_function(lambda x: x * 2, [tf.constant([1., 2.])], [tf.float32])
    assert isinstance(listed, list) and len(listed) == 1
    assert tf.py_function(lambda x: isinstance(x, tf.Tensor), [1], tf.bool).numpy()
    check(tf.py_function(lambda x: 3, [tf.constant([1., 2.])], tf.float32), 3., tf.float32)
    check(tf.py_function(lambda x: (x, x), [1], tf.int32), 1, tf.int32)
    check(tf.py_function(lambda x: "ab", [1], tf.string), b"ab", tf.string)
    assert tf.py_function(lambda x: None, [1], []) == []
    assert tf.contrib.eager.py_func is tf.py_function
    fd_gradient(lambda x: tf.py_function(lambda a: a * a * a, [x], tf.float64), [1.5, -0.5])


@pytest.mark.parametrize("func,tout,exc,message", [
    (lambda x: x * 2, tf.float64, IAE,
     "ValueError: Tensor conversion requested dtype float64 for Tensor with dtype float32"),
    (lambda x: None, tf.float32, IAE, "returns 0 values, but expects to see 1 values."),
    (lambda x: x, [tf.float32, tf.float32], IAE,
     "returns 1 values, but expects to see 2 values."),
    (lambda x: 1 / 0, tf.int32, errors.UnknownError, "ZeroDivisionError: division by zero"),
    (lambda x: {}["k"], tf.int32, errors.UnknownError, "KeyError: 'k'"),
    (lambda x: int("q"), tf.int32, IAE, "ValueError: invalid literal"),
    (lambda x: (_ for _ in ()).throw(NotImplementedError("n")), tf.int32,
     errors.UnimplementedError, "NotImplementedError: n"),
    (lambda x: (_ for _ in ()).throw(MemoryError("m")), tf.int32,
     errors.ResourceExhaustedError, "MemoryError: m"),
])
def test_py_function_errors(func, tout, exc, message):
    with pytest.raises(exc) as info:
        tf.py_function(func, [tf.constant([1.])], tout)
    assert message in str(info.value) and str(info.value).endswith("[Op:EagerPyFunc]")


# ---- graph-only APIs ------------------------------------------------------------------------
@pytest.mark.parametrize("call,exc,message", [
    (lambda: tf.placeholder(tf.float32, [None, 2]), RuntimeError,
     "tf.placeholder() is not compatible with eager execution."),
    (lambda: tf.sparse_placeholder(tf.float32), RuntimeError,
     "`sparse_placeholder` is not compatible with eager execution."),
    (lambda: tf.Session().run(tf.constant(1)), RuntimeError,
     "The Session graph is empty. Add operations to the graph before calling run()."),
    (lambda: tf.InteractiveSession().run(1), RuntimeError,
     "The Session graph is empty. Add operations to the graph before calling run()."),
    (lambda: tf.train.import_meta_graph("x"), RuntimeError,
     "Exporting/importing meta graphs is not supported when eager execution is enabled. No "
     "graph exists when eager execution is enabled."),
    (lambda: tf.train.start_queue_runners(), RuntimeError,
     "Queues are not compatible with eager execution."),
])
def test_graph_only_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value) == message


def test_graph_only_eager_answers():
    for name in ("global_variables_initializer", "initialize_all_variables",
                 "local_variables_initializer", "tables_initializer",
                 "assert_variables_initialized", "reset_default_graph"):
        assert getattr(tf, name)() is None
    assert tf.variables_initializer([]) is None
    tf.Variable(1.)
    for name in ("trainable_variables", "global_variables", "local_variables",
                 "model_variables", "all_variables"):
        assert getattr(tf, name)() == []
    with tf.Session() as sess:
        assert isinstance(sess, tf.Session)
    check(tf.placeholder_with_default(tf.constant(1.), []), 1., tf.float32, ())
    check(tf.report_uninitialized_variables(), np.array([], dtype=object), tf.string, (0,))
    check(tf.is_variable_initialized(tf.Variable(1.)), True, tf.bool, ())


def test_collections():
    assert tf.get_collection("misc_ops_test") == []
    tf.add_to_collection("misc_ops_test", 1)
    tf.add_to_collections(["misc_ops_test", "misc_ops_other"], 2)
    assert tf.get_collection("misc_ops_test") == [1, 2]
    assert tf.get_collection("misc_ops_other") == [2]
    variable = tf.Variable(1., name="scoped")
    tf.add_to_collection("misc_ops_vars", variable)
    assert tf.get_collection("misc_ops_vars", scope="scop") == [variable]
    assert tf.get_collection("misc_ops_vars", scope="other") == []
    ref = tf.get_collection_ref("misc_ops_ref")
    ref.append(3)
    assert tf.get_collection("misc_ops_ref") == [3]
