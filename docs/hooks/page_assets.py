"""Each page loads only what it uses, and no script holds up its first paint.

- mkdocstrings adds ``assets/_mkdocstrings.css`` to every page and has no option to limit
  it; only the API reference uses it. The link is removed from the other pages, so no page
  loads a stylesheet it does not use.
- The theme loads its main script with a plain ``<script src>`` at the end of ``<body>``: a
  script the browser fetches at high priority, competing with the stylesheets and fonts the
  first paint waits for (on a phone's connection, a 35 KB script fetched before the page can
  be painted). Nothing on a page needs it before the page is parsed, and no inline script
  depends on it (the theme's own inline scripts use only the helpers of its ``<head>``), so
  it is marked ``defer``: it is fetched at low priority and runs where it ran, after the page
  is parsed and before ``DOMContentLoaded``. The theme has no option for it; the build fails
  if a page does not have the theme's script tag exactly once (a theme that changed it needs
  this hook looked at again).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

_LINK = re.compile(r'<link[^>]+href="[^"]*assets/_mkdocstrings\.css"[^>]*>\s*')
_THEME_SCRIPT = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)">')


def _strip_unused(output: str) -> str:
    if 'class="doc ' in output or 'class="doc"' in output:
        return output
    return _LINK.sub("", output)


def deferred(output: str, name: str) -> str:
    """``output`` (a page named ``name``) with the theme's main script marked ``defer``.

    >>> deferred('<p>x</p><script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>', "x")
    '<p>x</p><script defer src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
    >>> deferred("<p>x</p>", "cost/index.html")
    Traceback (most recent call last):
    mkdocs.exceptions.PluginError: cost/index.html: 0 script tags of the theme's main script ...
    """
    result, count = _THEME_SCRIPT.subn(r'<script defer src="\1">', output)
    if count != 1:
        raise PluginError(
            f"{name}: {count} script tags of the theme's main script "
            '(<script src=".../assets/javascripts/bundle.HASH.min.js">), not 1: '
            "docs/hooks/page_assets.py needs looking at for this theme"
        )
    return result


def on_post_page(output: str, page: Any, config: Any) -> str:
    return deferred(_strip_unused(output), page.file.dest_uri)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    if template_name != "404.html":
        return output_content
    return deferred(_strip_unused(output_content), template_name)
