"""The differential sweep's tables: every generated op call against TensorFlow's recorded result.

`tools/oracle_sweep.py --write` runs each call (ops x argument kinds x dtypes x shapes x edge
values) under TensorFlow and stores its result here as a literal: forward value, dtype and
shape, the error class and message, and the gradient of each float input (None included).
A case may list `known` differences with their reason (TF 2.21 against TF 1.15, edge values
of special functions, ...); every other aspect of it must agree.
"""
import glob
import json
import os
import sys

import pytest

import tfeager_compat as tf

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sweep")
sys.path.insert(0, HERE)
import execute  # noqa: E402

ROWS = {}
for path in sorted(glob.glob(os.path.join(HERE, "*.json"))):
    with open(path) as f:
        ROWS.update(json.load(f))


def test_tables_cover_the_sweep():
    assert len(ROWS) > 2000
    families = {os.path.basename(p)[:-5] for p in glob.glob(os.path.join(HERE, "*.json"))}
    assert {"elementwise", "reductions", "array", "nn", "linalg", "losses", "misc"} <= families


@pytest.mark.parametrize("key", sorted(ROWS))
def test_case_agrees_with_tensorflow(key):
    row = ROWS[key]
    found = execute.differences(row["tf"], execute.run_case(tf, row["case"]))
    unexpected = [kind for kind in found if kind not in row.get("known", {})]
    assert not unexpected, f"{key}: {unexpected} differ from TensorFlow's {row['tf']}"
