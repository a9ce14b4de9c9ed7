"""The `tfe` gradient functions of TF 1.x eager, built on GradientTape.

`gradients_function` / `value_and_gradients_function` differentiate with respect to the
function's arguments (nest them for higher derivatives); `implicit_gradients` /
`implicit_value_and_gradients` with respect to the trainable variables the function reads,
returning `[(gradient, variable), ...]` ready for `apply_gradients`.
"""
import functools
import inspect

from ..framework.convert import to_tensor
from ..ops.registry import export
from .tape import GradientTape


def _param_indices(f, params, nargs):
    if params is None:
        return list(range(nargs))
    names = list(inspect.signature(f).parameters)
    return [names.index(p) if isinstance(p, str) else int(p) for p in params]


def _value_and_grads_of_args(f, params, args, kwargs):
    args = list(args)
    indices = _param_indices(f, params, len(args))
    for i in indices:
        args[i] = to_tensor(args[i])
    with GradientTape() as tape:
        for i in indices:
            tape.watch(args[i])
        value = f(*args, **kwargs)
    return value, tape.gradient(value, [args[i] for i in indices])


@export("contrib.eager.gradients_function")
def gradients_function(f, params=None):
    """A function returning the gradients of `f` with respect to its arguments
    (those named or numbered in `params`; all by default), as a list."""
    @functools.wraps(f)
    def grad_fn(*args, **kwargs):
        return _value_and_grads_of_args(f, params, args, kwargs)[1]
    return grad_fn


@export("contrib.eager.value_and_gradients_function")
def value_and_gradients_function(f, params=None):
    """Like `gradients_function`, returning `(value of f, gradients)`."""
    @functools.wraps(f)
    def value_and_grad_fn(*args, **kwargs):
        return _value_and_grads_of_args(f, params, args, kwargs)
    return value_and_grad_fn


def _implicit(f, args, kwargs):
    with GradientTape() as tape:
        value = f(*args, **kwargs)
    variables = [v for v in tape.watched_variables() if v.trainable]
    if not variables:
        raise ValueError("No trainable variables were accessed while the function was being "
                         "computed.")
    grads = tape.gradient(value, variables)
    return value, list(zip(grads, variables))


@export("contrib.eager.implicit_value_and_gradients")
def implicit_value_and_gradients(f):
    """A function returning `(value of f, [(gradient, variable), ...])` for the trainable
    variables `f` reads."""
    @functools.wraps(f)
    def value_and_grads(*args, **kwargs):
        return _implicit(f, args, kwargs)
    return value_and_grads


@export("contrib.eager.implicit_gradients")
def implicit_gradients(f):
    """A function returning `[(gradient, variable), ...]` for the trainable variables `f` reads."""
    @functools.wraps(f)
    def grads(*args, **kwargs):
        return _implicit(f, args, kwargs)[1]
    return grads
