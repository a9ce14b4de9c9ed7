"""User functions over dataset elements (`map`, `filter`, ...), applied a block at a time.

TF traces a dataset function once into a graph. Here a function made of TF ops is traced
once per element signature (shapes and dtypes) into a jaxpr, and a block of elements goes
through `jit(vmap(jaxpr))` in one call: a batch of 128 images is one XLA call, not 128.
Block sizes are rounded up to a power of two (at most `CHUNK` rows a call) so a pipeline
compiles only a few sizes.

A function that cannot be traced runs element by element, eagerly: one that needs concrete
values (`tf.py_func`, `.numpy()`, Python branches on tensor values), reads a Variable (TF
reads it at run time), draws random numbers (each element gets its own), or takes or makes
strings. While a function runs, no GradientTape records it, as in TF.
"""
import contextlib

import jax
import jax.extend
import numpy as np

from ..autodiff import graph
from ..framework import dtypes
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..ops import random_ops
from . import structure as st

CHUNK = 1024  # the most elements one vectorised call takes


class _Untraceable(Exception):
    """The function cannot run vectorised (see the module docstring)."""


class _ReadProbe:
    """Stands in for the active tapes while a function is traced: notes Variable reads."""

    _recording = False

    def __init__(self):
        self.read = False

    def _on_variable_read(self, variable):
        self.read = True


@contextlib.contextmanager
def untaped(probe=None):
    tapes = graph.TAPES[:]
    graph.TAPES[:] = [probe] if probe is not None else []
    try:
        yield
    finally:
        graph.TAPES[:] = tapes


def call(fn, element, nesting):
    """`fn` on one element (a nested structure of Tensors), as tf.data calls it: a tuple
    element is unpacked into arguments (a namedtuple or dict is one argument)."""
    value = st.pack(nesting, element)
    return st.normalize(fn(*value) if type(value) is tuple else fn(value))


def _flat_result(result):
    """The leaves of a function's result as Tensors (Python values converted as TF does)."""
    return [leaf if isinstance(leaf, Tensor) else to_tensor(leaf) for leaf in st.flatten(result)]


class UserFunction:
    """`fn` applied to blocks of elements nested as `dataset`'s elements."""

    def __init__(self, fn, dataset):
        self._fn = fn
        self._dataset = dataset
        self._eager = False
        self._traced = {}   # input signature -> (closed jaxpr, output nesting)
        self._calls = {}    # (input signature, rows) -> jitted vmapped call
        self.out_nesting = None  # known once the function has run

    # -- tracing ---------------------------------------------------------------------------------
    def _trace(self, signature):
        entry = self._traced.get(signature)
        if entry is None:
            if any(dtype == object for _, dtype in signature):
                raise _Untraceable
            nest = []

            def flat_fn(*arrays):
                # Values made from constants stay concrete (the shim caches Python numbers
                # as arrays; a traced one must not leak into those caches).
                with jax.ensure_compile_time_eval():
                    result = call(self._fn, [wrap(a) for a in arrays], self._dataset._nesting())
                    leaves = _flat_result(result)
                nest.append(result)
                if any(type(t._array()) is np.ndarray for t in leaves):
                    raise _Untraceable  # a string result
                return [t._array() for t in leaves]

            probe = _ReadProbe()
            draws = random_ops._STATE["calls"]
            try:
                with untaped(probe):
                    closed = jax.make_jaxpr(flat_fn)(
                        *[jax.ShapeDtypeStruct(s, d) for s, d in signature])
            except Exception:  # noqa: BLE001  (anything that needs concrete values)
                raise _Untraceable from None
            if probe.read or random_ops._STATE["calls"] != draws:
                raise _Untraceable
            entry = self._traced[signature] = (closed, nest[0])
            self.out_nesting = nest[0]
        return entry

    def _vectorised(self, signature, size):
        key = (signature, size)
        fn = self._calls.get(key)
        if fn is None:
            closed = self._trace(signature)[0]
            fn = self._calls[key] = jax.jit(jax.vmap(jax.extend.core.jaxpr_as_fun(closed)))
        return fn

    def vectorises(self):
        """Whether the function runs vectorised on every element of the dataset (it
        traces, and the elements' shapes are all known)."""
        specs = self._dataset._flat_specs()
        shapes = [st.shape_of(s) for s in specs]
        if self._eager or any(s is None or None in s for s in shapes):
            return False
        try:
            self._trace(tuple((s, np.dtype(sp.dtype.as_numpy_dtype))
                              for s, sp in zip(shapes, specs)))
        except _Untraceable:
            self._eager = True
            return False
        return True

    # -- application -----------------------------------------------------------------------------
    def apply(self, block):
        """The function's results for every element of `block`: a list of blocks."""
        if not self._eager:
            signature = tuple((a.shape[1:], a.dtype) for a in block)
            try:
                return [self._apply_vectorised(block, signature)]
            except _Untraceable:
                self._eager = True
        return self._apply_eager(block)

    def _apply_vectorised(self, block, signature):
        n = st.rows(block)
        pieces = []
        for start in range(0, n, CHUNK):
            part = st.take_rows(block, start, min(start + CHUNK, n))
            m = st.rows(part)
            size = 1 << (m - 1).bit_length()
            if size != m:
                part = tuple(np.concatenate([a, np.repeat(a[-1:], size - m, axis=0)])
                             for a in part)
            out = self._vectorised(signature, size)(*part)
            pieces.append(tuple(np.asarray(o)[:m] for o in out))
        return st.concat(pieces)

    def _apply_eager(self, block):
        results = []
        with untaped():
            for i in range(st.rows(block)):
                element = [st.element_tensor(a[i, ...]) for a in block]
                result = call(self._fn, element, self._dataset._nesting())
                self.out_nesting = result
                results.append(tuple(np.asarray(t)[None] for t in _flat_result(result)))
        return _group(results)

    # -- static output structure ---------------------------------------------------------------
    def output_structure(self):
        """The specs of the function's results: traced as TF does where the function
        traces; otherwise the dtypes of a call on the first element, with unknown shapes
        (as TF reports for `py_func`)."""
        specs = self._dataset._flat_specs()
        shapes = [st.shape_of(s) for s in specs]
        if not self._eager and all(s is not None for s in shapes):
            stand_ins = [tuple(2 if d is None else d for d in s) for s in shapes]
            try:
                out = self._out_specs(stand_ins, specs)
                if stand_ins != shapes:
                    again = self._out_specs(
                        [tuple(3 if d is None else d for d in s) for s in shapes], specs)
                    out = [(st.merge_shapes(a, b), d) for (a, d), (b, _) in zip(out, again)]
                return st.pack(self.out_nesting, [st.spec(s, d) for s, d in out])
            except _Untraceable:
                self._eager = True
        element = first_element(self._dataset)
        with untaped():
            result = call(self._fn, [st.element_tensor(a) for a in element],
                          self._dataset._nesting())
        self.out_nesting = result
        return st.map_structure(lambda t: st.spec(None, t.dtype)
                                if isinstance(t, Tensor) else st.spec(None, _dtype(t)),
                                result)

    def _out_specs(self, shapes, specs):
        signature = tuple((s, np.dtype(sp.dtype.as_numpy_dtype)) for s, sp in zip(shapes, specs))
        closed = self._trace(signature)[0]
        return [(tuple(a.shape), dtypes.BY_NUMPY[a.dtype]) for a in closed.out_avals]


def first_element(dataset):
    """The first element of `dataset` as a list of host arrays (the spec of a function that
    does not trace comes from a call on it)."""
    block = dataset._reader()(1)
    if block is None:
        raise ValueError("The dataset is empty: the result of its function is unknown")
    return [a[0, ...] for a in block]


def _dtype(value):
    return dtypes.BY_NUMPY[st.to_host(value).dtype]


def _group(results):
    """Per-element results as blocks: consecutive elements of the same shapes stacked."""
    blocks, run = [], []
    for r in results:
        if run and not st.same_shapes(run[-1], r):
            blocks.append(st.concat(run))
            run = []
        run.append(r)
    if run:
        blocks.append(st.concat(run))
    return blocks
