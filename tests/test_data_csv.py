"""CSV datasets against TensorFlow (TF 2.21 compat.v1 as the oracle for values and the CSV
kernel's messages; TF 1.15's wording for make_csv_dataset's argument errors)."""
import collections

import pytest

import tfeager_compat as tf

C = tf.data.experimental.CsvDataset
M = tf.data.experimental.make_csv_dataset


def walk(e):
    if isinstance(e, tuple):
        return tuple(walk(x) for x in e)
    if isinstance(e, dict):
        return [(k, walk(v)) for k, v in e.items()]
    v = e.numpy()
    return v if isinstance(v, bytes) else v.tolist()


def elements(ds, n=10):
    """The first `n` elements, then the error's text if iteration fails."""
    out = []
    try:
        for i, e in enumerate(ds):
            if i >= n:
                break
            out.append(walk(e))
    except tf.errors.OpError as e:
        out.append(f"{type(e).__name__}: {e}")
    return out


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in {
            "a": 'x,y,name,label\n1,2.5,"ab",0\n3,,"c,d",1\n\n5,7.25,e,0\r\n',
            "b": 'x,y,name,label\n10,1e3,"multi\nline",1\n',
            "bad": 'x,y\n1\n',
            "q": '"a"b,1\n',
            "q3": 'a,\n,\n ,1\n',
            "c": 'x,y,name,label\n1,2.5,ab,0\n3,,"c,d",1\n5,7.25,e,0\r\n7,1e40,f,1\n',
            "d": 'x,y,name,label\n9,0.5,g,1\n',
            "e": 'x,z\n1,2\n',
            "n": 'a,b,c,d\n1,,NA,3000000000\n,2,x,4\n'}.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text)
        paths[name] = str(path)
    return paths


GET_NEXT = " [Op:IteratorGetNextSync]"
CASES = [
    ("a", [tf.int32, tf.float32, tf.string, tf.int64], dict(header=True),
     [(1, 2.5, b"ab", 0),
      "InvalidArgumentError: Field 1 is required but missing in record!" + GET_NEXT]),
    ("a", [tf.int32, [0.0], tf.string, tf.int64], dict(header=True),
     [(1, 2.5, b"ab", 0), (3, 0.0, b"c,d", 1),
      "InvalidArgumentError: Field 0 is required but missing in record!" + GET_NEXT]),
    ("a", [tf.int32, [0.0], tf.string, tf.int64], {},
     ["InvalidArgumentError: Field 0 in record is not a valid int32: x" + GET_NEXT]),
    ("a", [[0], [0.0], [""], [0]], dict(header=True, na_value="3"),
     [(1, 2.5, b"ab", 0), (0, 0.0, b"c,d", 1),
      "InvalidArgumentError: Expect 4 fields but have 1 in record" + GET_NEXT]),
    ("a", [[0], [0.0], [""], [0]], dict(header=True, use_quote_delim=False),
     [(1, 2.5, b'"ab"', 0),
      "InvalidArgumentError: Field 3 in record is not a valid int32: d\"" + GET_NEXT]),
    ("a", [[0], [0.0], [""]], dict(header=True),
     ["InvalidArgumentError: Expect 3 fields but have more in record" + GET_NEXT]),
    ("a", [[0], tf.float64, [""], [0]], dict(header=True, field_delim=";"),
     ["InvalidArgumentError: Unquoted fields cannot have quotes inside" + GET_NEXT]),
    ("a", [[0], [0.0], [""], [0]], dict(header=True, compression_type="GZIP"),
     ["InvalidArgumentError: Can't read header of file" + GET_NEXT]),
    ("bad", [[0], [0]], dict(header=True),
     ["InvalidArgumentError: Expect 2 fields but have 1 in record" + GET_NEXT]),
    ("bad", [[0]], dict(header=True), [(1,)]),
    ("q", [[""], [0]], {}, ["InvalidArgumentError: Reached end of file without closing quoted "
                             "field in record" + GET_NEXT]),
    ("q3", [[""], tf.int32], {},
     ["InvalidArgumentError: Field 1 is required but missing in record!" + GET_NEXT]),
    ("q3", [tf.string, [5]], {}, [(b"a", 5), "InvalidArgumentError: Field 0 is required but "
                                  "missing in record!" + GET_NEXT]),
    ("q3", [[""], [0]], {}, [(b"a", 0), (b"", 0), (b" ", 1)]),
    ("c", [[0], [0.0], [""], [0]], dict(header=True),
     [(1, 2.5, b"ab", 0), (3, 0.0, b"c,d", 1), (5, 7.25, b"e", 0), (7, float("inf"), b"f", 1)]),
]


@pytest.mark.parametrize("name, defaults, kwargs, expected", CASES)
def test_csv_dataset(files, name, defaults, kwargs, expected):
    assert elements(C(files[name], defaults, **kwargs)) == expected


def test_csv_dataset_spec_files_and_selection(files):
    ds = C([files["a"], files["b"]], [[0], [""]], header=True, select_cols=[0, 2])
    assert repr(ds) == "<CsvDatasetV1 shapes: ((), ()), types: (tf.int32, tf.string)>"
    assert tf.data.experimental.cardinality(ds).numpy() == -2
    assert tf.contrib.data.CsvDataset is C
    assert elements(ds.take(2)) == [(1, b"ab"), (3, b"c,d")]
    assert elements(C(files["b"], [[0], [0.0], [""], [0]], header=True)) == \
        [(10, 1000.0, b"multi\nline", 1)]


@pytest.mark.parametrize("defaults, kwargs, message", [
    ([[0], [0.0]], dict(select_cols=[0, 2, 3]), "select_cols should match output size"),
    ([[""], [0.0]], dict(select_cols=[2, 1]), "select_cols should be strictly increasing indices"),
    ([[""], [0.0]], dict(select_cols=[-1, 1]), "select_cols should be non-negative indices"),
    ([[0]], dict(compression_type="FOO"), "Unsupported compression_type: FOO."),
    ([[0]], dict(buffer_size=0), "buffer_size should be positive"),
    ([[0]], dict(field_delim="ab"), "field_delim should be only 1 char"),
    ([[0, 1]], {}, "There should only be 1 default per field but field 0 has 2"),
])
def test_csv_dataset_argument_errors(files, defaults, kwargs, message):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        C(files["a"], defaults, **kwargs)
    assert str(info.value) == message + " [Op:CSVDataset]"


def test_ignore_errors_skips_bad_records(files):
    ds = C(files["a"], [[0], [0.0], [""], [0]], header=True).apply(
        tf.data.experimental.ignore_errors())
    assert elements(ds) == [(1, 2.5, b"ab", 0), (3, 0.0, b"c,d", 1), (5, 7.25, b"e", 0)]


def _keys(spec):
    return list(spec)


def test_make_csv_dataset_infers_names_and_types(files):
    ds = M(files["c"], 2, shuffle=False, num_epochs=1)
    assert ds.output_types == collections.OrderedDict(
        [("x", tf.int32), ("y", tf.float64), ("name", tf.string), ("label", tf.int32)])
    assert _keys(ds.output_shapes) == ["x", "y", "name", "label"]
    assert repr(ds.output_shapes["x"]) == "TensorShape([Dimension(None)])"
    assert elements(ds) == [
        [("x", [1, 3]), ("y", [2.5, 0.0]), ("name", [b"ab", b"c,d"]), ("label", [0, 1])],
        [("x", [5, 7]), ("y", [7.25, 1e40]), ("name", [b"e", b"f"]), ("label", [0, 1])]]
    assert tf.contrib.data.make_csv_dataset is M


@pytest.mark.parametrize("name, kwargs, expected", [
    ("c", dict(num_epochs=1, label_name="label"),
     [([("x", [1, 3]), ("y", [2.5, 0.0]), ("name", [b"ab", b"c,d"])], [0, 1]),
      ([("x", [5, 7]), ("y", [7.25, 1e40]), ("name", [b"e", b"f"])], [0, 1])]),
    ("c", dict(label_name="label", select_columns=["name", "label"]),
     [([("name", [b"ab", b"c,d"])], [0, 1]), ([("name", [b"e", b"f"])], [0, 1]),
      ([("name", [b"ab", b"c,d"])], [0, 1])]),
    ("n", dict(num_epochs=1, na_value="NA"),
     [[("a", [1, 0]), ("b", [0, 2]), ("c", [b"", b"x"]), ("d", [3000000000, 4])]]),
    ("c", dict(num_epochs=1, column_defaults=[tf.int64, 0.0, "", 0]),
     [[("x", [1, 3]), ("y", [2.5, 0.0]), ("name", [b"ab", b"c,d"]), ("label", [0, 1])],
      [("x", [5, 7]), ("y", [7.25, float("inf")]), ("name", [b"e", b"f"]), ("label", [0, 1])]]),
    ("c", dict(num_epochs=1, column_names=["a", "b", "c", "d"], header=False),
     [[("a", [b"x", b"1"]), ("b", [b"y", b"2.5"]), ("c", [b"name", b"ab"]),
       ("d", [b"label", b"0"])],
      [("a", [b"3", b"5"]), ("b", [b"", b"7.25"]), ("c", [b"c,d", b"e"]), ("d", [b"1", b"0"])],
      [("a", [b"7"]), ("b", [b"1e40"]), ("c", [b"f"]), ("d", [b"1"])]]),
])
def test_make_csv_dataset(files, name, kwargs, expected):
    assert elements(M(files[name], 2, shuffle=False, **kwargs), 3) == expected


def test_make_csv_dataset_of_several_files_and_a_shuffle(files):
    both = M([files["c"], files["d"]], 5, shuffle=False, num_epochs=1)
    assert elements(both) == [[("x", [1, 3, 5, 7, 9]), ("y", [2.5, 0.0, 7.25, 1e40, 0.5]),
                               ("name", [b"ab", b"c,d", b"e", b"f", b"g"]),
                               ("label", [0, 1, 0, 1, 1])]]
    shuffled = elements(M(files["c"], 2, shuffle_seed=3, num_epochs=2))
    xs = [x for batch in shuffled for x in batch[0][1]]
    assert sorted(xs) == [1, 1, 3, 3, 5, 5, 7, 7]


@pytest.mark.parametrize("pattern, kwargs, message", [
    ("nomatch*.csv", {}, "No files match {}."),
    ([], {}, "File pattern is empty."),
    (["c", "e"], {}, "Files have different column names in the header row."),
    ("c", dict(header=False), "Cannot infer column names without a header line."),
    ("c", dict(column_names=["a", "a", "b", "c"]), "Cannot have duplicate column names."),
    ("c", dict(label_name="nope"), "`label_name` provided must be one of the columns."),
    ("c", dict(select_columns=["nope"]),
     "Value 'nope' specified in select_columns not a valid column index or name."),
    ("c", dict(select_columns=[9]),
     "Column index 9 specified in select_columns out of valid range."),
    ("c", dict(select_columns=[1, 1]), "select_columns contains duplicate columns"),
    ("c", dict(select_columns=[1, 2], column_defaults=[0]),
     "If specified, column_defaults and select_columns must have same length."),
])
def test_make_csv_dataset_errors(files, tmp_path, pattern, kwargs, message):
    if isinstance(pattern, list):
        pattern = [files[p] for p in pattern]
    else:
        pattern = files.get(pattern, str(tmp_path / pattern))
    with pytest.raises(ValueError) as info:
        M(pattern, 2, **kwargs)
    assert str(info.value) == message.format(pattern)
