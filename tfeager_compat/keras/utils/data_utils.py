"""`tf.keras.utils.Sequence` and `get_file` (which reads Keras' cache only: no network here)."""
import hashlib
import os

from ...ops.registry import export


@export("keras.utils.Sequence")
class Sequence:
    """A dataset of batches: `__getitem__(index)` gives batch `index`, `__len__` the number
    of batches; `fit` calls `on_epoch_end` after each epoch."""

    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def on_epoch_end(self):
        pass

    def __iter__(self):
        for item in (self[i] for i in range(len(self))):
            yield item


def cache_dir(cache_subdir="datasets", cache_dir=None):
    """Where Keras keeps downloads: `$KERAS_HOME` or `~/.keras`, then `cache_subdir`."""
    base = cache_dir or os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras")
    return os.path.join(base, cache_subdir)


def _hash(path, algorithm):
    digest = hashlib.sha256() if algorithm == "sha256" else hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(65535), b""):
            digest.update(chunk)
    return digest.hexdigest()


@export("keras.utils.get_file")
def get_file(fname, origin, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None):
    """The path of `fname` in Keras' cache (`~/.keras/datasets/` by default).

    Differences from TensorFlow: nothing is downloaded (this environment is offline); a file
    missing from the cache raises an error saying where to put it and where it comes from.
    """
    directory = globals()["cache_dir"](cache_subdir, cache_dir)
    path = os.path.join(directory, fname + (".tar.gz" if untar else ""))
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"{path} is missing and tfeager_compat does not download files. Download "
            f"{origin} and save it as {path}.")
    expected = file_hash or md5_hash
    if expected is not None:
        algorithm = "sha256" if hash_algorithm == "sha256" or (
            hash_algorithm == "auto" and len(expected) == 64) else "md5"
        if _hash(path, algorithm) != expected:
            raise ValueError(f"{path} does not match the expected {algorithm} hash "
                             f"{expected}: replace it with a fresh copy of {origin}.")
    if untar or extract:
        import tarfile
        import zipfile
        target = os.path.join(directory, fname) if untar else directory
        if untar and os.path.exists(target):
            return target
        if tarfile.is_tarfile(path):
            with tarfile.open(path) as archive:
                archive.extractall(directory)
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                archive.extractall(directory)
        return target
    return path
