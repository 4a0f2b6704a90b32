"""The input checks every public function relies on."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron._checks import (
    MAX_EPOCHS,
    check_count,
    check_data,
    check_epochs,
    check_flag,
    check_mapping,
    check_nonnegative,
    check_number,
    check_positive,
    check_range,
    check_seed,
    check_sequence,
    finite_array,
)
from tests.conftest import examples

drawn = examples(50)


@pytest.mark.parametrize("value", [0, -3, 0.5, -1e308, 5e-324, 2**53, -(2**53)])
def test_check_number_returns_python_numbers_unchanged(value: float) -> None:
    checked = check_number("alpha", value)
    assert checked is value


@drawn
@given(value=st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**53), 2**53))
def test_check_number_accepts_every_finite_real(value: float) -> None:
    assert check_number("alpha", value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.float64(2.5), 2.5),
        (np.float32(5e-4), float(np.float32(5e-4))),  # exactly the float32's value, as a double
        (np.float16(0.1), float(np.float16(0.1))),
        (np.int64(2**40), 2**40),
        (np.int64(2**53), 2**53),  # the largest integer every smaller one of is a float too
        (np.int64(-(2**53)), -(2**53)),
        (np.uint8(200), 200),
        (Fraction(1, 4), 0.25),
        (2**60, 2.0**60),  # beyond 2**53, but a float holds it exactly
        (np.int64(2**62), 2.0**62),
    ],
    ids=[
        "float64",
        "float32",
        "float16",
        "int64",
        "int64-2**53",
        "int64--2**53",
        "uint8",
        "fraction",
        "int-2**60",
        "int64-2**62",
    ],
)
def test_check_number_converts_other_reals_to_python_numbers_exactly(
    value: object, expected: float
) -> None:
    # A NumPy scalar kept as given would run training in its own type (float32 steps,
    # int64 wrapping round): it becomes the Python int or float equal to it.
    checked = check_number("alpha", value)
    assert type(checked) is type(expected)
    assert checked == expected == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (10**400, r"^w must be a finite number, got an integer of 401 digits, too large"),
        (10**200, r"^w must be a number a float holds exactly, got an integer of 201 digits"),
        (2**53 + 1, r"^w must be a number a float holds exactly"),
        (np.int64(2**53 + 1), r"^w must be a number a float holds exactly"),
        (Fraction(1, 3), r"^w must be a number a float holds exactly, got Fraction"),
        (Fraction(10**400), r"^w must be a finite number, got a Fraction too large for a float$"),
        (Fraction(10**400, 3), r"^w must be a finite number, got a Fraction too large"),
        (np.float32("inf"), r"^w must be a finite number, got "),
    ],
    ids=[
        "10**400",
        "10**200",
        "2**53+1",
        "int64",
        "fraction",
        "big-fraction",
        "huge-fraction",
        "f32-inf",
    ],
)
def test_check_number_refuses_numbers_no_float_holds_exactly(value: object, message: str) -> None:
    # 10**400 used to raise OverflowError, naming nothing.
    with pytest.raises(ValueError, match=message):
        check_number("w", value)


def test_check_number_refuses_a_numpy_bool() -> None:
    with pytest.raises(TypeError, match=r"^w must be a real number, got bool"):
        check_number("w", np.bool_(True))


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
    assert list(checked) == list(values)


@pytest.mark.parametrize(
    "values",
    [
        None,
        3,
        "123",
        b"123",
        {1.0},
        frozenset([1.0]),
        iter([1.0]),
        (x for x in [1.0]),
        {0: 32.0, 1: 33.8},
        {0: 32.0}.keys(),
        {0: 32.0}.values(),  # has a length, but no indexing
    ],
    ids=[
        "None",
        "int",
        "str",
        "bytes",
        "set",
        "frozenset",
        "iterator",
        "generator",
        "dict",
        "keys",
        "values",
    ],
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
        (
            np.array([[1.0, 2.0]]),
            TypeError,
            r"^x_train must be a sequence of numbers, got an array of 2",
        ),
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


def test_check_sequence_converts_numpy_arrays_to_python_floats() -> None:
    # float16 data used to be kept as float16 scalars, so training overflowed at 65504 and
    # reported a false divergence.
    checked = check_sequence("x_train", np.array([0.5, 99.0], dtype=np.float16))
    assert [type(value) for value in checked] == [float, float]
    assert checked == (0.5, 99.0)


def test_check_data_returns_both_checked() -> None:
    assert check_data("x", [1, 2], "y", (3.0, 4.0)) == ((1, 2), (3.0, 4.0))


def test_check_data_refuses_different_lengths() -> None:
    with pytest.raises(ValueError, match=r"^x and y must have the same length, got 3 and 2$"):
        check_data("x", [1, 2, 3], "y", [1, 2])


def test_check_data_checks_each_before_comparing_lengths() -> None:
    with pytest.raises(TypeError, match=r"^y\[0\] must be a real number"):
        check_data("x", [1, 2, 3], "y", ["1"])


def test_check_count_accepts_numpy_integers_and_refuses_floats_and_bools() -> None:
    assert check_count("count", np.int32(3), minimum=2) == 3
    assert check_count("epochs", 0) == 0  # by default, 0 is the least
    with pytest.raises(ValueError, match=r"^epochs must be 0 or more, got -1$"):
        check_count("epochs", -1)
    with pytest.raises(TypeError, match=r"^count must be an integer, got float 3.0$"):
        check_count("count", 3.0)
    with pytest.raises(TypeError, match=r"^count must be an integer, got bool True$"):
        check_count("count", True)
    with pytest.raises(ValueError, match=r"^count must be 2 or more, got 1$"):
        check_count("count", 1, minimum=2)
    with pytest.raises(ValueError, match=r"^count must be at most 5, got 6$"):
        check_count("count", 6, maximum=5)


def test_check_range_needs_the_low_end_below_the_high_end() -> None:
    assert check_range("low", -1, "high", 2.5) == (-1.0, 2.5)
    for low, high in ((1, 1), (2, 1)):
        with pytest.raises(
            ValueError, match=rf"^low must be below high, got {low}.0 and {high}.0$"
        ):
            check_range("low", low, "high", high)


def test_check_epochs_has_a_documented_upper_limit() -> None:
    assert check_epochs(MAX_EPOCHS) == MAX_EPOCHS
    with pytest.raises(ValueError, match=r"^epochs must be at most 1,000,000,000, got "):
        check_epochs(MAX_EPOCHS + 1)
    with pytest.raises(ValueError, match=r"^epochs must be 0 or more, got -1$"):
        check_epochs(-1)


def test_check_seed_positive_and_nonnegative_name_the_argument() -> None:
    assert check_seed(0) == 0
    with pytest.raises(ValueError, match=r"^seed must be 0 or more, got -1$"):
        check_seed(-1)
    assert check_positive("alpha", np.float32(0.5)) == 0.5
    with pytest.raises(ValueError, match=r"^alpha must be greater than 0, got 0$"):
        check_positive("alpha", 0)
    assert check_nonnegative("noise", 0) == 0
    with pytest.raises(ValueError, match=r"^noise must be 0 or more, got -1.5$"):
        check_nonnegative("noise", -1.5)
    with pytest.raises(ValueError, match=r"^noise must be 0 or more, got -1e-300$"):
        check_nonnegative("noise", -1e-300)  # however little below 0


def test_check_mapping_names_the_bad_item() -> None:
    check_mapping("models", {"a": 1.0}, "float", float)
    with pytest.raises(TypeError, match=r"^models must be a mapping of label to float, got list"):
        check_mapping("models", [1.0], "float", float)
    with pytest.raises(ValueError, match=r"^models must not be empty$"):
        check_mapping("models", {}, "float", float)
    with pytest.raises(TypeError, match=r"^models\['b'\] must be a float, got str$"):
        check_mapping("models", {"a": 1.0, "b": "2"}, "float", float)


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({1.0: 2.0}, TypeError, r"^x must hold real numbers, got dict$"),
        ({1.0, 2.0}, TypeError, r"^x must hold real numbers, got set$"),
        ("12", TypeError, r"^x must hold real numbers, got str$"),
        ([1.0, "a"], TypeError, r"^x must hold real numbers, got values of type"),
        ([[1.0], [1.0, 2.0]], ValueError, r"^x must be a regular array"),
        ([], ValueError, r"^x must not be empty$"),
        ([1.0, math.inf], ValueError, r"^x must hold finite numbers only"),
        (np.array([2**53 + 1], dtype=np.int64), ValueError, r"^x must hold integers of at most"),
    ],
    ids=["dict", "set", "str", "mixed", "ragged", "empty", "inf", "big-int64"],
)
def test_finite_array_refuses_what_is_not_an_array_of_finite_numbers(
    values: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        finite_array("x", values)


def test_finite_array_converts_narrow_types_exactly() -> None:
    half = np.array([0.1, 65504.0], dtype=np.float16)
    converted = finite_array("x", half)
    assert converted.dtype == np.float64
    assert converted.tolist() == [float(v) for v in half]
    assert finite_array("x", np.array([3], dtype=np.int64)).tolist() == [3.0]
    # Every integer up to 2**53 in magnitude is a float exactly (2**53 + 1 is refused).
    edge = np.array([2**53, -(2**53)], dtype=np.int64)
    assert finite_array("x", edge).tolist() == [2.0**53, -(2.0**53)]
    with pytest.raises(ValueError, match=r"^x must hold integers of at most 2\*\*53"):
        finite_array("x", np.array([0, 2**53 + 1], dtype=np.int64))  # the largest counts
    assert finite_array("x", np.array([np.longdouble(1.5)])).tolist() == [1.5]


@pytest.mark.skipif(np.finfo(np.longdouble).nmant <= 52, reason="long double is a double here")
def test_finite_array_refuses_long_doubles_that_a_float_cannot_hold() -> None:
    value = np.longdouble(1) + np.longdouble(2) ** -60
    with pytest.raises(ValueError, match=r"^x must hold numbers that float64 holds exactly"):
        finite_array("x", np.array([value]))


def test_finite_array_checks_the_number_of_dimensions() -> None:
    assert finite_array("x", [[1.0, 2.0]], ndim=2).shape == (1, 2)
    with pytest.raises(ValueError, match=r"^x must have 1 dimension\(s\), got 2$"):
        finite_array("x", [[1.0, 2.0]], ndim=1)


@pytest.mark.parametrize(("values", "dimensions"), [(np.array(3.0), 0), (np.ones((2, 2)), 2)])
def test_an_array_that_is_not_one_dimensional_is_named(values: object, dimensions: int) -> None:
    # A 0-d array raised NumPy's "iteration over a 0-d array", naming nothing.
    with pytest.raises(
        TypeError, match=f"^x must be a sequence of numbers, got an array of {dimensions} dim"
    ):
        check_sequence("x", values)


@pytest.mark.parametrize("value", ["no", 1, 0, None, 1.0])
def test_a_flag_is_true_or_false_only(value: object) -> None:
    # "no" is a non-empty string, true to Python: keep_history="no" kept the history.
    with pytest.raises(TypeError, match=r"^keep_history must be True or False, got "):
        check_flag("keep_history", value)


def test_a_flag_may_be_a_numpy_bool() -> None:
    assert check_flag("log", np.bool_(False)) is False
    assert check_flag("log", True) is True
