"""No chart text below 11 px on a phone held upright (390 px), on any page of the built site.

The charts are inline SVG scaled to the column, so their text shrinks with the screen; the
measurement (benchmarks/chart_text.py, which prints the figures) takes each text's font size times
its own scale on screen, with every tab shown and every folded block opened.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
SMALLEST = 11.0


def load_measure() -> Any:
    spec = importlib.util.spec_from_file_location(
        "chart_text", ROOT / "benchmarks" / "chart_text.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_chart_text_is_below_11_px_on_a_phone(
    browser: Any, site_url: str, site_pages: list[str]
) -> None:
    chart_text = load_measure()
    context = browser.new_context(
        viewport={"width": chart_text.PHONE_WIDTH, "height": 800},
        is_mobile=True,
        has_touch=True,
        service_workers="block",
    )
    problems, charts = [], 0
    try:
        page = context.new_page()
        for name in site_pages:
            for chart in chart_text.measure_page(page, site_url + name):
                charts += 1
                if not chart["smallest"] >= SMALLEST:
                    problems.append(
                        f"{name or '(home)'} {chart['chart']} ({chart['width']:.0f} px wide):"
                        f" {chart['text']!r} at {chart['smallest']:.2f} px"
                    )
    finally:
        context.close()
    assert charts, "no chart found on any page: are the charts still svg.nn-chart?"
    assert not problems, "chart text below 11 px at 390 px:\n" + "\n".join(problems)
