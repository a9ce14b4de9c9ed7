"""Reduced snippets of public TF1 eager programs (TensorFlow's docs tutorials and guide) that
once stopped or differed here; the expected values are TensorFlow's."""
import json

import pytest

from conftest import run_cli
from tfeager_compat.runner import check


@pytest.mark.parametrize("source, expected", [
    # custom_layers.ipynb: a cell whose first line alone is indented ran in Colab's Jupyter
    (" seq = f(1,\n           2)\nseq", "seq = f(1,\n          2)\nseq"),
    ("\n  a = 1\n  b = 2", "\na = 1\nb = 2"),
    ("\tx = 1\n\ty", "x = 1\ny"),
    ("x = 1\n  y", "x = 1\n  y"),
])
def test_a_cell_loses_its_first_lines_indentation_as_in_jupyter(source, expected):
    assert check.leading_indent(source) == expected


def test_an_indented_first_line_runs_and_is_checked(tmp_path):
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": [" import tensorflow as tf\n", " x = tf.add(1,\n",
                       "            2)\n", "print(x.numpy())"]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 4}))
    assert run_cli("run", str(path))[:2] == (0, "3\n")
    code, out, _ = run_cli("check", str(path))
    assert code == 0 and "could not be parsed" not in out
