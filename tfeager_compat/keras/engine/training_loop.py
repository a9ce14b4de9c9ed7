"""`compile`/`fit`/`evaluate`/`predict` as TF 1.15's eager Keras runs them.

- `Compiled` holds what `compile` fixed: the optimizer, one loss per output (functions wrapped
  as Keras' SUM_OVER_BATCH_SIZE losses), loss weights, and the metrics with TF 1.15's names
  (`'acc'` for `'accuracy'`, `<output>_loss`, `<output>_<metric>` when there are several
  outputs; `'accuracy'` resolves to binary, sparse or categorical accuracy from the loss and
  the output's last dimension).
- A training step runs the model, the losses and each metric's batch sum under one
  GradientTape and asks it for the gradient of the total loss alone (the metrics get zero
  output gradients): the forward pass, the metrics, the gradient and (prefixed to the next
  step's call) the optimizer's update are ONE XLA call per batch, so training under `fit`
  and under a hand-written tape loop give the same numbers.
- Evaluation and prediction steps run under a tape that watches only the inputs, so every op
  is deferred, and read their results together: one XLA call per batch as well.
- Metrics are stateful over an epoch (sums kept in float32, as TF's metric variables); the
  epoch's `loss` is the batch losses' mean weighted by batch size (TF 1.15's aggregator).
"""
import numpy as np

from ...autodiff.tape import GradientTape
from ...distribute import distribute_lib
from ...framework import dtypes
from ...framework.convert import to_tensor
from ...framework.tensor import Tensor
from ...metrics import functions as metric_functions
from ...metrics import keras_metrics
from ...metrics import lookup as metric_lookup
from ...training.optimizer import Optimizer
from .. import backend, losses as losses_module, optimizers
from . import data_adapter

_op = backend.op


# ---- compile ------------------------------------------------------------------------------------
def _loss_function(identifier):
    loss = losses_module.get(identifier)
    if loss is None or isinstance(loss, losses_module.Loss):
        return loss
    return losses_module.LossFunctionWrapper(loss, name=getattr(loss, "__name__", None))


def _loss_fn_of(loss):
    return loss.fn if isinstance(loss, losses_module.LossFunctionWrapper) else None


def _accuracy_function(loss, output_shape):
    """TF 1.15's choice for 'accuracy'/'acc'."""
    fn = _loss_fn_of(loss)
    if output_shape[-1] == 1 or isinstance(loss, losses_module.BinaryCrossentropy) or \
            fn is metric_functions.binary_crossentropy:
        return metric_functions.binary_accuracy
    if isinstance(loss, losses_module.SparseCategoricalCrossentropy) or \
            fn is metric_functions.sparse_categorical_crossentropy:
        return metric_functions.sparse_categorical_accuracy
    return metric_functions.categorical_accuracy


def _crossentropy_function(loss, output_shape):
    fn = _loss_fn_of(loss)
    if output_shape[-1] == 1 or isinstance(loss, losses_module.BinaryCrossentropy) or \
            fn is metric_functions.binary_crossentropy:
        return metric_functions.binary_crossentropy
    if isinstance(loss, losses_module.SparseCategoricalCrossentropy) or \
            fn is metric_functions.sparse_categorical_crossentropy:
        return metric_functions.sparse_categorical_crossentropy
    return metric_functions.categorical_crossentropy


class _Metric:
    """One compiled metric of one output: a mean of `fn` kept as float32 sums on the host,
    or a stateful Metric object updated after each step."""

    def __init__(self, name, output, fn=None, kwargs=None, metric=None, weighted=False):
        self.name, self.output, self.fn, self.kwargs = name, output, fn, kwargs or {}
        self.metric, self.weighted = metric, weighted
        self.total = self.count = np.float32(0)

    def reset(self):
        self.total = self.count = np.float32(0)
        if self.metric is not None:
            self.metric.reset_states()

    def batch_sum(self, y_true, y_pred, weights):
        """The batch's (sum, count) as tensors, computed inside the step."""
        dtype = dtypes.float32 if self.metric is None else dtypes.as_dtype(
            self.metric.dtype)
        y_true = _cast(y_true, dtype)
        y_pred = _cast(y_pred, dtype)
        y_true, y_pred = losses_module.squeeze_or_expand(y_true, y_pred)
        values = self.fn(y_true, y_pred, **self.kwargs)
        if weights is not None and self.weighted:
            weights = _cast(weights, dtypes.float32)
            if weights._rank() < values._rank():
                values = _op("reduce_mean")(values, list(range(weights._rank(),
                                                                values._rank())))
            return (_op("reduce_sum")(_op("multiply")(values, weights)),
                    _op("reduce_sum")(weights))
        return _op("reduce_sum")(values), int(np.prod(values.shape.as_list()))

    def add(self, total, count):
        self.total = np.float32(self.total + np.float32(total))
        self.count = np.float32(self.count + np.float32(count))

    def result(self):
        if self.metric is not None and self.fn is None:
            return float(self.metric.result().numpy())
        return float(self.total / self.count) if self.count else 0.0


def _cast(t, dtype):
    t = to_tensor(t)
    return t if t.dtype == dtype else _op("cast")(t, dtype)


class Compiled:
    """What `compile` fixed; the per-output parts are resolved at the first batch, when the
    number and shapes of the outputs are known."""

    def __init__(self, model, optimizer, loss, metrics, loss_weights, weighted_metrics):
        if isinstance(optimizer, Optimizer) and not isinstance(
                optimizer, optimizers.OptimizerV2):
            self.optimizer = optimizer  # a tf.train optimizer (TF wraps it as TFOptimizer)
        else:
            self.optimizer = optimizers.get(optimizer)
        self.loss_spec, self.metrics_spec = loss, metrics
        self.loss_weights_spec, self.weighted_spec = loss_weights, weighted_metrics
        self.model = model
        # Compiled in a tf.distribute strategy's scope: fit trains data-parallel under it.
        self.strategy = distribute_lib.get_strategy() if distribute_lib.has_strategy() else None
        self.output_names = None
        self.losses = self.loss_weights = self.metrics = None
        self.multi = False
        self.output_loss_means = None
        if model._output_names() is not None:
            self.resolve(model._output_names(), model._output_shapes())

    def _per_output(self, spec, names, what, default=None):
        if isinstance(spec, dict):
            for key in spec:
                if key not in names:
                    raise ValueError(f"Unknown entry in {what} dictionary: \"{key}\". Only "
                                     f"expected the following keys: {names}")
            return [spec.get(n, default) for n in names]
        if isinstance(spec, (list, tuple)) and what == "loss":
            if len(spec) != len(names):
                raise ValueError(f"When passing a list as loss, it should have one entry per "
                                 f"model outputs. The model has {len(names)} outputs, but you "
                                 f"passed loss={list(spec)}")
            return list(spec)
        return [spec] * len(names)

    def resolve(self, names, shapes):
        self.output_names, self.multi = list(names), len(names) > 1
        self.losses = [_loss_function(s) for s in self._per_output(self.loss_spec, names,
                                                                   "loss")]
        weights = self.loss_weights_spec
        if weights is None:
            self.loss_weights = [1.0] * len(names)
        elif isinstance(weights, dict):
            self.loss_weights = [float(weights.get(n, 1.0)) for n in names]
        else:
            if len(weights) != len(names):
                raise ValueError(f"When passing a list as loss_weights, it should have one "
                                 f"entry per model output. The model has {len(names)} outputs, "
                                 f"but you passed loss_weights={list(weights)}")
            self.loss_weights = [float(w) for w in weights]
        self.metrics = []
        for weighted, spec in ((False, self.metrics_spec), (True, self.weighted_spec)):
            if spec is None:
                continue
            if isinstance(spec, dict):
                per_output = [_as_list(spec.get(n)) for n in names]
            else:
                per_output = [list(spec)] * len(names)
            for i, items in enumerate(per_output):
                for item in items:
                    self.metrics.append(self._metric(item, i, shapes[i], weighted))

    def _metric(self, item, i, shape, weighted):
        loss = self.losses[i]
        prefix = self.output_names[i] + "_" if self.multi else ""
        prefix = prefix + ("weighted_" if weighted else "")
        if item in ("accuracy", "acc"):
            return _Metric(prefix + "acc", i, _accuracy_function(loss, shape), weighted=weighted)
        if item in ("crossentropy", "ce"):
            return _Metric(prefix + "ce", i, _crossentropy_function(loss, shape),
                           weighted=weighted)
        metric = metric_lookup.get(item)
        if isinstance(metric, keras_metrics.MeanMetricWrapper):
            return _Metric(prefix + metric.name, i, metric._fn, metric._fn_kwargs, metric,
                           weighted)
        if isinstance(metric, keras_metrics.Metric):
            return _Metric(prefix + metric.name, i, metric=metric, weighted=weighted)
        name = getattr(metric, "name", None) or metric.__name__
        return _Metric(prefix + name, i, metric, weighted=weighted)

    @property
    def metrics_names(self):
        if self.output_names is None:
            return ["loss"]
        names = ["loss"]
        if self.multi:
            names += [n + "_loss" for n in self.output_names]
        return names + [m.name for m in self.metrics]

    def reset(self):
        for m in self.metrics or ():
            m.reset()
        self.output_loss_means = None

    # -- one batch ----------------------------------------------------------------------------
    def _losses_and_sums(self, outputs, targets, weights):
        """(total loss, [output losses], [(sum, count) per in-step metric])."""
        output_losses, total = [], None
        for i, (loss, y, out) in enumerate(zip(self.losses, targets, outputs)):
            if loss is None:
                output_losses.append(None)
                continue
            value = loss(y, out, sample_weight=weights[i])
            output_losses.append(value)
            if self.loss_weights[i] != 1.0:
                value = _op("multiply")(value, to_tensor(self.loss_weights[i], value.dtype))
            total = value if total is None else _op("add")(total, value)
        extra = self.model.losses
        if extra:
            total = _op("add_n")([total] + [_cast(x, total.dtype) for x in extra])
        sums = [m.batch_sum(targets[m.output], outputs[m.output], weights[m.output])
                if m.fn is not None else None for m in self.metrics]
        return total, output_losses, sums

    def train_batch(self, inputs, targets, weights):
        """One training step; returns the batch logs' values in `metrics_names` order."""
        model = self.model
        with GradientTape() as tape:
            outputs = _as_list(model(inputs, training=True))
            if self.output_names is None:
                self._resolve_from(outputs)
            total, output_losses, sums = self._losses_and_sums(outputs, targets, weights)
        variables = model.trainable_weights
        extra = [x for x in output_losses if x is not None] if self.multi else []
        extra += [s for pair in sums if pair is not None for s in pair
                  if isinstance(s, Tensor)]
        cotangents = [to_tensor(1.0, total.dtype)] + [to_tensor(0.0, t.dtype) for t in extra]
        grads = tape.gradient([total] + extra, variables, output_gradients=cotangents)
        self.optimizer.apply_gradients(zip(grads, variables))
        return self._finish(total, output_losses, sums, targets, outputs)

    def test_batch(self, inputs, targets, weights):
        """One evaluation step (inference mode), computed in one call."""
        outputs = None

        def run(tape_inputs):
            nonlocal outputs
            outputs = _as_list(self.model(tape_inputs, training=False))
            if self.output_names is None:
                self._resolve_from(outputs)
            return self._losses_and_sums(outputs, targets, weights)
        total, output_losses, sums = _deferred(run, inputs)
        _compute([total] + [x for x in output_losses if x is not None] +
                 [s for pair in sums if pair is not None for s in pair if isinstance(s, Tensor)])
        return self._finish(total, output_losses, sums, targets, outputs)

    def _resolve_from(self, outputs):
        names = self.model._output_names() or [f"output_{i + 1}" for i in range(len(outputs))]
        self.resolve(names, [tuple(o.shape.as_list()) for o in outputs])

    def _finish(self, total, output_losses, sums, targets, outputs):
        values = [float(total.numpy())]
        if self.multi:  # TF 1.15 reports each output's loss as a Mean over the batches
            means = self.output_loss_means or [[np.float32(0), np.float32(0)]
                                               for _ in output_losses]
            for mean, x in zip(means, output_losses):
                mean[0] = np.float32(mean[0] + np.float32(x.numpy() if x is not None else 0))
                mean[1] = np.float32(mean[1] + 1)
                values.append(float(mean[0] / mean[1]))
            self.output_loss_means = means
        for m, pair in zip(self.metrics, sums):
            if pair is None:
                m.metric.update_state(targets[m.output], outputs[m.output])
            else:
                s, n = pair
                m.add(s.numpy(), n.numpy() if isinstance(n, Tensor) else n)
            values.append(m.result())
        return values


def _as_list(x):
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _deferred(fn, inputs):
    """Run `fn(inputs)` with every op deferred (a tape watching only the inputs)."""
    with GradientTape(watch_accessed_variables=False) as tape:
        for t in _as_list(inputs) if not isinstance(inputs, dict) else inputs.values():
            tape.watch(t)
        return fn(inputs)


def _compute(tensors):
    """Compute pending tensors in one call: resolve one root that depends on them all."""
    pending = [t for t in tensors if t._value is None]
    if len(pending) > 1:
        root = _op("concat")([_op("reshape")(_cast(t, dtypes.float64), [-1])
                              for t in pending], 0)
        root.numpy()  # fills every node of the sub-program
    for t in pending:
        t.numpy()


# ---- the loops ----------------------------------------------------------------------------------
def train_function(model, batch):
    compiled = model._compiled
    if compiled.strategy is not None:
        return compiled.strategy.extended._train_batch(compiled, batch)
    inputs, targets, weights = batch
    return compiled.train_batch(inputs, targets, weights)


def predict_batch(model, inputs):
    outputs = _as_list(_deferred(lambda x: model(x, training=False), inputs))
    _compute(outputs)
    arrays = [o.numpy() for o in outputs]
    return arrays


def run_fit(model, x, y, batch_size, epochs, verbose, callbacks, validation_split,
            validation_data, shuffle, class_weight, sample_weight, initial_epoch,
            steps_per_epoch, validation_steps, validation_freq, generator=False):
    from .. import callbacks as callbacks_module
    compiled = model._compiled
    train, val = data_adapter.training_data(
        model, x, y, sample_weight, class_weight, batch_size, steps_per_epoch, shuffle,
        validation_split, validation_data, validation_steps, generator)
    if compiled.output_names is None:
        compiled._resolve_from(_as_list(_deferred(
            lambda t: model(t, training=False), train.peek_inputs())))
    names = compiled.metrics_names
    callback_metrics = names + (["val_" + n for n in names] if val is not None else [])
    history = callbacks_module.History()
    callback_list = callbacks_module.CallbackList(
        [callbacks_module.BaseLogger(stateful_metrics=names[1:])] + list(callbacks or []) +
        [history])
    params = {"batch_size": train.batch_size, "epochs": epochs, "steps": train.steps,
              "samples": train.samples, "verbose": verbose, "do_validation": val is not None,
              "metrics": callback_metrics}
    callback_list.set_model(model)
    callback_list.set_params(params)
    progbar = None
    if verbose:
        progbar = callbacks_module.ProgbarLogger(
            "samples" if train.samples is not None else "steps", stateful_metrics=names[1:])
        progbar.set_model(model)
        progbar.set_params(dict(params))
        _print_train_info(train, val)
    model.history = history
    model.stop_training = False
    callback_list.on_train_begin()
    if progbar:
        progbar.on_train_begin()
    for epoch in range(initial_epoch, epochs):
        if model.stop_training:
            break
        compiled.reset()
        epoch_logs = {}
        callback_list.on_epoch_begin(epoch, epoch_logs)
        if progbar:
            progbar.on_epoch_begin(epoch, epoch_logs)
        for step, batch in enumerate(train.epoch(epoch)):
            size = data_adapter.batch_length(batch[1] or batch[0])
            batch_logs = {"batch": step, "size": size}
            callback_list.on_train_batch_begin(step, batch_logs)
            if progbar:
                progbar.on_batch_begin(step, batch_logs)
            values = train_function(model, batch)
            batch_logs.update(zip(names, values))
            callback_list.on_train_batch_end(step, batch_logs)
            if progbar:
                progbar.on_batch_end(step, batch_logs)
            if model.stop_training:
                break
        epoch_logs.update({n: v for n, v in zip(names, values)})
        if val is not None and _validate_now(validation_freq, epoch):
            val_values = run_evaluate(model, val, verbose=0, callbacks=None)
            epoch_logs.update(("val_" + n, v) for n, v in zip(names, _as_list(val_values)))
        callback_list.on_epoch_end(epoch, epoch_logs)
        if progbar:
            progbar.on_epoch_end(epoch, epoch_logs)
    callback_list.on_train_end()
    if progbar:
        progbar.on_train_end()
    return history


def _validate_now(freq, epoch):
    if isinstance(freq, int):
        return (epoch + 1) % freq == 0
    return epoch + 1 in freq


def _print_train_info(train, val):
    if train.samples is not None:
        text = f"Train on {train.samples} samples"
        if val is not None:
            text += f", validate on {val.samples} samples" if val.samples is not None else \
                f", validate for {val.steps} steps"
    else:
        text = f"Train for {train.steps} steps"
        if val is not None:
            text += f", validate for {val.steps} steps"
    print(text)


def run_evaluate(model, data, verbose, callbacks):
    """Loss (batch-size weighted mean) and metrics over `data`; a float or a list."""
    from .. import callbacks as callbacks_module
    compiled = model._compiled
    compiled.reset()
    names = None
    callback_list = callbacks_module.CallbackList(list(callbacks or []))
    callback_list.set_model(model)
    progbar = None
    if verbose == 1:
        progbar = callbacks_module.Progbar(data.samples or data.steps,
                                           unit_name="sample" if data.samples else "step")
    callback_list.on_test_begin()
    loss_total, seen, values = 0.0, 0, None
    for step, (inputs, targets, weights) in enumerate(data.epoch(0)):
        callback_list.on_test_batch_begin(step, {"batch": step})
        values = compiled.test_batch(inputs, targets, weights)
        names = compiled.metrics_names
        size = data_adapter.batch_length(targets or inputs)
        weight = size if data.samples is not None else 1
        loss_total += values[0] * weight
        seen += weight
        callback_list.on_test_batch_end(step, dict(zip(names, values), batch=step, size=size))
        if progbar:
            progbar.update(seen if data.samples else step + 1)
    callback_list.on_test_end()
    if values is None:
        raise ValueError("Empty evaluation data.")
    values[0] = loss_total / seen
    return values[0] if len(values) == 1 else values


def run_predict(model, data, verbose, callbacks):
    from .. import callbacks as callbacks_module
    callback_list = callbacks_module.CallbackList(list(callbacks or []))
    callback_list.set_model(model)
    progbar = None
    if verbose == 1:
        progbar = callbacks_module.Progbar(data.samples or data.steps,
                                           unit_name="sample" if data.samples else "step")
    callback_list.on_predict_begin()
    chunks, seen = None, 0
    for step, (inputs, _, _) in enumerate(data.epoch(0)):
        callback_list.on_predict_batch_begin(step, {"batch": step})
        arrays = predict_batch(model, inputs)
        chunks = [[] for _ in arrays] if chunks is None else chunks
        for chunk, a in zip(chunks, arrays):
            chunk.append(a)
        seen += len(arrays[0])
        callback_list.on_predict_batch_end(step, {"batch": step, "size": len(arrays[0]),
                                                  "outputs": arrays})
        if progbar:
            progbar.update(seen if data.samples else step + 1)
    callback_list.on_predict_end()
    if chunks is None:
        raise ValueError("Empty prediction data.")
    results = [np.concatenate(c) for c in chunks]
    return results[0] if len(results) == 1 else results
