"""Momentum and Adam: direct computations, the bowl's settings, refusals, divergence, charts."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.ticker import NullLocator

from nanoneuron import (
    NanoNeuron,
    TrainingDiverged,
    backward_propagation,
    forward_propagation,
    generate_data_sets,
    max_stable_alpha,
    train_model,
)
from nanoneuron.beyond.normalization import DescentPath, epochs_to_reach
from nanoneuron.beyond.optimizers import (
    ADAM_DEFAULTS,
    bowl_cost_and_slope,
    gradient_descent_path,
    momentum_settings,
    train_adam,
    train_momentum,
)
from nanoneuron.bowl import CostBowl
from nanoneuron.plots._svg import LINESTYLES, SERIES, figure
from nanoneuron.plots.optimizers import (
    _power_of_ten,
    cost_to_target,
    paths_on_bowl,
    plain_log_ticks,
)
from tests.charts import calls_of, description, record_drawing

X_TRAIN, Y_TRAIN, _, _ = generate_data_sets()
# A small data set off any straight line, so the bowl has a floor above 0.
X_SMALL, Y_SMALL = [-1.0, 0.0, 2.0, 3.0], [1.0, 3.5, 8.0, 9.0]


def direct_momentum(
    w: float,
    b: float,
    epochs: int,
    alpha: float,
    beta: float,
    x: Sequence[float],
    y: Sequence[float],
) -> tuple[list[float], list[float], list[float]]:
    """Heavy-ball momentum written out with the article's own propagation functions."""
    ws, bs, costs, vw, vb = [w], [b], [], 0.0, 0.0
    for _ in range(epochs):
        predictions, cost = forward_propagation(NanoNeuron(w, b), x, y)
        dw, db = backward_propagation(predictions, x, y)
        vw, vb = beta * vw + dw, beta * vb + db
        w, b = w + alpha * vw, b + alpha * vb
        ws.append(w)
        bs.append(b)
        costs.append(cost)
    return ws, bs, costs


def direct_adam(
    w: float,
    b: float,
    epochs: int,
    x: Sequence[float],
    y: Sequence[float],
    alpha: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> list[tuple[float, float]]:
    """Adam as Kingma and Ba's Algorithm 1 states it, on NumPy vectors."""
    theta, m, v, path = np.array([w, b]), np.zeros(2), np.zeros(2), [(w, b)]
    for t in range(1, epochs + 1):
        predictions, _ = forward_propagation(NanoNeuron(*theta.tolist()), x, y)
        g = -np.array(backward_propagation(predictions, x, y))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        theta = theta - alpha * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        path.append(tuple(theta.tolist()))
    return path


def test_momentum_matches_a_direct_computation() -> None:
    path = train_momentum(NanoNeuron(0.5, -1.0), 200, 0.05, 0.8, X_SMALL, Y_SMALL)
    ws, bs, costs = direct_momentum(0.5, -1.0, 200, 0.05, 0.8, X_SMALL, Y_SMALL)
    # The trainer takes cost and slope from the bowl, the direct loop from the examples:
    # the same numbers up to rounding.
    assert path.w == pytest.approx(ws, rel=1e-12, abs=1e-12)
    assert path.b == pytest.approx(bs, rel=1e-12, abs=1e-12)
    assert path.cost_history == pytest.approx(costs, rel=1e-12)


def test_adam_matches_kingma_and_ba() -> None:
    path = train_adam(NanoNeuron(0.5, -1.0), 300, X_SMALL, Y_SMALL, alpha=0.05)
    expected = direct_adam(0.5, -1.0, 300, X_SMALL, Y_SMALL, alpha=0.05)
    np.testing.assert_allclose(np.column_stack([path.w, path.b]), np.array(expected), rtol=1e-10)


def test_momentum_without_momentum_is_the_articles_descent() -> None:
    history = train_model(NanoNeuron(0.5, 0.5), 3000, 0.0005, X_TRAIN, Y_TRAIN)
    path = train_momentum(NanoNeuron(0.5, 0.5), 3000, 0.0005, 0.0, X_TRAIN, Y_TRAIN)
    assert path.cost_history == pytest.approx(history, rel=1e-9)


COST_AND_SLOPE = bowl_cost_and_slope(CostBowl.from_data(X_TRAIN, Y_TRAIN))


@settings(deadline=None)
@given(st.floats(-50, 50), st.floats(-100, 100))
def test_the_bowl_gives_the_cost_and_slope_of_propagation(w: float, b: float) -> None:
    cost, slope_w, slope_b = COST_AND_SLOPE(w, b)
    predictions, expected = forward_propagation(NanoNeuron(w, b), X_TRAIN, Y_TRAIN)
    dw, db = backward_propagation(predictions, X_TRAIN, Y_TRAIN)
    scale = abs(expected) + 1e-6
    assert abs(cost - expected) <= 1e-9 * scale
    assert slope_w == pytest.approx(-dw, rel=1e-9, abs=1e-9)
    assert slope_b == pytest.approx(-db, rel=1e-9, abs=1e-9)


def test_the_settings_put_both_axes_at_the_smallest_possible_rate() -> None:
    bowl = CostBowl.from_data(X_TRAIN, Y_TRAIN)
    best = momentum_settings(bowl)
    # Oracle: along an axis of curvature λ, (error, previous error) is multiplied by the
    # matrix [[1 + β - αλ, -β], [1, 0]]; its largest root is the rate along that axis.
    rates = [
        max(abs(np.linalg.eigvals([[1 + best.beta - best.alpha * lam, -best.beta], [1, 0]])))
        for lam in bowl.eigenvalues
    ]
    assert rates == pytest.approx([best.rate, best.rate], rel=1e-6)
    assert best.rate == pytest.approx(math.sqrt(best.beta))
    # Plain descent at its best learning rate shrinks its slow axis by plain_rate per step.
    large, small = bowl.eigenvalues
    assert abs(1 - 2 / (large + small) * small) == pytest.approx(best.plain_rate)
    assert best.rate < best.plain_rate


def test_momentum_reaches_the_articles_cost_far_sooner() -> None:
    bowl = CostBowl.from_data(X_TRAIN, Y_TRAIN)
    best = momentum_settings(bowl)
    plain = gradient_descent_path(X_TRAIN, Y_TRAIN, 0.5, 0.5, 0.0005, 70000)
    # The closed-form plain path is the article's reference run.
    assert plain.cost_history[-1] == pytest.approx(2.431849896945886e-06, rel=1e-6)
    assert (plain.w[-1], plain.b[-1]) == pytest.approx((1.80006599497466, 31.99562267160337))
    target = plain.cost_history[-1]
    run = train_momentum(NanoNeuron(0.5, 0.5), 2000, best.alpha, best.beta, X_TRAIN, Y_TRAIN)
    epochs = epochs_to_reach(run.cost_history, target)
    assert epochs is not None
    assert epochs < 70000 / 50
    # Within a factor of the prediction: log(target / start) / log(rate²), plus the swing.
    predicted = math.log(target / run.cost_history[0]) / math.log(best.rate**2)
    assert predicted < epochs < 3 * predicted
    assert run.w[-1] == pytest.approx(bowl.w_min, abs=1e-6)


def test_a_round_bowl_needs_no_momentum() -> None:
    best = momentum_settings(CostBowl.from_data([-1.0, 1.0], [0.0, 2.0]))
    assert (best.alpha, best.beta) == pytest.approx((1.0, 0.0))


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"beta": 1.0}, ValueError, "beta"),
        ({"beta": -0.1}, ValueError, "beta"),
        ({"beta": "0.9"}, TypeError, "beta"),
        ({"beta": math.nan}, ValueError, "beta"),
        ({"alpha": 0.0}, ValueError, "alpha"),
        ({"epochs": -1}, ValueError, "epochs"),
        ({"epochs": 2.5}, TypeError, "epochs"),
        ({"model": (0.5, 0.5)}, TypeError, "model"),
        ({"x_train": [1.0]}, ValueError, "same length"),
    ],
)
def test_momentum_refuses_bad_settings(
    changes: dict[str, object], error: type, message: str
) -> None:
    arguments: dict[str, object] = {
        "model": NanoNeuron(0.5, 0.5),
        "epochs": 10,
        "alpha": 0.001,
        "beta": 0.9,
        "x_train": [0.0, 1.0],
        "y_train": [32.0, 33.8],
    }
    with pytest.raises(error, match=message):
        train_momentum(**{**arguments, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"beta1": 1.0}, "beta1"),
        ({"beta2": 1.5}, "beta2"),
        ({"epsilon": 0.0}, "epsilon"),
        ({"alpha": -1.0}, "alpha"),
    ],
)
def test_adam_refuses_bad_settings(changes: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        train_adam(NanoNeuron(0.5, 0.5), 10, [0.0, 1.0], [32.0, 33.8], **changes)


def test_momentum_past_its_limit_diverges_and_puts_the_model_back() -> None:
    beta = 0.5
    limit = 2 * (1 + beta) / CostBowl.from_data(X_TRAIN, Y_TRAIN).eigenvalues[0]
    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(TrainingDiverged) as caught:
        train_momentum(neuron, 100000, 1.05 * limit, beta, X_TRAIN, Y_TRAIN)
    assert neuron == NanoNeuron(0.5, 0.5)
    assert caught.value.max_stable_alpha == pytest.approx(limit)
    assert caught.value.max_stable_alpha == pytest.approx((1 + beta) * max_stable_alpha(X_TRAIN))
    assert all(math.isfinite(c) for c in caught.value.cost_history)
    assert len(caught.value.cost_history) == caught.value.epoch - 1
    # Just below the limit the same run stays finite and goes down.
    below = train_momentum(NanoNeuron(0.5, 0.5), 3000, 0.95 * limit, beta, X_TRAIN, Y_TRAIN)
    assert below.cost_history[-1] < below.cost_history[0]


def test_adam_diverges_only_at_an_absurd_learning_rate() -> None:
    with pytest.raises(TrainingDiverged):
        train_adam(NanoNeuron(0.5, 0.5), 10, X_TRAIN, Y_TRAIN, alpha=1e200)
    assert train_adam(NanoNeuron(0.5, 0.5), 10, X_TRAIN, Y_TRAIN, alpha=1e3).cost_history


def test_the_trainers_update_the_model_and_record_every_point() -> None:
    neuron = NanoNeuron(0.5, 0.5)
    path = train_momentum(neuron, 5, 0.001, 0.9, X_TRAIN, Y_TRAIN)
    assert len(path.w) == len(path.b) == 6
    assert len(path.cost_history) == 5
    assert (neuron.w, neuron.b) == (path.w[-1], path.b[-1])
    untouched = NanoNeuron(0.5, 0.5)
    assert train_adam(untouched, 0, X_TRAIN, Y_TRAIN).cost_history == []
    assert untouched == NanoNeuron(0.5, 0.5)


# Charts ---------------------------------------------------------------------------------


def test_paths_on_bowl_describes_every_path() -> None:
    path = train_momentum(NanoNeuron(0.5, 0.5), 50, 0.001, 0.9, X_TRAIN, Y_TRAIN)
    chart = paths_on_bowl(
        X_TRAIN,
        Y_TRAIN,
        {"left": {"heavy ball": path}, "right": {"again": path}},
        name="t",
        bottom=(1.8, 32.0),
    )
    assert chart.startswith("<svg")
    assert "heavy ball: 50 steps" in chart
    assert "again: 50 steps" in chart
    with pytest.raises(TypeError, match="panels"):
        paths_on_bowl(X_TRAIN, Y_TRAIN, [path], name="t")
    with pytest.raises(ValueError, match="panels"):
        paths_on_bowl(X_TRAIN, Y_TRAIN, {str(i): {"p": path} for i in range(4)}, name="t")
    broken = DescentPath([0.0, math.inf], [0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        paths_on_bowl(X_TRAIN, Y_TRAIN, {"": {"p": broken}}, name="t")


def test_cost_to_target_reports_the_epochs_to_the_target() -> None:
    history = [100.0 * 0.5**k for k in range(40)]
    chart = cost_to_target({"halving": history}, target=1e-3, name="t")
    assert f"below the target after {epochs_to_reach(history, 1e-3)} epochs" in chart
    assert "never below the target" in cost_to_target({"flat": [1.0, 1.0]}, target=0.5, name="t")
    with pytest.raises(ValueError, match="target"):
        cost_to_target({"flat": [1.0]}, target=0.0, name="t")
    with pytest.raises(ValueError, match="histories"):
        cost_to_target({"nan": [1.0, math.nan]}, target=0.5, name="t")


def test_log_axis_labels_are_plain_text_powers_of_ten() -> None:
    assert [_power_of_ten(v) for v in (1e-12, 1.0, 1e5, 2e5, 0.0)] == [
        "10⁻¹²",
        "10⁰",
        "10⁵",
        "",
        "",
    ]


@pytest.mark.parametrize(
    ("w", "b", "alpha"),
    [(0.5, 0.5, 0.01), (0.5, 0.5, 0.0007), (1e308, 1.0, 0.0001)],
    ids=["far-past-the-limit", "just-past-the-limit", "overflowing-start"],
)
def test_a_path_stops_where_the_loop_stops(w: float, b: float, alpha: float) -> None:
    # It returned 3000 points of infinities and NaN (and NumPy warnings) to be drawn.
    x_train, y_train, _, _ = generate_data_sets()
    with pytest.raises(TrainingDiverged) as loop:
        train_model(NanoNeuron(w, b), 3000, alpha, x_train, y_train)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDiverged) as path:
            gradient_descent_path(x_train, y_train, w, b, alpha, 3000)
    assert path.value.epoch == loop.value.epoch
    assert len(path.value.cost_history) == len(loop.value.cost_history)


def test_a_bowl_flat_along_one_axis_has_no_momentum_settings() -> None:
    flat = CostBowl.from_data([1.0, 1.0, 1.0], [2.0, 3.0, 4.0])  # eigenvalues (2, 0)
    assert flat.eigenvalues[1] == 0
    with pytest.raises(ValueError, match=r"^bowl must curve along both axes"):
        momentum_settings(flat)


@pytest.mark.parametrize(
    ("x_train", "y_train", "alpha"),
    [
        ([0.0, 10.0, 20.0, 30.0], [32.0, 50.0, 68.0, 86.0], 0.01),
        ([1e100, 2e100], [3.0, 4.0], 1e300),
    ],
    ids=["past-the-limit", "overflowing-step"],
)
def test_momentum_without_momentum_diverges_at_the_loops_epoch(
    x_train: list[float], y_train: list[float], alpha: float
) -> None:
    with pytest.raises(TrainingDiverged) as loop:
        train_model(NanoNeuron(0.5, 0.5), 1000, alpha, x_train, y_train)
    with pytest.raises(TrainingDiverged) as plain:
        train_momentum(NanoNeuron(0.5, 0.5), 1000, alpha, 0.0, x_train, y_train)
    assert plain.value.epoch == loop.value.epoch
    assert plain.value.cost_history == pytest.approx(loop.value.cost_history, rel=1e-9)


def test_the_bowl_window_holds_the_bottom_cross_even_far_from_the_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contours = record_drawing(monkeypatch, "contour")
    path = DescentPath([0.0, 1.0, 2.0], [0.0, 0.5, 1.0], [4.0, 1.0])
    paths_on_bowl([-1, 1], [-1, 3], {"": {"plain": path}}, name="e", bottom=(10.0, 20.0))
    [(w_grid, b_grid, *_)] = [call.args for call in contours]
    # The window reaches from the paths (w, b from 0) out past the bottom at (10, 20).
    assert min(w_grid) < 0.0
    assert max(w_grid) > 10.0
    assert min(b_grid) < 0.0
    assert max(b_grid) > 20.0


def test_a_long_path_is_drawn_densely_and_described_by_its_whole_range_of_w(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = record_drawing(monkeypatch, "plot")
    steps = 2000
    ws = np.linspace(0.0, 2.0, steps + 1)
    ws[1] = -1.0  # the first step overshoots below the start
    path = DescentPath(ws.tolist(), np.linspace(0.0, 1.0, steps + 1).tolist(), [1.0] * steps)
    chart = paths_on_bowl([-1, 1], [-1, 3], {"": {"p": path}}, name="e")
    assert f"p: {steps} steps from w = 0, b = 0 to w = 2, b = 1, w between -1 and 2." in (
        description(chart)
    )
    [(drawn_w, _)] = [call.args for call in lines]
    drawn = np.asarray(drawn_w)
    # Thinned, but dense enough to look smooth: every early step, and hundreds more.
    assert drawn[:50].tolist() == ws[:50].tolist()
    assert drawn[-1] == ws[-1]
    assert 300 <= len(drawn) <= steps + 1


def test_cost_to_target_refuses_more_histories_than_it_has_line_styles() -> None:
    five = {f"h{i}": [1.0, 0.1] for i in range(5)}
    with pytest.raises(ValueError, match=r"^histories must hold 1 to 4 series, got 5"):
        cost_to_target(five, target=0.5, name="c")
    four = {f"h{i}": [1.0, 0.1] for i in range(4)}
    assert "h3: from 1" in description(cost_to_target(four, target=0.5, name="c"))


def test_a_path_that_does_not_fit_in_memory_is_refused_naming_epochs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A machine of 8 MB: a path of 100000 epochs needs about 12.8 MB (it was killed)."""
    from nanoneuron import fast

    x_train, y_train, _, _ = generate_data_sets()
    monkeypatch.setattr(fast, "_memory_bytes", lambda: 8_000_000)
    with pytest.raises(ValueError, match=r"^epochs=100,000 needs about 0\.0128 GB"):
        gradient_descent_path(x_train, y_train, 0.5, 0.5, 0.0005, 100_000)
    assert len(gradient_descent_path(x_train, y_train, 0.5, 0.5, 0.0005, 50_000).w) == 50_001


def test_adam_refuses_a_gradient_whose_square_overflows() -> None:
    """Adam divided by an infinite running square: w stopped at 0, and nothing said so."""
    neuron = NanoNeuron(0.0, 0.0)
    with pytest.raises(ValueError, match=r"^the square of the gradient overflows at epoch 1: "):
        train_adam(neuron, 50, [1e20, 2e20], [1e150, 2e150])
    assert neuron == NanoNeuron(0.0, 0.0)
    train_adam(neuron, 50, [1e20, 2e20], [1e130, 2e130])  # squares of about 1e300 are fine
    assert neuron.w != 0.0


def test_adams_defaults_are_the_papers() -> None:
    """Kingma and Ba's suggested settings (Adam, 2015): what the chapter calls its usual settings."""
    assert ADAM_DEFAULTS == {"alpha": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def test_plain_log_ticks_relabel_the_log_axes_only() -> None:
    with figure() as fig:
        ax = fig.add_subplot()
        ax.set_yscale("log")
        linear = (ax.xaxis.get_major_formatter(), ax.xaxis.get_minor_locator())
        plain_log_ticks(ax)
        assert ax.yaxis.get_major_formatter()(1e-6, 0) == "10⁻⁶"
        assert isinstance(ax.yaxis.get_minor_locator(), NullLocator)
        assert (ax.xaxis.get_major_formatter(), ax.xaxis.get_minor_locator()) == linear


def test_paths_on_bowl_count_steps_mark_the_bottom_and_take_up_to_three_panels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "scatter")
    path = DescentPath([0.0, 1.0, 2.0], [0.0, 0.5, 1.0], [4.0, 1.0])
    panels = {"one": {"plain": path}, "two": {"plain": path}, "three": {"plain": path}}
    paths_on_bowl([-1, 1], [-1, 3], panels, name="p", bottom=(2.0, 1.5))
    lines = calls_of(drawn, "plot")
    assert [call.kwargs["label"] for call in lines] == ["plain (2 steps)"] * 3
    bottoms = [call.args for call in drawn if call.kwargs.get("label") == "bottom"]
    assert bottoms == [([2.0], [1.5])] * 3
    with pytest.raises(ValueError, match="1 to 3 panels"):
        paths_on_bowl([-1, 1], [-1, 3], {**panels, "four": {"plain": path}}, name="p")
    with pytest.raises(ValueError, match="finite values of w and b"):
        paths_on_bowl([-1, 1], [-1, 3], {"": {"b": DescentPath([0.0], [math.nan], [])}}, name="p")


def test_cost_to_target_tells_its_lines_apart_by_style_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot")
    cost_to_target({"a": [4.0, 1.0], "b": [4.0, 2.0]}, target=1.5, name="t")
    assert [(c.kwargs["color"], c.kwargs["linestyle"]) for c in drawn] == [
        (SERIES[0], LINESTYLES[0]),
        (SERIES[1], LINESTYLES[1]),
    ]
