"""Link every chapter of the article to the tutorial notebook that contains it.

The notebook (docs/tutorial.ipynb) is generated from the chapters of the "The article"
section of the navigation; this hook appends a link to it at the end of each of them.
"""

from __future__ import annotations

import posixpath
from typing import Any

NOTEBOOK = "tutorial.ipynb"
_state = {"has_notebook": False}


def on_files(files: Any, config: Any) -> Any:
    _state["has_notebook"] = files.get_file_from_path(NOTEBOOK) is not None
    return files


def _in_article(page: Any) -> bool:
    parent = page.parent
    return page.is_homepage or (parent is not None and parent.title == "The article")


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if not (_state["has_notebook"] and _in_article(page)):
        return markdown
    link = posixpath.relpath(NOTEBOOK, posixpath.dirname(page.file.src_uri) or ".")
    return (
        markdown.rstrip("\n")
        + f"\n\n---\n\nThis chapter is part of [the tutorial notebook]({link}), which you can download and run.\n"
    )
