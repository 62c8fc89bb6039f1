"""The built book in a real browser (Debian's Chromium through Playwright), offline.

Every page, at a desktop and a phone width: no console errors, no failed requests, no request to
any host but the local server (map tiles are answered by the test with a blank image), every Plotly
figure drawn as SVG, every folium map showing Leaflet with its vector layers, one title and one h1,
and no serious or critical accessibility violation found by axe-core (npm, pinned in package.json),
which the test injects into the page and into every folium map's iframe.
"""

from __future__ import annotations

import base64
from urllib.parse import urlparse

import pytest

from book_site import ROOT, TILE_HOSTS, Site, pages

BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
WIDTHS = {"desktop": 1280, "phone": 390}
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# What axe reports that a reader cannot work around; "moderate" and "minor" are left to review.
AXE_BLOCKING = ("serious", "critical")
_RUN_AXE = """async (blocking) => {
  // Each document on its own (iframes: false): the maps' iframes get their own axe run.
  const result = await axe.run(document, {iframes: false, resultTypes: ["violations"]});
  return result.violations.filter(v => blocking.includes(v.impact)).map(v =>
    `${v.impact} ${v.id}: ${v.help} (${v.helpUrl.split("?")[0]}) at ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def axe_violations(frame, where):
    """Serious and critical axe-core violations in a page or an iframe, as readable lines."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run `npm ci` (`make book` does it)")
    frame.add_script_tag(path=str(AXE_JS))
    return [f"{where}: {line}" for line in frame.evaluate(_RUN_AXE, list(AXE_BLOCKING))]


@pytest.fixture(scope="module")
def site():
    with Site() as running:
        yield running


class PageVisit:
    """One page load, recording what a reader's browser would do and complain about."""

    def __init__(self, browser, site, page_path, width):
        self.errors, self.failed, self.outside, self.tiles = [], [], [], []
        self.in_flight = set()
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("request", lambda r: self.in_flight.add(r))
        self.page.on("requestfinished", lambda r: self.in_flight.discard(r))
        self.page.on("requestfailed", self._failed)
        local = urlparse(site.origin).netloc

        def route(route):
            host = urlparse(route.request.url).netloc
            if host == local or route.request.url.startswith(("data:", "about:")):
                route.continue_()
            elif host.endswith(TILE_HOSTS):
                self.tiles.append(route.request.url)
                route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
            else:
                self.outside.append(route.request.url)
                route.fulfill(status=204)

        self.context.route("**/*", route)
        self.page.goto(site.base + page_path, wait_until="load")

    def _failed(self, request):
        self.in_flight.discard(request)
        # Leaflet cancels the tile images it no longer needs when a map's view changes (as a lazy
        # iframe gets its size): that is not a failure. Any other failed request is.
        if urlparse(request.url).netloc.endswith(TILE_HOSTS) and "ERR_ABORTED" in str(request.failure):
            return
        self.failed.append(f"{request.url} ({request.failure})")

    def settle(self, quiet_ms=500, timeout_ms=15_000):
        """Wait until no request has been in flight for quiet_ms (Playwright's "networkidle"
        never fires on pages with lazy srcdoc iframes)."""
        quiet = waited = 0
        while quiet < quiet_ms:
            assert waited < timeout_ms, f"requests still in flight: {[r.url for r in self.in_flight]}"
            self.page.wait_for_timeout(100)
            waited += 100
            quiet = quiet + 100 if not self.in_flight else 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.context.close()


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
            frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=20_000)
            assert frame.locator("path.leaflet-interactive").count() >= 3, f"map {index}: too few vector shapes"
            assert frame.locator(".leaflet-control-attribution").count() == 1
            accessibility += axe_violations(frame_element.element_handle().content_frame(),
                                            f"map {index}")
        visit.settle()
        accessibility += axe_violations(page.main_frame, "page")
        if width == WIDTHS["desktop"]:
            # Dark mode must read as well: same checks (contrast above all) with the dark theme.
            page.evaluate("document.documentElement.dataset.theme = 'dark'")
            page.wait_for_timeout(300)  # let the figures take the new text colour
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
            "el => String(el.layout.xaxis.range[1]).startsWith('1972')", arg=figure.element_handle())
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
        page.wait_for_function("t => getComputedStyle(document.querySelector('div.bk-plotly .gtitle')).fill !== t",
                               arg=light, timeout=10_000)
        dark = title.evaluate("el => getComputedStyle(el).fill")
        brightness = [sum(map(int, c[c.index("(") + 1:c.index(")")].split(",")[:3])) for c in (light, dark)]
        assert brightness[1] > brightness[0], f"title colour {light} in light mode, {dark} in dark mode"


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
            timeout=20_000)
        assert visit.errors == []
