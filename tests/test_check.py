"""`tfeager check`: the TensorFlow symbols a codebase uses, resolved on the shim's own table.

The fixture trees are tests/fixtures/porting/legacy (scripts, a package, a notebook with
magics, a Python 2 file) and tests/fixtures/porting/clean (only supported symbols). A symbol
listed here as unsupported that the shim later gains moves to the supported rows.
"""
import ast
import json
import os
import textwrap

import pytest

from conftest import run_cli
from tfeager_compat.runner import check

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "porting")

LEGACY_USES = [
    ("tf.enable_eager_execution", True, "legacy/explore.ipynb", 1, 3),
    ("tf.nn.relu", True, "legacy/explore.ipynb", 3, 2),
    ("tf.constant", True, "legacy/explore.ipynb", 3, 2),
    ("tf.contrib.layers.xavier_initializer", True, "legacy/explore.ipynb", 4, 1),
    ("tf.random_normal", True, "legacy/explore.ipynb", 4, 2),
    ("tf.contrib.summary.create_file_writer", True, "legacy/explore.ipynb", 5, 2),
    ("tf.contrib.eager", True, "legacy/train.py", None, 3),
    ("tf.contrib.slim", False, "legacy/train.py", None, 4),
    ("tf.examples.tutorials.mnist.input_data", False, "legacy/train.py", None, 5),
    ("tf.enable_eager_execution", True, "legacy/train.py", None, 7),
    ("tf.examples.tutorials.mnist.input_data.read_data_sets", False, "legacy/train.py", None, 8),
    ("tf.contrib.eager.Variable", True, "legacy/train.py", None, 9),
    ("tf.zeros", True, "legacy/train.py", None, 9),
    ("tf.train.AdamOptimizer", True, "legacy/train.py", None, 10),
    ("tf.contrib.slim.arg_scope", False, "legacy/train.py", None, 11),
    ("tf.contrib.slim.fully_connected", False, "legacy/train.py", None, 11),
    ("tf.GradientTape", True, "legacy/train.py", None, 14),
    ("tf.reduce_mean", True, "legacy/train.py", None, 15),
    ("tf.square", True, "legacy/train.py", None, 15),
    ("tf.estimator.Estimator", False, "legacy/train.py", None, 17),
    ("tf.keras.layers.Dense", True, "legacy/model/layers.py", None, 2),
    ("tf.keras.layers.Dropout", True, "legacy/model/layers.py", None, 2),
    ("tf.keras.layers", True, "legacy/model/layers.py", None, 4),
    ("tf.contrib", True, "legacy/model/layers.py", None, 5),
    ("tf.keras.Sequential", True, "legacy/model/layers.py", None, 9),
    ("tf.keras.layers.Dense", True, "legacy/model/layers.py", None, 9),
    ("tf.keras.layers.Dropout", True, "legacy/model/layers.py", None, 9),
    ("tf.keras.layers.Flatten", True, "legacy/model/layers.py", None, 9),
    ("tf.contrib.tpu.TPUEstimator", False, "legacy/model/layers.py", None, 10),
]

CLEAN_TEXT = """\
Supported (9):
  tf.constant                clean/clean.ipynb:cell2:1
  tf.contrib.eager           clean/script.py:3
  tf.contrib.eager.Variable  clean/script.py:5
  tf.enable_eager_execution  clean/clean.ipynb:cell1:2, clean/script.py:4
  tf.executing_eagerly       clean/clean.ipynb:cell1:3
  tf.keras.layers.Dense      clean/clean.ipynb:cell2:2, clean/clean.ipynb:cell2:3
  tf.matmul                  clean/script.py:6
  tf.ones                    clean/script.py:5
  tf.reduce_sum              clean/script.py:6

By namespace      symbols  not supported
tf                      6              0
tf.contrib              1              0
tf.contrib.eager        1              0
tf.keras.layers         1              0

By file            symbols  not supported
clean/clean.ipynb        4              0
clean/script.py          6              0

0 of 9 TensorFlow symbols used in 2 files are not supported by tfeager_compat
"""


@pytest.fixture
def legacy(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    return check.check(["legacy"])


def test_every_use_is_listed_with_its_file_cell_and_line(legacy):
    assert legacy.files == ["legacy/explore.ipynb", "legacy/train.py", "legacy/model/layers.py",
                            "legacy/py2/old.py"]
    assert [tuple(u) for u in legacy.uses] == LEGACY_USES
    assert legacy.problems == [check.Problem(
        "legacy/py2/old.py", None, 2,
        "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?")]
    assert legacy.unsupported == [
        "tf.contrib.slim", "tf.contrib.slim.arg_scope", "tf.contrib.slim.fully_connected",
        "tf.contrib.tpu.TPUEstimator", "tf.estimator.Estimator",
        "tf.examples.tutorials.mnist.input_data",
        "tf.examples.tutorials.mnist.input_data.read_data_sets"]
    assert not legacy.ok


def test_summaries_by_namespace_and_by_file(legacy):
    assert legacy.by_namespace() == {
        "tf": {"symbols": 8, "unsupported": 0},
        "tf.contrib": {"symbols": 2, "unsupported": 1},
        "tf.contrib.eager": {"symbols": 1, "unsupported": 0},
        "tf.contrib.layers": {"symbols": 1, "unsupported": 0},
        "tf.contrib.slim": {"symbols": 2, "unsupported": 2},
        "tf.contrib.summary": {"symbols": 1, "unsupported": 0},
        "tf.contrib.tpu": {"symbols": 1, "unsupported": 1},
        "tf.estimator": {"symbols": 1, "unsupported": 1},
        "tf.examples.tutorials.mnist": {"symbols": 1, "unsupported": 1},
        "tf.examples.tutorials.mnist.input_data": {"symbols": 1, "unsupported": 1},
        "tf.keras": {"symbols": 2, "unsupported": 0},
        "tf.keras.layers": {"symbols": 3, "unsupported": 0},
        "tf.nn": {"symbols": 1, "unsupported": 0},
        "tf.train": {"symbols": 1, "unsupported": 0},
    }
    assert legacy.by_file() == {
        "legacy/explore.ipynb": {"symbols": 6, "unsupported": 0},
        "legacy/train.py": {"symbols": 14, "unsupported": 6},
        "legacy/model/layers.py": {"symbols": 7, "unsupported": 1},
    }


def test_text_report_lists_the_unsupported_first_and_ends_with_a_count(legacy):
    lines = legacy.text().splitlines()
    assert lines[:9] == [
        "Not supported (7):",
        "  tf.contrib.slim                                        legacy/train.py:4",
        "  tf.contrib.slim.arg_scope                              legacy/train.py:11",
        "  tf.contrib.slim.fully_connected                        legacy/train.py:11",
        "  tf.contrib.tpu.TPUEstimator                            legacy/model/layers.py:10",
        "  tf.estimator.Estimator                                 legacy/train.py:17",
        "  tf.examples.tutorials.mnist.input_data                 legacy/train.py:5",
        "  tf.examples.tutorials.mnist.input_data.read_data_sets  legacy/train.py:8",
        "",
    ]
    assert "  tf.keras.layers.Dense                  legacy/model/layers.py:2, " \
           "legacy/model/layers.py:9" in lines
    assert lines[lines.index("Not checked (could not be parsed):") + 1] == (
        "  legacy/py2/old.py:2: SyntaxError: Missing parentheses in call to 'print'. "
        "Did you mean print(...)?")
    assert lines[-1] == ("7 of 26 TensorFlow symbols used in 4 files are not supported by "
                         "tfeager_compat; 1 could not be parsed")


def test_cli_on_the_legacy_tree_exits_1_and_its_json_round_trips():
    code, out, err = run_cli("check", "--json", "legacy", cwd=FIXTURES)
    assert code == 1, err
    data = json.loads(out)
    assert [tuple(u.values()) for u in data["uses"]] == LEGACY_USES
    assert data["symbols"]["tf.keras.layers.Dense"] == {"supported": True, "uses": 2}
    assert data["by_file"]["legacy/train.py"] == {"symbols": 14, "unsupported": 6}
    report = check.Report.from_dict(data)
    assert json.loads(json.dumps(report.as_dict())) == data


def test_cli_on_a_supported_only_tree_exits_0():
    code, out, err = run_cli("check", "clean", cwd=FIXTURES)
    assert (code, out, err) == (0, CLEAN_TEXT, "")


def test_a_missing_path_is_a_usage_error(capsys):
    assert check.main(["no/such/dir"]) == 2
    assert capsys.readouterr().err == "tfeager: check: no such file or folder: no/such/dir\n"


@pytest.mark.parametrize("parts, symbol, supported", [
    ("keras.layers.Dense", "tf.keras.layers.Dense", True),
    ("compat.v1.layers.dense", "tf.layers.dense", True),
    ("compat.v1", "tf", True),
    ("python.keras.layers.Dense", "tf.keras.layers.Dense", True),
    ("contrib.eager.python.tfe.Variable", "tf.contrib.eager.Variable", True),
    ("train.AdamOptimizer.minimize", "tf.train.AdamOptimizer", True),
    ("float32.max", "tf.float32", True),
    ("nn.rnn_cell", "tf.nn.rnn_cell", True),
    ("__version__", "tf.__version__", True),
    ("VERSION", "tf.VERSION", True),
    ("contrib.slim.arg_scope", "tf.contrib.slim.arg_scope", False),
    ("contrib.tpu.TPUEstimator.train", "tf.contrib.tpu.TPUEstimator", False),
    ("compat.v1.estimator.Estimator", "tf.estimator.Estimator", False),
    ("framework.errors", "tf.framework.errors", False),  # the shim's own modules don't count
    ("_os", "tf._os", False),
])
def test_resolve_names_symbols_canonically(parts, symbol, supported):
    assert check.Table().resolve(parts.split(".")) == (symbol, supported)


@pytest.mark.parametrize("source, uses", [
    ("import tensorflow as tf\ntf.constant(1).numpy()\n", [("constant", 2)]),
    ("import tensorflow\ntensorflow.nn.relu\n", [("nn.relu", 2)]),
    ("import tensorflow.contrib.eager\ntensorflow.contrib.eager.Variable\n",
     [("contrib.eager", 1), ("contrib.eager.Variable", 2)]),
    ("from tensorflow import keras as K\nK.layers.Dense\n", [("keras", 1), ("keras.layers.Dense", 2)]),
    ("from tensorflow.keras.layers import *\n", [("keras.layers", 1)]),
    ("import tensorflow as tf\nnn = tf.nn\nrelu = nn.relu\nrelu(1)\n",
     [("nn", 2), ("nn.relu", 3), ("nn.relu", 4)]),
    ("import tensorflow as tf\ntf = None\ntf.constant\n", []),  # rebound: no longer tensorflow
    ("import numpy as tf\ntf.zeros\n", []),
    ("from .tensorflow import nn\nnn.relu\n", []),  # a relative import is the project's own
    ("import tensorflow as tf\nx = tf.add(tf.ones([2]), 1); y = tf.add(x, x)\n",
     [("add", 2), ("ones", 2)]),  # one use per symbol and line
])
def test_scanner_follows_imports_and_assignments(source, uses):
    scanner = check._Scanner()
    scanner.visit(ast.parse(source))
    assert list(dict.fromkeys((".".join(p), line) for p, line in scanner.uses)) == uses


@pytest.mark.parametrize("cell, python", [
    ("%matplotlib inline\nx = 1", "pass\nx = 1"),
    ("!pip install foo\nfiles = !ls\nx?\n?x", "pass\npass\npass\npass"),
    ("%time y = f(1)\n%timeit -n 10 -r 2 f(2)", "y = f(1)\nf(2)"),
    ("%%time\ny = f(1)", "\ny = f(1)"),
    ("%%writefile a.py\nimport tensorflow as tf", ""),
    ("%%bash\necho hi", ""),
    ("    a = 1\n    if a:\n        !echo", "a = 1\nif a:\n    pass"),
])
def test_cell_to_python_sets_ipython_syntax_aside_and_keeps_lines(cell, python):
    assert check.cell_to_python(cell) == python


def test_notebooks_of_nbformat_3_are_read(tmp_path):
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"nbformat": 3, "worksheets": [{"cells": [
        {"cell_type": "markdown", "source": ["text"]},
        {"cell_type": "code", "input": ["import tensorflow as tf\n", "tf.zeros"]},
        {"cell_type": "code", "input": "tf.ones"}]}]}))
    assert check.notebook_cells(str(path)) == ["import tensorflow as tf\ntf.zeros", "tf.ones"]
    report = check.check([str(path)])
    assert [(u.symbol, u.cell, u.line) for u in report.uses] == [("tf.zeros", 1, 2),
                                                                  ("tf.ones", 2, 1)]


def test_a_file_named_explicitly_is_checked_whatever_its_suffix(tmp_path):
    script = tmp_path / "train"
    script.write_text(textwrap.dedent("""\
        #!/usr/bin/env python
        import tensorflow as tf
        tf.contrib.slim
    """))
    report = check.check([str(script)])
    assert [tuple(u) for u in report.uses] == [("tf.contrib.slim", False, str(script), None, 3)]
    assert report.text().splitlines()[-1] == (
        "1 of 1 TensorFlow symbols used in 1 file is not supported by tfeager_compat")


def test_an_unreadable_notebook_is_reported_not_checked(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    report = check.check([str(tmp_path)])
    assert report.files == [str(broken)] and report.uses == [] and not report.ok
    assert report.text().splitlines()[:2] == [
        "Not checked (could not be parsed):",
        f"  {broken}: JSONDecodeError: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)"]
