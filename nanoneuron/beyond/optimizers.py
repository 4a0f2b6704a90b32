"""Momentum and Adam: two ways down the narrow valley that take fewer steps than plain descent.

The article's cost bowl is a long, narrow valley (see :class:`~nanoneuron.bowl.CostBowl`):
about 12945 times steeper across than along. Plain gradient descent must keep its learning
rate below ``2 / λ₁`` not to overshoot across the valley, and then crawls along it.

- *Heavy-ball momentum* (:func:`train_momentum`) keeps a running sum of past gradients, a
  velocity. Across the valley the gradient flips sign every step and the sum cancels; along
  the valley it points the same way every step and the sum builds up speed. With the two
  settings of :func:`momentum_settings`, computed from the bowl's two eigenvalues, the error
  shrinks by ``(√κ - 1) / (√κ + 1)`` per step instead of plain descent's ``(κ - 1) / (κ + 1)``.
- *Adam* (:func:`train_adam`) divides each parameter's step by a running size of its own
  gradients, so steep and flat directions take steps of about the same length.

Both train a :class:`~nanoneuron.NanoNeuron` in place, taking each epoch's cost and slope
from the bowl (the same numbers as forward and backward propagation, in a few operations),
refuse bad settings like :func:`~nanoneuron.train_model`, and raise
:class:`~nanoneuron.TrainingDiverged` when the cost stops being finite. They return a
:class:`~nanoneuron.beyond.normalization.DescentPath`: every ``(w, b)`` and the cost history.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from nanoneuron._checks import check_number
from nanoneuron.beyond.normalization import DescentPath
from nanoneuron.bowl import CostBowl, FloatArray
from nanoneuron.model import NanoNeuron
from nanoneuron.training import TrainingDiverged, check_training_arguments, max_stable_alpha

__all__ = [
    "MomentumSettings",
    "bowl_cost_and_slope",
    "gradient_descent_path",
    "momentum_settings",
    "train_adam",
    "train_momentum",
]

#: Adam's usual settings (Kingma and Ba, 2015): learning rate, two decay rates, epsilon.
ADAM_DEFAULTS = {"alpha": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}

#: One update: ``step(epoch, dw, db) -> (change of w, change of b)``; ``dw, db`` as the article's.
_Step = Callable[[int, float, float], tuple[float, float]]


class MomentumSettings(NamedTuple):
    """The best heavy-ball settings for a quadratic bowl, and how fast they converge.

    Attributes:
        alpha: The learning rate, ``4 / (√λ₁ + √λ₂)²``.
        beta: The momentum, ``((√λ₁ - √λ₂) / (√λ₁ + √λ₂))²``.
        rate: The factor the distance to the bottom shrinks by per epoch, ``√beta``
            (over many epochs; at these settings each axis is critically damped).
        plain_rate: The same factor for plain gradient descent at its best learning
            rate ``2 / (λ₁ + λ₂)``: ``(λ₁ - λ₂) / (λ₁ + λ₂)``.
    """

    alpha: float
    beta: float
    rate: float
    plain_rate: float


def momentum_settings(bowl: CostBowl) -> MomentumSettings:
    """The learning rate and momentum that make heavy-ball descend fastest on ``bowl``.

    Along an axis of curvature ``λ`` heavy-ball momentum multiplies the error by the roots
    of ``r² - (1 + beta - alpha λ) r + beta``. Both roots have size ``√beta`` whenever
    ``(1 - √beta)² ≤ alpha λ ≤ (1 + √beta)²``; choosing ``alpha`` and ``beta`` so that the
    flattest axis sits at the left end and the steepest at the right end makes ``√beta``
    as small as both ends allow (Polyak, 1964; Goh, "Why Momentum Really Works", 2017).

    Args:
        bowl: The cost bowl, from :meth:`~nanoneuron.bowl.CostBowl.from_data`.

    Returns:
        The :class:`MomentumSettings`.

    Raises:
        TypeError: If ``bowl`` is not a :class:`~nanoneuron.bowl.CostBowl`.
        ValueError: If the bowl is flat along one axis (all inputs equal).

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> settings = momentum_settings(CostBowl.from_data(*generate_data_sets()[:2]))
        >>> f"{settings.alpha:.4g} {settings.beta:.4f} {settings.rate:.4f}"
        '0.001197 0.9655 0.9826'
    """
    if not isinstance(bowl, CostBowl):
        raise TypeError(f"bowl must be a CostBowl, got {type(bowl).__name__}")
    large, small = bowl.eigenvalues
    if not small > 0:
        raise ValueError("bowl must curve along both axes: x must hold two different values")
    steep, flat = math.sqrt(large), math.sqrt(small)
    rate = (steep - flat) / (steep + flat)
    return MomentumSettings(
        alpha=4 / (steep + flat) ** 2,
        beta=rate * rate,
        rate=rate,
        plain_rate=(large - small) / (large + small),
    )


def _check_fraction(name: str, value: object) -> float:
    number = float(check_number(name, value))
    if not 0 <= number < 1:
        raise ValueError(f"{name} must be at least 0 and below 1, got {value!r}")
    return number


def bowl_cost_and_slope(bowl: CostBowl) -> Callable[[float, float], tuple[float, float, float]]:
    """A function of ``(w, b)`` giving the average cost and its slope, from the bowl alone.

    ``J = min_cost + ½ Δᵀ H Δ`` and ``∇J = H Δ``, with ``Δ = (w, b) - θ*``: a few float
    operations, whatever the number of examples.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> cost_and_slope = bowl_cost_and_slope(CostBowl.from_data(*generate_data_sets()[:2]))
        >>> [round(value, 6) for value in cost_and_slope(0.5, 0.5)]
        [5297.7075, -5827.8, -95.85]
    """
    if not isinstance(bowl, CostBowl):
        raise TypeError(f"bowl must be a CostBowl, got {type(bowl).__name__}")
    (a, c), (_, d) = bowl.curvature.tolist()
    w_min, b_min, floor = bowl.w_min, bowl.b_min, bowl.min_cost

    def cost_and_slope(w: float, b: float) -> tuple[float, float, float]:
        off_w, off_b = w - w_min, b - b_min
        slope_w, slope_b = a * off_w + c * off_b, c * off_w + d * off_b
        return floor + (off_w * slope_w + off_b * slope_b) / 2, slope_w, slope_b

    return cost_and_slope


def _descend(
    model: NanoNeuron, epochs: int, bowl: CostBowl, step: _Step, alpha: float, limit: float
) -> DescentPath:
    """The loop shared by both trainers: measure the cost, record it, move by ``step``.

    The cost is a quadratic bowl, so its value and slope at ``θ = (w, b)`` follow from the
    bowl alone: ``J = min_cost + ½ Δᵀ H Δ`` and ``∇J = H Δ`` with ``Δ = θ - θ*``. These are
    the numbers forward and backward propagation compute from all the examples (equal up to
    rounding; the tests check it), in a handful of float operations per epoch whatever the
    size of the data: 40000 epochs of Adam take a fraction of a second.
    """
    cost_and_slope = bowl_cost_and_slope(bowl)
    w, b = float(model.w), float(model.b)
    ws, bs = [model.w], [model.b]
    history: list[float] = []
    for epoch in range(epochs):
        cost, slope_w, slope_b = cost_and_slope(w, b)
        if not math.isfinite(cost):  # the model is untouched: it is only written at the end
            raise TrainingDiverged(epoch + 1, alpha, limit, history)
        history.append(cost)
        change_w, change_b = step(epoch, -slope_w, -slope_b)  # the article's dw, db
        w += change_w
        b += change_b
        if not (math.isfinite(w) and math.isfinite(b)):
            raise TrainingDiverged(epoch + 2, alpha, limit, history)
        ws.append(w)
        bs.append(b)
    if epochs:
        model.w, model.b = w, b
    return DescentPath(ws, bs, history)


def train_momentum(
    model: NanoNeuron,
    epochs: int,
    alpha: float,
    beta: float,
    x_train: Sequence[float],
    y_train: Sequence[float],
) -> DescentPath:
    """Train ``model`` in place by gradient descent with heavy-ball momentum.

    Each epoch adds the article's step direction ``(dw, db)`` (the negative gradient) to a
    velocity that keeps ``beta`` of its previous value, then moves by ``alpha`` times the
    velocity::

        velocity = beta * velocity + (dw, db)
        (w, b) += alpha * velocity

    With ``beta = 0`` this is the article's plain gradient descent.

    Args:
        model: The neuron to train; its ``w`` and ``b`` are updated in place.
        epochs: How many steps to take (0 or more).
        alpha: The learning rate (greater than 0).
        beta: The momentum, the share of the velocity kept each step (at least 0, below 1).
        x_train: Training inputs.
        y_train: Training outputs, one per input.

    Returns:
        The path: ``epochs + 1`` values of ``w`` and ``b`` (the start first), and the cost
        before each update (``epochs`` values, as :func:`~nanoneuron.train_model` returns).

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        TrainingDiverged: If the cost stops being finite; ``model`` is left as it
            started. Its ``max_stable_alpha`` is heavy-ball's limit for this ``beta``,
            ``2 (1 + beta) / λ₁``.

    Examples:
        >>> path = train_momentum(NanoNeuron(0, 0), 3, alpha=0.5, beta=0.5, x_train=[-1, 1], y_train=[-1, 3])
        >>> path.w, path.b
        ([0, 1.0, 2.0, 2.5], [0, 0.5, 1.0, 1.25])
    """
    epochs, alpha, x_train, y_train = check_training_arguments(
        model, epochs, alpha, x_train, y_train
    )
    beta = _check_fraction("beta", beta)
    velocity = [0.0, 0.0]

    def step(epoch: int, dw: float, db: float) -> tuple[float, float]:
        velocity[0] = beta * velocity[0] + dw
        velocity[1] = beta * velocity[1] + db
        return alpha * velocity[0], alpha * velocity[1]

    limit = (1 + beta) * max_stable_alpha(x_train)
    return _descend(model, epochs, CostBowl.from_data(x_train, y_train), step, alpha, limit)


def train_adam(
    model: NanoNeuron,
    epochs: int,
    x_train: Sequence[float],
    y_train: Sequence[float],
    alpha: float = ADAM_DEFAULTS["alpha"],
    beta1: float = ADAM_DEFAULTS["beta1"],
    beta2: float = ADAM_DEFAULTS["beta2"],
    epsilon: float = ADAM_DEFAULTS["epsilon"],
) -> DescentPath:
    """Train ``model`` in place with Adam (Kingma and Ba, 2015), one full batch per step.

    Adam keeps, for each parameter, a running mean of its gradient ``g`` and of ``g²``
    (decaying by ``beta1`` and ``beta2``), corrects both for starting at zero, and steps by
    ``alpha * mean / (√(mean of squares) + epsilon)``: about ``alpha`` per step for every
    parameter, however steep or flat its direction.

    Args:
        model: The neuron to train; its ``w`` and ``b`` are updated in place.
        epochs: How many steps to take (0 or more).
        x_train: Training inputs.
        y_train: Training outputs, one per input.
        alpha: The learning rate (greater than 0).
        beta1: Decay of the running mean of the gradient (at least 0, below 1).
        beta2: Decay of the running mean of its square (at least 0, below 1).
        epsilon: Added to the divisor so it is never 0 (greater than 0).

    Returns:
        The path and cost history, as :func:`train_momentum` returns them.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        TrainingDiverged: If the cost stops being finite; ``model`` is left as it
            started. Its ``max_stable_alpha`` is plain gradient descent's limit, for
            comparison: Adam's steps are bounded by about ``alpha``, so it overflows only
            at enormous learning rates.

    A ``ValueError`` also ends a run whose gradient's square overflows (``model`` is left as
    it started).

    Examples:
        >>> path = train_adam(NanoNeuron(0, 0), 2, x_train=[-1, 1], y_train=[-1, 3], alpha=0.1)
        >>> [round(w, 6) for w in path.w], [round(b, 6) for b in path.b]
        ([0, 0.1, 0.199834], [0, 0.1, 0.199588])
    """
    epochs, alpha, x_train, y_train = check_training_arguments(
        model, epochs, alpha, x_train, y_train
    )
    beta1 = _check_fraction("beta1", beta1)
    beta2 = _check_fraction("beta2", beta2)
    epsilon = float(check_number("epsilon", epsilon))
    if epsilon <= 0:
        raise ValueError(f"epsilon must be greater than 0, got {epsilon!r}")
    mean = [0.0, 0.0]  # running means of the gradient and of its square, for w and for b
    square = [0.0, 0.0]

    def step(epoch: int, dw: float, db: float) -> tuple[float, float]:
        # Written out for w and b in turn (this runs tens of thousands of times per chapter).
        g_w, g_b = -dw, -db  # the article's dw, db are minus the gradient
        mean[0] = beta1 * mean[0] + (1 - beta1) * g_w
        mean[1] = beta1 * mean[1] + (1 - beta1) * g_b
        square[0] = beta2 * square[0] + (1 - beta2) * g_w * g_w
        square[1] = beta2 * square[1] + (1 - beta2) * g_b * g_b
        if math.isinf(square[0]) or math.isinf(square[1]):
            # Adam would divide by infinity: that parameter would stop, and nothing would say.
            raise ValueError(
                f"the square of the gradient overflows at epoch {epoch + 1}: the data are too"
                " large for Adam; rescale them (standardize the inputs)"
            )
        # Correct both means for starting at zero.
        first, second = 1 - beta1 ** (epoch + 1), 1 - beta2 ** (epoch + 1)
        return (
            -alpha * (mean[0] / first) / (math.sqrt(square[0] / second) + epsilon),
            -alpha * (mean[1] / first) / (math.sqrt(square[1] / second) + epsilon),
        )

    bowl = CostBowl.from_data(x_train, y_train)
    return _descend(model, epochs, bowl, step, alpha, max_stable_alpha(x_train))


def gradient_descent_path(
    x_train: Sequence[float],
    y_train: Sequence[float],
    w: float,
    b: float,
    alpha: float,
    epochs: int,
) -> DescentPath:
    """The article's plain gradient descent from ``(w, b)``, every epoch at once, in closed form.

    :meth:`~nanoneuron.bowl.CostBowl.descent` gives every epoch's ``(w, b)`` and cost
    without stepping (the loop agrees with it to about one part in 10^9), so the 70000
    epochs of the article cost milliseconds and can be drawn beside the other paths.

    Returns:
        The path (``epochs + 1`` points) and its cost history (``epochs`` values).

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it), the data are
            too large for the cost bowl, or the path would not fit in memory.
        TrainingDiverged: At the epoch where the loop's cost would overflow (a start too far
            away, or ``alpha`` past the stable limit), as the loop stops there; a path that
            rises but stays finite is returned, to be drawn.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> path = gradient_descent_path(*generate_data_sets()[:2], 0.5, 0.5, 0.0005, 70000)
        >>> f"{path.cost_history[0]:.10g} {path.cost_history[-1]:.6g} {path.b[-1]:.6f}"
        '5297.7075 2.43185e-06 31.995623'
    """
    epochs, alpha, xs, ys = check_training_arguments(
        NanoNeuron(w, b), epochs, alpha, x_train, y_train
    )
    from nanoneuron.fast import _check_room
    from nanoneuron.training import TrainingDiverged, stable_limit

    # At its peak a path holds 16 doubles' worth per epoch (measured with tracemalloc: the
    # arrays, and the three lists returned, 32 bytes a float): refuse what cannot fit.
    _check_room(epochs, 16)
    descent = CostBowl.from_data(xs, ys).descent(float(w), float(b), alpha)
    steps = np.arange(epochs + 1, dtype=np.float64)
    x, y = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        ws, bs = descent.parameters(steps)
        costs: FloatArray = descent.costs(steps[:-1])
        overflow = descent.first_overflow(epochs, x, y)
    if overflow is not None or not (np.all(np.isfinite(ws)) and np.all(np.isfinite(bs))):
        # The loop stops here too: a path of infinities draws nothing.
        epoch = overflow if overflow is not None else epochs
        raise TrainingDiverged(epoch + 1, alpha, stable_limit(xs), costs[:epoch].tolist())
    return DescentPath(ws.tolist(), bs.tolist(), costs.tolist())
