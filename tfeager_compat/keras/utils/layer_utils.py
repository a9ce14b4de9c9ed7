"""`model.summary()`: Keras 2.2.4-tf's table (TF 1.15's text).

Sequential-like models: columns end at 45%, 85% and 100% of 65 characters; other functional
models add a "Connected to" column (33%, 55%, 67%, 100% of 98 characters). A layer that was
only called eagerly has no static output shape and shows `multiple`; the totals are
formatted with thousands commas.
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
    network = getattr(model, "_network", None)
    sequential_like = network is None or model._is_sequential_like()
    if sequential_like:
        line_length = line_length or 65
        positions = positions or [.45, .85, 1.]
        header = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [.33, .55, .67, 1.]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    print_fn(_row(header, positions))
    print_fn("=" * line_length)
    layers = model.layers
    for i, layer in enumerate(layers):
        try:
            output_shape = layer.output_shape
        except AttributeError:
            output_shape = "multiple"
        if network is not None and type(layer).__name__ == "InputLayer":
            output_shape = [output_shape]  # TF 1.15 lists an InputLayer's one output
        fields = [f"{layer.name} ({type(layer).__name__})", output_shape, layer.count_params()]
        if sequential_like:
            print_fn(_row(fields, positions))
        else:
            connections = _connections(layer, network)
            print_fn(_row(fields + [connections[0] if connections else ""], positions))
            for connection in connections[1:]:
                print_fn(_row(["", "", "", connection], positions))
        print_fn(("=" if i == len(layers) - 1 else "_") * line_length)
    trainable = count_params(model.trainable_weights)
    non_trainable = count_params(model.non_trainable_weights)
    print_fn(f"Total params: {trainable + non_trainable:,}")
    print_fn(f"Trainable params: {trainable:,}")
    print_fn(f"Non-trainable params: {non_trainable:,}")
    print_fn("_" * line_length)


def _connections(layer, network):
    """`inbound_layer[node index][tensor index]` for each input of the layer's calls that
    belong to `network`."""
    out = []
    for node in layer.__dict__.get("_inbound_nodes", ()):
        if id(node) in network.node_ids:
            out += [f"{inbound.name}[{n}][{k}]" for inbound, n, k in node.inbound()]
    return out
