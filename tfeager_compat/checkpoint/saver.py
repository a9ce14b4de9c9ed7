"""Name-based checkpoints and checkpoint reading, as TF 1.15 eager has them.

`tf.train.Saver(var_list)` / `tfe.Saver(var_list)` save each variable under its name
(`scope/v`, no `:0`); `tf.train.list_variables`, `load_checkpoint` / `NewCheckpointReader`
read any checkpoint; `init_from_checkpoint` assigns variables from one;
`tfe.restore_variables_on_create(path)` gives variables created in its block their
checkpointed values.
"""
import contextlib
import os

from ..framework import errors
from ..ops.registry import export
from ..variables import ON_CREATE, Variable
from . import bundle, state
from .checkpoint import assign_all, value_of


def _checkpoint_path(ckpt_dir_or_file):
    if os.path.isdir(ckpt_dir_or_file):
        latest = state.latest_checkpoint(ckpt_dir_or_file)
        if latest is None:
            raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given "
                             f"directory {ckpt_dir_or_file}")
        return latest
    return ckpt_dir_or_file


class CheckpointReader:
    """Reads tensors out of a checkpoint by key (TF's `CheckpointReader`)."""

    def __init__(self, filepattern):
        self._reader = bundle.Reader(os.fspath(filepattern))

    def has_tensor(self, tensor_str):
        return tensor_str in self._reader.entries

    def get_tensor(self, tensor_str):
        """The tensor `tensor_str` as a NumPy array (a string scalar as `bytes`)."""
        if tensor_str not in self._reader.entries:
            raise errors.NotFoundError(None, None, f"Key {tensor_str} not found in checkpoint")
        value = self._reader.read(tensor_str)
        return value.item() if value.dtype == object and not value.shape else value

    def get_variable_to_shape_map(self):
        return {key: self._reader.shape(key) for key in self._reader.entries}

    def get_variable_to_dtype_map(self):
        return {key: self._reader.dtype(key) for key in self._reader.entries}

    def debug_string(self):
        """One line per tensor: `name (dtype) [shape]`, sorted by name."""
        reader = self._reader
        return b"".join(f"{k} ({reader.dtype(k).name}) {reader.shape(k)}\n".encode()
                        for k in sorted(reader.entries))


@export("train.NewCheckpointReader")
def NewCheckpointReader(filepattern):  # noqa: N802 (TF's name)
    """A `CheckpointReader` for the checkpoint prefix `filepattern`."""
    return CheckpointReader(filepattern)


@export("train.load_checkpoint")
def load_checkpoint(ckpt_dir_or_file):
    """A `CheckpointReader` for a checkpoint prefix, or a directory's latest checkpoint."""
    return CheckpointReader(_checkpoint_path(ckpt_dir_or_file))


@export("train.load_variable")
def load_variable(ckpt_dir_or_file, name):
    """The value of `name` in the checkpoint (a trailing `:0` is ignored)."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


@export("train.list_variables")
def list_variables(ckpt_dir_or_file):
    """`[(name, shape)]` of every tensor in the checkpoint, sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


@export("train.init_from_checkpoint")
def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Assign checkpointed tensors to variables: `{checkpoint name: Variable}` (or a list of
    Variables, the partitions of one tensor, which TF 1.15 eager keeps in no store).

    Differences from TensorFlow: eager TF 1.15 keeps no variable store, so names in
    `assignment_map` values (`'scope/'`) cannot be looked up; pass the variables themselves.
    """
    reader = load_checkpoint(ckpt_dir_or_file)._reader
    items = assignment_map.items() if isinstance(assignment_map, dict) else assignment_map
    pairs = []
    for tensor_name, target in items:
        variables = target if isinstance(target, (list, tuple)) else [target]
        for variable in variables:
            if not isinstance(variable, Variable):
                raise ValueError(f"Variable {target} is not found: TF 1.15 eager keeps no "
                                 "variable store; pass the Variable itself")
            if tensor_name not in reader.entries:
                raise ValueError(f"Tensor {tensor_name} is not found in {ckpt_dir_or_file} "
                                 "checkpoint")
            pairs.append((variable, tensor_name))
    assign_all(reader, pairs)


def _names(var_list):
    if isinstance(var_list, dict):
        return list(var_list.items())
    named, seen = [], set()
    for variable in var_list:
        name = variable.name[:-2] if variable.name.endswith(":0") else variable.name
        if name in seen:
            raise ValueError(f"At least two variables have the same name: {name}")
        seen.add(name)
        named.append((name, variable))
    return named


@export("train.Saver")
class Saver:
    """TF1's name-based saver in eager mode: `var_list` is required; checkpoints beyond
    `max_to_keep` are deleted, oldest first."""

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        if var_list is None:
            raise RuntimeError("When eager execution is enabled, `var_list` must specify a "
                               "list or dict of variables to save")
        self._var_list = _names(var_list)
        self._max_to_keep = max_to_keep
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._last = []

    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False):
        """Write the variables to `save_path[-global_step]`; returns that path."""
        save_path = os.fspath(save_path)
        if global_step is not None:
            step = int(global_step.numpy() if hasattr(global_step, "numpy") else global_step)
            save_path = ("%s-%08d" if self._pad_step_number else "%s-%d") % (save_path, step)
        bundle.write(save_path, [(name, value_of(v)) for name, v in self._var_list])
        if write_state:
            self._record(save_path, latest_filename)
        return save_path

    def _record(self, path, latest_filename):
        self._last = [p for p in self._last if p != path] + [path]
        if self._max_to_keep and len(self._last) > self._max_to_keep:
            for old in self._last[:-self._max_to_keep]:
                for file in (old + ".index", bundle.data_filename(old)):
                    if os.path.exists(file):
                        os.remove(file)
            self._last = self._last[-self._max_to_keep:]
        state.write_state(os.path.dirname(path), path, self._last, latest_filename,
                          save_relative_paths=self._save_relative_paths)

    def restore(self, sess, save_path):
        """Assign every variable its value in `save_path` (all or none)."""
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not state.checkpoint_exists(save_path):
            raise ValueError("The passed save_path is not a valid checkpoint: " + save_path)
        reader = bundle.Reader(save_path)
        for name, _ in self._var_list:
            if name not in reader.entries:
                raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        assign_all(reader, [(v, name) for name, v in self._var_list])

    @property
    def last_checkpoints(self):
        return list(self._last)


@export("contrib.eager.Saver")
class EagerSaver:
    """`tfe.Saver(var_list)`: `save(file_prefix, global_step=None)`, `restore(file_prefix)`."""

    def __init__(self, var_list):
        self._saver = Saver(var_list=var_list)

    def save(self, file_prefix, global_step=None):
        return self._saver.save(None, file_prefix, write_meta_graph=False,
                                global_step=global_step)

    def restore(self, file_prefix):
        return self._saver.restore(None, file_prefix)


@export("contrib.eager.restore_variables_on_create")
@contextlib.contextmanager
def restore_variables_on_create(save_path, map_func=None):
    """Inside the block, each Variable created takes its value from the name-based checkpoint
    `save_path` (under `map_func(name)`, the name without `:0`); a name the checkpoint lacks
    raises NotFoundError. A checkpointed value is given to the first variable of its name
    only. `save_path=None` (no checkpoint yet) does nothing."""
    if not save_path:
        yield
        return
    if map_func is not None and not callable(map_func):
        raise ValueError("map_func must be callable.")
    map_func = map_func or (lambda name: name)
    reader = CheckpointReader(save_path)
    values = {name: reader.get_tensor(name) for name in reader.get_variable_to_shape_map()}

    def restore(variable):
        name = map_func(variable.name[:-2] if variable.name.endswith(":0") else variable.name)
        if name not in values:
            raise errors.NotFoundError(None, None, name + " not found in checkpoint")
        if values[name] is not None:
            variable.assign(values[name])
            values[name] = None

    ON_CREATE.append(restore)
    try:
        yield
    finally:
        ON_CREATE.remove(restore)
