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


@pytest.mark.parametrize("heading", [
    "How were the actress and the director chosen?", "How did they train, and for how long?",
    "Who flew, and who was on the station?", "What went wrong on the way up?",
    "Who did what on board?", "How much was filmed in orbit, and how much reached the screen?",
    "What went wrong before they came home?", "What was shot on the ground?",
    "When did it reach cinemas, and how did it do?", "What happened, minute by minute?",
    "What time was it?"])
def test_each_part_of_the_story_has_its_section(page_html, heading):
    headings = [html_lib.unescape(re.sub(r"<[^>]+>", "", h)).replace("#", "").strip()
                for h in re.findall(r"<h2>(.*?)</h2>", page_html, re.S)]
    assert heading in headings, f"section {heading!r} is missing; headings are {headings}"


def test_no_raw_pandas_output_on_the_page(text, page_html):
    assert "dtype:" not in text, "a raw pandas Series is printed on the page"
    assert 'class="index_name' not in page_html and "<th class=\"blank level0" not in page_html, \
        "a table shows its index name or an empty index header"


def test_widget_code_is_not_printed_but_its_static_table_is(text, page_html):
    for code in ["widgets.Dropdown", "widgets.Combobox", "zone_box", "VBox"]:
        assert code not in text, f"the learner-only widget code ({code}) is on the static page"
    # The static rendering is a table header in a cell's output, not just code that builds it.
    headers = re.findall(r"<th[^>]*>\s*([^<]*\(date, time\))\s*</th>", page_html)
    assert len(headers) == 6, f"the static table of every clock is gone (headers: {headers})"
    assert "Binder" in text, "the page no longer says how to run the converter live"


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
        around = text[max(0, found.start() - 160):found.end() + 40]
        assert "AFP" in around or "4h36" in around, f"06:36 outside AFP's context: {around!r}"
    # The landing time to the second is Roscosmos's prediction, and said to be one.
    for found in re.finditer(r"04:35:42", text):
        around = text[max(0, found.start() - 200):found.end() + 60].lower()
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
