"""`tf.data.Dataset` as TF 1.15's eager `DatasetV1Adapter` has it.

Each transformation is a small lazy dataset object (its module: `sources`, `readers`,
`batching`, `shuffling`, `mapping`, `combining`, `caching`). A dataset knows its element
specs (`_element_structure`) and makes a fresh *reader* per iteration: `read(n)` returns a
block of 1 to `n` elements (a tuple of NumPy arrays, one per flat component, rows being
elements) or None at the end. Asking for many elements at once is what lets `batch` take
128 rows of a `from_tensor_slices` array as one slice, and `map` run on them in one call;
the iterator (`iterator.py`) asks for one element at a time, so nothing runs ahead of TF.

A dataset whose elements can be fetched by position at no extra cost (arrays in memory,
`range`, a vectorised `map` of those, ...) also offers *random access* (`_rows()`): then
`shuffle` draws positions instead of moving elements through its buffer, and an output
block is one gather per component (and one `map` call on it).
"""
from ..ops.registry import export
from . import structure as st

AUTOTUNE = -1
INFINITE, UNKNOWN = -1, -2  # cardinalities


def int_arg(value):
    """A count or size argument (a Python or NumPy int, or a scalar integer tensor)."""
    return int(st.to_host(value))


@export("data.Dataset")
class Dataset:
    """A sequence of elements, each a nested structure of tensors (TF 1.15's
    `tf.data.Dataset`, iterated eagerly)."""

    _cached_structure = None
    _tf_name = "DatasetV1Adapter"  # the class name TF 1.15's repr shows

    # -- what a dataset implements -----------------------------------------------------------------
    def _element_structure(self):
        """The nested TensorSpecs of an element."""
        raise NotImplementedError

    def _reader(self):
        """A new `read(n)` over this dataset's elements (see the module docstring)."""
        raise NotImplementedError

    def _cardinality(self):
        """The number of elements; INFINITE (-1) or UNKNOWN (-2) as TF's `cardinality`."""
        return UNKNOWN

    def _rows(self):
        """Random access to the elements, or None: `(count, gather)`, where `count` is the
        number of elements (INFINITE for ever) and `gather(indices)` the block of the
        elements at those positions (an int64 vector of valid positions), in that order."""
        return None

    def _nesting(self):
        """A structure shaped like an element (its specs, or anything nested the same way)."""
        return self._structure

    @property
    def _structure(self):
        if self._cached_structure is None:
            self._cached_structure = self._element_structure()
        return self._cached_structure

    def _flat_specs(self):
        return st.flatten(self._structure)

    # -- element description -----------------------------------------------------------------------
    @property
    def element_spec(self):
        return self._structure

    @property
    def output_types(self):
        return st.legacy_types(self._structure)

    @property
    def output_shapes(self):
        return st.legacy_shapes(self._structure)

    @property
    def output_classes(self):
        return st.legacy_classes(self._structure)

    def __repr__(self):
        shapes = str(st.map_structure(str, self.output_shapes)).replace("'", "")
        types = str(st.map_structure(repr, self.output_types)).replace("'", "")
        return f"<{self._tf_name} shapes: {shapes}, types: {types}>"

    # -- iteration ---------------------------------------------------------------------------------
    def __iter__(self):
        from .iterator import Iterator
        return Iterator(self)

    def make_one_shot_iterator(self):
        """An iterator over the dataset (in eager mode, the same as `iter(dataset)`)."""
        from .iterator import Iterator
        return Iterator(self)

    def make_initializable_iterator(self, shared_name=None):
        raise RuntimeError("dataset.make_initializable_iterator is not supported when eager "
                           "execution is enabled. Use `for element in dataset` instead.")

    def reduce(self, initial_state, reduce_func):
        """Fold the elements into `initial_state` with `reduce_func(state, element)`; the
        state's dtypes and structure must stay the same, as TF checks."""
        from .mapping import reduce_dataset
        return reduce_dataset(self, initial_state, reduce_func)

    # -- sources -----------------------------------------------------------------------------------
    @staticmethod
    def from_tensors(tensors):
        """A dataset of one element, `tensors`."""
        from .sources import TensorDataset
        return TensorDataset(tensors)

    @staticmethod
    def from_tensor_slices(tensors):
        """A dataset of the slices of `tensors` along their first dimension."""
        from .sources import TensorSliceDataset
        return TensorSliceDataset(tensors)

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None):
        """A dataset of the values `generator(*args)` yields, converted to `output_types`."""
        from .sources import GeneratorDataset
        return GeneratorDataset(generator, output_types, output_shapes, args)

    @staticmethod
    def range(*args):
        """`range(stop)`, `range(start, stop[, step])` as int64 scalars."""
        from .sources import RangeDataset
        return RangeDataset(*args)

    @staticmethod
    def zip(datasets):
        """Elements of the nested `datasets` taken together, as long as the shortest."""
        from .combining import ZipDataset
        return ZipDataset(datasets)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None):
        """The file names matching `file_pattern` (a pattern or a list), shuffled unless
        `shuffle=False`."""
        from .sources import list_files
        return list_files(file_pattern, shuffle, seed)

    # -- transformations -----------------------------------------------------------------------------
    def concatenate(self, dataset):
        from .combining import ConcatenateDataset
        return ConcatenateDataset(self, dataset)

    def prefetch(self, buffer_size):
        """The same elements (prefetching has nothing to overlap with here)."""
        from .caching import PrefetchDataset
        return PrefetchDataset(self, int_arg(buffer_size))

    def repeat(self, count=None):
        from .combining import RepeatDataset
        return RepeatDataset(self, -1 if count is None else int_arg(count))

    def enumerate(self, start=0):
        from .combining import EnumerateDataset
        return EnumerateDataset(self, int_arg(start))

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        from .shuffling import ShuffleDataset
        return ShuffleDataset(self, int_arg(buffer_size), seed,
                              True if reshuffle_each_iteration is None
                              else bool(reshuffle_each_iteration))

    def cache(self, filename=""):
        from .caching import CacheDataset
        return CacheDataset(self, st.to_host(filename).item().decode())

    def take(self, count):
        from .combining import TakeDataset
        return TakeDataset(self, int_arg(count))

    def skip(self, count):
        from .combining import SkipDataset
        return SkipDataset(self, int_arg(count))

    def shard(self, num_shards, index):
        from .combining import ShardDataset
        return ShardDataset(self, int_arg(num_shards), int_arg(index))

    def batch(self, batch_size, drop_remainder=False):
        from .batching import BatchDataset
        return BatchDataset(self, int_arg(batch_size), bool(drop_remainder))

    def padded_batch(self, batch_size, padded_shapes, padding_values=None,
                     drop_remainder=False):
        from .batching import PaddedBatchDataset
        return PaddedBatchDataset(self, int_arg(batch_size), padded_shapes, padding_values,
                                  bool(drop_remainder))

    def unbatch(self):
        from .batching import UnbatchDataset
        return UnbatchDataset(self)

    def window(self, size, shift=None, stride=1, drop_remainder=False):
        from .batching import WindowDataset
        size = int_arg(size)
        return WindowDataset(self, size, size if shift is None else int_arg(shift),
                             int_arg(stride), bool(drop_remainder))

    def map(self, map_func, num_parallel_calls=None):
        """Apply `map_func` to each element (vectorised over many elements where it
        traces; see `functions.py`)."""
        from .mapping import MapDataset
        return MapDataset(self, map_func)

    map_with_legacy_function = map

    def filter(self, predicate):
        from .mapping import FilterDataset
        return FilterDataset(self, predicate)

    filter_with_legacy_function = filter

    def flat_map(self, map_func):
        from .mapping import InterleaveDataset
        return InterleaveDataset(self, map_func, 1, 1)

    def interleave(self, map_func, cycle_length=AUTOTUNE, block_length=1,
                   num_parallel_calls=None):
        from .mapping import InterleaveDataset
        return InterleaveDataset(self, map_func, int_arg(cycle_length), int_arg(block_length))

    def apply(self, transformation_func):
        """`transformation_func(self)`, which must return a Dataset."""
        dataset = transformation_func(self)
        if not isinstance(dataset, Dataset):
            raise TypeError(f"`transformation_func` must return a Dataset. Got {dataset}.")
        return dataset


def check_dtype_compatible(a, b):
    """TF's TypeError for element specs that cannot be combined (concatenate)."""
    flat_a, flat_b = st.flatten(a), st.flatten(b)
    if not st.same_structure(a, b) or any(x.dtype is not y.dtype for x, y in zip(flat_a, flat_b)):
        raise TypeError(f"Incompatible dataset elements:\n  {a} vs.   {b}")

