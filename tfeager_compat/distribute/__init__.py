"""Devices and distribution strategies: TF's device names and tf.distribute on JAX's devices
and sharding."""
