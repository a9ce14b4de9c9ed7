"""Packed results: the small outputs of one XLA call come back as one buffer per dtype.

XLA's CPU runtime spends about 1.5 µs on every buffer a call returns, more than the arithmetic
of a small training step. A gradient call returns many small arrays (the loss, a gradient per
variable, each variable's updated value), so it returns them concatenated instead. Each result
is then a *piece*: a pending Tensor whose node holds the buffers and, per output, where in
them it lies. A later call that takes a piece gets its buffer and slices it inside XLA, for
free (`graph.gather`); `numpy()` slices it on the host; any other use unpacks all the node's
pieces in one call (`graph.resolve`).

A layout says, per output, either `b` (buffer `b` is that output, unpacked: outputs bigger
than `PACK_LIMIT` elements, or alone in their dtype) or `(b, start, stop, shape)`.
"""
import math

import jax.numpy as jnp

PACK_LIMIT = 1024  # elements: above this, the copy into a packed buffer would cost more

def layout(avals):
    """The layout of a call whose outputs have `avals` (shapes and dtypes)."""
    groups = {}
    for k, aval in enumerate(avals):
        if math.prod(aval.shape) <= PACK_LIMIT:
            groups.setdefault(aval.dtype, []).append(k)
    entries = [None] * len(avals)
    buffer = 0
    for members in groups.values():
        if len(members) > 1:
            start = 0
            for k in members:
                stop = start + math.prod(avals[k].shape)
                entries[k] = (buffer, start, stop, tuple(avals[k].shape))
                start = stop
            buffer += 1
    for k, entry in enumerate(entries):
        if entry is None:
            entries[k] = buffer
            buffer += 1
    return tuple(entries)


def pack(outputs, layout):
    """The buffers of `outputs` (traced arrays) laid out as `layout` says."""
    packed, whole = {}, []
    for out, entry in zip(outputs, layout):
        if type(entry) is int:
            whole.append((entry, out))
        else:
            packed.setdefault(entry[0], []).append(out.reshape(-1))
    buffers = [None] * (len(packed) + len(whole))
    for b, parts in packed.items():
        buffers[b] = jnp.concatenate(parts)
    for b, out in whole:
        buffers[b] = out
    return tuple(buffers)


def take(arrays, specs):
    """The values `specs` describe (see `graph.gather`): `i` is `arrays[i]`, `(i, piece)` a
    piece `(buffer, start, stop, shape)` of the packed `arrays[i]`."""
    values = []
    for spec in specs:
        if type(spec) is int:
            values.append(arrays[spec])
        else:
            slot, (_, start, stop, shape) = spec
            values.append(arrays[slot][start:stop].reshape(shape))
    return values
