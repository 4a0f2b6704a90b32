"""The data: what the neuron should learn, and the examples it learns from."""

from __future__ import annotations

import math

from nanoneuron._checks import check_number


def celsius_to_fahrenheit(c: float) -> float:
    """Convert a temperature from degrees Celsius to degrees Fahrenheit: ``f = 1.8 * c + 32``.

    This is the rule the neuron has to discover from examples alone.

    Raises:
        TypeError: If ``c`` is not a real number.
        ValueError: If ``c`` is NaN or infinite, or so large that ``f`` overflows.

    Examples:
        >>> celsius_to_fahrenheit(100)
        212.0
        >>> celsius_to_fahrenheit(-40)
        -40.0
    """
    c = check_number("c", c)  # guard
    w = 1.8
    b = 32
    f = c * w + b
    if not math.isfinite(f):  # guard
        raise ValueError(f"c = {c!r} °C is too large: in °F it overflows")
    return f


def generate_data_sets() -> tuple[list[float], list[float], list[float], list[float]]:
    """Make the training and test sets: 100 pairs each, with no randomness.

    Training inputs are 0, 1, ..., 99 °C; test inputs are 0.5, 1.5, ..., 99.5 °C, so
    the test set holds temperatures the neuron never sees while it learns. Each
    output is the exact conversion by :func:`celsius_to_fahrenheit`.

    Returns:
        ``(x_train, y_train, x_test, y_test)``.

    Examples:
        >>> x_train, y_train, x_test, y_test = generate_data_sets()
        >>> len(x_train), len(x_test)
        (100, 100)
        >>> x_train[:3], y_train[:3]
        ([0, 1, 2], [32.0, 33.8, 35.6])
        >>> x_test[:2], y_test[:2]
        ([0.5, 1.5], [32.9, 34.7])
    """
    x_train: list[float] = []
    y_train: list[float] = []
    for c in range(100):
        x_train.append(c)
        y_train.append(celsius_to_fahrenheit(c))

    x_test: list[float] = []
    y_test: list[float] = []
    x = 0.5
    while x < 100:
        x_test.append(x)
        y_test.append(celsius_to_fahrenheit(x))
        x += 1

    return x_train, y_train, x_test, y_test
