"""TF1's `tf.layers` and the `tf.contrib.layers` basics, as thin faces over the Keras layers
(as TF 1.15 built them)."""
from . import core, contrib  # noqa: F401
