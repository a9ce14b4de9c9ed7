"""`tf.nn.dynamic_rnn`, `tf.nn.static_rnn` and `tf.nn.bidirectional_dynamic_rnn` in eager mode.

The loop over time is one op (`rnn/loop.py`): the cell's call traced once inside a
`lax.scan`. A cell not yet built is built first under the 'rnn' variable scope (where TF's
loop builds it), which names its variables 'rnn/<cell>/kernel:0'.
With `sequence_length`, outputs past an example's length are zeros and its state stops
changing, as TF's `_rnn_step` does.
"""
from ..framework import dtypes
from ..framework.convert import to_tensor
from ..keras import backend
from ..ops.registry import export
from ..variable_scope import variable_scope
from . import loop, nest, rnn_cell_impl

_op = backend.op
_transpose, _where, _zeros_like = _op("transpose"), _op("where_v2"), _op("zeros_like")


def _initial_state(cell, batch_size, initial_state, dtype):
    if initial_state is not None:
        return nest.map_structure(to_tensor, initial_state)
    if dtype is None:
        raise ValueError("If there is no initial_state, you must give a dtype.")
    return cell.zero_state(batch_size, dtypes.as_dtype(dtype))


def _run(cell, sequence, state, sequence_length):
    """Run `cell` over the time-major `sequence`; (time-major outputs, final state)."""
    rnn_cell_impl.build_cell(cell, sequence.shape[1:], sequence.dtype)
    structure = state
    sequences = [sequence]
    if sequence_length is not None:
        lengths = to_tensor(sequence_length)
        if lengths.shape.ndims != 1:
            raise ValueError(f"sequence_length must be a vector of length batch_size, but saw "
                             f"shape: {lengths.shape}")
        mask = _op("sequence_mask")(lengths, sequence.shape[0].value)
        sequences.append(_transpose(mask, [1, 0]))
    masked = sequence_length is not None

    def step(xs, carry, _):
        output, new_state = cell(xs[0], nest.pack(structure, carry))
        new_state = nest.flatten(new_state)
        if masked:
            keep = _op("expand_dims")(xs[1], 1)
            output = _where(keep, output, _zeros_like(output))
            new_state = [_where(keep, n, o) for n, o in zip(new_state, carry)]
        return [output], new_state

    cache = cell.__dict__.setdefault("_tf1_loops", {})
    key = (masked, _signature(state))
    outputs, final = loop.scan(cache, key, step, sequences, nest.flatten(state),
                               name="DynamicRNN")
    return outputs[0], nest.pack(structure, final)


def _signature(structure):
    """The nesting of a state (what the step's Python code depends on)."""
    if nest.is_sequence(structure):
        return (type(structure),) + tuple(_signature(s) for s in structure)
    return None


def _to_time_major(x):
    perm = [1, 0] + list(range(2, x.shape.ndims))
    return _transpose(x, perm)


@export("nn.dynamic_rnn")
def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
                parallel_iterations=None, swap_memory=False, time_major=False, scope=None):
    """Run `cell` over the time axis of `inputs` ((batch, time, depth), time first with
    `time_major`); returns (outputs, final state)."""
    if not callable(cell) or not hasattr(cell, "state_size"):
        raise TypeError("cell must be an instance of RNNCell")
    inputs = to_tensor(inputs)
    if inputs.shape.ndims is None or inputs.shape.ndims < 3:
        raise ValueError(f"Expected input tensor {inputs} to have rank at least 3")
    sequence = inputs if time_major else _to_time_major(inputs)
    with variable_scope(scope or "rnn"):
        state = _initial_state(cell, sequence.shape[1].value, initial_state, dtype)
        outputs, final = _run(cell, sequence, state, sequence_length)
    return (outputs if time_major else _to_time_major(outputs)), final


@export("nn.static_rnn", "contrib.rnn.static_rnn")
def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """Run `cell` over a list of (batch, depth) inputs; returns (list of outputs, final
    state). (TF unrolls it in Python; here it is the same loop as `dynamic_rnn`.)"""
    if not nest.is_sequence(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    sequence = _op("stack")([to_tensor(x) for x in inputs])
    with variable_scope(scope or "rnn"):
        state = _initial_state(cell, sequence.shape[1].value, initial_state, dtype)
        outputs, final = _run(cell, sequence, state, sequence_length)
    return _op("unstack")(outputs), final


def _reverse(x, lengths, time_axis):
    if lengths is None:
        return _op("reverse")(x, [time_axis])
    return _op("reverse_sequence")(x, _op("cast")(to_tensor(lengths), dtypes.int64),
                                   seq_axis=time_axis, batch_axis=1 - time_axis)


@export("nn.bidirectional_dynamic_rnn")
def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None, dtype=None,
                              parallel_iterations=None, swap_memory=False, time_major=False,
                              scope=None):
    """A forward and a backward `dynamic_rnn` ('bidirectional_rnn/fw', '.../bw'); the
    backward one reads each sequence reversed within its length, and its outputs are
    reversed back. Returns ((output_fw, output_bw), (state_fw, state_bw))."""
    inputs = to_tensor(inputs)
    time_axis = 0 if time_major else 1
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length,
                                              initial_state_fw, dtype, time_major=time_major,
                                              scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse(inputs, sequence_length, time_axis)
            output_bw, state_bw = dynamic_rnn(cell_bw, reversed_inputs, sequence_length,
                                              initial_state_bw, dtype, time_major=time_major,
                                              scope=bw_scope)
    output_bw = _reverse(output_bw, sequence_length, time_axis)
    return (output_fw, output_bw), (state_fw, state_bw)
