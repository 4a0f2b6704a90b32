"""Fast training: the NumPy version and the closed form, held against the faithful loop.

The faithful loop (:func:`nanoneuron.train_model`) is the oracle. The NumPy version does
the same arithmetic with the sums in another order, so it must agree to 1e-12 relative.
The closed form is exact arithmetic on the cost bowl while the loop rounds at every
step, so it must agree to 1e-9 relative, except where the cost has fallen so low that
the loop's own rounding dominates: there the two are compared within the absolute bound
that :func:`loop_rounding_bound` derives.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, count
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron import (
    NanoNeuron,
    TrainingDiverged,
    celsius_to_fahrenheit,
    fast,
    forward_propagation,
    generate_data_sets,
    max_stable_alpha,
    train_model,
    train_model_closed_form,
    train_model_vectorized,
)
from nanoneuron.bowl import CostBowl
from nanoneuron.fast import forward_propagation_vectorized
from nanoneuron.plots.speed import training_speed
from nanoneuron.timing import (
    TRAINERS,
    Timing,
    benchmark,
    benchmark_table,
    epoch_times,
    format_seconds,
)
from tests.conftest import examples

if TYPE_CHECKING:
    from tests.conftest import Data, ReferenceRun

FAST = [train_model_vectorized, train_model_closed_form]
Trainer = Callable[..., Any]

#: The unit roundoff of float64: every rounded operation is within a factor 1 ± U of exact.
U = 2.0**-53

X_TRAIN, Y_TRAIN, _, _ = generate_data_sets()
# Noisy measurements of the same conversion: the bowl's bottom is above zero.
_noise = np.random.default_rng(7).normal(0.0, 3.0, len(X_TRAIN))
Y_NOISY = [y + float(e) for y, e in zip(Y_TRAIN, _noise, strict=True)]
# Exact data: every value is representable, so the bottom of the bowl is exactly 0.
X_EXACT = [float(x) for x in range(-20, 21)]
Y_EXACT = [2.0 * x + 3.0 for x in X_EXACT]
DATA_SETS = {
    "article": (X_TRAIN, Y_TRAIN),
    "noisy": (X_TRAIN, Y_NOISY),
    "exact": (X_EXACT, Y_EXACT),
}


class Bound(NamedTuple):
    """Absolute tolerances on the loop's results, from its rounding alone."""

    costs: np.ndarray[Any, np.dtype[np.float64]]
    w: float
    b: float


def loop_rounding_bound(
    x: Sequence[float], y: Sequence[float], w0: float, b0: float, alpha: float, epochs: int
) -> Bound:
    """How far rounding can take the loop from exact gradient descent: a worst-case bound.

    Every float64 operation is exact up to a factor ``1 ± U``. Follow the loop's arithmetic
    along the exact trajectory ``θ_k = (w_k, b_k)`` with cost ``J_k`` (the closed form), with
    ``X = max|x|``, ``Y = max|y|``, ``m`` examples and ``gamma = (m + 2) U``:

    1. Each error ``y - (x w + b)`` is off by at most
       ``η_k = U (|x w| + |x w + b| + |y - x w - b|) ≤ U (3 X |w_k| + 2 |b_k| + Y)``.
    2. ``dw`` sums ``m`` products and divides by ``m``; beyond the ``mean|x| η_k`` the errors
       bring, the sum's own rounding is at most ``gamma mean|e x| ≤ gamma sqrt(2 J_k · mean(x²))``
       (Cauchy-Schwarz); likewise ``db`` with ``η_k + gamma sqrt(2 J_k)``.
    3. The step ``w + alpha * dw`` adds a rounding of ``alpha * dw`` and of the new ``w``.
    So one epoch's parameters are off by a vector ``ε_k`` whose length is at most the
    hypot of those two sums. Exact gradient descent multiplies any offset along the bowl's
    axis ``j`` by ``r_j = 1 - alpha λ_j`` per epoch, so the loop's distance from the exact
    trajectory along axis ``j`` is at most ``d_j(k+1) = |r_j| d_j(k) + |ε_k|``.

    A parameter offset moves each error by at most ``D_k = Σ_j d_j(k) max_i |v_j · (x_i, 1)|``;
    the loop's cost is then off by at most ``sqrt(2 J_k) (D_k + η_k) + (D_k + η_k)² / 2``
    (again Cauchy-Schwarz), plus ``gamma J_k`` for its own sum. The closed form adds a few
    roundings of the bottom ``θ*`` and of the start's offset from it, counted in ``D`` as
    ``4 U (|w0| + |w*| + |b0| + |b*|) (X + 1)``. Everything is doubled to cover the
    second-order terms and the use of the exact trajectory instead of the loop's.
    """
    bowl = CostBowl.from_data(x, y)
    path = bowl.descent(w0, b0, alpha)
    xs, ys = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    m, big_x, big_y = len(xs), float(np.max(np.abs(xs))), float(np.max(np.abs(ys)))
    mean_x2, mean_abs_x = float(np.mean(xs * xs)), float(np.mean(np.abs(xs)))
    gamma = (m + 2) * U

    k = np.arange(epochs + 1)
    w, b = (np.abs(values) for values in path.parameters(k))
    spread = np.sqrt(2 * path.costs(k))  # sqrt(2 J_k) >= root mean square error
    eta = U * (3 * big_x * w + 2 * b + big_y)
    dw_error = mean_abs_x * eta + gamma * spread * math.sqrt(mean_x2)
    db_error = eta + gamma * spread
    step_w = alpha * (dw_error + U * spread * math.sqrt(mean_x2)) + U * w
    step_b = alpha * (db_error + U * spread) + U * b
    per_epoch = np.hypot(step_w[1:], step_b[1:])  # ε_k lands on θ_(k+1)

    rows = np.stack([xs, np.ones_like(xs)], axis=1)
    reach = np.max(np.abs(rows @ bowl.eigenvectors), axis=0)  # max_i |v_j · (x_i, 1)|
    closed_form = 4 * U * (abs(w0) + abs(bowl.w_min) + abs(b0) + abs(bowl.b_min)) * (big_x + 1)
    distance = np.full(epochs + 1, closed_form)
    offsets = []
    for ratio, reach_j in zip(path.ratios, reach, strict=True):
        shrink = abs(ratio)

        def drifted(d: float, e: float, r: float = shrink) -> float:
            return r * d + e

        drift = np.fromiter(
            accumulate(per_epoch.tolist(), drifted, initial=0.0),
            dtype=np.float64,
            count=epochs + 1,
        )
        distance += drift * reach_j
        offsets.append(drift[-1])
    slack = distance[:-1] + eta[:-1]
    costs = 2 * (spread[:-1] * slack + slack * slack / 2 + gamma * path.costs(k[:-1]))
    v = np.abs(bowl.eigenvectors)
    w_off = 2 * (v[0, 0] * offsets[0] + v[0, 1] * offsets[1] + closed_form)
    b_off = 2 * (v[1, 0] * offsets[0] + v[1, 1] * offsets[1] + closed_form)
    return Bound(costs, w_off, b_off)


def assert_agrees(
    fast: Sequence[float] | np.ndarray[Any, Any],
    loop: Sequence[float],
    relative: float,
    absolute: np.ndarray[Any, Any] | float = 0.0,
) -> None:
    """Every entry within ``relative`` of the loop's, or within ``absolute`` of it."""
    fast_values = np.asarray(fast, dtype=np.float64)
    loop_values = np.asarray(loop, dtype=np.float64)
    assert fast_values.shape == loop_values.shape
    gap = np.abs(fast_values - loop_values)
    allowed = relative * np.abs(loop_values) + absolute
    worst = int(np.argmax(gap - allowed)) if gap.size else 0
    assert np.all(gap <= allowed), (
        f"entry {worst}: fast {fast_values[worst]!r}, loop {loop_values[worst]!r},"
        f" gap {gap[worst]:.3g} > allowed {allowed[worst]:.3g}"
    )


def run(trainer: Trainer, w0: float, b0: float, **kwargs: Any) -> tuple[Any, NanoNeuron]:
    neuron = NanoNeuron(w0, b0)
    return trainer(neuron, **kwargs), neuron


@pytest.fixture(scope="module")
def article_run(faithful_runs: Trainer) -> tuple[list[float], NanoNeuron]:
    """The faithful loop's run of the original program (computed once per test process)."""
    return run(
        faithful_runs, 0.5, 0.5, epochs=70000, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN
    )


# --- The article's runs -------------------------------------------------------------------


@pytest.mark.parametrize(("trainer", "relative"), [(FAST[0], 1e-12), (FAST[1], 1e-9)])
def test_fast_trainers_reproduce_the_reference_runs(
    trainer: Trainer, relative: float, reference_run: ReferenceRun, data_sets: Data
) -> None:
    x_train, y_train, x_test, y_test = data_sets
    r = reference_run
    history, neuron = run(
        trainer, r.w0, r.b0, epochs=r.epochs, alpha=r.alpha, x_train=x_train, y_train=y_train
    )
    _, test_cost = forward_propagation(neuron, x_test, y_test)
    assert isinstance(history, np.ndarray)
    assert history.dtype == np.float64
    assert history.shape == (r.epochs,)
    assert_agrees(
        [history[0], history[-1], neuron.w, neuron.b, test_cost, neuron.predict(70)],
        [r.cost_first, r.cost_last, r.w, r.b, r.test_cost, r.predict_70],
        relative,
    )


@pytest.mark.parametrize(("trainer", "relative"), [(FAST[0], 1e-12), (FAST[1], 1e-9)])
def test_fast_trainers_match_every_epoch_of_the_article_run(
    trainer: Trainer, relative: float, article_run: tuple[list[float], NanoNeuron]
) -> None:
    loop_history, loop_neuron = article_run
    history, neuron = run(
        trainer, 0.5, 0.5, epochs=70000, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN
    )
    assert_agrees(history, loop_history, relative)
    assert_agrees([neuron.w, neuron.b], [loop_neuron.w, loop_neuron.b], relative)


# --- Any start, any stable learning rate ----------------------------------------------------

starts = st.floats(min_value=-100, max_value=100, allow_nan=False)
# A fraction of the largest stable learning rate, strictly inside (0, 1).
fractions = st.floats(min_value=1e-6, max_value=1 - 1e-6, exclude_min=True, exclude_max=True)
data_names = st.sampled_from(sorted(DATA_SETS))
quick = examples(40)


@quick
@given(name=data_names, w0=starts, b0=starts, fraction=fractions, epochs=st.integers(1, 300))
def test_closed_form_agrees_with_the_loop(
    name: str, w0: float, b0: float, fraction: float, epochs: int
) -> None:
    x, y = DATA_SETS[name]
    alpha = fraction * max_stable_alpha(x)
    kwargs = {"epochs": epochs, "alpha": alpha, "x_train": x, "y_train": y}
    loop_history, loop_neuron = run(train_model, w0, b0, **kwargs)
    history, neuron = run(train_model_closed_form, w0, b0, **kwargs)
    bound = loop_rounding_bound(x, y, w0, b0, alpha, epochs)
    assert_agrees(history, loop_history, 1e-9, bound.costs)
    assert_agrees([neuron.w], [loop_neuron.w], 1e-9, bound.w)
    assert_agrees([neuron.b], [loop_neuron.b], 1e-9, bound.b)


@pytest.mark.parametrize("error", [1.3e154, -1.3e154, 1.5e154, -1.5e154])
def test_the_vectorized_cost_is_infinite_where_the_loops_square_overflows(error: float) -> None:
    """1.5e154 squared overflows (the loop refuses such a cost), its half does not: summing
    e * (e / 2) alone would give a finite cost; 1.3e154 squared is finite, and so is the cost."""
    x, y = [0.0, 1.0], [error, 0.0]
    with np.errstate(over="ignore"):
        _, vectorized = forward_propagation_vectorized(0.0, 0.0, np.array(x), np.array(y))
    if abs(error) * abs(error) < sys.float_info.max:
        assert vectorized == forward_propagation(NanoNeuron(0.0, 0.0), x, y)[1]
    else:
        assert vectorized == math.inf
        with pytest.raises(ValueError, match="the cost overflows a float"):
            forward_propagation(NanoNeuron(0.0, 0.0), x, y)


@quick
@given(name=data_names, w0=starts, b0=starts, fraction=fractions, epochs=st.integers(1, 300))
def test_vectorized_agrees_with_the_loop(
    name: str, w0: float, b0: float, fraction: float, epochs: int
) -> None:
    x, y = DATA_SETS[name]
    alpha = fraction * max_stable_alpha(x)
    kwargs = {"epochs": epochs, "alpha": alpha, "x_train": x, "y_train": y}
    loop_history, loop_neuron = run(train_model, w0, b0, **kwargs)
    history, neuron = run(train_model_vectorized, w0, b0, **kwargs)
    # Both round; each stays within the bound of exact descent, so within twice it of each other.
    bound = loop_rounding_bound(x, y, w0, b0, alpha, epochs)
    assert_agrees(history, loop_history, 1e-12, 2 * bound.costs)
    assert_agrees([neuron.w], [loop_neuron.w], 1e-12, 2 * bound.w)
    assert_agrees([neuron.b], [loop_neuron.b], 1e-12, 2 * bound.b)


# Ten examples make the loop ten times cheaper per epoch, so a million epochs take seconds.
X_TEN = list(range(10))
Y_TEN = [celsius_to_fahrenheit(x) for x in X_TEN]


@pytest.mark.parametrize(
    "slow_step",
    [
        pytest.param(5e-6, id="still-falling"),  # the cost falls by e^-10 along the slow axis
        pytest.param(4e-3, id="down-to-rounding"),  # the cost reaches the loop's rounding floor
    ],
)
def test_closed_form_agrees_over_a_million_epochs(slow_step: float) -> None:
    epochs = 10**6
    alpha = slow_step / CostBowl.from_data(X_TEN, Y_TEN).eigenvalues[1]
    kwargs = {"epochs": epochs, "alpha": alpha, "x_train": X_TEN, "y_train": Y_TEN}
    loop_history, loop_neuron = run(train_model, 0.5, 0.5, **kwargs)
    history, neuron = run(train_model_closed_form, 0.5, 0.5, **kwargs)
    bound = loop_rounding_bound(X_TEN, Y_TEN, 0.5, 0.5, alpha, epochs)
    assert_agrees(history, loop_history, 1e-9, bound.costs)
    assert_agrees([neuron.w, neuron.b], [loop_neuron.w, loop_neuron.b], 1e-9)
    if slow_step == 5e-6:
        # Here the bound is never needed: every entry agrees to 1e-9 relative outright.
        assert_agrees(history, loop_history, 1e-9)


def test_the_rounding_bound_is_needed_and_not_vacuous() -> None:
    # Where the cost reaches the floor, relative agreement is hopeless (the loop's cost is
    # rounding noise), and the bound is what the comparison rests on; it stays within a
    # few hundred times of the noise it covers, so it still catches real errors.
    epochs = 3000
    alpha = 0.06
    loop_history, _ = run(
        train_model, 0.5, 0.5, epochs=epochs, alpha=alpha, x_train=X_TEN, y_train=Y_TEN
    )
    history, _ = run(
        train_model_closed_form, 0.5, 0.5, epochs=epochs, alpha=alpha, x_train=X_TEN, y_train=Y_TEN
    )
    bound = loop_rounding_bound(X_TEN, Y_TEN, 0.5, 0.5, alpha, epochs)
    floor = np.asarray(loop_history[-100:])
    gap = np.abs(history[-100:] - floor)
    assert np.max(gap / floor) > 1e-3
    assert np.all(gap <= bound.costs[-100:])
    assert np.all(bound.costs[-100:] < 1000 * floor)


# --- Exact data, flat bowls, the bowl itself ---------------------------------------------------


def test_the_bowl_is_the_least_squares_fit() -> None:
    x, y = np.asarray(X_TRAIN, dtype=np.float64), np.asarray(Y_NOISY, dtype=np.float64)
    bowl = CostBowl.from_data(X_TRAIN, Y_NOISY)
    rows = np.stack([x, np.ones_like(x)], axis=1)
    (w_min, b_min), *_ = np.linalg.lstsq(rows, y, rcond=None)
    assert bowl.w_min == pytest.approx(w_min, rel=1e-12)
    assert bowl.b_min == pytest.approx(b_min, rel=1e-12)
    _, least_cost = forward_propagation(NanoNeuron(float(w_min), float(b_min)), X_TRAIN, Y_NOISY)
    assert bowl.min_cost == pytest.approx(least_cost, rel=1e-12)
    assert bowl.min_cost > 1  # noisy data: no line passes through every point
    assert sorted(bowl.eigenvalues) == pytest.approx(np.linalg.eigvalsh(bowl.curvature), rel=1e-12)
    assert bowl.curvature @ bowl.eigenvectors == pytest.approx(
        bowl.eigenvectors * np.array(bowl.eigenvalues), rel=1e-12
    )


def test_exact_data_has_a_bowl_bottom_of_zero() -> None:
    bowl = CostBowl.from_data(X_EXACT, Y_EXACT)
    assert (bowl.w_min, bowl.b_min, bowl.min_cost) == (2.0, 3.0, 0.0)


@pytest.mark.parametrize("trainer", FAST)
@pytest.mark.parametrize(("x", "y"), [([5.0, 5.0, 5.0], [1.0, 2.0, 4.0]), ([2.0], [7.0])])
def test_one_distinct_input_gives_a_flat_bowl(
    trainer: Trainer, x: list[float], y: list[float]
) -> None:
    # Every line through (mean x, mean y) is best: the bowl is flat along one axis.
    alpha = 0.5 * max_stable_alpha(x)
    kwargs = {"epochs": 200, "alpha": alpha, "x_train": x, "y_train": y}
    loop_history, loop_neuron = run(train_model, 0.5, 0.5, **kwargs)
    history, neuron = run(trainer, 0.5, 0.5, **kwargs)
    bound = loop_rounding_bound(x, y, 0.5, 0.5, alpha, 200)
    assert_agrees(history, loop_history, 1e-9, bound.costs)
    assert_agrees([neuron.w, neuron.b], [loop_neuron.w, loop_neuron.b], 1e-9)


# --- Divergence ---------------------------------------------------------------------------------


def assert_diverges_like_the_loop(trainer: Trainer, w0: float, b0: float, **kwargs: Any) -> None:
    with pytest.raises(TrainingDiverged) as loop_caught:
        run(train_model, w0, b0, **kwargs)
    neuron = NanoNeuron(w0, b0)
    with pytest.raises(TrainingDiverged) as caught:
        trainer(neuron, **kwargs)
    loop_error, error = loop_caught.value, caught.value
    assert error.epoch == loop_error.epoch
    assert error.alpha == loop_error.alpha
    assert error.max_stable_alpha == loop_error.max_stable_alpha
    assert str(error) == str(loop_error)
    assert isinstance(error.cost_history, list)
    assert_agrees(error.cost_history, loop_error.cost_history, 1e-9)
    assert neuron == NanoNeuron(w0, b0)  # put back where it started


@pytest.mark.parametrize("trainer", FAST)
def test_too_large_alpha_diverges_at_the_loops_epoch(trainer: Trainer) -> None:
    kwargs = {"epochs": 3000, "alpha": 0.0007, "x_train": X_TRAIN, "y_train": Y_TRAIN}
    assert_diverges_like_the_loop(trainer, 0.5, 0.5, **kwargs)


@examples(15)
@given(
    trainer=st.sampled_from(FAST),
    w0=starts,
    b0=starts,
    factor=st.floats(min_value=1.05, max_value=50),
)
def test_any_unstable_alpha_diverges_at_the_loops_epoch(
    trainer: Trainer, w0: float, b0: float, factor: float
) -> None:
    alpha = factor * max_stable_alpha(X_TRAIN)
    kwargs = {"epochs": 5000, "alpha": alpha, "x_train": X_TRAIN, "y_train": Y_TRAIN}
    assert_diverges_like_the_loop(trainer, w0, b0, **kwargs)


@pytest.mark.parametrize("trainer", FAST)
@pytest.mark.parametrize(("alpha", "epochs"), [(0.0007, 100), (0.00061, 2000)])
def test_growing_cost_is_followed_and_reported_as_divergence(
    trainer: Trainer, alpha: float, epochs: int
) -> None:
    # Before it overflows, a growing cost is followed like any other (about 1.6e26 after
    # 100 epochs at alpha = 0.0007, from the reference divergence of the original), and a
    # run that ends there, above its start, diverged: at its last epoch, as the loop says.
    kwargs = {"epochs": epochs, "alpha": alpha, "x_train": X_TRAIN, "y_train": Y_TRAIN}
    assert_diverges_like_the_loop(trainer, 0.5, 0.5, **kwargs)


# --- Callbacks, no epochs, bad input ------------------------------------------------------------


@pytest.mark.parametrize("trainer", FAST)
@pytest.mark.parametrize("alpha", [0.0005, 0.002])
def test_callback_sees_what_the_loops_callback_sees(trainer: Trainer, alpha: float) -> None:
    def record(calls: list[tuple[int, float]]) -> Callable[[int, float], None]:
        return lambda epoch, cost: calls.append((epoch, cost))

    kwargs = {"epochs": 300, "alpha": alpha, "x_train": X_TRAIN, "y_train": Y_TRAIN}
    loop_calls: list[tuple[int, float]] = []
    calls: list[tuple[int, float]] = []
    for function, seen in ((train_model, loop_calls), (trainer, calls)):
        with contextlib.suppress(TrainingDiverged):
            run(function, 0.5, 0.5, callback=record(seen), **kwargs)
    assert [epoch for epoch, _ in calls] == [epoch for epoch, _ in loop_calls]
    assert all(type(cost) is float for _, cost in calls)
    assert_agrees([cost for _, cost in calls], [cost for _, cost in loop_calls], 1e-9)


@pytest.mark.parametrize("trainer", FAST)
def test_no_epochs_leaves_the_model_alone(trainer: Trainer) -> None:
    neuron = NanoNeuron(0, 1)
    history = trainer(neuron, epochs=0, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN)
    assert history.dtype == np.float64
    assert history.shape == (0,)
    assert (neuron.w, neuron.b) == (0, 1)
    assert type(neuron.w) is int


GOOD = {"epochs": 10, "alpha": 0.0005, "x_train": [0, 1, 2], "y_train": [32, 33.8, 35.6]}
BAD = [
    {"model": (0.5, 0.5)},
    {"epochs": -1},
    {"epochs": 2.5},
    {"epochs": True},
    {"alpha": 0},
    {"alpha": -0.1},
    {"alpha": math.nan},
    {"alpha": "0.1"},
    {"x_train": []},
    {"x_train": [0, 1]},
    {"x_train": "012"},
    {"y_train": [32, math.inf, 35.6]},
    {"y_train": [32, None, 35.6]},
    {"callback": "print"},
]


@pytest.mark.parametrize("trainer", FAST)
@pytest.mark.parametrize(
    "bad", BAD, ids=lambda bad: f"{next(iter(bad))}={next(iter(bad.values()))!r}"
)
def test_bad_input_is_refused_as_by_the_loop(trainer: Trainer, bad: dict[str, Any]) -> None:
    kwargs = {"model": NanoNeuron(0.5, 0.5), **GOOD, **bad}
    with pytest.raises((TypeError, ValueError)) as loop_caught:
        train_model(**kwargs)
    with pytest.raises(type(loop_caught.value)) as caught:
        trainer(**kwargs)
    assert str(caught.value) == str(loop_caught.value)
    assert next(iter(bad)) in str(caught.value)


# --- The benchmark ------------------------------------------------------------------------------


def test_benchmark_reports_every_trainer_on_the_same_run() -> None:
    timings = benchmark(epochs=500, repeats={"faithful loop": 1, "NumPy, epoch by epoch": 2})
    assert [timing.name for timing in timings] == [
        "faithful loop",
        "NumPy, epoch by epoch",
        "closed form",
    ]
    assert [len(timing.seconds) for timing in timings] == [1, 2, 200]
    assert all(timing.median > 0 for timing in timings)
    assert_agrees([timing.final_cost for timing in timings[1:]], [timings[0].final_cost] * 2, 1e-9)
    for timing in timings:  # the cost after the last epoch, well below the first
        assert timing.final_cost == timing.history[-1] < timing.history[0] / 2
    table = benchmark_table(timings).splitlines()
    assert len(table) == 2 + len(timings)
    assert table[2].startswith("| faithful loop |")
    assert table[2].endswith("| 1 |")


def fake_clock(
    monkeypatch: pytest.MonkeyPatch, readings: Iterator[float], clock: str = "thread_time"
) -> None:
    """The timers of nanoneuron.timing read ``readings``, one per call, from the ``clock`` of
    :mod:`time` named; reading another clock fails the test."""

    def unexpected() -> float:
        raise AssertionError(f"a clock other than {clock} was read")

    clocks = {name: unexpected for name in ("thread_time", "perf_counter")}
    clocks[clock] = lambda: next(readings)
    monkeypatch.setattr("nanoneuron.timing.time", SimpleNamespace(**clocks))


def test_on_windows_the_wall_clock_times_the_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows counts a thread's time in ticks of about 16 ms: a closed form run would read 0."""
    monkeypatch.setattr("nanoneuron.timing.sys", SimpleNamespace(platform="win32"))
    fake_clock(monkeypatch, count(start=0.0, step=0.25), clock="perf_counter")
    timings = benchmark(epochs=5, repeats=dict.fromkeys(TRAINERS, 1))
    assert [t.seconds for t in timings] == [(0.25,)] * 3


def test_epoch_times_keep_the_fastest_of_the_repeats_of_each_method(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A clock that moves by set amounts: each repeat's duration is known, so is the fastest."""
    # Per repeat: the loop's start and end, then NumPy's start and end.
    fake_clock(monkeypatch, iter([0.0, 5.0, 5.0, 9.0, 10.0, 13.0, 13.0, 19.0]))
    assert epoch_times([10], repeats=2) == [(10, 3.0, 4.0)]
    readings = count(start=0.0, step=1.0)
    fake_clock(monkeypatch, readings)
    epoch_times([10])
    assert next(readings) == 4 * 5, "by default each method is timed 5 times"


def test_a_timing_cannot_be_changed_past_its_checks() -> None:
    timing = Timing("a", (1.0,), 1.0, 1.0, 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        timing.seconds = (0.0,)  # type: ignore[misc]


def test_epoch_times_time_a_whole_epoch_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each repeat runs forward and backward propagation, of the loop and of NumPy, on ``size``
    examples (the functions are recorded, still running)."""
    import nanoneuron.timing as timing

    seen: list[tuple[str, int]] = []
    for name in (
        "forward_pass",
        "backward_pass",
        "forward_propagation_vectorized",
        "backward_propagation_vectorized",
    ):
        original = getattr(timing, name)

        def recorded(*args: Any, _name: str = name, _run: Any = original) -> Any:
            seen.append((_name, len(args[-1])))
            return _run(*args)

        monkeypatch.setattr(timing, name, recorded)
    epoch_times([3, 5], repeats=2)
    one = ["forward_pass", "backward_pass"]
    one += ["forward_propagation_vectorized", "backward_propagation_vectorized"]
    assert seen == [(name, 3) for name in one] * 2 + [(name, 5) for name in one] * 2


def test_benchmark_times_each_run_from_its_start_to_its_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_clock(monkeypatch, count(start=100.0, step=0.5))  # each reading half a second later
    timings = benchmark(epochs=50, repeats={"faithful loop": 2, "NumPy, epoch by epoch": 1})
    assert [t.seconds for t in timings[:2]] == [(0.5, 0.5), (0.5,)]


@pytest.mark.skipif(
    sys.platform == "win32", reason="on Windows the runs are timed by the wall clock"
)
def test_benchmark_counts_the_trainers_processor_time_not_the_wall_clocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A trainer that waits uses no processor time: the site is built with other work beside
    it, and the time that work has the processor must not count as the trainer's."""

    def waits(neuron: NanoNeuron, **_: object) -> list[float]:
        time.sleep(0.05)
        return [2.0, 1.0]

    for name in list(TRAINERS):
        monkeypatch.setitem(TRAINERS, name, waits)
    timings = benchmark(epochs=1, repeats=dict.fromkeys(TRAINERS, 1))
    assert all(timing.median < 0.025 for timing in timings)


@pytest.mark.parametrize(
    ("faster", "shown"),
    [(1.0, "1"), (4.437, "4.44"), (99.5, "99.5"), (100.4, "100"), (1596.2, "1,596")],
)
def test_the_table_gives_each_speed_up_in_three_digits_or_as_a_whole_number_from_100(
    faster: float, shown: str
) -> None:
    rows = [Timing("loop", (faster,), 1.0, 1.0, 1.0), Timing("fast", (1.0,), 1.0, 1.0, 1.0)]
    last = benchmark_table(rows).splitlines()[-1]
    assert last.startswith("| fast | 1 s | 1 |")
    assert last.endswith(f"| {shown} |")


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (1.234, "1.23 s"),
        (0.0123, "12.3 ms"),
        (4.5e-5, "45 µs"),
        (3e-10, "0.3 ns"),
        (0.0, "0 ns"),
        (1234.5, "1,230 s"),
        # The unit is picked after rounding to three digits: never "1e+03 µs".
        (0.0009996, "1 ms"),
        (0.9996, "1 s"),
        (9.996e-7, "1 µs"),
    ],
)
def test_durations_are_shown_with_three_digits_in_a_unit_a_reader_can_picture(
    seconds: float, shown: str
) -> None:
    assert format_seconds(seconds) == shown


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Timing("a", (), 1.0, 1.0, 1.0), ValueError, "seconds must hold at least one"),
        (lambda: Timing("a", [1.0], 1.0, 1.0, 1.0), TypeError, "seconds must be a tuple"),
        (
            lambda: Timing("a", (1.0, 0.0), 1.0, 1.0, 1.0),
            ValueError,
            r"seconds\[1\] must be greater",
        ),
        (
            lambda: Timing("a", (math.nan,), 1.0, 1.0, 1.0),
            ValueError,
            r"seconds\[0\] must be a finite",
        ),
        (lambda: Timing(1, (1.0,), 1.0, 1.0, 1.0), TypeError, "name must be a string"),
        (lambda: benchmark_table([]), ValueError, "timings must not be empty"),
        (lambda: benchmark_table(["x"]), TypeError, r"timings\[0\] must be a Timing"),  # type: ignore[list-item]
        (lambda: benchmark_table("ab"), TypeError, "timings must be a sequence"),
        (lambda: training_speed([]), ValueError, "timings must not be empty"),
        (
            lambda: training_speed([Timing("a", (1.0,), 1.0, 1.0, 1.0), None]),  # type: ignore[list-item]
            TypeError,
            r"timings\[1\]",
        ),
        (lambda: epoch_times([10], repeats=0), ValueError, "repeats must be 1 or more"),
        (lambda: epoch_times([10, 0]), ValueError, r"sizes\[1\] must be 1 or more"),
        (lambda: epoch_times(5), TypeError, "sizes must be a sequence"),
        (lambda: benchmark(epochs=0), ValueError, "epochs must be 1 or more"),
        (
            lambda: benchmark(repeats={"faithful loop": 0}),
            ValueError,
            r"repeats\['faithful loop'\]",
        ),
        (lambda: benchmark(repeats={"nope": 1}), ValueError, "repeats names no trainer: 'nope'"),
        (lambda: benchmark(repeats=[1]), TypeError, "repeats must be a mapping"),
        (lambda: format_seconds(-1.0), ValueError, "seconds must be 0 or more"),
        (lambda: format_seconds(math.inf), ValueError, "seconds must be a finite number"),
    ],
)
def test_timings_that_cannot_be_shown_are_refused_by_name(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    # They failed later, as a ZeroDivisionError, a StatisticsError or a "nan" in the table.
    with pytest.raises(error, match=f"^{message}"):
        call()


def test_benchmark_times_the_articles_run_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unless told otherwise: 70000 epochs at alpha = 0.0005 from (0.5, 0.5), the loop 3 times,
    NumPy 5 and the closed form 200 (trainers that record their calls stand in)."""
    calls: list[tuple[str, int, float, float, float]] = []

    def recorder(name: str) -> Callable[..., list[float]]:
        def train(neuron: NanoNeuron, *, epochs: int, alpha: float, **_: object) -> list[float]:
            calls.append((name, epochs, alpha, neuron.w, neuron.b))
            return [2.0, 1.0]

        return train

    for name in list(TRAINERS):
        monkeypatch.setitem(TRAINERS, name, recorder(name))
    benchmark()
    made = {name: sum(call[0] == name for call in calls) for name in TRAINERS}
    assert made == {"faithful loop": 3, "NumPy, epoch by epoch": 5, "closed form": 200}
    assert {call[1:] for call in calls} == {(70000, 0.0005, 0.5, 0.5)}
    calls.clear()
    benchmark(epochs=1, repeats=dict.fromkeys(TRAINERS, 1))  # one epoch is the least
    assert [call[:2] for call in calls] == [(name, 1) for name in TRAINERS]


# --- Sizes that do not fit ------------------------------------------------------------------


@pytest.mark.parametrize("trainer", FAST)
def test_epochs_that_do_not_fit_in_memory_are_refused_naming_epochs(
    trainer: Trainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A machine of 80 kB: 20000 epochs of float64 do not fit (before, NumPy asked the system
    # and Linux granted more than it had, or MemoryError came up, naming nothing).
    monkeypatch.setattr(fast, "_memory_bytes", lambda: 80_000)
    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(ValueError, match=r"^epochs=20,000 needs about .* GB for its arrays"):
        trainer(neuron, epochs=20_000, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN)
    assert neuron == NanoNeuron(0.5, 0.5)


@pytest.mark.parametrize(
    ("trainer", "fits"),
    # 8 bytes per epoch for the loop's one array, 48 for the closed form's six.
    [(train_model_vectorized, 10_000), (train_model_closed_form, 80_000 // 48)],
    ids=["vectorized", "closed-form"],
)
def test_the_epochs_that_just_fit_are_trained_and_one_more_is_refused(
    trainer: Trainer, fits: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fast, "_memory_bytes", lambda: 80_000)
    assert len(trainer(NanoNeuron(0.5, 0.5), fits, 0.0005, X_TRAIN, Y_TRAIN)) == fits
    with pytest.raises(ValueError, match=rf"^epochs={fits + 1:,} needs about"):
        trainer(NanoNeuron(0.5, 0.5), fits + 1, 0.0005, X_TRAIN, Y_TRAIN)


@pytest.mark.parametrize("trainer", FAST)
def test_a_memory_error_becomes_a_value_error_naming_epochs(
    trainer: Trainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("nanoneuron.fast.np.empty", refuse)
    monkeypatch.setattr("nanoneuron.fast.np.arange", refuse)
    with pytest.raises(ValueError, match=r"^epochs=1,000 needs more memory than is free"):
        trainer(NanoNeuron(0.5, 0.5), epochs=1000, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN)


@pytest.mark.parametrize("trainer", FAST)
def test_more_epochs_than_the_limit_are_refused(trainer: Trainer) -> None:
    with pytest.raises(ValueError, match=r"^epochs must be at most 1,000,000,000"):
        trainer(NanoNeuron(0.5, 0.5), epochs=10**12, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN)


def test_the_closed_form_checks_room_for_all_six_of_its_arrays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 2,000 epochs of six float64 arrays need 96,000 bytes: more than this pretend machine.
    monkeypatch.setattr(fast, "_memory_bytes", lambda: 80_000)
    with pytest.raises(ValueError, match=r"^epochs=2,000 needs"):
        train_model_closed_form(NanoNeuron(0.5, 0.5), 2000, 0.0005, X_TRAIN, Y_TRAIN)
    train_model_vectorized(NanoNeuron(0.5, 0.5), 2000, 0.0005, X_TRAIN, Y_TRAIN)  # one array


@pytest.mark.parametrize("trainer", [train_model, *FAST])
@pytest.mark.parametrize(
    ("w", "error", "message"),
    [
        (math.nan, ValueError, "model.w must be a finite number, got nan"),
        ("2", TypeError, "model.w must be a real number, got str '2'"),
    ],
)
def test_a_parameter_set_after_construction_is_checked_before_training(
    trainer: Trainer, w: object, error: type[Exception], message: str
) -> None:
    """``w`` and ``b`` are public: all three trainers refuse a bad one, and name it."""
    neuron = NanoNeuron(0.5, 0.5)
    neuron.w = w  # type: ignore[assignment]
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        trainer(neuron, epochs=3, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN)


@pytest.mark.parametrize("trainer", [train_model, *FAST])
def test_a_float32_parameter_trains_in_float64(trainer: Trainer) -> None:
    """A NumPy float32 set on the model becomes the Python float equal to it first."""
    neuron = NanoNeuron(0.5, 0.5)
    neuron.w, neuron.b = np.float32(0.3), np.float32(0.1)
    exact = NanoNeuron(float(np.float32(0.3)), float(np.float32(0.1)))
    trainer(neuron, epochs=5, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN)
    trainer(exact, epochs=5, alpha=0.0005, x_train=X_TRAIN, y_train=Y_TRAIN)
    assert (type(neuron.w), type(neuron.b)) == (float, float)
    assert neuron == exact
