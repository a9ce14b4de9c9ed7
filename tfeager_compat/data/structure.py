"""Element structures of tf.data: nesting, component specs, and host <-> Tensor conversion.

As in TF's `tf.data` nest, tuples (namedtuples too) and dicts (in sorted-key order) are
structure and a Python list is one component (it becomes a tensor). A component's spec is
a `TensorSpec`, whose shape is a tuple of ints and Nones (None for an unknown rank), or a
`DatasetSpec` for the nested datasets of `window`.

Inside a pipeline a component is a NumPy array (an object array of `bytes` for strings);
a *block* is a tuple of such arrays, one per flat component, all with the same number of
rows (elements). Only the iterator turns a row into Tensors.
"""
import jax
import numpy as np

from ..framework import dtypes
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..framework.tensor_shape import TensorShape
from ..ops.registry import export


@export("TensorSpec")
class TensorSpec:
    """`tf.TensorSpec`: the shape and dtype of a tensor (`element_spec`'s leaves)."""

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self):
        return self._name

    def _tuple(self):
        return None if self._shape.ndims is None else tuple(self._shape.as_list())

    def is_compatible_with(self, other):
        return (self._dtype is other.dtype and self._shape.is_compatible_with(other.shape))

    def __eq__(self, other):
        return (type(other) is TensorSpec and self._dtype is other._dtype
                and self._tuple() == other._tuple() and self._name == other._name)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self._tuple(), self._dtype, self._name))

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"


class DatasetSpec:
    """The spec of a component that is itself a dataset (the elements of `window`)."""

    def __init__(self, element_spec):
        self.element_spec = element_spec

    def __repr__(self):
        return f"DatasetSpec({self.element_spec!r}, TensorShape([]))"


def spec(shape, dtype):
    """A TensorSpec from a shape tuple (None: unknown rank) and a DType."""
    return TensorSpec(TensorShape(None) if shape is None else list(shape), dtype)


def shape_of(spec_):
    """A TensorSpec's shape as a tuple of ints and Nones; None for an unknown rank."""
    return spec_._tuple()


# ---- nesting -----------------------------------------------------------------------------------
def is_nested(value):
    return isinstance(value, (tuple, dict))


def flatten(structure):
    """The leaves of `structure` (tuples in order, dicts by sorted key; lists are leaves)."""
    if isinstance(structure, tuple):
        return [leaf for item in structure for leaf in flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    return [structure]


def pack(structure, flat):
    """The leaves `flat` arranged as `structure` (the inverse of `flatten`)."""
    leaves = iter(flat)

    def build(s):
        if isinstance(s, tuple):
            items = [build(item) for item in s]
            return type(s)(*items) if hasattr(s, "_fields") else tuple(items)
        if isinstance(s, dict):
            built = {key: build(s[key]) for key in sorted(s)}
            return type(s)((key, built[key]) for key in s)
        return next(leaves)

    return build(structure)


def flatten_up_to(shallow, value):
    """`value`'s parts at the leaves of `shallow` (a shape tuple under a dtype stays whole)."""
    if isinstance(shallow, tuple):
        return [leaf for s, v in zip(shallow, value) for leaf in flatten_up_to(s, v)]
    if isinstance(shallow, dict):
        return [leaf for key in sorted(shallow) for leaf in flatten_up_to(shallow[key], value[key])]
    return [value]


def map_structure(fn, structure):
    return pack(structure, [fn(leaf) for leaf in flatten(structure)])


def same_structure(a, b):
    """Whether `a` and `b` nest the same way (same tuple lengths and dict keys)."""
    if isinstance(a, tuple):
        return (isinstance(b, tuple) and len(a) == len(b)
                and all(same_structure(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict):
        return (isinstance(b, dict) and sorted(a) == sorted(b)
                and all(same_structure(a[k], b[k]) for k in a))
    return not is_nested(b)


def normalize(value):
    """A user's return value as tf.data sees it: a top-level list is a tuple (TF: a list
    returned from a function is not stacked into one tensor)."""
    return tuple(value) if isinstance(value, list) else value


# ---- shapes ------------------------------------------------------------------------------------
def merge_shapes(a, b):
    """The most specific shape compatible with both (dims that differ become None)."""
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b))


def _legacy(structure, of_tensor):
    """TF's legacy output_types/shapes/classes: a nested dataset's entry is its DatasetSpec."""
    return map_structure(lambda s: s if isinstance(s, DatasetSpec) else of_tensor(s), structure)


def legacy_types(structure):
    return _legacy(structure, lambda s: s.dtype)


def legacy_shapes(structure):
    return _legacy(structure, lambda s: s.shape)


def legacy_classes(structure):
    return _legacy(structure, lambda s: Tensor)


# ---- host arrays ---------------------------------------------------------------------------------
def to_host(value, dtype=None):
    """`value` (Tensor, Variable, NumPy or Python value) as a NumPy array with TF's conversion
    rules (a NumPy array keeps its dtype); strings as an object array of bytes."""
    if (dtype is None and isinstance(value, np.ndarray) and value.dtype.kind not in "OSU"
            and value.dtype in dtypes.BY_NUMPY):
        return value
    return np.asarray(to_tensor(value, dtype))


def dtype_of(array):
    return dtypes.BY_NUMPY[array.dtype]


def element_tensor(array):
    """One row of a block component as a Tensor (one host-to-device transfer), or the
    dataset it holds."""
    if array.dtype == object:
        if array.ndim == 0 and not isinstance(array[()], bytes):
            return array[()]
        return wrap(array.copy())
    return wrap(jax.device_put(array))


# `jax.device_put` costs about 40 µs an array in Python; a jitted identity moves all of an
# element's arrays in one call of about 10 µs (plus a copy), but is compiled for each
# signature (about 10 ms), so it takes over once a signature is common.
_HOT = 32  # transfers of one signature before it gets a compiled transfer
_transfer = jax.jit(lambda *arrays: arrays)
_uses = {}  # signature -> transfers so far (up to _HOT)


def _move(arrays):
    """`arrays` (NumPy) as device arrays."""
    if not arrays:
        return arrays
    key = tuple((a.shape, a.dtype) for a in arrays)
    uses = _uses.get(key, 0)
    if uses >= _HOT:
        return _transfer(*arrays)
    if len(_uses) > 4096:  # (a stream of ever new shapes)
        _uses.clear()
    _uses[key] = uses + 1
    return [jax.device_put(a) for a in arrays]


def element_tensors(block):
    """The first element of `block` as a list of Tensors (or the datasets it holds), one per
    component: what an iterator hands out."""
    row = [a[0, ...] for a in block]
    moved = iter(_move([r for r in row if r.dtype != object]))
    return [element_tensor(r) if r.dtype == object else wrap(next(moved)) for r in row]


def gather(block, indices):
    """The rows `indices` (an int64 vector of valid row numbers) of each component."""
    return tuple(a[indices] for a in block)


def rows(block):
    return len(block[0])


def take_rows(block, start, stop):
    return tuple(a[start:stop] for a in block)


def same_shapes(a, b):
    return all(x.shape[1:] == y.shape[1:] and x.dtype == y.dtype for x, y in zip(a, b))


def concat(blocks):
    """One block from blocks whose elements have the same shapes."""
    if len(blocks) == 1:
        return blocks[0]
    return tuple(np.concatenate(parts) for parts in zip(*blocks))
