"""Let the reader edit and run the article's code blocks in the browser, with Python from this site.

The article's chapters run their code at build (markdown-exec). Most of those blocks need only the
plain-Python core of ``nanoneuron`` and the standard library, so they can run again in the
reader's browser, in Pyodide (CPython compiled to WebAssembly), with the same numbers: the same
IEEE-754 arithmetic in the same order. This hook

- decides, at build, which blocks can run in the browser (:func:`verdict`, one rule below) and
  adds to each a runner (an editable copy of the code, Run, Stop, Reset, an output area) holding
  what the build printed, byte for byte; a block that cannot says that it runs at build only;
- links ``javascripts/runner.js`` and ``stylesheets/runner.css`` from the pages that have a
  runner, and from no other page;
- copies Pyodide's runtime (the interpreter, its standard library, its lock file) from
  ``node_modules/pyodide`` into ``assets/pyodide/``, and writes ``assets/runner/files.json``: the
  source of every ``nanoneuron`` module the browser can import, read from the tree the build
  imported, with the small Python module that runs the blocks (``runner_session.py``).

Nothing of Python is fetched until the reader presses Run (``runner.js`` loads it into a Web
Worker then).

**The rule.** A block runs in the browser when it is a ``python exec="on"`` block of an article
chapter (the "The article" section of the navigation) that shows its source and prints text
(not HTML), and

1. every module it imports is in the browser: a ``nanoneuron`` module whose own imports all are
   (so not ``nanoneuron.plots``, which needs matplotlib, nor ``nanoneuron.fast``, NumPy), or a
   standard-library module Pyodide ships and a browser tab can run (no ``subprocess``); a
   ``from nanoneuron import name`` needs ``name`` defined in the module itself, not loaded lazily;
2. every global name it reads that it does not bind itself was last bound by an earlier block of
   its session that runs in the browser too (so the browser rebuilds the state it needs by
   running those blocks first).

Blocks that fail the rule say why (e.g. "it imports nanoneuron.plots, which needs matplotlib").
"""

from __future__ import annotations

import ast
import builtins
import html
import importlib.util
import json
import posixpath
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

try:  # markdown-exec renders a block's output through these two functions (1.12).
    from markdown_exec._internal.formatters import base as _base_module

    _exec_base: Any = _base_module  # its names are re-exports, untyped for mypy
    _exec_base.code_block  # noqa: B018
    _exec_base.add_source  # noqa: B018
except (ImportError, AttributeError) as error:  # pragma: no cover - a future markdown-exec
    raise ImportError(
        "docs/hooks/runner.py needs markdown-exec 1.12's base formatter "
        f"(code_block and add_source in markdown_exec._internal.formatters.base): {error}"
    ) from error

PACKAGE = "nanoneuron"
#: Where the runtime and the package's source go in the built site.
PYODIDE_ASSETS = "assets/pyodide"
FILES_ASSET = "assets/runner/files.json"
#: Pyodide's runtime: the loader, the interpreter, its standard library and its lock file.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: Standard-library modules Pyodide ships but a browser tab cannot run: no processes, threads,
#: sockets or windows there (https://pyodide.org/en/stable/usage/wasm-constraints.html).
NOT_IN_A_BROWSER = frozenset(
    {"subprocess", "multiprocessing", "concurrent", "threading", "socket", "webbrowser"}
)
#: The nav section whose pages get runners.
ARTICLE = "The article"
#: Seconds a run may take before the runner stops it.
TIME_LIMIT_SECONDS = 120
HERE = Path(__file__).resolve().parent
SESSION_MODULE = HERE / "runner_session.py"


# --- which modules the browser has ----------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """A module of the package, as the browser would import it."""

    name: str
    path: Path
    imports: frozenset[str]  # modules imported at module level (not lazily, not for type checkers)
    names: frozenset[str]  # names bound at module level


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level(body: Iterable[ast.stmt]) -> Iterable[ast.stmt]:
    """Statements run on import: into ``if``/``try`` bodies, not ``if TYPE_CHECKING:``."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for part in (node.body, node.orelse, node.finalbody):
                yield from _top_level(part)
            for handler in node.handlers:
                yield from _top_level(handler.body)


def imported_modules(tree: ast.Module, package: str = "") -> set[str]:
    """Modules that the top-level statements of ``tree`` import (``from a import b``: ``a``, ``a.b``).

    ``a.b`` is a candidate only: the caller keeps it if it is a module.

    Examples:
        >>> sorted(imported_modules(ast.parse("import os.path\\nfrom nanoneuron import plots")))
        ['nanoneuron', 'nanoneuron.plots', 'os.path']
    """
    found: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def bound_names(tree: ast.Module) -> set[str]:
    """Names the top-level statements of ``tree`` bind (assignments, imports, defs, loops...)."""
    names: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
                names.add(child.id)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
    return names


def package_modules(package_dir: Path) -> dict[str, Module]:
    """Every module of the package at ``package_dir``, by dotted name."""
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = name if is_package else name.rpartition(".")[0]
        modules[name] = Module(
            name, path, frozenset(imported_modules(tree, package)), frozenset(bound_names(tree))
        )
    return modules


def pyodide_stdlib(stdlib_zip: Path) -> frozenset[str]:
    """Top-level standard-library modules a browser tab can import from Pyodide.

    Those in its ``python_stdlib.zip``, and those CPython builds into the interpreter or as
    extension modules (``math``, ``_random``...), which Pyodide compiles into its WebAssembly,
    less :data:`NOT_IN_A_BROWSER`.
    """
    with zipfile.ZipFile(stdlib_zip) as archive:
        in_zip = {name.split("/")[0].removesuffix(".py") for name in archive.namelist()}
    compiled = set()
    for name in sys.stdlib_module_names:
        spec = importlib.util.find_spec(name) if name not in sys.builtin_module_names else None
        origin = getattr(spec, "origin", None) or ""
        if name in sys.builtin_module_names or origin.endswith((".so", ".pyd")):
            compiled.add(name)
    return frozenset((in_zip | compiled) & set(sys.stdlib_module_names)) - NOT_IN_A_BROWSER


@dataclass
class Browser:
    """What the browser can import: the standard library Pyodide ships and the package's modules."""

    stdlib: frozenset[str]
    modules: dict[str, Module]
    #: Why each package module cannot be shipped ("" for those that can).
    missing: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in sorted(self.modules):
            self._why_not(name, ())

    def _why_not(self, name: str, seen: tuple[str, ...]) -> str:
        if name in self.missing:
            return self.missing[name]
        if name in seen:
            return ""  # an import cycle: decided by the modules outside it
        reason = ""
        for imported in sorted(self.modules[name].imports):
            if imported in self.modules:
                if self._why_not(imported, (*seen, name)):
                    reason = self.missing[imported] or f"needs {imported}"
                    break
            elif (
                imported.partition(".")[0] != name.partition(".")[0]
                and imported.rpartition(".")[0] not in self.modules
                and imported.partition(".")[0] not in self.stdlib
            ):
                reason = _needs(imported)
                break
        self.missing[name] = reason
        return reason

    @property
    def shipped(self) -> list[str]:
        """The package's modules the browser gets, by name."""
        return sorted(name for name in self.modules if not self.missing[name])

    def why_not(self, module: str, imported_name: str | None = None) -> str:
        """Why ``import module`` (or ``from module import imported_name``) fails in the browser.

        Returns:
            ``""`` if it works.
        """
        top = module.partition(".")[0]
        if module in self.modules:
            if self.missing[module]:
                return f"it imports {module}, which {self.missing[module]}"
            if imported_name is None or imported_name in self.modules[module].names:
                return ""
            submodule = f"{module}.{imported_name}"
            if submodule in self.modules:
                return self.why_not(submodule)
            return f"{module}.{imported_name} is loaded on first use, from a module that needs more"
        if top in {m.partition(".")[0] for m in self.modules}:
            return f"there is no module {module}"
        if top in NOT_IN_A_BROWSER:
            return f"it uses {top}, which a browser tab cannot run"
        if top not in self.stdlib:
            return f"it {_needs(module)}, which the site does not ship"
        return ""


def _needs(module: str) -> str:
    top = module.partition(".")[0]
    known = {"numpy": "NumPy", "matplotlib": "matplotlib", "cycler": "matplotlib"}
    return f"needs {known.get(top, top)}"


# --- the rule ---------------------------------------------------------------------------------------


def read_names(tree: ast.Module) -> set[str]:
    """Global names the code reads and never binds anywhere in itself (conservatively)."""
    loaded: set[str] = set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loaded - bound - set(dir(builtins))


@dataclass
class Sessions:
    """Per session: which block last bound each name, and whether that block runs in the browser."""

    binders: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)

    def verdict(
        self, code: str, session: str, block: str, browser: Browser, given: str = ""
    ) -> str:
        """Why the block cannot run in the browser (``""`` if it can); records what it binds.

        Blocks must be given in the order they run at build. ``given`` is a reason decided by
        the caller (the block's output is HTML, or its code is hidden); the rule's own reasons
        come first, since they say what the block needs.
        """
        try:
            tree = ast.parse(code)
        except SyntaxError as error:  # the build reports it; the browser would too
            return f"its code does not parse ({error.msg})"
        reason = ""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    reason = reason or browser.why_not(alias.name)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    reason = reason or browser.why_not(node.module, alias.name)
        binders = self.binders.setdefault(session, {})
        if not reason:
            for name in sorted(read_names(tree)):
                earlier, runs = binders.get(name, ("", False))
                if earlier and not runs:
                    reason = f"it uses {name} from the block {earlier}, which runs at build only"
                    break
                if not earlier:
                    reason = f"it uses {name}, which no earlier block of its session defines"
                    break
        reason = reason or given
        for name in bound_names(tree):
            binders[name] = (block, not reason)
        return reason


# --- the markup ---------------------------------------------------------------------------------


def runner_html(block: str, session: str, code: str, output: str, note: str) -> str:
    """The runner of one block: a disclosure with the editable code, the buttons and the output.

    The code and the build's output travel in attributes, so the search index does not see them.
    """

    def attr(text: str) -> str:
        return html.escape(text, quote=True)

    ident = f"nn-run-{block}"
    rows = min(max(code.count("\n") + 2, 3), 30)
    return (
        f'<details class="nn-runner" data-nn-runner="{attr(block)}" data-nn-session="{attr(session)}"'
        f' data-nn-code="{attr(code)}" data-nn-expected="{attr(output)}"'
        f' data-nn-time-limit="{TIME_LIMIT_SECONDS}">'
        "<summary>Edit and run this code in your browser</summary>"
        '<div class="nn-runner-body">'
        f'<label for="{ident}-code">Python code, editable (Ctrl+Enter runs it)</label>'
        f'<textarea id="{ident}-code" class="nn-run-code" rows="{rows}" spellcheck="false"'
        ' autocapitalize="off" autocomplete="off" autocorrect="off"></textarea>'
        '<div class="nn-run-buttons">'
        '<button type="button" class="nn-run-button nn-run-primary" data-nn-action="run">Run</button>'
        '<button type="button" class="nn-run-button" data-nn-action="stop" disabled>Stop</button>'
        '<button type="button" class="nn-run-button" data-nn-action="reset">Reset the code</button>'
        "</div>"
        f'<div class="nn-run-result" role="status" aria-live="polite">'
        f'<p class="nn-run-message">{html.escape(note)}</p>'
        '<pre class="nn-run-output" tabindex="0" hidden><code></code></pre>'
        "</div></div></details>"
    )


def build_only_html(reason: str) -> str:
    return f'<p class="nn-run-build-only">This block runs at build only: {html.escape(reason)}.</p>'


# --- mkdocs hooks ---------------------------------------------------------------------------------

_state: dict[str, Any] = {}


def _root(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def _pyodide_dir(config: Any) -> Path:
    dist = _root(config) / "node_modules" / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (dist / name).is_file()]
    if missing:
        raise PluginError(
            f"Pyodide is not installed at {dist} (missing {', '.join(missing)}): "
            "run `make install` (it runs `npm ci`)"
        )
    return dist


def _wrap_format(original: Callable[..., str]) -> Callable[..., str]:
    def format(  # superfences' name for it
        source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kw: Any
    ) -> str:
        page = _state.get("page")
        if page is None or not options.get("id"):
            return original(source, language, css_class, options, md, **kw)
        printed: list[str] = []
        code_block, add_source = _exec_base.code_block, _exec_base.add_source

        def capture_result(language: str, code: str, **extra: str) -> str:
            printed.append(code)
            return str(code_block(language, code, **extra))

        def capture_source(**arguments: Any) -> str:
            if not printed:
                printed.append(arguments["output"])
            return str(add_source(**arguments))

        _exec_base.code_block, _exec_base.add_source = capture_result, capture_source
        try:
            rendered = original(source, language, css_class, options, md, **kw)
        finally:
            _exec_base.code_block, _exec_base.add_source = code_block, add_source
        if not printed:  # the block failed: the build reports it
            return rendered
        block, session = options["id"], options.get("session") or options["id"]
        shown = bool(options.get("source"))
        given = "" if shown else "its code is not on the page"
        if options.get("html"):
            given = "it prints HTML (a chart), which the runner does not draw"
        reason = _state["sessions"].verdict(source, session, block, _state["browser"], given)
        if not shown:
            return rendered  # nothing on the page to edit
        # str(): Markup + str would escape the markup added here.
        if reason:
            return str(rendered) + build_only_html(reason)
        page["runnable"].append(block)
        return str(rendered) + runner_html(block, session, source, printed[0], _state["note"])

    format.__wrapped__ = original  # type: ignore[attr-defined]
    return format


def _package_dir() -> Path:
    """Where ``import nanoneuron`` reads the package from in this build (as exec_cache.py)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PluginError(f"{PACKAGE} is not importable: run `make install`")
    return Path(next(iter(spec.submodule_search_locations)))


def on_config(config: Any) -> None:
    dist = _pyodide_dir(config)
    package = _package_dir()
    browser = Browser(pyodide_stdlib(dist / "python_stdlib.zip"), package_modules(package))
    size = sum((dist / name).stat().st_size for name in PYODIDE_FILES)
    _state.update(
        browser=browser,
        package=package,
        dist=dist,
        note=f"Python (Pyodide, {size / 1e6:.1f} MB before compression) loads from this site"
        " on the first run, into a background worker.",
    )


def on_pre_build(config: Any) -> None:
    # Here, not in on_config: markdown-exec's plugin adds its fences in its own on_config.
    fences = config["mdx_configs"].get("pymdownx.superfences", {}).get("custom_fences", [])
    for fence in fences:
        if fence.get("name") in ("python", "py") and not hasattr(fence["format"], "__wrapped__"):
            fence["format"] = _wrap_format(fence["format"])
    _state.update(sessions=Sessions(), runnable={})


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    # The chapters of the article (found as docs/hooks/notebook_link.py finds them); the home
    # page and the other sections have no runners.
    in_article = page.parent is not None and page.parent.title == ARTICLE
    _state["page"] = {"runnable": []} if in_article else None
    if in_article:
        _state["runnable"][page.file.src_uri] = _state["page"]["runnable"]
    return markdown


def on_post_page(output: str, page: Any, config: Any) -> str:
    if "data-nn-runner=" not in output and 'class="nn-run-build-only"' not in output:
        return output
    base = posixpath.relpath(".", posixpath.dirname(page.url.rstrip("/") + "/x") or ".")
    head = f'<link rel="stylesheet" href="{base}/stylesheets/runner.css">'
    if "data-nn-runner=" in output:
        head += f'<script type="module" src="{base}/javascripts/runner.js"></script>'
    return output.replace("</head>", head + "</head>", 1)


def on_post_build(config: Any) -> None:
    if not any(_state["runnable"].values()):
        return  # no page has a runner (a site without the article): nothing to ship
    site = Path(config["site_dir"])
    target = site / PYODIDE_ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(_state["dist"] / name, target / name)
    browser: Browser = _state["browser"]
    root = _state["package"].parent
    paths = [browser.modules[name].path for name in browser.shipped]
    files = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in paths}
    files["runner_session.py"] = SESSION_MODULE.read_text(encoding="utf-8")
    manifest = site / FILES_ASSET
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"files": files}, sort_keys=True), encoding="utf-8")
