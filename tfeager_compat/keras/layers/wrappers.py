"""Layer wrappers as TF 1.15's `tf.keras` has them: Bidirectional and TimeDistributed."""
import copy

from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from .. import backend
from ..engine.base_layer import Layer

_op = backend.op


class Wrapper(Layer):
    """A layer around another layer, which it tracks."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer


@export("keras.layers.TimeDistributed")
class TimeDistributed(Wrapper):
    """Apply `layer` to every time step of (batch, time, ...) inputs: the steps are folded
    into the batch, so it is one call of the layer. Its variables are named under the wrapper
    ('time_distributed/kernel:0')."""

    def build(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if len(dims) < 3:
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape ` with "
                             f"at least 3 dimensions, received: {dims}")
        if not self.layer.built:
            if self.layer._dtype is None:
                object.__setattr__(self.layer, "_dtype", self.dtype)
            self.layer.build(TensorShape([dims[0] * dims[1] if dims[0] and dims[1] else None]
                                         + dims[2:]))
            self.layer.built = True
        self.built = True

    def call(self, inputs, training=None, mask=None):
        dims = inputs.shape.as_list()
        folded = _op("reshape")(inputs, [dims[0] * dims[1]] + dims[2:])
        outputs = self.layer.call(folded)
        out_dims = outputs.shape.as_list()
        return _op("reshape")(outputs, dims[:2] + out_dims[1:])

    def get_config(self):
        config = super().get_config()
        config["layer"] = {"class_name": type(self.layer).__name__,
                           "config": self.layer.get_config()}
        return config


def _renamed_copy(layer, name):
    """A shallow copy of `layer` under another name, tracking what it tracks."""
    twin = copy.copy(layer)
    for attr in ("_tracked", "_trainable_weights", "_non_trainable_weights"):
        object.__setattr__(twin, attr, copy.copy(getattr(layer, attr)))
    object.__setattr__(twin, "_weights_cache", None)
    object.__setattr__(twin, "_name", name)
    return twin


@export("keras.layers.Bidirectional")
class Bidirectional(Wrapper):
    """Run a recurrent layer forwards ('forward_<name>') and a copy of it backwards
    ('backward_<name>', `go_backwards` flipped), the backward outputs put back in time order,
    merged by `merge_mode`: 'concat' (default), 'sum', 'mul', 'ave', or None (both, as a list).
    With `return_state`, the forward states then the backward states follow the output."""

    _MODES = ("sum", "mul", "ave", "concat", None)

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs):
        if merge_mode not in self._MODES:
            raise ValueError(f"Invalid merge mode. Merge mode should be one of "
                             f'{{"sum", "mul", "ave", "concat", None}}')
        super().__init__(layer, **kwargs)
        forward = _renamed_copy(layer, "forward_" + layer.name)
        if backward_layer is None:
            config = layer.get_config()
            config["go_backwards"] = not config["go_backwards"]
            backward_layer = type(layer).from_config(config)
        object.__setattr__(backward_layer, "_name", "backward_" + layer.name)
        self.forward_layer = forward
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        if weights:
            object.__setattr__(self, "_initial_weights", weights)

    def _sublayers(self):
        return [self.forward_layer, self.backward_layer]

    def call(self, inputs, training=None, mask=None, initial_state=None):
        kwargs = {"training": training, "mask": mask}
        if initial_state is not None:
            half = len(initial_state) // 2
            forward = self.forward_layer(inputs, initial_state=initial_state[:half], **kwargs)
            backward = self.backward_layer(inputs, initial_state=initial_state[half:],
                                           **kwargs)
        else:
            forward = self.forward_layer(inputs, **kwargs)
            backward = self.backward_layer(inputs, **kwargs)
        states = []
        if self.return_state:
            states = forward[1:] + backward[1:]
            forward, backward = forward[0], backward[0]
        if self.return_sequences:
            backward = _op("reverse")(backward, [1])
        if self.merge_mode == "concat":
            output = _op("concat")([forward, backward], -1)
        elif self.merge_mode == "sum":
            output = forward + backward
        elif self.merge_mode == "ave":
            output = (forward + backward) / 2
        elif self.merge_mode == "mul":
            output = forward * backward
        else:
            output = [forward, backward]
        if self.return_state:
            return (output if isinstance(output, list) else [output]) + list(states)
        return output

    def reset_states(self):
        self.forward_layer.reset_states()
        self.backward_layer.reset_states()

    def get_config(self):
        config = super().get_config()
        config["layer"] = {"class_name": type(self.layer).__name__,
                           "config": self.layer.get_config()}
        config["merge_mode"] = self.merge_mode
        return config
