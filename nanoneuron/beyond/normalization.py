"""Input normalization: rescale ``x`` so that gradient descent takes a few steps, not 70000.

The article's inputs run from 0 to 99 °C while the bias ``b`` multiplies a constant 1. The
cost bowl is then a long, narrow valley: very steep across ``w``, almost flat along ``b``
(its curvature matrix, :func:`~nanoneuron.bowl.curvature_matrix`, has a condition number near 13000). A
learning rate small enough not to overshoot across the valley crawls along it.

*Standardizing* the input, ``z = (x - mean) / std``, makes the bowl round: the curvature
matrix becomes the identity, the condition number 1, and a single step of size 1 lands on
the bottom. :class:`Standardizer` does the rescaling and turns the learned ``w`` and ``b``
back into °C units.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from nanoneuron._checks import check_number, check_positive, check_sequence
from nanoneuron.model import NanoNeuron

__all__ = [
    "DescentPath",
    "Standardizer",
    "cost_surface",
    "descent_path",
    "epochs_to_reach",
]


class Standardizer(NamedTuple):
    """Rescales inputs to mean 0 and standard deviation 1, with the training set's statistics.

    Build it from the training inputs with :meth:`fit`, then :meth:`apply` it to every input
    the neuron sees, training and test alike (always with the *training* mean and standard
    deviation, so that both sets are measured on the same scale).

    Examples:
        >>> scaler = Standardizer.fit([0, 1, 2, 3, 4])
        >>> scaler
        Standardizer(mean=2.0, std=1.4142135623730951)
        >>> [round(z, 4) for z in scaler.apply([0, 2, 4])]
        [-1.4142, 0.0, 1.4142]
    """

    mean: float
    std: float

    @classmethod
    def fit(cls, x: Sequence[float]) -> Standardizer:
        """The mean and (population) standard deviation of ``x``.

        Raises:
            TypeError: If ``x`` is not a sequence of real numbers.
            ValueError: If ``x`` is empty, holds NaN or infinity, all its values are equal,
                a value is so large that the squares overflow, or the values differ so
                little that the squares underflow to 0.
        """
        xs = check_sequence("x", x)
        m = len(xs)
        if max(abs(v) for v in xs) > math.sqrt(sys.float_info.max / m) / 2:  # guard
            # Then every (v - mean) ** 2, and their sum, is finite.
            raise ValueError("x holds a value too large to standardize: its square overflows")
        mean = math.fsum(xs) / m
        std = math.sqrt(math.fsum((v - mean) ** 2 for v in xs) / m)
        if std == 0:  # guard
            raise ValueError(
                "x must hold at least two different values to be standardized"
                if len(set(xs)) == 1
                else "the values of x differ too little to standardize: their squares underflow"
            )
        return cls(mean, std)

    def _check(self) -> None:
        """A standardizer made by hand must have a finite mean and a finite std above 0."""
        check_number("mean", self.mean)
        check_positive("std", self.std)

    def apply(self, x: Sequence[float]) -> list[float]:
        """``(x - mean) / std`` for each input.

        Raises:
            TypeError: If ``x`` is not a sequence of real numbers.
            ValueError: If ``x`` is empty or holds NaN or infinity, if a value, standardized,
                overflows, or if ``mean`` or ``std`` (of a standardizer made by hand) is not
                finite or ``std`` is not above 0.
        """
        self._check()  # guard
        xs = check_sequence("x", x)
        z = [(v - self.mean) / self.std for v in xs]
        if not all(math.isfinite(v) for v in z):  # guard
            raise ValueError("x holds a value too far from the mean: standardized, it overflows")
        return z

    def original_units(self, w: float, b: float) -> tuple[float, float]:
        """Turn ``w`` and ``b`` learned on standardized inputs into the same line in °C.

        ``w * (x - mean) / std + b`` is ``(w / std) * x + (b - w * mean / std)``.

        Examples:
            >>> Standardizer(mean=50.0, std=10.0).original_units(18.0, 122.0)
            (1.8, 32.0)

        Raises:
            TypeError: If ``w`` or ``b`` is not a real number.
            ValueError: If ``w`` or ``b`` is not finite, if the line in the original units
                overflows, or if ``mean`` or ``std`` is not finite or ``std`` is not above 0.
        """
        self._check()
        w = float(check_number("w", w))
        b = float(check_number("b", b))
        line = (w / self.std, b - w * self.mean / self.std)
        if not all(math.isfinite(v) for v in line):
            raise ValueError(f"w={w!r}, b={b!r} in the original units overflow: {line!r}")
        return line


class DescentPath(NamedTuple):
    """Where gradient descent went: ``w`` and ``b`` at the start and after each epoch."""

    w: list[float]
    b: list[float]
    cost_history: list[float]


def descent_path(
    model: NanoNeuron, epochs: int, alpha: float, x_train: Sequence[float], y_train: Sequence[float]
) -> DescentPath:
    """Train ``model`` with :func:`~nanoneuron.train_model` and record its path.

    The training is the package's own; a callback reads ``w`` and ``b`` after each step.

    Args:
        model: The neuron to train (in place).
        epochs: Training epochs.
        alpha: Learning rate.
        x_train: Training inputs.
        y_train: Training outputs.

    Returns:
        The :class:`DescentPath`: ``epochs + 1`` points (the start included) and the cost
        history of :func:`~nanoneuron.train_model`.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        TrainingDiverged: If ``alpha`` is too large for the data.

    Examples:
        >>> path = descent_path(NanoNeuron(0, 0), epochs=2, alpha=1.0, x_train=[-1, 1], y_train=[-1, 3])
        >>> path.w, path.b
        ([0, 2.0, 2.0], [0, 1.0, 1.0])
    """
    if not isinstance(model, NanoNeuron):
        raise TypeError(f"model must be a NanoNeuron, got {type(model).__name__}")
    ws = [model.w]
    bs = [model.b]

    def record(epoch: int, cost: float) -> None:
        ws.append(model.w)
        bs.append(model.b)

    # Looked up at call time through the package's public name, the one the pages call:
    # a wrapper installed there (the site build's memo of runs) sees this run too.
    import nanoneuron

    history = nanoneuron.train_model(model, epochs, alpha, x_train, y_train, callback=record)
    return DescentPath(ws, bs, history)


def epochs_to_reach(cost_history: Sequence[float], target: float = 1e-6) -> int | None:
    """How many epochs of training it took before the cost was first below ``target``.

    ``cost_history[k]`` is the cost measured after ``k`` steps, so the answer is the first
    ``k`` with ``cost_history[k] < target``.

    Args:
        cost_history: A cost history from :func:`~nanoneuron.train_model`.
        target: The cost to get below (greater than 0).

    Returns:
        The number of epochs, or ``None`` if the cost never got below ``target``.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).

    Examples:
        >>> epochs_to_reach([8.0, 2.0, 0.5, 0.1], target=1.0)
        2
        >>> epochs_to_reach([8.0, 2.0], target=1.0) is None
        True
    """
    costs = check_sequence("cost_history", cost_history)
    limit = check_positive("target", target)
    for k, cost in enumerate(costs):
        if cost < limit:
            return k
    return None


def cost_surface(
    x: Sequence[float], y: Sequence[float], w: Sequence[float], b: Sequence[float]
) -> npt.NDArray[np.float64]:
    """The average cost at every point of a grid of ``w`` and ``b`` values, with NumPy.

    Args:
        x: Training inputs.
        y: Training outputs.
        w: The grid's ``w`` values.
        b: The grid's ``b`` values.

    Returns:
        An array of shape ``(len(b), len(w))``: row ``i``, column ``j`` holds the cost at
        ``w[j]``, ``b[i]`` (the layout of ``matplotlib``'s ``contour``).

    Raises:
        TypeError: If an argument is not a sequence of real numbers.
        ValueError: If an argument is empty or holds NaN or infinity, ``x`` and ``y`` differ
            in length, or a cost on the grid overflows a float.

    Examples:
        >>> cost_surface([0, 10], [32, 50], w=[1.8, 2.0], b=[32])
        array([[0., 1.]])
    """
    xs = np.asarray(check_sequence("x", x), dtype=float)
    ys = np.asarray(check_sequence("y", y), dtype=float)
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same length, got {xs.size} and {ys.size}")
    ws = np.asarray(check_sequence("w", w), dtype=float)
    bs = np.asarray(check_sequence("b", b), dtype=float)
    W, B = np.meshgrid(ws, bs)  # noqa: N806
    # One residual per grid point and example: (len(b), len(w), len(x)).
    with np.errstate(over="ignore", invalid="ignore"):
        residual = ys - W[..., np.newaxis] * xs - B[..., np.newaxis]
        cost: npt.NDArray[np.float64] = np.mean(residual**2, axis=-1) / 2
    if not np.all(np.isfinite(cost)):
        raise ValueError(
            "the cost overflows a float on the grid: w and b reach lines too far from the data"
        )
    return cost
