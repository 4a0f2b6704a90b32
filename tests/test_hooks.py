"""What every build hook of ``docs/hooks/`` shares: its examples run, and it works alone.

The hooks' own behaviour is tested in the files named after them (``test_exec_cache.py``,
``test_shared_runs.py``) and through real builds (``test_docs.py``).
"""

from __future__ import annotations

import doctest
import importlib.util
import io
import logging
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from tests.hooks import HOOKS, load_hook

NAMES = sorted(path.stem for path in HOOKS.glob("*.py"))


@pytest.mark.parametrize("name", NAMES)
def test_the_examples_in_the_docstrings(name: str) -> None:
    result = doctest.testmod(load_hook(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_hooks_with_examples_have_them_run() -> None:
    attempted = sum(doctest.testmod(load_hook(name)).attempted for name in NAMES)
    assert attempted >= 5


def test_the_notebook_math_is_marked_by_the_katex_hook_itself() -> None:
    katex = load_hook("katex")
    page = (
        '<div class="jupyter-wrapper"><div class="jp-RenderedMarkdown"><p>$$J(w)$$ and $w$</p>'
        "<pre>$x$</pre></div></div>"
    )
    marked = katex.mark_notebook_math(page)
    assert marked.count('class="arithmatex"') == 2
    assert "<pre>$x$</pre>" in marked


def test_source_date_epoch_is_the_last_commit_unless_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source_date = load_hook("source_date")
    root = HOOKS.parent.parent
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(source_date._EPOCH_MARK, raising=False)
    config = {"config_file_path": str(root / "mkdocs.yml")}
    source_date.on_config(config)
    last_commit = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert source_date.os.environ["SOURCE_DATE_EPOCH"] == last_commit

    monkeypatch.delenv(source_date._EPOCH_MARK)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234")
    source_date.on_config(config)
    assert source_date.os.environ["SOURCE_DATE_EPOCH"] == "1234"  # the user's is kept

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    source_date.on_config({"config_file_path": str(tmp_path / "mkdocs.yml")})  # not a checkout
    assert source_date.os.environ["SOURCE_DATE_EPOCH"] == str(source_date.FALLBACK_EPOCH)


def _notebook(cell: str) -> str:
    """A notebook page whose one Markdown cell holds ``cell``, as mkdocs-jupyter renders it."""
    return f'<div class="jupyter-wrapper"><div class="jp-RenderedMarkdown">{cell}</div></div>'


@pytest.mark.parametrize(
    ("page", "formulas"),
    [
        pytest.param(_notebook("<div>a</div><p>$x$</p>"), 1, id="after-a-nested-div"),
        pytest.param(_notebook("<p>$$a\n+b$$</p>"), 1, id="display-math-over-lines"),
        pytest.param(_notebook("<p><code/> $x$</p>"), 1, id="after-an-empty-code-tag"),
        pytest.param(_notebook("<pre>$x$</pre><p>$y$ and $$z$$</p>"), 2, id="after-a-pre"),
    ],
)
def test_math_in_the_notebooks_markdown_cells_is_marked(page: str, formulas: int) -> None:
    katex = load_hook("katex")
    assert katex.mark_notebook_math(page).count('class="arithmatex"') == formulas


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(_notebook("<textarea>$x$</textarea>"), id="textarea"),
        pytest.param(_notebook("<pre><span>a</span> $x$</pre>"), id="pre-after-a-span-closes"),
        pytest.param(_notebook("<p><code>a $x$</code></p>"), id="code"),
        pytest.param(_notebook("<p>$5 and $6</p>"), id="prices"),
        pytest.param(
            '<div class="jupyter-wrapper"><div class="jp-OutputArea"><p>$x$</p></div></div>',
            id="output-cell",
        ),
    ],
)
def test_math_inside_code_pre_textarea_or_output_cells_and_prices_are_left_alone(
    page: str,
) -> None:
    katex = load_hook("katex")
    assert katex.mark_notebook_math(page) == page


def test_each_formula_is_sent_to_katex_as_display_or_inline_math(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    katex = load_hook("katex")
    sent: list[list[tuple[str, bool]]] = []

    def typeset(formulas: list[tuple[str, bool]], page: str, config: object) -> list[str]:
        sent.append(formulas)
        return [f"<typeset {n}>" for n in range(len(formulas))]

    monkeypatch.setattr(katex, "_typeset", typeset)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="maths/cost.md"), url="maths/cost/")
    output = katex.on_post_page(
        '<head></head><div class="arithmatex">\\[a\\]</div><span class="arithmatex">\\(b\\)</span>',
        page,
        {},
    )
    assert sent == [[("a", True), ("b", False)]]
    assert '<div class="arithmatex"><typeset 0></div>' in output
    assert '<span class="arithmatex"><typeset 1></span>' in output
    assert '<link rel="stylesheet" href="../../assets/katex/katex.min.css"></head>' in output


def test_a_formula_katex_rejects_fails_the_build_naming_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    katex = load_hook("katex")
    node = SimpleNamespace(stdin=io.StringIO(), stdout=io.StringIO('{"error": "ParseError"}\n'))
    monkeypatch.setattr(katex, "_renderer", lambda config: node)
    with pytest.raises(PluginError, match=r"on page maths\.md: ParseError"):
        katex._typeset([("\\frac", False)], "maths.md", {})


def test_a_site_without_katex_installed_fails_at_once(tmp_path: Path) -> None:
    katex = load_hook("katex")
    with pytest.raises(PluginError, match="make install"):
        katex.on_config({"config_file_path": str(tmp_path / "mkdocs.yml")})


def _notebook_page(body: str, css: str) -> str:
    return (
        f"<html><head><style>{css}</style>"
        '<script type="module">import mermaid from "x";</script></head>'
        f'<body><div class="jupyter-wrapper" id="nb"><p class="used">{body}</p></div></body></html>'
    )


def test_the_notebooks_css_keeps_only_rules_that_can_match_the_page() -> None:
    trim_notebook = load_hook("trim_notebook")
    css = (
        '@charset "utf-8";.md-typeset{a:1}#nb{b:2}#gone{c:3}.used, .unused{d:4}'
        ".jupyter-wrapper ::selection{e:5}.used::selection,.used{f:6}"
        ".jupyter-wrapper :root{--g:7}:root .used,.used>:root{h:8}"
    )
    output = trim_notebook.on_post_page(_notebook_page("", css), None, None)
    # The theme's md-* classes count as present; a rule keeps the selectors that can match;
    # a selection style (one per element at each restyle) is never kept, nor is a :root
    # inside another element (the root is inside nothing).
    assert re.findall(r"<style>(.*?)</style>", output) == [
        ".md-typeset{a:1}#nb{b:2}.used{d:4}.used{f:6}:root .used{h:8}"
    ]


def test_a_rebuild_of_the_same_notebook_page_parses_its_css_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under ``mkdocs serve`` every rebuild brings the same stylesheet and page back."""
    trim_notebook = load_hook("trim_notebook")
    parsed: list[str] = []
    parse = trim_notebook.tinycss2.parse_stylesheet

    def recorded(css: str, **options: Any) -> Any:
        parsed.append(css)
        return parse(css, **options)

    monkeypatch.setattr(trim_notebook.tinycss2, "parse_stylesheet", recorded)
    page = _notebook_page("", ".used{a:1}.gone{b:2}")
    first = trim_notebook.on_post_page(page, None, None)
    assert trim_notebook.on_post_page(page, None, None) == first
    assert parsed == [".used{a:1}.gone{b:2}"]
    # Another page (here: another class in it) is trimmed anew.
    assert ".gone{b:2}" in trim_notebook.on_post_page(page.replace("used", "gone"), None, None)
    assert len(parsed) == 2


def test_the_mermaid_loader_is_kept_only_for_a_notebook_with_diagrams() -> None:
    trim_notebook = load_hook("trim_notebook")
    diagram = '<div class="jp-Mermaid">graph</div>'
    assert "mermaid" in trim_notebook.on_post_page(_notebook_page(diagram, ".a{}"), None, None)
    assert "mermaid" not in trim_notebook.on_post_page(_notebook_page("", ".a{}"), None, None)


def test_a_chapters_page_is_not_trimmed() -> None:
    trim_notebook = load_hook("trim_notebook")
    chapter = (
        '<html><head><style>.x{a:1}</style><script src=""></script></head><body>x</body></html>'
    )
    assert trim_notebook.on_post_page(chapter, None, None) == chapter


def test_markdown_execs_warnings_name_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    locate_failures = load_hook("locate_failures")
    log = logging.getLogger("mkdocs.plugins.markdown_exec.test_hooks")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    monkeypatch.setattr(log, "propagate", False)
    for name in list(logging.Logger.manager.loggerDict):  # on_config adds to them all
        if name.startswith("mkdocs.plugins.markdown_exec"):
            logger = logging.getLogger(name)
            monkeypatch.setattr(logger, "filters", list(logger.filters))
    monkeypatch.setitem(locate_failures._current_page, "src", "?")
    log.addHandler(handler)
    try:
        locate_failures.on_config(None)
        page = SimpleNamespace(file=SimpleNamespace(src_uri="cost.md"))
        locate_failures.on_page_markdown("", page)
        log.warning("Execution of %s code block %r exited with errors", "python", "training")
    finally:
        log.removeHandler(handler)
    assert stream.getvalue() == (
        "Execution of python code block 'training' exited with errors [page: docs/cost.md]\n"
    )


def test_the_notebook_kernel_is_reached_over_private_unix_sockets() -> None:
    """Not TCP ports on 127.0.0.1, which ipykernel warns about on every build."""
    import os
    import stat

    from nbconvert.preprocessors import ExecutePreprocessor

    hook = load_hook("notebook_kernel")
    original = ExecutePreprocessor.create_kernel_manager
    try:
        hook.on_config({})
        hook.on_config({})  # a rebuild of mkdocs serve wraps it once, not twice
        wrapped = ExecutePreprocessor.create_kernel_manager
        assert wrapped.__wrapped__ is getattr(original, "__wrapped__", original)  # type: ignore[attr-defined]
        manager = ExecutePreprocessor(kernel_name="python3").create_kernel_manager()  # type: ignore[no-untyped-call]
        assert manager.transport == "ipc"
        directory = Path(manager.ip).parent
        assert manager.ip == hook.socket_prefix() == str(directory / "kernel")
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
        assert directory.stat().st_uid == os.getuid()
    finally:
        ExecutePreprocessor.create_kernel_manager = original  # type: ignore[method-assign]


def _built_site(tmp_path: Path, *stylesheets: tuple[str, str]) -> dict[str, Any]:
    """A site whose theme holds ``stylesheets`` (name, CSS), built: each copied as it is."""
    theme, site = tmp_path / "theme", tmp_path / "site"
    for folder in (theme, site):
        (folder / "assets" / "stylesheets").mkdir(parents=True)
    for name, css in stylesheets:
        (theme / "assets" / "stylesheets" / name).write_text(css, encoding="utf-8")
        (site / "assets" / "stylesheets" / name).write_text(css, encoding="utf-8")
    overrides = tmp_path / "overrides"  # the project's custom_dir comes first, and has none
    overrides.mkdir()
    return {"site_dir": str(site), "theme": SimpleNamespace(dirs=[str(overrides), str(theme)])}


def test_the_palette_stylesheet_is_served_without_its_switching_rule(tmp_path: Path) -> None:
    palette_load = load_hook("palette_load")
    rule = "[data-md-color-switching] *,[data-md-color-switching] :after{transition:none}"
    config = _built_site(
        tmp_path, ("palette.0a1b2c3d.min.css", f"a{{b:1}}{rule}c{{d:2}}"), ("main.9f.min.css", rule)
    )
    built = tmp_path / "site" / "assets" / "stylesheets"
    palette_load.on_post_build(config)
    assert (built / "palette.0a1b2c3d.min.css").read_text(encoding="utf-8") == "a{b:1}c{d:2}"
    # Only the palette stylesheet is touched.
    assert (built / "main.9f.min.css").read_text(encoding="utf-8") == rule
    # A rebuild that did not copy the theme's file again (mkdocs serve --dirty) gets it too.
    palette_load.on_post_build(config)
    assert (built / "palette.0a1b2c3d.min.css").read_text(encoding="utf-8") == "a{b:1}c{d:2}"


@pytest.mark.parametrize(
    ("stylesheets", "message"),
    [
        ([("palette.0a.min.css", "a{b:1}")], "palette.0a.min.css has 0 rules"),
        ([("palette.0a.min.css", "[data-md-color-switching] a{}" * 2)], "has 2 rules"),
        ([("palette.0a.min.css", "a{}"), ("palette.1b.min.css", "a{}")], "2 palette stylesheets"),
        ([("main.0a.min.css", "a{}")], "0 palette stylesheets"),
    ],
)
def test_a_theme_whose_palette_stylesheet_changed_fails_the_build(
    tmp_path: Path, stylesheets: list[tuple[str, str]], message: str
) -> None:
    palette_load = load_hook("palette_load")
    config = _built_site(tmp_path, *stylesheets)
    with pytest.raises(PluginError, match=re.escape(message)):
        palette_load.on_post_build(config)


def test_a_palette_stylesheet_no_theme_folder_holds_fails_the_build(tmp_path: Path) -> None:
    palette_load = load_hook("palette_load")
    config = _built_site(tmp_path, ("palette.0a.min.css", "[data-md-color-switching] a{}"))
    (tmp_path / "theme" / "assets" / "stylesheets" / "palette.0a.min.css").unlink()
    with pytest.raises(PluginError, match="no theme folder holds assets/stylesheets/palette"):
        palette_load.on_post_build(config)


def test_the_installed_themes_palette_stylesheet_has_the_rule_the_hook_removes() -> None:
    palette_load = load_hook("palette_load")
    material = importlib.util.find_spec("material")
    assert material is not None
    assert material.origin is not None
    (path,) = (Path(material.origin).parent / "templates").glob(
        "assets/stylesheets/palette.*.min.css"
    )
    css = path.read_text(encoding="utf-8")
    served = palette_load.without_switching_rule(css)
    assert "data-md-color-switching" not in served
    assert len(css) - len(served) < 200  # one rule, not the stylesheet
