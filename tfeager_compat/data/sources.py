"""Datasets made from values: from_tensors, from_tensor_slices, range, from_generator,
list_files. Their values are held on the host; slices are handed out as views."""
import sys

import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor_shape import TensorShape
from . import structure as st
from .dataset import Dataset, int_arg


def _components(tensors):
    """The flat components of a user's value as NumPy arrays (private copies, as TF copies
    them into tensors), and its nesting."""
    arrays = []
    for leaf in st.flatten(tensors):
        array = st.to_host(leaf)
        arrays.append(array.copy() if array is leaf else array)
    return arrays, tensors


class _ArrayDataset(Dataset):
    """Elements are the rows of host arrays (one per flat component)."""

    def __init__(self, arrays, nesting, specs):
        self._arrays = arrays
        self._cached_structure = st.pack(nesting, specs)

    def _cardinality(self):
        return len(self._arrays[0])

    def _rows(self):
        return len(self._arrays[0]), lambda indices: st.gather(self._arrays, indices)

    def _reader(self):
        arrays, total = self._arrays, len(self._arrays[0])
        position = 0

        def read(n):
            nonlocal position
            if position >= total:
                return None
            start, position = position, min(position + n, total)
            return tuple(a[start:position] for a in arrays)

        return read


class TensorDataset(_ArrayDataset):
    """`Dataset.from_tensors`: one element."""

    def __init__(self, tensors):
        arrays, nesting = _components(tensors)
        specs = [st.spec(a.shape, st.dtype_of(a)) for a in arrays]
        super().__init__([a[None] for a in arrays], nesting, specs)


class TensorSliceDataset(_ArrayDataset):
    """`Dataset.from_tensor_slices`: the rows of each component."""

    def __init__(self, tensors):
        arrays, nesting = _components(tensors)
        for a in arrays:
            if a.ndim == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        for a in arrays[1:]:
            if len(a) != len(arrays[0]):
                raise ValueError(f"Dimensions {len(arrays[0])} and {len(a)} are not compatible")
        specs = [st.spec(a.shape[1:], st.dtype_of(a)) for a in arrays]
        super().__init__(arrays, nesting, specs)


class RangeDataset(Dataset):
    """`Dataset.range`: int64 scalars from `start` to `stop` by `step`."""

    def __init__(self, *args):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to RangeDataset: {args}")
        values = [int_arg(a) for a in args]
        if len(values) == 1:
            values = [0] + values
        self._start, self._stop = values[0], values[1]
        self._step = values[2] if len(values) == 3 else 1
        if self._step == 0:
            raise errors.invalid_argument("step must be a non-zero integer.", "RangeDataset")
        self._cached_structure = st.spec((), dtypes.int64)

    def _cardinality(self):
        return max(0, -((self._start - self._stop) // self._step))

    def _rows(self):
        return self._cardinality(), lambda indices: (self._start + indices * self._step,)

    def _reader(self):
        step, stop = self._step, self._stop
        current = self._start

        def read(n):
            nonlocal current
            end = min(current + n * step, stop) if step > 0 else max(current + n * step, stop)
            if (end - current) * step <= 0:
                return None
            block = np.arange(current, end, step, dtype=np.int64)
            current += len(block) * step
            return (block,)

        return read


class GeneratorDataset(Dataset):
    """`Dataset.from_generator`: the values `generator(*args)` yields, converted and checked
    as TF does (its errors come from `get_next`, as InvalidArgumentError)."""

    def __init__(self, generator, output_types, output_shapes=None, args=None):
        if not callable(generator):
            raise TypeError("`generator` must be callable.")
        self._generator = generator
        self._types = st.map_structure(dtypes.as_dtype, output_types)
        flat_types = st.flatten(self._types)
        if output_shapes is None:
            flat_shapes = [TensorShape(None)] * len(flat_types)
        else:
            flat_shapes = [TensorShape(s) for s in st.flatten_up_to(self._types, output_shapes)]
        self._shapes = flat_shapes
        self._args = [st.to_host(a) for a in (args or ())]
        self._cached_structure = st.pack(self._types, [
            st.TensorSpec(s, d) for s, d in zip(flat_shapes, flat_types)])

    def _reader(self):
        values = iter(self._generator(*[a.copy() for a in self._args]))
        types, flat_types = self._types, st.flatten(self._types)

        def read(n):
            try:
                value = next(values)
            except StopIteration:
                return None
            if not st.same_structure(types, value):
                _fail("TypeError: `generator` yielded an element that did not match the "
                      f"expected structure. The expected structure was {types}, but the "
                      f"yielded element was {value}.")
            return tuple(self._convert(v, d, s)[None] for v, d, s in
                         zip(st.flatten(value), flat_types, self._shapes))

        return read

    @staticmethod
    def _convert(value, dtype, shape):
        try:
            if dtype is dtypes.string:
                array = st.to_host(value, dtypes.string)
            else:
                array = np.asarray(value, dtype=dtype.as_numpy_dtype)
        except (TypeError, ValueError):
            _fail("TypeError: `generator` yielded an element that could not be converted to "
                  f"the expected type. The expected type was {dtype.name}, but the yielded "
                  f"element was {value}.")
        if not shape.is_compatible_with(TensorShape(array.shape)):
            _fail(f"ValueError: `generator` yielded an element of shape {array.shape} where "
                  f"an element of shape {shape} was expected.")
        return array


def _fail(message):
    raise errors.InvalidArgumentError(None, None, f"{message}\n [Op:IteratorGetNextSync]") \
        from sys.exc_info()[1]


def list_files(file_pattern, shuffle=None, seed=None):
    """`Dataset.list_files`: the sorted matches of the pattern(s), shuffled by default."""
    from ..io import gfile
    patterns = [p.decode() for p in np.asarray(st.to_host(file_pattern)).reshape(-1)]
    names = sorted(name for p in patterns for name in gfile.glob(p))
    if not names:
        raise errors.InvalidArgumentError(
            None, None, "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
            f"Summarized data: b'No files matched pattern: {', '.join(patterns)}'")
    dataset = TensorSliceDataset(np.array([n.encode() for n in names], dtype=object))
    if shuffle is None or shuffle:
        dataset = dataset.shuffle(len(names), seed=seed)
    return dataset
