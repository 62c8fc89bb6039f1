"""Font Awesome's webfonts, cut to the icons the site shows.

The theme draws its icons (menu, search, download, full screen, theme switch, admonitions...)
from Font Awesome's webfonts: ``fa-solid-900.woff2`` alone is 156 KB, for some twenty glyphs
out of 1,400, and a page fetches it as it first paints (its header shows icons). On a phone's
connection that is most of a second (``bench/RESULTS.md``, Lighthouse mobile).

At the end of the build (``build-finished``) each webfont in ``_static`` is replaced by a
subset (fontTools) with the glyphs the site can show:

* every icon class ``fa-<name>`` written in a page or a script of the site, looked up in the
  theme's stylesheet (``.fa-<name>:before{content:"\\f0c9"}``);
* every other glyph the site's stylesheets name in a ``content`` or a custom property (the
  theme's admonition and link icons, the book theme's, sphinx-exercise's).

The file names and the theme's ``@font-face`` stay as they are. The shared stylesheet
(:mod:`baikonur_sphinx.stylesheets`) also leaves out the rules of the icons no page shows
(:func:`drop_unused_icon_rules`): some 1,900 of them, 20 KB gzipped on every page. A browser
test checks that every icon on every page has its rule and its glyph in the served font.
"""

from __future__ import annotations

import io
import logging as std_logging
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

WEBFONTS = "vendor/fontawesome/webfonts"
# Font Awesome's own SVG-JS: on disk, but no page loads it (templates/static/webpack-macros.html).
NOT_LOADED = ("scripts/fontawesome.js",)

_PRIVATE_USE = range(0xE000, 0xF900)
_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
# A rule of Font Awesome's icon classes: ".fa-bars:before,.fa-navicon:before{content:"\f0c9"}".
_ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:\s*\"([^\"]*)\"\}")
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")


def _codepoints(css_string: str) -> set[int]:
    """The private-use code points in a CSS string literal (escaped, "\\f0c9", or not)."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), css_string)
    return {ord(c) for c in text if ord(c) in _PRIVATE_USE}


def icon_classes(documents: list[str]) -> set[str]:
    """Every ``fa-<name>`` class that ``documents`` (pages, scripts) write."""
    return {name for text in documents for name in _CLASS.findall(text)}


def drop_unused_icon_rules(css: str, used: set[str]) -> str:
    """``css`` without the icon rules of classes not in ``used``."""

    def keep(rule: re.Match) -> str:
        names = set(re.findall(r"\.(fa-[a-z0-9-]+):", rule.group(1)))
        return rule.group(0) if names & used else ""

    return _ICON_RULE.sub(keep, css)


def icon_codepoints(stylesheets: list[str], documents: list[str]) -> set[int]:
    """The glyphs ``documents`` (pages, scripts) can show with ``stylesheets``' rules."""
    used = icon_classes(documents)
    found: set[int] = set()
    for css in stylesheets:
        rest = []
        position = 0
        for rule in _ICON_RULE.finditer(css):
            rest.append(css[position : rule.start()])
            position = rule.end()
            names = set(re.findall(r"\.(fa-[a-z0-9-]+):", rule.group(1)))
            if names & used:
                found |= _codepoints(rule.group(2))
        rest.append(css[position:])
        for literal in _STRING.finditer("".join(rest)):
            found |= _codepoints(literal.group(1) or literal.group(2) or "")
    return found


def subset_font(data: bytes, codepoints: set[int], flavor: str | None) -> bytes:
    """The font ``data`` with only the glyphs of ``codepoints`` it has (and .notdef)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # fontTools reports each step at INFO, which the build's log would print (300 lines).
    std_logging.getLogger("fontTools").setLevel(std_logging.WARNING)
    font = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the font's names, and its licence notice
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints & set(font.getBestCmap() or {}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = flavor
    font.save(out)
    return out.getvalue()


def site_documents(app: Sphinx) -> list[str]:
    """The text of every page and script of the built site that a reader's browser may load.

    Read once per build (the shared stylesheet and the webfonts both ask, at build-finished,
    when the pages and scripts are final)."""
    state = app.builder.__dict__
    if "_baikonur_site_documents" not in state:
        site = Path(app.outdir)
        static = site / "_static"
        state["_baikonur_site_documents"] = [
            p.read_text(encoding="utf-8", errors="replace")
            for pattern in ("*.html", "*.js")
            for p in site.rglob(pattern)
            if not (p.is_relative_to(static) and p.relative_to(static).as_posix() in NOT_LOADED)
        ]
    return state["_baikonur_site_documents"]


def subset_webfonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    static = site / "_static"
    fonts = sorted((static / WEBFONTS).glob("*.woff2")) + sorted((static / WEBFONTS).glob("*.ttf"))
    if not fonts:
        return
    stylesheets = [p.read_text(encoding="utf-8") for p in static.rglob("*.css")]
    codepoints = icon_codepoints(stylesheets, site_documents(app))
    for font in fonts:
        # From the theme's own file each time: an incremental build may have left a subset here.
        original = _theme_static() / WEBFONTS / font.name
        flavor = "woff2" if font.suffix == ".woff2" else None
        font.write_bytes(subset_font(original.read_bytes(), codepoints, flavor))
        logger.verbose(
            f"{font.name}: {original.stat().st_size:,} -> {font.stat().st_size:,} bytes, "
            f"{len(codepoints)} icons"
        )


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
