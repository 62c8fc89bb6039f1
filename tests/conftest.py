"""Shared fixtures: the repository root, a scratch copy of data/ for bad-input tests, and the book
built as it will be published (placeholder URLs); the test tiers (markers, set here).

Tiers, by marker, set on every test from the fixtures and markers it declares (never guessed):

- ``build``: reads the built book (the ``built_book`` fixture: ``_build/html``, from ``make
  book``), builds one (``published``, the Sphinx extension's fixture books; a test that builds
  one in its own ``tmp_path`` says so with ``@pytest.mark.build``), or runs the chapters (nbval,
  self-checks);
- ``browser``: drives Chromium (the ``browser`` fixture); always ``build`` too;
- ``binder``: builds a fresh virtual environment and runs the chapters in it (``pytestmark`` in
  test_binder.py); ``build`` too.

``pytest -m "not build and not browser"`` is the fast tier: the helpers and the data, without a
build. ``make test`` runs all of them.

Tests are grouped one way: ``chapters/test_<slug>.py`` for each page of the book (its prose,
tables, figures and maps as built, and in the browser); ``helpers/`` one module per helper of
``baikonur/`` (and the data package); ``extension/`` the build extension ``baikonur_sphinx/``
(its fixture book in ``roots/``); ``site/`` what holds for every page (self-contained, readable,
accessible, one truth per fact, publishing, the French edition). Helper modules that tests share
(not tests): ``book_site.py``, ``browser_pages.py``, ``reader_text.py``, ``nbval_myst.py``,
``chapter_outputs.py``, ``seed_fingerprints.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import book_site
from book_site import copy_repository
from baikonur import data as bk_data
from baikonur.book import page_path

# nbval runs the chapters whether they are .ipynb or MyST .md notebooks (tests/nbval_myst.py).
pytest_plugins = ["nbval_myst"]

ROOT = Path(__file__).resolve().parent.parent
# Placeholders for the test build only: the real values come from _config.yml or the workflow.
PLACEHOLDER_REPOSITORY = "https://github.com/placeholder-owner/placeholder-book"
PLACEHOLDER_SITE = "https://placeholder-owner.github.io/placeholder-book/"
TEMPLATE_AS_CHAPTER = "book/template-check"


# Fixtures that mean a test needs a build, or a browser: "built_book" is the book of `make book`,
# "executed" runs every chapter (self-checks), "globe_site" builds the geo-figure fixture book.
BUILD_FIXTURES = {
    "built_book",
    "published",
    "site",
    "sphinx_test_tempdir",
    "app",
    "make_app",
    "executed",
    "globe_site",
}
BROWSER_FIXTURES = {"browser"}
# pytest skips a test parametrized over an empty list; a check of the built book with no page to
# check (no book built, or every page it checks gone) fails instead (pytest_runtest_setup).
EMPTY_PARAMETERS = "got empty parameter set"
NOTHING_TO_CHECK = pytest.StashKey[str]()


def pytest_collection_modifyitems(config, items):
    for item in items:
        empty = [
            mark
            for mark in item.own_markers
            if mark.name == "skip"
            and str(mark.kwargs.get("reason", "")).startswith(EMPTY_PARAMETERS)
        ]
        if empty and "built_book" in getattr(item, "fixturenames", ()):
            item.own_markers = [mark for mark in item.own_markers if mark not in empty]
            item.stash[NOTHING_TO_CHECK] = str(empty[0].kwargs["reason"]).split(",")[0]
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if (
            fixtures & (BUILD_FIXTURES | BROWSER_FIXTURES)
            or type(item).__name__ == "IPyNbCell"
            or item.get_closest_marker("binder")
        ):
            item.add_marker(pytest.mark.build)


def _built_book() -> Path:
    if not (book_site.HTML / "index.html").is_file():
        pytest.fail(
            f"No built book in {book_site.HTML}: run `make book` first (or run the fast tier "
            f'alone: make fast-test, pytest -m "not build and not browser")',
            pytrace=False,
        )
    return book_site.HTML


def pytest_runtest_setup(item):
    nothing = item.stash.get(NOTHING_TO_CHECK, None)
    if nothing is not None:
        _built_book()
        pytest.fail(
            f"{item.nodeid}: nothing to check ({nothing}): the pages it checks are missing",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book of `make book` (``_build/html``). A module whose tests read it declares so with
    ``pytestmark = pytest.mark.usefixtures("built_book")``; without a built book they fail, and
    say what to run."""
    return _built_book()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (which downloads no browser of its own)."""
    from playwright.sync_api import sync_playwright

    from book_site import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
    """Edit a file in place, failing loudly if the text to replace is not there. A file of a data
    package is edited as an author would: its size, hash and row count are then re-recorded in
    datapackage.json (``python -m baikonur.data --update-hashes``), so that the loader judges the
    edited values rather than stopping at "the file changed"."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if (path.parent / bk_data.PACKAGE_FILE).is_file() and path.name != bk_data.PACKAGE_FILE:
        bk_data.update_integrity(path.parent)


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """Build a copy of the repository as the Pages workflow would, with the template added."""
    # Reuse the executed notebooks of `make book` (jupyter-cache matches them by content), with
    # the files they wrote (downloads) (baikonur_sphinx/execution.py).
    source = copy_repository(
        tmp_path_factory.mktemp("published") / "repository", caches=("_build/.jupyter_cache",)
    )
    # CONTRIBUTING.md, "Add a chapter": copy the template, add its line to _toc.yml.
    template = page_path(source, "templates/chapter")  # templates/chapter.md (or .ipynb)
    shutil.copy2(template, source / f"{TEMPLATE_AS_CHAPTER}{template.suffix}")
    toc = source / "_toc.yml"
    toc.write_text(
        toc.read_text().replace(
            "  - file: book/bibliography\n",
            f"  - file: {TEMPLATE_AS_CHAPTER}\n  - file: book/bibliography\n",
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "BAIKONUR_REPOSITORY_URL": PLACEHOLDER_REPOSITORY,
        "BAIKONUR_REPOSITORY_BRANCH": "main",
        "BAIKONUR_SITE_URL": PLACEHOLDER_SITE,
    }
    build = subprocess.run(
        [
            str(Path(sys.executable).parent / "jupyter-book"),
            "build",
            str(source),
            "--all",
            "-W",
            "-n",
            "--keep-going",
        ],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    return source / "_build" / "html"


@pytest.fixture(scope="module")
def site():
    """The built book served on a free local port, under the sub-path GitHub Pages uses."""
    from book_site import Site

    with Site() as running:
        yield running
