"""TF's DType objects and the one dtype policy of the shim.

Matches TF 1.15: `repr(tf.float32)` is `tf.float32`, `str` is `<dtype: 'float32'>`, a DType
equals anything `tf.as_dtype` maps to it (NumPy dtypes and types, names), and string tensors
use NumPy's object dtype.
"""
import ml_dtypes
import numpy as np



class DType:
    """A TF element type (`tf.float32`, `tf.int64`, `tf.string`, ...)."""

    __slots__ = ("name", "_np", "size", "is_floating", "is_integer", "is_complex",
                 "is_bool", "is_unsigned", "is_string")

    def __init__(self, name, np_type, size):
        self.name = name
        self._np = np_type
        self.size = size
        kind = np.dtype(np_type).kind
        self.is_floating = kind == "f" or name == "bfloat16"
        self.is_integer = kind in "iu"
        self.is_unsigned = kind == "u"
        self.is_complex = kind == "c"
        self.is_bool = kind == "b"
        self.is_string = name == "string"

    @property
    def as_numpy_dtype(self):
        return self._np

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    @property
    def is_numpy_compatible(self):
        return not self.is_string

    @property
    def min(self):
        return self._limits().min

    @property
    def max(self):
        return self._limits().max

    def _limits(self):
        if self.is_integer:
            return np.iinfo(self._np)
        if self.is_floating:
            return ml_dtypes.finfo(self._np)
        raise TypeError(f"Cannot find minimum value of {self!r}.")

    def is_compatible_with(self, other):
        return self == other

    def __eq__(self, other):
        if other is self:
            return True
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return "tf." + self.name

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = DType("float16", np.float16, 2)
bfloat16 = DType("bfloat16", ml_dtypes.bfloat16, 2)
float32 = DType("float32", np.float32, 4)
float64 = DType("float64", np.float64, 8)
int8 = DType("int8", np.int8, 1)
int16 = DType("int16", np.int16, 2)
int32 = DType("int32", np.int32, 4)
int64 = DType("int64", np.int64, 8)
uint8 = DType("uint8", np.uint8, 1)
uint16 = DType("uint16", np.uint16, 2)
uint32 = DType("uint32", np.uint32, 4)
uint64 = DType("uint64", np.uint64, 8)
bool_ = DType("bool", np.bool_, 1)
complex64 = DType("complex64", np.complex64, 8)
complex128 = DType("complex128", np.complex128, 16)
string = DType("string", object, 8)

ALL = (float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, uint16,
       uint32, uint64, bool_, complex64, complex128, string)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update(half=float16, float=float32, double=float64, bool=bool_)
# NumPy dtype -> DType; the hot path of every op reads this.
BY_NUMPY = {np.dtype(d._np): d for d in ALL}
BY_NUMPY[np.dtype(np.str_)] = string
BY_NUMPY[np.dtype(np.bytes_)] = string

FLOATING = frozenset(d for d in ALL if d.is_floating)
COMPLEX = frozenset((complex64, complex128))
INTEGER = frozenset(d for d in ALL if d.is_integer)
NUMERIC = FLOATING | COMPLEX | INTEGER
REAL = FLOATING | INTEGER


def as_dtype(type_value):
    """`tf.as_dtype`: a DType from a DType, a name, or a NumPy dtype or type."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        found = _BY_NAME.get(type_value)
        if found is not None:
            return found
    else:
        try:
            found = BY_NUMPY.get(np.dtype(type_value))
        except TypeError:
            found = None
        if found is not None:
            return found
        if type_value in (str, bytes):
            return string
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")
