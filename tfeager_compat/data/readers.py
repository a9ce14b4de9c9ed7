"""File datasets as TF 1.15 has them: TFRecordDataset, TextLineDataset, FixedLengthRecordDataset.

`filenames` is a string, a list or tensor of strings (of any shape: it is flattened), or a
dataset of scalar strings. The files are read when the iteration reaches them: one after
another, or `num_parallel_reads` at a time with their records interleaved one by one (TF's
deterministic order), a finished file's place taken by the next. As in TF, a file's own
arguments (compression, buffer size) are checked when it is opened, and an error of reading
(a missing file, a damaged record) comes from `get_next` after the elements before it.
TFRecords stream through `io.records.iterate_records`; text and fixed-length files are read
whole (GZIP and ZLIB as TF reads them).
"""
import gzip
import itertools
import os
import zlib

import numpy as np

from ..framework import dtypes, errors
from ..io.records import iterate_records
from ..ops.registry import export
from . import structure as st
from .dataset import Dataset, int_arg

_STRING = st.spec((), dtypes.string)


def filename_dataset(filenames):
    """`filenames` as a dataset of scalar strings, checked as TF checks it."""
    if isinstance(filenames, Dataset):
        spec = filenames._structure
        if not isinstance(spec, st.TensorSpec) or spec.dtype is not dtypes.string:
            raise TypeError("`filenames` must be a `tf.data.Dataset` of `tf.string` elements.")
        if st.shape_of(spec) not in (None, ()):
            raise TypeError("`filenames` must be a `tf.data.Dataset` of scalar `tf.string` "
                            "elements.")
        return filenames
    from .sources import TensorSliceDataset
    empty = isinstance(filenames, (list, tuple)) and not filenames
    names = np.empty(0, object) if empty else st.to_host(filenames)
    if names.dtype != object:
        raise TypeError(f"`filenames` must be a `tf.Tensor` of dtype `tf.string` dtype. Got "
                        f"{st.dtype_of(names)}")
    return TensorSliceDataset(names.reshape(-1))


def _text_arg(value, default=""):
    return default if value is None else st.to_host(value, dtypes.string).item().decode()


def _at_get_next(error):
    """A reading error as the iterator's `get_next` reports it."""
    return type(error)(None, None, f"{error.message} [Op:IteratorGetNextSync]")


def read_file(name, compression):
    """The (decompressed) bytes of a file, with TF's errors."""
    try:
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        raise errors.NotFoundError(None, None, f"{name}; {e.strerror}") from None
    try:
        if compression == "GZIP":
            return gzip.decompress(data)
        if compression == "ZLIB":
            return zlib.decompress(data)
    except (OSError, zlib.error, EOFError) as e:
        raise errors.DataLossError(None, None, f"{name}: {e}") from None
    return data


class _FileDataset(Dataset):
    """Elements of a list of files; `_open(path)` gives one file's records in order (bytes,
    unless `_block` makes other elements of them)."""

    _cardinality = Dataset._cardinality
    _cached_structure = _STRING

    def __init__(self, filenames, num_parallel_reads):
        from .mapping import InterleaveDataset
        names = filename_dataset(filenames)
        if num_parallel_reads is None:
            cycle = 1
        else:
            cycle = int_arg(num_parallel_reads)
            if cycle <= 0 and cycle != -1:
                raise errors.invalid_argument("`cycle_length` must be > 0",
                                              "ParallelInterleaveDataset")
        self._files = InterleaveDataset(names, lambda name: _File(self, name.numpy()), cycle, 1)

    def _reader(self):
        return self._files._reader()

    def _open(self, path):
        raise NotImplementedError

    @staticmethod
    def _block(records):
        """A block of elements from a list of what `_open` yields."""
        block = np.empty(len(records), object)
        block[:] = records
        return (block,)


class _File(Dataset):
    """The elements of one file, read `n` at a time. An error after some records is raised
    at the next read, once those are out; an error that `_open` yields (a bad record) is
    raised in its turn, and reading goes on after it (for `ignore_errors`)."""

    def __init__(self, owner, name):
        self._owner, self._path = owner, os.fsdecode(name)
        self._cached_structure = owner._structure

    def _reader(self):
        records, failure = None, None

        def read(n):
            nonlocal records, failure
            if failure is not None:
                error, failure = failure, None
                raise error
            out = []
            try:
                if records is None:
                    records = iter(self._owner._open(self._path))
                for record in itertools.islice(records, n):
                    if isinstance(record, errors.OpError):
                        raise record
                    out.append(record)
            except errors.OpError as e:
                failure = _at_get_next(e)
                if not out:
                    error, failure = failure, None
                    raise error from None
            return self._owner._block(out) if out else None

        return read


def _check_buffer_size(buffer_size, note):
    if buffer_size is not None and int_arg(buffer_size) < 0:
        raise errors.InvalidArgumentError(None, None, f"`buffer_size` must be >= 0{note}")


@export("data.TFRecordDataset")
class TFRecordDataset(_FileDataset):
    """The records of TFRecord files (`compression_type` "", "ZLIB" or "GZIP"; TF reads
    any other value as no compression)."""

    _tf_name = "TFRecordDatasetV1"

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None):
        super().__init__(filenames, num_parallel_reads)
        self._compression = _text_arg(compression_type)
        self._buffer_size = buffer_size

    def _open(self, path):
        _check_buffer_size(self._buffer_size, " (0 == no buffering)")
        compression = self._compression if self._compression in ("ZLIB", "GZIP") else ""
        return iterate_records(path, compression)


def _compression(kind):
    if kind not in ("", "GZIP", "ZLIB"):
        raise errors.InvalidArgumentError(None, None, "Unsupported compression_type.")
    return kind


@export("data.TextLineDataset")
class TextLineDataset(_FileDataset):
    """The lines of text files, without their line endings (`\\n`, `\\r\\n`)."""

    _tf_name = "TextLineDatasetV1"

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None):
        super().__init__(filenames, num_parallel_reads)
        self._compression = _text_arg(compression_type)
        self._buffer_size = buffer_size

    def _open(self, path):
        compression = _compression(self._compression)
        _check_buffer_size(self._buffer_size, " (0 == default)")
        lines = read_file(path, compression).split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        return [line[:-1] if line.endswith(b"\r") else line for line in lines]


@export("data.FixedLengthRecordDataset")
class FixedLengthRecordDataset(_FileDataset):
    """Records of `record_bytes` bytes, after `header_bytes` and before `footer_bytes`."""

    _tf_name = "FixedLengthRecordDatasetV1"

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None,
                 buffer_size=None, compression_type=None, num_parallel_reads=None):
        super().__init__(filenames, num_parallel_reads)
        self._record = int_arg(record_bytes)
        self._header = int_arg(header_bytes) if header_bytes is not None else 0
        self._footer = int_arg(footer_bytes) if footer_bytes is not None else 0
        if self._record <= 0:
            raise errors.invalid_argument(
                f"record_bytes must be greater than zero (currently record_bytes = "
                f"{self._record}).", "FixedLengthRecordDatasetV2")
        self._compression = _text_arg(compression_type)
        self._buffer_size = buffer_size

    def _open(self, path):
        compression = _compression(self._compression)
        _check_buffer_size(self._buffer_size, "")
        data = read_file(path, compression)
        body = data[self._header:max(self._header, len(data) - self._footer)]
        if not compression and len(body) % self._record:
            raise errors.InvalidArgumentError(
                None, None, f"Excluding the header ({self._header} bytes) and footer "
                f"({self._footer} bytes), input file \"{path}\" has body length {len(body)} "
                f"bytes, which is not an exact multiple of the record length "
                f"({self._record} bytes).")
        size = self._record
        return [body[i * size:(i + 1) * size] for i in range(len(body) // size)]
