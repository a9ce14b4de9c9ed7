"""`tfeager check PATH...`: which TensorFlow symbols a codebase uses, and which the shim lacks.

A static report: the files (`.py`, and `.ipynb` notebooks, whose IPython syntax is set aside)
are parsed, never run. Names bound to TensorFlow are followed through imports and assignments
(`import tensorflow as tf`, `import tensorflow.compat.v1 as tf`, `tfe = tf.contrib.eager`,
`import tensorflow.contrib.eager as tfe`, `from tensorflow.keras.layers import Dense`), and each
attribute chain on them is one use of a symbol. Attributes of what a call returns are not
followed. Symbols are named canonically (`tf.compat.v1.layers.dense` is `tf.layers.dense`);
a chain stops at the first name that is not a namespace (`tf.train.AdamOptimizer.minimize` is
a use of `tf.train.AdamOptimizer`), and an unsupported chain at its first capitalised name.

Support is read from the shim's own table (the exports and the namespaces generated from them),
so the report cannot drift from what `import tensorflow` provides under `tfeager run`.
Locations are `file:line`, and `file:cellN:line` in a notebook (code cells counted from 1, as
`tfeager run --cells` counts them). Exit status: 1 when a symbol used is not supported or a
file could not be parsed, 0 otherwise.
"""
import ast
import collections
import json
import os
import re
import sys
import types

Use = collections.namedtuple("Use", "symbol supported file cell line")
Problem = collections.namedtuple("Problem", "file cell line message")

# Cell magics whose body is Python (`%%time`); any other cell magic's body (`%%writefile`,
# `%%bash`) is not.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
# `%time EXPR`, `%timeit -n 10 -r 3 EXPR`: the expression is Python.
_TIMING_MAGIC = re.compile(r"%(?:time|timeit|prun)\b(?:\s+-[a-z]\s*\d*)*\s*")
# A line that is IPython syntax: `%magic`, `!cmd`, `?name`, `name?`, `x = !cmd`, `x = %magic`.
_IPYTHON_LINE = re.compile(r"[%!?]|\S.*\?\s*$|[\w.,\s()\[\]]+=\s*[%!]")
_SKIPPED_DIRS = {"__pycache__", "node_modules", "site-packages"}


class Table:
    """What the shim provides, from its export table and generated namespaces."""

    def __init__(self):
        import tfeager_compat
        from ..ops.registry import EXPORTS
        self._root = tfeager_compat
        self._namespaces = tfeager_compat._NAMESPACES
        self._exports = EXPORTS

    def resolve(self, parts):
        """(canonical symbol, supported) for the path `parts` below `tensorflow`."""
        here = ""
        for i, part in enumerate(parts):
            path = f"{here}.{part}" if here else part
            module = self._namespaces.get(path)
            if module is not None:
                here = getattr(module, "_tf_path", "tf")[3:]
                continue
            if path in self._exports or (not here and self._root_attribute(part)):
                return f"tf.{path}", True
            rest = []
            for name in [part] + list(parts[i + 1:]):
                rest.append(name)
                if name[:1].isupper():
                    break
            return ".".join(["tf", here, *rest] if here else ["tf", *rest]), False
        return f"tf.{here}" if here else "tf", True

    def _root_attribute(self, name):
        """The package's own TF attributes (`tf.__version__`, `tf.VERSION`), not its modules."""
        if name.startswith("_") and not name.startswith("__"):
            return False
        try:
            return not isinstance(getattr(self._root, name), types.ModuleType)
        except AttributeError:
            return False


class _Scanner(ast.NodeVisitor):
    """Collects `(path below tensorflow, line)` for each use; names persist across cells."""

    def __init__(self):
        self.bound = {}  # local name -> path below `tensorflow` (a list of names)
        self.uses = []  # of the unit being scanned

    def _path(self, node):
        attrs = []
        while isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name) and node.id in self.bound:
            return self.bound[node.id] + attrs[::-1]
        return None

    def _use(self, path, node):
        if path:
            self.uses.append((tuple(path), node.lineno))

    def visit_Import(self, node):
        for alias in node.names:
            parts = alias.name.split(".")
            name = alias.asname or parts[0]
            if parts[0] != "tensorflow":
                self.bound.pop(name, None)
                continue
            self.bound[name] = parts[1:] if alias.asname else []
            self._use(parts[1:], node)

    def visit_ImportFrom(self, node):
        parts = (node.module or "").split(".")
        for alias in node.names:
            name = alias.asname or alias.name
            if node.level or parts[0] != "tensorflow":
                self.bound.pop(name, None)
            elif alias.name == "*":
                self._use(parts[1:], node)
            else:
                self.bound[name] = parts[1:] + [alias.name]
                self._use(parts[1:] + [alias.name], node)

    def visit_Assign(self, node):
        self.visit(node.value)
        path = self._path(node.value)
        for target in node.targets:
            if isinstance(target, ast.Name):
                if path is None:
                    self.bound.pop(target.id, None)
                else:
                    self.bound[target.id] = path
            else:
                self.visit(target)

    def visit_Attribute(self, node):
        path = self._path(node)
        if path is None:
            self.generic_visit(node)
        else:
            self._use(path, node)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self._use(self.bound.get(node.id), node)


def notebook_cells(path):
    """The sources of a notebook's code cells (nbformat 3 or 4, read as JSON)."""
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    cells = notebook.get("cells")
    if cells is None:  # nbformat 3: worksheets, and `input` for the source
        cells = [c for sheet in notebook.get("worksheets", []) for c in sheet.get("cells", [])]
    sources = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", cell.get("input", ""))
            sources.append("".join(source) if isinstance(source, list) else source)
    return sources


def cell_to_python(source):
    """A cell's Python, with its IPython syntax set aside and the line numbers kept."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return ""
        lines[0] = ""
    for i, line in enumerate(lines):
        code = line.lstrip()
        indent = line[:len(line) - len(code)]
        timing = _TIMING_MAGIC.match(code)
        if timing:
            lines[i] = indent + code[timing.end():]
        elif _IPYTHON_LINE.match(code):
            lines[i] = indent + "pass"
    return leading_indent("\n".join(lines))


def leading_indent(source):
    """A cell's code with Jupyter's rule for an indented cell (IPython 5 to 8, Colab's): the
    indentation of its first non-blank line is removed from every line that starts with it."""
    lines = source.split("\n")
    first = next((line for line in lines if line.strip()), "")
    n = len(first) - len(first.lstrip())
    if not n:
        return source
    space = first[:n]
    return "\n".join(line[n:] if line.startswith(space) else line for line in lines)


def python_files(paths):
    """The `.py` and `.ipynb` files under `paths` (a file named explicitly is always checked)."""
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
            for name in sorted(files):
                if name.endswith((".py", ".ipynb")):
                    yield os.path.join(folder, name)


class Report:
    """The uses found in a set of files, and the files that could not be parsed."""

    def __init__(self, files, uses, problems):
        self.files = list(files)
        self.uses = list(uses)
        self.problems = list(problems)

    @property
    def symbols(self):
        """{symbol: supported}, sorted by symbol."""
        return dict(sorted({u.symbol: u.supported for u in self.uses}.items()))

    @property
    def unsupported(self):
        return [s for s, ok in self.symbols.items() if not ok]

    @property
    def ok(self):
        return not self.unsupported and not self.problems

    def _summary(self, key):
        table = {}
        for symbol, ok in self.symbols.items():
            for group in key(symbol):
                row = table.setdefault(group, {"symbols": 0, "unsupported": 0})
                row["symbols"] += 1
                row["unsupported"] += not ok
        return dict(sorted(table.items()))

    def by_namespace(self):
        """{namespace: {"symbols": n, "unsupported": m}}."""
        return self._summary(lambda symbol: [symbol.rpartition(".")[0] or "tf"])

    def by_file(self):
        """{file: {"symbols": n, "unsupported": m}}, in the order the files were checked."""
        files = {}
        for use in self.uses:
            files.setdefault(use.file, set()).add(use.symbol)
        table = self._summary(lambda symbol: [f for f, used in files.items() if symbol in used])
        return {f: table[f] for f in self.files if f in table}

    def as_dict(self):
        """The report as JSON-ready data; `Report.from_dict` reads it back."""
        from .. import __distribution_version__
        return {
            "tfeager_compat": __distribution_version__,
            "files": self.files,
            "uses": [u._asdict() for u in self.uses],
            "problems": [p._asdict() for p in self.problems],
            "symbols": {s: {"supported": ok, "uses": sum(u.symbol == s for u in self.uses)}
                        for s, ok in self.symbols.items()},
            "by_namespace": self.by_namespace(),
            "by_file": self.by_file(),
            "unsupported": self.unsupported,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(data["files"], [Use(**u) for u in data["uses"]],
                   [Problem(**p) for p in data["problems"]])

    def text(self):
        """The human-readable report."""
        where = collections.defaultdict(list)
        for use in self.uses:
            where[use.symbol].append(_location(use))
        out = []
        for title, wanted in (("Not supported", False), ("Supported", True)):
            rows = [(s, where[s]) for s, ok in self.symbols.items() if ok is wanted]
            if rows:
                width = max(len(s) for s, _ in rows)
                out += [f"{title} ({len(rows)}):"]
                out += [f"  {s:<{width}}  {', '.join(places)}" for s, places in rows]
                out.append("")
        if self.problems:
            out += ["Not checked (could not be parsed):"]
            out += [f"  {_location(p)}: {p.message}" for p in self.problems]
            out.append("")
        for title, table in (("namespace", self.by_namespace()), ("file", self.by_file())):
            if table:
                width = max(len(title) + 3, *(len(k) for k in table))
                out.append(f"{'By ' + title:<{width}}  symbols  not supported")
                out += [f"{k:<{width}}  {v['symbols']:>7}  {v['unsupported']:>13}"
                        for k, v in table.items()]
                out.append("")
        bad = len(self.unsupported)
        files = len(self.files)
        out.append(f"{bad} of {len(self.symbols)} TensorFlow symbols used in {files} "
                   f"file{'' if files == 1 else 's'} {'is' if bad == 1 else 'are'} not supported "
                   "by tfeager_compat"
                   + (f"; {len(self.problems)} could not be parsed" if self.problems else ""))
        return "\n".join(out)


def _location(item):
    parts = [item.file] + [f"cell{item.cell}"] * (item.cell is not None)
    return ":".join(parts + [str(item.line)] * (item.line is not None))


def check(paths, table=None):
    """Scan `paths` (files and folders); a Report."""
    table = table or Table()
    files, uses, problems = [], [], []
    for path in python_files(paths):
        files.append(path)
        scanner = _Scanner()
        try:
            if path.endswith(".ipynb"):
                units = [(n, cell_to_python(s)) for n, s in enumerate(notebook_cells(path), 1)]
            else:
                with open(path, "rb") as f:
                    units = [(None, f.read())]
        except (OSError, ValueError) as e:
            problems.append(Problem(path, None, None, f"{type(e).__name__}: {e}"))
            continue
        for cell, source in units:
            scanner.uses = []
            try:
                scanner.visit(ast.parse(source, path))
            except SyntaxError as e:
                problems.append(Problem(path, cell, e.lineno, f"{type(e).__name__}: {e.msg}"))
                continue
            for parts, line in dict.fromkeys(scanner.uses):  # one use per symbol and line
                symbol, ok = table.resolve(parts)
                if symbol != "tf":
                    uses.append(Use(symbol, ok, path, cell, line))
    return Report(files, uses, problems)


def main(paths, as_json=False):
    """`tfeager check`: print the report; the exit status."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print(f"tfeager: check: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    report = check(paths)
    print(json.dumps(report.as_dict(), indent=1) if as_json else report.text())
    return 0 if report.ok else 1
