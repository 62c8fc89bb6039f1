"""The film chapter in Chromium, with no kernel: the timeline's scale buttons change the x-axis
range, and the map draws the approximate landing area. Reuses the page-visit helpers and the
fixtures of test_browser.py (every page's general checks live there)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from baikonur.timeline import load_events
from book_site import HTML
from test_browser import PageVisit, site  # noqa: F401  (fixture)

PAGE = "book/first-film-in-space.html"
X_RANGE = "el => el.layout.xaxis.range.map(String)"


def _as_utc(values):
    return [pd.Timestamp(v).tz_localize("UTC") for v in values]


@pytest.fixture
def chapter(browser, site):  # noqa: F811
    visit = PageVisit(browser, site, PAGE, 390)
    yield visit
    visit.close()


def test_timeline_buttons_switch_scale_without_a_kernel(chapter):
    events = load_events().utc
    # The chapter's second figure (the race to film in space comes first, in the story).
    figure = chapter.page.locator("div.bk-plotly").nth(1)
    figure.scroll_into_view_if_needed()
    figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    assert figure.evaluate("el => el.layout.updatemenus.length") == 1, \
        "the second figure is not the timeline with its scale buttons"
    start, end = _as_utc(figure.evaluate(X_RANGE))
    # Opens on the visit: from before the MS-19 launch to after the MS-18 landing.
    assert start < events["ms19_launch"] and end > events["ms18_landing"]
    assert end - start < pd.Timedelta(days=14)

    before = figure.evaluate(X_RANGE)[0]
    figure.locator(".updatemenu-button", has_text="Liftoff to docking").click()
    chapter.page.wait_for_function(
        "([el, before]) => String(el.layout.xaxis.range[0]) !== before",
        arg=[figure.element_handle(), before], timeout=10_000)
    start, end = _as_utc(figure.evaluate(X_RANGE))
    assert start < events["ms19_launch"] and end > events["ms19_docking"]
    assert end - start < pd.Timedelta(hours=5), "the short scale should show hours, not days"
    # The axis really is redrawn: its tick labels are now clock times.
    chapter.page.wait_for_function(
        "el => [...el.querySelectorAll('.xtick text')].some(t => /^\\d{1,2}:\\d{2}/.test(t.textContent))",
        arg=figure.element_handle(), timeout=10_000)

    figure.locator(".updatemenu-button", has_text="The year").click()
    chapter.page.wait_for_function(
        "el => new Date(el.layout.xaxis.range[1]) - new Date(el.layout.xaxis.range[0]) > 300 * 864e5",
        arg=figure.element_handle(), timeout=10_000)
    start, end = _as_utc(figure.evaluate(X_RANGE))
    assert start < events["ms18_launch"] and end > events["ms19_landing"]
    assert chapter.errors == []


def test_maps_draw_the_landing_as_an_approximate_area(chapter):
    frames = chapter.page.locator("iframe[srcdoc]")
    assert frames.count() == 2, "the journey map and the close-up of the landing area"
    for index in range(frames.count()):
        frames.nth(index).scroll_into_view_if_needed()
        frame = frames.nth(index).content_frame
        frame.locator(".leaflet-container").wait_for(timeout=20_000)
        frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=20_000)
        # The landing area is the one filled, dashed polygon.
        dashed = frame.locator("path.leaflet-interactive[stroke-dasharray='6 4']")
        assert dashed.count() == 1 and dashed.first.get_attribute("fill") not in (None, "none")
        box = dashed.first.bounding_box()
        assert box and box["width"] > 20 and box["height"] > 10, f"map {index}: no landing area"
        labels = " ".join(frame.locator(".bk-label").all_inner_texts())
        assert "approx" in labels.lower(), f"map {index}: the landing point is not called approximate"
    # In the close-up the band is visibly an area, not a line.
    assert box["width"] > 100 and box["height"] > 100, box


def test_prose_carries_the_computed_durations():
    from baikonur.timeline import duration, format_duration
    events = load_events().utc
    text = re.sub(r"<[^>]+>", "", (HTML / PAGE).read_text(encoding="utf-8"))
    for first, last in [("ms19_launch", "ms18_landing"), ("ms19_docking", "ms18_undocking"),
                        ("ms19_launch", "ms19_docking")]:
        assert format_duration(duration(events[first], events[last])) in text, (first, last)
    assert "{glue" not in text, "a glue role was not resolved"
    assert "approximate" in text.lower()
