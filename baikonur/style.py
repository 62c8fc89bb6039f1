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
    "equal_km_axes",
    "format_date",
    "format_int",
    "frame_controls",
    "add_label",
    "outline",
    "phone_layout",
    "use_plotly_template",
    "view_menu",
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


def add_source_note(fig: go.Figure, text: str, lower: int = 0) -> go.Figure:
    """Put a source line ("Data: …") under the plot area, left-aligned, and return the figure.

    ``lower``: pixels more between the plot and the note, for what sits between them (a range
    slider, an axis title of two lines); the bottom margin grows to match."""
    if not text.strip():
        raise ValueError("a figure's source note cannot be empty: say where the data come from")
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-62 - lower,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font=dict(size=12),
        align="left",
    )
    # Room below the axis title for every line of the note.
    lines = text.count("<br>") + 1
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 70
    fig.update_layout(margin_b=max(bottom, 66 + lower + 16 * lines))
    return fig


# Phone layout: a chart reads at 390 px when its title, legend and menus stack above the plot
# (the title's lines broken by <br> at about 35 characters) and nothing sits beside it.


def phone_layout(fig: go.Figure, title: str, height: int, top: int, **layout) -> go.Figure:
    """Title ``title`` over a plot ``height`` pixels high in all, ``top`` of them above the plot
    for the title, the legend (horizontal, left, growing up from the plot) and any menu."""
    fig.update_layout(
        title=title,
        title_pad_t=20,
        height=height,
        margin_t=top,
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
    )
    fig.update_layout(**layout)
    return fig


def view_menu(fig: go.Figure, views: dict[str, list[str]], legend_room: int = 0) -> go.Figure:
    """A drop-down above the plot that shows one view at a time: ``views`` maps each label to
    the legend groups it shows (the others stay in the legend, switched off). ``legend_room``:
    the pixels the legend may take between the plot and the menu as it wraps."""

    def shown(groups):
        return [True if trace.legendgroup in groups else "legendonly" for trace in fig.data]

    menu = dict(type="dropdown", x=0, xanchor="left", y=1.0, yanchor="bottom")
    buttons = [
        dict(label=k, method="restyle", args=[{"visible": shown(v)}]) for k, v in views.items()
    ]
    fig.update_layout(updatemenus=[dict(menu, pad=dict(b=legend_room + 8), buttons=buttons)])
    return fig


def frame_controls(fig, labels: list[str], active: int, prefix: str, plot_px: int) -> go.Figure:
    """A slider over ``fig``'s frames (named by ``labels``, ``active`` first) and Play/Pause
    buttons, both under a plot area ``plot_px`` pixels high, clear of its axis title."""
    still = dict(
        mode="immediate", frame=dict(duration=0, redraw=False), transition=dict(duration=0)
    )
    play = dict(still, fromcurrent=True, frame=dict(duration=150, redraw=False))
    steps = [dict(label=label, method="animate", args=[[label], still]) for label in labels]
    buttons = [
        dict(label=i18n.tr("▶ Play"), method="animate", args=[None, play]),
        dict(label=i18n.tr("❚❚ Pause"), method="animate", args=[[None], still]),
    ]
    fig.update_layout(
        # Room at both ends of the slider for the first and last labels, centred on their ticks.
        sliders=[
            dict(
                active=active,
                currentvalue=dict(prefix=prefix),
                y=-125 / plot_px,
                yanchor="top",
                pad=dict(t=0, l=32, r=32),
                steps=steps,
            )
        ],
        updatemenus=[
            dict(type="buttons", x=0, xanchor="left", y=-215 / plot_px, yanchor="top")
            | dict(direction="left", buttons=buttons)
        ],
    )
    return fig


def outline(geojson: dict) -> tuple[list, list]:
    """The outer rings of a GeoJSON feature collection's first (multi)polygon as longitudes and
    latitudes for one Plotly line (rings apart, by None)."""
    lons, lats = [], []
    for polygon in geojson["features"][0]["geometry"]["coordinates"]:
        lons += [lon for lon, _lat in polygon[0]] + [None]
        lats += [lat for _lon, lat in polygon[0]] + [None]
    return lons[:-1], lats[:-1]


def equal_km_axes(fig: go.Figure, lat: float, lons: list, lats: list, **layout) -> go.Figure:
    """Longitude and latitude axes over ``lons`` and ``lats`` (ranges) drawn with equal
    kilometres across and up at latitude ``lat`` (a degree of longitude there is cos(lat) of a
    degree of latitude), the plot kept to the bottom of its box."""
    import math

    fig.update_layout(
        xaxis=dict(title=i18n.tr("Longitude (degrees east)"), range=lons, constrain="domain"),
        yaxis=dict(
            title=i18n.tr("Latitude (degrees north)"),
            range=lats,
            constraintoward="bottom",
            scaleanchor="x",
            scaleratio=1 / math.cos(math.radians(lat)),
            constrain="domain",
        ),
        **layout,
    )
    return fig


def add_label(fig: go.Figure, x, y, text: str, **options) -> go.Figure:
    """A label in data coordinates, no arrow, in the legend's size (12 px); ``options`` place
    it (``xanchor``, ``yshift``…)."""
    fig.add_annotation(x=x, y=y, text=text, showarrow=False, **({"font": dict(size=12)} | options))
    return fig
