"""`tf.train.Checkpoint` (`tfe.Checkpoint`): object-based checkpoints as TF 1.15 eager has them.

`save` writes every variable reachable from the checkpoint's objects under the key its first
path makes (`model/dense1/kernel/.ATTRIBUTES/VARIABLE_VALUE`), slots under their variable's
(`.../.OPTIMIZER_SLOT/optimizer/m/...`), and the object graph under
`_CHECKPOINTABLE_OBJECT_GRAPH`. `restore` walks the saved graph from the root, matching
children by name; a value whose object does not exist yet (a layer not built, an optimizer
slot) is assigned when it is created. Every value of a restore is read and checked (dtype,
shape, checksum) before any variable changes, so a failed restore changes nothing.
Differences from TensorFlow: a restore creates the optimizer's non-slot variables
(`beta1_power`) at once, where TF1 creates them at the first step and restores them then.
"""
import collections
import os

import numpy as np

from ..framework import errors
from ..framework.tensor_shape import TensorShape
from ..io import protos
from ..ops.declare import kernel_type_name
from ..ops.registry import export
from ..variables import Variable
from . import bundle, state, tracking

OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
_VALUE = "VARIABLE_VALUE"


def _attribute_key(prefix):
    return f"{prefix}/.ATTRIBUTES/{_VALUE}"


def _full_name(variable):
    return variable.name[:-2] if variable.name.endswith(":0") else variable.name


def value_of(variable):
    """A variable's value for a bundle (a string tensor as an object array of exact bytes)."""
    value = variable.numpy()
    return np.array(value, dtype=object) if variable.dtype.is_string else value


def write_objects(root, file_prefix):
    """Save every variable reachable from `root`, and the object graph, as `file_prefix`."""
    graph = tracking.Graph(root)
    proto = protos.TrackableObjectGraph()
    keys = {}
    for node in range(len(graph.objects)):
        if graph.paths[node] is not None and isinstance(graph.objects[node], Variable):
            keys[node] = _attribute_key(graph.path(node))
    for optimizer_node, references in graph.slots.items():
        for var_node, slot_name, slot_node in references:
            keys[slot_node] = _attribute_key(graph.slot_key(optimizer_node, var_node, slot_name))
    has_values = [node in keys for node in range(len(graph.objects))]
    for node in reversed(range(len(graph.objects))):  # children come after their parent
        if any(has_values[child] for _, child in graph.children[node]) or any(
                has_values[slot] for _, _, slot in graph.slots.get(node, ())):
            has_values[node] = True
    tensors = []
    for node, obj in enumerate(graph.objects):
        entry = proto.nodes.add()
        for name, child in graph.children[node]:
            entry.children.add(node_id=child, local_name=name)
        if node in keys:
            entry.attributes.add(name=_VALUE, full_name=_full_name(obj),
                                 checkpoint_key=keys[node])
            tensors.append((keys[node], value_of(obj)))
        for var_node, slot_name, slot_node in graph.slots.get(node, ()):
            entry.slot_variables.add(original_variable_node_id=var_node, slot_name=slot_name,
                                     slot_variable_node_id=slot_node)
        entry.has_checkpoint_values.value = has_values[node]
    tensors.append((OBJECT_GRAPH_KEY, np.array(proto.SerializeToString(), dtype=object)))
    bundle.write(file_prefix, tensors)
    return file_prefix


def read_values(reader, assignments):
    """The checkpoint's values for `(variable, key)` pairs, every one checked against its
    variable (dtype, shape, checksum) before any is returned."""
    values = []
    for variable, key in assignments:
        if key not in reader.entries:
            raise errors.NotFoundError(None, None, f"Key {key} not found in checkpoint")
        saved = reader.dtype(key)
        if saved is not variable.dtype:
            raise errors.invalid_argument(
                f"tensor_name = {key}; expected dtype {kernel_type_name(variable.dtype)} does "
                f"not equal original dtype {kernel_type_name(saved)}", "RestoreV2")
        shape = TensorShape(reader.shape(key))
        if not variable.shape.is_compatible_with(shape):
            raise ValueError(f"Shapes {variable.shape} and {shape} are incompatible")
        values.append(reader.read(key))
    return values


def assign_all(reader, assignments):
    """Assign every `(variable, key)` its value, or raise and assign none."""
    for (variable, _), value in zip(assignments, read_values(reader, assignments)):
        variable.assign(value)


class Restore:
    """One `restore()` of an object-based checkpoint: which saved nodes found their objects,
    and the restorations still waiting for objects to be created."""

    def __init__(self, reader, proto, root):
        self.reader, self.proto, self.root = reader, proto, root
        self.matched = {}      # node id -> object
        self.slot_waits = {}   # variable node id -> [(optimizer, slot name, slot node id)]

    def run(self):
        self._restore(self.root, 0)

    def restore_deferred(self, obj, node_id):
        """Called when the object for a waiting node is created."""
        if node_id not in self.matched:
            self._restore(obj, node_id)

    def _restore(self, obj, node_id):
        assignments = []
        newly = self._match(obj, node_id, assignments)
        try:
            assign_all(self.reader, assignments)
        except Exception:
            for node in newly:  # nothing changed: the nodes are unmatched again
                self.matched.pop(node, None)
            raise

    def _match(self, obj, node_id, assignments):
        queue, newly = collections.deque([(obj, node_id)]), []
        while queue:
            obj, node_id = queue.popleft()
            if node_id in self.matched:
                continue
            self.matched[node_id] = obj
            newly.append(node_id)
            node = self.proto.nodes[node_id]
            if isinstance(obj, Variable):
                assignments.extend((obj, a.checkpoint_key) for a in node.attributes
                                   if a.name == _VALUE)
            if node.children:
                tracking.prepare(obj)
                live = {}
                for name, child in tracking.dependencies(obj):
                    live.setdefault(name, child)
                for reference in node.children:
                    child = live.get(reference.local_name)
                    if reference.node_id in self.matched:
                        continue
                    if child is None:
                        tracking.defer(obj, reference.local_name, self, reference.node_id)
                    else:
                        queue.append((child, reference.node_id))
            for reference in node.slot_variables:
                self.slot_waits.setdefault(reference.original_variable_node_id, []).append(
                    (obj, reference.slot_name, reference.slot_variable_node_id))
            if not queue:
                self._match_slots(queue)
        return newly

    def _match_slots(self, queue):
        """Create the slots whose optimizer and variable have both been matched."""
        for var_node in [n for n in self.slot_waits if n in self.matched]:
            for optimizer, slot_name, slot_node in self.slot_waits.pop(var_node):
                slot = tracking.make_slot(optimizer, self.matched[var_node], slot_name)
                if slot is not None:
                    queue.append((slot, slot_node))

    def node_names(self):
        """TF's printable names of the saved nodes: `(root).model.dense1.kernel`."""
        names, queue = {0: "(root)"}, collections.deque([0])
        while queue:
            node = queue.popleft()
            for child in self.proto.nodes[node].children:
                if child.node_id not in names:
                    names[child.node_id] = f"{names[node]}.{child.local_name}"
                    queue.append(child.node_id)
        for node_id, node in enumerate(self.proto.nodes):
            for slot in node.slot_variables:
                names[slot.slot_variable_node_id] = (
                    f"{names.get(node_id)}'s state '{slot.slot_name}' for "
                    f"{names.get(slot.original_variable_node_id)}")
        return names


def _unmatched_variables(root, matched):
    found = {id(obj) for obj in matched.values()}
    return [obj for obj in tracking.Graph(root).objects
            if isinstance(obj, Variable) and id(obj) not in found]


class CheckpointLoadStatus:
    """What a restore of an object-based checkpoint matched (TF's `CheckpointLoadStatus`)."""

    def __init__(self, restore):
        self._restore = restore

    def assert_consumed(self):
        """Every saved value found its object, and every object its value."""
        self.assert_existing_objects_matched()
        restore = self._restore
        for node_id, node in enumerate(restore.proto.nodes):
            if node.attributes and node_id not in restore.matched:
                raise AssertionError("Unresolved object in checkpoint {}: {}".format(
                    restore.node_names()[node_id], node))
        if restore.slot_waits:
            raise AssertionError("Unresolved slot restorations: %s" % (restore.slot_waits,))
        return self

    def assert_existing_objects_matched(self):
        """Every variable that exists now got a value from the checkpoint."""
        unused = _unmatched_variables(self._restore.root, self._restore.matched)
        if unused:
            raise AssertionError(
                "Some Python objects were not bound to checkpointed values, likely due to "
                "changes in the Python program: %s" % (unused,))
        return self

    def assert_nontrivial_match(self):
        """Something besides the root object matched."""
        restore = self._restore
        if len(restore.matched) <= 1:
            unused = _unmatched_variables(restore.root, restore.matched)
            if unused:
                raise AssertionError(
                    "Nothing except the root object matched a checkpointed value. Typically "
                    "this means that the checkpoint does not match the Python program. The "
                    "following objects have no matching checkpointed value: %s" % (unused,))
            raise AssertionError("Nothing to load. No dependencies have been added to %s yet."
                                 % (restore.root,))
        return self

    def run_restore_ops(self, session=None):
        """Nothing to run in eager mode: values were assigned by `restore`."""

    def initialize_or_restore(self, session=None):
        """Nothing to run in eager mode."""

    def expect_partial(self):
        """Silence warnings about an incomplete restore; returns the status."""
        return self


class InitializationOnlyStatus:
    """`restore(None)`: nothing is restored; variables keep their initial values."""

    def __init__(self, root):
        self._root = root

    def _fail(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being "
                             "restored.")

    def assert_consumed(self):
        self._fail()

    def assert_existing_objects_matched(self):
        self._fail()

    def assert_nontrivial_match(self):
        self._fail()

    def run_restore_ops(self, session=None):
        raise AssertionError("No checkpoint specified, so no restore ops are available "
                             "(save_path=None to Saver.restore).")

    def initialize_or_restore(self, session=None):
        """Nothing to run in eager mode."""

    def expect_partial(self):
        return self


class NameBasedSaverStatus:
    """A restore from a name-based (`tf.train.Saver`) checkpoint: variables matched by name."""

    def __init__(self, root, restored):
        self._root, self._restored = root, restored

    def assert_consumed(self):
        for obj in tracking.Graph(self._root).objects:
            if isinstance(obj, Variable) and not any(obj is v for v in self._restored):
                raise AssertionError(f"Object not restored: {obj}")
        return self

    assert_existing_objects_matched = assert_nontrivial_match = assert_consumed

    def run_restore_ops(self, session=None):
        """Nothing to run in eager mode."""

    def initialize_or_restore(self, session=None):
        """Nothing to run in eager mode."""

    def expect_partial(self):
        return self


def restore_objects(root, save_path):
    """Restore `root`'s graph from `save_path`; the status of the restore."""
    if save_path is None:
        return InitializationOnlyStatus(root)
    reader = bundle.Reader(save_path)
    if OBJECT_GRAPH_KEY not in reader.entries:
        found = [obj for obj in tracking.Graph(root).objects
                 if isinstance(obj, Variable) and _full_name(obj) in reader.entries]
        assign_all(reader, [(v, _full_name(v)) for v in found])
        return NameBasedSaverStatus(root, found)
    try:
        proto = protos.TrackableObjectGraph.FromString(reader.read(OBJECT_GRAPH_KEY).item())
    except Exception as e:  # noqa: BLE001 (protobuf's DecodeError)
        if isinstance(e, errors.OpError):
            raise
        raise errors.DataLossError(None, None, "Unable to parse the object graph of "
                                   + save_path) from None
    restore = Restore(reader, proto, root)
    restore.run()
    return CheckpointLoadStatus(restore)


def is_trackable(value):
    """Whether a checkpoint can hold `value` (TF's `Trackable`; a bare list is not one)."""
    return isinstance(value, Variable) or (
        not isinstance(value, (list, tuple, dict)) and tracking.described(value))


@export("train.Checkpoint", "contrib.eager.Checkpoint")
class Checkpoint:
    """Groups trackable objects, saving and restoring them together (TF 1.15's `Checkpoint`).

    `Checkpoint(model=model, optimizer=optimizer)`; `save(prefix)` writes `prefix-N` (N the
    `save_counter`) and updates the directory's `checkpoint` file; `write` writes without
    numbering; `restore(path)` returns a status with TF's assertions.
    """

    def __init__(self, **kwargs):
        object.__setattr__(self, "_dependencies", {})
        object.__setattr__(self, "_save_counter", None)
        for name, value in sorted(kwargs.items()):
            if not is_trackable(value):
                raise ValueError(
                    "`Checkpoint` was expecting a trackable object (an object derived from "
                    f"`TrackableBase`), got {value}. If you believe this object should be "
                    "trackable (i.e. it is part of the TensorFlow Python API and manages "
                    "state), please open an issue.")
            setattr(self, name, value)

    def __setattr__(self, name, value):
        if not name.startswith("_") and is_trackable(value):
            self._dependencies[name] = value
            tracking.dependency_added(self, name, value)
        object.__setattr__(self, name, value)

    def _checkpoint_dependencies(self):
        out = list(self._dependencies.items())
        if self._save_counter is not None:
            out.append(("save_counter", self._save_counter))
        return out

    @property
    def save_counter(self):
        """An int64 variable counting `save` calls; numbers the checkpoints."""
        if self._save_counter is None:
            counter = Variable(0, trainable=False, name="save_counter", dtype="int64")
            object.__setattr__(self, "_save_counter", counter)
            tracking.weight_added(self, "save_counter", counter)
        return self._save_counter

    def write(self, file_prefix, session=None):
        """Write a checkpoint at `file_prefix` (no numbering, no state file); returns it."""
        return write_objects(self, os.fspath(file_prefix))

    def save(self, file_prefix, session=None):
        """Write `file_prefix-N` and name it the latest in the directory's state file."""
        self.save_counter.assign_add(1)
        path = self.write("%s-%d" % (os.fspath(file_prefix), self.save_counter.numpy()))
        state.write_state(os.path.dirname(path), path, [path], save_relative_paths=True)
        return path

    def restore(self, save_path):
        """Restore from `save_path` (None: nothing); values for objects not created yet are
        assigned when they are."""
        status = restore_objects(self, save_path)
        self.save_counter  # noqa: B018  (created now, restored if the checkpoint has it)
        return status


def save_weights(model, filepath):
    """Keras `Model.save_weights(filepath)` in TF format: the model is the graph's root, and
    the directory's state file names the checkpoint."""
    path = write_objects(model, os.fspath(filepath))
    state.write_state(os.path.dirname(path), path, [path], save_relative_paths=True)


def load_weights(model, filepath):
    """Keras `Model.load_weights(filepath)` of a TF-format checkpoint; returns the status."""
    return restore_objects(model, os.fspath(filepath))
