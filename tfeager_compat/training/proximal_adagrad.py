"""`tf.train.ProximalAdagradOptimizer` (TF1's ResourceApplyProximalAdagrad)."""
import jax

from ..ops.registry import export
from .optimizer import Optimizer
from .proximal_gradient_descent import shrink


@export("train.ProximalAdagradOptimizer")
class ProximalAdagradOptimizer(Optimizer):
    """`accum += grad^2`, `rate = lr * rsqrt(accum)`, `prox = var - grad * rate`,
    `var = sign(prox) * max(|prox| - rate * l1, 0) / (1 + l2 * rate)` (no shrinkage when l1
    is 0). Slot "accumulator", starting at `initial_accumulator_value`."""

    _hyper_names = ("learning_rate", "l1_regularization_strength",
                    "l2_regularization_strength")
    _slot_names = ("accumulator",)
    _op_name, _grad_index = "ResourceApplyProximalAdagrad", 5
    _sparse_op_name = "ResourceSparseApplyProximalAdagrad"

    def __init__(self, learning_rate, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s" %
                             initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength

    def _slot_initial(self, name):
        return self._initial_accumulator_value

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        l1, l2 = hyper["l1_regularization_strength"], hyper["l2_regularization_strength"]
        accum = slots["accumulator"] + grad * grad
        rate = hyper["learning_rate"] * jax.lax.rsqrt(accum)
        return (shrink(var - grad * rate, rate * l1, l1) / (1 + l2 * rate),
                {"accumulator": accum})
