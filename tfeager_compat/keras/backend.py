"""`tf.keras.backend`: the float type, the learning phase and the name counters, as TF 1.15.

In TF 1.15 eager mode `learning_phase()` is 0 until `set_learning_phase` is called; layers
that take `training=` read it only when neither the caller nor an enclosing layer passed one.
Layer names are made unique per base name (`dense`, `dense_1`, ...) until `clear_session()`.
"""
import contextlib

import numpy as np

from ..framework import dtypes
from ..ops.registry import EXPORTS, export

_STATE = {"floatx": "float32", "epsilon": 1e-7, "learning_phase": None,
          "image_data_format": "channels_last"}
_NAME_UIDS = {}  # base name -> how many layers took it


def op(name):
    """The op table's public function `tf.<name>` (what Keras layers compute with)."""
    return EXPORTS[name]


@export("keras.backend.floatx")
def floatx():
    """The default float type as a string, 'float32' unless `set_floatx` changed it."""
    return _STATE["floatx"]


@export("keras.backend.set_floatx")
def set_floatx(value):
    """Set the default float type ('float16', 'float32' or 'float64')."""
    if value not in {"float16", "float32", "float64"}:
        raise ValueError("Unknown floatx type: " + str(value))
    _STATE["floatx"] = str(value)


@export("keras.backend.epsilon")
def epsilon():
    """The fuzz factor Keras adds in divisions (1e-7)."""
    return _STATE["epsilon"]


@export("keras.backend.set_epsilon")
def set_epsilon(value):
    _STATE["epsilon"] = value


@export("keras.backend.image_data_format")
def image_data_format():
    """'channels_last' unless `set_image_data_format` changed it."""
    return _STATE["image_data_format"]


@export("keras.backend.set_image_data_format")
def set_image_data_format(data_format):
    if data_format not in {"channels_last", "channels_first"}:
        raise ValueError("Unknown data_format: " + str(data_format))
    _STATE["image_data_format"] = str(data_format)


@export("keras.backend.learning_phase")
def learning_phase():
    """0 (test) or 1 (train): the value `set_learning_phase` gave, else 0 in eager mode."""
    phase = _STATE["learning_phase"]
    return 0 if phase is None else phase


def learning_phase_is_set():
    return _STATE["learning_phase"] is not None


@export("keras.backend.set_learning_phase")
def set_learning_phase(value):
    """Fix the learning phase for layers not told `training=` (0 or 1)."""
    if value not in {0, 1}:
        raise ValueError("Expected learning phase to be 0 or 1.")
    _STATE["learning_phase"] = value


@export("keras.backend.learning_phase_scope")
@contextlib.contextmanager
def learning_phase_scope(value):
    """Set the learning phase inside a `with` block only."""
    if value not in {0, 1}:
        raise ValueError("Expected learning phase to be 0 or 1.")
    previous = _STATE["learning_phase"]
    _STATE["learning_phase"] = value
    try:
        yield
    finally:
        _STATE["learning_phase"] = previous


@export("keras.backend.get_uid")
def get_uid(prefix=""):
    """1, 2, ... on successive calls with the same prefix (TF's `K.get_uid`)."""
    _NAME_UIDS[prefix] = _NAME_UIDS.get(prefix, 0) + 1
    return _NAME_UIDS[prefix]


@export("keras.backend.reset_uids")
def reset_uids():
    _NAME_UIDS.clear()


@export("keras.backend.clear_session")
def clear_session():
    """A new default graph (`tf.reset_default_graph`: names start again at `dense`, no global
    step) and no fixed learning phase."""
    from ..graph_only import reset_default_graph
    reset_default_graph()
    _STATE["learning_phase"] = None


def unique_object_name(base):
    """`base`, then `base_1`, `base_2`, ... (Keras' zero-based layer naming)."""
    count = get_uid(base) - 1
    return base if count == 0 else f"{base}_{count}"


def as_float_dtype(dtype):
    """A DType from a layer's dtype (None means floatx)."""
    return dtypes.as_dtype(dtype or _STATE["floatx"])


# ---- values and common math (TF 1.15's `K.*` over the op table) ------------------------------
@export("keras.backend.get_value")
def get_value(x):
    """The value of a variable or tensor as NumPy (a Python number is returned as is)."""
    return x.numpy() if hasattr(x, "numpy") else x


@export("keras.backend.batch_get_value")
def batch_get_value(tensors):
    return [get_value(x) for x in tensors]


@export("keras.backend.set_value")
def set_value(x, value):
    """Assign a NumPy value to variable `x`."""
    x.assign(np.asarray(value, dtype=x.dtype.as_numpy_dtype))


@export("keras.backend.batch_set_value")
def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


@export("keras.backend.eval")
def eval(x):  # noqa: A001  (Keras' name)
    """The value of `x` as NumPy."""
    return get_value(x)


@export("keras.backend.variable")
def variable(value, dtype=None, name=None, constraint=None):
    """A Variable holding `value` (floatx unless `dtype` says otherwise)."""
    from ..variables import Variable
    dtype = dtype or (value.dtype.name if hasattr(value, "dtype") and not isinstance(
        value, np.ndarray) else floatx())
    return Variable(np.asarray(value, dtypes.as_dtype(dtype).as_numpy_dtype), name=name,
                    dtype=dtype, constraint=constraint)


@export("keras.backend.constant")
def constant(value, dtype=None, shape=None, name=None):
    return op("constant")(value, dtype=dtype or floatx(), shape=shape, name=name)


@export("keras.backend.int_shape")
def int_shape(x):
    """The static shape as a tuple of ints (None where unknown)."""
    return tuple(x.shape.as_list()) if hasattr(x.shape, "as_list") else tuple(x.shape)


@export("keras.backend.ndim")
def ndim(x):
    return len(int_shape(x))


@export("keras.backend.dtype")
def dtype(x):
    return x.dtype.name


@export("keras.backend.is_tensor")
def is_tensor(x):
    from ..framework.tensor import Tensor
    from ..variables import Variable
    return isinstance(x, (Tensor, Variable))


def _axis_op(tf_name):
    def fn(x, axis=None, keepdims=False):
        return op(tf_name)(x, axis=axis, keepdims=keepdims)
    return fn


def _alias(name, tf_name, doc):
    fn = op(tf_name)

    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = doc
    export(f"keras.backend.{name}")(wrapper)


for _name, _tf in (("sum", "reduce_sum"), ("mean", "reduce_mean"), ("max", "reduce_max"),
                   ("min", "reduce_min"), ("prod", "reduce_prod"), ("any", "reduce_any"),
                   ("all", "reduce_all"), ("std", "math.reduce_std"),
                   ("var", "math.reduce_variance")):
    _fn = _axis_op(_tf)
    _fn.__name__ = _fn.__qualname__ = _name
    _fn.__doc__ = f"`tf.{_tf}(x, axis, keepdims)`."
    export(f"keras.backend.{_name}")(_fn)

for _name, _tf in (("square", "square"), ("sqrt", "sqrt"), ("exp", "exp"), ("log", "log"),
                   ("abs", "abs"), ("sign", "sign"), ("round", "round"), ("sin", "sin"),
                   ("cos", "cos"), ("tanh", "tanh"), ("sigmoid", "sigmoid"),
                   ("softplus", "nn.softplus"), ("softsign", "nn.softsign"),
                   ("maximum", "maximum"), ("minimum", "minimum"), ("equal", "equal"),
                   ("not_equal", "not_equal"), ("greater", "greater"),
                   ("greater_equal", "greater_equal"), ("less", "less"),
                   ("less_equal", "less_equal"), ("pow", "pow"), ("cast", "cast"),
                   ("reshape", "reshape"), ("transpose", "transpose"), ("gather", "gather"),
                   ("zeros_like", "zeros_like"), ("ones_like", "ones_like"),
                   ("stop_gradient", "stop_gradient"), ("shape", "shape"),
                   ("squeeze", "squeeze"), ("tile", "tile"), ("stack", "stack"),
                   ("one_hot", "one_hot"), ("argmax", "argmax"), ("argmin", "argmin"),
                   ("dot", "matmul"), ("clip", "clip_by_value"),
                   ("expand_dims", "expand_dims"), ("l2_normalize", "math.l2_normalize"),
                   ("random_uniform", "random.uniform"), ("random_normal", "random.normal")):
    _alias(_name, _tf, f"`tf.{_tf}`.")
del _name, _tf, _fn


@export("keras.backend.concatenate")
def concatenate(tensors, axis=-1):
    """`tf.concat(tensors, axis)` (axis -1 by default)."""
    return op("concat")(list(tensors), axis)


@export("keras.backend.flatten")
def flatten(x):
    return op("reshape")(x, [-1])


@export("keras.backend.batch_flatten")
def batch_flatten(x):
    return op("reshape")(x, [-1, int(np.prod(int_shape(x)[1:]))])


@export("keras.backend.zeros")
def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(shape), dtype=dtype, name=name)


@export("keras.backend.ones")
def ones(shape, dtype=None, name=None):
    return variable(np.ones(shape), dtype=dtype, name=name)


@export("keras.backend.softmax")
def softmax(x, axis=-1):
    return op("nn.softmax")(x, axis=axis)


@export("keras.backend.categorical_crossentropy")
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return op("keras.metrics.categorical_crossentropy")(target, output, from_logits=from_logits)


@export("keras.backend.binary_crossentropy")
def binary_crossentropy(target, output, from_logits=False):
    if from_logits:
        return op("nn.sigmoid_cross_entropy_with_logits")(labels=target, logits=output)
    epsilon_ = op("constant")(_STATE["epsilon"], dtype=output.dtype)
    output = op("clip_by_value")(output, epsilon_, 1.0 - epsilon_)
    return -(target * op("log")(output) + (1 - target) * op("log")(1 - output))
