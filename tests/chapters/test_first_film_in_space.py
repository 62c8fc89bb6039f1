"""The film chapter as a reader gets it (the built HTML, read as a file), and the production facts
it glues: the short answer says how the film was made, the tables are edited, the widget code is
not printed, the one-truth quantities are stated one way, the sources disagree where they do."""

from __future__ import annotations

import html as html_lib
import re

import pandas as pd
import pytest

from baikonur.data import load_table
from baikonur.timeline import load_events
from book_site import HTML
from browser_pages import PageVisit

PAGE = "book/first-film-in-space.html"


@pytest.fixture(scope="module")
def page_html():
    return (HTML / PAGE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text(page_html):
    # Visible text, maps' srcdoc and scripts left out.
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    body = re.sub(r'srcdoc="[^"]*"', "", body)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


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


@pytest.mark.parametrize(
    "heading",
    [
        "How were the actress and the director chosen?",
        "How did they train, and for how long?",
        "Who flew, and who was on the station?",
        "What went wrong on the way up?",
        "Who did what on board?",
        "How much was filmed in orbit, and how much reached the screen?",
        "What went wrong before they came home?",
        "What was shot on the ground?",
        "When did it reach cinemas, and how did it do?",
        "What happened, minute by minute?",
        "What time was it?",
    ],
)
def test_each_part_of_the_story_has_its_section(page_html, heading):
    headings = [
        html_lib.unescape(re.sub(r"<[^>]+>", "", h)).replace("#", "").strip()
        for h in re.findall(r"<h2>(.*?)</h2>", page_html, re.S)
    ]
    assert heading in headings, f"section {heading!r} is missing; headings are {headings}"


def test_no_raw_pandas_output_on_the_page(text, page_html):
    assert "dtype:" not in text, "a raw pandas Series is printed on the page"
    assert 'class="index_name' not in page_html and '<th class="blank level0' not in page_html, (
        "a table shows its index name or an empty index header"
    )


def test_widget_code_is_not_printed_but_its_static_table_is(text, page_html):
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


def test_one_truth_quantities(text):
    events = load_events().utc
    delay = events["ms19_docking"] - events["ms19_planned_docking"]
    minutes, seconds = divmod(int(delay.total_seconds()), 60)
    assert f"{minutes} min {seconds} s" in text, "the docking delay is not given as computed"
    assert not re.search(r"\b11 min(?!ute)", text), "the docking delay is rounded to '11 min'"
    assert "Houston" not in text, "NASA's US Eastern clock is called Houston (Houston is Central)"
    assert "US Eastern (NASA)" in text
    assert "06:35 in Paris" in text, "the Paris touchdown time (06:35) is not stated"
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


def test_timeline_buttons_switch_scale_without_a_kernel(chapter):
    events = load_events().utc
    # The chapter's second figure (the race to film in space comes first, in the story).
    figure = chapter.page.locator("div.bk-plotly").nth(1)
    figure.scroll_into_view_if_needed()
    figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    assert figure.evaluate("el => el.layout.updatemenus.length") == 1, (
        "the second figure is not the timeline with its scale buttons"
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


def test_prose_carries_the_computed_durations():
    from baikonur.timeline import duration, format_duration

    events = load_events().utc
    text = re.sub(r"<[^>]+>", "", (HTML / PAGE).read_text(encoding="utf-8"))
    for first, last in [
        ("ms19_launch", "ms18_landing"),
        ("ms19_docking", "ms18_undocking"),
        ("ms19_launch", "ms19_docking"),
    ]:
        assert format_duration(duration(events[first], events[last])) in text, (first, last)
    assert "{glue" not in text, "a glue role was not resolved"
    assert "approximate" in text.lower()
