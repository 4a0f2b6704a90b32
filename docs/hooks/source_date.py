"""Date the build by the last commit, so two builds of one commit are the same bytes.

MkDocs writes the build's date into the sitemap and into the gzip header of
``sitemap.xml.gz``; with ``SOURCE_DATE_EPOCH`` set it uses that date instead of today's. When
the variable is unset, this hook sets it to the time of the last commit of the checkout that
holds ``mkdocs.yml`` (or to a fixed date outside a git checkout). A value the user set is
kept; one this hook set is refreshed on every build, so a long ``mkdocs serve`` follows new
commits.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

#: SOURCE_DATE_EPOCH outside a git checkout: 2000-01-01T00:00:00Z.
FALLBACK_EPOCH = 946684800
#: Marks a SOURCE_DATE_EPOCH this hook set (so a serve process refreshes it after a commit).
_EPOCH_MARK = "NANONEURON_SOURCE_DATE_EPOCH_FROM_GIT"


def source_date_epoch(root: Path) -> int:
    """The time of the last commit of the checkout at ``root``, else a fixed date.

    Examples:
        >>> source_date_epoch(Path("/")) == FALLBACK_EPOCH or source_date_epoch(Path("/")) > 0
        True
    """
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return int(result.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return FALLBACK_EPOCH


def on_config(config: Any) -> None:
    if os.environ.get(_EPOCH_MARK) or "SOURCE_DATE_EPOCH" not in os.environ:
        root = Path(config["config_file_path"]).resolve().parent
        os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(root))
        os.environ[_EPOCH_MARK] = "1"
