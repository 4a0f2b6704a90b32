"""How much of a phone's main thread each page takes as it loads, without Lighthouse's noise.

Opens each page of one or more built sites in Chromium (the browser tests' own:
``$CHROMIUM_PATH``, else Debian's; no network but 127.0.0.1) with the CPU slowed 4 times, as
Lighthouse's mobile preset simulates a phone, records a trace of the load and prints, per
page, the medians over ``--runs`` loads of:

- ``blocking``: the time of the main thread's tasks beyond their first 50 ms, after the first
  contentful paint, until 2.5 s after the load event: what Lighthouse calls total blocking time,
  here measured rather than simulated;
- ``restyle``: the time spent computing styles (every restyle of the load, summed);
- ``elements``: the elements the largest restyle went through.

With two sites, the last column is the second site's blocking time over the first's: the sites
are loaded in turn, page by page, so both see the same machine. Lighthouse
(``benchmarks/lighthouse.mjs``) gives the scores; this script shows where a change moved them.

Usage::

    .venv/bin/python benchmarks/page_load.py SITE_DIR [OTHER_SITE_DIR] [--runs 3] [--page api/]

SITE_DIR is a built site (``mkdocs build --strict -d SITE_DIR``), served under the path of its
``site_url`` as GitHub Pages serves it; the pages are those of its ``sitemap.xml``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The browser tests' server, browser and flags (no network but 127.0.0.1): one of each.
from tests.browser.conftest import SiteHandler, site_prefix, sitemap_locations  # noqa: E402
from tests.conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402

#: Lighthouse's mobile preset: a Moto G Power's screen, the CPU 4 times slower.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True}
SLOWDOWN = 4
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "loading"]


def serve(site: Path, prefix: str) -> http.server.ThreadingHTTPServer:
    """Serve ``site`` on 127.0.0.1 under ``prefix``, as the browser tests do, in a thread."""
    handler = type("Handler", (SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(browser: Any, url: str, trace: Path) -> tuple[float, float, int]:
    """Load ``url`` once: (blocking ms, restyle ms, elements of the largest restyle)."""
    context = browser.new_context(**PHONE, service_workers="block")
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        browser.start_tracing(page=page, path=str(trace), categories=CATEGORIES)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(2500)
        browser.stop_tracing()
    finally:
        context.close()
    events = json.loads(trace.read_text(encoding="utf-8"))["traceEvents"]
    paints = [e["ts"] for e in events if e.get("name") == "firstContentfulPaint"]
    first_paint = min(paints) if paints else 0
    blocking = sum(
        (e["dur"] - 50_000) / 1000
        for e in events
        if e.get("name") == "RunTask" and e.get("dur", 0) > 50_000 and e["ts"] >= first_paint
    )
    restyles = [e for e in events if e.get("name") == "UpdateLayoutTree" and "dur" in e]
    restyle = sum(e["dur"] for e in restyles) / 1000
    elements = max((e.get("args", {}).get("elementCount") or 0 for e in restyles), default=0)
    return blocking, restyle, elements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built sites (one or two)")
    parser.add_argument("--runs", type=int, default=3, help="loads of each page (default 3)")
    parser.add_argument("--page", action="append", help="a page below the home page, e.g. api/")
    args = parser.parse_args()
    if len(args.sites) > 2 or args.runs < 1:
        parser.error("give one or two sites, and --runs of at least 1")
    prefix = site_prefix(args.sites[0])
    pages = sorted(urlsplit(loc).path[len(prefix) :] for loc in sitemap_locations(args.sites[0]))
    pages = [page for page in pages if not args.page or page in args.page]
    servers = [serve(site.resolve(), prefix) for site in args.sites]
    results: dict[tuple[str, int], list[tuple[float, float, int]]] = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for page in pages:
                for _ in range(args.runs):
                    for index, server in enumerate(servers):
                        url = f"http://127.0.0.1:{server.server_address[1]}{prefix}{page}"
                        sample = measure(browser, url, Path(scratch) / "trace.json")
                        results.setdefault((page, index), []).append(sample)
        finally:
            browser.close()
    for server in servers:
        server.shutdown()
    print(f"CPU slowed {SLOWDOWN}x, medians of {args.runs} loads; times in ms")
    head = f"{'page':26}" + "".join(
        f"{'blocking':>10}{'restyle':>9}{'elements':>9}" for _ in args.sites
    )
    print(head + ("   ratio" if len(args.sites) == 2 else ""))
    for page in pages:
        row, medians = f"{page or '(home)':26}", []
        for index in range(len(args.sites)):
            samples = results[(page, index)]
            blocking = statistics.median(s[0] for s in samples)
            medians.append(blocking)
            restyle = statistics.median(s[1] for s in samples)
            elements = statistics.median(s[2] for s in samples)
            row += f"{blocking:>10.0f}{restyle:>9.0f}{elements:>9.0f}"
        if len(medians) == 2:
            row += f"{medians[1] / medians[0]:>8.2f}" if medians[0] else "     n/a"
        print(row)


if __name__ == "__main__":
    main()
