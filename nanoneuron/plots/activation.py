"""Charts for the chapter on activation functions and log loss.

Each function draws one chart and returns it as inline SVG text (see
:mod:`nanoneuron.plots._svg`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nanoneuron.beyond.logistic import (
    WARM_ABOVE,
    SigmoidNeuron,
    SigmoidTraining,
    log_loss,
    log_loss_slope,
    relu,
    relu_slope,
    sigmoid,
    sigmoid_slope,
    squared_loss,
    squared_loss_slope,
)
from nanoneuron.plots._examples import paired_arrays
from nanoneuron.plots._svg import CURVE_POINTS, INK, SERIES, Chart, figure, to_svg

_COST_LABELS = {"cross-entropy": "cross-entropy (log loss)", "squared-error": "squared error"}


def epoch_samples(count: int, points: int = 300) -> np.ndarray[tuple[int], np.dtype[np.intp]]:
    """Indices of about ``points`` epochs out of ``count``, spread evenly on a log scale.

    Long histories are thinned so a chart stays light; the first and last epoch are
    always kept.

    Examples:
        >>> epoch_samples(5, points=300).tolist()
        [0, 1, 2, 3, 4]
        >>> samples = epoch_samples(20000)
        >>> int(samples[0]), int(samples[-1]), len(samples) <= 300
        (0, 19999, True)
    """
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"count must be an integer, got {type(count).__name__}")
    if count < 1:
        raise ValueError(f"count must be 1 or more, got {count}")
    if count <= points:
        return np.arange(count, dtype=np.intp)
    epochs = np.geomspace(1, count, points)
    return np.unique(np.round(epochs).astype(np.intp)) - 1


def activation_shapes(name: str = "activation-shapes") -> Chart:
    """Sigmoid, tanh and ReLU side by side, each with its slope.

    Args:
        name: The chart's id on the page.

    Returns:
        Inline SVG.

    Examples:
        >>> chart = activation_shapes(name="shapes")
        >>> chart.startswith("<svg") and 'id="shapes-title"' in chart
        True
    """
    z = np.linspace(-6.0, 6.0, CURVE_POINTS)
    tanh = np.tanh(z)
    panels = (
        ("sigmoid", sigmoid(z), sigmoid_slope(z), (-0.1, 1.1)),
        ("tanh", tanh, 1.0 - tanh**2, (-1.1, 1.1)),
        ("ReLU", relu(z), relu_slope(z), (-0.5, 6.2)),
    )
    with figure(height=6.6) as fig:
        axes = fig.subplots(3, 1, sharex=True)
        for ax, (title, values, slope, limits) in zip(axes, panels, strict=True):
            ax.plot(z, values, color=SERIES[0], label="value")
            ax.plot(z, slope, color=SERIES[1], linestyle="--", label="slope")
            ax.set_title(title)
            ax.set_ylim(*limits)
        axes[-1].set_xlabel("z (weighted sum)")
        axes[0].legend(loc="upper left")
        return to_svg(
            fig,
            name,
            title="Three activation functions and their slopes",
            description=(
                "Sigmoid rises from 0 to 1, tanh from -1 to 1, both flattening at the ends,"
                " where their slopes fall to nearly 0; the sigmoid's slope peaks at 0.25 and"
                " tanh's at 1, both at z = 0. ReLU is 0 for negative z and equals z above,"
                " with slope 0 then 1."
            ),
        )


def loss_shapes(name: str = "loss-shapes") -> Chart:
    """Both costs of one warm example (label 1) against the neuron's weighted sum, with slopes.

    Far to the left the neuron is confidently wrong: the log loss keeps a slope of
    -1, the squared error's slope fades to 0.

    Args:
        name: The chart's id on the page.

    Returns:
        Inline SVG.

    Examples:
        >>> "Cross-entropy against squared error" in loss_shapes(name="losses")
        True
    """
    z = np.linspace(-8.0, 8.0, CURVE_POINTS)
    warm = np.ones_like(z)
    with figure(height=5.6) as fig:
        left, right = fig.subplots(2, 1, sharex=True)
        left.plot(z, log_loss(z, warm), color=SERIES[0], label=_COST_LABELS["cross-entropy"])
        left.plot(z, squared_loss(z, warm), color=SERIES[1], label=_COST_LABELS["squared-error"])
        left.set_title("cost of a warm day")
        left.set_ylabel("cost")
        left.legend(loc="upper right")
        right.plot(z, log_loss_slope(z, warm), color=SERIES[0])
        right.plot(z, squared_loss_slope(z, warm), color=SERIES[1])
        right.axhline(0.0, color=INK, linewidth=0.8)
        right.set_title("its slope: the pull on the neuron")
        right.set_ylabel("slope d(cost)/dz")
        right.set_xlabel("z (weighted sum)")
        for ax in (left, right):
            ax.axvspan(-8.0, -4.0, color=SERIES[4], alpha=0.15, linewidth=0)
        return to_svg(
            fig,
            name,
            title="Cross-entropy against squared error for one warm day",
            description=(
                "Top: for a day that was warm, the cross-entropy cost grows like a straight"
                " line as z falls, while the squared error levels off at 0.5. Below: the"
                " cross-entropy slope approaches -1 for very negative z; the squared-error"
                " slope is at most about 0.15 in size and fades to 0 in the shaded region, where"
                " the neuron is confidently wrong."
            ),
        )


def warm_neuron(
    neuron: SigmoidNeuron,
    readings: Sequence[float] | np.ndarray,
    labels: Sequence[float] | np.ndarray,
    name: str = "warm-neuron",
) -> Chart:
    """The neuron's probability of "warm" against the reading, over the labelled days.

    Args:
        neuron: The trained neuron.
        readings: Thermometer readings (°C).
        labels: 1 for warm days, 0 for the others.
        name: The chart's id on the page.

    Returns:
        Inline SVG.

    Examples:
        >>> neuron = SigmoidNeuron(w=1.0, b=-20.0)
        >>> "crosses 1/2 at 20.0 °C" in warm_neuron(neuron, [10.0, 30.0], [0, 1], name="warm")
        True
    """
    if not isinstance(neuron, SigmoidNeuron):
        raise TypeError(f"neuron must be a SigmoidNeuron, got {type(neuron).__name__}")
    x, y = paired_arrays("readings", readings, "labels", labels)
    grid = np.linspace(float(x.min()), float(x.max()), CURVE_POINTS)
    with figure(height=3.4) as fig:
        ax = fig.subplots()
        warm = y == 1
        ax.scatter(x[~warm], y[~warm], s=12, color=SERIES[0], alpha=0.5, label="cold day")
        ax.scatter(x[warm], y[warm], s=12, color=SERIES[1], alpha=0.5, label="warm day")
        ax.plot(grid, neuron.probability(grid), color=INK, label="neuron: P(warm)")
        ax.axvline(neuron.threshold, color=SERIES[2], linestyle="--", label="its threshold")
        ax.set_xlabel("thermometer reading (°C)")
        ax.set_ylabel("probability of warm")
        ax.legend(loc="center right")
        return to_svg(
            fig,
            name,
            title="What the sigmoid neuron learned",
            description=(
                f"Cold days sit at 0 and warm days at 1 along the reading axis; they overlap"
                f" a little near {WARM_ABOVE:g} °C because the thermometer is noisy. The"
                f" neuron's probability of warm rises smoothly from 0 to 1 and crosses 1/2"
                f" at {neuron.threshold:.1f} °C."
            ),
        )


def training_comparison(trainings: Sequence[SigmoidTraining], name: str = "cost-training") -> Chart:
    """Cost and accuracy along training, one line per training run (log epoch axis).

    Args:
        trainings: Runs of :func:`~nanoneuron.beyond.logistic.train_sigmoid_neuron`,
            at most five, each with at least one epoch.
        name: The chart's id on the page.

    Returns:
        Inline SVG.

    Examples:
        >>> from nanoneuron.beyond.logistic import train_sigmoid_neuron
        >>> run = train_sigmoid_neuron([10.0, 15.0, 25.0, 30.0], [0, 0, 1, 1], epochs=20)
        >>> "first at 90% or more: epoch 2" in training_comparison([run], name="runs")
        True
    """
    runs = list(trainings)
    if not runs or len(runs) > len(SERIES):
        raise ValueError(f"trainings must hold 1 to {len(SERIES)} runs, got {len(runs)}")
    for run in runs:
        if not isinstance(run, SigmoidTraining):
            raise TypeError(f"trainings must hold SigmoidTraining, got {type(run).__name__}")
        if not run.cost_history:
            raise ValueError("trainings must each have at least one epoch")
        if not run.cost_history[0] > 0:
            raise ValueError("trainings must each start at a cost above 0 (it is drawn relative)")
    with figure(height=5.8) as fig:
        top, bottom = fig.subplots(2, 1, sharex=True)
        for colour, run in zip(SERIES, runs, strict=False):
            samples = epoch_samples(len(run.cost_history))
            epochs = samples + 1
            label = _COST_LABELS[run.cost]
            # The two costs are measured in different units; each is drawn as a fraction of its
            # own first value, so both start at 1 and their falls compare.
            costs = np.asarray(run.cost_history)[samples] / run.cost_history[0]
            top.plot(epochs, costs, color=colour, label=label)
            accuracy = 100 * np.asarray(run.accuracy_history)[samples]
            bottom.plot(epochs, accuracy, color=colour, label=label)
        top.set_yscale("log")
        top.set_ylabel("cost ÷ its first value")
        top.legend(loc="lower left")
        bottom.set_ylabel("training accuracy (%)")
        bottom.set_ylim(0, 100)
        bottom.set_xscale("log")
        bottom.set_xlabel("epoch")
        return to_svg(
            fig,
            name,
            title="Training a sigmoid neuron with each cost from the same bad start",
            description=(
                "Epochs on a logarithmic axis; above, each cost as a fraction of its first value,"
                " on a logarithmic axis; below, the training accuracy. "
                + " ".join(
                    f"With {_COST_LABELS[run.cost]}, the cost goes from"
                    f" {run.cost_history[0]:.3g} to {run.cost_history[-1]:.3g} and the"
                    f" training accuracy from {100 * run.accuracy_history[0]:.0f}% to"
                    f" {100 * run.accuracy_history[-1]:.0f}%"
                    f" (first at 90% or more: {_first_at(run.accuracy_history, 0.9)})."
                    for run in runs
                )
            ),
        )


def _first_at(accuracies: Sequence[float], level: float) -> str:
    for epoch, accuracy in enumerate(accuracies, start=1):
        if accuracy >= level:
            return f"epoch {epoch}"
    return "never"
