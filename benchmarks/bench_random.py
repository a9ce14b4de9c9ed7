"""Random ops against `jax.random` with JAX's default generator, in one process.

    python benchmarks/bench_random.py [--repeats N]

Each row draws a [64, 100] float32 sample eagerly (`tf.random.normal`, `tf.random.uniform`,
`tf.random.truncated_normal`, `tf.nn.dropout` of a [64, 100] tensor at rate 0.5) against the
same draw by a jitted `jax.random` function from a fixed key. The shim's call includes
everything an eager op costs (seeding the draw's key on the host, dispatch); its bits come
from `ops/prng.py`. Prints microseconds per call (medians over alternating rounds) and the
median ratio.
"""
import argparse

import tfeager_compat as tf  # first: it configures JAX (x64, TF-like CPU rounding)
import jax
import jax.numpy as jnp

from bench_tape import _compare

SHAPE = (64, 100)


def _rows():
    key = jax.random.PRNGKey(0)
    x = tf.ones(SHAPE)
    ones = jnp.ones(SHAPE, jnp.float32)

    def dropout(k):
        keep = jax.random.uniform(k, SHAPE, jnp.float32) >= 0.5
        return jnp.where(keep, ones * 2, jnp.zeros_like(ones))

    jitted = {
        "normal": jax.jit(lambda k: jax.random.normal(k, SHAPE, jnp.float32)),
        "uniform": jax.jit(lambda k: jax.random.uniform(k, SHAPE, jnp.float32)),
        "truncated": jax.jit(lambda k: jax.random.truncated_normal(k, -2.0, 2.0, SHAPE,
                                                                   jnp.float32)),
        "dropout": jax.jit(dropout),
    }
    return (
        ("tf.random.normal [64, 100]", lambda: tf.random.normal(SHAPE),
         lambda: jitted["normal"](key)),
        ("tf.random.uniform [64, 100]", lambda: tf.random.uniform(SHAPE),
         lambda: jitted["uniform"](key)),
        ("tf.random.truncated_normal [64, 100]", lambda: tf.random.truncated_normal(SHAPE),
         lambda: jitted["truncated"](key)),
        ("tf.nn.dropout [64, 100], rate 0.5", lambda: tf.nn.dropout(x, rate=0.5),
         lambda: jitted["dropout"](key)),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    repeats = parser.parse_args().repeats
    print(f"{'benchmark':<40}{'shim us':>12}{'jax us':>12}{'ratio':>8}")
    for name, shim_step, jax_step in _rows():
        shim, ref, ratio = _compare(shim_step, jax_step, repeats)
        print(f"{name:<40}{shim:>12.1f}{ref:>12.1f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
