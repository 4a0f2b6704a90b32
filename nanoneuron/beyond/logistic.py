"""A sigmoid neuron that answers a yes-or-no question, and the cost that suits it.

The article's neuron answers "how many degrees Fahrenheit?" with any number at all.
Here a neuron answers "is it warm?" (warmer than 20 °C) with a probability between
0 and 1: it squashes its weighted sum ``z = w * x + b`` through the sigmoid
``1 / (1 + exp(-z))``. It learns with the cross-entropy cost (log loss), which
keeps pulling hard however wrong the neuron is; the squared error of the article,
put behind a sigmoid, goes nearly flat exactly when the neuron is most wrong.

Every function takes NumPy arrays (or anything :func:`numpy.asarray` accepts) and
is written to stay finite for any finite input: the sigmoid and the log loss are
computed with :func:`numpy.logaddexp`, never as ``log(sigmoid(z))``, so
``log(0)`` never happens.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from nanoneuron._checks import (
    check_count,
    check_epochs,
    check_nonnegative,
    check_number,
    check_positive,
    check_seed,
)
from nanoneuron._checks import finite_array as finite_array  # used by the chart modules too

#: A float64 NumPy array.
FloatArray = npt.NDArray[np.float64]
#: A boolean NumPy array.
BoolArray = npt.NDArray[np.bool_]
#: The two costs a sigmoid neuron can learn with.
Cost = Literal["cross-entropy", "squared-error"]

#: The temperature (°C) above which a day counts as warm.
WARM_ABOVE = 20.0


def _labels(name: str, values: object) -> FloatArray:
    """One-dimensional labels, each 0 or 1 (booleans allowed), as floats."""
    if isinstance(values, np.ndarray) and values.dtype == np.bool_:
        values = values.astype(np.float64)
    elif isinstance(values, (list, tuple)) and all(isinstance(v, bool) for v in values):
        values = [float(v) for v in values]
    labels = finite_array(name, values)
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError(f"{name} must hold only 0 and 1 (or False and True)")
    return labels


def _same_length(x_name: str, x: FloatArray, y_name: str, y: FloatArray) -> None:
    if x.shape != y.shape:
        raise ValueError(
            f"{x_name} and {y_name} must have the same shape, got {x.shape} and {y.shape}"
        )


def sigmoid(z: npt.ArrayLike) -> FloatArray:
    """The sigmoid ``1 / (1 + exp(-z))``: squashes any number into (0, 1).

    Computed as ``exp(-logaddexp(0, -z))``, which never overflows.

    Args:
        z: A number or an array of numbers (the neuron's weighted sum).

    Returns:
        An array of the same shape, each value in [0, 1].

    Examples:
        >>> sigmoid([-800.0, -2.0, 0.0, 2.0, 800.0]).round(4)
        array([0.    , 0.1192, 0.5   , 0.8808, 1.    ])
    """
    values = finite_array("z", z)
    return np.exp(-np.logaddexp(0.0, -values))


def sigmoid_slope(z: npt.ArrayLike) -> FloatArray:
    """The slope of the sigmoid, ``sigmoid(z) * (1 - sigmoid(z))``: at most 1/4, at ``z = 0``.

    Examples:
        >>> sigmoid_slope([-10.0, 0.0, 10.0]).round(5)
        array([5.0e-05, 2.5e-01, 5.0e-05])
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z: npt.ArrayLike) -> FloatArray:
    """The rectified linear unit ``max(0, z)``: zero for negative input, ``z`` itself otherwise.

    Examples:
        >>> relu([-2.0, 0.0, 3.0])
        array([0., 0., 3.])
    """
    return np.maximum(finite_array("z", z), 0.0)


def relu_slope(z: npt.ArrayLike) -> FloatArray:
    """The slope of :func:`relu`: 0 for ``z <= 0`` (the kink counts as 0) and 1 above.

    Examples:
        >>> relu_slope([-2.0, 0.0, 3.0])
        array([0., 0., 1.])
    """
    return (finite_array("z", z) > 0).astype(np.float64)


def log_loss(z: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """Cross-entropy of each prediction ``sigmoid(z)`` against its label ``y`` (0 or 1).

    ``-y * log(p) - (1 - y) * log(1 - p)`` with ``p = sigmoid(z)``. Since
    ``-log(sigmoid(z)) = log(1 + exp(-z))`` and ``-log(1 - sigmoid(z)) = log(1 + exp(z))``,
    it is computed as ``logaddexp(0, -z)`` for ``y = 1`` and ``logaddexp(0, z)`` for
    ``y = 0``: accurate to the last digits and finite even when ``p`` rounds to 0 or 1.

    Args:
        z: The neuron's weighted sums.
        y: The labels, 0 or 1, one per ``z``.

    Returns:
        The loss of each example, 0 or more.

    Examples:
        A warm day (``y = 1``) called cold with great confidence costs about ``-z``:

        >>> log_loss([0.0, -50.0, 50.0], [1, 1, 1]).round(4)
        array([ 0.6931, 50.    ,  0.    ])
    """
    zs = finite_array("z", z)
    ys = _labels("y", y)
    _same_length("z", zs, "y", ys)
    # (1 - 2y) is -1 for a warm day and +1 for the others.
    return np.logaddexp(0.0, (1.0 - 2.0 * ys) * zs)


def log_loss_slope(z: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """The slope of :func:`log_loss` with respect to ``z``: simply ``sigmoid(z) - y``.

    Examples:
        >>> log_loss_slope([-50.0, 0.0], [1, 1]).round(4)
        array([-1. , -0.5])
    """
    zs = finite_array("z", z)
    ys = _labels("y", y)
    _same_length("z", zs, "y", ys)
    return sigmoid(zs) - ys


def squared_loss(z: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """The article's squared error put behind a sigmoid: ``(y - sigmoid(z)) ** 2 / 2``.

    It can never exceed 1/2, however wrong the prediction.

    Examples:
        >>> squared_loss([0.0, -50.0, 50.0], [1, 1, 1]).round(4)
        array([0.125, 0.5  , 0.   ])
    """
    zs = finite_array("z", z)
    ys = _labels("y", y)
    _same_length("z", zs, "y", ys)
    return (ys - sigmoid(zs)) ** 2 / 2


def squared_loss_slope(z: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """The slope of :func:`squared_loss`: ``(sigmoid(z) - y) * sigmoid_slope(z)``.

    The sigmoid's slope multiplies in, so the pull vanishes when the sigmoid
    saturates, right or wrong.

    Examples:
        >>> squared_loss_slope([-50.0, 0.0], [1, 1]).round(4)
        array([-0.   , -0.125])
    """
    zs = finite_array("z", z)
    ys = _labels("y", y)
    _same_length("z", zs, "y", ys)
    s = sigmoid(zs)
    return (s - ys) * s * (1.0 - s)


_Loss = Callable[[npt.ArrayLike, npt.ArrayLike], FloatArray]
_LOSSES: dict[str, tuple[_Loss, _Loss]] = {
    "cross-entropy": (log_loss, log_loss_slope),
    "squared-error": (squared_loss, squared_loss_slope),
}


def _check_cost(cost: object) -> Cost:
    if cost not in get_args(Cost):
        raise ValueError(f"cost must be one of {get_args(Cost)}, got {cost!r}")
    return cost  # type: ignore[return-value]  # checked just above


def warm_days(
    count: int,
    *,
    seed: int,
    noise: float = 1.5,
    low: float = 0.0,
    high: float = 40.0,
) -> tuple[FloatArray, FloatArray]:
    """Thermometer readings of random days, each labelled 1 if the day was warm.

    Each day's true temperature is drawn uniformly from ``[low, high)`` °C; the day
    is warm (label 1) if that temperature is above :data:`WARM_ABOVE` (20 °C). The
    neuron sees only a thermometer reading, the true temperature plus Gaussian noise
    of standard deviation ``noise``, so near 20 °C no rule can be always right.

    Args:
        count: How many days (1 or more).
        seed: Seed of the random generator; the same seed gives the same days.
        noise: Standard deviation of the thermometer's error, in °C (0 or more).
        low: Coldest possible day, °C.
        high: Warmest possible day, °C (above ``low``).

    Returns:
        ``(readings, labels)``: two arrays of ``count`` floats.

    Raises:
        TypeError: If an argument is not a number of the right kind.
        ValueError: If ``count`` < 1, ``noise`` < 0, ``high <= low``, or a value is
            not finite.

    Examples:
        >>> readings, labels = warm_days(3, seed=1)
        >>> readings.round(1), labels
        (array([18.5, 39.4,  6.4]), array([1., 1., 0.]))

        The first day was warm, though the thermometer read 18.5 °C.
    """
    count = check_count("count", count, 1)
    seed = check_seed(seed)
    noise = check_nonnegative("noise", noise)
    low = check_number("low", low)
    high = check_number("high", high)
    if high <= low:
        raise ValueError(f"high must be above low, got low={low!r} and high={high!r}")
    rng = np.random.default_rng(seed)
    true = rng.uniform(low, high, int(count))
    readings = true + rng.normal(0.0, noise, int(count)) if noise > 0 else true.copy()
    return readings, (true > WARM_ABOVE).astype(np.float64)


@dataclass(frozen=True)
class SigmoidNeuron:
    """A neuron that answers yes or no: ``p = sigmoid(w * (x - center) / scale + b)``.

    ``center`` and ``scale`` standardize the reading (see the chapter on input
    normalization) so gradient descent needs few steps; they are fixed from the
    training readings, and only ``w`` and ``b`` are learned.

    Args:
        w: The weight.
        b: The bias.
        center: Subtracted from each reading (°C).
        scale: Each centred reading is divided by it (°C, greater than 0).

    Raises:
        TypeError: If a field is not a real number.
        ValueError: If a field is not finite, or ``scale`` is not above 0.

    Examples:
        >>> neuron = SigmoidNeuron(w=2.0, b=0.0, center=20.0, scale=5.0)
        >>> neuron.probability([10.0, 20.0, 30.0]).round(3)
        array([0.018, 0.5  , 0.982])
        >>> neuron.predict([19.0, 21.0])
        array([False,  True])
        >>> neuron.threshold
        20.0
    """

    w: float
    b: float
    center: float = 0.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        for field in ("w", "b", "center", "scale"):
            object.__setattr__(self, field, float(check_number(field, getattr(self, field))))
        if self.scale <= 0:
            raise ValueError(f"scale must be greater than 0, got {self.scale!r}")

    def logit(self, readings: npt.ArrayLike) -> FloatArray:
        """The weighted sum ``z`` for each reading, before the sigmoid."""
        x = finite_array("readings", readings)
        return self.w * ((x - self.center) / self.scale) + self.b

    def probability(self, readings: npt.ArrayLike) -> FloatArray:
        """The neuron's probability that each reading is from a warm day."""
        return sigmoid(self.logit(readings))

    def predict(self, readings: npt.ArrayLike) -> BoolArray:
        """``True`` where the neuron says warm (probability above 1/2)."""
        return self.logit(readings) > 0

    @property
    def threshold(self) -> float:
        """The reading (°C) where the probability is exactly 1/2: the learned boundary.

        Raises:
            ValueError: If ``w`` is 0: every reading then gets the same answer; or if the
                threshold overflows.
        """
        if self.w == 0:
            raise ValueError("w is 0: the neuron gives every reading the same probability")
        threshold = self.center - self.scale * self.b / self.w
        if not math.isfinite(threshold):
            raise ValueError(
                f"the threshold overflows: b / w = {self.b!r} / {self.w!r} is too large"
            )
        return threshold

    def accuracy(self, readings: npt.ArrayLike, labels: npt.ArrayLike) -> float:
        """The fraction of readings whose prediction matches the label.

        Examples:
            >>> SigmoidNeuron(w=1.0, b=-20.0).accuracy([10.0, 30.0, 25.0], [0, 1, 0])
            0.6666666666666666
        """
        x = finite_array("readings", readings, ndim=1)
        y = _labels("labels", labels)
        _same_length("readings", x, "labels", y)
        return float(np.mean(self.predict(x) == (y == 1)))


def cost_gradient(
    neuron: SigmoidNeuron, readings: npt.ArrayLike, labels: npt.ArrayLike, cost: Cost
) -> tuple[float, float, float]:
    """The average cost over the examples, and its gradient with respect to ``w`` and ``b``.

    Args:
        neuron: The neuron.
        readings: Its inputs (°C), one-dimensional.
        labels: 0 or 1 for each reading.
        cost: ``"cross-entropy"`` or ``"squared-error"``.

    Returns:
        ``(J, dJ/dw, dJ/db)``. Unlike the article's ``backwardPropagation``, these
        are the gradient itself; a step goes against it.

    Raises:
        TypeError: If ``neuron`` is not a :class:`SigmoidNeuron` or the data are not numbers.
        ValueError: If the data are empty, of different lengths, not finite, the
            labels not 0 or 1, or ``cost`` unknown.

    Examples:
        A neuron that confidently calls a warm day cold: cross-entropy still pulls
        with almost the full slope, squared error barely at all.

        >>> neuron = SigmoidNeuron(w=-8.0, b=0.0)
        >>> [round(v, 4) for v in cost_gradient(neuron, [1.0], [1], "cross-entropy")]
        [8.0003, -0.9997, -0.9997]
        >>> [round(v, 4) for v in cost_gradient(neuron, [1.0], [1], "squared-error")]
        [0.4997, -0.0003, -0.0003]
    """
    if not isinstance(neuron, SigmoidNeuron):
        raise TypeError(f"neuron must be a SigmoidNeuron, got {type(neuron).__name__}")
    x = finite_array("readings", readings, ndim=1)
    y = _labels("labels", labels)
    _same_length("readings", x, "labels", y)
    loss, slope = _LOSSES[_check_cost(cost)]
    return _cost_gradient(neuron, x, y, loss, slope)


def _cost_gradient(
    neuron: SigmoidNeuron, x: FloatArray, y: FloatArray, loss: _Loss, slope: _Loss
) -> tuple[float, float, float]:
    return _gradient_step(neuron.w, neuron.b, (x - neuron.center) / neuron.scale, y, loss, slope)


def _gradient_step(
    w: float, b: float, standardized: FloatArray, y: FloatArray, loss: _Loss, slope: _Loss
) -> tuple[float, float, float]:
    with np.errstate(over="ignore", invalid="ignore"):
        z = w * standardized + b
    if not np.all(np.isfinite(z)):  # guard
        raise FloatingPointError("the weighted sums overflowed")
    dz = slope(z, y)
    # Chain rule: z = w * s + b, so dz/dw = s and dz/db = 1.
    return float(np.mean(loss(z, y))), float(np.mean(dz * standardized)), float(np.mean(dz))


@dataclass(frozen=True)
class SigmoidTraining:
    """The result of :func:`train_sigmoid_neuron`.

    Attributes:
        neuron: The trained neuron.
        cost: The cost it was trained with.
        cost_history: The average cost before each step, one per epoch.
        accuracy_history: The training accuracy before each step, one per epoch.
    """

    neuron: SigmoidNeuron
    cost: Cost
    cost_history: list[float]
    accuracy_history: list[float]


def train_sigmoid_neuron(
    readings: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    cost: Cost = "cross-entropy",
    epochs: int = 1000,
    alpha: float = 1.0,
    w: float = 0.0,
    b: float = 0.0,
) -> SigmoidTraining:
    """Train a :class:`SigmoidNeuron` by full-batch gradient descent, like the article's neuron.

    The readings are standardized with their own mean and standard deviation, then
    each epoch measures the cost and accuracy, and steps ``w`` and ``b`` against the
    gradient.

    Args:
        readings: Training inputs (°C), one-dimensional, not all equal.
        labels: 0 or 1 for each reading.
        cost: ``"cross-entropy"`` (the right one) or ``"squared-error"`` (the article's).
        epochs: How many steps (0 or more).
        alpha: The learning rate (greater than 0).
        w: The starting weight (on the standardized reading).
        b: The starting bias.

    Returns:
        The trained neuron and its histories.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        FloatingPointError: If the cost stops being finite (``alpha`` far too large).

    Examples:
        >>> readings, labels = warm_days(200, seed=1)
        >>> training = train_sigmoid_neuron(readings, labels, epochs=500)
        >>> round(training.neuron.threshold, 1), training.accuracy_history[-1]
        (19.8, 0.965)
    """
    x = finite_array("readings", readings, ndim=1)
    y = _labels("labels", labels)
    _same_length("readings", x, "labels", y)
    loss, slope = _LOSSES[_check_cost(cost)]
    epochs = check_epochs(epochs)
    alpha = float(check_positive("alpha", alpha))
    with np.errstate(over="ignore", invalid="ignore"):
        scale = float(np.std(x))
    if scale == 0:
        raise ValueError("readings must not all be equal")
    if not math.isfinite(scale):
        raise ValueError("readings hold values too large: their spread overflows a float")
    start = SigmoidNeuron(w=w, b=b, center=float(np.mean(x)), scale=scale)
    standardized = (x - start.center) / start.scale
    warm = y == 1
    w, b = start.w, start.b
    costs: list[float] = []
    accuracies: list[float] = []
    for epoch in range(epochs):
        try:
            value, dw, db = _gradient_step(w, b, standardized, y, loss, slope)
        except FloatingPointError:
            value = dw = db = math.inf
        w, b, old_w, old_b = w - alpha * dw, b - alpha * db, w, b
        if not (math.isfinite(w) and math.isfinite(b)):
            raise FloatingPointError(
                f"training diverged at epoch {epoch + 1} with alpha={alpha!r}; try a smaller alpha"
            )
        costs.append(value)
        accuracies.append(float(np.mean(((old_w * standardized + old_b) > 0) == warm)))
    neuron = SigmoidNeuron(w=w, b=b, center=start.center, scale=start.scale)
    return SigmoidTraining(neuron, _check_cost(cost), costs, accuracies)
