"""Training-state speed: TF1 training steps in the shim against hand-written `jax.jit` steps.

    python benchmarks/bench_training.py [--steps N]

1. An MLP 784-256-256-10 (batch 128), variables from `tf.get_variable`, sparse softmax
   cross-entropy, `tf.train.AdamOptimizer`: tape + `apply_gradients` per step, against one
   jitted value-and-grad-and-Adam function (TF1's update formula).
2. An embedding model (vocabulary 10,000 x 64, batch 128 ids, then a 64 -> 10 projection) with
   `tf.train.AdagradOptimizer`: the table's gradient is an `IndexedSlices` and only its rows are
   updated, against a jitted step doing the same sparse update (duplicate ids summed).

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


def _cross_entropy(logits, labels):
    return jnp.mean(jax.nn.logsumexp(logits, axis=-1)
                    - jnp.take_along_axis(logits, labels[:, None], axis=-1)[:, 0])


def mlp_adam(steps):
    rng = np.random.RandomState(0)
    images = tf.constant(rng.rand(128, 784).astype(np.float32))
    labels = tf.constant(rng.randint(0, 10, 128).astype(np.int32))
    sizes = [(784, 256), (256, 256), (256, 10)]
    with tf.variable_scope("mlp"):
        weights = [(tf.get_variable(f"w{i}", shape),
                    tf.get_variable(f"b{i}", shape[1:], initializer=tf.zeros_initializer))
                   for i, shape in enumerate(sizes)]
    variables = [v for pair in weights for v in pair]
    optimizer = tf.train.AdamOptimizer(1e-3)

    def shim_step():
        with tf.GradientTape() as tape:
            x = images
            for i, (w, b) in enumerate(weights):
                x = tf.matmul(x, w) + b
                if i < len(weights) - 1:
                    x = tf.nn.relu(x)
            loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=x)
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))
        return loss

    @jax.jit
    def jax_step(params, m, v, t, x, y):
        def loss_fn(p):
            h = x
            for i in range(0, len(p), 2):
                h = h @ p[i] + p[i + 1]
                if i < len(p) - 2:
                    h = jax.nn.relu(h)
            return _cross_entropy(h, y)
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
    x, y = images._array(), labels._array()

    def jax_loop():
        nonlocal state
        *state, loss = jax_step(*state, x, y)
        return loss

    return _compare(shim_step, jax_loop, steps)


def embedding_adagrad(steps):
    rng = np.random.RandomState(0)
    ids = tf.constant(rng.randint(0, 10000, 128).astype(np.int32))
    labels = tf.constant(rng.randint(0, 10, 128).astype(np.int32))
    table = tf.Variable(rng.normal(0, 0.1, (10000, 64)).astype(np.float32), name="table")
    projection = tf.Variable(rng.normal(0, 0.1, (64, 10)).astype(np.float32), name="projection")
    optimizer = tf.train.AdagradOptimizer(0.1)

    def shim_step():
        with tf.GradientTape() as tape:
            logits = tf.matmul(tf.nn.embedding_lookup(table, ids), projection)
            loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        grads = tape.gradient(loss, [table, projection])
        optimizer.apply_gradients(zip(grads, [table, projection]))
        return loss

    @jax.jit
    def jax_step(table, projection, table_acc, projection_acc, ids, y):
        def loss_fn(rows, p):
            return _cross_entropy(rows @ p, y)
        loss, (row_grads, p_grad) = jax.value_and_grad(loss_fn, (0, 1))(table[ids], projection)
        # Rows named twice add up first, then each touched row is updated once.
        summed = jnp.zeros_like(table).at[ids].add(row_grads)[ids]
        acc_rows = table_acc[ids] + summed * summed
        table_acc = table_acc.at[ids].set(acc_rows)
        table = table.at[ids].set(table[ids] - 0.1 * summed / jnp.sqrt(acc_rows))
        projection_acc = projection_acc + p_grad * p_grad
        projection = projection - 0.1 * p_grad / jnp.sqrt(projection_acc)
        return table, projection, table_acc, projection_acc, loss

    state = (table._snapshot._array(), projection._snapshot._array(),
             jnp.full((10000, 64), 0.1, jnp.float32), jnp.full((64, 10), 0.1, jnp.float32))
    i, y = ids._array(), labels._array()

    def jax_loop():
        nonlocal state
        *state, loss = jax_step(*state, i, y)
        return loss

    return _compare(shim_step, jax_loop, steps)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    steps = parser.parse_args().steps
    print(f"{'benchmark':<36}{'shim us/step':>14}{'jax.jit us/step':>17}{'ratio':>8}")
    for name, bench in (("MLP 784-256-256-10, Adam", mlp_adam),
                        ("embedding 10000x64, sparse Adagrad", embedding_adagrad)):
        shim, ref, ratio = bench(steps)
        print(f"{name:<36}{shim:>14.1f}{ref:>17.1f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
