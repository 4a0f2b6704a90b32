"""Forward and backward propagation, checked against finite differences and least squares."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nanoneuron import (
    NanoNeuron,
    backward_propagation,
    celsius_to_fahrenheit,
    forward_propagation,
    max_stable_alpha,
    prediction_cost,
)
from tests.conftest import examples

Data = tuple[list[float], list[float], list[float], list[float]]

drawn = examples(60)


@st.composite
def data(draw: st.DrawFn, min_size: int = 1) -> tuple[list[float], list[float]]:
    """A small data set: inputs and outputs of moderate size, one output per input."""
    xs = draw(st.lists(st.floats(-100, 100), min_size=min_size, max_size=20))
    ys = draw(st.lists(st.floats(-300, 300), min_size=len(xs), max_size=len(xs)))
    return xs, ys


parameters = st.floats(-10, 10)


def average_cost(w: float, b: float, xs: list[float], ys: list[float]) -> float:
    return forward_propagation(NanoNeuron(w, b), xs, ys)[1]


# Forward propagation


def test_forward_on_a_small_example() -> None:
    predictions, cost = forward_propagation(NanoNeuron(w=2, b=30), [0, 10], [32, 50])
    assert predictions == [30, 50]
    assert cost == 1.0


def test_forward_on_the_training_set(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    predictions, cost = forward_propagation(NanoNeuron(0.5, 0.5), x_train, y_train)
    assert predictions == [x * 0.5 + 0.5 for x in x_train]
    assert cost == 5297.707500000001


@drawn
@given(data(), parameters, parameters)
def test_forward_is_the_mean_of_the_costs_summed_in_order(
    dataset: tuple[list[float], list[float]], w: float, b: float
) -> None:
    xs, ys = dataset
    neuron = NanoNeuron(w, b)
    predictions, cost = forward_propagation(neuron, xs, ys)
    assert predictions == [neuron.predict(x) for x in xs]
    total = 0.0
    for y, prediction in zip(ys, predictions, strict=True):
        total += prediction_cost(y, prediction)
    assert cost == total / len(xs)
    assert cost >= 0
    assert cost == pytest.approx(float(np.mean((np.array(ys) - np.array(predictions)) ** 2)) / 2)


def test_forward_leaves_the_model_alone() -> None:
    neuron = NanoNeuron(0.5, 0.5)
    forward_propagation(neuron, [1, 2], [3, 4])
    assert neuron == NanoNeuron(0.5, 0.5)


def test_forward_accepts_tuples_and_numpy_arrays(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    neuron = NanoNeuron(0.5, 0.5)
    expected = forward_propagation(neuron, x_train, y_train)
    as_tuples = forward_propagation(neuron, tuple(x_train), tuple(y_train))
    as_arrays = forward_propagation(neuron, np.array(x_train), np.array(y_train))
    assert as_tuples == expected
    assert as_arrays == expected


def test_zero_cost_at_the_true_parameters(data_sets: Data) -> None:
    x_train, y_train, x_test, y_test = data_sets
    truth = NanoNeuron(w=1.8, b=32)
    predictions, cost = forward_propagation(truth, x_train, y_train)
    assert cost == 0
    assert predictions == y_train
    assert forward_propagation(truth, x_test, y_test)[1] == 0
    assert backward_propagation(predictions, x_train, y_train) == (0, 0)


# Backward propagation


def test_backward_on_a_small_example() -> None:
    assert backward_propagation([30, 50], [0, 10], [32, 50]) == (0.0, 1.0)


def test_backward_points_downhill_on_the_training_set(data_sets: Data) -> None:
    # Predictions far below the truth: increase both w and b.
    x_train, y_train, _, _ = data_sets
    predictions, _ = forward_propagation(NanoNeuron(0.5, 0.5), x_train, y_train)
    dw, db = backward_propagation(predictions, x_train, y_train)
    assert dw > 0
    assert db > 0
    # ... and too high: decrease them.
    predictions, _ = forward_propagation(NanoNeuron(3, 50), x_train, y_train)
    dw, db = backward_propagation(predictions, x_train, y_train)
    assert dw < 0
    assert db < 0


@drawn
@given(data(), parameters, parameters)
def test_backward_is_minus_the_gradient_by_central_differences(
    dataset: tuple[list[float], list[float]], w: float, b: float
) -> None:
    xs, ys = dataset
    predictions, cost = forward_propagation(NanoNeuron(w, b), xs, ys)
    dw, db = backward_propagation(predictions, xs, ys)

    # The average cost is quadratic in w and b, so central differences carry no truncation
    # error at all; only rounding, about eps * cost / h, is left.
    h = 1e-2
    slope_w = (average_cost(w + h, b, xs, ys) - average_cost(w - h, b, xs, ys)) / (2 * h)
    slope_b = (average_cost(w, b + h, xs, ys) - average_cost(w, b - h, xs, ys)) / (2 * h)
    tolerance = 1e-12 * (1 + cost) / h
    assert dw == pytest.approx(-slope_w, rel=1e-9, abs=tolerance)
    assert db == pytest.approx(-slope_b, rel=1e-9, abs=tolerance)


def test_backward_matches_the_gradient_formula_with_numpy(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    predictions, _ = forward_propagation(NanoNeuron(0.5, 0.5), x_train, y_train)
    x, y, p = np.array(x_train), np.array(y_train), np.array(predictions)
    gradient = np.array([np.mean((p - y) * x), np.mean(p - y)])
    assert backward_propagation(predictions, x_train, y_train) == pytest.approx(-gradient)


@drawn
@given(data(min_size=2), parameters, parameters)
def test_a_small_step_along_the_result_lowers_the_cost(
    dataset: tuple[list[float], list[float]], w: float, b: float
) -> None:
    xs, ys = dataset
    assume(max(xs) - min(xs) > 1)  # a well-defined bowl, not a flat valley
    predictions, cost = forward_propagation(NanoNeuron(w, b), xs, ys)
    dw, db = backward_propagation(predictions, xs, ys)
    alpha = max_stable_alpha(xs) / 1000
    # The expected drop, about alpha * |gradient|**2, must stand clear of rounding.
    assume(alpha * (dw * dw + db * db) > 1e-12 * cost)
    assert average_cost(w + alpha * dw, b + alpha * db, xs, ys) < cost
    # The opposite step climbs.
    assert average_cost(w - alpha * dw, b - alpha * db, xs, ys) > cost


def test_least_squares_answer_is_the_conversion_rule(data_sets: Data) -> None:
    # An independent oracle: the least-squares line through the training set.
    x_train, y_train, _, _ = data_sets
    design = np.column_stack([x_train, np.ones(len(x_train))])
    (w, b), *_ = np.linalg.lstsq(design, np.array(y_train), rcond=None)
    assert w == pytest.approx(1.8, rel=1e-12)
    assert b == pytest.approx(32, rel=1e-12)
    assert celsius_to_fahrenheit(70) == pytest.approx(70 * w + b, rel=1e-12)


@drawn
@given(data(min_size=2))
def test_no_downhill_direction_at_the_least_squares_answer(
    dataset: tuple[list[float], list[float]],
) -> None:
    xs, ys = dataset
    assume(max(xs) - min(xs) > 1)
    design = np.column_stack([xs, np.ones(len(xs))])
    (w, b), *_ = np.linalg.lstsq(design, np.array(ys), rcond=None)
    predictions, _ = forward_propagation(NanoNeuron(float(w), float(b)), xs, ys)
    dw, db = backward_propagation(predictions, xs, ys)
    scale = max(map(abs, ys)) * max(map(abs, xs)) + max(map(abs, ys)) + 1
    assert abs(dw) < 1e-10 * scale
    assert abs(db) < 1e-10 * scale


# Bad input


def call_forward(x_train: object, y_train: object) -> object:
    return forward_propagation(NanoNeuron(1, 1), x_train, y_train)


def call_backward_on_x(x_train: object, y_train: object) -> object:
    return backward_propagation([1.0, 2.0, 3.0], x_train, y_train)


def call_backward_on_predictions(predictions: object, y_train: object) -> object:
    return backward_propagation(predictions, [1.0, 2.0, 3.0], y_train)


# (function, name of its first data argument, name of its second)
DATA_ARGUMENTS = [
    pytest.param(call_forward, "x_train", "y_train", id="forward"),
    pytest.param(call_backward_on_x, "x_train", "y_train", id="backward-x"),
    pytest.param(call_backward_on_predictions, "predictions", "y_train", id="backward-predictions"),
]

Call = Callable[[object, object], object]
GOOD = [1.0, 2.0, 3.0]


@pytest.mark.parametrize(("call", "first", "second"), DATA_ARGUMENTS)
@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("bad", [5.0, None, "123", b"123", {1.0, 2.0, 3.0}, iter([1.0, 2.0, 3.0])])
def test_data_not_a_sequence(call: Call, first: str, second: str, which: int, bad: object) -> None:
    name = (first, second)[which]
    args = [GOOD, GOOD]
    args[which] = bad
    with pytest.raises(TypeError, match=rf"^{name} must be a sequence"):
        call(*args)


@pytest.mark.parametrize(("call", "first", "second"), DATA_ARGUMENTS)
@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("bad", ["2", None, True, [2.0], 2j])
def test_data_holding_a_non_number(
    call: Call, first: str, second: str, which: int, bad: object
) -> None:
    name = (first, second)[which]
    args: list[object] = [list(GOOD), list(GOOD)]
    args[which] = [1.0, bad, 3.0]
    with pytest.raises(TypeError, match=rf"^{name}\[1\] must be a real number"):
        call(*args)


@pytest.mark.parametrize(("call", "first", "second"), DATA_ARGUMENTS)
@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_data_holding_nan_or_infinity(
    call: Call, first: str, second: str, which: int, bad: float
) -> None:
    name = (first, second)[which]
    args: list[object] = [list(GOOD), list(GOOD)]
    args[which] = [1.0, 2.0, bad]
    with pytest.raises(ValueError, match=rf"^{name}\[2\] must be a finite number"):
        call(*args)


@pytest.mark.parametrize(("call", "first", "second"), DATA_ARGUMENTS)
@pytest.mark.parametrize("which", [0, 1])
def test_empty_data(call: Call, first: str, second: str, which: int) -> None:
    name = (first, second)[which]
    args: list[object] = [list(GOOD), list(GOOD)]
    args[which] = []
    with pytest.raises(ValueError, match=rf"^{name} must not be empty"):
        call(*args)


def test_forward_data_of_different_lengths() -> None:
    with pytest.raises(ValueError, match=r"^x_train and y_train must have the same length"):
        forward_propagation(NanoNeuron(1, 1), [1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize(
    ("predictions", "x_train", "y_train", "names"),
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0], "x_train and y_train"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], [1.0, 2.0], "x_train and predictions"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], "x_train and predictions"),
    ],
)
def test_backward_data_of_different_lengths(
    predictions: list[float], x_train: list[float], y_train: list[float], names: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{names} must have the same length"):
        backward_propagation(predictions, x_train, y_train)


@pytest.mark.parametrize("bad", [None, (1.0, 2.0), "model", 1.0])
def test_forward_model_not_a_nanoneuron(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^model must be a NanoNeuron"):
        forward_propagation(bad, [1.0], [2.0])


def test_forward_propagation_names_an_integer_no_float_holds() -> None:
    # It used to raise OverflowError from the integer arithmetic, naming nothing.
    with pytest.raises(ValueError, match=r"^x_train\[0\] must be a number a float holds exactly"):
        forward_propagation(NanoNeuron(2, 30), [10**200], [0])


def test_forward_propagation_refuses_an_overflowing_cost() -> None:
    with pytest.raises(ValueError, match=r"^the cost overflows a float: .* x_train .* y_train"):
        forward_propagation(NanoNeuron(2, 30), [1e200], [0])


def test_backward_propagation_refuses_a_non_finite_gradient() -> None:
    # It used to return (nan, 0.0).
    with pytest.raises(ValueError, match=r"^the gradient overflows a float: predictions, x_train"):
        backward_propagation([1e308, -1e308], [1e308, 1e308], [0, 0])


def test_a_dict_is_not_data() -> None:
    # A dict used to be accepted, its keys taken as the data.
    with pytest.raises(TypeError, match=r"^x_train must be a sequence of numbers, got dict$"):
        forward_propagation(NanoNeuron(2, 30), {0: 32.0, 1: 33.8}, [32.0, 33.8])
