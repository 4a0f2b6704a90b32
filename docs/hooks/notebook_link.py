"""Link every page that the tutorial notebook holds to the notebook.

The notebook (``docs/tutorial.ipynb``) is generated from the site's navigation by
``scripts/make_notebook.py``, which lists the pages it took in the notebook's metadata
(``metadata.nanoneuron.chapters``). This hook reads that list and appends a link to the
notebook at the end of each of those pages: the navigation stays the one list of chapters.

The notebook repeats those chapters word for word, so it is left out of the search index
(as a page's ``search: exclude`` front matter would): a search finds each passage once, in
its chapter, and every page loads a quarter less index.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

NOTEBOOK = "tutorial.ipynb"
_state: dict[str, set[str]] = {"chapters": set()}


def notebook_chapters(notebook: Path) -> set[str]:
    """The pages (paths under ``docs/``) that ``notebook`` says it holds; none if it is absent."""
    try:
        metadata = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
    except FileNotFoundError:
        return set()
    return set(metadata.get("nanoneuron", {}).get("chapters", []))


def on_files(files: Any, config: Any) -> Any:
    notebook = files.get_file_from_path(NOTEBOOK)
    _state["chapters"] = notebook_chapters(Path(notebook.abs_src_path)) if notebook else set()
    return files


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if page.file.src_uri not in _state["chapters"]:
        return markdown
    link = posixpath.relpath(NOTEBOOK, posixpath.dirname(page.file.src_uri) or ".")
    return (
        markdown.rstrip("\n")
        + f"\n\n---\n\nThis chapter is part of [the tutorial notebook]({link}), which you can download and run.\n"
    )


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    # Before the search plugin reads page.meta (on_page_context).
    if page.file.src_uri == NOTEBOOK:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return html
