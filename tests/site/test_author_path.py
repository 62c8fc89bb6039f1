"""CONTRIBUTING.md's "Add a chapter", followed as an author would, on a book of three pages: the
template copied to book/<slug>.md and listed in _toc.yml, then built with the book's own
_config.yml and -W. The steps cannot rot without this failing: the template must build, link the
glossary, have its exercises and self-checks, and each self-check's answer must be a value the
chapter glues."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from baikonur.book import page_path
from conftest import ROOT
from test_authoring import glossary_problem, glossary_terms
from chapter_outputs import glue_and_checks, glued_value, unglued_answers

SLUG = "new-chapter"
pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def author_book(tmp_path_factory) -> Path:
    """The built folder of a book with an intro, the template as a chapter, and the glossary."""
    book = tmp_path_factory.mktemp("author") / "book"
    (book / "book").mkdir(parents=True)
    for name in ("_config.yml", "package.json"):
        shutil.copy2(ROOT / name, book / name)
    for name in ("glossary.md", "references.bib"):
        shutil.copy2(ROOT / "book" / name, book / "book" / name)
    shutil.copytree(ROOT / "book" / "images", book / "book" / "images")
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    (book / "book" / "intro.md").write_text(
        "# A book to try the template\n\nThe first page of a book of three pages, on which the "
        "tests build the chapter template as an author would.\n",
        encoding="utf-8",
    )
    # The steps of CONTRIBUTING.md, "Add a chapter": copy the template, list it in _toc.yml.
    template = page_path(ROOT, "templates/chapter")
    shutil.copy2(template, book / "book" / f"{SLUG}{template.suffix}")
    (book / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/intro\nchapters:\n  - file: book/{SLUG}\n"
        "  - file: book/glossary\n",
        encoding="utf-8",
    )
    build = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--all", "-W", "-n"],
        cwd=book,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-5000:] + build.stderr[-3000:]
    return book / "_build"


def test_the_template_builds_as_a_chapter_with_warnings_as_errors(author_book):
    page = (author_book / "html" / "book" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Your question, as a reader would ask it?" in page
    assert page.count('href="glossary.html#term-') >= 3, "the template's glossary links"
    assert page.count('class="bk-selfcheck') >= 2 or page.count("data-key=") >= 2, "self-checks"
    assert page.count("exercise") >= 2, "the template's exercises"


def test_the_template_passes_the_authors_checks(author_book):
    chapter = author_book.parent / "book" / f"{SLUG}.md"
    assert glossary_problem(chapter, glossary_terms()) is None
    executed = author_book / "jupyter_execute" / "book"
    _, checks = glue_and_checks(nbformat.read(executed / f"{SLUG}.ipynb", 4))
    # myst-nb keeps the glued values beside the executed notebook, not in it.
    glue = {
        key: glued_value(output["data"]["text/plain"])
        for key, output in json.loads((executed / f"{SLUG}.glue.json").read_text()).items()
    }
    assert len(checks) >= 2, f"{len(checks)} self-checks in the executed template"
    assert glue, f"no glued value in {executed}"
    problems = unglued_answers(SLUG, glue, checks, others={})
    assert not problems, "\n".join(problems)
