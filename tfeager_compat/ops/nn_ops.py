"""nn_ops."""
