"""Which blocks run in the reader's browser, and what the site ships for them (docs/hooks/runner.py).

Unit tests drive the rule on small pieces of code against the real package and the real Pyodide
standard library (``node_modules/pyodide``); ``runner_session.py`` is checked against markdown-exec's
own runner. The site tests read the shared strict build.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
import json
import re
import sys
from html import unescape
from pathlib import Path
from types import ModuleType

import pytest
from markdown_exec._internal.formatters.python import _run_python

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "docs" / "hooks"
ARTICLE_WITH_RUNNERS = ("model", "conversion", "data", "cost", "forward", "backward", "training")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"nn_{name}", HOOKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


hook = _load("runner")
session = _load("runner_session")


@pytest.fixture(scope="module")
def browser() -> object:
    stdlib = hook.pyodide_stdlib(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip")
    return hook.Browser(stdlib, hook.package_modules(ROOT / "nanoneuron"))


def test_doctests() -> None:
    for module in (hook, session):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0, module.__name__


def test_the_stdlib_is_pyodides_less_what_a_tab_cannot_run(browser: object) -> None:
    stdlib = browser.stdlib  # type: ignore[attr-defined]
    for name in ("math", "random", "json", "collections", "inspect", "textwrap", "numbers"):
        assert name in stdlib, name
    for name in ("subprocess", "threading", "tkinter", "numpy"):
        assert name not in stdlib, name


def test_the_browser_gets_the_core_and_not_numpy_or_matplotlib(browser: object) -> None:
    shipped = set(browser.shipped)  # type: ignore[attr-defined]
    core = {"nanoneuron", "nanoneuron.model", "nanoneuron.data", "nanoneuron.cost"}
    core |= {"nanoneuron.propagation", "nanoneuron.training", "nanoneuron._checks"}
    assert core <= shipped
    for module in ("nanoneuron.fast", "nanoneuron.plots", "nanoneuron.plots._svg"):
        assert module not in shipped, module
    assert "matplotlib" in browser.missing["nanoneuron.plots._svg"]  # type: ignore[attr-defined]
    assert "NumPy" in browser.missing["nanoneuron.fast"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("from nanoneuron import NanoNeuron, train_model\nprint(NanoNeuron(1, 2))", ""),
        ("import math, random\nprint(math.pi)", ""),
        ("import numpy as np", "it needs NumPy, which the site does not ship"),
        ("from nanoneuron import plots", "it imports nanoneuron.plots, which needs matplotlib"),
        ("from nanoneuron.plots import conversion", "nanoneuron.plots, which needs matplotlib"),
        ("import subprocess", "it uses subprocess, which a browser tab cannot run"),
        ("from nanoneuron import train_model_vectorized", "is loaded on first use"),
        ("import nanoneuron.nothing", "there is no module nanoneuron.nothing"),
        ("def f():\n    import numpy\n", "it needs NumPy"),
        ("print(undefined_name)", "it uses undefined_name, which no earlier block"),
        ("print(len([1]), sorted({2}))", ""),
        ("def f(a):\n    b = a\n    return b\nprint(f(1))", ""),
    ],
)
def test_one_block_alone(browser: object, code: str, reason: str) -> None:
    verdict = hook.Sessions().verdict(code, "s", "s-1", browser)
    assert (verdict == "") if not reason else (reason in verdict), verdict


def test_a_block_needs_the_state_of_earlier_blocks_that_run_in_the_browser(
    browser: object,
) -> None:
    sessions = hook.Sessions()
    assert sessions.verdict("from nanoneuron import generate_data_sets as g\nx = g()", "s", "a", browser) == ""  # fmt: skip
    assert "needs NumPy" in sessions.verdict("import numpy as np\ny = np.array(x[0])", "s", "b", browser)  # fmt: skip
    assert sessions.verdict("print(len(x))", "s", "c", browser) == ""
    assert "it uses y from the block b, which runs at build only" in sessions.verdict(
        "print(y)", "s", "d", browser
    )
    # x rebound by a build-only block: a later reader of x would see another value in the browser.
    sessions.verdict("x = np.zeros(3)", "s", "e", browser)
    assert "from the block e" in sessions.verdict("print(x)", "s", "f", browser)
    # A block the caller rules out (HTML output, hidden code) is build-only for what it binds.
    assert sessions.verdict("z = 1", "s", "g", browser, given="hidden") == "hidden"
    assert "from the block g" in sessions.verdict("print(z)", "s", "h", browser)
    # Sessions do not share names.
    assert "no earlier block" in sessions.verdict("print(x)", "other", "i", browser)


def test_the_runner_markup_is_labelled_and_carries_code_and_output_exactly() -> None:
    code = 'print("<b>&amp;</b>")\nx = 1 < 2'
    output = "</script>\n  two spaces\n"
    markup = hook.runner_html("page-block", "page", code, output, "a note")
    attributes = dict(re.findall(r'data-nn-([a-z-]+)="([^"]*)"', markup))
    assert unescape(attributes["code"]) == code
    assert unescape(attributes["expected"]) == output
    label = re.search(r'<label for="([^"]+)">', markup)
    assert label
    assert f'<textarea id="{label.group(1)}"' in markup
    assert re.search(r"<button[^>]*>Run</button>", markup)
    assert 'role="status"' in markup
    assert 'aria-live="polite"' in markup
    assert "<b>" not in markup


@pytest.mark.parametrize(
    "code",
    [
        "print(1, 2, sep=',')",
        "print('a', end='')\nprint('b', flush=True)",
        "x = [0.1 + 0.2, 1e-7, 2 ** 0.5]\nprint(x)\nprint(f'{x[0]:.20g}')",
        "print()\nprint('  lead and trail  ')\nprint('')",
        "for i in range(3):\n    print(i, i * 0.1)",
    ],
)
def test_run_block_prints_what_markdown_exec_prints(code: str) -> None:
    """The browser's runner and the build's runner, on the same code, in CPython."""
    build = _run_python(code, session="nn-runner-test", id="nn-runner-test")
    browser_output, error = session.run_block(code, "nn-runner-test", "nn-runner-test")
    assert error is None
    assert browser_output == build


def test_a_run_shows_the_start_of_a_long_output_and_counts_the_rest() -> None:
    """A loop that prints at every step: the first characters, then how many were left out."""
    limit = session.MAX_OUTPUT_CHARACTERS
    line = "0123456789abcdefghi\n"  # 20 characters
    lines = 3 * limit // len(line)
    output, error = session.run_block(
        f"for _ in range({lines}):\n    print({line[:-1]!r})", "o", "o-1"
    )
    assert error is None
    shown, note = output[:limit], output[limit:]
    assert shown == line * (limit // len(line))
    assert note == (
        f"\n[{2 * limit:,} more characters of output not shown: a run shows its first {limit:,}]\n"
    )
    # Written to sys.stdout in pieces across the limit, and up to the limit exactly: no note.
    output, _ = session.run_block(
        f"import sys\nsys.stdout.write('a' * {limit - 1})\nsys.stdout.write('bc')", "o", "o-2"
    )
    assert output.startswith("a" * (limit - 1) + "b\n[1 more character of output not shown")
    output, _ = session.run_block(f"print('a' * {limit - 1})", "o", "o-3")
    assert output == "a" * (limit - 1) + "\n"


def test_run_block_reports_errors_as_python_tracebacks() -> None:
    output, error = session.run_block("print('so far')\nint('x')", "e", "e-1")
    assert output == "so far\n"
    assert error is not None
    assert error.startswith("Traceback (most recent call last):")
    assert '  File "<e-1>", line 2, in <module>' in error
    assert "    int('x')" in error  # the offending line, shown from the block's own code
    assert error.rstrip().endswith("ValueError: invalid literal for int() with base 10: 'x'")
    assert "runner_session" not in error  # the runner's own frame is not the reader's concern
    _, syntax = session.run_block("print(", "e", "e-2")
    assert syntax is not None
    assert "SyntaxError" in syntax


# --- the built site ----------------------------------------------------------------------------------


def test_runners_are_on_the_article_chapters_only(built_site: Path) -> None:
    pages = {
        html.parent.relative_to(built_site).as_posix()
        for html in built_site.rglob("index.html")
        if "data-nn-runner=" in html.read_text(encoding="utf-8")
    }
    assert pages == set(ARTICLE_WITH_RUNNERS) | {"together"}


def test_chart_and_numpy_blocks_say_they_run_at_build_only(built_site: Path) -> None:
    together = (built_site / "together" / "index.html").read_text(encoding="utf-8")
    notes = re.findall(r'class="nn-run-build-only">([^<]*)<', together)
    assert any("NumPy" in note for note in notes), notes
    assert any("matplotlib" in note for note in notes), notes
    run_page = (built_site / "run" / "index.html").read_text(encoding="utf-8")
    assert "it uses subprocess" in run_page


def test_pages_load_the_runner_only_where_there_are_runners(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        has_runner = "data-nn-runner=" in text
        assert ("javascripts/runner.js" in text) == has_runner, html
        assert "assets/pyodide" not in text, html  # Python is fetched by the worker, on Run


def test_the_site_ships_pyodide_and_the_package_source_it_was_built_from(
    built_site: Path,
) -> None:
    dist = ROOT / "node_modules" / "pyodide"
    for name in hook.PYODIDE_FILES:
        assert (built_site / "assets" / "pyodide" / name).read_bytes() == (dist / name).read_bytes()
    files = json.loads((built_site / "assets" / "runner" / "files.json").read_text())["files"]
    assert files.pop("runner_session.py") == (HOOKS / "runner_session.py").read_text()
    assert {"nanoneuron/training.py", "nanoneuron/model.py", "nanoneuron/__init__.py"} <= set(files)
    assert not any(path.startswith(("nanoneuron/plots", "nanoneuron/fast")) for path in files)
    for path, text in files.items():
        assert text == (ROOT / path).read_text(encoding="utf-8"), path
    package = json.loads((ROOT / "package.json").read_text())
    version = json.loads((dist / "package.json").read_text())["version"]
    assert package["devDependencies"]["pyodide"] == version  # pinned exactly


@pytest.mark.parametrize(
    ("code", "package", "module"),
    [
        ("if True:\n    pass\nelse:\n    import numpy\n", "", "numpy"),
        ("try:\n    import json\nexcept ImportError:\n    import numpy\n", "", "numpy"),
        ("try:\n    pass\nfinally:\n    import numpy\n", "", "numpy"),
        ("from .model import NanoNeuron\n", "nanoneuron.beyond", "nanoneuron.beyond.model"),
        ("from ..model import NanoNeuron\n", "nanoneuron.beyond", "nanoneuron.model"),
        ("from . import cost\n", "nanoneuron", "nanoneuron.cost"),
    ],
)
def test_every_import_a_module_runs_on_import_is_found(
    code: str, package: str, module: str
) -> None:
    assert module in hook.imported_modules(ast.parse(code), package)


def test_names_bound_by_import_as_and_except_as_are_known(browser: object) -> None:
    sessions = hook.Sessions()
    assert sessions.verdict("import math as m", "s", "a", browser) == ""
    assert sessions.verdict("print(m.pi)", "s", "b", browser) == ""
    assert sessions.verdict("import random as r\nprint(r.random() < 1)", "s", "b2", browser) == ""
    caught = 'try:\n    int("x")\nexcept ValueError as error:\n    print(error)\n'
    assert sessions.verdict(caught, "s", "c", browser) == ""


def test_modules_that_import_each_other_are_shipped_when_nothing_else_stops_them() -> None:
    def module(name: str, imports: set[str]) -> object:
        return hook.Module(name, Path(f"{name}.py"), frozenset(imports), frozenset())

    modules = {"pkg": module("pkg", {"pkg.b", "math"}), "pkg.b": module("pkg.b", {"pkg"})}
    browser = hook.Browser(frozenset({"math"}), modules)
    assert browser.shipped == ["pkg", "pkg.b"]
    with_numpy = {**modules, "pkg.b": module("pkg.b", {"pkg", "numpy"})}
    assert hook.Browser(frozenset({"math"}), with_numpy).shipped == []


@pytest.mark.parametrize(("lines", "rows"), [(1, 3), (10, 11), (50, 30)])
def test_the_code_box_fits_the_code_between_3_and_30_rows(lines: int, rows: int) -> None:
    code = "\n".join(f"x{i} = {i}" for i in range(lines))
    assert f'rows="{rows}"' in hook.runner_html("b", "s", code, "", "")
