"""tf.Variable as TF 1.15 eager has it."""
import numpy as np
import pytest

import tfeager_compat as tf


def test_variable_repr_name_and_properties():
    v = tf.Variable(5., name="weight")
    assert repr(v) == "<tf.Variable 'weight:0' shape=() dtype=float32, numpy=5.0>"
    assert v.name == "weight:0" and v.trainable and v.dtype == tf.float32
    assert v.shape == () and repr(v.shape) == "TensorShape([])"
    assert repr(tf.Variable([[1.]])) == (
        "<tf.Variable 'Variable:0' shape=(1, 1) dtype=float32, numpy=array([[1.]], "
        "dtype=float32)>")


def test_unnamed_variables_are_not_uniquified_in_eager():
    # TensorFlow's eager mode names every unnamed variable 'Variable:0'.
    assert [tf.Variable(1.).name, tf.Variable(2.).name] == ["Variable:0", "Variable:0"]
    with tf.variable_scope("scope"):
        assert tf.Variable(1.).name == "scope/Variable:0"


def test_initial_value_forms():
    assert tf.Variable(lambda: 3.0).numpy() == 3.0
    assert tf.Variable(1).dtype == tf.int32
    assert tf.Variable(1., dtype=tf.float64).dtype == tf.float64
    assert tf.Variable(np.array([1., 2.])).dtype == tf.float64
    assert not tf.Variable(1., trainable=False).trainable


def test_assign_family():
    v = tf.Variable(5.)
    assert v.assign(1).numpy() == 1.0
    assert v.assign_add(1.0).numpy() == 2.0
    assert v.assign_sub(0.5).numpy() == 1.5
    assert v.assign(2.0, read_value=False) is None and v.numpy() == 2.0


def test_failed_assign_leaves_value_unchanged():
    v = tf.Variable(5.)
    with pytest.raises(ValueError, match=r"Cannot assign value to variable ' Variable:0': Shape "
                                         r"mismatch.The variable shape \(\), and the assigned "
                                         r"value shape \(3,\) are incompatible."):
        v.assign(tf.zeros([3]))
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32 for Tensor "
                                         "with dtype float64"):
        v.assign(tf.constant(2.0, dtype=tf.float64))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Cannot update variable with shape \[\] using a Tensor with shape "
                             r"\[2\], shapes must be equal. \[Op:AssignAddVariableOp\]"):
        v.assign_add([1., 2.])
    assert v.numpy() == 5.0


def test_variable_works_wherever_a_tensor_does():
    v = tf.Variable([1., 2.])
    assert (v + 1).numpy().tolist() == [2., 3.]
    assert (2 * v).numpy().tolist() == [2., 4.]
    assert (v * v).numpy().tolist() == [1., 4.]
    assert tf.reduce_sum(v).numpy() == 3.0
    assert np.asarray(v).tolist() == [1., 2.]
    assert v[1].numpy() == 2.0
    assert str(v.read_value()) == "tf.Tensor([1. 2.], shape=(2,), dtype=float32)"
    assert type(v.numpy()) is np.ndarray and type(tf.Variable(1.).numpy()) is np.float32
    assert "{:.1f}".format(tf.Variable(2.5)) == "2.5"


def test_read_before_assign_keeps_old_value():
    v = tf.Variable(1.)
    old = v.read_value()
    v.assign(2.)
    assert old.numpy() == 1.0 and v.numpy() == 2.0


def test_constraint_is_kept_and_must_be_callable():
    clip = lambda x: x  # noqa: E731
    assert tf.Variable(1., constraint=clip).constraint is clip
    assert tf.Variable(1.).constraint is None
    with pytest.raises(ValueError, match=r"^The `constraint` argument must be a callable\.$"):
        tf.Variable(1., constraint=5)
