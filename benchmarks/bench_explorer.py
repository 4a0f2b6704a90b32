"""How fast the explorer trains in Chromium, and whether its animation keeps the page responsive.

Serves docs/ (or a built site) on 127.0.0.1, opens it in Chromium through Playwright and prints
medians:

- ``trainModel``: the article's 70000 epochs from w = b = 0.5, alpha = 0.0005, as the package's
  reference run (the original takes about 40 ms on node on this machine);
- ``Run`` with the path recorded, in chunks of 2000 epochs, as the page runs it;
- ``parseSettings`` of a link whose ``alpha`` is 60 KB long (refused for its length);
- with ``--site DIR`` (a built site), the explorer page itself: when it is ready (its first
  state set) after the navigation, and the time its widget takes to start (read the link,
  draw the charts), for a plain link and for that 60 KB link; then a
  70000-epoch run with its animation, the gaps between animation frames and the number of
  long (> 50 ms) tasks.

Usage::

    .venv/bin/python benchmarks/bench_explorer.py [--repeat 21] [--site /tmp/site-1234]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
#: The tests' Chromium flags: no network but 127.0.0.1.
FLAGS = json.loads((ROOT / "tests" / "chromium.json").read_text(encoding="utf-8"))["flags"]

TIMINGS = """async (repeat) => {
  const e = await import("/javascripts/explorer/neuron.js");
  const s = await import("/javascripts/explorer/settings.js");
  const [xTrain, yTrain] = e.generateDataSets();
  const train = [], run = [], parse = [];
  const longLink = "?alpha=" + "1".repeat(60000) + "x";
  for (let i = 0; i < repeat; i += 1) {
    const model = new e.NanoNeuron(0.5, 0.5);
    let t = performance.now();
    e.trainModel({ model, epochs: 70000, alpha: 0.0005, xTrain, yTrain });
    train.push(performance.now() - t);
    t = performance.now();
    const r = new e.Run({ w: 0.5, b: 0.5, epochs: 70000, alpha: 0.0005, xTrain, yTrain });
    while (!r.advance(2000));
    run.push(performance.now() - t);
    t = performance.now();
    s.parseSettings(longLink);
    parse.push(performance.now() - t);
  }
  return { train, run, parse };
}"""

#: Records when the explorer first sets its state (ready, or training for a link with settings).
READY = """window.nnReadyAt = null;
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-nn-explorer][data-state]")) {
    window.nnReadyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });"""

#: When the explorer was ready, and how long its widget takes to start on this page's address
#: (measured by starting a second one on the same element, at the address the page opened
#: with: the first one replaced it with its settings' link).
STARTED = """(query) => {
  const root = document.querySelector("[data-nn-explorer]");
  history.replaceState(null, "", location.pathname + query);
  const t = performance.now();
  new root.explorer.constructor(root);
  return [window.nnReadyAt, performance.now() - t];
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
        page.goto(f"{url}/javascripts/explorer/neuron.js")
        result = page.evaluate(TIMINGS, args.repeat)
        print(f"Chromium {browser.version}, {args.repeat} runs each, 70000 epochs:")
        for name, label in (
            ("train", "trainModel"),
            ("run", "Run, path recorded, 2000-epoch chunks"),
            ("parse", "parseSettings, 60 KB alpha"),
        ):
            times = result[name]
            print(
                f"  {label:40} median {statistics.median(times):6.1f} ms  (min {min(times):.1f}, max {max(times):.1f})"
            )
        if args.site:
            print("explorer page, ready (its first state set), median ms:")
            print(f"  {'link':20} {'after navigation':>18} {'widget start':>14}")
            for label, query in (
                ("plain", "?epochs=5"),
                ("60 KB alpha", f"?epochs=5&alpha={'1' * 60000}x"),
            ):
                ready, setup = [], []
                for _ in range(args.repeat):
                    context = browser.new_context(reduced_motion="reduce")
                    timed = context.new_page()
                    timed.add_init_script(READY)
                    timed.goto(f"{url}/explorer/{query}")
                    timed.wait_for_function("() => window.nnReadyAt !== null")
                    at, start = timed.evaluate(STARTED, query)
                    ready.append(at)
                    setup.append(start)
                    context.close()
                print(
                    f"  {label:20} {statistics.median(ready):18.1f} {statistics.median(setup):14.1f}"
                )
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
