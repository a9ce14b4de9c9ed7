"""Which sources get an IndexedSlices gradient, and in which order TF concatenates its pieces.

TF answers the gradient of a gather's params with an IndexedSlices: GatherV2 along axis 0
(`tf.gather`, ResourceGather on a variable) and `tf.nn.embedding_lookup` of one table give
`values` = the gradient of the gathered rows, [N] + params.shape[1:], and `indices` = the
flattened gather indices. Identity and Cast pass an IndexedSlices on (Cast casts its values);
every other op's gradient makes it dense. When a tensor gets several gradients, TF's
`_aggregate_grads` concatenates them if all are IndexedSlices (indices cast to int64 when
their dtypes differ) and sums them densely otherwise.

So a source gets an IndexedSlices exactly when every use of it that leads differentiably to a
target is the params of such a gather, directly or through Identity/Cast. The plan replays
each such gather on its gathered rows plus a zero *perturbation* (see `graph.replay`); the
perturbation's cotangent is that piece's `values`. The pieces are concatenated in the order
TF's tape produces them: it runs the backward ops in a FIFO queue from the targets, an op
entering the queue when every use of its outputs has been processed.
"""
import numpy as np

# Op -> (rule, levels): `rule(attrs, number of inputs)` gives the (params, indices) positions
# of a gather with a sparse gradient, or None; `levels` counts the ops TF runs from the gather
# to the op's output (embedding_lookup ends with an Identity), which delay the gather in TF's
# backward queue.
_RULES = None


def _rules():
    global _RULES
    if _RULES is None:
        from ..ops import array_ops, nn_ops
        _RULES = {
            array_ops._GATHER: (
                lambda attrs, n: (0, 1) if attrs == (("axis", 0), ("batch_dims", 0)) else None, 1),
            nn_ops._EMBEDDING_LOOKUP: (lambda attrs, n: (1, 0) if n == 2 else None, 2),
        }
    return _RULES


def _passes_slices(op, attrs):
    """Identity, and Cast between float or complex types, hand an IndexedSlices on."""
    if op.name == "Identity":
        return True
    return op.name == "Cast" and np.dtype(dict(attrs)["dtype"]).kind in "fc"


def analyse(steps, target_wires, sources):
    """For each source `(slots, wires)` of a pruned program: None (dense gradient), or the
    gathers that make up its IndexedSlices, in TF's order, as `(step, params position,
    indices position)`. None overall when no source is sparse."""
    rules = _rules()
    readers = {}  # wire -> [(step, position)]
    for j, (_, _, wiring) in enumerate(steps):
        for q, w in enumerate(wiring):
            readers.setdefault(w, []).append((j, q))
    targets = set(target_wires)
    live = _live_steps(steps, targets, readers)
    gathers, levels = {}, {}
    for j, (op, attrs, wiring) in enumerate(steps):
        rule = rules.get(op)
        if rule is not None and live[j]:
            positions = rule[0](attrs, len(wiring))
            if positions is not None:
                gathers[j], levels[j] = positions, rule[1]

    def sparse_wire(w):
        """Whether every live use of wire `w` is a gather's params (or passes it on)."""
        if w in targets:
            return False
        used = False
        for j, q in readers.get(w, ()):
            if not live[j]:
                continue
            op, attrs, _ = steps[j]
            if j in gathers and gathers[j][0] == q:
                used = True
            elif _passes_slices(op, attrs) and sparse_wire((j, 0)):
                used = True
            else:
                return False
        return used

    flags = [bool(slots or wires) and all(sparse_wire(w) for w in slots + wires)
             for slots, wires in sources]
    if not any(flags):
        return None
    order = _tf_order(steps, readers, gathers, levels,
                      {w: s for s, (slots, wires) in enumerate(sources) if flags[s]
                       for w in slots + wires})
    return tuple(tuple((j,) + gathers[j] for j in order[s]) if flags[s] else None
                 for s in range(len(sources)))


def _live_steps(steps, targets, readers):
    """Steps whose outputs reach a target through differentiable ops only."""
    live = [False] * len(steps)
    read_by = [set() for _ in steps]
    for w, uses in readers.items():
        if type(w) is not int:
            read_by[w[0]].update(j for j, _ in uses)
    target_steps = {w[0] for w in targets if w is not None and type(w) is not int}
    for j in reversed(range(len(steps))):
        if steps[j][0].differentiable:
            live[j] = j in target_steps or any(live[r] for r in read_by[j])
    return live


def _tf_order(steps, readers, gathers, levels, source_of):
    """The gathers of each sparse source in the order TF's tape hands their gradients in."""
    usage = {w: len(uses) for w, uses in readers.items()}
    missing = {}
    for w in readers:
        if type(w) is not int:
            missing[w[0]] = missing.get(w[0], 0) + 1
    queue = [(j, levels.get(j, 1)) for j in range(len(steps)) if j not in missing]
    arrived = {}  # source or wire -> gathers whose gradient reached it, in order

    def deliver(w, pieces):
        key = ("source", source_of[w]) if w in source_of else w
        arrived.setdefault(key, []).extend(pieces)

    while queue:
        j, level = queue.pop()
        if level > 1:  # one of TF's ops after the gather: the gather itself comes later
            queue.insert(0, (j, level - 1))
            continue
        op, attrs, wiring = steps[j]
        if j in gathers:
            deliver(wiring[gathers[j][0]], [j])
        elif _passes_slices(op, attrs) and (j, 0) in arrived:
            deliver(wiring[0], arrived.pop((j, 0)))
        for w in wiring:
            usage[w] -= 1
            if usage[w] == 0 and type(w) is not int:
                missing[w[0]] -= 1
                if missing[w[0]] == 0:
                    queue.insert(0, (w[0], levels.get(w[0], 1)))
    return {s: arrived.get(("source", s), []) for s in set(source_of.values())}
