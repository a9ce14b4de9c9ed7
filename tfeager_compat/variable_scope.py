"""`tf.get_variable` and `tf.variable_scope` as TF 1.15 runs them under eager execution.

In eager mode TF keeps no variable store: every `get_variable` call creates a new variable
(named from the variable scope, e.g. 'layer1/weights:0'), whatever `reuse` says, so neither
the "already exists" nor the "does not exist" error can happen. Sharing needs an
`EagerVariableStore` (`tf.contrib.eager.EagerVariableStore`): inside `store.as_default()` a name
is created once and then returned (TF's AUTO_REUSE), with TF's shape and dtype checks, and its
variables are added to the global/trainable collections. A variable scope carries defaults
(initializer, regularizer, dtype, custom getter, constraint) down to `get_variable`;
regularization losses go to the 'regularization_losses' collection as TF's do.
"""
import contextlib
import enum
import functools
import inspect

from . import initializers
from .autodiff import graph
from .framework import dtypes
from .framework.convert import to_tensor
from .framework.tensor_shape import TensorShape, as_shape
from .graph_only import add_to_collection, add_to_collections, get_collection
from .ops.registry import export
from .scopes import current_name_scope, name_scope
from .variables import Variable

GLOBAL_VARIABLES = "variables"
TRAINABLE_VARIABLES = "trainable_variables"
LOCAL_VARIABLES = "local_variables"
REGULARIZATION_LOSSES = "regularization_losses"


class _ReuseMode(enum.Enum):
    """The type of `tf.AUTO_REUSE`."""
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE
export("AUTO_REUSE")(AUTO_REUSE)


@contextlib.contextmanager
def _init_scope():
    """TF's init_scope in eager mode: no name scope, and no tape records what runs."""
    tapes = graph.TAPES[:]
    graph.TAPES[:] = []
    try:
        with name_scope(None):
            yield
    finally:
        graph.TAPES[:] = tapes


# ---- the variable store -----------------------------------------------------------------------
class _VariableStore:
    """Variables by full name; only an `EagerVariableStore` keeps them in eager mode."""

    def __init__(self):
        self._vars = {}

    def get_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None, **unused):
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")
        trainable = True if trainable is None else trainable
        kwargs = dict(shape=shape, dtype=dtype, initializer=initializer,
                      regularizer=regularizer, reuse=reuse, trainable=trainable,
                      collections=collections, caching_device=caching_device,
                      partitioner=partitioner, validate_shape=validate_shape,
                      use_resource=True, **unused)
        if custom_getter is None:
            return self._true_getter(name, constraint=constraint, **kwargs)
        if _accepts(custom_getter, "constraint"):
            kwargs["constraint"] = constraint
        return custom_getter(getter=self._true_getter, name=name, **kwargs)

    def _true_getter(self, name, shape=None, dtype=dtypes.float32, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, constraint=None, **unused):
        is_scalar = isinstance(shape, (list, tuple)) and not shape
        if partitioner is not None and not is_scalar:
            if not callable(partitioner):
                raise ValueError(f"Partitioner must be callable, but received: {partitioner}")
            raise NotImplementedError(
                "tf.get_variable(partitioner=...): partitioned variables are not supported "
                "by tfeager_compat")
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = dtypes.as_dtype(dtype)
        shape = as_shape(shape)
        if name in self._vars:
            return self._existing(name, shape, dtype)
        init_value, value_dtype = _initial_value(name, shape, dtype, initializer, from_value)
        with _init_scope():
            variable = Variable(init_value, name=name, trainable=trainable, dtype=value_dtype,
                                validate_shape=validate_shape, constraint=constraint)
        if self is not _NO_STORE:
            self._vars[name] = variable
            if collections:
                add_to_collections(collections, variable)
            else:
                add_to_collection(GLOBAL_VARIABLES, variable)
            if trainable:
                add_to_collection(TRAINABLE_VARIABLES, variable)
        if regularizer:
            with _init_scope():
                loss = regularizer(variable)
            if loss is not None:
                add_to_collection(REGULARIZATION_LOSSES, loss)
        return variable

    def _existing(self, name, shape, dtype):
        found = self._vars[name]
        if not shape.is_compatible_with(found.shape):
            raise ValueError(f"Trying to share variable {name}, but specified shape {shape} "
                             f"and found shape {found.shape}.")
        if dtype is not found.dtype:
            raise ValueError(f"Trying to share variable {name}, but specified dtype "
                             f"{dtype.name} and found dtype {found.dtype.name}.")
        return found


_NO_STORE = _VariableStore()  # eager mode's default: it keeps nothing
_STORES = [_NO_STORE]


def _accepts(fn, arg):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == arg or p.kind is p.VAR_KEYWORD for p in params)


def _needs_no_arguments(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


def _initial_value(name, shape, dtype, initializer, from_value):
    """(initial value or callable, dtype for the Variable) by TF's rules."""
    if initializer is None:
        if dtype.is_floating:
            initializer = initializers.GlorotUniform()
        elif dtype.is_integer or dtype.is_bool or dtype.is_string:
            initializer = initializers.Zeros()
        else:
            raise ValueError(f"An initializer for variable {name} of {dtype} is required")
    elif from_value:
        return initializer, None
    if isinstance(initializer, type):
        initializer = initializer()
    if shape.is_fully_defined():
        dims = shape.as_list()
        return (lambda: initializer(dims, dtype=dtype, partition_info=None)), dtype
    if _needs_no_arguments(initializer):
        return initializer, None
    raise ValueError("The initializer passed is not valid. It should be a callable with no "
                     "arguments and the shape should not be provided or an instance of "
                     "`tf.keras.initializers.*' and `shape` should be fully defined.")


@export("contrib.eager.EagerVariableStore")
class EagerVariableStore:
    """Keeps the variables `tf.get_variable` makes inside `as_default()`, so that a name is
    created once and shared afterwards (TF's AUTO_REUSE)."""

    def __init__(self, store=None):
        if store is not None and store is _NO_STORE:
            raise ValueError("Cannot construct EagerVariableStore from a VariableStore object "
                             "that does not hold eager variables.")
        self._store = store if store is not None else _VariableStore()

    @contextlib.contextmanager
    def as_default(self):
        _STORES.append(self._store)
        try:
            yield
        finally:
            _STORES.remove(self._store)

    def variables(self):
        return sorted(self._store._vars.values(), key=lambda v: v.name)

    def trainable_variables(self):
        return [v for v in self.variables() if v.trainable]

    def non_trainable_variables(self):
        return [v for v in self.variables() if not v.trainable]

    def copy(self):
        """A new store holding copies of this store's variables (same names and values)."""
        new = EagerVariableStore()
        with _init_scope():
            for key, var in self._store._vars.items():
                new._store._vars[key] = Variable(var.read_value(), name=var.name.split(":")[0],
                                                 trainable=var.trainable)
        return new


# ---- variable scopes --------------------------------------------------------------------------
@export("VariableScope")
class VariableScope:
    """The defaults a `variable_scope` gives `get_variable` (TF1's VariableScope, eager mode:
    reuse reads AUTO_REUSE, resource variables always)."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=dtypes.float32,
                 use_resource=None, constraint=None):
        if caching_device is not None:
            raise NotImplementedError("Caching devices is not yet supported when eager "
                                      "execution is enabled.")
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = AUTO_REUSE
        self._caching_device = None
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = True
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self):
        """Mark the scope reusing (it only changes what `reuse` reads in eager mode)."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        if not use_resource:
            raise ValueError("When eager execution is enabled, use_resource cannot be set to "
                             "false.")
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        raise NotImplementedError("Caching devices are not yet supported when eager execution "
                                  "is enabled.")

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        """The items of collection `name` whose names lie in this scope."""
        return get_collection(name, self._name + "/" if self._name else "")

    def trainable_variables(self):
        return self.get_collection(TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None, **kwargs):
        """`get_variable` with this scope's defaults and its name as prefix."""
        regularizer = self._regularizer if regularizer is None else regularizer
        partitioner = self._partitioner if partitioner is None else partitioner
        custom_getter = self._custom_getter if custom_getter is None else custom_getter
        full_name = self._name + "/" + name if self._name else name
        if dtype is not None and initializer is not None and not callable(initializer):
            init_dtype = to_tensor(initializer).dtype
            if init_dtype != dtype:
                raise ValueError(f"Initializer type '{init_dtype}' and explicit dtype "
                                 f"'{dtype}' don't match.")
        initializer = self._initializer if initializer is None else initializer
        constraint = self._constraint if constraint is None else constraint
        dtype = self._dtype if dtype is None else dtype
        # Eager mode: reuse is False without a store, AUTO_REUSE inside an EagerVariableStore.
        reuse = False if var_store is _NO_STORE else AUTO_REUSE
        return var_store.get_variable(
            full_name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, reuse=reuse, trainable=trainable, collections=collections,
            caching_device=caching_device, partitioner=partitioner,
            validate_shape=validate_shape, use_resource=use_resource,
            custom_getter=custom_getter, constraint=constraint, **kwargs)


class _ScopeStore:
    """The current variable scope and how often each scope name was opened (for the
    `default_name` suffixes _1, _2, ...)."""

    def __init__(self):
        self.current = VariableScope(False)
        self.counts = {}

    def open(self, name):
        self.counts[name] = self.counts.get(name, 0) + 1

    def close_subscopes(self, name):
        for key in self.counts:
            if key.startswith(name + "/"):
                self.counts[key] = 0

    def unique_name(self, prefix):
        base = self.current.name + "/" + prefix if self.current.name else prefix
        if not self.counts.get(base):
            return prefix
        index = 1
        while self.counts.get(f"{base}_{index}"):
            index += 1
        return f"{prefix}_{index}"


_SCOPES = _ScopeStore()


def reset_scope_names():
    """Forget how often each scope name was opened, as a new graph does in TF
    (`tf.keras.backend.clear_session`): default names start again at `dense`, `w/Adam`."""
    _SCOPES.counts.clear()


@export("get_variable_scope")
def get_variable_scope():
    """The current `VariableScope`."""
    return _SCOPES.current


def _wrap_custom_getter(custom_getter, old_getter):
    """The inner scope's getter runs first and calls the outer one (TF's composition)."""
    if old_getter is None:
        return custom_getter

    def wrapped(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped


@export("variable_scope")
class variable_scope:
    """`tf.variable_scope`: prefixes `get_variable` names and carries defaults to it; also
    opens a name scope (which prefixes `tf.Variable` names)."""

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None,
                 auxiliary_name_scope=True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None  # TF does not let a scope switch reuse back off
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get "
                            f"{auxiliary_name_scope}")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._reuse = reuse
        self._auxiliary_name_scope = auxiliary_name_scope
        self._settings = dict(initializer=initializer, regularizer=regularizer,
                              caching_device=caching_device, partitioner=partitioner,
                              custom_getter=custom_getter, dtype=dtype,
                              use_resource=use_resource, constraint=constraint)
        self._entered = None

    def _name_scope(self, name):
        if self._auxiliary_name_scope:
            return name_scope(name)
        return name_scope(current_name_scope() or None)

    def __enter__(self):
        scope = self._name_or_scope
        if scope is not None and not isinstance(scope, (VariableScope, str)):
            raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
        if scope is None and self._reuse:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        if isinstance(scope, VariableScope):
            ns = self._name_scope(scope.name.split("/")[-1])
        else:
            ns = self._name_scope(scope if scope is not None else self._default_name)
        ns_name = ns.__enter__()
        try:
            if isinstance(scope, VariableScope):
                new = self._copy_of(scope)
            else:
                name = scope if scope is not None else _SCOPES.unique_name(self._default_name)
                new = self._child(name, ns_name)
        except NotImplementedError:  # a caching device: TF's own cleanup fails with this
            ns.__exit__(None, None, None)
            if isinstance(scope, VariableScope):
                raise
            raise RuntimeError("Improper nesting of variable_scope.") from None
        self._entered = (ns, _SCOPES.current, dict(_SCOPES.counts), new)
        _SCOPES.open(new.name)
        _SCOPES.current = new
        return new

    def _child(self, name, ns_name):
        old = _SCOPES.current
        s = self._settings
        return VariableScope(
            self._reuse or old.reuse, name=old.name + "/" + name if old.name else name,
            initializer=_pick(s["initializer"], old.initializer),
            regularizer=_pick(s["regularizer"], old.regularizer),
            caching_device=s["caching_device"],
            partitioner=_pick(s["partitioner"], old.partitioner),
            custom_getter=_wrap_custom_getter(s["custom_getter"], old.custom_getter)
            if s["custom_getter"] is not None else old.custom_getter,
            name_scope=ns_name, dtype=_pick(s["dtype"], old.dtype),
            constraint=s["constraint"])

    def _copy_of(self, scope):
        s = self._settings
        return VariableScope(
            self._reuse or scope.reuse, name=scope.name,
            initializer=_pick(s["initializer"], scope.initializer),
            regularizer=_pick(s["regularizer"], scope.regularizer),
            caching_device=s["caching_device"],
            partitioner=_pick(s["partitioner"], scope.partitioner),
            custom_getter=_wrap_custom_getter(s["custom_getter"], scope.custom_getter)
            if s["custom_getter"] is not None else scope.custom_getter,
            name_scope=scope.original_name_scope, dtype=_pick(s["dtype"], scope.dtype),
            constraint=s["constraint"])

    def __exit__(self, *exc):
        ns, old, counts, new = self._entered
        if _SCOPES.current is not new:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(self._name_or_scope, VariableScope):
            _SCOPES.counts = counts
        else:
            _SCOPES.close_subscopes(new.name)
        _SCOPES.current = old
        ns.__exit__(*exc)
        return False


def _pick(value, inherited):
    return inherited if value is None else value


@export("variable_op_scope")
def variable_op_scope(values, name_or_scope, default_name=None, initializer=None,
                      regularizer=None, caching_device=None, partitioner=None,
                      custom_getter=None, reuse=None, dtype=None, use_resource=None,
                      constraint=None):
    """Deprecated TF1 form of `variable_scope(name_or_scope, default_name, values, ...)`."""
    return variable_scope(name_or_scope, default_name=default_name, values=values,
                          initializer=initializer, regularizer=regularizer,
                          caching_device=caching_device, partitioner=partitioner,
                          custom_getter=custom_getter, reuse=reuse, dtype=dtype,
                          use_resource=use_resource, constraint=constraint)


# ---- get_variable -----------------------------------------------------------------------------
@export("get_variable")
def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    """A new variable named from the variable scope ('scope/name:0'), or, inside an
    `EagerVariableStore`, the existing one. `initializer` may be an initializer (object or
    class), a callable, or a value (a tensor, NumPy array or Python constant, with no
    `shape=`); the default is glorot_uniform for floats and zeros for ints, bools and strings.
    """
    return _SCOPES.current.get_variable(
        _STORES[-1], name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


@export("get_local_variable")
def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                       trainable=False, collections=None, caching_device=None,
                       partitioner=None, validate_shape=True, use_resource=None,
                       custom_getter=None, constraint=None, synchronization=None,
                       aggregation=None):
    """`get_variable` for a non-trainable variable in the 'local_variables' collection."""
    collections = list(collections or []) + [LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        caching_device=caching_device, partitioner=partitioner,
                        validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint)


@export("no_regularizer")
def no_regularizer(_):
    """A regularizer that turns regularization off for a variable: always None."""
    return None
