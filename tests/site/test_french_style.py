"""The French edition read as French: the style sheet (``locales/fr/STYLE.md``) on the built pages.

* **One term per notion**: the variants the sheet's terminology table forbids appear on no French
  page: not in its prose, its tables, its figures (the Plotly JSON: titles, legends, hover
  labels, annotations, ticks) or its self-check questions. A failure names the page and the
  sentence (or the figure string). Code, citations and the bibliography keep their own spelling,
  and so do italics and « » quotations (titles of works, the articles' own words).
* **Typography**: no straight apostrophe between letters, no closing curly quote glued to a
  letter (« l”ENE », the trace of a straight apostrophe before a glued value), « » that open and
  close in the same block, no numeral opening a sentence.
* **No English label** in a French figure, table or quiz: a label the French page shows exactly
  as the English page shows it, in words that are English, is named.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import book_site
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
HTML = book_site.HTML  # the book of `make book`
pytestmark = pytest.mark.usefixtures("built_book")
FRENCH = HTML / "fr"
STYLE = ROOT / "locales" / "fr" / "STYLE.md"


def french_pages() -> list[str]:
    """Every French page of the book (relative to fr/), without Sphinx's own pages."""
    if not FRENCH.is_dir():
        return ["index.html"]  # fails in the test, with what to do
    return sorted(
        str(path.relative_to(FRENCH))
        for path in FRENCH.rglob("*.html")
        if "_static" not in path.parts
        and path.name not in ("genindex.html", "search.html", "py-modindex.html")
    )


PAGES = french_pages()

# French pages whose chapter code still shows names from the data as the data spell them (the
# launch log's spaceports and pads, a table's raw row), without tr(): the catalog has their
# French (locales/fr/LC_MESSAGES/baikonur.po), the chapter does not ask for it yet.
CHAPTER_CODE_SHOWS_DATA_NAMES = {
    "book/baikonur-exists.html": (
        "the nearest-place self-check lists places.name as written",
        {"terms", "labels"},
    ),
    "book/claim-checks.html": (
        "the launch-log row of Soyuz MS-19 shows the payload's name as the log writes it",
        {"terms", "labels"},
    ),
    "book/checking-the-headlines.html": (
        "the launch log's spaceport name 'Baikonur' is shown as the log writes it",
        {"terms"},
    ),
    "book/how-busy.html": (
        "spaceports, pads and famous launches from the log, not through tr()",
        {"terms", "figures", "labels"},
    ),
    "book/why-the-steppe.html": (
        "the spaceport self-check and the azimuth printout use raw names",
        {"labels"},
    ),
}


def pages_for(test: str) -> list:
    """The pages, those with names from chapter code marked as known failures (strict: a fix
    makes the test say so)."""
    known = {
        page: reason
        for page, (reason, tests) in CHAPTER_CODE_SHOWS_DATA_NAMES.items()
        if test in tests
    }
    return [
        pytest.param(page, marks=pytest.mark.xfail(reason=known[page], strict=True))
        if page in known
        else page
        for page in PAGES
    ]


def forbidden_variants() -> dict[str, str]:
    """The style sheet's terminology table: each forbidden variant, with the form to use."""
    variants = {}
    for line in STYLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("Notion", "") or set(cells[0]) <= {"-"}:
            continue
        for variant in cells[2].split(","):
            variant = variant.strip()
            if variant and variant != "—":
                variants[variant] = cells[1]
    return variants


VARIANTS = forbidden_variants()


def test_the_style_sheet_has_a_terminology_table():
    assert len(VARIANTS) >= 20, (
        f"{STYLE.relative_to(ROOT)}: the terminology table (Notion | French | Forbidden) gives "
        f"{len(VARIANTS)} forbidden variants; the test reads them from there"
    )
    for must in ("Plesetsk", "Cape Canaveral", "Syr Darya", "Réponse courte", "port spatial"):
        assert must in VARIANTS, f"{STYLE.relative_to(ROOT)} no longer forbids {must!r}"


def _pattern(variant: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(variant) + r"(?![\w-])")


PATTERNS = {variant: _pattern(variant) for variant in VARIANTS}


def terminology_problems(text: str) -> list[str]:
    return [
        f"« {variant} » (use: {VARIANTS[variant]})"
        for variant, pattern in PATTERNS.items()
        if pattern.search(text)
    ]


# Reading a built page ------------------------------------------------------------------------

# Text that keeps its own spelling: code, maths, citations and the bibliography, quotations.
_KEPT_TAGS = ["pre", "code", "script", "style", "math", "em", "cite", "q", "blockquote"]
_KEPT_CLASSES = [
    "cell_input",
    "bibliography",
    "citation",
    "citation-list",
    "bibtex-citation",
    "math",
    "highlight",
    "bk-plotly",
]
_BLOCKS = ["p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "th", "td", "figcaption", "caption"]
# A « » quotation: the words of a source, in their own spelling.
_QUOTATION = re.compile(r"«[^«»]*»")
_AS_PUBLISHED = "Tel que publié"


@lru_cache(maxsize=None)
def page_soup(page: str) -> BeautifulSoup:
    path = FRENCH / page
    if not path.exists():
        pytest.fail(f"fr/{page} was not built: run `make book`")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def folded(text: str) -> str:
    """Runs of spaces and line breaks as one space; no-break spaces are kept (they are checked)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _drop_quoted_columns(article) -> None:
    """A table's column of times "as published" quotes the sources, in their own words."""
    for table in article.find_all("table"):
        headers = [folded(th.get_text(" ")) for th in table.select("thead th")]
        if _AS_PUBLISHED in headers:
            column = headers.index(_AS_PUBLISHED)
            for row in table.select("tbody tr"):
                cells = row.find_all(["td", "th"])
                if column < len(cells):
                    cells[column].decompose()


@lru_cache(maxsize=None)
def reader_blocks(page: str) -> tuple[tuple[str, str], ...]:
    """The page's reading blocks, as the reader reads them, without the text that keeps its
    own spelling (a fresh parse: the kept elements are taken out of it)."""
    document = BeautifulSoup((FRENCH / page).read_text(encoding="utf-8"), "html.parser")
    article = document.find("article") or document.body
    if article is None:  # a page without a body (a redirect) has no text of its own
        return ()
    for kept in article.find_all(_KEPT_TAGS):
        kept.decompose()
    for name in _KEPT_CLASSES:
        for kept in article.find_all(class_=name):
            kept.decompose()
    _drop_quoted_columns(article)
    found = []
    for element in article.find_all(_BLOCKS):
        if element.find(["p", "li", "dt", "dd", "table"]):
            continue  # a block holding blocks is read through them
        text = folded(element.get_text(" "))
        if text:
            kind = element.name
            if element.find_parent(class_="cell_output"):
                kind += " (output)"
            found.append((kind, text))
    return tuple(found)


# A full stop that ends an abbreviation (« 17 oct. 2021 », « s.d. ») does not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:janv|févr|avr|juil|sept|oct|nov|déc|env|cf|etc|p|éd|vol|t|n°|ex)|\b\w\.\w)\.$", re.I
)


def sentences(block: str) -> list[str]:
    pieces = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«0-9])", block) if s]
    joined: list[str] = []
    for piece in pieces:
        if joined and _ABBREVIATION.search(joined[-1]):
            joined[-1] += " " + piece
        else:
            joined.append(piece)
    return joined


# The keys of a Plotly figure whose strings a reader sees.
_LABEL_KEYS = {"text", "name", "hovertext", "hovertemplate", "title", "ticktext", "customdata"}
_LABEL_KEYS |= {"label", "x", "y", "texttemplate", ""}


def _figure_strings(document: BeautifulSoup) -> list[str]:
    """Every string a reader may see in the page's Plotly figures."""
    strings = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("uid", "type", "mode", "font", "xaxis", "yaxis", "legendgroup"):
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and re.search(r"[^\W\d_]{2}", value):
            if key in _LABEL_KEYS:
                strings.append(value)

    for script in document.select("script.bk-plotly-json"):
        figure = json.loads(script.string or "{}")
        walk({"data": figure.get("data", []), "layout": figure.get("layout", {})})
        for frame in figure.get("frames", []) or []:
            walk(frame.get("data", []))
    return strings


def _plain(label: str) -> str:
    """A figure label as a reader sees it: without Plotly's tags and hover-template fields."""
    label = re.sub(r"<[^>]+>", " ", label)
    label = re.sub(r"%\{[^}]*\}", " ", label)
    return " ".join(label.split())


# Terminology ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", pages_for("terms"))
def test_the_french_page_uses_the_style_sheets_terms(page):
    page_soup(page)
    wrong = []
    for _, block in reader_blocks(page):
        for sentence in sentences(_QUOTATION.sub("« … »", block)):
            for problem in terminology_problems(sentence):
                shown = sentence if len(sentence) < 200 else sentence[:197] + "…"
                wrong.append(f"- {problem} in: {shown}")
    assert not wrong, (
        f"fr/{page}: {len(wrong)} term(s) the style sheet ({STYLE.relative_to(ROOT)}) "
        f"forbids; fix the French in its catalog:\n" + "\n".join(wrong)
    )


@pytest.mark.parametrize("page", pages_for("figures"))
def test_the_french_figures_use_the_style_sheets_terms(page):
    wrong = sorted(
        {
            f"- {problem} in the figure label: {_plain(label)[:160]}"
            for label in _figure_strings(page_soup(page))
            for problem in terminology_problems(_plain(label))
        }
    )
    assert not wrong, (
        f"fr/{page}: figure labels with terms the style sheet forbids (the French wording "
        f"is in locales/fr/LC_MESSAGES/baikonur.po):\n" + "\n".join(wrong)
    )


# Typography ----------------------------------------------------------------------------------

_STRAIGHT_APOSTROPHE = re.compile(r"[^\W\d_]'[^\W\d_]")
_GLUED_CLOSING_QUOTE = re.compile(r"\b[cdjlmnst]”|\bqu”", re.I)


@pytest.mark.parametrize("page", pages_for("typography"))
def test_the_french_page_has_french_typography(page):
    page_soup(page)
    wrong = []
    for kind, block in reader_blocks(page):
        shown = block if len(block) < 200 else block[:197] + "…"
        if _STRAIGHT_APOSTROPHE.search(block):
            wrong.append(f"- a straight apostrophe (write ’): {shown}")
        if _GLUED_CLOSING_QUOTE.search(block):
            wrong.append(f"- a closing quote for an apostrophe (« l” »; write l’): {shown}")
        if block.count("«") != block.count("»"):
            wrong.append(f"- « » that do not pair: {shown}")
        elif re.search(r"«(?![\u202f\u00a0])|(?<![\u202f\u00a0])»", block):
            wrong.append(f"- « » without their narrow no-break spaces: {shown}")
        for sentence in sentences(block) if kind == "p" else ():
            if re.match(r"\d", sentence) and not re.match(r"\d+[ᵉe]r?\b|\d{4}\b,", sentence):
                wrong.append(f"- a numeral opens the sentence: {sentence[:160]}")
    assert not wrong, (
        f"fr/{page}: French typography ({STYLE.relative_to(ROOT)}, Typography):\n"
        + "\n".join(wrong)
    )


# English labels ------------------------------------------------------------------------------

# Words that mark a label as English (the French edition has its own word for each); the first
# set says it on its own ("Site 81 left"), the others two at a time (a name such as "Space
# Explored" or "SpaceX Crew-2" is not English prose).
_ENGLISH_ALONE = re.compile(r"\b(?:the|of|and|with|from|left|right|first|only)\b", re.I)
_ENGLISH_WORDS = re.compile(
    r"\b(?:to|last|start|landing|launch|launches|launched|human|crew|flight|spaceflight|pad|"
    r"pads|years?|days?|hours?|town|city|river|sea|lake|share|busiest|world|others?|all|"
    r"approximate|docking|undocking|planned|actual|core|dog|paying|tourist|spacecraft|rocket|"
    r"uncrewed|crewed|orbit|descent|return|time)\b",
    re.I,
)
# A table that shows the English edition's own spelling beside the French, on purpose.
_ENGLISH_SPELLING_COLUMN = "édition anglaise"


def _english(label: str) -> bool:
    if label.startswith(("http://", "https://")):
        return False  # an address, as the source gives it
    return bool(_ENGLISH_ALONE.search(label)) or len(_ENGLISH_WORDS.findall(label)) >= 2


def _labels(document: BeautifulSoup) -> set[str]:
    """A page's figure labels, table cells and self-check options, as a reader sees them."""
    found = {_plain(label) for label in _figure_strings(document)}
    article = document.find("article") or document.body
    if article is None:  # a page without a body (a redirect) has no labels
        return set()
    for table in article.find_all("table"):
        if any(_ENGLISH_SPELLING_COLUMN in th.get_text() for th in table.select("thead th")):
            table.decompose()
    _drop_quoted_columns(article)
    for cell in article.select(
        ".cell_output td, .cell_output th, .cell_output li, "
        ".cell_output label, .cell_output button, .cell_output option"
    ):
        if cell.find_parent(class_=["cell_input", "bibliography"]) or cell.find(["code", "a"]):
            continue
        found.add(folded(cell.get_text(" ")))
    return {label for label in found if label}


@pytest.mark.parametrize("page", pages_for("labels"))
def test_no_english_label_in_a_french_figure_table_or_quiz(page):
    english_page = HTML / page
    if not english_page.exists():
        pytest.skip(f"{page} has no English edition to compare with")
    english = _labels(BeautifulSoup(english_page.read_text(encoding="utf-8"), "html.parser"))
    left = sorted(
        label
        for label in _labels(
            BeautifulSoup((FRENCH / page).read_text(encoding="utf-8"), "html.parser")
        )
        & english
        if _english(label) or terminology_problems(label)
    )
    assert not left, (
        f"fr/{page}: {len(left)} label(s) of figures, tables or self-checks are the English "
        f"page's own words; give them their French through tr() and "
        f"locales/fr/LC_MESSAGES/baikonur.po:\n" + "\n".join(f"- {label[:160]}" for label in left)
    )


# The edition's mechanics ---------------------------------------------------------------------


def test_the_french_front_door_is_a_french_page():
    index = (FRENCH / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index, "fr/index.html does not say it is French"
    assert re.search(r"<title>[^<]*Baïkonour[^<]*</title>", index), "fr/index.html has no title"
    assert re.search(r'<a href="book/intro\.html">', index), "fr/index.html links no first page"
    assert "Content-Security-Policy" in index, "fr/index.html lost the site's policy"


@pytest.mark.parametrize("page", ["book/intro.html", "book/how-busy.html"])
def test_the_french_page_speaks_french_in_its_frame(page):
    document = page_soup(page)
    alt = document.find("meta", property="og:image:alt")
    assert alt and "Baïkonour" in alt["content"], f"fr/{page}: og:image:alt is {alt}"
    boxes = [box.get("placeholder") for box in document.select("input[name=q]")]
    assert boxes and all(box.startswith("Rechercher") for box in boxes), (
        f"fr/{page}: the search box says {boxes}"
    )
    footer = folded((document.find("footer") or document).get_text(" "))
    assert "The Baikonur, explained authors" not in footer, f"fr/{page}: English footer"
    scripts = [s.get("src", "") for s in document.find_all("script")]
    assert any("language-switch.js" in src for src in scripts), (
        f"fr/{page}: the language switch's script (it keeps the #anchor) is not loaded"
    )


def test_the_french_search_finds_every_spelling_of_baikonur():
    index = (FRENCH / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1 : index.rindex(")")])["terms"]
    assert "baikonour" in terms, "the French search index has no « baikonour »"
    assert "baïkonour" not in terms and "baikonur" not in terms, (
        "the French search index keeps spellings apart: a reader typing one misses the others"
    )
    stemmer = (FRENCH / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert '"baikonur": "baikonour"' in stemmer and 'normalize("NFD")' in stemmer, (
        "the French search's query stemmer does not fold accents and spellings as the index does"
    )


def test_french_sources_follow_french_conventions():
    wrong = []
    for page in PAGES:
        for citation in page_soup(page).select("span.bibtex-citation"):
            label = folded(citation.get_text(" "))
            if re.search(r"\bn\.d\.|\band\b|Council of Ministers", label):
                wrong.append(f"- fr/{page}: in-text label « {label} »")
    for entry in page_soup("book/bibliography.html").select("div.citation"):
        text = folded(entry.get_text(" "))
        if re.search(r"\bIn (French|Russian|German|Spanish)\b|\bn\.d\.", text):
            wrong.append(f"- fr/book/bibliography.html: {text[:160]}")
    assert not wrong, "French sources written the English way:\n" + "\n".join(wrong[:40])


def test_a_solution_is_titled_the_french_way():
    titles = [
        (page, folded(title.get_text("")))
        for page in PAGES
        for title in page_soup(page).select("div.solution p.admonition-title")
    ]
    assert titles, "no exercise solution found on the French pages"
    wrong = [
        f"- fr/{page}: {title}" for page, title in titles if "Solution de l’exercice" not in title
    ]
    assert not wrong, (
        "solutions titled the English way (« Solution de l’exercice 4 »):\n" + "\n".join(wrong)
    )
