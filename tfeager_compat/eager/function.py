"""`tf.function` and `tfe.defun`: a Python function traced once per signature, run as one XLA call.

As TF keys its function cache, a call's signature is the structure of its arguments, the shape
and dtype of each Tensor (NumPy arrays count as Tensors) and the value of every other Python
argument (an unhashable one by identity; a Variable by identity). A new signature traces the
Python function (`trace.stage`): Python side effects happen then, and only then; `tf.print`
prints at every call. Each traced program is one `Op`: run as one jitted call, or recorded by
an outer GradientTape as one op (its gradient is a compiled vjp).

Variables the function reads or assigns are lifted in and out of the program, so assignments,
optimizer steps and batch-norm statistics inside persist. Variables may be created on the first
trace only: a function that creates some is traced twice on its first call (as TF does) and
any later trace that creates one raises TF's ValueError.

Where the function needs the value of a traced tensor in Python (`if tensor:` that AutoGraph
could not convert, `.numpy()`, a NumPy call), it runs eagerly from then on, with one warning
naming the line: never a crash, never a wrong answer.

Differences from TensorFlow: XLA programs have static shapes, so a TensorSpec with unknown
dimensions (or `experimental_relax_shapes`) still traces once per concrete shape.
"""
import functools
import inspect
import os
import traceback
import warnings
import weakref

import jax
import numpy as np

from ..autodiff import graph
from ..framework import dtypes
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor, wrap
from ..ops import random_ops
from ..ops.registry import export
from . import autograph, trace

_TENSOR = object()  # marks a Tensor's place in a signature
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CREATED_ERROR = "tf.function-decorated function tried to create variables on non-first call."


def _leaf_key(leaf):
    try:
        hash(leaf)
        return (type(leaf), leaf)
    except TypeError:
        return (type(leaf), id(leaf))


class ConcreteFunction:
    """One traced program of a Function, for one signature (TF's ConcreteFunction)."""

    def __init__(self, function, staged, signature):
        self._function = function
        self._staged = staged
        self.structured_input_signature = signature

    @property
    def variables(self):
        staged = self._staged
        return list({id(v): v for v in staged.reads + staged.writes}.values())

    @property
    def trainable_variables(self):
        return [v for v in self.variables if v.trainable]

    @property
    def python_function(self):
        return self._function.python_function

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    def _call(self, tensors):
        staged = self._staged
        if not graph.TAPES and not staged.keyed:
            arrays = [t._value for t in tensors]
            for v in staged.reads:
                arrays.append(v._snapshot._value)
            for a in arrays:
                if a is None:  # a pending input (a deferred update): `execute` gathers it
                    break
            else:
                outputs = staged.run(*arrays)
                n = staged.n_results
                for v, value in zip(staged.writes, outputs[n:]):
                    v._snapshot = wrap(value)
                if staged.simple:
                    return wrap(outputs[0]) if n else None
                return trace.results(staged, tuple(map(wrap, outputs[:n])))
        if graph.TAPES:  # a tape watches the trainable variables the program reads
            inputs = tensors + [v._read() for v in staged.reads]
        else:
            inputs = tensors + [v._snapshot for v in staged.reads]
        if staged.keyed:
            inputs.append(random_ops._next_key(None))
        outputs = graph.execute(staged.op, inputs)
        n = staged.n_results
        for v, value in zip(staged.writes, outputs[n:]):
            v._snapshot = value
        return trace.results(staged, outputs)


class Function:
    """A Python function compiled per signature (TF's `def_function.Function`)."""

    def __init__(self, python_function, name=None, input_signature=None, autograph=True,
                 experimental_relax_shapes=False):
        self._python_function = python_function
        self._name = name or getattr(python_function, "__name__", "function")
        self._input_signature = (None if input_signature is None else
                                 tuple(jax.tree_util.tree_leaves(input_signature)))
        self._signature_tree = (None if input_signature is None else
                                jax.tree_util.tree_structure(tuple(input_signature)))
        self._autograph = autograph
        self._relax_shapes = experimental_relax_shapes
        self._cache = {}
        self._tracing_count = 0
        self._created_variables = False
        self._eager = False  # set once a trace needed a traced value in Python
        self._converted = None
        self._bound = weakref.WeakKeyDictionary()
        self._parameters = _parameters(python_function)
        self._fast = {}  # the avals of a call of only Tensors -> ConcreteFunction
        self._fast_arity = (-1 if self._parameters is None or input_signature is not None
                            else len(self._parameters[0]))
        functools.update_wrapper(self, python_function, updated=())

    @property
    def python_function(self):
        """The Python function this Function compiles."""
        return self._python_function

    @property
    def input_signature(self):
        return self._input_signature

    def experimental_get_tracing_count(self):
        """How many times the Python function was traced."""
        return self._tracing_count

    _get_tracing_count = experimental_get_tracing_count

    def __get__(self, instance, owner):
        """A method: one Function per instance (with its own cache), as TF binds them."""
        if instance is None:
            return self
        bound = self._bound.get(instance)
        if bound is None:
            bound = Function(self._python_function.__get__(instance, owner), self._name,
                             self._input_signature, self._autograph, self._relax_shapes)
            if self._input_signature is not None:
                bound._signature_tree = self._signature_tree
            self._bound[instance] = bound
        return bound

    def __repr__(self):
        return f"<tensorflow.python.eager.def_function.Function object at {id(self):#x}>"

    # -- calls ---------------------------------------------------------------------------------
    def _target(self):
        """The function to trace: AutoGraph's conversion of it when `autograph` is on."""
        if self._converted is None:
            self._converted = (autograph.convert(self._python_function) if self._autograph
                               else self._python_function)
        return self._converted

    def __call__(self, *args, **kwargs):
        if graph.TRACES:  # called while another function is traced: part of its program
            return self._target()(*args, **kwargs)
        if self._eager:
            return self._python_function(*args, **kwargs)
        if not kwargs and len(args) == self._fast_arity:  # only Tensors, all given: no tree walk
            try:
                concrete = self._fast.get(tuple([a._aval for a in args]))
            except AttributeError:  # not a Tensor
                concrete = None
            if concrete is not None:
                return concrete._call(list(args))
        key, tensors, args, kwargs = self._signature(args, kwargs)
        concrete = self._cache.get(key)
        if concrete is None:
            concrete = self._trace(key, tensors, args, kwargs)
            if concrete is None:  # fell back to running eagerly
                return self._python_function(*args, **kwargs)
        if len(args) == self._fast_arity and not kwargs and all(
                type(a) is Tensor for a in args):
            self._fast[tuple([a._aval for a in args])] = concrete
        return concrete._call(tensors)

    def get_concrete_function(self, *args, **kwargs):
        """The ConcreteFunction for these arguments (TensorSpecs stand for tensors; none
        needed with an `input_signature`)."""
        if not args and not kwargs and self._input_signature is not None:
            args = jax.tree_util.tree_unflatten(self._signature_tree, self._input_signature)
        args = jax.tree_util.tree_map(_spec_tensor, args, is_leaf=_is_spec)
        kwargs = jax.tree_util.tree_map(_spec_tensor, kwargs, is_leaf=_is_spec)
        key, tensors, args, kwargs = self._signature(args, kwargs)
        concrete = self._cache.get(key)
        if concrete is None:
            concrete = self._trace(key, tensors, args, kwargs)
        if concrete is None:
            raise ValueError(f"{self._name} cannot be traced: it runs eagerly.")
        return concrete

    def _signature(self, args, kwargs):
        """The cache key of a call, its tensor inputs, and the arguments canonicalised."""
        args, kwargs = self._canonical(args, kwargs)
        if self._input_signature is not None:
            args = self._conform(args)
        leaves, treedef = jax.tree_util.tree_flatten((args, kwargs))
        key, tensors = [treedef], []
        for i, leaf in enumerate(leaves):
            if isinstance(leaf, Tensor) or isinstance(leaf, np.ndarray):
                if type(leaf) is not Tensor:
                    leaf = leaves[i] = to_tensor(leaf)
                aval = leaf._aval
                key.append((_TENSOR, aval.shape, aval.dtype))
                tensors.append(leaf)
            else:
                key.append(_leaf_key(leaf))
        if tensors and len(tensors) != len(leaves):
            args, kwargs = jax.tree_util.tree_unflatten(treedef, leaves)
        return tuple(key), tensors, args, kwargs

    def _canonical(self, args, kwargs):
        """Keyword arguments given positionally and defaults filled in, as TF canonicalises
        a call before looking its signature up."""
        parameters = self._parameters
        if parameters is None or (not kwargs and len(args) == len(parameters)):
            return args, kwargs
        names, defaults = parameters
        if len(args) > len(names):
            return args, kwargs  # Python raises the TypeError at the call
        args = list(args)
        kwargs = dict(kwargs)
        for name in names[len(args):]:
            if name in kwargs:
                args.append(kwargs.pop(name))
            elif name in defaults:
                args.append(defaults[name])
            else:
                raise TypeError(f"{self._name}() missing required argument '{name}'")
        return tuple(args), kwargs

    def _conform(self, args):
        """Arguments checked against `input_signature` and converted to its dtypes, with
        TF 1.15's errors."""
        specs = self._input_signature
        signature = jax.tree_util.tree_unflatten(self._signature_tree, specs)
        if len(args) > len(signature):
            raise TypeError("When input_signature is provided, only pass arguments covered by "
                            f"it. Received {len(args)} argument(s).")
        try:
            values = self._signature_tree.flatten_up_to(tuple(args))
        except (TypeError, ValueError):
            raise ValueError("Structure of Python function inputs does not match "
                             "input_signature.") from None
        converted = []
        for value, spec in zip(values, specs):
            try:
                tensor = value if isinstance(value, Tensor) else to_tensor(value, spec.dtype)
            except (TypeError, ValueError):
                raise ValueError("When input_signature is provided, all inputs to the Python "
                                 "function must be convertible to tensors:\n"
                                 + _signature_text(args, signature)) from None
            if tensor.dtype is not spec.dtype or not spec.shape.is_compatible_with(tensor.shape):
                raise ValueError("Python inputs incompatible with input_signature:\n"
                                 + _signature_text(args, signature))
            converted.append(tensor)
        return jax.tree_util.tree_unflatten(self._signature_tree, converted)

    # -- tracing -------------------------------------------------------------------------------
    def _trace(self, key, tensors, args, kwargs):
        leaves, treedef = jax.tree_util.tree_flatten((args, kwargs))
        target = self._target()

        def call(traced):
            it = iter(traced)
            filled = [next(it) if isinstance(leaf, Tensor) else leaf for leaf in leaves]
            a, k = jax.tree_util.tree_unflatten(treedef, filled)
            return target(*a, **k)

        avals = [t._aval for t in tensors]
        try:
            staged = self._stage(call, avals)
            if staged.created:
                if self._tracing_count > 1 or self._created_variables:
                    raise ValueError(_CREATED_ERROR)
                self._created_variables = True
                trace.initial_values(staged, tensors, random_ops._next_key(None))
                for variable, initial in staged.created:
                    variable._snapshot = initial
                staged = self._stage(call, avals)  # again, now reading the new variables
                if staged.created:
                    raise ValueError(_CREATED_ERROR)
        except trace.CONCRETIZATION_ERRORS as e:
            self._fall_back(e)
            return None
        staged.closed = staged.variables = None
        concrete = self._cache[key] = ConcreteFunction(self, staged, (args, kwargs))
        return concrete

    def _stage(self, call, avals):
        self._tracing_count += 1
        return trace.stage(call, avals, f"__inference_{self._name}")

    def _fall_back(self, error):
        """Run eagerly from now on; warn once, naming the user's line that needed a value."""
        self._eager = True
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if not os.path.abspath(f.filename).startswith(_PACKAGE)
                  and "/jax/" not in f.filename and "/jax_" not in f.filename]
        where = f"{frames[-1].filename}:{frames[-1].lineno}: {frames[-1].line}" if frames else (
            self._name)
        warnings.warn(f"{self._name} could not be compiled ({where} needs the value of a "
                      "tensor in Python and AutoGraph could not convert it); it runs eagerly.",
                      RuntimeWarning, stacklevel=3)


def _signature_text(inputs, signature):
    """TF's `format_error_message`."""
    return ("  inputs: (\n    " + ",\n    ".join(str(i) for i in inputs) + ")\n"
            "  input_signature: (\n    " + ",\n    ".join(str(s) for s in signature) + ")")


def _parameters(fn):
    """(positional parameter names, defaults) of a plain signature; None otherwise."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    names, defaults = [], {}
    for p in signature.parameters.values():
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            return None
        names.append(p.name)
        if p.default is not p.empty:
            defaults[p.name] = p.default
    return tuple(names), defaults


def _is_spec(x):
    return hasattr(x, "shape") and hasattr(x, "dtype") and not isinstance(x, (Tensor, np.ndarray)) \
        and not trace.is_variable(x)


def _spec_tensor(x):
    """A placeholder Tensor (zeros) standing for a TensorSpec in `get_concrete_function`."""
    if not _is_spec(x):
        return x
    shape = x.shape.as_list() if hasattr(x.shape, "as_list") else list(x.shape)
    if any(d is None for d in shape):
        raise ValueError(f"get_concrete_function needs fully defined shapes on XLA, got {x}")
    dtype = dtypes.as_dtype(x.dtype)
    return to_tensor(np.zeros(shape, dtype.as_numpy_dtype), dtype)


def _decorate(func, **options):
    if func is None:
        return lambda f: _decorate(f, **options)
    return Function(func, **options)


@export("function")
def function(func=None, input_signature=None, autograph=True,
             experimental_autograph_options=None, experimental_relax_shapes=False,
             experimental_compile=None):
    """`tf.function`: compile `func` once per signature into one XLA call (a decorator, with
    or without arguments, or a call)."""
    return _decorate(func, input_signature=input_signature, autograph=autograph,
                     experimental_relax_shapes=experimental_relax_shapes)


@export("contrib.eager.defun")
def defun(func=None, input_signature=None, autograph=True, experimental_autograph_options=None,
          experimental_relax_shapes=False):
    """`tfe.defun` (TF 1.15's signature): the same compilation as `tf.function`."""
    return _decorate(func, input_signature=input_signature, autograph=autograph,
                     experimental_relax_shapes=experimental_relax_shapes)


export("init_scope")(graph.init_scope)
