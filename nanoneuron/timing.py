"""Timing the trainers: the speed chapter's measurements, and ``benchmarks/bench_training.py``'s.

The faithful loop (:func:`~nanoneuron.train_model`), the NumPy version
(:func:`~nanoneuron.train_model_vectorized`) and the closed form
(:func:`~nanoneuron.train_model_closed_form`) run the same training; this module times them
on the same run, and one epoch of the loop and of NumPy by data size, and formats the results.
Training itself lives in ``training`` and ``fast``; this module only measures it.

Every duration is the processor time of the thread that trains (:func:`time.thread_time`), not
the time on the wall: the site is built with other work beside it (the notebook's kernel, a
second process of pages), and a stopwatch would also count the moments that work had the
processor. Each trainer runs on one thread, so its processor time is its own cost. (On Windows,
which counts a thread's time in ticks of about 16 ms, a run of a millisecond would read 0 s:
there the durations are the wall clock's.)
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from nanoneuron._checks import check_count, check_items, check_nonnegative, check_positive
from nanoneuron.bowl import FloatArray
from nanoneuron.data import celsius_to_fahrenheit, generate_data_sets
from nanoneuron.fast import (
    backward_propagation_vectorized,
    forward_propagation_vectorized,
    train_model_closed_form,
    train_model_vectorized,
)
from nanoneuron.model import NanoNeuron
from nanoneuron.propagation import backward_pass, forward_pass
from nanoneuron.training import train_model


def _now() -> float:
    """The clock every duration here is read from (see the module's docstring)."""
    return time.perf_counter() if sys.platform == "win32" else time.thread_time()


#: The three ways to train, by the name the speed chapter gives them.
TRAINERS: dict[str, Callable[..., Sequence[float] | FloatArray]] = {
    "faithful loop": train_model,
    "NumPy, epoch by epoch": train_model_vectorized,
    "closed form": train_model_closed_form,
}


@dataclass(frozen=True)
class Timing:
    """How long one trainer took to produce a full cost history.

    Attributes:
        name: The trainer's name, a key of :data:`TRAINERS`.
        seconds: Each repeat's processor time, in seconds.
        final_cost: The last entry of the cost history it produced.
        w: The trained weight.
        b: The trained bias.
        history: The cost history of the last repeat.
    """

    name: str
    seconds: tuple[float, ...]
    final_cost: float
    w: float
    b: float
    history: FloatArray = field(default_factory=lambda: np.empty(0), repr=False, compare=False)

    def __post_init__(self) -> None:
        # Speed-ups divide by these durations: an empty, zero or non-finite one is refused here,
        # by name, rather than met later as a ZeroDivisionError or a "nan" in a table.
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {type(self.name).__name__}")
        if not isinstance(self.seconds, tuple):
            raise TypeError(
                f"seconds must be a tuple of durations, got {type(self.seconds).__name__}"
            )
        if not self.seconds:
            raise ValueError("seconds must hold at least one duration")
        for i, seconds in enumerate(self.seconds):
            check_positive(f"seconds[{i}]", seconds)

    @property
    def median(self) -> float:
        """The median time, in seconds."""
        return statistics.median(self.seconds)


def benchmark(
    epochs: int = 70000,
    alpha: float = 0.0005,
    start: tuple[float, float] = (0.5, 0.5),
    repeats: dict[str, int] | None = None,
) -> list[Timing]:
    """Time the loop, the NumPy version and the closed form on the same run.

    Each trainer produces the full cost history of ``epochs`` epochs on the article's
    training set, from ``start``, a fresh neuron every repeat.

    Args:
        epochs: Epochs per run.
        alpha: The learning rate.
        start: ``(w, b)`` to start from.
        repeats: How many times to run each trainer, by name (default: the loop 3
            times, NumPy 5, the closed form 200).

    Returns:
        One :class:`Timing` per trainer, in the order of :data:`TRAINERS`.

    Examples:
        >>> timings = benchmark(epochs=100, repeats={name: 1 for name in TRAINERS})
        >>> [timing.name for timing in timings]
        ['faithful loop', 'NumPy, epoch by epoch', 'closed form']
    """
    check_count("epochs", epochs, 1)
    counts = {"faithful loop": 3, "NumPy, epoch by epoch": 5, "closed form": 200}
    overrides = {} if repeats is None else repeats
    if not isinstance(overrides, Mapping):
        raise TypeError(
            f"repeats must be a mapping of trainer name to count, got {type(overrides).__name__}"
        )
    for name, count in overrides.items():
        if name not in TRAINERS:
            raise ValueError(
                f"repeats names no trainer: {name!r}; the trainers are {list(TRAINERS)}"
            )
        counts[name] = check_count(f"repeats[{name!r}]", count, 1)
    x_train, y_train, _, _ = generate_data_sets()
    timings = []
    for name, trainer in TRAINERS.items():
        seconds = []
        for _ in range(counts[name]):
            neuron = NanoNeuron(*start)
            began = _now()
            history = trainer(neuron, epochs=epochs, alpha=alpha, x_train=x_train, y_train=y_train)
            seconds.append(_now() - began)
        costs = np.asarray(history, dtype=np.float64)
        timings.append(
            Timing(name, tuple(seconds), float(costs[-1]), neuron.w, neuron.b, history=costs)
        )
    return timings


def epoch_times(sizes: Sequence[int], repeats: int = 5) -> list[tuple[int, float, float]]:
    """Time one epoch (forward and backward propagation) of the loop and of NumPy, by data size.

    The inputs are ``0, 1, ..., size - 1`` with their exact conversions; each epoch is timed
    ``repeats`` times and the fastest kept (the least disturbed by the rest of the machine).

    Returns:
        ``(size, loop seconds, NumPy seconds)`` for each size.

    Examples:
        >>> [size for size, _, _ in epoch_times([10, 100], repeats=1)]
        [10, 100]
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of counts, got {type(sizes).__name__}")
    sizes = [check_count(f"sizes[{i}]", size, 1) for i, size in enumerate(sizes)]
    check_count("repeats", repeats, 1)
    rows = []
    for size in sizes:
        xs = [float(x) for x in range(size)]
        ys = [celsius_to_fahrenheit(x) for x in xs]
        x, y = np.asarray(xs), np.asarray(ys)
        neuron = NanoNeuron(0.5, 0.5)
        loop, vectorized = math.inf, math.inf
        for _ in range(repeats):
            began = _now()
            predictions, _ = forward_pass(neuron, xs, ys)
            backward_pass(predictions, xs, ys)
            loop = min(loop, _now() - began)
            began = _now()
            array_predictions, _ = forward_propagation_vectorized(0.5, 0.5, x, y)
            backward_propagation_vectorized(array_predictions, x, y)
            vectorized = min(vectorized, _now() - began)
        rows.append((size, loop, vectorized))
    return rows


def check_timings(timings: object) -> None:
    """Refuse, by name, anything but a non-empty sequence of :class:`Timing`."""
    check_items("timings", timings, Timing)


def benchmark_table(timings: Sequence[Timing]) -> str:
    """The timings as a Markdown table: median time, and speed-up over the first row.

    Examples:
        >>> rows = [Timing("faithful loop", (2.0,), 1.0, 1.0, 1.0),
        ...         Timing("closed form", (0.001, 0.003), 1.0, 1.0, 1.0)]
        >>> print(benchmark_table(rows))
        | method | median time | runs | times faster than the loop |
        |---|--:|--:|--:|
        | faithful loop | 2 s | 1 | 1 |
        | closed form | 2 ms | 2 | 1,000 |
    """
    check_timings(timings)
    lines = [
        "| method | median time | runs | times faster than the loop |",
        "|---|--:|--:|--:|",
    ]
    baseline = timings[0].median
    for timing in timings:
        ratio = baseline / timing.median
        times = f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.3g}"
        lines.append(
            f"| {timing.name} | {format_seconds(timing.median)} | {len(timing.seconds)} | {times} |"
        )
    return "\n".join(lines)


def format_seconds(seconds: float) -> str:
    """A duration with a unit a reader can picture, three significant digits.

    The unit is chosen after rounding, so 999.96 µs is ``1 ms``, not ``1e+03 µs``.

    Examples:
        >>> format_seconds(1.234), format_seconds(0.0123), format_seconds(4.5e-5)
        ('1.23 s', '12.3 ms', '45 µs')
    """
    rounded = float(f"{check_nonnegative('seconds', seconds):.3g}")
    unit, scale = next(
        (
            (unit, scale)
            for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6))
            if rounded >= scale
        ),
        ("ns", 1e-9),
    )
    return f"{rounded / scale:,.4g} {unit}"
