"""`tf.GradientTape`: records the ops run under it and differentiates them as one compiled call.

Matches TF 1.15: trainable variables read under the tape are watched automatically
(`watch_accessed_variables`), unconnected and integer sources give None, the result has the
structure of `sources`, a non-persistent tape computes one set of gradients.
"""
import contextlib
import enum
import logging
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from ..framework import dtypes
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..ops.registry import Op, export
from . import graph

_GRADIENT_OPS = {}
_LEAF_TYPES = set()  # Tensor and Variable: filled in below and by variables.py
_DIFFERENTIABLE = frozenset(np.dtype(d.as_numpy_dtype) for d in dtypes.FLOATING | dtypes.COMPLEX)


@export("UnconnectedGradients")
class UnconnectedGradients(enum.Enum):
    """What `gradient()` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _is_variable(x):
    return hasattr(x, "_snapshot")


@export("GradientTape", "contrib.eager.GradientTape")
class GradientTape:
    """Record operations for automatic differentiation (TF's `tf.GradientTape`)."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._recording = False
        self._used = False
        self._new_recording()

    def _new_recording(self):
        self._token = object()    # nodes recorded by this tape carry it
        self._watched = {}        # id -> Tensor: watched tensors and recorded outputs
        self._variable_reads = {}  # id(variable) -> (variable, [value snapshots read])

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
                self._watched[id(t)] = t
            else:
                raise ValueError(f"Passed in object of type {type(t)}, not tf.Tensor")

    def _watch_variable(self, variable):
        snapshot = variable._snapshot
        self._watched[id(snapshot)] = snapshot
        entry = self._variable_reads.get(id(variable))
        if entry is None:
            self._variable_reads[id(variable)] = (variable, [snapshot])
        elif entry[1][-1] is not snapshot:
            entry[1].append(snapshot)

    def _on_variable_read(self, variable):
        if self._recording and self._watch_accessed_variables and variable.trainable:
            self._watch_variable(variable)

    def watched_variables(self):
        return tuple(variable for variable, _ in self._variable_reads.values())

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
        if type(sources) is list and all(type(x) in _LEAF_TYPES for x in sources):
            flat_sources, treedef = sources, None  # the common case, without a tree walk
        else:
            flat_sources, treedef = jax.tree_util.tree_flatten(sources)
        cotangents = ([] if output_gradients is None else
                      [to_tensor(g, t.dtype) for g, t in
                       zip(jax.tree_util.tree_leaves(output_gradients), targets)])
        grads = self._differentiate(targets, flat_sources, cotangents, "vjp")
        if (unconnected_gradients is not UnconnectedGradients.NONE and
                UnconnectedGradients(unconnected_gradients) is UnconnectedGradients.ZERO):
            grads = [g if g is not None or not self._differentiable(s) else
                     wrap(jnp.zeros(self._source_meta(s).shape, self._source_meta(s).dtype))
                     for g, s in zip(grads, flat_sources)]
        return list(grads) if treedef is None else jax.tree_util.tree_unflatten(treedef, grads)

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
        distinct, slot_of, seen = [], [], {}
        for source in sources:  # a source listed twice gets the same gradient twice
            slot = seen.get(id(source))
            if slot is None:
                slot = seen[id(source)] = len(distinct)
                distinct.append(source)
            slot_of.append(slot)
        grads = self._differentiate_distinct(targets, distinct, cotangents, mode)
        return grads if len(distinct) == len(sources) else [grads[slot] for slot in slot_of]

    def _differentiate_distinct(self, targets, sources, cotangents, mode):
        token = self._token
        # Non-differentiable ops (comparisons, argmax, ...) cut the program: their outputs are
        # constants, so sources reached only through them get None, as in TF.
        program = graph.Program(lambda node: token in node.tapes and node.op.differentiable)
        for slot, source in enumerate(sources):
            if _is_variable(source):
                entry = self._variable_reads.get(id(source))
                reads = entry[1] if entry is not None else [source._snapshot]
                program.leaves.append(reads[0])
                for read in reads:
                    program.add_leaf(read, slot)
            elif isinstance(source, Tensor):
                program.leaves.append(source)
                program.add_leaf(source, slot)
            else:
                raise ValueError(f"Passed in object of type {type(source)}, not tf.Tensor")
        program.include_tensors(targets)
        target_wires = tuple([program.wire(t) for t in targets])
        differentiable = [self._differentiable(s) for s in sources]
        diff_slots = tuple([slot for slot in range(len(sources))
                            if differentiable[slot] and slot in program.used])
        if not self._persistent:
            self._watched = {}
        if not diff_slots:
            if not all(differentiable):
                logging.warning("The dtype of the source tensor must be floating (e.g. tf.float32) "
                                "when calling GradientTape.gradient")
            elif not any(t._node is not None and token in t._node.tapes for t in targets):
                warnings.warn(
                    "GradientTape.gradient: every gradient is None because no operation between "
                    "the sources and the target was recorded by this tape. The likely cause: "
                    "the target was computed outside the `with tf.GradientTape()` block, or the "
                    "sources are tensors that were not watched (call tape.watch(x)).",
                    RuntimeWarning, stacklevel=4)
            return [None] * len(sources)
        # Pending work the leaves wait for (the last optimizer update) runs in the same call.
        prefix = graph.Program(graph.unresolved)
        prefix.include_tensors(graph.pending_producers(program.leaves))
        arguments, leaf_plan = [], []
        for t in program.leaves:
            if t._node is not None and id(t._node) in prefix.step_of:
                leaf_plan.append(prefix.wire(t))
            else:
                leaf_plan.append(len(arguments))
                arguments.append(t)
        leaf_plan = tuple(leaf_plan)
        key = (mode, program.structure, target_wires, diff_slots, len(cotangents),
               prefix.structure, leaf_plan)
        op = _GRADIENT_OPS.get(key)
        if op is None:
            kernel = graph.differentiated(program.steps, target_wires, diff_slots, mode,
                                          prefix.steps, leaf_plan, len(arguments),
                                          len(prefix.leaves))
            op = _GRADIENT_OPS[key] = Op("Gradient" if mode == "vjp" else "Jacobian", kernel)
        outputs = graph.execute(op, arguments + prefix.leaves + cotangents)
        n_results = len(targets) + len(diff_slots) if mode == "vjp" else len(diff_slots)
        if outputs[0]._value is not None:
            graph.fill(prefix.nodes, outputs[n_results:])
        if mode == "vjp":
            for t, value in zip(targets, outputs):
                if t._value is None and value._value is not None:
                    t._value = value._value
            outputs = outputs[len(targets):]
        grads = [None] * len(sources)
        for slot, g in zip(diff_slots, outputs):
            grads[slot] = g
        return grads


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
