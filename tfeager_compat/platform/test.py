"""`tf.test` as TF 1.15 eager has it: `TestCase` (absltest's, with TF's assertions), `main`.

Under eager execution `session()` yields an object that refuses use, `cached_session()` one
whose `run` evaluates its fetches, and `test_session()` None, as in TF. `setUp` seeds Python,
NumPy and the TF global seed with TF's test seed 87654321.
"""
import contextlib
import itertools
import math
import random
import sys
import tempfile
import unittest.mock

import numpy as np
from absl.testing import absltest

from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor import Tensor
from ..graph_only import reset_default_graph
from ..ops.random_ops import set_random_seed
from ..ops.registry import export
from ..variables import Variable

_TEST_SEED = 87654321  # TF's DEFAULT_GRAPH_SEED

export("test.mock")(unittest.mock)


@export("test.main")
def main(argv=None):
    """Run the tests of `__main__` with absltest's runner (exits with the result)."""
    if argv is not None:
        sys.argv = list(argv)
    return absltest.main()


_TEMP_DIR = []


@export("test.get_temp_dir")
def get_temp_dir():
    """A temporary directory, made on first call and the same for the whole process."""
    if not _TEMP_DIR:
        _TEMP_DIR.append(tempfile.mkdtemp())
    return _TEMP_DIR[0]


@export("test.is_built_with_xla")
def is_built_with_xla():
    """Always True: every op runs through XLA."""
    return True


class EagerSessionWarner:
    """What `self.session()` yields under eager execution: any use raises."""

    def __getattr__(self, name):
        raise AttributeError(
            "Trying to access properties or call methods on the result of self.session(), "
            "self.cached_session(), etc while eager execution is enabled. If you're porting "
            "this test case to TF 2.0, either adapt the test to work with eager execution or "
            "insert a call to tf.disable_eager_execution() in the main() function of this "
            "test file.")


class FakeEagerSession:
    """What `self.cached_session()` yields under eager execution: `run(t)` is `t.numpy()`."""

    def __init__(self, test_case):
        self._test_case = test_case

    def run(self, fetches, *args, **kwargs):
        if kwargs.pop("feed_dict", None):
            raise RuntimeError("feed_dict is not supported when eager execution is enabled "
                               "(in this case, sess.run(t) is shorthand for t.numpy()")
        if args or kwargs:
            raise RuntimeError("Optional args are not supported when eager execution is "
                               "enabled (in this case, sess.run(t) is shorthand for t.numpy()")
        return self._test_case.evaluate(fetches)


def _ndarray(a):
    if isinstance(a, (Tensor, Variable)):
        return a.numpy()
    return a if isinstance(a, np.ndarray) else np.array(a)


@export("test.TestCase")
class TestCase(absltest.TestCase):
    """TF 1.15's `tf.test.TestCase` for eager code."""

    def setUp(self):
        super().setUp()
        random.seed(_TEST_SEED)
        np.random.seed(_TEST_SEED)
        reset_default_graph()
        set_random_seed(_TEST_SEED)

    # -- running ----------------------------------------------------------------------------
    def evaluate(self, tensors):
        """The NumPy values of a structure of tensors and variables (None stays None)."""
        if tensors is None:
            return None
        if isinstance(tensors, dict):
            return {k: self.evaluate(v) for k, v in tensors.items()}
        if isinstance(tensors, (list, tuple)) and not hasattr(tensors, "_fields"):
            return type(tensors)(self.evaluate(t) for t in tensors)
        if hasattr(tensors, "_fields"):  # a namedtuple
            return type(tensors)(*(self.evaluate(t) for t in tensors))
        if callable(tensors) and not isinstance(tensors, (Tensor, Variable)):
            return self.evaluate(tensors())
        if isinstance(tensors, IndexedSlices):
            return IndexedSlices(*(self.evaluate(t) for t in
                                   (tensors.values, tensors.indices, tensors.dense_shape)))
        try:
            return tensors.numpy()
        except AttributeError:
            raise ValueError(f"Unsupported type {type(tensors)}.") from None

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        yield EagerSessionWarner()

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        yield FakeEagerSession(self)

    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A block that yields None under eager execution; a runner that collects it as a
        test (its name starts with "test") sees it skipped, as in TF."""
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")
        return contextlib.nullcontext()

    def get_temp_dir(self):
        """A temporary directory, the same one for the whole test."""
        if getattr(self, "_tf_tempdir", None) is None:
            self._tf_tempdir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._tf_tempdir

    # -- assertions ---------------------------------------------------------------------------
    def assertNear(self, f1, f2, err, msg=None):
        self.assertTrue(f1 == f2 or math.fabs(f1 - f2) <= err,
                        "%f != %f +/- %f%s" % (f1, f2, err,
                                               " (%s)" % msg if msg is not None else ""))

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):
        self.assertTrue(np.linalg.norm(_ndarray(ndarray1) - _ndarray(ndarray2)) < err, msg=msg)

    def _assert_array_close(self, a, b, rtol, atol, msg):
        a, b = _ndarray(a), _ndarray(b)
        self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}"
                                           f" with contents {b}.")
        if np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True):
            return
        lines = [msg]
        bad = np.logical_or(np.abs(a - b) > atol + rtol * np.abs(b), np.isnan(a) != np.isnan(b))
        if a.ndim:
            where = np.where(bad)
            x, y = a[where], b[where]
            lines.append(f"not close where = {where}")
        else:
            x, y = a, b
        lines += [f"not close lhs = {x}", f"not close rhs = {y}",
                  f"not close dif = {np.abs(x - y)}",
                  f"not close tol = {atol + rtol * np.abs(y)}",
                  f"dtype = {a.dtype}, shape = {a.shape}"]
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg="\n".join(lines),
                                   equal_nan=True)

    def _assert_all_close(self, a, b, rtol, atol, path, msg):
        path_str = "".join(f"[{p}]" for p in path)
        if hasattr(a, "_asdict"):
            a = a._asdict()
        if hasattr(b, "_asdict"):
            b = b._asdict()
        if isinstance(a, dict) != isinstance(b, dict):
            raise ValueError(f"Can't compare dict to non-dict, a{path_str} vs b{path_str}. "
                             f"{msg}")
        if isinstance(a, dict):
            self.assertCountEqual(a.keys(), b.keys(),
                                  msg=f"mismatched keys: a{path_str} has keys {a.keys()}, but "
                                      f"b{path_str} has keys {b.keys()}. {msg}")
            for k in a:
                self._assert_all_close(a[k], b[k], rtol, atol, path + [k], msg)
            return
        mismatch = f"Mismatched value: a{path_str} is different from b{path_str}. {msg}"
        if isinstance(a, (list, tuple)):
            try:
                a_array, b_array = _ndarray(a), _ndarray(b)
            except (ValueError, TypeError):
                a_array = None
            if a_array is not None and a_array.dtype != object and b_array.dtype != object:
                self._assert_array_close(a_array, b_array, rtol, atol, mismatch)
                return
            if len(a) != len(b):
                raise ValueError(f"Mismatched length: a{path_str} has {len(a)} items, but "
                                 f"b{path_str} has {len(b)} items. {msg}")
            for i, (x, y) in enumerate(zip(a, b)):
                self._assert_all_close(x, y, rtol, atol, path + [str(i)], msg)
            return
        self._assert_array_close(a, b, rtol, atol, mismatch)

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        """`a` and `b` (arrays, tensors, or nested dicts/lists/tuples of them) are close."""
        self._assert_all_close(a, b, rtol, atol, [], msg or "")

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6,
                                      float_atol=1e-6, half_rtol=1e-3, half_atol=1e-3,
                                      bfloat16_rtol=1e-2, bfloat16_atol=1e-2, msg=None):
        """`assertAllClose` with the tolerance widened for float32, float16 and bfloat16."""
        a, b = _ndarray(a), _ndarray(b)
        dtypes = {a.dtype.name, b.dtype.name}
        if dtypes & {"float32", "complex64"}:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if "float16" in dtypes:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if "bfloat16" in dtypes:
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, **kwargs):
        try:
            self.assertAllClose(a, b, **kwargs)
        except AssertionError:
            return
        raise AssertionError("The two values are close at all elements")

    def assertAllEqual(self, a, b, msg=None):
        msg = msg or ""
        a, b = _ndarray(a), _ndarray(b)
        self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got "
                                           f"{b.shape}. Contents: {b!r}. \n{msg}.")
        same = a == b
        if a.dtype.kind == "f" or a.dtype.name == "bfloat16":
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        if np.all(same):
            return
        lines = [msg]
        if a.ndim:
            where = np.where(np.logical_not(same))
            x, y = a[where], b[where]
            lines.append(f"not equal where = {where}")
        else:
            x, y = a, b
        lines += [f"not equal lhs = {x!r}", f"not equal rhs = {y!r}"]
        np.testing.assert_array_equal(a, b, err_msg="\n".join(lines))

    def assertNotAllEqual(self, a, b, msg=None):
        try:
            self.assertAllEqual(a, b)
        except AssertionError:
            return
        raise AssertionError(f"The two values are equal at all elements. {msg or ''}")

    def assertAllGreater(self, a, comparison_target):
        self.assertGreater(np.min(_ndarray(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):
        self.assertLess(np.max(_ndarray(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):
        self.assertGreaterEqual(np.min(_ndarray(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):
        self.assertLessEqual(np.max(_ndarray(a)), comparison_target)

    @staticmethod
    def _subscripts(subscripts, value, limit=10):
        rows = np.transpose(subscripts)
        lines = [f"  {row} : {value[tuple(row)]}" for row in itertools.islice(rows, limit)]
        return lines + ["  ..."] if len(rows) > limit else lines

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,
                         open_upper_bound=False):
        """Every element of `target` lies in the range (closed unless told open)."""
        target = _ndarray(target)
        if target.dtype.kind not in "fiu":
            raise AssertionError(f"The value of {target} does not have an ordered numeric "
                                 f"type, instead it has type: {target.dtype}")
        nans = np.where(np.isnan(target))
        if np.size(nans):
            raise AssertionError(
                f"{len(nans[0])} of the {np.size(target)} element(s) are NaN. Subscripts(s) "
                "and value(s) of the NaN element(s):\n"
                + "\n".join(self._subscripts(nans, target)))
        bounds = (("(" if open_lower_bound else "[") + f"{lower_bound}, {upper_bound}"
                  + (")" if open_upper_bound else "]"))
        below = target <= lower_bound if open_lower_bound else target < lower_bound
        above = target >= upper_bound if open_upper_bound else target > upper_bound
        bad = np.where(np.logical_or(below, above))
        if np.size(bad):
            raise AssertionError(
                f"{len(bad[0])} of the {np.size(target)} element(s) are outside the range "
                f"{bounds}. Subscript(s) and value(s) of the offending elements:\n"
                + "\n".join(self._subscripts(bad, target)))

    def assertAllInSet(self, target, expected_set):
        """Every element of `target` is in `expected_set`."""
        target = _ndarray(target)
        diff = np.setdiff1d(target.flatten().tolist(), list(set(expected_set)))
        if np.size(diff):
            raise AssertionError(f"{np.size(diff)} unique element(s) are not in the set "
                                 f"{expected_set}: {diff}")

    def assertDTypeEqual(self, target, expected_dtype):
        """Every element of `target` has NumPy dtype `expected_dtype`."""
        self.assertEqual(_ndarray(target).dtype, np.dtype(expected_dtype))

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):
        """A NumPy array and a tensor have the same shape."""
        self.assertIsInstance(np_array, np.ndarray)
        self.assertIsInstance(tf_tensor, Tensor)
        self.assertAllEqual(np_array.shape, tf_tensor.get_shape().as_list(), msg=msg)

    def assertStartsWith(self, actual, expected_start, msg=None):
        if not actual.startswith(expected_start):
            fail = f"{actual!r} does not start with {expected_start!r}"
            self.fail(fail + (f" : {msg}" if msg else ""))
