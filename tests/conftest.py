"""Shared fixtures of the test suite, and the reference runs of the original program.

A test that asks for the ``reference_run`` fixture runs once for every row of
:data:`REFERENCE_RUNS`: adding a reference run is adding one row.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import settings

from nanoneuron import generate_data_sets
from nanoneuron.training import train_model
from tests.hooks import load_hook


def examples(count: int) -> settings:
    """Settings for a property test that draws ``count`` examples in a full run.

    The loaded profile scales it: the ``fast`` profile (``make test-fast``) draws a fifth as
    many, at least 5; a full run (``make test``, CI) draws ``count``.
    """
    full = settings.get_profile("default").max_examples
    return settings(max_examples=max(5, count * settings().max_examples // full))


class ReferenceRun(NamedTuple):
    """One run of the original ``NanoNeuron.js`` (node), with the exact doubles it printed."""

    w0: float
    b0: float
    epochs: int
    alpha: float
    cost_first: float
    cost_last: float
    w: float
    b: float
    test_cost: float
    predict_70: float


#: Runs of the original program: a faithful port must reproduce every number bit for bit.
REFERENCE_RUNS = {
    "original-70000-epochs": ReferenceRun(
        0.5, 0.5, 70000, 0.0005,
        5297.707500000001, 2.431849896945886e-06,
        1.80006599497466, 31.99562267160337,
        2.3951311101945136e-06, 158.00024231982957,
    ),
    "zero-start-1000-epochs": ReferenceRun(
        0, 0, 1000, 0.0005,
        8682.47, 100.62172866094845,
        2.2245104357253074, 3.8429835826131225,
        99.10242938091919, 159.55871408338464,
    ),
    "smaller-alpha-5000-epochs": ReferenceRun(
        0.25, 0.75, 5000, 0.0003,
        6830.2418750000015, 57.77748240318952,
        2.121694643946272, 10.662570790505033,
        56.910869283941366, 159.18119586674408,
    ),
}  # fmt: skip


def printed_results(run: ReferenceRun) -> dict[str, Any]:
    """What ``nanoneuron --json`` prints for a reference run's settings (prediction at 70 °C)."""
    return {
        "cost_before": run.cost_first,
        "cost_after": run.cost_last,
        "w": run.w,
        "b": run.b,
        "test_cost": run.test_cost,
        "celsius": 70.0,
        "prediction": run.predict_70,
        "correct": 158.0,
    }


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "reference_run" in metafunc.fixturenames:
        metafunc.parametrize(
            "reference_run", list(REFERENCE_RUNS.values()), ids=list(REFERENCE_RUNS)
        )


Data = tuple[list[float], list[float], list[float], list[float]]


@pytest.fixture(scope="session")
def faithful_runs(run_tmp_path: Path) -> Callable[..., list[float]]:
    """``train_model`` behind the site build's memo of runs, shared by the whole test run.

    For the tests that need the result of a long run of the faithful loop (the article's
    70000 epochs): each trajectory is computed once per test run, by the loop, and shared.
    ``tests/test_shared_runs.py`` proves the memo gives what the loop gives.

    The memo's store is a directory in the run's temporary directory, through which the
    pytest-xdist workers share the trajectories (as they share ``built_site``): the first
    worker to need a run computes it, the others read it. Nothing outlives the run.
    """
    hook = load_hook("shared_runs")
    directory = run_tmp_path / "faithful-runs"
    directory.mkdir(exist_ok=True)
    return hook.shared(train_model, hook.Store(directory))  # type: ignore[no-any-return]


@pytest.fixture
def data_sets() -> Data:
    """A fresh ``(x_train, y_train, x_test, y_test)`` for each test (tests may mutate it)."""
    return generate_data_sets()


# --- one Chromium for the session, shared by the tests of tests/browser/ -------------------------
# (Playwright's sync API allows one instance per thread, so there must be exactly one.)

#: Flags for Chromium: no sandbox (containers), no GPU, and no network but 127.0.0.1, so a
#: request elsewhere fails fast (and is recorded) instead of reaching the internet. One list in
#: tests/chromium.json, read by the tests and by every benchmark that drives Chromium.
CHROMIUM_FLAGS_FILE = Path(__file__).with_name("chromium.json")
CHROMIUM_ARGS: list[str] = json.loads(CHROMIUM_FLAGS_FILE.read_text(encoding="utf-8"))["flags"]


def chromium_path() -> str:
    """The browser to drive: ``$CHROMIUM_PATH``, else Debian's ``/usr/bin/chromium``."""
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


def browser_missing(reason: str) -> None:
    """Skip the browser tests, or fail them on CI where the browser must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: .ci/run installs Debian's chromium)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (never downloaded)."""
    executable = chromium_path()
    if shutil.which(executable) is None:
        browser_missing(
            f"no Chromium at {executable} (set CHROMIUM_PATH, or apt-get install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the venv has it
        browser_missing("Playwright for Python is not installed: run `make install`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
