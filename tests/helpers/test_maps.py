"""baikonur.maps: the vector base map drawn under every folium map.

The base must read without tiles: neighbouring countries named, seas, lakes and rivers, the
railway through Töretam and towns, from the data package, cut to each map's view and small
enough to embed. Label placement itself runs in the browser (tests/site/test_maps_browser.py).
"""

from __future__ import annotations

import json
import math
import re

import folium
import pytest

from baikonur import maps
from baikonur.data import load_geojson, load_table
from baikonur.maps import (
    _clip_line,
    _clip_ring,
    _decode,
    _encode,
    _simplify,
    add_boundary,
    add_place,
    base_layers,
    base_map,
)
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
    for name in maps.BASE_LAYERS.values():
        if name.endswith("_extra"):
            assert not load_table(name).empty
        else:
            assert load_geojson(name)["features"], f"{name} has no features"


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
        maps._km(toretam.lat, toretam.lon, lat, lon)
        for feature in layers["railways"]["features"]
        for part in feature["geometry"]["coordinates"]
        for lon, lat in part
    )
    assert nearest < 5, f"no railway vertex within 5 km of Töretam (nearest {nearest:.1f} km)"


def test_landing_views_have_zhezkazgan_s_railway_and_the_towns_around():
    assert base_layers(LANDING)["railways"]["features"], "no railway on the landing close-up"
    assert "Kyzylorda" in labels(JOURNEY, "town")


@pytest.mark.parametrize("view", [KAZAKHSTAN, STEPPE, COSMODROME, JOURNEY, LANDING])
def test_a_map_with_its_base_fits_the_payload_budget(view):
    fmap = base_map(title="A test map of a view", bounds=view, credit="Data: test")
    size = len(fmap.get_root().render().encode("utf-8"))
    # The chapter adds its own layers (the Kazakhstan border, cut to the view: a few KB).
    assert size < PAYLOAD_BUDGET - 40_000, f"the base map alone is {size:,} bytes"


def test_base_geometry_is_cut_to_the_view_and_a_margin():
    south, west, north, east = maps._visible_box(*COSMODROME[0], *COSMODROME[1])
    for layer in ("countries", "water", "railways"):
        for feature in base_layers(COSMODROME)[layer]["features"]:
            text = json.dumps(feature["geometry"]["coordinates"])
            for lon, lat in re.findall(r"\[(-?[\d.]+), (-?[\d.]+)\]", text):
                assert (
                    west - 1e-3 <= float(lon) <= east + 1e-3
                    and south - 1e-3 <= float(lat) <= north + 1e-3
                )


def test_labels_come_from_the_data_in_the_map_s_language():
    french = base_layers(KAZAKHSTAN, "fr")["labels"]
    texts = {label["text"] for label in french}
    assert "Mer Caspienne" in texts and "Tachkent" in texts, sorted(texts)
    assert "Töretam" in {label["text"] for label in base_layers(COSMODROME, "fr")["labels"]}
    with pytest.raises(ValueError, match="book's language is 'de'; the book has en, fr"):
        base_map(title="t", bounds=COSMODROME, credit="c", language="de")


def test_every_map_gets_one_layer_control_and_a_metric_scale_bar():
    alone = base_map(title="A map", bounds=COSMODROME, credit="c").get_root().render()
    assert alone.count("L.control.layers(") == 1
    assert "L.control.scale({imperial: false" in alone
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
    page = fmap.get_root().render()
    base = json.loads(re.search(r'\}\)\(\w+, (\{"countries".*?\}), \{', page, re.S).group(1))
    towns = [label["text"] for label in base["labels"] if label["kind"] == "town"]
    assert "Kyzylorda" not in towns, "the base map draws Kyzylorda a second time"
    assert "Baikonur" in towns


def test_clipping_and_simplifying_helpers():
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    clipped = _clip_ring(square, (1, 1, 3, 3))  # south, west, north, east
    assert clipped[0] == clipped[-1] and {tuple(p) for p in clipped} == {
        (1, 1),
        (3, 1),
        (3, 3),
        (1, 3),
    }
    assert _clip_ring(square, (10, 10, 11, 11)) == []
    parts = _clip_line([[0, 2], [4, 2], [4, 5], [0, 5], [0, 2.5]], (1, 1, 3, 3))
    assert parts == [[[1, 2], [3, 2]]]
    line = [[0, 0], [1, 0.001], [2, 0], [3, 1]]
    assert _simplify(line, 0.01) == [[0, 0], [2, 0], [3, 1]]


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
    """The base layers as the map's document carries them (the script's second argument)."""
    page = fmap.get_root().render()
    return json.loads(re.search(r'\}\)\(\w+, (\{"countries".*?\}), \{', page, re.S).group(1))


def test_a_wide_view_is_drawn_coarser_than_a_close_up():
    wide_tolerance, wide_grid = maps._detail(span_of(STEPPE))
    close_tolerance, close_grid = maps._detail(span_of(COSMODROME))
    assert wide_grid < close_grid / 10, (wide_grid, close_grid)
    assert wide_tolerance > 10 * close_tolerance, (wide_tolerance, close_tolerance)
    # Past 30 degrees: a tolerance of about a pixel and a half of a 700 px map, and coordinates
    # on a grid of 0.02 degrees (a third of a pixel there); past 12 degrees, span/600 and 0.01.
    assert (wide_tolerance, wide_grid) == (pytest.approx(span_of(STEPPE) / 500), 50)
    path = ((43.9, 58.5), (52.0, 76.0))  # chapter 3, the R-7's path: 17.5 degrees
    assert maps._detail(span_of(path)) == (pytest.approx(span_of(path) / 600), 100)
    for layer in ("countries", "water", "railways"):
        for feature in base_layers(STEPPE)[layer]["features"]:
            assert decimals_in(feature["geometry"]["coordinates"]) <= 2, layer
            text = json.dumps(feature["geometry"]["coordinates"])
            off_grid = [v for v in re.findall(r"-?\d+\.\d+", text) if round(float(v) * 50) % 1]
            assert not off_grid, f"{layer}: coordinates off the 0.02° grid: {off_grid[:3]}"


@pytest.mark.parametrize("name", ["cosmodrome close-up", "journey", "landing close-up"])
def test_close_ups_keep_their_detail(name):
    # Views up to 12 degrees wide keep their full detail: about a pixel of
    # an 800 px map, and a grid of 0.001 degrees (about 100 m).
    tolerance, grid = maps._detail(span_of(VIEWS[name]))
    assert tolerance == pytest.approx(span_of(VIEWS[name]) / 800), name
    assert grid == 1000, name
    assert base_layers(VIEWS[name])["grid"] == 1000


@pytest.mark.parametrize("name", VIEWS)
def test_the_map_carries_its_base_geometry_exactly_in_fewer_bytes(name):
    view = VIEWS[name]
    layers = base_layers(view)
    base = rendered_base(base_map(title="A map", bounds=view, credit="c"))
    assert base["grid"] == layers["grid"]
    for layer in ("countries", "water", "historic", "railways"):
        sent = [f["geometry"]["coordinates"] for f in base[layer]["features"]]
        expected = [f["geometry"]["coordinates"] for f in layers[layer]["features"]]
        assert [_decode(c, base["grid"]) for c in sent] == expected, (
            f"{name}: the {layer} the map decodes differ from base_layers()"
        )
        if expected:
            assert len(json.dumps(sent)) < 0.75 * len(json.dumps(expected)), (name, layer)


def test_encoding_steps_between_whole_numbers():
    lines = [[[63.31, 45.96], [63.35, 45.92], [63.3, 46.0]], [[60.0, 44.0], [60.0, 44.01]]]
    encoded = _encode(lines, 100)
    assert encoded == [[6331, 4596, 4, -4, -5, 8], [6000, 4400, 0, 1]]
    assert _decode(encoded, 100) == lines
    polygon = [[[[0.5, 1.5], [1.0, 1.5], [1.0, 2.0], [0.5, 1.5]]]]
    assert _decode(_encode(polygon, 10), 10) == polygon
    assert _encode([[[63.32, 45.96], [63.34, 45.92]]], 50) == [[3166, 2298, 1, -2]]
    with pytest.raises(ValueError, match="expected a list of points"):
        _encode([63.31, 45.96], 100)


def distance_to_line(point, line):
    """Degrees from ``point`` to the polyline ``line`` (plain planar, as Douglas–Peucker)."""
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
    tolerance, grid = maps._detail(span_of(view))
    assert len(drawn) < 100, f"{len(drawn)} points kept of 1,000"
    assert decimals_in(drawn) <= 3  # a grid ten times finer than the base map's 0.01°
    assert drawn[0] == [round(v, 3) for v in original[0]], "the line moved its start"
    assert drawn[-1] == [round(v, 3) for v in original[-1]], "the line moved its end"
    worst = max(distance_to_line(p, drawn) for p in original)
    assert worst < tolerance / 2, f"the drawn line strays {worst:.4f}° from the computed one"


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


def not_in_the_base(border):
    """The border as a country the base map does not draw (the boundary's own geometry is
    drawn, cut and simplified to the view)."""
    feature = border["features"][0]
    return {
        "type": "FeatureCollection",
        "features": [{**feature, "properties": {**feature["properties"], "iso_a3": "XKZ"}}],
    }


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
    call = re.search(
        r"var (boundary_\w+) = \(function \(map, codes, colour, tip\).*?\}\)\((.*?)\);", page, re.S
    )
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


def test_a_boundary_is_cut_to_a_close_up_without_drawing_the_cut():
    fmap = base_map(title="A map", bounds=COSMODROME, credit="c")
    add_boundary(fmap, not_in_the_base(load_geojson("kazakhstan_boundary")), name="A border")
    data = boundary_data(fmap)
    parts = {f["properties"]["bk_part"]: f for f in data["features"]}
    assert set(parts) == {"area", "outline"}, "a cut boundary is its area and its outline"
    assert all(f["properties"]["name"] == "Kazakhstan" for f in data["features"])
    south, west, north, east = maps._visible_box(*COSMODROME[0], *COSMODROME[1])
    text = json.dumps(data)
    for lon, lat in re.findall(r"\[(-?[\d.]+), (-?[\d.]+)\]", text):
        assert (
            west - 1e-3 <= float(lon) <= east + 1e-3 and south - 1e-3 <= float(lat) <= north + 1e-3
        )
    # The outline leaves out the stretches along the cut (they would draw a box in the steppe).
    for line in parts["outline"]["geometry"]["coordinates"]:
        for a, b in zip(line[:-1], line[1:]):
            assert not (
                (a[0] == b[0] and round(a[0], 3) in (round(west, 3), round(east, 3)))
                or (a[1] == b[1] and round(a[1], 3) in (round(south, 3), round(north, 3)))
            ), f"the outline runs along the cut: {a} to {b}"
    assert len(text) < 5_000, f"the close-up carries {len(text):,} bytes of border"
    style = re.search(r"function geo_json_\w+_styler", fmap.get_root().render())
    assert style, "the boundary has no style"


def test_a_boundary_wholly_in_view_is_one_outlined_area_simplified():
    border = not_in_the_base(load_geojson("kazakhstan_boundary"))
    fmap = base_map(title="A map", bounds=STEPPE, credit="c")
    add_boundary(fmap, border, name="A border")
    data = boundary_data(fmap)
    assert [f["properties"].get("bk_part") for f in data["features"]] == [None]
    drawn = data["features"][0]["geometry"]["coordinates"]
    points = lambda polygons: [p for polygon in polygons for ring in polygon for p in ring]  # noqa: E731
    source = points(border["features"][0]["geometry"]["coordinates"])
    assert len(points(drawn)) < len(source) / 3, (len(points(drawn)), len(source))
    assert decimals_in(drawn) <= 2
    # Every point of the 1:50m outline lies within the view's tolerance of the one drawn.
    tolerance, _ = maps._detail(span_of(STEPPE))
    largest = max(drawn, key=lambda polygon: len(polygon[0]))[0]
    original = max(border["features"][0]["geometry"]["coordinates"], key=lambda p: len(p[0]))[0]
    worst = max(distance_to_line(p, largest) for p in original)
    assert worst < tolerance + 0.01, f"the border strays {worst:.3f}° from Natural Earth's"


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
