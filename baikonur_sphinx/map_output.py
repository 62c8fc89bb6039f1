"""Render the book's map output (``application/vnd.baikonur.map+json``) in the HTML book.

A map cell (``baikonur.maps.base_map``) emits the map's document, its title, its ratio and the
npm folders it links (Leaflet), beside an HTML fallback for JupyterLab and Colab. This plugin
(registered in ``pyproject.toml`` under the ``myst_nb.mime_renderers`` entry point) turns it into
a node; when the page is written, the document becomes a file of the site,
``_static/maps/<hash>.html``, and the page gets a sandboxed iframe that loads it when the reader
nears it (``data-src``, see ``static/lazy-maps.js``): the page's HTML stays small, the frame's
box holds the map's place, and no map runs before the page's first paint. The document links
Leaflet (``_static/vendor/``) and the map's script and stylesheet (``baikonur/static/``, added to
the site's ``_static/``), each loaded once and cached across maps.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from baikonur.maps import MAP_MIME, STATIC_DIR

from . import assets
from .plotly_output import html_priorities, mime_payload

MAPS_DIR = "maps"
LAZY_MAPS_JS = "lazy-maps.js"


class map_frame(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes so)
    """A map: its document, title and ratio, and the npm folders it links."""


class MapRenderer:
    """myst-nb mime renderer plugin for the book's maps (HTML builders only)."""

    mime_priority_overrides = html_priorities(MAP_MIME)

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type != MAP_MIME:
            return None
        payload = mime_payload(data)
        if inline or not str(payload.get("title") or "").strip():
            renderer.logger.warning(
                "a map is shown as a block, with a title (build it with baikonur.maps.base_map)",
                subtype="map_output",
                line=data.line,
            )
            return []
        return [map_frame("", **{k: payload[k] for k in ("document", "title", "ratio", "vendor")})]


def visit_map_frame(self, node: map_frame) -> None:
    data = node["document"].encode("utf-8")
    name = f"{hashlib.sha256(data).hexdigest()[:16]}.html"
    target = Path(self.builder.outdir) / "_static" / MAPS_DIR / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    _written(self.builder.app).add(name)
    for package, folder in node["vendor"]:
        assets.needs_npm_dir(self.builder.app, package, folder)
    page = self.builder.get_target_uri(self.builder.current_docname)
    src = relative_uri(page, f"_static/{MAPS_DIR}/{name}")
    # The box (the map's ratio) holds its place until the map arrives. The map runs in a
    # sandbox: its scripts run in an origin of their own (no access to the page, its storage or
    # its cookies), and it cannot navigate the page or open windows.
    ratio = html.escape(node["ratio"])
    self.body.append(
        f'<div class="bk-map-box" style="width:100%">'
        f'<div style="position:relative;width:100%;height:0;padding-bottom:{ratio}">'
        f'<iframe title="{html.escape(node["title"])}" class="bk-map" sandbox="allow-scripts" '
        f'data-src="{html.escape(src)}" style="position:absolute;width:100%;height:100%;left:0;'
        f'top:0;border:none !important;" allowfullscreen></iframe></div></div>'
    )
    raise nodes.SkipNode


def _written(app: Sphinx) -> set[str]:
    if not hasattr(app, "_baikonur_maps"):
        app._baikonur_maps = {"maps": set(), "pages": set()}
    return app._baikonur_maps["maps"]


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    _written(app)
    app._baikonur_maps["pages"].add(pagename)
    if doctree is not None and next(iter(doctree.findall(map_frame)), None) is not None:
        app.add_js_file(LAZY_MAPS_JS, loading_method="defer", priority=502)


def drop_stale_maps(app: Sphinx, exception) -> None:
    """Map documents no page loads any more (a map's file is named after its content, so each
    edit leaves the old file behind). Only after a build that wrote every page: an incremental
    build leaves the maps of the pages it did not write."""
    written = _written(app)
    if exception is not None or not set(app.env.found_docs) <= app._baikonur_maps["pages"]:
        return
    for old in (Path(app.outdir) / "_static" / MAPS_DIR).glob("*.html"):
        if old.name not in written:
            old.unlink()


def _add_map_files(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> None:
    app.add_node(map_frame, html=(visit_map_frame, None))
    app.connect("config-inited", _add_map_files)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", drop_stale_maps)
