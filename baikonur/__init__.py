"""Helpers shared by every chapter of *Baikonur, explained*.

* :mod:`baikonur.data` finds ``data/`` and loads its files validated against ``datapackage.json``;
* :mod:`baikonur.geo` computes great-circle distances and bearings;
* :mod:`baikonur.style` holds the colour-blind-safe palette, the Plotly template and formatting;
* :mod:`baikonur.maps` draws folium maps in the house style (vector layers first);
* :mod:`baikonur.tables` shows a DataFrame as an edited table (headers in words, no index);
* :mod:`baikonur.names` gives the French press's spelling of a name beside the book's.

Chapters import what they use, e.g. ``from baikonur.data import load_table``. Code that teaches
(the analysis, the figure) stays in the chapter; only what several chapters repeat lives here.
"""

__version__ = "0.1.0"
