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


def test_set_inputs_builds_a_subclassed_model_from_a_sample_batch():
    # titu1994/tf-eager-examples: `model._set_inputs(tf.zeros((1, 28, 28, 1)))` before fit
    import tfeager_compat as tf

    class Net(tf.keras.Model):
        def __init__(self):
            super(Net, self).__init__()
            self.dense = tf.keras.layers.Dense(2)
            self.seen = []

        def call(self, inputs, training=None):
            self.seen.append(training)
            return self.dense(inputs)

    model = Net()
    assert model._set_inputs(tf.zeros((1, 3))) is None
    assert [v.shape.as_list() for v in model.variables] == [[3, 2], [2]]
    with pytest.raises(ValueError, match="^Model inputs are already set.$"):
        model._set_inputs(tf.zeros((1, 3)))
    other = Net()
    other._set_inputs(tf.zeros((1, 3)), training=True)
    assert (model.seen, other.seen) == ([None], [True])
    inputs = tf.keras.Input((3,))
    functional = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(inputs))
    with pytest.raises(ValueError, match="^Model inputs are already set.$"):
        functional._set_inputs(tf.zeros((1, 3)))
