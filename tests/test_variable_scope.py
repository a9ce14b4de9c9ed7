"""tf.get_variable, tf.variable_scope, EagerVariableStore and regularizers as TF 1.15's eager
mode has them (values and messages checked against TensorFlow)."""
import numpy as np
import pytest

import tfeager_compat as tf


@pytest.fixture(autouse=True)
def _empty_regularization_losses():
    del tf.get_collection_ref("regularization_losses")[:]
    yield
    del tf.get_collection_ref("regularization_losses")[:]


def test_get_variable_defaults():
    v = tf.get_variable("w", [2, 3])
    assert v.name == "w:0" and v.dtype == tf.float32 and v.shape == (2, 3) and v.trainable
    limit = np.sqrt(6 / 5)
    assert np.all(np.abs(v.numpy()) <= limit)
    # Eager mode keeps no store: the same name gives a new variable, and no error.
    again = tf.get_variable("w", [2, 3])
    assert again is not v and again.name == "w:0"


@pytest.mark.parametrize("kwargs, value, dtype", [
    (dict(shape=[2], dtype=tf.int32), [0, 0], tf.int32),
    (dict(shape=[2], dtype=tf.bool), [False, False], tf.bool),
    (dict(shape=[2], dtype=tf.uint8), [0, 0], tf.uint8),
    (dict(shape=[1], dtype=tf.string), [b""], tf.string),
    (dict(initializer=tf.constant([1., 2.])), [1., 2.], tf.float32),
    (dict(initializer=np.array([1, 2])), [1, 2], tf.int64),
    (dict(initializer=3.0), 3.0, tf.float32),
    (dict(initializer=5), 5, tf.int32),
    (dict(initializer=[1, 2]), [1, 2], tf.int32),
    (dict(shape=[2], initializer=tf.zeros_initializer), [0., 0.], tf.float32),
    (dict(shape=[2], initializer=tf.zeros_initializer()), [0., 0.], tf.float32),
    (dict(shape=[2], initializer=tf.constant_initializer(5)), [5., 5.], tf.float32),
    (dict(shape=[2], dtype=tf.int32, initializer=tf.constant_initializer(5)), [5, 5], tf.int32),
    (dict(shape=[2], dtype=tf.int32, initializer=tf.ones_initializer), [1, 1], tf.int32),
    (dict(shape=[2], dtype=tf.float16, initializer=tf.ones_initializer()), [1., 1.],
     tf.float16),
    (dict(shape=[2], initializer=lambda shape, dtype, partition_info: tf.ones(shape, dtype)),
     [1., 1.], tf.float32),
    (dict(initializer=lambda: tf.ones([2])), [1., 1.], tf.float32),
    (dict(shape=tf.TensorShape([2]), initializer=tf.ones_initializer()), [1., 1.], tf.float32),
])
def test_get_variable_initializers(kwargs, value, dtype):
    v = tf.get_variable("v", **kwargs)
    assert v.dtype == dtype
    np.testing.assert_array_equal(v.numpy(), value)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(shape=[2], initializer=tf.constant([1., 2.])), ValueError,
     "If initializer is a constant, do not specify shape."),
    (dict(shape=[2], initializer=np.float64(1.5)), ValueError,
     "If initializer is a constant, do not specify shape."),
    (dict(initializer=tf.constant([1., 2.]), dtype=tf.float64), ValueError,
     "Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'float64'>' don't "
     "match."),
    (dict(), ValueError,
     "The initializer passed is not valid. It should be a callable with no arguments and the "
     "shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` "
     "should be fully defined."),
    (dict(shape=[None, 2]), ValueError, "The initializer passed is not valid."),
    (dict(shape=[1], dtype=tf.complex64), ValueError,
     "An initializer for variable v of <dtype: 'complex64'> is required"),
    (dict(shape=[2.5]), TypeError,
     "Dimension value must be integer or None or have an __index__ method, got value '2.5' "
     "with type '<class 'float'>'"),
    (dict(shape=[1], custom_getter=5), ValueError,
     "Passed a custom_getter which is not callable: 5"),
    (dict(shape=[1], constraint=5), ValueError, "The `constraint` argument must be a callable."),
])
def test_get_variable_errors(kwargs, error, message):
    with pytest.raises(error) as info:
        tf.get_variable("v", **kwargs)
    assert str(info.value).startswith(message)


def test_names_come_from_the_variable_scope_and_tf_variable_from_the_name_scope():
    with tf.variable_scope("layer1"):
        assert tf.get_variable("weights", [2]).name == "layer1/weights:0"
        assert tf.Variable(1., name="bias").name == "layer1/bias:0"
        with tf.name_scope("ns"):
            assert tf.get_variable("c", [1]).name == "layer1/c:0"
            assert tf.Variable(1., name="d").name == "layer1/ns/d:0"
        with tf.variable_scope("inner") as scope:
            assert (scope.name, scope.original_name_scope) == ("layer1/inner", "layer1/inner/")
            assert tf.get_variable("e", [1]).name == "layer1/inner/e:0"
    with tf.name_scope("ns"):
        with tf.variable_scope("vs"):
            assert tf.get_variable("g", [1]).name == "vs/g:0"
            assert tf.Variable(1., name="h").name == "ns/vs/h:0"
    # Re-entering a named scope does not make it unique, in eager mode.
    with tf.variable_scope("a"):
        with tf.variable_scope("a"):
            assert tf.Variable(1., name="v").name == "a/a/v:0"


def test_default_names_are_made_unique():
    with tf.variable_scope("o"):
        with tf.variable_scope(None, default_name="u") as u1:
            assert (u1.name, u1.original_name_scope) == ("o/u", "o/u/")
        with tf.variable_scope(None, default_name="u") as u2:
            assert (u2.name, u2.original_name_scope) == ("o/u_1", "o/u/")
            assert tf.get_variable("g", [1]).name == "o/u_1/g:0"
            assert tf.Variable(1., name="n").name == "o/u/n:0"
    with tf.variable_scope("o"):  # leaving "o" reset the counts below it
        with tf.variable_scope(None, default_name="u") as u3:
            assert u3.name == "o/u"
    with tf.variable_scope("x", default_name="y") as x:
        assert x.name == "x"


def test_reentering_a_scope_object():
    with tf.variable_scope("q", initializer=tf.zeros_initializer()) as q:
        pass
    with tf.name_scope("outer"):
        with tf.variable_scope(q) as q2:
            assert q2 is not q and (q2.name, q2.original_name_scope) == ("q", "q/")
            assert isinstance(q2.initializer, tf.keras.initializers.Zeros)
            assert tf.Variable(1., name="n").name == "outer/q/n:0"
            with tf.variable_scope("deep") as d:
                assert d.original_name_scope == "outer/q/deep/"
                assert tf.get_variable("dd", [1]).name == "q/deep/dd:0"
                assert tf.get_variable("zz", [1]).numpy() == 0.
        with tf.variable_scope("q") as q3:  # a new scope of the same name: no initializer
            assert q3.original_name_scope == "outer/q/" and q3.initializer is None
    with tf.variable_scope("o"):
        with tf.variable_scope(q) as q4:
            assert q4.name == "q" and tf.Variable(1., name="n").name == "o/q/n:0"


def test_scope_defaults_reach_get_variable():
    with tf.variable_scope("init", initializer=tf.constant_initializer(7.), dtype=tf.float64):
        x = tf.get_variable("x", [2])
        assert x.name == "init/x:0" and x.dtype == tf.float64 and x.numpy().tolist() == [7, 7]
        y = tf.get_variable("y", [2], dtype=tf.float32)
        assert y.dtype == tf.float32 and y.numpy().tolist() == [7, 7]
        with tf.variable_scope("sub") as sub:
            assert type(sub.initializer).__name__ == "Constant" and sub.dtype == tf.float64
    with tf.variable_scope("q") as q:
        q.set_initializer(tf.ones_initializer())
        assert tf.get_variable("o", [1]).numpy().tolist() == [1.]


def test_reuse_reads_auto_reuse_in_eager_mode():
    root = tf.get_variable_scope()
    assert root.name == "" and root.reuse is tf.AUTO_REUSE and root.dtype == tf.float32
    assert repr(tf.AUTO_REUSE) == "<_ReuseMode.AUTO_REUSE: 1>"
    assert str(tf.AUTO_REUSE) == "_ReuseMode.AUTO_REUSE"
    with tf.variable_scope("r", reuse=True) as r:
        assert r.reuse is tf.AUTO_REUSE
        # Eager mode enforces no reuse: a missing name is simply created.
        assert tf.get_variable("nonexist", [2]).name == "r/nonexist:0"
    with tf.variable_scope("r4") as r4:
        r4.reuse_variables()
        assert r4.reuse is True
        with tf.variable_scope("r5") as r5:
            assert r5.reuse is tf.AUTO_REUSE


def test_custom_getters_compose_inner_first():
    seen = []

    def outer(getter, name, *args, **kwargs):
        seen.append(sorted(kwargs))
        return getter(name + "_1", *args, **kwargs)

    with tf.variable_scope("cg", custom_getter=outer):
        with tf.variable_scope("cg2", custom_getter=lambda getter, name, *a, **k:
                               getter(name + "_2", *a, **k)):
            assert tf.get_variable("v", [1]).name == "cg/cg2/v_2_1:0"
    assert seen == [["aggregation", "caching_device", "collections", "constraint", "dtype",
                     "initializer", "partitioner", "regularizer", "reuse", "shape",
                     "synchronization", "trainable", "use_resource", "validate_shape"]]


@pytest.mark.parametrize("enter, error, message", [
    (lambda: tf.variable_scope(None), TypeError,
     "If default_name is None then name_or_scope is required"),
    (lambda: tf.variable_scope(5).__enter__(), TypeError,
     "VariableScope: name_or_scope must be a string or VariableScope."),
    (lambda: tf.variable_scope("x", reuse="foo"), ValueError,
     "The reuse parameter must be True or False or None."),
    (lambda: tf.variable_scope(None, default_name="z", reuse=True).__enter__(), ValueError,
     "reuse=True cannot be used without a name_or_scope"),
    (lambda: tf.variable_scope("x", auxiliary_name_scope=1), TypeError,
     "The auxiliary_name_scope must be `True` or `False`, while get 1"),
    # TF's own cleanup of the caching-device NotImplementedError raises this instead.
    (lambda: tf.variable_scope("c", caching_device="/cpu:0").__enter__(), RuntimeError,
     "Improper nesting of variable_scope."),
])
def test_variable_scope_errors_change_nothing(enter, error, message):
    with pytest.raises(error) as info:
        enter()
    assert str(info.value) == message
    assert tf.get_variable_scope().name == ""
    assert tf.Variable(1., name="top").name == "top:0"


def test_auxiliary_name_scope_false_keeps_the_name_scope():
    with tf.name_scope("c"):
        with tf.variable_scope("aux", auxiliary_name_scope=False) as a:
            assert (a.name, a.original_name_scope) == ("aux", "c/")
            assert tf.Variable(1., name="n").name == "c/n:0"
            assert tf.get_variable("gv", [1]).name == "aux/gv:0"


@pytest.mark.parametrize("name, default, expected", [
    ("a", None, "a/a/"), (None, None, ""), ("abs/", None, "abs/"), ("", "dd", ""),
    (None, "dd", "a/dd/"), ("b", None, "a/b/"),
])
def test_name_scope(name, default, expected):
    with tf.name_scope("a"):
        with tf.name_scope(name, default_name=default) as scope:
            assert scope == expected
            assert tf.Variable(1., name="v").name == expected + "v:0"


def test_local_variables_and_trainable():
    v = tf.get_local_variable("loc", [1])
    assert v.name == "loc:0" and not v.trainable
    assert not tf.get_variable("nt", [1], trainable=False).trainable
    assert tf.get_variable("ti", [1], trainable=None).trainable


def test_eager_variable_store_shares_by_name():
    store = tf.contrib.eager.EagerVariableStore()
    with store.as_default():
        a = tf.get_variable("sa", [2])
        assert tf.get_variable("sa", [2]) is a and tf.get_variable("sa") is a
        with pytest.raises(ValueError, match=r"^Trying to share variable sa, but specified "
                                             r"shape \(3,\) and found shape \(2,\)\.$"):
            tf.get_variable("sa", [3])
        with pytest.raises(ValueError, match="^Trying to share variable sa, but specified "
                                             "dtype int32 and found dtype float32.$"):
            tf.get_variable("sa", [2], dtype=tf.int32)
        tf.get_variable("sc", [1], trainable=False)
        with tf.variable_scope("z", reuse=False):
            d = tf.get_variable("d", [1])
            assert tf.get_variable("d", [1]) is d
        assert [v.name for v in tf.get_collection("variables")][-3:] == [
            "sa:0", "sc:0", "z/d:0"]
    assert tf.get_variable("sa", [2]) is not a  # outside the store: a new one
    assert [v.name for v in store.variables()] == ["sa:0", "sc:0", "z/d:0"]
    assert [v.name for v in store.trainable_variables()] == ["sa:0", "z/d:0"]
    assert [v.name for v in store.non_trainable_variables()] == ["sc:0"]
    copy = store.copy()
    copied = copy.variables()[0]
    assert copied is not a and copied.name == "sa:0"
    np.testing.assert_array_equal(copied.numpy(), a.numpy())


def test_regularizer_losses_are_collected():
    with tf.variable_scope("r", regularizer=lambda v: tf.reduce_sum(v * v) * 0.5):
        tf.get_variable("r", initializer=[1., 2.])
    tf.get_variable("r2", initializer=[3.], regularizer=lambda v: tf.reduce_sum(v) * 2)
    tf.get_variable("noreg", [1], regularizer=tf.no_regularizer)
    losses = tf.losses.get_regularization_losses()
    assert [float(loss) for loss in losses] == [2.5, 6.0]
    assert float(tf.losses.get_regularization_loss()) == 8.5
    assert tf.losses.get_regularization_losses("r") == []  # eager tensors have no names


def test_regularization_loss_without_losses_is_a_float32_zero():
    loss = tf.losses.get_regularization_loss()
    assert loss.dtype == tf.float32 and float(loss) == 0.0


def test_get_variable_with_keras_regularizer_and_constraint():
    clip = lambda x: tf.maximum(x, 0.)  # noqa: E731
    v = tf.get_variable("rv", initializer=[1., 2.], regularizer=tf.keras.regularizers.l2(0.5),
                        constraint=clip)
    assert v.constraint is clip
    np.testing.assert_allclose(float(tf.losses.get_regularization_loss()), 2.5)


def test_get_variable_is_not_recorded_by_a_tape():
    with tf.GradientTape() as tape:
        v = tf.get_variable("t", initializer=[1., 2.], regularizer=lambda w: tf.reduce_sum(w))
    assert tape.watched_variables() == ()
    assert [float(x) for x in tf.losses.get_regularization_losses()] == [3.0]


# ---- regularizers -------------------------------------------------------------------------------
_X = [1., -2.]


@pytest.mark.parametrize("regularizer, value", [
    (tf.keras.regularizers.l2(), np.float32(0.01) * np.float32(5.)),
    (tf.keras.regularizers.l1(), np.float32(0.01) * np.float32(3.)),
    (tf.keras.regularizers.l1_l2(), np.float32(0.08)),
    (tf.keras.regularizers.L1L2(l1=0.5), 1.5),
    (tf.keras.regularizers.L1L2(), 0.0),
    (tf.contrib.layers.l1_regularizer(0.5), 1.5),
    (tf.contrib.layers.l2_regularizer(0.5), 1.25),
    (tf.contrib.layers.l1_l2_regularizer(), 5.5),
    (tf.contrib.layers.l1_l2_regularizer(0.0, 2.0), 5.0),
    (tf.contrib.layers.sum_regularizer([tf.contrib.layers.l1_regularizer(1.), None]), 3.0),
])
def test_regularizer_values(regularizer, value):
    penalty = regularizer(tf.constant(_X))
    assert penalty.dtype == tf.float32 and penalty.shape == ()
    assert penalty.numpy() == np.float32(value)


def test_keras_regularizer_dtype_follows_the_weights():
    penalty = tf.keras.regularizers.l2(0.1)(tf.constant([1., 2.], tf.float64))
    assert penalty.dtype == tf.float64 and penalty.numpy() == 0.5000000074505806


@pytest.mark.parametrize("identifier, config", [
    ("l2", {"l1": 0.0, "l2": 0.009999999776482582}),
    ("l1_l2", {"l1": 0.009999999776482582, "l2": 0.009999999776482582}),
    ("L1L2", {"l1": 0.0, "l2": 0.0}),
    ({"class_name": "L1L2", "config": {"l1": 0.3}}, {"l1": 0.30000001192092896, "l2": 0.0}),
])
def test_keras_regularizers_get(identifier, config):
    assert tf.keras.regularizers.get(identifier).get_config() == config


def test_keras_regularizer_serialize_and_passthrough():
    assert tf.keras.regularizers.serialize(tf.keras.regularizers.L1L2(1, 2)) == {
        "class_name": "L1L2", "config": {"l1": 1.0, "l2": 2.0}}
    fn = lambda w: 0.  # noqa: E731
    assert tf.keras.regularizers.get(fn) is fn and tf.keras.regularizers.get(None) is None
    assert tf.keras.regularizers.Regularizer()(tf.constant(_X)) == 0.


@pytest.mark.parametrize("call, message", [
    (lambda: tf.keras.regularizers.get(5), "('Could not interpret regularizer identifier:', 5)"),
    (lambda: tf.keras.regularizers.get("foo"), "Unknown regularizer:foo"),
    (lambda: tf.contrib.layers.l2_regularizer(1), "scale cannot be an integer: 1"),
    (lambda: tf.contrib.layers.l1_regularizer(-0.5),
     "Setting a scale less than 0 on a regularizer: -0.5"),
    (lambda: tf.contrib.layers.l1_l2_regularizer(1, 1.), "scale_l1 cannot be an integer: 1"),
    (lambda: tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_regularizer(1.)),
     "No weights to regularize."),
    (lambda: tf.contrib.layers.apply_regularization(lambda w: w, [tf.constant(_X)]),
     "regularizer must return a scalar Tensor instead of a Tensor with rank 1."),
])
def test_regularizer_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


def test_zero_scale_turns_a_contrib_regularizer_off():
    assert tf.contrib.layers.l2_regularizer(0.)(tf.constant(_X)) is None


def test_apply_regularization_sums_and_collects():
    weights = [tf.Variable([1., 2.]), tf.Variable([3.])]
    total = tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_regularizer(0.5),
                                                   weights)
    assert float(total) == 3.0
    assert [float(x) for x in tf.losses.get_regularization_losses()] == [3.0]
