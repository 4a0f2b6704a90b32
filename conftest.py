"""Test configuration shared by the whole repository.

- Sybil runs the examples of the docs and docstrings as doctests: ```` ```pycon ```` blocks in
  README.md and docs/, and ``Examples:`` in the package's docstrings.
- Sybil's stock Markdown parsers skip markdown-exec fences (```` ```python exec="on" ... ````);
  a small lexer of ours finds them, so each is checked for the ``id`` and ``session`` that let
  a failing block be located. (The build itself runs them.)
- ``built_site``: one strict build of the site per test session, shared by the tests that read it,
  made with an empty execution cache of its own, so no test passes on a stale output.
- The tiers, set here and nowhere else (``make test-fast`` runs the first):

  - ``unit``: pure functions, properties, reference runs, doctests; seconds, in parallel;
  - ``site``: tests that build a site (the shared ``built_site``, or a small one of their own);
  - ``browser``: tests under ``tests/browser/`` (Chromium on the built site);
  - ``slow``: whole-build comparisons and very long runs (:data:`SLOW`, or ``@pytest.mark.slow``).

  Under pytest-xdist the tests are shared out file by file (``--dist loadfile``: the examples
  of one page or docstring share a namespace), and the workers share one build of the site.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings
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


#: What reading a file looks like in a block's code.
READS_A_FILE = re.compile(r"\bopen\(|\.read_(?:text|bytes)\(|\bnp\.load(?:txt)?\(|\bjson\.load\(")


def check_exec_block(example: Example) -> str | None:
    """A markdown-exec block must carry a site-unique ``id`` and a ``session``, and read no file.

    A file a block reads is not part of the execution cache's key, so an edit to it would
    leave the cached output stale; a page includes such a file with pymdownx.snippets.
    """
    option_text, code = example.parsed
    options = dict(item.split("=", 1) for item in shlex.split(option_text) if "=" in item)
    where = f"{Path(example.path).relative_to(ROOT)}:{example.line}"
    if "id" not in options:
        return f"markdown-exec block at {where} has no id: a failure in it could not be located"
    if "session" not in options:
        return f"markdown-exec block {options['id']!r} at {where} has no session"
    first = _seen_block_ids.setdefault(options["id"], where)
    if first != where:
        return f"markdown-exec block id {options['id']!r} at {where} is also used at {first}"
    if READS_A_FILE.search(code):
        return (
            f"markdown-exec block {options['id']!r} at {where} reads a file at run time: its"
            " content is not in the execution cache's key; include the file into the page"
            ' with pymdownx.snippets (--8<-- "name") instead'
        )
    return None


def exec_block_parser(document: Document) -> Iterator[Region]:
    for lexed in RawFencedCodeBlockLexer(info_pattern=EXEC_FENCE)(document):
        parsed = (lexed.lexemes["options"], lexed.lexemes["source"])
        yield Region(lexed.start, lexed.end, parsed, check_exec_block)


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


def mkdocs_build(
    config: Path, destination: Path, environment: dict[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The command line and the environment of ``mkdocs build --strict`` for ``config``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environment or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return [*command, "-f", str(config), "-d", str(destination)], env


def build_site(
    config: Path,
    destination: Path,
    environment: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` for ``config`` into ``destination``.

    ``environment`` is added to the process's environment; ``cwd`` is where mkdocs starts
    (relative paths in ``config`` and ``destination`` are relative to it).
    """
    command, env = mkdocs_build(config, destination, environment)
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=False)


# Property tests: no deadline (time is measured by benchmarks, never asserted on a shared
# machine), and on CI the same examples on every run, so a run fails only for a change.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
# The inner loop (`make test-fast`, `--hypothesis-profile fast`): a fifth of the examples of a
# full run (`tests.conftest.examples` scales the tests that set their own count). `make test`
# and CI draw them all.
settings.register_profile("fast", deadline=None, max_examples=20)
settings.load_profile("ci" if os.environ.get("CI") else "default")

TIERS = {
    "unit": "fast tests of the package, the hooks and the examples (make test-fast)",
    "site": "tests that build a site",
    "browser": "tests that drive Chromium on the built site",
    "slow": "whole-build comparisons and very long runs",
}
#: Tests in the slow tier by their node id's start (files, or single tests).
SLOW = (
    "tests/test_reproducible_build.py",
    "tests/test_fast.py::test_closed_form_agrees_over_a_million_epochs",
    # The command line's run with the original's settings (its defaults are checked in unit).
    "tests/test_cli.py::test_json_reproduces_the_reference_run[original-70000-epochs]",
    # The stand-alone program's own 70000-epoch loop (its shorter reference runs stay in unit).
    "tests/test_whole_program.py::test_the_program_prints_the_reference_run[original-70000-epochs]",
)
#: Fixtures that build a site: a test using one (directly or not) is in the site tier.
SITE_FIXTURES = {"built_site", "site_builder"}


def pytest_configure(config: pytest.Config) -> None:
    for name, description in TIERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")


def tier_of(item: pytest.Item) -> str:
    """The tier of a collected test (see the module's docstring)."""
    node = item.nodeid
    if item.get_closest_marker("slow") or node.startswith(SLOW):
        return "slow"
    if node.startswith("tests/browser/"):
        return "browser"
    if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return "site"
    return "unit"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        tier = tier_of(item)
        if not item.get_closest_marker(tier):
            item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(scope="session")
def under_xdist() -> bool:
    """Whether this process is a pytest-xdist worker (one of several sharing the test run)."""
    return bool(os.environ.get("PYTEST_XDIST_WORKER"))


@pytest.fixture(scope="session")
def run_tmp_path(tmp_path_factory: pytest.TempPathFactory, under_xdist: bool) -> Path:
    """The test run's own temporary directory, shared by its pytest-xdist workers.

    Each worker's ``tmp_path_factory`` lives in a directory of its own below it; without
    xdist it is the session's own. Work done once per test run (the site's build, the long
    runs of the faithful loop) is kept here, under a file lock.
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if under_xdist else base


class SiteBuild:
    """The shared build of the site, started in the background as soon as a test run needs it.

    The first worker to start the run's tests starts ``mkdocs build --strict`` (under a file
    lock, so once per run), and the workers go on with tests that need no site while it
    builds; ``wait`` then gives the built site, or fails with the build's log. A thread of the
    worker that started the build writes a file when it ends (``.done`` or ``.failed``, whole:
    written aside, then renamed), which is what every worker waits for. That worker waits for
    the build before it ends, unless the test run is stopping (``-x``, ``--maxfail``): the
    build is then stopped, and ends as a failed one.
    """

    #: Not a measure of speed, a guard against waiting forever for a worker that died while it
    #: built the site: longer than any build takes on a loaded 2-core machine.
    TIMEOUT_SECONDS = 1200

    def __init__(self, directory: Path) -> None:
        self.site = directory / "built-site"
        self.done = directory / "built-site.done"
        self.failed = directory / "built-site.failed"
        self.started = directory / "built-site.started"
        self.cache = directory / "built-site-cache"
        self.lock = FileLock(str(directory / "built-site.lock"))
        self.thread: threading.Thread | None = None
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Start the build, unless a worker of this run already has."""
        with self.lock:
            if self.started.exists():
                return
            self.started.touch()
            command, env = mkdocs_build(
                ROOT / "mkdocs.yml", self.site, {"NANONEURON_CACHE_DIR": str(self.cache)}
            )
            try:
                self.process = subprocess.Popen(
                    command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
                )
            except OSError as error:
                self._end(False, f"the build could not start: {error!r}")
                return
        self.thread = threading.Thread(target=self._collect, name="site-build", daemon=True)
        self.thread.start()

    def _collect(self) -> None:
        assert self.process is not None
        log, _ = self.process.communicate()
        self._end(self.process.returncode == 0, log)

    def _end(self, ok: bool, log: str) -> None:
        marker = self.done if ok else self.failed
        aside = marker.with_name(marker.name + ".partial")
        aside.write_text(log, encoding="utf-8")
        os.replace(aside, marker)

    def wait(self) -> Path:
        """The built site, once the build has ended; the tests fail with its log if it failed."""
        self.start()
        deadline = time.monotonic() + self.TIMEOUT_SECONDS
        while not (self.done.exists() or self.failed.exists()):
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the site's build did not end in {self.TIMEOUT_SECONDS} s", pytrace=False
                )
            time.sleep(0.1)
        if self.failed.exists():
            log = self.failed.read_text(encoding="utf-8")
            pytest.fail(f"mkdocs build --strict failed:\n{log}", pytrace=False)
        return self.site

    def finish(self, stopping: bool) -> None:
        """Wait for a build this worker started; if the run is stopping, stop the build."""
        if self.process is None or self.thread is None:
            return
        if stopping and self.process.poll() is None:
            self.process.terminate()  # it then ends as a failed build, with what it printed
        self.thread.join()


@pytest.fixture(scope="session")
def site_build(request: pytest.FixtureRequest, run_tmp_path: Path) -> Iterator[SiteBuild]:
    build = SiteBuild(run_tmp_path)
    yield build
    build.finish(stopping=bool(request.session.shouldstop or request.session.shouldfail))


@pytest.fixture(scope="session", autouse=True)
def _start_the_site_build_early(request: pytest.FixtureRequest) -> None:
    """If any test of the run reads the shared site, start building it before the first test."""
    if any("built_site" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("site_build").start()


@pytest.fixture(scope="session")
def built_site(site_build: SiteBuild) -> Path:
    """The site, built strictly once per test run; the build's failure fails the tests using it.

    The build runs every block with an execution cache of its own, empty at the start, so what
    the tests read is what the code prints now (never an output cached by an earlier build).
    It starts before the first test (see :class:`SiteBuild`); under pytest-xdist the workers
    share it through the run's temporary directory.
    """
    return site_build.wait()


@pytest.fixture(scope="session")
def site_builder() -> object:
    """:func:`build_site`, for tests that build a site of their own."""
    return build_site
