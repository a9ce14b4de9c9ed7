"""Datasets that group or split elements: batch, padded_batch, unbatch, window.

A batch is built on the host from whole blocks: where the input hands over a block of
several batches' worth of rows (a slice of a `from_tensor_slices` array, the output of a
vectorised `map`), they are cut into batches by a reshape, without copying element by
element.
"""
import numpy as np

from ..framework import errors
from ..framework.tensor_shape import TensorShape
from . import structure as st
from .dataset import Dataset
from .combining import _Pushback, _Unary


def iteration_error(cls, message):
    """An error raised while iterating, worded as TF's eager `get_next` reports it."""
    return cls(None, None, f"{message} [Op:IteratorGetNextSync]")


def _batch_spec(spec, dim):
    shape = st.shape_of(spec)
    return st.spec(None if shape is None else (dim,) + shape, spec.dtype)


def _check_batch_size(batch_size):
    if batch_size <= 0:
        raise errors.invalid_argument("Batch size must be greater than zero.", "BatchDatasetV2")


def _batches(n, size, drop_remainder):
    if n < 0:
        return n
    return n // size if drop_remainder else -(-n // size)


def _collect(source, size):
    """Up to `size` elements from `source` as a list of blocks (empty at the end)."""
    pieces, have = [], 0
    while have < size:
        block = source(size - have)
        if block is None:
            break
        pieces.append(block)
        have += st.rows(block)
    return pieces, have


class BatchDataset(_Unary):
    """`batch(batch_size, drop_remainder)`: consecutive elements stacked."""

    def __init__(self, input_dataset, batch_size, drop_remainder):
        super().__init__(input_dataset)
        _check_batch_size(batch_size)
        self._size, self._drop = batch_size, drop_remainder

    def _element_structure(self):
        dim = self._size if self._drop else None
        return st.map_structure(lambda s: _batch_spec(s, dim), self._input._structure)

    def _cardinality(self):
        return _batches(self._input._cardinality(), self._size, self._drop)

    def _reader(self):
        source = _Pushback(self._input._reader())
        size = self._size

        def read(n):
            block = source.read(n * size)
            if block is None:
                return None
            m = st.rows(block)
            if m >= size:
                full = m - m % size
                if full < m:
                    source.unread(st.take_rows(block, full, None))
                return tuple(a[:full].reshape((full // size, size) + a.shape[1:]) for a in block)
            pieces, have = _collect(source.read, size - m)
            pieces.insert(0, block)
            have += m
            if have < size and self._drop:
                return None
            return tuple(a[None] for a in _stack(pieces))

        return read


def _stack(pieces):
    """One block from pieces of elements, with TF's error when their shapes differ."""
    first = pieces[0]
    offset = 0
    for piece in pieces:
        for c, (a, b) in enumerate(zip(first, piece)):
            if a.shape[1:] != b.shape[1:]:
                raise iteration_error(
                    errors.InvalidArgumentError,
                    f"Cannot batch tensors with different shapes in component {c}. First "
                    f"element had shape {errors.shape_text(a.shape[1:])} and element {offset} "
                    f"had shape {errors.shape_text(b.shape[1:])}.")
        offset += st.rows(piece)
    return st.concat(pieces)


def _can_pad(shape, padded):
    """Whether elements of `shape` (None: unknown rank) can be padded to `padded`."""
    if shape is None:
        return True
    return len(shape) == len(padded) and all(
        p is None or s is None or p >= s for s, p in zip(shape, padded))


class PaddedBatchDataset(_Unary):
    """`padded_batch`: elements padded to `padded_shapes` (unknown dims: the longest in
    the batch) with `padding_values` (0 or b"" by default), then stacked."""

    def __init__(self, input_dataset, batch_size, padded_shapes, padding_values,
                 drop_remainder):
        super().__init__(input_dataset)
        _check_batch_size(batch_size)
        self._size, self._drop = batch_size, drop_remainder
        structure = input_dataset._structure
        specs = st.flatten(structure)
        self._shapes = [TensorShape(s) for s in st.flatten_up_to(structure, padded_shapes)]
        for shape, spec in zip(self._shapes, specs):
            if not _can_pad(st.shape_of(spec), shape.as_list()):
                raise ValueError(f"The padded shape {shape} is not compatible with the shape "
                                 f"{spec.shape} of the corresponding input component.")
        if padding_values is None:
            values = [b"" if s.dtype.name == "string" else 0 for s in specs]
        else:
            values = st.flatten_up_to(structure, padding_values)
        self._values = [st.to_host(v, s.dtype) for v, s in zip(values, specs)]

    def _cardinality(self):
        return _batches(self._input._cardinality(), self._size, self._drop)

    def _element_structure(self):
        dim = self._size if self._drop else None
        return st.pack(self._input._structure, [
            st.spec((dim,) + tuple(shape.as_list()), spec.dtype)
            for shape, spec in zip(self._shapes, self._input._flat_specs())])

    def _reader(self):
        source = self._input._reader()

        def read(n):
            pieces, have = _collect(source, self._size)
            if have == 0 or (have < self._size and self._drop):
                return None
            return tuple(self._pad(c, [p[c] for p in pieces], have)[None]
                         for c in range(len(self._shapes)))

        return read

    def _pad(self, c, parts, count):
        shape = self._shapes[c].as_list()
        for part in parts:
            if part.ndim - 1 != len(shape):
                raise iteration_error(errors.InvalidArgumentError,
                                      f"All elements in a batch must have the same rank as "
                                      f"the padded shape for component{c}: expected rank "
                                      f"{len(shape)} but got element with rank {part.ndim - 1}")
        target = [d if d is not None else max(p.shape[k + 1] for p in parts)
                  for k, d in enumerate(shape)]
        out = np.full([count] + target, self._values[c], dtype=parts[0].dtype)
        row = 0
        for part in parts:
            if any(have > want for have, want in zip(part.shape[1:], target)):
                raise iteration_error(errors.DataLossError,
                                      "Attempted to pad to a smaller size than the input "
                                      "element.")
            out[(slice(row, row + len(part)),) + tuple(slice(0, d) for d in part.shape[1:])] = part
            row += len(part)
        return out


class UnbatchDataset(_Unary):
    """`unbatch()`: each element split along its first dimension."""

    _cardinality = Dataset._cardinality

    def __init__(self, input_dataset):
        super().__init__(input_dataset)
        for spec in input_dataset._flat_specs():
            if st.shape_of(spec) == ():
                raise ValueError("Cannot unbatch an input with scalar components.")

    def _element_structure(self):
        return st.map_structure(
            lambda s: st.spec(None if st.shape_of(s) is None else st.shape_of(s)[1:], s.dtype),
            self._input._structure)

    def _reader(self):
        source = _Pushback(self._input._reader())

        def read(n):
            while True:
                block = source.read(1)
                if block is None:
                    return None
                block = tuple(a[0] for a in block)
                count = len(block[0])
                if any(len(a) != count for a in block):
                    raise iteration_error(errors.InvalidArgumentError,
                                          "Input element must have the same batch size in "
                                          "each component.")
                if count:
                    if count > n:
                        source.unread(tuple(a[None, n:] for a in block))
                        block = tuple(a[:n] for a in block)
                    return block

        return read


class _BlocksDataset(Dataset):
    """A dataset over blocks already in memory (a window's elements)."""

    def __init__(self, blocks, structure):
        self._blocks = blocks
        self._cached_structure = structure

    def _reader(self):
        blocks = iter(self._blocks)  # (one element each)
        return lambda n: next(blocks, None)


class WindowDataset(_Unary):
    """`window(size, shift, stride, drop_remainder)`: elements that are datasets of
    `size` elements `stride` apart, a window starting every `shift` elements."""

    def __init__(self, input_dataset, size, shift, stride, drop_remainder):
        super().__init__(input_dataset)
        for name, value in (("size", size), ("shift", shift), ("stride", stride)):
            if value <= 0:
                raise errors.invalid_argument(f"Window {name} must be greater than zero, but "
                                              f"got {value}.", "WindowDataset")
        self._size, self._shift, self._stride, self._drop = size, shift, stride, drop_remainder

    _cardinality = Dataset._cardinality

    def _element_structure(self):
        return st.map_structure(st.DatasetSpec, self._input._structure)

    def _reader(self):
        source = self._input._reader()
        buffered = []  # single-element blocks from the current window's start
        exhausted = False
        span = (self._size - 1) * self._stride + 1

        def read(n):
            nonlocal exhausted, buffered
            while not exhausted and len(buffered) < span:
                block = source(span - len(buffered))
                if block is None:
                    exhausted = True
                else:
                    buffered.extend(st.take_rows(block, i, i + 1) for i in range(st.rows(block)))
            rows = buffered[:span:self._stride]
            if not rows or (self._drop and len(rows) < self._size):
                return None
            skip = self._shift - len(buffered)
            buffered = buffered[self._shift:]
            while skip > 0 and not exhausted:
                block = source(skip)
                if block is None:
                    exhausted = True
                else:
                    skip -= st.rows(block)
            specs = self._input._flat_specs()
            out = []
            for c, spec in enumerate(specs):
                window = np.empty(1, dtype=object)
                window[0] = _BlocksDataset([(r[c],) for r in rows], spec)
                out.append(window)
            return tuple(out)

        return read
