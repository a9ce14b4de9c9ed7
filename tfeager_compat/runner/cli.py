"""`tfeager run SCRIPT [ARGS...]` / `python -m tfeager_compat run ...`: run a TF1 script on the shim.

The script runs as `__main__` with `sys.argv` as `python SCRIPT ARGS` sets it and with
`tensorflow` aliased to tfeager_compat; its traceback and exit code are its own.
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
    run = commands.add_parser("run", help="run a Python script with tensorflow aliased")
    run.add_argument("script")
    run.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    return run_script(options.script, options.args)


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
        return 130 if isinstance(e, KeyboardInterrupt) else 1
    return 0
