"""Control flow on traced values: `tf.cond`, `tf.case`, `tf.switch_case`, `tf.while_loop` and the
scans behind `tf.map_fn`, `tf.scan`, `tf.foldl`/`tf.foldr`, lowered to `lax.switch`,
`lax.while_loop` and `lax.scan` inside a compiled function.

Each branch (loop body, scanned function) is staged once (`trace.stage`), so its Python runs
once, as TF builds each branch once. The construct is then one `Op` whose inputs are its
operands, the tensors it captures that a recording tape watches (so gradients flow through
them, as through TF's captured inputs), the Variables its parts read or assign and a random
key: under a tape it is recorded and differentiated like any other op. Variables a branch
assigns come out of every branch (unchanged where a branch leaves them); a loop carries them.

`tf.while_loop` with `maximum_iterations` (and `back_prop`) runs as a `lax.scan` of that many
masked steps, which reverse-mode differentiation needs; without it, as a `lax.while_loop`.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..autodiff import graph
from ..framework.tensor import Tensor, wrap
from ..ops.registry import Op
from . import trace


class NotCompilable(jax.errors.ConcretizationTypeError):
    """A construct XLA cannot express (a loop variable changing shape): the function falls
    back to running eagerly."""

    def __init__(self, message):  # noqa: D107  (skips JAX's tracer-specific message)
        Exception.__init__(self, message)


def is_traced(tensor):
    """Whether `tensor` is a value of the function being traced (not known until it runs)."""
    if not graph.TRACES or not isinstance(tensor, Tensor):
        return False
    return tensor._value is None or isinstance(tensor._value, jax.core.Tracer)


def _watched():
    """The tensors the recording tapes watch or recorded: a branch reading one takes it as an
    input, so that the tape's gradient flows through the construct."""
    found = {}
    for tape in graph.TAPES:
        wires = getattr(tape, "_wires", None)
        if wires and tape._recording:
            for t in tape._leaves:
                if id(t) in wires:
                    found[id(t)] = t
            for outputs in tape._outputs:
                for t in outputs:
                    found[id(t)] = t
    return list(found.values())


def _stage(fn, avals, name):
    staged = trace.stage(lambda traced: fn(*traced), avals, name, _watched())
    if staged.created:
        raise NotCompilable(f"{name}: a Variable created inside a branch or loop body")
    return staged


class _Parts:
    """The staged parts of one construct and the inputs they share: captures, the Variables
    read or written (`state`, written ones first), and whether a key is needed."""

    def __init__(self, parts):
        self.parts = parts
        self.captures = list({id(t): t for p in parts for t in p.captures}.values())
        written = {id(v): v for p in parts for v in p.writes}
        read = {id(v): v for p in parts for v in p.reads if id(v) not in written}
        self.written = list(written.values())
        self.state = self.written + list(read.values())
        self.keyed = any(p.keyed for p in parts)

    def inputs(self):
        """The Tensors passed after the operands: captures, state values, key."""
        inputs = self.captures + [v._read() for v in self.state]
        if self.keyed:
            inputs.append(wrap(graph.TRACES[-1].next_key()))
        return inputs

    def split(self, arrays):
        """Captures by id, state by id, key, from the arrays `inputs()` became."""
        c = len(self.captures)
        captures = {id(t): a for t, a in zip(self.captures, arrays[:c])}
        state = {id(v): a for v, a in zip(self.state, arrays[c:c + len(self.state)])}
        key = arrays[-1] if self.keyed else None
        return captures, state, key

    def run(self, part, operands, captures, state, key):
        """Run one staged part; (its results, the new value of every written Variable)."""
        args = list(operands) + [captures[id(t)] for t in part.captures]
        args += [state[id(v)] for v in part.reads]
        if part.keyed:
            args.append(key)
        outputs = part.op.kernel(*args)
        n = part.n_results
        new = dict(zip(map(id, part.writes), outputs[n:]))
        return list(outputs[:n]), [new.get(id(v), state[id(v)]) for v in self.written]

    def write_back(self, values):
        for v, value in zip(self.written, values):
            v._snapshot = value


def _same_results(parts, what):
    first = parts[0]
    for p in parts[1:]:
        if (p.treedef != first.treedef or p.n_results != first.n_results or
                [type(x) is trace._Output or x for x in p.leaves] !=
                [type(x) is trace._Output or x for x in first.leaves]):
            raise ValueError(f"{what} must have the same number, type, and overall structure "
                             "of return values.")


def switch(index, branches, name, what):
    """`branches[index]()` for a traced int32 `index` (tf.cond, tf.case, tf.switch_case)."""
    staged = [_stage(fn, [], f"{name}_branch{i}") for i, fn in enumerate(branches)]
    _same_results(staged, what)
    avals = [_result_avals(p, []) for p in staged]
    for other in avals[1:]:
        if [(a.shape, a.dtype) for a in other] != [(a.shape, a.dtype) for a in avals[0]]:
            raise ValueError(f"{what} must have the same number, type, and overall structure "
                             "of return values.")
    parts = _Parts(staged)

    def kernel(index, *arrays):
        captures, state, key = parts.split(arrays)
        fns = [lambda p=p: tuple(_flat(parts.run(p, (), captures, state, key)))
               for p in staged]
        return jax.lax.switch(index, fns)

    outputs = graph.execute(Op(name, kernel), [index] + parts.inputs())
    outputs = outputs if type(outputs) is tuple else (outputs,)
    n = staged[0].n_results
    parts.write_back(outputs[n:])
    return trace.results(staged[0], outputs[:n])


def _flat(pair):
    results, written = pair
    return results + written


def while_loop(cond, body, loop_vars, steps, limit, name):
    """`tf.while_loop` on traced loop variables (a flat list of Tensors); the final values.

    With `steps` (an int) it runs as a scan of that many masked steps (differentiable);
    otherwise as a while loop, stopping after `limit` (a Tensor, or None) iterations."""
    avals = [t._aval for t in loop_vars]
    body_part = _stage(body, avals, f"{name}_body")
    cond_part = _stage(cond, avals, f"{name}_cond")
    new_avals = _result_avals(body_part, avals)
    if body_part.n_results != len(avals) or any(
            (a.shape, a.dtype) != (b.shape, b.dtype) for a, b in zip(avals, new_avals)):
        raise NotCompilable(f"{name}: a loop variable changes shape or dtype between "
                            "iterations (shape_invariants)")
    parts = _Parts([cond_part, body_part])
    n, w = len(loop_vars), len(parts.written)

    def kernel(*arrays):
        values, rest = arrays[:n], arrays[n:]
        if limit is not None:
            bound, rest = rest[0], rest[1:]
        captures, state, key = parts.split(rest)

        def carried_state(written):
            merged = dict(state)
            merged.update(zip(map(id, parts.written), written))
            return merged

        def keep_going(values, written):
            (flag,), _ = parts.run(cond_part, values, captures, carried_state(written), key)
            return flag

        def step(values, written, i):
            step_key = None if key is None else jax.random.fold_in(key, i)
            return parts.run(body_part, values, captures, carried_state(written), step_key)

        initial = (list(values), [state[id(v)] for v in parts.written])
        if steps is None:
            def loop_cond(carry):
                flag = keep_going(carry[0], carry[1])
                return flag if limit is None else flag & (carry[2] < bound.astype(jnp.int32))

            def loop_body(carry):
                values, written, i = carry
                new_values, new_written = step(values, written, i)
                return new_values, new_written, i + 1

            final = jax.lax.while_loop(loop_cond, loop_body, initial + (jnp.int32(0),))
            return tuple(final[0]) + tuple(final[1])

        def scan_body(carry, i):
            values, written, done = carry
            done = done | ~keep_going(values, written)
            new_values, new_written = step(values, written, i)
            keep = lambda old, new: jnp.where(done, old, new)  # noqa: E731
            return ([keep(o, v) for o, v in zip(values, new_values)],
                    [keep(o, v) for o, v in zip(written, new_written)], done), None

        final, _ = jax.lax.scan(scan_body, initial + (jnp.bool_(False),),
                                jnp.arange(steps, dtype=jnp.int32))
        return tuple(final[0]) + tuple(final[1])

    bound = [] if limit is None else [limit]
    outputs = graph.execute(Op(name, kernel), list(loop_vars) + bound + parts.inputs())
    outputs = outputs if type(outputs) is tuple else (outputs,)
    parts.write_back(outputs[n:n + w])
    return list(outputs[:n])


def _result_avals(part, avals):
    args = [jax.ShapeDtypeStruct(a.shape, a.dtype) for a in avals]
    args += [jax.ShapeDtypeStruct(t._aval.shape, t._aval.dtype) for t in part.captures]
    args += [jax.ShapeDtypeStruct(v._snapshot._aval.shape, v._snapshot._aval.dtype)
             for v in part.reads]
    if part.keyed:
        args.append(jax.ShapeDtypeStruct((2,), np.uint32))
    return jax.eval_shape(part.op.kernel, *args)[:part.n_results]


def scan(fn, initial, elems, reverse, name):
    """`lax.scan` of `fn(carry tensors, element tensors) -> (new carry, output)` (flat lists):
    the final carry and the stacked outputs. Backs tf.scan, tf.map_fn, tf.foldl/foldr."""
    n_carry = len(initial)
    carry_avals = [t._aval for t in initial]
    element_avals = [jax.core.ShapedArray(t._aval.shape[1:], t._aval.dtype) for t in elems]
    staged = _stage(lambda *ts: _pair(fn(list(ts[:n_carry]), list(ts[n_carry:]))),
                    carry_avals + element_avals, f"{name}_fn")
    n_out = staged.n_results - n_carry
    out_avals = _result_avals(staged, carry_avals + element_avals)
    if any((a.shape, a.dtype) != (b.shape, b.dtype)
           for a, b in zip(carry_avals, out_avals[:n_carry])):
        raise NotCompilable(f"{name}: the accumulator changes shape or dtype")
    parts = _Parts([staged])
    n_elems, w = len(elems), len(parts.written)

    def kernel(*arrays):
        carry, xs, rest = arrays[:n_carry], arrays[n_carry:n_carry + n_elems], \
            arrays[n_carry + n_elems:]
        captures, state, key = parts.split(rest)

        def body(c, x):
            values, written = c
            element, i = x
            merged = dict(state)
            merged.update(zip(map(id, parts.written), written))
            step_key = None if key is None else jax.random.fold_in(key, i)
            results, new_written = parts.run(staged, list(values) + list(element), captures,
                                             merged, step_key)
            return (results[:n_carry], new_written), results[n_carry:]

        length = xs[0].shape[0]
        (final, written), ys = jax.lax.scan(
            body, (list(carry), [state[id(v)] for v in parts.written]),
            (list(xs), jnp.arange(length, dtype=jnp.int32)), reverse=reverse)
        return tuple(final) + tuple(ys) + tuple(written)

    outputs = graph.execute(Op(name, kernel), list(initial) + list(elems) + parts.inputs())
    outputs = outputs if type(outputs) is tuple else (outputs,)
    parts.write_back(outputs[n_carry + n_out:n_carry + n_out + w])
    return list(outputs[:n_carry]), list(outputs[n_carry:n_carry + n_out])


def _pair(result):
    carry, outputs = result
    return list(carry) + list(outputs)
