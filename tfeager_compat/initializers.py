"""TF1's initializers (`tf.*_initializer`, `tf.initializers.*`, `tf.keras.initializers.*`,
`tf.contrib.layers.*_initializer`), as TF 1.15's `init_ops` defines them.

Each initializer is an object called as `init(shape, dtype=None, partition_info=None)` that
returns a Tensor; `dtype` defaults to the one given at construction (float32). Random draws go
through the random ops (`seed=` and the graph-level seed as in TF); TF's exact random streams
are not reproduced. `get(identifier)` resolves what a layer is given (a name, a config dict, a
class or an instance) to something callable, as `tf.keras.initializers.get` does.
"""
import math

import jax.numpy as jnp
import numpy as np

from .autodiff.graph import execute
from .framework import dtypes
from .ops import array_ops, random_ops
from .ops.array_ops import _static_shape
from .ops.registry import EXPORTS, Op, export


def _float_dtype(dtype):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


class Initializer:
    """Base class of TF1 initializers: `__call__(shape, dtype=None, partition_info=None)`."""

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self):
        """The constructor arguments, so that `from_config(get_config())` rebuilds it."""
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def _dtype(self, dtype):
        return self.dtype if dtype is None else dtypes.as_dtype(dtype)


class _Filled(Initializer):
    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return self._fill(shape, self._dtype(dtype))

    def get_config(self):
        return {"dtype": self.dtype.name}


class Zeros(_Filled):
    """`tf.zeros_initializer`: all zeros (any dtype)."""

    _fill = staticmethod(array_ops.zeros)


class Ones(_Filled):
    """`tf.ones_initializer`: all ones (any dtype)."""

    _fill = staticmethod(array_ops.ones)


class Constant(Initializer):
    """`tf.constant_initializer`: `value` (a scalar fills the shape; a list must fit it)."""

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(f"Invalid type for initial value: {type(value)} (expected Python "
                            "scalar, list or tuple of values, or numpy.ndarray).")
        self.value = value
        self.dtype = dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        dtype = self._dtype(dtype)
        verify = self._verify_shape if verify_shape is None else verify_shape
        if verify:
            given = np.shape(self.value)
            if tuple(given) != _static_shape(shape):
                raise TypeError(f"Expected Tensor's shape: {_static_shape(shape)}, got "
                                f"{tuple(given)}.")
        return array_ops.constant(self.value, dtype=dtype, shape=shape)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    """`tf.random_uniform_initializer`: uniform in [minval, maxval) (maxval 1 for floats)."""

    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        self.minval, self.maxval, self.seed = minval, maxval, seed
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_uniform(shape, self.minval, self.maxval, self._dtype(dtype),
                                         seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class _Normal(Initializer):
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return self._sample(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomNormal(_Normal):
    """`tf.random_normal_initializer`: normal draws (float dtypes only)."""

    _sample = staticmethod(random_ops.random_normal)


class TruncatedNormal(_Normal):
    """`tf.truncated_normal_initializer`: normal draws re-drawn beyond two stddevs."""

    _sample = staticmethod(random_ops.truncated_normal)


class UniformUnitScaling(Initializer):
    """`tf.uniform_unit_scaling_initializer` (deprecated in TF 1.15): uniform in
    +-sqrt(3 / fan_in) * factor, fan_in being the product of all but the last dimension."""

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        self.factor, self.seed = factor, seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _static_shape(shape)
        input_size = math.prod(dims[:-1]) if dims else 1.0
        limit = math.sqrt(3 / max(input_size, 1.0)) * self.factor
        return random_ops.random_uniform(shape, -limit, limit, self._dtype(dtype),
                                         seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


def _fans(dims):
    """TF's fan-in and fan-out; a convolution kernel's receptive field multiplies both."""
    if not dims:
        return 1, 1
    if len(dims) == 1:
        return dims[0], dims[0]
    receptive = math.prod(dims[:-2])
    return dims[-2] * receptive, dims[-1] * receptive


# scipy.stats.truncnorm.std(a=-2, b=2): the stddev of a normal truncated at two stddevs.
_TRUNCATED_STDDEV = 0.87962566103423978


class VarianceScaling(Initializer):
    """`tf.variance_scaling_initializer`: draws with variance `scale / n`, n being fan_in,
    fan_out or their mean; 'normal' is TF1's alias of 'truncated_normal'."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=dtypes.float32):
        if scale <= 0.:
            raise ValueError("`scale` must be positive float.")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError("Invalid `mode` argument:", mode)
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError("Invalid `distribution` argument:", distribution)
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        fan_in, fan_out = _fans(_static_shape(shape))
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.}[self.mode]
        scale = self.scale / max(1., n)
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / _TRUNCATED_STDDEV
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


class _Glorot(VarianceScaling):
    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(1.0, "fan_avg", self._distribution, seed, dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotUniform(_Glorot):
    """`tf.glorot_uniform_initializer`: uniform in +-sqrt(6 / (fan_in + fan_out))."""

    _distribution = "uniform"


class GlorotNormal(_Glorot):
    """`tf.glorot_normal_initializer`: truncated normal, stddev sqrt(2 / (fan_in + fan_out))."""

    _distribution = "truncated_normal"


def _orthogonal(draw, gain, transpose, shape):
    q, r = jnp.linalg.qr(draw)
    q = q * jnp.sign(jnp.diagonal(r))
    if transpose:
        q = q.T
    return (q * gain).reshape(shape)


_ORTHOGONAL = Op("Qr", _orthogonal, differentiable=False)


class Orthogonal(Initializer):
    """`tf.orthogonal_initializer`: an orthogonal matrix (rows flattened) times `gain`."""

    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        self.gain, self.seed = gain, seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        dims = _static_shape(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        rows, cols = math.prod(dims[:-1]), dims[-1]
        flat = (cols, rows) if rows < cols else (rows, cols)
        draw = random_ops.random_normal(flat, dtype=dtype, seed=self.seed)
        attrs = (("gain", float(self.gain)), ("transpose", rows < cols), ("shape", dims))
        return execute(_ORTHOGONAL, (draw,), attrs)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    """`tf.initializers.identity`: `gain` times the identity (2-D shapes only)."""

    def __init__(self, gain=1.0, dtype=dtypes.float32):
        self.gain = gain
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _static_shape(shape)
        if len(dims) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        dtype = self._dtype(dtype)
        return array_ops.eye(*dims, dtype=dtype) * array_ops.constant(self.gain, dtype)

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


def _variance_scaling_factory(name, scale, distribution):
    def factory(seed=None):
        return VarianceScaling(scale=scale, mode="fan_in", distribution=distribution, seed=seed)
    factory.__name__ = factory.__qualname__ = name
    factory.__doc__ = (f"`tf.initializers.{name}`: VarianceScaling(scale={scale}, "
                       f"mode='fan_in', distribution='{distribution}').")
    return factory


lecun_normal = _variance_scaling_factory("lecun_normal", 1.0, "truncated_normal")
lecun_uniform = _variance_scaling_factory("lecun_uniform", 1.0, "uniform")
he_normal = _variance_scaling_factory("he_normal", 2.0, "truncated_normal")
he_uniform = _variance_scaling_factory("he_uniform", 2.0, "uniform")


# ---- tf.keras.initializers: the TF1 objects, but RandomNormal/Uniform and TruncatedNormal
# with Keras's small defaults ------------------------------------------------------------------
class KerasRandomNormal(RandomNormal):
    """`tf.keras.initializers.RandomNormal`: stddev 0.05 by default."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean, stddev, seed, dtype)


class KerasRandomUniform(RandomUniform):
    """`tf.keras.initializers.RandomUniform`: -0.05..0.05 by default."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(minval, maxval, seed, dtype)


class KerasTruncatedNormal(TruncatedNormal):
    """`tf.keras.initializers.TruncatedNormal`: stddev 0.05 by default."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean, stddev, seed, dtype)


for _cls, _name in ((KerasRandomNormal, "RandomNormal"), (KerasRandomUniform, "RandomUniform"),
                    (KerasTruncatedNormal, "TruncatedNormal")):
    _cls.__name__ = _cls.__qualname__ = _name  # the class name `serialize` writes

# Names `tf.keras.initializers.get` / `deserialize` resolve (TF 1.15's keras module globals).
KERAS_OBJECTS = {
    "Initializer": Initializer, "Zeros": Zeros, "zeros": Zeros, "zero": Zeros,
    "Ones": Ones, "ones": Ones, "one": Ones, "Constant": Constant, "constant": Constant,
    "RandomNormal": KerasRandomNormal, "random_normal": KerasRandomNormal,
    "normal": KerasRandomNormal, "RandomUniform": KerasRandomUniform,
    "random_uniform": KerasRandomUniform, "uniform": KerasRandomUniform,
    "TruncatedNormal": KerasTruncatedNormal, "truncated_normal": KerasTruncatedNormal,
    "VarianceScaling": VarianceScaling, "Orthogonal": Orthogonal, "orthogonal": Orthogonal,
    "Identity": Identity, "identity": Identity, "GlorotUniform": GlorotUniform,
    "glorot_uniform": GlorotUniform, "GlorotNormal": GlorotNormal, "glorot_normal": GlorotNormal,
    "lecun_normal": lecun_normal, "lecun_uniform": lecun_uniform, "he_normal": he_normal,
    "he_uniform": he_uniform,
}
_FACTORIES = (lecun_normal, lecun_uniform, he_normal, he_uniform)

_EXPORTS = {
    Initializer: ["keras.initializers.Initializer"],
    Zeros: ["zeros_initializer", "initializers.zeros", "keras.initializers.Zeros",
            "keras.initializers.zeros"],
    Ones: ["ones_initializer", "initializers.ones", "keras.initializers.Ones",
           "keras.initializers.ones"],
    Constant: ["constant_initializer", "initializers.constant", "keras.initializers.Constant",
               "keras.initializers.constant"],
    RandomUniform: ["random_uniform_initializer", "initializers.random_uniform"],
    RandomNormal: ["random_normal_initializer", "initializers.random_normal"],
    TruncatedNormal: ["truncated_normal_initializer", "initializers.truncated_normal"],
    UniformUnitScaling: ["uniform_unit_scaling_initializer", "initializers.uniform_unit_scaling"],
    VarianceScaling: ["variance_scaling_initializer", "initializers.variance_scaling",
                      "keras.initializers.VarianceScaling"],
    GlorotUniform: ["glorot_uniform_initializer", "initializers.glorot_uniform",
                    "keras.initializers.glorot_uniform"],
    GlorotNormal: ["glorot_normal_initializer", "initializers.glorot_normal",
                   "keras.initializers.glorot_normal"],
    Orthogonal: ["orthogonal_initializer", "initializers.orthogonal",
                 "keras.initializers.Orthogonal", "keras.initializers.orthogonal"],
    Identity: ["initializers.identity", "keras.initializers.Identity",
               "keras.initializers.identity"],
    KerasRandomNormal: ["keras.initializers.RandomNormal", "keras.initializers.random_normal",
                        "keras.initializers.normal"],
    KerasRandomUniform: ["keras.initializers.RandomUniform", "keras.initializers.random_uniform",
                         "keras.initializers.uniform"],
    KerasTruncatedNormal: ["keras.initializers.TruncatedNormal",
                           "keras.initializers.truncated_normal"],
}
for _obj, _names in _EXPORTS.items():
    export(*_names)(_obj)
for _factory in _FACTORIES:
    export(f"initializers.{_factory.__name__}", f"keras.initializers.{_factory.__name__}")(
        _factory)
# TF 1.15's `tf.initializers` also holds the graph-mode initializer ops (no-ops in eager).
for _name, _target in (("global_variables", "global_variables_initializer"),
                       ("local_variables", "local_variables_initializer"),
                       ("variables", "variables_initializer"),
                       ("tables_initializer", "tables_initializer")):
    export(f"initializers.{_name}")(EXPORTS[_target])


# ---- serialization and lookup ---------------------------------------------------------------
@export("keras.initializers.serialize")
def serialize(initializer):
    """`{'class_name': ..., 'config': ...}` for an initializer object (Keras format)."""
    if initializer is None:
        return None
    if hasattr(initializer, "get_config"):
        return {"class_name": type(initializer).__name__, "config": initializer.get_config()}
    if hasattr(initializer, "__name__"):
        return initializer.__name__
    raise ValueError("Cannot serialize", initializer)


@export("keras.initializers.deserialize")
def deserialize(config, custom_objects=None):
    """The initializer a `serialize` config (or a name) describes."""
    objects = dict(KERAS_OBJECTS, **(custom_objects or {}))
    if isinstance(config, str):
        obj = objects.get(config)
        if obj is None:
            raise ValueError("Unknown initializer:" + config)
        return obj() if isinstance(obj, type) or obj in _FACTORIES else obj
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise ValueError("Improper config format: " + str(config))
    cls = objects.get(config["class_name"])
    if cls is None:
        raise ValueError("Unknown initializer: " + config["class_name"])
    if hasattr(cls, "from_config"):
        return cls.from_config(config["config"])
    return cls(**config["config"])


@export("keras.initializers.get")
def get(identifier):
    """What a layer's `*_initializer=` argument means: None stays None; a name or a config
    becomes an instance; a class is instantiated; any other callable is returned as is."""
    if identifier is None:
        return None
    if isinstance(identifier, (dict, str)):
        return deserialize(identifier)
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


# ---- tf.contrib.layers (TF 1.15): functions, not Initializer objects -----------------------
@export("contrib.layers.variance_scaling_initializer")
def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None,
                                 dtype=dtypes.float32):
    """`tf.contrib.layers.variance_scaling_initializer`: variance `factor / n` (n = FAN_IN,
    FAN_OUT or FAN_AVG); uniform, or truncated normal with TF1 contrib's 1.3 correction."""
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")

    def _initializer(shape, dtype=dtype, partition_info=None):
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        dims = _static_shape(shape)
        fan_in = float(dims[-2] if len(dims) > 1 else dims[-1])
        fan_out = float(dims[-1])
        receptive = math.prod(dims[:-2])
        fan_in, fan_out = fan_in * receptive, fan_out * receptive
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return random_ops.random_uniform(shape, -limit, limit, dtype, seed=seed)
        stddev = math.sqrt(1.3 * factor / n)
        return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=seed)

    return _initializer


@export("contrib.layers.xavier_initializer", "contrib.layers.xavier_initializer_conv2d")
def xavier_initializer(uniform=True, seed=None, dtype=dtypes.float32):
    """`tf.contrib.layers.xavier_initializer`: variance 1 / FAN_AVG, uniform by default."""
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed,
                                        dtype=dtype)
