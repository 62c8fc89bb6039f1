"""The book's look: colour-blind-safe palette, Plotly house template, dates and numbers in words.

Colours are the Okabe–Ito palette, which stays distinct for the common colour-vision deficiencies.
Its black is left out (invisible in the theme's dark mode) and its yellow is kept for areas only
(too pale for lines and text on white). Figures have transparent backgrounds; the book's figure
script sets the text colour from the page, so one figure reads well in light and dark mode.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from . import i18n
from .i18n import format_date, format_int  # noqa: F401  (chapters import them from here)

__all__ = [
    "COLOURS",
    "PALETTE",
    "TEMPLATE_NAME",
    "add_source_note",
    "format_date",
    "format_int",
    "use_plotly_template",
]

#: Okabe–Ito colours by name.
COLOURS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "grey": "#999999",
}

#: Order in which categorical series take colours (lines and markers: no yellow).
PALETTE = [
    COLOURS[c]
    for c in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")
]

TEMPLATE_NAME = "baikonur"

# Grid lines in semi-transparent grey read on white and on the dark theme's near-black alike.
_GRID = "rgba(128, 128, 128, 0.25)"


def _house_template() -> go.layout.Template:
    axis = dict(
        gridcolor=_GRID,
        zerolinecolor=_GRID,
        linecolor=_GRID,
        ticks="outside",
        tickcolor=_GRID,
        title_standoff=8,
        automargin=True,
    )
    return go.layout.Template(
        layout=dict(
            colorway=PALETTE,
            # Decimal mark and thousands separator of the build's language ("1,546.5", "1 546,5").
            **({"separators": ",\u202f"} if i18n.language() == "fr" else {}),
            font=dict(
                family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                size=14,
                color="#1f2328",
            ),
            # Titles pinned to the top-left corner, clear of menus and legends below them.
            title=dict(
                x=0,
                xanchor="left",
                xref="container",
                y=1,
                yanchor="top",
                yref="container",
                pad=dict(t=12, l=4),
                font=dict(size=17),
            ),
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="rgba(0,0,0,0)",
            xaxis=axis,
            yaxis=axis,
            legend=dict(bgcolor="rgba(0,0,0,0)"),
            hoverlabel=dict(font=dict(family="system-ui, sans-serif")),
            # Buttons in a neutral translucent grey: readable on the light and the dark theme.
            updatemenudefaults=dict(
                bgcolor="rgba(128, 128, 128, 0.15)", bordercolor=_GRID, font=dict(size=12)
            ),
            margin=dict(l=10, r=10, t=70, b=70),
        )
    )


#: The output of :func:`geo_maps_offline` for the book, which serves the maps itself: it draws
#: nothing (baikonur_sphinx.book_outputs); notebooks run the JavaScript beside it.
GEO_MAPS_MIME = "application/vnd.baikonur.geo-maps+json"


def geo_maps_offline(name: str = "world_110m") -> None:
    """Let Plotly geo figures draw with no internet in a notebook (JupyterLab, Binder, VS Code).

    plotly.js fetches the world maps its geo figures draw (topojson) from cdn.plot.ly. The book
    serves its own copy (``baikonur_sphinx.assets``), so the book draws nothing for this output
    (its type, :data:`GEO_MAPS_MIME`, outranks the JavaScript there). In a notebook it hands
    plotly.js the data package's copy (resource ``name``, ``data/<name>.json``) through the
    global plotly.js reads before it fetches (``window.PlotlyGeoAssets``), as a JavaScript output
    that runs before the figure is drawn. Colab draws each output in a frame of its own, out of
    this output's reach: there plotly.js fetches the map from its CDN.
    """
    from IPython.display import display

    from .data import load_topojson

    topojson = json.dumps(load_topojson(name), separators=(",", ":"))
    display(
        {
            GEO_MAPS_MIME: {"topojson": name},
            "application/javascript": (
                "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
                f"window.PlotlyGeoAssets.topojson[{json.dumps(name)}] = {topojson};"
            ),
        },
        raw=True,
    )


def use_plotly_template() -> None:
    """Register the house template and make it Plotly's default for this session."""
    pio.templates[TEMPLATE_NAME] = _house_template()
    pio.templates.default = TEMPLATE_NAME


def add_source_note(fig: go.Figure, text: str) -> go.Figure:
    """Put a source line ("Data: …") under the plot area, left-aligned, and return the figure."""
    if not text.strip():
        raise ValueError("a figure's source note cannot be empty: say where the data come from")
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-62,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font=dict(size=12),
        align="left",
    )
    # Room below the axis title for every line of the note.
    lines = text.count("<br>") + 1
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 70
    fig.update_layout(margin_b=max(bottom, 66 + 16 * lines))
    return fig
