"""`tf.IndexedSlices`: the sparse gradient TF's tape returns for gathered params.

Matches TF 1.15: `values[i]` is row `indices[i]` of a tensor of shape `dense_shape` (rows named
twice add up when made dense). It is no Tensor: no `numpy()`, no arithmetic but negation,
no `shape`; every op accepts one through the conversion registry, which makes it dense with
UnsortedSegmentSum (in eager mode TF warns about nothing). `tf.clip_by_norm`,
`tf.clip_by_value` and `tf.clip_by_global_norm` clip its values and return IndexedSlices.
"""
import jax.numpy as jnp
import numpy as np

from ..autodiff.graph import execute, host_array
from ..ops.registry import Op, export
from ..ops.string_ops import SparseTensor
from . import dtypes, errors
from .convert import convert_to_tensor, register_conversion, to_tensor
from .tensor import wrap


@export("IndexedSlices")
class IndexedSlices:
    """A sparse representation of a set of slices of a dense tensor (TF's `tf.IndexedSlices`).

    `repr` names TF's class, as TF's default repr does.
    """

    __slots__ = ("_values", "_indices", "_dense_shape")

    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    values = property(lambda self: self._values, doc="The slices, [N, ...].")
    indices = property(lambda self: self._indices, doc="The row of each slice, [N].")
    dense_shape = property(lambda self: self._dense_shape, doc="The dense shape (or None).")
    dtype = property(lambda self: self._values.dtype, doc="The dtype of `values`.")
    device = property(lambda self: self._values.device, doc="The device of `values`.")
    name = property(lambda self: self._values.name, doc="The name of `values`.")
    op = property(lambda self: self._values.op, doc="The op of `values`.")
    graph = property(lambda self: self._values.graph, doc="The graph of `values`.")

    def __neg__(self):
        return IndexedSlices(-self._values, self._indices, self._dense_shape)

    def __str__(self):
        shape = "" if self._dense_shape is None else f", dense_shape={self._dense_shape!s}"
        return f"IndexedSlices(indices={self._indices!s}, values={self._values!s}{shape})"

    def __repr__(self):
        return (f"<tensorflow.python.framework.indexed_slices.IndexedSlices object at "
                f"{id(self):#x}>")


@export("convert_to_tensor_or_indexed_slices")
def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None):
    """TF1's `tf.convert_to_tensor_or_indexed_slices`: an IndexedSlices or SparseTensor comes
    back unmodified (its dtype checked against `dtype`); anything else is converted."""
    if isinstance(value, (IndexedSlices, SparseTensor)):
        if dtype is not None and dtypes.as_dtype(dtype) is not value.dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} "
                             f"for Tensor with dtype {value.dtype.name}: {str(value)!r}")
        return value
    return convert_to_tensor(value, dtype)


_SEGMENT_SUM = Op("UnsortedSegmentSum", lambda values, ids, rows:
                  jnp.zeros((rows,) + values.shape[1:], values.dtype).at[ids].add(values))


def _to_dense(value, dtype=None):
    """TF's conversion: `unsorted_segment_sum(values, indices, dense_shape[0])`."""
    if dtype is not None and dtype is not value.dtype:
        raise ValueError(f"Tensor conversion requested dtype {dtype.name} for IndexedSlices "
                         f"with dtype {value.dtype.name}")
    if value.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices without dense_shape: "
                         f"{value}")
    values, ids = to_tensor(value.values), to_tensor(value.indices)
    rows = int(host_array(to_tensor(value.dense_shape)).reshape(-1)[0])
    flat = host_array(ids).reshape(-1)
    bad = np.flatnonzero((flat < 0) | (flat >= rows))
    if bad.size:
        raise errors.invalid_argument(
            f"segment_ids[{bad[0]}] = {flat[bad[0]]} is out of range [0, {rows})",
            "UnsortedSegmentSum")
    return execute(_SEGMENT_SUM, (values, ids), (("rows", rows),))


register_conversion(IndexedSlices, _to_dense)


_SHAPES = {}  # dense shape -> its int32 device array (a host-to-device copy costs ~17 us)


def dense_shape_tensor(shape):
    """`shape` as the int32 Tensor TF's gather gradients give as `dense_shape`."""
    array = _SHAPES.get(shape)
    if array is None:
        array = _SHAPES[shape] = jnp.asarray(shape, jnp.int32)
    return wrap(array)
