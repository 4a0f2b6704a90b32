"""The cost of one prediction: half the squared error."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron import prediction_cost
from tests.conftest import examples

drawn = examples(100)
# Below 1e150 the square of any difference stays finite.
values = st.floats(min_value=-1e150, max_value=1e150)


@pytest.mark.parametrize(
    ("y", "prediction", "cost"),
    [
        (212, 210, 2.0),
        (210, 212, 2.0),
        (5, 5, 0.0),
        (0, 1, 0.5),
        (32.0, 30.5, 1.125),
        (-3, 3, 18.0),
    ],
)
def test_known_costs(y: float, prediction: float, cost: float) -> None:
    assert prediction_cost(y, prediction) == cost


@drawn
@given(y=values, prediction=values)
def test_cost_is_half_the_squared_error(y: float, prediction: float) -> None:
    # Squared as JavaScript's ** squares, d * d (exactly rounded); Python's ** 2 calls C's
    # pow(), which rounds a few squares in a thousand differently (see the next test).
    difference = y - prediction
    assert prediction_cost(y, prediction) == difference * difference / 2
    assert prediction_cost(y, prediction) == pytest.approx(difference**2 / 2, rel=1e-15)


def test_the_square_is_a_product_not_pow() -> None:
    """The case where they differ: pow() rounds this square one unit differently."""
    difference = 0.0 - 5.904098428480712e16
    assert difference * difference != difference**2
    assert prediction_cost(0.0, 5.904098428480712e16) == difference * difference / 2


@drawn
@given(y=values, prediction=values)
def test_cost_is_never_negative(y: float, prediction: float) -> None:
    assert prediction_cost(y, prediction) >= 0


@drawn
@given(y=values, prediction=values)
def test_cost_is_symmetric(y: float, prediction: float) -> None:
    assert prediction_cost(y, prediction) == prediction_cost(prediction, y)


@drawn
@given(y=values)
def test_cost_is_zero_only_for_a_perfect_prediction(y: float) -> None:
    assert prediction_cost(y, y) == 0
    assert prediction_cost(y, y + 1 + abs(y)) > 0


@drawn
@given(y=st.floats(min_value=-1e6, max_value=1e6), miss=st.floats(min_value=1e-3, max_value=1e3))
def test_a_bigger_miss_costs_more(y: float, miss: float) -> None:
    assert prediction_cost(y, y + 2 * miss) > prediction_cost(y, y + miss)


def test_overflow_gives_infinity_as_in_the_original() -> None:
    # JavaScript's ** gives Infinity when the square overflows; training relies on an
    # infinite cost to notice that it diverged.
    assert prediction_cost(1e200, -1e200) == math.inf


@pytest.mark.parametrize("bad", ["212", None, True, [212]])
@pytest.mark.parametrize("name", ["y", "prediction"])
def test_refuses_a_non_number(name: str, bad: object) -> None:
    args: dict[str, object] = {"y": 212.0, "prediction": 210.0, name: bad}
    with pytest.raises(TypeError, match=rf"^{name} "):
        prediction_cost(**args)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("name", ["y", "prediction"])
def test_refuses_nan_and_infinity(name: str, bad: float) -> None:
    args = {"y": 212.0, "prediction": 210.0, name: bad}
    with pytest.raises(ValueError, match=rf"^{name} "):
        prediction_cost(**args)
