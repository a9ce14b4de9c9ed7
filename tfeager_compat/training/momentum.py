"""`tf.train.MomentumOptimizer` (TF1's ResourceApplyMomentum)."""
from ..ops.registry import export
from .optimizer import Optimizer


@export("train.MomentumOptimizer")
class MomentumOptimizer(Optimizer):
    """`accum = accum * momentum + grad; var -= lr * accum`; with `use_nesterov`,
    `var -= grad * lr + accum * momentum * lr`. Slot "momentum"."""

    _hyper_names = ("learning_rate", "momentum")
    _slot_names = ("momentum",)
    _op_name, _grad_index = "ResourceApplyMomentum", 3
    _sparse_op_name = "ResourceSparseApplyMomentum"

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum = learning_rate, momentum
        self._use_nesterov = use_nesterov

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        lr, momentum = hyper["learning_rate"], hyper["momentum"]
        accum = slots["momentum"] * momentum + grad
        if self._use_nesterov:
            return var - (grad * lr + accum * momentum * lr), {"momentum": accum}
        return var - accum * lr, {"momentum": accum}
