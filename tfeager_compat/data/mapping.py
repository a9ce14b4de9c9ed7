"""Datasets that run user functions: map, filter, flat_map/interleave, and `reduce`."""
import os

import numpy as np

from ..framework import errors
from ..framework.convert import to_tensor
from . import functions
from . import structure as st
from .combining import _Unary
from .dataset import Dataset


class MapDataset(_Unary):
    """`map(map_func)`: `map_func` on every element, a block at a time where it traces."""

    def __init__(self, input_dataset, map_func):
        super().__init__(input_dataset)
        self._fn = functions.UserFunction(map_func, input_dataset)

    def _element_structure(self):
        return self._fn.output_structure()

    def _nesting(self):
        return self._fn.out_nesting if self._fn.out_nesting is not None else self._structure

    def _rows(self):
        """Where the function vectorises, running it on gathered elements is running it on
        every element: it has no effect but its result."""
        rows = self._input._rows()
        if rows is None or not self._fn.vectorises():
            return None
        count, gather = rows
        return count, lambda indices: self._fn.apply(gather(indices))[0]

    def _reader(self):
        source = self._input._reader()
        pending = []

        def read(n):
            if not pending:
                block = source(n)
                if block is None:
                    return None
                pending.extend(self._fn.apply(block))
            return pending.pop(0)

        return read


_PREDICATE_ERROR = "`predicate` must return a scalar boolean tensor."


class FilterDataset(_Unary):
    """`filter(predicate)`: the elements for which `predicate` is True."""

    _cardinality = Dataset._cardinality

    def __init__(self, input_dataset, predicate):
        super().__init__(input_dataset)
        self._fn = functions.UserFunction(predicate, input_dataset)

    def _reader(self):
        source = self._input._reader()

        def read(n):
            while True:
                block = source(n)
                if block is None:
                    return None
                keep = self._mask(block)
                if keep.all():
                    return block
                if keep.any():
                    return tuple(a[keep] for a in block)

        return read

    def _mask(self, block):
        results = self._fn.apply(block)
        if any(len(r) != 1 or r[0].dtype != np.bool_ or r[0].ndim != 1 for r in results):
            raise ValueError(_PREDICATE_ERROR)
        return np.concatenate([r[0] for r in results])


def _cycle_length(cycle_length):
    if cycle_length == -1:  # AUTOTUNE: the number of schedulable cores, as TF
        return len(os.sched_getaffinity(0))
    return cycle_length


class InterleaveDataset(_Unary):
    """`interleave(map_func, cycle_length, block_length)` (and `flat_map`, its cycle of
    one): the datasets `map_func` makes from `cycle_length` elements at a time, taking
    `block_length` elements from each in turn, in TF's order."""

    def __init__(self, input_dataset, map_func, cycle_length, block_length):
        super().__init__(input_dataset)
        if block_length <= 0:
            raise errors.invalid_argument("block_length must be greater than zero.",
                                          "InterleaveDataset")
        self._map_func = map_func
        self._cycle, self._block = _cycle_length(cycle_length), block_length
        self._first = None

    _cardinality = Dataset._cardinality

    def _dataset_for(self, element):
        with functions.untaped():
            dataset = functions.call(self._map_func, [st.element_tensor(a) for a in element],
                                     self._input._nesting())
        if not isinstance(dataset, Dataset):
            raise TypeError(f"`map_func` must return a `Dataset` object. Got "
                            f"{type(dataset)}.")
        return dataset

    def _element_structure(self):
        return self._dataset_for(functions.first_element(self._input))._structure

    def _nesting(self):
        if self._first is None:
            return self._structure
        return self._first._nesting()

    def _reader(self):
        source = self._input._reader()
        slots = [None] * self._cycle
        state = {"index": 0, "in_block": 0, "open": 0, "end": False}

        def advance():
            state["in_block"] = 0
            state["index"] = (state["index"] + 1) % self._cycle

        def read(n):
            while not state["end"] or state["open"]:
                i = state["index"]
                if slots[i] is not None:
                    block = slots[i](min(n, self._block - state["in_block"]))
                    if block is not None:
                        state["in_block"] += st.rows(block)
                        if state["in_block"] == self._block:
                            advance()
                        return block
                    slots[i] = None
                    state["open"] -= 1
                    advance()
                elif not state["end"]:
                    element = source(1)
                    if element is None:
                        state["end"] = True
                    else:
                        dataset = self._dataset_for([a[0, ...] for a in element])
                        if self._first is None:
                            self._first = dataset
                        slots[i] = dataset._reader()
                        state["open"] += 1
                else:
                    advance()
            return None

        return read


def reduce_dataset(dataset, initial_state, reduce_func):
    """`Dataset.reduce`: `reduce_func(state, element)` over the elements, eagerly."""
    state = st.map_structure(to_tensor, st.normalize(initial_state))
    with functions.untaped():
        for element in dataset:
            new = st.map_structure(to_tensor, st.normalize(reduce_func(state, element)))
            old_types = [t.dtype for t in st.flatten(state)]
            new_types = [t.dtype for t in st.flatten(new)]
            if not st.same_structure(state, new):
                raise TypeError(f"The structure of the new state must match the initial state. "
                                f"Expected {st.map_structure(lambda t: t.dtype, state)}; got "
                                f"{st.map_structure(lambda t: t.dtype, new)}.")
            if old_types != new_types:
                raise TypeError(f"The element types for the new state must match the initial "
                                f"state. Expected {tuple(old_types)}; got {tuple(new_types)}.")
            state = new
    return state
