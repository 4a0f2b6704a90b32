"""Noisy measurements: noisy readings, the least-squares line, its errors, and their chart."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nanoneuron import NanoNeuron, celsius_to_fahrenheit, generate_data_sets, train_model
from nanoneuron.beyond.noise import (
    B_TRUE,
    W_TRUE,
    FitError,
    evenly_spaced,
    fit_errors,
    noisy_readings,
    standard_errors,
)
from nanoneuron.bowl import least_squares
from nanoneuron.plots._svg import SERIES
from nanoneuron.plots.noise import error_by_size
from tests.charts import legend_texts, record_drawing

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


def test_noisy_readings_are_seeded_and_centred_on_the_conversion() -> None:
    x = evenly_spaced(20000)
    y = noisy_readings(x, noise=3.0, seed=9)
    assert y == noisy_readings(x, noise=3.0, seed=9)
    assert y != noisy_readings(x, noise=3.0, seed=10)
    errors = np.asarray(y) - (1.8 * np.asarray(x) + 32)
    assert abs(errors.mean()) < 0.1
    assert errors.std() == pytest.approx(3.0, rel=0.03)


def test_noisy_readings_use_numpy_normal_draws() -> None:
    # The oracle: the same draws straight from NumPy.
    draws = np.random.default_rng(4).normal(0.0, 2.5, 3)
    assert noisy_readings([0, 10, 20], noise=2.5, seed=4) == pytest.approx(
        [32 + draws[0], 50 + draws[1], 68 + draws[2]]
    )


def test_zero_noise_gives_the_exact_conversion() -> None:
    x_train, y_train, _, _ = generate_data_sets()
    assert noisy_readings(x_train, noise=0) == pytest.approx(y_train)


@given(finite, finite, st.lists(st.integers(-1000, 1000), min_size=2, max_size=30, unique=True))
def test_least_squares_recovers_an_exact_line(w: float, b: float, x: list[int]) -> None:
    fitted_w, fitted_b = least_squares(x, [w * v + b for v in x])
    assert fitted_w == pytest.approx(w, abs=1e-6)
    assert fitted_b == pytest.approx(b, abs=1e-6 * (1 + abs(w) * max(map(abs, x))))


@given(st.lists(st.tuples(st.integers(-100, 100), finite), min_size=3, max_size=30))
def test_least_squares_agrees_with_numpy_polyfit(points: list[tuple[int, float]]) -> None:
    x = [float(p[0]) for p in points]
    y = [p[1] for p in points]
    assume(len(set(x)) > 1)
    w, b = least_squares(x, y)
    expected_w, expected_b = np.polyfit(x, y, 1)
    assert w == pytest.approx(expected_w, rel=1e-6, abs=1e-6)
    assert b == pytest.approx(expected_b, rel=1e-6, abs=1e-4)


def test_gradient_descent_lands_on_the_least_squares_line() -> None:
    x = evenly_spaced(20, high=20)
    y = noisy_readings(x, seed=3)
    model = NanoNeuron(0.5, 0.5)
    train_model(model, epochs=40000, alpha=0.01, x_train=x, y_train=y)
    w, b = least_squares(x, y)
    assert model.w == pytest.approx(w, abs=1e-8)
    assert model.b == pytest.approx(b, abs=1e-6)


def test_standard_errors_match_the_textbook_formula() -> None:
    x = [0.0, 1.0, 2.0, 3.0]  # mean 1.5, Sxx 5
    w_error, b_error = standard_errors(x, noise=2.0)
    assert w_error == pytest.approx(2 / math.sqrt(5))
    assert b_error == pytest.approx(2 * math.sqrt(1 / 4 + 1.5**2 / 5))


@given(st.integers(min_value=2, max_value=500), st.floats(min_value=0.1, max_value=10))
def test_standard_errors_shrink_like_one_over_root_m(m: int, noise: float) -> None:
    w1, b1 = standard_errors(evenly_spaced(m), noise)
    w4, b4 = standard_errors(evenly_spaced(4 * m), noise)
    assert w4 < w1
    assert b4 < b1
    if m >= 10:
        # Four times the readings over the same range: about half the error.
        assert w4 / w1 == pytest.approx(0.5, abs=0.03)
        assert b4 / b1 == pytest.approx(0.5, abs=0.03)


def test_measured_errors_agree_with_theory_and_shrink() -> None:
    errors = fit_errors([10, 100, 1000], noise=4.0, repeats=2000, seed=1)
    assert [e.size for e in errors] == [10, 100, 1000]
    for e in errors:
        # 2000 repeats: the measured RMS is within a few percent of the prediction.
        assert e.w_error == pytest.approx(e.w_expected, rel=0.06)
        assert e.b_error == pytest.approx(e.b_expected, rel=0.06)
    assert errors[0].w_error > errors[1].w_error > errors[2].w_error
    assert errors[0].b_error > errors[1].b_error > errors[2].b_error


def test_fit_errors_is_seeded_and_noise_free_fits_are_exact() -> None:
    assert fit_errors([5, 50], seed=2, repeats=10) == fit_errors([5, 50], seed=2, repeats=10)
    (exact,) = fit_errors([50], noise=0, repeats=3)
    assert exact.w_error < 1e-12
    assert exact.b_error < 1e-10
    (two,) = fit_errors([2], noise=0, repeats=2)  # two readings are the fewest a line needs
    assert two.size == 2
    assert two.w_error < 1e-12


def test_the_true_line_is_the_articles_conversion() -> None:
    for c in (-40, 0, 0.5, 37, 100):
        assert W_TRUE * c + B_TRUE == celsius_to_fahrenheit(c)


def test_the_default_noise_is_the_chapters_4_degrees() -> None:
    """noise.md reads with 4 °F; validation.md's readings take the default."""
    assert noisy_readings([10.0, 20.0], seed=3) == noisy_readings([10.0, 20.0], noise=4.0, seed=3)
    assert standard_errors([0, 1, 2]) == standard_errors([0, 1, 2], noise=4.0)


def test_evenly_spaced() -> None:
    assert evenly_spaced(5, low=10, high=20) == [10, 12, 14, 16, 18]


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: noisy_readings([0, 1], noise=-1), ValueError, "noise"),
        (lambda: noisy_readings([0, 1], noise="1"), TypeError, "noise"),
        (lambda: noisy_readings([0, math.nan]), ValueError, r"x\[1\]"),
        (lambda: noisy_readings([], noise=1), ValueError, "x"),
        (lambda: noisy_readings([0], seed=-3), ValueError, "seed"),
        (lambda: least_squares([1, 1], [2, 3]), ValueError, "x"),
        (lambda: least_squares([1, 2], [2]), ValueError, "x and y"),
        (lambda: standard_errors([5, 5]), ValueError, "x"),
        (lambda: standard_errors([1, 2], noise=math.inf), ValueError, "noise"),
        (lambda: evenly_spaced(1), ValueError, "size"),
        (lambda: evenly_spaced(3.0), TypeError, "size"),
        (lambda: evenly_spaced(3, low=5, high=5), ValueError, "high"),
        (lambda: fit_errors(10), TypeError, "sizes"),
        (lambda: fit_errors([]), TypeError, "sizes"),
        (lambda: fit_errors([10, 1]), ValueError, r"sizes\[1\]"),
        (lambda: fit_errors([10], repeats=1), ValueError, "repeats"),
        (lambda: fit_errors([10], repeats=True), TypeError, "repeats"),
        (lambda: error_by_size([]), ValueError, "errors"),
        (lambda: error_by_size([(10, 1, 1, 1, 1)]), TypeError, r"errors\[0\]"),  # type: ignore[list-item]
        (lambda: error_by_size("errors"), TypeError, "errors"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument):
        call()  # type: ignore[operator]


def test_the_chart_is_accessible_and_describes_its_ends() -> None:
    errors = [FitError(1000, 0.002, 0.1, 0.002, 0.1), FitError(10, 0.02, 1.0, 0.02, 1.0)]
    chart = error_by_size(errors, name="errors")
    assert chart.startswith("<svg")
    assert 'aria-labelledby="errors-title errors-desc"' in chart
    # Described from the smallest size to the largest, whatever the order given.
    assert "With 10 readings: w off by 0.02, b by 1; with 1000 readings: w off by 0.002" in chart


def test_standard_errors_name_what_is_too_large() -> None:
    # It raised OverflowError from math, naming nothing.
    with pytest.raises(ValueError, match=r"^x holds values too large"):
        standard_errors([1e200, -1e200])
    # And the error of b came out as infinity.
    with pytest.raises(ValueError, match=r"^noise is too large"):
        standard_errors([100.0, 101.0], noise=1e308)


def test_fit_errors_name_a_noise_too_large_for_floats() -> None:
    # It returned errors of nan, with NumPy warnings.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^noise is too large"):
            fit_errors([5], noise=1e308, repeats=3)
        # The fits are finite here, the squares of their errors were not: w_error was inf.
        with pytest.raises(ValueError, match=r"^noise is too large: the simulated fits or their"):
            fit_errors([3], noise=1e300, repeats=2)


def test_the_noise_chart_draws_measured_errors_as_dots_on_log_axes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "plot", "scatter")
    # Out of order, and every number different, so a swapped list shows.
    errors = [FitError(100, 0.01, 0.5, 0.012, 0.6), FitError(10, 0.03, 1.5, 0.035, 1.9)]
    error_by_size(errors)
    dots = [(ax, args) for name, ax, args, _ in calls if name == "scatter"]
    lines = [(ax, args) for name, ax, args, _ in calls if name == "plot"]
    assert len(dots) == len(lines) == 2
    # Top panel w, bottom panel b: measured errors as dots, theory as the line.
    for (ax, (x, y)), measured in zip(dots, ([0.03, 0.01], [1.5, 0.5]), strict=True):
        assert np.asarray(x).tolist() == [10, 100]
        assert np.asarray(y).tolist() == measured
        assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    for (ax, (x, y)), expected in zip(lines, ([0.035, 0.012], [1.9, 0.6]), strict=True):
        assert np.asarray(x).tolist() == [10, 100]
        assert np.asarray(y).tolist() == expected
        assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    # Each panel says which parameter it shows, and the two are told apart by colour too.
    (top, _), (bottom, _) = dots
    for ax, label in ((top, "w"), (bottom, "b")):
        assert (ax.get_title(), ax.get_ylabel()) == (
            f"error of {label}",
            f"typical error of {label}",
        )
        assert legend_texts(ax) == ["theory", "measured"]
    colours = [call.kwargs["color"] for call in calls if call.method == "scatter"]
    assert colours == [SERIES[0], SERIES[1]]
    # One axis of readings, shared, named once at the bottom.
    assert top.get_shared_x_axes().joined(top, bottom)
    assert (top.get_xlabel(), bottom.get_xlabel()) == ("", "number of readings")


@pytest.mark.parametrize("text", ["", b""])
def test_the_noise_chart_refuses_empty_text_as_the_wrong_type(text: str | bytes) -> None:
    # Text is a sequence, but not of FitError: even empty, it is the wrong type, not "empty".
    with pytest.raises(TypeError, match=r"^errors must be a sequence of FitError"):
        error_by_size(text)


def test_evenly_spaced_refuses_a_range_that_overflows() -> None:
    # low and high are finite, high - low is not: the values were [nan, inf, inf].
    with pytest.raises(ValueError, match=r"^low to high is too wide a range for floats: -1e\+308"):
        evenly_spaced(3, -1e308, 1e308)
    assert evenly_spaced(2, -1e307, 1e307) == [-1e307, 0.0]


def test_readings_that_overflow_are_refused() -> None:
    # A finite temperature plus finite noise gave inf.
    with pytest.raises(ValueError, match=r"^a reading overflows: x and noise=1e\+308 are too"):
        noisy_readings([9e307] * 20, noise=1e308, seed=0)
