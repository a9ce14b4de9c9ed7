"""`tf.app.run` and `tfe.run`: absl's `app.run`, with TF 1.15's tolerant flag parsing.

Flags the program did not define stay in the argv handed to `main`; a bad value for a defined
flag ends the program with absl's error; `main`'s return value becomes the exit status.
"""
import sys

import jax
from absl import app as _absl_app

from ..ops.registry import export
from . import flags


def _parse_flags_tolerate_undef(argv):
    return flags.FLAGS(argv, known_only=True)


@export("app.run")
def run(main=None, argv=None):
    """Parse flags from `argv` (default sys.argv), call `main(argv)` (default `__main__.main`)
    with what remains, and exit with its result."""
    main = main or sys.modules["__main__"].main
    jax.devices()  # start JAX's backends first: absl turns on INFO logs, and JAX logs its probes
    _absl_app.run(main=main, argv=argv, flags_parser=_parse_flags_tolerate_undef)


@export("contrib.eager.run")
def eager_run(main=None, argv=None):
    """`tfe.run`: `tf.app.run` with eager execution enabled (it always is here)."""
    run(main, argv)
