"""Reduced snippets of public TF1 eager programs (community tutorials: aymericdamien's
TensorFlow-Examples, snowkylin's handbook, madalinabuzau's and titu1994's eager tutorials) that
once stopped or differed here; the expected values are TensorFlow's."""
import textwrap

import pytest

from conftest import run_cli


def _run(tmp_path, source):
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(source))
    return run_cli("run", str(script))


def test_sub_namespaces_import_under_their_aliases(tmp_path):
    # titu1994/tf-eager-examples: `from tensorflow.python.keras.datasets import mnist`
    code, out, err = _run(tmp_path, """\
        import tensorflow as tf
        from tensorflow.python.keras.datasets import mnist
        import tensorflow.python.keras.layers as L
        from tensorflow.compat.v1.keras.layers import Dense
        print(mnist is tf.keras.datasets.mnist, L is tf.keras.layers, Dense is L.Dense)
        try:
            import tensorflow.python.keras.no_such_module
        except ImportError as e:
            print(e)
        """)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "True True True",
        "tf.python.keras.no_such_module is not supported by tfeager_compat"]
