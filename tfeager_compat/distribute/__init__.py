"""Devices (and, later, distribution strategies): TF's device names on JAX's devices."""
