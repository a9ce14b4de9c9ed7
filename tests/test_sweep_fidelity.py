"""What the sweep fixed, stated directly (values from TensorFlow): TF's non-differentiable
ops, NaN through max/min/relu/clipping, integer division by zero, kernel dtype lists and
value-dependent errors, eager and under a tape."""
import numpy as np
import pytest

import tfeager_compat as tf

NAN = float("nan")
IAE = tf.errors.InvalidArgumentError


def _gradient(fn, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x)


# (name, fn, TF's gradient at [0.4, 1.6, -2.5]: None or its value)
GRADIENTS = [
    ("floor", tf.floor, None),
    ("ceil", tf.ceil, None),
    ("round", tf.round, None),
    ("rint", tf.rint, None),
    ("floordiv", lambda x: tf.floordiv(x, 2.0), None),
    ("argmax_cast", lambda x: tf.cast(tf.argmax(x), tf.float32), None),
    ("equal_cast", lambda x: tf.cast(tf.equal(x, 0.4), tf.float32), None),
    ("one_hot", lambda x: tf.one_hot([0, 1], 2, on_value=x[0], off_value=x[1]), None),
    ("range", lambda x: tf.range(x[0], x[1], 0.5), None),
    ("zeros_like", tf.zeros_like, None),
    ("sign", tf.sign, [0.0, 0.0, 0.0]),
    ("abs", tf.abs, [1.0, 1.0, -1.0]),
    ("maximum", lambda x: tf.maximum(x, 0.4), [1.0, 1.0, 0.0]),
    ("lin_space", lambda x: tf.lin_space(x[0], x[1], 4), [2.0, 2.0, 0.0]),
]


@pytest.mark.parametrize("fn,expected", [r[1:] for r in GRADIENTS], ids=[r[0] for r in GRADIENTS])
def test_gradients_tf_does_not_define_are_none(fn, expected):
    grad = _gradient(fn, np.array([0.4, 1.6, -2.5], np.float32))
    if expected is None:
        assert grad is None
    else:
        np.testing.assert_array_equal(grad.numpy(), expected)


def test_fused_batch_norm_mean_and_variance_carry_no_gradient():
    x = np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2)
    for output in (1, 2):
        grad = _gradient(lambda t: tf.nn.fused_batch_norm(t, [1., 1.], [0., 0.])[output], x)
        np.testing.assert_array_equal(grad.numpy(), np.zeros_like(x))


def test_straight_through_estimator_over_round():
    @tf.custom_gradient
    def quantize(x):
        return tf.round(x), lambda dy: dy

    x = tf.constant([0.4, 1.6])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(quantize(x) * tf.constant([2.0, 3.0]))
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 3.0])


X = np.array([1.5, NAN, 3.0, -1.0], np.float32)
Y = np.array([NAN, 2.0, 3.0, 2.0], np.float32)
# (name, fn, TF's forward, TF's gradient with respect to x)
NAN_ROWS = [
    ("maximum", lambda x: tf.maximum(x, tf.constant(Y)), [NAN, NAN, 3.0, 2.0], [0, 0, 1, 0]),
    ("minimum", lambda x: tf.minimum(x, tf.constant(Y)), [NAN, NAN, 3.0, -1.0], [0, 0, 1, 1]),
    ("relu", tf.nn.relu, [1.5, NAN, 3.0, 0.0], [1, 0, 1, 0]),
    ("relu6", tf.nn.relu6, [1.5, NAN, 3.0, 0.0], [1, 0, 1, 0]),
    ("clip_by_value", lambda x: tf.clip_by_value(x, -0.5, 2.0), [1.5, NAN, 2.0, -0.5],
     [1, 0, 0, 0]),
    ("clip_by_norm", lambda x: tf.clip_by_norm(x, 1.0), [NAN] * 4, [NAN] * 4),
]


@pytest.mark.parametrize("fn,forward,grad", [r[1:] for r in NAN_ROWS],
                         ids=[r[0] for r in NAN_ROWS])
def test_nan_propagates_as_in_tf(fn, forward, grad):
    np.testing.assert_array_equal(fn(tf.constant(X)).numpy(), np.float32(forward))
    np.testing.assert_array_equal(_gradient(fn, X).numpy(), np.float32(grad))


def test_max_pool_skips_nan_as_tf():
    x = tf.constant([1.0, NAN, 3.0, 0.0], shape=[1, 2, 2, 1])
    out = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    assert out.numpy().ravel().tolist() == [3.0]
    all_nan = tf.nn.max_pool(tf.fill([1, 2, 2, 1], NAN), [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    assert all_nan.numpy().ravel().tolist() == [np.finfo(np.float32).min]


I = np.array([7, -7, 3], np.int32)
Z = np.array([2, 0, 1], np.int32)
DIVISIONS = [
    ("floordiv", lambda: tf.floordiv(tf.constant(I), tf.constant(Z)), "FloorDiv"),
    ("floordiv_operator", lambda: tf.constant(I) // tf.constant(Z), "FloorDiv"),
    ("mod_operator", lambda: tf.constant(I) % tf.constant(Z), "FloorMod"),
    ("floormod", lambda: tf.floormod(tf.constant(I), 0), "FloorMod"),
    ("div", lambda: tf.div(tf.constant(I), tf.constant(Z)), "FloorDiv"),
    ("truncatediv", lambda: tf.truncatediv(tf.constant(I), tf.constant(Z)), "TruncateDiv"),
    ("truncatemod", lambda: tf.truncatemod(tf.constant(I), tf.constant(Z)), "TruncateMod"),
]


@pytest.mark.parametrize("call,op", [r[1:] for r in DIVISIONS], ids=[r[0] for r in DIVISIONS])
def test_integer_division_by_zero_raises(call, op):
    with pytest.raises(IAE, match=rf"^Integer division by zero \[Op:{op}\]$"):
        call()
    with tf.GradientTape() as tape:  # the same under a tape
        tape.watch(tf.constant(1.0))
        with pytest.raises(IAE, match="Integer division by zero"):
            call()


def test_integer_division_values():
    assert tf.floordiv(tf.constant(I), tf.constant([2, 3, -2])).numpy().tolist() == [3, -3, -2]
    assert tf.div(tf.constant(I), tf.constant([2, 3, -2])).numpy().tolist() == [3, -3, -2]
    with pytest.raises(IAE, match=r"^Integers to negative integer powers are not allowed"):
        tf.pow(tf.constant([2, 3]), tf.constant([1, -1]))


DTYPES = [
    ("abs_uint8", lambda: tf.abs(tf.constant([1], tf.uint8)), IAE,
     r"^Value for attr 'T' of uint8 is not in the list of allowed values: bfloat16, half, "
     r"float, double, int8, int16, int32, int64\n\t; NodeDef: \{\{node Abs\}\}; Op<name=Abs; "
     r"signature=x:T -> y:T; attr=T:type,allowed=\[DT_BFLOAT16, DT_HALF, DT_FLOAT, DT_DOUBLE, "
     r"DT_INT8, DT_INT16, DT_INT32, DT_INT64\]> \[Op:Abs\]$"),
    ("negative_uint8", lambda: tf.negative(tf.constant([1], tf.uint8)), IAE, "of uint8"),
    ("squared_difference_int8",
     lambda: tf.squared_difference(tf.constant([1], tf.int8), tf.constant([1], tf.int8)), IAE,
     "allowed values: bfloat16, half, float, double, int32, int64, complex64, complex128\n"),
    ("rint_half", lambda: tf.rint(tf.constant([1.5], tf.float16)), tf.errors.NotFoundError,
     r"\{\{node Rint\}\}"),
    ("reciprocal_int32", lambda: tf.reciprocal(tf.constant([2])), tf.errors.NotFoundError,
     "Reciprocal"),
    ("realdiv_int32", lambda: tf.realdiv(tf.constant([2]), tf.constant([1])),
     tf.errors.NotFoundError, "RealDiv"),
    ("logical_not_float", lambda: tf.logical_not(tf.constant([1.0])), IAE,
     r"^cannot compute LogicalNot as input #0\(zero-based\) was expected to be a bool tensor "
     r"but is a float tensor \[Op:LogicalNot\]$"),
    ("logical_and_python_int", lambda: tf.logical_and(2, tf.constant([True])), TypeError,
     "^Cannot convert 2 to EagerTensor of dtype bool$"),
    ("div_python_int_first", lambda: tf.div(3, tf.constant([1.0, 2.0])), ValueError,
     "Tensor conversion requested dtype int32 for Tensor with dtype float32"),
    ("truediv_two_dtypes", lambda: tf.truediv(tf.constant([1.0]), tf.constant([1.0], tf.float64)),
     TypeError, "x and y must have the same dtype, got tf.float32 != tf.float64"),
    ("truediv_bool", lambda: tf.truediv(tf.constant([True]), tf.constant([True])), TypeError,
     "Invalid dtype tf.bool in __truediv__"),
]


@pytest.mark.parametrize("call,exception,message", [r[1:] for r in DTYPES],
                         ids=[r[0] for r in DTYPES])
def test_kernel_dtype_lists(call, exception, message):
    with pytest.raises(exception, match=message):
        call()


def test_value_dependent_errors_at_the_call():
    with pytest.raises(IAE, match=r"^Cholesky decomposition was not successful. The input "
                                  r"might not be valid. \[Op:Cholesky\]$"):
        tf.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(IAE, match=r"^Input is not invertible. \[Op:MatrixInverse\]$"):
        tf.matrix_inverse(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(IAE, match=r"indices\[0\] = 5 is not in \[0, 2\)"):
        tf.gather(tf.constant([1.0, 2.0]), [5])
    with pytest.raises(IAE, match="bad value : Tensor had NaN values"):
        tf.check_numerics(tf.constant([1.0, NAN]), "bad value")
    np.testing.assert_allclose(tf.cholesky(tf.constant([[4.0, 2.0], [2.0, 3.0]])).numpy(),
                               [[2.0, 0.0], [1.0, 1.4142135]], rtol=1e-6)


def test_missing_ops_found_by_the_sweep():
    np.testing.assert_allclose(
        tf.clip_by_average_norm(tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), 1.0).numpy(),
        [[0.62897086, 1.25794172, 1.88691258], [2.51588345, 3.14485431, 3.77382517]], rtol=1e-6)
    np.testing.assert_allclose(tf.math.lbeta(tf.constant([[1.0, 2.0], [0.5, 3.0]])).numpy(),
                               [-0.69314718, 0.06453848], rtol=1e-5)
    assert tf.histogram_fixed_width(tf.constant([-1.0, 0.0, 1.5, 2.0, 5.0, 12.0]), [0.0, 5.0],
                                    nbins=5).numpy().tolist() == [2, 1, 1, 0, 2]
    assert tf.broadcast_dynamic_shape(tf.constant([2, 1]), tf.constant([3])).numpy().tolist() \
        == [2, 3]
    with pytest.raises(IAE, match=r"^Incompatible shapes: \[2\] vs. \[3\] \[Op:BroadcastArgs\]$"):
        tf.broadcast_dynamic_shape(tf.constant([2]), tf.constant([3]))
    patches = tf.extract_image_patches(tf.reshape(tf.range(16.0), [1, 4, 4, 1]), [1, 2, 2, 1],
                                       [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    assert patches.shape.as_list() == [1, 2, 2, 4]
    assert patches.numpy()[0, 0, 1].tolist() == [2.0, 3.0, 6.0, 7.0]
    assert tf.linalg.adjoint(tf.constant([[1 + 2j, 3j]])).numpy().tolist() == [[1 - 2j], [-3j]]
    assert tf.is_numeric_tensor(tf.constant([1.0])) and not tf.is_numeric_tensor(
        tf.constant([True]))


def test_iter_of_a_scalar_raises_at_iter():
    with pytest.raises(TypeError, match="^Cannot iterate over a scalar tensor.$"):
        iter(tf.constant(1.0))
    assert [t.numpy() for t in iter(tf.constant([1, 2]))] == [1, 2]
