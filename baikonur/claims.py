"""Claims of the source articles and their verdicts: load them checked, and show them.

``data/claims.csv`` holds every checkable claim of the three French articles the book starts
from, with a verdict from a fixed set (:data:`VERDICTS`). :func:`load_claims` reads it with
:func:`baikonur.data.load_table` (which rejects an unknown verdict or a row without sources) and
then checks what a Table Schema cannot: that every source is a key of ``book/references.bib``, and
that every ``evidence`` and ``deeper`` link (``chapter#label``) names a chapter of ``_toc.yml``
that defines that MyST label. Each error names the file, the row, the field and what was expected.

The rest draws: :func:`verdict_badge` (colour *and* icon *and* word), :func:`claim_card` (one
claim as MyST Markdown, with its anchor ``claim-…`` for links from other chapters),
:func:`claims_table_html` (a table filterable by article and verdict with HTML and CSS alone, so
it works in the static book without a kernel or any script) and :func:`verdict_counts`.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .data import DataError, data_dir, load_table, resource
from .style import COLOURS, format_date

__all__ = [
    "VERDICTS",
    "Verdict",
    "anchor",
    "article_label",
    "book_labels",
    "chapter_titles",
    "check_verdict",
    "claim_card",
    "claims_table_html",
    "inside_boundary",
    "load_claims",
    "section_href",
    "verdict_badge",
    "verdict_counts",
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


#: The fixed set of verdicts, from "holds" to "fails", then "cannot be settled".
VERDICTS = {v.word: v for v in [
    Verdict("true", "\u2714", COLOURS["bluish_green"], ""),
    Verdict("mostly true", "\u25d1", COLOURS["sky_blue"], "/"),
    Verdict("misleading", "\u26a0", COLOURS["orange"], "x"),
    Verdict("false", "\u2718", COLOURS["vermillion"], "-"),
    Verdict("unverifiable", "?", COLOURS["grey"], "."),
]}

_REF = re.compile(r"(?P<doc>[a-z0-9-]+)#(?P<label>[a-z0-9-]+)")
_LABEL_LINE = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$", re.M)
_TOC_FILE = re.compile(r"^\s*-?\s*file:\s*book/(?P<doc>[\w-]+)\s*$", re.M)


def anchor(claim_id: str) -> str:
    """The anchor of a claim in the chapter: ``vlm_nearest_town`` -> ``claim-vlm-nearest-town``."""
    if not isinstance(claim_id, str) or not re.fullmatch(r"[a-z0-9_]+", claim_id):
        raise ValueError(f"a claim id is lower-case letters, digits and underscores, "
                         f"got {claim_id!r}")
    return "claim-" + claim_id.replace("_", "-")


def section_href(ref: str, here: str | None = None) -> str:
    """The link to ``chapter#label`` in the built book (``chapter.html#label``), or ``#label``
    when the chapter is ``here``, the page the link is on."""
    match = _REF.fullmatch(ref) if isinstance(ref, str) else None
    if not match:
        raise ValueError(f"expected a section as chapter#label (e.g. "
                         f"'baikonur-exists#exists-nearest-town'), got {ref!r}")
    if match["doc"] == here:
        return f"#{match['label']}"
    return f"{match['doc']}.html#{match['label']}"


def book_labels(book_dir: Path) -> dict[str, dict]:
    """For each chapter of ``_toc.yml``: its title (first ``# `` heading) and the MyST labels
    (``(label)=`` lines) of its Markdown cells."""
    toc = book_dir.parent / "_toc.yml"
    if not toc.is_file():
        raise DataError(f"cannot check the chapter links: {toc} is missing")
    chapters = {}
    for doc in _TOC_FILE.findall(toc.read_text(encoding="utf-8")):
        path = book_dir / f"{doc}.ipynb"
        if not path.is_file():
            continue  # a Markdown page (intro, bibliography): no evidence there
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        title = re.search(r"^# (.+)$", text, re.M)
        chapters[doc] = {"title": title.group(1).strip() if title else doc,
                         "labels": set(_LABEL_LINE.findall(text))}
    return chapters


def chapter_titles(book_dir: Path | str | None = None) -> dict[str, str]:
    """Chapter name -> title, for the chapters of ``_toc.yml`` (``book_dir`` as in
    :func:`load_claims`)."""
    book_dir = Path(book_dir) if book_dir is not None else data_dir().parent / "book"
    return {doc: chapter["title"] for doc, chapter in book_labels(book_dir).items()}


def inside_boundary(lat: float, lon: float, collection: dict) -> bool:
    """Whether a point lies inside a GeoJSON (Multi)Polygon boundary: the first feature of
    ``collection``, as :func:`baikonur.data.load_geojson` returns it. Ray casting on
    longitude and latitude, which is exact enough far from the poles and the antimeridian;
    holes are honoured."""
    for name, value, limit in (("lat", lat, 90), ("lon", lon, 180)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not -limit <= value <= limit:
            raise ValueError(f"{name} must be a number of degrees within ±{limit}, "
                             f"got {value!r}")
    try:
        geometry = collection["features"][0]["geometry"]
        kind, coordinates = geometry["type"], geometry["coordinates"]
    except (KeyError, IndexError, TypeError):
        raise ValueError("expected a GeoJSON FeatureCollection whose first feature has a "
                         "geometry") from None
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"expected a Polygon or MultiPolygon boundary, got {kind!r}")
    polygons = [coordinates] if kind == "Polygon" else coordinates

    def in_ring(ring) -> bool:
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    return any(in_ring(rings[0]) and not any(in_ring(hole) for hole in rings[1:])
               for rings in polygons)


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
            raise DataError(f"{where}, field 'sources': {', '.join(map(repr, unknown))} "
                            f"not in book/references.bib; expected BibTeX keys of that file")
        for field in ("evidence", "deeper"):
            ref = getattr(claim, field)
            if not isinstance(ref, str):
                continue  # deeper is optional; the schema requires evidence
            doc, label = ref.split("#")
            if doc not in chapters:
                raise DataError(
                    f"{where}, field '{field}': chapter {doc!r} is not a notebook listed in "
                    f"_toc.yml; expected one of {', '.join(sorted(chapters))}")
            if label not in chapters[doc]["labels"]:
                raise DataError(
                    f"{where}, field '{field}': book/{doc}.ipynb has no label {label!r}; "
                    f"expected a line '({label})=' before the section's heading")
    claims["anchor"] = claims.claim_id.map(anchor)
    return claims


def check_verdict(claims: pd.DataFrame, claim_id: str, computed: str) -> str:
    """Compare the verdict a cell computed with the one in the data; return it if they agree.

    Raises ``ValueError`` naming the claim and both verdicts if they do not: the data and the
    evidence must never drift apart silently.
    """
    if computed not in VERDICTS:
        raise ValueError(f"computed verdict {computed!r} is not one of {', '.join(VERDICTS)}")
    if claim_id not in claims.index:
        raise ValueError(f"unknown claim {claim_id!r}: expected a claim_id of data/claims.csv")
    recorded = claims.verdict[claim_id]
    if recorded != computed:
        raise ValueError(f"claim {claim_id!r}: data/claims.csv says {recorded!r}, but the "
                         f"evidence computed here says {computed!r}")
    return computed


def article_label(claim) -> str:
    """``VL Média, April 2022`` or ``Sputnik France, 9 October 2021``."""
    when = claim.article_date
    shown = (format_date(when) if len(when) == 10
             else pd.Timestamp(when + "-01").strftime("%B %Y"))
    return f"{claim.outlet}, {shown}"


def verdict_badge(verdict: str) -> str:
    """The verdict as an inline HTML badge: coloured edge and tint, icon, and the word."""
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    v = VERDICTS[verdict]
    return (f'<span class="bkc-verdict bkc-verdict-{v.slug}" style="border-left:0.35em solid '
            f'{v.colour};background:{v.colour}2e;padding:0.05em 0.45em;border-radius:0.25em;'
            f'white-space:nowrap;font-weight:600"><span aria-hidden="true" style="color:'
            f'{v.colour}">{v.icon}</span> {v.word.capitalize()}</span>')


def claim_card(claim, cite_prefix: str = "", table_label: str | None = None,
               chapter_titles: dict[str, str] | None = None) -> str:
    """One claim as MyST Markdown: its anchor label, badge, article, claim, reason, sources
    (``{cite:p}`` with ``cite_prefix``), and links to the deeper section (named by its
    chapter's title from ``chapter_titles``) and back to the table (``table_label``).
    Glue it with ``glue(key, Markdown(card))`` and paste it with ``{glue:md}`` and
    ``:format: myst`` so that the label and the roles are read."""
    cites = ",".join(cite_prefix + key for key in claim.sources.split(";"))
    lines = [f"({anchor(claim.claim_id)})=",
             f"{verdict_badge(claim.verdict)} **{article_label(claim)}:** "
             f"*{claim.claim}.* {claim.reason} {{cite:p}}`{cites}`."]
    links = []
    if isinstance(claim.deeper, str):
        doc, label = claim.deeper.split("#")
        title = (chapter_titles or {}).get(doc, doc)
        links.append(f"{{ref}}`deeper: {title} <{label}>`")
    if table_label:
        links.append(f"{{ref}}`all claims <{table_label}>`")
    if links:
        lines[-1] += " " + " · ".join(links)
    return "\n".join(lines) + "\n"


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per article (rows, in the table's order) and verdict (columns, in the order of
    :data:`VERDICTS`, zeros included)."""
    articles = list(dict.fromkeys(claims.apply(article_label, axis=1)))
    counts = (claims.assign(article=claims.apply(article_label, axis=1))
              .groupby(["article", "verdict"]).size().unstack(fill_value=0))
    return counts.reindex(index=articles, columns=list(VERDICTS), fill_value=0)


def _css(articles: list[str], verdicts: list[str]) -> str:
    rules = [
        ".bkc{display:flex;flex-direction:column;gap:0.6rem;margin:1rem 0;"
        "counter-reset:bkc-shown}",
        # The book's dark theme paints notebook HTML outputs light grey; this table styles
        # itself, so its output keeps the page's background and text colour (and link contrast).
        "div.output.text_html:has(.bkc-filters){background:transparent!important;"
        "color:var(--pst-color-text-base,inherit)!important}",
        ".bkc-choice{position:absolute;opacity:0;width:1px;height:1px;overflow:hidden}",
        ".bkc-filters{order:1}.bkc-count{order:2;font-size:0.9rem;margin:0}"
        ".bkc-table{order:3}",
        ".bkc-group{display:flex;flex-wrap:wrap;gap:0.35rem;align-items:center;"
        "margin-bottom:0.4rem}.bkc-group-name{font-weight:600;margin-right:0.3rem}",
        ".bkc-option{cursor:pointer;border:1px solid var(--pst-color-border,#999);"
        "border-radius:1rem;padding:0.1rem 0.7rem;font-size:0.9rem;margin:0}",
        ".bkc-count::before{content:'Showing ' counter(bkc-shown) ' of '}",
        ".bkc-table{width:100%;border-collapse:collapse;font-size:0.92rem}",
        ".bkc-table th,.bkc-table td{text-align:left;vertical-align:top;"
        "padding:0.4rem 0.5rem;border-bottom:1px solid var(--pst-color-border,#ccc)}",
        ".bkc-table tbody tr{counter-increment:bkc-shown}",
        ".bkc-article{display:block;font-size:0.85rem;opacity:0.85}",
        "@media (max-width:40rem){.bkc-table thead{display:none}"
        ".bkc-table,.bkc-table tbody,.bkc-table tr,.bkc-table td{display:block;width:auto}"
        ".bkc-table td{border:0;padding:0.15rem 0.3rem}"
        ".bkc-table tr{border-bottom:1px solid var(--pst-color-border,#ccc);"
        "padding:0.4rem 0}}",
    ]
    for group, values, attribute in (("a", articles, "article"), ("v", verdicts, "verdict")):
        for value in ["all", *values]:
            box = f"#bkc-{group}-{value}"
            label = f'.bkc-filters label[for="bkc-{group}-{value}"]'
            # A fixed blue, not the theme's primary colour: that turns light in dark mode, and
            # white text on it would fail the contrast check.
            rules.append(f"{box}:checked~{label}{{background:#0072B2;color:#fff;"
                         f"border-color:#0072B2}}")
            rules.append(f"{box}:focus-visible~{label}{{outline:2px solid "
                         f"var(--pst-color-primary,#0072B2);outline-offset:2px}}")
            if value != "all":
                rules.append(f"{box}:checked~.bkc-table tbody tr:not([data-{attribute}="
                             f'"{value}"]){{display:none!important}}')
    return "".join(rules)


def claims_table_html(claims: pd.DataFrame, here: str, chapter_titles: dict[str, str]) -> str:
    """Every claim in one HTML table, filterable by article and by verdict.

    The filters are radio buttons and CSS rules (no script), so they work in the static book,
    in JupyterLab and with JavaScript off; a CSS counter says how many rows are shown. Each row
    links to the claim's card (``#claim-…``), to the section that computes its evidence and to
    the one that goes deeper. ``here`` is the chapter the table is on (its links stay on the
    page); ``chapter_titles`` maps chapter names to titles for the link texts.
    """
    esc = html.escape
    articles = list(dict.fromkeys(claims.article_ref))
    names = {ref: claims.outlet[claims.article_ref == ref].iloc[0] for ref in articles}
    verdicts = [v for v in VERDICTS if v in set(claims.verdict)]
    slugs = {v: VERDICTS[v].slug for v in verdicts}
    inputs, groups = [], []
    for group, values, title in (("a", [(a, names[a]) for a in articles], "Article"),
                                 ("v", [(slugs[v], f"{VERDICTS[v].icon} {v}")
                                        for v in verdicts], "Verdict")):
        options = []
        for value, text in [("all", "All"), *values]:
            box = f"bkc-{group}-{value}"
            checked = " checked" if value == "all" else ""
            inputs.append(f'<input class="bkc-choice" type="radio" name="bkc-{group}" '
                          f'id="{box}"{checked}>')
            options.append(f'<label class="bkc-option" for="{box}">{esc(text)}</label>')
        groups.append(f'<div class="bkc-group" role="group" aria-label="Filter by '
                      f'{title.lower()}"><span class="bkc-group-name">{title}:</span>'
                      f'{"".join(options)}</div>')
    rows = []
    for claim in claims.itertuples():
        links = [f'<a href="{section_href(claim.evidence, here)}">evidence</a>']
        if isinstance(claim.deeper, str):
            doc = claim.deeper.split("#")[0]
            links.append(f'<a href="{section_href(claim.deeper, here)}">deeper: '
                         f'{esc(chapter_titles.get(doc, doc))}</a>')
        rows.append(
            f'<tr id="row-{claim.anchor}" data-article="{claim.article_ref}" '
            f'data-verdict="{slugs[claim.verdict]}">'
            f"<td>{verdict_badge(claim.verdict)}</td>"
            f'<td><a href="#{claim.anchor}">{esc(claim.claim)}</a>'
            f'<span class="bkc-article">{esc(article_label(claim))}</span></td>'
            f"<td>{esc(claim.reason)}</td><td>{' · '.join(links)}</td></tr>")
    return (f'<div class="bkc"><style>{_css(articles, list(slugs.values()))}</style>'
            f'{"".join(inputs)}<div class="bkc-filters">{"".join(groups)}</div>'
            f'<table class="bkc-table" aria-label="Claims of the three articles, with '
            f'verdicts"><thead><tr><th>Verdict</th><th>Claim</th>'
            f"<th>Why</th><th>Where it is checked</th></tr></thead><tbody>{''.join(rows)}"
            f'</tbody></table><p class="bkc-count" aria-live="polite">{len(claims)} '
            f"claims</p></div>")
