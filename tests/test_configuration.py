"""How importing the shim configures JAX (TF's numerics and TF's synchronous eager CPU ops)."""
import os
import subprocess
import sys

import jax

import tfeager_compat  # noqa: F401  (configures JAX)


def _config_in_fresh_process(env_overrides):
    code = ("import tfeager_compat, jax; "
            "print(jax.config.values['jax_cpu_enable_async_dispatch'], "
            "jax.config.values['jax_enable_x64'])")
    env = dict(os.environ, **env_overrides)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


def test_import_enables_64_bit_types_and_synchronous_cpu_dispatch():
    assert jax.config.values["jax_enable_x64"] is True
    assert jax.config.values["jax_cpu_enable_async_dispatch"] is False


def test_asynchronous_dispatch_can_be_kept():
    assert _config_in_fresh_process({"TFEAGER_COMPAT_ASYNC_DISPATCH": "1"}) == ["True", "True"]
    assert _config_in_fresh_process({"TFEAGER_COMPAT_ASYNC_DISPATCH": ""}) == ["False", "True"]
