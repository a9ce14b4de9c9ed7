"""TF1's graph-mode APIs as TF 1.x answers them under eager execution.

Placeholders and queue runners raise TF's RuntimeError; a Session can be made but has no graph
to run; initializers are no-ops returning None; the variable collections are empty (eager
variables are not collected) while user collections work as in TF.
"""
import contextlib
import re

import numpy as np

from .framework import dtypes
from .framework.convert import to_tensor
from .framework.tensor import wrap
from .ops.array_ops import identity
from .ops.registry import export


@export("placeholder")
def placeholder(dtype, shape=None, name=None):
    """Always RuntimeError: there are no placeholders in eager mode."""
    raise RuntimeError("tf.placeholder() is not compatible with eager execution.")


@export("sparse_placeholder")
def sparse_placeholder(dtype, shape=None, name=None):
    """Always RuntimeError: there are no placeholders in eager mode."""
    raise RuntimeError("`sparse_placeholder` is not compatible with eager execution.")


@export("placeholder_with_default")
def placeholder_with_default(input, shape, name=None):
    """In eager mode, the default value itself."""
    return identity(input)


class Session:
    """`tf.Session` under eager execution: it can be made and closed, but its graph is empty,
    so `run` raises TF's RuntimeError."""

    def __init__(self, target="", graph=None, config=None):
        pass

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        raise RuntimeError("The Session graph is empty. Add operations to the graph before "
                           "calling run().")

    def close(self):
        """Nothing to release: the session holds no graph."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


export("Session")(Session)


@export("InteractiveSession")
class InteractiveSession(Session):
    """`tf.InteractiveSession` under eager execution (see `Session`)."""


def _constant_api(name, value, doc):
    """A TF1 function whose eager-mode answer is always `value()`."""
    def api(*args, **kwargs):
        return value()
    api.__name__ = api.__qualname__ = name
    api.__doc__ = doc
    return export(name)(api)


for _name in ("global_variables_initializer", "initialize_all_variables",
              "local_variables_initializer", "initialize_local_variables",
              "variables_initializer", "initialize_variables", "tables_initializer",
              "initialize_all_tables", "assert_variables_initialized"):
    _constant_api(_name, lambda: None,
                  f"`tf.{_name}` in eager mode: variables are initialised on creation; None.")

for _name in ("trainable_variables", "global_variables", "local_variables", "model_variables",
              "all_variables", "moving_average_variables"):
    _constant_api(_name, list, f"`tf.{_name}` in eager mode: eager variables are not "
                               "collected, so [].")


@export("reset_default_graph")
def reset_default_graph():
    """A new default graph, as TF's eager mode still keeps one: the global step, the
    collections and the variable-scope and Keras name counters are forgotten; None."""
    from .keras import backend
    from .training import training_util
    from .variable_scope import reset_scope_names
    if len(_GRAPHS) > 1:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If "
                             "you need a cleared graph, exit the nesting and create a new "
                             "graph.")
    training_util._GLOBAL_STEP.clear()
    _GRAPHS[0] = Graph()
    reset_scope_names()
    backend._NAME_UIDS.clear()
    return None


@export("report_uninitialized_variables")
def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """Eager variables are always initialised: an empty string vector."""
    return wrap(np.empty((0,), dtype=object))


@export("is_variable_initialized")
def is_variable_initialized(variable):
    """Eager variables are always initialised: a True scalar."""
    return to_tensor(True, dtypes.bool_)


@export("train.import_meta_graph")
def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Always RuntimeError: there is no graph to import into in eager mode."""
    raise RuntimeError("Exporting/importing meta graphs is not supported when eager execution "
                       "is enabled. No graph exists when eager execution is enabled.")


@export("train.start_queue_runners")
def start_queue_runners(sess=None, coord=None, daemon=True, start=True, collection=None):
    """Always RuntimeError: queues do not exist in eager mode."""
    raise RuntimeError("Queues are not compatible with eager execution.")


# ---- the default graph and its user collections (they work in eager mode too) -------------
class Graph:
    """`tf.Graph` as eager code meets it: it holds no operations, so lookups by name raise
    TF's KeyError, but its collections, unique names and `as_default` work as in TF.

    Differences from TensorFlow: inside `as_default()` execution stays eager (TF would build
    a graph there, which tfeager_compat does not do)."""

    def __init__(self):
        self._collections = {}
        self._names_in_use = {}
        self.seed = None
        self.finalized = False
        self.version = 0
        self.building_function = False

    def get_operations(self):
        return []

    def get_tensor_by_name(self, name):
        if not isinstance(name, str) or ":" not in name:
            raise ValueError(f"The name {name!r} looks like an (invalid) Operation name, not a "
                             "Tensor. Tensor names must be of the form "
                             '"<op_name>:<output_index>".')
        op_name = name.split(":")[0]
        raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. The "
                       f"operation, {op_name!r}, does not exist in the graph.")

    def get_operation_by_name(self, name):
        raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")

    def finalize(self):
        self.finalized = True

    @contextlib.contextmanager
    def as_default(self):
        _GRAPHS.append(self)
        try:
            yield self
        finally:
            _GRAPHS.remove(self)

    def unique_name(self, name, mark_as_used=True):
        """`name`, or `name_i` with the first unused i; counted case-insensitively, as TF."""
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self._names_in_use:
                key = f"{base}_{i}"
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = f"{name}_{i - 1}"
        return name

    @property
    def collections(self):
        return list(self._collections)

    def get_all_collection_keys(self):
        return [key for key in self._collections if isinstance(key, str)]

    def add_to_collection(self, name, value):
        """Append `value` to the collection `name`."""
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        """Append `value` to each named collection."""
        for name in ([names] if isinstance(names, str) else set(names)):
            self.add_to_collection(name, value)

    def get_collection_ref(self, key):
        """The collection `key` itself (a list, created empty if missing)."""
        return self._collections.setdefault(key, [])

    def get_collection(self, key, scope=None):
        """A copy of the collection `key`, filtered to items whose `name` matches `scope`."""
        items = list(self._collections.get(key, []))
        if scope is None:
            return items
        pattern = re.compile(scope)
        return [item for item in items
                if isinstance(getattr(item, "name", None), str) and pattern.match(item.name)]

    def clear_collection(self, name):
        self._collections.pop(name, None)


export("Graph")(Graph)
_GRAPHS = [Graph()]  # the default graph, then those entered with `as_default`


@export("get_default_graph")
def get_default_graph():
    """The innermost graph entered with `as_default`, else the global default graph."""
    return _GRAPHS[-1]


@export("add_to_collection")
def add_to_collection(name, value):
    """Append `value` to the default graph's collection `name`."""
    get_default_graph().add_to_collection(name, value)


@export("add_to_collections")
def add_to_collections(names, value):
    """Append `value` to each named collection of the default graph."""
    get_default_graph().add_to_collections(names, value)


@export("get_collection_ref")
def get_collection_ref(key):
    """The default graph's collection `key` itself (a list, created empty if missing)."""
    return get_default_graph().get_collection_ref(key)


@export("get_collection")
def get_collection(key, scope=None):
    """A copy of the default graph's collection `key`, filtered by `scope` (a regex)."""
    return get_default_graph().get_collection(key, scope)
