"""Quantities that more than one chapter states, computed once.

The book never states one fact two ways. When two chapters need the same number (the Paris
landing time, the docking delay, the end of the launch log), both glue it from a function here,
which reads it from the sources in ``data/``. ``tests/site/test_one_truth.py`` reads the built pages
and fails when a page states one of these quantities differently.

Which of several published times is *the* time is a choice, made here once and explained:

* the landing: Roscosmos's updated **prediction** was 04:35:42 UTC; TASS reported the touchdown at
  07:35 MSK, to the minute. AFP's "4h36" is the earlier plan, rounded, in GMT. The touchdown is
  :func:`landing_touchdown`; the prediction is :func:`landing_prediction` and is always called a
  prediction;
* the docking delay: the plan was known to the minute (12:12 UTC), the docking to the second
  (12:22:31 UTC), so the delay is 10 min 31 s, not "11 min" nor "about ten minutes";
* the return: from Soyuz MS-18's undocking to the landing, counted to the predicted second as
  the event table gives it (:func:`return_duration`), and written to the minute (3 h 22 min), so
  that every chapter gives the same figure;
* the launch log: its last row is 8 December 2024 (:func:`launch_log_end`); its last Baikonur
  launch is 21 November 2024 (:func:`last_launch`);
* the launch and the orbital plane: Soyuz MS-19 lifted off some seconds before Site 31 passed
  through the ISS's orbital plane (:func:`launch_plane_lead_s`, from the element set), since the
  rocket climbs for minutes while the Earth turns.
"""

from __future__ import annotations

import pandas as pd

from .data import DataError, load_table
from .i18n import format_date, format_duration
from .timeline import load_events, to_local, zone

__all__ = [
    "NASA_CLOCK",
    "docking_delay",
    "docking_delay_text",
    "format_date",
    "landing_clock",
    "landing_prediction",
    "landing_touchdown",
    "last_launch",
    "launch_log_end",
    "launch_plane_lead_s",
    "return_duration",
]

#: NASA gives mission times in US Eastern time (EDT in October 2021). Houston is on US Central
#: time, so a column labelled "Houston" must not use New York's zone: call it what it is.
NASA_CLOCK = ("US Eastern (NASA)", "America/New_York")

_TOUCHDOWN_REPORT = "ms18_landing_tass_msk"  # film_local_times: TASS, "07:35 MSK"


def _report(report_id: str) -> pd.Series:
    reports = load_table("film_local_times")
    if report_id not in reports.index:
        raise DataError(
            f"data/film_local_times.csv: no row with report_id {report_id!r}: "
            "expected the source of the landing touchdown"
        )
    return reports.loc[report_id]


def landing_touchdown() -> pd.Timestamp:
    """Soyuz MS-18's touchdown, 17 October 2021, as TASS reported it (to the minute), in UTC."""
    row = _report(_TOUCHDOWN_REPORT)
    local = pd.Timestamp(f"{row.local_date:%Y-%m-%d} {row.local_time}")
    return local.tz_localize(zone(row.zone)).tz_convert("UTC")


def landing_clock(zone_name: str) -> str:
    """The touchdown on a local clock, "HH:MM" (to the minute, as the source gave it)."""
    return f"{to_local(landing_touchdown(), zone_name):%H:%M}"


def landing_prediction() -> pd.Timestamp:
    """Roscosmos's updated landing prediction (to the second). A prediction, not a measurement:
    say so wherever it is shown. It agrees with the touchdown to the minute."""
    return load_events().utc["ms18_landing"]


def return_duration() -> pd.Timedelta:
    """Soyuz MS-18's return, from undocking to landing: to the landing second of the event table
    (Roscosmos's prediction, which the touchdown matched to the minute). Write it with
    :func:`baikonur.i18n.format_duration`, to the minute."""
    times = load_events().utc
    return times["ms18_landing"] - times["ms18_undocking"]


def _rendezvous() -> pd.DataFrame:
    return load_table("ms19_rendezvous")


def docking_delay() -> pd.Timedelta:
    """How late Soyuz MS-19 docked: the actual docking minus the planned one."""
    times = _rendezvous().utc
    return times["docking"] - times["planned_docking"]


def docking_delay_text() -> str:
    """The docking delay in words, to the second: "10 min 31 s"."""
    return format_duration(docking_delay(), "second")


def _log_times() -> pd.DataFrame:
    from .launches import load_launches  # the full log: loaded only when asked for

    return load_launches()[["launch_time", "spaceport"]]


def launch_log_end() -> pd.Timestamp:
    """The day of the last launch in the book's copy of the GCAT launch log."""
    return _log_times().launch_time.max().normalize()


def last_launch(spaceport: str = "Baikonur") -> pd.Timestamp:
    """The time of the last launch from ``spaceport`` in the launch log."""
    times = _log_times()
    mine = times.launch_time[times.spaceport == spaceport]
    if mine.empty:
        known = ", ".join(sorted(times.spaceport.unique())[:8])
        raise DataError(
            f"data/gcat_launches_1957_2024.csv: no launch from spaceport "
            f"{spaceport!r}: expected a value of the 'spaceport' field, e.g. {known}"
        )
    return mine.max()


def launch_plane_lead_s() -> int:
    """Seconds from Soyuz MS-19's liftoff to the moment the Earth's rotation carried Site 31
    through the ISS's orbital plane (positive: the launch came first), from the element set in
    force at liftoff, propagated with SGP4 (:func:`baikonur.orbits.plane_crossings`)."""
    from .orbits import element_set_at, load_element_sets, plane_crossings

    liftoff = load_events().utc["ms19_launch"]
    pad = load_table("baikonur_places").loc["site_31"]
    iss = element_set_at(load_element_sets("iss_tle_2021_10"), liftoff)
    crossings = plane_crossings(iss, liftoff, pad.lat, pad.lon)
    nearest = min(crossings, key=lambda t: abs(t - liftoff))
    return round((nearest - liftoff).total_seconds())
