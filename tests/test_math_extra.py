"""Special functions, complex parts, no-NaN arithmetic, moments, sorting and searching, casts
and the FFT family: values, dtypes and shapes, errors, and gradients.

Expected values are literals taken from TensorFlow 2.21 (compat.v1, eager, CPU).
"""
import numpy as np
import pytest

import tfeager_compat as tf
from checks import numeric_gradient, tape_gradient

NAN, INF, PI = np.nan, np.inf, np.pi
F = [[1., 5., 2.], [7., 0., 7.]]
V = [-1.5, -0.5, 0., 0.5, 1., 2.5]
BOX = (np.arange(8).reshape(2, 2, 2) + 1j * np.arange(8)[::-1].reshape(2, 2, 2))
R34 = np.arange(12.).reshape(1, 3, 4)


def c(value, dtype=None):
    return tf.constant(value, dtype=dtype)


def d(value):
    return tf.constant(value, dtype=tf.float64)


def check(result, expected, dtype, rtol=1e-6):
    assert result.dtype == dtype, (result.dtype, dtype)
    value = np.asarray(result.numpy())
    expected = np.asarray(expected)
    assert value.shape == expected.shape, (value.shape, expected.shape)
    if dtype.is_bool or dtype.is_integer or dtype.is_string:
        np.testing.assert_array_equal(value, expected)
    else:
        np.testing.assert_allclose(value.astype(np.complex128 if dtype.is_complex else
                                                np.float64), expected, rtol=rtol, atol=1e-6,
                                   equal_nan=True)


# ---- forward values: (id, call, expected, dtype[, rtol]) -----------------------------------
VALUES = [
    # inverse hyperbolic functions
    ("acosh", lambda: tf.acosh(c([1., 1.5, 3.])), [0., 0.9624236822, 1.7627471686], tf.float32),
    ("acosh_domain", lambda: tf.math.acosh(c(V)), [NAN] * 4 + [0., 1.5667993], tf.float32),
    ("acosh_complex", lambda: tf.acosh(c([.5 + 1j], tf.complex64)), [0.9261331 + 1.2213573j],
     tf.complex64),
    ("asinh", lambda: tf.asinh(c(V)),
     [-1.1947632, -0.48121184, 0., 0.48121184, 0.8813736, 1.6472312], tf.float32),
    ("asinh_half", lambda: tf.math.asinh(c([.5], tf.float16)), [0.4812], tf.float16, 1e-3),
    ("atanh", lambda: tf.atanh(c(V)), [NAN, -0.54930615, 0., 0.54930615, INF, NAN], tf.float32),
    ("atanh_complex", lambda: tf.math.atanh(c([.5 + 1j], tf.complex64)),
     [0.23887786 + 0.84757566j], tf.complex64),
    # gamma family and error functions
    ("lgamma", lambda: tf.lgamma(d([-2.5, -1., 0., .5, 3., 10.])),
     [-0.05624372, INF, INF, 0.57236494, 0.69314718, 12.80182748], tf.float64),
    ("lgamma_float32", lambda: tf.math.lgamma(c(V)),
     [0.86004704, 1.2655121, INF, 0.5723649, 0., 0.28468287], tf.float32),
    ("lgamma_half", lambda: tf.lgamma(c([.5], tf.float16)), [0.5723], tf.float16, 1e-3),
    ("digamma", lambda: tf.digamma(d([-2.5, -1., 0., .5, 3., 10.])),
     [1.10315664, NAN, NAN, -1.96351003, 0.92278434, 2.25175259], tf.float64),
    ("erfc", lambda: tf.erfc(d(V)),
     [1.96610515, 1.52049988, 1., 0.479500122, 0.157299207, 4.06952017e-04], tf.float64),
    ("erfc_bfloat16", lambda: tf.math.erfc(c([.5], tf.bfloat16)), [0.480469], tf.bfloat16,
     1e-2),
    ("erfinv", lambda: tf.math.erfinv(d([-1., -.5, 0., .3, 1., 2.])),
     [-INF, -0.47693628, 0., 0.27246271, INF, NAN], tf.float64),
    ("ndtri", lambda: tf.math.ndtri(d([0., .1, .5, .9, 1., 2.])),
     [-INF, -1.28155157, 0., 1.28155157, INF, NAN], tf.float64),
    ("ndtri_float32", lambda: tf.math.ndtri(c(V)), [NAN, NAN, -INF, 0., INF, NAN], tf.float32),
    ("bessel_i0", lambda: tf.math.bessel_i0(d([-2., 0., .5, 3.])),
     [2.2795853, 1., 1.06348337, 4.88079259], tf.float64),
    ("bessel_i0e", lambda: tf.math.bessel_i0e(d([-2., 0., .5, 3.])),
     [0.30850832, 1., 0.64503527, 0.24300035], tf.float64),
    ("bessel_i1", lambda: tf.math.special.bessel_i1(d([-2., 0., .5, 3.])),
     [-1.59063685, 0., 0.25789431, 3.95337022], tf.float64),
    ("bessel_i1e", lambda: tf.math.special.bessel_i1e(d([-2., 0., .5, 3.])),
     [-0.21526929, 0., 0.1564208, 0.19682671], tf.float64),
    ("bessel_i0_float32", lambda: tf.math.special.bessel_i0(c(V)),
     [1.6467233, 1.0634835, 1., 1.0634835, 1.266066, 3.2898395], tf.float32),
    ("bessel_i0_half", lambda: tf.math.bessel_i0(c([.5], tf.float16)), [1.063], tf.float16,
     1e-3),
    # incomplete gamma, zeta, polygamma, betainc, nextafter
    ("igamma", lambda: tf.igamma(d([.5, 1., 2., 0., -1., 1.]), d([.5, 2., 3., 1., 1., 0.])),
     [0.68268949, 0.86466472, 0.80085173, NAN, NAN, 0.], tf.float64),
    ("igammac", lambda: tf.math.igammac(d([.5, 1., 2., 0., -1., 1.]),
                                         d([.5, 2., 3., 1., 1., 0.])),
     [0.31731051, 0.13533528, 0.19914827, NAN, NAN, 1.], tf.float64),
    ("zeta", lambda: tf.zeta(d([2., 3., 1., .5, 2.]), d([1., 2., 1., 1., -1.5])),
     [1.64493407, 0.2020569, INF, NAN, 9.37924664], tf.float64),
    ("zeta_broadcast", lambda: tf.math.zeta(c([[1.5], [2.5]]), c([.5, 1., 2.])),
     [[4.776538, 2.6123753, 1.6123754], [6.2471104, 1.3414872, 0.34148726]], tf.float32),
    ("polygamma", lambda: tf.polygamma(d([0., 1., 2., 1.5, -1.]), d([.5, 2., 3., 1., 1.])),
     [-1.96351003, 0.64493407, -0.15411381, NAN, NAN], tf.float64),
    ("polygamma_python_x", lambda: tf.math.polygamma(2, c([3.])), [-0.1541138], tf.float32),
    ("betainc", lambda: tf.betainc(d([.5, 1., 2.]), d([.5, 2., 3.]), d([.2, .5, .9])),
     [0.29516724, 0.75, 0.9963], tf.float64),
    ("betainc_scalar_a", lambda: tf.math.betainc(d(.5), d([.5, 2., 3.]), d([.2, .5, .9])),
     [0.29516724, 0.88388348, 0.99967503], tf.float64),
    ("betainc_scalar_b", lambda: tf.betainc(d([.5, 1.]), d(2.), d([.1, .2])),
     [0.45853026, 0.36], tf.float64),
    ("betainc_python_values", lambda: tf.betainc(1, 2., d([.1, .2])), [0.19, 0.36],
     tf.float64),
    ("betainc_python", lambda: tf.betainc(1., 2., .5), 0.75, tf.float32),
    ("betainc_domain", lambda: tf.betainc(d([0., -1., 1., 1., 1.]), d([1.] * 5),
                                          d([.5, .5, -.1, 1.5, 0.])),
     [NAN, NAN, NAN, NAN, 0.], tf.float64),
    ("betainc_2d", lambda: tf.betainc(d([[.5, 1.]]), d([[1., 2.]]), d([[.1, .2]])),
     [[0.31622777, 0.36]], tf.float64),
    ("betainc_empty", lambda: tf.betainc(d([]), d([]), d([])), np.zeros([0]), tf.float64),
    ("nextafter", lambda: tf.math.nextafter(c([1., 1., 0.]), c([2., 0., -1.])),
     [1.0000001, 0.99999994, -1.4012985e-45], tf.float32),
    ("floor_div", lambda: tf.floor_div(c([7, -7]), c([2, 2])), [3, -4], tf.int32),
    ("floor_div_float", lambda: tf.floor_div(c([[1.5], [2.5]]), c([.5, 1., 2.])),
     [[3., 1., 0.], [5., 2., 1.]], tf.float32),
    # no-NaN arithmetic
    ("div_no_nan", lambda: tf.div_no_nan(d([1., 0., -2., NAN, INF, 1.]),
                                         d([0., 0., 4., 0., 2., NAN])),
     [0., 0., -.5, 0., INF, NAN], tf.float64),
    ("div_no_nan_int32", lambda: tf.div_no_nan(c([1, 2]), c([1, 0])), [1., 0.], tf.float64),
    ("div_no_nan_uint8", lambda: tf.math.divide_no_nan(c([1], tf.uint8), c([0], tf.uint8)),
     [0.], tf.float32),
    ("div_no_nan_python_x", lambda: tf.div_no_nan(1, c([2])), [.5], tf.float64),
    ("div_no_nan_python", lambda: tf.div_no_nan(2., 3.), 0.6666667, tf.float32),
    ("div_no_nan_complex", lambda: tf.math.divide_no_nan(c([.5 + 1j, 1j]), c([2 + 0j, 0j])),
     [.25 + .5j, 0j], tf.complex128),
    ("div_no_nan_broadcast", lambda: tf.div_no_nan(c([[1.5], [2.5]]), c([.5, 1., 2.])),
     [[3., 1.5, .75], [5., 2.5, 1.25]], tf.float32),
    ("div_no_nan_half", lambda: tf.div_no_nan(c([.5], tf.float16), c([2.], tf.float16)),
     [.25], tf.float16),
    ("reciprocal_no_nan", lambda: tf.math.reciprocal_no_nan(d([-2., 0., .5, INF, NAN])),
     [-.5, 0., 2., 0., NAN], tf.float64),
    ("reciprocal_no_nan_complex", lambda: tf.math.reciprocal_no_nan(c([0j, 1 + 1j])),
     [0j, .5 - .5j], tf.complex128),
    ("reciprocal_no_nan_python", lambda: tf.math.reciprocal_no_nan(.5), 2., tf.float32),
    ("multiply_no_nan", lambda: tf.math.multiply_no_nan(d([1., NAN, INF, 2., NAN]),
                                                        d([0., 0., 0., 3., 1.])),
     [0., 0., 0., 6., NAN], tf.float64),
    ("multiply_no_nan_python_y", lambda: tf.math.multiply_no_nan(c([1.]), 1), [1.],
     tf.float32),
    ("multiply_no_nan_broadcast", lambda: tf.math.multiply_no_nan(c([[1.5], [2.5]]),
                                                                  c([.5, 1., 2.])),
     [[.75, 1.5, 3.], [1.25, 2.5, 5.]], tf.float32),
    # complex parts
    ("complex", lambda: tf.complex(c([1., 2.]), c([3., 4.])), [1 + 3j, 2 + 4j], tf.complex64),
    ("complex_float64", lambda: tf.dtypes.complex(d([1., 2.]), d([3., 4.])), [1 + 3j, 2 + 4j],
     tf.complex128),
    ("complex_broadcast", lambda: tf.complex(c([[1.], [2.]]), c([3., 4.])),
     [[1 + 3j, 1 + 4j], [2 + 3j, 2 + 4j]], tf.complex64),
    ("complex_python", lambda: tf.complex(1., 2.), 1 + 2j, tf.complex64),
    ("complex_numpy_float64", lambda: tf.complex(np.float64(1.), np.float64(2.)), 1 + 2j,
     tf.complex128),
    ("real", lambda: tf.real(c([1 + 2j, -3 - 4j])), [1., -3.], tf.float64),
    ("real_complex64", lambda: tf.math.real(c([.5 + 1j], tf.complex64)), [.5], tf.float32),
    ("real_int", lambda: tf.real(c([1, -2])), [1, -2], tf.int32),
    ("real_python_complex", lambda: tf.real(1 + 2j), 1., tf.float64),
    ("imag", lambda: tf.imag(c([1 + 2j, -3 - 4j])), [2., -4.], tf.float64),
    ("imag_complex64", lambda: tf.math.imag(c([.5 + 1j], tf.complex64)), [1.], tf.float32),
    ("imag_int", lambda: tf.imag(c([1, -2])), [0, 0], tf.int32),
    ("imag_float", lambda: tf.imag(c(V)), [0.] * 6, tf.float32),
    ("imag_bool", lambda: tf.imag(c([True])), [False], tf.bool),
    ("imag_string", lambda: tf.imag(c(["a"])), np.array([b""], object), tf.string),
    ("conj", lambda: tf.conj(c([1 + 2j, -3 - 4j])), [1 - 2j, -3 + 4j], tf.complex128),
    ("conj_int", lambda: tf.math.conj(c([1, -2])), [1, -2], tf.int32),
    ("angle", lambda: tf.angle(c([1 + 2j, -3 - 4j])), [1.10714872, -2.21429744], tf.float64),
    ("angle_complex64", lambda: tf.math.angle(c([.5 + 1j], tf.complex64)), [1.1071488],
     tf.float32),
    ("angle_real", lambda: tf.angle(c([1., -2., 0., -0., NAN])), [0., PI, 0., 0., 0.],
     tf.float32),
    ("angle_half", lambda: tf.angle(c([-.5], tf.float16)), [PI], tf.float16, 1e-3),
    # casts
    ("saturate_cast_uint8", lambda: tf.saturate_cast(c([-5., 3.7, 300., INF, -INF]), tf.uint8),
     [0, 3, 255, 255, 0], tf.uint8),
    ("saturate_cast_int32", lambda: tf.dtypes.saturate_cast(c([-3e9, 3e9, 2.5, -2.5]),
                                                            tf.int32),
     [-2147483648, 2147483520, 2, -2], tf.int32),
    ("saturate_cast_uint32", lambda: tf.saturate_cast(c([-1., 5e9]), tf.uint32),
     [0, 4294967040], tf.uint32),
    ("saturate_cast_int_to_int8", lambda: tf.saturate_cast(c([-1000, 5, 1000]), tf.int8),
     [-128, 5, 127], tf.int8),
    ("saturate_cast_int_to_uint8", lambda: tf.saturate_cast(c([-1000, 5, 1000]), tf.uint8),
     [0, 5, 255], tf.uint8),
    ("saturate_cast_uint8_to_int8", lambda: tf.saturate_cast(c([0, 200], tf.uint8), tf.int8),
     [0, 127], tf.int8),
    ("saturate_cast_int64_to_int32", lambda: tf.saturate_cast(c([-2 ** 40, 2 ** 40], tf.int64),
                                                              tf.int32),
     [-2147483648, 2147483647], tf.int32),
    ("saturate_cast_half", lambda: tf.saturate_cast(d([1e5, -1e5, 1.5]), tf.float16),
     [65504., -65504., 1.5], tf.float16),
    ("saturate_cast_float32", lambda: tf.saturate_cast(d([1e300, -1e300, INF]), tf.float32),
     [3.4028235e+38, -3.4028235e+38, 3.4028235e+38], tf.float32),
    ("saturate_cast_int_to_half", lambda: tf.saturate_cast(c([100000, -100000]), tf.float16),
     [65504., -65504.], tf.float16),
    ("saturate_cast_complex", lambda: tf.saturate_cast(c([1e300 + 1e300j, 1 - 2j]),
                                                       tf.complex64),
     [3.4028235e+38 + 3.4028235e+38j, 1 - 2j], tf.complex64),
    ("saturate_cast_complex_to_float", lambda: tf.saturate_cast(c([1e300 + 1e300j, 1 - 2j]),
                                                                tf.float32),
     [3.4028235e+38, 1.], tf.float32),
    ("saturate_cast_complex_to_int8", lambda: tf.saturate_cast(c([300 + 1j, -1 - 2j],
                                                                 tf.complex64), tf.int8),
     [127, -1], tf.int8),
    ("saturate_cast_to_complex", lambda: tf.saturate_cast(d([1e300]), tf.complex64),
     [3.4028235e+38 + 0j], tf.complex64),
    ("saturate_cast_python", lambda: tf.saturate_cast([300, -5], tf.uint8), [255, 0],
     tf.uint8),
    ("saturate_cast_int64_to_uint64", lambda: tf.saturate_cast(c([-1], tf.int64), tf.uint64),
     [0], tf.uint64),
    ("to_bfloat16", lambda: tf.to_bfloat16(c([1.5, 2.])), [1.5, 2.], tf.bfloat16),
    ("to_bfloat16_int", lambda: tf.to_bfloat16(c([3])), [3.], tf.bfloat16),
    ("to_complex64", lambda: tf.to_complex64(c([1.5, 2.])), [1.5 + 0j, 2 + 0j], tf.complex64),
    ("to_complex64_int", lambda: tf.to_complex64(c([1])), [1 + 0j], tf.complex64),
    ("to_complex64_python", lambda: tf.to_complex64([1., 2.]), [1 + 0j, 2 + 0j],
     tf.complex64),
    ("to_complex128", lambda: tf.to_complex128(c([1.5j], tf.complex64)), [1.5j],
     tf.complex128),
    # moments
    ("reduce_std", lambda: tf.math.reduce_std(c(F)), 2.8087165, tf.float32),
    ("reduce_std_axis_keepdims", lambda: tf.math.reduce_std(c(F), axis=1, keepdims=True),
     [[1.6996732], [3.2998316]], tf.float32),
    ("reduce_variance_negative_axis", lambda: tf.math.reduce_variance(d(F), axis=-1),
     [2.88888889, 10.88888889], tf.float64),
    ("reduce_variance_keepdims", lambda: tf.math.reduce_variance(c([[1., 2.], [3., 5.]]),
                                                                 axis=-1, keepdims=True),
     [[.25], [1.]], tf.float32),
    ("reduce_variance_tensor_axis", lambda: tf.math.reduce_variance(c([[1., 2.], [3., 5.]]),
                                                                    axis=c([0])),
     [1., 2.25], tf.float32),
    ("reduce_variance_complex", lambda: tf.math.reduce_variance(c([1 + 1j, 2 - 1j, 0j])),
     1.3333333333, tf.float64),
    ("reduce_std_complex64", lambda: tf.math.reduce_std(c([1 + 1j, 2 - 1j, 0j],
                                                          tf.complex64)),
     1.1547005, tf.float32),
    ("reduce_variance_half", lambda: tf.math.reduce_variance(c([1., 2.], tf.float16)), .25,
     tf.float16),
    ("reduce_variance_empty", lambda: tf.math.reduce_variance(tf.zeros([0, 2]), axis=0),
     [NAN, NAN], tf.float32),
    ("reduce_std_scalar", lambda: tf.math.reduce_std(c(3.)), 0., tf.float32),
    ("reduce_std_python", lambda: tf.math.reduce_std([1., 2., 4.]), 1.2472192, tf.float32),
    # cumulative logsumexp
    ("cumulative_logsumexp", lambda: tf.math.cumulative_logsumexp(c([1., 2., 3.])),
     [1., 2.3132617, 3.4076061], tf.float32),
    ("cumulative_logsumexp_exclusive",
     lambda: tf.math.cumulative_logsumexp(d([1., 2., 3.]), exclusive=True),
     [-INF, 1., 2.31326169], tf.float64),
    ("cumulative_logsumexp_reverse",
     lambda: tf.math.cumulative_logsumexp(d([1., 2., 3.]), reverse=True),
     [3.40760596, 3.31326169, 3.], tf.float64),
    ("cumulative_logsumexp_exclusive_reverse",
     lambda: tf.math.cumulative_logsumexp(d([1., 2., 3.]), exclusive=True, reverse=True),
     [3.31326169, 3., -INF], tf.float64),
    ("cumulative_logsumexp_axis", lambda: tf.math.cumulative_logsumexp(d(F), axis=-1),
     [[1., 5.01814993, 5.0658839], [7., 7.00091147, 7.69360302]], tf.float64),
    ("cumulative_logsumexp_tensor_axis",
     lambda: tf.math.cumulative_logsumexp(c([[1., 2.]]), axis=c(1, tf.int64)),
     [[1., 2.3132617]], tf.float32),
    ("cumulative_logsumexp_infinities",
     lambda: tf.math.cumulative_logsumexp(c([-INF, -INF, 1., INF])), [-INF, -INF, 1., INF],
     tf.float32),
    ("cumulative_logsumexp_large",
     lambda: tf.math.cumulative_logsumexp(c([1000., 1000., -1000.])),
     [1000., 1000.6932, 1000.6932], tf.float32),
    ("cumulative_logsumexp_bfloat16",
     lambda: tf.math.cumulative_logsumexp(c([1., 2.], tf.bfloat16)), [1., 2.3125],
     tf.bfloat16),
    ("cumulative_logsumexp_empty", lambda: tf.math.cumulative_logsumexp(tf.zeros([0])),
     np.zeros([0]), tf.float32),
    # zero_fraction and polyval
    ("zero_fraction", lambda: tf.math.zero_fraction(c(F)), 0.16666667, tf.float32),
    ("zero_fraction_int", lambda: tf.nn.zero_fraction(c([0, 1, 0, 3])), .5, tf.float32),
    ("zero_fraction_bool", lambda: tf.math.zero_fraction(c([False, True])), .5, tf.float32),
    ("zero_fraction_signed_zero_nan", lambda: tf.math.zero_fraction(c([-0., NAN, 0., 1.])),
     .5, tf.float32),
    ("zero_fraction_complex", lambda: tf.math.zero_fraction(c([0j, 1.])), .5, tf.float32),
    ("zero_fraction_string", lambda: tf.math.zero_fraction(c(["", "a"])), .5, tf.float32),
    ("zero_fraction_python", lambda: tf.math.zero_fraction([0., 1., 2.]), 0.33333334,
     tf.float32),
    ("zero_fraction_empty", lambda: tf.math.zero_fraction(tf.zeros([0])), NAN, tf.float32),
    ("polyval", lambda: tf.math.polyval([c(1.), c(2.), c(3.)], c([0., 1., 2.])),
     [3., 6., 11.], tf.float32),
    ("polyval_python_coefficients", lambda: tf.math.polyval([1., 2., 3.], c([0., 1., 2.])),
     [3., 6., 11.], tf.float32),
    ("polyval_python_x", lambda: tf.math.polyval([1., 2., 3.], 2.), 11., tf.float32),
    ("polyval_int", lambda: tf.math.polyval([1, 2, 3], c([0, 1, 2])), [3, 6, 11], tf.int32),
    ("polyval_one_coefficient", lambda: tf.math.polyval([c([1., 2.])], c(3.)), [1., 2.],
     tf.float32),
    ("polyval_broadcast", lambda: tf.math.polyval([c([1., 2.]), c([[1.], [2.]])],
                                                  c([0., 1.])),
     [[1., 3.], [2., 4.]], tf.float32),
    ("polyval_empty", lambda: tf.math.polyval([], c([1, 2])), [0, 0], tf.int32),
    ("polyval_empty_python", lambda: tf.math.polyval([], 2.), 0., tf.float32),
    # sort and argsort
    ("sort", lambda: tf.sort(c(F)), [[1., 2., 5.], [0., 7., 7.]], tf.float32),
    ("sort_descending", lambda: tf.sort(c(F), direction="DESCENDING"),
     [[5., 2., 1.], [7., 7., 0.]], tf.float32),
    ("sort_axis0", lambda: tf.sort(c(F), axis=0), [[1., 0., 2.], [7., 5., 7.]], tf.float32),
    ("sort_tensor_axis", lambda: tf.sort(c(F), axis=c(0)), [[1., 0., 2.], [7., 5., 7.]],
     tf.float32),
    ("sort_negative_axis_descending", lambda: tf.sort(c(F), axis=-2, direction="DESCENDING"),
     [[7., 5., 7.], [1., 0., 2.]], tf.float32),
    ("sort_3d_axis1", lambda: tf.sort(c([[[3., 1.], [2., 5.]], [[0., 0.], [-1., 2.]]]), axis=1,
                                      direction="DESCENDING"),
     [[[3., 5.], [2., 1.]], [[0., 2.], [-1., 0.]]], tf.float32),
    ("sort_infinities_descending", lambda: tf.sort(c([INF, -INF, 0.]), direction="DESCENDING"),
     [INF, 0., -INF], tf.float32),
    ("sort_int_descending", lambda: tf.sort(c([3, -2147483648, 2]), direction="DESCENDING"),
     [3, 2, -2147483648], tf.int32),
    ("sort_int64_extremes", lambda: tf.sort(c([0, -2 ** 63, 2 ** 63 - 1], tf.int64)),
     [-2 ** 63, 0, 2 ** 63 - 1], tf.int64),
    ("sort_int8", lambda: tf.sort(c([3, -128, 127], tf.int8)), [-128, 3, 127], tf.int8),
    ("sort_uint8_descending", lambda: tf.sort(c([3, 0, 255], tf.uint8), direction="DESCENDING"),
     [255, 3, 0], tf.uint8),
    ("sort_uint32_descending", lambda: tf.sort(c([3, 1, 7], tf.uint32),
                                               direction="DESCENDING"),
     [7, 3, 1], tf.uint32),
    ("sort_half", lambda: tf.sort(c([2., 1.], tf.float16)), [1., 2.], tf.float16),
    ("sort_python", lambda: tf.sort([3, 1]), [1, 3], tf.int32),
    ("sort_empty", lambda: tf.sort(tf.zeros([0, 3])), np.zeros([0, 3]), tf.float32),
    ("argsort", lambda: tf.argsort(c(F)), [[0, 2, 1], [1, 0, 2]], tf.int32),
    ("argsort_axis0", lambda: tf.argsort(c(F), axis=0), [[0, 1, 0], [1, 0, 1]], tf.int32),
    ("argsort_ties", lambda: tf.argsort(c([2., 1., 2., 1., 2.])), [1, 3, 0, 2, 4], tf.int32),
    ("argsort_ties_descending", lambda: tf.argsort(c([2., 1., 2., 1., 2.]),
                                                   direction="DESCENDING"),
     [0, 2, 4, 1, 3], tf.int32),
    ("argsort_stable_descending", lambda: tf.argsort(c([2, 1, 2, 1, 2]), direction="DESCENDING",
                                                     stable=True),
     [0, 2, 4, 1, 3], tf.int32),
    ("argsort_signed_zeros_tie", lambda: tf.argsort(c([0., -0., 0., -0.])), [0, 1, 2, 3],
     tf.int32),
    ("argsort_int_extremes", lambda: tf.argsort(c([0, -2147483648, 2147483647, -2147483648])),
     [1, 3, 0, 2], tf.int32),
    ("argsort_uint8", lambda: tf.argsort(c([3, 0, 255, 0], tf.uint8)), [1, 3, 0, 2], tf.int32),
    ("argsort_uint8_descending", lambda: tf.argsort(c([3, 0, 255, 0], tf.uint8),
                                                    direction="DESCENDING"),
     [2, 0, 1, 3], tf.int32),
    ("argsort_3d_axis0", lambda: tf.argsort(c([[[3., 1.], [2., 5.]], [[0., 0.], [-1., 2.]]]),
                                            axis=0),
     [[[1, 1], [1, 1]], [[0, 0], [0, 0]]], tf.int32),
    ("argsort_empty", lambda: tf.argsort(tf.zeros([2, 0])), np.zeros([2, 0]), tf.int32),
    # searchsorted, invert_permutation, unravel_index
    ("searchsorted", lambda: tf.searchsorted(c([1., 2., 2., 3.]), c([0., 2., 2.5, 4.])),
     [0, 1, 3, 4], tf.int32),
    ("searchsorted_right", lambda: tf.searchsorted(c([1., 2., 2., 3.]), c([0., 2., 2.5, 4.]),
                                                   side="right"),
     [0, 3, 3, 4], tf.int32),
    ("searchsorted_int64", lambda: tf.searchsorted(c([1., 2., 2., 3.]), c([0., 2.]),
                                                   out_type=tf.int64),
     [0, 1], tf.int64),
    ("searchsorted_right_int64", lambda: tf.searchsorted(c([1., 2., 2., 3.]), c([2.]),
                                                         side="right", out_type=tf.int64),
     [3], tf.int64),
    ("searchsorted_rows", lambda: tf.searchsorted(c([[1., 3.], [2., 4.]]),
                                                  c([[2., 5., 0.], [2., 3., 4.]])),
     [[1, 2, 0], [0, 1, 1]], tf.int32),
    ("searchsorted_one_row", lambda: tf.searchsorted(c([[1., 2., 3.]]), c([2., 0.])), [1, 0],
     tf.int32),
    ("searchsorted_3d", lambda: tf.searchsorted(c([[[1., 3.], [2., 4.]]]), c([[[2.], [5.]]])),
     [[[1], [2]]], tf.int32),
    ("searchsorted_nan_left", lambda: tf.searchsorted(c([1., 2., 3.]), c([NAN])), [0],
     tf.int32),
    ("searchsorted_nan_right", lambda: tf.searchsorted(c([1., 2., 3.]), c([NAN]),
                                                       side="right"), [3], tf.int32),
    ("searchsorted_signed_zero", lambda: tf.searchsorted(c([-1., 0., 1.]), c([-0.]),
                                                         side="right"), [2], tf.int32),
    ("searchsorted_empty_values", lambda: tf.searchsorted(c([1., 2.]), tf.zeros([0])),
     np.zeros([0]), tf.int32),
    ("searchsorted_empty_sequence", lambda: tf.searchsorted(tf.zeros([0]), c([1.])), [0],
     tf.int32),
    ("searchsorted_python", lambda: tf.searchsorted([1, 2, 3], [2, 5]), [1, 3], tf.int32),
    ("searchsorted_int64_input", lambda: tf.searchsorted(c([1, 2], tf.int64), c([1], tf.int64),
                                                         side="right"), [1], tf.int32),
    ("searchsorted_uint8", lambda: tf.searchsorted(c([1, 2], tf.uint8), c([1], tf.uint8)), [0],
     tf.int32),
    ("invert_permutation", lambda: tf.invert_permutation(c([3, 4, 0, 2, 1])), [2, 4, 3, 0, 1],
     tf.int32),
    ("invert_permutation_int64", lambda: tf.math.invert_permutation(c([1, 0], tf.int64)),
     [1, 0], tf.int64),
    ("invert_permutation_python", lambda: tf.invert_permutation([2, 0, 1]), [1, 2, 0],
     tf.int32),
    ("invert_permutation_empty", lambda: tf.invert_permutation(c([], tf.int32)),
     np.zeros([0]), tf.int32),
    ("unravel_index", lambda: tf.unravel_index(c([1, 5, 7]), c([3, 3])),
     [[0, 1, 2], [1, 2, 1]], tf.int32),
    ("unravel_index_scalar", lambda: tf.unravel_index(c(5), c([2, 3])), [1, 2], tf.int32),
    ("unravel_index_int64", lambda: tf.unravel_index(c([5], tf.int64), c([2, 3], tf.int64)),
     [[1], [2]], tf.int64),
    ("unravel_index_python", lambda: tf.unravel_index([5, 0], [2, 3]), [[1, 0], [2, 0]],
     tf.int32),
    ("unravel_index_python_dims", lambda: tf.unravel_index(c(7), [2, 4]), [1, 3], tf.int32),
    ("unravel_index_negative", lambda: tf.unravel_index(c([5, -7, -1]), c([2, 3])),
     [[1, 0, 0], [2, -1, -1]], tf.int32),
    ("unravel_index_3d", lambda: tf.unravel_index(c([23, 13]), c([2, 3, 4])),
     [[1, 1], [2, 0], [3, 1]], tf.int32),
    ("unravel_index_no_dims", lambda: tf.unravel_index(c([0]), c([], tf.int32)),
     np.zeros([0, 1]), tf.int32),
    # FFT
    ("fft", lambda: tf.fft(c(BOX, tf.complex64)),
     [[[1 + 13j, -1 + 1j], [5 + 9j, -1 + 1j]], [[9 + 5j, -1 + 1j], [13 + 1j, -1 + 1j]]],
     tf.complex64),
    ("ifft", lambda: tf.ifft(c(BOX, tf.complex64)),
     [[[.5 + 6.5j, -.5 + .5j], [2.5 + 4.5j, -.5 + .5j]],
      [[4.5 + 2.5j, -.5 + .5j], [6.5 + .5j, -.5 + .5j]]], tf.complex64),
    ("fft2d", lambda: tf.spectral.fft2d(c(BOX, tf.complex64)),
     [[[6 + 22j, -2 + 2j], [-4 + 4j, 0j]], [[22 + 6j, -2 + 2j], [-4 + 4j, 0j]]], tf.complex64),
    ("ifft2d", lambda: tf.signal.ifft2d(c(BOX)),
     [[[1.5 + 5.5j, -.5 + .5j], [-1 + 1j, 0j]], [[5.5 + 1.5j, -.5 + .5j], [-1 + 1j, 0j]]],
     tf.complex128),
    ("fft3d", lambda: tf.fft3d(c(BOX, tf.complex64)),
     [[[28 + 28j, -4 + 4j], [-8 + 8j, 0j]], [[-16 + 16j, 0j], [0j, 0j]]], tf.complex64),
    ("ifft3d", lambda: tf.ifft3d(c(BOX, tf.complex64)),
     [[[3.5 + 3.5j, -.5 + .5j], [-1 + 1j, 0j]], [[-2 + 2j, 0j], [0j, 0j]]], tf.complex64),
    ("fft_python_complex", lambda: tf.fft([1j, 2.]), [2 + 1j, -2 + 1j], tf.complex128),
    ("fft_python_float", lambda: tf.signal.fft([1., 2.]), [3 + 0j, -1 + 0j], tf.complex64),
    ("fft_numpy_float64", lambda: tf.fft(np.array([1., 2.])), [3 + 0j, -1 + 0j], tf.complex64),
    ("fft_empty", lambda: tf.fft(tf.zeros([2, 0], tf.complex64)), np.zeros([2, 0]),
     tf.complex64),
    ("rfft", lambda: tf.signal.rfft(c(R34, tf.float32)),
     [[[6, -2 + 2j, -2], [22, -2 + 2j, -2], [38, -2 + 2j, -2]]], tf.complex64),
    ("rfft_float64", lambda: tf.spectral.rfft(c(R34)),
     [[[6, -2 + 2j, -2], [22, -2 + 2j, -2], [38, -2 + 2j, -2]]], tf.complex128),
    ("rfft_padded", lambda: tf.signal.rfft(c([1., 2., 3.]), fft_length=c([4])),
     [6 + 0j, -2 - 2j, 2 + 0j], tf.complex64),
    ("rfft_python_int", lambda: tf.signal.rfft([1, 2, 3]), [6 + 0j, -1.5 + 0.8660254j],
     tf.complex64),
    ("rfft_numpy_float64", lambda: tf.signal.rfft(np.array([1., 2.])), [3 + 0j, -1 + 0j],
     tf.complex64),
    ("rfft_empty", lambda: tf.signal.rfft(tf.zeros([2, 0])), np.zeros([2, 0]), tf.complex64),
    ("irfft", lambda: tf.signal.irfft(c(R34 + 1j, tf.complex64)),
     [[[1.5, -1.244017, 0., -0.16666666, 0., -0.08931638],
       [5.5, -1.244017, 0., -0.16666666, 0., -0.08931638],
       [9.5, -1.244017, 0., -0.16666666, 0., -0.08931638]]], tf.float32),
    ("irfft_cropped", lambda: tf.signal.irfft(c(R34 + 1j, tf.complex64), fft_length=[2]),
     [[[.5, -.5], [4.5, -.5], [8.5, -.5]]], tf.float32),
    ("irfft_odd_length", lambda: tf.spectral.irfft(c([1 + 1j, 2 - 1j, 3 + 2j]), fft_length=[5]),
     [2.2, -0.61341239, 0.91956611, -1.07235252, -0.4338012], tf.float64),
    ("irfft_python", lambda: tf.signal.irfft([1, 2, 3]), [2., -.5, 0., -.5], tf.float32),
    ("irfft_python_complex", lambda: tf.signal.irfft([1j, 2]), [1., -1.], tf.float32),
    ("irfft_numpy_float64", lambda: tf.signal.irfft(np.array([1., 2.])), [1.5, -.5],
     tf.float32),
    ("irfft_empty", lambda: tf.signal.irfft(tf.zeros([2, 0], tf.complex64)), np.zeros([2, 0]),
     tf.float32),
    ("rfft2d", lambda: tf.signal.rfft2d(c(R34, tf.float32)),
     [[[66, -6 + 6j, -6], [-24 + 13.856406j, 0, 0], [-24 - 13.856406j, 0, 0]]], tf.complex64),
    ("rfft3d", lambda: tf.spectral.rfft3d(c(R34)),
     [[[66, -6 + 6j, -6], [-24 + 13.85640646j, 0, 0], [-24 - 13.85640646j, 0, 0]]],
     tf.complex128),
    ("irfft2d", lambda: tf.signal.irfft2d(c(R34 + 1j)),
     [[[5.5, -1.24401694, 0., -0.16666667, 0., -0.0893164],
       [-2., 0.66666667, 0., 0., 0., -0.66666667],
       [-2., -0.66666667, 0., 0., 0., 0.66666667]]], tf.float64),
    ("irfft2d_hermitian", lambda: tf.signal.irfft2d(c([[1 + 1j, 2 - 1j, 3 + 2j],
                                                       [4 + .5j, 5 + 1j, 6 - 3j]])),
     [[3.5, -.5, 0., -.5], [-1.5, .5, 0., -.5]], tf.float64),
    ("irfft2d_cropped", lambda: tf.spectral.irfft2d(c(R34 + 1j, tf.complex64),
                                                    fft_length=[2, 2]),
     [[[2.5, -.5], [-2., 0.]]], tf.float32),
    ("irfft3d_cropped", lambda: tf.signal.irfft3d(c(R34 + 1j, tf.complex64),
                                                  fft_length=[2, 2, 2]),
     [[[1.25, -.25], [-1., 0.]], [[1.25, -.25], [-1., 0.]]], tf.float32),
]


@pytest.mark.parametrize("call,expected,dtype,rtol",
                         [(row[1], row[2], row[3], row[4] if len(row) > 4 else 1e-6)
                          for row in VALUES], ids=[row[0] for row in VALUES])
def test_values(call, expected, dtype, rtol):
    check(call(), expected, dtype, rtol)


RFFT2D_PADDED = [
    [66, -10.499999 - 28.578838j, 16.5 + 2.5980759j, -6],
    [-2 - 51.961525j, -26 + 6.9282036j, 0.99999905 - 12.124355j, -2 + 3.4641016j],
    [-24 + 13.856406j, 6 + 10.392305j, -5.9999995 + 3.4641023j, 0],
    [22, -3.5 - 9.526279j, 5.5 + 0.866025j, -2],
    [-24 - 13.856406j, -6 + 10.392305j, -6.0000005 - 3.4641018j, 0],
    [-2 + 51.961525j, 19 - 5.196152j, -1.9999996 + 13.856406j, -2 - 3.4641016j]]


def test_real_ffts_pad_to_fft_length():
    check(tf.signal.rfft(c(R34, tf.float32), fft_length=[6]),
          [[[6, -3.4999998 - 2.598076j, 1.4999998 + 0.86602545j, -2],
            [22, -3.4999995 - 9.526279j, 5.4999995 + 0.86602545j, -2],
            [38, -3.5 - 16.454483j, 9.5 + 0.866025j, -2]]], tf.complex64, 1e-5)
    check(tf.signal.rfft2d(c(R34, tf.float32), fft_length=[6, 6]), [RFFT2D_PADDED],
          tf.complex64, 1e-5)
    check(tf.signal.rfft3d(c(R34, tf.float32), fft_length=[6, 6, 6]), [RFFT2D_PADDED] * 6,
          tf.complex64, 1e-5)


def test_nextafter_is_exact():
    out = tf.math.nextafter(d([1., 1., 0., 2.]), d([2., 0., 1., 2.])).numpy()
    assert out.tolist() == [1.0000000000000002, 0.9999999999999999, 5e-324, 2.0]


def test_sort_keeps_signed_zeros_in_order():
    out = tf.sort(c([0., -0., 1., -0.])).numpy()
    assert out.tolist() == [0., 0., 0., 1.]
    assert np.signbit(out).tolist() == [False, True, True, False]


def test_real_and_conj_return_a_real_input_itself():
    x = c([1., 2.])
    assert tf.real(x) is x and tf.math.conj(x) is x


def test_names_and_aliases():
    assert tf.math.special.bessel_i0 is tf.math.bessel_i0
    assert tf.signal.fft is tf.fft and tf.spectral.ifft3d is tf.ifft3d
    assert tf.signal.rfft is tf.spectral.rfft
    assert tf.math.divide_no_nan is tf.div_no_nan
    assert tf.nn.zero_fraction is tf.math.zero_fraction
    assert tf.dtypes.complex is tf.complex and tf.dtypes.saturate_cast is tf.saturate_cast
    assert tf.math.invert_permutation is tf.invert_permutation
    assert tf.complex.__name__ == "complex"
    with pytest.raises(AttributeError, match="tf.signal.mdct is not supported"):
        tf.signal.mdct


# ---- errors --------------------------------------------------------------------------------
IAE = tf.errors.InvalidArgumentError
NOT_ALLOWED = "is not in the list of allowed values"

ERRORS = [
    ("acosh_int", lambda: tf.acosh(c([1, 2])), IAE,
     rf"Value for attr 'T' of int32 {NOT_ALLOWED}: [\s\S]*\[Op:Acosh\]"),
    ("lgamma_complex", lambda: tf.lgamma(c([1j])), IAE,
     rf"Value for attr 'T' of complex128 {NOT_ALLOWED}[\s\S]*\[Op:Lgamma\]"),
    ("erfinv_bool", lambda: tf.math.erfinv(c([True])), IAE, r"of bool [\s\S]*\[Op:Erfinv\]"),
    ("bessel_i1_string", lambda: tf.math.bessel_i1(c(["a"])), IAE,
     r"of string [\s\S]*\[Op:BesselI1\]"),
    ("reciprocal_no_nan_int", lambda: tf.math.reciprocal_no_nan(c([1])), IAE,
     rf"of int32 {NOT_ALLOWED}.*\[Op:DivNoNan\]"),
    ("reciprocal_no_nan_string", lambda: tf.math.reciprocal_no_nan(c(["a"])), TypeError,
     "Cannot convert 1 to EagerTensor of dtype string"),
    ("real_string", lambda: tf.real(c(["a"])), TypeError,
     "input must be a numeric tensor, but got tensor with dtype <dtype: 'string'>"),
    ("real_bool", lambda: tf.math.real(c([True])), TypeError, "<dtype: 'bool'>"),
    ("conj_bool", lambda: tf.conj(c([True])), TypeError,
     "Expected numeric or variant tensor, got dtype tf.bool."),
    ("angle_int", lambda: tf.angle(c([1, 2])), TypeError,
     "Cannot convert 3.141592653589793 to EagerTensor of dtype int32"),
    ("angle_bool", lambda: tf.angle(c([True])), TypeError,
     "Cannot convert 0 to EagerTensor of dtype bool"),
    ("div_no_nan_dtypes", lambda: tf.div_no_nan(c([.5]), d([2.])), TypeError,
     "`x` and `y` must have the same dtype, got tf.float32 != tf.float64."),
    ("div_no_nan_python_float_y", lambda: tf.div_no_nan(c([1]), 1.5), TypeError,
     "got tf.int32 != tf.float32."),
    ("div_no_nan_string", lambda: tf.div_no_nan(c(["a"]), c(["b"])), TypeError,
     r"Invalid dtype tf.string in tf.math.divide_no_nan. Expected one of \{tf.uint8, "),
    ("div_no_nan_bool", lambda: tf.div_no_nan(c([True]), c([True])), TypeError,
     "Invalid dtype tf.bool"),
    ("div_no_nan_shapes", lambda: tf.div_no_nan(c([1., 2.]), c([1., 2., 3.])), IAE,
     r"Incompatible shapes: \[2\] vs. \[3\] \[Op:DivNoNan\]"),
    ("multiply_no_nan_dtypes", lambda: tf.math.multiply_no_nan(c([.5]), d([2.])), ValueError,
     "y: Tensor conversion requested dtype float32 for Tensor with dtype float64"),
    ("multiply_no_nan_python", lambda: tf.math.multiply_no_nan(c([1]), 1.5), TypeError,
     "Cannot convert 1.5 to EagerTensor of dtype int32"),
    ("multiply_no_nan_int", lambda: tf.math.multiply_no_nan(c([1]), c([2])), IAE,
     rf"of int32 {NOT_ALLOWED}.*\[Op:MulNoNan\]"),
    ("zeta_int", lambda: tf.zeta(c([1]), c([1])), IAE,
     rf"Value for attr 'T' of int32 {NOT_ALLOWED}[\s\S]*\[Op:Zeta\]"),
    ("zeta_half", lambda: tf.math.zeta(c([1.], tf.float16), c([1.], tf.float16)), IAE,
     "of half"),
    ("zeta_dtypes", lambda: tf.zeta(c([1.]), d([2.])), IAE,
     r"cannot compute Zeta as input #1\(zero-based\) was expected to be a float tensor but "
     r"is a double tensor \[Op:Zeta\]"),
    ("zeta_shapes", lambda: tf.zeta(c([1., 2.]), c([1., 2., 3.])), IAE,
     r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Zeta\]"),
    ("polygamma_complex", lambda: tf.polygamma(c([1j]), c([1j])), IAE,
     r"of complex128 .*\[Op:Polygamma\]"),
    ("igamma_complex", lambda: tf.igamma(c([1j]), c([1j])), IAE, r"\[Op:Igamma\]"),
    ("igammac_dtypes", lambda: tf.igammac(c([1.]), d([2.])), IAE,
     r"cannot compute Igammac as input #1\(zero-based\)"),
    ("nextafter_half", lambda: tf.math.nextafter(c([1.], tf.float16), c([1.], tf.float16)),
     IAE, rf"of half {NOT_ALLOWED}: double, float\n[\s\S]*\[Op:NextAfter\]"),
    ("betainc_shapes_ab", lambda: tf.betainc(c([.5, 1.]), c([[.5], [2.]]), c([.2, .5])), IAE,
     r"Shapes of a and b are inconsistent: \[2\] vs. \[2,1\] \[Op:Betainc\]"),
    ("betainc_shapes_ax", lambda: tf.betainc(c([.5, 1.]), c([1., 2.]), c([.1, .2, .3])), IAE,
     r"Shapes of a and x are inconsistent: \[2\] vs. \[3\]"),
    ("betainc_shapes_bx", lambda: tf.betainc(c(.5), c([1., 2.]), c([.1, .2, .3])), IAE,
     r"Shapes of b and x are inconsistent: \[2\] vs. \[3\]"),
    ("betainc_int", lambda: tf.betainc(c([1]), c([1]), c([1])), IAE,
     rf"of int32 {NOT_ALLOWED}.*\[Op:Betainc\]"),
    ("betainc_dtypes", lambda: tf.betainc(c([1.]), c([1.]), d([1.])), IAE,
     r"cannot compute Betainc as input #2\(zero-based\) was expected to be a float tensor"),
    ("complex_int", lambda: tf.complex(1, 2), TypeError,
     r"The `real` and `imag` components have incorrect types: int32 int32. They must be "
     r"consistent, and one of \[tf.float32, tf.float64\]"),
    ("complex_dtypes", lambda: tf.complex(1., d([2.])), TypeError,
     "incorrect types: float32 float64"),
    ("complex_half", lambda: tf.complex(c([1.], tf.float16), c([2.], tf.float16)), TypeError,
     "incorrect types: float16 float16"),
    ("complex_shapes", lambda: tf.complex(c([1., 2.]), c([3., 4., 5.])), IAE,
     r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Complex\]"),
    ("saturate_cast_bool_input", lambda: tf.saturate_cast(c([True]), tf.int32), TypeError,
     "Cannot find minimum value of <dtype: 'bool'> with type <dtype: 'bool'>."),
    ("saturate_cast_to_bool", lambda: tf.saturate_cast(c([2.]), tf.bool), TypeError,
     "Cannot find minimum value of <dtype: 'bool'>"),
    ("saturate_cast_string", lambda: tf.saturate_cast(c(["a"]), tf.int32), TypeError,
     "Cannot find minimum value of <dtype: 'string'>"),
    ("to_complex64_string", lambda: tf.to_complex64(c(["a"])), tf.errors.UnimplementedError,
     "Cast string to complex64 is not supported"),
    ("reduce_variance_int", lambda: tf.math.reduce_variance(c([1, 2])), TypeError,
     r"Input must be either real or complex. Received integer type <dtype: 'int32'>."),
    ("reduce_std_uint8", lambda: tf.math.reduce_std(c([1], tf.uint8)), TypeError,
     "Received integer type <dtype: 'uint8'>."),
    ("reduce_variance_bool", lambda: tf.math.reduce_variance(c([True])), IAE,
     rf"Value for attr 'T' of bool {NOT_ALLOWED}[\s\S]*\[Op:Mean\]"),
    ("reduce_variance_string", lambda: tf.math.reduce_variance(c(["a"])), IAE, "of string"),
    ("reduce_variance_axis", lambda: tf.math.reduce_variance(c(F), axis=2), IAE,
     r"Invalid reduction dimension \(2 for input with 2 dimension\(s\) \[Op:Mean\]"),
    ("reduce_variance_duplicate_axis", lambda: tf.math.reduce_variance(c(F), axis=[1, 1]), IAE,
     "Invalid reduction arguments: Axes contains duplicate dimension: 1"),
    ("reduce_variance_keep_dims", lambda: tf.math.reduce_variance(c(F), keep_dims=True),
     TypeError, "keep_dims"),
    ("cumulative_logsumexp_int", lambda: tf.math.cumulative_logsumexp(c([1, 2])), IAE,
     rf"of int32 {NOT_ALLOWED}.*\[Op:CumulativeLogsumexp\]"),
    ("cumulative_logsumexp_complex", lambda: tf.math.cumulative_logsumexp(c([1j])), IAE,
     "of complex128"),
    ("cumulative_logsumexp_axis", lambda: tf.math.cumulative_logsumexp(c(F), axis=2), IAE,
     r"ScanOp: Expected scan axis in the range \[-2, 2\), but got 2 "
     r"\[Op:CumulativeLogsumexp\]"),
    ("cumulative_logsumexp_negative_axis",
     lambda: tf.math.cumulative_logsumexp(c(F), axis=-3), IAE, r"\[-2, 2\), but got -1"),
    ("cumulative_logsumexp_axis_list",
     lambda: tf.math.cumulative_logsumexp(c(F), axis=[1]), IAE,
     r"ScanOp: axis must be a scalar, not \[1\]"),
    ("cumulative_logsumexp_scalar", lambda: tf.math.cumulative_logsumexp(c(3.)), IAE,
     r"\[0, 0\), but got 0"),
    ("cumulative_logsumexp_float_axis",
     lambda: tf.math.cumulative_logsumexp(c(F), axis=1.), TypeError,
     "Cannot convert 1.0 to EagerTensor of dtype int32"),
    ("polyval_tuple", lambda: tf.math.polyval((1., 2.), c([1.])), ValueError,
     "Argument coeffs must be list type. Received type <class 'tuple'>."),
    ("polyval_tensor", lambda: tf.math.polyval(c([1., 2.]), c([1.])), ValueError,
     "Argument coeffs must be list type."),
    ("polyval_dtypes", lambda: tf.math.polyval([1., 2.], d([1.])), IAE,
     r"cannot compute Mul as input #1\(zero-based\) was expected to be a float tensor but is "
     r"a double tensor \[Op:Mul\]"),
    ("polyval_complex", lambda: tf.math.polyval([1j, 2.], c([1j])), IAE,
     r"cannot compute AddV2 as input #1\(zero-based\) was expected to be a float tensor but "
     r"is a complex128 tensor"),
    ("sort_direction", lambda: tf.sort(c([1.]), direction="UP"), ValueError,
     "Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction=UP"),
    ("sort_axis", lambda: tf.sort(c(F), axis=2), IAE,
     r"slice index 2 of dimension 0 out of bounds. \[Op:StridedSlice\]"),
    ("sort_negative_axis", lambda: tf.sort(c(F), axis=-3), IAE,
     "slice index -1 of dimension 0 out of bounds."),
    ("sort_axis_list", lambda: tf.sort(c(F), axis=[0]), ValueError,
     r"Argument `axis` must be a constant scalar. Received: axis=\[0\]."),
    ("sort_scalar", lambda: tf.sort(c(3.)), IAE, "slice index -1 of dimension 0 out of bounds."),
    ("sort_bool", lambda: tf.sort(c([True, False])), IAE,
     rf"Value for attr 'T' of bool {NOT_ALLOWED}[\s\S]*\[Op:Neg\]"),
    ("sort_bool_descending", lambda: tf.sort(c([True]), direction="DESCENDING"), IAE,
     rf"of bool {NOT_ALLOWED}.*\[Op:TopKV2\]"),
    ("sort_complex", lambda: tf.sort(c([1j, 2.])), IAE,
     rf"of complex128 {NOT_ALLOWED}.*\[Op:TopKV2\]"),
    ("argsort_string", lambda: tf.argsort(c(["b", "a"])), IAE, r"of string .*\[Op:Neg\]"),
    ("argsort_direction", lambda: tf.argsort(c([1.]), direction="up"), ValueError,
     "Received: direction=up"),
    ("argsort_axis", lambda: tf.argsort(c(F), axis=2), IAE, "slice index 2 of dimension 0"),
    ("searchsorted_side", lambda: tf.searchsorted(c([1., 2.]), c([1.]), side="middle"),
     ValueError, "Argument `side` must be either 'right' or 'left'. Received: `side` = "
                 "'middle'."),
    ("searchsorted_out_type", lambda: tf.searchsorted(c([1., 2.]), c([1.]), out_type=tf.int16),
     IAE, r"Value for attr 'out_type' of int16 is not in the list of allowed values: int32, "
          r"int64 \[Op:LowerBound\]"),
    ("searchsorted_float_out_type", lambda: tf.searchsorted(c([1., 2.]), c([1.]),
                                                            out_type=tf.float32),
     IAE, "Value for attr 'out_type' of float"),
    ("searchsorted_rows", lambda: tf.searchsorted(c([[1., 3.], [2., 4.]]), c([2., 5.])), IAE,
     r"Leading dim_size of both tensors must match. \[Op:LowerBound\]"),
    ("searchsorted_leading", lambda: tf.searchsorted(c([[1., 3.], [2., 4.]]),
                                                     c([[2.], [3.], [4.]]), side="right"),
     IAE, r"Leading dim_size of both tensors must match. \[Op:UpperBound\]"),
    ("searchsorted_scalar_sequence", lambda: tf.searchsorted(c(1.), c(2.)), IAE,
     r"slice index -1 of dimension 0 out of bounds. \[Op:StridedSlice\]"),
    ("searchsorted_scalar_values", lambda: tf.searchsorted(c([1., 2.]), c(2.)), IAE,
     "slice index -1 of dimension 0 out of bounds."),
    ("searchsorted_dtypes", lambda: tf.searchsorted(c([1., 2., 3.]), [2, 5]), IAE,
     r"cannot compute LowerBound as input #1\(zero-based\) was expected to be a float tensor "
     r"but is a int32 tensor"),
    ("searchsorted_bool", lambda: tf.searchsorted(c([False, True]), c([True])),
     tf.errors.NotFoundError,
     r"Could not find device for node: \{\{node LowerBound\}\} = "
     r"LowerBound\[T=DT_BOOL, out_type=DT_INT32\]"),
    ("searchsorted_complex", lambda: tf.searchsorted(c([1j]), c([1j]), side="right",
                                                     out_type=tf.int64),
     tf.errors.NotFoundError, r"UpperBound\[T=DT_COMPLEX128, out_type=DT_INT64\]"),
    ("invert_permutation_float", lambda: tf.invert_permutation(c([1., 0.])), IAE,
     rf"Value for attr 'T' of float {NOT_ALLOWED}: int32, int64 \[Op:InvertPermutation\]"),
    ("invert_permutation_uint8", lambda: tf.invert_permutation(c([0], tf.uint8)), IAE,
     "of uint8"),
    ("invert_permutation_duplicate", lambda: tf.invert_permutation(c([1, 1])), IAE,
     r"1 is duplicated in the input. \[Op:InvertPermutation\]"),
    ("invert_permutation_out_of_range", lambda: tf.invert_permutation(c([0, 5, 1])), IAE,
     "5 is not between 0 and 3"),
    ("invert_permutation_negative", lambda: tf.invert_permutation(c([0, -1])), IAE,
     "-1 is not between 0 and 2"),
    ("invert_permutation_2d", lambda: tf.invert_permutation(c([[0, 1]])), IAE,
     "invert_permutation expects a 1D vector."),
    ("invert_permutation_scalar", lambda: tf.invert_permutation(c(0)), IAE,
     "invert_permutation expects a 1D vector."),
    ("unravel_index_dtypes", lambda: tf.unravel_index(c([5], tf.int64), c([2, 3])), IAE,
     r"cannot compute UnravelIndex as input #1\(zero-based\) was expected to be a int64 "
     r"tensor but is a int32 tensor"),
    ("unravel_index_float", lambda: tf.unravel_index(c([1.]), c([2., 3.])), IAE,
     rf"Value for attr 'Tidx' of float {NOT_ALLOWED}: int32, int64 \[Op:UnravelIndex\]"),
    ("unravel_index_out_of_bound", lambda: tf.unravel_index(c([6]), c([2, 3])), IAE,
     r"index is out of bound as with dims \[Op:UnravelIndex\]"),
    ("unravel_index_dims_2d", lambda: tf.unravel_index(c([1]), c([[2, 3]])), IAE,
     r'The indices can only be 1-D, got "\[1,2\]"'),
    ("unravel_index_dims_scalar", lambda: tf.unravel_index(c([1]), c(6)), IAE,
     r'The indices can only be 1-D, got "\[\]"'),
    ("unravel_index_indices_2d", lambda: tf.unravel_index(c([[1, 2], [3, 4]]), c([2, 3])), IAE,
     r'The indices can only be scalar or vector, got "\[2,2\]"'),
    ("unravel_index_zero_dim", lambda: tf.unravel_index(c([0]), c([0, 3])), IAE,
     "Input dims cannot contain a dim of zero, but dims contains zero at index 0"),
    ("unravel_index_negative_dim", lambda: tf.unravel_index(c([0]), c([-1, 3])), IAE,
     "Input dims cannot be negative. Got dim = -1 at index 0"),
    ("unravel_index_empty", lambda: tf.unravel_index(c([], tf.int32), c([2, 3])), IAE,
     "received empty tensor indices: Tensor<type: int32 shape: \\[0\\] values: >"),
    ("fft_float", lambda: tf.fft(c([1.])), IAE,
     r"Value for attr 'Tcomplex' of float is not in the list of allowed values: complex64, "
     r"complex128 \[Op:FFT\]"),
    ("ifft_scalar", lambda: tf.ifft(c(1j)), IAE,
     r"Input must have rank of at least 1 but got: \[\] \[Op:IFFT\]"),
    ("fft2d_vector", lambda: tf.fft2d(c([1j, 2.])), IAE,
     r"Input must have rank of at least 2 but got: \[2\] \[Op:FFT2D\]"),
    ("ifft3d_matrix", lambda: tf.signal.ifft3d(tf.zeros([2, 0], tf.complex64)), IAE,
     r"at least 3 but got: \[2,0\] \[Op:IFFT3D\]"),
    ("rfft_complex", lambda: tf.signal.rfft(c([1j])), ValueError,
     r"RFFT requires tf.float32 or tf.float64 inputs, got: tf.Tensor\(\[0.\+1.j\], "
     r"shape=\(1,\), dtype=complex128\)"),
    ("rfft2d_int", lambda: tf.signal.rfft2d(c([[1]])), ValueError,
     "RFFT requires tf.float32 or tf.float64 inputs"),
    ("irfft_float", lambda: tf.signal.irfft(c([1.])), ValueError,
     r"IRFFT requires tf.complex64 or tf.complex128 inputs, got: tf.Tensor\("),
    ("rfft_fft_length", lambda: tf.signal.rfft(c([1., 2.]), fft_length=[2, 2]), IAE,
     r"fft_length must have shape \[1\] \[Op:RFFT\]"),
    ("rfft2d_fft_length", lambda: tf.spectral.rfft2d(c([[1., 2.]]), fft_length=[2]), IAE,
     r"fft_length must have shape \[2\] \[Op:RFFT2D\]"),
    ("rfft_scalar", lambda: tf.signal.rfft(c(1.)), ValueError,
     r"Shape \(\) must have rank at least 1"),
    ("irfft_scalar_float", lambda: tf.signal.irfft(c(1.)), ValueError,
     r"Shape \(\) must have rank at least 1"),
    ("rfft2d_vector", lambda: tf.signal.rfft2d([1., 2., 3.]), ValueError,
     r"Shape \(3,\) must have rank at least 2"),
    ("irfft3d_matrix", lambda: tf.signal.irfft3d(c([[1j]])), ValueError,
     r"Shape \(1, 1\) must have rank at least 3"),
]


@pytest.mark.parametrize("call,exception,message", [row[1:] for row in ERRORS],
                         ids=[row[0] for row in ERRORS])
def test_errors(call, exception, message):
    with pytest.raises(exception, match=message):
        call()


# ---- gradients -----------------------------------------------------------------------------
def as_complex(x):
    """A complex128 tensor from a float64 one of shape [2, ...]: real and imaginary parts."""
    return tf.complex(x[0], x[1])


X = [[.3, -1.2, 2.], [1.5, .7, -.4]]
POSITIVE = [.4, 1.3, 2.2]
UNIT = [.15, .4, .8]
GRADIENTS = [
    ("acosh", tf.acosh, [1.5, 2.5]),
    ("asinh", tf.asinh, X),
    ("atanh", tf.atanh, [-.5, .3]),
    ("lgamma", tf.lgamma, [.7, 2.5, -1.5]),
    ("digamma", tf.digamma, [.7, 2.5, -1.5]),
    ("erfc", tf.erfc, X),
    ("erfinv", tf.math.erfinv, [-.5, .3]),
    ("ndtri", tf.math.ndtri, [.2, .7]),
    ("bessel_i0", tf.math.bessel_i0, [-1.2, .4, 2.]),
    ("bessel_i0e", tf.math.bessel_i0e, [-1.2, .4, 2.]),
    ("bessel_i1", tf.math.bessel_i1, [-1.2, .4, 2.]),
    ("bessel_i1e", tf.math.bessel_i1e, [-1.2, .4, 2.]),
    ("reciprocal_no_nan", tf.math.reciprocal_no_nan, [-.5, 2.]),
    ("div_no_nan", lambda x: tf.div_no_nan(x, x * x + 1.), X),
    ("multiply_no_nan", lambda x: tf.math.multiply_no_nan(x, x + 1.), X),
    ("zeta", lambda q: tf.zeta(d(2.5), q), POSITIVE),
    ("polygamma", lambda x: tf.polygamma(d([1., 2., 0.]), x), POSITIVE),
    ("igamma", lambda x: tf.igamma(x, x[::-1] * 2.), POSITIVE),
    ("igammac", lambda x: tf.igammac(x, x[::-1] * 2.), POSITIVE),
    ("betainc", lambda x: tf.betainc(d(2.), d(3.), x), UNIT),
    ("reduce_std", lambda x: tf.math.reduce_std(x, axis=1), X),
    ("reduce_variance", lambda x: tf.math.reduce_variance(x, axis=0, keepdims=True), X),
    ("reduce_std_complex", lambda x: tf.math.reduce_std(as_complex(x)), X),
    ("cumulative_logsumexp", lambda x: tf.math.cumulative_logsumexp(x, axis=1), X),
    ("cumulative_logsumexp_exclusive_reverse",
     lambda x: tf.math.cumulative_logsumexp(x, exclusive=True, reverse=True)[:-1], X[0]),
    ("polyval", lambda x: tf.math.polyval([x[0], x[1], d(2.)], x[1]), X),
    ("real_imag", lambda x: tf.real(as_complex(x)) * tf.imag(as_complex(x) * 2j), X),
    ("conj", lambda x: tf.imag(tf.conj(as_complex(x)) * as_complex(x[::-1])), X),
    ("angle", lambda x: tf.angle(as_complex(x)), X),
    ("fft", lambda x: tf.abs(tf.fft(as_complex(x))), X),
    ("ifft2d", lambda x: tf.math.real(tf.ifft2d(as_complex(x)[None] * as_complex(x)[:, None])),
     X),
    ("fft3d", lambda x: tf.imag(tf.fft3d(tf.reshape(as_complex(x), [1, 1, 3]) * 1j)), X),
    ("rfft", lambda x: tf.abs(tf.signal.rfft(x, fft_length=[4])), X),
    ("irfft", lambda x: tf.signal.irfft(as_complex(x)), X),
    ("rfft2d_irfft2d", lambda x: tf.signal.irfft2d(tf.signal.rfft2d(x) * tf.signal.rfft2d(x)),
     X),
    ("sort", lambda x: tf.sort(x, axis=0, direction="DESCENDING"), X),
]


@pytest.mark.parametrize("f,x", [row[1:] for row in GRADIENTS], ids=[row[0] for row in GRADIENTS])
def test_gradients_match_finite_differences(f, x):
    np.testing.assert_allclose(tape_gradient(f, x).numpy(), numeric_gradient(f, x),
                               rtol=1e-5, atol=1e-6)


def gradients(f, *xs):
    xs = [d(x) for x in xs]
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xs)
        y = f(*xs)
    return [tape.gradient(y, x) for x in xs]


# Gradients where TF picks a convention (zeros, poles, inputs without a gradient): from TF.
# `None` means TF gives no gradient for that input.
LITERAL_GRADIENTS = [
    ("div_no_nan_where_y_is_0", tf.div_no_nan, ([1., 2., 0., 3.], [0., 4., 0., 2.]),
     [[0., .25, 0., .5], [0., -.125, 0., -.75]]),
    ("multiply_no_nan_where_y_is_0", tf.math.multiply_no_nan,
     ([1., INF, NAN, 3.], [0., 0., 0., 2.]), [[0., 0., 0., 2.], [1., INF, NAN, 3.]]),
    ("reciprocal_no_nan_at_0", tf.math.reciprocal_no_nan, ([0., 2., -1.],),
     [[0., -.25, -1.]]),
    ("zeta_no_x_gradient", tf.zeta, ([2., 3.], [1., 2.]), [None, [-2.40411381, -0.2469697]]),
    ("polygamma_no_a_gradient", tf.polygamma, ([1., 2.], [1., 2.]),
     [None, [-2.40411381, 0.4939394]]),
    ("betainc_only_x", tf.betainc, ([.5, 2.], [1., 2.], [.3, .6]),
     [None, None, [0.91287093, 1.44]]),
    ("igamma_both", tf.igamma, ([.5, 2.], [1., 2.]),
     [[-0.38983726, -0.29400469], [0.20755375, 0.27067057]]),
    ("igammac_both", tf.igammac, ([.5, 2.], [1., 2.]),
     [[0.38983726, 0.29400469], [-0.20755375, -0.27067057]]),
    ("nextafter_passes_x1", tf.math.nextafter, ([.5, 2.], [1., 2.]), [[1., 1.], [0., 0.]]),
    ("angle_of_real", tf.angle, ([-1., 0., 2.],), [None]),
    ("imag_of_real", tf.imag, ([-1., 0., 2.],), [None]),
    ("real_of_real", tf.real, ([-1., 0., 2.],), [[1., 1., 1.]]),
    ("zero_fraction", tf.math.zero_fraction, ([0., 1.],), [None]),
    ("argsort", tf.argsort, ([2., 1.],), [None]),
    ("angle_of_complex", lambda x, y: tf.angle(tf.complex(x, y)), ([-1., 2.], [1., 0.]),
     [[-.5, 0.], [-.5, .5]]),
    ("atanh_pole", tf.atanh, ([1., .5],), [[INF, 1.33333333]]),
    ("acosh_pole", tf.acosh, ([1., 2.],), [[INF, 0.57735027]]),
    ("lgamma_poles", tf.lgamma, ([0., -1., 2.5],), [[NAN, NAN, 0.70315664]]),
    ("digamma_poles", tf.digamma, ([0., -1., 2.5],), [[INF, INF, 0.49035776]]),
    ("erfinv_edge", tf.math.erfinv, ([1., 0., .5],), [[INF, 0.88622693, 1.11258482]]),
    ("ndtri_edges", tf.math.ndtri, ([1., 0., .5],), [[INF, INF, 2.50662827]]),
    ("bessel_i0_at_0", tf.math.bessel_i0, ([0., 1.],), [[0., 0.5651591]]),
    ("bessel_i0e_at_0", tf.math.bessel_i0e, ([0., 1., -1.],),
     [[0., -0.25784919, 0.25784919]]),
    ("bessel_i1_at_0", tf.math.bessel_i1, ([0., 1.],), [[1., 0.70090677]]),
    ("bessel_i1e_at_0", tf.math.bessel_i1e, ([0., 1., -1.],), [[.5, 0.04993878, 0.04993878]]),
    ("reduce_std_constant", tf.math.reduce_std, ([1., 1., 1.],), [[NAN, NAN, NAN]]),
    ("cumulative_logsumexp_minus_inf", tf.math.cumulative_logsumexp, ([-INF, 0., 1.],),
     [[NAN, 1.26894142, 0.73105858]]),
    ("cumulative_logsumexp_exclusive",
     lambda x: tf.math.cumulative_logsumexp(x, exclusive=True), ([.5, 0., 1.],),
     [[1.62245933, 0.37754067, 0.]]),
    ("saturate_cast_clipped", lambda x: tf.saturate_cast(x, tf.float32), ([1., 1e300],),
     [[1., 0.]]),
    ("sort_ties", lambda x: tf.sort(x) * d([1., 2., 3.]), ([2., 1., 2.],), [[2., 1., 3.]]),
    ("polyval", lambda a, x: tf.math.polyval([a, a * 2., d(1.)], x), (2., [1., 3.]),
     [18., [8., 16.]]),
    ("fft", lambda x, y: tf.abs(tf.fft(tf.complex(x, y))) * d([1., 2.]), ([1., 2.], [.5, -1.]),
     [[-0.12300647, 2.09579432], [1.4997016, -1.82849958]]),
    ("irfft", lambda x, y: tf.signal.irfft(tf.complex(x, y)) * d([1., 2., 3., 4.]),
     ([1., 2., 3.], [.5, -1., 2.]), [[2.5, -1., -.5], [0., 1., 0.]]),
    ("rfft", lambda x: tf.abs(tf.signal.rfft(x)) * d([1., 2., 3.]), ([1., 2., 3., -1.],),
     [[2.89059961, -0.33589941, 5.10940039, -3.66410059]]),
]


@pytest.mark.filterwarnings("ignore:GradientTape.gradient. every gradient is None")
@pytest.mark.parametrize("f,inputs,expected", [row[1:] for row in LITERAL_GRADIENTS],
                         ids=[row[0] for row in LITERAL_GRADIENTS])
def test_gradient_conventions(f, inputs, expected):
    for grad, want in zip(gradients(f, *inputs), expected):
        if want is None:
            assert grad is None
        else:
            np.testing.assert_allclose(grad.numpy(), want, rtol=1e-7, atol=1e-8, equal_nan=True)


@pytest.mark.parametrize("f", [
    lambda x: tf.math.cumulative_logsumexp(x, reverse=True) ** 2,
    lambda x: tf.math.nextafter(x * x, x) + tf.math.multiply_no_nan(x, x),
], ids=["cumulative_logsumexp", "nextafter_multiply_no_nan"])
def test_second_derivatives(f):
    def first(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(f(x))
        return tape.gradient(y, x)

    x = d([.5, 1., 2.])
    with tf.GradientTape() as outer:
        outer.watch(x)
        total = tf.reduce_sum(first(x) * d([1., 2., 3.]))
    np.testing.assert_allclose(outer.gradient(total, x).numpy(),
                               numeric_gradient(first, [.5, 1., 2.]), rtol=1e-5, atol=1e-6)
