"""baikonur.quantities: each shared quantity agrees with its sources, read independently here."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from book_site import ROOT
from conftest import replace_in

from baikonur import quantities as q
from baikonur.data import DataError


def rows(name):
    with open(ROOT / "data" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_touchdown_is_tass_report_in_utc():
    tass = next(
        r for r in rows("film_local_times.csv") if r["report_id"] == "ms18_landing_tass_msk"
    )
    assert (tass["local_time"], tass["zone"]) == ("07:35", "Europe/Moscow")
    # Moscow has been UTC+3 all year since 2014.
    assert q.landing_touchdown() == pd.Timestamp("2021-10-17 04:35", tz="UTC")


def test_touchdown_agrees_with_nasa_to_the_minute():
    nasa = {r["report_id"]: r for r in rows("film_local_times.csv")}
    assert q.landing_clock("America/New_York") == nasa["ms18_landing_nasa_edt"]["local_time"]
    assert q.landing_clock("Asia/Almaty") == nasa["ms18_landing_nasa_kazakhstan"]["local_time"]


def test_paris_clock_is_summer_time_in_october_2021():
    assert q.landing_clock("Europe/Paris") == "06:35"  # CEST = UTC+2 until 31 October 2021


def test_prediction_is_the_timeline_row_and_within_the_touchdown_minute():
    row = next(r for r in rows("soyuz_ms19_ms18_timeline.csv") if r["event_id"] == "ms18_landing")
    assert "prediction" in row["event"]
    assert q.landing_prediction() == pd.Timestamp(row["utc"])
    assert pd.Timedelta(0) <= q.landing_prediction() - q.landing_touchdown() < pd.Timedelta("1min")


def test_docking_delay_from_plan_and_docking():
    times = {r["event_id"]: pd.Timestamp(r["utc"]) for r in rows("ms19_rendezvous.csv")}
    assert q.docking_delay() == times["docking"] - times["planned_docking"]
    assert q.docking_delay_text() == "10 min 31 s"


def test_log_end_and_last_baikonur_launch():
    log = rows("gcat_launches_1957_2024.csv")
    assert q.launch_log_end() == pd.Timestamp(max(r["launch_utc"] for r in log)[:10], tz="UTC")
    last = max(r["launch_utc"] for r in log if r["spaceport"] == "Baikonur")
    assert q.last_launch("Baikonur") == pd.Timestamp(last)
    assert q.format_date(q.launch_log_end()) == "8 December 2024"
    assert q.format_date(q.last_launch()) == "21 November 2024"


def test_unknown_spaceport_names_the_field():
    with pytest.raises(
        DataError, match=r"gcat_launches_1957_2024\.csv.*'Atlantis'.*'spaceport' field"
    ):
        q.last_launch("Atlantis")


def test_missing_touchdown_source_names_the_file_and_row(scratch_data):
    replace_in(scratch_data / "film_local_times.csv", "ms18_landing_tass_msk,", "other,")
    with pytest.raises(DataError, match=r"film_local_times\.csv.*ms18_landing_tass_msk"):
        q.landing_touchdown()


def test_nasa_clock_is_us_eastern_not_houston():
    label, zone_name = q.NASA_CLOCK
    assert zone_name == "America/New_York" and "Houston" not in label
