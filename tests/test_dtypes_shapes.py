"""DType objects and TF1's TensorShape of Dimensions."""
import numpy as np
import pytest

import tfeager_compat as tf


def test_dtype_reprs_and_equality():
    assert repr(tf.float32) == "tf.float32"
    assert str(tf.float32) == "<dtype: 'float32'>"
    assert tf.float32 == np.float32 and tf.float32 == "float32" and tf.float32 == np.dtype("float32")
    assert tf.float32 != tf.float64 and tf.float32 != "not a dtype"
    assert tf.as_dtype("float64") is tf.float64 and tf.as_dtype(np.int64) is tf.int64
    assert hash(tf.as_dtype("float32")) == hash(tf.float32)


@pytest.mark.parametrize("dtype,numpy_type,size,floating,integer", [
    ("float16", np.float16, 2, True, False),
    ("float32", np.float32, 4, True, False),
    ("float64", np.float64, 8, True, False),
    ("int8", np.int8, 1, False, True),
    ("int16", np.int16, 2, False, True),
    ("int32", np.int32, 4, False, True),
    ("int64", np.int64, 8, False, True),
    ("uint8", np.uint8, 1, False, True),
    ("bool", np.bool_, 1, False, False),
    ("complex64", np.complex64, 8, False, False),
])
def test_dtype_properties(dtype, numpy_type, size, floating, integer):
    d = getattr(tf, dtype)
    assert d.name == dtype and d.as_numpy_dtype is numpy_type and d.size == size
    assert d.is_floating == floating and d.is_integer == integer


def test_dtype_limits_and_special_types():
    assert tf.float32.min == np.float32(-3.4028235e+38) and tf.float32.max == np.float32(3.4028235e+38)
    assert tf.int8.min == -128 and tf.uint8.max == 255
    assert tf.string.as_numpy_dtype is object
    assert tf.bfloat16.name == "bfloat16" and tf.bfloat16.is_floating
    assert tf.complex64.is_complex and tf.complex64.real_dtype is tf.float32
    assert tf.float32.real_dtype is tf.float32 and tf.float32.base_dtype is tf.float32
    with pytest.raises(TypeError):
        tf.as_dtype("no_such_type")


def test_tensor_shape_of_dimensions():
    shape = tf.zeros([2, 3]).shape
    assert repr(shape) == "TensorShape([Dimension(2), Dimension(3)])"
    assert str(shape) == "(2, 3)"
    assert repr(shape[0]) == "Dimension(2)" and str(shape[0]) == "2"
    assert shape[0].value == 2 and int(shape[1]) == 3
    assert shape.as_list() == [2, 3] and shape.ndims == 2 and shape.num_elements() == 6
    assert shape == (2, 3) and shape == [2, 3] and shape != [3, 2]
    assert repr(shape[1:]) == "TensorShape([Dimension(3)])"
    assert list(range(shape[0])) == [0, 1]
    assert tf.zeros([2, 3]).get_shape() == shape
    assert repr(shape[0] + 1) == "Dimension(3)"


def test_partially_known_shapes():
    assert repr(tf.TensorShape(None)) == "TensorShape(None)"
    assert str(tf.TensorShape(None)) == "<unknown>"
    assert str(tf.TensorShape([None, 3])) == "(?, 3)"
    assert repr(tf.Dimension(None)) == "Dimension(None)" and str(tf.Dimension(None)) == "?"
    assert tf.TensorShape([None, 3]).num_elements() is None
    assert tf.TensorShape([None, 3]).is_compatible_with([5, 3])
    assert str(tf.TensorShape([4])) == "(4,)" and str(tf.TensorShape([])) == "()"
