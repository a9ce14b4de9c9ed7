"""TF's tensor bundle (`tensorflow/core/util/tensor_bundle`): `<prefix>.index` + data shards.

The index is a sorted-string table (`table.py`): the key "" holds a `BundleHeaderProto`, every
other key a `BundleEntryProto` (dtype, shape, shard, offset, size, masked CRC32C) locating the
tensor's bytes in `<prefix>.data-0000N-of-0000M`. Numbers are stored little-endian as laid out
in memory; a string tensor as varint lengths, the masked CRC32C of the lengths, then the bytes.
A bundle is written to temporary files renamed into place at the end, so a crash never leaves
a half-written bundle under its final name; reading checks every checksum and raises TF's
DataLossError, naming the file, on any mismatch.
"""
import os
import struct
import uuid

import numpy as np

from ..framework import dtypes, errors
from ..io import protos
from ..io.crc import crc32c, mask, unmask
from . import table

# DataType enum numbers (types.proto) of the dtypes a checkpoint can hold.
DATATYPE = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
            "string": 7, "complex64": 8, "int64": 9, "bool": 10, "bfloat16": 14,
            "uint16": 17, "complex128": 18, "float16": 19, "uint32": 22, "uint64": 23}
_DTYPES = {number: dtypes.as_dtype(name) for name, number in DATATYPE.items()}


def data_filename(prefix, shard=0, shards=1):
    return "%s.data-%05d-of-%05d" % (prefix, shard, shards)


def _not_found(prefix):
    return errors.NotFoundError(None, None, "Unsuccessful TensorSliceReader constructor: "
                                "Failed to find any matching files for " + prefix)


def _string_bytes(array):
    """TF's layout of a string tensor and its (unmasked) CRC32C."""
    items = [bytes(x) for x in array.reshape(-1)]
    lengths, crc = bytearray(), 0
    for item in items:
        n = len(item)
        lengths += table._varint(n)
        crc = crc32c(struct.pack("<I", n) if n <= 0xFFFFFFFF else struct.pack("<Q", n), crc)
    checksum = struct.pack("<I", mask(crc))
    crc = crc32c(checksum, crc)
    body = b"".join(items)
    return bytes(lengths) + checksum + body, crc32c(body, crc)


def write(prefix, tensors):
    """Write `tensors`, (key, NumPy array) pairs, as the bundle `prefix` (data in the order
    given, index sorted by key)."""
    directory = os.path.dirname(prefix)
    if directory:
        os.makedirs(directory, exist_ok=True)
    entries, chunks, offset = [], [], 0
    for key, array in tensors:
        array = np.asarray(array)
        dtype = dtypes.string if array.dtype == object else dtypes.as_dtype(array.dtype)
        if dtype.is_string:
            data, crc = _string_bytes(array)
        else:
            data = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
            crc = crc32c(data)
        entry = protos.BundleEntryProto(dtype=DATATYPE[dtype.name], offset=offset,
                                        size=len(data), crc32c=mask(crc))
        entry.shape.SetInParent()
        for n in array.shape:
            entry.shape.dim.add(size=n)
        entries.append((key.encode("utf-8"), entry.SerializeToString()))
        chunks.append(data)
        offset += len(data)
    header = protos.BundleHeaderProto(num_shards=1)
    header.version.producer = 1
    entries.append((b"", header.SerializeToString()))
    entries.sort()
    suffix = ".tempstate" + uuid.uuid4().hex
    data_path, index_path = data_filename(prefix), prefix + ".index"
    with open(data_path + suffix, "wb") as f:
        f.writelines(chunks)
    with open(index_path + suffix, "wb") as f:
        f.write(table.build(entries))
    os.replace(data_path + suffix, data_path)
    os.replace(index_path + suffix, index_path)


class Reader:
    """A bundle opened for reading: its entries at once, each tensor's bytes when asked."""

    def __init__(self, prefix):
        self.prefix = prefix
        index_path = prefix + ".index"
        try:
            with open(index_path, "rb") as f:
                data = f.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise _not_found(prefix) from None
        items = table.parse(data, index_path)
        if not items or items[0][0] != b"":
            raise errors.DataLossError(None, None, f"No header entry in {index_path}")
        try:
            self.header = protos.BundleHeaderProto.FromString(items[0][1])
            self.entries = {key.decode("utf-8"): protos.BundleEntryProto.FromString(value)
                            for key, value in items[1:]}
        except Exception:  # noqa: BLE001 (protobuf's DecodeError and UnicodeDecodeError)
            raise errors.DataLossError(None, None, f"Corrupted entry in {index_path}") from None
        self._files = {}

    def dtype(self, key):
        return _DTYPES[self.entries[key].dtype]

    def shape(self, key):
        return [int(d.size) for d in self.entries[key].shape.dim]

    def read(self, key):
        """The tensor `key` as a NumPy array (an object array of bytes for strings);
        DataLossError when its bytes are missing or do not match their checksum."""
        entry = self.entries[key]
        path = data_filename(self.prefix, entry.shard_id, self.header.num_shards)
        try:
            with open(path, "rb") as f:
                f.seek(entry.offset)
                data = f.read(entry.size)
        except FileNotFoundError:
            raise _not_found(path) from None
        if len(data) != entry.size:
            raise errors.DataLossError(
                None, None, f"Unable to read the tensor {key}: {path} ends after "
                f"{entry.offset + len(data)} bytes, before offset {entry.offset + entry.size}")
        dtype, shape = self.dtype(key), self.shape(key)
        if dtype.is_string:
            array, crc = self._strings(data, int(np.prod(shape)), key, path)
        else:
            crc = crc32c(data)
            count = int(np.prod(shape))
            np_type = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
            if count * np_type.itemsize != len(data):
                raise self._corrupt(key, path, entry.crc32c, crc)
            array = np.frombuffer(data, np_type).astype(dtype.as_numpy_dtype)
        if crc != unmask(entry.crc32c):
            raise self._corrupt(key, path, entry.crc32c, crc)
        return array.reshape(shape)

    @staticmethod
    def _corrupt(key, path, stored, crc):
        return errors.DataLossError(
            None, None, f"Checksum does not match: stored {unmask(stored)} vs. calculated on "
            f"the restored bytes {crc} (tensor {key} in {path})")

    def _strings(self, data, count, key, path):
        lengths, pos, crc = [], 0, 0
        try:
            for _ in range(count):
                n, pos = table._read_varint(data, pos)
                lengths.append(n)
                crc = crc32c(struct.pack("<I", n) if n <= 0xFFFFFFFF else struct.pack("<Q", n),
                             crc)
        except ValueError:
            raise self._corrupt(key, path, 0, crc) from None
        checksum = data[pos:pos + 4]
        crc = crc32c(checksum, crc)
        pos += 4
        out = np.empty(count, dtype=object)
        for i, n in enumerate(lengths):
            out[i] = bytes(data[pos:pos + n])
            pos += n
        return out, crc32c(data[pos - sum(lengths):pos], crc)
