"""Shuffling by position: where a dataset's elements can be fetched by position (arrays, range,
a vectorised map of those, zip/repeat/take/skip/enumerate/shard/prefetch of those), `shuffle`
draws positions; the elements and the buffer's limits must be what moving elements gives."""
import numpy as np
import pytest

import tfeager_compat as tf

D = tf.data.Dataset


def values(ds):
    def host(x):
        if isinstance(x, tuple):
            return tuple(host(v) for v in x)
        value = x.numpy()
        return value if isinstance(value, bytes) else value.tolist()
    return [host(e) for e in ds]


# (pipeline before the shuffle, whether it offers random access)
PIPELINES = [
    (lambda: D.range(40), True),
    (lambda: D.from_tensor_slices((np.arange(40.0), np.arange(40) * 3)), True),
    (lambda: D.from_tensor_slices(np.arange(40)).map(lambda x: x * 2 + 1), True),
    (lambda: D.range(10).repeat(4), True),
    (lambda: D.zip((D.range(40), D.range(100, 200))), True),
    (lambda: D.range(60).skip(5).take(40), True),
    (lambda: D.range(40).enumerate(7), True),
    (lambda: D.range(120).shard(3, 2), True),
    (lambda: D.range(40).prefetch(2), True),
    (lambda: D.from_tensor_slices(["a", "bb", "c"]).repeat(13), True),
    (lambda: D.range(40).filter(lambda x: x >= 0), False),
    (lambda: D.range(40).map(lambda x: tf.py_func(lambda v: v, [x], tf.int64)), False),
    (lambda: D.range(40).cache(), False),
]


@pytest.mark.parametrize("make, random_access", PIPELINES)
def test_shuffle_is_a_permutation_limited_by_its_buffer(make, random_access):
    assert (make()._rows() is not None) == random_access
    order = values(make())
    out = values(make().shuffle(8, seed=3))
    assert sorted(out, key=repr) == sorted(order, key=repr)
    assert out != order
    positions = {}
    for k, v in enumerate(out):  # output k is one of the first 8 + k inputs
        first = [i for i, w in enumerate(order) if w == v and i not in positions.values()][0]
        positions[k] = first
        assert first < 8 + k
    assert values(make().shuffle(8, seed=3).batch(5)) == [
        out[i:i + 5] if not isinstance(out[0], tuple) else
        tuple(list(c) for c in zip(*out[i:i + 5])) for i in range(0, len(out), 5)]


def test_shuffle_by_position_is_reproducible_and_reshuffles():
    ds = D.from_tensor_slices(np.arange(100)).shuffle(100, seed=5)
    first = values(ds)
    assert values(D.from_tensor_slices(np.arange(100)).shuffle(100, seed=5)) == first
    assert values(ds) != first and sorted(values(ds)) == list(range(100))
    fixed = D.range(100).shuffle(100, seed=5, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed)


def test_shuffle_of_an_endless_repeat():
    out = values(D.range(5).repeat().shuffle(3, seed=1).take(20))
    assert sorted(out) == sorted(list(range(5)) * 4)


def test_vectorised_map_runs_once_per_batch_after_the_shuffle():
    calls = []

    def f(a, b):
        calls.append(1)
        return a * 2.0 - 1.0, b

    x = np.arange(64, dtype=np.float32).reshape(32, 2)
    ds = D.from_tensor_slices((x, np.arange(32))).map(f).shuffle(10, seed=0).batch(8)
    batches = values(ds)
    assert len(calls) == 1  # traced once; every batch is one vectorised call
    images = [row for b in batches for row in b[0]]
    labels = [v for b in batches for v in b[1]]
    assert sorted(labels) == list(range(32))
    assert images == [[4.0 * i - 1.0, 4.0 * i + 1.0] for i in labels]


def test_map_that_does_not_vectorise_runs_in_input_order_before_the_shuffle():
    seen = []

    def note(v):
        seen.append(int(v))
        return v

    ds = D.range(12).map(lambda x: tf.py_func(note, [x], tf.int64)).shuffle(4, seed=2)
    out = values(ds)
    assert seen == list(range(12))  # as TF: the buffer fills from the map, in input order
    assert sorted(out) == list(range(12)) and out != list(range(12))


@pytest.mark.parametrize("make, expected", [
    (lambda: D.range(3).repeat(0).shuffle(4), []),
    (lambda: D.range(0).shuffle(4), []),
    (lambda: D.range(5).skip(-1).shuffle(4), []),
    (lambda: D.range(3).shuffle(1).batch(2), [[0, 1], [2]]),
    (lambda: D.from_tensor_slices([[1, 2], [3, 4]]).shuffle(1), [[1, 2], [3, 4]]),
])
def test_shuffle_edges(make, expected):
    assert values(make()) == expected


def test_many_elements_of_one_signature_keep_their_values_and_dtypes():
    # past the point where an element signature gets a compiled transfer
    x = np.arange(300, dtype=np.float64).reshape(100, 3)
    out = list(D.from_tensor_slices((x, ["s"] * 100, np.arange(100, dtype=np.int16))))
    assert [t.dtype for t in out[-1]] == [tf.float64, tf.string, tf.int16]
    assert [e[0].numpy().tolist() for e in out] == x.tolist()
    assert [int(e[2]) for e in out] == list(range(100)) and out[99][1].numpy() == b"s"
    assert [int(v) for v in D.range(80)] == list(range(80))
