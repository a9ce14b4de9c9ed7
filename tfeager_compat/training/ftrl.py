"""`tf.train.FtrlOptimizer` (TF1's ResourceApplyFtrl, and FtrlV2 with L2 shrinkage)."""
import jax.numpy as jnp

from ..ops.registry import export
from .optimizer import Optimizer, slot_name


def check_arguments(initial_accumulator_value, learning_rate_power, l1_regularization_strength,
                    l2_regularization_strength, l2_shrinkage_regularization_strength):
    """TF's ValueErrors for FTRL's constructor arguments (tf.train and tf.keras alike)."""
    for failed, text in (
            (initial_accumulator_value < 0.0, "initial_accumulator_value %f needs to be "
             "positive or zero" % initial_accumulator_value),
            (learning_rate_power > 0.0, "learning_rate_power %f needs to be negative or "
             "zero" % learning_rate_power),
            (l1_regularization_strength < 0.0, "l1_regularization_strength %f needs to be "
             "positive or zero" % l1_regularization_strength),
            (l2_regularization_strength < 0.0, "l2_regularization_strength %f needs to be "
             "positive or zero" % l2_regularization_strength),
            (l2_shrinkage_regularization_strength < 0.0, "l2_shrinkage_regularization_"
             "strength %f needs to be positive or zero" %
             l2_shrinkage_regularization_strength)):
        if failed:
            raise ValueError(text)


def ftrl_update(grad, var, accum, linear, lr, power, l1, l2, shrinkage=None):
    """One ResourceApplyFtrl(V2) step: `(new var, new accum, new linear)`."""
    new_accum = accum + grad * grad
    square_root = power == -0.5
    new_scale = jnp.where(square_root, jnp.sqrt(new_accum), new_accum ** -power)
    old_scale = jnp.where(square_root, jnp.sqrt(accum), accum ** -power)
    if shrinkage is not None:
        grad = grad + 2 * shrinkage * var
    linear = linear + (grad - (new_scale - old_scale) / lr * var)
    x = l1 * jnp.sign(linear) - linear
    y = new_scale / lr + 2 * l2
    return jnp.where(jnp.abs(linear) > l1, x / y, jnp.zeros_like(var)), new_accum, linear


@export("train.FtrlOptimizer")
class FtrlOptimizer(Optimizer):
    """FTRL-Proximal: with `p = -learning_rate_power` and
    `g' = grad + 2 * l2_shrinkage * var`: `new_accum = accum + grad^2`,
    `linear += g' - (new_accum^p - accum^p) / lr * var`,
    `var = (l1 * sign(linear) - linear) / (new_accum^p / lr + 2 * l2)` where
    `|linear| > l1`, else 0 (square roots when p is 0.5). Slots "accum" (starting at
    `initial_accumulator_value`) and "linear", named after `accum_name`/`linear_name` when
    given."""

    _hyper_names = ("learning_rate", "learning_rate_power", "l1_regularization_strength",
                    "l2_regularization_strength", "l2_shrinkage_regularization_strength")
    _slot_names = ("accum", "linear")
    _grad_index = 3

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="Ftrl", accum_name=None, linear_name=None,
                 l2_shrinkage_regularization_strength=0.0):
        check_arguments(initial_accumulator_value, learning_rate_power,
                        l1_regularization_strength, l2_regularization_strength,
                        l2_shrinkage_regularization_strength)
        version = "V2" if l2_shrinkage_regularization_strength > 0.0 else ""
        self._op_name = f"ResourceApplyFtrl{version}"
        self._sparse_op_name = f"ResourceSparseApplyFtrl{version}"
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name, linear_name

    def _slot_initial(self, name):
        return self._initial_accumulator_value if name == "accum" else 0.0

    def _slot_variable_name(self, var, slot):
        given = self._accum_name if slot == "accum" else self._linear_name
        return slot_name(var, given or self._name)

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        var, accum, linear = ftrl_update(
            grad, var, slots["accum"], slots["linear"], hyper["learning_rate"],
            hyper["learning_rate_power"], hyper["l1_regularization_strength"],
            hyper["l2_regularization_strength"], hyper["l2_shrinkage_regularization_strength"])
        return var, {"accum": accum, "linear": linear}
