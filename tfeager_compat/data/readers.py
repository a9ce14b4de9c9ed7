"""File datasets: TextLineDataset and FixedLengthRecordDataset (files read in order, each
when the iteration reaches it; GZIP and ZLIB compression as TF reads them)."""
import gzip
import zlib

import numpy as np

from ..framework import dtypes, errors
from ..ops.registry import export
from . import structure as st
from .dataset import Dataset, int_arg


def _filenames(filenames):
    names = st.to_host(filenames)
    if names.dtype != object:
        raise TypeError("`filenames` must be a `tf.Tensor` of `tf.string`.")
    if names.ndim > 1:
        raise TypeError("`filenames` must be a scalar or a vector.")
    return [n.decode() for n in names.reshape(-1)]


def _compression(compression_type):
    kind = "" if compression_type is None else st.to_host(compression_type).item().decode()
    if kind not in ("", "GZIP", "ZLIB"):
        raise errors.invalid_argument(f"Unsupported compression_type: {kind}.")
    return kind


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
    """Elements from a list of files; `_records(bytes)` splits one file's bytes."""

    def __init__(self, filenames, compression_type):
        self._names = _filenames(filenames)
        self._compression = _compression(compression_type)
        self._cached_structure = st.spec((), dtypes.string)

    def _reader(self):
        names = iter(self._names)
        current, position = None, 0

        def read(n):
            nonlocal current, position
            while current is None or position >= len(current):
                name = next(names, None)
                if name is None:
                    return None
                current, position = self._records(read_file(name, self._compression)), 0
            start, position = position, min(position + n, len(current))
            return (current[start:position],)

        return read


def _object_array(items):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


@export("data.TextLineDataset")
class TextLineDataset(_FileDataset):
    """The lines of text files, without their line endings (`\\n`, `\\r\\n`)."""

    def __init__(self, filenames, compression_type=None, buffer_size=None):
        super().__init__(filenames, compression_type)

    @staticmethod
    def _records(data):
        lines = data.split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        return _object_array([line[:-1] if line.endswith(b"\r") else line for line in lines])


@export("data.FixedLengthRecordDataset")
class FixedLengthRecordDataset(_FileDataset):
    """Records of `record_bytes` bytes, after `header_bytes` and before `footer_bytes`."""

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None,
                 buffer_size=None, compression_type=None):
        super().__init__(filenames, compression_type)
        self._record = int_arg(record_bytes)
        self._header = int_arg(header_bytes) if header_bytes is not None else 0
        self._footer = int_arg(footer_bytes) if footer_bytes is not None else 0
        if self._record <= 0:
            raise errors.invalid_argument(
                f"record_bytes must be greater than zero (currently record_bytes = "
                f"{self._record}).", "FixedLengthRecordDatasetV2")

    def _records(self, data):
        body = data[self._header:len(data) - self._footer]
        count = len(body) // self._record
        return _object_array([body[i * self._record:(i + 1) * self._record]
                              for i in range(count)])
