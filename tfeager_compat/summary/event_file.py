"""Event files as TensorBoard reads them: `events.out.tfevents.<seconds>.<host><suffix>` in the
log directory, a TFRecord file of `tf.Event` protos whose first event holds the file version
"brain.Event:2". Events are buffered and written every `max_queue` events, every
`flush_millis`, and on `flush()`/`close()`, as TF's writer does.

`tf.Summary`, `tf.Event` and their parts are exported here as protobuf classes; TF 1.15's
`tf.summary.FileWriter` refuses eager execution with TF's RuntimeError.
"""
import os
import socket
import time

from ..io import protos
from ..io.records import frame
from ..ops.registry import export

for _name, _paths in (("Summary", ("Summary", "summary.Summary")),
                      ("Event", ("Event", "summary.Event")),
                      ("SessionLog", ("SessionLog", "summary.SessionLog")),
                      ("HistogramProto", ("HistogramProto",)),
                      ("SummaryMetadata", ("SummaryMetadata",))):
    export(*_paths)(getattr(protos, _name))

FILE_VERSION = "brain.Event:2"


class EventFileWriter:
    """Appends `tf.Event`s to a new event file in `logdir` (created if missing)."""

    def __init__(self, logdir, max_queue=10, flush_millis=120000, filename_suffix=""):
        os.makedirs(logdir, exist_ok=True)
        now = time.time()
        self.path = os.path.join(logdir, f"events.out.tfevents.{int(now):010d}."
                                         f"{socket.gethostname()}{filename_suffix or ''}")
        self._file = open(self.path, "wb")
        self._queue = []
        self._max_queue = max_queue
        self._flush_seconds = flush_millis / 1000.0
        self._last_flush = now
        self.add_event(protos.Event(wall_time=now, file_version=FILE_VERSION))
        self.flush()

    @property
    def closed(self):
        return self._file is None

    def add_event(self, event):
        """Queue one event (a `tf.Event`); written at the next flush."""
        self._queue.append(frame(event.SerializeToString()))
        if (len(self._queue) >= self._max_queue
                or time.time() - self._last_flush >= self._flush_seconds):
            self.flush()

    def flush(self):
        if self._file is None:
            return
        self._file.write(b"".join(self._queue))
        self._file.flush()
        self._queue.clear()
        self._last_flush = time.time()

    def close(self):
        if self._file is not None:
            self.flush()
            self._file.close()
            self._file = None


@export("summary.FileWriter")
class FileWriter:
    """TF 1.15's graph-mode event writer: not available under eager execution."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        raise RuntimeError("tf.summary.FileWriter is not compatible with eager execution. "
                           "Use tf.contrib.summary instead.")
