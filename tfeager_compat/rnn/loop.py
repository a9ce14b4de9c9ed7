"""A recurrent loop over time as ONE op whose kernel is a `lax.scan`.

Keras RNN layers and `tf.nn.dynamic_rnn` describe one time step with the op table's public
functions (a cell's `call`). `scan` turns that step into an `Op` whose kernel traces it once
with JAX values inside `lax.scan` (tapes cleared, the Variables it reads swapped for traced
inputs, as `custom_gradient` does), so:

- without a tape the whole loop is one jitted XLA call;
- under a GradientTape it is one recorded op (its inputs: the sequences, the initial carry,
  the constants and the snapshots of the Variables the step reads), replayed under `jax.vjp`
  in the tape's one compiled gradient call like any other op.

Random ops inside the step (a `DropoutWrapper`, a user cell's `tf.nn.dropout`) draw from a key
passed in per run and folded with the time index and the draw's position in the step, so every
step and every run gets fresh numbers, as TF's per-step kernels do.

The Op is cached per `(cache, key)`: `key` must hold everything the step's Python code
depends on besides its tensor arguments (`training`, a mask's presence, ...).
"""
import contextlib

import jax
import jax.numpy as jnp
import numpy as np

from ..autodiff import graph
from ..framework import convert
from ..framework.tensor import wrap
from ..ops import nn_ops, random_ops
from ..ops.registry import Op


class _StepError(Exception):
    """Carries an exception the step raised while being traced past JAX and `execute`."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


class _Reads:
    """Stands as the only tape while the step is first traced, to learn which Variables it
    reads."""

    _recording = False

    def __init__(self):
        self.variables = []

    def _on_variable_read(self, variable):
        if not any(variable is v for v in self.variables):
            self.variables.append(variable)


def _host_scalar(value, dtype):
    """A Python number as a NumPy constant while a step is traced: compiled in as a literal.
    (The cached device arrays eager ops use would become hoisted arguments of the compiled
    program, which JAX 0.10's fast call path then fails to pass.)"""
    return convert._python_to_numpy(value, dtype)


@contextlib.contextmanager
def _tracing(tapes, variables=(), arrays=(), keys=None):
    """Run a step on traced values: only `tapes` watch, `variables` hold `arrays`, and random
    ops take their keys from `keys()`."""
    saved_tapes = graph.TAPES[:]
    graph.TAPES[:] = tapes
    scalar_array = convert._scalar_array
    convert._scalar_array = _host_scalar
    saved = [v._snapshot for v in variables]
    for v, a in zip(variables, arrays):
        v._snapshot = wrap(a)
    next_key = random_ops._next_key
    if keys is not None:
        random_ops._next_key = nn_ops._next_key = lambda seed=None: wrap(keys())
    try:
        yield
    finally:
        random_ops._next_key = nn_ops._next_key = next_key
        convert._scalar_array = scalar_array
        for v, s in zip(variables, saved):
            v._snapshot = s
        graph.TAPES[:] = saved_tapes


def _call_step(step, xs, carry, constants):
    try:
        outputs, new_carry = step([wrap(x) for x in xs], [wrap(c) for c in carry],
                                  [wrap(c) for c in constants])
    except _StepError:
        raise
    except Exception as e:  # re-raised as it is by `scan`
        raise _StepError(e) from e
    return [t._array() for t in outputs], [t._array() for t in new_carry]


class _Loop:
    """One compiled loop: the step, the Variables it reads and whether it draws numbers."""

    def __init__(self, name, step, counts, reverse, unroll, sequences, initial, constants):
        self.step, self.counts, self.reverse, self.unroll = step, counts, reverse, unroll
        reads, draws = _Reads(), [0]

        def count_draws():
            draws[0] += 1
            return jnp.zeros((2,), jnp.uint32)

        def one_step(xs, carry, consts):
            with _tracing([reads], keys=count_draws):
                return _call_step(step, xs, carry, consts)

        avals = [jax.ShapeDtypeStruct(t.shape.as_list()[1:], t.dtype.as_numpy_dtype)
                 for t in sequences]
        jax.eval_shape(one_step, avals, [t._meta() for t in initial],
                       [t._meta() for t in constants])
        self.variables = reads.variables
        self.random = draws[0] > 0
        self.op = Op(name, self.kernel)

    def kernel(self, *arrays):
        n_seq, n_carry, n_const = self.counts
        seqs, carry = arrays[:n_seq], arrays[n_seq:n_seq + n_carry]
        constants = arrays[n_seq + n_carry:n_seq + n_carry + n_const]
        rest = arrays[n_seq + n_carry + n_const:]
        params, base_key = (rest[:-1], rest[-1]) if self.random else (rest, None)
        length = seqs[0].shape[0]

        def body(state, xs):
            carry, t = state
            keys = None
            if base_key is not None:
                step_key, draws = jax.random.fold_in(base_key, t), [0]

                def keys():
                    draws[0] += 1
                    return jax.random.fold_in(step_key, draws[0])
            with _tracing([], self.variables, params, keys):
                outputs, new_carry = _call_step(self.step, xs, carry, constants)
            return (tuple(new_carry), t + 1), tuple(outputs)

        (final, _), outputs = jax.lax.scan(body, (tuple(carry), jnp.int32(0)), tuple(seqs),
                                           reverse=self.reverse,
                                           unroll=length if self.unroll else 1)
        return tuple(outputs) + tuple(final)


def scan(cache, key, step, sequences, initial, constants=(), reverse=False, unroll=False,
         name="RecurrentScan"):
    """Run `step` over axis 0 of the Tensors `sequences` as one op.

    `step(xs, carry, constants) -> (outputs, new_carry)` takes and returns lists of Tensors
    (one time slice of each sequence, the carry, the constants) and must keep the carry's
    shapes and dtypes. Returns (the outputs stacked on axis 0, the final carry). `reverse`
    walks the sequences from the end (the outputs stay aligned with the inputs); `unroll`
    unrolls the loop in the compiled program.
    """
    entry = cache.get(key)
    if entry is None:
        try:
            entry = _Loop(name, step, (len(sequences), len(initial), len(constants)), reverse,
                          unroll, sequences, initial, constants)
        except _StepError as e:
            raise e.error from None
        cache[key] = entry
    inputs = list(sequences) + list(initial) + list(constants)
    inputs += [v._read() for v in entry.variables]  # lets the active tapes watch them
    if entry.random:
        inputs.append(random_ops._next_key(None))
    try:
        results = graph.execute(entry.op, inputs)
    except _StepError as e:
        raise e.error from None
    n_out = len(results) - len(initial)
    return list(results[:n_out]), list(results[n_out:])
