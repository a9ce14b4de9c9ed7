"""Python operators on Tensor and Variable, each the TF op TF binds it to.

`+ - * / // % ** @` and their reflected forms, unary `-`, `abs`, comparisons, and `& | ^ ~`
(logical ops on bools, as in TF 1.15). `==` stays identity-based, as in TF 1.15.
"""
from ..framework.tensor import Tensor
from ..variables import Variable
from . import array_ops
from .registry import EXPORTS

_BINARY = {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "truediv",
    "floordiv": "floordiv", "mod": "floormod", "pow": "pow", "matmul": "matmul",
    "and": "logical_and", "or": "logical_or", "xor": "logical_xor",
}
_COMPARISONS = {"lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal"}
_UNARY = {"neg": "negative", "abs": "abs", "invert": "logical_not"}


def _reflected(fn):
    return lambda self, other: fn(other, self)


def _install(cls):
    # The op functions take (x, y, name=None) and (x, name=None), so they are the methods.
    for dunder, name in _BINARY.items():
        fn = EXPORTS[name]
        setattr(cls, f"__{dunder}__", fn)
        setattr(cls, f"__r{dunder}__", _reflected(fn))
    for dunder, name in _COMPARISONS.items():
        setattr(cls, f"__{dunder}__", EXPORTS[name])
    for dunder, name in _UNARY.items():
        setattr(cls, f"__{dunder}__", EXPORTS[name])
    cls.__div__, cls.__rdiv__ = cls.__truediv__, cls.__rtruediv__


_install(Tensor)
_install(Variable)
Tensor.__getitem__ = array_ops.getitem
