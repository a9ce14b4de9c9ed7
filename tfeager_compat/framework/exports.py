"""Public names of the framework layer: dtypes, errors, shapes, Tensor, conversion."""
from ..ops.registry import export
from . import convert, dtypes, errors, tensor, tensor_shape

for _d in dtypes.ALL:
    _name = "bool" if _d is dtypes.bool_ else _d.name
    export(_name, f"dtypes.{_name}")(_d)
export("half", "dtypes.half")(dtypes.float16)
export("double", "dtypes.double")(dtypes.float64)
export("DType", "dtypes.DType")(dtypes.DType)
export("as_dtype", "dtypes.as_dtype")(dtypes.as_dtype)

for _name in ("OpError", "CancelledError", "UnknownError", "InvalidArgumentError",
              "DeadlineExceededError", "NotFoundError", "AlreadyExistsError",
              "PermissionDeniedError", "ResourceExhaustedError", "FailedPreconditionError",
              "AbortedError", "OutOfRangeError", "UnimplementedError", "InternalError",
              "UnavailableError", "DataLossError", "UnauthenticatedError", "OK", "CANCELLED",
              "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
              "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
              "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
              "UNAUTHENTICATED"):
    export(f"errors.{_name}")(getattr(errors, _name))

export("TensorShape")(tensor_shape.TensorShape)
export("Dimension")(tensor_shape.Dimension)
export("compat.dimension_value", "dimension_value")(tensor_shape.dimension_value)
export("Tensor")(tensor.Tensor)
export("is_tensor")(tensor.is_tensor)
export("convert_to_tensor")(convert.convert_to_tensor)
