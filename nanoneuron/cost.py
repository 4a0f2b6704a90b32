"""The cost: how wrong one prediction is."""

from __future__ import annotations

import math

from nanoneuron._checks import check_number


def prediction_cost(y: float, prediction: float) -> float:
    """Half the squared difference between the true ``y`` and the ``prediction``.

    Squaring makes the cost the same whichever side the prediction misses on; the
    half makes the derivative come out as plainly ``prediction - y``.

    Args:
        y: The true value.
        prediction: The model's guess.

    Returns:
        ``(y - prediction) ** 2 / 2``; infinity if the square overflows, as in the original.
        The square is taken as ``difference * difference``: that is what JavaScript's
        ``** 2`` computes, while Python's ``** 2`` calls C's ``pow()``, which rounds about
        one square in a thousand differently.

    Raises:
        TypeError: If ``y`` or ``prediction`` is not a real number.
        ValueError: If ``y`` or ``prediction`` is NaN or infinite.

    Examples:
        >>> prediction_cost(212, 210)
        2.0
        >>> prediction_cost(210, 212) == prediction_cost(212, 210)
        True
    """
    # Training calls this millions of times, so the checks cost almost nothing on good
    # input: the arithmetic runs first, and only a non-number or a non-finite result
    # leads to the full checks, which name the bad argument.
    try:
        difference = y - prediction
    except TypeError:
        _check_both(y, prediction)
        raise
    cost = difference * difference / 2
    if not cost < math.inf or y.__class__ is bool or prediction.__class__ is bool:
        _check_both(y, prediction)
    return cost


def _check_both(y: object, prediction: object) -> None:
    check_number("y", y)
    check_number("prediction", prediction)
