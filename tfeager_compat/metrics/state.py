"""What every metric shares: state in non-trainable Variables, updated by one jitted call.

An update is one `Op` whose kernel takes the current states and the batch and returns the
new states (then anything the metric's call returns). Its front checks shapes and dtypes
first, with TF's messages, and the new states are installed only after the call returned,
so a bad batch changes nothing. Metric updates are never recorded by a GradientTape: a
pending input (a loss computed under a tape) is computed, or sliced out of the gradient
call's packed results, by the same call.
"""
import jax.numpy as jnp
import numpy as np

from ..autodiff.graph import execute
from ..framework import errors
from ..framework.tensor import wrap
from ..ops.registry import Op
from ..variables import Variable


def update_op(name, kernel):
    """An Op for a metric update: never differentiated, never deferred by a tape."""
    return Op(name, kernel, differentiable=False, eager_only=True)


def run_update(op, variables, inputs, attrs=()):
    """Run `op` on the variables' values and `inputs`; install its first len(variables)
    outputs as their new values and return the rest (a tuple)."""
    states = [v._snapshot for v in variables]
    outputs = execute(op, (*states, *inputs), attrs)
    n = len(variables)
    for variable, value in zip(variables, outputs[:n]):
        variable._snapshot = value
    return outputs[n:]


def zeros_variable(name, shape, dtype):
    """A non-trainable Variable `name:0` (under the current name scope) of zeros."""
    return Variable(np.zeros(shape, dtype.as_numpy_dtype), trainable=False, name=name)


def reset(variables):
    """Set every variable back to zeros."""
    for v in variables:
        v._snapshot = wrap(jnp.zeros(v._snapshot._shape_tuple(), v._snapshot._aval.dtype))


def check_broadcast(a, b, op_name):
    """TF's "Incompatible shapes" InvalidArgumentError unless the Tensors `a` and `b` broadcast."""
    try:
        np.broadcast_shapes(a._shape_tuple(), b._shape_tuple())
    except ValueError:
        raise errors.invalid_argument(
            f"Incompatible shapes: {errors.shape_text(a._shape_tuple())} vs. "
            f"{errors.shape_text(b._shape_tuple())}", op_name) from None
