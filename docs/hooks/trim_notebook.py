"""Make the notebook page (rendered by mkdocs-jupyter) light, offline and typeset.

mkdocs-jupyter inlines JupyterLab's whole stylesheet (about 590 KB) into the page, with a MathJax
configuration for a MathJax that is never loaded, a loader for Mermaid diagrams from a CDN, and
an empty ``<script src="">``. For each page that holds a notebook (``class="jupyter-wrapper"``)
this hook:

- keeps only the CSS rules whose selectors can match the page: every class and id a selector
  names must occur in the page (classes the theme adds at run time, ``md-*``, count as present);
  a stylesheet that is a Python list's ``repr`` (an mkdocs-jupyter slip) is dropped;
- drops the rules under ``.jupyter-wrapper :root`` (mkdocs-jupyter's scoping of JupyterLab's
  ``:root``, about 90 KB): ``:root`` is the page's ``<html>``, which is inside nothing, so a
  selector with ``:root`` after a combinator never matches; the variables the notebook uses
  are set on ``.jupyter-wrapper`` itself;
- drops the notebook's colour for selected text (``.jupyter-wrapper ::selection``): a
  ``::selection`` rule over every element makes the browser give each of them a selection
  style at every restyle, which doubled what the page's restyles go through and their time
  (``benchmarks/page_load.py``); the chapters have no such rule, so selected text now looks
  the same on every page;
- drops the MathJax configuration, the empty script, and the Mermaid loader when the notebook
  has no diagram;

(The notebook's TeX is typeset by the KaTeX hook, ``katex.py``.)

The chapters' pages are left alone.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import tinycss2  # type: ignore[import-untyped]

NOTEBOOK_MARK = 'class="jupyter-wrapper"'
STYLE = re.compile(r"<style[^>]*>(?P<css>.*?)</style>", re.DOTALL)
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
ID_ATTR = re.compile(r'\bid="([^"]*)"')
SELECTOR_NAME = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")
#: ``:root`` after a combinator (``.jupyter-wrapper :root``): the root is inside nothing.
ROOT_INSIDE = re.compile(r"[\s>+~]\s*:root\b")


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Trim the notebook page; other pages pass through unchanged."""
    if NOTEBOOK_MARK not in output:
        return output
    output = _drop_scripts(output)
    classes, ids = _names_in(output)
    return STYLE.sub(lambda m: _trimmed_style(m, classes, ids), output)


# --- styles ------------------------------------------------------------------------------------


def _names_in(html: str) -> tuple[set[str], set[str]]:
    classes = {name for value in CLASS_ATTR.findall(html) for name in value.split()}
    return classes, set(ID_ATTR.findall(html))


def _selector_can_match(selector: str, classes: set[str], ids: set[str]) -> bool:
    if "::selection" in selector:
        return False  # kept out on purpose: see the module's docstring
    if ROOT_INSIDE.search(selector):
        return False
    for kind, name in SELECTOR_NAME.findall(selector):
        if kind == "." and name not in classes and not name.startswith("md-"):
            return False
        if kind == "#" and name not in ids:
            return False
    return True


def _split_selectors(prelude: list[Any]) -> list[str]:
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [tinycss2.serialize(tokens).strip() for tokens in selectors if tokens]


def _trim_rules(css: str, classes: set[str], ids: set[str]) -> str:
    kept: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            selectors = [
                s for s in _split_selectors(rule.prelude) if _selector_can_match(s, classes, ids)
            ]
            if selectors:
                kept.append(
                    ",".join(selectors) + "{" + tinycss2.serialize(rule.content).strip() + "}"
                )
        elif (
            rule.type == "at-rule"
            and rule.lower_at_keyword in ("media", "supports")
            and rule.content
        ):
            inner = _trim_rules(tinycss2.serialize(rule.content), classes, ids)
            if inner:
                kept.append(
                    f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}{{{inner}}}"
                )
        elif rule.type == "at-rule" and rule.lower_at_keyword != "charset":
            kept.append(rule.serialize())
    return "".join(kept)


def _trimmed_style(match: re.Match[str], classes: set[str], ids: set[str]) -> str:
    css = match.group("css")
    if css.strip().startswith("['"):
        return ""  # a Python list's repr of a stylesheet the page already has
    trimmed = _trimmed_css(css, frozenset(classes), frozenset(ids))
    return f"<style>{trimmed}</style>" if trimmed else ""


@functools.lru_cache(maxsize=8)
def _trimmed_css(css: str, classes: frozenset[str], ids: frozenset[str]) -> str:
    # Parsing JupyterLab's stylesheet takes most of a second; under `mkdocs serve` the same
    # stylesheet and page come back on every rebuild, and are trimmed once.
    return _trim_rules(css, set(classes), set(ids))


# --- scripts -----------------------------------------------------------------------------------


def _drop_scripts(html: str) -> str:
    has_diagrams = "jp-Mermaid" in _names_in(html)[0]

    def keep(match: re.Match[str]) -> str:
        attrs, body = match.group("attrs"), match.group("body")
        if re.search(r'\bsrc=""', attrs):
            return ""
        if "text/x-mathjax-config" in attrs:
            return ""
        if 'type="module"' in attrs and "mermaid" in body and not has_diagrams:
            return ""
        return match.group(0)

    return SCRIPT.sub(keep, html)
