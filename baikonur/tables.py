"""Tables for readers: headers in words with units, values formatted, no index, no dtype footer.

A pandas DataFrame shown as a cell's last line prints its index, its index names and raw values
("39341.0"); a Series adds a ``Name: …, dtype: …`` footer. :func:`reader_table` picks the columns
a reader needs, names them in words, formats each value, and returns a :class:`ReaderTable`, which
a notebook shows as an HTML table without an index (and as plain text without one).

    reader_table(pads, {"name": "Pad", "launches": "Launches"}, {"launches": "{:,}"})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

__all__ = ["ReaderTable", "reader_table"]

Format = str | Callable[[object], str]


class ReaderTable:
    """A table of text cells, ready to show: ``_repr_html_`` for notebooks, ``str`` for text."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, border=0, justify="left",
                                  classes="dataframe reader-table")

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)

    def __len__(self) -> int:
        return len(self.frame)


def _format(value: object, how: Format | None, column: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if how is None:
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    if callable(how):
        return how(value)
    try:
        return how.format(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"column {column!r}: cannot format {value!r} with {how!r} ({error})") \
            from None


def reader_table(frame: pd.DataFrame | pd.Series, columns: Mapping[str, str],
                 formats: Mapping[str, Format] | None = None) -> ReaderTable:
    """The columns of ``frame`` named in ``columns`` (in that order), headed by their words.

    ``frame``'s index is a column like any other (by its name, or ``"index"`` if unnamed); a
    Series is its one column plus its index. ``formats`` maps a column to a format string
    (``"{:,.0f}"``) or a function returning text; integers get thousands separators by default.
    Raises ``ValueError`` naming a column that is not in the frame, or a value that its format
    cannot take.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
    data = frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame
    formats = dict(formats or {})
    unknown = [c for c in [*columns, *formats] if c not in data.columns]
    if unknown:
        raise ValueError(f"no column {unknown[0]!r} in the table: expected one of "
                         f"{', '.join(map(str, data.columns))}")
    if len(set(columns.values())) != len(columns):
        raise ValueError(f"two columns have the same header: {list(columns.values())}")
    shown = pd.DataFrame({header: [_format(v, formats.get(column), column)
                                   for v in data[column].tolist()]
                          for column, header in columns.items()})
    return ReaderTable(shown)
