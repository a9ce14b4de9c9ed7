"""`tf.keras.datasets.cifar100` (TF 1.15)."""
import os

import numpy as np

from ...ops.registry import export
from .cifar import batches_dir, channels, load_batch

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"


@export("keras.datasets.cifar100.load_data")
def load_data(label_mode="fine"):
    """`(x_train, y_train), (x_test, y_test)` from `~/.keras/datasets/cifar-100-python/`
    (`train`, `test`), with the `fine` (100) or `coarse` (20) labels, shaped (N, 1)."""
    if label_mode not in ("fine", "coarse"):
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`.')
    path = batches_dir("cifar-100-python", ORIGIN)
    out = []
    for part in ("train", "test"):
        x, y = load_batch(os.path.join(path, part), label_key=label_mode + "_labels")
        out.append((channels(x), np.reshape(y, (len(y), 1))))
    return tuple(out)
