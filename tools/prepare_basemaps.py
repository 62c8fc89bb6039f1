"""Prepare the base map's layers once, for the few detail levels the book's maps use.

Reads the Natural Earth extracts of the data package (``central_asia_*``, see data/SOURCES.md),
and writes, for each level of ``LEVELS``, one GeoJSON file ``data/basemap_<level>.geojson``: the
countries, seas, lakes, rivers, railways and towns that level shows, simplified to its scale
(shapely; the countries as one coverage, so that neighbours keep a shared border), cut to its box,
coordinates rounded to its grid, each feature with its ``bbox``, its names in English and French
(``name``, ``name_fr``) and, for areas and rivers, the point its label starts from (``label``).
``baikonur.maps`` only reads these files when a chapter draws a map.

Run after changing an extract, then ``python -m baikonur.data --update-hashes``:

    .venv/bin/python tools/prepare_basemaps.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape
from shapely.ops import polylabel

DATA = Path(__file__).resolve().parent.parent / "data"
# Where the detailed extracts stop (south, west, north, east).
DATA_BOX = (34.0, 44.0, 57.0, 90.0)
# Level: (box it is cut to, simplification tolerance in degrees, grid in steps a degree, the
# highest Natural Earth scalerank kept). baikonur.maps picks the level by a view's span: close
# (up to 12 degrees: the close-ups and the Baikonur-to-landing views), regional (up to 30),
# wide (Kazakhstan and Central Asia whole).
LEVELS = {
    "close": ((38.0, 54.0, 54.0, 78.0), 0.004, 1000, 10),
    "regional": (DATA_BOX, 0.04, 100, 7),
    "wide": (DATA_BOX, 0.1, 50, 6),
}
# The coarse countries around the detailed ones (Natural Earth 1:110m): a backdrop only.
CONTEXT_TOLERANCE = 0.15
# French names where Natural Earth has none or the French press writes another (the seeds'
# spellings, data/name_spellings.csv: « mer d'Aral », « Syr-Daria », Tiouratam…). Keyed by the
# English label.
# fmt: off
FRENCH = {
    # countries
    "Afghanistan": "Afghanistan", "Armenia": "Arménie", "Azerbaijan": "Azerbaïdjan",
    "China": "Chine", "Georgia": "Géorgie", "India": "Inde", "Iran": "Iran", "Iraq": "Irak",
    "Kazakhstan": "Kazakhstan", "Kyrgyzstan": "Kirghizistan", "Mongolia": "Mongolie",
    "Pakistan": "Pakistan", "Russia": "Russie", "Siachen Glacier": "Glacier de Siachen",
    "Tajikistan": "Tadjikistan", "Turkey": "Turquie", "Turkmenistan": "Turkménistan",
    "Uzbekistan": "Ouzbékistan",
    # seas and lakes
    "Caspian Sea": "mer Caspienne", "Garabogaz Bay": "golfe de Kara-Bogaz",
    "Aral Sea": "mer d’Aral", "Lake Balkhash": "lac Balkhach", "Issyk-Kul": "lac Issyk-Koul",
    "Lake Zaysan": "lac Zaïssan", "Alakol": "lac Alakol", "Bosten Hu": "lac Bosten",
    "Lake Chany": "lac Tchany", "Lake Urmia": "lac d’Ourmia", "Lake Sevan": "lac Sevan",
    "Samara Reservoir": "réservoir de Samara", "Sarygamysh Köli": "lac Sarykamych",
    "Ayakkum Hu": "lac Ayakkoum", "Ozero Chërnoye": "lac Tchiornoïe",
    "Ozero Kulundinskoye": "lac Koulounda", "Ozero Tenis": "lac Teniz",
    "Siletitengiz Kli": "lac Siletiteniz", "Toktogul Suu Saktagychy": "réservoir de Toktogoul",
    "Ubinskoye Lake": "lac Oubinskoïe", "Qusmuryn Köli": "lac Koussmouryn",
    "Shardara Bgeni": "réservoir de Chardara", "Tengiz Köli": "lac Tenguiz",
    "Aydar Ko‘l": "lac Aïdar", "Cheboksary Reservoir": "réservoir de Tcheboksary",
    "Kapchagay Reservoir": "réservoir de Kaptchagaï",
    "Mingevir Reservoir": "réservoir de Mingatchevir",
    "Nizhnekamsk Reservoir": "réservoir de Nijnekamsk",
    "Novosibirsk Reservoir": "réservoir de Novossibirsk",
    "Obanbori Qayroqum": "réservoir de Kaïrakkoum", "Ozero Teletskoye": "lac Teletskoïe",
    "Saratov Reservoir": "réservoir de Saratov", "Sasyqkl": "lac Sassykkol",
    "Tarbela Dam": "barrage de Tarbela", "Tsimlyansk Reservoir": "réservoir de Tsimliansk",
    "Volgograd Reservoir": "réservoir de Volgograd", "Votkinsk Reservoir": "réservoir de Votkinsk",
    # rivers
    "Amu Darya": "Amou-Daria", "Syr Darya": "Syr-Daria", "Ertis": "Irtych", "Irtysh": "Irtych",
    "Ural": "Oural", "Tigris": "Tigre", "Panj": "Piandj", "Biya": "Bia", "Esil": "Ichim",
    "Ishim": "Ichim", "Ile": "Ili", "Chulym": "Tchoulym", "Chulyshman": "Tchoulychman",
    "Katun": "Katoun", "Tom’": "Tom", "Yarkant": "Yarkand", "Zarafshon": "Zeravchan",
    "Harirud": "Hari Rud", "Belaya": "Belaïa", "Chusovaya": "Tchoussovaïa", "Khopr": "Khopior",
    "Künes": "Kunes", "Qezel Owzan": "Qezel Owzan", "Atrak": "Atrek", "Konqi": "Kontcheh",
    # towns Natural Earth gives no French name
    "Qazaly": "Kazalinsk", "Zhosaly": "Djoussaly", "Balyqshy": "Balykchi",
    "Qarqaraly": "Karkaralinsk", "Töretam": "Tiouratam",
}
# fmt: on


def english(properties: dict) -> str | None:
    """The English label: NE's English name, but the local one for an administrative unit."""
    name = properties.get("name_en")
    if name and not name.endswith((" District", " County", " City")):
        return name
    return properties.get("name")


def rounded(geometry, grid: int):
    """Coordinates on the level's grid (0.001° is 1000 steps a degree), written short; of a cut
    area only its areas, of a cut line only its lines (not the points where they touch the box)."""
    if geometry.geom_type == "GeometryCollection":
        kind = "Polygon" if any("Polygon" in g.geom_type for g in geometry.geoms) else "Line"
        parts = [g for g in geometry.geoms if kind in g.geom_type]
        geometry = shapely.union_all(parts) if parts else shapely.Point()
        if geometry.geom_type == "GeometryCollection":
            geometry = shapely.Point()
    return shapely.transform(geometry, lambda xy: np.round(np.round(xy * grid) / grid, 4))


def label_point(geometry) -> list[float] | None:
    """Where an area's label starts: the pole of inaccessibility of its largest part; a river's:
    the middle of its longest part."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    if geometry.is_empty or not parts:
        return None
    if geometry.geom_type.endswith("LineString"):
        longest = max(parts, key=lambda part: part.length)
        point = longest.interpolate(0.5, normalized=True)
    else:
        point = polylabel(max(parts, key=lambda part: part.area), tolerance=0.01)
    return [round(point.x, 3), round(point.y, 3)]


def feature(layer: str, geometry, properties: dict, grid: int) -> dict:
    names = {"name": properties.pop("name", None)}
    if names["name"]:
        names["name_fr"] = FRENCH.get(names["name"]) or properties.pop("name_fr", None)
    properties.pop("name_fr", None)
    return {
        "type": "Feature",
        "bbox": [round(value, 3) for value in geometry.bounds],
        "properties": {"layer": layer, **names, **properties},
        "geometry": mapping(geometry),
    }


def level(box_, tolerance: float, grid: int, max_rank: int) -> list[dict]:
    south, west, north, east = box_
    cut = box(west, south, east, north)
    features = []

    def load(name):
        return json.loads((DATA / f"{name}.geojson").read_text(encoding="utf-8"))["features"]

    context = load("central_asia_context_110m")
    for item in context:
        geometry = shapely.make_valid(shape(item["geometry"])).simplify(CONTEXT_TOLERANCE)
        geometry = rounded(geometry, grid)
        iso = item["properties"].get("iso_a3") or ""
        if not geometry.is_empty:
            features.append(feature("context", geometry, {"iso": iso}, grid))

    countries = load("central_asia_countries")
    # One coverage: neighbours are simplified along the same line.
    shapes = shapely.coverage_simplify(
        [shapely.make_valid(shape(c["geometry"])) for c in countries], tolerance
    )
    for item, geometry in zip(countries, shapes):
        geometry = rounded(geometry.intersection(cut), grid)
        if geometry.is_empty:
            continue
        props = item["properties"]
        features.append(
            feature(
                "countries",
                geometry,
                {
                    "name": props["name"],
                    "iso": props["adm0_a3"],
                    "colour": props.get("mapcolor9") or 0,
                    "rank": props.get("labelrank") or 0,
                    "label": label_point(geometry),
                },
                grid,
            )
        )

    for item in load("central_asia_water"):
        props = item["properties"]
        rank = props.get("scalerank") or 0
        if rank > max_rank and props["kind"] in ("lake", "river"):
            continue
        geometry = shape(item["geometry"]).simplify(tolerance).intersection(cut)
        geometry = rounded(geometry, grid)
        if geometry.is_empty:
            continue
        name = english(props) if props["kind"] != "historic_lake" else None
        features.append(
            feature(
                "water",
                geometry,
                {
                    "name": name,
                    "name_fr": props.get("name_fr"),
                    "kind": props["kind"],
                    "rank": rank,
                    "label": label_point(geometry) if name else None,
                },
                grid,
            )
        )

    for item in load("central_asia_railways"):
        rank = item["properties"].get("scalerank") or 0
        geometry = rounded(shape(item["geometry"]).simplify(tolerance).intersection(cut), grid)
        if rank <= max_rank and not geometry.is_empty:
            features.append(feature("railways", geometry, {"rank": rank}, grid))

    for item in load("central_asia_places"):
        props = item["properties"]
        point = shape(item["geometry"])
        if (props.get("scalerank") or 0) <= max_rank and cut.contains(point):
            properties = {"name": english(props), "name_fr": props.get("name_fr")}
            properties["rank"] = props.get("scalerank") or 0
            features.append(feature("places", rounded(point, grid), properties, grid))
    return features


def main() -> None:
    for name, (box_, tolerance, grid, max_rank) in LEVELS.items():
        collection = {
            "type": "FeatureCollection",
            # The detailed countries stop here: their cut along this box is not a border.
            "bbox": [box_[1], box_[0], box_[3], box_[2]],
            "features": level(box_, tolerance, grid, max_rank),
        }
        target = DATA / f"basemap_{name}.geojson"
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text + "\n", encoding="utf-8")
        print(f"{target.name}: {len(collection['features'])} features, {len(text):,} bytes")


if __name__ == "__main__":
    main()
