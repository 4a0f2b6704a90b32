"""The execution cache of the docs (docs/hooks/exec_cache.py): hits, misses, damage, switches.

The hook is driven as MkDocs drives it (``on_config``, ``on_pre_build``, page rendering by
Python-Markdown with markdown-exec's fences, ``on_post_build``), on small pages of our own
that import a small package of our own, so each test can change exactly one thing. Every
block records that it ran in ``e6log.runs``, which the cache knows nothing about: the tests
count real executions, not the cache's own bookkeeping.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import markdown  # type: ignore[import-untyped]
import markdown_exec
import pytest
from mkdocs.exceptions import PluginError
from pymdownx.superfences import SuperFencesException  # type: ignore[import-untyped]

from tests.hooks import load_hook

ROOT = Path(__file__).resolve().parent.parent
FAKE = "e6fake"


hook = load_hook("exec_cache")
_real_environment_digest = hook.environment_digest
_environment_digests: dict[tuple[object, ...], str] = {}


def environment_digest() -> str:
    """The hook's ``environment_digest``, computed once for each Python and set of packages.

    The hook reads every installed distribution's metadata at each build (about 45 ms); these
    tests build about 70 times in one environment. A test that fakes another Python or
    another version of a dependency patches ``sys.version`` or ``metadata.distributions``,
    which changes the key, so the hook's own function runs again.
    """
    key = (hook.sys.version, hook.metadata.distributions)
    if key not in _environment_digests:
        _environment_digests[key] = _real_environment_digest()
    return _environment_digests[key]


def render(text: str) -> str:
    """Render Markdown with markdown-exec's python fences, as the site's config does."""
    fences = {
        "name": "python",
        "class": "python",
        "validator": markdown_exec.validator,
        "format": markdown_exec.formatter,
    }
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [fences]}},
    )
    html: str = md.convert(text)
    return html


def block(name: str, code: str, options: str = "", session: str = "page") -> str:
    """A markdown-exec block that logs its run, then runs ``code``."""
    return (
        f'```python exec="on" session="{session}" id="{name}" {options}\n'
        f"import e6log\ne6log.runs.append({name!r})\n{code}\n```\n\n"
    )


PAGE = (
    "# A page\n\n"
    + block("a", "import e6fake\nx = e6fake.VALUE * 10\nprint(f'a={x}')")
    + "Some prose.\n\n"
    + block("b", "y = x + 1\nprint(f'b={y}')")
    + block("c", "print(f'c={x + y}')")
)


class Site:
    """A tiny site: a cache directory, a package, and a build that renders a page."""

    def __init__(self, tmp_path: Path, log: ModuleType) -> None:
        self.root = tmp_path
        self.cache_dir = tmp_path / "cache"
        self.package = tmp_path / "pkg" / FAKE
        self.package.mkdir(parents=True)
        (self.package / "__init__.py").write_text("VALUE = 1\n")
        self.log = log
        self.config: dict[str, Any] = {
            "config_file_path": str(tmp_path / "mkdocs.yml"),
            "plugins": {},
        }
        self.cache: Any = None

    def build(self, page: str = PAGE) -> tuple[str, list[str]]:
        """One build: the page's HTML and the blocks that really ran, in order."""
        self.log.runs.clear()
        hook.on_config(self.config)
        hook.on_pre_build(self.config)
        html = render(page)
        hook.on_post_build(self.config)
        self.cache = hook._build["cache"]
        return html, list(self.log.runs)

    def entries(self) -> list[Path]:
        return sorted(self.cache_dir.rglob("*.json"))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    log = ModuleType("e6log")
    log.runs = []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "e6log", log)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(hook, "PACKAGE", FAKE)
    monkeypatch.delenv(hook.NO_CACHE_ENV, raising=False)
    site = Site(tmp_path, log)
    monkeypatch.setenv(hook.CACHE_DIR_ENV, str(site.cache_dir))
    monkeypatch.syspath_prepend(str(site.package.parent))
    monkeypatch.setattr(hook, "environment_digest", environment_digest)
    saved = {language: markdown_exec.formatters[language] for language in hook.LANGUAGES}
    yield site
    markdown_exec.formatters.update(saved)
    hook.reset_sessions()
    for name in [name for name in sys.modules if name.split(".")[0] == FAKE]:
        del sys.modules[name]


def test_a_second_build_runs_nothing_and_renders_the_same(site: Site) -> None:
    first, ran = site.build()
    assert ran == ["a", "b", "c"]
    assert "a=10" in first
    assert "b=11" in first
    assert "c=21" in first
    assert len(site.entries()) == 3

    second, ran = site.build()
    assert ran == []
    assert second == first
    assert site.cache.hits == ["a", "b", "c"]


def test_editing_a_block_reruns_it_and_the_later_blocks_of_its_session(site: Site) -> None:
    other = block("z", "print('other session')", session="other")
    site.build(PAGE + other)
    html, ran = site.build((PAGE + other).replace("y = x + 1", "y = x + 2"))
    # a is replayed (its variables are needed), b and c run for their output, z not at all.
    assert ran == ["a", "b", "c"]
    assert site.cache.hits == ["a", "z"]
    assert site.cache.replayed == ["a"]
    assert site.cache.executed == ["b", "c"]
    assert "a=10" in html
    assert "b=12" in html
    assert "c=22" in html


def test_editing_the_first_block_reruns_the_whole_session(site: Site) -> None:
    site.build()
    html, ran = site.build(PAGE.replace("e6fake.VALUE * 10", "e6fake.VALUE * 100"))
    assert ran == ["a", "b", "c"]
    assert site.cache.executed == ["a", "b", "c"]
    assert site.cache.replayed == []
    assert "a=100" in html
    assert "c=201" in html


def test_editing_the_last_block_replays_the_others_once(site: Site) -> None:
    site.build()
    html, ran = site.build(PAGE.replace("print(f'c={x + y}')", "print(f'c={x * y}')"))
    assert ran == ["a", "b", "c"]
    assert site.cache.replayed == ["a", "b"]
    assert site.cache.executed == ["c"]
    assert "c=110" in html


def test_prose_and_presentation_options_run_nothing(site: Site) -> None:
    site.build()
    edited = PAGE.replace("Some prose.", "Other prose.").replace(
        'id="b" ', 'id="b" source="above" result="text" '
    )
    html, ran = site.build(edited)
    assert ran == []
    assert "Other prose." in html
    # The source is now shown above the result, by a block that did not run.
    assert 'class="highlight"' in html
    assert "b=11" in html


def test_an_execution_option_is_part_of_the_key(site: Site) -> None:
    page = block("w", "import os\nprint(os.environ.get('COLUMNS'))", 'width="50"')
    first, _ = site.build(page)
    html, ran = site.build(page.replace('width="50"', 'width="60"'))
    assert ran == ["w"]
    assert "50" in first
    assert "60" in html


def test_editing_the_package_reruns_everything_with_the_new_code(site: Site) -> None:
    site.build()
    assert FAKE in sys.modules
    (site.package / "__init__.py").write_text("VALUE = 22  # edited\n")
    html, ran = site.build()
    assert ran == ["a", "b", "c"]
    # The long-lived process dropped the old module: the output comes from the new code.
    assert "a=220" in html
    _, ran = site.build()
    assert ran == []


def test_adding_a_module_to_the_package_is_a_change(site: Site) -> None:
    site.build()
    (site.package / "extra.py").write_text("")
    _, ran = site.build()
    assert ran == ["a", "b", "c"]


def test_other_versions_of_the_dependencies_rerun_everything(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.build()
    installed = list(hook.metadata.distributions())
    upgraded = SimpleNamespace(metadata={"Name": "numpy"}, version="999.0")
    monkeypatch.setattr(hook.metadata, "distributions", lambda: [*installed, upgraded])
    _, ran = site.build()
    assert ran == ["a", "b", "c"]


def test_another_python_reruns_everything(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.build()
    monkeypatch.setattr(hook.sys, "version", sys.version + " (another build)")
    _, ran = site.build()
    assert ran == ["a", "b", "c"]


def test_a_hit_between_two_misses_is_replayed_for_the_second(site: Site) -> None:
    first, _ = site.build()
    for output in ("a=10", "c=21"):
        _entry_of(site, output).unlink()
    html, ran = site.build()
    # a runs (it missed), b is served, c misses and needs b's y: b is replayed first.
    assert ran == ["a", "b", "c"]
    assert (site.cache.executed, site.cache.hits, site.cache.replayed) == (["a", "c"], ["b"], ["b"])
    assert html == first


def _entry_of(site: Site, block_output: str) -> Path:
    for path in site.entries():
        if block_output in json.loads(path.read_text())["output"]:
            return path
    raise AssertionError(f"no entry holds {block_output!r}")


def _truncate(path: Path) -> None:
    path.write_text(path.read_text()[:20])


def _not_utf8(path: Path) -> None:
    path.write_bytes(b"\xff\xfe\x00garbage")


def _alter_output(path: Path) -> None:
    path.write_text(path.read_text().replace("b=11", "b=666"))


def _another_key(path: Path) -> None:
    path.write_text(json.dumps({**json.loads(path.read_text()), "key": "0" * 64}))


def _unreadable(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _deeply_nested(path: Path) -> None:
    # json.loads raises RecursionError on this, which superfences would swallow.
    path.write_text("[" * 100_000 + "]" * 100_000)


def _oversized(path: Path) -> None:
    entry = json.loads(path.read_text())
    entry["padding"] = "x" * (hook.MAX_ENTRY_BYTES + 1)
    path.write_text(json.dumps(entry))


def _exec_fence(path: Path) -> None:
    # A consistent entry (right key, right checksum) whose output, rendered as Markdown,
    # would make markdown-exec run code.
    entry = json.loads(path.read_text())
    entry["output"] = 'b=11\n\n```python exec="on"\nprint("b=666")\n```\n'
    entry["sha256"] = hook.digest(entry["output"])
    path.write_text(json.dumps(entry))


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "not utf-8": _not_utf8,
    "output altered": _alter_output,
    "another key's entry": _another_key,
    "unreadable (a directory)": _unreadable,
    "deeply nested json": _deeply_nested,
    "oversized": _oversized,
    "output with an exec fence": _exec_fence,
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_entry_is_ignored_and_rebuilt(
    site: Site, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    first, _ = site.build()
    entry = _entry_of(site, "b=11")
    DAMAGES[damage](entry)
    with caplog.at_level(logging.INFO, logger=hook.log.name):
        html, ran = site.build()
    assert ran == ["a", "b"]  # b runs again (a replayed for its variables); c still hits
    assert html == first
    assert "b=666" not in html
    assert any("exec cache: ignoring" in record.getMessage() for record in caplog.records)
    if entry.is_file():  # rewritten whole (a directory in the way cannot be replaced)
        _, ran = site.build()
        assert ran == []


def test_an_output_with_an_exec_fence_is_never_stored(site: Site) -> None:
    code = (
        "fence = '`' * 3\nprint(fence + 'python exec=' + chr(34) + 'off' + chr(34))\nprint(fence)"
    )
    _, ran = site.build(block("f", code, 'result="text"'))
    assert ran == ["f"]
    assert site.entries() == []


def test_leftover_temporary_files_are_removed(site: Site) -> None:
    site.build()
    folder = site.entries()[0].parent
    old, fresh = folder / ".old.tmp", folder / ".fresh.tmp"
    for temporary in (old, fresh):
        temporary.write_text("{")
    hour_ago = time.time() - hook.STALE_TEMPORARY_SECONDS - 1
    os.utime(old, (hour_ago, hour_ago))
    site.build()
    assert not old.exists()
    assert fresh.exists()  # perhaps another build's entry being written
    # It says how many it removed.
    old.write_text("{")
    os.utime(old, (hour_ago, hour_ago))
    assert hook.Store(site.cache_dir).remove_stale_temporaries() == 1
    assert hook.Store(site.cache_dir).remove_stale_temporaries() == 0


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_cache_directory_others_can_write_is_refused(site: Site, mode: int) -> None:
    site.cache_dir.mkdir()
    site.cache_dir.chmod(mode)
    with pytest.raises(PluginError, match=r"refusing the cache directory .*writable by others"):
        site.build()
    site.cache_dir.chmod(0o700)
    _, ran = site.build()
    assert ran == ["a", "b", "c"]
    assert oct(site.entries()[0].parent.stat().st_mode & 0o777) == oct(0o700)


def test_the_working_directory_and_the_width_are_in_the_key(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site.build()
    monkeypatch.setenv("COLUMNS", "33")
    _, ran = site.build()
    assert ran == ["a", "b", "c"]
    monkeypatch.chdir(tmp_path / "pkg")
    _, ran = site.build()
    assert ran == ["a", "b", "c"]
    _, ran = site.build()
    assert ran == []


def test_an_error_of_the_hook_fails_the_build_naming_page_and_block(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Any, key: str) -> str | None:
        raise KeyError("surprise")

    site.build()
    monkeypatch.setattr(hook.Store, "get", broken)
    hook.on_config(site.config)
    hook.on_pre_build(site.config)
    hook.on_page_markdown("", SimpleNamespace(file=SimpleNamespace(src_uri="chapter.md")))
    with pytest.raises(SuperFencesException, match=r"docs/chapter\.md, block 'a'.*surprise"):
        render(PAGE)


def test_a_failing_block_is_never_cached(site: Site) -> None:
    page = block("ok", "print('fine')") + block("bad", "raise RuntimeError('broken')")
    html, ran = site.build(page)
    assert ran == ["ok", "bad"]
    assert "RuntimeError" in html
    assert len(site.entries()) == 1
    _, ran = site.build(page)
    assert ran == ["ok", "bad"]  # ok replayed for the session, bad run again


def test_the_switch_builds_without_the_cache(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(hook.NO_CACHE_ENV, "1")
    site.build()
    _, ran = site.build()
    assert ran == ["a", "b", "c"]
    assert not site.cache_dir.exists()


def test_a_rebuild_starts_from_empty_sessions(site: Site) -> None:
    site.build(block("define", "leftover = 1"))
    html, _ = site.build(block("use", "print(leftover)"))
    assert "NameError" in html  # as in a clean build, not the state of the previous one


# --- the notebook ---------------------------------------------------------------------------


def test_notebook_html_is_cached_on_content_package_and_options(tmp_path: Path) -> None:
    notebook = tmp_path / "n.ipynb"
    notebook.write_text('{"cells": []}')
    calls: list[dict[str, Any]] = []

    def convert(path: str, **options: Any) -> str:
        calls.append(options)
        return f"<html {len(calls)}>"

    context = {"value": "package-1"}
    nb2html = hook.NotebookConverter(
        convert, hook.Store(tmp_path / "cache"), lambda: context["value"]
    )
    assert nb2html(str(notebook), execute=True) == "<html 1>"
    assert nb2html(str(notebook), execute=True) == "<html 1>"
    assert len(calls) == 1
    context["value"] = "package-2"
    assert nb2html(str(notebook), execute=True) == "<html 2>"
    notebook.write_text('{"cells": [1]}')
    assert nb2html(str(notebook), execute=True) == "<html 3>"
    assert nb2html(str(notebook), execute=False) == "<html 4>"
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{")
    assert nb2html(str(notebook), execute=False) == "<html 5>"
    uncached = hook.NotebookConverter(convert, None, lambda: "")
    assert uncached(str(notebook), execute=False) == "<html 6>"


def test_a_prefetched_notebook_is_converted_once_and_only_for_its_options(
    tmp_path: Path,
) -> None:
    notebook = tmp_path / "n.ipynb"
    notebook.write_text('{"cells": []}')
    calls: list[dict[str, Any]] = []

    def convert(path: str, **options: Any) -> str:
        calls.append(options)
        return f"<html {options}>"

    nb2html = hook.NotebookConverter(convert, None, lambda: "context")
    nb2html.prefetch(str(notebook), execute=True)
    assert nb2html(str(notebook), execute=True) == "<html {'execute': True}>"
    assert calls == [{"execute": True}]  # served by the prefetch
    nb2html.prefetch(str(notebook), execute=True)
    assert nb2html(str(notebook), execute=False) == "<html {'execute': False}>"
    for future in nb2html.pending.values():
        future.result()
    assert sorted(map(str, calls)) == sorted(
        map(str, [{"execute": True}] * 2 + [{"execute": False}])
    )
    assert set(nb2html.seconds) == {"n.ipynb"}


def test_the_prefetch_passes_the_options_mkdocs_jupyter_passes() -> None:
    plugin_module = pytest.importorskip("mkdocs_jupyter.plugin")
    plugin = plugin_module.Plugin()
    errors, _warnings = plugin.load_config({"execute": True, "execute_ignore": ["skip/*.ipynb"]})
    assert not errors, errors
    options = hook._plugin_options(plugin, "/docs/tutorial.ipynb")
    assert options["execute"] is True
    assert hook._plugin_options(plugin, "/docs/skip/a.ipynb")["execute"] is False
    # The keyword arguments of the plugin's own call to nb2html, read from its source.
    import inspect
    import re

    source = inspect.getsource(plugin_module.Plugin.on_pre_page)
    call = source[source.index("convert.nb2html(") :]
    call = call[: call.index(")")]
    assert set(re.findall(r"(\w+)=", call)) == set(options)


def test_the_notebook_plugin_reads_no_chapter_to_look_for_a_notebook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """mkdocs-jupyter parses every Markdown page with jupytext before it looks at ``include``
    (twice a build, half a second); the site's settings make it skip them unread."""
    import yaml  # type: ignore[import-untyped]

    plugin_module = pytest.importorskip("mkdocs_jupyter.plugin")

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        """mkdocs.yml's tags (``!relative``, ``!!python/name:``...) are not this test's business."""

    for prefix in ("!", "tag:yaml.org,2002:python/"):
        Loader.add_multi_constructor(prefix, lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    [settings] = [p["mkdocs-jupyter"] for p in config["plugins"] if "mkdocs-jupyter" in p]
    plugin = plugin_module.Plugin()
    errors, _warnings = plugin.load_config(settings)
    assert not errors, errors
    read: list[str] = []
    monkeypatch.setattr(plugin_module.jupytext, "read", lambda path, **_: read.append(path))

    def file(name: str) -> SimpleNamespace:
        return SimpleNamespace(abs_src_path=str(ROOT / "docs" / name))

    assert plugin.should_include(file("tutorial.ipynb"))
    for name in ("index.md", "beyond/vectorization.md", "hooks/exec_cache.py"):
        assert not plugin.should_include(file(name))
    assert read == []


def test_the_notebook_plugin_cache_gives_way(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    convert = pytest.importorskip("mkdocs_jupyter.convert")
    monkeypatch.setattr(convert, "nb2html", convert.nb2html)
    plugin = SimpleNamespace(config={"cache": True})
    site.config["plugins"] = {"mkdocs-jupyter": plugin}
    site.build()
    assert plugin.config["cache"] is False
    assert convert.nb2html.__wrapped__ is not None
    site.build()  # installing twice wraps the original, not the wrapper
    assert not hasattr(convert.nb2html.__wrapped__, "__wrapped__")


# --- dates and the module's own examples -----------------------------------------------------


def test_bad_arguments_are_named() -> None:
    with pytest.raises(TypeError, match="parts"):
        hook.digest("a", 1)
    with pytest.raises(ValueError, match="package_dir"):
        hook.package_digest(ROOT / "no-such-dir")
    with pytest.raises(ValueError, match="package"):
        hook.package_dir("no_such_package_e6")
    with pytest.raises(TypeError, match="directory"):
        hook.Store("not a path")


# --- what the key holds, one promise each ---------------------------------------------------


def test_a_renamed_module_is_a_change_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    before = hook.package_digest(tmp_path)
    (tmp_path / "a.py").rename(tmp_path / "b.py")  # same bytes, another module name
    assert hook.package_digest(tmp_path) != before


@pytest.mark.parametrize(
    ("field", "one", "other"),
    [("returncode", 0, 1), ("width", 40, 120), ("workdir", None, "/")],
)
def test_every_option_that_reaches_the_output_is_in_the_fingerprint(
    field: str, one: object, other: object
) -> None:
    first = hook.Block("print(1)", **{field: one})
    second = hook.Block("print(1)", **{field: other})
    assert first.fingerprint() != second.fingerprint()


# Listed here, not read from the hook: a name dropped from its list must fail this test.
OUTPUT_ENVIRONMENT = ("COLUMNS", "LINES", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONHASHSEED")


@pytest.mark.parametrize("name", OUTPUT_ENVIRONMENT)
def test_every_variable_that_reaches_the_output_is_in_the_fingerprint(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, "0")
    before = hook.Block("print(1)").fingerprint()
    monkeypatch.setenv(name, "1")
    assert hook.Block("print(1)").fingerprint() != before


def test_a_change_to_the_memo_of_runs_reruns_every_block(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.build()
    monkeypatch.setattr(hook, "hooks_digest", lambda: "0" * 64)  # shared_runs.py edited
    _, ran = site.build()
    assert ran == ["a", "b", "c"]


# --- what the store keeps -------------------------------------------------------------------


def test_an_output_whose_entry_could_pass_the_size_limit_is_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # JSON writes "€" as \u20ac, six bytes: an entry over the limit, which get() would
    # refuse at every build, is not written at all. (It was, for 67 to 100 euro signs.)
    monkeypatch.setattr(hook, "MAX_ENTRY_BYTES", 600)
    store = hook.Store(tmp_path)
    for count in (67, 100, 601):
        store.put("ab" * 32, "€" * count)
        assert not store.path("ab" * 32).exists(), count
    store.put("cd" * 32, "€" * 40)
    assert store.path("cd" * 32).stat().st_size <= 600
    assert store.get("cd" * 32) == "€" * 40


@pytest.mark.parametrize("indent", ["", "  ", "\t"])
def test_an_exec_fence_is_never_stored_nor_served_even_indented(
    tmp_path: Path, indent: str
) -> None:
    output = f'text\n{indent}```python exec="on"\n{indent}print("run at build")\n{indent}```\n'
    store = hook.Store(tmp_path)
    store.put("ef" * 32, output)
    assert not store.path("ef" * 32).exists()
    # Nor served if written by hand (the checksum only detects accidents).
    path = store.path("ef" * 32)
    path.parent.mkdir(parents=True)
    entry = {"format": hook.CACHE_FORMAT, "key": "ef" * 32, "sha256": hook.digest(output)}
    path.write_text(json.dumps({**entry, "output": output}), encoding="utf-8")
    assert store.get("ef" * 32) is None


def test_a_cache_directory_of_another_user_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    hook.check_private(directory)  # ours: accepted
    monkeypatch.setattr(hook.os, "getuid", lambda: directory.stat().st_uid + 1)
    with pytest.raises(PluginError, match="belongs to another user"):
        hook.check_private(directory)


@pytest.mark.parametrize(
    ("value", "on"),
    [("", True), (" 0 ", True), ("no", True), ("Off", True), ("1", False), (" yes", False)],
)
def test_the_switch_reads_like_a_person_wrote_it(
    value: str, on: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(hook.NO_CACHE_ENV, value)
    assert hook._enabled() is on


def test_only_the_package_and_its_modules_are_reloaded_and_only_when_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package, sub, neighbour = ModuleType("e6pkg"), ModuleType("e6pkg.sub"), ModuleType("e6pkgx")
    for module in (package, sub, neighbour):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    hook.stamp_loaded_package("e6pkg", "digest-1")
    assert hook.evict_stale_modules("e6pkg", "digest-1") == []  # unchanged: kept
    assert hook.evict_stale_modules("e6pkg", "digest-2") == ["e6pkg", "e6pkg.sub"]
    assert "e6pkgx" in sys.modules


# --- the second process (docs/hooks/page_worker.py) -------------------------------------------

page_worker = load_hook("page_worker")


def test_the_worker_renders_from_the_last_page_back_until_the_build_holds_one(
    tmp_path: Path,
) -> None:
    from filelock import FileLock

    pages = [(name, f"/docs/{name}") for name in ("a.md", "b.md", "c.md", "d.md")]
    rendered: list[str] = []

    def render(src_uri: str, path: str) -> None:
        assert path == f"/docs/{src_uri}"
        held = FileLock(str(hook.page_lock(tmp_path, src_uri)))
        with pytest.raises(TimeoutError):  # the page's lock is the worker's while it renders
            held.acquire(timeout=0)
        rendered.append(src_uri)

    build = FileLock(str(hook.page_lock(tmp_path, "b.md")))
    build.acquire()  # the build has reached b.md
    count = page_worker.work(pages, render, lambda src_uri: hook.page_lock(tmp_path, src_uri))
    assert (count, rendered) == (2, ["d.md", "c.md"])
    for name in ("c.md", "d.md"):  # given back: the build takes them when it gets there
        lock = FileLock(str(hook.page_lock(tmp_path, name)))
        lock.acquire(timeout=0)
        lock.release()
    build.release()


def test_a_worker_for_the_pages_with_blocks_only_with_the_cache_on(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, prose, timed = site.root / "page.md", site.root / "prose.md", site.root / "timed.md"
    page.write_text(PAGE)
    prose.write_text("# Prose\n\n```python\nprint('not run')\n```\n")
    timed.write_text('<section class="nn-measured" markdown>\n\n' + PAGE + "\n</section>\n")
    names = {"a.md": page, "prose.md": prose, "b.md": page, "book.ipynb": page, "t.md": timed}
    files = SimpleNamespace(
        documentation_pages=lambda: [
            *(
                SimpleNamespace(src_uri=name, abs_src_path=str(path))
                for name, path in names.items()
            ),
            SimpleNamespace(src_uri="made.md", abs_src_path=None),  # generated by a plugin
        ]
    )
    started: list[tuple[Any, ...]] = []
    monkeypatch.setattr(hook, "PageWorker", lambda *args: started.append(args))

    def build() -> None:
        hook.on_config(site.config)
        hook.on_pre_build(site.config)
        hook.on_nav(None, site.config, files)
        hook._build.pop("worker", None)

    monkeypatch.setenv(hook.NO_PAGE_WORKER_ENV, "1")
    build()
    monkeypatch.delenv(hook.NO_PAGE_WORKER_ENV)
    monkeypatch.setenv(hook.NO_CACHE_ENV, "1")
    build()
    assert started == []
    monkeypatch.delenv(hook.NO_CACHE_ENV)
    build()
    [(_, store, context, source, pages)] = started
    assert (store.directory, context) == (site.cache_dir, hook._build["cache"].context)
    assert source == hook._build["source"]
    # Timed pages too: their timings count processor time, which the build does not inflate.
    assert pages == [("a.md", str(page)), ("b.md", str(page)), ("t.md", str(timed))]


def test_a_worker_that_fails_is_named_in_the_log_and_the_build_goes_on(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(hook, "PACKAGE", "nanoneuron")  # the package the worker finds too
    store = hook.Store(site.cache_dir)
    # No such configuration: the worker fails at once.
    source = hook.package_digest(hook.package_dir("nanoneuron"))
    worker = hook.PageWorker(str(site.root / "absent.yml"), store, "ctx", source, [("a.md", "x")])
    assert worker.process.wait(timeout=120) != 0
    worker.claim("a.md")  # nothing holds it: the build takes it at once
    with caplog.at_level(logging.INFO, logger=hook.log.name):
        assert worker.stop() == {}
    [message] = [r.getMessage() for r in caplog.records if "second process" in r.getMessage()]
    assert "failed (exit 1)" in message
    assert "absent.yml" in message
    assert not worker.claims.exists()


def test_the_profile_names_the_blocks_the_second_process_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.hooks import load_file

    bench = load_file(Path(__file__).parents[1] / "benchmarks" / "bench_build.py")
    profile = tmp_path / "profile.json"
    monkeypatch.setenv(hook.PROFILE_ENV, str(profile))
    cache = hook.BlockCache(store=None, context="")
    cache.seconds.update({"here": 1.5})
    hook.write_profile(cache, {"a.md": 2.0}, {"book.ipynb": 3.0}, {"there": 4.0})
    bench.print_profile(profile)
    printed = capsys.readouterr().out
    assert "pages, all 1, in the build's process: 2.00 s" in printed
    assert "blocks the second process ran: 1, 4.00 s" in printed
    assert "4.00  there *\n" in printed
    assert "1.50  here\n" in printed
    assert "notebook book.ipynb (executed in its kernel): 3.00" in printed


def test_a_worker_that_imports_another_package_stops_before_running_anything(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    page = site.root / "page.md"
    page.write_text(PAGE)
    # As if the build imported a package from elsewhere than the worker finds one.
    monkeypatch.setattr(hook, "package_dir", lambda package: site.root / "elsewhere" / package)
    config = str(Path(__file__).parents[1] / "mkdocs.yml")
    store = hook.Store(site.cache_dir)
    worker = hook.PageWorker(config, store, "ctx", "any", [("p.md", str(page))])
    assert worker.process.wait(timeout=120) != 0
    with caplog.at_level(logging.INFO, logger=hook.log.name):
        assert worker.stop() == {}
    assert not site.entries()
    [message] = [
        r.getMessage() for r in caplog.records if "second process failed" in r.getMessage()
    ]
    assert f"the build {site.root / 'elsewhere' / hook.PACKAGE}" in message


def test_the_worker_imports_the_package_from_where_the_build_does(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = site.root / "another" / "nanoneuron"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("WHO = 'another copy'\n")
    monkeypatch.syspath_prepend(str(fake.parent))  # where this build's package comes from
    monkeypatch.setattr(hook, "package_dir", lambda package: fake)
    monkeypatch.setenv("NANONEURON_NO_SHARED_RUNS", "1")  # the copy has no train_model
    page = site.root / "page.md"
    page.write_text(
        '```python exec="on" session="who" id="who"\nimport nanoneuron\nprint(nanoneuron.WHO)\n```\n'
    )
    config = str(Path(__file__).parents[1] / "mkdocs.yml")
    store, source = hook.Store(site.cache_dir), hook.package_digest(fake)
    worker = hook.PageWorker(config, store, "ctx", source, [("p.md", str(page))])
    assert worker.process.wait(timeout=120) == 0, (worker.claims / hook.WORKER_LOG).read_text()
    assert "who" in worker.stop()
    [entry] = site.entries()
    assert json.loads(entry.read_text())["output"] == "another copy\n"


def test_a_worker_that_cannot_start_leaves_the_build_to_run_every_block(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    claims = site.root / "claims"

    def make_claims(prefix: str) -> str:
        claims.mkdir()
        return str(claims)

    monkeypatch.setattr(hook.tempfile, "mkdtemp", make_claims)

    def refuse(*args: Any, **options: Any) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(hook.subprocess, "Popen", refuse)
    page = site.root / "page.md"
    page.write_text(PAGE)
    pages = [SimpleNamespace(src_uri=n, abs_src_path=str(page)) for n in ("a.md", "b.md")]
    hook.on_config(site.config)
    hook.on_pre_build(site.config)
    with caplog.at_level(logging.INFO, logger=hook.log.name):
        hook.on_nav(None, site.config, SimpleNamespace(documentation_pages=lambda: pages))
    assert "worker" not in hook._build
    assert not claims.exists()
    assert any("no second process (no more processes)" in r.getMessage() for r in caplog.records)


def test_the_worker_stops_when_the_build_is_gone(tmp_path: Path) -> None:
    rendered: list[str] = []
    alive = iter([True, False])
    pages = [(name, name) for name in ("a.md", "b.md", "c.md")]
    count = page_worker.work(
        pages,
        lambda src_uri, path: rendered.append(src_uri),
        lambda src_uri: hook.page_lock(tmp_path, src_uri),
        lambda: next(alive),
    )
    assert (count, rendered) == (1, ["c.md"])


def test_a_worker_that_finds_other_source_stops_before_running_anything(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(hook, "PACKAGE", "nanoneuron")
    page = site.root / "page.md"
    page.write_text(PAGE)
    config = str(Path(__file__).parents[1] / "mkdocs.yml")
    # The build hashed other source than the worker finds (an edit landed in between).
    worker = hook.PageWorker(
        config, hook.Store(site.cache_dir), "ctx", "0" * 64, [("p", str(page))]
    )
    assert worker.process.wait(timeout=120) != 0
    with caplog.at_level(logging.INFO, logger=hook.log.name):
        worker.stop()
    assert not site.entries()
    assert any("changed since the build began" in r.getMessage() for r in caplog.records)
