"""`tfeager run NOTEBOOK.ipynb`: a notebook's code cells run in order through IPython, as in Jupyter.

The cells run in one `IPython.core.interactiveshell.InteractiveShell` with `tensorflow` aliased
to tfeager_compat, so magics (`%time`, `%timeit`, `%%writefile`, `!cmd`), indented cells, a
trailing `;` and top-level `await` behave as in a Jupyter kernel. As a kernel does, the run
works in the notebook's folder, and `sys.argv` is `[NOTEBOOK, ARGS...]`.

What is printed: stdout carries what the notebook's output areas would show as text, in order
and without prompts: each cell's printed output, then the `text/plain` form of what it displays
(`display(...)` and the value of its last expression, Jupyter's `Out[n]`, formatted by IPython's
pretty-printer). `%matplotlib` is accepted and matplotlib runs on its Agg backend, so figures
are not shown (`savefig` works). Cells are numbered as code cells, from 1 (markdown cells do not
count), and each runs as `In[n]` with its own number. An exception prints IPython's traceback
("Cell In[3], line 2") on stderr, then `tfeager: NOTEBOOK stopped at cell 3, line 2 (Error)`,
and the run exits with status 1; `sys.exit(n)` in a cell ends the run with status n.

Also the `%load_ext tfeager_compat` hook: it installs the alias in a running IPython kernel and
adds Colab's `%tensorflow_version` magic (`1.x` prints Colab's "TensorFlow 1.x selected.", 2.x
is refused); notebooks run here and the tfeager kernel load it.
"""
import os
import re
import sys
import warnings

from . import alias
from .check import leading_indent
from .cli import unsupported_hint

EXTRA_MISSING = ("tfeager: running a notebook needs IPython and nbformat: "
                 "pip install 'tfeager_compat[notebook]'")


def load_ipython_extension(ipython):
    """`%load_ext tfeager_compat`: make `import tensorflow` resolve to the shim in this kernel,
    and accept Colab's `%tensorflow_version 1.x`."""
    alias.install()
    ipython.register_magic_function(tensorflow_version, "line")


def unload_ipython_extension(ipython):
    """`%unload_ext tfeager_compat`: remove the alias (names already bound keep the shim)."""
    alias.uninstall()


def tensorflow_version(line):
    """Colab's `%tensorflow_version 1.x`, which selected TF 1.x: the shim is, so it says so."""
    version = line.strip()
    if version.split(".")[0] != "1":
        from IPython.core.error import UsageError
        raise UsageError(f"%tensorflow_version: tfeager_compat provides TensorFlow 1.x, "
                         f"not {version or 'nothing'}")
    if version != "1.x":  # Colab's words for a minor version
        print("`%tensorflow_version` only switches the major version: 1.x or 2.x.\n"
              f"You set: `{version}`. This will be interpreted as: `1.x`.\n")
    print("TensorFlow 1.x selected.")


def parse_cells(spec, count):
    """The cell numbers `spec` ("1-7,9", "5-") picks from `count` code cells, in notebook order."""
    picked = set()
    for part in spec.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?", part)
        if not match:
            raise ValueError(f"--cells: {part.strip()!r} is not a cell number or a range "
                             "such as 1-7,9")
        first, dash, last = match.groups()
        first = int(first)
        last = (int(last) if last else count) if dash else first
        for number in (first, last):
            if not 1 <= number <= count:
                raise ValueError(f"--cells: cell {number} does not exist (the notebook has "
                                 f"{count} code cells)")
        if last < first:
            raise ValueError(f"--cells: the range {first}-{last} is empty")
        picked.update(range(first, last + 1))
    return sorted(picked)


def read_code_cells(path):
    """The sources of a notebook's code cells, in order (any nbformat version)."""
    import nbformat
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def run_notebook(path, args=(), cells=None):
    """Run the code cells of the notebook at `path`; the exit status."""
    if not os.path.isfile(path):
        print(f"tfeager: can't open file '{path}': No such file or directory", file=sys.stderr)
        return 2
    try:
        import IPython  # noqa: F401
        import nbformat  # noqa: F401
    except ImportError:
        print(EXTRA_MISSING, file=sys.stderr)
        return 1
    try:
        sources = read_code_cells(path)
    except Exception as e:  # noqa: BLE001  (not JSON, not a notebook, an unknown version)
        print(f"tfeager: can't read notebook '{path}': {e}", file=sys.stderr)
        return 2
    try:
        numbers = parse_cells(cells, len(sources)) if cells else range(1, len(sources) + 1)
    except ValueError as e:
        print(f"tfeager: {e}", file=sys.stderr)
        return 2
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.argv = [path] + list(args)
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)
    os.chdir(folder)
    shell = _shell()
    for number in numbers:
        shell.execution_count = number  # the traceback then names the cell "In[number]"
        result = shell.run_cell(sources[number - 1], store_history=True)
        error = result.error_before_exec or result.error_in_exec
        if isinstance(error, SystemExit):
            raise error
        if error is not None:
            print(f"tfeager: {path} stopped at cell {number}, line {_line_of(shell, error)} "
                  f"({type(error).__name__})", file=sys.stderr)
            hint = unsupported_hint(error, path)
            if hint:
                print(hint, file=sys.stderr)
            return 130 if isinstance(error, KeyboardInterrupt) else 1
    return 0


def _line_of(shell, error):
    """The line of the running cell where `error` was raised."""
    if isinstance(error, SyntaxError):
        return error.lineno
    tb = error.__traceback__
    while tb is not None:  # the outermost cell frame is the running cell's own code
        if shell.compile.format_code_name(tb.tb_frame.f_code.co_filename):
            return tb.tb_lineno
        tb = tb.tb_next
    return "?"


def _leading_indent(lines):
    """IPython's cleanup step for an indented cell, with the rule of the IPython that Jupyter and
    Colab ran TF1 notebooks on (IPython 9 removes only the indentation common to every line)."""
    return leading_indent("".join(lines)).splitlines(keepends=True)


def _shell():
    """An InteractiveShell that shows outputs as a notebook's output areas hold them."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class OutputArea(DisplayHook):
        """Jupyter's `Out[n]` without the prompt: the value's text/plain form on its own."""
        prompt_end_newline = True

        def write_output_prompt(self):
            pass

    class NotebookShell(InteractiveShell):
        displayhook_class = OutputArea

        def showtraceback(self, exc_tuple=None, *args, **kwargs):
            if exc_tuple is None and isinstance(sys.exc_info()[1], SystemExit):
                return  # the run ends with the cell's exit status instead
            super().showtraceback(exc_tuple, *args, **kwargs)

        def system(self, cmd):
            # `!cmd` through subprocess (pexpect's fork is unsafe in a process running JAX's
            # threads); the command writes to our stdout, after what the cell printed so far
            sys.stdout.flush()
            sys.stderr.flush()
            self.system_raw(cmd)

        def _showtraceback(self, etype, evalue, stb):
            print(self.InteractiveTB.stb2text(stb), file=sys.stderr)

    config = Config()
    config.HistoryManager.enabled = False
    color = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    config.InteractiveShell.colors = "neutral" if color else "nocolor"
    shell = NotebookShell.instance(config=config)
    from IPython.core.inputtransformer2 import leading_indent as ipython_leading_indent
    cleanup = shell.input_transformer_manager.cleanup_transforms
    cleanup[:] = [_leading_indent if f is ipython_leading_indent else f for f in cleanup]
    load_ipython_extension(shell)
    shell.register_magic_function(lambda line: None, "line", "matplotlib")
    warnings.filterwarnings("ignore", "To exit: use 'exit'", UserWarning)
    return shell
