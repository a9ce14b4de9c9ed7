"""`shuffle` with TF's buffer semantics.

The buffer holds `buffer_size` elements; each output is drawn uniformly from it and its slot
refilled with the next input, so output k is one of the first `buffer_size + k` inputs. The
order is not TF's (its random stream is not reproduced) but is a permutation, the same for
the same seeds (TF's rules: an op seed, or the graph seed with a per-op counter), and new
for each iteration when `reshuffle_each_iteration`.

Elements stay in a host store of `buffer_size` rows (one array per component); the draws
work on row numbers, an output block is one gather per component, and the new elements
then take the rows of those that left, in one scatter. Elements whose shapes vary are kept
one by one instead. Where the input offers random access (`Dataset._rows`), the buffer
holds positions only, and each output block is gathered from the input by position.
"""
import numpy as np

from ..framework import errors
from ..ops import random_ops
from . import structure as st
from .combining import _Unary
from .dataset import INFINITE

_DEFAULT_GRAPH_SEED = 87654321


def _seeds(seed):
    """TF's `get_seed` for an op: (graph seed, op seed), or None for fresh entropy."""
    graph_seed = random_ops._STATE["seed"]
    if seed is None:
        if graph_seed is None:
            return None
        random_ops._STATE["calls"] += 1  # TF's internal per-op seed counter
        return (graph_seed, random_ops._STATE["calls"])
    return (_DEFAULT_GRAPH_SEED if graph_seed is None else graph_seed, int(seed))


class ShuffleDataset(_Unary):
    """`shuffle(buffer_size, seed, reshuffle_each_iteration)`."""

    def __init__(self, input_dataset, buffer_size, seed, reshuffle_each_iteration):
        super().__init__(input_dataset)
        if buffer_size <= 0:
            raise errors.invalid_argument("buffer_size must be greater than zero.",
                                          "ShuffleDataset")
        self._buffer_size = buffer_size
        seeds = _seeds(seed)
        self._seeds = list(seeds) if seeds is not None else \
            [int(w) for w in np.random.SeedSequence().generate_state(2)]
        self._reshuffle = reshuffle_each_iteration
        self._epoch = 0

    def _reader(self):
        epoch = self._epoch
        if self._reshuffle:
            self._epoch += 1
        rng = np.random.default_rng([s % (2 ** 63) for s in self._seeds] + [epoch])
        rows = self._input._rows()
        if rows is None:
            return _Buffer(self._input._reader(), self._buffer_size, rng).read
        count, gather = rows
        draw = _Buffer(_positions(count), self._buffer_size, rng).read

        def read(n):
            block = draw(n)
            return None if block is None else gather(block[0])

        return read


def _positions(count):
    """A reader of the positions 0, 1, ... `count` - 1 (for ever if INFINITE)."""
    stop = np.iinfo(np.int64).max if count == INFINITE else count
    position = 0

    def read(n):
        nonlocal position
        if position >= stop:
            return None
        start, position = position, min(position + n, stop)
        return (np.arange(start, position, dtype=np.int64),)

    return read


class _Buffer:
    """One iteration's shuffle buffer (see the module docstring)."""

    def __init__(self, source, size, rng):
        self._source = source
        self._size = size
        self._rng = rng
        self._slots = []      # store rows (ints), or element tuples once shapes vary
        self._store = None    # component arrays, one row per buffered element
        self._by_element = False
        self._exhausted = False
        self._draining = False  # (then `_slots` is the rows left, in their order out)

    def _pull(self, count):
        """Up to `count` new elements from the input, as one block (or a list of elements
        once shapes vary); None if there are none."""
        blocks, have = [], 0
        while have < count and not self._exhausted:
            block = self._source(count - have)
            if block is None:
                self._exhausted = True
            else:
                blocks.append(block)
                have += st.rows(block)
        if not blocks:
            return None
        if not self._by_element:
            reference = self._store if self._store is not None else blocks[0]
            if all(st.same_shapes(reference, b) for b in blocks):
                return st.concat(blocks)
            self._slots = [tuple(a[i:i + 1] for a in self._store) for i in self._slots]
            self._store, self._by_element = None, True
        return [st.take_rows(b, i, i + 1) for b in blocks for i in range(st.rows(b))]

    def _fill(self):
        new = self._pull(self._size - len(self._slots))
        if new is None:
            return
        if self._by_element:
            self._slots.extend(new)
        else:  # the first fill (the only one: it stops short only at the end of the input)
            self._store = tuple(a.copy() for a in new)
            self._slots = list(range(st.rows(new)))

    def read(self, n):
        if len(self._slots) < self._size and not self._exhausted:
            self._fill()
        if len(self._slots) == 0:
            return None
        if self._by_element:
            return self._read_element()
        incoming = self._pull(n)
        if self._by_element:  # (the input's shapes changed)
            self._slots.extend(incoming)
            return self._read_element()
        count = 0 if incoming is None else st.rows(incoming)
        if count == n:
            return self._read_full(n, incoming)
        parts = [self._read_full(count, incoming)] if count else []
        parts.append(self._drain(n - count))
        return st.concat(parts)

    def _read_full(self, n, incoming):
        """`n` draws while the input lasts, vectorised: the buffer stays full, so slot i
        keeps store row i, and a draw takes row i's element unless an earlier draw of this
        block put a new element there."""
        store = self._store
        picks = self._rng.integers(0, len(store[0]), n)
        order = np.lexsort((np.arange(n), picks))  # by slot, then by draw
        ordered = picks[order]
        same = ordered[1:] == ordered[:-1]
        earlier = np.full(n, -1)
        earlier[order[1:][same]] = order[:-1][same]  # the draw that last refilled the slot
        block = tuple(a[picks] for a in store)
        refilled = earlier >= 0
        if refilled.any():
            for b, c in zip(block, incoming):
                b[refilled] = c[earlier[refilled]]
        last = order[np.append(~same, True)]  # each slot's last draw leaves its element there
        for a, c in zip(store, incoming):
            a[picks[last]] = c[last]
        return block

    def _read_element(self):
        incoming = self._pull(1) if not self._exhausted else None
        i = int(self._rng.random() * len(self._slots))
        out = self._slots[i]
        if incoming:
            self._slots[i] = incoming[0]
        else:
            self._slots[i] = self._slots[-1]
            self._slots.pop()
        return out

    def _drain(self, n):
        """Up to `n` of the elements left once the input has ended: they leave in one
        random order (each order as likely as with one draw at a time)."""
        if not self._draining:
            self._slots = self._rng.permutation(np.asarray(self._slots, dtype=np.int64))
            self._draining = True
        rows, self._slots = self._slots[:n], self._slots[n:]
        return tuple(a[rows] for a in self._store)
