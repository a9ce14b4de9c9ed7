"""`tf.data.experimental` and the `tf.contrib.data` names of TF 1.15 that legacy code uses.

The transformations are functions returning `dataset -> dataset` for `Dataset.apply`, built
on the dataset methods (`shuffle_and_repeat` is `shuffle(...).repeat(...)`, which reshuffles
every epoch as TF's fused op does).
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..ops.registry import export
from .dataset import AUTOTUNE, Dataset

INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2

export("data.experimental.AUTOTUNE", "contrib.data.AUTOTUNE")(AUTOTUNE)
export("data.experimental.INFINITE_CARDINALITY")(INFINITE_CARDINALITY)
export("data.experimental.UNKNOWN_CARDINALITY")(UNKNOWN_CARDINALITY)


def _both(name):
    return export(f"data.experimental.{name}", f"contrib.data.{name}")


@export("data.experimental.cardinality")
def cardinality(dataset):
    """The number of elements as an int64 scalar: -1 if infinite, -2 if unknown."""
    return to_tensor(np.int64(dataset._cardinality()))


@_both("shuffle_and_repeat")
def shuffle_and_repeat(buffer_size, count=None, seed=None):
    return lambda dataset: dataset.shuffle(buffer_size, seed).repeat(count)


@_both("map_and_batch")
def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                  num_parallel_calls=None):
    return lambda dataset: dataset.map(map_func).batch(batch_size, drop_remainder)


@_both("ignore_errors")
def ignore_errors():
    """Drop the elements whose reading raises a `tf.errors` error."""
    from .combining import IgnoreErrorsDataset
    return IgnoreErrorsDataset


@_both("unbatch")
def unbatch():
    return lambda dataset: dataset.unbatch()


@_both("parallel_interleave")
def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False,
                        buffer_output_elements=None, prefetch_input_elements=None):
    """`interleave` in its deterministic order (`sloppy` only allows another order)."""
    return lambda dataset: dataset.interleave(map_func, cycle_length, block_length)


@export("contrib.data.batch_and_drop_remainder")
def batch_and_drop_remainder(batch_size):
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)


@export("contrib.data.padded_batch_and_drop_remainder")
def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    return lambda dataset: dataset.padded_batch(batch_size, padded_shapes, padding_values,
                                                drop_remainder=True)


@_both("enumerate_dataset")
def enumerate_dataset(start=0):
    return lambda dataset: dataset.enumerate(start)


@_both("prefetch_to_device")
def prefetch_to_device(device, buffer_size=None):
    """The same elements (there is one device)."""
    return lambda dataset: dataset


@_both("copy_to_device")
def copy_to_device(target_device, source_device="/cpu:0"):
    return lambda dataset: dataset


@_both("get_single_element")
def get_single_element(dataset):
    """The one element of `dataset`; InvalidArgumentError if it has none or several."""
    if not isinstance(dataset, Dataset):
        raise TypeError("`dataset` must be a `tf.data.Dataset` object.")
    iterator = iter(dataset)
    element = next(iterator, None)
    if element is None:
        raise errors.invalid_argument("Dataset was empty.", "DatasetToSingleElement")
    if next(iterator, None) is not None:
        raise errors.invalid_argument("Dataset had more than one element.",
                                      "DatasetToSingleElement")
    return element


@_both("Counter")
def Counter(start=0, step=1, dtype=dtypes.int64):  # noqa: N802  (TF's name)
    """`start`, `start + step`, ... for ever, as `dtype`."""
    dtype = dtypes.as_dtype(dtype)
    counts = Dataset.range(start, np.iinfo(np.int64).max, step) if step > 0 else \
        Dataset.range(start, np.iinfo(np.int64).min, step)
    if dtype is dtypes.int64:
        return counts
    from ..ops.math_ops import cast
    return counts.map(lambda x: cast(x, dtype))


@export("data.get_output_types")
def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


@export("data.get_output_shapes")
def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


@export("data.get_output_classes")
def get_output_classes(dataset_or_iterator):
    return dataset_or_iterator.output_classes


@export("data.make_one_shot_iterator")
def make_one_shot_iterator(dataset):
    return dataset.make_one_shot_iterator()


@export("data.make_initializable_iterator")
def make_initializable_iterator(dataset, shared_name=None):
    return dataset.make_initializable_iterator(shared_name)


@export("data.experimental.get_structure")
def get_structure(dataset_or_iterator):
    return dataset_or_iterator.element_spec

