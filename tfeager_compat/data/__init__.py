"""`tf.data`: host-side input pipelines (see `dataset.py`); importing registers the names."""
from ..io import gfile  # noqa: F401  (tf.gfile, tf.io.gfile; list_files globs with it)
from . import dataset, iterator, sources, readers, combining, batching  # noqa: F401
from . import shuffling, mapping, caching, experimental, csv_readers  # noqa: F401
