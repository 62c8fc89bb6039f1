"""baikonur.launches and baikonur.downloads: the GCAT launch log, checked three ways.

Counts from the helper are compared with a recount of the raw CSV in plain Python (csv module, no
pandas, no schema), with the numbers published for the log (world totals for 1957, 2021, 2022 and
2023; Baikonur's total) and with the pre-aggregated tables of the book's research notes
(tests/data/). Bad rows must stop loading with a message naming the file, row, launch and field.
"""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from baikonur.data import DataError
from baikonur.downloads import DOWNLOADS_ENV, save_download
from baikonur.launches import BAIKONUR, load_launches, summarise, year_ranges
from conftest import ROOT, replace_in

LOG = ROOT / "data" / "gcat_launches_1957_2024.csv"
FILE = "gcat_launches_1957_2024.csv"


@pytest.fixture(scope="module")
def raw_rows():
    """The log read as plain text rows: the independent recount's only input."""
    with LOG.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def launches():
    return load_launches()


def recount(rows, key):
    """Launches from Earth (not ascents from the Moon) counted by key(row), in plain Python."""
    return Counter(key(r) for r in rows if r["category"] != "off_earth")


# --- published checkpoints and independent recounts -----------------------------------------


@pytest.mark.parametrize("year, total", [(1957, 3), (2021, 146), (2022, 186), (2023, 223)])
def test_world_totals_match_published_checkpoints(launches, raw_rows, year, total):
    earth = launches[launches.category != "off_earth"]
    assert int((earth.year == year).sum()) == total
    assert recount(raw_rows, lambda r: int(r["launch_utc"][:4]))[year] == total


def test_baikonur_total_is_1546_under_two_site_codes(launches, raw_rows):
    baikonur = launches[launches.spaceport == BAIKONUR]
    assert len(baikonur) == 1546
    assert recount(raw_rows, lambda r: r["launch_site"] in ("NIIP-5", "GIK-5"))[True] == 1546
    # NIIP-5 until 1988, GIK-5 from 1989: the chapter says so.
    assert baikonur[baikonur.launch_site == "NIIP-5"].year.max() == 1988
    assert baikonur[baikonur.launch_site == "GIK-5"].year.min() == 1989


def test_counts_per_year_and_spaceport_match_a_plain_recount(launches, raw_rows):
    earth = launches[launches.category != "off_earth"]
    helper = earth.groupby(["year", "spaceport"]).size().to_dict()
    plain = recount(raw_rows, lambda r: (int(r["launch_utc"][:4]), r["spaceport"]))
    assert helper == dict(plain)


def test_counts_match_the_research_notes_yearly_table(launches):
    # The notes keep 19 spaceports and sum the rest as "Other".
    notes = pd.read_csv(ROOT / "tests" / "data" / "launches_per_year_by_spaceport.csv")
    kept = set(notes.spaceport) - {"Other"}
    earth = launches[launches.category != "off_earth"]
    grouped = earth.spaceport.where(earth.spaceport.isin(kept), "Other")
    ours = earth.groupby([earth.year, grouped]).outcome.value_counts().unstack(fill_value=0)
    theirs = notes.set_index(["year", "spaceport"]).sort_index()
    ours = ours.reindex(theirs.index)
    assert (ours.success.to_numpy() == theirs.successes.to_numpy()).all()
    assert (ours.failure.to_numpy() == theirs.failures.to_numpy()).all()


def test_every_famous_launch_is_in_the_log_at_the_same_time(launches):
    from baikonur.data import load_table

    famous = load_table("baikonur_famous_launches")
    logged = launches.loc[famous.index]
    assert (logged.launch_time == famous.launch_utc).all()
    assert (logged.spaceport == BAIKONUR).all()


def test_day_precision_rows_keep_their_date_without_inventing_a_time(launches):
    dated = launches[launches.date_precision == "day"]
    assert len(dated) == 16
    assert (dated.launch_time.dt.strftime("%H:%M:%S") == "00:00:00").all()
    assert launches.launch_time["2021-U01"] == pd.Timestamp("2021-07-27", tz="UTC")


# --- bad rows: named, with what was expected ------------------------------------------------

ROW_3 = "1957-F01,1957-12-06T16:44:35Z,second,1957 Dec  6 1644:35,1957,Vanguard,TV-3,-,CC,LC18A"
BAD_ROWS = [
    (
        "unknown outcome",
        ",orbital,failure,,Cape",
        ",orbital,partial,,Cape",
        rf"{FILE}, row 3 \(line 4\), field 'outcome': expected one of success, failure, "
        r"got 'partial'",
    ),
    (
        "unparseable date",
        "1957-12-06T16:44:35Z",
        "6 Dec 1957 16:44",
        rf"{FILE}, row 3 \(line 4\), field 'launch_utc': expected text matching the pattern "
        r".*got '6 Dec 1957 16:44'",
    ),
    (
        "impossible date",
        "1957-12-06T16:44:35Z",
        "1957-12-36T16:44:35Z",
        rf"{FILE}, row 3 \(launch '1957-F01'\), field 'launch_utc': expected a UTC date and "
        r"time like 2021-10-05T08:55:02Z, got '1957-12-36T16:44:35Z'",
    ),
    (
        "date alone where a time is announced",
        "1957-12-06T16:44:35Z",
        "1957-12-06",
        rf"{FILE}, row 3 \(launch '1957-F01'\), field 'launch_utc': expected a UTC date and time",
    ),
    (
        "unknown site code",
        "1957 Dec  6 1644:35,1957,Vanguard,TV-3,-,CC,",
        "1957 Dec  6 1644:35,1957,Vanguard,TV-3,-,CCX,",
        rf"{FILE}, row 3 \(line 4\), field 'launch_site': expected one of ALCA, .*, "
        r"got 'CCX'",
    ),
    (
        "year that is not the launch's",
        "1957 Dec  6 1644:35,1957,",
        "1957 Dec  6 1644:35,1958,",
        rf"{FILE}, row 3 \(launch '1957-F01'\), field 'year': expected 1957, the year of "
        r"launch_utc '1957-12-06T16:44:35Z', got 1958",
    ),
    (
        "outcome against GCAT's launch code",
        ",OF,1,Vanguard,Vanguard Test Satellite F,orbital,failure,",
        ",OF,1,Vanguard,Vanguard Test Satellite F,orbital,success,",
        rf"{FILE}, row 3 \(launch '1957-F01'\), field 'outcome': launch_code 'OF' means "
        r"'failure', got 'success'",
    ),
    (
        "site code in the wrong spaceport",
        "orbital,failure,,Cape Canaveral / KSC",
        "orbital,failure,,Vandenberg",
        rf"{FILE}, row 3 \(launch '1957-F01'\), field 'spaceport': site code 'CC' belongs to "
        r"'Cape Canaveral / KSC' in the other rows, got 'Vandenberg'",
    ),
]


@pytest.mark.parametrize("problem, old, new, message", BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_bad_row_is_named_with_what_was_expected(scratch_data, problem, old, new, message):
    path = scratch_data / FILE
    assert path.read_text(encoding="utf-8").splitlines()[3].startswith(ROW_3)
    replace_in(path, old, new)
    with pytest.raises(DataError, match=message):
        load_launches()


# --- the widget's summary -------------------------------------------------------------------


def test_summary_matches_a_plain_recount(launches, raw_rows):
    table = summarise(launches, [BAIKONUR, "Plesetsk"], 1980, 1991)
    in_span = [r for r in raw_rows if 1980 <= int(r["year"]) <= 1991]
    world = recount(in_span, lambda r: True)[True]
    for spaceport in (BAIKONUR, "Plesetsk"):
        own = [r for r in in_span if r["spaceport"] == spaceport]
        per_year = Counter(int(r["year"]) for r in own)
        row = table.loc[spaceport]
        assert row.launches == len(own)
        assert row.failures == sum(r["outcome"] == "failure" for r in own)
        assert row["busiest year"] == max(per_year, key=lambda y: (per_year[y], -y))
        assert row["launches that year"] == max(per_year.values())
        assert row["share of world (%)"] == pytest.approx(100 * len(own) / world, abs=0.05)


@pytest.mark.parametrize(
    "spaceports, first, last, message",
    [
        ([BAIKONUR], 1991, 1961, r"first \(1991\) is after last \(1961\); expected first <= last"),
        ([BAIKONUR], 1950, 1960, "first must be a year from 1957 to 2024 .*got 1950"),
        ([BAIKONUR], 1960, 2031, "last must be a year from 1957 to 2024 .*got 2031"),
        ([BAIKONUR], "1960", 1970, "first must be a year as a whole number, got '1960'"),
        ([], 1960, 1970, "choose at least one spaceport"),
        (["Baikonour"], 1960, 1970, r"unknown spaceport\(s\) \['Baikonour'\]"),
    ],
)
def test_summary_rejects_bad_choices(launches, spaceports, first, last, message):
    with pytest.raises(ValueError, match=message):
        summarise(launches, spaceports, first, last)


@pytest.mark.parametrize(
    "years, text",
    [
        ([1957], "1957"),
        ([2001, 1957, 1999, 2000], "1957, 1999–2001"),
        ([1987, 1987, 1988, 1990], "1987–1988, 1990"),
    ],
)
def test_year_ranges(years, text):
    assert year_ranges(years) == text


def test_year_ranges_needs_years():
    with pytest.raises(ValueError, match="at least one year"):
        year_ranges([])


# --- downloads ------------------------------------------------------------------------------


def test_save_download_writes_csv_with_its_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DOWNLOADS_ENV, raising=False)
    frame = pd.DataFrame({"year": [1957, 1958], "launches": [2, 5]})
    path = save_download(frame, "how-busy", "test_table.csv", "GCAT, CC BY")
    assert path.as_posix() == "downloads/how-busy/test_table.csv"
    back = pd.read_csv(tmp_path / path)
    assert back.columns.tolist() == ["year", "launches", "source"]
    assert back.launches.tolist() == [2, 5] and set(back.source) == {"GCAT, CC BY"}


def test_save_download_writes_into_the_editions_folder_in_the_build(tmp_path, monkeypatch):
    # The book build names each edition's own folder: the kernel writes there, not in its cwd.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DOWNLOADS_ENV, str(tmp_path / "edition"))
    path = save_download(pd.DataFrame({"a": [1]}), "how-busy", "t.csv", "GCAT")
    assert path == tmp_path / "edition" / "how-busy" / "t.csv" and path.is_file()
    assert not (tmp_path / "downloads").exists()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(chapter="How Busy"),
            "chapter must be a chapter slug like 'how-busy', got 'How Busy'",
        ),
        (dict(name="Table.xlsx"), "name must be a snake_case file name ending in .csv"),
        (dict(credit=" "), "credit cannot be empty"),
        (dict(frame=pd.DataFrame()), "t.csv: expected a DataFrame with rows, got no rows"),
        (dict(frame=[1, 2]), "t.csv: expected a DataFrame with rows, got list"),
        (dict(frame=pd.DataFrame({"source": [1]})), "already has a 'source' column"),
    ],
)
def test_save_download_rejects_bad_arguments(tmp_path, monkeypatch, kwargs, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DOWNLOADS_ENV, raising=False)
    arguments = dict(
        frame=pd.DataFrame({"a": [1]}), chapter="how-busy", name="t.csv", credit="GCAT"
    )
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        save_download(**arguments)
    assert not (tmp_path / "downloads" / "how-busy" / "t.csv").exists()
