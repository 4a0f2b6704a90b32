"""Charts of the chapter on input normalization, one function per chart."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np

from nanoneuron._checks import check_mapping, check_positive, check_sequence
from nanoneuron.beyond.normalization import DescentPath
from nanoneuron.plots._descent import cost_contours, cost_to_target_chart, log_thin
from nanoneuron.plots._svg import INK, SERIES, figure, to_svg

__all__ = ["cost_to_target", "descent_contours", "log_thin"]

#: One panel of :func:`descent_contours`: training inputs, outputs, and the path taken.
Panel = tuple[Sequence[float], Sequence[float], DescentPath]


def _check_panels(panels: object) -> None:
    for label, panel in check_mapping("panels", panels, "(x, y, path)").items():
        if not (isinstance(panel, tuple) and len(panel) == 3 and isinstance(panel[2], DescentPath)):
            raise TypeError(f"panels[{label!r}] must be a tuple (x, y, DescentPath)")


def descent_contours(
    panels: Mapping[str, Panel],
    name: str = "chart-descent-contours",
    grid: int = 160,
    equal_axes: Collection[str] = (),
) -> str:
    """The cost surface as contour lines with the path of gradient descent over it, per panel.

    Each panel shows the average cost over a grid of ``w`` (across) and ``b`` (up), as
    contour lines at costs spaced evenly on a log scale, the path from the start (an open
    circle) and the bottom of the bowl (a cross).

    Args:
        panels: ``{label: (x_train, y_train, path)}``, drawn left to right.
        name: The chart's identifier, unique on its page.
        grid: Grid points along each axis.
        equal_axes: Labels of the panels to draw with the same scale on both axes, so that a
            round bowl looks round.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If ``panels`` is not a mapping of labels to ``(x, y, DescentPath)``.
        ValueError: If ``panels`` is empty.

    Examples:
        >>> from nanoneuron import NanoNeuron
        >>> from nanoneuron.beyond.normalization import descent_path
        >>> path = descent_path(NanoNeuron(0, 0), 20, 0.5, [-1, 1], [-1, 3])
        >>> "round bowl" in descent_contours({"round bowl": ([-1, 1], [-1, 3], path)})
        True
    """
    _check_panels(panels)
    described = []
    with figure(height=0.6 + 3.4 * len(panels)) as fig:
        axes = np.atleast_1d(fig.subplots(len(panels), 1))
        for ax, (label, (x, y, path)) in zip(axes, panels.items(), strict=True):
            ws, bs = np.asarray(path.w), np.asarray(path.b)
            w_end, b_end = ws[-1], bs[-1]
            cost_contours(
                ax,
                x,
                y,
                ws,
                bs,
                grid=grid,
                margin=0.65,
                lift=1.5,
                levels=12,
                linewidth=0.8,
                square=label in equal_axes,
            )
            index = log_thin(len(ws))
            ax.plot(
                ws[index], bs[index], color=SERIES[0], linewidth=1.2, marker="o", markersize=2.5
            )
            ax.scatter(
                [ws[0]], [bs[0]], s=40, facecolors="none", edgecolors=INK, zorder=3, label="start"
            )
            ax.scatter([w_end], [b_end], s=50, marker="x", color=SERIES[1], zorder=3, label="end")
            ax.set_title(label)
            ax.legend(loc="best")
            described.append(
                f"{label}: {len(ws) - 1} epochs from w = {ws[0]:.3g}, b = {bs[0]:.3g} to "
                f"w = {w_end:.4g}, b = {b_end:.4g}"
            )
        return to_svg(
            fig,
            name,
            "Gradient descent over the cost surface",
            "Contour lines of the average cost over w and b, with the path of gradient descent. "
            + "; ".join(described)
            + ".",
        )


def cost_to_target(
    histories: Mapping[str, Sequence[float]],
    target: float = 1e-6,
    name: str = "chart-cost-to-target",
) -> str:
    """Cost against epoch on log-log axes, with the target cost as a horizontal line.

    Args:
        histories: ``{label: cost history}``.
        target: The cost to reach, drawn as a dashed line (greater than 0).
        name: The chart's identifier, unique on its page.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> "fast" in cost_to_target({"fast": [100.0, 1.0, 1e-8]})
        True
    """
    check_mapping("histories", histories, "cost history")
    checked = {
        label: np.asarray(check_sequence(f"histories[{label!r}]", h), dtype=float)
        for label, h in histories.items()
    }
    limit = float(check_positive("target", target))
    return cost_to_target_chart(
        checked,
        limit,
        name,
        "Epochs to reach the target cost",
        limit_format="g",
        styled=False,
        ticks=None,
    )
