"""The data behind a chapter's charts, written as CSV files the page links for download.

:func:`save_download` writes ``downloads/<chapter>/<name>.csv``, with a ``source`` column
crediting the data, and returns the path written. The page links it with MyST's download role,
which makes Sphinx copy the file into the built site::

    {download}`Launches per year (CSV) <downloads/how-busy/launches_per_year.csv>`

Where ``downloads/`` is: when a learner runs a chapter (JupyterLab, Binder, nbval), in the
folder the kernel runs in (``book/``, where the link points). In the book build, each edition's
kernel writes into that edition's own folder, named by ``BAIKONUR_DOWNLOADS``, and the build
points the page's links there (``baikonur_sphinx.execution``): the English site offers the files
the English kernel wrote, the French site the French ones.

The files are output (``.gitignore`` keeps every ``downloads/`` folder out of git): running the
chapter writes them again.

A French page offers a French file: its column headers are French (:func:`_headers`, whose words
are in ``locales/fr/LC_MESSAGES/baikonur.po``), and so is every text cell the catalog translates
(a spaceport, a verdict, a claim); yes/no columns say "oui"/"non". Numbers stay as a program
reads them: a decimal point and no thousands separator, whatever the edition.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from .i18n import language, tr

__all__ = ["DOWNLOADS", "DOWNLOADS_ENV", "downloads_folder", "in_edition", "save_download"]

#: The folder a chapter's page links its downloads from, relative to the chapter.
DOWNLOADS = Path("downloads")
#: Set by the book build: the edition's own folder for what its kernel writes.
DOWNLOADS_ENV = "BAIKONUR_DOWNLOADS"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*\.csv")


def _headers() -> dict[str, str]:
    """The downloads' column names in the edition's words (a new column needs its line here)."""
    return {
        "article_date": tr("article_date"),
        "article_ref": tr("article_ref"),
        "baikonur_failures": tr("baikonur_failures"),
        "baikonur_launches": tr("baikonur_launches"),
        "baikonur_rank": tr("baikonur_rank"),
        "baikonur_share_pct": tr("baikonur_share_pct"),
        "baikonur_success_pct": tr("baikonur_success_pct"),
        "baikonur_successes": tr("baikonur_successes"),
        "busiest_spaceport": tr("busiest_spaceport"),
        "claim": tr("claim"),
        "claim_id": tr("claim_id"),
        "decade": tr("decade"),
        "deeper": tr("deeper"),
        "elsewhere_success_pct": tr("elsewhere_success_pct"),
        "evidence": tr("evidence"),
        "failures": tr("failures"),
        "famous_launches": tr("famous_launches"),
        "first_year": tr("first_year"),
        "gcat_pad": tr("gcat_pad"),
        "its_launches": tr("its_launches"),
        "label": tr("label"),
        "last_year": tr("last_year"),
        "launches": tr("launches"),
        "main_rockets": tr("main_rockets"),
        "name": tr("name"),
        "outlet": tr("outlet"),
        "partial_year": tr("partial_year"),
        "reason": tr("reason"),
        "seed_file": tr("seed_file"),
        "site_code": tr("site_code"),
        "source": tr("source"),
        "sources": tr("sources"),
        "spaceport": tr("spaceport"),
        "successes": tr("successes"),
        "verdict": tr("verdict"),
        "world_launches": tr("world_launches"),
        "year": tr("year"),
    }


def _cell(value):
    """A text cell in the edition's words where the catalog has them (a name, a verdict)."""
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, str) and value:
        try:
            return tr(value)
        except KeyError:  # a code, a number written as text, a list of keys: as it is
            return value
    return value


def in_edition(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the edition's column names and words (English: as it is)."""
    if language() == "en":
        return frame
    headers = _headers()
    unknown = [str(column) for column in frame.columns if column not in headers]
    if unknown:
        raise KeyError(
            f"no French header for the download column(s) {unknown}: add them to "
            f"baikonur.downloads._headers, run `make translations` and translate them"
        )
    words = frame.copy()
    for column in words.columns:
        values = words[column]
        if pd.api.types.is_bool_dtype(values) or pd.api.types.is_string_dtype(values):
            words[column] = values.map(_cell).astype(object)
    return words.rename(columns=headers)


def downloads_folder() -> Path:
    """Where :func:`save_download` writes: the build's edition folder, or ``downloads/`` here."""
    return Path(os.environ.get(DOWNLOADS_ENV) or DOWNLOADS)


def save_download(frame: pd.DataFrame, chapter: str, name: str, credit: str) -> Path:
    """Write ``frame`` (index ignored) as ``downloads/<chapter>/<name>`` with a ``source`` column.

    ``chapter`` is the chapter's slug (``how-busy``), ``name`` a snake_case file name ending in
    ``.csv``, ``credit`` the source and licence of the data ("GCAT (J. McDowell), CC BY").
    Returns the path written (relative to the current folder outside the book build). Raises
    ``ValueError`` naming the bad argument.
    """
    if not isinstance(chapter, str) or not _SLUG.fullmatch(chapter):
        raise ValueError(f"chapter must be a chapter slug like 'how-busy', got {chapter!r}")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(
            f"name must be a snake_case file name ending in .csv, like "
            f"'launches_per_year.csv', got {name!r}"
        )
    if not isinstance(credit, str) or not credit.strip():
        raise ValueError("credit cannot be empty: say where the data come from and their licence")
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ValueError(
            f"{name}: expected a DataFrame with rows, got "
            f"{type(frame).__name__ if not isinstance(frame, pd.DataFrame) else 'no rows'}"
        )
    if "source" in frame.columns:
        raise ValueError(
            f"{name}: the frame already has a 'source' column; save_download adds it from credit"
        )
    path = downloads_folder() / chapter / name
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = in_edition(frame.assign(source=credit.strip()))
    frame.to_csv(path, index=False, lineterminator="\n")
    return path
