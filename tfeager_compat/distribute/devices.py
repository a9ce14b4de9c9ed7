"""Devices: TensorFlow's device names mapped onto JAX's devices.

`tf.device(spec)` parses the spec as TF 1.15 does (`/gpu:0`, `GPU:0`, `/device:GPU:0`,
`/job:localhost/replica:0/task:0/device:CPU:0`, a `DeviceSpec`, None), merges it into the
enclosing scope's spec, picks a JAX device and makes it JAX's default device for the scope, so
every op inside runs there: its inputs (uncommitted arrays) move to it. A device that does not
exist falls back as TF's soft placement does: the first device of the same type, else the CPU.
With no scope active nothing here runs per op.

`Tensor.device` names the device that holds a tensor's array in TF's form,
`/job:localhost/replica:0/task:<process>/device:<TYPE>:<index>`, the index counting devices of
that type in this process.
"""
import collections
import contextlib
import threading

import jax

from ..ops.registry import export

# JAX platform -> TF device type.
_TF_TYPES = {"cpu": "CPU", "gpu": "GPU", "cuda": "GPU", "rocm": "GPU", "tpu": "TPU"}
# TF device type -> the JAX platform holding it ("XLA_*" devices are the same hardware).
_PLATFORMS = {"CPU": "cpu", "XLA_CPU": "cpu", "GPU": "gpu", "XLA_GPU": "gpu", "TPU": "tpu"}
_DEFAULT_CONTEXT_DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"


# ---- device specs ---------------------------------------------------------------------------
@export("DeviceSpec")
class DeviceSpec:
    """TF 1.15's `tf.DeviceSpec`: job, replica, task, device type and index of a device name."""

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self.job = job
        self.replica = None if replica is None else int(replica)
        self.task = None if task is None else int(task)
        self.device_type = _device_type(device_type)
        self.device_index = None if device_index is None else int(device_index)

    def parse_from_string(self, spec):
        """Set the fields named in `spec` (TF's parser and its ValueErrors); returns self."""
        self.device_type = None
        for part in spec.split("/"):
            fields = part.split(":")
            n = len(fields)
            if n == 2 and fields[0] in ("job", "replica", "task"):
                value = fields[1] if fields[0] == "job" else int(fields[1])
                setattr(self, fields[0], value)
            elif n in (1, 2) and fields[0].upper() in ("CPU", "GPU"):
                self._set_device(spec, fields[0].upper(), fields[1] if n == 2 else "*")
            elif n == 3 and fields[0] == "device":
                self._set_device(spec, fields[1], fields[2])
            elif n and fields[0] != "":
                raise ValueError(f"Unknown attribute: '{fields[0]}' in '{spec}'")
        return self

    def _set_device(self, spec, device_type, index):
        if self.device_type is not None:
            raise ValueError(f"Cannot specify multiple device types: {spec}")
        self.device_type = _device_type(device_type)
        if index != "*":
            self.device_index = int(index)

    @classmethod
    def from_string(cls, spec):
        return cls().parse_from_string(spec)

    def merge_from(self, dev):
        """Take every field `dev` sets."""
        for field in ("job", "replica", "task", "device_type", "device_index"):
            if getattr(dev, field) is not None:
                setattr(self, field, getattr(dev, field))

    def make_merged_spec(self, dev):
        """A new spec: this one with the fields `dev` sets."""
        merged = DeviceSpec(self.job, self.replica, self.task, self.device_type,
                            self.device_index)
        merged.merge_from(dev)
        return merged

    def to_string(self):
        parts = []
        if self.job is not None:
            parts.append(f"/job:{self.job}")
        if self.replica is not None:
            parts.append(f"/replica:{self.replica}")
        if self.task is not None:
            parts.append(f"/task:{self.task}")
        if self.device_type is not None:
            index = "*" if self.device_index is None else self.device_index
            parts.append(f"/device:{self.device_type}:{index}")
        return "".join(parts)

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self.to_string())


def _device_type(name):
    """TF keeps a type as written, except that "cpu" and "gpu" are upper-cased."""
    return name.upper() if name in ("cpu", "gpu") else name


# ---- the device scope -----------------------------------------------------------------------
class _Scope(threading.local):
    spec = ""  # the merged spec string of the innermost tf.device scope ("" outside any)


_SCOPE = _Scope()


@export("device")
def device(device_name_or_function):
    """`tf.device`: ops in the scope run on the named device (see the module docstring).

    Differences from TensorFlow: placement is always soft (as TF 2's eager default), and the
    job, replica and task of a spec are not used to choose the device.
    """
    if callable(device_name_or_function):
        raise RuntimeError("tf.device does not support functions when eager execution "
                           "is enabled.")
    return _device_scope(device_name_or_function)


@contextlib.contextmanager
def _device_scope(name):
    if isinstance(name, DeviceSpec):
        name = name.to_string()
    if name is None:
        spec = ""
    elif not isinstance(name, str):
        raise ValueError(f"Expecting a string device name. Got {type(name)}({name})")
    else:
        outer = DeviceSpec.from_string(_SCOPE.spec or _DEFAULT_CONTEXT_DEVICE)
        spec = outer.make_merged_spec(DeviceSpec.from_string(name)).to_string()
    previous = _SCOPE.spec
    _SCOPE.spec = spec
    try:
        with jax.default_device(_placement(spec) if spec else None):
            yield
    finally:
        _SCOPE.spec = previous


def _placement(spec):
    """The JAX device for a merged spec string, with soft placement."""
    parsed = DeviceSpec.from_string(spec)
    candidates = _local_devices(_PLATFORMS.get((parsed.device_type or "CPU").upper()))
    if not candidates:
        return _local_devices("cpu")[0]
    index = parsed.device_index or 0
    return candidates[index] if index < len(candidates) else candidates[0]


def _local_devices(platform):
    """This process's JAX devices of a platform ("gpu" covers CUDA and ROCm); [] if none."""
    if platform is None:
        return []
    try:
        return jax.local_devices(backend=platform)
    except RuntimeError:  # no such backend here
        return []


# ---- names of devices -----------------------------------------------------------------------
_NAMES = {}  # jax device -> TF's full device name


def tf_type(jax_device):
    return _TF_TYPES.get(jax_device.platform, jax_device.platform.upper())


def name_of_device(jax_device):
    """TF's full name for a JAX device."""
    name = _NAMES.get(jax_device)
    if name is None:
        index = _local_devices(jax_device.platform).index(jax_device)
        name = _NAMES[jax_device] = (f"/job:localhost/replica:0/task:{jax_device.process_index}"
                                     f"/device:{tf_type(jax_device)}:{index}")
    return name


def name_of(array):
    """TF's device name for the device holding `array` (a NumPy array lives on the host)."""
    if not isinstance(array, jax.Array):
        return _DEFAULT_CONTEXT_DEVICE
    held = array.devices()
    # An array over several devices (a mirrored variable) is named by its first, as TF names
    # a mirrored variable by its primary copy.
    return name_of_device(next(iter(held)) if len(held) == 1 else min(held, key=_device_id))


def _device_id(jax_device):
    return jax_device.id


def copy_to(tensor, device_type, index):
    """`Tensor.cpu()` / `Tensor.gpu()`: a copy on that exact device, or TF's RuntimeError."""
    from ..ops.array_ops import identity
    devices = _local_devices(_PLATFORMS[device_type])
    if index >= len(devices):
        raise RuntimeError(f"{device_type}:{index} unknown device.")
    with jax.default_device(devices[index]):
        return identity(tensor)


# ---- device queries -------------------------------------------------------------------------
def gpus():
    return _local_devices("gpu")


@export("contrib.eager.num_gpus")
def num_gpus():
    """The number of GPUs JAX sees in this process."""
    return len(gpus())


@export("contrib.eager.list_devices")
def list_devices():
    """The full TF names of this process's devices: the CPUs, then any GPUs or TPUs."""
    return [name_of_device(d) for platform in ("cpu", "gpu", "tpu")
            for d in _local_devices(platform)]


PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])
export("config.PhysicalDevice", "config.experimental.PhysicalDevice")(PhysicalDevice)
export("config.LogicalDevice", "config.experimental.LogicalDevice")(LogicalDevice)


def _devices_of_type(device_type):
    types = ("CPU", "GPU", "TPU") if device_type is None else (str(device_type).upper(),)
    return [(t, d) for t in types for d in _local_devices(_PLATFORMS.get(t))]


@export("config.list_physical_devices", "config.experimental.list_physical_devices")
def list_physical_devices(device_type=None):
    """TF's physical devices: one CPU (as TF counts the host), each GPU and TPU JAX sees."""
    found, cpu_seen = [], False
    for t, d in _devices_of_type(device_type):
        if t == "CPU":
            if cpu_seen:
                continue
            cpu_seen = True
        index = _local_devices(d.platform).index(d)
        found.append(PhysicalDevice(f"/physical_device:{t}:{index}", t))
    return found


@export("config.list_logical_devices", "config.experimental.list_logical_devices")
def list_logical_devices(device_type=None):
    """TF's logical devices: every JAX device of this process (several CPUs when JAX was
    started with --xla_force_host_platform_device_count)."""
    return [LogicalDevice(f"/device:{t}:{_local_devices(d.platform).index(d)}", t)
            for t, d in _devices_of_type(device_type)]


_MEMORY_GROWTH = {}


def _check_physical(device):
    if device not in list_physical_devices():
        raise ValueError(f"Unrecognized device: {device!r}")


@export("config.experimental.set_memory_growth")
def set_memory_growth(device, enable):
    """Accepted for GPUs and recorded (XLA's allocator manages GPU memory; set
    XLA_PYTHON_CLIENT_PREALLOCATE=false for on-demand growth); TF's ValueError otherwise."""
    _check_physical(device)
    if device.device_type != "GPU":
        raise ValueError("Cannot set memory growth on non-GPU devices")
    _MEMORY_GROWTH[device] = bool(enable)


@export("config.experimental.get_memory_growth")
def get_memory_growth(device):
    """What `set_memory_growth` recorded for `device` (None if never set)."""
    _check_physical(device)
    return _MEMORY_GROWTH.get(device)


@export("test.is_gpu_available")
def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """True when JAX sees a GPU (`min_cuda_compute_capability` is not checked)."""
    return bool(gpus())


@export("test.gpu_device_name")
def gpu_device_name():
    """'/device:GPU:0' when there is a GPU, else ''."""
    return "/device:GPU:0" if gpus() else ""


def _has_backend(name):
    try:
        return bool(jax.devices(name))
    except RuntimeError:
        return False


@export("test.is_built_with_cuda")
def is_built_with_cuda():
    """Whether this JAX can run on CUDA GPUs (the shim's equivalent of a CUDA build)."""
    return _has_backend("cuda")


@export("test.is_built_with_rocm")
def is_built_with_rocm():
    """Whether this JAX can run on ROCm GPUs."""
    return _has_backend("rocm")


@export("test.is_built_with_gpu_support")
def is_built_with_gpu_support():
    """Whether this JAX can run on any GPU."""
    return is_built_with_cuda() or is_built_with_rocm()
