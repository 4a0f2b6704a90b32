"""How long the author waits: a cold build, a warm one, and rebuilds after a prose or package edit.

Run from the repository root::

    .venv/bin/python benchmarks/bench_build.py

The script copies what the site is built from (``mkdocs.yml``, ``docs/``, ``nanoneuron/``)
into a temporary directory and makes every edit there, never in the working tree. The copy's
package is the one imported (``PYTHONPATH``), by the build and by the notebook's kernel, and
the execution cache lives in the temporary directory too, so the cold build really is cold.

Each scenario is timed twice over:

- **mkdocs build**: a fresh ``mkdocs build --strict`` process, as ``make build`` and CI run it
  (it includes starting Python and importing MkDocs);
- **rebuild in process**: what a running ``mkdocs serve`` does when a file changes (reload the
  configuration, build), measured in one long-lived process, so the package edit also
  exercises the reload of the changed modules.

The prose edit appends a paragraph to ``docs/training.md``; the package edit appends a comment
to ``nanoneuron/cost.py``, which changes the package's source, so every block runs again.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("mkdocs.yml", "docs", "nanoneuron", "README.md", "LICENSE")


def snapshot(root: Path, destination: Path) -> Path:
    """Copy what the site is built from out of ``root`` into ``destination``.

    Args:
        root: The repository.
        destination: An empty or absent directory.

    Returns:
        ``destination``, holding the copies (``node_modules`` is linked, not copied).

    Raises:
        ValueError: If ``root`` has no ``mkdocs.yml``.
    """
    if not (root / "mkdocs.yml").is_file():
        raise ValueError(f"root has no mkdocs.yml: {root}")
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, destination / name)
    (destination / "node_modules").symlink_to(root / "node_modules")
    return destination


def commit_time(root: Path) -> str:
    """The time of the last commit, as ``SOURCE_DATE_EPOCH`` wants it."""
    result = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def build_process(tree: Path, site: Path, profile: Path | None = None) -> float:
    """Seconds taken by a fresh ``mkdocs build --strict`` of ``tree`` into ``site``.

    With ``profile``, the build writes where its time went there (``NANONEURON_PROFILE``).
    """
    env = dict(os.environ)
    if profile is not None:
        env["NANONEURON_PROFILE"] = str(profile)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=tree,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {tree}:\n{result.stdout}\n{result.stderr}")
    return elapsed


def print_profile(profile: Path, slowest: int = 12) -> None:
    """Print where a build's time went: per page, the slowest blocks, the notebooks."""
    data = json.loads(profile.read_text(encoding="utf-8"))
    print(
        "\nWhere the cold build's time went (seconds; the notebook's kernel and the second"
        " process run beside the build's own process):"
    )
    pages = sorted(data["pages"].items(), key=lambda item: -item[1])
    print(f"  pages, all {len(pages)}, in the build's process: {sum(s for _, s in pages):.2f} s")
    for name, seconds in pages[:slowest]:
        print(f"    {seconds:7.2f}  {name}")
    second = data.get("second_process", {})
    if second:
        print(f"  blocks the second process ran: {len(second)}, {sum(second.values()):.2f} s")
    blocks = sorted(data["blocks"].items(), key=lambda item: -item[1])
    print(f"  blocks, the {min(slowest, len(blocks))} slowest of {len(blocks)} (* the second's):")
    for name, seconds in blocks[:slowest]:
        print(f"    {seconds:7.2f}  {name}{' *' if name in second else ''}")
    for name, seconds in data["notebooks"].items():
        print(f"  notebook {name} (executed in its kernel): {seconds:.2f}")


def build_in_process(tree: Path, site: Path) -> float:
    """Seconds taken by one rebuild as ``mkdocs serve`` does it: load the config, build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(config_file=str(tree / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Run the four scenarios and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="nanoneuron-bench-"))
    tree = snapshot(ROOT, work / "tree")
    cache = work / "cache"
    os.environ.update(
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")])),
        NANONEURON_CACHE_DIR=str(cache),
        SOURCE_DATE_EPOCH=commit_time(ROOT),
    )
    os.environ.pop("NANONEURON_NO_CACHE", None)
    # The in-process builds import the copy's package, as the subprocesses do.
    sys.path.insert(0, str(tree))
    os.chdir(tree)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def prose_edit() -> None:
        with (tree / "docs" / "training.md").open("a", encoding="utf-8") as page:
            page.write("\nOne more sentence, added by the benchmark.\n")

    def package_edit() -> None:
        with (tree / "nanoneuron" / "cost.py").open("a", encoding="utf-8") as module:
            module.write("\n# An edit by the benchmark.\n")

    rows: list[tuple[str, float, float | None]] = []
    counter = iter(range(100))

    profile = work / "profile.json"

    def measure(name: str, edit: Callable[[], None] | None, in_process: bool) -> None:
        if edit is not None:
            edit()
        fresh = build_process(tree, work / f"site-{next(counter)}", profile if not rows else None)
        served = None
        if in_process:
            if edit is not None:
                edit()  # the same kind of edit again, so the in-process rebuild has work too
            served = build_in_process(tree, work / f"site-{next(counter)}")
        rows.append((name, fresh, served))
        print(f"  {name}: done", file=sys.stderr, flush=True)

    measure("cold (empty cache)", None, in_process=False)
    # Prime the long-lived process once (imports, first load), as a running serve is.
    build_in_process(tree, work / "site-prime")
    measure("warm (nothing changed)", None, in_process=True)
    measure("prose edit (docs/training.md)", prose_edit, in_process=True)
    measure("package edit (nanoneuron/cost.py)", package_edit, in_process=True)

    cold = rows[0][1]
    print(f"\n{'scenario':<36} {'mkdocs build':>13} {'% of cold':>10} {'in process':>11}")
    for name, fresh, served in rows:
        in_process = f"{served:10.2f}s" if served is not None else f"{'-':>11}"
        print(f"{name:<36} {fresh:12.2f}s {100 * fresh / cold:9.0f}% {in_process}")
    print_profile(profile)
    if options.keep:
        print(f"\nkept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
