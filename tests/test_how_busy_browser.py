"""The yearly chart of "How busy is Baikonur?" in Chromium, with no kernel: the menu, the legend
toggles and the range slider change what is drawn."""

from __future__ import annotations

import pytest

from test_browser import PageVisit, site  # noqa: F401  (fixture)

PAGE = "book/how-busy.html"
VISIBLE = "el => el.data.map(t => [t.legendgroup, t.visible === undefined ? true : t.visible])"


def _yearly(visit):
    figure = visit.page.locator("div.bk-plotly").first
    figure.scroll_into_view_if_needed()
    figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    return figure


def test_menu_shows_a_comparison(browser, site):  # noqa: F811
    with PageVisit(browser, site, PAGE, 1280) as visit:
        figure = _yearly(visit)
        figure.locator(".updatemenu-header-group").click()
        figure.locator(".updatemenu-dropdown-button", has_text="Baikonur and Plesetsk").click()
        visit.page.wait_for_function(
            "el => el.data.filter(t => t.visible === true).length === 4",
            arg=figure.element_handle())
        shown = {group for group, visible in figure.evaluate(VISIBLE) if visible is True}
        assert shown == {"Baikonur", "Plesetsk"}
        assert visit.errors == []


def test_legend_hides_a_spaceport_and_its_partial_year(browser, site):  # noqa: F811
    with PageVisit(browser, site, PAGE, 1280) as visit:
        figure = _yearly(visit)
        figure.locator("g.legend g.traces", has_text="Plesetsk").click()
        visit.page.wait_for_function(
            "el => el.data.filter(t => t.legendgroup === 'Plesetsk')"
            ".every(t => t.visible === 'legendonly')", arg=figure.element_handle())
        states = dict(figure.evaluate(VISIBLE))
        assert states["Baikonur"] is True
        assert visit.errors == []


def test_range_slider_zooms_on_a_period(browser, site):  # noqa: F811
    with PageVisit(browser, site, PAGE, 1280) as visit:
        figure = _yearly(visit)
        start = figure.evaluate("el => el._fullLayout.xaxis.range[0]")
        handle = figure.locator(".rangeslider-grabber-min").first
        box = handle.bounding_box()
        visit.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        visit.page.mouse.down()
        visit.page.mouse.move(box["x"] + 200, box["y"] + box["height"] / 2, steps=8)
        visit.page.mouse.up()
        visit.page.wait_for_function(
            "([el, start]) => el._fullLayout.xaxis.range[0] > start + 10",
            arg=[figure.element_handle(), start])
        assert visit.errors == []


# Boxes of a drawn Plotly figure: title, menu, legend, plot area and the annotations' text.
BOXES = """el => {
  const box = node => { const r = node.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const one = sel => { const n = el.querySelector(sel); return n ? box(n) : null; };
  return {title: one("g.g-gtitle"), menu: one("g.updatemenu-header-group"),
          legend: one("g.legend"), plot: one("g.draglayer .nsewdrag"),
          xtitle: one("g.g-xtitle"),
          notes: [...el.querySelectorAll("g.annotation-text-g")].map(box)};
}"""


def _overlap(a, b):
    return a and b and min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


@pytest.mark.parametrize("page", [PAGE, "book/intro.html"])
def test_figures_have_room_and_no_label_on_a_label_at_390_px(browser, site, page):  # noqa: F811
    with PageVisit(browser, site, page, 390) as visit:
        figures = visit.page.locator("div.bk-plotly")
        assert figures.count() >= 1
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
            boxes = figure.evaluate(BOXES)
            where = f"{page}, figure {index + 1}"
            plot = boxes["plot"]
            assert plot[3] - plot[1] >= 200, f"{where}: plot area only {plot[3] - plot[1]:.0f} px high"
            parts = {k: boxes[k] for k in ("title", "menu", "legend", "plot", "xtitle") if boxes[k]}
            names = sorted(parts)
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    assert not _overlap(parts[a], parts[b]), f"{where}: {a} overlaps {b}"
            notes = boxes["notes"]
            for i, a in enumerate(notes):
                for b in notes[i + 1:]:
                    assert not _overlap(a, b), f"{where}: two annotations overlap"
                for name in ("title", "menu", "legend", "xtitle"):
                    assert not _overlap(a, parts.get(name)), f"{where}: an annotation overlaps the {name}"
        assert visit.errors == []
