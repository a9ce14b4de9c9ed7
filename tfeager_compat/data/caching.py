"""`prefetch` and `cache`.

`prefetch` passes elements through: with no thread to overlap work with, it only has to
keep the elements and their order. `cache()` keeps the blocks of the first complete
iteration in memory and replays them; an iteration stopped early leaves no cache, as in
TF. `cache(filename)` writes them to `<filename>.tfeager_cache.npz` (written whole, then
renamed) and later iterations, in this run or the next, read it back.

Differences from TensorFlow: the cache file is not TF's tensor-bundle format, and has its
own name.
"""
import os

import numpy as np

from . import structure as st
from .combining import _Unary


class PrefetchDataset(_Unary):
    """`prefetch(buffer_size)`: the same elements, in the same order."""

    def __init__(self, input_dataset, buffer_size):
        super().__init__(input_dataset)
        self._buffer_size = buffer_size

    def _reader(self):
        return self._input._reader()

    def _rows(self):
        return self._input._rows()


class CacheDataset(_Unary):
    """`cache(filename)`: the input's elements, computed once."""

    def __init__(self, input_dataset, filename):
        super().__init__(input_dataset)
        self._path = f"{filename}.tfeager_cache.npz" if filename else None
        self._blocks = None

    def _cached(self):
        if self._blocks is None and self._path and os.path.exists(self._path):
            self._blocks = _load(self._path)
        return self._blocks

    def _reader(self):
        blocks = self._cached()
        if blocks is not None:
            replay = iter(blocks)
            pending = None

            def read(n):
                nonlocal pending
                block = pending if pending is not None else next(replay, None)
                pending = None
                if block is not None and st.rows(block) > n:
                    pending = st.take_rows(block, n, None)
                    block = st.take_rows(block, 0, n)
                return block

            return read
        source = self._input._reader()
        recorded = []

        def record(n):
            block = source(n)
            if block is None:
                if self._blocks is None:
                    self._blocks = recorded
                    if self._path:
                        _save(self._path, recorded)
            else:
                recorded.append(block)
            return block

        return record


def _save(path, blocks):
    arrays = {}
    for b, block in enumerate(blocks):
        for c, a in enumerate(block):
            if a.dtype == object:  # bytes: lengths and one buffer, no pickling
                arrays[f"{b}_{c}_len"] = np.array([len(x) for x in a.reshape(-1)], np.int64)
                arrays[f"{b}_{c}_shape"] = np.array(a.shape, np.int64)
                a = np.frombuffer(b"".join(a.reshape(-1)), np.uint8)
            arrays[f"{b}_{c}"] = a
    partial = f"{path}.partial"
    with open(partial, "wb") as f:
        np.savez(f, blocks=np.array([len(blocks), len(blocks[0]) if blocks else 0]), **arrays)
    os.replace(partial, path)


def _load(path):
    with np.load(path) as data:
        count, width = data["blocks"].tolist()
        blocks = []
        for b in range(count):
            block = []
            for c in range(width):
                a = data[f"{b}_{c}"]
                if f"{b}_{c}_len" in data:
                    ends = np.cumsum(data[f"{b}_{c}_len"]).tolist()
                    raw = a.tobytes()
                    items = [raw[s:e] for s, e in zip([0] + ends[:-1], ends)]
                    a = np.empty(len(items), dtype=object)
                    a[:] = items
                    a = a.reshape(data[f"{b}_{c}_shape"].tolist())
                block.append(a)
            blocks.append(tuple(block))
    return blocks
