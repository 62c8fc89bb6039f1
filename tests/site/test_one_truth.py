"""One truth per fact: the built book never states a shared quantity two ways.

Each rule below finds every statement of one quantity on every built page (prose, tables, what
cells printed) and compares it with the value :mod:`baikonur.quantities` computes. A chapter that
types a number, or computes it its own way, fails here with the page and the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pytest
import pandas as pd
from book_site import pages
from reader_text import Block, blocks

from baikonur import quantities as q
from baikonur.timeline import format_duration

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")


@dataclass(frozen=True)
class Rule:
    name: str
    expected: Callable[[], str]
    pattern: re.Pattern  # group 1 (or the first group that matched) is the stated value
    context: re.Pattern | None = None  # only blocks that match this are read
    # A block may quote another published value only if it also states the book's value and
    # names that other source, e.g. AFP's rounded "4h36" beside the touchdown.
    quoted_if: re.Pattern | None = None

    def statements(self, block: Block) -> list[str]:
        if self.context and not self.context.search(block.text):
            return []
        return [next(g for g in m.groups() if g) for m in self.pattern.finditer(block.text)]


def _delay_words(text: str) -> str:
    return " ".join(text.split())


RULES = [
    Rule(
        "the landing time in Paris",
        expected=lambda: q.landing_clock("Europe/Paris"),
        pattern=re.compile(
            r"\b(\d{2}:\d{2})(?::\d{2})?(?: [a-z]+){0,3} in Paris\b"
            r"|\bParis(?: time)?(?: \(CEST\))?[:,]? (\d{2}:\d{2})\b"
        ),
        context=re.compile(r"land", re.I),
        quoted_if=re.compile(r"AFP|4h36"),
    ),
    Rule(
        "the landing time at the landing site",
        expected=lambda: q.landing_clock("Asia/Almaty"),
        pattern=re.compile(
            r"\b(\d{2}:\d{2})(?::\d{2})? (?:local time )?at the landing site\b"
            r"|\bLanding site[:,]? (\d{2}:\d{2})\b"
        ),
        quoted_if=re.compile(r"AFP|4h36"),
    ),
    Rule(
        "the docking delay",
        expected=q.docking_delay_text,
        pattern=re.compile(
            r"((?:about |some |nearly |almost )?(?:\d+|ten|eleven|twelve) ?min(?:utes?)?"
            r"(?: \d+ ?s(?:econds?)?)?) (?:late|behind|after the plan|later than planned)",
            re.I,
        ),
        context=re.compile(r"dock", re.I),
    ),
    Rule(
        "the time from undocking to landing",
        expected=lambda: format_duration(q.return_duration()),
        pattern=re.compile(
            r"\bundocking to (?:the )?landing\b[^.]{0,40}?\b(\d+ h \d+ min)\b"
            r"|\b(\d+ h \d+ min) from undocking to (?:the )?landing\b",
            re.I,
        ),
    ),
    Rule(
        "the launch's lead on the plane crossing",
        expected=lambda: str(q.launch_plane_lead_s()),
        pattern=re.compile(
            r"\blifted off (\d+) (?:seconds|s) before\b|\ba décollé (\d+) secondes avant\b"
        ),
    ),
    Rule(
        "the end of the launch log",
        expected=lambda: q.format_date(q.launch_log_end()),
        pattern=re.compile(
            r"\blog\b[^.]{0,60}?\b(?:runs|goes|ends|stops|closes)"
            r"(?: on| up)? (?:to|on|at|in) (\d{1,2} [A-Z][a-z]+ \d{4})"
        ),
    ),
]


def _check(rule: Rule, page: str) -> list[str]:
    wrong = []
    expected = rule.expected()
    for block in blocks(page):
        stated = rule.statements(block)
        others = [value for value in stated if _delay_words(value) != expected]
        if not others:
            continue
        if rule.quoted_if and expected in stated and rule.quoted_if.search(block.text):
            continue
        wrong.append(f"{block.where()} states {rule.name} as {', '.join(others)}")
    return wrong


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_page_states_a_shared_quantity_one_way(rule):
    wrong = [line for page in pages() for line in _check(rule, page)]
    assert not wrong, (
        f"baikonur.quantities gives {rule.name} as {rule.expected()}; glue it from there "
        "(a different published value may be quoted only beside the book's and named):\n"
        + "\n".join(wrong)
    )


PREDICTION = re.compile(r"\b\d{2}:35:42\b")


def test_the_predicted_landing_second_is_called_a_prediction():
    # 04:35:42 UTC is Roscosmos's updated prediction; the touchdown is known to the minute.
    assert f"{q.landing_prediction():%H:%M:%S}" == "04:35:42"
    wrong = [
        block.where()
        for page in pages()
        for block in blocks(page)
        if PREDICTION.search(block.text)
        # French pages too: "prévision", "prévue"
        and not re.search(r"predict|prévi|prévu", block.text, re.I)
    ]
    assert not wrong, (
        "a landing time to the second is Roscosmos's prediction: say so in the "
        "same sentence or table row:\n" + "\n".join(wrong)
    )


def test_no_clock_called_houston_on_eastern_time():
    label, _ = q.NASA_CLOCK
    wrong = [
        block.where()
        for page in pages()
        for block in blocks(page)
        if re.search(
            r"Houston[^.]{0,40}(EDT|Eastern|New_York)|(EDT|New_York)[^.]{0,40}Houston", block.text
        )
    ]
    assert not wrong, (
        f"NASA's times are US Eastern and Houston is on Central time: label the "
        f"column {label!r} (baikonur.quantities.NASA_CLOCK):\n" + "\n".join(wrong)
    )


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_each_rule_catches_a_second_value(rule):
    """The rules are not blind: each finds a contradicting statement in a sample sentence."""
    samples = {
        "the landing time in Paris": "The capsule landed at 06:36 in Paris.",
        "the landing time at the landing site": "It was 10:36 at the landing site.",
        "the docking delay": "Shkaplerov docked by hand, about ten minutes late.",
        "the end of the launch log": "The launch log runs to 21 November 2024.",
        "the time from undocking to landing": "From undocking to landing it took 3 h 21 min.",
        "the launch's lead on the plane crossing": "The Soyuz lifted off 9 seconds before it.",
    }
    block = Block("sample", "p", samples[rule.name])
    assert rule.statements(block) and all(
        _delay_words(v) != rule.expected() for v in rule.statements(block)
    )
    correct = Block(
        "sample", "p", samples[rule.name].replace(rule.statements(block)[0], rule.expected())
    )
    assert [_delay_words(v) for v in rule.statements(correct)] == [rule.expected()]


# --- contradictions a reader found between pages, each kept from coming back -------------------


def _english_blocks():
    return [block for page in pages() if not page.startswith("fr/") for block in blocks(page)]


def _earth_launch_attempts() -> str:
    from baikonur.launches import EARTH, load_launches

    launches = load_launches()
    return f"{int(launches.category.isin(EARTH).sum()):,}"


LAUNCH_COUNT = re.compile(
    r"\blog of ([\d,]+) launch(?:es| attempts)\b|\bworld's ([\d,]+) launch(?:es| attempts)\b"
    r"|\b([\d,]+) launch attempts from Earth\b"
)


def test_the_worlds_launch_count_is_stated_one_way():
    # The log has a few rows more than the world's launches (ascents from the Moon): a page
    # may give the rows only where it says what they are.
    expected = _earth_launch_attempts()
    wrong = [
        f"{block.where()} states {stated}"
        for block in _english_blocks()
        for m in LAUNCH_COUNT.finditer(block.text)
        for stated in [next(g for g in m.groups() if g)]
        if stated != expected and not re.search(r"Moon|off_earth", block.text)
    ]
    assert not wrong, (
        f"the world's launch attempts from Earth are {expected}; a count of the log's rows must "
        "say that it includes the ascents from the Moon:\n" + "\n".join(wrong)
    )


def test_the_gcat_credit_dates_each_file_by_its_own_update():
    # The launch log runs to its last row; 27 November 2024 is the launch-points file's update.
    log_end = q.format_date(q.launch_log_end())
    wrong = []
    for block in _english_blocks():
        if "GCAT" not in block.text and "SATNET" not in block.text:
            continue
        for m in re.finditer(r"\d{1,2} [A-Z][a-z]+ 20\d\d", block.text):
            before = block.text[max(0, m.start() - 60) : m.start()]
            if m.group(0) != log_end and not re.search(r"launch[- ]points", before):
                wrong.append(f"{block.where()} dates GCAT {m.group(0)}")
    assert not wrong, (
        f"GCAT's launch log runs to {log_end}; another date in its credit must name the file it "
        "dates (the launch-points file):\n" + "\n".join(wrong)
    )


def test_azimuth_has_one_definition():
    definitions = [
        block
        for block in _english_blocks()
        if re.search(
            r"azimuth[^.]{0,80}\bdirection\b|\bdirection[^.]{0,60}clockwise", block.text, re.I
        )
    ]
    assert definitions, "no page defines azimuth any more: this test reads nothing"
    wrong = [b.where() for b in definitions if "direction over the ground" not in b.text]
    assert not wrong, (
        "the glossary defines azimuth as a direction over the ground, measured clockwise from "
        "north: say it the same way:\n" + "\n".join(wrong)
    )


def test_the_handover_of_gagarins_start_is_dated_as_reported():
    # TASS reported on that day that the handover had taken place in the first half of 2025.
    from baikonur.data import load_table

    today = load_table("baikonur_today").set_index("event_id")
    reported = q.format_date(pd.Timestamp(today.date["gagarins_start_handed_over"]))
    # (A source list may date TASS's article: that is its publication date.)
    stated = [
        b
        for b in _english_blocks()
        if reported in b.text and "Gagarin" in b.text and not re.search(r"\]\. TASS\b", b.text)
    ]
    assert stated, f"no page dates the handover ({reported}): this test reads nothing"
    wrong = [b.where() for b in stated if not re.search(r"\breport", b.text)]
    assert not wrong, (
        f"{reported} is the day TASS reported the handover, not the day it happened: say "
        "so where it is given:\n" + "\n".join(wrong)
    )


def test_the_launch_second_is_explained_where_the_plane_crossing_is_timed():
    timed = [
        (page, block)
        for page in pages()
        if not page.startswith("fr/")
        for block in blocks(page, outputs=False)
        if re.search(r"lifted off \d+ seconds? (?:before|after) the [\d:]+ crossing", block.text)
    ]
    assert timed, "no page times the liftoff against the plane crossing: this test reads nothing"
    for page, block in timed:
        text = " ".join(b.text for b in blocks(page, outputs=False))
        explained = re.search(r"not (?:at )?the crossing itself", text) and re.search(
            r"behind the ISS", text
        )
        assert explained, (
            f"{block.where()}: say why the launch came before the crossing (the pad was a fraction "
            "of a degree off the plane; the rendezvous needs the Soyuz behind the station)"
        )


def test_the_ten_helicopters_claim_is_mostly_true():
    # Rogozin's post said "a group of helicopters"; "ten" was his word on the landing
    # broadcast. The article puts the ten in the post: right in substance, a detail wrong.
    cards = [
        block
        for block in blocks("book/checking-the-headlines.html")
        if "ten helicopters" in block.text and "group of helicopters" in block.text
    ]
    assert cards, "the ten-helicopters claim's card was not found"
    for card in cards:
        assert re.search(r"mostly true", card.text, re.I), (
            f"{card.where()}: by the book's rule (right in substance, wrong in a detail) this "
            "claim is mostly true"
        )
