"""The op table: every TF op is one `Op` (kernel + static attributes), every public name one row.

- `Op` holds a pure jax kernel `kernel(*arrays, **attrs)`. Attributes are hashable values
  normalised by the op's front function; each attribute set gets its own cached `jax.jit`.
- `export(*names)` binds a public object to its TF names (`"add"`, `"math.add"`); a name
  registered twice raises. The `tf.*` namespaces are generated from `EXPORTS` (see `api/`).
"""
import functools

import jax

from ..framework import errors

EXPORTS = {}

# TF's ops without a gradient: its NotDifferentiable list and the ops whose gradient function
# answers None. Their outputs do not connect a source to a target, so a tape gives None for
# a source reached only through them (ops that TF differentiates as zero, such as Sign, are
# not here). The one place that decides it for every op of the table.
NOT_DIFFERENTIABLE = frozenset("""
    ArgMax ArgMin Shape ShapeN Rank Size BroadcastArgs BroadcastGradientArgs
    Equal NotEqual ApproximateEqual Less LessEqual Greater GreaterEqual
    LogicalAnd LogicalOr LogicalNot LogicalXor IsNan IsInf IsFinite
    Floor Ceil Round Rint FloorDiv TruncateDiv TruncateMod
    BitwiseAnd BitwiseOr BitwiseXor Invert LeftShift RightShift PopulationCount
    ZerosLike OnesLike Range OneHot Where InvertPermutation UnravelIndex
    Unique UniqueWithCounts Bincount DenseBincount HistogramFixedWidth InTopK InTopKV2
    CountNonzero IsMonotonic ZeroFraction LowerBound UpperBound StopGradient
    RandomStandardNormal TruncatedNormal RandomUniform RandomUniformInt RandomShuffle
    Multinomial RandomPoissonV2 StatelessSeed
    StringJoin StringLength StringStrip StaticRegexReplace StaticRegexFullMatch
    StringToNumber AsString DecodeRaw EncodeBase64 DecodeBase64 Substr
""".split())


def export(*names):
    """Register `obj` under each TF name (relative to `tf`, dotted for namespaces)."""
    def register(obj):
        for name in names:
            if name in EXPORTS:
                raise ValueError(f"tf.{name} is registered twice")
            EXPORTS[name] = obj
        return obj
    return register


class Op:
    """One TF op: its TF op name (for errors), its jax kernel, and its jit and shape caches."""

    __slots__ = ("name", "kernel", "differentiable", "eager_only", "host_kernel", "_jitted",
                 "_avals")

    def __init__(self, name, kernel, differentiable=True, eager_only=False, host_kernel=None):
        self.name = name
        self.kernel = kernel
        # `differentiable=False` is for internal ops that stand for no TF op of their own.
        self.differentiable = differentiable and name not in NOT_DIFFERENTIABLE
        self.eager_only = eager_only  # never deferred by a tape (Python side effects)
        self.host_kernel = host_kernel  # NumPy version, for string tensors (see execute_host)
        self._jitted = {}
        self._avals = {}

    def __repr__(self):
        return f"<Op {self.name}>"

    def jitted(self, attrs):
        fn = self._jitted.get(attrs)
        if fn is None:
            kernel = functools.partial(self.kernel, **dict(attrs)) if attrs else self.kernel
            fn = self._jitted[attrs] = jax.jit(kernel)
        return fn

    def abstract(self, attrs, inputs):
        """Output shapes and dtypes of this op on the Tensors `inputs` (cached; no compute)."""
        if len(inputs) == 2:  # most ops: their key without building a list
            a, b = inputs[0]._aval, inputs[1]._aval
            key = (attrs, a.shape, a.dtype, b.shape, b.dtype)
        elif len(inputs) == 1:
            a = inputs[0]._aval
            key = (attrs, a.shape, a.dtype)
        else:
            key = [attrs]
            for t in inputs:
                key.append(t._aval.shape)
                key.append(t._aval.dtype)
            key = tuple(key)
        out = self._avals.get(key)
        if out is None:
            metas = [t._meta() for t in inputs]
            specs = [jax.ShapeDtypeStruct(m.shape, m.dtype) for m in metas]
            try:
                out = jax.eval_shape(self.jitted(attrs), *specs)
            except (TypeError, ValueError, IndexError) as e:
                raise self.error(e, metas) from None
            self._avals[key] = out
        return out

    def error(self, exc, metas):
        """TF's InvalidArgumentError for a kernel that rejected its inputs."""
        shapes = [errors.shape_text(m.shape) for m in metas]
        reason = str(exc).split("\n")[0]
        if "incompatible shapes for broadcasting" in reason:
            return errors.invalid_argument(f"Incompatible shapes: {' vs. '.join(shapes)}",
                                           self.name)
        return errors.invalid_argument(f"{reason} (input shapes: {', '.join(shapes)})",
                                       self.name)
