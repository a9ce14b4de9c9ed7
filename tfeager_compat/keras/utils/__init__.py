"""`tf.keras.utils` (to_categorical, normalize, Progbar, Sequence, get_file) and the
engine's helpers (summary table, serialization)."""
from . import data_utils, generic_utils, layer_utils, np_utils  # noqa: F401
