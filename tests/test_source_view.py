"""The chapters' view of the package's code: the lines that do the math, and only real lines."""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from nanoneuron import celsius_to_fahrenheit, train_model
from nanoneuron._source import show_source, without_guards


def shown_lines(obj: Callable[..., Any], **options: Any) -> list[str]:
    block = show_source(obj, **options)
    assert block.startswith("```python\n")
    assert block.endswith("\n```")
    return block.removeprefix("```python\n").removesuffix("\n```").splitlines()


@pytest.mark.parametrize("obj", [train_model, celsius_to_fahrenheit])
def test_the_view_is_the_source_minus_whole_lines(obj: Callable[..., Any]) -> None:
    """Every line shown is a line of the function, in its order: nothing is rewritten."""
    source = textwrap.dedent(inspect.getsource(obj)).splitlines()
    shown = [line for line in shown_lines(obj, body_only=False) if line.strip()]
    position = 0
    for line in shown:
        # Each shown line appears later in the source, with the same text (indentation of the
        # whole view may differ by the dedent).
        while position < len(source) and source[position].strip() != line.strip():
            position += 1
        assert position < len(source), f"{line!r} is not a line of the source, in order"
        position += 1


def test_the_training_chapter_sees_the_loop_not_its_guards() -> None:
    shown = "\n".join(shown_lines(train_model, start="cost_history"))
    for math in (
        "predictions, cost = forward_pass(model, x_train, y_train)",
        "dw, db = backward_pass(predictions, x_train, y_train)",
        "model.w += alpha * dw",
        "model.b += alpha * db",
        "cost_history.append(cost)",
    ):
        assert math in shown
    for guard in ("raise", "isfinite", "start", "check_rise", "# guard"):
        assert guard not in shown
    # ...while the function itself keeps them.
    source = inspect.getsource(train_model)
    assert source.count("# guard") == 5
    assert "raise TrainingDiverged" in source


def test_a_guard_hides_its_whole_block_and_nothing_after() -> None:
    source = (
        "def f(x):\n"
        "    if x < 0:  # guard\n"
        "        x = -x\n"
        "\n"
        "        raise ValueError\n"
        "    y = x  #  guard \n"
        "    return y  # a guard of a different kind is shown\n"
    )
    assert without_guards(source) == (
        "def f(x):\n    return y  # a guard of a different kind is shown\n"
    )
