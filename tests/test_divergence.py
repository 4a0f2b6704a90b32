"""Divergence reported as divergence, whatever overflows first, by every trainer alike."""

import pytest

from nanoneuron import (
    NanoNeuron,
    TrainingDiverged,
    train_model,
    train_model_closed_form,
    train_model_vectorized,
)

TRAINERS = [train_model, train_model_vectorized, train_model_closed_form]


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


@pytest.mark.parametrize("trainer", TRAINERS, ids=lambda f: f.__name__)
def test_the_last_step_overflowing_is_divergence(trainer) -> None:  # type: ignore[no-untyped-def]
    neuron = NanoNeuron(1.0, 0.0)
    with pytest.raises(TrainingDiverged) as caught:
        trainer(neuron, 1, 1e308, [0.0, 1.0, 2.0], [32.0, 33.8, 35.6])
    assert caught.value.epoch == 2
    assert len(caught.value.cost_history) == 1
    assert neuron == NanoNeuron(1.0, 0.0)
