"""`tf.train.GradientDescentOptimizer` (TF1's ResourceApplyGradientDescent)."""
from ..ops.registry import export
from .optimizer import Optimizer


@export("train.GradientDescentOptimizer")
class GradientDescentOptimizer(Optimizer):
    """`var -= learning_rate * grad`; a sparse gradient is scatter-subtracted (duplicate
    indices add up, as TF's ResourceScatterAdd does)."""

    _hyper_names = ("learning_rate",)
    _op_name, _grad_word, _grad_index = "ResourceApplyGradientDescent", "delta", 2
    _sparse_op_name, _deduplicates = "ResourceScatterAdd", False

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        return var - hyper["learning_rate"] * grad, slots

    def _sparse_update(self, values, indices, var, slots, hyper, non_slot):
        return var.at[indices].add(-values * hyper["learning_rate"]), slots
