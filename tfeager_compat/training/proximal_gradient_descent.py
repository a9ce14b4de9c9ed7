"""`tf.train.ProximalGradientDescentOptimizer` (TF1's ResourceApplyProximalGradientDescent)."""
import jax.numpy as jnp

from ..ops.registry import export
from .optimizer import Optimizer


def shrink(prox, threshold, l1):
    """The l1 proximal step TF's proximal kernels take when l1 > 0."""
    return jnp.where(l1 > 0, jnp.sign(prox) * jnp.maximum(jnp.abs(prox) - threshold, 0), prox)


@export("train.ProximalGradientDescentOptimizer")
class ProximalGradientDescentOptimizer(Optimizer):
    """`prox = var - lr * grad`,
    `var = sign(prox) * max(|prox| - lr * l1, 0) / (1 + lr * l2)` (no shrinkage when l1 is
    0)."""

    _hyper_names = ("learning_rate", "l1_regularization_strength",
                    "l2_regularization_strength")
    _op_name, _grad_word, _grad_index = "ResourceApplyProximalGradientDescent", "delta", 4
    _sparse_op_name = "ResourceSparseApplyProximalGradientDescent"

    def __init__(self, learning_rate, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False,
                 name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        lr = hyper["learning_rate"]
        l1, l2 = hyper["l1_regularization_strength"], hyper["l2_regularization_strength"]
        return shrink(var - grad * lr, lr * l1, l1) / (1 + l2 * lr), slots
