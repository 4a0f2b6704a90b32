"""The explorer's arithmetic and settings (docs/javascripts/explorer/) against the package, in node.

The pure modules of the explorer (neuron.js, format.js, settings.js) run in node through
tests/explorer_harness.mjs and are compared with the package bit for bit: the data, the cost of
one prediction, whole training runs (the original's reference runs, random settings, random
data, divergence), the stable limit, the formatting of numbers and messages, and the settings
read from a link. The page itself is tested in Chromium by tests/browser/test_explorer_page.py.

Without node these tests are skipped, unless the environment variable ``CI`` is set: then they
fail, so a CI machine can't pass them by accident.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import parse_qsl, urlsplit

import pytest

from nanoneuron import (
    NanoNeuron,
    TrainingDiverged,
    forward_propagation,
    generate_data_sets,
    max_stable_alpha,
    prediction_cost,
    train_model,
)

if TYPE_CHECKING:
    from tests.conftest import ReferenceRun

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tests" / "explorer_harness.mjs"


def missing(what: str) -> NoReturn:
    """Skip for want of ``what``; on CI (``CI`` set), fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required on CI")
    pytest.skip(f"{what} not found")


def bits(x: float) -> str:
    """The IEEE-754 bits of a double as 16 hex digits (the harness's format)."""
    return struct.pack(">d", x).hex()


def run_node(*tasks: dict[str, Any]) -> list[Any]:
    """Run tasks in tests/explorer_harness.mjs; return one result per task."""
    node = shutil.which("node")
    if node is None:
        missing("node")
    result = subprocess.run(
        [node, "--no-warnings", str(HARNESS)],
        input=json.dumps({"tasks": list(tasks)}),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def python_run(
    w0: float,
    b0: float,
    epochs: int,
    alpha: float,
    data: Any = None,
    trainer: Callable[..., list[float]] = train_model,
) -> dict[str, Any]:
    """The package's result for some settings, in the harness's format."""
    x_train, y_train, x_test, y_test = data or generate_data_sets()
    model = NanoNeuron(w0, b0)
    try:
        history = trainer(model, epochs, alpha, x_train, y_train)
    except TrainingDiverged as error:
        return {
            "diverged": {
                "epoch": error.epoch,
                "message": str(error),
                "history": [bits(c) for c in error.cost_history],
            },
            "w": bits(model.w),
            "b": bits(model.b),
        }
    test_cost = forward_propagation(model, x_test, y_test)[1]
    return {
        "history": [bits(c) for c in history],
        "w": bits(model.w),
        "b": bits(model.b),
        "testCost": bits(test_cost),
        "predict70": bits(model.predict(70)),
    }


def train_task(w0: float, b0: float, epochs: int, alpha: float, data: Any = None) -> dict[str, Any]:
    task: dict[str, Any] = {"kind": "train", "w0": w0, "b0": b0, "epochs": epochs, "alpha": alpha}
    if data is not None:
        task["data"] = data
    return task


# --- node: the pure functions, bit for bit ---------------------------------------------
#
# JavaScript's ``**`` (like the original's) squares exactly as ``d * d``, and so does the
# package's ``prediction_cost`` (Python's ``** 2`` would call C's pow(), which rounds about one
# square in a thousand differently); the tests below hold the two to the same bits.


def square_by_multiplication(y: float, prediction: float) -> float:
    difference = y - prediction
    return difference * difference / 2


def test_data_sets_are_the_same() -> None:
    [data] = run_node({"kind": "data"})
    assert data == [[bits(v) for v in values] for values in generate_data_sets()]


def test_reference_runs_bit_for_bit(reference_run: ReferenceRun, faithful_runs: Any) -> None:
    run = reference_run
    [js] = run_node(train_task(run.w0, run.b0, run.epochs, run.alpha))
    # The original's printed numbers...
    assert js["history"][0] == bits(run.cost_first)
    assert js["history"][-1] == bits(run.cost_last)
    assert (js["w"], js["b"]) == (bits(run.w), bits(run.b))
    assert js["testCost"] == bits(run.test_cost)
    assert js["predict70"] == bits(run.predict_70)
    # ...and every cost of the package's history.
    assert js == python_run(run.w0, run.b0, run.epochs, run.alpha, trainer=faithful_runs)


def random_settings(rng: random.Random) -> tuple[float, float, int, float]:
    return (
        rng.uniform(-10, 10),
        rng.uniform(-50, 50),
        rng.randint(1, 3000),
        10 ** rng.uniform(-5, -2.9),  # both sides of the stable limit, 0.000609
    )


def test_random_settings_bit_for_bit() -> None:
    rng = random.Random(9)
    settings = [random_settings(rng) for _ in range(30)]
    results = run_node(*(train_task(*s) for s in settings))
    outcomes = set()
    for s, js in zip(settings, results, strict=True):
        assert js == python_run(*s), s
        outcomes.add("diverged" in js)
    assert outcomes == {True, False}, "the random settings should cover both outcomes"


def test_random_data_bit_for_bit() -> None:
    rng = random.Random(99)
    cases = []
    for _ in range(8):
        m = rng.randint(1, 60)
        x = [rng.uniform(-100, 100) for _ in range(m)]
        y = [rng.uniform(-300, 300) for _ in range(m)]
        cases.append(
            (rng.uniform(-2, 2), rng.uniform(-2, 2), rng.randint(1, 500), 1e-5, [x, y, x, y])
        )
    results = run_node(*(train_task(*c) for c in cases))
    for c, js in zip(cases, results, strict=True):
        assert js == python_run(*c)


@pytest.mark.parametrize("alpha", [0.0007, 0.02, 1.0, 3.0, 100.0, 1e5])
def test_divergence_is_reported_like_the_package(alpha: float) -> None:
    [js] = run_node(train_task(0.5, 0.5, 70000, alpha))
    python = python_run(0.5, 0.5, 70000, alpha)
    assert "diverged" in js
    assert js == python  # same epoch, same message, same finite history, model left as it was


def test_divergence_reference() -> None:
    """FACTS.md: alpha 0.0007 for 100 epochs reaches a cost of ~1.6e26 (w ~ -4.07e11).

    The cost rose at a learning rate over the stable limit: both report the divergence at
    the last epoch, with the whole history, and leave the model where it started.
    """
    [js] = run_node(train_task(0.5, 0.5, 100, 0.0007))
    assert js == python_run(0.5, 0.5, 100, 0.0007)
    assert js["diverged"]["epoch"] == 100
    last = struct.unpack(">d", bytes.fromhex(js["diverged"]["history"][-1]))[0]
    assert 1.5e26 < last < 1.7e26
    assert "the cost rose from" in js["diverged"]["message"]


def random_pairs() -> list[tuple[float, float]]:
    rng = random.Random(2)
    pairs = []
    for _ in range(20000):
        scale = 10 ** rng.uniform(-10, 150)
        pairs.append((rng.uniform(-1, 1) * scale, rng.uniform(-1, 1) * scale))
    return [*pairs, (0.0, 1e155), (1e200, -1e200), (5e-324, 0.0)]  # overflow, subnormal


def test_square_is_multiplication_like_the_package() -> None:
    """JavaScript's ``(y - p) ** 2 / 2`` is ``(y - p) * (y - p) / 2``, as the package's is."""
    pairs = random_pairs()
    [js] = run_node({"kind": "cost", "pairs": pairs})
    assert js == [bits(square_by_multiplication(y, p)) for y, p in pairs]
    assert js == [bits(prediction_cost(y, p)) for y, p in pairs]


def test_predictions_match() -> None:
    rng = random.Random(3)
    w, b = rng.uniform(-3, 3), rng.uniform(-50, 50)
    xs = [rng.uniform(-100, 200) for _ in range(1000)]
    [js] = run_node({"kind": "predict", "w": w, "b": b, "xs": xs})
    assert js == [bits(NanoNeuron(w, b).predict(x)) for x in xs]


def test_stable_limit_is_computed_from_the_data() -> None:
    rng = random.Random(4)
    samples = [[rng.uniform(-50, 150) for _ in range(rng.randint(2, 80))] for _ in range(50)]
    results = run_node({"kind": "maxAlpha"}, *({"kind": "maxAlpha", "x": x} for x in samples))
    assert results[0] == bits(max_stable_alpha(generate_data_sets()[0]))
    for x, js in zip(samples, results[1:], strict=True):
        # The package sums exactly (math.fsum, math.hypot); the browser sums plainly, so
        # on other data the limit may differ in the last few bits.
        value = struct.unpack(">d", bytes.fromhex(js))[0]
        assert math.isclose(value, max_stable_alpha(x), rel_tol=1e-13)


def test_cost_bowl_holds_the_same_limit() -> None:
    """The widget's bowl (contours, minimum) carries the very limit its messages print."""
    [bowl] = run_node({"kind": "bowl"})
    assert bowl["limit"] == bits(max_stable_alpha(generate_data_sets()[0]))
    assert bowl["largest"] * bowl["smallest"] == pytest.approx(3283.5 - 49.5**2)  # determinant
    assert (bowl["w"], bowl["b"]) == (pytest.approx(1.8, rel=1e-12), pytest.approx(32, rel=1e-12))


def test_numbers_are_formatted_like_python() -> None:
    rng = random.Random(5)
    values = [
        0.0,
        -0.0,
        1.0,
        3.0,
        0.5,
        1e16,
        1e15,
        1e-5,
        1e-4,
        123456.0,
        999999.5,
        0.0006089677277882629,
    ]
    values += [math.inf, -math.inf, math.nan]
    values += [rng.uniform(-1, 1) * 10 ** rng.uniform(-30, 30) for _ in range(3000)]
    values += [struct.unpack(">d", rng.randbytes(8))[0] for _ in range(1000)]
    [js] = run_node({"kind": "repr", "values": [bits(v) for v in values]})
    assert js == [[repr(v), format(v, ".6g")] for v in values]


def test_settings_from_a_link() -> None:
    queries = [
        "?w0=0.25&b0=0.75&alpha=0.0003&epochs=5000",
        "?w0=abc&b0=NaN&alpha=-1&epochs=-5",
        "?epochs=1e12",
        "?epochs=2.5&alpha=0x10&w0=Infinity",
        "",
        "?unrelated=1",
    ]
    results = run_node({"kind": "settings", "queries": queries})[0]
    defaults = {"w0": 0.5, "b0": 0.5, "alpha": 0.0005, "epochs": 70000}
    good, bad, huge, odd, empty, unrelated = results
    assert good == {
        "settings": {"w0": 0.25, "b0": 0.75, "alpha": 0.0003, "epochs": 5000},
        "problems": [],
        "given": True,
    }
    assert bad["settings"] == defaults
    assert len(bad["problems"]) == 4
    assert all("instead" in p for p in bad["problems"])
    assert huge["settings"] == defaults
    assert "epochs must be a whole number from 1 to 500000" in huge["problems"][0]
    assert odd["settings"] == defaults
    assert len(odd["problems"]) == 3
    assert empty == unrelated == {"settings": defaults, "problems": [], "given": False}


def test_settings_survive_a_link() -> None:
    settings = {"w0": 0.1 + 0.2, "b0": -1e-7, "alpha": 0.000608, "epochs": 123}
    assert run_node({"kind": "query", "settings": settings}) == [settings]


ALPHA_RULE = "alpha must be a number greater than 0 and at most 1"

#: Numbers written with other scripts' digits or signs, or other spaces: refused, as the command
#: line refuses them (a setting is read from ASCII numerals only).
NOT_ASCII = [
    "\uff15e-4",  # fullwidth five
    "\u0665e-4",  # Arabic-Indic five
    "5e-\u0664",  # Arabic-Indic four in the exponent
    "\U0001d7d3e-4",  # mathematical bold five
    "5e\u22124",  # minus sign instead of hyphen-minus
    "\u00a05e-4",  # no-break space before
    "5e-4\u3000",  # ideographic space after
]


def test_only_ascii_numerals_are_read() -> None:
    accepted = ["5e-4", " 0.0005\t", "+.0005", "5E-4", "0.00050"]
    [results] = run_node({"kind": "parse", "name": "alpha", "texts": [*NOT_ASCII, *accepted]})
    refused, read = results[: len(NOT_ASCII)], results[len(NOT_ASCII) :]
    for text, result in zip(NOT_ASCII, refused, strict=True):
        assert result["value"] == 0.0005, text  # the default
        assert result["problem"] == f'{ALPHA_RULE}, got "{text}"; using 0.0005 instead.'
    assert [(r["value"], r["problem"]) for r in read] == [(0.0005, None)] * len(accepted)


def test_overlong_values_are_refused_before_any_regex() -> None:
    """A 60 KB value is refused for its length: no regular expression ever reads it."""
    digits = "1" * 60000
    texts = [f"{digits}x", digits, f"0.0005{'0' * 60000}"]
    [results] = run_node({"kind": "parse", "name": "alpha", "texts": texts})
    for text, result in zip(texts, results, strict=True):
        assert result["value"] == 0.0005
        shown = f'"{text[:40]}\u2026" ({len(text)} characters)'
        assert result["problem"] == f"{ALPHA_RULE}, got {shown}; using 0.0005 instead."
        assert result["longestMatched"] == 0


def test_a_link_keeps_the_page_address() -> None:
    """The link to some settings is the page's own address, whatever its path (even ``//``)."""
    hrefs = [
        "http://127.0.0.1:8000//explorer/?w0=1#top",
        "http://127.0.0.1:8000///explorer/",
        "https://nanoneuron.github.io/nanoneuron/explorer/?alpha=x",
    ]
    settings = {"w0": 0.25, "b0": -3, "alpha": 0.001, "epochs": 500}
    [links] = run_node({"kind": "link", "hrefs": hrefs, "settings": settings})
    for href, link in zip(hrefs, links, strict=True):
        given, made = urlsplit(href), urlsplit(link)
        assert (made.scheme, made.netloc, made.path, made.fragment) == (
            given.scheme,
            given.netloc,
            given.path,
            given.fragment,
        )
        assert parse_qsl(made.query) == [
            ("w0", "0.25"),
            ("b0", "-3"),
            ("alpha", "0.001"),
            ("epochs", "500"),
        ]
