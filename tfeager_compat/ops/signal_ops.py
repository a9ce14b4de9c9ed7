"""`tf.signal` (and TF 1.15's `tf.contrib.signal`): framing, windows, STFTs and mel features.

Framing and overlap-add are ops of their own (a gather and a scatter-add, so tapes
differentiate them); `stft` and `inverse_stft` compose them with the op table's multiply,
`rfft` and `irfft`, as TF composes its own; windows and the mel matrix are constants
computed in the requested dtype, in TF's order of operations.
"""
import math

import jax.numpy as jnp
import numpy as np

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor, to_tensor
from .array_ops import pad
from .math_ops import matmul
from .registry import EXPORTS, Op, export

multiply, _rfft, _irfft = EXPORTS["multiply"], EXPORTS["signal.rfft"], EXPORTS["signal.irfft"]


def _signal_export(name):
    return export(f"signal.{name}", f"contrib.signal.{name}")


def _int(value):
    return int(value.numpy() if hasattr(value, "numpy") else value)


def _rank_at_least(tensor, rank):
    if tensor._rank() < rank:
        raise ValueError(f"Shape {tensor.shape} must have rank at least {rank}")


def _frame_indices(num_frames, frame_length, frame_step):
    return frame_step * np.arange(num_frames)[:, None] + np.arange(frame_length)[None, :]


def _frame(x, pad_value, frame_length, frame_step, num_frames, padded, axis):
    if padded > x.shape[axis]:
        widths = [(0, 0)] * x.ndim
        widths[axis] = (0, padded - x.shape[axis])
        x = jnp.pad(x, widths, constant_values=pad_value)
    return jnp.take(x, _frame_indices(num_frames, frame_length, frame_step), axis=axis)


_FRAME = Op("Frame", _frame)


@_signal_export("frame")
def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """`tf.signal.frame`: overlapping windows of `frame_length` samples every `frame_step`
    along `axis`, which becomes the two axes `[num_frames, frame_length]`. With `pad_end`
    the end is padded with `pad_value` so every sample starts a frame's step."""
    signal = convert_to_tensor(signal)
    _rank_at_least(signal, 1)
    frame_length, frame_step = _int(frame_length), _int(frame_step)
    axis = _int(axis)
    if not -signal._rank() <= axis < signal._rank():
        raise IndexError("list index out of range")  # TF indexes the static shape's dims
    axis %= signal._rank()
    length = signal._shape_tuple()[axis]
    if pad_end:
        num_frames = -(-length // frame_step)
    else:
        num_frames = max(0, 1 + (length - frame_length) // frame_step)
    padded = frame_length + frame_step * (num_frames - 1) if num_frames else 0
    attrs = (("frame_length", frame_length), ("frame_step", frame_step),
             ("num_frames", num_frames), ("padded", padded), ("axis", axis))
    return execute(_FRAME, (signal, to_tensor(pad_value, signal.dtype)), attrs)


def _overlap_and_add(frames, frame_step):
    num_frames, frame_length = frames.shape[-2:]
    length = frame_length + frame_step * (num_frames - 1) if num_frames else 0
    out = jnp.zeros(frames.shape[:-2] + (length,), frames.dtype)
    return out.at[..., _frame_indices(num_frames, frame_length, frame_step)].add(frames)


_OVERLAP_AND_ADD = Op("OverlapAndAdd", _overlap_and_add)


@_signal_export("overlap_and_add")
def overlap_and_add(signal, frame_step, name=None):
    """`tf.signal.overlap_and_add`: the sum of `[..., frames, frame_length]` frames placed
    `frame_step` apart: `[..., (frames - 1) * frame_step + frame_length]`."""
    signal = convert_to_tensor(signal)
    _rank_at_least(signal, 2)
    return execute(_OVERLAP_AND_ADD, (signal,), (("frame_step", _int(frame_step)),))


# ---- windows -------------------------------------------------------------------------------
def _window(window_length, periodic, dtype, a, b):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    length = _int(window_length)
    np_type = dtype.as_numpy_dtype
    if length == 1:
        return to_tensor(np.ones((1,), np_type), dtype)
    # An even periodic window is the first `length` points of a symmetric one of length + 1.
    n = length - 1 + (1 - length % 2) * bool(_int(periodic))
    angle = np_type(2 * np.pi) * np.arange(length, dtype=np_type) / np_type(n)
    return to_tensor((np_type(a) - np_type(b) * np.cos(angle)).astype(np_type), dtype)


@_signal_export("hann_window")
def hann_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """`tf.signal.hann_window`: `0.5 - 0.5 cos(2 pi n / N)`; periodic (N = length) by default."""
    return _window(window_length, periodic, dtype, 0.5, 0.5)


@_signal_export("hamming_window")
def hamming_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """`tf.signal.hamming_window`: `0.54 - 0.46 cos(2 pi n / N)`; periodic by default."""
    return _window(window_length, periodic, dtype, 0.54, 0.46)


# ---- short-time Fourier transforms ---------------------------------------------------------
def _next_power_of_2(n):
    return 1 << max(0, n - 1).bit_length()


@_signal_export("stft")
def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window,
         pad_end=False, name=None):
    """`tf.signal.stft`: `rfft` of the windowed frames of `signals`, with `fft_length`
    defaulting to the next power of 2 above `frame_length`: `[..., frames, fft_length//2+1]`,
    complex64 for float32 signals."""
    signals = convert_to_tensor(signals)
    _rank_at_least(signals, 1)
    frame_length = _int(frame_length)
    fft_length = _next_power_of_2(frame_length) if fft_length is None else _int(fft_length)
    frames = frame(signals, frame_length, frame_step, pad_end=pad_end)
    if window_fn is not None:
        frames = multiply(frames, window_fn(frame_length, dtype=frames.dtype))
    return _rfft(frames, [fft_length])


@_signal_export("inverse_stft")
def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window,
                 name=None):
    """`tf.signal.inverse_stft`: `irfft` of each frame, cropped or zero-padded to
    `frame_length`, windowed and overlap-added. Pass `inverse_stft_window_fn(frame_step)`
    as `window_fn` for a perfect reconstruction of `stft`."""
    stfts = convert_to_tensor(stfts)
    _rank_at_least(stfts, 2)
    frame_length = _int(frame_length)
    fft_length = _next_power_of_2(frame_length) if fft_length is None else _int(fft_length)
    frames = _irfft(stfts, [fft_length])
    if fft_length > frame_length:
        frames = frames[..., :frame_length]
    elif fft_length < frame_length:
        frames = pad(frames, [[0, 0]] * (frames._rank() - 1) + [[0, frame_length - fft_length]])
    if window_fn is not None:
        frames = multiply(frames, window_fn(frame_length, dtype=frames.dtype))
    return overlap_and_add(frames, frame_step)


@_signal_export("inverse_stft_window_fn")
def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """`tf.signal.inverse_stft_window_fn`: a `window_fn(frame_length, dtype)` giving the
    forward window divided by the overlap-added squares of it, so `inverse_stft` inverts
    `stft` made with `forward_window_fn`."""
    frame_step = _int(frame_step)

    def inverse_stft_window_fn_inner(frame_length, dtype):
        frame_length = _int(frame_length)
        forward = forward_window_fn(frame_length, dtype=dtype)
        squares = np.square(forward.numpy())
        overlaps = -(-frame_length // frame_step)
        squares = np.pad(squares, (0, overlaps * frame_step - frame_length))
        denominator = np.tile(squares.reshape(overlaps, frame_step).sum(0), overlaps)
        return to_tensor((forward.numpy() / denominator[:frame_length]).astype(squares.dtype),
                         forward.dtype)
    return inverse_stft_window_fn_inner


# ---- mel features --------------------------------------------------------------------------
def _hertz_to_mel(hertz):
    return 1127.0 * np.log(1.0 + hertz / 700.0)


def _check_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype):
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
    if lower_edge_hertz < 0.0:
        raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower_edge_hertz}")
    if lower_edge_hertz >= upper_edge_hertz:
        raise ValueError(f"lower_edge_hertz {lower_edge_hertz} >= upper_edge_hertz "
                         f"{upper_edge_hertz}")
    if sample_rate <= 0.0:
        raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
    if upper_edge_hertz > sample_rate / 2:
        raise ValueError("upper_edge_hertz must not be larger than the Nyquist frequency "
                         f"(sample_rate / 2). Got {upper_edge_hertz} for sample_rate: "
                         f"{sample_rate}")
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Got: {dtype}")


@_signal_export("linear_to_mel_weight_matrix")
def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
                                lower_edge_hertz=125.0, upper_edge_hertz=3800.0,
                                dtype=dtypes.float32, name=None):
    """`tf.signal.linear_to_mel_weight_matrix`: `[num_spectrogram_bins, num_mel_bins]`
    triangular filters equally spaced on the HTK mel scale (`1127 ln(1 + f / 700)`) between
    the edges; the DC bin's row is zero."""
    dtype = dtypes.as_dtype(dtype)
    _check_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype)
    np_type = dtype.as_numpy_dtype
    nyquist = np_type(sample_rate) / np_type(2.0)
    linear = np.linspace(np_type(0), nyquist, _int(num_spectrogram_bins), dtype=np_type)[1:]
    bins_mel = _hertz_to_mel(linear)[:, None].astype(np_type)
    edges = np.linspace(_hertz_to_mel(np_type(lower_edge_hertz)),
                        _hertz_to_mel(np_type(upper_edge_hertz)), num_mel_bins + 2,
                        dtype=np_type)
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    lower_slopes = (bins_mel - lower) / (center - lower)
    upper_slopes = (upper - bins_mel) / (upper - center)
    weights = np.maximum(np_type(0), np.minimum(lower_slopes, upper_slopes))
    return to_tensor(np.pad(weights, ((1, 0), (0, 0))).astype(np_type), dtype)


@_signal_export("mfccs_from_log_mel_spectrograms")
def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """`tf.signal.mfccs_from_log_mel_spectrograms`: the DCT-II of the innermost axis scaled
    by `1 / sqrt(2 * num_mel_bins)` (orthonormal but for the first coefficient, as TF's)."""
    spectrograms = convert_to_tensor(log_mel_spectrograms)
    shape = spectrograms._shape_tuple()
    if not shape:
        raise errors.invalid_argument("slice index -1 of dimension 0 out of bounds.",
                                      "StridedSlice")
    num_mel_bins = shape[-1]
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {spectrograms!s}")
    np_type = spectrograms.dtype.as_numpy_dtype
    n = np.arange(num_mel_bins)
    basis = 2.0 * np.cos(np.pi * np.outer(2 * n + 1, n) / (2 * num_mel_bins))
    basis = to_tensor((basis / math.sqrt(2.0 * num_mel_bins)).astype(np_type),
                      spectrograms.dtype)
    if len(shape) == 1:
        return matmul(spectrograms[None, :], basis)[0]
    return matmul(spectrograms, basis)
