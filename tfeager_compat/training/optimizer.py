"""`tf.train.Optimizer`: the plumbing every TF1 optimizer shares; each one writes one update.

A step gathers the gradients, the variables, their slots, the non-slot variables (Adam's
`beta1_power`), the global step and the hyperparameters into one op that computes every
update, and installs its outputs as the new values. That op is deferred: the next
`tape.gradient()` runs it in the same XLA call as the gradient (reading a variable runs it
sooner), so a training loop makes one XLA call per step. Everything is checked before the op
is made, so a bad step (no gradients, a gradient of the wrong shape or dtype, an index out of
range) raises and changes no variable, slot or step counter.

Matches TF 1.15 eager: `apply_gradients` and `minimize` return None and increment
`global_step`; slots are non-trainable Variables named `<var>/<optimizer name>[_N]` (see
`slot_name`); `variables()` lists slots and non-slot variables sorted by name; an
`IndexedSlices` gradient gets TF1's sparse semantics (duplicate indices summed first, then
only the rows named are updated, unless the optimizer says otherwise).
Differences from TensorFlow: a step is all-or-nothing (TF1 applies the variables one by one,
so an error on the second leaves the first updated).
"""
import functools

import jax.numpy as jnp
import numpy as np

from ..autodiff import graph
from ..autodiff.tape import GradientTape
from ..distribute import distribute_lib
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor
from ..ops.array_ops import IndexedSlices
from ..ops.declare import kernel_type_name
from ..ops.registry import Op, export
from ..variables import Variable


_CONSTANTS = {}


def _value_of(hyper):
    """A hyperparameter as a Tensor: a number (float32, as TF converts it), a Tensor, a
    Variable (read at each step) or a callable (called at each step)."""
    if type(hyper) is float or type(hyper) is int:
        key = hyper if hyper else str(float(hyper))  # -0.0 and 0.0 apart
        tensor = _CONSTANTS.get(key)
        if tensor is None:  # a Python number becomes a device array once, not every step
            if len(_CONSTANTS) > 1024:
                _CONSTANTS.clear()
            tensor = _CONSTANTS[key] = to_tensor(float(hyper), dtypes.float32)
        return tensor
    if callable(hyper) and not isinstance(hyper, (Tensor, Variable)):
        hyper = hyper()
    return to_tensor(hyper)


def unique_rows(values, indices, rows):
    """TF's `_deduplicate_indexed_slices` at a static size: the distinct indices (padded with
    the out-of-range row `rows`, which `.at[...]` with mode="drop"/"fill" ignores) and the
    values summed per index."""
    n = indices.shape[0]
    if not n:
        return indices, values
    unique, inverse = jnp.unique(indices, size=n, fill_value=rows, return_inverse=True)
    summed = jnp.zeros((n,) + values.shape[1:], values.dtype).at[inverse.reshape(-1)].add(values)
    return unique, summed


def slot_name(var, op_name):
    """TF's slot naming: the name of a fresh `variable_scope(None, "<var>/<op_name>")`, so
    "w/Adam", then "w/Adam_1", ... (counted per process, inside the current variable scope)."""
    from ..variable_scope import variable_scope  # it imports the op table, which imports this
    with variable_scope(None, default_name=var.name.rpartition(":")[0] + "/" + op_name) as scope:
        return scope.name


# The dtypes TF registers its ResourceApply* kernels for.
_UPDATABLE = frozenset(np.dtype(d.as_numpy_dtype) for d in (
    dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.complex64,
    dtypes.complex128))
_EAGER_TENSOR = "tensorflow.python.framework.ops.EagerTensor"


@export("train.Optimizer")
class Optimizer:
    """Base class of the TF1 optimizers: `compute_gradients`, `apply_gradients`, `minimize`,
    slots, non-slot variables and the global step.

    A subclass writes only these hooks (their names are stable; tf.keras optimizers build on
    them too). Every array hook is pure: it runs while the step is traced, on jax arrays.

    - `_hyper_names`: the hyperparameters, each read from the attribute `_<name>` at every
      step (a number, Tensor, Variable or callable; see `_value_of`). Override `_hyper()` (a
      dict of Tensors) for anything else.
    - `_slot_names`: slots per variable, in TF's creation order (which decides their names);
      `_slot_initial(name)` is the number a slot starts at (0.0 unless overridden).
    - `_non_slot_initial(hyper)`: the non-slot variables, `{name: initial Tensor}`, created
      (non-trainable, under the current name scope) at the first step.
    - `_dense_update(grad, var, slots, hyper, non_slot) -> (var, slots)`: one variable's
      update; `slots` a dict by slot name, `hyper` and `non_slot` cast to the variable's dtype.
    - `_sparse_update(values, indices, var, slots, hyper, non_slot) -> (var, slots)`: the same
      for an `IndexedSlices` gradient. By default: duplicate indices are summed
      (`unique_rows`), then `_row_update` (the same arguments as `_dense_update`, which it
      defaults to) runs on the rows named and only they change, which is what TF1's
      ResourceSparseApply* kernels do.
    - `_non_slot_update(non_slot, hyper) -> non_slot`: runs once per step, after the updates
      (TF1's `_finish`); `non_slot` and `hyper` as stored, not cast.
    - `_slot_variable_name(var, slot)`: the slot variable's name (TF1's by default, see
      `slot_name`).
    - `_op_name`, `_sparse_op_name`, `_grad_word`, `_grad_index`: TF's kernel names and the
      words its errors use. `_sparse_op_name = "ResourceScatterAdd"` means TF applies sparse
      gradients through scatter ops (GradientDescent, Adam), with that op's errors;
      `_deduplicates = False` that it does not sum duplicate indices first.
    """

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2  # `gate_gradients` values (no effect in eager)

    _hyper_names = ()
    _hyper_attributes = ()
    _slot_names = ()
    _op_name = "ResourceApplyOptimizer"
    _sparse_op_name = "ResourceSparseApplyOptimizer"
    _grad_word = "grad"
    _grad_index = 1
    _deduplicates = True

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}             # id(variable) -> (variable, [slot Variables])
        self._non_slot = None        # {name: Variable}, made at the first step
        self._non_slot_variables = []
        self._step_op = (None if type(self)._dense_update is Optimizer._dense_update
                         else Op(self._op_name, self._step_kernel))

    def get_name(self):
        return self._name

    # -- the per-optimizer part ----------------------------------------------------------------
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._hyper_attributes = tuple((name, "_" + name) for name in cls._hyper_names)

    def _hyper(self):
        return {name: _value_of(getattr(self, attribute))
                for name, attribute in self._hyper_attributes}

    def _slot_initial(self, name):
        return 0.0

    def _non_slot_initial(self, hyper):
        return {}

    def _dense_update(self, grad, var, slots, hyper, non_slot):
        raise NotImplementedError()

    def _row_update(self, grad, var, slots, hyper, non_slot):
        return self._dense_update(grad, var, slots, hyper, non_slot)

    def _sparse_update(self, values, indices, var, slots, hyper, non_slot):
        rows, values = unique_rows(values, indices, var.shape[0])

        def take(x):
            return x.at[rows].get(mode="fill", fill_value=0)

        new_var, new_slots = self._row_update(
            values, take(var), {k: take(s) for k, s in slots.items()}, hyper, non_slot)
        return (var.at[rows].set(new_var, mode="drop"),
                {k: s.at[rows].set(new_slots[k], mode="drop") for k, s in slots.items()})

    def _non_slot_update(self, non_slot, hyper):
        return non_slot

    def _slot_variable_name(self, var, slot):
        return slot_name(var, self._name)

    # -- the step ------------------------------------------------------------------------------
    def _step_kernel(self, *arrays, sparse, hyper_keys, counts, repeats):
        """All of a step's updates. `arrays`: the gradients (two arrays, values and indices,
        for each variable whose position is in `sparse`), then the states (each variable
        followed by its slots, the non-slot variables, the global step if `counts`), then the
        hyperparameters. Returns the states' new values, in order. `repeats` pairs the
        position of a variable listed again with its first position: the second update starts
        from the first one's result, as TF1 applies them one after the other."""
        names, k = self._slot_names, len(self._slot_names)
        n_non_slot = len(self._non_slot_variables)
        n_vars = (len(arrays) - len(sparse) - n_non_slot - counts - len(hyper_keys)) // (k + 2)
        n_grads = n_vars + len(sparse)
        n_states = n_vars * (k + 1) + n_non_slot + counts
        states = arrays[n_grads:n_grads + n_states]
        hyper = dict(zip(hyper_keys, arrays[n_grads + n_states:]))
        stored = states[n_vars * (k + 1):n_vars * (k + 1) + n_non_slot]
        non_slot = dict(zip(self._non_slot, stored))
        out, position, first, latest, cast = [], 0, dict(repeats), {}, {}
        for i in range(n_vars):
            if i in first:
                var, slots = latest[first[i]]
            else:
                var = states[i * (k + 1)]
                slots = dict(zip(names, states[i * (k + 1) + 1:(i + 1) * (k + 1)]))
            dtype = var.dtype
            if dtype not in cast:
                cast[dtype] = ({key: h.astype(dtype) for key, h in hyper.items()},
                               {key: s.astype(dtype) for key, s in non_slot.items()})
            hyper_t, non_slot_t = cast[dtype]
            if i in sparse:
                var, slots = self._sparse_update(arrays[position], arrays[position + 1], var,
                                                 slots, hyper_t, non_slot_t)
                position += 2
            else:
                var, slots = self._dense_update(arrays[position], var, slots, hyper_t,
                                                non_slot_t)
                position += 1
            var = var.astype(dtype)
            slots = {name: slots[name].astype(dtype) for name in names}
            latest[first.get(i, i)] = var, slots
            out.append(var)
            out.extend(slots[name] for name in names)
        if n_non_slot:
            new = self._non_slot_update(non_slot, hyper)
            out.extend(new[key].astype(s.dtype) for key, s in non_slot.items())
        if counts:  # the global step, incremented after the updates
            step = states[-1]
            out.append(step + jnp.ones((), step.dtype))
        return tuple(out)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Apply every gradient as one compiled call (None gradients are skipped) and
        increment `global_step`; returns None (TF1 eager)."""
        pairs = tuple(grads_and_vars)
        replica = distribute_lib.replica_update_context()
        if replica is not None:  # inside strategy.run: gradients summed over the replicas
            return replica._merge_apply(functools.partial(Optimizer.apply_gradients, self), pairs,
                                        global_step=global_step)
        if not pairs:
            raise ValueError("No variables provided.")
        grads, variables, sparse, constrained = [], [], [], False
        for g, v in pairs:
            if g is None:
                continue
            if not isinstance(v, Variable):
                raise self._not_a_variable(v)
            state = v._snapshot._aval
            if state.dtype not in _UPDATABLE:
                raise self._no_kernel(v)
            if type(g) is not Tensor:
                if isinstance(g, IndexedSlices):
                    if v._constraint is not None:
                        raise RuntimeError("Cannot use a constraint function on a sparse "
                                           "variable.")
                    sparse.append(len(variables))
                    grads.extend(self._sparse_inputs(g, v))
                    variables.append(v)
                    continue
                g = to_tensor(g, v.dtype)
            if g._aval.shape != state.shape or g._aval.dtype != state.dtype:
                raise self._dense_error(g, v)
            grads.append(g)
            variables.append(v)
            if v._constraint is not None:
                constrained = True
        if not variables:
            raise ValueError("No gradients provided for any variable: %s." % (
                [str(v) for _, v in pairs],))
        if global_step is not None:
            self._check_global_step(global_step)
        if self._step_op is None:  # the base class itself: no update rule
            raise NotImplementedError()
        hyper = self._hyper()
        if self._non_slot is None:
            self._non_slot = {key: Variable(value, trainable=False, name=key)
                              for key, value in self._non_slot_initial(hyper).items()}
            self._non_slot_variables = list(self._non_slot.values())
        if self._slot_names:
            holders = []
            for v in variables:
                holders.append(v)
                holders.extend(self._slots_for(v))
        else:
            holders = variables[:]
        holders.extend(self._non_slot_variables)
        if global_step is not None:
            holders.append(global_step)
        states = [h._snapshot for h in holders]
        repeats = (_repeats(variables) if len(variables) > 1 and
                   len(set(map(id, variables))) < len(variables) else ())
        attrs = (("sparse", tuple(sparse)), ("hyper_keys", tuple(hyper)),
                 ("counts", global_step is not None), ("repeats", repeats))
        # Each new value has the shape and dtype of the state it replaces (checked above).
        outputs = graph.defer(self._step_op, grads + states + list(hyper.values()), attrs,
                              [t._aval for t in states])
        for holder, value in zip(holders, outputs):
            holder._snapshot = value
        if constrained:  # TF1 assigns `constraint(var)` after a dense update
            for v in variables:
                if v._constraint is not None:
                    v.assign(v._constraint(v))
        return None

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=1,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """`compute_gradients` then `apply_gradients`; returns None (TF1 eager)."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, grad_loss=grad_loss)
        if all(g is None for g, _ in grads_and_vars):
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do "
                "not support gradients, between variables %s and loss %s." % (
                    [str(v) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=1, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """Run `loss` (a callable in eager mode) under a tape; `[(gradient, variable), ...]`
        for `var_list`, or for the trainable variables it read."""
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

    # -- slots and variables -------------------------------------------------------------------
    def _slots_for(self, var):
        entry = self._slots.get(id(var))
        if entry is None:
            state = var._snapshot._aval
            slots = []
            for name in self._slot_names:
                slot = Variable(jnp.full(state.shape, self._slot_initial(name), state.dtype),
                                trainable=False)
                slot._name = self._slot_variable_name(var, name) + ":0"
                slots.append(slot)
            entry = self._slots[id(var)] = (var, slots)
        return entry[1]

    def get_slot_names(self):
        """The slot names, sorted (none before the first step, as in TF)."""
        return sorted(self._slot_names) if self._slots else []

    def get_slot(self, var, name):
        """The slot `name` of `var`, or None."""
        entry = self._slots.get(id(var))
        if entry is None or entry[0] is not var or name not in self._slot_names:
            return None
        return entry[1][self._slot_names.index(name)]

    def _get_non_slot_variable(self, name, graph=None):
        """A non-slot variable by name (None before the first step), as TF1's private helper."""
        return (self._non_slot or {}).get(name)

    def variables(self):
        """The slots and non-slot variables made so far, sorted by name (as TF1 lists them)."""
        found = self._non_slot_variables + [s for _, slots in self._slots.values() for s in slots]
        return sorted(found, key=_name)

    # -- checks (TF's errors, before anything changes) -----------------------------------------
    def _not_a_variable(self, v):
        if isinstance(v, Tensor):
            if self._slot_names or type(self)._non_slot_initial is not Optimizer._non_slot_initial:
                return AttributeError("Tensor.name is meaningless when eager execution is "
                                      "enabled.")
            return NotImplementedError("Trying to update a Tensor ", v)
        return AttributeError(f"'{type(v).__name__}' object has no attribute 'handle'")

    def _no_kernel(self, v):
        return errors.invalid_argument(
            "No OpKernel was registered to support Op '%s' used by {{node %s}} with these "
            "attrs: [T=DT_%s]" % (self._op_name, self._op_name, kernel_type_name(v.dtype).upper()),
            self._op_name)

    def _dense_error(self, g, v):
        state = v._snapshot._aval
        if g._aval.dtype != state.dtype:
            return errors.invalid_argument(
                "cannot compute %s as input #%d(zero-based) was expected to be a %s tensor but "
                "is a %s tensor" % (self._op_name, self._grad_index, kernel_type_name(v.dtype),
                                    kernel_type_name(g.dtype)), self._op_name)
        return errors.invalid_argument(
            "var and %s do not have the same shape%s %s" % (
                self._grad_word, errors.shape_text(state.shape),
                errors.shape_text(g._shape_tuple())), self._op_name)

    def _sparse_inputs(self, g, v):
        """The values and indices of an IndexedSlices gradient, checked as TF checks them."""
        values, indices = to_tensor(g.values, v.dtype), to_tensor(g.indices)
        shape, vshape, ishape = v._snapshot._aval.shape, values._aval.shape, indices._aval.shape
        scatter = self._sparse_op_name == "ResourceScatterAdd"
        op_name = self._sparse_op_name
        if indices.dtype not in (dtypes.int32, dtypes.int64):
            raise errors.invalid_argument(
                f"Value for attr 'Tindices' of {kernel_type_name(indices.dtype)} is not in the "
                "list of allowed values: int32, int64", op_name)
        if len(ishape) != 1:
            if not scatter or self._deduplicates:
                raise errors.invalid_argument("unique expects a 1D vector.", "Unique")
        elif not vshape or vshape[0] != ishape[0]:
            if self._deduplicates:
                raise errors.invalid_argument(
                    f"data.shape = {errors.shape_text(vshape)} does not start with "
                    f"segment_ids.shape = {errors.shape_text(ishape)}", "UnsortedSegmentSum")
            raise errors.invalid_argument(
                f"The shape of indices ({errors.shape_text(ishape)}) must be a prefix of the "
                f"shape of updates ({errors.shape_text(vshape)})", op_name)
        if scatter:
            if not shape or vshape != ishape + shape[1:]:
                raise errors.invalid_argument(
                    "Must have updates.shape = indices.shape + params.shape[1:] or updates.shape "
                    f"= [], got updates.shape {errors.shape_text(vshape)}, indices.shape "
                    f"{errors.shape_text(ishape)}, params.shape {errors.shape_text(shape)}",
                    op_name)
        else:
            if not shape:
                raise errors.invalid_argument("var must be at least 1 dimensional", op_name)
            for d in range(1, len(shape)):
                if d >= len(vshape) or vshape[d] != shape[d]:
                    raise errors.invalid_argument(f"var and grad must match in dimension {d}",
                                                  op_name)
        ids = graph.host_array(indices).reshape(-1)
        bad = np.flatnonzero((ids < 0) | (ids >= shape[0]))
        if bad.size:
            first = int(bad[0])
            if self._deduplicates:  # TF reports the position among the distinct indices
                first = len(dict.fromkeys(ids[:first].tolist()))
            message = (f"indices[{first}] = {ids[bad[0]]} is not in [0, {shape[0]})" if scatter
                       else f"Index {ids[bad[0]]} at offset {first} in indices is out of range")
            raise errors.invalid_argument(message, op_name)
        return values, indices

    @staticmethod
    def _check_global_step(step):
        if not isinstance(step, Variable):
            kind = _EAGER_TENSOR if isinstance(step, Tensor) else type(step).__name__
            raise AttributeError(f"'{kind}' object has no attribute 'assign_add'")
        if step._snapshot._aval.shape:
            raise errors.invalid_argument(
                f"Cannot update variable with shape {errors.shape_text(step._snapshot._aval.shape)} using a "
                "Tensor with shape [], shapes must be equal.", "AssignAddVariableOp")


def _name(variable):
    return variable.name


def _repeats(variables):
    """`(position, first position)` of each variable listed a second time."""
    first, found = {}, []
    for i, v in enumerate(variables):
        j = first.setdefault(id(v), i)
        if j != i:
            found.append((i, j))
    return tuple(found)
