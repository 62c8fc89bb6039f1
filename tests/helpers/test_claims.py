"""baikonur.claims and data/claims.csv: the checks on the claims table, its helpers, and bad input.

Bad rows are written into a scratch copy of data/ (the conftest fixture); the chapters and the
bibliography they are checked against are those of the repository.
"""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from baikonur.book import page_path
from baikonur.claims import (
    VERDICTS,
    anchor,
    article_label,
    book_labels,
    chapter_titles,
    check_verdict,
    inside_boundary,
    load_claims,
    section_href,
    verdict_counts,
    verdict_word,
)
from baikonur.claims_html import (
    STATIC,
    STYLESHEET,
    claim_card,
    claims_table,
    table_html,
    verdict_badge,
)
from baikonur.data import DataError, load_geojson, load_table
import seed_fingerprints
from conftest import ROOT, replace_in

BOOK = ROOT / "book"
CLAIMS = ROOT / "data" / "claims.csv"


def _rows():
    with CLAIMS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_claims_load_with_their_anchors():
    claims = load_claims()
    assert len(claims) == len(_rows())
    assert claims.anchor["vlm_nearest_town"] == "claim-vlm-nearest-town"
    assert set(claims.verdict) <= set(VERDICTS)


def test_every_claim_of_the_fact_sheet_is_covered():
    # facts.md section D lists these claims (by topic); each must have a row.
    topics = {
        "decided_1955",
        "steppe",
        "nearest_town",
        "famous_launches",
        "until_2050",
        "4h36",
        "ages",
        "surgeon",
        "ten_helicopters",
        "60_years",
        "manual_docking",
        "documentaries",
        "cruise",
        "12_days",
    }
    ids = {row["claim_id"] for row in _rows()}
    missing = {t for t in topics if not any(i.endswith(t) or t in i for i in ids)}
    assert not missing, f"claims of facts.md section D without a row: {sorted(missing)}"


def test_each_article_has_claims_and_one_date_outlet_and_file():
    rows = pd.DataFrame(_rows())
    per_article = rows.groupby("article_ref")[["outlet", "article_date", "seed_file"]].nunique()
    assert (per_article == 1).all(axis=None), per_article
    assert len(per_article) == 3


def test_each_claim_names_an_article_the_book_starts_from():
    articles = seed_fingerprints.load()
    for row in _rows():
        assert row["seed_file"] in articles, (
            f"{row['claim_id']}: seed_file {row['seed_file']!r} is none of the articles "
            f"{sorted(articles)} (tests/data/seed_fingerprints.json)"
        )


def test_claims_are_paraphrased_not_copied():
    # The articles are in French: no claim may reproduce a run of six words from them.
    copied = set().union(*(prints["runs"] for prints in seed_fingerprints.load().values()))
    length = seed_fingerprints.COPIED_RUN
    for row in _rows():
        words = re.findall(r"\w+", row["claim"])
        for i in range(len(words) - length + 1):
            run = words[i : i + length]
            assert seed_fingerprints.fingerprint(run) not in copied, (
                f"claims.csv, {row['claim_id']}: copied from an article: {' '.join(run)!r}"
            )


def test_every_claim_figure_belongs_to_a_claim():
    figures = load_table("claim_figures")
    known = {row["claim_id"] for row in _rows()}
    assert set(figures.claim_id) <= known, set(figures.claim_id) - known
    # exactly one of value and date
    assert (figures.value.isna() != figures.date.isna()).all()


# --- bad input: each error names the file, the row and the field, and what was expected

BAD_ROWS = [
    (
        "unknown verdict",
        ',false,"The town',
        ',pants on fire,"The town',
        r"claims.csv, row 7 \(line 8\), field 'verdict': expected one of true, mostly true, "
        r"misleading, false, unverifiable, got 'pants on fire'",
    ),
    (
        "claim without a source",
        ",wikipedia_baikonur;mcdowell_gcat,claim-checks#claims-nearest-town,",
        ",,claim-checks#claims-nearest-town,",
        r"claims.csv, row 7 \(line 8\), field 'sources': value is required but empty",
    ),
    (
        "source not in the bibliography",
        ",wikipedia_baikonur;mcdowell_gcat,",
        ",wikipedia_baikonur;made_up_2099,",
        r"claims.csv, row 7 \(claim 'vlm_nearest_town'\), field 'sources': 'made_up_2099' not in "
        r"book/references.bib",
    ),
    (
        "evidence label that does not exist",
        "claim-checks#claims-nearest-town,baikonur",
        "claim-checks#claims-nowhere,baikonur",
        r"claims.csv, row 7 \(claim 'vlm_nearest_town'\), field 'evidence': "
        r"book/claim-checks\.(md|ipynb) has no label 'claims-nowhere'; expected a line "
        r"'\(claims-nowhere\)='",
    ),
    (
        "deeper chapter that does not exist",
        "how-busy#busy-leaders",
        "how-idle#busy-leaders",
        r"claims.csv, row 4 \(claim 'vlm_most_active'\), field 'deeper': chapter 'how-idle' is "
        r"not a notebook listed in _toc.yml",
    ),
    (
        "link that is not chapter#label",
        "how-busy#busy-leaders",
        "how-busy.html",
        r"claims.csv, row 4 \(line 5\), field 'deeper': expected text matching the pattern",
    ),
]


@pytest.mark.parametrize("problem, old, new, message", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_bad_claim_is_rejected_with_a_clear_message(scratch_data, problem, old, new, message):
    replace_in(scratch_data / "claims.csv", old, new)
    with pytest.raises(DataError, match=message):
        load_claims(book_dir=BOOK)


def test_a_label_removed_from_a_chapter_is_caught(tmp_path):
    # Copy the book's sources, drop one deeper section's label: loading must fail.
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "_toc.yml").write_text(
        (ROOT / "_toc.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for path in [*BOOK.glob("*.md"), *BOOK.glob("*.ipynb")]:
        (book / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (book / "references.bib").write_text(
        (BOOK / "references.bib").read_text(encoding="utf-8"), encoding="utf-8"
    )
    chapter = page_path(book, "how-busy")
    if chapter.suffix == ".md":
        replace_in(chapter, "(busy-leaders)=\n", "")
    else:
        replace_in(chapter, '"(busy-leaders)=\\n",', "")
    with pytest.raises(
        DataError,
        match=rf"field 'deeper': book/how-busy\{chapter.suffix} has no "
        r"label 'busy-leaders'",
    ):
        load_claims(book_dir=book)


def test_check_verdict_stops_on_disagreement():
    claims = load_claims()
    assert check_verdict(claims, "vlm_nearest_town", "false") is None
    with pytest.raises(
        ValueError,
        match=r"claim 'vlm_nearest_town': data/claims.csv says "
        r"'false', but the evidence computed here says 'true'",
    ):
        check_verdict(claims, "vlm_nearest_town", "true")
    with pytest.raises(ValueError, match=r"computed verdict 'maybe' is not one of"):
        check_verdict(claims, "vlm_nearest_town", "maybe")
    with pytest.raises(ValueError, match=r"unknown claim 'vlm_moon_cheese'"):
        check_verdict(claims, "vlm_moon_cheese", "false")


# --- helpers


def test_anchor_and_section_href():
    assert anchor("rt_4h36") == "claim-rt-4h36"
    assert section_href("how-busy#busy-leaders") == "how-busy.html#busy-leaders"
    assert section_href("how-busy#busy-leaders", here="how-busy") == "#busy-leaders"
    for bad in ("how-busy", "how-busy#", "How-Busy#x", None):
        with pytest.raises(ValueError, match="expected a section as chapter#label"):
            section_href(bad)
    with pytest.raises(ValueError, match="a claim id is lower-case"):
        anchor("RT 4h36")


def test_book_labels_reads_titles_and_labels():
    chapters = book_labels(BOOK)
    assert chapters["how-busy"]["title"] == "How busy is Baikonur?"
    assert "busy-leaders" in chapters["how-busy"]["labels"]
    assert "bibliography" not in chapters  # a Markdown page, not a notebook
    assert chapter_titles()["baikonur-exists"] == "Does Baikonur really exist?"


def test_verdict_badge_carries_icon_and_word_not_only_colour():
    for word, verdict in VERDICTS.items():
        badge = verdict_badge(word)
        text = re.sub(r"<[^>]+>", "", badge)
        assert verdict.icon in text and word.capitalize() in text
        assert verdict.colour in badge
    assert len({v.icon for v in VERDICTS.values()}) == len(VERDICTS)
    assert len({v.pattern for v in VERDICTS.values()}) == len(VERDICTS)
    with pytest.raises(ValueError, match="unknown verdict 'pants on fire'"):
        verdict_badge("pants on fire")


def test_claim_card_has_label_citations_and_links():
    claims = load_claims()
    card = claim_card(
        claims.loc["vlm_nearest_town"],
        cite_prefix="claims-",
        table_label="claims-table",
        chapter_titles={"baikonur-exists": "Ch. 1"},
    )
    first, body = card.split("\n", 1)
    assert first == "(claim-vlm-nearest-town)="
    assert "{cite:p}`claims-wikipedia_baikonur,claims-mcdowell_gcat`" in body
    assert "{ref}`deeper: Ch. 1 <exists-nearest-town>`" in body
    assert "{ref}`all claims <claims-table>`" in body


def test_verdict_counts_add_up_per_article():
    claims = load_claims()
    counts = verdict_counts(claims)
    assert list(counts.columns) == list(VERDICTS)
    assert counts.to_numpy().sum() == len(claims)
    by_hand = pd.DataFrame(_rows()).groupby("outlet").size()
    assert sorted(counts.sum(axis=1)) == sorted(by_hand)


def test_table_has_one_row_per_claim_with_filters_and_no_script():
    claims = load_claims()
    table = claims_table(claims, here="checking-the-headlines", chapter_titles=chapter_titles())
    page = table._repr_html_()  # as a notebook shows it: the table's look inline
    assert "<script" not in page.lower()
    assert table.data["style"] in page and ".bkc-table {" in page
    # The site draws the same markup and filter rules, and links the look once per page.
    assert table_html(table.data) in page.replace((STATIC / STYLESHEET).read_text("utf-8"), "")
    rows = re.findall(
        r'<tr id="row-(claim-[a-z0-9-]+)" data-article="([a-z0-9_]+)" '
        r'data-verdict="([a-z-]+)"',
        page,
    )
    assert [r[0] for r in rows] == list(claims.anchor)
    for value in set(claims.article_ref) | {v.replace(" ", "-") for v in claims.verdict}:
        group = "a" if value in set(claims.article_ref) else "v"
        assert f'id="bkc-{group}-{value}"' in page and f'for="bkc-{group}-{value}"' in page
        # the CSS hides the other rows when this filter is chosen
        attribute = "article" if group == "a" else "verdict"
        assert (
            f'#bkc-{group}-{value}:checked~.bkc-table tbody tr:not([data-{attribute}="{value}"])'
            in page
        )
    # a claim's text links its card on the page; its evidence is on the checks page
    assert 'href="#claim-vlm-nearest-town"' in page
    assert 'href="claim-checks.html#claims-nearest-town"' in page
    assert 'href="baikonur-exists.html#exists-nearest-town"' in page


def test_inside_boundary_against_known_places():
    border = load_geojson("kazakhstan_boundary")
    places = load_table("baikonur_places")
    for place in places.itertuples():  # every place of chapter 1 is in Kazakhstan
        assert inside_boundary(place.lat, place.lon, border), place.name
    # Moscow, Tashkent (Uzbekistan, 70 km from the border) and Urumqi (China) are not.
    for lat, lon in [(55.75, 37.62), (41.31, 69.28), (43.83, 87.62)]:
        assert not inside_boundary(lat, lon, border), (lat, lon)


def test_inside_boundary_honours_holes_and_rejects_bad_input():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    donut = {"features": [{"geometry": {"type": "Polygon", "coordinates": [square, hole]}}]}
    assert inside_boundary(2, 2, donut) and not inside_boundary(5, 5, donut)
    assert not inside_boundary(11, 5, donut)
    with pytest.raises(ValueError, match="lat must be a number of degrees within ±90, got 91"):
        inside_boundary(91, 0, donut)
    with pytest.raises(
        ValueError, match="expected a Polygon or MultiPolygon boundary, got 'Point'"
    ):
        inside_boundary(
            1, 1, {"features": [{"geometry": {"type": "Point", "coordinates": [1, 1]}}]}
        )
    with pytest.raises(ValueError, match="expected a GeoJSON FeatureCollection"):
        inside_boundary(1, 1, {})


def test_in_the_french_edition_the_claims_are_drawn_in_french(monkeypatch):
    """Verdict words, dates, the table's words and the claims themselves come from the French
    catalogs; the data keep their English words (the verdict checks compare those)."""
    monkeypatch.setenv("BAIKONUR_LANG", "fr")
    claims = load_claims()
    assert claims.verdict["vlm_luna1"] == "mostly true"
    assert verdict_word("mostly true") == "plutôt vrai"
    assert "Plutôt vrai" in re.sub(r"<[^>]+>", "", verdict_badge("mostly true"))
    with pytest.raises(ValueError, match="unknown verdict 'pants on fire'"):
        verdict_word("pants on fire")
    assert article_label(claims.loc["vlm_exists"]) == "VL Média, avril 2022"
    assert article_label(claims.loc["sp_video_call"]) == "Sputnik France, 9 octobre 2021"
    card = claim_card(
        claims.loc["vlm_nearest_town"],
        cite_prefix="claims-",
        table_label="claims-table",
        chapter_titles={"baikonur-exists": "Ch. 1"},
    )
    assert "une centaine de kilomètres" in card and "hundred" not in card, card
    assert "{ref}`pour aller plus loin\u202f: Ch. 1 <exists-nearest-town>`" in card
    assert "{cite:p}`claims-wikipedia_baikonur,claims-mcdowell_gcat`" in card
    # The page's own title comes from its catalog.
    assert chapter_titles()["checking-the-headlines"].startswith("Vérifier les titres")
    page = claims_table(claims, "checking-the-headlines", chapter_titles())._repr_html_()
    text = " ".join(re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S).split())
    left = [
        w
        for w in ("Where it is checked", "evidence", "All", "claims", "Verdict:")
        if re.search(rf"\b{w}(?!\w)", text)
    ]
    assert not left, f"English words left in the French claims table: {left}"
    assert f"{len(claims)} affirmations" in text
    # The stylesheet's "Showing 12 of" is replaced by the French words.
    assert '.bkc-count::before{content:"Affichées\u202f: " counter(bkc-shown) " sur "}' in page
