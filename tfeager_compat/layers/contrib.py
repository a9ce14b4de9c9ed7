"""The `tf.contrib.layers` functions TF1 eager code uses: `fully_connected` and `flatten`
(TF 1.15's behaviour: variables `fully_connected/weights:0` and `.../biases:0` from
`tf.get_variable`, in a variable scope made unique per call unless `scope` is given)."""
from .. import variable_scope as vs
from ..framework.convert import to_tensor
from ..ops.registry import EXPORTS, export

_DEFAULT = object()  # TF's defaults (relu, zeros) are objects; an explicit None disables them


@export("contrib.layers.fully_connected")
def fully_connected(inputs, num_outputs, activation_fn=_DEFAULT, normalizer_fn=None,
                    normalizer_params=None, weights_initializer=None, weights_regularizer=None,
                    biases_initializer=_DEFAULT, biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None, trainable=True,
                    scope=None):
    """`activation_fn(inputs . weights + biases)`: relu unless `activation_fn` is given (None
    for linear); xavier weights; zero biases unless `biases_initializer` is None or a
    `normalizer_fn` replaces them."""
    if not isinstance(num_outputs, int):
        raise ValueError(f"num_outputs type should be one of (<class 'int'>,), got "
                         f"{type(num_outputs)}.")
    if activation_fn is _DEFAULT:
        activation_fn = EXPORTS["nn.relu"]
    if biases_initializer is _DEFAULT:
        biases_initializer = EXPORTS["zeros_initializer"]()
    inputs = to_tensor(inputs)
    rank = inputs.shape.ndims
    with vs.variable_scope(scope, default_name="fully_connected", reuse=reuse):
        weights = vs.get_variable(
            "weights", shape=[inputs.shape[-1].value, num_outputs], dtype=inputs.dtype,
            initializer=weights_initializer or EXPORTS["glorot_uniform_initializer"](),
            regularizer=weights_regularizer, trainable=trainable,
            collections=variables_collections)
        if rank > 2:
            outputs = EXPORTS["tensordot"](inputs, weights, [[rank - 1], [0]])
        else:
            outputs = EXPORTS["matmul"](inputs, weights)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            biases = vs.get_variable(
                "biases", shape=[num_outputs], dtype=inputs.dtype,
                initializer=biases_initializer, regularizer=biases_regularizer,
                trainable=trainable, collections=variables_collections)
            outputs = EXPORTS["nn.bias_add"](outputs, biases)
        return activation_fn(outputs) if activation_fn is not None else outputs


@export("contrib.layers.flatten")
def flatten(inputs, outputs_collections=None, scope=None):
    """(batch, ...) -> (batch, k), k the product of the other dimensions."""
    inputs = to_tensor(inputs)
    if inputs.shape.ndims is None or inputs.shape.ndims < 2:
        raise ValueError("Inputs must have a least 2 dimensions.")
    return EXPORTS["reshape"](inputs, [inputs.shape[0].value, -1])
