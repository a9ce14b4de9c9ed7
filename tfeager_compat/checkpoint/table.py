"""TF's sorted-string table (`tensorflow/core/lib/io/table*`), the `.index` file of a checkpoint.

Layout (LevelDB's): data blocks of prefix-compressed entries with a restart point every 16
entries, each block followed by a type byte (0, no compression) and the masked CRC32C of
block and type; an empty metaindex block; an index block (a restart at every entry) mapping a
separator key to each data block's (offset, size); a 48-byte footer with both handles and the
magic number. Blocks are cut at 256 KiB, as TF's table options do by default.
"""
import struct

from ..framework import errors
from ..io.crc import crc32c, mask, unmask

MAGIC = 0xDB4775248B80FB57
BLOCK_SIZE = 262144
RESTART_INTERVAL = 16
_FOOTER = 48
_TRAILER = 5


def _varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_varint(data, pos):
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("bad varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


class _Block:
    def __init__(self, restart_interval):
        self._interval = restart_interval
        self._buffer = bytearray()
        self._restarts = [0]
        self._count = 0
        self._last = b""

    def add(self, key, value):
        shared = 0
        if self._count < self._interval:
            limit = min(len(key), len(self._last))
            while shared < limit and key[shared] == self._last[shared]:
                shared += 1
        else:
            self._restarts.append(len(self._buffer))
            self._count = 0
        self._buffer += _varint(shared) + _varint(len(key) - shared) + _varint(len(value))
        self._buffer += key[shared:] + value
        self._last = key
        self._count += 1

    def size(self):
        return len(self._buffer) + 4 * len(self._restarts) + 4

    def finish(self):
        restarts = struct.pack(f"<{len(self._restarts)}I", *self._restarts)
        return bytes(self._buffer) + restarts + struct.pack("<I", len(self._restarts))


def _separator(start, limit):
    """The shortest key >= `start` and < `limit` (LevelDB's bytewise FindShortestSeparator)."""
    n = min(len(start), len(limit))
    i = 0
    while i < n and start[i] == limit[i]:
        i += 1
    if i < n and start[i] < 0xFF and start[i] + 1 < limit[i]:
        return start[:i] + bytes([start[i] + 1])
    return start


def _successor(key):
    """The shortest key >= `key` (LevelDB's bytewise FindShortSuccessor)."""
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


def _with_trailer(block):
    return block + b"\x00" + struct.pack("<I", mask(crc32c(b"\x00", crc32c(block))))


def build(items):
    """The table's bytes for `items`, (key bytes, value bytes) pairs in strictly increasing
    key order."""
    out = bytearray()
    index = _Block(1)
    block, last = _Block(RESTART_INTERVAL), None
    pending = None  # (last key, handle) of the block written last, until the next key is known
    for key, value in items:
        if pending is not None:
            index.add(_separator(pending[0], key), pending[1])
            pending = None
        block.add(key, value)
        last = key
        if block.size() >= BLOCK_SIZE:
            pending = (last, _write(out, block))
            block = _Block(RESTART_INTERVAL)
    if block._count or block._buffer:
        pending = (last, _write(out, block))
    if pending is not None:
        index.add(_successor(pending[0]), pending[1])
    metaindex = _write(out, _Block(RESTART_INTERVAL))
    index_handle = _write(out, index)
    footer = metaindex + index_handle
    out += footer + b"\x00" * (40 - len(footer)) + struct.pack("<Q", MAGIC)
    return bytes(out)


def _write(out, block):
    """Append `block` and its trailer; return its encoded handle."""
    data = block.finish()
    handle = _varint(len(out)) + _varint(len(data))
    out += _with_trailer(data)
    return handle


def _entries(block):
    """The (key, value) pairs of a block's contents (without its trailer)."""
    if len(block) < 4:
        raise ValueError("bad block contents")
    restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * restarts
    if end < 0:
        raise ValueError("bad block contents")
    pos, key = 0, b""
    while pos < end:
        shared, pos = _read_varint(block, pos)
        unshared, pos = _read_varint(block, pos)
        size, pos = _read_varint(block, pos)
        if shared > len(key) or pos + unshared + size > end:
            raise ValueError("bad entry in block")
        key = key[:shared] + block[pos:pos + unshared]
        pos += unshared
        yield key, block[pos:pos + size]
        pos += size


def _block(data, handle, pos, filename):
    offset, pos = _read_varint(handle, pos)
    size, pos = _read_varint(handle, pos)
    if offset + size + _TRAILER > len(data):
        raise errors.DataLossError(None, None, f"truncated block read from {filename}")
    block = data[offset:offset + size]
    stored = struct.unpack_from("<I", data, offset + size + 1)[0]
    if unmask(stored) != crc32c(data[offset + size:offset + size + 1], crc32c(block)):
        raise errors.DataLossError(None, None,
                                   f"block checksum mismatch: block starting at {offset} "
                                   f"in {filename}")
    if data[offset + size] != 0:
        raise errors.DataLossError(None, None, f"bad block type in {filename}")
    return block, pos


def parse(data, filename):
    """The table's (key, value) pairs in order; DataLossError (naming `filename`) when the
    bytes are not a whole, intact table."""
    if len(data) < _FOOTER or struct.unpack_from("<Q", data, len(data) - 8)[0] != MAGIC:
        raise errors.DataLossError(None, None, "not an sstable (bad magic number) "
                                   f"while reading {filename}")
    footer = data[len(data) - _FOOTER:]
    try:
        _, pos = _block(data, footer, 0, filename)  # the metaindex block: checked, unused
        index, _ = _block(data, footer, pos, filename)
        out = []
        for _, handle in _entries(index):
            block, _ = _block(data, handle, 0, filename)
            out.extend(_entries(block))
    except ValueError as e:
        raise errors.DataLossError(None, None, f"corrupted table {filename}: {e}") from None
    return out
