"""`tf.keras.optimizers.Adamax` (TF 1.15)."""
import jax.numpy as jnp

from ...ops.registry import export
from .optimizer_v2 import OptimizerV2


@export("keras.optimizers.Adamax")
class Adamax(OptimizerV2):
    """TF's ResourceApplyAdaMax with `t = iterations + 1`: `m += (g - m) * (1 - beta_1)`,
    `v = max(beta_2 * v, |g|)`, `var -= lr / (1 - beta_1^t) * (m / (v + epsilon))`.
    Slots "m" and "v"; a sparse gradient updates only its rows."""

    _step_hypers = ("beta_1", "beta_2")
    _slot_names = ("m", "v")
    _config_hypers = ("beta_1", "beta_2", "epsilon")
    _op_name = "ResourceApplyAdaMax"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="Adamax", **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = epsilon or 1e-7

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        beta_1 = hyper["beta_1"]
        m = slots["m"] + (grad - slots["m"]) * (1 - beta_1)
        v = jnp.maximum(hyper["beta_2"] * slots["v"], jnp.abs(grad))
        scale = self._learning_rate(hyper) / (1 - beta_1 ** (hyper["step"] + 1))
        return var - scale * (m / (v + hyper["epsilon"])), {"m": m, "v": v}
