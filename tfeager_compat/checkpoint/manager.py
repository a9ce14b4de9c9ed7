"""`tf.train.CheckpointManager` as TF 1.15 has it: numbered saves of one `Checkpoint` in a
directory, the oldest deleted beyond `max_to_keep` unless `keep_checkpoint_every_n_hours`
preserves it, and the directory's state file (with timestamps) kept up to date. A manager
made on a directory that has a state file carries on from it.
"""
import collections
import os
import time

from ..ops.registry import export
from . import bundle, state


@export("train.CheckpointManager")
class CheckpointManager:
    """Saves `checkpoint` as `<directory>/<checkpoint_name>-N` and deletes old saves."""

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt"):
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError("Expected a positive integer or `None` for `max_to_keep`, got "
                             "%d." % (max_to_keep,))
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._keep_seconds = (keep_checkpoint_every_n_hours * 3600.0
                              if keep_checkpoint_every_n_hours else None)
        self._prefix = os.path.join(self._directory, checkpoint_name)
        recovered = state.get_checkpoint_state(self._directory)
        self._last_preserved = time.time()
        self._maybe_delete = collections.OrderedDict()
        self._latest = None
        if recovered is not None:
            paths = list(recovered.all_model_checkpoint_paths)
            stamps = list(recovered.all_model_checkpoint_timestamps)
            if recovered.last_preserved_timestamp:
                self._last_preserved = recovered.last_preserved_timestamp
            if len(stamps) != len(paths):
                stamps = [self._last_preserved] * len(paths)
            self._maybe_delete.update(zip(paths, stamps))
            self._latest = recovered.model_checkpoint_path

    @property
    def directory(self):
        return self._directory

    @property
    def latest_checkpoint(self):
        """The prefix of the newest save, or None."""
        return self._latest

    @property
    def checkpoints(self):
        """The saves not yet deleted, oldest first (preserved ones are not listed)."""
        return list(self._maybe_delete)

    def save(self, checkpoint_number=None):
        """Save as `<prefix>-N` (N: `checkpoint_number`, else the incremented save counter);
        then delete what `max_to_keep` no longer keeps and update the state file."""
        if checkpoint_number is None:
            counter = self._checkpoint.save_counter
            counter.assign_add(1)
            checkpoint_number = int(counter.numpy())
        elif hasattr(checkpoint_number, "numpy"):
            checkpoint_number = int(checkpoint_number.numpy())
        path = self._checkpoint.write("%s-%d" % (self._prefix, checkpoint_number))
        self._maybe_delete.pop(path, None)
        self._maybe_delete[path] = time.time()
        self._latest = path
        self._sweep()
        state.write_state(self._directory, path, list(self._maybe_delete),
                          save_relative_paths=True, timestamps=list(self._maybe_delete.values()),
                          last_preserved_timestamp=self._last_preserved)
        return path

    def _sweep(self):
        if self._max_to_keep is None:
            return
        while len(self._maybe_delete) > self._max_to_keep:
            path, stamp = self._maybe_delete.popitem(last=False)
            if self._keep_seconds and stamp - self._keep_seconds >= self._last_preserved:
                self._last_preserved = stamp
                continue
            for file in (path + ".index", bundle.data_filename(path)):
                if os.path.exists(file):
                    os.remove(file)
