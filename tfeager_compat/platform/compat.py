"""`tf.compat`: TF 1.15's string conversions, number type tuples and forward compatibility."""
import contextlib
import datetime
import numbers
import os

import numpy as np

from ..ops.registry import export

integral_types = (numbers.Integral, np.integer)
real_types = (numbers.Real, np.integer, np.floating)
complex_types = (numbers.Complex, np.number)
bytes_or_text_types = (bytes, str)
for _name in ("integral_types", "real_types", "complex_types", "bytes_or_text_types"):
    export(f"compat.{_name}")(globals()[_name])


@export("compat.as_bytes")
def as_bytes(bytes_or_text, encoding="utf-8"):
    """bytes of a bytes, bytearray or str (encoded with `encoding`)."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


@export("compat.as_text", "compat.as_str")
def as_text(bytes_or_text, encoding="utf-8"):
    """str of a str or bytes (decoded with `encoding`)."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


@export("compat.as_str_any")
def as_str_any(value):
    """`as_str` of bytes, `str()` of anything else."""
    return as_text(value) if isinstance(value, bytes) else str(value)


@export("compat.path_to_str")
def path_to_str(path):
    """The str of an `os.PathLike`; anything else unchanged."""
    if hasattr(path, "__fspath__"):
        path = as_str_any(path.__fspath__())
    return path


# TF 1.15's horizon, moved by TF_FORWARD_COMPATIBILITY_DELTA_DAYS as in TF.
_HORIZON = datetime.date(2019, 8, 6)
_horizon = []


def _date_number(date):
    return (date.year << 9) | (date.month << 5) | date.day


def _current_horizon():
    if _horizon:
        return _horizon[-1]
    delta = os.getenv("TF_FORWARD_COMPATIBILITY_DELTA_DAYS")
    return _HORIZON + datetime.timedelta(days=int(delta)) if delta else _HORIZON


@export("compat.forward_compatible")
def forward_compatible(year, month, day):
    """True when the forward-compatibility horizon is past (year, month, day)."""
    return _date_number(_current_horizon()) > ((year << 9) | (month << 5) | day)


@export("compat.forward_compatibility_horizon")
@contextlib.contextmanager
def forward_compatibility_horizon(year, month, day):
    """Within the block, `forward_compatible` answers as if the horizon were this date."""
    _horizon.append(datetime.date(year, month, day))
    try:
        yield
    finally:
        _horizon.pop()
