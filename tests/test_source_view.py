"""The chapters' view of the package's code: the lines that do the math, and only real lines."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
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
    assert source.count("# guard") == 6
    assert "raise TrainingDiverged" in source


def test_a_guard_hides_its_whole_statement_and_nothing_else() -> None:
    source = (
        "def f(x):\n"
        "    if x < 0:  # guard\n"
        "        x = -x\n"
        "\n"
        "        raise ValueError\n"
        "    y = check(  # guard\n"
        "        x,\n"
        "    )\n"
        '    """A string that ends in # guard"""\n'
        "    return y  # a guard of a different kind is shown\n"
    )
    assert without_guards(source) == (
        "def f(x):\n"
        '    """A string that ends in # guard"""\n'
        "    return y  # a guard of a different kind is shown\n"
    )


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("if a:  # guard\n    b()\nelse:\n    c()\n", "else, except or finally"),
        ("try:  # guard\n    b()\nexcept KeyError:\n    c()\n", "else, except or finally"),
        ("for x in xs:\n    check(x)  # guard\n", "empty"),
        ("y = f(\n    x,  # guard\n)\n", "not on the first line"),
    ],
    ids=["if-else", "try-except", "empty-block", "inside-a-statement"],
)
def test_a_guard_that_would_hide_running_code_is_refused(source: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        without_guards(source)


#: Every source view the chapters print (docs/*.md and docs/beyond/*.md), with its options.
CHAPTER_VIEWS: list[tuple[str, dict[str, Any]]] = [
    ("nanoneuron.train_model", {"start": "cost_history"}),
    ("nanoneuron.celsius_to_fahrenheit", {}),
    ("nanoneuron.generate_data_sets", {}),
    ("nanoneuron.propagation.forward_pass", {}),
    ("nanoneuron.propagation.backward_pass", {}),
    ("nanoneuron.cost.half_squared_error", {}),
    ("nanoneuron.NanoNeuron.predict", {"body_only": False}),
    ("nanoneuron.beyond.normalization.Standardizer.fit", {"body_only": False, "docstring": False}),
    (
        "nanoneuron.beyond.normalization.Standardizer.apply",
        {"body_only": False, "docstring": False},
    ),
    ("nanoneuron.beyond.network._backward", {"body_only": False, "docstring": False}),
    ("nanoneuron.beyond.logistic._gradient_step", {"body_only": False, "docstring": False}),
    ("nanoneuron.beyond.autograd.Value", {}),
]


def resolve(dotted: str) -> Any:
    module_name, _, rest = dotted.partition(".")
    module: Any = importlib.import_module(module_name)
    parts = rest.split(".")
    for index in range(len(parts), 0, -1):  # the longest importable module prefix
        try:
            module = importlib.import_module(".".join([module_name, *parts[:index]]))
        except ImportError:
            continue
        parts = parts[index:]
        break
    for part in parts:
        module = getattr(module, part)
    return module


@pytest.mark.parametrize(("name", "options"), CHAPTER_VIEWS, ids=[n for n, _ in CHAPTER_VIEWS])
def test_every_chapter_view_is_python_that_parses(name: str, options: dict[str, Any]) -> None:
    code = "\n".join(shown_lines(resolve(name), **options))
    ast.parse(code)
    assert "# guard" not in code


def test_the_list_of_views_is_the_chapters_list() -> None:
    """Every show_source call on a page is one of CHAPTER_VIEWS (by the name it shows)."""
    root = Path(__file__).resolve().parents[1] / "docs"
    shown = set()
    for page in [*root.glob("*.md"), *root.glob("beyond/*.md")]:
        shown.update(re.findall(r"show_source\((\w+(?:\.\w+)?)", page.read_text(encoding="utf-8")))
    listed = {name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1] for name, _ in CHAPTER_VIEWS}
    listed |= {name.rsplit(".", 1)[-1] for name, _ in CHAPTER_VIEWS}
    assert len(shown) >= 10, f"the pages' show_source calls were not found: {shown}"
    assert shown <= listed, f"views not in CHAPTER_VIEWS: {sorted(shown - listed)}"


def test_a_view_can_begin_at_the_line_that_holds_a_text() -> None:
    # The whole line, though the text is in its middle; and the body's very first line.
    assert (
        show_source(celsius_to_fahrenheit, start="+ b") == "```python\nf = c * w + b\nreturn f\n```"
    )
    first = show_source(celsius_to_fahrenheit, start="    w = 1.8")
    assert first == show_source(celsius_to_fahrenheit)
    with pytest.raises(ValueError, match=r"^start 'x = 2' is not in the source of celsius_to_"):
        show_source(celsius_to_fahrenheit, start="x = 2")


def test_the_whole_view_keeps_the_docstring_unless_asked() -> None:
    whole = show_source(celsius_to_fahrenheit, body_only=False)
    assert whole.startswith('```python\ndef celsius_to_fahrenheit(c: float) -> float:\n    """')
    assert "This is the rule the neuron has to discover" in whole
    bare = show_source(celsius_to_fahrenheit, body_only=False, docstring=False)
    assert '"""' not in bare
    assert bare.splitlines()[1:3] == [
        "def celsius_to_fahrenheit(c: float) -> float:",
        "    w = 1.8",
    ]
