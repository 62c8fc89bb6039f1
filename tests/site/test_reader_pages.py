"""Static pages a reader can read: no raw program output, no learner-only widget code, glossary
words linked where a chapter first uses them."""

from __future__ import annotations

import re

import pytest
from book_site import pages
from reader_text import blocks, chapter_pages, code_inputs, main_content, mention, soup

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

CHAPTERS = chapter_pages()
RAW_SERIES = re.compile(r"(Name: [^,]{1,60}, )?dtype: [a-z0-9\[\], ]+")
WIDGET_CODE = re.compile(r"\bipywidgets\b|\bwidgets\.\w+|\binteract(ive)?\(|\.observe\(")


@pytest.mark.parametrize("page", pages())
def test_no_raw_pandas_output(page):
    raw = [b.where() for b in blocks(page) if RAW_SERIES.search(b.text)]
    raw += [
        f"{page}, printed output: “{pre.get_text()[:120]}”"
        for pre in main_content(page).select(".cell_output pre")
        if RAW_SERIES.search(pre.get_text())
    ]
    assert not raw, (
        "a pandas Series or frame printed as is (its `dtype:` line shows): make it "
        "an edited table or a sentence (STYLE.md, Tables):\n" + "\n".join(raw)
    )


@pytest.mark.parametrize("page", CHAPTERS)
def test_no_learner_widget_code_on_the_page(page):
    printed = [src.strip().splitlines()[0] for src in code_inputs(page) if WIDGET_CODE.search(src)]
    assert not printed, (
        f"{page} prints widget code, which only learners with a kernel can use. Tag the cell "
        "`remove-input` (or `remove-cell`), keep a static rendering after it, and import "
        "ipywidgets inside that cell. Cells that begin with:\n" + "\n".join(printed)
    )


def glossary_terms() -> dict[str, str]:
    """Each glossary term's text, by its anchor."""
    terms = {}
    for dt in soup("book/glossary.html").select("dl.glossary dt[id]"):
        for permalink in dt.select("a.headerlink"):
            permalink.decompose()
        terms[dt["id"]] = " ".join(dt.get_text(" ").split())
    return terms


def test_the_glossary_is_read():
    terms = glossary_terms()
    assert len(terms) >= 10 and terms.get("term-UTC") == "UTC", terms


# At least three glossary links per chapter: checked on the sources, in the fast tier
# (tests/site/test_authoring.py).


def _prose(page):
    """Paragraphs and list items a reader reads, in order, each with its glossary links."""
    for element in main_content(page).find_all(["p", "li"]):
        if (
            element.find_parent(class_=["cell_output", "cell_input"])
            or element.find_parent(id=re.compile("^(sources|references)"))
            or element.find_parent(class_=re.compile("bibliography|citation"))
        ):
            continue
        text = " ".join(element.get_text(" ").split())
        anchors = {a["href"].split("#", 1)[1] for a in element.select('a[href*="#term-"]')}
        yield text, anchors


@pytest.mark.parametrize("page", CHAPTERS)
def test_glossary_words_are_linked_on_first_use(page):
    unlinked = []
    for anchor, term in glossary_terms().items():
        pattern = mention(term)
        first = next(
            ((text, anchors) for text, anchors in _prose(page) if pattern.search(text)), None
        )
        if first and anchor not in first[1]:
            unlinked.append(f"{term!r} first in “{first[0][:120]}”")
    assert not unlinked, (
        f"{page} uses glossary words without linking them the first time "
        "(write {term}`word` there):\n" + "\n".join(unlinked)
    )


def _folded(cell) -> bool:
    """A cell whose code is folded behind a "Show code cell source" bar."""
    return any(tag in cell.get("class", []) for tag in ("tag_hide-input", "tag_hide-cell"))


@pytest.mark.parametrize("page", CHAPTERS)
def test_no_code_bars_stack_up(page):
    # A folded cell that shows nothing, followed at once by another folded cell: two bars, one
    # above the other, before one output. Make them one cell.
    stacked = []
    for cell in main_content(page).select("div.cell"):
        following = cell.find_next_sibling()
        if (
            _folded(cell)
            and not cell.select(".cell_output > *")
            and following is not None
            and "cell" in following.get("class", [])
            and _folded(following)
        ):
            source = cell.select_one(".cell_input pre")
            stacked.append((source.get_text() if source else "").strip().splitlines()[0][:80])
    assert not stacked, (
        f"{page}: code bars stacked one on another (fold the cells into one); the first cells "
        "of each stack begin with:\n" + "\n".join(stacked)
    )
