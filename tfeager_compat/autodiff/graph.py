"""How ops run: eagerly, or deferred and recorded when a GradientTape watches an input.

An op whose inputs no recording tape watches runs at once as one cached `jax.jit` call; the
tape costs it one truth test of `TAPES`. An op with a watched input is *deferred*: its output
shapes come from a cached abstract evaluation (so bad shapes still raise at the call), and
its outputs are pending Tensors that point at a `Node` (op, attributes, input Tensors, the
tapes that recorded it).

A pending tensor is resolved on first use by replaying the pending sub-program behind it
as one jitted function. `GradientTape.gradient()` replays the sub-program between the sources
and the targets under `jax.vjp` as one `Op` whose kernel returns the targets' values and the
gradients: it is compiled once per program structure (ops, attributes, wiring) and then costs
one XLA call per step, forward pass included. Because that Op goes through `execute` like
any other, an outer tape records it, which is all nested tapes need.
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
    """One deferred op application."""

    __slots__ = ("op", "attrs", "inputs", "tapes", "values", "n_out", "seq")

    def __init__(self, op, attrs, inputs, tapes, n_out):
        self.op = op
        self.attrs = attrs
        self.inputs = inputs
        self.tapes = tapes      # tokens of the tapes that recorded this node (may be none)
        self.values = None      # output arrays, once resolved
        self.n_out = n_out
        self.seq = next(_NODE_COUNTER)  # creation order is a topological order


def execute(op, inputs, attrs=()):
    """Run `op` on the Tensors `inputs`; return a Tensor, or a tuple for multi-output ops."""
    if TAPES and not op.eager_only:
        tokens = _recording_tokens(inputs)
        if tokens:
            return _defer(op, inputs, attrs, tokens)
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


def _recording_tokens(inputs):
    tokens = None
    for tape in TAPES:
        if tape._recording:
            watched = tape._watched
            for t in inputs:
                if id(t) in watched:
                    tokens = (tape._token,) if tokens is None else tokens + (tape._token,)
                    break
    return tokens


def _defer(op, inputs, attrs, tokens):
    metas = [t._meta() for t in inputs]
    avals = op.abstract(attrs, metas)
    if type(avals) is tuple or type(avals) is list:
        node = Node(op, attrs, tuple(inputs), tokens, len(avals))
        outputs = tuple(Tensor(None, node, i, aval) for i, aval in enumerate(avals))
    else:
        node = Node(op, attrs, tuple(inputs), tokens, 1)
        outputs = Tensor(None, node, 0, avals)
    watched = outputs if type(outputs) is tuple else (outputs,)
    for tape in TAPES:
        if tape._token in tokens:
            for t in watched:
                tape._watched[id(t)] = t
    return outputs


def defer(op, inputs, attrs=()):
    """Run `op` later: its outputs are pending until read or absorbed by a gradient call.

    Used for state updates (optimizer steps): the next `tape.gradient()` runs the pending
    update in the same XLA call as the gradient, instead of a call of its own.
    """
    for t in inputs:  # never let pending work pile up into a long chain
        if t._value is None and t._node.values is None:
            resolve(t)
    return _defer(op, inputs, attrs, ())


def pending_producers(tensors):
    """The tensors among `tensors` whose value still has to be computed."""
    return [t for t in tensors if t._value is None and t._node.values is None]


def fill(nodes, values):
    """Store computed outputs on `nodes`, in order (`values`: their outputs, flattened)."""
    position = 0
    for node in nodes:
        _store(node, tuple(t._value for t in values[position:position + node.n_out]))
        position += node.n_out


def _store(node, values):
    node.values = values
    if not node.tapes:  # no tape will replay it: let go of its inputs (and their history)
        node.inputs = ()


def resolve(tensor):
    """The array of a pending tensor, computing its pending sub-program if needed."""
    node = tensor._node
    if node.values is None:
        _evaluate(node)
    value = tensor._value = node.values[tensor._index]
    return value


_EVALUATORS = {}


def unresolved(node):
    """Program filter: the nodes whose outputs are not computed yet."""
    return node.values is None


def _evaluate(root):
    program = Program(unresolved)
    program.include_node(root)
    fn = _EVALUATORS.get(program.structure)
    if fn is None:
        steps = program.steps

        def evaluate(*leaves):
            STATS["evaluation_compilations"] += 1
            return replay(steps, leaves)

        fn = _EVALUATORS[program.structure] = jax.jit(evaluate)
    results = fn(*program.leaf_arrays())
    for node, values in zip(program.nodes, results):
        _store(node, values)


class Program:
    """A recorded sub-program: included nodes in order, each input wired to a leaf or an output.

    A wire is an int (the index of a leaf: a source, or a value from outside the program) or a
    pair (step, output index). `used` collects the leaf indices that some wire reads.
    """

    __slots__ = ("include", "leaves", "leaf_slot", "nodes", "step_of", "steps", "used")

    def __init__(self, include):
        self.include = include
        self.leaves = []
        self.leaf_slot = {}
        self.nodes = []
        self.step_of = {}
        self.steps = []
        self.used = set()

    def add_leaf(self, tensor, slot=None):
        if slot is None:
            slot = len(self.leaves)
            self.leaves.append(tensor)
        self.leaf_slot[id(tensor)] = slot
        return slot

    def wire(self, tensor):
        slot = self.leaf_slot.get(id(tensor))
        if slot is None:
            node = tensor._node
            if node is not None:
                step = self.step_of.get(id(node))
                if step is not None:
                    return (step, tensor._index)
            slot = self.add_leaf(tensor)
        self.used.add(slot)
        return slot

    def include_tensors(self, tensors):
        for t in tensors:
            node = t._node
            if (node is not None and id(node) not in self.step_of
                    and id(t) not in self.leaf_slot and self.include(node)):
                self.include_node(node)

    def include_node(self, root):
        """Add `root` and every included node it depends on, in creation (topological) order."""
        include, leaf_slot, step_of = self.include, self.leaf_slot, self.step_of
        found = {id(root): root}
        stack = [root]
        while stack:
            for t in stack.pop().inputs:
                node = t._node
                if (node is not None and id(node) not in found and id(node) not in step_of
                        and id(t) not in leaf_slot and include(node)):
                    found[id(node)] = node
                    stack.append(node)
        nodes = sorted(found.values(), key=_creation_order) if len(found) > 1 else [root]
        for node in nodes:
            wiring = tuple([self.wire(t) for t in node.inputs])
            step_of[id(node)] = len(self.steps)
            self.steps.append((node.op, node.attrs, wiring))
            self.nodes.append(node)

    @property
    def structure(self):
        return (tuple(self.steps), len(self.leaves))

    def leaf_arrays(self):
        return [t._array() for t in self.leaves]


def _creation_order(node):
    return node.seq


def replay(steps, leaves):
    """Run recorded steps as a pure function of the leaf values; the outputs of every step."""
    results = []
    for op, attrs, wiring in steps:
        args = [leaves[w] if type(w) is int else results[w[0]][w[1]] for w in wiring]
        out = op.kernel(*args, **dict(attrs)) if attrs else op.kernel(*args)
        results.append(tuple(out) if type(out) is tuple or type(out) is list else (out,))
    return results


def _conj(array):
    return jnp.conj(array) if jnp.iscomplexobj(array) else array


def _pick(wires, leaves, results):
    return tuple(leaves[w] if type(w) is int else results[w[0]][w[1]] for w in wires)


def differentiated(steps, target_wires, diff_slots, mode, prefix_steps, leaf_plan, n_args,
                   n_prefix_leaves):
    """The pure function behind one gradient call.

    Its arguments are the program's concrete leaves (`n_args`), then the leaves of the
    *prefix* (pending work the program's leaves still wait for, such as the previous
    optimizer update, run first in the same XLA call), then any cotangents. `leaf_plan` says
    where each program leaf comes from: an argument index, or a prefix output (step, index).

    mode "vjp": outputs are the targets' values, the gradients of their sum (weighted by the
    cotangents when given), then every prefix output. mode "jacobian": the jacobian of the
    single target, then every prefix output.
    """
    def assemble(args):
        prefix = replay(prefix_steps, args[n_args:n_args + n_prefix_leaves])
        leaves = [args[p] if type(p) is int else prefix[p[0]][p[1]] for p in leaf_plan]
        return leaves, tuple(v for values in prefix for v in values), args[n_args + n_prefix_leaves:]

    def program(leaves, diff_values):
        leaves = list(leaves)
        for slot, value in zip(diff_slots, diff_values):
            leaves[slot] = value
        return _pick(target_wires, leaves, replay(steps, leaves))

    def vjp(*args):
        STATS["gradient_compilations"] += 1
        leaves, prefix_values, cotangents = assemble(args)
        primals = [leaves[s] for s in diff_slots]
        outputs, pullback = jax.vjp(lambda *d: program(leaves, d), *primals)
        if cotangents:
            cotangents = tuple(_conj(c) for c in cotangents)
        else:
            cotangents = tuple(jnp.ones_like(o) for o in outputs)
        # TF's gradient for a complex source is the conjugate of JAX's cotangent.
        grads = tuple(_conj(g) for g in pullback(tuple(cotangents)))
        return tuple(outputs) + grads + prefix_values

    def jacobian(*args):
        STATS["gradient_compilations"] += 1
        leaves, prefix_values, _ = assemble(args)
        primals = [leaves[s] for s in diff_slots]
        return tuple(jax.jacrev(lambda *d: program(leaves, d)[0],
                                argnums=tuple(range(len(primals))))(*primals)) + prefix_values

    return vjp if mode == "vjp" else jacobian
