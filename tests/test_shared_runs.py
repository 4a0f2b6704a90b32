"""The build's memo of training runs (docs/hooks/shared_runs.py) does what the loop does.

Every test compares the memo with :func:`nanoneuron.train_model` itself: the history, where
the model is left, the callbacks (with the model as each one sees it) and the errors.
"""

from __future__ import annotations

import functools
import pickle
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron import (
    NanoNeuron,
    TrainingDiverged,
    forward_propagation,
    generate_data_sets,
    train_model,
)
from tests.conftest import REFERENCE_RUNS, examples
from tests.hooks import load_hook

hook = load_hook("shared_runs")

#: A few examples of the article's data: the runs stay short, the arithmetic is the same.
X = [-9.0, 0.0, 5.0, 21.0, 40.0]
Y = [1.8 * x + 32 for x in X]
#: Learning rates: stable, stable but slow, past the limit (the cost rises, then overflows),
#: and so far past it that a step overflows before the cost does.
RATES = [0.0005, 0.00005, 0.0023, 0.004, 0.05, 1e200]


class Counting:
    """A trainer (``train_model`` unless given), counting the epochs it runs."""

    def __init__(self, trainer: Callable[..., list[float]] = train_model) -> None:
        self.trainer = trainer
        self.calls = 0
        self.epochs = 0

    def __call__(self, *args: Any, **options: Any) -> list[float]:
        self.calls += 1
        self.epochs += args[1]
        return self.trainer(*args, **options)


def outcome(
    trainer: Callable[..., list[float]],
    start: tuple[float, float],
    epochs: int,
    alpha: float,
    keep_history: bool,
    watch: bool,
) -> tuple[Any, ...]:
    """Everything a caller can observe of one call."""
    model = NanoNeuron(*start)
    seen: list[tuple[int, float, float, float]] = []

    def callback(epoch: int, cost: float) -> None:
        seen.append((epoch, cost, model.w, model.b))

    try:
        result: Any = trainer(
            model, epochs, alpha, X, Y, callback if watch else None, keep_history=keep_history
        )
    except TrainingDiverged as error:
        result = ("diverged", str(error), error.epoch, error.cost_history, error.rose)
    return result, model.w, model.b, seen


call = st.tuples(
    st.sampled_from([(0.5, 0.5), (0, 0), (2.0, 30.0)]),
    st.integers(min_value=0, max_value=400),
    st.sampled_from(RATES),
    st.booleans(),
    st.booleans(),
)


@examples(60)
@given(calls=st.lists(call, min_size=1, max_size=6))
def test_any_sequence_of_calls_gets_what_the_loop_gives(calls: list[tuple[Any, ...]]) -> None:
    counting = Counting()
    memo = hook.shared(counting)
    builds = hook.shared(train_model, steps=hook.train_in_order)  # as the build computes runs
    for start, epochs, alpha, keep_history, watch in calls:
        expected = outcome(train_model, start, epochs, alpha, keep_history, watch)
        assert outcome(memo, start, epochs, alpha, keep_history, watch) == expected
        assert outcome(builds, start, epochs, alpha, keep_history, watch) == expected
    # Each trajectory is computed once, as far as the longest call needed it; a call that
    # keeps two costs only (to save memory) runs the loop itself.
    longest: dict[tuple[Any, ...], int] = {}
    for start, epochs, alpha, keep_history, _ in calls:
        if keep_history:
            longest[start, alpha] = max(epochs, longest.get((start, alpha), 0))
    passed_through = sum(epochs for _, epochs, _, keep_history, _ in calls if not keep_history)
    assert counting.epochs <= sum(longest.values()) + passed_through


# --- the build's way to compute a trajectory: the loop's arithmetic, NumPy's speed --------------

starts = st.tuples(
    st.sampled_from([0.5, 0.0, -0.0, 1.8, 2.0, -3.25, 1e-300, 0, 1, -2, 3]),
    st.sampled_from([0.5, 0.0, -0.0, 32.0, 30.0, 1e-300, 0, 32, 3]),
)
values = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.sampled_from([0.0, -0.0, 5e-324, 1e-310, 2**53 + 1, 1e150, -1e160]),
)


@examples(150)
@given(
    start=starts,
    data=st.lists(st.tuples(values, values), min_size=1, max_size=8),
    epochs=st.integers(min_value=0, max_value=60),
    alpha=st.sampled_from([*RATES, 1, 0.5, 1e-300]),
    watch=st.booleans(),
)
def test_the_build_computes_the_loops_doubles(
    start: tuple[Any, Any],
    data: list[tuple[float, float]],
    epochs: int,
    alpha: float,
    watch: bool,
) -> None:
    """As the build's memo: whole numbers and floats, signed zeros, tiny and huge values."""
    x, y = [list(column) for column in zip(*data, strict=True)]

    def outcome_on(trainer: Callable[..., list[float]]) -> tuple[Any, ...]:
        model = NanoNeuron(0, 0)
        model.w, model.b = start
        seen: list[tuple[int, float, float, float]] = []
        try:
            result: Any = trainer(
                model,
                epochs,
                alpha,
                x,
                y,
                (lambda e, c: seen.append((e, c, model.w, model.b))) if watch else None,
            )
        except Exception as error:  # the loop's errors, with their messages
            result = (type(error).__name__, str(error), getattr(error, "epoch", None))
        return repr(result), repr(model.w), repr(model.b), repr(seen)

    expected = outcome_on(train_model)
    assert outcome_on(hook.shared(train_model, steps=hook.train_in_order)) == expected


@pytest.mark.parametrize("name", list(REFERENCE_RUNS))
def test_the_builds_runs_are_the_reference_runs(name: str) -> None:
    """The original program's doubles, bit for bit, from the build's way of computing them."""
    run = REFERENCE_RUNS[name]
    x_train, y_train, x_test, y_test = generate_data_sets()
    memo = hook.shared(train_model, steps=hook.train_in_order)
    neuron = NanoNeuron(run.w0, run.b0)
    history = memo(neuron, run.epochs, run.alpha, x_train, y_train)
    _, test_cost = forward_propagation(neuron, x_test, y_test)
    assert (history[0], history[-1], neuron.w, neuron.b, test_cost, neuron.predict(70)) == (
        run.cost_first, run.cost_last, run.w, run.b, run.test_cost, run.predict_70
    )  # fmt: skip


@pytest.mark.parametrize(
    ("start", "x", "y", "alpha", "seen"),
    [
        # The loop's sums start from 0.0: terms that are all -0.0 add up to 0.0, not -0.0.
        ((-0.0, 32.0), [-1.0, -2.0], [32.0, 32.0], 0.5, "w=0.0, b=32.0"),  # 0.0 * x for dw
        ((0.5, -0.0), [0.0, 0.0], [-0.0, -0.0], 0.5, "w=0.5, b=0.0"),  # errors of -0.0 for db
        # A step that overflows while the cost is finite: the loop names the next epoch.
        ((0.5, 0.5), [1e150, 2.0], [1.0, 3.0], 1e200, "epoch 2 with alpha=1e+200"),
        ((0.5, 0.5), [0.0, 0.0], [1e150, 1e150], 1e200, "epoch 2 with alpha=1e+200"),  # b only
        ((0.5, 0.5), [1e160, 2.0], [1.0, 3.0], 0.1, "epoch 1 with alpha=0.1"),  # the cost first
        # After whole steps: the model goes back to its start.
        ((0.5, 0.5), [1.0, 40.0], [33.8, 104.0], 1e100, "epoch 3 with alpha=1e+100"),  # cost
        ((0.5, 0.5), [0.0], [0.5000000001], 1e160, "epoch 3 with alpha=1e+160"),  # step
        # Each e * e / 2 is finite and so is their sum, though the sum of the e * e is not.
        ((0.5, 0.5), [0.0, 0.0], [1.2e154, 1.2e154], 1e-300, "w=0.5, b=0.5"),
    ],
    ids=[
        "dw-of-negative-zeros",
        "db-of-negative-zeros",
        "step-overflows",
        "b-step-overflows",
        "cost-overflows",
        "cost-overflows-later",
        "step-overflows-later",
        "cost-near-the-largest-float",
    ],
)
def test_the_build_computes_the_loops_edge_cases(
    start: tuple[float, float], x: list[float], y: list[float], alpha: float, seen: str
) -> None:
    def run(trainer: Callable[..., list[float]]) -> str:
        model = NanoNeuron(*start)
        epochs: list[tuple[int, float, float, float]] = []
        try:
            trainer(model, 3, alpha, x, y, lambda e, c: epochs.append((e, c, model.w, model.b)))
        except TrainingDiverged as error:
            return f"{error} {model!r} {epochs}"
        return f"{model!r} {epochs}"

    assert run(hook.train_in_order) == run(train_model)
    assert seen in run(hook.train_in_order)


def test_the_build_gives_the_memo_its_way_of_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoneuron

    monkeypatch.setattr(nanoneuron, "train_model", nanoneuron.training.train_model)
    counting = Counting(hook.train_in_order)
    monkeypatch.setattr(hook, "train_in_order", counting)
    hook.install()
    nanoneuron.train_model(NanoNeuron(0.5, 0.5), 30, 0.0005, X, Y)
    nanoneuron.train_model(NanoNeuron(0, 0), 30, 0.0005, X, Y)  # its first epoch is the loop's
    assert (counting.calls, counting.epochs) == (2, 59)


def test_a_run_is_computed_once_and_continued_not_repeated() -> None:
    counting = Counting()
    memo = hook.shared(counting)
    for epochs in (300, 100, 300, 500, 0, 499):
        assert outcome(memo, (0.5, 0.5), epochs, 0.0005, True, True) == outcome(
            train_model, (0.5, 0.5), epochs, 0.0005, True, True
        )
    assert (counting.calls, counting.epochs) == (2, 500)


def test_any_difference_is_another_trajectory() -> None:
    counting = Counting()
    memo = hook.shared(counting)
    calls = [
        (NanoNeuron(0.5, 0.5), 10, 0.0005, X, Y),
        (NanoNeuron(0.5, 0.25), 10, 0.0005, X, Y),
        (NanoNeuron(0.5, 0.5), 10, 0.0004, X, Y),
        (NanoNeuron(0.5, 0.5), 10, 0.0005, X[:-1], Y[:-1]),
        (NanoNeuron(0.5, 0.5), 10, 0.0005, [int(x) for x in X], Y),
        (NanoNeuron(0, 0.5), 10, 0.0005, X, Y),
        (NanoNeuron(0.0, 0.5), 10, 0.0005, X, Y),
    ]
    for args in calls:
        memo(*args)
    assert counting.calls == len(calls)


def test_a_callback_that_moves_the_model_stops_the_build_with_the_way_out() -> None:
    memo = hook.shared(train_model)
    memo(NanoNeuron(0.5, 0.5), 20, 0.0005, X, Y)
    model = NanoNeuron(0.5, 0.5)

    def nudge(epoch: int, cost: float) -> None:
        model.w += 1

    with pytest.raises(hook.ReplayError, match=f"epoch 1,.*{hook.OFF_ENV}=1"):
        memo(model, 20, 0.0005, X, Y, nudge)

    # Moving b alone is moving the model too (the replay would serve the loop's b instead).
    moved = NanoNeuron(0.5, 0.5)

    def lift(epoch: int, cost: float) -> None:
        moved.b += 1

    with pytest.raises(hook.ReplayError, match="epoch 1,"):
        memo(moved, 20, 0.0005, X, Y, lift)


def test_an_interrupted_run_leaves_a_whole_trajectory() -> None:
    """A run stopped midway (Ctrl-C in ``mkdocs serve``) is not half remembered."""

    def interrupted(
        model: NanoNeuron,
        epochs: int,
        alpha: float,
        x_train: Sequence[float],
        y_train: Sequence[float],
        callback: Any = None,
        **options: Any,
    ) -> list[float]:
        def stop_at_7(epoch: int, cost: float) -> None:
            callback(epoch, cost)
            if epoch == 7:
                raise KeyboardInterrupt

        return train_model(model, epochs, alpha, x_train, y_train, callback=stop_at_7, **options)

    trainers = iter([interrupted, train_model, train_model])
    memo = hook.shared(lambda *args, **options: next(trainers)(*args, **options))
    with pytest.raises(KeyboardInterrupt):
        memo(NanoNeuron(0.5, 0.5), 50, 0.0005, X, Y)
    for epochs in (50, 5):
        assert outcome(memo, (0.5, 0.5), epochs, 0.0005, True, True) == outcome(
            train_model, (0.5, 0.5), epochs, 0.0005, True, True
        )


def test_bad_arguments_get_the_loops_errors() -> None:
    memo = hook.shared(train_model)
    with pytest.raises(TypeError, match="model must be a NanoNeuron"):
        memo("neuron", 10, 0.0005, [1.0], [2.0])
    with pytest.raises(ValueError, match="alpha"):
        memo(NanoNeuron(0, 0), 10, -1.0, [1.0], [2.0])
    with pytest.raises(ValueError, match="epochs"):
        memo(NanoNeuron(0, 0), -1, 0.0005, [1.0], [2.0])
    with pytest.raises(TypeError, match="callback"):
        memo(NanoNeuron(0, 0), 1, 0.0005, [1.0], [2.0], "print")


def test_the_descent_path_of_the_chapters_goes_through_the_memo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nanoneuron
    from nanoneuron.beyond.normalization import descent_path

    counting = Counting()
    monkeypatch.setattr(nanoneuron, "train_model", hook.shared(counting))
    path = descent_path(NanoNeuron(0.5, 0.5), 150, 0.0005, X, Y)
    assert (counting.calls, counting.epochs) == (1, 150)  # the path's run went through it
    nanoneuron.train_model(NanoNeuron(0.5, 0.5), 100, 0.0005, X, Y)
    assert counting.calls == 1  # ...and is shared
    monkeypatch.undo()
    assert path == descent_path(NanoNeuron(0.5, 0.5), 150, 0.0005, X, Y)


def test_installed_once_in_front_of_the_package_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoneuron
    import nanoneuron.training

    monkeypatch.setattr(nanoneuron, "train_model", nanoneuron.training.train_model)
    hook.on_page_markdown("")
    installed: Any = nanoneuron.train_model  # the memo, wrapping the loop
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


def test_the_notebooks_kernel_installs_the_memo_at_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import runpy
    from pathlib import Path

    import nanoneuron
    import nanoneuron.training

    monkeypatch.setattr(nanoneuron, "train_model", nanoneuron.training.train_model)
    monkeypatch.delenv(hook.OFF_ENV, raising=False)
    monkeypatch.setenv("IPYTHONDIR", "/the/authors/own")
    monkeypatch.delenv(hook.STORE_ENV, raising=False)
    hook.on_config({})
    startup = Path(os.environ["IPYTHONDIR"], "profile_default", "startup", "00-shared-runs.py")
    runpy.run_path(str(startup))  # what IPython does with it when the kernel starts
    assert hasattr(nanoneuron.train_model, hook._MARK)
    # The kernel inherits the directory through which it shares runs with the build.
    store = Path(os.environ[hook.STORE_ENV])
    assert store.is_dir()
    hook.on_post_build({})  # the build gives the author's IPython directory back
    assert os.environ["IPYTHONDIR"] == "/the/authors/own"
    assert hook.STORE_ENV not in os.environ
    assert not store.exists()
    monkeypatch.delitem(sys.modules, "nanoneuron_shared_runs", raising=False)


@pytest.mark.parametrize(
    "start",
    [(float("nan"), 0.5), (True, 0.5), (10**400, 0.5)],
    ids=["nan", "bool", "huge-int"],
)
def test_starts_the_constructor_would_refuse_behave_as_in_the_loop(start: tuple[Any, Any]) -> None:
    """The loop never checks ``w`` and ``b``; neither does the memo (or it lets the loop run)."""

    def attempt(trainer: Callable[..., list[float]]) -> Any:
        model = NanoNeuron(0, 0)
        model.w, model.b = start
        try:
            return trainer(model, 20, 0.0005, X, Y)
        except Exception as error:
            return type(error).__name__, str(error)

    assert repr(attempt(hook.shared(train_model))) == repr(attempt(train_model))


def test_runs_that_keep_two_costs_are_not_kept() -> None:
    counting = Counting()
    memo = hook.shared(counting)
    for _ in range(2):
        assert memo(NanoNeuron(0.5, 0.5), 30, 0.0005, X, Y, keep_history=False) == train_model(
            NanoNeuron(0.5, 0.5), 30, 0.0005, X, Y, keep_history=False
        )
    assert counting.calls == 2
    assert not getattr(memo, hook._MARK)  # nothing remembered


def test_a_continued_trajectory_reports_the_loops_epoch() -> None:
    """A trajectory that first ended on the rising-cost rule, then overflows when continued."""
    x = [float(v) for v in range(100)]
    y = [1.8 * v + 32 for v in x]
    memo = hook.shared(train_model)
    with pytest.raises(TrainingDiverged):
        memo(NanoNeuron(0.5, 0.5), 10, 0.01, x, y)  # the cost rose: the loop says so
    with pytest.raises(TrainingDiverged) as served:
        memo(NanoNeuron(0.5, 0.5), 100_000, 0.01, x, y)  # continued from epoch 10
    with pytest.raises(TrainingDiverged) as loop:
        train_model(NanoNeuron(0.5, 0.5), 100_000, 0.01, x, y)
    assert served.value.epoch == loop.value.epoch
    assert served.value.cost_history == loop.value.cost_history


def test_processes_share_runs_through_the_store(tmp_path: Path) -> None:
    """Two memos (the build and the notebook's kernel) with one store: a run is computed once."""
    store = hook.Store(tmp_path)
    first, second = Counting(), Counting()
    build, kernel = hook.shared(first, store), hook.shared(second, store)
    loop = functools.partial(outcome, train_model, (0.5, 0.5))
    assert outcome(build, (0.5, 0.5), 300, 0.0005, True, True) == loop(300, 0.0005, True, True)
    assert outcome(kernel, (0.5, 0.5), 200, 0.0005, True, True) == loop(200, 0.0005, True, True)
    assert (second.calls, second.epochs) == (0, 0)  # read, not computed
    # Continued by one, read back by the other: only the new epochs are computed.
    assert outcome(kernel, (0.5, 0.5), 450, 0.0005, True, True) == loop(450, 0.0005, True, True)
    assert outcome(build, (0.5, 0.5), 400, 0.0005, True, False) == loop(400, 0.0005, True, False)
    assert (first.epochs, second.epochs) == (300, 150)


def test_the_process_that_comes_second_waits_and_reads(tmp_path: Path) -> None:
    """Side by side: the first to ask computes the run, the other waits for it and reads it."""
    store = hook.Store(tmp_path)
    started = threading.Event()

    class Slow(Counting):
        def __call__(self, *args: Any, **options: Any) -> list[float]:
            started.set()
            time.sleep(0.3)  # long enough for the other to ask meanwhile (it must wait)
            return super().__call__(*args, **options)

    trainers = [Slow(), Slow()]
    results: list[Any] = [None, None]

    def ask(index: int) -> None:
        memo = hook.shared(trainers[index], store)
        results[index] = outcome(memo, (0.5, 0.5), 2000, 0.0005, True, False)

    threads = [threading.Thread(target=ask, args=(index,)) for index in range(2)]
    threads[0].start()
    assert started.wait(timeout=60)
    threads[1].start()
    for thread in threads:
        thread.join()
    assert results[0] == results[1] == outcome(train_model, (0.5, 0.5), 2000, 0.0005, True, False)
    assert [t.epochs for t in trainers] == [2000, 0]


def test_a_damaged_or_diverged_run_in_the_store_is_computed_again(tmp_path: Path) -> None:
    store = hook.Store(tmp_path)
    memo = hook.shared(train_model, store)
    memo(NanoNeuron(0.5, 0.5), 50, 0.0005, X, Y)
    (stored,) = tmp_path.glob("*.pickle")
    for damage in (stored.read_bytes()[:-7], b"", pickle.dumps((0.5, 0.5, b"\0" * 8, b"", b""))):
        stored.write_bytes(damage)
        counting = Counting()
        again = hook.shared(counting, store)
        assert outcome(again, (0.5, 0.5), 50, 0.0005, True, True) == outcome(
            train_model, (0.5, 0.5), 50, 0.0005, True, True
        )
        assert counting.epochs == 50
    # A run that overflowed is not stored: its error stays with the process that met it.
    with pytest.raises(TrainingDiverged):
        memo(NanoNeuron(0.5, 0.5), 400, 1e200, X, Y)
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    assert not list(tmp_path.glob("*.tmp"))


def test_during_a_build_the_memo_shares_through_the_builds_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = Counting()
    memo = hook.shared(counting)
    monkeypatch.setenv(hook.STORE_ENV, str(tmp_path / "gone"))  # removed: nothing is shared
    memo(NanoNeuron(0.5, 0.5), 30, 0.0005, X, Y)
    monkeypatch.setenv(hook.STORE_ENV, str(tmp_path))
    memo(NanoNeuron(0.5, 0.5), 40, 0.0005, X, Y)
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    other = Counting()
    hook.shared(other)(NanoNeuron(0.5, 0.5), 40, 0.0005, X, Y)
    assert (counting.epochs, other.epochs) == (40, 0)
