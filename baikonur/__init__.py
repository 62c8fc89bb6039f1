"""Helpers shared by every chapter of *Baikonur, explained*.

Modules, one line each (a test keeps this list and the folder in step):

* :mod:`baikonur.areas`: places known only approximately, drawn as the area they could be in;
* :mod:`baikonur.book`: the pages ``_toc.yml`` lists; chapters read as notebooks (.md or .ipynb);
* :mod:`baikonur.claims`: the source articles' claims and verdicts, loaded and checked;
* :mod:`baikonur.claims_html`: the claims drawn: verdict badges, claim cards, the filterable table;
* :mod:`baikonur.data`: finds ``data/`` and loads its files validated against ``datapackage.json``;
* :mod:`baikonur.downloads`: the data behind a chapter's charts, written as CSV files to download;
* :mod:`baikonur.escaping`: text from data made safe for the page (HTML and Markdown), one rule;
* :mod:`baikonur.exercises`: an exercise's worked solution, its answer folded until opened;
* :mod:`baikonur.geo`: great-circle distances and bearings, and whether a point is inside a border;
* :mod:`baikonur.i18n`: the build's language, ``tr()`` for figure and map words, French formats;
* :mod:`baikonur.launches`: the GCAT launch log, checked and summarised;
* :mod:`baikonur.maps`: folium maps in the house style (vector layers first);
* :mod:`baikonur.names`: the French press's spelling of a name beside the book's;
* :mod:`baikonur.orbits`: launch geometry, two-line element sets and SGP4 propagation;
* :mod:`baikonur.quantities`: quantities several chapters state, computed once;
* :mod:`baikonur.selfcheck`: quick questions that give feedback with no kernel and no CDN;
* :mod:`baikonur.style`: the colour-blind-safe palette, the Plotly template, dates and numbers;
* :mod:`baikonur.tables`: a DataFrame shown as an edited table (headers in words, no index);
* :mod:`baikonur.timeline`: a mission's times: parsed, converted between time zones, measured.

Chapters import what they use, e.g. ``from baikonur.data import load_table``. Code that teaches
(the analysis, the figure) stays in the chapter; only what several chapters repeat lives here.
"""

__version__ = "0.1.0"
