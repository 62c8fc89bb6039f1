"""A page's description (``<meta name="description">``) from its own text.

sphinxext-opengraph writes the English edition's description; the French edition's comes from
its translated first paragraph (:func:`baikonur_sphinx.translation._translate_description`).
"""

from __future__ import annotations

from docutils import nodes

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
