"""Book-wide citation labels: each source has one number, the same in every chapter's list.

sphinxcontrib-bibtex checks labels across all the bibliographies of the book, and pybtex's default
numbering restarts in each list, so two chapters would both give "[1]" to different sources and the
build would fail. Here a source's label is its position in the bibliography file(s), in order.
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import parse_file
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

STYLE_NAME = "baikonur"
_POSITION: dict[str, int] = {}


class BookWideLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            position = _POSITION.get(entry.key.lower())
            if position is None:
                raise ExtensionError(f"citation key {entry.key!r} is not in the bibliography files")
            yield str(position)


class BookStyle(PlainStyle):
    """pybtex's plain style, with book-wide numeric labels."""

    default_label_style = BookWideLabels


def number_sources(app: Sphinx, config) -> None:
    _POSITION.clear()
    for bibfile in config.bibtex_bibfiles:
        for key in parse_file(str(Path(app.srcdir) / bibfile)).entries:
            _POSITION.setdefault(key.lower(), len(_POSITION) + 1)


register_plugin("pybtex.style.formatting", STYLE_NAME, BookStyle)


def citation_list_items(app: Sphinx, pagename: str, templatename: str, context: dict,
                        doctree) -> None:
    """Mark each source of a citation list as a list item (html-page-context).

    docutils writes a chapter's sources as <div role="list"> holding <div role="doc-biblioentry">
    entries. DPUB-ARIA 1.1 deprecated doc-biblioentry and screen readers and axe expect a list's
    entries to be role="listitem" (Lighthouse: aria-deprecated-role, aria-allowed-role,
    aria-required-children), which is what the entries are.
    """
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
