"""The Jupyter kernel "Python 3 (TF1 eager on JAX)": an IPython kernel with `tensorflow` aliased.

    tfeager install-kernel [--user] [--prefix P] [--name NAME]   # write the kernel spec
    python -m tfeager_compat.runner.kernel -f CONNECTION_FILE     # what the spec starts

The kernel is ipykernel's, started after `alias.install()`, so a notebook that does
`import tensorflow as tf` runs on the shim unchanged once this kernel is picked.
"""
import json
import os
import sys
import tempfile

from . import alias

NAME = "tfeager"
DISPLAY_NAME = "Python 3 (TF1 eager on JAX)"
EXTRA_MISSING = ("tfeager: the Jupyter kernel needs ipykernel: "
                 "pip install 'tfeager_compat[jupyter]'")


def kernel_spec(display_name=DISPLAY_NAME):
    """The kernel.json contents: this interpreter, started through this module."""
    return {
        "argv": [sys.executable, "-m", "tfeager_compat.runner.kernel", "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "python",
        "metadata": {"debugger": True},
    }


def install_kernel(name=NAME, user=False, prefix=None, display_name=DISPLAY_NAME):
    """Install the kernel spec where Jupyter looks for it (as `jupyter kernelspec install`)."""
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as source:
        with open(os.path.join(source, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump(kernel_spec(display_name), f, indent=1)
        return KernelSpecManager().install_kernel_spec(source, name, user=user, prefix=prefix)


def install_main(options):
    """`tfeager install-kernel`: install the spec and say where; the exit status."""
    try:
        import ipykernel  # noqa: F401
    except ImportError:
        print(EXTRA_MISSING, file=sys.stderr)
        return 1
    try:
        name = options.name or NAME
        path = install_kernel(name, options.user, options.prefix,
                              options.display_name or DISPLAY_NAME)
    except (OSError, ValueError) as e:  # no write access; a name Jupyter rejects
        print(f"tfeager: can't install the kernel spec: {e}", file=sys.stderr)
        return 1
    print(f"Installed kernelspec {name} in {path}")
    return 0


def main():
    """Start an IPython kernel with `tensorflow` aliased and the extension loaded."""
    alias.install()
    from ipykernel import kernelapp
    kernelapp.launch_new_instance(sys.argv[1:] + ["--ext=tfeager_compat"])


if __name__ == "__main__":
    main()
