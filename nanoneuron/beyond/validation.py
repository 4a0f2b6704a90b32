"""Choosing the learning rate without peeking: train, validate, and test once.

A learning rate and a number of epochs are choices, and a choice made by looking at a set
of examples is fitted to that set. If the test set picks them, the test cost of the
winner is no longer a fair estimate of how the neuron does on new readings: it is the
luckiest of many tries. The fix is a third set: :func:`three_way_split` carves a
*validation* set out of the training data, :func:`sweep` trains once per setting and
scores each on the validation set, and the test set is used once, at the end.

:func:`selection_bias` measures what peeking costs: over many noisy data sets it makes the
choice both ways and compares each winner's test cost with its *true* cost, the average
cost on endless fresh readings (:func:`true_cost`, exact for this chapter's data).

Training uses :meth:`~nanoneuron.fast.CostBowl.descent`, the article's gradient descent in
closed form, so every epoch count of a setting comes from one run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from nanoneuron._checks import check_data, check_number, check_sequence
from nanoneuron.beyond.noise import B_TRUE, NOISE, W_TRUE, _check_noise, noisy_readings
from nanoneuron.beyond.splitting import check_seed
from nanoneuron.fast import CostBowl, FloatArray
from nanoneuron.training import check_alpha, check_epochs

__all__ = [
    "Choice",
    "Selection",
    "Sweep",
    "ThreeWaySplit",
    "selection_bias",
    "sweep",
    "three_way_split",
    "true_cost",
]


class ThreeWaySplit(NamedTuple):
    """Training, validation and test examples, disjoint."""

    x_train: list[float]
    y_train: list[float]
    x_validation: list[float]
    y_validation: list[float]
    x_test: list[float]
    y_test: list[float]


def three_way_split(
    x: Sequence[float],
    y: Sequence[float],
    validation_fraction: float = 0.2,
    test_fraction: float = 0.2,
    seed: int = 0,
) -> ThreeWaySplit:
    """Shuffle the examples with a seed and cut them into training, validation and test sets.

    ``numpy.random.default_rng(seed)`` draws one permutation of the examples: its first
    ``test_fraction`` is the test set, the next ``validation_fraction`` the validation set,
    the rest the training set. Every example lands in exactly one set, pairs stay together,
    and the same seed gives the same three sets.

    Args:
        x: Inputs.
        y: Outputs, one per input.
        validation_fraction: The share of all examples used to validate (between 0 and 1).
        test_fraction: The share of all examples kept for the final test (between 0 and 1).
        seed: Seed of the shuffles (a whole number, 0 or more).

    Returns:
        The :class:`ThreeWaySplit`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value, or a set would be empty.

    Examples:
        >>> split = three_way_split(list(range(10)), list(range(10)), seed=1)
        >>> len(split.x_train), len(split.x_validation), len(split.x_test)
        (6, 2, 2)
        >>> sorted(split.x_train + split.x_validation + split.x_test) == list(range(10))
        True
    """
    xs, ys = check_data("x", x, "y", y)
    seed = check_seed(seed)
    shares = {}
    for name, value in (("validation_fraction", validation_fraction), ("test_fraction", test_fraction)):
        share = float(check_number(name, value))
        if not 0 < share < 1:
            raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
        shares[name] = share
    validation, test = shares["validation_fraction"], shares["test_fraction"]
    if validation + test >= 1:
        raise ValueError(
            f"validation_fraction + test_fraction must be below 1, got {validation + test!r}"
        )
    train, held, tested = _three_way_indices(len(xs), validation, test, seed)
    if not (train and held and tested):
        raise ValueError(f"{len(xs)} examples are too few to fill three sets with these fractions")

    def take(values: Sequence[float], index: list[int]) -> list[float]:
        return [values[i] for i in index]

    return ThreeWaySplit(
        take(xs, train), take(ys, train), take(xs, held), take(ys, held), take(xs, tested), take(ys, tested)
    )


def _three_way_indices(
    m: int, validation: float, test: float, seed: int
) -> tuple[list[int], list[int], list[int]]:
    """Indices of the three sets: one seeded permutation, cut in three."""
    order = np.random.default_rng(seed).permutation(m).tolist()
    n_test = round(test * m)
    n_validation = round(validation * m)
    return order[n_test + n_validation :], order[n_test : n_test + n_validation], order[:n_test]


class Sweep(NamedTuple):
    """One training run per learning rate, scored at several epoch counts on one set.

    Attributes:
        alphas: The learning rates, one row each.
        epochs: The epoch counts, one column each.
        w: ``w`` after each row's run stopped at each column's epochs.
        b: ``b`` likewise.
        costs: The average cost of each ``(w, b)`` on the scoring set (``inf`` where training
            diverged).
    """

    alphas: tuple[float, ...]
    epochs: tuple[int, ...]
    w: FloatArray
    b: FloatArray
    costs: FloatArray

    def best(self) -> Choice:
        """The setting with the lowest cost (the fewest epochs among equals)."""
        row, column = np.unravel_index(int(np.argmin(self.costs)), self.costs.shape)
        return Choice(
            self.alphas[row],
            self.epochs[column],
            float(self.w[row, column]),
            float(self.b[row, column]),
            float(self.costs[row, column]),
        )

    def rescore(self, x: Sequence[float], y: Sequence[float]) -> Sweep:
        """The same trained lines scored on another set of examples."""
        xs, ys = check_data("x", x, "y", y)
        return self._replace(costs=_costs(self.w, self.b, np.asarray(xs), np.asarray(ys)))


class Choice(NamedTuple):
    """A chosen setting, the line it trained, and its cost on the set that chose it."""

    alpha: float
    epochs: int
    w: float
    b: float
    cost: float


def _costs(w: FloatArray, b: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
    with np.errstate(over="ignore", invalid="ignore"):
        errors = y - (w[..., np.newaxis] * x + b[..., np.newaxis])
        costs: FloatArray = np.mean(errors * errors, axis=-1) / 2
    return np.where(np.isfinite(costs), costs, np.inf)


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
        (0.2, 100, 2.0, 1.0)
    """
    xs, ys = check_data("x_train", x_train, "y_train", y_train)
    xv, yv = check_data("x_score", x_score, "y_score", y_score)
    rates = tuple(float(check_alpha(a)) for a in check_sequence("alphas", alphas))
    if isinstance(epochs, (str, bytes)) or not isinstance(epochs, Sequence) or not epochs:
        raise TypeError("epochs must be a non-empty sequence of whole numbers")
    counts = tuple(check_epochs(e) for e in epochs)
    w0 = float(check_number("start[0]", start[0]))
    b0 = float(check_number("start[1]", start[1]))
    return _sweep(np.asarray(xs), np.asarray(ys), np.asarray(xv), np.asarray(yv), rates, counts, w0, b0)


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
    with np.errstate(over="ignore", invalid="ignore"):
        for row, alpha in enumerate(alphas):
            ws[row], bs[row] = bowl.descent(w0, b0, alpha).parameters(steps)
    return Sweep(alphas, epochs, ws, bs, _costs(ws, bs, x_score, y_score))


def true_cost(w: float, b: float, x: Sequence[float], noise: float = NOISE) -> float:
    """The average cost of the line ``(w, b)`` on endless fresh readings at temperatures ``x``.

    A fresh reading is ``1.8 x + 32`` plus a Gaussian error of standard deviation ``noise``
    (:func:`~nanoneuron.beyond.noise.noisy_readings`), so the expected cost is exactly
    ``(noise² + mean(((w - 1.8) x + (b - 32))²)) / 2``: no test set needed.

    Examples:
        >>> true_cost(1.8, 32.0, [0, 50, 100], noise=4.0)
        8.0
    """
    xs = np.asarray(check_sequence("x", x), dtype=np.float64)
    sigma = _check_noise(noise)
    return _true_cost(float(check_number("w", w)), float(check_number("b", b)), xs, sigma)


def _true_cost(w: float, b: float, x: FloatArray, noise: float) -> float:
    miss = (w - W_TRUE) * x + (b - B_TRUE)
    return float((noise * noise + np.mean(miss * miss)) / 2)


class Selection(NamedTuple):
    """Averages over many data sets of the winner's costs, chosen on validation or on test.

    Attributes:
        repeats: How many data sets.
        honest_test: The test cost of the setting chosen on the validation set.
        honest_true: Its true cost.
        peeking_test: The test cost of the setting chosen on the test set itself.
        peeking_true: Its true cost.
        peeking_optimism: In how many data sets peeking's test cost was below its true cost.
    """

    repeats: int
    honest_test: float
    honest_true: float
    peeking_test: float
    peeking_true: float
    peeking_optimism: int


def selection_bias(
    x: Sequence[float],
    alphas: Sequence[float],
    epochs: Sequence[int],
    repeats: int = 200,
    noise: float = NOISE,
    seed: int = 0,
) -> Selection:
    """Make the choice honestly and by peeking on ``repeats`` noisy data sets; average the costs.

    Data set ``r`` has readings :func:`~nanoneuron.beyond.noise.noisy_readings` ``(x,
    noise, seed + r)``, split by :func:`three_way_split` with seed ``seed + r``. The
    honest choice is :func:`sweep`'s best on the validation set; peeking takes the best on
    the test set. Both lines were trained on the same training set; each is then scored on
    the test set and by :func:`true_cost`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> result = selection_bias(list(range(20)), [0.001], [10, 1000], repeats=3)
        >>> result.repeats
        3
    """
    count = check_epochs(repeats)
    if count < 1:
        raise ValueError(f"repeats must be 1 or more, got {count}")
    seed = check_seed(seed)
    xs = np.asarray(check_sequence("x", x), dtype=np.float64)
    sigma = _check_noise(noise)
    rates = tuple(float(check_alpha(a)) for a in check_sequence("alphas", alphas))
    counts = tuple(check_epochs(e) for e in epochs)
    totals = np.zeros(4)
    optimistic = 0
    for r in range(count):
        ys = np.asarray(noisy_readings(xs.tolist(), sigma, seed + r))
        train, held, tested = (np.asarray(i) for i in _three_way_indices(len(xs), 0.2, 0.2, seed + r))
        on_validation = _sweep(xs[train], ys[train], xs[held], ys[held], rates, counts, 0.5, 0.5)
        on_test = on_validation._replace(
            costs=_costs(on_validation.w, on_validation.b, xs[tested], ys[tested])
        )
        honest, peeking = on_validation.best(), on_test.best()
        row, column = rates.index(honest.alpha), counts.index(honest.epochs)
        honest_test = float(on_test.costs[row, column])
        peeking_true = _true_cost(peeking.w, peeking.b, xs, sigma)
        totals += (honest_test, _true_cost(honest.w, honest.b, xs, sigma), peeking.cost, peeking_true)
        optimistic += peeking.cost < peeking_true
    means = totals / count
    return Selection(count, *(float(v) for v in means), optimistic)
