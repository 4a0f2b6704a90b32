"""The built site in a real browser: Debian's Chromium driven by Playwright.

The site (the root ``built_site`` fixture) is served over HTTP on 127.0.0.1, under the path of
``site_url`` as GitHub Pages serves it (so the 404 page's absolute links resolve too). Pages are
discovered from the built site's ``sitemap.xml``, plus its ``404.html``: a new chapter is checked
as soon as it is in the navigation.

One browser serves the whole session. ``site_visits`` opens every page once at a desktop and once
at a phone width; on each visit it records what the tests assert on: console errors, requests to
other hosts, the palette toggle, the charts' colours and the math in both palettes, the
axe-core report in both palettes, and (on the phone) the size of the charts' smallest text. The
tests then assert on those records, so every page is loaded only twice however many checks there
are.

The browser is never downloaded: it is ``$CHROMIUM_PATH`` or ``/usr/bin/chromium``. When it is
missing the browser tests skip, unless ``CI`` is set, where they fail (``.ci/run`` installs it).
"""

from __future__ import annotations

import functools
import http.server
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.hooks import load_file

ROOT = Path(__file__).parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: The measure of the charts' text on a phone, shared with the benchmark that prints it.
CHART_TEXT = load_file(ROOT / "benchmarks" / "chart_text.py")

#: A desktop window.
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
#: A phone held upright, as wide as the chart-text measure's (an iPhone 12 to 15).
PHONE: dict[str, Any] = {
    "viewport": {"width": CHART_TEXT.PHONE_WIDTH, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
#: The widths the pages are checked at.
VIEWPORTS: dict[str, dict[str, Any]] = {"desktop": DESKTOP, "phone": PHONE}

PALETTES = ("default", "slate")


# --- the site over HTTP -------------------------------------------------------------------------


def site_prefix(site: Path) -> str:
    """The path the site lives under, from its sitemap's home page (``/nanoneuron/``)."""
    locs = sitemap_locations(site)
    return min((urlsplit(loc).path for loc in locs), key=len) if locs else "/"


def sitemap_locations(site: Path) -> list[str]:
    """Every ``<loc>`` of the built site's ``sitemap.xml``."""
    tree = ET.parse(site / "sitemap.xml")
    return [(loc.text or "").strip() for loc in tree.iter() if loc.tag.endswith("}loc")]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under its prefix, with ``404.html`` for what is not there."""

    prefix = "/"
    extensions_map = {  # noqa: RUF012 (the stdlib's own class attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ipynb": "application/x-ipynb+json",
    }

    def translate_path(self, path: str) -> str:
        bare = urlsplit(path).path
        if not bare.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + bare[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests report what matters."""


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site's home page, served on 127.0.0.1 at a free port for the session."""
    prefix = site_prefix(built_site)
    handler = functools.partial(
        type("Handler", (SiteHandler,), {"prefix": prefix}), directory=str(built_site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> list[str]:
    """Every page of the built site, as a path below the home page (``""`` is the home page).

    The sitemap lists every page of the navigation (and every other page MkDocs built); the
    theme's 404 page is added, since readers meet it too.
    """
    prefix = site_prefix(built_site)
    pages = sorted(urlsplit(loc).path[len(prefix) :] for loc in sitemap_locations(built_site))
    if (built_site / "404.html").is_file():
        pages.append("404.html")
    return pages


# --- what a visit records ------------------------------------------------------------------------

#: Waits until no CSS transition runs (Material fades colours when the palette changes).
TRANSITIONS_DONE = """() => document.getAnimations()
    .filter(a => a instanceof CSSTransition || a instanceof CSSAnimation)
    .every(a => a.playState !== "running" || a.effect.getComputedTiming().iterations === Infinity)"""

#: Colours of each chart against the background it is drawn on.
CHART_REPORT = """() => {
  const parse = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const luminance = (c) => {
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  };
  const contrast = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const opacity = (element, kind) => {
    let value = Number(getComputedStyle(element)[kind + "Opacity"] || 1);
    for (let e = element; e && e.tagName.toLowerCase() !== "html"; e = e.parentElement) {
      value *= Number(getComputedStyle(e).opacity || 1);
    }
    return value;
  };
  const hex = (c) => "#" + [c.r, c.g, c.b].map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
  return [...document.querySelectorAll("svg.nn-chart")].map((svg, index) => {
    const box = svg.getBoundingClientRect();
    const bg = background(svg);
    const named = (attribute) => (svg.getAttribute(attribute) || "").split(/\\s+/).filter(Boolean)
      .map(id => (document.getElementById(id) || {}).textContent || "").join(" ").trim();
    const titles = named("aria-labelledby") || svg.getAttribute("aria-label")
      || (svg.querySelector(":scope > title") || {}).textContent || "";
    const description = named("aria-describedby")
      || (svg.querySelector(":scope > desc") || {}).textContent || "";
    const report = {
      index, id: svg.id || null, role: svg.getAttribute("role"), name: titles.trim(),
      description: description.trim(), width: box.width, height: box.height,
      background: hex(bg), texts: 0, marks: 0, problems: [],
    };
    for (const element of svg.querySelectorAll("text, path, line, polyline, polygon, circle, rect, ellipse, use")) {
      if (element.closest("defs, clipPath, mask, marker, title, desc")) continue;
      const style = getComputedStyle(element);
      if (style.display === "none" || style.visibility === "hidden") continue;
      const tag = element.tagName.toLowerCase();
      const fill = parse(style.fill);
      const stroke = style.stroke !== "none" && Number.parseFloat(style.strokeWidth) > 0 ? parse(style.stroke) : null;
      if (tag === "text") {
        if (!element.textContent.trim() || !fill) continue;
        const seen = over({...fill, a: fill.a * opacity(element, "fill")}, bg);
        report.texts += 1;
        const ratio = contrast(seen, bg);
        if (ratio < 4.5) report.problems.push(`text "${element.textContent.trim()}" ${hex(seen)} on ${hex(bg)}: contrast ${ratio.toFixed(2)} < 4.5`);
        continue;
      }
      const rect = element.getBoundingClientRect();
      const backdrop = rect.width >= 0.8 * box.width && rect.height >= 0.8 * box.height;
      if (fill && fill.a * opacity(element, "fill") > 0.5 && backdrop) {
        const seen = over({...fill, a: fill.a * opacity(element, "fill")}, bg);
        if (contrast(seen, bg) > 1.25) report.problems.push(`a ${hex(seen)} box covers the chart on a ${hex(bg)} page`);
        continue;
      }
      for (const [paint, kind] of [[stroke, "stroke"], [fill, "fill"]]) {
        if (!paint) continue;
        // Faint strokes and fills are grid lines and shading; translucent markers show density,
        // so a mark is judged by its colour, which must stand out from the page on its own.
        if (paint.a * opacity(element, kind) < 0.3) continue;
        const colour = {...paint, a: 1};
        report.marks += 1;
        const ratio = contrast(colour, bg);
        if (ratio < 3) report.problems.push(`${tag} ${kind} ${hex(colour)} on ${hex(bg)}: contrast ${ratio.toFixed(2)} < 3`);
      }
    }
    report.problems = [...new Set(report.problems)];
    if (report.width < 100 || report.height < 50) report.problems.push(`drawn ${report.width}x${report.height} px`);
    if (report.role !== "img") report.problems.push(`role is ${report.role}, not img`);
    if (!report.name) report.problems.push("no accessible name (title)");
    if (!report.description) report.problems.push("no description (desc)");
    if (!report.texts) report.problems.push("no text: axes and labels should stay text");
    if (!report.marks) report.problems.push("nothing drawn in a visible colour");
    return report;
  });
}"""

#: Math: every arithmatex element typeset by KaTeX, and no TeX left raw in the text.
MATH_REPORT = r"""() => {
  const containers = [...document.querySelectorAll(".arithmatex")];
  const raw = [];
  const root = document.querySelector("article") || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest("pre, code, script, style, svg, textarea, .katex, .katex-display")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    const found = text.match(/\\\(|\\\)|\\\[|\\\]|\$|\\(?:frac|sum|partial|cdot|times|mathrm|text)\b/);
    if (found) raw.push(text.slice(Math.max(0, found.index - 30), found.index + 30).trim());
  }
  return {
    containers: containers.length,
    typeset: containers.filter(e => e.querySelector(".katex")).length,
    errors: [...document.querySelectorAll(".katex-error")].map(e => e.textContent.slice(0, 80)),
    raw,
  };
}"""

#: axe-core on the elements ``scope`` selects (the whole page when it is null) with the rules
#: ``only`` names (every rule that is on by default when it is null): the violations, and the ids of
#: the rules that ran.
AXE_RUN = """async ({scope, only}) => {
  const options = {resultTypes: ["violations"]};
  if (only) options.runOnly = {type: "rule", values: only};
  const result = await axe.run(scope ? {include: [...document.querySelectorAll(scope)]} : document, options);
  return {
    ran: [...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable].map(r => r.id),
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => `${n.target.join(" ")}: ${n.failureSummary.replace(/\\s+/g, " ").slice(0, 300)}`),
    })),
  };
}"""

#: Of the rule ids given, those that judge colours (axe tags them ``cat.color``).
COLOUR_RULES = """(ran) => {
  const colour = new Set(axe.getRules(["cat.color"]).map(r => r.ruleId));
  return ran.filter(id => colour.has(id));
}"""


@dataclass
class PaletteView:
    """What one page showed in one palette."""

    scheme: str
    background: str
    charts: list[dict[str, Any]]
    math: dict[str, Any]
    axe: list[dict[str, Any]]
    axe_rules: list[str]


@dataclass
class Visit:
    """One page opened at one width, looked at in both palettes."""

    page: str
    width: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    toggle_problems: list[str] = field(default_factory=list)
    views: dict[str, PaletteView] = field(default_factory=dict)
    #: On a phone, each chart's smallest text in CSS px (``benchmarks/chart_text.py``'s measure,
    #: taken last: it opens every folded block and shows every tab).
    chart_text: list[dict[str, Any]] = field(default_factory=list)


#: Resolves after two frames: work a script put off to the next frame has then been done.
TWO_FRAMES = """() => new Promise(done =>
    requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""


def settle(page: Any) -> None:
    """Wait for fonts, for the scripts' work, and for every CSS transition to end."""
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_function(TRANSITIONS_DONE)
    page.evaluate(TWO_FRAMES)
    # docs/overrides/main.html checks which boxes scroll (and makes them focusable) a few per
    # task, over several tasks.
    page.wait_for_function("() => document.documentElement.dataset.nnScrollers === 'checked'")


def current_scheme(page: Any) -> str:
    return str(page.evaluate("() => document.body.getAttribute('data-md-color-scheme')"))


def run_axe(
    page: Any, axe_source: str, scope: str | None = None, only: list[str] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """axe-core's violations on the page as shown now, and the ids of the rules that ran.

    ``scope`` is a CSS selector for the elements to check (the whole page if ``None``); ``only``
    names the rules to run (every rule on by default if ``None``).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    result = page.evaluate(AXE_RUN, {"scope": scope, "only": only})
    return result["violations"], result["ran"]


def look(page: Any, axe_source: str, first: PaletteView | None = None) -> PaletteView:
    """Measure the page as it is shown now.

    ``first`` is what was seen of the same page in the other palette: axe then runs only the
    rules that judge colours on the whole page (the palette changes colours; the page's elements
    are the same), and every rule on the header, where the palette toggle shows its other label.
    """
    settle(page)
    if first is None:
        violations, ran = run_axe(page, axe_source)
    else:
        colour = page.evaluate(COLOUR_RULES, first.axe_rules)
        assert colour, f"none of the rules that ran judge colours: {first.axe_rules}"
        violations, ran = run_axe(page, axe_source, only=colour)
        structure = [rule for rule in first.axe_rules if rule not in colour]
        header, header_ran = run_axe(page, axe_source, scope="header", only=structure)
        violations += header
        ran = sorted({*ran, *header_ran})
    return PaletteView(
        scheme=current_scheme(page),
        background=page.evaluate("() => getComputedStyle(document.body).backgroundColor"),
        charts=page.evaluate(CHART_REPORT),
        math=page.evaluate(MATH_REPORT),
        axe=violations,
        axe_rules=ran,
    )


def toggle_palette(page: Any) -> None:
    """Click the palette toggle that is showing, as a reader would."""
    page.locator("form[data-md-component='palette'] label:not([hidden])").first.click()


#: axe judges colours by what is painted (what is at each point of the screen). Content a page
#: paints only when it comes near the screen (``content-visibility: auto``: the notebook's cells)
#: is painted for it, as it is for the reader who scrolls to it; measured unpainted, a far
#: cell's text is judged against whatever lies at its place.
PAINT_EVERYTHING = "* { content-visibility: visible !important; }"


def visit(page: Any, url: str, name: str, width: str, axe_source: str) -> Visit:
    """Open ``url`` and look at it in both palettes, switching with the toggle."""
    record = Visit(page=name, width=width)
    host = urlsplit(url).netloc

    def on_console(message: Any) -> None:
        if message.type == "error":
            record.console_errors.append(message.text)

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
            record.foreign_requests.append(request.url)

    def on_page_error(error: Any) -> None:
        record.console_errors.append(f"uncaught: {error}")

    page.on("console", on_console)
    page.on("request", on_request)
    page.on("pageerror", on_page_error)
    try:
        response = page.goto(url, wait_until="load")
        record.status = response.status if response else None
        page.add_style_tag(content=PAINT_EVERYTHING)
        first = look(page, axe_source)
        record.views[first.scheme] = first
        toggle_palette(page)
        second = look(page, axe_source, first)
        record.views[second.scheme] = second
        if second.scheme == first.scheme:
            record.toggle_problems.append(f"the toggle left the palette at {first.scheme!r}")
        elif second.background == first.background:
            record.toggle_problems.append(
                f"the background stayed {first.background} in both palettes"
            )
        if set(record.views) != set(PALETTES):
            record.toggle_problems.append(
                f"palettes seen: {sorted(record.views)}, expected {list(PALETTES)}"
            )
        if width == "phone":
            record.chart_text = page.evaluate(CHART_TEXT.MEASURE)
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("request", on_request)
        page.remove_listener("pageerror", on_page_error)
    return record


@pytest.fixture(scope="session")
def site_visits(browser: Any, site_url: str, site_pages: list[str]) -> list[Visit]:
    """Every page at every width, in both palettes: the records the browser tests assert on."""
    axe_source = AXE.read_text(encoding="utf-8")
    visits = []
    for width, options in VIEWPORTS.items():
        context = browser.new_context(**options, color_scheme="light", service_workers="block")
        try:
            page = context.new_page()
            for name in site_pages:
                visits.append(visit(page, site_url + name, name, width, axe_source))
        finally:
            context.close()
    return visits


# --- the report at the end of the run -------------------------------------------------------------

_axe_table: list[tuple[str, str, str, int]] = []


@pytest.fixture(scope="session")
def axe_report(site_visits: list[Visit]) -> list[tuple[str, str, str, int]]:
    """(page, width, palette, violations) for every visit; also printed after the run."""
    _axe_table.clear()
    for record in site_visits:
        for scheme, view in sorted(record.views.items()):
            _axe_table.append((record.page or "(home)", record.width, scheme, len(view.axe)))
    return _axe_table


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _axe_table:
        return
    terminalreporter.section("axe-core violations per page, width and palette")
    pages = sorted({row[0] for row in _axe_table}, key=lambda p: (p != "(home)", p))
    columns = [(w, s) for w in VIEWPORTS for s in PALETTES]
    counts = {(p, w, s): n for p, w, s, n in _axe_table}
    header = f"{'page':<28}" + "".join(f"{w + '/' + s:>16}" for w, s in columns)
    terminalreporter.write_line(header)
    for name in pages:
        cells = "".join(f"{counts.get((name, w, s), '-')!s:>16}" for w, s in columns)
        terminalreporter.write_line(f"{name:<28}{cells}")
