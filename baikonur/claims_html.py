"""The claims, drawn: a verdict badge (colour *and* icon *and* word), one claim as MyST Markdown
(:func:`claim_card`, with its anchor ``claim-…`` for links from other chapters), and every claim
in a table filterable by article and verdict with HTML and CSS alone (:func:`claims_table`),
so it works in the static book without a kernel or any script.

The table is an output of the book's own type (:data:`MIME`): its markup and the filter rules that
name its own articles and verdicts. Its look is the stylesheet ``static/claims.css``, which the
site links once on the page (``baikonur_sphinx.book_outputs``); outside the book (JupyterLab,
Binder, Colab) the ``text/html`` fallback brings it inline, so that it looks and filters the same.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .claims import VERDICTS, anchor, article_label, section_href
from .escaping import html_text, markdown_text
from .i18n import format_int, language, tr

__all__ = ["claim_card", "claims_table", "filter_css", "verdict_badge"]

MIME = "application/vnd.baikonur.claims-table+json"
STYLESHEET = "claims.css"
STATIC = Path(__file__).parent / "static"


def verdict_badge(verdict: str) -> str:
    """The verdict as an inline HTML badge: coloured edge and tint, icon, and the word."""
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    v = VERDICTS[verdict]
    return (
        f'<span class="bkc-verdict bkc-verdict-{v.slug}" style="border-left:0.35em solid '
        f"{v.colour};background:{v.colour}2e;padding:0.05em 0.45em;border-radius:0.25em;"
        f'white-space:nowrap;font-weight:600"><span aria-hidden="true" style="color:'
        f'{v.colour}">{v.icon}</span> {v.shown.capitalize()}</span>'
    )


def claim_card(
    claim,
    cite_prefix: str = "",
    table_label: str | None = None,
    chapter_titles: dict[str, str] | None = None,
) -> str:
    """One claim as MyST Markdown: its anchor label, badge, article, claim, reason, sources
    (``{cite:p}`` with ``cite_prefix``), and links to the deeper section (named by its
    chapter's title from ``chapter_titles``) and back to the table (``table_label``).
    Glue it with ``glue(key, Markdown(card))`` and paste it with ``{glue:md}`` and
    ``:format: myst`` so that the label and the roles are read."""
    cites = ",".join(cite_prefix + key for key in claim.sources.split(";"))
    # The claim and its reason are data (translatable fields of data/claims.csv): literal text,
    # never Markdown.
    lines = [
        f"({anchor(claim.claim_id)})=",
        verdict_badge(claim.verdict)
        + " "
        + tr(
            "**{article}:** *{claim}.* {reason}",
            article=markdown_text(article_label(claim)),
            claim=markdown_text(tr(claim.claim)),
            reason=markdown_text(tr(claim.reason)),
        )
        + f" {{cite:p}}`{cites}`.",
    ]
    links = []
    if isinstance(claim.deeper, str):
        doc, label = claim.deeper.split("#")
        title = (chapter_titles or {}).get(doc, doc)
        links.append("{ref}`" + tr("deeper: {title}", title=title) + f" <{label}>`")
    if table_label:
        links.append("{ref}`" + tr("all claims") + f" <{table_label}>`")
    if links:
        lines[-1] += " " + " · ".join(links)
    return "\n".join(lines) + "\n"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_css(articles: list[str], verdicts: list[str]) -> str:
    """The rules that show a chosen filter and hide the other rows: one set per article and
    verdict of the table (the rest of its look is in the site's stylesheet)."""
    rules = []
    for group, values, attribute in (("a", articles, "article"), ("v", verdicts, "verdict")):
        for value in ["all", *values]:
            box = f"#bkc-{group}-{value}"
            label = f'.bkc-filters label[for="bkc-{group}-{value}"]'
            # A fixed blue, not the theme's primary colour: that turns light in dark mode, and
            # white text on it would fail the contrast check.
            rules.append(
                f"{box}:checked~{label}{{background:#0072B2;color:#fff;border-color:#0072B2}}"
            )
            rules.append(
                f"{box}:focus-visible~{label}{{outline:2px solid "
                f"var(--pst-color-primary,#0072B2);outline-offset:2px}}"
            )
            if value != "all":
                rules.append(
                    f"{box}:checked~.bkc-table tbody tr:not([data-{attribute}="
                    f'"{value}"]){{display:none!important}}'
                )
    return "".join(rules)


class ClaimsTable:
    """The claims table as a notebook output: :data:`MIME` for the book, HTML for notebooks."""

    def __init__(self, data: dict[str, str]) -> None:
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {MIME: self.data, "text/html": self._repr_html_(), "text/plain": self.data["name"]}

    def _repr_html_(self) -> str:
        look = (STATIC / STYLESHEET).read_text(encoding="utf-8")
        return table_html({**self.data, "style": look + self.data["style"]})


def table_html(table: dict[str, str]) -> str:
    """The table's markup with its own filter rules (the site links its look once per page)."""
    return f'<div class="bkc"><style>{table["style"]}</style>{table["markup"]}</div>'


def claims_table(claims: pd.DataFrame, here: str, chapter_titles: dict[str, str]) -> ClaimsTable:
    """Every claim in one HTML table, filterable by article and by verdict.

    The filters are radio buttons and CSS rules (no script), so they work in the static book,
    in JupyterLab and with JavaScript off; a CSS counter says how many rows are shown. Each row
    links to the claim's card (``#claim-…``), to the section that computes its evidence and to
    the one that goes deeper. ``here`` is the chapter the table is on (its links stay on the
    page); ``chapter_titles`` maps chapter names to titles for the link texts.
    """
    esc = html_text
    articles = list(dict.fromkeys(claims.article_ref))
    names = {ref: tr(claims.outlet[claims.article_ref == ref].iloc[0]) for ref in articles}
    verdicts = [v for v in VERDICTS if v in set(claims.verdict)]
    slugs = {v: VERDICTS[v].slug for v in verdicts}
    inputs, groups = [], []
    for group, values, title in (
        ("a", [(a, names[a]) for a in articles], tr("Article")),
        (
            "v",
            [(slugs[v], f"{VERDICTS[v].icon} {VERDICTS[v].shown}") for v in verdicts],
            tr("Verdict"),
        ),
    ):
        options = []
        for value, text in [("all", tr("All")), *values]:
            box = f"bkc-{group}-{value}"
            checked = " checked" if value == "all" else ""
            inputs.append(
                f'<input class="bkc-choice" type="radio" name="bkc-{group}" id="{box}"{checked}>'
            )
            options.append(f'<label class="bkc-option" for="{box}">{esc(text)}</label>')
        groups.append(
            f'<div class="bkc-group" role="group" aria-label="'
            f'{esc(tr("Filter by {what}", what=title.lower()))}"><span class="bkc-group-name">'
            f"{esc(tr('{what}:', what=title))}</span>{''.join(options)}</div>"
        )
    rows = []
    for claim in claims.itertuples():
        links = [f'<a href="{section_href(claim.evidence, here)}">{esc(tr("evidence"))}</a>']
        if isinstance(claim.deeper, str):
            doc = claim.deeper.split("#")[0]
            deeper = tr("deeper: {title}", title=chapter_titles.get(doc, doc))
            links.append(f'<a href="{section_href(claim.deeper, here)}">{esc(deeper)}</a>')
        rows.append(
            f'<tr id="row-{claim.anchor}" data-article="{claim.article_ref}" '
            f'data-verdict="{slugs[claim.verdict]}">'
            f"<td>{verdict_badge(claim.verdict)}</td>"
            f'<td><a href="#{claim.anchor}">{esc(tr(claim.claim))}</a>'
            f'<span class="bkc-article">{esc(article_label(claim))}</span></td>'
            f"<td>{esc(tr(claim.reason))}</td><td>{' · '.join(links)}</td></tr>"
        )
    style = filter_css(articles, list(slugs.values()))
    if language() != "en":
        # The stylesheet writes "Showing 12 of" before the count, in English.
        before, _, after = tr("Showing {shown} of").partition("{shown}")
        style += (
            ".bkc .bkc-count::before{content:"
            + _css_string(before)
            + " counter(bkc-shown) "
            + _css_string(after + " ")
            + "}"
        )
    headers = "".join(
        f"<th>{esc(h)}</th>"
        for h in (tr("Verdict"), tr("Claim"), tr("Why"), tr("Where it is checked"))
    )
    name = esc(tr("Claims of the three articles, with verdicts"))
    count = esc(tr("{n} claims", n=format_int(len(claims))))
    return ClaimsTable(
        {
            "name": tr("Claims of the three articles, with verdicts"),
            "style": style,
            "markup": f'{"".join(inputs)}<div class="bkc-filters">{"".join(groups)}</div>'
            f'<table class="bkc-table" aria-label="{name}"><thead><tr>{headers}</tr></thead>'
            f"<tbody>{''.join(rows)}"
            f'</tbody></table><p class="bkc-count" aria-live="polite">{count}</p>',
        }
    )
