"""`tf.errors`: TF's exception classes and status codes, with TF's constructor signature."""

OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND = range(6)
(ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED,
 OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED) = range(6, 17)


class OpError(Exception):
    """Base of TF's runtime errors: `OpError(node_def, op, message, error_code)`."""

    error_code = UNKNOWN

    def __init__(self, node_def, op, message, error_code=None, *args):
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message
        if error_code is not None:
            self.error_code = error_code

    def __str__(self):
        return self.message


def _subclass(name, code):
    cls = type(name, (OpError,), {"error_code": code, "__module__": __name__})
    cls.__doc__ = f"TF's `tf.errors.{name}` (status code {code})."
    return cls


CancelledError = _subclass("CancelledError", CANCELLED)
UnknownError = _subclass("UnknownError", UNKNOWN)
InvalidArgumentError = _subclass("InvalidArgumentError", INVALID_ARGUMENT)
DeadlineExceededError = _subclass("DeadlineExceededError", DEADLINE_EXCEEDED)
NotFoundError = _subclass("NotFoundError", NOT_FOUND)
AlreadyExistsError = _subclass("AlreadyExistsError", ALREADY_EXISTS)
PermissionDeniedError = _subclass("PermissionDeniedError", PERMISSION_DENIED)
ResourceExhaustedError = _subclass("ResourceExhaustedError", RESOURCE_EXHAUSTED)
FailedPreconditionError = _subclass("FailedPreconditionError", FAILED_PRECONDITION)
AbortedError = _subclass("AbortedError", ABORTED)
OutOfRangeError = _subclass("OutOfRangeError", OUT_OF_RANGE)
UnimplementedError = _subclass("UnimplementedError", UNIMPLEMENTED)
InternalError = _subclass("InternalError", INTERNAL)
UnavailableError = _subclass("UnavailableError", UNAVAILABLE)
DataLossError = _subclass("DataLossError", DATA_LOSS)
UnauthenticatedError = _subclass("UnauthenticatedError", UNAUTHENTICATED)


def shape_text(shape):
    """A shape as TF's kernels write it in messages: `[2,3]`."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def invalid_argument(message, op_name=None):
    """An InvalidArgumentError worded as TF's eager runtime words it (`... [Op:MatMul]`)."""
    if op_name:
        message = f"{message} [Op:{op_name}]"
    return InvalidArgumentError(None, None, message)


def unsupported(qualified_name):
    """The AttributeError for a TF1 symbol that tfeager_compat does not provide."""
    return AttributeError(f"{qualified_name} is not supported by tfeager_compat")
