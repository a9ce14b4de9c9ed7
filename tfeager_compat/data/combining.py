"""Datasets that combine or cut sequences: zip, concatenate, repeat, take, skip, enumerate,
shard. They pass blocks through, cutting them where a count ends, and offer random access
(`Dataset._rows`) where their inputs do, by arithmetic on positions."""
import numpy as np

from ..framework import dtypes, errors
from . import structure as st
from .dataset import INFINITE, UNKNOWN, Dataset, check_dtype_compatible


class _Unary(Dataset):
    def __init__(self, input_dataset):
        self._input = input_dataset

    def _element_structure(self):
        return self._input._structure

    def _nesting(self):
        return self._input._nesting()

    def _cardinality(self):
        return self._input._cardinality()


class ZipDataset(Dataset):
    """`Dataset.zip`: the elements of nested datasets side by side, as long as the shortest."""

    def __init__(self, datasets):
        for d in st.flatten(datasets):
            if not isinstance(d, Dataset):
                raise TypeError(f"The argument to `Dataset.zip()` must be a (nested) structure "
                                f"of `Dataset` objects.")
        self._datasets = datasets

    def _element_structure(self):
        return st.map_structure(lambda d: d._structure, self._datasets)

    def _nesting(self):
        return st.map_structure(lambda d: d._nesting(), self._datasets)

    def _cardinality(self):
        counts = [d._cardinality() for d in st.flatten(self._datasets)]
        if UNKNOWN in counts:
            return UNKNOWN
        finite = [c for c in counts if c != INFINITE]
        return min(finite) if finite else INFINITE

    def _rows(self):
        rows = [d._rows() for d in st.flatten(self._datasets)]
        if None in rows:
            return None
        finite = [count for count, _ in rows if count != INFINITE]
        return (min(finite) if finite else INFINITE,
                lambda indices: tuple(a for _, gather in rows for a in gather(indices)))

    def _reader(self):
        readers = [_Pushback(d._reader()) for d in st.flatten(self._datasets)]

        def read(n):
            parts = []
            for r in readers:
                block = r.read(n)
                if block is None:
                    for p, r_ in zip(parts, readers):
                        r_.unread(p)
                    return None
                n = min(n, st.rows(block))
                parts.append(block)
            for k, (p, r) in enumerate(zip(parts, readers)):
                if st.rows(p) > n:
                    r.unread(st.take_rows(p, n, None))
                    parts[k] = st.take_rows(p, 0, n)
            return tuple(a for p in parts for a in p)

        return read


class _Pushback:
    """A reader that can take back the rows its caller did not use."""

    def __init__(self, read):
        self._read = read
        self._back = None

    def read(self, n):
        block = self._back
        if block is None:
            return self._read(n)
        if st.rows(block) > n:
            self._back = st.take_rows(block, n, None)
            return st.take_rows(block, 0, n)
        self._back = None
        return block

    def unread(self, block):
        self._back = block


class ConcatenateDataset(Dataset):
    """`a.concatenate(b)`: the elements of `a`, then those of `b`."""

    def __init__(self, first, second):
        check_dtype_compatible(first._structure, second._structure)
        self._first, self._second = first, second

    def _element_structure(self):
        return st.pack(self._first._structure, [
            st.spec(st.merge_shapes(st.shape_of(a), st.shape_of(b)), a.dtype)
            for a, b in zip(self._first._flat_specs(), self._second._flat_specs())])

    def _nesting(self):
        return self._first._nesting()

    def _cardinality(self):
        counts = (self._first._cardinality(), self._second._cardinality())
        if UNKNOWN in counts:
            return UNKNOWN
        return INFINITE if INFINITE in counts else sum(counts)

    def _reader(self):
        readers = [self._first._reader, self._second._reader]
        current = readers.pop(0)()

        def read(n):
            nonlocal current
            while current is not None:
                block = current(n)
                if block is not None:
                    return block
                current = readers.pop(0)() if readers else None
            return None

        return read


class RepeatDataset(_Unary):
    """`repeat(count)`: the input `count` times over (for ever for -1 or None)."""

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self):
        n = self._input._cardinality()
        if n == 0 or self._count == 0:
            return 0
        if self._count < 0 or n == INFINITE:
            return INFINITE if n != UNKNOWN else UNKNOWN
        return n * self._count if n != UNKNOWN else UNKNOWN

    def _rows(self):
        rows = self._input._rows()
        if rows is None or rows[0] == INFINITE:
            return rows
        n, gather = rows
        total = 0 if n == 0 else INFINITE if self._count < 0 else n * self._count
        return total, lambda indices: gather(indices % n)

    def _reader(self):
        done = 0
        current = self._input._reader() if self._count else None
        produced = False

        def read(n):
            nonlocal done, current, produced
            while current is not None:
                block = current(n)
                if block is not None:
                    produced = True
                    return block
                done += 1
                if (self._count >= 0 and done >= self._count) or not produced:
                    current = None  # (an empty input repeated is empty)
                else:
                    current, produced = self._input._reader(), False
            return None

        return read


class TakeDataset(_Unary):
    """`take(count)`: the first `count` elements (all for -1)."""

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self):
        n = self._input._cardinality()
        if n == UNKNOWN or self._count < 0:
            return n
        return self._count if n == INFINITE else min(n, self._count)

    def _rows(self):
        rows = self._input._rows()
        if rows is None or self._count < 0:
            return rows
        n, gather = rows
        return (self._count if n == INFINITE else min(n, self._count)), gather

    def _reader(self):
        source = self._input._reader()
        left = self._count

        def read(n):
            nonlocal left
            if left == 0:
                return None
            block = source(n if left < 0 else min(n, left))
            if block is not None and left > 0:
                left -= st.rows(block)
            return block

        return read


class SkipDataset(_Unary):
    """`skip(count)`: all but the first `count` elements (nothing for -1)."""

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self):
        n = self._input._cardinality()
        if n < 0:
            return n
        return 0 if self._count < 0 else max(0, n - self._count)

    def _rows(self):
        rows = self._input._rows()
        if rows is None:
            return None
        n, gather = rows
        skip = self._count
        if skip < 0:
            return 0, gather
        return (n if n == INFINITE else max(0, n - skip)), lambda indices: gather(indices + skip)

    def _reader(self):
        source = self._input._reader()
        left = self._count

        def read(n):
            nonlocal left
            if left < 0:
                return None
            while left > 0:
                block = source(min(left, 4096))
                if block is None:
                    left = 0
                    return None
                left -= st.rows(block)
            return source(n)

        return read


class EnumerateDataset(_Unary):
    """`enumerate(start)`: `(int64 index, element)` pairs."""

    def __init__(self, input_dataset, start):
        super().__init__(input_dataset)
        self._start = start

    def _element_structure(self):
        return (st.spec((), dtypes.int64), self._input._structure)

    def _nesting(self):
        return (None, self._input._nesting())

    def _rows(self):
        rows = self._input._rows()
        if rows is None:
            return None
        n, gather = rows
        return n, lambda indices: (indices + self._start,) + gather(indices)

    def _reader(self):
        source = self._input._reader()
        index = self._start

        def read(n):
            nonlocal index
            block = source(n)
            if block is None:
                return None
            count = st.rows(block)
            index += count
            return (np.arange(index - count, index, dtype=np.int64),) + block

        return read


class ShardDataset(_Unary):
    """`shard(num_shards, index)`: every `num_shards`-th element from the `index`-th."""

    def __init__(self, input_dataset, num_shards, index):
        super().__init__(input_dataset)
        if num_shards <= 0:
            raise errors.invalid_argument(
                f"Number of shards must be greater than zero (currently num_shards = "
                f"{num_shards}).", "ShardDataset")
        if not 0 <= index < num_shards:
            raise errors.invalid_argument(
                f"Index must be between 0 and {num_shards - 1} (currently index = {index}).",
                "ShardDataset")
        self._num, self._index = num_shards, index

    def _cardinality(self):
        n = self._input._cardinality()
        return n if n < 0 else n // self._num + (self._index < n % self._num)

    def _rows(self):
        rows = self._input._rows()
        if rows is None:
            return None
        n, gather = rows
        count = n if n == INFINITE else n // self._num + (self._index < n % self._num)
        return count, lambda indices: gather(indices * self._num + self._index)

    def _reader(self):
        source = self._input._reader()
        position = 0

        def read(n):
            nonlocal position
            while True:
                block = source(n * self._num)
                if block is None:
                    return None
                count = st.rows(block)
                first = (self._index - position) % self._num
                position += count
                if first < count:
                    return tuple(a[first::self._num] for a in block)

        return read


class IgnoreErrorsDataset(_Unary):
    """`ignore_errors()`: the input's elements, less those whose reading raised a
    `tf.errors` error (the input goes on after it, as TF's readers do)."""

    _cardinality = Dataset._cardinality

    def _reader(self):
        source = self._input._reader()

        def read(n):
            while True:
                try:
                    return source(n)
                except errors.OpError:
                    continue

        return read
