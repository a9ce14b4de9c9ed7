"""The runner and the `tensorflow` alias."""
import os
import subprocess
import sys
import textwrap

import pytest

import tfeager_compat
from conftest import run_cli


def _script(tmp_path, body, name="script.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return str(path)


def test_every_legacy_import_spelling_resolves_to_the_shim(tmp_path):
    script = _script(tmp_path, """
        import sys
        import tensorflow as tf
        import tensorflow.compat.v1 as v1
        import tensorflow.contrib.eager as tfe
        from tensorflow.contrib.eager.python import tfe as tfe2
        from tensorflow import contrib
        from tensorflow.keras import Model
        import tensorflow.keras.layers
        tfe3 = tf.contrib.eager
        tfe.enable_eager_execution(device_policy=tfe.DEVICE_PLACEMENT_SILENT)
        tf.enable_eager_execution(config=None)
        print(tf.__name__, v1 is tf, tfe is tfe2 is tfe3 is contrib.eager, Model is tf.keras.Model)
        print(tf.__version__, tf.VERSION, tf.executing_eagerly(), sys.argv[1:])
        print(tfe.Variable(1.0).name, isinstance(tfe.GradientTape(), tf.GradientTape))
    """)
    code, out, err = run_cli("run", script, "--flag", "value")
    assert code == 0, err
    assert out.splitlines() == ["tfeager_compat True True True",
                                "1.15.0 1.15.0 True ['--flag', 'value']",
                                "Variable:0 True"]


def test_script_runs_as_main_with_its_argv(tmp_path):
    script = _script(tmp_path, """
        import sys
        print(__name__, sys.argv)
    """)
    code, out, _ = run_cli("run", script, "a", "b")
    assert code == 0 and out.strip() == f"__main__ ['{script}', 'a', 'b']"


def test_script_exit_code_and_traceback_are_the_scripts(tmp_path):
    failing = _script(tmp_path, """
        import tensorflow as tf
        def boom():
            raise KeyError("bad key")
        boom()
    """)
    code, _, err = run_cli("run", failing)
    assert code == 1
    assert err.startswith("Traceback (most recent call last):")
    assert 'line 5, in <module>' in err and "KeyError: 'bad key'" in err
    assert "runpy" not in err and "tfeager_compat" not in err
    exiting = _script(tmp_path, "import sys\nsys.exit(3)\n", "exit.py")
    assert run_cli("run", exiting)[0] == 3


def test_missing_script_is_a_one_line_error():
    code, out, err = run_cli("run", "missing.py")
    assert code != 0 and out == ""
    assert err.strip().splitlines() == [
        "tfeager: can't open file 'missing.py': No such file or directory"]


def test_unsupported_module_and_symbol_fail_by_name(tmp_path):
    script = _script(tmp_path, "import tensorflow.contrib.slim\n")
    code, _, err = run_cli("run", script)
    assert code == 1
    assert "ModuleNotFoundError: tf.contrib.slim is not supported by tfeager_compat" in err
    script = _script(tmp_path, "import tensorflow as tf\ntf.no_such_symbol\n", "sym.py")
    code, _, err = run_cli("run", script)
    assert "AttributeError: tf.no_such_symbol is not supported by tfeager_compat" in err
    assert err.strip().splitlines()[-1] == (
        "tfeager: to list every TensorFlow symbol this program uses that tfeager_compat does "
        f"not support, run: tfeager check {script}")


def test_other_failures_get_no_check_hint(tmp_path):
    script = _script(tmp_path, "import tensorflow as tf\nraise AttributeError('x')\n")
    code, _, err = run_cli("run", script)
    assert code == 1 and err.strip().splitlines()[-1] == "AttributeError: x"


def test_version_flag_shows_the_distribution_version():
    code, out, _ = run_cli("--version")
    assert code == 0 and out.strip() == f"tfeager_compat {tfeager_compat.__distribution_version__}"
    assert tfeager_compat.__distribution_version__ != "1.15.0"


def test_console_script_is_installed():
    console = os.path.join(os.path.dirname(sys.executable), "tfeager")
    proc = subprocess.run([console, "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("tfeager_compat ")


def test_import_alone_never_shadows_tensorflow():
    code = ("import sys, tfeager_compat as tf; print('tensorflow' in sys.modules); "
            "tf.install_alias(); import tensorflow; print(tensorflow is tf); "
            "tf.uninstall_alias(); print('tensorflow' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.split() == ["False", "True", "False"], proc.stderr


def test_install_alias_refuses_to_replace_a_real_tensorflow_unless_forced():
    fake = type(sys)("tensorflow")
    sys.modules["tensorflow"] = fake
    try:
        with pytest.raises(RuntimeError, match="force=True"):
            tfeager_compat.install_alias()
        assert tfeager_compat.install_alias(force=True) is tfeager_compat
        assert sys.modules["tensorflow"] is tfeager_compat
    finally:
        tfeager_compat.uninstall_alias()


def test_enable_eager_execution_accepts_a_config_and_is_idempotent():
    config = tfeager_compat.ConfigProto(allow_soft_placement=True)
    config.gpu_options.allow_growth = True
    tfeager_compat.enable_eager_execution(config=config)
    tfeager_compat.enable_eager_execution()
    tfeager_compat.contrib.eager.enable_eager_execution(
        device_policy=tfeager_compat.contrib.eager.DEVICE_PLACEMENT_SILENT)
    assert tfeager_compat.executing_eagerly() is True


def test_from_imports_of_unsupported_names_say_which(tmp_path):
    script = _script(tmp_path, """
        import tensorflow as tf
        from tensorflow.keras.layers import Dense
        from tensorflow.contrib.eager.python import tfe
        for stmt in ["from tensorflow.keras import NoSuchLayer",
                     "from tensorflow.contrib import slim",
                     "from tensorflow import no_such",
                     "from tensorflow.python.framework import ops",
                     "from tensorflow.data import NoSuchDataset"]:
            try:
                exec(stmt)
            except ImportError as e:
                print(type(e).__name__, e)
        for expr in ["tf.nn.__version__", "tf.contrib.eager.__all__"]:
            try:
                eval(expr)
            except AttributeError as e:
                print(type(e).__name__, e)
        print(tf.keras.__version__, tf.__git_version__, hasattr(tf.nn, "__wrapped__"))
        from tensorflow.contrib import slim
    """)
    code, out, err = run_cli("run", script)
    assert out.splitlines() == [
        "ModuleNotFoundError tf.keras.NoSuchLayer is not supported by tfeager_compat",
        "ModuleNotFoundError tf.contrib.slim is not supported by tfeager_compat",
        "ModuleNotFoundError tf.no_such is not supported by tfeager_compat",
        "ModuleNotFoundError tf.python.framework is not supported by tfeager_compat",
        "ModuleNotFoundError tf.data.NoSuchDataset is not supported by tfeager_compat",
        "AttributeError tf.nn.__version__ is not supported by tfeager_compat",
        "AttributeError tf.contrib.eager.__all__ is not supported by tfeager_compat",
        "2.2.4-tf v1.15.0-rc3-22-g590d6eef7e False"]
    # The script's failure names the symbol, then points to `tfeager check`.
    assert code == 1
    assert err.splitlines()[-2:] == [
        "ModuleNotFoundError: tf.contrib.slim is not supported by tfeager_compat",
        "tfeager: to list every TensorFlow symbol this program uses that tfeager_compat does "
        f"not support, run: tfeager check {script}"]
