"""Book-wide citation labels, and the sources written the French way in the French edition.

sphinxcontrib-bibtex checks labels across all the bibliographies of the book, and pybtex's default
numbering restarts in each list, so two chapters would both give "[1]" to different sources and the
build would fail. Here a source's label is its position in the bibliography file(s), in order.

In the French edition (Sphinx's ``language`` is "fr") the sources follow French conventions;
titles of works stay in their original language:

* in the lists, a note saying the language of a source becomes « [en russe] » (a French source
  needs no note); the rest of an English note is left out; months are French; « et » joins
  the last two authors; an institution is named in French (« Conseil des ministres de l’URSS »);
* in the text, a citation label says « s.d. » (sans date) for *n.d.* and « et » for *and*, with
  the same French names.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.dates import get_month_names
from docutils import nodes
from pybtex.database import parse_file
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import names, sentence
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

STYLE_NAME = "baikonur"
_POSITION: dict[str, int] = {}
_LANGUAGE = {"edition": "en"}

# Institutions the bibliography names as authors, in French.
FRENCH_AUTHORS = {
    "USSR Council of Ministers": "Conseil des ministres de l’URSS",
    "Channel One Russia": "Pervi Kanal",
    "Channel One": "Pervi Kanal",
}
_LANGUAGE_NOTES = {
    "French": "",
    "Russian": "[en russe]",
    "German": "[en allemand]",
    "Spanish": "[en espagnol]",
}
# The English month names a BibTeX entry holds, in French (Babel's names, as the book's dates).
_MONTHS = dict(
    zip(
        get_month_names("wide", locale="en").values(),
        get_month_names("wide", locale="fr").values(),
    )
)


def _french() -> bool:
    return _LANGUAGE["edition"] == "fr"


class BookWideLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            position = _POSITION.get(entry.key.lower())
            if position is None:
                raise ExtensionError(f"citation key {entry.key!r} is not in the bibliography files")
            yield str(position)


class BookStyle(PlainStyle):
    """pybtex's plain style, with book-wide numeric labels (and French ways in French)."""

    default_label_style = BookWideLabels

    def format_names(self, role, as_sentence=True):
        if not _french():
            return super().format_names(role, as_sentence)
        formatted = names(role, sep=", ", sep2=" et ", last_sep=" et ")
        return sentence[formatted] if as_sentence else formatted

    def format_entry(self, label, entry, bib_data=None):
        if _french():
            entry = _in_french(entry)
        return super().format_entry(label, entry, bib_data=bib_data)


def _in_french(entry):
    """A copy of ``entry`` with its note, month and institutional authors the French way."""
    from pybtex.database import Entry, Person

    fields = dict(entry.fields)
    note = fields.get("note", "")
    language = re.match(r"In (\w+)\b\.?", note)
    fields["note"] = _LANGUAGE_NOTES.get(language.group(1), "") if language else ""
    if not fields["note"]:
        del fields["note"]
    if fields.get("month") in _MONTHS:
        fields["month"] = _MONTHS[fields["month"]]

    def french_person(person):
        name = str(person).strip("{}")
        return Person("{" + FRENCH_AUTHORS[name] + "}") if name in FRENCH_AUTHORS else person

    persons = {role: [french_person(p) for p in people] for role, people in entry.persons.items()}
    french = Entry(entry.type, fields=fields, persons=persons)
    french.key = entry.key  # sphinxcontrib-bibtex files the formatted entry under its key
    return french


def french_citation_text(text: str) -> str:
    """An in-text citation label (or its tooltip) the French way: "n.d." is « s.d. »."""
    text = re.sub(r"\bn\.d\.", "s.d.", text)
    text = re.sub(r",? and ", " et ", text)
    for english, french in FRENCH_AUTHORS.items():
        text = text.replace(english, french)
    return text


def french_citations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the French edition, each in-text citation's label and tooltip written the French way."""
    for citation in doctree.findall(nodes.inline):
        if "bibtex-citation" not in citation.get("classes", []):
            continue
        for reference in citation.findall(nodes.reference):
            if reference.get("reftitle"):
                reference["reftitle"] = french_citation_text(reference["reftitle"])
        for text in list(citation.findall(nodes.Text)):
            french = french_citation_text(str(text))
            if french != str(text):
                text.parent.replace(text, nodes.Text(french))


def number_sources(app: Sphinx, config) -> None:
    _POSITION.clear()
    for bibfile in config.bibtex_bibfiles:
        for key in parse_file(str(Path(app.srcdir) / bibfile)).entries:
            _POSITION.setdefault(key.lower(), len(_POSITION) + 1)
    _LANGUAGE["edition"] = (config.language or "en").split("_")[0]
    if _french():
        app.connect("doctree-resolved", french_citations)


register_plugin("pybtex.style.formatting", STYLE_NAME, BookStyle)
