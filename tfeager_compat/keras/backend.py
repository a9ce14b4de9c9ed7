"""`tf.keras.backend`: the float type, the learning phase and the name counters, as TF 1.15.

In TF 1.15 eager mode `learning_phase()` is 0 until `set_learning_phase` is called; layers
that take `training=` read it only when neither the caller nor an enclosing layer passed one.
Layer names are made unique per base name (`dense`, `dense_1`, ...) until `clear_session()`.
"""
import contextlib

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
    """Forget layer-name counters and the learning phase (new layers start at `dense`)."""
    _NAME_UIDS.clear()
    _STATE["learning_phase"] = None


def unique_object_name(base):
    """`base`, then `base_1`, `base_2`, ... (Keras' zero-based layer naming)."""
    count = get_uid(base) - 1
    return base if count == 0 else f"{base}_{count}"


def as_float_dtype(dtype):
    """A DType from a layer's dtype (None means floatx)."""
    return dtypes.as_dtype(dtype or _STATE["floatx"])
