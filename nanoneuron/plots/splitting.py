"""Charts of the chapter on splitting and shuffling, one function per chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes

from nanoneuron._checks import check_mapping, check_number
from nanoneuron.beyond.splitting import Split, SplitResult
from nanoneuron.model import NanoNeuron
from nanoneuron.plots._examples import learned_lines, paired_arrays
from nanoneuron.plots._svg import INK, SERIES, figure, to_svg

__all__ = ["split_costs", "split_fits", "split_misses", "split_strips"]

#: Line styles of the learned lines and their misses, in turn.
_STYLES = ("-", "--", "-.", "-")


def split_strips(splits: Mapping[str, Split], name: str = "chart-split-strips") -> str:
    """Where each split's training and test examples lie along the Celsius axis, one row per split.

    Args:
        splits: ``{label: split}``, drawn top to bottom.
        name: The chart's identifier, unique on its page.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If ``splits`` is not a mapping of labels to :class:`Split`.
        ValueError: If ``splits`` is empty.

    Examples:
        >>> from nanoneuron.beyond.splitting import sequential_split
        >>> chart = split_strips({"sequential": sequential_split([0, 1, 2], [0, 1, 2])})
        >>> chart.startswith("<svg") and "sequential" in chart
        True
    """
    check_mapping("splits", splits, "Split", Split)
    labels = list(splits)
    with figure(height=0.8 + 0.55 * len(labels)) as fig:
        ax = fig.add_subplot()
        for row, label in enumerate(labels):
            split = splits[label]
            level = len(labels) - 1 - row
            ax.scatter(
                split.x_train,
                [level] * len(split.x_train),
                s=14,
                marker="o",
                color=SERIES[0],
                label="training" if row == 0 else None,
            )
            ax.scatter(
                split.x_test,
                [level] * len(split.x_test),
                s=22,
                marker="x",
                linewidths=1.1,
                color=SERIES[1],
                label="test" if row == 0 else None,
            )
        ax.set_yticks(range(len(labels)), labels[::-1])
        ax.set_ylim(-0.6, len(labels) - 0.4)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("temperature (°C)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, 1.0 + 0.5 / len(labels)), ncol=2)
        described = "; ".join(
            f"{label}: {len(s.x_train)} training examples from {min(s.x_train):g} to "
            f"{max(s.x_train):g} °C, {len(s.x_test)} test examples from {min(s.x_test):g} to "
            f"{max(s.x_test):g} °C"
            for label, s in splits.items()
        )
        return to_svg(
            fig, name, "Which readings train and which test", f"One row per split. {described}."
        )


def split_fits(
    x: Sequence[float],
    y: Sequence[float],
    models: Mapping[str, NanoNeuron],
    name: str = "chart-split-fits",
    hot_from: float | None = None,
) -> str:
    """The readings, the exact conversion, and the line each trained neuron learned.

    Args:
        x: The temperatures (°C) of all readings.
        y: The readings (°F).
        models: ``{label: trained neuron}``.
        name: The chart's identifier, unique on its page.
        hot_from: If given, shade the readings from this temperature up (the unseen hot end).

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If ``models`` is not a mapping of labels to :class:`~nanoneuron.NanoNeuron`.
        ValueError: If ``models`` is empty or ``x`` and ``y`` are empty or differ in length.

    Examples:
        >>> chart = split_fits([0, 50, 99], [32, 122, 197], {"learned": NanoNeuron(1.7, 33)})
        >>> "learned" in chart
        True
    """
    xs, ys, hot_from = _readings(x, y, models, hot_from)
    ends = np.array([xs.min(), xs.max()])
    with figure(height=3.6) as fig:
        ax = fig.add_subplot()
        _shade_hot(ax, hot_from, ends[1])
        ax.scatter(xs, ys, s=9, color=SERIES[4], label="readings")
        ax.plot(
            ends,
            1.8 * ends + 32,
            color=INK,
            linestyle=":",
            linewidth=1.2,
            label="exact: 1.8 c + 32",
        )
        lines = {label: (model.w, model.b) for label, model in models.items()}
        described = learned_lines(ax, ends, lines, _STYLES)
        ax.set_xlabel("temperature (°C)")
        ax.set_ylabel("reading (°F)")
        ax.legend()
        shaded = (
            f" The readings from {hot_from:g} °C up are shaded." if hot_from is not None else ""
        )
        return to_svg(
            fig,
            name,
            "Learned lines against the readings",
            f"{xs.size} readings from {ends[0]:g} to {ends[1]:g} °C that bend below the exact "
            f"conversion at the hot end, with the learned lines y = w x + b. {described}.{shaded}",
        )


def split_misses(
    x: Sequence[float],
    y: Sequence[float],
    models: Mapping[str, NanoNeuron],
    name: str = "chart-split-misses",
    hot_from: float | None = None,
) -> str:
    """How far each trained neuron's prediction lands from each reading: ``prediction - y``.

    Args:
        x: The temperatures (°C) of all readings.
        y: The readings (°F).
        models: ``{label: trained neuron}``.
        name: The chart's identifier, unique on its page.
        hot_from: If given, shade the readings from this temperature up (the unseen hot end).

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If ``models`` is not a mapping of labels to :class:`~nanoneuron.NanoNeuron`.
        ValueError: If ``models`` is empty or ``x`` and ``y`` are empty or differ in length.

    Examples:
        >>> chart = split_misses([0, 50, 99], [32, 122, 197], {"learned": NanoNeuron(1.7, 33)})
        >>> "learned" in chart
        True
    """
    xs, ys, hot_from = _readings(x, y, models, hot_from)
    with figure(height=3.2) as fig:
        ax = fig.add_subplot()
        _shade_hot(ax, hot_from, xs.max())
        ax.axhline(0, color=INK, linewidth=0.8)
        worst = []
        for i, (label, model) in enumerate(models.items()):
            miss = model.w * xs + model.b - ys
            worst.append(f"{label}: largest miss {np.abs(miss).max():.3g} °F")
            ax.plot(xs, miss, color=SERIES[i % 4], label=label, linestyle=_STYLES[i % 4])
        ax.set_xlabel("temperature (°C)")
        ax.set_ylabel("prediction \N{MINUS SIGN} reading (°F)")
        ax.legend()
        return to_svg(
            fig,
            name,
            "How far each prediction misses",
            f"Prediction minus reading at each of {xs.size} temperatures from {xs.min():g} to "
            f"{xs.max():g} °C. " + "; ".join(worst) + ".",
        )


def _readings(
    x: object, y: object, models: object, hot_from: float | None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], float | None]:
    """The readings as arrays and ``hot_from`` as a float, ``models`` checked."""
    check_mapping("models", models, "NanoNeuron", NanoNeuron)
    if hot_from is not None:
        hot_from = float(check_number("hot_from", hot_from))
    xs, ys = paired_arrays("x", x, "y", y)
    return xs, ys, hot_from


def _shade_hot(ax: Axes, hot_from: float | None, end: float) -> None:
    """Shade the readings from ``hot_from`` up to ``end``, if ``hot_from`` is given."""
    if hot_from is not None:
        ax.axvspan(hot_from, end, color=SERIES[4], alpha=0.12, linewidth=0)


def split_costs(results: Mapping[str, SplitResult], name: str = "chart-split-costs") -> str:
    """Training and test cost of each split, side by side as bars.

    Args:
        results: ``{label: result of training on that split}``.
        name: The chart's identifier, unique on its page.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If ``results`` is not a mapping of labels to :class:`SplitResult`.
        ValueError: If ``results`` is empty.

    Examples:
        >>> result = SplitResult(NanoNeuron(1.8, 32), [1.0], 0.5, 2.0, 3.0)
        >>> "test cost" in split_costs({"one": result})
        True
    """
    check_mapping("results", results, "SplitResult", SplitResult)
    labels = list(results)
    where = np.arange(len(labels))
    width = 0.38
    with figure(height=3.2) as fig:
        ax = fig.add_subplot()
        train = [results[label].train_cost for label in labels]
        test = [results[label].test_cost for label in labels]
        bars = ax.bar(where - width / 2, train, width, color=SERIES[0], label="training cost")
        ax.bar_label(bars, fmt="%.2f", padding=2)
        bars = ax.bar(where + width / 2, test, width, color=SERIES[1], label="test cost")
        ax.bar_label(bars, fmt="%.2f", padding=2)
        ax.set_xticks(where, labels)
        ax.grid(axis="x", visible=False)
        ax.set_ylabel("average cost")
        ax.margins(y=0.15)
        ax.legend()
        described = "; ".join(
            f"{label}: training cost {r.train_cost:.3g}, test cost {r.test_cost:.3g}"
            for label, r in results.items()
        )
        return to_svg(
            fig,
            name,
            "Training and test cost of each split",
            f"Bars of the average cost. {described}.",
        )
