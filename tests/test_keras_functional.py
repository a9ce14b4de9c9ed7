"""The functional API: tf.keras.Input, Model(inputs, outputs), shared layers, nested models,
layer and variable order, the summary with its Connected-to column, running the graph.

Layer and variable orders and predictions were settled with TensorFlow (tf-keras under
compat.v1); the summary is Keras 2.2.4-tf's layout (TF 1.15), with TF's rows and connections.
"""
import re

import numpy as np
import pytest

import tfeager_compat as tf


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()
    yield
    tf.keras.backend.clear_session()


def shared_layer_model():
    a = tf.keras.Input(shape=(3,), name="a")
    b = tf.keras.layers.Input(shape=(2,))
    shared = tf.keras.layers.Dense(4, activation="relu")
    ha = shared(tf.keras.layers.Dense(3)(a))
    hb = shared(tf.keras.layers.Dense(3)(b))
    c = tf.keras.layers.Dense(2, name="out1")(ha)
    d = tf.keras.layers.Dense(1, name="out2")(hb)
    return tf.keras.Model(inputs=[a, b], outputs=[c, d])


SUMMARY = [
    'Model: "model"',
    "_" * 98,
    'Layer (type)                    Output Shape         Param #     Connected to' + " " * 21,
    "=" * 98,
    'a (InputLayer)                  [(None, 3)]          0' + " " * 44,
    "_" * 98,
    'input_1 (InputLayer)            [(None, 2)]          0' + " " * 44,
    "_" * 98,
    'dense_1 (Dense)                 (None, 3)            12          a[0][0]' + " " * 26,
    "_" * 98,
    'dense_2 (Dense)                 (None, 3)            9           input_1[0][0]' + " " * 20,
    "_" * 98,
    'dense (Dense)                   (None, 4)            16          dense_1[0][0]' + " " * 20,
    '                                                                 dense_2[0][0]' + " " * 20,
    "_" * 98,
    'out1 (Dense)                    (None, 2)            10          dense[0][0]' + " " * 22,
    "_" * 98,
    'out2 (Dense)                    (None, 1)            5           dense[1][0]' + " " * 22,
    "=" * 98,
    'Total params: 52',
    'Trainable params: 52',
    'Non-trainable params: 0',
    "_" * 98,
]


def test_symbolic_inputs():
    a = tf.keras.Input(shape=(3,), name="a")
    assert (str(a.shape), a.dtype) == ("(?, 3)", tf.float32)
    assert str(a) == 'Tensor("a:0", shape=(?, 3), dtype=float32)'
    assert tf.keras.Input(batch_shape=(4, 2), dtype="float64").shape.as_list() == [4, 2]
    with pytest.raises(ValueError, match="Please provide to Input either a `shape` or a "
                                         "`tensor` argument."):
        tf.keras.Input()
    with pytest.raises(TypeError, match="wrap them in a tf.keras.layers.Lambda layer"):
        a + 1


def test_shared_layers_order_names_and_summary():
    model = shared_layer_model()
    assert model.name == "model"
    assert [layer.name for layer in model.layers] == [
        "a", "input_1", "dense_1", "dense_2", "dense", "out1", "out2"]
    assert [v.name for v in model.variables] == [
        "dense_1/kernel:0", "dense_1/bias:0", "dense_2/kernel:0", "dense_2/bias:0",
        "dense/kernel:0", "dense/bias:0", "out1/kernel:0", "out1/bias:0", "out2/kernel:0",
        "out2/bias:0"]
    assert (model.input_names, model.output_names) == (["a", "input_1"], ["out1", "out2"])
    lines = []
    model.summary(print_fn=lines.append)
    assert lines == SUMMARY
    assert model.get_layer("dense").output_shape == (None, 4)


def test_chain_prints_the_sequential_table():
    x = tf.keras.Input(shape=(5,))
    model = tf.keras.Model(x, tf.keras.layers.Dense(2)(tf.keras.layers.Dense(8)(x)))
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[2:9] == [
        "Layer (type)                 Output Shape              Param #   ",
        "=" * 65,
        "input_1 (InputLayer)         [(None, 5)]               0         ",
        "_" * 65,
        "dense_1 (Dense)              (None, 8)                 48        ",
        "_" * 65,
        "dense (Dense)                (None, 2)                 18        "]


def test_nested_model_lambda_and_list_and_dict_inputs():
    inner_in = tf.keras.Input(shape=(3,))
    inner = tf.keras.Model(inner_in, tf.keras.layers.Dense(2, name="inner_dense")(inner_in),
                           name="inner")
    a = tf.keras.Input(shape=(3,), name="a")
    b = tf.keras.Input(shape=(3,), name="b")
    ya, yb = inner(a), inner(b)
    out = tf.keras.layers.Dense(1, name="head")(
        tf.keras.layers.Lambda(lambda t: t[0] - t[1])([ya, yb]))
    model = tf.keras.Model([a, b], out)
    assert [layer.name for layer in model.layers] == ["a", "b", "inner", "lambda", "head"]
    assert [v.name for v in model.trainable_variables] == [
        "inner_dense/kernel:0", "inner_dense/bias:0", "head/kernel:0", "head/bias:0"]
    assert (ya.shape.as_list(), out.shape.as_list()) == ([None, 2], [None, 1])
    model.set_weights([np.linspace(-1, 1, 6).reshape(3, 2).astype(np.float32),
                       np.array([0.1, -0.1], np.float32),
                       np.array([[0.5], [-0.25]], np.float32), np.zeros(1, np.float32)])
    xa = np.arange(6, dtype=np.float32).reshape(2, 3)
    expected = [[1.3499999], [-1.3499999]]
    np.testing.assert_allclose(model.predict([xa, xa[::-1]]), expected, rtol=1e-6)
    np.testing.assert_allclose(model([xa, xa[::-1]]).numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(model.predict({"a": xa, "b": xa[::-1]}), expected, rtol=1e-6)


def test_unknown_dimensions_follow_the_input():
    x = tf.keras.Input(shape=(None, 4))
    y = tf.keras.layers.Dense(3)(x)
    assert y.shape.as_list() == [None, None, 3]


def test_inputs_must_come_from_input():
    dense = tf.keras.layers.Dense(2)
    a = tf.keras.Input(shape=(3,))
    with pytest.raises(ValueError, match=re.escape("Input tensors to a Model must come from "
                                                   "`tf.keras.Input`.")):
        tf.keras.Model(dense(a), dense(a))
