"""`tf.distribute`'s contexts and the Strategy base class, the default strategy and
OneDeviceStrategy.

As in TF, code runs in one of three contexts, kept on a per-thread stack:
- the default replica context (no strategy entered): `get_strategy()` is the default strategy
  and `get_replica_context()` its one-replica context;
- a strategy's cross-replica context (`with strategy.scope():`, or inside `merge_call`):
  `get_replica_context()` is None; variables created here belong to the strategy;
- a replica context (inside `strategy.run(fn)`): `get_replica_context()` gives the replica's
  id and `all_reduce`; `Optimizer.apply_gradients` sums the gradients over the replicas and
  updates the variables once, as TF's merge_call does (`replica_update_context`).
"""
import contextlib
import threading

import jax

from ..autodiff import graph
from ..framework import dtypes
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..ops.registry import EXPORTS, export
from ..variables import ON_CREATE
from . import devices as devices_module
from .reduce_util import ReduceOp
from .values import DistributedValues

_TF = "tensorflow.python.distribute."


class _State(threading.local):
    def __init__(self):
        self.stack = []  # (strategy, ReplicaContext or None for cross-replica)


_STATE = _State()


def _op(name):
    return EXPORTS[name]


# ---- contexts -----------------------------------------------------------------------------
@export("distribute.get_strategy")
def get_strategy():
    """The strategy of the current scope or replica context, else the default strategy."""
    return _STATE.stack[-1][0] if _STATE.stack else _DEFAULT


@export("distribute.has_strategy")
def has_strategy():
    """Whether a strategy other than the default one is current."""
    return get_strategy() is not _DEFAULT


@export("distribute.in_cross_replica_context")
def in_cross_replica_context():
    """True in a strategy's scope (and in merge_call), False in a replica context."""
    return bool(_STATE.stack) and _STATE.stack[-1][1] is None


@export("distribute.get_replica_context")
def get_replica_context():
    """The current ReplicaContext: the default one outside any strategy, None in a
    cross-replica context."""
    return _STATE.stack[-1][1] if _STATE.stack else _DEFAULT_REPLICA_CONTEXT


@export("distribute.get_cross_replica_context")
def get_cross_replica_context():
    """The current strategy in a cross-replica context, else None."""
    if not _STATE.stack:
        return _DEFAULT
    strategy, replica = _STATE.stack[-1]
    return strategy if replica is None else None


@export("distribute.get_loss_reduction")
def get_loss_reduction():
    """ReduceOp.SUM: TF scales losses in the optimizer only under Estimator."""
    return ReduceOp.SUM


def replica_update_context():
    """The ReplicaContext of a running `strategy.run` step, else None (what
    `Optimizer.apply_gradients` asks to sum its gradients over the replicas first)."""
    return _STATE.stack[-1][1] if _STATE.stack else None


@contextlib.contextmanager
def entered(strategy, replica_context):
    """Run a block in `strategy`'s cross-replica (None) or replica context; variables created
    in it belong to the strategy."""
    stack = _STATE.stack
    stack.append((strategy, replica_context))
    hook = strategy.extended._on_create
    if hook is not None:
        ON_CREATE.append(hook)
    try:
        yield
    finally:
        if hook is not None:
            ON_CREATE.remove(hook)
        stack.pop()


class ReplicaContext:
    """One replica's view of a step (`tf.distribute.ReplicaContext`)."""

    def __init__(self, strategy, replica_id_in_sync_group):
        self._strategy = strategy
        self._replica_id = replica_id_in_sync_group

    @property
    def strategy(self):
        return self._strategy

    @property
    def num_replicas_in_sync(self):
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        return self._replica_id

    @property
    def devices(self):
        return self._strategy.extended.worker_devices

    def all_reduce(self, reduce_op, value):
        """`value` (a nest of Tensors) reduced over the replicas; every replica gets the result."""
        reduce_op = ReduceOp.of(reduce_op)
        return jax.tree_util.tree_map(
            lambda v: self._strategy.extended._all_reduce(reduce_op, to_tensor(v)), value)

    def merge_call(self, merge_fn, args=(), kwargs=None):
        """Run `merge_fn(strategy, *args, **kwargs)` once, in the cross-replica context; the
        Tensors of `args` reach it as the replicas' values (PerReplica)."""
        extended = self._strategy.extended
        args, kwargs = jax.tree_util.tree_map(extended._gather, (args, kwargs or {}))
        with entered(self._strategy, None):
            return merge_fn(self._strategy, *args, **kwargs)

    def _merge_apply(self, apply, grads_and_vars, **kwargs):
        """An optimizer step taken in replica context: the gradients summed over the replicas
        (TF's merge_call into `_distributed_apply`), then one update."""
        extended = self._strategy.extended
        pairs = [(None if g is None else extended._all_reduce(ReduceOp.SUM, g), v)
                 for g, v in grads_and_vars]
        with entered(self._strategy, None):
            return extended._updating(apply, pairs, **kwargs)

    def __repr__(self):
        return f"<{_TF}distribute_lib.ReplicaContext object at {id(self):#x}>"


class _DefaultReplicaContext(ReplicaContext):
    def __repr__(self):
        return f"<{_TF}distribute_lib._DefaultReplicaContext object at {id(self):#x}>"


# ---- strategies ---------------------------------------------------------------------------
class StrategyExtended:
    """`strategy.extended`: the devices and the mechanics a Strategy's methods share.

    One replica by default; MirroredStrategy overrides the `_` methods with its SPMD ones."""

    _on_create = None   # ON_CREATE hook while the strategy is entered (None: no hook)
    _placement = None   # the TF device name ops of a step run on (OneDeviceStrategy)

    def __init__(self, jax_devices=(), names=()):
        self._jax_devices = tuple(jax_devices)
        self._names = tuple(names)
        self._container_strategy = None

    @property
    def worker_devices(self):
        return self._names

    @property
    def parameter_devices(self):
        return self._names

    @property
    def _num_replicas(self):
        return 1

    @property
    def experimental_require_static_shapes(self):
        return False

    @property
    def should_checkpoint(self):
        return True

    @property
    def should_save_summary(self):
        return True

    def _call_for_each_replica(self, fn, args, kwargs):
        strategy = self._container_strategy
        context = ReplicaContext(strategy, to_tensor(0, dtypes.int32))
        with entered(strategy, context), devices_module.device(self._placement):
            return fn(*args, **kwargs)

    def _all_reduce(self, reduce_op, value):
        return value  # one replica

    def _gather(self, value):
        return value

    def _updating(self, apply, pairs, **kwargs):
        return apply(pairs, **kwargs)

    def _reduce(self, reduce_op, value, axis):
        if isinstance(value, DistributedValues):
            value = value.primary
        value = to_tensor(value)
        if axis is None:
            return value
        return _op("reduce_sum" if reduce_op is ReduceOp.SUM else "reduce_mean")(value, axis)

    def _local_results(self, value):
        if isinstance(value, DistributedValues):
            return value.values
        return (value,)

    def _distribute_dataset(self, dataset):
        return dataset

    def _split_batch(self, structure):
        return structure

    def _train_batch(self, compiled, batch):
        """One Keras training step of a model compiled in this strategy's scope: in its
        scope (variables made now are its own), the batch split over its devices."""
        with entered(self._container_strategy, None):
            return compiled.train_batch(*self._split_batch(batch))

    def reduce_to(self, reduce_op, value, destinations):
        """`value` reduced over the replicas (in the cross-replica context)."""
        return self._reduce(ReduceOp.of(reduce_op), value, None)

    def batch_reduce_to(self, reduce_op, value_destination_pairs):
        return [self.reduce_to(reduce_op, v, d) for v, d in value_destination_pairs]

    def update(self, var, fn, args=(), kwargs=None, group=True):
        """Run `fn(var, *args, **kwargs)` in the cross-replica context (once: the value is
        one array however many devices hold it)."""
        return fn(var, *args, **(kwargs or {}))

    def colocate_vars_with(self, colocate_with_variable):
        return contextlib.nullcontext()


class Strategy:
    """The methods every `tf.distribute.Strategy` has (TF 1.15's StrategyV1)."""

    _tf_path = "distribute_lib.StrategyV1"

    def __init__(self, extended):
        self._extended = extended
        extended._container_strategy = self

    @property
    def extended(self):
        return self._extended

    @property
    def num_replicas_in_sync(self):
        return self._extended._num_replicas

    def scope(self):
        """Enter the strategy's cross-replica context: variables created here are its own."""
        return _scope(self)

    def run(self, fn, args=(), kwargs=None):
        """Run `fn(*args, **kwargs)` on every replica (PerReplica arguments give each replica
        its own value); returns a PerReplica of the results (plain values with one replica)."""
        return self._extended._call_for_each_replica(fn, tuple(args), dict(kwargs or {}))

    experimental_run_v2 = run

    def reduce(self, reduce_op, value, axis=None):
        """`value` (PerReplica, mirrored or plain) reduced over the replicas, and over `axis`
        of each replica's value when given."""
        return self._extended._reduce(ReduceOp.of(reduce_op), value, axis)

    def experimental_local_results(self, value):
        """The replicas' values of `value` as a tuple (a plain value: a 1-tuple)."""
        return self._extended._local_results(value)

    unwrap = experimental_local_results

    def experimental_distribute_dataset(self, dataset):
        """A dataset whose elements are split over the replicas: each global batch gives every
        replica an equal slice (TF 1.15's rebatching)."""
        return self._extended._distribute_dataset(dataset)

    def make_dataset_iterator(self, dataset):
        """TF1's InputIterator over `experimental_distribute_dataset(dataset)`."""
        return _InputIterator(self.experimental_distribute_dataset(dataset))

    def group(self, value, name=None):
        return value

    def configure(self, session_config=None, cluster_spec=None, task_type=None, task_id=None):
        """Accepted (session configuration has no meaning here)."""

    def update_config_proto(self, config_proto):
        return config_proto

    def __repr__(self):
        return f"<{_TF}{self._tf_path} object at {id(self):#x}>"


class _InputIterator:
    """TF1's `make_dataset_iterator` result: `initialize()` and `get_next()`."""

    def __init__(self, dataset):
        self._dataset = dataset
        self._iterator = iter(dataset)

    def initialize(self):
        self._iterator = iter(self._dataset)
        return []

    def get_next(self):
        from ..framework import errors
        try:
            return next(self._iterator)
        except StopIteration:
            raise errors.OutOfRangeError(None, None, "End of sequence") from None


@contextlib.contextmanager
def _scope(strategy):
    stack = _STATE.stack
    if stack and stack[-1][0] is not strategy:
        raise RuntimeError("Mixing different tf.distribute.Strategy objects: %s is not %s"
                           % (stack[-1][0], strategy))
    with entered(strategy, None):
        yield strategy


class _DefaultDistributionStrategy(Strategy):
    _tf_path = "distribute_lib._DefaultDistributionStrategy"

    def __init__(self):
        super().__init__(_DefaultExtended())


class _DefaultExtended(StrategyExtended):
    @property
    def worker_devices(self):
        raise RuntimeError("worker_devices() method unsupported by default "
                           "tf.distribute.Strategy.")

    parameter_devices = worker_devices


_DEFAULT = _DefaultDistributionStrategy()
_DEFAULT_REPLICA_CONTEXT = _DefaultReplicaContext(_DEFAULT, 0)


# ---- OneDeviceStrategy --------------------------------------------------------------------
class _OneDeviceExtended(StrategyExtended):
    def __init__(self, device):
        spec = devices_module.DeviceSpec.from_string(device)
        jax_device = devices_module._placement(spec.to_string())
        name = devices_module.name_of_device(jax_device)
        super().__init__([jax_device], [name])
        self._placement = name

    def _on_create(self, variable):
        if not graph.TRACES:
            variable._snapshot = wrap(jax.device_put(variable._snapshot._array(),
                                                     self._jax_devices[0]))

    def _distribute_dataset(self, dataset):
        return _PlacedDataset(dataset, self._jax_devices[0])


class _PlacedDataset:
    """A dataset whose elements are put on one device."""

    def __init__(self, dataset, device):
        self._dataset, self._device = dataset, device

    def __iter__(self):
        for element in self._dataset:
            yield jax.tree_util.tree_map(
                lambda t: wrap(jax.device_put(t._array(), self._device))
                if isinstance(t, Tensor) else t, element)


@export("distribute.OneDeviceStrategy")
class OneDeviceStrategy(Strategy):
    """Every variable and step on one device (a one-replica strategy)."""

    _tf_path = "one_device_strategy.OneDeviceStrategyV1"

    def __init__(self, device):
        super().__init__(_OneDeviceExtended(device))


export("distribute.Strategy")(Strategy)
export("distribute.StrategyExtended")(StrategyExtended)
export("distribute.ReplicaContext")(ReplicaContext)
