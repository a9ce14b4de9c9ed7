"""`tfe.Network` (TF 1.5/1.6 `tf.contrib.eager`): a composition of layers registered with
`track_layer`, the ancestor of subclassed `tf.keras.Model`.

- Naming: a Network given no name is named after its class (`my_network`, `my_network_1`,
  unique at its first call, or per parent when tracked by another Network). Layers it tracks
  that were named automatically are renamed per Network (`dense`, `dense_1`, ...), so its
  variables are `my_network/dense/kernel:0` whatever layers exist elsewhere; explicit names
  are kept, and two tracked layers of one name raise.
- `layers` (tracking order), `variables`/`weights`, `trainable_weights`,
  `non_trainable_weights` (the layers', concatenated), `get_layer`, `trainable` (always True).
- `save(path, global_step=None, map_func=None)` writes a name-based checkpoint with the
  Network's own prefix stripped from each name (`dense/kernel`); `restore(path)` assigns the
  variables that exist and gives the others their values when they are created (deferred
  restore; later restores win), as do `tfe.save_network_checkpoint` /
  `restore_network_checkpoint` (TF 1.7's spelling).

Differences from TensorFlow: an automatically named Keras layer is recognised by its name
(the class's snake-case name, optionally `_N`); Networks are not checked against enclosing
`tf.variable_scope`s.
"""
import itertools
import os
import re
import weakref

from .. import variable_scope as vs
from ..checkpoint import saver as saver_lib
from ..keras import backend
from ..keras.engine import base_layer
from ..ops.registry import EXPORTS, export
from ..variables import ON_CREATE

_RESTORE_ORDER = itertools.count()  # deferred restores apply newest first, at any level

def _shared_name(variable):
    return variable.name[:-2] if variable.name.endswith(":0") else variable.name


def _unique(base, counts, avoid):
    """`base`, `base_1`, ... by `counts[base]`, skipping names in `avoid` (zero-based)."""
    while True:
        number = counts.get(base, 0)
        counts[base] = number + 1
        name = base if number == 0 else f"{base}_{number}"
        if name not in avoid:
            return name


def _auto_named(layer):
    """(whether `layer` got a made-up unique name, the name it was made from): TF's test
    `_name != _base_name` for `tf.layers`; a Keras layer's name is matched against its
    class's snake-case name."""
    base = getattr(layer, "_base_name", None)
    if base is not None:
        return layer._name != base, base
    base = base_layer.to_snake_case(type(layer).__name__)
    return re.fullmatch(re.escape(base) + r"(_\d+)?", layer._name) is not None, base


@export("contrib.eager.Network")
class Network(base_layer.Layer):
    """Represents the composition of a set of Layers (subclass it: `__init__` tracking its
    layers with `track_layer`, and `call`)."""

    def __init__(self, name=None):
        if isinstance(name, vs.VariableScope):
            raise ValueError("VariableScopes are not valid Network names.")
        if name is not None and "/" in name:
            raise ValueError("Forward slashes ('/') are not allowed in Network names.")
        super().__init__(name=name or "network")
        for attr, value in (("_name", name or None), ("_layers", []), ("_sub_names", {}),
                            ("_owned_layers", {}), ("_first_parent", None), ("_scope", None),
                            ("_restorations", [])):
            object.__setattr__(self, attr, value)

    # -- naming --------------------------------------------------------------------------------
    @property
    def name(self):
        if self._name is None:
            raise ValueError("The network does not yet have a final name, but a name was "
                             "requested for it. Networks get a name when they are added to "
                             "another Network via track_layer, or when they are first "
                             "called/built.")
        return self._name

    def _finalize_name(self, parent):
        if self._name is None:
            base = base_layer.to_snake_case(type(self).__name__)
            name = (_unique(base, parent._sub_names, parent._owned_layers) if parent
                    else backend.unique_object_name(base))
            object.__setattr__(self, "_name", name)
        if self._first_parent is None and parent is not None:
            object.__setattr__(self, "_first_parent", weakref.ref(parent))

    def _parent(self):
        return self._first_parent() if self._first_parent is not None else None

    def _set_scope(self):
        """Open (once) the variable scope `<parent scope>/<name>`; a clash raises."""
        if self._scope is not None:
            return
        parent = self._parent()
        self._finalize_name(parent)
        if parent is not None:
            parent._set_scope()
        if parent is None:
            with vs.variable_scope(None, default_name=self._name,
                                   auxiliary_name_scope=False) as scope:
                pass
        else:  # unique among the parent's layers already (track_layer)
            with vs.variable_scope(parent._scope, auxiliary_name_scope=False):
                with vs.variable_scope(None, default_name=self._name,
                                       auxiliary_name_scope=False) as scope:
                    pass
        if scope.name.rpartition("/")[2] != self._name:
            raise ValueError(f"A Network named '{self._name}' already exists (or a "
                             f"variable_scope was created with this name). Names must be "
                             f"unique.")
        object.__setattr__(self, "_scope", scope)
        for layer in self._layers:  # tf.layers layers take their variable scope from ours
            if not layer.built and getattr(layer, "_variable_scope", 1) is None:
                with vs.variable_scope(scope, auxiliary_name_scope=False):
                    with vs.variable_scope(None, default_name=layer.name,
                                           auxiliary_name_scope=False) as sub:
                        object.__setattr__(layer, "_variable_scope", sub)

    @property
    def scope_name(self):
        self._set_scope()
        return self._scope.name

    # -- layers --------------------------------------------------------------------------------
    def track_layer(self, layer):
        """Register `layer` (a Layer used in `call`) with this Network; returns it."""
        if "_layers" not in self.__dict__:
            raise RuntimeError("Need to call Network.__init__ before adding layers")
        if not isinstance(layer, base_layer.Layer):
            raise TypeError("Network.track_layer() passed type %s, not a tf.layers.Layer"
                            % (type(layer),))
        if isinstance(layer, Network):
            layer._finalize_name(self)
        elif not layer.built and not hasattr(layer, "_network_parent"):
            auto, base = _auto_named(layer)
            if auto:
                object.__setattr__(layer, "_name", _unique(base, self._sub_names,
                                                           self._owned_layers))
            object.__setattr__(layer, "_network_parent", weakref.ref(self))
        owner = getattr(layer, "_first_parent", None) or getattr(layer, "_network_parent", None)
        if not layer.built and owner is not None and owner() is self:
            known = self._owned_layers.get(layer.name)
            if known is layer:
                return layer
            if known is not None:
                raise ValueError("Attempt to add two Layers with the name '%s' to the same "
                                 "Network." % layer.name)
            self._owned_layers[layer.name] = layer
        self._layers.append(layer)
        base_layer._changed()
        return layer

    def _sublayers(self):
        return list(self._layers)

    @property
    def layers(self):
        return self._layers

    def get_layer(self, name=None, index=None):
        """A tracked layer by name (the first of that name) or by tracking index."""
        if index is not None:
            if name is not None:
                raise ValueError("Exactly one of 'index' or 'name' must be provided")
            if len(self._layers) <= index:
                raise ValueError("Was asked to retrieve layer at index " + str(index) +
                                 " but model only has " + str(len(self._layers)) + " layers.")
            return self._layers[index]
        if not name:
            raise ValueError("Provide either a layer name or layer index.")
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError("No such layer: " + name)

    @property
    def weights(self):
        return [w for layer in self._layers for w in layer.weights]

    @property
    def trainable_weights(self):
        return [w for layer in self._layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self):
        return [w for layer in self._layers for w in layer.non_trainable_weights]

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self):
        return True

    @trainable.setter
    def trainable(self, value):
        if not value:
            raise AttributeError("cannot mark Network as not trainable")

    def add_variable(self, name, shape, dtype=None, initializer=None, regularizer=None,
                     trainable=True, constraint=None):
        raise RuntimeError("add_variable not supported in Network class yet. Please file an "
                           "issue at https://github.com/tensorflow/tensorflow/issues/new if "
                           "this is important to you")

    add_weight = add_variable

    # -- calling -------------------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        self._set_scope()
        restorations = [] if self.built else self._pending_restorations()
        if restorations:
            ON_CREATE.append(lambda variable: _restore_created(variable, restorations))
        try:
            with vs.variable_scope(self._scope, auxiliary_name_scope=False):
                return super().__call__(inputs, *args, **kwargs)
        finally:
            if restorations:
                ON_CREATE.pop()

    def _pending_restorations(self):
        """Deferred restores waiting in this Network and the Networks above it."""
        found, network = [], self
        while network is not None:
            found += network._restorations
            network = network._parent()
        return sorted(found, key=lambda restoration: restoration[0])

    # -- checkpoints ---------------------------------------------------------------------------
    def _strip_variable_prefix(self, name):
        prefix = self.scope_name + "/"
        return name[len(prefix):] if name.startswith(prefix) else name

    def _variable_map(self, map_func, what):
        mapping = {}
        for variable in self.variables:
            name = map_func(_shared_name(variable))
            first = mapping.setdefault(name, variable)
            if first is not variable:
                raise ValueError(
                    f"The default checkpoint variable name mapping strategy for Network "
                    f"'{self.name}' resulted in a naming conflict. We attempted to strip off "
                    f"the variable prefix for the Network ('{self.scope_name}'), but this "
                    f"resulted in two variables named '{name}' (originally "
                    f"'{_shared_name(first)}' and '{_shared_name(variable)}')."
                    if what is None else
                    f"The map_func passed to {what} for the Network '{self.name}' resulted "
                    f"in two variables named '{name}' ('{_shared_name(first)}' and "
                    f"'{_shared_name(variable)}').")
        return mapping

    def save(self, save_path, global_step=None, map_func=None):
        """Write the Network's variables to a name-based checkpoint (a directory gets one
        named after the Network); returns its prefix."""
        if not self.built:
            raise ValueError("Attempt to save the Network before it was first called. This "
                             "means variables have not yet been created, so there is nothing "
                             "to save.")
        self._set_scope()
        if global_step is None:
            global_step = EXPORTS["train.get_global_step"]()
        save_path = os.fspath(save_path)
        if os.path.isdir(save_path):
            save_path = os.path.join(save_path, self.name)
        mapping = self._variable_map(map_func or self._strip_variable_prefix,
                                     None if map_func is None else "Network.save")
        return saver_lib.Saver(mapping).save(None, save_path, global_step=global_step,
                                             write_meta_graph=False)

    def restore(self, save_path, map_func=None):
        """Assign the checkpoint's values to the Network's variables; those not created yet
        get theirs when they are."""
        self._set_scope()
        save_path = os.fspath(save_path)
        if os.path.isdir(save_path):
            save_path = os.path.join(save_path, self.name)
        user_map = map_func
        map_func = map_func or self._strip_variable_prefix
        existing = self._variable_map(map_func, None if user_map is None else
                                      "Network.restore")
        if existing:
            saver_lib.Saver(existing).restore(None, save_path)
        reader = saver_lib.CheckpointReader(save_path)
        waiting = {name: reader.get_tensor(name) for name in
                   reader.get_variable_to_shape_map() if name not in existing}
        if waiting:
            self._restorations.append((next(_RESTORE_ORDER), map_func, waiting, {}))


def _restore_created(variable, restorations):
    """Give a new variable its value from the newest deferred restore that has it."""
    name = _shared_name(variable)
    for _, map_func, values, restored in reversed(restorations):
        key = map_func(name)
        if key in values:
            if restored.setdefault(key, variable) is not variable:
                raise ValueError(f"Two variables were restored from the checkpoint value "
                                 f"'{key}': '{_shared_name(restored[key])}' and '{name}'.")
            if values[key] is not None:
                variable.assign(values[key])
                values[key] = None
            return


@export("contrib.eager.save_network_checkpoint")
def save_network_checkpoint(network, save_path, global_step=None, map_func=None):
    """`network.save(...)` (TF 1.7's function form)."""
    return network.save(save_path, global_step=global_step, map_func=map_func)


@export("contrib.eager.restore_network_checkpoint")
def restore_network_checkpoint(network, save_path, map_func=None):
    """`network.restore(...)` (TF 1.7's function form)."""
    network.restore(save_path, map_func=map_func)

