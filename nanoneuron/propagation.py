"""Forward and backward propagation: measure the cost, then find which way to move."""

from __future__ import annotations

import math
from collections.abc import Sequence

from nanoneuron._checks import check_data
from nanoneuron.cost import half_squared_error
from nanoneuron.model import NanoNeuron


def forward_propagation(
    model: NanoNeuron, x_train: Sequence[float], y_train: Sequence[float]
) -> tuple[list[float], float]:
    """Predict every example and return the predictions with their average cost.

    Args:
        model: The neuron making the predictions.
        x_train: Inputs (degrees Celsius).
        y_train: True outputs (degrees Fahrenheit), one for each input.

    Returns:
        ``(predictions, cost)``: one prediction per input, and the mean of
        :func:`~nanoneuron.prediction_cost` over the examples.

    Raises:
        TypeError: If the data are not sequences of real numbers.
        ValueError: If the data are empty, of different lengths, or hold NaN or infinity,
            or the cost overflows.

    Examples:
        >>> predictions, cost = forward_propagation(NanoNeuron(w=2, b=30), [0, 10], [32, 50])
        >>> predictions, cost
        ([30, 50], 1.0)
    """
    if not isinstance(model, NanoNeuron):
        raise TypeError(f"model must be a NanoNeuron, got {type(model).__name__}")
    x_train, y_train = check_data("x_train", x_train, "y_train", y_train)
    predictions, cost = forward_pass(model, x_train, y_train)
    if not math.isfinite(cost):
        raise ValueError(
            f"the cost overflows a float: the predictions of {model!r} on x_train are too far"
            " from y_train"
        )
    return predictions, cost


def forward_pass(
    model: NanoNeuron, x_train: Sequence[float], y_train: Sequence[float]
) -> tuple[list[float], float]:
    """The loop of :func:`forward_propagation`, without its input checks.

    Training calls this once per epoch on data it has already checked.
    """
    m = len(x_train)
    predictions = []
    cost = 0.0
    for i in range(m):
        prediction = model.predict(x_train[i])
        cost += half_squared_error(y_train[i], prediction)
        predictions.append(prediction)
    cost /= m
    return predictions, cost


def backward_propagation(
    predictions: Sequence[float], x_train: Sequence[float], y_train: Sequence[float]
) -> tuple[float, float]:
    """How to change ``w`` and ``b`` to lower the cost: the negative gradient.

    With ``m`` examples, ``dw = (1/m) * sum((y - prediction) * x)`` and
    ``db = (1/m) * sum(y - prediction)``. These are minus the derivatives of the
    average cost, which is why training *adds* them to ``w`` and ``b``.

    Args:
        predictions: The model's predictions, from :func:`forward_propagation`.
        x_train: The inputs the predictions were made for.
        y_train: The true outputs.

    Returns:
        ``(dw, db)``.

    Raises:
        TypeError: If an argument is not a sequence of real numbers.
        ValueError: If an argument is empty, the three lengths differ, or a value is NaN or
            infinite, or the gradient overflows.

    Examples:
        >>> backward_propagation([30, 50], [0, 10], [32, 50])
        (0.0, 1.0)
    """
    x_train, y_train = check_data("x_train", x_train, "y_train", y_train)
    x_train, predictions = check_data("x_train", x_train, "predictions", predictions)
    dw, db = backward_pass(predictions, x_train, y_train)
    if not (math.isfinite(dw) and math.isfinite(db)):
        raise ValueError(
            "the gradient overflows a float: predictions, x_train and y_train hold values too"
            " large for (y_train - predictions) * x_train"
        )
    return dw, db


def backward_pass(
    predictions: Sequence[float], x_train: Sequence[float], y_train: Sequence[float]
) -> tuple[float, float]:
    """The loop of :func:`backward_propagation`, without its input checks."""
    m = len(x_train)
    dw = 0.0
    db = 0.0
    for i in range(m):
        dw += (y_train[i] - predictions[i]) * x_train[i]
        db += y_train[i] - predictions[i]
    dw /= m
    db /= m
    return dw, db
