"""`tf.keras.preprocessing` as TF 1.15 bundles it (Keras-Preprocessing 1.1): `sequence` and
`text`. The `image` utilities (ImageDataGenerator, ...) are not provided and fail by name."""
from . import sequence, text  # noqa: F401
