"""Control flow, Python functions as ops, printing and assertions, as TF runs them eagerly.

In eager mode `tf.cond`, `tf.case` and `tf.while_loop` are Python branches and loops (so the
tape differentiates whatever branch ran), the graph-ordering helpers (`tf.group`,
`tf.control_dependencies`, `tf.no_op`) do nothing, and every assertion checks its values at
the call, raising TF's errors with TF's messages. `tf.print` and `tf.Print` format tensors
with TF's own summariser (numpy-like layout, `...` beyond `summarize` entries).
"""
import contextlib
import itertools
import pprint
import sys
import traceback

import jax
import numpy as np

from ..autodiff import graph
from ..eager import control_flow as lowered
from ..framework import dtypes, errors
from ..framework.convert import is_tensor_like, to_tensor
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from .array_ops import identity
from .array_ops import constant, stack, unstack
from .declare import check_dtype, numpy_types
from .registry import EXPORTS, Op, export


# ---- calling Python ------------------------------------------------------------------------
def _flatten(structure):
    """`nest.flatten`: lists, tuples and dicts (by sorted key) are structure, the rest leaves."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    return [structure]


def _numpy_call(func, inp):
    args = [np.array(to_tensor(x) if is_tensor_like(x) else x) for x in inp]
    results = [None if r is None else to_tensor(r) for r in _flatten(func(*args))]
    return results[0] if len(results) == 1 else results


@export("py_func")
def py_func(func, inp, Tout, stateful=True, name=None):
    """TF1 `tf.py_func` in eager mode: `func` gets NumPy arrays; its results become tensors.

    As TF does eagerly, the results keep their own dtypes (`Tout` is not enforced), a single
    result is returned unwrapped, and no gradient flows through.
    """
    return _numpy_call(func, inp)


@export("numpy_function")
def numpy_function(func, inp, Tout, stateful=True, name=None):
    """`tf.numpy_function`: the same eager behaviour as `tf.py_func`."""
    return _numpy_call(func, inp)


_PY_ERRORS = ((ValueError, errors.InvalidArgumentError), (TypeError, errors.InvalidArgumentError),
              (MemoryError, errors.ResourceExhaustedError),
              (NotImplementedError, errors.UnimplementedError),
              (StopIteration, errors.OutOfRangeError))
_PY_FUNCTIONS = itertools.count()


def _py_error(exc):
    cls = next((tf_cls for py_cls, tf_cls in _PY_ERRORS if isinstance(exc, py_cls)),
               errors.UnknownError)
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return cls(None, None, f"{type(exc).__name__}: {exc}\n{trace}\n [Op:EagerPyFunc]")


@export("py_function", "contrib.eager.py_func")
def py_function(func, inp, Tout, name=None):
    """`tf.py_function` (`tfe.py_func`): `func` runs on the input tensors, under any tape.

    Results are converted to `Tout`; a list `Tout` gives a list. Exceptions raised by `func`
    come back as TF errors (ValueError/TypeError as InvalidArgumentError, others as
    UnknownError) carrying the Python traceback.
    """
    tensors = [to_tensor(x) for x in inp]
    as_list = isinstance(Tout, (list, tuple))
    out_types = [dtypes.as_dtype(t) for t in (Tout if as_list else [Tout])]
    token = f"pyfunc_{next(_PY_FUNCTIONS)}"
    try:
        result = func(*tensors)
        if isinstance(result, (list, tuple)):
            outputs = [to_tensor(r, d) for r, d in zip(result, out_types)]
        elif result is None:
            outputs = []
        else:
            outputs = [to_tensor(result, out_types[0])]
    except Exception as exc:  # noqa: BLE001  (TF turns any Python error into a TF error)
        raise _py_error(exc) from exc
    if len(outputs) != len(out_types):
        raise errors.invalid_argument(f"{token} returns {len(outputs)} values, but expects to "
                                      f"see {len(out_types)} values.", "EagerPyFunc")
    return outputs if as_list else outputs[0]


# ---- TF's tensor summaries -----------------------------------------------------------------
def _float_text(value, double):
    """TF's FloatToBuffer / DoubleToBuffer: %g with 6 (15) digits, or 9 (17) if lossy."""
    short, full, kind = (15, 17, np.float64) if double else (6, 9, np.float32)
    text = "%.*g" % (short, value)
    if not np.isnan(value) and kind(float(text)) != kind(value):
        text = "%.*g" % (full, value)
    return text


_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"',
            ord("'"): "\\'", ord("\\"): "\\\\"}


def _escaped(raw):
    """absl's Utf8SafeCEscape: C escapes for specials and control bytes, UTF-8 kept."""
    out = bytearray()
    for byte in raw:
        if byte in _ESCAPES:
            out += _ESCAPES[byte].encode()
        elif byte < 0x20 or byte == 0x7F:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return out.decode("utf-8", "backslashreplace")


def _element_text(value, kind, quote):
    if kind == "b":
        return "1" if value else "0"
    if kind in "iu":
        return str(int(value))
    if kind == "f":
        return _float_text(float(value), np.asarray(value).dtype == np.float64)
    if kind == "O":
        return f'"{_escaped(value)}"' if quote else _escaped(value)
    return "?"


def _kind(array):
    if array.dtype == object:
        return "O"
    return "f" if dtypes.BY_NUMPY[array.dtype].is_floating else array.dtype.kind


def _summarize_v2(array, summarize):
    """Tensor::SummarizeValue for tf.print: nested brackets, `...` between the ends."""
    summarize = 3 if summarize is None else summarize
    limit = array.size if summarize < 0 else min(summarize, array.size)
    kind = _kind(array)
    if array.ndim == 0:
        return _element_text(array[()], kind, True) if limit else "..."
    parts = []

    def spacing(dim):
        if dim == array.ndim - 1:
            parts.append(" ")
        else:
            parts.append("\n" * (array.ndim - dim - 1) + " " * (dim + 1))

    def one_dim(index, dim):
        if dim == array.ndim:
            parts.append(_element_text(array[index], kind, True))
            return
        parts.append("[")
        count = array.shape[dim]
        for i in range(min(limit, count)):
            if i:
                spacing(dim)
            one_dim(index + (i,), dim + 1)
        if count > 2 * limit:
            spacing(dim)
            parts.append("...")
        for i in range(max(limit, count - limit), count):
            spacing(dim)
            one_dim(index + (i,), dim + 1)
        parts.append("]")

    one_dim((), 0)
    return "".join(parts)


def _summarize_v1(array, summarize):
    """Tensor::SummarizeValue for tf.Print: the first `summarize` entries in row-major order."""
    size = array.size
    limit = size if summarize < 0 else min(summarize, size)
    kind = _kind(array)
    flat = array.reshape(-1)
    if array.ndim == 0:
        text = _element_text(flat[0], kind, False) if limit else ""
    else:
        parts, position = [], [0]

        def one_dim(dim):
            if dim == array.ndim - 1:
                for i in range(array.shape[dim]):
                    if position[0] >= limit:
                        if dim:
                            parts.append("...")
                        return
                    if i:
                        parts.append(" ")
                    parts.append(_element_text(flat[position[0]], kind, False))
                    position[0] += 1
                return
            for _ in range(array.shape[dim]):
                if position[0] < limit:
                    parts.append("[")
                    one_dim(dim + 1)
                    parts.append("]")

        one_dim(0)
        text = "".join(parts)
    return text + ("..." if limit < size else "")


# ---- tf.print / tf.Print -------------------------------------------------------------------
_PLACEHOLDER = "__tfeager_compat_print_{}__"
_LOG_LEVELS = ("info", "warning", "warn", "error")


def _output(text, end, stream):
    if stream is None:
        stream = sys.stderr
    if stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        stream.write(text + end)
        stream.flush()
    elif isinstance(stream, str) and stream.startswith("file://"):
        with open(stream[len("file://"):], "a") as f:
            f.write(text + end)
    elif callable(stream) and getattr(stream, "__name__", "") in _LOG_LEVELS:
        stream(text)
    else:
        raise ValueError(
            f"Unsupported output stream, logging level, or file.{stream}. Supported streams "
            "are sys.stdout, sys.stderr, tf.logging.info, tf.logging.warning, "
            "tf.logging.error. File needs to be in the form of 'file://<filepath>'.")


def _at_run_time(show, tensors):
    """Call `show(list of NumPy values)` now, or, inside a compiled function, each time the
    program runs (an ordered host callback), as TF's print ops run with the graph."""
    arrays = [t._array() for t in tensors]
    if graph.TRACES:
        jax.debug.callback(lambda *values: show([np.asarray(v) for v in values]), *arrays,
                           ordered=True)
    else:
        show([np.asarray(a) for a in arrays])


@export("print")
def print_v2(*inputs, output_stream=None, summarize=3, sep=" ", end="\n", name=None):
    """`tf.print`: like Python's print, tensors summarised as TF does, to stderr by default.

    `output_stream` may be `sys.stdout`, `sys.stderr`, `"file://<path>"` (appended to) or a
    logging function (`tf.logging.info`, ...). Returns None. Inside a compiled function it
    prints at every call.
    """
    if (len(inputs) == 1 and is_tensor_like(inputs[0]) and to_tensor(inputs[0]).dtype.is_string
            and not to_tensor(inputs[0])._shape_tuple()):
        raw = to_tensor(inputs[0]).numpy()
        _output(raw.decode("utf-8", "backslashreplace"), end, output_stream)
        return None
    tensors = []

    def placeholder(x):
        if is_tensor_like(x):
            tensors.append(to_tensor(x))
            return _PLACEHOLDER.format(len(tensors) - 1)
        if isinstance(x, (list, tuple)):
            items = [placeholder(item) for item in x]
            return type(x)(*items) if hasattr(x, "_fields") else type(x)(items)
        if isinstance(x, dict):
            return {k: placeholder(v) for k, v in x.items()}
        return x

    templates = [x if isinstance(x, str) else pprint.pformat(placeholder(x)) for x in inputs]

    def show(values):
        text = sep.join(templates)
        for k, value in enumerate(values):
            text = text.replace(repr(_PLACEHOLDER.format(k)), _summarize_v2(value, summarize))
        _output(text, end, output_stream)

    _at_run_time(show, tensors)
    return None


_PRINT_CALLS = {}


@export("Print")
def Print(input_, data, message=None, first_n=None, summarize=None, name=None):
    """TF1 `tf.Print`: returns `input_` and writes `message` then each `data` entry, in
    brackets, to stderr (at most `first_n` times per set of arguments)."""
    output = identity(input_)
    data = [to_tensor(d) for d in data]
    first_n = -1 if first_n is None else int(first_n)
    summarize = 3 if summarize is None else int(summarize)
    key = (message, first_n, summarize, output.dtype, tuple(d.dtype for d in data))

    def show(values):
        if first_n >= 0:
            if _PRINT_CALLS.get(key, 0) >= first_n:
                return
            _PRINT_CALLS[key] = _PRINT_CALLS.get(key, 0) + 1
        sys.stderr.write((message or "") + "".join(
            f"[{_summarize_v1(value, summarize)}]" for value in values) + "\n")
        sys.stderr.flush()

    _at_run_time(show, data)
    return output


# ---- numeric checks ------------------------------------------------------------------------
_CHECK_NUMERICS = Op("CheckNumerics", lambda x: x)
_CHECKED_TYPES = numpy_types((dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64))


@export("check_numerics", "debugging.check_numerics")
def check_numerics(tensor, message, name=None):
    """Return `tensor` (differentiably); InvalidArgumentError if it holds NaN or Inf."""
    tensor = to_tensor(tensor)
    check_dtype(_CHECK_NUMERICS, tensor, _CHECKED_TYPES)
    values = np.asarray(tensor._array()).astype(np.float64)
    nan, inf = bool(np.isnan(values).any()), bool(np.isinf(values).any())
    if nan or inf:
        what = "Inf and NaN" if nan and inf else "NaN" if nan else "Inf"
        raise errors.invalid_argument(f"{message} : Tensor had {what} values",
                                      _CHECK_NUMERICS.name)
    return identity(tensor)


@export("verify_tensor_all_finite")
def verify_tensor_all_finite(t=None, msg=None, name=None, x=None, message=None):
    """TF1 name of `check_numerics` (`x`/`message` are TF2's spellings)."""
    return check_numerics(t if x is None else x, msg if message is None else message)


@export("debugging.assert_all_finite")
def assert_all_finite(t=None, msg=None, name=None, x=None, message=None):
    """`tf.debugging.assert_all_finite`: `check_numerics` under its TF1 debugging name."""
    return check_numerics(t if x is None else x, msg if message is None else message)


# ---- assertions ----------------------------------------------------------------------------
def _truth(value):
    if is_tensor_like(value):
        array = np.asarray(to_tensor(value)._array())
        if array.size != 1:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous. Use a.any() or a.all()")
        return bool(array.reshape(-1)[0])
    return bool(value)


def _summarize_eager(tensor, summarize):
    values = np.asarray(tensor._array())
    if summarize is None:
        summarize = 3
    elif summarize < 0:
        summarize = values.size
    if values.ndim:
        items = [str(v) for v in values.reshape(-1)[:summarize]]
        if len(items) < values.size:
            items.append("...")
    else:
        items = [str(tensor.numpy())] if summarize else []
    return ", ".join(items)


def _assert_failed(condition_text, data, summarize):
    summary = "\n".join(_summarize_eager(to_tensor(d), summarize) for d in data)
    return errors.InvalidArgumentError(
        None, None, f"Expected '{condition_text}' to be true. Summarized data: {summary}")


@export("Assert", "debugging.Assert")
def Assert(condition, data, summarize=None, name=None):
    """Raise InvalidArgumentError (summarising `data`) unless `condition` holds; else None."""
    if not _truth(condition):
        raise _assert_failed(str(condition), data, summarize)
    return None


def _pretty(item, summarize):
    if isinstance(item, Tensor) or hasattr(item, "_snapshot"):
        values = np.asarray(to_tensor(item)._array())
        if values.ndim == 0:
            return str(values[()])
        flat = values.reshape(-1)
        items = [str(v) for v in flat[:summarize]]
        if len(items) < flat.size:
            items.append("...")
        return str(items)
    return str(item)


def _prefix(message):
    return f"{message}.  " if message else ""


def _shape_dtype(tensor):
    return f"shape={tuple(tensor._shape_tuple())} dtype={tensor.dtype.name}"


def _binary_assert(op_name, symbol, x, y, data, summarize, message):
    x, y = to_tensor(x), to_tensor(y)
    test = EXPORTS[op_name](x, y)
    if bool(np.all(np.asarray(test._array()))):
        return None
    summarize = 3 if summarize is None else (sys.maxsize if summarize < 0 else summarize)
    if data is None:
        data = [f"Condition x {symbol} y did not hold."]
        if summarize > 0:
            xs, ys = np.asarray(x._array()), np.asarray(y._array())
            if xs.shape == ys.shape and xs.ndim:
                wrong = ~np.asarray(test._array())
                indices = np.argwhere(wrong)
                shown = min(summarize, len(indices))
                data += [f"Indices of first {shown} different values:", indices[:shown],
                         "Corresponding x values:", xs[wrong][:shown],
                         "Corresponding y values:", ys[wrong][:shown]]
            xs, ys = xs.reshape(-1), ys.reshape(-1)
            nx, ny = min(xs.size, summarize), min(ys.size, summarize)
            data += [f"First {nx} elements of x:", xs[:nx], f"First {ny} elements of y:",
                     ys[:ny]]
    if message is not None:
        data = [message] + list(data)
    raise errors.InvalidArgumentError(None, None,
                                      "\n".join(_pretty(d, summarize) for d in data))


def _binary(op_name, symbol, names):
    def assertion(x, y, data=None, summarize=None, message=None, name=None):
        return _binary_assert(op_name, symbol, x, y, data, summarize, message)
    assertion.__name__ = names[0]
    assertion.__doc__ = (f"Raise InvalidArgumentError unless `x {symbol} y` everywhere "
                         "(TF's message lists the first differing values); else None.")
    return export(*names, *(f"debugging.{n}" for n in names))(assertion)


assert_equal = _binary("equal", "==", ["assert_equal"])
assert_none_equal = _binary("not_equal", "!=", ["assert_none_equal"])
assert_less = _binary("less", "<", ["assert_less"])
assert_less_equal = _binary("less_equal", "<=", ["assert_less_equal"])
assert_greater = _binary("greater", ">", ["assert_greater"])
assert_greater_equal = _binary("greater_equal", ">=", ["assert_greater_equal"])


def _sign(name, op_name, symbol, zero_first, joined=False):
    def assertion(x, data=None, summarize=None, message=None, name=None):
        x = to_tensor(x)
        zero = to_tensor(0, x.dtype)
        if data is None:
            condition = f"Condition x {symbol} 0 did not hold element-wise:"
            value = f"x ({_shape_dtype(x)}) = "
            data = ([_prefix(message), condition + value, x] if joined else
                    [_prefix(message), condition, value, x])
        left, right = (zero, x) if zero_first else (x, zero)
        return _binary_assert(op_name, "", left, right, data, summarize, None)
    assertion.__name__ = name
    assertion.__doc__ = f"Raise InvalidArgumentError unless `x {symbol} 0` everywhere."
    return export(name, f"debugging.{name}")(assertion)


assert_positive = _sign("assert_positive", "less", ">", True)
assert_negative = _sign("assert_negative", "less", "<", False)
assert_non_negative = _sign("assert_non_negative", "less_equal", ">=", True)
# TF's message for this one lacks the line break (kept as TF prints it).
assert_non_positive = _sign("assert_non_positive", "less_equal", "<=", False, joined=True)


@export("assert_near", "debugging.assert_near")
def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None,
                name=None):
    """Raise unless `|x - y| <= atol + rtol * |y|` everywhere (default tolerances 10 eps)."""
    x, y = to_tensor(x), to_tensor(y)
    eps = float(np.finfo(x.dtype.as_numpy_dtype).eps)
    rtol = to_tensor(10 * eps if rtol is None else rtol, x.dtype)
    atol = to_tensor(10 * eps if atol is None else atol, x.dtype)
    xs, ys = np.asarray(x._array()), np.asarray(y._array())
    close = np.abs(xs - ys) <= atol.numpy() + rtol.numpy() * np.abs(ys)
    if bool(np.all(close)):
        return None
    if data is None:
        data = [message or "",
                f"x and y not equal to tolerance rtol = {rtol!s}, atol = {atol!s}",
                f"x ({_shape_dtype(x)}) = ", x, f"y ({_shape_dtype(y)}) = ", y]
    raise _assert_failed(str(to_tensor(False)), data, summarize)


def _rank_of(rank):
    rank = to_tensor(rank)
    if rank.dtype is not dtypes.int32:
        raise TypeError(f"tensor must be of type tf.int32; got {rank.dtype!r}")
    if rank._shape_tuple():
        raise ValueError("Rank must be a scalar.")
    return int(rank.numpy())


def _rank_error(x, message, requirement):
    shape = x._shape_tuple()
    return ValueError(f"{_prefix(message)}Tensor  must have rank {requirement}.  Received rank "
                      f"{len(shape)}, shape {tuple(shape)}")


@export("assert_rank", "debugging.assert_rank")
def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """ValueError unless `x` has rank `rank` (a static check, as in TF); else None."""
    x, rank = to_tensor(x), _rank_of(rank)
    if x._rank() != rank:
        raise _rank_error(x, message, rank)
    return None


@export("assert_rank_at_least", "debugging.assert_rank_at_least")
def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    """ValueError unless the rank of `x` is at least `rank`; else None."""
    x, rank = to_tensor(x), _rank_of(rank)
    if x._rank() < rank:
        raise _rank_error(x, message, f"at least {rank}")
    return None


@export("assert_rank_in", "debugging.assert_rank_in")
def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    """ValueError unless the rank of `x` is one of `ranks`; else None."""
    x = to_tensor(x)
    ranks = tuple(_rank_of(r) for r in ranks)
    if x._rank() not in ranks:
        raise _rank_error(x, message, f"in {ranks}")
    return None


@export("assert_type", "debugging.assert_type")
def assert_type(tensor, tf_type, message=None, name=None):
    """TypeError unless `tensor` has dtype `tf_type`; else None."""
    tensor, tf_type = to_tensor(tensor), dtypes.as_dtype(tf_type)
    if tensor.dtype is not tf_type:
        raise TypeError(f"{_prefix(message)}tensor must be of type {tf_type!r}; got "
                        f"{tensor.dtype!r}")
    return None


@export("assert_integer", "debugging.assert_integer")
def assert_integer(x, message=None, name=None):
    """TypeError unless `x` has an integer dtype; else None."""
    x = to_tensor(x)
    if not x.dtype.is_integer:
        raise TypeError(f'{_prefix(message)}Expected "x" to be integer type.  Found: tensor of '
                        f"dtype {x.dtype}")
    return None


@export("assert_scalar", "debugging.assert_scalar")
def assert_scalar(tensor, name=None, message=None):
    """ValueError unless `tensor` is a scalar; returns the tensor."""
    tensor = to_tensor(tensor)
    if tensor._shape_tuple():
        raise ValueError(f"{_prefix(message)}Expected scalar shape, saw shape: "
                         f"{tuple(tensor._shape_tuple())}.")
    return tensor


# ---- branches and loops --------------------------------------------------------------------
def _unpack_singleton(result, strict):
    if not strict and isinstance(result, (list, tuple)) and len(result) == 1:
        return result[0]
    return result


@export("cond")
def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """Run `true_fn()` or `false_fn()` (TF1's `fn1`/`fn2` too) and return what it returns.

    A one-element list or tuple result is unwrapped unless `strict=True`.
    """
    for new, old, label in ((true_fn, fn1, "true_fn"), (false_fn, fn2, "false_fn")):
        if new is not None and old is not None:
            raise TypeError(f"cond(): '{label}' and '{'fn1' if label == 'true_fn' else 'fn2'}'"
                            " may not be set simultaneously.")
    true_fn = fn1 if true_fn is None else true_fn
    false_fn = fn2 if false_fn is None else false_fn
    for fn, label in ((true_fn, "true_fn"), (false_fn, "false_fn")):
        if fn is None:
            raise TypeError(f"cond(): '{label}' argument required")
        if not callable(fn):
            raise TypeError(f"'{label}' must be callable.")
    if lowered.is_traced(pred):
        result = lowered.switch(_cast(pred, dtypes.int32), [false_fn, true_fn], "cond",
                                "true_fn and false_fn arguments to tf.cond")
        return _unpack_singleton(result, strict)
    return _unpack_singleton(true_fn() if _truth(pred) else false_fn(), strict)


def _cast(x, dtype):
    return EXPORTS["cast"](x, dtype)


@export("case")
def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """Call the function of the first true predicate (bool tensors), else `default`.

    With `exclusive=True` more than one true predicate is an error; with no true predicate
    and no `default`, InvalidArgumentError as in TF.
    """
    if isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    if not isinstance(pred_fn_pairs, (list, tuple)):
        raise TypeError("'pred_fn_pairs' must be a list, tuple, or dict. Received: "
                        f"{type(pred_fn_pairs)}")
    for pair in pred_fn_pairs:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"Each entry in 'pred_fn_pairs' must be a 2-tuple. Received {pair}.")
    if not pred_fn_pairs:
        raise ValueError("not enough values to unpack (expected 2, got 0)")
    for pred, fn in pred_fn_pairs:
        if not isinstance(pred, Tensor):
            raise TypeError(f"pred must be a Tensor, got: {pred}")
        if pred.dtype is not dtypes.bool_ or not callable(fn):
            raise TypeError(f"pred must be Tensor of type bool: {pred.name}")
    if default is not None and not callable(default):
        raise TypeError("'false_fn' must be callable.")
    if any(lowered.is_traced(pred) for pred, _ in pred_fn_pairs):
        # The first true predicate's function; none true: `default`, else the last function.
        fns = [fn for _, fn in pred_fn_pairs] + ([default] if default is not None else [])
        index = EXPORTS["argmax"](stack([_cast(p, dtypes.int32) for p, _ in pred_fn_pairs]
                                        + [constant(1)]), output_type=dtypes.int32)
        index = EXPORTS["minimum"](index, len(fns) - 1)
        return _unpack_singleton(lowered.switch(index, fns, "case", "branches of tf.case"),
                                 strict)
    truths = [_truth(pred) for pred, _ in pred_fn_pairs]
    status = ", ".join(str(t) for t in truths)
    if exclusive and sum(truths) > 1:
        names = ", ".join("?" for _ in truths)
        raise errors.InvalidArgumentError(
            None, None, "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
            f"Summarized data: b'Input error: exclusive=True: more than 1 conditions ({names}) "
            f"evaluated as True:'\n{status}")
    for truth, (_, fn) in zip(truths, pred_fn_pairs):
        if truth:
            return _unpack_singleton(fn(), strict)
    if default is None:
        raise errors.InvalidArgumentError(
            None, None, "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
            f"Summarized data: b'Input error: None of conditions evaluated as True:'\n{status}")
    return _unpack_singleton(default(), strict)


@export("switch_case")
def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """`tf.switch_case`: call `branch_fns[branch_index]` (a list of functions, of `(index,
    fn)` pairs, or a dict by index); an index out of range calls `default`, or the last
    function without one."""
    if isinstance(branch_fns, dict):
        pairs = sorted(branch_fns.items())
    else:
        pairs = [(i, fn) if callable(fn) else tuple(fn) for i, fn in enumerate(branch_fns)]
    if not pairs:
        raise ValueError("Must provide at least one item in branch_fns")
    for key, fn in pairs:
        if not isinstance(key, int):
            raise TypeError(f"branch_fns dict keys must be ints, found: {key!r}")
        if not callable(fn):
            raise TypeError(f"fn for branch {key} must be callable.")
    if [key for key, _ in pairs] != list(range(len(pairs))):
        raise ValueError("branch indices (keys) must form contiguous range of [0 to "
                         f"{len(pairs)}) but found {{{', '.join(str(k) for k, _ in pairs)}}}.")
    fns = [fn for _, fn in pairs] + ([default] if default is not None else [])
    index = to_tensor(branch_index)
    if index.dtype is not dtypes.int32:
        raise TypeError(f"branch_index must an int32 Tensor, found: {index.dtype!r}")
    if lowered.is_traced(index):
        out_of_range = EXPORTS["logical_or"](index < 0, index >= len(pairs))
        index = EXPORTS["where"](out_of_range, constant(len(fns) - 1), index)
        return lowered.switch(index, fns, "switch_case", "branches of tf.switch_case")
    i = int(index)
    return fns[i]() if 0 <= i < len(pairs) else fns[-1]()


def _same_structure(a, b):
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_structure(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return sorted(a) == sorted(b) and all(_same_structure(a[k], b[k]) for k in a)
    return not isinstance(a, (list, tuple, dict)) and not isinstance(b, (list, tuple, dict))


def _map_leaves(fn, structure):
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map_leaves(fn, item) for item in structure)
    if isinstance(structure, dict):
        return {k: _map_leaves(fn, v) for k, v in structure.items()}
    return fn(structure)


@export("while_loop")
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, name=None, maximum_iterations=None,
               return_same_structure=False):
    """A Python loop: `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`.

    Returns the loop variables as tensors, in their structure (a single variable unwrapped
    unless `return_same_structure`), stopping after `maximum_iterations` if given.
    """
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if not loop_vars:
        raise ValueError("'loop_vars' must be provided.")
    original = loop_vars
    pack = len(loop_vars) == 1 and not return_same_structure
    if graph.TRACES:  # inside a compiled function: one XLA loop, as TF builds a graph loop
        flat = [to_tensor(x) for x in _flatten(list(loop_vars))]
        return _lowered_while(cond, body, list(loop_vars), flat, maximum_iterations, back_prop,
                              pack)
    packed = False
    iterations = 0
    while ((maximum_iterations is None or iterations < int(maximum_iterations))
           and _truth(cond(*loop_vars))):
        loop_vars = body(*loop_vars)
        iterations += 1
        if pack and not isinstance(loop_vars, (list, tuple)):
            packed = True
            loop_vars = (loop_vars,)
        if not _same_structure(list(original), list(loop_vars) if isinstance(
                loop_vars, (list, tuple)) else loop_vars):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {original!r}\n\nSecond structure: "
                             f"{loop_vars!r}")
    loop_vars = _map_leaves(to_tensor, loop_vars)
    return loop_vars[0] if packed else loop_vars


def _lowered_while(cond, body, structure, flat, maximum_iterations, back_prop, pack):
    """`tf.while_loop` inside a compiled function: one XLA loop (see `eager/control_flow.py`)."""
    single = []

    def flat_body(*values):
        result = body(*_pack(structure, values))
        if pack and not isinstance(result, (list, tuple)):
            single.append(True)
            result = [result]
        if not _same_structure(structure, list(result)):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {structure!r}\n\nSecond structure: "
                             f"{result!r}")
        return [to_tensor(x) for x in _flatten(list(result))]

    steps = limit = None
    if maximum_iterations is not None:
        limit = to_tensor(maximum_iterations)
        if back_prop and not lowered.is_traced(limit):  # differentiable: a masked scan
            steps, limit = int(limit), None
    values = lowered.while_loop(lambda *v: cond(*_pack(structure, v)), flat_body, flat, steps,
                                limit, "while")
    result = _pack(structure, values)
    return result[0] if single else result


# ---- graph-ordering helpers (no-ops in eager mode) -----------------------------------------
@export("no_op")
def no_op(name=None):
    """Does nothing; None in eager mode."""
    return None


@export("group")
def group(*inputs, **kwargs):
    """Does nothing in eager mode (the inputs have already run); None."""
    return None


@export("control_dependencies")
def control_dependencies(control_inputs):
    """A context manager that does nothing: eager ops already run in program order."""
    return contextlib.nullcontext()


@export("tuple")
def tuple_(tensors, name=None, control_inputs=None):
    """`tf.tuple` in eager mode: `tensors` as given."""
    return tensors


# ---- functional ops: map_fn, foldl, foldr, scan --------------------------------------------
# Eagerly these are Python loops over the first dimension that call `fn` on the shim's own
# ops, so a GradientTape records every step; results are stacked with `tf.stack`.
def _pack(structure, flat):
    """`nest.pack_sequence_as`: the leaves `flat` (in `_flatten` order) in `structure`."""
    leaves = iter(flat)

    def build(s):
        if isinstance(s, (list, tuple)):
            items = [build(item) for item in s]
            return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
        if isinstance(s, dict):
            built = {key: build(s[key]) for key in sorted(s)}
            return type(s)((key, built[key]) for key in s)
        return next(leaves)

    return build(structure)


def _assert_same_structure(first, second):
    """`nest.assert_same_structure`: ValueError when the nesting or lengths differ, TypeError
    when sequence types differ (a list where a tuple was expected)."""
    def error(cls):
        return cls("The two structures don't have the same nested structure.\n\n"
                   f"First structure: type={type(first).__name__} str={first!s}\n\n"
                   f"Second structure: type={type(second).__name__} str={second!s}")

    def check(a, b):
        a_seq, b_seq = isinstance(a, (list, tuple, dict)), isinstance(b, (list, tuple, dict))
        if a_seq != b_seq:
            raise error(ValueError)
        if not a_seq:
            return
        kind = lambda s: dict if isinstance(s, dict) else type(s)  # noqa: E731
        if kind(a) is not kind(b) and not (isinstance(a, dict) and isinstance(b, dict)):
            raise error(TypeError)
        if len(a) != len(b) or (isinstance(a, dict) and sorted(a) != sorted(b)):
            raise error(ValueError)
        pairs = [(a[k], b[k]) for k in sorted(a)] if isinstance(a, dict) else zip(a, b)
        for x, y in pairs:
            check(x, y)

    check(first, second)


def _check_callable(fn, text):
    if not callable(fn):
        raise TypeError(text.format(fn.__name__))  # an AttributeError for ints, as in TF


def _element_columns(elems):
    """Each leaf of `elems` as a tensor unstacked along its first axis."""
    leaves = [to_tensor(x) for x in _flatten(elems)]
    if any(not t._shape_tuple() for t in leaves):
        raise IndexError("tuple index out of range")
    return [unstack(t) for t in leaves]


def _element(elems, columns, i):
    """Element `i` of every leaf, in the structure of `elems` (TensorArray reads)."""
    for column in columns:
        if i < 0:
            raise errors.OutOfRangeError(
                None, None, f"Reading from negative indices (index {i}) is not allowed.")
        if i >= len(column):
            raise errors.OutOfRangeError(
                None, None, f"Tried to read from index {i} but array size is: {len(column)} ")
    return _pack(elems, [column[i] for column in columns])


def _written(values, dtypes_, shapes):
    """TensorArray writes: each value converted toward its array's dtype, which it must then
    have; with `shapes`, each must also keep the shape of the first write."""
    out = []
    for k, (value, dtype) in enumerate(zip(values, dtypes_)):
        tensor = convert_to_tensor(value, dtype_hint=dtype)
        if tensor.dtype is not dtype:
            raise errors.InvalidArgumentError(
                None, None, f"TensorArray dtype is {dtype.name} but Op is trying to write dtype "
                            f"{tensor.dtype.name} ")
        if shapes is not None and tensor._shape_tuple() != shapes[k]:
            raise ValueError(f"Incompatible shape for value ({tuple(tensor._shape_tuple())}), "
                             f"expected ({tuple(shapes[k])})")
        out.append(tensor)
    return out


def _stacked(rows, dtypes_):
    """The stacked TensorArrays (an empty one of each dtype when there are no rows)."""
    if not rows:
        return [constant([], dtype=d) for d in dtypes_]
    return [stack([row[k] for row in rows]) for k in range(len(dtypes_))]


@export("map_fn")
def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """`tf.map_fn`: `fn` applied to each element of `elems` (unstacked along the first axis;
    a nested structure of tensors gives `fn` that structure) with the results stacked.

    The output has the structure and dtypes of `dtype` (or `fn_output_signature`), by default
    those of `elems`; each result must have them (TF's errors otherwise) and, with
    `infer_shape`, the shape of the first result. `parallel_iterations`, `back_prop` and
    `swap_memory` are accepted and ignored, as in TF eager (gradients always flow).
    """
    _check_callable(fn, "The provided function {} is not callable.fn must be callable.")
    leaves = [to_tensor(x) for x in _flatten(elems)]
    if not leaves[0]._shape_tuple():
        raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    n = leaves[0]._shape_tuple()[0]
    for t in leaves[1:]:
        if not t._shape_tuple():
            raise ValueError("Shape () must have rank at least 1")
        if t._shape_tuple()[0] != n:
            raise ValueError(f"Dimensions {n} and {t._shape_tuple()[0]} are not compatible")
    signature = fn_output_signature if fn_output_signature is not None else dtype
    if signature is None:
        structure, out_dtypes = elems, [t.dtype for t in leaves]
    else:
        structure = signature
        out_dtypes = [dtypes.as_dtype(d) for d in _flatten(signature)]
    if graph.TRACES and any(lowered.is_traced(t) for t in leaves):
        def step(carry, element):
            result = fn(_pack(elems, element))
            _assert_same_structure(structure, result)
            return [], _written(_flatten(result), out_dtypes, None)

        return _pack(structure, lowered.scan(step, [], leaves, False, "map")[1])
    columns = [unstack(t) for t in leaves]
    rows = []
    for i in range(n):
        result = fn(_pack(elems, [column[i] for column in columns]))
        _assert_same_structure(structure, result)
        shapes = [t._shape_tuple() for t in rows[0]] if rows and infer_shape else None
        rows.append(_written(_flatten(result), out_dtypes, shapes))
    return _pack(structure, _stacked(rows, out_dtypes))


def _traced_elements(elems):
    """The leaves of `elems` when a compiled function is being traced on them, else None."""
    if not graph.TRACES:
        return None
    leaves = [to_tensor(x) for x in _flatten(elems)]
    if not any(lowered.is_traced(t) for t in leaves) or any(not t._shape_tuple() for t in leaves):
        return None
    return leaves


def _lowered_scan(fn, elems, leaves, initializer, reverse, name):
    """`tf.scan` / `tf.foldl` / `tf.foldr` as one `lax.scan`: (final accumulator, stacked
    accumulators), both flat, and the accumulator's structure."""
    if initializer is None:  # the first (last) element starts the accumulation
        end = -1 if reverse else 0
        structure = _pack(elems, [t[end] for t in leaves])
        leaves = [t[:-1] if reverse else t[1:] for t in leaves]
    else:
        structure = _map_leaves(to_tensor, initializer)
    initial = _flatten(structure)
    out_dtypes = [t.dtype for t in initial]
    shapes = [t._shape_tuple() for t in initial]

    def step(carry, element):
        result = fn(_pack(structure, carry), _pack(elems, element))
        _assert_same_structure(structure, result)
        new = _written(_flatten(result), out_dtypes, shapes)
        return new, new

    final, rows = lowered.scan(step, initial, leaves, reverse, name)
    if initializer is None:
        first = [EXPORTS["expand_dims"](t, 0) for t in initial]
        rows = [EXPORTS["concat"]([r, f] if reverse else [f, r], 0)
                for r, f in zip(rows, first)]
    return final, rows, structure


def _fold(fn, elems, initializer, reverse):
    _check_callable(fn, "{} is not callable. Please provide a callable function.")
    leaves = _traced_elements(elems)
    if leaves is not None:
        final, _, structure = _lowered_scan(fn, elems, leaves, initializer, reverse, "fold")
        return _pack(structure, final)
    columns = _element_columns(elems)
    n = len(columns[0])
    order = list(range(n - 1, -1, -1)) if reverse else list(range(n))
    if initializer is None:
        accumulator = _element(elems, columns, n - 1 if reverse else 0)
        order = order[1:]
    else:
        accumulator = initializer
    initial = accumulator
    for i in order:
        accumulator = fn(accumulator, _element(elems, columns, i))
        _assert_same_structure(initial, accumulator)
    return _map_leaves(to_tensor, accumulator)


@export("foldl")
def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """`tf.foldl`: `a = fn(a, x)` over the elements of `elems` (a tensor or nested structure
    of tensors, unstacked along the first axis) from first to last; `a` starts at
    `initializer`, else at the first element. Returns the final `a` as tensors."""
    return _fold(fn, elems, initializer, reverse=False)


@export("foldr")
def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """`tf.foldr`: `tf.foldl` from the last element to the first."""
    return _fold(fn, elems, initializer, reverse=True)


@export("scan")
def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """`tf.scan`: like `tf.foldl` (`tf.foldr` with `reverse=True`) but returns every
    accumulator, stacked in element order. Without `initializer` the first (last) element
    is the first accumulator and output. Each accumulator must keep the structure and dtypes
    (and, with `infer_shape`, the shapes) of the initial one."""
    _check_callable(fn, "{} is not callable. Please provide a callable function.")
    leaves = _traced_elements(elems)
    if leaves is not None:
        _, rows, structure = _lowered_scan(fn, elems, leaves, initializer, reverse, "scan")
        return _pack(structure, rows)
    columns = _element_columns(elems)
    n = len(columns[0])
    order = list(range(n - 1, -1, -1)) if reverse else list(range(n))
    rows = {}
    if initializer is None:
        first = n - 1 if reverse else 0
        accumulator = _element(elems, columns, first)
        rows[first] = _flatten(accumulator)
        order = order[1:]
    else:
        accumulator = _map_leaves(to_tensor, initializer)
    structure = accumulator
    flat = _flatten(accumulator)
    out_dtypes = [t.dtype for t in flat]
    shapes = [t._shape_tuple() for t in flat] if infer_shape else None
    for i in order:
        result = fn(accumulator, _element(elems, columns, i))
        _assert_same_structure(structure, result)
        rows[i] = _written(_flatten(result), out_dtypes, shapes)
        accumulator = _pack(structure, rows[i])
    return _pack(structure, _stacked([rows[i] for i in sorted(rows)], out_dtypes))
