"""Map layers shared by the chapters: a folium base map in the house style, borders and places.

House rules these helpers enforce:

* Vector layers carry the meaning (borders, places, labels); map tiles are only a backdrop, so a
  map still makes sense offline or with tiles blocked.
* Only Leaflet is loaded: the circle markers, popups, tooltips and layer control used here need
  nothing else, and the built book serves Leaflet from its own ``_static/``.
* Every map has a title (the map document's ``<title>``, which the book copies to the iframe's
  ``title`` for screen readers).
* Popup and label text comes from data and is HTML-escaped.
"""

from __future__ import annotations

import html
from typing import Iterable, Mapping

import folium
from branca.element import MacroElement
from jinja2 import Template

from .i18n import tr
from .style import COLOURS

__all__ = ["LEAFLET_CSS", "LEAFLET_JS", "add_boundary", "add_place", "base_map", "popup_html"]

# The URLs folium itself uses. Jupyter fetches them from the CDN; the book build rewrites them to
# its self-hosted copy of the same npm package (see baikonur_sphinx.assets).
LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css"

# Inside the map's own document: a neutral background where tiles are missing, readable labels.
_MAP_CSS = """
<style>
  html, body { margin: 0; }
  .leaflet-container { background: #e8edf1; font: 13px/1.4 system-ui, sans-serif; }
  .leaflet-tooltip.bk-label { background: rgba(255,255,255,0.85); border: 0; box-shadow: none;
                              padding: 0 3px; font-weight: 600; color: #1f2328; }
  .leaflet-tooltip.bk-label::before { display: none; }
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


def base_map(*, title: str, bounds: Iterable[Iterable[float]], credit: str,
             ratio: str = "62%", tiles: bool = True) -> folium.Map:
    """A folium map fitted to ``bounds`` ([[south, west], [north, east]]), titled ``title``.

    ``credit`` names the sources of the vector layers (shown in the map's attribution line, next
    to the tiles' own). ``ratio`` is the map's height as a share of its width. With ``tiles`` an
    OpenStreetMap backdrop is added as a base layer; the vector layers the chapter adds must
    carry the meaning on their own.
    """
    if not title or not title.strip():
        raise ValueError("a map needs a title: it is what a screen reader announces for it")
    if not credit or not credit.strip():
        raise ValueError("a map needs a credit line naming the sources of its data")
    bounds = [list(map(float, corner)) for corner in bounds]
    if len(bounds) != 2 or any(len(corner) != 2 for corner in bounds):
        raise ValueError(f"bounds must be [[south, west], [north, east]], got {bounds!r}")
    (south, west), (north, east) = bounds
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ValueError(f"bounds must be [[south, west], [north, east]] in degrees with "
                         f"south < north and west < east, got {bounds!r}")

    fmap = folium.Map(tiles=None, control_scale=True, zoom_snap=0.25, prefer_canvas=False)
    # Instance attributes: this map alone loads only Leaflet (folium's class default adds
    # jQuery, Bootstrap and icon fonts that these layers do not use).
    fmap.default_js = [("leaflet", LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    figure = fmap.get_root()
    figure.title = html.escape(title)
    figure.ratio = ratio
    figure.header.add_child(folium.Element(_MAP_CSS), name="baikonur_map_css")
    # Fit first: a tile layer added before would fetch, then cancel, tiles of the default view.
    fmap.fit_bounds(bounds)
    if tiles:
        folium.TileLayer("OpenStreetMap", name=tr("Background: OpenStreetMap")).add_to(fmap)
    _Attribution(credit).add_to(fmap)
    return fmap


class _Attribution(MacroElement):
    """Adds a line to the map's attribution control (it is shown even when tiles are off)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = html.escape(text)


def add_boundary(fmap: folium.Map | folium.FeatureGroup, geojson: Mapping, *, name: str,
                 colour: str = COLOURS["grey"]) -> folium.GeoJson:
    """Draw a country boundary (a GeoJSON FeatureCollection) as an outlined, lightly filled area."""
    layer = folium.GeoJson(
        geojson,
        name=name,
        style_function=lambda _feature: {"color": colour, "weight": 2, "fillColor": colour,
                                         "fillOpacity": 0.08},
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    )
    layer.add_to(fmap)
    return layer


def popup_html(title: str, lines: Iterable[str] = ()) -> str:
    """Popup content from plain text: a bold title and one line per item, all HTML-escaped."""
    body = "".join(f"<br>{html.escape(str(line))}" for line in lines if str(line).strip())
    return f"<strong>{html.escape(str(title))}</strong>{body}"


def add_place(layer: folium.Map | folium.FeatureGroup, *, lat: float, lon: float, name: str,
              popup_lines: Iterable[str] = (), colour: str, radius: float = 6,
              label: str | None = None, label_direction: str = "right") -> folium.CircleMarker:
    """A place as a circle marker with a popup; ``label`` adds a permanent text label beside it."""
    marker = folium.CircleMarker(
        location=[lat, lon], radius=radius, color="#ffffff", weight=1.5, fill=True,
        fill_color=colour, fill_opacity=1.0,
        popup=folium.Popup(popup_html(name, popup_lines), max_width=320),
        tooltip=None if label else html.escape(name),
    )
    if label:
        marker.add_child(folium.Tooltip(html.escape(label), permanent=True,
                                        direction=label_direction, class_name="bk-label"))
    marker.add_to(layer)
    return marker
