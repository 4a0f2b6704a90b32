"""The build's second process (``docs/hooks/page_worker.py``) fills the cache the build reads.

The worker runs on real chapters, through the site's own configuration; the pages rendered
after it, with the same key context, then run none of their blocks. (That a build is the same
bytes whoever ran its blocks is ``tests/test_reproducible_build.py``'s; the order in which the
two processes take the pages is ``tests/test_exec_cache.py``'s.)
"""

from __future__ import annotations

from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from tests.hooks import load_hook

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
exec_cache = load_hook("exec_cache")
#: The digest of the package's source, as the build computes it when it begins.
SOURCE = exec_cache.package_digest(exec_cache.package_dir(exec_cache.PACKAGE))


def test_the_build_runs_none_of_the_blocks_the_worker_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the directory the blocks run in is part of their keys
    store = exec_cache.Store(tmp_path / "cache")
    pages = [(name, str(ROOT / "docs" / name)) for name in ("model.md", "conversion.md")]
    worker = exec_cache.PageWorker(str(ROOT / "mkdocs.yml"), store, "a key context", SOURCE, pages)
    assert worker.process.wait(timeout=300) == 0, (
        worker.claims / exec_cache.WORKER_LOG
    ).read_text()
    ran = worker.stop()
    assert {name.partition("-")[0] for name in ran} == {"model", "conversion"}
    assert not worker.claims.exists()

    cache = exec_cache.BlockCache(store=store, context="a key context")
    config = load_config(str(ROOT / "mkdocs.yml"))
    exec_cache.reset_sessions()
    try:
        with exec_cache.installed(cache):
            for _, path in pages:
                text, _ = get_data(Path(path).read_text(encoding="utf-8"))
                markdown.Markdown(
                    extensions=config["markdown_extensions"],
                    extension_configs=config["mdx_configs"],
                ).convert(text)
    finally:
        exec_cache.reset_sessions()
    assert cache.executed == []
    assert sorted(cache.hits) == sorted(ran)


def test_the_worker_shares_its_training_runs_with_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker puts the build's memo of runs in front of ``train_model``, as the build does."""
    shared_runs = load_hook("shared_runs")
    runs = tmp_path / "runs"
    runs.mkdir()
    monkeypatch.setenv(shared_runs.STORE_ENV, str(runs))
    monkeypatch.delenv(shared_runs.OFF_ENV, raising=False)
    page = tmp_path / "page.md"
    page.write_text(
        '```python exec="on" session="t" id="t-train"\n'
        "from nanoneuron import NanoNeuron, train_model\n"
        "print(train_model(NanoNeuron(0.5, 0.5), 3, 0.0005, [1.0, 2.0], [33.8, 35.6])[-1])\n"
        "```\n",
        encoding="utf-8",
    )
    store = exec_cache.Store(tmp_path / "cache")
    pages = [("page.md", str(page))]
    worker = exec_cache.PageWorker(str(ROOT / "mkdocs.yml"), store, "a key context", SOURCE, pages)
    assert worker.process.wait(timeout=300) == 0, (
        worker.claims / exec_cache.WORKER_LOG
    ).read_text()
    assert "t-train" in worker.stop()
    assert len(list(runs.glob("*.pickle"))) == 1  # the trajectory, for the build to read
