"""The object-graph dependencies of the shim's own classes, under TF's names.

- A Keras layer or model: the weights it made with `add_weight`, by the name given there
  (`kernel`, `bias`), then its tracked attributes by attribute name (`dense1`, `v`); lists,
  tuples and dicts are nodes of their own whose children are named by index or key.
- `Sequential`: `layer_with_weights-N` for the N-th layer holding weights, and `layer-N`.
- A `tf.train` optimizer: its non-slot variables by name (`beta1_power`), and each slot as a
  slot variable of the variable it belongs to (`m`, `v`).
"""
from ..keras.engine.base_layer import Layer
from ..keras.engine.sequential import Sequential
from ..training.optimizer import Optimizer
from ..variables import Variable
from . import tracking


def _trackable(value):
    return isinstance(value, (Layer, Variable, Optimizer, list, tuple, dict)) or hasattr(
        type(value), "_checkpoint_dependencies")


def _layer(layer):
    out = list(tracking.NAMED.get(layer, {}).items())
    for name, value in layer.__dict__.get("_tracked", {}).items():
        out.append((name, value))
    known = {id(value) for _, value in out}
    for weight in layer.__dict__.get("_trainable_weights", []) + \
            layer.__dict__.get("_non_trainable_weights", []):
        if id(weight) not in known:  # made some other way: named as its variable
            out.append((weight.name.rpartition(":")[0].rpartition("/")[2], weight))
    return out


def _sequential(model):
    out, with_weights = [], 0
    for i, layer in enumerate(model._stack):
        if layer.weights:
            out.append((f"layer_with_weights-{with_weights}", layer))
            with_weights += 1
        out.append((f"layer-{i}", layer))
    return out + _layer(model)


def _sequence(items):
    return [(str(i), item) for i, item in enumerate(items) if _trackable(item)]


def _mapping(items):
    return [(str(key), item) for key, item in items.items() if _trackable(item)]


def _optimizer(optimizer):
    return list((optimizer._non_slot or {}).items())


def _optimizer_slots(optimizer):
    return [(variable, name, slot) for variable, made in optimizer._slots.values()
            for name, slot in zip(optimizer._slot_names, made)]


def _make_slot(optimizer, variable, slot_name):
    if slot_name not in optimizer._slot_names:
        return None
    return optimizer._slots_for(variable)[optimizer._slot_names.index(slot_name)]


def _prepare_optimizer(optimizer):
    """Create the non-slot variables a restore assigns (TF1 makes them at the first step)."""
    if optimizer._non_slot is None:
        initial = optimizer._non_slot_initial(optimizer._hyper())
        optimizer._non_slot = {key: Variable(value, trainable=False, name=key)
                               for key, value in initial.items()}
        optimizer._non_slot_variables = list(optimizer._non_slot.values())


tracking.register(Layer, _layer)
tracking.register(Sequential, _sequential)
tracking.register(list, _sequence)
tracking.register(tuple, _sequence)
tracking.register(dict, _mapping)
tracking.register(Optimizer, _optimizer, _optimizer_slots, _make_slot, _prepare_optimizer)
