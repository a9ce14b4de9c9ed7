"""String ops (`tf.strings`, TF1's root names), file reads and writes, and `tf.SparseTensor`.

String tensors hold NumPy object arrays of `bytes`, so every op here runs on the host through
`execute_host`. Error texts and formats are TF's: printf-style `as_string`, web-safe base64,
`string_split` returning a SparseTensor (as TF1 does in eager mode).
"""
import base64
import binascii
import os
import re

import numpy as np

from ..autodiff.graph import execute_host
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..framework.tensor_shape import TensorShape
from .declare import kernel_type_name
from .registry import Op, export


def _byte_strings(value):
    """Python/NumPy strings as an object array of exact `bytes` (trailing NULs kept)."""
    array = np.array(value, dtype=object)
    flat = array.reshape(-1)
    for i, item in enumerate(flat):
        if isinstance(item, str):
            flat[i] = item.encode("utf-8")
        elif isinstance(item, (bytes, np.bytes_)):
            flat[i] = bytes(item)
        else:
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype string")
    return wrap(array)


def _strings(value, op_name):
    """`value` as a string tensor; another tensor dtype is TF's InvalidArgumentError."""
    if isinstance(value, (bytes, str, list, tuple, np.ndarray)) and not (
            isinstance(value, np.ndarray) and value.dtype.kind not in "OSU"):
        try:
            return _byte_strings(value)
        except (TypeError, ValueError):
            pass
    tensor = to_tensor(value, None if isinstance(value, Tensor) else dtypes.string)
    if not tensor.dtype.is_string:
        raise errors.invalid_argument(
            f"cannot compute {op_name} as input #0(zero-based) was expected to be a string "
            f"tensor but is a {kernel_type_name(tensor.dtype)} tensor", op_name)
    return tensor


def _map_bytes(fn, array, otype=object):
    out = np.empty(array.shape, dtype=otype)
    flat = out.reshape(-1)
    for i, item in enumerate(array.reshape(-1)):
        flat[i] = fn(item)
    return out


def _text(raw):
    return raw.decode("utf-8", "backslashreplace")


# ---- SparseTensor --------------------------------------------------------------------------
def _with_rank(tensor, rank):
    shape = tensor._shape_tuple()
    if len(shape) != rank:
        raise ValueError(f"Shape {TensorShape._from_tuple(shape)} must have rank {rank}")
    return shape


@export("SparseTensor", "sparse.SparseTensor")
class SparseTensor:
    """TF's COO sparse tensor: int64 `indices` [N, rank], `values` [N], int64 `dense_shape`."""

    def __init__(self, indices, values, dense_shape):
        self._indices = to_tensor(indices, None if isinstance(indices, Tensor) else dtypes.int64)
        self._values = to_tensor(values)
        self._dense_shape = to_tensor(
            dense_shape, None if isinstance(dense_shape, Tensor) else dtypes.int64)
        index_shape = _with_rank(self._indices, 2)
        value_shape = _with_rank(self._values, 1)
        shape_shape = _with_rank(self._dense_shape, 1)
        for a, b in ((index_shape[0], value_shape[0]), (index_shape[1], shape_shape[0])):
            if a != b:
                raise ValueError(f"Dimensions {a} and {b} are not compatible")

    indices = property(lambda self: self._indices, doc="The int64 [N, rank] coordinates.")
    values = property(lambda self: self._values, doc="The [N] non-default values.")
    dense_shape = property(lambda self: self._dense_shape, doc="The int64 dense shape.")
    dtype = property(lambda self: self._values.dtype, doc="The dtype of `values`.")

    @property
    def shape(self):
        return TensorShape([int(d) for d in np.asarray(self._dense_shape)])

    def get_shape(self):
        return self.shape

    def __repr__(self):
        return (f"SparseTensor(indices={self._indices!s}, values={self._values!s}, "
                f"dense_shape={self._dense_shape!s})")

    __str__ = __repr__


def _sparse_from_rows(rows, batch_shape):
    """A SparseTensor from a list (row-major over `batch_shape`) of lists of tokens."""
    width = max((len(r) for r in rows), default=0)
    indices = [index + (j,) for index, row in zip(np.ndindex(*batch_shape), rows)
               for j in range(len(row))]
    values = np.empty(len(indices), dtype=object)
    values[:] = [token for row in rows for token in row]
    index_array = np.asarray(indices, np.int64).reshape(len(indices), len(batch_shape) + 1)
    dense = np.asarray(batch_shape + (width,), np.int64)
    return SparseTensor(wrap(index_array), wrap(values), wrap(dense))


def _unsupported_result(result_type):
    if result_type != "SparseTensor":
        raise ValueError(f"result_type={result_type!r} is not supported by tfeager_compat "
                         "(it has no RaggedTensor); use 'SparseTensor'")


def _split_chars(raw, delimiter, skip_empty):
    if not delimiter:
        return [raw[i:i + 1] for i in range(len(raw))]
    tokens = re.split(b"[" + re.escape(delimiter) + b"]", raw)
    return [t for t in tokens if t] if skip_empty else tokens


@export("string_split")
def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor",
                 name=None):
    """TF1 `tf.string_split`: each byte of `delimiter` (default space) separates tokens.

    Returns a SparseTensor of shape [batch, max tokens]; an empty delimiter splits bytes.
    """
    _unsupported_result(result_type)
    source = _strings(source, "StringSplit")
    shape = source._shape_tuple()
    if len(shape) != 1:
        raise errors.invalid_argument(
            f"input must be a vector, got shape: [{','.join(map(str, shape))}]", "StringSplit")
    sep = delimiter if sep is None and delimiter is not None else sep
    sep = b" " if sep is None else (sep.encode() if isinstance(sep, str) else bytes(sep))
    rows = [_split_chars(raw, sep, skip_empty) for raw in source._array()]
    return _sparse_from_rows(rows, shape)


@export("strings.split")
def split(input=None, sep=None, maxsplit=-1, result_type="SparseTensor", source=None,
          name=None):
    """TF1 `tf.strings.split`: Python's `bytes.split(sep, maxsplit)` per string.

    `sep=None` splits on runs of whitespace; a scalar input counts as one row.
    """
    _unsupported_result(result_type)
    value = _strings(input if input is not None else source, "StringSplitV2")
    sep = None if sep is None or sep == "" else (sep.encode() if isinstance(sep, str) else sep)
    array = value._array()
    batch = array.shape if array.ndim else (1,)
    rows = [raw.split(sep, maxsplit) for raw in array.reshape(-1)]
    return _sparse_from_rows(rows, batch)


# ---- joining, lengths, case ----------------------------------------------------------------
def _join(*arrays, separator):
    shapes = [a.shape for a in arrays if a.ndim]
    for shape in shapes[1:]:
        if shape != shapes[0]:
            raise errors.invalid_argument(
                f"Input shapes do not match: [{','.join(map(str, shapes[0]))}] vs. "
                f"[{','.join(map(str, shape))}]", "StringJoin")
    shape = shapes[0] if shapes else ()
    out = np.empty(shape, dtype=object)
    flat = out.reshape(-1)
    parts = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    for i in range(flat.size):
        flat[i] = separator.join(p[i] for p in parts)
    return out


_JOIN = Op("StringJoin", None, host_kernel=_join)


@export("strings.join", "string_join")
def join(inputs, separator="", name=None):
    """Element-wise concatenation; scalars broadcast, other shapes must match exactly."""
    tensors = [_strings(x, "StringJoin") for x in inputs]
    if not tensors:
        return wrap(np.asarray(b"", dtype=object))
    sep = separator.encode() if isinstance(separator, str) else bytes(separator)
    return execute_host(_JOIN, tuple(tensors), (("separator", sep),))


def _utf8_length(raw):
    return sum(1 for byte in raw if byte & 0xC0 != 0x80)


_LENGTH = Op("StringLength", None, host_kernel=lambda x, unit: _map_bytes(
    len if unit == "BYTE" else _utf8_length, x, np.int32))


@export("strings.length")
def length(input, name=None, unit="BYTE"):
    """int32 length of each string, in bytes or (`unit="UTF8_CHAR"`) characters."""
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise errors.invalid_argument(
            f"Value for attr 'unit' of \"{unit}\" is not in the list of allowed values: "
            "\"BYTE\", \"UTF8_CHAR\"", "StringLength")
    return execute_host(_LENGTH, (_strings(input, "StringLength"),), (("unit", unit),))


def _case(name, ascii_fn, text_fn):
    op = Op(name, None, differentiable=False, host_kernel=lambda x, encoding: _map_bytes(
        ascii_fn if not encoding else lambda b: text_fn(b.decode(encoding)).encode(encoding),
        x))

    def front(input, name=None, encoding=""):
        return execute_host(op, (_strings(input, op.name),), (("encoding", encoding),))
    return front


lower = export("strings.lower")(_case("StringLower", bytes.lower, str.lower))
lower.__doc__ = "ASCII lowercase, or Unicode-aware with `encoding='utf-8'`."
upper = export("strings.upper")(_case("StringUpper", bytes.upper, str.upper))
upper.__doc__ = "ASCII uppercase, or Unicode-aware with `encoding='utf-8'`."

_STRIP = Op("StringStrip", None,
            host_kernel=lambda x: _map_bytes(bytes.strip, x))


@export("strings.strip", "string_strip")
def strip(input, name=None):
    """Remove leading and trailing ASCII whitespace."""
    return execute_host(_STRIP, (_strings(input, "StringStrip"),))


# ---- regular expressions -------------------------------------------------------------------
def _compile(pattern, op_name):
    try:
        return re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
    except re.error as e:
        raise errors.invalid_argument(f"Invalid pattern: {_text(e.pattern)}, error: {e.msg}",
                                      op_name) from None


def _regex_replace(x, pattern, rewrite, replace_global):
    regex = re.compile(pattern)
    return _map_bytes(lambda b: regex.sub(rewrite, b, count=0 if replace_global else 1), x)


_REGEX_REPLACE = Op("StaticRegexReplace", None,
                    host_kernel=_regex_replace)


@export("strings.regex_replace", "regex_replace")
def regex_replace(input, pattern, rewrite, replace_global=True, name=None):
    """Replace matches of `pattern`; `\\1` in `rewrite` is a group, `\\0` the whole match.

    Differences from TensorFlow: patterns use Python's `re` syntax, not RE2's.
    """
    regex = _compile(pattern, _REGEX_REPLACE.name)
    rewrite = rewrite.encode() if isinstance(rewrite, str) else rewrite
    rewrite = re.sub(rb"\\0", rb"\\g<0>", rewrite)
    attrs = (("pattern", regex.pattern), ("rewrite", rewrite),
             ("replace_global", bool(replace_global)))
    return execute_host(_REGEX_REPLACE, (_strings(input, _REGEX_REPLACE.name),), attrs)


_FULL_MATCH = Op("StaticRegexFullMatch", None,
                 host_kernel=lambda x, pattern: _map_bytes(
                     lambda b: re.fullmatch(pattern, b) is not None, x, bool))


@export("strings.regex_full_match")
def regex_full_match(input, pattern, name=None):
    """True where the whole string matches `pattern` (Python `re` syntax)."""
    regex = _compile(pattern, _FULL_MATCH.name)
    return execute_host(_FULL_MATCH, (_strings(input, _FULL_MATCH.name),),
                        (("pattern", regex.pattern),))


# ---- numbers <-> strings -------------------------------------------------------------------
_FLOAT_TEXT = re.compile(rb"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan)",
                         re.IGNORECASE)
_INT_TEXT = re.compile(rb"[+-]?\d+")


def _to_number(x, out_type):
    out = np.dtype(out_type)
    integer = out.kind in "iu"
    info = np.iinfo(out) if integer else None

    def parse(raw):
        text = raw.strip()
        if integer:
            if _INT_TEXT.fullmatch(text) and info.min <= int(text) <= info.max:
                return int(text)
        elif _FLOAT_TEXT.fullmatch(text):
            return float(text)
        raise errors.invalid_argument(
            f"StringToNumberOp could not correctly convert string: {_text(raw)}",
            "StringToNumber")

    with np.errstate(over="ignore"):
        return _map_bytes(parse, x, object).astype(out)


_TO_NUMBER = Op("StringToNumber", None, host_kernel=_to_number)
_NUMBER_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.uint32,
                 dtypes.uint64)


@export("strings.to_number", "string_to_number")
def to_number(string_tensor, out_type=dtypes.float32, name=None):
    """Parse each string as a number of `out_type` (float32 by default); whitespace is ok."""
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _NUMBER_TYPES:
        raise errors.invalid_argument(
            f"Value for attr 'out_type' of {out_type.name} is not in the list of allowed "
            "values: float, double, int32, int64, uint32, uint64", "StringToNumber")
    return execute_host(_TO_NUMBER, (_strings(string_tensor, "StringToNumber"),),
                        (("out_type", np.dtype(out_type.as_numpy_dtype)),))


def _as_string(x, spec):
    if x.dtype == object:
        return _map_bytes(lambda b: spec.encode() % b, x)
    if x.dtype == np.bool_:
        return _map_bytes(lambda b: b"true" if b else b"false", x)
    if x.dtype.kind == "c":
        return _map_bytes(lambda c: f"({spec % c.real},{spec % c.imag})".encode(), x)
    convert = int if x.dtype.kind in "iu" else float
    return _map_bytes(lambda v: (spec % convert(v)).encode(), x)


_AS_STRING = Op("AsString", None, host_kernel=_as_string)


@export("as_string", "strings.as_string")
def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="",
              name=None):
    """printf-style formatting: `%f` for floats (`%e` scientific, `%g` shortest), `%d` ints."""
    x = to_tensor(input)
    if len(fill) > 1:
        raise errors.invalid_argument("Fill string must be one or fewer characters", "AsString")
    if scientific and shortest:
        raise errors.invalid_argument("Cannot select both scientific and shortest notation",
                                      "AsString")
    if fill and fill not in " +-0#":
        raise errors.invalid_argument(f"Fill argument not supported: \"{fill}\"", "AsString")
    dtype = x.dtype
    integer = dtype.is_integer
    if integer and precision > -1:
        raise errors.invalid_argument(f"precision not supported for datatype {dtype.name}",
                                      "AsString")
    if integer and (scientific or shortest):
        raise errors.invalid_argument(
            f"scientific and shortest format not supported for datatype {dtype.name}",
            "AsString")
    spec = "%" + fill + (str(width) if width > -1 else "")
    if dtype.is_string:
        spec += "s"
    elif integer:
        spec += "d"
    else:
        spec += (f".{precision}" if precision > -1 else "") + (
            "g" if shortest else "e" if scientific else "f")
    return execute_host(_AS_STRING, (x,), (("spec", spec),))


# ---- bytes, base64 and files ---------------------------------------------------------------
def _decode_raw(x, out_type, little_endian):
    out = np.dtype(out_type).newbyteorder("<" if little_endian else ">")
    flat = x.reshape(-1)
    size = len(flat[0]) if flat.size else 0
    if size % out.itemsize:
        raise errors.invalid_argument(
            f"Input to DecodeRaw has length {size} that is not a multiple of {out.itemsize}, "
            f"the size of {kernel_type_name(dtypes.BY_NUMPY[np.dtype(out_type)])}",
            "DecodeRaw")
    for i, raw in enumerate(flat):
        if len(raw) != size:
            raise errors.invalid_argument(
                "DecodeRaw requires input strings to all be the same size, but element "
                f"{i} has size {size} != {len(raw)}", "DecodeRaw")
    values = np.frombuffer(b"".join(flat), dtype=out) if flat.size else np.empty(0, out)
    return values.astype(np.dtype(out_type)).reshape(x.shape + (size // out.itemsize,))


_DECODE_RAW = Op("DecodeRaw", None, host_kernel=_decode_raw)
_RAW_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint16,
              dtypes.uint8, dtypes.int16, dtypes.int8, dtypes.int64, dtypes.complex64,
              dtypes.complex128, dtypes.bool_, dtypes.bfloat16)


@export("decode_raw", "io.decode_raw")
def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):
    """Reinterpret each string's bytes as a vector of `out_type` (all strings equally long)."""
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _RAW_TYPES:
        raise errors.invalid_argument(
            f"Value for attr 'out_type' of {out_type.name} is not in the list of allowed "
            "values: half, float, double, int32, uint16, uint8, int16, int8, int64, "
            "complex64, complex128, bool, bfloat16", "DecodeRaw")
    data = _strings(input_bytes if input_bytes is not None else bytes, "DecodeRaw")
    attrs = (("out_type", np.dtype(out_type.as_numpy_dtype)),
             ("little_endian", bool(little_endian)))
    return execute_host(_DECODE_RAW, (data,), attrs)


_B64_ALPHABET = re.compile(rb"[A-Za-z0-9_-]*=*")


def _b64decode(raw):
    if not _B64_ALPHABET.fullmatch(raw):
        raise errors.invalid_argument("Invalid character found in base64.", "DecodeBase64")
    body = raw.rstrip(b"=")
    if len(body) % 4 == 1:
        raise errors.invalid_argument("Base64 string length cannot be 1 modulo 4.",
                                      "DecodeBase64")
    try:
        return base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4))
    except binascii.Error:
        raise errors.invalid_argument("Invalid character found in base64.",
                                      "DecodeBase64") from None


_ENCODE_B64 = Op("EncodeBase64", None,
                 host_kernel=lambda x, pad: _map_bytes(
                     lambda b: base64.urlsafe_b64encode(b) if pad
                     else base64.urlsafe_b64encode(b).rstrip(b"="), x))
_DECODE_B64 = Op("DecodeBase64", None,
                 host_kernel=lambda x: _map_bytes(_b64decode, x))


@export("encode_base64", "io.encode_base64")
def encode_base64(input, pad=False, name=None):
    """Web-safe base64 (`-` and `_`), unpadded unless `pad=True`."""
    return execute_host(_ENCODE_B64, (_strings(input, "EncodeBase64"),), (("pad", bool(pad)),))


@export("decode_base64", "io.decode_base64")
def decode_base64(input, name=None):
    """Decode web-safe base64, with or without padding."""
    return execute_host(_DECODE_B64, (_strings(input, "DecodeBase64"),))


def _scalar_path(value, op_name, what):
    tensor = _strings(value, op_name)
    shape = tensor._shape_tuple()
    if shape:
        raise errors.invalid_argument(
            f"{what} tensor must be scalar, but had shape: [{','.join(map(str, shape))}]",
            op_name)
    return tensor.numpy()


def _os_error(e, path, op_name):
    kind = {2: errors.NotFoundError, 21: errors.FailedPreconditionError,
            13: errors.PermissionDeniedError}.get(e.errno, errors.UnknownError)
    return kind(None, None, f"{path}; {e.strerror} [Op:{op_name}]")


@export("read_file", "io.read_file")
def read_file(filename, name=None):
    """The whole contents of a file, as a string scalar."""
    path = _text(_scalar_path(filename, "ReadFile", "Input filename"))
    try:
        with open(path, "rb") as f:
            return wrap(np.asarray(f.read(), dtype=object))
    except OSError as e:
        raise _os_error(e, path, "ReadFile") from None


@export("write_file", "io.write_file")
def write_file(filename, contents, name=None):
    """Write a string scalar to a file, creating missing parent directories; returns None."""
    path = _text(_scalar_path(filename, "WriteFile", "Input filename"))
    data = _scalar_path(contents, "WriteFile", "Contents")
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    except OSError as e:
        raise _os_error(e, path, "WriteFile") from None
