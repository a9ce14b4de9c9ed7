"""TFRecord files: TF's framing, compression options and errors (values from TensorFlow 2.21's
compat.v1, messages from TF 1.15's record reader), and fixtures written by TensorFlow."""
import gzip
import os

import pytest

import tfeager_compat as tf
from tfeager_compat.io.records import iterate_records

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "records")
# TF's bytes for the records b"hello" and b"" (length, masked crc, data, masked crc).
HELLO_FILE = (b"\x05\x00\x00\x00\x00\x00\x00\x00\xea\xb2\x04>hello\xbb\x1f\x1c\x19"
              b"\x00\x00\x00\x00\x00\x00\x00\x00)\x03\x98\x07\xd8\xea\x82\xa2")


def test_writer_writes_tf_framing_byte_for_byte(tmp_path):
    path = str(tmp_path / "a.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        assert writer.write(b"hello") is None
        writer.write(b"")
        writer.flush()
    assert open(path, "rb").read() == HELLO_FILE
    assert list(tf.python_io.tf_record_iterator(path)) == [b"hello", b""]


def test_names_and_constants():
    assert tf.io.TFRecordWriter is tf.python_io.TFRecordWriter
    assert tf.io.tf_record_iterator is tf.python_io.tf_record_iterator
    assert tf.io.TFRecordOptions is tf.python_io.TFRecordOptions
    kinds = tf.python_io.TFRecordCompressionType
    assert (kinds.NONE, kinds.ZLIB, kinds.GZIP) == (0, 1, 2)
    assert tf.io.TFRecordOptions.compression_type_map == {1: "ZLIB", 2: "GZIP", 0: ""}


@pytest.mark.parametrize("options, expected", [
    (None, ""), ("", ""), (0, ""), (1, "ZLIB"), (2, "GZIP"), ("GZIP", "GZIP"),
    (tf.io.TFRecordOptions(tf.io.TFRecordCompressionType.GZIP), "GZIP"),
    (tf.io.TFRecordOptions("ZLIB"), "ZLIB")])
def test_compression_type_string(options, expected):
    assert tf.io.TFRecordOptions.get_compression_type_string(options) == expected


def test_options_keep_every_field():
    options = tf.io.TFRecordOptions(2, compression_level=9)
    assert vars(options) == {
        "compression_type": 2, "flush_mode": None, "input_buffer_size": None,
        "output_buffer_size": None, "window_bits": None, "compression_level": 9,
        "compression_method": None, "mem_level": None, "compression_strategy": None}


@pytest.mark.parametrize("make", [lambda: tf.io.TFRecordOptions("BAD"),
                                  lambda: tf.io.TFRecordWriter("/tmp/unused", "BAD")])
def test_bad_compression_type(make):
    with pytest.raises(ValueError, match='^Not a valid compression_type: "BAD"$'):
        make()


@pytest.mark.parametrize("options, magic", [
    ("GZIP", b"\x1f\x8b\x08\x00"), ("ZLIB", b"x\x9c"),
    (tf.io.TFRecordCompressionType.ZLIB, b"x\x9c"), (None, b"\x03\x00\x00\x00")])
def test_compressed_round_trip(tmp_path, options, magic):
    path = str(tmp_path / "c.tfrecord")
    with tf.io.TFRecordWriter(path, options) as writer:
        writer.write(b"abc")
        writer.write("de")  # str is written as UTF-8, as TF does
    assert open(path, "rb").read().startswith(magic)
    assert list(tf.io.tf_record_iterator(path, options)) == [b"abc", b"de"]


def test_flush_makes_a_compressed_file_readable_so_far(tmp_path):
    path = str(tmp_path / "f.tfrecord")
    writer = tf.io.TFRecordWriter(path, "GZIP")
    writer.write(b"first")
    writer.flush()
    assert list(tf.io.tf_record_iterator(path, "GZIP")) == [b"first"]
    writer.write(b"second")
    writer.close()
    assert list(tf.io.tf_record_iterator(path, "GZIP")) == [b"first", b"second"]


def test_closed_writer(tmp_path):
    writer = tf.io.TFRecordWriter(str(tmp_path / "w.tfrecord"))
    writer.close()
    with pytest.raises(tf.errors.FailedPreconditionError, match="^Writer is closed.$"):
        writer.write(b"x")
    writer.close()  # twice is harmless


def test_write_rejects_non_strings(tmp_path):
    with tf.io.TFRecordWriter(str(tmp_path / "t.tfrecord")) as writer:
        with pytest.raises(TypeError, match="expected bytes, int found"):
            writer.write(5)


def test_missing_files_are_not_found(tmp_path):
    missing = str(tmp_path / "nope")
    iterator = tf.python_io.tf_record_iterator(missing)  # a generator: opens at next()
    with pytest.raises(tf.errors.NotFoundError, match=f"^{missing}; No such file or directory$"):
        next(iterator)
    target = str(tmp_path / "nodir" / "x")
    with pytest.raises(tf.errors.NotFoundError, match=f"^{target}; No such file or directory$"):
        tf.io.TFRecordWriter(target)


def _two_records(tmp_path):
    path = str(tmp_path / "b.tfrecord")
    with tf.io.TFRecordWriter(path) as writer:
        writer.write(b"hello")
        writer.write(b"world!")
    return open(path, "rb").read()


@pytest.mark.parametrize("cut, records, message", [
    (lambda d: d[:3], [], None),             # inside the first header: TF stops quietly
    (lambda d: d[:10], [], None),
    (lambda d: d[:25], [b"hello"], None),    # inside the second header
    (lambda d: d[:14], [], "truncated record at 0"),
    (lambda d: d[:19], [], "truncated record at 0"),
    (lambda d: d[:8] + b"\0" + d[9:], [], "corrupted record at 0"),
    (lambda d: d[:13] + b"X" + d[14:], [], "corrupted record at 12"),
    (lambda d: d[:21] + b"\0" + d[22:], [b"hello"], "corrupted record at 21"),
    (lambda d: b"", [], None)])
def test_damaged_files(tmp_path, cut, records, message):
    path = str(tmp_path / "damaged")
    with open(path, "wb") as f:
        f.write(cut(_two_records(tmp_path)))
    read = []
    if message is None:
        read.extend(tf.io.tf_record_iterator(path))
    else:
        with pytest.raises(tf.errors.DataLossError) as info:
            read.extend(tf.io.tf_record_iterator(path))
        assert str(info.value) == f"{message} in file {path}"
    assert read == records


def test_damaged_compressed_files(tmp_path):
    path = str(tmp_path / "bad.gz")
    with open(path, "wb") as f:
        f.write(b"notgzip-data-here")
    with pytest.raises(tf.errors.DataLossError,
                       match="^inflate\\(\\) failed with error -3: incorrect header check"):
        list(tf.io.tf_record_iterator(path, "GZIP"))
    with open(path, "wb") as f:  # a cut-off stream still gives its complete records, as in TF
        f.write(gzip.compress(_two_records(tmp_path))[:-5])
    assert list(tf.io.tf_record_iterator(path, "GZIP")) == [b"hello", b"world!"]


@pytest.mark.parametrize("name, compression", [("examples.tfrecord", ""),
                                               ("examples.tfrecord.gz", "GZIP")])
def test_fixtures_written_by_tensorflow(name, compression):
    records = list(iterate_records(os.path.join(FIXTURES, name), compression))
    assert len(records) == 3
    first = tf.train.Example.FromString(records[0])
    assert list(first.features.feature["tags"].int64_list.value) == [1, 2, 3]
    assert list(first.features.feature["pixels"].float_list.value) == [0.5, 1.5, -2.0]
    assert tf.train.Example.FromString(records[2]).features.feature[
        "name"].bytes_list.value == [b"\xff\x00bytes"]


def test_iterate_records_is_lazy_and_plain(tmp_path):
    path = str(tmp_path / "lazy.tfrecord")
    records = iterate_records(path)  # nothing opened yet
    with tf.io.TFRecordWriter(path) as writer:
        for i in range(3):
            writer.write(b"r%d" % i)
    assert list(records) == [b"r0", b"r1", b"r2"]
