"""Map layers shared by the chapters: a folium base map in the house style, borders and places.

House rules these helpers enforce:

* Vector layers carry the meaning; map tiles are only an optional backdrop. ``base_map`` draws a
  vector base map under every map from the data package (Natural Earth extracts
  ``central_asia_*``): neighbouring countries with their names, seas, lakes and rivers, railways
  and towns, clipped to the map's view and simplified to its scale. A chapter only adds its own
  layers.
* Labels come from data (names in the data files, in the map's language) and are placed by the
  map itself as it is drawn and at every zoom: each label tries a few positions around its point
  and takes the first that overlaps no other label, no marker and no map control; a base-map
  label that finds no room is left out (with its town's dot). Chapter labels (``add_place``)
  are placed first.
* Only Leaflet is loaded: the circle markers, popups, tooltips and layer control used here need
  nothing else. The built book serves Leaflet from its own ``_static/``; in a notebook
  (JupyterLab, Binder, Colab, a downloaded file) the map document carries the copy this package
  ships (``baikonur/vendor/leaflet/``, Leaflet's BSD licence beside it), so a map draws with no
  network.
* Every map has a title (the map document's ``<title>``, which the book copies to the iframe's
  ``title`` for screen readers), a scale bar clear of the attribution, and a layer control.
* Popup and label text comes from data and is HTML-escaped.
* A map carries no more than its size shows (a page's weight): the base's detail
  follows the view's span (``_detail``: close-ups as detailed as ever, wide views coarser), its
  coordinates are sent as whole-number steps on that grid (``_encode``), the chapter's lines and
  areas are simplified to the view, a border the base already draws is outlined from the base's
  copy (``add_boundary``), and the map's parts are named in order, not with random ids.
"""

from __future__ import annotations

import base64
import math
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from .escaping import html_text, script_json
from .i18n import language as i18n_language
from .i18n import tr
from .style import COLOURS

__all__ = [
    "LEAFLET_CSS",
    "LEAFLET_JS",
    "BASE_LAYERS",
    "add_boundary",
    "add_place",
    "base_map",
    "base_layers",
    "popup_html",
]

# The URLs folium itself uses. The book build rewrites them to its self-hosted copy of the same
# npm package (see baikonur_sphinx.assets); a notebook gets the copy in LEAFLET_DIR instead.
LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css"
# Leaflet's dist, as npm's leaflet (package.json) has it: leaflet.js, leaflet.css, the layer
# control's icons (the only images these maps use) and the licence.
LEAFLET_DIR = Path(__file__).resolve().parent / "vendor" / "leaflet"
# branca's notebook output puts this under the map's frame; an offline map never needs it.
_TRUST_NOTE = re.compile(r'<span style="color:#565656">Make this Notebook Trusted[^<]*</span>')


@lru_cache(maxsize=1)
def leaflet_inline() -> str:
    """Leaflet's CSS and JavaScript as one ``<style>`` and one ``<script>``, for a map document
    that must draw with no network (a notebook's map; the book serves its own copy instead)."""
    script = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    script = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", script)
    if "</script" in script.lower():
        raise ValueError(f"{LEAFLET_DIR / 'leaflet.js'} cannot be inlined: it contains </script")
    style = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    for icon in ("layers.png", "layers-2x.png"):
        data = base64.b64encode((LEAFLET_DIR / icon).read_bytes()).decode("ascii")
        style = style.replace(f"url(images/{icon})", f"url(data:image/png;base64,{data})")
    return f"<style>{style}</style>\n<script>{script}</script>\n"


def _in_book_build() -> bool:
    from .claims_html import BOOK_BUILD_ENV

    return bool(os.environ.get(BOOK_BUILD_ENV))


# Data package resources of the base map (data/datapackage.json).
BASE_LAYERS = {
    "countries": "central_asia_countries",
    "water": "central_asia_water",
    "railways": "central_asia_railways",
    "places": "central_asia_places",
    "extra_places": "central_asia_places_extra",
    # Coarse countries around the box, so a view that reaches past it has no blank edge.
    "context": "central_asia_context_110m",
}
# Where the base map's data stops (the extracts are clipped to this box).
DATA_BOX = (34.0, 44.0, 57.0, 90.0)  # south, west, north, east


# Layer names in the layer control (the map's labels come from the data), in the map's language;
# each a literal tr() so that `make translations` collects it (locales/fr/LC_MESSAGES/baikonur.po).
def _layer_names(lang: str) -> dict[str, str]:
    return {
        "countries": tr("Countries", lang=lang),
        "water": tr("Seas, lakes and rivers", lang=lang),
        "historic": tr("Aral Sea shore in the late 1950s (dashed)", lang=lang),
        "railways": tr("Railways", lang=lang),
        "towns": tr("Towns", lang=lang),
        "tiles": tr("Background: OpenStreetMap tiles (online)", lang=lang),
        "credit": tr("Base map: Natural Earth", lang=lang),
        "wheel": tr("Click the map, or hold Ctrl, to zoom with the wheel", lang=lang),
    }


def _compact(source: str) -> str:
    """A script or style as the map's document carries it: without the comment lines and the
    indentation kept here for the reader of this file (every map document has its own copy)."""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


# Inside the map's own document: a neutral background, readable labels, and the scale bar and
# attribution kept apart (the attribution wraps before it reaches the scale bar).
_MAP_CSS = """
<style>
  html, body { margin: 0; }
  .leaflet-container { background: #dfe8ef; font: 13px/1.4 system-ui, sans-serif; }
  .leaflet-tooltip.bk-label { background: rgba(255,255,255,0.9); border: 0; box-shadow: none;
                              padding: 0 3px; margin: 0; font-weight: 600; color: #1f2328;
                              white-space: nowrap; line-height: 1.25; }
  .leaflet-tooltip.bk-label::before { display: none; }
  .leaflet-tooltip.bk-base { background: transparent; font-weight: 500; padding: 0 1px;
      text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 3px #fff; }
  .leaflet-tooltip.bk-country { color: #5c5548; font-size: 11px; letter-spacing: 0.08em;
                                text-transform: uppercase; font-weight: 600; }
  .leaflet-tooltip.bk-water { color: #1f5f96; font-style: italic; font-size: 12px; }
  .leaflet-tooltip.bk-town { color: #1f2328; font-size: 12px; }
  @media (max-width: 520px) {
    .leaflet-tooltip.bk-label { font-size: 11px; }
    .leaflet-tooltip.bk-country { font-size: 9.5px; letter-spacing: 0.04em; }
    .leaflet-tooltip.bk-water, .leaflet-tooltip.bk-town { font-size: 10.5px; }
    .leaflet-control-attribution { font-size: 9.5px; }
  }
  .leaflet-control-attribution { max-width: calc(100% - 150px); white-space: normal;
                                 font-size: 11px; line-height: 1.3; }
  .leaflet-control-scale { margin-bottom: 6px; }
  .bk-wheel-hint { position: absolute; inset: 0; z-index: 1000; display: flex;
                   align-items: center; justify-content: center; padding: 1rem;
                   background: rgba(0,0,0,0.45); color: #fff; font-size: 15px; text-align: center;
                   pointer-events: none; opacity: 0; transition: opacity 0.2s; }
  .bk-wheel-hint.bk-shown { opacity: 1; }
  .bk-key { display: inline-block; width: 18px; height: 10px; margin-right: 4px;
            vertical-align: middle; border: 1px solid #777; }
</style>
<script>
  // folium builds popups with jQuery's $(html)[0]. This stand-in does just that, so the map
  // needs no jQuery; it steps aside if a real jQuery is present.
  window.$ = window.$ || function (markup) {
    var template = document.createElement("template");
    template.innerHTML = String(markup).trim();
    return [template.content.firstElementChild];
  };
</script>
"""

_KEYS = {
    "countries": '<span class="bk-key" style="background:#f3efe4;border-color:#8f8a80"></span>',
    "water": '<span class="bk-key" style="background:#a9c8e3;border-color:#7fa9cf"></span>',
    "historic": '<span class="bk-key" style="background:none;border:1px dashed #2f6fa8"></span>',
    "railways": '<span class="bk-key" style="height:0;border:0;border-top:3px dashed #555"></span>',
    "towns": '<span class="bk-key" style="width:8px;height:8px;border-radius:50%;'
    'background:#333;border-color:#fff"></span>',
}


class _BaseMap(folium.Map):
    """A folium map that makes sure it has a layer control when it is drawn, draws the chapter's
    lines and areas to its scale, and names its parts in order (see _name_in_order)."""

    def render(self, **kwargs):
        controls = [c for c in self._children.values() if isinstance(c, folium.LayerControl)]
        if not controls:
            control = folium.LayerControl(collapsed=True)
            control.add_to(self)
            controls = [control]
        self._bk_base.control = controls[0]
        _fit_chapter_lines(self, self._bk_view)
        _name_in_order(self)
        super().render(**kwargs)

    def _repr_html_(self, **kwargs) -> str:
        return _TRUST_NOTE.sub("", super()._repr_html_(**kwargs), count=1)


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


def _fit_chapter_lines(fmap: folium.Map, view: tuple) -> None:
    """The chapter's lines and areas (PolyLine, Polygon) to the map's scale: vertices closer than
    a quarter of the base map's tolerance to the line through their neighbours go (a great
    circle computed every few kilometres is a smooth curve), and coordinates keep one decimal
    more than the base map's. Drawn as they were, in a fraction of the bytes."""
    tolerance, grid = _detail(_span(*view))
    tolerance, grid = tolerance / 4, grid * 10
    for element in _descendants(fmap):
        if not isinstance(element, (folium.PolyLine, folium.Polygon)):
            continue
        if getattr(element, "_bk_fitted", False):
            continue
        element.locations = _fit_locations(element.locations, tolerance, grid)
        element._bk_fitted = True


def _fit_locations(locations: list, tolerance: float, grid: int) -> list:
    """A line or ring of [lat, lon], or a list of them, simplified and rounded."""
    if locations and locations[0] and isinstance(locations[0][0], (int, float)):
        fitted = _round(_simplify(locations, tolerance), grid)
        # A ring or line keeps its ends (a closed ring's last point is its first).
        return fitted if len(fitted) >= 2 else [list(p) for p in locations[:1] + locations[-1:]]
    return [_fit_locations(part, tolerance, grid) for part in locations]


def _name_in_order(fmap: folium.Map) -> None:
    """Name the map and its parts (their JavaScript variables and element ids) by their order
    in the map, not with folium's random 32-digit ids: the same map makes the same document, and
    each name, repeated in the document, is a few characters instead of 32 random ones."""
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
    drawn over a vector base map (countries, water, railways, towns) from the data package.

    ``credit`` names the sources of the chapter's layers (shown in the map's attribution line,
    next to Natural Earth's). ``ratio`` is the map's height as a share of its width. With
    ``tiles`` an OpenStreetMap backdrop can be switched on in the layer control (off at first:
    the vector base reads on its own). ``language`` picks the names the labels show (``en`` or
    ``fr``; by default the build's language, :func:`baikonur.i18n.language`); ``focus`` is the
    ISO code of the country drawn lightest.
    """
    if not title or not title.strip():
        raise ValueError("a map needs a title: it is what a screen reader announces for it")
    if not credit or not credit.strip():
        raise ValueError("a map needs a credit line naming the sources of its data")
    language = i18n_language(language)
    names = _layer_names(language)
    bounds = [list(map(float, corner)) for corner in bounds]
    if len(bounds) != 2 or any(len(corner) != 2 for corner in bounds):
        raise ValueError(f"bounds must be [[south, west], [north, east]], got {bounds!r}")
    (south, west), (north, east) = bounds
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ValueError(
            f"bounds must be [[south, west], [north, east]] in degrees with "
            f"south < north and west < east, got {bounds!r}"
        )

    fmap = _BaseMap(tiles=None, control_scale=False, zoom_snap=0.25, prefer_canvas=False)
    # Instance attributes: this map alone loads only Leaflet (folium's class default adds
    # jQuery, Bootstrap and icon fonts that these layers do not use). The book links it (and
    # serves it); a notebook's map carries it, so it draws offline.
    figure = fmap.get_root()
    if _in_book_build():
        fmap.default_js = [("leaflet", LEAFLET_JS)]
        fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    else:
        fmap.default_js, fmap.default_css = [], []
        figure.header.add_child(folium.Element(leaflet_inline()), name="leaflet")
    figure.title = html_text(title)
    figure.ratio = ratio
    figure.header.add_child(folium.Element(_compact(_MAP_CSS)), name="baikonur_map_css")
    # Fit first: a tile layer added before would fetch, then cancel, tiles of the default view.
    fmap.fit_bounds(bounds)
    fmap._bk_places = []
    fmap._bk_view = (south, west, north, east)
    fmap._bk_base = _VectorBase(base_layers(tuple(map(tuple, bounds)), language, focus), names)
    fmap._bk_base.add_to(fmap)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=names["tiles"], overlay=True, show=False).add_to(
            fmap
        )
    _Attribution(f"{names['credit']} · {credit}").add_to(fmap)
    _LabelPlacement().add_to(fmap)
    _WheelAfterClick(names["wheel"]).add_to(fmap)
    return fmap


class _WheelAfterClick(MacroElement):
    """The mouse wheel scrolls the page over a map until the reader clicks the map (or holds
    Ctrl): a map in the middle of a page must not trap the wheel, as Plotly charts do not. After
    a click the wheel zooms, until the pointer leaves the map. A wheel turn that scrolls past
    the map shows, for a moment, how to zoom it."""

    _template = Template(
        _compact("""
        {% macro script(this, kwargs) %}
        (function (map) {
          var container = map.getContainer(), active = false, timer = null;
          var hint = document.createElement("div");
          hint.className = "bk-wheel-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = {{ this.hint|tojson }};
          container.appendChild(hint);
          container.addEventListener("click", function () {
            active = true; hint.classList.remove("bk-shown");
          });
          container.addEventListener("mouseleave", function () { active = false; });
          // Before Leaflet's own listener on the map: a wheel event it must not see goes on to
          // the page (not cancelled, so the page scrolls).
          window.addEventListener("wheel", function (event) {
            if (active || event.ctrlKey || !container.contains(event.target)) return;
            event.stopPropagation();
            hint.classList.add("bk-shown");
            clearTimeout(timer);
            timer = setTimeout(function () { hint.classList.remove("bk-shown"); }, 1500);
          }, {capture: true, passive: true});
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    )

    def __init__(self, hint: str) -> None:
        super().__init__()
        self._name = "WheelAfterClick"
        self.hint = hint


class _Attribution(MacroElement):
    """Adds a line to the map's attribution control (it is shown even when tiles are off)."""

    _template = Template(
        _compact("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(false);
        L.control.scale({imperial: false, position: "bottomleft"})
          .addTo({{ this._parent.get_name() }});
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = html_text(text)


# --- the vector base ------------------------------------------------------------------------


class _VectorBase(MacroElement):
    """Draws the base layers in a pane under the chapter's layers, labels them, and lists them
    in the map's layer control (found when the map is drawn, see _BaseMap.render)."""

    _template = Template(
        _compact("""
        {% macro script(this, kwargs) %}
        (function (map, base, names, keys, places) {
          // Coordinates come as whole numbers, steps from the point before (see _encode).
          var scale = base.grid;
          var decode = function (c) {
            if (typeof c[0] !== "number") return c.map(decode);
            var out = [], x = 0, y = 0;
            for (var i = 0; i + 1 < c.length; i += 2) {
              x += c[i]; y += c[i + 1]; out.push([x / scale, y / scale]);
            }
            return out;
          };
          ["countries", "water", "historic", "railways"].forEach(function (layer) {
            base[layer].features.forEach(function (f) {
              f.geometry.coordinates = decode(f.geometry.coordinates);
            });
          });
          map._bkBase = base;  // a chapter's boundary outlines its country (add_boundary)
          var pane = map.createPane("bkBase");
          pane.style.zIndex = 250;
          var text = function (s) {
            var el = document.createElement("span"); el.textContent = s; return el;
          };
          var palette = ["#f3efe4", "#ece6d3", "#e7ead9", "#efe4d8", "#e3e6e4", "#ebe0e0",
                         "#e8e6d8", "#e6e1d2", "#eee9dc"];
          var common = {pane: "bkBase", interactive: false};
          var countries = L.geoJSON(base.countries, Object.assign({}, common, {style: function (f) {
            // The detailed countries stop at the data's box: their borders are drawn as lines
            // below, without the box's edge; the coarse ones around have their own outline.
            return {color: "#8f8a80", weight: 1, stroke: !f.properties.d, fillOpacity: 1,
                    fillColor: f.properties.focus
                      ? "#fcfbf7" : palette[(f.properties.c || 0) % palette.length]};
          }}));
          var edge = base.box, near = function (v, w) { return Math.abs(v - w) < 1e-6; };
          var borders = [];
          base.countries.features.forEach(function (f) {
            if (!f.properties.d) return;
            f.geometry.coordinates.forEach(function (polygon) { polygon.forEach(function (ring) {
              var line = [];
              for (var i = 0; i + 1 < ring.length; i++) {
                var a = ring[i], b = ring[i + 1];
                var onEdge = (a[0] === b[0] && (near(a[0], edge[1]) || near(a[0], edge[3])))
                          || (a[1] === b[1] && (near(a[1], edge[0]) || near(a[1], edge[2])));
                if (onEdge) { if (line.length > 1) borders.push(line); line = []; continue; }
                if (!line.length) line.push([a[1], a[0]]);
                line.push([b[1], b[0]]);
              }
              if (line.length > 1) borders.push(line);
            }); });
          });
          countries.addLayer(
            L.polyline(borders, Object.assign({}, common, {color: "#8f8a80", weight: 1})));
          var water = L.geoJSON(base.water, Object.assign({}, common, {style: function (f) {
            return f.geometry.type.indexOf("Line") >= 0
              ? {color: "#5d95c8", weight: f.properties.major ? 2 : 1.2, opacity: 0.9}
              : {color: "#7fa9cf", weight: 0.8, fillColor: "#a9c8e3", fillOpacity: 1};
          }}));
          var historic = L.geoJSON(base.historic, Object.assign({}, common, {style: function () {
            return {color: "#2f6fa8", weight: 1.4, dashArray: "5 4", fill: false};
          }}));
          var railways = L.layerGroup([
            L.geoJSON(base.railways, Object.assign({}, common, {style: function () {
              return {color: "#555", weight: base.thin ? 2 : 3, opacity: 0.85}; }})),
            L.geoJSON(base.railways, Object.assign({}, common, {style: function () {
              return {color: "#fff", weight: base.thin ? 0.8 : 1.5,
                      dashArray: base.thin ? "3 3" : "4 4", opacity: 0.95}; }}))
          ]);
          var towns = L.layerGroup();
          var labels = L.layerGroup();
          base.labels.forEach(function (l) {
            var dot = l.kind === "town";
            var marker = L.circleMarker([l.lat, l.lon], {pane: dot ? "markerPane" : "bkBase",
              interactive: false, radius: dot ? 3 : 0, weight: dot ? 1 : 0, color: "#fff",
              fillColor: "#333", fillOpacity: dot ? 1 : 0, opacity: dot ? 1 : 0});
            marker.bindTooltip(text(l.text), {permanent: true, interactive: false,
              direction: dot ? "right" : "center",
              className: "bk-label bk-base bk-" + (dot ? "town" : l.kind),
              bkPriority: l.priority, bkBase: true, bkGap: dot ? 5 : 0,
              bkArea: l.area ? base[l.area[0]].features[l.area[1]].geometry.coordinates : null});
            (dot ? towns : l.kind === "country" ? countries : water).addLayer(marker);
          });
          countries.addTo(map); water.addTo(map); historic.addTo(map); railways.addTo(map);
          towns.addTo(map);
          // With the tiles switched on, the country fills let them show through.
          map.on("overlayadd overlayremove", function (e) {
            if (!(e.layer instanceof L.TileLayer)) return;
            var tiles = e.type === "overlayadd";
            countries.eachLayer(function (layer) {
              if (layer.setStyle && layer.options.radius === undefined) {
                layer.setStyle({fillOpacity: tiles ? 0.2 : 1});
              }
            });
          });
          setTimeout(function () {
            var control = places.control();
            if (!control) return;
            var add = function (layer, key, has) {
              if (has) control.addOverlay(layer, keys[key] + names[key]);
            };
            add(countries, "countries", true);
            add(water, "water", base.water.features.length > 0);
            add(historic, "historic", base.historic.features.length > 0);
            add(railways, "railways", base.railways.features.length > 0);
            add(towns, "towns", base.labels.some(function (l) { return l.kind === "town"; }));
          }, 0);
        })({{ this._parent.get_name() }}, {{ this.data_json }}, {{ this.names|tojson }},
           {{ this.keys|tojson }}, {control: function () { return {{ this.control_name }}; }});
        {% endmacro %}
    """)
    )

    def __init__(self, layers: dict, names: dict) -> None:
        super().__init__()
        self._name = "VectorBase"
        self.layers = layers
        self.names = names
        self.keys = _KEYS
        self.control = None

    def render(self, **kwargs):
        # Chapter places close to a base town stand in for it (no two dots for one town).
        chapter_points = getattr(self._parent, "_bk_places", [])
        # Places added from the book's own table (Töretam) are kept: they are not towns.
        labels = [
            label
            for label in self.layers["labels"]
            if label["kind"] != "town"
            or label.get("extra")
            or not any(
                _km(label["lat"], label["lon"], lat, lon) < 20 for lat, lon in chapter_points
            )
        ]
        data = {**self.layers, "labels": labels}
        # The geometry as whole numbers, each point the step from the one before (TopoJSON's
        # quantisation and delta encoding): a third fewer bytes, gzipped, than plain GeoJSON.
        for layer in ("countries", "water", "historic", "railways"):
            data[layer] = {
                **data[layer],
                "features": [
                    {
                        **item,
                        "geometry": {
                            **item["geometry"],
                            "coordinates": _encode(
                                item["geometry"]["coordinates"], self.layers["grid"]
                            ),
                        },
                    }
                    for item in data[layer]["features"]
                ],
            }
        # Label names are data: no "</script>" and no Jinja tag (branca renders scripts twice).
        self.data_json = script_json(data)
        # The layer control by its variable (folium declares it with `let`: not a property of
        # window), read once the map's script has run.
        self.control_name = self.control.get_name() if self.control else "null"
        super().render(**kwargs)


class _LabelPlacement(MacroElement):
    """Places every permanent label of the map so that none overlaps another label, a marker or a
    map control, at the map's size and zoom, again after every zoom, resize or layer change."""

    _template = Template(
        _compact("""
        {% macro script(this, kwargs) %}
        (function (map) {
          var pad = 2;
          function rect(el) { var r = el.getBoundingClientRect();
            return {l: r.left - pad, t: r.top - pad, r: r.right + pad, b: r.bottom + pad}; }
          function hit(a, b) { return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b; }
          // An area's label (a country, a sea) must name the shape it sits on: its middle stays
          // inside the area's polygons ([lon, lat] rings, holes after the outer ring). Offsets
          // are in pixels, so without this a label moved aside on a small map lands in the
          // next country.
          function inRing(x, y, ring) {
            var inside = false;
            for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
              var a = ring[i], b = ring[j];
              if ((a[1] > y) !== (b[1] > y)
                  && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
            }
            return inside;
          }
          function onArea(r, polygons, box) {
            var at = map.containerPointToLatLng(
              L.point((r.l + r.r) / 2 - box.left, (r.t + r.b) / 2 - box.top));
            return polygons.some(function (rings) {
              return inRing(at.lng, at.lat, rings[0])
                && !rings.slice(1).some(function (hole) { return inRing(at.lng, at.lat, hole); });
            });
          }
          function candidates(tip) {
            var g = tip.options.bkGap || 0, pref = tip._bkPref;
            if (pref === "center") {
              // Area labels (countries, seas, lakes) may move off their point: countries further.
              var far = /bk-country/.test(tip.options.className), tries = [];
              var xs = far ? [0, -40, 40, -80, 80, -130, 130] : [0, -25, 25, -45, 45];
              var ys = far ? [0, -18, 18, -36, 36, -60, 60, -90, 90] : [0, -14, 14, -28, 28];
              xs.forEach(function (x) {
                ys.forEach(function (y) { tries.push(["center", x, y]); });
              });
              tries.sort(function (a, b) {
                return Math.hypot(a[1], a[2] * 1.5) - Math.hypot(b[1], b[2] * 1.5);
              });
              return tries;
            }
            // Beside the point first (the preferred side, then the others), then further out,
            // for a point in a crowd (pads around a town).
            var all = [];
            [1, 2.2, 3.6].forEach(function (k) {
              var ring = [["right", g * k, 0], ["left", -g * k, 0], ["top", 0, -g * k],
                          ["bottom", 0, g * k], ["right", g * k, -9 * k], ["right", g * k, 9 * k],
                          ["left", -g * k, -9 * k], ["left", -g * k, 9 * k]];
              ring.sort(function (a, b) { return (b[0] === pref) - (a[0] === pref); });
              all = all.concat(ring);
            });
            return all;
          }
          function place() {
            var container = map.getContainer();
            var box = container.getBoundingClientRect();
            var inside = {l: box.left + 2, t: box.top + 2, r: box.right - 2, b: box.bottom - 2};
            var taken = [];
            container.querySelectorAll(".leaflet-control").forEach(function (el) {
              var r = el.getBoundingClientRect();
              if (r.width && r.height) taken.push(rect(el));
            });
            var items = [], dots = [];
            map.eachLayer(function (layer) {
              var tip = layer.getTooltip && layer.getTooltip();
              if (layer instanceof L.CircleMarker && !(layer instanceof L.Circle) && layer._path
                  && layer.options.radius > 0 && !(tip && tip.options.bkBase)) {
                dots.push({layer: layer, r: rect(layer._path)});
              }
              if (tip && tip.options.permanent && tip._container) {
                if (tip._bkPref === undefined) tip._bkPref = tip.options.direction || "right";
                var base = !!tip.options.bkBase;
                if (!base && tip.options.bkGap === undefined) {
                  tip.options.bkGap = (layer.options.radius || 0) + 3;
                }
                items.push({layer: layer, tip: tip, base: base, order: items.length,
                            priority: base ? tip.options.bkPriority : -1});
              }
            });
            items.sort(function (a, b) { return a.priority - b.priority || a.order - b.order; });
            items.forEach(function (item) {
              var tip = item.tip, el = tip._container, own = item.layer;
              var chosen = null, dotRect = null;
              if (item.base && own.options.radius > 0 && own._path) {
                own.setStyle({opacity: 1, fillOpacity: 1});
                dotRect = rect(own._path);
                if (taken.some(function (t) { return hit(dotRect, t); })) dotRect = "blocked";
              }
              if (dotRect !== "blocked") {
                el.style.visibility = "";
                var tries = candidates(tip);
                for (var i = 0; i < tries.length && !chosen; i++) {
                  tip.options.direction = tries[i][0];
                  tip.options.offset = L.point(tries[i][1], tries[i][2]);
                  tip.update();
                  var r = rect(el);
                  var ok = r.l >= inside.l && r.t >= inside.t && r.r <= inside.r && r.b <= inside.b
                    && !taken.some(function (t) { return hit(r, t); })
                    && !dots.some(function (d) { return d.layer !== own && hit(r, d.r); })
                    && (!tip.options.bkArea || onArea(r, tip.options.bkArea, box));
                  if (ok) chosen = r;
                }
              }
              if (chosen) {
                taken.push(chosen);
                if (dotRect && dotRect !== "blocked") taken.push(dotRect);
              } else {
                el.style.visibility = "hidden";
                if (item.base && own.options.radius > 0) own.setStyle({opacity: 0, fillOpacity: 0});
              }
              el.dataset.bkPlaced = chosen ? "yes" : "no";
            });
            container.dataset.bkLabelsPlaced = String(Date.now());
          }
          var pending = null;
          function later() {
            if (pending) cancelAnimationFrame(pending);
            pending = requestAnimationFrame(function () { pending = null; place(); });
          }
          map.on("zoomend moveend resize overlayadd overlayremove", later);
          setTimeout(place, 0);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelPlacement"


# --- preparing the base layers for one view --------------------------------------------------


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _visible_box(south: float, west: float, north: float, east: float) -> tuple:
    """What a map fitted to these bounds may show: the bounds widened to any shape of map from
    a phone's (about 1.2:1 wide) to a desktop's (about 2.2:1), zoom snapping and some panning."""
    width, height = math.radians(east - west), _mercator_y(north) - _mercator_y(south)
    grow = 1.35
    shown_w = max(width, height * 2.2) * grow
    shown_h = max(height, width / 1.2) * grow
    middle_y = (_mercator_y(north) + _mercator_y(south)) / 2
    middle_x = (east + west) / 2
    half_w = math.degrees(shown_w) / 2
    return (
        max(_latitude(middle_y - shown_h / 2), -85.0),
        max(middle_x - half_w, -180.0),
        min(_latitude(middle_y + shown_h / 2), 85.0),
        min(middle_x + half_w, 180.0),
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker: drop vertices within ``tolerance`` degrees of the simplified line."""
    if len(points) <= 2:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first][0], points[first][1]
        bx, by = points[last][0], points[last][1]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i][0], points[i][1]
            d = (
                abs(dy * px - dx * py + bx * ay - by * ax) / length
                if length
                else math.hypot(px - ax, py - ay)
            )
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _on_data_edge(point) -> bool:
    south, west, north, east = DATA_BOX
    return (
        abs(point[0] - west) < 1e-9
        or abs(point[0] - east) < 1e-9
        or abs(point[1] - south) < 1e-9
        or abs(point[1] - north) < 1e-9
    )


def _simplify_ring(ring: list, tolerance: float) -> list:
    """Simplify a ring, keeping the vertices on the data's box (the extracts are cut there, and
    the map leaves that cut out of the borders it draws)."""
    fixed = [i for i, point in enumerate(ring) if _on_data_edge(point)]
    if not fixed:
        return _simplify(ring, tolerance)
    out = []
    for start, end in zip([0] + fixed, fixed + [len(ring) - 1]):
        if end > start:
            piece = _simplify(ring[start : end + 1], tolerance)
            out.extend(piece if not out else piece[1:])
    return out


def _clip_ring(ring: list, box: tuple) -> list:
    """Sutherland–Hodgman clip of a closed ring [[lon, lat], ...] to box (s, w, n, e)."""
    south, west, north, east = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points + points[:1] if len(points) >= 3 else []


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return [x, a[1] + t * (b[1] - a[1])]


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return [a[0] + t * (b[0] - a[0]), y]


def _clip_line(line: list, box: tuple) -> list:
    """Cut a line [[lon, lat], ...] to box (s, w, n, e): the parts inside, each a list."""
    south, west, north, east = box
    parts, current = [], []
    for a, b in zip(line[:-1], line[1:]):
        segment = _clip_segment(a, b, west, south, east, north)
        if segment is None:
            if len(current) >= 2:
                parts.append(current)
            current = []
            continue
        start, end = segment
        if current and current[-1] == start:
            current.append(end)
        else:
            if len(current) >= 2:
                parts.append(current)
            current = [start, end]
        if end != list(b):
            parts.append(current)
            current = []
    if len(current) >= 2:
        parts.append(current)
    return parts


def _clip_segment(a, b, xmin, ymin, xmax, ymax):
    """Liang–Barsky: the part of segment a-b inside the box, or None."""
    x0, y0 = a[0], a[1]
    dx, dy = b[0] - x0, b[1] - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - xmin), (dx, xmax - x0), (-dy, y0 - ymin), (dy, ymax - y0)):
        if p == 0:
            if q < 0:
                return None
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return None
    start = [x0 + t0 * dx, y0 + t0 * dy] if t0 > 0 else [x0, y0]
    end = [x0 + t1 * dx, y0 + t1 * dy] if t1 < 1 else [b[0], b[1]]
    return start, end


def _encode(coordinates: list, grid: int) -> list:
    """GeoJSON coordinates (points [lon, lat] in nested lists, on a grid of ``grid`` steps a
    degree) with each list of points written as one flat list of whole numbers: the first point
    in grid steps, every other one as its steps from the one before. The map's script decodes it
    (``decode``)."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        raise ValueError(f"expected a list of points or of lists, got {coordinates[:4]!r}")
    if not (coordinates and coordinates[0] and isinstance(coordinates[0][0], (int, float))):
        return [_encode(part, grid) for part in coordinates]
    out, last_x, last_y = [], 0, 0
    for lon, lat in coordinates:
        x, y = round(lon * grid), round(lat * grid)
        out += [x - last_x, y - last_y]
        last_x, last_y = x, y
    return out


def _decode(encoded: list, grid: int) -> list:
    """The coordinates _encode wrote (what the map's script does, for the tests)."""
    if not encoded or not isinstance(encoded[0], (int, float)):
        return [_decode(part, grid) for part in encoded]
    out, x, y = [], 0, 0
    for step_x, step_y in zip(encoded[::2], encoded[1::2]):
        x, y = x + step_x, y + step_y
        out.append([x / grid, y / grid])
    return out


def _round(points: list, grid: int) -> list:
    """Points moved to the nearest point of a grid of ``grid`` steps a degree (100: 0.01°),
    without repeats."""
    out = []
    for lon, lat in points:
        point = [round(lon * grid) / grid, round(lat * grid) / grid]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def _lines(geometry: dict) -> list:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiLineString":
        return geometry["coordinates"]
    return []


def _prepare_polygons(geometry: dict, box: tuple, tolerance: float, grid: int) -> list:
    """Polygons cut to ``box`` and simplified: a list of polygons (lists of rings)."""
    out = []
    for polygon in _polygons(geometry):
        rings = []
        for index, ring in enumerate(polygon):
            clipped = _clip_ring(_simplify_ring(ring, tolerance), box)
            clipped = _round(clipped, grid)
            if len(clipped) >= 4:
                rings.append(clipped)
            elif index == 0:
                break
        if rings and len(rings[0]) >= 4:
            out.append(rings)
    return out


def _prepare_lines(geometry: dict, box: tuple, tolerance: float, grid: int) -> list:
    out = []
    for line in _lines(geometry):
        for part in _clip_line(_simplify(line, tolerance), box):
            part = _round(part, grid)
            if len(part) >= 2:
                out.append(part)
    return out


def _ring_area(ring: list) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring[:-1], ring[1:]))) / 2


def _inside(point, ring) -> bool:
    x, y = point
    found = False
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            found = not found
    return found


def _edge_distance(point, rings, scale) -> float:
    x, y = point[0] * scale, point[1]
    best = float("inf")
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
            x1, x2 = x1 * scale, x2 * scale
            dx, dy = x2 - x1, y2 - y1
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
            best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def _label_point(polygons: list, view: tuple) -> list | None:
    """A point well inside the largest part of ``polygons`` within ``view`` (grid search for the
    point farthest from the edges, a cheap pole of inaccessibility)."""
    parts = [p for p in polygons if p and len(p[0]) >= 4]
    if not parts:
        return None
    rings = max(parts, key=lambda p: _ring_area(p[0]))
    clipped = _clip_ring(rings[0], view)
    if len(clipped) < 4:
        return None
    rings = [clipped] + [r for r in (_clip_ring(h, view) for h in rings[1:]) if len(r) >= 4]
    xs, ys = [p[0] for p in clipped], [p[1] for p in clipped]
    scale = math.cos(math.radians((min(ys) + max(ys)) / 2))
    step_x, step_y = (max(xs) - min(xs)) / 12, (max(ys) - min(ys)) / 12
    best, best_d = None, -1.0
    for pass_ in range(2):
        cx, cy = best if best else ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        span = 6 if pass_ == 0 else 3
        for i in range(-span, span + 1):
            for j in range(-span, span + 1):
                point = (cx + i * step_x, cy + j * step_y)
                if not _inside(point, rings[0]) or any(_inside(point, h) for h in rings[1:]):
                    continue
                d = _edge_distance(point, rings, scale)
                if d > best_d:
                    best, best_d = point, d
        step_x, step_y = step_x / 3, step_y / 3
    return [round(best[0], 4), round(best[1], 4)] if best else None


def _name(properties: Mapping, language: str) -> str | None:
    """The label of a feature in ``language``, from its data; English names that NE gives as an
    administrative unit ("… District", "… County") fall back to the local name."""
    local = properties.get("name")
    if language == "fr":
        return properties.get("name_fr") or local
    english = properties.get("name_en")
    if english and not english.endswith((" District", " County", " City")):
        return english
    return local


def _span(south: float, west: float, north: float, east: float) -> float:
    """How wide a view is, in degrees: its width, or its height if that is the larger (a
    degree of latitude drawn about 1.4 times as tall as one of longitude at these latitudes)."""
    return max(east - west, (north - south) * 1.4)


def _detail(span: float) -> tuple[float, int]:
    """The base map's detail for a view ``span`` degrees wide: the simplification tolerance (in
    degrees) and the grid its coordinates are rounded to (steps a degree: 100 is 0.01°).

    A map is about 700 px wide on a desktop (half that on a phone). Close-ups, up to 12 degrees,
    are drawn as before, at full detail: a tolerance of span/800 and 0.001° (or
    0.0001° under 1.5 degrees). Wider views have more than a kilometre to a pixel: a tolerance of
    about a pixel (span/600, span/500 past 30 degrees) and a grid of a third of a pixel or less
    (0.01°, 0.02° past 30 degrees). Nothing a reader can see goes; the bytes are halved.
    """
    if span > 30:
        return span / 500, 50
    if span > 12:
        return span / 600, 100
    return span / 800, (1000 if span > 1.5 else 10000)


@lru_cache(maxsize=32)
def base_layers(bounds: tuple, language: str = "en", focus: str = "KAZ") -> dict:
    """The base map's layers for a view ``bounds`` ((south, west), (north, east)): GeoJSON cut to
    the view and a margin around it, simplified to the view's scale, and the labels to try.

    Returns a dict with ``countries``, ``water``, ``historic``, ``railways`` (GeoJSON
    FeatureCollections), ``labels`` (dicts with text, lat, lon, kind and priority: the lower,
    the earlier it is placed) and ``grid``, the steps a degree of the coordinates (see _detail).
    """
    from .data import load_geojson, load_table

    (south, west), (north, east) = bounds
    span = _span(south, west, north, east)
    box = _visible_box(south, west, north, east)
    view = (south, west, north, east)
    tolerance, grid = _detail(span)
    # What the view's scale shows: bigger views keep only the more important features.
    wide, middle = span > 15, span > 4
    town_rank = 4 if wide else 7 if middle else 10
    lake_rank = 4 if wide else 7 if middle else 10
    river_rank = 5 if wide else 10
    rail_rank = 6 if wide else 10

    def collection(features):
        return {"type": "FeatureCollection", "features": features}

    def feature(kind, coordinates, properties):
        return {
            "type": "Feature",
            "properties": properties,
            "geometry": {"type": kind, "coordinates": coordinates},
        }

    labels = []
    countries = []
    detailed = load_geojson(BASE_LAYERS["countries"])["features"]
    colours = {f["properties"].get("iso_a3"): f["properties"].get("mapcolor9") for f in detailed}
    south_, west_, north_, east_ = DATA_BOX
    if box[0] < south_ or box[1] < west_ or box[2] > north_ or box[3] > east_:
        for item in load_geojson(BASE_LAYERS["context"])["features"]:
            iso = item["properties"].get("iso_a3") or ""
            polygons = _prepare_polygons(item["geometry"], box, tolerance, grid)
            if polygons:
                countries.append(
                    feature(
                        "MultiPolygon",
                        polygons,
                        {"c": colours.get(iso) or sum(map(ord, iso)) % 9, "focus": iso == focus},
                    )
                )
    for item in detailed:
        props = item["properties"]
        polygons = _prepare_polygons(item["geometry"], box, tolerance, grid)
        if not polygons:
            continue
        countries.append(
            feature(
                "MultiPolygon",
                polygons,
                {
                    "c": props.get("mapcolor9") or 0,
                    "d": 1,
                    "focus": props.get("adm0_a3") == focus,
                    "iso": props.get("adm0_a3"),
                },
            )
        )
        anchor = [props.get("label_lon"), props.get("label_lat")]
        inset = ((north - south) * 0.08, (east - west) * 0.08)
        if not (
            south + inset[0] <= anchor[1] <= north - inset[0]
            and west + inset[1] <= anchor[0] <= east - inset[1]
        ):
            anchor = _label_point(polygons, view)
        if anchor:
            focus_first = 5 if props.get("adm0_a3") == focus else 10
            labels.append(
                {
                    "text": _name(props, language),
                    "lon": anchor[0],
                    "lat": anchor[1],
                    "kind": "country",
                    "priority": focus_first + (props.get("labelrank") or 0),
                    # The shape the label must stay inside: its country's feature.
                    "area": ["countries", len(countries) - 1],
                }
            )

    water, historic = [], []
    for item in load_geojson(BASE_LAYERS["water"])["features"]:
        props = item["properties"]
        kind, rank = props["kind"], props.get("scalerank") or 0
        name = _name(props, language)
        if kind == "river":
            if rank > river_rank:
                continue
            parts = _prepare_lines(item["geometry"], box, tolerance, grid)
            if not parts:
                continue
            water.append(feature("MultiLineString", parts, {"major": rank <= 5}))
            in_view = [p for part in _clip_line_parts(parts, view) for p in [part]]
            if name and in_view:
                longest = max(in_view, key=len)
                lon, lat = longest[len(longest) // 2]
                labels.append(
                    {"text": name, "lon": lon, "lat": lat, "kind": "water", "priority": 60 + rank}
                )
            continue
        if kind == "lake" and rank > lake_rank:
            continue
        polygons = _prepare_polygons(item["geometry"], box, tolerance, grid)
        if not polygons:
            continue
        if kind == "historic_lake":
            historic.append(feature("MultiPolygon", polygons, {}))
            continue
        water.append(feature("MultiPolygon", polygons, {}))
        anchor = _label_point(polygons, view) if name else None
        if anchor:
            labels.append(
                {
                    "text": name,
                    "lon": anchor[0],
                    "lat": anchor[1],
                    "kind": "water",
                    "priority": (20 if kind == "sea" else 30) + rank,
                    "area": ["water", len(water) - 1],
                }
            )

    railways = []
    for item in load_geojson(BASE_LAYERS["railways"])["features"]:
        if (item["properties"].get("scalerank") or 0) > rail_rank:
            continue
        parts = _prepare_lines(item["geometry"], box, tolerance, grid)
        if parts:
            railways.append(feature("MultiLineString", parts, {}))

    towns = []
    for item in load_geojson(BASE_LAYERS["places"])["features"]:
        props = item["properties"]
        lon, lat = item["geometry"]["coordinates"][:2]
        rank = props.get("scalerank") or 0
        if rank <= town_rank and south <= lat <= north and west <= lon <= east:
            towns.append(
                {
                    "text": _name(props, language),
                    "lon": lon,
                    "lat": lat,
                    "kind": "town",
                    "priority": 40 + rank,
                }
            )
    extra = load_table(BASE_LAYERS["extra_places"])
    for row in extra.itertuples():
        text = row.name_fr if language == "fr" and row.name_fr else row.name
        if row.scalerank <= town_rank and south <= row.lat <= north and west <= row.lon <= east:
            towns.append(
                {
                    "text": str(text),
                    "lon": float(row.lon),
                    "lat": float(row.lat),
                    "kind": "town",
                    "priority": 40 + int(row.scalerank),
                    "extra": True,
                }
            )
    labels += towns
    labels.sort(key=lambda label: label["priority"])
    # One label per name (a river comes in several pieces): the first, most important one.
    seen, unique = set(), []
    for label in labels:
        if (label["kind"], label["text"]) not in seen:
            seen.add((label["kind"], label["text"]))
            unique.append(label)
    labels = unique
    return {
        "countries": collection(countries),
        "water": collection(water),
        "historic": collection(historic),
        "railways": collection(railways),
        "labels": labels,
        "thin": wide,
        "box": [south_, west_, north_, east_],
        "grid": grid,
        # Where the view's geometry was cut (on the grid, as the map decodes it).
        "clip": [round(value * grid) / grid for value in box],
    }


def _clip_line_parts(parts: list, view: tuple) -> list:
    return [piece for part in parts for piece in _clip_line(part, view)]


# --- chapter layers --------------------------------------------------------------------------


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
    carry the same border twice (Kazakhstan's is about 23 KB), and the two outlines cannot
    differ. Otherwise the boundary is cut to what the map may show and simplified to its scale
    like the base map; a feature that had to be cut is drawn as its area (no outline) and its
    outline without the cut, so the cut never shows as a line."""
    owner = _owning_map(fmap)
    view = getattr(owner, "_bk_view", None)
    countries = _countries_in_base(owner, geojson)
    if countries:
        names = [str((f.get("properties") or {}).get("name") or "") for f in geojson["features"]]
        layer = _BaseBoundary(countries, name=name, colour=colour, tooltip=", ".join(names))
        layer.add_to(fmap)
        return layer
    if view is not None:
        geojson = _boundary_for_view(geojson, view)

    def style(feature):
        part = feature["properties"].get("bk_part")
        return {
            "color": colour,
            "weight": 2,
            "stroke": part != "area",
            "fill": part != "outline",
            "fillColor": colour,
            "fillOpacity": 0.08,
        }

    # folium's GeoJsonTooltip writes property values into the tooltip's HTML as they are.
    geojson = {
        **geojson,
        "features": [
            {
                **f,
                "properties": {
                    **f["properties"],
                    "name": html_text(f["properties"].get("name", "")),
                },
            }
            for f in geojson["features"]
        ],
    }
    layer = folium.GeoJson(
        geojson,
        name=name,
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    )
    layer.add_to(fmap)
    return layer


def _countries_in_base(fmap, geojson: Mapping) -> list[str]:
    """The ISO codes of ``geojson``'s features if the map's base draws every one of them whole
    (see add_boundary), else an empty list."""
    base = getattr(fmap, "_bk_base", None)
    features = list(geojson.get("features") or [])
    if base is None or not features:
        return []
    in_base = {
        item["properties"].get("iso")
        for item in base.layers["countries"]["features"]
        if item["properties"].get("d")
    }
    south, west, north, east = DATA_BOX
    codes = []
    for item in features:
        properties = item.get("properties") or {}
        code = properties.get("iso_a3") or properties.get("adm0_a3")
        points = [
            point
            for polygon in _polygons(item.get("geometry") or {"type": None})
            for ring in polygon
            for point in ring
        ]
        inside = points and all(
            west < lon < east and south < lat < north for lon, lat, *_ in points
        )
        if code not in in_base or not inside:
            return []
        codes.append(code)
    return codes


class _BaseBoundary(folium.map.Layer):
    """A country's boundary drawn from the base map's copy of it (see add_boundary): its area
    lightly filled, and its outline without the stretches where the base's data was cut."""

    _template = Template(
        _compact("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map, codes, colour, tip) {
          var base = map._bkBase, group = L.featureGroup();
          var near = function (v, w) { return Math.abs(v - w) < 1e-6; };
          var cut = function (a, b) {
            return [base.box, base.clip].some(function (e) {
              return (a[0] === b[0] && (near(a[0], e[1]) || near(a[0], e[3])))
                  || (a[1] === b[1] && (near(a[1], e[0]) || near(a[1], e[2])));
            });
          };
          base.countries.features.forEach(function (f) {
            if (!f.properties.d || codes.indexOf(f.properties.iso) < 0) return;
            var lines = [];
            f.geometry.coordinates.forEach(function (polygon) { polygon.forEach(function (ring) {
              var line = [];
              for (var i = 0; i + 1 < ring.length; i++) {
                var a = ring[i], b = ring[i + 1];
                if (cut(a, b)) { if (line.length > 1) lines.push(line); line = []; continue; }
                if (!line.length) line.push([a[1], a[0]]);
                line.push([b[1], b[0]]);
              }
              if (line.length > 1) lines.push(line);
            }); });
            group.addLayer(L.geoJSON(f, {style: function () {
              return {stroke: false, fillColor: colour, fillOpacity: 0.08}; }}));
            group.addLayer(L.polyline(lines, {color: colour, weight: 2}));
          });
          group.bindTooltip(tip, {sticky: true});
          return group;
        })({{ this.map_name }}, {{ this.codes|tojson }}, {{ this.colour|tojson }},
           {{ this.tooltip|tojson }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
    """)
    )

    def __init__(self, codes: list[str], *, name: str, colour: str, tooltip: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Boundary"
        self.codes = list(codes)
        self.colour = colour
        self.tooltip = html_text(tooltip)

    def render(self, **kwargs):
        self.map_name = _owning_map(self).get_name()
        super().render(**kwargs)


def _boundary_for_view(geojson: Mapping, view: tuple) -> dict:
    """A boundary's features cut to the view's visible box and simplified like the base map."""
    box = _visible_box(*view)
    tolerance, grid = _detail(_span(*view))
    edges = [round(value * grid) / grid for value in box]  # south, west, north, east
    features = []
    for index, item in enumerate(geojson.get("features", [])):
        geometry = item.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(
                f"a boundary is drawn from polygons: feature {index} "
                f"({(item.get('properties') or {}).get('name')!r}) is a {geometry.get('type')!r}"
            )
        properties = dict(item.get("properties") or {})
        polygons = [
            [_round(_simplify(ring, tolerance), grid) for ring in polygon]
            for polygon in _polygons(geometry)
        ]
        polygons = [[ring for ring in polygon if len(ring) >= 4] for polygon in polygons]
        polygons = [polygon for polygon in polygons if polygon]
        south, west, north, east = box
        if all(
            west <= lon <= east and south <= lat <= north
            for polygon in polygons
            for ring in polygon
            for lon, lat in ring
        ):  # all of it in view: one stroked and filled area
            features.append(_feature("MultiPolygon", polygons, properties))
            continue
        cut = []
        for polygon in polygons:
            rings = [_round(_clip_ring(ring, box), grid) for ring in polygon]
            if len(rings[0]) >= 4:
                cut.append([ring for ring in rings if len(ring) >= 4])
        if not cut:
            continue
        outline = [
            line for polygon in cut for ring in polygon for line in _without_box_edges(ring, edges)
        ]
        features.append(_feature("MultiPolygon", cut, {**properties, "bk_part": "area"}))
        if outline:
            features.append(
                _feature("MultiLineString", outline, {**properties, "bk_part": "outline"})
            )
    return {"type": "FeatureCollection", "features": features}


def _feature(kind: str, coordinates: list, properties: dict) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def _without_box_edges(ring: list, edges: list) -> list:
    """The lines of a ring cut to a box, without its stretches along the box's edges."""
    south, west, north, east = edges

    def same(u, v):
        return abs(u - v) < 1e-9

    def along(a, b):
        return (same(a[0], b[0]) and (same(a[0], west) or same(a[0], east))) or (
            same(a[1], b[1]) and (same(a[1], south) or same(a[1], north))
        )

    lines, line = [], []
    for a, b in zip(ring[:-1], ring[1:]):
        if along(a, b):
            if len(line) > 1:
                lines.append(line)
            line = []
            continue
        if not line:
            line.append(a)
        line.append(b)
    if len(line) > 1:
        lines.append(line)
    return lines


def popup_html(title: str, lines: Iterable[str] = ()) -> str:
    """Popup content from plain text: a bold title and one line per item, all HTML-escaped."""
    body = "".join(f"<br>{html_text(str(line))}" for line in lines if str(line).strip())
    return f"<strong>{html_text(str(title))}</strong>{body}"


def _owning_map(layer) -> folium.Map | None:
    while layer is not None and not isinstance(layer, folium.Map):
        layer = getattr(layer, "_parent", None)
    return layer


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
