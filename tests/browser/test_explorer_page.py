"""The explorer page of the built site in Chromium: it trains as the package trains.

Set the inputs, train, and compare the readouts with the package's result for the same
settings; links that replay a run, bad and over-long links, a path that begins with ``//``;
the keyboard; the animation; axe-core after a run. The site is served under its sub-path
(``site_url``), as GitHub Pages serves it, so the explorer's modules load by relative imports.
The explorer's arithmetic itself is compared with the package in node, by tests/test_explorer.py.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from nanoneuron import NanoNeuron, TrainingDiverged, generate_data_sets, train_model
from tests.browser.conftest import TWO_FRAMES

if TYPE_CHECKING:
    from tests.conftest import ReferenceRun

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page with reduced motion (a run ends as soon as it is computed); no uncaught errors."""
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    # A route handler may still be answering a late request (the favicon) when the test ends:
    # wait for it, ignoring the closing page's errors, or its failure lands in the next test.
    page.unroute_all(behavior="ignoreErrors")
    context.close()
    assert errors == []


def open_explorer(page: Any, url: str) -> None:
    page.goto(url)
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


@functools.cache
def package_w(w0: float, b0: float, epochs: int, alpha: float) -> str:
    """``repr`` of the package's ``w`` after training from these settings (runs once each)."""
    x_train, y_train, _, _ = generate_data_sets()
    model = NanoNeuron(w0, b0)
    train_model(model, epochs, alpha, x_train, y_train)
    return repr(model.w)


def test_page_trains_like_the_package(
    page: Any, site_url: str, reference_run: ReferenceRun
) -> None:
    run = reference_run
    open_explorer(page, f"{site_url}explorer/")
    assert page.get_attribute("[data-nn-explorer]", "data-state") == "ready"
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
    # The address and the link now hold the settings, on this page of this site.
    assert f"epochs={run.epochs}" in page.url
    assert page.url.startswith(f"{site_url}explorer/?")
    assert page.eval_on_selector('[data-nn="link"]', "a => a.href") == page.url


def test_page_stops_where_the_package_diverges(page: Any, site_url: str) -> None:
    open_explorer(page, f"{site_url}explorer/")
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
    query = f"?w0={run.w0}&b0={run.b0}&alpha={run.alpha}&epochs={run.epochs}"
    open_explorer(page, f"{site_url}explorer/{query}")
    assert wait_for_end(page) == "done"
    shown = readouts(page)
    assert (shown["w"], shown["b"], shown["cost"]) == (
        repr(run.w),
        repr(run.b),
        repr(run.cost_last),
    )
    assert shown["prediction"] == repr(run.predict_70)


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("?w0=abc&b0=NaN&alpha=-1&epochs=99999999999", ("w0", "b0", "alpha", "epochs")),
        (f"?alpha={'1' * 60000}x", ("alpha",)),  # refused for its length, at once
        ("?alpha=%EF%BC%95e-4&w0=%D9%A5", ("w0", "alpha")),  # fullwidth and Arabic-Indic 5
    ],
    ids=["nonsense", "60-KB", "not-ASCII"],
)
def test_a_bad_link_falls_back_and_says_so(
    page: Any, site_url: str, query: str, refused: tuple[str, ...]
) -> None:
    open_explorer(page, f"{site_url}explorer/{query}")
    problems = page.inner_text('[data-nn="problems"]')
    names = [name for name in ("w0", "b0", "alpha", "epochs") if f"{name} must be" in problems]
    assert names == list(refused), problems
    if len(query) > 60000:
        assert "(60001 characters)" in problems
    values = {n: page.input_value(f'[data-nn="{n}"]') for n in ("w0", "b0", "alpha", "epochs")}
    assert values == {"w0": "0.5", "b0": "0.5", "alpha": "0.0005", "epochs": "70000"}
    assert wait_for_end(page) == "done"
    assert page.inner_text('[data-nn="w"]') == package_w(0.5, 0.5, 70000, 0.0005)


def test_a_path_beginning_with_two_slashes_keeps_the_host(page: Any, site_url: str) -> None:
    """Opened at ``http://host//explorer/``, the link and the address stay on ``host``.

    Joined as strings, the path ``//explorer/`` and a query make ``//explorer/?...``: a link to
    the host ``explorer``, and an address that ``history.replaceState`` refuses to set.
    """
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    odd = f"{origin}//explorer/?epochs=500"

    def forward(route: Any) -> None:
        # The site's server does not answer at //: fetch the same file from under site_url.
        parts = urlsplit(route.request.url)
        path = parts.path.lstrip("/")
        route.fulfill(response=route.fetch(url=f"{site_url}{path}?{parts.query}"))

    page.route(lambda url: urlsplit(url).path.startswith("//"), forward)
    open_explorer(page, odd)
    # A link with settings starts its run at once, unless replacing the address failed.
    assert page.get_attribute("[data-nn-explorer]", "data-state") in ("training", "done")
    link = page.eval_on_selector('[data-nn="link"]', "a => a.href")
    assert urlsplit(link).netloc == urlsplit(site_url).netloc, link
    assert wait_for_end(page) == "done"
    assert page.evaluate("() => location.pathname") == "//explorer/"
    assert page.url == link
    assert "epochs=500" in page.url


def test_keyboard_moves_the_learning_rate(page: Any, site_url: str) -> None:
    open_explorer(page, f"{site_url}explorer/")
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
    try:
        page = context.new_page()
        open_explorer(page, f"{site_url}explorer/?epochs=3000")
        assert page.get_attribute("[data-nn-explorer]", "data-state") == "training"
        assert wait_for_end(page) == "done"
        assert page.inner_text('[data-nn="w"]') == package_w(0.5, 0.5, 3000, 0.0005)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explorer_has_no_axe_violations_after_a_run(
    browser: Any, site_url: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    try:
        page = context.new_page()
        open_explorer(page, f"{site_url}explorer/?epochs=500")
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


#: Records every layout shift of the page from its first paint on.
LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1350, "height": 940}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_the_page_does_not_jump_when_the_explorer_starts(
    browser: Any, site_url: str, viewport: dict[str, int]
) -> None:
    """The explorer keeps its place, unseen, until its script shows it (Lighthouse's CLS)."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.add_init_script(LAYOUT_SHIFTS)
        open_explorer(page, site_url + "explorer/")
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__shifts")
        visible = page.evaluate(
            "getComputedStyle(document.querySelector('[data-nn-explorer]')).visibility"
        )
    finally:
        context.close()
    assert visible == "visible"
    assert sum(shifts) < 0.01, f"layout shifts {shifts}"


#: Which of the explorer's three charts hold any drawing (a pixel that is not transparent).
CHARTS_DRAWN = """() => ["line-chart", "cost-chart", "path-chart"].map((name) => {
  const canvas = document.querySelector(`[data-nn="${name}"]`);
  if (!canvas.width || !canvas.height) return false;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
})"""


def test_the_charts_are_drawn_when_they_come_into_view(page: Any, site_url: str) -> None:
    """Where the explorer opens on screen it draws at once; further down, when scrolled to.

    A page that holds the explorer far below its start (the training chapter) does none of its
    canvas work while it loads: a phone's first seconds go to the text the reader sees.
    """
    open_explorer(page, f"{site_url}explorer/")
    page.wait_for_function(f"({CHARTS_DRAWN})().every(Boolean)")

    open_explorer(page, f"{site_url}training/")
    page.evaluate(TWO_FRAMES)
    assert page.evaluate(CHARTS_DRAWN) == [False, False, False]
    assert page.inner_text('[data-nn="w"]') == "0.5"  # the readouts are shown all the same
    page.locator('[data-nn="charts"]').scroll_into_view_if_needed()
    page.wait_for_function(f"({CHARTS_DRAWN})().every(Boolean)")
