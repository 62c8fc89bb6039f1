"""Chapter 1, "Does Baikonur really exist?", as built: what happens there today, glued and cited."""

from __future__ import annotations

import html as html_lib
import re

from book_site import HTML

EXISTS = "book/baikonur-exists.html"


def read(page):
    return (HTML / page).read_text(encoding="utf-8")


def main(page):
    """The page's article, without the site's header, sidebars and footer."""
    text = read(page)
    found = re.search(r'<article class="bd-article">(.*?)</article>', text, re.S)
    assert found, f"{page}: no article element"
    return found.group(1)


def words(fragment):
    """The text a reader sees: inline tags vanish, block tags separate words."""
    inline = r"</?(?:a|em|strong|span|code|cite|abbr|sup|sub)\b[^>]*>"
    text = re.sub(r"<[^>]+>", " ", re.sub(inline, "", fragment))
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


def test_chapter_one_says_what_happens_there_today():
    article = main(EXISTS)
    assert 'id="what-happens-there-today"' in article
    section = words(article.split('id="what-happens-there-today"', 1)[1].split("<section", 1)[0])
    for fact in (
        "25 September 2019",
        "19 July 2025",
        "28 April 2016",
        "27 November 2025",
        "3 March 2026",
        "22 March 2026",
        "Vostochny",
        "Baiterek",
        "Manturov",
    ):
        assert fact in section, f"'What happens there today?' lacks {fact!r}"
    assert section.count("[") >= 6, "the section's claims are not cited"
