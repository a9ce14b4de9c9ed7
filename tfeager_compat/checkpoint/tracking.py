"""The object graph of object-based checkpoints: dependencies, checkpoint keys, deferred restores.

An object's dependencies are `(local name, object)` pairs, as TF's Trackable lists them. An
object lists its own with a `_checkpoint_dependencies()` method; classes that cannot are
described by a function given to `register` (see `objects.py`). An optimizer's slot variables
(`(variable, slot name, slot)`) come from `_checkpoint_slots()` or a registered function, and
`_checkpoint_make_slot(variable, slot_name)` creates one on demand.

Deferred restore: when a restore finds no object for a checkpointed dependency yet, it waits
in `PENDING` until the owner gains that dependency; creators report new dependencies through
`weight_added` (a weight made by `Layer.add_weight`, Checkpoint's `save_counter`) and
`dependency_added` (an attribute assignment), as TF's `_handle_deferred_dependencies` does.
"""
import collections
import weakref

_DEPENDENCIES = {}  # class -> function(obj) -> [(name, dependency)]
_SLOTS = {}         # class -> (function(obj) -> [(variable, slot name, slot)], make_slot)
_PREPARE = {}       # class -> function(obj): create what a restore is about to assign
# owner -> {name: weight}: the names weights were created under (TF's dependency names).
NAMED = weakref.WeakKeyDictionary()
# owner -> {name: [(restore, node id)]}: checkpointed dependencies waiting for their object.
PENDING = weakref.WeakKeyDictionary()


def register(cls, dependencies=None, slots=None, make_slot=None, prepare=None):
    """Describe `cls`'s dependencies (and, for an optimizer, its slot variables, how to make
    one, and what to create before a restore matches its dependencies)."""
    if dependencies is not None:
        _DEPENDENCIES[cls] = dependencies
    if slots is not None:
        _SLOTS[cls] = (slots, make_slot)
    if prepare is not None:
        _PREPARE[cls] = prepare


def prepare(obj):
    """Let `obj` create the dependencies a restore is about to match."""
    function = _lookup(_PREPARE, obj)
    if function is not None:
        function(obj)


def _lookup(table, obj):
    for cls in type(obj).__mro__:
        found = table.get(cls)
        if found is not None:
            return found
    return None


def described(obj):
    """Whether `obj` lists dependencies (it is a node of the object graph)."""
    return hasattr(type(obj), "_checkpoint_dependencies") or \
        _lookup(_DEPENDENCIES, obj) is not None


def dependencies(obj):
    """`obj`'s dependencies, `[(local name, object)]`, in TF's order."""
    method = getattr(type(obj), "_checkpoint_dependencies", None)
    if method is not None:
        return list(method(obj))
    function = _lookup(_DEPENDENCIES, obj)
    return function(obj) if function is not None else []


def slots(obj):
    """`obj`'s slot variables `[(variable, slot name, slot)]` (an optimizer's)."""
    method = getattr(type(obj), "_checkpoint_slots", None)
    if method is not None:
        return list(method(obj))
    found = _lookup(_SLOTS, obj)
    return found[0](obj) if found is not None else []


def make_slot(obj, variable, slot_name):
    """Create (or get) `obj`'s slot `slot_name` for `variable`; None if it has no such slot."""
    method = getattr(type(obj), "_checkpoint_make_slot", None)
    if method is not None:
        return method(obj, variable, slot_name)
    found = _lookup(_SLOTS, obj)
    return found[1](obj, variable, slot_name) if found is not None else None


def weight_added(owner, name, weight):
    """`owner` created `weight` as its dependency `name` (TF's `_add_variable_with_custom_getter`):
    remember the name, and give it the checkpointed value a restore is waiting with."""
    if name is None:
        return
    NAMED.setdefault(owner, {})[name] = weight
    dependency_added(owner, name, weight)


def dependency_added(owner, name, value):
    """`owner` gained the dependency `name`: restore it if a restore is waiting for it."""
    if not PENDING:
        return
    waiting = PENDING.get(owner)
    if waiting and name in waiting:
        for restore, node_id in waiting.pop(name):
            restore.restore_deferred(value, node_id)


def defer(owner, name, restore, node_id):
    PENDING.setdefault(owner, {}).setdefault(name, []).append((restore, node_id))


def escape(name):
    """TF's escaping of a local name inside a checkpoint key."""
    return name.replace(".", "..").replace("/", ".S")


class Graph:
    """The objects reachable from `root`, numbered breadth-first as TF numbers them, with
    each one's first path (which makes its checkpoint key)."""

    def __init__(self, root):
        self.objects, self.paths, self.children = [root], [()], [[]]
        self.ids = {id(root): 0}
        queue = collections.deque([0])
        while queue:
            node = queue.popleft()
            for name, child in dependencies(self.objects[node]):
                child_id = self.ids.get(id(child))
                if child_id is None:
                    child_id = self.ids[id(child)] = len(self.objects)
                    self.objects.append(child)
                    self.paths.append(self.paths[node] + (name,))
                    self.children.append([])
                    queue.append(child_id)
                self.children[node].append((name, child_id))
        # Slot variables: per optimizer, by slot name, then by the variable's node.
        self.slots = {}  # optimizer node -> [(variable node, slot name, slot node)]
        for node in range(len(self.objects)):
            found = [(name, self.ids[id(var)], slot) for var, name, slot in
                     slots(self.objects[node]) if id(var) in self.ids]
            for name, var_node, slot in sorted(found, key=lambda s: (s[0], s[1])):
                slot_id = self.ids.setdefault(id(slot), len(self.objects))
                if slot_id == len(self.objects):
                    self.objects.append(slot)
                    self.paths.append(None)
                    self.children.append([])
                self.slots.setdefault(node, []).append((var_node, name, slot_id))

    def path(self, node):
        return "/".join(escape(name) for name in self.paths[node])

    def slot_key(self, optimizer_node, var_node, slot_name):
        return (f"{self.path(var_node)}/.OPTIMIZER_SLOT/{self.path(optimizer_node)}/"
                f"{escape(slot_name)}")
