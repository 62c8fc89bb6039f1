"""Names as the book spells them, with the French press's spelling beside them.

The book transliterates Russian names one way (Yulia Peresild, Baikonur); the French articles it
checks wrote them the French way (Ioulia Peressild, Baïkonour). Where a chapter quotes or checks
those articles it gives both, always in one form: ``Yulia Peresild (French press: Ioulia
Peressild)``, and for a title ``*The Challenge* (French press: *Le Défi*)``. The spellings live in
``data/name_spellings.csv``.
"""

from __future__ import annotations

from .data import DataError, load_table
from .escaping import markdown_text
from .i18n import language

__all__ = ["french_spelling", "with_french"]


def _spellings():
    return load_table("name_spellings")


def french_spelling(name: str) -> str:
    """The French press's spelling of ``name`` (the book's spelling), e.g. "Ioulia Peressild"."""
    table = _spellings()
    if name not in table.index:
        raise DataError(
            f"name_spellings.csv has no row for {name!r}; expected one of "
            f"{', '.join(map(repr, table.index))} (field 'book_spelling')"
        )
    return table.french_press_spelling[name]


def with_french(name: str, markdown: bool = False) -> str:
    """``name`` followed by the French press's spelling in brackets.

    "Yulia Peresild (French press: Ioulia Peressild)". With ``markdown``, a title (kind
    ``title``) is set in italics: "*The Challenge* (French press: *Le Défi*)"; without it the
    text is plain, for ``{glue:text}``.

    In the French edition (:func:`baikonur.i18n.language`) the French spelling is the edition's
    own, so it stands alone: "Ioulia Peressild", "*Le Défi*".
    """
    french = french_spelling(name)
    title = markdown and _spellings().kind[name] == "title"
    if markdown:
        # The spellings are data: literal text in the Markdown, never markup.
        name, french = markdown_text(name), markdown_text(french)
    if language() == "fr":
        return f"*{french}*" if title else french
    if title:
        return f"*{name}* (French press: *{french}*)"
    return f"{name} (French press: {french})"
