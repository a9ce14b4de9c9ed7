"""`tf.keras.preprocessing.sequence` (TF 1.15): `pad_sequences`, `make_sampling_table`,
`skipgrams`. NumPy and Python only, as in TF; `skipgrams` draws from Python's `random` module
in TF's order, so a seeded `random` gives TF's pairs."""
import random

import numpy as np

from ...ops.registry import export


@export("keras.preprocessing.sequence.pad_sequences")
def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.):
    """A (len(sequences), maxlen) + sample shape NumPy array of `dtype` filled with `value`,
    each sequence cut to its last (`truncating='pre'`) or first (`'post'`) `maxlen` items and
    placed at the end (`padding='pre'`) or start (`'post'`) of its row; `maxlen` defaults to
    the longest sequence."""
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, sample_shape = [], None
    for seq in sequences:
        try:
            lengths.append(len(seq))
        except TypeError:
            raise ValueError("`sequences` must be a list of iterables. Found non-iterable: "
                             + str(seq)) from None
        if sample_shape is None and len(seq):  # the first non-empty sequence sets it
            sample_shape = np.asarray(seq).shape[1:]
    sample_shape = sample_shape or ()
    if maxlen is None:
        maxlen = np.max(lengths)
    is_text = np.issubdtype(dtype, np.str_)
    if isinstance(value, str) and dtype != object and not is_text:
        raise ValueError(f"`dtype` {dtype} is not compatible with `value`'s type: "
                         f"{type(value)}\nYou should set `dtype=object` for variable length "
                         f"strings.")
    out = np.full((len(sequences), maxlen) + sample_shape, value, dtype=dtype)
    for row, seq in enumerate(sequences):
        if not len(seq):
            continue
        if truncating == "pre":
            kept = seq[-maxlen:]
        elif truncating == "post":
            kept = seq[:maxlen]
        else:
            raise ValueError(f'Truncating type "{truncating}" not understood')
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError(f"Shape of sample {kept.shape[1:]} of sequence at position {row} "
                             f"is different from expected shape {sample_shape}")
        if padding == "post":
            out[row, :len(kept)] = kept
        elif padding == "pre":
            out[row, -len(kept):] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood')
    return out


@export("keras.preprocessing.sequence.make_sampling_table")
def make_sampling_table(size, sampling_factor=1e-5):
    """The probability of keeping the word of each frequency rank (word2vec's subsampling,
    with ranks following Zipf's law): `min(1, sqrt(sampling_factor * inv_freq))`."""
    rank = np.arange(size)
    rank[0] = 1
    inverse_frequency = rank * (np.log(rank) + 0.577) + 0.5 - 1. / (12. * rank)
    f = sampling_factor * inverse_frequency
    return np.minimum(1., f / np.sqrt(f))


@export("keras.preprocessing.sequence.skipgrams")
def skipgrams(sequence, vocabulary_size, window_size=4, negative_samples=1., shuffle=True,
              categorical=False, sampling_table=None, seed=None):
    """(couples, labels): each non-zero word with each non-zero word within `window_size`
    (label 1), then `negative_samples` times as many couples with a random word (label 0);
    labels are `[0, 1]`/`[1, 0]` when `categorical`."""
    couples, labels = [], []
    for i, word in enumerate(sequence):
        if not word:
            continue
        if sampling_table is not None and sampling_table[word] < random.random():
            continue
        for j in range(max(0, i - window_size), min(len(sequence), i + window_size + 1)):
            if j != i and sequence[j]:
                couples.append([word, sequence[j]])
                labels.append([0, 1] if categorical else 1)
    if negative_samples > 0:
        count = int(len(labels) * negative_samples)
        words = [c[0] for c in couples]
        random.shuffle(words)
        couples += [[words[i % len(words)], random.randint(1, vocabulary_size - 1)]
                    for i in range(count)]
        labels += [[1, 0] if categorical else 0] * count
    if shuffle:
        if seed is None:
            seed = random.randint(0, 10 ** 7)
        random.seed(seed)
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels
