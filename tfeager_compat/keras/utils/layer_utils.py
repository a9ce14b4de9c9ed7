"""`model.summary()`: Keras 2.2.4-tf's table for sequential-like models (TF 1.15's text).

Columns end at 45%, 85% and 100% of 65 characters; a layer that was only called eagerly has
no static output shape and shows `multiple`; the totals are formatted with thousands commas.
"""
import numpy as np


def count_params(weights):
    """The number of scalars in `weights`, each variable counted once."""
    seen = {id(w): w for w in weights}
    return int(sum(int(np.prod(w.shape.as_list())) for w in seen.values()))


def _row(fields, positions):
    line = ""
    for i, field in enumerate(fields):
        if i:
            line = line[:-1] + " "
        line = (line + str(field))[:positions[i]]
        line += " " * (positions[i] - len(line))
    return line


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """Print (or pass to `print_fn` line by line) the summary of a Sequential or subclassed
    model: one row per layer, then the parameter totals."""
    print_fn = print_fn or print
    line_length = line_length or 65
    positions = positions or [.45, .85, 1.]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    print_fn(_row(["Layer (type)", "Output Shape", "Param #"], positions))
    print_fn("=" * line_length)
    layers = model.layers
    for i, layer in enumerate(layers):
        try:
            output_shape = layer.output_shape
        except AttributeError:
            output_shape = "multiple"
        fields = [f"{layer.name} ({type(layer).__name__})", output_shape, layer.count_params()]
        print_fn(_row(fields, positions))
        print_fn(("=" if i == len(layers) - 1 else "_") * line_length)
    trainable = count_params(model.trainable_weights)
    non_trainable = count_params(model.non_trainable_weights)
    print_fn(f"Total params: {trainable + non_trainable:,}")
    print_fn(f"Trainable params: {trainable:,}")
    print_fn(f"Non-trainable params: {non_trainable:,}")
    print_fn("_" * line_length)
