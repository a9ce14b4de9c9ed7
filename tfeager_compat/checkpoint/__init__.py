"""Checkpoints in TensorFlow's own format: tensor bundles, object graphs, names, state files."""
