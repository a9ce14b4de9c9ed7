"""`tf.keras.optimizers.SGD` (TF 1.15): plain, momentum or Nesterov momentum."""
from ...ops.registry import export
from ...framework.tensor import Tensor
from .optimizer_v2 import OptimizerV2


@export("keras.optimizers.SGD")
class SGD(OptimizerV2):
    """`var -= lr * grad`; with momentum (TF's ResourceApplyKerasMomentum)
    `accum = accum * momentum - grad * lr`, `var += accum` (Nesterov:
    `var += accum * momentum - grad * lr`). Slot "momentum" when momentum is not 0."""

    _config_hypers = ("momentum", "nesterov")

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._momentum = isinstance(momentum, Tensor) or callable(momentum) or momentum > 0
        if isinstance(momentum, (int, float)) and (momentum < 0 or momentum > 1):
            raise ValueError("`momentum` must be between [0, 1].")
        self._set_hyper("momentum", momentum)
        self.nesterov = nesterov
        if self._momentum:
            self._slot_names, self._step_hypers = ("momentum",), ("momentum",)
            self._op_name = "ResourceApplyKerasMomentum"
            self._sparse_op_name = "ResourceSparseApplyKerasMomentum"
        else:  # a sparse gradient is scatter-added, duplicates and all
            self._op_name, self._grad_word = "ResourceApplyGradientDescent", "delta"
            self._sparse_op_name, self._deduplicates = "ResourceScatterAdd", False

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        lr = self._learning_rate(hyper)
        if not self._momentum:
            return var - grad * lr, slots
        momentum = hyper["momentum"]
        accum = slots["momentum"] * momentum - grad * lr
        if self.nesterov:
            return var + (accum * momentum - grad * lr), {"momentum": accum}
        return var + accum, {"momentum": accum}

    def _sparse_update(self, values, indices, var, slots, hyper, non_slot):
        if self._momentum:
            return super()._sparse_update(values, indices, var, slots, hyper, non_slot)
        return var.at[indices].add(-values * self._learning_rate(hyper)), slots
