"""`tf.keras.optimizers.Adagrad` (TF 1.15)."""
import jax.numpy as jnp

from ...ops.registry import export
from .optimizer_v2 import OptimizerV2


@export("keras.optimizers.Adagrad")
class Adagrad(OptimizerV2):
    """TF's ResourceApplyAdagradV2: `accum += g^2`, `var -= g * lr / (sqrt(accum) +
    epsilon)`. Slot "accumulator", starting at `initial_accumulator_value`."""

    _slot_names = ("accumulator",)
    _config_hypers = ("initial_accumulator_value", "epsilon")
    _op_name, _sparse_op_name = "ResourceApplyAdagradV2", "ResourceSparseApplyAdagradV2"

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 name="Adagrad", **kwargs):
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value must be non-negative: %s" %
                             initial_accumulator_value)
        if epsilon is None:
            epsilon = 1e-7
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon or 1e-7

    @property
    def initial_accumulator_value(self):
        return self._initial_accumulator_value

    def _slot_initial(self, name):
        return self._initial_accumulator_value

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        accum = slots["accumulator"] + grad * grad
        step = grad * self._learning_rate(hyper) / (jnp.sqrt(accum) + hyper["epsilon"])
        return var - step, {"accumulator": accum}
