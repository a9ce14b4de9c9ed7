"""`tf.Tensor`: a thin immutable wrapper over a `jax.Array` (or a NumPy array of bytes for strings).

A Tensor is either concrete (`_value` holds the array) or pending: produced by an op that a
GradientTape recorded and deferred (`_node`, `_index` say which; see `autodiff/graph.py`).
Either way `_aval` holds its shape and dtype. Every public reader goes through `_array()`,
which resolves a pending tensor on first use, so the difference never shows.

Matches TF 1.15 eager: `str` as `tf.Tensor(<numpy str>, shape=(2, 2), dtype=float32)`, `.shape`
as a TensorShape of Dimensions, `.numpy()` of a scalar as a NumPy scalar, `==` by identity and
hashable (TF1 tensor equality), iteration over the first axis.
"""
import numpy as np

from . import dtypes as _dtypes
from .tensor_shape import TensorShape


class Tensor:
    """An immutable multi-dimensional array, as returned by every TF op."""

    __slots__ = ("_value", "_node", "_index", "_aval", "__weakref__")
    # Let NumPy defer to our reflected operators (np.float64(2) * t gives a Tensor, as in TF).
    __array_priority__ = 100

    def __init__(self, value, node, index, aval):
        self._value = value
        self._node = node
        self._index = index
        self._aval = aval  # has `.shape` and `.dtype` (a NumPy dtype)

    # -- value access -------------------------------------------------------------------------
    def _array(self):
        value = self._value
        if value is None:
            value = _resolve(self)
        return value

    def _meta(self):
        """Shape and dtype holder without resolving a pending tensor."""
        return self._aval

    def numpy(self):
        """The value as a new, writable NumPy array (as TF: writing to it leaves the tensor as
        it was); a NumPy scalar for a rank-0 tensor."""
        value = np.asarray(self._value) if self._value is not None else _host_array(self)
        return value[()] if value.ndim == 0 else value.copy()

    def __array__(self, dtype=None, copy=None):
        """A read-only view where NumPy allows one (`np.asarray`), a copy when it asks for one
        (`np.array`), as TF's tensors do."""
        value = np.asarray(self._value) if self._value is not None else _host_array(self)
        if dtype is not None and value.dtype != dtype:
            return value.astype(dtype)
        return value.copy() if copy else value

    # -- metadata -----------------------------------------------------------------------------
    @property
    def dtype(self):
        return _dtypes.BY_NUMPY[self._aval.dtype]

    @property
    def shape(self):
        return TensorShape._from_tuple(self._meta().shape)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return len(self._meta().shape)

    @property
    def device(self):
        """TF's name of the device holding the value (`/job:localhost/.../device:CPU:0`)."""
        from ..distribute import devices
        return devices.name_of(self._array())

    backing_device = device

    def cpu(self):
        """A copy of this tensor on the CPU (differentiable, as TF's)."""
        from ..distribute import devices
        return devices.copy_to(self, "CPU", 0)

    def gpu(self, gpu_index=0):
        """A copy of this tensor on GPU `gpu_index`; TF's RuntimeError when there is none."""
        from ..distribute import devices
        return devices.copy_to(self, "GPU", gpu_index)

    @property
    def name(self):
        raise AttributeError("Tensor.name is meaningless when eager execution is enabled.")

    @property
    def op(self):
        raise AttributeError("Tensor.op is meaningless when eager execution is enabled.")

    @property
    def graph(self):
        raise AttributeError("Tensor.graph is meaningless when eager execution is enabled.")

    def _shape_tuple(self):
        return tuple(self._meta().shape)

    def _rank(self):
        return len(self._meta().shape)

    # -- Python protocol ----------------------------------------------------------------------
    def __str__(self):
        return "tf.Tensor(%s, shape=%s, dtype=%s)" % (
            _numpy_text(self, is_repr=False), self.shape, self.dtype.name)

    def __repr__(self):
        return "<tf.Tensor: shape=%s, dtype=%s, numpy=%s>" % (
            self.shape, self.dtype.name, _numpy_text(self, is_repr=True))

    def __format__(self, format_spec):
        return format(self.numpy(), format_spec)

    def __len__(self):
        shape = self._meta().shape
        if not shape:
            raise TypeError("Scalar tensor has no `len()`")
        return shape[0]

    def __iter__(self):
        shape = self._meta().shape
        if not shape:
            raise TypeError("Cannot iterate over a scalar tensor.")  # at iter(), as in TF
        return (self[i] for i in range(shape[0]))

    def __bool__(self):
        return bool(self._array())

    __nonzero__ = __bool__

    def __float__(self):
        return float(self._array())

    def __int__(self):
        return int(self._array())

    def __index__(self):
        value = self._array()
        if not _dtypes.BY_NUMPY[value.dtype].is_integer:
            raise TypeError(f"Only integer tensors can be used as an index, got {self.dtype.name}")
        return int(value)

    def __complex__(self):
        return complex(self._array())

    def __hash__(self):
        return id(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        from .convert import constant_from_numpy
        return constant_from_numpy, (self.numpy(),)

    def __array_function__(self, func, types, args, kwargs):
        return func(*_unwrap(args), **_unwrap(kwargs))


def _unwrap(structure):
    if isinstance(structure, Tensor):
        return structure.numpy()
    if isinstance(structure, (list, tuple)):
        return type(structure)(_unwrap(s) for s in structure)
    if isinstance(structure, dict):
        return {k: _unwrap(v) for k, v in structure.items()}
    return structure


def _numpy_text(tensor, is_repr):
    return numpy_text(tensor.numpy(), is_repr)


def numpy_text(value, is_repr):
    """How TF 1.15 shows a value inside a repr/str (scalars as NumPy 1.x printed them)."""
    if isinstance(value, np.ndarray):
        text = repr(value) if is_repr else str(value)
    else:
        text = repr(value) if isinstance(value, bytes) else str(value)
    if "\n" in text:
        text = "\n" + text
    return text


def wrap(array):
    """A concrete Tensor over `array` (the fast constructor used by op dispatch): a jax array
    (or tracer), or a NumPy array of bytes for a string tensor."""
    out = Tensor.__new__(Tensor)
    out._value = array
    out._node = None
    out._aval = array if type(array) is np.ndarray else array.aval
    return out


def is_tensor(x):
    return isinstance(x, Tensor)


def _resolve(tensor):
    from ..autodiff.graph import resolve
    return resolve(tensor)


def _host_array(tensor):
    from ..autodiff.graph import host_array
    return host_array(tensor)
