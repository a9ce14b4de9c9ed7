"""`tf.keras` as bundled with TF 1.15 (Keras 2.2.4-tf): engine, layers, activations, backend."""
from ..ops.registry import export

__version__ = "2.2.4-tf"
export("keras.__version__")(__version__)
