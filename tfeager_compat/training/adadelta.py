"""`tf.train.AdadeltaOptimizer` (TF1's ResourceApplyAdadelta)."""
import jax
import jax.numpy as jnp

from ..ops.registry import export
from .optimizer import Optimizer


@export("train.AdadeltaOptimizer")
class AdadeltaOptimizer(Optimizer):
    """`accum = accum * rho + grad^2 * (1 - rho)`,
    `update = sqrt(accum_update + epsilon) * rsqrt(accum + epsilon) * grad`,
    `var -= update * lr`, `accum_update = accum_update * rho + update^2 * (1 - rho)`.
    Slots "accum" and "accum_update"."""

    _hyper_names = ("lr", "rho", "epsilon")
    _slot_names = ("accum", "accum_update")
    _op_name, _grad_index = "ResourceApplyAdadelta", 6
    _sparse_op_name = "ResourceSparseApplyAdadelta"

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False,
                 name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        rho, epsilon = hyper["rho"], hyper["epsilon"]
        accum = slots["accum"] * rho + grad * grad * (1 - rho)
        update = (jnp.sqrt(slots["accum_update"] + epsilon) * jax.lax.rsqrt(accum + epsilon)
                  * grad)
        accum_update = slots["accum_update"] * rho + update * update * (1 - rho)
        return var - update * hyper["lr"], {"accum": accum, "accum_update": accum_update}
