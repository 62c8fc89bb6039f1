"""The execution cache's bookkeeping (baikonur_sphinx.execution): when a cached notebook must run
again, and which page a cache entry belongs to. The build itself: tests/site/test_honest_cache.py.
"""

from __future__ import annotations

import hashlib

from baikonur_sphinx.execution import _docname_of, _source_of, _why_stale


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_cached_notebook_runs_again_when_a_file_it_read_or_wrote_changes(tmp_path):
    root, downloads = tmp_path / "book", tmp_path / "cache" / "downloads"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.csv").write_text("x\n1\n")
    (downloads / "how-busy").mkdir(parents=True)
    (downloads / "how-busy" / "t.csv").write_text("y\n")
    entry = {"reads": {"data/a.csv": _digest("x\n1\n")}, "writes": ["how-busy/t.csv"]}
    assert _why_stale(entry, root, downloads) is None
    assert _why_stale(None, root, downloads) == "no record of the files it read"
    (downloads / "how-busy" / "t.csv").unlink()
    assert _why_stale(entry, root, downloads) == "the file it wrote, how-busy/t.csv, is gone"
    (downloads / "how-busy" / "t.csv").write_text("y\n")
    (root / "data" / "a.csv").write_text("x\n2\n")
    assert _why_stale(entry, root, downloads) == "data/a.csv changed"
    (root / "data" / "a.csv").unlink()
    assert _why_stale(entry, root, downloads) == "data/a.csv is gone"


def test_a_cache_entry_belongs_to_its_page_in_this_book_or_in_a_copy(tmp_path):
    root = tmp_path / "copy"
    assert _docname_of(str(root / "book" / "how-busy.md"), root, set()) == "book/how-busy"
    recorded = {"book/how-busy", "book/intro"}
    elsewhere = str(tmp_path / "original" / "book" / "how-busy.md")
    assert _docname_of(elsewhere, root, recorded) == "book/how-busy"
    assert _docname_of(str(tmp_path / "other" / "x.md"), root, recorded) is None


def test_a_compiled_module_stands_for_its_source(tmp_path):
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "data.py").write_text("")
    compiled = tmp_path / "__pycache__" / "data.cpython-311.pyc"
    assert _source_of(compiled) == tmp_path / "data.py"
    assert _source_of(tmp_path / "x.csv") == tmp_path / "x.csv"
