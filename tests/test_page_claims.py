"""Sentences of the built pages that state a number's origin, checked against that origin."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from tests.conftest import REFERENCE_RUNS, printed_results


def test_the_run_page_prints_the_originals_numbers(built_site: Path) -> None:
    """run.md: "these are exactly the numbers the original JavaScript prints for the same run"."""
    page = (built_site / "run" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    run = REFERENCE_RUNS["zero-start-1000-epochs"]
    assert 'nanoneuron("--w", "0", "--b", "0", "--epochs", "1000", "--json")' in text
    [line] = [line for line in text.splitlines() if line.startswith('{"cost_before"')]
    assert json.loads(line) == printed_results(run)


def test_the_speed_chapter_sums_in_the_loops_order(built_site: Path) -> None:
    """vectorization.md: np.add.accumulate "gets the loop's number"; ``@`` "need not"."""
    page = (built_site / "beyond" / "vectorization" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    sums = {}
    for line in text.splitlines():
        for way in ("one after another, as the loop adds:", "np.add.accumulate(errors * x)[-1]:"):
            if line.startswith(way):
                sums[way] = float(line[len(way) :])
    assert len(sums) == 2, sums
    assert len(set(sums.values())) == 1, sums
