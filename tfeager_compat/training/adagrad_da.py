"""`tf.train.AdagradDAOptimizer` (TF1's ResourceApplyAdagradDA)."""
import jax.numpy as jnp

from ..ops.registry import export
from .optimizer import Optimizer


@export("train.AdagradDAOptimizer")
class AdagradDAOptimizer(Optimizer):
    """Adagrad dual averaging: `g_acc += grad; gg_acc += grad * grad`, then, with
    `t = global_step + 1` (the step read before this update),
    `var = -lr * sign(g_acc) * max(|g_acc| - l1 * t, 0) / (l2 * t * lr + sqrt(gg_acc))`
    (without the l1 shrinkage when l1 is 0). Slots "gradient_accumulator" and
    "gradient_squared_accumulator"."""

    _hyper_names = ("learning_rate", "l1_regularization_strength",
                    "l2_regularization_strength", "global_step")
    _slot_names = ("gradient_accumulator", "gradient_squared_accumulator")
    _op_name, _grad_index = "ResourceApplyAdagradDA", 3
    _sparse_op_name = "ResourceSparseApplyAdagradDA"

    def __init__(self, learning_rate, global_step,
                 initial_gradient_squared_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="AdagradDA"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_gradient_squared_accumulator_value = (
            initial_gradient_squared_accumulator_value)
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._global_step = global_step

    def _slot_initial(self, name):
        if name == "gradient_squared_accumulator":
            return self._initial_gradient_squared_accumulator_value
        return 0.0

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        lr = hyper["learning_rate"]
        l1, l2 = hyper["l1_regularization_strength"], hyper["l2_regularization_strength"]
        step = hyper["global_step"] + 1
        g_acc = slots["gradient_accumulator"] + grad
        gg_acc = slots["gradient_squared_accumulator"] + grad * grad
        shrunk = jnp.where(l1 > 0, jnp.sign(g_acc) * jnp.maximum(jnp.abs(g_acc) - l1 * step, 0),
                           g_acc)
        var = -lr * shrunk / (l2 * step * lr + jnp.sqrt(gg_acc))
        return var, {"gradient_accumulator": g_acc, "gradient_squared_accumulator": gg_acc}
