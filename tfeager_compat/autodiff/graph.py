"""How ops run: eagerly, or deferred and recorded when a GradientTape watches an input.

An op whose inputs no recording tape watches runs at once as one cached `jax.jit` call; the
tape costs it one truth test of `TAPES`. An op with a watched input is *deferred*: its output
shapes come from a cached abstract evaluation (so bad shapes still raise at the call), its
outputs are pending Tensors that point at a `Node` (op, attributes, input Tensors), and each
tape that watches an input appends the op to its own recording (see `tape.py`).

A pending tensor is resolved on first use by replaying the pending sub-program behind it
as one jitted function, cached by structure. `GradientTape.gradient()` replays its recording
under `jax.vjp` as one `Op` (see `plan.py`), which returns the targets' values too, so a
training step is one XLA call; `execute_packed` runs it with its small outputs packed into
one buffer per dtype (see `packing.py`). An outer tape records that Op like any other,
which is all nested tapes need.

That call is *lazy*: it runs when one of its outputs is first read, or together with the
optimizer update that consumes its gradients (`defer`), as one program that computes the
gradients and then the update, the order a hand-written training step has; XLA runs that
order faster than an update that waits, as a prefix, for the next step's call.
"""
import contextlib
import itertools
import weakref

import jax
import jax.numpy as jnp
import numpy as np

from ..framework.convert import string_array
from ..framework.tensor import Tensor, wrap
from ..ops.registry import Op
from . import packing

# Active GradientTapes, outermost first.
TAPES = []

# Compilation counters (incremented only while JAX traces, i.e. on a compile).
STATS = {"gradient_compilations": 0, "evaluation_compilations": 0}

# Compiled functions being traced, innermost last (see `function/trace.py`): random ops draw
# their keys from the innermost one, and Variables created during a trace report to it.
TRACES = []

# Every live Variable, by creation number: a traced function gets them all as inputs, so a
# Variable read or assigned inside is lifted in and out, however it is reached.
VARIABLES = weakref.WeakValueDictionary()
_VARIABLE_NUMBERS = itertools.count()


def new_variable(variable):
    """Register a Variable just made (called by `Variable.__init__`)."""
    VARIABLES[next(_VARIABLE_NUMBERS)] = variable
    if TRACES:
        TRACES[-1].created.append((variable, variable._snapshot))


@contextlib.contextmanager
def init_scope():
    """`tf.init_scope`: run the block outside any function being traced and any tape (how TF
    runs a variable's initializer inside a compiled function)."""
    traces, tapes = TRACES[:], TAPES[:]
    TRACES[:], TAPES[:] = [], []
    try:
        yield
    finally:
        TRACES[:], TAPES[:] = traces, tapes


_NODE_COUNTER = itertools.count()


class Node:
    """One deferred op application; its outputs are pending Tensors until `values` is set.

    A node computed by a packed call holds `buffers` and `pieces` (where each output lies in
    them, a `packing` layout) instead of `values` until something unpacks it; a node made by
    `execute_packed` also keeps its outputs' `avals`.

    `prefix_key` is set on a deferred state update (see `defer`), whose inputs are all
    computed: a gradient call that needs its outputs runs it first, inside the same XLA call,
    and `(op, attrs, number of inputs)` is its part of that call's structure.

    `fills` is set on a packed call not run yet (see `execute_packed`): `[(nodes, first)]`,
    pending nodes that take their outputs from its outputs `first...` once it runs; each of
    those nodes has that call as its `filler`, which runs when the node is read sooner.
    """

    __slots__ = ("op", "attrs", "inputs", "values", "buffers", "pieces", "avals", "n_out",
                 "seq", "prefix_key", "fills", "filler")

    def __init__(self, op, attrs, inputs, n_out, prefix_key=None):
        self.op = op
        self.attrs = attrs
        self.inputs = inputs
        self.values = None      # output arrays, once computed
        self.buffers = None     # or packed output buffers, once computed by a packed call
        self.pieces = None
        self.n_out = n_out
        self.seq = next(_NODE_COUNTER)  # creation order is a topological order
        self.prefix_key = prefix_key
        self.fills = None
        self.filler = None


def execute(op, inputs, attrs=()):
    """Run `op` on the Tensors `inputs`; return a Tensor, or a tuple for multi-output ops."""
    if TAPES and not op.eager_only:
        outputs = record(op, inputs, attrs)
        if outputs is not None:
            return outputs
    for t in inputs:
        if t._value is None:  # a pending input: a packed piece is sliced inside the call
            arrays, specs = gather(inputs)
            key = (op, attrs, specs)
            fn = _SLICING_CALLS.get(key)
            if fn is None:
                fn = _SLICING_CALLS[key] = _slicing_call(op.jitted(attrs), specs)
            break
    else:
        arrays = [t._value for t in inputs]
        fn = op.jitted(attrs)
    try:
        out = fn(*arrays)
    except (TypeError, ValueError, IndexError) as e:
        raise op.error(e, [t._aval for t in inputs]) from None
    if type(out) is tuple or type(out) is list:
        return tuple(map(wrap, out))
    return wrap(out)


def execute_packed(op, inputs, fills=()):
    """`execute` for an op with many small outputs (a gradient call): the Node that will hold
    its outputs packed (see `packing.py`; read them with `output` and `take_output`). The call
    runs when an output is first read or an update consumes them (see `defer`), at once inside
    a compiled function being traced; `fills` are the pending nodes that take outputs of it
    (see `Node`). Recorded by an outer tape instead, it returns the pending output Tensors."""
    if TAPES:
        outputs = record(op, inputs)
        if outputs is not None:
            return outputs
    avals = op.abstract((), inputs)  # the op's cached avals: the same object for a structure
    entry = _LAYOUTS.get(id(avals))
    if entry is None:
        entry = _LAYOUTS[id(avals)] = (avals, packing.layout(avals))
    node = Node(op, (), tuple(inputs), len(avals))
    node.avals, node.pieces = entry
    node.fills = list(fills)
    for nodes, _ in fills:
        for filled in nodes:
            filled.filler = node
    if TRACES:
        run(node)
    return node


_LAYOUTS = {}  # id(avals) -> (avals, their layout); the avals are kept, so ids stay unique


def _unrun_call(node):
    """The packed call not run yet that is the pending `node` or will fill it, or None."""
    call = node if node.fills is not None else node.filler
    return call if call is not None and call.fills is not None else None


def _compute(node):
    """Compute the pending `node`: run the packed call that is it or fills it, or replay the
    pending sub-program behind it."""
    call = _unrun_call(node)
    if call is not None:
        run(call)
    if node.values is None and node.buffers is None:
        _evaluate(node)


def run(node):
    """Run the packed call `node` made by `execute_packed` (or `defer`), in one XLA call."""
    arrays, specs = gather(node.inputs)
    key = (node.op, id(node.avals), specs)  # (the avals stand for the input shapes)
    fn = _PACKED_CALLS.get(key)
    if fn is None:
        fn = _PACKED_CALLS[key] = _packed_call(node.op.jitted(()), specs, node.pieces)
    node.buffers = fn(*arrays)
    node.inputs = ()
    fills, node.fills = node.fills, None
    for nodes, first in fills:
        fill(nodes, node, first)


def output(node, k):
    """Output `k` of a node made by `execute_packed`, as a pending Tensor."""
    return Tensor(None, node, k, node.avals[k])


def take_output(tensor, node, k):
    """Let the pending `tensor` take output `k` of a node made by `execute_packed` as its
    value (a gradient call computes its targets' values too)."""
    tensor._node, tensor._index = node, k


_SLICING_CALLS = {}  # (op, attrs, specs) -> the op's jitted kernel on gathered arrays
_PACKED_CALLS = {}   # (op, id(output avals), specs) -> the same, its outputs packed


def _slicing_call(jitted, specs):
    if all(type(s) is int for s in specs):
        return jitted
    return jax.jit(lambda *arrays: jitted(*packing.take(arrays, specs)))


def _packed_call(jitted, specs, layout):
    return jax.jit(lambda *arrays: packing.pack(jitted(*packing.take(arrays, specs)), layout))


def gather(tensors):
    """The arrays a compiled call takes for `tensors`, and how it gets each one back (see
    `packing.take`): an argument index, or `(index, piece)` for a piece of a packed buffer,
    which is passed once, whole, and sliced inside the call."""
    arrays, specs, slot_of = [], [], None
    for t in tensors:
        value = t._value
        if value is None:
            node = t._node
            if node.values is None and node.buffers is None:
                _compute(node)
            if node.values is not None:
                value = t._value = node.values[t._index]
            else:
                entry = node.pieces[t._index]
                if type(entry) is int:
                    value = t._value = node.buffers[entry]
                else:
                    buffer = node.buffers[entry[0]]
                    if slot_of is None:
                        slot_of = {}
                    slot = slot_of.get(id(buffer))
                    if slot is None:
                        slot = slot_of[id(buffer)] = len(arrays)
                        arrays.append(buffer)
                    specs.append((slot, entry))
                    continue
        specs.append(len(arrays))
        arrays.append(value)
    return arrays, tuple(specs)


def host_array(tensor):
    """The NumPy value of `tensor`; a packed piece is sliced on the host, without a call."""
    if tensor._value is None:
        node = tensor._node
        if node.values is None and node.buffers is None:
            _compute(node)
        if node.values is None and node.buffers is not None:
            entry = node.pieces[tensor._index]
            if type(entry) is not int:
                buffer, start, stop, shape = entry
                return np.asarray(node.buffers[buffer])[start:stop].reshape(shape)
    return np.asarray(tensor._array())


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


def record(op, inputs, attrs=()):
    """Defer `op` and record it on every recording tape that watches one of `inputs`; its
    pending outputs, or None when no tape watches them."""
    outputs = None
    for tape in TAPES:
        if tape._recording:
            wires = tape._wires
            for t in inputs:
                if id(t) in wires:
                    break
            else:
                continue
            if outputs is None:
                avals = op.abstract(attrs, inputs)  # raises TF's error for bad shapes, at the call
                if type(avals) is tuple or type(avals) is list:
                    node = Node(op, attrs, inputs, len(avals))
                    outputs = recorded = tuple([Tensor(None, node, i, aval)
                                                for i, aval in enumerate(avals)])
                else:
                    outputs = Tensor(None, Node(op, attrs, inputs, 1), 0, avals)
                    recorded = (outputs,)
            tape._record(op, attrs, inputs, recorded)
    return outputs


def defer(op, inputs, attrs, avals):
    """Run `op` later: its outputs (of `avals`, checked by the caller) are pending until read
    or absorbed by a gradient call; returns them as a list.

    Used for state updates (optimizer steps): the next `tape.gradient()` runs the pending
    update in the same XLA call as the gradient, instead of a call of its own. An update of
    gradients whose call has not run yet runs now, in that call, after the gradients.
    """
    lazy = None
    for t in inputs:  # never let pending work pile up into a long chain
        if t._value is None:
            node = t._node
            if node.fills is not None and (lazy is None or lazy is node):
                lazy = node
            elif node.values is None and node.buffers is None:
                resolve(t)
    if lazy is not None and lazy.fills is not None:
        return _run_after(lazy, op, inputs, attrs, avals)
    node = Node(op, attrs, inputs, len(avals), (op, attrs, len(inputs)))
    return [Tensor(None, node, i, aval) for i, aval in enumerate(avals)]


_AFTER_CALLS = {}  # call structure -> (the joined Op, its output avals, their layout)


def _run_after(first, op, inputs, attrs, avals):
    """Run the packed call `first` and `op` (which reads outputs of it) as one packed call;
    `op`'s outputs, as pending Tensors."""
    n_first, extra, wiring = len(first.inputs), [], []
    for t in inputs:
        if t._value is None and t._node is first:
            wiring.append((0, t._index))
        else:
            wiring.append((1, len(extra)))
            extra.append(t)
    wiring = tuple(wiring)
    key = (first.op, id(first.avals), op, attrs, wiring, tuple([a.shape for a in avals]),
           tuple([a.dtype for a in avals]))
    call = _AFTER_CALLS.get(key)
    if call is None:
        joined = Op(first.op.name, _after_kernel(first.op, n_first, op, attrs, wiring))
        both_avals = tuple(first.avals) + tuple(avals)
        call = _AFTER_CALLS[key] = (joined, both_avals, packing.layout(both_avals))
    joined, both_avals, layout = call
    both = Node(joined, (), first.inputs + tuple(extra), len(both_avals))
    both.avals, both.pieces = both_avals, layout
    both.fills = [([first], 0)] + first.fills
    first.fills = None
    run(both)
    n = first.n_out
    return [Tensor(None, both, n + i, aval) for i, aval in enumerate(avals)]


def _after_kernel(first, n_first, op, attrs, wiring):
    def kernel(*args):
        outputs = tuple(first.kernel(*args[:n_first]))
        sources = (outputs, args[n_first:])
        after = op.kernel(*[sources[s][k] for s, k in wiring], **dict(attrs))
        return outputs + tuple(after)
    return kernel


def fill(nodes, source, first):
    """Let the pending `nodes` take their outputs, in order, from those of the packed node
    `source` from `first` on (the pending work a gradient call ran as its prefix)."""
    for node in nodes:
        if node.values is None and node.buffers is None:  # (unless read, and computed, sooner)
            node.buffers = source.buffers
            node.pieces = source.pieces[first:first + node.n_out]
            node.inputs = ()
        node.filler = None
        first += node.n_out


def _store(node, values):
    node.values = values
    node.inputs = ()  # let go of the inputs (and their history): tapes keep their own record


def resolve(tensor):
    """The array of a pending tensor, computing its pending sub-program if needed."""
    node = tensor._node
    if node.values is None:
        if node.buffers is None:
            _compute(node)
        if node.values is None:
            entry = node.pieces[tensor._index]
            if type(entry) is int:  # an output with a buffer of its own
                value = tensor._value = node.buffers[entry]
                return value
            _unpack(node)
    value = tensor._value = node.values[tensor._index]
    return value


_UNPACKERS = {}


def _unpack(node):
    """Every output of a packed node as an array of its own, in one call."""
    pieces = node.pieces
    fn = _UNPACKERS.get(pieces)
    if fn is None:
        specs = [entry if type(entry) is int else (entry[0], entry) for entry in pieces]
        fn = _UNPACKERS[pieces] = jax.jit(lambda *buffers: tuple(packing.take(buffers, specs)))
    node.values = fn(*node.buffers)
    node.buffers = None


_EVALUATORS = {}


def _evaluate(root):
    program = Program(root)
    arrays, specs = gather(program.leaves)
    key = (program.structure, specs)
    fn = _EVALUATORS.get(key)
    if fn is None:
        steps = program.steps

        def evaluate(*arrays):
            STATS["evaluation_compilations"] += 1
            return replay(steps, packing.take(arrays, specs))

        fn = _EVALUATORS[key] = jax.jit(evaluate)
    results = fn(*arrays)
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
                if node is None or node.values is not None or node.buffers is not None:
                    continue
                call = _unrun_call(node)
                if call is not None:
                    run(call)  # the outputs of a packed call are leaves
                if node.values is None and node.buffers is None and id(node) not in found:
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


def replay(steps, leaves, overrides=None, rows=None):
    """Run steps as a pure function of the leaf values; the outputs of every step.

    With `overrides` (step -> [(output, perturbation)]), the program is being differentiated
    (see `plan.py`): those outputs get the perturbation added (watched intermediate results)
    and non-differentiable ops pass no gradient. With `rows` (step -> (params position,
    indices position, perturbation)), those gathers run on their gathered rows with the
    perturbation added, whose cotangent is then the `values` of TF's IndexedSlices.
    """
    results = []
    for index, (op, attrs, wiring) in enumerate(steps):
        args = [leaves[w] if type(w) is int else results[w[0]][w[1]] for w in wiring]
        if rows and index in rows:
            _gather_rows(args, *rows[index])
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


def _gather_rows(args, params, indices, perturbation):
    """Let a gather's arguments be its gathered rows (plus `perturbation`) and indices that
    take each row once, in order: the same output, with the rows differentiable."""
    ids = args[indices]
    flat = ids.reshape(-1)
    args[params] = jnp.take(args[params], flat, axis=0, mode="clip") + perturbation
    args[indices] = jnp.arange(flat.shape[0], dtype=ids.dtype).reshape(ids.shape)
