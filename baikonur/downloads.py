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
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

__all__ = ["DOWNLOADS", "DOWNLOADS_ENV", "downloads_folder", "save_download"]

#: The folder a chapter's page links its downloads from, relative to the chapter.
DOWNLOADS = Path("downloads")
#: Set by the book build: the edition's own folder for what its kernel writes.
DOWNLOADS_ENV = "BAIKONUR_DOWNLOADS"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*\.csv")


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
    frame.assign(source=credit.strip()).to_csv(path, index=False, lineterminator="\n")
    return path
