"""The `checkpoint` state file: a text-format `CheckpointState` naming the latest checkpoint.

Matches TF 1.15's `checkpoint_management`: relative paths in the file are relative to its
directory, `latest_checkpoint` returns None when the file is missing or names a checkpoint
whose files are gone, and the file is written to a temporary name and renamed into place.
"""
import os
import uuid

from google.protobuf import text_format

from ..io import protos
from ..ops.registry import export


def _state_path(directory, latest_filename):
    return os.path.join(directory, latest_filename or "checkpoint")


@export("train.generate_checkpoint_state_proto")
def generate_checkpoint_state_proto(save_dir, model_checkpoint_path,
                                    all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None,
                                    last_preserved_timestamp=None):
    """A `CheckpointState`, with paths made relative to `save_dir` when it was relative."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    state = protos.CheckpointState(model_checkpoint_path=model_checkpoint_path,
                                   all_model_checkpoint_paths=paths)
    if all_model_checkpoint_timestamps:
        state.all_model_checkpoint_timestamps.extend(all_model_checkpoint_timestamps)
    if last_preserved_timestamp:
        state.last_preserved_timestamp = last_preserved_timestamp
    return state


def write_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                latest_filename=None, save_relative_paths=False, timestamps=None,
                last_preserved_timestamp=None):
    """Write the state file of `save_dir` atomically (TF's `update_checkpoint_state_internal`)."""
    paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        model_checkpoint_path = _relative(model_checkpoint_path, save_dir)
        paths = [_relative(p, save_dir) for p in paths]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, paths, timestamps,
                                            last_preserved_timestamp)
    path = _state_path(save_dir, latest_filename)
    if os.path.abspath(path) == os.path.abspath(model_checkpoint_path):
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for "
                           "checkpoint state.  Please use a different save path.")
    os.makedirs(save_dir or ".", exist_ok=True)
    temp = f"{path}.tmp{uuid.uuid4().hex}"
    with open(temp, "w") as f:
        f.write(text_format.MessageToString(state))
    os.replace(temp, path)


def _relative(path, directory):
    """`save_relative_paths` as TF applies it: only an absolute path is made relative here (a
    relative one is made relative to a relative `save_dir` by the state proto, once)."""
    return os.path.relpath(path, directory) if os.path.isabs(path) else path


@export("train.update_checkpoint_state")
def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None):
    """Write `save_dir`'s state file naming `model_checkpoint_path` the latest."""
    write_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths, latest_filename,
                timestamps=all_model_checkpoint_timestamps,
                last_preserved_timestamp=last_preserved_timestamp)


@export("train.get_checkpoint_state")
def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The `CheckpointState` of `checkpoint_dir` with absolute paths, or None without one."""
    path = _state_path(checkpoint_dir, latest_filename)
    try:
        with open(path) as f:
            text = f.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    state = protos.CheckpointState()
    try:
        text_format.Merge(text, state)
    except text_format.ParseError:
        return None
    if not state.model_checkpoint_path:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}")
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    for i, p in enumerate(state.all_model_checkpoint_paths):
        if not os.path.isabs(p):
            state.all_model_checkpoint_paths[i] = os.path.join(checkpoint_dir, p)
    return state


@export("train.checkpoint_exists")
def checkpoint_exists(checkpoint_prefix):
    """Whether a checkpoint (its `.index` file, or a V1 file) exists at the prefix."""
    return os.path.exists(checkpoint_prefix + ".index") or os.path.exists(checkpoint_prefix)


@export("train.latest_checkpoint")
def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the latest checkpoint in `checkpoint_dir`, or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path and \
            os.path.exists(state.model_checkpoint_path + ".index"):
        return state.model_checkpoint_path
    return None

