"""Turn a matplotlib figure into inline SVG that follows the page's light or dark palette.

matplotlib writes fixed colours; a chart inlined in a page must instead follow the
reader's palette. Charts are drawn with a few placeholder colours (:data:`INK`,
:data:`SERIES`), and :func:`to_svg` swaps each for a CSS expression: the ink becomes
``currentColor`` and each series colour a CSS variable with a fallback, which the
site's stylesheet sets per palette. Text stays text (``svg.fonttype = "none"``), ids
and metadata are fixed, so the same chart always gives the same bytes.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.figure import Figure

#: Placeholder for text, axes and ticks; becomes ``currentColor``.
INK = "#010101"
#: Placeholder for the faint grid; becomes ``currentColor`` at low opacity.
GRID = "#020202"
#: Placeholders for data series, in order; each becomes ``var(--nn-series-N, fallback)``.
SERIES = ("#030303", "#040404", "#050505", "#060606", "#070707")
#: Fallback colours (readable on white and on Material's slate) when the CSS variables are unset.
SERIES_FALLBACK = ("#2f6fde", "#e8590c", "#2b8a3e", "#ae3ec9", "#868e96")

_STYLE: Any = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 11,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(SERIES)),
    "legend.frameon": False,
    "lines.linewidth": 2.0,
}


class Chart(str):
    """SVG markup of a chart: a ``str`` (print it into a page) that notebooks display as a picture."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


@contextmanager
def figure(width: float = 6.4, height: float = 3.6) -> Iterator[Figure]:
    """A new figure in the house style, closed when the block ends."""
    with plt.rc_context(_STYLE):
        fig = plt.figure(figsize=(width, height), layout="constrained")
        try:
            yield fig
        finally:
            plt.close(fig)


def to_svg(fig: Figure, name: str, title: str, description: str) -> Chart:
    """Render ``fig`` as inline SVG markup with an accessible name and description.

    Args:
        fig: The figure, drawn with the placeholder colours.
        name: A short identifier (letters, digits, ``-``), unique on the page: it seeds
            the SVG's internal ids and names its ``<title>`` and ``<desc>``.
        title: The chart's accessible name.
        description: What the chart shows, for readers who can't see it.

    Returns:
        An ``<svg>`` element (no XML prolog), ready to be written into HTML.

    Raises:
        ValueError: If ``name`` is not a valid identifier.
    """
    if not re.fullmatch(r"[A-Za-z][\w-]*", name):
        raise ValueError(
            f"name must be letters, digits, '_' or '-', starting with a letter; got {name!r}"
        )
    buffer = io.StringIO()
    with plt.rc_context({**_STYLE, "svg.hashsalt": name}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _recolour(_compact(svg))
    title_id, desc_id = f"{name}-title", f"{name}-desc"
    svg = svg.replace(
        "<svg ",
        f'<svg class="nn-chart" role="img" aria-labelledby="{title_id} {desc_id}" ',
        1,
    )
    opening_end = svg.index(">") + 1
    accessible = (
        f'<title id="{title_id}">{html.escape(title)}</title>'
        f'<desc id="{desc_id}">{html.escape(description)}</desc>'
    )
    svg = svg[:opening_end] + accessible + svg[opening_end:]
    # Drop matplotlib's fixed size so the chart scales with the column (the viewBox keeps its shape).
    svg = re.sub(r'\swidth="[\d.]+pt" height="[\d.]+pt"', "", svg, count=1)
    return Chart(svg.strip() + "\n")


def _compact(svg: str) -> str:
    # Inline SVG shares the page's id space and stylesheet: drop matplotlib's <metadata>,
    # its global `*{...}` style rule and the unreferenced ids of its groups ("figure_1", ...),
    # which would repeat across the charts of one page.
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r'<style type="text/css">.*?</style>', "", svg, flags=re.DOTALL)
    svg = re.sub(r'<g id="[^"]*"', "<g", svg)
    svg = re.sub(r"<defs>\s*</defs>", "", svg)
    svg = re.sub(r"\s*\n\s*", " ", svg)
    return re.sub(r">\s+<", "><", svg)


def _recolour(svg: str) -> str:
    svg = svg.replace(INK, "currentColor")
    svg = re.sub(rf"stroke:\s*{GRID}", "stroke: currentColor; stroke-opacity: 0.15", svg)
    for i, (placeholder, fallback) in enumerate(zip(SERIES, SERIES_FALLBACK, strict=True)):
        svg = svg.replace(placeholder, f"var(--nn-series-{i + 1}, {fallback})")
    return svg
