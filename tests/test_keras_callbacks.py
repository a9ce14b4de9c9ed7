"""tf.keras.callbacks under fit: hook order and logs, History, EarlyStopping,
LearningRateScheduler, ReduceLROnPlateau, LambdaCallback, CSVLogger, TerminateOnNaN,
ModelCheckpoint. Loss and learning-rate values are TensorFlow's (tf-keras, compat.v1)."""
import numpy as np
import pytest

import tfeager_compat as tf

X = (np.arange(30, dtype=np.float32).reshape(10, 3) % 7) / 7.
Y = (np.arange(10, dtype=np.float32) % 3 / 3.).reshape(10, 1)


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()
    yield
    tf.keras.backend.clear_session()


def regressor(lr=0.1):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    model.set_weights([np.array([[0.3], [-0.2], [0.1]], np.float32), np.zeros(1, np.float32)])
    model.compile(tf.keras.optimizers.SGD(lr), "mse")
    return model


def fit(model, callbacks, epochs, batch_size=10):
    return model.fit(X, Y, batch_size=batch_size, epochs=epochs, verbose=0, shuffle=False,
                     callbacks=callbacks)


def test_every_hook_in_order_with_logs():
    events = []

    class Recorder(tf.keras.callbacks.Callback):
        def __getattribute__(self, name):
            attr = object.__getattribute__(self, name)
            if name.startswith("on_") and callable(attr):
                def hook(*args, **kwargs):
                    args += tuple(kwargs.values())
                    logs = args[-1]
                    events.append((name,) + tuple(args[:-1]) + (
                        tuple(sorted(logs)) if logs else (),))
                    return attr(*args)
                return hook
            return attr

    recorder = Recorder()
    fit(regressor(), [recorder], epochs=1, batch_size=5)
    assert recorder.model is not None and recorder.params["epochs"] == 1
    assert recorder.params["metrics"] == ["loss"]
    assert events == [
        ("on_train_begin", ()),
        ("on_epoch_begin", 0, ()),
        ("on_train_batch_begin", 0, ("batch", "size")),
        ("on_batch_begin", 0, ("batch", "size")),
        ("on_train_batch_end", 0, ("batch", "loss", "size")),
        ("on_batch_end", 0, ("batch", "loss", "size")),
        ("on_train_batch_begin", 1, ("batch", "size")),
        ("on_batch_begin", 1, ("batch", "size")),
        ("on_train_batch_end", 1, ("batch", "loss", "size")),
        ("on_batch_end", 1, ("batch", "loss", "size")),
        ("on_epoch_end", 0, ("loss",)),
        ("on_train_end", ()),
    ]


def test_early_stopping():
    history = fit(regressor(1.9), [tf.keras.callbacks.EarlyStopping(monitor="loss",
                                                                     patience=1)], epochs=10)
    assert history.epoch == [0, 1]
    assert [round(v, 5) for v in history.history["loss"]] == [0.12477, 0.98991]


def test_early_stopping_restores_best_weights(capsys):
    model = regressor(1.9)
    fit(model, [], epochs=1)
    best = model.get_weights()
    model = regressor(1.9)
    stop = tf.keras.callbacks.EarlyStopping(monitor="loss", patience=1, verbose=1,
                                            restore_best_weights=True)
    fit(model, [stop], epochs=10)
    assert capsys.readouterr().out == ("Restoring model weights from the end of the best "
                                       "epoch.\nEpoch 00002: early stopping\n")
    for a, b in zip(model.get_weights(), best):
        np.testing.assert_array_equal(a, b)


def test_learning_rate_scheduler(capsys):
    history = fit(regressor(), [tf.keras.callbacks.LearningRateScheduler(
        lambda epoch: 0.1 / (epoch + 1), verbose=1)], epochs=3, batch_size=5)
    assert [round(v, 6) for v in history.history["loss"]] == [0.115446, 0.093035, 0.08914]
    assert [round(float(v), 6) for v in history.history["lr"]] == [0.1, 0.05, 0.033333]
    assert capsys.readouterr().out.splitlines()[1] == (
        "Epoch 00001: LearningRateScheduler reducing learning rate to 0.1.")


def test_reduce_lr_on_plateau():
    history = fit(regressor(1.9), [tf.keras.callbacks.ReduceLROnPlateau(
        monitor="loss", patience=1, factor=0.5)], epochs=4)
    assert history.history["loss"] == pytest.approx([0.124769, 0.989909, 21.005312, 75.640808],
                                                    rel=1e-5)
    assert [round(float(v), 6) for v in history.history["lr"]] == [1.9, 1.9, 0.95, 0.475]
    with pytest.raises(ValueError, match="ReduceLROnPlateau does not support a factor >= 1.0."):
        tf.keras.callbacks.ReduceLROnPlateau(factor=1.0)


def test_lambda_callback_csv_logger_and_terminate_on_nan(tmp_path, capsys):
    seen = []
    path = tmp_path / "log.csv"
    fit(regressor(), [tf.keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append((epoch, round(logs["loss"], 6)))),
        tf.keras.callbacks.CSVLogger(str(path))], epochs=2, batch_size=5)
    assert seen == [(0, 0.115446), (1, 0.092394)]
    lines = path.read_text().splitlines()
    assert lines[0] == "epoch,loss"
    assert [line.split(",")[0] for line in lines[1:]] == ["0", "1"]
    assert round(float(lines[1].split(",")[1]), 6) == 0.115446

    history = fit(regressor(1e20), [tf.keras.callbacks.TerminateOnNaN()], epochs=5,
                  batch_size=5)
    out = capsys.readouterr().out
    assert out.startswith("Batch ") and out.endswith(": Invalid loss, terminating training\n")
    assert len(history.epoch) < 5
