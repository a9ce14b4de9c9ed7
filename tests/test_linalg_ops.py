"""Linear algebra against TensorFlow: values, dtypes and shapes, errors, and gradients.

Expected values are literals taken from TensorFlow 2.21 (compat.v1, eager, CPU). Singular
and eigen vectors are compared up to sign (both signs are valid decompositions).
"""
import numpy as np
import pytest

import tfeager_compat as tf
from checks import numeric_gradient, tape_gradient

NAN, INF = np.nan, np.inf
A = [[4., 1.], [2., 3.]]
S = [[4., 2.], [2., 3.]]
M = [[1., 2.], [3., 4.], [5., 6.]]
B = [[1.], [2.]]


def c(value, dtype=None):
    return tf.constant(value, dtype=dtype)


def check(result, expected, dtype, rtol=1e-5):
    assert result.dtype == dtype, (result.dtype, dtype)
    value, expected = np.asarray(result.numpy()), np.asarray(expected)
    assert value.shape == expected.shape, (value.shape, expected.shape)
    if dtype.is_bool or dtype.is_integer:
        np.testing.assert_array_equal(value, expected)
    else:
        np.testing.assert_allclose(value, expected, rtol=rtol, atol=1e-5, equal_nan=True)


VALUES = [
    # inverse and determinants
    ("matrix_inverse", lambda: tf.matrix_inverse(c(A)), [[.3, -.1], [-.2, .4]], tf.float32),
    ("inv", lambda: tf.linalg.inv(c(S)), [[.375, -.25], [-.25, .5]], tf.float32),
    ("inv_adjoint", lambda: tf.linalg.inv(c([[1 + 1j, 2], [0, 1]]), adjoint=True),
     [[.5 + .5j, 0], [-1 - 1j, 1]], tf.complex128),
    ("inv_complex", lambda: tf.linalg.inv(c([[1 + 1j, 0], [0, 1]])), [[.5 - .5j, 0], [0, 1]],
     tf.complex128),
    ("inv_half", lambda: tf.linalg.inv(c([[2., 0.], [0., 4.]], tf.float16)),
     [[.5, 0.], [0., .25]], tf.float16),
    ("inv_empty", lambda: tf.linalg.inv(tf.zeros([0, 0])), np.zeros([0, 0]), tf.float32),
    ("inv_batch_empty", lambda: tf.linalg.inv(tf.zeros([0, 2, 2])), np.zeros([0, 2, 2]),
     tf.float32),
    ("matrix_determinant", lambda: tf.matrix_determinant(c(A)), 10., tf.float32),
    ("det_batch", lambda: tf.linalg.det(tf.reshape(tf.range(8.), [2, 2, 2])), [-2., -2.],
     tf.float32),
    ("det_singular", lambda: tf.linalg.det(c([[1., 2.], [2., 4.]])), 0., tf.float32),
    ("det_empty", lambda: tf.linalg.det(tf.zeros([0, 0])), 1., tf.float32),
    ("det_batch_empty", lambda: tf.linalg.det(tf.zeros([0, 2, 2])), np.zeros([0]), tf.float32),
    ("det_complex", lambda: tf.linalg.det(c([[1 + 1j, 0], [0, 1]])), 1 + 1j, tf.complex128),
    ("logdet", lambda: tf.linalg.logdet(c(S)), 2.0794415, tf.float32),
    ("logdet_not_positive_definite", lambda: tf.linalg.logdet(c([[1., 2.], [2., 1.]])), NAN,
     tf.float32),
    ("cholesky", lambda: tf.cholesky(c(S)), [[2., 0.], [1., 1.4142135]], tf.float32),
    ("cholesky_reads_lower_triangle", lambda: tf.linalg.cholesky(c([[4., 100.], [2., 3.]])),
     [[2., 0.], [1., 1.4142135]], tf.float32),
    ("cholesky_complex", lambda: tf.linalg.cholesky(c([[1 + 0j, 0], [0, 1]])), [[1, 0], [0, 1]],
     tf.complex128),
    ("cholesky_batch_empty", lambda: tf.linalg.cholesky(tf.zeros([0, 2, 2])),
     np.zeros([0, 2, 2]), tf.float32),
    ("self_adjoint_eigvals", lambda: tf.self_adjoint_eigvals(c(A)), [1.4384472, 5.5615525],
     tf.float32),
    ("eigvalsh_reads_lower_triangle", lambda: tf.linalg.eigvalsh(c([[4., 100.], [2., 3.]])),
     [1.4384472, 5.5615525], tf.float32),
    ("eigvalsh_float64", lambda: tf.linalg.eigvalsh(c([[2., 1., 0.], [1., 2., 1.], [0., 1., 2.]],
                                                      tf.float64)),
     [0.5857864376, 2., 3.4142135624], tf.float64),
    ("eigvalsh_complex", lambda: tf.linalg.eigvalsh(c([[1 + 1j, 0], [0, 1]])), [1 + 0j, 1 + 0j],
     tf.complex128),
    ("eigvalsh_batch_empty", lambda: tf.self_adjoint_eigvals(tf.zeros([0, 2, 2])),
     np.zeros([0, 2]), tf.float32),
    ("svd_values_only", lambda: tf.svd(c(M), compute_uv=False), [9.525518, 0.51429987],
     tf.float32),
    ("svd_complex_values", lambda: tf.linalg.svd(c([[1j, 2.], [0., 1.]]), compute_uv=False),
     [2.4142135624, 0.4142135624], tf.float64),
    # solvers
    ("matrix_solve", lambda: tf.matrix_solve(c(A), c(B)), [[.1], [.6]], tf.float32),
    ("solve_adjoint", lambda: tf.linalg.solve(c(A), c(B), adjoint=True), [[-.1], [.7]],
     tf.float32),
    ("solve_batch", lambda: tf.linalg.solve(tf.stack([c(A), 2 * c(A)]), tf.stack([c(B), c(B)])),
     [[[.1], [.6]], [[.05], [.3]]], tf.float32),
    ("solve_wide_rhs", lambda: tf.linalg.solve(c(A), c([[1., 2., 3.], [4., 5., 6.]])),
     [[-.1, .1, .3], [1.4, 1.6, 1.8]], tf.float32),
    ("solve_half", lambda: tf.linalg.solve(c([[2., 0.], [0., 4.]], tf.float16),
                                           c(B, tf.float16)), [[.5], [.5]], tf.float16),
    ("triangular_solve", lambda: tf.linalg.triangular_solve(c([[2., 0.], [1., 3.]]), c(B)),
     [[.5], [.5]], tf.float32),
    ("triangular_solve_ignores_upper", lambda: tf.matrix_triangular_solve(
        c([[2., 5.], [7., 3.]]), c(B)), [[.5], [-.5]], tf.float32),
    ("triangular_solve_upper", lambda: tf.linalg.triangular_solve(
        c([[2., 5.], [7., 3.]]), c(B), lower=False), [[-1.1666667], [.6666667]], tf.float32),
    ("triangular_solve_adjoint", lambda: tf.linalg.triangular_solve(
        c([[2., 5.], [7., 3.]]), c(B), adjoint=True), [[-1.8333335], [.6666667]], tf.float32),
    ("triangular_solve_upper_adjoint", lambda: tf.linalg.triangular_solve(
        c([[2., 5.], [7., 3.]]), c(B), lower=False, adjoint=True), [[.5], [-.16666667]],
     tf.float32),
    ("triangular_solve_zero_pivot", lambda: tf.linalg.triangular_solve(
        c([[0., 0.], [1., 3.]]), c(B)), [[INF], [-INF]], tf.float32),
    ("triangular_solve_broadcast", lambda: tf.linalg.triangular_solve(
        tf.stack([c([[2., 0.], [1., 3.]])] * 2), c(B)), [[[.5], [.5]]] * 2, tf.float32),
    ("cholesky_solve", lambda: tf.cholesky_solve(tf.cholesky(c(S)), c(B)),
     [[-.12499997], [.74999994]], tf.float32),
    ("lstsq", lambda: tf.linalg.lstsq(c([[1., 2.], [3., 4.], [5., 7.]]), c([[1.], [2.], [2.]])),
     [[-.21428579], [.50000006]], tf.float32),
    ("lstsq_l2", lambda: tf.matrix_solve_ls(c([[1., 2.], [3., 4.], [5., 7.]]),
                                            c([[1.], [2.], [2.]]), l2_regularizer=.5),
     [[.08301996], [.28679168]], tf.float32),
    ("lstsq_wide", lambda: tf.linalg.lstsq(c([[1., 3., 5.], [2., 4., 7.]]), c(B)),
     [[.9285681], [-.21428442], [.14285743]], tf.float32),
    ("lstsq_wide_l2", lambda: tf.linalg.lstsq(c([[1., 3., 5.], [2., 4., 7.]]), c(B),
                                              l2_regularizer=.5),
     [[.23396155], [.03773594], [.17358473]], tf.float32),
    ("lstsq_float64", lambda: tf.linalg.lstsq(c([[1., 2.], [3., 4.], [5., 7.]], tf.float64),
                                              c([[1.], [2.], [2.]], tf.float64)),
     [[-.2142857143], [.5]], tf.float64),
    ("lstsq_not_fast", lambda: tf.linalg.lstsq(c([[1., 2.], [3., 4.], [5., 7.]]), tf.ones([3, 1]),
                                               l2_regularizer=.5, fast=False),
     [[-1.142859], [1.0000014]], tf.float32),
    ("lstsq_batch", lambda: tf.linalg.lstsq(tf.stack([c([[1., 2.], [3., 4.], [5., 7.]])] * 2),
                                            tf.stack([c([[1.], [2.], [2.]])] * 2)),
     [[[-.21428579], [.50000006]]] * 2, tf.float32),
    ("pinv", lambda: tf.linalg.pinv(c([[1., 2.], [3., 4.], [5., 7.]])),
     [[-2.0714295, .78571308, .14285785], [1.5000006, -.49999917, 0.]], tf.float32),
    ("pinv_rcond", lambda: tf.linalg.pinv(c([[1., 0.], [0., 1e-9]])), [[1., 0.], [0., 0.]],
     tf.float32),
    ("expm", lambda: tf.linalg.expm(c([[0., 1.], [0., 0.]])), [[1., 1.], [0., 1.]], tf.float32),
    # products and reductions of matrices
    ("trace", lambda: tf.trace(c(A)), 7., tf.float32),
    ("trace_non_square", lambda: tf.linalg.trace(tf.reshape(tf.range(6.), [2, 3])), 4.,
     tf.float32),
    ("trace_batch", lambda: tf.linalg.trace(tf.reshape(tf.range(8.), [2, 2, 2])), [3., 11.],
     tf.float32),
    ("trace_int", lambda: tf.trace(c([[1, 2], [3, 4]])), 5, tf.int32),
    ("trace_complex", lambda: tf.trace(c([[1 + 1j, 0], [0, 1]])), 2 + 1j, tf.complex128),
    ("trace_empty", lambda: tf.trace(tf.zeros([0, 0])), 0., tf.float32),
    ("trace_batch_empty", lambda: tf.trace(tf.zeros([0, 2, 2])), np.zeros([0]), tf.float32),
    ("matvec", lambda: tf.linalg.matvec(c(A), c([1., 2.])), [6., 8.], tf.float32),
    ("matvec_transpose", lambda: tf.linalg.matvec(c(A), c([1., 2.]), transpose_a=True),
     [8., 7.], tf.float32),
    ("matvec_adjoint", lambda: tf.linalg.matvec(c([[1j, 2.], [0., 1.]]), c([1 + 0j, 1]),
                                                adjoint_a=True), [-1j, 3.], tf.complex128),
    ("matvec_batch", lambda: tf.linalg.matvec(tf.stack([c(A), c(A)]), c([[1., 2.], [3., 4.]])),
     [[6., 8.], [16., 18.]], tf.float32),
    ("matvec_broadcast", lambda: tf.linalg.matvec(tf.stack([c(A), c(A)]), c([1., 2.])),
     [[6., 8.], [6., 8.]], tf.float32),
    ("matvec_int", lambda: tf.linalg.matvec(c([[1, 2]]), c([1, 2])), [5], tf.int32),
    ("cross", lambda: tf.linalg.cross(c([1., 0., 0.]), c([0., 1., 0.])), [0., 0., 1.],
     tf.float32),
    ("cross_int_batch", lambda: tf.cross(c([[1, 2, 3]]), c([[4, 5, 6]])), [[-3, 6, -3]],
     tf.int32),
    ("cross_uint8", lambda: tf.cross(c([1, 2, 3], tf.uint8), c([1, 2, 3], tf.uint8)), [0, 0, 0],
     tf.uint8),
    # norms
    ("norm_default", lambda: tf.norm(c([[1., -2.], [3., 4.]])), 5.477226, tf.float32),
    ("norm_vector_1", lambda: tf.norm(c([3., -4.]), ord=1), 7., tf.float32),
    ("norm_vector_2", lambda: tf.norm(c([3., -4.]), ord=2), 5., tf.float32),
    ("norm_vector_inf", lambda: tf.norm(c([3., -4.]), ord=INF), 4., tf.float32),
    ("norm_vector_3", lambda: tf.norm(c([3., -4.]), ord=3), 4.4979415, tf.float32),
    ("norm_vector_half", lambda: tf.norm(c([3., -4.]), ord=.5), 13.928204, tf.float32),
    ("norm_axis", lambda: tf.linalg.norm(c([[1., -2.], [3., 4.]]), axis=1), [2.236068, 5.],
     tf.float32),
    ("norm_keepdims", lambda: tf.norm(c([[1., -2.], [3., 4.]]), axis=1, keepdims=True),
     [[2.236068], [5.]], tf.float32),
    ("norm_keep_dims", lambda: tf.norm(c([[1., -2.], [3., 4.]]), axis=-1, keep_dims=True),
     [[2.236068], [5.]], tf.float32),
    ("norm_all_keepdims", lambda: tf.norm(c([[3., 4.]]), keepdims=True), [[5.]], tf.float32),
    ("norm_matrix_fro", lambda: tf.norm(c([[1., -2.], [3., 4.]]), ord="fro", axis=[0, 1]),
     5.477226, tf.float32),
    ("norm_matrix_euclidean", lambda: tf.norm(c([[1., -2.], [3., 4.]]), axis=(0, 1)),
     5.477226, tf.float32),
    ("norm_matrix_1", lambda: tf.norm(c([[1., -2.], [3., 4.]]), ord=1, axis=[0, 1]), 6.,
     tf.float32),
    ("norm_matrix_1_swapped_axes", lambda: tf.norm(c([[1., -2.], [3., 4.]]), ord=1,
                                                   axis=(1, 0)), 7., tf.float32),
    ("norm_matrix_1_negative_axes", lambda: tf.norm(c([[1., -2.], [3., 4.]]), ord=1,
                                                    axis=[-1, -2]), 7., tf.float32),
    ("norm_matrix_inf", lambda: tf.norm(c([[1., -2.], [3., 4.]]), ord=INF, axis=[0, 1]), 7.,
     tf.float32),
    ("norm_matrix_2", lambda: tf.norm(tf.reshape(tf.range(6.), [2, 3]), ord=2, axis=[0, 1]),
     7.3484697, tf.float32),
    ("norm_matrix_batch_1", lambda: tf.norm(tf.reshape(tf.range(8.), [2, 2, 2]), ord=1,
                                            axis=[1, 2]), [4., 12.], tf.float32),
    ("norm_matrix_batch_inf_keepdims", lambda: tf.norm(tf.reshape(tf.range(8.), [2, 2, 2]),
                                                       ord=INF, axis=[-2, -1], keepdims=True),
     [[[5.]], [[13.]]], tf.float32),
    ("norm_matrix_keepdims", lambda: tf.norm(c([[3., 4.]]), ord=1, axis=[0, 1], keepdims=True),
     [[4.]], tf.float32),
    ("norm_int_1", lambda: tf.norm(c([3, -4]), ord=1), 7, tf.int32),
    ("norm_int_inf", lambda: tf.norm(c([3, -4]), ord=INF), 4, tf.int32),
    ("norm_complex", lambda: tf.norm(c([3 + 4j])), 5 + 0j, tf.complex128),
    ("norm_complex_1", lambda: tf.norm(c([3 + 4j, 1]), ord=1), 6., tf.float64),
    ("norm_complex_inf", lambda: tf.norm(c([3 + 4j, 1]), ord=INF), 5., tf.float64),
    ("norm_complex_3", lambda: tf.norm(c([3 + 4j, 1]), ord=3), 5.013297935, tf.float64),
    ("norm_complex_matrix_1", lambda: tf.norm(c([[3 + 4j, 1], [1, 1]]), ord=1, axis=[0, 1]),
     6., tf.float64),
    ("norm_complex_matrix_2", lambda: tf.norm(c([[3 + 4j, 1], [1, 1]]), ord=2, axis=[0, 1]),
     5.2217333484, tf.float64),
    ("norm_empty", lambda: tf.norm(tf.zeros([0])), 0., tf.float32),
    ("norm_empty_inf", lambda: tf.norm(tf.zeros([0]), ord=INF), -INF, tf.float32),
]


@pytest.mark.parametrize("call,expected,dtype", [row[1:] for row in VALUES],
                         ids=[row[0] for row in VALUES])
def test_values(call, expected, dtype):
    check(call(), expected, dtype)


# ---- decompositions with several outputs ---------------------------------------------------
def test_slogdet():
    result = tf.linalg.slogdet(c(S))
    assert type(result).__name__ == "LogMatrixDeterminant"
    assert result._fields == ("sign", "log_abs_determinant")
    check(result.sign, 1., tf.float32)
    check(result.log_abs_determinant, 2.0794415, tf.float32)
    sign, log_abs = tf.linalg.slogdet(c([[1., 2.], [2., 4.]]))
    check(sign, 0., tf.float32)
    check(log_abs, -INF, tf.float32)
    sign, log_abs = tf.linalg.slogdet(c([[0., 1.], [1., 0.]]))
    check(sign, -1., tf.float32)
    check(log_abs, 0., tf.float32)
    sign, log_abs = tf.linalg.slogdet(c([[1j, 0], [0, 2]]))
    check(sign, 1j, tf.complex128)
    check(log_abs, .6931471806 + 0j, tf.complex128)


def test_eigh_vectors_up_to_sign():
    e, v = tf.linalg.eigh(c(S))
    check(e, [1.4384472, 5.5615525], tf.float32)
    check(abs(v), [[.6154122, .78820544], [.78820544, .6154122]], tf.float32)
    e, v = tf.self_adjoint_eig(c([[2., 1., 0.], [1., 2., 1.], [0., 1., 2.]], tf.float64))
    check(abs(v), [[.5, .7071067812, .5], [.7071067812, 0., .7071067812],
                   [.5, .7071067812, .5]], tf.float64)
    e, v = tf.linalg.eigh(c([[4., 100.], [2., 3.]]))  # only the lower triangle is read
    np.testing.assert_allclose(v.numpy() @ np.diag(e.numpy()) @ v.numpy().T, S, rtol=1e-5)


def test_qr_matches_tensorflow_signs():
    q, r = tf.linalg.qr(c(M))
    check(q, [[-.16903079, .897085], [-.5070925, .2760267], [-.8451542, -.34503305]],
          tf.float32)
    check(r, [[-5.91608, -7.437357], [0., .82807845]], tf.float32)
    result = tf.qr(c(M), full_matrices=True)
    assert type(result).__name__ == "Qr" and result._fields == ("q", "r")
    check(result.q, [[-.16903079, .897085, .40824893], [-.5070925, .2760267, -.81649643],
                     [-.8451542, -.34503305, .40824804]], tf.float32)
    check(result.r, [[-5.91608, -7.437357], [0., .82807845], [0., 0.]], tf.float32)
    q, r = tf.qr(tf.transpose(c(M)))
    check(q, [[-.44721353, -.8944272], [-.8944272, .4472136]], tf.float32)
    check(r, [[-2.236068, -4.919349, -7.6026306], [0., -.8944273, -1.7888541]], tf.float32)
    q, r = tf.qr(c([[2., -1., 0.], [1., 3., 1.], [0., 2., 5.]], tf.float64))
    check(r, [[-2.2360679775, -.4472135955, -.4472135955], [0., -3.7148351242, -3.4456441732],
              [0., 0., 3.7319614457]], tf.float64)


def test_svd_returns_s_u_v_with_v_not_transposed():
    s, u, v = tf.linalg.svd(c(M))
    check(s, [9.525518, .51429987], tf.float32)
    check(abs(u), [[.22984774, .8834608], [.52474487, .2407829], [.81964207, .4018962]],
          tf.float32)
    check(abs(v), [[.61962956, .78489447], [.78489447, .61962956]], tf.float32)
    np.testing.assert_allclose(u.numpy() @ np.diag(s.numpy()) @ v.numpy().T, M, atol=1e-5)
    s, u, v = tf.svd(c(M), full_matrices=True)
    assert u.shape.as_list() == [3, 3] and v.shape.as_list() == [2, 2]
    s, u, v = tf.svd(c([[2., -1., 0.], [1., 3., 1.], [0., 2., 5.]], tf.float64))
    check(s, [5.8636816762, 2.406166664, 2.1971798254], tf.float64)
    check(abs(v), [[.0469634314, .3338347185, .9414610012], [.5387769521, .7851838288,
                                                             .305296169],
                   [.8411384143, .5215752445, .1429875252]], tf.float64)
    s, u, v = tf.svd(c([[1j, 2.], [0., 1.]]))
    np.testing.assert_allclose(u.numpy() @ np.diag(s.numpy()) @ v.numpy().conj().T,
                               [[1j, 2.], [0., 1.]], atol=1e-12)


def test_lu_and_normalize():
    lu, p = tf.linalg.lu(c([[1., 2.], [3., 4.]]))
    check(lu, [[3., 4.], [.33333334, .6666666]], tf.float32)
    check(p, [1, 0], tf.int32)
    check(tf.linalg.lu(c([[1., 2.], [3., 4.]]), output_idx_type=tf.int64).p, [1, 0], tf.int64)
    unit, size = tf.linalg.normalize(c([[3., 4.], [6., 8.]]), axis=1)
    check(unit, [[.6, .8], [.6, .8]], tf.float32)
    check(size, [[5.], [10.]], tf.float32)
    unit, size = tf.linalg.normalize(c([[3., 4.], [6., 8.]]), ord=1, axis=[0, 1])
    check(unit, [[.25, .33333334], [.5, .6666667]], tf.float32)
    check(size, [[12.]], tf.float32)


# ---- errors --------------------------------------------------------------------------------
IAE = tf.errors.InvalidArgumentError
ERRORS = [
    ("inverse_non_square", lambda: tf.matrix_inverse(tf.ones([2, 3])), IAE,
     r"^Input matrix must be square. \[Op:MatrixInverse\]$"),
    ("inverse_rank1", lambda: tf.linalg.inv(tf.ones([3])), IAE,
     r"Input tensor 0 must have rank >= 2, got 1 \[Op:MatrixInverse\]"),
    ("inverse_int", lambda: tf.linalg.inv(c([[1, 0], [0, 1]])), IAE,
     r"Value for attr 'T' of int32 is not in the list of allowed values"),
    ("inverse_singular", lambda: tf.linalg.inv(c([[1., 2.], [2., 4.]])), IAE,
     r"^Input is not invertible. \[Op:MatrixInverse\]$"),
    ("inverse_zero", lambda: tf.linalg.inv(tf.zeros([2, 2])), IAE, "Input is not invertible."),
    ("inverse_batch_singular", lambda: tf.linalg.inv(tf.stack([tf.eye(2), tf.zeros([2, 2])])),
     IAE, "Input is not invertible."),
    ("inverse_nan", lambda: tf.linalg.inv(c([[NAN, 0.], [0., 1.]])), IAE,
     "Input is not invertible."),
    ("determinant_non_square", lambda: tf.matrix_determinant(tf.ones([2, 3])), IAE,
     r"Input matrix must be square. \[Op:MatrixDeterminant\]"),
    ("determinant_rank1", lambda: tf.linalg.det(tf.ones([3])), IAE,
     r"Input tensor 0 must have rank >= 2, got 1 \[Op:MatrixDeterminant\]"),
    ("determinant_int", lambda: tf.linalg.det(c([[1, 0], [0, 1]])), IAE, "of int32"),
    ("slogdet_non_square", lambda: tf.linalg.slogdet(tf.ones([2, 3])), IAE,
     r"Input matrix must be square. \[Op:LogMatrixDeterminant\]"),
    ("cholesky_non_square", lambda: tf.cholesky(tf.ones([2, 3])), IAE,
     r"Input matrix must be square. \[Op:Cholesky\]"),
    ("cholesky_rank1", lambda: tf.linalg.cholesky(tf.ones([3])), IAE,
     r"Input tensor 0 must have rank >= 2, got 1 \[Op:Cholesky\]"),
    ("logdet_non_square", lambda: tf.linalg.logdet(tf.ones([2, 3])), IAE,
     r"Input matrix must be square. \[Op:Cholesky\]"),
    ("eigh_non_square", lambda: tf.linalg.eigh(tf.ones([2, 3])), IAE,
     r"Input matrix must be square. \[Op:SelfAdjointEigV2\]"),
    ("eigvalsh_rank1", lambda: tf.self_adjoint_eigvals(tf.ones([3])), IAE,
     r"Input tensor 0 must have rank >= 2, got 1 \[Op:SelfAdjointEigV2\]"),
    ("qr_rank1", lambda: tf.qr(tf.ones([3])), IAE,
     r"Input tensor 0 must have rank >= 2, got 1 \[Op:Qr\]"),
    ("qr_int", lambda: tf.linalg.qr(c([[1, 2]])), IAE, r"of int32 .*\[Op:Qr\]"),
    ("svd_rank1", lambda: tf.svd(tf.ones([3])), IAE,
     r"Input tensor 0 must have rank >= 2, got 1 \[Op:Svd\]"),
    ("svd_int", lambda: tf.svd(c([[1, 2]])), IAE, r"of int32 .*\[Op:Svd\]"),
    ("solve_vector_rhs", lambda: tf.linalg.solve(c(A), c([1., 2.])), IAE,
     r"All input tensors must have the same rank. \[Op:MatrixSolve\]"),
    ("solve_rhs_rows", lambda: tf.linalg.solve(c(A), tf.ones([3, 1])), IAE,
     r"Input matrix and rhs are incompatible."),
    ("solve_non_square", lambda: tf.matrix_solve(tf.ones([2, 3]), tf.ones([2, 1])), IAE,
     r"First input \(lhs\) must be a square matrix."),
    ("solve_dtypes", lambda: tf.linalg.solve(c(A), tf.ones([2, 1], tf.float64)), IAE,
     r"cannot compute MatrixSolve as input #1\(zero-based\) was expected to be a float tensor "
     r"but is a double tensor"),
    ("solve_int", lambda: tf.linalg.solve(c([[1, 0], [0, 1]]), c([[1], [1]])), IAE, "of int32"),
    ("solve_singular", lambda: tf.linalg.solve(c([[1., 2.], [2., 4.]]), c(B)), IAE,
     r"^Input matrix is not invertible. \[Op:MatrixSolve\]$"),
    ("solve_no_broadcast", lambda: tf.linalg.solve(tf.stack([c(A), c(A)]), c(B)), IAE,
     "All input tensors must have the same rank."),
    ("solve_rank1_matrix", lambda: tf.linalg.solve(tf.ones([2]), c(B)), IAE,
     "Input tensor 0 must have rank >= 2, got 1"),
    ("solve_batch_mismatch", lambda: tf.linalg.solve(tf.ones([3, 2, 2]), tf.ones([2, 2, 1])),
     IAE, "All input tensors must have the same outer dimensions."),
    ("triangular_solve_rows", lambda: tf.linalg.triangular_solve(tf.eye(2), tf.ones([3, 1])),
     IAE, r"In\[0\] mismatch In\[1\] shape: 2 vs. 3: \[2,2\] \[3,1\] 1 0 "
          r"\[Op:MatrixTriangularSolve\]"),
    ("triangular_solve_rows_flags", lambda: tf.linalg.triangular_solve(
        tf.eye(2), tf.ones([3, 1]), lower=False, adjoint=True), IAE,
     r"\[2,2\] \[3,1\] 0 1"),
    ("triangular_solve_non_square", lambda: tf.matrix_triangular_solve(tf.ones([2, 3]),
                                                                       c(B)), IAE,
     r"In\[0\] matrices in the last dimensions must be square \(3 =/= 2\)"),
    ("triangular_solve_vector", lambda: tf.linalg.triangular_solve(tf.eye(2), c([1., 2.])),
     IAE, r"In\[1\] ndims must be >= 2: 1"),
    ("triangular_solve_rank1_matrix", lambda: tf.linalg.triangular_solve(tf.ones([2]), c(B)),
     IAE, r"In\[0\] ndims must be >= 2: 1"),
    ("triangular_solve_batch", lambda: tf.linalg.triangular_solve(tf.ones([3, 2, 2]),
                                                                  tf.ones([2, 2, 1])),
     IAE, r"In\[0\] and In\[1\] must have compatible batch dimensions: \[3,2,2\] vs. \[2,2,1\]"),
    ("triangular_solve_int", lambda: tf.linalg.triangular_solve(c([[1, 0], [0, 1]]),
                                                                c([[1], [1]])), IAE, "of int32"),
    ("triangular_solve_dtypes", lambda: tf.linalg.triangular_solve(
        tf.eye(2), tf.ones([2, 1], tf.float64)), IAE,
     "cannot compute MatrixTriangularSolve as input #1"),
    ("cholesky_solve_rows", lambda: tf.linalg.cholesky_solve(tf.eye(2), tf.ones([3, 1])), IAE,
     r"In\[0\] mismatch In\[1\] shape: 2 vs. 3: \[2,2\] \[3,1\] 1 0"),
    ("lstsq_rows", lambda: tf.linalg.lstsq(tf.ones([3, 2]), tf.ones([2, 1])), IAE,
     r"Matrix size-incompatible: In\[0\]: \[3,2\], In\[1\]: \[2,1\] \[Op:MatMul\]"),
    ("lstsq_vector_rhs", lambda: tf.linalg.lstsq(tf.ones([3, 2]), tf.ones([3])), IAE,
     r"In\[1\] ndims must be >= 2 \[Op:MatMul\]"),
    ("lstsq_dtypes", lambda: tf.linalg.lstsq(tf.ones([3, 2]), tf.ones([3, 1], tf.float64)), IAE,
     r"cannot compute MatMul as input #1\(zero-based\) was expected to be a float tensor"),
    ("lstsq_regularizer_dtype", lambda: tf.linalg.lstsq(tf.ones([3, 2]), tf.ones([3, 1]),
                                                        l2_regularizer=c(.5, tf.float64)),
     IAE, r"cannot compute Mul as input #1\(zero-based\) was expected to be a double tensor "
          r"but is a float tensor"),
    ("lstsq_int", lambda: tf.linalg.lstsq(c([[1, 0], [0, 1]]), c([[1], [1]])), IAE, "of int32"),
    ("pinv_int", lambda: tf.linalg.pinv(c([[1, 0], [0, 1]])), TypeError,
     r"Input `a` must have `float`-like `dtype` \(saw int32\)."),
    ("trace_rank1", lambda: tf.trace(tf.ones([3])), IAE,
     r"input must be at least 2-dim, received shape: \[3\] \[Op:MatrixDiagPartV3\]"),
    ("trace_bool", lambda: tf.trace(c([[True]])), IAE, "Value for attr 'T' of bool"),
    ("matvec_inner", lambda: tf.linalg.matvec(c(A), c([1., 2., 3.])), IAE,
     r"Matrix size-incompatible: In\[0\]: \[2,2\], In\[1\]: \[3,1\] \[Op:MatMul\]"),
    ("matvec_rank", lambda: tf.linalg.matvec(c([1., 2.]), c([1., 2.])), IAE,
     r"In\[0\] ndims must be >= 2"),
    ("matvec_scalar", lambda: tf.linalg.matvec(c(A), c(1.)), IAE, r"In\[1\] ndims must be >= 2"),
    ("matvec_dtypes", lambda: tf.linalg.matvec(c(A), c([1., 2.], tf.float64)), IAE,
     "cannot compute MatMul as input #1"),
    ("cross_length", lambda: tf.cross(c([1., 2.]), c([3., 4.])), tf.errors.FailedPreconditionError,
     r"Cross-products are only defined for 3-element vectors. \[Op:Cross\]"),
    ("cross_shapes", lambda: tf.cross(c([[1., 2., 3.]]), c([1., 2., 3.])), IAE,
     r"Both inputs must be of same shape: \[1,3\] vs. \[3\]"),
    ("cross_dtypes", lambda: tf.cross(c([1., 2., 3.]), c([1., 2., 3.], tf.float64)), IAE,
     "cannot compute Cross as input #1"),
    ("cross_complex", lambda: tf.cross(c([1j, 2., 3.]), c([1j, 2., 3.])), IAE,
     "of complex128"),
    ("cross_scalar", lambda: tf.cross(c(1.), c(1.)), IAE, r"Input must be at least 1D\[\]"),
    ("norm_fro_on_vector", lambda: tf.norm(c([3., 4.]), ord="fro"), ValueError,
     "'ord' must be a supported vector norm, got fro"),
    ("norm_negative_order", lambda: tf.norm(c([3., 4.]), ord=-1), ValueError,
     "'ord' must be a supported vector norm, got -1"),
    ("norm_zero_order", lambda: tf.norm(c([3., 4.]), ord=0), ValueError,
     "'ord' must be a supported vector norm, got 0"),
    ("norm_nuclear", lambda: tf.norm(tf.ones([2, 2]), ord="nuc", axis=[0, 1]), ValueError,
     r"'ord' must be a supported matrix norm in \['euclidean', 'fro', 1, 2, inf\], got nuc"),
    ("norm_matrix_3", lambda: tf.norm(tf.ones([2, 2]), ord=3, axis=[0, 1]), ValueError,
     "'ord' must be a supported matrix norm in"),
    ("norm_same_axes", lambda: tf.norm(tf.ones([2, 2]), axis=[0, 0]), ValueError,
     r"'axis' must be None, an integer, or a tuple of 2 unique integers, got \(0, 0\)"),
    ("norm_three_axes", lambda: tf.norm(tf.ones([2, 2]), axis=[0, 1, 2]), ValueError,
     r"got \[0, 1, 2\]"),
    ("norm_one_axis_list", lambda: tf.norm(tf.ones([2, 2]), axis=[1]), ValueError,
     r"got \[1\]"),
    ("norm_axis_out_of_range", lambda: tf.norm(tf.ones([2, 2]), axis=3), IAE,
     r"Invalid reduction dimension \(3 for input with 2 dimension\(s\) \[Op:Sum\]"),
    ("norm_matrix_axis_out_of_range", lambda: tf.norm(tf.ones([2, 2]), axis=[0, 3]), IAE,
     r"Invalid reduction dimension \(3 for input"),
    ("norm_int_euclidean", lambda: tf.norm(c([3, 4])), IAE, "Value for attr 'T' of int32"),
    ("norm_int_p", lambda: tf.norm(c([3, 4]), ord=3), TypeError,
     "Cannot convert 0.3333333333333333 to EagerTensor of dtype int32"),
]


@pytest.mark.parametrize("call,exception,message", [row[1:] for row in ERRORS],
                         ids=[row[0] for row in ERRORS])
def test_errors(call, exception, message):
    with pytest.raises(exception, match=message):
        call()


# ---- gradients -----------------------------------------------------------------------------
def symmetric(x):
    return x + tf.transpose(x) + 3 * tf.eye(2, dtype=tf.float64)


SQUARE = [[1.3, .4], [-.6, 2.1]]
TALL = [[1., 2.], [3., 4.], [5., 7.]]
WIDE = [[1., 3., 5.], [2., 4., 7.]]
RHS = np.array([[1.], [2.]])
GRADIENTS = [
    ("inv", tf.linalg.inv, SQUARE),
    ("inv_adjoint", lambda x: tf.linalg.inv(x, adjoint=True), SQUARE),
    ("det", tf.linalg.det, SQUARE),
    ("slogdet", lambda x: tf.linalg.slogdet(x)[1], SQUARE),
    ("logdet", lambda x: tf.linalg.logdet(symmetric(x)), SQUARE),
    ("cholesky", lambda x: tf.linalg.cholesky(symmetric(x)), SQUARE),
    ("eigvalsh", lambda x: tf.linalg.eigvalsh(symmetric(x)), SQUARE),
    ("eigh_vectors", lambda x: tf.abs(tf.linalg.eigh(symmetric(x))[1]), SQUARE),
    ("qr_tall", lambda x: tf.concat([tf.reshape(t, [-1]) for t in tf.linalg.qr(x)], 0), TALL),
    ("qr_square", lambda x: tf.concat([tf.reshape(t, [-1]) for t in tf.qr(x)], 0), SQUARE),
    ("qr_wide", lambda x: tf.concat([tf.reshape(t, [-1]) for t in tf.qr(x)], 0), WIDE),
    ("svd_values", lambda x: tf.linalg.svd(x, compute_uv=False), TALL),
    ("svd_vectors", lambda x: tf.concat([tf.reshape(tf.abs(t), [-1])
                                         for t in tf.linalg.svd(x)[1:]], 0), TALL),
    ("solve_matrix", lambda x: tf.linalg.solve(x, tf.constant(RHS)), SQUARE),
    ("solve_adjoint", lambda x: tf.linalg.solve(x, tf.constant(RHS), adjoint=True), SQUARE),
    ("solve_rhs", lambda r: tf.linalg.solve(tf.constant(SQUARE, tf.float64), r), RHS),
    ("triangular_solve", lambda x: tf.linalg.triangular_solve(x, tf.constant(RHS)), SQUARE),
    ("triangular_solve_upper_adjoint", lambda x: tf.linalg.triangular_solve(
        x, tf.constant(RHS), lower=False, adjoint=True), SQUARE),
    ("triangular_solve_rhs", lambda r: tf.linalg.triangular_solve(
        tf.constant(SQUARE, tf.float64), r), RHS),
    ("cholesky_solve", lambda x: tf.linalg.cholesky_solve(x, tf.constant(RHS)),
     [[2., 0.], [1., 3.]]),
    ("lstsq_tall", lambda x: tf.linalg.lstsq(x, tf.constant([[1.], [2.], [2.]], tf.float64)),
     TALL),
    ("lstsq_tall_l2", lambda x: tf.linalg.lstsq(x, tf.constant([[1.], [2.], [2.]], tf.float64),
                                                l2_regularizer=.5), TALL),
    ("lstsq_wide", lambda x: tf.linalg.lstsq(x, tf.constant(RHS)), WIDE),
    ("lstsq_not_fast", lambda x: tf.linalg.lstsq(x, tf.constant([[1.], [2.], [2.]], tf.float64),
                                                 fast=False), TALL),
    ("pinv", tf.linalg.pinv, TALL),
    ("expm", tf.linalg.expm, [[0., 1.], [.5, 0.]]),
    ("trace", tf.linalg.trace, TALL),
    ("matvec", lambda x: tf.linalg.matvec(x, tf.constant([1., 2.], tf.float64)), TALL),
    ("matvec_adjoint", lambda x: tf.linalg.matvec(x, x[0], adjoint_a=True), SQUARE),
    ("cross", lambda x: tf.linalg.cross(x, tf.constant([1., -2., 3.], tf.float64)),
     [4., 5., 7.]),
    ("norm", tf.norm, TALL),
    ("norm_axis", lambda x: tf.norm(x, axis=0), TALL),
    ("norm_1", lambda x: tf.norm(x, ord=1, axis=1), TALL),
    ("norm_3", lambda x: tf.norm(x, ord=3), TALL),
    ("norm_inf", lambda x: tf.norm(x, ord=np.inf), TALL),
    ("norm_matrix_1", lambda x: tf.norm(x, ord=1, axis=[0, 1]), TALL),
    ("norm_matrix_inf", lambda x: tf.norm(x, ord=np.inf, axis=[0, 1]), TALL),
    ("norm_matrix_2", lambda x: tf.norm(x, ord=2, axis=[0, 1]), TALL),
    ("normalize", lambda x: tf.linalg.normalize(x, axis=1)[0], TALL),
]


@pytest.mark.parametrize("f,x", [row[1:] for row in GRADIENTS], ids=[row[0] for row in GRADIENTS])
def test_gradients_match_finite_differences(f, x):
    np.testing.assert_allclose(tape_gradient(f, x).numpy(), numeric_gradient(f, x),
                               rtol=1e-5, atol=1e-6)


# TF's own gradient conventions (symmetric for cholesky, lower-triangular for eigh, ties split,
# zeros): d sum(w * f(x)) / dx from TensorFlow, w = 1, 2, 3, ...
LITERAL_GRADIENTS = [
    ("cholesky_symmetric", lambda x: tf.linalg.cholesky(x), S,
     [[.2285533906, .0428932188], [.0428932188, 1.4142135624]]),
    ("cholesky_reads_lower", lambda x: tf.linalg.cholesky(x), [[4., 100.], [2., 3.]],
     [[.2285533906, .0428932188], [.0428932188, 1.4142135624]]),
    ("eigvalsh_lower_triangular", lambda x: tf.linalg.eigvalsh(x), S,
     [[1.6212678125, 0.], [.9701425001, 1.3787321875]]),
    ("logdet_inverse", lambda x: tf.linalg.logdet(x), S, [[.375, -.25], [-.25, .5]]),
    ("det_cofactors", lambda x: tf.linalg.det(x), A, [[3., -2.], [-1., 4.]]),
    ("svd_values", lambda x: tf.linalg.svd(x)[0], [[1., 2.], [3., 4.], [5., 7.]],
     [[-1.4043729662, 1.2653207158], [.8407865637, .0036887004], [.5589933624, .6381934084]]),
    ("svd_u_up_to_sign", lambda x: tf.abs(tf.linalg.svd(x)[1]), [[1., 2.], [3., 4.], [5., 7.]],
     [[.0156082655, .7014311864], [-1.0824429105, .5110631508], [.6034494283, -.4618059503]]),
    ("trace_diagonal", lambda x: tf.linalg.trace(x), M, [[1., 0.], [0., 1.], [0., 0.]]),
    ("triangular_solve_lower_only", lambda x: tf.linalg.triangular_solve(
        x, tf.constant(B, tf.float64)), A,
     [[.0208333333, 0.], [-.1666666667, -.3333333333]]),
    ("norm_at_zero", lambda x: tf.norm(x), [0., 0.], [NAN, NAN]),
    ("norm_1_at_zero", lambda x: tf.norm(x, ord=1), [3., -4., 0.], [1., -1., 0.]),
    ("norm_3_at_zero", lambda x: tf.norm(x, ord=3), [0., 1.], [0., 1.]),
    ("norm_half", lambda x: tf.norm(x, ord=.5), [1., 4.], [3., 1.5]),
    ("norm_inf_ties_split", lambda x: tf.norm(x, ord=np.inf), [3., -4., 4.], [0., -.5, .5]),
    ("norm_matrix_1", lambda x: tf.norm(x, ord=1, axis=[0, 1]), [[1., -2.], [3., 4.]],
     [[0., -1.], [0., 1.]]),
    ("norm_matrix_inf", lambda x: tf.norm(x, ord=np.inf, axis=[0, 1]), [[1., -2.], [3., 4.]],
     [[0., 0.], [1., 1.]]),
    ("norm_matrix_fro_at_zero", lambda x: tf.norm(x, ord="fro", axis=[0, 1]), [[0., 0.]],
     [[NAN, NAN]]),
]


@pytest.mark.parametrize("f,x,expected", [row[1:] for row in LITERAL_GRADIENTS],
                         ids=[row[0] for row in LITERAL_GRADIENTS])
def test_gradient_conventions(f, x, expected):
    np.testing.assert_allclose(tape_gradient(f, x).numpy(), expected, rtol=1e-7, atol=1e-9)

