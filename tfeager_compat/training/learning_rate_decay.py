"""TF 1.15's learning-rate schedules: `tf.train.*_decay` and the Keras schedule objects.

In eager mode TF 1.15's `tf.train.exponential_decay(lr, global_step, ...)` builds a Keras
`LearningRateSchedule` and returns `functools.partial(schedule, global_step)`: a callable that
reads `global_step` each time it is called, so an optimizer given it as `learning_rate`
follows the step. Nothing is checked at creation (`global_step=None` fails when called, with
TF's conversion error), except by `piecewise_constant`, which checks dtypes as TF does.

Each formula is written once, in TF's order of operations, against a small math interface:
for a float32/float64 rate it runs as ONE jitted op (`_Fused`); otherwise op by op through
the op table (`_Eager`), which rounds float16 after every op as TF does and raises TF's own
errors where TF's arithmetic rejects the dtype (an int32 rate: "cannot compute Pow ...").
"""
import functools
import math

import jax.numpy as jnp
import numpy as np
from jax import lax

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..ops.registry import EXPORTS, Op, export

_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)
_NUMBERS = (int, float)


class _Fused:
    """The math interface inside one jitted kernel (jax arrays)."""
    floor, ceil, cos, log, sqrt, minimum = (
        jnp.floor, jnp.ceil, jnp.cos, jnp.log, jnp.sqrt, jnp.minimum)
    pow, equal, where = jnp.power, jnp.equal, jnp.where

    @staticmethod
    def cast(x, like):
        return x.astype(like.dtype)

    @staticmethod
    def pi():
        return jnp.asarray(math.pi, jnp.float32)  # TF's `constant(math.pi)`

    @staticmethod
    def cond(pred, true_fn, false_fn):
        return lax.cond(pred, true_fn, false_fn)

    @staticmethod
    def normal(stddev, sample):
        return sample * stddev


class _Eager:
    """The same interface as TF's ops on Tensors, through the op table."""

    @staticmethod
    def cast(x, like):
        return EXPORTS["cast"](x, like.dtype)

    @staticmethod
    def pi():
        return EXPORTS["constant"](math.pi)

    @staticmethod
    def cond(pred, true_fn, false_fn):
        return true_fn() if bool(pred) else false_fn()

    @staticmethod
    def normal(stddev, sample):
        return EXPORTS["random_normal"]((), stddev=stddev)


for _name, _tf_name in (("floor", "floor"), ("ceil", "ceil"), ("cos", "cos"), ("log", "log"),
                        ("sqrt", "sqrt"), ("minimum", "minimum"), ("pow", "pow"),
                        ("equal", "equal"), ("where", "where_v2")):
    setattr(_Eager, _name, staticmethod(EXPORTS[_tf_name]))


@export("keras.optimizers.schedules.LearningRateSchedule")
class LearningRateSchedule:
    """Base of the Keras schedules: `schedule(step)` is the rate at `step`."""

    def __call__(self, step):
        raise NotImplementedError("Learning rate schedule must override __call__")

    def get_config(self):
        raise NotImplementedError("Learning rate schedule must override get_config")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _Decay(LearningRateSchedule):
    """A schedule computed by `_formula(m, lr, step, *params, **flags)`.

    `_params` are attribute names; TF casts each to the rate's dtype, except those at the
    positions in `_exact`, which TF uses as given (a Python number takes the rate's dtype
    exactly, a Tensor must have it).
    """

    _params = ()
    _exact = ()
    _flags = ()
    _fused_dtypes = (_F32, _F64)
    _op = None  # set per subclass by `_fuse`

    def __call__(self, step):
        lr = to_tensor(self.initial_learning_rate)
        step = to_tensor(step)
        values = [getattr(self, p) for p in self._params]
        flags = tuple((f, bool(getattr(self, f))) for f in self._flags)
        inputs = self._fused_inputs(lr, step, values)
        if inputs is None:
            return self._formula(_Eager, lr, step, *values, **dict(flags))
        return execute(self._op, inputs, flags)

    def _fused_inputs(self, lr, step, values):
        """The fused op's inputs, or None where TF's arithmetic is not plain float32/64."""
        dtype = lr._aval.dtype
        if dtype not in self._fused_dtypes:
            return None
        inputs = [lr, step]
        for position, value in enumerate(values):
            exact = position in self._exact
            if exact and type(value) in _NUMBERS:
                tensor = to_tensor(value, lr.dtype)
            else:
                tensor = to_tensor(value)
                if exact and tensor._aval.dtype != dtype:
                    return None
            inputs.append(tensor)
        if not all(t.dtype.is_floating or t.dtype.is_integer for t in inputs):
            return None
        return inputs

    def get_config(self):
        return {k: getattr(self, k) for k in self._config}


def _fuse(cls):
    """Give a schedule class its jitted op (TF's op name for it: the default scope name)."""
    def kernel(lr, step, *params, **flags):
        return cls._formula(_Fused, lr, step, *params, **flags)
    cls._op = Op(cls._default_name, kernel)
    return cls


def _ratio(m, lr, step, decay_steps, staircase):
    p = m.cast(step, lr) / m.cast(decay_steps, lr)
    return m.floor(p) if staircase else p


@export("keras.optimizers.schedules.ExponentialDecay")
@_fuse
class ExponentialDecay(_Decay):
    """`initial_learning_rate * decay_rate ^ (step / decay_steps)` (floored if staircase)."""

    _default_name = "ExponentialDecay"
    _params, _flags = ("decay_steps", "decay_rate"), ("staircase",)
    _config = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    @staticmethod
    def _formula(m, lr, step, decay_steps, decay_rate, staircase):
        p = _ratio(m, lr, step, decay_steps, staircase)
        return lr * m.pow(m.cast(decay_rate, lr), p)


@export("keras.optimizers.schedules.InverseTimeDecay")
@_fuse
class InverseTimeDecay(_Decay):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)` (floored if
    staircase)."""

    _default_name = "InverseTimeDecay"
    _params, _flags = ("decay_steps", "decay_rate"), ("staircase",)
    _config = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    @staticmethod
    def _formula(m, lr, step, decay_steps, decay_rate, staircase):
        p = _ratio(m, lr, step, decay_steps, staircase)
        return lr / (1 + m.cast(decay_rate, lr) * p)


@export("keras.optimizers.schedules.PolynomialDecay")
@_fuse
class PolynomialDecay(_Decay):
    """`(lr - end) * (1 - min(step, decay_steps) / decay_steps) ^ power + end`; with
    `cycle`, decay_steps grows to the first multiple above `step`."""

    _default_name = "PolynomialDecay"
    _params = ("decay_steps", "end_learning_rate", "power", "decay_steps")
    _exact = (3,)  # TF divides by the raw decay_steps to find the cycle
    _flags = ("cycle",)
    _config = ("initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle",
               "name")

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.end_learning_rate, self.power = end_learning_rate, power
        self.cycle, self.name = cycle, name

    def _fused_inputs(self, lr, step, values):
        if not self.cycle:  # the raw decay_steps is only read to cycle
            values = values[:3] + [1]
        return super()._fused_inputs(lr, step, values)

    @staticmethod
    def _formula(m, lr, step, decay_steps, end_learning_rate, power, raw_decay_steps, cycle):
        end = m.cast(end_learning_rate, lr)
        power = m.cast(power, lr)
        step = m.cast(step, lr)
        decay_steps = m.cast(decay_steps, lr)
        if cycle:
            multiplier = m.where(m.equal(step, 0), 1.0, m.ceil(step / raw_decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = m.minimum(step, decay_steps)
        p = step / decay_steps
        return (lr - end) * m.pow(1 - p, power) + end


def _cosine(m, fraction):
    return 0.5 * (1.0 + m.cos(m.pi() * fraction))


@export("keras.experimental.CosineDecay")
@_fuse
class CosineDecay(_Decay):
    """`lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) +
    alpha)`. float32 only, as in TF (its pi is a float32 constant)."""

    _default_name = "CosineDecay"
    _params, _exact = ("decay_steps", "alpha"), (1,)
    _fused_dtypes = (_F32,)
    _config = ("initial_learning_rate", "decay_steps", "alpha", "name")

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.alpha, self.name = alpha, name

    @staticmethod
    def _formula(m, lr, step, decay_steps, alpha):
        decay_steps = m.cast(decay_steps, lr)
        step = m.minimum(m.cast(step, lr), decay_steps)
        decayed = (1 - alpha) * _cosine(m, step / decay_steps) + alpha
        return lr * decayed


@export("keras.experimental.CosineDecayRestarts")
@_fuse
class CosineDecayRestarts(_Decay):
    """SGDR: cosine decay over `first_decay_steps`, then warm restarts, each `t_mul` times
    longer and `m_mul` times lower."""

    _default_name = "SGDRDecay"
    _params = ("first_decay_steps", "_t_mul", "_m_mul", "alpha")
    _fused_dtypes = (_F32,)

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name=None):
        self.initial_learning_rate, self.first_decay_steps = (initial_learning_rate,
                                                              first_decay_steps)
        self._t_mul, self._m_mul, self.alpha, self.name = t_mul, m_mul, alpha, name

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self._t_mul,
                "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}

    @staticmethod
    def _formula(m, lr, step, first_decay_steps, t_mul, m_mul, alpha):
        alpha, t_mul, m_mul = m.cast(alpha, lr), m.cast(t_mul, lr), m.cast(m_mul, lr)
        fraction = m.cast(step, lr) / m.cast(first_decay_steps, lr)

        def same_length():
            restart = m.floor(fraction)
            return restart, fraction - restart

        def growing():
            restart = m.floor(m.log(1.0 - fraction * (1.0 - t_mul)) / m.log(t_mul))
            done = (1.0 - t_mul ** restart) / (1.0 - t_mul)
            return restart, (fraction - done) / t_mul ** restart

        restart, fraction = m.cond(m.equal(t_mul, 1.0), same_length, growing)
        cosine = 0.5 * m_mul ** restart * (1.0 + m.cos(m.pi() * fraction))
        return lr * ((1 - alpha) * cosine + alpha)


@export("keras.experimental.LinearCosineDecay")
@_fuse
class LinearCosineDecay(_Decay):
    """`lr * ((alpha + linear) * cosine + beta)`, with `linear` falling from 1 to 0 over
    decay_steps and `cosine` running `num_periods` periods."""

    _default_name = "LinearCosineDecay"
    _params = ("decay_steps", "num_periods", "alpha", "beta")
    _fused_dtypes = (_F32,)
    _config = ("initial_learning_rate", "decay_steps", "num_periods", "alpha", "beta", "name")

    def __init__(self, initial_learning_rate, decay_steps, num_periods=0.5, alpha=0.0,
                 beta=0.001, name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.num_periods, self.alpha, self.beta, self.name = num_periods, alpha, beta, name

    @staticmethod
    def _formula(m, lr, step, decay_steps, num_periods, alpha, beta, noise=None):
        decay_steps, num_periods = m.cast(decay_steps, lr), m.cast(num_periods, lr)
        alpha, beta = m.cast(alpha, lr), m.cast(beta, lr)
        step = m.minimum(m.cast(step, lr), decay_steps)
        linear = (decay_steps - step) / decay_steps
        if noise is not None:
            linear = linear + noise(step)
        cosine = _cosine(m, 2.0 * num_periods * (step / decay_steps))
        return lr * ((alpha + linear) * cosine + beta)


@export("keras.experimental.NoisyLinearCosineDecay")
@_fuse
class NoisyLinearCosineDecay(_Decay):
    """`LinearCosineDecay` with normal noise of variance
    `initial_variance / (1 + step) ^ variance_decay` added to its linear part.

    Differences from TensorFlow: the noise is drawn from tfeager_compat's random stream
    (global and op seeds apply), so its values differ from TF's.
    """

    _default_name = "NoisyLinearCosineDecay"
    _params = ("decay_steps", "initial_variance", "variance_decay", "num_periods", "alpha",
               "beta")
    _fused_dtypes = (_F32,)
    _config = ("initial_learning_rate", "decay_steps", "initial_variance", "variance_decay",
               "num_periods", "alpha", "beta", "name")

    def __init__(self, initial_learning_rate, decay_steps, initial_variance=1.0,
                 variance_decay=0.55, num_periods=0.5, alpha=0.0, beta=0.001, name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.initial_variance, self.variance_decay = initial_variance, variance_decay
        self.num_periods, self.alpha, self.beta, self.name = num_periods, alpha, beta, name

    def _fused_inputs(self, lr, step, values):
        inputs = super()._fused_inputs(lr, step, values)
        if inputs is not None:  # a standard normal draw, scaled inside the op
            inputs.append(EXPORTS["random_normal"](()))
        return inputs

    @staticmethod
    def _formula(m, lr, step, decay_steps, initial_variance, variance_decay, num_periods,
                 alpha, beta, sample=None):
        initial_variance = m.cast(initial_variance, lr)
        variance_decay = m.cast(variance_decay, lr)

        def noise(step):
            variance = initial_variance / m.pow(1.0 + step, variance_decay)
            return m.normal(m.sqrt(variance), sample)

        return LinearCosineDecay._formula(m, lr, step, decay_steps, num_periods, alpha, beta,
                                          noise)


def _flatten(structure):
    """`nest.flatten` for the lists TF accepts as boundaries and values."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _interval_kernel(x, *boundaries):
    """TF's `case` predicates: `x <= b[0]`, `x > b[-1]`, then `b[i] < x <= b[i + 1]`."""
    bounds = [b.astype(x.dtype) for b in boundaries]
    preds = [x <= bounds[0], x > bounds[-1]]
    preds += [(x > low) & (x <= high) for low, high in zip(bounds[:-1], bounds[1:])]
    return jnp.stack(preds)


_INTERVALS = Op("PiecewiseConstant", _interval_kernel, differentiable=False)


@export("keras.optimizers.schedules.PiecewiseConstantDecay")
class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[0]` while `step <= boundaries[0]`, `values[i]` while `boundaries[i - 1] < step
    <= boundaries[i]`, `values[-1]` after; TF's exclusivity error where boundaries overlap."""

    def __init__(self, boundaries, values, name=None):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values")
        self.boundaries, self.values, self.name = boundaries, values, name

    def __call__(self, step):
        boundaries = [to_tensor(b) for b in _flatten(self.boundaries)]
        values = [to_tensor(v) for v in _flatten(self.values)]
        x = to_tensor(step)
        if not boundaries:
            raise IndexError("list index out of range")  # TF reads boundaries[0]
        hits = execute(_INTERVALS, [x] + boundaries).numpy()
        if hits.sum() > 1:
            raise errors.InvalidArgumentError(
                None, None,
                "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
                "b'Input error: exclusive=True: more than 1 conditions (%s) evaluated as "
                "True:'\n%s" % (", ".join("?" * len(hits)), ", ".join(str(h) for h in hits)))
        order = [0, len(values) - 1] + list(range(1, len(values) - 1))
        for index, hit in zip(order, hits):
            if hit:
                return values[index]
        return values[0]  # no interval matched (a NaN step): TF's default

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


# -- tf.train.*_decay: a schedule bound to the global step -------------------------------------
def _bound(schedule, step):
    return functools.partial(schedule, step)


@export("train.exponential_decay")
def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """`learning_rate * decay_rate ^ (global_step / decay_steps)`; a callable in eager mode."""
    return _bound(ExponentialDecay(learning_rate, decay_steps, decay_rate,
                                   staircase=staircase, name=name), global_step)


@export("train.natural_exp_decay")
def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """`learning_rate * exp(-decay_rate * global_step / decay_steps)`: exponential decay
    with the rate `exp(-decay_rate)` (computed now, as TF does)."""
    rate = EXPORTS["exp"](EXPORTS["negative"](decay_rate))
    return _bound(ExponentialDecay(learning_rate, decay_steps, rate, staircase=staircase,
                                   name=name), global_step)


@export("train.inverse_time_decay")
def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                       name=None):
    """`learning_rate / (1 + decay_rate * global_step / decay_steps)`."""
    return _bound(InverseTimeDecay(learning_rate, decay_steps, decay_rate,
                                   staircase=staircase, name=name), global_step)


@export("train.polynomial_decay")
def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001,
                     power=1.0, cycle=False, name=None):
    """Polynomial decay from `learning_rate` to `end_learning_rate` over `decay_steps`."""
    return _bound(PolynomialDecay(learning_rate, decay_steps, end_learning_rate, power=power,
                                  cycle=cycle, name=name), global_step)


@export("train.cosine_decay")
def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """Cosine decay to `alpha * learning_rate` over `decay_steps`."""
    return _bound(CosineDecay(learning_rate, decay_steps, alpha=alpha, name=name), global_step)


@export("train.cosine_decay_restarts")
def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0,
                          alpha=0.0, name=None):
    """Cosine decay with warm restarts (SGDR)."""
    return _bound(CosineDecayRestarts(learning_rate, first_decay_steps, t_mul=t_mul,
                                      m_mul=m_mul, alpha=alpha, name=name), global_step)


@export("train.linear_cosine_decay")
def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0,
                        beta=0.001, name=None):
    """Linear cosine decay (Bello et al., 2017)."""
    return _bound(LinearCosineDecay(learning_rate, decay_steps, num_periods=num_periods,
                                    alpha=alpha, beta=beta, name=name), global_step)


@export("train.noisy_linear_cosine_decay")
def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0,
                              variance_decay=0.55, num_periods=0.5, alpha=0.0, beta=0.001,
                              name=None):
    """Linear cosine decay with decaying normal noise (its draws differ from TF's)."""
    return _bound(NoisyLinearCosineDecay(
        learning_rate, decay_steps, initial_variance=initial_variance,
        variance_decay=variance_decay, num_periods=num_periods, alpha=alpha, beta=beta,
        name=name), global_step)


@export("train.piecewise_constant", "train.piecewise_constant_decay")
def piecewise_constant(x, boundaries, values, name=None):
    """Piecewise constant in `x`; boundaries must have x's dtype (int32 ones are widened for
    an int64 x) and all values one dtype, checked now with TF's messages."""
    boundaries = [to_tensor(b) for b in _flatten(boundaries)]
    values = [to_tensor(v) for v in _flatten(values)]
    x_dtype = to_tensor(x).dtype
    for i, b in enumerate(boundaries):
        if b.dtype != x_dtype:
            if b.dtype != dtypes.int32 or x_dtype != dtypes.int64:
                raise ValueError("Boundaries (%s) must have the same dtype as x (%s)." % (
                    b.dtype, x_dtype))
            boundaries[i] = EXPORTS["cast"](b, x_dtype)
    for v in values[1:]:
        if v.dtype != values[0].dtype:
            raise ValueError("Values must have elements all with the same dtype (%s vs %s)." % (
                values[0].dtype, v.dtype))
    return _bound(PiecewiseConstantDecay(boundaries, values, name=name), x)
