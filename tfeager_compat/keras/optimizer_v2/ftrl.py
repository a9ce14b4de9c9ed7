"""`tf.keras.optimizers.Ftrl` (TF 1.15)."""
import jax.numpy as jnp

from ...ops.registry import export
from ...training.optimizer import _value_of
from .optimizer_v2 import OptimizerV2


@export("keras.optimizers.Ftrl")
class Ftrl(OptimizerV2):
    """FTRL-Proximal through TF's ResourceApplyFtrl(V2) kernels: with
    `p = -learning_rate_power` and `g' = g + 2 * l2_shrinkage * var`:
    `new_accum = accum + g^2`, `linear += g' - (new_accum^p - accum^p) / lr * var`,
    `var = (l1 * sign(linear) - linear) / (new_accum^p / lr + 2 * l2)` where
    `|linear| > l1`, else 0. Slots "accumulator" (from `initial_accumulator_value`) and
    "linear", made together for each variable. As in TF 1.15, `lr=` is not read here."""

    _step_hypers = ("learning_rate_power", "l1_regularization_strength",
                    "l2_regularization_strength")
    _slot_names = ("accumulator", "linear")
    _slots_by_variable = True
    _config_hypers = ("initial_accumulator_value", "learning_rate_power",
                      "l1_regularization_strength", "l2_regularization_strength",
                      "l2_shrinkage_regularization_strength")

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, name="Ftrl",
                 l2_shrinkage_regularization_strength=0.0, **kwargs):
        super().__init__(name, **kwargs)
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
        self._set_hyper("learning_rate", learning_rate)
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("learning_rate_power", learning_rate_power)
        self._set_hyper("l1_regularization_strength", l1_regularization_strength)
        self._set_hyper("l2_regularization_strength", l2_regularization_strength)
        self._initial_accumulator_value = initial_accumulator_value
        self._l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        version = "V2" if l2_shrinkage_regularization_strength > 0.0 else ""
        self._op_name = f"ResourceApplyFtrl{version}"
        self._sparse_op_name = f"ResourceSparseApplyFtrl{version}"

    @property
    def initial_accumulator_value(self):
        return self._initial_accumulator_value

    @property
    def l2_shrinkage_regularization_strength(self):
        return self._l2_shrinkage_regularization_strength

    def _hyper(self):
        values = super()._hyper()
        values["l2_shrinkage"] = _value_of(self._l2_shrinkage_regularization_strength)
        return values

    def _slot_initial(self, name):
        return self._initial_accumulator_value if name == "accumulator" else 0.0

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        lr, power = self._learning_rate(hyper), hyper["learning_rate_power"]
        l1, l2 = hyper["l1_regularization_strength"], hyper["l2_regularization_strength"]
        accum, linear = slots["accumulator"], slots["linear"]
        new_accum = accum + grad * grad
        square_root = power == -0.5
        new_scale = jnp.where(square_root, jnp.sqrt(new_accum), new_accum ** -power)
        old_scale = jnp.where(square_root, jnp.sqrt(accum), accum ** -power)
        if self._l2_shrinkage_regularization_strength > 0.0:
            grad = grad + 2 * hyper["l2_shrinkage"] * var
        linear = linear + (grad - (new_scale - old_scale) / lr * var)
        x = l1 * jnp.sign(linear) - linear
        y = new_scale / lr + 2 * l2
        var = jnp.where(jnp.abs(linear) > l1, x / y, jnp.zeros_like(var))
        return var, {"accumulator": new_accum, "linear": linear}
