"""`tf.keras.datasets.mnist` (TF 1.15)."""
import numpy as np

from ...ops.registry import export
from ..utils.data_utils import get_file

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"


@export("keras.datasets.mnist.load_data")
def load_data(path="mnist.npz"):
    """`(x_train, y_train), (x_test, y_test)` from `~/.keras/datasets/mnist.npz`: uint8
    images (60000, 28, 28) and (10000, 28, 28), uint8 labels."""
    path = get_file(path, origin=ORIGIN)
    with np.load(path, allow_pickle=True) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
