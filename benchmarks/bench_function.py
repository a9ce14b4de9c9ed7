"""Compiled functions against hand-written `jax.jit`, in one process.

    python benchmarks/bench_function.py [--steps N]

1. The seed 001 training loop (2000 examples): its step (GradientTape, gradient,
   GradientDescentOptimizer.apply_gradients) under `tfe.defun`, against one jitted
   value-and-grad-and-update function.
2. A hand-written tanh RNN (20 steps, batch 32, 64 units, gradient through the loop) under
   `tf.function`, against the same cell under `jax.jit(jax.grad(...))`.
3. First call (trace and compile) of the RNN step, against `jax.jit`'s first call.

Prints microseconds per step (medians over alternating rounds) and the median ratio.
"""
import argparse
import time

import tfeager_compat as tf  # first: it configures JAX (x64, TF-like CPU rounding)
import jax
import jax.numpy as jnp
import numpy as np

from bench_tape import _compare


def seed_training_loop(steps):
    class Model(tf.keras.Model):
        def __init__(self):
            super(Model, self).__init__()
            self.W = tf.Variable(5., name="weight")
            self.B = tf.Variable(10., name="bias")

        def call(self, inputs):
            return inputs * self.W + self.B

    inputs = tf.random.normal([2000])
    outputs = inputs * 3 + 2 + tf.random.normal([2000])
    model = Model()
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)

    @tf.contrib.eager.defun
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, [model.W, model.B])
        optimizer.apply_gradients(zip(grads, [model.W, model.B]))

    def shim_step():
        train_step(inputs, outputs)
        return model.W

    x, y = inputs._array(), outputs._array()

    @jax.jit
    def jax_step(params, x, y):
        def loss(p):
            return jnp.mean(jnp.square(x * p[0] + p[1] - y))
        grads = jax.grad(loss)(params)
        return tuple(p - jnp.float32(0.01) * g for p, g in zip(params, grads))

    params = (jnp.float32(5.0), jnp.float32(10.0))

    def jax_loop():
        nonlocal params
        params = jax_step(params, x, y)
        return params

    return _compare(shim_step, jax_loop, steps)


_T, _BATCH, _IN, _UNITS = 20, 32, 16, 64


def _rnn_data():
    rng = np.random.RandomState(0)
    xs = rng.randn(_T, _BATCH, _IN).astype(np.float32)
    wx = (rng.randn(_IN, _UNITS) * 0.1).astype(np.float32)
    wh = (rng.randn(_UNITS, _UNITS) * 0.1).astype(np.float32)
    return xs, wx, wh


def _shim_rnn():
    xs, wx, wh = _rnn_data()
    wx, wh = tf.Variable(wx), tf.Variable(wh)

    @tf.function
    def grads(xs):
        with tf.GradientTape() as tape:
            h = tf.zeros([_BATCH, _UNITS])
            for t in range(_T):
                h = tf.tanh(tf.matmul(xs[t], wx) + tf.matmul(h, wh))
            loss = tf.reduce_sum(h)
        return tape.gradient(loss, [wx, wh])

    return grads, tf.constant(xs)


def _jax_rnn():
    xs, wx, wh = _rnn_data()

    def loss(params, xs):
        h = jnp.zeros((_BATCH, _UNITS), jnp.float32)
        for t in range(_T):
            h = jnp.tanh(xs[t] @ params[0] + h @ params[1])
        return jnp.sum(h)

    return jax.jit(jax.grad(loss)), (jnp.asarray(wx), jnp.asarray(wh)), jnp.asarray(xs)


def tanh_rnn(steps):
    shim, xs = _shim_rnn()
    jax_grad, params, jxs = _jax_rnn()
    return _compare(lambda: shim(xs)[0], lambda: jax_grad(params, jxs), steps)


def first_call(_):
    """Trace and compile (one first call each; fresh functions, so nothing is cached)."""
    start = time.perf_counter()
    shim, xs = _shim_rnn()
    shim(xs)[0].numpy()
    shim_time = time.perf_counter() - start
    start = time.perf_counter()
    jax_grad, params, jxs = _jax_rnn()
    jax.block_until_ready(jax_grad(params, jxs))
    jax_time = time.perf_counter() - start
    return shim_time * 1e6, jax_time * 1e6, shim_time / jax_time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    steps = parser.parse_args().steps
    print(f"{'benchmark':<40}{'shim us':>12}{'jax.jit us':>12}{'ratio':>8}")
    for name, bench in (("seed loop step under tfe.defun", seed_training_loop),
                        ("tanh RNN grad (20 steps), tf.function", tanh_rnn),
                        ("RNN first call (trace + compile)", first_call)):
        shim, ref, ratio = bench(steps)
        print(f"{name:<40}{shim:>12.1f}{ref:>12.1f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
