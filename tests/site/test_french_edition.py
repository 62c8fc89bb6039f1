"""The French edition: every page translated, the same numbers, French figures.

The English pages are the source; each has a French catalog, ``locales/fr/LC_MESSAGES/<page>.po``
(``make translations`` creates and updates them). These tests say, in words, which message or
paragraph still needs a translator:

* a catalog must exist for every page of ``_toc.yml`` and translate every message, with no fuzzy
  entry (a message whose English changed);
* the strings of figures, maps and tables (``tr()``, ``locales/fr/LC_MESSAGES/baikonur.po``) too;
* on the built French page (``_build/html/fr/``), no paragraph, list item, heading or table cell
  is the English page's own text: an English edit not yet translated shows up there, named;
* the French page carries every glued value of the English page (same digits, French format);
* figure titles are French; the page says ``lang="fr"``, links to its English edition and back,
  with ``hreflang`` alternates and a French description.
"""

from __future__ import annotations

import re
from pathlib import Path

import book_site
import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from baikonur import i18n

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

ROOT = Path(__file__).resolve().parents[2]
HTML = book_site.HTML  # the book of `make book` (conftest marks these tests `build`)
FRENCH = HTML / "fr"
CATALOGS = ROOT / "locales" / "fr" / "LC_MESSAGES"


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"], *[entry["file"] for entry in toc.get("chapters", [])]]


PAGES = toc_pages()


def untranslated(path: Path) -> list[str]:
    """The messages of a catalog that are empty or fuzzy, as 'line N: "…"'."""
    with path.open("rb") as stream:
        catalog = read_po(stream)
    return [
        f'line {message.lineno}: "{message.id}"' + (" (fuzzy)" if message.fuzzy else "")
        for message in catalog
        if message.id and (not message.string or message.fuzzy)
    ]


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_a_french_catalog_translated_in_full(page):
    catalog = CATALOGS / f"{page}.po"
    assert catalog.exists(), (
        f"{page} has no French catalog ({catalog.relative_to(ROOT)}): run `make translations`, "
        f"then translate it"
    )
    missing = untranslated(catalog)
    assert not missing, (
        f"{catalog.relative_to(ROOT)}: {len(missing)} message(s) to translate "
        f"(empty or fuzzy):\n" + "\n".join(missing)
    )


def test_the_strings_of_figures_maps_and_tables_are_translated():
    catalog = i18n.catalog_path("fr")
    assert catalog.exists(), f"{catalog} is missing: run `make translations`"
    missing = untranslated(catalog)
    assert not missing, (
        f"{catalog.relative_to(ROOT)}: {len(missing)} string(s) of figures, "
        f"maps or tables to translate:\n" + "\n".join(missing)
    )


def test_every_catalog_belongs_to_a_page():
    pages = {f"{page}.po" for page in PAGES} | {"baikonur.po"}
    strays = sorted(
        str(p.relative_to(CATALOGS))
        for p in CATALOGS.rglob("*.po")
        if str(p.relative_to(CATALOGS)) not in pages
    )
    assert not strays, f"catalogs of pages that are not in _toc.yml: {strays}"


# A glue role in a catalog: {glue}`key`, {glue:text}`key:,`, {glue:md}`key` (the key before any
# format spec; a page's roles may also name another page, "page::key").
_GLUE_ROLE = re.compile(r"\{glue(?::(?P<role>\w+))?\}`(?P<key>[^`:]+(?:::[^`:]+)?)[^`]*`")


def _glue_keys(text: str) -> list[tuple[str, str]]:
    return [(m["key"], m["role"] or "any") for m in _GLUE_ROLE.finditer(text)]


@pytest.mark.parametrize("page", PAGES)
def test_the_french_catalog_keeps_the_glued_values_in_their_order(page):
    # Two keys swapped in a translation put each number in the other's place, and every number
    # is still on the page. A {glue:md} value (a title, a name) may give way to its French
    # words; no value may move or come from elsewhere.
    with (CATALOGS / f"{page}.po").open("rb") as stream:
        catalog = read_po(stream)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        english, french = _glue_keys(message.id), _glue_keys(message.string)
        kept = [key for key in english if key in french or key[1] != "md"]
        if [k for k, _ in french] != [k for k, _ in kept]:
            wrong.append(
                f"line {message.lineno}: English {[k for k, _ in english]}, "
                f"French {[k for k, _ in french]}"
            )
    assert not wrong, (
        f"{(CATALOGS / page).relative_to(ROOT)}.po: glued values out of order or missing:\n"
        + "\n".join(wrong)
    )


# The built pages --------------------------------------------------------------------------


def soup(path: Path) -> BeautifulSoup:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} was not built: run `make book`")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(page: BeautifulSoup):
    return page.find("article") or page.body


# Text a translation keeps as it is: code, citations (in their original language), maths.
_KEPT = ("pre", "code", "script", "style", "math")
_KEPT_CLASSES = ("citation", "bibliography", "cell_input", "math", "bk-plotly")


def prose(page: BeautifulSoup) -> list[str]:
    """The reader's text blocks of a page, whitespace collapsed."""
    blocks = []
    for element in article(page).find_all(
        ["p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "th", "td", "figcaption", "caption"]
    ):
        if (
            element.find_parent(_KEPT)
            or any(
                element.find_parent(class_=name) or name in (element.get("class") or [])
                for name in _KEPT_CLASSES
            )
            or element.find_parent(attrs={"role": "list"})
        ):
            continue
        # A block that holds other blocks is checked through them.
        if element.find(["p", "li", "dt", "dd", "table"]):
            continue
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(text)
    return blocks


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]{2,}", text))


def _prose_words(text: str) -> int:
    """Words of running text: a block of proper names and codes ("Proton-M/Briz-M, Proton-K/DM-2",
    a spaceport's name as the launch log writes it) has no two lower-case words: not prose."""
    return _words(text) if len(re.findall(r"\b[a-z]{3,}\b", text)) >= 2 else 0


@pytest.mark.parametrize("page", PAGES)
def test_no_english_paragraph_on_the_french_page(page):
    english = {text for text in prose(soup(HTML / f"{page}.html")) if _prose_words(text) >= 4}
    left = [text for text in prose(soup(FRENCH / f"{page}.html")) if text in english]
    assert not left, (
        f"fr/{page}.html still has {len(left)} English block(s); translate them in "
        f"{(CATALOGS / page).relative_to(ROOT)}.po (after `make translations`):\n"
        + "\n".join(f"- {text[:160]}" for text in left)
    )


def glued(page: BeautifulSoup) -> list[str]:
    return [" ".join(span.get_text().split()) for span in article(page).select("span.pasted-text")]


@pytest.mark.parametrize("page", PAGES)
def test_the_french_page_carries_every_glued_value(page):
    english, french = glued(soup(HTML / f"{page}.html")), glued(soup(FRENCH / f"{page}.html"))
    assert len(french) == len(english), (
        f"fr/{page}.html has {len(french)} glued values, the English page {len(english)}: a "
        f"translation dropped or added a {{glue:text}} role"
    )
    assert all(french), f"fr/{page}.html has an empty glued value: {french}"

    # Same numbers: the digits of every value, whatever the separators, month names and leading
    # zeros ("08:55:02" is "8 h 55 min 2 s" in French).
    def numbers(value: str) -> str:
        return " ".join(n.lstrip("0") or "0" for n in re.findall(r"\d+", value))

    # In the same order: two glue keys swapped in a translation keep the same set of numbers.
    moved = [
        (index, en, fr)
        for index, (en, fr) in enumerate(zip(english, french))
        if numbers(en) != numbers(fr)
    ]
    assert not moved, f"fr/{page}.html: glued values differ from the English page's, in order: " + (
        "; ".join(f"value {i + 1}: English {en!r}, French {fr!r}" for i, en, fr in moved[:5])
    )
    english_format = [v for v in french if re.search(r"\d,\d{3}\b|\d\.\d", v)]
    assert not english_format, (
        f"fr/{page}.html has numbers written the English way: {english_format}"
    )


@pytest.mark.parametrize("page", PAGES)
def test_figure_titles_are_french(page):
    titles = [
        div.get("aria-label", "")
        for div in article(soup(HTML / f"{page}.html")).select("div.bk-plotly")
    ]
    french = [
        div.get("aria-label", "")
        for div in article(soup(FRENCH / f"{page}.html")).select("div.bk-plotly")
    ]
    assert len(french) == len(titles), (
        f"fr/{page}.html has {len(french)} figures, the English page {len(titles)}"
    )
    same = [
        title
        for title, translated in zip(titles, french)
        if title == translated and _words(title) >= 2
    ]
    assert not same, (
        f"fr/{page}.html: figure titles still in English (wrap them in tr() and "
        f"run `make translations`):\n" + "\n".join(same)
    )


@pytest.mark.parametrize("page", PAGES)
def test_each_edition_links_to_the_other(page):
    for lang, path, other in (
        ("en", HTML / f"{page}.html", FRENCH / f"{page}.html"),
        ("fr", FRENCH / f"{page}.html", HTML / f"{page}.html"),
    ):
        html = soup(path)
        assert html.html.get("lang") == lang, (
            f"{path.relative_to(HTML)}: <html lang> is {html.html.get('lang')!r}, not {lang!r}"
        )
        alternates = {
            link["hreflang"]: link["href"]
            for link in html.select('link[rel="alternate"][hreflang]')
        }
        # With no site URL (make book), no alternates: they must be absolute URLs
        # (test_publishing.py checks them in the published build).
        assert alternates == {}, (
            f"{path.relative_to(HTML)}: hreflang alternates without a site URL {alternates}"
        )
        switch = html.select_one(".baikonur-language-switch a[hreflang]")
        assert switch is not None, f"{path.relative_to(HTML)} has no language switch"
        target = (path.parent / switch["href"]).resolve()
        assert target == other.resolve(), (
            f"{path.relative_to(HTML)}: the language switch goes to {switch['href']}, "
            f"not to {other.relative_to(HTML)}"
        )


@pytest.mark.parametrize("page", PAGES)
def test_the_french_page_has_a_french_description(page):
    def description(path):
        meta = soup(path).find("meta", attrs={"name": "description"})
        return meta and meta.get("content")

    english, french = description(HTML / f"{page}.html"), description(FRENCH / f"{page}.html")
    assert french, f"fr/{page}.html has no meta description"
    assert french != english, f"fr/{page}.html: its description is the English one: {french!r}"
    start = french.rstrip("…")[:60]
    assert not any(block.startswith(start) for block in prose(soup(HTML / f"{page}.html"))), (
        f"fr/{page}.html: its description is English text: {french!r}"
    )


def test_the_french_site_has_its_own_search_index_in_french():
    index = FRENCH / "searchindex.js"
    assert index.exists(), "fr/searchindex.js is missing: the French edition cannot be searched"
    text = index.read_text(encoding="utf-8")
    assert '"fr"' in text or "'fr'" in text or "lang" not in text, (
        "the French search index is not French"
    )
    assert "Glossaire" in text, "the French search index does not know the page 'Glossaire'"


# In the browser ------------------------------------------------------------------------------
# Every French page also goes through tests/site/test_browser.py (console, requests, figures, maps,
# axe), which takes every page of _build/html, fr/ included.


def test_search_in_the_french_edition_finds_a_french_page(browser):
    from book_site import Site

    with Site() as site:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(site.base + "fr/book/glossary.html", wait_until="load")
        page.keyboard.press("Control+k")
        page.locator("#pst-search-dialog input[name=q]").fill("lancement")
        page.keyboard.press("Enter")
        page.wait_for_url("**/fr/search.html?q=lancement*")
        page.locator("#search-results a", has_text="Glossaire").first.wait_for(timeout=20_000)
        # The switch on a French page leads to the same page in English.
        page.goto(site.base + "fr/book/glossary.html", wait_until="load")
        page.locator(".baikonur-language-switch a", has_text="English").click()
        page.wait_for_url("**/baikonur-explained/book/glossary.html")
        assert page.locator("html").get_attribute("lang") == "en"
        context.close()
        assert errors == [], f"console errors: {errors}"


ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


@pytest.mark.parametrize(
    "page",
    [
        p
        for p in PAGES
        if (HTML / f"{p}.html").exists()
        and 'class="bk-plotly"' in (HTML / f"{p}.html").read_text(encoding="utf-8")
    ],
)
def test_french_figures_write_dates_in_french(browser, page):
    """Date axes and hover dates come from plotly.js: the figure loader gives it French."""
    from book_site import TILE_HOSTS, Site

    with Site() as site:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda route: (
                route.abort()
                if any(host in route.request.url for host in TILE_HOSTS)
                else route.continue_()
            ),
        )
        browser_page = context.new_page()
        browser_page.goto(site.base + f"fr/{page}.html", wait_until="load")
        figures = browser_page.locator("div.bk-plotly")
        ticks = []
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
            ticks += figure.locator(".xtick text, .ytick text").all_text_contents()
        context.close()
    english = sorted({tick for tick in ticks if ENGLISH_MONTH.search(tick)})
    assert not english, f"fr/{page}.html: figure axes with English month names: {english}"
