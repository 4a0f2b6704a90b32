"""Splitting and shuffling: the readings, the three splits, training on them, their charts."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.patches import Rectangle

from nanoneuron import NanoNeuron, generate_data_sets
from nanoneuron._checks import check_seed
from nanoneuron.beyond.splitting import (
    Split,
    SplitResult,
    collect_readings,
    interleaved_split,
    sequential_split,
    shuffled_split,
    thermometer_reading,
    train_on_split,
)
from nanoneuron.fast import train_model_closed_form
from nanoneuron.plots.splitting import split_costs, split_fits, split_misses, split_strips
from tests.charts import calls_of, description, legend_texts, record_drawing

celsius = st.floats(min_value=-100, max_value=1000, allow_nan=False)
sizes = st.integers(min_value=20, max_value=300)


# The thermometer -----------------------------------------------------------------------------


@given(celsius)
def test_a_very_wide_saturation_gives_the_exact_conversion(c: float) -> None:
    assert thermometer_reading(c, saturation=1e9) == pytest.approx(1.8 * c + 32, abs=1e-9)


@given(st.floats(min_value=0, max_value=1000))
def test_the_thermometer_never_reads_high_above_0_degrees(c: float) -> None:
    assert thermometer_reading(c) <= 1.8 * c + 32 + 1e-9


@given(celsius, celsius)
def test_a_hotter_temperature_never_reads_lower(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert thermometer_reading(low) <= thermometer_reading(high)


def test_the_thermometer_is_true_when_cool_and_low_when_hot() -> None:
    assert abs(thermometer_reading(20) - 68) < 0.2
    assert 12 < 1.8 * 99 + 32 - thermometer_reading(99) < 14


def test_readings_are_evenly_spaced_from_zero() -> None:
    x, y = collect_readings(count=200, step=0.5, saturation=1e12)
    assert x == [i / 2 for i in range(200)]
    assert y == pytest.approx([1.8 * c + 32 for c in x])


# The splits ----------------------------------------------------------------------------------


@given(sizes, st.floats(min_value=0.1, max_value=0.9))
def test_sequential_split_keeps_the_order(n: int, fraction: float) -> None:
    x = list(range(n))
    split = sequential_split(x, [v + 0.5 for v in x], fraction)
    assert split.x_train + split.x_test == x
    assert len(split.x_train) == round(fraction * n)
    assert max(split.x_train) < min(split.x_test)


@given(sizes, st.integers(min_value=0, max_value=2**32))
def test_shuffled_split_is_a_permutation_that_keeps_pairs(n: int, seed: int) -> None:
    x = [float(v) for v in range(n)]
    y = [v * 3 + 1 for v in x]
    split = shuffled_split(x, y, seed=seed)
    assert sorted(split.x_train + split.x_test) == x
    assert len(split.x_train) == round(0.7 * n)
    for xs, ys in ((split.x_train, split.y_train), (split.x_test, split.y_test)):
        assert ys == [v * 3 + 1 for v in xs]


def test_shuffled_split_is_seeded() -> None:
    x = list(range(100))
    assert shuffled_split(x, x, seed=3) == shuffled_split(x, x, seed=3)
    assert shuffled_split(x, x, seed=3) != shuffled_split(x, x, seed=4)
    # The oracle: the same permutation drawn straight from NumPy.
    order = np.random.default_rng(3).permutation(100)
    assert shuffled_split(x, x, seed=3).x_train == [int(i) for i in order[:70]]


def test_shuffled_split_spreads_over_the_range_unlike_the_sequential_one() -> None:
    x, y = collect_readings()
    shuffled, ordered = shuffled_split(x, y), sequential_split(x, y)
    assert min(shuffled.x_test) < 20
    assert max(shuffled.x_test) > 80
    assert min(ordered.x_test) == 70


def test_interleaved_split_of_half_degree_readings_is_the_article_data() -> None:
    x, y = collect_readings(count=200, step=0.5, saturation=1e12)
    split = interleaved_split(x, y)
    x_train, y_train, x_test, y_test = generate_data_sets()
    assert split.x_train == x_train
    assert split.x_test == x_test
    assert split.y_train == pytest.approx(y_train)
    assert split.y_test == pytest.approx(y_test)


# Training on a split -------------------------------------------------------------------------


def test_training_on_a_split_reaches_the_least_squares_line() -> None:
    x, y = collect_readings(count=30)
    split = shuffled_split(x, y, seed=5)
    result = train_on_split(split, epochs=30000, alpha=0.005)
    w, b = np.polyfit(split.x_train, split.y_train, 1)
    assert result.model.w == pytest.approx(w, abs=1e-6)
    assert result.model.b == pytest.approx(b, abs=1e-4)
    assert len(result.cost_history) == 30000
    # The oracle for the costs: numpy on the trained line.
    for xs, ys, cost in (
        (split.x_train, split.y_train, result.train_cost),
        (split.x_test, split.y_test, result.test_cost),
    ):
        miss = np.asarray(ys) - (result.model.w * np.asarray(xs) + result.model.b)
        assert cost == pytest.approx(np.mean(miss**2) / 2)
    miss = np.asarray(split.y_test) - (result.model.w * np.asarray(split.x_test) + result.model.b)
    assert result.test_worst_miss == pytest.approx(np.abs(miss).max())


def test_without_shuffling_the_test_cost_is_far_worse() -> None:
    # The chapter's finding, with the page's own settings.
    x, y = collect_readings()
    shuffled = train_on_split(shuffled_split(x, y), trainer=train_model_closed_form)
    ordered = train_on_split(sequential_split(x, y), trainer=train_model_closed_form)
    assert ordered.train_cost < shuffled.train_cost / 5
    assert ordered.test_cost > 5 * shuffled.test_cost
    assert ordered.test_worst_miss > 2 * shuffled.test_worst_miss
    # Shuffled, the test cost is an honest estimate: close to the training cost.
    assert shuffled.test_cost == pytest.approx(shuffled.train_cost, rel=0.3)


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: thermometer_reading("20"), TypeError, "celsius"),
        (lambda: thermometer_reading(math.nan), ValueError, "celsius"),
        (lambda: thermometer_reading(20, saturation=0), ValueError, "saturation"),
        (lambda: collect_readings(count=2.5), TypeError, "count"),
        (lambda: collect_readings(count=True), TypeError, "count"),
        (lambda: collect_readings(count=1), ValueError, "count"),
        (lambda: collect_readings(step=-1), ValueError, "step"),
        (lambda: collect_readings(saturation=math.inf), ValueError, "saturation"),
        (lambda: sequential_split([1, 2], [1]), ValueError, "x and y"),
        (lambda: sequential_split("12", "12"), TypeError, "x"),
        (
            lambda: sequential_split([1, 2, 3], [1, 2, 3], train_fraction=1),
            ValueError,
            "train_fraction",
        ),
        (
            lambda: sequential_split([1, 2, 3], [1, 2, 3], train_fraction=0.1),
            ValueError,
            "train_fraction",
        ),
        (
            lambda: shuffled_split([1, 2, 3], [1, 2, 3], train_fraction="0.5"),
            TypeError,
            "train_fraction",
        ),
        (lambda: shuffled_split([1, 2, 3], [1, 2, 3], seed=-1), ValueError, "seed"),
        (lambda: shuffled_split([1, 2, 3], [1, 2, 3], seed=1.5), TypeError, "seed"),
        (lambda: interleaved_split([1], [1]), ValueError, "x"),
        (lambda: interleaved_split([1, None], [1, 2]), TypeError, "x[1]"),  # type: ignore[list-item]
        (lambda: train_on_split((1, 2, 3, 4)), TypeError, "split"),
        (lambda: train_on_split(Split([1], [1], [1], [1]), epochs=-1), ValueError, "epochs"),
        (lambda: train_on_split(Split([1], [1], [1], [1]), seed=True), TypeError, "seed"),
        (lambda: check_seed("1"), TypeError, "seed"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument.replace("[", r"\[")):
        call()  # type: ignore[operator]


# Charts --------------------------------------------------------------------------------------


def test_charts_are_accessible_svg() -> None:
    x, y = collect_readings(count=10)
    splits = {"in order": sequential_split(x, y), "shuffled": shuffled_split(x, y)}
    models = {"a line": NanoNeuron(1.7, 33)}
    result = SplitResult(NanoNeuron(1.8, 32), [2.0, 1.0], 0.5, 2.5, 3.0)
    charts = [
        split_strips(splits, name="strips"),
        split_fits(x, y, models, name="fits", hot_from=7),
        split_misses(x, y, models, name="misses", hot_from=7),
        split_costs({"in order": result}, name="costs"),
    ]
    for chart in charts:
        assert chart.startswith("<svg")
        assert 'role="img"' in chart
        assert "<title" in chart
        assert "<desc" in chart
        assert "#03030" not in chart  # placeholders were recoloured
    assert "training cost 0.5, test cost 2.5" in charts[3]
    assert "largest miss" in charts[2]


def test_the_misses_chart_describes_the_largest_miss() -> None:
    # Misses of 1.7 x + 33 at 0, 50, 99 °C: +1, -4, +4.3 °F.
    chart = split_misses([0, 50, 99], [32, 122, 197], {"line": NanoNeuron(1.7, 33)}, name="m")
    assert "line: largest miss 4.3 °F" in chart


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: split_strips([]), TypeError, "splits"),
        (lambda: split_strips({}), ValueError, "splits"),
        (lambda: split_strips({"a": (1, 2)}), TypeError, "splits"),  # type: ignore[dict-item]
        (lambda: split_fits([1], [1], {"a": (1.8, 32)}), TypeError, "models"),  # type: ignore[dict-item]
        (lambda: split_fits([1], [1, 2], {"a": NanoNeuron(1, 1)}), ValueError, "x and y"),
        (
            lambda: split_misses([1], [1], {"a": NanoNeuron(1, 1)}, hot_from="hot"),
            TypeError,
            "hot_from",
        ),
        (lambda: split_costs({"a": NanoNeuron(1, 1)}), TypeError, "results"),  # type: ignore[dict-item]
    ],
)
def test_charts_refuse_bad_input(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument):
        call()  # type: ignore[operator]


@pytest.mark.parametrize("chart", [split_fits, split_misses])
@pytest.mark.parametrize(
    ("x", "message"),
    [
        ([0.0, math.nan, 2.0], r"^x must hold finite numbers only"),
        ({0.0: 1, 1.0: 2, 2.0: 3}, r"^x must hold real numbers, got dict$"),
        ([0.0, 1.0], r"^x and y must have the same length, got 2 and 3$"),
    ],
    ids=["nan", "dict", "lengths"],
)
def test_split_charts_check_their_data_like_the_rest(chart, x, message) -> None:  # type: ignore[no-untyped-def]
    # A NaN used to be drawn silently; the checks are the shared ones, with their messages.
    with pytest.raises((TypeError, ValueError), match=message):
        chart(x, [32.0, 33.8, 35.6], {"start": NanoNeuron(1.0, 30.0)})


@pytest.mark.parametrize("saturation", [1e300, 1e308])
def test_a_huge_saturation_is_a_perfect_thermometer_not_infinity(saturation: float) -> None:
    # 1.8 * saturation overflowed first: the reading came out as infinity.
    assert thermometer_reading(99, saturation=saturation) == pytest.approx(1.8 * 99 + 32)


def as_lists(args: tuple[Any, ...]) -> list[list[float]]:
    """A drawing call's first two arguments (x and y, or a span's ends) as lists of floats."""
    return [np.atleast_1d(np.asarray(a, dtype=float)).tolist() for a in args[:2]]


#: Four readings, the hottest bending below the exact 1.8 c + 32 (89 °F, not 86).
X4, Y4 = [0.0, 10.0, 20.0, 30.0], [32.0, 50.0, 68.0, 89.0]
#: Misses 1.8 c + 33 - y: +1, +1, +1, -2 °F: the largest in size is below the reading.
ABOVE_BY_1 = {"a": NanoNeuron(1.8, 33.0)}
#: Two splits' results: training costs 0.5 and 1.5, test costs 2 and 3.25 (two decimals shown).
TWO_SPLITS = {
    "one": SplitResult(NanoNeuron(1.8, 32), [1.0], 0.5, 2.0, 1.0),
    "two": SplitResult(NanoNeuron(1.8, 32), [1.0], 1.5, 3.25, 1.0),
}


def test_the_strips_chart_draws_the_first_split_on_top_and_describes_both_sets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "scatter")
    splits = {
        "first": Split([0.0, 10.0], [32.0, 50.0], [30.0], [86.0]),
        "second": Split([20.0], [68.0], [5.0, 40.0], [41.0, 104.0]),
    }
    chart = split_strips(splits, name="s")
    rows = [tuple(as_lists(call.args)) for call in calls]
    # Splits are drawn top to bottom: the first at the top row (level 1 of 0 and 1).
    assert rows == [
        ([0.0, 10.0], [1.0, 1.0]),
        ([30.0], [1.0]),
        ([20.0], [0.0]),
        ([5.0, 40.0], [0.0, 0.0]),
    ]
    assert (
        "first: 2 training examples from 0 to 10 °C, 1 test examples from 30 to 30 °C; "
        "second: 1 training examples from 20 to 20 °C, 2 test examples from 5 to 40 °C."
    ) in description(chart)


def test_the_fits_chart_draws_the_exact_conversion_and_shades_the_hot_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "plot", "axvspan")
    split_fits(X4, Y4, ABOVE_BY_1, name="f", hot_from=20.0)
    exact = [as_lists(c.args) for c in calls if c.kwargs.get("label") == "exact: 1.8 c + 32"]
    assert exact == [[[0.0, 30.0], [32.0, 86.0]]]
    assert [as_lists(c.args) for c in calls_of(calls, "axvspan")] == [[[20.0], [30.0]]]


def test_the_misses_chart_shades_the_hot_end_and_gives_the_largest_miss_in_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "plot", "axvspan")
    chart = split_misses(X4, Y4, ABOVE_BY_1, name="m", hot_from=20.0)
    assert "a: largest miss 2 °F." in description(chart)
    assert [as_lists(c.args) for c in calls_of(calls, "axvspan")] == [[[20.0], [30.0]]]
    [misses] = [as_lists(c.args) for c in calls_of(calls, "plot")]
    assert misses[0] == X4
    assert misses[1] == pytest.approx([1.0, 1.0, 1.0, -2.0])


def test_the_costs_chart_draws_each_training_bar_left_of_its_test_bar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "bar")
    split_costs(TWO_SPLITS, name="c")
    bars = {c.kwargs["label"]: as_lists(c.args) for c in calls}
    assert list(bars) == ["training cost", "test cost"]
    (train_at, train), (test_at, test) = bars["training cost"], bars["test cost"]
    assert (train, test) == ([0.5, 1.5], [2.0, 3.25])
    assert all(t < u < t + 1 for t, u in zip(train_at, test_at, strict=True))


def test_the_strips_chart_names_each_row_and_both_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = record_drawing(monkeypatch, "scatter")
    splits = {
        "first": Split([0.0, 10.0], [32.0, 50.0], [30.0], [86.0]),
        "second": Split([20.0], [68.0], [5.0, 40.0], [41.0, 104.0]),
        "third": Split([1.0], [33.8], [2.0], [35.6]),
    }
    split_strips(splits)
    ax = calls[0].axes
    # Rows top to bottom in the order given: the tick at level 2 names the first split.
    ticks = {tick.get_position()[1]: tick.get_text() for tick in ax.get_yticklabels()}
    assert ticks == {0: "third", 1: "second", 2: "first"}
    assert ax.get_ylim() == pytest.approx((-0.6, 2.6))
    assert ax.get_xlabel() == "temperature (°C)"
    assert legend_texts(ax) == ["training", "test"]
    assert not any(line.get_visible() for line in ax.yaxis.get_gridlines())


def test_the_fits_chart_draws_the_readings_and_says_what_is_shaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "scatter")
    shaded = split_fits(X4, Y4, ABOVE_BY_1, hot_from=20.0)
    [readings] = calls
    assert as_lists(readings.args) == [X4, Y4]
    ax = readings.axes
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("temperature (°C)", "reading (°F)")
    assert legend_texts(ax) == ["readings", "exact: 1.8 c + 32", "a"]
    assert description(shaded).endswith(" The readings from 20 °C up are shaded.")
    assert "shaded" not in description(split_fits(X4, Y4, ABOVE_BY_1))


def test_the_misses_chart_measures_from_a_line_at_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = record_drawing(monkeypatch, "axhline")
    split_misses(X4, Y4, {"a": NanoNeuron(1.8, 33.0), "b": NanoNeuron(1.7, 32.0)})
    [zero] = calls
    assert zero.args == (0,)
    ax = zero.axes
    assert ax.get_xlabel() == "temperature (°C)"
    assert ax.get_ylabel() == "prediction \N{MINUS SIGN} reading (°F)"
    assert legend_texts(ax) == ["a", "b"]


def test_the_costs_chart_labels_each_bar_and_names_each_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "bar")
    split_costs(TWO_SPLITS)
    ax = calls[0].axes
    values = sorted(text.get_text() for text in ax.texts)
    assert values == ["0.50", "1.50", "2.00", "3.25"]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["one", "two"]
    assert ax.get_ylabel() == "average cost"
    assert legend_texts(ax) == ["training cost", "test cost"]
    # The two bars of a split sit side by side, apart from the next split's.
    rectangles = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    assert len(rectangles) == 4
    bars = sorted((bar.get_x(), bar.get_x() + bar.get_width()) for bar in rectangles)
    assert all(end <= start + 1e-9 for (_, end), (start, _) in itertools.pairwise(bars))
    # Room above the tallest bar for its label.
    assert ax.get_ylim()[1] > 3.25 * 1.1


def test_readings_whose_last_temperature_overflows_are_refused() -> None:
    # It said "celsius must be a finite number, got inf": step was the culprit.
    with pytest.raises(ValueError, match=r"^count=3 readings step=1e\+308 apart overflow"):
        collect_readings(3, 1e308)
    assert collect_readings(2, 1e308)[0] == [0.0, 1e308]


def test_train_on_split_names_the_part_of_the_split_at_fault() -> None:
    """It blamed "x_train" and "y_train" for what was wrong with the test set."""
    x, y = collect_readings(count=10)
    with pytest.raises(
        ValueError, match=r"^the cost on the test set overflows a float: .* split\.x_test"
    ):
        train_on_split(Split(x, y, [1e300], [0.0]), epochs=10)
    with pytest.raises(ValueError, match=r"^split\.x_test\[0\] must be a finite number"):
        train_on_split(Split(x, y, [math.nan], [0.0]), epochs=10)
    with pytest.raises(ValueError, match=r"^split\.x_train and split\.y_train must have the same"):
        train_on_split(Split(x, y[:-1], x, y), epochs=10)


@pytest.mark.parametrize("fraction", [0, 1, 0.0, 1.0, -0.5, 2])
def test_a_fraction_outside_0_to_1_is_named_as_such(fraction: float) -> None:
    with pytest.raises(
        ValueError, match=rf"^train_fraction must be between 0 and 1, got {fraction!r}$"
    ):
        sequential_split([1, 2, 3], [1, 2, 3], train_fraction=fraction)


@pytest.mark.parametrize(("fraction", "count"), [(0.1, 4), (0.9, 4)])
def test_a_fraction_that_rounds_to_an_empty_set_is_refused(fraction: float, count: int) -> None:
    x = list(range(count))
    with pytest.raises(
        ValueError, match=rf"^train_fraction={fraction!r} of {count} examples leaves"
    ):
        shuffled_split(x, x, train_fraction=fraction)
    assert len(shuffled_split(x, x, train_fraction=0.5).x_train) == 2


def test_two_examples_are_enough_to_interleave_and_the_defaults_are_the_articles() -> None:
    assert interleaved_split([0, 0.5], [32, 32.9]) == Split([0], [32], [0.5], [32.9])
    seen: dict[str, Any] = {}

    def trainer(model: NanoNeuron, epochs: int, alpha: float, x: Any, y: Any) -> Any:
        seen.update(epochs=epochs, alpha=alpha, start=(model.w, model.b))
        return train_model_closed_form(model, epochs, alpha, x, y)

    train_on_split(interleaved_split(*collect_readings(count=6)), trainer=trainer)
    default_start = NanoNeuron.random()
    assert seen == {"epochs": 70000, "alpha": 0.0005, "start": (default_start.w, default_start.b)}
