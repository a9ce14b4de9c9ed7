"""Runs one sweep case under a `tf` module and describes what happened as plain JSON data.

The same code runs under TensorFlow's `compat.v1` (by `tools/oracle_sweep.py`, in the oracle's
venv) and under tfeager_compat (by the suite), so both sides are described alike. It imports
neither: the caller passes its `tf`.

A case is `{"op": "math.maximum", "args": [...], "kwargs": {...}}`; an argument is a JSON
literal (a Python number, list, string, None) or a dict:
  - `{"t": dtype, "v": value[, "s": shape]}`: `tf.constant` of a NumPy array of that dtype
    (complex values as [re, im] pairs);
  - `{"np": dtype, "v": value[, "s": shape]}`: the NumPy array itself;
  - `{"dtype": name}`: `tf.as_dtype(name)`;
  - `{"list": [args]}`: a Python list of arguments (for concat, stack, add_n).
A case with `"grad": false` skips its gradient pass.

The description of a call is `{"out": ...}` or `{"error": class name, "message": text}`;
an output is `{"dtype", "shape", "value"}` for a tensor, `{"items": [...]}` for a tuple or
list, `{"py": repr}` for anything else. `"grads"` holds, for each float tensor argument (in
order), the gradient of the sum of the float outputs (`None` where TF gives None), or
`"grad_error"` the error of that pass.
"""
import re

import numpy as np

FLOAT_DTYPES = ("float16", "float32", "float64")
# XLA's and Eigen's float32 transcendental functions differ in the last bits.
TOLERANCE = {"float16": (1e-2, 1e-3), "float32": (1e-4, 1e-5), "float64": (1e-9, 1e-12),
             "complex64": (1e-4, 1e-5), "complex128": (1e-9, 1e-12)}
_FUNCTION_NODE = re.compile(r"^\{\{function_node [^}]*\}\} ")
_NAME = re.compile(r" name: \S*$")


def resolve(tf, path):
    obj = tf
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def build(tf, arg):
    """The Python value an argument description stands for."""
    if isinstance(arg, dict):
        if "list" in arg:
            return [build(tf, a) for a in arg["list"]]
        if "dtype" in arg:
            return tf.as_dtype(arg["dtype"])
        dtype = arg.get("t") or arg.get("np")
        value = arg["v"]
        if dtype.startswith("complex"):  # [re, im] pairs
            pairs = np.array(value, np.float64)
            value = pairs[..., 0] + 1j * pairs[..., 1]
        array = np.array(value, dtype=dtype)
        if "s" in arg:
            array = array.reshape(arg["s"])
        return tf.constant(array) if "t" in arg else array
    return arg


def _plain(value):
    """A NumPy array as nested lists of JSON-safe scalars (complex as [re, im])."""
    if value.dtype.kind == "c":
        return _plain(np.stack([value.real, value.imag], -1))
    if value.dtype.kind in "SO":
        return np.vectorize(lambda b: b.decode("latin-1") if isinstance(b, bytes) else str(b),
                            otypes=[object])(value).tolist() if value.size else value.tolist()
    if value.dtype.kind == "f":
        value = value.astype(np.float64)
    return value.tolist()


def describe(tf, out):
    """The JSON description of an op's result."""
    if isinstance(out, (tuple, list)):
        return {"items": [describe(tf, o) for o in out]}
    if hasattr(out, "values") and hasattr(out, "indices") and hasattr(out, "dense_shape"):
        out = tf.convert_to_tensor(out)  # IndexedSlices
    if tf.is_tensor(out) and hasattr(out, "numpy"):
        return {"dtype": out.dtype.name, "shape": out.shape.as_list(),
                "value": _plain(out.numpy())}
    return {"py": repr(out)}


def error_text(exc):
    """An exception's message without TF 2's function-node prefix and trailing name."""
    text = _NAME.sub("", _FUNCTION_NODE.sub("", str(exc)))
    return text.replace("_MklMatMul", "MatMul")  # oneDNN's kernel name in TF's build


def _call(tf, case, tape=None):
    args = [build(tf, a) for a in case["args"]]
    kwargs = {k: build(tf, v) for k, v in case.get("kwargs", {}).items()}
    watched = [a for a in args if tf.is_tensor(a) and a.dtype.name in FLOAT_DTYPES]
    if tape is not None:
        for a in watched:
            tape.watch(a)
    return resolve(tf, case["op"])(*args, **kwargs), watched


def _flat_tensors(tf, out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in _flat_tensors(tf, o)]
    return [out] if tf.is_tensor(out) else []


def run_case(tf, case):
    """Describe one case: its forward result (eager), then the gradient of each float input."""
    try:
        out, watched = _call(tf, case)
        result = {"out": describe(tf, out)}
    except Exception as exc:  # the error itself is the result
        return {"error": type(exc).__name__, "message": error_text(exc)}
    if not watched or case.get("grad") is False:
        return result
    try:
        with tf.GradientTape() as tape:
            out, watched = _call(tf, case, tape)
            targets = [t for t in _flat_tensors(tf, out) if t.dtype.name in FLOAT_DTYPES]
        if targets:
            grads = tape.gradient(targets, watched)
            result["grads"] = [None if g is None else describe(tf, g) for g in grads]
    except Exception as exc:
        result["grad_error"] = type(exc).__name__
    return result


def _close(expected, got, dtype):
    a, b = np.asarray(expected, np.float64), np.asarray(got, np.float64)
    if a.shape != b.shape:
        return False
    rtol, atol = TOLERANCE.get(dtype, (0, 0))
    both_nan = np.isnan(a) & np.isnan(b)
    same_inf = np.isinf(a) & (a == b)
    near = np.abs(a - b) <= atol + rtol * np.abs(a)
    return bool(np.all(both_nan | same_inf | near))


def same_output(expected, got):
    """Whether two output descriptions agree (floats within the dtype's tolerance)."""
    if expected is None or got is None:
        return expected is got
    if "items" in expected or "items" in got:
        return (len(expected.get("items", ())) == len(got.get("items", ())) and
                all(same_output(e, g) for e, g in zip(expected["items"], got["items"])))
    if "py" in expected or "py" in got:
        return expected == got
    if (expected["dtype"], expected["shape"]) != (got["dtype"], got["shape"]):
        return False
    if expected["dtype"] in TOLERANCE:
        return _close(expected["value"], got["value"], expected["dtype"])
    return expected["value"] == got["value"]


def differences(expected, got):
    """What differs between TF's description of a case and the shim's (empty: they agree)."""
    found = []
    if "error" in expected or "error" in got:
        if expected.get("error") != got.get("error"):
            found.append("error class")
        elif expected.get("message") != got.get("message"):
            found.append("error message")
        return found
    if not same_output(expected["out"], got["out"]):
        found.append("forward")
    if expected.get("grad_error") != got.get("grad_error"):
        found.append("gradient error")
    grads_e, grads_g = expected.get("grads"), got.get("grads")
    if (grads_e is None) != (grads_g is None):
        found.append("gradient")
    elif grads_e is not None:
        if [g is None for g in grads_e] != [g is None for g in grads_g]:
            found.append("gradient None")
        elif not all(same_output(e, g) for e, g in zip(grads_e, grads_g)):
            found.append("gradient value")
    return found
