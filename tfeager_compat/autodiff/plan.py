"""What `gradient()` runs: a tape's recording, analysed once per structure, as one pure kernel.

A recording is a list of steps `(op, attrs, wiring)`; a wire is an int (a leaf: a watched
tensor, a variable read, or a constant input) or a pair `(step, output)`. `GradientPlan` is
built once per (recording structure, targets, sources) and cached by the tape: it keeps only
the steps the targets need, renumbers the leaves they read, and works out which sources the
targets reach through differentiable ops. Sources reached only through non-differentiable ops
(comparisons, argmax, `stop_gradient`) are unconnected and get None, as in TF. Sources that
TF answers with an IndexedSlices (only gathered) are found once per plan (see `sparse.py`).

`kernel()` builds the pure function behind one gradient call: the steps replayed under
`jax.vjp` (or `jax.jacrev`), with any pending work its leaves wait for run first as a prefix
(see `graph.defer`), so a training step is one XLA call.
"""
import jax
import jax.numpy as jnp

from . import graph, sparse


class GradientPlan:
    """The pruned program between some sources and targets of one recording structure.

    - `leaf_indices`: the recording's leaves the program reads, in argument order.
    - `steps`: the needed steps, rewired to argument positions and new step numbers.
    - `targets`: the indices of the targets this tape recorded (or watched); the others are
      constants for it. `target_wires`: those targets as wires of the pruned program.
    - `sources`: for each connected differentiable source, `(slots, wires)`: the argument
      positions it stands for (a variable read several times has several) and the step
      outputs it stands for (a watched intermediate result).
    - `connected`: the indices (into the gradient call's sources) of those sources.
    - `sparse`: None, or for each connected source None (a dense gradient) or the gathers
      whose pieces make up its IndexedSlices, `(step, params position, indices position)`.
    - `aux_wires`: recorded values the call also returns, undifferentiated (the pending
      values of deferred updates, see `deferral.py`).
    """

    __slots__ = ("leaf_indices", "steps", "targets", "target_wires", "sources", "connected",
                 "sparse", "aux_wires", "structure", "kernels")

    def __init__(self, steps, target_wires, source_wires, differentiable, aux_wires=()):
        needed = _needed_steps(steps, target_wires + aux_wires)
        reach = _differentiable_reach(steps, needed, source_wires, differentiable)
        self.connected = tuple(sorted({s for w in target_wires if w is not None
                                       for s in reach(w)}))
        leaf_position, step_position = {}, {}

        def rewire(wire):
            if type(wire) is int:
                position = leaf_position.get(wire)
                if position is None:
                    position = leaf_position[wire] = len(leaf_position)
                return position
            return (step_position[wire[0]], wire[1])

        new_steps = []
        for index in sorted(needed):
            op, attrs, wiring = steps[index]
            new_steps.append((op, attrs, tuple([rewire(w) for w in wiring])))
            step_position[index] = len(step_position)
        self.targets = tuple([i for i, w in enumerate(target_wires) if w is not None])
        self.target_wires = tuple([rewire(target_wires[i]) for i in self.targets])
        self.aux_wires = tuple([rewire(w) for w in aux_wires])
        self.sources = tuple(
            (tuple([leaf_position[w] for w in source_wires[s]
                    if type(w) is int and w in leaf_position]),
             tuple([rewire(w) for w in source_wires[s]
                    if type(w) is not int and w[0] in step_position]))
            for s in self.connected)
        self.leaf_indices = tuple(sorted(leaf_position, key=leaf_position.get))
        self.steps = tuple(new_steps)
        self.sparse = sparse.analyse(self.steps, self.target_wires, self.sources)
        self.structure = (self.steps, self.target_wires, self.sources, self.sparse,
                          self.aux_wires, len(self.leaf_indices))
        self.kernels = {}  # call layout (mode, cotangents, leaf plan, prefix) -> Op


def _needed_steps(steps, target_wires):
    """Indices of the steps the targets depend on."""
    needed, stack = set(), [w[0] for w in target_wires if w is not None and type(w) is not int]
    while stack:
        index = stack.pop()
        if index not in needed:
            needed.add(index)
            stack.extend(w[0] for w in steps[index][2] if type(w) is not int)
    return needed


def _differentiable_reach(steps, needed, source_wires, differentiable):
    """A function: wire -> the sources it depends on through differentiable ops only.

    Every output of a step shares the dependence of its inputs; a watched intermediate result
    also depends on the source it stands for.
    """
    leaf_reach, inner = {}, {}
    for s, wires in enumerate(source_wires):
        if differentiable[s]:
            for w in wires:
                table = leaf_reach if type(w) is int else inner
                table[w] = table.get(w, frozenset()) | {s}
    step_reach = {}

    def reach(wire):
        if type(wire) is int:
            return leaf_reach.get(wire, frozenset())
        return step_reach.get(wire[0], frozenset()) | inner.get(wire, frozenset())

    for index in sorted(needed):
        op, _, wiring = steps[index]
        if op.differentiable:
            step_reach[index] = frozenset().union(*[reach(w) for w in wiring])
    return reach


def _pick(wires, leaves, results):
    return tuple(leaves[w] if type(w) is int else results[w[0]][w[1]] for w in wires)


def _conj(array):
    return jnp.conj(array) if jnp.iscomplexobj(array) else array


def kernel(plan, mode, prefix_steps, leaf_plan, n_args, n_prefix_leaves):
    """The pure function behind one gradient call of `plan`.

    Its arguments are the plan's concrete leaves (`n_args`), then the leaves of the *prefix*
    (pending work some leaves still wait for, such as the previous optimizer update), then
    any cotangents. `leaf_plan` says where each plan leaf comes from: an argument index, or a
    prefix output `(step, index)`.

    mode "vjp": outputs are the targets' values, the gradients of their sum (weighted by the
    cotangents when given; `values` and `indices` for a sparse source), the values of the
    plan's `aux_wires`, then every prefix output. mode "jacobian" (always dense, no aux
    wires): the jacobian of the single target, then every prefix output.
    """
    steps, target_wires, sources = plan.steps, plan.target_wires, plan.sources
    aux_wires = plan.aux_wires
    uses = plan.sparse if mode == "vjp" and plan.sparse else (None,) * len(sources)
    needs_results = _needs_results(steps, sources, uses)

    def assemble(args):
        prefix = graph.replay(prefix_steps, args[n_args:n_args + n_prefix_leaves])
        leaves = [args[p] if type(p) is int else prefix[p[0]][p[1]] for p in leaf_plan]
        prefix_values = tuple(v for values in prefix for v in values)
        return leaves, prefix_values, args[n_args + n_prefix_leaves:]

    def primals(leaves):
        # A source that is one leaf is replaced by the differentiated value. One with several
        # wires (a variable read before and after an assignment, a tensor also used before it
        # was watched) or a watched intermediate result gets a zero added at each of them
        # instead: each keeps its own value, the gradients add up, and the gradient also flows
        # on to what an intermediate result was computed from, as on TF's tape. A sparse
        # source gets a zero added to the rows of each of its gathers.
        results = graph.replay(steps, leaves) if needs_results else None
        values, dtypes = [], []
        for (slots, wires), gathers in zip(sources, uses):
            if gathers is not None:
                dtypes.append(_pick((slots + wires)[:1], leaves, results)[0].dtype)
                for j, p, q in gathers:
                    params, ids = _pick((steps[j][2][p], steps[j][2][q]), leaves, results)
                    values.append(jnp.zeros((ids.size,) + params.shape[1:], params.dtype))
            elif len(slots) == 1 and not wires:
                values.append(leaves[slots[0]])
            else:
                like = leaves[slots[0]] if slots else results[wires[0][0]][wires[0][1]]
                values.append(jnp.zeros_like(like))
        return values, dtypes

    def program(leaves, diff_values):
        leaves = list(leaves)
        overrides, rows = {}, {}
        diff_values = iter(diff_values)
        for (slots, wires), gathers in zip(sources, uses):
            if gathers is not None:
                for j, p, q in gathers:
                    added = next(diff_values)
                    if j in rows:  # a gather two sources reach (through Identity or Cast)
                        added = added + rows[j][2]
                    rows[j] = (p, q, added)
                continue
            value = next(diff_values)
            if len(slots) == 1 and not wires:
                leaves[slots[0]] = value
                continue
            for slot in slots:
                leaves[slot] = leaves[slot] + value
            for step, k in wires:
                overrides.setdefault(step, []).append((k, value))
        results = graph.replay(steps, leaves, overrides, rows)
        ids = {j: _pick((steps[j][2][q],), leaves, results)[0].reshape(-1)
               for j, (_, q, _) in rows.items()}
        return _pick(target_wires, leaves, results), (ids, _pick(aux_wires, leaves, results))

    def vjp(*args):
        graph.STATS["gradient_compilations"] += 1
        leaves, prefix_values, cotangents = assemble(args)
        diff, dtypes = primals(leaves)
        outputs, pullback, (ids, aux) = jax.vjp(lambda *d: program(leaves, d), *diff,
                                                has_aux=True)
        if cotangents:
            cotangents = tuple(_conj(c) for c in cotangents)
        else:
            cotangents = tuple(jnp.ones_like(o) for o in outputs)
        # TF's gradient for a complex source is the conjugate of JAX's cotangent.
        grads = iter(pullback(tuple(cotangents)))
        results, dtypes = [], iter(dtypes)
        for gathers in uses:
            if gathers is None:
                results.append(_conj(next(grads)))
            else:
                results.extend(_indexed_slices([next(grads) for _ in gathers], next(dtypes),
                                               [ids[j] for j, _, _ in gathers]))
        return tuple(outputs) + tuple(results) + aux + prefix_values

    def jacobian(*args):
        graph.STATS["gradient_compilations"] += 1
        leaves, prefix_values, _ = assemble(args)
        diff, _ = primals(leaves)
        return tuple(jax.jacrev(lambda *d: program(leaves, d)[0][0],
                                argnums=tuple(range(len(diff))))(*diff)) + prefix_values

    return vjp if mode == "vjp" else jacobian


def _needs_results(steps, sources, uses):
    """Whether the differentiated function needs step results before it runs: the value of a
    watched intermediate result, or a sparse source's dtype or rows' shape from a step."""
    for (slots, wires), gathers in zip(sources, uses):
        if gathers is None:
            if wires:
                return True
        elif not slots or any(type(steps[j][2][k]) is not int
                              for j, p, q in gathers for k in (p, q)):
            return True
    return False


def _indexed_slices(pieces, dtype, ids):
    """`values` and `indices` of a source's IndexedSlices from its gathers' pieces, joined as
    TF's `_aggregate_grads` joins them (indices to int64 when their dtypes differ)."""
    pieces = [_conj(_cast_back(piece, dtype)) for piece in pieces]
    if len({i.dtype for i in ids}) > 1:
        ids = [i.astype(jnp.int64) for i in ids]
    if len(pieces) == 1:
        return pieces[0], ids[0]
    return jnp.concatenate(pieces), jnp.concatenate(ids)


def _cast_back(piece, dtype):
    """A piece gathered through a Cast has the cast's dtype: TF casts it back to the source's
    (a complex piece of a real source keeps its real part)."""
    if piece.dtype == dtype:
        return piece
    if jnp.iscomplexobj(piece) and not jnp.issubdtype(dtype, jnp.complexfloating):
        piece = jnp.real(piece)
    return piece.astype(dtype)
