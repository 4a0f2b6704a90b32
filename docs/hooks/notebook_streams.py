"""Make the executed notebook's printed output the same on every build.

A cell that prints several lines over a long computation reaches Jupyter as one or several
"stream" outputs, depending on when the kernel happened to flush; mkdocs-jupyter renders
each as its own block, so two builds of the same notebook could differ. nbconvert's
CoalesceStreamsPreprocessor merges such outputs, but nbconvert runs it before execution,
when there is nothing to merge. This hook merges each cell's streams right after the cell
is executed.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

_coalesce = CoalesceStreamsPreprocessor()  # type: ignore[no-untyped-call]


def _execute_then_coalesce(original: Any) -> Any:
    def preprocess_cell(self: Any, cell: Any, resources: Any, index: int) -> Any:
        cell, resources = original(self, cell, resources, index)
        return _coalesce.preprocess_cell(cell, resources, index)  # type: ignore[no-untyped-call]

    preprocess_cell.__wrapped__ = original  # type: ignore[attr-defined]
    return preprocess_cell


def on_config(config: Any) -> None:
    current = ExecutePreprocessor.preprocess_cell
    if not hasattr(current, "__wrapped__"):  # once per process (mkdocs serve rebuilds)
        ExecutePreprocessor.preprocess_cell = _execute_then_coalesce(current)  # type: ignore[method-assign]
