"""`tf.GradientTape`: records the ops run under it and differentiates them as one compiled call.

A tape keeps its own recording, built as ops run: leaves (watched tensors, variable reads,
constant inputs), steps `(op, attrs, wiring)` and the wire of every watched or recorded
tensor. `gradient()` looks the recording's structure up in a cache of `GradientPlan`s
(`plan.py`), so steps 2..N of a training loop only gather arguments and make one XLA call.

Matches TF 1.15: trainable variables read under the tape are watched automatically
(`watch_accessed_variables`), unconnected and integer sources give None, the gradient with
respect to an intermediate result also flows on to what it was computed from, the result
has the structure of `sources`, a non-persistent tape computes one set of gradients, and a
source used only as the params of gathers (`tf.gather` along axis 0, `embedding_lookup`) gets
a `tf.IndexedSlices` (see `sparse.py`).
"""
import contextlib
import enum
import functools
import logging
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from ..framework import dtypes
from ..framework.convert import to_tensor
from ..framework.indexed_slices import IndexedSlices, dense_shape_tensor
from ..framework.tensor import Tensor, wrap
from ..ops.registry import Op, export
from . import graph
from .plan import GradientPlan, kernel

_PLANS = {}    # (steps, target wires, source wires, differentiable) -> GradientPlan
_KERNELS = {}  # (plan structure, call layout) -> Op, shared by plans that prune alike
_LEAF_TYPES = set()  # Tensor and Variable: filled in below and by variables.py
_VARIABLE_TYPES = set()  # Variable: filled in by variables.py
_DIFFERENTIABLE = frozenset(np.dtype(d.as_numpy_dtype) for d in dtypes.FLOATING | dtypes.COMPLEX)


@export("UnconnectedGradients")
class UnconnectedGradients(enum.Enum):
    """What `gradient()` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


_UNCONNECTED_NONE = UnconnectedGradients.NONE  # (an Enum member lookup costs 70 ns)


def _is_variable(x):
    return type(x) in _VARIABLE_TYPES or hasattr(x, "_snapshot")


@export("GradientTape", "contrib.eager.GradientTape")
class GradientTape:
    """Record operations for automatic differentiation (TF's `tf.GradientTape`)."""

    __slots__ = ("_persistent", "_watch_accessed_variables", "_recording", "_used", "_wires",
                 "_constants", "_leaves", "_steps", "_outputs", "_variable_reads", "_deferred")

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._recording = False
        self._used = False
        self._new_recording()

    def _new_recording(self):
        self._wires = {}      # id(tensor) -> wire, for watched tensors and recorded outputs
        self._constants = {}  # id(tensor) -> leaf index, for unwatched inputs of recorded ops
        self._leaves = []     # leaf index -> Tensor
        self._steps = []      # (op, attrs, wiring) of each recorded op
        self._outputs = []    # each step's outputs (keeps the ids in `_wires` valid)
        self._variable_reads = {}  # id(variable) -> [variable, last value read, (its wires)]
        self._deferred = []   # (node, wires): deferred updates of recorded values (`_defer`)

    def _new_leaf(self, tensor):
        wire = self._wires[id(tensor)] = len(self._leaves)
        self._leaves.append(tensor)
        return wire

    def _record(self, op, attrs, inputs, outputs):
        """Append one op run on a watched input (called by `graph.record`)."""
        wires, wiring = self._wires, []
        for t in inputs:
            wire = wires.get(id(t))
            if wire is None:  # an unwatched input is a constant leaf
                wire = self._constants.get(id(t))
                if wire is None:
                    wire = self._constants[id(t)] = len(self._leaves)
                    self._leaves.append(t)
            wiring.append(wire)
        steps = self._steps
        step = len(steps)
        steps.append((op, attrs, tuple(wiring)))
        self._outputs.append(outputs)
        if len(outputs) == 1:
            wires[id(outputs[0])] = (step, 0)
        else:
            for k, t in enumerate(outputs):
                wires[id(t)] = (step, k)

    def _defer(self, node, tensors):
        """Note that the deferred update `node` computes `tensors` (see `deferral.py`): when
        this tape recorded them all, its next gradient call returns their values too and
        fills `node`, so the update never replays the ops behind them."""
        wires = self._wires
        if all(id(t) in wires for t in tensors):
            self._deferred.append((node, tuple([wires[id(t)] for t in tensors])))

    def _aux_updates(self):
        """The deferred updates a gradient call computes too: those nothing computed, or
        claimed for a call, yet, and whose outputs this tape's leaves do not read."""
        read = {id(t._node) for t in self._leaves if t._value is None}
        nodes, wires = [], ()
        for node, node_wires in self._deferred:
            if (node.values is None and node.buffers is None and node.filler is None
                    and id(node) not in read):
                nodes.append(node)
                wires += node_wires
        return nodes, wires

    def __enter__(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to "
                             "re-enter an already-active tape.")
        graph.TAPES.append(self)
        self._recording = True
        return self

    def __exit__(self, *exc):
        self._recording = False
        if self in graph.TAPES:
            graph.TAPES.remove(self)

    # -- watching ------------------------------------------------------------------------------
    def watch(self, tensor):
        """Track `tensor` (a Tensor, Variable, or nested structure of them)."""
        for t in jax.tree_util.tree_leaves(tensor):
            if _is_variable(t):
                self._watch_variable(t)
            elif isinstance(t, Tensor):
                if id(t) not in self._wires:
                    self._new_leaf(t)
            else:
                raise ValueError(f"Passed in object of type {type(t)}, not tf.Tensor")

    def _watch_variable(self, variable):
        snapshot = variable._snapshot
        entry = self._variable_reads.get(id(variable))
        if entry is not None and entry[1] is snapshot:
            return  # the same value read again
        wire = self._wires.get(id(snapshot))
        if wire is None:
            wire = self._new_leaf(snapshot)
        if entry is None:
            self._variable_reads[id(variable)] = [variable, snapshot, (wire,)]
        else:
            entry[1] = snapshot
            if wire not in entry[2]:
                entry[2] += (wire,)

    def _on_variable_read(self, variable):
        if self._recording and self._watch_accessed_variables and variable._trainable:
            self._watch_variable(variable)

    def watched_variables(self):
        return tuple(entry[0] for entry in self._variable_reads.values())

    @contextlib.contextmanager
    def stop_recording(self):
        """Run the block without recording on this tape."""
        if not self._recording:
            raise ValueError("Tape must be recording when stop_recording() is called.")
        self._recording = False
        try:
            yield
        finally:
            self._recording = True

    def reset(self):
        """Forget everything recorded so far (the tape keeps recording if it was)."""
        self._new_recording()
        self._used = False

    # -- differentiation -----------------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of targets)/d(sources), shaped like `sources`."""
        self._check_usable()
        targets = ([target] if type(target) is Tensor else
                   [to_tensor(t) for t in jax.tree_util.tree_leaves(target)])
        if type(sources) is list and _LEAF_TYPES.issuperset(map(type, sources)):
            flat_sources, treedef = sources, None  # the common case, without a tree walk
        else:
            flat_sources, treedef = jax.tree_util.tree_flatten(sources)
        cotangents = ([] if output_gradients is None else
                      [to_tensor(g, t.dtype) for g, t in
                       zip(jax.tree_util.tree_leaves(output_gradients), targets)])
        grads = self._differentiate(targets, flat_sources, cotangents, "vjp")
        if (unconnected_gradients is not _UNCONNECTED_NONE and
                UnconnectedGradients(unconnected_gradients) is UnconnectedGradients.ZERO):
            grads = [g if g is not None or not self._differentiable(s) else
                     wrap(jnp.zeros(self._source_meta(s).shape, self._source_meta(s).dtype))
                     for g, s in zip(grads, flat_sources)]
        return grads if treedef is None else jax.tree_util.tree_unflatten(treedef, grads)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """The jacobian of `target` with respect to each source (shape target + source)."""
        self._check_usable()
        target = to_tensor(target)
        flat_sources, treedef = jax.tree_util.tree_flatten(sources)
        jacobians = self._differentiate([target], flat_sources, [], "jacobian")
        if UnconnectedGradients(unconnected_gradients) is UnconnectedGradients.ZERO:
            jacobians = [j if j is not None else wrap(jnp.zeros(
                target._shape_tuple() + self._source_meta(s).shape, target._meta().dtype))
                for j, s in zip(jacobians, flat_sources)]
        return jax.tree_util.tree_unflatten(treedef, jacobians)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example jacobians: result[i] is d target[i] / d source[i]."""
        full = self.jacobian(target, source, unconnected_gradients)
        if full is None:
            return None
        from ..ops import array_ops
        return array_ops.batch_diagonal(full, to_tensor(target)._rank())

    def _check_usable(self):
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        self._used = True

    @staticmethod
    def _source_meta(source):
        return (source._snapshot if _is_variable(source) else source)._meta()

    def _differentiable(self, source):
        return self._source_meta(source).dtype in _DIFFERENTIABLE

    def _differentiate(self, targets, sources, cotangents, mode):
        """Replay what this tape recorded between `sources` and `targets` as one Op."""
        if len(sources) < 2 or len(set(map(id, sources))) == len(sources):
            return self._differentiate_distinct(targets, sources, cotangents, mode)
        distinct, slot_of, seen = [], [], {}
        for source in sources:  # a source listed twice gets the same gradient twice
            slot = seen.get(id(source))
            if slot is None:
                slot = seen[id(source)] = len(distinct)
                distinct.append(source)
            slot_of.append(slot)
        grads = self._differentiate_distinct(targets, distinct, cotangents, mode)
        return [grads[slot] for slot in slot_of]

    def _differentiate_distinct(self, targets, sources, cotangents, mode):
        wires, reads = self._wires, self._variable_reads
        target_wires = tuple([wires.get(id(t)) for t in targets])
        source_wires, differentiable = [], []
        for source in sources:  # each source's wires: the values of it this tape watched
            if type(source) in _VARIABLE_TYPES or (type(source) is not Tensor and
                                                   _is_variable(source)):
                entry = reads.get(id(source))
                source_wires.append(entry[2] if entry is not None else ())
                dtype = source._snapshot._aval.dtype
            elif isinstance(source, Tensor):  # once watched, its earlier uses count too (TF)
                wire = wires.get(id(source))
                constant = self._constants.get(id(source)) if wire is not None else None
                source_wires.append(() if wire is None else
                                    (wire,) if constant is None else (wire, constant))
                dtype = source._aval.dtype
            else:
                raise ValueError(f"Passed in object of type {type(source)}, not tf.Tensor")
            differentiable.append(dtype in _DIFFERENTIABLE)
        source_wires, differentiable = tuple(source_wires), tuple(differentiable)
        aux_nodes, aux_wires = (self._aux_updates() if self._deferred and mode == "vjp" else
                                ((), ()))
        key = (tuple(self._steps), target_wires, source_wires, differentiable, aux_wires)
        plan = _PLANS.get(key)
        if plan is None:
            if len(_PLANS) > 4096:  # a long persistent tape makes a new key per call
                _PLANS.clear()
            plan = _PLANS[key] = GradientPlan(key[0], target_wires, source_wires,
                                              differentiable, aux_wires)
        leaves = self._leaves
        if not self._persistent:  # let go of the recording, but remember what was watched
            variable_reads = self._variable_reads
            self._new_recording()
            self._variable_reads = variable_reads
        if not plan.connected:
            if not all(differentiable):
                logging.warning("The dtype of the source tensor must be floating (e.g. tf.float32) "
                                "when calling GradientTape.gradient")
            elif not any(type(w) is tuple for w in target_wires):
                warnings.warn(
                    "GradientTape.gradient: every gradient is None because no operation between "
                    "the sources and the target was recorded by this tape. The likely cause: "
                    "the target was computed outside the `with tf.GradientTape()` block, or the "
                    "sources are tensors that were not watched (call tape.watch(x)).",
                    RuntimeWarning, stacklevel=4)
            return [None] * len(sources)
        # Pending state updates the leaves wait for (the last optimizer step) run first, in
        # the same call; other pending leaves are computed on their own.
        arguments, leaf_plan, prefix_nodes, prefix_inputs = [], [], [], []
        for index in plan.leaf_indices:
            t = leaves[index]
            if t._value is None:
                node = t._node
                if node.values is None and node.buffers is None:
                    if node.prefix_key is not None:
                        for position, other in enumerate(prefix_nodes):
                            if other is node:
                                break
                        else:
                            position = len(prefix_nodes)
                            prefix_nodes.append(node)
                            prefix_inputs.extend(node.inputs)
                        leaf_plan.append((position, t._index))
                        continue
                    graph.resolve(t)
            leaf_plan.append(len(arguments))
            arguments.append(t)
        recorded = plan.targets
        if cotangents and len(recorded) != len(targets):
            cotangents = [cotangents[i] for i in recorded]
        layout = (mode, len(cotangents), tuple(leaf_plan),
                  tuple([node.prefix_key for node in prefix_nodes]))
        op = plan.kernels.get(layout)
        if op is None:
            op = _kernel_op(plan, layout, prefix_nodes, len(arguments))
        # outputs: targets, gradients, values of deferred updates, prefix outputs
        first = len(recorded) if mode == "vjp" else 0
        end = first + (len(plan.connected) if mode == "jacobian" or not plan.sparse else
                       sum(1 if g is None else 2 for g in plan.sparse))
        fills = [(nodes, start) for nodes, start in
                 ((aux_nodes, end), (prefix_nodes, end + len(aux_wires))) if nodes]
        result = graph.execute_packed(op, arguments + prefix_inputs + cotangents, fills)
        grads = [None] * len(sources)
        sparse = plan.sparse if mode == "vjp" else None
        if type(result) is tuple:  # recorded by an outer tape: pending outputs
            if sparse:
                self._sparse_gradients(grads, plan, sources, result.__getitem__, first)
            else:
                for slot, g in zip(plan.connected, result[first:]):
                    grads[slot] = g
            return grads
        for k, i in enumerate(recorded[:first]):
            if targets[i]._value is None:
                graph.take_output(targets[i], result, k)
        if sparse:
            self._sparse_gradients(grads, plan, sources,
                                   functools.partial(graph.output, result), first)
        else:
            for k, slot in enumerate(plan.connected, first):
                grads[slot] = graph.output(result, k)
        return grads

    def _sparse_gradients(self, grads, plan, sources, output, k):
        """Fill in `grads` from the outputs from `k` on, an IndexedSlices (values, indices,
        and the source's shape) for each sparse source."""
        for slot, gathers in zip(plan.connected, plan.sparse):
            if gathers is None:
                grads[slot] = output(k)
                k += 1
            else:
                grads[slot] = IndexedSlices(output(k), output(k + 1), dense_shape_tensor(
                    self._source_meta(sources[slot]).shape))
                k += 2


def _kernel_op(plan, layout, prefix_nodes, n_arguments):
    """The Op for one call layout of `plan` (compiled once per pruned structure)."""
    op = _KERNELS.get((plan.structure, layout))
    if op is None:
        mode, _, leaf_plan, _ = layout
        prefix_steps, offset = [], 0
        for node in prefix_nodes:
            n = len(node.inputs)
            prefix_steps.append((node.op, node.attrs, tuple(range(offset, offset + n))))
            offset += n
        op = _KERNELS[(plan.structure, layout)] = Op(
            "Gradient" if mode == "vjp" else "Jacobian",
            kernel(plan, mode, prefix_steps, leaf_plan, n_arguments, offset))
    plan.kernels[layout] = op
    return op


_LEAF_TYPES.add(Tensor)


@export("stop_gradient")
def stop_gradient(input, name=None):
    """`tf.stop_gradient`: the value of `input`, with no gradient flowing through it."""
    from ..ops.array_ops import STOP_GRADIENT
    return graph.execute(STOP_GRADIENT, (to_tensor(input),))


@export("gradients")
def gradients(*args, **kwargs):
    raise RuntimeError("tf.gradients is not supported when eager execution is enabled. "
                       "Use tf.GradientTape instead.")
