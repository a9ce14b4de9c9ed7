"""string_ops."""
