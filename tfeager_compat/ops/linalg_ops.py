"""Linear algebra: `tf.linalg` and TF1's root aliases (`tf.matrix_inverse`, `tf.svd`, ...).

Matrices are the last two axes; the others are batch axes. Decompositions follow TF's
conventions: `svd` returns `(s, u, v)` with `v` not transposed, `cholesky` and `eigh` read only
the lower triangle, and solvers reject singular matrices as TF does when run eagerly.

Differences from TensorFlow: singular vectors and eigenvectors may differ in sign (both are
valid decompositions); the "not invertible" errors are raised for eager calls but not for
calls a GradientTape defers.
"""
import collections
import numbers

import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl
from jax import lax
import numpy as np

from ..autodiff.graph import execute
from ..framework import dtypes, errors
from ..framework.convert import is_tensor_like, to_tensor
from .declare import (FLOAT_COMPLEX, FLOATING, NUMERIC, REAL, check_dtype, check_same_dtype,
                      deprecated_alias, kernel_type_name, numpy_types)
from . import array_ops
from .math_ops import abs_kernel, dims_text, reduce_max_kernel, reduction_axes
from .registry import Op, export

_LINALG = numpy_types((dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128))
_LINALG_HALF = _LINALG | numpy_types((dtypes.float16,))
_TRIANGULAR = _LINALG_HALF | numpy_types((dtypes.bfloat16,))

Qr = collections.namedtuple("Qr", ["q", "r"])
LogMatrixDeterminant = collections.namedtuple("LogMatrixDeterminant",
                                              ["sign", "log_abs_determinant"])
Lu = collections.namedtuple("Lu", ["lu", "p"])


# ---- shared pieces -------------------------------------------------------------------------
def _adjoint(a):
    return jnp.conj(jnp.swapaxes(a, -1, -2))


def _upcast_half(kernel):
    """Run `kernel` in float32 for float16 inputs (LAPACK has no half precision)."""
    def wrapped(*arrays, **attrs):
        if arrays[0].dtype != jnp.float16:
            return kernel(*arrays, **attrs)
        out = kernel(*(a.astype(jnp.float32) for a in arrays), **attrs)
        return jax.tree_util.tree_map(
            lambda o: o.astype(jnp.float16) if o.dtype == jnp.float32 else o, out)
    return wrapped


def _invertible(a):
    """TF's test for a singular matrix: a zero (or NaN) pivot in the LU factorisation."""
    lu = lax.linalg.lu(a)[0]
    return jnp.all(jnp.abs(jnp.diagonal(lu, axis1=-2, axis2=-1)) > 0)


def _raise_if_singular(outputs, message, op):
    flag = outputs[1]
    if flag._value is not None and not bool(flag._value):  # deferred by a tape: not checked
        raise errors.invalid_argument(message, op.name)
    return outputs[0]


def _matrix(op, x, allowed, square=True):
    """Convert and check an input matrix (rank >= 2, square unless told) with TF's messages."""
    x = to_tensor(x)
    check_dtype(op, x, allowed)
    if x._rank() < 2:
        raise errors.invalid_argument(f"Input tensor 0 must have rank >= 2, got {x._rank()}",
                                      op.name)
    shape = x._shape_tuple()
    if square and shape[-1] != shape[-2]:
        raise errors.invalid_argument("Input matrix must be square.", op.name)
    return x


def _hermitian_from_lower(a):
    return jnp.tril(a) + _adjoint(jnp.tril(a, -1))


def _cholesky(a):
    # The value reads only the lower triangle (as TF); the gradient is TF's symmetric one.
    symmetric = (a + _adjoint(a)) / 2
    full = symmetric + lax.stop_gradient(_hermitian_from_lower(a) - symmetric)
    return lax.linalg.cholesky(full, symmetrize_input=False)


# ---- inverse and determinants --------------------------------------------------------------
def _inverse(a, adjoint):
    a = _adjoint(a) if adjoint else a
    return jnp.linalg.inv(a), _invertible(a)


_INVERSE = Op("MatrixInverse", _upcast_half(_inverse))


@export("linalg.inv", "matrix_inverse")
def inv(input, adjoint=False, name=None):
    """`tf.linalg.inv`: the inverse of each matrix (of its adjoint if `adjoint`)."""
    x = _matrix(_INVERSE, input, _LINALG_HALF)
    outputs = execute(_INVERSE, (x,), (("adjoint", bool(adjoint)),))
    return _raise_if_singular(outputs, "Input is not invertible.", _INVERSE)


_DETERMINANT = Op("MatrixDeterminant", jnp.linalg.det)


@export("linalg.det", "matrix_determinant")
def det(input, name=None):
    """`tf.linalg.det`: the determinant of each matrix."""
    return execute(_DETERMINANT, (_matrix(_DETERMINANT, input, _LINALG),))


def _slogdet(a):
    sign, log_abs = jnp.linalg.slogdet(a)
    return sign, log_abs.astype(a.dtype)  # TF keeps the input dtype (complex stays complex)


_SLOGDET = Op("LogMatrixDeterminant", _slogdet)


@export("linalg.slogdet")
def slogdet(input, name=None):
    """`tf.linalg.slogdet`: `(sign, log_abs_determinant)` of each matrix."""
    x = _matrix(_SLOGDET, input, _LINALG)
    return LogMatrixDeterminant(*execute(_SLOGDET, (x,)))


def _checked_cholesky(a):
    factor = _cholesky(a)
    return factor, jnp.all(jnp.isfinite(factor))


_CHOLESKY = Op("Cholesky", _checked_cholesky)


@export("linalg.cholesky", "cholesky")
def cholesky(input, name=None):
    """`tf.linalg.cholesky`: the lower factor L of A = L L^H, read from A's lower triangle.

    A matrix that is not positive definite raises TF 1.15's InvalidArgumentError (TF 2's
    kernel returns NaNs instead).
    """
    outputs = execute(_CHOLESKY, (_matrix(_CHOLESKY, input, _LINALG),))
    return _raise_if_singular(
        outputs, "Cholesky decomposition was not successful. The input might not be valid.",
        _CHOLESKY)


def _logdet(a):
    diagonal = jnp.diagonal(_cholesky(a), axis1=-2, axis2=-1)
    return 2 * jnp.sum(jnp.log(jnp.real(diagonal)), axis=-1)


_LOGDET = Op("Cholesky", _logdet)


@export("linalg.logdet")
def logdet(matrix, name=None):
    """`tf.linalg.logdet`: log-determinant of Hermitian positive definite matrices (real)."""
    return execute(_LOGDET, (_matrix(_LOGDET, matrix, _LINALG),))


# ---- decompositions ------------------------------------------------------------------------
def _eigh(a, vectors):
    e, v = jnp.linalg.eigh(_hermitian_from_lower(a), symmetrize_input=False)
    e = e.astype(a.dtype)  # TF: complex input, complex eigenvalues
    return (e, v) if vectors else e


_EIGH = Op("SelfAdjointEigV2", _eigh)


@export("linalg.eigh", "self_adjoint_eig")
def eigh(tensor, name=None):
    """`tf.linalg.eigh`: `(e, v)`, eigenvalues ascending, of the Hermitian matrix whose lower
    triangle is `tensor`'s."""
    x = _matrix(_EIGH, tensor, _LINALG)
    return execute(_EIGH, (x,), (("vectors", True),))


@export("linalg.eigvalsh", "self_adjoint_eigvals")
def eigvalsh(tensor, name=None):
    """`tf.linalg.eigvalsh`: the eigenvalues (ascending) of `eigh`."""
    x = _matrix(_EIGH, tensor, _LINALG)
    return execute(_EIGH, (x,), (("vectors", False),))


_QR = Op("Qr", lambda a, full_matrices: tuple(
    jnp.linalg.qr(a, mode="complete" if full_matrices else "reduced")))


@export("linalg.qr", "qr")
def qr(input, full_matrices=False, name=None):
    """`tf.linalg.qr`: `Qr(q, r)`, Householder signs as in TF (R's diagonal may be negative)."""
    x = _matrix(_QR, input, _LINALG, square=False)
    return Qr(*execute(_QR, (x,), (("full_matrices", bool(full_matrices)),)))


def _svd(a, full_matrices, compute_uv):
    if not compute_uv:
        return jnp.linalg.svd(a, compute_uv=False)
    u, s, vh = jnp.linalg.svd(a, full_matrices=full_matrices)
    return s, u, _adjoint(vh)


_SVD = Op("Svd", _svd)


@export("linalg.svd", "svd")
def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """`tf.linalg.svd`: `(s, u, v)` with `tensor = u @ diag(s) @ adjoint(v)` (v not
    transposed), or `s` alone when not `compute_uv`; `s` is real and descending."""
    x = _matrix(_SVD, tensor, _LINALG, square=False)
    return execute(_SVD, (x,), (("full_matrices", bool(full_matrices)),
                                ("compute_uv", bool(compute_uv))))


def _lu(a, index_type):
    lu, _, permutation = lax.linalg.lu(a)
    return lu, permutation.astype(index_type)


_LU = Op("Lu", _lu)


@export("linalg.lu")
def lu(input, output_idx_type=dtypes.int32, name=None):
    """`tf.linalg.lu`: `Lu(lu, p)`, L (unit diagonal) and U packed, `p` the row permutation."""
    x = _matrix(_LU, input, _LINALG)
    index_type = np.dtype(dtypes.as_dtype(output_idx_type).as_numpy_dtype)
    return Lu(*execute(_LU, (x,), (("index_type", index_type),)))


# ---- solvers -------------------------------------------------------------------------------
def _solve(a, rhs, adjoint):
    a = _adjoint(a) if adjoint else a
    return jnp.linalg.solve(a, rhs), _invertible(a)


_SOLVE = Op("MatrixSolve", _upcast_half(_solve))


@export("linalg.solve", "matrix_solve")
def solve(matrix, rhs, adjoint=False, name=None):
    """`tf.linalg.solve`: X with `matrix @ X = rhs` (`adjoint(matrix)` if `adjoint`).

    Both inputs have the same rank and batch dimensions, as TF requires.
    """
    a, b = to_tensor(matrix), to_tensor(rhs)
    check_same_dtype(_SOLVE, (a, b))
    check_dtype(_SOLVE, a, _LINALG_HALF)
    if a._rank() < 2:
        raise errors.invalid_argument(f"Input tensor 0 must have rank >= 2, got {a._rank()}",
                                      _SOLVE.name)
    sa, sb = a._shape_tuple(), b._shape_tuple()
    if len(sa) != len(sb):
        raise errors.invalid_argument("All input tensors must have the same rank.", _SOLVE.name)
    if sa[:-2] != sb[:-2]:
        raise errors.invalid_argument("All input tensors must have the same outer dimensions.",
                                      _SOLVE.name)
    if sa[-1] != sa[-2]:
        raise errors.invalid_argument("First input (lhs) must be a square matrix.", _SOLVE.name)
    if sb[-2] != sa[-1]:
        raise errors.invalid_argument("Input matrix and rhs are incompatible.", _SOLVE.name)
    outputs = execute(_SOLVE, (a, b), (("adjoint", bool(adjoint)),))
    return _raise_if_singular(outputs, "Input matrix is not invertible.", _SOLVE)


def _triangular_solve(a, b, lower, adjoint):
    batch = jnp.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = jnp.broadcast_to(a, batch + a.shape[-2:])
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    return lax.linalg.triangular_solve(a, b, left_side=True, lower=lower, transpose_a=adjoint,
                                       conjugate_a=adjoint)


_TRIANGULAR_SOLVE = Op("MatrixTriangularSolve", _triangular_solve)


def _triangular_operands(matrix, rhs, lower, adjoint):
    a, b = to_tensor(matrix), to_tensor(rhs)
    op = _TRIANGULAR_SOLVE
    check_same_dtype(op, (a, b))
    check_dtype(op, a, _TRIANGULAR)
    for i, t in enumerate((a, b)):
        if t._rank() < 2:
            raise errors.invalid_argument(f"In[{i}] ndims must be >= 2: {t._rank()}", op.name)
    sa, sb = a._shape_tuple(), b._shape_tuple()
    if sa[-1] != sa[-2]:
        raise errors.invalid_argument(
            f"In[0] matrices in the last dimensions must be square ({sa[-1]} =/= {sa[-2]})",
            op.name)
    try:
        np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        raise errors.invalid_argument(
            f"In[0] and In[1] must have compatible batch dimensions: [{dims_text(sa)}] vs. "
            f"[{dims_text(sb)}]", op.name) from None
    if sa[-1] != sb[-2]:
        raise errors.invalid_argument(
            f"In[0] mismatch In[1] shape: {sa[-1]} vs. {sb[-2]}: [{dims_text(sa)}] "
            f"[{dims_text(sb)}] {int(lower)} {int(adjoint)}", op.name)
    return a, b


@export("linalg.triangular_solve", "matrix_triangular_solve")
def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """`tf.linalg.triangular_solve`: solve with the lower (or upper) triangle of `matrix`.

    The other triangle is ignored; batch dimensions broadcast; a zero on the diagonal gives
    infinities, as in TF.
    """
    a, b = _triangular_operands(matrix, rhs, bool(lower), bool(adjoint))
    return execute(_TRIANGULAR_SOLVE, (a, b), (("lower", bool(lower)),
                                               ("adjoint", bool(adjoint))))


def _cholesky_solve(chol, rhs):
    y = _triangular_solve(chol, rhs, True, False)
    return _triangular_solve(chol, y, True, True)


_CHOLESKY_SOLVE = Op("MatrixTriangularSolve", _cholesky_solve)


@export("linalg.cholesky_solve", "cholesky_solve")
def cholesky_solve(chol, rhs, name=None):
    """`tf.linalg.cholesky_solve`: X with `A X = rhs` given `chol`, A's lower Cholesky factor."""
    a, b = _triangular_operands(chol, rhs, True, False)
    return execute(_CHOLESKY_SOLVE, (a, b))


def _lstsq(a, b, l2, fast):
    if not fast:  # the minimum-norm solution; TF ignores l2_regularizer here too
        return jnp.linalg.pinv(a) @ b
    m, n = a.shape[-2:]
    ah = _adjoint(a)
    if m >= n:  # TF's normal equations, solved by Cholesky
        gram = ah @ a + l2 * jnp.eye(n, dtype=a.dtype)
        return jsl.cho_solve((lax.linalg.cholesky(gram, symmetrize_input=False), True), ah @ b)
    gram = a @ ah + l2 * jnp.eye(m, dtype=a.dtype)
    return ah @ jsl.cho_solve((lax.linalg.cholesky(gram, symmetrize_input=False), True), b)


_LSTSQ = Op("MatrixSolveLs", _lstsq)


@export("linalg.lstsq", "matrix_solve_ls")
def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """`tf.linalg.lstsq`: least-squares X minimising `|matrix X - rhs|^2 + l2 |X|^2`.

    `fast` uses TF's Cholesky solution of the normal equations; `fast=False` gives the
    minimum-norm solution (from the pseudo-inverse).
    """
    a = _matrix(_LSTSQ, matrix, _LINALG, square=False)
    b = to_tensor(rhs)
    check_same_dtype(_MATVEC, (a, b))  # TF's error names MatMul
    if b._rank() < 2:
        raise errors.invalid_argument("In[1] ndims must be >= 2", "MatMul")
    sa, sb = a._shape_tuple(), b._shape_tuple()
    if sa[-2] != sb[-2]:
        raise errors.invalid_argument(
            f"Matrix size-incompatible: In[0]: [{dims_text(sa)}], In[1]: [{dims_text(sb)}]",
            "MatMul")
    l2 = to_tensor(l2_regularizer) if is_tensor_like(l2_regularizer) else \
        to_tensor(l2_regularizer, a.dtype)
    if l2.dtype != a.dtype:
        raise errors.invalid_argument(
            f"cannot compute Mul as input #1(zero-based) was expected to be a "
            f"{kernel_type_name(l2.dtype)} tensor but is a {kernel_type_name(a.dtype)} tensor",
            "Mul")
    return execute(_LSTSQ, (a, b, l2), (("fast", bool(fast)),))


def _pinv(a, rcond):
    return jnp.linalg.pinv(a, rtol=rcond)


_PINV = Op("Pinv", _pinv)


@export("linalg.pinv")
def pinv(a, rcond=None, validate_args=False, name=None):
    """`tf.linalg.pinv`: the Moore-Penrose pseudo-inverse; singular values below
    `rcond * max(s)` count as zero (default `rcond`: 10 * max(m, n) * eps)."""
    a = to_tensor(a)
    if not a.dtype.is_floating:
        raise TypeError(f"Input `a` must have `float`-like `dtype` (saw {a.dtype.name}).")
    a = _matrix(_PINV, a, numpy_types(FLOATING), square=False)
    return execute(_PINV, (a,), (("rcond", None if rcond is None else float(rcond)),))


_EXPM = Op("MatrixExponential", jsl.expm)


@export("linalg.expm")
def expm(input, name=None):
    """`tf.linalg.expm`: the matrix exponential of each matrix."""
    return execute(_EXPM, (_matrix(_EXPM, input, _LINALG),))


# ---- products and reductions of matrices ---------------------------------------------------
def _trace(x):
    return jnp.trace(x, axis1=-2, axis2=-1, dtype=x.dtype)


_TRACE = Op("Trace", _trace)
_NUMERIC = numpy_types(NUMERIC)


@export("linalg.trace", "trace")
def trace(x, name=None):
    """`tf.linalg.trace`: the sum of the main diagonal of each (possibly non-square) matrix."""
    x = to_tensor(x)
    check_dtype(_TRACE, x, _NUMERIC)
    if x._rank() < 2:
        raise errors.invalid_argument(
            f"input must be at least 2-dim, received shape: [{dims_text(x._shape_tuple())}]",
            "MatrixDiagPartV3")
    return execute(_TRACE, (x,))


def _matvec(a, b, adjoint):
    a = _adjoint(a) if adjoint == "adjoint" else jnp.swapaxes(a, -1, -2) if adjoint else a
    return jnp.matmul(a, b[..., None])[..., 0]


_MATVEC = Op("MatMul", _matvec)
_MATVEC_TYPES = numpy_types(NUMERIC - {dtypes.int8, dtypes.uint8, dtypes.int16})


@export("linalg.matvec")
def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """`tf.linalg.matvec`: `a @ b` for a (batch of) matrix `a` and vector `b`."""
    a, b = to_tensor(a), to_tensor(b)
    check_same_dtype(_MATVEC, (a, b))
    check_dtype(_MATVEC, a, _MATVEC_TYPES)
    if a._rank() < 2:
        raise errors.invalid_argument("In[0] ndims must be >= 2", _MATVEC.name)
    if b._rank() < 1:
        raise errors.invalid_argument("In[1] ndims must be >= 2", _MATVEC.name)
    sa, sb = a._shape_tuple(), b._shape_tuple() + (1,)
    inner = sa[-2] if (transpose_a or adjoint_a) else sa[-1]
    if inner != sb[-2]:
        raise errors.invalid_argument(
            f"Matrix size-incompatible: In[0]: [{dims_text(sa)}], In[1]: [{dims_text(sb)}]",
            _MATVEC.name)
    try:
        np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        raise errors.invalid_argument(
            f"In[0] and In[1] must have compatible batch dimensions: [{dims_text(sa)}] vs. "
            f"[{dims_text(sb)}]", _MATVEC.name) from None
    mode = "adjoint" if adjoint_a else "transpose" if transpose_a else ""
    return execute(_MATVEC, (a, b), (("adjoint", mode),))


_CROSS = Op("Cross", jnp.cross)
_REAL = numpy_types(REAL)


@export("linalg.cross", "cross")
def cross(a, b, name=None):
    """`tf.linalg.cross`: cross products of same-shape tensors of 3-element vectors."""
    a, b = to_tensor(a), to_tensor(b)
    check_same_dtype(_CROSS, (a, b))
    check_dtype(_CROSS, a, _REAL)
    sa, sb = a._shape_tuple(), b._shape_tuple()
    if not sa:
        raise errors.invalid_argument(f"Input must be at least 1D[{dims_text(sa)}]", _CROSS.name)
    if sa != sb:
        raise errors.invalid_argument(
            f"Both inputs must be of same shape: [{dims_text(sa)}] vs. [{dims_text(sb)}]",
            _CROSS.name)
    if sa[-1] != 3:
        raise errors.FailedPreconditionError(
            None, None, "Cross-products are only defined for 3-element vectors. [Op:Cross]")
    return execute(_CROSS, (a, b))


# ---- norms ---------------------------------------------------------------------------------
def _norm(x, ord, axis, matrix, keepdims):
    if matrix:
        row, col = axis
        if ord == 2:
            s = jnp.linalg.svd(jnp.moveaxis(x, (row, col), (-2, -1)), compute_uv=False)
            out = jnp.expand_dims(jnp.max(s, axis=-1), tuple(sorted(axis)))
        elif ord in ("euclidean", "fro"):
            out = jnp.sqrt(jnp.sum(x * jnp.conj(x), axis=axis, keepdims=True))
        else:  # 1: the largest column sum; inf: the largest row sum
            inner, outer = (row, col) if ord == 1 else (col, row)
            magnitude = abs_kernel(x)
            sums = jnp.sum(magnitude, axis=inner, keepdims=True, dtype=magnitude.dtype)
            out = reduce_max_kernel(sums, axis=(outer,), keepdims=True)
    elif ord in ("euclidean", 2):
        out = jnp.sqrt(jnp.sum(x * jnp.conj(x), axis=axis, keepdims=True))
    elif ord == 1:
        magnitude = abs_kernel(x)
        out = jnp.sum(magnitude, axis=axis, keepdims=True, dtype=magnitude.dtype)
    elif ord == np.inf:
        out = reduce_max_kernel(abs_kernel(x), axis=axis, keepdims=True)
    else:
        magnitude = abs_kernel(x)
        power = jnp.asarray(ord, magnitude.dtype)
        out = jnp.sum(magnitude ** power, axis=axis, keepdims=True) ** (1 / power)
    return out if keepdims else jnp.squeeze(out, axis)


_NORM = Op("Norm", _norm)
_MATRIX_ORDS = ["euclidean", "fro", 1, 2, np.inf]
_VECTOR_ORDS = ["euclidean", 1, 2, np.inf]
_FLOAT_COMPLEX = numpy_types(FLOAT_COMPLEX)


@export("norm", "linalg.norm")
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):
    """`tf.norm`: a vector norm (`ord` 'euclidean', 1, 2, inf or any p > 0) over all entries or
    one `axis`, or a matrix norm ('euclidean'/'fro', 1, 2, inf) over a pair of axes."""
    keepdims = bool(deprecated_alias(keepdims, keep_dims, "keepdims", "keep_dims"))
    x = to_tensor(tensor)
    matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    axis_message = ("'axis' must be None, an integer, or a tuple of 2 unique integers, got "
                    f"{tuple(axis) if matrix else axis}")
    if matrix:
        if not all(isinstance(a, (int, np.integer)) for a in axis) or axis[0] == axis[1]:
            raise ValueError(axis_message)
        if ord not in _MATRIX_ORDS:
            raise ValueError(f"'ord' must be a supported matrix norm in {_MATRIX_ORDS}, got {ord}")
        axes = tuple(reduction_axes(a, x._rank(), "Sum")[0] for a in axis)
    else:
        if axis is not None and not isinstance(axis, (int, np.integer)):
            raise ValueError(axis_message)
        if ord not in _VECTOR_ORDS and (not isinstance(ord, numbers.Real) or ord <= 0):
            raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
        axes = reduction_axes(axis, x._rank(), "Sum")
    check_dtype(_NORM, x, _NUMERIC)
    if ord in ("euclidean", "fro", 2):
        check_dtype(_NORM, x, _FLOAT_COMPLEX)
    elif not matrix and ord not in (1, np.inf) and x.dtype.is_integer:
        raise TypeError(f"Cannot convert {1 / ord!r} to EagerTensor of dtype {x.dtype.name}")
    ord = ord if isinstance(ord, str) else float(ord)
    return execute(_NORM, (x,), (("ord", ord), ("axis", axes), ("matrix", matrix),
                                 ("keepdims", keepdims)))


@export("linalg.normalize")
def normalize(tensor, ord="euclidean", axis=None, name=None):
    """`tf.linalg.normalize`: `(tensor / norm, norm)`, the norm kept with size-1 axes."""
    tensor = to_tensor(tensor)
    tensor_norm = norm(tensor, ord=ord, axis=axis, keepdims=True)
    return tensor / tensor_norm, tensor_norm


@export("linalg.adjoint")
def adjoint(matrix, name=None):
    """`tf.linalg.adjoint`: the conjugate transpose of the last two axes."""
    return array_ops.matrix_transpose(matrix, conjugate=True)
