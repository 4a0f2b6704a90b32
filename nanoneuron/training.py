"""Training: repeat forward and backward propagation, nudging ``w`` and ``b`` each time."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence

from nanoneuron._checks import check_data, check_number, check_sequence
from nanoneuron.model import NanoNeuron
from nanoneuron.propagation import backward_pass, forward_pass

#: Called as ``callback(epoch, cost)`` after each epoch (``epoch`` counts from 1).
EpochCallback = Callable[[int, float], None]


class TrainingDiverged(ArithmeticError):  # noqa: N818  # the name the issue and the docs use
    """Training blew up: the cost became infinite or NaN.

    The learning rate was too large for the data: each step overshot the bottom of
    the cost bowl by more than the last, until the numbers overflowed.

    Attributes:
        epoch: The epoch (counting from 1) whose cost was not finite: one more than the
            number of finite costs in ``cost_history``.
        alpha: The learning rate that was used.
        max_stable_alpha: The learning rate above which gradient descent diverges on
            this data set (``2 / largest eigenvalue`` of the cost's curvature matrix).
        cost_history: The finite costs of the epochs before ``epoch``.
    """

    def __init__(
        self, epoch: int, alpha: float, max_stable_alpha: float, cost_history: list[float]
    ) -> None:
        self.epoch = epoch
        self.alpha = alpha
        self.max_stable_alpha = max_stable_alpha
        self.cost_history = cost_history
        super().__init__(
            f"training diverged at epoch {epoch} with alpha={alpha!r}: the cost is no longer"
            f" finite; gradient descent is stable on this data only for"
            f" 0 < alpha < {max_stable_alpha:.6g}"
        )


def max_stable_alpha(x_train: Sequence[float]) -> float:
    """The largest learning rate for which gradient descent converges on ``x_train``.

    The average cost is a quadratic bowl whose curvature (Hessian) matrix is
    ``[[mean(x**2), mean(x)], [mean(x), 1]]``. Gradient descent shrinks the error
    along each eigenvector by ``1 - alpha * eigenvalue`` per step, so it converges
    only while ``alpha < 2 / largest eigenvalue``.

    Raises:
        TypeError: If ``x_train`` is not a sequence of real numbers.
        ValueError: If ``x_train`` is empty or holds NaN or infinity.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> x_train = generate_data_sets()[0]
        >>> round(max_stable_alpha(x_train), 7)
        0.000609
    """
    x_train = check_sequence("x_train", x_train)
    m = len(x_train)
    mean_x = math.fsum(x_train) / m
    mean_x2 = math.fsum(x * x for x in x_train) / m
    # Largest eigenvalue of the symmetric 2x2 matrix [[a, c], [c, d]].
    a, c, d = mean_x2, mean_x, 1.0
    largest = (a + d) / 2 + math.hypot((a - d) / 2, c)
    return 2 / largest


def check_epochs(epochs: object) -> int:
    """Return ``epochs`` as an ``int`` if it is a whole number ≥ 0; raise naming it otherwise."""
    if isinstance(epochs, bool):
        raise TypeError(f"epochs must be an integer, got bool {epochs!r}")
    try:
        count = operator.index(epochs)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"epochs must be an integer, got {type(epochs).__name__} {epochs!r}"
        ) from None
    if count < 0:
        raise ValueError(f"epochs must be 0 or more, got {count}")
    return count


def check_alpha(alpha: object) -> float:
    """Return ``alpha`` if it is a finite number > 0; raise naming it otherwise."""
    value = check_number("alpha", alpha)
    if value <= 0:
        raise ValueError(f"alpha must be greater than 0, got {alpha!r}")
    return value


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
    count = check_epochs(epochs)
    rate = check_alpha(alpha)
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

    Returns:
        The cost before each update: ``epochs`` numbers, the first measured at the
        starting parameters and the last before the final step.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        TrainingDiverged: If the cost stops being finite; ``model`` is then put back
            to where it started.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> x_train, y_train, _, _ = generate_data_sets()
        >>> neuron = NanoNeuron(w=0.5, b=0.5)
        >>> history = train_model(neuron, epochs=70000, alpha=0.0005, x_train=x_train, y_train=y_train)
        >>> history[0], history[-1]
        (5297.707500000001, 2.431849896945886e-06)
        >>> neuron
        NanoNeuron(w=1.80006599497466, b=31.99562267160337)
    """
    epochs, alpha, x_train, y_train = check_training_arguments(
        model, epochs, alpha, x_train, y_train, callback
    )

    start = (model.w, model.b)
    cost_history: list[float] = []
    for epoch in range(epochs):
        predictions, cost = forward_pass(model, x_train, y_train)
        if not math.isfinite(cost):
            model.w, model.b = start
            raise TrainingDiverged(epoch + 1, alpha, max_stable_alpha(x_train), cost_history)
        cost_history.append(cost)
        dw, db = backward_pass(predictions, x_train, y_train)
        model.w += alpha * dw
        model.b += alpha * db
        if not (math.isfinite(model.w) and math.isfinite(model.b)):
            # The step overflowed: the cost of the next epoch would not be finite.
            model.w, model.b = start
            raise TrainingDiverged(epoch + 2, alpha, max_stable_alpha(x_train), cost_history)
        if callback is not None:
            callback(epoch + 1, cost)
    return cost_history
