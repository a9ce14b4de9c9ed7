"""`tf.keras.layers`, one module per family; importing this registers the engine and layers."""
from ..engine import base_layer, input_layer, input_spec, sequential, training  # noqa: F401
from . import core  # noqa: F401
from . import convolutional  # noqa: F401
from . import pooling  # noqa: F401
from . import recurrent, cudnn_recurrent  # noqa: F401
from . import wrappers  # noqa: F401
from . import advanced_activations, merge, embeddings, noise  # noqa: F401
from . import normalization  # noqa: F401
