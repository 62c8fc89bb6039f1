"""Render Plotly's notebook output (``application/vnd.plotly.v1+json``) in the HTML book.

Notebooks keep Plotly's default output, a JSON mime bundle that JupyterLab, Binder, VS Code and
Colab draw natively. myst-nb does not know that mime type and would drop the figure with a
``mystnb.unknown_mime_type`` warning. This plugin (registered in ``pyproject.toml`` under the
``myst_nb.mime_renderers`` entry point) turns the JSON into a placeholder ``<div>`` carrying the
figure as inline JSON; ``static/plotly-figures.js`` draws it with the self-hosted plotly.js that
:mod:`baikonur_sphinx.assets` adds to pages that have figures, and only to those. The node it
writes records what the page needs for it (the trace types, the topojson maps of geo figures),
and a geo figure that would fetch map data from another host is reported here, as it is read.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from docutils import nodes

from baikonur.escaping import script_json

PLOTLY_MIME = "application/vnd.plotly.v1+json"
FIGURE_CLASS = "bk-plotly"
#: Node attributes (kept in the cached doctree) that say what a figure needs on its page.
TRACES, TOPOJSON = "bk_plotly_traces", "bk_topojson"
# Trace types that draw on plotly.js's own geo subplots (they need its topojson maps), and those
# that draw on tile maps (MapLibre styles and tiles from other hosts: not allowed in the book).
GEO_TRACES = frozenset({"scattergeo", "choropleth"})
TILE_MAP_TRACES = frozenset(
    {
        "scattermap",
        "choroplethmap",
        "densitymap",
        "scattermapbox",
        "choroplethmapbox",
        "densitymapbox",
    }
)
OTHER_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def figure_title(figure: dict[str, Any]) -> str:
    """The figure's title text, or "" (Plotly allows a string or a dict with ``text``)."""
    title = figure.get("layout", {}).get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return str(title or "")


def trace_types(figure: dict[str, Any]) -> list[str]:
    """The distinct trace types a figure uses (Plotly's default type is ``scatter``)."""
    return sorted({trace.get("type", "scatter") for trace in figure.get("data", [])})


def figure_html(figure: dict[str, Any]) -> str:
    """The placeholder for one figure: a div with its JSON inside a non-executed script tag."""
    title = figure_title(figure)
    label = html.escape(_plain_text(title) or "Plotly figure", quote=True)
    height = figure.get("layout", {}).get("height") or 450
    payload = figure_json(without_links(figure))
    return (
        f'<div class="{FIGURE_CLASS}" role="figure" aria-label="{label}" '
        f'style="min-height:{int(height)}px">'
        f'<script type="application/json" class="bk-plotly-json">{payload}</script></div>'
    )


def figure_json(figure: dict[str, Any]) -> str:
    """The figure as JSON that is safe inside a ``<script type="application/json">`` element:
    "</script>" would end it, "<!--<script>" would make the HTML parser swallow the rest of the
    page (``baikonur.escaping.script_json`` writes them as JSON escapes)."""
    return script_json(figure)


# Plotly draws <a href> in a figure's text (hover labels, annotations, titles) as a live link.
_LINK_TAG = re.compile(r"<(/?a)(?=[\s>/]|$)", re.I)


def without_links(value: Any) -> Any:
    """The figure with every ``<a …>`` tag in its strings made text (``&lt;a …>``, which Plotly
    shows as written): text in figures comes from data, and the book writes no link in one."""
    if isinstance(value, str):
        return _LINK_TAG.sub(r"&lt;\1", value)
    if isinstance(value, dict):
        return {key: without_links(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_links(item) for item in value]
    return value


def geo_figure_problems(figure: dict) -> list[str]:
    """What in a Plotly figure would make the browser fetch map data from another host."""
    problems = []
    config = figure.get("config") or {}
    url = config.get("topojsonURL")
    if url and OTHER_HOST.match(str(url)):
        problems.append(f"its config sets topojsonURL to {url}, another host")
    for index, trace in enumerate(figure.get("data") or []):
        kind = trace.get("type", "scatter")
        if kind in TILE_MAP_TRACES:
            problems.append(
                f"trace {index} is a {kind}, which draws tiles and styles from "
                f"other hosts: use scattergeo or choropleth (plotly.js draws their "
                f"maps from the site's own topojson)"
            )
        geojson = trace.get("geojson")
        if isinstance(geojson, str):
            problems.append(
                f"trace {index} ({kind}) loads its geojson from the URL {geojson}: "
                f"pass the GeoJSON itself (load it with baikonur.data.load_geojson)"
            )
    return problems


def topojson_names(figure: dict) -> set[str]:
    """The topojson files plotly.js fetches for a figure's geo subplots ("<scope>_<res>m")."""
    traces = figure.get("data") or []
    if not any(t.get("type", "scatter") in GEO_TRACES for t in traces):
        return set()
    layout = figure.get("layout") or {}
    used = {t.get("geo", "geo") for t in traces if t.get("type", "scatter") in GEO_TRACES}
    names = set()
    for axis in used:
        geo = layout.get(axis) or {}
        scope = str(geo.get("scope") or "world").replace(" ", "-")
        resolution = int(geo.get("resolution") or 110)
        names.add(f"{scope}_{resolution}m")
    return names


def _plain_text(title: str) -> str:
    """Plotly titles may hold <br>, <b>, <sup>… ; keep the words for the accessible label."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", title)).strip()


HTML_BUILDERS = ("html", "dirhtml", "singlehtml")


def html_priorities(*mime_types: str) -> list[tuple[str, str, int]]:
    """myst-nb priority overrides: on HTML builders, a bundle of the book's own type renders
    before widget views (10) and text/html (30), its notebook fallback."""
    return [(builder, mime, 5) for builder in HTML_BUILDERS for mime in mime_types]


def mime_payload(data) -> dict:
    """The JSON of a book output, whether myst-nb hands it over as text or already parsed."""
    content = data.content
    return json.loads(content) if isinstance(content, (str, bytes)) else dict(content)


class PlotlyFigureRenderer:
    """myst-nb mime renderer plugin for Plotly figures (HTML builders only)."""

    mime_priority_overrides = html_priorities(PLOTLY_MIME)

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != PLOTLY_MIME:
            return None
        figure = mime_payload(data)
        if inline:
            renderer.logger.warning(
                "a Plotly figure cannot be glued inline; glue it as a block ({glue:figure} or "
                "{glue}) or show it in its cell",
                subtype="plotly_inline",
                line=data.line,
            )
            return []
        if not figure_title(figure):
            renderer.logger.warning(
                f"Plotly figure in cell {data.cell_index} has no title: give it one that states "
                f"the finding (house style)",
                subtype="plotly_title",
                line=data.line,
            )
        for problem in geo_figure_problems(figure):
            renderer.logger.warning(
                f"Plotly figure in cell {data.cell_index} would fetch map data from another "
                f"host: {problem}",
                subtype="external_geo",
                line=data.line,
            )
        node = nodes.raw(
            "", figure_html(figure), format="html", classes=["output", "plotly-figure"]
        )
        node[TRACES] = trace_types(figure)
        node[TOPOJSON] = sorted(topojson_names(figure))
        return [node]
