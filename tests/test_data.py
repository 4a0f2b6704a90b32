"""The data: the conversion rule and the training and test sets."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron import celsius_to_fahrenheit, generate_data_sets
from tests.conftest import examples

drawn = examples(50)
temperatures = st.floats(min_value=-1e6, max_value=1e6)


@pytest.mark.parametrize(
    ("celsius", "fahrenheit"),
    [(0, 32.0), (100, 212.0), (-40, -40.0), (37, 98.60000000000001), (70, 158.0)],
)
def test_known_temperatures(celsius: float, fahrenheit: float) -> None:
    assert celsius_to_fahrenheit(celsius) == fahrenheit


@drawn
@given(c=temperatures)
def test_conversion_is_c_times_1_8_plus_32_exactly(c: float) -> None:
    assert celsius_to_fahrenheit(c) == c * 1.8 + 32


@drawn
@given(c=temperatures)
def test_conversion_inverts(c: float) -> None:
    assert (celsius_to_fahrenheit(c) - 32) / 1.8 == pytest.approx(c, rel=1e-12, abs=1e-9)


@drawn
@given(low=temperatures, high=temperatures)
def test_conversion_keeps_the_order(low: float, high: float) -> None:
    if low <= high:
        assert celsius_to_fahrenheit(low) <= celsius_to_fahrenheit(high)


@pytest.mark.parametrize("bad", ["20", None, True, [20]])
def test_conversion_refuses_a_non_number(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^c "):
        celsius_to_fahrenheit(bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_conversion_refuses_nan_and_infinity(bad: float) -> None:
    with pytest.raises(ValueError, match=r"^c "):
        celsius_to_fahrenheit(bad)


def test_training_set_is_0_to_99() -> None:
    x_train, y_train, _, _ = generate_data_sets()
    assert x_train == list(range(100))
    assert y_train == [celsius_to_fahrenheit(x) for x in range(100)]


def test_test_set_is_the_half_degrees_between() -> None:
    _, _, x_test, y_test = generate_data_sets()
    assert x_test == [i + 0.5 for i in range(100)]
    assert y_test == [celsius_to_fahrenheit(i + 0.5) for i in range(100)]


def test_train_and_test_inputs_never_meet() -> None:
    x_train, _, x_test, _ = generate_data_sets()
    assert not set(x_train) & set(x_test)


def test_data_sets_are_the_same_every_time_and_fresh_lists() -> None:
    first = generate_data_sets()
    first[0].append(1000)
    first[1][0] = -1
    assert generate_data_sets() != first
    assert generate_data_sets() == generate_data_sets()
    assert all(type(values) is list for values in generate_data_sets())


def test_conversion_runs_in_python_floats() -> None:
    """A NumPy float32 is converted exactly first: the arithmetic is never float32's."""
    import numpy as np

    value = np.float32(0.1)
    result = celsius_to_fahrenheit(value)
    assert type(result) is float
    assert result == float(value) * 1.8 + 32


def test_a_conversion_that_overflows_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^c = 1e\+308 °C is too large: in °F it overflows$"):
        celsius_to_fahrenheit(1e308)
    assert celsius_to_fahrenheit(-1e307) == -1e307 * 1.8 + 32
