"""The cost bowl: the average cost as a quadratic bowl in ``(w, b)``, and what follows from it.

For the neuron ``y = w * x + b`` the average cost ``J(w, b) = mean((y - w * x - b)**2) / 2``
is exactly a quadratic bowl. Everything the chapters compute about its shape lives here, in
NumPy where arrays help:

- its curvature (Hessian) matrix ``[[mean(x²), mean(x)], [mean(x), 1]]``
  (:func:`curvature_matrix`), its eigenvalues (:func:`eigenvalues`, the one formula every
  eigenvalue in the package comes from) and how stretched it is (:func:`condition_number`);
- its bottom, the least-squares line (:func:`least_squares`);
- :class:`CostBowl`, all of it for one data set, and :class:`Descent`, gradient descent on it in
  closed form (used by :func:`~nanoneuron.fast.train_model_closed_form`, the momentum and
  validation chapters).

The faithful core keeps its own plain-Python largest eigenvalue
(:func:`~nanoneuron.max_stable_alpha`, so that ``import nanoneuron`` needs no NumPy); a test
holds the two to the same answer.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nanoneuron._checks import check_data, check_sequence

__all__ = [
    "CostBowl",
    "Descent",
    "condition_number",
    "curvature_matrix",
    "eigenvalues",
    "least_squares",
]

FloatArray = NDArray[np.float64]
#: A 2 x 2 matrix as two rows.
Matrix2 = tuple[tuple[float, float], tuple[float, float]]


def _eigenvalues(a: float, c: float, d: float, det: float) -> tuple[float, float]:
    """The eigenvalues of the symmetric matrix ``[[a, c], [c, d]]``, largest first.

    ``mean ± radius``, with ``mean = (a + d) / 2`` and ``radius = hypot((a - d) / 2, c)``:
    the one of larger size from that formula, the other as ``det / it``, which keeps its
    relative precision when it is tiny (the article's bowl: 3284 and 0.25) instead of losing
    it to cancellation. ``det`` is passed in, so a caller that knows it more exactly (as a
    variance) can say so.
    """
    mean = (a + d) / 2
    radius = math.hypot((a - d) / 2, c)
    if mean >= 0:
        large = mean + radius
        return large, (det / large if large != 0 else mean - radius)
    small = mean - radius  # below 0
    return det / small, small


def curvature_matrix(x: Sequence[float]) -> Matrix2:
    """The curvature (Hessian) matrix of the average cost over inputs ``x``.

    The average cost ``J(w, b) = mean((y - w * x - b)**2) / 2`` is a quadratic bowl. Its
    second derivatives do not depend on ``y``, ``w`` or ``b``: ``[[mean(x**2), mean(x)],
    [mean(x), 1]]``.

    Args:
        x: The training inputs.

    Returns:
        The matrix as two rows.

    Raises:
        TypeError: If ``x`` is not a sequence of real numbers.
        ValueError: If ``x`` is empty or holds NaN or infinity.

    Examples:
        >>> curvature_matrix(list(range(100)))
        ((3283.5, 49.5), (49.5, 1.0))
    """
    xs = check_sequence("x", x)
    m = len(xs)
    mean_x = math.fsum(xs) / m
    mean_x2 = math.fsum(v * v for v in xs) / m
    return (mean_x2, mean_x), (mean_x, 1.0)


def _check_matrix(matrix: object) -> FloatArray:
    try:
        array = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"matrix must be a 2 x 2 matrix of numbers, got {matrix!r}") from None
    if array.shape != (2, 2):
        raise ValueError(f"matrix must be 2 x 2, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError("matrix must hold finite numbers")
    if array[0, 1] != array[1, 0]:
        raise ValueError("matrix must be symmetric")
    return array


def eigenvalues(matrix: Matrix2) -> tuple[float, float]:
    """The two eigenvalues of a symmetric 2 x 2 matrix, largest first.

    Along the eigenvector of each eigenvalue the cost bowl curves by that much; gradient
    descent shrinks the error along it by ``1 - alpha * eigenvalue`` per step.

    Raises:
        TypeError: If ``matrix`` is not a 2 x 2 matrix of numbers.
        ValueError: If it is not 2 x 2, not finite, or not symmetric.

    Examples:
        >>> large, small = eigenvalues(((3283.5, 49.5), (49.5, 1.0)))
        >>> round(large, 3), round(small, 4)
        (3284.246, 0.2537)
    """
    (a, c), (_, d) = _check_matrix(matrix).tolist()
    # On the matrix divided by its largest entry, so no product under- or overflows.
    scale = max(abs(a), abs(c), abs(d))
    if scale == 0:
        return 0.0, 0.0
    a, c, d = a / scale, c / scale, d / scale
    large, small = _eigenvalues(a, c, d, det=a * d - c * c)
    return large * scale, small * scale


def condition_number(matrix: Matrix2) -> float:
    """The ratio of the largest to the smallest eigenvalue: how stretched the bowl is.

    1 means a round bowl, where every direction is equally steep; the article's bowl is
    about 12945 times steeper across ``w`` than along its valley.

    Raises:
        TypeError: If ``matrix`` is not a 2 x 2 matrix of numbers.
        ValueError: If it is not 2 x 2, not finite, not symmetric, or not positive definite.

    Examples:
        >>> round(condition_number(((3283.5, 49.5), (49.5, 1.0))))
        12945
        >>> condition_number(((1.0, 0.0), (0.0, 1.0)))
        1.0
    """
    large, small = eigenvalues(matrix)
    if small <= 0:
        raise ValueError("matrix must be positive definite (both eigenvalues above 0)")
    return large / small


def _sum(values: FloatArray) -> float:
    """The correctly rounded sum (``math.fsum``), or an infinity where it passes the largest float.

    ``math.fsum`` raises ``OverflowError`` there (and ``ValueError`` on infinities of both
    signs); the bowl then holds an infinity or NaN, as NumPy's sum would, for its callers to
    refuse (the public constructors) or to step around (the closed-form trainer falls back to
    stepping, which diverges as the loop does).
    """
    if not np.all(np.isfinite(values)):  # a product that overflowed already
        return float(np.sum(values))
    try:
        return math.fsum(values.tolist())
    except OverflowError:
        # The sign of the sum: the values scaled down by 2^-64 (exactly) cannot overflow.
        return math.copysign(math.inf, math.fsum((values * 2.0**-64).tolist()))


@dataclass(frozen=True)
class CostBowl:
    """The average cost on a data set, written as a quadratic bowl in ``(w, b)``.

    ``J(w, b) = min_cost + 1/2 (θ - θ*)ᵀ H (θ - θ*)`` with ``θ = (w, b)``, ``θ*`` the
    bottom of the bowl (the least-squares line) and ``H`` the curvature matrix
    ``[[mean(x²), mean(x)], [mean(x), 1]]``. ``H`` is symmetric, so it has two
    perpendicular eigenvectors (the bowl's axes) with eigenvalues ``λ₁ ≥ λ₂ ≥ 0`` (how
    steep the bowl is along each).

    Build one with :meth:`from_data`.

    Attributes:
        m: How many examples.
        curvature: ``H``, a 2-by-2 array.
        eigenvalues: ``(λ₁, λ₂)``, largest first.
        eigenvectors: A 2-by-2 array whose columns are the unit eigenvectors, in the same order.
        w_min: ``w`` at the bottom of the bowl.
        b_min: ``b`` at the bottom of the bowl.
        min_cost: The cost at the bottom: 0 for exact data, more for noisy data.
        variance: The variance of the inputs, ``det H``: 0 when they are all the same (the
            bowl is then a trough, and its "bottom" is a whole line of answers).
    """

    m: int
    curvature: FloatArray
    eigenvalues: tuple[float, float]
    eigenvectors: FloatArray
    w_min: float
    b_min: float
    min_cost: float
    variance: float

    @classmethod
    def from_data(cls, x_train: Sequence[float], y_train: Sequence[float]) -> CostBowl:
        """The bowl of the average cost on ``(x_train, y_train)``.

        Raises:
            TypeError: As :func:`~nanoneuron.forward_propagation`.
            ValueError: As :func:`~nanoneuron.forward_propagation`, or if the data are too
                large for the bowl's sums (the mean of ``x²`` or a product overflows a float).

        Examples:
            >>> from nanoneuron import generate_data_sets
            >>> bowl = CostBowl.from_data(*generate_data_sets()[:2])
            >>> bowl.curvature.tolist()
            [[3283.5, 49.5], [49.5, 1.0]]
            >>> [round(value, 4) for value in bowl.eigenvalues]
            [3284.2463, 0.2537]
            >>> round(bowl.w_min, 12), round(bowl.b_min, 12)
            (1.8, 32.0)
        """
        xs, ys = check_data("x_train", x_train, "y_train", y_train)
        bowl = cls._from_arrays(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
        bowl._check_finite("x_train", "y_train")
        return bowl

    @classmethod
    def _from_arrays(cls, x: FloatArray, y: FloatArray) -> CostBowl:
        """:meth:`from_data` for data already checked and converted.

        Data too large for the sums give a bowl holding infinities or NaN, without a NumPy
        warning: :meth:`from_data` refuses it, the closed-form trainer steps instead.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            return cls._from_checked(x, y)

    @classmethod
    def _from_checked(cls, x: FloatArray, y: FloatArray) -> CostBowl:
        m = len(x)
        # Correctly rounded sums (math.fsum) keep the bowl as exact as the data allow:
        # over a million epochs, an eigenvalue off by one part in 10^15 would show.
        mean_x = _sum(x) / m
        mean_y = _sum(y) / m
        mean_x2 = _sum(x * x) / m
        # Centred data: the variance (which is det H) and the covariance, without the
        # cancellation of mean(x²) - mean(x)².
        # With one distinct input the bowl is flat along one axis: keep that exactly.
        dx = np.zeros_like(x) if np.all(x == x[0]) else x - mean_x
        dy = y - mean_y
        sxx = _sum(dx * dx)
        sxy = _sum(dx * dy)
        variance = sxx / m
        w_min = sxy / sxx if sxx > 0 else 0.0
        b_min = mean_y - w_min * mean_x
        residuals = dy - w_min * dx
        min_cost = _sum(residuals * residuals) / m / 2

        # det H = mean(x²) - mean(x)² is the variance, computed above without cancellation.
        a, c = mean_x2, mean_x
        large, small = _eigenvalues(a, c, 1.0, det=variance)
        angle = math.atan2(2 * c, a - 1) / 2  # direction of the steep axis
        cos, sin = math.cos(angle), math.sin(angle)
        return cls(
            m=m,
            curvature=np.array([[a, c], [c, 1.0]]),
            eigenvalues=(large, small),
            eigenvectors=np.array([[cos, -sin], [sin, cos]]),
            w_min=w_min,
            b_min=b_min,
            min_cost=min_cost,
            variance=variance,
        )

    def _check_finite(self, x_name: str, y_name: str) -> None:
        """Refuse a bowl whose numbers overflowed: data too large for its sums."""
        if not (np.all(np.isfinite(self.curvature)) and math.isfinite(self.variance)):
            raise ValueError(
                f"{x_name} holds values too large for the cost bowl: the mean of their squares"
                " overflows a float"
            )
        if not all(math.isfinite(value) for value in (self.w_min, self.b_min, self.min_cost)):
            raise ValueError(
                f"{x_name} and {y_name} hold values too large for the cost bowl: the products"
                f" of {y_name} with {x_name}, or its squares, overflow a float"
            )

    def descent(self, w: float, b: float, alpha: float) -> Descent:
        """Gradient descent on this bowl from ``(w, b)`` with learning rate ``alpha``.

        Examples:
            >>> from nanoneuron import generate_data_sets
            >>> bowl = CostBowl.from_data(*generate_data_sets()[:2])
            >>> path = bowl.descent(0.5, 0.5, alpha=0.0005)
            >>> ws, bs = path.parameters(np.arange(5))
            >>> [round(value, 2) for value in ws.tolist()]
            [0.5, 3.41, 1.54, 2.74, 1.97]
        """
        # Along each axis j the distance to the bottom is multiplied by
        # r_j = 1 - alpha * λ_j at every step.
        offsets = self.eigenvectors.T @ np.array([w - self.w_min, b - self.b_min])
        return Descent(
            bowl=self,
            alpha=alpha,
            steps=(alpha * self.eigenvalues[0], alpha * self.eigenvalues[1]),
            offsets=(float(offsets[0]), float(offsets[1])),
        )


@dataclass(frozen=True)
class Descent:
    """One run of gradient descent on a :class:`CostBowl`, known in closed form.

    With ``e_j`` the start's offset from the bottom along axis ``j`` and
    ``r_j = 1 - alpha * λ_j``, after ``k`` epochs ``θ_k = θ* + Σ_j e_j r_j^k v_j`` and
    the cost is ``min_cost + 1/2 Σ_j λ_j e_j² r_j^(2k)``.

    Attributes:
        bowl: The cost bowl.
        alpha: The learning rate.
        steps: ``(alpha * λ₁, alpha * λ₂)``; each ``r_j`` is ``1 - steps[j]``.
        offsets: ``(e₁, e₂)``, the start's offsets from the bottom along the two axes.
    """

    bowl: CostBowl
    alpha: float
    steps: tuple[float, float]
    offsets: tuple[float, float]

    @property
    def ratios(self) -> tuple[float, float]:
        """``(r₁, r₂)``: the factor each axis's offset is multiplied by at every epoch."""
        return (1 - self.steps[0], 1 - self.steps[1])

    def parameters(self, epochs: NDArray[np.number[Any]] | int) -> tuple[FloatArray, FloatArray]:
        """``(w, b)`` after each of ``epochs`` steps (arrays shaped like ``epochs``)."""
        k = np.asarray(epochs, dtype=np.float64)
        v = self.bowl.eigenvectors
        first = self.offsets[0] * _powers(self.steps[0], k)
        second = self.offsets[1] * _powers(self.steps[1], k)
        w = self.bowl.w_min + (v[0, 0] * first + v[0, 1] * second)
        b = self.bowl.b_min + (v[1, 0] * first + v[1, 1] * second)
        return w, b

    def costs(self, epochs: NDArray[np.number[Any]] | int) -> FloatArray:
        """The average cost after each of ``epochs`` steps (an array shaped like ``epochs``)."""
        twice = 2 * np.asarray(epochs, dtype=np.float64)
        (large, small), (e1, e2) = self.bowl.eigenvalues, self.offsets
        # min_cost + λ₁ e₁² r₁^(2k) / 2 + λ₂ e₂² r₂^(2k) / 2, in place: this runs over every epoch.
        costs = _powers(self.steps[0], twice, even=True)
        costs *= large * e1 * e1 / 2
        second = _powers(self.steps[1], twice, even=True)
        second *= small * e2 * e2 / 2
        costs += second
        costs += self.bowl.min_cost
        return costs

    def diverges(self) -> bool:
        """Whether the cost grows without bound (some ``|r_j| > 1`` with ``e_j ≠ 0``)."""
        return any(
            step > 2 and offset != 0 for step, offset in zip(self.steps, self.offsets, strict=True)
        )

    def first_overflow(self, epochs: int, x: FloatArray, y: FloatArray) -> int | None:
        """The first epoch index below ``epochs`` whose cost the loop cannot represent, or ``None``.

        The faithful loop stops there (its cost is no longer finite); the closed form's own
        floats may still hold the value, so the epoch is found with the loop's arithmetic on
        the data ``x``, ``y`` the bowl was made from.

        Examples:
            >>> from nanoneuron import NanoNeuron, generate_data_sets, train_model
            >>> x_train, y_train, _, _ = generate_data_sets()
            >>> x, y = np.array(x_train), np.array(y_train)
            >>> bowl = CostBowl.from_data(x_train, y_train)
            >>> bowl.descent(0.5, 0.5, 0.001).first_overflow(70000, x, y)
            422
            >>> try:
            ...     train_model(NanoNeuron(0.5, 0.5), 70000, 0.001, x_train, y_train)
            ... except Exception as error:
            ...     print(error.epoch)  # counted from 1
            423
            >>> bowl.descent(0.5, 0.5, 0.0005).first_overflow(70000, x, y) is None
            True
        """
        if not epochs:
            return None
        if not self.diverges():
            # Every offset shrinks (or stays): only the start can be out of range.
            w, b = self.parameters(0)
            return None if math.isfinite(_loop_cost(float(w), float(b), x, y)) else 0
        # The loop's sum of m halves-of-squares overflows when m * cost passes the largest
        # double. Find where, in logarithms (the terms themselves may not be representable)...
        k = np.arange(epochs, dtype=np.float64)
        (large, small), (e1, e2) = self.bowl.eigenvalues, self.offsets
        m = self.bowl.m
        total = np.full(epochs, m * self.bowl.min_cost)
        for eigenvalue, offset, step in ((large, e1, self.steps[0]), (small, e2, self.steps[1])):
            weight = m * eigenvalue * offset * offset / 2
            if weight > 0 and step != 1:
                log_size = math.log1p(-step) if step < 1 else math.log(step - 1)
                with np.errstate(over="ignore"):
                    total += np.exp(math.log(weight) + 2 * k * log_size)
        # The loop's cost is infinite once one error's square overflows (possible from
        # m * cost > max / 2 on, when one term holds it all) and surely once the sum does.
        with np.errstate(over="ignore"):
            maybe = ~np.isfinite(2 * total)
        if not maybe.any():
            return None
        low = max(int(np.argmax(maybe)) - 2, 0)

        def overflows(epoch: int) -> bool:
            w, b = self.parameters(epoch)
            return not math.isfinite(_loop_cost(float(w), float(b), x, y))

        def back_to_first(epoch: int) -> int:  # the estimate's own rounding, to be safe
            while epoch > 0 and overflows(epoch - 1):
                epoch -= 1
            return epoch

        if overflows(low):
            return back_to_first(low)
        # ...then settle the exact epoch with the loop's own arithmetic. With r < -1 the errors
        # swing from side to side and the cost may overflow on one side first, so the even and the
        # odd epochs are searched apart (bisection: along each, the cost only grows once it is this
        # large).
        firsts = []
        for begin in (low + 1, low + 2):
            candidates = range(begin, epochs, 2)
            found = bisect.bisect_left(candidates, True, key=overflows)
            if found < len(candidates):
                firsts.append(candidates[found])
        return back_to_first(min(firsts)) if firsts else None


def _loop_cost(w: float, b: float, x: FloatArray, y: FloatArray) -> float:
    """The cost as the loop evaluates it (the same operations), to place overflow exactly."""
    with np.errstate(over="ignore", invalid="ignore"):
        errors = y - (x * w + b)
        return float(np.cumsum(errors * errors / 2)[-1] / len(x))


def _powers(step: float, k: FloatArray, *, even: bool = False) -> FloatArray:
    """``(1 - step) ** k`` for an array of whole numbers ``k ≥ 0``, accurate even for huge ``k``.

    ``exp(k * log|1 - step|)``, with the logarithm from ``log1p``, keeps the relative
    error near ``|k log r| * 2^-53``; multiplying by a rounded ``r`` again and again would
    give ``k * 2^-53``. Pass ``even=True`` when every ``k`` is even, to skip the signs.
    """
    if step == 0:
        return np.ones(k.shape)
    if step == 1:
        return np.where(k == 0, 1.0, 0.0)
    log_size = math.log1p(-step) if step < 1 else math.log(step - 1)
    exponent = np.multiply(k, log_size, out=np.empty(k.shape))
    # exp() is slow where its result underflows or overflows, and those results are
    # known: 0 below -746, infinity above 710. Compute only the rest.
    size = np.zeros(k.shape)
    np.exp(exponent, out=size, where=(exponent > -746) & (exponent < 710))
    if log_size > 0:
        size[exponent >= 710] = np.inf
    if step > 1 and not even:  # r < 0: the offset flips sign every epoch
        odd = k.astype(np.int64) % 2 == 1
        size[odd] = -size[odd]
    return size


def least_squares(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """The line ``y = w * x + b`` with the lowest average cost on the data: the bowl's bottom.

    The bottom is where both derivatives vanish: ``w = cov(x, y) / var(x)`` and
    ``b = mean(y) - w * mean(x)``. Gradient descent, run long enough, walks to this same
    point.

    Args:
        x: Inputs (at least two different values).
        y: Outputs, one per input.

    Returns:
        ``(w, b)``.

    Raises:
        TypeError: If the data are not sequences of real numbers.
        ValueError: If the data are empty, of different lengths, all ``x`` are equal, or too
            large for the bowl's sums (the mean of ``x²`` or a product overflows a float).

    Examples:
        >>> least_squares([0, 10, 20], [32, 50, 68])
        (1.8, 32.0)
    """
    xs, ys = check_data("x", x, "y", y)
    bowl = CostBowl._from_arrays(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    bowl._check_finite("x", "y")
    if bowl.variance == 0:  # all x equal, or so close that their spread underflows
        raise ValueError("x must hold at least two different values to fit a line")
    return bowl.w_min, bowl.b_min
