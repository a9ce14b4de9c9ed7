import os
import subprocess
import sys

import jax
import pytest

import tfeager_compat

# A slip into JAX's implicit promotion (instead of TF's explicit dtypes) fails loudly in tests.
jax.config.update("jax_numpy_dtype_promotion", "strict")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def tf():
    return tfeager_compat


def run_cli(*args, cwd=ROOT):
    """Run `python -m tfeager_compat ARGS` in a subprocess; (returncode, stdout, stderr)."""
    env = dict(os.environ, JAX_NUMPY_DTYPE_PROMOTION="strict", PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tfeager_compat", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr
