"""`tf.keras.optimizers.Adadelta` (TF 1.15)."""
import jax
import jax.numpy as jnp

from ...ops.registry import export
from .optimizer_v2 import OptimizerV2


@export("keras.optimizers.Adadelta")
class Adadelta(OptimizerV2):
    """TF's ResourceApplyAdadelta: `accum_grad = accum_grad * rho + g^2 * (1 - rho)`,
    `update = sqrt(accum_var + epsilon) * rsqrt(accum_grad + epsilon) * g`,
    `var -= update * lr`, `accum_var = accum_var * rho + update^2 * (1 - rho)`. Slots
    "accum_grad" and "accum_var"."""

    _step_hypers = ("rho",)
    _slot_names = ("accum_grad", "accum_var")
    _config_hypers = ("rho", "epsilon")
    _op_name, _sparse_op_name = "ResourceApplyAdadelta", "ResourceSparseApplyAdadelta"

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name="Adadelta",
                 **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("rho", rho)
        self.epsilon = epsilon or 1e-7

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        rho, epsilon = hyper["rho"], hyper["epsilon"]
        accum = slots["accum_grad"] * rho + grad * grad * (1 - rho)
        update = (jnp.sqrt(slots["accum_var"] + epsilon) * jax.lax.rsqrt(accum + epsilon)
                  * grad)
        accum_var = slots["accum_var"] * rho + update * update * (1 - rho)
        return (var - update * self._learning_rate(hyper),
                {"accum_grad": accum, "accum_var": accum_var})
