"""Cache what the pages' code blocks print, so a rebuild runs only the code that changed.

markdown-exec runs every ``python exec="on"`` block on every build, and the pages retrain
the neuron many times over. This hook keeps the *output* of each executed block on disk
(under ``.cache/exec/``, ignored by git) and serves it again while nothing that could change
it has changed. The same holds for the tutorial notebook that mkdocs-jupyter executes.

What a block's output depends on, and so what its cache key hashes:

- the block's code and the options that reach its execution (``session``, ``id``,
  ``workdir``, ``width`` and the extra options such as ``title``);
- the code and those options of every earlier block of its session, in order: a session's
  blocks share variables, so block N's output depends on what blocks 1..N-1 did;
- the source of the ``nanoneuron`` package: every ``.py`` file, by path and content;
- the Python version and the name and version of every installed distribution;
- the working directory the block runs in, and the environment variables that can reach
  what a block prints (:data:`ENVIRONMENT_IN_KEY`, e.g. ``COLUMNS``, which sets the width
  of ``--help`` text).

A block must not read files at run time (their content would not be in its key): a page
includes a file with ``pymdownx.snippets`` instead, so the page's Markdown carries it
(``tests/test_docs.py`` checks that no block opens a file).

Presentation options (``source``, ``result``, ``html``, ``tabs``...) are not in the key: the
hook caches what the code *printed*, and markdown-exec renders that text into the page on
every build exactly as it would have rendered fresh output. A change to the presentation
therefore re-renders without re-running anything.

**Sessions: replay rather than snapshots.** A hit skips block N, so the session lacks the
variables N would have defined; if block N+1 then misses, it needs them. The state of a
session (trained models, generators, closures, open figures) cannot be pickled reliably, so
it is never stored. Instead, on a miss the hook first *replays* the earlier blocks of the
session that were served from the cache and not yet run in this build, discarding what they
print (the page already shows their cached output, which the key guarantees is what they
print), then runs the missed block for real. Consequences: an edit to block N re-executes
block N and every later block of its session (their keys chain through N's code) and nothing
else on the site; blocks before N run once more only to rebuild the state N needs. A page
whose blocks all hit runs no code at all.

**Failures are never cached.** A block that raises is reported by markdown-exec as usual
(and fails a ``--strict`` build); only outputs of blocks that finished are stored.

**Damaged entries are never published.** Each entry holds its own key and the SHA-256 of its
output. An entry that cannot be read or parsed for any reason (including ``RecursionError``
and ``MemoryError``), is larger than :data:`MAX_ENTRY_BYTES`, belongs to another key, fails
its checksum, or holds a markdown-exec fence (which, rendered as Markdown, would run) is
ignored (logged at info level), the block is executed, and the entry rewritten. The checksum
detects accidents, not tampering: the hook therefore refuses a cache directory that other
users can write to, and creates its directories for the owner only. Entries are written to
a temporary file and renamed into place, so concurrent builds sharing the directory see
either a whole entry or none; temporary files left behind by a killed build are removed.

**A failure is never a raw fence.** pymdownx.superfences swallows an exception raised while
formatting a block and publishes the block as plain code. An unexpected error in the hook
while formatting a block is therefore logged with the page and the block and raised as a
``SuperFencesException``, which fails the build.

**The notebook.** mkdocs-jupyter's own cache keys on the notebook's bytes and its options
but not on the package the notebook imports, so after an edit to ``nanoneuron`` it would
keep serving the old outputs. When the plugin is configured, this hook turns the plugin's
cache off and caches the executed HTML of ``mkdocs_jupyter.convert.nb2html`` itself, keyed
on the notebook's bytes, the conversion options, the package source and the versions, with
the same checksums. The notebook runs in its own kernel process, so it always imports the
current package.

**Two cores.** When the cache is on, a second process (``page_worker.py``) renders the pages
that hold blocks from the last one backwards while the build renders them from the first, and
stores what their blocks print; the build then finds those outputs in the cache. A lock per
page keeps the two from rendering the same page at once. The speed chapter, the last page,
is the worker's first: its timings count the processor time of the training thread
(``nanoneuron.timing``), which the build and the kernel beside it do not inflate.
``NANONEURON_NO_PAGE_WORKER=1`` turns it off.

**A live ``mkdocs serve``.** markdown-exec runs blocks inside the serving process, where
``import nanoneuron`` would keep returning the modules imported by the first build. Before
every build the hook hashes the package source; when it differs from the source the loaded
modules came from, it drops ``nanoneuron`` and its submodules from ``sys.modules`` so the
next import reads the new code. It also empties markdown-exec's sessions before every build,
so a rebuild starts from the same blank state as a clean build. (``mkdocs.yml`` lists the
package under ``watch:``, so an edit to it triggers the rebuild.)

Switches (environment variables):

- ``NANONEURON_NO_CACHE=1``: run every block and the notebook, read and write no cache.
- ``NANONEURON_CACHE_DIR=path``: keep the cache there instead of ``.cache/exec/`` next to
  ``mkdocs.yml``.

Other languages of markdown-exec (``pycon``, ``console``, ``bash``...) run uncached; the site
executes only ``python`` blocks.

Examples:
    >>> key = digest("block", "print(1)")
    >>> len(key), key == digest("block", "print(1)"), key == digest("block", "print(2)")
    (64, True, False)
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any

from filelock import FileLock, Timeout
from markdown_exec import ExecutionError, base_format, console_width, formatters, working_directory
from mkdocs.exceptions import PluginError
from pymdownx.superfences import SuperFencesException  # type: ignore[import-untyped]

try:  # markdown-exec keeps its runner and sessions private; this hook is written against 1.12.
    from markdown_exec._internal.formatters import python as _python_formatter

    _RUN_PYTHON: Callable[..., str] = _python_formatter._run_python
    _SESSIONS_GLOBALS: dict[str, dict[str, Any]] = _python_formatter._sessions_globals
    _SESSIONS_COUNTER: dict[str | None, int] = _python_formatter._sessions_counter
except (ImportError, AttributeError) as error:  # pragma: no cover - a future markdown-exec
    raise ImportError(
        "docs/hooks/exec_cache.py needs markdown-exec 1.12's python runner "
        "(markdown_exec._internal.formatters.python._run_python); "
        f"the installed markdown-exec does not have it: {error}"
    ) from error

log = logging.getLogger("mkdocs.plugins.nanoneuron.exec_cache")

#: Bumped whenever the key or the entry format changes, so old entries are never read.
CACHE_FORMAT = "nanoneuron-exec-cache-1"
#: The package whose source is part of every key, and whose modules a serve process reloads.
PACKAGE = "nanoneuron"
NO_CACHE_ENV = "NANONEURON_NO_CACHE"
CACHE_DIR_ENV = "NANONEURON_CACHE_DIR"
#: Languages whose blocks go through the cache (both run markdown-exec's python runner).
LANGUAGES = ("python", "py")
#: Environment variables that can change what a block prints; their values are in every key.
ENVIRONMENT_IN_KEY = ("COLUMNS", "LINES", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONHASHSEED")
#: Entries (and outputs) larger than this are never stored nor read: no page prints that much.
MAX_ENTRY_BYTES = 8 * 1024 * 1024
#: A temporary file older than this (seconds) is left over from a killed build.
STALE_TEMPORARY_SECONDS = 3600
#: A fence that markdown-exec would execute if an output holding it were rendered as Markdown.
_EXEC_FENCE = re.compile(r"^\s*(```|~~~).*\bexec=", re.MULTILINE)
#: Attribute stamped on the loaded package: the source digest its modules were imported from.
_STAMP = "__nanoneuron_source_digest__"


def digest(*parts: str | bytes) -> str:
    """SHA-256 (hex) of ``parts``, each length-prefixed so no two sequences collide.

    Args:
        parts: Text (encoded as UTF-8) or bytes.

    Returns:
        64 hexadecimal digits.

    Raises:
        TypeError: If a part is neither ``str`` nor ``bytes``.

    Examples:
        >>> digest("ab", "c") == digest("a", "bc")
        False
    """
    hasher = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            part = part.encode("utf-8")
        elif not isinstance(part, bytes):
            raise TypeError(f"parts must be str or bytes, got {type(part).__name__}")
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def package_digest(package_dir: Path) -> str:
    """Digest of every ``.py`` file under ``package_dir``: relative paths and contents.

    Args:
        package_dir: The package's directory.

    Returns:
        64 hexadecimal digits; a renamed, added, removed or edited ``.py`` file changes it.

    Raises:
        ValueError: If ``package_dir`` is not a directory.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     _ = (Path(tmp) / "a.py").write_text("x = 1\\n")
        ...     before = package_digest(Path(tmp))
        ...     _ = (Path(tmp) / "a.py").write_text("x = 2\\n")
        ...     before == package_digest(Path(tmp))
        False
    """
    if not package_dir.is_dir():
        raise ValueError(f"package_dir is not a directory: {package_dir}")
    parts: list[str | bytes] = []
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts += [path.relative_to(package_dir).as_posix(), path.read_bytes()]
    return digest(*parts)


def package_dir(package: str = PACKAGE) -> Path:
    """The directory ``import package`` reads its source from in this process.

    Args:
        package: A top-level package name.

    Returns:
        The package's directory.

    Raises:
        ValueError: If ``package`` cannot be found or is not a package.

    Examples:
        >>> package_dir("nanoneuron").name
        'nanoneuron'
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"package {package!r} is not importable as a package")
    return Path(next(iter(spec.submodule_search_locations)))


def environment_digest() -> str:
    """Digest of the interpreter's version and of every installed distribution's version.

    Returns:
        64 hexadecimal digits.

    Examples:
        >>> environment_digest() == environment_digest()
        True
    """
    installed = sorted(
        {
            ((dist.metadata["Name"] or "?").lower(), dist.version)
            for dist in metadata.distributions()
        }
    )
    return digest(sys.version, sys.implementation.cache_tag or "", json.dumps(installed))


#: Hooks that stand between a block's code and its output (the build's memo of training runs):
#: a change to one of them runs every block again.
HOOKS_IN_KEY = ("shared_runs.py",)


def hooks_digest() -> str:
    """Digest of the source of :data:`HOOKS_IN_KEY` (a missing one counts as empty).

    Examples:
        >>> len(hooks_digest())
        64
    """
    here = Path(__file__).resolve().parent
    return digest(
        *(
            (here / name).read_text(encoding="utf-8") if (here / name).is_file() else ""
            for name in HOOKS_IN_KEY
        )
    )


class Store:
    """Entries on disk, one file per key, each carrying its key and its checksum.

    Args:
        directory: Where the entries live; created on the first write.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     store = Store(Path(tmp))
        ...     store.put("k" * 64, "42\\n")
        ...     store.get("k" * 64), store.get("j" * 64)
        ('42\\n', None)
    """

    def __init__(self, directory: Path) -> None:
        if not isinstance(directory, Path):
            raise TypeError(f"directory must be a Path, got {type(directory).__name__}")
        self.directory = directory

    def path(self, key: str) -> Path:
        """The file of the entry for ``key``."""
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        """The output stored for ``key``, or ``None`` if absent, unreadable or damaged.

        Any failure to read, parse or validate the entry is a miss, never an error: the
        block then runs, and its entry is written again.
        """
        path = self.path(key)
        try:
            if path.stat().st_size > MAX_ENTRY_BYTES:
                raise ValueError(f"larger than {MAX_ENTRY_BYTES} bytes")
            entry = json.loads(path.read_text(encoding="utf-8"))
            output = entry.get("output") if isinstance(entry, dict) else None
            if (
                not isinstance(output, str)
                or entry.get("format") != CACHE_FORMAT
                or entry.get("key") != key
                or entry.get("sha256") != digest(output)
            ):
                raise ValueError("not an entry of this key, or its checksum fails")
            if _EXEC_FENCE.search(output):
                raise ValueError("its output holds a markdown-exec fence")
        except FileNotFoundError:
            return None
        except Exception as error:
            log.info("exec cache: ignoring entry %s (%s); rebuilding it", path, _describe(error))
            return None
        return output

    def put(self, key: str, output: str) -> None:
        """Store ``output`` for ``key`` atomically; a failure to write only loses the entry."""
        path = self.path(key)
        # An entry takes at least a byte per character: longer outputs are not even encoded.
        if len(output) > MAX_ENTRY_BYTES or _EXEC_FENCE.search(output):
            log.info("exec cache: not storing %s (too large, or holds an exec fence)", path)
            return
        entry = {"format": CACHE_FORMAT, "key": key, "sha256": digest(output), "output": output}
        data = json.dumps(entry).encode("utf-8")  # "€" takes six bytes here: \u20ac
        if len(data) > MAX_ENTRY_BYTES:  # get() would refuse it: do not write it
            log.info("exec cache: not storing %s (its entry is over the size limit)", path)
            return
        try:
            _make_private_dirs(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            log.info("exec cache: could not write %s (%s)", path, error)

    def remove_stale_temporaries(self, now: float | None = None) -> int:
        """Delete temporary files that a killed build left behind; return how many."""
        now = time.time() if now is None else now
        removed = 0
        for temporary in self.directory.glob("*/.*.tmp"):
            try:
                if now - temporary.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    temporary.unlink()
                    removed += 1
            except OSError:
                continue  # another build renamed or removed it meanwhile
        return removed


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__


def _make_private_dirs(directory: Path) -> None:
    """Create ``directory`` (and missing parents) readable and writable by the owner only."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def check_private(directory: Path) -> None:
    """Refuse a cache directory that someone other than its owner can write to.

    An entry's output is published, and may be rendered as Markdown; whoever can write the
    cache can change the site. The directory (if it exists) must belong to the user
    running the build and not be writable by its group or by others.

    Raises:
        PluginError: If the directory is not private to the user building the site.
    """
    try:
        info = directory.stat()
    except FileNotFoundError:
        return
    problems = []
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        problems.append("belongs to another user")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problems.append(f"is writable by others (mode {stat.filemode(info.st_mode)})")
    if problems:
        raise PluginError(
            f"exec cache: refusing the cache directory {directory}: it {' and '.join(problems)}."
            f" Run `chmod go-w {directory}`, remove it, or choose another with"
            f" {CACHE_DIR_ENV}=path (or build without the cache: {NO_CACHE_ENV}=1)."
        )


@dataclass(frozen=True)
class Block:
    """One executed block: its code and the options markdown-exec passes to the runner."""

    code: str
    session: str | None = None
    id: str | None = None
    returncode: int | None = 0
    extra: tuple[tuple[str, str], ...] = ()
    workdir: str | None = None
    width: int | None = None

    def fingerprint(self) -> str:
        """Everything about the block that can change what it prints, as canonical text.

        Besides the block's code and options: the directory it runs in (relative paths in
        its code resolve there) and the environment variables that reach its output.
        """
        fields = [self.code, self.session, self.id, self.returncode, self.extra]
        runs_in = os.path.abspath(self.workdir or os.getcwd())
        environment = [(name, os.environ.get(name)) for name in ENVIRONMENT_IN_KEY]
        return json.dumps([*fields, self.workdir, self.width, runs_in, environment], sort_keys=True)

    def execute(self) -> str:
        """Run the block in its markdown-exec session and return what it printed.

        Raises:
            ExecutionError: If the code raises (markdown-exec's report of a failed block).
        """
        with working_directory(self.workdir), console_width(self.width):
            return _RUN_PYTHON(
                self.code,
                returncode=self.returncode,
                session=self.session,
                id=self.id,
                **dict(self.extra),
            )


@dataclass
class BlockCache:
    """The cache in front of markdown-exec's python runner, for one build at a time.

    Args:
        store: Where outputs live; ``None`` runs every block (the no-cache switch).
        context: Digest of what every block depends on (package source, versions).
    """

    store: Store | None
    context: str
    #: Per session: the key of its latest block (the chain), and its blocks in order.
    chains: dict[str, str] = field(default_factory=dict)
    history: dict[str, list[Block]] = field(default_factory=dict)
    #: Per session: how many of its blocks have run in the live session this build.
    live: dict[str, int] = field(default_factory=dict)
    #: Ids (or code) of blocks served from the cache, run for their output, replayed.
    hits: list[str] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    #: Seconds spent running each block (executed or replayed), by name, for the profile.
    seconds: dict[str, float] = field(default_factory=dict)
    #: The page being rendered (its path under docs/), to name it in errors.
    page: str = "?"

    def key(self, block: Block) -> str:
        """The key of ``block`` if it ran next: chained through its session's earlier blocks."""
        previous = self.chains.get(block.session, "") if block.session else ""
        return digest(CACHE_FORMAT, "block", self.context, previous, block.fingerprint())

    def run(self, block: Block) -> str:
        """What ``block`` prints: from the store if present and sound, else by running it.

        Raises:
            ExecutionError: If the block (or an earlier block replayed for it) fails.
        """
        key = self.key(block)
        session = block.session
        position = 0
        if session:
            history = self.history.setdefault(session, [])
            position = len(history)
            history.append(block)
            self.chains[session] = key
        cached = self.store.get(key) if self.store is not None else None
        if cached is not None:
            self.hits.append(_name(block))
            return cached
        if session:
            self._replay(session, position)
        try:
            output = self._timed(block)
        finally:
            if session:
                self.live[session] = position + 1
        self.executed.append(_name(block))
        if self.store is not None:
            self.store.put(key, output)
        return output

    def _replay(self, session: str, upto: int) -> None:
        """Run the session's blocks that were served from the cache, up to ``upto``."""
        for earlier in self.history[session][self.live.get(session, 0) : upto]:
            self.live[session] = self.live.get(session, 0) + 1
            try:
                self._timed(earlier)
            except ExecutionError as error:
                raise ExecutionError(
                    f"Replaying the earlier block {_name(earlier)!r} of session {session!r} "
                    f"(to rebuild the state this block needs) failed:\n\n{error}",
                    error.returncode,
                ) from error
            self.replayed.append(_name(earlier))

    def _timed(self, block: Block) -> str:
        start = time.perf_counter()
        try:
            return block.execute()
        finally:
            name = _name(block)
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def format_python(self, **options: Any) -> str:
        """markdown-exec's python formatter, with execution going through this cache.

        Raises:
            SuperFencesException: On any error of the hook itself (a failing block is not
                one: markdown-exec reports it, and the strict build fails on its warning).
        """
        try:
            return self._format_python(**options)
        except Exception as error:
            where = f"page docs/{self.page}, block {options.get('id') or '(no id)'!r}"
            log.error("exec cache: cannot format the code block on %s: %s", where, error)
            raise SuperFencesException(f"exec cache failed on {where}: {error!r}") from error

    def _format_python(self, **options: Any) -> str:
        workdir = options.get("workdir")
        width = options.get("width")

        def run(
            code: str,
            returncode: int | None = 0,
            session: str | None = None,
            id: str | None = None,
            **extra: str,
        ) -> str:
            block = Block(
                code=code,
                session=session or None,
                id=id or None,
                returncode=returncode,
                extra=tuple(sorted(extra.items())),
                workdir=workdir,
                width=width or None,
            )
            return self.run(block)

        html: str = base_format(language="python", run=run, **options)
        return html


def _name(block: Block) -> str:
    return block.id or block.code.partition("\n")[0]


@contextmanager
def installed(cache: BlockCache) -> Iterator[BlockCache]:
    """Route markdown-exec's python blocks through ``cache`` inside the ``with`` block.

    Examples:
        >>> cache = BlockCache(store=None, context="")
        >>> with installed(cache):
        ...     formatters["python"].__self__ is cache
        True
        >>> formatters["python"].__module__
        'markdown_exec._internal.formatters.python'
    """
    previous = {language: formatters[language] for language in LANGUAGES}
    install(cache)
    try:
        yield cache
    finally:
        formatters.update(previous)


def install(cache: BlockCache) -> None:
    """Route markdown-exec's python blocks through ``cache`` from now on."""
    for language in LANGUAGES:
        formatters[language] = cache.format_python


def reset_sessions() -> None:
    """Empty markdown-exec's sessions, so a build starts from the state of a clean build."""
    _SESSIONS_GLOBALS.clear()
    _SESSIONS_COUNTER.clear()


def evict_stale_modules(package: str, source_digest: str) -> list[str]:
    """Drop ``package`` and its submodules from ``sys.modules`` if loaded from other source.

    Args:
        package: A top-level package name.
        source_digest: The digest of the package's source as it is now.

    Returns:
        The names of the modules dropped (none if the loaded source is current or the
        package is not loaded).
    """
    loaded = sys.modules.get(package)
    if loaded is None or getattr(loaded, _STAMP, None) == source_digest:
        return []
    stale = sorted(
        name for name in sys.modules if name == package or name.startswith(package + ".")
    )
    for name in stale:
        del sys.modules[name]
    importlib.invalidate_caches()
    return stale


def stamp_loaded_package(package: str, source_digest: str) -> None:
    """Record on the loaded package the digest of the source it was imported from."""
    loaded = sys.modules.get(package)
    if loaded is not None and not hasattr(loaded, _STAMP):
        setattr(loaded, _STAMP, source_digest)


# --- the notebook -------------------------------------------------------------------------


class NotebookConverter:
    """mkdocs-jupyter's ``nb2html``, with its executed HTML cached and started early.

    mkdocs-jupyter executes the notebook when it reaches the notebook's page, and the build
    waits for the kernel. :meth:`prefetch` starts that conversion in a thread as soon as the
    build knows its files, so the kernel (a process of its own, on the other core) works
    while the pages build; when mkdocs-jupyter then asks for the same notebook with the same
    options, it gets the prefetched result. Options that differ (a newer plugin) only mean
    the prefetch was wasted: the conversion runs again with the options asked for.

    Args:
        convert: The original ``nb2html(nb_path, **options)``.
        store: Where the HTML lives; ``None`` converts every time.
        context: Returns the digest of the package source and versions (read per call).
    """

    def __init__(
        self, convert: Callable[..., str], store: Store | None, context: Callable[[], str]
    ) -> None:
        self.convert = convert
        self.store = store
        self.context = context
        self.pending: dict[str, Future[str]] = {}
        self.seconds: dict[str, float] = {}
        self.__wrapped__ = convert

    def key(self, nb_path: str | os.PathLike[str], args: tuple[Any, ...], options: Any) -> str:
        options_text = json.dumps(
            [repr(arg) for arg in args]
            + sorted((name, repr(value)) for name, value in options.items())
        )
        notebook = Path(nb_path).read_bytes()
        return digest(CACHE_FORMAT, "notebook", self.context(), notebook, options_text)

    def __call__(self, nb_path: str | os.PathLike[str], *args: Any, **options: Any) -> str:
        key = self.key(nb_path, args, options)
        future = self.pending.pop(key, None)
        if future is not None:
            return future.result()
        if self.pending:
            log.info("exec cache: the prefetched notebook was converted with other options")
        return self._convert(key, nb_path, args, options)

    def prefetch(self, nb_path: str | os.PathLike[str], **options: Any) -> None:
        """Start converting ``nb_path`` with ``options`` in a thread."""
        key = self.key(nb_path, (), options)
        if key not in self.pending:
            self.pending[key] = _NOTEBOOK_THREAD.submit(self._convert, key, nb_path, (), options)

    def _convert(
        self, key: str, nb_path: str | os.PathLike[str], args: tuple[Any, ...], options: Any
    ) -> str:
        start = time.perf_counter()
        cached = self.store.get(key) if self.store is not None else None
        if cached is not None:
            log.info("exec cache: notebook %s from the cache", nb_path)
            return cached
        html = self.convert(nb_path, *args, **options)
        self.seconds[Path(nb_path).name] = time.perf_counter() - start
        if self.store is not None:
            self.store.put(key, html)
        return html


#: One thread for notebook conversions: the kernel does the work, in its own process.
_NOTEBOOK_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebook")


def _jupyter_plugin(config: Any) -> Any:
    return config["plugins"].get("mkdocs-jupyter")


def _configure_notebooks(config: Any, store: Store | None, context: Callable[[], str]) -> None:
    plugin = _jupyter_plugin(config)
    if plugin is None:
        return
    plugin.config["cache"] = False  # its key ignores the package; ours replaces it
    from mkdocs_jupyter import convert as jupyter_convert  # type: ignore[import-untyped]

    original = getattr(jupyter_convert.nb2html, "__wrapped__", jupyter_convert.nb2html)
    converter = NotebookConverter(original, store, context)
    jupyter_convert.nb2html = converter
    _build["notebook"] = converter


def _plugin_options(plugin: Any, nb_path: str) -> dict[str, Any]:
    """The options mkdocs-jupyter 0.26 passes to ``nb2html`` for ``nb_path`` (its on_pre_page)."""
    options = plugin.config
    execute = options["execute"] and not any(
        PurePath(nb_path).match(pattern) for pattern in options["execute_ignore"] or ()
    )
    names = [
        "kernel_name",
        "theme",
        "allow_errors",
        "show_input",
        "no_input",
        "no_prompt",
        "remove_tag_config",
        "highlight_extra_classes",
        "include_requirejs",
        "custom_mathjax_url",
    ]
    return {"execute": execute, **{name: options[name] for name in names}}


# --- the second process ---------------------------------------------------------------------

NO_PAGE_WORKER_ENV = "NANONEURON_NO_PAGE_WORKER"
#: A block that markdown-exec runs through this cache (the pages the worker is given).
_RUNS_PYTHON = re.compile(rf"^\s*(```|~~~)\s*({'|'.join(LANGUAGES)})\b.*\bexec=", re.MULTILINE)
#: How long the build waits for the worker to finish a page before rendering it itself.
CLAIM_TIMEOUT_SECONDS = 600
#: In the worker's directory: what it prints to stderr, and the seconds its blocks took.
WORKER_LOG, WORKER_SECONDS = "worker.log", "seconds.json"


class PageWorker:
    """The build's side of ``page_worker.py``: start it, take each page's lock, stop it."""

    def __init__(
        self,
        config_file: str,
        store: Store,
        context: str,
        source: str,
        pages: list[tuple[str, str]],
    ):
        """Start the worker on ``pages``; ``context`` and ``source`` are the build's key
        context and the package-source digest it hashes.

        Raises:
            OSError: If the process cannot be started or given its job (nothing is left).
        """
        self.claims = Path(tempfile.mkdtemp(prefix="nanoneuron-pages-"))
        self.held: list[FileLock] = []
        job = {
            "config_file": config_file,
            "cache_dir": str(store.directory),
            "context": context,
            "claims": str(self.claims),
            "pages": pages,
            # The package the keys' context hashes is the one this process imports: the
            # worker imports from the same places, and checks that it finds the same package.
            "sys_path": sys.path,
            "package": str(package_dir(PACKAGE)),
            "source": source,
            "build": os.getpid(),
        }
        try:
            self._start(job)
        except OSError:
            shutil.rmtree(self.claims, ignore_errors=True)
            raise

    def _start(self, job: dict[str, Any]) -> None:
        with open(self.claims / WORKER_LOG, "w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("page_worker.py"))],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                text=True,
                # This process's variables as the keys see them: a C library (readline) can set
                # COLUMNS and LINES below os.environ, and a child would inherit those.
                env=dict(os.environ),
            )
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(job))
        self.process.stdin.close()

    def claim(self, src_uri: str) -> None:
        """Take the page's lock, waiting while the worker renders the page, and keep it."""
        lock = FileLock(str(page_lock(self.claims, src_uri)))
        try:
            lock.acquire(timeout=CLAIM_TIMEOUT_SECONDS)
        except Timeout:  # the build renders the page itself
            log.info("exec cache: %s: the second process took too long; running it here", src_uri)
            return
        self.held.append(lock)

    def stop(self) -> dict[str, float]:
        """End the worker and remove its directory; the seconds its blocks took, by name."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for lock in self.held:
            lock.release()
        if self.process.returncode not in (0, -signal.SIGTERM, -signal.SIGKILL):
            errors = (self.claims / WORKER_LOG).read_text(encoding="utf-8", errors="replace")
            log.info(
                "exec cache: the second process failed (exit %s); the build ran the rest: %s",
                self.process.returncode,
                errors.strip().splitlines()[-1:] or "no message",
            )
        try:
            seconds: dict[str, float] = json.loads(
                (self.claims / WORKER_SECONDS).read_text(encoding="utf-8")
            )
        except (OSError, ValueError):
            seconds = {}
        shutil.rmtree(self.claims, ignore_errors=True)
        return seconds


def page_lock(claims: Path, src_uri: str) -> Path:
    """The lock file of the page ``src_uri`` (shared with ``page_worker.py``)."""
    return claims / (hashlib.sha256(src_uri.encode("utf-8")).hexdigest()[:32] + ".lock")


def _stop_worker() -> None:
    worker: PageWorker | None = _build.pop("worker", None)
    if worker is not None:
        _build["second_process"] = worker.stop()


# --- mkdocs hooks ---------------------------------------------------------------------------

_build: dict[str, Any] = {}


def _enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() in {"", "0", "no", "false", "off"}


def on_config(config: Any) -> None:
    root = Path(config["config_file_path"]).resolve().parent
    directory = Path(os.environ.get(CACHE_DIR_ENV) or root / ".cache" / "exec").absolute()
    store = None
    if _enabled():
        check_private(directory)
        store = Store(directory)
        store.remove_stale_temporaries()
    _build.update(cache=BlockCache(store=store, context=""), store=store, source="")
    _configure_notebooks(config, store, lambda: _build["cache"].context)
    if store is None:
        log.info("exec cache: off (%s is set); every block runs", NO_CACHE_ENV)


def on_pre_build(config: Any) -> None:
    source = package_digest(package_dir(PACKAGE))
    evicted = evict_stale_modules(PACKAGE, source)
    if evicted:
        log.info("exec cache: %s changed; reloading %d modules", PACKAGE, len(evicted))
    reset_sessions()
    cache = BlockCache(
        store=_build["store"], context=digest(source, environment_digest(), hooks_digest())
    )
    install(cache)
    _build.update(cache=cache, source=source, pages={}, started={})


def on_files(files: Any, config: Any) -> Any:
    plugin = _jupyter_plugin(config)
    converter: NotebookConverter | None = _build.get("notebook")
    if plugin is not None and converter is not None:
        for file in files:
            if plugin.should_include(file):
                converter.prefetch(file.abs_src_path, **_plugin_options(plugin, file.abs_src_path))
    return files


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    _stop_worker()  # an earlier build of this process that did not end
    store: Store | None = _build["store"]
    if store is None or os.environ.get(NO_PAGE_WORKER_ENV):
        return nav
    pages = []
    for file in files.documentation_pages():
        if not (file.src_uri.endswith(".md") and file.abs_src_path):  # generated pages: none
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        if _RUNS_PYTHON.search(text):
            pages.append((file.src_uri, file.abs_src_path))
    if len(pages) > 1:  # the build renders the first itself in any case
        config_file = str(Path(config["config_file_path"]).resolve())
        context, source = _build["cache"].context, _build["source"]
        try:
            _build["worker"] = PageWorker(config_file, store, context, source, pages)
        except OSError as error:
            log.info("exec cache: no second process (%s); the build runs every block", error)
    return nav


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    worker: PageWorker | None = _build.get("worker")
    if worker is not None:
        worker.claim(page.file.src_uri)
    _build["cache"].page = page.file.src_uri
    _build["started"][page.file.src_uri] = time.perf_counter()
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    started = _build["started"].pop(page.file.src_uri, None)
    if started is not None:
        _build["pages"][page.file.src_uri] = time.perf_counter() - started
    return html


def on_build_error(error: Exception) -> None:
    _stop_worker()


atexit.register(_stop_worker)  # an interrupted build leaves no worker behind


def on_post_build(config: Any) -> None:
    _stop_worker()
    stamp_loaded_package(PACKAGE, _build["source"])
    cache: BlockCache = _build["cache"]
    notebook: NotebookConverter | None = _build.get("notebook")
    write_profile(
        cache,
        _build["pages"],
        notebook.seconds if notebook else {},
        _build.pop("second_process", {}),
    )
    log.info(
        "exec cache: %d blocks from the cache, %d executed, %d replayed",
        len(cache.hits),
        len(cache.executed),
        len(cache.replayed),
    )


#: Set to a file path to have the build write where its time went (``benchmarks/bench_build.py``).
PROFILE_ENV = "NANONEURON_PROFILE"


def write_profile(
    cache: BlockCache,
    pages: dict[str, float],
    notebooks: dict[str, float],
    second_process: dict[str, float] | None = None,
) -> None:
    """Write the seconds per page, per block and per notebook to ``$NANONEURON_PROFILE``.

    ``pages`` are timed in the build's process; ``blocks`` are every block's, wherever it
    ran; ``second_process`` are those of the blocks the second process ran.
    """
    target = os.environ.get(PROFILE_ENV)
    if not target:
        return
    profile = {
        "pages": pages,
        "blocks": {**(second_process or {}), **cache.seconds},
        "second_process": second_process or {},
        "notebooks": notebooks,
    }
    Path(target).write_text(json.dumps(profile, indent=1, sort_keys=True), encoding="utf-8")
