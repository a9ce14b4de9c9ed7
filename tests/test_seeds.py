"""Both seed documents run unchanged under the runner and print what TensorFlow printed."""
import re

import pytest

from conftest import run_cli

SEED000_TF_OUTPUT = """\
Step 0, Loss: 44.0, w: 0.4399999976158142, b: 0.11999999731779099
Step 100, Loss: 0.024474427103996277, w: 1.8987760543823242, b: 0.3654506504535675
Step 200, Loss: 0.012432219460606575, w: 1.9278557300567627, b: 0.2604633867740631
Step 300, Loss: 0.006315155886113644, w: 1.9485814571380615, b: 0.18563701212406158
Step 400, Loss: 0.003207895439118147, w: 1.963353157043457, b: 0.13230684399604797
Step 500, Loss: 0.001629501348361373, w: 1.9738811254501343, b: 0.09429743140935898
Step 600, Loss: 0.0008277297019958496, w: 1.9813846349716187, b: 0.06720750033855438
Step 700, Loss: 0.00042046388261951506, w: 1.9867326021194458, b: 0.047899939119815826
Step 800, Loss: 0.00021357601508498192, w: 1.990544080734253, b: 0.03413914889097214
Step 900, Loss: 0.0001084920804714784, w: 1.9932606220245361, b: 0.024331560358405113
Step 1000, Loss: 5.511019844561815e-05, w: 1.9951967000961304, b: 0.01734165847301483
"""

SEED001_EXACT_PREFIX = """\
1.15.0
tf.Tensor(
[[1. 2.]
 [3. 4.]], shape=(2, 2), dtype=float32)
tf.Tensor(
[[ 7. 10.]
 [15. 22.]], shape=(2, 2), dtype=float32)
tf.Tensor(
[[1 2]
 [3 4]], shape=(2, 2), dtype=int32)
tf.Tensor(
[[2 3]
 [4 5]], shape=(2, 2), dtype=int32)
tf.Tensor(
[[ 2  6]
 [12 20]], shape=(2, 2), dtype=int32)
[[ 2  6]
 [12 20]]
[[1 2]
 [3 4]]
tf.Tensor(1.0, shape=(), dtype=float32)
tf.Tensor(2.0, shape=(), dtype=float32)
tf.Tensor(3.0, shape=(), dtype=float32)
tf.Tensor([[2.]], shape=(1, 1), dtype=float32)
"""

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def test_seed000_linear_regression_matches_tensorflow():
    code, out, err = run_cli("run", "examples/seed000_linear_regression.py")
    assert code == 0, err
    got, want = out.splitlines(), SEED000_TF_OUTPUT.splitlines()
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert NUMBER.sub("#", g) == NUMBER.sub("#", w)
        for a, b in zip(NUMBER.findall(g), NUMBER.findall(w)):
            assert float(a) == pytest.approx(float(b), rel=1e-5, abs=1e-9), (g, w)


def test_seed001_tutorial_prints_the_documented_output():
    code, out, err = run_cli("run", "examples/seed001_eager_tutorial.py")
    assert code == 0, err
    assert out.startswith(SEED001_EXACT_PREFIX)
    training = out[len(SEED001_EXACT_PREFIX):].splitlines()
    assert re.fullmatch(r"초기 손실: \d+\.\d{3}", training[0])
    steps = [re.fullmatch(r"스텝 (\d{3})에서 손실: (\d+\.\d{3})", line) for line in training[1:7]]
    assert [m.group(1) for m in steps] == ["000", "050", "100", "150", "200", "250"]
    losses = [float(m.group(2)) for m in steps]
    assert losses == sorted(losses, reverse=True)
    final = re.fullmatch(r"최종 손실: (\d+\.\d{3})", training[7])
    assert float(final.group(1)) == pytest.approx(1.0, abs=0.1)
    weights = re.fullmatch(r"W = (\S+), B = (\S+)", training[8])
    assert float(weights.group(1)) == pytest.approx(3.0, abs=0.1)
    assert float(weights.group(2)) == pytest.approx(2.0, abs=0.1)
    assert len(training) == 9
