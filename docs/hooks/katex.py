"""Serve KaTeX from the site itself, and load it only on pages that have math.

KaTeX is installed from the npm registry at the version pinned in package.json
(``npm ci``, run by ``make install``). This hook copies the parts the site uses
(script, stylesheet, WOFF2 fonts) from ``node_modules/katex/dist`` into
``assets/katex/`` of the built site, and adds the stylesheet and scripts to the pages
whose Markdown has math (pymdownx.arithmatex output), so no page loads it for nothing
and nothing comes from a CDN.
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ASSETS = "assets/katex"


def _katex_dist(config: Any) -> Path:
    root = Path(config["config_file_path"]).parent
    dist = root / "node_modules" / "katex" / "dist"
    if not (dist / "katex.min.js").is_file():
        raise PluginError(
            f"KaTeX is not installed at {dist}: run `make install` (it runs `npm ci`)"
        )
    return dist


def on_config(config: Any) -> None:
    _katex_dist(config)  # fail early, with the fix in the message


def on_post_page(output: str, page: Any, config: Any) -> str:
    if 'class="arithmatex"' not in output:
        return output
    base = posixpath.relpath(ASSETS, posixpath.dirname(page.url.rstrip("/") + "/x") or ".")
    head = f'<link rel="stylesheet" href="{base}/katex.min.css">'
    scripts = (
        f'<script defer src="{base}/katex.min.js"></script>'
        f'<script defer src="{base}/render-math.js"></script>'
    )
    return output.replace("</head>", head + "</head>", 1).replace("</body>", scripts + "</body>", 1)


def on_post_build(config: Any) -> None:
    dist = _katex_dist(config)
    target = Path(config["site_dir"]) / ASSETS
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    for name in ("katex.min.js", "katex.min.css"):
        shutil.copyfile(dist / name, target / name)
    for font in sorted((dist / "fonts").glob("*.woff2")):
        shutil.copyfile(font, target / "fonts" / font.name)
    shutil.copyfile(Path(__file__).parent / "render-math.js", target / "render-math.js")
