"""Checks and drawing shared by the charts of examples and the lines learned from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes

from nanoneuron._checks import finite_array
from nanoneuron.plots._svg import SERIES


def paired_arrays(
    x_name: str, x: object, y_name: str, y: object
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """``x`` and ``y`` as one-dimensional arrays of finite numbers, of the same length."""
    xs = finite_array(x_name, x, ndim=1)
    ys = finite_array(y_name, y, ndim=1)
    if xs.shape != ys.shape:
        raise ValueError(
            f"{x_name} and {y_name} must have the same length, got {xs.size} and {ys.size}"
        )
    return xs, ys


def learned_lines(
    ax: Axes,
    xs: npt.NDArray[np.float64],
    lines: Mapping[str, tuple[float, float]],
    linestyles: Sequence[str],
) -> str:
    """Draw ``{label: (w, b)}`` as lines ``y = w x + b`` over ``xs``; return their description."""
    for i, (label, (w, b)) in enumerate(lines.items()):
        ax.plot(xs, w * xs + b, color=SERIES[i % 4], label=label, linestyle=linestyles[i % 4])
    return "; ".join(f"{label}: w = {w:.4g}, b = {b:.4g}" for label, (w, b) in lines.items())
