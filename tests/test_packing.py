"""A gradient call returns its small outputs packed into one buffer per dtype (packing.py).

Every use of a packed result must see the value TF gives: printed, read on the host, fed
to an eager op, to the next gradient call, or to an optimizer update.
"""
import jax
import numpy as np

import tfeager_compat as tf
from tfeager_compat.autodiff import graph, packing


def _step():
    w, b = tf.Variable([1.0, 2.0]), tf.Variable(3.0)
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(x * w) + b * b
    return loss, tape.gradient(loss, [w, b]), (w, b)


def test_small_results_of_one_dtype_share_one_buffer():
    loss, (dw, db), _ = _step()
    node = dw._node
    assert node is not None and node is db._node and node.buffers is None  # not run yet
    assert loss._node is node  # the target's value comes back with the gradients
    assert str(dw) == "tf.Tensor([1. 2.], shape=(2,), dtype=float32)"
    assert len(node.buffers) == 1
    assert db.numpy() == 6.0 and type(db.numpy()) is np.float32
    assert loss.numpy() == 14.0
    assert dw.shape == (2,) and db.shape == () and dw.dtype == tf.float32


def test_an_eager_op_on_a_packed_result_slices_it_inside_its_own_call():
    loss, (dw, db), _ = _step()
    assert (dw * 2.0).numpy().tolist() == [2.0, 4.0]
    assert tf.add(db, loss).numpy() == 20.0
    assert dw._node.values is None  # still packed: nothing was unpacked on the way
    assert tf.clip_by_global_norm([dw, db], 1.0)[1].numpy() == np.float32(np.sqrt(41.0))


def test_unpacking_gives_every_result_its_own_array():
    loss, (dw, db), _ = _step()
    assert dw._array().tolist() == [1.0, 2.0]
    assert dw._node.values is not None and dw._node.buffers is None
    assert float(db._array()) == 6.0 and float(loss._array()) == 14.0


def test_packed_gradients_feed_the_optimizer_and_the_next_step():
    loss, (dw, db), (w, b) = _step()
    optimizer = tf.train.GradientDescentOptimizer(0.5)
    optimizer.apply_gradients(zip([dw, db], [w, b]))  # runs with the gradient call, in it
    assert w._snapshot._node.buffers is dw._node.buffers is not None
    assert [loss.numpy(), db.numpy()] == [14.0, 6.0] and dw.numpy().tolist() == [1.0, 2.0]
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(x * w) + b * b
    dw2, db2 = tape.gradient(loss, [w, b])
    assert w.numpy().tolist() == [0.5, 1.0] and b.numpy() == 0.0
    assert loss.numpy() == 2.5 and db2.numpy() == 0.0 and dw2.numpy().tolist() == [1.0, 2.0]


def test_gradients_read_before_the_update_run_it_in_the_next_gradient_call():
    loss, (dw, db), (w, b) = _step()
    assert db.numpy() == 6.0  # the gradient call runs alone
    optimizer = tf.train.GradientDescentOptimizer(0.5)
    optimizer.apply_gradients(zip([dw, db], [w, b]))
    update = w._snapshot._node
    assert update.buffers is None and update.prefix_key is not None  # pending
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:  # runs the pending update first, in the same call
        loss = tf.reduce_sum(x * w) + b * b
    dw2, db2 = tape.gradient(loss, [w, b])
    assert loss.numpy() == 2.5 and update.buffers is loss._node.buffers
    assert w.numpy().tolist() == [0.5, 1.0] and b.numpy() == 0.0
    assert db2.numpy() == 0.0 and dw2.numpy().tolist() == [1.0, 2.0]


def test_large_and_lone_results_keep_a_buffer_of_their_own():
    big = tf.Variable(tf.ones([packing.PACK_LIMIT + 1]))
    small = tf.Variable(2.0, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(big * 3.0) + tf.cast(small * small, tf.float32)
    d_big, d_small = tape.gradient(loss, [big, small])
    assert d_big.numpy()[:2].tolist() == [3.0, 3.0]
    assert type(d_big._node.pieces[d_big._index]) is int
    assert d_small.dtype == tf.float64 and d_small.numpy() == 4.0
    assert loss.numpy() == 3.0 * (packing.PACK_LIMIT + 1) + 4.0


def test_layout_packs_small_outputs_by_dtype():
    f32, f64 = np.dtype("float32"), np.dtype("float64")
    avals = (jax.ShapeDtypeStruct((), f32), jax.ShapeDtypeStruct((2, 3), f32),
             jax.ShapeDtypeStruct((), f64), jax.ShapeDtypeStruct((4096,), f32))
    assert packing.layout(avals) == ((0, 0, 1, ()), (0, 1, 7, (2, 3)), 1, 2)
