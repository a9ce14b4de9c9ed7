"""How ops run: eagerly, or deferred and recorded when a GradientTape watches an input.

An op whose inputs no recording tape watches runs at once as one cached `jax.jit` call; the
tape costs it one truth test of `TAPES`. An op with a watched input is *deferred*: its output
shapes come from a cached abstract evaluation (so bad shapes still raise at the call), its
outputs are pending Tensors that point at a `Node` (op, attributes, input Tensors), and each
tape that watches an input appends the op to its own recording (see `tape.py`).

A pending tensor is resolved on first use by replaying the pending sub-program behind it
as one jitted function, cached by structure. `GradientTape.gradient()` replays its recording
under `jax.vjp` as one `Op` (see `plan.py`), which returns the targets' values too, so a
training step is one XLA call. Because that Op goes through `execute` like any other, an
outer tape records it, which is all nested tapes need.
"""
import itertools

import jax
import jax.numpy as jnp
import numpy as np

from ..framework.convert import string_array
from ..framework.tensor import Tensor, wrap

# Active GradientTapes, outermost first.
TAPES = []

# Compilation counters (incremented only while JAX traces, i.e. on a compile).
STATS = {"gradient_compilations": 0, "evaluation_compilations": 0}


_NODE_COUNTER = itertools.count()


class Node:
    """One deferred op application; its outputs are pending Tensors until `values` is set.

    `prefix_key` is set on a deferred state update (see `defer`), whose inputs are all
    computed: a gradient call that needs its outputs runs it first, inside the same XLA call,
    and `(op, attrs, number of inputs)` is its part of that call's structure.
    """

    __slots__ = ("op", "attrs", "inputs", "values", "n_out", "seq", "prefix_key")

    def __init__(self, op, attrs, inputs, n_out, prefix_key=None):
        self.op = op
        self.attrs = attrs
        self.inputs = inputs
        self.values = None      # output arrays, once computed
        self.n_out = n_out
        self.seq = next(_NODE_COUNTER)  # creation order is a topological order
        self.prefix_key = prefix_key


def execute(op, inputs, attrs=()):
    """Run `op` on the Tensors `inputs`; return a Tensor, or a tuple for multi-output ops."""
    if TAPES and not op.eager_only:
        tapes = recording_tapes(inputs)
        if tapes is not None:
            return record(op, inputs, attrs, tapes)
    arrays = [t._value if t._value is not None else resolve(t) for t in inputs]
    try:
        out = op.jitted(attrs)(*arrays)
    except (TypeError, ValueError, IndexError) as e:
        raise op.error(e, arrays) from None
    if type(out) is tuple or type(out) is list:
        return tuple(map(wrap, out))
    return wrap(out)


def execute_host(op, inputs, attrs=()):
    """Run `op.host_kernel` on NumPy arrays: the path for string tensors (never recorded)."""
    arrays = [t._array() for t in inputs]
    out = op.host_kernel(*arrays, **dict(attrs))
    if type(out) is tuple or type(out) is list:
        return tuple(map(_wrap_host, out))
    return _wrap_host(out)


def _wrap_host(array):
    array = np.asarray(array)
    return wrap(string_array(array) if array.dtype.kind in "OSU" else jnp.asarray(array))


def recording_tapes(inputs):
    """The recording tapes that watch one of `inputs`, or None."""
    tapes = None
    for tape in TAPES:
        if tape._recording:
            wires = tape._wires
            for t in inputs:
                if id(t) in wires:
                    if tapes is None:
                        tapes = [tape]
                    else:
                        tapes.append(tape)
                    break
    return tapes


def record(op, inputs, attrs, tapes):
    """Defer `op` and record it on `tapes`; its outputs are pending."""
    outputs = _pending(op, inputs, attrs)
    recorded = outputs if type(outputs) is tuple else (outputs,)
    for tape in tapes:
        tape._record(op, attrs, inputs, recorded)
    return outputs


def _pending(op, inputs, attrs, prefix_key=None):
    avals = op.abstract(attrs, inputs)  # raises TF's error for bad shapes, at the call
    if type(avals) is tuple or type(avals) is list:
        node = Node(op, attrs, inputs, len(avals), prefix_key)
        return tuple(Tensor(None, node, i, aval) for i, aval in enumerate(avals))
    return Tensor(None, Node(op, attrs, inputs, 1, prefix_key), 0, avals)


def defer(op, inputs, attrs=()):
    """Run `op` later: its outputs are pending until read or absorbed by a gradient call.

    Used for state updates (optimizer steps): the next `tape.gradient()` runs the pending
    update in the same XLA call as the gradient, instead of a call of its own.
    """
    for t in inputs:  # never let pending work pile up into a long chain
        if t._value is None and t._node.values is None:
            resolve(t)
    return _pending(op, inputs, attrs, (op, attrs, len(inputs)))


def fill(nodes, arrays):
    """Store computed outputs on `nodes`, in order (`arrays`: their outputs, flattened)."""
    position = 0
    for node in nodes:
        _store(node, tuple(arrays[position:position + node.n_out]))
        position += node.n_out


def _store(node, values):
    node.values = values
    node.inputs = ()  # let go of the inputs (and their history): tapes keep their own record


def resolve(tensor):
    """The array of a pending tensor, computing its pending sub-program if needed."""
    node = tensor._node
    if node.values is None:
        _evaluate(node)
    value = tensor._value = node.values[tensor._index]
    return value


_EVALUATORS = {}


def _evaluate(root):
    program = Program(root)
    fn = _EVALUATORS.get(program.structure)
    if fn is None:
        steps = program.steps

        def evaluate(*leaves):
            STATS["evaluation_compilations"] += 1
            return replay(steps, leaves)

        fn = _EVALUATORS[program.structure] = jax.jit(evaluate)
    results = fn(*[t._array() for t in program.leaves])
    for node, values in zip(program.nodes, results):
        _store(node, values)


class Program:
    """The pending sub-program behind `root`: its uncomputed nodes in creation (topological)
    order, each input wired to a leaf index or to `(step, output)`."""

    __slots__ = ("leaves", "nodes", "steps", "structure")

    def __init__(self, root):
        found, stack = {id(root): root}, [root]
        while stack:
            for t in stack.pop().inputs:
                node = t._node
                if node is not None and node.values is None and id(node) not in found:
                    found[id(node)] = node
                    stack.append(node)
        self.nodes = sorted(found.values(), key=_creation_order) if len(found) > 1 else [root]
        self.leaves, self.steps = [], []
        leaf_slot, step_of = {}, {}
        for node in self.nodes:
            wiring = []
            for t in node.inputs:
                step = step_of.get(id(t._node)) if t._node is not None else None
                if step is not None:
                    wiring.append((step, t._index))
                else:
                    slot = leaf_slot.get(id(t))
                    if slot is None:
                        slot = leaf_slot[id(t)] = len(self.leaves)
                        self.leaves.append(t)
                    wiring.append(slot)
            step_of[id(node)] = len(self.steps)
            self.steps.append((node.op, node.attrs, tuple(wiring)))
        self.structure = (tuple(self.steps), len(self.leaves))


def _creation_order(node):
    return node.seq


def replay(steps, leaves, overrides=None):
    """Run steps as a pure function of the leaf values; the outputs of every step.

    With `overrides` (step -> [(output, perturbation)]), the program is being differentiated
    (see `plan.py`): those outputs get the perturbation added (watched intermediate results)
    and non-differentiable ops pass no gradient.
    """
    results = []
    for index, (op, attrs, wiring) in enumerate(steps):
        args = [leaves[w] if type(w) is int else results[w[0]][w[1]] for w in wiring]
        out = op.kernel(*args, **dict(attrs)) if attrs else op.kernel(*args)
        out = tuple(out) if type(out) is tuple or type(out) is list else (out,)
        if overrides is not None:
            if not op.differentiable:
                out = tuple(jax.lax.stop_gradient(o) for o in out)
            added = overrides.get(index)
            if added:
                out = list(out)
                for k, perturbation in added:
                    out[k] = out[k] + perturbation
                out = tuple(out)
        results.append(out)
    return results
