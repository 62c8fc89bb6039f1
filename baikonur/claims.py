"""Claims of the source articles and their verdicts: load them, checked.

``data/claims.csv`` holds every checkable claim of the three French articles the book starts
from, with a verdict from a fixed set (:data:`VERDICTS`). :func:`load_claims` reads it with
:func:`baikonur.data.load_table` (which rejects an unknown verdict or a row without sources) and
then checks what a Table Schema cannot: that every source is a key of ``book/references.bib``, and
that every ``evidence`` and ``deeper`` link (``chapter#label``) names a chapter of ``_toc.yml``
that defines that MyST label. Each error names the file, the row, the field and what was expected.

Drawing the claims (badges, cards, the filterable table) is :mod:`baikonur.claims_html`; whether a
place lies inside a border is :func:`baikonur.geo.inside_boundary`, importable from here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .book import is_notebook, markdown_text, page_path, toc_files
from .data import DataError, data_dir, load_table, resource
from .geo import inside_boundary
from .i18n import language, tr
from .style import COLOURS, format_date

__all__ = [
    "VERDICTS",
    "Verdict",
    "anchor",
    "article_label",
    "book_labels",
    "chapter_titles",
    "check_verdict",
    "format_month",
    "inside_boundary",
    "load_claims",
    "section_href",
    "verdict_counts",
    "verdict_word",
]


@dataclass(frozen=True)
class Verdict:
    """How a verdict is shown: a word, an icon and a colour (never the colour alone)."""

    word: str
    icon: str
    colour: str
    pattern: str  # Plotly bar pattern: a third cue, besides colour and text

    @property
    def slug(self) -> str:
        return self.word.replace(" ", "-")

    @property
    def shown(self) -> str:
        """The word in the edition's language (:func:`verdict_word`)."""
        return verdict_word(self.word)


#: The fixed set of verdicts, from "holds" to "fails", then "cannot be settled".
VERDICTS = {
    v.word: v
    for v in [
        Verdict("true", "\u2714", COLOURS["bluish_green"], ""),
        Verdict("mostly true", "\u25d1", COLOURS["sky_blue"], "/"),
        Verdict("misleading", "\u26a0", COLOURS["orange"], "x"),
        Verdict("false", "\u2718", COLOURS["vermillion"], "-"),
        Verdict("unverifiable", "?", COLOURS["grey"], "."),
    ]
}


def verdict_word(verdict: str) -> str:
    """A verdict's word as readers see it, in the edition's language ("mostly true", "plutôt
    vrai"). The data and the code keep the English word."""
    words = {
        "true": tr("true"),
        "mostly true": tr("mostly true"),
        "misleading": tr("misleading"),
        "false": tr("false"),
        "unverifiable": tr("unverifiable"),
    }
    if verdict not in words:
        raise ValueError(f"unknown verdict {verdict!r}: expected one of {', '.join(words)}")
    return words[verdict]


_REF = re.compile(r"(?P<doc>[a-z0-9-]+)#(?P<label>[a-z0-9-]+)")
_LABEL_LINE = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$", re.M)


def anchor(claim_id: str) -> str:
    """The anchor of a claim in the chapter: ``vlm_nearest_town`` -> ``claim-vlm-nearest-town``."""
    if not isinstance(claim_id, str) or not re.fullmatch(r"[a-z0-9_]+", claim_id):
        raise ValueError(
            f"a claim id is lower-case letters, digits and underscores, got {claim_id!r}"
        )
    return "claim-" + claim_id.replace("_", "-")


def section_href(ref: str, here: str | None = None) -> str:
    """The link to ``chapter#label`` in the built book (``chapter.html#label``), or ``#label``
    when the chapter is ``here``, the page the link is on."""
    match = _REF.fullmatch(ref) if isinstance(ref, str) else None
    if not match:
        raise ValueError(
            f"expected a section as chapter#label (e.g. "
            f"'baikonur-exists#exists-nearest-town'), got {ref!r}"
        )
    if match["doc"] == here:
        return f"#{match['label']}"
    return f"{match['doc']}.html#{match['label']}"


def book_labels(book_dir: Path) -> dict[str, dict]:
    """For each chapter of ``_toc.yml`` that is a notebook (``.md`` or ``.ipynb``): its file, its
    title (first ``# `` heading) and the MyST labels (``(label)=`` lines) of its Markdown cells."""
    toc = book_dir.parent / "_toc.yml"
    if not toc.is_file():
        raise DataError(f"cannot check the chapter links: {toc} is missing")
    chapters = {}
    for page in toc_files(toc, unique=True):
        if not page.startswith("book/"):
            continue
        doc = page.removeprefix("book/")
        path = page_path(book_dir, doc)
        if path is None or not is_notebook(path):
            continue  # a Markdown page (intro, bibliography): no evidence there
        text = markdown_text(path)
        title = re.search(r"^# (.+)$", text, re.M)
        chapters[doc] = {
            "title": title.group(1).strip() if title else doc,
            "labels": set(_LABEL_LINE.findall(text)),
            "file": f"book/{path.name}",
        }
    return chapters


def _translated_title(book_dir: Path, doc: str, title: str) -> str:
    # The page's own catalog (locales/<lang>/LC_MESSAGES/book/<doc>.po) translates its title.
    from babel.messages.pofile import read_po

    catalog = book_dir.parent / "locales" / language() / "LC_MESSAGES" / "book" / f"{doc}.po"
    if catalog.is_file():
        with catalog.open("rb") as stream:
            message = read_po(stream).get(title)
        if message is not None and message.string and not message.fuzzy:
            return message.string
    # Not translated yet: the page itself is still English in this edition, so is its title.
    return title


def chapter_titles(book_dir: Path | str | None = None) -> dict[str, str]:
    """Chapter name -> title, for the chapters of ``_toc.yml`` (``book_dir`` as in
    :func:`load_claims`), in the edition's language: a translated edition takes each title
    from the chapter's own catalog."""
    book_dir = Path(book_dir) if book_dir is not None else data_dir().parent / "book"
    titles = {doc: chapter["title"] for doc, chapter in book_labels(book_dir).items()}
    if language() != "en":
        titles = {doc: _translated_title(book_dir, doc, title) for doc, title in titles.items()}
    return titles


def _bib_keys(book_dir: Path) -> set[str]:
    bib = book_dir / "references.bib"
    if not bib.is_file():
        raise DataError(f"cannot check the sources: {bib} is missing")
    return set(re.findall(r"^@\w+\{([^,\s]+),", bib.read_text(encoding="utf-8"), re.M))


def load_claims(name: str = "claims", book_dir: Path | str | None = None) -> pd.DataFrame:
    """The claims table, validated, indexed by ``claim_id``.

    Beyond the schema (fixed verdicts, required sources, patterns), checks that each source is
    a key of ``book/references.bib`` and that each ``evidence``/``deeper`` section exists: a
    chapter listed in ``_toc.yml`` with that ``(label)=`` line. ``book_dir`` defaults to the
    ``book/`` folder beside ``data/``. Adds ``anchor`` (the claim's anchor in the chapter).
    """
    claims = load_table(name)
    book_dir = Path(book_dir) if book_dir is not None else data_dir().parent / "book"
    path = resource(name)["path"]
    keys = _bib_keys(book_dir)
    chapters = book_labels(book_dir)
    for row, claim in enumerate(claims.itertuples(), start=1):
        where = f"{path}, row {row} (claim {claim.claim_id!r})"
        unknown = [k for k in claim.sources.split(";") if k not in keys]
        if unknown:
            raise DataError(
                f"{where}, field 'sources': {', '.join(map(repr, unknown))} "
                f"not in book/references.bib; expected BibTeX keys of that file"
            )
        for field in ("evidence", "deeper"):
            ref = getattr(claim, field)
            if not isinstance(ref, str):
                continue  # deeper is optional; the schema requires evidence
            doc, label = ref.split("#")
            if doc not in chapters:
                raise DataError(
                    f"{where}, field '{field}': chapter {doc!r} is not a notebook listed in "
                    f"_toc.yml; expected one of {', '.join(sorted(chapters))}"
                )
            if label not in chapters[doc]["labels"]:
                raise DataError(
                    f"{where}, field '{field}': {chapters[doc]['file']} has no label {label!r}; "
                    f"expected a line '({label})=' before the section's heading"
                )
    claims["anchor"] = claims.claim_id.map(anchor)
    return claims


def check_verdict(claims: pd.DataFrame, claim_id: str, computed: str) -> None:
    """Compare the verdict a cell computed with the one in the data.

    Raises ``ValueError`` naming the claim and both verdicts if they do not: the data and the
    evidence must never drift apart silently. Returns nothing, so a cell that ends with the
    check prints no bare value on the page.
    """
    if computed not in VERDICTS:
        raise ValueError(f"computed verdict {computed!r} is not one of {', '.join(VERDICTS)}")
    if claim_id not in claims.index:
        raise ValueError(f"unknown claim {claim_id!r}: expected a claim_id of data/claims.csv")
    recorded = claims.verdict[claim_id]
    if recorded != computed:
        raise ValueError(
            f"claim {claim_id!r}: data/claims.csv says {recorded!r}, but the "
            f"evidence computed here says {computed!r}"
        )


def format_month(when: str) -> str:
    """A publication date known to the day or to the month ("2022-04"): "9 October 2021",
    "April 2022" (en); "9 octobre 2021", "avril 2022" (fr)."""
    if len(when) == 10:
        return format_date(when)
    return format_date(pd.Timestamp(when + "-01")).split(" ", 1)[1]


def article_label(claim) -> str:
    """``VL Média, April 2022`` or ``Sputnik France, 9 October 2021``."""
    return f"{tr(claim.outlet)}, {format_month(claim.article_date)}"


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per article (rows, in the table's order) and verdict (columns, in the order of
    :data:`VERDICTS`, zeros included)."""
    articles = list(dict.fromkeys(claims.apply(article_label, axis=1)))
    counts = (
        claims.assign(article=claims.apply(article_label, axis=1))
        .groupby(["article", "verdict"])
        .size()
        .unstack(fill_value=0)
    )
    return counts.reindex(index=articles, columns=list(VERDICTS), fill_value=0)
