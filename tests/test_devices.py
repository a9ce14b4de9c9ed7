"""tf.device, Tensor.device/cpu()/gpu(), the device lists, as TensorFlow answers on a CPU host."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tfeager_compat as tf

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


@pytest.mark.parametrize("spec", [
    "/gpu:0", "gpu:0", "GPU:0", "/device:GPU:0", "/cpu:0", "cpu:0", "/CPU:0", "/cpu:1",
    "/job:localhost/replica:0/task:0/device:CPU:0", "/device:XLA_CPU:0", "/job:localhost",
    "", None, tf.DeviceSpec(device_type="GPU", device_index=0)])
def test_every_spelling_places_on_the_cpu_of_a_cpu_host(spec):
    with tf.device(spec):
        x = tf.constant([1.0, 2.0]) + 1
    assert x.device == CPU0 and x.backing_device == CPU0
    assert x.numpy().tolist() == [2.0, 3.0]


@pytest.mark.parametrize("spec, error, message", [
    ("/foo:0", ValueError, "Unknown attribute: 'foo' in '/foo:0'"),
    ("xyz", ValueError, "Unknown attribute: 'xyz' in 'xyz'"),
    ("/gpu:0/cpu:0", ValueError, "Cannot specify multiple device types: /gpu:0/cpu:0"),
    ("/gpu:x", ValueError, "invalid literal for int() with base 10: 'x'"),
    (3, ValueError, "Expecting a string device name. Got <class 'int'>(3)"),
])
def test_bad_specs_raise_tfs_errors(spec, error, message):
    with pytest.raises(error) as info:
        with tf.device(spec):
            pass
    assert str(info.value) == message


def test_device_functions_are_refused_in_eager_mode():
    with pytest.raises(RuntimeError, match="^tf.device does not support functions when eager "
                                           "execution is enabled.$"):
        tf.device(lambda op: "/cpu:0")


@pytest.mark.parametrize("kwargs, text", [
    (dict(device_type="cpu"), "/device:CPU:*"),
    (dict(job="w", replica=1, task=2, device_type="GPU", device_index=3),
     "/job:w/replica:1/task:2/device:GPU:3"),
])
def test_device_spec_strings(kwargs, text):
    assert tf.DeviceSpec(**kwargs).to_string() == text


def test_device_spec_parsing_and_merging():
    d = tf.DeviceSpec.from_string("/job:a/replica:2/device:GPU:1")
    assert (d.job, d.replica, d.task, d.device_type, d.device_index) == ("a", 2, None, "GPU", 1)
    assert tf.DeviceSpec.from_string("/gpu:0").to_string() == "/device:GPU:0"
    merged = d.make_merged_spec(tf.DeviceSpec.from_string("/task:3/cpu:0"))
    assert merged.to_string() == "/job:a/replica:2/task:3/device:CPU:0"
    assert d.to_string() == "/job:a/replica:2/device:GPU:1"


def test_variables_and_copies_report_the_cpu():
    x = tf.constant(3.0)
    assert tf.Variable(1.0).device == CPU0
    assert x.cpu().device == CPU0 and float(x.cpu()) == 3.0
    with pytest.raises(RuntimeError, match="^GPU:0 unknown device.$"):
        x.gpu()
    with pytest.raises(RuntimeError, match="^GPU:1 unknown device.$"):
        x.gpu(1)


def test_cpu_copy_is_differentiable():
    x = tf.constant(3.0)
    with tf.GradientTape() as g:
        g.watch(x)
        y = x.cpu() * x
    assert float(g.gradient(y, x)) == 6.0


def test_device_queries_on_a_cpu_host():
    tfe = tf.contrib.eager
    assert tfe.num_gpus() == 0 and tfe.list_devices() == [CPU0]
    assert tf.test.is_gpu_available() is False and tf.test.gpu_device_name() == ""
    assert tf.test.is_gpu_available(cuda_only=True) is False
    assert tf.test.is_built_with_cuda() is False and tf.test.is_built_with_gpu_support() is False
    physical = tf.config.experimental.list_physical_devices()
    assert repr(physical) == "[PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')]"
    assert tf.config.list_physical_devices("CPU") == physical
    assert tf.config.experimental.list_physical_devices("GPU") == []
    assert repr(tf.config.list_logical_devices()) == \
        "[LogicalDevice(name='/device:CPU:0', device_type='CPU')]"
    assert tf.config.experimental.list_logical_devices("GPU") == []


def test_memory_growth_is_for_gpus():
    cpu = tf.config.experimental.list_physical_devices("CPU")[0]
    with pytest.raises(ValueError, match="^Cannot set memory growth on non-GPU devices$"):
        tf.config.experimental.set_memory_growth(cpu, True)
    with pytest.raises(ValueError, match="Unrecognized device"):
        tf.config.experimental.set_memory_growth(
            tf.config.PhysicalDevice("/physical_device:GPU:0", "GPU"), True)


def test_eager_switches_accept_device_policies():
    tfe = tf.contrib.eager
    assert [tfe.DEVICE_PLACEMENT_EXPLICIT, tfe.DEVICE_PLACEMENT_WARN,
            tfe.DEVICE_PLACEMENT_SILENT, tfe.DEVICE_PLACEMENT_SILENT_FOR_INT32] == [0, 1, 2, 3]
    tfe.enable_eager_execution(config=tf.ConfigProto(allow_soft_placement=True),
                               device_policy=tfe.DEVICE_PLACEMENT_SILENT)
    assert tf.executing_eagerly()


FOUR_DEVICES = """
    import tfeager_compat as tf
    def dev(t):
        return t.device.split("device:")[1]
    x0 = tf.constant([1.0, 2.0])
    with tf.device("/cpu:1"):
        x = x0 * 2
        with tf.device("/device:CPU:3"):
            y = x + 1
        with tf.device(None):
            z = x + 1
        with tf.device("/gpu:0"):
            w = x + 1
        c = x.cpu()
    with tf.device("/cpu:7"):
        s = x + 1
    v = tf.Variable(1.0)
    with tf.device("/job:localhost/replica:0/task:0/device:CPU:2"):
        u = v * x
    print(dev(x0), dev(x), dev(y), dev(z), dev(w), dev(c), dev(s), dev(u), dev(x + y))
    print((x + y).numpy().tolist(), u.numpy().tolist())
    print(tf.contrib.eager.list_devices()[1:])
    print(len(tf.config.list_logical_devices("CPU")), len(tf.config.list_physical_devices()))
"""


def test_placement_over_four_cpu_devices():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4")
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(FOUR_DEVICES)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # TensorFlow's answers with four logical CPUs: /gpu:0 and the missing /cpu:7 fall back to
    # CPU:0; outside any scope an op runs on CPU:0 whatever its inputs' devices.
    assert lines[0] == "CPU:0 CPU:1 CPU:3 CPU:0 CPU:0 CPU:0 CPU:0 CPU:2 CPU:0"
    assert lines[1] == "[5.0, 9.0] [2.0, 4.0]"
    assert lines[2] == str([f"/job:localhost/replica:0/task:0/device:CPU:{i}" for i in (1, 2, 3)])
    assert lines[3] == "4 1"

