"""`tf.contrib.summary` as TF 1.15 runs it eagerly: summaries are written at once to the
default writer's event file, only while recording is switched on.

As in TF, nothing is written without a default writer (the call returns None) or outside
`always_record_summaries()` / `record_summaries_every_n_global_steps(n)` (the call returns
`tf.constant(False)`; `True` when written). The step defaults to the global step. Tags are
TF's: the name scope, then `family/` twice when a family is given ("train/train/loss"), with
characters TF does not allow replaced by "_". Histograms use TF's default buckets (10% wide,
from 1e-12 to 1e20 either side of 0, empty runs merged); images are scaled as TF's image
summary kernel scales them and stored as PNG; audio is 16-bit PCM WAV.
"""
import contextlib
import io
import re
import sys
import time
import wave

import numpy as np

from .. import scopes
from ..framework import errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor
from ..checkpoint.bundle import DATATYPE
from ..io import protos
from ..io.images import encode_png
from ..ops.registry import export
from ..training import training_util
from .event_file import EventFileWriter

_STATE = {"writer": None, "recording": None}
_INVALID_TAG = re.compile(r"[^-/\w\.]")


def _contrib(*names):
    return export(*(f"contrib.summary.{name}" for name in names))


@_contrib("SummaryWriter")
class SummaryWriter:
    """A writer of one event file (`create_file_writer`); a writer without a log directory
    writes nothing."""

    def __init__(self, logdir, max_queue=None, flush_millis=None, filename_suffix=None):
        self._events = None if logdir is None else EventFileWriter(
            logdir, 10 if max_queue is None else max_queue,
            120000 if flush_millis is None else flush_millis,
            ".v2" if filename_suffix is None else filename_suffix)

    def set_as_default(self):
        """Make this the default writer of every later summary."""
        _STATE["writer"] = self

    @contextlib.contextmanager
    def as_default(self):
        """The default writer inside the block; flushed when the block ends."""
        if self._events is None:
            yield self
            return
        old = _STATE["writer"]
        try:
            _STATE["writer"] = self
            yield self
            self.flush()
        finally:
            _STATE["writer"] = old

    def init(self):
        """Nothing to do eagerly: the file was opened at creation."""

    def flush(self):
        """Write the queued events to the file."""
        if self._events is not None:
            self._events.flush()

    def close(self):
        """Flush and close the event file."""
        if self._events is not None:
            self._events.close()

    def _write(self, step, values):
        if self._events.closed:
            raise errors.FailedPreconditionError(
                None, None, f"The summary writer of {self._events.path} is closed.")
        self._events.add_event(protos.Event(wall_time=time.time(), step=step,
                                            summary=protos.Summary(value=values)))


@_contrib("create_file_writer", "create_summary_file_writer")
def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None,
                       name=None):
    """A SummaryWriter of a new event file in `logdir` (created if missing); with
    `logdir=None`, a writer that writes nothing."""
    return SummaryWriter(logdir, max_queue, flush_millis, filename_suffix)


@contextlib.contextmanager
def _recording(value):
    old = _STATE["recording"]
    _STATE["recording"] = value
    try:
        yield
    finally:
        _STATE["recording"] = old


@_contrib("always_record_summaries")
def always_record_summaries():
    """Record every summary inside the block."""
    return _recording(True)


@_contrib("never_record_summaries")
def never_record_summaries():
    """Record no summary inside the block."""
    return _recording(False)


@_contrib("record_summaries_every_n_global_steps")
def record_summaries_every_n_global_steps(n, global_step=None):
    """Record summaries inside the block when the global step is a multiple of `n`."""
    if global_step is None:
        global_step = training_util.get_or_create_global_step()
    return _recording(lambda: to_tensor(int(np.asarray(global_step.numpy())) % n == 0))


@_contrib("should_record_summaries")
def should_record_summaries():
    """Whether summaries are recorded now: False, True, or a bool tensor."""
    should = _STATE["recording"]
    if should is None:
        return False
    return should() if callable(should) else should


@_contrib("flush")
def flush(writer=None, name=None):
    """Flush `writer`, or the default writer; None when there is none."""
    writer = _STATE["writer"] if writer is None else writer
    if writer is not None:
        writer.flush()


@_contrib("initialize")
def initialize(graph=None, session=None):
    """Nothing to do under eager execution."""


@_contrib("all_summary_ops")
def all_summary_ops():
    """None under eager execution (summaries are not collected)."""
    return None


@_contrib("summary_writer_initializer_op")
def summary_writer_initializer_op():
    """Graph mode only, as in TF."""
    raise RuntimeError("tf.contrib.summary.summary_writer_initializer_op is only supported in "
                       "graph mode.")


@_contrib("eval_dir")
def eval_dir(model_dir, name=None):
    """`model_dir/eval` (or `eval_<name>`), the directory of evaluation summaries."""
    return model_dir.rstrip("/") + "/" + ("eval" if not name else "eval_" + name)


def _clean(tag):
    if tag is None:
        return None
    cleaned = _INVALID_TAG.sub("_", tag).lstrip("/")
    if cleaned != tag:
        print(f"Summary name {tag} is illegal; using {cleaned} instead.", file=sys.stderr)
    return cleaned


def _tag(name, family):
    name, family = _clean(name), _clean(family)
    base = name if family is None else f"{family}/{name}"
    scope = (scopes.current_name_scope() + base).rstrip("/")
    return scope if family is None else f"{family}/{scope}"


def _step(step):
    if step is None:
        step = training_util.get_or_create_global_step()
    return int(np.asarray(step.numpy() if hasattr(step, "numpy") else step))


def _array(tensor):
    return np.asarray(to_tensor(tensor).numpy())


def _write(name, family, step, make_values):
    """TF's `summary_writer_function`: write `make_values(tag)` if a writer records now."""
    writer = _STATE["writer"]
    if writer is None:
        return None
    should = should_record_summaries()
    if not bool(np.asarray(should.numpy() if isinstance(should, Tensor) else should)):
        return to_tensor(False)
    writer._write(_step(step), make_values(_tag(name, family)))
    return to_tensor(True)


@_contrib("scalar")
def scalar(name, tensor, family=None, step=None):
    """Write a scalar (as a float32 `simple_value`)."""
    def values(tag):
        return [protos.Summary.Value(tag=tag, simple_value=float(_array(tensor)))]
    return _write(name, family, step, values)


def _bucket_limits():
    positive, v = [], 1.0e-12
    while v < 1.0e20:
        positive.append(v)
        v *= 1.1
    positive.append(sys.float_info.max)
    return np.array([-x for x in reversed(positive)] + [0.0] + positive)


_LIMITS = _bucket_limits()


def histogram_proto(values, tag):
    """TF's HistogramProto of `values` (its default buckets, empty runs merged)."""
    values = np.asarray(values, np.float64).reshape(-1)
    if not np.all(np.isfinite(values)):
        raise errors.invalid_argument(f"Nan in summary histogram for: {tag}",
                                      "WriteHistogramSummary")
    counts = np.bincount(np.searchsorted(_LIMITS, values, side="right"),
                         minlength=len(_LIMITS)).astype(np.float64)
    limits, buckets, i = [], [], 0
    while i < len(counts):
        end, count = _LIMITS[i], counts[i]
        i += 1
        if count <= 0:
            while i < len(counts) and counts[i] <= 0:
                end, count = _LIMITS[i], counts[i]
                i += 1
        limits.append(end)
        buckets.append(count)
    empty = values.size == 0
    return protos.HistogramProto(
        min=sys.float_info.max if empty else values.min(),
        max=-sys.float_info.max if empty else values.max(), num=values.size,
        sum=float(values.sum()), sum_squares=float((values * values).sum()),
        bucket_limit=limits, bucket=buckets)


@_contrib("histogram")
def histogram(name, tensor, family=None, step=None):
    """Write a histogram of the tensor's values."""
    def values(tag):
        return [protos.Summary.Value(tag=tag, histo=histogram_proto(_array(tensor), tag))]
    return _write(name, family, step, values)


def _image_uint8(image, bad_color):
    """One [h, w, c] image as uint8, scaled as TF's image summary kernel does."""
    if image.dtype == np.uint8:
        return image
    image = image.astype(np.float32)
    finite = np.isfinite(image).all(axis=-1)
    if finite.any():
        low, high = image[finite].min(), image[finite].max()
    else:
        low, high = np.float32(np.inf), np.float32(-np.inf)
    if low < 0:
        top = max(abs(low), abs(high))
        scale, offset = (0.0 if top < 1e-6 else 127.0 / top), 128.0
    else:
        scale, offset = (0.0 if high < 1e-6 else 255.0 / high), 0.0
    scaled = np.where(finite[..., None], image * np.float32(scale) + np.float32(offset), 0)
    out = scaled.astype(np.uint8)
    out[~finite] = bad_color[:image.shape[-1]]
    return out


@_contrib("image")
def image(name, tensor, bad_color=None, max_images=3, family=None, step=None):
    """Write up to `max_images` images of a [batch, height, width, 1|3|4] tensor as PNGs."""
    array = _array(tensor)
    if array.ndim != 4 or array.shape[-1] not in (1, 3, 4):
        raise errors.invalid_argument(
            "Tensor must be 4-D with last dim 1, 3, or 4, not "
            f"{errors.shape_text(array.shape)}", "WriteImageSummary")
    color = np.array([255, 0, 0, 255] if bad_color is None else _array(bad_color), np.uint8)

    def values(tag):
        out = []
        for i, picture in enumerate(array[:max_images]):
            pixels = _image_uint8(picture, color)
            encoded = encode_png(pixels).numpy()
            out.append(protos.Summary.Value(
                tag=f"{tag}/image/{i}" if max_images > 1 else f"{tag}/image",
                image=protos.Summary.Image(height=pixels.shape[0], width=pixels.shape[1],
                                           colorspace=pixels.shape[2],
                                           encoded_image_string=encoded)))
        return out
    return _write(name, family, step, values)


def _wav(samples, rate):
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(pcm.shape[1])
        w.setsampwidth(2)
        w.setframerate(int(rate))
        w.writeframes(pcm.tobytes())
    return out.getvalue()


@_contrib("audio")
def audio(name, tensor, sample_rate, max_outputs, family=None, step=None):
    """Write up to `max_outputs` clips of a [batch, frames(, channels)] float tensor in
    [-1, 1] as WAV files."""
    array = _array(tensor).astype(np.float32)
    if array.ndim == 2:
        array = array[:, :, None]
    rate = float(_array(sample_rate))

    def values(tag):
        return [protos.Summary.Value(
            tag=f"{tag}/audio/{i}" if max_outputs > 1 else f"{tag}/audio",
            audio=protos.Summary.Audio(sample_rate=rate, num_channels=clip.shape[1],
                                       length_frames=clip.shape[0],
                                       encoded_audio_string=_wav(clip, rate),
                                       content_type="audio/wav"))
            for i, clip in enumerate(array[:max_outputs])]
    return _write(name, family, step, values)


def tensor_proto(array):
    """A TensorProto of a NumPy array (strings in `string_val`, numbers in `tensor_content`)."""
    tensor = to_tensor(array)
    value = np.asarray(tensor.numpy())
    proto = protos.TensorProto(dtype=DATATYPE[tensor.dtype.name])
    for size in value.shape:
        proto.tensor_shape.dim.add(size=size)
    if tensor.dtype.is_string:
        proto.string_val.extend(value.reshape(-1).tolist())
    else:
        proto.tensor_content = value.astype(value.dtype.newbyteorder("<")).tobytes()
    return proto


@_contrib("generic")
def generic(name, tensor, metadata=None, family=None, step=None):
    """Write a tensor with optional SummaryMetadata (a proto or its serialized bytes)."""
    if isinstance(metadata, (bytes, bytearray)):
        metadata = protos.SummaryMetadata.FromString(bytes(metadata))

    def values(tag):
        value = protos.Summary.Value(tag=tag, tensor=tensor_proto(tensor))
        if metadata is not None:
            value.metadata.CopyFrom(metadata)
        return [value]
    return _write(name, family, step, values)

