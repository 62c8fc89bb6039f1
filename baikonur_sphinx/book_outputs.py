"""The book's own outputs (self-checks, the claims table, exercise answers) drawn in the HTML book.

The helpers emit them as JSON of the book's own types (``application/vnd.baikonur.*+json``) with
an HTML fallback that JupyterLab and Colab show. This myst-nb mime renderer (registered, like
:mod:`baikonur_sphinx.plotly_output`, under the ``myst_nb.mime_renderers`` entry point) draws
the JSON instead, without the fallback's inline stylesheet and script, and marks the node it
writes with what it needs (``bk_assets``). When the page is written (:func:`add_page_assets`),
each page gets each stylesheet and script it needs once, read from the doctree: no page body is
parsed again. The files are the helpers' own (``baikonur/static``), served from ``_static/``.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from baikonur import claims_html, exercises, selfcheck, style

from .plotly_output import html_priorities, mime_payload

#: What each kind of output needs on its page: stylesheets and (deferred) scripts.
PAGE_ASSETS = {
    selfcheck.MIME: (selfcheck.STYLESHEET, selfcheck.SCRIPT),
    claims_html.MIME: (claims_html.STYLESHEET,),
    exercises.MIME: (),
    style.GEO_MAPS_MIME: (),  # the site serves the maps itself: nothing to draw
}
STATIC = Path(selfcheck.__file__).parent / "static"
#: The node attribute that carries what an output needs (kept in the cached doctree).
NEEDS = "bk_assets"


def output_html(mime_type: str, content: dict) -> str:
    if mime_type == selfcheck.MIME:
        return selfcheck.form_html(content)
    if mime_type == claims_html.MIME:
        return claims_html.table_html(content)
    return content["html"]


class BookOutputRenderer:
    """myst-nb mime renderer plugin for the book's own outputs (HTML builders only)."""

    mime_priority_overrides = html_priorities(*PAGE_ASSETS)

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type not in PAGE_ASSETS:
            return None
        content = mime_payload(data)
        if data.mime_type == style.GEO_MAPS_MIME:
            # Something to select over the notebook's JavaScript, which draws nothing either.
            return [nodes.comment("", "")]
        if data.mime_type == exercises.MIME:
            # What the solution printed, as myst-nb shows a cell's printed text; then its value.
            shown = []
            if content["printed"]:
                shown += renderer.render_stdout(
                    {"text": content["printed"]}, data.cell_metadata, data.cell_index, data.line
                )
            if content["html"]:
                shown += [
                    nodes.raw("", content["html"], format="html", classes=["output", "text_html"])
                ]
            return shown
        node = nodes.raw(
            "", output_html(data.mime_type, content), format="html", classes=["output", "text_html"]
        )
        node[NEEDS] = list(PAGE_ASSETS[data.mime_type])
        return [node]


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Each stylesheet and script the page's outputs need, once (``html-page-context``)."""
    if doctree is None:
        return
    needed = {name for node in doctree.findall(nodes.raw) for name in node.get(NEEDS, ())}
    for name in sorted(needed):
        if name.endswith(".css"):
            app.add_css_file(name)
        else:
            app.add_js_file(name, loading_method="defer")


def add_static_dir(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC))
