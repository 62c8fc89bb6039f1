"""Accessibility fixes for what the theme and Sphinx write (each one found by axe-core in
``tests/site/test_browser.py``, which fails on any serious or critical violation).

* The search button and the colour-mode switch: ``templates/`` overrides the two theme components
  so that each button's accessible name matches its visible text (WCAG 2.5.3, label in name).
* Citation lists: Sphinx writes ``<div role="list">`` whose items carry ``role="doc-biblioentry"``,
  a role ARIA 1.2 deprecated, so screen readers saw a list with no items; the items become
  ``role="listitem"``.
* Collapsed code cells (``hide-input``): myst-nb names their ``<summary>`` "Toggle hidden
  content" while it shows "Show code cell source"; without the ``aria-label`` the name is the
  visible text.
* maps carry ``lang`` on their own ``<html>`` (``baikonur.maps``) and their title on their
  iframe (:mod:`baikonur_sphinx.map_output`).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

TEMPLATES = Path(__file__).parent / "templates"


def use_accessible_templates(app: Sphinx, config) -> None:
    # Before the theme's own components folder, which the theme appends to templates_path.
    config.templates_path.insert(0, str(TEMPLATES))


_BODY_FIXES = (
    ('role="doc-biblioentry"', 'role="listitem"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
)


def fix_page_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    for old, new in _BODY_FIXES:
        body = body.replace(old, new)
    context["body"] = body
