"""Charts of the chapter on input normalization, one function per chart."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from nanoneuron._checks import check_count, check_mapping, check_positive, check_sequence
from nanoneuron.beyond.normalization import DescentPath, cost_surface
from nanoneuron.plots._svg import INK, SERIES, figure, to_svg

__all__ = ["cost_to_target", "descent_contours", "log_thin"]

#: One panel of :func:`descent_contours`: training inputs, outputs, and the path taken.
Panel = tuple[Sequence[float], Sequence[float], DescentPath]


def log_thin(count: int, max_points: int = 300) -> npt.NDArray[np.intp]:
    """Indices ``0 .. count - 1`` to draw a long series on a logarithmic epoch axis.

    Keeps the first 50 (where training moves fastest) and about ``max_points`` more spread
    evenly on a log scale, the last included.

    Examples:
        >>> index = log_thin(70000)
        >>> len(index) <= 350, int(index[0]), int(index[-1])
        (True, 0, 69999)
        >>> log_thin(5).tolist()
        [0, 1, 2, 3, 4]
    """
    count = check_count("count", count, 1)
    spread = np.geomspace(1, count, max_points).astype(np.intp) - 1
    return np.unique(np.concatenate([np.arange(min(count, 50)), spread]))


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
            w_half = max(ws.max() - ws.min(), 1e-9) * 0.65
            b_half = max(bs.max() - bs.min(), 1e-9) * 0.65
            if label in equal_axes:
                w_half = b_half = max(w_half, b_half)
            w_mid, b_mid = (ws.max() + ws.min()) / 2, (bs.max() + bs.min()) / 2
            w_grid = np.linspace(w_mid - w_half, w_mid + w_half, grid)
            b_grid = np.linspace(b_mid - b_half, b_mid + b_half, grid)
            cost = cost_surface(x, y, w_grid.tolist(), b_grid.tolist())
            low = max(float(cost.min()), float(cost.max()) * 1e-7)
            levels = np.geomspace(low * 1.5, float(cost.max()), 12)
            ax.contour(w_grid, b_grid, cost, levels=levels, colors=SERIES[4], linewidths=0.8)
            index = log_thin(len(ws))
            ax.plot(
                ws[index], bs[index], color=SERIES[0], linewidth=1.2, marker="o", markersize=2.5
            )
            ax.scatter(
                [ws[0]], [bs[0]], s=40, facecolors="none", edgecolors=INK, zorder=3, label="start"
            )
            ax.scatter([w_end], [b_end], s=50, marker="x", color=SERIES[1], zorder=3, label="end")
            ax.set_title(label)
            ax.set_xlabel("w")
            ax.set_ylabel("b")
            ax.grid(visible=False)
            if label in equal_axes:
                ax.set_aspect("equal", adjustable="box")
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
    checked = {label: check_sequence(f"histories[{label!r}]", h) for label, h in histories.items()}
    limit = float(check_positive("target", target))
    described = []
    with figure(height=3.4) as fig:
        ax = fig.add_subplot()
        for i, (label, history) in enumerate(checked.items()):
            costs = np.asarray(history, dtype=float)
            index = log_thin(len(costs))
            # A cost of exactly 0 can't sit on a log axis; floor it far below the target.
            shown = np.maximum(costs[index], limit * 1e-12)
            ax.plot(index + 1, shown, color=SERIES[i % 4], label=label, linewidth=1.6)
            below = np.flatnonzero(costs < limit)
            reached = (
                f"below the target after {below[0]} epochs"
                if below.size
                else "never below the target"
            )
            described.append(f"{label}: from {costs[0]:.3g}, {reached}")
        ax.axhline(limit, color=INK, linestyle="--", linewidth=1.0, label=f"target {limit:g}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("epoch (log scale)")
        ax.set_ylabel("average cost (log scale)")
        ax.legend()
        return to_svg(
            fig,
            name,
            "Epochs to reach the target cost",
            f"Average cost after each epoch, on log-log axes, with the target {limit:g} as a "
            f"dashed line. " + "; ".join(described) + ".",
        )
