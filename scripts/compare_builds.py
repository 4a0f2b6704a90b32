"""Build the site with MkDocs and with ProperDocs, and compare the two sites file by file.

Material for MkDocs 9.x reaches its end of life in May 2027, and its successor ignores
``hooks:`` and mkdocs-jupyter. ProperDocs, the maintained continuation of MkDocs 1.x, reads the
same ``mkdocs.yml``, loads the plugins and themes registered for MkDocs (the ``mkdocs.plugins``
and ``mkdocs.themes`` entry points) and answers their ``import mkdocs...`` with its own modules.
This script checks that it builds this site to the same bytes, so that the way out stays open.

Each generator builds strictly (``--strict``) into a directory of its own, with an empty
execution cache of its own, so each runs every block and the notebook. The two trees must hold
the same files with the same bytes, except for:

- the ``<meta name="generator">`` tag, which names the generator;
- the speed chapter's measured figures (timings of the machine that builds), which also tell
  two MkDocs builds apart (``tests/test_reproducible_build.py`` compares with
  :func:`differences` too).

Usage (ProperDocs installed with ``pip install --require-hashes --no-deps -r
requirements-properdocs.txt``)::

    python scripts/compare_builds.py [--out DIR]

Prints the files that differ, each with the first lines of its diff, and exits with 1 if
there are any; exits with 2 if a build fails (its log is printed) or ProperDocs is missing.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import importlib.util
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = ("mkdocs", "properdocs")

# The one intended difference between two builds of the same sources: the speed chapter times
# the trainers on the machine building the site, while it builds. Its measured outputs sit in
# elements of class "nn-measured" (kept out of the search index by ``data-search-exclude``);
# they are blanked in its HTML before comparing. Everything else, the search index included,
# must be the same bytes.
MEASURED_PAGE = "beyond/vectorization/"
MEASURED = re.compile(
    rb'<section class="nn-measured" data-search-exclude="">.*?<!-- /measured -->', re.DOTALL
)
# Between generators, the theme's generator tag names each ("mkdocs-1.6.1, mkdocs-material-..."
# against "mkdocs-ProperDocs 1.6.7, mkdocs-material-...").
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')

Normalize = Callable[[bytes, str], bytes]


def without_measurements(data: bytes, relative: str) -> bytes:
    """``data`` (the file ``relative`` of a built site) with the measured figures blanked.

    Raises:
        ValueError: If the speed chapter carries no marked measurements (then the blanking
            would silently blank nothing).
    """
    if relative != MEASURED_PAGE + "index.html":
        return data
    if b'class="nn-measured"' not in data:
        raise ValueError(f"{relative}: the speed chapter's measured outputs are not marked")
    return MEASURED.sub(b"", data)


def without_generator(data: bytes, relative: str) -> bytes:
    """``data`` with the measured figures and the ``<meta name="generator">`` tag blanked."""
    return GENERATOR.sub(b"", without_measurements(data, relative))


def differences(left: Path, right: Path, normalize: Normalize = without_measurements) -> list[str]:
    """Relative paths that differ between two trees, as ``diff -r -q`` would list them.

    Two files differ when their bytes differ after ``normalize`` (by default: the measured
    figures blanked).
    """
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in {left.name}: {prefix}{name}" for name in comparison.left_only)
        found.extend(f"only in {right.name}: {prefix}{name}" for name in comparison.right_only)
        for name in comparison.common_files:
            a, b = Path(comparison.left, name), Path(comparison.right, name)
            if filecmp.cmp(a, b, False):
                continue
            relative = prefix + name
            if normalize(a.read_bytes(), relative) != normalize(b.read_bytes(), relative):
                found.append(f"differs: {relative}")
        for name, sub in sorted(comparison.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def excerpt(left: Path, right: Path, relative: str, lines: int = 12) -> str:
    """The first ``lines`` lines of the normalized diff of one file, for the report."""
    a = without_generator((left / relative).read_bytes(), relative)
    b = without_generator((right / relative).read_bytes(), relative)
    if b"\0" in a or b"\0" in b:
        return "    (binary files)"
    diff = difflib.unified_diff(
        a.decode("utf-8", "replace").splitlines(),
        b.decode("utf-8", "replace").splitlines(),
        f"{left.name}/{relative}",
        f"{right.name}/{relative}",
        n=0,
        lineterm="",
    )
    shown = [line[:300] for line in itertools.islice(diff, lines)]
    return "\n".join(f"    {line}" for line in shown)


def build(generator: str, site: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """``<generator> build --strict`` of ``mkdocs.yml`` into ``site``, with an empty cache."""
    shutil.rmtree(cache, ignore_errors=True)
    environment = {
        **os.environ,
        "NANONEURON_CACHE_DIR": str(cache),
        "NO_MKDOCS_2_WARNING": "1",  # the notices about MkDocs 2 that plugins print
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    environment.pop("NANONEURON_NO_CACHE", None)
    command = [sys.executable, "-m", generator, "build", "--strict"]
    command += ["-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(
        command, capture_output=True, text=True, env=environment, cwd=ROOT, check=False
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        help="directory for the two sites and their caches (default: a new temporary one)",
    )
    args = parser.parse_args(argv)

    if importlib.util.find_spec("properdocs") is None:
        print(
            "ProperDocs is not installed in this environment; install it with\n"
            "  pip install --require-hashes --no-deps -r requirements-properdocs.txt",
            file=sys.stderr,
        )
        return 2
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="compare-builds-"))
    out = out.absolute()
    out.mkdir(parents=True, exist_ok=True)

    sites: dict[str, Path] = {}
    for generator in GENERATORS:
        sites[generator] = out / generator
        started = time.monotonic()
        result = build(generator, sites[generator], out / f"cache-{generator}")
        seconds = time.monotonic() - started
        if result.returncode != 0:
            print(f"{generator} build --strict failed ({seconds:.0f} s):", file=sys.stderr)
            print(result.stdout + result.stderr, file=sys.stderr)
            return 2
        print(f"{generator}: built {sites[generator]} in {seconds:.0f} s")

    # A check that the second site really comes from ProperDocs, not from MkDocs under its name.
    home = (sites["properdocs"] / "index.html").read_bytes()
    tag = GENERATOR.search(home)
    if tag is None or b"ProperDocs" not in tag.group():
        print("the ProperDocs site does not name ProperDocs as its generator", file=sys.stderr)
        return 2

    found = differences(sites["mkdocs"], sites["properdocs"], without_generator)
    if not found:
        print("The two sites are the same, except for the generator tag and the measured figures.")
        return 0
    print(f"{len(found)} file(s) differ between the MkDocs and the ProperDocs site:")
    for line in found:
        print(line)
        kind, _, relative = line.partition(": ")
        if kind == "differs":
            print(excerpt(sites["mkdocs"], sites["properdocs"], relative))
    return 1


if __name__ == "__main__":
    sys.exit(main())
