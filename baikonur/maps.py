"""Map layers shared by the chapters: a folium base map in the house style, borders and places.

* Vector layers carry the meaning; tiles are an optional backdrop. Under every map a vector base
  (countries, seas, lakes, rivers, railways, towns) from the detail levels prepared once by
  ``tools/prepare_basemaps.py`` (``data/basemap_<level>.geojson``): the level a view's span
  needs, the features it may show. Labels come from data, in the map's language, and the map
  places them itself at every zoom (``static/baikonur-map.js``), chapter labels first; a base
  label with no room is left out.
* Only Leaflet is loaded, with the map's script and stylesheet (``static/``). A map cell shows
  the book's own output type (``MAP_MIME``), which the book writes as a file of the site linking
  those from its ``_static/`` (``baikonur_sphinx.map_output``); JupyterLab and Colab show the
  HTML fallback, a document carrying all three, so a map draws with no network.
* Every map has a title, a metric scale bar and a layer control; text from data is escaped;
  the map's parts are named in order (the same map makes the same document).
"""

from __future__ import annotations

import base64
import html
import math
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import folium
import numpy as np
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from .escaping import html_text, script_json
from .geo import great_circle_km
from .i18n import language as i18n_language
from .i18n import tr
from .style import COLOURS

__all__ = ["MAP_MIME", "add_boundary", "add_place", "base_layers", "base_map", "popup_html"]

#: The book's output type for a map: {"title", "ratio", "document", "vendor"}.
MAP_MIME = "application/vnd.baikonur.map+json"
LEAFLET_DIR = Path(__file__).resolve().parent / "vendor" / "leaflet"
STATIC_DIR = Path(__file__).resolve().parent / "static"
MAP_FILES = ("baikonur-map.css", "baikonur-map.js")
# In the book a map's document is _static/maps/<name>.html: the site serves the npm folders it
# names ("vendor": Leaflet's) under _static/vendor/, and STATIC_DIR's files in _static/.
SITE_ASSETS = (
    '<link rel="stylesheet" href="../vendor/leaflet/dist/leaflet.css">\n'
    '<link rel="stylesheet" href="../baikonur-map.css">\n'
    '<script src="../vendor/leaflet/dist/leaflet.js"></script>\n'
    '<script src="../baikonur-map.js"></script>\n'
)
_ASSETS_MARK = "<!-- the map's Leaflet, script and stylesheet -->"
# Where the detailed extracts stop (south, west, north, east): a boundary within it, of a country
# the base draws, is outlined from the base's copy.
DATA_BOX = (34.0, 44.0, 57.0, 90.0)
# The prepared detail levels (data/basemap_<level>.geojson), by the widest span each serves.
LEVELS = (("close", 12.0), ("regional", 30.0), ("wide", math.inf))
EXTRA_PLACES = "central_asia_places_extra"


def _layer_names(lang: str) -> dict[str, str]:
    """Layer names and hints, in the map's language; each a literal tr() that `make
    translations` collects (locales/fr/LC_MESSAGES/baikonur.po)."""
    return {
        "countries": tr("Countries", lang=lang),
        "water": tr("Seas, lakes and rivers", lang=lang),
        "historic": tr("Aral Sea shore in the late 1950s (dashed)", lang=lang),
        "railways": tr("Railways", lang=lang),
        "towns": tr("Towns", lang=lang),
        "other_towns": tr("Other towns", lang=lang),
        "tiles": tr("Background: OpenStreetMap tiles (online)", lang=lang),
        "credit": tr("Base map: Natural Earth", lang=lang),
        "wheel": tr("Click the map, or hold Ctrl, to zoom with the wheel", lang=lang),
    }


@lru_cache(maxsize=1)
def _inline_assets() -> str:
    """Leaflet, the map's stylesheet and its script as one ``<style>`` and one ``<script>``, for
    a map document that must draw with no network (a notebook's)."""
    style = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    for icon in ("layers.png", "layers-2x.png"):
        data = base64.b64encode((LEAFLET_DIR / icon).read_bytes()).decode("ascii")
        style = style.replace(f"url(images/{icon})", f"url(data:image/png;base64,{data})")
    script = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    script = script.split("\n//# sourceMappingURL=")[0]
    style += (STATIC_DIR / MAP_FILES[0]).read_text(encoding="utf-8")
    script += "\n" + (STATIC_DIR / MAP_FILES[1]).read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise ValueError("Leaflet or the map's script cannot be inlined: it contains </script")
    return f"<style>{style}</style>\n<script>{script}</script>\n"


class _BaseMap(folium.Map):
    """A folium map that makes sure it has a layer control when it is drawn, names its parts in
    order, and shows itself as the book's map output (with an HTML fallback)."""

    def render(self, **kwargs):
        controls = [c for c in self._children.values() if isinstance(c, folium.LayerControl)]
        if not controls:
            controls = [folium.LayerControl(collapsed=True).add_to(self)]
        self._bk_setup.control = controls[0]
        for element in _descendants(self):
            if isinstance(element, (folium.PolyLine, folium.Polygon)):
                element.locations = _fit(element.locations, _span(*self._bk_view) / 3200)
        _name_in_order(self)
        super().render(**kwargs)

    def _document(self) -> str:
        return self.get_root().render().replace("<html>", f'<html lang="{self._bk_lang}">', 1)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        document = self._document()
        title = html.unescape(self.get_root().title)
        ratio = self.get_root().ratio
        frame = (
            f'<div style="position:relative;width:100%;height:0;padding-bottom:{ratio}">'
            f'<iframe title="{html.escape(title)}" srcdoc="'
            f'{html.escape(document.replace(_ASSETS_MARK, _inline_assets()))}" '
            f'style="position:absolute;width:100%;height:100%;left:0;top:0;border:none"'
            f"></iframe></div>"
        )
        return {
            MAP_MIME: {
                "title": title,
                "ratio": ratio,
                "document": document.replace(_ASSETS_MARK, SITE_ASSETS),
                "vendor": [["leaflet", "dist"]],
            },
            "text/html": frame,
        }

    def _repr_html_(self, **kwargs) -> str:
        return self._repr_mimebundle_()["text/html"]


def _fit(locations: list, tolerance: float) -> list:
    """A chapter's line or ring ([lat, lon] points), or a list of them, to the map's scale:
    vertices within a quarter of a pixel or so of the line through their neighbours go (a great
    circle computed every few kilometres is a smooth curve), the rest rounded to about 10 m."""
    if not (locations and isinstance(locations[0][0], (int, float))):
        return [_fit(part, tolerance) for part in locations]
    line = (
        shapely.simplify(shapely.LineString(locations), tolerance) if len(locations) > 2 else None
    )
    return np.round(shapely.get_coordinates(line) if line else locations, 4).tolist()


def _descendants(element):
    """Every element under ``element``, with those a popup keeps in its own header, html and
    script parts."""
    children = list(element._children.values())
    for part in ("header", "html", "script"):
        held = getattr(element, part, None)
        if isinstance(held, Element) and held is not element:
            children.append(held)
    for child in children:
        yield child
        yield from _descendants(child)


def _name_in_order(fmap: folium.Map) -> None:
    """Name the map and its parts (their JavaScript variables and element ids) by their order
    in the map, not with folium's random 32-digit ids: the same map makes the same document."""
    elements = [fmap, *_descendants(fmap)]
    old_names = {id(element): element.get_name() for element in elements}
    for number, element in enumerate(elements):
        element._id = format(number, "x")
    # Children are kept under their names, and some templates (a popup's) write those keys.
    for element in elements:
        element._children = type(element._children)(
            (child.get_name() if key == old_names.get(id(child)) else key, child)
            for key, child in element._children.items()
        )


def base_map(
    *,
    title: str,
    bounds: Iterable[Iterable[float]],
    credit: str,
    ratio: str = "62%",
    tiles: bool = True,
    language: str | None = None,
    focus: str = "KAZ",
) -> folium.Map:
    """A folium map fitted to ``bounds`` ([[south, west], [north, east]]), titled ``title``,
    over the vector base map. ``credit`` names the sources of the chapter's layers (after
    Natural Earth's in the attribution); ``ratio`` is its height as a share of its width;
    ``tiles`` offers an OpenStreetMap backdrop, off at first; ``language`` picks the labels'
    names (``en``, ``fr``; by default the build's); ``focus`` is the ISO code drawn lightest."""
    if not title or not title.strip():
        raise ValueError("a map needs a title: it is what a screen reader announces for it")
    if not credit or not credit.strip():
        raise ValueError("a map needs a credit line naming the sources of its data")
    language = i18n_language(language)
    bounds = [list(map(float, corner)) for corner in bounds]
    if len(bounds) != 2 or any(len(corner) != 2 for corner in bounds):
        raise ValueError(f"bounds must be [[south, west], [north, east]], got {bounds!r}")
    (south, west), (north, east) = bounds
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ValueError(
            f"bounds must be [[south, west], [north, east]] in degrees with "
            f"south < north and west < east, got {bounds!r}"
        )
    names = _layer_names(language)
    fmap = _BaseMap(tiles=None, control_scale=False, zoom_snap=0.25, prefer_canvas=False)
    # This map loads only Leaflet and its own files (folium's defaults add jQuery, Bootstrap and
    # icon fonts that these layers do not use): linked in the book, carried in a notebook.
    fmap.default_js, fmap.default_css = [], []
    figure = fmap.get_root()
    figure.header.add_child(Element(_ASSETS_MARK), name="baikonur_map_assets")
    figure.title = html_text(title)
    figure.ratio = ratio
    # Fit first: a tile layer added before would fetch, then cancel, tiles of the default view.
    fmap.fit_bounds(bounds)
    fmap._bk_lang, fmap._bk_view = language, (south, west, north, east)
    fmap._bk_places = []
    layers = base_layers(tuple(map(tuple, bounds)), language, focus)
    fmap._bk_setup = _SetUp(layers, names, f"{names['credit']} · {credit}")
    fmap._bk_setup.add_to(fmap)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=names["tiles"], overlay=True, show=False).add_to(
            fmap
        )
    return fmap


class _SetUp(MacroElement):
    """The map's base layers, labels, attribution and wheel (``bkMap.setUp`` in
    static/baikonur-map.js), with the layer control found when the map is drawn."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "bkMap.setUp({{ this._parent.get_name() }}, {{ this.config }}, "
        "function () { return {{ this.control_name }}; });\n"
        "{% endmacro %}"
    )

    def __init__(self, layers: dict, names: dict, attribution: str) -> None:
        super().__init__()
        self._name = "SetUp"
        self.layers, self.names, self.attribution = layers, names, html_text(attribution)
        self.control = None

    def render(self, **kwargs):
        fmap, names = self._parent, dict(self.names)

        def stands_for(label) -> bool:  # a chapter place within 20 km of a base town
            return any(
                great_circle_km(label["lat"], label["lon"], *p) < 20 for p in fmap._bk_places
            )

        # Places from the book's own table (Töretam) are not towns and are kept.
        labels = [
            x
            for x in self.layers["labels"]
            if x["kind"] != "town" or x.get("extra") or not stands_for(x)
        ]
        # A chapter's own layer of towns keeps the name; the base's are the other towns.
        if names["towns"] in {getattr(e, "layer_name", None) for e in _descendants(fmap)}:
            names["towns"] = names["other_towns"]
        # Label names are data: no "</script>" and no Jinja tag (branca renders scripts twice).
        self.config = script_json(
            {
                "base": {**self.layers, "labels": labels},
                "names": names,
                "attribution": self.attribution,
            }
        )
        # folium declares the control with `let`: read by its variable once the script has run.
        self.control_name = self.control.get_name() if self.control else "null"
        super().render(**kwargs)


# --- the base layers for one view ------------------------------------------------------------


def _visible_box(south: float, west: float, north: float, east: float) -> tuple:
    """What a map fitted to these bounds may show: the bounds widened to any shape of map from
    a phone's (about 1.2:1 wide) to a desktop's (about 2.2:1), zoom snapping and some panning
    (a degree of latitude drawn about 1.4 times as tall as one of longitude here)."""
    width, height = east - west, (north - south) * 1.4
    half_w = max(width, height * 2.2) * 1.35 / 2
    half_h = max(height, width / 1.2) * 1.35 / 2 / 1.4
    lat, lon = (north + south) / 2, (east + west) / 2
    return (
        max(lat - half_h, -85),
        max(lon - half_w, -180),
        min(lat + half_h, 85),
        min(lon + half_w, 180),
    )


def _span(south: float, west: float, north: float, east: float) -> float:
    """How wide a view is, in degrees: its width, or its height if that is the larger (a
    degree of latitude drawn about 1.4 times as tall as one of longitude at these latitudes)."""
    return max(east - west, (north - south) * 1.4)


def _level(span: float) -> str:
    return next(name for name, widest in LEVELS if span <= widest)


@lru_cache(maxsize=4)
def _prepared(level: str) -> dict:
    from .data import load_geojson

    return load_geojson(f"basemap_{level}")


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else []


@lru_cache(maxsize=32)
def base_layers(bounds: tuple, language: str = "en", focus: str = "KAZ") -> dict:
    """The base map's layers for a view ``bounds`` ((south, west), (north, east)): the prepared
    level its span needs, the features that reach into what the map may show, and the labels
    to try.

    Returns a dict with ``countries``, ``water``, ``historic``, ``railways`` (GeoJSON
    FeatureCollections), ``labels`` (dicts with text, lat, lon, kind and priority: the lower,
    the earlier it is placed), ``box`` (where the detailed countries were cut) and ``level``.
    """
    from .data import load_table

    (south, west), (north, east) = bounds
    span = _span(south, west, north, east)
    level = _level(span)
    prepared = _prepared(level)
    s, w, n, e = _visible_box(south, west, north, east)
    b_west, b_south, b_east, b_north = prepared["bbox"]
    # What the view's scale shows: bigger views keep only the more important features.
    rank = 4 if span > 15 else 7 if span > 4 else 10
    river_rank, rail_rank = (5, 6) if span > 15 else (10, 10)

    def in_view(item) -> bool:
        x0, y0, x1, y1 = item["bbox"]
        return x0 <= e and x1 >= w and y0 <= n and y1 >= s

    def in_bounds(lon, lat) -> bool:
        return west <= lon <= east and south <= lat <= north

    layers = {key: [] for key in ("countries", "water", "historic", "railways")}
    labels = []

    def text(props) -> str | None:
        return (props.get("name_fr") if language == "fr" else None) or props.get("name")

    def add(layer, geometry, properties, label=None, name=None, kind=None, priority=0, area=True):
        """A feature of ``layer``, and its label ``name`` at the point ``label`` (``area``: it
        names its feature, and must stay on it)."""
        if geometry["type"].endswith("Polygon"):
            geometry = {"type": "MultiPolygon", "coordinates": _polygons(geometry)}
        layers[layer].append({"type": "Feature", "properties": properties, "geometry": geometry})
        if label and name:
            labels.append({"text": name, "lon": label[0], "lat": label[1], "kind": kind})
            labels[-1]["priority"] = priority
            if area:
                labels[-1]["area"] = [layer, len(layers[layer]) - 1]

    past_the_box = s < b_south or w < b_west or n > b_north or e > b_east
    for item in prepared["features"]:
        props, geometry = item["properties"], item["geometry"]
        layer, kind, item_rank = props["layer"], props.get("kind"), props.get("rank") or 0
        name = text(props)
        if not in_view(item):
            continue
        if layer == "context" and past_the_box:
            colour = sum(map(ord, props["iso"])) % 9
            add("countries", geometry, {"c": colour, "focus": props["iso"] == focus})
        elif layer == "countries":
            mine = props["iso"] == focus
            properties = {"c": props["colour"], "d": 1, "focus": mine, "iso": props["iso"]}
            priority = (5 if mine else 10) + item_rank
            add(layer, geometry, properties, props["label"], name, "country", priority)
        elif layer == "railways" and item_rank <= rail_rank:
            add(layer, geometry, {})
        elif kind == "historic_lake":
            add("historic", geometry, {})
        elif kind == "river" and item_rank <= river_rank:
            # Its label on a vertex in view, the middle one.
            parts = geometry["coordinates"]
            parts = [parts] if geometry["type"] == "LineString" else parts
            seen = [p for part in parts for p in part if in_bounds(*p)]
            point = seen[len(seen) // 2] if seen else None
            properties = {"major": item_rank <= 5}
            add(layer, geometry, properties, point, name, "water", 60 + item_rank, area=False)
        elif layer == "water" and kind != "river" and (kind == "sea" or item_rank <= rank):
            priority = (20 if kind == "sea" else 30) + item_rank
            add(layer, geometry, {}, props.get("label"), name, "water", priority)
        elif layer == "places" and item_rank <= rank and in_bounds(*geometry["coordinates"]):
            lon, lat = geometry["coordinates"]
            labels.append({"text": name, "lon": lon, "lat": lat, "kind": "town"})
            labels[-1]["priority"] = 40 + item_rank
    for row in load_table(EXTRA_PLACES).itertuples():
        if row.scalerank <= rank and in_bounds(row.lon, row.lat):
            name = row.name_fr if language == "fr" and row.name_fr else row.name
            labels.append({"text": str(name), "lon": float(row.lon), "lat": float(row.lat)})
            labels[-1].update(kind="town", priority=40 + int(row.scalerank), extra=True)
    # One label per name (a river comes in several pieces): the first, most important one.
    labels.sort(key=lambda label: label["priority"])
    seen: set = set()
    unique = [x for x in labels if (k := (x["kind"], x["text"])) not in seen and not seen.add(k)]
    return {
        **{key: {"type": "FeatureCollection", "features": v} for key, v in layers.items()},
        "labels": unique,
        "thin": span > 15,
        "box": [b_south, b_west, b_north, b_east],
        "level": level,
    }


# --- chapter layers --------------------------------------------------------------------------


def _owning_map(layer) -> folium.Map | None:
    while layer is not None and not isinstance(layer, folium.Map):
        layer = getattr(layer, "_parent", None)
    return layer


def add_boundary(
    fmap: folium.Map | folium.FeatureGroup,
    geojson: Mapping,
    *,
    name: str,
    colour: str = COLOURS["grey"],
) -> folium.map.Layer:
    """Draw a country boundary (a GeoJSON FeatureCollection) as an outlined, lightly filled area.

    On a map made by :func:`base_map` whose base already draws the country (each feature's
    ``iso_a3`` is one of the base's Natural Earth 1:50m countries, and the feature lies within
    the base's data), the layer outlines the base's own copy of the country: the map does not
    carry the same border twice, and the two outlines cannot differ. Otherwise the boundary is
    drawn from its own geometry."""
    for index, item in enumerate(geojson.get("features", [])):
        kind = (item.get("geometry") or {}).get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            raise ValueError(
                f"a boundary is drawn from polygons: feature {index} "
                f"({(item.get('properties') or {}).get('name')!r}) is a {kind!r}"
            )
    countries = _countries_in_base(_owning_map(fmap), geojson)
    if countries:
        names = [str((f.get("properties") or {}).get("name") or "") for f in geojson["features"]]
        layer = _BaseBoundary(countries, name=name, colour=colour, tooltip=", ".join(names))
        layer.add_to(fmap)
        return layer
    # folium's GeoJsonTooltip writes property values into the tooltip's HTML as they are.
    features = [
        {**f, "properties": {**f["properties"], "name": html_text(f["properties"].get("name", ""))}}
        for f in geojson["features"]
    ]
    style = {"color": colour, "weight": 2, "fillColor": colour, "fillOpacity": 0.08}
    layer = folium.GeoJson(
        {**geojson, "features": features},
        name=name,
        style_function=lambda feature: style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    )
    layer.add_to(fmap)
    return layer


def _countries_in_base(fmap, geojson: Mapping) -> list[str]:
    """The ISO codes of ``geojson``'s features if the map's base draws every one of them (see
    add_boundary), else an empty list."""
    setup = getattr(fmap, "_bk_setup", None)
    features = setup.layers["countries"]["features"] if setup else []
    drawn = {f["properties"].get("iso") for f in features if f["properties"].get("d")}
    south, west, north, east = DATA_BOX
    codes = []
    for item in geojson.get("features") or []:
        properties = item.get("properties") or {}
        codes.append(properties.get("iso_a3") or properties.get("adm0_a3"))
        points = [p for polygon in _polygons(item["geometry"]) for ring in polygon for p in ring]
        inside = all(west < lon < east and south < lat < north for lon, lat, *_ in points)
        if codes[-1] not in drawn or not inside:
            return []
    return codes


class _BaseBoundary(folium.map.Layer):
    """A country's boundary drawn from the base map's copy of it (``bkMap.boundary``)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = bkMap.boundary({{ this.map_name }}, "
        "{{ this.codes|tojson }}, {{ this.colour|tojson }}, {{ this.tooltip|tojson }});\n"
        "{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}"
        "{% endmacro %}"
    )

    def __init__(self, codes: list[str], *, name: str, colour: str, tooltip: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Boundary"
        self.codes, self.colour, self.tooltip = list(codes), colour, html_text(tooltip)

    def render(self, **kwargs):
        self.map_name = _owning_map(self).get_name()
        super().render(**kwargs)


def popup_html(title: str, lines: Iterable[str] = ()) -> str:
    """Popup content from plain text: a bold title and one line per item, all HTML-escaped."""
    body = "".join(f"<br>{html_text(str(line))}" for line in lines if str(line).strip())
    return f"<strong>{html_text(str(title))}</strong>{body}"


def add_place(
    layer: folium.Map | folium.FeatureGroup,
    *,
    lat: float,
    lon: float,
    name: str,
    popup_lines: Iterable[str] = (),
    colour: str,
    radius: float = 6,
    label: str | None = None,
    label_direction: str = "right",
) -> folium.CircleMarker:
    """A place as a circle marker with a popup; ``label`` adds a permanent text label beside it
    (``label_direction`` is where it goes if there is room; the map moves it if not).

    Add the layer to its map first: the map then knows the place, and leaves out a base-map town
    that the place stands for."""
    marker = folium.CircleMarker(
        location=[lat, lon],
        radius=radius,
        color="#ffffff",
        weight=1.5,
        fill=True,
        fill_color=colour,
        fill_opacity=1.0,
        popup=folium.Popup(popup_html(name, popup_lines), max_width=320),
        tooltip=None if label else html_text(name),
    )
    if label:
        marker.add_child(
            folium.Tooltip(
                html_text(label),
                permanent=True,
                direction=label_direction,
                class_name="bk-label bk-chapter",
            )
        )
    marker.add_to(layer)
    owner = _owning_map(layer)
    if owner is not None and hasattr(owner, "_bk_places"):
        owner._bk_places.append((float(lat), float(lon)))
    return marker
