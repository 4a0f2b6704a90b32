"""Two clean builds of the same sources are the same bytes, and so is a build from the cache.

The first clean build is the test session's shared one (``built_site``: the working tree,
with an empty execution cache of its own). The sources the site is built from
(``mkdocs.yml``, ``docs/``, ``nanoneuron/``...) are then copied into a temporary directory and
built clean again, from there, importing the copy's package, with another empty cache; the
two trees must be identical. The copy is then built once more, now entirely from its cache,
and must still give the same bytes: what the cache serves is exactly what running the code
gives.

``SOURCE_DATE_EPOCH`` is left unset, so the build hook takes it from the last commit, and the
sitemap must carry that date.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.hooks import load_script

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("mkdocs.yml", "docs", "nanoneuron", "README.md", "LICENSE")


def _root_build_site() -> Callable[[Path, Path], subprocess.CompletedProcess[str]]:
    """The ``build_site`` helper of the repository's root conftest."""
    spec = importlib.util.spec_from_file_location("_root_conftest", ROOT / "conftest.py")
    assert spec is not None
    assert spec.loader is not None
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    build: Callable[[Path, Path], subprocess.CompletedProcess[str]] = module.build_site
    return build


def _snapshot(destination: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    destination.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, destination / name)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


# The one intended difference between builds is the speed chapter's measured figures; the
# comparison that blanks them is shared with scripts/compare_builds.py (MkDocs against ProperDocs).
_differences = load_script("compare_builds").differences


def _succeeded(result: subprocess.CompletedProcess[str]) -> str:
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", False)
    return result.stdout + result.stderr


def test_two_clean_builds_and_a_cached_one_are_identical(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared build (of the working tree) against a clean build of a copy, then a cached one.

    The two clean builds differ in everything a careless output could pick up: the directory
    they build from, the package they import, their cache directory, the time of day, and the
    process that ran each page's blocks (the second is built without the second process).
    """
    build_site = _root_build_site()
    copy = _snapshot(tmp_path / "copy")
    # The build (``python -m mkdocs`` puts the working directory first on sys.path) and the
    # notebook's kernel import the copy's package.
    monkeypatch.chdir(copy)
    monkeypatch.setenv("PYTHONPATH", str(copy))
    monkeypatch.setenv("GIT_DIR", str(ROOT / ".git"))  # the copy's last commit is the repo's
    for name in ("SOURCE_DATE_EPOCH", "NANONEURON_NO_CACHE", "NANONEURON_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)

    # All in the build's own process: the shared build's second process ran some pages' blocks,
    # and a page must be the same bytes whichever process ran them.
    monkeypatch.setenv("NANONEURON_NO_PAGE_WORKER", "1")
    _succeeded(build_site(copy / "mkdocs.yml", tmp_path / "site-clean"))
    monkeypatch.delenv("NANONEURON_NO_PAGE_WORKER")
    assert _differences(built_site, tmp_path / "site-clean") == []

    log = _succeeded(build_site(copy / "mkdocs.yml", tmp_path / "site-cached"))
    assert " 0 executed, 0 replayed" in log, "the rebuild should have run no block"
    assert _differences(built_site, tmp_path / "site-cached") == []

    last_commit = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
    ).stdout.strip()
    day = datetime.fromtimestamp(int(last_commit), timezone.utc).strftime("%Y-%m-%d")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{day}</lastmod>" in sitemap
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_the_notebook_cells_have_fixed_ids() -> None:
    notebook_path = ROOT / "docs" / "tutorial.ipynb"
    if not notebook_path.is_file():
        pytest.skip("no notebook yet")
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    # nbformat 4.5 gives cells ids; a cell without one would get a random id at every build.
    assert (notebook["nbformat"], notebook["nbformat_minor"]) >= (4, 5)
    ids = [cell.get("id") for cell in notebook["cells"]]
    assert all(ids), "every cell needs an id"
    assert len(set(ids)) == len(ids), "cell ids must be unique"
