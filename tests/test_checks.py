"""The input checks every public function relies on."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nanoneuron._checks import check_data, check_number, check_sequence

examples = settings(max_examples=50, deadline=None)


@pytest.mark.parametrize("value", [0, -3, 0.5, -1e308, 5e-324, Fraction(1, 3), np.float64(2.5)])
def test_check_number_returns_the_value_unchanged(value: float) -> None:
    checked = check_number("alpha", value)
    assert checked is value


@examples
@given(value=st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_check_number_accepts_every_finite_real(value: float) -> None:
    assert check_number("alpha", value) == value


@pytest.mark.parametrize(
    "value", ["1", b"1", None, True, False, [1.0], (1.0,), 1j, Decimal("1.5"), object()]
)
def test_check_number_refuses_a_non_number(value: object) -> None:
    with pytest.raises(TypeError, match=r"^alpha must be a real number, got "):
        check_number("alpha", value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_check_number_refuses_nan_and_infinity(value: float) -> None:
    with pytest.raises(ValueError, match=r"^alpha must be a finite number, got "):
        check_number("alpha", value)


def test_check_number_message_shows_the_value() -> None:
    with pytest.raises(TypeError, match=r"^w must be a real number, got str '2'$"):
        check_number("w", "2")
    with pytest.raises(ValueError, match=r"^w must be a finite number, got inf$"):
        check_number("w", math.inf)


@pytest.mark.parametrize(
    "values",
    [[1.0, 2.0], (1, 2), range(3), np.array([1.0, 2.0]), [Fraction(1, 2)], [0]],
    ids=["list", "tuple", "range", "numpy", "fraction", "one"],
)
def test_check_sequence_accepts_sequences_of_numbers(values: object) -> None:
    checked = check_sequence("x_train", values)
    assert type(checked) is tuple
    assert list(checked) == list(values)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "values",
    [None, 3, "123", b"123", {1.0}, iter([1.0]), (x for x in [1.0])],
    ids=["None", "int", "str", "bytes", "set", "iterator", "generator"],
)
def test_check_sequence_refuses_a_non_sequence(values: object) -> None:
    with pytest.raises(TypeError, match=r"^x_train must be a sequence of numbers"):
        check_sequence("x_train", values)


@pytest.mark.parametrize("values", [[], (), np.array([])], ids=["list", "tuple", "numpy"])
def test_check_sequence_refuses_empty_data(values: object) -> None:
    with pytest.raises(ValueError, match=r"^x_train must not be empty"):
        check_sequence("x_train", values)


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ([1.0, "2"], TypeError, r"^x_train\[1\] must be a real number"),
        ([None], TypeError, r"^x_train\[0\] must be a real number"),
        ([1.0, 2.0, False], TypeError, r"^x_train\[2\] must be a real number"),
        ([[1.0, 2.0]], TypeError, r"^x_train\[0\] must be a real number"),
        (np.array([[1.0, 2.0]]), TypeError, r"^x_train\[0\] must be a real number"),
        ([1.0, math.nan], ValueError, r"^x_train\[1\] must be a finite number"),
        ([math.inf], ValueError, r"^x_train\[0\] must be a finite number"),
        (np.array([1.0, -np.inf]), ValueError, r"^x_train\[1\] must be a finite number"),
    ],
    ids=["str", "None", "bool", "list", "2-d", "nan", "inf", "numpy-inf"],
)
def test_check_sequence_names_the_bad_element(
    values: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        check_sequence("x_train", values)


def test_check_data_returns_both_checked() -> None:
    assert check_data("x", [1, 2], "y", (3.0, 4.0)) == ((1, 2), (3.0, 4.0))


def test_check_data_refuses_different_lengths() -> None:
    with pytest.raises(ValueError, match=r"^x and y must have the same length, got 3 and 2$"):
        check_data("x", [1, 2, 3], "y", [1, 2])


def test_check_data_checks_each_before_comparing_lengths() -> None:
    with pytest.raises(TypeError, match=r"^y\[0\] must be a real number"):
        check_data("x", [1, 2, 3], "y", ["1"])
