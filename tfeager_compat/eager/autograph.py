"""AutoGraph's conversion of Python control flow over tensors (`autograph=True`).

Not implemented yet: `convert` returns the function unchanged. A function whose Python
`if`/`while`/`for` needs a traced tensor's value therefore runs eagerly, with one warning
naming the line (see `function.Function._fall_back`); `tf.cond`, `tf.while_loop` and the
other control-flow ops are compiled (see `control_flow.py`).
"""


def convert(fn):
    """The function to trace for `fn` (the source transform goes here)."""
    return fn
