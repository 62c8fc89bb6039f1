"""The front door (the intro), as built, and the editorial checks it shares with chapters 1 and 2.

The intro answers each headline question with glued numbers and links into the chapters, shows
one figure, and promises only the buttons the page has; the chapters show edited tables (no pandas
index names or dtype footers), no learner-only widget code, glossary links on first use, French
spellings once, and the launch log's two end dates each stated the one true way.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from book_site import HTML

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

INTRO = "book/intro.html"
EXISTS = "book/baikonur-exists.html"
BUSY = "book/how-busy.html"
CHAPTERS = [
    "baikonur-exists",
    "how-busy",
    "why-the-steppe",
    "first-film-in-space",
    "checking-the-headlines",
]


def read(page):
    return (HTML / page).read_text(encoding="utf-8")


def main(page):
    """The page's article, without the site's header, sidebars and footer."""
    text = read(page)
    found = re.search(r'<article class="bd-article">(.*?)</article>', text, re.S)
    assert found, f"{page}: no article element"
    return found.group(1)


def without_code(fragment):
    """The fragment without its input code blocks (outputs, also in <pre>, stay)."""
    return re.sub(
        r'<div class="highlight-ipython3 notranslate">.*?</pre>', "", fragment, flags=re.S
    )


def words(fragment):
    """The text a reader sees: inline tags vanish, block tags separate words."""
    inline = r"</?(?:a|em|strong|span|code|cite|abbr|sup|sub)\b[^>]*>"
    text = re.sub(r"<[^>]+>", " ", re.sub(inline, "", fragment))
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


def paragraph_starting(page, opening):
    for paragraph in re.findall(r"<p>(.*?)</p>", main(page), re.S):
        if words(paragraph).startswith(opening):
            return paragraph
    raise AssertionError(f"{page}: no paragraph starts with {opening!r}")


@pytest.mark.parametrize(
    "question, chapter, facts",
    [
        (
            "How was the first film in space made?",
            "first-film-in-space",
            [
                "director who was his own film crew",
                "Klim Shipenko",
                "Yulia Peresild",
                "5 October 2021",
                "12 days",
                "camera operator, lighting designer, sound engineer and director",
                "cosmonauts aboard played parts",
                "more than 30 hours for about 30 minutes",
                "the rest was shot on the ground",
            ],
        ),
        (
            "Why launch from the steppe?",
            "why-the-steppe",
            ["R-7", "12 February 1955", "radio guidance", "railway", "Syr Darya"],
        ),
        ("Does Baikonur really exist?", "baikonur-exists", ["Tyuratam", "to mislead"]),
        ("How busy is Baikonur?", "how-busy", ["1,546", "8 December 2024", "21 November 2024"]),
    ],
)
def test_intro_answers_each_question_and_links_its_chapter(question, chapter, facts):
    paragraph = paragraph_starting(INTRO, question)
    text = words(paragraph)
    missing = [fact for fact in facts if fact not in text]
    assert not missing, f"the intro's answer to {question!r} lacks {missing}: {text[:300]}"
    assert f'href="{chapter}.html"' in paragraph, (
        f"the answer to {question!r} does not link {chapter}"
    )
    assert 'class="pasted-text"' in paragraph, f"the answer to {question!r} has no glued number"


def test_the_first_screen_answers_both_headlines_then_the_picture_then_the_book():
    # On a phone the page opens on the two answers, a picture the book draws, and only then on
    # the paragraph about the book; no code and no heavy figure come first.
    article = main(INTRO)
    order = [
        article.find("Does Baikonur really exist?"),
        article.find("How was the first film in space made?"),
        article.find('class="bk-flight-svg"'),
        article.find("An open, executable book"),
    ]
    assert -1 not in order and order == sorted(order), order
    first = article[: order[-1]]
    assert "highlight-ipython3" not in first and "bk-plotly" not in first and "<iframe" not in first
    svg = re.search(r"<svg\b.*?</svg>", article[order[2] :], re.S).group(0)
    assert len(re.findall(r"<[a-z]+\b", svg)) < 60, "the front-door picture is not light"
    assert "<script" not in svg and 'role="img"' in svg and "<desc" in svg


def test_intro_links_every_chapter_and_has_a_summarised_figure():
    article = main(INTRO)
    for chapter in CHAPTERS:
        assert f'href="{chapter}.html"' in article, f"the intro does not link {chapter}"
    assert article.count('class="bk-plotly"') == 1, "the intro should have one hero figure"
    after = article.split('class="bk-plotly"', 1)[1]
    summary = re.search(r"<p>(.*?)</p>", after, re.S)
    assert summary and len(words(summary.group(1))) > 60, "no text summary after the hero figure"
    assert "{glue" not in words(article)


def test_intro_promises_only_the_buttons_the_page_shows():
    page = read(INTRO)
    header = page.split('<article class="bd-article">', 1)[0]
    launchers = any(name in header for name in ("mybinder", "colab.research", "thebe-launch"))
    section = words(main(INTRO).split('id="how-to-read-run-and-check-it"', 1)[1])
    assert "download button" in section and 'aria-label="Download this page"' in header
    if launchers:
        assert "Binder" in section and "no launch buttons" not in section
    else:
        assert "no launch buttons" in section, "the page has no launch buttons and must say so"
        for name in ("Binder", "Colab", "Live Code"):
            promise = re.search(rf"{name}[^.]*\bopens\b|\bopen[^.]*on {name}", section)
            assert not promise, f"the intro promises a {name} button that this build does not show"


def test_french_spellings_beside_the_books_once():
    intro = words(main(INTRO).split('id="sources"', 1)[0])
    for book, french in [
        ("Yulia Peresild", "Ioulia Peressild"),
        ("Klim Shipenko", "Klim Chipenko"),
        ("Baikonur", "Baïkonour"),
        ("The Challenge", "Le Défi"),
    ]:
        assert intro.count(f"{book} (French press: {french})") == 1, book
        assert intro.count(french) == 1, f"{french} appears more than once"
    chapter = words(main(EXISTS).split('id="sources"', 1)[0])  # titles of French sources may differ
    assert chapter.count("Baikonur (French press: Baïkonour)") == 1
    assert chapter.count("Baïkonour") == 1


@pytest.mark.parametrize("page", [INTRO, EXISTS, BUSY])
def test_tables_are_edited_for_readers(page):
    # Inline code (an exercise naming a function's argument) is not a table.
    article = re.sub(r"<code\b.*?</code>", "", without_code(main(page)), flags=re.S)
    text = words(article)
    assert not re.search(r"\bdtype: \w+", text), f"{page}: a pandas Series footer (dtype) is shown"
    assert not re.search(r"\bName: [\w ,]+, dtype", text)
    for raw in (
        "town_population_2020",
        "figure_id",
        "baikonur_share_pct",
        "first_year",
        "39341.0",
        "<th>km from</th>",
        "<th>launch_site</th>",
        "<th>spaceport</th>",
    ):
        assert raw not in article, f"{page}: raw table text {raw!r} is shown"
    for table in re.findall(r"<table[^>]*>(.*?)</table>", article, re.S):
        headers = re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
        assert all(h.strip() for h in headers), f"{page}: a table has an empty header (an index?)"
        assert not any(re.fullmatch(r"[a-z_]+", h.strip()) and "_" in h for h in headers), headers


@pytest.mark.parametrize("page", [EXISTS, BUSY])
def test_widget_code_is_not_on_the_page(page):
    text = words(main(page))
    for code in ("widgets.Dropdown", "widgets.SelectMultiple", "IntRangeSlider", ".observe("):
        assert code not in text, f"{page}: learner-only widget code {code!r} is printed"
    # Go further says how to go live, truly for this build ({go-live}: make lab, no repository URL).
    assert 'class="bk-go-live"' in read(page) and "make lab" in text


@pytest.mark.parametrize(
    "page, terms",
    [
        (EXISTS, ["GCAT", "PU", "Gagarin-s-Start", "Site-31", "Great-circle", "Soyuz-MS"]),
        (BUSY, ["GCAT", "NIIP-5", "GIK-5", "Gagarin-s-Start", "Soyuz-MS"]),
    ],
)
def test_glossary_terms_link_once(page, terms):
    article = main(page)
    for term in terms:
        count = article.count(f'href="glossary.html#term-{term}"')
        assert count == 1, f"{page}: glossary term {term} linked {count} times (once, at first use)"


def test_glued_numbers_are_not_all_bold():
    css = (HTML / "_static" / "baikonur.css").read_text(encoding="utf-8")
    assert re.search(r"span\.pasted-text\s*\{\s*font-weight:\s*inherit", css)
    # Pages link one shared stylesheet (baikonur_sphinx/stylesheets.py): ours after myst-nb's.
    shared = (HTML / "_static" / "styles" / "book.css").read_text(encoding="utf-8")
    assert shared.index("/* mystnb.") < shared.index("/* baikonur.css */"), (
        "our rule must come after myst-nb's"
    )


@pytest.mark.parametrize("page", [INTRO, BUSY])
def test_the_launch_log_ends_are_stated_the_one_true_way(page):
    text = words(main(page))
    assert "8 December 2024" in text and "21 November 2024" in text
    assert not re.search(r"(runs|ends|stops) (to|on) 21 November 2024", text)
