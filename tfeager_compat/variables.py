"""`tf.Variable`: a mutable holder of one array, accepted wherever a Tensor is.

The current value lives in `_snapshot`, an immutable Tensor replaced on every assignment, so a
value read before an assignment keeps the old value (as TF's reads do) and the tape can tell
which read a recorded op used. Matches TF 1.15 eager: names are `name:0` and are not made
unique in eager mode (every unnamed variable is `Variable:0`), `assign*` and `scatter_*`
return the variable after the update, and a failed assignment raises and leaves the value as
it was. `variable[key]` is a Tensor whose `assign` writes that slice (TF1's strided-slice
assignment, which does not broadcast).
"""
import math
import weakref

import jax
import jax.numpy as jnp
import numpy as np

from .autodiff import graph
from .autodiff import tape as tape_module
from .distribute.reduce_util import VariableAggregation
from .framework import dtypes, errors
from .framework.convert import operand, register_conversion, to_tensor
from .framework.tensor import Tensor, numpy_text, wrap
from .ops.array_ops import _index_item, _rebuild
from .ops.registry import EXPORTS, Op, export
from .scopes import current_name_scope


_ADD, _SUBTRACT = jax.jit(jnp.add), jax.jit(jnp.subtract)
# Functions called with each new Variable, outermost first (`tfe.restore_variables_on_create`
# and tfe.Network's deferred restores); empty, it costs `Variable()` one truth test.
ON_CREATE = []


def _slice_assign(x, value, key):
    target = tuple(item for item in _rebuild(key) if item is not None)  # new axes hold no data
    return x.at[target].set(value.reshape(x[target].shape))


def _slice_assign_host(x, value, key):
    out = np.array(x, dtype=object)
    target = tuple(item for item in _rebuild(key) if item is not None)
    value = np.asarray(value, dtype=object).reshape(np.shape(out[target]))
    out[target] = value if value.ndim else value.item()
    return out


_SLICE_ASSIGN = Op("ResourceStridedSliceAssign", _slice_assign, host_kernel=_slice_assign_host)
_SLICES = weakref.WeakKeyDictionary()  # slice Tensor -> (variable, normalised key)


class _VariableSlice(Tensor):
    """`variable[key]`: the read slice, whose `assign(value)` writes it back (TF1)."""

    __slots__ = ()

    def assign(self, value, name=None):
        """Write `value` (exactly the slice's shape) into the slice; returns the variable."""
        variable, key = _SLICES[self]
        return variable._assign_slice(key, self._shape_tuple(), value)


@export("Variable", "contrib.eager.Variable")
class Variable:
    """A mutable tensor-valued state (TF1's resource variable in eager mode)."""

    __array_priority__ = 100

    def __init__(self, initial_value=None, trainable=True, name=None, dtype=None,
                 validate_shape=True, caching_device=None, constraint=None,
                 collections=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None, import_scope=None, expected_shape=None):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        if callable(initial_value):
            with graph.init_scope():  # outside a function being traced, as TF lifts it
                initial_value = initial_value()
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
        value = to_tensor(initial_value, dtype) if dtype is not None and not isinstance(
            initial_value, Tensor) else to_tensor(initial_value)
        if dtype is not None and value.dtype is not dtype:
            value = wrap(value._array().astype(dtype.as_numpy_dtype))
        self._snapshot = wrap(value._array())
        self._trainable = bool(trainable)
        self._name = current_name_scope() + (name if name is not None else "Variable") + ":0"
        self._constraint = constraint
        self._aggregation = aggregation  # how replica-context writes combine (tf.distribute)
        graph.new_variable(self)
        if ON_CREATE:
            for hook in ON_CREATE:
                hook(self)

    # -- identity ------------------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def trainable(self):
        return self._trainable

    @property
    def dtype(self):
        return self._snapshot.dtype

    @property
    def shape(self):
        return self._snapshot.shape

    def get_shape(self):
        return self.shape

    @property
    def device(self):
        return self._snapshot.device

    @property
    def constraint(self):
        return self._constraint

    @property
    def aggregation(self):
        return self._aggregation or VariableAggregation.NONE

    @property
    def initial_value(self):
        return self._snapshot

    # -- reads ---------------------------------------------------------------------------------
    def _read(self, dtype=None):
        for tape in graph.TAPES:
            tape._on_variable_read(self)
        snapshot = self._snapshot
        if dtype is not None and snapshot.dtype is not dtype:
            raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' "
                             f"for variable of type '{snapshot.dtype.name}'")
        return snapshot

    def value(self):
        return self._read()

    def read_value(self):
        return self._read()

    def numpy(self):
        return self._snapshot.numpy()

    def __array__(self, dtype=None, copy=None):
        return self._snapshot.__array__(dtype, copy)

    # -- writes --------------------------------------------------------------------------------
    def _new_value(self, value):
        new = to_tensor(value, self.dtype)
        if new._shape_tuple() != self._snapshot._shape_tuple():
            raise ValueError(
                f"Cannot assign value to variable ' {self._name}': Shape mismatch.The variable "
                f"shape {self.shape}, and the assigned value shape {new.shape} are incompatible.")
        return new

    def _set(self, array, read_value):
        self._snapshot = wrap(array)
        return self if read_value else None

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Set the value; raises (and changes nothing) on a shape or dtype mismatch."""
        return self._set(self._new_value(value)._array(), read_value)

    def _delta(self, delta, op_name):
        delta = operand(delta, self.dtype)
        if delta._shape_tuple() != self._snapshot._shape_tuple():
            raise errors.invalid_argument(
                f"Cannot update variable with shape {errors.shape_text(self._snapshot._shape_tuple())} using a Tensor with "
                f"shape {errors.shape_text(delta._shape_tuple())}, shapes must be equal.", op_name)
        return delta

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """Add `delta` (same shape and dtype, else TF's error and no change)."""
        delta = self._delta(delta, "AssignAddVariableOp")
        return self._set(_ADD(self._snapshot._array(), delta._array()), read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """Subtract `delta` (same shape and dtype, else TF's error and no change)."""
        delta = self._delta(delta, "AssignSubVariableOp")
        return self._set(_SUBTRACT(self._snapshot._array(), delta._array()), read_value)

    def _assign_slice(self, key, shape, value):
        value = to_tensor(value, self.dtype)
        if not (math.prod(shape) or math.prod(value._shape_tuple())):
            return self  # TF's kernel skips an empty slice given an empty value
        if value._shape_tuple() != shape:
            raise errors.UnimplementedError(
                None, None, f"sliced l-value shape {errors.shape_text(shape)} does not match "
                f"r-value shape {errors.shape_text(value._shape_tuple())}. Automatic "
                "broadcasting not yet implemented. [Op:ResourceStridedSliceAssign]")
        snapshot = self._snapshot
        if snapshot.dtype.is_string:
            new = graph.execute_host(_SLICE_ASSIGN, (snapshot, value), (("key", key),))
        else:
            new = graph.execute(_SLICE_ASSIGN, (snapshot, value), (("key", key),))
        return self._set(new._array(), True)

    # -- TF1's sparse updates: an IndexedSlices, or indices and updates for the nd forms ----
    def _sparse(self, function, sparse_delta):
        if not isinstance(sparse_delta, EXPORTS["IndexedSlices"]):
            raise TypeError(f"sparse_delta is not IndexedSlices: {sparse_delta}")
        return EXPORTS[function](self, sparse_delta.indices, sparse_delta.values)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Write `sparse_delta.values` into the rows `sparse_delta.indices`."""
        return self._sparse("scatter_update", sparse_delta)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        """Add `sparse_delta.values` to the rows `sparse_delta.indices`."""
        return self._sparse("scatter_add", sparse_delta)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        """Subtract `sparse_delta.values` from the rows `sparse_delta.indices`."""
        return self._sparse("scatter_sub", sparse_delta)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        """Multiply the rows `sparse_delta.indices` by `sparse_delta.values`."""
        return self._sparse("scatter_mul", sparse_delta)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        """Divide the rows `sparse_delta.indices` by `sparse_delta.values`."""
        return self._sparse("scatter_div", sparse_delta)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        """The elementwise max of the rows `sparse_delta.indices` and `sparse_delta.values`."""
        return self._sparse("scatter_max", sparse_delta)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        """The elementwise min of the rows `sparse_delta.indices` and `sparse_delta.values`."""
        return self._sparse("scatter_min", sparse_delta)

    def batch_scatter_update(self, sparse_delta, use_locking=True, name=None):
        """`tf.batch_scatter_update(self, sparse_delta.indices, sparse_delta.values)`."""
        return self._sparse("batch_scatter_update", sparse_delta)

    def scatter_nd_update(self, indices, updates, name=None):
        """`tf.scatter_nd_update(self, indices, updates)`."""
        return EXPORTS["scatter_nd_update"](self, indices, updates)

    def scatter_nd_add(self, indices, updates, name=None):
        """`tf.scatter_nd_add(self, indices, updates)`."""
        return EXPORTS["scatter_nd_add"](self, indices, updates)

    def scatter_nd_sub(self, indices, updates, name=None):
        """`tf.scatter_nd_sub(self, indices, updates)`."""
        return EXPORTS["scatter_nd_sub"](self, indices, updates)

    # -- Python protocol -----------------------------------------------------------------------
    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s, numpy=%s>" % (
            self._name, self.shape, self.dtype.name, numpy_text(self._snapshot.numpy(), is_repr=True))

    def __str__(self):
        return repr(self)

    def __format__(self, spec):
        return format(self.numpy(), spec)

    def __bool__(self):
        return bool(self._snapshot)

    def __float__(self):
        return float(self._snapshot)

    def __int__(self):
        return int(self._snapshot)

    def __index__(self):
        return self._snapshot.__index__()

    def __len__(self):
        return len(self._snapshot)

    def __iter__(self):
        return iter(self._read())

    def __getitem__(self, key):
        out = self._read()[key]
        if not isinstance(key, tuple):
            key = tuple(key) if isinstance(key, list) else (key,)
        out.__class__ = _VariableSlice  # the same object, so a tape that recorded it knows it
        _SLICES[out] = (self, tuple(_index_item(item) for item in key))
        return out

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other


@export("batch_scatter_update")
def batch_scatter_update(ref, indices, updates, use_locking=True, name=None):
    """TF1 `tf.batch_scatter_update`: `scatter_update` along the last axis of `indices`, for
    each position of its leading (batch) axes, i.e. `ref[i..., indices[i..., j]] = updates[i...,
    j]` as a `scatter_nd_update`."""
    indices = to_tensor(indices)
    values = np.asarray(indices.numpy())
    grids = np.meshgrid(*[np.arange(n, dtype=values.dtype) for n in values.shape[:-1]],
                        np.zeros(values.shape[-1:], values.dtype), indexing="ij")
    nd = np.stack([*grids[:-1], values], axis=-1)
    return EXPORTS["scatter_nd_update"](ref, nd, updates)


register_conversion(Variable, Variable._read)
tape_module._LEAF_TYPES.add(Variable)
tape_module._VARIABLE_TYPES.add(Variable)
