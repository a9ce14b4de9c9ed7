"""`tf.keras.datasets.imdb` (TF 1.15), and the word-index handling Reuters shares."""
import json
import logging

import numpy as np

from ...ops.registry import export
from ..utils.data_utils import get_file

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_log = logging.getLogger("tensorflow")


def check_kwargs(kwargs, num_words):
    """Keras 1's `nb_words` (renamed, with a warning); any other keyword is a TypeError."""
    if "nb_words" in kwargs:
        _log.warning("The `nb_words` argument in `load_data` has been renamed `num_words`.")
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError("Unrecognized keyword arguments: " + str(kwargs))
    return num_words


def remove_long_seq(maxlen, seq, label):
    """The sequences shorter than `maxlen`, with their labels."""
    kept = [(x, y) for x, y in zip(seq, label) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def encode(xs, start_char, index_from):
    """Keras' word indexing: shift by `index_from`, prepend `start_char`."""
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    return xs


def limit(xs, num_words, skip_top, oov_char):
    """Replace (or drop, when `oov_char` is None) the words outside `[skip_top, num_words)`
    (`num_words` defaults to the largest index)."""
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def as_array(sequences):
    """`np.array` of lists as old NumPy made it: 2-D when all have one length, else an
    object array of lists."""
    if len({len(x) for x in sequences}) <= 1:
        return np.array(sequences)
    out = np.empty(len(sequences), dtype=object)
    out[:] = [list(x) for x in sequences]
    return out


@export("keras.datasets.imdb.load_data")
def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3, **kwargs):
    """`(x_train, y_train), (x_test, y_test)` from `~/.keras/datasets/imdb.npz`: each part
    shuffled with `np.random.seed(seed)` (NumPy's global generator), reviews as lists of word
    indices.

    As in TF 1.15, `maxlen` filters the concatenated reviews and the split point stays the
    unfiltered training-set size."""
    num_words = check_kwargs(kwargs, num_words)
    path = get_file(path, origin=ORIGIN + "imdb.npz")
    with np.load(path, allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["y_train"]
        x_test, labels_test = f["x_test"], f["y_test"]
    np.random.seed(seed)
    indices = np.arange(len(x_train))
    np.random.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    np.random.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    xs = encode(list(x_train) + list(x_test), start_char, index_from)
    labels = np.concatenate([labels_train, labels_test])
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
        if not xs:
            raise ValueError("After filtering for sequences shorter than maxlen=" +
                             str(maxlen) + ", no sequence was kept. Increase maxlen.")
    xs = limit(xs, num_words, skip_top, oov_char)
    idx = len(x_train)
    return ((as_array(xs[:idx]), np.array(labels[:idx])),
            (as_array(xs[idx:]), np.array(labels[idx:])))


@export("keras.datasets.imdb.get_word_index")
def get_word_index(path="imdb_word_index.json"):
    """`{word: index}` from `~/.keras/datasets/imdb_word_index.json`."""
    with open(get_file(path, origin=ORIGIN + "imdb_word_index.json")) as f:
        return json.load(f)
