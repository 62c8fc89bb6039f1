"""The built book in a real browser (Debian's Chromium through Playwright), offline.

Every page, at a desktop and a phone width: no console errors, no failed requests, no request to
any host but the local server (map tiles are answered by the test with a blank image), every Plotly
figure drawn as SVG, every folium map showing Leaflet with its vector layers, one title and one h1,
and no serious or critical accessibility violation found by axe-core (npm, pinned in package.json),
which the test injects into the page and into every folium map's iframe.
"""

from __future__ import annotations

import pytest

from book_site import pages
from browser_pages import WIDTHS, PageVisit, axe_violations

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page_path", pages())
def test_page_in_browser(browser, site, page_path, width):
    with PageVisit(browser, site, page_path, width) as visit:
        page = visit.page
        # Plotly figures: each placeholder becomes an SVG plot.
        figures = page.locator("div.bk-plotly")
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
            box = figure.bounding_box()
            assert box and box["width"] <= width, f"figure {index} is wider than the page"
        # folium maps: Leaflet inside each (lazy) iframe, with vector layers drawn.
        accessibility = []
        frames = page.locator("iframe.bk-map")
        for index in range(frames.count()):
            frame_element = frames.nth(index)
            frame_element.scroll_into_view_if_needed()
            assert frame_element.get_attribute("title"), f"map {index} has no title"
            frame = frame_element.content_frame
            frame.locator(".leaflet-container").wait_for(timeout=20_000)
            frame.locator("path.leaflet-interactive").first.wait_for(
                state="attached", timeout=20_000
            )
            assert frame.locator("path.leaflet-interactive").count() >= 3, (
                f"map {index}: too few vector shapes"
            )
            assert frame.locator(".leaflet-control-attribution").count() == 1
            accessibility += axe_violations(
                frame_element.element_handle().content_frame(), f"map {index}"
            )
        visit.settle()
        accessibility += axe_violations(page.main_frame, "page")
        if width == WIDTHS["desktop"]:
            # Dark mode must read as well: same checks (contrast above all) with the dark theme.
            colours = page.evaluate(_FIGURE_TEXT_COLOURS)
            page.evaluate("document.documentElement.dataset.theme = 'dark'")
            # Every drawn figure has taken the dark theme's text colour (a state, not a time).
            page.wait_for_function(
                f"before => ({_FIGURE_TEXT_COLOURS})().every((c, i) => c !== before[i])",
                arg=colours,
                timeout=20_000,
            )
            # ...and the theme's colour transitions (the search button's text fades) are taken
            # to their end: contrast is measured on the colours a reader sees once they settle,
            # not halfway between two themes.
            page.evaluate(
                "() => document.getAnimations()"
                ".filter(a => a instanceof CSSTransition).forEach(a => a.finish())"
            )
            accessibility += axe_violations(page.main_frame, "page in dark mode")

        assert page.title().strip(), "page has no <title>"
        # The theme also writes a print-only header, hidden on screen and from screen readers.
        assert page.locator("h1:visible").count() == 1, "page must have exactly one visible h1"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page scrolls sideways by {overflow} px at {width} px wide"
        assert visit.outside == [], f"requests to other hosts: {visit.outside}"
        assert visit.failed == [], f"failed requests: {visit.failed}"
        assert visit.errors == [], f"console errors: {visit.errors}"
        assert accessibility == [], "axe-core found:\n" + "\n".join(accessibility)


def test_timeline_buttons_change_the_range_without_a_kernel(browser, site):
    with PageVisit(browser, site, "book/baikonur-exists.html", 1280) as visit:
        figure = visit.page.locator("div.bk-plotly").first
        figure.scroll_into_view_if_needed()  # figures are drawn as they near the screen
        figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
        x_range = "el => el.layout.xaxis.range.map(String)"
        assert figure.evaluate(x_range)[0].startswith("1953-01-01")
        figure.locator(".updatemenu-header-group").click()
        figure.locator(".updatemenu-dropdown-button", has_text="Space race").click()
        visit.page.wait_for_function(
            "el => String(el.layout.xaxis.range[1]).startsWith('1972')", arg=figure.element_handle()
        )
        assert figure.evaluate(x_range)[1].startswith("1972-12-31")
        assert visit.errors == []


def test_figure_text_follows_dark_mode(browser, site):
    with PageVisit(browser, site, "book/baikonur-exists.html", 1280) as visit:
        page = visit.page
        page.locator("div.bk-plotly").first.scroll_into_view_if_needed()  # drawn when near
        title = page.locator("div.bk-plotly .gtitle").first
        title.wait_for(state="attached", timeout=20_000)
        light = title.evaluate("el => getComputedStyle(el).fill")
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        page.wait_for_function(
            "t => getComputedStyle(document.querySelector('div.bk-plotly .gtitle')).fill !== t",
            arg=light,
            timeout=10_000,
        )
        dark = title.evaluate("el => getComputedStyle(el).fill")
        brightness = [
            sum(map(int, c[c.index("(") + 1 : c.index(")")].split(",")[:3])) for c in (light, dark)
        ]
        assert brightness[1] > brightness[0], (
            f"title colour {light} in light mode, {dark} in dark mode"
        )


def test_search_from_a_chapter_finds_a_page(browser, site):
    # Chapter pages no longer load Sphinx's search scripts (baikonur_sphinx/templates/layout.html):
    # the search box must still lead to search.html, which loads them and finds the page.
    with PageVisit(browser, site, "book/how-busy.html", 1280) as visit:
        page = visit.page
        page.keyboard.press("Control+k")
        page.locator("#pst-search-dialog input[name=q]").fill("Tyuratam")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=Tyuratam*")
        page.locator("#search-results a", has_text="Does Baikonur really exist?").first.wait_for(
            timeout=20_000
        )
        assert visit.errors == []


# Every icon a page shows, with the font the browser draws it from (baikonur_sphinx/icon_font.py
# cuts the webfonts to the icons the site uses: a missing glyph would draw as an empty box).
ICONS_DRAWN = """() => {
  const drawn = [], bare = [];
  for (const element of document.querySelectorAll("*")) {
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(element, pseudo);
      if (!/Font Awesome/.test(style.fontFamily)) continue;
      const text = (style.content.match(/^"(.*)"$/) || [])[1] || "";
      for (const c of text) {
        drawn.push([style.fontFamily, style.fontWeight, c.codePointAt(0), element.className]);
      }
    }
    const classes = typeof element.className === "string" ? element.className : "";
    if (/(^|\\s)fa-(solid|regular|brands)(\\s|$)/.test(classes)
        && /^(none|normal)$/.test(getComputedStyle(element, "::before").content)) {
      bare.push(classes);
    }
  }
  return {drawn, bare};
}"""


def font_glyphs(site_root):
    from fontTools.ttLib import TTFont

    folder = site_root / "_static" / "vendor" / "fontawesome" / "webfonts"
    return {
        name: set(TTFont(folder / f"{name}.woff2").getBestCmap())
        for name in ("fa-solid-900", "fa-regular-400", "fa-brands-400")
    }


@pytest.mark.parametrize(
    "page_path",
    [p for p in pages() if p != "index.html" and not p.startswith("fr/")]
    + ["fr/book/how-busy.html"],
)
def test_every_icon_has_its_rule_and_its_glyph(browser, site, page_path):
    from book_site import HTML

    glyphs = font_glyphs(HTML / ("fr" if page_path.startswith("fr/") else ""))
    with PageVisit(browser, site, page_path, WIDTHS["desktop"]) as visit:
        found = visit.page.evaluate(ICONS_DRAWN)
    assert found["bare"] == [], f"{page_path}: icons without a rule: {found['bare']}"
    assert found["drawn"], f"{page_path}: no icon drawn at all (the header has several)"
    missing = []
    for family, weight, codepoint, where in found["drawn"]:
        if "Brands" in family:
            font = "fa-brands-400"
        else:
            font = "fa-solid-900" if int(weight) >= 900 else "fa-regular-400"
        if codepoint not in glyphs[font]:
            missing.append(f"U+{codepoint:04X} ({font}) for {where!r}")
    assert missing == [], f"{page_path}: icons not in the served font: {missing}"


# The text colour of each figure plotly.js has drawn (plotly-figures.js follows the theme).
_FIGURE_TEXT_COLOURS = """() => [...document.querySelectorAll('div.bk-plotly.bk-plotly-drawn')]
  .map(div => div._fullLayout && div._fullLayout.font.color)"""


def hero_state(page):
    return page.evaluate(
        """() => {
          const figure = document.querySelector("div.bk-plotly");
          return {plotly: typeof window.Plotly !== "undefined",
                  drawn: !!figure.querySelector("svg.main-svg"),
                  top: figure.getBoundingClientRect().top, screen: window.innerHeight};
        }"""
    )


def test_a_figure_below_the_first_screen_waits_for_the_reader(browser, site):
    # plotly-figures.js: before the reader first scrolls, only figures on the screen start, so
    # plotly.js does not take a phone's network and main thread while the page first shows.
    with PageVisit(browser, site, "book/intro.html", WIDTHS["phone"]) as visit:
        page = visit.page
        # A tall phone: the figure is below the screen, within the loader's 800 px look-ahead
        # (the screen's height is set from where the page puts the figure).
        top = hero_state(page)["top"]
        page.set_viewport_size({"width": WIDTHS["phone"], "height": int(top) - 300})
        page.reload(wait_until="load")
        visit.settle()  # the loader has fetched all it means to before a scroll
        state = hero_state(page)
        assert state["screen"] < state["top"] < state["screen"] + 800, state
        assert not state["plotly"], "plotly.js was fetched before the reader scrolled"
        # A short scroll: the figure is still below the screen, and now starts.
        page.mouse.wheel(0, 100)
        page.wait_for_function(
            "() => document.querySelector('div.bk-plotly svg.main-svg')", timeout=20_000
        )
        state = hero_state(page)
        assert state["top"] > state["screen"], "the figure was drawn only once on the screen"


def test_a_figure_on_the_first_screen_draws_without_a_scroll(browser, site):
    with PageVisit(browser, site, "book/intro.html", WIDTHS["desktop"]) as visit:
        page = visit.page
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 3000})
        page.reload(wait_until="load")
        page.wait_for_function(
            "() => document.querySelector('div.bk-plotly svg.main-svg')", timeout=20_000
        )
