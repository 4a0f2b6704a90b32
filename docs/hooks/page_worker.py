"""A second process that runs the later pages' code blocks into the cache while the build runs.

The gap it fills: markdown-exec runs the pages' blocks in the build's own process, one page after
another, so a cold build runs all its code on one core (the notebook's kernel works on the other
for only a part of the build). ``exec_cache.py`` therefore starts this file as a process of its
own at the start of a build, with the pages that hold blocks in the order it renders them. It
renders them from the *last* one backwards with the site's Markdown extensions and the same
execution cache (the same store, the same key context, the build's memo of training runs), and
throws the HTML away: what it keeps is what the cache stores, the output of every block it ran.
The build renders the pages in order as usual; where the worker got first, every block is a hit.

The two do not render a page at the same time. Each takes the page's lock (a file per page in
``claims``) first: the worker without waiting (the first lock it cannot take ends its work, as
the build has got that far), the build waiting for a page the worker is rendering (for up to
ten minutes; then it renders the page too, which is harmless: both store the same outputs),
then keeping each lock to the end of the build. The worker also stops when the build's process
is gone. A page is the same whoever ran its blocks: the cache's key
covers everything an output depends on (``tests/test_reproducible_build.py`` compares clean
builds byte for byte). A block that fails here is not stored (failures never are): the build
runs it and reports it. If this process fails, the build runs every block itself.

The worker reads its job (JSON) from standard input: ``config_file``, ``cache_dir``,
``context`` (the key context of the build's cache), ``claims`` (a directory), ``pages``
(``[src_uri, path]`` pairs in the order the build renders them), the build's process id
(``build``), and its ``sys_path``, ``package`` directory and package ``source`` digest: it
imports from the same places, and stops if it finds another package than the build's, or
other source (the context hashes the build's package source). After each page it writes the
seconds each block took to ``claims`` (``exec_cache.WORKER_SECONDS``), for the build's profile.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from filelock import FileLock, Timeout

HERE = Path(__file__).resolve().parent


def work(
    pages: list[tuple[str, str]],
    render: Callable[[str, str], object],
    lock_path: Callable[[str], Path],
    build_alive: Callable[[], bool] = lambda: True,
) -> int:
    """Render ``pages`` from the last backwards until the build holds one; how many were rendered.

    ``render(src_uri, path)`` renders one page, under the lock at ``lock_path(src_uri)``,
    taken without waiting. Before each page ``build_alive()`` is asked: a build that was killed
    holds no lock any more, and its pages are no one's to render.
    """
    rendered = 0
    for src_uri, path in reversed(pages):
        if not build_alive():
            break
        lock = FileLock(str(lock_path(src_uri)))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            break  # the build has reached this page: the rest are its own
        try:
            render(src_uri, path)
            rendered += 1
        finally:
            lock.release()
    return rendered


def _load(name: str) -> ModuleType:
    """One of the build's hooks, loaded from its file into this process."""
    spec = importlib.util.spec_from_file_location(f"nanoneuron_{name}", HERE / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(job: dict[str, Any]) -> int:
    """Render the job's pages through the build's cache; how many were rendered."""
    import markdown  # type: ignore[import-untyped]
    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    sys.path[:] = job["sys_path"]
    exec_cache, shared_runs = _load("exec_cache"), _load("shared_runs")
    # Its outputs are stored under keys that hash the build's package: this must be that package.
    found = exec_cache.package_dir(exec_cache.PACKAGE)
    if str(found) != job["package"]:
        raise SystemExit(f"this process imports {found}, the build {job['package']}")
    if exec_cache.package_digest(found) != job["source"]:
        raise SystemExit(f"the package's source in {found} changed since the build began")
    if not os.environ.get(shared_runs.OFF_ENV):
        shared_runs.install()
    cache = exec_cache.BlockCache(
        store=exec_cache.Store(Path(job["cache_dir"])), context=job["context"]
    )
    exec_cache.install(cache)
    config = load_config(job["config_file"])
    claims = Path(job["claims"])

    def render(src_uri: str, path: str) -> None:
        cache.page = src_uri
        text, _ = get_data(Path(path).read_text(encoding="utf-8-sig"))
        converter = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
        )
        converter.convert(text)
        seconds = claims / exec_cache.WORKER_SECONDS
        partial = seconds.with_suffix(".tmp")
        partial.write_text(json.dumps(cache.seconds), encoding="utf-8")
        os.replace(partial, seconds)

    pages = [(src_uri, path) for src_uri, path in job["pages"]]
    return work(
        pages,
        render,
        lambda src_uri: exec_cache.page_lock(claims, src_uri),
        lambda: os.getppid() == job["build"],
    )


if __name__ == "__main__":
    main(json.loads(sys.stdin.read()))
