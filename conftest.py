"""Test configuration shared by the whole repository.

- Sybil runs the examples of the docs and docstrings as doctests: ```` ```pycon ```` blocks in
  README.md and docs/, and ``Examples:`` in the package's docstrings.
- Sybil's stock Markdown parsers skip markdown-exec fences (```` ```python exec="on" ... ````);
  a small lexer of ours finds them, so each is checked for the ``id`` and ``session`` that let
  a failing block be located. (The build itself runs them.)
- ``built_site``: one strict build of the site per test session, shared by the tests that read it.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sybil import Document, Example, Region, Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer
from sybil.parsers.rest import DocTestParser

ROOT = Path(__file__).parent
OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


class PyconParser:
    """Doctests in ```` ```pycon ```` fences of Markdown files."""

    def __init__(self, optionflags: int) -> None:
        self.lexer = RawFencedCodeBlockLexer(
            info_pattern=re.compile(r"pycon[ \t]*$\n", re.MULTILINE)
        )
        self.string_parser = DocTestStringParser(DocTestEvaluator(optionflags))

    def __call__(self, document: Document) -> Iterable[Region]:
        for lexed in self.lexer(document):
            source = lexed.lexemes["source"]
            for region in self.string_parser(source, document.path):
                region.adjust(lexed, source)
                yield region


EXEC_FENCE = re.compile(
    r"(?P<language>python|pycon|console|bash|sh)[ \t]+(?P<options>[^\n]*\bexec=[^\n]*)$\n",
    re.MULTILINE,
)
_seen_block_ids: dict[str, str] = {}


def check_exec_block(example: Example) -> str | None:
    """A markdown-exec block must carry a site-unique ``id`` and a ``session``."""
    options = dict(item.split("=", 1) for item in shlex.split(example.parsed) if "=" in item)
    where = f"{Path(example.path).relative_to(ROOT)}:{example.line}"
    if "id" not in options:
        return f"markdown-exec block at {where} has no id: a failure in it could not be located"
    if "session" not in options:
        return f"markdown-exec block {options['id']!r} at {where} has no session"
    first = _seen_block_ids.setdefault(options["id"], where)
    if first != where:
        return f"markdown-exec block id {options['id']!r} at {where} is also used at {first}"
    return None


def exec_block_parser(document: Document) -> Iterator[Region]:
    for lexed in RawFencedCodeBlockLexer(info_pattern=EXEC_FENCE)(document):
        yield Region(lexed.start, lexed.end, lexed.lexemes["options"], check_exec_block)


markdown_examples = Sybil(
    parsers=[PyconParser(OPTIONFLAGS), exec_block_parser],
    patterns=["README.md", "docs/*.md", "docs/*/*.md"],
    path=str(ROOT),
)
docstring_examples = Sybil(
    parsers=[DocTestParser(optionflags=OPTIONFLAGS)],
    patterns=["nanoneuron/*.py", "nanoneuron/*/*.py"],
    excludes=["nanoneuron/__main__.py"],
    path=str(ROOT),
)
pytest_collect_file = (markdown_examples + docstring_examples).pytest()


def build_site(config: Path, destination: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` for ``config`` into ``destination``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(destination),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly once per test session; the build's failure fails the tests using it."""
    destination = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", destination)
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False
        )
    return destination


@pytest.fixture(scope="session")
def site_builder() -> object:
    """:func:`build_site`, for tests that build a site of their own."""
    return build_site
