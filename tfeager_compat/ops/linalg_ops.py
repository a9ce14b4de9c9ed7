"""linalg_ops."""
