"""Finite-difference gradient checks shared by the op-family tests.

Both functions differentiate `sum(w * f(x))` with weights 1, 2, 3, ... over f's output, so
every output element contributes differently; `x` is taken as float64.
"""
import numpy as np

import tfeager_compat as tf


def tape_gradient(f, x, *extra):
    """The gradient through GradientTape."""
    x = tf.constant(np.asarray(x, np.float64))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x, *extra)
        weights = tf.reshape(tf.cast(tf.range(1, tf.size(y) + 1), tf.float64), tf.shape(y))
        total = tf.reduce_sum(y * weights)
    return tape.gradient(total, x)


def numeric_gradient(f, x, *extra, eps=1e-6):
    """The same gradient by central differences."""
    x = np.asarray(x, np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        values = []
        for sign in (1, -1):
            shifted = x.copy()
            shifted[index] += sign * eps
            y = np.asarray(f(tf.constant(shifted), *extra).numpy())
            values.append(np.sum(y * np.arange(1, y.size + 1).reshape(y.shape)))
        grad[index] = (values[0] - values[1]) / (2 * eps)
    return grad
