"""AutoGraph-lite (placeholder until the source transform lands)."""


def convert(fn):
    return fn
