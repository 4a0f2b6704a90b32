"""Input checks shared by the package's public functions.

Every public entry point turns bad input into a ``TypeError`` or ``ValueError``
whose message names the offending argument, so no NaN or infinity is ever
passed on silently.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real


def check_number(name: str, value: object) -> float:
    """Return ``value`` if it is a finite real number; raise naming ``name`` otherwise.

    Args:
        name: The argument's name, used in the error message.
        value: The value to check.

    Returns:
        The value, unchanged (so integer inputs keep the exact arithmetic of the original).

    Raises:
        TypeError: If ``value`` is not a real number (``bool`` is refused too).
        ValueError: If ``value`` is NaN or infinite.

    Examples:
        >>> check_number("alpha", 0.5)
        0.5
        >>> check_number("alpha", float("nan"))
        Traceback (most recent call last):
        ...
        ValueError: alpha must be a finite number, got nan
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value  # type: ignore[return-value]  # a finite Real; kept as given


def check_sequence(name: str, values: object) -> Sequence[float]:
    """Check that ``values`` is a non-empty sequence of finite real numbers.

    Args:
        name: The argument's name, used in error messages.
        values: A list, tuple or one-dimensional NumPy array of numbers.

    Returns:
        The values as a tuple, element by element unchanged.

    Raises:
        TypeError: If ``values`` is not a sequence, or an element is not a real number.
        ValueError: If ``values`` is empty, or an element is NaN or infinite.
    """
    if (
        isinstance(values, (str, bytes))
        or not hasattr(values, "__len__")
        or not hasattr(values, "__getitem__")
    ):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    items: tuple[object, ...] = tuple(values)  # type: ignore[arg-type]
    if not items:
        raise ValueError(f"{name} must not be empty")
    for i, item in enumerate(items):
        check_number(f"{name}[{i}]", item)
    return items  # type: ignore[return-value]  # every item checked to be a finite Real


def check_data(
    x_name: str, x: object, y_name: str, y: object
) -> tuple[Sequence[float], Sequence[float]]:
    """Check a pair of data sequences: each valid, and both of the same length.

    Raises:
        TypeError: As :func:`check_sequence`.
        ValueError: As :func:`check_sequence`, or if the lengths differ.
    """
    xs = check_sequence(x_name, x)
    ys = check_sequence(y_name, y)
    if len(xs) != len(ys):
        raise ValueError(
            f"{x_name} and {y_name} must have the same length, got {len(xs)} and {len(ys)}"
        )
    return xs, ys
