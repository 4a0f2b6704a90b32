"""Charts of the tutorial, one function per chart, each returning inline SVG.

Every function returns a :class:`Chart`: SVG text whose colours follow the page's light
or dark palette, with an accessible title and description. Print it into a page, or let
a notebook display it.

Examples:
    >>> chart = conversion()
    >>> chart.startswith("<svg") and 'role="img"' in chart
    True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from nanoneuron._checks import (
    check_count,
    check_data,
    check_flag,
    check_mapping,
    check_number,
    check_range,
    finite_array,
)
from nanoneuron.data import celsius_to_fahrenheit
from nanoneuron.plots._examples import learned_lines
from nanoneuron.plots._svg import INK, LINESTYLES, SERIES, Chart, figure, to_svg

__all__ = [
    "Chart",
    "conversion",
    "cost_curve",
    "cost_histories",
    "data_sets",
    "fitted_lines",
    "tangent",
    "thin",
]

#: Most points a line chart draws; longer series are thinned by :func:`thin`.
MAX_POINTS = 400


def thin(values: Sequence[float], max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Pick at most about ``max_points`` (index, value) pairs to draw a long series.

    Keeps the first 50 points (where training changes fastest, oscillations included),
    the last point, and evenly spaced ones in between.

    Raises:
        TypeError: If ``max_points`` is not a whole number, or ``values`` are not numbers.
        ValueError: If ``max_points`` is below 2, or ``values`` are not one-dimensional
            or hold NaN or infinity.

    Examples:
        >>> epochs, costs = thin(list(range(70000)))
        >>> len(epochs) <= 450, int(epochs[0]), int(epochs[-1])
        (True, 0, 69999)
    """
    max_points = check_count("max_points", max_points, 2)
    # An empty history (a run that diverged at once, a list or an array) thins to nothing.
    array = finite_array("values", values, ndim=1) if len(values) else np.zeros(0)
    n = len(array)
    if n <= max_points:
        index = np.arange(n)
    else:
        index = np.unique(
            np.concatenate([np.arange(50), np.linspace(0, n - 1, max_points).astype(int)])
        )
    return index, array[index]


def conversion(low: float = -40, high: float = 110) -> Chart:
    """The line the neuron must learn to draw: Fahrenheit against Celsius.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
    """
    low, high = check_range("low", low, "high", high)
    celsius = np.linspace(low, high, 2)
    with figure(height=3.4) as fig:
        ax = fig.add_subplot()
        ax.plot(celsius, [celsius_to_fahrenheit(float(c)) for c in celsius], color=SERIES[0])
        ax.scatter([0, 100], [32, 212], color=INK, zorder=3, s=18)
        # The line rises to the right, so a label below-right of its point, or above-left of
        # it, stays clear of the line.
        ax.annotate(
            "water freezes:\n0 °C = 32 °F",
            (0, 32),
            xytext=(10, -6),
            textcoords="offset points",
            va="top",
        )
        ax.annotate(
            "water boils:\n100 °C = 212 °F",
            (100, 212),
            xytext=(-10, 6),
            textcoords="offset points",
            ha="right",
            va="bottom",
        )
        ax.margins(y=0.2)  # room for the labels inside the frame
        ax.set_xlabel("Celsius (°C)")
        ax.set_ylabel("Fahrenheit (°F)")
        return to_svg(
            fig,
            "chart-conversion",
            "Celsius to Fahrenheit",
            f"A straight line, f = 1.8 c + 32, from {low:g} °C to {high:g} °C, through 0 °C = 32 °F and 100 °C = 212 °F.",
        )


def data_sets(
    x_train: Sequence[float],
    y_train: Sequence[float],
    x_test: Sequence[float],
    y_test: Sequence[float],
    name: str = "chart-data-sets",
) -> Chart:
    """The training and test examples as two sets of dots.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
    """
    x_train, y_train = check_data("x_train", x_train, "y_train", y_train)
    x_test, y_test = check_data("x_test", x_test, "y_test", y_test)
    with figure(height=3.4) as fig:
        ax = fig.add_subplot()
        ax.scatter(
            x_train, y_train, s=9, color=SERIES[0], label=f"training set ({len(x_train)} examples)"
        )
        ax.scatter(
            x_test,
            y_test,
            s=9,
            marker="x",
            linewidths=1,
            color=SERIES[1],
            label=f"test set ({len(x_test)} examples)",
        )
        ax.set_xlabel("Celsius (°C)")
        ax.set_ylabel("Fahrenheit (°F)")
        ax.legend()
        return to_svg(
            fig,
            name,
            "Training and test examples",
            f"{len(x_train)} training examples from {min(x_train):g} to {max(x_train):g} °C and {len(x_test)} test "
            f"examples from {min(x_test):g} to {max(x_test):g} °C, interleaved along one straight line.",
        )


def fitted_lines(
    x: Sequence[float],
    y: Sequence[float],
    lines: Mapping[str, tuple[float, float]],
    name: str,
    title: str = "Learned line against the data",
    data_label: str = "training examples",
) -> Chart:
    """Data points with one or more lines ``y = w * x + b``, given as ``{label: (w, b)}``.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
    """
    x, y = check_data("x", x, "y", y)
    for label, line in check_mapping("lines", lines, "(w, b)").items():
        finite_array(f"lines[{label!r}]", line, ndim=1)
        if len(line) != 2:
            raise ValueError(f"lines[{label!r}] must be a pair (w, b), got {len(line)} numbers")
    xs = np.array([min(x), max(x)], dtype=float)
    with figure(height=3.4) as fig:
        ax = fig.add_subplot()
        ax.scatter(x, y, s=9, color=SERIES[4], label=data_label)
        described = learned_lines(ax, xs, lines, LINESTYLES)
        ax.set_xlabel("Celsius (°C)")
        ax.set_ylabel("Fahrenheit (°F)")
        ax.legend()
        return to_svg(
            fig, name, title, f"{len(x)} {data_label} as dots, and lines y = w x + b. {described}."
        )


def cost_curve(y: float, low: float, high: float, name: str = "chart-cost-curve") -> Chart:
    """The cost of one prediction, ``(y - prediction)**2 / 2``, against the prediction.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
    """
    from nanoneuron.cost import prediction_cost

    y = float(check_number("y", y))
    low, high = check_range("low", low, "high", high)
    predictions = np.linspace(low, high, 201)
    costs = [prediction_cost(y, float(p)) for p in predictions]
    if not math.isfinite(max(costs)):
        raise ValueError(
            f"the costs overflow: y={y!r} is too far from the range {low!r} to {high!r}"
        )
    with figure(height=3.2) as fig:
        ax = fig.add_subplot()
        ax.plot(predictions, costs, color=SERIES[0])
        ax.axvline(y, color=SERIES[1], linestyle="--", linewidth=1.2, label=f"true value y = {y:g}")
        ax.set_xlabel("prediction")
        ax.set_ylabel("cost")
        ax.legend()
        return to_svg(
            fig,
            name,
            "Cost of one prediction",
            f"A parabola with its lowest point, cost 0, at the true value {y:g}; it grows with the square of the "
            f"miss, to {max(costs):.4g} at the ends of the range {low:g} to {high:g}.",
        )


def tangent(
    ws: Sequence[float],
    costs: Sequence[float],
    w0: float,
    cost0: float,
    slope: float,
    name: str = "chart-tangent",
) -> Chart:
    """A cost curve against ``w`` with its tangent line at ``w0``.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
    """
    ws, costs = check_data("ws", ws, "costs", costs)
    w0, cost0, slope = (
        float(check_number(n, v))
        for n, v in zip(("w0", "cost0", "slope"), (w0, cost0, slope), strict=True)
    )
    span = (max(ws) - min(ws)) / 4
    tx = np.array([w0 - span, w0 + span])
    with figure(height=3.2) as fig:
        ax = fig.add_subplot()
        ax.plot(ws, costs, color=SERIES[0], label="average cost")
        ax.plot(
            tx,
            cost0 + slope * (tx - w0),
            color=SERIES[1],
            linestyle="--",
            label=f"tangent, slope {slope:.4g}",
        )
        ax.scatter([w0], [cost0], color=INK, zorder=3, s=18)
        ax.set_xlabel("w")
        ax.set_ylabel("average cost")
        ax.legend()
        return to_svg(
            fig,
            name,
            "A cost curve and its tangent",
            f"The average cost as w varies: a bowl. At w = {w0:.4g} the tangent line touches it with slope "
            f"{slope:.4g}; the derivative is that slope, and its sign says which way is downhill.",
        )


def cost_histories(
    histories: Mapping[str, Sequence[float]],
    name: str,
    title: str = "Cost during training",
    log: bool = True,
    log_epochs: bool = False,
) -> Chart:
    """Cost against epoch for one or more training runs, ``{label: cost_history}``.

    With ``log_epochs``, the epoch axis is logarithmic too, so a run that diverges within
    its first few hundred epochs is seen climbing, next to runs of tens of thousands.
    A run whose cost leaves the top of the chart is marked where it leaves, with its last cost.
    A run that diverged in its first epoch has no cost to draw: its history may be empty.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
    """
    log, log_epochs = check_flag("log", log), check_flag("log_epochs", log_epochs)
    for label, history in check_mapping("histories", histories, "cost history").items():
        if isinstance(history, (str, bytes)) or not hasattr(history, "__len__"):
            raise TypeError(
                f"histories[{label!r}] must be a sequence of costs, got {type(history).__name__}"
            )
        # A run that diverged in its first epoch has no cost to draw.
        if len(history) and finite_array(f"histories[{label!r}]", history, ndim=1).min() < 0:
            raise ValueError(f"histories[{label!r}] holds a negative cost; a cost is never below 0")
    # A diverging run reaches 1e300; it leaves the top of the chart rather than flatten the rest.
    ceiling = 1e8
    clipped = log and any(max(h, default=0.0) > ceiling for h in histories.values())
    with figure(height=3.4 + (0.25 * len(histories) if clipped else 0)) as fig:
        ax = fig.add_subplot()
        for i, (label, history) in enumerate(histories.items()):
            epochs, costs = thin(history)
            if clipped:
                costs = np.minimum(costs, ceiling * 10)
            colour = SERIES[i % len(SERIES)]
            ax.plot(epochs + 1, costs, color=colour, label=label, linewidth=1.6)
            if clipped and len(history) and history[-1] > ceiling:
                leaves = int(np.argmax(np.asarray(history) > ceiling))
                ax.scatter([leaves + 1], [ceiling], marker="^", color=colour, s=40, zorder=3)
                ax.annotate(
                    f"cost {history[-1]:.0e}\nat epoch {len(history)}",
                    (leaves + 1, ceiling),
                    xytext=(6, -4),
                    textcoords="offset points",
                    va="top",
                    color=INK,  # text in the text colour: a series colour can be too light
                )
        if log:
            ax.set_yscale("log")
        if log_epochs:
            ax.set_xscale("log")
        if clipped:
            ax.set_ylim(top=ceiling)
        ax.set_xlabel("epoch" + (" (log scale)" if log_epochs else ""))
        ax.set_ylabel("average cost" + (" (log scale)" if log else ""))
        if len(histories) > 1 or next(iter(histories), ""):
            if clipped:  # below the chart, clear of the line that climbs out of it
                fig.legend(loc="outside lower center")
            else:
                ax.legend()
        described = "; ".join(
            f"{label}: from {h[0]:.4g} to {h[-1]:.4g} in {len(h)} epochs"
            for label, h in histories.items()
            if len(h)
        )
        return to_svg(
            fig,
            name,
            title,
            f"Average cost after each epoch{' on a log scale' if log else ''}"
            f"{', against epochs on a log scale' if log_epochs else ''}. {described}.",
        )
