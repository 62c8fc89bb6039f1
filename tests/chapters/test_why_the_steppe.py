"""The 1955 story of "Why launch from the steppe?" and the desert/homes claim of "Checking the
headlines": the data they are drawn from, and the built pages (cause before consequence, the
claim's verdict with its evidence, no widget code, no raw pandas output)."""

from __future__ import annotations

import re

import pytest

from baikonur.claims import load_claims
from baikonur.data import load_table
from baikonur.geo import great_circle_km
from book_site import HTML
from conftest import ROOT

BIB = set(
    re.findall(
        r"^@\w+\{([^,\s]+),", (ROOT / "book" / "references.bib").read_text(encoding="utf-8"), re.M
    )
)


@pytest.mark.parametrize("name", ["r7_range_1955", "site_choice_1955", "name_spellings"])
def test_sources_are_bibliography_keys(name):
    table = load_table(name)
    column = "sources" if "sources" in table else "source"
    for key, sources in table[column].items():
        unknown = set(sources.split(";")) - BIB
        assert not unknown, f"{name}, row {key!r}: {sorted(unknown)} not in book/references.bib"


def test_approximate_places_are_areas_and_say_so():
    places = load_table("r7_range_1955")
    areas = places[places.kind == "area"]
    assert len(areas) >= 3 and (areas.radius_km > 0).all()
    assert areas.label.str.contains("approximate").all(), list(areas.label)
    assert places[places.kind != "area"].radius_km.isna().all()


def test_each_line_is_one_continuous_course():
    places = load_table("r7_range_1955")
    for feature, line in places[places.kind == "line"].groupby("feature_id"):
        line = line.sort_values("vertex")
        assert list(line.vertex) == list(range(len(line))), feature
        steps = [
            great_circle_km(a.lat, a.lon, b.lat, b.lon)
            for a, b in zip(line.iloc[:-1].itertuples(), line.iloc[1:].itertuples())
        ]
        assert max(steps) < 60, f"{feature}: a jump of {max(steps):.0f} km between vertices"


def test_the_range_head_is_gagarins_start():
    pad = load_table("r7_range_1955").set_index("feature_id").loc["range_head"]
    site_1 = load_table("baikonur_places").loc["site_1"]
    assert great_circle_km(pad.lat, pad.lon, site_1.lat, site_1.lon) < 0.5, (
        "r7_range_1955.csv: the range head must be GCAT's Site 1, as in baikonur_places.csv"
    )


def test_the_documented_reasons_and_the_one_that_is_not():
    reasons = load_table("site_choice_1955")
    assert list(reasons.index[reasons.status == "main"]) == ["radio_guidance"]
    assert reasons.status["empty_land"] == "documented"
    assert reasons.status["southern_latitude"] == "not found"


def test_the_desert_claim_has_a_verdict_and_its_evidence_section():
    claim = load_claims().loc["vlm_site_choice"]
    assert claim.verdict == "mostly true"
    assert claim.evidence == "claim-checks#claims-site-choice"
    assert claim.deeper == "why-the-steppe#steppe-1955"


def _text(page):
    """A page of the built book; one that is missing fails (a skip would hide a lost page)."""
    path = HTML / "book" / page
    assert path.is_file(), f"{path} is missing from the built book: was it renamed or dropped?"
    return path.read_text(encoding="utf-8")


@pytest.mark.usefixtures("built_book")
def test_the_steppe_page_opens_with_1955_before_the_orbits():
    text = re.sub(r"<[^>]+>", " ", _text("why-the-steppe.html"))
    first = text.index("Short answer")
    assert "1955" in text[first : first + 200], "the short answer must start with 1955"
    assert text.index("Why did the Soviet Union choose Tyuratam in 1955?") < text.index(
        "Which orbits can a launch reach?"
    )
    assert text.index("12 February 1955") < text.index("Due east from Site 31")


@pytest.mark.usefixtures("built_book")
def test_the_steppe_page_draws_the_1955_range_from_the_data():
    html = _text("why-the-steppe.html")
    import html as html_lib

    # Each map is a file of the site, loaded by its frame near the screen (data-src).
    maps = " ".join(
        (HTML / "book" / html_lib.unescape(src)).resolve().read_text(encoding="utf-8")
        for src in re.findall(r'<iframe[^>]*\bdata-src="([^"]+)"', html)
    )
    assert maps, "the page has no map frames"
    for label in load_table("r7_range_1955").label.unique():
        assert html_lib.escape(label) in maps or label in maps, f"map label missing: {label}"


@pytest.mark.usefixtures("built_book")
def test_no_widget_code_on_the_steppe_page():
    html = _text("why-the-steppe.html")
    for code in ("widgets.FloatText", "widgets.IntSlider", "def describe_launch", ".observe("):
        assert code not in html, f"learner-only widget code on the page: {code}"
    assert "Azimuth 90°" in html, "the static rendering of the launch controls is missing"


@pytest.mark.usefixtures("built_book")
def test_the_headlines_page_settles_the_desert_claim():
    # The verdict's card is on the chapter, the check that computes it on the claims' checks page.
    chapter = _text("checking-the-headlines.html")
    start = chapter.index('id="claim-vlm-site-choice"')
    assert "Mostly true" in re.sub(r"<[^>]+>", " ", chapter[start : start + 3000])
    html = _text("claim-checks.html")
    start = html.index('id="claims-site-choice"')
    section = re.sub(r"<[^>]+>", " ", html[start : start + 20000])
    assert "Radio guidance" in section and "Empty land under the flight path" in section
    assert "Name:" not in html and "dtype:" not in html
