"""`tf.keras.activations`: TF 1.15's activation functions, by object and by name (`get`)."""
from ..ops.registry import export
from . import backend

_op = backend.op


@export("keras.activations.softmax")
def softmax(x, axis=-1):
    """Softmax over `axis`; TF refuses 1-D input."""
    ndim = len(x.shape)
    if ndim == 2 and axis in (-1, 1):
        return _op("nn.softmax")(x)
    if ndim > 1:
        e = _op("exp")(x - _op("reduce_max")(x, axis=axis, keepdims=True))
        return e / _op("reduce_sum")(e, axis=axis, keepdims=True)
    raise ValueError(f"Cannot apply softmax to a tensor that is 1D. Received input: {x!s}")


@export("keras.activations.elu")
def elu(x, alpha=1.0):
    """x if x > 0 else alpha * (exp(x) - 1)."""
    res = _op("nn.elu")(x)
    return res if alpha == 1 else _op("where")(x > 0, res, alpha * res)


@export("keras.activations.selu")
def selu(x):
    return _op("nn.selu")(x)


@export("keras.activations.softplus")
def softplus(x):
    return _op("nn.softplus")(x)


@export("keras.activations.softsign")
def softsign(x):
    return _op("nn.softsign")(x)


@export("keras.activations.relu", "keras.backend.relu")
def relu(x, alpha=0., max_value=None, threshold=0):
    """Keras' relu: leaky slope `alpha` below `threshold`, clipped at `max_value`."""
    if alpha != 0.:
        if max_value is None and threshold == 0:
            return _op("nn.leaky_relu")(x, alpha=alpha)
        negative = _op("nn.relu")(threshold - x if threshold != 0 else -x)
    clip = max_value is not None
    if threshold != 0:
        x = x * _op("cast")(x > threshold, x.dtype)
    elif max_value == 6:
        x = _op("nn.relu6")(x)
        clip = False
    else:
        x = _op("nn.relu")(x)
    if clip:
        x = _op("clip_by_value")(x, 0., max_value)
    if alpha != 0.:
        x = x - alpha * negative
    return x


@export("keras.activations.tanh")
def tanh(x):
    return _op("tanh")(x)


@export("keras.activations.sigmoid")
def sigmoid(x):
    return _op("sigmoid")(x)


@export("keras.activations.exponential")
def exponential(x):
    return _op("exp")(x)


@export("keras.activations.hard_sigmoid")
def hard_sigmoid(x):
    """Piecewise-linear sigmoid: clip(0.2 * x + 0.5, 0, 1)."""
    return _op("clip_by_value")(x * 0.2 + 0.5, 0., 1.)


@export("keras.activations.linear")
def linear(x):
    return x


_BY_NAME = {fn.__name__: fn for fn in (softmax, elu, selu, softplus, softsign, relu, tanh,
                                       sigmoid, exponential, hard_sigmoid, linear)}


@export("keras.activations.serialize")
def serialize(activation):
    """The name of an activation function."""
    return activation.__name__


@export("keras.activations.deserialize")
def deserialize(name, custom_objects=None):
    """The activation function called `name`."""
    objects = dict(_BY_NAME, **(custom_objects or {}))
    if name not in objects:
        raise ValueError("Unknown activation function:" + str(name))
    return objects[name]


@export("keras.activations.get")
def get(identifier):
    """What a layer's `activation=` means: None is linear, a name is looked up, a callable
    is used as it is."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret activation function identifier:", identifier)
