"""`tf.keras.datasets.boston_housing` (TF 1.15)."""
import numpy as np

from ...ops.registry import export
from ..utils.data_utils import get_file

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"


@export("keras.datasets.boston_housing.load_data")
def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """`(x_train, y_train), (x_test, y_test)`: the rows shuffled with `np.random.seed(seed)`
    (NumPy's global generator, as Keras does), the last `test_split` of them for testing."""
    assert 0 <= test_split < 1
    path = get_file(path, origin=ORIGIN)
    with np.load(path) as f:
        x, y = f["x"], f["y"]
    np.random.seed(seed)
    indices = np.arange(len(x))
    np.random.shuffle(indices)
    x, y = x[indices], y[indices]
    split = int(len(x) * (1 - test_split))
    return (np.array(x[:split]), np.array(y[:split])), (np.array(x[split:]),
                                                        np.array(y[split:]))
