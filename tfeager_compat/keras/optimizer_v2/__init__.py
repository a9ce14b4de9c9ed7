"""The Keras optimizers of TF 1.15 (OptimizerV2), one module each, on `training.optimizer`."""
from . import optimizer_v2, gradient_descent, adam, adamax, nadam, rmsprop  # noqa: F401
from . import adagrad, adadelta, ftrl  # noqa: F401
