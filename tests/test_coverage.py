"""docs/api_coverage.md stays in sync with the shim, and unsupported symbols fail by name."""
import os

import pytest

import tfeager_compat as tf
from tfeager_compat.api import coverage

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCUMENT = os.path.join(ROOT, "docs", "api_coverage.md")


def test_document_is_up_to_date():
    with open(DOCUMENT, encoding="utf-8") as f:
        written = f.read()
    assert written == coverage.render(), (
        "docs/api_coverage.md is stale: run python -m tfeager_compat.api.coverage")


def test_check_mode(tmp_path, capsys):
    target = tmp_path / "coverage.md"
    assert coverage.main(["--check", "--output", str(target)]) == 1
    assert coverage.main(["--output", str(target)]) == 0
    assert coverage.main(["--check", "--output", str(target)]) == 0
    target.write_text(target.read_text() + "stale\n")
    assert coverage.main(["--check", "--output", str(target)]) == 1
    assert "is stale" in capsys.readouterr().err


def test_summary_counts(tmp_path):
    symbols = tmp_path / "symbols.txt"
    symbols.write_text("tf\tconstant\ntf\tno_such_symbol_anywhere\ntf\tnn/\n"
                       "tf.nn\trelu\ntf.nn\tnot_a_real_op\n")
    text = coverage.render(coverage.read_symbols(str(symbols)))
    assert "| `tf` | 2 | 3 | 66.7% |" in text
    assert "| `tf.nn` | 1 | 2 | 50.0% |" in text
    assert "| **all** | 3 | 5 | 60.0% |" in text
    assert "| `tf.nn/` | yes |" in text and "| `tf.no_such_symbol_anywhere` | no |" in text


def test_every_listed_symbol_is_either_resolvable_or_named_in_the_error():
    for namespace, names in coverage.read_symbols().items():
        for name in names:
            path = f"{namespace}.{name.rstrip('/')}"
            if coverage.is_supported(namespace, name):
                continue
            with pytest.raises(AttributeError) as info:
                coverage._resolve(path)
            message = str(info.value)
            assert message.endswith(" is not supported by tfeager_compat"), message
            assert path.startswith(message[:-len(" is not supported by tfeager_compat")])


@pytest.mark.parametrize("resolve,name", [
    (lambda: tf.image.decode_and_crop_jpeg, "tf.image.decode_and_crop_jpeg"),
    (lambda: tf.contrib.summary.graph, "tf.contrib.summary.graph"),
    (lambda: tf.no_such_symbol_anywhere, "tf.no_such_symbol_anywhere"),
    (lambda: tf.strings.no_such_symbol_anywhere, "tf.strings.no_such_symbol_anywhere"),
])
def test_unsupported_symbol_raises_attribute_error(resolve, name):
    with pytest.raises(AttributeError, match=f"^{name} is not supported by tfeager_compat$"):
        resolve()
