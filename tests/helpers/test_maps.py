"""baikonur.maps: the vector base map drawn under every folium map.

The base must read without tiles: neighbouring countries named, seas, lakes and rivers, the
railway through Töretam and towns, from the data package, cut to each map's view and small
enough to embed, prepared once at a few detail levels (tools/prepare_basemaps.py). Label
placement itself runs in the browser (tests/site/test_maps_browser.py).
"""

from __future__ import annotations

import html
import json
import math
import re

import folium
import pytest

from baikonur import maps
from baikonur.data import load_geojson, load_table
from baikonur.geo import great_circle_km
from baikonur.maps import MAP_MIME, add_boundary, add_place, base_layers, base_map
from baikonur.orbits import great_circle_path

# The views of the book's maps (the chapters' base_map bounds).
KAZAKHSTAN = ((40.5, 46.5), (55.5, 87.4))  # chapter 1, Kazakhstan
STEPPE = ((36.0, 50.0), (58.0, 98.0))  # chapter 3, launch directions
COSMODROME = ((45.0, 62.2), (46.9, 64.5))  # chapter 1, close-up
JOURNEY = ((44.3, 62.2), (48.6, 71.0))  # chapter 4, Site 31 to the landing
LANDING = ((46.35, 67.4), (47.95, 69.8))  # chapter 4, close-up
PAYLOAD_BUDGET = 150_000  # tests/site/test_page_weight.py: one map's document, uncompressed


def labels(view, kind=None):
    return {
        label["text"]
        for label in base_layers(view)["labels"]
        if kind is None or label["kind"] == kind
    }


def test_the_base_layers_are_resources_of_the_data_package():
    assert not load_table(maps.EXTRA_PLACES).empty
    for level, _ in maps.LEVELS:
        layers = {f["properties"]["layer"] for f in load_geojson(f"basemap_{level}")["features"]}
        assert layers == {"context", "countries", "water", "railways", "places"}, level


def test_chapter_3_view_names_the_countries_its_caption_names():
    countries = labels(STEPPE, "country")
    for name in [
        "Kazakhstan",
        "Uzbekistan",
        "Turkmenistan",
        "Russia",
        "China",
        "Kyrgyzstan",
        "Tajikistan",
        "Mongolia",
        "Afghanistan",
        "Iran",
    ]:
        assert name in countries, f"the chapter 3 map does not name {name}: {sorted(countries)}"


def test_kazakhstan_view_has_its_neighbours_seas_and_rivers():
    assert {"Kazakhstan", "Russia", "China", "Uzbekistan", "Turkmenistan", "Kyrgyzstan"} <= labels(
        KAZAKHSTAN, "country"
    )
    water = labels(KAZAKHSTAN, "water")
    for name in ["Caspian Sea", "Aral Sea", "Lake Balkhash", "Syr Darya"]:
        assert name in water, f"{name} is missing from the Kazakhstan map's water: {sorted(water)}"
    layers = base_layers(KAZAKHSTAN)
    assert layers["historic"]["features"], "the late-1950s Aral Sea shore is not drawn"


def test_close_up_of_the_cosmodrome_has_the_river_the_railway_and_toretam():
    layers = base_layers(COSMODROME)
    assert "Syr Darya" in labels(COSMODROME, "water")
    assert "Töretam" in labels(COSMODROME, "town")
    toretam = load_table("central_asia_places_extra").loc["toretam"]
    nearest = min(
        great_circle_km(toretam.lat, toretam.lon, lat, lon)
        for feature in layers["railways"]["features"]
        for part in lines(feature["geometry"])
        for lon, lat in part
    )
    assert nearest < 5, f"no railway vertex within 5 km of Töretam (nearest {nearest:.1f} km)"


def lines(geometry):
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def test_landing_views_have_zhezkazgan_s_railway_and_the_towns_around():
    assert base_layers(LANDING)["railways"]["features"], "no railway on the landing close-up"
    assert "Kyzylorda" in labels(JOURNEY, "town")


@pytest.mark.parametrize("view", [KAZAKHSTAN, STEPPE, COSMODROME, JOURNEY, LANDING])
def test_a_map_with_its_base_fits_the_payload_budget(view):
    fmap = base_map(title="A test map of a view", bounds=view, credit="Data: test")
    size = len(fmap.get_root().render().encode("utf-8"))
    # The chapter adds its own layers (the Kazakhstan border, cut to the view: a few KB).
    assert size < PAYLOAD_BUDGET - 40_000, f"the base map alone is {size:,} bytes"


def test_base_geometry_is_what_the_view_may_show():
    south, west, north, east = maps._visible_box(*COSMODROME[0], *COSMODROME[1])
    for layer in ("countries", "water", "railways"):
        for feature in base_layers(COSMODROME)[layer]["features"]:
            points = re.findall(r"\[(-?[\d.]+), (-?[\d.]+)\]", json.dumps(feature["geometry"]))
            lons, lats = [float(p[0]) for p in points], [float(p[1]) for p in points]
            assert min(lons) <= east and max(lons) >= west, layer
            assert min(lats) <= north and max(lats) >= south, layer
    # The close-up takes the close level: the whole of Kazakhstan's detail, but nothing beyond
    # the close level's box.
    assert base_layers(COSMODROME)["level"] == "close"
    assert "KAZ" in {
        f["properties"].get("iso") for f in base_layers(COSMODROME)["countries"]["features"]
    }


@pytest.mark.parametrize(
    ("view", "level"),
    [(KAZAKHSTAN, "wide"), (STEPPE, "wide"), (((43.9, 58.5), (52.0, 76.0)), "regional"),
     (JOURNEY, "close"), (COSMODROME, "close"), (LANDING, "close")],
)  # fmt: skip
def test_each_view_takes_the_detail_level_its_span_needs(view, level):
    assert base_layers(view)["level"] == level


def test_labels_come_from_the_data_in_the_map_s_language():
    french = base_layers(KAZAKHSTAN, "fr")["labels"]
    texts = {label["text"] for label in french}
    assert "mer Caspienne" in texts and "Tachkent" in texts, sorted(texts)
    assert "Tiouratam" in {label["text"] for label in base_layers(COSMODROME, "fr")["labels"]}
    with pytest.raises(ValueError, match="book's language is 'de'; the book has en, fr"):
        base_map(title="t", bounds=COSMODROME, credit="c", language="de")


def test_every_map_gets_one_layer_control_and_a_metric_scale_bar():
    alone = base_map(title="A map", bounds=COSMODROME, credit="c").get_root().render()
    assert alone.count("L.control.layers(") == 1
    # The scale bar is metric (the map's script, static/baikonur-map.js, which the map runs).
    assert "L.control.scale({imperial: false" in (maps.STATIC_DIR / "baikonur-map.js").read_text()
    assert alone.count("bkMap.setUp(map_0, ") == 1
    chapter = base_map(title="A map", bounds=COSMODROME, credit="c")
    folium.LayerControl().add_to(chapter)
    assert chapter.get_root().render().count("L.control.layers(") == 1


def test_tiles_are_an_optional_backdrop_switched_off_at_first():
    page = base_map(title="A map", bounds=COSMODROME, credit="c").get_root().render()
    assert "tile.openstreetmap.org" in page
    tile_options = re.search(r"L\.tileLayer\(\s*\"[^\"]+\",\s*(\{.*?\})\s*\)", page, re.S)
    assert tile_options and ".addTo(" not in page[tile_options.end() : tile_options.end() + 40], (
        "the tile layer is added to the map at first: it must wait in the layer control"
    )
    assert (
        not base_map(title="A map", bounds=COSMODROME, credit="c", tiles=False)
        .get_root()
        .render()
        .count("openstreetmap")
    )


def test_a_chapter_place_stands_for_the_base_town_it_duplicates():
    fmap = base_map(title="A map", bounds=JOURNEY, credit="c")
    layer = folium.FeatureGroup(name="Towns").add_to(fmap)
    add_place(layer, lat=44.85, lon=65.5167, name="Kyzylorda", colour="#000", label="Kyzylorda")
    base = rendered_base(fmap)
    towns = [label["text"] for label in base["labels"] if label["kind"] == "town"]
    assert "Kyzylorda" not in towns, "the base map draws Kyzylorda a second time"
    assert "Baikonur" in towns


# --- detail to the view's scale (the steppe page's weight) ---------------------------

VIEWS = {
    "Kazakhstan": KAZAKHSTAN,
    "launch directions": STEPPE,
    "cosmodrome close-up": COSMODROME,
    "journey": JOURNEY,
    "landing close-up": LANDING,
}


def span_of(view):
    (south, west), (north, east) = view
    return maps._span(south, west, north, east)


def decimals_in(coordinates):
    text = json.dumps(coordinates)
    return max((len(d) for d in re.findall(r"\.(\d+)", text)), default=0)


def rendered_base(fmap):
    """The base layers as the map's document carries them (bkMap.setUp's second argument)."""
    page = fmap.get_root().render()
    return json.loads(re.search(r"bkMap\.setUp\(\w+, (\{.*?\}), function", page, re.S).group(1))[
        "base"
    ]


def test_a_wide_view_is_drawn_coarser_than_a_close_up():
    def kaz_of(view):
        features = base_layers(view)["countries"]["features"]
        return next(f for f in features if f["properties"].get("iso") == "KAZ")

    kazakhstan, close = kaz_of(STEPPE), kaz_of(JOURNEY)
    regional = kaz_of(((43.9, 58.5), (52.0, 76.0)))
    assert len(json.dumps(kazakhstan)) < 0.6 * len(json.dumps(regional))
    assert decimals_in(kazakhstan["geometry"]["coordinates"]) <= 2
    assert decimals_in(close["geometry"]["coordinates"]) <= 3


@pytest.mark.parametrize("name", VIEWS)
def test_the_map_carries_the_base_layers_of_its_view(name):
    view = VIEWS[name]
    base = rendered_base(base_map(title="A map", bounds=view, credit="c"))
    layers = base_layers(view)
    for layer in ("countries", "water", "historic", "railways"):
        assert base[layer] == layers[layer], f"{name}: the {layer} sent differ from base_layers()"


def test_a_map_cell_shows_the_book_s_map_type_with_a_notebook_fallback():
    fmap = base_map(title="A map <of> tests", bounds=LANDING, credit="c", language="fr")
    bundle = fmap._repr_mimebundle_()
    site = bundle[MAP_MIME]
    assert site["title"] == "A map <of> tests" and site["ratio"] == "62%"
    assert site["vendor"] == [["leaflet", "dist"]]
    document = site["document"]
    assert document.startswith("<!DOCTYPE html>") and '<html lang="fr">' in document
    # In the book: Leaflet and the map's files from the site's _static/, nothing else.
    linked = re.findall(r'(?:src|href)="([^"]+)"', document)
    assert sorted(linked) == sorted(
        ["../vendor/leaflet/dist/leaflet.css", "../baikonur-map.css",
         "../vendor/leaflet/dist/leaflet.js", "../baikonur-map.js"]
    )  # fmt: skip
    # In a notebook: everything in the document, nothing linked, no "trust this notebook".
    shown = bundle["text/html"]
    assert "<iframe" in shown and 'title="A map &lt;of&gt; tests"' in shown
    assert "Make this Notebook Trusted" not in shown
    inner = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', inner) == []
    assert 't.version="1.9.4"' in inner and "bkMap = {" in inner
    assert inner.index('t.version="1.9.4"') < inner.index("bkMap = {") < inner.index("L.map(")
    assert "url(data:image/png;base64," in inner and "url(images/layers" not in inner


def test_no_javascript_or_css_is_written_in_python():
    source = (maps.STATIC_DIR.parent / "maps.py").read_text(encoding="utf-8")
    # Only one-line calls into the map's script (static/baikonur-map.js) stay in the templates.
    for sign in ("addEventListener", "forEach(", "L.geoJSON", "L.polyline", "{ margin"):
        assert sign not in source, f"maps.py holds script or style: {sign!r}"


def distance_to_line(point, line):
    """Degrees from ``point`` to the polyline ``line`` (planar, as the simplification)."""
    best = math.inf
    for (ax, ay), (bx, by) in zip(line[:-1], line[1:]):
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = (
            0
            if not length
            else max(0, min(1, ((point[0] - ax) * dx + (point[1] - ay) * dy) / length))
        )
        best = min(best, math.hypot(point[0] - ax - t * dx, point[1] - ay - t * dy))
    return best


def rendered_polylines(fmap):
    page = fmap.get_root().render()
    return [json.loads(m) for m in re.findall(r"L\.polyline\(\s*(\[\[.*?\]\]),", page, re.S)]


def test_a_chapter_line_is_drawn_to_the_map_s_scale():
    # The steppe chapter's R-7 path: 1,000 points of a great circle on a 17.5-degree view.
    view = ((43.9, 58.5), (52.0, 76.0))
    lats, lons = great_circle_path(45.92, 63.342, 49.0, [i * 6.0 for i in range(1000)])
    original = [[float(a), float(b)] for a, b in zip(lats, lons)]
    fmap = base_map(title="A map", bounds=view, credit="c")
    folium.PolyLine(original, color="#D55E00").add_to(fmap)
    (drawn,) = rendered_polylines(fmap)
    assert len(drawn) < 100, f"{len(drawn)} points kept of 1,000"
    assert decimals_in(drawn) <= 4
    assert drawn[0] == [round(v, 4) for v in original[0]], "the line moved its start"
    assert drawn[-1] == [round(v, 4) for v in original[-1]], "the line moved its end"
    worst = max(distance_to_line(p, drawn) for p in original)
    assert worst < 17.5 / 3200 + 1e-4, f"the drawn line strays {worst:.4f}° from the computed one"


def test_a_close_up_keeps_a_chapter_line_s_bends():
    # A zig-zag of 0.003° (about 300 m) stays on the cosmodrome close-up.
    zigzag = [[45.9 + 0.003 * (i % 2), 63.0 + 0.01 * i] for i in range(50)]
    fmap = base_map(title="A map", bounds=COSMODROME, credit="c")
    folium.PolyLine(zigzag).add_to(fmap)
    (drawn,) = rendered_polylines(fmap)
    assert drawn == [[round(a, 4), round(b, 4)] for a, b in zigzag]


def boundary_data(fmap):
    page = fmap.get_root().render()
    return json.loads(re.search(r"geo_json_\w+_add\((\{.*?\})\);", page, re.S).group(1))


@pytest.mark.parametrize("name", VIEWS)
def test_a_boundary_the_base_draws_is_outlined_from_the_base_not_sent_twice(name):
    border = load_geojson("kazakhstan_boundary")
    plain = base_map(title="A map", bounds=VIEWS[name], credit="c")
    with_border = base_map(title="A map", bounds=VIEWS[name], credit="c")
    add_boundary(with_border, border, name="Kazakhstan border")
    page = with_border.get_root().render()
    added = len(page) - len(plain.get_root().render())
    assert added < 2_500, f"{name}: the border adds {added:,} bytes: its outline is sent again"
    assert "geo_json" not in page
    # The base carries Kazakhstan, named by its code, and the layer outlines it.
    codes = [
        f["properties"].get("iso") for f in rendered_base(with_border)["countries"]["features"]
    ]
    assert "KAZ" in codes, codes
    call = re.search(r"var (boundary_\w+) = bkMap\.boundary\((.*?)\);", page, re.S)
    assert call, "no boundary layer in the document"
    arguments = re.split(r",\s*", call.group(2))
    assert arguments[1:] == ['["KAZ"]', '"#999999"', '"Kazakhstan"'], call.group(2)
    assert f"{call.group(1)}.addTo(map_0)" in page, "the boundary is not shown at first"
    # Listed in the map's layer control under its name.
    control = re.search(r"L\.control\.layers\(.*?\)", page, re.S)
    assert control and '"Kazakhstan border" : ' + call.group(1) in page, "not in the layer control"


def test_a_boundary_beyond_the_base_s_data_is_drawn_from_its_own_geometry():
    border = load_geojson("kazakhstan_boundary")
    feature = border["features"][0]
    beyond = {
        "type": "FeatureCollection",
        "features": [
            {
                **feature,
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[80.0, 50.0], [95.0, 50.0], [95.0, 55.0], [80.0, 50.0]]],
                },
            }
        ],
    }
    fmap = base_map(title="A map", bounds=STEPPE, credit="c")
    add_boundary(fmap, beyond, name="Past the data's edge")
    assert boundary_data(fmap)["features"], "a boundary past the base's data is not drawn"


def test_a_boundary_must_be_polygons():
    fmap = base_map(title="A map", bounds=COSMODROME, credit="c")
    line = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "A river"},
                "geometry": {"type": "LineString", "coordinates": [[63, 45], [64, 46]]},
            }
        ],
    }
    with pytest.raises(ValueError, match="feature 0 \\('A river'\\) is a 'LineString'"):
        add_boundary(fmap, line, name="Not a border")


def test_the_same_map_makes_the_same_document():
    def page():
        fmap = base_map(title="A map", bounds=JOURNEY, credit="c")
        add_place(fmap, lat=45.9, lon=63.3, name="Site", colour="#000", label="Site")
        return fmap.get_root().render()

    first = page()
    assert first == page(), "two renderings of one map differ"
    assert not re.search(r"[0-9a-f]{32}", first), "folium's random ids are left in the document"
