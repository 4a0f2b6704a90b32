"""Every page of the built site, in Chromium, at desktop and phone widths, in both palettes.

The visits happen once, in the ``site_visits`` fixture (see conftest.py); each test here asserts
one promise over all of them and names every page that breaks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import CHART_TEXT


def failures(lines: list[str]) -> str:
    return "\n".join(lines)


def test_every_built_page_is_visited(built_site: Path, site_pages: list[str]) -> None:
    """The sitemap names every HTML page MkDocs built, so no page escapes the checks."""
    built = set()
    for html in built_site.rglob("*.html"):
        relative = html.relative_to(built_site).as_posix()
        if relative.startswith("assets/"):
            continue
        built.add(relative.removesuffix("index.html"))
    assert "" in site_pages, "the home page is missing from the sitemap"
    assert built <= set(site_pages), (
        f"pages built but not checked: {sorted(built - set(site_pages))}"
    )


def test_pages_load_without_console_errors(site_visits: list[Any]) -> None:
    problems = [
        f"{v.page or '(home)'} [{v.width}]: {error}"
        for v in site_visits
        for error in v.console_errors
    ]
    assert not problems, "console errors:\n" + failures(problems)


def test_pages_load_successfully(site_visits: list[Any]) -> None:
    problems = [
        f"{v.page or '(home)'} [{v.width}]: HTTP {v.status}" for v in site_visits if v.status != 200
    ]
    assert not problems, failures(problems)


def test_no_request_leaves_the_site(site_visits: list[Any]) -> None:
    """Fonts, scripts, math, repository facts: everything comes from the site itself."""
    problems = [
        f"{v.page or '(home)'} [{v.width}]: {url}"
        for v in site_visits
        for url in v.foreign_requests
    ]
    assert not problems, "requests to hosts other than 127.0.0.1:\n" + failures(problems)


def test_palette_toggle_switches_palette(site_visits: list[Any]) -> None:
    problems = [
        f"{v.page or '(home)'} [{v.width}]: {p}" for v in site_visits for p in v.toggle_problems
    ]
    assert not problems, failures(problems)


def test_charts_are_readable_in_both_palettes(site_visits: list[Any]) -> None:
    """Chart text and lines contrast with the page, light or dark; each chart is named."""
    problems = []
    charts = 0
    for v in site_visits:
        for scheme, view in v.views.items():
            for chart in view.charts:
                charts += 1
                label = f"{v.page or '(home)'} [{v.width}, {scheme}] chart {chart['id'] or chart['index']}"
                problems += [f"{label}: {p}" for p in chart["problems"]]
    assert charts, "no chart found on any page: are the charts still svg.nn-chart?"
    assert not problems, failures(problems)


def test_math_is_typeset(site_visits: list[Any]) -> None:
    """KaTeX renders every formula; no TeX (``\\(``, ``$``) is left for the reader to decode."""
    problems = []
    for v in site_visits:
        for scheme, view in v.views.items():
            math: dict[str, Any] = view.math
            label = f"{v.page or '(home)'} [{v.width}, {scheme}]"
            if math["typeset"] != math["containers"]:
                problems.append(
                    f"{label}: {math['typeset']} of {math['containers']} formulas typeset"
                )
            problems += [f"{label}: KaTeX error in {e!r}" for e in math["errors"]]
            problems += [f"{label}: raw TeX left in {r!r}" for r in math["raw"]]
    assert not problems, failures(problems)


def test_axe_finds_no_violations(site_visits: list[Any], axe_report: list[Any]) -> None:
    """axe-core: zero violations on every page at desktop and phone widths, in both palettes.

    In the first palette every rule that is on by default runs on the whole page; in the second,
    the rules that judge colours do, and every rule on the header (its palette toggle).
    """
    assert {v.width for v in site_visits} == {"desktop", "phone"}
    assert all(len(v.views) == 2 for v in site_visits), "a page was not seen in both palettes"
    assert len(axe_report) == 2 * len(site_visits)
    problems = []
    for v in site_visits:
        for scheme, view in sorted(v.views.items()):
            for rule in (
                "color-contrast",
                "link-in-text-block",
                "landmark-one-main",
                "button-name",
            ):
                if rule not in view.axe_rules:
                    problems.append(f"{v.page or '(home)'} [{v.width}, {scheme}]: {rule} never ran")
            for violation in view.axe:
                problems.append(
                    f"{v.page or '(home)'} [{v.width}, {scheme}] {violation['id']} ({violation['impact']}): "
                    f"{violation['help']}\n    " + "\n    ".join(violation["nodes"][:5])
                )
    assert not problems, f"{len(problems)} axe violations:\n" + failures(problems)


def test_no_chart_text_is_below_11_px_on_a_phone(site_visits: list[Any]) -> None:
    """At 390 px, every chart's text is 11 px or more, with every tab shown and block opened.

    The charts are inline SVG scaled to the column, so their text shrinks with the screen; the
    measure (``benchmarks/chart_text.py``, which prints the figures) takes each text's font size
    times its own scale on screen.
    """
    problems, charts = [], 0
    for v in site_visits:
        for chart in v.chart_text:
            charts += 1
            if not chart["smallest"] >= CHART_TEXT.SMALLEST_TEXT:
                problems.append(
                    f"{v.page or '(home)'} {chart['chart']} ({chart['width']:.0f} px wide):"
                    f" {chart['text']!r} at {chart['smallest']:.2f} px"
                )
    assert charts, "no chart found on any page: are the charts still svg.nn-chart?"
    smallest, width = CHART_TEXT.SMALLEST_TEXT, CHART_TEXT.PHONE_WIDTH
    assert not problems, f"chart text below {smallest:g} px at {width} px:\n" + failures(problems)
