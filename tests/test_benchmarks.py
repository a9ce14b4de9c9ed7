"""The benchmark scripts still run and print their table (their figures are not checked here:
speed is measured by running them, see README)."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_bench_tape_prints_both_benchmarks():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_tape.py"),
                             "--steps", "2"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["benchmark", "shim", "us/step", "jax.jit", "us/step", "ratio"]
    assert [line[:36].strip() for line in lines[1:]] == [
        "seed 001 training loop (2000 ex.)", "tape over 20 elementwise ops"]
    for line in lines[1:]:
        shim, reference, ratio = map(float, line[36:].split())
        assert shim > 0 and reference > 0 and ratio > 0


def test_bench_training_prints_both_benchmarks():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_training.py"),
                             "--steps", "1"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line[:36].strip() for line in lines[1:]] == [
        "MLP 784-256-256-10, Adam", "embedding 10000x64, sparse Adagrad"]
    for line in lines[1:]:
        shim, reference, ratio = map(float, line[36:].split())
        assert shim > 0 and reference > 0 and ratio > 0
