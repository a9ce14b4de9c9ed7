"""The pickled batches of the CIFAR datasets (Keras' `cifar.load_batch`), and where they are."""
import os
import pickle

from .. import backend
from ..utils.data_utils import cache_dir, get_file


def batches_dir(dirname, origin):
    """The extracted `~/.keras/datasets/<dirname>/`: used as it is when present, else
    extracted from `<dirname>.tar.gz` by `get_file` (whose error names the file when that
    is missing too)."""
    extracted = os.path.join(cache_dir(), dirname)
    if os.path.isdir(extracted):
        return extracted
    return get_file(dirname, origin=origin, untar=True)


def load_batch(fpath, label_key="labels"):
    """`(data, labels)` of one pickled batch: data (N, 3, 32, 32) uint8, labels a list."""
    with open(fpath, "rb") as f:
        d = pickle.load(f, encoding="bytes")
    d = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in d.items()}
    data = d["data"]
    return data.reshape(data.shape[0], 3, 32, 32), d[label_key]


def channels(x):
    """NCHW batches as the backend's image data format wants them."""
    return x.transpose(0, 2, 3, 1) if backend.image_data_format() == "channels_last" else x
