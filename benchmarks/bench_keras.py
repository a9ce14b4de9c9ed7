"""Keras training speed in one process: `fit` against the same step under a GradientTape,
and the Keras MLP (784-256-256-10, batch 128, Adam) against a hand-written `jax.jit` step.

    python benchmarks/bench_keras.py [--batches N]

Prints milliseconds per batch for each pair and their ratio (targets: fit <= 1.2x the tape
step; the Keras MLP under fit <= 1.15x jax.jit). Run it once or twice, not in a loop.
"""
import argparse
import time

import numpy as np

import tfeager_compat as tf  # first: it configures JAX
import jax
import jax.numpy as jnp


def _mlp(seed=0):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(256, activation="relu", input_shape=(784,)),
        tf.keras.layers.Dense(256, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax")])
    rng = np.random.RandomState(seed)
    model.set_weights([rng.normal(0, 0.05, w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return model


def _data(batches):
    rng = np.random.RandomState(1)
    x = rng.rand(128 * batches, 784).astype(np.float32)
    y = rng.randint(0, 10, 128 * batches).astype(np.int32)
    return x, y


def time_fit(x, y):
    model = _mlp()
    model.compile(tf.keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=128, epochs=1, verbose=0, shuffle=False)  # compile everything
    model.get_weights()
    start = time.perf_counter()
    model.fit(x, y, batch_size=128, epochs=1, verbose=0, shuffle=False)
    model.get_weights()
    return (time.perf_counter() - start) / (len(x) // 128) * 1e3


def time_tape(x, y):
    model = _mlp()
    opt = tf.keras.optimizers.Adam(1e-3)
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()

    def run(n):
        for i in range(n):
            xb, yb = tf.constant(x[i * 128:(i + 1) * 128]), tf.constant(y[i * 128:(i + 1) * 128])
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
            float(loss.numpy())
        model.get_weights()
    run(len(x) // 128)  # compile everything
    start = time.perf_counter()
    run(len(x) // 128)
    return (time.perf_counter() - start) / (len(x) // 128) * 1e3


def time_jax(x, y):
    params = [jnp.asarray(w) for w in _mlp().get_weights()]
    state = [(jnp.zeros_like(p), jnp.zeros_like(p)) for p in params]

    def loss(params, xb, yb):
        h = jax.nn.relu(xb @ params[0] + params[1])
        h = jax.nn.relu(h @ params[2] + params[3])
        probs = jnp.clip(jax.nn.softmax(h @ params[4] + params[5]), 1e-7, 1 - 1e-7)
        return -jnp.mean(jnp.log(probs[jnp.arange(xb.shape[0]), yb]))

    @jax.jit
    def step(params, state, t, xb, yb):
        value, grads = jax.value_and_grad(loss)(params, xb, yb)
        lr = 1e-3 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        new_params, new_state = [], []
        for p, g, (m, v) in zip(params, grads, state):
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            new_params.append(p - lr * m / (jnp.sqrt(v) + 1e-7))
            new_state.append((m, v))
        return new_params, new_state, value

    def run(n, params, state):
        for i in range(n):
            params, state, value = step(params, state, jnp.float32(i + 1),
                                        x[i * 128:(i + 1) * 128], y[i * 128:(i + 1) * 128])
            float(value)
        jax.block_until_ready(params)
        return params, state
    params, state = run(len(x) // 128, params, state)
    start = time.perf_counter()
    run(len(x) // 128, params, state)
    return (time.perf_counter() - start) / (len(x) // 128) * 1e3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    x, y = _data(args.batches)
    fit_ms, tape_ms, jax_ms = time_fit(x, y), time_tape(x, y), time_jax(x, y)
    print(f"{'benchmark':<44}{'ms/batch':>10}{'reference':>11}{'ratio':>8}")
    print(f"{'fit vs the same step under a tape':<44}{fit_ms:>10.2f}{tape_ms:>11.2f}"
          f"{fit_ms / tape_ms:>8.2f}")
    print(f"{'Keras MLP fit vs jax.jit (784-256-256-10)':<44}{fit_ms:>10.2f}{jax_ms:>11.2f}"
          f"{fit_ms / jax_ms:>8.2f}")


if __name__ == "__main__":
    main()
