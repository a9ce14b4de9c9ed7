"""Training-step speed of the shim against a hand-written `jax.jit` step, in one process.

    python benchmarks/bench_tape.py [--steps N]

1. The seed 001 training loop (2000 examples, 300 steps): gradient of the loss under a
   GradientTape plus GradientDescentOptimizer.apply_gradients, against one jitted
   value-and-grad-and-update function.
2. A tape over a chain of 20 small elementwise ops, against `jax.jit(jax.grad(chain))`.

Prints microseconds per step for both (medians over alternating rounds) and the median of
the per-round ratios.
"""
import argparse
import time

import tfeager_compat as tf  # first: it configures JAX (x64, TF-like CPU rounding)
import jax
import jax.numpy as jnp


def _compare(shim_step, jax_step, repeats, rounds=21):
    """Alternate rounds of the two steps (this VM's speed drifts); medians of the round means.

    A round ends when its last result is on the host: `numpy()` of the shim's last Tensor,
    `block_until_ready` of the jax step's last arrays.
    """
    finish = {shim_step: lambda out: out.numpy(), jax_step: jax.block_until_ready}
    for step in (shim_step, jax_step):
        step()  # compile
        step()
    times = {shim_step: [], jax_step: []}
    for _ in range(rounds):
        for step in (shim_step, jax_step):
            start = time.perf_counter()
            for _ in range(repeats):
                out = step()
            finish[step](out)
            times[step].append((time.perf_counter() - start) / repeats * 1e6)
    ratios = sorted(a / b for a, b in zip(times[shim_step], times[jax_step]))
    return (sorted(times[shim_step])[rounds // 2], sorted(times[jax_step])[rounds // 2],
            ratios[rounds // 2])


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

    def shim_step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(inputs) - outputs))
        grads = tape.gradient(loss, [model.W, model.B])
        optimizer.apply_gradients(zip(grads, [model.W, model.B]))
        return model.W  # its pending update runs in the next step's call, or when read

    x, y = inputs._array(), outputs._array()

    @jax.jit
    def jax_step(params, x, y):  # the batch is an argument, as in a real training step
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


def elementwise_chain(steps):
    x0 = tf.random.normal([64])

    def chain(x, ops):
        for i in range(20):
            x = ops[i % 4](x)
        return x

    shim_ops = [lambda v: v * 1.01, lambda v: v + 0.5, tf.tanh, lambda v: v - 0.25]
    jax_ops = [lambda v: v * 1.01, lambda v: v + 0.5, jnp.tanh, lambda v: v - 0.25]

    def shim_step():
        with tf.GradientTape() as tape:
            tape.watch(x0)
            y = tf.reduce_sum(chain(x0, shim_ops))
        return tape.gradient(y, x0)

    jax_grad = jax.jit(jax.grad(lambda v: jnp.sum(chain(v, jax_ops))))
    x = x0._array()
    return _compare(shim_step, lambda: jax_grad(x), steps)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    steps = parser.parse_args().steps
    print(f"{'benchmark':<36}{'shim us/step':>14}{'jax.jit us/step':>17}{'ratio':>8}")
    for name, bench in (("seed 001 training loop (2000 ex.)", seed_training_loop),
                        ("tape over 20 elementwise ops", elementwise_chain)):
        shim, ref, ratio = bench(steps)
        print(f"{name:<36}{shim:>14.1f}{ref:>17.1f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
