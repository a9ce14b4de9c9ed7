"""A differential sweep of the op table against real TensorFlow.

    .venv/bin/python tools/oracle_sweep.py [--write] [--only SUBSTRING]

Generates op calls from tables (ops x argument kinds x dtypes x shapes x edge values:
zeros, negatives, huge values, nan/inf, empty and scalar shapes, mixed dtypes, broadcasting,
Python numbers and lists, invalid axes and ranks), runs all of them in ONE TensorFlow process
(the oracle venv, `compat.v1` with eager execution) and in one tfeager_compat process, and
prints every case whose forward value, dtype, shape, error class or gradients differ. With
`--write` it stores TF's results as the literal tables the suite checks
(`tests/sweep/<family>.json`; see `tests/test_sweep.py`). Both sides run the same
`tests/sweep/execute.py`.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SWEEP = os.path.join(ROOT, "tests", "sweep")
ORACLE = os.path.join(os.environ.get("TF_ORACLE_VENV") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tfeager-oracle"),
    "bin", "python")
NAN, INF = float("nan"), float("inf")


# ---- argument kinds ------------------------------------------------------------------------
def T(dtype, value, shape=None):
    """A tensor argument."""
    arg = {"t": dtype, "v": value}
    if shape is not None:
        arg["s"] = shape
    return arg


def N(dtype, value):
    """A NumPy array argument."""
    return {"np": dtype, "v": value}


def D(name):
    return {"dtype": name}


def L(*args):
    return {"list": list(args)}


def call(op, *args, grad=True, **kwargs):
    case = {"op": op, "args": list(args)}
    if kwargs:
        case["kwargs"] = kwargs
    if not grad:
        case["grad"] = False
    return case


# ---- the tables ----------------------------------------------------------------------------
UNARY = """negative abs sign square sqrt rsqrt exp expm1 log log1p sin cos tan asin acos atan
sinh cosh tanh sigmoid math.erf math.erfc math.lgamma math.digamma floor ceil round rint
reciprocal math.asinh math.acosh math.atanh math.softplus nn.softsign nn.relu nn.relu6
nn.elu nn.selu nn.leaky_relu math.log_sigmoid is_nan is_inf is_finite logical_not zeros_like
ones_like identity stop_gradient math.bessel_i0e math.bessel_i1e nn.l2_loss
math.reciprocal_no_nan math.is_non_decreasing math.is_strictly_increasing math.real
math.imag math.conj math.angle size rank shape invert_permutation nn.softmax nn.log_softmax
math.ndtri math.erfinv nn.crelu math.expm1 bitwise.invert transpose reverse_v2""".split()

UNARY_VALUES = [
    ("f32edge", T("float32", [-2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5, 1e30, NAN, INF, -INF])),
    ("f64", T("float64", [[0.3, -1.2], [2.0, 0.7]])),
    ("f16", T("float16", [0.5, -1.5, 2.0])),
    ("i32", T("int32", [-3, 0, 4])),
    ("i64", T("int64", [5, -2])),
    ("u8", T("uint8", [0, 7])),
    ("i8", T("int8", [-4, 3])),
    ("bool", T("bool", [True, False])),
    ("c64", T("complex64", [[1.0, 2.0], [0.0, -1.0]])),
    ("scalar", T("float32", 0.25)),
    ("empty", T("float32", [])),
    ("py_float", 2.0),
    ("py_list", [1, 2]),
]

BINARY = """add subtract multiply divide truediv div realdiv floordiv floormod mod truncatediv
truncatemod maximum minimum pow squared_difference atan2 equal not_equal less less_equal
greater greater_equal logical_and logical_or logical_xor math.xdivy math.xlogy div_no_nan
bitwise.bitwise_and bitwise.bitwise_or bitwise.bitwise_xor bitwise.left_shift
bitwise.right_shift math.igamma math.zeta math.polygamma scalar_mul""".split()

BINARY_VALUES = [
    ("f32edge", T("float32", [1.5, -2.0, 0.0, NAN, 3.0, INF, -INF, 0.0, 5.0, -3.0]),
     T("float32", [2.0, 2.0, 0.0, 1.0, NAN, 1.0, -INF, -0.0, 0.0, 0.5])),
    ("f32tie", T("float32", [1.0, 2.0, -1.0]), T("float32", [1.0, 3.0, -1.0])),
    ("f64bcast", T("float64", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), T("float64", [0.5, 2.0, 3.0])),
    ("f32outer", T("float32", [[1.0], [2.0]]), T("float32", [[0.5, 1.0, 4.0]])),
    ("incompatible", T("float32", [1.0, 2.0]), T("float32", [1.0, 2.0, 3.0])),
    ("f32_f64", T("float32", [1.0, 2.0]), T("float64", [1.0, 2.0])),
    ("f16", T("float16", [1.5, 4.0]), T("float16", [0.5, 2.0])),
    ("i32zero", T("int32", [7, -7, 3, 0]), T("int32", [2, 2, 0, 5])),
    ("i32", T("int32", [7, -7, 7, -7, 4]), T("int32", [2, 2, -2, -2, 3])),
    ("i64", T("int64", [9, -9]), T("int64", [4, 4])),
    ("u8", T("uint8", [7, 200]), T("uint8", [3, 5])),
    ("i8", T("int8", [-8, 5]), T("int8", [3, 1])),
    ("bool", T("bool", [True, False, True]), T("bool", [True, True, False])),
    ("c64", T("complex64", [[1.0, 2.0]]), T("complex64", [[0.5, -1.0]])),
    ("py_int_first", 2, T("float32", [1.0, 4.0])),
    ("py_neg_int_first", -1, T("float32", [1.0, 4.0])),
    ("py_float_second", T("float32", [1.0, 4.0]), 1.5),
    ("py_float_on_int", T("int32", [1, 4]), 1.5),
    ("py_list_first", [1.0, 2.0], T("float32", [3.0, 4.0])),
    ("np_f64_first", N("float64", [1.0, 2.0]), T("float32", [3.0, 4.0])),
    ("py_both", 7, 2),
    ("scalars", T("float32", 3.0), T("float32", -2.0)),
    ("empty", T("float32", [], [0, 2]), T("float32", [1.0, 2.0])),
    ("bcast_to_empty", T("float32", [], [0]), T("float32", [1.0])),
]

REDUCE = """reduce_sum reduce_mean reduce_max reduce_min reduce_prod reduce_all reduce_any
reduce_logsumexp math.reduce_std math.reduce_variance math.reduce_euclidean_norm argmax argmin
count_nonzero cumsum cumprod math.cumulative_logsumexp""".split()

M23 = [[1.0, -2.0, 3.0], [0.5, 0.0, -4.0]]
REDUCE_VALUES = [
    ("f32", T("float32", M23), {}),
    ("f32_axis0", T("float32", M23), {"axis": 0}),
    ("f32_axis_neg", T("float32", M23), {"axis": -1}),
    ("f32_axes", T("float32", M23), {"axis": [0, 1]}),
    ("f32_keepdims", T("float32", M23), {"axis": 1, "keepdims": True}),
    ("f32_bad_axis", T("float32", M23), {"axis": 2}),
    ("f32_nan", T("float32", [[1.0, NAN], [INF, 2.0]]), {"axis": 1}),
    ("f64_tie", T("float64", [[2.0, 2.0, 1.0], [-1.0, -1.0, -1.0]]), {"axis": 1}),
    ("i32", T("int32", [[3, -1], [2, 5]]), {"axis": 0}),
    ("u8", T("uint8", [3, 1, 2]), {}),
    ("bool", T("bool", [[True, False], [True, True]]), {"axis": 1}),
    ("empty", T("float32", [], [0, 3]), {"axis": 0}),
    ("empty_inner", T("float32", [], [2, 0]), {"axis": 1}),
    ("scalar", T("float32", 4.0), {}),
    ("c64", T("complex64", [[1.0, 2.0], [3.0, -1.0]]), {}),
    ("py_list", [[1.0, 2.0], [3.0, 4.0]], {"axis": 0}),
]


def elementwise_cases():
    for op in UNARY:
        for variant, x in UNARY_VALUES:
            yield f"{op}:{variant}", call(op, x)
    for op in BINARY:
        for variant, x, y in BINARY_VALUES:
            yield f"{op}:{variant}", call(op, x, y)


def reduction_cases():
    for op in REDUCE:
        for variant, x, kwargs in REDUCE_VALUES:
            if op.startswith("cum") or op.startswith("math.cum"):
                kwargs = {k: v for k, v in kwargs.items() if k != "keepdims"}
                if isinstance(kwargs.get("axis"), list):
                    continue
            if op.startswith("arg"):
                kwargs = {k: v for k, v in kwargs.items() if k != "keepdims"}
                if isinstance(kwargs.get("axis"), list):
                    continue
            yield f"{op}:{variant}", call(op, x, **kwargs)


F6 = T("float32", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
I6 = T("int32", [[1, 2, 3], [4, 5, 6]])
V4 = T("float32", [1.0, NAN, -3.0, 4.0])

ARRAY = [
    ("reshape", [F6, [3, 2]], {}), ("reshape", [F6, [-1]], {}), ("reshape", [F6, [4, 2]], {}),
    ("reshape", [F6, [-1, -1]], {}), ("reshape", [T("float32", [], [0, 3]), [-1, 0]], {}),
    ("transpose", [F6], {}), ("transpose", [F6, [1, 0]], {}), ("transpose", [F6, [0, 0]], {}),
    ("transpose", [F6, [0, 1, 2]], {}),
    ("concat", [L(F6, F6), 0], {}), ("concat", [L(F6, F6), -1], {}),
    ("concat", [L(F6, I6), 0], {}), ("concat", [L(F6, T("float32", [1.0, 2.0])), 0], {}),
    ("concat", [L(F6, F6), 2], {}), ("concat", [L(F6), 0], {}),
    ("concat", [L(T("float32", 1.0), T("float32", 2.0)), 0], {}),
    ("stack", [L(F6, F6)], {}), ("stack", [L(F6, F6)], {"axis": 2}),
    ("stack", [L(F6, F6)], {"axis": 3}), ("stack", [L(F6, T("float32", [1.0]))], {}),
    ("stack", [L(T("float32", 1.0), 2.0)], {}),
    ("unstack", [F6], {}), ("unstack", [F6], {"axis": 1}), ("unstack", [F6], {"axis": 2}),
    ("split", [F6, 3, 1], {}), ("split", [F6, [1, 2], 1], {}), ("split", [F6, 2, 1], {}),
    ("split", [F6, [1, -1], 1], {}), ("split", [F6, [1, 1], 1], {}),
    ("squeeze", [T("float32", [[1.0], [2.0]])], {}), ("squeeze", [F6], {"axis": 0}),
    ("squeeze", [T("float32", [[[1.0]]])], {"axis": [0, 2]}),
    ("expand_dims", [F6, 0], {}), ("expand_dims", [F6, -1], {}), ("expand_dims", [F6, 3], {}),
    ("tile", [F6, [2, 1]], {}), ("tile", [F6, [2]], {}), ("tile", [F6, [0, 2]], {}),
    ("pad", [F6, [[1, 0], [0, 2]]], {}), ("pad", [F6, [[1, 1], [2, 2]]], {"mode": "REFLECT"}),
    ("pad", [F6, [[1, 1], [3, 3]]], {"mode": "REFLECT"}),
    ("pad", [F6, [[1, 1], [1, 1]]], {"mode": "SYMMETRIC"}),
    ("pad", [F6, [[1, 1]]], {}), ("pad", [F6, [[0, 0], [1, 1]]], {"constant_values": 9.0}),
    ("gather", [F6, [1, 0, 1]], {}), ("gather", [F6, [2], ], {"axis": 1}),
    ("gather", [F6, [2]], {}), ("gather", [F6, [-1]], {}),
    ("gather", [F6, T("int64", [[0, 1], [1, 1]])], {}),
    ("gather", [F6, [0.0]], {}),
    ("gather_nd", [F6, [[0, 1], [1, 2]]], {}), ("gather_nd", [F6, [[1]]], {}),
    ("gather_nd", [F6, [[2, 0]]], {}),
    ("slice", [F6, [0, 1], [2, 2]], {}), ("slice", [F6, [1, 0], [-1, -1]], {}),
    ("slice", [F6, [1, 2], [2, 2]], {}),
    ("strided_slice", [F6, [0, 0], [2, 3], [1, 2]], {}),
    ("strided_slice", [F6, [0, 0], [2, 3], [1, 0]], {}),
    ("reverse", [F6, [1]], {}), ("reverse", [F6, [0, 1]], {}), ("reverse", [F6, [2]], {}),
    ("one_hot", [T("int32", [0, 2, -1, 5]), 3], {}),
    ("one_hot", [T("int32", [0, 2]), 3], {"on_value": 5.0, "off_value": -1.0}),
    ("one_hot", [T("int64", [[1], [0]]), 2], {"axis": 0}),
    ("one_hot", [T("float32", [0.0, 1.0]), 2], {}),
    ("one_hot", [T("int32", [0, 1]), 2], {"dtype": D("int32")}),
    ("shape", [F6], {}), ("shape", [F6], {"out_type": D("int64")}), ("size", [F6], {}),
    ("rank", [F6], {}), ("shape_n", [L(F6, T("float32", 1.0))], {}),
    ("fill", [[2, 2], 3.0], {}), ("fill", [[2, -1], 3.0], {}), ("fill", [[0], 1], {}),
    ("zeros", [[2, 3]], {}), ("zeros", [[2]], {"dtype": D("int64")}), ("zeros", [[-1]], {}),
    ("ones", [[2, 0]], {}), ("ones", [[3]], {"dtype": D("bool")}),
    ("range", [5], {}), ("range", [1, 7, 2], {}), ("range", [1.0, 2.0, 0.25], {}),
    ("range", [5, 1], {}), ("range", [0, 5, 0], {}), ("range", [5, 1, -2], {}),
    ("range", [T("int64", 4)], {}), ("range", [3], {"dtype": D("float32")}),
    ("lin_space", [0.0, 1.0, 5], {}), ("lin_space", [0.0, 1.0, 1], {}),
    ("lin_space", [0.0, 1.0, 0], {}), ("lin_space", [0, 1, 3], {}),
    ("where", [T("bool", [True, False, True])], {}),
    ("where", [T("bool", [True, False]), T("float32", [1.0, 2.0]), T("float32", [3.0, 4.0])], {}),
    ("where", [T("bool", [True, False]), F6, F6], {}),
    ("where", [T("bool", [[True], [False]]), F6, F6], {}),
    ("where_v2", [T("bool", [[True], [False]]), F6, 0.0], {}),
    ("where", [T("bool", [True, False]), T("float32", [1.0, 2.0]), T("int32", [3, 4])], {}),
    ("boolean_mask", [F6, T("bool", [True, False])], {}),
    ("boolean_mask", [F6, T("bool", [[True, False, True], [False, False, True]])], {}),
    ("boolean_mask", [F6, T("bool", [True])], {}),
    ("cast", [T("float32", [1.7, -1.7, NAN, 3e9]), D("int32")], {}),
    ("cast", [T("float32", [1.7, -1.7]), D("float64")], {}),
    ("cast", [T("int32", [1, 0, 2]), D("bool")], {}),
    ("cast", [T("float64", [0.5, 1.5]), D("float16")], {}),
    ("cast", [T("complex64", [[1.0, 2.0]]), D("float32")], {}),
    ("cast", [T("float32", [-1.0, 300.0]), D("uint8")], {}),
    ("to_float", [I6], {}), ("to_int32", [F6], {}), ("to_int64", [F6], {}),
    ("clip_by_value", [V4, -2.0, 2.0], {}), ("clip_by_value", [F6, 2.0, 1.0], {}),
    ("clip_by_value", [F6, T("float32", [1.0, 2.0, 2.5]), 5.0], {}),
    ("clip_by_value", [T("float32", [NAN, 1.0]), NAN, 2.0], {}),
    ("clip_by_value", [I6, 2, 4], {}), ("clip_by_value", [F6, 2, 4], {}),
    ("clip_by_value", [T("float32", [1.0, 2.0, 3.0]), T("float32", [2.0, 2.0]), 5.0], {}),
    ("clip_by_norm", [V4, 1.0], {}), ("clip_by_norm", [F6, 1.0], {}),
    ("clip_by_norm", [F6, 1.0], {"axes": [1]}), ("clip_by_norm", [T("float32", [0.0, 0.0]), 1.0], {}),
    ("clip_by_norm", [F6, -1.0], {}),
    ("clip_by_average_norm", [F6, 1.0], {}),
    ("clip_by_global_norm", [L(F6, T("float32", [3.0, 4.0])), 1.0], {}),
    ("clip_by_global_norm", [L(F6, V4), 1.0], {}),
    ("global_norm", [L(F6, T("float32", [3.0, 4.0]))], {}),
    ("sequence_mask", [[1, 3, 0]], {}), ("sequence_mask", [[1, 3], 4], {}),
    ("sequence_mask", [[1, 2], 2], {"dtype": D("float32")}),
    ("unique", [T("int32", [3, 1, 3, 2, 1])], {}), ("unique", [T("float32", [1.0, 1.0, 2.0])], {}),
    ("unique_with_counts", [T("int32", [3, 1, 3])], {}),
    ("unique", [F6], {}),
    ("bincount", [T("int32", [1, 1, 3])], {}), ("bincount", [T("int32", [1, -1])], {}),
    ("math.bincount", [T("int32", [0, 2])], {"minlength": 4}),
    ("diag", [T("float32", [1.0, 2.0])], {}), ("diag_part", [F6], {}),
    ("diag_part", [T("float32", [[1.0, 2.0], [3.0, 4.0]])], {}),
    ("matrix_diag", [T("float32", [[1.0, 2.0], [3.0, 4.0]])], {}),
    ("matrix_diag", [T("float32", [], [4, 0])], {}),
    ("matrix_diag_part", [F6], {}), ("matrix_set_diag", [F6, T("float32", [9.0, 8.0])], {}),
    ("matrix_band_part", [T("float32", [[1.0, 2.0, 3.0]] * 3), 0, -1], {}),
    ("matrix_band_part", [T("float32", [[1.0, 2.0, 3.0]] * 3), 1, 0], {}),
    ("nn.top_k", [T("float32", [1.0, 3.0, 2.0, 3.0])], {"k": 2}),
    ("nn.top_k", [T("float32", [1.0, 3.0])], {"k": 3}),
    ("nn.top_k", [T("int32", [1, 3, 2])], {"k": 1}),
    ("sort", [T("float32", [3.0, NAN, 1.0, 2.0])], {}),
    ("sort", [T("float32", [3.0, 1.0, 2.0])], {"direction": "DESCENDING"}),
    ("argsort", [T("float32", [3.0, 1.0, 2.0])], {}),
    ("argsort", [T("int32", [3, 1, 3, 1])], {"stable": True}),
    ("broadcast_to", [T("float32", [1.0, 2.0]), [3, 2]], {}),
    ("broadcast_to", [T("float32", [1.0, 2.0]), [3, 3]], {}),
    ("broadcast_dynamic_shape", [T("int32", [2, 1]), T("int32", [3])], {}),
    ("broadcast_dynamic_shape", [T("int32", [2]), T("int32", [3])], {}),
    ("scatter_nd", [T("int32", [[0], [2]]), T("float32", [1.0, 2.0]), [4]], {}),
    ("scatter_nd", [T("int32", [[0], [0]]), T("float32", [1.0, 2.0]), [2]], {}),
    ("scatter_nd", [T("int32", [[5]]), T("float32", [1.0]), [2]], {}),
    ("tensor_scatter_update", [T("float32", [1.0, 2.0, 3.0]), T("int32", [[1]]),
                               T("float32", [9.0])], {}),
    ("tensor_scatter_add", [T("float32", [1.0, 2.0, 3.0]), T("int32", [[1], [1]]),
                            T("float32", [9.0, 1.0])], {}),
    ("invert_permutation", [T("int32", [2, 0, 1])], {}),
    ("invert_permutation", [T("int32", [2, 0, 0])], {}),
    ("setdiff1d", [T("int32", [1, 2, 3, 4]), T("int32", [2, 4])], {}),
    ("segment_sum", [F6, T("int32", [0, 0])], {}), ("segment_sum", [F6, T("int32", [1, 0])], {}),
    ("segment_max", [T("float32", [1.0, 5.0, 2.0]), T("int32", [0, 0, 2])], {}),
    ("segment_mean", [T("float32", [1.0, 5.0, 2.0]), T("int32", [0, 0, 1])], {}),
    ("unsorted_segment_sum", [T("float32", [1.0, 5.0, 2.0]), T("int32", [0, 2, 0]), 3], {}),
    ("unsorted_segment_sum", [T("float32", [1.0, 5.0]), T("int32", [0, 7]), 3], {}),
    ("unsorted_segment_max", [T("float32", [1.0, 5.0, 2.0]), T("int32", [0, 2, 0]), 4], {}),
    ("math.unsorted_segment_mean", [T("float32", [1.0, 5.0, 2.0]), T("int32", [0, 2, 0]), 3], {}),
    ("roll", [T("float32", [1.0, 2.0, 3.0]), 1, 0], {}), ("roll", [F6, [1, -1], [0, 1]], {}),
    ("manip.roll", [T("float32", [1.0, 2.0, 3.0]), 1, 1], {}),
    ("meshgrid", [T("float32", [1.0, 2.0]), T("float32", [3.0, 4.0, 5.0])], {}),
    ("meshgrid", [T("float32", [1.0, 2.0]), T("float32", [3.0])], {"indexing": "ij"}),
    ("einsum", ["ij,jk->ik", F6, T("float32", [[1.0], [2.0], [3.0]])], {}),
    ("einsum", ["ij->ji", F6], {}), ("einsum", ["ii->i", T("float32", [[1.0, 2.0], [3.0, 4.0]])], {}),
    ("einsum", ["ij,jk->ik", F6, F6], {}),
    ("tensordot", [F6, T("float32", [[1.0], [2.0], [3.0]]), 1], {}),
    ("tensordot", [F6, F6, [[1], [1]]], {}),
    ("cumsum", [F6], {"axis": 1, "exclusive": True}),
    ("cumsum", [F6], {"axis": 1, "reverse": True}),
    ("cumprod", [F6], {"axis": 0, "exclusive": True, "reverse": True}),
    ("add_n", [L(F6, F6, F6)], {}), ("add_n", [L(F6, I6)], {}), ("add_n", [L()], {}),
    ("add_n", [L(F6, T("float32", [1.0, 2.0, 3.0]))], {}),
    ("math.accumulate_n", [L(F6, F6)], {}),
    ("ones_like", [I6], {"dtype": D("float32")}), ("zeros_like", [F6], {"dtype": D("int32")}),
    ("math.segment_min", [T("float32", [1.0, 5.0, 2.0]), T("int32", [0, 1, 1])], {}),
    ("extract_image_patches", [T("float32", list(range(16)), [1, 4, 4, 1]), [1, 2, 2, 1],
                               [1, 2, 2, 1], [1, 1, 1, 1], "VALID"], {}),
    ("histogram_fixed_width", [T("float32", [-1.0, 0.0, 1.5, 2.0, 5.0, 12.0]), [0.0, 5.0]],
     {"nbins": 5}),
    ("math.lbeta", [T("float32", [[1.0, 2.0], [0.5, 3.0]])], {}),
    ("math.lbeta", [T("float32", [], [2, 0])], {}),
    ("batch_to_space_nd", [T("float32", [1.0, 2.0, 3.0, 4.0], [4, 1, 1, 1]), [2, 2],
                           [[0, 0], [0, 0]]], {}),
    ("space_to_batch_nd", [T("float32", list(range(4)), [1, 2, 2, 1]), [2, 2],
                           [[0, 0], [0, 0]]], {}),
    ("space_to_depth", [T("float32", list(range(4)), [1, 2, 2, 1]), 2], {}),
    ("depth_to_space", [T("float32", list(range(4)), [1, 1, 1, 4]), 2], {}),
    ("matrix_transpose", [F6], {}), ("linalg.transpose", [F6], {}),
    ("nn.moments", [F6, [0]], {}), ("nn.moments", [F6, [0, 1]], {"keep_dims": True}),
    ("math.confusion_matrix", [T("int32", [0, 1, 2]), T("int32", [0, 2, 2])], {}),
    ("math.confusion_matrix", [T("int32", [0, 5]), T("int32", [0, 2])], {"num_classes": 3}),
    ("math.in_top_k", [T("float32", [[0.1, 0.9], [0.8, 0.2]]), T("int32", [1, 1]), 1], {}),
    ("nn.in_top_k", [T("float32", [[0.1, 0.9]]), T("int32", [5]), 1], {}),
    ("math.polyval", [L(T("float32", 1.0), T("float32", 2.0)), T("float32", [1.0, 3.0])], {}),
    ("math.floor", [I6], {}),
    ("math.nextafter", [T("float32", [1.0, 0.0]), T("float32", [2.0, -1.0])], {}),
    ("math.segment_prod", [T("float32", [2.0, 5.0, 2.0]), T("int32", [0, 0, 1])], {}),
    ("math.cumprod", [T("float32", [2.0, 0.0, 3.0])], {}),
]

NN = [
    ("nn.softmax", [F6], {}), ("nn.softmax", [F6], {"axis": 0}), ("nn.softmax", [V4], {}),
    ("nn.softmax", [T("float32", [], [2, 0])], {}), ("nn.softmax", [I6], {}),
    ("nn.softmax", [T("float32", 1.0)], {}),
    ("nn.log_softmax", [F6], {"axis": -1}), ("nn.log_softmax", [T("float64", [1e3, 0.0])], {}),
    ("nn.sigmoid_cross_entropy_with_logits", [], {"labels": T("float32", [0.0, 1.0, 0.5]),
                                                   "logits": T("float32", [1.0, -2.0, 0.0])}),
    ("nn.sigmoid_cross_entropy_with_logits", [], {"labels": T("float32", [0.0, 1.0]),
                                                   "logits": T("float32", [1.0, -2.0, 0.0])}),
    ("nn.sigmoid_cross_entropy_with_logits", [], {"labels": T("float64", [0.0, 1.0]),
                                                   "logits": T("float32", [1.0, -2.0])}),
    ("nn.softmax_cross_entropy_with_logits", [], {"labels": T("float32", [[0.0, 1.0, 0.0]]),
                                                   "logits": F6}),
    ("nn.softmax_cross_entropy_with_logits", [], {"labels": T("float32", [[0.2, 0.8]]),
                                                   "logits": T("float32", [[1.0, 2.0]])}),
    ("nn.softmax_cross_entropy_with_logits_v2", [], {"labels": T("float32", [[0.2, 0.8]]),
                                                      "logits": T("float32", [[1.0, 2.0]])}),
    ("nn.softmax_cross_entropy_with_logits_v2", [], {"labels": T("float32", [[0.0, 1.0, 0.0]]),
                                                      "logits": F6}),
    ("nn.softmax_cross_entropy_with_logits_v2", [], {"labels": T("float32", [], [2, 0]),
                                                      "logits": T("float32", [], [2, 0])}),
    ("nn.softmax_cross_entropy_with_logits_v2", [], {"labels": T("float32", [[0.0, 1.0]]),
                                                      "logits": T("float32", [1.0, 2.0])}),
    ("nn.sparse_softmax_cross_entropy_with_logits", [], {"labels": T("int32", [2, 0]),
                                                          "logits": F6}),
    ("nn.sparse_softmax_cross_entropy_with_logits", [], {"labels": T("int64", [3, 0]),
                                                          "logits": F6}),
    ("nn.sparse_softmax_cross_entropy_with_logits", [], {"labels": T("int32", [1]),
                                                          "logits": F6}),
    ("nn.sparse_softmax_cross_entropy_with_logits", [], {"labels": T("float32", [1.0, 0.0]),
                                                          "logits": F6}),
    ("nn.l2_normalize", [F6], {"axis": 1}), ("nn.l2_normalize", [T("float32", [0.0, 0.0])], {}),
    ("math.l2_normalize", [F6], {}), ("linalg.l2_normalize", [F6], {"axis": 0}),
    ("nn.bias_add", [F6, T("float32", [1.0, 2.0, 3.0])], {}),
    ("nn.bias_add", [F6, T("float32", [1.0, 2.0])], {}),
    ("nn.bias_add", [F6, T("float32", [1.0, 2.0])], {"data_format": "NCHW"}),
    ("nn.relu", [T("int32", [-1, 2])], {}), ("nn.relu", [T("uint8", [3])], {}),
    ("nn.leaky_relu", [V4], {"alpha": 0.1}), ("nn.leaky_relu", [V4], {"alpha": 2.0}),
    ("nn.relu_layer", [F6, T("float32", [[1.0], [-1.0], [0.5]]), T("float32", [0.1])], {}),
    ("nn.xw_plus_b", [F6, T("float32", [[1.0], [-1.0], [0.5]]), T("float32", [0.1])], {}),
    ("nn.dropout", [F6], {"keep_prob": 1.0}), ("nn.dropout", [F6], {"keep_prob": 0.0}),
    ("nn.dropout", [F6], {"rate": 1.0}),
    ("nn.conv2d", [T("float32", list(range(9)), [1, 3, 3, 1]),
                   T("float32", [1.0, 0.0, 0.0, -1.0], [2, 2, 1, 1]), [1, 1, 1, 1], "VALID"], {}),
    ("nn.conv2d", [T("float32", list(range(9)), [1, 3, 3, 1]),
                   T("float32", [1.0, 0.0, 0.0, -1.0], [2, 2, 1, 1]), [1, 2, 2, 1], "SAME"], {}),
    ("nn.conv2d", [T("float32", list(range(9)), [1, 3, 3, 1]),
                   T("float32", [1.0, 0.0, 0.0, -1.0], [2, 2, 1, 1]), [1, 1, 1, 1], "BAD"], {}),
    ("nn.conv2d", [T("float32", list(range(9)), [3, 3, 1]),
                   T("float32", [1.0, 0.0, 0.0, -1.0], [2, 2, 1, 1]), [1, 1, 1, 1], "VALID"], {}),
    ("nn.conv2d", [T("float32", list(range(9)), [1, 3, 3, 1]),
                   T("float32", [1.0] * 8, [2, 2, 2, 1]), [1, 1, 1, 1], "VALID"], {}),
    ("nn.conv1d", [T("float32", list(range(5)), [1, 5, 1]), T("float32", [1.0, -1.0], [2, 1, 1]),
                   1, "VALID"], {}),
    ("nn.max_pool", [T("float32", [1.0, NAN, 3.0, 0.0], [1, 2, 2, 1]), [1, 2, 2, 1],
                     [1, 2, 2, 1], "VALID"], {}),
    ("nn.max_pool", [T("float32", [1.0, 4.0, 4.0, 0.0], [1, 2, 2, 1]), [1, 2, 2, 1],
                     [1, 1, 1, 1], "SAME"], {}),
    ("nn.max_pool", [N("float64", [[[[1.0], [2.0]], [[3.0], [0.0]]]]), [1, 2, 2, 1],
                     [1, 2, 2, 1], "VALID"], {}),
    ("nn.max_pool", [T("int32", [1, 2, 3, 0], [1, 2, 2, 1]), [1, 2, 2, 1],
                     [1, 2, 2, 1], "VALID"], {}),
    ("nn.avg_pool", [T("float32", [1.0, 2.0, 3.0, 0.0], [1, 2, 2, 1]), [1, 2, 2, 1],
                     [1, 1, 1, 1], "SAME"], {}),
    ("nn.avg_pool", [T("float32", [1.0, 2.0, 3.0, 0.0], [1, 2, 2, 1]), [1, 3, 3, 1],
                     [1, 1, 1, 1], "VALID"], {}),
    ("nn.max_pool_with_argmax", [T("float32", [1.0, 5.0, 3.0, 0.0], [1, 2, 2, 1]),
                                 [1, 2, 2, 1], [1, 2, 2, 1], "VALID"], {}),
    ("nn.batch_normalization", [F6, T("float32", [1.0, 2.0, 3.0]), T("float32", [1.0, 4.0, 0.5]),
                                T("float32", [0.0, 1.0, 0.0]), T("float32", [1.0, 2.0, 1.0]),
                                1e-3], {}),
    ("nn.fused_batch_norm", [T("float32", list(range(8)), [1, 2, 2, 2]),
                             T("float32", [1.0, 2.0]), T("float32", [0.0, 0.5])], {}),
    ("nn.fused_batch_norm", [T("float32", list(range(8)), [1, 2, 2, 2]),
                             T("float32", [1.0, 2.0]), T("float32", [0.0, 0.5]),
                             T("float32", [1.0, 1.0]), T("float32", [2.0, 2.0])],
     {"is_training": False}),
    ("nn.embedding_lookup", [F6, T("int32", [1, 0, 1])], {}),
    ("nn.embedding_lookup", [F6, T("int32", [2])], {}),
    ("nn.embedding_lookup", [L(F6, F6), T("int32", [3, 0])], {}),
    ("nn.l2_loss", [F6], {}), ("nn.l2_loss", [I6], {}),
    ("nn.log_poisson_loss", [T("float32", [1.0, 2.0]), T("float32", [0.5, -1.0])], {}),
    ("nn.weighted_cross_entropy_with_logits", [T("float32", [1.0, 0.0]),
                                               T("float32", [0.5, -1.0]), 2.0], {}),
    ("nn.normalize_moments", [T("float32", 2.0), T("float32", [2.0]), T("float32", [5.0]), None],
     {}),
    ("nn.local_response_normalization", [T("float32", list(range(4)), [1, 1, 1, 4])], {}),
    ("nn.swish", [V4], {}), ("nn.selu", [V4], {}), ("nn.elu", [T("float64", [-1e3, 0.0])], {}),
    ("nn.softplus", [T("float32", [-100.0, 0.0, 100.0])], {}),
    ("nn.relu6", [T("float32", [-1.0, 3.0, 6.0, 9.0, NAN])], {}),
    ("nn.depthwise_conv2d", [T("float32", list(range(8)), [1, 2, 2, 2]),
                             T("float32", [1.0, 2.0], [1, 1, 2, 1]), [1, 1, 1, 1], "VALID"], {}),
    ("nn.conv2d_transpose", [T("float32", [1.0, 2.0, 3.0, 4.0], [1, 2, 2, 1]),
                             T("float32", [1.0, 1.0, 1.0, 1.0], [2, 2, 1, 1]), [1, 4, 4, 1],
                             [1, 2, 2, 1]], {}),
    ("nn.pool", [T("float32", [1.0, 2.0, 3.0, 0.0], [1, 2, 2, 1]), [2, 2], "MAX", "VALID"], {}),
    ("nn.zero_fraction", [T("float32", [0.0, 1.0, 0.0, 2.0])], {}),
    ("nn.compute_average_loss", [T("float32", [1.0, 2.0])], {}),
]

LINALG = [
    ("matmul", [F6, T("float32", [[1.0], [2.0], [3.0]])], {}),
    ("matmul", [F6, F6], {}), ("matmul", [F6, F6], {"transpose_b": True}),
    ("matmul", [F6, F6], {"transpose_a": True}),
    ("matmul", [F6, I6], {}), ("matmul", [I6, T("int32", [[1], [0], [2]])], {}),
    ("matmul", [[[1.0, 2.0]], T("float64", [[1.0], [2.0]])], {}),
    ("matmul", [[[1.0, 2.0]], T("float32", [[1.0], [2.0]])], {}),
    ("matmul", [T("float32", [1.0, 2.0]), T("float32", [[1.0], [2.0]])], {}),
    ("matmul", [T("float32", list(range(8)), [2, 2, 2]), T("float32", list(range(4)), [2, 2])],
     {}),
    ("matmul", [T("float32", list(range(8)), [2, 2, 2]), T("float32", list(range(8)), [2, 2, 2])],
     {"adjoint_b": True}),
    ("matmul", [T("float32", [], [0, 2]), T("float32", [1.0, 2.0], [2, 1])], {}),
    ("matmul", [T("bool", [[True]]), T("bool", [[True]])], {}),
    ("matmul", [T("float16", [[1.0, 2.0]]), T("float16", [[1.0], [2.0]])], {}),
    ("matmul", [T("complex64", [[[1.0, 1.0]]]), T("complex64", [[[2.0, -1.0]]])], {}),
    ("linalg.matmul", [F6, T("float32", [[1.0], [2.0], [3.0]])], {"a_is_sparse": True}),
    ("cholesky", [T("float32", [[4.0, 2.0], [2.0, 3.0]])], {}),
    ("cholesky", [T("float32", [[1.0, 2.0], [2.0, 1.0]])], {}),
    ("cholesky", [T("float64", [[-1.0]])], {}),
    ("cholesky", [F6], {}),
    ("linalg.cholesky", [T("float32", [[4.0, 2.0], [2.0, 3.0]])], {}),
    ("matrix_inverse", [T("float32", [[4.0, 2.0], [2.0, 3.0]])], {}),
    ("matrix_inverse", [T("float32", [[1.0, 2.0], [2.0, 4.0]])], {}),
    ("matrix_inverse", [T("float64", [[0.0, 0.0], [0.0, 0.0]])], {}),
    ("matrix_inverse", [F6], {}), ("matrix_inverse", [T("int32", [[1, 0], [0, 1]])], {}),
    ("linalg.inv", [T("float32", [[4.0, 2.0], [2.0, 3.0]])], {}),
    ("matrix_determinant", [T("float32", [[4.0, 2.0], [2.0, 3.0]])], {}),
    ("matrix_determinant", [T("float32", [[1.0, 2.0], [2.0, 4.0]])], {}),
    ("linalg.det", [T("float64", [[[2.0]], [[3.0]]])], {}),
    ("linalg.slogdet", [T("float32", [[4.0, 2.0], [2.0, 3.0]])], {}),
    ("linalg.logdet", [T("float32", [[4.0, 2.0], [2.0, 3.0]])], {}),
    ("matrix_solve", [T("float32", [[4.0, 2.0], [2.0, 3.0]]), T("float32", [[1.0], [2.0]])], {}),
    ("matrix_solve", [T("float32", [[1.0, 2.0], [2.0, 4.0]]), T("float32", [[1.0], [2.0]])], {}),
    ("matrix_solve", [T("float32", [[4.0, 2.0], [2.0, 3.0]]), T("float32", [1.0, 2.0])], {}),
    ("matrix_triangular_solve", [T("float32", [[2.0, 0.0], [1.0, 4.0]]),
                                 T("float32", [[2.0], [3.0]])], {}),
    ("matrix_triangular_solve", [T("float32", [[2.0, 1.0], [0.0, 4.0]]),
                                 T("float32", [[2.0], [4.0]])], {"lower": False}),
    ("cholesky_solve", [T("float32", [[2.0, 0.0], [1.0, 4.0]]), T("float32", [[2.0], [3.0]])], {}),
    ("linalg.trace", [F6], {}), ("trace", [T("float32", [[1.0, 2.0], [3.0, 4.0]])], {}),
    ("norm", [F6], {}), ("norm", [F6], {"ord": 1}), ("norm", [F6], {"axis": 1}),
    ("norm", [F6], {"ord": "fro", "axis": [0, 1]}), ("norm", [F6], {"ord": 3}),
    ("norm", [T("float32", [0.0, 0.0])], {}), ("norm", [F6], {"ord": INF}),
    ("norm", [F6], {"ord": 2, "axis": [0, 1]}),
    ("linalg.norm", [V4], {}), ("linalg.norm", [I6], {}),
    ("eye", [2], {}), ("eye", [2, 3], {"dtype": D("int32")}), ("eye", [2], {"batch_shape": [2]}),
    ("eye", [-1], {}),
    ("linalg.eye", [3], {}), ("linalg.diag", [T("float32", [1.0, 2.0])], {}),
    ("linalg.diag_part", [F6], {}), ("linalg.band_part", [F6, 0, 0], {}),
    ("linalg.set_diag", [F6, T("float32", [1.0, 1.0])], {}),
    ("linalg.tensordot", [F6, F6, [[1], [1]]], {}), ("linalg.einsum", ["ij->j", F6], {}),
    ("linalg.adjoint", [F6], {}), ("linalg.lstsq", [T("float32", [[1.0], [1.0]]),
                                                   T("float32", [[1.0], [3.0]])], {}),
    ("linalg.cross", [T("float32", [1.0, 0.0, 0.0]), T("float32", [0.0, 1.0, 0.0])], {}),
    ("cross", [T("float32", [1.0, 0.0]), T("float32", [0.0, 1.0])], {}),
    ("linalg.expm", [T("float32", [[0.0, 1.0], [0.0, 0.0]])], {}),
    ("linalg.qr", [T("float32", [[3.0, 1.0], [4.0, 2.0]])], {"grad": False}),
    ("linalg.svd", [T("float32", [[3.0, 0.0], [0.0, 4.0]])], {"compute_uv": False}),
    ("self_adjoint_eigvals", [T("float32", [[2.0, 1.0], [1.0, 2.0]])], {}),
    ("linalg.eigvalsh", [T("float32", [[2.0, 1.0], [1.0, 2.0]])], {}),
    ("linalg.triangular_solve", [T("float32", [[2.0, 0.0], [1.0, 4.0]]),
                                 T("float32", [[2.0], [3.0]])], {}),
    ("linalg.matvec", [F6, T("float32", [1.0, 0.0, -1.0])], {}),
    ("linalg.normalize", [T("float32", [3.0, 4.0])], {}),
    ("linalg.pinv", [T("float32", [[1.0, 0.0], [0.0, 2.0]])], {}),
    ("linalg.global_norm", [L(F6)], {}),
    ("linalg.matrix_transpose", [F6], {}),
    ("linalg.logm", [T("complex64", [[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [1.0, 0.0]]])], {}),
]

LOSSES = [
    ("losses.mean_squared_error", [F6, T("float32", [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]])], {}),
    ("losses.mean_squared_error", [F6, T("float32", [1.0, 0.0])], {}),
    ("losses.mean_squared_error", [F6, I6], {}),
    ("losses.mean_squared_error", [F6, F6], {"weights": T("float32", [[1.0], [0.0]])}),
    ("losses.absolute_difference", [F6, T("float32", [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]])], {}),
    ("losses.huber_loss", [F6, T("float32", [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]])], {}),
    ("losses.log_loss", [T("float32", [1.0, 0.0]), T("float32", [0.9, 0.2])], {}),
    ("losses.hinge_loss", [T("float32", [1.0, 0.0]), T("float32", [0.3, -2.0])], {}),
    ("losses.sigmoid_cross_entropy", [T("float32", [1.0, 0.0]), T("float32", [0.3, -2.0])], {}),
    ("losses.sigmoid_cross_entropy", [T("float32", [1.0, 0.0]), T("float32", [0.3, -2.0])],
     {"label_smoothing": 0.1}),
    ("losses.sigmoid_cross_entropy", [T("int32", [1, 0]), T("float32", [0.3, -2.0])], {}),
    ("losses.softmax_cross_entropy", [T("float32", [[0.0, 1.0, 0.0]] * 2), F6], {}),
    ("losses.softmax_cross_entropy", [T("int32", [[0, 1, 0]] * 2), F6], {}),
    ("losses.softmax_cross_entropy", [T("float32", [[0.0, 1.0, 0.0]] * 2), F6],
     {"label_smoothing": 0.2}),
    ("losses.sparse_softmax_cross_entropy", [T("int32", [2, 0]), F6], {}),
    ("losses.sparse_softmax_cross_entropy", [T("int64", [[2], [0]]), F6], {}),
    ("losses.sparse_softmax_cross_entropy", [T("int32", [2, 0]), F6],
     {"weights": T("float32", [1.0, 0.0])}),
    ("losses.sparse_softmax_cross_entropy", [T("int32", [2, 5]), F6], {}),
    ("losses.cosine_distance", [T("float32", [[1.0, 0.0]]), T("float32", [[0.6, 0.8]])],
     {"axis": 1}),
    ("losses.mean_pairwise_squared_error", [F6, T("float32", [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]])],
     {}),
    ("losses.compute_weighted_loss", [F6], {"weights": 2.0}),
    ("losses.compute_weighted_loss", [F6],
     {"reduction": "none"}),
    ("losses.mean_squared_error", [F6, T("float32", [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]])],
     {"reduction": "weighted_sum"}),
    ("keras.losses.sparse_categorical_crossentropy", [T("int32", [2, 0]),
                                                      T("float32", [[0.2, 0.3, 0.5]] * 2)], {}),
    ("keras.losses.categorical_crossentropy", [T("float32", [[0.0, 1.0]]),
                                               T("float32", [[0.4, 0.6]])], {}),
    ("keras.losses.binary_crossentropy", [T("float32", [[0.0, 1.0]]),
                                          T("float32", [[0.4, 0.6]])], {}),
    ("keras.losses.mean_squared_error", [F6, T("float32", [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]])],
     {}),
]

MISC = [
    ("check_numerics", [T("float32", [1.0, 2.0]), "msg"], {}),
    ("check_numerics", [T("float32", [1.0, NAN]), "bad value"], {}),
    ("check_numerics", [T("float64", [INF]), "bad value"], {}),
    ("check_numerics", [T("int32", [1]), "msg"], {}),
    ("debugging.check_numerics", [T("float32", [-INF]), "m"], {}),
    ("debugging.assert_equal", [T("int32", [1, 2]), T("int32", [1, 2])], {}),
    ("debugging.assert_equal", [T("int32", [1, 2]), T("int32", [1, 3])], {}),
    ("assert_equal", [T("float32", [1.0]), T("float32", [2.0])], {"message": "custom"}),
    ("assert_positive", [T("float32", [1.0, 0.0])], {}),
    ("assert_positive", [T("float32", [1.0, 2.0])], {}),
    ("assert_negative", [T("int32", [-1, 2])], {}),
    ("assert_non_negative", [T("float32", [-1.0])], {}),
    ("assert_non_positive", [T("float32", [1.0])], {}),
    ("assert_less", [T("int32", [1, 2]), T("int32", [2, 2])], {}),
    ("assert_less", [T("int32", [1, 2]), T("int32", [2, 3])], {}),
    ("assert_less_equal", [T("int32", [1, 3]), T("int32", [2, 2])], {}),
    ("assert_greater", [T("float32", [1.0]), T("float32", [1.0])], {}),
    ("assert_greater_equal", [T("float32", [1.0]), T("float32", [2.0])], {}),
    ("assert_rank", [F6, 2], {}), ("assert_rank", [F6, 3], {}),
    ("assert_rank_at_least", [F6, 3], {}),
    ("assert_type", [F6, D("int32")], {}),
    ("assert_integer", [F6], {}),
    ("assert_near", [T("float32", [1.0]), T("float32", [1.1])], {}),
    ("debugging.assert_all_finite", [T("float32", [NAN]), "not finite"], {}),
    ("is_numeric_tensor", [F6], {}), ("is_tensor", [F6], {}),
    ("math.is_nan", [I6], {}),
    ("strings.length", [T("str", ["ab", "", "xyz"])], {}),
    ("as_string", [T("float32", [1.5, NAN])], {}), ("as_string", [T("int32", [3])], {}),
    ("as_string", [T("bool", [True])], {}),
    ("string_to_number", [T("str", ["1.5", "-2"])], {}),
    ("string_to_number", [T("str", ["abc"])], {}),
    ("strings.to_number", [T("str", ["3"])], {"out_type": D("int32")}),
    ("strings.join", [L(T("str", ["a", "b"]), T("str", ["c", "d"]))], {"separator": "-"}),
    ("strings.substr", [T("str", ["hello"]), 1, 3], {}),
    ("strings.substr", [T("str", ["hello"]), 9, 3], {}),
    ("image.flip_left_right", [T("float32", list(range(4)), [2, 2, 1])], {}),
    ("image.rgb_to_grayscale", [T("float32", [0.5, 0.2, 0.1], [1, 1, 3])], {}),
    ("image.per_image_standardization", [T("float32", [1.0, 2.0, 3.0, 4.0], [2, 2, 1])], {}),
    ("image.adjust_brightness", [T("float32", [0.5, 0.2], [1, 2, 1]), 0.1], {}),
    ("image.resize_images", [T("float32", list(range(4)), [2, 2, 1]), [4, 4]], {}),
    ("image.resize_bilinear", [T("float32", list(range(4)), [1, 2, 2, 1]), [3, 3]], {}),
    ("image.resize_nearest_neighbor", [T("float32", list(range(4)), [1, 2, 2, 1]), [3, 3]], {}),
    ("image.convert_image_dtype", [T("uint8", [0, 255, 128]), D("float32")], {}),
    ("image.convert_image_dtype", [T("float32", [0.0, 1.0, 0.5]), D("uint8")], {}),
    ("image.central_crop", [T("float32", list(range(16)), [4, 4, 1]), 0.5], {}),
    ("image.extract_image_patches", [T("float32", list(range(16)), [1, 4, 4, 1]), [1, 2, 2, 1],
                                     [1, 2, 2, 1], [1, 1, 1, 1], "VALID"], {}),
    ("image.total_variation", [T("float32", list(range(4)), [2, 2, 1])], {}),
    ("image.image_gradients", [T("float32", list(range(4)), [1, 2, 2, 1])], {}),
    ("image.random_flip_left_right", [T("float32", list(range(4)), [2, 2, 1])], {"seed": 1,
                                                                                  "grad": False}),
]


def table_cases(rows, family):
    counts = collections.Counter()
    for op, args, kwargs in rows:
        kwargs = dict(kwargs)
        grad = kwargs.pop("grad", True)
        counts[op] += 1
        yield f"{op}:{family}{counts[op]}", call(op, *args, grad=grad, **kwargs)


FAMILIES = {
    "elementwise": elementwise_cases,
    "reductions": reduction_cases,
    "array": lambda: table_cases(ARRAY, "a"),
    "nn": lambda: table_cases(NN, "n"),
    "linalg": lambda: table_cases(LINALG, "l"),
    "losses": lambda: table_cases(LOSSES, "x"),
    "misc": lambda: table_cases(MISC, "m"),
}


# ---- where TF 1.15 differs from the oracle (TF 2.21), TF 1.15 wins ---------------------------
def _integer_division_by_zero(op_name):
    return {"error": "InvalidArgumentError", "message": f"Integer division by zero [Op:{op_name}]"}


_NOT_PD = {"error": "InvalidArgumentError", "message": "Cholesky decomposition was not "
           "successful. The input might not be valid. [Op:Cholesky]"}
TF115 = {
    # TF 2 made these an InternalError; TF 1.15's BinaryOp reported every integer kernel error
    # as "Integer division by zero".
    "truncatediv:i32zero": _integer_division_by_zero("TruncateDiv"),
    "truncatemod:i32zero": _integer_division_by_zero("TruncateMod"),
    # TF 2's CPU Cholesky returns NaNs; TF 1.15's raised.
    "cholesky:l2": _NOT_PD, "cholesky:l3": _NOT_PD,
}

# Differences that stay, by case-id pattern and kind, with the reason (see the report).
KNOWN = [
    ("", "error message", "the message's wording (TF 2.21's oracle against the shim's, mostly "
     "TF 1.15's): compared in the report, not asserted"),
    (r"^(math\.(igamma|zeta|polygamma|cumulative_logsumexp)):", "forward",
     "special-function edge values (NaN/inf/0 arguments): XLA's and Eigen's conventions differ"),
    (r"^(math\.(igamma|zeta|polygamma|digamma|bessel_i1e|cumulative_logsumexp)|nn\.softsign)",
     "gradient value", "special-function gradients at edge values"),
    (r"^(cumprod|math\.cumprod):", "gradient value",
     "TF 2 divides by x with div_no_nan in cumprod's gradient (TF 1.15 gave NaN; JAX exact)"),
    (r"^reduce_(max|min):f32_nan", "gradient value",
     "TF's reduce_max gradient is NaN for a row holding NaN (0/0 of its tie count)"),
    (r"^nn\.softmax:(f32edge|n3)", "forward", "softmax of inf/NaN logits: oneDNN's kernel"),
    (r"^nn\.softmax:(scalar|py_float|n6)", "error class",
     "TF 2.21's oneDNN kernel raises AbortedError; TF 1.15 raised InvalidArgumentError as here"),
    (r"^sort:a1", "forward", "NaN placement of TF's top_k-based sort"),
    (r"^cast:a[16]", "forward", "float->int cast of NaN/out-of-range values is x86-undefined"),
    (r"^clip_by_norm:a5", "forward", "TF 2 clamps a negative clip_norm to 0 (TF 1.15 did not)"),
    (r"^nn\.max_pool:n3", "forward", "TF 2's generated op converts a NumPy float64 input "
     "to the attribute's default float32"),
    (r"^(truncatemod|unique):", "gradient error",
     "TF raises LookupError (no gradient defined); the tape answers None"),
    (r"^(truncatemod|unique):", "gradient", "TF raises LookupError (no gradient defined)"),
    (r"^matrix_determinant:l2", "gradient error", "TF's gradient inverts the singular matrix"),
    (r"^matrix_determinant:l2", "gradient", "TF's gradient inverts the singular matrix"),
    (r"^math\.digamma:f16", "gradient error", "TF has no half Polygamma kernel"),
    (r"^math\.digamma:f16", "gradient", "TF has no half Polygamma kernel"),
    (r"^(add|subtract|multiply|maximum|minimum|squared_difference|pow|atan2|math\.xdivy|"
     r"math\.xlogy|div_no_nan|math\.igamma|math\.zeta|math\.polygamma|floordiv|floormod|mod|"
     r"truncatediv|truncatemod|truediv|divide|realdiv|scalar_mul|bitwise\.[a-z_]+):"
     r"(py_int_first|py_neg_int_first|np_f64_first|py_float_on_int)", "error class",
     "TF 2.21 converts the first operand on its own (TF 1.15's generated ops took the "
     "tensor's dtype for a Python operand, as here)"),
    (r"^(linalg\.logm|strings\.substr|nn\.max_pool_with_argmax|nn\.compute_average_loss)",
     "error class", "not implemented (fails by name)"),
    (r"^nn\.conv2d:n4", "error class", "TF 2.21 aborts on a failed CHECK"),
    (r"^(losses\.softmax_cross_entropy:x[13]|nn\.fused_batch_norm:n2)", "gradient None",
     "TF answers None for one input of a multi-input op (labels, is_training=False's mean and "
     "variance); the tape's non-differentiable table is per op, so they get zeros"),
    (r"^reshape:a5", "error class", "TF infers -1 from a zero-size shape"),
    (r"^matrix_diag:a2", "error class", "an empty diagonal batch"),
    (r"^reduce_(all|any):f32_axes", "error class",
     "TF 2.21's Python route for a list axis (TF 1.15's op raised InvalidArgumentError)"),
    (r"^scalar_mul:py_", "error class", "TF 2.21 reads `.dtype` of a Python scalar"),
    (r"^invert_permutation:py_float", "error class", "conversion order of a Python float"),
    (r"^floordiv:f32edge", "forward", "floor(inf / 1) of TF's float FloorDiv kernel"),
    (r"^clip_by_norm:a5", "gradient value", "TF 2 clamps a negative clip_norm to 0"),
]


def classify(key, kinds):
    """The reason each kind of difference of a case stays (None: unexplained)."""
    reasons = {}
    for kind in kinds:
        for pattern, known_kind, reason in KNOWN:
            if kind == known_kind and re.search(pattern, key):
                reasons[kind] = reason
                break
        else:
            reasons[kind] = None
    return reasons


# ---- running -------------------------------------------------------------------------------
def worker(backend, cases_path, results_path):
    """Runs every case in this process under `backend` ("tf" or "shim")."""
    sys.path.insert(0, SWEEP)
    import warnings
    warnings.filterwarnings("ignore")
    if backend == "tf":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
        import tensorflow.compat.v1 as tf
        tf.enable_eager_execution()
        tf.get_logger().setLevel("ERROR")
    else:
        import jax
        jax.config.update("jax_numpy_dtype_promotion", "strict")  # as the suite runs
        import tfeager_compat as tf
    import execute
    with open(cases_path) as f:
        cases = json.load(f)
    with open(results_path, "a") as out:
        for key, case in cases.items():
            out.write(json.dumps([key, execute.run_case(tf, case)]) + "\n")
            out.flush()


def run_backend(python, backend, cases, tmp):
    """Every case's result under `backend`; a case that kills the process (a failed CHECK in
    a TF kernel) is recorded as the error "crash" and the rest run in a new process."""
    results, pending = {}, dict(cases)
    results_path = os.path.join(tmp, f"{backend}.jsonl")
    while pending:
        cases_path = os.path.join(tmp, "cases.json")
        with open(cases_path, "w") as f:
            json.dump(pending, f)
        open(results_path, "w").close()
        proc = subprocess.run([python, os.path.abspath(__file__), "--worker", backend,
                               cases_path, results_path], cwd=ROOT, stderr=subprocess.PIPE)
        with open(results_path) as f:
            for line in f:
                key, result = json.loads(line)
                results[key] = result
                del pending[key]
        if proc.returncode and pending:
            key = next(iter(pending))
            results[key] = {"error": "crash", "message": proc.stderr.decode()[-300:]}
            print(f"{backend} crashed on {key}:", proc.stderr.decode()[-300:], file=sys.stderr)
            del pending[key]
    return results


def generate(only=None):
    tables = {}
    for family, make in FAMILIES.items():
        cases = {}
        for key, case in make():
            if only and only not in key:
                continue
            if key in cases:
                raise ValueError(f"duplicate case {key}")
            cases[key] = case
        if cases:
            tables[family] = cases
    return tables


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", nargs=3, metavar=("BACKEND", "CASES", "RESULTS"))
    parser.add_argument("--write", action="store_true", help="write tests/sweep/*.json")
    parser.add_argument("--only", help="only the cases whose id contains this")
    parser.add_argument("--tf-results", help="reuse TF's results from this JSON file")
    parser.add_argument("--verbose", "-v", action="store_true", help="print both results")
    a = parser.parse_args()
    if a.worker:
        worker(*a.worker)
        return
    sys.path.insert(0, SWEEP)
    import execute
    tables = generate(a.only)
    cases = {k: c for t in tables.values() for k, c in t.items()}
    with tempfile.TemporaryDirectory() as tmp:
        if a.tf_results:
            with open(a.tf_results) as f:
                tf_results = json.load(f)
        else:
            tf_results = run_backend(ORACLE, "tf", cases, tmp)
            with open(os.path.join(tempfile.gettempdir(), "oracle_sweep_tf.json"), "w") as f:
                json.dump(tf_results, f)
        shim_results = run_backend(sys.executable, "shim", cases, tmp)
        with open(os.path.join(tempfile.gettempdir(), "oracle_sweep_shim.json"), "w") as f:
            json.dump(shim_results, f)
    for key, result in TF115.items():
        if key in tf_results:
            tf_results[key] = result
    kinds, unexplained, known = collections.Counter(), 0, {}
    for key in cases:
        found = execute.differences(tf_results[key], shim_results[key])
        if not found:
            continue
        reasons = classify(key, found)
        known[key] = {kind: reason for kind, reason in reasons.items() if reason}
        for kind, reason in reasons.items():
            kinds[kind] += 1
            if reason is None:
                unexplained += 1
                print(f"{key}: {kind}")
                if a.verbose:
                    print(f"    tf:   {json.dumps(tf_results[key])[:400]}")
                    print(f"    shim: {json.dumps(shim_results[key])[:400]}")
    agree = sum(not execute.differences(tf_results[k], shim_results[k]) for k in cases)
    print(f"{len(cases)} calls, {agree} agree with TensorFlow (TF 1.15 where it differs); "
          f"differences: {dict(kinds)}; {unexplained} unexplained")
    if a.write:
        for family, family_cases in tables.items():
            rows = {k: {"case": c, "tf": tf_results[k]} for k, c in family_cases.items()}
            rows.update({k: dict(rows[k], known=known[k]) for k in family_cases
                         if known.get(k)})
            with open(os.path.join(SWEEP, f"{family}.json"), "w") as f:
                json.dump(rows, f, separators=(",", ":"), sort_keys=True)
                f.write("\n")

if __name__ == "__main__":
    main()
