"""Mini-batch descent: the full batch is the article's descent, small batches a direct loop."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pytest

from nanoneuron import NanoNeuron, TrainingDiverged, forward_propagation, generate_data_sets
from nanoneuron.beyond.noise import noisy_readings
from nanoneuron.beyond.normalization import Standardizer
from nanoneuron.beyond.stochastic import StochasticRun, check_batch_size, train_minibatch
from nanoneuron.fast import train_model_vectorized
from nanoneuron.plots.optimizers import cost_by_examples
from tests.charts import description, record_drawing

X_TRAIN, Y_TRAIN, _, _ = generate_data_sets()
Z = Standardizer.fit(X_TRAIN).apply(X_TRAIN)
Y_NOISY = noisy_readings(X_TRAIN, seed=3)


def direct_minibatch(
    w: float,
    b: float,
    epochs: int,
    alpha: float,
    x: Sequence[float],
    y: Sequence[float],
    size: int,
    seed: int,
    decay: float = 0.0,
) -> list[tuple[float, float]]:
    """Mini-batch descent written out example by example in plain Python."""
    generator = np.random.default_rng(seed)
    path, step = [(w, b)], 0
    for _ in range(epochs):
        order = generator.permutation(len(x)).tolist()
        for first in range(0, len(x), size):
            batch = order[first : first + size]
            errors = [y[i] - (x[i] * w + b) for i in batch]
            dw = sum(e * x[i] for e, i in zip(errors, batch, strict=True)) / len(batch)
            db = sum(errors) / len(batch)
            rate = alpha / (1 + decay * step)
            w, b, step = w + rate * dw, b + rate * db, step + 1
            path.append((w, b))
    return path


@pytest.mark.parametrize(("x", "y", "alpha"), [(X_TRAIN, Y_TRAIN, 0.0005), (Z, Y_NOISY, 0.5)])
def test_the_full_batch_is_train_model_vectorized_bit_for_bit(
    x: list[float], y: list[float], alpha: float
) -> None:
    neuron = NanoNeuron.random()
    history = train_model_vectorized(neuron, 300, alpha, x, y)
    run = train_minibatch(NanoNeuron.random(), 300, alpha, x, y, batch_size=len(x), seed=5)
    assert run.costs[:-1] == history.tolist()
    assert (run.w[-1], run.b[-1]) == (neuron.w, neuron.b)
    # A batch larger than the data is the full batch too.
    assert train_minibatch(NanoNeuron.random(), 300, alpha, x, y, batch_size=10 * len(x)) == run


@pytest.mark.parametrize(("size", "decay"), [(1, 0.0), (7, 0.0), (1, 0.01), (30, 0.1)])
def test_small_batches_match_a_direct_loop(size: int, decay: float) -> None:
    run = train_minibatch(
        NanoNeuron(0.0, 0.0), 4, 0.05, Z, Y_NOISY, batch_size=size, seed=9, decay=decay
    )
    expected = direct_minibatch(0.0, 0.0, 4, 0.05, Z, Y_NOISY, size, 9, decay)
    np.testing.assert_allclose(
        np.column_stack([run.w, run.b]), np.array(expected), rtol=1e-13, atol=1e-13
    )


def test_steps_epochs_and_examples_seen() -> None:
    run = train_minibatch(
        NanoNeuron(0.0, 0.0), 3, 0.01, list(range(10)), list(range(10)), batch_size=4, seed=0
    )
    assert run.steps_per_epoch == 3
    assert len(run.w) == len(run.b) == len(run.costs) == len(run.seen) == 10
    assert run.seen == [0, 4, 8, 10, 14, 18, 20, 24, 28, 30]


def test_the_shuffle_is_seeded() -> None:
    first = train_minibatch(NanoNeuron(0.0, 0.0), 2, 0.05, Z, Y_NOISY, batch_size=1, seed=4)
    again = train_minibatch(NanoNeuron(0.0, 0.0), 2, 0.05, Z, Y_NOISY, batch_size=1, seed=4)
    other = train_minibatch(NanoNeuron(0.0, 0.0), 2, 0.05, Z, Y_NOISY, batch_size=1, seed=5)
    assert first == again
    assert first.w != other.w


def test_the_recorded_cost_is_the_whole_sets_cost() -> None:
    run = train_minibatch(NanoNeuron(0.0, 0.0), 2, 0.05, Z, Y_NOISY, batch_size=10, seed=1)
    for w, b, cost in zip(run.w, run.b, run.costs, strict=True):
        assert cost == pytest.approx(
            forward_propagation(NanoNeuron(w, b), Z, Y_NOISY)[1], rel=1e-11
        )


def test_a_decaying_rate_settles_below_a_constant_one() -> None:
    constant = train_minibatch(NanoNeuron(0.0, 0.0), 20, 0.05, Z, Y_NOISY, batch_size=1, seed=1)
    decaying = train_minibatch(
        NanoNeuron(0.0, 0.0), 20, 0.05, Z, Y_NOISY, batch_size=1, seed=1, decay=0.01
    )
    assert np.mean(decaying.costs[-100:]) < np.mean(constant.costs[-100:])


def test_the_path_is_a_descent_path() -> None:
    run = train_minibatch(NanoNeuron(0.0, 0.0), 2, 0.05, Z, Y_NOISY, batch_size=50)
    path = run.path()
    assert (path.w, path.b, path.cost_history) == (run.w, run.b, run.costs[:-1])


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": 1.5}, TypeError, "batch_size"),
        ({"batch_size": True}, TypeError, "batch_size"),
        ({"decay": -0.1}, ValueError, "decay"),
        ({"decay": math.inf}, ValueError, "decay"),
        ({"seed": -1}, ValueError, "seed"),
        ({"alpha": 0}, ValueError, "alpha"),
        ({"epochs": -2}, ValueError, "epochs"),
        ({"model": None}, TypeError, "model"),
    ],
)
def test_bad_settings_are_refused(changes: dict[str, object], error: type, message: str) -> None:
    arguments: dict[str, object] = {
        "model": NanoNeuron(0.0, 0.0),
        "epochs": 1,
        "alpha": 0.1,
        "x_train": [0.0, 1.0],
        "y_train": [32.0, 33.8],
        "batch_size": 1,
    }
    with pytest.raises(error, match=message):
        train_minibatch(**{**arguments, **changes})


def test_check_batch_size_accepts_numpy_integers() -> None:
    assert check_batch_size(np.int64(3)) == 3


@pytest.mark.parametrize(("size", "limit"), [(1, 2 / (99.0**2 + 1)), (100, None)])
def test_divergence_is_reported_and_the_model_put_back(size: int, limit: float | None) -> None:
    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(TrainingDiverged) as caught:
        train_minibatch(neuron, 1000, 0.01, X_TRAIN, Y_TRAIN, batch_size=size)
    assert neuron == NanoNeuron(0.5, 0.5)
    if limit is not None:
        assert caught.value.max_stable_alpha == pytest.approx(limit)
    else:
        from nanoneuron import max_stable_alpha

        assert caught.value.max_stable_alpha == max_stable_alpha(X_TRAIN)
    assert all(math.isfinite(c) for c in caught.value.cost_history)


def test_cost_by_examples_describes_each_run() -> None:
    run = train_minibatch(NanoNeuron(0.0, 0.0), 2, 0.05, Z, Y_NOISY, batch_size=10)
    chart = cost_by_examples({"ten": run}, name="t", floor=1.0)
    assert "ten: 20 steps" in chart
    assert "after 200 examples" in chart
    with pytest.raises(TypeError, match="StochasticRun"):
        cost_by_examples({"ten": run.path()}, name="t")  # type: ignore[dict-item]
    assert isinstance(run, StochasticRun)


@pytest.mark.parametrize("batch_size", [2, 3])
def test_data_whose_squares_overflow_diverge_without_warnings(batch_size: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((TrainingDiverged, ValueError), match=r"diverged|too large"):
            train_minibatch(
                NanoNeuron(0.5, 0.5),
                5,
                1e-4,
                [1e200, -1e200, 1.0],
                [1.0, 2.0, 3.0],
                batch_size=batch_size,
            )


@pytest.mark.parametrize("batch_size", [1, 2, 4])
def test_a_diverging_run_stops_at_the_epoch_after_its_last_cost(batch_size: int) -> None:
    x, y = [0.0, 10.0, 20.0, 30.0], [32.0, 50.0, 68.0, 86.0]
    with pytest.raises(TrainingDiverged) as caught:
        train_minibatch(NanoNeuron(0.5, 0.5), 1000, 0.1, x, y, batch_size=batch_size, seed=0)
    # As the loop reports it: the costs of the epochs that finished, then the one that did not.
    assert caught.value.epoch == len(caught.value.cost_history) + 1


#: Three steps of one example each, whose last cost is the floor itself.
TO_THE_FLOOR = StochasticRun(
    w=[0.0, 1.0, 2.0, 3.0],
    b=[0.0, 0.0, 0.0, 0.0],
    costs=[5.0, 3.0, 2.0, 1.5],
    seen=[0, 1, 2, 3],
    steps_per_epoch=1,
)


def test_cost_by_examples_measures_every_cost_above_the_floor_and_above_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = record_drawing(monkeypatch, "plot")
    chart = cost_by_examples({"one": TO_THE_FLOOR}, name="x", floor=1.5)
    text = description(chart)
    assert "above the lowest possible, 1.5," in text
    assert "one: 3 steps, from 3.5 to 0 after 3 examples." in text
    [(seen, above)] = [call.args for call in drawn]
    assert np.asarray(seen).tolist() == [1, 2, 3]
    above = np.asarray(above)
    assert above[:2].tolist() == [1.5, 0.5]
    # The cost at the floor is drawn just above it: a log axis has no 0.
    assert 0 < above[2] < 1e-6


def test_cost_by_examples_refuses_a_fifth_run() -> None:
    with pytest.raises(ValueError, match=r"^runs can hold at most 4 series, got 5"):
        cost_by_examples({f"r{i}": TO_THE_FLOOR for i in range(5)}, name="x")
    four = cost_by_examples({f"r{i}": TO_THE_FLOOR for i in range(4)}, name="x")
    assert "r3: 3 steps" in description(four)
