"""The cost: how wrong one prediction is."""

from __future__ import annotations


def prediction_cost(y: float, prediction: float) -> float:
    """Half the squared difference between the true ``y`` and the ``prediction``.

    Squaring makes the cost the same whichever side the prediction misses on; the
    half makes the derivative come out as plainly ``prediction - y``.

    Examples:
        >>> prediction_cost(212, 210)
        2.0
        >>> prediction_cost(210, 212) == prediction_cost(212, 210)
        True
    """
    return (y - prediction) ** 2 / 2
