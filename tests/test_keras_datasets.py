"""tf.keras.datasets read from tiny fake copies of Keras' cache files (same names and formats)
in a temporary HOME. The expected values are what TensorFlow (tf-keras) returned for the same
files; the CIFAR pixel layout is checked against the raw batches."""
import gzip
import os
import pickle
import tarfile

import numpy as np
import pytest

import tfeager_compat as tf

SEQUENCES = [[1, 5, 9], [4, 4], [7, 8, 2, 11], [3], [10, 12, 6, 1, 2], [2, 3]]


def _objects(items):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _pickle(path, value):
    with open(path, "wb") as f:
        pickle.dump(value, f)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """~/.keras/datasets/ holding a small file of every dataset, in Keras' formats."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KERAS_HOME", raising=False)
    d = tmp_path / ".keras" / "datasets"
    for sub in ("fashion-mnist", "cifar-100-python", "cifar-10-batches-py"):
        (d / sub).mkdir(parents=True)
    np.savez(d / "mnist.npz", x_train=np.arange(3 * 784, dtype="uint8").reshape(3, 28, 28),
             y_train=np.array([5, 0, 4], "uint8"), x_test=np.full((2, 28, 28), 7, "uint8"),
             y_test=np.array([7, 2], "uint8"))
    for name, data, header in (
            ("train-labels-idx1-ubyte.gz", np.array([9, 0, 3], "uint8"), 8),
            ("train-images-idx3-ubyte.gz", (np.arange(3 * 784) % 251).astype("uint8"), 16),
            ("t10k-labels-idx1-ubyte.gz", np.array([1, 2], "uint8"), 8),
            ("t10k-images-idx3-ubyte.gz", (np.arange(2 * 784) % 13).astype("uint8"), 16)):
        with gzip.open(d / "fashion-mnist" / name, "wb") as f:
            f.write(b"\0" * header + data.tobytes())
    np.savez(d / "imdb.npz", x_train=_objects(SEQUENCES[:4]), y_train=np.array([1, 0, 1, 0]),
             x_test=_objects(SEQUENCES[4:]), y_test=np.array([1, 1]))
    np.savez(d / "reuters.npz", x=_objects(SEQUENCES + [[5, 5, 5]]),
             y=np.array([3, 1, 4, 1, 5, 9, 2]))
    np.savez(d / "boston_housing.npz", x=np.arange(20, dtype="float64").reshape(10, 2),
             y=np.arange(10, dtype="float64") * 1.5)
    rng = np.random.RandomState(1)
    for part, n in (("train", 3), ("test", 2)):
        _pickle(d / "cifar-100-python" / part, {
            b"data": rng.randint(0, 256, (n, 3072)).astype("uint8"),
            b"fine_labels": list(range(n)), b"coarse_labels": [9] * n})
    for part in ["data_batch_%d" % i for i in range(1, 6)] + ["test_batch"]:
        _pickle(d / "cifar-10-batches-py" / part, {
            b"data": rng.randint(0, 256, (2, 3072)).astype("uint8"), b"labels": [1, 8]})
    return d


def test_mnist(cache):
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    assert (x_train.shape, x_train.dtype, x_test.shape) == ((3, 28, 28), np.uint8, (2, 28, 28))
    assert (y_train.tolist(), y_test.tolist(), int(x_train.sum())) == ([5, 0, 4], [7, 2], 294888)


def test_fashion_mnist(cache):
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    assert (x_train.shape, x_train.dtype, x_test.shape) == ((3, 28, 28), np.uint8, (2, 28, 28))
    assert (y_train.tolist(), y_test.tolist()) == ([9, 0, 3], [1, 2])
    assert (int(x_train.sum()), int(x_test.sum())) == (286653, 9388)


@pytest.mark.parametrize("kwargs,train,test", [
    ({}, [[1, 6], [1, 10, 11, 5, 14], [1, 4, 8, 12], [1, 7, 7]],
     [[1, 5, 6], [1, 13, 2, 9, 4, 5]]),
    ({"num_words": 12, "oov_char": None}, [[1, 6], [1, 10, 11, 5], [1, 4, 8], [1, 7, 7]],
     [[1, 5, 6], [1, 9, 4, 5]]),
    ({"num_words": 10, "skip_top": 4, "start_char": None, "index_from": 0},
     [[2], [7, 8, 2, 2], [2, 5, 9], [4, 4]], [[2, 2], [2, 2, 6, 2, 2]]),
])
def test_imdb(cache, kwargs, train, test):
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.imdb.load_data(**kwargs)
    assert [list(x) for x in x_train] == train and [list(x) for x in x_test] == test
    assert (y_train.tolist(), y_test.tolist()) == ([0, 1, 1, 0], [1, 1])


def test_imdb_maxlen_splits_at_the_unfiltered_training_size_as_tf_1_15(cache):
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.imdb.load_data(maxlen=4)
    # the largest index left (7) is `num_words`, so it becomes `oov_char`, as in TF
    assert [list(x) for x in x_train] == [[1, 6], [1, 2, 2], [1, 5, 6]]
    assert x_test.shape == (0,) and y_train.tolist() == [0, 0, 1]
    with pytest.raises(ValueError, match="After filtering for sequences shorter than maxlen=1, "
                                         "no sequence was kept. Increase maxlen."):
        tf.keras.datasets.imdb.load_data(maxlen=1)
    with pytest.raises(TypeError, match="Unrecognized keyword arguments: {'nb_word': 3}"):
        tf.keras.datasets.imdb.load_data(nb_word=3)


@pytest.mark.parametrize("kwargs,train,y_train,test,y_test", [
    ({}, [[1, 7, 7], [1, 6], [1, 4, 8, 12], [1, 8, 8, 8], [1, 10, 11, 5, 14]], [1, 1, 3, 2, 4],
     [[1, 13, 2, 9, 4, 5], [1, 5, 6]], [5, 9]),
    ({"maxlen": 4, "test_split": 0.5}, [[1, 2, 2]], [1], [[1, 6], [1, 5, 6]], [1, 9]),
])
def test_reuters(cache, kwargs, train, y_train, test, y_test):
    (a, b), (c, d) = tf.keras.datasets.reuters.load_data(**kwargs)
    assert [list(x) for x in a] == train and [list(x) for x in c] == test
    assert (b.tolist(), d.tolist()) == (y_train, y_test)


def test_boston_housing(cache):
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.boston_housing.load_data()
    assert x_train[:, 0].tolist() == [18.0, 6.0, 12.0, 2.0, 0.0, 14.0, 8.0, 16.0]
    assert y_train.tolist() == [13.5, 4.5, 9.0, 1.5, 0.0, 10.5, 6.0, 12.0]
    assert (x_test.tolist(), y_test.tolist()) == ([[4.0, 5.0], [10.0, 11.0]], [3.0, 7.5])


def test_cifar100(cache):
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar100.load_data()
    assert (x_train.shape, x_train.dtype, x_test.shape) == ((3, 32, 32, 3), np.uint8,
                                                           (2, 32, 32, 3))
    assert (y_train.tolist(), y_train.dtype, y_test.tolist()) == ([[0], [1], [2]], np.int64,
                                                                  [[0], [1]])
    assert (int(x_train[0, 0, 0, 1]), int(x_train[1, 2, 3, 0])) == (23, 214)
    assert tf.keras.datasets.cifar100.load_data("coarse")[0][1].tolist() == [[9], [9], [9]]
    with pytest.raises(ValueError, match='^`label_mode` must be one of `"fine"`, `"coarse"`.$'):
        tf.keras.datasets.cifar100.load_data("x")


def test_cifar10_from_the_archive(cache):
    batches = cache / "cifar-10-batches-py"
    raw = [pickle.load(open(batches / p, "rb"), encoding="bytes")[b"data"]
           for p in ["data_batch_%d" % i for i in range(1, 6)] + ["test_batch"]]
    with tarfile.open(cache / "cifar-10-batches-py.tar.gz", "w:gz") as archive:
        archive.add(batches, arcname="cifar-10-batches-py")
    for path in batches.iterdir():
        path.unlink()
    batches.rmdir()  # only the archive is left: it is extracted, as Keras does
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
    assert (x_train.shape, x_train.dtype, y_train.dtype) == ((10, 32, 32, 3), np.uint8,
                                                             np.uint8)
    assert y_train.ravel().tolist() == [1, 8] * 5 and y_test.tolist() == [[1], [8]]
    np.testing.assert_array_equal(x_train[2], raw[1][0].reshape(3, 32, 32).transpose(1, 2, 0))
    np.testing.assert_array_equal(x_test[1], raw[5][1].reshape(3, 32, 32).transpose(1, 2, 0))


@pytest.mark.parametrize("load,name,origin", [
    (tf.keras.datasets.mnist.load_data, "mnist.npz",
     "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"),
    (tf.keras.datasets.cifar10.load_data, "cifar-10-batches-py.tar.gz",
     "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"),
    (tf.keras.datasets.fashion_mnist.load_data, "fashion-mnist/train-labels-idx1-ubyte.gz",
     "https://storage.googleapis.com/tensorflow/tf-keras-datasets/train-labels-idx1-ubyte.gz"),
    (tf.keras.datasets.imdb.get_word_index, "imdb_word_index.json",
     "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json"),
])
def test_a_missing_file_says_what_to_put_where(tmp_path, monkeypatch, load, name, origin):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KERAS_HOME", raising=False)
    path = os.path.join(str(tmp_path), ".keras", "datasets", name)
    with pytest.raises(FileNotFoundError) as info:
        load()
    assert str(info.value) == (f"{path} is missing and tfeager_compat does not download "
                               f"files. Download {origin} and save it as {path}.")


def test_word_index(cache):
    (cache / "reuters_word_index.json").write_text('{"the": 1, "of": 2}')
    assert tf.keras.datasets.reuters.get_word_index() == {"the": 1, "of": 2}
