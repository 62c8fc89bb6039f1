"""Times of a space mission: parse what the sources wrote, convert between time zones, measure.

Sources give times in many forms: UTC to the second or to the minute, a date alone, a month alone,
or a local clock time ("07:35 MSK", "10:35 a.m. Kazakhstan time"). The helpers here keep each
time's *precision* next to its value, so a comparison or a duration never claims more than the
sources said, and they turn bad input into a :class:`TimelineError` that names the file, the row
and the field (or the argument) and what was expected.

Time zones are IANA zone names read with :mod:`zoneinfo`, which knows each zone's history: a
conversion of a 2021 time uses the offset the zone had in 2021, not today's.

* :func:`parse_utc` and :func:`parse_partial_date` read mixed-format time and date columns;
* :func:`zone`, :func:`to_local` and :func:`utc_offset_label` convert and describe;
* :func:`duration` and :func:`age_on` measure (write a duration with
  :func:`baikonur.i18n.format_duration`);
* :func:`load_events`, :func:`load_local_reports` and :func:`load_spans` load the chapter's
  tables through :func:`baikonur.data.load_table` and add the checks a schema cannot express
  (known zone, end not before start, precision consistent with the value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import pandas as pd

from .data import DataError, load_table, resource
from .i18n import format_duration  # noqa: F401  (the book's one, re-exported)

__all__ = [
    "TimelineError",
    "UtcTime",
    "age_on",
    "check_report",
    "duration",
    "format_duration",
    "load_events",
    "load_local_reports",
    "load_spans",
    "parse_partial_date",
    "parse_utc",
    "to_local",
    "utc_offset_label",
    "zone",
]

_UTC_FORMS = {  # precision: (regular expression, strptime format)
    "second": (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "%Y-%m-%dT%H:%M:%SZ"),
    "minute": (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z", "%Y-%m-%dT%H:%MZ"),
    "day": (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
}
# A date may carry a short note in brackets, as in "2021-04-23 (launch)".
_NOTE = re.compile(r"^(?P<value>\S+)(?: \((?P<note>[^()]+)\))?$")
_PRECISION_STEP = {
    "second": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "day": timedelta(days=1),
}


class TimelineError(DataError):
    """A time, date, zone or span that does not make sense; the message says where and why."""


def _at(where: str) -> str:
    return f"{where}: " if where else ""


@dataclass(frozen=True)
class UtcTime:
    """A UTC time as a source gave it: the value, and the precision it was given to."""

    value: pd.Timestamp
    precision: str  # "second", "minute" or "day"
    note: str | None = None

    @property
    def step(self) -> timedelta:
        """The size of the last unit given: 1 s, 1 min or 1 day."""
        return _PRECISION_STEP[self.precision]


def parse_utc(text: str, where: str = "") -> UtcTime:
    """Read a UTC time written as ``2021-10-17T04:35:42Z``, ``2021-10-17T04:35Z`` or
    ``2021-10-17`` (optionally followed by a note in brackets, ``2021-04-23 (launch)``).

    ``where`` (e.g. ``"iss_crew_oct2021.csv, row 4, field 'arrival_vehicle_launch_utc'"``) starts
    the error message, so a bad cell is easy to find.
    """
    if not isinstance(text, str):
        raise TimelineError(f"{_at(where)}expected a UTC time as text, got {text!r}")
    match = _NOTE.match(text.strip())
    if match:
        for precision, (pattern, fmt) in _UTC_FORMS.items():
            if re.fullmatch(pattern, match["value"]):
                try:
                    value = datetime.strptime(match["value"], fmt)
                except ValueError:
                    break  # the right shape, but not a real date or time
                return UtcTime(pd.Timestamp(value, tz="UTC"), precision, match["note"])
    raise TimelineError(
        f"{_at(where)}expected a UTC time like 2021-10-17T04:35:42Z, 2021-10-17T04:35Z or "
        f"2021-10-17 (optionally followed by a note in brackets), got {text!r}"
    )


def parse_partial_date(text: str, where: str = "") -> tuple[pd.Timestamp, str]:
    """Read ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: return the first day of that period and its
    precision (``"day"``, ``"month"`` or ``"year"``)."""
    forms = [
        ("day", r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
        ("month", r"\d{4}-\d{2}", "%Y-%m"),
        ("year", r"\d{4}", "%Y"),
    ]
    for precision, pattern, fmt in forms:
        if isinstance(text, str) and re.fullmatch(pattern, text):
            try:
                return pd.Timestamp(datetime.strptime(text, fmt)), precision
            except ValueError:
                break
    raise TimelineError(f"{_at(where)}expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {text!r}")


def period_end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day of the period that starts at ``start``: the day, month or year itself."""
    offsets = {
        "day": pd.offsets.Day(0),
        "month": pd.offsets.MonthEnd(0),
        "year": pd.offsets.YearEnd(0),
    }
    if precision not in offsets:
        raise ValueError(f"precision must be one of {', '.join(offsets)}, got {precision!r}")
    return start + offsets[precision]


@lru_cache(maxsize=None)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones() | {"UTC"})


def zone(name: str, where: str = "") -> ZoneInfo:
    """The IANA time zone ``name`` (e.g. ``"Europe/Moscow"``), or a clear error."""
    if not isinstance(name, str) or name not in _known_zones():
        raise TimelineError(
            f"{_at(where)}unknown time zone {name!r}: expected an IANA zone name such as "
            f"'Europe/Moscow', 'Asia/Almaty' or 'UTC' (see zoneinfo.available_timezones())"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:  # pragma: no cover - listed but unreadable
        raise TimelineError(f"{_at(where)}time zone {name!r} cannot be read: {err}") from None


def _utc(when, name: str = "when") -> pd.Timestamp:
    stamp = pd.Timestamp(when) if not isinstance(when, UtcTime) else when.value
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a time, got {when!r}")
    if stamp.tzinfo is None:
        raise ValueError(
            f"{name} must be a time zone-aware UTC time (e.g. "
            f"pd.Timestamp('2021-10-17T04:35:42Z')), got the naive {when!r}"
        )
    return stamp.tz_convert("UTC")


def to_local(when, zone_name: str) -> pd.Timestamp:
    """``when`` (an aware time) on the clocks of ``zone_name``, with that zone's offset then."""
    return _utc(when).tz_convert(zone(zone_name, "zone_name"))


def utc_offset_label(zone_name: str, when) -> str:
    """The zone's offset from UTC at ``when``, written ``UTC+5``, ``UTC−4`` or ``UTC+5:30``."""
    offset = to_local(when, zone_name).utcoffset()
    minutes = round(offset.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def duration(start, end, where: str = "") -> pd.Timedelta:
    """``end - start`` for two aware times; an end before the start is an error."""
    start, end = _utc(start, "start"), _utc(end, "end")
    if end < start:
        raise TimelineError(
            f"{_at(where)}end {end.isoformat()} is before start "
            f"{start.isoformat()}: expected the end at or after the start"
        )
    return end - start


def age_on(birth: date | pd.Timestamp, when) -> int:
    """Age in whole years on the (UTC) date of ``when``."""
    birth = pd.Timestamp(birth)
    day = _utc(when).date() if pd.Timestamp(when).tzinfo else pd.Timestamp(when).date()
    if day < birth.date():
        raise ValueError(f"date {day} is before the birth date {birth.date()}")
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- The chapter's tables, loaded with the checks their schemas cannot express.


def _where(name: str, position: int, field: str) -> str:
    """Where a cell is, as baikonur.data words it: file, data row (1-based), field."""
    return f"{resource(name)['path']}, row {position + 1}, field '{field}'"


def load_events(name: str = "soyuz_ms19_ms18_timeline") -> pd.DataFrame:
    """The mission timeline, checked: a time given to the minute must have 00 seconds."""
    events = load_table(name)
    for position, (utc, precision) in enumerate(zip(events.utc, events.time_precision)):
        if precision == "minute" and utc.second != 0:
            raise TimelineError(
                f"{_where(name, position, 'utc')}: time_precision is 'minute', so expected 00 "
                f"seconds, got {utc:%H:%M:%S}"
            )
    return events


def check_report(
    utc: pd.Timestamp, local_date: pd.Timestamp, local_time: str, zone_name: str
) -> float:
    """Seconds between a sourced local time and the UTC time converted to that zone.

    A local time given to the minute (``07:35``) agrees with any UTC time in the minute around
    it (within 60 s either way: sources round or truncate); a time given to the second must agree
    to the second. Returns the signed gap (local as reported minus converted), in seconds.
    """
    clock = datetime.strptime(local_time, "%H:%M:%S" if local_time.count(":") == 2 else "%H:%M")
    reported = datetime.combine(pd.Timestamp(local_date).date(), clock.time())
    converted = to_local(utc, zone_name).tz_localize(None)
    return (pd.Timestamp(reported) - converted).total_seconds()


def load_local_reports(
    name: str = "film_local_times", events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Local times as the sources printed them, with the UTC time of their event, the same time
    converted to their zone, and the gap in seconds. Checked: the zone exists, the event exists,
    and the sourced time agrees with the converted one to the precision it was given to."""
    reports = load_table(name)
    events = load_events() if events is None else events
    gaps = []
    for position, row in enumerate(reports.itertuples()):
        zone(row.zone, _where(name, position, "zone"))
        if row.event_id not in events.index:
            raise TimelineError(
                f"{_where(name, position, 'event_id')}: unknown event "
                f"{row.event_id!r}: expected an event_id of the timeline"
            )
        gap = check_report(events.utc[row.event_id], row.local_date, row.local_time, row.zone)
        tolerance = 0 if row.local_time.count(":") == 2 else 60
        if abs(gap) >= max(tolerance, 1):
            raise TimelineError(
                f"{_where(name, position, 'local_time')}: {row.local_date:%Y-%m-%d} "
                f"{row.local_time} {row.zone} is {gap:+.0f} s from the timeline's "
                f"{events.utc[row.event_id]:%Y-%m-%d %H:%M:%S} UTC "
                f"({to_local(events.utc[row.event_id], row.zone):%Y-%m-%d %H:%M:%S} there): "
                f"expected agreement to the {'second' if tolerance == 0 else 'minute'}"
            )
        gaps.append(gap)
    reports["utc"] = [events.utc[e] for e in reports.event_id]
    reports["gap_s"] = gaps
    return reports


def load_spans(name: str = "film_race_timeline") -> pd.DataFrame:
    """A table of dated items with ``start`` and optional ``end`` as YYYY-MM-DD, YYYY-MM or
    YYYY. Adds ``start_date``/``start_precision`` and ``end_date``/``end_precision`` (the last
    day of the end period); an end before the start is an error."""
    spans = load_table(name)
    starts, ends = [], []
    for position, row in enumerate(spans.itertuples()):
        start = parse_partial_date(row.start, _where(name, position, "start"))
        starts.append(start)
        if not isinstance(row.end, str):
            ends.append((pd.NaT, None))
            continue
        end = parse_partial_date(row.end, _where(name, position, "end"))
        if period_end(*end) < start[0]:
            raise TimelineError(
                f"{_where(name, position, 'end')}: end {row.end!r} is before start "
                f"{row.start!r}: expected the end at or after the start"
            )
        ends.append((period_end(*end), end[1]))
    spans["start_date"], spans["start_precision"] = zip(*starts)
    spans["end_date"], spans["end_precision"] = zip(*ends)
    spans["end_date"] = pd.to_datetime(spans.end_date)
    return spans
