"""Keep the theme's palette script from restyling every element of a page twice as it loads.

Material's palette script marks ``<body data-md-color-switching>`` while it applies a palette,
and its palette stylesheet stops every transition under that mark::

    [data-md-color-switching] *, [data-md-color-switching] :after,
    [data-md-color-switching] :before {transition-duration: 0s !important}

The script applies the palette on every page load, not only when a reader switches it, and a
rule that selects every element under a mark on ``<body>`` makes the browser restyle the whole
page when the mark is set and again when it is removed: two full restyles as a page loads,
each as long as the page is (``benchmarks/page_load.py`` measures them). The
theme has no option for it, so this hook serves the palette stylesheet without that one rule.
What a reader loses: on a switch, the colours the theme animates (links, the background of
code, the copy buttons) fade over at most a quarter of a second instead of changing at once.
(On a first visit the page is in the system's palette from its first paint, set by the
header's script, ``docs/overrides/partials/javascripts/palette.html``, so nothing fades then
but what the theme's script changes after: the colour scheme it writes into a ``<meta>``.)

The stylesheet is written from the theme's own copy at the end of every build, so a rebuild
under ``mkdocs serve`` (even ``--dirty``) gets it too. The build fails if the rule is not there
to remove: a theme that changed it needs this hook looked at again.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

PALETTE_CSS = "assets/stylesheets/palette.*.min.css"
SWITCHING_RULE = re.compile(r"\[data-md-color-switching\][^{}]*\{[^{}]*\}")


def without_switching_rule(css: str, name: str = "the palette stylesheet") -> str:
    """``css`` without its one rule under ``[data-md-color-switching]``.

    >>> without_switching_rule(
    ...     "a{color:red}[data-md-color-switching] *,[data-md-color-switching] :after"
    ...     "{transition-duration:0s!important}b{color:blue}"
    ... )
    'a{color:red}b{color:blue}'
    """
    rules = SWITCHING_RULE.findall(css)
    if len(rules) != 1:
        raise PluginError(
            f"palette_load: {name} has {len(rules)} rules under [data-md-color-switching], "
            "not the one this hook removes: see docs/hooks/palette_load.py"
        )
    return css.replace(rules[0], "")


def on_post_build(config: Any) -> None:
    """Write the built palette stylesheet again, from the theme's copy, without the rule."""
    site = Path(config["site_dir"])
    built = sorted(site.glob(PALETTE_CSS))
    if len(built) != 1:
        raise PluginError(
            f"palette_load: the site has {len(built)} palette stylesheets, not one: "
            "see docs/hooks/palette_load.py"
        )
    (target,) = built
    name = target.relative_to(site).as_posix()
    sources = [Path(folder) / name for folder in config["theme"].dirs]
    source = next((path for path in sources if path.is_file()), None)
    if source is None:
        raise PluginError(f"palette_load: no theme folder holds {name}")
    css = source.read_text(encoding="utf-8")
    target.write_text(without_switching_rule(css, name), encoding="utf-8")
