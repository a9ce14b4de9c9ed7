"""`tf.keras.optimizers.Adam` (TF 1.15), with `amsgrad`."""
import jax.numpy as jnp

from ...ops.registry import export
from ...training.optimizer import unique_rows
from .optimizer_v2 import OptimizerV2


@export("keras.optimizers.Adam")
class Adam(OptimizerV2):
    """TF's ResourceApplyAdam with `t = iterations + 1`: `m += (g - m) * (1 - beta_1)`,
    `v += (g^2 - v) * (1 - beta_2)`, `var -= m * alpha / (sqrt(v) + epsilon)` with
    `alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)`; amsgrad divides by
    `sqrt(vhat)`, `vhat = max(vhat, v)`. Slots "m", "v" (and "vhat"). A sparse gradient
    decays all of m and v and moves every row, as Keras's `_resource_apply_sparse` does."""

    _step_hypers = ("beta_1", "beta_2")
    _config_hypers = ("beta_1", "beta_2", "epsilon", "amsgrad")
    _op_name, _sparse_op_name = "ResourceApplyAdam", "ResourceScatterAdd"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="Adam", **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = epsilon or 1e-7
        self.amsgrad = amsgrad
        self._slot_names = ("m", "v", "vhat") if amsgrad else ("m", "v")
        if amsgrad:
            self._op_name = "ResourceApplyAdamWithAmsgrad"

    def _alpha(self, hyper):
        t = hyper["step"] + 1
        return (self._learning_rate(hyper) * jnp.sqrt(1 - hyper["beta_2"] ** t)
                / (1 - hyper["beta_1"] ** t))

    def _finish(self, m, v, slots, hyper):
        new = {"m": m, "v": v}
        if self.amsgrad:
            v = new["vhat"] = jnp.maximum(slots["vhat"], v)
        return new, jnp.sqrt(v) + hyper["epsilon"]

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        m = slots["m"] + (grad - slots["m"]) * (1 - hyper["beta_1"])
        v = slots["v"] + (grad * grad - slots["v"]) * (1 - hyper["beta_2"])
        new, denominator = self._finish(m, v, slots, hyper)
        return var - m * self._alpha(hyper) / denominator, new

    def _sparse_update(self, values, indices, var, slots, hyper, non_slot):
        beta_1, beta_2 = hyper["beta_1"], hyper["beta_2"]
        rows, values = unique_rows(values, indices, var.shape[0])
        m = (slots["m"] * beta_1).at[rows].add(values * (1 - beta_1), mode="drop")
        v = (slots["v"] * beta_2).at[rows].add(values * values * (1 - beta_2), mode="drop")
        new, denominator = self._finish(m, v, slots, hyper)
        return var - self._alpha(hyper) * m / denominator, new
