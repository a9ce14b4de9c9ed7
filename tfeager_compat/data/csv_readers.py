"""CSV datasets as TF 1.15 has them: `tf.data.experimental.CsvDataset` and `make_csv_dataset`
(also under `tf.contrib.data`).

`CsvDataset` reads records as TF's CSV kernel does: RFC 4180 quoting (a quoted field may hold
delimiters, `""` and line breaks), `\\n` or `\\r\\n` ends a record, an empty line is a record
of one empty field, a field equal to `na_value` is missing; fields are checked left to right,
so the first bad one names the error. `make_csv_dataset` is TF's composition (file globbing,
header and type inference on the host, interleaved files, shuffle/repeat, batch, features
dict) with TF's argument errors.
"""
import collections
import csv
import io
import re

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor
from ..io import gfile
from ..io.csv import _TYPE_NAMES, _number
from ..ops.registry import export
from . import structure as st
from .combining import _Unary
from .dataset import AUTOTUNE, int_arg
from .readers import _FileDataset, _text_arg, read_file

_OP = "CSVDataset"
_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def _fail(message):
    raise errors.InvalidArgumentError(None, None, message)


def _record_default(value, column):
    """(dtype, default or None for a required column) from one of `record_defaults`."""
    if isinstance(value, dtypes.DType) and value in _TYPES:
        return value, None
    tensor = value if isinstance(value, Tensor) else to_tensor(value)
    size = int(np.prod(tensor._shape_tuple(), dtype=np.int64))
    if size > 1:
        raise errors.invalid_argument(f"There should only be 1 default per field but field "
                                      f"{column} has {size}", _OP)
    if not size:
        return tensor.dtype, None
    return tensor.dtype, np.asarray(tensor.numpy(), dtype=object if tensor.dtype.is_string
                                    else None).reshape(-1)[0]


class _Record:
    """Splits a file's bytes into records and fields (see the module docstring)."""

    def __init__(self, data, delim, quote):
        self._data, self._delim, self._quote = data, delim, quote
        self._stop = re.compile(b"[" + re.escape(delim) + b"\n]")
        self.pos = 0

    def fields(self):
        """The fields of the next record, one at a time (the record ends with the last); on
        an error, the rest of the line is skipped."""
        try:
            yield from self._fields()
        except errors.InvalidArgumentError:
            end = self._data.find(b"\n", self.pos)
            self.pos = len(self._data) if end < 0 else end + 1
            raise

    def _fields(self):
        data, pos = self._data, self.pos
        while True:
            if self._quote and data[pos:pos + 1] == b'"':
                field, pos = self._quoted(pos + 1)
            else:
                match = self._stop.search(data, pos)
                stop = match.start() if match else len(data)
                field = data[pos:stop]
                if field.endswith(b"\r") and data[stop:stop + 1] != self._delim:
                    field = field[:-1]
                if self._quote and b'"' in field:
                    _fail("Unquoted fields cannot have quotes inside")
                pos = stop
            last = data[pos:pos + 1] != self._delim
            self.pos = pos + 1
            yield field
            if last:
                return
            pos = self.pos

    def _quoted(self, pos):
        data, out = self._data, bytearray()
        while True:
            close = data.find(b'"', pos)
            if close < 0:
                _fail("Reached end of file without closing quoted field in record")
            out += data[pos:close]
            after = data[close + 1:close + 2]
            if after == b'"':
                out += b'"'
                pos = close + 2
                continue
            if data[close + 1:close + 3] == b"\r\n":
                return bytes(out), close + 2
            if after in (self._delim, b"\n", b""):
                return bytes(out), close + 1
            _fail("Reached end of file without closing quoted field in record")

    def skip(self):
        for _ in self.fields():
            pass

    def more(self):
        return self.pos < len(self._data)


@export("data.experimental.CsvDataset", "contrib.data.CsvDataset")
class CsvDataset(_FileDataset):
    """A tuple of scalars per CSV record, one per (selected) column, typed and defaulted by
    `record_defaults` (a DType or an empty tensor makes a column required)."""

    _tf_name = "CsvDatasetV1"

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None,
                 header=False, field_delim=",", use_quote_delim=True, na_value="",
                 select_cols=None):
        columns = [_record_default(v, i) for i, v in enumerate(record_defaults)]
        self._compression = _text_arg(compression_type)
        if self._compression not in ("", "GZIP", "ZLIB"):
            raise errors.invalid_argument(f"Unsupported compression_type: {self._compression}.",
                                          _OP)
        if buffer_size is not None and int_arg(buffer_size) <= 0:
            raise errors.invalid_argument("buffer_size should be positive", _OP)
        self._delim = _text_arg(field_delim).encode()
        if len(self._delim) != 1:
            raise errors.invalid_argument("field_delim should be only 1 char", _OP)
        select = [] if select_cols is None else [int(c) for c in st.to_host(select_cols)]
        if select and len(select) != len(columns):
            raise errors.invalid_argument("select_cols should match output size", _OP)
        if any(b <= a for a, b in zip(select, select[1:])):
            raise errors.invalid_argument("select_cols should be strictly increasing indices",
                                          _OP)
        if select and select[0] < 0:
            raise errors.invalid_argument("select_cols should be non-negative indices", _OP)
        self._columns, self._select = columns, select
        self._header = bool(st.to_host(header))
        self._quote = bool(st.to_host(use_quote_delim))
        self._na = _text_arg(na_value).encode()
        self._cached_structure = tuple(st.spec((), dtype) for dtype, _ in columns)
        super().__init__(filenames, None)

    def _open(self, path):
        try:
            data = read_file(path, self._compression)
        except errors.DataLossError:
            _fail("Can't read header of file")
        records = _Record(data, self._delim, self._quote)
        if self._header:
            if not records.more():
                _fail("Can't read header of file")
            records.skip()
        while records.more():
            fields = records.fields()
            try:
                yield self._parse(fields)
            except errors.InvalidArgumentError as e:  # (the next record is read after it)
                try:
                    for _ in fields:
                        pass
                except errors.InvalidArgumentError:
                    pass
                yield e

    def _parse(self, fields):
        """One record's typed values, checked field by field as TF's kernel does."""
        want = len(self._columns)
        wanted = set(self._select) if self._select else None
        values = []
        for index, field in enumerate(fields):
            if wanted is not None and index not in wanted:
                continue
            if len(values) == want:
                _fail(f"Expect {want} fields but have more in record")
            column = len(values)
            dtype, default = self._columns[column]
            if not field or field == self._na:
                if default is None:
                    _fail(f"Field {column} is required but missing in record!")
                values.append(default)
            elif dtype is dtypes.string:
                values.append(field)
            else:
                try:
                    values.append(_number(field, dtype, column, 0))
                except errors.InvalidArgumentError:
                    _fail(f"Field {column} in record is not a valid {_TYPE_NAMES[dtype]}: "
                          f"{field.decode('utf-8', 'backslashreplace')}")
        if len(values) < want:
            _fail(f"Expect {want} fields but have {len(values)} in record")
        return values

    def _block(self, records):
        out = []
        for (dtype, _), column in zip(self._columns, zip(*records)):
            if dtype is dtypes.string:
                array = np.empty(len(column), object)
                array[:] = column
            else:
                with np.errstate(over="ignore"):  # (1e40 as a float32 is inf, as in TF)
                    array = np.array(column, dtype=dtype.as_numpy_dtype)
            out.append(array)
        return tuple(out)


# ---- make_csv_dataset ------------------------------------------------------------------------
def _file_names(file_pattern):
    if isinstance(file_pattern, list):
        if not file_pattern:
            raise ValueError("File pattern is empty.")
        names = [n for pattern in file_pattern for n in gfile.glob(pattern)]
    else:
        names = list(gfile.glob(file_pattern))
    if not names:
        raise ValueError(f"No files match {file_pattern}.")
    return sorted(names)


def _text_rows(path, compression, delim, quote):
    """The rows of a CSV file as Python's csv module reads them (TF infers with it)."""
    text = read_file(path, compression).decode("utf-8")
    return csv.reader(io.StringIO(text, newline=""), delimiter=delim,
                      quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE)


def _column_names(names, compression, delim, quote):
    def header(path):
        try:
            return next(_text_rows(path, compression, delim, quote))
        except StopIteration:
            raise ValueError(f"Received StopIteration when reading the header line of "
                             f"{names[0]}.  Empty file?") from None

    columns = header(names[0])
    for path in names[1:]:
        if header(path) != columns:
            raise ValueError("Files have different column names in the header row.")
    return columns


def _select_indices(select_columns, column_names):
    positions = {n: i for i, n in enumerate(column_names)}
    out = []
    for v in select_columns:
        if isinstance(v, int):
            if not 0 <= v < len(column_names):
                raise ValueError(f"Column index {v} specified in select_columns out of valid "
                                 "range.")
            out.append(v)
        elif v not in positions:
            raise ValueError(f"Value '{v}' specified in select_columns not a valid column "
                             "index or name.")
        else:
            out.append(positions[v])
    result = sorted(set(out))
    if len(result) != len(select_columns):
        raise ValueError("select_columns contains duplicate columns")
    return result


def _fits(text, dtype):
    """Whether `text` reads as `dtype` (TF's inference: NumPy's conversions)."""
    try:
        if dtype is dtypes.int32:
            return np.int32(text) == np.int64(text)
        if dtype is dtypes.int64:
            np.int64(text)
            return True
        with np.errstate(over="ignore"):
            return dtype.as_numpy_dtype(text) < np.inf
    except (ValueError, OverflowError):
        return False


_INFERRED = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string)


def _infer_type(text, na_value, previous):
    if text in ("", na_value):
        return previous
    for i, dtype in enumerate(_INFERRED):
        if (dtype is dtypes.string or _fits(text, dtype)) and (
                previous is None or previous in _INFERRED[:i + 1]):
            return dtype
    return dtypes.string


def _column_defaults(names, count, compression, delim, quote, na_value, header, rows_wanted,
                     select):
    columns = select if select is not None else range(count)
    types = [None] * len(columns)
    seen = 0
    for path in names:
        rows = _text_rows(path, compression, delim, quote)
        if header:
            next(rows, None)
        for row in rows:
            if rows_wanted is not None and seen >= rows_wanted:
                break
            if len(row) != count:
                raise ValueError("Problem inferring types: CSV row has different number of "
                                 "fields than expected.")
            types = [_infer_type(row[c], na_value, t) for c, t in zip(columns, types)]
            seen += 1
    return [to_tensor(np.array([0 if t is not dtypes.string else b""],
                               dtype=object if t is dtypes.string else t.as_numpy_dtype))
            for t in (t or dtypes.string for t in types)]


class _Regroup(_Unary):
    """The input's components nested anew by `nest(components)` (a list in, a structure
    out), without touching their values."""

    def __init__(self, input_dataset, nest):
        super().__init__(input_dataset)
        self._nest = nest
        specs = input_dataset._flat_specs()
        self._order = st.flatten(nest(list(range(len(specs)))))
        self._cached_structure = nest(specs)

    def _nesting(self):
        return self._structure

    def _reader(self):
        source, order = self._input._reader(), self._order

        def read(n):
            block = source(n)
            return None if block is None else tuple(block[i] for i in order)

        return read


@export("data.experimental.make_csv_dataset", "contrib.data.make_csv_dataset")
def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None,
                     label_name=None, select_columns=None, field_delim=",",
                     use_quote_delim=True, na_value="", header=True, num_epochs=None,
                     shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=AUTOTUNE, num_parallel_reads=1, sloppy=False,
                     num_rows_for_inference=100, compression_type=None, ignore_errors=False):
    """Batches of `(features, label)` (or `features`) from CSV files: `features` an
    OrderedDict of the columns by name, each a vector of `batch_size` values."""
    from .sources import TensorSliceDataset
    names = _file_names(file_pattern)
    compression = _text_arg(compression_type)
    files = TensorSliceDataset(np.array([n.encode() for n in names], dtype=object))
    if shuffle:
        files = files.shuffle(len(names), shuffle_seed)
    if column_names is None:
        if not header:
            raise ValueError("Cannot infer column names without a header line.")
        column_names = _column_names(names, compression, field_delim, use_quote_delim)
    if len(column_names) != len(set(column_names)):
        raise ValueError("Cannot have duplicate column names.")
    if select_columns is not None:
        select_columns = _select_indices(select_columns, column_names)
    if column_defaults is not None:
        column_defaults = [to_tensor(np.zeros(0, dtype=object if d is dtypes.string
                                              else d.as_numpy_dtype))
                           if isinstance(d, dtypes.DType) and d in _TYPES else d
                           for d in column_defaults]
    else:
        column_defaults = _column_defaults(names, len(column_names), compression, field_delim,
                                           use_quote_delim, na_value, header,
                                           num_rows_for_inference, select_columns)
    if select_columns is not None and len(column_defaults) != len(select_columns):
        raise ValueError("If specified, column_defaults and select_columns must have same "
                         "length.")
    if select_columns is not None and len(column_names) > len(select_columns):
        column_names = [column_names[i] for i in select_columns]
    if label_name is not None and label_name not in column_names:
        raise ValueError("`label_name` provided must be one of the columns.")

    def one_file(name):
        dataset = CsvDataset(name, column_defaults, compression_type=compression,
                             header=header, field_delim=field_delim,
                             use_quote_delim=use_quote_delim, na_value=na_value,
                             select_cols=select_columns)
        return dataset.apply(ignore_errors_fn()) if ignore_errors else dataset

    def features(columns):
        named = collections.OrderedDict(zip(column_names, columns))
        if label_name is None:
            return named
        label = named.pop(label_name)
        return named, label

    from .experimental import ignore_errors as ignore_errors_fn
    dataset = files.interleave(one_file, cycle_length=num_parallel_reads, block_length=1)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
    return _Regroup(dataset, features).prefetch(prefetch_buffer_size)
