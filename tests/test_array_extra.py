"""More array ops (roll, repeat, setdiff1d, set_diag, space/depth/batch rearrangements,
dynamic_partition/stitch, tensor_scatter_*, variable scatters and assigns,
sparse to dense) and the functional ops (map_fn, foldl, foldr, scan).

FORWARD and ERRORS hold literals from real TensorFlow (`tensorflow.compat.v1`, eager): values,
dtypes and shapes, and error messages less the `{{function_node ...}}` prefix, the `name: ...`
suffix and the attr errors' `; NodeDef` tail. GRADIENTS are checked against central finite
differences.
"""
import sys

import numpy as np
import pytest

import tfeager_compat as tf
from checks import check_result, weighted_gradient_check

InvalidArgumentError = tf.errors.InvalidArgumentError
OutOfRangeError = tf.errors.OutOfRangeError

X = tf.reshape(tf.range(6), [2, 3])
M = tf.reshape(tf.range(12.), [3, 4])
I4 = tf.reshape(tf.range(32), [1, 4, 4, 2])
S4 = tf.reshape(tf.range(16), [1, 4, 4, 1])
B4 = tf.reshape(tf.range(16), [4, 2, 2, 1])
XF = tf.reshape(tf.range(6.), [3, 2])
C3 = tf.constant([1, 2, 3])
SP = tf.SparseTensor([[0, 1], [2, 0]], [5, 7], [3, 2])


def _map_pair(x):
    return x[0] + x[1]


# Each row: (name, call, expected). `expected` is (value, dtype, shape) for a Tensor, or
# (container type name, [(value, dtype, shape), ...]) for ops that return several tensors.
FORWARD = [
    # roll
    ('roll', lambda: tf.roll([0, 1, 2, 3, 4], 2, 0), ([3, 4, 0, 1, 2], 'int32', (5,))),
    ('roll_negative_shift', lambda: tf.roll([0, 1, 2, 3, 4], -7, 0),
     ([2, 3, 4, 0, 1], 'int32', (5,))),
    ('roll_two_axes', lambda: tf.roll(X, [1, -1], [0, 1]),
     ([[4, 5, 3], [1, 2, 0]], 'int32', (2, 3))),
    ('roll_repeated_axis_adds', lambda: tf.roll(X, [1, 2], [1, 1]),
     ([[0, 1, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('roll_negative_axis', lambda: tf.roll(X, 1, -1), ([[2, 0, 1], [5, 3, 4]], 'int32', (2, 3))),
    ('roll_int64_args', lambda: tf.roll(X, tf.constant(1, tf.int64), tf.constant(1)),
     ([[2, 0, 1], [5, 3, 4]], 'int32', (2, 3))),
    ('roll_strings', lambda: tf.roll(tf.constant(['a', 'b', 'c']), 1, 0),
     ([b'c', b'a', b'b'], 'string', (3,))),
    ('roll_bool', lambda: tf.roll([True, False, False], 1, 0),
     ([False, True, False], 'bool', (3,))),
    ('roll_empty', lambda: tf.manip.roll(tf.zeros([0, 2]), 1, 0), ([], 'float32', (0, 2))),
    # repeat
    ('repeat_scalar_count', lambda: tf.repeat([1, 2, 3], 2), ([1, 1, 2, 2, 3, 3], 'int32', (6,))),
    ('repeat_axis0', lambda: tf.repeat(X, [1, 2], axis=0),
     ([[0, 1, 2], [3, 4, 5], [3, 4, 5]], 'int32', (3, 3))),
    ('repeat_axis1_with_zero', lambda: tf.repeat(X, [0, 1, 2], axis=1),
     ([[1, 2, 2], [4, 5, 5]], 'int32', (2, 3))),
    ('repeat_negative_axis', lambda: tf.repeat(X, 2, axis=-1),
     ([[0, 0, 1, 1, 2, 2], [3, 3, 4, 4, 5, 5]], 'int32', (2, 6))),
    ('repeat_flattens', lambda: tf.repeat(X, [1, 0, 1, 2, 0, 3]),
     ([0, 2, 3, 3, 5, 5, 5], 'int32', (7,))),
    ('repeat_scalar_input', lambda: tf.repeat(tf.constant(5), 3, axis=0),
     ([5, 5, 5], 'int32', (3,))),
    ('repeat_negative_count', lambda: tf.repeat([1, 2], [-1, 2]), ([2, 2], 'int32', (2,))),
    ('repeat_length_one_counts', lambda: tf.repeat(X, tf.constant([2], tf.int64), axis=1),
     ([[0, 0, 1, 1, 2, 2], [3, 3, 4, 4, 5, 5]], 'int32', (2, 6))),
    ('repeat_strings', lambda: tf.repeat(['a', 'b'], 2),
     ([b'a', b'a', b'b', b'b'], 'string', (4,))),
    ('repeat_empty', lambda: tf.repeat(tf.zeros([0, 2]), 2, axis=1), ([], 'float32', (0, 4))),
    # setdiff1d
    ('setdiff1d', lambda: tf.setdiff1d([1, 2, 3, 4, 5, 1], [2, 4]),
     ('ListDiff', [([1, 3, 5, 1], 'int32', (4,)), ([0, 2, 4, 5], 'int32', (4,))])),
    ('setdiff1d_int64_index', lambda: tf.setdiff1d([1., 2., 3.], [2.], index_dtype=tf.int64),
     ('ListDiff', [([1.0, 3.0], 'float32', (2,)), ([0, 2], 'int64', (2,))])),
    ('setdiff1d_python_takes_tensor_dtype', lambda: tf.setdiff1d([1, 2], tf.constant([2.])),
     ('ListDiff', [([1.0], 'float32', (1,)), ([0], 'int32', (1,))])),
    ('setdiff1d_strings', lambda: tf.setdiff1d(['a', 'b'], ['b']),
     ('ListDiff', [([b'a'], 'string', (1,)), ([0], 'int32', (1,))])),
    ('setdiff1d_empty', lambda: tf.setdiff1d(tf.constant([], tf.int32), [2]),
     ('ListDiff', [([], 'int32', (0,)), ([], 'int32', (0,))])),
    # matrix_set_diag
    ('set_diag', lambda: tf.matrix_set_diag(M, [10., 20., 30.]),
     ([[10., 1., 2., 3.], [4., 20., 6., 7.], [8., 9., 30., 11.]], 'float32', (3, 4))),
    ('set_diag_k1', lambda: tf.linalg.set_diag(M, [10., 20., 30.], k=1),
     ([[0., 10., 2., 3.], [4., 5., 20., 7.], [8., 9., 10., 30.]], 'float32', (3, 4))),
    ('set_diag_k_minus1', lambda: tf.linalg.set_diag(M, [10., 20.], k=-1),
     ([[0., 1., 2., 3.], [10., 5., 6., 7.], [8., 20., 10., 11.]], 'float32', (3, 4))),
    ('set_diag_band', lambda: tf.linalg.set_diag(M, [[1., 2., 3.], [4., 5., 6.]], k=(-1, 0)),
     ([[1., 1., 2., 3.], [4., 2., 6., 7.], [8., 5., 3., 11.]], 'float32', (3, 4))),
    ('set_diag_band_left_left',
     lambda: tf.linalg.set_diag(M, [[1., 2., 3.], [4., 5., 0.]], k=(-1, 0), align='LEFT_LEFT'),
     ([[1., 1., 2., 3.], [4., 2., 6., 7.], [8., 5., 3., 11.]], 'float32', (3, 4))),
    ('set_diag_batch', lambda: tf.matrix_set_diag(tf.zeros([2, 2, 2], tf.int32), [[1, 2], [3, 4]]),
     ([[[1, 0], [0, 2]], [[3, 0], [0, 4]]], 'int32', (2, 2, 2))),
    ('set_diag_empty', lambda: tf.matrix_set_diag(tf.zeros([0, 3]), tf.zeros([0])),
     ([], 'float32', (0, 3))),
    # space_to_depth, depth_to_space
    ('space_to_depth', lambda: tf.space_to_depth(I4, 2),
     ([[[[0, 1, 2, 3, 8, 9, 10, 11], [4, 5, 6, 7, 12, 13, 14, 15]],
        [[16, 17, 18, 19, 24, 25, 26, 27], [20, 21, 22, 23, 28, 29, 30, 31]]]],
      'int32', (1, 2, 2, 8))),
    ('space_to_depth_tensor_block', lambda: tf.nn.space_to_depth(
        tf.reshape(tf.range(8), [2, 2, 2, 1]), tf.constant(2)),
     ([[[[0, 1, 2, 3]]], [[[4, 5, 6, 7]]]], 'int32', (2, 1, 1, 4))),
    ('space_to_depth_strings', lambda: tf.space_to_depth(tf.fill([1, 2, 2, 1], 'a'), 2),
     ([[[[b'a', b'a', b'a', b'a']]]], 'string', (1, 1, 1, 4))),
    ('space_to_depth_empty', lambda: tf.space_to_depth(tf.zeros([0, 2, 2, 1]), 2),
     ([], 'float32', (0, 1, 1, 4))),
    ('depth_to_space', lambda: tf.depth_to_space(tf.reshape(tf.range(16), [1, 1, 2, 8]), 2),
     ([[[[0, 1], [2, 3], [8, 9], [10, 11]], [[4, 5], [6, 7], [12, 13], [14, 15]]]],
      'int32', (1, 2, 4, 2))),
    ('depth_to_space_float_block', lambda: tf.nn.depth_to_space(tf.zeros([1, 1, 1, 4]), 2.0),
     ([[[[0.], [0.]], [[0.], [0.]]]], 'float32', (1, 2, 2, 1))),
    # space_to_batch_nd, batch_to_space_nd and TF1's square-block versions
    ('space_to_batch_nd', lambda: tf.space_to_batch_nd(S4, [2, 2], [[0, 0], [0, 0]]),
     ([[[[0], [2]], [[8], [10]]], [[[1], [3]], [[9], [11]]], [[[4], [6]], [[12], [14]]],
       [[[5], [7]], [[13], [15]]]], 'int32', (4, 2, 2, 1))),
    ('space_to_batch_nd_padded', lambda: tf.space_to_batch_nd(
        tf.reshape(tf.range(6), [1, 2, 3, 1]), [2, 2], [[0, 0], [1, 0]]),
     ([[[[0], [1]]], [[[0], [2]]], [[[0], [4]]], [[[3], [5]]]], 'int32', (4, 1, 2, 1))),
    ('space_to_batch_nd_1d', lambda: tf.space_to_batch_nd(
        tf.reshape(tf.range(8), [2, 4]), [2], [[1, 1]]),
     ([[0, 1, 3], [0, 5, 7], [0, 2, 0], [4, 6, 0]], 'int32', (4, 3))),
    ('space_to_batch_nd_trailing_axes', lambda: tf.manip.space_to_batch_nd(
        tf.reshape(tf.range(8), [1, 2, 2, 2]), [1, 2], [[0, 0], [0, 0]]),
     ([[[[0, 1]], [[4, 5]]], [[[2, 3]], [[6, 7]]]], 'int32', (2, 2, 1, 2))),
    ('space_to_batch_nd_no_block', lambda: tf.space_to_batch_nd(
        tf.reshape(tf.range(4), [1, 2, 2, 1]), tf.zeros([0], tf.int32), tf.zeros([0, 2], tf.int32)),
     ([[[[0], [1]], [[2], [3]]]], 'int32', (1, 2, 2, 1))),
    ('batch_to_space_nd', lambda: tf.batch_to_space_nd(B4, [2, 2], [[0, 0], [0, 0]]),
     ([[[[0], [4], [1], [5]], [[8], [12], [9], [13]], [[2], [6], [3], [7]],
        [[10], [14], [11], [15]]]], 'int32', (1, 4, 4, 1))),
    ('batch_to_space_nd_cropped', lambda: tf.manip.batch_to_space_nd(
        B4, [2, 2], [[1, 0], [0, 1]]),
     ([[[[8], [12], [9]], [[2], [6], [3]], [[10], [14], [11]]]], 'int32', (1, 3, 3, 1))),
    ('space_to_batch', lambda: tf.space_to_batch(S4, [[0, 0], [0, 0]], 2),
     ([[[[0], [2]], [[8], [10]]], [[[1], [3]], [[9], [11]]], [[[4], [6]], [[12], [14]]],
       [[[5], [7]], [[13], [15]]]], 'int32', (4, 2, 2, 1))),
    ('nn_space_to_batch_block_1', lambda: tf.nn.space_to_batch(
        tf.reshape(tf.range(4), [1, 2, 2, 1]), [[0, 0], [0, 0]], block_size=1),
     ([[[[0], [1]], [[2], [3]]]], 'int32', (1, 2, 2, 1))),
    ('batch_to_space', lambda: tf.batch_to_space(B4, [[0, 0], [0, 0]], 2),
     ([[[[0], [4], [1], [5]], [[8], [12], [9], [13]], [[2], [6], [3], [7]],
        [[10], [14], [11], [15]]]], 'int32', (1, 4, 4, 1))),
    # dynamic_partition, dynamic_stitch
    ('dynamic_partition', lambda: tf.dynamic_partition([10, 20, 30, 40, 50], [0, 0, 1, 1, 0], 2),
     ('list', [([10, 20, 50], 'int32', (3,)), ([30, 40], 'int32', (2,))])),
    ('dynamic_partition_2d', lambda: tf.dynamic_partition(
        tf.reshape(tf.range(12.), [2, 3, 2]), [[1, 0, 1], [0, 0, 2]], 3),
     ('list', [([[2., 3.], [6., 7.], [8., 9.]], 'float32', (3, 2)),
               ([[0., 1.], [4., 5.]], 'float32', (2, 2)), ([[10., 11.]], 'float32', (1, 2))])),
    ('dynamic_partition_rows', lambda: tf.dynamic_partition(X, [1, 0], tf.constant(3)),
     ('list', [([[3, 4, 5]], 'int32', (1, 3)), ([[0, 1, 2]], 'int32', (1, 3)),
               ([], 'int32', (0, 3))])),
    ('dynamic_partition_scalar', lambda: tf.dynamic_partition(tf.constant(5), tf.constant(1), 2),
     ('list', [([], 'int32', (0,)), ([5], 'int32', (1,))])),
    ('dynamic_partition_strings', lambda: tf.dynamic_partition(['a', 'b'], [1, 0], 2),
     ('list', [([b'b'], 'string', (1,)), ([b'a'], 'string', (1,))])),
    ('dynamic_stitch', lambda: tf.dynamic_stitch([[0, 2], [1, 3]], [[10, 30], [20, 40]]),
     ([10, 20, 30, 40], 'int32', (4,))),
    ('dynamic_stitch_last_wins', lambda: tf.dynamic_stitch([[0, 1], [1, 2]], [[1., 2.], [3., 4.]]),
     ([1., 3., 4.], 'float32', (3,))),
    ('dynamic_stitch_gaps_are_zero', lambda: tf.dynamic_stitch(
        [[0], [3]], [[[1., 2.]], [[3., 4.]]]),
     ([[1., 2.], [0., 0.], [0., 0.], [3., 4.]], 'float32', (4, 2))),
    ('dynamic_stitch_scalar_indices', lambda: tf.dynamic_stitch([1, 0], [[1, 2], [3, 4]]),
     ([[3, 4], [1, 2]], 'int32', (2, 2))),
    ('dynamic_stitch_mixed_ranks', lambda: tf.dynamic_stitch([[[0, 1]], [2]], [[[1, 2]], [3]]),
     ([1, 2, 3], 'int32', (3,))),
    ('dynamic_stitch_empty', lambda: tf.dynamic_stitch([tf.zeros([0], tf.int32)],
                                                      [tf.zeros([0, 2])]),
     ([], 'float32', (0, 2))),
    ('dynamic_stitch_strings', lambda: tf.dynamic_stitch([[1, 0]], [['a', 'b']]),
     ([b'b', b'a'], 'string', (2,))),
    # ensure_shape
    ('ensure_shape', lambda: tf.ensure_shape(X, [None, 3]),
     ([[0, 1, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('ensure_shape_tensorshape', lambda: tf.ensure_shape(X, tf.TensorShape([2, None])),
     ([[0, 1, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('ensure_shape_unknown_rank', lambda: tf.ensure_shape(X, None),
     ([[0, 1, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('ensure_shape_list_input', lambda: tf.ensure_shape([1, 2], [2]), ([1, 2], 'int32', (2,))),
    # tensor_scatter_nd_*
    ('tensor_scatter_nd_update', lambda: tf.tensor_scatter_nd_update(X, [[0, 1], [1, 2]], [10, 20]),
     ([[0, 10, 2], [3, 4, 20]], 'int32', (2, 3))),
    ('tensor_scatter_update_rows', lambda: tf.tensor_scatter_update(X, [[1]], [[7, 8, 9]]),
     ([[0, 1, 2], [7, 8, 9]], 'int32', (2, 3))),
    ('tensor_scatter_nd_update_last_wins', lambda: tf.tensor_scatter_nd_update(
        [0, 0, 0], [[1], [1]], [5, 6]), ([0, 6, 0], 'int32', (3,))),
    ('tensor_scatter_nd_add', lambda: tf.tensor_scatter_nd_add(X, [[0, 1], [0, 1]], [10, 20]),
     ([[0, 31, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('tensor_scatter_add_int64_indices', lambda: tf.tensor_scatter_add(
        X, tf.constant([[0, 1]], tf.int64), [1]), ([[0, 2, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('tensor_scatter_nd_sub', lambda: tf.tensor_scatter_nd_sub(X, [[0, 1], [1, 0]], [10, 20]),
     ([[0, -9, 2], [-17, 4, 5]], 'int32', (2, 3))),
    ('tensor_scatter_sub', lambda: tf.tensor_scatter_sub(X, [[0, 1], [1, 0]], [10, 20]),
     ([[0, -9, 2], [-17, 4, 5]], 'int32', (2, 3))),
    ('tensor_scatter_nd_max', lambda: tf.tensor_scatter_nd_max(
        X, [[0, 1], [1, 0], [0, 1]], [10, -20, 3]), ([[0, 10, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('tensor_scatter_nd_min', lambda: tf.tensor_scatter_nd_min(
        X, [[0, 1], [1, 0], [0, 1]], [10, -20, 3]), ([[0, 1, 2], [-20, 4, 5]], 'int32', (2, 3))),
    ('tensor_scatter_nd_add_complex', lambda: tf.tensor_scatter_nd_add(
        tf.constant([1j]), [[0]], [2j]), ([3j], 'complex128', (1,))),
    ('tensor_scatter_nd_update_no_indices', lambda: tf.tensor_scatter_nd_update(
        X, tf.zeros([0, 2], tf.int32), tf.zeros([0], tf.int32)),
     ([[0, 1, 2], [3, 4, 5]], 'int32', (2, 3))),
    ('tensor_scatter_nd_update_strings', lambda: tf.tensor_scatter_nd_update(
        tf.constant(['a', 'b']), [[1]], ['z']), ([b'a', b'z'], 'string', (2,))),
    ('tensor_scatter_nd_update_bool', lambda: tf.tensor_scatter_nd_update(
        tf.constant([True, False]), [[1]], [True]), ([True, True], 'bool', (2,))),
    # sparse to dense
    ('sparse_tensor_to_dense', lambda: tf.sparse_tensor_to_dense(SP),
     ([[0, 5], [0, 0], [7, 0]], 'int32', (3, 2))),
    ('sparse_to_dense_default', lambda: tf.sparse.to_dense(SP, default_value=-1),
     ([[-1, 5], [-1, -1], [7, -1]], 'int32', (3, 2))),
    ('sparse_to_dense_unvalidated', lambda: tf.sparse.to_dense(
        tf.SparseTensor([[2, 0], [0, 1]], [5, 7], [3, 2]), validate_indices=False),
     ([[0, 7], [0, 0], [5, 0]], 'int32', (3, 2))),
    ('sparse_to_dense_strings', lambda: tf.sparse.to_dense(tf.SparseTensor([[1]], ['x'], [3])),
     ([b'', b'x', b''], 'string', (3,))),
    ('sparse_to_dense_string_default', lambda: tf.sparse.to_dense(
        tf.SparseTensor([[1]], ['x'], [3]), default_value='?'),
     ([b'?', b'x', b'?'], 'string', (3,))),
    ('sparse_to_dense_empty', lambda: tf.sparse.to_dense(
        tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 2])),
     ([[0., 0.], [0., 0.]], 'float32', (2, 2))),
    ('tf1_sparse_to_dense', lambda: tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 7]),
     ([[0, 5], [0, 0], [7, 0]], 'int32', (3, 2))),
    ('tf1_sparse_to_dense_vector', lambda: tf.sparse_to_dense([0, 2], [4], [5, 7],
                                                              default_value=-1),
     ([5, -1, 7, -1], 'int32', (4,))),
    ('tf1_sparse_to_dense_scalar_index', lambda: tf.sparse_to_dense(2, [4], 9),
     ([0, 0, 9, 0], 'int32', (4,))),
    ('tf1_sparse_to_dense_scalar_value', lambda: tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], 1.5),
     ([[0., 1.5], [0., 0.], [1.5, 0.]], 'float32', (3, 2))),
    ('tf1_sparse_to_dense_unvalidated', lambda: tf.sparse_to_dense(
        [2, 0], [4], [5, 7], validate_indices=False), ([7, 0, 5, 0], 'int32', (4,))),
    ('tf1_sparse_to_dense_int64_shape', lambda: tf.sparse_to_dense(
        [0], tf.constant([2], tf.int64), [1]), ([1, 0], 'int32', (2,))),
    ('tf1_sparse_to_dense_tensor_default', lambda: tf.sparse_to_dense(
        [0], [2], [1], default_value=tf.constant(2.)), ([1., 2.], 'float32', (2,))),
    ('tf1_sparse_to_dense_strings', lambda: tf.sparse_to_dense([1], [3], ['a'], default_value=''),
     ([b'', b'a', b''], 'string', (3,))),
    ('sparse_add_dense', lambda: tf.sparse.add(SP, tf.ones([3, 2], tf.int32)),
     ([[1, 6], [1, 1], [8, 1]], 'int32', (3, 2))),
    ('sparse_add_dense_first', lambda: tf.sparse_add(tf.ones([3, 2], tf.int32), SP),
     ([[1, 6], [1, 1], [8, 1]], 'int32', (3, 2))),
    ('sparse_add_dense_repeated', lambda: tf.sparse.add(
        tf.SparseTensor([[0], [0]], [1, 2], [2]), [5, 6]), ([8, 6], 'int32', (2,))),
    # map_fn
    ('map_fn', lambda: tf.map_fn(lambda x: x * 2., XF),
     ([[0., 2.], [4., 6.], [8., 10.]], 'float32', (3, 2))),
    ('map_fn_numpy', lambda: tf.map_fn(lambda x: x * 2, np.array([1., 2.])),
     ([2., 4.], 'float64', (2,))),
    ('map_fn_tuple_in', lambda: tf.map_fn(_map_pair, (XF, XF * 10.), dtype=tf.float32),
     ([[0., 11.], [22., 33.], [44., 55.]], 'float32', (3, 2))),
    ('map_fn_tuple_out', lambda: tf.map_fn(lambda x: (x, x * 2), XF,
                                           dtype=(tf.float32, tf.float32)),
     ('tuple', [([[0., 1.], [2., 3.], [4., 5.]], 'float32', (3, 2)),
                ([[0., 2.], [4., 6.], [8., 10.]], 'float32', (3, 2))])),
    ('map_fn_dict_in', lambda: tf.map_fn(lambda d: d['a'] * d['b'], {'a': XF, 'b': XF},
                                         dtype=tf.float32),
     ([[0., 1.], [4., 9.], [16., 25.]], 'float32', (3, 2))),
    ('map_fn_default_structure', lambda: tf.map_fn(lambda x: (x[0], x[1]), (XF, C3)),
     ('tuple', [([[0., 1.], [2., 3.], [4., 5.]], 'float32', (3, 2)), ([1, 2, 3], 'int32', (3,))])),
    ('map_fn_nested', lambda: tf.map_fn(lambda x: x[0] + x[1][0] * x[1][1], (XF, (XF, XF)),
                                        dtype=tf.float32),
     ([[0., 2.], [6., 12.], [20., 30.]], 'float32', (3, 2))),
    ('map_fn_dtype_change', lambda: tf.map_fn(lambda x: tf.cast(x, tf.int32), XF, dtype='int32'),
     ([[0, 1], [2, 3], [4, 5]], 'int32', (3, 2))),
    ('map_fn_output_signature', lambda: tf.map_fn(lambda x: tf.cast(x, tf.int32), XF,
                                                  fn_output_signature=tf.int32),
     ([[0, 1], [2, 3], [4, 5]], 'int32', (3, 2))),
    ('map_fn_python_result', lambda: tf.map_fn(lambda x: 1.0, XF), ([1., 1., 1.], 'float32', (3,))),
    ('map_fn_numpy_result', lambda: tf.map_fn(lambda x: np.array([1., 2.]), XF),
     ([[1., 2.], [1., 2.], [1., 2.]], 'float32', (3, 2))),
    ('map_fn_strings', lambda: tf.map_fn(lambda x: tf.strings.length(x), tf.constant(['a', 'bc']),
                                         dtype=tf.int32), ([1, 2], 'int32', (2,))),
    ('map_fn_empty', lambda: tf.map_fn(lambda x: tf.reduce_sum(x), tf.zeros([0, 2])),
     ([], 'float32', (0,))),
    ('map_fn_empty_tuple', lambda: tf.map_fn(lambda x: x,
                                             (tf.zeros([0, 2]), tf.zeros([0], tf.int32))),
     ('tuple', [([], 'float32', (0,)), ([], 'int32', (0,))])),
    ('map_fn_ignored_args', lambda: tf.map_fn(lambda x: x, XF, parallel_iterations=4,
                                              back_prop=False, swap_memory=True, name='m'),
     ([[0., 1.], [2., 3.], [4., 5.]], 'float32', (3, 2))),
    ('map_fn_variable', lambda: tf.map_fn(lambda x: x * 2., tf.Variable([1., 2.])),
     ([2., 4.], 'float32', (2,))),
    # foldl, foldr
    ('foldl', lambda: tf.foldl(lambda a, x: a + x, C3), (6, 'int32', ())),
    ('foldl_initializer', lambda: tf.foldl(lambda a, x: a * 10 + x, C3, initializer=0),
     (123, 'int32', ())),
    ('foldl_rows', lambda: tf.foldl(lambda a, x: a + tf.reduce_sum(x), XF,
                                    initializer=tf.constant(0.)), (15., 'float32', ())),
    ('foldr', lambda: tf.foldr(lambda a, x: a * 10 + x, C3), (321, 'int32', ())),
    ('foldr_initializer', lambda: tf.foldr(lambda a, x: a * 10 + x, C3, initializer=0),
     (321, 'int32', ())),
    ('foldl_tuple_elems', lambda: tf.foldl(lambda a, x: (a[0] + x[0], a[1] * x[1]),
                                           (C3, tf.constant([2, 3, 4]))),
     ('tuple', [(6, 'int32', ()), (24, 'int32', ())])),
    ('foldl_list_initializer', lambda: tf.foldl(lambda a, x: [a[0] + x, a[1] - x], C3,
                                                initializer=[0, 0]),
     ('list', [(6, 'int32', ()), (-6, 'int32', ())])),
    ('foldl_numpy_initializer', lambda: tf.foldl(lambda a, x: a + x, C3, initializer=np.int64(0)),
     (6, 'int32', ())),
    ('foldl_dtype_may_change', lambda: tf.foldl(lambda a, x: a + 0.5, C3, initializer=0.),
     (1.5, 'float32', ())),
    ('foldl_shape_may_change', lambda: tf.foldl(lambda a, x: tf.concat([a, [x]], 0),
                                                tf.constant([1., 2.]),
                                                initializer=tf.constant([0.])),
     ([0., 1., 2.], 'float32', (3,))),
    ('foldl_empty_initializer', lambda: tf.foldl(lambda a, x: a + x, tf.zeros([0]), initializer=5.),
     (5., 'float32', ())),
    # scan
    ('scan', lambda: tf.scan(lambda a, x: a + x, C3), ([1, 3, 6], 'int32', (3,))),
    ('scan_initializer', lambda: tf.scan(lambda a, x: a * 10 + x, C3, initializer=0),
     ([1, 12, 123], 'int32', (3,))),
    ('scan_reverse', lambda: tf.scan(lambda a, x: a * 10 + x, C3, initializer=0, reverse=True),
     ([321, 32, 3], 'int32', (3,))),
    ('scan_reverse_no_initializer', lambda: tf.scan(lambda a, x: a * 10 + x, C3, reverse=True),
     ([321, 32, 3], 'int32', (3,))),
    ('scan_rows', lambda: tf.scan(lambda a, x: a + x, XF),
     ([[0., 1.], [2., 4.], [6., 9.]], 'float32', (3, 2))),
    ('scan_tuple', lambda: tf.scan(lambda a, x: (a[0] + x, a[1] * x), C3, initializer=(0, 1)),
     ('tuple', [([1, 3, 6], 'int32', (3,)), ([1, 2, 6], 'int32', (3,))])),
    ('scan_tuple_elems', lambda: tf.scan(lambda a, x: (a[0] + x[0], a[1] * x[1]),
                                         (C3, tf.constant([2, 3, 4]))),
     ('tuple', [([1, 3, 6], 'int32', (3,)), ([2, 6, 24], 'int32', (3,))])),
    ('scan_list', lambda: tf.scan(lambda a, x: [a[0] + x, a[1] - x], C3, initializer=[0, 0]),
     ('list', [([1, 3, 6], 'int32', (3,)), ([-1, -3, -6], 'int32', (3,))])),
    ('scan_python_result', lambda: tf.scan(lambda a, x: 7, C3), ([1, 7, 7], 'int32', (3,))),
    ('scan_empty', lambda: tf.scan(lambda a, x: a + x, tf.zeros([0]), initializer=1.),
     ([], 'float32', (0,))),
]

ERRORS = [
    # roll
    ('roll_scalar', lambda: tf.roll(tf.constant(3.), 1, 0), InvalidArgumentError,
     'input must be 1-D or higher [Op:Roll]'),
    ('roll_axis_out_of_range', lambda: tf.roll(X, 1, 2), InvalidArgumentError,
     'axis 2 is out of range [Op:Roll]'),
    ('roll_negative_axis_out_of_range', lambda: tf.roll(X, 1, -3), InvalidArgumentError,
     'axis -1 is out of range [Op:Roll]'),
    ('roll_sizes_differ', lambda: tf.roll(X, [1, 2], [0]), InvalidArgumentError,
     'shift and axis must have the same size [Op:Roll]'),
    ('roll_matrix_shift', lambda: tf.roll(X, [[1]], [[0]]), InvalidArgumentError,
     'shift must be a scalar or a 1-D vector. Found: [1,1] [Op:Roll]'),
    ('roll_float_shift', lambda: tf.roll(X, 1.0, 0), InvalidArgumentError,
     "Value for attr 'Tshift' of float is not in the list of allowed values: int32, int64 "
     "[Op:Roll]"),
    # repeat
    ('repeat_counts_length', lambda: tf.repeat(X, [1, 2, 3], axis=0), ValueError,
     'Dimensions 2 and 3 are not compatible'),
    ('repeat_axis_out_of_range', lambda: tf.repeat(X, 2, axis=2), ValueError,
     'axis=2 out of bounds: expected -2<=axis<2'),
    ('repeat_matrix_counts', lambda: tf.repeat([1, 2], [[1, 2]]), ValueError,
     'Shape (1, 2) must have rank at most 1'),
    ('repeat_float_counts', lambda: tf.repeat([1, 2], 1.5), TypeError,
     "Argument `tensor` (name: repeats) must be of type integer. Received `tensor` = 1.5 of "
     "dtype: <dtype: 'float32'>"),
    ('repeat_float_axis', lambda: tf.repeat(X, 2, axis=1.0), TypeError,
     'Argument `axis` must be an int. Received `axis` = 1.0 of type float'),
    # setdiff1d
    ('setdiff1d_matrix_x', lambda: tf.setdiff1d([[1, 2]], [2]), InvalidArgumentError,
     'x should be a 1D vector. [Op:ListDiff]'),
    ('setdiff1d_matrix_y', lambda: tf.setdiff1d([1, 2], [[2]]), InvalidArgumentError,
     'y should be a 1D vector. [Op:ListDiff]'),
    ('setdiff1d_dtypes', lambda: tf.setdiff1d([1, 2], [2.]), TypeError,
     'Cannot convert [2.0] to EagerTensor of dtype int32'),
    ('setdiff1d_index_dtype', lambda: tf.setdiff1d([1, 2], [2], index_dtype=tf.float32),
     InvalidArgumentError,
     "Value for attr 'out_idx' of float is not in the list of allowed values: int32, int64 "
     "[Op:ListDiff]"),
    # matrix_set_diag
    ('set_diag_vector_input', lambda: tf.matrix_set_diag(tf.zeros([3]), [1.]), InvalidArgumentError,
     'input must be at least 2-dim, received shape: [3] [Op:MatrixSetDiagV3]'),
    ('set_diag_short_diagonal', lambda: tf.matrix_set_diag(M, [1., 2.]), InvalidArgumentError,
     "Either first dimensions of diagonal don't match input.shape[:-2], or diagonal.shape[:-1] "
     "is not equal to the longests diagonal in range [lower_diag_index:upper_diag_index].\n"
     "Input shape: [3,4]\nDiagonal shape: [2]\nExpected diagonal shape: [3] [Op:MatrixSetDiagV3]"),
    ('set_diag_batch_mismatch', lambda: tf.matrix_set_diag(tf.zeros([2, 2, 2]), tf.zeros([3, 2])),
     InvalidArgumentError,
     "Either first dimensions of diagonal don't match input.shape[:-2], or diagonal.shape[:-1] "
     "is not equal to the longests diagonal in range [lower_diag_index:upper_diag_index].\n"
     "Input shape: [2,2,2]\nDiagonal shape: [3,2]\nExpected diagonal shape: [2,2] "
     "[Op:MatrixSetDiagV3]"),
    ('set_diag_k_too_big', lambda: tf.linalg.set_diag(M, [1.], k=4), InvalidArgumentError,
     'lower_diag_index is out of bound: 4 It must be between -3 and 4 [Op:MatrixSetDiagV3]'),
    ('set_diag_k_too_small', lambda: tf.linalg.set_diag(M, [1.], k=-3), InvalidArgumentError,
     'lower_diag_index is out of bound: -3 It must be between -3 and 4 [Op:MatrixSetDiagV3]'),
    ('set_diag_upper_too_big', lambda: tf.linalg.set_diag(M, [[1.]], k=(-1, 5)),
     InvalidArgumentError,
     'upper_diag_index is out of bound: 5 It must be between -3 and 4 [Op:MatrixSetDiagV3]'),
    ('set_diag_three_k', lambda: tf.linalg.set_diag(M, [1.], k=[0, 1, 2]), InvalidArgumentError,
     'diag_index must have only one or two elements, received 3 elements. [Op:MatrixSetDiagV3]'),
    ('set_diag_dtype', lambda: tf.matrix_set_diag(M, tf.constant([1, 2, 3])), InvalidArgumentError,
     'cannot compute MatrixSetDiagV3 as input #1(zero-based) was expected to be a float tensor '
     'but is a int32 tensor [Op:MatrixSetDiagV3]'),
    ('set_diag_scalar_diagonal', lambda: tf.matrix_set_diag(M, 1.), InvalidArgumentError,
     'diagonal must be at least 1-dim, received shape: [] [Op:MatrixSetDiagV3]'),
    ('set_diag_band_count', lambda: tf.linalg.set_diag(M, [[1., 2., 3.]], k=(-1, 0)),
     InvalidArgumentError,
     'The number of diagonals provided in `diag` is not consistent with `lower_diag_index` and '
     '`upper_diag_index` [Op:MatrixSetDiagV3]'),
    ('set_diag_band_reversed', lambda: tf.linalg.set_diag(M, [[1., 2., 3.]], k=(1, 0)),
     InvalidArgumentError,
     'lower_diag_index must not be larger than upper_diag_index: 1 > 0 [Op:MatrixSetDiagV3]'),
    ('set_diag_align', lambda: tf.linalg.set_diag(M, [1., 2., 3.], align='XX'),
     InvalidArgumentError,
     'Value for attr \'align\' of "XX" is not in the list of allowed values: "LEFT_RIGHT", '
     '"RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT" [Op:MatrixSetDiagV3]'),
    # space_to_depth, depth_to_space
    ('space_to_depth_format', lambda: tf.space_to_depth(I4, 2, data_format='XYZ'),
     InvalidArgumentError,
     'Value for attr \'data_format\' of "XYZ" is not in the list of allowed values: "NHWC", '
     '"NCHW", "NCHW_VECT_C" [Op:SpaceToDepth]'),
    ('space_to_depth_block_1', lambda: tf.space_to_depth(I4, 1), InvalidArgumentError,
     "Value for attr 'block_size' of 1 must be at least minimum 2 [Op:SpaceToDepth]"),
    ('space_to_depth_indivisible', lambda: tf.space_to_depth(I4, 3), InvalidArgumentError,
     'Image width 4 and height 4 should be divisible by block_size: 3 [Op:SpaceToDepth]'),
    ('space_to_depth_rank', lambda: tf.space_to_depth(tf.zeros([4, 4, 2]), 2),
     InvalidArgumentError, 'Input rank should be 4 instead of 3 [Op:SpaceToDepth]'),
    ('depth_to_space_block_1', lambda: tf.depth_to_space(I4, 1), InvalidArgumentError,
     "Value for attr 'block_size' of 1 must be at least minimum 2 [Op:DepthToSpace]"),
    ('depth_to_space_indivisible', lambda: tf.depth_to_space(I4, 2), InvalidArgumentError,
     'Input depth dimension 2 should be divisible by: 4 [Op:DepthToSpace]'),
    ('depth_to_space_rank', lambda: tf.depth_to_space(tf.zeros([4, 4, 4]), 2),
     InvalidArgumentError, 'Input rank should be: 4 instead of: 3 [Op:DepthToSpace]'),
    # space_to_batch_nd, batch_to_space_nd
    ('space_to_batch_nd_indivisible', lambda: tf.space_to_batch_nd(S4, [3, 2], [[0, 0], [0, 0]]),
     InvalidArgumentError,
     'padded_shape[0]=4 is not divisible by block_shape[0]=3 [Op:SpaceToBatchND]'),
    ('space_to_batch_nd_paddings_shape', lambda: tf.space_to_batch_nd(S4, [2, 2], [[0, 0]]),
     InvalidArgumentError,
     'paddings should have shape [2, 2] instead of [1,2] [Op:SpaceToBatchND]'),
    ('space_to_batch_nd_negative_padding', lambda: tf.space_to_batch_nd(
        S4, [2, 2], [[-1, 1], [0, 0]]), InvalidArgumentError,
     'Paddings must be non-negative [Op:SpaceToBatchND]'),
    ('space_to_batch_nd_zero_block', lambda: tf.space_to_batch_nd(S4, [0, 2], [[0, 0], [0, 0]]),
     InvalidArgumentError,
     'All values in block_shape must be positive, got value, 0 at index 0. [Op:SpaceToBatchND]'),
    ('space_to_batch_nd_block_rank', lambda: tf.space_to_batch_nd(
        S4, [[2, 2]], [[0, 0], [0, 0]]), InvalidArgumentError,
     'block_shape rank should be 1 instead of 2 [Op:SpaceToBatchND]'),
    ('space_to_batch_nd_input_rank', lambda: tf.space_to_batch_nd(S4, [2, 2, 2, 2], [[0, 0]] * 4),
     InvalidArgumentError, 'input rank should be >= 5 instead of 4 [Op:SpaceToBatchND]'),
    ('space_to_batch_nd_float_block', lambda: tf.space_to_batch_nd(
        S4, [2., 2.], [[0, 0], [0, 0]]), InvalidArgumentError,
     "Value for attr 'Tblock_shape' of float is not in the list of allowed values: int32, int64 "
     "[Op:SpaceToBatchND]"),
    ('batch_to_space_nd_indivisible', lambda: tf.batch_to_space_nd(B4, [3, 1], [[0, 0], [0, 0]]),
     InvalidArgumentError,
     'Input batch dimension (4) is not divisible by product of block sizes (3) '
     '[Op:BatchToSpaceND]'),
    ('batch_to_space_nd_big_crop', lambda: tf.batch_to_space_nd(B4, [2, 2], [[3, 2], [0, 0]]),
     InvalidArgumentError, 'cropped_shape[0]=-1 must be non-negative [Op:BatchToSpaceND]'),
    ('batch_to_space_nd_negative_crop', lambda: tf.batch_to_space_nd(
        B4, [2, 2], [[-1, 0], [0, 0]]), InvalidArgumentError,
     'Crops must be non-negative [Op:BatchToSpaceND]'),
    ('batch_to_space_nd_zero_block', lambda: tf.batch_to_space_nd(B4, [0, 2], [[0, 0], [0, 0]]),
     InvalidArgumentError, 'Product of block sizes must be positive, got 0 [Op:BatchToSpaceND]'),
    ('batch_to_space_nd_crops_shape', lambda: tf.batch_to_space_nd(B4, [2, 2], [[0, 0]]),
     InvalidArgumentError, 'crops should have shape [2, 2] instead of [1,2] [Op:BatchToSpaceND]'),
    ('batch_to_space_nd_input_rank', lambda: tf.batch_to_space_nd(
        tf.zeros([4, 1]), [2, 2], [[0, 0], [0, 0]]), InvalidArgumentError,
     'input rank should be >= 3 instead of 2 [Op:BatchToSpaceND]'),
    ('space_to_batch_both_blocks', lambda: tf.space_to_batch(
        S4, [[0, 0], [0, 0]], block_size=2, block_shape=[2, 2]), ValueError,
     "Cannot specify both 'block_size' and 'block_shape'."),
    ('space_to_batch_no_block', lambda: tf.space_to_batch(S4, [[0, 0], [0, 0]]), TypeError,
     "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"),
    ('space_to_batch_rank_3', lambda: tf.space_to_batch(tf.zeros([1, 4, 4]), [[0, 0], [0, 0]], 2),
     ValueError, 'Shape (4, 2, 2) must have rank 4'),
    ('space_to_batch_block_shape_list', lambda: tf.space_to_batch(
        S4, [[0, 0], [0, 0]], block_shape=[2, 2]), InvalidArgumentError,
     'block_shape rank should be 1 instead of 2 [Op:SpaceToBatchND]'),
    ('batch_to_space_indivisible', lambda: tf.batch_to_space(
        tf.zeros([3, 2, 2, 1]), [[0, 0], [0, 0]], 2), InvalidArgumentError,
     'Input batch dimension (3) is not divisible by product of block sizes (4) '
     '[Op:BatchToSpaceND]'),
    # dynamic_partition, dynamic_stitch
    ('dynamic_partition_out_of_range', lambda: tf.dynamic_partition([1, 2, 3], [0, 3, 1], 2),
     InvalidArgumentError, 'partitions[1] = 3 is not in [0, 2) [Op:DynamicPartition]'),
    ('dynamic_partition_negative', lambda: tf.dynamic_partition([1, 2, 3], [0, -1, 1], 2),
     InvalidArgumentError, 'partitions[1] = -1 is not in [0, 2) [Op:DynamicPartition]'),
    ('dynamic_partition_2d_out_of_range', lambda: tf.dynamic_partition(
        X, [[0, 1, 0], [0, 0, 9]], 2), InvalidArgumentError,
     'partitions[1,2] = 9 is not in [0, 2) [Op:DynamicPartition]'),
    ('dynamic_partition_scalar_out_of_range', lambda: tf.dynamic_partition(
        tf.constant(5), tf.constant(3), 2), InvalidArgumentError,
     'partitions = 3 is not in [0, 2) [Op:DynamicPartition]'),
    ('dynamic_partition_shapes', lambda: tf.dynamic_partition(X, [[0, 1]], 2), InvalidArgumentError,
     'data.shape must start with partitions.shape, got data.shape = [2,3], partitions.shape = '
     '[1,2] [Op:DynamicPartition]'),
    ('dynamic_partition_int64', lambda: tf.dynamic_partition(
        [1, 2, 3], tf.constant([0, 1, 0], tf.int64), 2), ValueError,
     'Tensor conversion requested dtype int32 for Tensor with dtype int64: <tf.Tensor: '
     'shape=(3,), dtype=int64, numpy=array([0, 1, 0])>'),
    ('dynamic_partition_zero_partitions', lambda: tf.dynamic_partition([1, 2, 3], [0, 1, 0], 0),
     InvalidArgumentError,
     "Value for attr 'num_partitions' of 0 must be at least minimum 1 [Op:DynamicPartition]"),
    ('dynamic_stitch_shapes', lambda: tf.dynamic_stitch([[0, 1], [2]], [[1, 2], [3, 4]]),
     InvalidArgumentError,
     'data[1].shape = [2] does not start with indices[1].shape = [1] [Op:DynamicStitch]'),
    ('dynamic_stitch_slice_shapes', lambda: tf.dynamic_stitch([[0], [1]], [[[1, 2]], [[3, 4, 5]]]),
     InvalidArgumentError,
     'Need data[0].shape[1:] = data[1].shape[1:], got data[0].shape = [1,2], data[1].shape = '
     '[1,3], indices[0].shape = [1], indices[1].shape = [1] [Op:DynamicStitch]'),
    ('dynamic_stitch_negative', lambda: tf.dynamic_stitch([[0, -1]], [[1, 2]]),
     InvalidArgumentError, 'indices[1] is out of range [Op:DynamicStitch]'),
    ('dynamic_stitch_lengths', lambda: tf.dynamic_stitch([[0], [1]], [[1]]), ValueError,
     "List argument 'data' to 'dynamic_stitch' Op with length 1 must match length 2 of argument "
     "'indices'."),
    ('dynamic_stitch_dtypes', lambda: tf.dynamic_stitch(
        [[0], [1]], [tf.constant([1]), tf.constant([2.])]), InvalidArgumentError,
     'cannot compute DynamicStitch as input #3(zero-based) was expected to be a int32 tensor but '
     'is a float tensor [Op:DynamicStitch]'),
    # ensure_shape
    ('ensure_shape_mismatch', lambda: tf.ensure_shape(X, [3, 3]), InvalidArgumentError,
     'Shape of tensor input [2,3] is not compatible with expected shape [3,3]. [Op:EnsureShape]'),
    ('ensure_shape_rank', lambda: tf.ensure_shape(X, [6]), InvalidArgumentError,
     'Shape of tensor input [2,3] is not compatible with expected shape [6]. [Op:EnsureShape]'),
    ('ensure_shape_unknown_dim', lambda: tf.ensure_shape(X, [None, 4]), InvalidArgumentError,
     'Shape of tensor input [2,3] is not compatible with expected shape [?,4]. [Op:EnsureShape]'),
    ('ensure_shape_scalar', lambda: tf.ensure_shape(tf.constant(1.), [1]), InvalidArgumentError,
     'Shape of tensor input [] is not compatible with expected shape [1]. [Op:EnsureShape]'),
    # tensor_scatter_nd_*
    ('tensor_scatter_out_of_range', lambda: tf.tensor_scatter_nd_update(X, [[0, 3]], [1]),
     InvalidArgumentError,
     'indices[0] = [0, 3] does not index into shape [2,3] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_row_out_of_range', lambda: tf.tensor_scatter_nd_update(
        X, [[2]], [[1, 2, 3]]), InvalidArgumentError,
     'indices[0] = [2] does not index into shape [2,3] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_add_negative', lambda: tf.tensor_scatter_nd_add(X, [[-1, 0]], [1]),
     InvalidArgumentError,
     'indices[0] = [-1, 0] does not index into shape [2,3] [Op:TensorScatterAdd]'),
    ('tensor_scatter_sub_out_of_range', lambda: tf.tensor_scatter_nd_sub(X, [[5]], [[1, 2, 3]]),
     InvalidArgumentError,
     'indices[0] = [5] does not index into shape [2,3] [Op:TensorScatterSub]'),
    ('tensor_scatter_max_out_of_range', lambda: tf.tensor_scatter_nd_max(X, [[5]], [[1, 2, 3]]),
     InvalidArgumentError,
     'indices[0] = [5] does not index into shape [2,3] [Op:TensorScatterMax]'),
    ('tensor_scatter_outer_dims', lambda: tf.tensor_scatter_nd_update(X, [[0, 1]], [1, 2]),
     InvalidArgumentError,
     'Outer dimensions of indices and update must match. Indices shape: [1,2], updates shape:[2] '
     '[Op:TensorScatterUpdate]'),
    ('tensor_scatter_add_outer_dims', lambda: tf.tensor_scatter_nd_add(X, [[0, 1]], [1, 2]),
     InvalidArgumentError,
     'Outer dimensions of indices and update must match. Indices shape: [1,2], updates shape:[2] '
     '[Op:TensorScatterAdd]'),
    ('tensor_scatter_inner_dims', lambda: tf.tensor_scatter_nd_update(X, [[0]], [[1, 2]]),
     InvalidArgumentError,
     'The inner 1 dimensions of output.shape=[2,3] must match the inner 1 dimensions of '
     'updates.shape=[1,2] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_deep_index', lambda: tf.tensor_scatter_nd_update(X, [[0, 1, 2]], [1]),
     InvalidArgumentError,
     'Inner dimensions of output shape must match inner dimensions of updates shape. Output: '
     '[2,3] updates: [1] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_vector_index', lambda: tf.tensor_scatter_nd_update(X, [1], [[7, 8, 9]]),
     InvalidArgumentError,
     'Inner dimensions of output shape must match inner dimensions of updates shape. Output: '
     '[2,3] updates: [1,3] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_scalar_tensor', lambda: tf.tensor_scatter_nd_update(
        tf.constant(1), [[0]], [1]), InvalidArgumentError,
     'Inner dimensions of output shape must match inner dimensions of updates shape. Output: [] '
     'updates: [1] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_scalar_indices', lambda: tf.tensor_scatter_nd_update(X, 0, [1, 2, 3]),
     InvalidArgumentError,
     'Indices shape must have rank at least one. Found:[] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_scalar_updates', lambda: tf.tensor_scatter_nd_update(X, [[0, 0]], 5),
     InvalidArgumentError,
     'Updates shape must have rank at least one. Found:[] [Op:TensorScatterUpdate]'),
    ('tensor_scatter_empty_output', lambda: tf.tensor_scatter_nd_update(
        tf.zeros([0, 3]), [[0]], [[1., 2., 3.]]), InvalidArgumentError,
     'Indices and updates specified for empty output shape [Op:TensorScatterUpdate]'),
    ('tensor_scatter_updates_without_indices', lambda: tf.tensor_scatter_nd_update(
        X, tf.zeros([1, 0], tf.int32), [[[7, 7, 7], [8, 8, 8]]]), InvalidArgumentError,
     'Indices and updates specified for empty output shape [Op:TensorScatterUpdate]'),
    ('tensor_scatter_python_dtype', lambda: tf.tensor_scatter_nd_update(X, [[0, 1]], [1.5]),
     TypeError, 'Cannot convert [1.5] to EagerTensor of dtype int32'),
    ('tensor_scatter_dtype', lambda: tf.tensor_scatter_nd_update(
        X, [[0, 1]], tf.constant([1.5])), InvalidArgumentError,
     'cannot compute TensorScatterUpdate as input #2(zero-based) was expected to be a int32 '
     'tensor but is a float tensor [Op:TensorScatterUpdate]'),
    ('tensor_scatter_float_indices', lambda: tf.tensor_scatter_nd_update(X, [[0., 1.]], [1]),
     InvalidArgumentError,
     "Value for attr 'Tindices' of float is not in the list of allowed values: int16, int32, "
     "int64, uint16 [Op:TensorScatterUpdate]"),
    # TF1 assigns
    ('assign_shape', lambda: tf.assign(tf.Variable([[1., 2.], [3., 4.], [5., 6.]]), [1., 2.]),
     ValueError,
     "Cannot assign value to variable ' Variable:0': Shape mismatch.The variable shape (3, 2), "
     "and the assigned value shape (2,) are incompatible."),
    ('assign_add_shape', lambda: tf.assign_add(tf.Variable([[1., 2.], [3., 4.], [5., 6.]]),
                                               [1., 2.]), InvalidArgumentError,
     'Cannot update variable with shape [3,2] using a Tensor with shape [2], shapes must be '
     'equal. [Op:AssignAddVariableOp]'),
    ('assign_add_no_broadcast', lambda: tf.assign_add(tf.Variable([[1., 2.]]), 1.),
     InvalidArgumentError,
     'Cannot update variable with shape [1,2] using a Tensor with shape [], shapes must be '
     'equal. [Op:AssignAddVariableOp]'),
    ('assign_sub_shape', lambda: tf.assign_sub(tf.Variable([[1., 2.], [3., 4.], [5., 6.]]),
                                               [1., 1.]), InvalidArgumentError,
     'Cannot update variable with shape [3,2] using a Tensor with shape [2], shapes must be '
     'equal. [Op:AssignSubVariableOp]'),
    ('assign_dtype', lambda: tf.assign(tf.Variable(1), 2.5), TypeError,
     'Cannot convert 2.5 to EagerTensor of dtype int32'),
    ('assign_add_dtype', lambda: tf.assign_add(tf.Variable(1), 2.5), TypeError,
     'Cannot convert 2.5 to EagerTensor of dtype int32'),
    ('assign_add_tensor_dtype', lambda: tf.assign_add(tf.Variable(1.), tf.constant(2., tf.float64)),
     ValueError,
     'Tensor conversion requested dtype float32 for Tensor with dtype float64: <tf.Tensor: '
     'shape=(), dtype=float64, numpy=2.0>'),
    # sparse to dense
    ('sparse_to_dense_default_dtype', lambda: tf.sparse.to_dense(SP, default_value=1.5),
     TypeError, 'Cannot convert 1.5 to EagerTensor of dtype int32'),
    ('sparse_to_dense_default_tensor_dtype', lambda: tf.sparse.to_dense(
        SP, default_value=tf.constant(1.5)), InvalidArgumentError,
     'cannot compute SparseToDense as input #3(zero-based) was expected to be a int32 tensor but '
     'is a float tensor [Op:SparseToDense]'),
    ('sparse_to_dense_default_vector', lambda: tf.sparse.to_dense(SP, default_value=[1, 2]),
     InvalidArgumentError, 'default_value should be a scalar. [Op:SparseToDense]'),
    ('sparse_to_dense_unordered', lambda: tf.sparse.to_dense(
        tf.SparseTensor([[2, 0], [0, 1]], [5, 7], [3, 2])), InvalidArgumentError,
     'indices[1] = [0,1] is out of order. Many sparse ops require sorted indices.\n    Use '
     '`tf.sparse.reorder` to create a correctly ordered copy.\n\n [Op:SparseToDense]'),
    ('sparse_to_dense_repeated', lambda: tf.sparse.to_dense(
        tf.SparseTensor([[0, 1], [0, 1]], [5, 7], [3, 2])), InvalidArgumentError,
     'indices[1] = [0,1] is repeated [Op:SparseToDense]'),
    ('sparse_to_dense_out_of_bounds', lambda: tf.sparse.to_dense(
        tf.SparseTensor([[0, 1], [3, 1]], [5, 7], [3, 2])), InvalidArgumentError,
     'indices[1] = [3,1] is out of bounds: need 0 <= index < [3,2] [Op:SparseToDense]'),
    ('sparse_to_dense_out_of_bounds_unvalidated', lambda: tf.sparse.to_dense(
        tf.SparseTensor([[0, 1], [3, 1]], [5, 7], [3, 2]), validate_indices=False),
     InvalidArgumentError,
     'Indices are not valid (out of bounds).  Shape: [3,2] [Op:SparseToDense]'),
    ('sparse_to_dense_negative', lambda: tf.sparse.to_dense(
        tf.SparseTensor([[0, -1]], [5], [3, 2])),
     InvalidArgumentError,
     'indices[0] = [0,-1] is out of bounds: need 0 <= index < [3,2] [Op:SparseToDense]'),
    ('sparse_to_dense_not_sparse', lambda: tf.sparse.to_dense(tf.constant([1, 2])), TypeError,
     'Input must be a SparseTensor.'),
    ('tf1_sparse_to_dense_unordered', lambda: tf.sparse_to_dense([2, 0], [4], [5, 7]),
     InvalidArgumentError,
     'indices[1] = [0] is out of order. Many sparse ops require sorted indices.\n    Use '
     '`tf.sparse.reorder` to create a correctly ordered copy.\n\n [Op:SparseToDense]'),
    ('tf1_sparse_to_dense_out_of_bounds', lambda: tf.sparse_to_dense([0, 4], [4], [5, 7]),
     InvalidArgumentError,
     'indices[1] = [4] is out of bounds: need 0 <= index < [4] [Op:SparseToDense]'),
    ('tf1_sparse_to_dense_repeated', lambda: tf.sparse_to_dense([1, 1], [4], [5, 7]),
     InvalidArgumentError, 'indices[1] = [1] is repeated [Op:SparseToDense]'),
    ('tf1_sparse_to_dense_values', lambda: tf.sparse_to_dense([1, 2], [4], [5, 7, 8]),
     InvalidArgumentError,
     'sparse_values has incorrect shape [3], should be [] or [2] [Op:SparseToDense]'),
    ('tf1_sparse_to_dense_default_dtype', lambda: tf.sparse_to_dense(
        [1, 2], [4], [5, 7], default_value=0.5), TypeError,
     'Cannot convert 0.5 to EagerTensor of dtype int32'),
    ('tf1_sparse_to_dense_float_indices', lambda: tf.sparse_to_dense([1., 2.], [4], [5, 7]),
     InvalidArgumentError,
     "Value for attr 'Tindices' of float is not in the list of allowed values: int32, int64 "
     "[Op:SparseToDense]"),
    ('tf1_sparse_to_dense_rank', lambda: tf.sparse_to_dense([[1, 2]], [4], [5]),
     InvalidArgumentError,
     'output_shape has incorrect number of elements: 1 should be: 2 [Op:SparseToDense]'),
    ('tf1_sparse_to_dense_3d_indices', lambda: tf.sparse_to_dense(
        tf.zeros([1, 1, 1], tf.int32), [1], [1]), InvalidArgumentError,
     'sparse_indices should be a scalar, vector, or matrix, got shape [1,1,1] [Op:SparseToDense]'),
    ('tf1_sparse_to_dense_matrix_shape', lambda: tf.sparse_to_dense([0], [[2]], [1]),
     InvalidArgumentError, 'output_shape must be rank 1, got shape [1,1] [Op:SparseToDense]'),
    ('sparse_reorder_not_sparse', lambda: tf.sparse.reorder(tf.constant([1])), TypeError,
     'Input must be a SparseTensor.'),
    ('sparse_add_dense_dense', lambda: tf.sparse.add(tf.ones([2]), tf.ones([2])), TypeError,
     'At least one input should be SparseTensor; do you mean to use tf.add()?'),
    ('sparse_add_shapes', lambda: tf.sparse.add(SP, tf.SparseTensor([[0, 1]], [1], [3, 3])),
     InvalidArgumentError,
     "Operands' shapes do not match: got 2 and 3 for dimension 1 [Op:SparseAdd]"),
    ('sparse_add_dtypes', lambda: tf.sparse.add(SP, tf.SparseTensor([[0, 1]], [1.], [3, 2])),
     InvalidArgumentError,
     'cannot compute SparseAdd as input #4(zero-based) was expected to be a int32 tensor but is '
     'a float tensor [Op:SparseAdd]'),
    ('sparse_add_ranks', lambda: tf.sparse.add(tf.SparseTensor([[0]], [1], [2]),
                                               tf.SparseTensor([[0, 0]], [1], [2, 2])),
     InvalidArgumentError,
     'Input indices must have the same dimension, got 1 and 2 [Op:SparseAdd]'),
    ('sparse_add_both_thresholds', lambda: tf.sparse.add(
        SP, SP, threshold=1, thresh=1), ValueError,
     "Cannot specify both 'thresh' and 'threshold'."),
    ('sparse_add_dense_shape', lambda: tf.sparse.add(SP, tf.ones([2, 2], tf.int32)),
     InvalidArgumentError,
     'Dimension 0 does not equal (no broadcasting is supported): sparse side 3 vs dense side 2 '
     '[Op:SparseTensorDenseAdd]'),
    ('sparse_add_dense_rank', lambda: tf.sparse.add(tf.SparseTensor([[0]], [1], [2]),
                                                    tf.constant([[1, 2]])), InvalidArgumentError,
     'Two operands have different ranks; received: 1 and 2 [Op:SparseTensorDenseAdd]'),
    ('sparse_add_dense_dtype', lambda: tf.sparse.add(tf.SparseTensor([[0]], [1], [2]),
                                                     tf.constant([1., 2.])), InvalidArgumentError,
     'cannot compute SparseTensorDenseAdd as input #3(zero-based) was expected to be a int32 '
     'tensor but is a float tensor [Op:SparseTensorDenseAdd]'),
    # map_fn, foldl, foldr, scan
    ('map_fn_scalars', lambda: tf.map_fn(lambda x: x * 2, [1, 2, 3]), ValueError,
     'Elements in elems must be 1+ dimensional Tensors, not scalars'),
    ('map_fn_scalar_second', lambda: tf.map_fn(lambda x: x[0], (tf.zeros([2]), tf.constant(1.)),
                                               dtype=tf.float32), ValueError,
     'Shape () must have rank at least 1'),
    ('map_fn_lengths', lambda: tf.map_fn(lambda x: x[0], (tf.zeros([3]), tf.zeros([2])),
                                         dtype=tf.float32), ValueError,
     'Dimensions 3 and 2 are not compatible'),
    ('map_fn_wrong_dtype', lambda: tf.map_fn(lambda x: x, XF, dtype=tf.int32), InvalidArgumentError,
     'TensorArray dtype is int32 but Op is trying to write dtype float32 '),
    ('map_fn_missing_dtype', lambda: tf.map_fn(lambda x: tf.cast(x, tf.int32), XF),
     InvalidArgumentError, 'TensorArray dtype is float32 but Op is trying to write dtype int32 '),
    ('map_fn_python_float_for_ints', lambda: tf.map_fn(lambda x: 1.5, C3), InvalidArgumentError,
     'TensorArray dtype is int32 but Op is trying to write dtype float32 '),
    ('map_fn_shape_changes', lambda: tf.map_fn(lambda x: tf.range(x), tf.constant([1, 2])),
     ValueError, 'Incompatible shape for value ((2,)), expected ((1,))'),
    ('map_fn_shape_changes_uninferred', lambda: tf.map_fn(
        lambda x: tf.range(x), tf.constant([1, 2]), infer_shape=False),
     InvalidArgumentError,
     'Shapes of all inputs must match: values[0].shape = [1] != values[1].shape = [2] [Op:Pack]'),
    ('map_fn_none', lambda: tf.map_fn(lambda x: None, XF), ValueError,
     "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a "
     "Tensor."),
    ('map_fn_not_callable', lambda: tf.map_fn(1, XF), AttributeError,
     "'int' object has no attribute '__name__'"),
    ('foldl_scalars', lambda: tf.foldl(lambda a, x: a + x, [1, 2, 3, 4]), IndexError,
     'tuple index out of range'),
    ('foldl_empty', lambda: tf.foldl(lambda a, x: a + x, tf.zeros([0])), OutOfRangeError,
     'Tried to read from index 0 but array size is: 0 '),
    ('foldr_empty', lambda: tf.foldr(lambda a, x: a + x, tf.zeros([0])), OutOfRangeError,
     'Reading from negative indices (index -1) is not allowed.'),
    ('foldl_lengths', lambda: tf.foldl(lambda a, x: a + x[0] * x[1], (C3, C3[:2]), initializer=0),
     OutOfRangeError, 'Tried to read from index 2 but array size is: 2 '),
    ('foldl_none', lambda: tf.foldl(lambda a, x: None, C3, initializer=0), ValueError,
     "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a "
     "Tensor."),
    ('foldl_not_callable', lambda: tf.foldl(1, C3), AttributeError,
     "'int' object has no attribute '__name__'"),
    ('scan_empty', lambda: tf.scan(lambda a, x: a + x, tf.zeros([0, 2])), OutOfRangeError,
     'Tried to read from index 0 but array size is: 0 '),
    ('scan_reverse_empty', lambda: tf.scan(lambda a, x: a + x, tf.zeros([0]), reverse=True),
     OutOfRangeError, 'Reading from negative indices (index -1) is not allowed.'),
    ('scan_lengths', lambda: tf.scan(lambda a, x: a, (tf.zeros([3]), tf.zeros([2]))),
     OutOfRangeError, 'Tried to read from index 2 but array size is: 2 '),
    ('scan_dtype_changes', lambda: tf.scan(lambda a, x: tf.cast(a, tf.float32) + 0.5, C3),
     InvalidArgumentError, 'TensorArray dtype is int32 but Op is trying to write dtype float32 '),
    ('scan_python_float', lambda: tf.scan(lambda a, x: 7.5, C3), InvalidArgumentError,
     'TensorArray dtype is int32 but Op is trying to write dtype float32 '),
    ('scan_shape_changes', lambda: tf.scan(lambda a, x: tf.concat([a, [x]], 0),
                                           tf.constant([1., 2.]), initializer=tf.constant([0.])),
     ValueError, 'Incompatible shape for value ((2,)), expected ((1,))'),
    ('scan_shape_changes_uninferred', lambda: tf.scan(
        lambda a, x: tf.concat([a, [x]], 0), tf.constant([1., 2.]), initializer=tf.constant([0.]),
        infer_shape=False), InvalidArgumentError,
     'Shapes of all inputs must match: values[0].shape = [2] != values[1].shape = [3] [Op:Pack]'),
    ('scan_none', lambda: tf.scan(lambda a, x: None, C3, initializer=0), ValueError,
     "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a "
     "Tensor."),
]

# TF's text for these continues past the first line (it prints both structures).
STRUCTURE_ERRORS = [
    ('map_fn_tuple_without_dtype', lambda: tf.map_fn(_map_pair, (XF, XF * 10.)), ValueError),
    ('map_fn_tuple_for_tensor', lambda: tf.map_fn(lambda x: (x, x * 2), XF), ValueError),
    ('map_fn_list_for_tensor', lambda: tf.map_fn(lambda x: [x], XF), ValueError),
    ('map_fn_dtype_count', lambda: tf.map_fn(lambda x: x, (XF, XF), dtype=(tf.float32,)),
     ValueError),
    ('map_fn_list_for_tuple', lambda: tf.map_fn(lambda x: [x[0], x[1]], (XF, C3)), TypeError),
    ('map_fn_tuple_for_list', lambda: tf.map_fn(lambda x: (x[0], x[1]), [XF, C3]), TypeError),
    ('foldl_structure_changes', lambda: tf.foldl(lambda a, x: (a, x), C3, initializer=0),
     ValueError),
    ('scan_structure_changes', lambda: tf.scan(lambda a, x: (a, x), C3, initializer=0), ValueError),
]

NOT_FOUND = [
    ('matrix_set_diag_strings', lambda: tf.matrix_set_diag(tf.constant([['a', 'b'], ['c', 'd']]),
                                                           ['x', 'y']), 'MatrixSetDiagV3'),
    ('space_to_depth_vect_c', lambda: tf.space_to_depth(I4, 2, data_format='NCHW_VECT_C'),
     'SpaceToDepth'),
    ('batch_to_space_nd_strings', lambda: tf.batch_to_space_nd(
        tf.fill([4, 1, 1, 1], 's'), [2, 2], [[0, 0], [0, 0]]), 'BatchToSpaceND'),
    ('space_to_batch_nd_strings', lambda: tf.space_to_batch_nd(
        tf.fill([1, 2, 2, 1], 'a'), [2, 2], [[0, 0], [0, 0]]), 'SpaceToBatchND'),
    ('tensor_scatter_add_strings', lambda: tf.tensor_scatter_nd_add(
        tf.constant(['a', 'b']), [[1]], ['z']), 'TensorScatterAdd'),
    ('tensor_scatter_add_bool', lambda: tf.tensor_scatter_nd_add(
        tf.constant([True, False]), [[1]], [True]), 'TensorScatterAdd'),
    ('tensor_scatter_max_bool', lambda: tf.tensor_scatter_nd_max(
        tf.constant([True, False]), [[1]], [True]), 'TensorScatterMax'),
    ('tensor_scatter_max_complex', lambda: tf.tensor_scatter_nd_max(
        tf.constant([1j]), [[0]], [2j]), 'TensorScatterMax'),
    ('tensor_scatter_int16_indices', lambda: tf.tensor_scatter_nd_update(
        X, tf.constant([[1]], tf.int16), [[7, 8, 9]]), 'TensorScatterUpdate'),
]


@pytest.mark.parametrize("call,expected", [row[1:] for row in FORWARD],
                         ids=[row[0] for row in FORWARD])
def test_forward(call, expected):
    check_result(call(), expected)


@pytest.mark.parametrize("call,error,message", [row[1:] for row in ERRORS],
                         ids=[row[0] for row in ERRORS])
def test_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


@pytest.mark.parametrize("call,error", [row[1:] for row in STRUCTURE_ERRORS],
                         ids=[row[0] for row in STRUCTURE_ERRORS])
def test_structure_errors(call, error):
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert str(info.value).startswith(
        "The two structures don't have the same nested structure.\n\nFirst structure: ")


@pytest.mark.parametrize("call,op_name", [row[1:] for row in NOT_FOUND],
                         ids=[row[0] for row in NOT_FOUND])
def test_ops_without_cpu_kernels_raise_not_found(call, op_name):
    with pytest.raises(tf.errors.NotFoundError) as info:
        call()
    assert str(info.value).startswith(
        f"Could not find device for node: {{{{node {op_name}}}}} = {op_name}[")
    assert str(info.value).endswith(f" [Op:{op_name}]")


def test_channels_first_layouts_run_as_on_gpu():
    """TF's CPU kernels refuse NCHW (NotFoundError); like its GPU kernels, the shim runs it as
    the NHWC op on the transposed tensor."""
    x = tf.reshape(tf.range(32.), [1, 2, 4, 4])
    nchw = tf.space_to_depth(x, 2, data_format="NCHW")
    nhwc = tf.space_to_depth(tf.transpose(x, [0, 2, 3, 1]), 2)
    np.testing.assert_array_equal(nchw.numpy(), tf.transpose(nhwc, [0, 3, 1, 2]).numpy())
    back = tf.depth_to_space(nchw, 2, data_format="NCHW")
    np.testing.assert_array_equal(back.numpy(), x.numpy())


def test_setdiff1d_is_a_namedtuple():
    result = tf.setdiff1d([1, 2, 3], [2])
    assert type(result).__name__ == "ListDiff" and result._fields == ("out", "idx")
    assert result.out.numpy().tolist() == [1, 3] and result.idx.numpy().tolist() == [0, 2]


def test_get_static_value():
    value = tf.get_static_value(X)
    assert isinstance(value, np.ndarray) and value.tolist() == [[0, 1, 2], [3, 4, 5]]
    scalar = tf.get_static_value(tf.constant(3))
    assert isinstance(scalar, np.int32) and scalar == 3
    assert tf.get_static_value(tf.constant('a')) == b'a'
    assert tf.get_static_value(tf.Variable([1., 2.])) is None
    assert tf.get_static_value([1, 2]) == [1, 2]
    array = np.array([1., 2.])
    assert tf.get_static_value(array) is array


# ---- variable scatters and TF1 assigns -----------------------------------------------------------
def _variable():
    return tf.Variable([[1., 2.], [3., 4.], [5., 6.]])


VARIABLE_UPDATES = [
    ('scatter_update', lambda v: tf.scatter_update(v, [2, 0], [[9., 9.], [8., 8.]]),
     [[8., 8.], [3., 4.], [9., 9.]]),
    ('scatter_update_scalar_index', lambda v: tf.scatter_update(v, 1, [7., 7.]),
     [[1., 2.], [7., 7.], [5., 6.]]),
    ('scatter_update_scalar_update', lambda v: tf.scatter_update(v, [1], 7.),
     [[1., 2.], [7., 7.], [5., 6.]]),
    ('scatter_update_matrix_indices', lambda v: tf.scatter_update(
        v, [[0], [1]], [[[0., 0.]], [[1., 1.]]]), [[0., 0.], [1., 1.], [5., 6.]]),
    ('scatter_update_python_ints', lambda v: tf.scatter_update(v, [0], [[1, 1]]),
     [[1., 1.], [3., 4.], [5., 6.]]),
    ('scatter_add', lambda v: tf.scatter_add(v, [0, 0, 2], [[1., 1.], [10., 10.], [100., 100.]]),
     [[12., 13.], [3., 4.], [105., 106.]]),
    ('scatter_add_scalar', lambda v: tf.scatter_add(v, [0, 1], 1.), [[2., 3.], [4., 5.], [5., 6.]]),
    ('scatter_sub', lambda v: tf.scatter_sub(v, [0, 0], [[1., 1.], [10., 10.]]),
     [[-10., -9.], [3., 4.], [5., 6.]]),
    ('scatter_mul', lambda v: tf.scatter_mul(v, [0, 0], [[2., 2.], [3., 3.]]),
     [[6., 12.], [3., 4.], [5., 6.]]),
    ('scatter_mul_scalar', lambda v: tf.scatter_mul(v, [0], 2.), [[2., 4.], [3., 4.], [5., 6.]]),
    ('scatter_div', lambda v: tf.scatter_div(v, [0, 1], [[2., 2.], [3., 3.]]),
     [[0.5, 1.], [1., 1.3333333730697632], [5., 6.]]),
    ('scatter_div_repeated', lambda v: tf.scatter_div(v, [0, 0], [[2., 4.], [3., 3.]]),
     [[0.1666666716337204, 0.1666666716337204], [3., 4.], [5., 6.]]),
    ('scatter_max', lambda v: tf.scatter_max(v, [0, 1, 0], [[0., 5.], [4., 0.], [3., 1.]]),
     [[3., 5.], [4., 4.], [5., 6.]]),
    ('scatter_max_scalar', lambda v: tf.scatter_max(v, [0], 2.5), [[2.5, 2.5], [3., 4.], [5., 6.]]),
    ('scatter_min', lambda v: tf.scatter_min(v, [0, 1, 0], [[0., 5.], [4., 0.], [3., 1.]]),
     [[0., 1.], [3., 0.], [5., 6.]]),
    ('scatter_nd_update', lambda v: tf.scatter_nd_update(v, [[0, 1], [2, 0]], [20., 50.]),
     [[1., 20.], [3., 4.], [50., 6.]]),
    ('scatter_nd_update_rows', lambda v: tf.scatter_nd_update(v, [1], [[0., 0.]]),
     [[1., 2.], [0., 0.], [5., 6.]]),
    ('scatter_nd_add', lambda v: tf.scatter_nd_add(v, [[0, 1], [0, 1]], [20., 50.]),
     [[1., 72.], [3., 4.], [5., 6.]]),
    ('scatter_nd_sub', lambda v: tf.scatter_nd_sub(v, [[1]], [[1., 1.]]),
     [[1., 2.], [2., 3.], [5., 6.]]),
    ('scatter_nd_update_no_indices', lambda v: tf.scatter_nd_update(
        v, tf.zeros([0, 1], tf.int32), tf.zeros([0, 2])), [[1., 2.], [3., 4.], [5., 6.]]),
    ('assign', lambda v: tf.assign(v, tf.zeros([3, 2])), [[0., 0.], [0., 0.], [0., 0.]]),
    ('assign_add', lambda v: tf.assign_add(v, [[1., 1.], [1., 1.], [1., 1.]], use_locking=True,
                                           name='x'), [[2., 3.], [4., 5.], [6., 7.]]),
    ('assign_sub', lambda v: tf.assign_sub(v, [[1., 1.], [1., 1.], [1., 1.]]),
     [[0., 1.], [2., 3.], [4., 5.]]),
]


@pytest.mark.parametrize("update,expected", [row[1:] for row in VARIABLE_UPDATES],
                         ids=[row[0] for row in VARIABLE_UPDATES])
def test_variable_updates_happen_in_place_and_return_the_variable(update, expected):
    v = _variable()
    before = v.read_value()
    result = update(v)
    assert result is v
    np.testing.assert_array_equal(v.numpy(), np.asarray(expected, np.float32))
    np.testing.assert_array_equal(before.numpy(), [[1., 2.], [3., 4.], [5., 6.]])


def test_variable_scatters_of_other_dtypes():
    assert tf.scatter_div(tf.Variable([7, -7, 9]), [0, 1, 2], [2, 2, -2]).numpy().tolist() == \
        [3, -3, -4]
    assert tf.scatter_mul(tf.Variable([1, 2]), [0], [5]).numpy().tolist() == [5, 2]
    assert tf.scatter_max(tf.Variable([1, 2]), [0], [5]).numpy().tolist() == [5, 2]
    assert tf.scatter_update(tf.Variable(['a', 'b']), [0], ['z']).numpy().tolist() == [b'z', b'b']
    assert tf.scatter_nd_update(tf.Variable(['a', 'b']), [[0]], ['z']).numpy().tolist() == \
        [b'z', b'b']
    assert tf.scatter_update(tf.Variable([True, False]), [1], [True]).numpy().tolist() == \
        [True, True]
    assert tf.scatter_nd_update(tf.Variable([1., 2.]), tf.constant([[1]], tf.int64),
                                [5.]).numpy().tolist() == [1., 5.]


VARIABLE_ERRORS = [
    ('scatter_update_out_of_range', lambda v: tf.scatter_update(v, [3], [[1., 1.]]),
     InvalidArgumentError, 'indices[0] = 3 is not in [0, 3) [Op:ResourceScatterUpdate]'),
    ('scatter_add_negative', lambda v: tf.scatter_add(v, [-1], [[1., 1.]]),
     InvalidArgumentError, 'indices[0] = -1 is not in [0, 3) [Op:ResourceScatterAdd]'),
    ('scatter_mul_out_of_range', lambda v: tf.scatter_mul(v, [0, 5], [[1., 1.], [1., 1.]]),
     InvalidArgumentError, 'indices[1] = 5 is not in [0, 3) [Op:ResourceScatterMul]'),
    ('scatter_update_shape', lambda v: tf.scatter_update(v, [0], [1., 1.]), InvalidArgumentError,
     'Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], got '
     'updates.shape [2], indices.shape [1], params.shape [3,2] [Op:ResourceScatterUpdate]'),
    ('scatter_add_shape', lambda v: tf.scatter_add(v, [0], [1., 1.]), InvalidArgumentError,
     'Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], got '
     'updates.shape [2], indices.shape [1], params.shape [3,2] [Op:ResourceScatterAdd]'),
    ('scatter_update_dtype', lambda v: tf.scatter_update(v, [0], tf.constant([[1, 1]])),
     ValueError,
     'Tensor conversion requested dtype float32 for Tensor with dtype int32: <tf.Tensor: '
     'shape=(1, 2), dtype=int32, numpy=array([[1, 1]], dtype=int32)>'),
    ('scatter_update_float_indices', lambda v: tf.scatter_update(v, [0.], [[1., 1.]]),
     InvalidArgumentError,
     "Value for attr 'Tindices' of float is not in the list of allowed values: int32, int64 "
     "[Op:ResourceScatterUpdate]"),
    ('scatter_nd_update_out_of_range', lambda v: tf.scatter_nd_update(v, [[3, 0]], [1.]),
     InvalidArgumentError,
     'indices[0] = [3, 0] does not index into shape [3,2] [Op:ResourceScatterNdUpdate]'),
    ('scatter_nd_add_out_of_range', lambda v: tf.scatter_nd_add(v, [[0, 2]], [1.]),
     InvalidArgumentError,
     'indices[0] = [0, 2] does not index into shape [3,2] [Op:ResourceScatterNdAdd]'),
    ('scatter_nd_update_leading_dims', lambda v: tf.scatter_nd_update(v, [[0, 1]], [1., 2.]),
     InvalidArgumentError,
     'Dimensions [0,1) of indices[shape=[1,2]] = 1 must match dimensions [0,1) of '
     'updates[shape=[2]] = 2 [Op:ResourceScatterNdUpdate]'),
    ('scatter_nd_update_slice_dims', lambda v: tf.scatter_nd_update(v, [[0]], [[1., 2., 3.]]),
     InvalidArgumentError,
     'Dimensions [1,2) of input[shape=[3,2]] must match dimensions [1,2) of '
     'updates[shape=[1,3]] [Op:ResourceScatterNdUpdate]'),
    ('scatter_nd_update_deep_index', lambda v: tf.scatter_nd_update(v, [[0, 1, 1]], [1.]),
     InvalidArgumentError,
     'Dimensions [3,2) of input[shape=[3,2]] must match dimensions [3,1) of updates[shape=[1]] '
     '[Op:ResourceScatterNdUpdate]'),
    ('scatter_nd_add_leading_dims', lambda v: tf.scatter_nd_add(v, [[0]], [1., 2.]),
     InvalidArgumentError,
     'Dimensions [0,1) of indices[shape=[1,1]] = 1 must match dimensions [0,1) of '
     'updates[shape=[2]] = 2 [Op:ResourceScatterNdAdd]'),
    ('scatter_nd_update_float_indices', lambda v: tf.scatter_nd_update(v, [[1.]], [[5., 5.]]),
     InvalidArgumentError,
     "Value for attr 'Tindices' of float is not in the list of allowed values: int32, int64 "
     "[Op:ResourceScatterNdUpdate]"),
]


@pytest.mark.parametrize("update,error,message", [row[1:] for row in VARIABLE_ERRORS],
                         ids=[row[0] for row in VARIABLE_ERRORS])
def test_variable_update_errors_leave_the_variable_unchanged(update, error, message):
    v = _variable()
    with pytest.raises(error) as info:
        update(v)
    assert str(info.value) == message
    np.testing.assert_array_equal(v.numpy(), [[1., 2.], [3., 4.], [5., 6.]])


def test_variable_update_errors_by_dtype():
    with pytest.raises(InvalidArgumentError, match="updates must not contain 0 "
                                                   r"\[Op:ResourceScatterDiv\]"):
        tf.scatter_div(tf.Variable([7, -7, 9]), [0], [0])
    with pytest.raises(InvalidArgumentError, match="Value for attr 'dtype' of string is not in "
                                                   "the list of allowed values: float, double"):
        tf.scatter_add(tf.Variable(['a', 'b']), [0], ['z'])
    with pytest.raises(InvalidArgumentError, match="Value for attr 'dtype' of bool is not in "):
        tf.scatter_max(tf.Variable([True]), [0], [True])
    with pytest.raises(InvalidArgumentError, match="No OpKernel was registered to support Op "
                                                   "'ResourceScatterMax'"):
        tf.scatter_max(tf.Variable([1j, 2j]), [0], [1j])
    with pytest.raises(InvalidArgumentError, match="No OpKernel was registered to support Op "
                                                   "'ResourceScatterNdAdd'"):
        tf.scatter_nd_add(tf.Variable(['a', 'b']), [[0]], ['z'])
    with pytest.raises(InvalidArgumentError, match="Indices and updates specified for empty "
                                                   r"output.  indices shape: \[1,1\]"):
        tf.scatter_nd_update(tf.Variable(tf.zeros([0, 2])), [[0]], [[1., 2.]])
    with pytest.raises(InvalidArgumentError, match=r"Must have updates.shape = .*params.shape "
                                                   r"\[\] \[Op:ResourceScatterUpdate\]"):
        tf.scatter_update(tf.Variable(1.), [0], [2.])


@pytest.mark.parametrize("call", [
    lambda: tf.scatter_update(tf.constant([1., 2.]), [0], [5.]),
    lambda: tf.scatter_nd_update(tf.constant([1., 2.]), [[0]], [5.]),
    lambda: tf.assign(tf.constant(1.), 2.),
    lambda: tf.assign_add(tf.constant(1.), 2.),
    lambda: tf.assign_sub(tf.constant(1.), 2.),
], ids=["scatter_update", "scatter_nd_update", "assign", "assign_add", "assign_sub"])
def test_updates_need_a_variable(call):
    with pytest.raises(AttributeError):
        call()


# ---- SparseTensors -------------------------------------------------------------------------
def test_sparse_reorder():
    r = tf.sparse.reorder(tf.SparseTensor([[2, 0], [0, 1], [0, 0]], [5, 7, 9], [3, 2]))
    assert isinstance(r, tf.SparseTensor)
    assert r.indices.numpy().tolist() == [[0, 0], [0, 1], [2, 0]] and r.indices.dtype == tf.int64
    assert r.values.numpy().tolist() == [9, 7, 5] and r.dense_shape.numpy().tolist() == [3, 2]
    repeated = tf.sparse_reorder(tf.SparseTensor([[1], [0], [1]], [1, 2, 3], [3]))
    assert repeated.values.numpy().tolist() == [2, 1, 3]


@pytest.mark.parametrize("a,b,threshold,indices,values", [
    (([[0, 1], [2, 0]], [5, 7]), ([[0, 1], [1, 1]], [1, 2]), None,
     [[0, 1], [1, 1], [2, 0]], [6, 2, 7]),
    (([[0, 1], [2, 0]], [5, 7]), ([[0, 1], [1, 1]], [-5, 2]), 1,
     [[1, 1], [2, 0]], [2, 7]),
    (([[0, 0], [0, 1]], [0.5, 5.]), ([[0, 1], [1, 1]], [-4.9, 0.2]), 1.,
     [[0, 0], [1, 1]], [0.5, 0.20000000298023224]),
    (([[1, 0], [0, 1]], [1, 2]), ([[0, 1], [1, 0]], [10, 20]), None,
     [[0, 1], [1, 0], [0, 1]], [10, 21, 2]),
], ids=["sum", "threshold", "threshold_only_sums", "unsorted_inputs_merge_as_tf"])
def test_sparse_add_sparse(a, b, threshold, indices, values):
    shape = [3, 2]
    r = tf.sparse.add(tf.SparseTensor(a[0], a[1], shape), tf.SparseTensor(b[0], b[1], shape),
                      threshold=threshold)
    assert isinstance(r, tf.SparseTensor)
    assert r.indices.numpy().tolist() == indices and r.dense_shape.numpy().tolist() == shape
    np.testing.assert_array_equal(r.values.numpy(), np.asarray(values, r.values.dtype.name))


def test_sparse_add_threshold_drops_to_empty():
    r = tf.sparse_add(tf.SparseTensor([[0]], [1.5], [2]), tf.SparseTensor([[0]], [1.], [2]),
                      thresh=3)
    assert r.values.dtype == tf.float32 and r.values.shape.as_list() == [0]
    assert r.indices.shape.as_list() == [0, 1]


# ---- gradients against central finite differences ------------------------------------------------
A3 = np.array([0.5, -1.25, 2.0])
A23 = np.array([[0.5, -1.25, 2.0], [1.5, 0.75, -0.5]])
A34 = np.arange(12.).reshape(3, 4) * 0.25 - 1.0
A1442 = np.linspace(-2.0, 2.0, 32).reshape(1, 4, 4, 2)


def _sparse_values_to_dense(x):
    return tf.sparse.to_dense(tf.SparseTensor([[0, 1], [2, 0]], x[0, :2], [3, 2]),
                              default_value=x[1, 0])


GRADIENTS = [
    ("roll", lambda x: tf.roll(x, [1, -1], [0, 1]), A23),
    ("repeat", lambda x: tf.repeat(x, [2, 0, 3], axis=1), A23),
    ("repeat_flat", lambda x: tf.repeat(x, 2), A23),
    ("matrix_set_diag", lambda x: tf.matrix_set_diag(x, x[0, :3] * 3.0), A34),
    ("matrix_set_diag_band", lambda x: tf.linalg.set_diag(x, x[:2, :3], k=(0, 1)), A34),
    ("space_to_depth", lambda x: tf.space_to_depth(x, 2), A1442),
    ("depth_to_space", lambda x: tf.depth_to_space(tf.reshape(x, [1, 2, 2, 8]), 2), A1442),
    ("space_to_batch_nd", lambda x: tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]]), A1442),
    ("batch_to_space_nd", lambda x: tf.batch_to_space_nd(tf.reshape(x, [4, 2, 2, 2]), [2, 2],
                                                         [[1, 0], [0, 1]]), A1442),
    ("dynamic_partition", lambda x: tf.dynamic_partition(x, [[1, 0, 1], [0, 0, 1]], 2)[1], A23),
    ("dynamic_stitch", lambda x: tf.dynamic_stitch([[0, 2], [1, 2]], [x[0, :2], x[1, 1:]]), A23),
    ("tensor_scatter_nd_update", lambda x: tf.tensor_scatter_nd_update(
        x, [[0, 1], [1, 2], [0, 1]], x[1] * 2.0), A23),
    ("tensor_scatter_nd_add", lambda x: tf.tensor_scatter_nd_add(
        x, [[1], [1]], tf.stack([x[0], x[0] * x[0]])), A23),
    ("tensor_scatter_nd_sub", lambda x: tf.tensor_scatter_nd_sub(x, [[0, 0], [1, 1]], x[1, :2]),
     A23),
    ("ensure_shape", lambda x: tf.ensure_shape(x, [None, 3]), A23),
    ("indexed_slices", lambda x: tf.convert_to_tensor(tf.IndexedSlices(
        x, tf.constant([2, 0]), tf.constant([3, 3]))), A23),
    ("sparse_to_dense", _sparse_values_to_dense, A23),
    ("sparse_to_dense_tf1", lambda x: tf.sparse_to_dense([1, 3], [4], x[0, :2]), A23),
    ("sparse_add_dense", lambda x: tf.sparse.add(tf.SparseTensor([[0, 1], [0, 1]], x[1, :2],
                                                                 [2, 3]), x), A23),
    ("sparse_add_sparse", lambda x: tf.sparse.add(
        tf.SparseTensor([[0], [2]], x[0, :2], [3]), tf.SparseTensor([[0], [1]], x[1, :2], [3])
    ).values, A23),
    ("sparse_reorder", lambda x: tf.sparse.reorder(
        tf.SparseTensor([[2], [0], [1]], x[0], [3])).values, A23),
    ("map_fn", lambda x: tf.map_fn(lambda row: row * row[0], x), A23),
    ("map_fn_tuple", lambda x: tf.map_fn(lambda p: p[0] * p[1], (x[0], x[1]),
                                         dtype=tf.float64), A23),
    ("foldl", lambda x: tf.foldl(lambda a, row: a * row + 1.0, x), A23),
    ("foldr", lambda x: tf.foldr(lambda a, v: a * v + 1.0, x[0], initializer=x[1, 0]), A23),
    ("scan", lambda x: tf.scan(lambda a, row: a * row, x), A23),
    ("scan_reverse_initializer", lambda x: tf.scan(lambda a, v: a * v + 1.0, x[0],
                                                   initializer=x[1, 1], reverse=True), A23),
]


@pytest.mark.parametrize("fn,x0", [row[1:] for row in GRADIENTS],
                         ids=[row[0] for row in GRADIENTS])
def test_gradient_matches_finite_differences(fn, x0):
    weighted_gradient_check(fn, x0)


def test_gradients_reach_variables_read_inside_map_fn():
    """TF's values: d/dw sum(map_fn(v * w)) over [1, 2, 3] is 6; back_prop=False is ignored
    eagerly, as in TF."""
    w = tf.Variable(2.)
    x = tf.constant([1., 2., 3.])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.map_fn(lambda v: v * w, x, back_prop=False))
    assert tape.gradient(y, w).numpy() == 6.0
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.scan(lambda a, v: a * v + 1., x, initializer=tf.constant(2.),
                                  reverse=True))
    assert y.numpy() == 38.0
    assert tape.gradient(y, x).numpy().tolist() == [15., 14., 10.]


def test_new_names_are_registered_where_tf1_has_them():
    for path in ("manip.roll", "nn.space_to_depth", "nn.depth_to_space", "nn.space_to_batch",
                 "linalg.set_diag", "manip.space_to_batch_nd", "manip.batch_to_space_nd",
                 "sparse.to_dense", "sparse.reorder", "sparse.add", "tensor_scatter_update",
                 "tensor_scatter_add", "tensor_scatter_sub"):
        namespace, _, leaf = path.rpartition(".")
        assert getattr(getattr(tf, namespace) if namespace else tf, leaf) is not None
    assert sys.modules["tfeager_compat.sparse"].to_dense is tf.sparse_tensor_to_dense
