"""Charts of the chapter on noisy measurements, one function per chart."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nanoneuron._checks import check_items
from nanoneuron.beyond.noise import FitError
from nanoneuron.plots._svg import INK, SERIES, figure, to_svg

__all__ = ["error_by_size"]


def error_by_size(errors: Sequence[FitError], name: str = "chart-error-by-size") -> str:
    """How far the fitted ``w`` and ``b`` land from the truth, against the number of readings.

    Two panels on log-log axes, one for ``w`` and one for ``b``: the measured
    root-mean-square errors as dots, the errors theory predicts as a line.

    Args:
        errors: The result of :func:`~nanoneuron.beyond.noise.fit_errors`.
        name: The chart's identifier, unique on its page.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If ``errors`` is not a sequence of :class:`~nanoneuron.beyond.noise.FitError`.
        ValueError: If ``errors`` is empty.

    Examples:
        >>> from nanoneuron.beyond.noise import fit_errors
        >>> chart = error_by_size(fit_errors([10, 100], repeats=50))
        >>> chart.startswith("<svg") and "10 readings" in chart
        True
    """
    check_items("errors", errors, FitError)
    rows = sorted(errors, key=lambda e: e.size)
    sizes = np.array([e.size for e in rows], dtype=float)
    panels = (
        ("w", [e.w_error for e in rows], [e.w_expected for e in rows], SERIES[0]),
        ("b", [e.b_error for e in rows], [e.b_expected for e in rows], SERIES[1]),
    )
    with figure(height=6.0) as fig:
        axes = fig.subplots(2, 1, sharex=True)
        for ax, (label, measured, expected, colour) in zip(axes, panels, strict=True):
            ax.plot(sizes, expected, color=INK, linewidth=1.0, linestyle="--", label="theory")
            ax.scatter(sizes, measured, color=colour, s=22, zorder=3, label="measured")
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_ylabel(f"typical error of {label}")
            ax.set_title(f"error of {label}")
            ax.legend()
        axes[-1].set_xlabel("number of readings")
        first, last = rows[0], rows[-1]
        return to_svg(
            fig,
            name,
            "The error of w and b shrinks as the readings grow",
            f"Log-log charts of the root-mean-square error of the fitted w and b against the "
            f"number of readings, measured (dots) and predicted by theory (dashed line). With "
            f"{first.size} readings: w off by {first.w_error:.2g}, b by {first.b_error:.2g}; with "
            f"{last.size} readings: w off by {last.w_error:.2g}, b by {last.b_error:.2g}. Both "
            f"fall as one over the square root of the number of readings.",
        )
