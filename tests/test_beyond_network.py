"""A network of neurons: the thermistor data, the network, its backward pass, training, charts."""

from __future__ import annotations

import itertools
import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nanoneuron import NanoNeuron, forward_propagation
from nanoneuron.beyond.network import (
    KELVIN_25,
    THERMISTOR_B,
    Network,
    best_line,
    network_cost,
    network_gradient,
    numerical_gradient,
    predict,
    relative_difference,
    thermistor_celsius,
    thermistor_data_sets,
    thermistor_ratio,
    train_network,
)
from nanoneuron.plots._svg import CURVE_POINTS, GRID, INK, SERIES
from nanoneuron.plots.network import network_fit, network_training
from tests.charts import calls_of, description, legend_texts, record_drawing

seeds = st.integers(min_value=0, max_value=2**32 - 1)
temperatures = st.floats(min_value=-50, max_value=300)


def random_data(seed: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(-2, 2, m), rng.normal(0, 3, m)


# The thermistor ------------------------------------------------------------------------------


def test_the_ratio_is_one_at_25_degrees_and_matches_a_datasheet() -> None:
    assert thermistor_ratio([25.0]) == pytest.approx([1.0])
    # The B-parameter model of a 10 kOhm, B = 3950 K thermistor: about 33.6 kOhm at 0 °C
    # and 0.70 kOhm at 100 °C.
    assert thermistor_ratio([0.0, 100.0]) == pytest.approx([3.362, 0.0698], rel=1e-3)


@given(temperatures)
def test_celsius_undoes_ratio(celsius: float) -> None:
    assert thermistor_celsius(thermistor_ratio(celsius)) == pytest.approx(celsius, abs=1e-9)


@given(temperatures, temperatures)
def test_a_warmer_thermistor_has_less_resistance(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert thermistor_ratio(high) <= thermistor_ratio(low)


def test_the_data_sets_lie_on_the_curve_and_are_seeded() -> None:
    x_train, y_train, x_test, y_test = thermistor_data_sets(train=40, test=200, seed=5)
    assert x_train.shape == y_train.shape == (40,)
    assert x_test.shape == y_test.shape == (200,)
    assert thermistor_celsius(x_train) == pytest.approx(y_train)
    assert thermistor_celsius(x_test) == pytest.approx(y_test)
    assert min(y_train.min(), y_test.min()) >= 0.0
    assert max(y_train.max(), y_test.max()) < 100.0
    again = thermistor_data_sets(train=40, test=200, seed=5)
    assert all(
        np.array_equal(a, b) for a, b in zip(again, (x_train, y_train, x_test, y_test), strict=True)
    )
    assert not np.array_equal(thermistor_data_sets(seed=6)[0], thermistor_data_sets(seed=5)[0])
    # One reading of each is the least.
    assert [len(part) for part in thermistor_data_sets(train=1, test=1)] == [1, 1, 1, 1]
    # The chapter's data are the defaults: 40 readings to train on and 200 to test, seed 5,
    # 0 to 100 °C.
    defaults = thermistor_data_sets()
    given = thermistor_data_sets(train=40, test=200, seed=5, low=0.0, high=100.0)
    assert all(np.array_equal(a, b) for a, b in zip(defaults, given, strict=True))


# The network ---------------------------------------------------------------------------------


def test_a_random_network_starts_as_its_docstring_says() -> None:
    """Hidden weights and biases from N(0, 1), output weights from N(0, 1/sqrt(hidden)), in
    that order from the seeded generator, and an output bias of 0."""
    network = Network.random(3, seed=7)
    draws = np.random.default_rng(7)
    assert np.array_equal(network.hidden_weights, draws.normal(0.0, 1.0, 3))
    assert np.array_equal(network.hidden_biases, draws.normal(0.0, 1.0, 3))
    assert np.array_equal(network.output_weights, draws.normal(0.0, 1.0 / math.sqrt(3), 3))
    assert network.output_bias == 0.0


def loop_predict(network: Network, x: float) -> float:
    """The network's output computed one neuron at a time: an independent oracle."""
    total = network.output_bias
    for w, b, v in zip(
        network.hidden_weights, network.hidden_biases, network.output_weights, strict=True
    ):
        total += float(v) * math.tanh(float(w) * x + float(b))
    return total


@given(seeds, st.integers(min_value=1, max_value=12), st.floats(min_value=-5, max_value=5))
def test_predict_matches_a_neuron_by_neuron_loop(seed: int, hidden: int, x: float) -> None:
    network = Network.random(hidden, seed=seed)
    assert network.predict([x])[0] == pytest.approx(loop_predict(network, x), rel=1e-12, abs=1e-12)


@given(seeds, st.integers(min_value=1, max_value=12))
def test_parameters_round_trip(seed: int, hidden: int) -> None:
    network = Network.random(hidden, seed=seed)
    vector = network.parameters()
    assert vector.shape == (network.size,) == (3 * hidden + 1,)
    assert np.array_equal(Network.from_parameters(vector).parameters(), vector)


def test_a_network_cannot_be_changed_after_it_is_made() -> None:
    weights = np.array([1.0, 2.0])
    network = Network(weights, [0.0, 0.0], [1.0, 1.0], 0.0)
    weights[0] = 99.0  # the network keeps its own copy
    assert network.hidden_weights[0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        network.hidden_weights[0] = 5.0


def test_a_single_neuron_costs_the_same_as_in_the_article() -> None:
    x, y = [0.0, 1.0, 2.5, 7.0], [32.0, 33.5, 40.0, 45.0]
    neuron = NanoNeuron(w=1.7, b=31.0)
    assert network_cost(neuron, x, y) == pytest.approx(forward_propagation(neuron, x, y)[1])


@given(st.floats(-100, 100), st.floats(-100, 100), st.floats(-1000, 1000))
def test_predict_of_a_single_neuron_is_the_articles_predict(w: float, b: float, x: float) -> None:
    neuron = NanoNeuron(w=w, b=b)
    assert predict(neuron, [x])[0] == neuron.predict(x)


def test_a_network_with_linear_looking_tanh_is_nearly_a_line() -> None:
    # tanh(t) ~ t for tiny t, so one tiny hidden neuron scaled back up acts as w * x + b.
    network = Network([1e-6], [0.0], [1.8e6], 32.0)
    assert network.predict([0.0, 100.0]) == pytest.approx([32.0, 212.0], rel=1e-6)


# The backward pass ---------------------------------------------------------------------------


@settings(deadline=None)
@given(seeds, st.integers(min_value=1, max_value=10), st.integers(min_value=1, max_value=30))
def test_the_backward_pass_matches_finite_differences(seed: int, hidden: int, m: int) -> None:
    network = Network.random(hidden, seed=seed)
    x, y = random_data(seed, m)
    backward = network_gradient(network, x, y)
    nudged = numerical_gradient(network, x, y, step=1e-6)
    assert relative_difference(backward, nudged) < 1e-6


def test_the_gradient_check_of_the_page_agrees_to_rounding() -> None:
    x, y, _, _ = thermistor_data_sets()
    start = Network.random(16, seed=0)
    difference = relative_difference(network_gradient(start, x, y), numerical_gradient(start, x, y))
    assert difference < 1e-7


def test_the_gradient_is_zero_where_the_network_fits_exactly() -> None:
    network = Network([0.5, -1.0], [0.1, 0.2], [2.0, 3.0], -1.0)
    x = np.array([-1.0, 0.0, 2.0])
    gradient = network_gradient(network, x, network.predict(x))
    assert np.all(gradient == 0.0)


@given(st.lists(st.floats(min_value=-1e3, max_value=1e3), min_size=1, max_size=8), st.data())
def test_relative_difference_is_a_symmetric_fraction(a: list[float], data: st.DataObject) -> None:
    b = data.draw(
        st.lists(st.floats(min_value=-1e3, max_value=1e3), min_size=len(a), max_size=len(a))
    )
    d = relative_difference(a, b)
    assert 0.0 <= d <= 1.0
    assert d == relative_difference(b, a)
    assert relative_difference(a, a) == 0.0


def test_relative_difference_stays_at_most_one_despite_rounding() -> None:
    # Opposite vectors give exactly 1 in exact arithmetic; this pair rounded to 1 + 2**-52.
    assert relative_difference([483.0, 483.0], [-5.0, -5.0]) == 1.0


# The best line -------------------------------------------------------------------------------


@given(seeds, st.integers(min_value=2, max_value=50))
def test_best_line_is_least_squares(seed: int, m: int) -> None:
    x, y = random_data(seed, m)
    line = best_line(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert line.w == pytest.approx(slope, rel=1e-9, abs=1e-9)
    assert line.b == pytest.approx(intercept, rel=1e-9, abs=1e-9)
    best = network_cost(line, x, y)
    for dw, db in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert network_cost(NanoNeuron(w=line.w + dw, b=line.b + db), x, y) >= best


# Training ------------------------------------------------------------------------------------


def test_one_epoch_is_one_step_against_the_gradient() -> None:
    x, y, _, _ = thermistor_data_sets(train=10, seed=1)
    start = Network.random(3, seed=2)
    training = train_network(start, x, y, epochs=1, alpha=0.01)
    expected = start.parameters() - 0.01 * network_gradient(start, x, y)
    assert np.array_equal(training.network.parameters(), expected)
    assert training.cost_history == [network_cost(start, x, y)]


def test_training_leaves_its_start_alone_and_is_deterministic() -> None:
    x, y, _, _ = thermistor_data_sets(train=20, seed=1)
    start = Network.random(4, seed=3)
    before = start.parameters().copy()
    first = train_network(start, x, y, epochs=200, alpha=0.01)
    again = train_network(Network.random(4, seed=3), x, y, epochs=200, alpha=0.01)
    assert np.array_equal(start.parameters(), before)
    assert first.cost_history == again.cost_history
    assert np.array_equal(first.network.parameters(), again.network.parameters())
    assert train_network(start, x, y, epochs=0, alpha=0.01).cost_history == []


def test_the_network_fits_the_thermistor_where_one_neuron_cannot() -> None:
    x_train, y_train, x_test, y_test = thermistor_data_sets(train=40, test=200, seed=5)
    line = best_line(x_train, y_train)
    training = train_network(
        Network.random(16, seed=0), x_train, y_train, epochs=20_000, alpha=0.01
    )
    network_test = network_cost(training.network, x_test, y_test)
    line_test = network_cost(line, x_test, y_test)
    assert line_test > 50  # the best line is off by 10 °C or more, typically
    assert network_test < 0.1  # the network by well under half a degree
    assert line_test > 1000 * network_test
    history = training.cost_history
    assert history[-1] < history[0] / 10_000
    # Measured at every thousandth epoch, the cost only goes down.
    assert all(later < earlier for earlier, later in itertools.pairwise(history[::1000]))


def test_a_huge_learning_rate_is_reported_as_divergence() -> None:
    x, y, _, _ = thermistor_data_sets(train=20, seed=1)
    start = Network.random(4, seed=0)
    pattern = r"^training diverged at epoch (\d+) with alpha=10\.0; try a smaller alpha$"
    with pytest.raises(FloatingPointError, match=pattern) as caught:
        train_network(start, x, y, epochs=500, alpha=10.0)
    match = re.match(pattern, str(caught.value))
    assert match is not None
    epoch = int(match.group(1))
    # The epoch named is the first whose cost is not finite (here its gradient still is):
    # one epoch fewer trains to the end, every cost finite.
    before = train_network(start, x, y, epochs=epoch - 1, alpha=10.0)
    assert len(before.cost_history) == epoch - 1
    assert np.isfinite(before.cost_history).all()
    assert before.cost_history[-1] > 1e300


# Bad input -----------------------------------------------------------------------------------

GOOD = Network([1.0], [0.0], [1.0], 0.0)


@pytest.mark.parametrize(
    ("call", "error", "named"),
    [
        (lambda: thermistor_ratio([-300.0]), ValueError, "celsius"),
        (lambda: thermistor_ratio(["hot"]), TypeError, "celsius"),
        (lambda: thermistor_celsius([0.0]), ValueError, "ratio"),
        (lambda: thermistor_celsius([math.nan]), ValueError, "ratio"),
        (lambda: thermistor_data_sets(train=0), ValueError, "train"),
        (lambda: thermistor_data_sets(test=2.5), TypeError, "test"),
        (lambda: thermistor_data_sets(seed=-1), ValueError, "seed"),
        (lambda: thermistor_data_sets(low=50.0, high=10.0), ValueError, "high"),
        (lambda: thermistor_data_sets(low=10.0, high=10.0), ValueError, "high"),
        (lambda: thermistor_data_sets(low=-400.0), ValueError, "low"),
        (lambda: thermistor_data_sets(high=math.inf), ValueError, "high"),
        (lambda: Network([1.0, 2.0], [0.0], [1.0], 0.0), ValueError, "hidden_weights"),
        (lambda: Network([[1.0]], [0.0], [1.0], 0.0), ValueError, "hidden_weights"),
        (lambda: Network([1.0], [math.nan], [1.0], 0.0), ValueError, "hidden_biases"),
        (lambda: Network([1.0], [0.0], ["a"], 0.0), TypeError, "output_weights"),
        (lambda: Network([1.0], [0.0], [1.0], math.inf), ValueError, "output_bias"),
        (lambda: Network([], [], [], 0.0), ValueError, "hidden_weights"),
        (lambda: Network.random(0, seed=0), ValueError, "hidden"),
        (lambda: Network.random(True, seed=0), TypeError, "hidden"),
        (lambda: Network.random(2, seed=-3), ValueError, "seed"),
        (lambda: Network.from_parameters([1.0, 2.0, 3.0]), ValueError, "parameters"),
        (lambda: Network.from_parameters([1.0] * 6), ValueError, "parameters"),  # 2 too many
        (lambda: Network.from_parameters([1.0]), ValueError, "parameters"),  # no hidden unit
        (lambda: GOOD.predict([math.inf]), ValueError, "x"),
        (lambda: network_cost("model", [1.0], [1.0]), TypeError, "model"),
        (lambda: predict(None, [1.0]), TypeError, "model"),
        (lambda: predict(GOOD, [[1.0]]), ValueError, "x"),
        (lambda: network_cost(GOOD, [1.0, 2.0], [1.0]), ValueError, "x"),
        (lambda: network_cost(GOOD, [1.0], [math.nan]), ValueError, "y"),
        (lambda: network_gradient("network", [1.0], [1.0]), TypeError, "network"),
        (lambda: numerical_gradient(GOOD, [1.0], [1.0], step=0.0), ValueError, "step"),
        (lambda: numerical_gradient(GOOD, [1.0], [1.0], step=math.nan), ValueError, "step"),
        (lambda: relative_difference([1.0], [1.0, 2.0]), ValueError, "a"),
        (lambda: train_network(GOOD, [1.0], [1.0], epochs=-1, alpha=0.1), ValueError, "epochs"),
        (lambda: train_network(GOOD, [1.0], [1.0], epochs=1, alpha=-0.1), ValueError, "alpha"),
        (lambda: train_network(GOOD, [1.0], [1.0], epochs=1, alpha=math.inf), ValueError, "alpha"),
        (lambda: train_network(None, [1.0], [1.0], epochs=1, alpha=0.1), TypeError, "network"),
        (lambda: best_line([1.0, 1.0], [2.0, 3.0]), ValueError, "x"),
        (lambda: best_line([1.0, 2.0], [2.0, None]), TypeError, "y"),
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


def test_the_charts_are_accessible_svg_and_light() -> None:
    x_train, y_train, x_test, y_test = thermistor_data_sets(train=20, test=50, seed=1)
    line = best_line(x_train, y_train)
    training = train_network(Network.random(4, seed=0), x_train, y_train, epochs=5000, alpha=0.01)
    fit = network_fit(training.network, line, x_test, y_test, name="fit")
    assert_is_a_chart(fit, "fit")
    chart = network_training(training.cost_history, line, x_train, y_train, name="cost")
    assert_is_a_chart(chart, "cost")
    assert len(chart) < 60_000  # 5000 epochs drawn with a few hundred points


def test_chart_inputs_are_checked() -> None:
    line = NanoNeuron(w=1, b=0)
    with pytest.raises(TypeError, match="network"):
        network_fit("network", line, [1.0], [1.0])
    with pytest.raises(TypeError, match="line"):
        network_fit(GOOD, "line", [1.0], [1.0])
    with pytest.raises(ValueError, match="same length"):
        network_fit(GOOD, line, [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="cost_history"):
        network_training([], line, [1.0], [1.0])
    with pytest.raises(TypeError, match="model"):
        network_training([1.0], "line", [1.0], [1.0])


def test_a_network_cost_past_the_largest_float_is_an_error_not_infinity() -> None:
    # As forward_propagation: the cost of the line, not inf with a NumPy warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # The predictions are finite, their squared misses are not.
        with pytest.raises(ValueError, match=r"^the cost overflows a float: the predictions of"):
            network_cost(NanoNeuron(w=1e200, b=1.0), [1.0], [1.0])
        # A prediction itself overflows: predict says so.
        with pytest.raises(ValueError, match=r"^a prediction of NanoNeuron\(w=1e\+308, b=1\.0\)"):
            network_cost(NanoNeuron(w=1e308, b=1.0), [10.0], [1.0])


def test_a_network_gradient_past_the_largest_float_is_an_error_not_nan() -> None:
    # It returned nan slopes with a NumPy warning.
    huge = Network(np.full(4, 1e200), np.zeros(4), np.full(4, 1e200), 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^the cost or its gradient overflows a float"):
            network_gradient(huge, [1.0, 2.0], [1.0, 2.0])


def test_the_absolute_zero_is_refused_as_a_temperature() -> None:
    with pytest.raises(ValueError, match=r"^celsius must be above absolute zero"):
        thermistor_ratio([-273.15])
    with pytest.raises(ValueError, match=r"^low must be above absolute zero"):
        thermistor_data_sets(train=2, test=1, low=-273.15, high=0.0)


def test_training_is_the_backward_pass_step_by_step() -> None:
    x = np.linspace(-1.0, 1.0, 21)
    y = np.abs(x)
    start = Network.random(4, seed=0)
    training = train_network(start, x, y, epochs=3, alpha=0.2)
    parameters, costs = start.parameters(), []
    for _ in range(3):
        network = Network.from_parameters(parameters)
        costs.append(network_cost(network, x, y))
        parameters = parameters - 0.2 * network_gradient(network, x, y)
    assert training.cost_history == costs
    assert training.network.parameters().tolist() == parameters.tolist()


def test_a_last_step_that_overflows_is_divergence() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no NumPy warning on the way
        with pytest.raises(FloatingPointError, match="in the last epoch"):
            train_network(
                Network([1.0], [0.0], [1.0], 0.0),
                [1.0, 2.0],
                [1e150, -1e150],
                epochs=1,
                alpha=1e308,
            )


#: A small network with a bump, and the examples it misses by chosen amounts (one below).
BUMP = Network([1.0, 1.0], [0.0, -1.0], [1.0, -1.0], 0.0)
BUMP_X = np.array([0.0, 1.0, 2.0])
BUMP_MISSES = np.array([0.01, -0.03, 0.02])  # prediction - truth; the largest is negative
BUMP_Y = predict(BUMP, BUMP_X) - BUMP_MISSES


def test_the_fit_chart_gives_the_largest_miss_of_each_model_in_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = record_drawing(monkeypatch, "plot")
    flat = NanoNeuron(w=0.0, b=0.5)
    chart = network_fit(BUMP, flat, BUMP_X, BUMP_Y, name="fit")
    line_miss = max(abs(0.5 - y) for y in BUMP_Y)
    assert line_miss > 1.05 * float(np.mean(np.abs(0.5 - BUMP_Y)))
    text = description(chart)
    assert f"the best straight line cuts across it, wrong by up to {line_miss:.3g}." in text
    assert "on a much finer scale: at most 0.03 in size." in text
    # The errors panel, last drawn, runs along the true outputs in increasing order.
    order = sorted(range(3), key=lambda i: BUMP_Y[i])
    assert order != [0, 1, 2]
    truth, misses = lines[-1].args
    assert np.asarray(truth).tolist() == [BUMP_Y[i] for i in order]
    assert np.asarray(misses) == pytest.approx([BUMP_MISSES[i] for i in order], abs=1e-12)


def test_the_fit_chart_draws_the_examples_both_models_and_the_networks_misses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "scatter", "plot", "axhline")
    flat = NanoNeuron(w=0.0, b=0.5)
    network_fit(BUMP, flat, BUMP_X, BUMP_Y, name="fit", x_label="ratio", y_label="°C")
    [examples] = calls_of(drawn, "scatter")
    top = examples.axes
    assert [np.asarray(a).tolist() for a in examples.args] == [BUMP_X.tolist(), BUMP_Y.tolist()]
    curves = [call for call in calls_of(drawn, "plot") if call.axes is top]
    grid = np.linspace(0.0, 2.0, CURVE_POINTS)
    assert [np.asarray(call.args[0]).tolist() for call in curves] == [grid.tolist()] * 2
    assert np.asarray(curves[0].args[1]) == pytest.approx(predict(BUMP, grid), abs=1e-15)
    assert np.asarray(curves[1].args[1]).tolist() == [0.5] * CURVE_POINTS
    assert legend_texts(top) == ["examples", "network", "one neuron (best line)"]
    assert (top.get_title(), top.get_xlabel(), top.get_ylabel()) == ("predictions", "ratio", "°C")
    # Below: the network's misses, around a line at zero, against the true outputs.
    [zero] = calls_of(drawn, "axhline")
    bottom = zero.axes
    assert bottom is not top
    assert zero.args == (0.0,)
    assert [call.axes for call in calls_of(drawn, "plot")] == [top, top, bottom]
    assert (bottom.get_title(), bottom.get_xlabel(), bottom.get_ylabel()) == (
        "the network's errors, close up",
        "°C",
        "prediction - truth",
    )


def test_the_training_chart_draws_both_costs_on_log_axes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "axhline")
    line = NanoNeuron(0.0, 0.5)
    x, y = [0.0, 1.0], [0.5, 0.7]
    network_training([1.0, 0.5, 0.2, 0.05], line, x, y)
    [flat] = calls_of(drawn, "axhline")
    [cost] = flat.args
    assert cost == pytest.approx(network_cost(line, x, y))
    assert cost > 0
    axes = flat.axes
    assert (axes.get_xscale(), axes.get_yscale()) == ("log", "log")
    assert (axes.get_xlabel(), axes.get_ylabel()) == ("epoch", "training cost")
    assert legend_texts(axes) == ["network", "one neuron, at its best"]


def test_the_training_chart_numbers_epochs_from_1_on_its_log_axis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = record_drawing(monkeypatch, "plot")
    network_training([1.0, 0.5, 0.2, 0.05], NanoNeuron(0.0, 0.5), [0.0, 1.0], [0.5, 0.7])
    [(epochs, costs)] = [call.args for call in lines]
    assert np.asarray(epochs).tolist() == [1, 2, 3, 4]
    assert np.asarray(costs).tolist() == [1.0, 0.5, 0.2, 0.05]


def test_a_ratio_with_no_temperature_is_refused() -> None:
    """At exp(-B/T25) the model's temperature is infinite, below it under absolute zero."""
    edge = math.exp(-THERMISTOR_B / KELVIN_25)
    for ratio in (1e-6, edge):  # gave -7237 °C and inf
        with pytest.raises(
            ValueError, match=rf"^ratio must be greater than exp\(-B / T25\) = {edge:.4g}, "
        ):
            thermistor_celsius([1.0, ratio])
    hottest = thermistor_celsius([edge * 1.001])
    assert np.isfinite(hottest).all()
    assert hottest[0] > 1e5


def test_a_prediction_that_overflows_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"^a prediction of NanoNeuron\(w=1e\+308, b=0\) overflows"
    ):
        predict(NanoNeuron(1e308, 0), [10.0])
    with pytest.raises(ValueError, match=r"^a prediction of Network.* overflows"):
        # Two saturated hidden neurons whose output weights add up past the largest float.
        predict(Network([1.0, 1.0], [0.0, 0.0], [1e308, 1e308], 0.0), [100.0])
