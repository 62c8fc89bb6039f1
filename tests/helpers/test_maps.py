"""baikonur.maps: the vector base map drawn under every folium map (issue 14).

The base must read without tiles: neighbouring countries named, seas, lakes and rivers, the
railway through Töretam and towns, from the data package, cut to each map's view and small
enough to embed. Label placement itself runs in the browser (tests/site/test_maps_browser.py).
"""

from __future__ import annotations

import json
import re

import folium
import pytest

from baikonur import maps
from baikonur.data import load_geojson, load_table
from baikonur.maps import _clip_line, _clip_ring, _simplify, add_place, base_layers, base_map

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
    # The chapter adds its own layers (the Kazakhstan border alone is about 23 KB).
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
