"""Stateless random ops: the same seed pair gives the same numbers, eagerly and compiled."""
import numpy as np
import pytest

import tfeager_compat as tf

DRAWS = {
    "uniform": lambda seed: tf.random.stateless_uniform([3, 2], seed=seed),
    "uniform int": lambda seed: tf.random.stateless_uniform([4], seed=seed, minval=0,
                                                             maxval=10, dtype=tf.int32),
    "normal float64": lambda seed: tf.random.stateless_normal([5], seed=seed, dtype=tf.float64),
    "truncated normal": lambda seed: tf.random.stateless_truncated_normal([100], seed=seed),
    "categorical": lambda seed: tf.random.stateless_categorical(
        tf.math.log([[0.5, 0.5], [0.9, 0.1]]), 5, seed=seed),
}
SPECS = {"uniform": ((3, 2), "float32"), "uniform int": ((4,), "int32"),
         "normal float64": ((5,), "float64"), "truncated normal": ((100,), "float32"),
         "categorical": ((2, 5), "int64")}


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_same_seed_same_numbers(name):
    draw = DRAWS[name]
    a, b = draw([1, 2]), draw(tf.constant([1, 2], tf.int64))
    assert (a.shape, a.dtype.name) == SPECS[name]
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    compiled = tf.function(lambda seed: draw(seed))
    np.testing.assert_array_equal(compiled(tf.constant([1, 2])).numpy(), a.numpy())
    np.testing.assert_array_equal(compiled(tf.constant([1, 2])).numpy(), a.numpy())


def test_seeds_and_ranges():
    assert not np.array_equal(DRAWS["uniform"]([1, 2]).numpy(), DRAWS["uniform"]([1, 3]).numpy())
    ints = DRAWS["uniform int"]([5, 6]).numpy()
    assert ints.min() >= 0 and ints.max() < 10
    assert np.abs(DRAWS["truncated normal"]([1, 1]).numpy()).max() <= 2.0


@pytest.mark.parametrize("seed, message", [
    ([1, 2, 3], r"^seed must have shape \[2\], not \[3\] \[Op:StatelessRandomUniform\]$"),
    ([1.5, 2.0], r"^Value for attr 'Tseed' of float is not in the list of allowed values: "
                 r"int32, int64 \[Op:StatelessRandomUniform\]$"),
])
def test_bad_seeds(seed, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        tf.random.stateless_uniform([3], seed=seed)


def test_integer_dtype_needs_maxval():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
        tf.random.stateless_uniform([3], seed=[1, 2], dtype=tf.int32)
