"""Charts of the chapter on choosing the learning rate with a validation set."""

from __future__ import annotations

import math

import numpy as np

from nanoneuron.beyond.validation import Sweep
from nanoneuron.plots._svg import INK, LINESTYLES, SERIES, Chart, figure, to_svg
from nanoneuron.plots.optimizers import plain_log_ticks

__all__ = ["validation_sweep"]

#: The learning rate's letter in labels (escaped: ruff flags a literal Greek letter).
ALPHA = "\N{GREEK SMALL LETTER ALPHA}"


def validation_sweep(
    result: Sweep, name: str, title: str = "Validation cost of each setting"
) -> Chart:
    """Validation cost against epochs, one line per learning rate, the chosen setting marked.

    Learning rates whose training diverged at every epoch count tried are named in the
    description and left out of the lines.

    Args:
        result: A :class:`~nanoneuron.beyond.validation.Sweep` scored on the validation set.
        name: The chart's identifier, unique on its page.
        title: The chart's accessible name.

    Returns:
        The chart as inline SVG.

    Raises:
        TypeError: If ``result`` is not a Sweep.

    Examples:
        >>> from nanoneuron.beyond.validation import sweep
        >>> result = sweep([0, 1, 2], [1, 3, 5], [3], [7], alphas=[0.1, 0.2], epochs=[1, 100])
        >>> "0.2" in validation_sweep(result, name="example")
        True
    """
    if not isinstance(result, Sweep):
        raise TypeError(f"result must be a Sweep, got {type(result).__name__}")
    choice = result.best()
    epochs = np.asarray(result.epochs, dtype=float)
    shown = 0
    diverged = []
    described = []
    with figure(height=3.4) as fig:
        ax = fig.add_subplot()
        for alpha, costs in zip(result.alphas, result.costs, strict=True):
            finite = np.isfinite(costs)
            if not finite.any():
                diverged.append(f"{alpha:g}")
                continue
            ax.plot(
                epochs[finite],
                costs[finite],
                color=SERIES[shown % 4],
                linestyle=LINESTYLES[(shown // 4) % 4],
                marker="o",
                markersize=3,
                linewidth=1.4,
                label=f"{ALPHA} = {alpha:g}",
            )
            shown += 1
            described.append(f"{ALPHA} = {alpha:g}: from {costs[0]:.3g} to {costs[-1]:.3g}")
        ax.scatter(
            [choice.epochs],
            [choice.cost],
            s=110,
            marker="x",
            color=INK,
            zorder=4,
            label=f"chosen: {ALPHA} = {choice.alpha:g}, {choice.epochs:,} epochs",
        )
        ax.set_xscale("log")
        ax.set_yscale("log")
        plain_log_ticks(ax)
        ax.set_xlabel("epochs (log scale)")
        ax.set_ylabel("validation cost (log scale)")
        ax.legend(ncol=2, loc="lower left")
        gone = f" Diverged at every count: {ALPHA} = {', '.join(diverged)}." if diverged else ""
        return to_svg(
            fig,
            name,
            title,
            f"Validation cost after {', '.join(f'{e:,}' for e in result.epochs)} epochs, one line "
            f"per learning rate. "
            + "; ".join(described)
            + f". Chosen: {ALPHA} = {choice.alpha:g} after {choice.epochs:,} epochs, validation cost "
            f"{choice.cost:.4g}.{gone}"
            + ("" if math.isfinite(choice.cost) else " No setting trained."),
        )
