"""Checkpoints in TF's format: fixtures written by TensorFlow (tests/fixtures/make_checkpoints.py)
restore into the shim with TF's values; the shim's checkpoints restore into itself; bad input
raises TF's errors and changes nothing."""
import os
import shutil

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.checkpoint import bundle, checkpoint, table

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
TF_OBJECT = os.path.join(FIXTURES, "tf_object", "ckpt-1")

# What TensorFlow saved in tf_object/ (printed by make_checkpoints.py).
TF_VALUES = {
    "dense1.kernel": [[-0.1, 0.0, 0.1], [0.2, 0.3, 0.4]],
    "dense1.bias": [0.9, 0.9, 0.9],
    "dense2.kernel": [[0.9, 0.9]] * 3,
    "dense2.bias": [-0.1, -0.1],
}
TF_SLOTS = {  # (variable, slot): value
    ("dense1.bias", "m"): [5.7600017] * 3,
    ("dense1.kernel", "v"): [[16.179634] * 3, [34.150608] * 3],
    ("dense2.kernel", "m"): [[5.652002] * 2, [7.212002] * 2, [8.772002] * 2],
}
TF_KEYS = [  # tf.train.list_variables of tf_object/ckpt-1
    ("_CHECKPOINTABLE_OBJECT_GRAPH", []),
    ("model/dense1/bias/.ATTRIBUTES/VARIABLE_VALUE", [3]),
    ("model/dense1/bias/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", [3]),
    ("model/dense1/bias/.OPTIMIZER_SLOT/optimizer/v/.ATTRIBUTES/VARIABLE_VALUE", [3]),
    ("model/dense1/kernel/.ATTRIBUTES/VARIABLE_VALUE", [2, 3]),
    ("model/dense1/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", [2, 3]),
    ("model/dense1/kernel/.OPTIMIZER_SLOT/optimizer/v/.ATTRIBUTES/VARIABLE_VALUE", [2, 3]),
    ("model/dense2/bias/.ATTRIBUTES/VARIABLE_VALUE", [2]),
    ("model/dense2/bias/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", [2]),
    ("model/dense2/bias/.OPTIMIZER_SLOT/optimizer/v/.ATTRIBUTES/VARIABLE_VALUE", [2]),
    ("model/dense2/kernel/.ATTRIBUTES/VARIABLE_VALUE", [3, 2]),
    ("model/dense2/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE", [3, 2]),
    ("model/dense2/kernel/.OPTIMIZER_SLOT/optimizer/v/.ATTRIBUTES/VARIABLE_VALUE", [3, 2]),
    ("optimizer/beta1_power/.ATTRIBUTES/VARIABLE_VALUE", []),
    ("optimizer/beta2_power/.ATTRIBUTES/VARIABLE_VALUE", []),
    ("save_counter/.ATTRIBUTES/VARIABLE_VALUE", []),
    ("step/.ATTRIBUTES/VARIABLE_VALUE", []),
]
X = [[1., 2.], [3., 4.]]


class Model(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense1 = tf.keras.layers.Dense(3)
        self.dense2 = tf.keras.layers.Dense(2)

    def call(self, x):
        return self.dense2(self.dense1(x))


def _get(model, path):
    layer, name = path.split(".")
    return getattr(getattr(model, layer), name)


def _trained(lr=0.1):
    model, optimizer = Model(), tf.train.AdamOptimizer(lr)
    step = tf.Variable(0, dtype=tf.int64, trainable=False)
    optimizer.minimize(lambda: tf.reduce_sum(model(tf.constant(X)) ** 2), global_step=step)
    return model, optimizer, step


# -- the file formats -------------------------------------------------------------------------
def test_table_rebuilds_tensorflows_index_byte_for_byte():
    with open(TF_OBJECT + ".index", "rb") as f:
        data = f.read()
    items = table.parse(data, "x")
    assert [k for k, _ in items][:2] == [b"", b"_CHECKPOINTABLE_OBJECT_GRAPH"]
    assert table.build(items) == data


def test_table_splits_blocks_and_reads_them_back():
    items = [(b"key%06d" % i, b"v" * (i % 300)) for i in range(4000)]
    data = table.build(items)
    assert len(data) > 2 * table.BLOCK_SIZE
    assert table.parse(data, "x") == items


def test_bundle_header_and_entries_are_tfs():
    reader = bundle.Reader(TF_OBJECT)
    assert reader.header.num_shards == 1 and reader.header.version.producer == 1
    assert sorted((k, reader.shape(k)) for k in reader.entries) == TF_KEYS
    assert reader.dtype("save_counter/.ATTRIBUTES/VARIABLE_VALUE") is tf.int64


# -- TensorFlow's checkpoints restore into the shim -------------------------------------------
def test_tf_object_checkpoint_restores_before_the_model_is_built():
    model, optimizer = Model(), tf.train.AdamOptimizer(0.1)
    step = tf.train.get_or_create_global_step()
    ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
    status = ckpt.restore(TF_OBJECT)
    assert not model.dense1.built and int(ckpt.save_counter) == 1
    model(tf.constant(X))  # builds the layers: the saved values are assigned on creation
    for path, value in TF_VALUES.items():
        np.testing.assert_allclose(_get(model, path).numpy(), value, rtol=1e-6)
    for (path, slot), value in TF_SLOTS.items():
        np.testing.assert_allclose(optimizer.get_slot(_get(model, path), slot).numpy(), value,
                                   rtol=1e-6)
    np.testing.assert_allclose([v.numpy() for v in optimizer.variables()[:2]],
                               [0.80999994, 0.99800104], rtol=1e-7)
    assert int(step) == 1
    assert status.assert_consumed() is status


def test_tf_keras_weights_restore_into_an_unbuilt_sequential():
    model = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Dense(1)])
    status = checkpoint.load_weights(model, os.path.join(FIXTURES, "keras_weights", "weights"))
    model(tf.zeros([1, 2]))
    assert [w.numpy().tolist() for w in model.weights] == [
        [[-2.0, -1.0, 0.0], [1.0, 2.0, 3.0]], [0.0, 0.0, 0.0], [[1.0], [1.0], [1.0]], [1.0]]
    status.assert_consumed()


def test_tf_name_based_checkpoint():
    directory = os.path.join(FIXTURES, "named")
    assert tf.train.list_variables(directory) == [("s", []), ("scope/v", [1, 2]), ("w", [])]
    reader = tf.train.load_checkpoint(directory)
    assert reader.get_variable_to_shape_map() == {"s": [], "scope/v": [1, 2], "w": []}
    assert reader.get_variable_to_dtype_map() == {"s": tf.string, "scope/v": tf.float32,
                                                  "w": tf.int64}
    assert reader.get_tensor("s") == b"text" and reader.has_tensor("w")
    assert not reader.has_tensor("v")
    with pytest.raises(tf.errors.NotFoundError, match="^Key zz not found in checkpoint$"):
        reader.get_tensor("zz")
    v = tf.Variable([[0., 0.]], name="scope/v")
    w = tf.Variable(0, dtype=tf.int64, name="w")
    tf.train.Saver([v, w]).restore(None, tf.train.latest_checkpoint(directory))
    assert v.numpy().tolist() == [[1.5, 2.5]] and int(w) == 7


def test_object_based_restore_of_a_name_based_checkpoint_matches_by_name():
    v = tf.Variable([[0., 0.]], name="scope/v")
    status = tf.train.Checkpoint(v=v).restore(os.path.join(FIXTURES, "named", "model-5"))
    assert type(status).__name__ == "NameBasedSaverStatus"
    assert v.numpy().tolist() == [[1.5, 2.5]]


# -- the shim's own checkpoints ---------------------------------------------------------------
def test_save_writes_tfs_keys_and_state_file(tmp_path):
    model, optimizer, step = _trained()
    ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
    prefix = str(tmp_path / "ckpt")
    assert ckpt.save(prefix) == prefix + "-1"
    assert ckpt.save(prefix) == prefix + "-2"
    assert tf.train.list_variables(str(tmp_path)) == TF_KEYS
    with open(tmp_path / "checkpoint") as f:
        assert f.read() == ('model_checkpoint_path: "ckpt-2"\n'
                            'all_model_checkpoint_paths: "ckpt-2"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-2"
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index",
        "ckpt-2.data-00000-of-00001", "ckpt-2.index"]
    assert ckpt.write(str(tmp_path / "w")) == str(tmp_path / "w")
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-2"


def test_round_trip_with_deferred_slots(tmp_path):
    model, optimizer, step = _trained()
    path = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step).save(
        str(tmp_path / "ckpt"))
    model2, optimizer2 = Model(), tf.train.AdamOptimizer(0.1)
    step2 = tf.Variable(0, dtype=tf.int64, trainable=False)
    status = tf.train.Checkpoint(model=model2, optimizer=optimizer2, step=step2).restore(path)
    status.assert_existing_objects_matched()
    with pytest.raises(AssertionError, match="^Unresolved object in checkpoint"):
        status.assert_consumed()  # the layers are not built yet
    model2(tf.constant(X))
    status.assert_consumed()
    for a, b in zip(model.variables + optimizer.variables(),
                    model2.variables + optimizer2.variables()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert int(step2) == 1


def test_string_and_integer_variables_round_trip(tmp_path):
    s, i = tf.Variable(b"abc\x00d"), tf.Variable([1, 2], dtype=tf.int64)
    path = tf.train.Checkpoint(s=s, i=i).save(str(tmp_path / "ckpt"))
    s2, i2 = tf.Variable(b""), tf.Variable([0, 0], dtype=tf.int64)
    tf.train.Checkpoint(s=s2, i=i2).restore(path).assert_consumed()
    assert s2.numpy() == b"abc\x00d" and i2.numpy().tolist() == [1, 2]


def test_saver_keeps_max_to_keep(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver([v], max_to_keep=2)
    for step in range(3):
        v.assign(float(step))
        assert saver.save(None, str(tmp_path / "m"), global_step=step) == str(tmp_path / "m") + \
            f"-{step}"
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-1.data-00000-of-00001",
                                            "m-1.index", "m-2.data-00000-of-00001", "m-2.index"]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert list(state.all_model_checkpoint_paths) == [str(tmp_path / "m-1"),
                                                      str(tmp_path / "m-2")]
    tfe_saver = tf.contrib.eager.Saver([v])
    v.assign(9.0)
    tfe_saver.restore(str(tmp_path / "m-1"))
    assert float(v) == 1.0


def test_init_from_checkpoint_assigns_variables():
    v = tf.Variable([[0., 0.]])
    tf.train.init_from_checkpoint(os.path.join(FIXTURES, "named"), {"scope/v": v})
    assert v.numpy().tolist() == [[1.5, 2.5]]


# -- statuses and errors ----------------------------------------------------------------------
@pytest.mark.parametrize("method, message", [
    ("assert_consumed", "No checkpoint specified (save_path=None); nothing is being restored."),
    ("assert_existing_objects_matched",
     "No checkpoint specified (save_path=None); nothing is being restored."),
    ("assert_nontrivial_match",
     "No checkpoint specified (save_path=None); nothing is being restored."),
    ("run_restore_ops", "No checkpoint specified, so no restore ops are available "
                        "(save_path=None to Saver.restore)."),
])
def test_restore_none(method, message):
    status = tf.train.Checkpoint(v=tf.Variable(1.)).restore(None)
    with pytest.raises(AssertionError) as info:
        getattr(status, method)()
    assert str(info.value) == message


def test_unmatched_objects(tmp_path):
    v = tf.Variable([1., 2.], name="v")
    path = tf.train.Checkpoint(v=v).save(str(tmp_path / "ckpt"))
    extra = tf.Variable(3.)
    status = tf.train.Checkpoint(v=v, w=extra).restore(path)
    with pytest.raises(AssertionError) as info:
        status.assert_consumed()
    assert str(info.value) == (
        "Some Python objects were not bound to checkpointed values, likely due to changes in "
        "the Python program: [<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=3.0>]")
    assert status.expect_partial() is status
    assert status.assert_nontrivial_match() is status


def test_checkpoint_rejects_untrackable_values():
    with pytest.raises(ValueError, match="^`Checkpoint` was expecting a trackable object"):
        tf.train.Checkpoint(x=1)


def test_missing_checkpoint_is_not_found():
    with pytest.raises(tf.errors.NotFoundError) as info:
        tf.train.Checkpoint(v=tf.Variable(1.)).restore("/nonexistent/ckpt-3")
    assert str(info.value) == ("Unsuccessful TensorSliceReader constructor: Failed to find "
                               "any matching files for /nonexistent/ckpt-3")
    assert tf.train.latest_checkpoint("/nonexistent") is None


def _two_variables(tmp_path):
    a, b = tf.Variable([1., 2.], name="a"), tf.Variable([3., 4., 5.], name="b")
    tf.train.Checkpoint(a=a, b=b).write(str(tmp_path / "w"))
    return str(tmp_path / "w")


def test_shape_mismatch_changes_nothing(tmp_path):
    path = _two_variables(tmp_path)
    a, b = tf.Variable([0., 0.]), tf.Variable([0., 0.])
    with pytest.raises(ValueError) as info:
        tf.train.Checkpoint(a=a, b=b).restore(path)
    assert str(info.value) == "Shapes (2,) and (3,) are incompatible"
    assert a.numpy().tolist() == [0., 0.] and b.numpy().tolist() == [0., 0.]


def test_dtype_mismatch(tmp_path):
    path = _two_variables(tmp_path)
    a = tf.Variable([0, 0])
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.train.Checkpoint(a=a).restore(path)
    assert str(info.value) == ("tensor_name = a/.ATTRIBUTES/VARIABLE_VALUE; expected dtype "
                               "int32 does not equal original dtype float [Op:RestoreV2]")


@pytest.mark.parametrize("suffix, change", [
    (".data-00000-of-00001", lambda data: data[:-3]),                      # truncated
    (".data-00000-of-00001", lambda data: data[:4] + b"\x7f" + data[5:]),  # flipped byte
    (".index", lambda data: data[:-10]),
    (".index", lambda data: data[:30] + bytes([data[30] ^ 1]) + data[31:]),
])
def test_corrupt_files_are_data_loss_and_change_nothing(tmp_path, suffix, change):
    path = _two_variables(tmp_path)
    with open(path + suffix, "rb") as f:
        data = f.read()
    with open(path + suffix, "wb") as f:
        f.write(change(data))
    a, b = tf.Variable([0., 0.]), tf.Variable([0., 0., 0.])
    with pytest.raises(tf.errors.DataLossError) as info:
        tf.train.Checkpoint(a=a, b=b).restore(path)
    assert path + suffix in str(info.value)
    assert a.numpy().tolist() == [0., 0.] and b.numpy().tolist() == [0., 0., 0.]


def test_a_crash_while_saving_leaves_the_latest_checkpoint_restorable(tmp_path, monkeypatch):
    v = tf.Variable(1.0)
    ckpt = tf.train.Checkpoint(v=v)
    first = ckpt.save(str(tmp_path / "ckpt"))

    def crash(items):
        raise KeyboardInterrupt()
    monkeypatch.setattr(table, "build", crash)
    v.assign(2.0)
    with pytest.raises(KeyboardInterrupt):
        ckpt.save(str(tmp_path / "ckpt"))
    monkeypatch.undo()
    assert tf.train.latest_checkpoint(str(tmp_path)) == first
    assert not os.path.exists(str(tmp_path / "ckpt-2.index"))
    tf.train.Checkpoint(v=v).restore(first)
    assert float(v) == 1.0
    shutil.rmtree(tmp_path)


# -- CheckpointManager (TF's outputs for the same calls) --------------------------------------
def test_checkpoint_manager_numbers_deletes_and_recovers(tmp_path):
    d = str(tmp_path)
    ckpt = tf.train.Checkpoint(v=tf.Variable(1.0))
    manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
    assert manager.latest_checkpoint is None and manager.checkpoints == []
    assert [manager.save() for _ in range(3)] == [f"{d}/ckpt-1", f"{d}/ckpt-2", f"{d}/ckpt-3"]
    assert manager.save(checkpoint_number=10) == f"{d}/ckpt-10"
    assert manager.checkpoints == [f"{d}/ckpt-3", f"{d}/ckpt-10"]
    assert sorted(os.listdir(d)) == ["checkpoint", "ckpt-10.data-00000-of-00001",
                                     "ckpt-10.index", "ckpt-3.data-00000-of-00001",
                                     "ckpt-3.index"]
    with open(os.path.join(d, "checkpoint")) as f:
        lines = [line for line in f.read().splitlines() if "timestamp" not in line]
    assert lines == ['model_checkpoint_path: "ckpt-10"', 'all_model_checkpoint_paths: "ckpt-3"',
                     'all_model_checkpoint_paths: "ckpt-10"']
    again = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
    assert again.latest_checkpoint == f"{d}/ckpt-10"
    assert again.checkpoints == [f"{d}/ckpt-3", f"{d}/ckpt-10"]
    with pytest.raises(ValueError, match=r"^Expected a positive integer or `None` for "
                                         r"`max_to_keep`, got 0\.$"):
        tf.train.CheckpointManager(ckpt, d, max_to_keep=0)


def test_checkpoint_manager_keeps_one_every_n_hours(tmp_path, monkeypatch):
    from tfeager_compat.checkpoint import manager as manager_module
    clock = [0.0]
    monkeypatch.setattr(manager_module.time, "time", lambda: clock[0])
    ckpt = tf.train.Checkpoint(v=tf.Variable(1.0))
    manager = tf.train.CheckpointManager(ckpt, str(tmp_path), max_to_keep=1,
                                         keep_checkpoint_every_n_hours=1)
    for hour in (0.5, 1.0, 1.2, 2.5):
        clock[0] = hour * 3600
        manager.save()
    kept = sorted(f for f in os.listdir(tmp_path) if f.endswith(".index"))
    assert kept == ["ckpt-2.index", "ckpt-4.index"]  # ckpt-2 is an hour after the start
    assert manager.checkpoints == [str(tmp_path / "ckpt-4")]
