"""`tf.distribute.MirroredStrategy` on JAX's sharding: one SPMD program over a device mesh.

The strategy's devices form a one-axis `jax.sharding.Mesh` (axis "replica"). Variables
created in its scope are MirroredVariables whose value is one array replicated over the mesh.
`strategy.run(fn, args)` traces `fn` once per signature, as one replica sees it (each
PerReplica argument as that replica's slice, every other Tensor as is), into one program
(`eager.trace.stage`) and runs it under `jax.shard_map`: XLA runs it on every device at once,
each on its own slice of the batch. Inside, `ReplicaContext.all_reduce` is a `psum` over the
mesh axis and `Optimizer.apply_gradients` sums the replicas' gradients (TF's merge_call into
`_distributed_apply`, which reduces with SUM) before one update, so the variables stay
replicated. The results come back as PerReplica values (stacked, replica i's on device i).

Writes to variables in replica context other than through an optimizer follow the variable's
`aggregation` as TF's do: MEAN averages the replicas' new values, SUM adds their changes,
ONLY_FIRST_REPLICA takes replica 0's; a MirroredVariable without one raises TF's ValueError.
Random ops draw a different key on each replica.

Differences from TensorFlow: `fn` is traced (once per signature, as inside `tf.function`),
not run eagerly once per replica per call, so its Python side effects happen at trace time;
the replicas run the same program, so every replica's slice of a batch has the same shape.
"""
import enum
import json
import os

import jax
import jax.numpy as jnp
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec

from ..autodiff import graph
from ..eager import trace
from ..framework.convert import to_tensor
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor import Tensor, wrap
from ..ops import random_ops
from ..ops.registry import Op, export
from ..variables import Variable
from . import devices as devices_module, input_lib
from .distribute_lib import ReplicaContext, Strategy, StrategyExtended, _op, entered
from .reduce_util import ReduceOp, VariableAggregation
from .values import MirroredVariable, PerReplica, mirror

AXIS = "replica"
_SPLIT, _WHOLE = PartitionSpec(AXIS), PartitionSpec()
_MAX_PROGRAMS = 64

_AGGREGATION_ERROR = (
    "You must specify an aggregation method to update a MirroredVariable in Replica Context. "
    "You can do so by passing an explicit value for argument `aggregation` to "
    "tf.Variable(..).e.g. `tf.Variable(..., aggregation=tf.VariableAggregation.SUM)`"
    "`tf.VariableAggregation` lists the possible aggregation methods.This is required because "
    "MirroredVariable should always be kept in sync. When updating them or assigning to them "
    "in a replica context, we automatically try to aggregate the values before updating the "
    "variable. For this aggregation, we need to know the aggregation method. Another "
    "alternative is to not try to update such MirroredVariable in replica context, but in "
    "cross replica context. You can enter cross replica context by calling "
    "`tf.distribute.get_replica_context().merge_call(merge_fn, ..)`.Inside `merge_fn`, you "
    "can then update the MirroredVariable using `tf.distribute.StrategyExtended.update()`.")


def _collective(x, *, reduce_op):
    if reduce_op == "gather":
        return jax.lax.all_gather(x, AXIS)
    if reduce_op == "concat":
        return jax.lax.all_gather(x, AXIS, tiled=True)
    return (jax.lax.psum if reduce_op == "SUM" else jax.lax.pmean)(x, AXIS)


_COLLECTIVE = Op("CollectiveReduce", _collective)


def _leaf_key(leaf):
    try:
        hash(leaf)
        return (type(leaf), leaf)
    except TypeError:
        return (type(leaf), id(leaf))


def _is_per_replica(x):
    return isinstance(x, PerReplica)


def _traced(tensor):
    value = tensor._value
    return value is None or isinstance(value, jax.core.Tracer)


class _Program:
    """One staged replica function: the SPMD Op and what its inputs and outputs are."""

    __slots__ = ("op", "staged")

    def __init__(self, op, staged):
        self.op, self.staged = op, staged


class MirroredExtended(StrategyExtended):
    """The SPMD mechanics of MirroredStrategy (see the module docstring)."""

    def __init__(self, jax_devices):
        super().__init__(jax_devices, [devices_module.name_of_device(d) for d in jax_devices])
        self._mesh = Mesh(np.array(jax_devices, dtype=object), (AXIS,))
        self._replicated = NamedSharding(self._mesh, _WHOLE)
        self._split = NamedSharding(self._mesh, _SPLIT)
        self._programs = {}
        self._ids = None
        self._merged = set()  # ids of snapshots written by merge_call in the step being traced

    @property
    def _num_replicas(self):
        return len(self._jax_devices)

    # -- variables ------------------------------------------------------------------------
    def _on_create(self, variable):
        mirror(variable, self._container_strategy)
        if not graph.TRACES:  # a variable created inside a step is placed once staged
            self._replicate(variable)

    def _replicate(self, variable):
        value = variable._snapshot._array()
        if isinstance(value, jax.Array):
            variable._snapshot = wrap(jax.device_put(value, self._replicated))

    # -- placement ------------------------------------------------------------------------
    def _put(self, tensor, sharding):
        """`tensor` laid out as `sharding` (a no-op for what already is)."""
        array = tensor._value
        if array is None or isinstance(array, jax.core.Tracer) or \
                not isinstance(array, jax.Array) or array.sharding == sharding:
            return tensor
        return wrap(jax.device_put(array, sharding))

    def _stacked(self, arrays):
        """Per-replica values (one array per replica, equal shapes) as one sharded Tensor."""
        blocks = [jax.device_put(a[None], d) for a, d in zip(arrays, self._jax_devices)]
        shape = (len(blocks),) + blocks[0].shape[1:]
        return wrap(jax.make_array_from_single_device_arrays(shape, self._split, blocks))

    def _split_batch(self, structure):
        """A batch laid out along its first axis over the devices (Keras fit: XLA partitions
        every step over them); a batch that does not divide evenly stays as it is."""
        n = self._num_replicas

        def place(t):
            if isinstance(t, Tensor) and t._aval.shape and t._aval.shape[0] % n == 0 and \
                    not isinstance(t._aval, np.ndarray):
                return self._put(t, self._split)
            return t
        return jax.tree_util.tree_map(place, structure)

    def _distribute_dataset(self, dataset):
        return input_lib.DistributedDataset(dataset, self)

    # -- collectives ------------------------------------------------------------------------
    def _all_reduce(self, reduce_op, value):
        if isinstance(value, IndexedSlices):  # TF gathers sparse gradients
            values = self._all_reduce_op("concat", to_tensor(value.values))
            if reduce_op is ReduceOp.MEAN:
                values = values / self._num_replicas
            return IndexedSlices(values, self._all_reduce_op("concat", to_tensor(value.indices)),
                                 value.dense_shape)
        value = to_tensor(value)
        if not _traced(value):  # known when traced: the same on every replica
            return value * self._num_replicas if reduce_op is ReduceOp.SUM else value
        return self._all_reduce_op(reduce_op.value, value)

    def _all_reduce_op(self, reduce_op, tensor):
        if _traced(tensor):
            return graph.execute(_COLLECTIVE, [tensor], (("reduce_op", reduce_op),))
        copies = [tensor._array()] * self._num_replicas  # known when traced: the same on each
        return wrap(jnp.stack(copies) if reduce_op == "gather" else jnp.concatenate(copies))

    def _gather(self, value):
        """A replica's Tensor as the replicas' values (merge_call's arguments)."""
        if isinstance(value, (Tensor, np.ndarray)) or type(value) in (int, float):
            return PerReplica(self._all_reduce_op("gather", to_tensor(value)), self._names)
        return value

    def _updating(self, apply, pairs, **kwargs):
        before = {key: v._snapshot for key, v in graph.VARIABLES.items()}
        result = apply(pairs, **kwargs)
        for key, v in graph.VARIABLES.items():
            if before.get(key) is not v._snapshot:
                self._merged.add(id(v._snapshot))
        return result

    # -- reductions -------------------------------------------------------------------------
    def _reduce(self, reduce_op, value, axis):
        n = self._num_replicas
        name = "reduce_sum" if reduce_op is ReduceOp.SUM else "reduce_mean"
        if isinstance(value, PerReplica):
            stacked = value._stacked
            axes = 0 if axis is None else [0, 1 + axis % (len(stacked._aval.shape) - 1)]
            return _op(name)(stacked, axes)
        mirrored = isinstance(value, MirroredVariable)
        value = to_tensor(value)
        if axis is not None:
            value = _op(name)(value, axis)
        if reduce_op is ReduceOp.MEAN or n == 1:
            return value
        if mirrored:  # the same value on every replica
            return value * n
        raise ValueError("A non-DistributedValues value %s cannot be reduced with the given "
                         "reduce op %s." % (value, reduce_op))

    def _local_results(self, value):
        if isinstance(value, (PerReplica, MirroredVariable)):
            return value.values
        return (value,)

    # -- steps ------------------------------------------------------------------------------
    def _call_for_each_replica(self, fn, args, kwargs):
        leaves, treedef = jax.tree_util.tree_flatten((args, kwargs), is_leaf=_is_per_replica)
        key, local, shared = [fn, treedef], [], []
        for i, leaf in enumerate(leaves):
            if isinstance(leaf, PerReplica):
                aval = leaf._stacked._aval
                key.append((PerReplica, aval.shape, aval.dtype))
                local.append((i, leaf._stacked))
            elif isinstance(leaf, (Tensor, np.ndarray)) and not isinstance(leaf, Variable):
                leaf = to_tensor(leaf)
                key.append((Tensor, leaf._aval.shape, leaf._aval.dtype))
                shared.append((i, leaf))
            else:
                key.append(_leaf_key(leaf))
        key = tuple(key)
        program = self._programs.get(key)
        if program is None:
            if len(self._programs) >= _MAX_PROGRAMS:
                self._programs.clear()
            program = self._programs[key] = self._stage(fn, leaves, treedef, local, shared)
        return self._run(program, [t for _, t in local], [t for _, t in shared])

    def _stage(self, fn, leaves, treedef, local, shared):
        strategy = self._container_strategy
        at_local, at_shared = [i for i, _ in local], [i for i, _ in shared]
        n_local = len(local)

        def call(traced):
            ids, filled = traced[0], list(leaves)
            for i, t in zip(at_local + at_shared, traced[1:]):
                filled[i] = t
            args, kwargs = jax.tree_util.tree_unflatten(treedef, filled)
            current = graph.TRACES[-1]
            current.key = jax.random.fold_in(current.key, ids._value)  # a stream per replica
            before = {k: v._snapshot for k, v in graph.VARIABLES.items()}
            self._merged = set()
            with entered(strategy, ReplicaContext(strategy, ids)):
                result = fn(*args, **kwargs)
            self._aggregate_writes(before, ids)
            return result

        avals = ([jax.ShapeDtypeStruct((), np.int32)] +
                 [jax.ShapeDtypeStruct(t._aval.shape[1:], t._aval.dtype) for _, t in local] +
                 [t._aval for _, t in shared])
        name = f"__inference_{getattr(fn, '__name__', 'fn')}_replica"
        axis_env = [(AXIS, self._num_replicas)]
        staged = trace.stage(call, avals, name, axis_env=axis_env)
        if staged.created:  # optimizer slots made at the first step: place them, trace again
            for variable, initial in staged.created:
                if _traced(initial):
                    raise ValueError(f"{variable.name}: a variable created inside "
                                     "strategy.run needs an initial value known outside it.")
                variable._snapshot = initial
                self._replicate(variable)
            if graph.TRACES:  # inside a function being traced: it created them too
                graph.TRACES[-1].created.extend((v, v._snapshot) for v, _ in staged.created)
            staged = trace.stage(call, avals, name, axis_env=axis_env)
        n_args = (1 + n_local + len(shared) + len(staged.captures) + len(staged.reads) +
                  staged.keyed)
        return _Program(self._spmd(staged, 1 + n_local, n_args), staged)

    def _aggregate_writes(self, before, ids):
        """Apply each variable's aggregation to what the replica wrote outside merge_call."""
        for key, v in list(graph.VARIABLES.items()):
            old, new = before.get(key), v._snapshot
            if old is None or new is old or id(new) in self._merged:
                continue
            aggregation = getattr(v, "_aggregation", None) or VariableAggregation.NONE
            if aggregation is VariableAggregation.NONE:
                if isinstance(v, MirroredVariable):
                    raise ValueError(_AGGREGATION_ERROR)
                aggregation = VariableAggregation.ONLY_FIRST_REPLICA  # one write wins
            x, x0 = new._array(), old._array()
            if aggregation is VariableAggregation.MEAN:
                x = jax.lax.pmean(x, AXIS)
            elif aggregation is VariableAggregation.SUM:
                x = x0 + jax.lax.psum(x - x0, AXIS)
            else:
                x = jax.lax.psum(jnp.where(ids._value == 0, x, jnp.zeros_like(x)), AXIS)
            v._snapshot = wrap(x.astype(x0.dtype))

    def _spmd(self, staged, n_split, n_args):
        """The staged replica program as one Op over the mesh: the first `n_split` inputs
        (replica ids, per-replica values) and the results split along axis 0, the rest
        (shared tensors, variables, the key) and the new variable values replicated."""
        kernel, n_results = staged.op.kernel, staged.n_results

        def body(*arrays):
            outs = kernel(*[a[0] for a in arrays[:n_split]], *arrays[n_split:])
            return tuple(o[None] for o in outs[:n_results]) + tuple(outs[n_results:])

        return Op(staged.op.name, jax.shard_map(
            body, mesh=self._mesh,
            in_specs=(_SPLIT,) * n_split + (_WHOLE,) * (n_args - n_split),
            out_specs=(_SPLIT,) * n_results + (_WHOLE,) * len(staged.writes),
            check_vma=False))

    def _run(self, program, local, shared):
        staged = program.staged
        if self._ids is None:
            self._ids = self._stacked([np.int32(i) for i in range(self._num_replicas)])
        inputs = [self._ids] + local + shared
        if graph.TAPES:  # a tape watches the trainable variables the step reads
            inputs += [v._read() for v in staged.reads]
        else:
            inputs += [v._snapshot for v in staged.reads]
        if staged.keyed:
            inputs.append(random_ops._next_key(None))
        if not graph.TRACES:
            n_split = 1 + len(local)
            inputs = ([self._put(t, self._split) for t in inputs[:n_split]] +
                      [self._put(t, self._replicated) for t in inputs[n_split:]])
        outputs = graph.execute(program.op, inputs)
        n = staged.n_results
        for v, value in zip(staged.writes, outputs[n:]):
            v._snapshot = value
        results = [self._regroup(t) for t in outputs[:n]]
        return trace.results(staged, results)

    def _regroup(self, stacked):
        """A stacked result as TF regroups it: PerReplica, or the value itself for one
        replica."""
        if self._num_replicas == 1:
            return _op("reshape")(stacked, list(stacked._aval.shape[1:]))
        return PerReplica(stacked, self._names)


def _devices_from(devices):
    """The JAX devices for TF device names (TF's default: every GPU, else CPU:0)."""
    if devices is None:
        found = devices_module.gpus() or devices_module._local_devices("tpu")
        return found or devices_module._local_devices("cpu")[:1]
    names = tuple(devices_module.name_of_device(devices_module._placement(
        devices_module.DeviceSpec.from_string(d if isinstance(d, str) else d.name)
        .to_string())) for d in devices)
    if len(set(names)) != len(names):
        raise AssertionError("No duplicates allowed in `devices` argument: %s" % (names,))
    return [devices_module._placement(n) for n in names]


@export("distribute.MirroredStrategy")
class MirroredStrategy(Strategy):
    """Synchronous data parallelism over this machine's devices, as one SPMD program (see the
    module docstring). `devices`: TF device names (default: every GPU, else the CPU)."""

    _tf_path = "mirrored_strategy.MirroredStrategyV1"

    def __init__(self, devices=None, cross_device_ops=None):
        super().__init__(MirroredExtended(_devices_from(devices)))


@export("contrib.distribute.MirroredStrategy")
class ContribMirroredStrategy(MirroredStrategy):
    """TF 1.15's `tf.contrib.distribute.MirroredStrategy`: `num_gpus` (or
    `num_gpus_per_worker`) takes the first GPUs; 0 GPUs means the CPU."""

    _tf_path = "contrib.distribute.python.mirrored_strategy.MirroredStrategy"

    def __init__(self, devices=None, num_gpus=None, num_gpus_per_worker=None,
                 cross_device_ops=None, auto_shard_dataset=False, cross_tower_ops=None):
        if devices is not None and (num_gpus or num_gpus_per_worker):
            raise ValueError("Must only specify one of `devices` and `num_gpus`.")
        count = num_gpus if num_gpus is not None else num_gpus_per_worker
        if devices is None and count is not None:
            devices = ([f"/device:GPU:{i}" for i in range(count)] if count
                       else ["/device:CPU:0"])
        Strategy.__init__(self, MirroredExtended(_devices_from(devices)))


def _cluster():
    """(worker addresses, this task's index) from TF_CONFIG ({} when unset)."""
    config = json.loads(os.environ.get("TF_CONFIG") or "{}")
    cluster = config.get("cluster", {})
    workers = list(cluster.get("chief", [])) + list(cluster.get("worker", []))
    task = config.get("task", {})
    index = task.get("index", 0) + (len(cluster.get("chief", []))
                                    if task.get("type") == "worker" else 0)
    return workers, index


@export("distribute.experimental.MultiWorkerMirroredStrategy")
class MultiWorkerMirroredStrategy(MirroredStrategy):
    """MirroredStrategy over every worker's devices. TF_CONFIG's cluster (its chief and
    workers, in that order) becomes JAX's multi-process runtime: the first address is the
    coordinator, this task's position its process id (`jax.distributed.initialize`). Without
    TF_CONFIG, or with one worker, it is MirroredStrategy on this machine."""

    _tf_path = "collective_all_reduce_strategy.CollectiveAllReduceStrategyV1"

    def __init__(self, communication=None, cluster_resolver=None):
        workers, index = _cluster()
        if len(workers) > 1:
            if jax.process_count() == 1:
                jax.distributed.initialize(coordinator_address=workers[0],
                                           num_processes=len(workers), process_id=index)
            devices = [d for d in jax.devices() if d.platform != "cpu"] or jax.devices()
        else:
            devices = _devices_from(None)
        Strategy.__init__(self, MirroredExtended(devices))


@export("distribute.experimental.CollectiveCommunication")
class CollectiveCommunication(enum.Enum):
    """Accepted by MultiWorkerMirroredStrategy (XLA chooses how to all-reduce)."""

    AUTO = "AUTO"
    RING = "RING"
    NCCL = "NCCL"
