"""tf.data pipelines against TensorFlow's outputs (TF 2.21 compat.v1 as the oracle, TF 1.15's
reprs and messages where they differ: `DatasetV1Adapter`, `[Op:IteratorGetNextSync]`)."""
import gzip

import numpy as np
import pytest

import tfeager_compat as tf

D = tf.data.Dataset


def values(ds):
    """The elements of `ds` as nested NumPy values."""
    def host(x):
        if isinstance(x, tuple):
            return tuple(host(v) for v in x)
        if isinstance(x, dict):
            return {k: host(v) for k, v in x.items()}
        value = x.numpy()
        return value if isinstance(value, bytes) else value.tolist()
    return [host(e) for e in ds]


# ---- sources: dtypes, shapes, reprs ---------------------------------------------------------
@pytest.mark.parametrize("make, types, shapes, text", [
    (lambda: D.from_tensor_slices([1, 2, 3]), "tf.int32", "TensorShape([])",
     "<DatasetV1Adapter shapes: (), types: tf.int32>"),
    (lambda: D.from_tensor_slices((np.arange(6.).reshape(3, 2), [1, 2, 3])),
     "(tf.float64, tf.int32)", "(TensorShape([Dimension(2)]), TensorShape([]))",
     "<DatasetV1Adapter shapes: ((2,), ()), types: (tf.float64, tf.int32)>"),
    (lambda: D.from_tensor_slices({"a": [1., 2.], "b": (["x", "y"], [[1], [2]])}),
     "{'a': tf.float32, 'b': (tf.string, tf.int32)}",
     "{'a': TensorShape([]), 'b': (TensorShape([]), TensorShape([Dimension(1)]))}",
     "<DatasetV1Adapter shapes: {a: (), b: ((), (1,))}, types: {a: tf.float32, b: (tf.string, "
     "tf.int32)}>"),
    (lambda: D.from_tensor_slices([1.5, 2]), "tf.float32", "TensorShape([])", None),
    (lambda: D.from_tensor_slices(np.array([1, 2])), "tf.int64", "TensorShape([])", None),
    (lambda: D.from_tensors([1, 2]), "tf.int32", "TensorShape([Dimension(2)])", None),
    (lambda: D.range(10).batch(3), "tf.int64", "TensorShape([Dimension(None)])",
     "<DatasetV1Adapter shapes: (?,), types: tf.int64>"),
    (lambda: D.range(10).batch(3, drop_remainder=True), "tf.int64",
     "TensorShape([Dimension(3)])", None),
    (lambda: D.range(3).map(lambda x: [x, x]), "(tf.int64, tf.int64)",
     "(TensorShape([]), TensorShape([]))", None),
    (lambda: D.range(3).map(lambda x: (x, 1.0)), "(tf.int64, tf.float32)",
     "(TensorShape([]), TensorShape([]))", None),
    (lambda: D.range(3).map(lambda x: tf.py_func(lambda v: v * 2, [x], tf.int64)),
     "tf.int64", "TensorShape(None)", None),
    (lambda: D.from_tensor_slices([[1], [2], [3]]).padded_batch(2, [None]), "tf.int32",
     "TensorShape([Dimension(None), Dimension(None)])",
     "<DatasetV1Adapter shapes: (?, ?), types: tf.int32>"),
    (lambda: D.range(4).batch(2).unbatch(), "tf.int64", "TensorShape([])", None),
    (lambda: D.from_generator(lambda: iter([1]), tf.int32), "tf.int32",
     "TensorShape(None)", "<DatasetV1Adapter shapes: <unknown>, types: tf.int32>"),
    (lambda: D.from_generator(lambda: iter([]), (tf.int32, tf.string),
                              (tf.TensorShape([]), tf.TensorShape([None]))),
     "(tf.int32, tf.string)", "(TensorShape([]), TensorShape([Dimension(None)]))",
     "<DatasetV1Adapter shapes: ((), (?,)), types: (tf.int32, tf.string)>"),
    (lambda: D.range(3).enumerate(), "(tf.int64, tf.int64)", "(TensorShape([]), TensorShape([]))",
     None),
])
def test_element_types_and_shapes(make, types, shapes, text):
    ds = make()
    assert repr(ds.output_types) == types
    assert repr(ds.output_shapes) == shapes
    if text is not None:
        assert repr(ds) == text


def test_element_spec_and_classes():
    ds = D.from_tensor_slices((np.zeros((3, 2), np.float32), [1, 2, 3]))
    assert repr(ds.element_spec) == ("(TensorSpec(shape=(2,), dtype=tf.float32, name=None), "
                                     "TensorSpec(shape=(), dtype=tf.int32, name=None))")
    assert ds.output_classes == (tf.Tensor, tf.Tensor)
    window = D.range(5).window(2)
    spec = "DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))"
    assert repr(window.element_spec) == spec
    assert repr(window.output_classes) == spec


# ---- element values -----------------------------------------------------------------------------
@pytest.mark.parametrize("make, expected", [
    (lambda: D.from_tensor_slices([1, 2, 3]), [1, 2, 3]),
    (lambda: D.from_tensors(([1, 2], "a")), [([1, 2], b"a")]),
    (lambda: D.range(5, 1, -2), [5, 3]),
    (lambda: D.range(2, 8, 3), [2, 5]),
    (lambda: D.range(10).batch(3), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]),
    (lambda: D.range(10).batch(3, drop_remainder=True), [[0, 1, 2], [3, 4, 5], [6, 7, 8]]),
    (lambda: D.range(3).map(lambda x: {"a": x * 2}), [{"a": 0}, {"a": 2}, {"a": 4}]),
    (lambda: D.from_tensor_slices(([1, 2], [3, 4])).map(lambda a, b: a + b), [4, 6]),
    (lambda: D.from_tensor_slices({"a": [1, 2]}).map(lambda d: d["a"]), [1, 2]),
    (lambda: D.range(10).filter(lambda x: tf.equal(x % 3, 0)), [0, 3, 6, 9]),
    (lambda: D.range(10).filter(lambda x: x % 3 == 0), []),  # TF1: `==` is identity
    (lambda: D.range(3).map(lambda x: tf.py_func(lambda v: v * 2, [x], tf.int64)), [0, 2, 4]),
    (lambda: D.from_tensor_slices([[1, 2], [3, 4]]).map(lambda x: x[0]).batch(2), [[1, 3]]),
    (lambda: D.range(5).take(2).concatenate(D.range(7, 9)), [0, 1, 7, 8]),
    (lambda: D.zip((D.range(3), D.range(10, 20))), [(0, 10), (1, 11), (2, 12)]),
    (lambda: D.zip({"a": D.range(2), "b": D.range(3)}), [{"a": 0, "b": 0}, {"a": 1, "b": 1}]),
    (lambda: D.range(10).shard(3, 1), [1, 4, 7]),
    (lambda: D.range(3).enumerate(5), [(5, 0), (6, 1), (7, 2)]),
    (lambda: D.range(3).repeat(2).skip(4), [1, 2]),
    (lambda: D.range(3).repeat(-1).take(7), [0, 1, 2, 0, 1, 2, 0]),
    (lambda: D.range(0).repeat(), []),
    (lambda: D.range(3).flat_map(lambda x: D.range(x)), [0, 0, 1]),
    (lambda: D.range(1, 4).interleave(lambda x: D.from_tensors(x).repeat(x), cycle_length=2,
                                      block_length=1), [1, 2, 2, 3, 3, 3]),
    (lambda: D.range(1, 4).interleave(lambda x: D.from_tensors(x).repeat(3), cycle_length=2,
                                      block_length=2), [1, 1, 2, 2, 1, 2, 3, 3, 3]),
    (lambda: D.range(4).batch(2).unbatch(), [0, 1, 2, 3]),
    (lambda: D.from_tensor_slices([[1], [2], [3]]).padded_batch(2, [3]),
     [[[1, 0, 0], [2, 0, 0]], [[3, 0, 0]]]),
    (lambda: D.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(
        2, [None], padding_values=tf.constant(-1, tf.int64)), [[[1, -1], [2, 2]], [[3, 3, 3]]]),
    (lambda: D.range(7).window(3, shift=2, stride=2, drop_remainder=True).flat_map(
        lambda w: w.batch(3)), [[0, 2, 4], [2, 4, 6]]),
    (lambda: D.range(5).window(2).flat_map(lambda w: w.batch(2)), [[0, 1], [2, 3], [4]]),
    (lambda: D.range(3).cache().repeat(2), [0, 1, 2, 0, 1, 2]),
    (lambda: D.range(4).prefetch(2), [0, 1, 2, 3]),
    (lambda: D.range(6).apply(tf.data.experimental.map_and_batch(lambda x: x * 2, 4)),
     [[0, 2, 4, 6], [8, 10]]),
    (lambda: D.range(5).apply(tf.contrib.data.batch_and_drop_remainder(2)), [[0, 1], [2, 3]]),
    (lambda: D.from_tensors([[1, 2], [3, 4]]).apply(tf.data.experimental.unbatch()),
     [[1, 2], [3, 4]]),
    (lambda: D.from_generator(lambda: iter([1, 2]), tf.float32), [1.0, 2.0]),
    (lambda: D.from_generator(lambda n: ((i, "a" * i) for i in range(n)), (tf.int64, tf.string),
                              args=(2,)), [(0, b""), (1, b"a")]),
    (lambda: D.from_generator(lambda: iter([[1, 2], [1, 2, 3]]), tf.int32), [[1, 2], [1, 2, 3]]),
])
def test_elements(make, expected):
    assert values(make()) == expected


def test_element_dtypes_follow_tf():
    first = next(iter(D.from_tensor_slices((np.arange(3.), [1, 2, 3], ["a", "b", "c"]))))
    assert [t.dtype for t in first] == [tf.float64, tf.int32, tf.string]
    assert next(iter(D.range(3))).dtype == tf.int64


def test_reduce():
    total = D.range(3).reduce(np.int64(0), lambda s, x: s + x)
    assert total.dtype == tf.int64 and total.numpy() == 3
    with pytest.raises(TypeError, match="The element types for the new state must match"):
        D.range(3).reduce(np.int64(0), lambda s, x: tf.cast(s + x, tf.float32))


# ---- iterators ----------------------------------------------------------------------------------
def test_iterators():
    it = D.range(2).make_one_shot_iterator()
    assert it.get_next().numpy() == 0 and it.get_next().numpy() == 1
    for _ in range(2):  # the end is reported again on each call
        with pytest.raises(tf.errors.OutOfRangeError) as info:
            it.get_next()
        assert str(info.value) == "End of sequence [Op:IteratorGetNextSync]"
    it = iter(D.range(3))
    assert next(it).numpy() == 0 and it.next().numpy() == 1 and int(next(it)) == 2
    with pytest.raises(StopIteration):
        next(it)
    it = tf.contrib.eager.Iterator(D.range(2))
    assert [int(x) for x in it] == [0, 1]
    assert it.output_types == tf.int64
    with pytest.raises(RuntimeError, match=r"^dataset.make_initializable_iterator is not "
                       r"supported when eager execution is enabled. Use `for element in "
                       r"dataset` instead.$"):
        D.range(2).make_initializable_iterator()


def test_each_iteration_starts_over():
    ds = D.range(3).map(lambda x: x + 1)
    assert values(ds) == values(ds) == [1, 2, 3]


# ---- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize("make, cls, message", [
    (lambda: D.from_tensor_slices([[1, 2], [3]]), ValueError,
     "Can't convert non-rectangular Python sequence to Tensor."),
    (lambda: D.from_tensor_slices((np.zeros(3), np.zeros(4))), ValueError,
     "Dimensions 3 and 4 are not compatible"),
    (lambda: D.from_tensor_slices(5), ValueError,
     "Unbatching a tensor is only supported for rank >= 1"),
    (lambda: D.from_tensor_slices([1, 2]).batch(0), tf.errors.InvalidArgumentError,
     "Batch size must be greater than zero. [Op:BatchDatasetV2]"),
    (lambda: D.range(5).concatenate(D.from_tensor_slices([1.])), TypeError,
     "Incompatible dataset elements:\n  TensorSpec(shape=(), dtype=tf.int64, name=None) vs.   "
     "TensorSpec(shape=(), dtype=tf.float32, name=None)"),
    (lambda: D.range(10).shard(3, 3), tf.errors.InvalidArgumentError,
     "Index must be between 0 and 2 (currently index = 3). [Op:ShardDataset]"),
    (lambda: D.range(0, 3, 0), tf.errors.InvalidArgumentError,
     "step must be a non-zero integer. [Op:RangeDataset]"),
    (lambda: list(D.range(10).filter(lambda x: x)), ValueError,
     "`predicate` must return a scalar boolean tensor."),
    (lambda: list(D.range(1, 4).map(lambda x: tf.fill([x], x)).batch(2)),
     tf.errors.InvalidArgumentError,
     "Cannot batch tensors with different shapes in component 0. First element had shape [1] "
     "and element 1 had shape [2]. [Op:IteratorGetNextSync]"),
    (lambda: list(D.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(2, [2])),
     tf.errors.DataLossError,
     "Attempted to pad to a smaller size than the input element. [Op:IteratorGetNextSync]"),
    (lambda: list(D.from_generator(lambda: iter([[1, 2], [1, 2, 3]]), tf.int32,
                                   tf.TensorShape([2]))), tf.errors.InvalidArgumentError,
     "ValueError: `generator` yielded an element of shape (3,) where an element of shape (2,) "
     "was expected.\n [Op:IteratorGetNextSync]"),
    (lambda: list(D.from_generator(lambda: iter(["abc"]), tf.int32)),
     tf.errors.InvalidArgumentError,
     "TypeError: `generator` yielded an element that could not be converted to the expected "
     "type. The expected type was int32, but the yielded element was abc.\n "
     "[Op:IteratorGetNextSync]"),
    (lambda: list(D.from_generator(lambda: iter([1]), (tf.int32, tf.int32))),
     tf.errors.InvalidArgumentError,
     "TypeError: `generator` yielded an element that did not match the expected structure. The "
     "expected structure was (tf.int32, tf.int32), but the yielded element was 1.\n "
     "[Op:IteratorGetNextSync]"),
    (lambda: D.list_files("/nonexistent_tfeager/*.txt"), tf.errors.InvalidArgumentError,
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b'No files "
     "matched pattern: /nonexistent_tfeager/*.txt'"),
])
def test_errors(make, cls, message):
    with pytest.raises(cls) as info:
        make()
    assert str(info.value) == message


# ---- shuffle --------------------------------------------------------------------------------------
@pytest.mark.parametrize("buffer_size, batch", [(1, 1), (3, 1), (10, 7), (100, 50)])
def test_shuffle_is_a_buffer_limited_permutation(buffer_size, batch):
    out = [v for b in values(D.range(50).shuffle(buffer_size, seed=2).batch(batch)) for v in b]
    assert sorted(out) == list(range(50))
    assert all(v < buffer_size + k for k, v in enumerate(out))  # output k: one of inputs < B+k
    if buffer_size == 1:
        assert out == list(range(50))


def test_shuffle_seeds_and_reshuffling():
    a = D.range(20).shuffle(20, seed=7)
    b = D.range(20).shuffle(20, seed=7)
    first = values(a)
    assert first == values(b) and first != list(range(20))
    assert values(a) != first  # reshuffle_each_iteration defaults to True
    fixed = D.range(20).shuffle(20, seed=7, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed) == first
    repeated = values(D.range(20).shuffle(20, seed=7).repeat(2))
    assert repeated[:20] == first and sorted(repeated[20:]) == list(range(20))
    tf.set_random_seed(3)
    x = values(D.range(20).shuffle(20))
    tf.set_random_seed(3)
    assert values(D.range(20).shuffle(20)) == x
    tf.set_random_seed(None)


def test_shuffle_of_varying_shapes():
    ds = D.range(1, 6).map(lambda x: tf.fill([x], x)).shuffle(3, seed=1)
    out = values(ds)
    assert sorted(len(v) for v in out) == [1, 2, 3, 4, 5]
    assert all(v == [len(v)] * len(v) for v in out)


def test_shuffle_and_repeat():
    out = values(D.range(5).apply(tf.data.experimental.shuffle_and_repeat(5, 2, seed=1)))
    assert sorted(out[:5]) == sorted(out[5:]) == [0, 1, 2, 3, 4]


# ---- map: vectorised where it traces, element by element otherwise -----------------------------
def test_traced_map_runs_python_once_for_many_elements():
    calls = []

    def f(a, b):
        calls.append(1)
        return a * 2.0 - 1.0, b

    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    ds = D.from_tensor_slices((x, np.arange(6))).map(f).batch(6)
    (images, labels), = values(ds)
    assert images == (x * 2 - 1).tolist() and labels == list(range(6))
    assert len(calls) == 1


def test_map_with_random_ops_draws_per_element():
    out = values(D.range(4).map(lambda x: tf.random_uniform([])))
    assert len(set(out)) == 4


def test_map_reads_variables_when_it_runs():
    v = tf.Variable(1.0)
    ds = D.range(2).map(lambda x: tf.cast(x, tf.float32) + v)
    assert values(ds) == [1.0, 2.0]
    v.assign(10.0)
    assert values(ds) == [10.0, 11.0]


def test_map_under_a_tape_is_not_recorded():
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = [x for x in D.range(2).map(lambda x: tf.cast(x, tf.float32) * v)]
        loss = v * 3.0
    assert tape.gradient(loss, v).numpy() == 3.0
    assert [t.numpy() for t in y] == [0.0, 2.0]


# ---- files and caches -------------------------------------------------------------------------------
def test_text_line_dataset(tmp_path):
    plain = tmp_path / "a.txt"
    plain.write_bytes(b"one\r\ntwo\n\nthree")
    packed = tmp_path / "b.txt.gz"
    packed.write_bytes(gzip.compress(b"x\ny\n"))
    assert values(tf.data.TextLineDataset([str(plain)])) == [b"one", b"two", b"", b"three"]
    assert values(tf.data.TextLineDataset(str(packed), compression_type="GZIP")) == [b"x", b"y"]
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        list(tf.data.TextLineDataset(str(tmp_path / "missing.txt")))


def test_fixed_length_records(tmp_path):
    path = tmp_path / "r.bin"
    path.write_bytes(b"HH" + b"abcdef" + b"F")  # (a partial record is TF's error)
    ds = tf.data.FixedLengthRecordDataset(str(path), 3, header_bytes=2, footer_bytes=1)
    assert values(ds) == [b"abc", b"def"]


def test_list_files_is_sorted_then_shuffled(tmp_path):
    for name in ("b.txt", "a.txt", "c.csv"):
        (tmp_path / name).write_text("")
    pattern = str(tmp_path / "*.txt")
    names = [str(tmp_path / n).encode() for n in ("a.txt", "b.txt")]
    assert values(D.list_files(pattern, shuffle=False)) == names
    assert sorted(values(D.list_files(pattern))) == names


def test_cache_in_memory_and_in_a_file(tmp_path):
    calls = []

    def count(x):
        calls.append(1)
        return x

    ds = D.range(3).map(lambda x: tf.py_func(count, [x], tf.int64)).cache()
    assert values(ds) == values(ds) == [0, 1, 2]
    assert len(calls) == 3
    path = str(tmp_path / "cache")
    on_disk = D.from_tensor_slices(["a", "bc"]).cache(path)
    assert values(on_disk) == [b"a", b"bc"]
    again = D.from_tensor_slices(["changed", "x"]).cache(path)  # reads what was written, as TF
    assert values(again) == [b"a", b"bc"]


@pytest.mark.parametrize("make, count", [
    (lambda: D.range(5), 5),
    (lambda: D.range(5).repeat(), -1),
    (lambda: D.range(5).filter(lambda x: True), -2),
    (lambda: D.range(5).batch(2), 3),
    (lambda: D.range(5).batch(2, drop_remainder=True), 2),
    (lambda: D.range(5).repeat(3).skip(2).take(10), 10),
    (lambda: D.zip((D.range(5), D.range(3).repeat())), 5),
    (lambda: D.range(5).concatenate(D.range(2)), 7),
    (lambda: D.range(10).shard(3, 1), 3),
])
def test_cardinality(make, count):
    result = tf.data.experimental.cardinality(make())
    assert result.dtype == tf.int64 and result.numpy() == count


def test_experimental_constants_and_single_element():
    assert tf.data.experimental.AUTOTUNE == tf.contrib.data.AUTOTUNE == -1
    assert tf.data.experimental.get_single_element(D.from_tensors(3)).numpy() == 3
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dataset had more than one element"):
        tf.data.experimental.get_single_element(D.range(2))
