"""Random ops and TF1's seeding (`tf.set_random_seed` plus op-level `seed=`).

A graph-level seed makes every later random op reproducible across runs, and an op-level seed
with it picks a fixed stream, as in TF. The numbers themselves come from JAX's generator:
TF's exact random streams are not reproduced.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import wrap
from .array_ops import _static_shape
from .registry import Op, export

_STATE = {"seed": None, "calls": 0}
_SESSION_ENTROPY = int(np.random.SeedSequence().entropy % (2 ** 63))


@export("set_random_seed", "random.set_random_seed", "compat.v1.set_random_seed")
def set_random_seed(seed):
    """Set the graph-level seed: the random ops that follow repeat from run to run."""
    _STATE["seed"] = None if seed is None else int(seed)
    _STATE["calls"] = 0


def _next_key(op_seed):
    _STATE["calls"] += 1
    base = _STATE["seed"]
    if base is None:
        base = _SESSION_ENTROPY if op_seed is None else 87654321
    words = [base, -1 if op_seed is None else int(op_seed), _STATE["calls"]]
    state = np.random.SeedSequence([w % (2 ** 63) for w in words]).generate_state(2)
    return wrap(state.astype(np.uint32))


def _normal(key, mean, stddev, shape, dtype):
    return jax.random.normal(key, shape, dtype) * stddev + mean


def _truncated_normal(key, mean, stddev, shape, dtype):
    return jax.random.truncated_normal(key, -2.0, 2.0, shape, dtype) * stddev + mean


def _uniform(key, minval, maxval, shape, dtype):
    if jnp.issubdtype(dtype, jnp.integer):
        return jax.random.randint(key, shape, minval, maxval, dtype)
    return jax.random.uniform(key, shape, dtype, minval, maxval)


_NORMAL = Op("RandomStandardNormal", _normal, differentiable=False)
_TRUNCATED = Op("TruncatedNormal", _truncated_normal, differentiable=False)
_UNIFORM = Op("RandomUniform", _uniform, differentiable=False)


def _sample(op, shape, a, b, dtype, seed):
    dtype = dtypes.as_dtype(dtype)
    attrs = (("shape", _static_shape(shape)), ("dtype", np.dtype(dtype.as_numpy_dtype)))
    return execute(op, (_next_key(seed), to_tensor(a, dtype), to_tensor(b, dtype)), attrs)


@export("random_normal", "random.normal")
def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Samples from a normal distribution (float32 by default)."""
    return _sample(_NORMAL, shape, mean, stddev, dtype, seed)


@export("truncated_normal", "random.truncated_normal")
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples re-drawn beyond two standard deviations."""
    return _sample(_TRUNCATED, shape, mean, stddev, dtype, seed)


@export("random_uniform", "random.uniform")
def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in [minval, maxval); integer dtypes need `maxval`, as in TF."""
    dtype = dtypes.as_dtype(dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    if dtype.is_integer and int(to_tensor(minval, dtype)) >= int(to_tensor(maxval, dtype)):
        raise errors.invalid_argument("Need minval < maxval: "
                                      f"{int(minval)} >= {int(maxval)}", "RandomUniformInt")
    return _sample(_UNIFORM, shape, minval, maxval, dtype, seed)
