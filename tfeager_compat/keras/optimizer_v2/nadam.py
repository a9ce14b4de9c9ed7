"""`tf.keras.optimizers.Nadam` (TF 1.15)."""
import jax.numpy as jnp

from ...framework import dtypes
from ...framework.convert import to_tensor
from ...ops.registry import export
from ...training.learning_rate_decay import LearningRateSchedule
from ...training.optimizer import unique_rows
from .optimizer_v2 import OptimizerV2


def _momentum_factor(beta_1, decay, step):
    """`beta_1 * (1 - 0.5 * 0.96^(decay * step))`, TF's momentum schedule."""
    return beta_1 * (1.0 - 0.5 * jnp.power(jnp.asarray(0.96, beta_1.dtype), decay * step))


@export("keras.optimizers.Nadam")
class Nadam(OptimizerV2):
    """Adam with Nesterov momentum (Dozat): the momentum schedule
    `mu_t = beta_1 * (1 - 0.5 * 0.96^(decay * t))` multiplies into the non-slot
    variable "momentum_cache"; `decay` (0.004, also `schedule_decay=`) only schedules the
    momentum, the learning rate is not decayed. Slots "m" and "v"."""

    _step_hypers = ("beta_1", "beta_2")
    _slot_names = ("m", "v")
    _config_hypers = ("beta_1", "beta_2", "epsilon")
    _op_name = "ResourceApplyNadam"
    _sparse_op_name = "ResourceScatterAdd"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="Nadam", **kwargs):
        kwargs["decay"] = kwargs.pop("schedule_decay", 0.004)
        learning_rate = kwargs.get("lr", learning_rate)
        if isinstance(learning_rate, LearningRateSchedule):
            raise ValueError("The Nadam optimizer does not support "
                             "tf.keras.optimizers.LearningRateSchedules as the learning rate.")
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = epsilon or 1e-7

    def _decays_learning_rate(self):
        return False

    def _non_slot_initial(self, hyper):
        return {"momentum_cache": to_tensor(1.0, dtypes.float32)}

    def _non_slot_update(self, non_slot, hyper):
        cache = non_slot["momentum_cache"]
        step = hyper["step"].astype(cache.dtype) + 1
        mu = _momentum_factor(hyper["beta_1"].astype(cache.dtype), self._initial_decay, step)
        return {"momentum_cache": cache * mu}

    def _coefficients(self, hyper, non_slot):
        beta_1, t = hyper["beta_1"], hyper["step"] + 1
        mu = _momentum_factor(beta_1, self._initial_decay, t)
        mu_next = _momentum_factor(beta_1, self._initial_decay, t + 1)
        schedule = non_slot["momentum_cache"] * mu
        return mu, mu_next, schedule, schedule * mu_next, 1.0 - hyper["beta_2"] ** t

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        beta_1, beta_2 = hyper["beta_1"], hyper["beta_2"]
        mu, mu_next, schedule, schedule_next, v_bias = self._coefficients(hyper, non_slot)
        g_prime = grad / (1.0 - schedule)
        m = beta_1 * slots["m"] + (1 - beta_1) * grad
        v = beta_2 * slots["v"] + (1 - beta_2) * (grad * grad)
        m_bar = (1.0 - mu) * g_prime + mu_next * (m / (1.0 - schedule_next))
        var = var - hyper["learning_rate"] * m_bar / (jnp.sqrt(v / v_bias) + hyper["epsilon"])
        return var, {"m": m, "v": v}

    def _sparse_update(self, values, indices, var, slots, hyper, non_slot):
        """m and v decay everywhere; only the rows given move."""
        beta_1, beta_2 = hyper["beta_1"], hyper["beta_2"]
        mu, mu_next, schedule, schedule_next, v_bias = self._coefficients(hyper, non_slot)
        rows, values = unique_rows(values, indices, var.shape[0])
        m = (slots["m"] * beta_1).at[rows].add(values * (1 - beta_1), mode="drop")
        v = (slots["v"] * beta_2).at[rows].add(values * values * (1 - beta_2), mode="drop")
        m_rows = m.at[rows].get(mode="fill", fill_value=0)
        v_rows = v.at[rows].get(mode="fill", fill_value=0)
        m_bar = (1.0 - mu) * (values / (1.0 - schedule)) + mu_next * (
            m_rows / (1.0 - schedule_next))
        step = -hyper["learning_rate"] * m_bar / (jnp.sqrt(v_rows / v_bias) + hyper["epsilon"])
        return var.at[rows].add(step, mode="drop"), {"m": m, "v": v}
