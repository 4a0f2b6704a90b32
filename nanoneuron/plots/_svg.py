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
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter

#: Placeholder for text, axes and ticks; becomes ``currentColor``.
INK = "#010101"
#: Placeholder for the faint grid; becomes ``currentColor`` at low opacity.
GRID = "#020202"
#: Placeholders for data series, in order; each becomes ``var(--nn-series-N, fallback)``.
SERIES = ("#030303", "#040404", "#050505", "#060606", "#070707")
#: Fallback colours (readable on white and on Material's slate) when the CSS variables are unset.
SERIES_FALLBACK = ("#2f6fde", "#e8590c", "#2b8a3e", "#ae3ec9", "#868e96")
#: Line styles of the first four series, in order, so that lines differ without their colours.
LINESTYLES = ("-", "--", ":", "-.")
#: How many points a curve is drawn with.
CURVE_POINTS = 241

#: Font size of every chart text, in the SVG's units (1/72 inch). Charts are drawn for a phone
#: first: a chart :data:`WIDTH` wide shrinks to a phone's column (326 to 358 px at 390 px: the
#: notebook's output area, a box, a chapter), where its text must stay at 11 px or more;
#: FONT_SIZE * 326 / (72 * WIDTH) is 11.09.
FONT_SIZE = 12
#: Width of every chart, in inches; multi-panel figures stack their panels instead of widening.
WIDTH = 4.9
#: On a wide screen a chart grows to this many px per SVG unit, no further: its text then
#: matches the page's body text (16 px).
MAX_SCALE = 16 / FONT_SIZE

_STYLE: Any = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
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
def figure(width: float = WIDTH, height: float = 3.6) -> Iterator[Figure]:
    """A new figure in the house style, for the block to draw on.

    Every chart has the house width, so its text keeps one size on a page; a figure of
    several panels stacks them (``fig.subplots(n, 1)``) and grows in height.
    """
    # A Figure of its own, not pyplot's: no backend is chosen or switched (the reader's
    # notebook keeps its own), and no figure is left registered anywhere to be closed.
    with matplotlib.rc_context(_STYLE):
        yield Figure(figsize=(width, height), layout="constrained")


class PlainLogFormatter(Formatter):
    """Log-axis tick labels as plain text (``100``, ``1e5``), on the ticks ``inner`` labels.

    matplotlib writes ``10^5`` with a superscript at 70 % of the font size, too small on a
    phone; this keeps matplotlib's choice of which ticks get a label and only rewrites it.
    """

    def __init__(self, inner: Formatter) -> None:
        self.inner = inner

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        self.inner.set_locs(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        if not self.inner(x, pos):
            return ""
        if x == 0 or 1e-3 <= abs(x) < 1e5:
            return f"{x:g}"
        mantissa, exponent = f"{x:.0e}".split("e")
        return f"{mantissa}e{int(exponent)}"


def _plain_log_labels(fig: Figure) -> None:
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "log":
                axis.set_major_formatter(PlainLogFormatter(axis.get_major_formatter()))
                axis.set_minor_formatter(PlainLogFormatter(axis.get_minor_formatter()))


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
        TypeError: If ``name``, ``title`` or ``description`` is not a string.
        ValueError: If ``name`` is not a valid identifier.
    """
    for argument, text in (("name", name), ("title", title), ("description", description)):
        if not isinstance(text, str):
            raise TypeError(f"{argument} must be a string, got {type(text).__name__}")
    if not re.fullmatch(r"[A-Za-z][\w-]*", name):
        raise ValueError(
            f"name must be letters, digits, '_' or '-', starting with a letter; got {name!r}"
        )
    _plain_log_labels(fig)
    buffer = io.StringIO()
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": name}):
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
    # Drop matplotlib's fixed size so the chart scales with the column (the viewBox keeps its shape),
    # up to the width at which its text is as large as the page's.
    width = fig.get_figwidth() * 72
    svg = re.sub(
        r'\swidth="[\d.]+pt" height="[\d.]+pt"',
        f' style="max-width: {width * MAX_SCALE:.0f}px"',
        svg,
        count=1,
    )
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
