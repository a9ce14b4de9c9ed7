"""image_ops."""
