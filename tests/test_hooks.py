"""What every build hook of ``docs/hooks/`` shares: its examples run, and it works alone.

The hooks' own behaviour is tested in the files named after them (``test_exec_cache.py``,
``test_shared_runs.py``) and through real builds (``test_docs.py``).
"""

from __future__ import annotations

import doctest
import subprocess
from pathlib import Path

import pytest

from tests.hooks import HOOKS, load_hook

NAMES = sorted(path.stem for path in HOOKS.glob("*.py"))


@pytest.mark.parametrize("name", NAMES)
def test_the_examples_in_the_docstrings(name: str) -> None:
    result = doctest.testmod(load_hook(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_hooks_with_examples_have_them_run() -> None:
    attempted = sum(doctest.testmod(load_hook(name)).attempted for name in NAMES)
    assert attempted >= 5


def test_the_notebook_math_is_marked_by_the_katex_hook_itself() -> None:
    katex = load_hook("katex")
    page = (
        '<div class="jupyter-wrapper"><div class="jp-RenderedMarkdown"><p>$$J(w)$$ and $w$</p>'
        "<pre>$x$</pre></div></div>"
    )
    marked = katex.mark_notebook_math(page)
    assert marked.count('class="arithmatex"') == 2
    assert "<pre>$x$</pre>" in marked


def test_source_date_epoch_is_the_last_commit_unless_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source_date = load_hook("source_date")
    root = HOOKS.parent.parent
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(source_date._EPOCH_MARK, raising=False)
    config = {"config_file_path": str(root / "mkdocs.yml")}
    source_date.on_config(config)
    last_commit = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert source_date.os.environ["SOURCE_DATE_EPOCH"] == last_commit

    monkeypatch.delenv(source_date._EPOCH_MARK)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234")
    source_date.on_config(config)
    assert source_date.os.environ["SOURCE_DATE_EPOCH"] == "1234"  # the user's is kept

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    source_date.on_config({"config_file_path": str(tmp_path / "mkdocs.yml")})  # not a checkout
    assert source_date.os.environ["SOURCE_DATE_EPOCH"] == str(source_date.FALLBACK_EPOCH)
