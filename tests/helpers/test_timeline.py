"""baikonur.timeline: mixed-format times, time zones as they were in 2021, durations, and the
film chapter's tables, checked against the published times and against a second zone library."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pandas as pd
import pytest
from dateutil import tz as dateutil_tz

from baikonur.data import DataError, load_table
from baikonur.timeline import (
    TimelineError,
    age_on,
    duration,
    format_duration,
    load_events,
    load_local_reports,
    load_spans,
    parse_partial_date,
    parse_utc,
    period_end,
    to_local,
    utc_offset_label,
    zone,
)
from conftest import replace_in

# --- parsing what the sources wrote


@pytest.mark.parametrize(
    "text, expected, precision, note",
    [
        ("2021-10-17T04:35:42Z", "2021-10-17T04:35:42Z", "second", None),
        ("2021-10-17T04:35Z", "2021-10-17T04:35:00Z", "minute", None),
        ("2021-04-23", "2021-04-23T00:00:00Z", "day", None),
        ("2021-04-23 (launch)", "2021-04-23T00:00:00Z", "day", "launch"),
    ],
)
def test_parse_utc_keeps_the_precision_given(text, expected, precision, note):
    parsed = parse_utc(text)
    assert parsed.value == pd.Timestamp(expected)
    assert (parsed.precision, parsed.note) == (precision, note)
    assert str(parsed.value.tz) == "UTC"


@pytest.mark.parametrize(
    "text",
    ["2021-10-17 04:35", "17/10/2021", "2021-02-30", "2021-10-17T25:00Z", "2021-04-23 launch", ""],
)
def test_parse_utc_rejects_other_forms_and_says_where(text):
    with pytest.raises(
        TimelineError,
        match=r"^crew.csv, row 3, field 'x': expected a UTC time like "
        + re.escape("2021-10-17T04:35:42Z")
        + ".*got "
        + re.escape(repr(text)),
    ):
        parse_utc(text, "crew.csv, row 3, field 'x'")


def test_parse_utc_rejects_a_number():
    with pytest.raises(TimelineError, match="expected a UTC time as text, got 20211017"):
        parse_utc(20211017)


@pytest.mark.parametrize(
    "text, first_day, precision, last_day",
    [
        ("2021-10-05", "2021-10-05", "day", "2021-10-05"),
        ("2020-05", "2020-05-01", "month", "2020-05-31"),
        ("2024-02", "2024-02-01", "month", "2024-02-29"),
        ("2025", "2025-01-01", "year", "2025-12-31"),
    ],
)
def test_partial_dates_and_the_end_of_their_period(text, first_day, precision, last_day):
    start, found = parse_partial_date(text)
    assert (start, found) == (pd.Timestamp(first_day), precision)
    assert period_end(start, precision) == pd.Timestamp(last_day)


@pytest.mark.parametrize("text", ["2020-13", "2020-5", "May 2020", "2021-02-29", None])
def test_partial_date_rejects_bad_text(text):
    with pytest.raises(TimelineError, match="expected a date as YYYY-MM-DD, YYYY-MM or YYYY"):
        parse_partial_date(text)


# --- time zones as they were in October 2021

LANDING = pd.Timestamp("2021-10-17T04:35:42Z")

# The offsets the fact sheet gives, each from a source that printed both UTC and local times:
# CEST (Paris summer time ran to 31 Oct 2021), MSK, EDT, Baikonur (Spaceflight Now: 08:55:02 GMT
# = 13:55:02 Baikonur time) and the landing zone near Zhezkazgan (NASA: 10:35 Kazakhstan time).
OFFSETS_OCTOBER_2021 = {
    "Europe/Paris": 2,
    "Europe/Moscow": 3,
    "America/New_York": -4,
    "Asia/Qyzylorda": 5,
    "Asia/Almaty": 6,
    "UTC": 0,
}


@pytest.mark.parametrize("name, hours", OFFSETS_OCTOBER_2021.items())
def test_zone_offsets_in_october_2021_match_the_sources(name, hours):
    assert to_local(LANDING, name).utcoffset() == pd.Timedelta(hours=hours)
    # A second, independent reader of the zone database: dateutil.
    assert LANDING.to_pydatetime().astimezone(dateutil_tz.gettz(name)).utcoffset() == pd.Timedelta(
        hours=hours
    )


def test_almaty_offset_changed_after_2021_so_history_matters():
    # The zone database records Almaty time moving from UTC+6 to UTC+5 on 1 March 2024.
    assert utc_offset_label("Asia/Almaty", pd.Timestamp("2024-02-28T12:00Z")) == "UTC+6"
    assert utc_offset_label("Asia/Almaty", pd.Timestamp("2024-03-02T12:00Z")) == "UTC+5"


def test_offset_labels():
    assert utc_offset_label("America/New_York", LANDING) == "UTC\u22124"
    assert utc_offset_label("Asia/Kolkata", LANDING) == "UTC+5:30"
    assert utc_offset_label("UTC", LANDING) == "UTC+0"


def test_afp_4h36_on_other_clocks():
    # Fact sheet, claim 5: 04:36 GMT was 06:36 in Paris, 07:36 in Moscow, 10:36 at the landing site.
    afp = pd.Timestamp("2021-10-17T04:36Z")
    shown = {
        name: to_local(afp, name).strftime("%H:%M")
        for name in ("Europe/Paris", "Europe/Moscow", "Asia/Almaty")
    }
    assert shown == {"Europe/Paris": "06:36", "Europe/Moscow": "07:36", "Asia/Almaty": "10:36"}


@pytest.mark.parametrize("name", ["Asia/Baikonur", "MSK", "utc+5", "", None])
def test_unknown_zone_is_named(name):
    with pytest.raises(
        TimelineError,
        match=r"^here: unknown time zone "
        + re.escape(repr(name))
        + r": expected an IANA zone name such as 'Europe/Moscow'",
    ):
        zone(name, "here")


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="must be a time zone-aware UTC time"):
        to_local(pd.Timestamp("2021-10-17 04:35:42"), "Europe/Paris")


# --- durations and ages


def test_mission_durations_match_the_published_ones():
    events = load_events()
    t = events.utc
    # Fact sheet B6 and B14, computed there from the same sourced times by hand.
    published = {
        ("ms19_launch", "ms19_docking"): "3 h 27 min",
        ("ms19_launch", "ms18_landing"): "11 d 19 h 41 min",
        ("ms19_docking", "ms18_undocking"): "11 d 12 h 51 min",
        ("ms18_launch", "ms18_landing"): "190 d 20 h 53 min",
    }
    for (first, last), text in published.items():
        assert format_duration(duration(t[first], t[last])) == text, (first, last)
    # NASA: Novitsky spent "191 days" in space; the "12 days" of the news reports.
    assert round(duration(t["ms18_launch"], t["ms18_landing"]) / pd.Timedelta(days=1)) == 191
    assert round(duration(t["ms19_docking"], t["ms18_undocking"]) / pd.Timedelta(days=1)) == 12
    # Fact sheet B6: "about 10 min late".
    late = duration(t["ms19_planned_docking"], t["ms19_docking"])
    assert pd.Timedelta(minutes=9) < late < pd.Timedelta(minutes=12)


def test_end_before_start_is_refused():
    with pytest.raises(
        TimelineError,
        match=r"^docked: end 2021-10-05T12:22:31\+00:00 is before start "
        r"2021-10-17T01:14:00\+00:00",
    ):
        duration(pd.Timestamp("2021-10-17T01:14Z"), pd.Timestamp("2021-10-05T12:22:31Z"), "docked")


@pytest.mark.parametrize(
    "span, unit, text",
    [
        (pd.Timedelta(days=11, hours=19, minutes=40, seconds=40), "minute", "11 d 19 h 41 min"),
        (pd.Timedelta(minutes=59, seconds=31), "minute", "1 h 0 min"),
        (pd.Timedelta(seconds=29), "minute", "0 min"),
        (pd.Timedelta(days=2, hours=11, minutes=59), "hour", "2 d 12 h"),
        (pd.Timedelta(days=11, hours=13), "day", "12 d"),
    ],
)
def test_format_duration_rounds_to_the_unit(span, unit, text):
    assert format_duration(span, unit) == text


def test_format_duration_in_french_writes_the_day_as_j(monkeypatch):
    monkeypatch.setenv("BAIKONUR_LANG", "fr")
    span = pd.Timedelta(days=11, hours=19, minutes=40, seconds=40)
    assert format_duration(span) == "11 j 19 h 41 min"


def test_format_duration_bad_input():
    with pytest.raises(ValueError, match="unit must be one of second, minute, hour, day, got 'w"):
        format_duration(pd.Timedelta(days=1), "week")
    with pytest.raises(ValueError, match="must be zero or positive"):
        format_duration(pd.Timedelta(days=-1))


def test_ages_match_what_reporters_printed():
    births = load_table("film_crew_birth_dates").birth_date
    launch = load_events().utc["ms19_launch"]
    # AFP, 17 October 2021: Peresild 37, Shipenko 38.
    assert age_on(births["Yulia Peresild"], launch) == 37
    assert age_on(births["Klim Shipenko"], launch) == 38
    # IndieWire, 14 May 2021 (after the selection of 13 May): "36-year-old", "37-year-old".
    may = pd.Timestamp("2021-05-14T12:00Z")
    assert (age_on(births["Yulia Peresild"], may), age_on(births["Klim Shipenko"], may)) == (36, 37)


def test_age_on_birthdays_and_bad_order():
    assert age_on(pd.Timestamp("1971-10-12"), pd.Timestamp("2021-10-11T23:59Z")) == 49
    assert age_on(pd.Timestamp("1971-10-12"), pd.Timestamp("2021-10-12T00:00Z")) == 50
    assert age_on(pd.Timestamp("2000-02-29"), pd.Timestamp("2021-02-28T12:00Z")) == 20
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(pd.Timestamp("1984-09-05"), pd.Timestamp("1980-01-01T00:00Z"))


# --- the chapter's tables, and how they agree with each other


def test_every_printed_local_time_agrees_with_the_utc_timeline():
    reports = load_local_reports()
    assert len(reports) == len(load_table("film_local_times"))
    seconds = reports.local_time.str.count(":") == 2
    assert (reports.gap_s[seconds] == 0).all()
    assert (reports.gap_s[~seconds].abs() < 60).all()
    assert set(reports.zone) == {
        "Europe/Moscow",
        "UTC",
        "Asia/Qyzylorda",
        "America/New_York",
        "Asia/Almaty",
    }


def test_crew_table_times_agree_with_the_timeline():
    events, crew = load_events(), load_table("iss_crew_oct2021")
    ships = {
        "Soyuz MS-18": ("ms18_launch", "ms18_landing"),
        "Soyuz MS-19": ("ms19_launch", "ms19_landing"),
    }
    checked = 0
    for person in crew.itertuples():
        for ship, column, which in [
            (person.arrived_on, person.arrival_vehicle_launch_utc, 0),
            (person.departed_on, person.return_landing_utc, 1),
        ]:
            parsed = parse_utc(column)
            if ship in ships:
                event_time = events.utc[ships[ship][which]]
                assert parsed.value == event_time.floor(parsed.step), (person.name, ship)
                checked += 1
    assert checked == 12  # six Soyuz travellers, up and down


def test_film_flight_span_is_the_timeline_dates():
    race, events = load_spans(), load_events()
    assert race.start_date["flight"] == events.utc["ms19_launch"].tz_localize(None).normalize()
    assert race.end_date["flight"] == events.utc["ms18_landing"].tz_localize(None).normalize()
    assert race.start_precision["cruise_announced"] == "month"
    assert pd.isna(race.end_date["premiere"])


def test_minute_times_in_the_timeline_have_zero_seconds():
    events = load_events()
    minute = events[events.time_precision == "minute"]
    assert len(minute) > 0 and (minute.utc.dt.second == 0).all()


# --- bad rows: each error names the file, the row and the field, and what was expected

# (what is wrong, file, text replaced, replacement, loader, the message expected)
BAD_ROWS = [
    (
        "unknown time zone",
        "film_local_times.csv",
        ",07:35,Europe/Moscow,",
        ",07:35,Asia/Baikonur,",
        load_local_reports,
        r"film_local_times.csv, row 17, field 'zone': unknown time zone 'Asia/Baikonur': "
        r"expected an IANA zone name",
    ),
    (
        "end before start",
        "film_race_timeline.csv",
        ",2021-05-24,2021-10-04,",
        ",2021-05-24,2021-04,",
        load_spans,
        r"film_race_timeline.csv, row 4, field 'end': end '2021-04' is before start '2021-05-24': "
        r"expected the end at or after the start",
    ),
    (
        "missing source in the timeline",
        "soyuz_ms19_ms18_timeline.csv",
        ",https://tass.com/science/1350503,https://www.urdupoint",
        ",,https://www.urdupoint",
        load_events,
        r"soyuz_ms19_ms18_timeline.csv, row 12 \(line 13\), field 'source_1': "
        r"value is required but empty",
    ),
    (
        "missing source for a local time",
        "film_local_times.csv",
        ",13:55:02 Baikonur time,spaceflightnow_2021_ms19",
        ",13:55:02 Baikonur time,",
        load_local_reports,
        r"film_local_times.csv, row 6 \(line 7\), field 'source': value is required but empty",
    ),
    (
        "seconds on a time given to the minute",
        "soyuz_ms19_ms18_timeline.csv",
        "2021-10-16T20:41:00Z,minute",
        "2021-10-16T20:41:30Z,minute",
        load_events,
        r"soyuz_ms19_ms18_timeline.csv, row 11, field 'utc': time_precision is 'minute', "
        r"so expected 00 seconds, got 20:41:30",
    ),
    (
        "printed time an hour off",
        "film_local_times.csv",
        "2021-10-17,10:35,Asia/Almaty",
        "2021-10-17,09:35,Asia/Almaty",
        load_local_reports,
        r"film_local_times.csv, row 19, field 'local_time': 2021-10-17 09:35 Asia/Almaty "
        r"is -3642 s from the timeline's 2021-10-17 04:35:42 UTC \(2021-10-17 10:35:42 there\): "
        r"expected agreement to the minute",
    ),
    (
        "unknown event",
        "film_local_times.csv",
        "ms18_hatch_edt,ms18_hatch_closed,",
        "ms18_hatch_edt,ms18_hatch,",
        load_local_reports,
        r"film_local_times.csv, row 12, field 'event_id': unknown event 'ms18_hatch': expected an "
        r"event_id of the timeline",
    ),
    (
        "time without its brackets",
        "iss_crew_oct2021.csv",
        "Endeavour),2021-04-23 (launch),SpaceX",
        "Endeavour),2021-04-23 launch,SpaceX",
        lambda: load_table("iss_crew_oct2021"),
        r"iss_crew_oct2021.csv, row 4 \(line 5\), field 'arrival_vehicle_launch_utc': "
        r"expected text matching the pattern",
    ),
]


@pytest.mark.parametrize(
    "problem, filename, old, new, loader, message", BAD_ROWS, ids=[row[0] for row in BAD_ROWS]
)
def test_bad_row_is_named_with_what_was_expected(
    scratch_data, problem, filename, old, new, loader, message
):
    replace_in(scratch_data / filename, old, new)
    with pytest.raises(DataError, match=message):
        loader()


def test_the_good_data_loads_without_those_errors():
    # The same loaders on the real files: the bad-row tests above fail for the edit, not the data.
    assert len(load_events()) and len(load_local_reports()) and len(load_spans())
    assert datetime(2021, 10, 17, tzinfo=timezone.utc) < load_events().utc["ms18_landing"]


@pytest.mark.parametrize(
    "name",
    [
        "film_local_times",
        "film_crew_birth_dates",
        "film_race_timeline",
        "film_key_figures",
        "film_production",
        "film_roles",
    ],
)
def test_film_sources_are_bibliography_keys(name):
    from conftest import ROOT

    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    for row_id, sources in load_table(name).source.items():
        unknown = set(sources.split(";")) - keys
        assert not unknown, f"{name}, row {row_id!r}: {sorted(unknown)} not in book/references.bib"
