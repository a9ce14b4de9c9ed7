"""The functional API as TF 1.15 has it: `tf.keras.Input`, layers called on symbolic
tensors, `tf.keras.Model(inputs, outputs)` with several inputs and outputs, shared layers and
nested models.

A symbolic tensor (`KerasTensor`) carries a static shape (batch dimension None), a dtype and
where it came from: `(layer, node index, tensor index)`. Calling a layer on symbolic tensors
builds it as a first eager call would (under its own name scope, so variables are named
`dense/kernel:0` as in TF), by running it once on zeros; the output shapes come from that
run (a dimension that was None in the input is found by a second run with another size).
Each call appends a `Node` to the layer's `_inbound_nodes`. A graph model runs its nodes in
order on real tensors. Masks: a symbolic input's `_keras_mask` is given to the zeros as an
all-True mask, so the output tensors get the `_keras_mask` the layer would compute (the same
symbolic mask when the layer passes its input's on); at run time masks travel with the real
tensors (`base_layer.get_mask`).

Differences from TensorFlow: TF ops applied directly to symbolic tensors (`x + 1`,
`tf.concat([a, b], 1)`) are not supported (wrap them in `tf.keras.layers.Lambda`); a symbolic
tensor's name is `<layer>/Identity:0` (a new mask's `<layer>/Mask:0`) rather than TF's last
op name.
"""
import numpy as np

from ...framework import dtypes
from ...framework.convert import to_tensor
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from . import base_layer
from .input_layer import InputLayer


class KerasTensor:
    """A symbolic tensor of a functional model (what `tf.keras.Input` returns)."""

    def __init__(self, shape, dtype, history, name):
        self.shape = TensorShape(shape)
        self.dtype = dtypes.as_dtype(dtype)
        self._keras_history = history
        self.name = name

    def get_shape(self):
        return self.shape

    def __repr__(self):
        dims = ", ".join("?" if d is None else str(d) for d in self.shape.as_list())
        dims += "," if len(self.shape) == 1 else ""
        return f'<tf.Tensor \'{self.name}\' shape=({dims}) dtype={self.dtype.name}>'

    def __str__(self):
        dims = ", ".join("?" if d is None else str(d) for d in self.shape.as_list())
        dims += "," if len(self.shape) == 1 else ""
        return f'Tensor("{self.name}", shape=({dims}), dtype={self.dtype.name})'

    def __hash__(self):
        return id(self)

    def _unsupported(self, *args, **kwargs):
        raise TypeError("TF ops on symbolic Keras tensors are not supported by "
                        "tfeager_compat: wrap them in a tf.keras.layers.Lambda layer.")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _unsupported
    __truediv__ = __rtruediv__ = __neg__ = __getitem__ = __pow__ = _unsupported
    __matmul__ = _unsupported


class Node:
    """One call of `layer`: its input and output KerasTensors, and the call's arguments."""

    def __init__(self, layer, inputs, outputs, args, kwargs):
        self.layer, self.inputs, self.outputs = layer, inputs, outputs
        self.args, self.kwargs = args, kwargs
        self.input_tensors = _flatten(inputs)
        self.output_tensors = _flatten(outputs)

    def inbound(self):
        """(layer, node index, tensor index) of each input."""
        return [t._keras_history for t in self.input_tensors]


def _flatten(structure):
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    if isinstance(structure, dict):
        return [leaf for item in structure.values() for leaf in _flatten(item)]
    return [structure]


def _map(structure, fn):
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map(item, fn) for item in structure)
    if isinstance(structure, dict):
        return {k: _map(v, fn) for k, v in structure.items()}
    return fn(structure)


def is_symbolic(inputs):
    return any(isinstance(t, KerasTensor) for t in _flatten(inputs))


def _inbound_nodes(layer):
    nodes = layer.__dict__.get("_inbound_nodes")
    if nodes is None:
        nodes = []
        object.__setattr__(layer, "_inbound_nodes", nodes)
    return nodes


def _zeros(t, size, masks):
    """Zeros standing for `t` (unknown dimensions `size`); when `t` has a mask, the zeros get
    an all-True one, recorded in `masks`, so the layer computes its output masks."""
    dims = [size if d is None else d for d in t.shape.as_list()]
    zeros = to_tensor(np.zeros(dims, t.dtype.as_numpy_dtype))
    mask = getattr(t, "_keras_mask", None)
    if mask is not None:
        ones = to_tensor(np.ones([size if d is None else d for d in mask.shape.as_list()],
                                 mask.dtype.as_numpy_dtype))
        base_layer.set_mask(zeros, ones)
        masks[id(ones)] = (ones, mask)  # kept alive while its id is looked up
    return zeros


def call_symbolic(layer, inputs, args, kwargs):
    """`layer(inputs)` on symbolic tensors: build it by running it on zeros, record a Node,
    return symbolic outputs."""
    flat = _flatten(inputs)
    for t in flat:
        if not isinstance(t, KerasTensor):
            raise ValueError(f"Layer {layer.name} was called with an input that isn't a "
                             f"symbolic tensor. Received type: {type(t)}. Full input: "
                             f"{inputs}. All inputs to the layer should be tensors.")
    masks = {}  # id(the mask of a zeros input) -> its symbolic mask
    outputs = layer(_map(inputs, lambda t: _zeros(t, 1, masks)), *args, **kwargs)
    out_flat = _flatten(outputs)
    results = out_flat + [base_layer.get_mask(o) for o in out_flat]
    shapes = [None if r is None else list(r.shape.as_list()) for r in results]
    if any(None in t.shape.as_list()[1:] for t in flat):  # which output dims follow them
        second = _flatten(layer(_map(inputs, lambda t: _zeros(t, 2, {})), *args, **kwargs))
        second += [base_layer.get_mask(o) for o in second]
        for shape, other in zip(shapes, second):
            for i, (a, b) in enumerate(zip(shape or (), other.shape.as_list() if shape else ())):
                if a != b:
                    shape[i] = None
    batch_unknown = any(t.shape.as_list() and t.shape.as_list()[0] is None for t in flat)
    for shape in shapes:
        if batch_unknown and shape:
            shape[0] = None
    nodes = _inbound_nodes(layer)
    node_index = len(nodes)
    symbolic = [KerasTensor(shape, o.dtype, (layer, node_index, i),
                            f"{layer.name}/Identity{'_' + str(i) if i else ''}:0")
                for i, (shape, o) in enumerate(zip(shapes, out_flat))]
    for i, (t, mask) in enumerate(zip(symbolic, results[len(out_flat):])):
        if mask is not None:  # an input's mask passed on, or a new one
            t._keras_mask = masks[id(mask)][1] if id(mask) in masks else KerasTensor(
                shapes[len(out_flat) + i], mask.dtype, None,
                f"{layer.name}/Mask{'_' + str(i) if i else ''}:0")
    symbolic = iter(symbolic)
    outputs = _map(outputs, lambda _: next(symbolic))
    nodes.append(Node(layer, inputs, outputs, args, kwargs))
    _set_shapes(layer, inputs, outputs)
    return outputs


def _shape_of(structure):
    if isinstance(structure, (list, tuple)):
        return [_shape_of(t) for t in structure]
    return tuple(structure.shape.as_list())


def _set_shapes(layer, inputs, outputs):
    """The layer's `input_shape`/`output_shape`; a layer called with different shapes has
    none (TF's 'multiple')."""
    for attr, value in (("_symbolic_input_shape", _shape_of(inputs)),
                        ("_symbolic_output_shape", _shape_of(outputs))):
        if len(_inbound_nodes(layer)) == 1 or layer.__dict__.get(attr) == value:
            object.__setattr__(layer, attr, value)
        else:
            layer.__dict__.pop(attr, None)


@export("keras.Input", "keras.layers.Input")
def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=False, tensor=None,
          **kwargs):
    """A symbolic input of shape `(batch_size,) + shape` (an InputLayer's output)."""
    if "batch_shape" in kwargs:
        batch_shape = kwargs.pop("batch_shape")
        if shape is not None and batch_shape is not None:
            raise ValueError("Only provide the shape OR batch_shape argument to Input, not "
                             "both at the same time.")
        layer = InputLayer(batch_input_shape=batch_shape, name=name, dtype=dtype,
                           sparse=sparse, input_tensor=tensor)
    else:
        if kwargs:
            raise ValueError("Unrecognized keyword arguments:", list(kwargs.keys()))
        if shape is None and tensor is None:
            raise ValueError("Please provide to Input either a `shape` or a `tensor` argument. "
                             "Note that `shape` does not include the batch dimension.")
        layer = InputLayer(input_shape=shape, batch_size=batch_size, name=name, dtype=dtype,
                           sparse=sparse, input_tensor=tensor)
    return input_tensor_of(layer)


def input_tensor_of(layer):
    """The symbolic tensor an InputLayer stands for (made once)."""
    nodes = _inbound_nodes(layer)
    if not nodes:
        tensor = KerasTensor(layer._batch_input_shape, layer.dtype, (layer, 0, 0),
                             layer.name + ":0")
        nodes.append(Node(layer, [], tensor, (), {}))
    return nodes[0].outputs


class GraphNetwork:
    """The graph of a functional model: its nodes in run order and its layers."""

    def __init__(self, model, inputs, outputs):
        self.inputs = _flatten(inputs)
        self.outputs = _flatten(outputs)
        self.input_structure, self.output_structure = inputs, outputs
        for t in self.inputs + self.outputs:
            if not isinstance(t, KerasTensor):
                raise ValueError(f"Input tensors to a Model must come from "
                                 f"`tf.keras.Input`. Received: {t} (missing previous layer "
                                 f"metadata).")
        for t in self.inputs:
            if not isinstance(t._keras_history[0], InputLayer):
                raise ValueError(f"Input tensors to a Model must come from `tf.keras.Input`. "
                                 f"Received: {t} (missing previous layer metadata).")
        self._map_graph()

    def _map_graph(self):
        """TF's `_map_graph_network`: nodes and layers ordered by depth (outputs at 0,
        inputs deepest), layers of equal depth in the order a walk from the outputs first
        meets them."""
        layer_index, finished, seen = {}, [], set()

        def visit(node):
            if id(node.layer) not in layer_index:
                layer_index[id(node.layer)] = len(layer_index)
            if id(node) in seen:
                return
            seen.add(id(node))
            for t in node.input_tensors:
                layer, index, _ = t._keras_history
                visit(_inbound_nodes(layer)[index])
            finished.append(node)

        for t in self.outputs:
            layer, index, _ = t._keras_history
            visit(_inbound_nodes(layer)[index])
        node_depth, layer_depth = {}, {}
        for node in reversed(finished):
            depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
            layer_depth[id(node.layer)] = node_depth[id(node)] = depth
            for t in node.input_tensors:
                layer, index, _ = t._keras_history
                parent = id(_inbound_nodes(layer)[index])
                node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
        for t in self.inputs:  # inputs the outputs do not depend on
            layer = t._keras_history[0]
            if id(layer) not in layer_depth:
                layer_depth[id(layer)], layer_index[id(layer)] = 0, -1
                finished.append(_inbound_nodes(layer)[0])
        for node in finished:
            if isinstance(node.layer, InputLayer) and not any(
                    node.layer is t._keras_history[0] for t in self.inputs):
                raise ValueError(f"Graph disconnected: cannot obtain value for tensor "
                                 f"{node.outputs} at layer \"{node.layer.name}\".")
        by_depth = sorted(finished, key=lambda n: -node_depth.get(id(n), 0))
        self.nodes = [n for n in by_depth if not isinstance(n.layer, InputLayer)]
        self.node_ids = {id(n) for n in finished}
        layers = {id(n.layer): n.layer for n in finished}
        self.layers = sorted(layers.values(), key=lambda l: (-layer_depth[id(l)],
                                                             layer_index[id(l)]))
        self.input_layers = [t._keras_history[0] for t in self.inputs]
        self.depth_of_node = node_depth

    def run(self, inputs):
        """Run the graph on real tensors (`inputs` in the structure of the model's inputs)."""
        values = {}
        flat = _flatten(inputs) if not isinstance(inputs, dict) else [
            inputs[layer.name] for layer in self.input_layers]
        if len(flat) != len(self.inputs):
            raise ValueError(f"Layer {self.layers[-1].name if self.layers else ''} expects "
                             f"{len(self.inputs)} inputs, but it received {len(flat)} input "
                             f"tensors.")
        for t, value in zip(self.inputs, flat):
            values[id(t)] = to_tensor(value) if not hasattr(value, "_aval") else value
        for node in self.nodes:
            args = _map(node.inputs, lambda t: values[id(t)])
            outputs = node.layer(args, *node.args, **node.kwargs)
            for t, value in zip(node.output_tensors, _flatten(outputs)):
                values[id(t)] = value
        return _map(self.output_structure, lambda t: values[id(t)])
