"""tf.keras compile/fit/evaluate/predict, the batch and generator forms, and tf.keras.losses.

Numbers are TensorFlow's (tf-keras under compat.v1, fixed initial weights, shuffle=False);
names and printed text are TF 1.15's where it differs from tf-keras 2.x ('acc' for
'accuracy', 'mean_absolute_error' for 'mae', "Train on N samples", the 1.15 progress bar).
"""
import re

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

X8 = np.arange(24, dtype=np.float32).reshape(8, 3) / 10.
Y8 = np.array([0, 1, 2, 1, 0, 2, 1, 0])
X10 = (np.arange(30, dtype=np.float32).reshape(10, 3) % 7) / 7.
Y10_ONEHOT = np.eye(3, dtype=np.float32)[[0, 1, 2, 1, 0, 2, 1, 0, 2, 2]]
Y10 = (np.arange(10, dtype=np.float32) % 3 / 3.).reshape(10, 1)


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()
    yield
    tf.keras.backend.clear_session()


def classifier(optimizer=None):
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="relu", input_shape=(3,)),
                                 tf.keras.layers.Dense(3, activation="softmax")])
    model.set_weights([np.linspace(-1, 1, 12).reshape(3, 4).astype(np.float32),
                       np.zeros(4, np.float32),
                       np.linspace(-0.5, 0.7, 12).reshape(4, 3).astype(np.float32),
                       np.zeros(3, np.float32)])
    model.compile(optimizer=optimizer or tf.keras.optimizers.SGD(0.1),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def regressor(lr=0.1, optimizer=None):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    model.set_weights([np.array([[0.3], [-0.2], [0.1]], np.float32), np.zeros(1, np.float32)])
    model.compile(optimizer or tf.keras.optimizers.SGD(lr), "mse")
    return model


def rounded(history, digits=6):
    return {k: [round(float(v), digits) for v in vs] for k, vs in sorted(history.items())}


# ---- fit, evaluate, predict ---------------------------------------------------------------------
def test_fit_history_evaluate_and_batch_methods():
    model = classifier()
    history = model.fit(X8, Y8, batch_size=3, epochs=3, verbose=0, shuffle=False)
    assert rounded(history.history) == {"acc": [0.25, 0.375, 0.375],
                                        "loss": [1.136584, 1.109247, 1.098002]}
    assert history.epoch == [0, 1, 2]
    assert model.metrics_names == ["loss", "acc"]
    assert model.evaluate(X8, Y8, batch_size=4, verbose=0) == pytest.approx(
        [1.0883334875106812, 0.25], rel=1e-6)
    np.testing.assert_allclose(model.predict(X8[:2]), [[0.34973916, 0.3502816, 0.2999792],
                                                        [0.35362276, 0.35325986, 0.29311734]],
                               rtol=1e-5)
    assert model.train_on_batch(X8[:4], Y8[:4]) == pytest.approx([1.087996244430542, 0.25],
                                                                 rel=1e-6)
    assert model.test_on_batch(X8[:4], Y8[:4]) == pytest.approx([1.080381155014038, 0.5],
                                                                rel=1e-6)
    assert model.predict_on_batch(X8[:3]).shape == (3, 3)


def test_fit_multi_output_functional_with_validation_split():
    inp = tf.keras.Input(shape=(3,), name="x")
    hidden = tf.keras.layers.Dense(4, activation="tanh", name="h")(inp)
    cls = tf.keras.layers.Dense(3, activation="softmax", name="cls")(hidden)
    reg = tf.keras.layers.Dense(1, name="reg")(hidden)
    model = tf.keras.Model(inp, [cls, reg])
    model.set_weights([np.linspace(-1, 1, 12).reshape(3, 4).astype(np.float32),
                       np.zeros(4, np.float32),
                       np.linspace(-0.6, 0.6, 12).reshape(4, 3).astype(np.float32),
                       np.zeros(3, np.float32),
                       np.linspace(0.2, -0.4, 4).reshape(4, 1).astype(np.float32),
                       np.zeros(1, np.float32)])
    model.compile(tf.keras.optimizers.Adam(0.05), loss=["categorical_crossentropy", "mse"],
                  loss_weights=[1.0, 0.5], metrics={"cls": ["accuracy"], "reg": ["mae"]})
    history = model.fit(X10, [Y10_ONEHOT, Y10], batch_size=4, epochs=2, verbose=0,
                        shuffle=False, validation_split=0.2)
    assert rounded(history.history, 5) == {
        "cls_acc": [0.25, 0.5], "cls_loss": [1.12255, 1.07368], "loss": [1.23325, 1.11302],
        "reg_loss": [0.22141, 0.07869], "reg_mean_absolute_error": [0.41384, 0.21019],
        "val_cls_acc": [0.0, 0.0], "val_cls_loss": [1.21297, 1.23816],
        "val_loss": [1.34696, 1.34508], "val_reg_loss": [0.26798, 0.21383],
        "val_reg_mean_absolute_error": [0.47647, 0.4622]}
    assert model.metrics_names == ["loss", "cls_loss", "reg_loss", "cls_acc",
                                   "reg_mean_absolute_error"]


def test_sample_weight_class_weight_and_validation_data():
    weights = np.array([1., 2., 0.5, 1., 1., 3., 1., 0., 1., 1.], np.float32)
    history = regressor(optimizer="sgd").fit(X10, Y10, batch_size=5, epochs=2, verbose=0,
                                             shuffle=False, sample_weight=weights)
    assert rounded(history.history)["loss"] == [0.191137, 0.181091]
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax",
                                                       input_shape=(3,))])
    model.set_weights([np.linspace(-1, 1, 9).reshape(3, 3).astype(np.float32),
                       np.zeros(3, np.float32)])
    model.compile(tf.keras.optimizers.RMSprop(0.01), "categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(X10, Y10_ONEHOT, batch_size=3, epochs=2, verbose=0, shuffle=False,
                        class_weight={0: 1., 1: 2., 2: 0.5})
    assert rounded(history.history) == {"acc": [0.3, 0.3], "loss": [1.223351, 1.150203]}
    assert [round(v, 6) for v in model.evaluate(X10, Y10_ONEHOT, batch_size=4, verbose=0)] \
        == [1.059057, 0.3]
    history = regressor().fit(X10, Y10, batch_size=4, epochs=2, verbose=0, shuffle=False,
                              validation_data=(X10[:4], Y10[:4]))
    assert rounded(history.history) == {"loss": [0.111517, 0.088564],
                                        "val_loss": [0.03525, 0.037895]}


@pytest.mark.parametrize("optimizer", ["sgd", "tf.train"])
def test_fit_equals_a_gradient_tape_loop(optimizer):
    """Issue item 8: the same data in the same order gives the same numbers."""
    def make_optimizer():
        return tf.keras.optimizers.SGD(0.1) if optimizer == "sgd" else \
            tf.train.GradientDescentOptimizer(0.1)
    fitted = classifier(make_optimizer())
    losses = fitted.fit(X8, Y8, batch_size=4, epochs=2, verbose=0, shuffle=False)
    taped = classifier()
    opt = make_optimizer()
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()
    tape_losses = []
    for _ in range(2):
        batch_losses = []
        for start in (0, 4):
            with tf.GradientTape() as tape:
                loss = loss_fn(Y8[start:start + 4], taped(X8[start:start + 4], training=True))
            grads = tape.gradient(loss, taped.trainable_variables)
            opt.apply_gradients(zip(grads, taped.trainable_variables))
            batch_losses.append(float(loss.numpy()))
        tape_losses.append(np.mean(batch_losses))
    np.testing.assert_allclose(losses.history["loss"], tape_losses, rtol=1e-6)
    for a, b in zip(fitted.get_weights(), taped.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_one_compiled_call_per_training_batch(monkeypatch):
    model = classifier()
    model.fit(X8, Y8, batch_size=4, epochs=1, verbose=0, shuffle=False)  # compile
    calls = []
    original = graph.execute_packed
    monkeypatch.setattr(graph, "execute_packed", lambda *a: calls.append(1) or original(*a))
    evaluate = graph._evaluate
    monkeypatch.setattr(graph, "_evaluate", lambda *a: calls.append(2) or evaluate(*a))
    compilations = dict(graph.STATS)
    model.fit(X8, Y8, batch_size=4, epochs=3, verbose=0, shuffle=True)
    assert calls == [1] * 6
    assert graph.STATS == compilations


def test_tensors_generators_sequences_and_steps():
    model = regressor()
    history = model.fit(tf.constant(X10), tf.constant(Y10), batch_size=5, epochs=1, verbose=0,
                        shuffle=False)
    reference = regressor().fit(X10, Y10, batch_size=5, epochs=1, verbose=0, shuffle=False)
    assert history.history == reference.history

    class Batches(tf.keras.utils.Sequence):
        ends = 0

        def __len__(self):
            return 2

        def __getitem__(self, i):
            return X10[i * 5:(i + 1) * 5], Y10[i * 5:(i + 1) * 5]

        def on_epoch_end(self):
            Batches.ends += 1

    model = regressor()
    history = model.fit_generator(Batches(), epochs=2, verbose=0)
    assert Batches.ends == 2
    assert rounded(history.history) == rounded(regressor().fit(
        X10, Y10, batch_size=5, epochs=2, verbose=0, shuffle=False).history)

    def endless():
        while True:
            for i in range(2):
                yield X10[i * 5:(i + 1) * 5], Y10[i * 5:(i + 1) * 5]
    model = regressor()
    model.fit_generator(endless(), steps_per_epoch=2, epochs=2, verbose=0)
    assert model.evaluate_generator(Batches()) == pytest.approx(
        model.evaluate(X10, Y10, batch_size=5, verbose=0), rel=1e-6)
    assert model.predict_generator(Batches()).shape == (10, 1)
    with pytest.raises(ValueError, match="`steps_per_epoch=None` is only valid"):
        model.fit_generator(endless(), epochs=1, verbose=0)


# ---- bad input ----------------------------------------------------------------------------------
def test_lengths_checked_before_any_step():
    model = classifier()
    before = model.get_weights()
    with pytest.raises(ValueError, match=re.escape(
            "Input arrays should have the same number of samples as target arrays. Found 8 "
            "input samples and 7 target samples.")):
        model.fit(X8, Y8[:7], verbose=0)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match=re.escape(
            "Error when checking input: expected dense_input to have shape (3,) but got array "
            "with shape (4,)")):
        model.fit(np.zeros((8, 4), np.float32), Y8, verbose=0)


@pytest.mark.parametrize("kwargs,error,message", [
    ({"loss": "nope"}, ValueError, "Unknown loss function:nope"),
    ({"loss": "mse", "optimizer": "nope"}, ValueError, "Unknown optimizer: nope"),
    ({"loss": ["mse", "mse"]}, ValueError,
     "When passing a list as loss, it should have one entry per model outputs. The model has "
     "1 outputs, but you passed loss=['mse', 'mse']"),
])
def test_compile_errors(kwargs, error, message):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    with pytest.raises(error, match=re.escape(message)):
        model.compile(**{"optimizer": "sgd", **kwargs})


def test_not_compiled():
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    with pytest.raises(RuntimeError, match=re.escape(
            "You must compile your model before training/testing. Use "
            "`model.compile(optimizer, loss)`.")):
        model.fit(X10, Y10, verbose=0)


# ---- printed progress ---------------------------------------------------------------------------
def _masked(text):
    return re.sub(r"\d+(us|ms|s)/(sample|step)", "T/unit", re.sub(r" - \d+s", " - Ts", text))


def test_verbose_2_prints_one_line_per_epoch(capsys):
    classifier().fit(X8, Y8, batch_size=3, epochs=2, verbose=2, shuffle=False)
    assert _masked(capsys.readouterr().out) == (
        "Train on 8 samples\nEpoch 1/2\n8/8 - Ts - loss: 1.1366 - acc: 0.2500\n"
        "Epoch 2/2\n8/8 - Ts - loss: 1.1092 - acc: 0.3750\n")


def test_verbose_1_progress_bar(capsys, monkeypatch):
    ticks = iter(range(0, 1000))
    monkeypatch.setattr("time.time", lambda: float(next(ticks)))  # every update redraws
    classifier().fit(X8, Y8, batch_size=4, epochs=1, verbose=1, shuffle=False)
    raw = capsys.readouterr().out
    first_width = len(raw.split("\r")[1].rstrip("\b"))
    assert raw.count("\b") == first_width  # the redraw erases the first line
    out = re.sub(r"ETA: (\d+:)*\d+s?", "ETA: T", _masked(raw.replace("\b", "")))
    first = "4/8 [==============>...............] - ETA: T - loss: 1.0896 - acc: 0.2500"
    assert out == ("Train on 8 samples\n\r" + first +
                   "\r8/8 [==============================] - Ts T/unit - loss: 1.1397 - "
                   "acc: 0.2500\n")


# ---- losses -------------------------------------------------------------------------------------
YT = np.array([[0., 1.], [1., 0.], [1., 1.]], np.float32)
YP = np.array([[0.2, 0.7], [0.6, 0.3], [0.9, 0.4]], np.float32)
SW = np.array([1., 0.5, 2.], np.float32)


@pytest.mark.parametrize("cls,name,auto,weighted,total,per_sample", [
    ("MeanSquaredError", "mean_squared_error", 0.125, 0.16583334, 0.375,
     [0.06500001, 0.12499999, 0.185]),
    ("MeanAbsoluteError", "mean_absolute_error", 0.3166667, 0.375, 0.95000005,
     [0.25, 0.35, 0.35000002]),
    ("BinaryCrossentropy", "binary_crossentropy", 0.41149488, 0.50947833, 1.2344847,
     [0.2899091, 0.4337501, 0.51082546]),
    ("CategoricalCrossentropy", "categorical_crossentropy", 0.7343864, 1.1822687, 2.203159,
     [0.2513144, 0.40546507, 1.5463797]),
    ("Hinge", "hinge", 0.65, 0.625, 1.9499999, [0.75, 0.84999996, 0.35000002]),
    ("Huber", "huber_loss", 0.0625, 0.08291667, 0.1875, [0.0325, 0.0625, 0.0925]),
    ("KLDivergence", "kullback_leibler_divergence", 0.6297163, 0.8851294, 1.8891488,
     [0.3566735, 0.5108241, 1.0216513]),
    ("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", 0.051354926, 0.0631106,
     0.15406477, [0.02982676, 0.05931399, 0.06492402]),
])
def test_loss_classes(cls, name, auto, weighted, total, per_sample):
    loss_class = getattr(tf.keras.losses, cls)
    loss = loss_class()
    assert loss.name == name
    np.testing.assert_allclose(loss(YT, YP).numpy(), auto, rtol=1e-6)
    np.testing.assert_allclose(loss(YT, YP, sample_weight=SW).numpy(), weighted, rtol=1e-6)
    np.testing.assert_allclose(loss_class(reduction="sum")(YT, YP).numpy(), total, rtol=1e-6)
    np.testing.assert_allclose(loss_class(reduction="none")(YT, YP).numpy(), per_sample,
                               rtol=1e-6)


def test_sparse_and_rank_matching_losses():
    sparse = tf.keras.losses.SparseCategoricalCrossentropy
    np.testing.assert_allclose(sparse()(np.array([1, 0, 1]), YP).numpy(), 0.61181146,
                               rtol=1e-6)
    np.testing.assert_allclose(sparse(from_logits=True)(np.array([[1], [0], [1]]), YP,
                                                        sample_weight=[[1.], [2.], [3.]]).numpy(),
                               1.5016727, rtol=1e-6)
    np.testing.assert_allclose(tf.keras.losses.MeanSquaredError()(YT[:, :1], YP[:, 0]).numpy(),
                               0.31444442, rtol=1e-6)


def test_loss_lookup_and_config():
    assert tf.keras.losses.get("mse") is tf.keras.losses.mean_squared_error
    assert tf.keras.losses.get("categorical_crossentropy").__name__ == \
        "categorical_crossentropy"
    assert tf.keras.losses.Huber(delta=0.3).get_config() == {
        "delta": 0.3, "reduction": "auto", "name": "huber_loss"}
    assert tf.keras.losses.serialize(tf.keras.losses.MeanSquaredError()) == {
        "class_name": "MeanSquaredError",
        "config": {"reduction": "auto", "name": "mean_squared_error"}}
    loss = tf.keras.losses.deserialize({"class_name": "Huber", "config": {
        "delta": 2.0, "reduction": "sum", "name": "h"}})
    assert (type(loss).__name__, loss.reduction, loss.name) == ("Huber", "sum", "h")
    with pytest.raises(ValueError, match="Invalid Reduction Key bad."):
        tf.keras.losses.MeanSquaredError(reduction="bad")
    with pytest.raises(ValueError, match="Unknown loss function:foo"):
        tf.keras.losses.get("foo")


# ---- utils and backend --------------------------------------------------------------------------
def test_utils_and_backend_values():
    np.testing.assert_array_equal(tf.keras.utils.to_categorical([[1], [0], [2]]),
                                  np.eye(3, dtype=np.float32)[[1, 0, 2]])
    assert tf.keras.utils.to_categorical([1, 0], num_classes=4).dtype == np.float32
    np.testing.assert_allclose(tf.keras.utils.normalize(np.array([[3., 4.], [0., 0.]])),
                               [[0.6, 0.8], [0., 0.]])
    v = tf.keras.backend.variable(np.ones((2,)))
    assert v.dtype == tf.float32
    tf.keras.backend.set_value(v, [2., 3.])
    np.testing.assert_array_equal(tf.keras.backend.get_value(v), [2., 3.])
    np.testing.assert_array_equal(tf.keras.backend.eval(tf.keras.backend.sum(v)), 5.)
    assert tf.keras.backend.int_shape(tf.zeros((2, 3))) == (2, 3)
    with pytest.raises(FileNotFoundError, match="does not download files. Download "
                                                "http://x/y.npz and save it as"):
        tf.keras.utils.get_file("y.npz", "http://x/y.npz", cache_dir="/nonexistent")
