"""`tf.keras.callbacks` as TF 1.15 has them: `Callback` with every hook, `History`,
`BaseLogger`, `ProgbarLogger`, `EarlyStopping`, `ModelCheckpoint`, `LearningRateScheduler`,
`ReduceLROnPlateau`, `LambdaCallback`, `CSVLogger`, `TerminateOnNaN`, with TF 1.15's
defaults, printed messages and warnings.

`fit` calls the hooks in TF 1.15's order: the callbacks given, then `History` (after a
`BaseLogger` that puts the epoch's batch-size-weighted mean loss into the epoch logs), and
the progress bar last. Batch logs hold the batch's loss and the metrics' running values.
"""
import collections
import csv
import logging
import os
import re

import numpy as np

from ..ops.registry import export
from . import backend
from .utils.generic_utils import Progbar

_log = logging.getLogger("tensorflow")


@export("keras.callbacks.Callback")
class Callback:
    """Base class: every hook is a no-op; `model` and `params` are set by `fit`."""

    def __init__(self):
        self.validation_data = None
        self.model = None
        self.params = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)  # TF 1.15: the old hooks stand for training

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        pass

    def on_predict_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_predict_begin(self, logs=None):
        pass

    def on_predict_end(self, logs=None):
        pass


_HOOKS = ("on_batch_begin", "on_batch_end", "on_epoch_begin", "on_epoch_end",
          "on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
          "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end",
          "on_train_begin", "on_train_end", "on_test_begin", "on_test_end",
          "on_predict_begin", "on_predict_end")


class CallbackList:
    """Calls a hook on each callback in order."""

    def __init__(self, callbacks):
        self.callbacks = list(callbacks)

    def set_params(self, params):
        for c in self.callbacks:
            c.set_params(params)

    def set_model(self, model):
        for c in self.callbacks:
            c.set_model(model)

    def _caller(name):
        arity = 2 if "batch" in name or "epoch" in name else 1

        def call(self, *args):
            args = args + (None,) * (arity - len(args))  # TF passes logs=None when absent
            for c in self.callbacks:
                getattr(c, name)(*args)
        call.__name__ = name
        return call

    for _name in _HOOKS:
        locals()[_name] = _caller(_name)
    del _name, _caller


@export("keras.callbacks.BaseLogger")
class BaseLogger(Callback):
    """Puts the epoch's averages (weighted by batch size) of the non-stateful batch values
    into the epoch logs."""

    def __init__(self, stateful_metrics=None):
        super().__init__()
        self.stateful_metrics = set(stateful_metrics or [])

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        size = logs.get("size", 0)
        self.seen += size * logs.get("num_steps", 1)
        for k, v in logs.items():
            if k in self.stateful_metrics:
                self.totals[k] = v
            elif k in self.totals:
                self.totals[k] += v * size
            else:
                self.totals[k] = v * size

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            for k in self.params["metrics"]:
                if k in self.totals:
                    logs[k] = self.totals[k] if k in self.stateful_metrics else \
                        self.totals[k] / self.seen


@export("keras.callbacks.History")
class History(Callback):
    """`history`: each epoch-log key's values, one per epoch; `epoch`: the epoch indices."""

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)


@export("keras.callbacks.ProgbarLogger")
class ProgbarLogger(Callback):
    """The progress bar: 'Epoch i/n' (when n > 1), then a Progbar over samples or steps."""

    def __init__(self, count_mode="samples", stateful_metrics=None):
        super().__init__()
        if count_mode not in ("samples", "steps"):
            raise ValueError("Unknown `count_mode`: " + str(count_mode))
        self.use_steps = count_mode == "steps"
        self.stateful_metrics = set(stateful_metrics or [])

    def on_train_begin(self, logs=None):
        self.verbose = self.params["verbose"]
        self.epochs = self.params["epochs"]

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.target = self.params["steps"] if self.use_steps else self.params["samples"]
        if self.verbose and self.epochs > 1:
            print("Epoch %d/%d" % (epoch + 1, self.epochs))
        self.progbar = Progbar(target=self.target, verbose=self.verbose,
                               stateful_metrics=self.stateful_metrics,
                               unit_name="step" if self.use_steps else "sample")

    def on_batch_begin(self, batch, logs=None):
        self.log_values = []

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        steps = logs.get("num_steps", 1)
        self.seen += steps if self.use_steps else logs.get("size", 0) * steps
        for k in self.params["metrics"]:
            if k in logs:
                self.log_values.append((k, logs[k]))
        if self.verbose and (self.target is None or self.seen < self.target):
            self.progbar.update(self.seen, self.log_values)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        for k in self.params["metrics"]:
            if k in logs:
                self.log_values.append((k, logs[k]))
        if self.verbose:
            self.progbar.update(self.seen, self.log_values)


def _monitor_op(mode, monitor, kind):
    if mode not in ("auto", "min", "max"):
        _log.warning("%s mode %s is unknown, fallback to auto mode.", kind, mode)
        mode = "auto"
    if mode == "min":
        return np.less
    if mode == "max":
        return np.greater
    return np.greater if "acc" in monitor or monitor.startswith("fmeasure") else np.less


@export("keras.callbacks.EarlyStopping")
class EarlyStopping(Callback):
    """Stop training when `monitor` has stopped improving for `patience` epochs."""

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False):
        super().__init__()
        self.monitor, self.patience, self.verbose = monitor, patience, verbose
        self.baseline, self.min_delta = baseline, abs(min_delta)
        self.wait = self.stopped_epoch = 0
        self.restore_best_weights, self.best_weights = restore_best_weights, None
        self.monitor_op = _monitor_op(mode, monitor, "EarlyStopping")
        if self.monitor_op is np.less:
            self.min_delta *= -1

    def on_train_begin(self, logs=None):
        self.wait = self.stopped_epoch = 0
        if self.baseline is not None:
            self.best = self.baseline
        else:
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None:
            _log.warning("Early stopping conditioned on metric `%s` which is not available. "
                         "Available metrics are: %s", self.monitor, ",".join(logs or {}))
            return
        if self.monitor_op(current - self.min_delta, self.best):
            self.best, self.wait = current, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
                if self.restore_best_weights:
                    if self.verbose > 0:
                        print("Restoring model weights from the end of the best epoch.")
                    self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print("Epoch %05d: early stopping" % (self.stopped_epoch + 1))


@export("keras.callbacks.ModelCheckpoint")
class ModelCheckpoint(Callback):
    """Save the model (`model.save`) or its weights (`save_weights`) after every `period`
    epochs, or every `save_freq` samples; with `save_best_only`, only when `monitor`
    improved. `filepath` may hold `{epoch:02d}` and log keys such as `{val_loss:.2f}`; with
    `load_weights_on_restart`, the newest file matching it is loaded when training begins."""

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch", period=1,
                 load_weights_on_restart=False, **kwargs):
        super().__init__()
        self.filepath, self.monitor, self.verbose = os.fspath(filepath), monitor, verbose
        self.save_best_only, self.save_weights_only = save_best_only, save_weights_only
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError("Unrecognized save_freq: {}".format(save_freq))
        self.save_freq, self.period = save_freq, period
        self.load_weights_on_restart = load_weights_on_restart
        self.epochs_since_last_save = 0
        self._samples_seen_since_last_saving = 0
        self._current_epoch = 0
        self.monitor_op = _monitor_op(mode, monitor, "ModelCheckpoint")
        self.best = np.inf if self.monitor_op is np.less else -np.inf

    def on_train_begin(self, logs=None):
        if not self.load_weights_on_restart:
            return
        path = self._most_recent_matching_file()
        if path is not None:
            try:
                self.model.load_weights(path)
            except (IOError, ValueError) as e:
                raise ValueError("Error loading file from {}. Reason: {}".format(path, e))

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_batch_end(self, batch, logs=None):
        if isinstance(self.save_freq, int):
            logs = logs or {}
            self._samples_seen_since_last_saving += logs.get("size", 1)
            if self._samples_seen_since_last_saving >= self.save_freq:
                self._save_model(self._current_epoch, logs)
                self._samples_seen_since_last_saving = 0

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_since_last_save += 1
        if self.save_freq == "epoch":
            self._save_model(epoch, logs)

    def _save_model(self, epoch, logs):
        logs = logs or {}
        if not isinstance(self.save_freq, int) and self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        filepath = self.filepath.format(epoch=epoch + 1, **logs)
        if not self.save_best_only:
            if self.verbose > 0:
                print("\nEpoch %05d: saving model to %s" % (epoch + 1, filepath))
            self._save(filepath)
            return
        current = logs.get(self.monitor)
        if current is None:
            _log.warning("Can save best model only with %s available, skipping.",
                         self.monitor)
        elif self.monitor_op(current, self.best):
            if self.verbose > 0:
                print("\nEpoch %05d: %s improved from %0.5f to %0.5f, saving model to %s"
                      % (epoch + 1, self.monitor, self.best, current, filepath))
            self.best = current
            self._save(filepath)
        elif self.verbose > 0:
            print("\nEpoch %05d: %s did not improve from %0.5f"
                  % (epoch + 1, self.monitor, self.best))

    def _save(self, filepath):
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)

    def _most_recent_matching_file(self):
        """The newest file (or TF-format checkpoint prefix) whose name `filepath`'s pattern
        matches, any `{...}` field standing for any text."""
        directory, pattern = os.path.split(self.filepath)
        regex = re.compile("".join(".*" if part.startswith("{") else re.escape(part)
                                   for part in re.split(r"(\{[^}]*\})", pattern)) + "$")
        found = []
        for name in os.listdir(directory or "."):
            prefix = name[:-len(".index")] if name.endswith(".index") else name
            if regex.match(prefix):
                path = os.path.join(directory, prefix)
                found.append((os.path.getmtime(os.path.join(directory, name)), path))
        return max(found)[1] if found else None


def _learning_rate(model):
    optimizer = model.optimizer
    if not hasattr(optimizer, "lr"):
        raise ValueError('Optimizer must have a "lr" attribute.')
    return optimizer.lr


@export("keras.callbacks.LearningRateScheduler")
class LearningRateScheduler(Callback):
    """Set the optimizer's `lr` to `schedule(epoch)` (or `schedule(epoch, lr)`) at the start
    of each epoch."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch, logs=None):
        lr_variable = _learning_rate(self.model)
        try:
            lr = self.schedule(epoch, float(backend.get_value(lr_variable)))
        except TypeError:  # a schedule of the epoch alone
            lr = self.schedule(epoch)
        from ..framework.tensor import Tensor
        if not isinstance(lr, (Tensor, float, np.float32, np.float64)):
            raise ValueError('The output of the "schedule" function should be float.')
        if isinstance(lr, Tensor) and not lr.dtype.is_floating:
            raise ValueError("The dtype of Tensor should be float")
        self._set(backend.get_value(lr))
        if self.verbose > 0:
            print("\nEpoch %05d: LearningRateScheduler reducing learning rate to %s."
                  % (epoch + 1, lr))

    def _set(self, value):
        lr = _learning_rate(self.model)
        if hasattr(lr, "assign"):
            backend.set_value(lr, value)
        else:
            self.model.optimizer.lr = value

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["lr"] = backend.get_value(_learning_rate(self.model))


@export("keras.callbacks.ReduceLROnPlateau")
class ReduceLROnPlateau(LearningRateScheduler):
    """Multiply the learning rate by `factor` when `monitor` has not improved by
    `min_delta` for `patience` epochs (then wait `cooldown` epochs)."""

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0, **kwargs):
        Callback.__init__(self)
        if "epsilon" in kwargs:
            min_delta = kwargs.pop("epsilon")
            _log.warning("`epsilon` argument is deprecated and will be removed, use "
                         "`min_delta` instead.")
        if factor >= 1.0:
            raise ValueError("ReduceLROnPlateau does not support a factor >= 1.0.")
        self.monitor, self.factor, self.min_lr = monitor, factor, min_lr
        self.min_delta, self.patience, self.verbose = min_delta, patience, verbose
        self.cooldown, self.mode = cooldown, mode
        self._reset()

    def _reset(self):
        if self.mode not in ("auto", "min", "max"):
            _log.warning("Learning Rate Plateau Reducing mode %s is unknown, fallback to auto "
                         "mode.", self.mode)
            self.mode = "auto"
        if self.mode == "min" or (self.mode == "auto" and "acc" not in self.monitor):
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter = self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["lr"] = backend.get_value(_learning_rate(self.model))
        current = logs.get(self.monitor)
        if current is None:
            _log.warning("Reduce LR on plateau conditioned on metric `%s` which is not "
                         "available. Available metrics are: %s", self.monitor, ",".join(logs))
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best, self.wait = current, 0
        elif not self.cooldown_counter > 0:
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = float(backend.get_value(_learning_rate(self.model)))
                if old_lr > self.min_lr:
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    self._set(new_lr)
                    if self.verbose > 0:
                        print("\nEpoch %05d: ReduceLROnPlateau reducing learning rate to %s."
                              % (epoch + 1, new_lr))
                    self.cooldown_counter, self.wait = self.cooldown, 0


@export("keras.callbacks.LambdaCallback")
class LambdaCallback(Callback):
    """A callback from functions: `on_epoch_begin(epoch, logs)`, `on_batch_end(batch, logs)`,
    `on_train_begin(logs)`, ... (others given as keyword arguments too)."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        for name, fn, default in (
                ("on_epoch_begin", on_epoch_begin, lambda epoch, logs: None),
                ("on_epoch_end", on_epoch_end, lambda epoch, logs: None),
                ("on_batch_begin", on_batch_begin, lambda batch, logs: None),
                ("on_batch_end", on_batch_end, lambda batch, logs: None),
                ("on_train_begin", on_train_begin, lambda logs: None),
                ("on_train_end", on_train_end, lambda logs: None)):
            setattr(self, name, fn if fn is not None else default)


@export("keras.callbacks.CSVLogger")
class CSVLogger(Callback):
    """Write each epoch's logs as a CSV row (`epoch` then the keys in sorted order)."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep, self.filename, self.append = separator, filename, append
        self.writer = self.keys = self.csv_file = None
        self.append_header = True

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        self.csv_file = open(self.filename, mode, newline="")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}

        def text(value):
            if isinstance(value, str):
                return value
            if isinstance(value, collections.abc.Iterable) and not (
                    isinstance(value, np.ndarray) and value.ndim == 0):
                return '"[%s]"' % ", ".join(map(str, value))
            return value

        if self.keys is None:
            self.keys = sorted(logs.keys())
        if self.model.stop_training:
            logs = {k: logs.get(k, "NA") for k in self.keys}
        if not self.writer:
            class Dialect(csv.excel):
                delimiter = self.sep
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys,
                                         dialect=Dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((k, text(logs[k])) for k in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.csv_file.close()
        self.writer = None


@export("keras.callbacks.TerminateOnNaN")
class TerminateOnNaN(Callback):
    """Stop training when a batch's loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print("Batch %d: Invalid loss, terminating training" % batch)
            self.model.stop_training = True
