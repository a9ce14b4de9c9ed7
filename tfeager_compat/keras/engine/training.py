"""`tf.keras.Model` (TF 1.15): subclassed, or a graph of layers (`Model(inputs, outputs)`),
with `compile`/`fit`/`evaluate`/`predict` and the batch and generator variants.

Sub-layers' weights come before the model's own variables; `build(input_shape)` runs `call`
on zeros of that shape (TF builds it in a scratch graph, outside the model's name scope);
`summary()` prints Keras 2.2.4-tf's table. The loops live in `training_loop.py`, the data
handling in `data_adapter.py`, the graph of a functional model in `functional.py`.
"""
import inspect

from ...framework.tensor_shape import TensorShape
from ...ops.registry import export
from ..utils import layer_utils
from . import base_layer, data_adapter, functional, saving, training_loop

_MODEL_KWARGS = frozenset({"name", "trainable", "dtype", "dynamic", "autocast"})


@export("keras.Model", "keras.models.Model")
class Model(base_layer.Layer):
    """A layer meant to be subclassed with `__init__` and `call` (TF's subclassing API)."""

    _children_first = True

    def __init__(self, *args, **kwargs):
        object.__setattr__(self, "_network", None)
        object.__setattr__(self, "_compiled", None)
        if args or "inputs" in kwargs or "outputs" in kwargs:
            inputs = args[0] if args else kwargs.pop("inputs")
            outputs = args[1] if len(args) > 1 else kwargs.pop("outputs")
            for key in kwargs:
                if key not in ("name", "trainable"):
                    raise TypeError("Keyword argument not understood:", key)
            super().__init__(**kwargs)
            object.__setattr__(self, "_network", functional.GraphNetwork(self, inputs,
                                                                         outputs))
            base_layer._changed()
            self.built = True
            return
        for key in kwargs:
            if key not in _MODEL_KWARGS:
                raise TypeError("Keyword argument not understood:", key)
        kwargs.pop("autocast", None)
        super().__init__(**kwargs)

    # -- the graph of a functional model ------------------------------------------------------
    def _sublayers(self):
        if self._network is not None:
            return list(self._network.layers)
        return super()._sublayers()

    def call(self, inputs, training=None, mask=None):
        if self._network is None:
            raise NotImplementedError("When subclassing the `Model` class, you should "
                                      "implement a `call` method.")
        return self._network.run(inputs)

    @property
    def inputs(self):
        return None if self._network is None else list(self._network.inputs)

    @property
    def outputs(self):
        return None if self._network is None else list(self._network.outputs)

    @property
    def input(self):
        return self._network.input_structure if self._network is not None else None

    @property
    def output(self):
        return self._network.output_structure if self._network is not None else None

    @property
    def input_names(self):
        return self._input_names()

    @property
    def output_names(self):
        return self._output_names()

    def _input_names(self):
        if self._network is None:
            return None
        return [layer.name for layer in self._network.input_layers]

    def _output_names(self):
        if self._network is None:
            static = self.__dict__.get("_output")  # a Sequential given an input shape
            return None if static is None or not self.layers else [self.layers[-1].name]
        return [t._keras_history[0].name for t in self._network.outputs]

    def _output_shapes(self):
        if self._network is None:
            return [tuple(self.__dict__["_output"][0])]
        return [tuple(t.shape.as_list()) for t in self._network.outputs]

    def _input_specs(self):
        if self._network is None:
            layer = self.__dict__.get("_input_layer")  # a Sequential given an input shape
            return None if layer is None else [(layer.name, list(layer._batch_input_shape))]
        return [(t._keras_history[0].name, t.shape.as_list()) for t in self._network.inputs]

    def _is_sequential_like(self):
        """TF's test for the short summary table: one node per depth, each with at most one
        inbound layer, and no layer used twice."""
        network = self._network
        if network is None:
            return True
        per_depth = {}
        for node in network.nodes + [layer._inbound_nodes[0] for layer in
                                     network.input_layers]:
            per_depth.setdefault(network.depth_of_node.get(id(node), 0), []).append(node)
        if any(len(nodes) > 1 or len(nodes[0].input_tensors) > 1
               for nodes in per_depth.values()):
            return False
        layers = [node.layer for node in network.nodes]
        return len(set(map(id, layers))) == len(layers)

    def _before_tracking(self):
        raise RuntimeError("It looks like you are subclassing `Model` and you forgot to call "
                           "`super(YourClass, self).__init__()`. Always start with this line.")

    @property
    def layers(self):
        """The tracked sub-layers, in assignment order."""
        return self._sublayers()

    def get_layer(self, name=None, index=None):
        """A sub-layer by name or by index in `layers`."""
        layers = self.layers
        if index is not None:
            if len(layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model "
                                 f"only has {len(layers)} layers.")
            return layers[index]
        if not name:
            raise ValueError("Provide either a layer name or layer index.")
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError("No such layer: " + name)

    @base_layer.default
    def build(self, input_shape):
        """Create the weights by running `call` on zeros of `input_shape` (None dims as 1)."""
        if input_shape is None:
            raise ValueError("Input shape must be defined when calling build on a model "
                             "subclass network.")
        if not isinstance(input_shape, (tuple, list, TensorShape)):
            raise ValueError("Specified input shape is not one of the valid types. Please "
                             "specify a batch input shape of type tuple or list of input "
                             f"shapes. User provided input type: {type(input_shape)}")
        shapes = input_shape
        if isinstance(shapes, (tuple, list)) and shapes and \
                isinstance(shapes[0], (tuple, list, TensorShape)):
            inputs = [base_layer._zeros_for(TensorShape(s), None) for s in shapes]
        else:
            inputs = base_layer._zeros_for(TensorShape(shapes), None)
        training = inspect.signature(type(self).call).parameters.get("training")
        kwargs = {"training": False} if training is not None and \
            training.default is inspect.Parameter.empty else {}
        stack, scoped = base_layer._CALL_STACK, base_layer._SCOPED[0]
        stack.append((self, None))
        base_layer._SCOPED[0] = len(stack)  # TF builds it outside the model's name scope
        try:
            self.call(inputs, **kwargs)
        finally:
            stack.pop()
            base_layer._SCOPED[0] = scoped
        self.built = True

    def _set_inputs(self, inputs, outputs=None, training=None):
        """TF 1.15's hook that sets a subclassed model's inputs from a sample batch: the model
        is called on `inputs` (with `training` when given and `call` takes it), which builds it.

        Differences from TensorFlow: `inputs`/`outputs` stay None (TF sets Keras placeholders).
        """
        if self._network is not None or self.__dict__.get("_inputs_set"):
            raise ValueError("Model inputs are already set.")
        if outputs is None:
            takes = "training" in inspect.signature(type(self).call).parameters
            self(inputs, **({"training": training} if takes and training is not None else {}))
        object.__setattr__(self, "_inputs_set", True)

    # -- training ------------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None,
                sample_weight_mode=None, weighted_metrics=None, target_tensors=None,
                distribute=None, **kwargs):
        """Fix the optimizer (object, tf.train optimizer or name), the loss(es) and metrics."""
        for key in kwargs:
            if key not in ("experimental_run_tf_function", "run_eagerly"):
                raise TypeError("Invalid keyword argument(s) in `compile`: " + str({key}))
        compiled = training_loop.Compiled(self, optimizer, loss, metrics, loss_weights,
                                          weighted_metrics)
        object.__setattr__(self, "_compiled", compiled)
        object.__setattr__(self, "optimizer", compiled.optimizer)
        object.__setattr__(self, "loss", loss)

    def _check_compiled(self):
        if self._compiled is None:
            raise RuntimeError("You must compile your model before training/testing. Use "
                               "`model.compile(optimizer, loss)`.")
        return self._compiled

    @property
    def metrics_names(self):
        """'loss', the per-output losses when there are several outputs, then the metrics."""
        return ["loss"] if self._compiled is None else self._compiled.metrics_names

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0., validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_freq=1, max_queue_size=10, workers=1, use_multiprocessing=False,
            **kwargs):
        """Train for `epochs` epochs; returns the `History`."""
        if kwargs:
            raise TypeError("Unrecognized keyword arguments: " + str(kwargs))
        self._check_compiled()
        return training_loop.run_fit(self, x, y, batch_size, epochs, verbose, callbacks,
                                     validation_split, validation_data, shuffle, class_weight,
                                     sample_weight, initial_epoch, steps_per_epoch,
                                     validation_steps, validation_freq)

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None,
                 steps=None, callbacks=None, max_queue_size=10, workers=1,
                 use_multiprocessing=False):
        """The loss (and metrics: then a list, in `metrics_names` order) over the data."""
        self._check_compiled()
        data = data_adapter.evaluation_data(self, x, y, sample_weight, batch_size, steps)
        return training_loop.run_evaluate(self, data, verbose, callbacks)

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None,
                max_queue_size=10, workers=1, use_multiprocessing=False):
        """The outputs for `x` as NumPy arrays, computed in batches (32 by default)."""
        data = data_adapter.evaluation_data(self, x, None, None, batch_size, steps)
        return training_loop.run_predict(self, data, verbose, callbacks)

    def _one_batch(self, x, y, sample_weight, class_weight=None):
        data = data_adapter.evaluation_data(self, x, y, sample_weight, None, None)
        if class_weight is not None:
            data = data_adapter.ArrayData(
                data.inputs, data.input_keys, data.targets,
                [data_adapter._class_weights(data.targets[0], class_weight)], 1, False)
        data.batch_size, data.steps = data.samples, 1
        return next(data.epoch(0))

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       reset_metrics=True):
        """One training step on one batch: the loss, or [loss, metrics...]."""
        compiled = self._check_compiled()
        values = compiled.train_batch(*self._one_batch(x, y, sample_weight, class_weight))
        if reset_metrics:
            compiled.reset()
        return values[0] if len(values) == 1 else values

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True):
        """The loss (and metrics) of one batch, in inference mode."""
        compiled = self._check_compiled()
        values = compiled.test_batch(*self._one_batch(x, y, sample_weight))
        if reset_metrics:
            compiled.reset()
        return values[0] if len(values) == 1 else values

    def predict_on_batch(self, x):
        """The outputs for one batch, as NumPy arrays."""
        inputs = self._one_batch(x, None, None)[0]
        arrays = training_loop.predict_batch(self, inputs)
        return arrays[0] if len(arrays) == 1 else arrays

    def reset_metrics(self):
        if self._compiled is not None:
            self._compiled.reset()

    @property
    def stateful(self):
        """Whether any sub-layer is stateful (TF's Network.stateful)."""
        return any(getattr(layer, "stateful", False) for layer in self.layers)

    def reset_states(self):
        """Reset the states of the stateful sub-layers (TF's Network.reset_states)."""
        for layer in self.layers:
            if hasattr(layer, "reset_states") and getattr(layer, "stateful", False):
                layer.reset_states()

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1,
                      callbacks=None, validation_data=None, validation_steps=None,
                      validation_freq=1, class_weight=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, shuffle=True, initial_epoch=0):
        """`fit` on batches from a generator or a `Sequence`."""
        self._check_compiled()
        return training_loop.run_fit(self, generator, None, None, epochs, verbose, callbacks,
                                     0., validation_data, shuffle, class_weight, None,
                                     initial_epoch, steps_per_epoch, validation_steps,
                                     validation_freq, generator=True)

    def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                           workers=1, use_multiprocessing=False, verbose=0):
        """`evaluate` on batches from a generator or a `Sequence`."""
        self._check_compiled()
        data = data_adapter.IteratorData(generator, steps, None)
        return training_loop.run_evaluate(self, data, verbose, callbacks)

    def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                          workers=1, use_multiprocessing=False, verbose=0):
        """`predict` on batches from a generator or a `Sequence`."""
        data = data_adapter.IteratorData(generator, steps, None)
        return training_loop.run_predict(self, data, verbose, callbacks)

    # -- persistence (saving.py) ---------------------------------------------------------------
    def save_weights(self, filepath, overwrite=True, save_format=None):
        """TF format (a checkpoint) by default; HDF5 in Keras' layout for `.h5`/`.hdf5`/
        `.keras` paths or `save_format='h5'` (needs h5py)."""
        saving.save_weights(self, filepath, overwrite, save_format)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False):
        """Load `save_weights`' output: a checkpoint (returns its status), or HDF5 by layer
        order or by layer name."""
        return saving.load_weights(self, filepath, by_name, skip_mismatch)

    def save(self, filepath, overwrite=True, include_optimizer=True, save_format=None,
             signatures=None):
        """`tf.keras.models.save_model(self, filepath, ...)`: HDF5, as TF 1.15 writes it."""
        saving.save_model(self, filepath, overwrite, include_optimizer, save_format,
                          signatures)

    def get_config(self):
        """A functional model's layers, nodes, inputs and outputs (a subclassed model has
        no config: NotImplementedError, as in TF)."""
        if self._network is None:
            raise NotImplementedError
        return saving.network_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return saving.model_from_config_of(cls, config, custom_objects)

    def to_json(self, **kwargs):
        """The model's class and config as JSON (`tf.keras.models.model_from_json` reads it)."""
        return saving.to_json(self, **kwargs)

    def summary(self, line_length=None, positions=None, print_fn=None):
        """Print the table of layers, output shapes and parameter counts (Keras 2.2.4-tf)."""
        if not self.built:
            raise ValueError("This model has not yet been built. Build the model first by "
                             "calling `build()` or calling `fit()` with some data, or specify "
                             "an `input_shape` argument in the first layer(s) for automatic "
                             "build.")
        layer_utils.print_summary(self, line_length, positions, print_fn)
