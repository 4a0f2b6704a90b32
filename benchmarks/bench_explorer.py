"""How fast the explorer trains in Chromium, and whether its animation keeps the page responsive.

Serves docs/ (or a built site) on 127.0.0.1, opens it in Chromium through Playwright and prints
medians:

- ``trainModel``: the article's 70000 epochs from w = b = 0.5, alpha = 0.0005, as the package's
  reference run (the original takes about 40 ms on node on this machine);
- ``Run`` with the path recorded, in chunks of 2000 epochs, as the page runs it;
- with ``--site DIR`` (a built site), the explorer page itself: a 70000-epoch run with its
  animation, the gaps between animation frames and the number of long (> 50 ms) tasks.

Usage::

    .venv/bin/python benchmarks/bench_explorer.py [--repeat 21] [--site /tmp/site-1234]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]

TIMINGS = """async (repeat) => {
  const e = await import("/javascripts/explorer.js");
  const [xTrain, yTrain] = e.generateDataSets();
  const train = [], run = [];
  for (let i = 0; i < repeat; i += 1) {
    const model = new e.NanoNeuron(0.5, 0.5);
    let t = performance.now();
    e.trainModel({ model, epochs: 70000, alpha: 0.0005, xTrain, yTrain });
    train.push(performance.now() - t);
    t = performance.now();
    const r = new e.Run({ w: 0.5, b: 0.5, epochs: 70000, alpha: 0.0005, xTrain, yTrain });
    while (!r.advance(2000));
    run.push(performance.now() - t);
  }
  return { train, run };
}"""

PAGE_RUN = """async () => {
  const longTasks = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)))
    .observe({ type: "longtask" });
  const root = document.querySelector("[data-nn-explorer]");
  const gaps = [];
  let last = performance.now();
  let running = true;
  const tick = (now) => { gaps.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const start = performance.now();
  root.querySelector('[data-nn="train"]').click();
  while (root.dataset.state !== "done") await new Promise((r) => setTimeout(r, 20));
  running = false;
  return { seconds: (performance.now() - start) / 1000, gaps, longTasks };
}"""


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=21, help="runs per measurement")
    parser.add_argument("--site", type=Path, help="a built site, to measure the page too")
    args = parser.parse_args()
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

    server = serve(args.site or ROOT / "docs")
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        page = browser.new_page()
        page.goto(f"{url}/javascripts/explorer.js")
        result = page.evaluate(TIMINGS, args.repeat)
        print(f"Chromium {browser.version}, {args.repeat} runs each, 70000 epochs:")
        for name, label in (
            ("train", "trainModel"),
            ("run", "Run, path recorded, 2000-epoch chunks"),
        ):
            times = result[name]
            print(
                f"  {label:40} median {statistics.median(times):6.1f} ms  (min {min(times):.1f}, max {max(times):.1f})"
            )
        if args.site:
            page.goto(f"{url}/explorer/?epochs=70000")
            page.wait_for_selector("[data-nn-explorer]:not([hidden])")
            page.wait_for_timeout(300)
            run = page.evaluate(PAGE_RUN)
            gaps = run["gaps"][1:]
            print("explorer page, one animated 70000-epoch run:")
            print(f"  duration {run['seconds']:.2f} s, {len(gaps)} frames")
            print(f"  frame gap median {statistics.median(gaps):.1f} ms, max {max(gaps):.1f} ms")
            print(f"  long tasks (> 50 ms): {len(run['longTasks'])}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
