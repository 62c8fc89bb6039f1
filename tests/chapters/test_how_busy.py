"""The built chapter "How busy is Baikonur?": downloads that resolve and hold the right numbers,
lean figures, a partial year marked as partial, glued numbers in the prose.

The downloadable CSVs are read from the built site (what a reader gets) and compared with a
recount of the raw log in plain Python and with the research notes' tables (tests/data/).
"""

from __future__ import annotations

import csv
import html as html_lib
import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from book_site import HTML
from conftest import ROOT
from browser_pages import PageVisit

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

PAGE = HTML / "book" / "how-busy.html"
LOG = ROOT / "data" / "gcat_launches_1957_2024.csv"
DOWNLOADS = [
    "launches_per_year_by_spaceport.csv",
    "busiest_spaceport_by_year.csv",
    "baikonur_launches_per_year.csv",
    "baikonur_and_world_by_decade.csv",
    "baikonur_busiest_pads.csv",
]


@pytest.fixture(scope="module")
def page():
    return PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def links(page):
    """Download name -> file in the built site, for every download link on the page."""
    found = {}
    for href in re.findall(r'<a class="reference download internal"[^>]*href="([^"]+)"', page):
        target = (PAGE.parent / html_lib.unescape(href)).resolve()
        found[Path(href).name] = target
    return found


@pytest.fixture(scope="module")
def raw_rows():
    with LOG.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["category"] != "off_earth"]


def download(links, name):
    return pd.read_csv(links[name], keep_default_na=False)


def test_every_chart_has_its_download_and_each_link_resolves(links):
    assert sorted(links) == sorted(DOWNLOADS)
    for name, target in links.items():
        assert target.is_file(), f"{name}: link to {target} does not resolve"
        assert HTML.resolve() in target.parents, f"{name}: link leaves the site"


def test_downloads_credit_the_source(links):
    for name in DOWNLOADS:
        sources = set(download(links, name).source)
        assert sources == {"GCAT, J. McDowell (planet4589.org), CC BY"}, name


def test_yearly_download_matches_a_plain_recount(links, raw_rows):
    table = download(links, "launches_per_year_by_spaceport.csv")
    plain = Counter((int(r["year"]), r["spaceport"]) for r in raw_rows)
    ours = {(y, s): n for y, s, n in zip(table.year, table.spaceport, table.launches)}
    assert ours == dict(plain)
    failures = Counter(
        (int(r["year"]), r["spaceport"]) for r in raw_rows if r["outcome"] == "failure"
    )
    assert {k: v for k, v in zip(zip(table.year, table.spaceport), table.failures) if v} == dict(
        failures
    )
    assert (table.launches == table.successes + table.failures).all()
    assert set(table.year[table.partial_year]) == {2024}


@pytest.mark.parametrize("year, total", [(1957, 3), (2021, 146), (2022, 186), (2023, 223)])
def test_world_totals_in_the_downloads_match_published_checkpoints(links, year, total):
    yearly = download(links, "launches_per_year_by_spaceport.csv")
    assert yearly.launches[yearly.year == year].sum() == total
    leaders = download(links, "busiest_spaceport_by_year.csv").set_index("year")
    assert leaders.world_launches[year] == total


def test_yearly_download_matches_the_research_notes(links):
    notes = pd.read_csv(ROOT / "tests" / "data" / "launches_per_year_by_spaceport.csv")
    kept = set(notes.spaceport) - {"Other"}
    table = download(links, "launches_per_year_by_spaceport.csv")
    table["spaceport"] = table.spaceport.where(table.spaceport.isin(kept), "Other")
    ours = table.groupby(["year", "spaceport"])[["launches", "successes", "failures"]].sum()
    theirs = notes.set_index(["year", "spaceport"]).sort_index()
    pd.testing.assert_frame_equal(ours.sort_index(), theirs, check_dtype=False)


def test_decade_download_matches_the_research_notes(links):
    notes = pd.read_csv(ROOT / "tests" / "data" / "baikonur_launches_per_decade.csv")
    ours = download(links, "baikonur_and_world_by_decade.csv").set_index("decade")
    notes = notes.set_index("decade")
    assert ours.baikonur_launches.sum() == 1546
    assert ours.baikonur_launches.to_dict() == notes.launches.to_dict()
    assert ours.baikonur_successes.to_dict() == notes.successes.to_dict()
    assert ours.baikonur_failures.to_dict() == notes.failures.to_dict()
    assert "partial" in ours.label[2020] and "partial" not in ours.label[2010]


def test_busiest_spaceport_each_year_matches_a_plain_recount(links, raw_rows):
    leaders = download(links, "busiest_spaceport_by_year.csv").set_index("year")
    plain = Counter((int(r["year"]), r["spaceport"]) for r in raw_rows)
    for year in leaders.index:
        counts = {s: n for (y, s), n in plain.items() if y == year}
        top = max(counts.values())
        assert set(leaders.busiest_spaceport[year].split(" and ")) == {
            s for s, n in counts.items() if n == top
        }, year
        assert leaders.baikonur_launches[year] == counts.get("Baikonur", 0)
    led = leaders.index[leaders.baikonur_rank == 1]
    assert led.max() == 2015 and (leaders.busiest_spaceport[2016:] == "Cape Canaveral / KSC").all()


def test_pads_download_names_gagarins_start_first(links, raw_rows):
    pads = download(links, "baikonur_busiest_pads.csv")
    plain = Counter(r["launch_pad"] for r in raw_rows if r["spaceport"] == "Baikonur")
    assert dict(zip(pads.gcat_pad, pads.launches)) == dict(plain.most_common(10))
    assert pads.name[0] == "Gagarin's Start"


def _values(array):
    """Plotly writes numeric arrays as base64 typed arrays ({"dtype", "bdata"}) or lists."""
    if isinstance(array, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def _figures(page):
    return [
        json.loads(payload.replace("<\\/", "</"))
        for payload in re.findall(
            r'<script type="application/json" class="bk-plotly-json">(.*?)</script>', page, re.S
        )
    ]


def test_figures_are_lean_and_titled(page):
    payloads = re.findall(r'class="bk-plotly-json">(.*?)</script>', page, re.S)
    assert len(payloads) == 5
    for index, payload in enumerate(payloads):
        assert len(payload.encode("utf-8")) < 150_000, f"figure {index} embeds too much data"
    for figure in _figures(page):
        assert figure["layout"]["title"]["text"]


def test_partial_year_is_marked_in_the_yearly_figures(page):
    yearly, baikonur = _figures(page)[:2]
    partial = [t for t in yearly["data"] if "(partial)" in t["name"]]
    assert len(partial) == 7 and all(_values(t["x"]) == [2024] for t in partial)
    # Full-year lines stop before the partial year, so it never reads as a fall.
    for trace in yearly["data"]:
        if "(partial)" not in trace["name"]:
            assert max(_values(trace["x"])) == 2023
    assert yearly["layout"]["xaxis"]["rangeslider"]["visible"] is True
    assert len(yearly["layout"]["updatemenus"][0]["buttons"]) >= 3
    hatched = [
        t for t in baikonur["data"] if t["type"] == "bar" and "/" in t["marker"]["pattern"]["shape"]
    ]
    assert hatched and all(
        _values(t["x"])[t["marker"]["pattern"]["shape"].index("/")] == 2024 for t in hatched
    )


def test_glued_numbers_are_in_the_prose(page):
    text = re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", page)))
    assert "{glue" not in text
    assert "Baikonur launched 1,546 rockets towards orbit or deep space" in text
    assert (
        "NIIP-5 (the Soviet test range’s name) for launches until 1988" in text
        or "NIIP-5 (the Soviet test range's name) for launches until 1988" in text
    )
    assert "2024 is a partial year" in text
    assert "The world launched 146 times that year, 186 the next and 223" in text


def test_no_widget_manager_on_the_page(page):
    assert "widget-view+json" not in page and "html-manager" not in page


# --- In the browser (was test_how_busy_browser.py): The yearly chart of "How busy is Baikonur?"
# in Chromium, with no kernel: the menu, the legend
PAGE_PATH = "book/how-busy.html"
VISIBLE = "el => el.data.map(t => [t.legendgroup, t.visible === undefined ? true : t.visible])"


def _yearly(visit):
    figure = visit.page.locator("div.bk-plotly").first
    figure.scroll_into_view_if_needed()
    figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    return figure


def test_menu_shows_a_comparison(browser, site):
    with PageVisit(browser, site, PAGE_PATH, 1280) as visit:
        figure = _yearly(visit)
        figure.locator(".updatemenu-header-group").click()
        figure.locator(".updatemenu-dropdown-button", has_text="Baikonur and Plesetsk").click()
        visit.page.wait_for_function(
            "el => el.data.filter(t => t.visible === true).length === 4",
            arg=figure.element_handle(),
        )
        shown = {group for group, visible in figure.evaluate(VISIBLE) if visible is True}
        assert shown == {"Baikonur", "Plesetsk"}
        assert visit.errors == []


def test_legend_hides_a_spaceport_and_its_partial_year(browser, site):
    with PageVisit(browser, site, PAGE_PATH, 1280) as visit:
        figure = _yearly(visit)
        figure.locator("g.legend g.traces", has_text="Plesetsk").click()
        visit.page.wait_for_function(
            "el => el.data.filter(t => t.legendgroup === 'Plesetsk')"
            ".every(t => t.visible === 'legendonly')",
            arg=figure.element_handle(),
        )
        states = dict(figure.evaluate(VISIBLE))
        assert states["Baikonur"] is True
        assert visit.errors == []


def test_range_slider_zooms_on_a_period(browser, site):
    with PageVisit(browser, site, PAGE_PATH, 1280) as visit:
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
            arg=[figure.element_handle(), start],
        )
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
    return (
        a and b and min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1
    )


@pytest.mark.parametrize("page", [PAGE_PATH, "book/intro.html"])
def test_figures_have_room_and_no_label_on_a_label_at_390_px(browser, site, page):
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
            assert plot[3] - plot[1] >= 200, (
                f"{where}: plot area only {plot[3] - plot[1]:.0f} px high"
            )
            parts = {k: boxes[k] for k in ("title", "menu", "legend", "plot", "xtitle") if boxes[k]}
            names = sorted(parts)
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    assert not _overlap(parts[a], parts[b]), f"{where}: {a} overlaps {b}"
            notes = boxes["notes"]
            for i, a in enumerate(notes):
                for b in notes[i + 1 :]:
                    assert not _overlap(a, b), f"{where}: two annotations overlap"
                for name in ("title", "menu", "legend", "xtitle"):
                    assert not _overlap(a, parts.get(name)), (
                        f"{where}: an annotation overlaps the {name}"
                    )
        assert visit.errors == []
