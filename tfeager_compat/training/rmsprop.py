"""`tf.train.RMSPropOptimizer` (TF1's ResourceApplyRMSProp / ResourceApplyCenteredRMSProp)."""
import jax
import jax.numpy as jnp

from ..ops.registry import export
from .optimizer import Optimizer


@export("train.RMSPropOptimizer")
class RMSPropOptimizer(Optimizer):
    """`ms += (grad^2 - ms) * (1 - decay)`,
    `mom = mom * momentum + grad * lr / sqrt(ms + epsilon)`, `var -= mom`; `centered` also
    keeps `mg += (grad - mg) * (1 - decay)` and divides by `sqrt(ms - mg^2 + epsilon)`.
    Slots "rms" (starting at 1), "mg" (centered only) and "momentum". The sparse kernels
    write the same rule as `ms * decay + grad^2 * (1 - decay)` and multiply by rsqrt."""

    _hyper_names = ("learning_rate", "decay", "momentum", "epsilon")

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking=False, centered=False, name="RMSProp"):
        prefix = "Centered" if centered else ""
        self._slot_names = ("rms", "mg", "momentum") if centered else ("rms", "momentum")
        self._op_name = f"ResourceApply{prefix}RMSProp"
        self._sparse_op_name = f"ResourceSparseApply{prefix}RMSProp"
        self._grad_index = 8 if centered else 7
        super().__init__(use_locking, name)
        self._learning_rate, self._decay, self._momentum, self._epsilon = (
            learning_rate, decay, momentum, epsilon)
        self._centered = centered

    def _slot_initial(self, name):
        return 1.0 if name == "rms" else 0.0

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        lr, rho, epsilon = hyper["learning_rate"], hyper["decay"], hyper["epsilon"]
        ms = slots["rms"] + (grad * grad - slots["rms"]) * (1 - rho)
        new = {"rms": ms}
        if self._centered:
            mg = new["mg"] = slots["mg"] + (grad - slots["mg"]) * (1 - rho)
            step = grad * lr * jax.lax.rsqrt(ms - mg * mg + epsilon)
        else:
            step = grad * lr / jnp.sqrt(ms + epsilon)
        mom = new["momentum"] = slots["momentum"] * hyper["momentum"] + step
        return var - mom, new

    def _row_update(self, grad, var, slots, hyper, non_slot):
        lr, rho, epsilon = hyper["learning_rate"], hyper["decay"], hyper["epsilon"]
        ms = slots["rms"] * rho + grad * grad * (1 - rho)
        new = {"rms": ms}
        if self._centered:
            mg = new["mg"] = slots["mg"] * rho + grad * (1 - rho)
            scale = jax.lax.rsqrt(ms + epsilon - mg * mg)
        else:
            scale = jax.lax.rsqrt(ms + epsilon)
        mom = new["momentum"] = slots["momentum"] * hyper["momentum"] + scale * lr * grad
        return var - mom, new
