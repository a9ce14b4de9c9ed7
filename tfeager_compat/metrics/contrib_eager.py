"""`tfe.metrics` (`tf.contrib.eager.metrics`) as TF 1.15 has them in eager mode.

A `Metric` creates its variables in `build()` on the first call, named `<scope>/<name>:0`
where the scope is the metric's name (spaces and other characters replaced by `_`) under
the name scope it was made in; `call()` accumulates and returns its arguments "for
chaining"; `result()` computes the value; `init_variables()` resets the variables to their
initial values; `value()` returns the `result` method itself (TF's eager behaviour).

`Mean` and the accuracies keep `numer` and `denom` in float64 by default, so `result()` is
float64. Each call is one jitted update (see `state.py`). `result()` writes no summary, as
TF's does when no default summary writer is set.

Differences from TensorFlow: a call that fails (incompatible shapes) changes no variable,
where TF's `Mean` may already have added the weights to `denom`.
"""
import re

import jax.numpy as jnp

from ..framework import dtypes
from ..framework.convert import binary_operands, to_tensor
from ..initializers import GlorotUniform
from ..ops.array_ops import shape
from ..ops.control_flow_ops import assert_equal
from ..ops.declare import check_same_dtype
from ..ops.math_ops import add_n
from ..ops.registry import Op, export
from ..scopes import current_name_scope
from ..variables import Variable
from .state import check_broadcast, run_update, update_op

_SCOPE_CHARS = re.compile("[^A-Za-z0-9.]")
_EQUAL = Op("Equal", None)  # (names the op in dtype errors)


@export("contrib.eager.metrics.Metric")
class Metric:
    """Holds state for aggregating statistics over an evaluation run (TF 1.15's tfe base).

    Subclasses create variables with `add_variable` in `build()`, update them in `call()`
    and compute the value in `result()`.
    """

    def __init__(self, name=None, use_global_variables=False):
        self._built = False
        self._vars = []
        self._initial_values = {}
        self._use_global_variables = use_global_variables
        self._name = name = name or type(self).__name__
        self._scope = current_name_scope() + _SCOPE_CHARS.sub("_", name)
        build = self.build

        def build_once(*args, **kwargs):  # a direct `build()` call also marks it built
            build(*args, **kwargs)
            self._built = True

        build_once.__doc__ = build.__doc__
        self.build = build_once

    def __call__(self, *args, **kwargs):
        """Build on the first call, then `call()`; returns what `call()` returns."""
        if not self._built:
            self.build(*args, **kwargs)
            self._built = True
        return self.call(*args, **kwargs)

    @property
    def name(self):
        return self._name

    @property
    def variables(self):
        return self._vars

    def init_variables(self):
        """Reset the variables to their initial values; None in eager mode."""
        for v in self._vars:
            v._snapshot = self._initial_values[v]

    def build(self, *args, **kwargs):
        raise NotImplementedError("Metrics must define a build() member function")

    def call(self, *args, **kwargs):
        raise NotImplementedError("Metrics must define a call() member function")

    def result(self):
        raise NotImplementedError("Metrics must define a result() member function")

    def value(self):
        """In eager mode, the `result` method itself (TF returns the callable)."""
        return self.result

    def aggregate(self, metrics):
        """Add the variables of `metrics` (same type, same variables) into this one's."""
        for m in metrics:
            if type(self) != type(m):  # noqa: E721  (TF compares exact types)
                raise TypeError("All metrics must be the same type, '%s' != '%s'." %
                                (type(self), type(m)))
        for i, v in enumerate(self._vars):
            if any(m._vars[i].name != v.name for m in metrics):
                raise ValueError("All metrics must have variables in the same order.")
            v.assign_add(add_n([m._vars[i] for m in metrics]))

    def add_variable(self, name, shape=None, dtype=None, initializer=None):
        """A non-trainable variable `<scope>/<name>:0`; only for use in `build()`."""
        if self._built:
            raise RuntimeError("Can't call add_variable() except in build().")
        dtype = dtypes.as_dtype(dtype) if dtype is not None else dtypes.float32
        v = Variable(_initial_value(initializer, shape, dtype), trainable=False, dtype=dtype)
        v._name = f"{self._scope}/{name}:0"  # the metric's scope, wherever build() runs
        self._vars.append(v)
        self._initial_values[v] = v._snapshot
        return v


def _initial_value(initializer, shape, dtype):
    """A value from `initializer` as `tf.get_variable` takes it: a class, an initializer (or
    any callable of shape and dtype), or a value."""
    if isinstance(initializer, type):
        initializer = initializer()
    if callable(initializer):
        return initializer(shape if shape is not None else (), dtype=dtype)
    if initializer is None:  # tf.get_variable's defaults
        if dtype.is_floating:
            return GlorotUniform()(shape if shape is not None else (), dtype=dtype)
        initializer = 0
    value = to_tensor(initializer, dtype)
    if shape is not None and value._shape_tuple() != tuple(shape):
        value = jnp.broadcast_to(value._array(), tuple(shape))
    return value


# ---- Mean and the accuracies: one fused update ------------------------------------------------

def _mean_update(numer, denom, *arrays, prepare, weighted):
    """New (numer, denom), then what `prepare` returns beyond the values, then what
    `Mean.call` returns (the sum of the values; or the weighted values and the weights)."""
    if weighted:
        *arrays, weights = arrays
    dtype = numer.dtype
    values, *extra = prepare(dtype, *arrays)
    if weighted:
        weights = weights.astype(dtype)
        values = values.astype(dtype) * weights
        return numer + jnp.sum(values), denom + jnp.sum(weights), *extra, values, weights
    total = jnp.sum(values, dtype=values.dtype)
    return (numer + total.astype(dtype), denom + jnp.asarray(values.size, dtype), *extra,
            total)


_UPDATE = update_op("MeanUpdate", _mean_update)


def _values(dtype, values):
    return (values,)


def _matches(dtype, labels, predictions):
    return ((labels == predictions).astype(dtype),)


def _categorical_matches(dtype, labels, predictions):
    labels, predictions = jnp.argmax(labels, -1), jnp.argmax(predictions, -1)
    return (labels == predictions).astype(dtype), labels, predictions


def _binary_matches(dtype, labels, predictions, threshold):
    labels, predictions = labels.astype(bool), predictions > threshold
    return (labels == predictions).astype(dtype), labels, predictions


def _sparse_matches(dtype, labels, predictions):
    labels, predictions = labels.astype(jnp.int64), jnp.argmax(predictions, -1)
    return (labels == predictions).astype(dtype), labels, predictions


@export("contrib.eager.metrics.Mean")
class Mean(Metric):
    """The (weighted) mean of the values seen, in `dtype` (float64 by default)."""

    def __init__(self, name=None, dtype=dtypes.float64, use_global_variables=False):
        super().__init__(name=name, use_global_variables=use_global_variables)
        self.dtype = dtypes.as_dtype(dtype)

    def build(self, *args, **kwargs):
        self.numer = self.add_variable("numer", (), self.dtype, 0)
        self.denom = self.add_variable("denom", (), self.dtype, 0)

    def call(self, values, weights=None):
        """Accumulate `values` (weighted by `weights`); returns the sum of the values, or
        (weighted values, weights) cast to the metric's dtype."""
        values = to_tensor(values)
        out = self._accumulate(_values, (values,), values._shape_tuple(), weights)
        return out[0] if weights is None else tuple(out)

    def result(self, write_summary=True):
        """numer / denom (no summary is written: there is no default summary writer)."""
        return self.numer / self.denom

    def _accumulate(self, prepare, inputs, values_shape, weights):
        weighted = weights is not None
        if weighted:
            weights = to_tensor(weights)
            check_broadcast(_Shaped(values_shape), weights, "Mul")
            inputs = (*inputs, weights)
        return run_update(_UPDATE, (self.numer, self.denom), inputs,
                          (("prepare", prepare), ("weighted", weighted)))


class _Shaped:
    """Something with a static shape, for `check_broadcast`."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    def _shape_tuple(self):
        return self._shape


def _assert_same_shape(labels, predictions, message, first_axis=False):
    """TF's `check_ops.assert_equal` on the shapes (its quirks included: it compares the
    shape vectors with broadcasting)."""
    want = predictions._shape_tuple()[:1] if first_axis else predictions._shape_tuple()
    have = labels._shape_tuple()
    if have != want or first_axis and any(d != want[0] for d in have):
        target = shape(predictions)[0] if first_axis else shape(predictions)
        assert_equal(shape(labels), target, message=message)


def _broadcast_shape(a, b, op_name):
    check_broadcast(_Shaped(a), _Shaped(b), op_name)
    return tuple(jnp.broadcast_shapes(a, b))


@export("contrib.eager.metrics.Accuracy")
class Accuracy(Mean):
    """How often `predictions` equals `labels` (same shape and dtype)."""

    def __init__(self, name=None, dtype=dtypes.float64):
        super().__init__(name=name, dtype=dtype)

    def call(self, labels, predictions, weights=None):
        """Accumulate; returns the arguments as given, for chaining."""
        x, y = binary_operands(labels, predictions)
        _assert_same_shape(x, y, "Shapes of labels and predictions are unequal")
        check_same_dtype(_EQUAL, (x, y))
        matches = _broadcast_shape(x._shape_tuple(), y._shape_tuple(), "Equal")
        self._accumulate(_matches, (x, y), matches, weights)
        return (labels, predictions) if weights is None else (labels, predictions, weights)


@export("contrib.eager.metrics.CategoricalAccuracy")
class CategoricalAccuracy(Mean):
    """How often the argmax of `predictions` equals that of the one-hot `labels`."""

    def __init__(self, name=None, dtype=dtypes.float64):
        super().__init__(name=name, dtype=dtype)

    def call(self, labels, predictions, weights=None):
        """Accumulate; returns the argmax of labels and of predictions (int64)."""
        labels, predictions = to_tensor(labels), to_tensor(predictions)
        _assert_same_shape(labels, predictions, "Shapes of labels and predictions are unequal")
        out = self._accumulate(_categorical_matches, (labels, predictions),
                               labels._shape_tuple()[:-1], weights)
        return (out[0], out[1]) if weights is None else (out[0], out[1], weights)


@export("contrib.eager.metrics.BinaryAccuracy")
class BinaryAccuracy(Mean):
    """How often `predictions > threshold` equals the labels (as bools)."""

    def __init__(self, threshold, name=None, dtype=dtypes.float64):
        super().__init__(name=name, dtype=dtype)
        self.threshold = threshold

    def call(self, labels, predictions, weights=None):
        """Accumulate; returns the labels as bools and `predictions > threshold`."""
        labels, predictions = to_tensor(labels), to_tensor(predictions)
        _assert_same_shape(labels, predictions, "Shapes of labels and predictions are unequal")
        predictions, threshold = binary_operands(predictions, self.threshold)
        matches = _broadcast_shape(labels._shape_tuple(), predictions._shape_tuple(), "Equal")
        out = self._accumulate(_binary_matches, (labels, predictions, threshold), matches,
                               weights)
        return (out[0], out[1]) if weights is None else (out[0], out[1], weights)


@export("contrib.eager.metrics.SparseAccuracy")
class SparseAccuracy(Mean):
    """How often the argmax of `predictions` equals the integer `labels`."""

    def __init__(self, name=None, dtype=dtypes.float64):
        super().__init__(name=name, dtype=dtype)

    def call(self, labels, predictions, weights=None):
        """Accumulate; returns the labels as int64 and the argmax of predictions."""
        labels, predictions = to_tensor(labels), to_tensor(predictions)
        _assert_same_shape(labels, predictions, "First axis of labels and predictions is unequal",
                           first_axis=True)
        matches = _broadcast_shape(labels._shape_tuple(), predictions._shape_tuple()[:-1],
                                   "Equal")
        out = self._accumulate(_sparse_matches, (labels, predictions), matches, weights)
        return (out[0], out[1]) if weights is None else (out[0], out[1], weights)
