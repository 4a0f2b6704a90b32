"""Training: gradient descent, its stability limit, and what happens beyond it."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron import (
    NanoNeuron,
    TrainingDiverged,
    backward_propagation,
    forward_propagation,
    max_stable_alpha,
    train_model,
)
from nanoneuron.bowl import CostBowl
from tests.conftest import examples

Data = tuple[list[float], list[float], list[float], list[float]]

few = examples(20)
drawn = examples(60)

starts = st.builds(NanoNeuron, st.floats(-10, 10), st.floats(-10, 10))


def curvature_matrix(x_train: list[float]) -> np.ndarray:
    """The Hessian of the average cost, ``[[mean(x**2), mean(x)], [mean(x), 1]]``, by NumPy."""
    x = np.array(x_train, dtype=float)
    return np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def distance_to(neuron: NanoNeuron, w: float, b: float) -> float:
    return math.hypot(neuron.w - w, neuron.b - b)


# One epoch, and many


def test_one_epoch_is_forward_backward_then_step(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    alpha = 0.0005
    predictions, cost = forward_propagation(NanoNeuron(0.5, 0.5), x_train, y_train)
    dw, db = backward_propagation(predictions, x_train, y_train)

    neuron = NanoNeuron(0.5, 0.5)
    history = train_model(neuron, epochs=1, alpha=alpha, x_train=x_train, y_train=y_train)
    assert history == [cost]
    assert neuron == NanoNeuron(0.5 + alpha * dw, 0.5 + alpha * db)


def test_zero_epochs_change_nothing(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    neuron = NanoNeuron(0.5, 0.5)
    assert train_model(neuron, 0, 0.0005, x_train, y_train) == []
    assert neuron == NanoNeuron(0.5, 0.5)


def test_trains_in_place_and_returns_a_new_list(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    neuron = NanoNeuron(0.5, 0.5)
    history = train_model(neuron, 10, 0.0005, x_train, y_train)
    assert type(history) is list
    assert all(type(cost) is float for cost in history)
    assert neuron != NanoNeuron(0.5, 0.5)
    assert x_train == list(range(100))  # the data are left alone


@drawn
@given(start=starts, epochs=st.integers(0, 40))
def test_history_has_one_cost_per_epoch(start: NanoNeuron, epochs: int) -> None:
    x_train, y_train = [0.0, 1.0, 2.0, 3.0], [32.0, 33.8, 35.6, 37.4]
    history = train_model(start, epochs, 0.1, x_train, y_train)
    assert len(history) == epochs


@drawn
@given(start=starts, epochs=st.integers(0, 40))
def test_callback_gets_each_epoch_and_its_cost(start: NanoNeuron, epochs: int) -> None:
    x_train, y_train = [0.0, 1.0, 2.0, 3.0], [32.0, 33.8, 35.6, 37.4]
    calls: list[tuple[int, float]] = []
    history = train_model(
        start, epochs, 0.1, x_train, y_train, callback=lambda *args: calls.append(args)
    )
    assert calls == list(zip(range(1, epochs + 1), history, strict=True))


@few
@given(
    w=st.floats(-10, 10),
    b=st.floats(-10, 10),
    epochs=st.integers(0, 200),
    alpha=st.sampled_from([0.0001, 0.0003, 0.0005, 0.0006]),
    split=st.floats(0, 1),
)
def test_training_in_two_calls_is_bit_identical_to_one(
    w: float, b: float, epochs: int, alpha: float, split: float
) -> None:
    from nanoneuron import generate_data_sets

    x_train, y_train, _, _ = generate_data_sets()
    first = round(split * epochs)
    whole = NanoNeuron(w, b)
    whole_history = train_model(whole, epochs, alpha, x_train, y_train)
    parts = NanoNeuron(w, b)
    parts_history = train_model(parts, first, alpha, x_train, y_train)
    parts_history += train_model(parts, epochs - first, alpha, x_train, y_train)
    assert parts_history == whole_history
    assert (parts.w, parts.b) == (whole.w, whole.b)


def test_same_result_from_lists_tuples_and_numpy_arrays(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    results = []
    for x, y in [
        (x_train, y_train),
        (tuple(x_train), tuple(y_train)),
        (np.array(x_train), np.array(y_train)),
    ]:
        neuron = NanoNeuron(0.5, 0.5)
        history = train_model(neuron, 300, 0.0005, x, y)
        results.append((history, neuron.w, neuron.b))
    assert results[0] == results[1] == results[2]


# Oracles: where training should end up


def test_staying_put_at_the_true_parameters(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    truth = NanoNeuron(1.8, 32)
    assert train_model(truth, 50, 0.0005, x_train, y_train) == [0.0] * 50
    assert truth == NanoNeuron(1.8, 32)


def test_original_run_heads_for_the_least_squares_answer(
    data_sets: Data, faithful_runs: Callable[..., list[float]]
) -> None:
    x_train, y_train, _, _ = data_sets
    design = np.column_stack([x_train, np.ones(len(x_train))])
    (w_best, b_best), *_ = np.linalg.lstsq(design, np.array(y_train), rcond=None)

    neuron = NanoNeuron(0.5, 0.5)
    history = faithful_runs(neuron, 70000, 0.0005, x_train, y_train)
    # Below the stability limit the cost of a quadratic bowl falls at every step.
    assert all(later < earlier for earlier, later in pairwise(history))
    assert distance_to(neuron, w_best, b_best) < 1e-3 * distance_to(
        NanoNeuron(0.5, 0.5), w_best, b_best
    )
    assert neuron.w == pytest.approx(w_best, abs=1e-4)
    assert neuron.b == pytest.approx(b_best, abs=1e-2)


@few
@given(start=starts)
def test_every_start_moves_toward_the_answer(start: NanoNeuron) -> None:
    from nanoneuron import generate_data_sets

    x_train, y_train, _, _ = generate_data_sets()
    before = distance_to(start, 1.8, 32)
    # Below the limit both axes' offsets shrink at every step (|1 - alpha * λ| < 1), so the
    # distance falls from the first epoch: a few hundred show it as well as thousands.
    history = train_model(start, 300, 0.0005, x_train, y_train)
    assert all(later <= earlier for earlier, later in pairwise(history))
    assert distance_to(start, 1.8, 32) < before


@drawn
@given(y_train=st.lists(st.floats(-100, 100), min_size=5, max_size=5), start=starts)
def test_converges_to_least_squares_on_noisy_data(y_train: list[float], start: NanoNeuron) -> None:
    # Inputs centred on 0 make a round bowl, so 200 epochs reach the bottom.
    x_train = [-1.0, -0.5, 0.0, 0.5, 1.0]
    design = np.column_stack([x_train, np.ones(5)])
    (w_best, b_best), *_ = np.linalg.lstsq(design, np.array(y_train), rcond=None)
    train_model(start, 200, max_stable_alpha(x_train) / 2, x_train, y_train)
    assert start.w == pytest.approx(w_best, abs=1e-9)
    assert start.b == pytest.approx(b_best, abs=1e-9)


# The stability limit


def test_curvature_of_the_training_set(data_sets: Data) -> None:
    x_train, _, _, _ = data_sets
    hessian = curvature_matrix(x_train)
    assert hessian.tolist() == [[3283.5, 49.5], [49.5, 1.0]]
    low, high = np.linalg.eigvalsh(hessian)
    assert high == pytest.approx(3284.246, abs=1e-3)
    assert low == pytest.approx(0.2537, abs=1e-4)
    assert max_stable_alpha(x_train) == pytest.approx(2 / high, rel=1e-14)
    assert 0.000608 < max_stable_alpha(x_train) < 0.000610


@drawn
@given(x_train=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=30))
def test_max_stable_alpha_against_numpy_eigenvalues(x_train: list[float]) -> None:
    largest = np.linalg.eigvalsh(curvature_matrix(x_train))[-1]
    assert max_stable_alpha(x_train) == pytest.approx(2 / largest, rel=1e-9)


@drawn
@given(x_train=st.lists(st.floats(-100, 100), min_size=1, max_size=10), w=st.floats(-10, 10))
def test_curvature_matrix_is_the_hessian_of_the_cost(x_train: list[float], w: float) -> None:
    # Second differences of the average cost (exact up to rounding for a quadratic).
    y_train = [0.0] * len(x_train)

    def cost(w: float, b: float) -> float:
        return forward_propagation(NanoNeuron(w, b), x_train, y_train)[1]

    h = 1.0
    b = 0.0
    j = cost(w, b)
    d_ww = (cost(w + h, b) - 2 * j + cost(w - h, b)) / h**2
    d_bb = (cost(w, b + h) - 2 * j + cost(w, b - h)) / h**2
    d_wb = (cost(w + h, b + h) - cost(w + h, b - h) - cost(w - h, b + h) + cost(w - h, b - h)) / (
        4 * h**2
    )
    hessian = curvature_matrix(x_train)
    tolerance = 1e-9 * (1 + hessian[0][0])
    assert d_ww == pytest.approx(hessian[0][0], abs=tolerance)
    assert d_wb == pytest.approx(hessian[0][1], abs=tolerance)
    assert d_bb == pytest.approx(hessian[1][1], abs=tolerance)


def test_alpha_just_below_the_limit_converges(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    neuron = NanoNeuron(0.5, 0.5)
    history = train_model(neuron, 10000, 0.99 * max_stable_alpha(x_train), x_train, y_train)
    assert all(later < earlier for earlier, later in pairwise(history))
    assert history[-1] < history[0] / 500


def test_alpha_just_above_the_limit_diverges(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    alpha = 1.01 * max_stable_alpha(x_train)
    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(TrainingDiverged) as caught:
        train_model(neuron, 70000, alpha, x_train, y_train)
    history = caught.value.cost_history
    assert history[-1] > history[0] * 1e100
    assert neuron == NanoNeuron(0.5, 0.5)


# Divergence


def test_divergence_of_the_too_large_alpha(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(TrainingDiverged, match="alpha") as caught:
        train_model(neuron, 70000, 0.0007, x_train, y_train)
    error = caught.value
    assert isinstance(error, ArithmeticError)
    assert 1 < error.epoch < 70000
    assert error.alpha == 0.0007
    assert error.max_stable_alpha == max_stable_alpha(x_train)
    assert f"epoch {error.epoch}" in str(error)
    assert "0.000608968" in str(error)
    assert len(error.cost_history) == error.epoch - 1
    assert all(math.isfinite(cost) for cost in error.cost_history)
    # The model is back where it started ...
    assert neuron == NanoNeuron(0.5, 0.5)
    # ... and the history is the one a shorter run gives (which diverged too: its cost
    # ended far above where it began, without overflowing).
    with pytest.raises(TrainingDiverged) as shorter:
        train_model(neuron, error.epoch - 1, 0.0007, x_train, y_train)
    assert shorter.value.cost_history == error.cost_history
    assert shorter.value.epoch == error.epoch - 1


def test_training_diverged_carries_what_happened() -> None:
    error = TrainingDiverged(5, 0.001, 0.0006, [3.0, 9.0, 81.0, 6561.0])
    assert (error.epoch, error.alpha, error.max_stable_alpha) == (5, 0.001, 0.0006)
    assert error.cost_history == [3.0, 9.0, 81.0, 6561.0]
    assert isinstance(error, ArithmeticError)
    assert str(error) == (
        "training diverged at epoch 5 with alpha=0.001: the cost is no longer finite;"
        " gradient descent is stable on this data only for 0 < alpha < 0.0006"
    )


def test_a_cost_that_falls_then_ends_above_its_start_diverged(data_sets: Data) -> None:
    """Past the limit, a start far out along the slow axis only sees the cost fall at first.

    The fast axis's offset (there only by rounding) grows every epoch and takes over: the
    run is judged by where its cost ends, not by its first step.
    """
    x_train, y_train, _, _ = data_sets
    bowl = CostBowl.from_data(x_train, y_train)
    slow = bowl.eigenvectors[:, 1]
    start = NanoNeuron(float(bowl.w_min + 10 * slow[0]), float(bowl.b_min + 10 * slow[1]))
    neuron = NanoNeuron(start.w, start.b)
    with pytest.raises(TrainingDiverged, match=r"the cost rose from 12\.6856") as caught:
        train_model(neuron, 3000, 1.01 * max_stable_alpha(x_train), x_train, y_train)
    history = caught.value.cost_history
    assert history[1] < history[0] < history[-1]
    assert (caught.value.epoch, caught.value.rose) == (3000, True)
    assert neuron == start


def test_data_too_large_for_any_alpha_says_so() -> None:
    # The mean of x² overflows (the squares themselves do not): no learning rate is stable.
    with pytest.raises(TrainingDiverged) as caught:
        train_model(NanoNeuron(0.5, 0.5), 10, 0.0005, [1.3e154, 1.3e154], [1.0, 2.0])
    assert caught.value.max_stable_alpha == 0
    assert str(caught.value) == (
        "training diverged at epoch 2 with alpha=0.0005: the cost is no longer finite;"
        " gradient descent is stable on this data for no alpha: its x values are too large"
    )


def test_divergence_after_100_epochs_as_in_the_original(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    neuron = NanoNeuron(0.5, 0.5)
    seen: list[float] = []
    with pytest.raises(TrainingDiverged) as caught:
        # The callback runs after each update: it sees w after 100 epochs.
        train_model(
            neuron, 100, 0.0007, x_train, y_train, lambda epoch, cost: seen.append(neuron.w)
        )
    assert caught.value.cost_history[-1] == pytest.approx(1.6e26, rel=0.01)
    assert seen[-1] == pytest.approx(-4.07e11, rel=0.01)
    assert neuron == NanoNeuron(0.5, 0.5)


CELSIUS = list(range(100))
FAHRENHEIT = [1.8 * x + 32 for x in CELSIUS]


@pytest.mark.parametrize(
    ("x_train", "y_train", "alpha", "epochs"),
    [
        pytest.param([1.0], [0.0], 3.0, 1000, id="one-example"),
        pytest.param(
            list(range(100)), [1.8 * x + 32 for x in range(100)], 0.5, 100, id="cli-alpha-0.5"
        ),
        pytest.param(
            list(range(100)), [1.8 * x + 32 for x in range(100)], 1e308, 1, id="last-step"
        ),
    ],
)
def test_every_divergence_raises_training_diverged(
    x_train: list[float], y_train: list[float], alpha: float, epochs: int
) -> None:
    neuron = NanoNeuron(1.0, 0.0)
    with pytest.raises(TrainingDiverged) as caught:
        train_model(neuron, epochs, alpha, x_train, y_train)
    error = caught.value
    assert len(error.cost_history) == error.epoch - 1
    assert all(math.isfinite(cost) for cost in error.cost_history)
    assert neuron == NanoNeuron(1.0, 0.0)


@few
@given(
    x_train=st.lists(st.floats(-10, 10), min_size=1, max_size=5),
    factor=st.floats(1.5, 1e6),
    start=starts,
)
def test_any_alpha_beyond_the_limit_diverges_cleanly(
    x_train: list[float], factor: float, start: NanoNeuron
) -> None:
    y_train = [1.8 * x + 32 for x in x_train]
    alpha = factor * max_stable_alpha(x_train)
    before = NanoNeuron(start.w, start.b)
    with pytest.raises(TrainingDiverged) as caught:
        train_model(start, 3000, alpha, x_train, y_train)
    error = caught.value
    assert len(error.cost_history) == error.epoch - 1
    assert all(math.isfinite(cost) for cost in error.cost_history)
    assert start == before


# Bad input

GOOD_ARGUMENTS: dict[str, object] = {
    "epochs": 10,
    "alpha": 0.0005,
    "x_train": [0.0, 1.0, 2.0],
    "y_train": [32.0, 33.8, 35.6],
}


def train_with(**changes: object) -> list[float]:
    arguments = {"model": NanoNeuron(0.5, 0.5), **GOOD_ARGUMENTS, **changes}
    return train_model(**arguments)


@pytest.mark.parametrize("bad", [None, (0.5, 0.5), "NanoNeuron", 0.5, NanoNeuron])
def test_model_not_a_nanoneuron(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^model must be a NanoNeuron"):
        train_with(model=bad)


@pytest.mark.parametrize("bad", [10.0, 1.5, True, False, "10", None, [10], math.nan, math.inf])
def test_epochs_not_an_integer(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^epochs must be an integer"):
        train_with(epochs=bad)


@pytest.mark.parametrize("bad", [-1, -5, -70000])
def test_epochs_negative(bad: int) -> None:
    with pytest.raises(ValueError, match=r"^epochs must be 0 or more"):
        train_with(epochs=bad)


def test_epochs_as_a_numpy_integer() -> None:
    assert len(train_with(epochs=np.int64(3))) == 3


@pytest.mark.parametrize("bad", ["0.0005", None, True, [0.0005], 1j])
def test_alpha_not_a_number(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^alpha must be a real number"):
        train_with(alpha=bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_alpha_not_finite(bad: float) -> None:
    with pytest.raises(ValueError, match=r"^alpha must be a finite number"):
        train_with(alpha=bad)


@pytest.mark.parametrize("bad", [0, 0.0, -0.0, -1, -0.0005])
def test_alpha_not_positive(bad: float) -> None:
    with pytest.raises(ValueError, match=r"^alpha must be greater than 0"):
        train_with(alpha=bad)


@pytest.mark.parametrize("name", ["x_train", "y_train"])
@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (None, TypeError, "{name} must be a sequence"),
        ("0 1 2", TypeError, "{name} must be a sequence"),
        (3.0, TypeError, "{name} must be a sequence"),
        ([], ValueError, "{name} must not be empty"),
        ([0.0, "1", 2.0], TypeError, r"{name}\[1\] must be a real number"),
        ([0.0, None, 2.0], TypeError, r"{name}\[1\] must be a real number"),
        ([0.0, True, 2.0], TypeError, r"{name}\[1\] must be a real number"),
        ([0.0, [1.0], 2.0], TypeError, r"{name}\[1\] must be a real number"),
        ([0.0, 1.0, math.nan], ValueError, r"{name}\[2\] must be a finite number"),
        ([0.0, 1.0, math.inf], ValueError, r"{name}\[2\] must be a finite number"),
        ([-math.inf, 1.0, 2.0], ValueError, r"{name}\[0\] must be a finite number"),
        ([0.0, 1.0], ValueError, "x_train and y_train must have the same length"),
    ],
    ids=[
        "None",
        "str",
        "float",
        "empty",
        "str-inside",
        "None-inside",
        "bool-inside",
        "list-inside",
        "nan",
        "inf",
        "minus-inf",
        "lengths",
    ],
)
def test_bad_data(name: str, bad: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=r"^" + message.format(name=name)):
        train_with(**{name: bad})


@pytest.mark.parametrize("bad", ["print", 1, [print]])
def test_callback_not_callable(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^callback must be callable"):
        train_with(callback=bad)


def test_bad_input_leaves_the_model_alone() -> None:
    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(ValueError, match="alpha"):
        train_model(neuron, 10, -1, [0.0, 1.0], [32.0, 33.8])
    assert neuron == NanoNeuron(0.5, 0.5)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (None, TypeError, "^x_train must be a sequence"),
        ("0 1 2", TypeError, "^x_train must be a sequence"),
        ([], ValueError, "^x_train must not be empty"),
        ([0.0, "1"], TypeError, r"^x_train\[1\] must be a real number"),
        ([0.0, None], TypeError, r"^x_train\[1\] must be a real number"),
        ([0.0, True], TypeError, r"^x_train\[1\] must be a real number"),
        ([0.0, math.nan], ValueError, r"^x_train\[1\] must be a finite number"),
        ([math.inf, 0.0], ValueError, r"^x_train\[0\] must be a finite number"),
    ],
    ids=["None", "str", "empty", "str-inside", "None-inside", "bool-inside", "nan", "inf"],
)
def test_max_stable_alpha_bad_data(bad: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        max_stable_alpha(bad)


# --- NumPy and other inputs: the arithmetic stays that of Python floats ----------------------


def test_a_float32_alpha_trains_in_double_precision(data_sets: Data) -> None:
    # np.float32(5e-4) used to run the whole training in float32.
    x_train, y_train, _, _ = data_sets
    history = train_model(NanoNeuron(0.5, 0.5), 50, np.float32(5e-4), x_train, y_train)
    expected = train_model(NanoNeuron(0.5, 0.5), 50, float(np.float32(5e-4)), x_train, y_train)
    assert {type(cost) for cost in history} == {float}
    assert history == expected


def test_float16_data_train_as_the_floats_they_hold(data_sets: Data) -> None:
    # float16 inputs used to overflow at 65504 and raise a false TrainingDiverged.
    x_train, y_train, _, _ = data_sets
    x16 = np.array(x_train, dtype=np.float16)
    y16 = np.array(y_train, dtype=np.float16)
    neuron = NanoNeuron(0.5, 0.5)
    history = train_model(neuron, 200, 0.0005, x16, y16)
    same = NanoNeuron(0.5, 0.5)
    expected = train_model(same, 200, 0.0005, x16.tolist(), y16.tolist())
    assert history == expected
    assert neuron == same


def test_an_int64_model_trains_like_its_python_twin(data_sets: Data) -> None:
    # int64 parameters used to keep NumPy's int64 arithmetic: 8 * 2**60 wrapped round.
    x_train, y_train, _, _ = data_sets
    history = train_model(NanoNeuron(np.int64(2**60), np.int64(0)), 5, 0.0005, x_train, y_train)
    twin = train_model(NanoNeuron(2.0**60, 0), 5, 0.0005, x_train, y_train)
    assert history == twin
    assert history[0] > 1e39


@pytest.mark.parametrize(
    "data", [{i: float(i) for i in range(3)}, {0.0, 1.0, 2.0}], ids=["dict", "set"]
)
def test_mappings_and_sets_are_not_data(data: object) -> None:
    # A dict used to be accepted, its keys used as x_train.
    with pytest.raises(TypeError, match=r"^x_train must be a sequence of numbers, got "):
        train_model(NanoNeuron(0.5, 0.5), 1, 0.0005, data, [1.0, 2.0, 3.0])


# --- Keeping only the ends of the history ---------------------------------------------------


def test_keep_history_false_keeps_the_first_and_last_cost(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    full = train_model(NanoNeuron(0.5, 0.5), 300, 0.0005, x_train, y_train)
    neuron = NanoNeuron(0.5, 0.5)
    ends = train_model(neuron, 300, 0.0005, x_train, y_train, keep_history=False)
    assert type(ends) is list
    assert ends == [full[0], full[-1]]
    assert (
        train_model(NanoNeuron(0.5, 0.5), 1, 0.0005, x_train, y_train, keep_history=False)
        == full[:1]
    )
    assert train_model(NanoNeuron(0.5, 0.5), 0, 0.0005, x_train, y_train, keep_history=False) == []


def test_keep_history_false_still_sees_divergence(data_sets: Data) -> None:
    x_train, y_train, _, _ = data_sets
    with pytest.raises(TrainingDiverged) as caught:
        train_model(NanoNeuron(0.5, 0.5), 2000, 0.00061, x_train, y_train, keep_history=False)
    assert caught.value.epoch == 2000
    assert len(caught.value.cost_history) == 2
    with pytest.raises(TrainingDiverged) as overflowed:
        train_model(NanoNeuron(0.5, 0.5), 5, 1e308, x_train, y_train, keep_history=False)
    assert overflowed.value.epoch == 2
    assert "no longer finite" in str(overflowed.value)


def test_a_callback_that_raises_ends_the_run_where_it_is(data_sets: Data) -> None:
    """As documented: the error goes through, and the model keeps the steps taken so far."""
    x_train, y_train, _, _ = data_sets

    def stop_at_three(epoch: int, cost: float) -> None:
        if epoch == 3:
            raise KeyboardInterrupt

    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(KeyboardInterrupt):
        train_model(neuron, 10, 0.0005, x_train, y_train, stop_at_three)
    three = NanoNeuron(0.5, 0.5)
    train_model(three, 3, 0.0005, x_train, y_train)
    assert neuron == three


def test_keep_history_and_the_charts_log_flags_are_booleans(data_sets: Data) -> None:
    from nanoneuron.plots import cost_histories

    x_train, y_train, _, _ = data_sets
    with pytest.raises(TypeError, match=r"^keep_history must be True or False, got str 'no'$"):
        train_model(NanoNeuron(0, 0), 3, 0.0005, x_train, y_train, keep_history="no")
    with pytest.raises(TypeError, match=r"^log must be True or False, got str 'no'$"):
        cost_histories({"a": [2.0, 1.0]}, "a", log="no")
    with pytest.raises(TypeError, match=r"^log_epochs must be True or False, got int 1$"):
        cost_histories({"a": [2.0, 1.0]}, "a", log_epochs=1)
