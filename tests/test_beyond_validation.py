"""Validation: the split, the sweep against the trainers, the true cost, the measured optimism."""

from __future__ import annotations

import re
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nanoneuron import NanoNeuron, forward_propagation, generate_data_sets
from nanoneuron.beyond.noise import noisy_readings
from nanoneuron.beyond.validation import (
    Sweep,
    _readings,
    _split_indices,
    selection_bias,
    sweep,
    true_cost,
    validation_split,
)
from nanoneuron.fast import train_model_closed_form
from nanoneuron.plots._svg import LINESTYLES, SERIES
from nanoneuron.plots.validation import ALPHA, validation_sweep
from tests.charts import calls_of, description, record_drawing

X_TRAIN, _, X_TEST, _ = generate_data_sets()
Y = noisy_readings(X_TRAIN, seed=11)
ALPHAS = [0.0001, 0.0003, 0.0005, 0.0007]
EPOCHS = [100, 1000, 10000, 100000]


@settings(deadline=None)  # timings vary on a shared machine
@given(st.integers(2, 60), st.integers(0, 10_000), st.floats(0.05, 0.95))
def test_the_split_is_disjoint_complete_and_seeded(m: int, seed: int, fraction: float) -> None:
    x = [float(i) for i in range(m)]
    y = [2.0 * v for v in x]
    n_train = round((1 - fraction) * m)
    if not 0 < n_train < m:  # a part would be empty: the split says so
        with pytest.raises(ValueError, match="empty"):
            validation_split(x, y, fraction, seed)
        return
    split = validation_split(x, y, fraction, seed)
    assert not set(split.x_train) & set(split.x_validation)
    assert sorted(split.x_train + split.x_validation) == x
    assert all(
        b == 2.0 * a
        for a, b in zip(
            split.x_train + split.x_validation, split.y_train + split.y_validation, strict=True
        )
    )
    assert validation_split(x, y, fraction, seed) == split
    # The fast path of selection_bias cuts the very same parts.
    train, held = _split_indices(m, fraction, seed)
    assert [x[i] for i in train] == split.x_train
    assert [x[i] for i in held] == split.x_validation


def test_different_seeds_give_different_splits() -> None:
    assert validation_split(X_TRAIN, Y, seed=1) != validation_split(X_TRAIN, Y, seed=2)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"validation_fraction": 0.0}, ValueError, "validation_fraction"),
        ({"validation_fraction": 1.0}, ValueError, "validation_fraction"),
        ({"validation_fraction": "0.2"}, TypeError, "validation_fraction"),
        ({"seed": -3}, ValueError, "seed"),
    ],
)
def test_bad_splits_are_refused(changes: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        validation_split(X_TRAIN, Y, **changes)


def test_the_fast_readings_are_noisy_readings() -> None:
    x = np.asarray(X_TRAIN)
    assert _readings(x, 4.0, 17).tolist() == noisy_readings(X_TRAIN, 4.0, 17)


def test_every_cell_of_the_sweep_is_a_training_run() -> None:
    split = validation_split(X_TRAIN, Y, seed=1)
    result = sweep(
        split.x_train, split.y_train, split.x_validation, split.y_validation, ALPHAS, EPOCHS
    )
    for i, alpha in enumerate(ALPHAS[:-1]):
        for j, epochs in enumerate(EPOCHS):
            neuron = NanoNeuron(0.5, 0.5)
            train_model_closed_form(neuron, epochs, alpha, split.x_train, split.y_train)
            assert (result.w[i, j], result.b[i, j]) == pytest.approx((neuron.w, neuron.b), rel=1e-9)
            _, cost = forward_propagation(neuron, split.x_validation, split.y_validation)
            assert result.costs[i, j] == pytest.approx(cost, rel=1e-9)
    assert np.all(np.isinf(result.costs[-1]))  # 0.0007 is past the stable limit
    best = result.best()
    assert best.cost == result.costs.min()
    assert (best.alpha, best.epochs) == (
        ALPHAS[int(np.argmin(result.costs)) // 4],
        EPOCHS[int(np.argmin(result.costs)) % 4],
    )


def test_rescoring_scores_the_same_lines_on_other_examples() -> None:
    result = sweep(X_TRAIN, Y, X_TRAIN[:5], Y[:5], ALPHAS[:2], EPOCHS[:2])
    other = result.rescore(X_TEST, Y)
    assert np.array_equal(other.w, result.w)
    assert not np.array_equal(other.costs, result.costs)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"alphas": [0.001, 0.0]}, ValueError, "alpha"),
        ({"alphas": []}, ValueError, "alphas"),
        ({"epochs": [-1]}, ValueError, "epochs"),
        ({"epochs": 100}, TypeError, "epochs"),
        ({"y_score": [1.0]}, ValueError, "same length"),
    ],
)
def test_bad_sweeps_are_refused(changes: dict[str, object], error: type, message: str) -> None:
    arguments: dict[str, object] = {
        "x_train": [0.0, 1.0, 2.0],
        "y_train": [1.0, 3.0, 5.0],
        "x_score": [3.0, 4.0],
        "y_score": [7.0, 9.0],
        "alphas": [0.1],
        "epochs": [10],
    }
    with pytest.raises(error, match=message):
        sweep(**{**arguments, **changes})


def test_the_true_cost_is_the_average_over_fresh_readings() -> None:
    w, b = 1.83, 30.9
    rng = np.random.default_rng(0)
    x = np.asarray(X_TEST)
    fresh = x * 1.8 + 32 + rng.normal(0.0, 4.0, (4000, x.size))
    simulated = np.mean((fresh - (w * x + b)) ** 2) / 2
    assert true_cost(w, b, X_TEST, noise=4.0) == pytest.approx(simulated, rel=0.01)


def test_peeking_is_optimistic_and_the_honest_choice_is_not() -> None:
    result = selection_bias(X_TRAIN, X_TEST[::5], ALPHAS, [*EPOCHS, 50000], repeats=120, seed=3)
    assert result.repeats == 120
    # Choosing on the test set lowers the reported test cost...
    assert result.peeking_test < result.honest_test
    # ...and understates the true cost by more than the honest choice, beyond the noise.
    assert result.optimism > 2 * result.optimism_error > 0
    # The honest test cost is unbiased: within three standard errors of the true cost.
    assert abs(result.honest_true - result.honest_test) < 3 * result.honest_error
    assert selection_bias(
        X_TRAIN, X_TEST[::5], ALPHAS, EPOCHS, repeats=5, seed=3
    ) == selection_bias(X_TRAIN, X_TEST[::5], ALPHAS, EPOCHS, repeats=5, seed=3)


def test_two_data_sets_of_selection_bias_by_hand() -> None:
    x_test = X_TEST[::5]
    result = selection_bias(X_TRAIN, x_test, ALPHAS, EPOCHS, repeats=2, seed=8)
    rows = []
    for r in range(2):  # data set r: readings seeded 8 + 2r and 9 + 2r, the split 8 + r
        y_train, y_test = (
            noisy_readings(X_TRAIN, seed=8 + 2 * r),
            noisy_readings(x_test, seed=9 + 2 * r),
        )
        split = validation_split(X_TRAIN, y_train, 0.2, seed=8 + r)
        on_validation = sweep(
            split.x_train, split.y_train, split.x_validation, split.y_validation, ALPHAS, EPOCHS
        )
        on_test = on_validation.rescore(x_test, y_test)
        honest, peeking = on_validation.best(), on_test.best()
        rows.append(
            (
                on_test.costs[ALPHAS.index(honest.alpha), EPOCHS.index(honest.epochs)],
                true_cost(honest.w, honest.b, x_test),
                peeking.cost,
                true_cost(peeking.w, peeking.b, x_test),
                int((honest.alpha, honest.epochs) != (peeking.alpha, peeking.epochs)),
            )
        )
    honest_test, honest_true, peeking_test, peeking_true, different = np.array(rows).T
    assert result.honest_test == pytest.approx(honest_test.mean(), rel=1e-12)
    assert result.honest_true == pytest.approx(honest_true.mean(), rel=1e-12)
    assert result.peeking_test == pytest.approx(peeking_test.mean(), rel=1e-12)
    assert result.peeking_true == pytest.approx(peeking_true.mean(), rel=1e-12)
    assert result.different == int(different.sum())
    spread = honest_true - honest_test
    assert result.honest_error == pytest.approx(abs(spread[0] - spread[1]) / 2, rel=1e-9)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        # One data set has no standard error (it was NaN).
        ({"repeats": 1}, ValueError, "repeats must be 2 or more, got 1"),
        ({"repeats": -1}, ValueError, "repeats must be 2 or more, got -1"),
        ({"repeats": 2.5}, TypeError, "repeats must be an integer, got float 2.5"),
        ({"noise": -1.0}, ValueError, "noise must be 0 or more, got -1.0"),
        ({"epochs": 5}, TypeError, "epochs must be a non-empty sequence of whole numbers, got 5"),
        ({"epochs": []}, TypeError, "epochs must be a non-empty sequence of whole numbers, got []"),
    ],
)
def test_selection_bias_refuses_bad_settings(
    bad: dict[str, Any], error: type[Exception], message: str
) -> None:
    arguments = {"alphas": ALPHAS, "epochs": EPOCHS, "repeats": 2, **bad}
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        selection_bias(X_TRAIN, X_TEST, **arguments)


def test_sweep_refuses_a_start_that_is_not_a_pair() -> None:
    with pytest.raises(TypeError, match=r"^start must be a pair \(w, b\), got \(1,\)$"):
        sweep(X_TRAIN, Y, X_TRAIN, Y, ALPHAS, EPOCHS, start=(1,))


def test_the_chart_marks_the_choice_and_names_diverged_rates() -> None:
    split = validation_split(X_TRAIN, Y, seed=1)
    result = sweep(
        split.x_train, split.y_train, split.x_validation, split.y_validation, ALPHAS, EPOCHS
    )
    chart = validation_sweep(result, name="t")
    best = result.best()
    assert f"Chosen: {ALPHA} = {best.alpha:g} after {best.epochs:,} epochs" in chart
    assert f"Diverged at every count: {ALPHA} = 0.0007" in chart
    with pytest.raises(TypeError, match="Sweep"):
        validation_sweep(result.costs, name="t")
    assert isinstance(result, Sweep)


@pytest.mark.parametrize(
    ("w", "b", "noise"), [(1e308, 32.0, 4.0), (1.8, -1e308, 4.0), (1.8, 32.0, 1e155)]
)
def test_a_true_cost_past_the_largest_float_is_an_error_not_infinity(
    w: float, b: float, noise: float
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no NumPy overflow warning on the way
        with pytest.raises(ValueError, match=r"^the cost overflows a float"):
            true_cost(w, b, [0.0, 50.0, 100.0], noise=noise)


def test_a_sweep_where_every_rate_diverges_has_nothing_to_choose() -> None:
    # best() returned w = nan and a cost of inf as the choice.
    x_train, y_train, _, _ = generate_data_sets()
    result = sweep(x_train, y_train, x_train, y_train, alphas=[0.01, 1.0], epochs=[10, 100])
    assert np.all(np.isinf(result.costs))
    with pytest.raises(ValueError, match=r"^no setting to choose: training diverged at every"):
        result.best()


def test_rescoring_keeps_finite_costs_where_the_run_did_not_diverge() -> None:
    x = [0.0, 1.0, 2.0, 3.0]
    y = [1.8 * v + 32 for v in x]
    # One column's line overflows the (huge) scoring set, the other does not.
    result = sweep(x, y, [2e154], [3.6e154 + 32], alphas=[0.1], epochs=[0, 5000])
    assert np.isinf(result.costs[0, 0])
    again = result.rescore(x, y)
    assert np.all(np.isfinite(again.costs))


def test_selection_bias_is_its_documented_recipe() -> None:
    """Each data set remade from the public functions and the seeds the docstring gives."""
    x_train, x_test = [float(v) for v in range(0, 100, 10)], [0.5, 50.5, 99.5]
    alphas, epochs, repeats, noise, seed = [1e-4, 2e-4], [1, 3, 10, 30, 100, 1000, 10000], 4, 8.0, 3
    rows = []
    for r in range(repeats):
        y = noisy_readings(x_train, noise=noise, seed=seed + 2 * r)
        y_test = noisy_readings(x_test, noise=noise, seed=seed + 2 * r + 1)
        part = validation_split(x_train, y, 0.2, seed=seed + r)
        chosen = sweep(
            part.x_train, part.y_train, part.x_validation, part.y_validation, alphas, epochs
        )
        honest = chosen.best()
        peeking = chosen.rescore(x_test, y_test).best()
        test_cost = forward_propagation(NanoNeuron(honest.w, honest.b), x_test, y_test)[1]
        rows.append(
            (
                test_cost,
                true_cost(honest.w, honest.b, x_test, noise),
                peeking.cost,
                true_cost(peeking.w, peeking.b, x_test, noise),
            )
        )
    honest_test, honest_true, peeking_test, peeking_true = np.array(rows).T
    result = selection_bias(
        x_train, x_test, alphas, epochs, repeats=repeats, noise=noise, seed=seed
    )
    assert result.honest_test == pytest.approx(honest_test.mean(), rel=1e-9)
    assert result.honest_true == pytest.approx(honest_true.mean(), rel=1e-9)
    assert result.peeking_test == pytest.approx(peeking_test.mean(), rel=1e-9)
    assert result.peeking_true == pytest.approx(peeking_true.mean(), rel=1e-9)
    gap = (peeking_true - peeking_test) - (honest_true - honest_test)
    assert result.optimism == pytest.approx(gap.mean(), rel=1e-9, abs=1e-12)
    # Standard errors of the mean: the sample standard deviation (n - 1) over sqrt(n).
    spread = honest_true - honest_test
    assert result.honest_error == pytest.approx(spread.std(ddof=1) / np.sqrt(repeats), rel=1e-9)


#: Two rates over three counts: the first trains, the second diverges only at 100 epochs.
PARTLY_DIVERGED = Sweep(
    (0.1, 0.5),
    (1, 10, 100),
    np.zeros((2, 3)),
    np.zeros((2, 3)),
    np.array([[1.0, 0.5, 0.2], [2.0, 3.0, np.inf]]),
)


def test_the_sweep_chart_describes_each_line_from_its_first_to_its_last_cost() -> None:
    text = description(validation_sweep(PARTLY_DIVERGED, name="v"))
    assert f"{ALPHA} = 0.1: from 1 to 0.2; {ALPHA} = 0.5: from 2 to inf." in text
    assert f"Chosen: {ALPHA} = 0.1 after 100 epochs, validation cost 0.2." in text
    # A rate that diverged at one count only still has a line: it is not named as diverged.
    assert "Diverged" not in text


def test_the_sweep_chart_draws_each_line_in_its_own_colour_and_marks_the_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = record_drawing(monkeypatch, "plot", "scatter")
    validation_sweep(PARTLY_DIVERGED, name="v")
    lines = [(c.args, c.kwargs) for c in calls_of(calls, "plot")]
    assert [np.asarray(args[0]).tolist() for args, _ in lines] == [[1, 10, 100], [1, 10]]
    assert [np.asarray(args[1]).tolist() for args, _ in lines] == [[1.0, 0.5, 0.2], [2.0, 3.0]]
    assert [kw["color"] for _, kw in lines] == [SERIES[0], SERIES[1]]
    marks = [c.args for c in calls_of(calls, "scatter")]
    assert [[np.asarray(a).tolist() for a in args] for args in marks] == [[[100], [0.2]]]


def test_a_fifth_is_set_aside_unless_asked_otherwise() -> None:
    x = list(range(10))
    assert len(validation_split(x, x).x_validation) == 2
    assert validation_split(x, x) == validation_split(x, x, validation_fraction=0.2)


def test_the_sweep_chart_tells_up_to_sixteen_lines_apart_without_their_colours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Four colours, then the next line style: no two lines look alike, in colour or in grey."""
    alphas = tuple(0.01 * (k + 1) for k in range(9))
    costs = np.ones((9, 2))
    calls = record_drawing(monkeypatch, "plot")
    validation_sweep(Sweep(alphas, (1, 10), np.zeros((9, 2)), np.zeros((9, 2)), costs), name="v")
    styles = [(c.kwargs["color"], c.kwargs["linestyle"]) for c in calls]
    assert styles == [(SERIES[k % 4], LINESTYLES[k // 4]) for k in range(9)]
