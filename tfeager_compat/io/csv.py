"""`tf.decode_csv` / `tf.io.decode_csv` as TF 1.15's DecodeCSV kernel parses: RFC 4180 quoting
(`""` inside a quoted field), one default per column (an empty default makes the column
required), `na_value` read as an empty field, `select_cols`, and TF's error texts.

Numbers are read as TF's `safe_strto*` read them: surrounding white space is allowed, a sign,
no hex for integers; floats also take `inf`/`nan` words and hex floats.
"""
import re

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..ops.registry import export
from .parsing import string_input

_OP = "DecodeCSV"
_INT = re.compile(r"\s*[+-]?\d+\s*")
_FLOAT = re.compile(r"\s*[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan)\s*",
                    re.IGNORECASE)
_HEX_FLOAT = re.compile(r"\s*[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?\s*")
_TYPE_NAMES = {dtypes.int32: "int32", dtypes.int64: "int64", dtypes.float32: "float",
               dtypes.float64: "double", dtypes.string: "string"}


def _error(message):
    return errors.invalid_argument(message, _OP)


def split_fields(record, delim, use_quote, select=None):
    """The fields of one record (bytes), or only the columns in the sorted list `select`."""
    fields, index, start, end = [], 0, 0, len(record)
    while start < end:
        if use_quote and record[start:start + 1] == b'"':
            field, start = _quoted(record, start + 1, delim)
        else:
            stop = record.find(delim, start)
            stop = end if stop < 0 else stop
            field = record[start:stop]
            if (use_quote and b'"' in field) or b"\n" in field or b"\r" in field:
                raise _error("Unquoted fields cannot have quotes/CRLFs inside")
            start = stop + 1
        if select is None or index in select:
            fields.append(field)
        index += 1
    if record.endswith(delim) and (select is None or index in select):
        fields.append(b"")
    return fields


def _quoted(record, start, delim):
    """A quoted field's text (from just after its opening quote) and where the next begins."""
    out, i, end = bytearray(), start, len(record)
    while i < end:
        c = record[i:i + 1]
        if c == b'"':
            if record[i + 1:i + 2] == b'"':
                out += b'"'
                i += 2
                continue
            if i + 1 == end or record[i + 1:i + 2] == delim:
                return bytes(out), i + 2
            break
        out += c
        i += 1
    raise _error("Quoted field has to end with quote followed by delim or end")


def _number(text, dtype, column, row):
    raw = text.decode("utf-8", "backslashreplace")
    if dtype.is_integer:
        value = int(raw) if _INT.fullmatch(raw) else None
        bits = 31 if dtype == dtypes.int32 else 63
        if value is not None and -2 ** bits <= value < 2 ** bits:
            return value
    elif _FLOAT.fullmatch(raw):
        return float(raw)
    elif _HEX_FLOAT.fullmatch(raw):
        return float.fromhex(raw.strip())
    raise _error(f"Field {column} in record {row} is not a valid {_TYPE_NAMES[dtype]}: {raw}")


def _default(value, column):
    tensor = value if isinstance(value, Tensor) else to_tensor(value)
    if tensor.dtype not in _TYPE_NAMES:
        raise _error(f"Value for attr 'OUT_TYPE' of {tensor.dtype.name} is not in the list of "
                     "allowed values: float, double, int32, int64, string")
    size = int(np.prod(tensor._shape_tuple(), dtype=np.int64))
    if size > 1:
        raise _error(f"There should only be 1 default per field but field {column} has {size}")
    return tensor.dtype, (np.asarray(tensor.numpy(), dtype=object if tensor.dtype.is_string
                                     else None).reshape(-1)[0] if size else None)


@export("io.decode_csv", "decode_csv")
def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None,
               na_value="", select_cols=None):
    """Split each CSV record of `records` into one tensor per column (the shape of `records`),
    typed and defaulted by `record_defaults`."""
    if select_cols is not None:
        if any(a >= b for a, b in zip(select_cols, select_cols[1:])):
            raise ValueError("select_cols is not strictly increasing.")
        if select_cols and select_cols[0] < 0:
            raise ValueError("select_cols contains negative values.")
        if len(select_cols) != len(record_defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    data = string_input(records, _OP)
    columns = [_default(value, i) for i, value in enumerate(record_defaults)]
    delim = field_delim.encode() if isinstance(field_delim, str) else bytes(field_delim)
    if len(delim) != 1:
        raise _error("field_delim should be only 1 char")
    na = na_value.encode() if isinstance(na_value, str) else bytes(na_value)
    select = set(select_cols) if select_cols is not None else None
    outputs = [np.empty(data.shape, object if dtype.is_string else dtype.as_numpy_dtype)
               for dtype, _ in columns]
    flat = [out.reshape(-1) for out in outputs]
    for row, record in enumerate(data.reshape(-1)):
        fields = split_fields(record, delim, use_quote_delim, select)
        if len(fields) != len(columns):
            raise _error(f"Expect {len(columns)} fields but have {len(fields)} in record {row}")
        for column, (field, (dtype, default)) in enumerate(zip(fields, columns)):
            if not field or field == na:
                if default is None:
                    raise _error(f"Field {column} is required but missing in record {row}!")
                value = default
            else:
                value = field if dtype.is_string else _number(field, dtype, column, row)
            flat[column][row] = value
    return [wrap(out) if dtype.is_string else to_tensor(out)
            for out, (dtype, _) in zip(outputs, columns)]
