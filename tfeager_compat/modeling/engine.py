"""`tf.keras.Model` / `Layer`: variables and sub-layers tracked by attribute assignment.

Matches TF's Keras: `.trainable_weights` lists the sub-layers' trainable variables (in the
order the sub-layers were assigned; lists, tuples and dicts of them count too) and then the
layer's own, `.weights` / `.variables` are the trainable then the non-trainable ones, layers
are named `affine`, `affine_1`, ... by class; `__call__` builds the layer on first use and
runs `call`.
"""
import inspect

from ..framework.convert import to_tensor
from ..ops.registry import export
from ..variables import Variable


@export("keras.layers.Layer", "layers.Layer")
class Layer:
    """Base of all layers: attribute tracking, lazy `build`, `__call__` -> `call`."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        object.__setattr__(self, "_tracked", [])
        self._trainable = trainable
        self._name = name or _unique_layer_name(_snake_case(type(self).__name__))
        self._dtype = dtype
        self.built = False

    def __setattr__(self, name, value):
        if "_tracked" not in self.__dict__:
            object.__setattr__(self, "_tracked", [])
        if not name.startswith("_") or isinstance(value, (Variable, Layer)):
            self._track(value)
        object.__setattr__(self, name, value)

    def _track(self, value):
        if isinstance(value, (Variable, Layer)):
            if not any(value is t for t in self._tracked):
                self._tracked.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                self._track(item)
        elif isinstance(value, dict):
            for item in value.values():
                self._track(item)

    @property
    def name(self):
        return self._name

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)

    @property
    def layers(self):
        return [t for t in self._tracked if isinstance(t, Layer)]

    def _own_variables(self):
        return [t for t in self._tracked if isinstance(t, Variable)]

    def _weight_lists(self):
        """(trainable, non-trainable) variables, sub-layers' first, each listed once: one walk
        for both (`model.variables` is read on every step of most training loops)."""
        if not self._trainable:
            frozen = [v for layer in self.layers for v in layer.weights]
            return [], _unique(frozen + self._own_variables())
        trainable, non_trainable = [], []
        for layer in self.layers:
            sub_trainable, sub_non_trainable = layer._weight_lists()
            trainable += sub_trainable
            non_trainable += sub_non_trainable
        for v in self._own_variables():
            (trainable if v._trainable else non_trainable).append(v)
        return _unique(trainable), _unique(non_trainable)

    @property
    def trainable_weights(self):
        return self._weight_lists()[0]

    @property
    def non_trainable_weights(self):
        return self._weight_lists()[1]

    @property
    def weights(self):
        trainable, non_trainable = self._weight_lists()
        return _unique(trainable + non_trainable)

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def __call__(self, inputs, *args, **kwargs):
        if not self.built:
            shape = _input_shape(inputs)
            self.build(shape)
            self.built = True
        if "training" in kwargs and not _accepts(self.call, "training"):
            kwargs.pop("training")
        return self.call(inputs, *args, **kwargs)

    def get_weights(self):
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        for v, w in zip(self.weights, weights):
            v.assign(w)


@export("keras.Model", "keras.models.Model")
class Model(Layer):
    """A layer meant to be subclassed with `__init__` and `call` (TF's subclassing API)."""


def _unique(variables):
    seen, out = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            out.append(v)
    return out


_NAME_COUNTS = {}


def _unique_layer_name(base):
    """Keras names layers `dense`, `dense_1`, ... by class."""
    count = _NAME_COUNTS.get(base, 0)
    _NAME_COUNTS[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def _accepts(fn, arg):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return True
    return arg in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _input_shape(inputs):
    if isinstance(inputs, (list, tuple)):
        return [_input_shape(i) for i in inputs]
    try:
        return to_tensor(inputs).shape
    except (TypeError, ValueError):
        return None


def _snake_case(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)
