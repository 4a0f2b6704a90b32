"""The runners: the article's blocks edited and run in Chromium, with Python served by the site.

The site is served under its sub-path (``/nanoneuron/``, as GitHub Pages serves it; see
``conftest.py``) with every other host unreachable. ``runs`` opens each article chapter that
has runners once, opens a runner, checks its runners with axe-core in both palettes, then runs the
*last* runner of each session: the page first runs the session's earlier blocks (as a reader's
Run does), each in its own output area, so every runnable block runs exactly once, in one
worker per page. The tests assert on those records; the edit, error, stop and keyboard tests
open the pages they need. Every page but the keyboard test's (a phone) opens in one desktop
profile, so Pyodide loads from its HTTP cache after the first page, as in a reader's browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import (
    AXE,
    DESKTOP,
    PHONE,
    current_scheme,
    run_axe,
    settle,
    toggle_palette,
)
from tests.conftest import REFERENCE_RUNS

#: Generous: the first page loads Pyodide cold, and the runs share a busy 2-core machine. The
#: runners' own time limit (120 s) is raised to this for the comparison; its test lowers it.
RUN_TIMEOUT_MS = 600_000
PYTHON_ASSETS = ("assets/pyodide/", "assets/runner/", "javascripts/runner-worker.js")

SETTLED = """(id) => !["idle", "loading", "running"].includes(
    document.querySelector(`details[data-nn-runner="${id}"]`).dataset.nnState)"""
RUNNERS = """() => [...document.querySelectorAll("details[data-nn-runner]")].map(r => ({
    id: r.dataset.nnRunner, session: r.dataset.nnSession, state: r.dataset.nnState,
    expected: r.dataset.nnExpected, shown: r.querySelector(".nn-run-output code").textContent,
    message: r.querySelector(".nn-run-message").textContent}))"""


def runner_pages(site: Path) -> list[str]:
    """Pages with at least one runner, as paths below the home page."""
    return sorted(
        html.parent.relative_to(site).as_posix() + "/"
        for html in site.rglob("index.html")
        if "data-nn-runner=" in html.read_text(encoding="utf-8")
    )


def runner(page: Any, block: str) -> Any:
    return page.locator(f'details[data-nn-runner="{block}"]')


def open_runner(page: Any, block: str) -> Any:
    """Open the block's runner as a reader does: first any folded answer it sits in."""
    box = runner(page, block)
    box.evaluate(
        "(r) => { for (let d = r.parentElement?.closest('details'); d;"
        " d = d.parentElement?.closest('details')) d.open = true; }"
    )
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    return box


def run(page: Any, block: str) -> dict[str, Any]:
    """Press the block's Run button and wait until the run ends; the block's record."""
    box = open_runner(page, block)
    box.get_by_role("button", name=re.compile("^Run")).click()
    page.wait_for_function(SETTLED, arg=block, timeout=RUN_TIMEOUT_MS)
    return next(r for r in page.evaluate(RUNNERS) if r["id"] == block)


@dataclass
class PageRun:
    """One chapter: its runners after running every session, and what was seen on the way."""

    path: str
    runners: list[dict[str, Any]] = field(default_factory=list)
    axe: dict[str, list[Any]] = field(default_factory=dict)  # "open/default", "ran/slate"...
    requests_before_run: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def axe_both_palettes(page: Any, moment: str, axe_source: str, record: PageRun) -> None:
    """axe-core on the runners, in both palettes (``site_visits`` checks the rest of the page)."""
    for _ in range(2):
        settle(page)
        record.axe[f"{moment}/{current_scheme(page)}"], _ = run_axe(
            page, axe_source, scope="details[data-nn-runner]"
        )
        toggle_palette(page)


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    """One desktop profile for this module's pages, as a reader has one browser.

    Its HTTP cache keeps Pyodide's files (and Chromium the WebAssembly compiled from them) after
    the first page that runs Python. Each test opens tabs of its own in it.
    """
    context = browser.new_context(**DESKTOP, color_scheme="light", service_workers="block")
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="module")
def runs(desktop: Any, site_url: str, built_site: Path) -> list[PageRun]:
    axe_source = AXE.read_text(encoding="utf-8")
    records = []
    for path in runner_pages(built_site):
        record = PageRun(path)
        page = desktop.new_page()
        page.on("request", lambda request, r=record: r.requests.append(request.url))
        page.on(
            "console",
            lambda m, r=record: r.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e, r=record: r.console_errors.append(f"uncaught: {e}"))
        page.goto(site_url + path, wait_until="load")
        blocks = page.evaluate(RUNNERS)
        page.evaluate(
            "(s) => document.querySelectorAll('details[data-nn-runner]')"
            ".forEach(r => { r.dataset.nnTimeLimit = String(s); })",
            RUN_TIMEOUT_MS // 1000,
        )
        open_runner(page, blocks[0]["id"])
        axe_both_palettes(page, "open", axe_source, record)
        record.requests_before_run = list(record.requests)
        last_of_session = {b["session"]: b["id"] for b in blocks}
        for block in last_of_session.values():
            run(page, block)
        axe_both_palettes(page, "ran", axe_source, record)
        record.runners = page.evaluate(RUNNERS)
        page.close()
        records.append(record)
    return records


def test_every_article_chapter_with_code_has_runners(built_site: Path) -> None:
    found = runner_pages(built_site)
    for chapter in ("model/", "data/", "forward/", "backward/", "training/", "together/"):
        assert chapter in found, f"{chapter} has no runnable block"
    assert "run/" not in found  # its blocks call the command line through subprocess
    assert not [p for p in found if p.startswith(("beyond/", "api/", "explorer/"))]


def test_every_runnable_block_prints_what_the_build_printed(runs: list[PageRun]) -> None:
    """Byte for byte, each block of each chapter, run by Pyodide in Chromium."""
    differ = []
    count = 0
    for record in runs:
        for block in record.runners:
            count += 1
            if block["state"] != "done" or block["shown"] != block["expected"]:
                differ.append(
                    f"{record.path} {block['id']} ({block['state']}: {block['message']})\n"
                    f"  build:   {block['expected']!r}\n  browser: {block['shown']!r}"
                )
            elif "exactly what the build printed" not in block["message"]:
                differ.append(f"{record.path} {block['id']}: message {block['message']!r}")
    assert count >= 15, f"only {count} runnable blocks ran"
    assert not differ, "\n".join(differ)


def test_nothing_of_python_is_fetched_before_run(runs: list[PageRun]) -> None:
    for record in runs:
        early = [u for u in record.requests_before_run if any(a in u for a in PYTHON_ASSETS)]
        assert not early, f"{record.path} fetched before any Run: {early}"
        fetched = [u for u in record.requests if "assets/pyodide/pyodide.asm.wasm" in u]
        assert fetched, f"{record.path}: the run did not load Pyodide from the site"


def test_no_request_leaves_the_site_and_the_sub_path(runs: list[PageRun], site_url: str) -> None:
    home = urlsplit(site_url)
    assert home.path != "/", "the site should be served under a sub-path, as on GitHub Pages"
    for record in runs:
        for url in record.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            assert parts.netloc == home.netloc, f"{record.path} asked another host: {url}"
            assert parts.path.startswith(home.path), f"{record.path} left the sub-path: {url}"
        assert not record.console_errors, f"{record.path}: {record.console_errors}"


def test_axe_finds_nothing_with_the_runner_open_and_after_a_run(runs: list[PageRun]) -> None:
    problems = []
    for record in runs:
        assert set(record.axe) == {
            f"{moment}/{scheme}" for moment in ("open", "ran") for scheme in ("default", "slate")
        }, record.axe.keys()
        for moment, violations in record.axe.items():
            problems += [f"{record.path} {moment}: {v['id']} {v['nodes'][:2]}" for v in violations]
    assert not problems, "\n".join(problems)


@pytest.fixture
def open_page(desktop: Any, site_url: str) -> Iterator[Any]:
    """Opens chapters in tabs of their own; no tab reports an uncaught error, and all close."""
    errors: list[str] = []
    tabs: list[Any] = []

    def opener(path: str) -> Any:
        tab = desktop.new_page()
        tabs.append(tab)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(site_url + path, wait_until="load")
        return tab

    try:
        yield opener
        assert not errors, errors
    finally:
        for tab in tabs:
            tab.close()


def edit(page: Any, block: str, code: str) -> None:
    box = open_runner(page, block)
    box.get_by_label(re.compile("Python code")).fill(code)


@pytest.mark.parametrize("name", list(REFERENCE_RUNS))
def test_an_edited_block_reproduces_the_reference_runs(open_page: Any, name: str) -> None:
    """The reader trains from another start: the original program's doubles, bit for bit."""
    page = open_page("together/")
    run_ = REFERENCE_RUNS[name]
    original = runner(page, "together-run").get_attribute("data-nn-code")
    code = (
        original.replace("NanoNeuron.random(seed=42)", f"NanoNeuron(w={run_.w0!r}, b={run_.b0!r})")
        .replace("epochs = 70000", f"epochs = {run_.epochs}")
        .replace("alpha = 0.0005", f"alpha = {run_.alpha!r}")
    )
    assert code.count("NanoNeuron(w=") == 1
    assert f"epochs = {run_.epochs}" in code
    code += (
        "\nprint(repr((history[0], history[-1], neuron.w, neuron.b, test_cost,"
        " neuron.predict(70))))\n"
    )
    edit(page, "together-run", code)
    record = run(page, "together-run")
    assert record["state"] == "done", record["message"]
    last = record["shown"].strip().splitlines()[-1]
    expected = (
        run_.cost_first, run_.cost_last, run_.w, run_.b, run_.test_cost, run_.predict_70
    )  # fmt: skip
    assert last == repr(expected)
    assert "exactly what the build printed" not in record["message"]  # it was edited


def test_errors_show_as_python_errors(open_page: Any) -> None:
    page = open_page("model/")
    edit(
        page,
        "model-predict",
        'from nanoneuron import NanoNeuron\nneuron = NanoNeuron(w="2", b=30)\n',
    )
    record = run(page, "model-predict")
    assert record["state"] == "error"
    assert record["shown"].startswith("Traceback (most recent call last):")
    assert "TypeError: w must be a real number, got str '2'" in record["shown"]
    assert "TypeError: w must be a real number" in record["message"]

    # A later block of the session needs the failed one: it runs that one again first, which
    # fails again, and says so instead of running.
    record = run(page, "model-random")
    assert record["state"] == "error"
    assert "model-predict" in record["message"]

    edit(page, "model-predict", "print('half'\n")
    record = run(page, "model-predict")
    assert record["state"] == "error"
    assert "SyntaxError" in record["shown"]

    runner(page, "model-predict").get_by_role("button", name="Reset the code").click()
    code = runner(page, "model-predict").get_by_label(re.compile("Python code")).input_value()
    assert code == runner(page, "model-predict").get_attribute("data-nn-code")
    record = run(page, "model-random")
    assert record["state"] == "done"
    assert record["shown"] == record["expected"]


def test_a_run_past_the_time_limit_stops_and_python_restarts(open_page: Any) -> None:
    page = open_page("model/")
    box = runner(page, "model-predict")
    box.evaluate("r => { r.dataset.nnTimeLimit = '3'; }")
    edit(page, "model-predict", "while True:\n    pass\n")
    record = run(page, "model-predict")
    assert record["state"] == "timeout"
    assert "took longer than 3.00 s, the time limit" in record["message"]
    # The next run starts a fresh worker, and runs the session's earlier blocks again first.
    box.get_by_role("button", name="Reset the code").click()
    record = run(page, "model-random")
    assert record["state"] == "done"
    assert record["shown"] == record["expected"]
    assert runner(page, "model-predict").get_attribute("data-nn-state") == "done"


def test_stop_ends_a_long_run(open_page: Any) -> None:
    page = open_page("model/")
    box = runner(page, "model-predict")
    edit(page, "model-predict", "while True:\n    pass\n")
    box.get_by_role("button", name=re.compile("^Run")).click()
    page.wait_for_function(
        "() => document.querySelector('details[data-nn-runner=\"model-predict\"]')"
        ".dataset.nnState === 'running'",
        timeout=RUN_TIMEOUT_MS,
    )
    assert page.evaluate("() => 1 + 1") == 2  # the page answers while Python loops
    box.get_by_role("button", name="Stop").click()
    page.wait_for_function(SETTLED, arg="model-predict", timeout=10_000)
    assert box.get_attribute("data-nn-state") == "stopped"
    assert box.get_by_role("button", name="Stop").is_disabled()


def test_a_block_says_at_once_that_it_waits_for_the_earlier_blocks(open_page: Any) -> None:
    page = open_page("model/")
    edit(page, "model-predict", "while True:\n    pass\n")
    later = open_runner(page, "model-random")
    later.get_by_role("button", name=re.compile("^Run")).click()
    page.wait_for_function(
        "() => document.querySelector('details[data-nn-runner=\"model-predict\"]')"
        ".dataset.nnState === 'running'",
        timeout=RUN_TIMEOUT_MS,
    )
    # While the earlier block runs, the block pressed shows that its run has begun.
    record = next(r for r in page.evaluate(RUNNERS) if r["id"] == "model-random")
    assert record["state"] == "running"
    assert record["message"] == "Waiting for model-predict to run first…"
    assert record["shown"] == ""
    later.get_by_role("button", name="Stop").click()
    page.wait_for_function(SETTLED, arg="model-random", timeout=10_000)
    states = {r["id"]: (r["state"], r["message"]) for r in page.evaluate(RUNNERS)}
    assert states["model-predict"][0] == "stopped"
    assert states["model-random"] == ("stopped", "Not run: model-predict did not finish.")


def test_a_reader_runs_a_block_by_keyboard(browser: Any, site_url: str) -> None:
    """Tab to the runner, open it with Enter, run with Ctrl+Enter, then with the Run button."""
    context = browser.new_context(**PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + "conversion/", wait_until="load")
        summary = runner(page, "conversion-examples").locator("summary")
        for _ in range(200):
            page.keyboard.press("Tab")
            if summary.evaluate("s => s === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the runner's summary")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # the label is not a stop: on to the code
        assert page.evaluate("() => document.activeElement.classList.contains('nn-run-code')")
        page.keyboard.press("Control+Enter")
        page.wait_for_function(SETTLED, arg="conversion-examples", timeout=RUN_TIMEOUT_MS)
        record = next(r for r in page.evaluate(RUNNERS) if r["id"] == "conversion-examples")
        assert record["shown"] == record["expected"]
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Run"
        page.keyboard.press("Enter")
        page.wait_for_function(SETTLED, arg="conversion-examples", timeout=RUN_TIMEOUT_MS)
        # On a phone the runner fits the screen: nothing makes the page scroll sideways.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        context.close()
