"""`tf.keras.datasets`: Keras' datasets read from Keras' cache (`~/.keras/datasets/`, the same
file names and formats as Keras). Nothing is downloaded: a missing file raises an error
naming the file to put there and where it comes from (`tf.keras.utils.get_file`)."""
from . import boston_housing, cifar10, cifar100, fashion_mnist, imdb, mnist, reuters  # noqa: F401
