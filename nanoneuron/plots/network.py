"""Charts for the chapter on a network of neurons.

Each function draws one chart and returns it as inline SVG text (see
:mod:`nanoneuron.plots._svg`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nanoneuron.beyond.logistic import finite_array
from nanoneuron.beyond.network import Network, network_cost, predict
from nanoneuron.model import NanoNeuron
from nanoneuron.plots._examples import paired_arrays
from nanoneuron.plots._svg import CURVE_POINTS, INK, SERIES, Chart, figure, to_svg
from nanoneuron.plots.activation import epoch_samples


def network_fit(
    network: Network,
    line: NanoNeuron,
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    name: str = "network-fit",
    *,
    x_label: str = "resistance ratio R / R25",
    y_label: str = "temperature (°C)",
) -> Chart:
    """The data, the network's curve and the best straight line; then the network's errors.

    Args:
        network: The trained network.
        line: The single linear neuron to compare it with.
        x: Inputs of the examples to draw (e.g. the test set).
        y: Their true outputs.
        name: The chart's id on the page.
        x_label: Label of the input axis.
        y_label: Label of the output axis.

    Returns:
        Inline SVG.

    Examples:
        >>> bump = Network([1.0, 1.0], [0.0, -1.0], [1.0, -1.0], 0.0)
        >>> line = NanoNeuron(w=0.0, b=0.5)
        >>> chart = network_fit(bump, line, [0.0, 1.0, 2.0], [0.76, 0.76, 0.2], name="fit")
        >>> chart.startswith("<svg")
        True
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    if not isinstance(line, NanoNeuron):
        raise TypeError(f"line must be a NanoNeuron, got {type(line).__name__}")
    xs, ys = paired_arrays("x", x, "y", y)
    grid = np.linspace(float(xs.min()), float(xs.max()), CURVE_POINTS)
    with figure(height=6.4) as fig:
        left, right = fig.subplots(2, 1)
        left.scatter(xs, ys, s=10, color=SERIES[4], label="examples")
        left.plot(grid, predict(network, grid), color=SERIES[0], label="network")
        left.plot(grid, predict(line, grid), color=SERIES[1], label="one neuron (best line)")
        left.set_ylabel(y_label)
        left.legend(loc="upper right")
        left.set_title("predictions")
        order = np.argsort(ys)
        network_errors = predict(network, xs) - ys
        right.plot(ys[order], network_errors[order], color=SERIES[0], marker=".", markersize=4)
        right.axhline(0.0, color=INK, linewidth=0.8)
        right.set_xlabel(y_label)
        right.set_ylabel("prediction - truth")
        right.set_title("the network's errors, close up")
        left.set_xlabel(x_label)
        network_error = float(np.max(np.abs(network_errors)))
        line_error = float(np.max(np.abs(predict(line, xs) - ys)))
        return to_svg(
            fig,
            name,
            title="A network of neurons against one neuron on a curved calibration",
            description=(
                f"Top: {xs.shape[0]} examples lie on a curve that falls steeply at low {x_label}"
                f" and flattens out; the network's prediction follows it, the best straight line"
                f" cuts across it, wrong by up to {line_error:.3g}. Below: the network's errors"
                f" against the true {y_label}, on a much finer scale: at most"
                f" {network_error:.2g} in size."
            ),
        )


def network_training(
    cost_history: Sequence[float],
    line: NanoNeuron,
    x_train: Sequence[float] | np.ndarray,
    y_train: Sequence[float] | np.ndarray,
    name: str = "network-training",
) -> Chart:
    """The network's training cost by epoch, beside the best single neuron's cost.

    Args:
        cost_history: The network's cost before each step (``NetworkTraining.cost_history``).
        line: The single linear neuron; its cost on the training data is drawn flat.
        x_train: Training inputs.
        y_train: Training outputs.
        name: The chart's id on the page.

    Returns:
        Inline SVG.

    Examples:
        >>> line = NanoNeuron(w=0.0, b=1.0)
        >>> chart = network_training([9.0, 1.0, 0.1], line, [0.0, 1.0], [0.0, 0.0], name="cost")
        >>> "falls from 9 to 0.1" in chart and "which the network passes" in chart
        True
    """
    history = finite_array("cost_history", cost_history, ndim=1)
    line_cost = network_cost(line, x_train, y_train)
    samples = epoch_samples(int(history.shape[0]))
    with figure(height=3.4) as fig:
        ax = fig.subplots()
        ax.plot(samples + 1, history[samples], color=SERIES[0], label="network")
        ax.axhline(line_cost, color=SERIES[1], linestyle="--", label="one neuron, at its best")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel("training cost")
        ax.legend(loc="lower left")
        return to_svg(
            fig,
            name,
            title="The network's training cost",
            description=(
                f"Both axes logarithmic. Over {history.shape[0]} epochs the network's cost falls"
                f" from {history[0]:.3g} to {history[-1]:.3g}; the best a single linear neuron"
                f" can do is {line_cost:.3g}, drawn as a flat line"
                + (", which the network passes." if history[-1] < line_cost else ".")
            ),
        )
