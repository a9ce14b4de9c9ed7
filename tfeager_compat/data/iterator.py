"""Eager iterators over datasets: `iter(ds)`, `make_one_shot_iterator()`, `tfe.Iterator(ds)`.

As TF 1.15's eager `IteratorV2`: `next()` (and the Python 2 `.next()`) ends with
StopIteration, `get_next()` with `tf.errors.OutOfRangeError`, worded as TF words it.
Each element's components become Tensors here (`structure.element_tensors`).
"""
from ..framework import errors
from ..ops.registry import export
from . import structure as st
from .dataset import Dataset


@export("data.Iterator", "contrib.eager.Iterator")
class Iterator:
    """An iterator producing Tensors from a `tf.data.Dataset`."""

    def __init__(self, dataset):
        if not isinstance(dataset, Dataset):
            raise TypeError(f"Expected a tf.data.Dataset, got {type(dataset).__name__}")
        self._dataset = dataset
        self._read = dataset._reader()
        self._nesting = None

    def __iter__(self):
        return self

    def _next_internal(self):
        block = self._read(1) if self._read is not None else None
        if block is None:
            self._read = None
            raise errors.OutOfRangeError(None, None, "End of sequence [Op:IteratorGetNextSync]")
        if self._nesting is None:
            self._nesting = self._dataset._nesting()
        return st.pack(self._nesting, st.element_tensors(block))

    def __next__(self):
        try:
            return self._next_internal()
        except errors.OutOfRangeError:
            raise StopIteration from None

    next = __next__

    def get_next(self, name=None):
        """The next element; `tf.errors.OutOfRangeError` at the end."""
        return self._next_internal()

    @property
    def element_spec(self):
        return self._dataset.element_spec

    @property
    def output_types(self):
        return self._dataset.output_types

    @property
    def output_shapes(self):
        return self._dataset.output_shapes

    @property
    def output_classes(self):
        return self._dataset.output_classes
