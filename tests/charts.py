"""What the chart tests share: a chart's description, and the drawing calls behind a chart.

The charts are SVG text; what a reader is told is in the ``<desc>``, what is drawn comes from
matplotlib's ``Axes`` methods. Recording those calls (while still drawing) lets a test check
the numbers a chart draws without parsing its paths.
"""

from __future__ import annotations

import html
import re
from typing import Any, NamedTuple

import pytest
from matplotlib.axes import Axes


def description(chart: str) -> str:
    """The text of the chart's ``<desc>``, unescaped."""
    found = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S)
    assert found is not None, "the chart has no <desc>"
    return html.unescape(found.group(1))


class Drawn(NamedTuple):
    """One call of a drawing method: which, on which axes, with what."""

    method: str
    axes: Axes
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def record_drawing(monkeypatch: pytest.MonkeyPatch, *methods: str) -> list[Drawn]:
    """Record every call of the ``Axes`` methods named, in order, still drawing each."""
    calls: list[Drawn] = []
    for method in methods:
        original = getattr(Axes, method)

        def wrapper(
            self: Axes, *args: Any, _method: str = method, _draw: Any = original, **kwargs: Any
        ) -> Any:
            calls.append(Drawn(_method, self, args, kwargs))
            return _draw(self, *args, **kwargs)

        monkeypatch.setattr(Axes, method, wrapper)
    return calls


def calls_of(drawn: list[Drawn], method: str) -> list[Drawn]:
    """The recorded calls of ``method``, in order."""
    return [call for call in drawn if call.method == method]


def legend_texts(axes: Axes) -> list[str]:
    """The labels of the axes' legend, in order; fails when the axes have no legend."""
    legend = axes.get_legend()
    assert legend is not None, f"no legend on the axes titled {axes.get_title()!r}"
    return [text.get_text() for text in legend.get_texts()]
