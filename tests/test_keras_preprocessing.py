"""tf.keras.preprocessing.sequence and .text against what TensorFlow (TF 1.15's
Keras-Preprocessing, as tf-keras still ships it) returned for the same calls."""
import random

import numpy as np
import pytest

import tfeager_compat as tf

S = tf.keras.preprocessing.sequence
T = tf.keras.preprocessing.text
SEQS = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10], []]
TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "cat, dog; cat"]


@pytest.mark.parametrize("kwargs, dtype, expected", [
    ({}, np.int32, [[0, 0, 1, 2, 3], [0, 0, 0, 4, 5], [6, 7, 8, 9, 10], [0, 0, 0, 0, 0]]),
    (dict(maxlen=3), np.int32, [[1, 2, 3], [0, 4, 5], [8, 9, 10], [0, 0, 0]]),
    (dict(maxlen=3, padding="post"), np.int32, [[1, 2, 3], [4, 5, 0], [8, 9, 10], [0, 0, 0]]),
    (dict(maxlen=3, truncating="post"), np.int32, [[1, 2, 3], [0, 4, 5], [6, 7, 8], [0, 0, 0]]),
    (dict(maxlen=4, padding="post", truncating="post", value=-1), np.int32,
     [[1, 2, 3, -1], [4, 5, -1, -1], [6, 7, 8, 9], [-1, -1, -1, -1]]),
    (dict(dtype="float32", value=0.5), np.float32,
     [[0.5, 0.5, 1, 2, 3], [0.5, 0.5, 0.5, 4, 5], [6, 7, 8, 9, 10], [0.5] * 5]),
    (dict(maxlen=2, dtype="int64"), np.int64, [[2, 3], [4, 5], [9, 10], [0, 0]]),
])
def test_pad_sequences(kwargs, dtype, expected):
    out = S.pad_sequences(SEQS, **kwargs)
    assert isinstance(out, np.ndarray) and out.dtype == dtype
    np.testing.assert_array_equal(out, expected)


def test_pad_sequences_of_vectors_and_strings():
    out = S.pad_sequences([np.ones((2, 3)), np.zeros((1, 3))])
    assert out.shape == (2, 2, 3) and out.dtype == np.int32
    np.testing.assert_array_equal(out, [[[1] * 3] * 2, [[0] * 3] * 2])
    assert S.pad_sequences([["a", "b"], ["c"]], dtype=object, value="").tolist() == [
        ["a", "b"], ["", "c"]]


@pytest.mark.parametrize("args, kwargs, message", [
    ((SEQS,), dict(padding="mid"), 'Padding type "mid" not understood'),
    ((SEQS,), dict(truncating="x", maxlen=1), 'Truncating type "x" not understood'),
    (([1, 2, 3],), {}, "`sequences` must be a list of iterables. Found non-iterable: 1"),
    ((5,), {}, "`sequences` must be iterable."),
    (([["a"]],), dict(value="x"), "`dtype` int32 is not compatible with `value`'s type: "
                                  "<class 'str'>\nYou should set `dtype=object` for variable "
                                  "length strings."),
    (([np.ones((2, 3)), np.zeros((1, 2))],), {},
     "Shape of sample (2,) of sequence at position 1 is different from expected shape (3,)"),
    ((SEQS,), dict(maxlen=0), "could not broadcast input array from shape (3,) into shape "
                              "(0,)"),
])
def test_pad_sequences_errors(args, kwargs, message):
    with pytest.raises(ValueError) as info:
        S.pad_sequences(*args, **kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize("args, kwargs, expected", [
    (("Hello, World! It's a  test.\tTab",), {}, ["hello", "world", "it's", "a", "test", "tab"]),
    (("Hello, World",), dict(lower=False, split=","), ["Hello", " World"]),
    (("a-b c",), dict(filters=""), ["a-b", "c"]),
])
def test_text_to_word_sequence(args, kwargs, expected):
    assert T.text_to_word_sequence(*args, **kwargs) == expected


def test_hashing():
    assert T.hashing_trick("the cat the", 10, hash_function="md5") == [6, 3, 6]
    assert T.hashing_trick("a b", 5, hash_function=len) == [2, 2]
    words = T.one_hot("the cat the", 7)
    assert len(words) == 3 and words[0] == words[2] and all(1 <= w < 7 for w in words)


def test_tokenizer_fit_and_sequences():
    tok = T.Tokenizer()
    tok.fit_on_texts(TEXTS)
    assert list(tok.word_index.items()) == [
        ("the", 1), ("cat", 2), ("dog", 3), ("sat", 4), ("on", 5), ("mat", 6), ("ate", 7),
        ("my", 8), ("homework", 9)]
    assert tok.index_word == {i: w for w, i in tok.word_index.items()}
    assert list(tok.word_counts.items()) == [
        ("the", 3), ("cat", 3), ("sat", 1), ("on", 1), ("mat", 1), ("dog", 2), ("ate", 1),
        ("my", 1), ("homework", 1)]
    assert dict(tok.word_docs) == {"mat": 1, "sat": 1, "on": 1, "cat": 2, "the": 2, "ate": 1,
                                   "dog": 2, "my": 1, "homework": 1}
    assert dict(tok.index_docs) == {6: 1, 4: 1, 5: 1, 2: 2, 1: 2, 7: 1, 3: 2, 8: 1, 9: 1}
    assert tok.document_count == 3
    assert tok.texts_to_sequences(TEXTS + ["unknown cat"]) == [
        [1, 2, 4, 5, 1, 6], [1, 3, 7, 8, 9], [2, 3, 2], [2]]
    assert tok.sequences_to_texts([[1, 2, 99], [3]]) == ["the cat", "dog"]


@pytest.mark.parametrize("mode, expected", [
    ("binary", [[0, 1, 1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]]),
    ("count", [[0, 2, 1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]]),
    ("freq", [[0, 0.66667, 0.33333, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]]),
    ("tfidf", [[0, 1.1736, 0.69315, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0.69315, 0, 0, 0, 0, 0, 0]]),
])
def test_tokenizer_matrix_modes(mode, expected):
    tok = T.Tokenizer()
    tok.fit_on_texts(TEXTS)
    out = tok.texts_to_matrix(["the cat the", "dog"], mode=mode)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, expected, atol=1e-5)


def test_tokenizer_num_words_and_oov_token():
    tok = T.Tokenizer(num_words=4, oov_token="<OOV>")
    tok.fit_on_texts(TEXTS)
    assert list(tok.word_index) == ["<OOV>", "the", "cat", "dog", "sat", "on", "mat", "ate",
                                    "my", "homework"]
    assert tok.texts_to_sequences(TEXTS + ["unknown cat"]) == [
        [2, 3, 1, 1, 2, 1], [2, 1, 1, 1, 1], [3, 1, 3], [1, 3]]
    assert tok.sequences_to_texts([[1, 2, 5, 99]]) == ["<OOV> the <OOV> <OOV>"]
    assert tok.texts_to_matrix(["the cat mat"]).tolist() == [[0, 1, 1, 1]]
    assert T.Tokenizer(num_words=3).sequences_to_matrix([[1, 1, 2, 5], []],
                                                        mode="count").tolist() == [
        [0, 2, 1], [0, 0, 0]]


def test_tokenizer_chars_token_lists_and_sequences():
    tok = T.Tokenizer(char_level=True)
    tok.fit_on_texts(["abca", "Bd"])
    assert tok.word_index == {"a": 1, "b": 2, "c": 3, "d": 4}
    assert tok.texts_to_sequences(["cab z"]) == [[3, 1, 2]]
    tok = T.Tokenizer(lower=False, filters="")
    tok.fit_on_texts([["Hello", "world"], "Hello again!"])
    assert list(tok.word_index.items()) == [("Hello", 1), ("world", 2), ("again!", 3)]
    tok = T.Tokenizer()
    tok.fit_on_sequences([[1, 2, 2], [2, 3]])
    assert tok.document_count == 2 and dict(tok.index_docs) == {1: 1, 2: 2, 3: 1}


@pytest.mark.parametrize("call, error, message", [
    (lambda: T.Tokenizer().texts_to_matrix(["a"]), ValueError,
     "Specify a dimension (`num_words` argument), or fit on some text data first."),
    (lambda: T.Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="tfidf"), ValueError,
     "Fit the Tokenizer on some data before using tfidf mode."),
    (lambda: T.Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="bogus"), ValueError,
     "('Unknown vectorization mode:', 'bogus')"),
    (lambda: T.Tokenizer(foo=1), TypeError, "Unrecognized keyword arguments: {'foo': 1}"),
])
def test_tokenizer_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_tokenizer_config_and_json():
    tok = T.Tokenizer(num_words=5, oov_token="?")
    tok.fit_on_texts(["b a b", "c a"])
    config = tok.get_config()
    assert list(config) == ["num_words", "filters", "lower", "split", "char_level",
                            "oov_token", "document_count", "word_counts", "word_docs",
                            "index_docs", "index_word", "word_index"]
    assert config["word_counts"] == '{"b": 2, "a": 2, "c": 1}'
    assert config["index_word"] == '{"1": "?", "2": "b", "3": "a", "4": "c"}'
    assert config["word_index"] == '{"?": 1, "b": 2, "a": 3, "c": 4}'
    assert tok.to_json().startswith('{"class_name": "Tokenizer", "config": {"num_words": 5, '
                                    '"filters": "!\\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n", '
                                    '"lower": true')


def test_make_sampling_table():
    np.testing.assert_allclose(S.make_sampling_table(6), [
        0.00315225, 0.00315225, 0.00547597, 0.00741556, 0.00912817, 0.01068435], rtol=1e-6)
    np.testing.assert_allclose(S.make_sampling_table(4, sampling_factor=0.1), [
        0.31522479, 0.31522479, 0.54759727, 0.74155641], rtol=1e-6)


@pytest.mark.parametrize("args, kwargs, couples, labels", [
    (([1, 2, 3, 0, 4], 5), dict(window_size=1),
     [[2, 1], [2, 1], [2, 3], [1, 4], [2, 1], [3, 3], [1, 2], [3, 2]], [0, 1, 1, 0, 0, 0, 1, 1]),
    (([1, 2, 3], 5), dict(window_size=2, negative_samples=0.5, categorical=True, seed=7),
     [[1, 3], [1, 1], [2, 1], [3, 1], [1, 2], [2, 4], [2, 3], [2, 1], [3, 2]],
     [[0, 1], [1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [0, 1], [0, 1], [0, 1]]),
    (([1, 2, 3, 4], 5), dict(window_size=1, shuffle=False, sampling_table=[0, 1, .5, .1, 1.]),
     [[1, 2], [4, 3], [4, 1], [1, 4]], [1, 1, 0, 0]),
])
def test_skipgrams_with_seeded_random(args, kwargs, couples, labels):
    state = random.getstate()
    try:
        random.seed(3)
        assert S.skipgrams(*args, **kwargs) == (couples, labels)
    finally:
        random.setstate(state)


def test_image_utilities_fail_by_name():
    with pytest.raises(AttributeError, match="tf.keras.preprocessing.image is not supported"):
        tf.keras.preprocessing.image.ImageDataGenerator
