"""`tf.keras.layers.InputSpec` and the input checks a layer runs on every call (TF 1.15's text)."""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops.registry import export


@export("keras.layers.InputSpec", "layers.InputSpec")
class InputSpec:
    """What a layer accepts: dtype, full shape, rank bounds, and fixed sizes of some axes."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None):
        self.dtype = dtypes.as_dtype(dtype).name if dtype is not None else None
        self.shape = shape
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = axes or {}

    def __repr__(self):
        fields = (("dtype", self.dtype), ("shape", self.shape), ("ndim", self.ndim),
                  ("max_ndim", self.max_ndim), ("min_ndim", self.min_ndim), ("axes", self.axes))
        return "InputSpec(%s)" % ", ".join(f"{k}={v}" for k, v in fields if v)


def _shape_of(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        raise TypeError(f"Inputs to a layer should be tensors. Got: {x}")
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raise TF's ValueError when `inputs` (a tensor or a list) do not fit `input_spec`."""
    specs = input_spec if isinstance(input_spec, (list, tuple)) else [input_spec]
    inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    if len(inputs) != len(specs):
        raise ValueError(f"Layer {layer_name} expects {len(specs)} inputs, but it received "
                         f"{len(inputs)} input tensors. Inputs received: {inputs}")
    for index, (x, spec) in enumerate(zip(inputs, specs)):
        if spec is not None:
            _check(spec, _shape_of(x), getattr(x, "dtype", None), index, layer_name)


def _check(spec, shape, dtype, index, layer_name):
    prefix = f"Input {index} of layer {layer_name} is incompatible with the layer: "
    ndim = shape.ndims
    if ndim is None:
        if spec.ndim is not None or spec.min_ndim is not None or spec.max_ndim is not None:
            raise ValueError(prefix + "its rank is undefined, but the layer requires a "
                             "defined rank.")
        return
    if spec.ndim is not None and ndim != spec.ndim:
        raise ValueError(prefix + f"expected ndim={spec.ndim}, found ndim={ndim}. Full shape "
                         f"received: {shape.as_list()}")
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(prefix + f"expected max_ndim={spec.max_ndim}, found ndim={ndim}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        # TF 1.15's message has the doubled ": " too.
        raise ValueError(prefix + f": expected min_ndim={spec.min_ndim}, found ndim={ndim}. "
                         f"Full shape received: {shape.as_list()}")
    if spec.dtype is not None and dtype is not None and dtypes.as_dtype(dtype).name != spec.dtype:
        raise ValueError(prefix + f"expected dtype={spec.dtype}, found dtype={dtype}")
    for axis, value in spec.axes.items():
        if value is not None and shape[int(axis)].value not in (value, None):
            raise ValueError(prefix + f"expected axis {axis} of input shape to have value "
                             f"{value} but received input with shape {shape}")
    if spec.shape is not None:
        for expected, dim in zip(spec.shape, shape.as_list()):
            if expected is not None and dim is not None and expected != dim:
                raise ValueError(f"Input {index} is incompatible with layer {layer_name}: "
                                 f"expected shape={spec.shape}, found shape={shape}")
