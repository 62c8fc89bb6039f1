"""Tables for readers: a DataFrame shown as an edited HTML table.

House style for a table on the page: headers in words with units, formatted values, no index
and no index name, no ``Name: …, dtype: …`` footer. :func:`edited_table` does that in one call,
so a chapter's last line can be ``edited_table(frame, {...})`` instead of a raw DataFrame.
"""

from __future__ import annotations

import numbers
from typing import Callable, Mapping

import pandas as pd
from IPython.display import HTML

from .escaping import html_text
from .i18n import format_number, tr

__all__ = ["edited_table", "table_html"]


def table_html(
    frame: pd.DataFrame | pd.Series,
    headers: Mapping[str, str],
    formats: Mapping[str, Callable[[object], str]] | None = None,
) -> str:
    """The columns named in ``headers`` (in that order, renamed to its values) as an HTML table.

    ``formats`` maps a column to a function that turns a value into text ("39,341", "5 October
    2021"); a number without one is written as ``str`` writes it, in the edition's way ("94.5",
    "94,5"). A Series is shown as a two-column table: its index under the header of the key
    ``"index"``, its values under the header of the key ``"value"``. The index is never shown
    otherwise: put what it holds in a column first. Headers and values are text, never markup
    (:func:`baikonur.escaping.html_text`); a missing value shows as "–". The table is
    wrapped in a box that scrolls sideways when the screen is narrower than the table.
    """
    if isinstance(frame, pd.Series):
        frame = pd.DataFrame({"index": frame.index, "value": frame.to_numpy()})
    missing = [c for c in headers if c not in frame.columns]
    if missing:
        raise KeyError(
            f"edited_table: no column(s) {missing} to show; the table has {list(frame.columns)}"
        )
    unknown = [c for c in (formats or {}) if c not in headers]
    if unknown:
        raise KeyError(f"edited_table: formats given for column(s) {unknown} that are not shown")
    shown = frame[list(headers)].copy()
    for column in shown.columns:
        fmt = (formats or {}).get(column, _number_as_written)
        shown[column] = [fmt(v) for v in shown[column]]
    # Escaped here, by the book's one rule, not by pandas (which leaves quotes, backticks and
    # braces alone).
    for column in shown.columns:
        shown[column] = ["–" if _missing(v) else html_text(v) for v in shown[column]]
    shown = shown.rename(columns={c: html_text(h) for c, h in headers.items()})
    # A name on the columns (a pivot's "verdict") would print as a header cell of its own.
    shown.columns.name = None
    table = shown.to_html(index=False, border=0, classes="bk-table", escape=False, justify="left")
    # On a narrow screen a wide table scrolls in its own box instead of overflowing the page;
    # the box takes keyboard focus (so it can be scrolled without a mouse) and is named.
    name = html_text(tr("Table: {columns}", columns=", ".join(dict(headers).values())))
    return (
        f'<div class="bk-table-wrap" style="overflow-x:auto" tabindex="0" role="region" '
        f'aria-label="{name}">{table}</div>'
    )


def _number_as_written(value: object) -> object:
    """A number with no format of its own, as ``str`` writes it ("94.5", "-41", "1994"), in the
    edition's way ("94,5", "−41"); other values as they are."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or _missing(value):
        return value
    written = str(value)
    decimals = len(written.split(".")[1]) if "." in written and "e" not in written else 0
    return format_number(value, decimals, grouping=False) if "e" not in written else written


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (a list or array is a value, not missing)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def edited_table(
    frame: pd.DataFrame | pd.Series,
    headers: Mapping[str, str],
    formats: Mapping[str, Callable[[object], str]] | None = None,
) -> HTML:
    """:func:`table_html` for a notebook cell: the last line of a cell readers see."""
    return HTML(table_html(frame, headers, formats))
