"""Random ops and TF1's seeding (`tf.set_random_seed` plus op-level `seed=`).

A graph-level seed makes every later random op reproducible across runs, and an op-level seed
with it picks a fixed stream, as in TF. The numbers themselves come from JAX's generator:
TF's exact random streams are not reproduced.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..autodiff import graph
from ..autodiff.graph import execute, execute_host
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import wrap
from .array_ops import _static_shape
from .declare import check_dtype
from .registry import Op, export

_STATE = {"seed": None, "calls": 0}
_SESSION_ENTROPY = int(np.random.SeedSequence().entropy % (2 ** 63))


@export("set_random_seed", "random.set_random_seed", "compat.v1.set_random_seed")
def set_random_seed(seed):
    """Set the graph-level seed: the random ops that follow repeat from run to run."""
    _STATE["seed"] = None if seed is None else int(seed)
    _STATE["calls"] = 0


def _next_key(op_seed):
    if graph.TRACES:  # inside a compiled function: a key of this call (fresh numbers per call)
        return wrap(graph.TRACES[-1].next_key())
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


# ---- shuffles, categorical draws, gamma and Poisson samples, random crops ------------------
def _host(op, inputs, attrs):
    """Run `op` on the host (NumPy) when a string tensor is among its inputs."""
    if any(t.dtype.is_string for t in inputs):
        return execute_host(op, inputs, attrs)
    return execute(op, inputs, attrs)


def _shuffle(key, x):
    return x[jax.random.permutation(key, x.shape[0])]


def _shuffle_host(key, x):
    return x[np.asarray(jax.random.permutation(key, x.shape[0]))]


_SHUFFLE = Op("RandomShuffle", _shuffle, differentiable=False, host_kernel=_shuffle_host)


@export("random_shuffle", "random.shuffle")
def random_shuffle(value, seed=None, name=None):
    """Shuffle `value` along its first dimension (a scalar comes back unchanged)."""
    value = to_tensor(value)
    key = _next_key(seed)
    if value._rank() == 0:
        return value
    return _host(_SHUFFLE, (key, value), ())


def _categorical(key, logits, num_samples, dtype):
    logits = logits.astype(jnp.float32) if logits.dtype.itemsize < 4 else logits
    draws = jax.random.categorical(key, logits, axis=-1, shape=(num_samples, logits.shape[0]))
    # TF answers num_classes for a row whose logits are all -inf.
    dead = jnp.all(logits == -jnp.inf, axis=-1)
    return jnp.where(dead[None, :], logits.shape[-1], draws).T.astype(dtype)


_MULTINOMIAL = Op("Multinomial", _categorical, differentiable=False)
_LOGIT_TYPES = frozenset(np.dtype(d.as_numpy_dtype) for d in
                         (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64))


def _draw_categorical(logits, num_samples, seed, dtype, key=None):
    dtype = dtypes.int64 if dtype is None else dtypes.as_dtype(dtype)
    if dtype not in (dtypes.int32, dtypes.int64):
        raise ValueError(f"Argument `dtype` got invalid value {dtype}. Accepted dtypes are "
                         "(tf.int32, tf.int64).")
    logits = to_tensor(logits)
    if logits._meta().dtype not in _LOGIT_TYPES:
        raise errors.NotFoundError(
            None, None, "Could not find device for node: {{node Multinomial}} = Multinomial"
            f"[T=DT_{logits.dtype.name.upper()}, output_dtype=DT_{dtype.name.upper()}]")
    shape = logits._shape_tuple()
    if len(shape) != 2:
        raise errors.invalid_argument(
            f"logits should be a matrix, got shape [{','.join(map(str, shape))}]", "Multinomial")
    num_samples = int(num_samples)
    if num_samples < 0:
        raise errors.invalid_argument(
            f"num_samples should be non-negative, got {num_samples}", "Multinomial")
    if shape[1] == 0:
        raise errors.invalid_argument("num_classes should be positive, got 0", "Multinomial")
    attrs = (("num_samples", num_samples), ("dtype", np.dtype(dtype.as_numpy_dtype)))
    return execute(_MULTINOMIAL, (_next_key(seed) if key is None else key, logits), attrs)


@export("multinomial", "random.multinomial")
def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """TF1 `tf.multinomial`: `num_samples` class indices per row of `logits` (int64)."""
    return _draw_categorical(logits, num_samples, seed, output_dtype)


@export("random.categorical")
def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """`tf.random.categorical`: class indices drawn from the rows of `logits` (int64)."""
    return _draw_categorical(logits, num_samples, seed, dtype)


def _gamma(key, alpha, beta, shape, dtype):
    alpha, beta = jnp.broadcast_arrays(alpha, beta)
    draws = jax.random.gamma(key, alpha, shape + alpha.shape, dtype) / beta
    # TF clips at the smallest normal number, so a sample is never 0.
    return jnp.maximum(draws, jnp.asarray(np.finfo(dtype).tiny, dtype))


_GAMMA = Op("RandomGamma", _gamma)
_GAMMA_TYPES = frozenset(np.dtype(d.as_numpy_dtype) for d in
                         (dtypes.float16, dtypes.float32, dtypes.float64))


def _named_input(name, value, dtype):
    try:
        return to_tensor(value, dtype)
    except ValueError as e:
        raise ValueError(f"{name}: {e}") from None


@export("random_gamma", "random.gamma")
def random_gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma samples of shape `shape + broadcast(alpha, beta).shape`, differentiable in both.

    Differences from TensorFlow: the gradient is JAX's implicit reparameterisation.
    """
    dtype = dtypes.as_dtype(dtype)
    alpha = _named_input("alpha", alpha, dtype)
    beta = _named_input("beta", 1 if beta is None else beta, dtype)
    if alpha._meta().dtype not in _GAMMA_TYPES:
        check_dtype(_GAMMA, alpha, _GAMMA_TYPES)
    attrs = (("shape", _static_shape(shape)), ("dtype", np.dtype(dtype.as_numpy_dtype)))
    return execute(_GAMMA, (_next_key(seed), alpha, beta), attrs)


def _poisson(key, lam, shape, dtype):
    rate = lam.astype(jnp.float64 if lam.dtype == jnp.float64 else jnp.float32)
    draws = jax.random.poisson(key, jnp.maximum(rate, 0), shape + lam.shape)
    return draws.astype(dtype)


_POISSON = Op("RandomPoissonV2", _poisson, differentiable=False)
_POISSON_TYPES = frozenset(np.dtype(d.as_numpy_dtype) for d in
                           (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32,
                            dtypes.int64))


@export("random_poisson", "random.poisson")
def random_poisson(lam, shape, dtype=dtypes.float32, seed=None, name=None):
    """Poisson samples of shape `shape + lam.shape` (float32 by default); rate <= 0 gives 0."""
    dtype = dtypes.as_dtype(dtype)
    lam = to_tensor(lam)
    check_dtype(_POISSON, lam, _POISSON_TYPES)
    if np.dtype(dtype.as_numpy_dtype) not in _POISSON_TYPES:
        raise errors.invalid_argument(
            f"Value for attr 'dtype' of {dtype.name} is not in the list of allowed values: "
            "half, float, double, int32, int64", "RandomPoissonV2")
    attrs = (("shape", _static_shape(shape)), ("dtype", np.dtype(dtype.as_numpy_dtype)))
    return execute(_POISSON, (_next_key(seed), lam), attrs)


def _crop_offsets(key, limits):
    return jax.random.randint(key, (len(limits),), 0, jnp.asarray(limits, jnp.int64) + 1,
                              jnp.int64)


def _crop(key, value, size):
    limits = tuple(d - s for d, s in zip(value.shape, size))
    return jax.lax.dynamic_slice(value, tuple(_crop_offsets(key, limits)), size)


def _crop_host(key, value, size):
    limits = tuple(d - s for d, s in zip(value.shape, size))
    offsets = np.asarray(_crop_offsets(key, limits)).tolist()
    return value[tuple(slice(o, o + s) for o, s in zip(offsets, size))]


_RANDOM_CROP = Op("RandomCrop", _crop, host_kernel=_crop_host)


@export("random_crop", "image.random_crop")
def random_crop(value, size, seed=None, name=None):
    """A slice of shape `size` at a uniformly random offset of `value` (differentiable)."""
    value = to_tensor(value)
    shape = value._shape_tuple()
    size = _static_shape(size)
    if len(size) != len(shape):
        raise errors.invalid_argument(
            f"Expected begin and size arguments to be 1-D tensors of size {len(shape)}, but "
            f"got shapes [{len(shape)}] and [{len(size)}] instead.", "Slice")
    if any(d < s for d, s in zip(shape, size)):
        raise errors.InvalidArgumentError(
            None, None, "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
            "Summarized data: b'Need value.shape >= size, got '\n"
            f"{', '.join(map(str, shape))}\n{', '.join(map(str, size))}")
    return _host(_RANDOM_CROP, (_next_key(seed), value), (("size", size),))


# ---- stateless random ops: the numbers are a function of the shape and a seed pair ---------
def _seed_key(seed, op_name):
    """A `[2]` int32/int64 seed as a JAX key (the same pair always gives the same numbers)."""
    seed = to_tensor(seed)
    if seed.dtype not in (dtypes.int32, dtypes.int64):
        raise errors.invalid_argument(
            f"Value for attr 'Tseed' of {seed.dtype.name.replace('float32', 'float')} is not in "
            "the list of allowed values: int32, int64", op_name)
    if seed._shape_tuple() != (2,):
        raise errors.invalid_argument(
            f"seed must have shape [2], not [{','.join(map(str, seed._shape_tuple()))}]",
            op_name)
    return execute(_SEED_KEY, (seed,))


_SEED_KEY = Op("StatelessSeed", lambda seed: seed.astype(jnp.uint32), differentiable=False)


@export("random.stateless_uniform")
def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None):
    """`tf.random.stateless_uniform`: uniform samples determined by `seed` (a pair of ints).

    Differences from TensorFlow: the numbers come from JAX's generator, not TF's Philox.
    """
    dtype = dtypes.as_dtype(dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    key = _seed_key(seed, "StatelessRandomUniformInt" if dtype.is_integer
                    else "StatelessRandomUniform")
    attrs = (("shape", _static_shape(shape)), ("dtype", np.dtype(dtype.as_numpy_dtype)))
    return execute(_UNIFORM, (key, to_tensor(minval, dtype), to_tensor(maxval, dtype)), attrs)


@export("random.stateless_normal")
def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
    """`tf.random.stateless_normal`: normal samples determined by `seed` (a pair of ints)."""
    dtype = dtypes.as_dtype(dtype)
    attrs = (("shape", _static_shape(shape)), ("dtype", np.dtype(dtype.as_numpy_dtype)))
    key = _seed_key(seed, "StatelessRandomNormal")
    return execute(_NORMAL, (key, to_tensor(mean, dtype), to_tensor(stddev, dtype)), attrs)


@export("random.stateless_truncated_normal")
def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                               name=None):
    """`tf.random.stateless_truncated_normal`: normal samples within two standard deviations,
    determined by `seed`."""
    dtype = dtypes.as_dtype(dtype)
    attrs = (("shape", _static_shape(shape)), ("dtype", np.dtype(dtype.as_numpy_dtype)))
    key = _seed_key(seed, "StatelessTruncatedNormal")
    return execute(_TRUNCATED, (key, to_tensor(mean, dtype), to_tensor(stddev, dtype)), attrs)


@export("random.stateless_categorical", "random.stateless_multinomial")
def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """`tf.random.stateless_categorical`: class indices drawn from the rows of `logits`,
    determined by `seed`."""
    key = _seed_key(seed, "StatelessMultinomial")
    return _draw_categorical(logits, num_samples, None, dtype, key)
