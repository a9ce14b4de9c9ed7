"""tf.keras.metrics as TF 1.15 has them: classes (state, names, configs, sample weights,
accumulation and reset), the metric functions, and get/serialize/deserialize.

Values are TF's, from the oracle (tf-keras agrees with TF 1.15 on these); where TF 1.15 and
tf-keras differ (configs with newer keys, the confusion metrics' [0, 1] check), TF 1.15's
source decides.
"""
import numpy as np
import pytest

import tfeager_compat as tf

K = tf.keras.metrics


def value(t):
    return np.asarray(t.numpy()).tolist()


def test_mean_state_names_weights_and_reset():
    m = K.Mean()
    assert (m.name, m.dtype) == ("mean", "float32")
    assert [v.name for v in m.variables] == ["total:0", "count:0"]
    assert m.get_config() == {"name": "mean", "dtype": "float32"}
    r = m(tf.constant([1., 2., 3.]))
    assert r.dtype == tf.float32 and r.numpy() == 2.0
    assert m.update_state([4, 5], sample_weight=[1, 0.5]) is m.count
    assert m.result().numpy() == np.float32(2.7777777)
    assert [v.numpy() for v in m.variables] == [12.5, 4.5]
    assert not any(v.trainable for v in m.variables) and m.trainable_weights == []
    m.reset_states()
    assert m.result().numpy() == 0.0 and [v.numpy() for v in m.variables] == [0.0, 0.0]


def test_sum_and_dtype():
    s = K.Sum()
    assert s([1, 2]).numpy() == 3.0 and [v.name for v in s.variables] == ["total:0"]
    assert s.get_config() == {"name": "sum", "dtype": "float32"}
    d = K.Mean(dtype=tf.float64)
    assert d.dtype == "float64" and d([1., 2.]).dtype == tf.float64


@pytest.mark.parametrize("values, weights, total, count", [
    ([1., 2., 3.], 2., 12.0, 6.0),              # a scalar weight is broadcast
    ([[1., 2.], [3., 4.]], [1., 0.], 3.0, 2.0),  # rank one less: expanded, then broadcast
    ([1., 2.], [[1.], [3.]], 7.0, 4.0),          # rank one more, last axis 1: squeezed
    ([[[1., 2.], [3., 4.]], [[5., 6.], [7., 8.]]], [1., 2.], 15.5, 3.0),  # else: mean down
])
def test_mean_sample_weight_shapes(values, weights, total, count):
    m = K.Mean()
    m.update_state(values, sample_weight=weights)
    assert [v.numpy() for v in m.variables] == [total, count]


def test_bad_sample_weight_raises_and_changes_nothing():
    m = K.Mean()
    m([1.])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Can not squeeze dim\[1\], expected a dimension of 1, got 2 "
                             r"\[Op:Squeeze\]$"):
        m.update_state([1., 2.], sample_weight=[[1., 2.], [3., 4.]])
    assert [v.numpy() for v in m.variables] == [1.0, 1.0]


@pytest.mark.parametrize("metric, y_true, y_pred, kwargs, expected, config", [
    (K.Accuracy, [1, 2, 3], [1, 2, 4], {}, 0.6666667, {}),
    (K.CategoricalAccuracy, [[0, 1], [1, 0]], [[0.3, 0.7], [0.4, 0.6]], {}, 0.5, {}),
    (K.SparseCategoricalAccuracy, [[1], [0], [2]],
     [[0.3, 0.7, 0.], [0.4, 0.6, 0.], [0.1, 0.2, 0.7]], {}, 0.6666667, {}),
    (lambda: K.TopKCategoricalAccuracy(k=1), [[0, 0, 1], [0, 1, 0]],
     [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], {}, 0.5, {"k": 1}),
    (lambda: K.SparseTopKCategoricalAccuracy(k=2), [2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
     {}, 1.0, {"k": 2}),
    (K.BinaryAccuracy, [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], {}, 0.75,
     {"threshold": 0.5}),
    (lambda: K.BinaryAccuracy(threshold=0.7), [[1, 0], [1, 1]], [[0.8, 0.9], [0.6, 0.75]], {},
     0.5, {"threshold": 0.7}),
    (K.MeanSquaredError, [[0., 1.], [0., 0.]], [[1., 1.], [1., 0.]], {}, 0.5, {}),
    (K.MeanAbsoluteError, [[0., 1.], [0., 0.]], [[1., 1.], [1., 0.]],
     {"sample_weight": [[1.], [3.]]}, 0.5, {}),
    (K.RootMeanSquaredError, [2., 4., 6.], [1., 3., 2.], {}, 2.4494898, None),
    (K.MeanAbsolutePercentageError, [[0., 0.], [1., 1.]], [[1., 1.], [1., 0.]], {},
     5.0000003e+08, {}),
    (K.MeanSquaredLogarithmicError, [[0., 0.], [1., 1.]], [[1., 1.], [1., 0.]], {},
     0.36033964, {}),
    (K.Hinge, [[0., 1.], [0., 0.]], [[0.6, 0.4], [0.4, 0.6]], {}, 1.3, {}),
    (K.SquaredHinge, [[-1., 1.], [1., 1.]], [[0.6, -0.7], [-0.5, 0.2]], {}, 2.085, {}),
    (K.CategoricalHinge, [[0., 1.], [0., 0.]], [[0.6, 0.4], [0.4, 0.6]], {}, 1.4000001, {}),
    (K.LogCoshError, [[0., 1.], [0., 0.]], [[1., 1.], [0., 0.]], {}, 0.1084452, {}),
    (K.KLDivergence, [[.4, .9], [.2, .1]], [[.5, .8], [.12, .3]], {}, 0.004525613, {}),
    (K.Poisson, [[0., 1.], [0., 0.]], [[1., 1.], [0., 0.]], {}, 0.49999997, {}),
    (K.CosineSimilarity, [[0., 1.], [1., 1.]], [[1., 0.], [1., 1.]], {}, 0.49999997,
     {"axis": -1}),
    (K.BinaryCrossentropy, [[1., 0., 1., 0.]], [[1., 1., 1., 0.]], {}, 3.8333097,
     {"from_logits": False, "label_smoothing": 0}),
    (K.CategoricalCrossentropy, [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]],
     {}, 1.1769392, {"from_logits": False, "label_smoothing": 0}),
    (K.SparseCategoricalCrossentropy, [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], {},
     1.1769392, {"from_logits": False, "axis": -1}),
    (lambda: K.BinaryCrossentropy(from_logits=True, label_smoothing=0.1), [[1., 0.]],
     [[2., -1.]], {}, 0.29509485, None),
    (lambda: K.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2), [[0., 1.]],
     [[2., -1.]], {}, 2.7485874, None),
    (lambda: K.SparseCategoricalCrossentropy(from_logits=True), [[1], [0]],
     [[2., -1.], [0.5, 0.5]], {}, 1.8708673, None),
])
def test_mean_metric_wrappers(metric, y_true, y_pred, kwargs, expected, config):
    m = metric()
    r = m(y_true, y_pred, **kwargs)
    assert r.dtype == tf.float32
    assert r.numpy() == pytest.approx(expected, rel=2e-7)
    assert [v.name for v in m.variables] == ["total:0", "count:0"]
    if config is not None:
        assert m.get_config() == {"name": m.name, "dtype": "float32", **config}


@pytest.mark.parametrize("metric, y_true, y_pred, first, second", [
    (K.MeanAbsolutePercentageError, [[0., 0.], [1., 1.]], [[1., 1.], [1., 0.]],
     5.0000003e+08, 4.3333338e+08),
    (K.Hinge, [[0., 1.], [0., 0.]], [[0.6, 0.4], [0.4, 0.6]], 1.3, 1.3266667),
    (K.CosineSimilarity, [[0., 1.], [1., 1.]], [[1., 0.], [1., 1.]], 0.49999997, 0.5666666),
    (K.SparseCategoricalCrossentropy, [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]],
     1.1769392, 1.3270254),
])
def test_weighted_accumulation_over_batches(metric, y_true, y_pred, first, second):
    m = metric()
    assert m(y_true, y_pred).numpy() == pytest.approx(first, rel=2e-7)
    assert m(y_true, y_pred, sample_weight=[0.3, 0.7]).numpy() == pytest.approx(second, rel=2e-7)


def test_categorical_accuracy_over_weighted_batches():
    m = K.CategoricalAccuracy()
    assert m([[0, 1], [1, 0]], [[0.3, 0.7], [0.4, 0.6]]).numpy() == 0.5
    r = m([[0, 1], [1, 0]], [[0.3, 0.7], [0.6, 0.4]], sample_weight=[0.5, 2])
    assert r.numpy() == np.float32(0.7777778)


def test_sparse_categorical_accuracy_with_column_weights():
    m = K.SparseCategoricalAccuracy()
    m([[1], [0], [2]], [[0.3, 0.7, 0.], [0.4, 0.6, 0.], [0.1, 0.2, 0.7]])
    r = m([1, 0], [[0.3, 0.7, 0.], [0.4, 0.6, 0.]], sample_weight=[[1.], [3.]])
    assert r.numpy() == np.float32(0.42857143)


def test_root_mean_squared_error_accumulates():
    m = K.RootMeanSquaredError()
    m([2., 4., 6.], [1., 3., 2.])
    assert m([[1.], [2.]], [[1.5], [2.5]], sample_weight=[1., 2.]).numpy() == np.float32(1.767767)


def test_mean_tensor():
    m = K.MeanTensor()
    m.update_state([0, 1, 2, 3])
    m.update_state([4, 5, 6, 7])
    assert value(m.result()) == [2., 3., 4., 5.]
    m.update_state([12, 10, 8, 6], sample_weight=[0, 0.2, 0.5, 1])
    np.testing.assert_array_equal(m.result().numpy(),
                                  np.float32([2., 3.6363635, 4.8, 5.3333335]))
    assert [v.name for v in m.variables] == ["total:0", "count:0"]
    with pytest.raises(ValueError, match="^MeanTensor input values must always have the same "
                                         r"shape\. Expected shape \(set during the first call\)"):
        m.update_state([1., 2.])
    with pytest.raises(ValueError, match="^MeanTensor does not have any result yet"):
        K.MeanTensor().result()


def test_accuracy_shape_error():
    with pytest.raises(ValueError, match=r"^Shapes \(2,\) and \(3,\) are incompatible$"):
        K.Accuracy()([1, 2, 3], [1, 2])


def test_unique_default_names_and_abstract_base():
    a, b = K.AUC(), K.AUC()
    assert b.name == a.name + "_1" if a.name == "auc" else b.name != a.name
    with pytest.raises(TypeError, match="abstract"):
        K.Metric()


def test_custom_metric_result_is_a_tensor():
    class Count(K.Metric):
        def __init__(self, name="count_metric"):
            super().__init__(name=name)
            self.n = self.add_weight("n", initializer="zeros")

        def update_state(self, values):
            self.n.assign_add(tf.cast(tf.size(values), tf.float32))

        def result(self):
            return self.n

    c = Count()
    r = c([1, 2, 3])
    assert type(r) is tf.Tensor and r.numpy() == 3.0 and c.variables[0].name == "n:0"
    c.reset_states()
    assert c.result().numpy() == 0.0


# ---- confusion-matrix metrics -----------------------------------------------------------------
Y_TRUE, Y_PRED, WEIGHTS = [0, 1, 1, 0, 1], [0.2, 0.8, 0.4, 0.6, 0.9], [1., 2., 3., 4., 5.]


@pytest.mark.parametrize("metric, plain, weighted, at_two", [
    (K.TruePositives, 2.0, 7.0, [3., 2.]),
    (K.FalsePositives, 1.0, 4.0, [1., 0.]),
    (K.TrueNegatives, 1.0, 1.0, [1., 2.]),
    (K.FalseNegatives, 1.0, 3.0, [0., 1.]),
])
def test_condition_counts(metric, plain, weighted, at_two):
    m = metric()
    assert m(Y_TRUE, Y_PRED).numpy() == plain and [v.name for v in m.variables] == [
        "accumulator:0"]
    assert m.update_state(Y_TRUE, Y_PRED, sample_weight=WEIGHTS) is None
    assert m.result().numpy() == plain + weighted
    t = metric(thresholds=[0.3, 0.7])
    assert value(t(Y_TRUE, Y_PRED)) == at_two
    assert t.get_config()["thresholds"] == [0.3, 0.7]


def test_precision_recall():
    p = K.Precision()
    assert p(Y_TRUE, Y_PRED).numpy() == np.float32(0.6666667)
    assert p([[0], [1]], [[0.7], [0.9]], sample_weight=[2., 1.]).numpy() == 0.5
    assert p.get_config() == {"name": p.name, "dtype": "float32", "thresholds": None,
                              "top_k": None, "class_id": None}
    assert [v.name for v in p.variables] == ["true_positives:0", "false_positives:0"]
    p.reset_states()
    assert p.result().numpy() == 0.0 and value(p.variables[0]) == [0.0]
    r = K.Recall(thresholds=[0.5, 0.85])
    np.testing.assert_array_equal(r(Y_TRUE, Y_PRED).numpy(), np.float32([0.6666667, 0.33333334]))
    assert [v.name for v in r.variables] == ["true_positives:0", "false_negatives:0"]
    top = K.Precision(top_k=2)
    assert top([[0, 1, 1, 0], [1, 0, 0, 1]],
               [[0.1, 0.5, 0.4, 0.3], [0.5, 0.5, 0.2, 0.3]]).numpy() == 0.75
    one_class = K.Recall(class_id=2)
    assert one_class([[0, 1, 1], [1, 0, 0], [0, 0, 1]],
                     [[0.1, 0.5, 0.7], [0.5, 0.5, 0.2], [0.6, 0.1, 0.3]]).numpy() == 0.5


def test_confusion_metrics_check_predictions_range_and_change_nothing():
    p = K.Precision()
    p([1], [0.9])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^predictions must be <= 1\nCondition x <= y did not hold\."):
        p([0, 1], [0.5, 1.5])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^predictions must be >= 0\n"):
        p([0, 1], [-0.5, 0.5])
    with pytest.raises(ValueError, match=r"^Shapes \(2,\) and \(3,\) are incompatible$"):
        p([0, 1, 1], [0.5, 0.5])
    assert p.result().numpy() == 1.0
    with pytest.raises(ValueError, match=r"^Threshold values must be in \[0, 1\]\. "
                                         r"Invalid values: \[2\]$"):
        K.Precision(thresholds=[0.5, 2])


def test_auc():
    m = K.AUC()
    assert [(v.name, v.shape.as_list()) for v in m.variables] == [
        ("true_positives:0", [200]), ("true_negatives:0", [200]),
        ("false_positives:0", [200]), ("false_negatives:0", [200])]
    assert m(Y_TRUE, Y_PRED).numpy() == np.float32(0.8333334)
    assert m([1, 0, 1], [0.3, 0.35, 0.99], sample_weight=[1., 2., 0.5]).numpy() == np.float32(
        0.7777778)
    assert K.AUC(num_thresholds=3)([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]).numpy() == 0.75
    a = K.AUC(thresholds=[0.5, 0.25, 0.75])
    assert a([0, 1, 1, 0], [0.2, 0.8, 0.4, 0.6]).numpy() == 0.75
    assert a.thresholds == [-1e-07, 0.25, 0.5, 0.75, 1.0000001]
    assert a.get_config() == {"name": a.name, "dtype": "float32", "num_thresholds": 5,
                              "curve": "ROC", "summation_method": "interpolation",
                              "thresholds": [0.25, 0.5, 0.75]}
    with pytest.raises(ValueError, match='^Invalid AUC curve value "foo".$'):
        K.AUC(curve="foo")


@pytest.mark.parametrize("curve, summation, expected", [
    ("ROC", "interpolation", 0.7916667), ("ROC", "minoring", 0.75),
    ("ROC", "majoring", 0.8333333), ("PR", "interpolation", 0.8537626),
    ("PR", "minoring", 0.5833334), ("PR", "majoring", 0.875),
])
def test_auc_curves_and_summations(curve, summation, expected):
    m = K.AUC(num_thresholds=7, curve=curve, summation_method=summation)
    r = m([0, 1, 1, 0, 1, 0, 1], [0.1, 0.8, 0.45, 0.6, 0.95, 0.3, 0.2])
    assert r.numpy() == pytest.approx(expected, rel=2e-7)


# ---- functions --------------------------------------------------------------------------------
YT = [[0., 1., 0.], [1., 0., 0.]]
YP = [[0.1, 0.7, 0.2], [0.3, 0.4, 0.3]]


@pytest.mark.parametrize("name, expected", [
    ("categorical_accuracy", [1., 0.]),
    ("mse", [0.04666667, 0.24666667]),
    ("MSE", [0.04666667, 0.24666667]),
    ("mae", [0.2, 0.4666667]),
    ("mape", [1.0000001e+08, 2.3333338e+08]),
    ("msle", [0.02291251, 0.12254078]),
    ("hinge", [0.86666673, 1.1333333]),
    ("squared_hinge", [0.9133334, 1.3799998]),
    ("kld", [0.35667214, 1.2039697]),
    ("poisson", [0.45222494, 0.7346575]),
    ("cosine_proximity", [-0.9525794, -0.5144958]),
    ("cosine", [-0.9525794, -0.5144958]),
    ("binary_crossentropy", [0.22839285, 0.6904909]),
    ("categorical_crossentropy", [0.35667497, 1.2039728]),
    ("top_k_categorical_accuracy", [1., 1.]),
    ("binary_accuracy", [1., 0.6666667]),
])
def test_metric_functions(name, expected):
    r = getattr(K, name)(tf.constant(YT), tf.constant(YP))
    assert r.dtype == tf.float32
    np.testing.assert_allclose(r.numpy(), np.float32(expected), rtol=2e-7)


def test_metric_function_options():
    yp = tf.constant(YP)
    assert value(K.binary_accuracy(tf.constant(YT), yp, threshold=0.25)) == pytest.approx(
        [1., 0.33333334])
    assert value(K.sparse_categorical_accuracy(tf.constant([1., 0.]), yp)) == [1., 0.]
    assert value(K.sparse_categorical_accuracy(tf.constant([[1], [2]]), yp)) == [1., 0.]
    assert value(K.sparse_top_k_categorical_accuracy(tf.constant([2, 0]), yp, k=1)) == [0., 0.]
    np.testing.assert_allclose(K.sparse_categorical_crossentropy(tf.constant([1, 0]), yp),
                               np.float32([0.35667488, 1.2039728]), rtol=2e-7)
    np.testing.assert_allclose(
        K.sparse_categorical_crossentropy(tf.constant([1, 0]), yp, from_logits=True),
        np.float32([0.7679496, 1.1330688]), rtol=2e-7)
    np.testing.assert_allclose(
        K.categorical_crossentropy(tf.constant(YT), yp, from_logits=True, label_smoothing=0.1),
        np.float32([0.8046163, 1.1297355]), rtol=2e-7)
    np.testing.assert_allclose(K.binary_crossentropy(tf.constant(YT), yp, from_logits=True),
                               np.float32([0.6485739, 0.7739086]), rtol=2e-7)
    integer = K.mse(tf.constant([[1, 2], [3, 4]]), tf.constant([[1, 1], [5, 4]]))
    assert integer.dtype == tf.int32 and value(integer) == [0, 2]
    assert K.cosine_proximity.__name__ == "cosine_similarity"
    assert K.kld is K.kullback_leibler_divergence


def test_metric_functions_are_differentiable_losses():
    x = tf.Variable([[0.2, 0.8], [0.6, 0.4]])
    labels = tf.constant([[0., 1.], [1., 0.]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(K.categorical_crossentropy(labels, x))
    assert loss.numpy() == np.float32(0.36698455)
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(),
                               np.float32([[0.5, -0.125], [-0.3333333, 0.5]]), rtol=2e-7)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(K.mse(labels, x))
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(),
                               np.float32([[0.1, -0.09999999], [-0.19999999, 0.2]]), rtol=2e-7)


def test_metric_function_shape_error():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Incompatible shapes: \[1,3\] vs\. \[1,2\] "
                             r"\[Op:SquaredDifference\]$"):
        K.mse(tf.constant([[1., 2.]]), tf.constant([[1., 2., 3.]]))


# ---- lookup -----------------------------------------------------------------------------------
def test_get_serialize_deserialize():
    assert K.get("accuracy").__name__ == "accuracy"
    assert K.get("mse") is K.mean_squared_error and K.get(K.mae) is K.mae
    made = K.get("Accuracy")
    assert type(made) is K.Accuracy and made.name == "accuracy"
    assert type(K.get({"class_name": "MeanSquaredError",
                       "config": {"name": "x", "dtype": "float32"}})).__name__ == \
        "MeanSquaredError"
    assert K.serialize(K.Mean(name="m")) == {"class_name": "Mean",
                                             "config": {"name": "m", "dtype": "float32"}}
    assert K.serialize(K.mse) == "mean_squared_error"
    auc = K.deserialize({"class_name": "AUC", "config": K.AUC(num_thresholds=5).get_config()})
    assert auc.num_thresholds == 5
    for bad, message in [("foo", "Unknown metric function:foo"),
                         ({"class_name": "Foo", "config": {}}, "Unknown metric function: Foo"),
                         (5, "Could not interpret metric function identifier: 5")]:
        with pytest.raises(ValueError, match=f"^{message}$"):
            K.get(bad)
