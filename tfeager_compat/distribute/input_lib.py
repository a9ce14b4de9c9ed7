"""`strategy.experimental_distribute_dataset`: each global batch split over the replicas.

TF 1.15 rebatches the dataset (`unbatch().batch(B // replicas)`) and hands the replicas
consecutive slices: replica i gets rows `[i*b, (i+1)*b)` of each global batch of B rows, as a
PerReplica value. Here a batch is split by laying it out along its first axis over the mesh (one
device transfer, no copy per replica). A batch size that does not divide by the number of
replicas raises TF's ValueError; a final batch smaller than the others ends the iteration, as
TF's iterator ends when some replica has no slice left.
"""
import jax
import numpy as np

from ..framework.tensor import Tensor, wrap
from .values import PerReplica


class DistributedDataset:
    """The distributed dataset: iterate it for PerReplica elements (plain ones with one
    replica)."""

    def __init__(self, dataset, extended):
        self._dataset = dataset
        self._extended = extended

    def __iter__(self):
        return DistributedIterator(iter(self._dataset), self._extended)


class DistributedIterator:
    """Iterator of a DistributedDataset (`get_next()` as TF1's)."""

    def __init__(self, iterator, extended):
        self._iterator = iterator
        self._extended = extended
        self._batch_size = None

    def __iter__(self):
        return self

    def __next__(self):
        element = next(self._iterator)
        leaves, treedef = jax.tree_util.tree_flatten(element)
        sizes = {t._aval.shape[0] for t in leaves if isinstance(t, Tensor) and t._aval.shape}
        n = self._extended._num_replicas
        size = max(sizes) if sizes else None
        if self._batch_size is None:
            if size is None or size % n:
                raise ValueError("Batch size %s cannot be sharded evenly across replicas %s"
                                 % (size, n))
            self._batch_size = size
        if size != self._batch_size or len(sizes) != 1:
            raise StopIteration  # some replica would get no slice: the step group ends
        return jax.tree_util.tree_unflatten(treedef, [self._split(t) for t in leaves])

    get_next = __next__

    def initialize(self):
        return []

    def _split(self, tensor):
        if not isinstance(tensor, Tensor):
            return tensor
        extended, n = self._extended, self._extended._num_replicas
        array = tensor._array()
        if isinstance(array, np.ndarray):  # strings stay on the host
            raise TypeError("tfeager_compat: string batches cannot be split over devices")
        if n == 1:
            return wrap(jax.device_put(array, extended._jax_devices[0]))
        stacked = array.reshape((n, array.shape[0] // n) + array.shape[1:])
        return PerReplica(wrap(jax.device_put(stacked, extended._split)), extended._names)
