"""Noisy measurements: learning from readings that jitter, and how more readings help.

The article's data are exact: every ``y`` is ``1.8 * x + 32`` to the last digit. Real
readings carry noise. Here each reading gets a seeded Gaussian error
(:func:`noisy_readings`), the neuron learns from them as before, and :func:`fit_errors`
measures how far the best line lands from the truth as the number of readings grows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from nanoneuron._checks import (
    check_count,
    check_nonnegative,
    check_range,
    check_seed,
    check_sequence,
)
from nanoneuron.data import celsius_to_fahrenheit
from nanoneuron.model import DEFAULT_SEED

__all__ = [
    "FitError",
    "evenly_spaced",
    "fit_errors",
    "noisy_readings",
    "standard_errors",
]

#: The noise of this chapter's thermometer: a reading is typically off by about 4 °F either way.
NOISE = 4.0
#: The true line the neuron should find, ``y = W_TRUE * x + B_TRUE``.
W_TRUE, B_TRUE = 1.8, 32.0


class FitError(NamedTuple):
    """How far fitted lines land from the truth, over many repeats with ``size`` readings."""

    size: int
    #: Root-mean-square error of the fitted ``w`` over the repeats.
    w_error: float
    #: Root-mean-square error of the fitted ``b`` over the repeats.
    b_error: float
    #: The error of ``w`` that theory predicts (see :func:`standard_errors`).
    w_expected: float
    #: The error of ``b`` that theory predicts.
    b_expected: float


def noisy_readings(
    x: Sequence[float], noise: float = NOISE, seed: int = DEFAULT_SEED
) -> list[float]:
    """Fahrenheit readings of the temperatures ``x``, each off by a random error.

    Each reading is :func:`~nanoneuron.celsius_to_fahrenheit` plus an error drawn from a
    normal (Gaussian) distribution with mean 0 and standard deviation ``noise``, by
    ``numpy.random.default_rng(seed)``: the same seed gives the same readings.

    Args:
        x: The true temperatures (°C).
        noise: The standard deviation of the error (°F, 0 or more; 0 gives exact readings).
        seed: Seed of the random errors (a whole number, 0 or more).

    Returns:
        One reading (°F) per temperature.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> [round(f, 2) for f in noisy_readings([0, 50, 100], noise=2.0, seed=1)]
        [32.69, 123.64, 212.66]
        >>> noisy_readings([0, 100], noise=0)
        [32.0, 212.0]
    """
    xs = check_sequence("x", x)
    sigma = float(check_nonnegative("noise", noise))
    errors = np.random.default_rng(check_seed(seed)).normal(0.0, sigma, len(xs))
    readings = [celsius_to_fahrenheit(c) + float(e) for c, e in zip(xs, errors, strict=True)]
    if not all(math.isfinite(f) for f in readings):
        raise ValueError(f"a reading overflows: x and noise={sigma!r} are too large together")
    return readings


def standard_errors(x: Sequence[float], noise: float = NOISE) -> tuple[float, float]:
    """How far, typically, the least-squares ``w`` and ``b`` land from the truth.

    With readings ``y = 1.8 * x + 32 + error``, errors independent with standard deviation
    ``noise``, the fitted ``w`` and ``b`` scatter around 1.8 and 32 with standard deviations
    ``noise / sqrt(Sxx)`` and ``noise * sqrt(1/m + mean(x)**2 / Sxx)``, where
    ``Sxx = sum((x - mean(x))**2)``. Both shrink like ``1 / sqrt(m)`` as readings are added
    over the same range.

    Args:
        x: The temperatures read (at least two different values).
        noise: The standard deviation of a reading's error (0 or more).

    Returns:
        ``(error of w, error of b)``.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> w_error, b_error = standard_errors(list(range(100)), noise=2.0)
        >>> round(w_error, 4), round(b_error, 3)
        (0.0069, 0.397)
    """
    xs = check_sequence("x", x)
    sigma = float(check_nonnegative("noise", noise))
    m = len(xs)
    try:
        mean_x = math.fsum(xs) / m
        sxx = math.fsum((v - mean_x) ** 2 for v in xs)
        spread = 1 / m + mean_x**2 / sxx if sxx else 0.0
    except OverflowError:
        raise ValueError(
            "x holds values too large: the sum of their squares overflows a float"
        ) from None
    if sxx == 0:
        raise ValueError("x must hold at least two different values to fit a line")
    errors = sigma / math.sqrt(sxx), sigma * math.sqrt(spread)
    if not all(map(math.isfinite, errors)):
        raise ValueError(f"noise is too large: the error of b overflows a float, got {noise!r}")
    return errors


def evenly_spaced(size: int, low: float = 0.0, high: float = 100.0) -> list[float]:
    """``size`` temperatures spread evenly over ``[low, high)``: ``low + i * (high - low) / size``.

    Examples:
        >>> evenly_spaced(4)
        [0.0, 25.0, 50.0, 75.0]

    Raises:
        TypeError: If ``size``, ``low`` or ``high`` has the wrong type.
        ValueError: If ``size`` is below 2, ``high`` is not above ``low``, or the range is
            too wide for floats.
    """
    count = check_count("size", size, 2)
    low, high = check_range("low", low, "high", high)
    return [low + i * (high - low) / count for i in range(count)]


def fit_errors(
    sizes: Sequence[int],
    noise: float = NOISE,
    repeats: int = 200,
    seed: int = DEFAULT_SEED,
) -> list[FitError]:
    """Measure how the error of the fitted ``w`` and ``b`` shrinks as the readings grow.

    For each size ``m``, ``repeats`` times over: take ``m`` readings evenly spaced over
    0 to 100 °C, each with fresh Gaussian noise, and fit the least-squares line. Report the
    root-mean-square distance of the fitted ``w`` from 1.8 and ``b`` from 32, beside what
    :func:`standard_errors` predicts.

    The fits are done in closed form with NumPy, all repeats at once: this is the line
    gradient descent converges to (see :func:`~nanoneuron.bowl.least_squares`), and thousands of 70000-epoch
    runs would take hours.

    Args:
        sizes: Numbers of readings to try (each at least 2).
        noise: The standard deviation of a reading's error (°F, 0 or more).
        repeats: How many noisy data sets per size (at least 2).
        seed: Seed of all the noise (a whole number, 0 or more).

    Returns:
        One :class:`FitError` per size, in the order given.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> small, large = fit_errors([10, 1000], noise=2.0, repeats=500, seed=0)
        >>> small.w_error > 5 * large.w_error
        True
        >>> round(large.w_error / large.w_expected, 1)
        1.0
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or not sizes:
        raise TypeError(f"sizes must be a non-empty sequence of integers, got {sizes!r}")
    counts = [check_count(f"sizes[{i}]", size, 2) for i, size in enumerate(sizes)]
    sigma = float(check_nonnegative("noise", noise))
    repeats = check_count("repeats", repeats, 2)
    rng = np.random.default_rng(check_seed(seed))
    results = []
    for m in counts:
        x = np.array(evenly_spaced(m))
        with np.errstate(over="ignore", invalid="ignore"):
            y = W_TRUE * x + B_TRUE + rng.normal(0.0, sigma, (repeats, m))
            centred = x - x.mean()
            w = (y - y.mean(axis=1, keepdims=True)) @ centred / (centred @ centred)
            b = y.mean(axis=1) - w * x.mean()
            w_error = float(np.sqrt(np.mean((w - W_TRUE) ** 2)))
            b_error = float(np.sqrt(np.mean((b - B_TRUE) ** 2)))
        w_expected, b_expected = standard_errors(x.tolist(), sigma)
        if not (math.isfinite(w_error) and math.isfinite(b_error)):
            raise ValueError(
                f"noise is too large: the simulated fits or their errors overflow a float,"
                f" got {noise!r}"
            )
        results.append(FitError(m, w_error, b_error, w_expected, b_expected))
    return results
