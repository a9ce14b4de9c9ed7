"""`tf.metrics.*`: TF1's graph-mode streaming metrics, which raise under eager execution.

Each raises TF 1.15's RuntimeError, worded as TF words it (a few name another function, and
`tf.metrics.recall`'s message repeats "is not supported", as TF's does). Use `tfe.metrics`
or `tf.keras.metrics` in eager code.
"""
import ast
import inspect

from ..ops.registry import export

_SIGNATURES = {
    "accuracy": "labels, predictions, weights=None",
    "auc": "labels, predictions, weights=None, num_thresholds=200, curve='ROC', "
           "summation_method='trapezoidal', thresholds=None",
    "average_precision_at_k": "labels, predictions, k, weights=None",
    "false_negatives": "labels, predictions, weights=None",
    "false_negatives_at_thresholds": "labels, predictions, thresholds, weights=None",
    "false_positives": "labels, predictions, weights=None",
    "false_positives_at_thresholds": "labels, predictions, thresholds, weights=None",
    "mean": "values, weights=None",
    "mean_absolute_error": "labels, predictions, weights=None",
    "mean_cosine_distance": "labels, predictions, dim, weights=None",
    "mean_iou": "labels, predictions, num_classes, weights=None",
    "mean_per_class_accuracy": "labels, predictions, num_classes, weights=None",
    "mean_relative_error": "labels, predictions, normalizer, weights=None",
    "mean_squared_error": "labels, predictions, weights=None",
    "mean_tensor": "values, weights=None",
    "percentage_below": "values, threshold, weights=None",
    "precision": "labels, predictions, weights=None",
    "precision_at_k": "labels, predictions, k, class_id=None, weights=None",
    "precision_at_thresholds": "labels, predictions, thresholds, weights=None",
    "precision_at_top_k": "labels, predictions_idx, k=None, class_id=None, weights=None",
    "recall": "labels, predictions, weights=None",
    "recall_at_k": "labels, predictions, k, class_id=None, weights=None",
    "recall_at_thresholds": "labels, predictions, thresholds, weights=None",
    "root_mean_squared_error": "labels, predictions, weights=None",
    "sensitivity_at_specificity": "labels, predictions, specificity, weights=None, "
                                  "num_thresholds=200",
    "sparse_average_precision_at_k": "labels, predictions, k, weights=None",
    "sparse_precision_at_k": "labels, predictions, k, class_id=None, weights=None",
    "specificity_at_sensitivity": "labels, predictions, sensitivity, weights=None, "
                                  "num_thresholds=200",
    "true_negatives": "labels, predictions, weights=None",
    "true_negatives_at_thresholds": "labels, predictions, thresholds, weights=None",
    "true_positives": "labels, predictions, weights=None",
    "true_positives_at_thresholds": "labels, predictions, thresholds, weights=None",
}

# The name TF's message gives, where it is not the function's own.
_MESSAGE_NAMES = {
    "average_precision_at_k": "sparse_average_precision_at_k",
    "precision_at_k": "sparse_precision_at_k",
    "recall": "recall is not supported",
}


def _signature(text):
    params = []
    for item in text.split(", ") + ["metrics_collections=None", "updates_collections=None",
                                    "name=None"]:
        name, _, default = item.partition("=")
        params.append(inspect.Parameter(
            name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=ast.literal_eval(default) if default else inspect.Parameter.empty))
    return inspect.Signature(params)


def _graph_only(name, signature):
    message = (f"tf.metrics.{_MESSAGE_NAMES.get(name, name)} is not supported when eager "
               "execution is enabled.")
    signature = _signature(signature)

    def metric(*args, **kwargs):
        signature.bind(*args, **kwargs)  # a wrong call is a TypeError, as in TF
        raise RuntimeError(message)

    metric.__name__ = metric.__qualname__ = name
    metric.__signature__ = signature
    metric.__doc__ = (f"`tf.metrics.{name}`: graph mode only; raises RuntimeError under "
                      "eager execution.")
    return export(f"metrics.{name}")(metric)


for _name, _text in _SIGNATURES.items():
    _graph_only(_name, _text)
