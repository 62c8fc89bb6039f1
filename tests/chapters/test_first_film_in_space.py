"""The film chapter as a reader gets it (the built HTML, read as a file), its evidence page, and
the production facts they glue: the chapter tells the story in time order with no table that
repeats its prose, the evidence page shows the computed events, durations and clocks, the short
answer says how the film was made, the widget code is not printed, the one-truth quantities are
stated one way, the sources disagree where they do."""

from __future__ import annotations

import base64
import html as html_lib
import json
import re
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import pytest

from baikonur.data import load_table
from baikonur.geo import great_circle_km
from baikonur.i18n import format_time
from baikonur.orbits import element_set_at, ground_track, load_element_sets, plane_angle_deg
from baikonur.timeline import load_events
from book_site import HTML
from browser_pages import PageVisit

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

PAGE = "book/first-film-in-space.html"
EVIDENCE = "book/film-evidence.html"


def _visible_text(page_html):
    # Visible text, maps' srcdoc and scripts left out.
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    body = re.sub(r'srcdoc="[^"]*"', "", body)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture(scope="module")
def page_html():
    return (HTML / PAGE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text(page_html):
    return _visible_text(page_html)


@pytest.fixture(scope="module")
def evidence_html():
    return (HTML / EVIDENCE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def evidence_text(evidence_html):
    return _visible_text(evidence_html)


def _headings(page_html):
    return [
        html_lib.unescape(re.sub(r"<[^>]+>", "", h)).replace("#", "").strip()
        for h in re.findall(r"<h2>(.*?)</h2>", page_html, re.S)
    ]


@pytest.fixture(scope="module")
def short_answer(page_html):
    first = re.search(r"<p><strong>Short answer:</strong>(.*?)</p>", page_html, re.S)
    assert first, "the chapter no longer opens with a 'Short answer:' paragraph"
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", first.group(1))))


def test_short_answer_says_how_the_film_was_made(short_answer):
    facts = load_table("film_production")
    for words in ["trained", "director", "actress", "cosmonauts", "on the ground", "cinemas"]:
        assert words in short_answer, f"the short answer no longer says {words!r}: {short_answer}"
    assert f"{int(facts.number['applicants']):,}" in short_answer, "applicant count not glued"
    assert f"{int(facts.number['footage_hours'])} hours" in short_answer, "footage not glued"
    assert "French press: Ioulia Peressild" in short_answer and "Le Défi" in short_answer


# The story in the order it happened, then the way to its evidence.
STORY = [
    "The casting call",
    "Four months of training, and a quarrel at the top",
    "Who flew, and who was on the station?",
    "Launch, and a docking by hand",
    "Filming aboard: who did what",
    "The thruster test",
    "Landing, and the last scene in the steppe",
    "How long were they away?",
    "What time was it?",
    "What was shot on the ground",
    "Release, box office, and the bill",
    "Who got there first: the Russian film or Tom Cruise?",
    "How we know",
]
EVIDENCE_SECTIONS = [
    "The events, minute by minute",
    "The durations, computed",
    "The events on a chart",
    "The clocks the sources used",
    "The people aboard, and their ages",
]


def test_the_story_is_told_in_time_order(page_html):
    headings = _headings(page_html)
    story = [h for h in headings if h in STORY]
    assert story == STORY, f"the chapter's sections are not the story in order: {headings}"


def test_the_evidence_page_holds_the_computed_evidence(evidence_html):
    headings = _headings(evidence_html)
    missing = [h for h in EVIDENCE_SECTIONS if h not in headings]
    assert not missing, f"the evidence page lacks {missing}; its headings are {headings}"
    # Computed tables, not prose: the event table, the durations, the printed times.
    tables = re.findall(r"<table\b.*?</table>", evidence_html, re.S)
    assert len(tables) >= 8, f"the evidence page shows {len(tables)} tables"


@pytest.mark.parametrize(
    "page, other", [(PAGE, "film-evidence.html"), (EVIDENCE, "first-film-in-space.html")]
)
@pytest.mark.parametrize("edition", ["", "fr/"])
def test_the_chapter_and_its_evidence_link_both_ways(page, other, edition):
    article = (HTML / (edition + page)).read_text(encoding="utf-8")
    assert f'href="{other}' in article.split('class="bd-article"', 1)[1], (
        f"{edition}{page} does not link {other}"
    )


def test_no_table_repeats_the_prose(page_html):
    # The chapter keeps its figures and maps; its tables moved to the evidence page.
    assert "<table" not in page_html.split('id="check-yourself"', 1)[0], (
        "a table is back in the chapter's story"
    )
    for header in ("Figure or date", "What they did", "Came up on"):
        assert f">{header}<" not in page_html, f"the {header!r} table is back in the story"


def test_no_code_before_the_first_section(page_html):
    # A phone's first screen: the title, the short answer and prose, never a code cell.
    article = page_html.split('class="bd-article"', 1)[1]
    before = article.split("<h2>", 1)[0]
    assert "cell_input" not in before and "highlight-ipython3" not in before, (
        "a code cell comes before the story's first section"
    )


def test_the_story_tells_the_controversy_and_the_crew_s_words(text):
    facts = load_table("film_production")
    for fact_id in ("krikalev_removed", "krikalev_reinstated"):
        day = facts.date[fact_id]
        assert f"{day.day} {day:%B %Y}" in text, f"{fact_id} is not told"
    assert "Krikalev" in text and "Ernst" in text
    seats = re.search(r"Who paid for the two seats\?[^.]*\.[^.]*\.", text)
    assert seats and "Wikipedia" in seats.group(0) and "no price" in seats.group(0), (
        "who paid for the seats is not told with its caveat"
    )
    assert "ponytail" in text, "the note on Peresild's hair is gone"
    assert "a huge challenge" in text, "the crew's own words after the landing are gone"
    assert "Novitsky plays the cosmonaut" in text, "what the scenes show is gone"


def test_the_launch_lead_is_the_steppe_chapter_s(text):
    # The same helper on both pages: MS-19 lifted off some seconds before the pad crossed the
    # station's plane; the steppe chapter's evidence page states the gap as "N seconds before".
    steppe = _visible_text((HTML / "book/liftoff-evidence.html").read_text(encoding="utf-8"))
    there = re.search(r"lifted off (\d+) seconds before the", steppe)
    here = re.search(r"Soyuz MS-19 lifted off (\d+) seconds before it", text)
    assert there and here, "the lead of the launch on the plane crossing is not stated"
    assert here.group(1) == there.group(1), (here.group(1), there.group(1))
    assert "arrives in the plane" in text, "the reason for the early launch is not given"


def test_the_race_chart_names_its_sources_in_words(page_html):
    race = [f for f in _figures(page_html) if "Cruise" in json.dumps(f.get("layout", {}))]
    assert race, "the race chart is gone"
    for trace in race[0]["data"]:
        for row in trace.get("customdata", []):
            assert not re.search(r"\b[a-z]+_\d{4}\w*", row[-1]), f"a raw BibTeX key: {row}"
            assert row[-1] not in ("challenge", "cruise")


@pytest.mark.parametrize("page", [PAGE, EVIDENCE])
def test_no_raw_pandas_output_on_the_page(page):
    page_html = (HTML / page).read_text(encoding="utf-8")
    assert "dtype:" not in _visible_text(page_html), "a raw pandas Series is printed on the page"
    assert 'class="index_name' not in page_html and '<th class="blank level0' not in page_html, (
        "a table shows its index name or an empty index header"
    )
    for table in re.findall(r"<table\b.*?</table>", page_html, re.S):
        headers = re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
        assert all(h.strip() for h in headers), f"{page}: a table has an empty header"


def test_widget_code_is_not_printed_but_its_static_table_is(evidence_text, evidence_html):
    text, page_html = evidence_text, evidence_html
    for code in ["widgets.Dropdown", "widgets.Combobox", "zone_box", "VBox"]:
        assert code not in text, f"the learner-only widget code ({code}) is on the static page"
    # The static rendering is a table header in a cell's output, not just code that builds it.
    headers = re.findall(r"<th[^>]*>\s*([^<]*\(date, time\))\s*</th>", page_html)
    assert len(headers) == 6, f"the static table of every clock is gone (headers: {headers})"
    assert "make lab" in text and "bk-go-live" in page_html, (
        "the page no longer says how to run the converter live ({go-live})"
    )


@pytest.mark.parametrize("term", ["Kurs", "Site 31", "Soyuz MS", "UTC", "MSK"])
def test_glossary_terms_are_linked(page_html, term):
    anchor = "term-" + term.replace(" ", "-")
    assert f'glossary.html#{anchor}"' in page_html, f"{term!r} is not linked to the glossary"


def test_one_truth_quantities(text, evidence_text):
    events = load_events().utc
    delay = events["ms19_docking"] - events["ms19_planned_docking"]
    minutes, seconds = divmod(int(delay.total_seconds()), 60)
    assert f"{minutes} min {seconds} s" in text, "the docking delay is not given as computed"
    for words in (text, evidence_text):
        assert not re.search(r"\b11 min(?!ute)", words), "the docking delay is rounded to '11 min'"
        assert "Houston" not in words, "NASA's US Eastern clock is called Houston (it is Central)"
    assert "US Eastern (NASA)" in evidence_text
    assert "06:35 in Paris" in text, "the Paris touchdown time (06:35) is not stated"
    text = text + " " + evidence_text
    # 06:36 appears only as AFP's 4h36 read as GMT.
    for found in re.finditer(r"06:36", text):
        around = text[max(0, found.start() - 160) : found.end() + 40]
        assert "AFP" in around or "4h36" in around, f"06:36 outside AFP's context: {around!r}"
    # The landing time to the second is Roscosmos's prediction, and said to be one.
    for found in re.finditer(r"04:35:42", text):
        around = text[max(0, found.start() - 200) : found.end() + 60].lower()
        assert "predict" in around, f"04:35:42 is not presented as a prediction: {around!r}"


def test_where_sources_disagree_the_page_says_so(text):
    facts = load_table("film_production")
    assert f"{int(facts.number['applicants_other']):,}" in text, "the other applicant count"
    for budget in ["budget_infobox", "budget_lead", "budget_dixinews"]:
        assert f"{int(facts.number[budget]):,}" in text, f"budget figure {budget} missing"
    assert "China Daily" in text and "Wikipedia" in text, "the make-up disagreement is gone"


def test_non_professionals_box(page_html):
    box = re.search(r'<div class="note admonition">(.*?)</div>', page_html, re.S)
    assert box, "the box on 2021's non-professional flyers is gone"
    words = html_lib.unescape(re.sub(r"<[^>]+>", "", box.group(1)))
    for name in ["Tito", "Maezawa", "Shatner", "Inspiration4"]:
        assert name in words, f"the box no longer mentions {name}"
    assert "13 October 2021" in words and "8 December 2021" in words


# --- the production facts behind the prose


def test_each_production_fact_is_a_number_with_a_unit_or_a_date():
    facts = load_table("film_production")
    for fact_id, fact in facts.iterrows():
        has_number, has_date = pd.notna(fact.number), pd.notna(fact.date)
        assert has_number != has_date, f"film_production.csv, {fact_id}: give a number or a date"
        if has_number:
            assert isinstance(fact.unit, str) and fact.unit, f"{fact_id}: the number has no unit"


def test_production_dates_agree_with_the_timeline():
    facts, events = load_table("film_production"), load_events().utc
    launch = events["ms19_launch"].tz_localize(None)
    assert facts.date["training_starts"] < facts.date["exams_passed"] < launch
    assert launch < facts.date["shatner_flight"] < events["ms18_landing"].tz_localize(None)
    race = load_table("film_race_timeline")
    assert race.start["training"] == f"{facts.date['training_starts']:%Y-%m-%d}"
    assert race.start["ground_ends"] == f"{facts.date['ground_filming_ends']:%Y-%m-%d}"


# --- In the browser (was test_browser_film.py): The film chapter in Chromium, with no kernel:
# the timeline's scale buttons change the x-axis
PAGE = "book/first-film-in-space.html"
X_RANGE = "el => el.layout.xaxis.range.map(String)"


def _as_utc(values):
    return [pd.Timestamp(v).tz_localize("UTC") for v in values]


@pytest.fixture
def chapter(browser, site):
    visit = PageVisit(browser, site, PAGE, 390)
    yield visit
    visit.close()


@pytest.fixture
def evidence_page(browser, site):
    visit = PageVisit(browser, site, EVIDENCE, 390)
    yield visit
    visit.close()


def test_timeline_buttons_switch_scale_without_a_kernel(evidence_page):
    chapter = evidence_page
    events = load_events().utc
    # The timeline is the evidence page's figure with scale buttons (updatemenus).
    built = _figures((HTML / EVIDENCE).read_text(encoding="utf-8"))
    with_buttons = [i for i, f in enumerate(built) if f.get("layout", {}).get("updatemenus")]
    assert len(with_buttons) == 1, f"expected one figure with scale buttons, found {with_buttons}"
    figure = chapter.page.locator("div.bk-plotly").nth(with_buttons[0])
    figure.scroll_into_view_if_needed()
    figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    assert figure.evaluate("el => el.layout.updatemenus.length") == 1, (
        "the figure drawn is not the timeline with its scale buttons"
    )
    start, end = _as_utc(figure.evaluate(X_RANGE))
    # Opens on the visit: from before the MS-19 launch to after the MS-18 landing.
    assert start < events["ms19_launch"] and end > events["ms18_landing"]
    assert end - start < pd.Timedelta(days=14)

    before = figure.evaluate(X_RANGE)[0]
    figure.locator(".updatemenu-button", has_text="Liftoff to docking").click()
    chapter.page.wait_for_function(
        "([el, before]) => String(el.layout.xaxis.range[0]) !== before",
        arg=[figure.element_handle(), before],
        timeout=10_000,
    )
    start, end = _as_utc(figure.evaluate(X_RANGE))
    assert start < events["ms19_launch"] and end > events["ms19_docking"]
    assert end - start < pd.Timedelta(hours=5), "the short scale should show hours, not days"
    # The axis really is redrawn: its tick labels are now clock times.
    chapter.page.wait_for_function(
        "el => [...el.querySelectorAll('.xtick text')]"
        ".some(t => /^\\d{1,2}:\\d{2}/.test(t.textContent))",
        arg=figure.element_handle(),
        timeout=10_000,
    )

    figure.locator(".updatemenu-button", has_text="The year").click()
    chapter.page.wait_for_function(
        "el => new Date(el.layout.xaxis.range[1]) - new Date(el.layout.xaxis.range[0])"
        " > 300 * 864e5",
        arg=figure.element_handle(),
        timeout=10_000,
    )
    start, end = _as_utc(figure.evaluate(X_RANGE))
    assert start < events["ms18_launch"] and end > events["ms19_landing"]
    assert chapter.errors == []


def test_maps_draw_the_landing_as_an_approximate_area(chapter):
    frames = chapter.page.locator("iframe.bk-map")
    assert frames.count() == 2, "the journey map and the close-up of the landing area"
    for index in range(frames.count()):
        frames.nth(index).scroll_into_view_if_needed()
        frame = frames.nth(index).content_frame
        frame.locator(".leaflet-container").wait_for(timeout=20_000)
        frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=20_000)
        # The landing area is the one filled, dashed polygon.
        dashed = frame.locator("path.leaflet-interactive[stroke-dasharray='6 4']")
        assert dashed.count() == 1 and dashed.first.get_attribute("fill") not in (None, "none")
        box = dashed.first.bounding_box()
        assert box and box["width"] > 20 and box["height"] > 10, f"map {index}: no landing area"
        labels = " ".join(frame.locator(".bk-label").all_inner_texts())
        assert "approx" in labels.lower(), (
            f"map {index}: the landing point is not called approximate"
        )
    # In the close-up the band is visibly an area, not a line.
    assert box["width"] > 100 and box["height"] > 100, box


@pytest.mark.parametrize("page", [PAGE, EVIDENCE])
def test_prose_carries_the_computed_durations(page):
    from baikonur.timeline import duration, format_duration

    events = load_events().utc
    text = re.sub(r"<[^>]+>", "", (HTML / page).read_text(encoding="utf-8"))
    for first, last in [
        ("ms19_launch", "ms18_landing"),
        ("ms19_docking", "ms18_undocking"),
        ("ms19_launch", "ms19_docking"),
    ]:
        assert format_duration(duration(events[first], events[last])) in text, (first, last)
    assert "{glue" not in text, "a glue role was not resolved"
    if page == PAGE:
        assert "approximate" in text.lower()


# --- The ISS's ground track from liftoff to docking (a Plotly geo figure whose map
# data the site serves itself)

FR_PAGE = "fr/" + PAGE
# Computed for the research notes (facts B16), independently of the chapter: at docking the ISS
# was over southern China at about 25.0 N, 115.6 E; it passed about 26 km from Site 31, 36 s
# after liftoff, and the pad lay 0.27 degrees from its orbital plane.
DOCKING_POINT = (25.0, 115.6)
PASS_KM, PASS_AFTER_S, PLANE_DEG = 26, 36, 0.27


def _values(array):
    """Plotly writes numeric arrays as base64 typed arrays ({"dtype", "bdata"}) or lists."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def _figures(page_html):
    return [
        json.loads(payload.replace("<\\/", "</"))
        for payload in re.findall(
            r'<script type="application/json" class="bk-plotly-json">(.*?)</script>',
            page_html,
            re.S,
        )
    ]


def _geo_figure(page_path):
    page_html = (HTML / page_path).read_text(encoding="utf-8")
    geo = [
        f
        for f in _figures(page_html)
        if any(t.get("type") == "scattergeo" for t in f.get("data", []))
    ]
    assert len(geo) == 1, f"{page_path}: expected one geo figure (the ISS track), found {len(geo)}"
    return geo[0]


def _track(figure):
    lines = [t for t in figure["data"] if "lines" in t.get("mode", "")]
    assert len(lines) == 1, f"expected one line (the ISS track), found {len(lines)}"
    track = lines[0]
    return track, np.array(_values(track["lat"])), np.array(_values(track["lon"]))


def test_the_iss_track_runs_from_liftoff_over_site_31_to_the_docking_point():
    figure = _geo_figure(PAGE)
    assert figure["layout"]["geo"].get("resolution") == 110, "world_110m, the smallest map data"
    track, lats, lons = _track(figure)
    events = load_events().utc
    times = track["customdata"]
    assert times[0] == f"{events['ms19_launch']:%H:%M:%S}", f"track starts at {times[0]}"
    assert times[-1] == f"{events['ms19_docking']:%H:%M:%S}", f"track ends at {times[-1]}"
    # The ISS flew over the pad just after liftoff: along the track's first minute (points
    # joined by straight lines here, fine over 200 km), its nearest point to Site 31.
    pad = load_table("baikonur_places").loc["site_31"]
    start = pd.Timestamp(f"2021-10-05 {times[0]}")
    seconds_at = [(pd.Timestamp(f"2021-10-05 {t}") - start).total_seconds() for t in times[:3]]
    near = []
    for i in range(2):
        for f in np.linspace(0, 1, 301):
            lat = lats[i] + f * (lats[i + 1] - lats[i])
            lon = lons[i] + f * (lons[i + 1] - lons[i])
            when = seconds_at[i] + f * (seconds_at[i + 1] - seconds_at[i])
            near.append((great_circle_km(pad.lat, pad.lon, lat, lon), when))
    km, seconds = min(near)
    assert abs(km - PASS_KM) < 5, f"the track passes {km:.0f} km from Site 31, not about {PASS_KM}"
    assert abs(seconds - PASS_AFTER_S) < 6, f"nearest to the pad {seconds:.0f} s after liftoff"
    assert great_circle_km(pad.lat, pad.lon, lats[0], lons[0]) < 300, "the track starts far away"
    # The docking end: where the research notes put the ISS at 12:22:31.
    end_km = great_circle_km(*DOCKING_POINT, lats[-1], lons[-1])
    assert end_km < 15, f"the track ends {end_km:.0f} km from {DOCKING_POINT} (facts B16)"
    # Two orbits and a bit: the track crosses the antimeridian (it goes round the Earth).
    assert np.any(np.abs(np.diff(lons)) > 180), "the track does not go round the Earth"


def test_the_map_marks_site_31_the_docking_point_and_the_direction():
    figure = _geo_figure(PAGE)
    track, lats, lons = _track(figure)
    pad = load_table("baikonur_places").loc["site_31"]
    named = {t.get("name"): t for t in figure["data"] if t.get("name")}
    site = named.get("Site 31, Baikonur: liftoff")
    docking = named.get("ISS at docking")
    assert site and docking, f"Site 31 or the docking point is not in the legend: {list(named)}"
    assert (_values(site["lat"])[0], _values(site["lon"])[0]) == (pad.lat, pad.lon)
    assert (_values(docking["lat"])[0], _values(docking["lon"])[0]) == (lats[-1], lons[-1])
    # Direction: arrows that turn with the track, at a few points along it.
    marker = track["marker"]
    arrows = [size for size in _values(marker["size"]) if size > 0]
    assert marker.get("angleref") == "previous" and "triangle" in marker.get("symbol", "")
    assert 10 <= len(arrows) <= 16, f"{len(arrows)} arrows: expected one every 15 minutes"
    # Every trace's colour is from the house palette (Okabe-Ito).
    from baikonur.style import COLOURS

    for trace in figure["data"]:
        colour = trace.get("marker", {}).get("color") or trace.get("line", {}).get("color")
        assert colour in COLOURS.values(), f"{trace.get('name')}: colour {colour} not in palette"


def test_the_prose_states_what_the_element_set_gives(text):
    # Computed here with the helpers, not read from the chapter.
    events = load_events().utc
    liftoff = events["ms19_launch"]
    pad = load_table("baikonur_places").loc["site_31"]
    iss = element_set_at(load_element_sets("iss_tle_2021_10"), liftoff)
    plane = plane_angle_deg(iss, liftoff, pad.lat, pad.lon)
    end = ground_track(iss, [events["ms19_docking"]]).iloc[0]
    assert round(plane, 2) == PLANE_DEG
    sentence = (
        f"Site 31 lay {plane:.2f}° from the station's orbital plane, and the ISS passed "
        f"{PASS_KM} km from the pad {PASS_AFTER_S} seconds later"
    )
    # As a reader sees it: the glued number and its degree sign side by side, straight quotes.
    text = re.sub(r"\s+°", "°", text).replace("’", "'")
    assert sentence in text, "the sentence on the pass over the pad is gone or changed"
    assert f"near {end.lat:.1f}° N, {end.lon:.1f}° E" in text, "the docking point is not stated"
    summary = re.search(r"The station's track crosses Site 31[^.]*\.", text)
    assert summary and "twice round the Earth" in summary.group(0), (
        "the text summary after the map is gone"
    )


@pytest.mark.parametrize("page_path", [PAGE, FR_PAGE])
def test_the_map_data_comes_from_the_site(page_path):
    page_html = (HTML / page_path).read_text(encoding="utf-8")
    assert "cdn.plot.ly" not in page_html, f"{page_path} names plotly's CDN"
    found = re.search(r'data-topojson="([^"]+)"', page_html)
    assert found, f"{page_path}: the figure loader is not told where the site's topojson is"
    folder = (HTML / page_path).parent / html_lib.unescape(found.group(1))
    assert (folder / "world_110m.json").is_file(), f"{folder}/world_110m.json is not in the site"
    bundle = re.search(r'data-plotly="([^"]+)"', page_html).group(1)
    assert "geo" in bundle, f"{page_path}: plotly bundle {bundle} cannot draw a geo figure"


def test_the_french_map_speaks_french():
    figure = _geo_figure(FR_PAGE)
    title = figure["layout"]["title"]["text"]
    assert "Soyouz MS-19 a décollé" in title and "Baïkonour" in title, title
    names = {t.get("name") for t in figure["data"] if t.get("name")}
    assert names == {
        "Trace au sol de l’ISS",
        "Site 31, Baïkonour\u202f: décollage",  # a narrow no-break space before the colon
        "L’ISS à l’amarrage",
    }
    track, _, _ = _track(figure)
    assert track["hovertemplate"].startswith("L’ISS à"), track["hovertemplate"]
    liftoff = load_events().utc["ms19_launch"]
    assert track["customdata"][0] == format_time(liftoff, seconds=True, lang="fr")
    note = " ".join(a["text"] for a in figure["layout"].get("annotations", []))
    assert "Données" in note and "Data:" not in note, note
    page_text = re.sub(r"<[^>]+>", " ", (HTML / FR_PAGE).read_text(encoding="utf-8"))
    assert "La trace de la station passe sur le site 31" in html_lib.unescape(page_text)


def test_the_map_draws_in_the_browser_from_the_local_site_only(chapter):
    geo = chapter.page.locator("div.bk-plotly").nth(0)
    geo.evaluate("el => el.scrollIntoView()")
    geo.locator(".layer.land path").wait_for(state="attached", timeout=30_000)
    chapter.settle()
    drawn = geo.evaluate(
        "el => [el._fullLayout.geo.projection.type, el.querySelectorAll('path.js-line').length,"
        " ['land', 'countries', 'coastlines'].map(layer =>"
        " (el.querySelector(`.layer.${layer} path`)?.getAttribute('d') || '').length)]"
    )
    assert drawn[0] == "natural earth" and drawn[1] >= 1, f"not the ISS track map: {drawn}"
    # The outlines come from the topojson: thousands of path commands, not an empty path.
    assert min(drawn[2]) > 1000, f"land, countries or coastlines not drawn: {drawn}"
    # Everything came from the site: the topojson too, not cdn.plot.ly.
    loaded = chapter.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    topojson = [u for u in loaded if u.endswith("world_110m.json")]
    assert topojson and all(
        urlparse(u).netloc == urlparse(chapter.page.url).netloc for u in topojson
    ), topojson
    assert chapter.outside == [], f"requests to other hosts: {chapter.outside}"
    assert chapter.failed == [] and chapter.errors == [], (chapter.failed, chapter.errors)
