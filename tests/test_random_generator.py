"""tf.random.experimental.Generator: TF's states, counter steps and errors (checked against
TensorFlow); the numbers are the shim's own, so they are checked as repeats and ranges."""
import numpy as np
import pytest

import tfeager_compat as tf

G = tf.random.experimental.Generator


@pytest.mark.parametrize("seed, alg, state", [
    (1234, "philox", [1234, 0, 0]),
    (1234, 1, [1234, 0, 0]),
    (2 ** 70 + 5, "philox", [5, 64, 0]),
    (-1, "philox", [-1, -1, -1]),
    (7, "threefry", [7, 0]),
])
def test_create_rng_state(seed, alg, state):
    t = tf.random.experimental.create_rng_state(seed, alg)
    assert (t.dtype, t.numpy().tolist()) == (tf.int64, state)


def test_state_is_a_non_trainable_int64_variable():
    g = G.from_seed(1234)
    v = g.state
    assert (v.name, v.dtype, v.shape.as_list(), v.trainable) == ("StateVar:0", tf.int64, [3],
                                                                 False)
    assert (g.algorithm, int(g.key)) == (1, 0)


# Each draw advances the counter by 256 per number (TF's values from 1234 or 1).
@pytest.mark.parametrize("draw, counter", [
    (lambda g: g.normal([3]), 1234 + 768),
    (lambda g: g.uniform([2, 5]), 1234 + 2560),
    (lambda g: g.truncated_normal([4]), 1234 + 1024),
    (lambda g: g.uniform([3], maxval=10, dtype=tf.int32), 1234 + 768),
    (lambda g: g.uniform_full_int([2]), 1234 + 512),
    (lambda g: g.normal([5], dtype=tf.float64), 1234 + 1280),
    (lambda g: g.uniform([5], dtype=tf.float16), 1234 + 1280),
    (lambda g: g.normal([]), 1234 + 256),
    (lambda g: g.normal([0]), 1234),
    (lambda g: g.make_seeds(3), 1234 + 768),
    (lambda g: g.split(2), 1234 + 512),
    (lambda g: g.skip(10), 1234 + 2560),
])
def test_draws_advance_the_counter_as_tf(draw, counter):
    g = G.from_seed(1234)
    draw(g)
    assert g.state.numpy().tolist() == [counter, 0, 0]


def test_the_counter_carries_into_its_high_word():
    g = G.from_seed(1)
    g.reset([-256, 5, 1])
    g.normal([1])
    assert g.state.numpy().tolist() == [0, 6, 1]


def test_resets_repeat_the_numbers_and_draws_differ():
    g = G.from_seed(1234)
    a, b = g.normal([3]).numpy(), g.normal([3]).numpy()
    assert not np.array_equal(a, b)
    g.reset_from_seed(1234)
    np.testing.assert_array_equal(g.normal([3]).numpy(), a)
    np.testing.assert_array_equal(G.from_seed(1234).normal([3]).numpy(), a)
    assert not np.array_equal(G.from_seed(1235).normal([3]).numpy(), a)
    g.reset_from_key_counter(5, [1, 2])
    assert g.state.numpy().tolist() == [1, 2, 5]
    g.reset([1, 2, 3])
    assert g.state.numpy().tolist() == [1, 2, 3]


def test_constructors():
    assert G.from_state([1, 2, 3], "philox").state.numpy().tolist() == [1, 2, 3]
    assert G.from_key_counter(7, [0, 9], "philox").state.numpy().tolist() == [0, 9, 7]
    assert G(state=[1, 2, 3], alg=1).state.numpy().tolist() == [1, 2, 3]
    g = G.from_seed(1)
    copy = G(copy_from=g)
    assert (copy.state.name, copy.state.numpy().tolist(), copy.algorithm) == (
        "StateVar:0", [1, 0, 0], 1)
    assert copy.state is not g.state
    assert G.from_non_deterministic_state().state.shape.as_list() == [3]
    assert G.from_seed(1, alg="auto_select").algorithm == 3
    v = tf.Variable([1, 2, 3], dtype=tf.int64)
    G(state=v, alg=1).normal([1])
    assert v.numpy().tolist() == [257, 2, 3]  # a Variable given is the state itself


def test_make_seeds_and_split():
    g = G.from_seed(1)
    seeds = g.make_seeds(3)
    assert (seeds.dtype, seeds.shape.as_list(), seeds.numpy()[1].tolist()) == (
        tf.int64, [2, 3], [0, 0, 0])
    assert g.make_seeds().shape.as_list() == [2, 1]
    assert g.make_seeds(0).shape.as_list() == [2, 0]
    parts = g.split(2)
    assert [p.state.numpy().tolist()[:2] for p in parts] == [[0, 0], [0, 0]]
    assert parts[0].state.numpy()[2] != parts[1].state.numpy()[2]
    assert g.split(0) == []
    threefry = G.from_seed(3, alg="threefry").split(1)[0]
    assert threefry.state.numpy().tolist()[0] == 0 and threefry.algorithm == 2


def test_samples():
    g = G.from_seed(7)
    u = g.uniform([10000], minval=2.0, maxval=3.0).numpy()
    assert 2.0 <= u.min() and u.max() < 3.0 and abs(u.mean() - 2.5) < 0.02
    n = g.normal([10000], mean=1.0, stddev=2.0).numpy()
    assert abs(n.mean() - 1.0) < 0.1 and abs(n.std() - 2.0) < 0.1
    t = g.truncated_normal([10000]).numpy()
    assert np.abs(t).max() <= 2.0
    ints = g.uniform([1000], -3, 4, tf.int64).numpy()
    assert ints.dtype == np.int64 and set(ints.tolist()) == set(range(-3, 4))
    full = g.uniform([1000], minval=None, maxval=None, dtype=tf.int32).numpy()
    assert full.dtype == np.int32 and full.min() < -2 ** 30 and full.max() > 2 ** 30
    assert g.normal([2], mean=[0.0, 10.0]).shape.as_list() == [2]
    assert G.from_seed(1, alg="threefry").normal([3]).shape.as_list() == [3]


def test_compiled_draws_update_the_state_every_call():
    g = G.from_seed(1)
    f = tf.function(lambda: g.normal([2]))
    a, b = f().numpy(), f().numpy()
    assert not np.array_equal(a, b)
    assert g.state.numpy().tolist() == [1 + 2 * 512, 0, 0]


def test_global_generator():
    g = tf.random.experimental.get_global_generator()
    assert g is tf.random.experimental.get_global_generator()
    assert g.state.shape.as_list() == [3]
    mine = G.from_seed(4)
    tf.random.experimental.set_global_generator(mine)
    assert tf.random.experimental.get_global_generator() is mine


@pytest.mark.parametrize("call, error, message", [
    (lambda: G(state=[1, 2], alg=1), ValueError, r"^Shapes \(2,\) and \[3\] are incompatible$"),
    (lambda: G.from_seed(1).reset([1, 2]), ValueError,
     r"^Shapes \(2,\) and \[3\] are incompatible$"),
    (lambda: G(state=[1, 2, 3]), AssertionError, "^$"),
    (lambda: G.from_seed(1, alg="foo"), ValueError,
     r"^Argument `alg` got unsupported value foo\. Supported values are philox for the Philox "
     r"algorithm, threefry for the ThreeFry algorithm, and auto_select for auto-selection\.$"),
    (lambda: G.from_seed(1).uniform([2], dtype=tf.int32), ValueError,
     r"^For integer dtype <dtype: 'int32'>, minval and maxval must be both `None` or both "
     r"non-`None`; got minval=0 and maxval=None$"),
    (lambda: G.from_seed(1).uniform([2], minval=3, maxval=3, dtype=tf.int32),
     tf.errors.InvalidArgumentError, r"^Need minval < maxval, got 3 >= 3"),
    (lambda: G.from_seed(1).normal([2], dtype=tf.int32), TypeError,
     r"^Cannot convert 0\.0 to EagerTensor of dtype int32$"),
    (lambda: G.from_seed(1).uniform_full_int([2], tf.float32), tf.errors.InvalidArgumentError,
     r"^Value for attr 'dtype' of float is not in the list of allowed values: int32, int64, "
     r"uint32, uint64"),
])
def test_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
