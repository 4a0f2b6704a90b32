"""Splitting and shuffling: one collection of readings, cut into a training and a test set.

The article builds its two sets by hand, interleaved: whole degrees to learn from, half
degrees to test on. Real data arrive as one collection, often in the order they were
measured. This module collects such readings, splits them 70/30 with or without a seeded
shuffle first, and trains a neuron on each split, so the two can be compared.

The readings come from a thermometer that is true at room temperature but falls behind
at the hot end (:func:`thermometer_reading`). A straight line can't follow that curve
exactly, which is what makes the order of the split matter: a neuron trained on the cold
readings only never sees the curve bend.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from nanoneuron._checks import check_count, check_data, check_number, check_positive, check_seed
from nanoneuron.model import DEFAULT_SEED, NanoNeuron
from nanoneuron.propagation import forward_propagation
from nanoneuron.training import train_model

#: A training function with :func:`~nanoneuron.train_model`'s signature.
Trainer = Callable[[NanoNeuron, int, float, Sequence[float], Sequence[float]], Sequence[float]]

__all__ = [
    "Split",
    "SplitResult",
    "collect_readings",
    "interleaved_split",
    "sequential_split",
    "shuffled_split",
    "thermometer_reading",
    "train_on_split",
]

#: The saturation scale (°C) of the thermometer of this chapter: it reads true near room
#: temperature and about 13 °F low at 99 °C.
SATURATION = 200.0


class Split(NamedTuple):
    """A training set and a test set, in the order of the article's ``generate_data_sets``."""

    x_train: list[float]
    y_train: list[float]
    x_test: list[float]
    y_test: list[float]


class SplitResult(NamedTuple):
    """What training on one split gives: the trained neuron and its costs on both sets."""

    model: NanoNeuron
    cost_history: list[float]
    train_cost: float
    test_cost: float
    #: The largest miss on the test set, ``max |y - prediction|``.
    test_worst_miss: float


def thermometer_reading(celsius: float, saturation: float = SATURATION) -> float:
    """What a cheap Fahrenheit thermometer shows at ``celsius`` degrees.

    Its sensor saturates: the reading follows ``32 + 1.8 * s * tanh(c / s)``, where ``s``
    is the saturation scale in °C. For ``c`` small next to ``s`` this is the exact
    conversion ``1.8 * c + 32``; the hotter it gets, the further the reading falls behind.

    Args:
        celsius: The true temperature (°C).
        saturation: The saturation scale ``s`` (°C, greater than 0); the larger, the
            truer the thermometer.

    Returns:
        The reading (°F).

    Raises:
        TypeError: If an argument is not a real number.
        ValueError: If an argument is NaN or infinite, or ``saturation`` is not positive.

    Examples:
        >>> round(thermometer_reading(20), 2), round(thermometer_reading(99), 2)
        (67.88, 196.94)
        >>> round(thermometer_reading(99, saturation=1e6), 2)  # an almost perfect thermometer
        210.2
    """
    c = float(check_number("celsius", celsius))
    s = float(check_positive("saturation", saturation))
    # s * tanh(c / s) lies between -|c| and |c|: no saturation makes it overflow.
    return 32 + 1.8 * (s * math.tanh(c / s))


def collect_readings(
    count: int = 100, step: float = 1.0, saturation: float = SATURATION
) -> tuple[list[float], list[float]]:
    """One collection of readings, in the order they were taken: from 0 °C upwards.

    Args:
        count: How many readings (at least 2).
        step: Degrees Celsius between two readings (greater than 0).
        saturation: The thermometer's saturation scale, see :func:`thermometer_reading`.

    Returns:
        ``(x, y)``: the temperatures ``0, step, 2 * step, ...`` (°C) and the readings (°F).

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> x, y = collect_readings(count=3, step=0.5)
        >>> x, [round(f, 3) for f in y]
        ([0.0, 0.5, 1.0], [32.0, 32.9, 33.8])
    """
    count = check_count("count", count, 2)
    step = float(check_positive("step", step))
    check_positive("saturation", saturation)
    if not math.isfinite((count - 1) * step):
        raise ValueError(f"count={count} readings step={step!r} apart overflow: the last is inf")
    x = [i * step for i in range(count)]
    y = [thermometer_reading(c, saturation) for c in x]
    return x, y


def _check_fraction(train_fraction: object, count: int) -> int:
    """How many of ``count`` examples go to training; both sets must be non-empty."""
    fraction = check_number("train_fraction", train_fraction)
    if not 0 < fraction < 1:
        raise ValueError(f"train_fraction must be between 0 and 1, got {train_fraction!r}")
    n_train = round(fraction * count)
    if not 0 < n_train < count:
        raise ValueError(
            f"train_fraction={train_fraction!r} of {count} examples leaves the training or the"
            " test set empty"
        )
    return n_train


def _take(values: Sequence[float], index: Sequence[int]) -> list[float]:
    return [values[i] for i in index]


def _split(
    x: Sequence[float], y: Sequence[float], train: Sequence[int], test: Sequence[int]
) -> Split:
    return Split(_take(x, train), _take(y, train), _take(x, test), _take(y, test))


def sequential_split(x: Sequence[float], y: Sequence[float], train_fraction: float = 0.7) -> Split:
    """Split without shuffling: the first examples train, the last ones test.

    With readings collected from cold to hot, this trains on the cold ones and tests on
    the hot ones.

    Args:
        x: Inputs, in the order they were collected.
        y: Outputs, one per input.
        train_fraction: The share of examples that go to training (between 0 and 1).

    Returns:
        The :class:`Split`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> sequential_split([0, 1, 2, 3, 4], [10, 11, 12, 13, 14], train_fraction=0.6)
        Split(x_train=[0, 1, 2], y_train=[10, 11, 12], x_test=[3, 4], y_test=[13, 14])
    """
    xs, ys = check_data("x", x, "y", y)
    n_train = _check_fraction(train_fraction, len(xs))
    return _split(xs, ys, range(n_train), range(n_train, len(xs)))


def shuffled_split(
    x: Sequence[float], y: Sequence[float], train_fraction: float = 0.7, seed: int = DEFAULT_SEED
) -> Split:
    """Shuffle the examples with a seeded generator, then split them.

    ``numpy.random.default_rng(seed)`` draws one permutation of the examples; the first
    ``train_fraction`` of it trains, the rest tests. Pairs stay together: each ``x`` keeps
    its ``y``. The same seed gives the same split.

    Args:
        x: Inputs.
        y: Outputs, one per input.
        train_fraction: The share of examples that go to training (between 0 and 1).
        seed: Seed of the shuffle (a whole number, 0 or more).

    Returns:
        The :class:`Split`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> split = shuffled_split(list(range(10)), list(range(10, 20)), seed=1)
        >>> len(split.x_train), len(split.x_test)
        (7, 3)
        >>> all(y == x + 10 for x, y in zip(split.x_train, split.y_train))
        True
        >>> sorted(split.x_train + split.x_test) == list(range(10))
        True
    """
    xs, ys = check_data("x", x, "y", y)
    n_train = _check_fraction(train_fraction, len(xs))
    order = [int(i) for i in np.random.default_rng(check_seed(seed)).permutation(len(xs))]
    return _split(xs, ys, order[:n_train], order[n_train:])


def interleaved_split(x: Sequence[float], y: Sequence[float]) -> Split:
    """The article's way: every other example trains, the ones between test (50/50).

    On readings taken every half degree this gives exactly the article's sets: whole
    degrees to train, half degrees to test.

    Args:
        x: Inputs (at least 2).
        y: Outputs, one per input.

    Returns:
        The :class:`Split`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> interleaved_split([0, 0.5, 1, 1.5], [32, 32.9, 33.8, 34.7])
        Split(x_train=[0, 1], y_train=[32, 33.8], x_test=[0.5, 1.5], y_test=[32.9, 34.7])
    """
    xs, ys = check_data("x", x, "y", y)
    if len(xs) < 2:
        raise ValueError(f"x must hold at least 2 examples, got {len(xs)}")
    return _split(xs, ys, range(0, len(xs), 2), range(1, len(xs), 2))


def train_on_split(
    split: Split,
    epochs: int = 70000,
    alpha: float = 0.0005,
    seed: int = DEFAULT_SEED,
    trainer: Trainer = train_model,
) -> SplitResult:
    """Train a neuron on the split's training set, then measure it on both sets.

    The neuron starts at :meth:`NanoNeuron.random(seed) <nanoneuron.NanoNeuron.random>`
    and learns with ``trainer``: :func:`~nanoneuron.train_model`, or one of the fast
    trainers with the same signature (:func:`~nanoneuron.train_model_closed_form`). Both
    costs are measured after the last step, with :func:`~nanoneuron.forward_propagation`.

    Args:
        split: The training and test sets.
        epochs: Training epochs.
        alpha: Learning rate.
        seed: Seed of the starting ``w`` and ``b``.
        trainer: The training function, called as ``trainer(model, epochs, alpha, x, y)``.

    Returns:
        The :class:`SplitResult`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        TrainingDiverged: If ``alpha`` is too large for the training set.

    Examples:
        >>> split = interleaved_split(*collect_readings(count=40, saturation=1e9))
        >>> result = train_on_split(split, epochs=20000, alpha=0.002)
        >>> round(result.model.w, 3), round(result.model.b, 2)
        (1.8, 32.0)
    """
    if not isinstance(split, Split):
        raise TypeError(f"split must be a Split, got {type(split).__name__}")
    if not callable(trainer):
        raise TypeError(f"trainer must be callable, got {type(trainer).__name__}")
    # A Split can be made by hand: name its parts (forward_propagation calls any data x_train).
    check_data("split.x_train", split.x_train, "split.y_train", split.y_train)
    check_data("split.x_test", split.x_test, "split.y_test", split.y_test)
    model = NanoNeuron.random(check_seed(seed))
    history = [float(cost) for cost in trainer(model, epochs, alpha, split.x_train, split.y_train)]
    _, train_cost = forward_propagation(model, split.x_train, split.y_train)
    try:
        predictions, test_cost = forward_propagation(model, split.x_test, split.y_test)
    except ValueError:  # the data are checked: the cost overflows
        raise ValueError(
            f"the cost on the test set overflows a float: the predictions of {model!r} on"
            " split.x_test are too far from split.y_test"
        ) from None
    worst = max(abs(y - p) for y, p in zip(split.y_test, predictions, strict=True))
    return SplitResult(model, history, train_cost, test_cost, worst)
