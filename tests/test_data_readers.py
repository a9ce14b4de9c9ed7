"""tf.data file readers against TensorFlow (TF 2.21 compat.v1 as the oracle; TF 1.15's reprs
and `[Op:IteratorGetNextSync]`): TFRecordDataset over the TF-written fixtures, file lists and
datasets of file names, parallel reads, and the readers' errors."""
import gzip
import os

import pytest

import tfeager_compat as tf

D = tf.data.Dataset
RECORDS = os.path.join(os.path.dirname(__file__), "fixtures", "records")
EXAMPLES = os.path.join(RECORDS, "examples.tfrecord")
SEQUENCE = os.path.join(RECORDS, "sequence.tfrecord")


def lengths(ds):
    return [len(r.numpy()) for r in ds]


# ---- TFRecordDataset -------------------------------------------------------------------------
@pytest.mark.parametrize("make, expected", [
    (lambda: tf.data.TFRecordDataset(EXAMPLES), [82, 66, 82]),
    (lambda: tf.data.TFRecordDataset([EXAMPLES + ".gz"], compression_type="GZIP"), [82, 66, 82]),
    (lambda: tf.data.TFRecordDataset(EXAMPLES, compression_type="FOO"), [82, 66, 82]),
    (lambda: tf.data.TFRecordDataset(EXAMPLES, compression_type=tf.constant("")), [82, 66, 82]),
    (lambda: tf.data.TFRecordDataset([[EXAMPLES, SEQUENCE]]), [82, 66, 82, 108]),
    (lambda: tf.data.TFRecordDataset(tf.constant([EXAMPLES])), [82, 66, 82]),
    (lambda: tf.data.TFRecordDataset(D.from_tensor_slices([EXAMPLES, SEQUENCE])),
     [82, 66, 82, 108]),
    (lambda: tf.data.TFRecordDataset([EXAMPLES, SEQUENCE], num_parallel_reads=2),
     [82, 108, 66, 82]),
    (lambda: tf.data.TFRecordDataset([EXAMPLES] * 3, num_parallel_reads=tf.constant(2, tf.int64)),
     [82, 82, 66, 66, 82, 82, 82, 66, 82]),
    (lambda: tf.data.TFRecordDataset(EXAMPLES, num_parallel_reads=-1), [82, 66, 82]),
    (lambda: tf.data.TFRecordDataset(EXAMPLES, buffer_size=0), [82, 66, 82]),
    (lambda: tf.data.TFRecordDataset([]), []),
])
def test_tfrecord_dataset_records(make, expected):
    assert lengths(make()) == expected


def test_tfrecord_dataset_spec_and_repr():
    ds = tf.data.TFRecordDataset(EXAMPLES)
    assert repr(ds) == "<TFRecordDatasetV1 shapes: (), types: tf.string>"
    assert ds.output_types == tf.string and repr(ds.output_shapes) == "TensorShape([])"
    assert tf.data.experimental.cardinality(ds).numpy() == -2
    assert repr(tf.data.TextLineDataset(EXAMPLES)) == \
        "<TextLineDatasetV1 shapes: (), types: tf.string>"
    assert repr(tf.data.FixedLengthRecordDataset(EXAMPLES, 2)) == \
        "<FixedLengthRecordDatasetV1 shapes: (), types: tf.string>"
    assert repr(ds.map(lambda r: r)) == "<DatasetV1Adapter shapes: <unknown>, types: tf.string>"


@pytest.mark.parametrize("name, compression", [("examples.tfrecord", None),
                                               ("examples.tfrecord.gz", "GZIP")])
def test_tf_written_examples_parse_in_a_map(name, compression):
    spec = {"label": tf.io.FixedLenFeature([], tf.int64),
            "pixels": tf.io.FixedLenFeature([3], tf.float32),
            "name": tf.io.FixedLenFeature([], tf.string)}
    ds = tf.data.TFRecordDataset(os.path.join(RECORDS, name), compression).map(
        lambda record: tf.io.parse_single_example(record, spec))
    assert ds.output_types == {"label": tf.int64, "name": tf.string, "pixels": tf.float32}
    out = [(e["label"].numpy(), e["pixels"].numpy().tolist(), e["name"].numpy()) for e in ds]
    assert out == [(1, [0.5, 1.5, -2.0], b"first"),
                   (0, [3.25, 0.0, 0.0010000000474974513], b"second"),
                   (7, [-1.0, 2.0, 4.0], b"\xff\x00bytes")]
    batch = next(iter(ds.batch(3)))
    assert batch["label"].numpy().tolist() == [1, 0, 7]
    assert batch["pixels"].shape == (3, 3) and batch["name"].dtype == tf.string


@pytest.mark.parametrize("make, cls, message", [
    (lambda: tf.data.TFRecordDataset([1, 2]), TypeError,
     "`filenames` must be a `tf.Tensor` of dtype `tf.string` dtype. Got <dtype: 'int32'>"),
    (lambda: tf.data.TFRecordDataset(D.from_tensor_slices([1, 2])), TypeError,
     "`filenames` must be a `tf.data.Dataset` of `tf.string` elements."),
    (lambda: tf.data.TFRecordDataset(D.from_tensors([EXAMPLES])), TypeError,
     "`filenames` must be a `tf.data.Dataset` of scalar `tf.string` elements."),
    (lambda: tf.data.TFRecordDataset(EXAMPLES, num_parallel_reads=0),
     tf.errors.InvalidArgumentError, "`cycle_length` must be > 0 [Op:ParallelInterleaveDataset]"),
    (lambda: list(tf.data.TFRecordDataset(EXAMPLES, buffer_size=-5)),
     tf.errors.InvalidArgumentError,
     "`buffer_size` must be >= 0 (0 == no buffering) [Op:IteratorGetNextSync]"),
    (lambda: list(tf.data.TFRecordDataset("/nonexistent_tfeager.tfrecord")),
     tf.errors.NotFoundError,
     "/nonexistent_tfeager.tfrecord; No such file or directory [Op:IteratorGetNextSync]"),
    (lambda: list(tf.data.TFRecordDataset(EXAMPLES, "GZIP")), tf.errors.DataLossError,
     f"inflate() failed with error -3: incorrect header check in file {EXAMPLES} "
     "[Op:IteratorGetNextSync]"),
    (lambda: list(tf.data.TextLineDataset(EXAMPLES, compression_type="FOO")),
     tf.errors.InvalidArgumentError, "Unsupported compression_type. [Op:IteratorGetNextSync]"),
    (lambda: list(tf.data.TextLineDataset(EXAMPLES, buffer_size=-1)),
     tf.errors.InvalidArgumentError,
     "`buffer_size` must be >= 0 (0 == default) [Op:IteratorGetNextSync]"),
    (lambda: list(tf.data.FixedLengthRecordDataset(EXAMPLES, 3, buffer_size=-1)),
     tf.errors.InvalidArgumentError, "`buffer_size` must be >= 0 [Op:IteratorGetNextSync]"),
    (lambda: list(tf.data.FixedLengthRecordDataset([EXAMPLES], 100, num_parallel_reads=2)),
     tf.errors.InvalidArgumentError,
     f"Excluding the header (0 bytes) and footer (0 bytes), input file \"{EXAMPLES}\" has body "
     "length 278 bytes, which is not an exact multiple of the record length (100 bytes). "
     "[Op:IteratorGetNextSync]"),
])
def test_reader_errors(make, cls, message):
    with pytest.raises(cls) as info:
        make()
    assert str(info.value) == message


@pytest.mark.parametrize("cut, error", [(-10, "truncated record at 180"),
                                        (None, "corrupted record at 12")])
def test_damaged_records_fail_after_the_good_ones(tmp_path, cut, error):
    data = bytearray(open(EXAMPLES, "rb").read())
    if cut is None:
        data[20] ^= 0xFF
    else:
        data = data[:cut]
    path = str(tmp_path / "damaged.tfrecord")
    with open(path, "wb") as f:
        f.write(bytes(data))
    it = iter(tf.data.TFRecordDataset(path))
    good = [] if cut is None else [next(it), next(it)]
    assert [len(r.numpy()) for r in good] == ([] if cut is None else [82, 66])
    with pytest.raises(tf.errors.DataLossError) as info:
        next(it)
    assert str(info.value) == f"{error} in file {path} [Op:IteratorGetNextSync]"


def test_text_lines_from_several_files_and_a_dataset_of_names(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt.gz"
    a.write_bytes(b"a1\na2\na3\n")
    b.write_bytes(gzip.compress(b"b1\nb2"))
    names = D.from_tensor_slices([str(a)])
    assert [x.numpy() for x in tf.data.TextLineDataset(names)] == [b"a1", b"a2", b"a3"]
    both = tf.data.TextLineDataset([str(a), str(a)], num_parallel_reads=2)
    assert [x.numpy() for x in both] == [b"a1", b"a1", b"a2", b"a2", b"a3", b"a3"]
    assert [x.numpy() for x in tf.data.TextLineDataset(str(b), "GZIP")] == [b"b1", b"b2"]
