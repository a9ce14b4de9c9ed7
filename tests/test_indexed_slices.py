"""tf.IndexedSlices: the class, its conversions, and the tape's sparse gradients of gathers.

Every expected string and number is TensorFlow's (TF 2.21 compat.v1 through the oracle; TF 1.15's
source where the two differ: conversion messages, no `shape` property).
"""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

tfe = tf.contrib.eager
InvalidArgumentError = tf.errors.InvalidArgumentError


def _slices(values=((1., 2.), (3., 4.)), indices=(2, 0), dense_shape=(3, 2)):
    return tf.IndexedSlices(tf.constant(values), tf.constant(indices),
                            None if dense_shape is None else tf.constant(dense_shape))


def _table():
    return tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


def _parts(g):
    """An IndexedSlices as plain values: (indices, values, dense shape, indices dtype)."""
    assert type(g) is tf.IndexedSlices
    return (g.indices.numpy().tolist(), g.values.numpy().tolist(),
            g.dense_shape.numpy().tolist(), g.indices.dtype.name)


# ---- the class ---------------------------------------------------------------------------------
def test_indexed_slices_class():
    s = _slices()
    assert s.values.numpy().tolist() == [[1., 2.], [3., 4.]]
    assert s.indices.numpy().tolist() == [2, 0] and s.dense_shape.numpy().tolist() == [3, 2]
    assert s.dtype == tf.float32 and s.device == s.values.device
    assert str(s) == ("IndexedSlices(indices=tf.Tensor([2 0], shape=(2,), dtype=int32), "
                      "values=tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32), "
                      "dense_shape=tf.Tensor([3 2], shape=(2,), dtype=int32))")
    assert repr(s).startswith("<tensorflow.python.framework.indexed_slices.IndexedSlices "
                              "object at 0x")
    assert not isinstance(s, tf.Tensor)
    negated = -s
    assert type(negated) is tf.IndexedSlices and negated.indices is s.indices
    assert negated.values.numpy().tolist() == [[-1., -2.], [-3., -4.]]
    unshaped = _slices(dense_shape=None)
    assert unshaped.dense_shape is None
    assert str(unshaped).endswith("shape=(2, 2), dtype=float32))")


@pytest.mark.parametrize("use, error, message", [
    (lambda s: s.numpy(), AttributeError, "'IndexedSlices' object has no attribute 'numpy'"),
    (lambda s: s.shape, AttributeError, "'IndexedSlices' object has no attribute 'shape'"),
    (lambda s: s * 0.5, TypeError,
     "unsupported operand type(s) for *: 'IndexedSlices' and 'float'"),
    (lambda s: 0.5 * s, TypeError,
     "unsupported operand type(s) for *: 'float' and 'IndexedSlices'"),
    (lambda s: s + s, TypeError,
     "unsupported operand type(s) for +: 'IndexedSlices' and 'IndexedSlices'"),
    (lambda s: len(s), TypeError, "object of type 'IndexedSlices' has no len()"),
    (lambda s: s[0], TypeError, "'IndexedSlices' object is not subscriptable"),
    (lambda s: list(s), TypeError, "'IndexedSlices' object is not iterable"),
])
def test_indexed_slices_is_no_tensor(use, error, message):
    with pytest.raises(error) as info:
        use(_slices())
    assert str(info.value) == message


def test_numpy_sees_an_object():
    array = np.asarray(_slices())  # TF's IndexedSlices has no __array__
    assert array.dtype == object and array.shape == ()


# ---- made dense where an op needs a tensor ---------------------------------------------------
@pytest.mark.parametrize("make, expected, dtype", [
    (lambda: tf.convert_to_tensor(_slices()), [[3., 4.], [0., 0.], [1., 2.]], "float32"),
    (lambda: tf.convert_to_tensor(_slices(indices=(1, 1))), [[0., 0.], [4., 6.], [0., 0.]],
     "float32"),
    (lambda: tf.convert_to_tensor(tf.IndexedSlices(tf.constant([[1., 2.]]),
                                                   tf.constant([1], tf.int64),
                                                   tf.constant([2, 2], tf.int64))),
     [[0., 0.], [1., 2.]], "float32"),
    (lambda: tf.convert_to_tensor(_slices((1., 2.), (0, 2), (3,))), [1., 0., 2.], "float32"),
    (lambda: tf.add(_slices(), 1.), [[4., 5.], [1., 1.], [2., 3.]], "float32"),
    (lambda: tf.constant(0.5) * _slices(), [[1.5, 2.], [0., 0.], [0.5, 1.]], "float32"),
    (lambda: tf.reduce_sum(_slices()), 10., "float32"),
    (lambda: tf.add_n([_slices()]), [[3., 4.], [0., 0.], [1., 2.]], "float32"),
    (lambda: tf.add_n([_slices(), _slices()]), [[6., 8.], [0., 0.], [2., 4.]], "float32"),
    (lambda: tf.add_n([_slices(), tf.ones([3, 2])]), [[4., 5.], [1., 1.], [2., 3.]], "float32"),
])
def test_made_dense(make, expected, dtype):
    t = make()
    assert isinstance(t, tf.Tensor) and t.numpy().tolist() == expected and t.dtype.name == dtype


@pytest.mark.parametrize("call, error, message", [
    (lambda: tf.convert_to_tensor(_slices(), tf.int32), ValueError,
     "Tensor conversion requested dtype int32 for IndexedSlices with dtype float32"),
    (lambda: tf.convert_to_tensor(_slices(dense_shape=None)), ValueError,
     "Tensor conversion requested for IndexedSlices without dense_shape: IndexedSlices("
     "indices=tf.Tensor([2 0], shape=(2,), dtype=int32), values=tf.Tensor(\n[[1. 2.]\n [3. 4.]], "
     "shape=(2, 2), dtype=float32))"),
    (lambda: tf.convert_to_tensor(_slices(indices=(5, 0))), InvalidArgumentError,
     "segment_ids[0] = 5 is out of range [0, 3) [Op:UnsortedSegmentSum]"),
    (lambda: tf.convert_to_tensor_or_indexed_slices(_slices(), tf.float64), ValueError,
     "Tensor conversion requested dtype float64 for Tensor with dtype float32: 'IndexedSlices("
     "indices=tf.Tensor([2 0], shape=(2,), dtype=int32), values=tf.Tensor(\\n[[1. 2.]\\n [3. 4.]], "
     "shape=(2, 2), dtype=float32), dense_shape=tf.Tensor([3 2], shape=(2,), dtype=int32))'"),
])
def test_conversion_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_convert_to_tensor_or_indexed_slices_keeps_it():
    s = _slices()
    assert tf.convert_to_tensor_or_indexed_slices(s) is s
    assert tf.convert_to_tensor_or_indexed_slices([1, 2]).numpy().tolist() == [1, 2]


# ---- clipping clips the values ---------------------------------------------------------------
def test_clip_by_norm_and_value_return_indexed_slices():
    s = _slices(((1., 1.), (2., 2.), (3., 3.)), (2, 0, 2))
    clipped = tf.clip_by_norm(s, 1.0)
    assert clipped.indices is s.indices and clipped.dense_shape is s.dense_shape
    np.testing.assert_allclose(clipped.values.numpy(), [[0.18898225, 0.18898225],
                                                        [0.3779645, 0.3779645],
                                                        [0.56694674, 0.56694674]], rtol=1e-6)
    rows = tf.clip_by_norm(_slices(((1., 2.),), (1,)), 1.0, axes=[1])
    np.testing.assert_allclose(rows.values.numpy(), [[0.4472136, 0.8944272]], rtol=1e-6)
    bounded = tf.clip_by_value(s, 0.0, 2.5)
    assert type(bounded) is tf.IndexedSlices
    assert bounded.values.numpy().tolist() == [[1., 1.], [2., 2.], [2.5, 2.5]]


def test_clip_by_global_norm_uses_the_values():
    # A row named twice counts twice: the norm is of the values, not of the dense tensor.
    s = _slices(((1., 1.), (2., 2.), (3., 3.)), (2, 0, 2))
    (clipped, dense, none), norm = tf.clip_by_global_norm([s, tf.constant([3.0, 4.0]), None], 1.0)
    assert norm.numpy() == pytest.approx(7.280109882354736) and none is None
    assert type(clipped) is tf.IndexedSlices and clipped.indices is s.indices
    np.testing.assert_allclose(dense.numpy(), [0.41208166, 0.54944223], rtol=1e-6)
    np.testing.assert_allclose(clipped.values.numpy(), [[0.13736056, 0.13736056],
                                                        [0.27472112, 0.27472112],
                                                        [0.41208166, 0.41208166]], rtol=1e-6)
    assert tf.global_norm([s]).numpy() == pytest.approx(5.2915025)
    given = tf.clip_by_global_norm([_slices(((1., 2.),), (1,))], 1.0, use_norm=tf.constant(4.0))
    assert given[0][0].values.numpy().tolist() == [[0.25, 0.5]]


# ---- the tape answers gathers with IndexedSlices ---------------------------------------------
def _gradient(f, watched=False):
    source = (tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]) if watched else _table())
    with tf.GradientTape() as tape:
        if watched:
            tape.watch(source)
        y = f(source)
    return tape.gradient(y, source)


SPARSE = [
    # name, f(source), watched tensor (else a variable), (indices, values, dense_shape, dtype)
    ("gather", lambda s: tf.reduce_sum(tf.gather(s, [2, 0]) ** 2), False,
     ([2, 0], [[10., 12.], [2., 4.]], [3, 2], "int32")),
    ("gather_tensor", lambda s: tf.reduce_sum(tf.gather(s, [2, 0])), True,
     ([2, 0], [[1., 1.], [1., 1.]], [3, 2], "int32")),
    ("nested_indices", lambda s: tf.reduce_sum(tf.gather(s, [[2, 0], [1, 1]])), False,
     ([2, 0, 1, 1], [[1., 1.]] * 4, [3, 2], "int32")),
    ("scalar_index", lambda s: tf.reduce_sum(tf.gather(s, 1)), True,
     ([1], [[1., 1.]], [3, 2], "int32")),
    ("int64_indices", lambda s: tf.reduce_sum(tf.gather(s, tf.constant([1], tf.int64))), False,
     ([1], [[1., 1.]], [3, 2], "int64")),
    ("axis_tensor_0", lambda s: tf.reduce_sum(tf.gather(s, [1], axis=tf.constant(0))), True,
     ([1], [[1., 1.]], [3, 2], "int32")),
    ("empty", lambda s: tf.reduce_sum(tf.gather(s, tf.zeros([0], tf.int32))), False,
     ([], [], [3, 2], "int32")),
    ("embedding_lookup", lambda s: tf.reduce_sum(tf.nn.embedding_lookup(s, [[1, 2]])), False,
     ([1, 2], [[1., 1.], [1., 1.]], [3, 2], "int32")),
    ("embedding_lookup_tensor", lambda s: tf.reduce_sum(tf.nn.embedding_lookup(s, [2, 0, 2])),
     True, ([2, 0, 2], [[1., 1.]] * 3, [3, 2], "int32")),
    ("gathered_rows_used_twice",
     lambda s: tf.reduce_sum(tf.gather(s, [1])) + tf.reduce_sum(tf.gather(s, [1]) * 3.0), False,
     ([1, 1], [[1., 1.], [3., 3.]], [3, 2], "int32")),
    ("one_gather_used_twice",
     lambda s: (lambda y: tf.reduce_sum(y) + tf.reduce_sum(y * 3.0))(tf.gather(s, [1])), False,
     ([1], [[4., 4.]], [3, 2], "int32")),
    ("through_identity", lambda s: tf.reduce_sum(tf.gather(tf.identity(s), [1])), True,
     ([1], [[1., 1.]], [3, 2], "int32")),
    ("through_identity_of_variable", lambda s: tf.reduce_sum(tf.gather(tf.identity(s), [1])),
     False, ([1], [[1., 1.]], [3, 2], "int32")),
    ("stop_gradient_use", lambda s: tf.reduce_sum(tf.gather(s, [1])) +
     tf.reduce_sum(tf.stop_gradient(s)), False, ([1], [[1., 1.]], [3, 2], "int32")),
    ("argmax_use", lambda s: tf.reduce_sum(tf.gather(s, [1])) +
     tf.cast(tf.argmax(tf.reshape(s, [-1])), tf.float32), False,
     ([1], [[1., 1.]], [3, 2], "int32")),
]


@pytest.mark.parametrize("name, f, watched, expected", SPARSE, ids=[c[0] for c in SPARSE])
def test_gathers_give_indexed_slices(name, f, watched, expected):
    g = _gradient(f, watched)
    assert _parts(g) == expected
    assert g.values.dtype == tf.float32 and g.dense_shape.dtype == tf.int32


DENSE = [
    ("axis_1", lambda s: tf.reduce_sum(tf.gather(s, [1, 1], axis=1)), False,
     [[0., 2.], [0., 2.], [0., 2.]]),
    ("batch_dims", lambda s: tf.reduce_sum(tf.gather(s, [[1], [0], [1]], batch_dims=1)), True,
     [[0., 1.], [1., 0.], [0., 1.]]),
    ("gather_and_dense_use", lambda s: tf.reduce_sum(tf.gather(s, [2])) + tf.reduce_sum(s), False,
     [[1., 1.], [1., 1.], [2., 2.]]),
    ("gather_and_identity_use", lambda s: tf.reduce_sum(tf.gather(s, [1])) +
     tf.reduce_sum(tf.identity(s)), True, [[1., 1.], [2., 2.], [1., 1.]]),
    ("gather_of_a_product", lambda s: tf.reduce_sum(tf.gather(s * 2.0, [1])), True,
     [[0., 0.], [2., 2.], [0., 0.]]),
    ("gather_of_a_reshape", lambda s: tf.reduce_sum(tf.gather(tf.reshape(s, [6]), [1])), True,
     [[0., 1.], [0., 0.], [0., 0.]]),
    ("boolean_mask", lambda s: tf.reduce_sum(tf.boolean_mask(s, [True, False, True])), True,
     [[1., 1.], [0., 0.], [1., 1.]]),
    ("dynamic_partition", lambda s: tf.reduce_sum(tf.dynamic_partition(s, [0, 1, 0], 2)[0]),
     True, [[1., 1.], [0., 0.], [1., 1.]]),
]


@pytest.mark.parametrize("name, f, watched, expected", DENSE, ids=[c[0] for c in DENSE])
def test_other_gathers_give_dense_gradients(name, f, watched, expected):
    g = _gradient(f, watched)
    assert isinstance(g, tf.Tensor) and g.numpy().tolist() == expected


def _ordered(combine):
    """The gradient of `combine(a, b, c)` for a, b, c = gathers of rows 0, 1, 2 (in that
    order) of a [5, 1] variable."""
    v = tf.Variable([[1.0], [2.0], [3.0], [4.0], [5.0]])
    with tf.GradientTape() as tape:
        y = combine(tf.gather(v, [0]), tf.gather(v, [1]), tf.gather(v, [2]))
    g = tape.gradient(y, v)
    return g.indices.numpy().tolist(), g.values.numpy().ravel().tolist()


S = tf.reduce_sum


@pytest.mark.parametrize("combine, indices, values", [
    # TF's tape runs the backward ops in a FIFO queue from the target; the pieces come in the
    # order their gathers are reached.
    (lambda a, b, c: S(b) + S(a), [1, 0], [1.0, 1.0]),
    (lambda a, b, c: S(a) + S(b) + S(c), [2, 0, 1], [1.0, 1.0, 1.0]),
    (lambda a, b, c: S(c) + (S(b) + S(a)), [2, 1, 0], [1.0, 1.0, 1.0]),
    (lambda a, b, c: S(tf.exp(tf.sin(a)) * 2.0 + b), [1, 0], [1.0, 2.506761312484741]),
    (lambda a, b, c: S(a + tf.exp(tf.sin(b)) * 2.0), [0, 1], [1.0, -2.0662336349487305]),
    (lambda a, b, c: S(tf.concat([c, tf.exp(a), b], 0)), [2, 1, 0], [1.0, 1.0, 2.7182817]),
])
def test_pieces_come_in_tf_order(combine, indices, values):
    got_indices, got_values = _ordered(combine)
    assert got_indices == indices
    np.testing.assert_allclose(got_values, values, rtol=1e-6)


def test_pieces_of_mixed_index_dtypes_become_int64():
    v = _table()
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(v, [0]) + tf.gather(v, tf.constant([1], tf.int64)))
    assert _parts(tape.gradient(y, v)) == ([0, 1], [[1., 1.], [1., 1.]], [3, 2], "int64")


def test_an_embedding_lookup_comes_after_a_gather():
    v = tf.Variable([[1.0], [2.0], [3.0]])
    with tf.GradientTape() as tape:  # embedding_lookup ends with an Identity in TF
        y = S(tf.nn.embedding_lookup(v, [0])) + S(tf.gather(v, [1]))
    assert tape.gradient(y, v).indices.numpy().tolist() == [1, 0]


def test_max_norm_rows_and_casts():
    v = tf.Variable([[0.6, -0.8], [3.0, 4.0], [1.0, -2.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.nn.embedding_lookup(v, [1, 2], max_norm=1.0) *
                          tf.constant([[0.1, 0.2], [0.3, 0.4]]))
    g = tape.gradient(y, v)
    assert g.indices.numpy().tolist() == [1, 2]
    np.testing.assert_allclose(g.values.numpy(), [[-0.006400004029273987, 0.004799995571374893],
                                                  [0.17888544499874115, 0.08944273740053177]],
                                rtol=1e-5)
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], tf.float64)
    with tf.GradientTape() as tape:  # Cast hands the slices on, casting their values back
        tape.watch(x)
        y = (tf.reduce_sum(tf.gather(tf.identity(tf.cast(x, tf.float32)), [1]) * 3.0) +
             tf.cast(tf.reduce_sum(tf.gather(x, [0])), tf.float32))
    g = tape.gradient(y, x)
    assert g.values.dtype == tf.float64
    assert _parts(g) == ([0, 1], [[1., 1.], [3., 3.]], [3, 2], "int32")


def test_float64_and_complex_tables():
    v = tf.Variable([[1.0], [2.0]], dtype=tf.float64)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(v, tf.constant([[1, 1]], tf.int64)))
    g = tape.gradient(y, v)
    assert g.values.dtype == tf.float64 and _parts(g) == ([1, 1], [[1.], [1.]], [2, 1], "int64")
    c = tf.Variable([[1.0 + 1j], [2.0 - 1j]], dtype=tf.complex64)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(c, [1]) * tf.constant([[2.0 + 1j]], tf.complex64))
    assert tape.gradient(y, c).values.numpy().tolist() == [[2 - 1j]]  # TF's conjugate


def test_output_gradients_targets_and_persistent_tapes():
    v = _table()
    with tf.GradientTape(persistent=True) as tape:
        y = tf.gather(v, [2, 0])
        z = tf.reduce_sum(y * y)
    weighted = tape.gradient(y, v, output_gradients=tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    assert _parts(weighted) == ([2, 0], [[1., 2.], [3., 4.]], [3, 2], "int32")
    assert _parts(tape.gradient([y, z], v)) == ([2, 0], [[11., 13.], [3., 5.]], [3, 2], "int32")
    assert _parts(tape.gradient(z, v)) == ([2, 0], [[10., 12.], [2., 4.]], [3, 2], "int32")
    unused = tf.Variable(1.0)
    sparse, zero = tape.gradient(z, [v, unused],
                                 unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert type(sparse) is tf.IndexedSlices and zero.numpy() == 0.0
    jacobian = tape.jacobian(y, v)  # jacobians stay dense, as in TF
    assert isinstance(jacobian, tf.Tensor) and jacobian.shape == (2, 2, 3, 2)
    assert jacobian.numpy()[0, 0].tolist() == [[0., 0.], [0., 0.], [1., 0.]]


def test_watched_intermediate_result():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        h = x * 2.0
        tape.watch(h)
        y = tf.reduce_sum(tf.gather(h, [0]) * 3.0)
    dh, dx = tape.gradient(y, [h, x])
    assert _parts(dh) == ([0], [[3., 3.]], [2, 2], "int32")
    assert dx.numpy().tolist() == [[6., 6.], [0., 0.]]  # the gradient flows on through h


def test_tfe_functions_return_indexed_slices():
    v = _table()
    grads = tfe.implicit_gradients(lambda: tf.reduce_sum(tf.gather(v, [1])))()
    assert grads[0][1] is v and _parts(grads[0][0]) == ([1], [[1., 1.]], [3, 2], "int32")
    value, grads = tfe.implicit_value_and_gradients(lambda: tf.reduce_sum(tf.gather(v, [0])))()
    assert value.numpy() == 3.0 and grads[0][0].indices.numpy().tolist() == [0]
    [g] = tfe.gradients_function(lambda x: tf.reduce_sum(tf.gather(x, [2])))(
        tf.constant([1.0, 2.0, 3.0]))
    assert _parts(g) == ([2], [1.0], [3], "int32")


def test_second_derivative_through_a_gather():
    # TF returns IndexedSlices with pieces [[18, 24], [18, 24]] at rows [1, 1]; the shim's
    # outer gradient is dense (the inner gradient is one recorded op), with the same sum.
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.gather(x, [1, 1]) ** 3)
        g = inner.gradient(y, x)
        assert _parts(g) == ([1, 1], [[27., 48.], [27., 48.]], [3, 2], "int32")
        s = tf.reduce_sum(g.values)
    second = tf.convert_to_tensor(outer.gradient(s, x))
    assert second.numpy().tolist() == [[0., 0.], [36., 48.], [0., 0.]]


def test_one_compiled_call_with_packed_pieces():
    v = tf.Variable(np.arange(12, dtype=np.float32).reshape(6, 2))
    w = tf.Variable([1.0, -1.0])

    def step(ids):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.nn.embedding_lookup(v, ids) * w)
        return loss, tape.gradient(loss, [v, w])

    step([0, 1])
    before = dict(graph.STATS)
    loss, (dv, dw) = step([4, 4])
    assert graph.STATS == before  # the plan and its compiled call were reused
    assert dv.values._node is dw._node is loss._node  # one call returned them all
    assert _parts(dv) == ([4, 4], [[1., -1.], [1., -1.]], [6, 2], "int32")
    assert loss.numpy() == -2.0 and dw.numpy().tolist() == [16., 18.]


# ---- an embedding model trained with sparse gradients ----------------------------------------
def _train(optimizer, steps=10):
    table = tf.Variable(np.arange(24, dtype=np.float32).reshape(6, 4) / 10.0 - 1.0)
    w = tf.Variable(np.linspace(-0.5, 0.5, 8, dtype=np.float32).reshape(4, 2))
    b = tf.Variable([0.1, -0.1])
    batches = [([0, 2, 2], [0, 1, 1]), ([1, 5, 2], [1, 0, 1])]
    losses = []
    for step in range(steps):
        ids, labels = batches[step % 2]
        with tf.GradientTape() as tape:
            logits = tf.matmul(tf.nn.embedding_lookup(table, ids), w) + b
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.constant(labels), logits=logits))
        grads = tape.gradient(loss, [table, w, b])
        assert type(grads[0]) is tf.IndexedSlices and grads[0].indices.numpy().tolist() == ids
        optimizer.apply_gradients(zip(grads, [table, w, b]))
        losses.append(loss.numpy())
    slot = optimizer.get_slot(table, optimizer.get_slot_names()[0])
    return losses, table.numpy(), w.numpy(), b.numpy(), slot.numpy()


UNTOUCHED = [[0.2, 0.3, 0.4, 0.5], [0.6, 0.7, 0.8, 0.9]]  # rows 3 and 4: no id names them

TRAINED = {
    "momentum": (
        lambda: tf.train.MomentumOptimizer(0.5, momentum=0.9),
        [0.678616, 0.9692, 0.71133, 0.461107, 1.126508, 0.255611, 1.214929, 0.241043,
         0.923401, 0.276139],
        [[-0.302175, -0.372236, -0.442297, -0.512359], [-0.653751, -0.50711, -0.360468,
                                                         -0.213827],
         [-0.84308, -0.502354, -0.161627, 0.1791]] + UNTOUCHED +
        [[1.230454, 1.225628, 1.220804, 1.215978]],
        [[0.009134, -0.866277], [0.124276, -0.40999], [0.239418, 0.046296],
         [0.35456, 0.502583]],
        [-0.308709, 0.308709],
        # TF1's sparse Momentum decays only the rows it is given
        [[-0.679052, -0.511697, -0.344341, -0.176986], [0.081495, 0.045504, 0.009512, -0.026479],
         [0.322184, 0.226362, 0.13054, 0.034717], [0.0] * 4, [0.0] * 4,
         [-0.240835, -0.154121, -0.067407, 0.019307]]),
    "adagrad": (
        lambda: tf.train.AdagradOptimizer(0.5),
        [0.678616, 1.189352, 1.057836, 0.69195, 0.852666, 0.534492, 0.769021, 0.384314,
         0.652487, 0.250221],
        [[-0.166893, -0.213943, -0.299627, -0.419692], [-0.782985, -0.550495, -0.316482,
                                                         -0.087615],
         [-0.915441, -0.599885, -0.254943, 0.106226]] + UNTOUCHED +
        [[1.160407, 1.096827, 1.036884, 0.989204]],
        [[0.108615, -0.965758], [0.223228, -0.508942], [0.326968, -0.041254],
         [0.428218, 0.428925]],
        [-0.206338, 0.206338],
        [[0.22831, 0.173163, 0.13441, 0.112711], [0.111471, 0.107408, 0.106488, 0.108742],
         [0.17349, 0.145435, 0.126471, 0.116741], [0.1] * 4, [0.1] * 4,
         [0.116318, 0.114051, 0.116408, 0.123111]]),
}


@pytest.mark.parametrize("name", sorted(TRAINED))
def test_embedding_model_trains_as_in_tf(name):
    make, *expected = TRAINED[name]
    for got, want in zip(_train(make()), expected):
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6)
