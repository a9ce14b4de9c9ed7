"""tf.train optimizers: TF1's update formulas, one compiled step, nothing applied on error."""
import pytest

import tfeager_compat as tf

# Three steps on loss = sum(v**3) from v = [1, -2] (values from TensorFlow).
OPTIMIZERS = [
    ("sgd", lambda: tf.train.GradientDescentOptimizer(0.1), [0.46125727891921997, -18.07339859008789]),
    ("momentum", lambda: tf.train.MomentumOptimizer(0.1, 0.9), [-0.11632663011550903, -27.304370880126953]),
    ("nesterov", lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
     [-0.18581968545913696, -161.4023895263672]),
    ("adam", lambda: tf.train.AdamOptimizer(0.1), [0.7041547894477844, -2.300492525100708]),
    ("adam_custom", lambda: tf.train.AdamOptimizer(learning_rate=0.05, beta1=0.8, beta2=0.99,
                                                   epsilon=1e-3),
     [0.8516422510147095, -2.1503257751464844]),
]


@pytest.mark.parametrize("name,make,expected", OPTIMIZERS)
def test_update_formulas_match_tensorflow(name, make, expected):
    v = tf.Variable([1.0, -2.0])
    opt = make()
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(v * v * v)
        grads = tape.gradient(loss, [v])
        assert opt.apply_gradients(zip(grads, [v])) is None
    assert v.numpy().tolist() == pytest.approx(expected, rel=1e-6)


def test_adam_slots():
    v = tf.Variable([1.0, -2.0])
    opt = tf.train.AdamOptimizer(0.1)
    opt.apply_gradients([(tf.constant([1., 1.]), v)])
    assert opt.get_slot_names() == ["m", "v"]
    assert opt.get_slot(v, "m").numpy().tolist() == pytest.approx([0.1, 0.1])


def test_global_step_is_incremented():
    step = tf.train.get_or_create_global_step()
    assert step is tf.train.get_or_create_global_step()
    assert step.dtype == tf.int64 and not step.trainable and step.name == "global_step:0"
    before = int(step)
    v = tf.Variable(1.0)
    tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant(1.0), v)],
                                                            global_step=step)
    assert int(step) == before + 1


def test_minimize_with_callable():
    v = tf.Variable(3.0)
    assert tf.train.GradientDescentOptimizer(0.1).minimize(lambda: v * v) is None
    assert v.numpy() == pytest.approx(2.4)


def test_minimize_needs_a_callable_in_eager():
    v = tf.Variable(3.0)
    with pytest.raises(RuntimeError, match="`loss` passed to Optimizer.compute_gradients should "
                                           "be a function when eager execution is enabled."):
        tf.train.GradientDescentOptimizer(0.1).minimize(v * v)


def test_bad_step_updates_no_variable():
    a, b = tf.Variable(1.0), tf.Variable([1.0, 2.0])
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.apply_gradients([(None, a)])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"var and delta do not have the same shape\[2\] \[3\]"):
        opt.apply_gradients([(tf.constant(1.0), a), (tf.constant([1., 2., 3.]), b)])
    assert a.numpy() == 1.0 and b.numpy().tolist() == [1.0, 2.0]


def test_learning_rate_may_be_a_variable():
    lr = tf.Variable(0.5)
    v = tf.Variable(1.0)
    opt = tf.train.GradientDescentOptimizer(lr)
    opt.apply_gradients([(tf.constant(1.0), v)])
    lr.assign(0.25)
    opt.apply_gradients([(tf.constant(1.0), v)])
    assert v.numpy() == pytest.approx(0.25)


def test_deferred_updates_are_seen_by_every_reader():
    v = tf.Variable([1.0, 2.0])
    opt = tf.train.AdamOptimizer(0.1)
    for _ in range(5):  # no gradient call in between: each update still lands
        opt.apply_gradients([(tf.constant([1.0, -1.0]), v)])
    after_five = v.numpy().tolist()
    assert after_five == pytest.approx([0.5, 2.5], abs=1e-5)
    assert (v + 0.0).numpy().tolist() == after_five
    assert repr(v).startswith("<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array(")
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(v * v)
    grad = tape.gradient(loss, v)
    assert grad.numpy().tolist() == pytest.approx([1.0, 5.0], abs=1e-5)
    opt.apply_gradients([(grad, v)])
    v.assign([0.0, 0.0])
    assert v.numpy().tolist() == [0.0, 0.0]


def test_global_step_counts_inside_the_deferred_update():
    # Values from TF 2.21 (the oracle): Adam on sum(v * v), lr 0.1, then one SGD step.
    step = tf.Variable(0, dtype=tf.int64, trainable=False)
    small = tf.Variable(5, trainable=False)
    v = tf.Variable([1.0, 2.0])
    opt = tf.train.AdamOptimizer(0.1)
    for i in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(v * v)
        opt.apply_gradients(zip(tape.gradient(loss, [v]), [v]), global_step=step)
        if i == 1:  # read between steps
            assert step.numpy() == 2
            assert v.numpy().tolist() == [0.8004125952720642, 1.8001668453216553]
    assert step.numpy() == 3 and step.dtype == tf.int64
    assert v.numpy().tolist() == [0.7015873193740845, 1.7006244659423828]
    tf.train.GradientDescentOptimizer(0.5).apply_gradients(
        [(tf.constant([1.0, 1.0]), v)], global_step=small)
    assert small.numpy() == 6 and small.dtype == tf.int32
    assert v.numpy().tolist() == [0.20158731937408447, 1.2006244659423828]
