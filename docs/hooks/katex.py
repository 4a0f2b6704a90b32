"""Typeset the site's math with KaTeX when the site is built.

KaTeX is installed from the npm registry at the version pinned in package.json (``npm ci``,
run by ``make install``). pymdownx.arithmatex leaves each formula as ``\\(...\\)`` or
``\\[...\\]`` in an element of class ``arithmatex``; this hook sends the formulas of each page
to one long-lived ``node`` process running KaTeX (``katex-render.cjs``) and writes the
typeset HTML in their place. Readers' browsers then need only KaTeX's stylesheet and
fonts, copied from ``node_modules/katex/dist`` into ``assets/katex/`` and linked from the
pages that have math, and no script: nothing moves when a page loads, and nothing comes
from a CDN. A formula KaTeX cannot typeset fails the build, naming the page and the formula.

The notebook's page (rendered by mkdocs-jupyter, ``class="jupyter-wrapper"``) carries its TeX
as written, ``$...$`` and ``$$...$$`` in Markdown cells; this hook first marks it the way
arithmatex marks the chapters', then typesets it with the rest, so no other hook has to run
before this one.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ASSETS = "assets/katex"
MATH = re.compile(
    r'(?P<open><(?P<tag>span|div) class="arithmatex">)(?P<tex>.*?)(?P<close></(?P=tag)>)', re.DOTALL
)
_node: dict[str, subprocess.Popen[str]] = {}

#: The notebook's page, and its Markdown cells, as mkdocs-jupyter renders them.
NOTEBOOK_MARK = 'class="jupyter-wrapper"'
MARKDOWN_CELL = "jp-RenderedMarkdown"
DISPLAY_MATH = re.compile(r"(?<!\\)\$\$(?P<tex>.+?)(?<!\\)\$\$", re.DOTALL)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(?P<tex>[^$]+?)(?<![\s\\])\$(?!\$)")
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
NO_MATH_INSIDE = ("pre", "code", "script", "style", "textarea")


def mark_notebook_math(html: str) -> str:
    """Wrap the TeX of the notebook's Markdown cells in arithmatex's markup.

    Code, scripts and styles are left alone.

    Examples:
        >>> print(mark_notebook_math('<div class="jp-RenderedMarkdown">$a^2$</div><code>$x$</code>'))
        <div class="jp-RenderedMarkdown"><span class="arithmatex">\\(a^2\\)</span></div><code>$x$</code>
    """
    parts = TAG_OR_TEXT.split(html)
    depth_in_cell = 0  # open <div>s since the Markdown cell started; 0 when outside a cell
    skipping: str | None = None
    for index, part in enumerate(parts):
        if part.startswith("<"):
            tag = re.match(r"</?([a-zA-Z0-9]+)", part)
            name = tag.group(1).lower() if tag else ""
            closing = part.startswith("</")
            if skipping:
                if closing and name == skipping:
                    skipping = None
                continue
            if name in NO_MATH_INSIDE and not closing and not part.endswith("/>"):
                skipping = name
            elif name == "div" and depth_in_cell:
                depth_in_cell += -1 if closing else 1
            elif name == "div" and not closing and MARKDOWN_CELL in part:
                depth_in_cell = 1
            continue
        if depth_in_cell and not skipping and "$" in part:
            part = DISPLAY_MATH.sub(r'<span class="arithmatex">\\[\g<tex>\\]</span>', part)
            parts[index] = INLINE_MATH.sub(r'<span class="arithmatex">\\(\g<tex>\\)</span>', part)
    return "".join(parts)


def _katex_dist(config: Any) -> Path:
    # Absolute: node resolves a relative path given to require() as a package name.
    root = Path(config["config_file_path"]).resolve().parent
    dist = root / "node_modules" / "katex" / "dist"
    if not (dist / "katex.min.js").is_file():
        raise PluginError(
            f"KaTeX is not installed at {dist}: run `make install` (it runs `npm ci`)"
        )
    return dist


def _renderer(config: Any) -> subprocess.Popen[str]:
    process = _node.get("process")
    if process is None or process.poll() is not None:
        katex = _katex_dist(config).parent
        process = subprocess.Popen(
            ["node", str(Path(__file__).with_name("katex-render.cjs")), str(katex)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        _node["process"] = process
    return process


def _typeset(formulas: list[tuple[str, bool]], page: str, config: Any) -> list[str]:
    process = _renderer(config)
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(json.dumps(formulas) + "\n")
    process.stdin.flush()
    answer = json.loads(process.stdout.readline() or '{"error": "node stopped"}')
    if "error" in answer:
        raise PluginError(f"KaTeX cannot typeset a formula on page {page}: {answer['error']}")
    rendered: list[str] = answer["html"]
    return rendered


def on_config(config: Any) -> None:
    _katex_dist(config)  # fail early, with the fix in the message


def on_post_page(output: str, page: Any, config: Any) -> str:
    if NOTEBOOK_MARK in output:
        output = mark_notebook_math(output)
    matches = list(MATH.finditer(output))
    if not matches:
        return output
    formulas = []
    for match in matches:
        tex = html.unescape(match["tex"]).strip()
        formulas.append((tex[2:-2], tex.startswith("\\[")))
    typeset = iter(_typeset(formulas, page.file.src_uri, config))
    output = MATH.sub(lambda m: m["open"] + next(typeset) + m["close"], output)
    base = posixpath.relpath(ASSETS, posixpath.dirname(page.url.rstrip("/") + "/x") or ".")
    return output.replace(
        "</head>", f'<link rel="stylesheet" href="{base}/katex.min.css"></head>', 1
    )


def on_post_build(config: Any) -> None:
    dist = _katex_dist(config)
    target = Path(config["site_dir"]) / ASSETS
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dist / "katex.min.css", target / "katex.min.css")
    for font in sorted((dist / "fonts").glob("*.woff2")):
        shutil.copyfile(font, target / "fonts" / font.name)


def on_shutdown() -> None:
    process = _node.pop("process", None)
    if process is not None:
        process.stdin.close()  # type: ignore[union-attr]
        process.wait(timeout=10)
