"""`tf.keras.datasets.fashion_mnist` (TF 1.15): the four gzipped IDX files Keras caches under
`~/.keras/datasets/fashion-mnist/`."""
import gzip
import os

import numpy as np

from ...ops.registry import export
from ..utils.data_utils import get_file

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


@export("keras.datasets.fashion_mnist.load_data")
def load_data():
    """`(x_train, y_train), (x_test, y_test)`: uint8 images (N, 28, 28), uint8 labels."""
    paths = [get_file(name, origin=BASE + name, cache_subdir=os.path.join(
        "datasets", "fashion-mnist")) for name in FILES]

    def read(path, offset):
        with gzip.open(path, "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)
    y_train, y_test = read(paths[0], 8), read(paths[2], 8)
    x_train = read(paths[1], 16).reshape(len(y_train), 28, 28)
    x_test = read(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
