"""tf.train.Example protos and their parsing, tf.decode_csv and image decoding/encoding.

Values are TensorFlow 2.21's (compat.v1); error texts are TF 1.15's kernels' (ParseSingleExample,
ParseExample, ParseSingleSequenceExample, DecodeCSV, the shared image decoder).
"""
import importlib.util
import os

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.io.records import iterate_records

HERE = os.path.join(os.path.dirname(__file__), "fixtures")
F, V, S = tf.FixedLenFeature, tf.VarLenFeature, tf.FixedLenSequenceFeature


def feature(values):
    if not values:
        return tf.train.Feature()
    if isinstance(values[0], bytes):
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
    if isinstance(values[0], float):
        return tf.train.Feature(float_list=tf.train.FloatList(value=values))
    return tf.train.Feature(int64_list=tf.train.Int64List(value=values))


def example(**features):
    return tf.train.Example(features=tf.train.Features(
        feature={k: feature(v) for k, v in features.items()})).SerializeToString()


def sparse(value):
    return (value.indices.numpy().tolist(), value.values.numpy().tolist(),
            value.dense_shape.numpy().tolist())


SERIALIZED = example(a=[1, 2, 3], b=[1.5], c=[b"x", b"yz"], m=[1, 2, 3, 4, 5, 6], z=[])


# ---- the protos ----------------------------------------------------------------------------
def test_example_protos_have_the_protobuf_api():
    ex = tf.train.Example()
    ex.features.feature["a"].int64_list.value.extend([1, 2])
    data = ex.SerializeToString()
    assert data == b"\n\r\n\x0b\n\x01a\x12\x06\x1a\x04\n\x02\x01\x02"
    again = tf.train.Example.FromString(data)
    assert again == ex and list(again.features.feature["a"].int64_list.value) == [1, 2]
    other = tf.train.Example()
    other.ParseFromString(data)
    assert other.features.feature["a"].WhichOneof("kind") == "int64_list"
    # TF's wire form: field numbers of example.proto / feature.proto
    assert tf.train.Feature(float_list=tf.train.FloatList(value=[1.5])).SerializeToString() \
        == b"\x12\x06\n\x04\x00\x00\xc0?"
    assert tf.train.FeatureList(feature=[feature([b"a"])]).SerializeToString() \
        == b"\n\x05\n\x03\n\x01a"
    assert tf.train.SequenceExample.DESCRIPTOR.full_name == "tensorflow.SequenceExample"


def test_feature_configs_are_tf_namedtuples():
    assert repr(F([3], tf.int64)) == "FixedLenFeature(shape=[3], dtype=tf.int64, " \
                                     "default_value=None)"
    assert repr(V(tf.string)) == "VarLenFeature(dtype=tf.string)"
    assert repr(S([], tf.float32, allow_missing=True)) == (
        "FixedLenSequenceFeature(shape=[], dtype=tf.float32, allow_missing=True, "
        "default_value=None)")
    assert tf.io.FixedLenFeature is F and isinstance(F([], tf.int64), tuple)
    assert tf.parse_single_example is tf.io.parse_single_example
    assert tf.parse_example is tf.io.parse_example
    assert tf.parse_single_sequence_example is tf.io.parse_single_sequence_example


# ---- parse_single_example ------------------------------------------------------------------
def test_parse_single_example_values():
    out = tf.io.parse_single_example(SERIALIZED, {
        "a": F([3], tf.int64), "b": F([], tf.float32), "c": V(tf.string),
        "d": F([2], tf.float32, default_value=[0.5, 1.0]), "e": V(tf.int64),
        "m": F([2, 3], tf.int64), "s": S([2], tf.int64, allow_missing=True),
        "q": F([], tf.string, default_value="dflt"), "z": F([], tf.int64, default_value=3)})
    assert list(out) == ["c", "e", "a", "b", "d", "m", "q", "s", "z"]  # sparse keys first
    assert out["a"].dtype == tf.int64 and out["a"].numpy().tolist() == [1, 2, 3]
    assert out["b"].shape == () and out["b"].numpy() == np.float32(1.5)
    assert sparse(out["c"]) == ([[0], [1]], [b"x", b"yz"], [2])
    assert out["d"].numpy().tolist() == [0.5, 1.0]
    assert sparse(out["e"]) == ([], [], [0]) and out["e"].indices.shape == (0, 1)
    assert out["m"].numpy().tolist() == [[1, 2, 3], [4, 5, 6]]
    assert out["s"].shape == (0, 2)
    assert out["q"].numpy() == b"dflt" and out["z"].numpy() == 3  # an empty Feature is missing


def test_parse_single_example_rows():
    out = tf.io.parse_single_example(SERIALIZED, {"m": S([2], tf.int64, allow_missing=True)})
    assert out["m"].numpy().tolist() == [[1, 2], [3, 4], [5, 6]]


OP1 = " [Op:ParseSingleExample]"


@pytest.mark.parametrize("features, error, message", [
    ({"q": F([], tf.int64)}, tf.errors.InvalidArgumentError,
     "Feature: q (data type: int64) is required but could not be found." + OP1),
    ({"z": F([], tf.int64)}, tf.errors.InvalidArgumentError,
     "Feature: z (data type: int64) is required but could not be found." + OP1),
    ({"a": F([3], tf.float32)}, tf.errors.InvalidArgumentError,
     "Key: a.  Data types don't match. Data type: int64 but expected type: float" + OP1),
    ({"a": V(tf.float32)}, tf.errors.InvalidArgumentError,
     "Key: a.  Data types don't match. Expected type: float, Actual type: int64" + OP1),
    ({"a": F([2], tf.int64)}, tf.errors.InvalidArgumentError,
     "Key: a.  Can't parse serialized Example." + OP1),
    ({"m": S([4], tf.int64, allow_missing=True)}, tf.errors.InvalidArgumentError,
     "Key: m.  Can't parse serialized Example." + OP1),
    ({"q": F([2, 2], tf.float32, default_value=1.5)}, tf.errors.InvalidArgumentError,
     "Input to reshape is a tensor with 1 values, but the requested shape has 4 [Op:Reshape]"),
    ({"a": F([3], tf.int32)}, tf.errors.InvalidArgumentError,
     "Value for attr 'Tdense' of int32 is not in the list of allowed values: float, int64, "
     "string" + OP1),
    ({"m": S([2], tf.int64)}, ValueError,
     "Unsupported: FixedLenSequenceFeature requires allow_missing to be True."),
    ({}, ValueError, "Missing features."),
    ({"a": 3}, ValueError, "Invalid feature a:3."),
    ({"a": F(None, tf.int64)}, ValueError, "Missing shape for feature a."),
    ({"a": F([None], tf.int64)}, ValueError, "First dimension of shape for feature a unknown. "
                                             "Consider using FixedLenSequenceFeature."),
    ({"a": F([3, None], tf.int64)}, ValueError,
     "All dimensions of shape for feature a need to be known but received [3, None].")])
def test_parse_single_example_errors(features, error, message):
    with pytest.raises(error) as info:
        tf.io.parse_single_example(SERIALIZED, features)
    assert str(info.value) == message


def test_parse_single_example_input_errors():
    with pytest.raises(ValueError, match="^Input serialized must be a scalar$"):
        tf.io.parse_single_example([SERIALIZED, SERIALIZED], {"a": F([3], tf.int64)})
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.io.parse_single_example(b"garbage\x01", {"a": F([3], tf.int64)})
    assert str(info.value) == "Could not parse example input, value: 'garbage\x01'" + OP1
    out = tf.io.parse_single_example(b"", {"a": F([3], tf.int64, default_value=[7, 8, 9])})
    assert out["a"].numpy().tolist() == [7, 8, 9]


def test_parse_single_example_with_a_name_uses_the_batch_kernel():
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.io.parse_single_example(SERIALIZED, {"q": F([], tf.int64)}, example_names="ex7")
    assert str(info.value) == ("Name: ex7, Feature: q (data type: int64) is required but "
                               "could not be found. [Op:ParseExample]")
    out = tf.io.parse_single_example(SERIALIZED, {"c": V(tf.string), "b": F([1], tf.float32)},
                                     example_names="ex7")
    assert sparse(out["c"]) == ([[0], [1]], [b"x", b"yz"], [2])
    assert out["b"].numpy().tolist() == [1.5]


# ---- parse_example -------------------------------------------------------------------------
def test_parse_example_batches_and_pads():
    second = example(a=[4, 5, 6], b=[2.5], c=[b"q"], e=[7], m=[2, 3])
    out = tf.io.parse_example([SERIALIZED, second], {
        "a": F([3], tf.int64), "b": F([1], tf.float32), "c": V(tf.string), "e": V(tf.int64),
        "f": S([], tf.int64, allow_missing=True),
        "m": S([2], tf.int64, allow_missing=True, default_value=-1)})
    assert out["a"].numpy().tolist() == [[1, 2, 3], [4, 5, 6]]
    assert out["b"].numpy().tolist() == [[1.5], [2.5]]
    assert sparse(out["c"]) == ([[0, 0], [0, 1], [1, 0]], [b"x", b"yz", b"q"], [2, 2])
    assert sparse(out["e"]) == ([[1, 0]], [7], [2, 1])
    assert out["f"].shape == (2, 0) and out["f"].dtype == tf.int64
    assert out["m"].numpy().tolist() == [[[1, 2], [3, 4], [5, 6]],
                                         [[2, 3], [-1, -1], [-1, -1]]]


def test_parse_example_string_rows_pad_with_empty_bytes():
    out = tf.io.parse_example([SERIALIZED, example(c=[b"k"])],
                              {"c": S([], tf.string, allow_missing=True)})
    assert out["c"].numpy().tolist() == [[b"x", b"yz"], [b"k", b""]]
    out = tf.io.parse_example([b"", b""], {"a": F([2], tf.string, default_value=["p", "q"])})
    assert out["a"].numpy().tolist() == [[b"p", b"q"], [b"p", b"q"]]


def test_parse_example_of_no_examples():
    out = tf.io.parse_example(tf.constant([], tf.string), {
        "a": F([3], tf.int64), "c": V(tf.string), "m": S([2], tf.int64, allow_missing=True)})
    assert out["a"].shape == (0, 3) and out["m"].shape == (0, 0, 2)
    assert sparse(out["c"]) == ([], [], [0, 0])


OP = " [Op:ParseExample]"


@pytest.mark.parametrize("batch, features, message", [
    ([SERIALIZED, example(b=[2.0])], {"a": F([3], tf.int64)},
     "Name: <unknown>, Feature: a (data type: int64) is required but could not be found."),
    ([SERIALIZED, example(a=[2])], {"a": F([3], tf.int64)},
     "Name: <unknown>, Key: a, Index: 1.  Number of int64 values != expected.  Values size: 1 "
     "but output shape: [3]"),
    ([example(a=[1.0])], {"a": F([2], tf.float32)},
     "Name: <unknown>, Key: a, Index: 0.  Number of float values != expected.  Values size: 1 "
     "but output shape: [2]"),
    ([example(a=[b"x", b"y", b"z"])], {"a": F([2], tf.string)},
     "Name: <unknown>, Key: a, Index: 0.  Can't parse serialized Example."),
    ([SERIALIZED, example(m=[2, 3])], {"m": S([3], tf.int64, allow_missing=True)},
     "Name: <unknown>, Key: m, Index: 1.  Number of int64 values is not a multiple of stride "
     "length. Saw 2 values but output shape is: [?,3]"),
    ([SERIALIZED, SERIALIZED], {"a": F([3], tf.float32)},
     "Name: <unknown>, Key: a, Index: 0.  Data types don't match. Data type: int64 but "
     "expected type: float"),
    ([SERIALIZED, b"garbage\x01"], {"a": F([3], tf.int64)},
     "Could not parse example input, value: 'garbage\x01'"),
    (SERIALIZED, {"a": F([3], tf.int64)}, "Expected serialized to be a vector, got shape: []")],
    # Stable ids: serialized protos (map fields) differ byte-wise between processes, and the
    # parallel workers must collect the same test names.
    ids=["missing", "int64_count", "float_count", "bytes_count", "stride", "dtype", "garbage",
         "scalar"])
def test_parse_example_errors(batch, features, message):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.io.parse_example(batch, features)
    assert str(info.value) == message + OP


def test_parse_example_names_appear_in_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="^Name: second, Feature: a "):
        tf.io.parse_example([SERIALIZED, example(b=[2.0])], {"a": F([3], tf.int64)},
                            example_names=["first", "second"])
    with pytest.raises(ValueError, match="^Missing: features was {}.$"):
        tf.io.parse_example([SERIALIZED], {})


# ---- parse_single_sequence_example ---------------------------------------------------------
SEQUENCE = tf.train.SequenceExample(
    context=tf.train.Features(feature={"len": feature([3]), "name": feature([b"abc"])}),
    feature_lists=tf.train.FeatureLists(feature_list={
        "tok": tf.train.FeatureList(feature=[feature([1]), feature([2]), feature([3])]),
        "vec": tf.train.FeatureList(feature=[feature([1., 2.]), feature([3., 4.]),
                                             feature([5., 6.])]),
        "rag": tf.train.FeatureList(feature=[feature([1]), feature([2, 3]), tf.train.Feature(
            int64_list=tf.train.Int64List(value=[]))]),
        "empty": tf.train.FeatureList(feature=[])})).SerializeToString()


def test_parse_single_sequence_example_values():
    context, lists = tf.io.parse_single_sequence_example(
        SEQUENCE, context_features={"len": F([], tf.int64), "name": V(tf.string),
                                    "miss": F([2], tf.float32, default_value=[1., 2.])},
        sequence_features={"tok": S([], tf.int64), "vec": S([2], tf.float32),
                           "rag": V(tf.int64), "empty": S([], tf.int64),
                           "gone": S([], tf.int64, allow_missing=True), "gonev": V(tf.float32)})
    assert context["len"].numpy() == 3 and context["miss"].numpy().tolist() == [1.0, 2.0]
    assert sparse(context["name"]) == ([[0]], [b"abc"], [1])
    assert lists["tok"].numpy().tolist() == [1, 2, 3]
    assert lists["vec"].numpy().tolist() == [[1., 2.], [3., 4.], [5., 6.]]
    assert sparse(lists["rag"]) == ([[0, 0], [1, 0], [1, 1]], [1, 2, 3], [3, 2])
    assert lists["empty"].shape == (0,) and lists["gone"].shape == (0,)
    assert sparse(lists["gonev"]) == ([], [], [0, 0])


OPS = " [Op:ParseSingleSequenceExample]"


@pytest.mark.parametrize("context, sequence, message", [
    (None, {"gone": S([], tf.int64)},
     "Name: <unknown>, Feature list 'gone' is required but could not be found.  Did you mean "
     "to include it in feature_list_dense_missing_assumed_empty or feature_list_dense_defaults?"),
    (None, {"tok": S([], tf.float32)},
     "Name: <unknown>, Feature list: tok, Index: 0.  Data types don't match. Expected type: "
     "float  Feature is: int64_list {\n  value: 1\n}\n"),
    (None, {"vec": S([3], tf.float32)},
     "Name: <unknown>, Key: vec, Index: 0.  Number of float values != expected.  values size: "
     "2 but output shape: [3]"),
    (None, {"rag": S([], tf.int64)},
     "Name: <unknown>, Key: rag, Index: 1.  Number of int64 values != expected.  values size: "
     "2 but output shape: []"),
    ({"nope": F([], tf.int64)}, None,
     "Name: <unknown>, Context feature 'nope' is required but could not be found."),
    ({"len": F([], tf.float32)}, None,
     "Name: <unknown>, Context feature: len.  Data types don't match. Expected type: float  "
     "Feature is: int64_list {\n  value: 3\n}\n")])
def test_parse_single_sequence_example_errors(context, sequence, message):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.io.parse_single_sequence_example(SEQUENCE, context, sequence)
    assert str(info.value) == message + OPS


@pytest.mark.parametrize("context, sequence, message", [
    (None, None, "Missing features."),
    ({"len": S([], tf.int64, allow_missing=True)}, None,
     "Unsupported FixedLenSequenceFeature FixedLenSequenceFeature(shape=[], dtype=tf.int64, "
     "allow_missing=True, default_value=None)."),
    (None, {"tok": F([], tf.int64)},
     "Unsupported FixedLenFeature FixedLenFeature(shape=[], dtype=tf.int64, "
     "default_value=None)."),
    (None, {"tok": S([], tf.int64, default_value=0)},
     "Value feature_list_dense_defaults[tok] must be None")])
def test_parse_single_sequence_example_config_errors(context, sequence, message):
    with pytest.raises(ValueError) as info:
        tf.io.parse_single_sequence_example(SEQUENCE, context, sequence)
    assert str(info.value) == message


def test_sequence_example_name():
    with pytest.raises(tf.errors.InvalidArgumentError, match="^Name: myex, Feature list"):
        tf.io.parse_single_sequence_example(SEQUENCE, sequence_features={
            "gone": S([], tf.int64)}, example_name="myex")


# ---- fixtures written by TensorFlow --------------------------------------------------------
@pytest.mark.parametrize("name, compression", [("examples.tfrecord", ""),
                                               ("examples.tfrecord.gz", "GZIP")])
def test_tf_written_examples_parse_as_in_tf(name, compression):
    records = list(iterate_records(os.path.join(HERE, "records", name), compression))
    out = tf.io.parse_example(records, {
        "label": F([], tf.int64), "pixels": F([3], tf.float32), "name": F([], tf.string),
        "tags": V(tf.int64)})
    assert out["label"].numpy().tolist() == [1, 0, 7]
    assert out["name"].numpy().tolist() == [b"first", b"second", b"\xff\x00bytes"]
    assert out["pixels"].numpy().tolist() == [[0.5, 1.5, -2.0],
                                              [3.25, 0.0, 0.0010000000474974513],
                                              [-1.0, 2.0, 4.0]]
    assert sparse(out["tags"]) == ([[0, 0], [0, 1], [0, 2], [2, 0]], [1, 2, 3, 9], [3, 3])


def test_tf_written_sequence_example():
    record, = iterate_records(os.path.join(HERE, "records", "sequence.tfrecord"))
    context, lists = tf.io.parse_single_sequence_example(
        record, {"length": F([], tf.int64)},
        {"tokens": S([], tf.int64), "frames": S([2], tf.float32)})
    assert context["length"].numpy() == 3
    assert lists["tokens"].numpy().tolist() == [4, 5, 6]
    assert lists["frames"].numpy().tolist() == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]


# ---- decode_csv ----------------------------------------------------------------------------
def _csv(*args, **kwargs):
    return [(t.dtype.name, np.asarray(t.numpy()).tolist())
            for t in tf.decode_csv(*args, **kwargs)]


@pytest.mark.parametrize("args, kwargs, expected", [
    ((["1,2.5,abc", "4,,x"], [[0], [1.0], ["d"]]), {},
     [("int32", [1, 4]), ("float32", [2.5, 1.0]), ("string", [b"abc", b"x"])]),
    (("1,2,3,4,5", [tf.constant([], tf.int32), [0.0], [tf.constant(0, tf.int64)],
                    [tf.constant(0., tf.float64)], [""]]), {},
     [("int32", 1), ("float32", 2.0), ("int64", 3), ("float64", 4.0), ("string", b"5")]),
    (([["1,2"], ["3,4"]], [[0], [0]]), {}, [("int32", [[1], [3]]), ("int32", [[2], [4]])]),
    (("1;2", [[0], [0]]), {"field_delim": ";"}, [("int32", 1), ("int32", 2)]),
    (('"a,b",2', [[""], [0]]), {}, [("string", b"a,b"), ("int32", 2)]),
    (('"a""b",2', [[""], [0]]), {}, [("string", b'a"b'), ("int32", 2)]),
    (('"a",2', [[""], [0]]), {"use_quote_delim": False}, [("string", b'"a"'), ("int32", 2)]),
    (("NA,2", [[0], [0]]), {"na_value": "NA"}, [("int32", 0), ("int32", 2)]),
    (("1,2,3,4,5", [[0], [0]]), {"select_cols": [1, 3]}, [("int32", 2), ("int32", 4)]),
    ((" 1 , 2.5 ", [[0], [0.]]), {}, [("int32", 1), ("float32", 2.5)]),
    ((" a , b ", [[""], [""]]), {}, [("string", b" a "), ("string", b" b ")]),
    (("1e3,-inf,0x1p3,+5", [[0.], [0.], [0.], [0]]), {},
     [("float32", 1000.0), ("float32", -np.inf), ("float32", 8.0), ("int32", 5)]),
    (("12345678901,007", [[tf.constant(0, tf.int64)], [0]]), {},
     [("int64", 12345678901), ("int32", 7)]),
    (("1,2,", [[0], [0], [9]]), {}, [("int32", 1), ("int32", 2), ("int32", 9)]),
    ((",", [[5], [6]]), {}, [("int32", 5), ("int32", 6)])])
def test_decode_csv(args, kwargs, expected):
    assert _csv(*args, **kwargs) == expected


@pytest.mark.parametrize("records, defaults, kwargs, message", [
    ("1,,3", [[0], [], [0]], {}, "Field 1 is required but missing in record 0!"),
    ("1,2", [[0], [0], [0]], {}, "Expect 3 fields but have 2 in record 0"),
    ("", [[0]], {}, "Expect 1 fields but have 0 in record 0"),
    ("1,2", [[0], [0]], {"select_cols": [0, 3]}, "Expect 2 fields but have 1 in record 0"),
    (["1,2", "x,2"], [[0], [0]], {}, "Field 0 in record 1 is not a valid int32: x"),
    ("1.5x", [[0.]], {}, "Field 0 in record 0 is not a valid float: 1.5x"),
    ("a", [[tf.constant(0, tf.float64)]], {}, "Field 0 in record 0 is not a valid double: a"),
    ("99999999999", [[0]], {}, "Field 0 in record 0 is not a valid int32: 99999999999"),
    ("0x10", [[0]], {}, "Field 0 in record 0 is not a valid int32: 0x10"),
    ('a"b,2', [[""], [0]], {}, "Unquoted fields cannot have quotes/CRLFs inside"),
    ("a\n,b", [[""], [""]], {"use_quote_delim": False},
     "Unquoted fields cannot have quotes/CRLFs inside"),
    ('"ab,2', [[""], [0]], {}, "Quoted field has to end with quote followed by delim or end"),
    ("1", [[True]], {}, "Value for attr 'OUT_TYPE' of bool is not in the list of allowed "
                        "values: float, double, int32, int64, string"),
    ("1", [[0]], {"field_delim": ";;"}, "field_delim should be only 1 char"),
    ("1,2", [[0, 1], [0]], {}, "There should only be 1 default per field but field 0 has 2")])
def test_decode_csv_errors(records, defaults, kwargs, message):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.io.decode_csv(records, defaults, **kwargs)
    assert str(info.value) == message + " [Op:DecodeCSV]"


def test_decode_csv_of_numbers_is_a_conversion_error():
    with pytest.raises(ValueError, match="^Tensor conversion requested dtype string for Tensor "
                                         "with dtype int32"):
        tf.decode_csv(tf.constant([1, 2]), [[0]])


@pytest.mark.parametrize("cols, message", [
    ([2, 0], "select_cols is not strictly increasing."),
    ([-1, 2], "select_cols contains negative values."),
    ([0], "Length of select_cols and record_defaults do not match.")])
def test_decode_csv_select_cols_errors(cols, message):
    with pytest.raises(ValueError) as info:
        tf.decode_csv("1,2,3", [[0], [0]], select_cols=cols)
    assert str(info.value) == message


# ---- images --------------------------------------------------------------------------------
needs_pillow = pytest.mark.skipif(importlib.util.find_spec("PIL") is None,
                                  reason="the images extra (Pillow) is not installed")
IMAGES = os.path.join(HERE, "images")
GRADIENT = (np.arange(4 * 5 * 3).reshape(4, 5, 3) * 4 % 256).astype(np.uint8)
# TF's decodes of the fixtures (make_images.py).
TF_JPEG_FAST = [0, 0, 5, 4, 7, 12, 17, 20, 25, 29, 32, 37, 43, 46, 51, 54, 57, 62, 66, 69, 74,
                79, 82, 87, 91, 94, 99, 104, 107, 112, 114, 117, 122, 126, 129, 134, 139, 142,
                147, 151, 154, 159, 164, 167, 172, 176, 179, 184, 188, 191, 196, 201, 204, 209,
                212, 215, 220, 226, 229, 234]
TF_JPEG_ACCURATE = [0, 3, 8, 12, 15, 20, 24, 27, 32, 36, 39, 44, 48, 51, 56, 60, 63, 68, 72, 75,
                    80, 85, 88, 93, 96, 99, 104, 109, 112, 117, 119, 122, 127, 131, 134, 139,
                    144, 147, 152, 155, 158, 163, 168, 171, 176, 180, 183, 188, 192, 195, 200,
                    205, 208, 213, 216, 219, 224, 229, 232, 237]
TF_JPEG_GRAY = [0, 7, 20, 32, 46, 57, 69, 82, 94, 107, 117, 129, 142, 154, 167, 179, 191, 204,
                215, 229]


def read(name):
    return tf.io.read_file(os.path.join(IMAGES, name))


def pixels(tensor):
    return tensor.dtype.name, tensor.shape.as_list(), tensor.numpy().reshape(-1).tolist()


@needs_pillow
@pytest.mark.parametrize("decode, expected", [
    (lambda: tf.image.decode_jpeg(read("tf.jpg"), dct_method="INTEGER_ACCURATE"),
     ("uint8", [4, 5, 3], TF_JPEG_ACCURATE)),
    (lambda: tf.image.decode_jpeg(read("tf.jpg"), fancy_upscaling=False),
     ("uint8", [4, 5, 3], TF_JPEG_FAST)),
    (lambda: tf.image.decode_jpeg(read("tf.jpg"), channels=1), ("uint8", [4, 5, 1], TF_JPEG_GRAY)),
    (lambda: tf.image.decode_png(read("tf.png")),
     ("uint8", [4, 5, 3], GRADIENT.reshape(-1).tolist())),
    (lambda: tf.image.decode_jpeg(read("tf.png")),  # one kernel reads JPEG, PNG and GIF
     ("uint8", [4, 5, 3], GRADIENT.reshape(-1).tolist())),
    (lambda: tf.image.decode_png(read("tf.png"), channels=1),
     ("uint8", [4, 5, 1], [3, 15, 27, 39, 51, 63, 75, 87, 99, 111, 123, 135, 147, 159, 171, 183,
                           195, 207, 219, 231])),
    (lambda: tf.image.decode_png(read("rgba.png"), channels=1),
     ("uint8", [3, 5, 1], [4, 19, 34, 49, 64, 79, 94, 109, 124, 139, 154, 169, 184, 199, 214])),
    (lambda: tf.image.decode_bmp(read("gray.bmp")),
     ("uint8", [3, 5, 1], list(range(0, 211, 15)))),
    (lambda: tf.image.decode_bmp(read("rgb.bmp")), ("uint8", [3, 5, 3], list(range(0, 221, 5))))])
def test_decode_matches_tf(decode, expected):
    assert pixels(decode()) == expected


@needs_pillow
def test_default_jpeg_decode_is_close_to_tf():
    """TF's default (fast DCT with fancy upsampling) has no Pillow equivalent for 4:2:0 files."""
    got = tf.image.decode_jpeg(read("tf.jpg")).numpy().reshape(-1).astype(int)
    assert np.abs(got - TF_JPEG_FAST).max() <= 8


@needs_pillow
def test_decode_gif_frames():
    frames = tf.image.decode_gif(read("anim.gif"))
    assert frames.shape == (3, 4, 6, 3) and frames.dtype == tf.uint8
    values = frames.numpy()
    assert values[0, 0, :3].tolist() == [[0, 200, 255], [0, 200, 0], [0, 200, 0]]
    assert values[2, 2, 2].tolist() == [100, 200, 255] and int(values.sum()) == 10260
    assert tf.image.decode_image(read("anim.gif")).shape == (3, 4, 6, 3)
    assert tf.image.decode_image(read("anim.gif"), expand_animations=False).shape == (4, 6, 3)


@needs_pillow
def test_channel_conversions():
    png = tf.image.encode_png(GRADIENT)
    assert pixels(tf.image.decode_png(png, channels=4))[2][:8] == [0, 4, 8, 255, 12, 16, 20, 255]
    gray = tf.image.encode_png(GRADIENT[:, :, :1])
    assert pixels(tf.image.decode_png(gray, channels=3))[2][:6] == [0, 0, 0, 12, 12, 12]
    assert pixels(tf.image.decode_png(read("rgba.png"), channels=3))[2][:6] == [0, 5, 10, 15, 20,
                                                                                25]
    wide = tf.image.decode_png(png, dtype=tf.uint16)
    assert pixels(wide)[2][:4] == [0, 1028, 2056, 3084]
    as_float = tf.image.decode_image(read("tf.png"), dtype=tf.float32)
    assert as_float.dtype == tf.float32 and as_float.numpy()[0, 0, 1] == np.float32(4 / 255)


@needs_pillow
@pytest.mark.parametrize("image", [GRADIENT, GRADIENT[:, :, :1], GRADIENT[:, :, :2],
                                   np.concatenate([GRADIENT, GRADIENT[:, :, :1]], 2),
                                   GRADIENT.astype(np.uint16) * 257])
def test_encode_png_round_trips(image):
    dtype = tf.uint16 if image.dtype == np.uint16 else tf.uint8
    back = tf.image.decode_png(tf.image.encode_png(image, compression=9), dtype=dtype)
    assert back.numpy().tolist() == image.tolist()


@needs_pillow
def test_encode_jpeg():
    data = tf.image.encode_jpeg(GRADIENT)
    assert data.dtype == tf.string and data.numpy().startswith(b"\xff\xd8\xff")
    back = tf.image.decode_jpeg(data, dct_method="INTEGER_ACCURATE").numpy().astype(int)
    assert np.abs(back - GRADIENT).max() <= 12  # quality 95 with 4:2:0 chroma
    gray = tf.image.decode_jpeg(tf.image.encode_jpeg(GRADIENT[:, :, :1], quality=100))
    assert gray.shape == (4, 5, 1)


def test_names():
    assert tf.io.decode_jpeg is tf.image.decode_jpeg and tf.io.encode_png is tf.image.encode_png
    assert tf.io.decode_image is tf.image.decode_image


@needs_pillow
@pytest.mark.parametrize("call, message", [
    (lambda: tf.image.decode_png(b"notanimage"),
     "Expected image (JPEG, PNG, or GIF), got unknown format starting with 'notanimage' "
     "[Op:DecodePng]"),
    (lambda: tf.image.decode_jpeg(read("rgb.bmp")),
     "Expected image (JPEG, PNG, or GIF), got unknown format starting with "
     "'BMf\\000\\000\\000\\000\\000\\000\\0006\\000\\000\\000(\\000' [Op:DecodeJpeg]"),
    (lambda: tf.image.decode_jpeg(read("anim.gif")),
     "Got 3 frames, but animated gifs can only be decoded by tf.image.decode_gif or "
     "tf.image.decode_image [Op:DecodeJpeg]"),
    (lambda: tf.image.decode_jpeg(read("anim.gif"), channels=1),
     "channels must be 0 or 3 for GIF, got 1 [Op:DecodeJpeg]"),
    (lambda: tf.image.decode_png(read("tf.png"), channels=2),
     "channels must be 0, 1, 3, or 4, got 2 [Op:DecodePng]"),
    (lambda: tf.image.decode_png(read("tf.png").numpy()[:40]),
     "Invalid PNG header, data size 40 [Op:DecodePng]"),
    (lambda: tf.image.decode_jpeg(read("tf.jpg").numpy()[:200]),
     "Invalid JPEG data or crop window, data size 200 [Op:DecodeJpeg]"),
    (lambda: tf.image.decode_image(b"xyzw"),
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
     "b'Unable to decode bytes as JPEG, PNG, GIF, or BMP'"),
    (lambda: tf.image.decode_image(read("tf.jpg"), channels=4),
     "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
     "b'Channels must be in (None, 0, 1, 3) when decoding JPEG images'"),
    (lambda: tf.image.encode_jpeg(GRADIENT, format="grayscale"),
     "format grayscale expects 1 channels, got [4,5,3] [Op:EncodeJpeg]"),
    (lambda: tf.image.encode_jpeg(GRADIENT[:, :, :2]),
     "image must have 1 or 3 channels, got [4,5,2] [Op:EncodeJpeg]"),
    (lambda: tf.image.encode_png(GRADIENT[:, :, 0]),
     "image must be 3-dimensional[4,5] [Op:EncodePng]"),
    (lambda: tf.image.encode_png(GRADIENT.astype(np.float32)),
     "Value for attr 'T' of float is not in the list of allowed values: uint8, uint16 "
     "[Op:EncodePng]")])
def test_image_errors(call, message):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        call()
    assert str(info.value) == message


@needs_pillow
def test_decode_image_channel_argument():
    with pytest.raises(ValueError, match=r"^channels must be in \(None, 0, 1, 3, 4\)$"):
        tf.image.decode_image(read("tf.jpg"), channels=2)
