"""TF1's `tf.nn.rnn_cell` (and `tf.contrib.rnn`) cells, as TF 1.15 has them.

A cell is a Layer called as `cell(inputs, state, scope=None) -> (output, new_state)`. Its first
call creates its variables under a variable scope named after it ('basic_lstm_cell',
'basic_lstm_cell_1', ...; 'rnn/basic_lstm_cell' inside `dynamic_rnn`), as TF1's layers do:
'gru_cell/gates/kernel:0', 'lstm_cell/projection/kernel:0'. A variable without an initializer
takes the variable scope's, else Glorot uniform (`tf.get_variable`'s default).

Cells stepped by hand run op by op; `dynamic_rnn` runs them inside one `lax.scan`
(see `rnn/loop.py`), where `DropoutWrapper` still draws fresh numbers at every step.
"""
import collections

from ..framework import dtypes
from ..framework.convert import to_tensor
from ..framework.tensor_shape import TensorShape
from ..keras import activations as keras_activations
from ..keras import backend
from ..keras.engine.base_layer import Layer, to_snake_case
from ..ops.registry import export
from ..scopes import name_scope
from ..variable_scope import get_variable_scope, variable_scope
from .. import initializers
from . import nest

_op = backend.op
_matmul, _bias_add, _concat, _split = (_op("matmul"), _op("nn.bias_add"), _op("concat"),
                                       _op("split"))
_sigmoid, _tanh = _op("sigmoid"), _op("tanh")

_NAMES = ("nn.rnn_cell.{0}", "contrib.rnn.{0}")


def _export(name):
    return export(*[n.format(name) for n in _NAMES])


@_export("LSTMStateTuple")
class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """An LSTM state: the memory `c` and the output `h`."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def _zeros_for(size, batch_size, dtype):
    dims = TensorShape(size).as_list() if not isinstance(size, int) else [size]
    return _op("zeros")([batch_size] + dims, dtype)


@_export("RNNCell")
class RNNCell(Layer):
    """The abstract TF1 cell: `state_size`, `output_size`, `zero_state`, and `__call__`
    building the variables under the cell's variable scope on the first call."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        kwargs.pop("_reuse", None)
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        object.__setattr__(self, "_scope_name", name)

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def __call__(self, inputs, state, scope=None):
        inputs = to_tensor(inputs)
        if not self.built:
            self._build_in_scope(inputs.shape, inputs.dtype, scope)
        return self.call(inputs, state)

    def _build_in_scope(self, inputs_shape, dtype, scope=None):
        """Build under the cell's variable scope (made unique from its class name on the
        first build, as TF's layers do), in the inputs' dtype unless one was given."""
        if self._dtype is None:
            object.__setattr__(self, "_dtype", dtypes.as_dtype(dtype).name)
        scope = scope or self._scope_name
        with variable_scope(scope, default_name=None if scope else self._base_name()) as vs:
            object.__setattr__(self, "_scope_name", vs)
            with name_scope(vs.name + "/"):
                self.build(TensorShape(inputs_shape))
                self.built = True

    @classmethod
    def _base_name(cls):
        return to_snake_case(cls.__name__)

    def _add_variable(self, name, shape, initializer=None):
        """A variable of the cell's dtype; without an initializer, the scope's or Glorot's."""
        if initializer is None:
            initializer = get_variable_scope().initializer or initializers.GlorotUniform()
        return self.add_weight(name, shape=shape, dtype=self.dtype, initializer=initializer)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = to_tensor(inputs)
            batch_size, dtype = inputs.shape[0].value, inputs.dtype
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zeros shaped like `state_size` (nested as it is) for `batch_size` examples."""
        dtype = dtypes.as_dtype(dtype)
        return nest.map_structure(lambda s: _zeros_for(s, batch_size, dtype), self.state_size)


def build_cell(cell, inputs_shape, dtype, scope=None):
    """Create a cell's variables for inputs of `inputs_shape` without running it (a cell
    that is not one of these is run once on zeros instead, as TF's first step would)."""
    if getattr(cell, "built", False):
        return
    if isinstance(cell, RNNCell):
        cell._build_in_scope(inputs_shape, dtype, scope)
        return
    dims = TensorShape(inputs_shape).as_list()
    zeros = _op("zeros")(dims, dtype)
    cell(zeros, cell.zero_state(dims[0], dtype))


class LayerRNNCell(RNNCell):
    """A cell whose variables are made in `build` (TF's LayerRNNCell)."""


def _activation(activation):
    return _tanh if activation is None else keras_activations.get(activation)


def _input_depth(inputs_shape, cell):
    depth = TensorShape(inputs_shape)[-1].value
    if depth is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
    return depth


@_export("BasicRNNCell")
class BasicRNNCell(LayerRNNCell):
    """`output = new_state = activation(W . [inputs, state] + b)`."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None,
                 **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape, self)
        self._kernel = self._add_variable("kernel", [depth + self._num_units, self._num_units])
        self._bias = self._add_variable("bias", [self._num_units], initializers.Zeros())
        self.built = True

    def call(self, inputs, state):
        output = self._activation(_bias_add(_matmul(_concat([inputs, state], 1), self._kernel),
                                            self._bias))
        return output, output


@_export("GRUCell")
class GRUCell(LayerRNNCell):
    """TF1's GRU: gates `r, u = sigmoid(W_g . [x, h] + b_g)` (bias starting at 1), candidate
    `c = activation(W_c . [x, r * h] + b_c)`, `h' = u * h + (1 - u) * c`."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth, units = _input_depth(inputs_shape, self), self._num_units
        bias = self._bias_initializer
        self._gate_kernel = self._add_variable("gates/kernel", [depth + units, 2 * units],
                                               self._kernel_initializer)
        self._gate_bias = self._add_variable("gates/bias", [2 * units],
                                             bias or initializers.Constant(1.0))
        self._candidate_kernel = self._add_variable("candidate/kernel", [depth + units, units],
                                                    self._kernel_initializer)
        self._candidate_bias = self._add_variable("candidate/bias", [units],
                                                  bias or initializers.Zeros())
        self.built = True

    def call(self, inputs, state):
        gates = _sigmoid(_bias_add(_matmul(_concat([inputs, state], 1), self._gate_kernel),
                                   self._gate_bias))
        r, u = _split(gates, 2, axis=1)
        candidate = _bias_add(_matmul(_concat([inputs, r * state], 1), self._candidate_kernel),
                              self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


def _lstm_state(c, h, state_is_tuple):
    return LSTMStateTuple(c, h) if state_is_tuple else _concat([c, h], 1)


@_export("BasicLSTMCell")
class BasicLSTMCell(LayerRNNCell):
    """TF1's basic LSTM, gates i, j, f, o from `W . [x, h] + b`:
    `c' = c * sigmoid(f + forget_bias) + sigmoid(i) * tanh(j)`, `h' = tanh(c') * sigmoid(o)`;
    the state is `LSTMStateTuple(c, h)`, or `[c, h]` concatenated with `state_is_tuple=False`."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        units = self._num_units
        return LSTMStateTuple(units, units) if self._state_is_tuple else 2 * units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth, units = _input_depth(inputs_shape, self), self._num_units
        self._kernel = self._add_variable("kernel", [depth + units, 4 * units])
        self._bias = self._add_variable("bias", [4 * units], initializers.Zeros())
        self.built = True

    def call(self, inputs, state):
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = _split(state, 2, axis=1)
        gates = _bias_add(_matmul(_concat([inputs, h], 1), self._kernel), self._bias)
        i, j, f, o = _split(gates, 4, axis=1)
        new_c = c * _sigmoid(f + self._forget_bias) + _sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * _sigmoid(o)
        return new_h, _lstm_state(new_c, new_h, self._state_is_tuple)


@_export("LSTMCell")
class LSTMCell(LayerRNNCell):
    """TF1's full LSTM: BasicLSTMCell's step plus optional peepholes (`w_f_diag`, `w_i_diag`,
    `w_o_diag`), `cell_clip` on the memory, and a projection of the output to `num_proj`
    units ('projection/kernel', clipped by `proj_clip`)."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_proj=None, proj_clip=None, num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise NotImplementedError("LSTMCell's num_unit_shards/num_proj_shards are not "
                                      "supported by tfeager_compat")
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializers.get(initializer)
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        units, out = self._num_units, self._num_proj or self._num_units
        return LSTMStateTuple(units, out) if self._state_is_tuple else units + out

    @property
    def output_size(self):
        return self._num_proj or self._num_units

    def build(self, inputs_shape):
        depth, units = _input_depth(inputs_shape, self), self._num_units
        h_depth = self._num_proj or units
        self._kernel = self._add_variable("kernel", [depth + h_depth, 4 * units],
                                          self._initializer)
        self._bias = self._add_variable("bias", [4 * units], initializers.Zeros())
        if self._use_peepholes:
            self._w_f_diag = self._add_variable("w_f_diag", [units], self._initializer)
            self._w_i_diag = self._add_variable("w_i_diag", [units], self._initializer)
            self._w_o_diag = self._add_variable("w_o_diag", [units], self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self._add_variable("projection/kernel", [units, self._num_proj],
                                                   self._initializer)
        self.built = True

    def call(self, inputs, state):
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev, m_prev = _split(state, [self._num_units, self.output_size], axis=1)
        gates = _bias_add(_matmul(_concat([inputs, m_prev], 1), self._kernel), self._bias)
        i, j, f, o = _split(gates, 4, axis=1)
        act, forget = self._activation, self._forget_bias
        if self._use_peepholes:
            c = (_sigmoid(f + forget + self._w_f_diag * c_prev) * c_prev +
                 _sigmoid(i + self._w_i_diag * c_prev) * act(j))
        else:
            c = _sigmoid(f + forget) * c_prev + _sigmoid(i) * act(j)
        if self._cell_clip is not None:
            c = _op("clip_by_value")(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = _sigmoid(o + self._w_o_diag * c) * act(c)
        else:
            m = _sigmoid(o) * act(c)
        if self._num_proj is not None:
            m = _matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = _op("clip_by_value")(m, -self._proj_clip, self._proj_clip)
        return m, _lstm_state(c, m, self._state_is_tuple)


@_export("MultiRNNCell")
class MultiRNNCell(RNNCell):
    """Cells stacked: each step feeds each cell's output to the next, under the variable
    scopes 'cell_0', 'cell_1', ...; the state is the tuple of the cells' states."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_sequence(cells):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        if self._state_is_tuple:
            return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
        return super().zero_state(batch_size, dtype)

    def build(self, inputs_shape):
        shape = TensorShape(inputs_shape).as_list()
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                build_cell(cell, shape, self.dtype)
            shape = shape[:-1] + [cell.output_size]
        self.built = True

    def call(self, inputs, state):
        current, new_states, start = inputs, [], 0
        for i, cell in enumerate(self._cells):
            if self._state_is_tuple:
                cell_state = state[i]
            else:
                size = cell.state_size
                cell_state = _op("slice")(state, [0, start], [-1, size])
                start += size
            with variable_scope(f"cell_{i}"):
                current, new_state = cell(current, cell_state)
            new_states.append(new_state)
        if self._state_is_tuple:
            return current, tuple(new_states)
        return current, _concat(new_states, 1)


class _Wrapper(RNNCell):
    """A cell around another: its sizes and zero state are the wrapped cell's, and the
    wrapped cell's variables are made under the caller's scope."""

    def __init__(self, cell):
        super().__init__()
        self.cell = cell

    @property
    def wrapped_cell(self):
        return self.cell

    @property
    def state_size(self):
        return self.cell.state_size

    @property
    def output_size(self):
        return self.cell.output_size

    def zero_state(self, batch_size, dtype):
        return self.cell.zero_state(batch_size, dtype)

    def _build_in_scope(self, inputs_shape, dtype, scope=None):
        if self._dtype is None:
            object.__setattr__(self, "_dtype", dtypes.as_dtype(dtype).name)
        build_cell(self.cell, inputs_shape, dtype, scope)
        self.built = True

    def __call__(self, inputs, state, scope=None):
        inputs = to_tensor(inputs)
        if not self.built:
            self._build_in_scope(inputs.shape, inputs.dtype, scope)
        return self.call(inputs, state, scope)


@_export("ResidualWrapper")
class ResidualWrapper(_Wrapper):
    """`output = cell_output + inputs` (or `residual_fn(inputs, cell_output)`)."""

    def __init__(self, cell, residual_fn=None):
        super().__init__(cell)
        self._residual_fn = residual_fn

    def call(self, inputs, state, scope=None):
        output, new_state = self.cell(inputs, state, scope=scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, output), new_state
        return nest.map_structure(lambda i, o: i + o, inputs, output), new_state


@_export("DeviceWrapper")
class DeviceWrapper(_Wrapper):
    """Runs the cell on `device` in TF; here (one device) the cell itself."""

    def __init__(self, cell, device):
        super().__init__(cell)
        self._device = device

    def call(self, inputs, state, scope=None):
        return self.cell(inputs, state, scope=scope)


def _default_state_filter(substate):
    """TF's default: every state is dropped except an LSTM's memory `c`."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


@_export("DropoutWrapper")
class DropoutWrapper(_Wrapper):
    """Dropout on a cell's inputs, outputs and state (`*_keep_prob`), fresh at every step;
    with `variational_recurrent=True` one mask per input/output/state made when the wrapper
    is made (TF 1.15's eager behaviour: `input_size` and `dtype` are needed then)."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None):
        super().__init__(cell)
        for name, prob in (("input_keep_prob", input_keep_prob),
                           ("state_keep_prob", state_keep_prob),
                           ("output_keep_prob", output_keep_prob)):
            if isinstance(prob, (int, float)) and not 0 < prob <= 1:
                raise ValueError(f"Parameter {name} must be between 0 and 1: {prob}")
        self._input_keep_prob = input_keep_prob
        self._output_keep_prob = output_keep_prob
        self._state_keep_prob = state_keep_prob
        self._variational_recurrent = variational_recurrent
        self._seed = seed
        self._filter = dropout_state_filter_visitor or _default_state_filter
        self._noise = {}
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")
            dtype = dtypes.as_dtype(dtype)

            def noise(size):
                dims = [size] if isinstance(size, int) else TensorShape(size).as_list()
                return _op("random_uniform")([1] + dims, dtype=dtype, seed=seed)
            if input_keep_prob < 1:
                if input_size is None:
                    raise ValueError("When variational_recurrent=True and input_keep_prob < "
                                     "1.0 or is unknown, input_size must be provided")
                self._noise["input"] = nest.map_structure(noise, input_size)
            self._noise["state"] = nest.map_structure(noise, cell.state_size)
            self._noise["output"] = nest.map_structure(noise, cell.output_size)

    def _dropout(self, values, kind, keep_prob, keep=None):
        keep = nest.map_structure(lambda _: True, values) if keep is None else keep
        noise = self._noise.get(kind)
        noises = nest.flatten(noise) if noise is not None else [None] * len(nest.flatten(values))

        def drop(value, kept, n):
            if not kept:
                return value
            if n is None:
                return _op("nn.dropout")(value, keep_prob=keep_prob, seed=self._seed)
            return value / keep_prob * _op("floor")(keep_prob + n)
        return nest.pack(values, [drop(v, k, n) for v, k, n in zip(
            nest.flatten(values), nest.flatten(keep), noises)])

    def call(self, inputs, state, scope=None):
        if _should_drop(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_keep_prob)
        output, new_state = self.cell(inputs, state, scope=scope)
        if _should_drop(self._state_keep_prob):
            keep = _filter_structure(self._filter, new_state)
            new_state = self._dropout(new_state, "state", self._state_keep_prob, keep)
        if _should_drop(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_keep_prob)
        return output, new_state


def _should_drop(keep_prob):
    return not isinstance(keep_prob, (int, float)) or keep_prob < 1


def _filter_structure(visitor, state):
    """Which leaves of `state` to drop, as TF's traversal reads the filter: True at a
    structure means look inside it, at a leaf drop it; False keeps all of it; a structure of
    bools answers for each part."""
    answer = visitor(state)
    if answer is False:
        return nest.map_structure(lambda _: False, state)
    if answer is True:
        if not nest.is_sequence(state):
            return True
        parts = [_filter_structure(visitor, s) for s in state]
        return type(state)(*parts) if hasattr(state, "_fields") else type(state)(parts)
    return answer
