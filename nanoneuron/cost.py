"""The cost: how wrong one prediction is."""

from __future__ import annotations

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
    return half_squared_error(check_number("y", y), check_number("prediction", prediction))


def half_squared_error(y: float, prediction: float) -> float:
    """The arithmetic of :func:`prediction_cost`, without its input checks.

    Training calls this once per example and epoch (millions of times), on data it has
    checked once before it starts.

    Examples:
        >>> half_squared_error(212, 210)
        2.0
    """
    difference = y - prediction
    return difference * difference / 2
