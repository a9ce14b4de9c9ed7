"""Eager-mode switches. The shim is always eager; these calls exist so TF1 scripts run as written."""
from ..ops.registry import export

DEVICE_PLACEMENT_EXPLICIT, DEVICE_PLACEMENT_WARN, DEVICE_PLACEMENT_SILENT, \
    DEVICE_PLACEMENT_SILENT_FOR_INT32 = range(4)
SYNC, ASYNC = range(2)

for _name, _value in (("DEVICE_PLACEMENT_EXPLICIT", DEVICE_PLACEMENT_EXPLICIT),
                      ("DEVICE_PLACEMENT_WARN", DEVICE_PLACEMENT_WARN),
                      ("DEVICE_PLACEMENT_SILENT", DEVICE_PLACEMENT_SILENT),
                      ("DEVICE_PLACEMENT_SILENT_FOR_INT32", DEVICE_PLACEMENT_SILENT_FOR_INT32),
                      ("SYNC", SYNC), ("ASYNC", ASYNC)):
    export(f"contrib.eager.{_name}")(_value)


@export("enable_eager_execution", "contrib.eager.enable_eager_execution",
        "compat.v1.enable_eager_execution")
def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Accepted and idempotent: eager execution is always on (`config`, `device_policy` ignored)."""


@export("executing_eagerly", "contrib.eager.executing_eagerly")
def executing_eagerly():
    """Always True."""
    return True


@export("contrib.eager.in_eager_mode")
def in_eager_mode():
    return True


class _Options:
    """A TF1 protocol-buffer options message: fields given as keywords or set as attributes."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __repr__(self):
        return "\n".join(f"{k}: {v!r}" for k, v in sorted(self.__dict__.items()))


@export("GPUOptions")
class GPUOptions(_Options):
    """`tf.GPUOptions`: accepted so configs can be built; XLA manages device memory."""


@export("ConfigProto")
class ConfigProto(_Options):
    """`tf.ConfigProto`: accepted (for `enable_eager_execution(config=...)`) and ignored."""

    def __init__(self, **fields):
        fields.setdefault("gpu_options", GPUOptions())
        super().__init__(**fields)
