"""A description for each page (``<meta name="description">``), for search engines and link previews.

Sphinx writes none, and Lighthouse's SEO audit counts it. The description is the page's first
paragraph of some length (a chapter's question and short answer), with its glued numbers already
in place, cut at a word near DESCRIPTION_MAX characters. A page that already has one (set in its
front matter, or by another extension) keeps it.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx

DESCRIPTION_MIN = 50
DESCRIPTION_MAX = 200


def page_description(doctree: nodes.Node) -> str | None:
    """The first paragraph of at least DESCRIPTION_MIN characters, cut to DESCRIPTION_MAX."""
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if len(text) >= DESCRIPTION_MIN:
            if len(text) > DESCRIPTION_MAX:
                text = text[:DESCRIPTION_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            return text
    return None


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree) -> None:
    metatags = context.get("metatags", "")
    if doctree is None or '<meta name="description"' in metatags:
        return
    description = page_description(doctree)
    if description:
        context["metatags"] = (f'{metatags}\n<meta name="description" '
                               f'content="{html.escape(description, quote=True)}" />')
