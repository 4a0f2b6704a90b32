"""The built site stays light: small pages, and no page loads what it does not use.

Read from the built site (the ``built_site`` fixture), no browser needed:

- each page's own HTML, with its inline SVG charts, is under 60 KB gzipped (the API
  reference's four pages too); a page rendered from a notebook (mkdocs-jupyter,
  ``class="jupyter-wrapper"``) under 150 KB;
- the explorer's script and the modules it imports are all in the site, under 30 KB gzipped;
- every stylesheet and script a page loads is one the page needs: the theme's and the site's own
  on every page, KaTeX only where there is math, the explorer's script where there is an
  explorer, markdown-exec's Pyodide and ANSI assets only where a block uses them, any other
  stylesheet only if a selector of it that names classes or ids can match the page. A script no
  rule here accounts for fails the test until a rule says which pages need it;
- no script a page loads holds up its parsing and first paint: each is ``defer``, ``async`` or a
  module (the theme's main script is marked ``defer`` by ``docs/hooks/page_assets.py``).
"""

from __future__ import annotations

import gzip
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import tinycss2  # type: ignore[import-untyped]

CHAPTER_LIMIT = 60 * 1024
NOTEBOOK_LIMIT = 150 * 1024
#: The explorer's script and every module it imports, gzipped one by one, in all.
EXPLORER_ENTRY = "javascripts/explorer.js"
EXPLORER_LIMIT = 30 * 1024
IMPORT_FROM = re.compile(r'\b(?:import|from)\s*"(\.{1,2}/[^"]+)"')
NOTEBOOK_MARK = 'class="jupyter-wrapper"'

LINK = re.compile(r"<link\b[^>]*>")
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"[^>]*>")
HREF = re.compile(r'\bhref="([^"]*)"')
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
ID_ATTR = re.compile(r'\bid="([^"]*)"')
SELECTOR_NAME = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")


def classes_of(html: str) -> set[str]:
    return {name for value in CLASS_ATTR.findall(html) for name in value.split()}


def has_class(prefix: str) -> Callable[[str], bool]:
    return lambda html: any(name.startswith(prefix) for name in classes_of(html))


def always(html: str) -> bool:
    return True


#: (pattern of the asset's path in the site, why a page needs it, which pages need it)
NEEDS: list[tuple[re.Pattern[str], str, Callable[[str], bool]]] = [
    (
        re.compile(
            r"^assets/(stylesheets/(main|palette)|javascripts/bundle)\.[0-9a-f]+\.min\.(css|js)$"
        ),
        "the theme",
        always,
    ),
    (re.compile(r"^stylesheets/[\w-]+\.css$"), "the site's own style (extra_css)", always),
    (
        re.compile(r"^javascripts/explorer\.js$"),
        "an explorer",
        lambda html: "data-nn-explorer" in html,
    ),
    (
        re.compile(r"^javascripts/runner\.js$"),
        "a runner (docs/hooks/runner.py; it fetches Python only when Run is pressed)",
        lambda html: "data-nn-runner=" in html,
    ),
    (re.compile(r"^assets/katex/"), "math (pymdownx.arithmatex)", has_class("arithmatex")),
    (
        re.compile(r"^assets/_markdown_exec_pyodide\.(css|js)$"),
        "pyodide blocks",
        has_class("pyodide"),
    ),
    (re.compile(r"^assets/_markdown_exec_ansi\.css$"), "ANSI-coloured output", has_class("-Color")),
]


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site (not the theme's assets)."""
    return sorted(
        p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("assets/")
    )


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def site_prefix(site: Path) -> str:
    """The path the site is served under (``/nanoneuron/``): its sitemap's shortest location."""
    locations = re.findall(
        r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")
    )
    return min((urlsplit(loc.strip()).path for loc in locations), key=len, default="/")


def assets_of(page: Path, site: Path) -> list[tuple[str, str]]:
    """(kind, path in the site) of every stylesheet and script the page loads from the site."""
    html = page.read_text(encoding="utf-8")
    prefix = site_prefix(site)
    base = prefix + page.relative_to(site).as_posix()
    found = []
    for tag in LINK.findall(html):
        href = HREF.search(tag)
        if href and re.search(r'\brel="stylesheet"', tag):
            found.append(("stylesheet", href.group(1)))
    found += [("script", src) for src in SCRIPT_SRC.findall(html)]
    resolved = []
    for kind, ref in found:
        parts = urlsplit(urljoin(base, ref))
        if parts.scheme or parts.netloc:
            resolved.append((kind, ref))  # off the site: the browser tests fail it
            continue
        path = parts.path
        resolved.append(
            (kind, path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/"))
        )
    return resolved


def stylesheet_can_match(css: str, classes: set[str], ids: set[str]) -> bool:
    """Whether a rule of ``css`` names classes or ids, all of which the page has."""
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if (
            rule.type == "at-rule"
            and rule.content
            and rule.lower_at_keyword in ("media", "supports")
        ) and stylesheet_can_match(tinycss2.serialize(rule.content), classes, ids):
            return True
        if rule.type != "qualified-rule":
            continue
        for selector in tinycss2.serialize(rule.prelude).split(","):
            names = SELECTOR_NAME.findall(selector)
            # :root, html, [data-*]: true of every page, so no evidence that this page needs it
            if names and all(
                (name in classes) if kind == "." else (name in ids) for kind, name in names
            ):
                return True
    return False


def test_pages_are_light(built_site: Path) -> None:
    """Each page under 60 KB gzipped with its charts (the API reference's too); the notebook
    page under 150 KB."""
    sizes = []
    problems = []
    for page in site_pages(built_site):
        name = page.relative_to(built_site).as_posix()
        notebook = NOTEBOOK_MARK in page.read_text(encoding="utf-8")
        limit = NOTEBOOK_LIMIT if notebook else CHAPTER_LIMIT
        size = gzipped_size(page)
        sizes.append(f"{name}: {size / 1024:.1f} KB of {limit // 1024} KB")
        if size > limit:
            problems.append(f"{name}: {size / 1024:.1f} KB gzipped, over {limit // 1024} KB")
    assert sizes, "no page built"
    assert not problems, "\n".join(problems) + "\n\nall pages:\n" + "\n".join(sizes)


def test_pages_load_only_what_they_use(built_site: Path) -> None:
    """No page loads a stylesheet or script it has no use for (KaTeX only where there is math)."""
    problems = []
    for page in site_pages(built_site):
        name = page.relative_to(built_site).as_posix()
        html = page.read_text(encoding="utf-8")
        for kind, asset in assets_of(page, built_site):
            if not (built_site / asset).is_file():
                problems.append(f"{name} loads {asset}, which is not in the site")
                continue
            rule = next((r for r in NEEDS if r[0].search(asset)), None)
            if rule is not None:
                if not rule[2](html):
                    problems.append(f"{name} loads {asset} (for {rule[1]}) but has no {rule[1]}")
            elif kind == "script":
                problems.append(
                    f"{name} loads the script {asset}: no rule in {Path(__file__).name} says which pages need it"
                )
            elif not stylesheet_can_match(
                (built_site / asset).read_text(encoding="utf-8"),
                classes_of(html),
                set(ID_ATTR.findall(html)),
            ):
                problems.append(f"{name} loads {asset}, none of whose rules can match the page")
    assert not problems, "\n".join(problems)


def blocking_scripts(html: str) -> list[str]:
    """The ``<script src>`` tags of ``html`` that hold up parsing (no defer, async or module)."""
    return [
        tag
        for tag in (match.group(0) for match in SCRIPT_SRC.finditer(html))
        if not re.search(r'\s(defer|async)[\s>=]|\stype="module"', tag)
    ]


@pytest.mark.parametrize(
    ("html", "blocking"),
    [
        ('<script src="a.js"></script><script defer src="b.js">', ['<script src="a.js">']),
        ('<script src="a.js" data-x="defer">', ['<script src="a.js" data-x="defer">']),
        ('<script type="module" src="c.js"></script><script async src="d.js">', []),
        ('<script defer src="b.js"></script><script>inline()</script>', []),
    ],
)
def test_blocking_scripts(html: str, blocking: list[str]) -> None:
    assert blocking_scripts(html) == blocking


def test_no_script_holds_up_a_pages_first_paint(built_site: Path) -> None:
    problems = []
    pages = site_pages(built_site)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert SCRIPT_SRC.search(html), f"{page.name}: no script at all (the theme's is missing)"
        name = page.relative_to(built_site).as_posix()
        problems += [f"{name}: {tag}" for tag in blocking_scripts(html)]
    assert pages, "no page built"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("html", "asset", "needed"),
    [
        ('<span class="arithmatex">\\(x\\)</span>', "assets/katex/katex.min.js", True),
        ("<p>no math</p>", "assets/katex/katex.min.js", False),
        ('<div class="pyodide">', "assets/_markdown_exec_pyodide.js", True),
        ("<p>plain</p>", "assets/_markdown_exec_pyodide.js", False),
        ("<p>plain</p>", "assets/stylesheets/main.57a0d79d.min.css", True),
    ],
)
def test_asset_rules(html: str, asset: str, needed: bool) -> None:
    rule = next(r for r in NEEDS if r[0].search(asset))
    assert rule[2](html) is needed


def test_stylesheet_matching() -> None:
    css = ".nn-chart{display:block} @media (min-width:10em){#top .wide{color:red}}"
    assert stylesheet_can_match(css, {"nn-chart"}, set())
    assert stylesheet_can_match(css, {"wide"}, {"top"})
    assert not stylesheet_can_match(css, {"other"}, set())
    assert not stylesheet_can_match(
        ":root{--x:1} [data-md-color-scheme=slate]{--x:2}", set(), set()
    )


def explorer_modules(site: Path) -> list[str]:
    """The explorer's script and the modules it imports (relative imports), as paths in the site."""
    found = [EXPLORER_ENTRY]
    for module in found:
        path = site / module
        if not path.is_file():
            continue
        for ref in IMPORT_FROM.findall(path.read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(module), ref))
            if target not in found:
                found.append(target)
    return found


def test_explorer_modules_are_in_the_site_and_light(built_site: Path) -> None:
    """Every module the explorer imports is in the site, and all of them gzip to under 30 KB."""
    modules = explorer_modules(built_site)
    missing = [m for m in modules if not (built_site / m).is_file()]
    assert not missing, f"the explorer imports modules the site lacks: {missing}"
    sizes = {m: gzipped_size(built_site / m) for m in modules}
    report = ", ".join(f"{m}: {size / 1024:.1f} KB" for m, size in sizes.items())
    assert len(sizes) > 1, f"no imported module found: {report}"
    assert sum(sizes.values()) <= EXPLORER_LIMIT, f"{sum(sizes.values()) / 1024:.1f} KB: {report}"
