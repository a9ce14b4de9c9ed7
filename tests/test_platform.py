"""tf.logging, tf.compat, tf.sysconfig, tf.version and tf.test.TestCase, with TensorFlow's answers."""
import logging
import os
import pathlib
import textwrap

import numpy as np
import pytest

import tfeager_compat as tf
from conftest import run_cli


# ---- tf.logging -------------------------------------------------------------------------------
def test_logging_levels_and_logger():
    assert [tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR,
            tf.logging.FATAL] == [10, 20, 30, 40, 50]
    logger = tf.get_logger()
    assert logger is logging.getLogger("tensorflow") and logger.propagate


LOGGING_SCRIPT = """
    import tensorflow as tf
    tf.enable_eager_execution()
    print(tf.logging.get_verbosity())
    lg = tf.get_logger()
    print(lg.name, lg.level, lg.propagate, lg.handlers, type(lg).__name__)
    tf.logging.info("hidden info")
    tf.logging.warn("shown warn %d", 1)
    tf.logging.set_verbosity(tf.logging.INFO)
    print(tf.logging.get_verbosity(), lg.level)
    tf.logging.info("hello %d", 3)
    tf.logging.warning("warning")
    tf.logging.error("err")
    tf.logging.debug("dbg hidden")
    tf.logging.log(tf.logging.INFO, "log %s", 1)
    for i in range(5):
        tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, i)
    for i in range(5):
        tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, i)
    def f(i):
        tf.logging.log_every_n(tf.logging.INFO, "in f %d", 3, i)
    for i in range(4):
        f(i)
    tf.logging.log_if(tf.logging.INFO, "if true %d", True, 1)
    tf.logging.log_if(tf.logging.INFO, "if false", False)
    tf.logging.vlog(tf.logging.INFO, "vlog %s", 'a')
    tf.logging.set_verbosity(tf.logging.DEBUG)
    tf.logging.debug("dbg shown")
    tf.logging.TaskLevelStatusMessage("abc")
    tf.logging.fatal("fatal msg")
    try:
        tf.logging.flush()
    except NotImplementedError as e:
        print("flush", repr(e))
"""

# TensorFlow's stdout and stderr for LOGGING_SCRIPT: one counter is shared by every
# log_every_n / log_first_n call of a script (TF keys it on the frame above the script's).
LOGGING_STDOUT = """\
30
tensorflow 0 True [<StreamHandler <stderr> (NOTSET)>] Logger
20 20
flush NotImplementedError()
"""
LOGGING_STDERR = """\
WARNING:tensorflow:shown warn 1
INFO:tensorflow:hello 3
WARNING:tensorflow:warning
ERROR:tensorflow:err
INFO:tensorflow:log 1
INFO:tensorflow:first 0
INFO:tensorflow:first 1
INFO:tensorflow:every 1
INFO:tensorflow:every 3
INFO:tensorflow:in f 2
INFO:tensorflow:if true 1
INFO:tensorflow:vlog a
DEBUG:tensorflow:dbg shown
ERROR:tensorflow:abc
CRITICAL:tensorflow:fatal msg
"""


def test_logging_output_is_tensorflows(tmp_path):
    script = tmp_path / "log.py"
    script.write_text(textwrap.dedent(LOGGING_SCRIPT))
    code, out, err = run_cli("run", str(script))
    assert code == 0, err
    assert out == LOGGING_STDOUT
    assert err == LOGGING_STDERR


def test_log_records_carry_the_callers_line():
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = tf.get_logger()
    logger.addHandler(handler)
    try:
        tf.logging.error("here")
        tf.logging.log_if(tf.logging.ERROR, "there", True)
    finally:
        logger.removeHandler(handler)
    assert [(r.filename, r.funcName) for r in records] == [
        ("test_platform.py", "test_log_records_carry_the_callers_line")] * 2


# ---- tf.compat, tf.version, tf.sysconfig ------------------------------------------------------
@pytest.mark.parametrize("fn, args, expected", [
    ("as_bytes", ("héllo",), b"h\xc3\xa9llo"),
    ("as_bytes", (bytearray(b"ab"),), b"ab"),
    ("as_bytes", ("é", "latin-1"), b"\xe9"),
    ("as_text", (b"h\xc3\xa9",), "hé"),
    ("as_str", (b"a",), "a"),
    ("as_str_any", (b"b",), "b"),
    ("as_str_any", (3,), "3"),
    ("path_to_str", (pathlib.Path("/a/b"),), "/a/b"),
    ("path_to_str", (3,), 3),
])
def test_compat_conversions(fn, args, expected):
    assert getattr(tf.compat, fn)(*args) == expected


@pytest.mark.parametrize("fn, value, message", [
    ("as_bytes", 3, "Expected binary or unicode string, got 3"),
    ("as_text", 3.5, "Expected binary or unicode string, got 3.5"),
    ("as_str", None, "Expected binary or unicode string, got None"),
])
def test_compat_conversion_errors(fn, value, message):
    with pytest.raises(TypeError, match=f"^{message}$"):
        getattr(tf.compat, fn)(value)


def test_compat_types_and_forward_compatibility():
    assert isinstance(np.int64(3), tf.compat.integral_types)
    assert isinstance(2.5, tf.compat.real_types) and isinstance(1j, tf.compat.complex_types)
    assert tf.compat.bytes_or_text_types == (bytes, str)
    assert tf.compat.forward_compatible(2019, 1, 1) is True
    assert tf.compat.forward_compatible(2030, 1, 1) is False
    with tf.compat.forward_compatibility_horizon(2031, 1, 1):
        assert tf.compat.forward_compatible(2030, 1, 1) is True
    assert tf.compat.forward_compatible(2030, 1, 1) is False
    assert tf.compat.v1 is tf


def test_version_and_build_constants():
    assert (tf.version.VERSION, tf.VERSION, tf.__version__) == ("1.15.0",) * 3
    assert tf.GIT_VERSION == tf.version.GIT_VERSION == "v1.15.0-rc3-22-g590d6eef7e"
    assert tf.COMPILER_VERSION == "7.3.1 20180303" and tf.GRAPH_DEF_VERSION == 134
    assert (tf.version.GRAPH_DEF_VERSION_MIN_CONSUMER,
            tf.version.GRAPH_DEF_VERSION_MIN_PRODUCER) == (0, 0)
    assert (tf.CXX11_ABI_FLAG, tf.MONOLITHIC_BUILD, tf.sysconfig.CXX11_ABI_FLAG) == (0, 0, 0)


def test_sysconfig_names_the_shims_directories():
    package = os.path.dirname(tf.__file__)
    assert tf.sysconfig.get_lib() == package
    assert tf.sysconfig.get_include() == os.path.join(package, "include")
    assert tf.sysconfig.get_compile_flags() == [f"-I{package}/include",
                                                "-D_GLIBCXX_USE_CXX11_ABI=0"]
    assert tf.sysconfig.get_link_flags() == [f"-L{package}"]


# ---- tf.test.TestCase -------------------------------------------------------------------------
class _Case(tf.test.TestCase):
    __test__ = False  # a helper instance, not collected

    def runTest(self):
        pass


@pytest.fixture
def case():
    c = _Case()
    c.setUp()
    return c


def test_test_case_seeds_as_tensorflow(case):
    # TF's test seed 87654321 for NumPy (TF's value) and for the shim's global seed.
    assert np.random.rand() == 0.18463433217903202
    first = tf.random.uniform([]).numpy()
    tf.set_random_seed(87654321)
    assert tf.random.uniform([]).numpy() == first


@pytest.mark.parametrize("method, args", [
    ("assertAllClose", ([1.0, 2.0], tf.constant([1.0, 2.0000001]))),
    ("assertAllClose", ({"a": [1.0], "b": (2, 3)}, {"a": np.array([1.0]), "b": [2, 3]})),
    ("assertAllEqual", ([1, 2], tf.constant([1, 2]))),
    ("assertAllInRange", (tf.constant([1.0, 2.0]), 0.0, 3.0)),
    ("assertNear", (1.0, 1.05, 0.1)),
    ("assertArrayNear", ([1.0, 2.0], [1.0, 2.05], 0.1)),
    ("assertAllGreater", ([2, 3], 1)),
    ("assertAllInSet", ([1, 2], [1, 2, 3])),
    ("assertShapeEqual", (np.zeros((2, 3)), tf.zeros((2, 3)))),
    ("assertDTypeEqual", (tf.constant([1.0]), np.float32)),
    ("assertNotAllClose", ([1.0], [2.0])),
    ("assertAllCloseAccordingToType", (np.float16([1.0]), np.float16([1.0005]))),
])
def test_assertions_that_hold(case, method, args):
    assert getattr(case, method)(*args) is None


@pytest.mark.parametrize("method, args, kwargs, message", [
    ("assertAllInRange", (tf.constant([1.0, 5.0]), 0.0, 3.0), {},
     "1 of the 2 element(s) are outside the range [0.0, 3.0]. Subscript(s) and value(s) of "
     "the offending elements:\n  [1] : 5.0"),
    ("assertAllInRange", (tf.constant([1.0, 3.0]), 0.0, 3.0), {"open_upper_bound": True},
     "1 of the 2 element(s) are outside the range [0.0, 3.0). Subscript(s) and value(s) of "
     "the offending elements:\n  [1] : 3.0"),
    ("assertNear", (1.0, 1.5, 0.1), {"msg": "custom"},
     "False is not true : 1.000000 != 1.500000 +/- 0.100000 (custom)"),
    ("assertAllGreater", ([2, 3], 2), {}, "np.int64(2) not greater than 2"),
    ("assertAllLess", ([2, 3], 2), {}, "np.int64(3) not less than 2"),
    ("assertAllGreaterEqual", ([2, 3], 3), {}, "np.int64(2) not greater than or equal to 3"),
    ("assertAllLessEqual", ([2, 3], 2), {}, "np.int64(3) not less than or equal to 2"),
    ("assertAllInSet", ([1, 5], [1, 2, 3]), {},
     "1 unique element(s) are not in the set [1, 2, 3]: [5]"),
])
def test_failing_assertions_say_what_tensorflow_says(case, method, args, kwargs, message):
    with pytest.raises(AssertionError) as info:
        getattr(case, method)(*args, **kwargs)
    assert str(info.value) == message


def test_all_close_and_all_equal_failures_show_the_elements(case):
    with pytest.raises(AssertionError) as info:
        case.assertAllClose([1.0, 2.0], [1.0, 2.1])
    text = str(info.value)
    assert "Not equal to tolerance rtol=1e-06, atol=1e-06" in text
    assert ("Mismatched value: a is different from b. \nnot close where = (array([1]),)\n"
            "not close lhs = [2.]\nnot close rhs = [2.1]\nnot close dif = [0.1]\n"
            "not close tol = [3.1e-06]\ndtype = float64, shape = (2,)") in text
    with pytest.raises(AssertionError) as info:
        case.assertAllClose({"a": 1.0}, {"a": 1.5})
    assert "Mismatched value: a[a] is different from b[a]. \nnot close lhs = 1.0" in str(info.value)
    with pytest.raises(AssertionError, match=r"Shape mismatch: expected \(2,\), got \(3,\) with "
                                             r"contents \[1. 2. 3.\]."):
        case.assertAllClose([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(AssertionError) as info:
        case.assertAllEqual([1, 2], [1, 3])
    assert ("not equal where = (array([1]),)\nnot equal lhs = array([2])\n"
            "not equal rhs = array([3])") in str(info.value)
    with pytest.raises(AssertionError, match=r"Shape mismatch: expected \(2,\), got \(3,\). "
                                             r"Contents: array\(\[1, 2, 3\]\). \n.$"):
        case.assertAllEqual([1, 2], [1, 2, 3])
    with pytest.raises(AssertionError, match="^The two values are close at all elements$"):
        case.assertNotAllClose([1.0], [1.0])


def test_evaluate_and_eager_sessions(case):
    value = case.evaluate(tf.constant([1, 2]))
    assert value.dtype == np.int32 and value.tolist() == [1, 2]
    values = case.evaluate({"a": tf.constant(1.0), "b": [tf.Variable(2.0)]})
    assert values == {"a": np.float32(1.0), "b": [np.float32(2.0)]}
    assert type(values["b"][0]) is np.float32 and case.evaluate(None) is None
    with pytest.raises(ValueError, match="^Unsupported type <class 'int'>.$"):
        case.evaluate(1)
    with case.cached_session() as sess:
        assert type(sess).__name__ == "FakeEagerSession"
        assert sess.run(tf.constant(3)) == 3
        with pytest.raises(RuntimeError, match="^feed_dict is not supported"):
            sess.run(tf.constant(3), feed_dict={1: 2})
    with case.session() as sess:
        assert type(sess).__name__ == "EagerSessionWarner"
        with pytest.raises(AttributeError, match="^Trying to access properties or call methods "
                                                 "on the result of self.session()"):
            sess.run(1)
    with case.test_session() as sess:
        assert sess is None
    assert case.get_temp_dir() == case.get_temp_dir()
    assert os.path.isdir(case.get_temp_dir())
    assert tf.test.get_temp_dir() == tf.test.get_temp_dir()
