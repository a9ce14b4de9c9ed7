"""`tf.custom_gradient`: a function whose gradient is given by the user's `grad_fn`.

As in TF 1.15 eager, the decorated function runs once with recording stopped, and a tape that
watches its inputs (or the variables it reads) records it as one op. That op's kernel is a
`jax.custom_vjp` function: replaying it re-runs the user's function on traced values and its
backward pass calls `grad_fn(*dys)` (or `grad_fn(*dys, variables=...)` when the function reads
variables, which then receive the second list of gradients). `grad_fn` may return None for an
argument; that argument gets a zero gradient.
"""
import contextlib
import functools

import jax
import jax.numpy as jnp
import numpy as np

from ..framework.convert import is_tensor_like, to_tensor
from ..framework.tensor import wrap
from ..ops.registry import Op, export
from . import graph


class _VariableReads:
    """Stands among the tapes while the function first runs, to learn which variables it reads."""

    _recording = False

    def __init__(self):
        self.variables = []

    def _on_variable_read(self, variable):
        if not any(variable is v for v in self.variables):
            self.variables.append(variable)


@contextlib.contextmanager
def _paused_tapes():
    states = [(tape, tape._recording) for tape in graph.TAPES]
    for tape, _ in states:
        tape._recording = False
    try:
        yield
    finally:
        for tape, recording in states:
            tape._recording = recording


@contextlib.contextmanager
def _variables_holding(variables, arrays):
    saved = [v._snapshot for v in variables]
    for v, a in zip(variables, arrays):
        v._snapshot = wrap(a)
    try:
        yield
    finally:
        for v, s in zip(variables, saved):
            v._snapshot = s


def _flatten(result):
    items = list(result) if isinstance(result, (list, tuple)) else [result]
    return [to_tensor(r) for r in items]


def _gradient_kernel(f, args, kwargs, positions, variables):
    """The custom-vjp kernel for one call pattern of `f`."""
    n = len(positions)

    def run(arrays):
        call_args = list(args)
        for i, a in zip(positions, arrays[:n]):
            call_args[i] = wrap(a)
        with _paused_tapes(), _variables_holding(variables, arrays[n:]):
            return f(*call_args, **kwargs)

    @jax.custom_vjp
    def kernel(*arrays):
        return tuple(t._array() for t in _flatten(run(arrays)[0]))

    def forward(*arrays):
        return kernel(*arrays), arrays

    def backward(arrays, cotangents):
        _, grad_fn = run(arrays)
        with _paused_tapes(), _variables_holding(variables, arrays[n:]):
            dys = [wrap(c) for c in cotangents]
            if variables:
                input_grads, variable_grads = grad_fn(*dys, variables=list(variables))
            else:
                input_grads, variable_grads = grad_fn(*dys), []
        if not isinstance(input_grads, (list, tuple)):
            input_grads = [input_grads]
        input_grads = list(input_grads)
        if len(input_grads) == len(args) and len(args) != n:
            input_grads = [input_grads[i] for i in positions]
        grads = input_grads + list(variable_grads)
        return tuple(jnp.zeros_like(a) if g is None else to_tensor(g)._array().astype(a.dtype)
                     for g, a in zip(grads, arrays))

    kernel.defvjp(forward, backward)
    return kernel


def _hashable(value):
    try:
        hash(value)
        return True
    except TypeError:
        return False


@export("custom_gradient", "contrib.eager.custom_gradient")
def custom_gradient(f):
    """Decorate `f(*args) -> (outputs, grad_fn)` so that its gradient is `grad_fn`'s."""
    ops = {}

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        positions = [i for i, a in enumerate(args)
                     if is_tensor_like(a) or isinstance(a, np.ndarray)]
        inputs = [to_tensor(args[i]) for i in positions]
        call_args = list(args)
        for i, t in zip(positions, inputs):
            call_args[i] = t
        reads = _VariableReads()
        with _paused_tapes():
            graph.TAPES.append(reads)
            try:
                result, _ = f(*call_args, **kwargs)
            finally:
                graph.TAPES.remove(reads)
        variables = reads.variables
        snapshots = [v._read() for v in variables]  # lets the active tapes watch them
        if not graph.TAPES:
            return result
        static = tuple(None if i in positions else a for i, a in enumerate(args))
        key = (tuple(positions), static, tuple(sorted(kwargs.items())), tuple(variables))
        op = ops.get(key) if _hashable(key) else None
        if op is None:
            op = Op(f"CustomGradient_{f.__name__}",
                    _gradient_kernel(f, static, kwargs, positions, variables))
            if _hashable(key):
                ops[key] = op
        outputs = graph.record(op, inputs + snapshots)
        if outputs is None:  # no tape watches the inputs
            return result
        values = _flatten(result)
        outputs[0]._node.values = tuple(t._array() for t in values)
        if isinstance(result, (list, tuple)):
            return type(result)(outputs)
        return outputs[0]

    return decorated
