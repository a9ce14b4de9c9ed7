"""Control flow inside compiled functions (lax.switch / while_loop / scan), against eager values."""
import numpy as np
import pytest

import tfeager_compat as tf

X = [1.0, 2.0, 3.0, 4.0]

# name -> function of a float32 [4] tensor; each returns the same values eagerly and compiled.
FUNCTIONS = {
    "map_fn": lambda x: tf.map_fn(lambda e: e * 2.0, x),
    "map_fn tuple": lambda x: tf.map_fn(lambda p: (p[0] + p[1], p[0] * p[1]), (x, x + 1),
                                        dtype=(tf.float32, tf.float32)),
    "scan": lambda x: tf.scan(lambda acc, e: acc + e, x),
    "scan reverse init": lambda x: tf.scan(lambda acc, e: acc + e, x,
                                           initializer=tf.constant(10.0), reverse=True),
    "foldl": lambda x: tf.foldl(lambda acc, e: acc * e, x),
    "foldr": lambda x: tf.foldr(lambda acc, e: acc - e, x, initializer=tf.constant(0.0)),
    "cond": lambda x: tf.cond(x[0] > 0, lambda: x * 2, lambda: -x),
    "cond strict": lambda x: tf.cond(x[0] < 0, lambda: [x], lambda: [x + 1], strict=True),
    "case": lambda x: tf.case([(x[0] > 5, lambda: x), (x[1] > 1, lambda: x * 3)],
                              default=lambda: -x),
    "case no default": lambda x: tf.case([(x[0] > 5, lambda: x), (x[1] > 1, lambda: x * 3)]),
    "switch_case": lambda x: tf.switch_case(tf.cast(x[1], tf.int32),
                                            [lambda: x, lambda: x * 2, lambda: x * 3]),
    "switch_case out of range": lambda x: tf.switch_case(
        tf.cast(x[3], tf.int32), {0: lambda: x, 1: lambda: x * 2}),
    "while_loop": lambda x: tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * x),
                                          [0, x]),
    "while_loop max": lambda x: tf.while_loop(lambda s: tf.reduce_sum(s) < 1000.0,
                                              lambda s: s * 2.0, [x], maximum_iterations=3),
    "while_loop no back_prop": lambda x: tf.while_loop(
        lambda s: tf.reduce_sum(s) < 1000.0, lambda s: s * 2.0, [x], maximum_iterations=3,
        back_prop=False),
}


def _numpy(result):
    if isinstance(result, (list, tuple)):
        return [_numpy(r) for r in result]
    return result.numpy().tolist()


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_compiled_equals_eager(name):
    fn = FUNCTIONS[name]
    x = tf.constant(X)
    eager = _numpy(fn(x))
    compiled = tf.function(fn, autograph=False)
    assert _numpy(compiled(x)) == eager
    assert _numpy(compiled(x + 10.0)) == _numpy(fn(x + 10.0))


def test_eager_values():
    x = tf.constant(X)
    assert _numpy(FUNCTIONS["scan reverse init"](x)) == [20.0, 19.0, 17.0, 14.0]
    assert _numpy(FUNCTIONS["case"](x)) == [3.0, 6.0, 9.0, 12.0]
    assert _numpy(FUNCTIONS["switch_case out of range"](x)) == [2.0, 4.0, 6.0, 8.0]
    assert _numpy(FUNCTIONS["while_loop max"](x)) == [8.0, 16.0, 24.0, 32.0]


def test_loop_bound_by_a_tensor_argument():
    @tf.function
    def total(n):
        return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), [0, 0])[1]

    assert [total(tf.constant(5)).numpy(), total(tf.constant(10)).numpy()] == [10, 45]


def test_assignments_in_branches_and_loops_persist():
    v = tf.Variable(0.0)

    @tf.function
    def f(x):
        tf.cond(x > 1, lambda: v.assign_add(x), lambda: v)
        tf.while_loop(lambda i: i < 2, lambda i: (v.assign_add(1.0), i + 1)[1], [0])
        return v.read_value()

    assert f(tf.constant(3.0)).numpy() == 5.0
    assert f(tf.constant(-1.0)).numpy() == 7.0


def test_gradients_through_compiled_control_flow():
    w = tf.Variable(2.0)

    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            y = tf.cond(x > 0, lambda: x * w * x, lambda: w)
            z = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * w), [0, y],
                              maximum_iterations=5)[1]
            s = tf.reduce_sum(tf.scan(lambda acc, e: acc * w + e, tf.stack([x, x, x])))
        return z, tape.gradient([z, s], w)

    z, g = f(tf.constant(3.0))
    assert (z.numpy(), g.numpy()) == (144.0, 288.0 + 18.0)  # 9w^4: 36w^3, s: x(2 + 2w)
    z, g = f(tf.constant(-1.0))
    assert (z.numpy(), g.numpy()) == (16.0, 32.0 - 6.0)


def test_branches_must_agree():
    @tf.function
    def f(x):
        return tf.cond(x > 0, lambda: x, lambda: tf.stack([x, x]))

    with pytest.raises(ValueError, match="true_fn and false_fn arguments to tf.cond must have "
                                         "the same number, type, and overall structure"):
        f(tf.constant(1.0))


def test_switch_case_errors():
    with pytest.raises(ValueError, match="must form contiguous range"):
        tf.switch_case(tf.constant(0), {0: lambda: 1, 2: lambda: 2})
    with pytest.raises(TypeError, match="branch_index must an int32 Tensor"):
        tf.switch_case(tf.constant(0, tf.int64), [lambda: 1])


def test_a_loop_changing_shape_runs_eagerly():
    @tf.function
    def grow(x):
        return tf.while_loop(lambda s: tf.size(s) < 8, lambda s: tf.concat([s, s], 0), [x],
                             shape_invariants=[tf.TensorShape([None])])

    with pytest.warns(RuntimeWarning, match="runs eagerly"):
        assert grow(tf.constant([1.0, 2.0])).numpy().tolist() == [1.0, 2.0] * 4
    np.testing.assert_array_equal(grow(tf.constant([3.0])).numpy(), [3.0] * 8)
