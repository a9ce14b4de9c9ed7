"""Recurrent layers as TF 1.15's `tf.keras` has them (its v1 `recurrent.py`).

Cells: SimpleRNNCell, LSTMCell, GRUCell (TF1's gate order z, r, h and `reset_after=False`
default), StackedRNNCells. Layers: RNN(cell) and SimpleRNN, LSTM, GRU over it, with
`return_sequences`, `return_state`, `initial_state` (argument or list input), `go_backwards`,
`stateful` / `reset_states`, `unroll`, `time_major`, `mask=` and per-call dropout masks.

The loop over time is one op (`rnn.loop.scan`): the cell's `call`, written with the op table's
public functions, is traced once inside a `lax.scan`; a cell called by hand runs op by op.
Recurrent `activation`/`recurrent_activation` default to TF 1.15's `tanh`/`hard_sigmoid`.

Differences from TensorFlow: LSTM's `implementation=1` without dropout computes its gates with
one matrix product per input (implementation 2's math; the same values up to rounding).
"""
import numpy as np

from ... import initializers, regularizers
from ...framework import dtypes
from ...framework.convert import to_tensor
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from ...rnn import loop, nest
from ...scopes import name_scope
from ...variables import Variable
from .. import activations, backend
from ..engine.base_layer import Layer
from ..utils.generic_utils import serialize_keras_object

_op = backend.op
_matmul, _bias_add, _split, _concat = (_op("matmul"), _op("nn.bias_add"), _op("split"),
                                       _op("concat"))
_transpose, _reverse, _where, _zeros = (_op("transpose"), _op("reverse"), _op("where_v2"),
                                        _op("zeros"))


def _merge(base, config):
    return dict(list(base.items()) + list(config.items()))


def _dot(x, y):
    return _matmul(x, y)


def _in_training(training):
    """TF 1.15's `K.in_train_phase` choice: `training`, else the learning phase."""
    return bool(backend.learning_phase() if training is None else training)


def _dropout_masks(ones, rate, training, count):
    """`count` dropout masks over `ones` (TF's `_generate_dropout_mask`), None when not
    training."""
    if not _in_training(training):
        return None
    dropout = _op("nn.dropout")
    masks = [dropout(ones, rate=rate) for _ in range(count)]
    return masks if count > 1 else masks[0]


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _state_sizes(cell):
    """The cell's state sizes as a flat list of ints (TF1 cells' nested sizes flattened)."""
    size = cell.state_size
    if hasattr(size, "_fields") or isinstance(size, (list, tuple)):
        return [int(s) for item in size for s in _flat_sizes(item)]
    return [int(s) for s in _flat_sizes(size)]


def _flat_sizes(size):
    if isinstance(size, (list, tuple)):
        return [s for item in size for s in _flat_sizes(item)]
    if isinstance(size, TensorShape):
        return [size.as_list()[-1]]
    return [size]


class DropoutRNNCellMixin:
    """The per-call dropout masks of a cell (TF 1.15's mixin): made once, then reused by
    every step until `reset_dropout_mask` (the RNN layer resets them on each call)."""

    _dropout_mask = None
    _recurrent_dropout_mask = None

    def reset_dropout_mask(self):
        object.__setattr__(self, "_dropout_mask", None)

    def reset_recurrent_dropout_mask(self):
        object.__setattr__(self, "_recurrent_dropout_mask", None)

    def get_dropout_mask_for_cell(self, inputs, training, count=1):
        if self.dropout == 0:
            return None
        if self._dropout_mask is None:
            object.__setattr__(self, "_dropout_mask", _dropout_masks(
                _op("ones_like")(inputs), self.dropout, training, count))
        return self._dropout_mask

    def get_recurrent_dropout_mask_for_cell(self, inputs, training, count=1):
        if self.recurrent_dropout == 0:
            return None
        if self._recurrent_dropout_mask is None:
            object.__setattr__(self, "_recurrent_dropout_mask", _dropout_masks(
                _op("ones_like")(inputs), self.recurrent_dropout, training, count))
        return self._recurrent_dropout_mask

    # -- the RNN layer's side: masks made before the loop, bound inside it -----------------
    def _loop_constants(self, inputs, states, training):
        """Make this call's masks from the first step's input and state (as TF's first step
        would) and return them flat."""
        self.reset_dropout_mask()
        self.reset_recurrent_dropout_mask()
        masks = [self.get_dropout_mask_for_cell(inputs, training, self._mask_count),
                 self.get_recurrent_dropout_mask_for_cell(states[0], training,
                                                          self._mask_count)]
        self._mask_layout = [None if m is None else len(_as_list(m)) for m in masks]
        return [t for m in masks if m is not None for t in _as_list(m)]

    def _bind_constants(self, constants):
        """Let the steps use `constants` (traced masks) as this call's masks; None unbinds."""
        if constants is None:
            self.reset_dropout_mask()
            self.reset_recurrent_dropout_mask()
            return
        constants = list(constants)
        masks = []
        for n in self._mask_layout:
            if n is None:
                masks.append(None)
            else:
                masks.append(constants[:n] if self._mask_count > 1 else constants[0])
                constants = constants[n:]
        object.__setattr__(self, "_dropout_mask", masks[0])
        object.__setattr__(self, "_recurrent_dropout_mask", masks[1])


class _Cell(DropoutRNNCellMixin, Layer):
    """What the three Keras cells share: units, activations, initializers, regularizers,
    constraints, dropout rates and their configs."""

    _mask_count = 1

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0., recurrent_dropout=0., **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = kernel_constraint
        self.recurrent_constraint = recurrent_constraint
        self.bias_constraint = bias_constraint
        self.dropout = min(1., max(0., dropout))
        self.recurrent_dropout = min(1., max(0., recurrent_dropout))

    def _build_weights(self, input_dim, gates, bias_shape, bias_initializer=None):
        self.kernel = self.add_weight(
            "kernel", shape=(input_dim, self.units * gates),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel", shape=(self.units, self.units * gates),
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        if self.use_bias:
            self.bias = self.add_weight(
                "bias", shape=bias_shape, initializer=bias_initializer or self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        else:
            self.bias = None
        self.built = True

    def get_config(self):
        config = {"units": self.units, "activation": activations.serialize(self.activation)}
        if hasattr(self, "recurrent_activation"):
            config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config.update({
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer)})
        if hasattr(self, "unit_forget_bias"):
            config["unit_forget_bias"] = self.unit_forget_bias
        config.update({
            "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
            "recurrent_regularizer": serialize_keras_object(self.recurrent_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "kernel_constraint": serialize_keras_object(self.kernel_constraint),
            "recurrent_constraint": serialize_keras_object(self.recurrent_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint),
            "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout})
        if hasattr(self, "implementation"):
            config["implementation"] = self.implementation
        if hasattr(self, "reset_after"):
            config["reset_after"] = self.reset_after
        return _merge(super().get_config(), config)


def _masked(x, mask):
    return x if mask is None else x * mask


@export("keras.layers.SimpleRNNCell")
class SimpleRNNCell(_Cell):
    """`h = activation(x . kernel + bias + h_prev . recurrent_kernel)`."""

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def build(self, input_shape):
        self._build_weights(TensorShape(input_shape)[-1].value, 1, (self.units,))

    def call(self, inputs, states, training=None):
        prev_output = states[0]
        dp_mask = self.get_dropout_mask_for_cell(inputs, training)
        rec_dp_mask = self.get_recurrent_dropout_mask_for_cell(prev_output, training)
        h = _dot(_masked(inputs, dp_mask), self.kernel)
        if self.bias is not None:
            h = _bias_add(h, self.bias)
        output = h + _dot(_masked(prev_output, rec_dp_mask), self.recurrent_kernel)
        if self.activation is not None:
            output = self.activation(output)
        return output, [output]


@export("keras.layers.GRUCell")
class GRUCell(_Cell):
    """TF 1.15's GRU step, gates in the order z (update), r (reset), h (candidate):
    `h = z * h_prev + (1 - z) * activation(x_h + (r * h_prev) . U_h)` with `reset_after=False`
    (the default), or `activation(x_h + r * (h_prev . U_h + b_rh))` with `reset_after=True`
    (CuDNN's form, whose bias has an input row and a recurrent row)."""

    _mask_count = 3

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0., recurrent_dropout=0., implementation=1, reset_after=False,
                 **kwargs):
        super().__init__(units, activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, kernel_regularizer,
                         recurrent_regularizer, bias_regularizer, kernel_constraint,
                         recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                         **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.implementation = implementation
        self.reset_after = reset_after

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def build(self, input_shape):
        shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self._build_weights(TensorShape(input_shape)[-1].value, 3, shape)

    def call(self, inputs, states, training=None):
        h_tm1, units = states[0], self.units
        dp_mask = self.get_dropout_mask_for_cell(inputs, training, 3)
        rec_dp_mask = self.get_recurrent_dropout_mask_for_cell(h_tm1, training, 3)
        if self.bias is None:
            input_bias = recurrent_bias = None
        elif self.reset_after:
            input_bias, recurrent_bias = self.bias[0], self.bias[1]
        else:
            input_bias, recurrent_bias = self.bias, None
        if dp_mask is None:
            x = _dot(inputs, self.kernel)
        else:
            x = _concat([_dot(inputs * m, k) for m, k in
                         zip(dp_mask, _split(self.kernel, 3, axis=1))], 1)
        if input_bias is not None:
            x = _bias_add(x, input_bias)
        x_z, x_r, x_h = _split(x, 3, axis=1)
        h_z, h_r, h_h = [h_tm1] * 3 if rec_dp_mask is None else [h_tm1 * m for m in rec_dp_mask]
        activation, recurrent_activation = self.activation, self.recurrent_activation
        if self.reset_after:
            if rec_dp_mask is None:
                inner = _dot(h_tm1, self.recurrent_kernel)
            else:
                inner = _concat([_dot(h, k) for h, k in zip(
                    (h_z, h_r, h_h), _split(self.recurrent_kernel, 3, axis=1))], 1)
            if recurrent_bias is not None:
                inner = _bias_add(inner, recurrent_bias)
            r_z, r_r, r_h = _split(inner, 3, axis=1)
            z = recurrent_activation(x_z + r_z)
            r = recurrent_activation(x_r + r_r)
            hh = activation(x_h + r * r_h)
        else:
            if rec_dp_mask is None:
                r_z, r_r = _split(_dot(h_tm1, self.recurrent_kernel[:, :2 * units]), 2, axis=1)
            else:
                r_z = _dot(h_z, self.recurrent_kernel[:, :units])
                r_r = _dot(h_r, self.recurrent_kernel[:, units:2 * units])
            z = recurrent_activation(x_z + r_z)
            r = recurrent_activation(x_r + r_r)
            hh = activation(x_h + _dot(r * h_h, self.recurrent_kernel[:, 2 * units:]))
        h = z * h_tm1 + (1 - z) * hh
        return h, [h]


@export("keras.layers.LSTMCell")
class LSTMCell(_Cell):
    """TF 1.15's LSTM step, gates in the order i, f, c, o:
    `c = f * c_prev + i * activation(x_c + h_prev . U_c)`, `h = o * activation(c)`;
    `unit_forget_bias` starts the forget gate's bias at 1."""

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0., recurrent_dropout=0., implementation=1,
                 **kwargs):
        super().__init__(units, activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, kernel_regularizer,
                         recurrent_regularizer, bias_regularizer, kernel_constraint,
                         recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                         **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.implementation = implementation

    @property
    def _mask_count(self):
        return 4 if self.implementation == 1 else 1

    @property
    def state_size(self):
        return [self.units, self.units]

    @property
    def output_size(self):
        return self.units

    def build(self, input_shape):
        bias_initializer = None
        if self.unit_forget_bias:
            base, units = self.bias_initializer, self.units

            def bias_initializer(shape, dtype=None):
                return _concat([base((units,), dtype=dtype),
                                initializers.Ones()((units,), dtype=dtype),
                                base((units * 2,), dtype=dtype)], 0)
        self._build_weights(TensorShape(input_shape)[-1].value, 4, (4 * self.units,),
                            bias_initializer)

    def call(self, inputs, states, training=None):
        h_tm1, c_tm1 = states[0], states[1]
        count = self._mask_count
        dp_mask = self.get_dropout_mask_for_cell(inputs, training, count)
        rec_dp_mask = self.get_recurrent_dropout_mask_for_cell(h_tm1, training, count)
        z = _product(inputs, dp_mask, self.kernel) + _product(h_tm1, rec_dp_mask,
                                                              self.recurrent_kernel)
        if self.bias is not None:
            z = _bias_add(z, self.bias)
        z_i, z_f, z_c, z_o = _split(z, 4, axis=1)
        recurrent_activation = self.recurrent_activation
        i = recurrent_activation(z_i)
        f = recurrent_activation(z_f)
        c = f * c_tm1 + i * self.activation(z_c)
        o = recurrent_activation(z_o)
        h = o * self.activation(c)
        return h, [h, c]


def _product(x, masks, kernel):
    """`x . kernel`, with one dropout mask per gate block when there are several."""
    if masks is None:
        return _dot(x, kernel)
    if not isinstance(masks, list):
        return _dot(x * masks, kernel)
    return _concat([_dot(x * m, k) for m, k in zip(masks, _split(kernel, len(masks), axis=1))],
                   1)


@export("keras.layers.StackedRNNCells")
class StackedRNNCells(Layer):
    """Several cells run as one: each step feeds each cell's output to the next; the state is
    every cell's states in order."""

    def __init__(self, cells, **kwargs):
        for cell in cells:
            if not hasattr(cell, "call"):
                raise ValueError("All cells must have a `call` method. received cells:", cells)
            if not hasattr(cell, "state_size"):
                raise ValueError("All cells must have a `state_size` attribute. received "
                                 "cells:", cells)
        super().__init__(**kwargs)
        self.cells = cells

    @property
    def state_size(self):
        return [s for cell in self.cells for s in _as_list(cell.state_size)]

    @property
    def output_size(self):
        return self.cells[-1].output_size

    def build(self, input_shape):
        dim = TensorShape(input_shape)[-1].value
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                _set_dtype(cell, self.dtype)
                with name_scope(cell.name):
                    cell.build(TensorShape([None, dim]))
                    cell.built = True
            dim = _flat_sizes(cell.output_size)[0]
        self.built = True

    def call(self, inputs, states, constants=None, **kwargs):
        new_states = []
        for cell in self.cells:
            n = len(_as_list(cell.state_size))
            cell_states, states = states[:n], states[n:]
            inputs, cell_states = _call_cell(cell, inputs, cell_states, kwargs.get("training"))
            new_states += _as_list(cell_states)
        return inputs, new_states

    def _loop_constants(self, inputs, states, training):
        out, layout = [], []
        for cell in self.cells:
            n = len(_as_list(cell.state_size))
            made = (cell._loop_constants(inputs, states[:n], training)
                    if hasattr(cell, "_loop_constants") else [])
            layout.append(len(made))
            out += made
            states = states[n:]
            inputs = _zeros([inputs.shape[0].value, _flat_sizes(cell.output_size)[0]],
                            inputs.dtype)
        object.__setattr__(self, "_constants_layout", layout)
        return out

    def _bind_constants(self, constants):
        for cell, n in zip(self.cells, self._constants_layout):
            if hasattr(cell, "_bind_constants"):
                cell._bind_constants(None if constants is None else constants[:n])
            if constants is not None:
                constants = constants[n:]

    def get_config(self):
        return _merge(super().get_config(), {"cells": [
            {"class_name": type(c).__name__, "config": c.get_config()} for c in self.cells]})

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """The cells rebuilt from their configs (as TF's `StackedRNNCells.from_config`)."""
        from ..engine.saving import deserialize
        config = dict(config)
        cells = [deserialize(c, custom_objects) for c in config.pop("cells")]
        return cls(cells, **config)


def _set_dtype(layer, dtype):
    if layer._dtype is None and dtype is not None:
        object.__setattr__(layer, "_dtype", dtypes.as_dtype(dtype).name)


def _takes_training(cell):
    import inspect
    try:
        params = inspect.signature(cell.call).parameters
    except (TypeError, ValueError):
        return False
    return "training" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _call_cell(cell, inputs, states, training):
    """One step of a Keras cell (`cell.call(inputs, states_list)`) or of a TF1 cell (called
    with its state structure); returns (output, states as a list)."""
    if hasattr(cell, "zero_state"):  # a tf.nn.rnn_cell cell
        output, new_state = cell.call(inputs, nest.pack(cell.state_size, states))
        return output, nest.flatten(new_state)
    if _takes_training(cell):
        output, new_states = cell.call(inputs, states, training=training)
    else:
        output, new_states = cell.call(inputs, states)
    return output, _as_list(new_states)


@export("keras.layers.RNN")
class RNN(Layer):
    """Run a cell over the time axis of (batch, time, features) inputs (time first with
    `time_major=True`) as one compiled loop."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, time_major=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call"):
            raise ValueError("`cell` should have a `call` method. The RNN was passed:", cell)
        if not hasattr(cell, "state_size"):
            raise ValueError("The RNN cell should have an attribute `state_size` (tuple of "
                             "integers, one integer per RNN state).")
        self.zero_output_for_mask = kwargs.pop("zero_output_for_mask", False)
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.time_major = time_major
        self.supports_masking = True
        self.input_spec = None
        object.__setattr__(self, "_states", None)
        object.__setattr__(self, "_loops", {})

    @property
    def states(self):
        if self._states is None:
            return [None] * len(_state_sizes(self.cell))
        return self._states

    @states.setter
    def states(self, states):
        object.__setattr__(self, "_states", states)

    def __setattr__(self, name, value):
        if name == "states":  # not tracked: stateful states are not weights (as TF's)
            object.__setattr__(self, "_states", value)
        else:
            super().__setattr__(name, value)

    def build(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_shape = TensorShape(input_shape)
        self._check_rank(input_shape)
        dims = input_shape.as_list()
        batch = dims[1] if self.time_major else dims[0]
        if isinstance(self.cell, Layer) and not self.cell.built:
            _set_dtype(self.cell, self.dtype)
            with name_scope(self.cell.name):
                self.cell.build(TensorShape([batch] + dims[2:]))
                self.cell.built = True
        if self.stateful:
            self.reset_states(batch_size=batch)
        self.built = True

    def _check_rank(self, shape):
        """TF's input-spec error for inputs that are not (batch, time, features)."""
        if shape.ndims != 3:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: "
                             f"expected ndim=3, found ndim={shape.ndims}. Full shape "
                             f"received: {shape.as_list()}")

    def get_initial_state(self, inputs):
        """Zeros of shape (batch, size) for each state, in the inputs' dtype."""
        batch = inputs.shape[1 if self.time_major else 0].value
        return [_zeros([batch, size], inputs.dtype) for size in _state_sizes(self.cell)]

    def reset_states(self, states=None, batch_size=None):
        """Set a stateful layer's states to zeros, or to `states` (NumPy values)."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        sizes = _state_sizes(self.cell)
        if self._states is not None and batch_size is None:
            batch_size = self._states[0].shape[0].value
        if batch_size is None:
            raise ValueError("If a RNN is stateful, it needs to know its batch size. Specify "
                             "the batch size of your input tensors: \n- If using a Sequential "
                             "model, specify the batch size by passing a `batch_input_shape` "
                             "argument to your first layer.\n- If using the functional API, "
                             "specify the batch size by passing a `batch_shape` argument to "
                             "your Input layer.")
        dtype = dtypes.as_dtype(self.dtype or backend.floatx())
        if states is None:
            values = [np.zeros((batch_size, size), dtype.as_numpy_dtype) for size in sizes]
        else:
            values = _as_list(states)
            if len(values) != len(sizes):
                raise ValueError(f"Layer {self.name} expects {len(sizes)} states, but it "
                                 f"received {len(values)} state values. Input received: "
                                 f"{states}")
            for index, (value, size) in enumerate(zip(values, sizes)):
                if np.shape(value) != (batch_size, size):
                    raise ValueError(f"State {index} is incompatible with layer {self.name}: "
                                     f"expected shape={(batch_size, size)}, found shape="
                                     f"{np.shape(value)}")
        if self._states is None:
            self.states = [Variable(np.asarray(v, dtype.as_numpy_dtype), trainable=False)
                           for v in values]
        else:
            for variable, value in zip(self._states, values):
                variable.assign(np.asarray(value, dtype.as_numpy_dtype))

    def call(self, inputs, mask=None, training=None, initial_state=None, constants=None):
        if constants is not None:
            raise NotImplementedError("RNN constants are not supported by tfeager_compat")
        if isinstance(inputs, (list, tuple)):
            inputs, initial_state = inputs[0], list(inputs[1:]) or initial_state
        inputs = to_tensor(inputs) if not isinstance(inputs, Tensor) else inputs
        self._check_rank(inputs.shape)
        if isinstance(mask, list):  # the masks of [inputs, *initial_state]
            mask = mask[0]
        if self.stateful:
            initial_state = [v.read_value() for v in self._states]
        elif initial_state is not None:
            initial_state = [to_tensor(s) for s in _as_list(initial_state)]
            if len(initial_state) != len(_state_sizes(self.cell)):
                raise ValueError(f"An `initial_state` was passed that is not compatible with "
                                 f"`cell.state_size`. Received `state_spec`="
                                 f"{[s.shape for s in initial_state]}; however `cell.state_size` "
                                 f"is {self.cell.state_size}")
        else:
            initial_state = self.get_initial_state(inputs)
        outputs, last_output, states = self._run(inputs, initial_state, mask, training)
        if self.stateful:
            for variable, state in zip(self._states, states):
                variable.assign(state)
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output] + list(states)
        return output

    def _run(self, inputs, initial_state, mask, training):
        """The loop: returns (the output sequence, the last output, the final states)."""
        cell = self.cell
        sequence = inputs if self.time_major else _transpose(inputs, [1, 0, 2])
        if self.go_backwards:
            sequence = _reverse(sequence, [0])
        sequences = [sequence]
        if mask is not None:
            mask = _transpose(_op("cast")(mask, dtypes.bool_), [1, 0])
            sequences.append(mask[::-1] if self.go_backwards else mask)
        constants = (cell._loop_constants(sequence[0], initial_state, training)
                     if hasattr(cell, "_loop_constants") else [])
        carry = list(initial_state)
        if mask is not None:  # the previous output, kept at masked steps
            carry.append(_zeros([sequence.shape[1].value, _flat_sizes(cell.output_size)[0]],
                                inputs.dtype))
        n_states = len(initial_state)
        masked = mask is not None
        zero_masked = self.zero_output_for_mask

        def step(xs, carry, consts):
            if consts:
                cell._bind_constants(consts)
            try:
                output, new_states = _call_cell(cell, xs[0], carry[:n_states], training)
            finally:
                if consts:
                    cell._bind_constants(None)
            if masked:
                keep = _op("expand_dims")(xs[1], 1)
                new_states = [_where(keep, n, o) for n, o in zip(new_states, carry)]
                kept = _where(keep, output, carry[n_states])
                output = _where(keep, output, _op("zeros_like")(output)) if zero_masked else kept
                return [output], new_states + [kept]
            return [output], new_states

        key = (_in_training(training), masked, len(constants), n_states, bool(self.unroll))
        outputs, final = loop.scan(self._loops, key, step, sequences, carry, constants,
                                   unroll=self.unroll, name=f"{type(self).__name__}Loop")
        outputs = outputs[0]
        last_output = final[n_states] if masked else outputs[-1]
        if not self.time_major:
            outputs = _transpose(outputs, [1, 0, 2])
        return outputs, last_output, final[:n_states]

    def compute_mask(self, inputs, mask):
        """The input mask for the output sequence with `return_sequences`, else None; states
        have none."""
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(_state_sizes(self.cell))
        return output_mask

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        dims = TensorShape(input_shape).as_list()
        batch, time = (dims[1], dims[0]) if self.time_major else (dims[0], dims[1])
        units = _flat_sizes(self.cell.output_size)[0]
        if self.return_sequences:
            shape = [time, batch, units] if self.time_major else [batch, time, units]
        else:
            shape = [batch, units]
        shape = TensorShape(shape)
        if self.return_state:
            return [shape] + [TensorShape([batch, s]) for s in _state_sizes(self.cell)]
        return shape

    def get_config(self):
        config = {"return_sequences": self.return_sequences,
                  "return_state": self.return_state, "go_backwards": self.go_backwards,
                  "stateful": self.stateful, "unroll": self.unroll,
                  "time_major": self.time_major}
        if type(self) is RNN:
            config["cell"] = {"class_name": type(self.cell).__name__,
                              "config": self.cell.get_config()}
        return _merge(super().get_config(), config)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """The cell rebuilt from its config (as TF's `RNN.from_config`; Bidirectional makes its
        backward layer this way)."""
        from ..engine.saving import deserialize
        config = dict(config)
        return cls(deserialize(config.pop("cell"), custom_objects), **config)


class _CellLayer(RNN):
    """SimpleRNN, GRU and LSTM: an RNN over their own cell, whose attributes they show."""

    _cell_class = None

    def __init__(self, units, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, time_major=False,
                 **kwargs):
        layer_keys = ("name", "trainable", "dtype", "input_shape", "batch_input_shape",
                      "batch_size", "weights", "input_dim", "input_length",
                      "activity_regularizer", "zero_output_for_mask")
        layer_kwargs = {k: kwargs.pop(k) for k in layer_keys if k in kwargs}
        if "input_shape" not in layer_kwargs and "input_dim" in layer_kwargs:
            layer_kwargs["input_shape"] = (layer_kwargs.pop("input_length", None),
                                           layer_kwargs.pop("input_dim"))
        layer_kwargs.pop("input_dim", None)
        layer_kwargs.pop("input_length", None)
        activity_regularizer = regularizers.get(layer_kwargs.pop("activity_regularizer", None))
        cell = self._cell_class(units, dtype=layer_kwargs.get("dtype"), **kwargs)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         time_major=time_major, activity_regularizer=activity_regularizer,
                         **layer_kwargs)

    def __getattr__(self, name):
        # units, activation, kernel_initializer, dropout, ... are the cell's
        if name.startswith("_") or "cell" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["cell"], name)

    def call(self, inputs, mask=None, training=None, initial_state=None):
        self.cell.reset_dropout_mask()
        self.cell.reset_recurrent_dropout_mask()
        return super().call(inputs, mask=mask, training=training, initial_state=initial_state)

    def get_config(self):
        config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            config.pop(key, None)
        config["activity_regularizer"] = serialize_keras_object(self.activity_regularizer)
        return _merge(super().get_config(), config)

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@export("keras.layers.SimpleRNN")
class SimpleRNN(_CellLayer):
    """A fully-connected RNN whose output is fed back as its input."""
    _cell_class = SimpleRNNCell


@export("keras.layers.GRU")
class GRU(_CellLayer):
    """Gated Recurrent Unit, TF 1.15's version (`reset_after=False`, hard sigmoid gates)."""
    _cell_class = GRUCell


@export("keras.layers.LSTM")
class LSTM(_CellLayer):
    """Long Short-Term Memory, TF 1.15's version (hard sigmoid gates, unit forget bias)."""
    _cell_class = LSTMCell
