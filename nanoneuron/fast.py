"""Fast training: the same gradient descent, vectorized with NumPy, and in closed form.

:func:`~nanoneuron.train_model` is the article's loop, one example and one epoch at a
time, in plain Python. This module computes the very same thing two faster ways:

- :func:`train_model_vectorized` still steps through the epochs, but each epoch's
  forward and backward propagation is a handful of NumPy operations on whole arrays.
- :func:`train_model_closed_form` takes no steps at all. On this model the cost is a
  quadratic bowl, so one step of gradient descent is an affine map of ``(w, b)``; its
  powers, written with the eigenvalues of the bowl's curvature matrix, give every
  epoch's parameters and cost at once.

Both take the same arguments as :func:`~nanoneuron.train_model`, update the model in
place, return the cost history (as a NumPy array) and raise
:class:`~nanoneuron.TrainingDiverged` in the same way. :mod:`nanoneuron.timing` times all
three on the same run.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Sequence

import numpy as np

from nanoneuron.bowl import CostBowl, Descent, FloatArray
from nanoneuron.model import NanoNeuron
from nanoneuron.training import (
    EpochCallback,
    TrainingDiverged,
    check_rise,
    check_training_arguments,
    stable_limit,
)

# ----------------------------------------------------------------------------------------
# Checks shared by both fast paths: those of train_model, and room for the arrays.


def _memory_bytes() -> int | None:
    """The machine's physical memory in bytes, or ``None`` where the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None


def _check_room(epochs: int, arrays: int) -> None:
    """Refuse ``epochs`` whose ``arrays`` float64 arrays of that length would not fit in memory.

    NumPy would raise ``MemoryError`` only for what the system refuses at once, and Linux
    grants more than it has: the run would then be killed part-way. Check first instead.
    """
    needed = epochs * arrays * 8
    memory = _memory_bytes()
    if memory is not None and needed > memory:
        raise ValueError(
            f"epochs={epochs:,} needs about {needed / 1e9:,.3g} GB for its arrays, more than"
            f" this machine's {memory / 1e9:,.3g} GB: use fewer epochs"
        )


def _allocate(epochs: int, make: Callable[[], FloatArray]) -> FloatArray:
    """``make()``, with a ``MemoryError`` turned into a ``ValueError`` that names ``epochs``."""
    try:
        return make()
    except MemoryError:
        raise ValueError(
            f"epochs={epochs:,} needs more memory than is free: use fewer epochs"
        ) from None


# ----------------------------------------------------------------------------------------
# NumPy, epoch by epoch.


#: Half the largest float: a cost's sum below it holds no term whose square overflows.
_HALF_MAX = sys.float_info.max / 2


def forward_propagation_vectorized(
    w: float, b: float, x: FloatArray, y: FloatArray
) -> tuple[FloatArray, float]:
    """Forward propagation on whole arrays: all predictions and their average cost.

    The same arithmetic as :func:`~nanoneuron.forward_propagation`, with the loop over
    the examples done by NumPy. No input checks: the training function checks once.

    Examples:
        >>> x, y = np.array([0.0, 10.0]), np.array([32.0, 50.0])
        >>> predictions, cost = forward_propagation_vectorized(2.0, 30.0, x, y)
        >>> predictions.tolist(), cost
        ([30.0, 50.0], 1.0)
    """
    predictions = x * w + b
    errors = y - predictions
    # Σ e * (e/2) rounds each term as the loop's e * e / 2 does (halving is exact, but for
    # terms under the smallest normal float, where the two may differ in their last bits)...
    total = float(errors @ (errors * 0.5))
    # ...except where e * e overflows and e * (e/2) does not: then the loop's cost is infinite.
    # That needs a term over half the largest float, so it is looked for only then.
    if total > _HALF_MAX and not np.isfinite(errors * errors).all():
        total = math.inf
    return predictions, total / len(x)


def backward_propagation_vectorized(
    predictions: FloatArray, x: FloatArray, y: FloatArray
) -> tuple[float, float]:
    """Backward propagation on whole arrays: the negative gradient ``(dw, db)``.

    Examples:
        >>> x, y = np.array([0.0, 10.0]), np.array([32.0, 50.0])
        >>> backward_propagation_vectorized(np.array([30.0, 50.0]), x, y)
        (0.0, 1.0)
    """
    errors = y - predictions
    m = len(x)
    return float(errors @ x) / m, float(errors.sum()) / m


def train_model_vectorized(
    model: NanoNeuron,
    epochs: int,
    alpha: float,
    x_train: Sequence[float],
    y_train: Sequence[float],
    callback: EpochCallback | None = None,
) -> FloatArray:
    """Train ``model`` like :func:`~nanoneuron.train_model`, with NumPy doing each epoch's sums.

    Every epoch is still one step, but forward and backward propagation each take a
    few whole-array operations instead of a Python loop over the examples. The sums
    are added in a different order than the loop's, so the results may differ from it
    in the last bits (on the article's run, by far less than one part in 10^12).

    Args:
        model: The neuron to train; its ``w`` and ``b`` are updated in place.
        epochs: How many steps to take (0 or more).
        alpha: The learning rate (greater than 0).
        x_train: Training inputs.
        y_train: Training outputs, one per input.
        callback: Optional ``callback(epoch, cost)`` called after each epoch.

    Returns:
        The cost before each update, as a float64 array of length ``epochs``.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it), or the
            history of ``epochs`` costs does not fit in memory.
        TrainingDiverged: If the cost stops being finite, or ends above where it started
            with ``alpha`` at or over the stable limit, as in
            :func:`~nanoneuron.train_model`; ``model`` is then left as it was.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> x_train, y_train, _, _ = generate_data_sets()
        >>> neuron = NanoNeuron(w=0.5, b=0.5)
        >>> history = train_model_vectorized(
        ...     neuron, epochs=1000, alpha=0.0005, x_train=x_train, y_train=y_train
        ... )
        >>> len(history), float(history[0])
        (1000, 5297.7075)
        >>> round(neuron.w, 4), round(neuron.b, 4)
        (2.218, 4.2767)
    """
    epochs, alpha, xs, ys = check_training_arguments(
        model, epochs, alpha, x_train, y_train, callback
    )
    _check_room(epochs, 1)
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    history = _allocate(epochs, lambda: np.empty(epochs, dtype=np.float64))
    w, b = float(model.w), float(model.b)
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            predictions, cost = forward_propagation_vectorized(w, b, x, y)
            if not math.isfinite(cost):
                raise TrainingDiverged(epoch + 1, alpha, stable_limit(xs), history[:epoch].tolist())
            history[epoch] = cost
            dw, db = backward_propagation_vectorized(predictions, x, y)
            w += alpha * dw
            b += alpha * db
            if not (math.isfinite(w) and math.isfinite(b)):
                # The step overflowed: the cost of the next epoch would not be finite.
                raise TrainingDiverged(
                    epoch + 2, alpha, stable_limit(xs), history[: epoch + 1].tolist()
                )
            if callback is not None:
                callback(epoch + 1, cost)
    diverged = check_rise(history, alpha, xs)
    if diverged is not None:
        raise diverged
    if epochs:  # with no epochs the model keeps its parameters exactly as given
        model.w, model.b = w, b
    return history


# ----------------------------------------------------------------------------------------
# The closed form.


def train_model_closed_form(
    model: NanoNeuron,
    epochs: int,
    alpha: float,
    x_train: Sequence[float],
    y_train: Sequence[float],
    callback: EpochCallback | None = None,
) -> FloatArray:
    """Train ``model`` like :func:`~nanoneuron.train_model`, without stepping through the epochs.

    One step of gradient descent maps ``θ = (w, b)`` to ``(I - alpha H) θ + alpha g``:
    an affine map. Along each eigenvector of ``H`` it simply multiplies the distance
    to the bottom of the bowl by ``r = 1 - alpha λ``, so after ``k`` epochs that distance
    is ``r^k`` times the first. All epochs' costs come out of two vectorized
    exponentials; see :class:`~nanoneuron.bowl.CostBowl` and :class:`~nanoneuron.bowl.Descent`.

    The result is exact arithmetic on the data's bowl; the loop rounds at every step.
    The two agree to about one part in 10^9 or better until the loop's own rounding
    dominates, where the cost is within a few rounding errors of the bottom.

    Args:
        model: The neuron to train; its ``w`` and ``b`` are updated in place.
        epochs: How many steps to take (0 or more).
        alpha: The learning rate (greater than 0).
        x_train: Training inputs.
        y_train: Training outputs, one per input.
        callback: Optional ``callback(epoch, cost)``. There are no epochs to step
            through, so it is called for every epoch *after* the whole history is
            known, in order (then raising :class:`~nanoneuron.TrainingDiverged` if
            training diverged, like the loop). That is one Python call per epoch: leave
            it out when speed matters.

    Returns:
        The cost before each update, as a float64 array of length ``epochs``.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it), or the
            arrays of ``epochs`` costs do not fit in memory.
        TrainingDiverged: At the first epoch whose cost the loop could not represent,
            with the history before it, or at the last epoch if the cost ends above where
            it started with ``alpha`` at or over the stable limit; ``model`` is left as
            it was. No NumPy warning is raised either way.

    Examples:
        >>> from nanoneuron import generate_data_sets
        >>> x_train, y_train, _, _ = generate_data_sets()
        >>> neuron = NanoNeuron(w=0.5, b=0.5)
        >>> history = train_model_closed_form(
        ...     neuron, epochs=70000, alpha=0.0005, x_train=x_train, y_train=y_train
        ... )
        >>> f"{history[0]:.10g} {history[-1]:.10g}"
        '5297.7075 2.431849897e-06'
        >>> f"{neuron.w:.10g} {neuron.b:.10g}"
        '1.800065995 31.99562267'
    """
    epochs, alpha, xs, ys = check_training_arguments(
        model, epochs, alpha, x_train, y_train, callback
    )
    _check_room(epochs, 6)  # the epochs, their powers and costs, and the overflow search
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    with np.errstate(all="ignore"):
        bowl = CostBowl._from_arrays(x, y)
        path = bowl.descent(float(model.w), float(model.b), alpha)
        if not _finite(bowl, path):
            # Data so large that the bowl's curvature overflows: no closed form to use,
            # so step through the epochs like the loop (which diverges, as it does).
            return train_model_vectorized(model, epochs, alpha, xs, ys, callback)
        k = _allocate(epochs, lambda: np.arange(epochs, dtype=np.float64))
        history = _allocate(epochs, lambda: path.costs(k))
        overflow = path.first_overflow(epochs, x, y)
        w, b = path.parameters(epochs)
    if overflow is not None:
        _replay(callback, history[:overflow])
        raise TrainingDiverged(overflow + 1, alpha, stable_limit(xs), history[:overflow].tolist())
    _replay(callback, history)
    if not (math.isfinite(w) and math.isfinite(b)):
        # The last step overflowed: the cost of the next epoch would not be finite.
        raise TrainingDiverged(epochs + 1, alpha, stable_limit(xs), history.tolist())
    diverged = check_rise(history, alpha, xs)
    if diverged is not None:
        raise diverged
    if epochs:
        model.w, model.b = float(w), float(b)
    return history


def _finite(bowl: CostBowl, path: Descent) -> bool:
    """Whether every number of ``bowl`` and ``path`` is finite (the closed form holds)."""
    numbers = [*bowl.eigenvalues, bowl.w_min, bowl.b_min, bowl.min_cost, *path.offsets]
    return all(math.isfinite(number) for number in numbers) and bool(
        np.all(np.isfinite(bowl.eigenvectors))
    )


def _replay(callback: EpochCallback | None, history: FloatArray) -> None:
    if callback is not None:
        for epoch, cost in enumerate(history.tolist(), start=1):
            callback(epoch, cost)


# ----------------------------------------------------------------------------------------
# Measuring the three against each other.

#: The three trainers, in the order they are measured and shown.
