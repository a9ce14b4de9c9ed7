"""The global step: `tf.train.get_or_create_global_step` and friends (TF 1.15, eager).

There is one global step per process (TF keeps it in the default graph's collection, and
eager mode has one graph): an int64 scalar, non-trainable Variable named `global_step:0`.
"""
from ..framework import dtypes
from ..framework.tensor import Tensor
from ..ops.registry import export
from ..variables import Variable

_GLOBAL_STEP = []


@export("train.get_global_step")
def get_global_step(graph=None):
    """The global step Variable, or None if none was created yet."""
    return _GLOBAL_STEP[0] if _GLOBAL_STEP else None


@export("train.create_global_step")
def create_global_step(graph=None):
    """Create the global step; a ValueError if it exists already."""
    if _GLOBAL_STEP:
        raise ValueError('"global_step" already exists.')
    step = Variable(0, trainable=False, dtype=dtypes.int64)
    step._name = "global_step:0"  # TF makes it with get_variable: no name scope prefix
    _GLOBAL_STEP.append(step)
    return step


@export("train.get_or_create_global_step")
def get_or_create_global_step(graph=None):
    """The global step, created (0) on the first call."""
    return _GLOBAL_STEP[0] if _GLOBAL_STEP else create_global_step()


@export("train.global_step")
def global_step(sess, global_step_tensor):
    """The value of `global_step_tensor` as a Python int (`sess` is unused in eager mode)."""
    return int(global_step_tensor.numpy())


@export("train.assert_global_step")
def assert_global_step(global_step_tensor):
    """TF's TypeError unless `global_step_tensor` is an integer scalar Variable or Tensor."""
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.' %
                        global_step_tensor)
    if not global_step_tensor.dtype.is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s' %
                        global_step_tensor.dtype)
    if global_step_tensor.shape.ndims != 0:
        raise TypeError('Existing "global_step" is not scalar: %s' % global_step_tensor.shape)
