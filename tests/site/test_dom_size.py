"""Pages a phone can carry: every built page, in both editions, holds at most DOM_BUDGET elements.

Counted in the HTML as built, the way a browser parses it before any script runs: each start tag
is one element (Lighthouse's "Avoid an excessive DOM size" counts the same tree once the page has
loaded; the book's figures draw only when scrolled into view, maps live in their own documents).
A long page over budget gives its evidence a page of its own (the film chapter's timeline and
clocks are on film-evidence.html, each headline's check on claim-checks.html, the ISS at the
steppe chapter's liftoff on liftoff-evidence.html). `make bench` records the same count, after
drawing, for every page (bench/RESULTS.md).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from book_site import HTML, pages

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

DOM_BUDGET = 5_000  # elements per page (Lighthouse warns from 800 and fails at 1,400 in a body)

# Pages known to be over budget, each with what keeps it there: page path -> reason.
# Strict: the day such a page is back under budget its xfail fails, and the entry must go.
OVER_BUDGET: dict[str, str] = {
    f"{edition}book/how-busy.html": (
        "5,659 elements after its layout tuning moved into baikonur/style.py and the tables "
        "that repeated a chart or the prose went (6,607 when the budget came in); most are its "
        "code cells' highlighted source: its data loading and checks wait for a page of their own"
    )
    for edition in ("", "fr/")
}


class _ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1

    def handle_startendtag(self, tag, attrs):
        self.elements += 1


def dom_elements(markup: str) -> int:
    """How many elements the markup holds (start tags, void and self-closed ones included)."""
    counter = _ElementCounter()
    counter.feed(markup)
    counter.close()
    return counter.elements


def test_the_counter_counts_elements_not_text():
    assert dom_elements("<p>a <b>b</b><br>c<img src=x /></p><!-- <i>not</i> -->") == 4
    assert dom_elements("<script>if (a<b) {}</script>") == 1


BOOK_PAGES = [p for p in pages() if "/book/" in f"/{p}"]


@pytest.mark.parametrize(
    "page_path",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=OVER_BUDGET[p], strict=True))
        if p in OVER_BUDGET
        else p
        for p in BOOK_PAGES
    ],
)
def test_page_dom_within_budget(page_path):
    count = dom_elements((HTML / page_path).read_text(encoding="utf-8"))
    assert count <= DOM_BUDGET, (
        f"{page_path} holds {count:,} elements, {count - DOM_BUDGET:,} over the budget of "
        f"{DOM_BUDGET:,}: give a long chapter's evidence a page of its own, or fold its tables"
    )


def test_both_editions_are_counted():
    english = [p for p in BOOK_PAGES if not p.startswith("fr/")]
    french = [p for p in BOOK_PAGES if p.startswith("fr/")]
    assert english and len(french) == len(english), (english, french)
