"""Flattening and re-packing RNN states (ints, tensors, tuples, lists, namedtuples)."""


def is_sequence(value):
    return isinstance(value, (list, tuple))


def flatten(structure):
    """The leaves of `structure`, depth first."""
    if is_sequence(structure):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack(structure, leaves):
    """`leaves` (a flat list) arranged as `structure` is."""
    leaves = list(leaves)
    packed = _pack(structure, leaves)
    if leaves:
        raise ValueError(f"Structure had {len(flatten(structure))} elements, but flat_sequence "
                         f"had {len(flatten(structure)) + len(leaves)} elements.")
    return packed


def _pack(structure, leaves):
    if not is_sequence(structure):
        return leaves.pop(0)
    items = [_pack(item, leaves) for item in structure]
    if hasattr(structure, "_fields"):
        return type(structure)(*items)
    return type(structure)(items)


def map_structure(fn, *structures):
    """`fn` applied leaf by leaf to structures of the same shape, packed as the first."""
    return pack(structures[0], [fn(*leaves) for leaves in zip(*map(flatten, structures))])
