"""The explorer (docs/javascripts/explorer.js) computes exactly what the package computes.

Two kinds of test:

- in node, the module's pure functions against the package, bit for bit: the data, the cost
  of one prediction, whole training runs (the original's reference runs, random settings,
  random data, divergence), the stable limit, and the formatting of numbers and messages;
- in Chromium, the explorer page of the built site: set the inputs, train, and compare the
  readouts with the package's result for the same settings; bad links; accessibility (axe-core).

Without node or a browser these tests are skipped, unless the environment variable ``CI`` is
set: then they fail, so a CI machine can't pass them by accident.
"""

from __future__ import annotations

import functools
import http.server
import json
import math
import os
import random
import shutil
import struct
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def missing(what: str) -> None:
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


def python_run(w0: float, b0: float, epochs: int, alpha: float, data: Any = None) -> dict[str, Any]:
    """The package's result for some settings, in the harness's format."""
    x_train, y_train, x_test, y_test = data or generate_data_sets()
    model = NanoNeuron(w0, b0)
    try:
        history = train_model(model, epochs, alpha, x_train, y_train)
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


def test_reference_runs_bit_for_bit(reference_run: ReferenceRun) -> None:
    run = reference_run
    [js] = run_node(train_task(run.w0, run.b0, run.epochs, run.alpha))
    # The original's printed numbers...
    assert js["history"][0] == bits(run.cost_first)
    assert js["history"][-1] == bits(run.cost_last)
    assert (js["w"], js["b"]) == (bits(run.w), bits(run.b))
    assert js["testCost"] == bits(run.test_cost)
    assert js["predict70"] == bits(run.predict_70)
    # ...and every cost of the package's history.
    assert js == python_run(run.w0, run.b0, run.epochs, run.alpha)


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
    """FACTS.md: alpha 0.0007 for 100 epochs reaches a cost of ~1.6e26 and w ~ -4.07e11."""
    [js] = run_node(train_task(0.5, 0.5, 100, 0.0007))
    assert js == python_run(0.5, 0.5, 100, 0.0007)
    w = struct.unpack(">d", bytes.fromhex(js["w"]))[0]
    assert -4.1e11 < w < -4.0e11


def random_pairs() -> list[tuple[float, float]]:
    rng = random.Random(2)
    pairs = []
    for _ in range(20000):
        scale = 10 ** rng.uniform(-10, 150)
        pairs.append((rng.uniform(-1, 1) * scale, rng.uniform(-1, 1) * scale))
    return [*pairs, (0.0, 1e155), (1e200, -1e200), (5e-324, 0.0)]  # overflow, subnormal


def test_javascript_square_is_multiplication() -> None:
    """JavaScript's ``(y - p) ** 2 / 2`` is ``(y - p) * (y - p) / 2``, bit for bit."""
    pairs = random_pairs()
    [js] = run_node({"kind": "cost", "pairs": pairs})
    assert js == [bits(square_by_multiplication(y, p)) for y, p in pairs]


def test_square_matches_the_package() -> None:
    pairs = random_pairs()
    [js] = run_node({"kind": "cost", "pairs": pairs})
    assert js == [bits(prediction_cost(y, p)) for y, p in pairs]


def test_package_cost_history_bit_for_bit() -> None:
    [js] = run_node(train_task(0.5, 0.5, 70000, 0.0005))
    assert js == python_run(0.5, 0.5, 70000, 0.0005)


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


# --- Chromium: the explorer page of the built site ---------------------------------------


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 from a thread."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # Reduced motion: runs end as soon as they are computed, so the tests wait little.
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def open_explorer(page: Any, url: str, query: str = "") -> None:
    page.goto(f"{url}/explorer/{query}")
    page.wait_for_selector("[data-nn-explorer]:not([hidden])")


def set_field(page: Any, name: str, value: str) -> None:
    field = page.locator(f'[data-nn="{name}"]')
    field.fill(value)
    field.dispatch_event("change")


def wait_for_end(page: Any) -> str:
    page.wait_for_selector(
        '[data-nn-explorer][data-state="done"], [data-nn-explorer][data-state="diverged"]',
        timeout=60000,
    )
    return str(page.get_attribute("[data-nn-explorer]", "data-state"))


def readouts(page: Any) -> dict[str, str]:
    return {
        name: page.inner_text(f'[data-nn="{name}"]')
        for name in ("epoch", "w", "b", "cost", "prediction")
    }


def test_page_trains_like_the_package(
    page: Any, site_url: str, reference_run: ReferenceRun
) -> None:
    run = reference_run
    open_explorer(page, site_url)
    for name, value in (
        ("w0", run.w0),
        ("b0", run.b0),
        ("alpha", run.alpha),
        ("epochs", run.epochs),
    ):
        set_field(page, name, str(value))
    page.locator('[data-nn="temperature"]').fill("37.5")
    page.get_by_role("button", name="Train").click()
    assert wait_for_end(page) == "done"

    x_train, y_train, _, _ = generate_data_sets()
    model = NanoNeuron(float(run.w0), float(run.b0))
    history = train_model(model, run.epochs, run.alpha, x_train, y_train)
    # (The last cost of these runs is the same whichever way it is squared.)
    assert readouts(page) == {
        "epoch": str(run.epochs),
        "w": repr(model.w),
        "b": repr(model.b),
        "cost": repr(history[-1]),
        "prediction": repr(model.predict(37.5)),
    }
    assert (model.w, history[-1]) == (run.w, run.cost_last)
    # The link now holds the settings.
    assert f"epochs={run.epochs}" in page.url


def test_page_stops_where_the_package_diverges(page: Any, site_url: str) -> None:
    open_explorer(page, site_url)
    set_field(page, "alpha", "0.0007")
    assert page.is_visible('[data-nn="warning"]')
    page.get_by_role("button", name="Train").click()
    assert wait_for_end(page) == "diverged"
    x_train, y_train, _, _ = generate_data_sets()
    with pytest.raises(TrainingDiverged) as caught:
        train_model(NanoNeuron(0.5, 0.5), 70000, 0.0007, x_train, y_train)
    assert str(caught.value) in page.inner_text('[data-nn="status"]')
    shown = readouts(page)
    assert shown["epoch"] == str(caught.value.epoch - 1)
    assert shown["cost"] == repr(caught.value.cost_history[-1])


def test_a_link_replays_its_run(page: Any, site_url: str, reference_run: ReferenceRun) -> None:
    run = reference_run
    open_explorer(page, site_url, f"?w0={run.w0}&b0={run.b0}&alpha={run.alpha}&epochs={run.epochs}")
    assert wait_for_end(page) == "done"
    shown = readouts(page)
    assert (shown["w"], shown["b"], shown["cost"]) == (
        repr(run.w),
        repr(run.b),
        repr(run.cost_last),
    )
    assert shown["prediction"] == repr(run.predict_70)


def test_a_bad_link_falls_back_and_says_so(page: Any, site_url: str) -> None:
    open_explorer(page, site_url, "?w0=abc&b0=NaN&alpha=-1&epochs=99999999999")
    problems = page.inner_text('[data-nn="problems"]')
    for name in ("w0", "b0", "alpha", "epochs"):
        assert f"{name} must be" in problems
    values = {n: page.input_value(f'[data-nn="{n}"]') for n in ("w0", "b0", "alpha", "epochs")}
    assert values == {"w0": "0.5", "b0": "0.5", "alpha": "0.0005", "epochs": "70000"}
    assert wait_for_end(page) == "done"
    x_train, y_train, _, _ = generate_data_sets()
    model = NanoNeuron(0.5, 0.5)
    train_model(model, 70000, 0.0005, x_train, y_train)
    assert page.inner_text('[data-nn="w"]') == repr(model.w)


def test_keyboard_moves_the_learning_rate(page: Any, site_url: str) -> None:
    open_explorer(page, site_url)
    slider = page.get_by_label("Learning rate alpha (slider, log scale)")
    slider.focus()
    page.keyboard.press("End")
    assert page.input_value('[data-nn="alpha"]') == "0.01"
    assert page.is_visible('[data-nn="warning"]')
    page.keyboard.press("Home")
    assert page.input_value('[data-nn="alpha"]') == "0.000001"
    assert not page.is_visible('[data-nn="warning"]')


def test_animated_run_reaches_the_same_end(browser: Any, site_url: str) -> None:
    context = browser.new_context(reduced_motion="no-preference")
    page = context.new_page()
    try:
        open_explorer(page, site_url, "?epochs=3000")
        assert wait_for_end(page) == "done"
        x_train, y_train, _, _ = generate_data_sets()
        model = NanoNeuron(0.5, 0.5)
        train_model(model, 3000, 0.0005, x_train, y_train)
        assert page.inner_text('[data-nn="w"]') == repr(model.w)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explorer_has_no_axe_violations(browser: Any, site_url: str, scheme: str) -> None:
    if not AXE.exists():
        missing("axe-core (npm ci)")
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    try:
        open_explorer(page, site_url, "?epochs=500")
        wait_for_end(page)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document.querySelector('[data-nn-explorer]')))"
            ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))"
        )
        assert result == []
    finally:
        context.close()


def test_page_works_without_javascript(built_site: Path) -> None:
    html = (built_site / "explorer" / "index.html").read_text(encoding="utf-8")
    assert "data-nn-explorer hidden" in html  # the widget waits for its script
    assert "data-nn-explorer-fallback" in html
    assert html.count('<svg class="nn-chart"') >= 2  # build-time charts
    assert '<script type="module" src="../javascripts/explorer.js">' in html
