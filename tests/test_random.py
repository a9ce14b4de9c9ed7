"""Stateful random ops: TF's seeding rules (checked against TensorFlow as equalities, since the
numbers are the shim's own), the bit generator, and the samples' ranges and moments."""
import jax.numpy as jnp
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.ops import prng


def values(t):
    return t.numpy().tolist()


@pytest.mark.parametrize("key, counter, expected", [
    # Random123's known-answer vectors for Threefry-2x32 with 20 rounds.
    ((0, 0), (0, 0), (0x6B200159, 0x99BA4EFE)),
    ((0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF), (0x1CB996FC, 0xBB002BE7)),
    ((0x13198A2E, 0x03707344), (0x243F6A88, 0x85A308D3), (0xC4923A9C, 0x483DF7A0)),
])
def test_threefry_known_answers(key, counter, expected):
    out = prng.threefry2x32(*[jnp.uint32(w) for w in key + counter])
    assert tuple(int(w) for w in out) == expected


def test_a_seeded_kernel_repeats_its_stream_after_set_random_seed():
    tf.set_random_seed(1)
    a1, a2 = values(tf.random.uniform([2], seed=1)), values(tf.random.uniform([2], seed=1))
    assert a1 != a2
    tf.set_random_seed(1)
    assert values(tf.random.uniform([2], seed=1)) == a1
    tf.random.normal([2])  # an op without a seed does not touch the kernel's stream
    tf.random.normal([2], seed=1)  # nor does another kernel with the same seed
    assert values(tf.random.uniform([2], seed=1)) == a2
    tf.set_random_seed(1)
    assert values(tf.random.uniform([2], seed=1, dtype=tf.float64)) != a1  # another kernel
    assert values(tf.random.uniform([2], seed=1, maxval=2.0)) == [2 * v for v in a1]
    tf.set_random_seed(2)
    assert values(tf.random.uniform([2], seed=1)) != a1


def test_ops_without_a_seed_take_the_next_op_seed():
    tf.set_random_seed(1)
    d1, d2 = values(tf.random.uniform([2])), values(tf.random.uniform([2]))
    assert d1 != d2
    tf.set_random_seed(1)
    tf.random.uniform([2], seed=7)  # seeded draws take no op seed
    assert [values(tf.random.uniform([2])), values(tf.random.uniform([2]))] == [d1, d2]
    tf.set_random_seed(1)
    tf.data.Dataset.range(5).shuffle(5)  # a shuffle without a seed takes one
    assert values(tf.random.uniform([2])) == d2


def test_op_seeds_as_tf_normalises_them():
    tf.set_random_seed(None)
    a = values(tf.random.uniform([2], seed=1))
    tf.set_random_seed(87654321)  # TF's default graph seed
    assert values(tf.random.uniform([2], seed=1)) == a
    tf.set_random_seed(3)
    x = values(tf.random.uniform([2], seed=-1))
    tf.set_random_seed(3)
    assert values(tf.random.uniform([2], seed=2 ** 31 - 2)) == x  # seeds mod 2**31 - 1


def test_without_seeds_every_draw_differs():
    tf.set_random_seed(None)
    assert values(tf.random.uniform([4])) != values(tf.random.uniform([4]))


def test_dropout_draws_the_uniform_kernel_of_its_dtype():
    tf.set_random_seed(1)
    u = tf.random.uniform([6], seed=1).numpy()
    tf.set_random_seed(1)
    dropped = tf.nn.dropout(tf.ones([6]), rate=0.5, seed=1).numpy()
    np.testing.assert_array_equal(dropped, (u >= 0.5) * 2.0)


def test_compiled_functions_draw_fresh_numbers_per_call_and_repeat_after_a_seed():
    f = tf.function(lambda: tf.random.normal([3]) + tf.nn.dropout(tf.ones([3]), rate=0.5))
    tf.set_random_seed(5)
    a, b = values(f()), values(f())
    assert a != b
    tf.set_random_seed(5)
    assert [values(f()), values(f())] == [a, b]


SAMPLES = {
    "uniform": (lambda: tf.random.uniform([20000], 2.0, 3.0), 2.0, 3.0, 2.5, 1 / 12),
    "uniform float64": (lambda: tf.random.uniform([20000], dtype=tf.float64), 0, 1, 0.5, 1 / 12),
    "uniform float16": (lambda: tf.random.uniform([20000], dtype=tf.float16), 0, 1, 0.5, 1 / 12),
    "normal": (lambda: tf.random.normal([20000], 1.0, 2.0), -20, 20, 1.0, 4.0),
    "normal float64": (lambda: tf.random.normal([20000], dtype=tf.float64), -10, 10, 0, 1),
    # the variance of a standard normal truncated to [-2, 2]
    "truncated": (lambda: tf.random.truncated_normal([20000]), -2, 2, 0, 0.7737413),
    "int32": (lambda: tf.random.uniform([20000], -3, 5, tf.int32), -3, 4, 0.5, 63 / 12),
    "int64": (lambda: tf.random.uniform([20000], 0, 2 ** 40, tf.int64), 0, 2 ** 40 - 1,
              2 ** 39, 2 ** 80 / 12),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples_lie_in_range_with_the_right_moments(name):
    draw, low, high, mean, variance = SAMPLES[name]
    x = draw().numpy().astype(np.float64)
    assert low <= x.min() and x.max() <= high
    assert abs(x.mean() - mean) < 5 * np.sqrt(variance / x.size)
    assert abs(x.var() / variance - 1) < 0.05


def test_integer_draws_cover_every_value_evenly():
    counts = np.bincount(tf.random.uniform([40000], -2, 3, tf.int32).numpy() + 2)
    assert counts.size == 5 and np.all(np.abs(counts / 8000 - 1) < 0.06)


@pytest.mark.parametrize("shape, dtype", [([], tf.float32), ([0, 3], tf.float32),
                                          ([3, 1, 2], tf.bfloat16), ([5], tf.int64)])
def test_shapes_and_dtypes(shape, dtype):
    t = tf.random.uniform(shape, maxval=7, dtype=dtype)
    assert (t.shape.as_list(), t.dtype) == (shape, dtype)
