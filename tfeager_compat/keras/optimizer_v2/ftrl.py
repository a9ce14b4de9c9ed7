"""`tf.keras.optimizers.Ftrl` (TF 1.15)."""
from ...ops.registry import export
from ...training.ftrl import check_arguments, ftrl_update
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
        check_arguments(initial_accumulator_value, learning_rate_power,
                        l1_regularization_strength, l2_regularization_strength,
                        l2_shrinkage_regularization_strength)
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
        shrinkage = (hyper["l2_shrinkage"] if self._l2_shrinkage_regularization_strength > 0.0
                     else None)
        var, accum, linear = ftrl_update(
            grad, var, slots["accumulator"], slots["linear"], self._learning_rate(hyper),
            hyper["learning_rate_power"], hyper["l1_regularization_strength"],
            hyper["l2_regularization_strength"], shrinkage)
        return var, {"accumulator": accum, "linear": linear}
