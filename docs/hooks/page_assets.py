"""Keep mkdocstrings' stylesheet to the pages that show API documentation.

mkdocstrings adds ``assets/_mkdocstrings.css`` to every page and has no option to limit
it; only the API reference uses it. This hook removes the link from the other pages, so
no page loads a stylesheet it does not use.
"""

from __future__ import annotations

import re
from typing import Any

_LINK = re.compile(r'<link[^>]+href="[^"]*assets/_mkdocstrings\.css"[^>]*>\s*')


def _strip_unused(output: str) -> str:
    if 'class="doc ' in output or 'class="doc"' in output:
        return output
    return _LINK.sub("", output)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return _strip_unused(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return _strip_unused(output_content) if template_name == "404.html" else output_content
