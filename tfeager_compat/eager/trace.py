"""Staging: a Python function written with the op table, traced into one jaxpr with its state lifted.

`stage(call, avals)` runs `call` once on traced Tensors (JAX's `make_jaxpr`). While it runs:

- every live Variable holds a traced input, so whatever the function reads, by any route
  (`read_value`, an optimizer's slots, a metric's counters), is an input of the program and
  whatever it assigns is an output; only the inputs the program uses are kept;
- ops on values known at trace time are computed then (`jax.ensure_compile_time_eval`):
  constants fold, and no cache of the shim ever holds a traced value;
- random ops draw keys folded from one key input (`Trace.next_key`), so each call of the
  compiled program gets fresh numbers;
- tapes active outside see nothing (to them the whole program is one op), while tapes made
  inside record and differentiate as usual, on traced values;
- Variables created are recorded with their initial values (see `Staged.created`).

The result is a `Staged` program whose `op` is an ordinary `Op`: `graph.execute` runs it as
one jitted call, or defers and records it under a tape, which then differentiates it with the
rest of its recording (a compiled vjp).
"""
import jax
import numpy as np
from jax.extend.core import Literal, jaxpr_as_fun

from ..autodiff import graph
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..ops.registry import Op

# The errors JAX raises when Python code needs the value of a traced tensor.
CONCRETIZATION_ERRORS = (jax.errors.ConcretizationTypeError,
                         jax.errors.TracerArrayConversionError,
                         jax.errors.TracerIntegerConversionError,
                         jax.errors.TracerBoolConversionError)

_KEY = jax.ShapeDtypeStruct((2,), np.uint32)


class Trace:
    """The function being traced: where its random ops get their keys, and the Variables it
    creates."""

    __slots__ = ("key", "draws", "created")

    def __init__(self, key):
        self.key = key
        self.draws = 0
        self.created = []  # (Variable, its initial snapshot)

    def next_key(self):
        self.draws += 1
        return jax.random.fold_in(self.key, self.draws)


def is_variable(x):
    return hasattr(x, "_snapshot") and not isinstance(x, Tensor)


class Staged:
    """One traced function.

    - `op`: the program as an Op. Its arguments: the tensor inputs, then the `captures` it
      reads, then the values of `reads`, then a key when `keyed`; its outputs: the `n_results` result tensors, then the
      new values of `writes`.
    - `results`: the function's result with every Tensor (or Variable) replaced by its
      output position (`_Output`), and its tree structure.
    - `created`: the Variables created while tracing, with their initial snapshots.
    """

    __slots__ = ("op", "run", "captures", "reads", "writes", "keyed", "n_results", "simple",
                 "leaves", "treedef", "created", "closed", "variables")


_NONE = jax.tree_util.tree_structure(None)
_LEAF = jax.tree_util.tree_structure(0)


class _Output(int):
    """A position among a program's outputs, where the result held a Tensor."""


def _used(jaxpr):
    """The ids of the jaxpr's variables that some equation or output reads."""
    used = set()
    for eqn in jaxpr.eqns:
        for v in eqn.invars:
            if not isinstance(v, Literal):
                used.add(id(v))
    for v in jaxpr.outvars:
        if not isinstance(v, Literal):
            used.add(id(v))
    return used


def stage(call, avals, name, captures=(), axis_env=None):
    """Trace `call(list of traced Tensors)` on inputs of `avals`; a `Staged` program.

    `captures` are Tensors from outside that the program may read (what the recording tapes
    watch, for a branch or loop body): they are inputs too, so gradients flow through them.
    `axis_env` names mapped axes the program's collectives use (`[("replica", 4)]` for a
    MirroredStrategy step, run later under `shard_map`).
    """
    variables = list(graph.VARIABLES.values())
    saved = [v._snapshot for v in variables]
    saved_values = [t._value for t in captures]
    found = {}

    def run(arrays, captured, states, key):
        holders = [wrap(a) for a in states]
        for v, h in zip(variables, holders):
            v._snapshot = h
        for t, a in zip(captures, captured):
            t._value = a
        trace = Trace(key)
        tapes = graph.TAPES[:]
        graph.TAPES[:] = []
        graph.TRACES.append(trace)
        try:
            with jax.ensure_compile_time_eval():
                result = call([wrap(a) for a in arrays])
                leaves, treedef = jax.tree_util.tree_flatten(result)
                outputs = []
                for i, leaf in enumerate(leaves):
                    if isinstance(leaf, Tensor) or is_variable(leaf):
                        leaves[i] = _Output(len(outputs))
                        outputs.append(to_tensor(leaf)._array())
                written = [i for i, (v, h) in enumerate(zip(variables, holders))
                           if v._snapshot is not h]
                n_results = len(outputs)
                outputs.extend(variables[i]._snapshot._array() for i in written)
                created = trace.created
                outputs.extend(s._array() for _, s in created)
        finally:
            graph.TRACES.pop()
            graph.TAPES[:] = tapes
            for v, s in zip(variables, saved):
                v._snapshot = s
            for t, value in zip(captures, saved_values):
                t._value = value
        found.update(leaves=leaves, treedef=treedef, written=written, n_results=n_results,
                     created=created, draws=trace.draws)
        return outputs

    state_avals = [s._aval for s in saved]
    closed = jax.make_jaxpr(run, axis_env=axis_env)(list(avals), [t._aval for t in captures], state_avals, _KEY)
    jaxpr = closed.jaxpr
    used = _used(jaxpr)
    n, m, invars = len(avals), len(captures), jaxpr.invars
    captured = [i for i in range(m) if id(invars[n + i]) in used]
    read_positions = [i for i in range(len(variables)) if id(invars[n + m + i]) in used]
    keyed = id(invars[-1]) in used
    positions = (list(range(n)) + [n + i for i in captured] +
                 [n + m + i for i in read_positions] + ([len(invars) - 1] if keyed else []))
    n_out = found["n_results"] + len(found["written"])
    function = jaxpr_as_fun(closed)
    size = len(invars)

    def kernel(*arrays):
        full = [None] * size
        for p, a in zip(positions, arrays):
            full[p] = a
        return tuple(function(*full)[:n_out])

    staged = Staged()
    staged.op = Op(name, kernel)
    staged.run = staged.op.jitted(())
    staged.captures = [captures[i] for i in captured]
    staged.reads = [variables[i] for i in read_positions]
    staged.writes = [variables[i] for i in found["written"]]
    staged.keyed = keyed
    staged.n_results = found["n_results"]
    staged.leaves, staged.treedef = found["leaves"], found["treedef"]
    # The result is None or one Tensor: no tree to rebuild.
    staged.simple = staged.treedef == _NONE or (staged.treedef == _LEAF and staged.n_results)
    staged.created = found["created"]
    staged.closed, staged.variables = closed, variables
    return staged


def initial_values(staged, tensors, key):
    """Make concrete the initial values of the Variables `staged` created that depend on the
    trace (`tf.Variable(tf.random.normal(...))` inside the function): the program is run once,
    op by op, on the inputs of this call."""
    pending = [i for i, (_, s) in enumerate(staged.created)
               if s._value is None or isinstance(s._value, jax.core.Tracer)]
    if not pending:
        return
    args = [t._array() for t in tensors] + [v._snapshot._array() for v in staged.variables]
    outputs = jaxpr_as_fun(staged.closed)(*args, key._array())  # (a function has no captures)
    first = len(outputs) - len(staged.created)
    for i in pending:
        staged.created[i] = (staged.created[i][0], wrap(outputs[first + i]))


def results(staged, outputs):
    """The function's result built from the program's result tensors."""
    leaves = [outputs[leaf] if type(leaf) is _Output else leaf for leaf in staged.leaves]
    return jax.tree_util.tree_unflatten(staged.treedef, leaves)
