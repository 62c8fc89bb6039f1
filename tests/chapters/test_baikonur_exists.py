"""Chapter 1, "Does Baikonur really exist?", as built: what happens there today, glued and cited."""

from __future__ import annotations

import pytest

from reader_text import main_content

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

EXISTS = "book/baikonur-exists.html"


def test_chapter_one_says_what_happens_there_today():
    section = main_content(EXISTS).find(id="what-happens-there-today")
    assert section is not None, "no section 'What happens there today?'"
    text = " ".join(section.get_text(" ").split())
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
        assert fact in text, f"'What happens there today?' lacks {fact!r}"
    assert text.count("[") >= 6, "the section's claims are not cited"
