"""Charts for the chapter "Vectorization and beyond": how fast, and how exactly.

Each function draws one chart and returns it as inline SVG text (see
:mod:`nanoneuron.plots._svg`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from nanoneuron.bowl import FloatArray
from nanoneuron.plots._svg import INK, SERIES, Chart, figure, to_svg
from nanoneuron.timing import Timing, check_timings, format_seconds

#: How many groups of epochs the agreement chart summarises a long history in.
_BINS = 200


def training_speed(timings: Sequence[Timing], name: str = "training-speed") -> Chart:
    """One bar per trainer: its median time for the whole run, on a logarithmic scale.

    Args:
        timings: From :func:`nanoneuron.timing.benchmark`; the first is the baseline.
        name: The chart's id on the page.

    Returns:
        Inline SVG.

    Examples:
        >>> rows = [Timing("faithful loop", (1.0,), 0.0, 0.0, 0.0),
        ...         Timing("closed form", (0.001,), 0.0, 0.0, 0.0)]
        >>> chart = training_speed(rows, name="speed")
        >>> "1,000 times faster" in chart and 'id="speed-title"' in chart
        True
    """
    check_timings(timings)
    medians = [timing.median for timing in timings]
    labels = [timing.name for timing in timings]
    baseline = medians[0]
    with figure(height=0.8 + 0.7 * len(timings)) as fig:
        ax = fig.subplots()
        rows = np.arange(len(timings))[::-1]
        colours = [SERIES[i % len(SERIES)] for i in range(len(timings))]
        ax.barh(rows, medians, color=colours, height=0.6)
        ax.set_xscale("log")
        ax.set_yticks(rows, labels)
        ax.set_xlim(min(medians) / 3, max(medians) * 40)
        ax.set_xlabel("seconds for the whole run (log scale)")
        ax.grid(axis="y", visible=False)
        notes = []
        for row, median in zip(rows, medians, strict=True):
            note = f"{format_seconds(median)}, {_times(baseline / median)}"
            ax.annotate(
                note,
                (median, row),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                color=INK,
            )
            notes.append(note)
        return to_svg(
            fig,
            name,
            title="Time to train for the whole run, by method",
            description="; ".join(
                f"{label}: {note}" for label, note in zip(labels, notes, strict=True)
            )
            + ". The time axis is logarithmic.",
        )


def _times(ratio: float) -> str:
    if 0.95 < ratio < 1.05:
        return "the baseline"
    figure_ = f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.2g}"
    return f"{figure_} times faster"


def agreement(
    loop: Sequence[float] | FloatArray,
    others: Mapping[str, Sequence[float] | FloatArray],
    name: str = "training-agreement",
) -> Chart:
    """How far each other history strays from the loop's, epoch by epoch, relatively.

    Long histories are summarised: the epochs are split into about 200 groups, evenly
    on a log scale, and each group shows its largest relative difference. Groups where
    the histories are identical have no point (a log scale has no zero).

    Args:
        loop: The faithful loop's cost history, the reference.
        others: Cost histories of the same run, by name, each as long as ``loop``.
        name: The chart's id on the page.

    Returns:
        Inline SVG.

    Examples:
        >>> chart = agreement([4.0, 2.0, 1.0], {"copy": [4.0, 2.0 + 4e-16, 1.0]}, name="same")
        >>> 'id="same-desc"' in chart
        True
    """
    reference = np.asarray(loop, dtype=np.float64)
    count = len(reference)
    if count == 0:
        raise ValueError("loop must not be empty")
    edges = np.unique(np.geomspace(1, count + 1, _BINS + 1).astype(np.int64)) - 1
    starts = edges[:-1]
    summaries = []
    with figure(height=3.4) as fig:
        ax = fig.subplots()
        for i, (label, history) in enumerate(others.items()):
            values = np.asarray(history, dtype=np.float64)
            if values.shape != reference.shape:
                raise ValueError(f"others[{label!r}] must be as long as loop, got {len(values)}")
            relative = np.abs(values - reference) / np.abs(reference)
            worst = np.maximum.reduceat(relative, starts)
            shown = worst > 0
            ax.plot(
                starts[shown] + 1,
                worst[shown],
                color=SERIES[i % len(SERIES)],
                marker="o",
                markersize=2.5,
                linewidth=1.0,
                label=label,
            )
            summaries.append(f"{label}: at most {float(np.max(relative)):.1e}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel("relative difference from the loop")
        ax.legend(loc="upper left")
        return to_svg(
            fig,
            name,
            title="How far the fast cost histories stray from the loop's",
            description=(
                f"Largest relative difference from the faithful loop's cost, over {count} epochs"
                f" in groups on a log scale. {'; '.join(summaries)}."
            ),
        )
