"""Keras utilities used by the engine (summary table, serialization)."""
