"""Divergence reported as divergence, whatever overflows first."""

import pytest

from nanoneuron import NanoNeuron, TrainingDiverged, train_model


def test_a_step_to_infinity_mid_training_is_divergence_not_a_bad_input() -> None:
    # alpha = 1e308 sends w to infinity in the first step; the next forward pass would see
    # 0 * inf = NaN. Training must report divergence at epoch 2, not a bad prediction.
    neuron = NanoNeuron(1.0, 0.0)
    with pytest.raises(TrainingDiverged) as caught:
        train_model(neuron, 5, 1e308, [0.0, 1.0, 2.0], [32.0, 33.8, 35.6])
    assert caught.value.epoch == 2
    assert len(caught.value.cost_history) == 1
    assert neuron == NanoNeuron(1.0, 0.0)
