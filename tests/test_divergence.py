"""Divergence reported as divergence, whatever overflows first, by every trainer alike."""

import warnings
from collections.abc import Callable
from typing import Any

import pytest

from nanoneuron import (
    NanoNeuron,
    TrainingDiverged,
    generate_data_sets,
    max_stable_alpha,
    train_model,
    train_model_closed_form,
    train_model_vectorized,
)

TRAINERS: list[Callable[..., Any]] = [train_model, train_model_vectorized, train_model_closed_form]


@pytest.mark.parametrize("trainer", TRAINERS, ids=lambda f: f.__name__)
def test_a_step_to_infinity_mid_training_is_divergence_not_a_bad_input(trainer) -> None:  # type: ignore[no-untyped-def]
    # alpha = 1e308 sends w to infinity in the first step; the next forward pass would see
    # 0 * inf = NaN. Training must report divergence at epoch 2, not a bad prediction.
    neuron = NanoNeuron(1.0, 0.0)
    with pytest.raises(TrainingDiverged) as caught:
        trainer(neuron, 5, 1e308, [0.0, 1.0, 2.0], [32.0, 33.8, 35.6])
    assert caught.value.epoch == 2
    assert len(caught.value.cost_history) == 1
    assert neuron == NanoNeuron(1.0, 0.0)


@pytest.mark.parametrize(
    ("alpha", "x", "y"),
    [
        (1e308, [0.0, 1.0, 2.0], [32.0, 33.8, 35.6]),  # w and b overflow
        (10.0, [1e154], [0.0]),  # only w: dw = -1e308, db = -1e154
    ],
    ids=["w-and-b", "w-only"],
)
@pytest.mark.parametrize("trainer", TRAINERS, ids=lambda f: f.__name__)
def test_the_last_step_overflowing_is_divergence(  # type: ignore[no-untyped-def]
    trainer, alpha: float, x: list[float], y: list[float]
) -> None:
    neuron = NanoNeuron(1.0, 0.0)
    with pytest.raises(TrainingDiverged) as caught:
        trainer(neuron, 1, alpha, x, y)
    assert caught.value.epoch == 2
    assert len(caught.value.cost_history) == 1
    assert neuron == NanoNeuron(1.0, 0.0)


X_TRAIN, Y_TRAIN, _, _ = generate_data_sets()


@pytest.mark.parametrize("trainer", TRAINERS, ids=lambda f: f.__name__)
def test_a_cost_that_ends_above_its_start_at_the_limit_is_divergence(trainer) -> None:  # type: ignore[no-untyped-def]
    # alpha = 0.000609 is just over the limit 0.00060897: the floats never overflow, the
    # cost only climbs (to 1.2e10 after 70000 epochs). It used to be reported as a success.
    neuron = NanoNeuron(0.5, 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            TrainingDiverged, match=r"stable on this data only for 0 < alpha < 0.000608968"
        ) as caught:
            trainer(neuron, 2000, 0.000609, X_TRAIN, Y_TRAIN)
    error = caught.value
    assert error.epoch == 2000
    # From the first cost to the last, as the history carries them.
    first, last = error.cost_history[0], error.cost_history[-1]
    assert f"the cost rose from {first:.6g} to {last:.6g};" in str(error)
    assert f"{last:.6g}" == "7968.76"
    assert len(error.cost_history) == 2000
    assert error.cost_history[-1] > error.cost_history[0]
    assert neuron == NanoNeuron(0.5, 0.5)


@pytest.mark.parametrize("trainer", TRAINERS, ids=lambda f: f.__name__)
def test_a_falling_cost_just_under_the_limit_is_not_divergence(trainer) -> None:  # type: ignore[no-untyped-def]
    history = trainer(NanoNeuron(0.5, 0.5), 2000, 0.000608, X_TRAIN, Y_TRAIN)
    assert history[-1] < history[0]


@pytest.mark.parametrize("trainer", TRAINERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("start", "x_train", "y_train"),
    [
        ((1e300, 0.5), X_TRAIN, Y_TRAIN),
        ((0.5, 0.5), [1e200, -1e200], [0.0, 0.0]),
    ],
    ids=["huge-w", "huge-x"],
)
def test_an_overflowing_start_diverges_at_epoch_1_without_warnings(  # type: ignore[no-untyped-def]
    trainer, start, x_train, y_train
) -> None:
    # The closed form used to return [inf, inf, inf] and change the model (huge w), or stop
    # an epoch after the loop and leak RuntimeWarnings (huge x).
    neuron = NanoNeuron(*start)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDiverged) as caught:
            trainer(neuron, 3, 5e-4, x_train, y_train)
    assert caught.value.epoch == 1
    assert caught.value.cost_history == []
    assert neuron == NanoNeuron(*start)


@pytest.mark.parametrize("trainer", TRAINERS[1:], ids=lambda f: f.__name__)
def test_data_whose_sums_overflow_diverge_at_the_loops_epoch(trainer) -> None:  # type: ignore[no-untyped-def]
    # The sum of x passes the largest float: the closed form raised OverflowError from the
    # bowl's math.fsum instead of diverging as the loop does.
    x_train, y_train = [1e308, 1e308], [1.0, 2.0]
    with pytest.raises(TrainingDiverged) as loop:
        train_model(NanoNeuron(0, 0), 3, 5e-4, x_train, y_train)
    neuron = NanoNeuron(0, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDiverged) as caught:
            trainer(neuron, 3, 5e-4, x_train, y_train)
    assert caught.value.epoch == loop.value.epoch == 2
    assert caught.value.cost_history == loop.value.cost_history
    assert neuron == NanoNeuron(0, 0)


def test_max_stable_alpha_names_data_too_large() -> None:
    # It used to raise OverflowError from math.fsum, naming nothing.
    with pytest.raises(ValueError, match=r"^x_train holds values too large"):
        max_stable_alpha([1e308, 1e308])
    with pytest.raises(ValueError, match=r"^x_train holds values too large"):
        max_stable_alpha([1e200, -1e200])


def test_a_rise_at_exactly_the_stable_limit_is_divergence() -> None:
    from nanoneuron.training import check_rise, stable_limit

    # x = [1]: the curvature matrix [[1, 1], [1, 1]] has largest eigenvalue 2, so the limit is 1.
    assert stable_limit([1.0]) == 1.0
    assert isinstance(check_rise([1.0, 2.0], 1.0, [1.0]), TrainingDiverged)
    assert check_rise([1.0, 2.0], 0.999, [1.0]) is None  # below the limit a rise is no divergence
    assert check_rise([2.0, 2.0], 1.0, [1.0]) is None  # a cost that stays is no rise


@pytest.mark.parametrize("trainer", TRAINERS, ids=lambda f: f.__name__)
def test_a_start_at_the_bottom_stays_there_whatever_alpha(trainer) -> None:  # type: ignore[no-untyped-def]
    # The cost is 0 at every epoch: it never rises, so even alpha = 10 is no divergence.
    neuron = NanoNeuron(2.0, 0.0)
    history = trainer(neuron, 3, 10.0, [0.0, 1.0], [0.0, 2.0])
    assert [float(cost) for cost in history] == [0.0, 0.0, 0.0]
    assert neuron == NanoNeuron(2.0, 0.0)


@pytest.mark.parametrize(
    ("x", "y", "start", "factor"),
    [
        # One example holds the whole cost: its square overflows a step before the cost's sum.
        ([1.0], [0.0], (1.0, 1.0), 1.01),
        ([-2.0], [14.0], (-5.0, -5.0), 1.1),
        ([-1.985532078797576], [-20.89093274879351], (-3.75, -1.67), 1.01),
        ([-0.7386886, -4.3780754], [28.31185, 35.53226], (-2.81, 3.17), 1.01),
    ],
)
def test_every_trainer_overflows_at_the_loops_epoch_when_one_term_holds_the_cost(
    x: list[float], y: list[float], start: tuple[float, float], factor: float
) -> None:
    # alpha just past the limit: the cost grows slowly, so a factor of 2 in it is many epochs.
    assert_same_overflow_epoch(x, y, start, factor * max_stable_alpha(x), 40_000)


X_SWING, Y_SWING = [2.0652354241016537, -4.561754013620586], [34.03401506363059, -37.0001442284584]


@pytest.mark.parametrize(
    ("x", "y", "start", "epochs"),
    [
        # The shrinking direction holds a cost that overflows at the start, then falls back.
        ([0.0, 1.0], [1.0, 3.0], (-4.2532540417601994e154, 2.628655560595668e154), 20_000),
        # r < -1 swings the errors from side to side: the cost overflows on one side first.
        (X_SWING, Y_SWING, (2.9814281899283604e153, 1.733340387479699e153), 40_000),
        (X_SWING, Y_SWING, (-2.4584177480299108e153, 2.6440805819307113e153), 2),
    ],
)
def test_every_trainer_overflows_at_the_loops_epoch_from_a_huge_start(
    x: list[float], y: list[float], start: tuple[float, float], epochs: int
) -> None:
    assert_same_overflow_epoch(x, y, start, 1.01 * max_stable_alpha(x), epochs)


def assert_same_overflow_epoch(
    x: list[float], y: list[float], start: tuple[float, float], alpha: float, epochs: int
) -> None:
    found = []
    for trainer in TRAINERS:
        with pytest.raises(TrainingDiverged) as caught:
            trainer(NanoNeuron(*start), epochs, alpha, x, y)
        found.append(caught.value.epoch)
    assert found == [found[0]] * 3
