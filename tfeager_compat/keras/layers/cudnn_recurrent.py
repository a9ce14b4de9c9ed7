"""`tf.keras.layers.CuDNNGRU` and `CuDNNLSTM` (TF 1.15), on any device.

TF ran these only on a GPU, through cuDNN's fused kernel; here they are ordinary compiled loops
(`rnn.loop.scan`) computing cuDNN's math with the Keras layers' weight layout, so a program
that picked them because `tf.test.is_gpu_available()` said so runs anywhere and gets the same
numbers:

- CuDNNGRU: gates z, r, h; sigmoid gates, tanh candidate, the reset gate applied after the
  recurrent product: `h' = tanh(x.W_h + b_h + r * (h.U_h + c_h))`, `h = z * h_prev + (1 - z) * h'`
  (GRU with `reset_after=True, recurrent_activation='sigmoid'`); `bias` has 6 * units entries,
  the input biases then the recurrent ones.
- CuDNNLSTM: gates i, f, c, o; sigmoid gates, tanh; `bias` has 8 * units entries, input then
  recurrent biases, which are summed; `unit_forget_bias` starts the recurrent forget bias at 1.

The weights are the layer's own (`cu_dnngru/kernel:0`, `recurrent_kernel:0`, `bias:0`). The
input products of every step are one matrix product before the loop (as cuDNN does), so the
loop carries only the recurrent part. Masks are refused, as TF refuses them.
"""
from ... import initializers, regularizers
from ...framework.convert import to_tensor
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from ...variables import Variable
from .. import backend
from ..engine.base_layer import Layer
from ..utils.generic_utils import serialize_keras_object
from .recurrent import RNN

_op = backend.op
_matmul, _split, _sigmoid, _tanh = (_op("matmul"), _op("split"), _op("sigmoid"), _op("tanh"))


class _GRUStep:
    """One CuDNN GRU step on the projected input `x.W + b_input` (the state is `[h]`)."""

    def __init__(self, layer):
        self.layer = layer

    @property
    def state_size(self):
        return self.layer.units

    output_size = state_size

    def call(self, projected, states):
        layer, h_tm1 = self.layer, states[0]
        x_z, x_r, x_h = _split(projected, 3, axis=1)
        inner = _op("nn.bias_add")(_matmul(h_tm1, layer.recurrent_kernel),
                                   layer.bias[3 * layer.units:])
        r_z, r_r, r_h = _split(inner, 3, axis=1)
        z = _sigmoid(x_z + r_z)
        r = _sigmoid(x_r + r_r)
        h = z * h_tm1 + (1 - z) * _tanh(x_h + r * r_h)
        return h, [h]


class _LSTMStep:
    """One CuDNN LSTM step on the projected input `x.W + b_input + b_recurrent` (the state is
    `[h, c]`)."""

    def __init__(self, layer):
        self.layer = layer

    @property
    def state_size(self):
        return [self.layer.units, self.layer.units]

    @property
    def output_size(self):
        return self.layer.units

    def call(self, projected, states):
        h_tm1, c_tm1 = states
        z = projected + _matmul(h_tm1, self.layer.recurrent_kernel)
        z_i, z_f, z_c, z_o = _split(z, 4, axis=1)
        c = _sigmoid(z_f) * c_tm1 + _sigmoid(z_i) * _tanh(z_c)
        h = _sigmoid(z_o) * _tanh(c)
        return h, [h, c]


class _CuDNNRNN(RNN):
    """What both layers share: the call (TF's `_CuDNNRNN.call`), weights and config."""

    _gates = None

    def __init__(self, step, return_sequences, return_state, go_backwards, stateful,
                 kernel_initializer, recurrent_initializer, bias_initializer,
                 kernel_regularizer, recurrent_regularizer, bias_regularizer,
                 activity_regularizer, kernel_constraint, recurrent_constraint, bias_constraint,
                 time_major=False, **kwargs):
        super().__init__(step, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, time_major=time_major,
                         activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        self.supports_masking = False
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = kernel_constraint
        self.recurrent_constraint = recurrent_constraint
        self.bias_constraint = bias_constraint

    def build(self, input_shape):
        super().build(input_shape)
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_dim = TensorShape(input_shape)[-1].value
        width = self.units * self._gates
        self.kernel = self.add_weight(
            "kernel", shape=(input_dim, width), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel", shape=(self.units, width),
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = self.add_weight(
            "bias", shape=(2 * width,), initializer=self._bias_initializer(),
            regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def _bias_initializer(self):
        return self.bias_initializer

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(mask, list):
            mask = mask[0]
        if mask is not None:
            raise ValueError("Masking is not supported for CuDNN RNNs.")
        if isinstance(inputs, list):
            inputs, initial_state = inputs[0], inputs[1:]
        inputs = to_tensor(inputs) if not isinstance(inputs, Tensor) else inputs
        self._check_rank(inputs.shape)
        if initial_state is None:
            initial_state = self.states if self.stateful else self.get_initial_state(inputs)
        initial_state = [s.read_value() if isinstance(s, Variable) else to_tensor(s)
                         for s in (initial_state if isinstance(initial_state, (list, tuple))
                                   else [initial_state])]
        if len(initial_state) != len(self.states):
            raise ValueError(f"Layer has {len(self.states)} states but was passed "
                             f"{len(initial_state)} initial states.")
        projected = _op("nn.bias_add")(
            _op("tensordot")(inputs, self.kernel, [[2], [0]]), self._input_bias())
        outputs, last_output, states = self._run(projected, initial_state, None, training)
        if self.stateful:
            for variable, state in zip(self._states, states):
                variable.assign(state)
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output] + list(states)
        return output

    def get_config(self):
        config = Layer.get_config(self)
        config.update({
            "return_sequences": self.return_sequences, "return_state": self.return_state,
            "go_backwards": self.go_backwards, "stateful": self.stateful,
            "time_major": self.time_major, "units": self.units,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer)})
        if hasattr(self, "unit_forget_bias"):
            config["unit_forget_bias"] = self.unit_forget_bias
        for name in ("kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                     "activity_regularizer", "kernel_constraint", "recurrent_constraint",
                     "bias_constraint"):
            config[name] = serialize_keras_object(getattr(self, name))
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@export("keras.layers.CuDNNGRU")
class CuDNNGRU(_CuDNNRNN):
    """A GRU with cuDNN's math (sigmoid gates, reset after the recurrent product) and a
    `(6 * units,)` bias."""

    _gates = 3

    def __init__(self, units, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        self.units = units
        super().__init__(_GRUStep(self), return_sequences, return_state, go_backwards,
                         stateful, kernel_initializer, recurrent_initializer,
                         bias_initializer, kernel_regularizer, recurrent_regularizer,
                         bias_regularizer, activity_regularizer, kernel_constraint,
                         recurrent_constraint, bias_constraint, **kwargs)

    def _input_bias(self):
        return self.bias[:3 * self.units]


@export("keras.layers.CuDNNLSTM")
class CuDNNLSTM(_CuDNNRNN):
    """An LSTM with cuDNN's math (sigmoid gates, tanh) and a `(8 * units,)` bias whose input
    and recurrent halves are summed."""

    _gates = 4

    def __init__(self, units, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, **kwargs):
        self.units = units
        self.unit_forget_bias = unit_forget_bias
        super().__init__(_LSTMStep(self), return_sequences, return_state, go_backwards,
                         stateful, kernel_initializer, recurrent_initializer,
                         bias_initializer, kernel_regularizer, recurrent_regularizer,
                         bias_regularizer, activity_regularizer, kernel_constraint,
                         recurrent_constraint, bias_constraint, **kwargs)

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, units = self.bias_initializer, self.units

        def initializer(shape, dtype=None):  # the recurrent forget gate's bias starts at 1
            return _op("concat")([base((units * 5,), dtype=dtype),
                                  initializers.Ones()((units,), dtype=dtype),
                                  base((units * 2,), dtype=dtype)], 0)
        return initializer

    def _input_bias(self):
        width = 4 * self.units
        return self.bias[:width] + self.bias[width:]
