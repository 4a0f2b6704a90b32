"""Time the faithful loop, the NumPy version and the closed form on the article's run.

Each produces the full cost history of 70000 epochs (alpha = 0.0005, start w = b = 0.5)
on the same data; the script prints each one's median processor time (``time.thread_time``:
what the run cost, whatever else the machine was doing), how many times faster it is
than the loop, and the last cost each produced, so the speed is seen to buy nothing
different.

Run it with ``.venv/bin/python benchmarks/bench_training.py`` (a few seconds on an idle machine);
``--help`` lists the options. The measuring itself is :func:`nanoneuron.timing.benchmark`,
which the chapter "Vectorization and beyond" also calls when the site is built.
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence

import numpy as np

from nanoneuron.timing import TRAINERS, benchmark, benchmark_table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--epochs", type=int, default=70000, help="epochs per run (default: %(default)s)"
    )
    parser.add_argument(
        "--loop", type=int, default=5, help="runs of the faithful loop (default: %(default)s)"
    )
    parser.add_argument(
        "--numpy", type=int, default=10, help="runs of the NumPy version (default: %(default)s)"
    )
    parser.add_argument(
        "--closed", type=int, default=500, help="runs of the closed form (default: %(default)s)"
    )
    options = parser.parse_args(argv)
    names = list(TRAINERS)
    repeats = dict(zip(names, (options.loop, options.numpy, options.closed), strict=True))
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()};"
        f" {options.epochs} epochs, alpha = 0.0005, start w = b = 0.5"
    )
    timings = benchmark(epochs=options.epochs, repeats=repeats)
    print(benchmark_table(timings))
    print()
    for timing in timings:
        print(
            f"{timing.name:>22}: last cost {timing.final_cost:.12g}, w = {timing.w:.12g}, b = {timing.b:.12g}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
