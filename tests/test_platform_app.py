"""TF1 programs' top and bottom under `tfeager run`: flags, tf.app.run, tfe.run, tf.test.main.

Every expected output and exit status below is what the same script gives under TensorFlow.
"""
import textwrap

import pytest

import tfeager_compat as tf
from conftest import run_cli

FLAGS_SCRIPT = '''
    """Trains a demo model."""
    import tensorflow as tf
    tf.enable_eager_execution()
    flags = tf.app.flags
    print(flags is tf.flags, type(flags.FLAGS).__name__)
    flags.DEFINE_integer("steps", 10, "Number of steps.")
    flags.DEFINE_float("lr", 0.1, "Learning rate.")
    flags.DEFINE_string("name", "run", "A name.")
    flags.DEFINE_boolean("verbose", False, "Verbose.")
    flags.DEFINE_enum("mode", "train", ["train", "eval"], "Mode.")
    flags.DEFINE_list("layers", ["a", "b"], "Layers.")
    tf.flags.DEFINE_string(flag_name="old", default_value="x", docstring="old style")
    FLAGS = flags.FLAGS

    def main(argv):
        print("argv", argv[1:])
        print(FLAGS.steps, FLAGS.lr, FLAGS.name, FLAGS.verbose, FLAGS.mode, FLAGS.layers,
              FLAGS.old)
        return 3

    if __name__ == "__main__":
        tf.app.run()
'''
OLD_NAMES_WARNING = ("WARNING:root:Use of the keyword argument names (flag_name, default_value, "
                     "docstring) is deprecated, please use (name, default, help) instead.")


def _run(tmp_path, source, *args, name="script.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return run_cli("run", str(path), *args)


@pytest.mark.parametrize("args, printed", [
    ((), ["argv []", "10 0.1 run False train ['a', 'b'] x"]),
    (("--steps=5", "--lr=0.5", "--verbose", "--mode=eval", "--layers=x,y,z", "extra"),
     ["argv ['extra']", "5 0.5 run True eval ['x', 'y', 'z'] x"]),
    (("--unknown=1", "pos", "--name", "other"),  # undefined flags are left for main
     ["argv ['--unknown=1', 'pos']", "10 0.1 other False train ['a', 'b'] x"]),
])
def test_app_run_parses_flags_and_exits_with_mains_result(tmp_path, args, printed):
    code, out, err = _run(tmp_path, FLAGS_SCRIPT, *args)
    assert code == 3, err
    assert out.splitlines() == ["True _FlagValuesWrapper"] + printed
    assert err.splitlines() == [OLD_NAMES_WARNING]


@pytest.mark.parametrize("arg, last_line", [
    ("--steps=abc", "absl.flags._exceptions.IllegalFlagValueError: flag --steps=abc: invalid "
                    "literal for int() with base 10: 'abc'"),
    ("--mode=bad", "absl.flags._exceptions.IllegalFlagValueError: flag --mode=bad: value "
                   "should be one of <train|eval>"),
])
def test_a_bad_flag_value_is_absls_error(tmp_path, arg, last_line):
    code, out, err = _run(tmp_path, FLAGS_SCRIPT, arg)
    assert code == 1
    assert out.splitlines() == ["True _FlagValuesWrapper"]
    assert err.splitlines()[-1] == last_line


@pytest.mark.parametrize("arg, tail", [
    ("--helpfull", "absl.app:"),
    ("--help", "Try --helpfull to get a list of all flags."),
])
def test_help_flags_print_the_scripts_flags_and_exit_1(tmp_path, arg, tail):
    code, out, _ = _run(tmp_path, FLAGS_SCRIPT, arg)
    assert code == 1
    lines = out.splitlines()
    script_flags = lines.index(f"{tmp_path / 'script.py'}:")
    assert lines[1:script_flags] == ["Trains a demo model.", "flags:", ""]
    assert lines[script_flags + 1:script_flags + 5] == [
        "  --layers: Layers.", "    (default: 'a,b')", "    (a comma separated list)",
        "  --lr: Learning rate."]
    assert "  --[no]verbose: Verbose." in lines and tail in lines


REQUIRED_SCRIPT = """
    import tensorflow as tf
    tf.flags.DEFINE_string("data_dir", None, "Where the data is.")
    tf.flags.DEFINE_multi_string("tag", [], "Tags.")
    tf.flags.DEFINE_multi_integer("seed", [1], "Seeds.")
    tf.app.flags.mark_flag_as_required("data_dir")
    FLAGS = tf.flags.FLAGS
    def main(_):
        print(FLAGS.data_dir, FLAGS.tag, FLAGS.seed)
    tf.contrib.eager.run(main)
"""


@pytest.mark.parametrize("args, code, out, last_error_line", [
    (("--data_dir=/d", "--tag=a", "--tag=b", "--seed=3"), 0, "/d ['a', 'b'] [3]\n", None),
    ((), 1, "", "absl.flags._exceptions.IllegalFlagValueError: flag --data_dir=None: Flag "
                "--data_dir must have a value other than None."),
])
def test_required_and_multi_flags_under_tfe_run(tmp_path, args, code, out, last_error_line):
    result = _run(tmp_path, REQUIRED_SCRIPT, *args)
    assert result[:2] == (code, out)
    if last_error_line:
        assert result[2].splitlines()[-1] == last_error_line


IMPLICIT_SCRIPT = """
    import tensorflow as tf
    tf.flags.DEFINE_integer("batch", 32, "Batch size.")
    print(tf.flags.FLAGS.is_parsed())
    print(tf.flags.FLAGS.batch, tf.flags.FLAGS.is_parsed())
"""


@pytest.mark.parametrize("arg, code, out, last_error_line", [
    ("--batch=8", 0, "False\n8 True\n", None),
    ("--nope=1", 1, "False\n", "absl.flags._exceptions.UnrecognizedFlagError: Unknown command "
                                "line flag 'nope'"),
])
def test_reading_a_flag_parses_the_command_line(tmp_path, arg, code, out, last_error_line):
    result = _run(tmp_path, IMPLICIT_SCRIPT, arg)
    assert result[:2] == (code, out)
    if last_error_line:
        assert result[2].splitlines()[-1] == last_error_line


TEST_SCRIPT = """
    import tensorflow as tf
    tf.enable_eager_execution()
    class AddTest(tf.test.TestCase):
        def testAdd(self):
            self.assertAllEqual(tf.add([1, 2], 1), [2, 3])
        def testClose(self):
            self.assertAllClose(tf.constant(0.1) * 3, 0.3)
        def testFails(self):
            self.assertAllEqual([1], [FAILING])
    if __name__ == "__main__":
        tf.test.main()
"""


@pytest.mark.parametrize("failing, code, summary", [
    ("1", 0, "OK (skipped=1)"),  # test_session is collected and skipped, as in TF
    ("2", 1, "FAILED (failures=1, skipped=1)"),
])
def test_test_main_runs_the_scripts_test_cases(tmp_path, failing, code, summary):
    result = _run(tmp_path, TEST_SCRIPT.replace("FAILING", failing))
    assert result[0] == code
    lines = result[2].splitlines()
    assert "Ran 4 tests" in "".join(lines) and lines[-1] == summary


class TestUnderPytest(tf.test.TestCase):
    """A tf.test.TestCase subclass collected and run by pytest."""

    def testAssertions(self):
        self.assertAllClose(tf.constant([0.1]) * 3, [0.3])
        self.assertAllEqual(tf.range(3), [0, 1, 2])
        self.assertEqual(self.evaluate(tf.constant(2) + 1), 3)
