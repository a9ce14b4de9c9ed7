"""`tf.keras.preprocessing.text` (TF 1.15): `text_to_word_sequence`, `one_hot`,
`hashing_trick` and `Tokenizer`, in plain Python and NumPy as in TF.

Index 0 is never a word's: the Tokenizer numbers words from 1 by falling count (ties in the
order first seen), after `oov_token` when there is one; `num_words` keeps only indices below
it when texts are turned into sequences or matrices.
"""
import hashlib
import json
from collections import OrderedDict, defaultdict

import numpy as np

from ...ops.registry import export

_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


@export("keras.preprocessing.text.text_to_word_sequence")
def text_to_word_sequence(text, filters=_FILTERS, lower=True, split=" "):
    """The words of `text`: lower-cased (`lower`), every character of `filters` replaced by
    `split`, split on `split`, empty strings dropped."""
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [word for word in text.split(split) if word]


@export("keras.preprocessing.text.hashing_trick")
def hashing_trick(text, n, hash_function=None, filters=_FILTERS, lower=True, split=" "):
    """Each word of `text` as `hash_function(word) % (n - 1) + 1`: Python's `hash` by default
    (which Python salts per process), 'md5' for a stable hash, or any callable."""
    if hash_function is None:
        hash_function = hash
    elif hash_function == "md5":
        def hash_function(word):
            return int(hashlib.md5(word.encode()).hexdigest(), 16)
    words = text_to_word_sequence(text, filters=filters, lower=lower, split=split)
    return [hash_function(word) % (n - 1) + 1 for word in words]


@export("keras.preprocessing.text.one_hot")
def one_hot(text, n, filters=_FILTERS, lower=True, split=" "):
    """`hashing_trick` with Python's `hash`: word indices in [1, n)."""
    return hashing_trick(text, n, hash_function=hash, filters=filters, lower=lower,
                         split=split)


@export("keras.preprocessing.text.Tokenizer")
class Tokenizer:
    """Turns texts into sequences of word indices, or into (texts, num_words) matrices."""

    def __init__(self, num_words=None, filters=_FILTERS, lower=True, split=" ",
                 char_level=False, oov_token=None, document_count=0, **kwargs):
        if "nb_words" in kwargs:  # Keras 1's name
            num_words = kwargs.pop("nb_words")
        if kwargs:
            raise TypeError("Unrecognized keyword arguments: " + str(kwargs))
        self.word_counts = OrderedDict()
        self.word_docs = defaultdict(int)
        self.filters = filters
        self.split = split
        self.lower = lower
        self.num_words = num_words
        self.document_count = document_count
        self.char_level = char_level
        self.oov_token = oov_token
        self.index_docs = defaultdict(int)
        self.word_index = {}
        self.index_word = {}

    def _tokens(self, text):
        """A text's tokens: its characters (`char_level`) or the items of a list, lower-cased
        when `lower`; else its words."""
        if self.char_level or isinstance(text, list):
            if self.lower:
                return [t.lower() for t in text] if isinstance(text, list) else text.lower()
            return text
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit_on_texts(self, texts):
        """Count the words of `texts` (strings, or lists of tokens) and renumber the
        vocabulary by falling count."""
        for text in texts:
            self.document_count += 1
            tokens = self._tokens(text)
            for word in tokens:
                self.word_counts[word] = self.word_counts.get(word, 0) + 1
            for word in set(tokens):
                self.word_docs[word] += 1
        by_count = sorted(self.word_counts.items(), key=lambda item: item[1], reverse=True)
        vocabulary = ([] if self.oov_token is None else [self.oov_token]) + [
            word for word, _ in by_count]
        self.word_index = dict(zip(vocabulary, range(1, len(vocabulary) + 1)))
        self.index_word = {index: word for word, index in self.word_index.items()}
        for word, count in list(self.word_docs.items()):
            self.index_docs[self.word_index[word]] = count

    def fit_on_sequences(self, sequences):
        """Count in how many sequences each index occurs (for 'tfidf' matrices)."""
        self.document_count += len(sequences)
        for seq in sequences:
            for index in set(seq):
                self.index_docs[index] += 1

    def texts_to_sequences(self, texts):
        """Each text as a list of word indices (unknown words and indices >= num_words
        dropped, or the OOV index when there is an `oov_token`)."""
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts):
        num_words = self.num_words
        oov_index = self.word_index.get(self.oov_token)
        for text in texts:
            seq = []
            for word in self._tokens(text):
                index = self.word_index.get(word)
                if index is None:
                    if self.oov_token is not None:
                        seq.append(oov_index)
                elif num_words and index >= num_words:
                    if oov_index is not None:
                        seq.append(oov_index)
                else:
                    seq.append(index)
            yield seq

    def sequences_to_texts(self, sequences):
        """Each sequence of indices as its words joined by spaces (unknown indices dropped or
        shown as the OOV token)."""
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences):
        num_words = self.num_words
        oov_index = self.word_index.get(self.oov_token)
        for seq in sequences:
            words = []
            for index in seq:
                word = self.index_word.get(index)
                if word is None:
                    if self.oov_token is not None:
                        words.append(self.index_word[oov_index])
                elif num_words and index >= num_words:
                    if oov_index is not None:
                        words.append(self.index_word[oov_index])
                else:
                    words.append(word)
            yield " ".join(words)

    def texts_to_matrix(self, texts, mode="binary"):
        """`sequences_to_matrix(texts_to_sequences(texts), mode)`."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode=mode)

    def sequences_to_matrix(self, sequences, mode="binary"):
        """A float64 (len(sequences), num_words) matrix: per sequence, each index's 'binary'
        presence, 'count', 'freq' (count / length) or 'tfidf' weight
        `(1 + log(count)) * log(1 + documents / (1 + documents with the index))`."""
        if self.num_words:
            num_words = self.num_words
        elif self.word_index:
            num_words = len(self.word_index) + 1
        else:
            raise ValueError("Specify a dimension (`num_words` argument), or fit on some text "
                             "data first.")
        if mode == "tfidf" and not self.document_count:
            raise ValueError("Fit the Tokenizer on some data before using tfidf mode.")
        out = np.zeros((len(sequences), num_words))
        for row, seq in enumerate(sequences):
            counts = defaultdict(int)
            for index in seq:
                if index < num_words:
                    counts[index] += 1
            for index, count in counts.items():
                if mode == "count":
                    out[row, index] = count
                elif mode == "freq":
                    out[row, index] = count / len(seq)
                elif mode == "binary":
                    out[row, index] = 1
                elif mode == "tfidf":
                    idf = np.log(1 + self.document_count / (1 + self.index_docs.get(index, 0)))
                    out[row, index] = (1 + np.log(count)) * idf
                else:
                    raise ValueError("Unknown vectorization mode:", mode)
        return out

    def get_config(self):
        """The settings and the fitted vocabulary (its dicts as JSON strings)."""
        return {
            "num_words": self.num_words, "filters": self.filters, "lower": self.lower,
            "split": self.split, "char_level": self.char_level, "oov_token": self.oov_token,
            "document_count": self.document_count,
            "word_counts": json.dumps(self.word_counts), "word_docs": json.dumps(self.word_docs),
            "index_docs": json.dumps(self.index_docs), "index_word": json.dumps(self.index_word),
            "word_index": json.dumps(self.word_index)}

    def to_json(self, **kwargs):
        """`{"class_name": "Tokenizer", "config": get_config()}` as JSON (`kwargs` go to
        `json.dumps`)."""
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()},
                          **kwargs)
