"""The execution caches tell the truth: an edit to any file a notebook reads reaches both editions,
and each edition publishes its own downloads, on a rebuild and on the build after it.

One copy of the repository (with the execution caches of `make book`, so only what the edits
touch runs again) gets one edit of each kind of input: a data file, a helper module, the
bibliography and the French catalog of figure strings. `make book` in the copy, then again with
nothing changed; after each, both editions' pages and downloads are compared with the edits and
with the edition's language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from baikonur.data import update_integrity
from book_site import HTML, ROOT, copy_repository

pytestmark = pytest.mark.usefixtures("built_book")

DECADES = "how-busy/baikonur_and_world_by_decade.csv"
CLAIMS = "checking-the-headlines/claims.csv"
# What the helper edit adds to every download's source column (baikonur.downloads).
HELPER_MARK = " [credit edited by the cache test]"


def _make_book(repository: Path) -> str:
    """`make book` in the copy, on the tests' virtual environment and npm packages."""
    venv = Path(sys.executable).parent.parent
    # The copy's helpers, not the ones the environment installed (editable, from the repository).
    environment = {**os.environ, "PYTHONPATH": str(repository)}
    build = subprocess.run(
        [
            "make",
            "book",
            f"VENV={venv}",
            # Installed already: not again in the copy.
            "-o",
            f"{venv}/.installed",
            "-o",
            "node_modules/.installed",
        ],
        cwd=repository,
        env=environment,
        capture_output=True,
        text=True,
    )
    log = build.stdout + build.stderr
    problems = [
        line
        for line in log.splitlines()
        if re.search(r"WARNING|ERROR|Error|Traceback", line) and "IPKernelApp" not in line
    ]
    assert build.returncode == 0, "\n".join(problems[-40:]) or log[-6000:]
    return log


def _download(site: Path, edition: str, name: str) -> str:
    """The text of download ``name`` the edition's pages link (there is exactly one)."""
    folder = site / edition
    page = folder / "book" / f"{name.split('/')[0]}.html"
    links = {
        a["href"]
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a.download")
        if a["href"].endswith("/" + name.split("/")[1])
    }
    assert len(links) == 1, f"{page}: links to {name}: {links}"
    return (page.parent / links.pop()).resolve().read_text(encoding="utf-8")


def _tables_text(page: Path, selector: str = "table") -> str:
    """The text of a page's tables (``.cell_output table``: those the notebook's cells output,
    not the citations Sphinx writes from the bibliography itself)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return " ".join(table.get_text(" ") for table in soup.select(selector))


def _glued_values(page: Path) -> list[str]:
    """The values a page's text takes from its notebook (myst-nb's ``{glue:text}``)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [span.get_text() for span in soup.select("span.pasted-text")]


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _publisher_in_film_tables() -> str:
    """A publisher the film evidence page's tables name, read from the bibliography (the
    notebook does the same), and present in both editions' tables as built by `make book`."""
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    tables = [
        _tables_text(HTML / prefix / "book" / "film-evidence.html", ".cell_output table")
        for prefix in ("", "fr")
    ]
    for name in re.findall(r"^\s*journal\s*=\s*\{([^{}]+)\},$", bib, re.M):
        if all(name in text for text in tables) and bib.count(name) == bib.count(f"{{{name}}}"):
            return name
    pytest.fail("no journal of book/references.bib is named in the film evidence page's tables")


def test_edits_reach_both_editions_and_each_edition_keeps_its_downloads(tmp_path):
    if not (HTML / "fr" / "index.html").is_file():
        pytest.fail("No built book with its French edition: run `make book` first", pytrace=False)
    repository = tmp_path / "book"
    # The executions of `make book`, each edition's with what its kernels wrote: only what the
    # edits touch runs again.
    copy_repository(repository, caches=("_build/.jupyter_cache", "_build/fr/_build/.jupyter_cache"))
    publisher = _publisher_in_film_tables()

    # One edit of each kind of input.
    # Data: a figure of the lease (the ellipse's north-south size), glued and tabled in both
    # editions.
    figures = repository / "data" / "baikonur_key_figures.csv"
    _replace(figures, "leased_ellipse_north_south_km,85,", "leased_ellipse_north_south_km,87,")
    # As an author would after a data edit: re-record the files' sizes, hashes and row counts.
    update_integrity(repository / "data")
    # A helper module: every download credits its source with a mark.
    helper = repository / "baikonur" / "downloads.py"
    _replace(
        helper,
        "frame.assign(source=credit.strip())",
        f"frame.assign(source=credit.strip() + {HELPER_MARK!r})",
    )
    # The bibliography: a publisher renamed (the film evidence page's "According to" column).
    _replace(repository / "book" / "references.bib", f"{{{publisher}}}", f"{{{publisher} Edited}}")
    # The French catalog of figure strings: the last decade's label (a download's too).
    catalog = repository / "locales" / "fr" / "LC_MESSAGES" / "baikonur.po"
    _replace(catalog, "incomplètes)", "inachevées)")

    # Stale output of an earlier build, which a build must not publish.
    site = repository / "_build" / "html"
    (site / "reports").mkdir(parents=True)
    (site / "reports" / "stale.err.log").write_text("stale", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")

    for build in ("after the edits", "again, with nothing changed"):
        log = _make_book(repository)
        if build.startswith("again"):
            executed = re.findall(r"(\S+): Executing notebook", log)
            assert not executed, f"nothing changed, yet notebooks ran again: {executed}"
        assert not (site / "reports" / "stale.err.log").exists()
        assert not (site / "sitemap.xml").exists(), "a sitemap from an earlier build is published"

        english, french = (_download(site, e, DECADES) for e in ("", "fr"))
        assert "partial" in english and "années" not in english, (build, english[-300:])
        assert "inachevées" in french and "partial" not in french, (build, french[-300:])
        for edition in ("", "fr"):
            for name in (DECADES, CLAIMS):
                text = _download(site, edition, name)
                assert HELPER_MARK in text, (build, edition, name, text[:300])
            film = site / edition / "book" / "film-evidence.html"
            tables = _tables_text(film, ".cell_output table")
            assert f"{publisher} Edited" in tables, (build, edition, publisher)
            exists = site / edition / "book" / "baikonur-exists.html"
            glued = _glued_values(exists)
            assert "87" in glued and "85" not in glued, (build, edition, glued)
            assert "87 km" in _tables_text(exists), (build, edition)
