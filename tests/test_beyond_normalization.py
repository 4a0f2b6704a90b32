"""Input normalization: the standardizer, the curvature matrix, descent paths, their charts."""

from __future__ import annotations

import math
import re
import sys
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nanoneuron import NanoNeuron, generate_data_sets, max_stable_alpha, train_model
from nanoneuron.beyond.normalization import (
    DescentPath,
    Standardizer,
    cost_surface,
    descent_path,
    epochs_to_reach,
)
from nanoneuron.bowl import condition_number, curvature_matrix, eigenvalues
from nanoneuron.plots.normalization import cost_to_target, descent_contours, log_thin
from tests.charts import calls_of, description, legend_texts, record_drawing

X_TRAIN, Y_TRAIN, X_TEST, Y_TEST = generate_data_sets()
values = st.lists(st.integers(-1000, 1000), min_size=2, max_size=40).map(
    lambda v: [float(i) for i in v]
)


# The article's bowl, and the standardized one ---------------------------------------------------


def test_the_article_curvature_matrix_and_condition_number() -> None:
    assert curvature_matrix(X_TRAIN) == ((3283.5, 49.5), (49.5, 1.0))
    large, small = eigenvalues(curvature_matrix(X_TRAIN))
    assert large == pytest.approx(3284.246, abs=1e-3)
    assert small == pytest.approx(0.2537, abs=1e-4)
    assert round(condition_number(curvature_matrix(X_TRAIN))) == 12945
    # The largest stable learning rate is 2 / largest eigenvalue, as the package computes it.
    assert max_stable_alpha(X_TRAIN) == pytest.approx(2 / large)
    # The page: the article's alpha sits at 82 % of that limit.
    assert round(100 * 0.0005 / max_stable_alpha(X_TRAIN)) == 82


def test_standardized_inputs_make_a_round_bowl() -> None:
    z = Standardizer.fit(X_TRAIN).apply(X_TRAIN)
    (a, c), (c2, d) = curvature_matrix(z)
    assert (a, c, c2, d) == pytest.approx((1, 0, 0, 1), abs=1e-12)
    assert condition_number(curvature_matrix(z)) == pytest.approx(1)
    assert max_stable_alpha(z) == pytest.approx(2)


@given(values)
def test_standardized_values_have_mean_0_and_std_1(x: list[float]) -> None:
    assume(len(set(x)) > 1)
    scaler = Standardizer.fit(x)
    z = np.asarray(scaler.apply(x))
    assert z.mean() == pytest.approx(0, abs=1e-9)
    assert z.std() == pytest.approx(1)
    assert scaler.mean == pytest.approx(np.mean(x))
    assert scaler.std == pytest.approx(np.std(x))


@given(values, st.floats(-100, 100), st.floats(-100, 100))
def test_original_units_give_the_same_predictions(x: list[float], w: float, b: float) -> None:
    assume(len(set(x)) > 1)
    scaler = Standardizer.fit(x)
    w_c, b_c = scaler.original_units(w, b)
    for raw, z in zip(x, scaler.apply(x), strict=True):
        assert w_c * raw + b_c == pytest.approx(w * z + b, abs=1e-6)


@given(st.lists(st.floats(-1e3, 1e3), min_size=3, max_size=3))
def test_eigenvalues_agree_with_numpy(entries: list[float]) -> None:
    a, c, d = entries
    large, small = eigenvalues(((a, c), (c, d)))
    expected = np.linalg.eigvals(np.array([[a, c], [c, d]]))
    assert large == pytest.approx(expected.max(), abs=1e-9 * (1 + abs(expected).max()))
    assert small == pytest.approx(expected.min(), abs=1e-9 * (1 + abs(expected).max()))
    assert large >= small


# The cost surface -----------------------------------------------------------------------------


@given(values, st.floats(-10, 10), st.floats(-100, 100))
def test_cost_surface_matches_forward_propagation(x: list[float], w: float, b: float) -> None:
    from nanoneuron import forward_propagation

    y = [1.8 * v + 32 for v in x]
    surface = cost_surface(x, y, [w], [b])
    _, cost = forward_propagation(NanoNeuron(w, b), x, y)
    assert surface.shape == (1, 1)
    assert surface[0, 0] == pytest.approx(cost, rel=1e-6, abs=1e-6)


def test_cost_surface_layout_and_minimum() -> None:
    surface = cost_surface(X_TRAIN, Y_TRAIN, [1.0, 1.8, 2.5], [0.0, 32.0])
    assert surface.shape == (2, 3)
    assert surface[1, 1] == pytest.approx(0, abs=1e-9)
    assert surface.argmin() == 4


# Descent paths and epochs to a target ---------------------------------------------------------


def test_the_descent_path_is_the_training_path() -> None:
    path = descent_path(NanoNeuron(0.5, 0.5), 1000, 0.0005, X_TRAIN, Y_TRAIN)
    twin = NanoNeuron(0.5, 0.5)
    history = train_model(twin, 1000, 0.0005, X_TRAIN, Y_TRAIN)
    assert path.cost_history == history
    assert (path.w[-1], path.b[-1]) == (twin.w, twin.b)
    assert len(path.w) == len(path.b) == 1001


def test_the_article_needs_over_70000_epochs_and_standardized_one() -> None:
    scaler = Standardizer.fit(X_TRAIN)
    z = scaler.apply(X_TRAIN)
    # On standardized inputs, alpha = 1 is one exact step to the bottom.
    path = descent_path(NanoNeuron(0.5, 0.5), 3, 1.0, z, Y_TRAIN)
    assert epochs_to_reach(path.cost_history) == 1
    assert scaler.original_units(path.w[-1], path.b[-1]) == pytest.approx((1.8, 32), abs=1e-12)
    # alpha = 0.5: the error halves each step, the cost falls fourfold.
    path = descent_path(NanoNeuron(0.5, 0.5), 40, 0.5, z, Y_TRAIN)
    ratios = np.asarray(path.cost_history[1:10]) / np.asarray(path.cost_history[:9])
    assert ratios == pytest.approx(0.25)
    # The article's run: the reference cost after 70000 epochs is still above 1e-6.
    assert epochs_to_reach([5297.7, 2.431849896945886e-06]) is None
    # The target is 1e-6 unless given: just above it is not below it.
    assert epochs_to_reach([2e-6, 1.005e-6, 0.5e-6]) == 2


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=50), st.floats(1e-9, 1e6))
def test_epochs_to_reach_finds_the_first_cost_below_target(
    costs: list[float], target: float
) -> None:
    k = epochs_to_reach(costs, target)
    if k is None:
        assert all(c >= target for c in costs)
    else:
        assert costs[k] < target
        assert all(c >= target for c in costs[:k])


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: Standardizer.fit([3, 3, 3]), ValueError, "x"),
        (lambda: Standardizer.fit("123"), TypeError, "x"),
        (lambda: Standardizer(1.0, 2.0).apply([1, math.nan]), ValueError, r"x\[1\]"),
        (lambda: Standardizer(1.0, 2.0).original_units("1", 2), TypeError, "w"),
        (lambda: curvature_matrix([]), ValueError, "x"),
        (lambda: eigenvalues([[1, 2], [3, 4]]), ValueError, "symmetric"),
        (lambda: eigenvalues([[1, 2, 3]]), ValueError, "matrix"),
        (lambda: eigenvalues([[1, "a"], ["a", 1]]), TypeError, "matrix"),
        (lambda: condition_number(((1.0, 2.0), (2.0, 1.0))), ValueError, "positive definite"),
        (lambda: descent_path((1, 2), 10, 0.1, [1], [1]), TypeError, "model"),
        (lambda: descent_path(NanoNeuron(0, 0), 10, -0.1, [1], [1]), ValueError, "alpha"),
        (lambda: epochs_to_reach([1.0], target=0), ValueError, "target"),
        (lambda: epochs_to_reach([], target=1), ValueError, "cost_history"),
        (lambda: cost_surface([1, 2], [1], [1], [1]), ValueError, "x and y"),
        (lambda: cost_surface([1], [1], [], [1]), ValueError, "w"),
        (lambda: log_thin(0), ValueError, "count"),
        (lambda: descent_contours({}), ValueError, "panels"),
        (lambda: descent_contours({"a": ([1], [1], [1])}), TypeError, "panels"),  # type: ignore[dict-item]
        (lambda: cost_to_target([1.0]), TypeError, "histories"),
        (lambda: cost_to_target({"a": [1.0]}, target=-1), ValueError, "target"),
        (lambda: cost_to_target({"a": [1.0, math.inf]}), ValueError, "histories"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument):
        call()  # type: ignore[operator]


# Charts ---------------------------------------------------------------------------------------


@given(st.integers(1, 200000))
def test_log_thin_keeps_the_ends_in_order(count: int) -> None:
    index = log_thin(count)
    assert index[0] == 0
    assert index[-1] == count - 1
    assert np.all(np.diff(index) > 0)
    assert len(index) <= 350


def test_charts_are_accessible_and_describe_the_runs() -> None:
    path = DescentPath([0.0, 1.0, 2.0], [0.0, 1.0, 1.0], [10.0, 1e-3, 1e-9])
    contours = descent_contours({"round": ([-1, 1], [-1, 3], path)}, name="c", equal_axes=["round"])
    assert contours.startswith("<svg")
    assert 'aria-labelledby="c-title c-desc"' in contours
    assert "round: 2 epochs from w = 0, b = 0 to w = 2, b = 1" in contours
    target = cost_to_target({"run": path.cost_history, "slow": [5.0, 4.0]}, target=1e-6, name="t")
    assert "run: from 10, below the target after 2 epochs" in target
    assert "slow: from 5, never below the target" in target


def test_a_cost_surface_past_the_largest_float_is_an_error_not_infinity() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^the cost overflows a float on the grid"):
            cost_surface([0.0, 10.0], [32.0, 50.0], w=[1.8, 1e308], b=[32.0])


def test_log_thin_keeps_every_one_of_the_first_50_epochs() -> None:
    assert log_thin(100000)[:50].tolist() == list(range(50))
    assert log_thin(30).tolist() == list(range(30))


def test_a_square_panel_spans_its_longer_side_on_both_axes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contours = record_drawing(monkeypatch, "contour")
    # A path 4 long in w and 0.2 in b; the window adds a margin of 0.65 of it each side.
    path = DescentPath([0.0, 4.0], [0.0, 0.2], [1.0])
    panels = {"square": ([0.0, 1.0], [1.0, 3.0], path), "free": ([0.0, 1.0], [1.0, 3.0], path)}
    descent_contours(panels, equal_axes=("square",), grid=41)
    spans = [(np.ptp(args[0]), np.ptp(args[1])) for _, _, args, _ in contours]
    assert spans == [pytest.approx((5.2, 5.2)), pytest.approx((5.2, 0.26))]


def test_the_contours_span_at_most_7_decades_where_the_window_holds_an_exact_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contours = record_drawing(monkeypatch, "contour")
    # y = 2 x + 1 fits both examples exactly; the path's midpoint (2, 1) is on the grid, where
    # the cost is 0 up to rounding.
    path = DescentPath([0.0, 4.0], [0.0, 2.0], [1.0])
    descent_contours({"exact": ([0.0, 1.0], [1.0, 3.0], path)}, grid=161)
    [(_, _, args, kwargs)] = contours
    highest = float(np.max(args[2]))
    assert float(np.min(args[2])) < highest * 1e-20
    levels = np.asarray(kwargs["levels"])
    # Levels spread evenly on a log scale down to the rounding of an exact fit would crowd
    # nearly every line into a dot at the bottom: they stop 7 decades below the top.
    assert levels[-1] == pytest.approx(highest)
    assert levels[0] >= highest * 1e-7
    assert np.all(np.diff(levels) > 0)


def test_cost_to_target_counts_epochs_strictly_below_the_target_from_epoch_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = record_drawing(monkeypatch, "plot")
    chart = cost_to_target({"h": [1.0, 1e-6, 0.0]}, target=1e-6)
    # At the target is not below it: the first cost below is the one after 2 epochs.
    assert "h: from 1, below the target after 2 epochs." in description(chart)
    [(_, _, (epochs, costs), _)] = lines
    assert np.asarray(epochs).tolist() == [1, 2, 3]
    drawn = np.asarray(costs)
    assert drawn[:2].tolist() == [1.0, 1e-6]
    # A cost of 0 is drawn far below the target instead: a log axis has no 0.
    assert 0 < drawn[2] < 1e-9


def test_each_panel_draws_its_path_from_an_open_circle_to_a_cross(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "scatter")
    # Every w and b different, so an end taken from the wrong epoch shows.
    slow = DescentPath([0.0, 1.0, 1.5, 1.75], [0.0, 2.0, 3.0, 3.5], [9.0, 5.0, 3.0, 2.0])
    fast = DescentPath([4.0, 2.5, 2.0], [1.0, 1.25, 1.375], [8.0, 1.0, 0.1])
    chart = descent_contours(
        {"slow": ([-1, 1], [-1, 3], slow), "fast": ([-1, 1], [-1, 3], fast)}, grid=21
    )
    lines, dots = calls_of(drawn, "plot"), calls_of(drawn, "scatter")
    assert [call.axes for call in dots] == [lines[0].axes] * 2 + [lines[1].axes] * 2
    for (label, path), line, start, end in zip(
        (("slow", slow), ("fast", fast)), lines, dots[::2], dots[1::2], strict=True
    ):
        ax = line.axes
        assert [np.asarray(a).tolist() for a in line.args] == [path.w, path.b]
        assert start.args == ([path.w[0]], [path.b[0]])
        assert (start.kwargs["facecolors"], start.kwargs["label"]) == ("none", "start")
        assert end.args == ([path.w[-1]], [path.b[-1]])
        assert (end.kwargs["marker"], end.kwargs["label"]) == ("x", "end")
        assert ax.get_title() == label
        assert legend_texts(ax) == ["start", "end"]
    assert (
        "slow: 3 epochs from w = 0, b = 0 to w = 1.75, b = 3.5; "
        "fast: 2 epochs from w = 4, b = 1 to w = 2, b = 1.375."
    ) in description(chart)


def test_panels_stack_each_as_tall_as_a_single_chart() -> None:
    path = DescentPath([0.0, 1.0], [0.0, 1.0], [1.0])
    panel = ([-1, 1], [-1, 3], path)

    def height(count: int) -> float:
        chart = descent_contours({str(i): panel for i in range(count)}, grid=11)
        found = re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', chart)
        assert found is not None
        return float(found.group(1))

    one, two = height(1), height(2)
    # 3.4 inches a panel (72 units an inch), plus 0.6 for the figure's edges.
    assert (one, two - one) == pytest.approx((4.0 * 72, 3.4 * 72))


def test_the_target_cost_is_one_in_a_million_unless_given() -> None:
    # 1.5e-6 is above the default target, 5e-7 below it.
    chart = cost_to_target({"h": [1.0, 1.5e-6, 5e-7]})
    assert "h: from 1, below the target after 2 epochs." in description(chart)


def test_a_panel_of_four_items_is_the_wrong_type() -> None:
    path = DescentPath([0.0, 4.0], [0.0, 0.2], [1.0])
    with pytest.raises(TypeError, match=r"^panels\['a'\] must be a tuple \(x, y, DescentPath\)"):
        descent_contours({"a": ([0.0, 1.0], [1.0, 3.0], path, "extra")})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # Each raised a bare OverflowError, said "two different values" of two different
        # values, divided by zero, or returned NaN or infinity.
        (lambda: Standardizer.fit([1e200, -1e200]), "x holds a value too large to standardize"),
        (lambda: Standardizer.fit([1e308, 1e308]), "x holds a value too large to standardize"),
        # Each square is finite here, but their sum is not (fsum raised OverflowError).
        (lambda: Standardizer.fit([1e154, -1e154]), "x holds a value too large to standardize"),
        (lambda: Standardizer.fit([0, 1e-170]), "the values of x differ too little"),
        (lambda: Standardizer.fit([3, 3]), "x must hold at least two different values"),
        (lambda: Standardizer(0.0, 0.0).apply([1]), "std must be greater than 0, got 0.0"),
        (lambda: Standardizer(math.nan, 1.0).apply([1]), "mean must be a finite number"),
        (lambda: Standardizer(1.0, math.inf).original_units(1, 2), "std must be a finite"),
        (
            lambda: Standardizer.fit([0, 1e-150]).apply([1e200]),
            "x holds a value too far from the mean: standardized, it overflows",
        ),
        (
            lambda: Standardizer(1e300, 1e-10).original_units(1e10, 0),
            "w=10000000000.0, b=0.0 in the original units overflow",
        ),
    ],
)
def test_the_standardizer_refuses_what_it_cannot_compute(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        call()


def test_the_standardizer_at_the_edge_of_its_range() -> None:
    """The largest inputs it accepts standardize to finite values, and exactly as by hand."""
    edge = math.sqrt(sys.float_info.max / 2) / 2
    scaler = Standardizer.fit([-edge, edge])
    assert scaler == Standardizer(0.0, edge)
    assert scaler.apply([edge]) == [1.0]
