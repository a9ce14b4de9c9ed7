"""`tf.train.AdamOptimizer` (TF1's ResourceApplyAdam, and its `_apply_sparse`)."""
import jax.numpy as jnp

from ..ops.registry import export
from .optimizer import Optimizer, unique_rows


@export("train.AdamOptimizer")
class AdamOptimizer(Optimizer):
    """TF1 Adam: `lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power)`,
    `m += (g - m) * (1 - beta1)`, `v += (g*g - v) * (1 - beta2)`,
    `var -= m * lr_t / (sqrt(v) + epsilon)` (epsilon outside the square root). Slots "m" and
    "v"; the bias corrections are the non-slot variables `beta1_power`/`beta2_power`,
    multiplied by beta1/beta2 after each step.

    A sparse gradient decays all of m and v, adds the (deduplicated) rows, then updates the
    whole variable, as TF1's `_apply_sparse` does.
    """

    _hyper_names = ("lr", "beta1", "beta2", "epsilon")
    _slot_names = ("m", "v")
    _op_name, _grad_index = "ResourceApplyAdam", 9
    _sparse_op_name = "ResourceScatterAdd"

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _non_slot_initial(self, hyper):
        return {"beta1_power": hyper["beta1"], "beta2_power": hyper["beta2"]}

    def _non_slot_update(self, non_slot, hyper):
        return {"beta1_power": non_slot["beta1_power"] * hyper["beta1"],
                "beta2_power": non_slot["beta2_power"] * hyper["beta2"]}

    def _get_beta_accumulators(self):
        """`(beta1_power, beta2_power)`, None before the first step (TF1's private helper,
        which some scripts read)."""
        return (self._get_non_slot_variable("beta1_power"),
                self._get_non_slot_variable("beta2_power"))

    @staticmethod
    def _step_size(hyper, non_slot):
        return (hyper["lr"] * jnp.sqrt(1 - non_slot["beta2_power"])
                / (1 - non_slot["beta1_power"]))

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        beta1, beta2 = hyper["beta1"], hyper["beta2"]
        m = slots["m"] + (grad - slots["m"]) * (1 - beta1)
        v = slots["v"] + (jnp.square(grad) - slots["v"]) * (1 - beta2)
        var = var - m * self._step_size(hyper, non_slot) / (jnp.sqrt(v) + hyper["epsilon"])
        return var, {"m": m, "v": v}

    def _sparse_update(self, values, indices, var, slots, hyper, non_slot):
        beta1, beta2 = hyper["beta1"], hyper["beta2"]
        rows, values = unique_rows(values, indices, var.shape[0])
        m = (slots["m"] * beta1).at[rows].add(values * (1 - beta1), mode="drop")
        v = (slots["v"] * beta2).at[rows].add(values * values * (1 - beta2), mode="drop")
        var = var - self._step_size(hyper, non_slot) * m / (jnp.sqrt(v) + hyper["epsilon"])
        return var, {"m": m, "v": v}
