"""The GCAT launch log: load it with the checks its schema cannot express, and summarise it.

:func:`load_launches` reads the ``gcat_launches`` resource with :func:`baikonur.data.load_table`
(which checks every value against ``datapackage.json``: types, the allowed outcomes, categories
and GCAT site codes), then checks what a Table Schema cannot say about one row: that
``launch_utc`` is a real date and time in the form its ``date_precision`` announces and in the
row's ``year``, and that ``outcome`` and ``category`` agree with GCAT's ``launch_code``. Every
error names the file, the row, the launch and the field.

:func:`summarise` answers the chapter's widget: for some spaceports and a span of years, how many
launches, how many failed, the busiest year, and the share of the world's launches.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import pandas as pd

from .data import DataError, load_table, resource

__all__ = ["BAIKONUR", "EARTH", "RESOURCE", "load_launches", "summarise", "year_ranges"]

RESOURCE = "gcat_launches"
BAIKONUR = "Baikonur"
#: Categories of launches from Earth; "off_earth" rows are ascents from the Moon.
EARTH = ("orbital", "deep_space")

_CATEGORY_LETTER = {"O": "orbital", "D": "deep_space", "X": "off_earth"}
_OUTCOME_LETTER = {"S": "success", "F": "failure"}


def _fail(path: str, row: int, tag: str, field: str, message: str) -> DataError:
    return DataError(f"{path}, row {row} (launch {tag!r}), field '{field}': {message}")


def _launch_times(log: pd.DataFrame, path: str) -> pd.Series:
    """``launch_utc`` as UTC timestamps, checked against ``date_precision`` and ``year``."""
    dated = log.date_precision == "day"
    times = pd.Series(pd.NaT, index=log.index, dtype="datetime64[ns, UTC]")
    forms = [
        (dated, "%Y-%m-%d", "a date alone, like 2021-06-12, as date_precision is 'day'"),
        (~dated, "%Y-%m-%dT%H:%M:%SZ", "a UTC date and time like 2021-10-05T08:55:02Z"),
    ]
    for rows, form, expected in forms:
        parsed = pd.to_datetime(log.launch_utc[rows], format=form, utc=True, errors="coerce")
        times[rows] = parsed
        bad = parsed.index[parsed.isna()]
        if len(bad):
            row = log.index.get_loc(bad[0]) + 1
            raise _fail(
                path,
                row,
                bad[0],
                "launch_utc",
                f"expected {expected}, got {log.launch_utc[bad[0]]!r}",
            )
    minute = log.date_precision == "minute"
    seconds = times[minute].dt.second
    if (seconds != 0).any():
        tag = seconds.index[seconds != 0][0]
        raise _fail(
            path,
            log.index.get_loc(tag) + 1,
            tag,
            "launch_utc",
            f"date_precision is 'minute' but the time has seconds: {log.launch_utc[tag]!r}",
        )
    wrong_year = times.dt.year != log.year
    if wrong_year.any():
        tag = wrong_year.index[wrong_year][0]
        raise _fail(
            path,
            log.index.get_loc(tag) + 1,
            tag,
            "year",
            f"expected {times[tag].year}, the year of launch_utc "
            f"{log.launch_utc[tag]!r}, got {log.year[tag]}",
        )
    return times


def _check_codes(log: pd.DataFrame, path: str) -> None:
    """``category`` and ``outcome`` must say what GCAT's ``launch_code`` says."""
    for field, letter, meaning in [
        ("category", 0, _CATEGORY_LETTER),
        ("outcome", 1, _OUTCOME_LETTER),
    ]:
        implied = log.launch_code.str[letter].map(meaning)
        wrong = log[field] != implied
        if wrong.any():
            tag = wrong.index[wrong][0]
            raise _fail(
                path,
                log.index.get_loc(tag) + 1,
                tag,
                field,
                f"launch_code {log.launch_code[tag]!r} means "
                f"{implied[tag]!r}, got {log[field][tag]!r}",
            )


def _check_spaceports(log: pd.DataFrame, path: str) -> None:
    """Each GCAT site code belongs to one spaceport: the one most of its rows name."""
    usual = log.groupby("launch_site").spaceport.agg(lambda s: s.value_counts().index[0])
    expected = log.launch_site.map(usual)
    wrong = log.spaceport != expected
    if wrong.any():
        tag = wrong.index[wrong][0]
        raise _fail(
            path,
            log.index.get_loc(tag) + 1,
            tag,
            "spaceport",
            f"site code {log.launch_site[tag]!r} belongs to {expected[tag]!r} in "
            f"the other rows, got {log.spaceport[tag]!r}",
        )


def load_launches() -> pd.DataFrame:
    """The GCAT launch log, validated, with two more columns.

    ``launch_time`` is ``launch_utc`` as a UTC timestamp (midnight when only the date is
    known: ``date_precision`` says so) and ``decade`` is the first year of the decade.
    Indexed by ``launch_tag``.
    """
    log = load_table(RESOURCE)
    path = resource(RESOURCE)["path"]
    log["launch_time"] = _launch_times(log, path)
    _check_codes(log, path)
    _check_spaceports(log, path)
    log["decade"] = (log.year // 10 * 10).astype("int64")
    return log


def _check_span(first: object, last: object, years: pd.Series) -> tuple[int, int]:
    low, high = int(years.min()), int(years.max())
    for name, value in (("first", first), ("last", last)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise ValueError(f"{name} must be a year as a whole number, got {value!r}")
        if not low <= value <= high:
            raise ValueError(
                f"{name} must be a year from {low} to {high} (the years in the log), got {value}"
            )
    if first > last:
        raise ValueError(
            f"the span of years is empty: first ({first}) is after "
            f"last ({last}); expected first <= last"
        )
    return int(first), int(last)


def _check_spaceports_chosen(spaceports: Iterable[str], known: Iterable[str]) -> list[str]:
    if isinstance(spaceports, str):
        spaceports = [spaceports]
    chosen = list(dict.fromkeys(spaceports))
    if not chosen:
        raise ValueError("choose at least one spaceport")
    unknown = [s for s in chosen if s not in set(known)]
    if unknown:
        raise ValueError(
            f"unknown spaceport(s) {unknown}: expected names from the log's "
            f"'spaceport' column, such as {BAIKONUR!r}"
        )
    return chosen


def summarise(
    launches: pd.DataFrame, spaceports: Iterable[str], first: int, last: int
) -> pd.DataFrame:
    """One row per chosen spaceport for the years ``first`` to ``last`` (both included).

    Columns: launches, failures, success rate (%), busiest year and its launches, and share of
    the world's launches from Earth in those years (%). Ascents from the Moon are left out.
    Raises ``ValueError`` naming the bad argument and what was expected.
    """
    first, last = _check_span(first, last, launches.year)
    earth = launches[launches.category.isin(EARTH)]
    chosen = _check_spaceports_chosen(spaceports, earth.spaceport.unique())
    span = earth[earth.year.between(first, last)]
    world = len(span)
    rows = []
    for name in chosen:
        own = span[span.spaceport == name]
        per_year = own.groupby("year").size()
        rows.append(
            {
                "spaceport": name,
                "launches": len(own),
                "failures": int((own.outcome == "failure").sum()),
                "success rate (%)": round(100 * (own.outcome == "success").mean(), 1)
                if len(own)
                else float("nan"),
                "busiest year": int(per_year.idxmax()) if len(own) else pd.NA,
                "launches that year": int(per_year.max()) if len(own) else 0,
                "share of world (%)": round(100 * len(own) / world, 1) if world else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("spaceport")


def year_ranges(years: Iterable[int]) -> str:
    """Years as short text, runs joined by an en dash.

    [1957, 1999, 2000, 2001] -> "1957, 1999–2001"."""
    values = sorted({int(y) for y in years})
    if not values:
        raise ValueError("year_ranges needs at least one year")
    runs: list[list[int]] = []
    for year in values:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)
