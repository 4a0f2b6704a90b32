"""Charts of the chapters on momentum and Adam and on stochastic descent, one function per chart.

The cost histories of the momentum chapter use
:func:`~nanoneuron.plots.normalization.cost_to_target`; the contours come from
:func:`~nanoneuron.beyond.normalization.cost_surface`, as in that chapter's
:func:`~nanoneuron.plots.normalization.descent_contours`. That chart draws one path per
panel, each in its own window; :func:`paths_on_bowl` draws several paths over one bowl,
in one window, so they can be compared step for step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, NullLocator

from nanoneuron._checks import check_data, check_number, finite_array
from nanoneuron.beyond.normalization import DescentPath
from nanoneuron.beyond.stochastic import StochasticRun
from nanoneuron.plots._descent import cost_contours, cost_to_target_chart, log_thin
from nanoneuron.plots._svg import INK, LINESTYLES, SERIES, Chart, figure, to_svg

__all__ = ["cost_by_examples", "cost_to_target", "paths_on_bowl", "plain_log_ticks"]

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _position: object = None) -> str:
    """``10⁻⁶`` for 1e-6, as plain text; ``""`` between powers of ten."""
    if not value > 0:
        return ""
    exponent = math.log10(value)
    if abs(exponent - round(exponent)) > 1e-9:
        return ""
    return "10" + str(round(exponent)).translate(_SUPERSCRIPTS)


def plain_log_ticks(ax: Axes) -> None:
    """Label the log axes of ``ax`` with plain-text powers of ten (``10⁻⁶``).

    matplotlib's default labels are mathtext, which it lays out slowly (tens of
    milliseconds per label); Unicode superscripts look the same and cost nothing.

    Examples:
        >>> _power_of_ten(1e-6), _power_of_ten(100.0), _power_of_ten(3.0)
        ('10⁻⁶', '10²', '')
    """
    for axis in (ax.xaxis, ax.yaxis):
        if axis.get_scale() == "log":
            axis.set_major_formatter(FuncFormatter(_power_of_ten))
            axis.set_minor_locator(NullLocator())  # dozens of unlabelled ticks, slow to lay out


def _check_mapping(name: str, value: object, kind: type) -> None:
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be a mapping of label to {kind.__name__}, got {type(value).__name__}"
        )
    if not value:
        raise ValueError(f"{name} must not be empty")
    if len(value) > 4:
        raise ValueError(f"{name} can hold at most 4 series, got {len(value)}")
    for label, item in value.items():
        if not isinstance(item, kind):
            raise TypeError(
                f"{name}[{label!r}] must be a {kind.__name__}, got {type(item).__name__}"
            )


def paths_on_bowl(
    x: Sequence[float],
    y: Sequence[float],
    panels: Mapping[str, Mapping[str, DescentPath]],
    name: str,
    title: str = "Paths over the cost bowl",
    bottom: tuple[float, float] | None = None,
    grid: int = 60,
) -> Chart:
    """Contour lines of the average cost over ``w`` and ``b``, with descent paths on top.

    Each panel, left to right, draws its paths over the same bowl in one window that holds
    them all (and ``bottom``, if given) with a margin; the contour levels are spaced evenly
    on a log scale. Each path starts at an open circle; long paths are thinned on a log
    scale of steps, so the first steps are all drawn.

    Args:
        x: The training inputs the cost is measured on.
        y: The training outputs.
        panels: ``{panel title: {label: path}}``: at most 3 panels of at most 4 paths.
        name: The chart's identifier, unique on its page.
        title: The chart's accessible name.
        bottom: ``(w, b)`` of the bowl's lowest point, drawn as a cross in every panel.
        grid: Grid points along each axis.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> path = DescentPath([0.0, 1.0, 2.0], [0.0, 0.5, 1.0], [4.0, 1.0])
        >>> "plain" in paths_on_bowl([-1, 1], [-1, 3], {"": {"plain": path}}, name="example")
        True
    """
    xs, ys = check_data("x", x, "y", y)
    if not isinstance(panels, Mapping):
        raise TypeError(f"panels must be a mapping of title to paths, got {type(panels).__name__}")
    if not 1 <= len(panels) <= 3:
        raise ValueError(f"panels must hold 1 to 3 panels, got {len(panels)}")
    for panel in panels.values():
        _check_mapping("panels[...]", panel, DescentPath)
    if bottom is not None:
        w_min = float(check_number("bottom[0]", bottom[0]))
        b_min = float(check_number("bottom[1]", bottom[1]))
    described = []
    with figure(height=4.0) as fig:
        axes = np.atleast_1d(fig.subplots(1, len(panels)))
        for ax, (panel_title, paths) in zip(axes, panels.items(), strict=True):
            arrays = {
                label: (np.asarray(p.w, float), np.asarray(p.b, float))
                for label, p in paths.items()
            }
            all_w = np.concatenate([w for w, _ in arrays.values()])
            all_b = np.concatenate([b for _, b in arrays.values()])
            if bottom is not None:
                all_w, all_b = np.append(all_w, w_min), np.append(all_b, b_min)
            if not (np.all(np.isfinite(all_w)) and np.all(np.isfinite(all_b))):
                raise ValueError("paths must hold finite values of w and b")
            cost_contours(
                ax, xs, ys, all_w, all_b, grid=grid, margin=0.6, lift=1.05, levels=10, linewidth=0.7
            )
            for i, (label, (ws, bs)) in enumerate(arrays.items()):
                index = log_thin(len(ws), max_points=600)
                ax.plot(
                    ws[index],
                    bs[index],
                    color=SERIES[i],
                    linestyle=LINESTYLES[i],
                    linewidth=1.2,
                    label=f"{label} ({len(ws) - 1:,} steps)",
                )
                ax.scatter(
                    [ws[0]], [bs[0]], s=36, facecolors="none", edgecolors=SERIES[i], zorder=3
                )
                described.append(
                    f"{label}: {len(ws) - 1} steps from w = {ws[0]:.3g}, b = {bs[0]:.3g} "
                    f"to w = {ws[-1]:.4g}, b = {bs[-1]:.4g}, w between {ws.min():.3g} and "
                    f"{ws.max():.3g}"
                )
            if bottom is not None:
                ax.scatter([w_min], [b_min], s=60, marker="x", color=INK, zorder=4, label="bottom")
            if panel_title:
                ax.set_title(panel_title)
            ax.legend(loc="upper right")
        return to_svg(
            fig,
            name,
            title,
            "Contour lines of the average cost over w and b, with descent paths. "
            + "; ".join(described)
            + ".",
        )


def cost_by_examples(
    runs: Mapping[str, StochasticRun],
    name: str,
    floor: float = 0.0,
    title: str = "Cost against examples seen",
) -> Chart:
    """The whole-set cost above ``floor`` against the number of examples the steps have used.

    Drawn on log axes, so that runs that take one step per example and one step per
    epoch can be compared on the work they did.

    Args:
        runs: ``{label: run}``, at most 4.
        name: The chart's identifier, unique on its page.
        floor: Subtracted from every cost, e.g. the lowest cost any line can reach, so
            the chart shows how far above it each run is.
        title: The chart's accessible name.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> from nanoneuron import NanoNeuron
        >>> from nanoneuron.beyond.stochastic import train_minibatch
        >>> run = train_minibatch(NanoNeuron(0, 0), 3, 0.1, [-1, 1], [-1, 3], batch_size=1)
        >>> "batch 1" in cost_by_examples({"batch 1": run}, name="example")
        True
    """
    _check_mapping("runs", runs, StochasticRun)
    base = float(check_number("floor", floor))
    described = []
    with figure(height=3.4) as fig:
        ax = fig.add_subplot()
        for i, (label, run) in enumerate(runs.items()):
            seen = np.asarray(run.seen[1:], dtype=float)
            above = np.asarray(run.costs[1:], dtype=float) - base
            index = log_thin(len(seen), max_points=400)
            # A cost at the floor itself can't sit on a log axis; keep it just above.
            shown = np.maximum(above[index], 1e-12)
            ax.plot(
                seen[index],
                shown,
                color=SERIES[i],
                linestyle=LINESTYLES[i],
                label=label,
                linewidth=1.5,
            )
            described.append(
                f"{label}: {len(seen)} steps, from {run.costs[0] - base:.3g} to {above[-1]:.3g} "
                f"after {int(seen[-1])} examples"
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        plain_log_ticks(ax)
        ax.set_xlabel("examples seen (log scale)")
        ax.set_ylabel("cost above the lowest (log scale)" if base else "average cost (log scale)")
        ax.legend()
        return to_svg(
            fig,
            name,
            title,
            "Whole-set average cost"
            + (f" above the lowest possible, {base:.4g}," if base else "")
            + " against the number of examples used, on log-log axes. "
            + "; ".join(described)
            + ".",
        )


def cost_to_target(
    histories: Mapping[str, Sequence[float]],
    target: float,
    name: str,
    title: str = "Epochs to reach the target cost",
) -> Chart:
    """Cost against epoch on log-log axes, with the target cost as a dashed line.

    The chart of :func:`nanoneuron.plots.normalization.cost_to_target`, for histories tens
    of thousands of epochs long: their values are checked with one NumPy test each rather
    than one Python call per value, and the axes carry plain-text labels
    (:func:`plain_log_ticks`).

    Args:
        histories: ``{label: cost history}``, at most 4.
        target: The cost to reach (greater than 0).
        name: The chart's identifier, unique on its page.
        title: The chart's accessible name.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> "fast" in cost_to_target({"fast": [100.0, 1.0, 1e-8]}, target=1e-6, name="example")
        True
    """
    if not isinstance(histories, Mapping):
        raise TypeError(
            f"histories must be a mapping of label to cost history, got {type(histories).__name__}"
        )
    if not histories or len(histories) > 4:
        raise ValueError(f"histories must hold 1 to 4 series, got {len(histories)}")
    checked = {
        label: finite_array(f"histories[{label!r}]", h, ndim=1) for label, h in histories.items()
    }
    limit = float(check_number("target", target))
    if limit <= 0:
        raise ValueError(f"target must be greater than 0, got {target!r}")
    return cost_to_target_chart(
        checked, limit, name, title, limit_format=".3g", styled=True, ticks=plain_log_ticks
    )
