"""Choosing the learning rate without peeking: train, validate, and test once.

A learning rate and a number of epochs are choices, and a choice made by looking at a set
of examples is fitted to that set. If the test set picks them, the test cost of the
winner is no longer a fair estimate of how the neuron does on new readings: it is the
luckiest of many tries. The fix is a third set: :func:`validation_split` carves a
*validation* set out of the training data, :func:`sweep` trains once per setting and
scores each on the validation set, and the test set is used once, at the end.

:func:`selection_bias` measures what peeking costs: over many noisy data sets it makes the
choice both ways and compares each winner's test cost with its *true* cost, the average
cost on endless fresh readings (:func:`true_cost`, exact for this chapter's data).

Training uses :meth:`~nanoneuron.bowl.CostBowl.descent`, the article's gradient descent in
closed form, so every epoch count of a setting comes from one run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from nanoneuron._checks import (
    check_count,
    check_data,
    check_epochs,
    check_nonnegative,
    check_number,
    check_positive,
    check_seed,
    check_sequence,
)
from nanoneuron.beyond.noise import B_TRUE, NOISE, W_TRUE
from nanoneuron.beyond.splitting import shuffled_split
from nanoneuron.bowl import CostBowl, FloatArray
from nanoneuron.model import DEFAULT_SEED

__all__ = [
    "Choice",
    "Selection",
    "Sweep",
    "ValidationSplit",
    "selection_bias",
    "sweep",
    "true_cost",
    "validation_split",
]


class ValidationSplit(NamedTuple):
    """The training data cut in two: examples to train on and examples to choose with."""

    x_train: list[float]
    y_train: list[float]
    x_validation: list[float]
    y_validation: list[float]


def validation_split(
    x_train: Sequence[float],
    y_train: Sequence[float],
    validation_fraction: float = 0.2,
    seed: int = DEFAULT_SEED,
) -> ValidationSplit:
    """Set aside a shuffled share of the *training* data to choose settings with.

    The test set is not touched: it stays for the one final measurement. This is
    :func:`~nanoneuron.beyond.splitting.shuffled_split` with ``1 - validation_fraction`` to
    train: one seeded permutation, pairs kept together, every example in exactly one part.

    Args:
        x_train: Training inputs.
        y_train: Training outputs, one per input.
        validation_fraction: The share of the training data set aside (between 0 and 1).
        seed: Seed of the shuffle (a whole number, 0 or more).

    Returns:
        The :class:`ValidationSplit`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value, or a part would be empty.

    Examples:
        >>> split = validation_split(list(range(10)), list(range(10)), seed=1)
        >>> len(split.x_train), len(split.x_validation)
        (8, 2)
        >>> sorted(split.x_train + split.x_validation) == list(range(10))
        True
    """
    fraction = float(check_number("validation_fraction", validation_fraction))
    if not 0 < fraction < 1:
        raise ValueError(
            f"validation_fraction must be between 0 and 1, got {validation_fraction!r}"
        )
    return ValidationSplit(*shuffled_split(x_train, y_train, 1 - fraction, seed))


def _split_indices(
    m: int, validation_fraction: float, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """:func:`validation_split`'s two parts as index arrays (the same permutation and cut)."""
    order = np.random.default_rng(seed).permutation(m)
    n_train = round((1 - validation_fraction) * m)
    return order[:n_train], order[n_train:]


class Sweep(NamedTuple):
    """One training run per learning rate, scored at several epoch counts on one set.

    Attributes:
        alphas: The learning rates, one row each.
        epochs: The epoch counts, one column each.
        w: ``w`` after each row's run stopped at each column's epochs (in a diverged row,
            wherever the floats went: huge, infinite or NaN).
        b: ``b`` likewise.
        costs: The average cost of each ``(w, b)`` on the scoring set; ``inf`` for a learning
            rate past the stable limit of the training data, where training diverges.
    """

    alphas: tuple[float, ...]
    epochs: tuple[int, ...]
    w: FloatArray
    b: FloatArray
    costs: FloatArray

    def best(self) -> Choice:
        """The setting with the lowest cost (the fewest epochs among equals).

        Raises:
            ValueError: If no setting has a finite cost (every learning rate diverged).
        """
        row, column = np.unravel_index(int(np.argmin(self.costs)), self.costs.shape)
        if not math.isfinite(self.costs[row, column]):
            raise ValueError(
                f"no setting to choose: training diverged at every learning rate of {self.alphas}"
            )
        return Choice(
            self.alphas[row],
            self.epochs[column],
            float(self.w[row, column]),
            float(self.b[row, column]),
            float(self.costs[row, column]),
        )

    def rescore(self, x: Sequence[float], y: Sequence[float]) -> Sweep:
        """The same trained lines scored on another set of examples (diverged rows stay ``inf``)."""
        xs, ys = check_data("x", x, "y", y)
        return _rescore(self, np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))


class Choice(NamedTuple):
    """A chosen setting, the line it trained, and its cost on the set that chose it."""

    alpha: float
    epochs: int
    w: float
    b: float
    cost: float


def _rescore(result: Sweep, x: FloatArray, y: FloatArray) -> Sweep:
    """:meth:`Sweep.rescore` on checked arrays."""
    costs = _costs(result.w, result.b, x, y)
    costs[np.isinf(result.costs).all(axis=1)] = np.inf
    return result._replace(costs=costs)


def _costs(w: FloatArray, b: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
    with np.errstate(over="ignore", invalid="ignore"):
        errors = y - (w[..., np.newaxis] * x + b[..., np.newaxis])
        costs: FloatArray = np.mean(errors * errors, axis=-1) / 2
    return np.where(np.isfinite(costs), costs, np.inf)


def _epoch_counts(epochs: object) -> tuple[int, ...]:
    """``epochs`` as a tuple, checked: a non-empty sequence of whole numbers, each 0 or more."""
    if isinstance(epochs, (str, bytes)) or not isinstance(epochs, Sequence) or not epochs:
        raise TypeError(f"epochs must be a non-empty sequence of whole numbers, got {epochs!r}")
    return tuple(check_epochs(e) for e in epochs)


def sweep(
    x_train: Sequence[float],
    y_train: Sequence[float],
    x_score: Sequence[float],
    y_score: Sequence[float],
    alphas: Sequence[float],
    epochs: Sequence[int],
    start: tuple[float, float] = (0.5, 0.5),
) -> Sweep:
    """Train on ``(x_train, y_train)`` once per learning rate; score every stop on ``(x_score, y_score)``.

    Args:
        x_train: Training inputs.
        y_train: Training outputs.
        x_score: Inputs of the set that scores the settings (the validation set).
        y_score: Its outputs.
        alphas: Learning rates to try (each greater than 0).
        epochs: Epoch counts to try (each 0 or more).
        start: ``(w, b)`` every run starts from.

    Returns:
        The :class:`Sweep`; its :meth:`Sweep.best` is the chosen setting.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> result = sweep([0, 1, 2], [1, 3, 5], [3], [7], alphas=[0.1, 0.2], epochs=[1, 100])
        >>> choice = result.best()
        >>> choice.alpha, choice.epochs, round(choice.w, 3), round(choice.b, 3)
        (0.2, 100, 1.999, 1.001)
    """
    xs, ys = check_data("x_train", x_train, "y_train", y_train)
    xv, yv = check_data("x_score", x_score, "y_score", y_score)
    rates = tuple(float(check_positive("alpha", a)) for a in check_sequence("alphas", alphas))
    counts = _epoch_counts(epochs)
    if isinstance(start, (str, bytes)) or not isinstance(start, Sequence) or len(start) != 2:
        raise TypeError(f"start must be a pair (w, b), got {start!r}")
    w0 = float(check_number("start[0]", start[0]))
    b0 = float(check_number("start[1]", start[1]))
    return _sweep(
        np.asarray(xs), np.asarray(ys), np.asarray(xv), np.asarray(yv), rates, counts, w0, b0
    )


def _sweep(
    x: FloatArray,
    y: FloatArray,
    x_score: FloatArray,
    y_score: FloatArray,
    alphas: tuple[float, ...],
    epochs: tuple[int, ...],
    w0: float,
    b0: float,
) -> Sweep:
    """:func:`sweep` on data already checked."""
    bowl = CostBowl._from_arrays(x.astype(np.float64), y.astype(np.float64))
    steps = np.asarray(epochs, dtype=np.float64)
    ws, bs = np.empty((len(alphas), len(epochs))), np.empty((len(alphas), len(epochs)))
    diverged = np.zeros(len(alphas), dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        for row, alpha in enumerate(alphas):
            descent = bowl.descent(w0, b0, alpha)
            ws[row], bs[row] = descent.parameters(steps)
            diverged[row] = descent.diverges()
    costs = _costs(ws, bs, x_score, y_score)
    costs[diverged] = np.inf  # growing without bound, even where it has not overflowed yet
    return Sweep(alphas, epochs, ws, bs, costs)


def true_cost(w: float, b: float, x: Sequence[float], noise: float = NOISE) -> float:
    """The average cost of the line ``(w, b)`` on endless fresh readings at temperatures ``x``.

    A fresh reading is ``1.8 x + 32`` plus a Gaussian error of standard deviation ``noise``
    (:func:`~nanoneuron.beyond.noise.noisy_readings`), so the expected cost is exactly
    ``(noise² + mean(((w - 1.8) x + (b - 32))²)) / 2``: no test set needed.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it), or the cost
            overflows a float.

    Examples:
        >>> true_cost(1.8, 32.0, [0, 50, 100], noise=4.0)
        8.0
    """
    xs = np.asarray(check_sequence("x", x), dtype=np.float64)
    sigma = check_nonnegative("noise", noise)
    line = float(check_number("w", w)), float(check_number("b", b))
    with np.errstate(over="ignore", invalid="ignore"):
        cost = _true_cost(*line, xs, sigma)
    if not math.isfinite(cost):
        raise ValueError(
            f"the cost overflows a float: the line w={line[0]!r}, b={line[1]!r} is too far from"
            f" the readings at x, or noise={noise!r} is too large"
        )
    return cost


def _readings(x: FloatArray, noise: float, seed: int) -> FloatArray:
    """:func:`~nanoneuron.beyond.noise.noisy_readings` on an array, without its per-value checks.

    The same generator, draws and operations (``x * 1.8 + 32 + error``), so the same
    numbers; the tests check it. It runs inside :func:`selection_bias`'s loop, where the
    checks would take most of the time.
    """
    errors = np.random.default_rng(seed).normal(0.0, noise, len(x))
    readings: FloatArray = x * W_TRUE + B_TRUE + errors
    return readings


def _true_cost(w: float, b: float, x: FloatArray, noise: float) -> float:
    miss = (w - W_TRUE) * x + (b - B_TRUE)
    return float((noise * noise + np.mean(miss * miss)) / 2)


class Selection(NamedTuple):
    """What choosing on validation and choosing on test give, over many data sets.

    Attributes:
        repeats: How many data sets.
        honest_test: The average test cost of the setting chosen on the validation set.
        honest_true: The average true cost of that setting.
        honest_error: The standard error of ``honest_true - honest_test``, the test set's
            noise in the average.
        peeking_test: The average test cost of the setting chosen on the test set itself.
        peeking_true: The average true cost of that setting.
        optimism: How much more peeking's test cost understates its true cost than the
            honest test cost does: the average over data sets of
            ``(peeking_true - peeking_test) - (honest_true - honest_test)``.
        optimism_error: The standard error of that average.
        different: In how many data sets the two ways chose different settings.
    """

    repeats: int
    honest_test: float
    honest_true: float
    honest_error: float
    peeking_test: float
    peeking_true: float
    optimism: float
    optimism_error: float
    different: int


def selection_bias(
    x_train: Sequence[float],
    x_test: Sequence[float],
    alphas: Sequence[float],
    epochs: Sequence[int],
    repeats: int = 200,
    noise: float = NOISE,
    validation_fraction: float = 0.2,
    seed: int = 0,
) -> Selection:
    """Make the choice honestly and by peeking on ``repeats`` noisy data sets; average the costs.

    Data set ``r`` has training readings as :func:`~nanoneuron.beyond.noise.noisy_readings`
    makes them at ``x_train`` (seed ``seed + 2r``) and test readings at ``x_test`` (seed
    ``seed + 2r + 1``); its training data are split by :func:`validation_split` (seed
    ``seed + r``). Every setting is trained on the same part. The honest choice is the
    best on the validation part; peeking takes the best on the test set. Each winner is
    then scored on the test set and by :func:`true_cost` at the test temperatures.

    Args:
        x_train: Training temperatures.
        x_test: Test temperatures.
        alphas: Learning rates to try.
        epochs: Epoch counts to try.
        repeats: How many data sets (2 or more: the standard errors need two).
        noise: The readings' noise (°F, 0 or more).
        validation_fraction: The share of the training data set aside to validate.
        seed: The first seed.

    Returns:
        The :class:`Selection`: averages over the data sets.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> result = selection_bias(list(range(20)), [0.5, 9.5], [0.001], [10, 1000], repeats=3)
        >>> result.repeats
        3
    """
    count = check_count("repeats", repeats, 2)
    seed = check_seed(seed)
    x = np.asarray(check_sequence("x_train", x_train), dtype=np.float64)
    x_check = np.asarray(check_sequence("x_test", x_test), dtype=np.float64)
    sigma = check_nonnegative("noise", noise)
    fraction = float(check_number("validation_fraction", validation_fraction))
    if not 0 < fraction < 1:
        raise ValueError(
            f"validation_fraction must be between 0 and 1, got {validation_fraction!r}"
        )
    rates = tuple(float(check_positive("alpha", a)) for a in check_sequence("alphas", alphas))
    counts = _epoch_counts(epochs)
    rows = np.empty((count, 4))
    different = 0
    for r in range(count):
        y = _readings(x, sigma, seed + 2 * r)
        y_check = _readings(x_check, sigma, seed + 2 * r + 1)
        fit, held = _split_indices(len(x), fraction, seed + r)
        on_validation = _sweep(x[fit], y[fit], x[held], y[held], rates, counts, 0.5, 0.5)
        on_test = _rescore(on_validation, x_check, y_check)
        honest, peeking = on_validation.best(), on_test.best()
        row, column = rates.index(honest.alpha), counts.index(honest.epochs)
        rows[r] = (
            float(on_test.costs[row, column]),
            _true_cost(honest.w, honest.b, x_check, sigma),
            peeking.cost,
            _true_cost(peeking.w, peeking.b, x_check, sigma),
        )
        different += (honest.alpha, honest.epochs) != (peeking.alpha, peeking.epochs)
    honest_test, honest_true, peeking_test, peeking_true = rows.T
    gap = (peeking_true - peeking_test) - (honest_true - honest_test)

    def standard_error(values: FloatArray) -> float:
        return float(values.std(ddof=1) / np.sqrt(count))

    return Selection(
        count,
        float(honest_test.mean()),
        float(honest_true.mean()),
        standard_error(honest_true - honest_test),
        float(peeking_test.mean()),
        float(peeking_true.mean()),
        float(gap.mean()),
        standard_error(gap),
        different,
    )
