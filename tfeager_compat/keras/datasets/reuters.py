"""`tf.keras.datasets.reuters` (TF 1.15)."""
import json

import numpy as np

from ...ops.registry import export
from ..utils.data_utils import get_file
from .imdb import ORIGIN, as_array, check_kwargs, encode, limit, remove_long_seq


@export("keras.datasets.reuters.load_data")
def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3, **kwargs):
    """`(x_train, y_train), (x_test, y_test)` from `~/.keras/datasets/reuters.npz`: the
    newswires shuffled with `np.random.seed(seed)`, the last `test_split` for testing."""
    num_words = check_kwargs(kwargs, num_words)
    path = get_file(path, origin=ORIGIN + "reuters.npz")
    with np.load(path, allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]
    np.random.seed(seed)
    indices = np.arange(len(xs))
    np.random.shuffle(indices)
    xs, labels = xs[indices], labels[indices]
    xs = encode(list(xs), start_char, index_from)
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = limit(xs, num_words, skip_top, oov_char)
    idx = int(len(xs) * (1 - test_split))
    return ((as_array(xs[:idx]), np.array(labels[:idx])),
            (as_array(xs[idx:]), np.array(labels[idx:])))


@export("keras.datasets.reuters.get_word_index")
def get_word_index(path="reuters_word_index.json"):
    """`{word: index}` from `~/.keras/datasets/reuters_word_index.json`."""
    with open(get_file(path, origin=ORIGIN + "reuters_word_index.json")) as f:
        return json.load(f)
