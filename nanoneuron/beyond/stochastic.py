"""Stochastic and mini-batch gradient descent: many cheap steps from a few examples each.

The article computes every step from all its examples. With millions of examples one
step would cost a pass over all of them; instead, real training loops shuffle the examples
at the start of every *epoch* (one pass over the data) and take one *step* per small
*batch* of them. Each step's gradient is then an estimate of the full one: cheap, and
noisy. :func:`train_minibatch` does this with a seeded shuffle, so a run can be repeated,
and an optional decaying learning rate ``alpha / (1 + decay * step)`` that shrinks the
noise as training goes on.

With a batch as large as the data set nothing is shuffled (a shuffled full batch is the
same batch, only summed in another order), and the run is exactly
:func:`~nanoneuron.fast.train_model_vectorized`'s, bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from nanoneuron._checks import check_count, check_number, check_seed
from nanoneuron.beyond.normalization import DescentPath
from nanoneuron.beyond.optimizers import bowl_cost_and_slope
from nanoneuron.bowl import CostBowl
from nanoneuron.fast import (
    backward_propagation_vectorized,
    forward_propagation_vectorized,
)
from nanoneuron.model import DEFAULT_SEED, NanoNeuron
from nanoneuron.training import TrainingDiverged, check_training_arguments, max_stable_alpha

__all__ = ["StochasticRun", "check_batch_size", "train_minibatch"]


class StochasticRun(NamedTuple):
    """Where mini-batch gradient descent went, one entry per step (the start first).

    Attributes:
        w: ``w`` at the start and after each step.
        b: ``b`` at the start and after each step.
        costs: The average cost on the *whole* training set at each of those points (for
            batches smaller than the data, from the cost bowl, which agrees with forward
            propagation to rounding).
        seen: How many examples the steps had used by then (0 at the start).
        steps_per_epoch: How many steps one pass over the data takes.
    """

    w: list[float]
    b: list[float]
    costs: list[float]
    seen: list[int]
    steps_per_epoch: int

    def path(self) -> DescentPath:
        """The run as a :class:`~nanoneuron.beyond.normalization.DescentPath`, for the contour charts."""
        return DescentPath(self.w, self.b, self.costs[:-1])


def check_batch_size(batch_size: object) -> int:
    """Return ``batch_size`` if it is a whole number ≥ 1; raise naming it otherwise.

    Examples:
        >>> check_batch_size(10)
        10
        >>> check_batch_size(0)
        Traceback (most recent call last):
        ...
        ValueError: batch_size must be 1 or more, got 0
    """
    return check_count("batch_size", batch_size, 1)


def train_minibatch(
    model: NanoNeuron,
    epochs: int,
    alpha: float,
    x_train: Sequence[float],
    y_train: Sequence[float],
    batch_size: int,
    seed: int = DEFAULT_SEED,
    decay: float = 0.0,
) -> StochasticRun:
    """Train ``model`` in place by mini-batch gradient descent.

    Every epoch shuffles the examples with ``numpy.random.default_rng(seed)`` (one
    generator for the whole run, so each epoch gets a new order and the run repeats
    exactly), cuts them into batches of ``batch_size`` (the last one may be smaller) and
    takes one step per batch: the article's forward and backward propagation on the batch
    alone, then ``(w, b) += rate * (dw, db)`` with ``rate = alpha / (1 + decay * k)`` at
    step ``k`` (counting from 0). A ``batch_size`` of one is *stochastic* gradient descent.

    Args:
        model: The neuron to train; its ``w`` and ``b`` are updated in place.
        epochs: How many passes over the data (0 or more).
        alpha: The first learning rate (greater than 0).
        x_train: Training inputs.
        y_train: Training outputs, one per input.
        batch_size: Examples per step (1 or more; at least the data's size means all of them,
            unshuffled).
        seed: Seed of the shuffles (a whole number, 0 or more).
        decay: How fast the learning rate decays (0 or more; 0 keeps it constant).

    Returns:
        The :class:`StochasticRun`: every step's ``w``, ``b``, whole-set cost and examples seen.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        TrainingDiverged: If the cost stops being finite; ``model`` is left as it
            started. Its ``max_stable_alpha`` is the full batch's limit when every step uses
            all the examples, else ``2 / max(x² + 1)``, below which no batch can overshoot.

    Examples:
        >>> run = train_minibatch(NanoNeuron(0, 0), 1, 0.5, [-1, 1], [-1, 3], batch_size=2)
        >>> run.w, run.b, run.seen
        ([0, 1.0], [0, 0.5], [0, 2])
    """
    epochs, alpha, xs, ys = check_training_arguments(model, epochs, alpha, x_train, y_train)
    size = check_batch_size(batch_size)
    generator = np.random.default_rng(check_seed(seed))
    decay = float(check_number("decay", decay))
    if decay < 0:
        raise ValueError(f"decay must be 0 or more, got {decay!r}")
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    m = len(x)
    full = size >= m
    with np.errstate(over="ignore"):  # data whose squares overflow diverge, reported below
        limit = max_stable_alpha(xs) if full else 2 / (float(np.max(x * x)) + 1)
    w, b = float(model.w), float(model.b)
    ws, bs, seen = [model.w], [model.b], [0]
    if full:
        # Each step's forward pass measures the whole set: train_model_vectorized's costs.
        def whole_cost(w: float, b: float) -> float:
            return forward_propagation_vectorized(w, b, x, y)[1]
    else:
        # A pass over all the examples after every small step would cost more than the step;
        # the bowl gives the same cost (to rounding) in a few operations.
        cost_and_slope = bowl_cost_and_slope(CostBowl._from_arrays(x, y))

        def whole_cost(w: float, b: float) -> float:
            return cost_and_slope(w, b)[0]

    step = 0
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported just below
        costs = [whole_cost(w, b)]
        for _ in range(epochs):
            if full:
                x_epoch, y_epoch = x, y
            else:
                order = generator.permutation(m)
                x_epoch, y_epoch = x[order], y[order]
            for first in range(0, m, size):
                x_batch, y_batch = x_epoch[first : first + size], y_epoch[first : first + size]
                predictions, _ = forward_propagation_vectorized(w, b, x_batch, y_batch)
                dw, db = backward_propagation_vectorized(predictions, x_batch, y_batch)
                rate = alpha / (1 + decay * step)
                w += rate * dw
                b += rate * db
                step += 1
                cost = whole_cost(w, b)
                if not (math.isfinite(cost) and math.isfinite(w) and math.isfinite(b)):
                    # The model is untouched: it is only written at the end.
                    raise TrainingDiverged(len(seen) + 1, alpha, limit, costs)
                ws.append(w)
                bs.append(b)
                costs.append(cost)
                seen.append(seen[-1] + len(x_batch))
    if epochs:
        model.w, model.b = w, b
    return StochasticRun(ws, bs, costs, seen, math.ceil(m / size))
