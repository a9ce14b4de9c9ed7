"""The data `fit`/`evaluate`/`predict` iterate over, batch by batch, as TF 1.15 accepts it:
NumPy arrays and tensors (single, lists, dicts), `tf.data` datasets, Python generators and
`tf.keras.utils.Sequence`s.

Arrays are sliced and shuffled on the host, then each batch becomes one tensor per array (one
host-to-device copy). Lengths are checked before any step runs, with TF 1.15's messages;
`validation_split` takes the last fraction of the arrays, before shuffling, as TF does.
"""
import numpy as np

from ...framework.convert import to_tensor
from ...framework.tensor import Tensor
from ...variables import Variable


def _is_array(x):
    return isinstance(x, (np.ndarray, Tensor, Variable, list, tuple, dict, float, int)) and \
        not _is_iterator(x)


def _is_iterator(x):
    from ..utils.data_utils import Sequence
    return isinstance(x, Sequence) or (hasattr(x, "__next__") and not isinstance(x, dict)) or (
        hasattr(x, "__iter__") and hasattr(x, "element_spec")) or (
        hasattr(x, "__iter__") and type(x).__name__.endswith("Dataset"))


def _numpy(x):
    if isinstance(x, (Tensor, Variable)):
        return np.asarray(x.numpy())
    return np.asarray(x)


def _flat(x):
    """A list of arrays from one array, a list of them, or a dict (in the model's input order
    when it has names)."""
    if x is None:
        return [], None
    if isinstance(x, dict):
        return [_numpy(v) for v in x.values()], list(x)
    if isinstance(x, (list, tuple)) and x and not isinstance(x[0], (int, float)):
        return [_numpy(v) for v in x], None
    return [_numpy(x)], None


def batch_length(structure):
    first = structure
    while isinstance(first, (list, tuple)):
        first = first[0]
    if isinstance(first, dict):
        first = next(iter(first.values()))
    return int(first.shape[0])


def _check_lengths(inputs, targets, weights):
    """TF 1.15's `check_array_lengths`."""
    set_x = {len(a) for a in inputs}
    set_y = {len(a) for a in targets}
    set_w = {len(a) for a in weights if a is not None}
    if len(set_x) > 1:
        raise ValueError("All input arrays (x) should have the same number of samples. Got "
                         "array shapes: " + str([a.shape for a in inputs]))
    if len(set_y) > 1:
        raise ValueError("All target arrays (y) should have the same number of samples. Got "
                         "array shapes: " + str([a.shape for a in targets]))
    if set_x and set_y and set_x != set_y:
        raise ValueError(f"Input arrays should have the same number of samples as target "
                         f"arrays. Found {set_x.pop()} input samples and {set_y.pop()} target "
                         f"samples.")
    if len(set_w) > 1:
        raise ValueError("All sample_weight arrays should have the same number of samples. Got "
                         "array shapes: " + str([a.shape for a in weights if a is not None]))
    if set_y and set_w and set_y != set_w:
        raise ValueError(f"Sample_weight arrays should have the same number of samples as "
                         f"target arrays. Got {set_y.pop()} input samples and {set_w.pop()} "
                         f"target samples.")


def _class_weights(y, class_weight):
    """Per-sample weights from a `{class: weight}` dict (TF 1.15's `standardize_weights`)."""
    classes = np.argmax(y, axis=1) if y.ndim == 2 and y.shape[1] > 1 else \
        np.reshape(y, (len(y),)).astype(np.int64)
    missing = set(classes.tolist()) - set(class_weight)
    if missing:
        raise ValueError(f"`class_weight` must contain all classes in the data. The classes "
                         f"{missing} exist in the data but not in `class_weight`.")
    return np.asarray([class_weight[c] for c in classes.tolist()], np.float32)


def _check_input_shapes(model, inputs):
    """'Error when checking input' for models whose input shapes are known (TF 1.15)."""
    specs = model._input_specs()
    if specs is None:
        return
    for (name, shape), array in zip(specs, inputs):
        if len(shape) != array.ndim:
            raise ValueError(f"Error when checking input: expected {name} to have "
                             f"{len(shape)} dimensions, but got array with shape "
                             f"{array.shape}")
        for want, got in zip(shape[1:], array.shape[1:]):
            if want is not None and want != got:
                raise ValueError(f"Error when checking input: expected {name} to have shape "
                                 f"{tuple(shape[1:])} but got array with shape "
                                 f"{array.shape[1:]}")


class ArrayData:
    """Arrays split into batches (the last one smaller), shuffled each epoch when asked."""

    def __init__(self, inputs, input_keys, targets, weights, batch_size, shuffle, steps=None):
        self.inputs, self.input_keys = inputs, input_keys
        self.targets, self.weights = targets, weights
        self.samples = len(inputs[0]) if inputs else len(targets[0])
        self.batch_size = batch_size
        self.shuffle = shuffle
        if steps is not None:  # TF 1.x: with `steps` each step takes the whole arrays
            self.batch_size, self.steps, self.samples = self.samples, steps, None
        else:
            self.steps = -(-self.samples // batch_size)

    def _structure(self, arrays):
        tensors = [to_tensor(a) for a in arrays]
        if self.input_keys is not None:
            return dict(zip(self.input_keys, tensors))
        return tensors[0] if len(tensors) == 1 else tensors

    def peek_inputs(self):
        return self._structure([a[:1] for a in self.inputs])

    def epoch(self, epoch):
        n = len(self.inputs[0]) if self.inputs else len(self.targets[0])
        order = None
        if self.shuffle == "batch":
            blocks = np.random.permutation(-(-n // self.batch_size))
            order = np.concatenate([np.arange(b * self.batch_size,
                                              min(n, (b + 1) * self.batch_size))
                                    for b in blocks])
        elif self.shuffle:
            order = np.random.permutation(n)
        for step in range(self.steps):
            if self.samples is None:
                index = slice(None)
            else:
                index = slice(step * self.batch_size, (step + 1) * self.batch_size)
            if order is not None:
                index = order[index]
            yield (self._structure([a[index] for a in self.inputs]),
                   [to_tensor(a[index]) for a in self.targets],
                   [None if w is None else to_tensor(w[index]) for w in self.weights])


class IteratorData:
    """Batches from a dataset (iterated afresh each epoch), a generator or a Sequence."""

    def __init__(self, source, steps, n_outputs, batch_size=None):
        self.source, self.n_outputs = source, n_outputs
        from ..utils.data_utils import Sequence
        self.sequence = isinstance(source, Sequence)
        if steps is None:
            if self.sequence:
                steps = len(source)
            elif hasattr(source, "__next__"):
                raise ValueError("`steps_per_epoch=None` is only valid for a generator based "
                                 "on the `keras.utils.Sequence` class. Please specify "
                                 "`steps_per_epoch` or use the `keras.utils.Sequence` class.")
        self.steps, self.samples, self.batch_size = steps, None, batch_size
        self._iterator = None
        self._peeked = None

    def _new_iterator(self):
        if self.sequence:
            return self._sequence_epoch()
        if hasattr(self.source, "__next__"):  # a generator runs on across epochs
            return self.source
        return iter(self.source)  # a dataset starts again each epoch

    def _sequence_epoch(self):
        for i in range(len(self.source)):
            yield self.source[i]

    def _split(self, item):
        if not isinstance(item, tuple):
            item = (item,)
        x = item[0]
        y = item[1] if len(item) > 1 else None
        w = item[2] if len(item) > 2 else None
        targets = [to_tensor(v) for v in (y if isinstance(y, (list, tuple)) else
                                          [] if y is None else [y])]
        weights = [to_tensor(v) if v is not None else None
                   for v in (w if isinstance(w, (list, tuple)) else [w])]
        weights += [None] * (max(len(targets), 1) - len(weights))
        if isinstance(x, dict):
            x = {k: to_tensor(v) for k, v in x.items()}
        elif isinstance(x, (list, tuple)):
            x = [to_tensor(v) for v in x]
        else:
            x = to_tensor(x)
        return x, targets, weights

    def peek_inputs(self):
        """The first batch's inputs (kept to be the first batch of the first epoch)."""
        if self._peeked is None:
            self._iterator = self._new_iterator()
            self._peeked = self._split(next(self._iterator))
        return self._peeked[0]

    def epoch(self, epoch):
        if self._iterator is None:
            self._iterator = self._new_iterator()
        count = 0
        if self._peeked is not None:
            first, self._peeked = self._peeked, None
            yield first
            count = 1
        while self.steps is None or count < self.steps:
            try:
                item = next(self._iterator)
            except StopIteration:
                break
            yield self._split(item)
            count += 1
        if not hasattr(self.source, "__next__"):
            self._iterator = None
        if self.sequence:
            self.source.on_epoch_end()


def _arrays(model, x, y, sample_weight, class_weight, batch_size, shuffle, steps):
    inputs, keys = _flat(x)
    if keys is not None and model._input_names() is not None:
        missing = [k for k in model._input_names() if k not in keys]
        if missing:
            raise ValueError(f"No data provided for \"{missing[0]}\". Need data for each key "
                             f"in: {model._input_names()}")
        inputs = [_numpy(x[k]) for k in model._input_names()]
        keys = model._input_names()
    targets, target_keys = _flat(y)
    if target_keys is not None and model._output_names() is not None:
        targets = [_numpy(y[k]) for k in model._output_names()]
    weights, _ = _flat(sample_weight)
    weights = weights or [None] * max(len(targets), 1)
    if class_weight is not None and weights[0] is None and targets:
        weights[0] = _class_weights(targets[0], class_weight)
    _check_lengths(inputs, targets, weights)
    _check_input_shapes(model, inputs)
    return inputs, keys, targets, weights


def training_data(model, x, y, sample_weight, class_weight, batch_size, steps_per_epoch,
                  shuffle, validation_split, validation_data, validation_steps, generator):
    """(train data, validation data or None) for `fit`."""
    if _is_iterator(x) or generator:
        if validation_split:
            raise ValueError("If your data is in the form of symbolic tensors, you cannot use "
                             "`validation_split`.")
        if y is not None:
            raise ValueError("`y` argument is not supported when data is a dataset or a "
                             "generator.")
        train = IteratorData(x, steps_per_epoch, None)
    else:
        if steps_per_epoch is not None and batch_size is not None:
            raise ValueError("If steps_per_epoch is set, the `batch_size` must be None.")
        inputs, keys, targets, weights = _arrays(model, x, y, sample_weight, class_weight,
                                                 batch_size, shuffle, steps_per_epoch)
        batch_size = 32 if batch_size is None and steps_per_epoch is None else batch_size
        if validation_split and validation_data is None:
            if not 0.0 < validation_split < 1.0:
                raise ValueError(f"`validation_split` must be between 0 and 1, got "
                                 f"{validation_split}")
            split = int(len(inputs[0]) * (1.0 - validation_split))
            val = ArrayData([a[split:] for a in inputs], keys, [a[split:] for a in targets],
                            [None if w is None else w[split:] for w in weights],
                            batch_size, False)
            inputs, targets = [a[:split] for a in inputs], [a[:split] for a in targets]
            weights = [None if w is None else w[:split] for w in weights]
            return ArrayData(inputs, keys, targets, weights, batch_size, shuffle), val
        train = ArrayData(inputs, keys, targets, weights, batch_size, shuffle, steps_per_epoch)
    return train, validation(model, validation_data, train.batch_size or 32, validation_steps)


def validation(model, data, batch_size, steps):
    if data is None:
        return None
    if _is_iterator(data):
        return IteratorData(data, steps, None)
    if not isinstance(data, tuple) or len(data) not in (2, 3):
        raise ValueError("When passing validation_data, it must contain 2 (x_val, y_val) or 3 "
                         "(x_val, y_val, val_sample_weights) items, however it contains "
                         f"{len(data)} items")
    return evaluation_data(model, data[0], data[1], data[2] if len(data) == 3 else None,
                           batch_size, steps)


def evaluation_data(model, x, y, sample_weight, batch_size, steps):
    """The data of `evaluate` (or `predict` with `y=None`)."""
    if _is_iterator(x):
        return IteratorData(x, steps, None)
    inputs, keys, targets, weights = _arrays(model, x, y, sample_weight, None, batch_size,
                                             False, steps)
    return ArrayData(inputs, keys, targets, weights, 32 if batch_size is None else batch_size,
                     False, steps)
