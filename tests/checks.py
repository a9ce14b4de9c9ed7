"""Checks shared by the op-family tests: tensors against expected literals, and gradients
through GradientTape against central finite differences.

`tape_gradient` / `numeric_gradient` differentiate `sum(w * f(x))` with weights 1, 2, 3, ...
over f's output, so every output element contributes differently; `x` is taken as float64.
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


def finite_difference_check(tf, fn, inputs, eps=1e-6, rtol=1e-5, atol=1e-7):
    """Tape gradients of `fn(tf, *inputs)` against central differences, for a fixed random
    cotangent, with respect to every input."""
    tensors = [tf.constant(x) for x in inputs]
    out = fn(tf, *tensors)
    cotangent = np.random.RandomState(0).uniform(-1, 1, out.shape.as_list()).astype(
        out.dtype.as_numpy_dtype)
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        y = fn(tf, *tensors)
    grads = tape.gradient(y, tensors, output_gradients=tf.constant(cotangent))

    def value(args):
        return np.sum(np.asarray(fn(tf, *[tf.constant(a) for a in args]), np.float64) * cotangent)

    for i, x in enumerate(inputs):
        numeric = np.zeros(x.shape)
        for index in np.ndindex(*x.shape):
            up, down = [a.copy() for a in inputs], [a.copy() for a in inputs]
            up[i][index] += eps
            down[i][index] -= eps
            numeric[index] = (value(up) - value(down)) / (2 * eps)
        dense = tf.convert_to_tensor(grads[i])  # a gather's IndexedSlices, made dense
        np.testing.assert_allclose(np.asarray(dense, np.float64), numeric, rtol=rtol, atol=atol)


def check_tensor(got, expected):
    """`got` against `(value, dtype name, shape)` literals."""
    value, dtype, shape = expected
    assert got.dtype.name == dtype
    assert tuple(got.shape.as_list()) == shape
    actual = np.asarray(got.numpy())
    if dtype == "string":
        assert actual.tolist() == value
    else:
        np.testing.assert_array_equal(actual, np.asarray(value, actual.dtype).reshape(shape))


def weighted_gradient_check(fn, x0, rtol=1e-6, atol=1e-8):
    """The tape gradient of `sum(fn(x) * w)` (fixed random weights) against central
    differences, for a float64 `x0`."""
    weights = np.random.RandomState(0).uniform(0.5, 1.5, np.shape(fn(tf.constant(x0))))

    def loss(value):
        return float(np.sum(np.asarray(fn(tf.constant(value))) * weights))

    x = tf.constant(x0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(fn(x) * tf.constant(weights))
    grad = tape.gradient(y, x)
    assert grad.dtype == tf.float64
    numeric = np.zeros_like(x0)
    eps = 1e-6
    for index in np.ndindex(x0.shape):
        step = np.zeros_like(x0)
        step[index] = eps
        numeric[index] = (loss(x0 + step) - loss(x0 - step)) / (2 * eps)
    np.testing.assert_allclose(tf.convert_to_tensor(grad).numpy(), numeric, rtol=rtol, atol=atol)


def check_close(result, expected):
    """`result` against `(dtype name, shape, flat values)` literals (looser for float16)."""
    dtype, shape, values = expected
    assert result.dtype.name == dtype
    assert tuple(result.shape.as_list()) == shape
    tol = 2e-3 if dtype == "float16" else 2e-5
    np.testing.assert_allclose(np.asarray(result, np.float64).reshape(-1),
                               np.asarray(values, np.float64), rtol=tol, atol=tol)


def check_result(got, expected):
    """`check_tensor`, or for a multi-output op `(type name, [expected per output])`."""
    if isinstance(expected[1], list):
        kind, parts = expected
        assert type(got).__name__ == kind and len(got) == len(parts)
        for tensor, part in zip(got, parts):
            check_tensor(tensor, part)
    else:
        check_tensor(got, expected)
