"""tf.distribute: contexts, the default and one-device strategies, MirroredStrategy on this
host's devices, and (in a subprocess with four CPU devices) data parallelism over a mesh.

Values are TensorFlow's (TF 2.21 compat.v1 with four logical CPUs; reprs as TF 1.15 prints
distributed values, with each replica's device)."""
import json
import os
import re
import subprocess
import sys
import textwrap

import jax
import numpy as np
import pytest

import tfeager_compat as tf

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"
ADDRESS = re.compile(r"0x[0-9a-f]+")


@pytest.mark.parametrize("value, text", [
    (tf.distribute.ReduceOp.SUM, "<ReduceOp.SUM: 'SUM'>"),
    (tf.distribute.ReduceOp("MEAN"), "<ReduceOp.MEAN: 'MEAN'>"),
    (tf.VariableAggregation.MEAN, "<VariableAggregation.MEAN: 2>"),
    (tf.VariableAggregation.ONLY_FIRST_TOWER, "<VariableAggregation.ONLY_FIRST_REPLICA: 3>"),
    (tf.VariableSynchronization.ON_READ, "<VariableSynchronization.ON_READ: 3>"),
])
def test_enums_are_tfs(value, text):
    assert repr(value) == text


def test_reduce_op_names():
    assert str(tf.distribute.ReduceOp.MEAN) == "ReduceOp.MEAN"
    with pytest.raises(ValueError, match="^'sum' is not a valid ReduceOp$"):
        tf.distribute.ReduceOp("sum")
    assert [a.name for a in tf.VariableAggregation] == [
        "NONE", "SUM", "MEAN", "ONLY_FIRST_REPLICA"]
    assert tf.Variable(1.0).aggregation is tf.VariableAggregation.NONE


def test_contexts_outside_and_inside_a_scope():
    default = tf.distribute.get_strategy()
    assert ADDRESS.sub("X", repr(default)) == \
        "<tensorflow.python.distribute.distribute_lib._DefaultDistributionStrategy object at X>"
    assert (tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context()) == (
        False, False)
    context = tf.distribute.get_replica_context()
    assert context.replica_id_in_sync_group == 0 and context.num_replicas_in_sync == 1
    assert float(context.all_reduce("SUM", tf.constant(2.0))) == 2.0
    strategy = tf.distribute.MirroredStrategy()
    with strategy.scope():
        assert tf.distribute.get_strategy() is strategy and tf.distribute.has_strategy()
        assert tf.distribute.in_cross_replica_context()
        assert tf.distribute.get_replica_context() is None
    assert tf.distribute.get_strategy() is default


def test_mixing_strategies_is_tfs_runtime_error():
    one, mirrored = tf.distribute.OneDeviceStrategy("/cpu:0"), tf.distribute.MirroredStrategy()
    with pytest.raises(RuntimeError) as info:
        with one.scope():
            with mirrored.scope():
                pass
    assert ADDRESS.sub("X", str(info.value)) == (
        "Mixing different tf.distribute.Strategy objects: <tensorflow.python.distribute."
        "one_device_strategy.OneDeviceStrategyV1 object at X> is not <tensorflow.python."
        "distribute.mirrored_strategy.MirroredStrategyV1 object at X>")
    assert not tf.distribute.has_strategy()


def test_default_strategy():
    default = tf.distribute.get_strategy()
    x = tf.constant([1.0, 2.0])
    assert default.reduce("SUM", x, axis=None).numpy().tolist() == [1.0, 2.0]
    assert float(default.reduce(tf.distribute.ReduceOp.MEAN, x, axis=0)) == 1.5
    assert default.experimental_local_results(x) == (x,)
    assert float(default.run(lambda a: a * 2, args=(tf.constant(3.0),))) == 6.0
    with pytest.raises(RuntimeError, match="^worker_devices\\(\\) method unsupported by "
                                           "default tf.distribute.Strategy.$"):
        default.extended.worker_devices


def test_one_device_strategy():
    strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
    assert strategy.num_replicas_in_sync == 1 and strategy.extended.worker_devices == (CPU0,)
    with strategy.scope():
        v = tf.Variable(1.0)
    assert type(v).__name__ == "Variable" and v.device == CPU0
    doubled, replica = strategy.experimental_run_v2(
        lambda a: (a * 2, tf.distribute.get_replica_context().replica_id_in_sync_group),
        args=(tf.constant(3.0),))
    assert float(doubled) == 6.0 and replica.dtype == tf.int32 and int(replica) == 0
    x = tf.constant([1.0, 2.0])
    assert strategy.reduce("SUM", x, axis=None).numpy().tolist() == [1.0, 2.0]
    assert float(strategy.reduce("SUM", x, axis=0)) == 3.0
    batches = strategy.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(2))
    assert [b.numpy().tolist() for b in batches] == [[0, 1], [2, 3]]


def test_mirrored_strategy_on_this_host_has_one_replica():
    strategy = tf.distribute.MirroredStrategy()
    assert strategy.num_replicas_in_sync == 1 and strategy.extended.worker_devices == (CPU0,)
    with strategy.scope():
        v = tf.Variable(1.0, name="v")
    assert type(v).__name__ == "MirroredVariable" and v.name == "v:0" and v.device == CPU0
    assert repr(v) == ("MirroredVariable:{\n  0 " + CPU0 +
                       ": <tf.Variable 'v:0' shape=() dtype=float32, numpy=1.0>\n}")
    assert float(v + 1) == 2.0
    result = strategy.run(lambda: tf.constant(3.0))  # one replica: the value itself
    assert type(result).__name__ == "Tensor" and float(result) == 3.0
    (local,) = strategy.experimental_local_results(v)
    assert repr(local) == "<tf.Variable 'v:0' shape=() dtype=float32, numpy=1.0>"
    assert float(strategy.reduce("SUM", tf.constant(2.0), axis=None)) == 2.0
    assert float(strategy.reduce("MEAN", v, axis=None)) == 1.0


@pytest.mark.parametrize("devices, error, message", [
    (["/cpu:0", "/cpu:0"], AssertionError,
     f"No duplicates allowed in `devices` argument: ('{CPU0}', '{CPU0}')"),
])
def test_mirrored_strategy_device_errors(devices, error, message):
    with pytest.raises(error) as info:
        tf.distribute.MirroredStrategy(devices)
    assert str(info.value) == message


def test_contrib_mirrored_strategy_counts_gpus():
    strategy = tf.contrib.distribute.MirroredStrategy(num_gpus=0)
    assert strategy.extended.worker_devices == (CPU0,)
    with pytest.raises(ValueError, match="^Must only specify one of `devices` and `num_gpus`.$"):
        tf.contrib.distribute.MirroredStrategy(devices=["/cpu:0"], num_gpus=1)


def test_assigning_a_mirrored_variable_in_replica_context_needs_an_aggregation():
    strategy = tf.distribute.MirroredStrategy()
    with strategy.scope():
        v = tf.Variable(1.0)
        m = tf.Variable(1.0, aggregation=tf.VariableAggregation.MEAN)
    with pytest.raises(ValueError, match="^You must specify an aggregation method to update a "
                                         "MirroredVariable in Replica Context. You can do so"):
        strategy.run(lambda: v.assign(5.0))
    assert float(v) == 1.0
    strategy.run(lambda: m.assign_add(2.0))
    assert float(m) == 3.0


def test_optimizer_step_in_a_compiled_distributed_step():
    strategy = tf.distribute.MirroredStrategy()
    with strategy.scope():
        w = tf.Variable([1.0, 2.0], name="w")
        opt = tf.keras.optimizers.SGD(0.1)
    x = np.arange(16, dtype=np.float32).reshape(8, 2)

    def step(batch):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(batch * w)
        opt.apply_gradients([(tape.gradient(loss, w), w)])
        return loss

    @tf.function
    def distributed(batch):
        return strategy.reduce("SUM", strategy.run(step, args=(batch,)), axis=None)

    data = strategy.experimental_distribute_dataset(
        tf.data.Dataset.from_tensor_slices(x).batch(8))
    losses = [float(distributed(b)) for b in data]
    assert losses == [184.0] and w.numpy().tolist() == pytest.approx([-4.6, -4.4])
    assert int(opt.iterations) == 1 and type(opt.iterations).__name__ == "MirroredVariable"


def test_keras_fit_under_a_scope_records_the_strategy():
    strategy = tf.distribute.MirroredStrategy()
    with strategy.scope():
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,),
                                                           kernel_initializer="ones")])
        model.compile(tf.keras.optimizers.SGD(0.1), "mse")
    assert model._compiled.strategy is strategy
    history = model.fit(np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32),
                        batch_size=2, epochs=1, verbose=0)
    assert history.history["loss"] == pytest.approx([2.32])  # (2.0 ** 2 + 0.8 ** 2) / 2


def test_multi_worker_strategy_reads_tf_config(monkeypatch):
    calls = []
    monkeypatch.setattr(jax.distributed, "initialize", lambda **kw: calls.append(kw))
    monkeypatch.delenv("TF_CONFIG", raising=False)
    MultiWorker = tf.distribute.experimental.MultiWorkerMirroredStrategy
    assert MultiWorker().extended.worker_devices == (CPU0,) and calls == []
    one = {"cluster": {"worker": ["host0:2222"]}, "task": {"type": "worker", "index": 0}}
    monkeypatch.setenv("TF_CONFIG", json.dumps(one))
    assert MultiWorker().num_replicas_in_sync == 1 and calls == []
    two = {"cluster": {"chief": ["host0:2222"], "worker": ["host1:2222"]},
           "task": {"type": "worker", "index": 0}}
    monkeypatch.setenv("TF_CONFIG", json.dumps(two))
    MultiWorker()
    assert calls == [dict(coordinator_address="host0:2222", num_processes=2, process_id=1)]


FOUR_DEVICES = """
    import numpy as np
    import tfeager_compat as tf

    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1", "/cpu:2", "/cpu:3"])
    print(strategy.num_replicas_in_sync)
    with strategy.scope():
        w = tf.Variable([1.0, 2.0], name="w")
        opt = tf.train.GradientDescentOptimizer(0.1)
    x = np.arange(16, dtype=np.float32).reshape(8, 2)
    data = strategy.experimental_distribute_dataset(
        tf.data.Dataset.from_tensor_slices(x).batch(8))
    batch = next(iter(data))
    print([t.numpy().tolist() for t in strategy.experimental_local_results(batch)])

    def step(b):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(b * w)
        g = tape.gradient(loss, w)
        opt.apply_gradients([(g, w)])
        ctx = tf.distribute.get_replica_context()
        return loss, g, ctx.replica_id_in_sync_group, ctx.all_reduce("SUM", loss)

    loss, grad, ids, total = strategy.run(step, args=(batch,))
    print([float(v) for v in strategy.experimental_local_results(loss)])
    print([v.numpy().tolist() for v in grad.values], [int(v) for v in ids.values])
    print([float(v) for v in total.values], w.numpy().tolist())
    print(float(strategy.reduce("SUM", loss, axis=None)),
          float(strategy.reduce("MEAN", loss, axis=None)),
          strategy.reduce("SUM", batch, axis=0).numpy().tolist())
    local_w = strategy.experimental_local_results(w)
    print([v.name for v in w.values], [v.device[-5:] for v in local_w])
    print(str(loss).splitlines()[1])

    # Data parallel == one device: a model trained 2 steps, loss scaled by the global batch.
    xs = np.arange(32, dtype=np.float32).reshape(16, 2) / 10
    ys = (xs[:, :1] * 2 - xs[:, 1:] + 0.5).astype(np.float32)
    ds = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(8)

    def make():
        tf.set_random_seed(1)
        return tf.keras.Sequential([tf.keras.layers.Dense(3, activation="tanh", input_shape=(2,)),
                                    tf.keras.layers.Dense(1)]), tf.keras.optimizers.SGD(0.1)

    def train(model, opt, inputs):
        xb, yb = inputs
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(model(xb) - yb)) * (1.0 / 8)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    model, sgd = make()
    single = [float(train(model, sgd, b)) for b in ds]
    with strategy.scope():
        model2, sgd2 = make()

    @tf.function
    def distributed(inputs):
        per_replica = strategy.experimental_run_v2(lambda b: train(model2, sgd2, b), args=(inputs,))
        return strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica, axis=None)

    multi = [float(distributed(b)) for b in strategy.experimental_distribute_dataset(ds)]
    print(np.allclose(single, multi, atol=1e-6), all(
        np.allclose(a, b, atol=1e-6) for a, b in zip(model.get_weights(), model2.get_weights())))
    print(len(model2.weights[0]._snapshot._value.devices()))

    with strategy.scope():
        model3, _ = make()
        model3.compile(tf.keras.optimizers.SGD(0.1), "mse")
    model4, _ = make()
    model4.compile(tf.keras.optimizers.SGD(0.1), "mse")
    h3 = model3.fit(xs, ys, batch_size=8, epochs=1, verbose=0, shuffle=False).history["loss"]
    h4 = model4.fit(xs, ys, batch_size=8, epochs=1, verbose=0, shuffle=False).history["loss"]
    print(np.allclose(h3, h4, atol=1e-6), all(
        np.allclose(a, b, atol=1e-6) for a, b in zip(model3.get_weights(), model4.get_weights())))
    inputs, _, _ = model3._compiled.strategy.extended._split_batch((tf.constant(xs[:8]), 1, 2))
    print(inputs._value.sharding.spec, len(inputs._value.devices()))

    with strategy.scope():
        m = tf.Variable(0.0, aggregation=tf.VariableAggregation.MEAN)
        first = tf.Variable(0.0, aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA)

    def replica_writes(b):
        m.assign(tf.reduce_sum(b))
        first.assign(tf.reduce_sum(b))
        merged = tf.distribute.get_replica_context().merge_call(
            lambda s, v: s.reduce("SUM", v, axis=None), args=(tf.reduce_sum(b),))
        return merged, tf.random.uniform([])

    merged, draws = strategy.run(replica_writes, args=(batch,))
    print(float(m), float(first), [float(v) for v in merged.values],
          len(set(float(v) for v in draws.values)))
    try:
        iter(strategy.experimental_distribute_dataset(tf.data.Dataset.range(6).batch(6))).get_next()
    except ValueError as e:
        print(e)
    print(len(list(strategy.experimental_distribute_dataset(tf.data.Dataset.range(12).batch(8)))))
"""


def test_mirrored_strategy_over_four_cpu_devices():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4",
               JAX_NUMPY_DTYPE_PROMOTION="strict")
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(FOUR_DEVICES)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["4", "[[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]], "
                              "[[8.0, 9.0], [10.0, 11.0]], [[12.0, 13.0], [14.0, 15.0]]]"]
    # TensorFlow: per-replica losses and gradients, the gradients summed into one update.
    assert lines[2] == "[10.0, 34.0, 58.0, 82.0]"
    assert lines[3] == "[[2.0, 4.0], [10.0, 12.0], [18.0, 20.0], [26.0, 28.0]] [0, 1, 2, 3]"
    total, w = lines[4].split("] ")
    assert total == "[184.0, 184.0, 184.0, 184.0" and np.allclose(json.loads(w), [-4.6, -4.4])
    assert lines[5] == "184.0 46.0 [56.0, 64.0]"
    assert lines[6] == ("['w:0', 'w/replica_1:0', 'w/replica_2:0', 'w/replica_3:0'] "
                        "['CPU:0', 'CPU:1', 'CPU:2', 'CPU:3']")
    assert lines[7] == "  0 " + CPU0 + ": tf.Tensor(10.0, shape=(), dtype=float32),"
    assert lines[8:12] == ["True True", "4", "True True", "P('replica',) 4"]
    # Replica-context writes by aggregation: the mean of 6, 22, 38, 54; replica 0's; merge_call
    # sees every replica's value; each replica draws its own random numbers.
    assert lines[12] == "30.0 6.0 [120.0, 120.0, 120.0, 120.0] 4"
    assert lines[13:] == ["Batch size 6 cannot be sharded evenly across replicas 4", "1"]
