"""Keras model persistence as TF 1.15 has it (Keras 2.2.4-tf's HDF5 layout and model configs).

- Weights in HDF5 (`save_weights('w.h5')`): the root's attributes `layer_names`, `backend`
  (`tensorflow`) and `keras_version` (`2.2.4-tf`); a group per layer whose attribute
  `weight_names` lists its weights (trainable ones first) and whose datasets hold them under
  those names (`dense/kernel:0`, nested groups in HDF5). Loading matches layers with weights
  in order, or by name (`by_name=True`, optionally skipping mismatches).
- Whole models (`model.save('m.h5')`, `tf.keras.models.load_model`): the attributes
  `model_config` (JSON: `{"class_name": ..., "config": ...}`) and `training_config`, the
  weights in the group `model_weights`, the optimizer's state in `optimizer_weights`.
- Configs: a functional model lists its layers with their `inbound_nodes`
  (`[[layer name, node index, tensor index, call kwargs], ...]`) and its `input_layers` /
  `output_layers`; a Sequential lists its layers. Files written by later tf-keras versions
  (class `Functional`, an InputLayer first in a Sequential, extra keys) load as well.

h5py is an extra (`pip install tfeager_compat[h5]`); without it the HDF5 paths raise TF's
ImportError, naming the extra. Every value a load assigns is checked (count, shape, dtype)
before any variable changes, so a failed load changes nothing.
Differences from TensorFlow: Keras 1 and Theano-era files (converted by TF on load) and the
SavedModel format (`save_format='tf'` for whole models) are not supported; by-name loading
always runs the shape checks, so `skip_mismatch` applies to them as in later TF versions.
"""
import json
import logging
import os

import numpy as np

from ...framework import errors
from ...framework.tensor_shape import Dimension, TensorShape
from ...ops.registry import EXPORTS, export
from .. import __version__ as keras_version
from . import functional
from .input_layer import InputLayer

_log = logging.getLogger("tensorflow")
HDF5_OBJECT_HEADER_LIMIT = 64512
_HDF5_SUFFIXES = (".h5", ".keras", ".hdf5")
# Keys later tf-keras versions write into InputLayer configs, which TF 1.15 does not take.
_LATER_INPUT_KEYS = ("ragged", "optional")


def h5py_module(message):
    """h5py, or TF's ImportError `message` naming the extra that installs it."""
    try:
        import h5py
    except ImportError:
        raise ImportError(message + " Install it with `pip install tfeager_compat[h5]`.") \
            from None
    return h5py


def is_hdf5_filepath(filepath):
    return os.fspath(filepath).endswith(_HDF5_SUFFIXES)


def ask_to_proceed_with_overwrite(filepath):
    """Keras' prompt before overwriting a file: True for `y`."""
    overwrite = input("[WARNING] %s already exists - overwrite? [y/n]" % filepath).strip()
    while overwrite.lower() not in ("y", "n"):
        overwrite = input('Enter "y" (overwrite) or "n" (cancel).').strip()
    if overwrite.lower() == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True


def get_json_type(obj):
    """TF's `serialization.get_json_type`: how `json.dumps` writes non-JSON values."""
    if hasattr(obj, "get_config"):
        return {"class_name": type(obj).__name__, "config": obj.get_config()}
    if type(obj).__module__ == np.__name__:
        return obj.tolist() if isinstance(obj, np.ndarray) else obj.item()
    if callable(obj):
        return obj.__name__
    if isinstance(obj, Dimension):
        return obj.value
    if isinstance(obj, TensorShape):
        return obj.as_list()
    if isinstance(obj, dict):
        return dict(obj)
    raise TypeError("Not JSON Serializable:", obj)


# ---- attributes and weights in HDF5 groups ----------------------------------------------------
def _text(value):
    return value.decode("utf8") if isinstance(value, (bytes, np.bytes_)) else str(value)


def save_attributes(group, name, data):
    """Store the list `data` as the attribute `name`, split into `name0`, `name1`, ... when it
    is larger than HDF5's object-header limit (as Keras does)."""
    bad = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    if bad:
        raise RuntimeError("The following attributes cannot be saved to HDF5 file because "
                           "they are larger than %d bytes: %s" % (
                               HDF5_OBJECT_HEADER_LIMIT, ", ".join(map(_text, bad))))
    array = np.asarray(data)
    chunks = 1
    while any(part.nbytes > HDF5_OBJECT_HEADER_LIMIT
              for part in np.array_split(array, chunks)):
        chunks += 1
    if chunks > 1:
        for i, part in enumerate(np.array_split(array, chunks)):
            group.attrs["%s%d" % (name, i)] = part
    else:
        group.attrs[name] = array


def load_attributes(group, name):
    """The list `save_attributes` stored (chunked or not), as str."""
    if name in group.attrs:
        return [_text(n) for n in group.attrs[name]]
    data, i = [], 0
    while "%s%d" % (name, i) in group.attrs:
        data.extend(_text(n) for n in group.attrs["%s%d" % (name, i)])
        i += 1
    return data


def legacy_weights(layer):
    """The order weights are stored in: trainable ones, then the others."""
    return layer.trainable_weights + layer.non_trainable_weights


def _write_values(group, names, values):
    for name, value in zip(names, values):
        group.create_dataset(name, data=value)


def save_weights_to_hdf5_group(f, layers):
    """Write `layers`' weights into the HDF5 group `f` in Keras' layout."""
    save_attributes(f, "layer_names", [layer.name.encode("utf8") for layer in layers])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = keras_version.encode("utf8")
    for layer in layers:
        group = f.create_group(layer.name)
        weights = legacy_weights(layer)
        names = [w.name.encode("utf8") for w in weights]
        save_attributes(group, "weight_names", names)
        _write_values(group, names, [w.numpy() for w in weights])


def _stored_values(group):
    return [np.asarray(group[name]) for name in load_attributes(group, "weight_names")]


def assign_values(pairs):
    """Assign each `(variable, value)`, after checking every one (shape and dtype)."""
    checked = []
    for variable, value in pairs:
        value = np.asarray(value)
        if tuple(variable.shape.as_list()) != value.shape:
            raise ValueError(
                f"Cannot assign value to variable ' {variable.name}': Shape mismatch.The "
                f"variable shape {variable.shape}, and the assigned value shape "
                f"{TensorShape(value.shape)} are incompatible.")
        checked.append((variable, value.astype(variable.dtype.as_numpy_dtype, copy=False)))
    for variable, value in checked:
        variable.assign(value)


def load_weights_from_hdf5_group(f, layers):
    """Topological loading: the file's layers with weights, in order, into `layers`'."""
    filtered = [layer for layer in layers if legacy_weights(layer)]
    names = [name for name in load_attributes(f, "layer_names")
             if load_attributes(f[name], "weight_names")]
    if len(names) != len(filtered):
        raise ValueError(f"You are trying to load a weight file containing {len(names)} "
                         f"layers into a model with {len(filtered)} layers.")
    pairs = []
    for k, (name, layer) in enumerate(zip(names, filtered)):
        weights, values = legacy_weights(layer), _stored_values(f[name])
        if len(values) != len(weights):
            raise ValueError(
                f'Layer #{k} (named "{layer.name}" in the current model) was found to '
                f"correspond to layer {name} in the save file. However the new layer "
                f"{layer.name} expects {len(weights)} weights, but the saved weights have "
                f"{len(values)} elements.")
        pairs += zip(weights, values)
    assign_values(pairs)


def load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False):
    """Name-based loading: each saved layer into the layers of that name; others skipped."""
    index = {}
    for layer in layers:
        index.setdefault(layer.name, []).append(layer)
    pairs = []
    for k, name in enumerate(load_attributes(f, "layer_names")):
        values = _stored_values(f[name])
        for layer in index.get(name, []):
            weights = legacy_weights(layer)
            if len(values) != len(weights):
                if skip_mismatch:
                    _log.warning("Skipping loading of weights for layer %s due to mismatch "
                                 "in number of weights (%d vs %d).", layer.name,
                                 len(weights), len(values))
                    continue
                raise ValueError(f'Layer #{k} (named "{layer.name}") expects {len(weights)} '
                                 f"weight(s), but the saved weights have {len(values)} "
                                 f"element(s).")
            for weight, value in zip(weights, values):
                shape = tuple(weight.shape.as_list())
                if shape != value.shape:
                    if skip_mismatch:
                        _log.warning("Skipping loading of weights for layer %s due to "
                                     "mismatch in shape (%s vs %s).", layer.name,
                                     weight.shape, value.shape)
                        continue
                    raise ValueError(f'Layer #{k} (named "{layer.name}"), weight {weight!s} '
                                     f"has shape {shape}, but the saved weight has shape "
                                     f"{value.shape}.")
                pairs.append((weight, value))
    assign_values(pairs)


# ---- Model.save_weights / load_weights ---------------------------------------------------------
def _weights_format(filepath, save_format):
    is_h5 = is_hdf5_filepath(filepath)
    if save_format is None:
        return "h5" if is_h5 else "tf"
    user_format = save_format.lower().strip()
    if user_format in ("tensorflow", "tf"):
        if is_h5:
            raise ValueError(
                'save_weights got save_format="tf"/"tensorflow", but the filepath ("%s") '
                'looks like an HDF5 file. Omit the ".h5"/".keras" when saving in '
                "TensorFlow format." % filepath)
        return "tf"
    if user_format in ("hdf5", "h5", "keras"):
        return "h5"
    raise ValueError('Unknown format "%s". Was expecting one of {"tf", "h5"}.' % (save_format,))


def assert_weights_created(model):
    """TF's check that a model with its own `build` (a Sequential, a subclass) was built."""
    if model._network is None and "build" in type(model).__dict__ and not model.built:
        raise ValueError(f"Weights for model {model.name} have not yet been created. Weights "
                         f"are created when the Model is first called on inputs or `build()` "
                         f"is called with an `input_shape`.")


def save_weights(model, filepath, overwrite=True, save_format=None):
    """`Model.save_weights`: TF format (a checkpoint) unless the path or format says HDF5."""
    from ...checkpoint import checkpoint
    assert_weights_created(model)
    filepath = os.fspath(filepath)
    save_format = _weights_format(filepath, save_format)
    if save_format == "h5":
        h5py = h5py_module("`save_weights` requires h5py when saving in hdf5.")
    check = filepath + ".index" if save_format == "tf" else filepath
    if not overwrite and os.path.isfile(check) and not ask_to_proceed_with_overwrite(check):
        return
    if save_format == "tf":
        checkpoint.save_weights(model, filepath)
        return
    with h5py.File(filepath, "w") as f:
        save_weights_to_hdf5_group(f, model.layers)


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    """`Model.load_weights`: a TF-format checkpoint (returns its status) or an HDF5 file."""
    from ...checkpoint import checkpoint
    if skip_mismatch and not by_name:
        raise ValueError("When calling model.load_weights, skip_mismatch can only be set to "
                         "True when by_name is True.")
    filepath = os.fspath(filepath)
    if not is_hdf5_filepath(filepath) and not (
            os.path.isfile(filepath) and not os.path.exists(filepath + ".index")):
        status = checkpoint.load_weights(model, filepath)
        if by_name:
            raise NotImplementedError(
                "Weights may only be loaded based on topology into Models when loading "
                "TensorFlow-formatted weights (got by_name=True to load_weights).")
        status.assert_nontrivial_match()
        return status
    h5py = h5py_module("`load_weights` requires h5py when loading weights from HDF5.")
    assert_weights_created(model)
    with h5py.File(filepath, "r") as f:
        if "layer_names" not in f.attrs and "model_weights" in f:
            f = f["model_weights"]
        if by_name:
            load_weights_from_hdf5_group_by_name(f, model.layers, skip_mismatch)
        else:
            load_weights_from_hdf5_group(f, model.layers)
    return None


# ---- layer and model configs ------------------------------------------------------------------
def _layer_classes():
    from .training import Model
    from .sequential import Sequential
    classes = {name[len("keras.layers."):]: obj for name, obj in EXPORTS.items()
               if name.startswith("keras.layers.") and isinstance(obj, type)}
    classes.update(Model=Model, Functional=Model, Network=Model, Sequential=Sequential)
    return classes


@export("keras.layers.serialize")
def serialize(layer):
    """`{"class_name": ..., "config": layer.get_config()}`."""
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


@export("keras.layers.deserialize")
def deserialize(config, custom_objects=None):
    """The layer (or model) a `serialize` dict describes; `custom_objects` adds classes."""
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise ValueError("Improper config format: " + str(config))
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _layer_classes().get(name)
    if cls is None:
        raise ValueError("Unknown layer: " + name)
    layer_config = config["config"]
    if cls is InputLayer:
        layer_config = {k: v for k, v in layer_config.items() if k not in _LATER_INPUT_KEYS}
    if issubclass(cls, _layer_classes()["Model"]):  # a model: its layers may be custom too
        return cls.from_config(layer_config, custom_objects=custom_objects)
    return cls.from_config(layer_config)


def _node_kwargs(node):
    try:
        json.dumps(node.kwargs)
    except TypeError:
        _log.warning("Layer %s was passed non-serializable keyword arguments: %s. They "
                     "will not be included in the serialized model (and thus will be "
                     "missing at deserialization time).", node.layer.name, node.kwargs)
        return {}
    return dict(node.kwargs)


def network_config(model):
    """A functional model's config: its layers with their inbound nodes, its input and
    output layers (TF 1.15's `get_network_config`)."""
    network = model._network
    kept_index = {}  # id(node) -> its index among the layer's nodes in this model
    for layer in network.layers:
        kept = [n for n in functional._inbound_nodes(layer) if id(n) in network.node_ids]
        for i, node in enumerate(kept):
            kept_index[id(node)] = i

    def where(tensor):
        layer, node_index, tensor_index = tensor._keras_history
        node = functional._inbound_nodes(layer)[node_index]
        return [layer.name, kept_index.get(id(node), 0), tensor_index]

    layers = []
    for layer in network.layers:
        inbound = []
        for node in functional._inbound_nodes(layer):
            if id(node) in network.node_ids and node.input_tensors:
                kwargs = _node_kwargs(node)
                inbound.append([where(t) + [kwargs] for t in node.input_tensors])
        layers.append({"name": layer.name, "class_name": type(layer).__name__,
                       "config": layer.get_config(), "inbound_nodes": inbound})
    return {"name": model.name, "layers": layers,
            "input_layers": [where(t) for t in network.inputs],
            "output_layers": [where(t) for t in network.outputs]}


def _one_or_list(items):
    return items[0] if len(items) == 1 else items


def functional_from_config(cls, config, custom_objects=None, make_layer=None):
    """Rebuild a functional model: create each layer, then call it on its inbound nodes'
    tensors in order (a node waits until the layers feeding it have their nodes)."""
    make_layer = make_layer or (lambda data: deserialize(data, custom_objects))
    created, waiting = {}, []
    for data in config["layers"]:
        layer = make_layer(data)
        created[data["name"]] = layer
        if isinstance(layer, InputLayer):
            functional.input_tensor_of(layer)
        waiting.append((layer, list(data["inbound_nodes"])))

    def tensor(name, node_index, tensor_index):
        nodes = functional._inbound_nodes(created[name])
        if node_index >= len(nodes):
            return None
        return nodes[node_index].output_tensors[tensor_index]

    while any(nodes for _, nodes in waiting):
        progressed = False
        for layer, nodes in waiting:
            while nodes:
                inputs = [tensor(*entry[:3]) for entry in nodes[0]]
                if any(t is None for t in inputs):
                    break
                kwargs = nodes[0][0][3] if len(nodes[0][0]) > 3 else {}
                layer(_one_or_list(inputs), **(kwargs or {}))
                nodes.pop(0)
                progressed = True
        if not progressed:
            raise ValueError("Layers could not be added due to missing dependencies.")
    inputs = [tensor(*entry) for entry in config["input_layers"]]
    outputs = [tensor(*entry) for entry in config["output_layers"]]
    return cls(inputs=_one_or_list(inputs), outputs=_one_or_list(outputs),
               name=config.get("name"))


def sequential_from_config(cls, config, custom_objects=None, make_layer=None):
    """Rebuild a Sequential from its config (a dict with `layers`, or Keras 1's bare list)."""
    make_layer = make_layer or (lambda data: deserialize(data, custom_objects))
    if isinstance(config, dict):
        name, build_shape, layers = (config.get("name"), config.get("build_input_shape"),
                                     config["layers"])
    else:
        name, build_shape, layers = None, None, config
    model = cls(name=name)
    for data in layers:
        model.add(make_layer(data))
    if not model.built and build_shape:
        model.build(build_shape)
    return model


def model_from_config_of(cls, config, custom_objects=None):
    """`cls.from_config(config)` for a Model class (functional or Sequential)."""
    from .sequential import Sequential
    if issubclass(cls, Sequential):
        return sequential_from_config(cls, config, custom_objects)
    if not isinstance(config, dict) or "layers" not in config:
        return cls(**config)
    return functional_from_config(cls, config, custom_objects)


@export("keras.models.model_from_config")
def model_from_config(config, custom_objects=None):
    """The model a `{"class_name": ..., "config": ...}` dict describes."""
    if isinstance(config, list):
        raise TypeError("`model_from_config` expects a dictionary, not a list. Maybe you "
                        "meant to use `Sequential.from_config(config)`?")
    return deserialize(config, custom_objects)


@export("keras.models.model_from_json")
def model_from_json(json_string, custom_objects=None):
    """The model `Model.to_json()` described (its weights freshly initialized)."""
    return deserialize(json.loads(json_string), custom_objects)


def to_json(model, **kwargs):
    """`Model.to_json()`: the class, config, Keras version and backend as JSON."""
    return json.dumps({"class_name": type(model).__name__, "config": model.get_config(),
                       "keras_version": keras_version, "backend": "tensorflow"},
                      default=get_json_type, **kwargs)


# ---- whole models -----------------------------------------------------------------------------
def _training_config(model):
    from ...training.optimizer import Optimizer
    from ..optimizer_v2.optimizer_v2 import OptimizerV2
    compiled = model._compiled
    if compiled is None:
        return None
    optimizer = compiled.optimizer
    if isinstance(optimizer, Optimizer) and not isinstance(optimizer, OptimizerV2):
        _log.warning("TensorFlow optimizers do not make it possible to access optimizer "
                     "attributes or optimizer state after instantiation. As a result, we "
                     "cannot save the optimizer as part of the model save file. You will "
                     "have to compile your model again after loading it. Prefer using a "
                     "Keras optimizer instead (see keras.io/optimizers).")
        return None
    return {"optimizer_config": {"class_name": type(optimizer).__name__,
                                 "config": optimizer.get_config()},
            "loss": compiled.loss_spec, "metrics": compiled.metrics_spec,
            "weighted_metrics": compiled.weighted_spec, "sample_weight_mode": None,
            "loss_weights": compiled.loss_weights_spec}


def _dumps(value):
    return json.dumps(value, default=get_json_type).encode("utf8")


@export("keras.models.save_model")
def save_model(model, filepath, overwrite=True, include_optimizer=True, save_format=None,
               signatures=None):
    """Write the model's config, weights and optimizer state to an HDF5 file (TF 1.15's
    default format for `model.save`)."""
    from .sequential import Sequential
    filepath = os.fspath(filepath)
    if save_format is not None and save_format.lower().strip() in ("tf", "tensorflow"):
        raise errors.unsupported("tf.keras.Model.save(save_format='tf') (SavedModel)")
    if model._network is None and not isinstance(model, Sequential):
        raise NotImplementedError(
            "Saving the model to HDF5 format requires the model to be a Functional model or "
            "a Sequential model. It does not work for subclassed models, because such models "
            "are defined via the body of a Python method, which isn't safely serializable. "
            'Consider saving to the Tensorflow SavedModel format (by setting save_format="tf")'
            " or using `save_weights`.")
    h5py = h5py_module("`save_model` requires h5py.")
    if not overwrite and os.path.isfile(filepath) and \
            not ask_to_proceed_with_overwrite(filepath):
        return
    config = {"class_name": type(model).__name__, "config": model.get_config()}
    training = _training_config(model) if include_optimizer else None
    with h5py.File(filepath, "w") as f:
        f.attrs["keras_version"] = keras_version
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = _dumps(config)
        if training is not None:
            f.attrs["training_config"] = _dumps(training)
        save_weights_to_hdf5_group(f.create_group("model_weights"), model.layers)
        weights = model.optimizer.weights if training is not None else []
        if weights:
            group = f.create_group("optimizer_weights")
            names = [w.name.encode("utf8") for w in weights]
            save_attributes(group, "weight_names", names)
            _write_values(group, names, [w.numpy() for w in weights])


def _compile_args(training_config, custom_objects):
    from .. import optimizers
    custom_objects = custom_objects or {}

    def resolve(value):
        if isinstance(value, str):
            return custom_objects.get(value, value)
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict) and "class_name" not in value:
            return {k: resolve(v) for k, v in value.items()}
        return value
    loss = training_config["loss"]
    if isinstance(loss, dict) and "class_name" in loss:
        loss = EXPORTS["keras.losses.get"](loss)
    return dict(optimizer=optimizers.deserialize(training_config["optimizer_config"],
                                                 custom_objects=custom_objects),
                loss=resolve(loss), metrics=resolve(training_config.get("metrics")),
                weighted_metrics=resolve(training_config.get("weighted_metrics")),
                loss_weights=training_config.get("loss_weights"))


@export("keras.models.load_model")
def load_model(filepath, custom_objects=None, compile=True):  # noqa: A002 (TF's name)
    """The model `save_model` wrote, with its weights, compiled with its optimizer state
    when it was saved compiled."""
    h5py = h5py_module("`load_model` requires h5py.")
    filepath = os.fspath(filepath)
    if not os.path.isfile(filepath) or not h5py.is_hdf5(filepath):
        if os.path.exists(filepath + ".index") or os.path.isdir(filepath):
            raise errors.unsupported("tf.keras.models.load_model of a SavedModel or "
                                     "checkpoint")
        raise OSError(f"Unable to open file (unable to open file: name = '{filepath}', "
                      f"errno = 2, error message = 'No such file or directory', flags = 0, "
                      f"o_flags = 0)")
    with h5py.File(filepath, "r") as f:
        config = f.attrs.get("model_config")
        if config is None:
            raise ValueError("No model found in config file.")
        model = deserialize(json.loads(_text(config)), custom_objects)
        load_weights_from_hdf5_group(f["model_weights"], model.layers)
        if not compile:
            return model
        training = f.attrs.get("training_config")
        if training is None:
            _log.warning("No training configuration found in save file: the model was *not* "
                         "compiled. Compile it manually.")
            return model
        model.compile(**_compile_args(json.loads(_text(training)), custom_objects))
        if "optimizer_weights" in f:
            _load_optimizer_weights(model, f["optimizer_weights"])
    return model


def _load_optimizer_weights(model, group):
    if model._network is None and model.__dict__.get("_input_layer") is None:
        _log.warning("Sequential models without an `input_shape` passed to the first layer "
                     "cannot reload their optimizer state. As a result, your model "
                     "isstarting with a freshly initialized optimizer.")
        return
    optimizer = model.optimizer
    optimizer.iterations  # noqa: B018  (created now, as TF's train function does)
    optimizer._create_slots(model.trainable_weights)
    values = _stored_values(group)
    try:
        if len(values) != len(optimizer.weights):
            raise ValueError("optimizer weight count mismatch")
        assign_values(zip(optimizer.weights, values))
    except ValueError:
        _log.warning("Error in loading the saved optimizer state. As a result, your model is "
                     "starting with a freshly initialized optimizer.")


# ---- clone_model ------------------------------------------------------------------------------
@export("keras.models.clone_model")
def clone_model(model, input_tensors=None, clone_function=None):
    """A new functional or Sequential model of the same structure, with new layers made by
    `clone_function` (by default: `layer.__class__.from_config(layer.get_config())`) and new
    weights."""
    from .sequential import Sequential
    if input_tensors is not None:
        raise errors.unsupported("tf.keras.models.clone_model(input_tensors=...)")
    if model._network is None and not isinstance(model, Sequential):
        raise ValueError("Expected `model` argument to be a functional `Model` instance, but "
                         "got a subclass model instead.")
    clone = clone_function or (lambda layer: type(layer).from_config(layer.get_config()))
    layers = {layer.name: layer for layer in model.layers}
    if isinstance(model, Sequential):
        input_layer = model.__dict__.get("_input_layer")
        new = Sequential(name=model.name)
        first = model.layers[0] if model.layers else None
        if input_layer is not None and not hasattr(first, "_batch_input_shape"):
            new.add(InputLayer(**input_layer.get_config()))  # an InputLayer added first
        for layer in model.layers:
            new.add(layer if isinstance(layer, InputLayer) else clone(layer))
        return new

    def make_layer(data):
        layer = layers[data["name"]]
        if isinstance(layer, InputLayer):
            return InputLayer(**layer.get_config())
        return clone(layer)
    return functional_from_config(type(model), network_config(model), make_layer=make_layer)

