"""Every folium map of the book, in Chromium with map tiles blocked, at 1280 px and 390 px.

A map must read on its own: a vector base drawn (countries, named), labels that do not
overlap one another or the map's controls, a scale bar clear of the attribution, and a layer
control. Label boxes are measured as the browser lays them out, after the map's own placement
has run (it marks the map with data-bk-labels-placed).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from book_site import TILE_HOSTS, Site, pages
from browser_pages import wait_for_placed_labels

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

WIDTHS = {"desktop": 1280, "phone": 390}
MAP_PAGES = [
    p
    for p in pages()
    if p.startswith("book/") and "bk-map" in (Site().html / p).read_text(encoding="utf-8")
]

_MEASURE = """() => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                              width: r.width, height: r.height}; };
  const shown = el => { const s = getComputedStyle(el);
                        return s.visibility !== "hidden" && s.display !== "none" &&
                               el.getBoundingClientRect().width > 0; };
  const labels = [...document.querySelectorAll(".leaflet-tooltip.bk-label")].filter(shown)
    .map(el => ({text: el.textContent.trim(), kind: el.className, ...box(el)}));
  const controls = [...document.querySelectorAll(".leaflet-control")].filter(shown)
    .map(el => ({text: el.className, ...box(el)}));
  const one = sel => { const el = document.querySelector(sel);
                      return el && shown(el) ? box(el) : null; };
  return {labels, controls, map: box(document.querySelector(".leaflet-container")),
          scale: one(".leaflet-control-scale"), attribution: one(".leaflet-control-attribution"),
          layers: one(".leaflet-control-layers"),
          countryShapes: document.querySelectorAll(".leaflet-bkBase-pane path").length};
}"""


def overlap(a, b):
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


@pytest.fixture(scope="module")
def site():
    with Site() as running:
        yield running


def test_the_book_has_maps():
    assert len(MAP_PAGES) >= 3, f"expected the map pages of chapters 1, 3 and 4, found {MAP_PAGES}"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page_path", MAP_PAGES)
def test_maps_read_without_tiles_and_no_label_overlaps(request, browser, site, page_path, width):
    if page_path == "book/why-the-steppe.html" and width == WIDTHS["phone"]:
        # Known failure since the base map's labels are prepared once (tools/prepare_basemaps.py):
        # in this test the R-7 path map at 390 px names no country, while the same map, loaded
        # the same way by a script, names Kazakhstan, Uzbekistan and Kyrgyzstan. Not yet found.
        request.applymarker(pytest.mark.xfail(strict=False, reason="R-7 map, 390 px: see above"))
    context = browser.new_context(viewport={"width": width, "height": 900})
    outside, errors = [], []
    local = urlparse(site.origin).netloc

    def route(route):
        host = urlparse(route.request.url).netloc
        if host == local or route.request.url.startswith(("data:", "about:")):
            route.continue_()
        else:  # tiles too: the maps must read without them
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site.base + page_path, wait_until="load")
        frames = page.locator("iframe.bk-map")
        assert frames.count() >= 1
        for index in range(frames.count()):
            element = frames.nth(index)
            where = f"{page_path}, map {index + 1} ({element.get_attribute('title')}), {width} px"
            element.scroll_into_view_if_needed()
            wait_for_placed_labels(element, where)
            found = element.element_handle().content_frame().evaluate(_MEASURE)
            assert found["countryShapes"] >= 3, f"{where}: the vector base map is not drawn"
            countries = [label for label in found["labels"] if "bk-country" in label["kind"]]
            assert countries, f"{where}: no country is named"
            labels = found["labels"]
            assert len(labels) >= 3, f"{where}: only {len(labels)} labels are shown"
            # The chapter's own labels carry the story: the map finds room for every one.
            left_out = (
                element.element_handle()
                .content_frame()
                .evaluate(
                    "() => [...document.querySelectorAll('.bk-chapter')]"
                    ".filter(e => e.dataset.bkPlaced !== 'yes').map(e => e.textContent.trim())"
                )
            )
            assert left_out == [], f"{where}: the chapter's labels found no room: {left_out}"
            clashes = [
                f"{a['text']!r} over {b['text']!r}"
                for i, a in enumerate(labels)
                for b in labels[i + 1 :]
                if overlap(a, b)
            ]
            assert clashes == [], f"{where}: labels overlap: {clashes}"
            under = [
                f"{label['text']!r} under {c['text']}"
                for label in labels
                for c in found["controls"]
                if overlap(label, c)
            ]
            assert under == [], f"{where}: labels under the map's controls: {under}"
            outside_map = [
                label["text"]
                for label in labels
                if label["left"] < found["map"]["left"] - 1
                or label["right"] > found["map"]["right"] + 1
                or label["top"] < found["map"]["top"] - 1
                or label["bottom"] > found["map"]["bottom"] + 1
            ]
            assert outside_map == [], f"{where}: labels cut by the map's edge: {outside_map}"
            assert found["scale"], f"{where}: no scale bar"
            assert found["attribution"], f"{where}: no attribution"
            assert not overlap(found["scale"], found["attribution"]), (
                f"{where}: the scale bar is under the attribution: "
                f"{found['scale']} / {found['attribution']}"
            )
            assert found["layers"], f"{where}: no layer control (the map's legend)"
            legend = (
                element.element_handle()
                .content_frame()
                .evaluate(
                    "() => [...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
                    ".map(l => l.textContent.trim())"
                )
            )
            assert "Countries" in legend, (
                f"{where}: the layer control does not list the base map's layers: {legend}"
            )
        assert errors == [], f"{page_path}: errors in the page: {errors}"
        tiles = [u for u in outside if urlparse(u).netloc.endswith(TILE_HOSTS)]
        assert tiles == [], (
            f"{page_path}: tiles requested though the vector base is the default: {tiles[:3]}"
        )
        assert outside == [], f"{page_path}: requests to other hosts: {outside[:5]}"
    finally:
        context.close()


# --- labels name the shape they sit on, at every width -----------------------------------------

_COUNTRY_LABELS = """() => {
  let map = null;
  for (const key of Object.keys(window)) {
    try { if (window[key] instanceof L.Map) { map = window[key]; break; } } catch (e) {}
  }
  const box = map.getContainer().getBoundingClientRect();
  return [...document.querySelectorAll(".leaflet-tooltip.bk-country")]
    .filter(el => getComputedStyle(el).visibility !== "hidden" && el.dataset.bkPlaced === "yes")
    .map(el => {
      const r = el.getBoundingClientRect();
      const at = map.containerPointToLatLng(
        [(r.left + r.right) / 2 - box.left, (r.top + r.bottom) / 2 - box.top]);
      return {text: el.textContent.trim(), lat: at.lat, lon: at.lng};
    });
}"""


def _country_shapes() -> dict[str, dict]:
    """Each country (a FeatureCollection of its Natural Earth feature) by its English label."""
    from baikonur.data import load_geojson

    return {
        feature["properties"]["name"]: {"type": "FeatureCollection", "features": [feature]}
        for feature in load_geojson("central_asia_countries")["features"]
    }


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page_path", [p for p in MAP_PAGES if not p.startswith("fr/")])
def test_each_country_label_lies_inside_its_country(browser, site, page_path, width):
    # A label moved aside to make room must not land in the next country (at 390 px the
    # directions map once put TAJIKISTAN under PAKISTAN).
    from baikonur.geo import inside_boundary

    shapes = _country_shapes()
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.abort()
            if urlparse(route.request.url).netloc.endswith(TILE_HOSTS)
            else route.continue_()
        ),
    )
    page = context.new_page()
    try:
        page.goto(site.base + page_path, wait_until="load")
        frames = page.locator("iframe.bk-map")
        wrong, read = [], 0
        for index in range(frames.count()):
            element = frames.nth(index)
            element.scroll_into_view_if_needed()
            wait_for_placed_labels(element, f"{page_path}, map {index + 1}, {width} px")
            labels = element.element_handle().content_frame().evaluate(_COUNTRY_LABELS)
            for label in labels:
                country = shapes.get(label["text"])
                assert country, f"map {index + 1}: {label['text']!r} is not a country of the data"
                read += 1
                if not inside_boundary(label["lat"], label["lon"], country):
                    wrong.append(
                        f"map {index + 1} ({element.get_attribute('title')}): {label['text']} "
                        f"at {label['lat']:.2f}° N, {label['lon']:.2f}° E"
                    )
        assert read, f"{page_path}: no country label was read"
        assert wrong == [], f"{page_path}, {width} px: country labels outside their country:\n" + (
            "\n".join(wrong)
        )
    finally:
        context.close()


# --- the wheel scrolls the page until the reader clicks the map ---------------------------------


@pytest.mark.xfail(
    reason="since maps load in a sandboxed iframe, the last step (a click, then the wheel zooms) "
    "times out here; the page scrolling and Ctrl + wheel steps pass. Open: find why, then remove "
    "this mark.",
    strict=False,
)
def test_the_wheel_scrolls_the_page_over_a_map_until_the_map_is_clicked(browser, site):
    # The waits below evaluate their conditions as strings, which the pages' Content-Security-
    # Policy forbids (no eval): set aside here, where only the wheel is tested.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.route(
        "**/*",
        lambda route: (
            route.abort()
            if urlparse(route.request.url).netloc.endswith(TILE_HOSTS)
            else route.continue_()
        ),
    )
    page = context.new_page()
    try:
        page.goto(site.base + "book/why-the-steppe.html", wait_until="load")
        element = page.locator("iframe.bk-map").first  # the 1955 range head
        element.scroll_into_view_if_needed()
        wait_for_placed_labels(element, "the 1955 range head")
        zoom = "() => { for (const k of Object.keys(window)) { try { if (window[k] instanceof L.Map) return window[k].getZoom(); } catch (e) {} } }"  # noqa: E501
        inner = element.element_handle().content_frame()
        before_zoom = inner.evaluate(zoom)
        box = element.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.move(*centre)
        before = page.evaluate("window.scrollY")
        page.mouse.wheel(0, 400)
        page.wait_for_function(f"window.scrollY > {before}", timeout=15_000)
        wait_for_placed_labels(element, "after the wheel")  # a zoom, had one started, ended
        assert inner.evaluate(zoom) == before_zoom, "the wheel zoomed the map before any click"
        # Ctrl + wheel zooms (and does not zoom the page). The map back in the middle of the
        # screen at once (no smooth scrolling still under way when the mouse moves).
        element.evaluate("el => el.scrollIntoView({block: 'center', behavior: 'instant'})")
        box = element.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.keyboard.down("Control")
        page.mouse.wheel(0, -300)
        page.keyboard.up("Control")
        inner.wait_for_function(f"() => ({zoom})() !== {before_zoom}", timeout=15_000)
        # After a click the wheel zooms, and the page stays where it is.
        zoomed = inner.evaluate(zoom)
        # A click on the map's top edge (no marker there), then the wheel over its middle; a
        # popup the click may have opened would keep the wheel to itself, as Leaflet's do.
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 12)
        inner.evaluate(
            "() => { for (const k of Object.keys(window)) { try { if (window[k] instanceof L.Map)"
            " window[k].closePopup(); } catch (e) {} } }"
        )
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        still = page.evaluate("window.scrollY")
        page.mouse.wheel(0, 300)
        inner.wait_for_function(f"() => ({zoom})() !== {zoomed}", timeout=15_000)
        assert page.evaluate("window.scrollY") == still, "the page scrolled while the map zoomed"
    finally:
        context.close()
