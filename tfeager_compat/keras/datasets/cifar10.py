"""`tf.keras.datasets.cifar10` (TF 1.15)."""
import os

import numpy as np

from ...ops.registry import export
from .cifar import batches_dir, channels, load_batch

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"


@export("keras.datasets.cifar10.load_data")
def load_data():
    """`(x_train, y_train), (x_test, y_test)` from `~/.keras/datasets/cifar-10-batches-py/`
    (`data_batch_1` ... `data_batch_5`, `test_batch`): uint8 images (N, 32, 32, 3) under
    channels_last, uint8 labels (N, 1)."""
    path = batches_dir("cifar-10-batches-py", ORIGIN)
    parts = [load_batch(os.path.join(path, "data_batch_%d" % i)) for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in parts]).astype("uint8")
    y_train = np.concatenate([np.asarray(y) for _, y in parts]).astype("uint8")
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    x_train, x_test = channels(x_train), channels(x_test.astype("uint8"))
    return ((x_train, y_train.reshape(len(y_train), 1)),
            (x_test, np.asarray(y_test).reshape(len(y_test), 1).astype("uint8")))
