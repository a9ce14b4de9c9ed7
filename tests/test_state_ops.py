"""TF1's variable functions (tf.assign*, tf.scatter_*, tf.batch_scatter_update), the Variable
scatter methods and sliced assignment, with TF's values and errors; a failed update changes
nothing."""
import numpy as np
import pytest

import tfeager_compat as tf

_START = [[1., 2.], [3., 4.], [5., 6.]]


def _var():
    return tf.Variable(_START, name="m")


@pytest.mark.parametrize("fn, indices, updates, expected", [
    ("scatter_update", [0, 2], [[10., 10.], [2., 2.]], [[10, 10], [3, 4], [2, 2]]),
    ("scatter_add", [0, 2], [[10., 10.], [2., 2.]], [[11, 12], [3, 4], [7, 8]]),
    ("scatter_sub", [0, 2], [[10., 10.], [2., 2.]], [[-9, -8], [3, 4], [3, 4]]),
    ("scatter_mul", [0, 2], [[10., 10.], [2., 2.]], [[10, 20], [3, 4], [10, 12]]),
    ("scatter_div", [0, 2], [[10., 10.], [2., 2.]],
     [[0.10000000149011612, 0.20000000298023224], [3, 4], [2.5, 3]]),
    ("scatter_max", [0, 2], [[10., 10.], [2., 2.]], [[10, 10], [3, 4], [5, 6]]),
    ("scatter_min", [0, 2], [[10., 10.], [2., 2.]], [[1, 2], [3, 4], [2, 2]]),
    ("scatter_update", 1, [7., 7.], [[1, 2], [7, 7], [5, 6]]),
    ("scatter_div", 1, [7., 7.], [[1, 2], [0.4285714328289032, 0.5714285969734192], [5, 6]]),
    ("scatter_update", [0, 0], [[1., 1.], [2., 2.]], [[2, 2], [3, 4], [5, 6]]),
    ("scatter_add", [0, 0], [[1., 1.], [2., 2.]], [[4, 5], [3, 4], [5, 6]]),
    ("scatter_mul", [0, 0], [[1., 1.], [2., 2.]], [[2, 4], [3, 4], [5, 6]]),
    ("scatter_min", [0, 0], [[1., 1.], [2., 2.]], [[1, 1], [3, 4], [5, 6]]),
    ("scatter_update", [0], 9., [[9, 9], [3, 4], [5, 6]]),
    ("scatter_add", [0], [[1, 1]], [[2, 3], [3, 4], [5, 6]]),
    ("scatter_nd_update", [[0, 1], [2, 0]], [10., 20.], [[1, 10], [3, 4], [20, 6]]),
    ("scatter_nd_add", [[0, 1], [2, 0]], [10., 20.], [[1, 12], [3, 4], [25, 6]]),
    ("scatter_nd_sub", [[0, 1], [2, 0]], [10., 20.], [[1, -8], [3, 4], [-15, 6]]),
    ("scatter_nd_update", [[1]], [[7., 7.]], [[1, 2], [7, 7], [5, 6]]),
    ("scatter_nd_add", [[1]], [[7., 7.]], [[1, 2], [10, 11], [5, 6]]),
    ("batch_scatter_update", [1], [[9., 8.]], [[1, 2], [9, 8], [5, 6]]),
])
def test_scatter_functions(fn, indices, updates, expected):
    v = _var()
    assert getattr(tf, fn)(v, indices, updates) is v
    np.testing.assert_array_equal(v.numpy(), np.array(expected, np.float32))


def test_batch_scatter_update_over_batch_axes():
    v = tf.Variable([[1., 2., 3.], [4., 5., 6.]])
    tf.batch_scatter_update(v, [[0, 2], [1, 1]], [[9., 8.], [7., 6.]])
    assert v.numpy().tolist() == [[9., 2., 8.], [4., 6., 6.]]
    w = tf.Variable(np.arange(12.).reshape(2, 2, 3))
    tf.batch_scatter_update(w, [[[0], [2]], [[1], [1]]], [[[1.], [2.]], [[3.], [4.]]])
    assert w.numpy().tolist() == [[[1., 1., 2.], [3., 4., 2.]], [[6., 3., 8.], [9., 4., 11.]]]


@pytest.mark.parametrize("call, error, message", [
    (lambda v: tf.scatter_update(v, [3], [[1., 1.]]), tf.errors.InvalidArgumentError,
     "indices[0] = 3 is not in [0, 3) [Op:ResourceScatterUpdate]"),
    (lambda v: tf.scatter_update(v, [0.], [[1., 1.]]), tf.errors.InvalidArgumentError,
     "Value for attr 'Tindices' of float is not in the list of allowed values: int32, int64 "
     "[Op:ResourceScatterUpdate]"),
    (lambda v: tf.scatter_add(v, [0], tf.constant([[1, 1]])), ValueError,
     "Tensor conversion requested dtype float32 for Tensor with dtype int32"),
    (lambda v: tf.scatter_nd_update(v, [[3, 0]], [1.]), tf.errors.InvalidArgumentError,
     "indices[0] = [3, 0] does not index into shape [3,2] [Op:ResourceScatterNdUpdate]"),
    (lambda v: tf.scatter_nd_update(v, [[0, 0]], [1., 2.]), tf.errors.InvalidArgumentError,
     "Dimensions [0,1) of indices[shape=[1,2]] = 1 must match dimensions [0,1) of "
     "updates[shape=[2]] = 2 [Op:ResourceScatterNdUpdate]"),
    (lambda v: tf.assign(v, tf.zeros([2, 2])), ValueError,
     "Cannot assign value to variable ' m:0': Shape mismatch.The variable shape (3, 2), and "
     "the assigned value shape (2, 2) are incompatible."),
    (lambda v: tf.assign(v, tf.zeros([2, 2]), validate_shape=False), ValueError,
     "Cannot assign value to variable ' m:0': Shape mismatch."),
    (lambda v: tf.assign_add(v, 1.), tf.errors.InvalidArgumentError,
     "Cannot update variable with shape [3,2] using a Tensor with shape [], shapes must be "
     "equal. [Op:AssignAddVariableOp]"),
    (lambda v: tf.assign_sub(v, [1., 1.]), tf.errors.InvalidArgumentError,
     "Cannot update variable with shape [3,2] using a Tensor with shape [2], shapes must be "
     "equal. [Op:AssignSubVariableOp]"),
    (lambda v: v.scatter_update([1]), TypeError, "sparse_delta is not IndexedSlices: [1]"),
    (lambda v: v[0].assign([1., 2., 3.]), tf.errors.UnimplementedError,
     "sliced l-value shape [2] does not match r-value shape [3]. Automatic broadcasting not "
     "yet implemented. [Op:ResourceStridedSliceAssign]"),
    # TF 1.15's strided-slice assignment does not broadcast, not even a scalar.
    (lambda v: v[:, 0].assign(5.), tf.errors.UnimplementedError,
     "sliced l-value shape [3] does not match r-value shape []. Automatic broadcasting not yet "
     "implemented. [Op:ResourceStridedSliceAssign]"),
    (lambda v: v[0].assign(tf.constant([1, 2])), ValueError,
     "Tensor conversion requested dtype float32 for Tensor with dtype int32"),
    (lambda v: v[5].assign([1., 2.]), tf.errors.InvalidArgumentError,
     "slice index 5 of dimension 0 out of bounds. [Op:StridedSlice]"),
])
def test_failed_updates_change_nothing(call, error, message):
    v = _var()
    with pytest.raises(error) as info:
        call(v)
    assert str(info.value).startswith(message)
    assert v.numpy().tolist() == _START


def test_assign_functions():
    v = _var()
    assert tf.assign(v, tf.zeros([3, 2])) is v and v.numpy().tolist() == [[0, 0]] * 3
    v = _var()
    tf.assign_add(v, tf.ones([3, 2]))
    assert v.numpy().tolist() == [[2, 3], [4, 5], [6, 7]]
    c = tf.Variable(1)
    tf.assign_add(c, 2)
    assert c.numpy() == 3


@pytest.mark.parametrize("method, expected", [
    ("scatter_update", [[1, 2], [2, 2], [5, 6]]),
    ("scatter_add", [[1, 2], [5, 6], [5, 6]]),
    ("scatter_sub", [[1, 2], [1, 2], [5, 6]]),
    ("scatter_mul", [[1, 2], [6, 8], [5, 6]]),
    ("scatter_div", [[1, 2], [1.5, 2], [5, 6]]),
    ("scatter_max", [[1, 2], [3, 4], [5, 6]]),
    ("scatter_min", [[1, 2], [2, 2], [5, 6]]),
    ("batch_scatter_update", [[1, 2], [2, 2], [5, 6]]),
])
def test_variable_sparse_methods(method, expected):
    v = _var()
    delta = tf.IndexedSlices(tf.constant([[2., 2.]]), tf.constant([1]))
    assert getattr(v, method)(delta) is v
    assert v.numpy().tolist() == expected


@pytest.mark.parametrize("method, expected", [
    ("scatter_nd_update", [[1, 2], [3, 9], [5, 6]]),
    ("scatter_nd_add", [[1, 2], [3, 13], [5, 6]]),
    ("scatter_nd_sub", [[1, 2], [3, -5], [5, 6]]),
])
def test_variable_nd_methods(method, expected):
    v = _var()
    assert getattr(v, method)([[1, 1]], [9.]) is v
    assert v.numpy().tolist() == expected


_MATRIX = [[1., 2., 3.], [4., 5., 6.]]


@pytest.mark.parametrize("key, value, expected", [
    (0, [7., 8., 9.], [[7, 8, 9], [4, 5, 6]]),
    (slice(1, 3), [[0., 0., 0.]], [[1, 2, 3], [0, 0, 0]]),
    ((slice(None), 0), [9., 9.], [[9, 2, 3], [9, 5, 6]]),
    ((0, 1), 0., [[1, 0, 3], [4, 5, 6]]),
    ((slice(None, None, -1), slice(None, None, 2)), [[1., 1.], [2., 2.]],
     [[2, 2, 2], [1, 5, 1]]),
    ((Ellipsis, 1), [0., 0.], [[1, 0, 3], [4, 0, 6]]),
    ((None, 0), [[1., 1., 1.]], [[1, 1, 1], [4, 5, 6]]),
    (slice(1, 1), np.zeros((0, 3), np.float32), _MATRIX),
])
def test_sliced_assignment(key, value, expected):
    v = tf.Variable(_MATRIX)
    assert v[key].assign(value) is v
    assert v.numpy().tolist() == expected


def test_sliced_assignment_of_strings_and_what_has_no_assign():
    w = tf.Variable([b"a", b"b"])
    w[0].assign(b"z")
    assert w.numpy().tolist() == [b"z", b"b"]
    v = tf.Variable(_MATRIX)
    for make in (lambda: v[0][1], lambda: v[0] + 1):
        with pytest.raises(AttributeError, match="no attribute 'assign'"):
            make().assign(3.)
    with pytest.raises(AttributeError, match="no attribute 'assign_add'"):
        v[1, :2].assign_add([1., 1.])


def test_a_slice_read_under_a_tape_is_differentiable():
    v = tf.Variable(_MATRIX)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v[0] * v[0])
    assert tape.gradient(y, v).numpy().tolist() == [[2, 4, 6], [0, 0, 0]]
    assert (v[:, 1] + 1).numpy().tolist() == [3, 6]
