"""Shared fixtures: the repository root, and a scratch copy of data/ for bad-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from baikonur import data as bk_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch_data(tmp_path, monkeypatch):
    """A copy of data/ that a test may break; the loader is pointed at it through BAIKONUR_DATA."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    monkeypatch.setenv(bk_data.DATA_DIR_ENV, str(folder))
    bk_data._read_package.cache_clear()
    yield folder
    bk_data._read_package.cache_clear()


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a data file in place, failing loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
