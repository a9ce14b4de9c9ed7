"""Distributed values: `PerReplica` (a value per replica) and `MirroredVariable`.

A PerReplica holds its replicas' values as ONE array stacked along a leading replica axis and
sharded over the strategy's mesh, so replica i's value lives on device i and a step can take it
as is. It is a JAX pytree (the stacked Tensor is its leaf), so it passes through `tf.function`.

A MirroredVariable is a Variable created in a MirroredStrategy's scope: its value is one array
replicated on every device of the mesh (TF keeps one copy per device, in sync). Its
components (`values`, `experimental_local_results`) are read-only views of the copy on each
device, named as TF names them (`v:0`, `v/replica_1:0`, ...).

Matches TF 1.15's reprs: `PerReplica:{\\n  0 /job:localhost/replica:0/task:0/device:CPU:0: ...}`.
"""
import jax

from ..framework.convert import register_conversion
from ..framework.tensor import numpy_text, wrap
from ..variables import Variable


class DistributedValues:
    """A value per replica (TF's DistributedValues): `values`, `primary`, `devices`."""

    @property
    def values(self):
        raise NotImplementedError()

    @property
    def primary(self):
        return self.values[0]

    @property
    def devices(self):
        return self._devices

    def _text(self, show):
        lines = ",\n".join(f"  {i} {d}: {show(v)}" for i, (d, v) in
                           enumerate(zip(self.devices, self.values)))
        return f"{type(self).__name__}:{{\n{lines}\n}}"

    def __repr__(self):
        return self._text(repr)

    def __str__(self):
        return self._text(str)


class PerReplica(DistributedValues):
    """One value per replica, stacked along axis 0 in `_stacked` (see the module docstring)."""

    def __init__(self, stacked, devices):
        self._stacked = stacked
        self._devices = devices

    @property
    def values(self):
        return tuple(local_values(self._stacked, len(self._devices)))


def local_values(stacked, n):
    """The n slices of a stacked Tensor, each on the device that holds it."""
    array = stacked._array()
    if isinstance(array, jax.Array) and not isinstance(array, jax.core.Tracer) and \
            not array.sharding.is_fully_replicated:
        blocks = sorted(array.addressable_shards, key=lambda s: s.index[0].start or 0)
        if len(blocks) == n:
            return [wrap(s.data.reshape(s.data.shape[1:])) for s in blocks]
    return [wrap(array[i]) for i in range(n)]


def copies(tensor, strategy):
    """A replicated Tensor's copy on each of the strategy's devices."""
    array = tensor._array()
    devices = strategy.extended._jax_devices
    if isinstance(array, jax.Array) and not isinstance(array, jax.core.Tracer):
        held = {s.device: s.data for s in array.addressable_shards}
        if all(d in held for d in devices):
            return [wrap(held[d]) for d in devices]
    return [tensor] * len(devices)


jax.tree_util.register_pytree_node(
    PerReplica, lambda p: ((p._stacked,), p._devices),
    lambda devices, children: PerReplica(children[0], devices))


class MirroredVariable(Variable, DistributedValues):
    """A Variable created in a MirroredStrategy's scope (see the module docstring)."""

    # Set when a Variable becomes mirrored (`mirror`).
    _distribute_strategy = None

    @property
    def devices(self):
        return self._distribute_strategy.extended.worker_devices

    @property
    def values(self):
        return tuple(ReplicaVariable(self, i) for i in range(len(self.devices)))

    @property
    def distribute_strategy(self):
        return self._distribute_strategy

    def get(self, device=None):
        return self

    def __repr__(self):
        return self._text(repr)

    __str__ = __repr__


register_conversion(MirroredVariable, Variable._read)


def mirror(variable, strategy):
    """Make the Variable just created a MirroredVariable of `strategy`."""
    variable.__class__ = MirroredVariable
    variable._distribute_strategy = strategy


class ReplicaVariable:
    """The copy of a MirroredVariable on one device (TF's component variable), read-only."""

    def __init__(self, mirrored, index):
        self._mirrored, self._index = mirrored, index
        base = mirrored.name.rpartition(":")[0]
        self.name = mirrored.name if index == 0 else f"{base}/replica_{index}:0"

    def read_value(self):
        return copies(self._mirrored._read(), self._mirrored._distribute_strategy)[self._index]

    value = read_value

    def numpy(self):
        return self.read_value().numpy()

    @property
    def shape(self):
        return self._mirrored.shape

    @property
    def dtype(self):
        return self._mirrored.dtype

    @property
    def device(self):
        return self._mirrored.devices[self._index]

    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s, numpy=%s>" % (
            self.name, self.shape, self.dtype.name, numpy_text(self.numpy(), is_repr=True))

    __str__ = __repr__
