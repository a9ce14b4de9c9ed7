"""Row helpers for the op table: one call declares an op, its TF names and its dtype rule.

    unary("Exp", "exp math.exp", jnp.exp, FLOAT_COMPLEX)
    binary("AddV2", "add math.add", lax.add, NUMERIC | STRING)

Fronts built here convert their inputs with TF's rules, check the dtype rule with TF's error
text, and hand the op to `execute`. Ops with attributes write their front by hand and call
the same checks.
"""
import operator

import numpy as np

from ..autodiff.graph import execute, execute_host
from ..framework import dtypes, errors
from ..framework.convert import binary_operands, is_tensor_like, to_tensor
from .registry import Op, export

FLOATING = dtypes.FLOATING
FLOAT_COMPLEX = dtypes.FLOATING | dtypes.COMPLEX
INTEGER = dtypes.INTEGER
NUMERIC = dtypes.NUMERIC
REAL = dtypes.REAL
BOOL = frozenset((dtypes.bool_,))
ANY = frozenset(dtypes.ALL)

# TF's own names for dtypes in kernel error messages ("expected to be a float tensor").
_KERNEL_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}
# The order in which TF's op definitions list their allowed types.
_TF_ORDER = ("bfloat16", "float16", "float32", "float64", "int8", "int16", "int32", "int64",
             "uint8", "uint16", "uint32", "uint64", "complex64", "complex128", "bool", "string")


def kernel_type_name(dtype):
    return _KERNEL_TYPE_NAMES.get(dtype.name, dtype.name)


def numpy_types(allowed):
    return frozenset(np.dtype(d.as_numpy_dtype) for d in allowed if not d.is_string)


# Op definitions that list their types in another order.
_ORDERS = {"NextAfter": ("float64", "float32"),
           "Pow": ("bfloat16", "float32", "float16", "float64")}


def _in_tf_order(op, allowed_np):
    order = _ORDERS.get(op.name, ()) + _TF_ORDER
    return sorted((dtypes.BY_NUMPY[t] for t in allowed_np), key=lambda d: order.index(d.name))


def check_dtype(op, tensor, allowed_np, signature=None):
    """TF's error for an input whose dtype the op has no kernel for.

    With the op's `signature` ("x:T -> y:T") the message also shows the op definition, as
    TF's does.
    """
    if tensor._aval.dtype not in allowed_np:
        ordered = _in_tf_order(op, allowed_np)
        message = (f"Value for attr 'T' of {kernel_type_name(tensor.dtype)} is not in the list "
                   f"of allowed values: {', '.join(kernel_type_name(d) for d in ordered)}")
        if signature:
            message += (f"\n\t; NodeDef: {{{{node {op.name}}}}}; Op<name={op.name}; signature="
                        f"{signature}; attr=T:type,allowed="
                        f"[{', '.join('DT_' + kernel_type_name(d).upper() for d in ordered)}]>")
        raise errors.invalid_argument(message, op.name)


def check_kernel(op, tensor, missing_np):
    """TF's NotFoundError for a dtype the op accepts but has no CPU kernel for."""
    if tensor._aval.dtype in missing_np:
        raise errors.NotFoundError(None, None, (
            f"Could not find device for node: {{{{node {op.name}}}}} = {op.name}"
            f"[T=DT_{kernel_type_name(tensor.dtype).upper()}] [Op:{op.name}]"))


def check_same_dtype(op, tensors):
    """TF never promotes between tensors: all inputs of a same-type op share one dtype."""
    first = tensors[0]._meta().dtype
    for i, t in enumerate(tensors[1:], 1):
        if t._meta().dtype != first:
            raise errors.invalid_argument(
                f"cannot compute {op.name} as input #{i}(zero-based) was expected to be a "
                f"{kernel_type_name(tensors[0].dtype)} tensor but is a "
                f"{kernel_type_name(t.dtype)} tensor", op.name)


def bool_input(op, value, index):
    """An input of a bool-only op (no type attribute): Python values convert to bool."""
    tensor = to_tensor(value, dtypes.bool_ if not is_tensor_like(value) else None)
    if tensor._aval.dtype != np.bool_:
        raise errors.invalid_argument(
            f"cannot compute {op.name} as input #{index}(zero-based) was expected to be a bool "
            f"tensor but is a {kernel_type_name(tensor.dtype)} tensor", op.name)
    return tensor


def _front(names, front, doc):
    """Name and export a front (no names: a private front for a public function to call)."""
    front.__name__ = front.__qualname__ = names[0].split(".")[-1] if names else "front"
    front.__doc__ = doc
    return export(*names)(front)


def unary(op_name, names, kernel, allowed=NUMERIC, doc=None, no_kernel=frozenset()):
    """Declare an elementwise op of one tensor.

    `no_kernel`: dtypes TF's op definition accepts but no CPU kernel runs (NotFoundError).
    """
    op = Op(op_name, kernel)
    allowed_np = numpy_types(allowed | no_kernel)
    missing_np = numpy_types(no_kernel)
    fast_np = allowed_np - missing_np  # the dtypes that need no further check

    if allowed == BOOL:
        def front(x, name=None):
            return execute(op, (bool_input(op, x, 0),))
    else:
        def front(x, name=None):
            x = to_tensor(x)
            if x._aval.dtype not in fast_np:
                check_dtype(op, x, allowed_np, "x:T -> y:T")
                check_kernel(op, x, missing_np)
            return execute(op, (x,))

    return _front(names.split(), front, doc or f"`tf.{names}`, elementwise.")


def binary(op_name, names, kernel, allowed=NUMERIC, doc=None, host_kernel=None,
           no_kernel=frozenset(), check=None):
    """Declare an elementwise op of two same-dtype tensors (Python scalars adapt).

    `host_kernel` (NumPy) makes the op accept string tensors too; `no_kernel` lists dtypes
    TF's op definition accepts but no CPU kernel runs (NotFoundError); `check(op, x, y)`
    raises TF's error for values its kernel refuses (it runs only for the dtypes
    `check.dtypes` names). Every other dtype costs one set lookup.
    """
    op = Op(op_name, kernel, host_kernel=host_kernel)
    allowed_np = numpy_types(allowed | no_kernel)
    missing_np = numpy_types(no_kernel)
    checked_np = numpy_types(check.dtypes) if check is not None else frozenset()
    fast_np = allowed_np - missing_np - checked_np  # the dtypes that need no further check

    if allowed == BOOL:
        def front(x, y, name=None):
            # TF converts the Python operands (to bool) before it checks the tensors.
            x, y = [v if is_tensor_like(v) else to_tensor(v, dtypes.bool_) for v in (x, y)]
            return execute(op, (bool_input(op, x, 0), bool_input(op, y, 1)))
        return _front(names.split(), front, doc or f"`tf.{names.split()[0]}`, elementwise "
                                                   "with broadcasting.")

    def front(x, y, name=None):
        x, y = binary_operands(x, y)
        dtype = x._aval.dtype
        if y._aval.dtype != dtype:
            check_same_dtype(op, (x, y))
        if dtype not in fast_np:
            if host_kernel is not None and x.dtype.is_string:
                return execute_host(op, (x, y))
            check_dtype(op, x, allowed_np, "x:T, y:T -> z:T")
            check_kernel(op, x, missing_np)
            if dtype in checked_np:
                check(op, x, y)
        return execute(op, (x, y))

    return _front(names.split(), front, doc or f"`tf.{names.split()[0]}`, elementwise "
                                               "with broadcasting.")


def normalize_axis(axis, rank, op_name):
    """A reduction axis argument as a sorted tuple of non-negative ints (None: all axes)."""
    if axis is None:
        return tuple(range(rank))
    if hasattr(axis, "numpy"):
        axis = axis.numpy()
    axes = np.reshape(np.asarray(axis), -1).tolist() if not isinstance(axis, int) else [axis]
    out = []
    for a in axes:
        a = operator.index(a)
        if not -rank <= a < max(rank, 1):
            raise errors.invalid_argument(
                f"Invalid reduction dimension ({a} for input with {rank} dimension(s)",
                op_name)
        out.append(a % rank if rank else 0)
    return tuple(sorted(set(out)))


def deprecated_alias(new_value, old_value, new_name, old_name):
    """TF1's renamed arguments (`keep_dims` -> `keepdims`): at most one may be given."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
        return old_value
    return new_value
