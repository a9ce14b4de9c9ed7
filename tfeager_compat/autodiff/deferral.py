"""State updates computed from a tape's pending values, without a call of their own.

A layer that updates state from values it computed under a recording tape (BatchNormalization's
moving statistics, from the batch statistics) holds *pending* tensors: computing them now
would replay the forward pass in an XLA call of its own, every step. `defer_pending` turns
them into the outputs of one deferred update (a `graph.Node` with a `prefix_key`, as the
optimizer's step is): a pure replay of the pending ops they depend on, from the tensors those
ops read. The next `gradient()` whose program reads the new state (the next training call
passes the moving statistics to its op) runs that replay as a prefix of its own call; anything
else that reads it sooner resolves it.

The replay stops at other deferred updates (the optimizer's step that produced this step's
weights), which the gradient call fills before the replay runs; so each step's replay only
recomputes the forward ops between the step's inputs and the statistics.

The replay is the fallback: each recording tape that recorded the pending tensors is told
(`GradientTape._defer`), and its gradient call returns their values too and fills the update,
so a training step computes the statistics once, in its own call.
"""
from ..framework.tensor import Tensor
from ..ops.registry import Op
from . import graph

_OPS = {}  # (steps, outputs, number of leaves) -> the Op replaying them


def _pending(t):
    node = t._node
    return (t._value is None and node.values is None and node.buffers is None
            and node.prefix_key is None)


def defer_pending(tensors):
    """The pending `tensors` (outputs of ops recorded by a tape) as outputs of one deferred
    update; a list of new pending Tensors with the same shapes and dtypes."""
    found, stack = {}, [t._node for t in tensors]
    while stack:
        node = stack.pop()
        if id(node) in found:
            continue
        found[id(node)] = node
        stack.extend(t._node for t in node.inputs if _pending(t))
    leaves, steps, leaf_slot, step_of = [], [], {}, {}
    for node in sorted(found.values(), key=lambda n: n.seq):  # creation order is topological
        wiring = []
        for t in node.inputs:
            step = step_of.get(id(t._node)) if _pending(t) else None
            if step is not None:
                wiring.append((step, t._index))
                continue
            slot = leaf_slot.get(id(t))
            if slot is None:
                slot = leaf_slot[id(t)] = len(leaves)
                leaves.append(t)
            wiring.append(slot)
        step_of[id(node)] = len(steps)
        steps.append((node.op, node.attrs, tuple(wiring)))
    outputs = tuple((step_of[id(t._node)], t._index) for t in tensors)
    key = (tuple(steps), outputs, len(leaves))
    op = _OPS.get(key)
    if op is None:
        op = _OPS[key] = Op("DeferredUpdate", _replayer(key[0], outputs))
    node = graph.Node(op, (), tuple(leaves), len(tensors), (op, (), len(leaves)))
    for tape in graph.TAPES:
        if tape._recording:
            tape._defer(node, tensors)
    return [Tensor(None, node, i, t._aval) for i, t in enumerate(tensors)]


def _replayer(steps, outputs):
    def replay(*leaves):
        results = graph.replay(steps, leaves)
        return tuple(results[step][index] for step, index in outputs)
    return replay
