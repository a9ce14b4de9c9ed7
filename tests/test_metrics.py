"""tfe.metrics (TF 1.15's tf.contrib.eager.metrics) and the tf.metrics.* eager errors.

Expected values are TF 1.15's (its metrics_test.py cases and its documented behaviour); the
tf.metrics messages are TF's, checked with the oracle.
"""
import numpy as np
import pytest

import tfeager_compat as tf

tfe = tf.contrib.eager


def test_mean_accumulates_in_float64_and_returns_the_sums():
    m = tfe.metrics.Mean()
    first = m([1, 10, 100])
    assert first.dtype == tf.int32 and first.numpy() == 111  # call returns reduce_sum(values)
    assert m(1000).numpy() == 1000
    assert m([10000.0, 100000.0]).numpy() == np.float32(110000.0)
    result = m.result()
    assert result.dtype == tf.float64 and result.numpy() == 111111.0 / 6
    assert m.dtype == tf.float64 and m.name == "Mean"
    assert [v.name for v in m.variables] == ["Mean/numer:0", "Mean/denom:0"]
    assert [v.numpy() for v in m.variables] == [111111.0, 6.0]
    assert not any(v.trainable for v in m.variables)


def test_init_variables_resets_and_value_is_the_result_method():
    m = tfe.metrics.Mean()
    m([1, 10, 100, 1000])
    m([10000.0, 100000.0])
    assert m.value()().numpy() == 111111.0 / 6  # eager: value() returns the callable
    assert m.init_variables() is None
    m(7)
    assert m.result().numpy() == 7.0


def test_weighted_mean_returns_weighted_values_and_weights():
    m = tfe.metrics.Mean()
    values, weights = m([1, 100, 100000], weights=[1, 0.2, 0.3])
    assert values.dtype == weights.dtype == tf.float64
    np.testing.assert_allclose(weights.numpy(), np.float32([1, 0.2, 0.3]))
    m([500000, 5000, 1000], weights=[2, 3, 4])
    np.testing.assert_allclose(m.result().numpy(), 99906.76187653944, rtol=1e-15)


def test_mean_dtype_and_two_metrics_do_not_share_state():
    m = tfe.metrics.Mean(dtype=tf.float32)
    m([0, 2])
    assert m.result().dtype == tf.float32 and m.result().numpy() == 1.0
    m1, m2 = tfe.metrics.Mean(), tfe.metrics.Mean()
    m1(0)
    m2(2)
    assert (m1.result().numpy(), m2.result().numpy()) == (0.0, 2.0)


def test_variable_names_follow_the_metric_scope():
    m = tfe.metrics.Mean("has space")
    m(0)
    assert m.name == "has space" and m.numer.name == "has_space/numer:0"
    with tf.name_scope("eval"):
        e = tfe.metrics.Accuracy()
    e([1], [1])  # built outside the scope: the scope is the one it was made in
    assert [v.name for v in e.variables] == ["eval/Accuracy/numer:0", "eval/Accuracy/denom:0"]


def test_build_once_and_add_variable_only_in_build():
    m = tfe.metrics.Mean()
    m.build()
    numer = m.numer
    m(0.0)
    assert m.numer is numer and len(m.variables) == 2
    with pytest.raises(RuntimeError, match=r"^Can't call add_variable\(\) except in build\(\)\.$"):
        m.add_variable("extra", (), tf.float64, 0)


def test_accuracy():
    m = tfe.metrics.Accuracy()
    assert m([0, 1, 2, 3], [0, 0, 0, 0]) == ([0, 1, 2, 3], [0, 0, 0, 0])  # args, for chaining
    m([4], [4])
    m([5], [0])
    m([6], [6])
    m([7], [2])
    assert m.result().numpy() == 3.0 / 8 and m.result().dtype == tf.float64
    m.init_variables()
    m([1, 2, 3, 4], [0, 2, 3, 4], weights=[1, 1, 0, 0])
    assert m.result().numpy() == 0.5


def test_accuracy_shape_errors_change_nothing():
    m = tfe.metrics.Accuracy()
    m([1], [1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Shapes of labels and predictions are unequal\nCondition x == y"):
        m([[0], [0]], [0, 1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Incompatible shapes: \[2\] vs\. \[3\] \[Op:Mul\]$"):
        m([1, 2], [1, 2], weights=[1, 1, 1])
    assert [v.numpy() for v in m.variables] == [1.0, 1.0]


@pytest.mark.parametrize("metric, labels, predictions, weights, returned, result", [
    (lambda: tfe.metrics.CategoricalAccuracy(), [[0, 1], [1, 0], [0, 1]],
     [[0.3, 0.7], [0.4, 0.6], [0.9, 0.1]], None, ([1, 0, 1], [1, 1, 0]), 1 / 3),
    (lambda: tfe.metrics.CategoricalAccuracy(), [[0, 1], [1, 0]],
     [[0.3, 0.7], [0.4, 0.6]], [1.0, 3.0], ([1, 0], [1, 1]), 0.25),
    (lambda: tfe.metrics.BinaryAccuracy(threshold=0.5), [1, 0, 1, 0], [0.7, 0.6, 0.2, 0.1],
     None, ([True, False, True, False], [True, True, False, False]), 0.5),
    (lambda: tfe.metrics.BinaryAccuracy(threshold=0.), [1., 0.], [0.5, -2.], None,
     ([True, False], [True, False]), 1.0),
    (lambda: tfe.metrics.SparseAccuracy(), [1, 0, 2], [[0.3, 0.7, 0.], [0.4, 0.6, 0.],
                                                       [0., 0., 1.]], None,
     ([1, 0, 2], [1, 1, 2]), 2 / 3),
])
def test_accuracies(metric, labels, predictions, weights, returned, result):
    m = metric()
    out = m(labels, predictions) if weights is None else m(labels, predictions, weights)
    assert len(out) == (2 if weights is None else 3)
    assert [t.numpy().tolist() for t in out[:2]] == [list(r) for r in returned]
    assert m.result().numpy() == pytest.approx(result, abs=1e-15)
    assert m.result().dtype == tf.float64


def test_argmax_accuracies_return_int64():
    labels, predictions = tfe.metrics.SparseAccuracy()([1], [[0.2, 0.8]])
    assert labels.dtype == predictions.dtype == tf.int64
    labels, predictions = tfe.metrics.CategoricalAccuracy()([[0, 1]], [[0.2, 0.8]])
    assert labels.dtype == predictions.dtype == tf.int64


def test_sparse_accuracy_checks_the_first_axis():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^First axis of labels and predictions is unequal\n"):
        tfe.metrics.SparseAccuracy()([1, 0, 1], [[0.2, 0.8], [0.5, 0.5]])


def test_custom_metric_and_aggregate():
    class Total(tfe.metrics.Metric):
        def build(self, *args, **kwargs):
            self.total = self.add_variable("total", (), tf.float32, tf.zeros_initializer)

        def call(self, values):
            self.total.assign_add(tf.reduce_sum(values))
            return values

        def result(self):
            return tf.identity(self.total)

    a, b = Total(), Total("other")
    a([1., 2.])
    b([4.])
    assert a.variables[0].name == "Total/total:0" and b.variables[0].name == "other/total:0"
    with pytest.raises(ValueError, match="^All metrics must have variables in the same order.$"):
        a.aggregate([b])
    c = Total()
    c([10.])
    a.aggregate([c])
    assert a.result().numpy() == 13.0
    with pytest.raises(TypeError, match="^All metrics must be the same type"):
        a.aggregate([tfe.metrics.Mean()])


def test_base_metric_methods_raise():
    with pytest.raises(NotImplementedError, match="^Metrics must define a build"):
        tfe.metrics.Metric()(1)
    with pytest.raises(NotImplementedError, match="^Metrics must define a result"):
        tfe.metrics.Metric().result()


@pytest.mark.parametrize("name, args, message_name", [
    ("accuracy", ([1], [1]), "accuracy"),
    ("mean", ([1.],), "mean"),
    ("auc", ([1], [0.5]), "auc"),
    ("precision", ([1], [1]), "precision"),
    ("recall", ([1], [1]), "recall is not supported"),
    ("mean_squared_error", ([1.], [1.]), "mean_squared_error"),
    ("precision_at_k", ([[1]], [[0.]], 1), "sparse_precision_at_k"),
    ("average_precision_at_k", ([[1]], [[0.]], 1), "sparse_average_precision_at_k"),
    ("mean_iou", ([1], [1], 2), "mean_iou"),
    ("true_positives_at_thresholds", ([1], [1.], [0.5]), "true_positives_at_thresholds"),
])
def test_graph_metrics_raise_under_eager(name, args, message_name):
    with pytest.raises(RuntimeError, match=rf"^tf\.metrics\.{message_name} is not supported "
                                           r"when eager execution is enabled\.$"):
        getattr(tf.metrics, name)(*args)


def test_graph_metrics_check_their_arguments_first():
    with pytest.raises(TypeError, match="predictions"):
        tf.metrics.accuracy([1])
    with pytest.raises(AttributeError, match="tf.metrics.recall_at_top_k is not supported"):
        tf.metrics.recall_at_top_k  # noqa: B018  (TF 1.15 computes it eagerly; not provided)
