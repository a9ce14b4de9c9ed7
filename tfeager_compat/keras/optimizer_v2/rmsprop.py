"""`tf.keras.optimizers.RMSprop` (TF 1.15)."""
import jax.numpy as jnp

from ...framework.tensor import Tensor
from ...ops.registry import export
from ...training.optimizer import unique_rows
from .optimizer_v2 import OptimizerV2


@export("keras.optimizers.RMSprop")
class RMSprop(OptimizerV2):
    """Without momentum: `rms = rho * rms + (1 - rho) * g^2`,
    `var -= lr * g / (sqrt(rms) + epsilon)` (centered: `mg = rho * mg + (1 - rho) * g`, and
    `rms - mg^2` under the root). With momentum, TF's fused kernels, epsilon under the root:
    `rms += (g^2 - rms) * (1 - rho)`, `mom = mom * momentum + g * lr / sqrt(rms + epsilon)`,
    `var -= mom`. Slots "rms", then "momentum" and "mg" as configured."""

    _config_hypers = ("rho", "momentum", "epsilon", "centered")

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, name="RMSprop", **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("rho", rho)
        self._momentum = isinstance(momentum, Tensor) or callable(momentum) or momentum > 0
        if isinstance(momentum, (int, float)) and (momentum < 0 or momentum > 1):
            raise ValueError("`momentum` must be between [0, 1].")
        self._set_hyper("momentum", momentum)
        self.epsilon = epsilon or 1e-7
        self.centered = centered
        self._slot_names = (("rms",) + (("momentum",) if self._momentum else ())
                            + (("mg",) if centered else ()))
        self._step_hypers = ("rho", "momentum") if self._momentum else ("rho",)
        prefix = "Centered" if centered else ""
        if self._momentum:
            self._op_name = f"ResourceApply{prefix}RMSProp"
            self._sparse_op_name = f"ResourceSparseApply{prefix}RMSProp"
        else:
            self._op_name = "AssignVariableOp"
            self._sparse_op_name = "ResourceScatterAdd"

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        lr, rho, epsilon = self._learning_rate(hyper), hyper["rho"], hyper["epsilon"]
        if self._momentum:
            rms = slots["rms"] + (grad * grad - slots["rms"]) * (1 - rho)
            new = {"rms": rms}
            if self.centered:
                mg = new["mg"] = slots["mg"] + (grad - slots["mg"]) * (1 - rho)
                root = jnp.sqrt(rms - mg * mg + epsilon)
            else:
                root = jnp.sqrt(rms + epsilon)
            mom = new["momentum"] = slots["momentum"] * hyper["momentum"] + grad * lr / root
            return var - mom, new
        rms = rho * slots["rms"] + (1.0 - rho) * (grad * grad)
        new, denominator = {"rms": rms}, rms
        if self.centered:
            mg = new["mg"] = rho * slots["mg"] + (1.0 - rho) * grad
            denominator = rms - mg * mg
        return var - lr * grad / (jnp.sqrt(denominator) + epsilon), new

    def _sparse_update(self, values, indices, var, slots, hyper, non_slot):
        """With momentum, TF's row-wise sparse kernels; without, rms (and mg) decay
        everywhere and only the rows given move."""
        if self._momentum:
            return super()._sparse_update(values, indices, var, slots, hyper, non_slot)
        lr, rho, epsilon = self._learning_rate(hyper), hyper["rho"], hyper["epsilon"]
        rows, values = unique_rows(values, indices, var.shape[0])
        rms = (slots["rms"] * rho).at[rows].add(values * values * (1.0 - rho), mode="drop")
        new = {"rms": rms}
        denominator = rms.at[rows].get(mode="fill", fill_value=0)
        if self.centered:
            mg = new["mg"] = (slots["mg"] * rho).at[rows].add(values * (1.0 - rho), mode="drop")
            denominator = denominator - jnp.square(mg.at[rows].get(mode="fill", fill_value=0))
        step = -lr * values / (jnp.sqrt(denominator) + epsilon)
        return var.at[rows].add(step, mode="drop"), new
