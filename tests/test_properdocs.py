"""The comparison of ``scripts/compare_builds.py`` (MkDocs against ProperDocs) on small trees.

The builds themselves run in CI's ``properdocs`` job; here, only what the comparison ignores
and what it reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hooks import load_script

compare_builds = load_script("compare_builds")

SPEED = "beyond/vectorization/index.html"


def page(generator: str, body: str, measured: str = "") -> str:
    section = f'<section class="nn-measured" data-search-exclude="">{measured}<!-- /measured --></section>'
    return (
        f'<html><head><meta name="generator" content="{generator}, mkdocs-material-9.8.2">'
        f"</head><body>{body}{section}</body></html>"
    )


def site(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_generator_tag_and_the_measured_figures_are_all_that_may_differ(
    tmp_path: Path,
) -> None:
    mkdocs = site(
        tmp_path / "mkdocs",
        {"index.html": page("mkdocs-1.6.1", "w"), SPEED: page("mkdocs-1.6.1", "x", "0.12 s")},
    )
    properdocs = site(
        tmp_path / "properdocs",
        {
            "index.html": page("mkdocs-ProperDocs 1.6.7", "w"),
            SPEED: page("mkdocs-ProperDocs 1.6.7", "x", "0.31 s"),
        },
    )
    assert compare_builds.differences(mkdocs, properdocs, compare_builds.without_generator) == []
    # Two builds by the same generator may not differ in the tag (tests/test_reproducible_build.py).
    assert compare_builds.differences(mkdocs, properdocs) == [
        "differs: index.html",
        "differs: beyond/vectorization/index.html",
    ]


def test_every_other_difference_is_listed(tmp_path: Path) -> None:
    mkdocs = site(
        tmp_path / "mkdocs",
        {"index.html": page("a", "w"), "search/search_index.json": "[1]", SPEED: page("a", "x")},
    )
    properdocs = site(
        tmp_path / "properdocs",
        {"index.html": page("b", "w!"), "sitemap.xml": "<urlset/>", SPEED: page("b", "x")},
    )
    assert compare_builds.differences(mkdocs, properdocs, compare_builds.without_generator) == [
        "only in mkdocs: search",
        "only in properdocs: sitemap.xml",
        "differs: index.html",
    ]
    assert "+<html><head></head><body>w!" in compare_builds.excerpt(
        mkdocs, properdocs, "index.html"
    )


def test_a_speed_chapter_without_marked_figures_is_an_error() -> None:
    with pytest.raises(ValueError, match="measured outputs are not marked"):
        compare_builds.without_generator(b"<p>0.12 s</p>", SPEED)
