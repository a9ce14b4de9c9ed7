"""`tfeager run NOTEBOOK.ipynb`, `%load_ext tfeager_compat` and the Jupyter kernel spec."""
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from conftest import run_cli
from tfeager_compat.runner import cli, kernel, notebook


def _notebook(folder, *cells, name="nb.ipynb"):
    """Write an nbformat 4 notebook; a cell given as ("markdown", text) is a markdown cell."""
    def cell(source):
        if isinstance(source, tuple):
            return {"cell_type": "markdown", "metadata": {}, "source": source[1]}
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                "source": textwrap.dedent(source).strip("\n").splitlines(keepends=True)}
    path = folder / name
    path.write_text(json.dumps({"cells": [cell(c) for c in cells], "metadata": {},
                                "nbformat": 4, "nbformat_minor": 4}))
    return str(path)


def test_cells_run_in_order_and_print_what_the_output_areas_show(tmp_path):
    path = _notebook(
        tmp_path,
        ("markdown", "# Not code: not counted"),
        """
        %tensorflow_version 1.x
        import sys
        import tensorflow as tf
        tf.enable_eager_execution()
        tf.executing_eagerly()
        """,
        """
        %matplotlib inline
        %time x = tf.constant([1.0, 2.0])
        x * 2
        """,
        "!echo hello from the shell",
        """
            y = tf.reduce_sum(x)
            print(y.numpy())
        """,
        """
        %%writefile out.txt
        written by a cell magic
        """,
        """
        print(open("out.txt").read().strip(), sys.argv[1:])
        display(tf.float32)
        tf.constant([[1, 2], [3, 4]])
        """,
        "x + 1;",
    )
    code, out, err = run_cli("run", path, "--lr", "0.1")
    assert code == 0, err
    out = re.sub(r"CPU times: .*\nWall time: .*\n", "<timing>\n", out)
    assert out.splitlines() == [
        "TensorFlow 1.x selected.",
        "True",
        "<timing>",
        "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([2., 4.], dtype=float32)>",
        "hello from the shell",
        "3.0",
        "Writing out.txt",
        "written by a cell magic ['--lr', '0.1']",
        "tf.float32",
        "<tf.Tensor: shape=(2, 2), dtype=int32, numpy=",
        "array([[1, 2],",
        "       [3, 4]], dtype=int32)>",
    ]
    assert (tmp_path / "out.txt").exists()  # the run works in the notebook's folder


def test_an_exception_stops_the_run_at_its_cell_and_line(tmp_path):
    path = _notebook(
        tmp_path,
        """
        import tensorflow as tf
        print("cell 1")
        """,
        """
        def add(a, b):
            return tf.constant(a) + tf.constant(b)
        print("cell 2")
        """,
        """
        x = add([1], [2])
        y = add([1, 2], [1, 2, 3])
        print("not reached")
        """,
        'print("cell 4")',
    )
    code, out, err = run_cli("run", path)
    assert code == 1
    assert out.splitlines() == ["cell 1", "cell 2"]
    assert "Cell In[3], line 2" in err and "Cell In[2], line 2, in add" in err
    lines = [line for line in err.splitlines() if line]
    assert lines[-2:] == [
        "InvalidArgumentError: Incompatible shapes: [2] vs. [3] [Op:AddV2]",
        f"tfeager: {path} stopped at cell 3, line 2 (InvalidArgumentError)"]


@pytest.mark.parametrize("cells, status, out, err_tail", [
    ("1,3", 3, ["one"], None),  # sys.exit(3) ends the run with its status, no traceback
    ("2,4-", 1, ["two"], "stopped at cell 4, line 1 (SyntaxError)"),
])
def test_picked_cells_exit_status_and_syntax_errors(tmp_path, cells, status, out, err_tail):
    path = _notebook(tmp_path, 'print("one")', 'print("two")', "import sys\nsys.exit(3)",
                     'print("four"))')
    code, stdout, stderr = run_cli("run", "--cells", cells, path)
    assert (code, stdout.splitlines()) == (status, out)
    if err_tail is None:
        assert stderr == ""
    else:
        assert "SyntaxError: unmatched ')'" in stderr
        assert stderr.strip().splitlines()[-1] == f"tfeager: {path} {err_tail}"


@pytest.mark.parametrize("spec, count, expected", [
    ("1-7,9", 10, [1, 2, 3, 4, 5, 6, 7, 9]),
    ("9,1", 10, [1, 9]),
    ("3-", 5, [3, 4, 5]),
    (" 2 , 2-3 ", 5, [2, 3]),
    ("0", 5, "--cells: cell 0 does not exist (the notebook has 5 code cells)"),
    ("4-6", 5, "--cells: cell 6 does not exist (the notebook has 5 code cells)"),
    ("3-2", 5, "--cells: the range 3-2 is empty"),
    ("1,a", 5, "--cells: 'a' is not a cell number or a range such as 1-7,9"),
    ("", 5, "--cells: '' is not a cell number or a range such as 1-7,9"),
])
def test_parse_cells(spec, count, expected):
    if isinstance(expected, str):
        with pytest.raises(ValueError) as info:
            notebook.parse_cells(spec, count)
        assert str(info.value) == expected
    else:
        assert notebook.parse_cells(spec, count) == expected


def _main(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_failures_before_any_cell_runs_are_one_line(tmp_path, capsys, monkeypatch):
    path = _notebook(tmp_path, "print(1)", "print(2)")
    assert _main(capsys, "run", "--cells", "3", path) == (
        2, "", "tfeager: --cells: cell 3 does not exist (the notebook has 2 code cells)\n")
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    code, out, err = _main(capsys, "run", str(broken))
    assert (code, out) == (2, "") and err.startswith(f"tfeager: can't read notebook '{broken}': ")
    assert len(err.splitlines()) == 1
    assert _main(capsys, "run", str(tmp_path / "gone.ipynb")) == (
        2, "", f"tfeager: can't open file '{tmp_path / 'gone.ipynb'}': No such file or directory\n")
    monkeypatch.setitem(sys.modules, "IPython", None)
    assert _main(capsys, "run", path) == (
        1, "", "tfeager: running a notebook needs IPython and nbformat: "
               "pip install 'tfeager_compat[notebook]'\n")


def test_run_refuses_other_files_in_one_line(tmp_path, capsys):
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,2\n")
    assert _main(capsys, "run", str(data)) == (
        2, "", f"tfeager: can't run '{data}': not a Python script (.py) or a notebook (.ipynb)\n")
    with pytest.raises(SystemExit) as info:
        _main(capsys, "run", "--cells", "1", str(data))
    assert info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "tfeager run: error: --cells applies to notebooks (.ipynb)")


@pytest.mark.parametrize("name, first_line, python", [
    ("script.py", "x = 1", True),
    ("script.pyw", "x = 1", True),
    ("script", "x = 1", True),
    ("train.sh", "#!/usr/bin/env python3", True),
    ("train.sh", "#!/bin/bash", False),
    ("notes.txt", "import tensorflow", False),
])
def test_what_counts_as_a_python_script(tmp_path, name, first_line, python):
    path = tmp_path / name
    path.write_text(first_line + "\n")
    assert cli._is_python(str(path)) is python


def test_load_ext_installs_the_alias_in_an_ipython_shell():
    code = textwrap.dedent("""
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        print("tensorflow" in sys.modules)
        shell.run_cell("%load_ext tfeager_compat")
        shell.run_cell("import tensorflow as tf\\n"
                       "import tensorflow.contrib.eager as tfe\\n"
                       "print(tf.__name__, tfe.Variable(1.0).name, tf.executing_eagerly())")
        shell.run_cell("%tensorflow_version 1.15")
        shell.run_cell("%unload_ext tfeager_compat")
        print("tensorflow" in sys.modules)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.stdout.splitlines() == [
        "False", "tfeager_compat Variable:0 True",
        "`%tensorflow_version` only switches the major version: 1.x or 2.x.",
        "You set: `1.15`. This will be interpreted as: `1.x`.", "", "TensorFlow 1.x selected.",
        "False"], proc.stderr


@pytest.mark.parametrize("line, message", [
    ("2.x", "%tensorflow_version: tfeager_compat provides TensorFlow 1.x, not 2.x"),
    ("", "%tensorflow_version: tfeager_compat provides TensorFlow 1.x, not nothing"),
])
def test_tensorflow_version_refuses_anything_but_1(line, message):
    from IPython.core.error import UsageError
    with pytest.raises(UsageError) as info:
        notebook.tensorflow_version(line)
    assert str(info.value) == message


def test_kernel_spec_names_this_interpreter_and_the_kernel_module():
    assert kernel.kernel_spec() == {
        "argv": [sys.executable, "-m", "tfeager_compat.runner.kernel", "-f",
                 "{connection_file}"],
        "display_name": "Python 3 (TF1 eager on JAX)",
        "language": "python",
        "metadata": {"debugger": True},
    }


def _installed(folder, name):
    with open(os.path.join(folder, name, "kernel.json"), encoding="utf-8") as f:
        return json.load(f)


def test_install_kernel_writes_the_spec_where_jupyter_finds_it(tmp_path, capsys, monkeypatch):
    kernels = tmp_path / "share" / "jupyter" / "kernels"
    assert _main(capsys, "install-kernel", "--prefix", str(tmp_path)) == (
        0, f"Installed kernelspec tfeager in {kernels / 'tfeager'}\n", "")
    assert _installed(kernels, "tfeager") == kernel.kernel_spec()
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager(kernel_dirs=[str(kernels)]).get_kernel_spec("tfeager")
    assert spec.display_name == "Python 3 (TF1 eager on JAX)" and spec.language == "python"
    assert spec.argv == kernel.kernel_spec()["argv"]

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "user"))
    assert _main(capsys, "install-kernel", "--user", "--name", "tf1",
                 "--display-name", "TF1 (old notebooks)")[0] == 0
    assert _installed(tmp_path / "user" / "kernels", "tf1")["display_name"] == (
        "TF1 (old notebooks)")

    code, out, err = _main(capsys, "install-kernel", "--prefix", str(tmp_path), "--name", "a b")
    assert (code, out) == (1, "") and err.startswith("tfeager: can't install the kernel spec: ")
    monkeypatch.setitem(sys.modules, "ipykernel", None)
    assert _main(capsys, "install-kernel", "--prefix", str(tmp_path)) == (
        1, "", "tfeager: the Jupyter kernel needs ipykernel: "
               "pip install 'tfeager_compat[jupyter]'\n")


def test_the_kernel_starts_with_tensorflow_aliased(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    kernels = tmp_path / "kernels"
    (kernels / "tfeager").mkdir(parents=True)
    (kernels / "tfeager" / "kernel.json").write_text(json.dumps(kernel.kernel_spec()))
    manager = KernelManager(kernel_name="tfeager",
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    manager.start_kernel()
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=120)
        outputs = []
        reply = client.execute_interactive(
            "%tensorflow_version 1.x\nimport tensorflow as tf\nprint(tf.__name__)\n"
            "tf.executing_eagerly()", timeout=120, output_hook=outputs.append)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
    results = [m["content"]["data"]["text/plain"] for m in outputs
               if m["msg_type"] == "execute_result"]
    assert (stdout, results) == ("TensorFlow 1.x selected.\ntfeager_compat\n", ["True"])
