"""The book on a phone (390 px wide), in Chromium: what a reader sees first is the story, charts
keep their titles and labels clear, and wide tables and formulas scroll in their own box and show
that they do."""

from __future__ import annotations

import pytest

from book_site import HTML, pages
from browser_pages import WIDTHS, PageVisit
from reader_text import chapter_pages

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

PHONE = WIDTHS["phone"]
PHONE_SCREEN = 844  # an iPhone 12-15's viewport height at 390 px wide
CHAPTERS = chapter_pages()
FIGURE_PAGES = [
    p for p in pages() if p.startswith("book/") and 'class="bk-plotly"' in (HTML / p).read_text()
]


def _visit(browser, site, page_path, width=PHONE):
    visit = PageVisit(browser, site, page_path, width)
    visit.page.set_viewport_size(
        {"width": width, "height": PHONE_SCREEN if width == PHONE else 900}
    )
    return visit


def _draw_every_figure(page):
    figures = page.locator("div.bk-plotly")
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    return figures


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_the_first_screen_is_the_story_not_code(browser, site, page_path):
    with _visit(browser, site, page_path) as visit:
        first = visit.page.evaluate(
            """(height) => {
              const onScreen = el => { const r = el.getBoundingClientRect();
                                       return r.height > 0 && r.top < height; };
              return {
                title: [...document.querySelectorAll("main h1")].some(onScreen),
                answer: [...document.querySelectorAll("main p strong")].some(
                  el => /^Short answer/.test(el.textContent.trim()) && onScreen(el)),
                cells: [...document.querySelectorAll("main div.cell")].filter(onScreen)
                  .map(el => el.textContent.trim().slice(0, 60)),
              };
            }""",
            PHONE_SCREEN,
        )
        assert first["title"], f"{page_path}: the title is not on the first screen"
        assert first["answer"], f"{page_path}: the short answer does not start on the first screen"
        assert first["cells"] == [], (
            f"{page_path}: code on the first phone screen (tag set-up cells remove-cell): "
            f"{first['cells']}"
        )


@pytest.mark.parametrize("page_path", [p for p in FIGURE_PAGES if not p.startswith("fr/")])
def test_no_chart_toolbar_over_a_title_on_a_phone(browser, site, page_path):
    with _visit(browser, site, page_path) as visit:
        page = visit.page
        figures = _draw_every_figure(page)
        covered = []
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            figure.hover()  # a touch shows Plotly's toolbar as a hover does
            found = figure.evaluate(
                """el => {
                  const holder = el.querySelector(".modebar-container");
                  const bar = el.querySelector(".modebar");
                  const title = el.querySelector(".gtitle");
                  if (!bar || !title || getComputedStyle(holder).display === "none") return null;
                  const a = bar.getBoundingClientRect(), b = title.getBoundingClientRect();
                  const hit = a.width > 0 && a.left < b.right && b.left < a.right &&
                              a.top < b.bottom && b.top < a.bottom;
                  return hit ? title.textContent.slice(0, 60) : null;
                }"""
            )
            if found:
                covered.append(found)
        assert covered == [], f"{page_path}: the chart toolbar covers the titles of {covered}"


_CLIPPED_TEXT = """el => {
  const svg = el.querySelector("svg.main-svg").getBoundingClientRect();
  return [...el.querySelectorAll("svg text")]
    .filter(t => t.textContent.trim() && getComputedStyle(t).display !== "none"
                 && getComputedStyle(t).visibility !== "hidden" && t.getBBox().width > 0)
    .filter(t => { const r = t.getBoundingClientRect();
                   return r.left < svg.left - 1 || r.right > svg.right + 1; })
    .map(t => t.textContent.trim());
}"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize(
    "page_path",
    [
        "book/why-the-steppe.html",
        "book/liftoff-evidence.html",
        "book/how-busy.html",
        "book/baikonur-exists.html",
    ],
)
def test_no_chart_text_is_cut_at_the_figure_edge(browser, site, page_path, width):
    # The steppe chapter's slider once began with "8:48:02", its first hour digit cut off.
    with _visit(browser, site, page_path, width) as visit:
        figures = _draw_every_figure(visit.page)
        cut = []
        for index in range(figures.count()):
            figure = figures.nth(index)
            cut += [f"figure {index + 1}: {text!r}" for text in figure.evaluate(_CLIPPED_TEXT)]
        assert cut == [], f"{page_path}, {width} px: text cut at a figure's edge: {cut}"


def test_spaceport_labels_keep_clear_of_the_iss_line(browser, site):
    with _visit(browser, site, "book/why-the-steppe.html") as visit:
        figure = visit.page.locator("div.bk-plotly[aria-label*='free push']").first
        figure.scroll_into_view_if_needed()
        figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
        found = figure.evaluate(
            """el => {
              const box = e => { const r = e.getBoundingClientRect();
                return {l: r.left, r: r.right, t: r.top, b: r.bottom,
                        text: e.textContent.trim()}; };
              return {
                labels: [...el.querySelectorAll(".scatterlayer .textpoint text")]
                  .filter(t => t.textContent.trim()).map(box),
                notes: [...el.querySelectorAll(".annotation-text")].map(box),
                line: [...el.querySelectorAll(".shapelayer path")].map(box),
              };
            }"""
        )
        assert len(found["labels"]) >= 7 and found["line"], found
        line = found["line"][0]
        crossing = [a["text"] for a in found["labels"] if a["l"] < line["r"] and line["l"] < a["r"]]
        assert crossing == [], f"spaceport names cross the ISS line: {crossing}"
        texts = found["labels"] + [n for n in found["notes"] if "ISS" in n["text"]]
        clashes = [
            f"{a['text']} / {b['text']}"
            for i, a in enumerate(texts)
            for b in texts[i + 1 :]
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]
        ]
        assert clashes == [], f"labels overlap: {clashes}"


def test_the_yearly_chart_opens_with_few_enough_lines_for_a_phone(browser, site):
    with _visit(browser, site, "book/how-busy.html") as visit:
        figure = visit.page.locator("div.bk-plotly[aria-label*='led the world']").first
        figure.scroll_into_view_if_needed()
        figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
        lines = figure.evaluate(
            "el => el.data.filter(t => t.visible === true && (t.mode || '').includes('lines'))"
            ".map(t => t.name)"
        )
        assert 1 <= len(lines) <= 3, f"the chart opens with {len(lines)} lines: {lines}"


_WIDE_BOXES = """() => {
  const main = document.querySelector("main");
  const scrolls = el => /auto|scroll/.test(getComputedStyle(el).overflowX);
  // The box that holds an element in: the element itself if it scrolls, else the nearest
  // ancestor that clips or scrolls what overflows it.
  const holder = el => {
    if (scrolls(el)) return el;
    for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return a;
    }
    return null;
  };
  return [...main.querySelectorAll("table, .katex-display, div.cell_output pre")]
    .filter(el => !el.closest("details:not([open])") && el.getBoundingClientRect().width > 0)
    .map(el => {
      const box = holder(el);
      const wide = box ? box.scrollWidth > box.clientWidth + 1
                       : el.getBoundingClientRect().right > main.getBoundingClientRect().right + 1;
      const style = box ? getComputedStyle(box) : null;
      return {
        what: el.textContent.trim().slice(0, 50),
        overflows: wide,
        scrolls: !!box && scrolls(box),
        fades: !!style && (style.maskImage || style.webkitMaskImage || "none") !== "none",
        focusable: !!box && box.tabIndex >= 0,
      };
    }).filter(found => found.overflows);
}"""


@pytest.mark.parametrize("page_path", [p for p in pages() if p.startswith("book/")])
def test_wide_tables_and_formulas_scroll_in_their_own_box_and_show_it(browser, site, page_path):
    with _visit(browser, site, page_path) as visit:
        wide = visit.page.evaluate(_WIDE_BOXES)
        wrong = [
            f"{box['what']!r}: "
            + ", ".join(
                problem
                for problem, bad in [
                    ("cut, not scrollable", not box["scrolls"]),
                    ("no fade on its overflowing edge", not box["fades"]),
                    ("cannot be scrolled from the keyboard", not box["focusable"]),
                ]
                if bad
            )
            for box in wide
            if not (box["scrolls"] and box["fades"] and box["focusable"])
        ]
        assert wrong == [], f"{page_path}, {PHONE} px: " + "\n".join(wrong)


def test_the_haversine_formula_scrolls_and_its_fade_follows(browser, site):
    with _visit(browser, site, "book/baikonur-exists.html") as visit:
        page = visit.page
        # The haversine formula: the chapter's one display formula wider than a phone.
        formula = page.locator(".bk-scrolls:is(div.math, .katex-display) >> visible=true").first
        formula.scroll_into_view_if_needed()
        state = "el => [...el.classList].filter(c => c.startsWith('bk-more')).sort()"
        assert formula.evaluate(state) == ["bk-more-right"], (
            "the formula should start at its left end, with more to see on the right"
        )
        formula.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        scrolled_to_the_end = (
            "el => el.classList.contains('bk-more-left') && !el.classList.contains('bk-more-right')"
        )
        page.wait_for_function(scrolled_to_the_end, arg=formula.element_handle())
