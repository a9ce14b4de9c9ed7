"""tf.signal / tf.contrib.signal: framing, windows, STFTs, mel features.

Expected values are literals from TensorFlow (2.21 CPU, compat.v1, eager; tf.signal is
unchanged since TF 1.15's tf.contrib.signal).
"""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.framework import errors

SIN16 = np.sin(np.arange(16, dtype=np.float32))
MEL_4_9 = [[0.0, 0.0, 0.0, 0.0], [0.3355771601200104, 0.6644228100776672, 0.0, 0.0],
           [0.0, 0.31404635310173035, 0.6859536170959473, 0.0],
           [0.0, 0.0, 0.6183077692985535, 0.38169220089912415],
           [0.0, 0.0, 0.09005824476480484, 0.9099417328834534],
           [0.0, 0.0, 0.0, 0.6641029119491577], [0.0, 0.0, 0.0, 0.307178795337677],
           [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]


def check(result, expected, dtype, atol=1e-4):
    assert result.dtype == dtype
    np.testing.assert_allclose(result.numpy(), np.asarray(expected), rtol=1e-4, atol=atol)


@pytest.mark.parametrize("namespace", ["signal", "contrib.signal"])
@pytest.mark.parametrize("name", ["frame", "overlap_and_add", "hann_window", "hamming_window",
                                  "stft", "inverse_stft", "inverse_stft_window_fn",
                                  "linear_to_mel_weight_matrix",
                                  "mfccs_from_log_mel_spectrograms"])
def test_both_namespaces(namespace, name):
    module = tf
    for part in namespace.split("."):
        module = getattr(module, part)
    assert getattr(module, name) is getattr(tf.signal, name)


@pytest.mark.parametrize("kwargs, expected", [
    (dict(frame_length=4, frame_step=3),
     [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]]),
    (dict(frame_length=4, frame_step=3, pad_end=True, pad_value=-1.0),
     [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9], [9, -1, -1, -1]]),
    (dict(frame_length=12, frame_step=1), np.zeros((0, 12))),
])
def test_frame(kwargs, expected):
    check(tf.signal.frame(tf.range(10, dtype=tf.float32), **kwargs), expected, tf.float32)


def test_frame_axes_and_padding():
    x = tf.reshape(tf.range(12), [2, 6])
    assert tf.signal.frame(x, 2, 2, axis=0).shape == (1, 2, 6)
    check(tf.signal.frame(x, 3, 2, pad_end=True),
          [[[0, 1, 2], [2, 3, 4], [4, 5, 0]], [[6, 7, 8], [8, 9, 10], [10, 11, 0]]], tf.int32)
    check(tf.signal.frame(tf.range(3.), 5, 1, pad_end=True),
          [[0, 1, 2, 0, 0], [1, 2, 0, 0, 0], [2, 0, 0, 0, 0]], tf.float32)


def test_overlap_and_add():
    check(tf.signal.overlap_and_add(tf.reshape(tf.range(12.), [3, 4]), 2),
          [0, 1, 6, 8, 14, 16, 10, 11], tf.float32)
    check(tf.signal.overlap_and_add(tf.reshape(tf.range(12), [2, 2, 3]), 3),
          [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]], tf.int32)


@pytest.mark.parametrize("fn, args, expected, dtype", [
    ("hann_window", (5,), [0, 0.5, 1, 0.5, 0], tf.float32),
    ("hann_window", (5, False), [0, 0.5, 1, 0.5, 0], tf.float32),
    ("hann_window", (4,), [0, 0.5, 1, 0.5], tf.float32),
    ("hamming_window", (4, True, tf.float64), [0.08, 0.54, 1, 0.54], tf.float64),
    ("hamming_window", (5, False), [0.08000001311302185, 0.54, 1, 0.54, 0.08000001311302185],
     tf.float32),
    ("hamming_window", (1,), [1], tf.float32),
    ("hann_window", (0,), np.zeros(0), tf.float32),
])
def test_windows(fn, args, expected, dtype):
    check(getattr(tf.signal, fn)(*args), expected, dtype, atol=1e-7)


def test_stft_default_fft_length_and_hann_window():
    s = tf.signal.stft(SIN16, frame_length=6, frame_step=4)
    check(s, [[0.2261, 0.7861 - 1.1j, -1.2496 + 0.1705j, 0.3491 + 0.2639j, 0.0026],
              [1.0527, -1.4489 - 0.0126j, 0.9516 + 0.7937j, -0.0351 - 0.4318j, 0.0122],
              [-1.6024, 1.1081 + 1.1165j, 0.0056 - 1.2081j, -0.3032 + 0.3005j, -0.0185]],
          tf.complex64)
    assert tf.signal.stft(SIN16.astype(np.float64), 4, 2).dtype == tf.complex128


def test_stft_without_window_padded():
    s = tf.signal.stft(SIN16, 6, 4, fft_length=8, window_fn=None, pad_end=True)
    check(s, [[0.1762, 1.9301 - 2.2822j, -1.6661 + 0.2586j, -0.4165 - 0.4636j, 0.1288],
              [0.0633, -3.1802 + 0.7843j, 0.512 + 1.2038j, -0.3121 + 0.2255j, -0.157],
              [-0.2589, 2.2273 + 1.2568j, 0.9968 - 1.8323j, 0.8245 + 0.1688j, 0.0765],
              [1.5245, -0.6993 - 1.7475j, -1.5272 + 0.2301j, -0.3739 + 0.2337j, -0.6164]],
          tf.complex64)


def test_inverse_stft():
    spectrum = tf.signal.stft(SIN16, 8, 4)
    check(tf.signal.inverse_stft(spectrum, 8, 4),
          [0, 0.018, 0.2273, 0.1028, -0.7568, -0.7192, -0.1397, 0.4927, 0.9894, 0.3091,
           -0.272, -0.75, -0.5366, 0.3061, 0.2477, 0.0139], tf.float32)
    window_fn = tf.signal.inverse_stft_window_fn(4)
    check(tf.signal.inverse_stft(spectrum, 8, 4, window_fn=window_fn),
          [0, 0.0241, 0.4546, 0.1371, -0.7568, -0.9589, -0.2794, 0.657, 0.9894, 0.4121,
           -0.544, -1, -0.5366, 0.4082, 0.4953, 0.0186], tf.float32)
    check(tf.signal.inverse_stft_window_fn(2)(6, tf.float32),
          [0, 0.22222, 0.66667, 0.88889, 0.66667, 0.22222], tf.float32)


def test_stft_gradient_through_the_tape():
    v = tf.Variable(np.cos(np.arange(12, dtype=np.float32)))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.abs(tf.signal.stft(v, 4, 2)) ** 2)
    check(loss, 10.0039, tf.float32)
    check(tape.gradient(loss, v),
          [0, 0.3155, -2.4969, -2.558, -3.9219, 0.7329, 5.761, 1.948, -0.873, -2.3542,
           -5.0344, -0.4489], tf.float32)


def test_linear_to_mel_weight_matrix():
    m = tf.signal.linear_to_mel_weight_matrix()
    assert m.shape == (129, 20) and m.dtype == tf.float32
    np.testing.assert_allclose(m.numpy().sum(), 110.8008, rtol=1e-5)
    np.testing.assert_allclose(m.numpy()[5:8, :3], [[0.46023, 0, 0], [0.90396, 0, 0],
                                                    [0.66766, 0.33234, 0]], atol=1e-5)
    check(tf.signal.linear_to_mel_weight_matrix(4, 9, 16000, 100., 7000.), MEL_4_9,
          tf.float32, atol=1e-7)
    check(tf.signal.linear_to_mel_weight_matrix(4, 9, 16000, 100., 7000., dtype=tf.float64),
          MEL_4_9, tf.float64, atol=1e-6)


def test_mfccs_from_log_mel_spectrograms():
    check(tf.signal.mfccs_from_log_mel_spectrograms(tf.reshape(tf.range(8.), [2, 4])),
          [[4.24264, -2.23044, 0, -0.15851], [15.55635, -2.23044, 0, -0.15851]], tf.float32)
    check(tf.signal.mfccs_from_log_mel_spectrograms([1., 2., 4.]),
          [5.71548, -2.12132, 0.40825], tf.float32)


@pytest.mark.parametrize("call, error, message", [
    (lambda: tf.signal.frame(1.0, 2, 1), ValueError, "Shape () must have rank at least 1"),
    (lambda: tf.signal.frame(tf.range(6), 2, 2, axis=-2), IndexError,
     "list index out of range"),
    (lambda: tf.signal.overlap_and_add(tf.zeros([3]), 1), ValueError,
     "Shape (3,) must have rank at least 2"),
    (lambda: tf.signal.stft(1.0, 4, 2), ValueError, "Shape () must have rank at least 1"),
    (lambda: tf.signal.stft(tf.range(8), 4, 2), ValueError,
     "dtype must be a floating point type. Found <dtype: 'int32'>"),
    (lambda: tf.signal.hann_window(3, dtype=tf.int32), ValueError,
     "dtype must be a floating point type. Found <dtype: 'int32'>"),
    (lambda: tf.signal.linear_to_mel_weight_matrix(0), ValueError,
     "num_mel_bins must be positive. Got: 0"),
    (lambda: tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=-1.), ValueError,
     "lower_edge_hertz must be non-negative. Got: -1.0"),
    (lambda: tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=500.,
                                                   upper_edge_hertz=400.), ValueError,
     "lower_edge_hertz 500.0 >= upper_edge_hertz 400.0"),
    (lambda: tf.signal.linear_to_mel_weight_matrix(sample_rate=0.), ValueError,
     "sample_rate must be positive. Got: 0.0"),
    (lambda: tf.signal.linear_to_mel_weight_matrix(upper_edge_hertz=5000.), ValueError,
     "upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). "
     "Got 5000.0 for sample_rate: 8000"),
    (lambda: tf.signal.linear_to_mel_weight_matrix(dtype=tf.int32), ValueError,
     "dtype must be a floating point type. Got: <dtype: 'int32'>"),
    (lambda: tf.signal.mfccs_from_log_mel_spectrograms(tf.zeros([2, 0])), ValueError,
     "num_mel_bins must be positive. Got: tf.Tensor([], shape=(2, 0), dtype=float32)"),
    (lambda: tf.signal.mfccs_from_log_mel_spectrograms(1.0), errors.InvalidArgumentError,
     "slice index -1 of dimension 0 out of bounds. [Op:StridedSlice]"),
])
def test_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message
