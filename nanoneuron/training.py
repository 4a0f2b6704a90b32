"""Training: repeat forward and backward propagation, nudging ``w`` and ``b`` each time."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from nanoneuron._checks import (
    check_data,
    check_epochs,
    check_flag,
    check_number,
    check_positive,
    check_sequence,
)
from nanoneuron.model import NanoNeuron
from nanoneuron.propagation import backward_pass, forward_pass

if TYPE_CHECKING:  # pragma: no cover - the fast trainers pass arrays; NumPy is not imported here
    import numpy as np
    from numpy.typing import NDArray

#: Called as ``callback(epoch, cost)`` after each epoch (``epoch`` counts from 1).
EpochCallback = Callable[[int, float], None]


class TrainingDiverged(ArithmeticError):  # noqa: N818  # the name the issue and the docs use
    """Training blew up: the cost overflowed, or it ended above where it started.

    The learning rate was too large for the data: each step overshot the bottom of
    the cost bowl by more than the last. Either the numbers overflowed, or the run
    ended with a higher cost than it began with while ``alpha`` was at or over the
    stable limit: such a run only climbs the bowl's walls, whether or not the floats
    have overflowed yet.

    Attributes:
        epoch: The epoch (counting from 1) where divergence was seen: the first whose
            cost was not finite (one more than the number of costs in ``cost_history``),
            or, when the cost rose without overflowing, the last epoch of the run.
        alpha: The learning rate that was used.
        max_stable_alpha: The learning rate at and above which gradient descent diverges
            on this data set (``2 / largest eigenvalue`` of the cost's curvature matrix).
        cost_history: The finite costs up to ``epoch`` (the first and the last only,
            if the run kept only those).
        rose: ``True`` if the cost rose without overflowing, ``False`` if it overflowed.
    """

    def __init__(
        self,
        epoch: int,
        alpha: float,
        max_stable_alpha: float,
        cost_history: list[float],
        *,
        rose: bool = False,
    ) -> None:
        self.epoch = epoch
        self.alpha = alpha
        self.max_stable_alpha = max_stable_alpha
        self.cost_history = cost_history
        self.rose = rose
        if rose:
            what = f"the cost rose from {cost_history[0]:.6g} to {cost_history[-1]:.6g}"
        else:
            what = "the cost is no longer finite"
        if max_stable_alpha > 0:
            limit = f"stable on this data only for 0 < alpha < {max_stable_alpha:.6g}"
        else:
            limit = "stable on this data for no alpha: its x values are too large"
        super().__init__(
            f"training diverged at epoch {epoch} with alpha={alpha!r}: {what}; gradient"
            f" descent is {limit}"
        )


def max_stable_alpha(x_train: Sequence[float]) -> float:
    """The largest learning rate for which gradient descent converges on ``x_train``.

    The average cost is a quadratic bowl whose curvature (Hessian) matrix is
    ``[[mean(x**2), mean(x)], [mean(x), 1]]``. Gradient descent shrinks the error
    along each eigenvector by ``1 - alpha * eigenvalue`` per step, so it converges
    only while ``alpha < 2 / largest eigenvalue``.

    Raises:
        TypeError: If ``x_train`` is not a sequence of real numbers.
        ValueError: If ``x_train`` is empty or holds NaN or infinity, or its values are
            so large that the curvature overflows.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> x_train = generate_data_sets()[0]
        >>> round(max_stable_alpha(x_train), 7)
        0.000609
        >>> max_stable_alpha([1e308, 1e308])
        Traceback (most recent call last):
        ...
        ValueError: x_train holds values too large: the mean of their squares overflows a float
    """
    limit = stable_limit(check_sequence("x_train", x_train))
    if limit == 0:
        raise ValueError(
            "x_train holds values too large: the mean of their squares overflows a float"
        )
    return limit


def stable_limit(x_train: Sequence[float]) -> float:
    """:func:`max_stable_alpha` of checked data, 0.0 where the curvature overflows."""
    m = len(x_train)
    try:
        mean_x = math.fsum(x_train) / m
        mean_x2 = math.fsum(x * x for x in x_train) / m
    except OverflowError:  # fsum's partial sums overflowed
        return 0.0
    # Largest eigenvalue of the symmetric 2x2 matrix [[a, c], [c, d]].
    a, c, d = mean_x2, mean_x, 1.0
    largest = (a + d) / 2 + math.hypot((a - d) / 2, c)
    return 2 / largest


def check_rise(
    cost_history: Sequence[float] | NDArray[np.float64], alpha: float, x_train: Sequence[float]
) -> TrainingDiverged | None:
    """The divergence of a finished run whose floats did not overflow, or ``None``.

    A run diverged if its cost ended above where it started with ``alpha`` at or over the
    stable limit: it was climbing the bowl's walls. Shared by all three trainers, so
    they report such a run alike, at its last epoch.
    """
    if len(cost_history) > 1 and cost_history[-1] > cost_history[0]:
        limit = stable_limit(x_train)
        if alpha >= limit:
            history = [float(cost) for cost in cost_history[:]]
            return TrainingDiverged(len(cost_history), alpha, limit, history, rose=True)
    return None


def check_training_arguments(
    model: object,
    epochs: object,
    alpha: object,
    x_train: object,
    y_train: object,
    callback: object = None,
) -> tuple[int, float, Sequence[float], Sequence[float]]:
    """Check the arguments of a training function; return ``(epochs, alpha, x_train, y_train)``.

    Shared by :func:`train_model` and the fast trainers, so all of them refuse the same
    inputs with the same messages.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
    """
    if not isinstance(model, NanoNeuron):
        raise TypeError(f"model must be a NanoNeuron, got {type(model).__name__}")
    # w and b can be set after the model was made: check what training starts from (a NumPy
    # scalar becomes the Python number equal to it, so training never runs in a narrower type).
    model.w = check_number("model.w", model.w)
    model.b = check_number("model.b", model.b)
    count = check_epochs(epochs)
    rate = check_positive("alpha", alpha)
    xs, ys = check_data("x_train", x_train, "y_train", y_train)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {type(callback).__name__}")
    return count, rate, xs, ys


def train_model(
    model: NanoNeuron,
    epochs: int,
    alpha: float,
    x_train: Sequence[float],
    y_train: Sequence[float],
    callback: EpochCallback | None = None,
    *,
    keep_history: bool = True,
) -> list[float]:
    """Train ``model`` in place by full-batch gradient descent; return the cost history.

    Each epoch runs forward propagation (predict everything, measure the average
    cost), records the cost, runs backward propagation (which way to move), and
    takes one step of size ``alpha`` in that direction.

    Args:
        model: The neuron to train; its ``w`` and ``b`` are updated in place.
        epochs: How many steps to take (0 or more).
        alpha: The learning rate, the size of each step (greater than 0).
        x_train: Training inputs.
        y_train: Training outputs, one per input.
        callback: Optional ``callback(epoch, cost)`` called after each epoch, e.g. for a
            progress bar.
        keep_history: ``False`` keeps only the first and the last cost, for long runs
            whose history is not wanted.

    Returns:
        The cost before each update: ``epochs`` numbers, the first measured at the
        starting parameters and the last before the final step (with
        ``keep_history=False``, only the first and the last of them).

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        TrainingDiverged: If the cost stops being finite, or ends above where it started
            with ``alpha`` at or over :func:`max_stable_alpha`; ``model`` is then put back
            to where it started.

    An error raised by ``callback`` (or an interrupt, Ctrl-C) ends the run as it is: ``model``
    keeps the steps taken so far, as the original's loop would.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> x_train, y_train, _, _ = generate_data_sets()
        >>> neuron = NanoNeuron(w=0, b=0)
        >>> history = train_model(neuron, epochs=1000, alpha=0.0005, x_train=x_train, y_train=y_train)
        >>> history[0], history[-1]
        (8682.47, 100.62172866094845)
        >>> neuron
        NanoNeuron(w=2.2245104357253074, b=3.8429835826131225)

        These are the numbers the original JavaScript prints for the same run, bit for bit.
    """
    epochs, alpha, x_train, y_train = check_training_arguments(
        model, epochs, alpha, x_train, y_train, callback
    )
    keep_history = check_flag("keep_history", keep_history)  # guard

    start = (model.w, model.b)  # guard
    cost_history: list[float] = [] if keep_history else _Ends()
    for epoch in range(epochs):
        predictions, cost = forward_pass(model, x_train, y_train)
        if not math.isfinite(cost):  # guard
            model.w, model.b = start
            raise TrainingDiverged(epoch + 1, alpha, stable_limit(x_train), cost_history[:])
        cost_history.append(cost)
        dw, db = backward_pass(predictions, x_train, y_train)
        model.w += alpha * dw
        model.b += alpha * db
        if not (math.isfinite(model.w) and math.isfinite(model.b)):  # guard
            # The step overflowed: the cost of the next epoch would not be finite.
            model.w, model.b = start
            raise TrainingDiverged(epoch + 2, alpha, stable_limit(x_train), cost_history[:])
        if callback is not None:
            callback(epoch + 1, cost)
    diverged = check_rise(cost_history, alpha, x_train)  # guard
    if diverged is not None:  # guard
        model.w, model.b = start
        raise diverged
    return cost_history if keep_history else cost_history[:]


class _Ends(list[float]):
    """A cost history that keeps only its first and last entries (``len`` counts them all).

    Fills a gap for the command line: a run of many epochs prints two costs, and should
    not hold the rest in memory.
    """

    def __init__(self) -> None:
        super().__init__()
        self.appended = 0

    def append(self, cost: float) -> None:
        if self.appended < 2:
            super().append(cost)
        else:
            self[-1] = cost
        self.appended += 1

    def __len__(self) -> int:
        return self.appended
