"""Autograd: each operation's slope, the article's gradient, the network's backward pass."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nanoneuron import NanoNeuron, backward_propagation, forward_propagation, generate_data_sets
from nanoneuron.beyond import network
from nanoneuron.beyond.autograd import Value, cost_gradient, network_gradient, rounding_bound
from tests.conftest import examples

X_TRAIN, Y_TRAIN, _, _ = generate_data_sets()
numbers = st.floats(-10, 10, allow_nan=False)


def slopes(function: Callable[..., Value], *inputs: float) -> tuple[float, list[float]]:
    values = [Value(v) for v in inputs]
    result = function(*values)
    result.backward()
    return result.data, [v.grad for v in values]


@settings(deadline=None)  # timings vary on a shared machine
@given(numbers, numbers)
def test_each_operation_has_its_calculus_slope(a: float, b: float) -> None:
    assert slopes(lambda x, y: x * y, a, b) == (a * b, [b, a])
    assert slopes(lambda x, y: x + y, a, b) == (a + b, [1.0, 1.0])
    assert slopes(lambda x, y: x - y, a, b)[1] == [1.0, -1.0]
    assert slopes(lambda x: 3.0 - x, a)[1] == [-1.0]
    assert slopes(lambda x: x / 4.0, a)[1] == [0.25]
    assert slopes(lambda x: x**3, a)[1] == pytest.approx([3 * a * a])
    assert slopes(lambda x: x.tanh(), a)[1] == pytest.approx([1 - math.tanh(a) ** 2])
    # Division divides (x * (1/49) would round 49 / 49 to 0.9999999999999999).
    assert (Value(49.0) / 49.0).data == 1.0
    # A value used twice collects both contributions: d(x * x)/dx = 2x.
    assert slopes(lambda x: x * x, a)[1] == pytest.approx([2 * a])


@settings(deadline=None)  # timings vary on a shared machine
@given(numbers, numbers)
def test_a_composite_agrees_with_finite_differences(a: float, b: float) -> None:
    def f(x: Value, y: Value) -> Value:
        return (x * y + 2.0).tanh() * x - y**2 / 3.0

    _, (da, db) = slopes(f, a, b)
    h = 1e-6
    assert da == pytest.approx(
        (f(Value(a + h), Value(b)).data - f(Value(a - h), Value(b)).data) / (2 * h), abs=1e-5
    )
    assert db == pytest.approx(
        (f(Value(a), Value(b + h)).data - f(Value(a), Value(b - h)).data) / (2 * h), abs=1e-5
    )


def test_a_deep_graph_needs_no_recursion() -> None:
    x = Value(1.0)
    total = Value(0.0)
    for _ in range(20000):
        total = total + x
    total.backward()
    assert x.grad == 20000.0


def check_against_the_article(neuron: NanoNeuron, x: list[float], y: list[float]) -> None:
    cost, slope_w, slope_b = cost_gradient(neuron, x, y)
    predictions, expected = forward_propagation(neuron, x, y)
    dw, db = backward_propagation(predictions, x, y)
    assert cost == expected  # the same operations in the same order
    bound_w, bound_b = rounding_bound(neuron, x, y)
    assert abs(slope_w + dw) <= bound_w
    assert abs(slope_b + db) <= bound_b


def test_the_articles_gradient_is_found_within_the_rounding_bound() -> None:
    for neuron in (
        NanoNeuron(0.5, 0.5),
        NanoNeuron(0.0, 0.0),
        NanoNeuron(1.8, 32.0),
        NanoNeuron(-3.0, 100.0),
    ):
        check_against_the_article(neuron, X_TRAIN, Y_TRAIN)
    # The bound is tight enough to mean something: a few parts in 10^13 of the slope.
    bound_w, _ = rounding_bound(NanoNeuron(0.5, 0.5), X_TRAIN, Y_TRAIN)
    assert bound_w < 1e-12 * abs(cost_gradient(NanoNeuron(0.5, 0.5), X_TRAIN, Y_TRAIN)[1])


@examples(50)
@given(st.lists(st.tuples(numbers, numbers), min_size=1, max_size=30), numbers, numbers)
def test_any_data_within_the_rounding_bound(
    pairs: list[tuple[float, float]], w: float, b: float
) -> None:
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    check_against_the_article(NanoNeuron(w, b), x, y)


def test_the_bound_holds_where_the_error_underflows() -> None:
    # A subnormal error: rounding errors there are absolute, and the bound says so.
    for x in (1.0, 10.0, -10.0):
        check_against_the_article(NanoNeuron(0.0, 5e-324), [x], [0.0])
    check_against_the_article(NanoNeuron(0.0, 1.5e-323), [-10.0], [0.0])


def test_the_articles_gradient_agrees_with_finite_differences() -> None:
    _, slope_w, slope_b = cost_gradient(NanoNeuron(0.5, 0.5), X_TRAIN, Y_TRAIN)

    def cost(w: float, b: float) -> float:
        return forward_propagation(NanoNeuron(w, b), X_TRAIN, Y_TRAIN)[1]

    h = 1e-4
    assert slope_w == pytest.approx((cost(0.5 + h, 0.5) - cost(0.5 - h, 0.5)) / (2 * h), rel=1e-9)
    assert slope_b == pytest.approx((cost(0.5, 0.5 + h) - cost(0.5, 0.5 - h)) / (2 * h), rel=1e-9)


@pytest.mark.parametrize(("hidden", "seed"), [(1, 0), (3, 1), (16, 0)])
def test_the_networks_backward_pass_agrees_with_autograd(hidden: int, seed: int) -> None:
    x, y, _, _ = network.thermistor_data_sets(train=25, test=1, seed=seed)
    net = network.Network.random(hidden, seed=seed)
    by_hand = network.network_gradient(net, x, y)
    automatic = network_gradient(net, x, y)
    assert automatic.shape == by_hand.shape
    assert network.relative_difference(by_hand, automatic) < 1e-13


def test_a_wrong_backward_pass_would_be_caught() -> None:
    x, y, _, _ = network.thermistor_data_sets(train=25, test=1, seed=0)
    net = network.Network.random(4, seed=0)
    wrong = network.network_gradient(net, x, y).copy()
    wrong[0] *= 1.01  # one slope off by one percent
    assert network.relative_difference(wrong, network_gradient(net, x, y)) > 1e-4


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Value("1"), TypeError, "data"),
        (lambda: Value(math.nan), ValueError, "data"),
        (lambda: cost_gradient((0.5, 0.5), X_TRAIN, Y_TRAIN), TypeError, "model"),
        (lambda: cost_gradient(NanoNeuron(0, 0), [1.0], [1.0, 2.0]), ValueError, "same length"),
        (lambda: rounding_bound(NanoNeuron(0, 0), [], []), ValueError, "empty"),
        (lambda: network_gradient(NanoNeuron(0, 0), [1.0], [1.0]), TypeError, "network"),
        (
            lambda: network_gradient(network.Network.random(2, seed=0), [math.inf], [1.0]),
            ValueError,
            "x",
        ),
    ],
)
def test_bad_input_is_refused(call, error: type, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()


def test_network_gradient_returns_an_array() -> None:
    assert isinstance(
        network_gradient(network.Network([1.0], [0.0], [2.0], 0.0), [0.0], [1.0]), np.ndarray
    )


@pytest.mark.parametrize(
    ("start", "x_train", "y_train"),
    [
        ((1e308, 1.0), [1.0, 2.0], [1.0, 2.0]),  # the predictions overflow
        ((1.0, 1.0), [1.0, 2.0], [1e308, -1e308]),  # the errors' sum passes the largest float
        ((0.0, 0.0), [1e200, 1.0], [1e150, 1.0]),  # the cost is finite, e * x is not
    ],
)
def test_overflow_is_named_not_a_value_error_about_data(
    start: tuple[float, float], x_train: list[float], y_train: list[float]
) -> None:
    # cost_gradient said "data must be a finite number, got inf" (a Value's own field);
    # rounding_bound returned (inf, inf) or raised OverflowError.
    neuron = NanoNeuron(*start)
    with pytest.raises(ValueError, match=r"^the (cost|gradient) overflows a float"):
        cost_gradient(neuron, x_train, y_train)
    with pytest.raises(ValueError, match=r"^the gradient overflows a float"):
        rounding_bound(neuron, x_train, y_train)


def test_the_underflow_term_counts_m_plus_2_roundings() -> None:
    # No error at all (the line goes through the one example): only the underflow terms
    # remain, (sum |x| + m + 2) and (m + 2) smallest subnormals, doubled.
    tiny = 2.0**-1074
    assert rounding_bound(NanoNeuron(2.0, 30.0), [0.0], [30.0]) == (6 * tiny, 6 * tiny)
    assert rounding_bound(NanoNeuron(2.0, 30.0), [0.0, 0.0], [30.0, 30.0]) == (8 * tiny, 8 * tiny)
