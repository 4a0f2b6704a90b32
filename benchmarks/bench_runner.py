"""What running the article's code in the browser costs: bytes, waiting time, and speed.

Serves a built site on 127.0.0.1 (with ``Cache-Control: max-age=600``, as GitHub Pages sends),
opens it in Chromium through Playwright and prints:

- the requests and bytes the first Run fetches (Pyodide, the package's source, the worker), as
  this server sends them (uncompressed) and gzipped (as a server that compresses would send them);
- the time from pressing Run on a short block to its output, with a cold HTTP cache (a fresh
  browser profile) and a warm one (the same profile, a new tab);
- the article's 70000-epoch run (the block ``together-run``) in the browser, Python already
  loaded, next to the same block in CPython on this machine.

Usage::

    .venv/bin/python benchmarks/bench_runner.py [--site /tmp/site] [--repeat 3]

Without ``--site`` it builds the site into a temporary directory first.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402

SETTLED = """(id) => !["idle", "loading", "running"].includes(
    document.querySelector(`details[data-nn-runner="${id}"]`).dataset.nnState)"""


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Cache-Control", "max-age=600")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def press_run(page: Any, block: str) -> float:
    """Open the block's runner, press Run, wait for its output; seconds from press to output."""
    box = page.locator(f'details[data-nn-runner="{block}"]')
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    start = time.perf_counter()
    box.locator("[data-nn-action=run]").click()
    page.wait_for_function(SETTLED, arg=block, timeout=600_000)
    elapsed = time.perf_counter() - start
    state = box.get_attribute("data-nn-state")
    if state != "done":
        raise SystemExit(f"{block} ended in state {state}")
    return elapsed


def first_run(browser: Any, url: str, site: Path) -> tuple[float, list[tuple[str, int]]]:
    """A fresh profile: seconds to the first output, and (path, bytes) of what Run fetched."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(url + "conversion/", wait_until="networkidle")  # the page's own requests
        fetched: list[str] = []
        page.on("requestfinished", lambda request: fetched.append(request.url))
        seconds = press_run(page, "conversion-examples")
        files = []
        for address in fetched:
            path = address[len(url) :].split("?")[0]
            files.append((path, (site / path).stat().st_size))
        return seconds, files
    finally:
        context.close()


def warm_runs(browser: Any, url: str, repeat: int) -> list[float]:
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(url + "conversion/", wait_until="load")
        press_run(page, "conversion-examples")  # fills the HTTP cache
        page.close()
        times = []
        for _ in range(repeat):
            page = context.new_page()
            page.goto(url + "conversion/", wait_until="load")
            times.append(press_run(page, "conversion-examples"))
            page.close()
        return times
    finally:
        context.close()


def article_run_in_browser(browser: Any, url: str, repeat: int) -> tuple[list[float], str]:
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(url + "together/", wait_until="load")
        press_run(page, "together-run")  # loads Python
        times = []
        for _ in range(repeat):
            press_run(page, "together-run")
            message = page.locator('details[data-nn-runner="together-run"] .nn-run-message')
            # The runner's own clock ("Ran in 2.41 s."), without the browser's round trips.
            text = message.text_content() or ""
            times.append(float(text.split("Ran in ")[1].split(" s")[0]))
        code = page.locator('details[data-nn-runner="together-run"]').get_attribute("data-nn-code")
        return times, code or ""
    finally:
        context.close()


def article_run_in_cpython(code: str, repeat: int) -> list[float]:
    spec = importlib.util.spec_from_file_location(
        "runner_session", ROOT / "docs" / "hooks" / "runner_session.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    times = []
    for index in range(repeat):
        start = time.perf_counter()
        _, error = module.run_block(code, f"bench-{index}", "together-run")
        times.append(time.perf_counter() - start)
        if error:
            raise SystemExit(error)
    return times


def build(destination: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(destination)],
        cwd=ROOT,
        check=True,
        env={"NO_MKDOCS_2_WARNING": "1", **os.environ},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        site = args.site
        if site is None:
            site = Path(temporary) / "site"
            build(site)
        server = serve(site)
        url = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            try:
                cold, files = first_run(browser, url, site)
                warm = warm_runs(browser, url, args.repeat)
                in_browser, code = article_run_in_browser(browser, url, args.repeat)
            finally:
                browser.close()
        server.shutdown()
        in_cpython = article_run_in_cpython(code, args.repeat)

        total = sum(size for _, size in files)
        gzipped = sum(len(gzip.compress((site / path).read_bytes(), 6)) for path, _ in files)
        print(
            f"First Run fetches {len(files)} files, {total / 1e6:.2f} MB as sent here, {gzipped / 1e6:.2f} MB gzipped:"
        )
        for path, size in sorted(files, key=lambda item: -item[1]):
            print(f"  {size:>10,d}  {path}")
        print(f"Time to first output, cold HTTP cache: {cold:.2f} s")
        print(
            f"Time to first output, warm HTTP cache: {statistics.median(warm):.2f} s (median of {len(warm)})"
        )
        print(
            f"The article's 70000-epoch run (together-run): browser {statistics.median(in_browser):.2f} s,"
            f" CPython {statistics.median(in_cpython):.2f} s"
            f" (medians of {args.repeat}; Python {sys.version.split()[0]})"
        )
        print(f"Load average of this machine meanwhile: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
