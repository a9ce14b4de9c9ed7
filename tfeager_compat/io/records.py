"""TFRecord files as TF 1.15 writes and reads them (`tf.io.TFRecordWriter`, `tf_record_iterator`).

A record is framed as: its length (uint64, little-endian), the masked CRC32C of those 8 bytes,
the data, the masked CRC32C of the data. A GZIP or ZLIB file is that stream compressed as one
whole. Reading stops quietly at the end of the file or inside a record's header, as TF's reader
does; a record whose data is cut short or whose checksum does not match is TF's DataLossError
("truncated record at <offset>", "corrupted record at <offset>", zlib's "inflate() failed ..."),
here followed by " in file <path>". `iterate_records(path, compression)` is the plain generator
of records that the datasets build on.
"""
import os
import struct
import zlib

from ..framework import errors
from ..ops.registry import export
from .crc import crc32c, mask

_HEADER = 12  # length (8) + its masked crc (4)
_CHUNK = 1 << 16
_WBITS = {"ZLIB": zlib.MAX_WBITS, "GZIP": 16 + zlib.MAX_WBITS}


@export("io.TFRecordCompressionType", "python_io.TFRecordCompressionType")
class TFRecordCompressionType:
    """The compression of a TFRecord file: NONE (0), ZLIB (1) or GZIP (2)."""

    NONE = 0
    ZLIB = 1
    GZIP = 2


@export("io.TFRecordOptions", "python_io.TFRecordOptions")
class TFRecordOptions:
    """How a TFRecord file is compressed; the zlib settings apply to ZLIB and GZIP files."""

    compression_type_map = {TFRecordCompressionType.ZLIB: "ZLIB",
                            TFRecordCompressionType.GZIP: "GZIP",
                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None):
        self.get_compression_type_string(compression_type)  # TF's check of the value
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        """"", "ZLIB" or "GZIP" for options, a TFRecordCompressionType value or a string."""
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return cls.get_compression_type_string(options.compression_type)
        if options in cls.compression_type_map:
            return cls.compression_type_map[options]
        if options in cls.compression_type_map.values():
            return options
        raise ValueError(f'Not a valid compression_type: "{options}"')


def _open_error(e, path):
    kind = {2: errors.NotFoundError, 13: errors.PermissionDeniedError,
            21: errors.FailedPreconditionError}.get(e.errno, errors.UnknownError)
    return kind(None, None, f"{path}; {e.strerror}")


def _record_bytes(record):
    if isinstance(record, str):
        return record.encode("utf-8")
    if isinstance(record, (bytes, bytearray)):
        return bytes(record)
    raise TypeError(f"expected bytes, {type(record).__name__} found")


def frame(record):
    """One record in TF's framing."""
    length = struct.pack("<Q", len(record))
    return (length + struct.pack("<I", mask(crc32c(length))) + record
            + struct.pack("<I", mask(crc32c(record))))


@export("io.TFRecordWriter", "python_io.TFRecordWriter")
class TFRecordWriter:
    """Writes records to a TFRecord file (created or truncated at once), optionally compressed."""

    def __init__(self, path, options=None):
        if not isinstance(options, TFRecordOptions):
            options = TFRecordOptions(compression_type=options)
        kind = TFRecordOptions.get_compression_type_string(options)
        self._path = os.fsdecode(path)
        self._compressor = None
        if kind:
            level = options.compression_level
            self._compressor = zlib.compressobj(
                zlib.Z_DEFAULT_COMPRESSION if level is None else level, zlib.DEFLATED,
                _WBITS[kind] - zlib.MAX_WBITS + (options.window_bits or zlib.MAX_WBITS),
                options.mem_level or 8,
                zlib.Z_DEFAULT_STRATEGY if options.compression_strategy is None
                else options.compression_strategy)
        try:
            self._file = open(self._path, "wb")
        except OSError as e:
            raise _open_error(e, self._path) from None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check_open(self):
        if self._file is None:
            raise errors.FailedPreconditionError(None, None, "Writer is closed.")

    def write(self, record):
        """Append one record (bytes, or str written as UTF-8)."""
        data = frame(_record_bytes(record))
        self._check_open()
        self._file.write(self._compressor.compress(data) if self._compressor else data)

    def flush(self):
        """Push what was written to the file, readable up to here."""
        self._check_open()
        if self._compressor:
            self._file.write(self._compressor.flush(zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self):
        """Finish the file (the compressed stream's end); closing twice is harmless."""
        if self._file is None:
            return
        if self._compressor:
            self._file.write(self._compressor.flush())
        self._file.close()
        self._file = None


class _Inflated:
    """A file's decompressed bytes, read in pieces (`read(n)`), with TF's inflate() errors."""

    def __init__(self, raw, kind, path):
        self._raw, self._path = raw, path
        self._wbits = _WBITS[kind]
        self._inflater = zlib.decompressobj(self._wbits)
        self._buffer = bytearray()

    def _inflate(self, data):
        try:
            return self._inflater.decompress(data)
        except zlib.error as e:
            code, _, text = str(e).partition(" while decompressing data: ")
            raise _data_loss(f"inflate() failed with {code.lower()}: {text}",
                             self._path) from None

    def read(self, n):
        while len(self._buffer) < n:
            data = self._inflater.unused_data or self._raw.read(_CHUNK)
            if not data:
                break
            if self._inflater.eof:  # another compressed stream follows
                self._inflater = zlib.decompressobj(self._wbits)
            self._buffer += self._inflate(data)
        out = bytes(self._buffer[:n])
        del self._buffer[:n]
        return out


def iterate_records(path, compression=""):
    """Yield the records (bytes) of a TFRecord file; `compression` is "", "ZLIB" or "GZIP".

    The file is opened at the first `next()`; errors are TF's (NotFoundError for a missing
    file, DataLossError for damaged records).
    """
    path = os.fsdecode(path)
    try:
        raw = open(path, "rb")
    except OSError as e:
        raise _open_error(e, path) from None
    with raw:
        source = _Inflated(raw, compression, path) if compression else raw
        offset = 0
        while True:
            header = source.read(_HEADER)
            if len(header) < _HEADER:  # TF stops quietly inside a header
                return
            if mask(crc32c(header[:8])) != struct.unpack("<I", header[8:])[0]:
                raise _data_loss(f"corrupted record at {offset}", path)
            length = struct.unpack("<Q", header[:8])[0]
            body = source.read(length + 4)
            if len(body) < length + 4:
                raise _data_loss(f"truncated record at {offset}", path)
            record = body[:length]
            if mask(crc32c(record)) != struct.unpack("<I", body[length:])[0]:
                raise _data_loss(f"corrupted record at {offset + _HEADER}", path)
            yield record
            offset += _HEADER + length + 4


def _data_loss(message, path):
    return errors.DataLossError(None, None, f"{message} in file {path}")


@export("io.tf_record_iterator", "python_io.tf_record_iterator")
def tf_record_iterator(path, options=None):
    """A generator of the records of a TFRecord file (TF 1.15's `tf_record_iterator`)."""
    yield from iterate_records(path, TFRecordOptions.get_compression_type_string(options))
