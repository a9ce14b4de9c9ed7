"""`tf.random.experimental.Generator`: random numbers drawn from an explicit state Variable.

As in TF, the state is an int64 Variable named "StateVar": `[counter_lo, counter_hi, key]` for
Philox (the default algorithm, 1) and `[counter, key]` for ThreeFry (2). A draw of n numbers
reads the state and advances the counter by 256 * n (TF's rule, carrying into `counter_hi`),
so draws never repeat, a reset repeats them, and a draw inside a compiled function updates the
lifted state on every call. Each draw is one op computing the sample and the next state.

Differences from TensorFlow: the numbers come from the shim's bit generator (`prng.py`) keyed
by a hash of the state, not from TF's Philox stream; ThreeFry also runs on the CPU.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor
from ..variables import Variable
from . import array_ops, prng, random_ops
from .array_ops import _static_shape
from .registry import Op, export

RNG_ALG_PHILOX = 1
RNG_ALG_THREEFRY = 2
RNG_ALG_AUTO_SELECT = 3
_ALGORITHMS = {"philox": RNG_ALG_PHILOX, "threefry": RNG_ALG_THREEFRY,
               "auto_select": RNG_ALG_AUTO_SELECT}
_STATE_SIZES = {RNG_ALG_PHILOX: 3, RNG_ALG_THREEFRY: 2, RNG_ALG_AUTO_SELECT: 3}
_COUNTER_STEP = 256  # counter increments per number drawn, as TF's kernels skip
_FULL_INT_TYPES = (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64)


def _alg_to_int(alg):
    if alg is None:
        return RNG_ALG_PHILOX
    if isinstance(alg, str) and alg.lower() in _ALGORITHMS:
        return _ALGORITHMS[alg.lower()]
    if isinstance(alg, (int, np.integer)) and int(alg) in _STATE_SIZES:
        return int(alg)
    raise ValueError(f"Argument `alg` got unsupported value {alg}. Supported values are philox "
                     "for the Philox algorithm, threefry for the ThreeFry algorithm, and "
                     "auto_select for auto-selection.")


@export("random.experimental.create_rng_state")
def create_rng_state(seed, alg):
    """The int64 state `Generator.from_seed(seed, alg)` starts from: an integer seed cut
    into 64-bit words (low first), zero-padded to the algorithm's state size."""
    size = _STATE_SIZES[_alg_to_int(alg)]
    if isinstance(seed, (int, np.integer)):
        seed, words = int(seed), []
        for _ in range(size):
            words.append(seed & (2 ** 64 - 1))
            seed >>= 64
    else:
        words = np.asarray(seed).astype(np.uint64).ravel().tolist()[:size]
    words += [0] * (size - len(words))
    return to_tensor(np.array(words, np.uint64).view(np.int64), dtypes.int64)


# ---- the kernels: a sample and the next state from the state -------------------------------
def _halves(word):
    word = word.astype(jnp.uint64)
    return (word & 0xFFFFFFFF).astype(jnp.uint32), (word >> 32).astype(jnp.uint32)


def _state_key(state):
    """Key words hashed from the state's key and counter (the last word is the key)."""
    k0, k1 = _halves(state[-1])
    a, b = prng.threefry2x32(k0, k1, *_halves(state[0]))
    high = state[1] if state.shape[0] == 3 else jnp.int64(0)
    return jnp.stack(prng.threefry2x32(a, b, *_halves(high)))


def _advance(state, numbers):
    """The state after drawing `numbers` (a uint64): the counter moves on by 256 each,
    a Philox counter carrying into its high word."""
    counter = state[0].astype(jnp.uint64)
    new = counter + numbers * jnp.uint64(_COUNTER_STEP)
    state = state.at[0].set(jax.lax.bitcast_convert_type(new, jnp.int64))
    if state.shape[0] == 2:
        return state
    return state.at[1].add((new < counter).astype(jnp.int64))


def _stateful(sampler):
    def kernel(state, *args, shape, dtype):
        sample = sampler(_state_key(state), *args, shape=shape, dtype=dtype)
        return sample, _advance(state, jnp.uint64(np.prod(shape, dtype=np.int64)))
    return kernel


def _full_int(key, shape, dtype):
    unsigned = np.dtype(f"uint{dtype.itemsize * 8}")
    bits = jax.random.bits(prng.key(key), shape, unsigned)
    return bits if dtype == unsigned else jax.lax.bitcast_convert_type(bits, dtype)


_NORMAL = Op("StatefulStandardNormalV2", _stateful(random_ops._normal), differentiable=False)
_TRUNCATED = Op("StatefulTruncatedNormal", _stateful(random_ops._truncated_normal),
                differentiable=False)
_UNIFORM = Op("StatefulUniform", _stateful(random_ops._uniform), differentiable=False)
_UNIFORM_INT = Op("StatefulUniformInt", _stateful(random_ops._uniform_int),
                  differentiable=False)
_FULL_INT = Op("StatefulUniformFullInt", _stateful(_full_int), differentiable=False)
_SKIP = Op("RngSkip", lambda state, delta: _advance(state, delta.astype(jnp.uint64)),
          differentiable=False)


@export("random.experimental.Generator")
class Generator:
    """A random-number generator whose state is a Variable (TF 1.15's experimental class)."""

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            if alg is not None or state is not None:
                raise AssertionError()
            state, alg = copy_from.state.read_value(), copy_from.algorithm
        elif alg is None or state is None:
            raise AssertionError()
        self._alg = _alg_to_int(alg)
        if isinstance(state, Variable):
            self._check_shape(state.shape.as_list())
            self._state_var = state
        else:
            state = state if isinstance(state, Tensor) else to_tensor(
                np.asarray(state).astype(np.int64), dtypes.int64)
            self._check_shape(state.shape.as_list())
            self._state_var = Variable(state, trainable=False, name="StateVar",
                                       dtype=dtypes.int64)

    def _check_shape(self, shape):
        size = _STATE_SIZES[self._alg]
        if shape != [size]:
            raise ValueError(f"Shapes {tuple(shape)} and [{size}] are incompatible")

    def __repr__(self):
        return ("<tensorflow.python.ops.stateful_random_ops.Generator object at "
                f"{id(self):#x}>")

    # -- constructors --------------------------------------------------------------------------
    @classmethod
    def from_state(cls, state, alg):
        """A generator starting from `state` (its shape fits `alg`)."""
        return cls(state=state, alg=alg)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator starting from `create_rng_state(seed, alg)`."""
        alg = _alg_to_int(alg)
        return cls(state=create_rng_state(seed, alg), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator starting from operating-system entropy."""
        alg = _alg_to_int(alg)
        words = np.random.SeedSequence().generate_state(_STATE_SIZES[alg], np.uint64)
        return cls(state=words.view(np.int64), alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator whose state is `counter + [key]`."""
        return cls(state=list(np.asarray(counter).ravel()) + [key], alg=alg)

    # -- state ---------------------------------------------------------------------------------
    @property
    def state(self):
        """The state Variable (int64)."""
        return self._state_var

    @property
    def algorithm(self):
        """The algorithm as TF's integer id (1: Philox, 2: ThreeFry)."""
        return self._alg

    @property
    def key(self):
        """The key word of the state (its last element)."""
        return self._state_var.read_value()[-1]

    def reset(self, state):
        """Set the state (the shape of the algorithm's state)."""
        state = to_tensor(np.asarray(state).astype(np.int64) if not isinstance(state, Tensor)
                          else state, dtypes.int64)
        self._check_shape(state.shape.as_list())
        self._state_var.assign(state, read_value=False)

    def reset_from_seed(self, seed):
        """Set the state to `create_rng_state(seed, self.algorithm)`."""
        self.reset(create_rng_state(seed, self._alg))

    def reset_from_key_counter(self, key, counter):
        """Set the state to `counter + [key]`."""
        self.reset(list(np.asarray(counter).ravel()) + [key])

    def skip(self, delta):
        """Advance the state as drawing `delta` numbers would."""
        state = self._state_var.read_value()
        self._state_var.assign(execute(_SKIP, (state, to_tensor(delta, dtypes.int64))),
                               read_value=False)

    # -- draws ---------------------------------------------------------------------------------
    def _draw(self, op, shape, dtype, *args):
        attrs = (("shape", _static_shape(shape)), ("dtype", np.dtype(dtype.as_numpy_dtype)))
        sample, state = execute(op, (self._state_var.read_value(),) + args, attrs)
        self._state_var.assign(state, read_value=False)
        return sample

    def _float_draw(self, op, shape, a, b, dtype):
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            to_tensor(0.0, dtype)  # TF converts a float parameter first: its TypeError
        return self._draw(op, shape, dtype, to_tensor(a, dtype), to_tensor(b, dtype))

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal samples of `shape`."""
        return self._float_draw(_NORMAL, shape, mean, stddev, dtype)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal samples within two standard deviations of `mean`."""
        return self._float_draw(_TRUNCATED, shape, mean, stddev, dtype)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        """Uniform samples in [minval, maxval); integer dtypes need `maxval` (and both bounds
        None draw the whole integer range)."""
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer:
            if minval is None and maxval is None:
                return self.uniform_full_int(shape, dtype)
            if minval is None or maxval is None:
                raise ValueError(f"For integer dtype {dtype}, minval and maxval must be both "
                                 f"`None` or both non-`None`; got minval={minval} and "
                                 f"maxval={maxval}")
            low, high = to_tensor(minval, dtype), to_tensor(maxval, dtype)
            if int(low) >= int(high):
                raise errors.invalid_argument(
                    f"Need minval < maxval, got {int(low)} >= {int(high)}",
                    "StatelessRandomUniformIntV2")
            return self._draw(_UNIFORM_INT, shape, dtype, low, high)
        return self._float_draw(_UNIFORM, shape, minval, 1 if maxval is None else maxval, dtype)

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None):
        """Integers uniform over the whole range of `dtype` (int32, int64, uint32, uint64)."""
        dtype = dtypes.as_dtype(dtype)
        if dtype not in _FULL_INT_TYPES:
            raise errors.invalid_argument(
                f"Value for attr 'dtype' of {dtype.name.replace('float32', 'float')} is not in "
                "the list of allowed values: int32, int64, uint32, uint64",
                "StatelessRandomUniformFullIntV2")
        return self._draw(_FULL_INT, shape, dtype)

    def make_seeds(self, count=1):
        """Seeds for the stateless ops: an int64 [2, count] of fresh keys over zeros."""
        keys = self.uniform_full_int([count], dtypes.int64)
        return array_ops.stack([keys, array_ops.zeros_like(keys)])

    def split(self, count=1):
        """`count` new generators, each from a fresh key and a zero counter."""
        keys = self.uniform_full_int([count, 1], dtypes.int64)
        zeros = array_ops.zeros([_STATE_SIZES[self._alg] - 1], dtypes.int64)
        return [Generator(state=array_ops.concat([zeros, keys[i]], 0), alg=self._alg)
                for i in range(count)]


_GLOBAL = {"generator": None}


@export("random.experimental.get_global_generator")
def get_global_generator():
    """The global generator (made from non-deterministic state on first use)."""
    if _GLOBAL["generator"] is None:
        _GLOBAL["generator"] = Generator.from_non_deterministic_state()
    return _GLOBAL["generator"]


@export("random.experimental.set_global_generator")
def set_global_generator(generator):
    """Replace the global generator."""
    _GLOBAL["generator"] = generator
