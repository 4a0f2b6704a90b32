"""Drawing shared by the charts of gradient descent: long histories on log axes, the cost bowl."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes

from nanoneuron._checks import check_count
from nanoneuron.beyond.normalization import cost_surface
from nanoneuron.plots._svg import INK, LINESTYLES, SERIES, Chart, figure, to_svg


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


def cost_contours(
    ax: Axes,
    x: Sequence[float],
    y: Sequence[float],
    w: npt.NDArray[np.float64],
    b: npt.NDArray[np.float64],
    *,
    grid: int,
    margin: float,
    lift: float,
    levels: int,
    linewidth: float,
    square: bool = False,
) -> None:
    """The cost on ``(x, y)`` as log-spaced contours in a window around the points ``(w, b)``."""
    w_half = max(w.max() - w.min(), 1e-9) * margin
    b_half = max(b.max() - b.min(), 1e-9) * margin
    if square:
        w_half = b_half = max(w_half, b_half)
    w_mid, b_mid = (w.max() + w.min()) / 2, (b.max() + b.min()) / 2
    w_grid = np.linspace(w_mid - w_half, w_mid + w_half, grid)
    b_grid = np.linspace(b_mid - b_half, b_mid + b_half, grid)
    cost = cost_surface(x, y, w_grid.tolist(), b_grid.tolist())
    low = max(float(cost.min()), float(cost.max()) * 1e-7)
    spaced = np.geomspace(low * lift, float(cost.max()), levels)
    ax.contour(w_grid, b_grid, cost, levels=spaced, colors=SERIES[4], linewidths=linewidth)
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.grid(visible=False)
    if square:
        ax.set_aspect("equal", adjustable="box")


def cost_to_target_chart(
    histories: Mapping[str, npt.NDArray[np.float64]],
    limit: float,
    name: str,
    title: str,
    *,
    limit_format: str,
    styled: bool,
    ticks: Callable[[Axes], None] | None,
) -> Chart:
    """Checked cost ``histories`` by epoch on log-log axes, with the target ``limit`` dashed."""
    described = []
    with figure(height=3.4) as fig:
        ax = fig.add_subplot()
        for i, (label, costs) in enumerate(histories.items()):
            index = log_thin(len(costs))
            # A cost of exactly 0 can't sit on a log axis; floor it far below the target.
            shown = np.maximum(costs[index], limit * 1e-12)
            ax.plot(
                index + 1,
                shown,
                color=SERIES[i % 4],
                linestyle=LINESTYLES[i % 4] if styled else None,
                label=label,
                linewidth=1.6,
            )
            below = np.flatnonzero(costs < limit)
            reached = (
                f"below the target after {below[0]} epochs"
                if below.size
                else "never below the target"
            )
            described.append(f"{label}: from {costs[0]:.3g}, {reached}")
        target = f"{limit:{limit_format}}"
        ax.axhline(limit, color=INK, linestyle="--", linewidth=1.0, label=f"target {target}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        if ticks is not None:
            ticks(ax)
        ax.set_xlabel("epoch (log scale)")
        ax.set_ylabel("average cost (log scale)")
        ax.legend()
        return to_svg(
            fig,
            name,
            title,
            f"Average cost after each epoch, on log-log axes, with the target {target} as a "
            "dashed line. " + "; ".join(described) + ".",
        )
