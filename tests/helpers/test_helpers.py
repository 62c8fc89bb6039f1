"""baikonur.geo, baikonur.style and baikonur.maps."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from geographiclib.geodesic import Geodesic

from baikonur.data import load_table
from baikonur.geo import compass_point, great_circle_km, initial_bearing_deg
from baikonur.maps import add_place, base_map, popup_html
from baikonur.style import (
    PALETTE,
    TEMPLATE_NAME,
    add_source_note,
    format_date,
    geo_maps_offline,
    use_plotly_template,
)
from conftest import ROOT


# --- geo: checked against an independent ellipsoidal (WGS84) solution -----------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("baikonur_town", "site_1"),
        ("baikonur_town", "site_31"),
        ("site_1", "kyzylorda"),
        ("site_1", "zhezkazgan"),
        ("zhezkazgan", "ms18_landing_approx"),
    ],
)
def test_sphere_agrees_with_wgs84_geodesic(a, b):
    places = load_table("baikonur_places")
    lat1, lon1, lat2, lon2 = places.lat[a], places.lon[a], places.lat[b], places.lon[b]
    geodesic = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)
    assert great_circle_km(lat1, lon1, lat2, lon2) == pytest.approx(
        geodesic["s12"] / 1000, rel=0.005
    )
    bearing_difference = (
        initial_bearing_deg(lat1, lon1, lat2, lon2) - geodesic["azi1"] + 180
    ) % 360 - 180
    assert abs(bearing_difference) < 0.5


def test_distances_match_the_research_notes_precomputed_column():
    # The shared research data carried a precomputed distance from Site 1 (one decimal).
    places = load_table("baikonur_places")
    site_1 = places.loc["site_1"]
    for place in places.itertuples():
        computed = great_circle_km(site_1.lat, site_1.lon, place.lat, place.lon)
        assert computed == pytest.approx(place.dist_km_from_gagarins_start, abs=0.06), place.Index


def test_known_distance_and_bearings():
    # A quarter of the equator, and the four cardinal directions.
    assert great_circle_km(0, 0, 0, 90) == pytest.approx(math.pi / 2 * 6371.0)
    assert initial_bearing_deg(0, 0, 1, 0) == pytest.approx(0)
    assert initial_bearing_deg(0, 0, 0, 1) == pytest.approx(90)
    assert initial_bearing_deg(0, 0, -1, 0) == pytest.approx(180)
    assert initial_bearing_deg(0, 0, 0, -1) == pytest.approx(270)


@pytest.mark.parametrize(
    "bearing, point",
    [
        (0, "N"),
        (11.2, "N"),
        (11.3, "NNE"),
        (45, "NE"),
        (56, "NE"),
        (57, "ENE"),
        (180, "S"),
        (348.8, "N"),
        (-90, "W"),
        (720 + 135, "SE"),
    ],
)
def test_compass_points(bearing, point):
    assert compass_point(bearing) == point


@pytest.mark.parametrize(
    "args, message",
    [
        ((95, 63, 45, 63), "lat1 must be a latitude between -90 and 90 degrees, got 95"),
        ((45, 63, 45, 181), "lon2 must be a longitude between -180 and 180 degrees, got 181"),
        (
            (45, float("nan"), 45, 63),
            "lon1 must be a longitude in degrees \\(a finite number\\), got nan",
        ),
        (("45", 63, 45, 63), "lat1 must be a latitude in degrees \\(a finite number\\), got '45'"),
        ((True, 63, 45, 63), "lat1 must be a latitude in degrees"),
    ],
)
def test_bad_coordinates_are_named(args, message):
    with pytest.raises(ValueError, match=message):
        great_circle_km(*args)
    with pytest.raises(ValueError, match=message):
        initial_bearing_deg(*args)


def test_compass_point_rejects_non_numbers():
    with pytest.raises(
        ValueError, match="bearing_deg must be a finite number of degrees, got 'NE'"
    ):
        compass_point("NE")


# --- style ---------------------------------------------------------------------------------


def shown_by_geo_maps_offline(monkeypatch) -> dict:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects, **kw: shown.extend(objects))
    geo_maps_offline()
    [bundle] = shown
    return bundle


def test_geo_figures_get_their_world_map_in_a_notebook(monkeypatch):
    import json

    from baikonur.data import data_dir

    script = shown_by_geo_maps_offline(monkeypatch)["application/javascript"]
    prefix = 'window.PlotlyGeoAssets.topojson["world_110m"] = '
    given = script.split(prefix, 1)[1].rstrip(";")
    world = json.loads((data_dir() / "world_110m.json").read_text(encoding="utf-8"))
    assert json.loads(given) == world and world["type"] == "Topology"
    assert script.startswith("window.PlotlyGeoAssets = window.PlotlyGeoAssets ||")


def test_the_book_build_serves_the_world_map_itself(monkeypatch):
    # The site's renderer draws the book's own type, which outranks the JavaScript, as nothing.
    from baikonur.style import GEO_MAPS_MIME
    from baikonur_sphinx.book_outputs import BookOutputRenderer

    assert shown_by_geo_maps_offline(monkeypatch)[GEO_MAPS_MIME] == {"topojson": "world_110m"}
    assert ("html", GEO_MAPS_MIME, 5) in BookOutputRenderer.mime_priority_overrides


def _relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b):
    high, low = sorted([_relative_luminance(a), _relative_luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_palette_is_visible_on_the_light_and_the_dark_theme():
    # WCAG asks 3:1 for graphics; the colour-blind-safe palette must not lose a colour in either
    # mode.
    # 1.5:1 is the floor we accept here (sky blue on white is the weakest), and lines are thick.
    for colour in PALETTE:
        assert _contrast(colour, "#ffffff") >= 1.5, colour
        assert _contrast(colour, "#121212") >= 3.0, colour


def test_house_template_is_transparent_and_uses_the_palette():
    use_plotly_template()
    assert pio.templates.default == TEMPLATE_NAME
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    layout = figure.layout.template.layout
    assert list(layout.colorway) == PALETTE
    assert layout.paper_bgcolor == "rgba(0,0,0,0)"


def test_source_note_is_required_and_added():
    figure = add_source_note(go.Figure(), "Data: GCAT")
    assert figure.layout.annotations[0].text == "Data: GCAT"
    with pytest.raises(ValueError, match="source note cannot be empty"):
        add_source_note(go.Figure(), "  ")


@pytest.mark.parametrize(
    "value, text", [("2021-10-05", "5 October 2021"), ("1955-02-12T00:00:00Z", "12 February 1955")]
)
def test_dates_in_house_style(value, text):
    assert format_date(value) == text


def test_format_date_rejects_missing_dates():
    with pytest.raises(ValueError, match="format_date needs a date"):
        format_date(None)


# --- maps ----------------------------------------------------------------------------------


def _bounds():
    return [[45.0, 62.0], [47.0, 64.0]]


def test_base_map_carries_title_and_credit():
    fmap = base_map(title="Test map", bounds=_bounds(), credit="Data: test")
    page = fmap.get_root().render()
    assert "<title>Test map</title>" in page
    # The chapter's credit follows the base map's own (Natural Earth).
    assert '"attribution":"Base map: Natural Earth · Data: test"' in page
    # In the book and in a notebook alike (the map's output type and its HTML fallback, see
    # tests/helpers/test_maps.py), it loads Leaflet and nothing from another host.
    assert "cdn.jsdelivr.net" not in page and "leaflet@" not in page


def test_the_packaged_leaflet_is_the_one_the_book_serves():
    """baikonur/vendor/leaflet is npm's leaflet (package.json's version), file for file."""
    import json

    from baikonur.maps import LEAFLET_DIR

    npm = ROOT / "node_modules" / "leaflet"
    assert npm.is_dir(), (
        "node_modules/leaflet is missing: `make fast-test` or `make book` installs it"
    )
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]
    assert json.loads((npm / "package.json").read_text())["version"] == wanted
    assert f'version="{wanted}"' in (LEAFLET_DIR / "leaflet.js").read_text()
    for name in ("leaflet.js", "leaflet.css", "layers.png", "layers-2x.png", "LICENSE"):
        ours = (LEAFLET_DIR / name).read_bytes()
        theirs = next(
            p
            for p in (npm / "dist" / name, npm / "dist" / "images" / name, npm / name)
            if p.is_file()
        ).read_bytes()
        assert ours == theirs, f"baikonur/vendor/leaflet/{name} differs from npm's leaflet"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(title=" ", bounds=_bounds(), credit="c"), "a map needs a title"),
        (dict(title="t", bounds=_bounds(), credit=""), "a map needs a credit line"),
        (dict(title="t", bounds=[[47, 62], [45, 64]], credit="c"), "south < north"),
        (
            dict(title="t", bounds=[[45, 62]], credit="c"),
            r"bounds must be \[\[south, west\], \[north, east\]\]",
        ),
    ],
)
def test_base_map_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        base_map(**kwargs)


def test_popup_text_from_data_is_escaped():
    assert (
        popup_html("<b>Site</b>", ["A & B", ""])
        == "<strong>&lt;b&gt;Site&lt;/b&gt;</strong><br>A &amp; B"
    )
    fmap = base_map(title="t", bounds=_bounds(), credit="c")
    add_place(fmap, lat=46, lon=63, name="<script>x</script>", colour="#0072B2", label="<i>")
    page = fmap.get_root().render()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
