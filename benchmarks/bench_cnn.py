"""The small CNN of issue 14: a Keras model trained under a tape against a hand-written
`jax.jit` step, and (when the oracle venv is present) TensorFlow's own `tf.function` step.

    python benchmarks/bench_cnn.py [--steps N]

Model: 28x28x1 inputs, batch 64, Conv2D(32, 3, relu) - MaxPooling2D - Conv2D(64, 3, relu) -
MaxPooling2D - Flatten - Dense(10), sparse softmax cross-entropy, Adam (TF1's update). The
jax step is written the obvious way (`lax.conv_general_dilated`, `lax.reduce_window` max
pooling); the shim lowers non-overlapping max pooling on CPU to a reshape and a max (with TF's
gradient), which is where XLA:CPU spends most of the jax step. Prints milliseconds per step.
"""
import argparse
import os
import subprocess
import sys

import numpy as np

import tfeager_compat as tf  # first: it configures JAX (x64, TF-like CPU rounding)
import jax
import jax.numpy as jnp
from jax import lax

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_tape import _compare  # noqa: E402

BATCH = 64

_TF_SCRIPT = """
import time, numpy as np, tensorflow as tf
L = tf.keras.layers
model = tf.keras.Sequential([L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(),
                             L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(),
                             L.Flatten(), L.Dense(10)])
opt = tf.keras.optimizers.Adam(1e-3)
rng = np.random.RandomState(0)
x = tf.constant(rng.rand(%(batch)d, 28, 28, 1).astype(np.float32))
y = tf.constant(rng.randint(0, 10, %(batch)d).astype(np.int32))
@tf.function
def step():
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, model(x)))
    opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                            model.trainable_variables))
    return loss
for _ in range(3):
    step().numpy()
times = []
for _ in range(7):
    start = time.perf_counter()
    for _ in range(%(steps)d):
        loss = step()
    loss.numpy()
    times.append((time.perf_counter() - start) / %(steps)d * 1e3)
print(sorted(times)[3])
"""


def _cross_entropy(logits, labels):
    return jnp.mean(jax.nn.logsumexp(logits, axis=-1)
                    - jnp.take_along_axis(logits, labels[:, None], axis=-1)[:, 0])


def _jax_forward(params, x):
    k1, b1, k2, b2, w, b = params
    dims = ("NHWC", "HWIO", "NHWC")
    pool = lambda h: lax.reduce_window(h, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1),
                                       "VALID")
    h = pool(jax.nn.relu(lax.conv_general_dilated(x, k1, (1, 1), "VALID",
                                                  dimension_numbers=dims) + b1))
    h = pool(jax.nn.relu(lax.conv_general_dilated(h, k2, (1, 1), "VALID",
                                                  dimension_numbers=dims) + b2))
    return h.reshape(h.shape[0], -1) @ w + b


def cnn_adam(steps):
    rng = np.random.RandomState(0)
    images = tf.constant(rng.rand(BATCH, 28, 28, 1).astype(np.float32))
    labels = tf.constant(rng.randint(0, 10, BATCH).astype(np.int32))
    L = tf.keras.layers
    model = tf.keras.Sequential([L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(),
                                 L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(),
                                 L.Flatten(), L.Dense(10)])
    optimizer = tf.train.AdamOptimizer(1e-3)

    def shim_step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=labels, logits=model(images)))
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    shim_step()  # builds the model
    variables = model.trainable_variables

    @jax.jit
    def jax_step(params, m, v, t, x, y):
        loss, grads = jax.value_and_grad(lambda p: _cross_entropy(_jax_forward(p, x), y))(params)
        t = t + 1
        lr = 1e-3 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        m = [0.9 * a + 0.1 * g for a, g in zip(m, grads)]
        v = [0.999 * a + 0.001 * g * g for a, g in zip(v, grads)]
        params = [p - lr * a / (jnp.sqrt(c) + 1e-8) for p, a, c in zip(params, m, v)]
        return params, m, v, t, loss

    zeros = [jnp.zeros(v.shape.as_list(), jnp.float32) for v in variables]
    state = ([v._snapshot._array() for v in variables], zeros, list(zeros), jnp.float32(0.0))
    x, y = images._array(), labels._array()

    def jax_loop():
        nonlocal state
        *state, loss = jax_step(*state, x, y)
        return loss

    return _compare(shim_step, jax_loop, steps)


def tensorflow_ms(steps):
    """TF's `tf.function` step in the oracle venv, or None when it is not installed."""
    venv = os.environ.get("TF_ORACLE_VENV") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tfeager-oracle")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        return None
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([python, "-c", _TF_SCRIPT % {"batch": BATCH, "steps": steps}],
                          capture_output=True, text=True, env=env, timeout=600)
    return float(proc.stdout.split()[-1]) if proc.returncode == 0 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    steps = parser.parse_args().steps
    shim, ref, ratio = cnn_adam(steps)
    reference = tensorflow_ms(steps)
    print(f"{'benchmark':<30}{'shim ms/step':>14}{'jax.jit ms/step':>17}{'ratio':>8}"
          f"{'TF tf.function ms/step':>24}")
    print(f"{'small CNN, batch 64, Adam':<30}{shim / 1e3:>14.2f}{ref / 1e3:>17.2f}{ratio:>8.2f}"
          f"{'n/a' if reference is None else f'{reference:.2f}':>24}")


if __name__ == "__main__":
    main()
