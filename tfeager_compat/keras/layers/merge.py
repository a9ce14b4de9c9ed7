"""Merge layers (TF 1.15's `keras/layers/merge.py`): Add, Subtract, Multiply, Average,
Maximum, Minimum, Concatenate, Dot, and their functional forms (`add([a, b])`...).

Inputs of lower rank get unit axes after the batch axis, then broadcast, as in Keras."""
import functools
import math

from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import backend
from ..engine.base_layer import Layer

_op = backend.op


def _merge(base, config):
    return dict(list(base.items()) + list(config.items()))


def _broadcast_dim(a, b):
    if a is None or b is None:
        return None if a != 1 and b != 1 else (b if a == 1 else a)
    if a == 1 or b == 1:
        return b if a == 1 else a
    return a if a == b else -1


class _Merge(Layer):
    """Elementwise merge of a list of at least two inputs."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _output_shape(self, shape1, shape2):
        """Keras' elementwise broadcast of two shapes without the batch axis."""
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            return self._output_shape(shape2, shape1)
        if not shape2:
            return shape1
        out = list(shape1[:-len(shape2)])
        for a, b in zip(shape1[-len(shape2):], shape2):
            dim = _broadcast_dim(a, b)
            if dim == -1:
                raise ValueError(f"Operands could not be broadcast together with shapes "
                                 f"{tuple(shape1)} {tuple(shape2)}")
            out.append(dim)
        return tuple(out)

    def _check_inputs(self, shapes):
        if not isinstance(shapes, list):
            raise ValueError("A merge layer should be called on a list of inputs.")
        if len(shapes) < 2:
            raise ValueError(f"A merge layer should be called on a list of at least 2 inputs. "
                             f"Got {len(shapes)} inputs.")

    def build(self, input_shape):
        self._check_inputs(input_shape)
        shape = tuple(TensorShape(input_shape[0]).as_list()[1:])
        for other in input_shape[1:]:
            shape = self._output_shape(shape, tuple(TensorShape(other).as_list()[1:]))
        self.built = True

    def call(self, inputs):
        self._check_inputs(inputs)
        ranks = [len(x.shape) for x in inputs]
        if len(set(ranks)) > 1:
            top = max(ranks)
            expand = _op("expand_dims")
            reshaped = []
            for x, rank in zip(inputs, ranks):
                for _ in range(top - rank):
                    x = expand(x, 1)
                reshaped.append(x)
            inputs = reshaped
        return self._merge_function(inputs)

    def compute_output_shape(self, input_shape):
        shapes = [TensorShape(s).as_list() for s in input_shape]
        shape = tuple(shapes[0][1:])
        for other in shapes[1:]:
            shape = self._output_shape(shape, tuple(other[1:]))
        batch = {s[0] for s in shapes if s[0] is not None}
        return TensorShape([batch.pop() if len(batch) == 1 else None] + list(shape))

    def compute_mask(self, inputs, mask=None):
        """The AND of the inputs' masks (None when no input has one)."""
        if mask is None or all(m is None for m in mask):
            return None
        masks = [_op("expand_dims")(m, 0) for m in mask if m is not None]
        return _op("reduce_all")(_op("concat")(masks, 0), axis=0)


def _fold(fn):
    return lambda self, inputs: functools.reduce(fn, inputs)


@export("keras.layers.Add")
class Add(_Merge):
    """The sum of the inputs."""
    _merge_function = _fold(lambda a, b: a + b)


@export("keras.layers.Subtract")
class Subtract(_Merge):
    """The first input minus the second (exactly two inputs)."""

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs")

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs")
        return inputs[0] - inputs[1]


@export("keras.layers.Multiply")
class Multiply(_Merge):
    """The elementwise product of the inputs."""
    _merge_function = _fold(lambda a, b: a * b)


@export("keras.layers.Average")
class Average(_Merge):
    """The elementwise mean of the inputs."""

    def _merge_function(self, inputs):
        return functools.reduce(lambda a, b: a + b, inputs) / len(inputs)


@export("keras.layers.Maximum")
class Maximum(_Merge):
    """The elementwise maximum of the inputs."""
    _merge_function = _fold(lambda a, b: _op("maximum")(a, b))


@export("keras.layers.Minimum")
class Minimum(_Merge):
    """The elementwise minimum of the inputs."""
    _merge_function = _fold(lambda a, b: _op("minimum")(a, b))


@export("keras.layers.Concatenate")
class Concatenate(_Merge):
    """The inputs joined along `axis`; every other axis must match."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _check_shapes(self, shapes):
        if not isinstance(shapes, list) or len(shapes) < 2:
            raise ValueError("A `Concatenate` layer should be called on a list of at least 2 "
                             "inputs")
        dims = [TensorShape(s).as_list() for s in shapes]
        if all(d is None for d in dims):
            return
        reduced = set()
        for d in dims:
            d = list(d)
            del d[self.axis]
            reduced.add(tuple(d))
        if len(reduced) > 1:
            raise ValueError("A `Concatenate` layer requires inputs with matching shapes "
                             f"except for the concat axis. Got inputs shapes: "
                             f"{[tuple(d) for d in dims]}")

    def build(self, input_shape):
        self._check_shapes(input_shape)
        self.built = True

    def call(self, inputs):
        return _op("concat")(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        dims = [TensorShape(s).as_list() for s in input_shape]
        out = list(dims[0])
        for d in dims[1:]:
            out[self.axis] = None if out[self.axis] is None or d[self.axis] is None else \
                out[self.axis] + d[self.axis]
        return TensorShape(out)

    def get_config(self):
        return _merge(super().get_config(), {"axis": self.axis})


@export("keras.layers.Dot")
class Dot(_Merge):
    """Per-example dot products of two inputs along `axes` (cosine proximity when
    `normalize`): Keras' `batch_dot`."""

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError("Invalid type for `axes` - should be a list or an int.")
            if len(axes) != 2:
                raise ValueError("Invalid format for `axes` - should contain two elements.")
            if not isinstance(axes[0], int) or not isinstance(axes[1], int):
                raise ValueError("Invalid format for `axes` - list elements should be "
                                 "\"int\".")
        self.axes = axes
        self.normalize = normalize
        self.supports_masking = True

    def _axes_for(self, shapes):
        if isinstance(self.axes, int):
            return [self.axes % len(s) if self.axes < 0 else self.axes for s in shapes]
        return [a % len(s) if a < 0 else a for a, s in zip(self.axes, shapes)]

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) != 2:
            raise ValueError("A `Dot` layer should be called on a list of 2 inputs.")
        shapes = [TensorShape(s).as_list() for s in input_shape]
        if None not in shapes:
            axes = self._axes_for(shapes)
            if shapes[0][axes[0]] != shapes[1][axes[1]]:
                raise ValueError(f"Dimension incompatibility {shapes[0][axes[0]]} != "
                                 f"{shapes[1][axes[1]]}. Layer shapes: {tuple(shapes[0])}, "
                                 f"{tuple(shapes[1])}")
        self.built = True

    def call(self, inputs):
        if len(inputs) != 2:
            raise ValueError("A `Dot` layer should be called on exactly 2 inputs")
        x, y = inputs
        axes = self._axes_for([x.shape.as_list(), y.shape.as_list()])
        if self.normalize:
            x = _op("nn.l2_normalize")(x, axis=axes[0])
            y = _op("nn.l2_normalize")(y, axis=axes[1])
        return _batch_dot(x, y, axes)

    def compute_output_shape(self, input_shape):
        shape1, shape2 = (TensorShape(s).as_list() for s in input_shape)
        a1, a2 = self._axes_for([shape1, shape2])
        out = shape1[:a1] + shape1[a1 + 1:] + shape2[1:a2] + shape2[a2 + 1:]
        return TensorShape(out if len(out) > 1 else out + [1])

    def get_config(self):
        return _merge(super().get_config(), {"axes": self.axes, "normalize": self.normalize})


def _batch_dot(x, y, axes):
    """Contract axis axes[0] of x with axes[1] of y for each example; a rank-1 result
    becomes (batch, 1)."""
    transpose, reshape, matmul = _op("transpose"), _op("reshape"), _op("matmul")
    xs, ys = x.shape.as_list(), y.shape.as_list()
    a1, a2 = axes
    x_rest = [d for i, d in enumerate(xs) if i not in (0, a1)]
    y_rest = [d for i, d in enumerate(ys) if i not in (0, a2)]
    x = transpose(x, [0] + [i for i in range(1, len(xs)) if i != a1] + [a1])
    y = transpose(y, [0, a2] + [i for i in range(1, len(ys)) if i != a2])
    size = xs[a1]
    rows, cols = math.prod(x_rest), math.prod(y_rest)
    out = matmul(reshape(x, [-1, rows, size]), reshape(y, [-1, size, cols]))
    out = reshape(out, [-1] + x_rest + y_rest)
    return _op("expand_dims")(out, 1) if not x_rest and not y_rest else out


def _functional(cls, doc):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    merge.__name__ = merge.__qualname__ = cls.__name__.lower()
    merge.__doc__ = doc
    return export(f"keras.layers.{merge.__name__}")(merge)


add = _functional(Add, "`Add()(inputs)`.")
subtract = _functional(Subtract, "`Subtract()(inputs)`.")
multiply = _functional(Multiply, "`Multiply()(inputs)`.")
average = _functional(Average, "`Average()(inputs)`.")
maximum = _functional(Maximum, "`Maximum()(inputs)`.")
minimum = _functional(Minimum, "`Minimum()(inputs)`.")


@export("keras.layers.concatenate")
def concatenate(inputs, axis=-1, **kwargs):
    """`Concatenate(axis)(inputs)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


@export("keras.layers.dot")
def dot(inputs, axes, normalize=False, **kwargs):
    """`Dot(axes, normalize)(inputs)`."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
