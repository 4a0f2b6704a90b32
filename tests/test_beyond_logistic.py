"""Activation functions and log loss: the sigmoid neuron, its two costs, its training, its charts."""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron.beyond.logistic import (
    SigmoidNeuron,
    SigmoidTraining,
    cost_gradient,
    finite_array,
    log_loss,
    log_loss_slope,
    relu,
    relu_slope,
    sigmoid,
    sigmoid_slope,
    squared_loss,
    squared_loss_slope,
    train_sigmoid_neuron,
    warm_days,
)
from nanoneuron.plots._svg import GRID, INK, SERIES
from nanoneuron.plots.activation import (
    activation_shapes,
    epoch_samples,
    loss_shapes,
    training_comparison,
    warm_neuron,
)
from tests.charts import description, record_drawing

moderate = st.floats(min_value=-30, max_value=30, allow_nan=False)
any_finite = st.floats(allow_nan=False, allow_infinity=False)
label = st.sampled_from([0.0, 1.0])
COSTS = ("cross-entropy", "squared-error")
LOSSES = {
    "cross-entropy": (log_loss, log_loss_slope),
    "squared-error": (squared_loss, squared_loss_slope),
}


def central_difference(f, z: float, h: float = 1e-6) -> float:  # type: ignore[no-untyped-def]
    return float((f(z + h) - f(z - h)) / (2 * h))


# Activation functions ------------------------------------------------------------------------


@given(moderate)
def test_sigmoid_matches_its_textbook_formula(z: float) -> None:
    assert sigmoid(z) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)


@given(any_finite)
def test_sigmoid_is_a_probability_and_symmetric(z: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, even at 1e308
        p, q = float(sigmoid(z)), float(sigmoid(-z))
    assert 0.0 <= p <= 1.0
    assert p + q == pytest.approx(1.0, abs=1e-15)


@given(moderate, moderate)
def test_sigmoid_never_decreases(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert sigmoid(low) <= sigmoid(high)


@given(moderate)
def test_sigmoid_slope_matches_finite_differences(z: float) -> None:
    assert sigmoid_slope(z) == pytest.approx(central_difference(sigmoid, z), abs=1e-9)
    assert 0.0 <= sigmoid_slope(z) <= 0.25


@given(any_finite)
def test_relu_is_max_with_zero(z: float) -> None:
    assert relu(z) == max(z, 0.0)
    assert relu_slope(z) == (1.0 if z > 0 else 0.0)


@given(st.floats(min_value=1e-3, max_value=1e3) | st.floats(min_value=-1e3, max_value=-1e-3))
def test_relu_slope_matches_finite_differences_away_from_the_kink(z: float) -> None:
    assert relu_slope(z) == pytest.approx(central_difference(relu, z, h=1e-5), abs=1e-6)


def test_activation_functions_keep_the_shape_of_their_input() -> None:
    z = np.arange(6.0).reshape(2, 3)
    for f in (sigmoid, sigmoid_slope, relu, relu_slope):
        assert f(z).shape == (2, 3)


# The two costs -------------------------------------------------------------------------------


@given(moderate, label)
def test_log_loss_matches_its_textbook_formula(z: float, y: float) -> None:
    # -log(p) = log(1 + e^-z) and -log(1 - p) = log(1 + e^z), each exact with log1p.
    expected = math.log1p(math.exp(-z)) if y == 1 else math.log1p(math.exp(z))
    assert log_loss(z, y) == pytest.approx(expected, rel=1e-12, abs=1e-300)


def test_log_loss_is_the_naive_formula_where_the_naive_formula_is_accurate() -> None:
    p = 1 / (1 + math.exp(-0.3))
    assert log_loss([0.3, 0.3], [1, 0]) == pytest.approx([-math.log(p), -math.log(1 - p)])


@given(any_finite, label)
def test_log_loss_is_finite_and_never_negative(z: float, y: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no log(0), no overflow
        loss = float(log_loss(z, y))
    assert math.isfinite(loss)
    assert loss >= 0.0


def test_a_confident_mistake_costs_its_confidence() -> None:
    assert log_loss([-800.0, 800.0], [1, 0]).tolist() == [800.0, 800.0]


@given(moderate, label)
def test_squared_loss_matches_its_formula_and_is_at_most_a_half(z: float, y: float) -> None:
    p = 1 / (1 + math.exp(-z))
    assert squared_loss(z, y) == pytest.approx((y - p) ** 2 / 2, rel=1e-12, abs=1e-15)
    assert squared_loss(z, y) <= 0.5


@pytest.mark.parametrize("cost", COSTS)
@given(z=moderate, y=label)
def test_each_slope_matches_finite_differences(cost: str, z: float, y: float) -> None:
    loss, slope = LOSSES[cost]
    numeric = central_difference(lambda v: loss(v, y), z)
    assert slope(z, y) == pytest.approx(numeric, abs=1e-8)


@given(st.floats(min_value=-700, max_value=-10))
def test_only_the_squared_error_goes_flat_when_confidently_wrong(z: float) -> None:
    # A warm day (y = 1) that the neuron is sure is cold.
    assert log_loss_slope(z, 1) == pytest.approx(-1.0, abs=1e-4)
    assert abs(squared_loss_slope(z, 1)) < 1e-4


# The neuron ----------------------------------------------------------------------------------


def test_the_neuron_standardizes_then_squashes() -> None:
    neuron = SigmoidNeuron(w=2.0, b=-1.0, center=20.0, scale=5.0)
    x = np.array([10.0, 20.0, 27.5])
    z = 2.0 * (x - 20.0) / 5.0 - 1.0
    assert neuron.logit(x) == pytest.approx(z)
    assert neuron.probability(x) == pytest.approx(1 / (1 + np.exp(-z)))
    assert neuron.predict(x).tolist() == [False, False, True]
    assert neuron.probability([neuron.threshold]) == pytest.approx([0.5])


@given(
    st.floats(min_value=-50, max_value=50).filter(lambda w: abs(w) > 1e-3),
    st.floats(min_value=-50, max_value=50),
    st.floats(min_value=-50, max_value=50),
    st.floats(min_value=0.1, max_value=50),
)
def test_the_threshold_is_where_the_probability_is_one_half(
    w: float, b: float, center: float, scale: float
) -> None:
    neuron = SigmoidNeuron(w=w, b=b, center=center, scale=scale)
    assert neuron.logit([neuron.threshold])[0] == pytest.approx(0.0, abs=1e-9 * (1 + abs(b)))


def test_accuracy_counts_matches() -> None:
    neuron = SigmoidNeuron(w=1.0, b=-20.0)
    assert neuron.accuracy([10.0, 30.0, 25.0, 15.0], [0, 1, 0, 0]) == 0.75
    assert neuron.accuracy([10.0, 30.0], [False, True]) == 1.0


@pytest.mark.parametrize("cost", COSTS)
@given(w=st.floats(min_value=-10, max_value=10), b=st.floats(min_value=-5, max_value=5))
def test_cost_gradient_matches_finite_differences(cost: str, w: float, b: float) -> None:
    x, y = warm_days(30, seed=4)
    neuron = SigmoidNeuron(w=w, b=b, center=20.0, scale=10.0)
    value, dw, db = cost_gradient(neuron, x, y, cost)
    h = 1e-6

    def at(w_: float, b_: float) -> float:
        shifted = SigmoidNeuron(w=w_, b=b_, center=20.0, scale=10.0)
        return cost_gradient(shifted, x, y, cost)[0]

    assert value == pytest.approx(float(np.mean(LOSSES[cost][0](neuron.logit(x), y))))
    assert dw == pytest.approx((at(w + h, b) - at(w - h, b)) / (2 * h), abs=1e-7)
    assert db == pytest.approx((at(w, b + h) - at(w, b - h)) / (2 * h), abs=1e-7)


# The data ------------------------------------------------------------------------------------


def test_warm_days_are_seeded_and_labelled_by_the_true_temperature() -> None:
    a = warm_days(50, seed=7)
    b = warm_days(50, seed=7)
    assert np.array_equal(a[0], b[0])
    assert np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], warm_days(50, seed=8)[0])
    readings, labels = warm_days(500, seed=7, noise=0.0)
    assert np.array_equal(labels, (readings > 20).astype(float))
    assert readings.min() >= 0.0
    assert readings.max() < 40.0


def test_noise_puts_some_readings_on_the_wrong_side() -> None:
    readings, labels = warm_days(2000, seed=7, noise=1.5)
    wrong_side = np.mean((readings > 20) != (labels == 1))
    assert 0.005 < wrong_side < 0.1


# Training ------------------------------------------------------------------------------------


def newton_optimum(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The minimum of the average log loss, by Newton's method: an independent oracle."""
    s = (x - x.mean()) / x.std()
    design = np.column_stack([s, np.ones_like(s)])
    theta = np.zeros(2)
    for _ in range(50):
        p = 1 / (1 + np.exp(-(design @ theta)))
        gradient = design.T @ (p - y) / len(y)
        hessian = (design.T * (p * (1 - p))) @ design / len(y)
        theta -= np.linalg.solve(hessian, gradient)
    return theta


def test_gradient_descent_reaches_the_newton_optimum() -> None:
    x, y = warm_days(100, seed=3, noise=3.0)
    training = train_sigmoid_neuron(x, y, epochs=2000, alpha=3.0)
    w, b = newton_optimum(x, y)
    assert training.neuron.w == pytest.approx(w, rel=1e-8)
    assert training.neuron.b == pytest.approx(b, abs=1e-8)


@given(st.integers(min_value=0, max_value=10_000))
def test_the_cross_entropy_cost_never_rises_with_a_safe_step(seed: int) -> None:
    # The average log loss on standardized inputs has curvature at most (1 + 1) / 4,
    # so any alpha below 4 goes downhill every epoch.
    x, y = warm_days(40, seed=seed)
    history = train_sigmoid_neuron(x, y, epochs=60, alpha=2.0, w=-3.0).cost_history
    assert all(later <= earlier + 1e-12 for earlier, later in itertools.pairwise(history))


def test_the_warm_neuron_learns_the_20_degree_threshold() -> None:
    x, y = warm_days(200, seed=1)
    test_x, test_y = warm_days(500, seed=2)
    training = train_sigmoid_neuron(x, y, epochs=1000, alpha=1.0)
    assert training.neuron.threshold == pytest.approx(20.0, abs=0.5)
    assert training.neuron.accuracy(test_x, test_y) > 0.93
    assert len(training.cost_history) == len(training.accuracy_history) == 1000


def test_histories_are_measured_before_each_step() -> None:
    x, y = warm_days(20, seed=1)
    training = train_sigmoid_neuron(x, y, epochs=3, alpha=1.0, w=0.5, b=0.25)
    start = SigmoidNeuron(w=0.5, b=0.25, center=float(np.mean(x)), scale=float(np.std(x)))
    assert training.cost_history[0] == cost_gradient(start, x, y, "cross-entropy")[0]
    assert training.accuracy_history[0] == start.accuracy(x, y)
    assert train_sigmoid_neuron(x, y, epochs=0, w=0.5).neuron.w == 0.5


def test_squared_error_is_stuck_where_cross_entropy_is_not() -> None:
    x, y = warm_days(200, seed=1)

    def first_at_90(cost: str) -> int:
        run = train_sigmoid_neuron(x, y, cost=cost, epochs=1000, alpha=1.0, w=-8.0)
        return next(i for i, a in enumerate(run.accuracy_history) if a >= 0.9)

    assert first_at_90("cross-entropy") < 50
    assert first_at_90("squared-error") > 10 * first_at_90("cross-entropy")


def test_training_is_deterministic() -> None:
    x, y = warm_days(50, seed=1)
    first = train_sigmoid_neuron(x, y, epochs=50)
    again = train_sigmoid_neuron(x, y, epochs=50)
    assert first == again


def test_a_huge_learning_rate_is_reported_as_divergence() -> None:
    x, y = warm_days(50, seed=1)
    # The first step already overflows: the epoch is counted from 1.
    with pytest.raises(
        FloatingPointError,
        match=r"^training diverged at epoch 1 with alpha=1e\+308; try a smaller alpha$",
    ):
        train_sigmoid_neuron(x, y, epochs=5, alpha=1e308, w=1e308)


def test_the_defaults_are_the_chapters() -> None:
    """The chapter's days: 1.5 °C of noise on days from 0 to 40 °C; its training: 1000
    epochs at alpha = 1 from w = b = 0."""
    days = warm_days(60, seed=4)
    given = warm_days(60, seed=4, noise=1.5, low=0.0, high=40.0)
    assert all(np.array_equal(a, b) for a, b in zip(days, given, strict=True))
    assert train_sigmoid_neuron(*days) == train_sigmoid_neuron(
        *days, cost="cross-entropy", epochs=1000, alpha=1.0, w=0.0, b=0.0
    )
    assert [len(part) for part in warm_days(1, seed=0)] == [1, 1]  # one day is the least


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "named"),
    [
        (lambda: sigmoid("1"), TypeError, "z"),
        (lambda: sigmoid([1.0, None]), TypeError, "z"),
        (lambda: sigmoid([True, False]), TypeError, "z"),
        (lambda: sigmoid([1.0, math.nan]), ValueError, "z"),
        (lambda: relu([math.inf]), ValueError, "z"),
        (lambda: sigmoid([]), ValueError, "z"),
        (lambda: sigmoid([[1.0], [1.0, 2.0]]), ValueError, "z"),
        (lambda: log_loss([0.0], [2]), ValueError, "y"),
        (lambda: log_loss([0.0, 1.0], [1]), ValueError, "y"),
        (lambda: squared_loss_slope([0.0], [0.5]), ValueError, "y"),
        (lambda: warm_days(0, seed=1), ValueError, "count"),
        (lambda: warm_days(True, seed=1), TypeError, "count"),
        (lambda: warm_days(5, seed=1.5), TypeError, "seed"),
        (lambda: warm_days(5, seed=1, noise=-1.0), ValueError, "noise"),
        (lambda: warm_days(5, seed=1, noise=math.nan), ValueError, "noise"),
        (lambda: warm_days(5, seed=1, low=10.0, high=10.0), ValueError, "high"),
        (lambda: SigmoidNeuron(w=math.nan, b=0.0), ValueError, "w"),
        (lambda: SigmoidNeuron(w=1.0, b="0"), TypeError, "b"),
        (lambda: SigmoidNeuron(w=1.0, b=0.0, scale=0.0), ValueError, "scale"),
        (lambda: SigmoidNeuron(w=0.0, b=1.0).threshold, ValueError, "w"),
        (lambda: SigmoidNeuron(w=1.0, b=0.0).probability([math.inf]), ValueError, "readings"),
        (lambda: SigmoidNeuron(w=1.0, b=0.0).accuracy([1.0, 2.0], [1]), ValueError, "labels"),
        (lambda: cost_gradient("neuron", [1.0], [1], "cross-entropy"), TypeError, "neuron"),
        (lambda: cost_gradient(SigmoidNeuron(w=1, b=0), [1.0], [1], "hinge"), ValueError, "cost"),
        (lambda: train_sigmoid_neuron([1.0, 2.0], [0, 1], cost="log"), ValueError, "cost"),
        (lambda: train_sigmoid_neuron([1.0, 2.0], [0, 1], epochs=-1), ValueError, "epochs"),
        (lambda: train_sigmoid_neuron([1.0, 2.0], [0, 1], epochs=2.0), TypeError, "epochs"),
        (lambda: train_sigmoid_neuron([1.0, 2.0], [0, 1], alpha=0.0), ValueError, "alpha"),
        (lambda: train_sigmoid_neuron([1.0, 2.0], [0, 1], alpha=math.nan), ValueError, "alpha"),
        (lambda: train_sigmoid_neuron([3.0, 3.0], [0, 1]), ValueError, "readings"),
        (lambda: train_sigmoid_neuron([[1.0, 2.0]], [[0, 1]]), ValueError, "readings"),
        (lambda: train_sigmoid_neuron([1.0, 2.0], [0, 1], w=math.inf), ValueError, "w"),
        (lambda: finite_array("x", [1.0], ndim=2), ValueError, "x"),
        (lambda: finite_array("x", b"12"), TypeError, "x"),
    ],
)
def test_bad_input_is_refused_by_name(call, error: type[Exception], named: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=rf"\b{named}\b"):
        call()


# Charts --------------------------------------------------------------------------------------


def assert_is_a_chart(svg: str, name: str) -> None:
    assert svg.startswith("<svg")
    assert f'id="{name}-title"' in svg
    assert f'id="{name}-desc"' in svg
    for placeholder in (INK, GRID, *SERIES):
        assert placeholder not in svg


def test_the_charts_are_accessible_svg_in_the_palette() -> None:
    x, y = warm_days(100, seed=1)
    runs = [train_sigmoid_neuron(x, y, cost=c, epochs=3000, w=-8.0) for c in COSTS]
    assert_is_a_chart(activation_shapes(name="a"), "a")
    assert_is_a_chart(loss_shapes(name="b"), "b")
    assert_is_a_chart(warm_neuron(runs[0].neuron, x, y, name="c"), "c")
    chart = training_comparison(runs, name="d")
    assert_is_a_chart(chart, "d")
    assert "squared error" in chart
    # 3000 epochs are drawn with at most a few hundred points per line.
    assert len(chart) < 120_000


def test_long_histories_are_thinned() -> None:
    samples = epoch_samples(70_000)
    assert samples[0] == 0
    assert samples[-1] == 69_999
    assert len(samples) <= 300
    assert np.all(np.diff(samples) > 0)
    assert epoch_samples(300).tolist() == list(range(300))


def test_chart_inputs_are_checked() -> None:
    x, y = warm_days(10, seed=1)
    with pytest.raises(TypeError, match="neuron"):
        warm_neuron("neuron", x, y)
    with pytest.raises(ValueError, match="trainings"):
        training_comparison([])
    with pytest.raises(TypeError, match="trainings"):
        training_comparison(["run"])  # type: ignore[list-item]
    empty = SigmoidTraining(SigmoidNeuron(w=1, b=0), "cross-entropy", [], [])
    with pytest.raises(ValueError, match="trainings"):
        training_comparison([empty])
    with pytest.raises(ValueError, match="count"):
        epoch_samples(0)


def test_readings_too_large_are_named_not_a_scale_nobody_passed() -> None:
    # It said "scale must be a finite number, got inf", after a NumPy warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^readings hold values too large"):
            train_sigmoid_neuron([1e200, -1e200, 1.0], [0.0, 1.0, 1.0], epochs=10, alpha=0.1)


def test_some_noise_below_one_degree_still_moves_the_readings() -> None:
    true, _ = warm_days(50, seed=1, noise=0)
    read, _ = warm_days(50, seed=1, noise=0.5)
    misses = np.abs(read - true)
    assert misses.min() > 0
    assert 0.2 < misses.std() < 0.5  # errors of standard deviation 0.5, folded


def test_a_day_exactly_at_the_boundary_is_not_warm() -> None:
    # Warm means above 20 °C: a day of exactly 20 °C is not warm ...
    edge = float(np.nextafter(20.0, 21.0))
    _, labels = warm_days(4, seed=0, noise=0, low=20.0, high=edge)
    readings, _ = warm_days(4, seed=0, noise=0, low=20.0, high=edge)
    assert labels.tolist() == [float(r > 20.0) for r in readings]
    assert 0.0 in labels.tolist()
    # ... and a neuron whose probability is exactly 1/2 does not say warm.
    neuron = SigmoidNeuron(w=1.0, b=-20.0)
    assert neuron.probability([20.0]).tolist() == [0.5]
    assert neuron.predict([20.0]).tolist() == [False]
    assert neuron.accuracy([20.0], [0]) == 1.0


def test_the_accuracy_history_is_each_epochs_neurons_accuracy() -> None:
    x, y = [10.0, 25.0, 30.0], [0, 1, 1]
    training = train_sigmoid_neuron(x, y, epochs=1, w=0.0, b=0.0)
    # At the start every probability is exactly 1/2: no day is called warm.
    start = SigmoidNeuron(w=0.0, b=0.0, center=training.neuron.center, scale=training.neuron.scale)
    assert training.accuracy_history == [start.accuracy(x, y)] == [1 / 3]


def a_run(costs: list[float], accuracies: list[float]) -> SigmoidTraining:
    return SigmoidTraining(SigmoidNeuron(w=1.0, b=0.0), "cross-entropy", costs, accuracies)


@pytest.mark.parametrize(
    ("draw", "error", "message"),
    [
        (lambda: epoch_samples(True), TypeError, r"^count must be an integer, got bool"),
        (
            lambda: training_comparison([a_run([1.0, 0.5], [0.5, 0.9])] * 6),
            ValueError,
            r"^trainings must hold 1 to 5 runs, got 6",
        ),
        (
            lambda: training_comparison([a_run([0.0, 0.5], [0.5, 0.9])]),
            ValueError,
            r"^trainings must each start at a cost above 0",
        ),
    ],
)
def test_the_training_charts_refuse_what_they_cannot_draw(
    draw: Callable[[], object], error: type[Exception], message: str
) -> None:
    # A sixth run had no colour and went missing; a first cost of 0 can't scale the others.
    with pytest.raises(error, match=message):
        draw()


def test_the_comparison_draws_costs_relative_to_the_first_and_counts_90_percent_as_reached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "plot")
    chart = training_comparison([a_run([2.0, 1.0, 0.5], [0.5, 0.9, 0.95])], name="c")
    assert "(first at 90% or more: epoch 2)." in description(chart)
    (epochs, costs), (_, accuracy) = [call.args for call in calls]
    assert np.asarray(epochs).tolist() == [1, 2, 3]
    assert np.asarray(costs).tolist() == [1.0, 0.5, 0.25]
    assert np.asarray(accuracy).tolist() == pytest.approx([50, 90, 95])


def test_the_warm_neuron_chart_splits_days_by_label_and_names_its_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "scatter")
    neuron = SigmoidNeuron(w=2.0, b=-34.6)  # P(warm) = 1/2 where 2 x = 34.6
    chart = warm_neuron(neuron, [10.0, 25.0, 15.0, 30.0], [0, 1, 0, 1], name="w")
    assert description(chart).endswith("crosses 1/2 at 17.3 °C.")
    dots = {kw["label"]: [np.asarray(a).tolist() for a in args] for _, _, args, kw in calls}
    assert dots == {"cold day": [[10.0, 15.0], [0, 0]], "warm day": [[25.0, 30.0], [1, 1]]}


def test_a_threshold_that_overflows_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^the threshold overflows: b / w = 1e\+300 / 5e-324"):
        _ = SigmoidNeuron(5e-324, 1e300).threshold
