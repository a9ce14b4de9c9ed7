"""Recurrent training speed: a Keras LSTM step in the shim against a hand-written `jax.jit` step.

    python benchmarks/bench_rnn.py [--steps N]

`tf.keras.layers.LSTM(128)` over 50 time steps (batch 32, 32 features), loss the mean square
of its last output, `tf.train.AdamOptimizer`: forward, gradient and update under a
GradientTape, against one jitted value-and-grad-and-Adam function whose loop is the same
`lax.scan` over TF 1.15's LSTM step (hard-sigmoid gates). Target: at most 1.5x.

Prints microseconds per step (medians over alternating rounds) and the median of the per-round
ratios.
"""
import argparse
import os
import sys

import numpy as np

import tfeager_compat as tf  # first: it configures JAX (x64, TF-like CPU rounding)
import jax
import jax.numpy as jnp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_tape import _compare  # noqa: E402

BATCH, TIME, FEATURES, UNITS = 32, 50, 32, 128


def _hard_sigmoid(x):
    return jnp.clip(0.2 * x + 0.5, 0.0, 1.0)


def _lstm_last_output(params, x):
    kernel, recurrent, bias = params

    def step(carry, x_t):
        h, c = carry
        z = x_t @ kernel + h @ recurrent + bias
        i, f, g, o = jnp.split(z, 4, axis=1)
        c = _hard_sigmoid(f) * c + _hard_sigmoid(i) * jnp.tanh(g)
        h = _hard_sigmoid(o) * jnp.tanh(c)
        return (h, c), None

    zeros = jnp.zeros((x.shape[0], UNITS), x.dtype)
    (h, _), _ = jax.lax.scan(step, (zeros, zeros), jnp.swapaxes(x, 0, 1))
    return h


def lstm_adam(steps):
    rng = np.random.RandomState(0)
    inputs = tf.constant(rng.rand(BATCH, TIME, FEATURES).astype(np.float32))
    layer = tf.keras.layers.LSTM(UNITS)
    layer(inputs)
    variables = layer.trainable_variables
    optimizer = tf.train.AdamOptimizer(1e-3)

    def shim_step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(layer(inputs)))
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))
        return loss

    @jax.jit
    def jax_step(params, m, v, t, x):
        def loss_fn(p):
            return jnp.mean(jnp.square(_lstm_last_output(p, x)))
        loss, grads = jax.value_and_grad(loss_fn)(params)
        t = t + 1
        lr = 1e-3 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        m = [0.9 * a + 0.1 * g for a, g in zip(m, grads)]
        v = [0.999 * a + 0.001 * g * g for a, g in zip(v, grads)]
        params = [p - lr * a / (jnp.sqrt(b) + 1e-8) for p, a, b in zip(params, m, v)]
        return params, m, v, t, loss

    state = ([v._snapshot._array() for v in variables],
             [jnp.zeros(v.shape.as_list(), jnp.float32) for v in variables],
             [jnp.zeros(v.shape.as_list(), jnp.float32) for v in variables],
             jnp.float32(0.0))
    x = inputs._array()

    def jax_loop():
        nonlocal state
        *state, loss = jax_step(*state, x)
        return loss

    return _compare(shim_step, jax_loop, steps, rounds=7)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    steps = parser.parse_args().steps
    print(f"{'benchmark':<36}{'shim us/step':>14}{'jax.jit us/step':>17}{'ratio':>8}")
    shim, ref, ratio = lstm_adam(steps)
    print(f"{'LSTM(128) x 50 steps, batch 32, Adam':<36}{shim:>14.1f}{ref:>17.1f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
