"""Summaries and event files: `tf.contrib.summary`, `tf.Summary`/`tf.Event`, the Keras
TensorBoard callback. Importing this package registers their names."""
from . import event_file, summary_ops, keras_callback  # noqa: F401
