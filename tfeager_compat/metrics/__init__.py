"""Metrics: `tfe.metrics`, `tf.keras.metrics`, and `tf.metrics.*` (graph-only in TF1).

Importing this package registers their public names. State lives in non-trainable
Variables and each update is one jitted call (see `state.py`).
"""
from . import contrib_eager, graph_metrics, functions, keras_metrics, confusion, lookup  # noqa: F401,E501
