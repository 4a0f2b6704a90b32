"""Write docs/tutorial.ipynb: the article's chapters as one Jupyter notebook.

The chapters are the single source: their prose becomes markdown cells and their
code blocks that show their source or a chart become code cells, in the order of the site's
navigation. Blocks that only display the package's own source are left out (a notebook
reader can open the module). A chart block's ``print(chart)`` becomes a bare expression,
so Jupyter displays the SVG. Material-only syntax (tabs, admonitions) is turned into plain
Markdown, and links to other pages into plain text.

Run ``make notebook`` after editing a chapter; a test fails while the committed
notebook differs from what this script writes.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOK = DOCS / "tutorial.ipynb"
FENCE = re.compile(
    r"^(?P<indent> *)```python (?P<options>[^\n]*)\n(?P<code>.*?)^(?P=indent)```[ \t]*$\n?",
    re.M | re.S,
)


@functools.cache
def settings() -> dict[str, Any]:
    """mkdocs.yml as MkDocs' own YAML loader reads it (its tags included).

    Not validated as a whole, which would import every plugin: a tenth of a second instead
    of one, paid by every test process that collects the docs tests.
    """
    config_file = ROOT / "mkdocs.yml"
    loader = get_yaml_loader(config=MkDocsConfig(config_file_path=str(config_file)))
    with config_file.open("rb") as source:
        return yaml_load(source, loader)


def nav() -> list[Any]:
    """The site's navigation, as MkDocs reads it from mkdocs.yml: the one list of pages."""
    return list(settings()["nav"])


def article_pages() -> list[str]:
    """The home page and the chapters of the article, in navigation order."""
    pages: list[str] = []
    for entry in nav():
        for title, target in entry.items():
            if title == "Home":
                pages.append(target)
            elif title == "The article":
                pages.extend(next(iter(item.values())) for item in target)
    return pages


def plain_markdown(text: str) -> str:
    """Turn Material-only Markdown into what Jupyter renders."""
    text = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", text)  # links to other pages
    # A Python file included into a fence (the whole program) is written in, once the Markdown is
    # de-indented below; other included files are page furniture (the explorer), left out.
    text = re.sub(r'^--8<-- "([\w-]+\.py)"$', "\0\\1", text, flags=re.M)
    text = re.sub(r"^--8<-- .*\n?", "", text, flags=re.M)
    text = re.sub(r"^<!-- fmt: (?:off|on) -->\n?", "", text, flags=re.M)  # for ruff format only
    text = re.sub(r'^=== "([^"]+)"\s*$', r"**\1**", text, flags=re.M)  # content tabs
    admonition = r'^ *(?:!!!|\?\?\?\+?) \w+ "([^"]+)"\s*$'  # plain or folded (details)
    text = re.sub(admonition, r"> **\1**", text, flags=re.M)  # admonitions
    lines = []
    for line in text.splitlines():
        lines.append(line[4:] if line.startswith("    ") else line)
    return re.sub(
        r"^\0(.+)$",
        lambda m: (DOCS / "snippets" / m.group(1)).read_text(encoding="utf-8").rstrip("\n"),
        "\n".join(lines).strip(),
        flags=re.M,
    )


def code_cell(code: str) -> str:
    """The code of a block; a final ``print(plots.chart(...))`` becomes ``plots.chart(...)``.

    The page prints a chart's SVG into its HTML; a notebook displays the Chart object instead.
    """
    code = code.rstrip("\n")
    last = ast.parse(code).body[-1]
    if (
        isinstance(last, ast.Expr)
        and isinstance(last.value, ast.Call)
        and isinstance(last.value.func, ast.Name)
        and last.value.func.id == "print"
        and len(last.value.args) == 1
        and isinstance(chart := last.value.args[0], ast.Call)
        and isinstance(chart.func, ast.Attribute)
        and isinstance(chart.func.value, ast.Name)
        and chart.func.value.id == "plots"
    ):
        lines = code.splitlines()
        expression = textwrap.dedent(
            " " * chart.col_offset + (ast.get_source_segment(code, chart) or "")
        )
        code = "\n".join([*lines[: last.lineno - 1], expression])
    return code


def cells_of(page: str) -> list[tuple[str, str]]:
    text = (DOCS / page).read_text(encoding="utf-8")
    repo_url = str(settings()["repo_url"]).rstrip("/")
    text = text.replace("{{ repo_url }}", repo_url)  # as docs/hooks/repo_url.py does for the site
    cells: list[tuple[str, str]] = []
    position = 0
    for match in FENCE.finditer(text):
        prose = plain_markdown(text[position : match.start()])
        if prose:
            cells.append(("markdown", prose))
        options, indent = match["options"], len(match["indent"])
        code = "\n".join(line[indent:] for line in match["code"].splitlines())
        # Code the page shows, and charts; not page furniture such as the explorer widget.
        if 'source="above"' in options or ('html="1"' in options and "plots." in code):
            cells.append(("code", code_cell(code)))
        position = match.end()
    prose = plain_markdown(text[position:])
    if prose:
        cells.append(("markdown", prose))
    return cells


INTRO = (
    "**The whole NanoNeuron tutorial as one notebook.** "
    "[Download it](tutorial.ipynb) and run it in Jupyter where the `nanoneuron` package is installed "
    "(`pip install -e .` in a clone of the project). Every output below was produced by running it."
)


def notebook() -> dict[str, object]:
    cells: list[dict[str, object]] = [
        {
            "cell_type": "markdown",
            "id": "intro",
            "metadata": {},
            "source": INTRO.splitlines(keepends=True),
        }
    ]
    pages = article_pages()
    for page in pages:
        stem = Path(page).stem
        for number, (kind, source) in enumerate(cells_of(page), start=1):
            cell: dict[str, object] = {
                "cell_type": kind,
                "id": f"{stem}-{number}",
                "metadata": {},
                "source": source.splitlines(keepends=True),
            }
            if kind == "code":
                cell.update(execution_count=None, outputs=[])
            cells.append(cell)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            # The pages this notebook holds; the build links each of them to the notebook.
            "nanoneuron": {"chapters": pages},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def render() -> str:
    return json.dumps(notebook(), indent=1, ensure_ascii=False) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new, never a part.

    The text goes to a temporary file beside ``path``, which then replaces it in one step
    (``os.replace``); if anything fails on the way, the old file is left as it was.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main() -> int:
    write_atomically(NOTEBOOK, render())
    print(f"wrote {NOTEBOOK.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
