"""The whole program on one page (docs/snippets/nanoneuron_program.py) is the package's program.

The file is what a reader copies and runs with ``python`` alone, so it is tested as such: run in a
subprocess, it prints the original's reference runs bit for bit (every printed number is parsed
back and compared with ``==``); imported, its cost history equals the package's, epoch by epoch;
and it imports nothing outside the standard library.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from nanoneuron import NanoNeuron, generate_data_sets, train_model

if TYPE_CHECKING:
    from tests.conftest import ReferenceRun

PROGRAM = Path(__file__).parents[1] / "docs" / "snippets" / "nanoneuron_program.py"


def load_program() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nanoneuron_program", PROGRAM)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_program(*args: str) -> subprocess.CompletedProcess[str]:
    # -I: isolated mode, so neither the project nor the environment's packages are importable.
    return subprocess.run(
        [sys.executable, "-I", str(PROGRAM), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        encoding="utf-8",
    )


def printed_values(stdout: str) -> dict[str, object]:
    """Each line's value after its label, as a Python literal (the program prints reprs)."""
    values = {}
    for line in stdout.splitlines():
        label, _, value = line.partition(": ")
        values[label] = ast.literal_eval(value)
    return values


def test_the_program_prints_the_reference_run(reference_run: ReferenceRun) -> None:
    run = reference_run
    result = run_program(
        f"--w={run.w0!r}", f"--b={run.b0!r}", f"--epochs={run.epochs}", f"--alpha={run.alpha!r}"
    )
    assert result.returncode == 0, result.stderr
    values = printed_values(result.stdout)
    assert values == {
        "Cost before the training": run.cost_first,
        "Cost after the training": run.cost_last,
        "NanoNeuron parameters": {"w": run.w, "b": run.b},
        "Cost on new testing data": run.test_cost,
        'NanoNeuron "thinks" that 70°C in Fahrenheit is': run.predict_70,
        "Correct answer is": 158.0,
    }


def test_the_cost_history_is_the_packages_epoch_by_epoch() -> None:
    program = load_program()
    run = (0.25, 0.75, 5000, 0.0003)  # the reference run "smaller-alpha-5000-epochs"
    x_train, y_train, _, _ = program.generate_data_sets()
    assert (x_train, y_train) == generate_data_sets()[:2]
    model = program.NanoNeuron(run[0], run[1])
    history = program.train_model(model, run[2], run[3], x_train, y_train)
    neuron = NanoNeuron(run[0], run[1])
    expected = train_model(neuron, run[2], run[3], x_train, y_train)
    assert history == expected
    assert (model.w, model.b) == (neuron.w, neuron.b)


def test_the_default_start_is_the_packages_seeded_start() -> None:
    program = load_program()
    start = NanoNeuron.random()  # seed 42, the package's default
    result = run_program("--epochs=1", "--alpha=1e-300")
    assert result.returncode == 0, result.stderr
    values = printed_values(result.stdout)
    x_train, y_train, _, _ = program.generate_data_sets()
    _, cost = program.forward_propagation(program.NanoNeuron(start.w, start.b), x_train, y_train)
    assert values["Cost before the training"] == cost
    assert values["NanoNeuron parameters"] == {"w": start.w, "b": start.b}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--epochs=0"], "--epochs >= 1"),
        (["--alpha=-1"], "--alpha > 0"),
        (["--alpha=nan"], "--alpha > 0"),
        (["--alpha=x"], "argument --alpha: invalid float value: 'x'"),
        (["--w=inf", "--b=0"], "--w and --b must be finite"),
        (["--epochs=3000", "--alpha=0.0007"], "training diverged: --alpha 0.0007 is too large"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], message: str) -> None:
    result = run_program(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_program_imports_only_the_standard_library() -> None:
    tree = ast.parse(PROGRAM.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import"
            imported.add((node.module or "").partition(".")[0])
    assert imported  # the walk saw the imports
    assert imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names
