"""`tf.train.Example` parsing as TF 1.15 does it: `tf.io.parse_single_example`, `parse_example`,
`parse_single_sequence_example`, with `FixedLenFeature`, `FixedLenSequenceFeature` and
`VarLenFeature` (a `tf.SparseTensor`).

The messages are decoded by protobuf (`io/protos.py`); the checks and their error texts are
those of TF 1.15's kernels: `ParseSingleExample` (one example, "Key: k.  ..."),
`ParseExample` (a batch, "Name: n, Key: k, Index: i.  ...") and `ParseSingleSequenceExample`.
Feature configurations are checked first, in sorted key order, with TF's ValueErrors; defaults
are converted and reshaped as TF does (so a default of the wrong size is Reshape's error).
Results are dicts holding the VarLenFeature keys first, then the dense ones, each sorted.
"""
import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..framework.tensor_shape import TensorShape
from ..ops.array_ops import reshape
from ..ops.registry import export
from ..ops.string_ops import SparseTensor, _strings
from . import protos

for _name in ("Example", "SequenceExample", "Features", "Feature", "FeatureList",
              "FeatureLists", "BytesList", "FloatList", "Int64List"):
    export(f"train.{_name}")(getattr(protos, _name))


@export("io.VarLenFeature", "VarLenFeature")
class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A variable-length feature, parsed into a `tf.SparseTensor`."""


@export("io.FixedLenFeature", "FixedLenFeature")
class FixedLenFeature(collections.namedtuple(
        "FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A fixed-shape feature, parsed into a Tensor of `shape`; `default_value` for a missing one."""

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


@export("io.FixedLenSequenceFeature", "FixedLenSequenceFeature")
class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """A feature of any number of rows of `shape`; `default_value` pads a batch's rows."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


_KIND_DTYPES = {"bytes_list": dtypes.string, "float_list": dtypes.float32,
                "int64_list": dtypes.int64}
_KINDS = {dtype: kind for kind, dtype in _KIND_DTYPES.items()}
_TYPE_NAMES = {dtypes.string: "string", dtypes.float32: "float", dtypes.int64: "int64"}
_VALUE_WORDS = {dtypes.string: "bytes", dtypes.float32: "float", dtypes.int64: "int64"}
_NUMPY = {dtypes.string: object, dtypes.float32: np.float32, dtypes.int64: np.int64}


class _Config:
    """How one key is parsed: `kind` is "sparse", "dense" or "rows" (FixedLenSequenceFeature);
    `shape` is the value's (a row's, for "rows"); `default` a NumPy array or None."""

    def __init__(self, key, kind, dtype, shape=(), default=None):
        self.key, self.kind, self.dtype = key, kind, dtypes.as_dtype(dtype)
        self.shape, self.default = tuple(shape), default
        self.stride = int(np.prod(self.shape, dtype=np.int64))

    def shape_text(self, batched_rows=False):
        """The shape as TF's TensorShape::DebugString writes it ("[?,3]" for rows)."""
        dims = ("?",) + self.shape if batched_rows else self.shape
        return "[" + ",".join(map(str, dims)) + "]"


def _dims(shape):
    return TensorShape(shape).as_list()


def _configs(features, allowed):
    """TF's `_features_to_raw_params`: (sparse configs, dense configs), keys sorted."""
    sparse, dense = [], []
    for key in sorted(features):
        feature = features[key]
        kind = type(feature)
        if isinstance(feature, (VarLenFeature, FixedLenFeature, FixedLenSequenceFeature)):
            if kind not in allowed:
                raise ValueError(f"Unsupported {kind.__name__} {feature}.")
            if not feature.dtype:
                raise ValueError(f"Missing type for feature {key}.")
        if isinstance(feature, VarLenFeature):
            sparse.append(_Config(key, "sparse", feature.dtype))
        elif isinstance(feature, FixedLenFeature):
            if feature.shape is None:
                raise ValueError(f"Missing shape for feature {key}.")
            dims = _dims(feature.shape)
            if dims and dims[0] is None:
                raise ValueError(f"First dimension of shape for feature {key} unknown. "
                                 "Consider using FixedLenSequenceFeature.")
            if None in dims:
                raise ValueError(f"All dimensions of shape for feature {key} need to be "
                                 f"known but received {feature.shape}.")
            dense.append(_Config(key, "dense", feature.dtype, dims, feature.default_value))
        elif isinstance(feature, FixedLenSequenceFeature):
            if feature.shape is None:
                raise ValueError(f"Missing shape for feature {key}.")
            dense.append(_Config(key, "rows", feature.dtype, _dims(feature.shape),
                                 feature.default_value))
        else:
            raise ValueError(f"Invalid feature {key}:{feature}.")
    return sparse, dense


def _check_allow_missing(features):
    for feature in features.values():
        if isinstance(feature, FixedLenSequenceFeature) and not feature.allow_missing:
            raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to "
                             "be True.")


def _convert_defaults(dense, padding):
    """Each dense default as TF converts it: reshaped to the feature's shape, or (`padding`,
    for rows) to a scalar padding value that defaults to 0 or b""."""
    for c in dense:
        if c.kind == "rows" and padding:
            value = c.default if c.default is not None else (
                "" if c.dtype == dtypes.string else 0)
            c.default = reshape(to_tensor(value, c.dtype), []).numpy()
        elif c.kind == "dense" and c.default is not None:
            c.default = reshape(to_tensor(c.default, c.dtype), list(c.shape)).numpy()


def _check_types(configs, attr, op):
    for c in configs:
        if c.dtype not in _KINDS:
            raise errors.invalid_argument(
                f"Value for attr '{attr}' of {c.dtype.name} is not in the list of allowed "
                "values: float, int64, string", op)


def string_input(value, op):
    """A string argument as a NumPy object array of bytes; a tensor of another dtype is TF's
    conversion ValueError."""
    tensor = to_tensor(value, dtypes.string) if isinstance(value, Tensor) else _strings(value, op)
    return np.asarray(tensor.numpy(), dtype=object)



def _bad_message(raw, op):
    return errors.invalid_argument(
        "Could not parse example input, value: '"
        + raw.decode("utf-8", "backslashreplace") + "'", op)


def _parse_message(cls, raw, op):
    try:
        return cls.FromString(raw)
    except Exception:  # protobuf's DecodeError, or a wrong wire type
        raise _bad_message(raw, op) from None


def _values(feature):
    """(dtype, NumPy values) of a Feature; (None, None) when no list is set."""
    kind = feature.WhichOneof("kind")
    if kind is None:
        return None, None
    dtype = _KIND_DTYPES[kind]
    return dtype, np.array(getattr(feature, kind).value, dtype=_NUMPY[dtype])


def _tensor(array, dtype):
    array = np.asarray(array, dtype=_NUMPY[dtype])
    return wrap(array) if dtype == dtypes.string else to_tensor(array)


def _sparse(rows, dtype, width=None):
    """A SparseTensor from per-row value arrays: 1-D when `width` is None (one example)."""
    values = np.concatenate(rows) if rows else np.zeros(0, _NUMPY[dtype])
    if width is None:
        indices = np.arange(len(values), dtype=np.int64)[:, None]
        shape = [len(values)]
    else:
        indices = np.array([(i, j) for i, row in enumerate(rows) for j in range(len(row))],
                           np.int64).reshape(-1, 2)
        shape = [len(rows), width]
    return SparseTensor(to_tensor(indices), _tensor(values, dtype),
                        to_tensor(np.array(shape, np.int64)))


# ---- Example -------------------------------------------------------------------------------
class _Wording:
    """The error texts of one parse op: ParseSingleExample ("Key: k.  ...") or ParseExample
    (`name`/`index` given: "Name: n, Key: k, Index: i.  ...")."""

    def __init__(self, op, name=None, index=None):
        self.op, self.batch = op, index is not None
        self.prefix = f"Name: {name}, " if self.batch else ""
        self.where = f", Index: {index}" if self.batch else ""

    def key(self, key, suffix):
        return errors.invalid_argument(f"{self.prefix}Key: {key}{self.where}.  {suffix}", self.op)

    def dtype_mismatch(self, c, dtype):
        return self.key(c.key, f"Data types don't match. Data type: {_TYPE_NAMES[dtype]} but "
                               f"expected type: {_TYPE_NAMES[c.dtype]}")

    def required(self, c):
        return errors.invalid_argument(
            f"{self.prefix}Feature: {c.key} (data type: {_TYPE_NAMES[c.dtype]}) is required "
            "but could not be found.", self.op)


def _example_values(raw, sparse, dense, wording):
    """One serialized Example: {key: NumPy values}, a dense value shaped, rows [n, *shape]."""
    features = _parse_message(protos.Example, raw, wording.op).features.feature
    out = {}
    for c in sparse:
        dtype, values = _values(features[c.key]) if c.key in features else (None, None)
        if dtype is None:
            values = np.zeros(0, _NUMPY[c.dtype])
        elif dtype != c.dtype:
            raise wording.key(c.key, f"Data types don't match. Expected type: "
                                     f"{_TYPE_NAMES[c.dtype]}, Actual type: {_TYPE_NAMES[dtype]}")
        out[c.key] = values
    for c in dense:
        dtype, values = _values(features[c.key]) if c.key in features else (None, None)
        if dtype is None:
            if c.kind == "rows":
                values = np.zeros((0,) + c.shape, _NUMPY[c.dtype])
            elif c.default is None:
                raise wording.required(c)
            else:
                values = c.default
        elif dtype != c.dtype:
            raise wording.dtype_mismatch(c, dtype)
        elif c.kind == "dense":
            if len(values) != c.stride:
                if not wording.batch or (dtype == dtypes.string and len(values) > c.stride):
                    raise wording.key(c.key, "Can't parse serialized Example.")
                raise wording.key(c.key, f"Number of {_VALUE_WORDS[dtype]} values != expected."
                                         f"  Values size: {len(values)} but output shape: "
                                         f"{c.shape_text()}")
            values = values.reshape(c.shape)
        else:
            if c.stride == 0 or len(values) % c.stride:
                if not wording.batch:
                    raise wording.key(c.key, "Can't parse serialized Example.")
                raise wording.key(c.key, f"Number of {_VALUE_WORDS[dtype]} values is not a "
                                         f"multiple of stride length. Saw {len(values)} values "
                                         f"but output shape is: {c.shape_text(True)}")
            values = values.reshape((-1,) + c.shape)
        out[c.key] = values
    return out


def _prepare(features, empty_message):
    if not features:
        raise ValueError(empty_message)
    _check_allow_missing(features)
    sparse, dense = _configs(
        features, (VarLenFeature, FixedLenFeature, FixedLenSequenceFeature))
    _convert_defaults(dense, padding=True)
    return sparse, dense


@export("io.parse_single_example", "parse_single_example")
def parse_single_example(serialized, features, name=None, example_names=None):
    """Parse one serialized `Example` (a string scalar) into {key: Tensor or SparseTensor}."""
    if not features:
        raise ValueError("Missing features.")
    if example_names is not None:
        names = string_input(example_names, "ParseExample")
        batch = parse_example(_as_vector(serialized), features, example_names=names[None])
        return {key: _unbatch(value) for key, value in batch.items()}
    sparse, dense = _prepare(features, "Missing features.")
    raw = string_input(serialized, "ParseSingleExample")
    if raw.ndim != 0:
        raise ValueError("Input serialized must be a scalar")
    _check_types(dense, "Tdense", "ParseSingleExample")
    _check_types(sparse, "sparse_types", "ParseSingleExample")
    values = _example_values(raw.item(), sparse, dense, _Wording("ParseSingleExample"))
    out = {c.key: _sparse([values[c.key]], c.dtype) for c in sparse}
    out.update((c.key, _tensor(values[c.key], c.dtype)) for c in dense)
    return out


def _as_vector(serialized):
    raw = string_input(serialized, "ParseSingleExample")
    if raw.ndim != 0:
        raise ValueError("Input serialized must be a scalar")
    return raw[None]


def _unbatch(value):
    if isinstance(value, SparseTensor):
        return SparseTensor(to_tensor(value.indices.numpy()[:, 1:]), value.values,
                            to_tensor(value.dense_shape.numpy()[1:]))
    return _tensor(value.numpy()[0], value.dtype)


@export("io.parse_example", "parse_example")
def parse_example(serialized, features, name=None, example_names=None):
    """Parse a vector of serialized `Example`s into {key: batched Tensor or SparseTensor};
    FixedLenSequenceFeature rows are padded with its `default_value` to the longest."""
    sparse, dense = _prepare(features, f"Missing: features was {features}.")
    raw = string_input(serialized, "ParseExample")
    if raw.ndim != 1:
        raise errors.invalid_argument(
            f"Expected serialized to be a vector, got shape: {errors.shape_text(raw.shape)}",
            "ParseExample")
    names = (np.array([b"<unknown>"] * len(raw), dtype=object) if example_names is None
             else string_input(example_names, "ParseExample").reshape(-1))
    _check_types(dense, "Tdense", "ParseExample")
    _check_types(sparse, "sparse_types", "ParseExample")
    examples = [_example_values(item, sparse, dense,
                                _Wording("ParseExample", names[i].decode("utf-8", "replace"), i))
                for i, item in enumerate(raw)]
    out = {}
    for c in sparse:
        rows = [e[c.key] for e in examples]
        out[c.key] = _sparse(rows, c.dtype, max((len(r) for r in rows), default=0))
    for c in dense:
        if c.kind == "dense":
            stacked = np.array([e[c.key] for e in examples], dtype=_NUMPY[c.dtype]).reshape(
                (len(examples),) + c.shape)
        else:
            length = max((len(e[c.key]) for e in examples), default=0)
            stacked = np.full((len(examples), length) + c.shape, c.default, _NUMPY[c.dtype])
            for i, e in enumerate(examples):
                stacked[i, :len(e[c.key])] = e[c.key]
        out[c.key] = _tensor(stacked, c.dtype)
    return out


# ---- SequenceExample -----------------------------------------------------------------------
def _sequence_configs(context_features, sequence_features):
    context_sparse, context_dense = _configs(context_features or {},
                                             (VarLenFeature, FixedLenFeature))
    list_sparse, list_dense = _configs(sequence_features or {},
                                       (VarLenFeature, FixedLenSequenceFeature))
    for c in list_dense:
        if c.default is not None:
            raise ValueError(f"Value feature_list_dense_defaults[{c.key}] must be None")
    allowed_missing = {c.key for c in list_dense
                       if sequence_features[c.key].allow_missing}
    _convert_defaults(context_dense, padding=False)
    return context_sparse, context_dense, list_sparse, list_dense, allowed_missing


class _SequenceParse:
    """TF 1.x's ParseSingleSequenceExample kernel on one parsed SequenceExample."""

    OP = "ParseSingleSequenceExample"

    def __init__(self, name):
        self.name = name

    def error(self, text):
        return errors.invalid_argument(f"Name: {self.name}, {text}", self.OP)

    def checked(self, feature, c, where):
        """The feature's values; TF's error when its list is not of `c`'s type."""
        dtype, values = _values(feature)
        if dtype != c.dtype:
            raise self.error(f"{where}.  Data types don't match. Expected type: "
                             f"{_TYPE_NAMES[c.dtype]}  Feature is: {feature}")
        return values

    def dense_copy(self, values, c, index):
        if len(values) != c.stride:
            raise self.error(f"Key: {c.key}, Index: {index}.  Number of "
                             f"{_VALUE_WORDS[c.dtype]} values != expected.  values size: "
                             f"{len(values)} but output shape: {c.shape_text()}")
        return values.reshape(c.shape)

    def context(self, features, sparse, dense):
        out = {}
        for c in sparse:
            feature = features.get(c.key)
            if feature is None or feature.WhichOneof("kind") is None:
                out[c.key] = _sparse([], c.dtype)
            else:
                out[c.key] = _sparse([self.checked(feature, c, f"Context feature: {c.key}")],
                                     c.dtype)
        for c in dense:
            feature = features.get(c.key)
            if feature is None:
                if c.default is None:
                    raise self.error(f"Context feature '{c.key}' is required but could not "
                                     "be found.")
                out[c.key] = _tensor(c.default, c.dtype)
            else:
                values = self.checked(feature, c, f"Context feature: {c.key}")
                out[c.key] = _tensor(self.dense_copy(values, c, 0), c.dtype)
        return out

    def feature_lists(self, lists, sparse, dense, allowed_missing):
        out = {}
        for c in sparse:
            found = lists.get(c.key)
            rows = [self.checked(f, c, f"Feature List: {c.key}, Index: {t}")
                    for t, f in enumerate(found.feature)] if found is not None else []
            values = np.concatenate(rows) if rows else np.zeros(0, _NUMPY[c.dtype])
            indices = np.array([(t, j) for t, row in enumerate(rows) for j in range(len(row))],
                               np.int64).reshape(-1, 2)
            shape = np.array([len(rows), max((len(r) for r in rows), default=0)], np.int64)
            out[c.key] = SparseTensor(to_tensor(indices), _tensor(values, c.dtype),
                                      to_tensor(shape))
        for c in dense:
            found = lists.get(c.key)
            if found is None and c.key not in allowed_missing:
                raise self.error(
                    f"Feature list '{c.key}' is required but could not be found.  Did you "
                    "mean to include it in feature_list_dense_missing_assumed_empty or "
                    "feature_list_dense_defaults?")
            feature_list = found.feature if found is not None else []
            rows = [self.dense_copy(self.checked(f, c, f"Feature list: {c.key}, Index: {t}"),
                                    c, t) for t, f in enumerate(feature_list)]
            out[c.key] = _tensor(np.array(rows, _NUMPY[c.dtype]).reshape(
                (len(rows),) + c.shape), c.dtype)
        return out


@export("io.parse_single_sequence_example", "parse_single_sequence_example")
def parse_single_sequence_example(serialized, context_features=None, sequence_features=None,
                                  example_name=None, name=None):
    """Parse one serialized `SequenceExample` into (context dict, feature-list dict)."""
    if not (context_features or sequence_features):
        raise ValueError("Missing features.")
    (context_sparse, context_dense, list_sparse, list_dense,
     allowed_missing) = _sequence_configs(context_features, sequence_features)
    op = _SequenceParse.OP
    raw = string_input(serialized, op)
    if raw.ndim != 0:
        raise errors.invalid_argument(
            f"Expected serialized to be a scalar, got shape: {errors.shape_text(raw.shape)}",
            op)
    for configs, attr in ((context_sparse, "context_sparse_types"),
                          (context_dense, "context_dense_types"),
                          (list_sparse, "feature_list_sparse_types"),
                          (list_dense, "feature_list_dense_types")):
        _check_types(configs, attr, op)
    label = ("<unknown>" if example_name is None
             else string_input(example_name, op).item().decode("utf-8", "replace"))
    message = _parse_message(protos.SequenceExample, raw.item(), op)
    parse = _SequenceParse(label)
    return (parse.context(message.context.feature, context_sparse, context_dense),
            parse.feature_lists(message.feature_lists.feature_list, list_sparse, list_dense,
                                allowed_missing))
