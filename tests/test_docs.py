"""The site: it builds strictly, shows real outputs, and a failure in it fails the build and says where."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Protocol

import nbformat
import pytest

from tests.hooks import load_script

ROOT = Path(__file__).resolve().parents[1]
make_notebook = load_script("make_notebook")


def nav_pages(entries: list[Any]) -> list[str]:
    """The files of a navigation (mkdocs.yml is the one list of pages), in order."""
    pages: list[str] = []
    for entry in entries:
        if isinstance(entry, str):  # a page without a title of its own (a section's index)
            pages.append(entry)
            continue
        for target in entry.values():
            pages.extend(nav_pages(target) if isinstance(target, list) else [target])
    return pages


#: Every page of the site, and the article's chapters as the notebook takes them.
PAGES = nav_pages(make_notebook.nav())
CHAPTERS = make_notebook.article_pages()


class SiteBuilder(Protocol):
    """The ``site_builder`` fixture: the root conftest's ``build_site``."""

    def __call__(
        self,
        config: Path,
        destination: Path,
        environment: dict[str, str] | None = None,
        cwd: Path | None = None,
        /,
    ) -> subprocess.CompletedProcess[str]: ...


def site_folder(page: str) -> str:
    """Where a page is built: ``training.md`` -> ``training``, ``index.md`` -> ``""``."""
    return page.rsplit(".", 1)[0].removesuffix("index").rstrip("/")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def test_every_page_of_the_navigation_is_built(built_site: Path) -> None:
    assert {"index.md", "tutorial.ipynb", "api/index.md", "training.md"} <= set(PAGES)
    for page in PAGES:
        assert (built_site / site_folder(page) / "index.html").is_file(), page


@pytest.mark.parametrize(
    "chapter", [page for page in CHAPTERS if 'exec="on"' in (ROOT / "docs" / page).read_text()]
)
def test_chapter_shows_build_time_output(built_site: Path, chapter: str) -> None:
    html = (built_site / site_folder(chapter) / "index.html").read_text(encoding="utf-8")
    charts = html.count('<svg class="nn-chart"')
    outputs = html.count('<div class="highlight"><pre><span></span><code>')
    assert charts + outputs >= 2, f"{chapter}: no build-time output found"


def test_no_page_publishes_a_traceback(built_site: Path) -> None:
    for page in html_pages(built_site):
        if page.relative_to(built_site).parts[0] == "api":
            continue  # the reference shows docstring examples of errors on purpose
        text = page.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, page
        assert "Error reading page" not in text, page


def test_the_build_log_is_clean(built_site: Path, site_build: Any) -> None:
    """No warning and no traceback in what the shared build printed (MkDocs, its plugins, the
    notebook's kernel), so a new one stands out; ``--strict`` fails on MkDocs' own only."""
    log = site_build.done.read_text(encoding="utf-8")
    assert "exec cache:" in log  # the log of the build itself
    noise = [line for line in log.splitlines() if re.search(r"WARNING|Warning:|Traceback", line)]
    assert not noise, "\n".join(noise)


def test_charts_are_accessible(built_site: Path) -> None:
    html = (built_site / "training" / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<svg class="nn-chart" role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) >= 2
    for labels in charts:
        for label in labels.split():
            assert f'id="{label}"' in html


def test_notebook_matches_the_chapters() -> None:
    committed = (ROOT / "docs" / "tutorial.ipynb").read_text(encoding="utf-8")
    assert committed == make_notebook.render(), "docs/tutorial.ipynb is stale: run `make notebook`"


def test_notebook_is_valid_and_downloadable(built_site: Path) -> None:
    notebook = nbformat.reads(  # type: ignore[no-untyped-call]
        (built_site / "tutorial" / "tutorial.ipynb").read_text(encoding="utf-8"), as_version=4
    )
    nbformat.validate(notebook)
    assert sum(cell.cell_type == "code" for cell in notebook.cells) >= 20
    assert "tutorial.ipynb" in (built_site / "tutorial" / "index.html").read_text(encoding="utf-8")


def test_math_is_typeset_at_build(built_site: Path) -> None:
    """Formulas reach the reader as KaTeX's HTML and MathML, with no TeX left to typeset."""
    typeset = 0
    for page in html_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for inner in re.findall(r'class="arithmatex">(.*?)</(?:span|div)>', text, re.S):
            assert inner.startswith('<span class="katex'), f"{page}: {inner[:80]}"
            typeset += 1
        assert "\\(" not in re.sub(r"<(pre|code)[\s\S]*?</\1>", "", text), page
    assert typeset >= 10


def small_project(
    tmp_path: Path, pages: dict[str, str], notebook: dict[str, object] | None = None
) -> Path:
    """A copy of the site's configuration with a few pages of our own, to build quickly."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = (
        config[: config.index("\nnav:")] + "\nnav:\n" + "".join(f"  - {name}\n" for name in pages)
    )
    if notebook is None:
        config = re.sub(r"  - mkdocs-jupyter:\n(?:      .*\n)+", "", config)
    docs = tmp_path / "docs"
    for folder in ("hooks", "stylesheets", "overrides", "snippets"):  # what mkdocs.yml refers to
        if (ROOT / "docs" / folder).is_dir():
            shutil.copytree(ROOT / "docs" / folder, docs / folder)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    if notebook is not None:
        nbformat.write(nbformat.from_dict(notebook), docs / "tutorial.ipynb")  # type: ignore[no-untyped-call]
    for shared in ("node_modules", "nanoneuron"):  # KaTeX, and the package mkdocs.yml watches
        (tmp_path / shared).symlink_to(ROOT / shared)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_a_failing_block_fails_the_build_and_names_page_and_block(
    tmp_path: Path, site_builder: SiteBuilder
) -> None:
    broken = (
        "# Broken\n\n"
        '```python exec="on" session="broken" id="broken-ok"\nx = 1\n```\n\n'
        '```python exec="on" session="broken" id="broken-raises"\nraise ValueError("no such temperature")\n```\n'
    )
    config = small_project(tmp_path, {"index.md": "# Home\n", "broken.md": broken})
    result = site_builder(config, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "'broken-raises'" in log, log
    assert "docs/broken.md" in log, log
    assert "no such temperature" in log


def test_the_same_project_builds_without_the_failure(
    tmp_path: Path, site_builder: SiteBuilder
) -> None:
    """The control for the test above: the small project itself is sound."""
    fine = '# Fine\n\n```python exec="on" session="fine" id="fine-ok"\nprint(1 + 1)\n```\n'
    config = small_project(tmp_path, {"index.md": "# Home\n", "fine.md": fine})
    result = site_builder(config, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2" in (tmp_path / "site" / "fine" / "index.html").read_text(encoding="utf-8")


def test_a_formula_katex_cannot_typeset_fails_the_build(
    tmp_path: Path, site_builder: SiteBuilder
) -> None:
    page = "# Maths\n\nFine: $a^2$. Broken: $\\frac{1}{$.\n"
    config = small_project(tmp_path, {"index.md": "# Home\n", "maths.md": page})
    result = site_builder(config, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "maths.md" in log, log
    assert "\\frac{1}{" in log, log


def test_a_failing_notebook_cell_fails_the_build_and_names_the_notebook(
    tmp_path: Path, site_builder: SiteBuilder
) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# Notebook"},
            {
                "cell_type": "code",
                "id": "boom",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": "raise ValueError('cell failed on purpose')",
            },
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    config = small_project(
        tmp_path, {"index.md": "# Home\n", "tutorial.ipynb": ""}, notebook=notebook
    )
    result = site_builder(config, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "tutorial.ipynb" in log, log
    assert "cell failed on purpose" in log, log


def test_an_edited_snippet_shows_on_a_warm_build(tmp_path: Path, site_builder: SiteBuilder) -> None:
    page = (
        "# Widget\n\n"
        '```python exec="on" session="widget" id="widget-block"\nprint("from the code")\n```\n\n'
        '--8<-- "widget.html"\n'
    )
    config = small_project(tmp_path, {"index.md": "# Home\n", "widget.md": page})
    snippet = tmp_path / "docs" / "snippets" / "widget.html"
    cache = {"NANONEURON_CACHE_DIR": str(tmp_path / "cache")}
    html = tmp_path / "site" / "widget" / "index.html"
    for version in ("first", "second"):
        snippet.write_text(f'<div class="widget">{version} version</div>\n', encoding="utf-8")
        result = site_builder(config, tmp_path / "site", cache)
        assert result.returncode == 0, result.stdout + result.stderr
        text = html.read_text(encoding="utf-8")
        assert f"{version} version" in text
        assert "from the code" in text
    assert " 1 blocks from the cache, 0 executed" in result.stdout + result.stderr


def test_the_build_works_with_a_relative_config_path(
    tmp_path: Path, site_builder: SiteBuilder
) -> None:
    page = "# Maths\n\nTypeset at build: $a^2$.\n"
    small_project(tmp_path, {"index.md": "# Home\n", "maths.md": page})
    result = site_builder(Path("mkdocs.yml"), Path("site"), None, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'class="katex"' in (tmp_path / "site" / "maths" / "index.html").read_text("utf-8")


def test_measured_outputs_stay_out_of_the_search_index(built_site: Path) -> None:
    """Timings differ from build to build; in the index they would make builds differ."""
    import html as html_lib
    import json

    page = (built_site / "beyond" / "vectorization" / "index.html").read_text(encoding="utf-8")
    measured = re.findall(r'<section class="nn-measured"[^>]*>(.*?)<!-- /measured -->', page, re.S)
    assert measured, "the speed chapter's measured outputs are not marked"
    outputs = [
        html_lib.unescape(re.sub(r"<[^>]+>", "", code)).strip()
        for block in measured
        for code in re.findall(r"<code>(.*?)</code>", block, re.S)
    ]
    lines = {line.strip() for output in outputs for line in output.splitlines() if "µs" in line}
    assert lines, "no measured timing found on the speed chapter"
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(
        html_lib.unescape(re.sub(r"<[^>]+>", "", doc["text"])) for doc in index["docs"]
    )
    assert not [line for line in lines if line in texts]


def test_search_finds_each_chapter_once_not_again_in_the_notebook(built_site: Path) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "tutorial/" not in pages  # the notebook repeats the chapters word for word
    assert {site_folder(page) + "/" if site_folder(page) else "" for page in CHAPTERS} <= pages


def test_the_pages_the_notebook_holds_link_to_it(built_site: Path) -> None:
    for page in PAGES:
        html = (built_site / site_folder(page) / "index.html").read_text(encoding="utf-8")
        linked = "This chapter is part of" in html
        assert linked == (page in CHAPTERS), page


def test_the_api_page_lists_every_public_module() -> None:
    package = ROOT / "nanoneuron"
    public = {
        ".".join(("nanoneuron", *path.relative_to(package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for path in package.rglob("*.py")
        if not any(part.startswith("_") and part != "__init__.py" for part in path.parts)
        and path.name != "__main__.py"
    }
    names = [
        name
        for page in sorted((ROOT / "docs" / "api").glob("*.md"))
        for name in re.findall(r"^::: (\S+)", page.read_text(), re.M)
    ]
    listed = set(names)
    assert len(names) == len(listed), "a module is on two pages of the API reference"
    # The article's modules are shown through the package, which re-exports their API.
    article = {
        f"nanoneuron.{name}" for name in ("model", "data", "cost", "propagation", "training")
    }
    assert "nanoneuron" in listed
    assert public - article - {"nanoneuron.beyond"} <= listed, sorted(public - article - listed)
