"""Tensors as TF 1.15 eager shows them: conversion, reprs, the Python protocol, operators."""
import numpy as np
import pytest

import tfeager_compat as tf

# value -> (dtype name, numpy value) by TF's conversion rules (values from TensorFlow).
CONVERSIONS = [
    (1, "int32", 1),
    (1.0, "float32", 1.0),
    (True, "bool", True),
    (1 + 2j, "complex128", 1 + 2j),
    (2 ** 40, "int64", 2 ** 40),
    ([1, 2 ** 40], "int64", [1, 2 ** 40]),
    ([1, 2.5], "float32", [1.0, 2.5]),
    ([[1, 2], [3, 4]], "int32", [[1, 2], [3, 4]]),
    (np.float64(1.0), "float64", 1.0),
    (np.array([1.0, 2.0]), "float64", [1.0, 2.0]),
    (np.array([1, 2], np.int64), "int64", [1, 2]),
    (np.array([1, 2], np.uint8), "uint8", [1, 2]),
    ("abc", "string", b"abc"),
    (["a", "bc"], "string", [b"a", b"bc"]),
]


@pytest.mark.parametrize("value,dtype,expected", CONVERSIONS)
def test_constant_follows_tf_conversion_rules(value, dtype, expected):
    t = tf.constant(value)
    assert t.dtype == getattr(tf, dtype)
    assert np.asarray(t.numpy()).tolist() == np.asarray(
        expected, dtype=object if dtype == "string" else None).tolist()


@pytest.mark.parametrize("value,dtype,message", [
    (1.5, "int32", "Cannot convert 1.5 to EagerTensor of dtype int32"),
    (True, "float32", "Cannot convert True to EagerTensor of dtype float32"),
])
def test_constant_refuses_lossy_python_conversion(value, dtype, message):
    with pytest.raises(TypeError, match=message):
        tf.constant(value, dtype=getattr(tf, dtype))


def test_constant_out_of_range_integer():
    with pytest.raises(ValueError, match="out-of-range integer"):
        tf.constant(2 ** 63)


def test_constant_numpy_with_dtype_converts():
    t = tf.constant(np.array([1.0, 2.0]), dtype=tf.float32)
    assert t.dtype == tf.float32 and t.numpy().tolist() == [1.0, 2.0]
    assert tf.convert_to_tensor(np.array([1.0, 2.0]), dtype=tf.float32).dtype == tf.float32


def test_constant_shape_reshapes_or_fills():
    assert tf.constant([[1, 2], [3, 4]], shape=[4]).numpy().tolist() == [1, 2, 3, 4]
    assert tf.constant(7, shape=[2, 3]).numpy().tolist() == [[7, 7, 7], [7, 7, 7]]
    with pytest.raises(TypeError, match="Eager execution of tf.constant with unsupported shape"):
        tf.constant([1, 2], shape=[2, 2])


REPRS = [
    (lambda: tf.constant(1.0), "tf.Tensor(1.0, shape=(), dtype=float32)",
     "<tf.Tensor: shape=(), dtype=float32, numpy=1.0>"),
    (lambda: tf.constant(1), "tf.Tensor(1, shape=(), dtype=int32)",
     "<tf.Tensor: shape=(), dtype=int32, numpy=1>"),
    (lambda: tf.constant([[1., 2.], [3., 4.]]),
     "tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)",
     "<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], "
     "dtype=float32)>"),
    (lambda: tf.constant(True), "tf.Tensor(True, shape=(), dtype=bool)",
     "<tf.Tensor: shape=(), dtype=bool, numpy=True>"),
    (lambda: tf.constant("abc"), "tf.Tensor(b'abc', shape=(), dtype=string)",
     "<tf.Tensor: shape=(), dtype=string, numpy=b'abc'>"),
    (lambda: tf.constant(["a", "bc"]), "tf.Tensor([b'a' b'bc'], shape=(2,), dtype=string)",
     "<tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'bc'], dtype=object)>"),
    (lambda: tf.zeros([0, 3]), "tf.Tensor([], shape=(0, 3), dtype=float32)",
     "<tf.Tensor: shape=(0, 3), dtype=float32, numpy=array([], shape=(0, 3), dtype=float32)>"),
    (lambda: tf.constant([1, 2], dtype=tf.int64), "tf.Tensor([1 2], shape=(2,), dtype=int64)",
     "<tf.Tensor: shape=(2,), dtype=int64, numpy=array([1, 2])>"),
    (lambda: tf.constant(1 + 2j), "tf.Tensor((1+2j), shape=(), dtype=complex128)",
     "<tf.Tensor: shape=(), dtype=complex128, numpy=(1+2j)>"),
    (lambda: tf.constant(np.arange(2000, dtype=np.float32)),
     "tf.Tensor([0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03], "
     "shape=(2000,), dtype=float32)", None),
]


@pytest.mark.parametrize("make,text,representation", REPRS)
def test_str_and_repr_as_tensorflow_prints_them(make, text, representation):
    t = make()
    assert str(t) == text
    if representation is not None:
        assert repr(t) == representation


def test_numpy_of_scalar_is_numpy_scalar():
    value = tf.constant(2.5).numpy()
    assert type(value) is np.float32 and value == 2.5
    assert type(tf.constant("abc").numpy()) is bytes
    assert isinstance(tf.constant([1, 2]).numpy(), np.ndarray)


def test_python_protocol():
    t = tf.constant([[1., 2.], [3., 4.]])
    assert len(t) == 2
    assert [str(row) for row in t] == ["tf.Tensor([1. 2.], shape=(2,), dtype=float32)",
                                      "tf.Tensor([3. 4.], shape=(2,), dtype=float32)"]
    assert float(tf.constant(2.5)) == 2.5
    assert int(tf.constant(3)) == 3
    assert [10, 20, 30][tf.constant(1)] == 20
    assert bool(tf.constant(True)) is True
    with pytest.raises(ValueError):
        bool(tf.constant([1, 2]))
    assert "{:.3f}".format(tf.constant(2.5)) == "2.500"
    assert "%i" % tf.constant(3) == "3"
    assert "%f" % tf.constant(2.5) == "2.500000"
    assert t.device == "/job:localhost/replica:0/task:0/device:CPU:0"


def test_numpy_functions_accept_tensors():
    a = tf.constant([[1, 2], [3, 4]])
    c = np.multiply(a, tf.add(a, 1))
    assert type(c) is np.ndarray and c.tolist() == [[2, 6], [12, 20]]
    assert np.asarray(a).dtype == np.int32


def test_equality_and_hash_are_identity_as_in_tf_1_15():
    a, b = tf.constant(1), tf.constant(1)
    assert a == a and a != b
    assert len({a, b}) == 2


SLICES = [
    (lambda t: t[0], [1., 2.], (2,)),
    (lambda t: t[:, 1], [2., 4.], (2,)),
    (lambda t: t[..., None], [[[1.], [2.]], [[3.], [4.]]], (2, 2, 1)),
    (lambda t: t[::-1], [[3., 4.], [1., 2.]], (2, 2)),
    (lambda t: t[-1, -1], 4.0, ()),
    (lambda t: t[tf.newaxis], [[[1., 2.], [3., 4.]]], (1, 2, 2)),
    (lambda t: t[[0, 1]], 2.0, ()),
    (lambda t: t[tf.constant(1)], [3., 4.], (2,)),
    (lambda t: t[:, None, 0], [[1.], [3.]], (2, 1)),
]


@pytest.mark.parametrize("index,expected,shape", SLICES)
def test_slicing(index, expected, shape):
    out = index(tf.constant([[1., 2.], [3., 4.]]))
    assert out.numpy().tolist() == expected and out.shape.as_list() == list(shape)


@pytest.mark.parametrize("index,message", [
    (lambda t: t[5], "slice index 5 of dimension 0 out of bounds."),
    (lambda t: t[0, 0, 0], "Index out of range using input dim 2; input has only 2 dims"),
])
def test_bad_index_raises_invalid_argument(index, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        index(tf.constant([[1., 2.], [3., 4.]]))


OPERATORS = [
    (lambda a: a + 1, [2, 3], "int32"),
    (lambda a: 1 + a, [2, 3], "int32"),
    (lambda a: a - 1, [0, 1], "int32"),
    (lambda a: 5 - a, [4, 3], "int32"),
    (lambda a: a * a, [1, 4], "int32"),
    (lambda a: a / 2, [0.5, 1.0], "float64"),
    (lambda a: 7 // a, [7, 3], "int32"),
    (lambda a: 7 % (a + 2), [1, 3], "int32"),
    (lambda a: a ** 2, [1, 4], "int32"),
    (lambda a: 2 ** a, [2, 4], "int32"),
    (lambda a: -a, [-1, -2], "int32"),
    (lambda a: abs(-a), [1, 2], "int32"),
    (lambda a: a < 2, [True, False], "bool"),
    (lambda a: a >= 2, [False, True], "bool"),
    (lambda a: (a > 1) & (a < 3), [False, True], "bool"),
    (lambda a: (a > 1) | (a < 2), [True, True], "bool"),
    (lambda a: (a > 1) ^ (a < 3), [True, False], "bool"),
    (lambda a: ~(a > 1), [True, False], "bool"),
    (lambda a: np.int32(3) * a, [3, 6], "int32"),
]


@pytest.mark.parametrize("expression,expected,dtype", OPERATORS)
def test_operators(expression, expected, dtype):
    out = expression(tf.constant([1, 2]))
    assert isinstance(out, tf.Tensor)
    assert out.numpy().tolist() == expected and out.dtype == getattr(tf, dtype)


def test_matmul_operator():
    a = tf.constant([[1., 2.], [3., 4.]])
    assert (a @ a).numpy().tolist() == [[7., 10.], [15., 22.]]


def test_numpy_operand_takes_the_tensor_dtype():
    out = tf.constant([1., 2.]) + np.array([1., 2.])
    assert out.dtype == tf.float32 and out.numpy().tolist() == [2., 4.]
    out = np.float64(2.0) * tf.constant(3.0)
    assert isinstance(out, tf.Tensor) and out.dtype == tf.float32 and out.numpy() == 6.0


def test_mixed_dtypes_raise_invalid_argument_at_the_call():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"cannot compute AddV2 as input #1\(zero-based\) was expected to be "
                             r"a int32 tensor but is a float tensor \[Op:AddV2\]"):
        tf.constant([1, 2]) + tf.constant([1.0, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float tensor but "
                                                             "is a double tensor"):
        tf.add(tf.constant([1.]), tf.constant([1.], dtype=tf.float64))


def test_python_float_into_int_tensor_raises():
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.multiply(tf.constant([1, 2]), 1.5)
    for operation in (lambda a: a - 1.5, lambda a: 1.5 * a, lambda a: a < 1.5):
        with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
            operation(tf.constant([1, 2]))


def test_bytes_keep_trailing_nul_and_empty_string_tensors():
    assert tf.constant([b"\x01\x00"]).numpy().tolist() == [b"\x01\x00"]
    assert tf.constant(b"a\x00").numpy() == b"a\x00"
    empty = tf.constant([], tf.string)
    assert empty.dtype == tf.string and empty.shape == (0,)


def test_matmul_shape_mismatch_raises_at_the_call():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[2,3\]"):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))


def test_broadcast_mismatch_raises_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes: "
                                                             r"\[3\] vs. \[2\]"):
        tf.constant([1, 2, 3]) + tf.constant([1, 2])


def test_strings_add_by_concatenation_and_refuse_numbers():
    assert (tf.constant("abc") + tf.constant("d")).numpy() == b"abcd"
    assert tf.equal(tf.constant(["a", "b"]), "a").numpy().tolist() == [True, False]
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant("abc") + tf.constant(1)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.square(tf.constant("abc"))
    with pytest.raises(TypeError, match="Cannot convert 2 to EagerTensor of dtype string"):
        tf.constant(["a", "b"]) * 2


def test_numpy_is_a_writable_copy_and_asarray_a_read_only_view():
    # TF 2.21: numpy() and np.array() give writable copies; np.asarray() a read-only view.
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    n = a.numpy()
    n[0, 0] = 9.0
    assert a.numpy()[0, 0] == 1.0 and n[0, 0] == 9.0
    assert np.array(a).flags.writeable and not np.asarray(a).flags.writeable
    v = tf.Variable([1.0, 2.0])
    m = v.numpy()
    m[0] = 7.0
    assert v.numpy().tolist() == [1.0, 2.0] and m.tolist() == [7.0, 2.0]
    with tf.GradientTape() as tape:  # a packed gradient result too
        loss = tf.reduce_sum(v * v)
    g = tape.gradient(loss, v).numpy()
    g[1] = 0.0
    assert g.tolist() == [2.0, 0.0] and loss.numpy() == 5.0


def test_python_numbers_share_a_device_array_but_never_a_tensor():
    a, b = tf.constant(2.0), tf.constant(2.0)
    assert a is not b and a._array() is b._array()  # one host-to-device copy, two tensors
    assert tf.constant(2).dtype == tf.int32 and tf.constant(2, tf.int64).dtype == tf.int64
    assert tf.constant(True).dtype == tf.bool and tf.constant(1.0).dtype == tf.float32
    assert str(tf.constant(-0.0)) == "tf.Tensor(-0.0, shape=(), dtype=float32)"
    assert str(tf.constant(0.0)) == "tf.Tensor(0.0, shape=(), dtype=float32)"
    assert np.isnan(tf.constant(float("nan")).numpy())
    with tf.GradientTape() as tape:  # watching one does not watch the other
        tape.watch(a)
        y = a * b
    assert [None if g is None else g.numpy() for g in tape.gradient(y, [a, b])] == [2.0, None]
    with pytest.raises(TypeError):
        tf.constant(1.5, tf.int32)  # TF refuses, and nothing is cached for it
    assert tf.constant(1, tf.float32).numpy() == 1.0
