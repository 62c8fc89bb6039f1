"""The yearly chart of "How busy is Baikonur?" in Chromium, with no kernel: the menu, the legend
toggles and the range slider change what is drawn."""

from __future__ import annotations

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
