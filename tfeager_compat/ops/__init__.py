"""The op table. Importing this package registers every op and public symbol."""
from . import registry  # noqa: F401
from ..framework import exports  # noqa: F401  (dtypes, errors, TensorShape, Tensor)
from ..framework import context  # noqa: F401
from . import math_ops, array_ops, random_ops, linalg_ops, nn_ops, losses  # noqa: F401
from . import image_ops, string_ops, control_flow_ops  # noqa: F401
from . import signal_ops  # noqa: F401  (tf.signal, tf.contrib.signal)
from .. import scopes, variables  # noqa: F401
from . import stateful_random_ops  # noqa: F401  (uses variables)
from ..autodiff import tape, functions, custom_gradient  # noqa: F401
from ..eager import function  # noqa: F401  (tf.function, tfe.defun)
from ..training import optimizer, learning_rate_decay  # noqa: F401
from ..training import gradient_descent, momentum, adam, adagrad, adagrad_da  # noqa: F401
from ..training import rmsprop, adadelta, ftrl, proximal_gradient_descent  # noqa: F401
from ..training import proximal_adagrad, training_util  # noqa: F401
from . import operators  # noqa: F401
from .. import graph_only  # noqa: F401
from .. import initializers, variable_scope, regularizers  # noqa: F401  (use graph_only)
from ..keras import layers as keras_layers  # noqa: F401  (uses initializers)
from ..rnn import rnn_cell_impl, rnn  # noqa: F401  (tf.nn.rnn_cell, tf.nn.dynamic_rnn)
from .. import layers as tf_layers  # noqa: F401  (tf.layers, tf.contrib.layers)
from .. import metrics  # noqa: F401
from ..keras import optimizers as keras_optimizers  # noqa: F401
from ..keras import losses as keras_losses, callbacks, datasets, utils  # noqa: F401
from ..keras import preprocessing  # noqa: F401  (tf.keras.preprocessing)
from ..checkpoint import objects, checkpoint, state, saver, manager  # noqa: F401  (imports io)
from .. import data  # noqa: F401  (tf.data, tf.gfile, tf.io.gfile)
from ..io import records, parsing, csv, images  # noqa: F401  (TFRecords, Examples, CSV, images)
from .. import summary  # noqa: F401  (tf.contrib.summary, tf.Summary, Keras TensorBoard)
from ..distribute import devices  # noqa: F401  (tf.device, tf.config devices, tfe.num_gpus)
from ..distribute import mirrored_strategy  # noqa: F401  (tf.distribute strategies)
from ..platform import tf_logging, flags, app, test, compat, sysconfig  # noqa: F401  (tf.app...)
from ..contrib_eager import network  # noqa: F401  (tfe.Network, TF <= 1.6)
