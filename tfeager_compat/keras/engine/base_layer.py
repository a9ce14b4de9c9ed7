"""`tf.keras.layers.Layer` as TF 1.15 has it in eager mode.

- Lazy building: the first call converts NumPy and Python inputs to tensors, takes the layer's
  dtype from the first input when none was given (float64 data builds float64 weights),
  checks `input_spec`, and calls `build(input_shape)` with a `TensorShape`.
- Names: layers are `dense`, `dense_1`, ... per base name (`backend.unique_object_name`);
  variables made while a layer builds are named under the layer's name scope, and under the
  scopes of the layers calling it: `my_model/dense/kernel:0`.
- Tracking: layers, variables and lists, tuples and dicts of them assigned as attributes are
  tracked in assignment order (lists and dicts keep tracking what is added to them later).
  A Layer lists its own weights before its sub-layers'; a Model lists its sub-layers' first.
- `training`: passed explicitly, else inherited from the calling layer, else the learning
  phase when `set_learning_phase` fixed it.
- Masks (TF 1.15's `_keras_mask`): a layer's `mask` argument defaults to the masks of its
  inputs; after the call its outputs get `compute_mask(inputs, mask)` (default: the input mask
  when `supports_masking`, else None) unless every output already has one. A Tensor has no
  attribute dict, so masks live in a table keyed by the tensor (`get_mask`/`set_mask`); while
  no mask exists anywhere a call pays one truth test for them.

The weight lists are cached until any tracked structure changes (`model.variables` is read on
every step of most training loops); `__call__` on a built layer costs a dict lookup, the
input-spec check and a push on the call stack.
"""
import inspect
import re
import weakref

import numpy as np

from ... import initializers, regularizers
from ...checkpoint import tracking
from ...framework import dtypes
from ...framework.convert import to_tensor
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from ...scopes import name_scope
from ...variables import Variable
from .. import backend
from .input_spec import assert_input_compatibility

_ALLOWED_KWARGS = frozenset({"input_shape", "batch_input_shape", "batch_size", "weights",
                             "activity_regularizer", "autocast"})
_ADD_WEIGHT_KWARGS = frozenset({"getter", "collections", "experimental_autocast",
                                "caching_device"})

# Bumped whenever a layer's tracked structure changes anywhere: the weight-list caches compare it.
_GENERATION = [0]
# (layer, training) for each layer whose `call` is running, outermost first.
_CALL_STACK = []
# How many entries of _CALL_STACK are already part of the current name scope.
_SCOPED = [0]
# Layers holding losses added by `add_loss(tensor)` during a call (cleared by the next
# top-level call, as TF does).
_EAGER_LOSS_OWNERS = set()
# type -> (expects training, expects mask, position of `training` among the extra args,
#          position of `mask`, whether the class defines its own `compute_mask`)
_CALL_SPECS = {}
# id(tensor) -> (weak reference to the tensor, its Keras mask); see `set_mask`.
_MASKS = {}


def _changed():
    _GENERATION[0] += 1


def default(method):
    """Mark a `build` that the first call need not run (TF's `base_layer_utils.default`)."""
    method._is_default = True
    return method


class _TrackedList(list):
    """A list assigned to a layer attribute: adding a layer or variable later is tracked."""

    def _mutator(name):
        method = getattr(list, name)

        def mutate(self, *args):
            result = method(self, *args)
            _changed()
            return result if name != "__iadd__" else self
        mutate.__name__ = name
        return mutate

    for _name in ("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
                  "__setitem__", "__delitem__", "__iadd__"):
        locals()[_name] = _mutator(_name)
    del _name, _mutator


class _TrackedDict(dict):
    """A dict assigned to a layer attribute: values set later are tracked."""

    def _mutator(name):
        method = getattr(dict, name)

        def mutate(self, *args, **kwargs):
            result = method(self, *args, **kwargs)
            _changed()
            return result
        mutate.__name__ = name
        return mutate

    for _name in ("__setitem__", "__delitem__", "pop", "popitem", "clear", "update",
                  "setdefault"):
        locals()[_name] = _mutator(_name)
    del _name, _mutator


def _wrap(value):
    if type(value) is list:
        return _TrackedList(value)
    if type(value) is dict:
        return _TrackedDict(value)
    return value


def _flatten(value):
    """Layers and Variables inside `value` (lists, tuples and dict values, recursively)."""
    if isinstance(value, (Layer, Variable)):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)


def _is_tracked(value):
    return isinstance(value, (Layer, Variable, _TrackedList, _TrackedDict)) or (
        isinstance(value, tuple) and any(True for _ in _flatten(value)))


def _dedup(items):
    seen, out = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def to_snake_case(name):
    """Keras' class-name-to-layer-name rule: `Conv2D` -> `conv2d`, `ReLU` -> `re_lu`."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    snake = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return snake if snake[0] != "_" else "private" + snake


def _call_spec(cls):
    spec = _CALL_SPECS.get(cls)
    if spec is None:
        try:
            params = list(inspect.signature(cls.call).parameters.values())[2:]  # self, inputs
        except (TypeError, ValueError):
            params = []
        names = [p.name for p in params]
        var_kw = any(p.kind is p.VAR_KEYWORD for p in params)
        positional = [p.name for p in params
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        spec = _CALL_SPECS[cls] = (
            "training" in names or var_kw, "mask" in names or var_kw,
            positional.index("training") if "training" in positional else None,
            positional.index("mask") if "mask" in positional else None,
            cls.compute_mask is not Layer.compute_mask)
    return spec


def get_mask(tensor):
    """The Keras mask attached to `tensor` (TF 1.15's `tensor._keras_mask`), or None."""
    entry = _MASKS.get(id(tensor)) if _MASKS else None
    if entry is not None and entry[0]() is tensor:
        return entry[1]
    return getattr(tensor, "_keras_mask", None)


def set_mask(tensor, mask):
    """Attach `mask` to `tensor` as its Keras mask (None removes it); values that cannot hold
    one (NumPy arrays) are skipped, as TF skips them."""
    if not isinstance(tensor, Tensor):
        try:
            tensor._keras_mask = mask
        except AttributeError:
            pass
        return
    key = id(tensor)
    if mask is None:
        _MASKS.pop(key, None)
    else:
        _MASKS[key] = (weakref.ref(tensor, lambda _, key=key: _MASKS.pop(key, None)), mask)


def _flat(structure):
    """`nest.flatten` for layer inputs and outputs: lists, tuples, dicts (by sorted key)."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flat(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flat(structure[key])]
    return [structure]


def _input_masks(inputs):
    """The masks of `inputs` in their structure, or None when none has one (TF's
    `_collect_input_masks`)."""
    if isinstance(inputs, (list, tuple)):
        masks = [_input_masks(x) for x in inputs]
        return None if all(m is None for m in _flat(masks)) else masks
    if isinstance(inputs, dict):
        masks = {k: _input_masks(v) for k, v in inputs.items()}
        return None if all(m is None for m in _flat(masks)) else masks
    return get_mask(inputs)


def _convert_inputs(inputs):
    """NumPy arrays and Python numbers become tensors (TF converts them before `call`)."""
    if isinstance(inputs, (np.ndarray, float, int)):
        return to_tensor(inputs)
    if isinstance(inputs, (list, tuple)) and any(
            isinstance(x, (np.ndarray, float, int)) for x in inputs):
        return type(inputs)(to_tensor(x) if isinstance(x, (np.ndarray, float, int)) else x
                            for x in inputs)
    return inputs


def _shapes(inputs):
    if isinstance(inputs, (list, tuple)):
        return [_shapes(x) for x in inputs]
    if isinstance(inputs, dict):
        return {k: _shapes(v) for k, v in inputs.items()}
    shape = getattr(inputs, "shape", None)
    return None if shape is None else TensorShape(shape)


def _first_leaf(inputs):
    while isinstance(inputs, (list, tuple)) and inputs:
        inputs = inputs[0]
    return inputs


@export("keras.layers.Layer")
class Layer:
    """Base of all layers: tracking, lazy `build`, `__call__` -> `call`, weights and losses."""

    _children_first = False  # Model lists its sub-layers' weights before its own
    input_spec = None
    supports_masking = False
    stateful = False

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, **kwargs):
        for key in kwargs:
            if key not in _ALLOWED_KWARGS:
                raise TypeError("Keyword argument not understood:", key)
        self._init_tracking()
        object.__setattr__(self, "_trainable", bool(trainable))
        object.__setattr__(self, "_name", name or backend.unique_object_name(
            to_snake_case(type(self).__name__)))
        object.__setattr__(self, "_dtype", None if dtype is None else dtypes.as_dtype(dtype).name)
        object.__setattr__(self, "_dynamic", dynamic)
        object.__setattr__(self, "_initial_weights", kwargs.get("weights"))
        object.__setattr__(self, "_activity_regularizer", kwargs.get("activity_regularizer"))
        if "batch_input_shape" in kwargs:
            self._batch_input_shape = tuple(kwargs["batch_input_shape"])
        elif "input_shape" in kwargs:
            self._batch_input_shape = (kwargs.get("batch_size"),) + tuple(kwargs["input_shape"])
        self.built = False

    def _init_tracking(self):
        if "_tracked" not in self.__dict__:
            for attr, value in (("_tracked", {}), ("_trainable_weights", []),
                                ("_non_trainable_weights", []), ("_callable_losses", []),
                                ("_eager_losses", []), ("_weights_cache", None)):
                object.__setattr__(self, attr, value)

    # -- attribute tracking -------------------------------------------------------------------
    def __setattr__(self, name, value):
        tracked = self.__dict__.get("_tracked")
        if tracked is None:
            if not _is_tracked(value):
                object.__setattr__(self, name, value)
                return
            self._before_tracking()
            tracked = self._tracked
        if name in tracked:
            self._untrack(name)
        value = _wrap(value)
        if _is_tracked(value):
            tracked[name] = value
            for item in _flatten(value):
                if isinstance(item, Variable):
                    self._add_own_variable(item)
            _changed()
            object.__setattr__(self, name, value)
            tracking.dependency_added(self, name, value)  # a restore may wait for it
            return
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if name in self.__dict__.get("_tracked", ()):
            self._untrack(name)
            _changed()
        object.__delattr__(self, name)

    def _before_tracking(self):
        self._init_tracking()

    def _untrack(self, name):
        old = self._tracked.pop(name)
        if isinstance(old, Variable) and not any(v is old for v in self._tracked.values()):
            for own in (self._trainable_weights, self._non_trainable_weights):
                if any(v is old for v in own):
                    own.remove(old)

    def _add_own_variable(self, variable):
        own = self._trainable_weights if variable.trainable else self._non_trainable_weights
        if not any(v is variable for v in own):
            own.append(variable)
            _changed()

    def _sublayers(self):
        """Directly tracked layers (in lists and dicts too), in assignment order."""
        layers = [item for value in self._tracked.values() for item in _flatten(value)
                  if isinstance(item, Layer) and item is not self]
        return _dedup(layers)

    def _flatten_layers(self):
        """This layer and every layer below it, each once."""
        out, seen, todo = [], set(), [self]
        while todo:
            layer = todo.pop(0)
            if id(layer) not in seen:
                seen.add(id(layer))
                out.append(layer)
                todo.extend(layer._sublayers())
        return out

    # -- identity -----------------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        """The dtype of the layer's weights as a string; None until the first call sets it
        from the input (TF 1.15's 'infer' policy)."""
        return self._dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        object.__setattr__(self, "_trainable", bool(value))
        _changed()

    @property
    def dynamic(self):
        return self._dynamic

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    @activity_regularizer.setter
    def activity_regularizer(self, regularizer):
        object.__setattr__(self, "_activity_regularizer", regularizer)

    # -- weights ------------------------------------------------------------------------------
    def _weight_lists(self):
        """(trainable, non-trainable, all), cached until a tracked structure changes anywhere."""
        cache = self._weights_cache
        if cache is not None and cache[0] == _GENERATION[0]:
            return cache[1]
        own_trainable, own_frozen = self._trainable_weights, self._non_trainable_weights
        sub_trainable, sub_frozen = [], []
        for layer in self._sublayers():
            t, f, _ = layer._weight_lists()
            sub_trainable += t
            sub_frozen += f
        if not self._trainable:
            parts = ((sub_trainable, sub_frozen, own_trainable, own_frozen)
                     if self._children_first else
                     (own_trainable, own_frozen, sub_trainable, sub_frozen))
            trainable, frozen = [], [v for part in parts for v in part]
        elif self._children_first:
            trainable, frozen = sub_trainable + own_trainable, sub_frozen + own_frozen
        else:
            trainable, frozen = own_trainable + sub_trainable, own_frozen + sub_frozen
        trainable, frozen = _dedup(trainable), _dedup(frozen)
        lists = (trainable, frozen, _dedup(trainable + frozen))
        object.__setattr__(self, "_weights_cache", (_GENERATION[0], lists))
        return lists

    @property
    def trainable_weights(self):
        return list(self._weight_lists()[0])

    @property
    def non_trainable_weights(self):
        return list(self._weight_lists()[1])

    @property
    def weights(self):
        return list(self._weight_lists()[2])

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def add_weight(self, name=None, shape=None, dtype=None, initializer=None,
                   regularizer=None, trainable=None, constraint=None, partitioner=None,
                   use_resource=None, synchronization=None, aggregation=None, **kwargs):
        """Create a variable `<layer scope>/<name>:0` owned by this layer (float weights
        default to glorot_uniform, integer and bool ones to zeros)."""
        for key in kwargs:
            if key not in _ADD_WEIGHT_KWARGS:
                raise TypeError("Unknown keyword argument:", key)
        shape = () if shape is None else shape
        dtype = dtypes.as_dtype(dtype or self._dtype or backend.floatx())
        initializer = initializers.get(initializer)
        if initializer is None:
            if dtype.is_floating:
                initializer = initializers.GlorotUniform()
            elif dtype.is_integer or dtype.is_bool:
                initializer = initializers.Zeros()
            else:
                raise ValueError(f"An initializer for variable {name} of type {dtype} is "
                                 f"required for layer {self.name}")
        regularizer = regularizers.get(regularizer)
        variable = Variable(lambda: initializer(shape, dtype=dtype), name=name, dtype=dtype,
                            trainable=True if trainable is None else trainable,
                            constraint=constraint)
        self._add_own_variable(variable)
        tracking.weight_added(self, name, variable)  # its checkpoint name; restored if waited for
        if regularizer is not None:
            self._callable_losses.append(lambda: regularizer(variable))
        return variable

    add_variable = add_weight

    def get_weights(self):
        """The weights' values as NumPy arrays, in `weights` order."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        """Assign NumPy values to `weights` in order; checks count and shapes first."""
        params = self.weights
        if len(params) != len(weights):
            # TF 1.15's message, double space included.
            raise ValueError(f'You called `set_weights(weights)` on layer "{self.name}" with a '
                             f" weight list of length {len(weights)}, but the layer was "
                             f"expecting {len(params)} weights. Provided weights: "
                             f"{str(weights)[:50]}...")
        for param, value in zip(params, weights):
            if tuple(param.shape.as_list()) != np.shape(value):
                raise ValueError(f"Layer weight shape {tuple(param.shape.as_list())} not "
                                 f"compatible with provided weight shape {np.shape(value)}")
        for param, value in zip(params, weights):
            param.assign(value)

    def count_params(self):
        """The number of scalars in `weights` (the layer must be built)."""
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on {self.name}, but the layer "
                             f"isn't built. You can build it manually via: "
                             f"`{self.name}.build(batch_input_shape)`.")
        return int(sum(int(np.prod(v.shape.as_list())) for v in self.weights))

    # -- losses and updates -------------------------------------------------------------------
    @property
    def losses(self):
        """Losses from `add_loss` and weight regularizers, this layer's then its sub-layers'."""
        out = list(self._eager_losses)
        for fn in self._callable_losses:
            loss = fn()
            if loss is not None:
                out.append(loss)
        for layer in self._sublayers():
            out += layer.losses
        return out

    def add_loss(self, losses, inputs=None):
        """Add a loss tensor (inside `call`) or a zero-argument callable (anywhere)."""
        eager = []
        for loss in losses if isinstance(losses, (list, tuple)) else [losses]:
            if loss is None:
                continue
            if callable(loss):
                self._callable_losses.append(loss)
            else:
                eager.append(loss if isinstance(loss, Tensor) else
                             to_tensor(loss, dtypes.as_dtype(backend.floatx())))
        if eager and not _CALL_STACK:
            raise ValueError("Expected a symbolic Tensors or a callable for the loss value. "
                             "Please wrap your loss computation in a zero argument `lambda`.")
        if eager:
            self._eager_losses.extend(eager)
            _EAGER_LOSS_OWNERS.add(self)

    def _clear_losses(self):
        for layer in self._flatten_layers():
            if layer in _EAGER_LOSS_OWNERS:
                layer._eager_losses.clear()
                _EAGER_LOSS_OWNERS.discard(layer)

    @property
    def updates(self):
        """Always empty: in eager mode updates run when they are made."""
        return []

    def add_update(self, updates, inputs=None):
        """Run callable updates now (eager mode: tensors and ops have already run)."""
        for update in updates if isinstance(updates, (list, tuple)) else [updates]:
            if callable(update):
                update()

    # -- building and calling -----------------------------------------------------------------
    @default
    def build(self, input_shape):
        """Create the layer's weights for `input_shape` (a TensorShape); called once, by the
        first `__call__`."""
        self.built = True

    def call(self, inputs, **kwargs):
        """The layer's computation; the base layer returns its inputs."""
        return inputs

    def __call__(self, inputs, *args, **kwargs):
        if type(inputs) is not Tensor:
            if getattr(_first_leaf(inputs), "_keras_history", None) is not None:
                from . import functional  # a layer called on `tf.keras.Input` tensors
                return functional.call_symbolic(self, inputs, args, kwargs)
            inputs = _convert_inputs(inputs)
        expects_training, expects_mask, training_index, mask_index, own_mask = (
            _CALL_SPECS.get(type(self)) or _call_spec(type(self)))
        stack = _CALL_STACK
        if "mask" in kwargs:
            masks = kwargs["mask"]
        elif mask_index is not None and len(args) > mask_index:
            masks = args[mask_index]
        else:
            masks = _input_masks(inputs) if _MASKS else None
            if masks is not None and expects_mask:
                kwargs["mask"] = masks
        if "training" in kwargs:
            training = kwargs["training"]
            if not expects_training:
                del kwargs["training"]
        elif training_index is not None and len(args) > training_index:
            training = args[training_index]
        else:
            training = stack[-1][1] if stack else None
            if training is None and backend.learning_phase_is_set():
                training = backend.learning_phase()
            if training is not None and expects_training:
                kwargs["training"] = bool(training) if isinstance(training, int) else training
        if not stack and _EAGER_LOSS_OWNERS:
            self._clear_losses()
        if not self.built:
            outputs = self._first_call(inputs, args, kwargs, training)
        else:
            if self.input_spec is not None:
                assert_input_compatibility(self.input_spec, inputs, self._name)
            stack.append((self, training))
            try:
                outputs = self.call(inputs, *args, **kwargs)
            finally:
                stack.pop()
        if self._activity_regularizer is not None:
            self._regularize_activity(outputs)
        if own_mask or masks is not None or _MASKS:
            self._set_output_masks(inputs, outputs, masks, own_mask)
        return outputs

    def _set_output_masks(self, inputs, outputs, masks, own_mask):
        """TF 1.15's `_set_mask_metadata`: outputs that all have masks keep them; else they
        get `compute_mask(inputs, masks)` when the layer supports masking or defines its own
        `compute_mask`, else None."""
        flat = _flat(outputs)
        if all(get_mask(t) is not None for t in flat):
            return
        new = None
        if own_mask or self.supports_masking:
            new = self.compute_mask(inputs, masks)
        new = [None] * len(flat) if new is None else _flat(new)
        for tensor, mask in zip(flat, new):
            set_mask(tensor, mask)

    def _first_call(self, inputs, args, kwargs, training):
        """Build and call inside the name scope of this layer and of the layers calling it."""
        stack = _CALL_STACK
        outer = "".join(layer._name + "/" for layer, _ in stack[_SCOPED[0]:])
        scoped = _SCOPED[0]
        _SCOPED[0] = len(stack) + 1
        try:
            with name_scope(outer + self._name):
                self._maybe_build(inputs)
                stack.append((self, training))
                try:
                    return self.call(inputs, *args, **kwargs)
                finally:
                    stack.pop()
        finally:
            _SCOPED[0] = scoped

    def _maybe_build(self, inputs):
        if self.input_spec is not None:
            assert_input_compatibility(self.input_spec, inputs, self._name)
        if self._dtype is None:
            dtype = getattr(_first_leaf(inputs), "dtype", None)
            if dtype is not None:
                object.__setattr__(self, "_dtype", dtypes.as_dtype(dtype).name)
        if not getattr(type(self).build, "_is_default", False):
            self.build(_shapes(inputs))
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            object.__setattr__(self, "_initial_weights", None)

    def _regularize_activity(self, outputs):
        """TF's activity regularization: the regularizer's value over the batch size."""
        items = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        stack = _CALL_STACK
        stack.append((self, None))
        try:
            for output in items:
                loss = self._activity_regularizer(output)
                self.add_loss(loss / to_tensor(float(output.shape[0].value), loss.dtype))
        finally:
            stack.pop()

    @default
    def compute_mask(self, inputs, mask=None):
        """The output mask: `mask` itself when the layer supports masking, else None (a layer
        that does not support masking raises TypeError when given a mask)."""
        if not self.supports_masking:
            if any(m is not None for m in _flat(mask)):
                raise TypeError(f"Layer {self.name} does not support masking, but was passed "
                                f"an input_mask: {str(mask)}")
            return None
        return mask

    def compute_output_shape(self, input_shape):
        """The output shape for `input_shape`, found by calling the layer on zeros (built-in
        layers compute it from the shape alone)."""
        shapes = input_shape
        is_list = isinstance(shapes, list) and shapes and not isinstance(shapes[0], int) and \
            shapes[0] is not None
        shapes = [TensorShape(s) for s in shapes] if is_list else TensorShape(shapes)
        zeros = [_zeros_for(s, self._dtype) for s in shapes] if is_list else \
            _zeros_for(shapes, self._dtype)
        outputs = self(zeros, training=False) if _call_spec(type(self))[0] else self(zeros)
        first = shapes[0] if is_list else shapes
        batch_unknown = first.ndims and first[0].value is None

        def unbatch(t):
            dims = t.shape.as_list()
            if batch_unknown and dims:
                dims[0] = None
            return TensorShape(dims)
        return [unbatch(t) for t in outputs] if isinstance(outputs, (list, tuple)) else \
            unbatch(outputs)

    @property
    def output_shape(self):
        shape = self.__dict__.get("_symbolic_output_shape")
        if shape is None:
            raise AttributeError("The layer has never been called and thus has no defined "
                                 "output shape.")
        return shape

    @property
    def input_shape(self):
        shape = self.__dict__.get("_symbolic_input_shape")
        if shape is None:
            raise AttributeError("The layer has never been called and thus has no defined "
                                 "input shape.")
        return shape

    # -- configuration ------------------------------------------------------------------------
    def get_config(self):
        """`name`, `trainable`, `dtype` (and `batch_input_shape` when given); layers with
        constructor arguments add theirs."""
        config = {"name": self.name, "trainable": self.trainable}
        if hasattr(self, "_batch_input_shape"):
            config["batch_input_shape"] = self._batch_input_shape
        config["dtype"] = self.dtype
        if self._dynamic:
            config["dynamic"] = True
        if type(self).get_config is Layer.get_config:
            params = inspect.signature(type(self).__init__).parameters
            extra = [p for p in params if p not in ("self", "args", "kwargs") and
                     p not in config and p != "dynamic"]
            if extra:
                raise NotImplementedError("Layers with arguments in `__init__` must override "
                                          "`get_config`.")
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _zeros_for(shape, dtype):
    dims = [1 if d is None else d for d in shape.as_list()]
    return to_tensor(np.zeros(dims, dtype=backend.as_float_dtype(dtype).as_numpy_dtype))
