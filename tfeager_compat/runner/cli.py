"""`tfeager run SCRIPT [ARGS...]` / `python -m tfeager_compat run ...`: run a TF1 script on the shim.

The script runs as `__main__` with `sys.argv` as `python SCRIPT ARGS` sets it and with
`tensorflow` aliased to tfeager_compat; its traceback and exit code are its own.
`tfeager run NOTEBOOK.ipynb` runs a notebook's code cells (notebook.py), `tfeager check PATH...`
reports the TensorFlow symbols a codebase uses (check.py), and `tfeager install-kernel` installs
the Jupyter kernel (kernel.py).
"""
import argparse
import os
import runpy
import sys
import traceback


def main(argv=None):
    from .. import __distribution_version__
    parser = argparse.ArgumentParser(
        prog="tfeager", description="Run TensorFlow 1.x eager code on JAX.")
    parser.add_argument("--version", action="version",
                        version=f"tfeager_compat {__distribution_version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a Python script or a notebook with tensorflow "
                              "aliased")
    run.add_argument("--cells", metavar="SPEC",
                     help="notebooks: the code cells to run, e.g. 1-7,9 (counted from 1)")
    run.add_argument("script")
    run.add_argument("args", nargs=argparse.REMAINDER)
    check = commands.add_parser("check", help="report the TensorFlow symbols a codebase uses "
                                "and which are not supported (exit 1 if any)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, notebooks")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    kernel = commands.add_parser("install-kernel", help="install the Jupyter kernel "
                                 "'Python 3 (TF1 eager on JAX)'")
    kernel.add_argument("--user", action="store_true", help="for the current user only")
    kernel.add_argument("--prefix", metavar="P", help="under P/share/jupyter/kernels")
    kernel.add_argument("--name", help="the kernel spec's name (default: tfeager)")
    kernel.add_argument("--display-name", help="the name Jupyter's kernel menu shows")
    options = parser.parse_args(argv)
    if options.command == "check":
        from . import check
        return check.main(options.paths, options.json)
    if options.command == "install-kernel":
        from . import kernel
        return kernel.install_main(options)
    if options.script.endswith(".ipynb"):
        from . import notebook
        return notebook.run_notebook(options.script, options.args, options.cells)
    if options.cells is not None:
        run.error("--cells applies to notebooks (.ipynb)")
    if os.path.isfile(options.script) and not _is_python(options.script):
        print(f"tfeager: can't run '{options.script}': not a Python script (.py) or a "
              "notebook (.ipynb)", file=sys.stderr)
        return 2
    return run_script(options.script, options.args)


def _is_python(path):
    """A `.py`/`.pyw` file, a file without a suffix, or one whose first line runs python."""
    if os.path.splitext(path)[1] in ("", ".py", ".pyw"):
        return True
    with open(path, "rb") as f:
        first = f.readline(200)
    return first.startswith(b"#!") and b"python" in first


def run_script(script, args):
    if not os.path.isfile(script):
        print(f"tfeager: can't open file '{script}': No such file or directory", file=sys.stderr)
        return 2
    from . import alias
    alias.install()
    sys.argv = [script] + list(args)
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as e:  # show the script's own frames only, as `python SCRIPT` would
        tb = e.__traceback__
        script_path = os.path.abspath(script)
        while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != script_path:
            tb = tb.tb_next
        traceback.print_exception(type(e), e, tb or e.__traceback__)
        hint = unsupported_hint(e, script)
        if hint:
            print(hint, file=sys.stderr)
        return 130 if isinstance(e, KeyboardInterrupt) else 1
    return 0


def unsupported_hint(exc, path):
    """For a failure on a symbol the shim lacks: the line pointing to `tfeager check`, which
    lists every such symbol the program uses at once (None for any other failure)."""
    if isinstance(exc, (AttributeError, ImportError)) and str(exc).endswith(
            " is not supported by tfeager_compat"):
        return (f"tfeager: to list every TensorFlow symbol this program uses that "
                f"tfeager_compat does not support, run: tfeager check {path}")
    return None
