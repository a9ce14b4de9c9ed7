"""`tf.train.AdagradOptimizer` (TF1's ResourceApplyAdagrad)."""
import jax

from ..ops.registry import export
from .optimizer import Optimizer


@export("train.AdagradOptimizer")
class AdagradOptimizer(Optimizer):
    """`accum += grad * grad; var -= grad * lr * rsqrt(accum)`. Slot "accumulator", starting
    at `initial_accumulator_value`."""

    _hyper_names = ("learning_rate",)
    _slot_names = ("accumulator",)
    _op_name, _grad_index = "ResourceApplyAdagrad", 3
    _sparse_op_name = "ResourceSparseApplyAdagrad"

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s" %
                             initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _slot_initial(self, name):
        return self._initial_accumulator_value

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        accum = slots["accumulator"] + grad * grad
        return (var - grad * hyper["learning_rate"] * jax.lax.rsqrt(accum),
                {"accumulator": accum})
