"""The smallest chart text a phone shows: every page of a built site at 390 px wide, in Chromium.

The charts are inline SVG scaled to the column, so a text's rendered size is its font size times
the scale from the SVG's viewBox to the screen. For every ``svg.nn-chart`` of every page (hidden
tabs shown and folded blocks opened first, so every chart is measured at the width it has when
the reader opens it), this prints the smallest rendered text per page and the chart it is in.

Usage::

    .venv/bin/python benchmarks/chart_text.py SITE_DIR [--width 390]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: The phone width the issue names (an iPhone 12 to 15 held upright).
PHONE_WIDTH = 390
#: The smallest chart text a phone may show there, in CSS px (the browser and unit tests use it).
SMALLEST_TEXT = 11.0

#: Shows every chart (tabs and folded blocks), then returns, per chart, its smallest text in
#: CSS pixels: font size times the text's own screen scale (rotation-free, so rotated axis labels
#: count too).
MEASURE = """() => {
  const style = document.createElement("style");
  style.textContent = ".tabbed-block { display: block !important; }";
  document.head.append(style);
  for (const details of document.querySelectorAll("details")) details.open = true;
  return [...document.querySelectorAll("svg.nn-chart")].map((svg) => {
    let smallest = Infinity, text = "";
    for (const element of svg.querySelectorAll("text")) {
      const words = element.textContent.trim();
      const matrix = element.getScreenCTM();
      if (!words || !matrix) continue;
      const size = parseFloat(getComputedStyle(element).fontSize) * Math.hypot(matrix.a, matrix.b);
      if (size < smallest) { smallest = size; text = words; }
    }
    return {
      chart: (svg.getAttribute("aria-labelledby") || "").split(" ")[0].replace(/-title$/, ""),
      width: svg.getBoundingClientRect().width,
      smallest,
      text,
    };
  });
}"""

#: The tests' Chromium flags: no network but 127.0.0.1.
FLAGS = json.loads(
    (Path(__file__).resolve().parents[1] / "tests" / "chromium.json").read_text(encoding="utf-8")
)["flags"]


def site_pages(site: Path) -> list[str]:
    """Every page of the sitemap, as a path below the site's root."""
    locs = [
        (loc.text or "").strip()
        for loc in ET.parse(site / "sitemap.xml").iter()
        if loc.tag.endswith("}loc")
    ]
    paths = [urlsplit(loc).path for loc in locs]
    prefix = min(paths, key=len) if paths else "/"
    return sorted(path[len(prefix) :] for path in paths)


def measure_page(page: Any, url: str) -> list[dict[str, Any]]:
    """The charts of the page at ``url``: ``[{chart, width, smallest, text}, ...]``."""
    page.goto(url, wait_until="load")
    result: list[dict[str, Any]] = page.evaluate(MEASURE)
    return result


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port (at its root)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build -d DIR)")
    parser.add_argument("--width", type=int, default=PHONE_WIDTH, help="viewport width in px")
    args = parser.parse_args()
    if not (args.site / "sitemap.xml").is_file():
        parser.error(f"{args.site} is not a built site (no sitemap.xml)")
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with serve(args.site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        context = browser.new_context(
            viewport={"width": args.width, "height": 800}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        print(f"smallest chart text at {args.width} px (CSS px), per page with charts")
        overall = []
        for path in site_pages(args.site):
            charts = measure_page(page, root + path)
            if not charts:
                continue
            worst = min(charts, key=lambda chart: chart["smallest"])
            overall.append(worst["smallest"])
            print(
                f"{worst['smallest']:6.2f} px  {path or '(home)':<28} {len(charts):2} charts;"
                f" smallest in {worst['chart']} ({worst['width']:.0f} px wide): {worst['text']!r}"
            )
        browser.close()
    if overall:
        print(f"{min(overall):6.2f} px  smallest on the site")


if __name__ == "__main__":
    main()
