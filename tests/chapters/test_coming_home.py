"""The return chapter as a reader gets it (the built HTML, in both editions), and the numbers it
glues, recomputed here another way: the data package's return profile read with the csv module,
times subtracted with datetime, the landing distance with geographiclib."""

from __future__ import annotations

import base64
import csv
import html as html_lib
import json
import math
import re
from datetime import datetime

import numpy as np
import pytest

from book_site import HTML, ROOT

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

PAGE = "book/coming-home.html"
FR_PAGE = "fr/book/coming-home.html"


def _rows(name):
    with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return {row[next(iter(row))]: row for row in csv.DictReader(handle)}


def _utc(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def _text(page_html):
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    body = re.sub(r'srcdoc="[^"]*"', "", body)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def _figures(page_html):
    return [
        json.loads(payload.replace("<\\/", "</"))
        for payload in re.findall(
            r'<script type="application/json" class="bk-plotly-json">(.*?)</script>',
            page_html,
            re.S,
        )
    ]


def _values(array):
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


@pytest.fixture(scope="module", params=[PAGE, FR_PAGE], ids=["en", "fr"])
def page_html(request):
    return (HTML / request.param).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def english():
    return _text((HTML / PAGE).read_text(encoding="utf-8"))


def test_the_burn_and_its_share_of_the_speed_recomputed(english):
    burn = _rows("soyuz_return_profile")["ms11_deorbit_burn"]
    seconds = int(burn["duration_s"])
    assert f"{seconds // 60} min {seconds % 60} s" in english
    speed = math.sqrt(398_600.4418 / (6371.0 + float(burn["altitude_km"]))) * 1000
    share = float(burn["speed_change_m_s"]) / speed * 100
    assert f"removes only {share:.1f} % of the {speed:,.0f} m/s" in english, (
        "the deorbit burn's share of the orbital speed is not what the data give"
    )


def test_the_return_of_ms18_is_stated_one_way(english):
    events = _rows("soyuz_ms19_ms18_timeline")
    span = _utc(events["ms18_landing"]["utc"]) - _utc(events["ms18_undocking"]["utc"])
    hours, minutes = divmod(round(span.total_seconds() / 60), 60)
    said = set(re.findall(r"\b(\d+ h \d+ min)\b", english))
    assert f"{hours} h {minutes} min" in said, said
    assert (
        f"took {hours} h {minutes} min" in english and f"{hours} h {minutes} min in all" in english
    )
    # The touchdown is TASS's 07:35 MSK; the second is Roscosmos's prediction, and said so.
    assert "04:35 UTC, 07:35 MSK" in english
    for found in re.finditer(r"04:35:42", english):
        assert "predict" in english[max(0, found.start() - 80) : found.end()].lower()


def test_both_entry_interface_definitions_are_given(english):
    rows = _rows("soyuz_return_profile")
    csa, nsf = rows["ms11_entry_interface"], rows["ms17_entry_interface"]
    assert f"{float(csa['altitude_km']):.1f} km for Soyuz MS-11" in english
    assert f"{float(nsf['altitude_km']):.0f} km for Soyuz MS-17" in english
    assert "different definitions" in english


def test_the_landing_distance_and_the_shortfall_recomputed(english):
    from geographiclib.geodesic import Geodesic

    places = _rows("baikonur_places")
    pad, landing = places["site_31"], places["ms18_landing_approx"]
    km = (
        Geodesic.WGS84.Inverse(
            float(pad["lat"]), float(pad["lon"]), float(landing["lat"]), float(landing["lon"])
        )["s12"]
        / 1000
    )
    # The shortfall point: 600 km back along the track, whose heading at the landing point
    # follows from the ISS's inclination (first element set of the file, line 2, columns 9-16).
    lines = (ROOT / "data" / "iss_tle_2021-10.tle").read_text().splitlines()
    inclination = float(next(line for line in lines if line.startswith("2 "))[8:16])
    lat = float(landing["lat"])
    heading = math.degrees(
        math.asin(math.cos(math.radians(inclination)) / math.cos(math.radians(lat)))
    )
    figures = _rows("soyuz_return_figures")
    shortfall_km = float(figures["ballistic_shortfall_max_km"]["value"])
    back = Geodesic.WGS84.Direct(lat, float(landing["lon"]), heading + 180, shortfall_km * 1000)
    short = Geodesic.WGS84.Inverse(back["lat2"], back["lon2"], float(pad["lat"]), float(pad["lon"]))
    stated = [int(n.replace(",", "")) for n in re.findall(r"([\d,]+) km from Site 31", english)]
    landing_said = [n for n in stated if abs(n - km) < 3]
    shortfall_said = [n for n in stated if abs(n - short["s12"] / 1000) < 5]
    assert landing_said and shortfall_said, (stated, km, short["s12"] / 1000)
    assert len(landing_said) + len(shortfall_said) == len(stated), f"a third distance: {stated}"
    assert f"{int(float(figures['ballistic_shortfall_max_km']['value']))} km short" in english
    assert f"within {int(float(figures['landing_accuracy_km']['value']))} km" in english


def test_the_profile_figure_names_its_phases_and_its_finding(page_html):
    figures = _figures(page_html)
    assert len(figures) == 2, "the descent profile and MS-18's clock"
    fall = figures[0]
    rows = [r for r in _rows("soyuz_return_profile").values() if r["flight"] == "Soyuz MS-11"]
    named = [r for r in rows if r["altitude_km"] and float(r["altitude_km"]) >= 1]
    altitude = fall["data"][0]
    assert len(altitude["text"]) == len(named), "every phase from the burn to the parachutes"
    assert _values(altitude["y"]) == pytest.approx([float(r["altitude_km"]) for r in named])
    if 'lang="en"' in page_html[:3000]:
        assert altitude["text"] == [r["phase"] for r in named]
    assert fall["layout"]["yaxis2"]["type"] == "log", "speeds from orbit to landing: a log scale"
    title = fall["layout"]["title"]["text"]
    assert "%" in title and "air" in title, title


def test_the_map_shows_the_places_the_circle_and_the_shortfall(page_html):
    maps = re.findall(r'<iframe[^>]*class="bk-map"[^>]*data-src="([^"]+)"', page_html)
    assert len(maps) == 1, "one map: the landing area"
    page_dir = HTML / ("fr/book" if 'lang="fr"' in page_html[:3000] else "book")
    document = (page_dir / maps[0]).read_text(encoding="utf-8")
    towns = (
        ["Jezkazgan", "Karajal"] if 'lang="fr"' in page_html[:3000] else ["Zhezkazgan", "Karazhal"]
    )
    for name in [*towns, "Site 31", "MS-18"]:
        assert name in document, f"the map does not name {name}"
    assert "L.circle(" in document, "the accuracy circle is not drawn"
    assert "600" in document, "the ballistic shortfall point is not labelled"


def test_the_widget_code_is_left_out_and_its_static_table_shown(page_html):
    text = _text(page_html)
    assert "widgets.Dropdown" not in text and "bk-go-live" in page_html
    rows = _rows("soyuz_return_profile")
    steps = [r for r in rows.values() if r["flight"] == "Soyuz MS-11"]
    tables = re.findall(
        r'<table[^>]*class="[^"]*bk-table[^"]*"[^>]*>(.*?)</table>', page_html, re.S
    )
    assert any(t.count("<tr") == len(steps) + 1 for t in tables), "one row per step, and a header"


def test_the_french_page_is_french():
    text = _text((HTML / FR_PAGE).read_text(encoding="utf-8"))
    assert "Comment un équipage revient-il sur Terre" in text
    assert "4 min 41 s" in text and "3 h 22 min" in text
