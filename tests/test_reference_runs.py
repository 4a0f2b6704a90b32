"""The original program's reference runs, reproduced bit for bit.

The same arithmetic in the same order gives the same IEEE-754 doubles in Python and
JavaScript, so every number is compared with ``==``, never approximately. The runs
themselves are listed in ``conftest.py``: one row each.

Each run is the loop's own, computed once per test run: ``faithful_runs`` calls
``train_model`` for a run no test has asked for yet, and keeps its trajectory for the other
tests that need the same run (the explorer's, the least-squares heading), so the article's
70000 epochs are not run twice. ``tests/test_shared_runs.py`` proves that what the memo
serves is what the loop gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from nanoneuron import NanoNeuron, forward_propagation, generate_data_sets

if TYPE_CHECKING:
    from tests.conftest import ReferenceRun


def test_reference_run(
    reference_run: ReferenceRun, faithful_runs: Callable[..., list[float]]
) -> None:
    run = reference_run
    x_train, y_train, x_test, y_test = generate_data_sets()
    neuron = NanoNeuron(run.w0, run.b0)

    history = faithful_runs(neuron, run.epochs, run.alpha, x_train, y_train)
    _, test_cost = forward_propagation(neuron, x_test, y_test)

    assert len(history) == run.epochs
    assert history[0] == run.cost_first
    assert history[-1] == run.cost_last
    assert neuron.w == run.w
    assert neuron.b == run.b
    assert test_cost == run.test_cost
    assert neuron.predict(70) == run.predict_70


def test_first_cost_is_measured_at_the_start(reference_run: ReferenceRun) -> None:
    run = reference_run
    x_train, y_train, _, _ = generate_data_sets()
    _, cost = forward_propagation(NanoNeuron(run.w0, run.b0), x_train, y_train)
    assert cost == run.cost_first
