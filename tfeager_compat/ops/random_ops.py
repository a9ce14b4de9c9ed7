"""Random ops and TF1's seeding (`tf.set_random_seed` plus op-level `seed=`).

Seeds behave as TF documents them: with a graph-level seed every later random op repeats from
run to run; each op without its own seed takes the next internal op seed; an op with
`seed=` (under the graph seed, or TF's default one) continues the stream of its kernel (the op
and its dtype), so repeated calls differ and `tf.set_random_seed` starts them over; with no
seed at all the numbers differ from run to run. Each draw's key is two uint32 words hashed on
the host from those seeds (`_op_key`); the numbers come from the shim's bit generator
(`prng.py`), not TF's Philox stream.
"""
import zlib

import jax
import jax.numpy as jnp
import numpy as np

from ..autodiff import graph
from ..autodiff.graph import execute, execute_host
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import wrap
from . import prng
from .array_ops import _static_shape
from .declare import check_dtype
from .registry import Op, export

# "calls" counts every draw (data/functions.py watches it to find map functions that draw) and
# the op seeds data/shuffling.py takes; "seeded" the draws with an op seed, which in TF do not
# take an internal op seed.
_STATE = {"seed": None, "calls": 0, "seeded": 0}
_STREAMS = {}  # (op seed, kernel) -> [hash of the stream, draws so far]
_SESSION_ENTROPY = int(np.random.SeedSequence().entropy % (2 ** 64))
_DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1
_M64 = 2 ** 64 - 1


@export("set_random_seed", "random.set_random_seed", "compat.v1.set_random_seed")
def set_random_seed(seed):
    """Set the graph-level seed: the random ops that follow repeat from run to run, and the
    kernels' streams start over (TF clears its kernel cache)."""
    _STATE["seed"] = None if seed is None else int(seed) % _MAXINT32
    _STATE["calls"] = _STATE["seeded"] = 0
    _STREAMS.clear()


def _mix(h, word):
    """SplitMix64's finaliser of `h ^ word`: a 64-bit hash step."""
    z = ((h ^ (word & _M64)) + 0x9E3779B97F4A7C15) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def _draw(seed, kernel):
    """The key (a uint32 [2] Tensor) of one draw of `kernel` with op seed `seed`."""
    if graph.TRACES:  # inside a compiled function: a key of this call (fresh numbers per call)
        return wrap(graph.TRACES[-1].next_key())
    _STATE["calls"] += 1
    graph_seed = _STATE["seed"]
    if seed is not None:
        _STATE["seeded"] += 1
        seed = int(seed) % _MAXINT32
        stream = _STREAMS.get((seed, kernel))
        if stream is None:
            base = _DEFAULT_GRAPH_SEED if graph_seed is None else graph_seed
            h = _mix(_mix(_mix(0, base), seed), zlib.crc32(kernel.encode()))
            stream = _STREAMS[(seed, kernel)] = [h, 0]
        stream[1] += 1
        h = _mix(stream[0], stream[1])
    elif graph_seed is None:
        h = _mix(_SESSION_ENTROPY, _STATE["calls"])
    else:  # a fresh kernel with the next internal op seed
        h = _mix(_mix(_mix(0, graph_seed), -1), _STATE["calls"] - _STATE["seeded"])
    return wrap(np.array([h >> 32, h & 0xFFFFFFFF], np.uint32))


def _next_key(seed):
    """The key of one draw by a random op with op seed `seed` (a hook: rnn/loop.py swaps it
    while it traces a step, to hand out keys of its own)."""
    return _draw(seed, "")


_HOOK = _next_key


def _op_key(seed, op, dtype):
    """The key of one draw of TF's kernel `op` for the DType `dtype` (`_next_key`'s when
    swapped)."""
    if _next_key is not _HOOK:
        return _next_key(seed)
    return _draw(seed, f"{op}:{dtype.name}")


def _normal(key, mean, stddev, shape, dtype):
    return jax.random.normal(prng.key(key), shape, dtype) * stddev + mean


def _truncated_normal(key, mean, stddev, shape, dtype):
    return jax.random.truncated_normal(prng.key(key), -2.0, 2.0, shape, dtype) * stddev + mean


def _uniform(key, minval, maxval, shape, dtype):
    return jax.random.uniform(prng.key(key), shape, dtype, minval, maxval)


def _uniform_int(key, minval, maxval, shape, dtype):
    # TF's rule: minval + bits % (maxval - minval), in the unsigned type of the same width.
    unsigned = np.dtype(f"uint{dtype.itemsize * 8}")
    bits = jax.random.bits(prng.key(key), shape, unsigned)
    span = (maxval - minval).astype(unsigned)
    return (minval.astype(unsigned) + bits % span).astype(dtype)


_NORMAL = Op("RandomStandardNormal", _normal, differentiable=False)
_TRUNCATED = Op("TruncatedNormal", _truncated_normal, differentiable=False)
_UNIFORM = Op("RandomUniform", _uniform, differentiable=False)
_UNIFORM_INT = Op("RandomUniformInt", _uniform_int, differentiable=False)


def _sample(op, shape, a, b, dtype, seed):
    dtype = dtypes.as_dtype(dtype)
    numpy_dtype = np.dtype(dtype.as_numpy_dtype)
    attrs = (("shape", _static_shape(shape)), ("dtype", numpy_dtype))
    a, b = to_tensor(a, dtype), to_tensor(b, dtype)
    return execute(op, (_op_key(seed, op.name, dtype), a, b), attrs)


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
    if dtype.is_integer:
        if int(to_tensor(minval, dtype)) >= int(to_tensor(maxval, dtype)):
            raise errors.invalid_argument("Need minval < maxval: "
                                          f"{int(minval)} >= {int(maxval)}", "RandomUniformInt")
        return _sample(_UNIFORM_INT, shape, minval, maxval, dtype, seed)
    return _sample(_UNIFORM, shape, minval, maxval, dtype, seed)


# ---- shuffles, categorical draws, gamma and Poisson samples, random crops ------------------
def _host(op, inputs, attrs):
    """Run `op` on the host (NumPy) when a string tensor is among its inputs."""
    if any(t.dtype.is_string for t in inputs):
        return execute_host(op, inputs, attrs)
    return execute(op, inputs, attrs)


def _shuffle(key, x):
    return x[jax.random.permutation(prng.key(key), x.shape[0])]


def _shuffle_host(key, x):
    return x[np.asarray(jax.random.permutation(prng.key(key), x.shape[0]))]


_SHUFFLE = Op("RandomShuffle", _shuffle, differentiable=False, host_kernel=_shuffle_host)


@export("random_shuffle", "random.shuffle")
def random_shuffle(value, seed=None, name=None):
    """Shuffle `value` along its first dimension (a scalar comes back unchanged)."""
    value = to_tensor(value)
    key = _op_key(seed, "RandomShuffle", value.dtype)
    if value._rank() == 0:
        return value
    return _host(_SHUFFLE, (key, value), ())


def _categorical(key, logits, num_samples, dtype):
    logits = logits.astype(jnp.float32) if logits.dtype.itemsize < 4 else logits
    draws = jax.random.categorical(prng.key(key), logits, axis=-1, shape=(num_samples, logits.shape[0]))
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
    if key is None:
        key = _op_key(seed, "Multinomial", logits.dtype)
    return execute(_MULTINOMIAL, (key, logits), attrs)


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
    draws = jax.random.gamma(prng.key(key), alpha, shape + alpha.shape, dtype) / beta
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
    return execute(_GAMMA, (_op_key(seed, "RandomGamma", dtype), alpha, beta), attrs)


def _poisson(key, lam, shape, dtype):
    rate = lam.astype(jnp.float64 if lam.dtype == jnp.float64 else jnp.float32)
    # (JAX's Poisson sampler takes only its own threefry keys)
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
    return execute(_POISSON, (_op_key(seed, "RandomPoissonV2", lam.dtype), lam), attrs)


def _crop_offsets(key, limits):
    return jax.random.randint(prng.key(key), (len(limits),), 0, jnp.asarray(limits, jnp.int64) + 1,
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
    key = _op_key(seed, "RandomUniformInt", dtypes.int32)  # TF's offsets: an int32 uniform
    return _host(_RANDOM_CROP, (key, value), (("size", size),))


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
    op = _UNIFORM_INT if dtype.is_integer else _UNIFORM
    return execute(op, (key, to_tensor(minval, dtype), to_tensor(maxval, dtype)), attrs)


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
