"""Reduced snippets of public TF1 eager programs (TensorFlow's docs tutorials and guide) that
once stopped or differed here; the expected values are TensorFlow's."""
import json
import os

import numpy as np
import pytest

import tfeager_compat as tf
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


def _state_file(folder):
    with open(os.path.join(folder, "checkpoint")) as f:
        return f.read().splitlines()


@pytest.mark.parametrize("prefix, saved, folder, written", [
    # the TF guide's eager.ipynb: checkpoint.save('./ckpt/') then restore the latest
    ("./ckpt/", "./ckpt/-1", "./ckpt/", "-1"),
    ("sub/model", "sub/model-1", "sub", "model-1"),
])
def test_a_relative_checkpoint_prefix_is_written_relative_once(tmp_path, monkeypatch, prefix,
                                                               saved, folder, written):
    monkeypatch.chdir(tmp_path)
    x = tf.Variable(2.)
    ckpt = tf.train.Checkpoint(x=x)
    assert ckpt.save(prefix) == saved
    assert _state_file(folder) == [f'model_checkpoint_path: "{written}"',
                                   f'all_model_checkpoint_paths: "{written}"']
    x.assign(11.)
    assert tf.train.latest_checkpoint(folder) == saved
    ckpt.restore(tf.train.latest_checkpoint(folder))
    assert x.numpy() == 2.0


def test_a_manager_in_a_relative_directory_and_an_absolute_prefix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ckpt = tf.train.Checkpoint(x=tf.Variable(1.))
    manager = tf.train.CheckpointManager(ckpt, "mgr", max_to_keep=2)
    assert [manager.save() for _ in range(3)] == ["mgr/ckpt-1", "mgr/ckpt-2", "mgr/ckpt-3"]
    assert _state_file("mgr")[:3] == ['model_checkpoint_path: "ckpt-3"',
                                      'all_model_checkpoint_paths: "ckpt-2"',
                                      'all_model_checkpoint_paths: "ckpt-3"']
    assert tf.train.latest_checkpoint("mgr") == "mgr/ckpt-3"
    assert manager.checkpoints == ["mgr/ckpt-2", "mgr/ckpt-3"]
    folder = str(tmp_path / "abs")
    assert ckpt.save(os.path.join(folder, "c")) == os.path.join(folder, "c-4")
    assert _state_file(folder) == ['model_checkpoint_path: "c-4"',
                                   'all_model_checkpoint_paths: "c-4"']


def test_a_models_reset_states_resets_its_stateful_layers():
    # text_generation.ipynb: generate_text() calls model.reset_states() on a stateful GRU model
    model = tf.keras.Sequential([
        tf.keras.layers.Embedding(5, 2, batch_input_shape=[1, None],
                                  embeddings_initializer="ones"),
        tf.keras.layers.GRU(3, stateful=True, return_sequences=True, kernel_initializer="ones",
                            recurrent_initializer="ones", recurrent_activation="sigmoid"),
        tf.keras.layers.Dense(2, kernel_initializer="ones")])
    assert model.stateful and not tf.keras.Sequential([tf.keras.layers.Dense(1)]).stateful
    np.testing.assert_allclose(model(tf.constant([[1, 2]])).numpy(),
                               [[[0.34474468] * 2, [0.5719631] * 2]], rtol=1e-6)
    np.testing.assert_allclose(model(tf.constant([[1]])).numpy(), [[[0.7415906] * 2]], rtol=1e-6)
    assert model.reset_states() is None
    np.testing.assert_array_equal(model.layers[1].states[0].numpy(), [[0., 0., 0.]])
    np.testing.assert_allclose(model(tf.constant([[1]])).numpy(), [[[0.34474468] * 2]],
                               rtol=1e-6)


def test_app_run_prints_nothing_of_its_own_on_stderr(tmp_path):
    # mnist_eager.py (tensorflow/models) runs under tf.app.run: absl turns INFO logs on, and
    # JAX's backend probe must not show up among the program's messages
    script = tmp_path / "app.py"
    script.write_text("import sys\nimport tensorflow as tf\n"
                      "def main(_):\n    print((tf.constant(1) + 1).numpy())\n"
                      "tf.app.run(main=main, argv=[sys.argv[0]])\n")
    assert run_cli("run", str(script)) == (0, "2\n", "")
