"""`tf.keras.optimizers.Optimizer` as TF 1.15 bundles it (OptimizerV2), on the tf.train base.

The update machinery is `training.optimizer.Optimizer`'s: a step is ONE deferred jitted call
that updates every variable and slot and increments `iterations` (the int64 `iter:0`
variable), whose pre-step value reaches the update as the hyperparameter "step". What this
class adds is Keras's surface: hyperparameters kept by name (`opt.lr`, `opt.learning_rate`,
`opt.beta_1`: numbers until first read, then non-trainable Variables, assigned in place by
`opt.lr = 0.01`), `decay=` (`lr / (1 + decay * iterations)`), `LearningRateSchedule`s
called with `iterations`, slots named `<name scope><optimizer>/<variable>/<slot>` in
Keras's creation order, `weights`, `get_config`/`from_config`.

Matches TF 1.15: `clipnorm`/`clipvalue` clip each gradient in `minimize` only (TF 1.15's
`apply_gradients` does not clip); `decay` is a hyperparameter ("decay:0") serialized as one.
Differences from TensorFlow: `apply_gradients` returns the `iterations` variable (TF returns
an unread view of it, printed as 'UnreadVariable'); `epsilon` reaches a float64 variable's
update rounded to float32.
"""
import numpy as np

from ...autodiff.tape import GradientTape
from ...framework import dtypes
from ...framework.convert import to_tensor
from ...framework.tensor import Tensor
from ...ops.registry import EXPORTS, export
from ...scopes import current_name_scope, name_scope
from ...training.learning_rate_decay import LearningRateSchedule
from ...training.optimizer import Optimizer, _value_of
from ...variables import Variable

_ALLOWED_KWARGS = ("clipnorm", "clipvalue", "lr", "decay")


def _flatten(structure):
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


@export("keras.optimizers.Optimizer")
class OptimizerV2(Optimizer):
    """Base of the Keras optimizers. A subclass declares `_step_hypers` (the
    hyperparameters its update reads besides the learning rate), `_slot_names` (in Keras's
    creation order) and writes `_dense_update` (see `training.optimizer.Optimizer`); `hyper`
    there holds "learning_rate" (already decayed), "step" (iterations before this step) and
    "epsilon" when the optimizer has one, all cast to the variable's dtype."""

    _step_hypers = ()
    _slots_by_variable = False  # Ftrl makes each variable's slots together
    _config_hypers = ()         # serialized hyperparameters after learning_rate and decay

    def __init__(self, name, **kwargs):
        for k in kwargs:
            if k not in _ALLOWED_KWARGS:
                raise TypeError("Unexpected keyword argument passed to optimizer: " + str(k))
            if kwargs[k] < 0:
                raise ValueError("Expected {} >= 0, received: {}".format(k, kwargs[k]))
        super().__init__(True, name)
        object.__setattr__(self, "_hyperparameters", {})
        self._hypers_created = False
        self._iterations = None
        self._slot_list = []
        decay = kwargs.pop("decay", 0.0)
        if decay < 0.0:
            raise ValueError("decay cannot be less than 0: {}".format(decay))
        self._initial_decay = decay
        if "clipnorm" in kwargs:
            self.clipnorm = kwargs.pop("clipnorm")
        if "clipvalue" in kwargs:
            self.clipvalue = kwargs.pop("clipvalue")

    # -- hyperparameters by name ---------------------------------------------------------------
    def _set_hyper(self, name, value):
        hypers = self._hyperparameters
        previous = hypers.get(name)
        if name not in hypers or not isinstance(previous, Variable) or isinstance(
                value, LearningRateSchedule):
            hypers[name] = value
        else:  # TF's backend.set_value: the hyperparameter Variable keeps its identity
            previous.assign(np.asarray(value, previous.dtype.as_numpy_dtype))

    def _get_hyper(self, name):
        if not self._hypers_created:
            self._create_hypers()
        value = self._hyperparameters[name]
        if callable(value) and not isinstance(value, (Tensor, Variable, LearningRateSchedule)):
            value = value()
        return value

    def _create_hypers(self):
        """Numbers become non-trainable Variables (float32, or int32 for an int), in name
        order, under the current name scope."""
        if self._hypers_created:
            return
        for name, value in sorted(self._hyperparameters.items()):
            if not (isinstance(value, (Tensor, Variable)) or callable(value)):
                self._hyperparameters[name] = Variable(value, trainable=False, name=name)
        self._hypers_created = True

    def __getattr__(self, name):  # only for names not found the usual way, as in TF
        hypers = self.__dict__.get("_hyperparameters")
        key = "learning_rate" if name == "lr" else name
        if hypers is not None and key in hypers:
            return self._get_hyper(key)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        key = "learning_rate" if name == "lr" else name
        hypers = self.__dict__.get("_hyperparameters")
        if hypers is not None and key in hypers:
            self._set_hyper(key, value)
        else:
            object.__setattr__(self, name, value)

    def __dir__(self):
        names = set(super().__dir__()) | set(self._hyperparameters)
        if "learning_rate" in self._hyperparameters:
            names.add("lr")
        return sorted(names)

    # -- the step's hyperparameters (training.optimizer hooks) ---------------------------------
    def _hyper(self):
        step = self.iterations._snapshot
        lr = self._get_hyper("learning_rate")
        if isinstance(lr, LearningRateSchedule):
            lr = lr(EXPORTS["cast"](step, dtypes.float32))
        values = {"learning_rate": _value_of(lr), "step": step}
        if self._decays_learning_rate():
            values["decay"] = _value_of(self._get_hyper("decay"))
        for name in self._step_hypers:
            values[name] = _value_of(self._get_hyper(name))
        if hasattr(self, "epsilon"):
            values["epsilon"] = _value_of(self.epsilon)
        return values

    def _decays_learning_rate(self):
        return self._initial_decay > 0.0

    @staticmethod
    def _learning_rate(hyper):
        """TF's `_decayed_lr`: `lr / (1 + decay * iterations)` when decay was given."""
        if "decay" in hyper:
            return hyper["learning_rate"] / (1.0 + hyper["decay"] * hyper["step"])
        return hyper["learning_rate"]

    def _slot_variable_name(self, var, slot_name):
        return current_name_scope() + var.name.rpartition(":")[0] + "/" + slot_name

    # -- iterations, slots, weights ------------------------------------------------------------
    @property
    def iterations(self):
        """The int64 step counter `iter:0`, created on first use."""
        if self._iterations is None:
            self._iterations = Variable(0, trainable=False, name="iter", dtype=dtypes.int64)
        return self._iterations

    @iterations.setter
    def iterations(self, variable):
        if self._iterations is not None:
            raise RuntimeError("Cannot set `iterations` to a new Variable after the Optimizer "
                               "weights have been created")
        self._iterations = variable

    def _create_slots(self, var_list):
        new = [v for v in dict.fromkeys(var_list) if self._slot_entry(v) is None]
        made = [self._slots_for(v) for v in new] if self._slot_names else []
        if self._slots_by_variable:
            for slots in made:
                self._slot_list.extend(slots)
        else:
            for k in range(len(self._slot_names)):
                self._slot_list.extend(slots[k] for slots in made)

    def _slot_entry(self, var):
        entry = self._slots.get(id(var))
        return entry if entry is not None and entry[0] is var else None

    def get_slot_names(self):
        """The slot names, in creation order (empty before the first step)."""
        return list(self._slot_names) if self._slot_list else []

    def get_slot(self, var, slot_name):
        """The slot variable; TF's KeyError for an unknown variable or slot name."""
        entry = self._slot_entry(var)
        if entry is None:
            raise KeyError(var.name.rpartition(":")[0])
        if slot_name not in self._slot_names:
            raise KeyError(slot_name)
        return entry[1][self._slot_names.index(slot_name)]

    @property
    def weights(self):
        """`iterations`, the non-slot variables and the slots, in creation order."""
        head = [self._iterations] if self._iterations is not None else []
        return head + self._non_slot_variables + self._slot_list

    def variables(self):
        return self.weights

    def get_weights(self):
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights):
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(
                "You called `set_weights(weights)` on optimizer " + self._name + " with a  "
                "weight list of length " + str(len(weights)) + ", but the optimizer was "
                "expecting " + str(len(params)) + " weights. Provided weights: " +
                str(weights)[:50] + "...")
        for param, value in zip(params, weights):
            param.assign(value)

    # -- the public steps ----------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars, name=None):
        """One step (None gradients skipped); returns `iterations` (see the module note)."""
        pairs = tuple(grads_and_vars)
        if not pairs:
            return None
        kept = tuple((g, v) for g, v in pairs if g is not None)
        if not kept:
            raise ValueError("No gradients provided for any variable: %s." % (
                [v.name for _, v in pairs],))
        with name_scope(self._name):
            _ = self.iterations
            self._create_hypers()
            self._create_slots([v for _, v in kept])
            super().apply_gradients(kept, global_step=self.iterations)
        return self.iterations

    def minimize(self, loss, var_list, grad_loss=None, name=None):
        """Gradients of the callable `loss` for `var_list` (clipped as configured), then
        `apply_gradients`."""
        return self.apply_gradients(self._compute_gradients(loss, var_list, grad_loss),
                                    name=name)

    def _compute_gradients(self, loss, var_list, grad_loss=None):
        with GradientTape() as tape:
            if not callable(var_list):
                tape.watch(var_list)
            loss_value = loss()
        if callable(var_list):
            var_list = var_list()
        var_list = _flatten(var_list)
        grads = tape.gradient(loss_value, var_list, grad_loss)
        if hasattr(self, "clipnorm"):
            grads = [EXPORTS["clip_by_norm"](g, self.clipnorm) for g in grads]
        if hasattr(self, "clipvalue"):
            grads = [EXPORTS["clip_by_value"](g, -self.clipvalue, self.clipvalue)
                     for g in grads]
        return list(zip(grads, var_list))

    # -- configuration -------------------------------------------------------------------------
    def _serialize_hyperparameter(self, name):
        value = self._hyperparameters[name]
        if isinstance(value, LearningRateSchedule):
            return EXPORTS["keras.optimizers.schedules.serialize"](value)
        if callable(value) and not isinstance(value, (Tensor, Variable)):
            return value()
        if isinstance(value, (Tensor, Variable)):
            return value.numpy()
        return value

    def get_config(self):
        config = {"name": self._name}
        if hasattr(self, "clipnorm"):
            config["clipnorm"] = self.clipnorm
        if hasattr(self, "clipvalue"):
            config["clipvalue"] = self.clipvalue
        config["learning_rate"] = self._serialize_hyperparameter("learning_rate")
        config["decay"] = self._serialize_hyperparameter("decay")
        for key in self._config_hypers:
            config[key] = (self._serialize_hyperparameter(key) if key in self._hyperparameters
                           else getattr(self, key))
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if "lr" in config:
            config["learning_rate"] = config.pop("lr")
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = EXPORTS["keras.optimizers.schedules.deserialize"](
                config["learning_rate"], custom_objects=custom_objects)
        return cls(**config)
