"""Math ops against TensorFlow: values, dtypes and shapes, errors, and gradients.

Expected values are literals taken from TensorFlow 2.21 (compat.v1, eager, CPU).
"""
import numpy as np
import pytest

import tfeager_compat as tf
from checks import numeric_gradient, tape_gradient

NAN, INF = np.nan, np.inf
F = [[1., 5., 2.], [7., 0., 7.]]
D = [[1., 2.], [3., 4.], [5., 6.], [7., 0.]]


def c(value, dtype=None):
    return tf.constant(value, dtype=dtype)


def check(result, expected, dtype, shape=None, rtol=1e-6):
    assert result.dtype == dtype, (result.dtype, dtype)
    value = np.asarray(result.numpy())
    expected = np.asarray(expected)
    assert value.shape == (expected.shape if shape is None else tuple(shape))
    if dtype.is_bool or dtype.is_integer:
        np.testing.assert_array_equal(value, expected)
    else:
        np.testing.assert_allclose(value, expected, rtol=rtol, atol=1e-6, equal_nan=True)


# ---- forward values: (id, call, expected, dtype) -------------------------------------------
VALUES = [
    # argmax / argmin
    ("argmax_default_axis0", lambda: tf.argmax(c(F)), [1, 0, 1], tf.int64),
    ("argmax_axis1", lambda: tf.argmax(c(F), axis=1), [1, 0], tf.int64),
    ("argmax_dimension", lambda: tf.argmax(c(F), dimension=1), [1, 0], tf.int64),
    ("argmax_negative_axis", lambda: tf.argmax(c(F), -1), [1, 0], tf.int64),
    ("argmax_tensor_axis", lambda: tf.argmax(c(F), c(1)), [1, 0], tf.int64),
    ("argmax_int32", lambda: tf.argmax(c(F), 1, output_type=tf.int32), [1, 0], tf.int32),
    ("argmax_int16", lambda: tf.argmax(c(F), 1, output_type=tf.int16), [1, 0], tf.int16),
    ("argmax_empty_other_axis", lambda: tf.argmax(tf.zeros([0, 3]), 1), np.zeros([0]), tf.int64),
    ("argmax_bool", lambda: tf.argmax(c([False, True])), 1, tf.int64),
    ("argmax_int_tie_first", lambda: tf.argmax(c([1, 3, 3])), 1, tf.int64),
    ("argmax_nan_skipped", lambda: tf.argmax(c([NAN, 1., 3.])), 2, tf.int64),
    ("argmax_nan_middle", lambda: tf.argmax(c([3., NAN, 1.])), 0, tf.int64),
    ("argmax_all_nan", lambda: tf.argmax(c([NAN, NAN])), 0, tf.int64),
    ("argmin_nan_skipped", lambda: tf.argmin(c([NAN, 1., 3.])), 1, tf.int64),
    ("argmin_nan_last", lambda: tf.argmin(c([3., 1., NAN])), 1, tf.int64),
    ("argmax_nan_2d", lambda: tf.argmax(c([[NAN, 1.], [2., NAN], [0., 5.]]), 0), [1, 2],
     tf.int64),
    ("arg_max", lambda: tf.arg_max(c(F), 1), [1, 0], tf.int64),
    ("arg_min", lambda: tf.arg_min(c(F), 1), [0, 1], tf.int64),
    ("math_argmin", lambda: tf.math.argmin(c(F), 1), [0, 1], tf.int64),
    # cumsum / cumprod
    ("cumsum", lambda: tf.cumsum(c([1., 2., 3., 4.])), [1., 3., 6., 10.], tf.float32),
    ("cumsum_exclusive", lambda: tf.cumsum(c([1., 2., 3., 4.]), exclusive=True),
     [0., 1., 3., 6.], tf.float32),
    ("cumsum_reverse", lambda: tf.cumsum(c([1., 2., 3., 4.]), reverse=True),
     [10., 9., 7., 4.], tf.float32),
    ("cumsum_exclusive_reverse", lambda: tf.math.cumsum(c([1., 2., 3., 4.]), exclusive=True,
                                                        reverse=True), [9., 7., 4., 0.],
     tf.float32),
    ("cumsum_axis1", lambda: tf.cumsum(c(F), axis=1), [[1., 6., 8.], [7., 7., 14.]],
     tf.float32),
    ("cumsum_axis_neg", lambda: tf.cumsum(c(F), axis=-1), [[1., 6., 8.], [7., 7., 14.]],
     tf.float32),
    ("cumsum_int", lambda: tf.cumsum(c([1, 2])), [1, 3], tf.int32),
    ("cumsum_uint8_wraps", lambda: tf.cumsum(c([200, 100], tf.uint8)), [200, 44], tf.uint8),
    ("cumsum_empty", lambda: tf.cumsum(tf.zeros([0])), np.zeros([0]), tf.float32),
    ("cumprod", lambda: tf.cumprod(c([1., 2., 3., 4.])), [1., 2., 6., 24.], tf.float32),
    ("cumprod_exclusive_reverse", lambda: tf.math.cumprod(c([1., 2., 3., 4.]), exclusive=True,
                                                          reverse=True), [24., 12., 4., 1.],
     tf.float32),
    ("cumprod_int", lambda: tf.cumprod(c([1, 2, 3])), [1, 2, 6], tf.int32),
    # count_nonzero
    ("count_nonzero", lambda: tf.count_nonzero(c(F)), 5, tf.int64),
    ("count_nonzero_axis", lambda: tf.count_nonzero(c(F), axis=1), [3, 2], tf.int64),
    ("count_nonzero_keepdims", lambda: tf.math.count_nonzero(c(F), axis=1, keepdims=True),
     [[3], [2]], tf.int64),
    ("count_nonzero_keep_dims", lambda: tf.count_nonzero(c(F), 1, keep_dims=True), [[3], [2]],
     tf.int64),
    ("count_nonzero_reduction_indices", lambda: tf.count_nonzero(c(F), reduction_indices=1),
     [3, 2], tf.int64),
    ("count_nonzero_dtype", lambda: tf.count_nonzero(c(F), dtype=tf.int32), 5, tf.int32),
    ("count_nonzero_float_dtype", lambda: tf.count_nonzero(c(F), dtype=tf.float32), 5.,
     tf.float32),
    ("count_nonzero_bool", lambda: tf.count_nonzero(c([True, False, True])), 2, tf.int64),
    ("count_nonzero_string", lambda: tf.count_nonzero(c(["a", "", "b"])), 2, tf.int64),
    ("count_nonzero_input_kw", lambda: tf.count_nonzero(input=c(F)), 5, tf.int64),
    ("count_nonzero_empty", lambda: tf.count_nonzero(tf.zeros([0, 2])), 0, tf.int64),
    ("count_nonzero_nan", lambda: tf.count_nonzero(c([NAN, 0.])), 1, tf.int64),
    ("count_nonzero_complex", lambda: tf.count_nonzero(c([0j, 1j])), 1, tf.int64),
    # linspace
    ("lin_space", lambda: tf.lin_space(0., 1., 5), [0., .25, .5, .75, 1.], tf.float32),
    ("linspace_rounding", lambda: tf.linspace(0., 10., 4), [0., 3.3333333, 6.6666665, 10.],
     tf.float32),
    ("linspace_float64", lambda: tf.linspace(c(1., tf.float64), 3., 3), [1., 2., 3.],
     tf.float64),
    ("linspace_int_bounds", lambda: tf.linspace(1, 3, 3), [1., 2., 3.], tf.float64),
    ("linspace_one", lambda: tf.linspace(1., 3., 1), [1.], tf.float32),
    ("linspace_zero", lambda: tf.linspace(1., 3., 0), np.zeros([0]), tf.float32),
    ("linspace_vectors", lambda: tf.linspace([0., 1.], [1., 2.], 3),
     [[0., 1.], [.5, 1.5], [1., 2.]], tf.float32),
    ("linspace_num_tensor", lambda: tf.linspace(0., 1., c(3, tf.int64)), [0., .5, 1.],
     tf.float32),
    # clipping
    ("clip_by_value", lambda: tf.clip_by_value(c([1., 5.]), 2, 4), [2., 4.], tf.float32),
    ("clip_by_value_int", lambda: tf.clip_by_value(c([1, 5, 3]), 2, 4), [2, 4, 3], tf.int32),
    ("clip_by_value_vectors", lambda: tf.clip_by_value(c([1., 5.]), [0., 3.], [2., 4.]),
     [1., 4.], tf.float32),
    ("clip_by_value_min_above_max", lambda: tf.clip_by_value(c([1., 5.]), 4., 2.), [4., 4.],
     tf.float32),
    ("clip_by_norm", lambda: tf.clip_by_norm(c([3., 4.]), 1.), [.6, .8], tf.float32),
    ("clip_by_norm_no_clip", lambda: tf.clip_by_norm(c([3., 4.]), 10.), [3., 4.], tf.float32),
    ("clip_by_norm_zero", lambda: tf.clip_by_norm(c([0., 0.]), 1.), [0., 0.], tf.float32),
    ("clip_by_norm_axes", lambda: tf.clip_by_norm(c([[3., 4.], [.3, .4]]), 1., axes=[1]),
     [[.6, .8], [.3, .4]], tf.float32),
    ("clip_by_norm_axes0", lambda: tf.clip_by_norm(c([[3., 4.], [.3, .4]]), 1., axes=0),
     [[0.9950372, 0.99503714], [0.099503726, 0.09950372]], tf.float32),
    ("clip_by_norm_vector_clip", lambda: tf.clip_by_norm(c([3., 4.]), [1., 2.]), [.6, 1.6],
     tf.float32),
    ("clip_by_norm_float64", lambda: tf.clip_by_norm(c([3., 4.], tf.float64), 1.), [.6, .8],
     tf.float64),
    ("global_norm", lambda: tf.global_norm([c([3., 4.]), c([[12.]])]), 13., tf.float32),
    ("global_norm_none", lambda: tf.global_norm([c([3., 4.]), None]), 5., tf.float32),
    ("global_norm_empty", lambda: tf.global_norm([]), 0., tf.float32),
    ("global_norm_float64", lambda: tf.linalg.global_norm([c([3., 4.], tf.float64)]), 5.,
     tf.float64),
    # add_n / accumulate_n / scalar_mul
    ("add_n", lambda: tf.add_n([c([1., 2.]), c([3., 4.]), c([1., 2.])]), [5., 8.], tf.float32),
    ("add_n_lists", lambda: tf.math.add_n([[1, 2], [3, 4]]), [4, 6], tf.int32),
    ("add_n_tuple", lambda: tf.add_n((c([1., 2.]), c([3., 4.]))), [4., 6.], tf.float32),
    ("add_n_tensor_rows", lambda: tf.add_n(c([1., 2.])), 3., tf.float32),
    ("add_n_variable", lambda: tf.add_n([tf.Variable([1., 2.]), c([1., 2.])]), [2., 4.],
     tf.float32),
    ("accumulate_n", lambda: tf.accumulate_n([c([1., 2.]), c([3., 4.])], shape=[2],
                                             tensor_dtype=tf.float32), [4., 6.], tf.float32),
    ("accumulate_n_partial_shape", lambda: tf.math.accumulate_n([tf.ones([2, 2])] * 2,
                                                                shape=[None, 2]),
     [[2., 2.], [2., 2.]], tf.float32),
    ("scalar_mul", lambda: tf.scalar_mul(2, c([1., 2.])), [2., 4.], tf.float32),
    ("scalar_mul_tensor", lambda: tf.math.scalar_mul(c(2.), c([1., 2.])), [2., 4.],
     tf.float32),
    ("scalar_mul_int", lambda: tf.scalar_mul(2, c([1, 2])), [2, 4], tf.int32),
    # elementwise additions
    ("log_sigmoid", lambda: tf.log_sigmoid(c([-100., 0., 100.])), [-100., -0.6931472, 0.],
     tf.float32),
    ("log_sigmoid_float64", lambda: tf.math.log_sigmoid(c([-1., 1.], tf.float64)),
     [-1.3132616875, -0.3132616875], tf.float64),
    ("truncatediv", lambda: tf.truncatediv(c([-7, 7, -7, 7]), c([2, 2, -2, -2])),
     [-3, 3, 3, -3], tf.int32),
    ("truncatediv_float", lambda: tf.truncatediv(c([-7.5], tf.float64), c([2.], tf.float64)),
     [-3.], tf.float64),
    ("truncatediv_uint8", lambda: tf.truncatediv(c([7], tf.uint8), c([2], tf.uint8)), [3],
     tf.uint8),
    ("truncatemod", lambda: tf.truncatemod(c([-7, 7, -7, 7]), c([2, 2, -2, -2])),
     [-1, 1, -1, 1], tf.int32),
    ("truncatemod_float", lambda: tf.truncatemod(c([-7.5, 7.5]), c([2., -2.])), [-1.5, 1.5],
     tf.float32),
    ("xdivy", lambda: tf.math.xdivy(c([0., 1., 0.]), c([0., 2., 3.])), [0., .5, 0.],
     tf.float32),
    ("xlogy", lambda: tf.math.xlogy(c([0., 1., 2.]), c([0., 2., 3.])),
     [0., 0.6931472, 2.1972246], tf.float32),
    ("xlogy_complex", lambda: tf.math.xlogy(c([1j]), c([2j])),
     [-1.5707963268 + 0.6931471806j], tf.complex128),
    ("xlog1py", lambda: tf.math.xlog1py(c([0., 1.]), c([-1., 1.])), [0., 0.6931472],
     tf.float32),
    # bitwise
    ("bitwise_and", lambda: tf.bitwise.bitwise_and(c([12, 10, -1]), c([10, 6, 5])), [8, 2, 5],
     tf.int32),
    ("bitwise_or", lambda: tf.bitwise.bitwise_or(c([12, 10, -1]), c([10, 6, 5])),
     [14, 14, -1], tf.int32),
    ("bitwise_xor", lambda: tf.bitwise.bitwise_xor(c([12, 10, -1]), c([10, 6, 5])),
     [6, 12, -6], tf.int32),
    ("bitwise_and_broadcast", lambda: tf.bitwise.bitwise_and(c([[1], [3]]), c([1, 2])),
     [[1, 0], [1, 2]], tf.int32),
    ("bitwise_and_uint64", lambda: tf.bitwise.bitwise_and(c([3], tf.uint64), c([1], tf.uint64)),
     [1], tf.uint64),
    ("invert", lambda: tf.bitwise.invert(c([12, 10, -1])), [-13, -11, 0], tf.int32),
    ("invert_uint8", lambda: tf.bitwise.invert(c([0, 5], tf.uint8)), [255, 250], tf.uint8),
    ("left_shift_clamped", lambda: tf.bitwise.left_shift(c([1, 1, 1, -8, 1, 1, 1]),
                                                         c([0, 3, 31, 1, 32, -1, 100])),
     [1, 8, -2147483648, -16, -2147483648, 1, -2147483648], tf.int32),
    ("right_shift_clamped", lambda: tf.bitwise.right_shift(c([16, -16, -1, 16, 16]),
                                                           c([2, 2, 40, -1, 32])),
     [4, -4, -1, 16, 0], tf.int32),
    ("right_shift_uint8", lambda: tf.bitwise.right_shift(c([255], tf.uint8), c([9], tf.uint8)),
     [1], tf.uint8),
    ("left_shift_uint8", lambda: tf.bitwise.left_shift(c([255], tf.uint8), c([9], tf.uint8)),
     [128], tf.uint8),
    # reductions: empty tensors, small ints, duplicate-free axes
    ("reduce_sum_empty", lambda: tf.reduce_sum(tf.zeros([0, 3]), 0), [0., 0., 0.], tf.float32),
    ("reduce_sum_uint8_wraps", lambda: tf.reduce_sum(c([255, 255], tf.uint8)), 254, tf.uint8),
    ("reduce_sum_empty_axes", lambda: tf.reduce_sum(tf.ones([2, 3]), []), np.ones([2, 3]),
     tf.float32),
    ("reduce_mean_empty", lambda: tf.reduce_mean(tf.zeros([0, 3]), 0), [NAN, NAN, NAN],
     tf.float32),
    ("reduce_mean_empty_int", lambda: tf.reduce_mean(tf.zeros([0, 3], tf.int32)), 0, tf.int32),
    ("reduce_mean_int_truncates", lambda: tf.reduce_mean(c([-1, -2])), -1, tf.int32),
    ("reduce_mean_uint8_no_overflow", lambda: tf.reduce_mean(c([255, 255], tf.uint8)), 255,
     tf.uint8),
    ("reduce_mean_complex", lambda: tf.reduce_mean(c([1 + 1j, 2])), 1.5 + .5j, tf.complex128),
    ("reduce_max_empty", lambda: tf.reduce_max(tf.zeros([0, 3]), 0), [-INF] * 3, tf.float32),
    ("reduce_max_empty_int", lambda: tf.reduce_max(tf.zeros([0, 3], tf.int32)), -2147483648,
     tf.int32),
    ("reduce_max_empty_uint8", lambda: tf.reduce_max(tf.zeros([0], tf.uint8)), 0, tf.uint8),
    ("reduce_max_nan", lambda: tf.reduce_max(c([1., NAN, 3.])), NAN, tf.float32),
    ("reduce_min_empty", lambda: tf.reduce_min(tf.zeros([0, 3])), INF, tf.float32),
    ("reduce_min_empty_uint8", lambda: tf.reduce_min(tf.zeros([0], tf.uint8)), 255, tf.uint8),
    ("reduce_prod_empty", lambda: tf.reduce_prod(tf.zeros([0, 3]), 0), [1., 1., 1.],
     tf.float32),
    ("reduce_prod_complex", lambda: tf.reduce_prod(c([1 + 1j, 2])), 2 + 2j, tf.complex128),
    ("reduce_logsumexp_empty", lambda: tf.reduce_logsumexp(tf.zeros([0])), -INF, tf.float32),
    ("reduce_all_empty", lambda: tf.reduce_all(tf.zeros([0], tf.bool)), True, tf.bool),
    ("reduce_any_empty", lambda: tf.reduce_any(tf.zeros([0], tf.bool)), False, tf.bool),
    ("reduce_euclidean_norm", lambda: tf.math.reduce_euclidean_norm(c([[1., -2.], [3., 4.]])),
     5.477226, tf.float32),
    ("reduce_euclidean_norm_axis", lambda: tf.math.reduce_euclidean_norm(
        c([[1., -2.], [3., 4.]]), 1, keepdims=True), [[2.236068], [5.]], tf.float32),
    ("reduce_euclidean_norm_int", lambda: tf.math.reduce_euclidean_norm(c([3, 4, 1])), 5,
     tf.int32),
    ("reduce_euclidean_norm_complex", lambda: tf.math.reduce_euclidean_norm(c([3 + 4j])),
     5 + 0j, tf.complex128),
    ("reduce_euclidean_norm_empty", lambda: tf.math.reduce_euclidean_norm(tf.zeros([0])), 0.,
     tf.float32),
    # tensordot / einsum
    ("tensordot_int_axes", lambda: tf.tensordot(tf.reshape(tf.range(6.), [2, 3]),
                                                tf.reshape(tf.range(12.), [3, 4]), 1),
     [[20., 23., 26., 29.], [56., 68., 80., 92.]], tf.float32),
    ("tensordot_outer", lambda: tf.tensordot(c([1., 2.]), c([3., 4., 5.]), 0),
     [[3., 4., 5.], [6., 8., 10.]], tf.float32),
    ("tensordot_pairs", lambda: tf.linalg.tensordot(tf.reshape(tf.range(6.), [2, 3]),
                                                    tf.reshape(tf.range(6.), [2, 3]),
                                                    [[0, 1], [0, 1]]), 55., tf.float32),
    ("tensordot_negative_pair", lambda: tf.tensordot(tf.reshape(tf.range(6.), [2, 3]),
                                                     tf.reshape(tf.range(12.), [3, 4]),
                                                     [[-1], [0]]),
     [[20., 23., 26., 29.], [56., 68., 80., 92.]], tf.float32),
    ("tensordot_int", lambda: tf.tensordot(c([1, 2]), c([3, 4]), 1), 11, tf.int32),
    ("einsum_matmul", lambda: tf.einsum("ij,jk->ik", tf.reshape(tf.range(6.), [2, 3]),
                                        tf.reshape(tf.range(12.), [3, 4])),
     [[20., 23., 26., 29.], [56., 68., 80., 92.]], tf.float32),
    ("einsum_implicit_spaces", lambda: tf.einsum("ij, jk", tf.reshape(tf.range(6.), [2, 3]),
                                                 tf.reshape(tf.range(12.), [3, 4])),
     [[20., 23., 26., 29.], [56., 68., 80., 92.]], tf.float32),
    ("einsum_trace", lambda: tf.einsum("ii", c([[1., 2.], [3., 4.]])), 5., tf.float32),
    ("einsum_diag", lambda: tf.einsum("ii->i", c([[1., 2.], [3., 4.]])), [1., 4.], tf.float32),
    ("einsum_ellipsis", lambda: tf.linalg.einsum("...ij,...jk->...ik",
                                                 tf.reshape(tf.range(6.), [2, 3]),
                                                 tf.reshape(tf.range(12.), [3, 4])),
     [[20., 23., 26., 29.], [56., 68., 80., 92.]], tf.float32),
    ("einsum_three", lambda: tf.einsum("i,i,i->", c([1., 2.]), c([3., 4.]), c([1., 1.])), 11.,
     tf.float32),
    ("einsum_int", lambda: tf.einsum("i,i->", c([1, 2]), c([3, 4])), 11, tf.int32),
    # confusion_matrix / bincount
    ("confusion_matrix", lambda: tf.confusion_matrix([0, 1, 2, 1], [0, 2, 2, 1]),
     [[1, 0, 0], [0, 1, 1], [0, 0, 1]], tf.int32),
    ("confusion_matrix_num_classes", lambda: tf.math.confusion_matrix([0, 1], [1, 1],
                                                                      num_classes=3),
     [[0, 1, 0], [0, 1, 0], [0, 0, 0]], tf.int32),
    ("confusion_matrix_weights", lambda: tf.confusion_matrix([0, 1], [1, 1], weights=[.5, 2.],
                                                             dtype=tf.float32),
     [[0., .5], [0., 2.]], tf.float32),
    ("confusion_matrix_weights_cast", lambda: tf.confusion_matrix(
        [0, 1], [1, 1], num_classes=2, weights=[1.5, 2.5]), [[0, 1], [0, 2]], tf.int32),
    ("confusion_matrix_float_ids", lambda: tf.confusion_matrix([.7, 1.2], [1.9, 1]),
     [[0, 1], [0, 1]], tf.int32),
    ("confusion_matrix_2d", lambda: tf.confusion_matrix([[0, 1]], [[1, 1]]), [[0, 1], [0, 1]],
     tf.int32),
    ("confusion_matrix_empty", lambda: tf.confusion_matrix(tf.zeros([0], tf.int32),
                                                           tf.zeros([0], tf.int32),
                                                           num_classes=2),
     [[0, 0], [0, 0]], tf.int32),
    ("bincount", lambda: tf.bincount(c([1, 1, 3])), [0, 2, 0, 1], tf.int32),
    ("bincount_minlength", lambda: tf.math.bincount(c([1, 1, 3]), minlength=6),
     [0, 2, 0, 1, 0, 0], tf.int32),
    ("bincount_maxlength", lambda: tf.bincount(c([1, 1, 3]), minlength=5, maxlength=2), [0, 2],
     tf.int32),
    ("bincount_weights", lambda: tf.bincount(c([1, 1, 3]), weights=c([.5, 1., 2.], tf.float64)),
     [0., 1.5, 0., 2.], tf.float64),
    ("bincount_int_weights", lambda: tf.bincount(c([1, 1, 3]), weights=[1, 2, 3]),
     [0, 3, 0, 3], tf.int32),
    ("bincount_dtype", lambda: tf.bincount(c([1, 1, 3]), dtype=tf.float32), [0., 2., 0., 1.],
     tf.float32),
    ("bincount_empty", lambda: tf.bincount(tf.zeros([0], tf.int32), minlength=3), [0, 0, 0],
     tf.int32),
    ("bincount_2d_float", lambda: tf.bincount(c([[1., 2.], [0., 0.]])), [2, 1, 1], tf.int32),
    # segments
    ("segment_sum", lambda: tf.segment_sum(c(D), [0, 0, 2, 2]),
     [[4., 6.], [0., 0.], [12., 6.]], tf.float32),
    ("segment_mean", lambda: tf.math.segment_mean(c(D), [0, 0, 2, 2]),
     [[2., 3.], [0., 0.], [6., 3.]], tf.float32),
    ("segment_max", lambda: tf.segment_max(c(D), c([0, 0, 2, 2], tf.int64)),
     [[3., 4.], [0., 0.], [7., 6.]], tf.float32),
    ("segment_min", lambda: tf.segment_min(c(D), [0, 0, 2, 2]),
     [[1., 2.], [0., 0.], [5., 0.]], tf.float32),
    ("segment_prod", lambda: tf.segment_prod(c(D), [0, 0, 2, 2]),
     [[3., 8.], [1., 1.], [35., 0.]], tf.float32),
    ("segment_sum_int", lambda: tf.segment_sum(c([1, 2, 3]), [0, 1, 1]), [1, 5], tf.int32),
    ("segment_mean_int", lambda: tf.segment_mean(c([1, 2, 4]), [0, 1, 1]), [1, 3], tf.int32),
    ("segment_max_int", lambda: tf.segment_max(c([1, 2, 4]), [0, 2, 2]), [1, 0, 4], tf.int32),
    ("segment_sum_complex", lambda: tf.segment_sum(c([1j, 2]), [0, 0]), [2 + 1j],
     tf.complex128),
    ("segment_sum_empty", lambda: tf.segment_sum(tf.zeros([0, 2]), tf.zeros([0], tf.int32)),
     np.zeros([0, 2]), tf.float32),
    ("unsorted_segment_sum", lambda: tf.unsorted_segment_sum(c(D), [2, 0, 2, -1], 3),
     [[3., 4.], [0., 0.], [6., 8.]], tf.float32),
    ("unsorted_segment_sum_2d_ids", lambda: tf.math.unsorted_segment_sum(
        c([[1., 2.], [3., 4.]]), [[1, 0], [1, 1]], c(2)), [2., 8.], tf.float32),
    ("unsorted_segment_sum_zero", lambda: tf.unsorted_segment_sum(c(D), [-1] * 4, 0),
     np.zeros([0, 2]), tf.float32),
    ("unsorted_segment_max", lambda: tf.unsorted_segment_max(c(D), [2, 0, 2, 0], 4),
     [[7., 4.], [-3.4028235e38] * 2, [5., 6.], [-3.4028235e38] * 2], tf.float32),
    ("unsorted_segment_min", lambda: tf.unsorted_segment_min(c(D), [2, 0, 2, 0], 4),
     [[3., 0.], [3.4028235e38] * 2, [1., 2.], [3.4028235e38] * 2], tf.float32),
    ("unsorted_segment_max_int", lambda: tf.unsorted_segment_max(c([1, 2]), [0, 0], 2),
     [2, -2147483648], tf.int32),
    ("unsorted_segment_prod", lambda: tf.unsorted_segment_prod(c(D), [2, 0, 2, 0], 4),
     [[21., 0.], [1., 1.], [5., 12.], [1., 1.]], tf.float32),
    ("unsorted_segment_mean", lambda: tf.unsorted_segment_mean(c(D), [2, 0, 2, 0], 4),
     [[5., 2.], [0., 0.], [3., 4.], [0., 0.]], tf.float32),
    ("unsorted_segment_mean_int", lambda: tf.unsorted_segment_mean(c([1, 2]), [0, 0], 2),
     [1.5, 0.], tf.float64),
    ("unsorted_segment_sqrt_n", lambda: tf.unsorted_segment_sqrt_n(c(D), [2, 0, 2, 0], 4),
     [[7.071068, 2.828427], [0., 0.], [4.242641, 5.656854], [0., 0.]], tf.float32),
    # in_top_k / is_non_decreasing
    ("in_top_k", lambda: tf.nn.in_top_k(c([[.1, .8, .1], [.3, .3, .4]]), [1, 0], 1),
     [True, False], tf.bool),
    ("in_top_k_tie_counts", lambda: tf.math.in_top_k(c([[.1, .8, .1], [.3, .3, .4]]),
                                                     c([1, 0], tf.int64), 2),
     [True, True], tf.bool),
    ("in_top_k_all_tied", lambda: tf.nn.in_top_k(c([[.4, .4, .4]]), [2], c(1)), [True],
     tf.bool),
    ("in_top_k_out_of_range", lambda: tf.nn.in_top_k(c([[.1, .8, .1], [.3, .3, .4]]), [5, -1],
                                                     1), [False, False], tf.bool),
    ("in_top_k_non_finite", lambda: tf.nn.in_top_k(c([[NAN, .1], [INF, .1]]), [1, 0], 2),
     [False, False], tf.bool),
    ("in_top_k_k0", lambda: tf.nn.in_top_k(c([[.1, .8]]), [1], 0), [False], tf.bool),
    ("is_non_decreasing", lambda: tf.is_non_decreasing([1, 1, 2]), True, tf.bool),
    ("is_non_decreasing_2d", lambda: tf.math.is_non_decreasing(c([[1., 2.], [1., 3.]])), False,
     tf.bool),
    ("is_non_decreasing_empty", lambda: tf.is_non_decreasing(tf.zeros([0])), True, tf.bool),
    ("is_non_decreasing_scalar", lambda: tf.is_non_decreasing(3), True, tf.bool),
    ("is_non_decreasing_nan", lambda: tf.is_non_decreasing([1, NAN, 3]), False, tf.bool),
    ("is_strictly_increasing", lambda: tf.math.is_strictly_increasing([1, 2, 3]), True,
     tf.bool),
    ("is_strictly_increasing_tie", lambda: tf.is_strictly_increasing([1, 1, 2]), False,
     tf.bool),
]


@pytest.mark.parametrize("call,expected,dtype", [row[1:] for row in VALUES],
                         ids=[row[0] for row in VALUES])
def test_values(call, expected, dtype):
    check(call(), expected, dtype)


# ---- multi-output results ------------------------------------------------------------------
def test_top_k_values_indices_and_ties():
    x = c([[1., 3., 2., 3.], [4., 0., 5., 1.]])
    result = tf.nn.top_k(x, 2)
    assert type(result).__name__ == "TopKV2" and result._fields == ("values", "indices")
    check(result.values, [[3., 3.], [5., 4.]], tf.float32)
    check(result.indices, [[1, 3], [2, 0]], tf.int32)
    check(tf.math.top_k(x).indices, [[1], [2]], tf.int32)
    check(tf.nn.top_k(x, c(0)).values, np.zeros([2, 0]), tf.float32)
    nan = tf.nn.top_k(c([1., NAN, 2.]), 3)  # NaN ranks last
    check(nan.values, [2., 1., NAN], tf.float32)
    check(nan.indices, [2, 0, 1], tf.int32)
    check(tf.nn.top_k(c([-0., 0., 1.]), 3).indices, [2, 0, 1], tf.int32)
    check(tf.nn.top_k(c([1, 3, 2]), 2).values, [3, 2], tf.int32)
    check(tf.nn.top_k(c([1, 2], tf.uint8), 1).values, [2], tf.uint8)
    check(tf.nn.top_k(tf.reshape(tf.range(8.), [2, 2, 2]), 1).indices, [[[1], [1]], [[1], [1]]],
          tf.int32)


def test_clip_by_global_norm_keeps_none_and_returns_the_norm():
    clipped, norm = tf.clip_by_global_norm([c([3., 4.]), None, c([[12.]])], 1.)
    assert isinstance(clipped, list) and clipped[1] is None
    check(clipped[0], [0.23076925, 0.30769232], tf.float32)
    check(clipped[2], [[0.923077]], tf.float32)
    check(norm, 13., tf.float32)
    clipped, norm = tf.clip_by_global_norm((c([3., 4.]),), 100.)
    check(clipped[0], [3., 4.], tf.float32)
    check(norm, 5., tf.float32)
    clipped, norm = tf.clip_by_global_norm([c([3., 4.])], 1., use_norm=c(10.))
    check(clipped[0], [.3, .4], tf.float32)
    check(norm, 10., tf.float32)
    clipped, norm = tf.clip_by_global_norm([c([INF, 0.])], 1.)
    check(clipped[0], [NAN, NAN], tf.float32)
    check(norm, INF, tf.float32)
    clipped, norm = tf.clip_by_global_norm([np.array([3., 4.])], 1.)
    check(clipped[0], [.6, .8], tf.float64)
    check(norm, 5., tf.float64)
    clipped, norm = tf.clip_by_global_norm([c([0., 0.])], 1.)
    check(clipped[0], [0., 0.], tf.float32)


def test_add_n_of_one_input_returns_it():
    x = c([1., 2.])
    assert tf.add_n([x]) is x
    assert tf.accumulate_n([x]).numpy().tolist() == [1., 2.]


# ---- errors: (id, call, exception, message) ------------------------------------------------
ERRORS = [
    ("argmax_axis_and_dimension", lambda: tf.argmax(c(F), axis=1, dimension=1), ValueError,
     "Cannot specify both 'dimension' and 'axis'."),
    ("argmax_axis_out_of_range", lambda: tf.argmax(c(F), 2), tf.errors.InvalidArgumentError,
     r"Expected dimension in the range \[-2, 2\), but got 2 \[Op:ArgMax\]"),
    ("argmin_axis_out_of_range", lambda: tf.argmin(c(F), -3), tf.errors.InvalidArgumentError,
     r"Expected dimension in the range \[-2, 2\), but got -3 \[Op:ArgMin\]"),
    ("argmax_scalar", lambda: tf.argmax(c(3.)), tf.errors.InvalidArgumentError,
     r"Expected dimension in the range \[0, 0\), but got 0"),
    ("argmax_empty_axis", lambda: tf.argmax(tf.zeros([0, 3]), 0),
     tf.errors.InvalidArgumentError, r"Reduction axis 0 is empty in shape \[0,3\]"),
    ("argmax_complex", lambda: tf.argmax(c([1j])), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of complex128 is not in the list of allowed values"),
    ("argmax_float_output_type", lambda: tf.argmax(c(F), output_type=tf.float32),
     tf.errors.InvalidArgumentError,
     r"Value for attr 'output_type' of float is not in the list of allowed values: int16, uint16, "
     r"int32, int64 \[Op:ArgMax\]"),
    ("argmax_list_axis", lambda: tf.argmax(c(F), [1]), TypeError,
     "axis must be int or Tensor with integer datatype"),
    ("argmax_float_axis", lambda: tf.argmax(c(F), 1.0), TypeError,
     "axis must be int or Tensor with integer datatype"),
    ("cumsum_axis_out_of_range", lambda: tf.cumsum(c(F), axis=2),
     tf.errors.InvalidArgumentError,
     r"ScanOp: Expected scan axis in the range \[-2, 2\), but got 2 \[Op:Cumsum\]"),
    ("cumsum_negative_axis_out_of_range", lambda: tf.cumsum(c(F), axis=-3),
     tf.errors.InvalidArgumentError, r"range \[-2, 2\), but got -1"),
    ("cumprod_scalar", lambda: tf.cumprod(c(3.)), tf.errors.InvalidArgumentError,
     r"range \[0, 0\), but got 0 \[Op:Cumprod\]"),
    ("cumsum_axis_list", lambda: tf.cumsum(c(F), axis=[1]), tf.errors.InvalidArgumentError,
     r"ScanOp: axis must be a scalar, not \[1\]"),
    ("cumsum_axis_float", lambda: tf.cumsum(c(F), axis=1.0), TypeError,
     "Cannot convert 1.0 to EagerTensor of dtype int32"),
    ("cumsum_bool", lambda: tf.cumsum(c([True])), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of bool"),
    ("count_nonzero_axis", lambda: tf.count_nonzero(c(F), axis=2),
     tf.errors.InvalidArgumentError,
     r"Invalid reduction dimension \(2 for input with 2 dimension\(s\) \[Op:Sum\]"),
    ("linspace_negative_num", lambda: tf.linspace(1., 3., -1), tf.errors.InvalidArgumentError,
     r"Requires start <= limit when delta > 0: 1/-1 \[Op:Range\]"),
    ("linspace_mixed_dtypes", lambda: tf.linspace(c(1., tf.float64), c(3.), 3), ValueError,
     "stop: Tensor conversion requested dtype float64 for Tensor with dtype float32"),
    ("clip_by_value_bad_shape", lambda: tf.clip_by_value(c([1., 5.]), [0., 3., 1.], 4.),
     tf.errors.InvalidArgumentError, r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Maximum\]"),
    ("clip_by_value_grows", lambda: tf.clip_by_value(c([1., 5.]), c([[0.], [3.]]), 4.),
     ValueError, r"Shapes \(2,\) and \(2, 2\) are incompatible"),
    ("clip_by_value_dtypes", lambda: tf.clip_by_value(c([1., 5.]), c(1, tf.float64), 2.),
     tf.errors.InvalidArgumentError, "cannot compute Maximum as input #1"),
    ("clip_by_value_float_bound_on_int", lambda: tf.clip_by_value(c([1, 5]), 1.5, 2),
     TypeError, "Cannot convert 1.5 to EagerTensor of dtype int32"),
    ("clip_by_value_bool", lambda: tf.clip_by_value(c([True]), False, True),
     tf.errors.InvalidArgumentError, r"Value for attr 'T' of bool [\s\S]*\[Op:Minimum\]"),
    ("clip_by_norm_int", lambda: tf.clip_by_norm(c([3, 4]), 1),
     tf.errors.InvalidArgumentError, "Value for attr 'T' of int32"),
    ("global_norm_not_a_list", lambda: tf.global_norm(c([3., 4.])), TypeError,
     "`t_list` should be a sequence of tensors. Received"),
    ("clip_by_global_norm_not_a_list", lambda: tf.clip_by_global_norm(c([3., 4.]), 1.),
     TypeError, "`t_list` should be a sequence of tensors"),
    ("global_norm_mixed_dtypes", lambda: tf.global_norm([c([3.], tf.float64), c([1.])]),
     tf.errors.InvalidArgumentError, "expected to be a double tensor but is a float tensor"),
    ("global_norm_int", lambda: tf.global_norm([c([3, 4])]), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of int32"),
    ("add_n_empty", lambda: tf.add_n([]), ValueError,
     "Inputs must be an iterable of at least one Tensor/IndexedSlices"),
    ("add_n_none", lambda: tf.add_n([c(1.), None]), ValueError, "Inputs must be an iterable"),
    ("add_n_shapes", lambda: tf.add_n([c([1., 2.]), c([1., 2., 3.])]),
     tf.errors.InvalidArgumentError, r"must have the same size and shape.  Input 0: \[2\] != "
                                     r"input 1: \[3\] \[Op:AddN\]"),
    ("add_n_no_broadcast", lambda: tf.add_n([c([1., 2.]), c(1.)]),
     tf.errors.InvalidArgumentError, r"Input 0: \[2\] != input 1: \[\]"),
    ("add_n_dtypes", lambda: tf.add_n([c([1., 2.]), [3, 4]]), tf.errors.InvalidArgumentError,
     r"cannot compute AddN as input #1\(zero-based\) was expected to be a float tensor but is "
     "a int32 tensor"),
    ("add_n_bool", lambda: tf.add_n([c([True]), c([True])]), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of bool"),
    ("accumulate_n_empty", lambda: tf.accumulate_n([]), ValueError,
     "inputs must be a list of at least one Tensor with the same dtype and shape"),
    ("accumulate_n_dtypes", lambda: tf.accumulate_n([c([1.]), c([1.], tf.float64)]),
     ValueError, "inputs must be a list of at least one Tensor"),
    ("accumulate_n_shapes", lambda: tf.accumulate_n([c([1., 2.]), c([1., 2., 3.])]),
     ValueError, r"Shapes \(2,\) and \(3,\) are not compatible"),
    ("accumulate_n_shape_arg", lambda: tf.accumulate_n([c([1., 2.])], shape=[3]), ValueError,
     r"Shapes \(3,\) and \(2,\) are not compatible"),
    ("accumulate_n_tensor_dtype", lambda: tf.accumulate_n([c([1.])], tensor_dtype=tf.float64),
     TypeError, "The `tensor_dtype` argument is <dtype: 'float64'>, but `input` is of type "
                "<dtype: 'float32'>"),
    ("scalar_mul_vector", lambda: tf.scalar_mul(c([2.]), c([1., 2.])), ValueError,
     r"The input scalar must be a 0-D value. Received shape \(1,\)."),
    ("scalar_mul_dtype", lambda: tf.scalar_mul(c(2., tf.float64), c([1., 2.])), ValueError,
     "scalar: Tensor conversion requested dtype float32 for Tensor with dtype float64"),
    ("scalar_mul_float_on_int", lambda: tf.scalar_mul(2.5, c([1, 2])), TypeError,
     "Cannot convert 2.5 to EagerTensor of dtype int32"),
    ("log_sigmoid_int", lambda: tf.log_sigmoid(c([1])), tf.errors.InvalidArgumentError,
     r"Value for attr 'T' of int32 [\s\S]*\[Op:Softplus\]"),
    ("truncatemod_int8", lambda: tf.truncatemod(c([-7], tf.int8), c([2], tf.int8)),
     tf.errors.InvalidArgumentError, "Value for attr 'T' of int8"),
    ("xlogy_int", lambda: tf.math.xlogy(c([0]), c([0])), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of int32"),
    ("bitwise_float", lambda: tf.bitwise.bitwise_and(c([1.]), c([1.])),
     tf.errors.InvalidArgumentError, r"Value for attr 'T' of float [\s\S]*\[Op:BitwiseAnd\]"),
    ("invert_bool", lambda: tf.bitwise.invert(c([True])), tf.errors.InvalidArgumentError,
     r"Value for attr 'T' of bool [\s\S]*\[Op:Invert\]"),
    ("bitwise_dtypes", lambda: tf.bitwise.bitwise_and(c([1]), c([1], tf.int64)),
     tf.errors.InvalidArgumentError, "cannot compute BitwiseAnd as input #1"),
    ("bitwise_shapes", lambda: tf.bitwise.bitwise_and(c([1, 2]), c([1, 2, 3])),
     tf.errors.InvalidArgumentError, r"Incompatible shapes: \[2\] vs. \[3\]"),
    ("reduce_sum_bool", lambda: tf.reduce_sum(c([True])), tf.errors.InvalidArgumentError,
     r"Value for attr 'T' of bool [\s\S]*\[Op:Sum\]"),
    ("reduce_max_complex", lambda: tf.reduce_max(c([1j])), tf.errors.InvalidArgumentError,
     r"Value for attr 'T' of complex128 [\s\S]*\[Op:Max\]"),
    ("reduce_all_float", lambda: tf.reduce_all(c([1.])), tf.errors.InvalidArgumentError,
     r"cannot compute All as input #0\(zero-based\) was expected to be a bool tensor but is a "
     r"float tensor \[Op:All\]"),
    ("reduce_any_int", lambda: tf.reduce_any(c([1])), tf.errors.InvalidArgumentError,
     "cannot compute Any as input #0"),
    ("reduce_sum_duplicate_axes", lambda: tf.reduce_sum(tf.ones([2, 3]), [1, -1]),
     tf.errors.InvalidArgumentError,
     "Invalid reduction arguments: Axes contains duplicate dimension: 1"),
    ("reduce_sum_scalar_axis", lambda: tf.reduce_sum(c(1.), 0), tf.errors.InvalidArgumentError,
     r"Invalid reduction dimension \(0 for input with 0 dimension\(s\)"),
    ("reduce_sum_axis_negative", lambda: tf.reduce_sum(tf.ones([2, 3]), -3),
     tf.errors.InvalidArgumentError, r"Invalid reduction dimension \(-3 for input with 2"),
    ("reduce_sum_float_axis", lambda: tf.reduce_sum(tf.ones([2, 3]), 1.0), TypeError,
     "Cannot convert 1.0 to EagerTensor of dtype int32"),
    ("reduce_logsumexp_int", lambda: tf.reduce_logsumexp(c([1, 2])),
     tf.errors.InvalidArgumentError, "Value for attr 'T' of int32"),
    ("reduce_euclidean_norm_bool", lambda: tf.math.reduce_euclidean_norm(c([True])),
     tf.errors.InvalidArgumentError, r"Value for attr 'T' of bool [\s\S]*\[Op:EuclideanNorm\]"),
    ("tensordot_mismatch", lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), [[0], [0]]),
     tf.errors.InvalidArgumentError,
     r"Matrix size-incompatible: In\[0\]: \[3,2\], In\[1\]: \[3,4\] \[Op:MatMul\]"),
    ("tensordot_axes_too_large", lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), 3),
     ValueError, r"`axes` must not be larger than the number of dimensions of tensor"),
    ("tensordot_negative_axes", lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), -1),
     ValueError, r"`axes` must be at least 0. Received: -1."),
    ("tensordot_axis_counts", lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]),
                                                   [[1, 0], [0]]),
     ValueError, r"Different number of contraction axes `a` and `b`, 2 != 1."),
    ("tensordot_dtypes", lambda: tf.tensordot(tf.ones([2]), tf.ones([2], tf.float64), 1),
     tf.errors.InvalidArgumentError, r"cannot compute MatMul as input #1"),
    ("tensordot_axis_out_of_range", lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]),
                                                         [[2], [0]]),
     IndexError, "list index out of range"),
    ("einsum_mismatch", lambda: tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([2, 3])),
     tf.errors.InvalidArgumentError, r"Expected dimension 3 at axis 0 of the input shaped "
                                     r"\[2,3\] but got dimension 2 \[Op:Einsum\]"),
    ("einsum_no_broadcast_of_one", lambda: tf.einsum("ij,j->i", tf.ones([2, 3]), tf.ones([1])),
     tf.errors.InvalidArgumentError, r"Expected dimension 3 at axis 0 of the input shaped \[1\]"),
    ("einsum_unknown_output", lambda: tf.einsum("ij,jk->ikl", tf.ones([2, 3]), tf.ones([3, 4])),
     ValueError, "Output subscripts contain the label l not present in the input subscripts."),
    ("einsum_count", lambda: tf.einsum("ij,jk->ik", tf.ones([2, 3])), ValueError,
     'Got 1 inputs for equation "ij,jk->ik", expecting 2'),
    ("einsum_dtypes", lambda: tf.einsum("i,i->", tf.ones([2]), tf.ones([2], tf.float64)),
     tf.errors.InvalidArgumentError, r"cannot compute Einsum as input #1"),
    ("einsum_bool", lambda: tf.einsum("i,i->", c([True]), c([True])), tf.errors.NotFoundError,
     "Could not find device for node"),
    ("confusion_negative_labels", lambda: tf.confusion_matrix([0, -1], [1, 1]),
     tf.errors.InvalidArgumentError,
     r"`labels` contains negative values.  \nCondition x >= 0 did not hold element-wise:\nx "
     r"\(shape=\(2,\) dtype=int64\) = \n\['0', '-1'\]"),
    ("confusion_negative_predictions", lambda: tf.confusion_matrix([0, 1], [1, -1]),
     tf.errors.InvalidArgumentError, "`predictions` contains negative values."),
    ("confusion_negative_summarised", lambda: tf.confusion_matrix(list(range(-1, 30)),
                                                                  list(range(31))),
     tf.errors.InvalidArgumentError, r"\(shape=\(31,\) dtype=int64\) = \n\['-1', '0', '1', "
                                     r"'...'\]"),
    ("confusion_labels_out_of_bound", lambda: tf.confusion_matrix([0, 3], [1, 1], num_classes=3),
     tf.errors.InvalidArgumentError,
     r"`labels` out of bound\nCondition x < y did not hold.\nFirst 2 elements of x:\n\[0 3\]"
     r"\nFirst 1 elements of y:\n\[3\]"),
    ("confusion_predictions_out_of_bound", lambda: tf.confusion_matrix(
        [0, 1], [1, 5], num_classes=3), tf.errors.InvalidArgumentError,
     "`predictions` out of bound"),
    ("confusion_shapes", lambda: tf.confusion_matrix([0, 1, 1], [1, 1]),
     tf.errors.InvalidArgumentError, r"Shapes of all inputs must match: values\[0\].shape = "
                                     r"\[3\] != values\[1\].shape = \[2\] \[Op:Pack\]"),
    ("confusion_weights_shape", lambda: tf.confusion_matrix([0, 1], [1, 1],
                                                            weights=[1., 2., 3.]),
     ValueError, r"Shapes \(2,\) and \(3,\) are incompatible"),
    ("confusion_empty_without_num_classes", lambda: tf.confusion_matrix(
        tf.zeros([0], tf.int32), tf.zeros([0], tf.int32)), tf.errors.InvalidArgumentError,
     "Dimension -9223372036854775807 must be >= 0"),
    ("bincount_negative", lambda: tf.bincount(c([1, -1, 3])), tf.errors.InvalidArgumentError,
     r"Input arr must be non-negative! \[Op:DenseBincount\]"),
    ("bincount_weights_shape", lambda: tf.bincount(c([1, 1, 3]), weights=c([.5, 1.])),
     tf.errors.InvalidArgumentError, r"`weights` must be the same shape as `arr` or a "
                                     r"length-0 `Tensor`.*Received \[2\]"),
    ("segment_not_increasing", lambda: tf.segment_sum(c(D), [1, 0, 2, 2]),
     tf.errors.InvalidArgumentError, r"segment ids are not increasing \[Op:SegmentSum\]"),
    ("segment_negative", lambda: tf.segment_sum(c(D), [-1, 0, 2, 2]),
     tf.errors.InvalidArgumentError,
     r"Segment id -1 out of range \[0, 3\), possibly because 'segment_ids' input is not sorted."),
    ("segment_length", lambda: tf.segment_mean(c(D), [0, 0, 1]), tf.errors.InvalidArgumentError,
     r"segment_ids should be the same size as dimension 0 of input. \[Op:SegmentMean\]"),
    ("segment_ids_matrix", lambda: tf.segment_sum(c(D), [[0, 0], [1, 1]]),
     tf.errors.InvalidArgumentError, "segment_ids should be a vector."),
    ("segment_float_ids", lambda: tf.segment_sum(c(D), c([0., 0., 1., 1.])),
     tf.errors.InvalidArgumentError,
     "Value for attr 'Tindices' of float is not in the list of allowed values: int32, int64"),
    ("segment_scalar_data", lambda: tf.segment_sum(c(1.), [0]), tf.errors.InvalidArgumentError,
     "input must be at least rank 1"),
    ("segment_max_bool", lambda: tf.segment_max(c([True]), [0]), tf.errors.InvalidArgumentError,
     r"Value for attr 'T' of bool [\s\S]*\[Op:SegmentMax\]"),
    ("unsorted_segment_out_of_range", lambda: tf.unsorted_segment_sum(c(D), [2, 0, 5, 0], 3),
     tf.errors.InvalidArgumentError,
     r"segment_ids\[2\] = 5 is out of range \[0, 3\) \[Op:UnsortedSegmentSum\]"),
    ("unsorted_segment_prefix", lambda: tf.unsorted_segment_sum(c(D), [2, 0], 3),
     tf.errors.InvalidArgumentError,
     r"data.shape = \[4,2\] does not start with segment_ids.shape = \[2\]"),
    ("unsorted_segment_negative_count", lambda: tf.unsorted_segment_max(c(D), [0] * 4, -1),
     tf.errors.InvalidArgumentError,
     r"Input num_segments == -1 must not be negative. \[Op:UnsortedSegmentMax\]"),
    ("in_top_k_float64", lambda: tf.nn.in_top_k(c([[.1, .8]], tf.float64), [1], 1), ValueError,
     "Tensor conversion requested dtype float32 for Tensor with dtype float64"),
    ("in_top_k_rank", lambda: tf.nn.in_top_k(c([.1, .8]), [1], 1),
     tf.errors.InvalidArgumentError, r"predictions must be 2-dimensional \[Op:InTopKV2\]"),
    ("in_top_k_targets_rank", lambda: tf.nn.in_top_k(c([[1., 2.]]), [[1]], 1),
     tf.errors.InvalidArgumentError, "targets must be 1-dimensional"),
    ("in_top_k_targets", lambda: tf.nn.in_top_k(c([[.1, .8], [.2, .3]]), [1], 1),
     tf.errors.InvalidArgumentError,
     "First dimension of predictions 2 must match length of targets 1"),
    ("top_k_too_many", lambda: tf.nn.top_k(tf.ones([2, 4]), 5), tf.errors.InvalidArgumentError,
     r"input must have at least k columns. Had 4, needed 5 \[Op:TopKV2\]"),
    ("top_k_negative", lambda: tf.nn.top_k(tf.ones([2, 4]), -1),
     tf.errors.InvalidArgumentError, "Need k >= 0, got -1"),
    ("top_k_scalar", lambda: tf.nn.top_k(c(1.), 1), tf.errors.InvalidArgumentError,
     r"input must be >= 1-D, got shape \[\]"),
    ("top_k_bool", lambda: tf.nn.top_k(c([True]), 1), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of bool"),
    ("is_non_decreasing_string", lambda: tf.is_non_decreasing(["a", "b"]), TypeError,
     r"Expected x to be numeric, instead found: tf.Tensor\(\[b'a' b'b'\], shape=\(2,\), "
     r"dtype=string\)"),
    ("is_non_decreasing_bool", lambda: tf.is_non_decreasing([True, False]), TypeError,
     "Expected x to be numeric"),
    ("is_non_decreasing_complex", lambda: tf.is_non_decreasing([1j, 2]),
     tf.errors.InvalidArgumentError, "Value for attr 'T' of complex128"),
    ("math_linspace_is_not_tf1", lambda: tf.math.linspace, AttributeError,
     "tf.math.linspace is not supported"),
]


@pytest.mark.parametrize("call,exception,message", [row[1:] for row in ERRORS],
                         ids=[row[0] for row in ERRORS])
def test_errors(call, exception, message):
    with pytest.raises(exception, match=message):
        call()


# ---- gradients -----------------------------------------------------------------------------
X = [[.3, -1.2, 2.], [1.5, .7, -.4]]
GRADIENTS = [
    ("cumsum", lambda x: tf.cumsum(x, axis=1), X),
    ("cumsum_exclusive_reverse", lambda x: tf.cumsum(x, exclusive=True, reverse=True), X),
    ("cumprod", lambda x: tf.cumprod(x, axis=1, exclusive=True), X),
    ("cumprod_reverse", lambda x: tf.cumprod(x, reverse=True), [1.5, 0., 2., -.5]),
    ("linspace", lambda x: tf.linspace(x[0], x[1], 4), [.5, 2.5]),
    ("clip_by_value", lambda x: tf.clip_by_value(x, -1., 1.), X),
    ("clip_by_norm", lambda x: tf.clip_by_norm(x, 1.5, axes=[1]), X),
    ("global_norm", lambda x: tf.global_norm([x, x[0] * 2.]), X),
    ("clip_by_global_norm", lambda x: tf.clip_by_global_norm([x, x[1]], 2.)[0][0], X),
    ("add_n", lambda x: tf.add_n([x, x * x, x]), X),
    ("scalar_mul", lambda x: tf.scalar_mul(x[0, 0], x), X),
    ("log_sigmoid", tf.log_sigmoid, X),
    ("xdivy", lambda x: tf.math.xdivy(x, x[::-1] + 3.), X),
    ("xlogy", lambda x: tf.math.xlogy(x, x * x + 1.), X),
    ("xlog1py", lambda x: tf.math.xlog1py(x, x * x), X),
    ("reduce_mean", lambda x: tf.reduce_mean(x, 0), X),
    ("reduce_prod", lambda x: tf.reduce_prod(x, 1), X),
    ("reduce_euclidean_norm", lambda x: tf.math.reduce_euclidean_norm(x, 1, keepdims=True), X),
    ("tensordot", lambda x: tf.tensordot(x, x, [[0], [0]]), X),
    ("einsum", lambda x: tf.einsum("ij,kj->ik", x, x * x), X),
    ("segment_sum", lambda x: tf.segment_sum(x, [0, 0, 1]), [1., 2., 3.]),
    ("segment_mean", lambda x: tf.segment_mean(x, [0, 0, 2]), [1., 2., 3.]),
    ("segment_max", lambda x: tf.segment_max(x, [0, 0, 1]), [1., 3., 2.]),
    ("segment_prod", lambda x: tf.segment_prod(x, [0, 0, 0, 1]), [1., 2., 3., 2.]),
    ("unsorted_segment_min", lambda x: tf.unsorted_segment_min(x, [1, 0, -1, 1], 2),
     [1., 2., 5., 3.]),
    ("unsorted_segment_sqrt_n", lambda x: tf.unsorted_segment_sqrt_n(x, [[1, 0, 1], [1, 1, 1]], 2),
     X),
    ("confusion_matrix_weights", lambda x: tf.confusion_matrix([0, 1, 1], [1, 1, 0], 2,
                                                               weights=x, dtype=tf.float64),
     [1., 2., 3.]),
    ("top_k", lambda x: tf.nn.top_k(x, 2).values, X),
]


@pytest.mark.parametrize("f,x", [row[1:] for row in GRADIENTS], ids=[row[0] for row in GRADIENTS])
def test_gradients_match_finite_differences(f, x):
    np.testing.assert_allclose(tape_gradient(f, x).numpy(), numeric_gradient(f, x),
                               rtol=1e-5, atol=1e-6)


def literal_gradient(f, x):
    x = tf.constant(np.asarray(x, np.float64))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x).numpy()


# Gradients where TF picks a convention (ties, zeros): values from TensorFlow.
LITERAL_GRADIENTS = [
    ("clip_by_value_at_bounds", lambda x: tf.clip_by_value(x, 0., 1.), [-1., 0., .5, 1., 2.],
     [0., 1., 1., 1., 0.]),
    ("clip_by_norm_zero", lambda x: tf.clip_by_norm(x, 1.), [0., 0.], [1., 1.]),
    ("clip_by_norm", lambda x: tf.clip_by_norm(x, 1.), [3., 4.], [.032, -.024]),
    ("segment_max_ties_split", lambda x: tf.segment_max(x, [0, 0, 0, 1]), [1., 3., 3., 2.],
     [0., .5, .5, 1.]),
    ("segment_min_ties_split", lambda x: tf.segment_min(x, [0, 0, 0, 1]), [1., 1., 3., 2.],
     [.5, .5, 0., 1.]),
    ("unsorted_segment_max_ties", lambda x: tf.unsorted_segment_max(x, [0, 0, 0, 1], 2),
     [1., 3., 3., 2.], [0., .5, .5, 1.]),
    ("segment_prod_with_zero", lambda x: tf.segment_prod(x, [0, 0, 0, 1]), [1., 0., 3., 2.],
     [0., 3., 0., 1.]),
    ("reduce_prod_with_zero", lambda x: tf.reduce_prod(x), [0., 2., 3.], [6., 0., 0.]),
    ("reduce_euclidean_norm_zero", lambda x: tf.math.reduce_euclidean_norm(x), [0., 0.],
     [NAN, NAN]),
    ("log_sigmoid", tf.log_sigmoid, [-100., 0., 2.], [1., .5, 0.119202922]),
    ("xlogy_at_zero", lambda x: tf.math.xlogy(x, c([0., 2., 3.], tf.float64)), [0., 1., 2.],
     [0., 0.6931471806, 1.0986122887]),
    ("xlogy_y_at_zero", lambda y: tf.math.xlogy(c([0., 1., 2.], tf.float64), y), [0., 2., 3.],
     [0., .5, 0.6666666667]),
    ("xdivy_y_at_zero", lambda y: tf.math.xdivy(c([0., 1., 2.], tf.float64), y), [0., 2., 3.],
     [0., -.25, -0.2222222222]),
    ("top_k_scatters", lambda x: tf.nn.top_k(x, 2).values * c([1., 2.], tf.float64),
     [1., 3., 2., 3.], [0., 1., 0., 2.]),
]


@pytest.mark.parametrize("f,x,expected", [row[1:] for row in LITERAL_GRADIENTS],
                         ids=[row[0] for row in LITERAL_GRADIENTS])
def test_gradient_conventions(f, x, expected):
    np.testing.assert_allclose(literal_gradient(f, x), expected, rtol=1e-7, atol=1e-9)


def test_clip_by_global_norm_gradient_flows_through_the_norm():
    a, b = c([3., 4.], tf.float64), c([12.], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        (ca, cb), _ = tf.clip_by_global_norm([a, b], 1.)
        y = tf.reduce_sum(ca * c([1., 2.], tf.float64)) + tf.reduce_sum(cb * 3.)
    ga, gb = tape.gradient(y, [a, b])
    np.testing.assert_allclose(ga.numpy(), [0.0127446518, 0.0682749203], rtol=1e-8)
    np.testing.assert_allclose(gb.numpy(), [-0.0259444697], rtol=1e-8)
