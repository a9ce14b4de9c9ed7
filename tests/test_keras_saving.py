"""Keras persistence: save_weights/load_weights (TF format and HDF5 in Keras' layout),
model.save / load_model, to_json / model_from_json, clone_model, ModelCheckpoint.

The fixtures under tests/fixtures/keras_h5/ were written by tf-keras (make_keras_h5.py); the
predictions and losses below are what TensorFlow printed for them."""
import json
import logging
import os
import sys

import numpy as np
import pytest

import tfeager_compat as tf

h5py = pytest.importorskip("h5py")

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "keras_h5")
X = np.arange(12, dtype="float32").reshape(6, 2) / 10.0
Y = np.array([[0.5], [1.0], [0.0], [2.0], [1.5], [0.2]], "float32")
TF_SEQUENTIAL = [0.09821092337369919, 0.21817341446876526, 0.3381359279155731,
                 0.458098441362381, 0.5780609250068665, 0.6980234980583191]
XA = np.arange(6, dtype="float32").reshape(2, 3) / 6.0


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()
    yield
    tf.keras.backend.clear_session()


def sequential():
    return tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(2,), activation="relu"),
                                tf.keras.layers.BatchNormalization(),
                                tf.keras.layers.Dense(1)])


def functional():
    a = tf.keras.Input(shape=(3,), name="a")
    b = tf.keras.Input(shape=(3,), name="b")
    shared = tf.keras.layers.Dense(2, activation="tanh", name="shared")
    joined = tf.keras.layers.concatenate([shared(a), shared(b)])
    return tf.keras.Model([a, b], tf.keras.layers.Dense(1, name="out")(joined))


def trained():
    """A Sequential whose every weight (BatchNormalization's statistics too) has been set."""
    model = sequential()
    rng = np.random.RandomState(0)
    model.set_weights([rng.uniform(0.5, 1.5, w.shape).astype("float32")
                       for w in model.get_weights()])
    return model


def predict(model, x=X):
    return model(x).numpy()


# ---- files written by TensorFlow ------------------------------------------------------------
def test_load_model_written_by_tf_keras_predicts_and_trains_on_as_tf():
    model = tf.keras.models.load_model(os.path.join(FIXTURES, "sequential.h5"))
    assert [l.name for l in model.layers] == ["dense", "batch_normalization", "dense_1"]
    np.testing.assert_allclose(model.predict(X).ravel(), TF_SEQUENTIAL, rtol=1e-5)
    assert type(model.optimizer).__name__ == "Adam"
    assert model.optimizer.get_config()["learning_rate"] == pytest.approx(0.01)
    assert model.optimizer.iterations.numpy() == 4  # Adam's state came back with it
    assert model.train_on_batch(X, Y) == pytest.approx(1.250244379043579, rel=1e-5)


def test_load_weights_written_by_tf_keras():
    model = sequential()
    assert model.load_weights(os.path.join(FIXTURES, "sequential_weights.h5")) is None
    np.testing.assert_allclose(model.predict(X).ravel(), TF_SEQUENTIAL, rtol=1e-5)


def test_functional_model_with_a_shared_layer_written_by_tf_keras():
    model = tf.keras.models.load_model(os.path.join(FIXTURES, "functional.h5"))
    assert [l.name for l in model.layers] == ["a", "b", "shared", "concatenate", "out"]
    assert [v.name for v in model.variables] == ["shared/kernel:0", "shared/bias:0",
                                                 "out/kernel:0", "out/bias:0"]
    np.testing.assert_allclose(model.predict([XA, 1.0 - XA]).ravel(),
                               [-0.4503682255744934, -0.4002428948879242], rtol=1e-5)
    assert model._compiled is None  # saved uncompiled


# ---- the layout Keras writes ---------------------------------------------------------------
def test_save_weights_hdf5_layout(tmp_path):
    model = trained()
    path = str(tmp_path / "w.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        assert list(f.attrs["layer_names"]) == [b"dense", b"batch_normalization", b"dense_1"]
        assert f.attrs["backend"] == "tensorflow"  # h5py 3 reads the bytes back as str
        assert f.attrs["keras_version"] == "2.2.4-tf"
        assert list(f["batch_normalization"].attrs["weight_names"]) == [
            b"batch_normalization/gamma:0", b"batch_normalization/beta:0",
            b"batch_normalization/moving_mean:0", b"batch_normalization/moving_variance:0"]
        np.testing.assert_array_equal(f["dense"]["dense/kernel:0"][()],
                                      model.layers[0].kernel.numpy())


def test_save_model_hdf5_layout(tmp_path):
    model = trained()
    model.compile(tf.keras.optimizers.Adam(0.01), "mse")
    model.optimizer.iterations  # noqa: B018  (the state a step creates)
    model.optimizer._create_slots(model.trainable_weights)
    path = str(tmp_path / "m.h5")
    model.save(path)
    with h5py.File(path, "r") as f:
        assert f.attrs["keras_version"] == "2.2.4-tf"
        config = json.loads(f.attrs["model_config"])
        assert config["class_name"] == "Sequential"
        assert [l["class_name"] for l in config["config"]["layers"]] == [
            "Dense", "BatchNormalization", "Dense"]
        training = json.loads(f.attrs["training_config"])
        assert training["loss"] == "mse" and training["metrics"] is None
        assert training["optimizer_config"]["class_name"] == "Adam"
        assert list(f["model_weights"].attrs["layer_names"]) == [
            b"dense", b"batch_normalization", b"dense_1"]
        names = list(f["optimizer_weights"].attrs["weight_names"])
        assert len(names) == 13 and names[0].endswith(b"iter:0")


def test_attributes_over_the_header_limit_are_chunked(tmp_path):
    from tfeager_compat.keras.engine import saving
    names = [("layer_%05d" % i).encode() for i in range(6000)]
    with h5py.File(str(tmp_path / "a.h5"), "w") as f:
        saving.save_attributes(f, "layer_names", names)
        assert "layer_names" not in f.attrs and "layer_names1" in f.attrs
        assert saving.load_attributes(f, "layer_names") == [n.decode() for n in names]


# ---- round trips ---------------------------------------------------------------------------
@pytest.mark.parametrize("suffix,save_format", [("w.h5", None), ("w.hdf5", None),
                                                ("w", "h5"), ("ckpt", None)])
def test_save_weights_round_trip(tmp_path, suffix, save_format):
    model = trained()
    path = str(tmp_path / suffix)
    model.save_weights(path, save_format=save_format)
    fresh = sequential()
    fresh.load_weights(path)
    np.testing.assert_array_equal(predict(fresh), predict(model))
    for a, b in zip(fresh.weights, model.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_tf_format_writes_a_checkpoint_and_returns_the_status(tmp_path):
    model = trained()
    model.save_weights(str(tmp_path / "ckpt"))
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt.data-00000-of-00001",
                                            "ckpt.index"]
    status = sequential().load_weights(str(tmp_path / "ckpt"))
    status.assert_existing_objects_matched()


def test_save_and_load_model_round_trip_with_optimizer_state(tmp_path):
    model = trained()
    model.compile(tf.keras.optimizers.Adam(0.01), "mse")
    model.train_on_batch(X, Y)
    model.save(str(tmp_path / "m.h5"))
    loaded = tf.keras.models.load_model(str(tmp_path / "m.h5"))
    np.testing.assert_array_equal(predict(loaded), predict(model))
    for a, b in zip(loaded.optimizer.get_weights(), model.optimizer.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert loaded.train_on_batch(X, Y) == pytest.approx(model.train_on_batch(X, Y), rel=1e-6)
    np.testing.assert_allclose(predict(loaded), predict(model), rtol=1e-6)


def test_functional_round_trip(tmp_path):
    model = functional()
    model.save(str(tmp_path / "f.h5"))
    loaded = tf.keras.models.load_model(str(tmp_path / "f.h5"))
    assert loaded.to_json() == model.to_json()
    np.testing.assert_array_equal(predict(loaded, [XA, 1.0 - XA]),
                                  predict(model, [XA, 1.0 - XA]))


def test_to_json_and_model_from_json():
    model = functional()
    config = json.loads(model.to_json())
    assert (config["class_name"], config["keras_version"], config["backend"]) == (
        "Model", "2.2.4-tf", "tensorflow")
    layers = config["config"]["layers"]
    assert [(l["name"], l["inbound_nodes"]) for l in layers] == [
        ("a", []), ("b", []), ("shared", [[["a", 0, 0, {}]], [["b", 0, 0, {}]]]),
        ("concatenate", [[["shared", 0, 0, {}], ["shared", 1, 0, {}]]]),
        ("out", [[["concatenate", 0, 0, {}]]])]
    assert config["config"]["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    assert config["config"]["output_layers"] == [["out", 0, 0]]
    rebuilt = tf.keras.models.model_from_json(model.to_json())
    assert rebuilt.to_json() == model.to_json()
    assert [v.shape.as_list() for v in rebuilt.variables] == [[3, 2], [2], [4, 1], [1]]


def test_sequential_config_round_trip_and_layers_serialize():
    model = sequential()
    rebuilt = tf.keras.models.model_from_json(model.to_json())
    assert type(rebuilt).__name__ == "Sequential"
    assert rebuilt.get_config() == model.get_config()
    dense = tf.keras.layers.deserialize(tf.keras.layers.serialize(model.layers[0]))
    assert (type(dense).__name__, dense.units, dense.name) == ("Dense", 3, "dense")
    with pytest.raises(ValueError, match="Unknown layer: Nope"):
        tf.keras.layers.deserialize({"class_name": "Nope", "config": {}})


def test_custom_objects_resolve_custom_layers():
    class Scale(tf.keras.layers.Layer):
        def call(self, inputs):
            return inputs * 2.0

    a = tf.keras.Input(shape=(2,))
    model = tf.keras.Model(a, Scale(name="scale")(a))
    rebuilt = tf.keras.models.model_from_json(model.to_json(), {"Scale": Scale})
    np.testing.assert_array_equal(predict(rebuilt), X * 2.0)


def test_clone_model_has_new_weights_of_the_same_structure():
    model = trained()
    clone = tf.keras.models.clone_model(model)
    assert clone.get_config() == model.get_config()
    assert not any(a is b for a, b in zip(clone.weights, model.weights))
    clone.set_weights(model.get_weights())
    np.testing.assert_array_equal(predict(clone), predict(model))
    graph = functional()
    graph_clone = tf.keras.models.clone_model(graph)
    assert graph_clone.to_json() == graph.to_json()


# ---- by name, mismatches and errors ----------------------------------------------------------
def test_load_by_name_matches_layers_by_name(tmp_path):
    source = trained()
    source.save_weights(str(tmp_path / "w.h5"))
    target = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="other"),
                                  tf.keras.layers.Dense(1, input_shape=(3,), name="dense_1")])
    other = target.layers[0].kernel.numpy()
    target.load_weights(str(tmp_path / "w.h5"), by_name=True)
    np.testing.assert_array_equal(target.layers[1].kernel.numpy(),
                                  source.layers[2].kernel.numpy())
    np.testing.assert_array_equal(target.layers[0].kernel.numpy(), other)


def test_by_name_shape_mismatch_raises_or_is_skipped_weight_by_weight(tmp_path, caplog):
    source = trained()
    source.save_weights(str(tmp_path / "w.h5"))
    target = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="dense"),
                                  tf.keras.layers.Dense(1, name="dense_1")])
    before = target.get_weights()
    with pytest.raises(ValueError, match=r'(?s)Layer #0 \(named "dense"\), weight <tf.Variable '
                                         r"'dense/kernel:0' shape=\(4, 3\).* has shape "
                                         r"\(4, 3\), but the saved weight has shape \(2, 3\).$"):
        target.load_weights(str(tmp_path / "w.h5"), by_name=True)
    for a, b in zip(target.get_weights(), before):  # nothing changed
        np.testing.assert_array_equal(a, b)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        target.load_weights(str(tmp_path / "w.h5"), by_name=True, skip_mismatch=True)
    assert "Skipping loading of weights for layer dense due to mismatch in shape ((4, 3) " \
           "vs (2, 3))." in caplog.text
    np.testing.assert_array_equal(target.layers[0].kernel.numpy(), before[0])
    for got, want in ((target.layers[0].bias, source.layers[0].bias),
                      (target.layers[1].kernel, source.layers[2].kernel)):
        np.testing.assert_array_equal(got.numpy(), want.numpy())


@pytest.mark.parametrize("make,message", [
    (lambda: tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(2,))]),
     "You are trying to load a weight file containing 3 layers into a model with 1 layers."),
    (lambda: tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(2,)),
                                  tf.keras.layers.Dense(4),
                                  tf.keras.layers.Dense(1, use_bias=False)]),
     'Layer #1 (named "dense_1" in the current model) was found to correspond to layer '
     "batch_normalization in the save file. However the new layer dense_1 expects 2 weights, "
     "but the saved weights have 4 elements."),
])
def test_topological_mismatch_raises_tf_message(tmp_path, make, message):
    trained().save_weights(str(tmp_path / "w.h5"))
    tf.keras.backend.clear_session()
    target = make()
    before = target.get_weights()
    with pytest.raises(ValueError) as info:
        target.load_weights(str(tmp_path / "w.h5"))
    assert str(info.value) == message
    for a, b in zip(target.get_weights(), before):
        np.testing.assert_array_equal(a, b)


def test_a_failed_load_changes_no_weight(tmp_path):
    trained().save_weights(str(tmp_path / "w.h5"))
    target = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(2,)),
                                  tf.keras.layers.BatchNormalization(),
                                  tf.keras.layers.Dense(2)])
    before = target.get_weights()
    with pytest.raises(ValueError, match="Shape mismatch"):
        target.load_weights(str(tmp_path / "w.h5"))
    for a, b in zip(target.get_weights(), before):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("call,error,message", [
    (lambda m, d: m.save_weights(d + "/w.h5", save_format="tf"), ValueError,
     'save_weights got save_format="tf"/"tensorflow", but the filepath ("{d}/w.h5") looks '
     'like an HDF5 file. Omit the ".h5"/".keras" when saving in TensorFlow format.'),
    (lambda m, d: m.save_weights(d + "/w", save_format="pickle"), ValueError,
     'Unknown format "pickle". Was expecting one of {{"tf", "h5"}}.'),
    (lambda m, d: m.load_weights(d + "/w.h5", skip_mismatch=True), ValueError,
     "When calling model.load_weights, skip_mismatch can only be set to True when by_name "
     "is True."),
])
def test_argument_errors(tmp_path, call, error, message):
    with pytest.raises(error) as info:
        call(sequential(), str(tmp_path))
    assert str(info.value) == message.format(d=tmp_path)


def test_unbuilt_sequential_and_subclassed_models():
    with pytest.raises(ValueError, match="Weights for model sequential have not yet been "
                                         "created. Weights are created when the Model is "
                                         "first called on inputs or `build\\(\\)` is called "
                                         "with an `input_shape`."):
        tf.keras.Sequential([tf.keras.layers.Dense(1)]).save_weights("unused.h5")

    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(1)

        def call(self, x):
            return self.dense(x)

    with pytest.raises(NotImplementedError, match="Saving the model to HDF5 format requires "
                                                  "the model to be a Functional model or a "
                                                  "Sequential model."):
        Net().save("unused.h5")
    with pytest.raises(NotImplementedError):
        Net().get_config()


def test_subclassed_model_weights_round_trip(tmp_path):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = tf.keras.layers.Dense(4, activation="relu")
            self.out = tf.keras.layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    model = Net()
    model(X)
    model.save_weights(str(tmp_path / "n.h5"))
    fresh = Net()
    fresh(X)
    fresh.load_weights(str(tmp_path / "n.h5"))
    np.testing.assert_array_equal(fresh(X).numpy(), model(X).numpy())


def test_missing_h5py_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(ImportError) as info:
        sequential().save_weights("unused.h5")
    assert str(info.value) == ("`save_weights` requires h5py when saving in hdf5. Install it "
                               "with `pip install tfeager_compat[h5]`.")
    with pytest.raises(ImportError, match=r"`load_model` requires h5py\. .*\[h5\]"):
        tf.keras.models.load_model("unused.h5")


def test_load_model_without_training_config_warns(tmp_path, caplog):
    sequential().save(str(tmp_path / "m.h5"))
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        model = tf.keras.models.load_model(str(tmp_path / "m.h5"))
    assert "No training configuration found in save file: the model was *not* compiled. " \
           "Compile it manually." in caplog.text
    assert model._compiled is None


def test_tf_train_optimizer_is_not_saved(tmp_path, caplog):
    model = sequential()
    model.compile(tf.train.GradientDescentOptimizer(0.1), "mse")
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        model.save(str(tmp_path / "m.h5"))
    assert "TensorFlow optimizers do not make it possible to access optimizer attributes" \
        in caplog.text
    with h5py.File(str(tmp_path / "m.h5"), "r") as f:
        assert "training_config" not in f.attrs and "optimizer_weights" not in f


# ---- ModelCheckpoint -------------------------------------------------------------------------
CX = (np.arange(30, dtype=np.float32).reshape(10, 3) % 7) / 7.
CY = (np.arange(10, dtype=np.float32) % 3 / 3.).reshape(10, 1)


def regressor(lr=0.1):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    model.set_weights([np.array([[0.3], [-0.2], [0.1]], np.float32), np.zeros(1, np.float32)])
    model.compile(tf.keras.optimizers.SGD(lr), "mse")
    return model


def test_model_checkpoint_save_best_only_formats_the_path(tmp_path, capsys):
    checkpoint = tf.keras.callbacks.ModelCheckpoint(
        str(tmp_path / "w.{epoch:02d}-{loss:.3f}.h5"), monitor="loss", save_best_only=True,
        save_weights_only=True, verbose=1)
    history = regressor(0.5).fit(CX, CY, batch_size=10, epochs=4, verbose=0, shuffle=False,
                                 callbacks=[checkpoint])
    np.testing.assert_allclose(history.history["loss"], [0.1248, 0.0953, 0.0865, 0.0835],
                               atol=1e-4)
    assert sorted(os.listdir(tmp_path)) == ["w.01-0.125.h5", "w.02-0.095.h5", "w.03-0.086.h5",
                                            "w.04-0.084.h5"]
    lines = [l for l in capsys.readouterr().out.splitlines() if l]
    assert lines[0] == (f"Epoch 00001: loss improved from inf to 0.12477, saving model to "
                        f"{tmp_path}/w.01-0.125.h5")


def test_model_checkpoint_period_saves_whole_models(tmp_path):
    model = regressor()
    checkpoint = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "m{epoch}.h5"), period=2)
    model.fit(CX, CY, batch_size=10, epochs=4, verbose=0, shuffle=False,
              callbacks=[checkpoint])
    assert sorted(os.listdir(tmp_path)) == ["m2.h5", "m4.h5"]
    loaded = tf.keras.models.load_model(str(tmp_path / "m4.h5"))
    np.testing.assert_allclose(loaded.predict(CX[:2]).ravel(),
                               [0.12325677275657654, 0.257928729057312], rtol=1e-5)


def test_model_checkpoint_save_freq_in_samples_tf_format(tmp_path):
    checkpoint = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "ck{epoch}"),
                                                    save_weights_only=True, save_freq=5)
    regressor().fit(CX, CY, batch_size=2, epochs=2, verbose=0, shuffle=False,
                    callbacks=[checkpoint])
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ck1.data-00000-of-00001",
                                            "ck1.index", "ck2.data-00000-of-00001", "ck2.index"]


def test_model_checkpoint_best_only_without_the_monitor_warns(tmp_path, caplog):
    checkpoint = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "w.h5"),
                                                    save_best_only=True)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        regressor().fit(CX, CY, epochs=1, verbose=0, callbacks=[checkpoint])
    assert "Can save best model only with val_loss available, skipping." in caplog.text
    assert os.listdir(tmp_path) == []


def test_model_checkpoint_loads_the_newest_file_on_restart(tmp_path):
    first = regressor()
    first.fit(CX, CY, epochs=3, verbose=0, shuffle=False, callbacks=[
        tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "w{epoch}.h5"),
                                           save_weights_only=True)])
    saved = first.get_weights()
    second = regressor(lr=0.0)  # a step changes nothing: the weights show what was loaded
    second.fit(CX, CY, epochs=1, verbose=0, callbacks=[
        tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "w{epoch}.h5"),
                                           save_weights_only=True,
                                           load_weights_on_restart=True)])
    for a, b in zip(second.get_weights(), saved):
        np.testing.assert_array_equal(a, b)
