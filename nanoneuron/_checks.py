"""Input checks shared by the whole package: the one home of every argument check.

Every public entry point turns bad input into a ``TypeError`` or ``ValueError``
whose message names the offending argument, so no NaN or infinity is ever
passed on silently. The checks and their messages:

- :func:`check_number`, :func:`check_positive`, :func:`check_nonnegative`: one real number,
  returned as a Python ``int`` or ``float`` whose arithmetic is that of a JavaScript number.
- :func:`check_count`, :func:`check_epochs`, :func:`check_seed`: whole numbers.
- :func:`check_sequence`, :func:`check_data`: sequences of numbers for the plain-Python core.
- :func:`finite_array`: arrays of numbers for the NumPy modules (NumPy is imported only there).
- :func:`check_mapping`: ``{label: item}`` arguments of the charts.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Mapping, Sequence, Set
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - NumPy is imported by finite_array only when it runs
    import numpy as np
    import numpy.typing as npt

#: Integers up to this size (in magnitude) are held exactly by a float, as by a JavaScript
#: number; larger ones are accepted only if a float holds them exactly.
MAX_EXACT_INTEGER = 2**53

#: The largest number of epochs a training run accepts. The cost history alone takes 8 bytes
#: per epoch in the fast trainers (more in a Python list), and the faithful loop about a
#: microsecond per example and epoch: a billion epochs is already hours and gigabytes.
MAX_EPOCHS = 10**9


def check_number(name: str, value: object) -> float:
    """Return ``value`` as a finite Python number; raise naming ``name`` otherwise.

    A Python ``int`` of at most 2**53 in magnitude and a finite ``float`` are returned
    as given (so integer inputs keep the exact arithmetic of the original). Every other
    real number (a NumPy scalar such as ``float32`` or ``int64``, a ``Fraction``) is
    converted to a Python ``float`` if that is exact, and refused otherwise: training
    never runs in a narrower type or wraps around.

    Args:
        name: The argument's name, used in the error message.
        value: The value to check.

    Returns:
        The value as an ``int`` or ``float`` equal to it.

    Raises:
        TypeError: If ``value`` is not a real number (``bool`` is refused too).
        ValueError: If ``value`` is NaN or infinite, or no float holds it exactly.

    Examples:
        >>> check_number("alpha", 0.5)
        0.5
        >>> check_number("alpha", float("nan"))
        Traceback (most recent call last):
        ...
        ValueError: alpha must be a finite number, got nan
        >>> check_number("w", 10**400)
        Traceback (most recent call last):
        ...
        ValueError: w must be a finite number, got an integer of 401 digits, too large for a float
    """
    kind = value.__class__
    if kind is float:  # the fast path: training data are floats
        if value - value == 0:  # type: ignore[operator]  # finite (inf - inf and NaN are NaN)
            return value  # type: ignore[return-value]
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if kind is int and -MAX_EXACT_INTEGER <= value <= MAX_EXACT_INTEGER:  # type: ignore[operator]
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {kind.__name__} {value!r}")
    if isinstance(value, Integral):
        whole = int(value)
        if -MAX_EXACT_INTEGER <= whole <= MAX_EXACT_INTEGER:
            return whole
        try:
            number = float(whole)
        except OverflowError:
            raise ValueError(
                f"{name} must be a finite number, got an integer of {len(str(abs(whole)))}"
                " digits, too large for a float"
            ) from None
        if number != whole:
            raise ValueError(
                f"{name} must be a number a float holds exactly, got an integer of"
                f" {len(str(abs(whole)))} digits that no float holds (floats hold every"
                " integer up to 2**53)"
            )
        return number
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(
            f"{name} must be a finite number, got a {kind.__name__} too large for a float"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if number != value:
        raise ValueError(
            f"{name} must be a number a float holds exactly, got {kind.__name__} {value!r}"
        )
    return number


def check_positive(name: str, value: object) -> float:
    """:func:`check_number`, and greater than 0.

    Examples:
        >>> check_positive("alpha", 0)
        Traceback (most recent call last):
        ...
        ValueError: alpha must be greater than 0, got 0
    """
    number = check_number(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be greater than 0, got {number!r}")
    return number


def check_nonnegative(name: str, value: object) -> float:
    """:func:`check_number`, and 0 or more."""
    number = check_number(name, value)
    if number < 0:
        raise ValueError(f"{name} must be 0 or more, got {number!r}")
    return number


def check_flag(name: str, value: object) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (a NumPy bool too); raise naming it otherwise.

    A flag is never read from another value: ``"no"`` is a non-empty string, true to Python.

    Examples:
        >>> check_flag("keep_history", "no")
        Traceback (most recent call last):
        ...
        TypeError: keep_history must be True or False, got str 'no'
    """
    numpy = sys.modules.get("numpy")  # a NumPy bool can only come from a NumPy already imported
    if isinstance(value, bool) or (numpy is not None and isinstance(value, numpy.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")


def check_count(name: str, value: object, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is a whole number in range; raise naming it otherwise.

    Python and NumPy integers are accepted; ``bool`` and floats (even ``3.0``) are not.

    Examples:
        >>> check_count("count", 3, minimum=2)
        3
        >>> check_count("count", 1, minimum=2)
        Traceback (most recent call last):
        ...
        ValueError: count must be 2 or more, got 1
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got bool {value!r}")
    try:
        count = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}"
        ) from None
    if count < minimum:
        raise ValueError(f"{name} must be {minimum} or more, got {count}")
    if maximum is not None and count > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {count:,}")
    return count


def check_epochs(epochs: object) -> int:
    """Return ``epochs`` as an ``int`` if it is a whole number from 0 to :data:`MAX_EPOCHS`.

    Examples:
        >>> check_epochs(2 * 10**9)
        Traceback (most recent call last):
        ...
        ValueError: epochs must be at most 1,000,000,000, got 2,000,000,000
    """
    return check_count("epochs", epochs, 0, MAX_EPOCHS)


def check_seed(seed: object) -> int:
    """Return ``seed`` if it is a whole number ≥ 0, as NumPy needs; raise naming it otherwise.

    Examples:
        >>> check_seed(7)
        7
        >>> check_seed(-1)
        Traceback (most recent call last):
        ...
        ValueError: seed must be 0 or more, got -1
    """
    return check_count("seed", seed, 0)


def check_range(low_name: str, low: object, high_name: str, high: object) -> tuple[float, float]:
    """Two finite ends, ``low < high``, whose distance is a finite float too.

    Examples:
        >>> check_range("low", -1e308, "high", 1e308)
        Traceback (most recent call last):
        ...
        ValueError: low to high is too wide a range for floats: -1e+308 to 1e+308
    """
    lo, hi = float(check_number(low_name, low)), float(check_number(high_name, high))
    if not lo < hi:
        raise ValueError(f"{low_name} must be below {high_name}, got {lo!r} and {hi!r}")
    if not math.isfinite(hi - lo):
        raise ValueError(
            f"{low_name} to {high_name} is too wide a range for floats: {lo!r} to {hi!r}"
        )
    return lo, hi


def check_sequence(name: str, values: object) -> Sequence[float]:
    """Check that ``values`` is a non-empty sequence of finite real numbers.

    Args:
        name: The argument's name, used in error messages.
        values: A list, tuple or one-dimensional NumPy array of numbers.

    Returns:
        The values as a tuple, each as :func:`check_number` returns it (NumPy scalars
        become Python floats, exactly).

    Raises:
        TypeError: If ``values`` is not a sequence (a mapping or a set is not one), or an
            element is not a real number.
        ValueError: If ``values`` is empty, or an element is NaN, infinite or not exact
            as a float.
    """
    if (
        isinstance(values, (str, bytes, Mapping, Set))
        or not hasattr(values, "__len__")
        or not hasattr(values, "__getitem__")
    ):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    dimensions = getattr(values, "ndim", 1)  # a NumPy array's; a 0-d one has no length
    if dimensions != 1:
        raise TypeError(
            f"{name} must be a sequence of numbers, got an array of {dimensions} dimensions"
        )
    items: tuple[object, ...] = tuple(values)  # type: ignore[arg-type]  # a sequence
    if not items:
        raise ValueError(f"{name} must not be empty")
    return tuple([check_number(f"{name}[{i}]", item) for i, item in enumerate(items)])


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


def finite_array(name: str, values: object, *, ndim: int | None = None) -> npt.NDArray[np.float64]:
    """Convert ``values`` to a float64 array of finite numbers; raise naming ``name`` otherwise.

    Integer and narrower float arrays are converted exactly; an integer beyond 2**53 or a
    wider float that float64 cannot hold exactly is refused, as are mappings and sets.

    Args:
        name: The argument's name, used in error messages.
        values: A number, or a (nested) sequence or array of numbers.
        ndim: The number of dimensions required, or ``None`` for any.

    Raises:
        TypeError: If ``values`` does not hold real numbers.
        ValueError: If it is ragged, empty, of the wrong dimension, or holds NaN or
            infinity.

    Examples:
        >>> finite_array("x", [1, 2.5])
        array([1. , 2.5])
        >>> finite_array("x", [1, float("nan")])
        Traceback (most recent call last):
        ...
        ValueError: x must hold finite numbers only, got NaN or infinity
    """
    import numpy as np

    if isinstance(values, (str, bytes, Mapping, Set)):
        raise TypeError(f"{name} must hold real numbers, got {type(values).__name__}")
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(f"{name} must be a regular array of numbers, not a ragged one") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got values of type {array.dtype}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got {array.ndim}")
    if array.ndim > 0 and array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if array.dtype.kind in "iu" and array.size and int(np.abs(array).max()) > MAX_EXACT_INTEGER:
        raise ValueError(f"{name} must hold integers of at most 2**53 in magnitude")
    with np.errstate(all="ignore"):
        result = array.astype(np.float64)
        exact = array.dtype.itemsize <= 8 or bool(np.all(result == array))
    if not np.all(np.isfinite(result)):
        raise ValueError(f"{name} must hold finite numbers only, got NaN or infinity")
    if not exact:
        raise ValueError(f"{name} must hold numbers that float64 holds exactly")
    return result


def check_items(name: str, value: object, kind: type) -> Sequence[Any]:
    """Check a non-empty sequence (not text) whose every item is a ``kind``.

    Examples:
        >>> check_items("timings", [1.0, "x"], float)
        Traceback (most recent call last):
        ...
        TypeError: timings[1] must be a float, got str
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence of {kind.__name__}, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty")
    for i, item in enumerate(value):
        if not isinstance(item, kind):
            raise TypeError(f"{name}[{i}] must be a {kind.__name__}, got {type(item).__name__}")
    return value


def check_mapping(
    name: str, value: object, what: str, kind: type | None = None
) -> Mapping[Any, Any]:
    """Check a non-empty ``{label: item}`` mapping, each item a ``kind`` when one is given.

    Args:
        name: The argument's name, used in error messages.
        value: The value to check.
        what: What an item is, for the message (``"NanoNeuron"``, ``"cost history"``).
        kind: The type each item must have, or ``None`` to leave the items to the caller.

    Returns:
        ``value``, checked.

    Examples:
        >>> check_mapping("histories", [1.0], "cost history")
        Traceback (most recent call last):
        ...
        TypeError: histories must be a mapping of label to cost history, got list
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping of label to {what}, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty")
    if kind is not None:
        for label, item in value.items():
            if not isinstance(item, kind):
                raise TypeError(f"{name}[{label!r}] must be a {what}, got {type(item).__name__}")
    return value
