"""Charts drawn for a phone, and the chart fixes of the learning-rate and conversion charts.

The browser test (tests/browser/test_pages.py) measures the built pages; these check the SVG
text itself, fast: every chart's font size against its viewBox width, so that at a phone's column
(326 px, the narrowest a chart gets at 390 px: the notebook's output area) no text is below 11 px.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.ticker import FixedFormatter

from nanoneuron import NanoNeuron, TrainingDiverged, generate_data_sets, plots, train_model
from nanoneuron.beyond.logistic import (
    relu,
    relu_slope,
    sigmoid,
    sigmoid_slope,
    train_sigmoid_neuron,
    warm_days,
)
from nanoneuron.beyond.normalization import cost_surface
from nanoneuron.plots import _svg, activation
from nanoneuron.plots._descent import cost_contours
from nanoneuron.plots._svg import SERIES, PlainLogFormatter, figure
from nanoneuron.plots.speed import agreement, training_speed
from nanoneuron.timing import Timing
from tests.charts import calls_of, description, record_drawing
from tests.hooks import load_file

#: The narrowest column a chart gets on a 390 px phone, and the smallest text allowed there.
PHONE_COLUMN = 326
SMALLEST = load_file(Path(__file__).parents[1] / "benchmarks" / "chart_text.py").SMALLEST_TEXT
COSTS = ("cross-entropy", "squared-error")


def rendered_font_sizes(chart: str, column: float = PHONE_COLUMN) -> list[float]:
    """Each text's font size once the chart is scaled to ``column`` px wide."""
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', chart).group(1))  # type: ignore[union-attr]
    sizes = [float(size) for size in re.findall(r"font(?:-size)?:[^;\"]*?([\d.]+)px", chart)]
    assert sizes, "no text found in the chart"
    return [size * column / width for size in sizes]


def some_charts() -> dict[str, str]:
    x_train, y_train, x_test, y_test = generate_data_sets()
    history = train_model(NanoNeuron(0.5, 0.5), 200, 0.0005, x_train, y_train)
    days, warm = warm_days(60, seed=1)
    runs = [train_sigmoid_neuron(days, warm, cost=c, epochs=200, w=-8.0) for c in COSTS]
    return {
        "conversion": plots.conversion(),
        "data_sets": plots.data_sets(x_train, y_train, x_test, y_test),
        "fitted_lines": plots.fitted_lines(x_train, y_train, {"a": (1.8, 32)}, name="f"),
        "cost_curve": plots.cost_curve(212, 192, 232),
        "cost_histories": plots.cost_histories({"run": history}, name="h", log_epochs=True),
        "activation_shapes": activation.activation_shapes(),
        "loss_shapes": activation.loss_shapes(),
        "training_comparison": activation.training_comparison(runs),
    }


def test_no_chart_text_is_below_11_px_on_a_phone() -> None:
    for name, chart in some_charts().items():
        assert min(rendered_font_sizes(chart)) >= SMALLEST, name


def test_a_chart_grows_on_a_wide_screen_only_until_its_text_matches_the_page() -> None:
    chart = plots.conversion()
    max_width = float(re.search(r'style="max-width: (\d+)px"', chart).group(1))  # type: ignore[union-attr]
    assert max(rendered_font_sizes(chart, column=max_width)) == pytest.approx(16, abs=0.1)


@pytest.fixture(scope="module")
def rates_chart() -> str:
    x_train, y_train, _, _ = generate_data_sets()
    good = train_model(NanoNeuron(0.5, 0.5), 3000, 0.0005, x_train, y_train)
    with pytest.raises(TrainingDiverged) as diverged:
        train_model(NanoNeuron(0.5, 0.5), 3000, 0.0007, x_train, y_train)
    wild = diverged.value.cost_history
    return plots.cost_histories(
        {"good": good, "diverges": wild}, name="rates", title="Rates", log_epochs=True
    )


def test_the_divergence_is_on_the_chart_not_only_in_its_legend(rates_chart: str) -> None:
    x_train, y_train, _, _ = generate_data_sets()
    with pytest.raises(TrainingDiverged) as diverged:
        train_model(NanoNeuron(0.5, 0.5), 3000, 0.0007, x_train, y_train)
    last = diverged.value.cost_history
    # The run is marked where it leaves the chart, with its last cost and epoch.
    assert f"cost {last[-1]:.0e}" in rates_chart
    assert f"at epoch {len(last)}" in rates_chart
    assert "epoch (log scale)" in rates_chart


def test_the_sigmoid_costs_share_one_axis_as_fractions_of_their_start() -> None:
    days, warm = warm_days(60, seed=1)
    runs = [train_sigmoid_neuron(days, warm, cost=c, epochs=50, w=-8.0) for c in COSTS]
    chart = activation.training_comparison(runs)
    assert "each its own" not in chart
    assert "cost ÷ its first value" in chart


NAN = float("nan")


@pytest.mark.parametrize(
    ("draw", "error", "message"),
    [
        (lambda: plots.conversion(NAN, 100), ValueError, r"^low must be a finite number"),
        (lambda: plots.conversion(100, -40), ValueError, r"^low must be below high"),
        (lambda: plots.conversion(-1e308, 1e308), ValueError, r"^low to high is too wide"),
        (lambda: plots.cost_curve(NAN, 0, 1), ValueError, r"^y must be a finite number"),
        (lambda: plots.cost_curve(1, -1e308, 1e308), ValueError, r"^low to high is too wide"),
        (lambda: plots.data_sets([], [], [1], [2]), ValueError, r"^x_train must not be empty"),
        (lambda: plots.data_sets([1, NAN], [1, 2], [1], [2]), ValueError, r"^x_train\[1\]"),
        (lambda: plots.data_sets([1], [1], [1, 2], [2]), ValueError, r"^x_test and y_test"),
        (lambda: plots.fitted_lines([1, 2], [1, 2], {}, name="f"), ValueError, r"^lines must"),
        (
            lambda: plots.fitted_lines([1, 2], [1, 2], {"a": (NAN, 1)}, name="f"),
            ValueError,
            r"^lines\['a'\] must hold finite numbers",
        ),
        (
            lambda: plots.fitted_lines([1, 2], [1, 2], {"a": (1, 2, 3)}, name="f"),  # type: ignore[dict-item]
            ValueError,
            r"^lines\['a'\] must be a pair",
        ),
        (lambda: plots.tangent([1, 2], [1], 1, 1, 1), ValueError, r"^ws and costs"),
        (lambda: plots.tangent([1, 2], [1, NAN], 1, 1, 1), ValueError, r"^costs\[1\]"),
        (lambda: plots.tangent([1, 2], [1, 2], 1, 1, NAN), ValueError, r"^slope must be"),
        (lambda: plots.cost_histories({}, name="h"), ValueError, r"^histories must not be empty"),
        (
            lambda: plots.cost_histories({"a": [1.0, float("inf")]}, name="h"),
            ValueError,
            r"^histories\['a'\] must hold finite numbers",
        ),
        (
            lambda: plots.cost_histories({"a": [1.0, -1.0]}, name="h"),
            ValueError,
            r"^histories\['a'\] holds a negative cost",
        ),
        (lambda: plots.thin([1.0, 2.0], max_points=1), ValueError, r"^max_points must be 2"),
    ],
)
def test_a_chart_names_what_is_wrong_with_its_input(
    draw: object, error: type[Exception], message: str
) -> None:
    # Before, these drew NaN and infinity silently, or failed deep inside with "min() arg is
    # an empty sequence", "c must be a finite number" (a name the caller never used),
    # matplotlib's "x and y must have same first dimension" or an IndexError.
    with pytest.raises(error, match=message):
        draw()  # type: ignore[operator]


def test_a_run_that_diverged_at_once_has_no_cost_to_draw_but_the_chart_stands() -> None:
    chart = plots.cost_histories({"good": [3.0, 2.0, 1.0], "diverged at once": []}, name="h")
    assert "good: from 3 to 1 in 3 epochs" in chart


@pytest.mark.parametrize(
    ("baseline", "other", "said"),
    [
        (1.0, 1.0, "the baseline"),
        (1.04, 1.0, "the baseline"),
        (0.96, 1.0, "the baseline"),
        (0.951, 1.0, "the baseline"),
        (100.0, 1.0, "100 times faster"),  # whole from 100 up ("1e+02" is 100 in 2 digits)
        (99.4, 1.0, "99 times faster"),
        # 5% off either way is a speed-up (or slow-down) worth its number.
        (1.05, 1.0, "1.1 times faster"),
        (0.95, 1.0, "0.95 times faster"),
    ],
)
def test_the_speed_chart_calls_only_times_within_5_percent_the_baseline(
    baseline: float, other: float, said: str
) -> None:
    rows = [Timing("loop", (baseline,), 0.0, 0.0, 0.0), Timing("fast", (other,), 0.0, 0.0, 0.0)]
    text = description(training_speed(rows, name="s"))
    assert text.endswith(f"fast: 1 s, {said}. The time axis is logarithmic.")


def test_the_agreement_chart_draws_only_the_epochs_that_differ_numbered_from_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot")
    loop = [4.0, 2.0, 1.0, 0.5]
    copy = [4.0, 2.0 + 1e-15, 1.0, 0.5]  # differs at the second epoch only
    chart = agreement(loop, {"copy": copy}, name="a")
    difference = abs(copy[1] - loop[1]) / loop[1]
    [(epochs, differences)] = [call.args for call in drawn]
    # A log axis has no 0: identical epochs have no point; epochs count from 1.
    assert np.asarray(epochs).tolist() == [2]
    assert np.asarray(differences).tolist() == [difference]
    assert f"copy: at most {difference:.1e}." in description(chart)


def test_the_agreement_chart_takes_a_run_of_one_epoch_and_refuses_none() -> None:
    assert 'id="one-desc"' in agreement([4.0], {"copy": [4.0 + 1e-15]}, name="one")
    with pytest.raises(ValueError, match="loop must not be empty"):
        agreement([], {"copy": []}, name="none")


def test_the_speed_chart_draws_the_baseline_on_top_in_the_first_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "barh", "set_xlim")
    rows = [Timing(name, (seconds,), 0.0, 0.0, 0.0) for name, seconds in [("a", 2.0), ("b", 0.1)]]
    training_speed(rows, name="s")
    [bars] = calls_of(drawn, "barh")
    limits = calls_of(drawn, "set_xlim")[-1]
    assert np.asarray(bars.args[0]).tolist() == [1, 0]  # the first timing on the top row
    assert np.asarray(bars.args[1]).tolist() == [2.0, 0.1]
    assert bars.kwargs["color"] == list(SERIES[:2])
    # From a third of the fastest to 40 times the slowest: room for the labels on the right.
    assert limits.args == (0.1 / 3, 2.0 * 40)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # Each failed inside NumPy, matplotlib or re, naming nothing, or passed NaN on.
        (lambda: plots.cost_curve(1e308, -1, 1), ValueError, "the costs overflow: y=1e+308"),
        (lambda: plots.cost_histories({"a": [1.0]}, None), TypeError, "name must be a string"),
        (
            lambda: plots.cost_histories({"a": [1.0]}, "a", title=None),
            TypeError,
            "title must be a string, got NoneType",
        ),
        (
            lambda: plots.cost_histories({"a": (c for c in [1.0, 2.0])}, "a"),  # type: ignore[dict-item]
            TypeError,
            "histories['a'] must be a sequence of costs, got generator",
        ),
        (lambda: plots.thin([1.0, float("nan")]), ValueError, "values must hold finite numbers"),
        (lambda: plots.thin("12"), TypeError, "values must hold real numbers, got str"),
    ],
)
def test_plot_helpers_name_what_is_wrong(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}"):
        call()


@pytest.mark.parametrize("empty", [[], np.array([])])
def test_an_empty_history_thins_to_nothing(empty: Any) -> None:
    # The fast trainers' histories are arrays: an empty one is a run that diverged at once.
    epochs, costs = plots.thin(empty)
    assert (epochs.size, costs.size) == (0, 0)


def test_drawing_leaves_the_readers_matplotlib_alone() -> None:
    """The charts once switched matplotlib to its SVG backend on import, which turned off a
    notebook's own inline charts; now neither the import nor a chart touches pyplot."""
    code = (
        "import matplotlib\n"
        "matplotlib.use('agg')\n"
        "import matplotlib.pyplot as plt\n"
        "figure = plt.figure()\n"
        "import nanoneuron.plots\n"
        "nanoneuron.plots.conversion()\n"
        "print(matplotlib.get_backend(), plt.get_fignums() == [figure.number])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "agg True\n", result.stderr


def test_each_series_colour_becomes_the_stylesheets_variable_for_it() -> None:
    """Series N of a chart is drawn in ``var(--nn-series-N, fallback)``, which extra.css sets."""
    with _svg.figure() as fig:
        ax = fig.subplots()
        for n in range(len(_svg.SERIES)):
            ax.plot([0, 1], [n, n + 1])
        chart = _svg.to_svg(fig, "series", "Series", "One line per series colour.")
    stylesheet = (Path(__file__).parents[1] / "docs" / "stylesheets" / "extra.css").read_text()
    for n, fallback in enumerate(_svg.SERIES_FALLBACK, start=1):
        assert f"var(--nn-series-{n}, {fallback})" in chart
        assert f"--nn-series-{n}:" in stylesheet
    assert not [p for p in (_svg.INK, _svg.GRID, *_svg.SERIES) if p in chart]


@pytest.mark.parametrize(
    ("tick", "label"),
    [
        (0.0, "0"),
        (0.001, "0.001"),
        (0.0001, "1e-4"),
        (-0.001, "-0.001"),
        (1.0, "1"),
        (99999.0, "99999"),
        (100000.0, "1e5"),
        (-100000.0, "-1e5"),
        (3e-7, "3e-7"),
    ],
)
def test_log_axis_labels_are_plain_numbers_and_powers_of_ten(tick: float, label: str) -> None:
    labelled = PlainLogFormatter(FixedFormatter(["shown"] * 3))
    assert labelled(tick, 0) == label
    assert PlainLogFormatter(FixedFormatter([""]))(tick, 0) == ""  # unlabelled ticks stay so


def test_the_tangent_touches_the_curve_at_w0_with_the_slope_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "scatter")
    ws = [0.0, 1.0, 2.0, 3.0, 4.0]
    plots.tangent(ws, [4.0, 1.0, 0.0, 1.0, 4.0], w0=3.0, cost0=1.0, slope=2.0, name="t")
    (curve, line, point) = drawn
    assert np.asarray(curve.args[0]).tolist() == ws
    # A quarter of the curve's width on each side of w0, on the line through (w0, cost0).
    assert np.asarray(line.args[0]).tolist() == [2.0, 4.0]
    assert np.asarray(line.args[1]).tolist() == [-1.0, 3.0]
    assert (point.method, point.args) == ("scatter", ([3.0], [1.0]))


def test_cost_histories_number_epochs_from_1_and_mark_where_a_run_leaves_the_chart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "scatter", "annotate")
    steady = [9.0, 3.0, 1.0]
    blows_up = [9.0, 1e8, 2e8, 3e12]  # at the top at epoch 2, above it from epoch 3
    chart = plots.cost_histories({"steady": steady, "blows up": blows_up}, name="h")
    lines = calls_of(drawn, "plot")
    assert [np.asarray(call.args[0]).tolist() for call in lines] == [[1, 2, 3], [1, 2, 3, 4]]
    assert np.asarray(lines[0].args[1]).tolist() == steady
    # Off the top (1e8), a run is drawn up to ten times the top, no further...
    assert np.asarray(lines[1].args[1]).tolist() == [9.0, 1e8, 2e8, 1e9]
    assert [call.kwargs["color"] for call in lines] == list(SERIES[:2])
    # ...and marked at the first epoch above it (epoch 3), with its last cost and epoch.
    [mark] = calls_of(drawn, "scatter")
    assert (mark.args, mark.kwargs["color"]) == (([3], [1e8]), SERIES[1])
    [note] = calls_of(drawn, "annotate")
    assert note.args == ("cost 3e+12\nat epoch 4", (3, 1e8))
    assert "steady: from 9 to 1 in 3 epochs; blows up: from 9 to 3e+12 in 4 epochs" in (
        description(chart)
    )


@pytest.mark.parametrize(
    ("histories", "legend"),
    [({"": [3.0, 1.0]}, False), ({"run": [3.0, 1.0]}, True), ({"": [3.0], "b": [2.0]}, True)],
)
def test_cost_histories_have_a_legend_when_a_run_has_a_name_or_company(
    monkeypatch: pytest.MonkeyPatch, histories: dict[str, list[float]], legend: bool
) -> None:
    drawn = record_drawing(monkeypatch, "legend")
    plots.cost_histories(histories, name="h")
    assert bool(drawn) is legend


def test_a_cost_of_zero_is_a_cost() -> None:
    """A run that fits exactly ends at cost 0: drawn, not refused (only a negative cost is)."""
    assert plots.cost_histories({"exact": [4.0, 0.0]}, name="h", log=False).startswith("<svg")
    with pytest.raises(ValueError, match="negative cost"):
        plots.cost_histories({"wrong": [4.0, -1e-300]}, name="h", log=False)


def test_the_conversion_chart_draws_the_formula_and_marks_freezing_and_boiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "scatter", "annotate")
    chart = plots.conversion()
    [line] = calls_of(drawn, "plot")
    assert np.asarray(line.args[0]).tolist() == [
        -40.0,
        110.0,
    ]  # where the scales meet, and past boiling
    assert list(line.args[1]) == [-40.0, 230.0]
    [points] = calls_of(drawn, "scatter")
    assert points.args == ([0, 100], [32, 212])
    notes = [(call.args[0], call.args[1]) for call in calls_of(drawn, "annotate")]
    assert notes == [
        ("water freezes:\n0 °C = 32 °F", (0, 32)),
        ("water boils:\n100 °C = 212 °F", (100, 212)),
    ]
    assert "from -40 °C to 110 °C" in description(chart)


def test_the_cost_curve_is_half_the_squared_miss_with_the_true_value_marked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "axvline")
    plots.cost_curve(10.0, 0.0, 20.0)
    [curve] = calls_of(drawn, "plot")
    predictions = np.asarray(curve.args[0])
    assert (predictions[0], predictions[-1], len(predictions)) == (0.0, 20.0, 201)
    assert list(curve.args[1]) == [(10.0 - p) * (10.0 - p) / 2 for p in predictions]
    [true_value] = calls_of(drawn, "axvline")
    assert true_value.args == (10.0,)
    assert true_value.kwargs["label"] == "true value y = 10"


@pytest.mark.parametrize("square", [False, True])
def test_the_contours_frame_the_path_with_the_margin_asked(
    monkeypatch: pytest.MonkeyPatch, square: bool
) -> None:
    """The cost grid is centred on the points drawn, ``margin`` times their spread each way;
    the lowest contour is ``lift`` times the lowest cost, or 1e-7 of the highest if lower."""
    drawn = record_drawing(monkeypatch, "contour")
    x, y = [0.0, 1.0, 2.0], [1.0, 3.0, 5.0]  # exactly y = 2 x + 1
    w, b = np.array([1.0, 3.0, 2.0]), np.array([-9.0, 11.0, 5.0])
    with figure() as fig:
        cost_contours(
            fig.add_subplot(), x, y, w, b, grid=5, margin=1.0, lift=2.0, levels=4, linewidth=1,
            square=square,
        )  # fmt: skip
    [contour] = drawn
    w_grid, b_grid, cost = contour.args
    assert w_grid.tolist() == ([-18.0, -8.0, 2.0, 12.0, 22.0] if square else [0, 1, 2, 3, 4])
    assert b_grid.tolist() == [-19.0, -9.0, 1.0, 11.0, 21.0]
    assert cost.tolist() == cost_surface(x, y, w_grid.tolist(), b_grid.tolist()).tolist()
    assert cost.min() == 0  # the grid holds the bottom, (2, 1): the 1e-7 floor decides
    levels = contour.kwargs["levels"]
    assert (levels[0], levels[-1], len(levels)) == (
        pytest.approx(2.0 * cost.max() * 1e-7),
        pytest.approx(cost.max()),
        4,
    )


def test_the_activation_panels_draw_each_function_with_its_own_slope(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot")
    activation.activation_shapes(name="shapes")
    z = np.asarray(drawn[0].args[0])
    assert (z[0], z[-1], z[len(z) // 2]) == (-6.0, 6.0, 0.0)  # symmetric about 0
    values = [np.asarray(call.args[1]) for call in drawn]
    expected = [
        sigmoid(z),
        sigmoid_slope(z),
        np.tanh(z),
        1 - np.tanh(z) ** 2,
        relu(z),
        relu_slope(z),
    ]
    for shown, wanted in zip(values, expected, strict=True):
        np.testing.assert_allclose(shown, wanted, rtol=0, atol=1e-15)
    # Each slope is the derivative of its function: a central difference agrees.
    for function, slope in zip(values[0::2], values[1::2], strict=True):
        step = z[1] - z[0]
        numeric = (function[2:] - function[:-2]) / (2 * step)
        inside = np.abs(z[1:-1]) > 2 * step  # ReLU's kink at 0 has no derivative
        np.testing.assert_allclose(numeric[inside], slope[1:-1][inside], atol=5e-3)


def test_the_training_comparison_takes_one_to_five_runs() -> None:
    run = train_sigmoid_neuron([10.0, 15.0, 25.0, 30.0], [0, 0, 1, 1], epochs=3)
    assert activation.training_comparison([run] * 5, name="five").startswith("<svg")
    for runs in ([], [run] * 6):
        with pytest.raises(ValueError, match="trainings must hold 1 to 5 runs"):
            activation.training_comparison(runs, name="bad")


def test_a_chart_is_well_formed_svg_named_by_its_first_two_children() -> None:
    chart = plots.conversion()
    root = ET.fromstring(chart)
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg"
    title, desc = list(root)[:2]
    assert (title.tag, title.get("id"), title.text) == (
        f"{svg}title",
        "chart-conversion-title",
        "Celsius to Fahrenheit",
    )
    assert (desc.tag, desc.get("id")) == (f"{svg}desc", "chart-conversion-desc")
    assert root.get("aria-labelledby") == "chart-conversion-title chart-conversion-desc"


def test_cost_histories_count_epochs_on_a_linear_axis_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "set_xscale", "set_xlabel")
    plots.cost_histories({"a": [3.0, 2.0, 1.0]}, name="h")
    assert [(c.method, c.args) for c in drawn] == [("set_xlabel", ("epoch",))]
    drawn.clear()
    plots.cost_histories({"a": [3.0, 2.0, 1.0]}, name="h", log_epochs=True)
    assert [(c.method, c.args) for c in drawn] == [
        ("set_xscale", ("log",)),
        ("set_xlabel", ("epoch (log scale)",)),
    ]


def test_the_data_chart_draws_training_and_test_sets_in_two_colours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "scatter")
    plots.data_sets([0.0, 1.0], [32.0, 33.8], [0.5], [32.9])
    train, test = drawn
    assert [list(a) for a in train.args] == [[0.0, 1.0], [32.0, 33.8]]
    assert [list(a) for a in test.args] == [[0.5], [32.9]]
    assert (train.kwargs["color"], test.kwargs["color"]) == (SERIES[0], SERIES[1])


@pytest.mark.parametrize("where", [0, 999])
def test_the_agreement_chart_shows_a_difference_at_the_first_or_the_last_epoch(
    monkeypatch: pytest.MonkeyPatch, where: int
) -> None:
    drawn = record_drawing(monkeypatch, "plot")
    loop = np.linspace(4.0, 1.0, 1000)
    copy = loop.copy()
    copy[where] = np.nextafter(copy[where], 10.0)
    agreement(loop, {"copy": copy}, name="a")
    [(epochs, differences)] = [call.args for call in drawn]
    # One point, at the start of the group of epochs that holds the difference.
    assert np.asarray(differences).tolist() == [abs(copy[where] - loop[where]) / loop[where]]
    assert np.asarray(epochs).tolist()[0] == 1 if where == 0 else 900 < epochs[0] <= where + 1


def test_the_loss_chart_spans_minus_8_to_8_and_shades_the_confidently_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot", "axvspan")
    activation.loss_shapes(name="losses")
    z = np.asarray(drawn[0].args[0])
    assert (z[0], z[-1]) == (-8.0, 8.0)
    colours = [c.kwargs["color"] for c in calls_of(drawn, "plot")]
    assert colours == [SERIES[0], SERIES[1], SERIES[0], SERIES[1]]  # each cost, then its slope
    assert [c.args for c in calls_of(drawn, "axvspan")] == [(-8.0, -4.0)] * 2


def test_the_activation_panels_show_each_curve_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = record_drawing(monkeypatch, "set_ylim")
    activation.activation_shapes(name="shapes")
    # (matplotlib's own calls pass one pair; the chart's pass two numbers.)
    assert [c.args for c in drawn if len(c.args) == 2] == [(-0.1, 1.1), (-1.1, 1.1), (-0.5, 6.2)]


def test_a_training_of_one_epoch_is_charted_and_described() -> None:
    assert activation.epoch_samples(1).tolist() == [0]
    for epochs in (1, 40):
        run = train_sigmoid_neuron([10.0, 15.0, 25.0, 30.0], [0, 0, 1, 1], epochs=epochs)
        text = description(activation.training_comparison([run], name="one"))
        costs, accuracies = run.cost_history, [100 * a for a in run.accuracy_history]
        assert (
            f"With cross-entropy (log loss), the cost goes from {costs[0]:.3g} to"
            f" {costs[-1]:.3g} and the training accuracy from {accuracies[0]:.0f}% to"
            f" {accuracies[-1]:.0f}%"
        ) in text
    assert f"{costs[0]:.3g}" != f"{costs[-1]:.3g}"  # the 40 epochs tell first from last
