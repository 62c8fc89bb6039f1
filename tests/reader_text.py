"""What a reader sees on a built page, as text: the pieces the page-reading tests look at."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup
from book_site import HTML

#: Elements whose text a reader reads as one statement (a sentence's paragraph, a table row).
BLOCKS = ["p", "li", "tr", "dt", "dd", "figcaption", "caption", "h1", "h2", "h3", "h4"]


@dataclass(frozen=True)
class Block:
    page: str
    kind: str
    text: str

    def where(self) -> str:
        shown = self.text if len(self.text) < 160 else self.text[:157] + "…"
        return f"{self.page}, {self.kind}: “{shown}”"


@lru_cache(maxsize=None)
def soup(page: str) -> BeautifulSoup:
    document = BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")
    for hidden in document(["script", "style", "noscript", "template"]):
        hidden.decompose()
    return document


def main_content(page: str):
    """The page's article: what the author wrote, without navigation and sidebars."""
    document = soup(page)
    return document.find("article") or document.find("main") or document


def blocks(page: str, outputs: bool = True) -> list[Block]:
    """The page's reading blocks (paragraphs, list items, table rows…), whitespace folded.
    ``outputs=False`` leaves out what cells printed (tables, text outputs)."""
    found = []
    for element in main_content(page).find_all(BLOCKS):
        if not outputs and element.find_parent(class_="cell_output"):
            continue
        if element.find_parent(class_="cell_input"):
            continue
        text = " ".join(element.get_text(" ").split())
        if text:
            found.append(Block(page, element.name, text))
    return found


def chapter_pages() -> list[str]:
    """The chapters (notebooks of _toc.yml, .md or .ipynb), not the intro, bibliography or
    glossary."""
    from book_site import ROOT

    from baikonur.book import chapter_notebooks

    found = [f"book/{p.stem}.html" for p in chapter_notebooks(ROOT) if p.stem != "intro"]
    assert found, "no chapter notebooks found through _toc.yml"
    return sorted(found)


def code_inputs(page: str) -> list[str]:
    """The source of every code cell printed on the page."""
    return [area.get_text() for area in main_content(page).select(".cell_input pre")]


WORD_BREAK = r"(?<![\w-])"


def mention(term: str) -> re.Pattern:
    """A pattern that finds a glossary term in running text: case-insensitive unless the term is
    an acronym, spaces or hyphens alike, straight or curly apostrophes."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", term)]
    body = r"[\s-]+".join(words).replace("\\'", "['’]")
    flags = 0 if term.isupper() or re.search(r"\d|[A-Z]{2}", term) else re.I
    return re.compile(WORD_BREAK + body + r"(?![\w])", flags)


def is_python_literal(text: str) -> bool:
    """Whether ``text`` is nothing but a Python value as the interpreter echoes it: ``'true'``,
    ``42``, ``None``, ``[1, 2]``. A cell whose last line returns a value prints it this way;
    a reader needs a sentence, a table or nothing."""
    text = text.strip()
    if not text:
        return False
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def literal_outputs(page: str) -> list[str]:
    """What cells printed on the page that is only a Python literal, each as "page: text"."""
    found = []
    for output in main_content(page).select(".cell_output .output"):
        if output.find_parent(class_="output") is not None:
            continue
        text = output.get_text()
        if is_python_literal(text):
            found.append(f"{page}: {text.strip()[:80]}")
    return found
