"""`tf.losses` (TF1) against TensorFlow: values, reductions, gradients and errors as TF 2.21's
compat.v1 gives them on CPU (literals below), gradients also against finite differences."""
import functools

import numpy as np
import pytest

import checks
from checks import check_close as check

# TF computes losses in float32: difference the float64 inputs with that precision in mind.
finite_difference_check = functools.partial(checks.finite_difference_check, eps=1e-3, rtol=2e-3,
                                            atol=2e-3)

M = np.array([[1., 2., 3.], [4., 1., 0.]], np.float32)
L = np.array([[1., 0., 2.], [0., 3., 1.]], np.float32)
P = np.array([[1.5, 0., 1.], [1., 2., 1.]], np.float32)


# name, loss of the inputs above, (dtype, shape, values) from TensorFlow
LOSSES = [
    ("mse", lambda tf: tf.losses.mean_squared_error(L, P),
     ("float32", (), [0.5416667])),
    ("mse_f64", lambda tf: tf.losses.mean_squared_error(L.astype(np.float64), P.astype(np.float64)),
     ("float32", (), [0.5416667])),
    ("mse_int", lambda tf: tf.losses.mean_squared_error([1, 2], [2, 4]),
     ("float32", (), [2.5])),
    ("mse_weight0", lambda tf: tf.losses.mean_squared_error(L, P, weights=0.),
     ("float32", (), [0.0])),
    ("mse_weight_row", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1.], [0.]]),
     ("float32", (), [0.41666666])),
    ("mse_weight_col", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0., 2.]]),
     ("float32", (), [0.8125])),
    ("mse_weight_full", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0., 2.], [0.,
      0., 3.]]),
     ("float32", (), [0.75])),
    ("mse_weight_int", lambda tf: tf.losses.mean_squared_error(L, P, weights=2),
     ("float32", (), [1.0833334])),
    ("mse_weight_f64", lambda tf: tf.losses.mean_squared_error(L, P, weights=tf.constant(2.,
      tf.float64)),
     ("float32", (), [1.0833334])),
    ("mse_none", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0., 2.]],
      reduction="none"),
     ("float32", (2, 3), [0.25, 0.0, 2.0, 1.0, 0.0, 0.0])),
    ("mse_none_scalar", lambda tf: tf.losses.mean_squared_error(L, P, weights=2.,
      reduction=tf.losses.Reduction.NONE),
     ("float32", (2, 3), [0.5, 0.0, 2.0, 2.0, 2.0, 0.0])),
    ("mse_sum", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0., 2.]],
      reduction=tf.losses.Reduction.SUM),
     ("float32", (), [3.25])),
    ("mse_mean", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0., 2.]],
      reduction=tf.losses.Reduction.MEAN),
     ("float32", (), [0.5416667])),
    ("mse_mean_zero", lambda tf: tf.losses.mean_squared_error(L, P, weights=0.,
      reduction=tf.losses.Reduction.MEAN),
     ("float32", (), [0.0])),
    ("mse_batch", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0., 2.]],
      reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE),
     ("float32", (), [0.5416667])),
    ("mse_batch_scalar", lambda tf: tf.losses.mean_squared_error(L, P, weights=2.,
      reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE),
     ("float32", (), [1.0833334])),
    ("mse_nonzero", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0., 2.]],
      reduction=tf.losses.Reduction.SUM_OVER_NONZERO_WEIGHTS),
     ("float32", (), [0.8125])),
    ("mse_empty", lambda tf: tf.losses.mean_squared_error(tf.zeros([0, 3]), tf.zeros([0, 3])),
     ("float32", (), [0.0])),
    ("cwl", lambda tf: tf.losses.compute_weighted_loss([[1., 2.], [3., 4.]], weights=[[0.], [2.]]),
     ("float32", (), [7.0])),
    ("cwl_int", lambda tf: tf.losses.compute_weighted_loss([1, 2]),
     ("int32", (), [1])),
    ("cwl_f64", lambda tf: tf.losses.compute_weighted_loss(tf.constant([1., 2.], tf.float64),
      weights=0.5),
     ("float64", (), [0.75])),
    ("cwl_f16", lambda tf: tf.losses.compute_weighted_loss(tf.constant([1., 2.], tf.float16),
      weights=0.5),
     ("float16", (), [0.75])),
    ("cwl_scalar", lambda tf: tf.losses.compute_weighted_loss(3.),
     ("float32", (), [3.0])),
    ("cwl_negative_weight", lambda tf: tf.losses.compute_weighted_loss([1., 2.], weights=[-1., 1.]),
     ("float32", (), [0.5])),
    ("cwl_sum", lambda tf: tf.losses.compute_weighted_loss([1., 2.],
      reduction=tf.losses.Reduction.SUM),
     ("float32", (), [3.0])),
    ("absolute_difference", lambda tf: tf.losses.absolute_difference(L, P),
     ("float32", (), [0.5833333])),
    ("huber", lambda tf: tf.losses.huber_loss(L, P),
     ("float32", (), [0.27083334])),
    ("huber_delta", lambda tf: tf.losses.huber_loss(L, P, delta=0.5, reduction="none"),
     ("float32", (2, 3), [0.125, 0.0, 0.375, 0.375, 0.375, 0.0])),
    ("log_loss", lambda tf: tf.losses.log_loss([[1.], [0.], [1.]], [[0.9], [0.2], [0.]]),
     ("float32", (), [5.4822])),
    ("log_loss_none", lambda tf: tf.losses.log_loss([[1.], [0.], [1.]], [[0.9], [0.2], [0.]],
      reduction="none"),
     ("float32", (3, 1), [0.10536041, 0.22314338, 16.118095])),
    ("log_loss_epsilon", lambda tf: tf.losses.log_loss([[1.], [0.], [1.]], [[0.9], [0.2], [0.]],
      epsilon=0.1, reduction="none"),
     ("float32", (3, 1), [0.0, 0.10536048, 2.3025851])),
    ("hinge", lambda tf: tf.losses.hinge_loss([[1.], [0.], [1.]], [[0.3], [-2.], [2.]],
      reduction="none"),
     ("float32", (3, 1), [0.7, 0.0, 0.0])),
    ("hinge_mean", lambda tf: tf.losses.hinge_loss([[1], [0], [1]], [[0.3], [0.5], [-2.]]),
     ("float32", (), [1.7333332])),
    ("hinge_f64", lambda tf: tf.losses.hinge_loss([[1.]], tf.constant([[0.3]], tf.float64)),
     ("float32", (), [0.7])),
    ("sigmoid_cross_entropy", lambda tf: tf.losses.sigmoid_cross_entropy([[1., 0.], [0., 1.]],
      [[0.5, -1.], [2., 0.]], reduction="none"),
     ("float32", (2, 2), [0.474077, 0.3132617, 2.126928, 0.6931472])),
    ("sigmoid_cross_entropy_smooth", lambda tf: tf.losses.sigmoid_cross_entropy([[1., 0.], [0.,
      1.]], [[0.5, -1.], [2., 0.]], label_smoothing=0.2, reduction="none"),
     ("float32", (2, 2), [0.52407694, 0.41326168, 1.9269279, 0.6931472])),
    ("sigmoid_cross_entropy_int", lambda tf: tf.losses.sigmoid_cross_entropy([[1, 0], [0, 1]],
      [[0.5, -1.], [2., 0.]]),
     ("float32", (), [0.9018535])),
    ("sigmoid_cross_entropy_f64", lambda tf: tf.losses.sigmoid_cross_entropy([[1, 0], [0, 1]],
      tf.constant([[0.5, -1.], [2., 0.]], tf.float64), weights=[[1., 2.], [0., 1.]]),
     ("float64", (), [0.5979158282279968])),
    ("softmax_cross_entropy", lambda tf: tf.losses.softmax_cross_entropy([[1., 0., 0.], [0., 1.,
      0.]], M, reduction="none"),
     ("float32", (2,), [2.407606, 3.0658839])),
    ("softmax_cross_entropy_smooth", lambda tf: tf.losses.softmax_cross_entropy([[1., 0., 0.], [0.,
      1., 0.]], M, label_smoothing=0.3, reduction="none"),
     ("float32", (2,), [2.107606, 2.8658838])),
    ("softmax_cross_entropy_weights", lambda tf: tf.losses.softmax_cross_entropy([[1, 0, 0], [0, 1,
      0]], M, weights=[3., 0.]),
     ("float32", (), [7.2228174])),
    ("sparse_softmax_cross_entropy", lambda tf: tf.losses.sparse_softmax_cross_entropy([2, 0], M,
      reduction="none"),
     ("float32", (2,), [0.40760595, 0.06588391])),
    ("sparse_softmax_cross_entropy_column", lambda tf: tf.losses.sparse_softmax_cross_entropy([[2],
      [0]], M, reduction="none"),
     ("float32", (2,), [0.40760595, 0.06588391])),
    ("sparse_softmax_cross_entropy_weights", lambda tf: tf.losses.sparse_softmax_cross_entropy([2,
      0], M, weights=[[1.], [2.]]),
     ("float32", (), [0.26968688])),
    ("sparse_softmax_cross_entropy_weights_1d", lambda tf:
      tf.losses.sparse_softmax_cross_entropy([[2], [0]], M, weights=[1., 2.], reduction="none"),
     ("float32", (2,), [0.40760595, 0.13176782])),
    ("cosine_distance", lambda tf: tf.losses.cosine_distance([[0.6, 0.8], [1., 0.]], [[0.8, 0.6],
      [0., 1.]], axis=1, reduction="none"),
     ("float32", (2, 1), [0.03999996, 1.0])),
    ("cosine_distance_mean", lambda tf: tf.losses.cosine_distance([[0.6, 0.8], [1., 0.]], [[0.8,
      0.6], [0., 1.]], dim=1),
     ("float32", (), [0.52])),
    ("cosine_distance_axis0", lambda tf: tf.losses.cosine_distance([[0.6, 0.8], [1., 0.]], [[0.8,
      0.6], [0., 1.]], axis=0, reduction="none"),
     ("float32", (1, 2), [0.52, 0.52])),
    ("cosine_distance_weights", lambda tf: tf.losses.cosine_distance([[0.6, 0.8], [1., 0.]], [[0.8,
      0.6], [0., 1.]], axis=-1, weights=[[2.], [0.]]),
     ("float32", (), [0.07999992])),
    ("pairwise", lambda tf: tf.losses.mean_pairwise_squared_error([[1., 2., 4.], [0., 1., 1.]],
      [[0., 2., 5.], [1., 1., 3.]]),
     ("float32", (), [2.2])),
    ("pairwise_weights", lambda tf: tf.losses.mean_pairwise_squared_error([[1., 2., 4.], [0., 1.,
      1.]], [[0., 2., 5.], [1., 1., 3.]], weights=[[2.], [0.5]]),
     ("float32", (), [5.0])),
    ("pairwise_weights_full", lambda tf: tf.losses.mean_pairwise_squared_error([[1., 2., 4.], [0.,
      1., 1.]], [[0., 2., 5.], [1., 1., 3.]], weights=[[1., 0., 1.], [1., 1., 1.]]),
     ("float32", (), [14.0])),
    ("pairwise_weight0", lambda tf: tf.losses.mean_pairwise_squared_error([[1., 2., 4.], [0., 1.,
      1.]], [[0., 2., 5.], [1., 1., 3.]], weights=0.),
     ("float32", (), [0.0])),
    ("pairwise_rank1", lambda tf: tf.losses.mean_pairwise_squared_error([1., 2., 4.], [0., 2., 5.]),
     ("float32", (), [1.3333333])),
    ("pairwise_rank3", lambda tf: tf.losses.mean_pairwise_squared_error(tf.reshape(tf.range(8.),
      [2, 2, 2]), tf.reshape(tf.range(8.) ** 2 / 4, [2, 2, 2])),
     ("float32", (), [8.053572])),]


@pytest.mark.parametrize("fn,expected", [row[1:] for row in LOSSES],
                         ids=[row[0] for row in LOSSES])
def test_losses(tf, fn, expected):
    check(fn(tf), expected)


# Gradients at TF's kinks and ties, from TF.
GRADIENTS = [
    ("huber_tie", lambda tf, l, p: tf.losses.huber_loss(l, p, reduction="weighted_sum"),
     [[0., 0.], [1., -1.]],
     [((2,), [-1.0, 1.0]), ((2,), [1.0, -1.0])]),
    ("absolute_difference_zero", lambda tf, l, p: tf.losses.absolute_difference(l, p,
      reduction="weighted_sum"),
     [[1.], [1.]],
     [((1,), [-0.0]), ((1,), [0.0])]),
    ("hinge_margin", lambda tf, p: tf.losses.hinge_loss([1.], p, reduction="weighted_sum"),
     [[1.]],
     [((1,), [-0.0])]),
    ("pairwise", lambda tf, p: tf.losses.mean_pairwise_squared_error([[1., 2., 4.], [0., 1., 1.]],
      p),
     [[[0., 2., 5.], [1., 1., 3.]]],
     [((2, 3), [-0.8, 0.0, 0.8, 0.39999998, -0.40000004, 1.2])]),]


@pytest.mark.parametrize("fn,inputs,expected", [row[1:] for row in GRADIENTS],
                         ids=[row[0] for row in GRADIENTS])
def test_gradient_matches_tf(tf, fn, inputs, expected):
    xs = [tf.constant(np.asarray(x, np.float32)) for x in inputs]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y = fn(tf, *xs)
    for g, e in zip(tape.gradient(y, xs), expected):
        assert tuple(g.shape.as_list()) == e[0]
        np.testing.assert_allclose(np.asarray(g).reshape(-1), e[1], rtol=1e-5, atol=1e-6)


Y = np.array([[1., 0., 2.], [0., 3., 1.]])
Q = np.array([[1.5, 0.2, 1.], [1.1, 2., 1.7]])
W2 = np.array([[1., 0.5, 2.]])  # non-zero: the count of non-zero weights is piecewise constant
PROBS = np.array([[0.9, 0.2, 0.6], [0.3, 0.7, 0.1]])
BINARY = np.array([[1., 0., 1.], [0., 0., 1.]])
R = "weighted_sum"

# name, loss of float64 inputs, inputs
FINITE_DIFFERENCES = [
    ("compute_weighted_loss_nonzero", lambda tf, l, w: tf.losses.compute_weighted_loss(l, w),
     [Q, W2]),
    ("compute_weighted_loss_mean", lambda tf, l, w: tf.losses.compute_weighted_loss(
        l, w, reduction="weighted_mean"), [Q, W2]),
    ("compute_weighted_loss_batch", lambda tf, l, w: tf.losses.compute_weighted_loss(
        l, w, reduction="weighted_sum_over_batch_size"), [Q, W2]),
    ("compute_weighted_loss_none", lambda tf, l, w: tf.losses.compute_weighted_loss(
        l, w, reduction="none"), [Q, W2.T[:2]]),
    ("mean_squared_error", lambda tf, y, p, w: tf.losses.mean_squared_error(y, p, w), [Y, Q, W2]),
    ("absolute_difference", lambda tf, y, p: tf.losses.absolute_difference(y, p), [Y, Q]),
    ("huber_loss", lambda tf, y, p: tf.losses.huber_loss(y, p, delta=0.7, reduction=R), [Y, Q]),
    ("log_loss", lambda tf, y, p: tf.losses.log_loss(y, p, reduction=R), [BINARY, PROBS]),
    ("hinge_loss", lambda tf, z: tf.losses.hinge_loss(BINARY, z, reduction=R), [Q - 1.]),
    ("sigmoid_cross_entropy", lambda tf, z: tf.losses.sigmoid_cross_entropy(
        BINARY, z, label_smoothing=0.1), [Q - 1.]),
    ("softmax_cross_entropy", lambda tf, z: tf.losses.softmax_cross_entropy(
        BINARY[[0, 1], :] / BINARY.sum(1, keepdims=True), z, label_smoothing=0.2), [Q]),
    ("sparse_softmax_cross_entropy", lambda tf, z, w: tf.losses.sparse_softmax_cross_entropy(
        [2, 0], z, w), [Q, np.array([[2.], [0.5]])]),
    ("cosine_distance", lambda tf, y, p: tf.losses.cosine_distance(y, p, axis=1, reduction=R),
     [Y / 4, Q / 3]),
    ("mean_pairwise_squared_error", lambda tf, y, p, w: tf.losses.mean_pairwise_squared_error(
        y, p, w), [Y, Q, np.array([[2.], [0.5]])]),
]


@pytest.mark.parametrize("fn,inputs", [row[1:] for row in FINITE_DIFFERENCES],
                         ids=[row[0] for row in FINITE_DIFFERENCES])
def test_gradient_finite_differences(tf, fn, inputs):
    finite_difference_check(tf, fn, inputs)


def test_softmax_cross_entropy_stops_label_gradients(tf):
    labels = tf.constant([[0.2, 0.8, 0.]])
    with tf.GradientTape() as tape:
        tape.watch(labels)
        loss = tf.losses.softmax_cross_entropy(labels, [[1., 2., 3.]])
    grad = tape.gradient(loss, labels)
    assert grad is None or not np.asarray(grad).any()


# ---- errors --------------------------------------------------------------------------------
VALUES = "values=[[0.25 0.   1.  ]\n [1.   1.   0.  ]]"
KEYS = ("('none', 'weighted_sum', 'weighted_mean', 'weighted_sum_over_batch_size', "
        "'weighted_sum_by_nonzero_weights', 'weighted_sum_by_nonzero_weights')")

ERRORS = [
    ("weights_rank", lambda tf: tf.losses.mean_squared_error(L, P, weights=[1., 0., 2.]),
     ValueError, "weights can not be broadcast to values. values.rank=2. weights.rank=1. "
                 "values.shape=(2, 3). weights.shape=(3,). Received weights=[1. 0. 2.], " + VALUES),
    ("weights_dim", lambda tf: tf.losses.mean_squared_error(L, P, weights=[[1., 0.]]),
     ValueError, "weights can not be broadcast to values. Mismatch at dim 1. values.shape=[2 3], "
                 "weights.shape=[1 2]. Received weights=[[1. 0.]], " + VALUES),
    ("weights_higher_rank", lambda tf: tf.losses.compute_weighted_loss(
        [1., 2.], weights=[[2.], [3.]], reduction="none"), ValueError,
     "weights can not be broadcast to values. values.rank=1. weights.rank=2. values.shape=(2,). "
     "weights.shape=(2, 1). Received weights=[[2.]\n [3.]], values=[1. 2.]"),
    ("weights_broadcast_both_ways", lambda tf: tf.losses.compute_weighted_loss(
        [[1., 2.]], weights=[[2.], [3.]]), ValueError,
     "weights can not be broadcast to values. Mismatch at dim 0. values.shape=[1 2], "
     "weights.shape=[2 1]. Received weights=[[2.]\n [3.]], values=[[1. 2.]]"),
    ("reduction", lambda tf: tf.losses.mean_squared_error(L, P, reduction="foo"), ValueError,
     f"Invalid Reduction Key foo. Key should be one of {KEYS}."),
    ("shapes", lambda tf: tf.losses.mean_squared_error(L, tf.ones([2, 4])), ValueError,
     "Shapes (2, 4) and (2, 3) are incompatible"),
    ("shapes_no_broadcast", lambda tf: tf.losses.absolute_difference(L, tf.ones([1, 3])),
     ValueError, "Shapes (1, 3) and (2, 3) are incompatible"),
    ("labels_none", lambda tf: tf.losses.mean_squared_error(None, P), ValueError,
     "Argument `labels` must not be None."),
    ("predictions_none", lambda tf: tf.losses.huber_loss(L, None), ValueError,
     "Argument `predictions` must not be None."),
    ("hinge_shapes", lambda tf: tf.losses.hinge_loss([[1., 0.]], [[0.3]]), ValueError,
     "Shapes (1, 1) and (1, 2) are incompatible"),
    ("sigmoid_shapes", lambda tf: tf.losses.sigmoid_cross_entropy(
        [[1, 0, 1], [0, 1, 1]], [[0.5, -1.], [2., 0.]]), ValueError,
     "Shapes (2, 2) and (2, 3) are incompatible"),
    ("softmax_shapes", lambda tf: tf.losses.softmax_cross_entropy([[1, 0], [0, 1]], M),
     ValueError, "Shapes (2, 3) and (2, 2) are incompatible"),
    ("softmax_weights", lambda tf: tf.losses.softmax_cross_entropy(
        [[1., 0., 0.], [0., 1., 0.]], [[0.5, -1., 2.], [2., 0., 1.]], weights=[[3.], [1.]]),
     ValueError, "weights can not be broadcast to values. values.rank=1. weights.rank=2. "
                 "values.shape=(2,). weights.shape=(2, 1). Received weights=[[3.]\n [1.]], "
                 "values=[1.7413113 2.4076061]"),
    ("sparse_label_range", lambda tf: tf.losses.sparse_softmax_cross_entropy([3, 0], M),
     "InvalidArgumentError", "Received a label value of 3 which is outside the valid range of "
                             "[0, 3).  Label values: 3 0 [Op:SparseSoftmaxCrossEntropyWithLogits]"),
    ("cosine_axis", lambda tf: tf.losses.cosine_distance([[0.6, 0.8]], [[0.8, 0.6]]), ValueError,
     "You must specify argument `axis`."),
    ("cosine_axis_and_dim", lambda tf: tf.losses.cosine_distance([[0.6, 0.8]], [[0.8, 0.6]],
                                                                 axis=1, dim=1), ValueError,
     "Cannot specify both 'dim' and 'axis'."),
    ("cosine_weights", lambda tf: tf.losses.cosine_distance(
        [[0.6, 0.8], [1., 0.]], [[0.8, 0.6], [0., 1.]], axis=1, weights=[2., 3.]), ValueError,
     "weights can not be broadcast to values. values.rank=2. weights.rank=1. values.shape=(2, 1). "
     "weights.shape=(2,). Received weights=[2. 3.], values=[[0.03999996]\n [1.        ]]"),
    ("pairwise_weights", lambda tf: tf.losses.mean_pairwise_squared_error(
        [[1., 2., 4.], [0., 1., 1.]], [[0., 2., 5.], [1., 1., 3.]], weights=[2., 0.]), ValueError,
     "weights can not be broadcast to values. values.rank=2. weights.rank=1. values.shape=(2, 3). "
     "weights.shape=(2,). Received weights=[2. 0.], values=[[1. 2. 4.]\n [0. 1. 1.]]"),
    ("pairwise_shapes", lambda tf: tf.losses.mean_pairwise_squared_error([[1., 2., 4.]],
                                                                         [[0., 2.]]), ValueError,
     "Shapes (1, 2) and (1, 3) are incompatible"),
]


@pytest.mark.parametrize("fn,error,message", [row[1:] for row in ERRORS],
                         ids=[row[0] for row in ERRORS])
def test_errors(tf, fn, error, message):
    cls = getattr(tf.errors, error) if isinstance(error, str) else error
    with pytest.raises(cls) as info:
        fn(tf)
    assert str(info.value) == message


def test_reduction_keys(tf):
    r = tf.losses.Reduction
    assert (r.NONE, r.SUM, r.MEAN) == ("none", "weighted_sum", "weighted_mean")
    assert r.SUM_OVER_BATCH_SIZE == "weighted_sum_over_batch_size"
    assert r.SUM_BY_NONZERO_WEIGHTS == r.SUM_OVER_NONZERO_WEIGHTS == (
        "weighted_sum_by_nonzero_weights")
    assert r.all() == eval(KEYS)
    assert r.validate("none") is None
    with pytest.raises(ValueError, match="Invalid Reduction Key foo"):
        r.validate("foo")
