"""The build's memo of training runs (docs/hooks/shared_runs.py) gives what running gives."""

from __future__ import annotations

import pytest
from hooks import load_hook

from nanoneuron import NanoNeuron, TrainingDiverged, train_model

hook = load_hook("shared_runs")


class Counting:
    """``train_model``, counting the runs of the loop."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, *args: object, **options: object) -> list[float]:
        self.runs += 1
        return train_model(*args, **options)  # type: ignore[arg-type]


@pytest.fixture
def memo() -> tuple[Counting, object]:
    counting = Counting()
    return counting, hook.shared(counting)


def test_a_shared_run_is_the_run(memo: tuple[Counting, object], data_sets) -> None:
    counting, shared = memo
    x_train, y_train, _, _ = data_sets
    fresh = NanoNeuron(0.25, 0.75)
    expected = train_model(fresh, 500, 0.0005, x_train, y_train)
    for _ in range(3):
        neuron = NanoNeuron(0.25, 0.75)
        history = shared(neuron, 500, 0.0005, x_train, y_train)  # type: ignore[operator]
        assert history == expected
        assert (neuron.w, neuron.b) == (fresh.w, fresh.b)
        history.append(-1.0)  # the caller's copy; the next caller gets the run's own
    assert counting.runs == 1


def test_any_difference_is_another_run(memo: tuple[Counting, object], data_sets) -> None:
    counting, shared = memo
    x_train, y_train, _, _ = data_sets
    calls = [
        (NanoNeuron(0.5, 0.5), 100, 0.0005, x_train, y_train),
        (NanoNeuron(0.5, 0.25), 100, 0.0005, x_train, y_train),
        (NanoNeuron(0.5, 0.5), 101, 0.0005, x_train, y_train),
        (NanoNeuron(0.5, 0.5), 100, 0.0004, x_train, y_train),
        (NanoNeuron(0.5, 0.5), 100, 0.0005, x_train[:-1], y_train[:-1]),
        (NanoNeuron(0.5, 0.5), 100, 0.0005, [float(x) for x in x_train], y_train),
    ]
    for call in calls:
        shared(*call)  # type: ignore[operator]
    assert counting.runs == len(calls)


def test_runs_with_a_callback_are_not_shared(memo: tuple[Counting, object], data_sets) -> None:
    counting, shared = memo
    x_train, y_train, _, _ = data_sets
    seen: list[int] = []
    for _ in range(2):
        shared(NanoNeuron(0.5, 0.5), 10, 0.0005, x_train, y_train, lambda e, c: seen.append(e))  # type: ignore[operator]
    assert seen == list(range(1, 11)) * 2
    assert counting.runs == 2


def test_runs_with_options_are_not_shared(memo: tuple[Counting, object], data_sets) -> None:
    counting, shared = memo
    x_train, y_train, _, _ = data_sets
    for _ in range(2):
        history = shared(NanoNeuron(0.5, 0.5), 10, 0.0005, x_train, y_train, keep_history=False)  # type: ignore[operator]
        assert len(history) == 2  # the first and the last cost
    assert counting.runs == 2


def test_a_diverged_run_diverges_again_and_leaves_the_model(
    memo: tuple[Counting, object], data_sets
) -> None:
    counting, shared = memo
    x_train, y_train, _, _ = data_sets
    with pytest.raises(TrainingDiverged) as fresh:
        train_model(NanoNeuron(0.5, 0.5), 500, 0.002, x_train, y_train)
    for _ in range(2):
        neuron = NanoNeuron(0.5, 0.5)
        with pytest.raises(TrainingDiverged) as shared_error:
            shared(neuron, 500, 0.002, x_train, y_train)  # type: ignore[operator]
        assert str(shared_error.value) == str(fresh.value)
        assert shared_error.value.cost_history == fresh.value.cost_history
        assert neuron == NanoNeuron(0.5, 0.5)
    assert counting.runs == 1


def test_bad_arguments_reach_the_loop_and_its_errors(memo: tuple[Counting, object]) -> None:
    _, shared = memo
    with pytest.raises(TypeError, match="model must be a NanoNeuron"):
        shared("neuron", 10, 0.0005, [1.0], [2.0])  # type: ignore[operator]
    with pytest.raises(ValueError, match="alpha"):
        shared(NanoNeuron(0, 0), 10, -1.0, [1.0], [2.0])  # type: ignore[operator]


def test_installed_once_in_front_of_the_package_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoneuron
    import nanoneuron.training

    monkeypatch.setattr(nanoneuron, "train_model", nanoneuron.training.train_model)
    hook.on_page_markdown("")
    installed = nanoneuron.train_model
    assert installed.__wrapped__ is train_model
    assert nanoneuron.training.train_model is train_model  # the benchmark times the loop
    hook.on_page_markdown("")
    assert nanoneuron.train_model is installed


def test_the_switch_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoneuron
    import nanoneuron.training

    monkeypatch.setattr(nanoneuron, "train_model", nanoneuron.training.train_model)
    monkeypatch.setenv(hook.OFF_ENV, "1")
    hook.on_page_markdown("")
    assert nanoneuron.train_model is train_model
