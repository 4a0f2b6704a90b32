"""What a reader does on the site: search it, and download the notebook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.browser.conftest import DESKTOP, PHONE, TWO_FRAMES


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(**DESKTOP, service_workers="block", accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def notebook_pages(site: Path) -> list[str]:
    """Pages rendered from a notebook by mkdocs-jupyter, as paths below the home page."""
    found = []
    for html in sorted(site.rglob("index.html")):
        if 'class="jupyter-wrapper"' in html.read_text(encoding="utf-8"):
            found.append(html.parent.relative_to(site).as_posix() + "/")
    return found


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_search_finds_gradient(browser: Any, site_url: str, options: dict[str, Any]) -> None:
    """Typing "gradient" in the search box lists pages about gradients, linked to the site."""
    context = browser.new_context(**options, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url, wait_until="load")
        opener = page.locator("label.md-header__button[for='__search']").first
        if opener.is_visible():  # on a phone the search box opens from a button
            opener.click()
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("gradient", delay=40)  # the theme searches on keyup
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible", timeout=10_000)
        assert "gradient" in results.first.inner_text().lower()
        href = results.first.locator("a").first.get_attribute("href") or ""
        assert href.startswith(site_url), f"a result leads off the site: {href}"
    finally:
        context.close()


def test_notebook_downloads_and_is_valid(
    page: Any, built_site: Path, site_url: str, tmp_path: Path
) -> None:
    """The notebook page offers its notebook; what downloads is a valid nbformat 4 notebook."""
    pages = notebook_pages(built_site)
    if not pages:
        pytest.skip("the site has no notebook page (no .ipynb in the navigation)")
    for name in pages:
        page.goto(site_url + name, wait_until="load")
        link = page.locator("a[download][href$='.ipynb']").first
        assert link.count(), f"{name}: no download link to the notebook"
        with page.expect_download() as event:
            link.click()
        download = event.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert saved.suffix == ".ipynb", saved.name
        notebook = nbformat.read(saved, as_version=nbformat.NO_CONVERT)  # type: ignore[no-untyped-call]
        nbformat.validate(notebook)
        assert notebook.nbformat == 4
        assert notebook.cells, f"{name}: the notebook has no cells"
        sources = "\n".join(cell.source for cell in notebook.cells)
        assert "nanoneuron" in sources, f"{name}: the notebook never uses the nanoneuron package"


def test_a_code_block_gets_its_copy_button_when_it_scrolls_into_view(
    page: Any, site_url: str
) -> None:
    """The theme mounts code blocks lazily (``content.lazy``): none waits for the page's load."""
    page.goto(site_url + "api/beyond/", wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    blocks = page.locator(".md-content pre > code")
    buttons = page.locator(".md-content pre button.md-code__button[data-md-type='copy']")
    total = blocks.count()
    assert total > 50
    page.evaluate(TWO_FRAMES)
    shown = buttons.count()
    assert shown < total // 2, f"{shown} of {total} code blocks have a copy button at load"
    last = page.locator(".md-content pre").last
    last.scroll_into_view_if_needed()
    last.locator("button.md-code__button[data-md-type='copy']").wait_for(timeout=5_000)
    assert buttons.count() > shown


@pytest.mark.parametrize(("system", "scheme"), [("dark", "slate"), ("light", "default")])
def test_a_first_visit_is_shown_in_the_systems_palette_before_the_theme_script_runs(
    browser: Any, site_url: str, system: str, scheme: str
) -> None:
    """The header's inline script picks the palette; the theme's script is kept from loading."""
    context = browser.new_context(**DESKTOP, color_scheme=system, service_workers="block")
    try:
        page = context.new_page()
        page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
        page.goto(site_url + "together/", wait_until="load")
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == scheme
        assert page.evaluate("() => document.body.dataset.mdColorMedia") == (
            f"(prefers-color-scheme: {system})"
        )
        # A palette chosen on an earlier visit wins over the system's.
        other = "default" if scheme == "slate" else "slate"
        page.evaluate("(scheme) => __md_set('__palette', {index: 0, color: {scheme}})", other)
        page.reload(wait_until="load")
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == other
    finally:
        context.close()


ROOT_CLASS_CHANGES = """
window.__rootClassChanges = [];
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target !== document.documentElement) continue;
    window.__rootClassChanges.push({
      before: record.oldValue || "",
      after: record.target.className,
      withBody: document.body !== null,
    });
  }
}).observe(document, {
  attributes: true, attributeFilter: ["class"], attributeOldValue: true, subtree: true,
});
"""


def test_the_theme_script_finds_the_root_classes_it_sets_already_set(
    browser: Any, site_url: str
) -> None:
    """Set in ``<head>`` (``docs/overrides/main.html``), so the theme's script, which sets them
    once the page is there, changes none and restyles nothing; without JavaScript, "no-js"."""
    context = browser.new_context(**DESKTOP, service_workers="block")
    try:
        page = context.new_page()
        page.add_init_script(ROOT_CLASS_CHANGES)
        page.goto(site_url + "together/", wait_until="load")
        page.evaluate(TWO_FRAMES)
        classes = page.evaluate("() => [...document.documentElement.classList]")
        assert {"js", "js-focus-visible"} <= set(classes)
        assert "no-js" not in classes
        changes = page.evaluate("() => window.__rootClassChanges")
        assert any(not change["withBody"] for change in changes), changes  # the <head>'s own
        late = [
            change
            for change in changes
            if change["withBody"] and set(change["before"].split()) != set(change["after"].split())
        ]
        assert not late, f"<html>'s classes changed once the page was there: {late}"
    finally:
        context.close()
    context = browser.new_context(**DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "together/", wait_until="load")
        assert page.get_attribute("html", "class") == "no-js"
    finally:
        context.close()


def test_a_far_cell_of_the_notebook_is_skipped_until_scrolled_to(page: Any, site_url: str) -> None:
    """``content-visibility: auto`` (``docs/stylesheets/extra.css``): the browser skips the
    contents of a cell far down the notebook page (no painting, no restyles) until the reader
    scrolls to it."""
    page.goto(site_url + "tutorial/", wait_until="load")
    page.evaluate(TWO_FRAMES)
    last = page.locator(".jupyter-wrapper .jp-Cell").last
    skipped = "(cell) => !cell.firstElementChild.checkVisibility({contentVisibilityAuto: true})"
    assert last.evaluate(skipped), "the notebook's last cell was rendered at load"
    last.scroll_into_view_if_needed()
    page.evaluate(TWO_FRAMES)
    assert not last.evaluate(skipped), "the notebook's last cell stayed skipped on screen"
