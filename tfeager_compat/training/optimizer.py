"""TF1's `tf.train.*Optimizer`s: the base class does the plumbing, each optimizer one update.

A step gathers the variables, gradients, slots and hyperparameters into one op that computes
every update, and installs its outputs as the new values. That op is deferred: the next
`tape.gradient()` runs it in the same XLA call as the gradient (reading a variable runs it
sooner), so a training loop makes one XLA call per step. Everything is checked before the op
is made, so a bad step (no gradients, a gradient of the wrong shape) raises and updates no
variable.
Matches TF 1.15: `apply_gradients` and `minimize` return None in eager mode and increment
`global_step`; the update formulas are TF1's (Adam with its bias-corrected learning rate and
epsilon outside the square root, Momentum with `use_nesterov`).
"""
import abc

import jax.numpy as jnp

from ..autodiff import graph
from ..autodiff.tape import GradientTape
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor
from ..ops.registry import Op, export
from ..variables import Variable


_CONSTANTS = {}


def _value_of(hyper):
    """A hyperparameter as a Tensor: floats, Tensors, Variables and callables all work."""
    if type(hyper) is float or type(hyper) is int:
        tensor = _CONSTANTS.get(hyper)
        if tensor is None:  # a Python number becomes a device array once, not every step
            if len(_CONSTANTS) > 1024:
                _CONSTANTS.clear()
            tensor = _CONSTANTS[hyper] = to_tensor(float(hyper))
        return tensor
    if callable(hyper) and not isinstance(hyper, (Tensor, Variable)):
        hyper = hyper()
    return to_tensor(hyper)


@export("train.Optimizer")
class Optimizer(abc.ABC):
    """Base class: `compute_gradients`, `apply_gradients`, `minimize`, slots."""

    _slot_names = ()
    _op_name = "ResourceApplyOptimizer"  # TF's kernel name, for error messages
    _grad_word = "grad"

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._name = name
        self._slots = {}      # id(variable) -> {slot name: Variable}
        self._shared = None   # non-slot state (e.g. Adam's beta powers) as Tensors
        self._step_op = Op(self._op_name, self._step_kernel)

    def get_name(self):
        return self._name

    # -- the per-optimizer part ----------------------------------------------------------------
    @abc.abstractmethod
    def _hyper(self):
        """Hyperparameters for this step, as a dict of Tensors (see `_value_of`)."""

    def _initial_shared(self, hyper):
        """Non-slot state before the first step, as a dict of Tensors."""
        return {}

    def _update_shared(self, shared, hyper):
        return shared

    @abc.abstractmethod
    def _update(self, grad, var, slots, hyper, shared):
        """One variable's update: `(grad, var, slots, hyper, shared) -> (var, slots)`."""

    # -- plumbing ------------------------------------------------------------------------------
    def _step_kernel(self, *arrays, n, hyper_keys, shared_keys, counts):
        """All of a step's updates: (grads, values, slots, hyper, shared[, step]) -> (values,
        slots, shared[, step + 1]), flattened in that order (`counts`: a global step is last)."""
        if counts:  # the global step is the last input, its increment the last output
            *arrays, step = arrays
            updates = self._step_kernel(*arrays, n=n, hyper_keys=hyper_keys,
                                        shared_keys=shared_keys, counts=False)
            return updates + (step + jnp.ones((), step.dtype),)
        names, k = self._slot_names, len(self._slot_names)
        grads, values = arrays[:n], arrays[n:2 * n]
        position = 2 * n
        slots = [dict(zip(names, arrays[position + i * k:position + (i + 1) * k]))
                 for i in range(n)]
        position += n * k
        hyper = dict(zip(hyper_keys, arrays[position:position + len(hyper_keys)]))
        shared = dict(zip(shared_keys, arrays[position + len(hyper_keys):]))
        new_values, new_slots = [], []
        for g, v, s in zip(grads, values, slots):
            nv, ns = self._update(g, v, s, hyper, shared)
            new_values.append(nv.astype(v.dtype))
            new_slots.extend(ns[name].astype(s[name].dtype) for name in names)
        new_shared = self._update_shared(shared, hyper)
        return tuple(new_values + new_slots +
                     [new_shared[key].astype(shared[key].dtype) for key in shared_keys])

    def _slots_for(self, var):
        slots = self._slots.get(id(var))
        if slots is None:
            zeros = jnp.zeros(var._snapshot._shape_tuple(), var._snapshot._meta().dtype)
            slots = {n: Variable(zeros, trainable=False, name=f"{var.name[:-2]}/{n}")
                     for n in self._slot_names}
            self._slots[id(var)] = slots
        return slots

    def get_slot_names(self):
        return list(self._slot_names)

    def get_slot(self, var, name):
        return self._slots.get(id(var), {}).get(name)

    def variables(self):
        return [s for slots in self._slots.values() for s in slots.values()]

    def compute_gradients(self, loss, var_list=None, gate_gradients=1, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """Run `loss` (a callable in eager mode) under a tape; `[(gradient, variable), ...]`."""
        if not callable(loss):
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a "
                               "function when eager execution is enabled.")
        with GradientTape() as tape:
            if var_list is not None:
                tape.watch(var_list)
            value = loss()
        if var_list is None:
            var_list = [v for v in tape.watched_variables() if v.trainable]
        var_list = list(var_list)
        grads = tape.gradient(value, var_list, output_gradients=grad_loss)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Apply all updates as one compiled call; returns None (TF1 eager)."""
        grads, variables, given = [], [], []
        for g, v in grads_and_vars:
            if not isinstance(v, Variable):
                raise TypeError(f"Variable must be a tf.Variable, got {type(v).__name__}: {v!r}")
            given.append(v)
            if g is not None:
                if type(g) is not Tensor or g._aval.dtype != v._snapshot._aval.dtype:
                    g = to_tensor(g, v.dtype)
                grads.append(g)
                variables.append(v)
        if not given:
            raise ValueError("No variables provided.")
        if not grads:
            raise ValueError("No gradients provided for any variable: %s." % (
                [repr(v) for v in given],))
        for g, v in zip(grads, variables):
            if g._aval.shape != v._snapshot._aval.shape:
                raise errors.invalid_argument(
                    "var and %s do not have the same shape%s %s" % (
                        self._grad_word, errors.shape_text(v._snapshot._shape_tuple()),
                        errors.shape_text(g._shape_tuple())), self._op_name)
        hyper = self._hyper()
        if self._shared is None:
            self._shared = self._initial_shared(hyper)
        shared = self._shared
        slots = ([slot for v in variables for slot in self._slots_for(v).values()]
                 if self._slot_names else [])
        holders = variables + slots
        states = [h._snapshot for h in holders]
        inputs = grads + states + list(hyper.values()) + list(shared.values())
        avals = [t._aval for t in states] + [t._aval for t in shared.values()]
        # A scalar global step is incremented in the same deferred call.
        counter = (global_step if isinstance(global_step, Variable) and
                   not global_step._snapshot._aval.shape else None)
        if counter is not None:
            inputs.append(counter._snapshot)
            avals.append(counter._snapshot._aval)
        attrs = (("n", len(grads)), ("hyper_keys", tuple(hyper)), ("shared_keys", tuple(shared)),
                 ("counts", counter is not None))
        # The update has the shape and dtype of the state it replaces (checked above).
        outputs = graph.defer(self._step_op, inputs, attrs, avals)
        for holder, value in zip(holders, outputs):
            holder._snapshot = value
        if shared:
            self._shared = dict(zip(shared, outputs[len(holders):len(holders) + len(shared)]))
        if counter is not None:
            counter._snapshot = outputs[-1]
        if counter is None and global_step is not None:
            global_step.assign_add(1)
        return None

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=1,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """`compute_gradients` then `apply_gradients`; returns None (TF1 eager)."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, grad_loss=grad_loss)
        return self.apply_gradients(grads_and_vars, global_step=global_step)


@export("train.GradientDescentOptimizer")
class GradientDescentOptimizer(Optimizer):
    """`var -= learning_rate * grad`."""

    _op_name, _grad_word = "ResourceApplyGradientDescent", "delta"

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _hyper(self):
        return {"lr": _value_of(self._learning_rate)}

    def _update(self, grad, var, slots, hyper, shared):
        return var - hyper["lr"].astype(var.dtype) * grad, slots


@export("train.MomentumOptimizer")
class MomentumOptimizer(Optimizer):
    """`accum = momentum * accum + grad; var -= lr * accum` (Nesterov: TF1's variant)."""

    _slot_names = ("momentum",)
    _op_name = "ResourceApplyMomentum"

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum = learning_rate, momentum
        self._use_nesterov = use_nesterov

    def _hyper(self):
        return {"lr": _value_of(self._learning_rate), "momentum": _value_of(self._momentum)}

    def _update(self, grad, var, slots, hyper, shared):
        lr, momentum = hyper["lr"].astype(var.dtype), hyper["momentum"].astype(var.dtype)
        accum = momentum * slots["momentum"] + grad
        step = grad * lr + accum * momentum * lr if self._use_nesterov else accum * lr
        return var - step, {"momentum": accum}


@export("train.AdamOptimizer")
class AdamOptimizer(Optimizer):
    """TF1 Adam: `lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`,
    `var -= lr_t * m / (sqrt(v) + epsilon)`."""

    _slot_names = ("m", "v")
    _op_name = "ResourceApplyAdam"

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._learning_rate, self._beta1, self._beta2, self._epsilon = (
            learning_rate, beta1, beta2, epsilon)

    def _hyper(self):
        return {"lr": _value_of(self._learning_rate), "beta1": _value_of(self._beta1),
                "beta2": _value_of(self._beta2), "epsilon": _value_of(self._epsilon)}

    def _initial_shared(self, hyper):
        return {"beta1_power": hyper["beta1"], "beta2_power": hyper["beta2"]}

    def _update_shared(self, shared, hyper):
        return {"beta1_power": shared["beta1_power"] * hyper["beta1"],
                "beta2_power": shared["beta2_power"] * hyper["beta2"]}

    def _update(self, grad, var, slots, hyper, shared):
        dt = var.dtype
        b1, b2, eps = (hyper[k].astype(dt) for k in ("beta1", "beta2", "epsilon"))
        lr = (hyper["lr"].astype(dt) * jnp.sqrt(1 - shared["beta2_power"].astype(dt))
              / (1 - shared["beta1_power"].astype(dt)))
        m = b1 * slots["m"] + (1 - b1) * grad
        v = b2 * slots["v"] + (1 - b2) * jnp.square(grad)
        return var - lr * m / (jnp.sqrt(v) + eps), {"m": m, "v": v}


_GLOBAL_STEP = []


@export("train.get_or_create_global_step")
def get_or_create_global_step(graph=None):
    """The int64 `global_step:0` variable (created, non-trainable, on first call)."""
    if not _GLOBAL_STEP:
        _GLOBAL_STEP.append(Variable(0, trainable=False, name="global_step", dtype=dtypes.int64))
    return _GLOBAL_STEP[0]


@export("train.get_global_step")
def get_global_step(graph=None):
    """The global step variable, or None if none was created yet."""
    return _GLOBAL_STEP[0] if _GLOBAL_STEP else None


@export("train.create_global_step")
def create_global_step(graph=None):
    """Create the global step; TF raises if one already exists."""
    if _GLOBAL_STEP:
        raise ValueError('"global_step" already exists.')
    return get_or_create_global_step()
