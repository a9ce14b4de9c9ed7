"""TF1's graph-mode APIs as TF 1.x answers them under eager execution.

Placeholders and queue runners raise TF's RuntimeError; a Session can be made but has no graph
to run; initializers are no-ops returning None; the variable collections are empty (eager
variables are not collected) while user collections work as in TF.
"""
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
    training_util._GLOBAL_STEP.clear()
    _COLLECTIONS.clear()
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


# ---- user collections (they work in eager mode too) ---------------------------------------
_COLLECTIONS = {}


@export("add_to_collection")
def add_to_collection(name, value):
    """Append `value` to the collection `name`."""
    _COLLECTIONS.setdefault(name, []).append(value)


@export("add_to_collections")
def add_to_collections(names, value):
    """Append `value` to each named collection."""
    for name in ([names] if isinstance(names, str) else set(names)):
        add_to_collection(name, value)


@export("get_collection_ref")
def get_collection_ref(key):
    """The collection `key` itself (a list, created empty if missing)."""
    return _COLLECTIONS.setdefault(key, [])


@export("get_collection")
def get_collection(key, scope=None):
    """A copy of the collection `key`, filtered to items whose `name` matches `scope`."""
    items = list(_COLLECTIONS.get(key, []))
    if scope is None:
        return items
    pattern = re.compile(scope)
    return [item for item in items
            if isinstance(getattr(item, "name", None), str) and pattern.match(item.name)]
