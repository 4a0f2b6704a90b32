"""The command line: its ``main`` in this process, and ``python -m nanoneuron`` as a reader runs it.

Most tests call :func:`nanoneuron.cli.main` with captured output (which is not a terminal,
like a pipe); the few that need a process of its own (the module's entry point, a terminal,
a closed pipe) run ``python -m nanoneuron`` in a subprocess.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from nanoneuron import (
    DEFAULT_SEED,
    NanoNeuron,
    celsius_to_fahrenheit,
    cli,
    forward_propagation,
    generate_data_sets,
    train_model,
)
from nanoneuron.cli import _join_negative_values, _ticker, build_parser, main
from tests.conftest import printed_results

if TYPE_CHECKING:
    from tests.conftest import ReferenceRun

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}
KEYS = {"cost_before", "cost_after", "w", "b", "test_cost", "celsius", "prediction", "correct"}


def nanoneuron(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line's ``main`` on ``args`` in this process, as ``python -m`` would."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's errors and --help
            code = 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(
        ["nanoneuron", *args], code, stdout.getvalue(), stderr.getvalue()
    )


def python_m_nanoneuron(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m nanoneuron`` with ``args``; stdout and stderr are pipes, not a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "nanoneuron", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=ENV,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def results_of(*args: str) -> dict[str, Any]:
    finished = nanoneuron(*args, "--json")
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr == ""  # not a terminal: no progress bar
    lines = finished.stdout.splitlines()
    assert len(lines) == 1
    results: dict[str, Any] = json.loads(lines[0])
    assert set(results) == KEYS
    return results


def expected_results(
    start: NanoNeuron, epochs: int, alpha: float, celsius: float = 70.0
) -> dict[str, Any]:
    """The six results computed in this process through the package's functions."""
    x_train, y_train, x_test, y_test = generate_data_sets()
    neuron = NanoNeuron(start.w, start.b)
    history = train_model(neuron, epochs, alpha, x_train, y_train)
    return {
        "cost_before": history[0] if history else None,
        "cost_after": history[-1] if history else None,
        "w": neuron.w,
        "b": neuron.b,
        "test_cost": forward_propagation(neuron, x_test, y_test)[1],
        "celsius": celsius,
        "prediction": neuron.predict(celsius),
        "correct": celsius_to_fahrenheit(celsius),
    }


def test_json_reproduces_the_reference_run(reference_run: ReferenceRun) -> None:
    # The original program's own settings are the defaults: the first run is plainly
    # `nanoneuron --w 0.5 --b 0.5 --json` (here its main, in this process).
    run = reference_run
    args = ["--w", repr(float(run.w0)), "--b", repr(float(run.b0))]
    if run.epochs != 70000:
        args += ["--epochs", str(run.epochs)]
    if run.alpha != 0.0005:
        args += ["--alpha", repr(run.alpha)]
    assert results_of(*args) == printed_results(run)


NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


def test_text_output_has_the_six_results() -> None:
    finished = nanoneuron("--w", "0", "--b", "0", "--epochs", "1000")
    assert finished.returncode == 0
    assert finished.stderr == ""
    lines = finished.stdout.splitlines()
    expected = [  # the original's run from w = b = 0 for 1000 epochs
        ("Cost before training", [8682.47]),
        ("Cost after training", [100.62172866094845]),
        ("Learned parameters", [2.2245104357253074, 3.8429835826131225]),
        ("Cost on the test set", [99.10242938091919]),
        ("Prediction for 70 °C", [159.55871408338464]),
        ("Correct answer", [158.0]),
    ]
    assert len(lines) == len(expected)
    for line, (label, numbers) in zip(lines, expected, strict=True):
        head, _, tail = line.partition(":")
        assert head == label
        shown = [float(number) for number in re.findall(NUMBER, tail)]
        assert shown == pytest.approx(numbers, rel=1e-5)
    assert lines[2].endswith("w = 2.224510, b = 3.842984")
    assert lines[4].endswith("159.55871 °F")


def test_the_defaults_are_the_original_programs_settings() -> None:
    # The 70000-epoch run with these defaults is in the slow tier (the case above).
    defaults = build_parser().parse_args([])
    assert (defaults.epochs, defaults.alpha, defaults.celsius) == (70000, 0.0005, 70.0)
    assert type(defaults.epochs) is int
    assert type(defaults.alpha) is float


def test_default_start_is_the_default_seed() -> None:
    assert results_of("--epochs", "1000") == expected_results(
        NanoNeuron.random(DEFAULT_SEED), 1000, 0.0005
    )


def test_seed_and_partial_start() -> None:
    seeded = NanoNeuron.random(7)
    assert results_of("--seed", "7", "--epochs", "20") == expected_results(seeded, 20, 0.0005)
    # 0 is the smallest seed there is.
    zero = NanoNeuron.random(0)
    assert results_of("--seed", "0", "--epochs", "20") == expected_results(zero, 20, 0.0005)
    assert results_of("--seed", "7", "--w", "2", "--epochs", "20") == expected_results(
        NanoNeuron(2.0, seeded.b), 20, 0.0005
    )
    assert results_of("--seed", "7", "--b", "30", "--epochs", "20") == expected_results(
        NanoNeuron(seeded.w, 30.0), 20, 0.0005
    )


def test_celsius_option() -> None:
    expected = expected_results(NanoNeuron(0.5, 0.5), 100, 0.0003, celsius=-40.0)
    results = results_of(
        "--w", "0.5", "--b", "0.5", "--epochs", "100", "--alpha", "0.0003", "--celsius", "-40"
    )
    assert results == expected
    assert results["correct"] == -40.0


def test_zero_epochs() -> None:
    start = NanoNeuron.random(DEFAULT_SEED)
    results = results_of("--epochs", "0")
    assert results["cost_before"] is None
    assert results["cost_after"] is None
    assert (results["w"], results["b"]) == (start.w, start.b)
    assert results == expected_results(start, 0, 0.0005)

    finished = nanoneuron("--epochs", "0")
    assert finished.returncode == 0
    assert finished.stderr == ""
    assert finished.stdout.count("n/a") == 2
    assert len(finished.stdout.splitlines()) == 6


def test_help() -> None:
    finished = nanoneuron("--help")
    assert finished.returncode == 0
    assert finished.stdout.startswith("usage: nanoneuron")
    for option in ["--epochs", "--alpha", "--seed", "--w", "--b", "--celsius", "--json"]:
        assert option in finished.stdout
    for default in ["70000", "0.0005", str(DEFAULT_SEED)]:
        assert default in finished.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--alpha", "nan"], "alpha"),
        (["--alpha", "inf"], "alpha"),
        (["--alpha", "-1"], "alpha"),
        (["--alpha", "0"], "alpha"),
        (["--alpha", "fast"], "alpha"),
        (["--alpha", "0.0007"], "alpha"),
        (["--alpha", "0.5", "--epochs", "100"], "alpha"),
        (["--epochs", "-5"], "epochs"),
        (["--epochs", "1.5"], "epochs"),
        (["--w", "nan"], "--w"),
        (["--b", "-inf"], "--b"),
        (["--celsius", "hot"], "celsius"),
        (["--seed", "x"], "seed"),
        (["--unknown"], "--unknown"),
    ],
    ids=lambda value: "=".join(value) if isinstance(value, list) else None,
)
def test_bad_option_gives_a_one_line_error(args: list[str], named: str) -> None:
    finished = nanoneuron(*args)
    assert finished.returncode != 0
    assert finished.stdout == ""
    assert "Traceback" not in finished.stderr
    lines = finished.stderr.splitlines()
    errors = [line for line in lines if line.startswith("nanoneuron: error: ")]
    assert len(errors) == 1, finished.stderr
    assert named in errors[0]
    # Anything else on stderr is argparse's usage reminder.
    for line in lines:
        assert line in errors or line.startswith(("usage: ", " ")), line


def test_divergence_error_says_how_to_fix_it() -> None:
    finished = nanoneuron("--alpha", "0.0007")
    assert finished.returncode == 1
    assert finished.stderr.startswith("nanoneuron: error: training diverged at epoch ")
    assert "alpha=0.0007" in finished.stderr
    assert "0 < alpha < 0.000608968" in finished.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    finished = nanoneuron("--epochs", "3000")
    assert finished.returncode == 0
    assert finished.stderr == ""


@pytest.mark.parametrize(
    ("argv", "joined"),
    [
        (["--w", "-1e-3"], ["--w=-1e-3"]),
        (["--b", "-.5", "--w", "-2e3"], ["--b=-.5", "--w=-2e3"]),
        (["--cel", "-1e5"], ["--cel=-1e5"]),  # an abbreviation argparse would accept
        (["--w"], ["--w"]),  # no value after it: argparse says so
        (["--w=-1", "-1e-3"], ["--w=-1", "-1e-3"]),  # the value is already joined
        (["--", "-1e-3"], ["--", "-1e-3"]),  # the end of the options
        (["--json", "-1e-3"], ["--json", "-1e-3"]),  # not an option that takes a number
        (["--w", "-x"], ["--w", "-x"]),  # not a number
    ],
)
def test_negative_values_are_joined_to_their_option(argv: list[str], joined: list[str]) -> None:
    assert _join_negative_values(argv) == joined


def test_the_largest_number_of_epochs_is_accepted_and_option_errors_exit_with_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert build_parser().parse_args(["--epochs", "10000000"]).epochs == 10_000_000
    with pytest.raises(SystemExit) as caught:
        main(["--epochs", "10000001"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.startswith("nanoneuron: error: argument --epochs")
    assert main(["--w", "1e160", "--b", "0", "--epochs", "5"]) == 1
    assert capsys.readouterr().err == (
        "nanoneuron: error: the starting parameters w = 1e+160, b = 0.0 (from --w 1e+160"
        " --b 0.0) are too large: the cost overflows at once\n"
    )
    # Only --w given: b was drawn from the seed, and the message says so.
    assert main(["--w", "1e200", "--epochs", "5"]) == 1
    b = NanoNeuron.random(42).b
    assert capsys.readouterr().err == (
        f"nanoneuron: error: the starting parameters w = 1e+200, b = {b!r} (from --w 1e+200"
        " --seed 42) are too large: the cost overflows at once\n"
    )


def test_the_progress_bar_moves_by_a_thousand_epochs_at_each_thousandth() -> None:
    class Bar:
        def __init__(self) -> None:
            self.updates: list[tuple[int, int]] = []
            self.epoch = 0

        def update(self, count: int) -> None:
            self.updates.append((self.epoch, count))

    bar = Bar()
    tick = _ticker(bar)
    for epoch in range(1, 3001):
        bar.epoch = epoch
        tick(epoch, 1.0)
    assert bar.updates == [(1000, 1000), (2000, 1000), (3000, 1000)]


def test_progress_bar_on_a_terminal() -> None:
    leader, follower = pty.openpty()
    # A terminal of 24 rows and 80 columns (a fresh pseudo-terminal has no width at all).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "nanoneuron", "--epochs", "3000", "--json"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=ROOT,
        env=ENV,
    ) as process:
        os.close(follower)
        terminal = b""
        while select.select([leader], [], [], 60)[0]:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed its end of the terminal
                break
            if not chunk:
                break
            terminal += chunk
        stdout, _ = process.communicate(timeout=60)
    os.close(leader)
    assert process.returncode == 0
    assert b"/3000" in terminal
    assert b"epoch" in terminal
    assert json.loads(stdout) == expected_results(NanoNeuron.random(DEFAULT_SEED), 3000, 0.0005)


@pytest.mark.parametrize(
    "args",
    [
        ["--w", "0.25", "--b", "0.75", "--epochs", "500", "--alpha", "0.0003", "--json"],
        ["--epochs", "200", "--celsius", "-40"],
        ["--alpha", "fast"],
        ["--alpha", "0.0007", "--epochs", "2000"],
    ],
    ids=["json", "text", "bad-option", "diverges"],
)
def test_python_m_nanoneuron_is_main(args: list[str]) -> None:
    """The command a reader types runs the same program as ``main`` in this process."""
    typed, called = python_m_nanoneuron(*args), nanoneuron(*args)
    assert (typed.returncode, typed.stdout, typed.stderr) == (
        called.returncode,
        called.stdout,
        called.stderr,
    )
    assert typed.stdout or typed.stderr


def test_main_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--w", "1.8", "--b", "32", "--epochs", "5", "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    results = json.loads(out)
    assert results["cost_before"] == results["cost_after"] == results["test_cost"] == 0.0
    assert results["prediction"] == results["correct"] == 158.0


# --- Hardening: negative numbers, limits, strict JSON, names of options, pipes ---------------


def test_negative_numbers_in_every_numeric_option() -> None:
    # `--w -1e-3` and `--celsius -1e5` used to be refused: "expected one argument".
    results = results_of(
        "--w", "-1e-3", "--b", "-0.5", "--celsius", "-1e5", "--epochs", "10", "--alpha", "5e-4"
    )
    assert results == expected_results(NanoNeuron(-1e-3, -0.5), 10, 0.0005, celsius=-1e5)
    # An abbreviated option, as argparse allows, and the `=` form.
    assert results_of("--cel", "-1e5", "--w=-1e-3", "--b", "-.5", "--epochs", "10") == results
    # A fraction with no digit before its point and an exponent, which argparse alone refuses.
    assert results_of("--w", "-.5e1", "--b", "1", "--epochs", "2") == expected_results(
        NanoNeuron(-5.0, 1.0), 2, 0.0005
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        # Fullwidth 5e-4 and 10, Arabic-Indic 3.
        (["--alpha", "\uff15e-4"], "argument --alpha: not a number: '\uff15e-4'"),
        (["--epochs", "\uff11\uff10"], "argument --epochs: not a whole number"),
        (["--seed", "\u0663"], "argument --seed: not a whole number"),
        # Python's generator would take -3 as 3.
        (["--seed", "-3"], "argument --seed: must be 0 or more, got '-3'"),
        (["--alpha", "5_0"], "argument --alpha: not a number"),
        (["--epochs", "10000001"], "argument --epochs: must be from 0 to 10,000,000"),
        (["--epochs", "2000000000"], "argument --epochs: must be from 0 to 10,000,000"),
        (["--epochs", "-5"], "argument --epochs: must be from 0 to 10,000,000"),
        (["--alpha", "-1e-3"], "argument --alpha: must be greater than 0"),
        (["--alpha", "0"], "argument --alpha: must be greater than 0, got '0' (see"),
        # Above 0 as written, 0.0 as a float.
        (["--alpha", "1e-400"], "argument --alpha: must be greater than 0, got '1e-400' (0.0 as"),
        (["--epochs", "0", "--w", "1e308"], "--w 1e+308"),
        (["--epochs", "0", "--w", "1e200", "--json"], "--w 1e+200"),
        (["--epochs", "5", "--b", "-1e300"], "--b -1e+300"),
        (["--celsius", "1e308", "--json", "--epochs", "1"], "--celsius 1e+308 is too large"),
        # Only the prediction overflows (100 * 1e307); the correct answer, 1.8e307, does not.
        (["--epochs", "0", "--w", "100", "--b", "0", "--celsius", "1e307"], "--celsius 1e+307"),
        (["--alpha", "0.000609", "--epochs", "2000"], "0 < alpha < 0.000608968"),
    ],
    ids=lambda value: "=".join(value) if isinstance(value, list) else None,
)
def test_errors_name_the_option_typed(args: list[str], named: str) -> None:
    # Non-ASCII digits were accepted (float() reads them) while the explorer refuses them;
    # `--epochs 0 --w 1e308` named an internal variable ("prediction must be ..."), and
    # `--w 1e200 --json` and `--celsius 1e308 --json` printed `Infinity`, which is not JSON;
    # alpha just over the limit ended with exit 0.
    finished = nanoneuron(*args)
    assert finished.returncode != 0
    assert finished.stdout == ""
    assert "Traceback" not in finished.stderr
    error = finished.stderr.splitlines()[0]
    assert error.startswith("nanoneuron: error: ")
    assert named in error


def test_the_command_line_keeps_only_the_costs_it_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoneuron.cli as cli

    kept: list[int] = []

    def spy(*args: Any, **kwargs: Any) -> list[float]:
        history = train_model(*args, **kwargs)
        kept.append(len(history))
        return history

    monkeypatch.setattr(cli, "train_model", spy)
    assert main(["--epochs", "300", "--json"]) == 0
    assert kept == [2]


def test_json_is_strict_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--epochs", "3", "--json"]) == 0
    out, _ = capsys.readouterr()

    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    json.loads(out, parse_constant=refuse)


def test_a_closed_pipe_ends_the_program_quietly() -> None:
    # `nanoneuron --epochs 1 | true` used to print a BrokenPipeError traceback. The reading
    # end is closed before the program starts, so its first write fails every time.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "nanoneuron", "--epochs", "1"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=ENV,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert finished.stderr == b""
    assert finished.returncode == 1


def test_ctrl_c_ends_the_run_with_one_line_and_status_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It printed a traceback of the training loop."""

    def interrupted(*args: object, **kwargs: object) -> list[float]:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "train_model", interrupted)
    assert main(["--epochs", "5"]) == 130
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "nanoneuron: interrupted\n")
