"""Fill ``{{ repo_url }}`` in a page with ``repo_url`` from ``mkdocs.yml``: one source for it.

The page that tells a reader how to clone the project (``run.md``) writes ``{{ repo_url }}``;
this hook puts the configured address there before the page is converted, so the command on
the page is the address the site's header links to. ``scripts/make_notebook.py`` does the
same for the notebook.
"""

from __future__ import annotations

from typing import Any

PLACEHOLDER = "{{ repo_url }}"


def fill(markdown: str, repo_url: str | None) -> str:
    """``markdown`` with the placeholder replaced; an error if it is used without a repo_url."""
    if PLACEHOLDER not in markdown:
        return markdown
    if not repo_url:
        raise ValueError(f"a page uses {PLACEHOLDER} but mkdocs.yml sets no repo_url")
    return markdown.replace(PLACEHOLDER, repo_url.rstrip("/"))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return fill(markdown, config["repo_url"])
