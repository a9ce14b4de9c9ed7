"""`tf.keras.callbacks.TensorBoard` as TF 1.15 runs it eagerly: the metrics of `fit` as scalar
summaries in an event file of `log_dir`.

Each epoch writes the epoch's logs as `epoch_<name>` at step `epoch` (or, with `update_freq`
"batch" or a number of samples, at the number of samples seen); with `update_freq` set,
batches write `batch_<name>` at the number of batches seen once that many samples have passed.
As in TF 1.15 under eager execution, weight histograms, images, graphs, embeddings and profiling
are not written (`histogram_freq` is set to 0 with TF's warning).
"""
import sys

import numpy as np

from ..keras.callbacks import Callback
from ..ops.registry import export
from . import summary_ops

_SKIPPED = ("batch", "size", "num_steps")


@export("keras.callbacks.TensorBoard")
class TensorBoard(Callback):
    """Write training metrics for TensorBoard."""

    def __init__(self, log_dir="./logs", histogram_freq=0, batch_size=32, write_graph=True,
                 write_grads=False, write_images=False, embeddings_freq=0,
                 embeddings_layer_names=None, embeddings_metadata=None, embeddings_data=None,
                 update_freq="epoch", profile_batch=2):
        super().__init__()
        self.log_dir = log_dir
        self.histogram_freq = histogram_freq
        if histogram_freq:
            print("WARNING: Weight and gradient histograms not supported for eager execution, "
                  "setting `histogram_freq` to `0`.", file=sys.stderr)
            self.histogram_freq = 0
        self.batch_size = batch_size
        self.write_graph = write_graph
        self.write_grads = write_grads
        self.write_images = write_images
        self.embeddings_freq = embeddings_freq
        self.embeddings_layer_names = embeddings_layer_names
        self.embeddings_metadata = embeddings_metadata
        self.embeddings_data = embeddings_data
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.writer = None
        self._samples_seen = 0
        self._samples_seen_at_last_write = 0
        self._total_batches_seen = 0

    def set_model(self, model):
        self.model = model
        self.writer = summary_ops.create_file_writer(self.log_dir)

    def _write_custom_summaries(self, step, logs):
        with self.writer.as_default(), summary_ops.always_record_summaries():
            for name, value in logs.items():
                if isinstance(value, np.ndarray):
                    value = value.item()
                summary_ops.scalar(name, value, step=step)
        self.writer.flush()

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self._samples_seen += logs.get("size", 1)
        since = self._samples_seen - self._samples_seen_at_last_write
        if self.update_freq != "epoch" and since >= self.update_freq:
            self._write_custom_summaries(self._total_batches_seen, {
                "batch_" + k: v for k, v in logs.items() if k not in _SKIPPED})
            self._samples_seen_at_last_write = self._samples_seen
        self._total_batches_seen += 1

    def on_epoch_end(self, epoch, logs=None):
        logs = {"epoch_" + k: v for k, v in (logs or {}).items() if k not in _SKIPPED}
        self._write_custom_summaries(epoch if self.update_freq == "epoch"
                                     else self._samples_seen, logs)

    def on_train_end(self, logs=None):
        self.writer.close()
