"""One stylesheet for the styles every page shares, instead of ten render-blocking requests.

A page of the theme links ten stylesheets before its first paint: the theme's two
(``styles/theme.css``, which ``@import``\\ s Sphinx's ``basic.css``, and
``styles/pydata-sphinx-theme.css``), then those of pygments, the book theme, togglebutton,
copybutton, myst-nb, sphinx-exercise, sphinx-design and the book's own. On a phone's connection
(Lighthouse's mobile preset: 150 ms round trips, six connections to a host) they arrive in three
waves, and the ``@import`` adds a fourth: about 0.3 s of first paint (``bench/RESULTS.md``).

Here each page (``html-page-context``) links one file, ``_static/styles/book.css``, instead:
those stylesheets concatenated in the order the page would link them, ``@import``\\ s inlined
and every ``url()`` rewritten for the new place, without the icon rules no page uses
(:mod:`baikonur_sphinx.icon_font`). The cascade is the same: the same rules in the same order.
Stylesheets only some pages have (KaTeX's, on pages with math) stay separate links after it.
The first page sets what the file holds; a page whose shared stylesheets differ keeps its own
links and is reported (a warning, so ``-W`` fails the build).

The file is written at the end of the build (``build-finished``): some of its stylesheets only
reach ``_static`` then (myst-nb copies its own at the end). Its checksum (``?v=``, as Sphinx
gives its own files) is then written into the pages of this build, in place of a placeholder.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .assets import KATEX_CSS
from .icon_font import drop_unused_icon_rules, icon_classes, site_documents

logger = logging.getLogger(__name__)

BUNDLE = "styles/book.css"
# The theme's stylesheets, written by its head_pre_assets() macro (static/webpack-macros.html;
# templates/static/webpack-macros.html links the bundle instead). A test reads the theme's
# macro and checks these are the ones it links.
THEME_STYLESHEETS = ("styles/theme.css", "styles/pydata-sphinx-theme.css")
# Stylesheets some pages have and others not: they stay links of their own.
PAGE_SPECIFIC = (KATEX_CSS, "katex-math.css", "selfcheck.css", "claims.css")

# In the pages' links until the end of the build, when the file and its checksum exist.
PENDING = "checksum-at-build-finished"

_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"])([^'"]+)\1\s*\)?\s*;""")
_CHARSET = re.compile(r"""@charset\s+"[^"]*"\s*;""")
# A source map describes its own file, not the bundle (and browsers read only the last one).
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def rewrite_urls(css: str, source: str, target: str) -> str:
    """``css`` read from ``source`` (a path under _static/), with its relative ``url()``\\ s
    pointing at the same files from ``target``."""

    def moved(match: re.Match) -> str:
        url = match.group(2).strip()
        if re.match(r"(?:[a-z][a-z0-9+.-]*:|/|#)", url, flags=re.IGNORECASE):
            return match.group(0)  # data:, http:, an absolute path, an SVG fragment
        path, mark, rest = url, "", ""
        if split := re.search(r"[?#]", url):
            path, mark, rest = url[: split.start()], split.group(0), url[split.end() :]
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        relative = posixpath.relpath(resolved, posixpath.dirname(target) or ".")
        return f'url("{relative}{mark}{rest}")'

    return _URL.sub(moved, css)


def bundle_text(static: Path, sources: list[str], target: str = BUNDLE) -> str:
    """The stylesheets ``sources`` (paths under ``static``), in order, as one stylesheet at
    ``target``: ``@import``\\ s inlined where they stand, ``@charset`` once, at the top."""
    parts = []

    def add(source: str, seen: tuple[str, ...]) -> None:
        if source in seen:
            raise ValueError(f"{source} imports itself (through {' > '.join(seen)})")
        file = static / source
        if not file.is_file():
            raise FileNotFoundError(f"{file} is not in the built site")
        css = _SOURCE_MAP.sub("", _CHARSET.sub("", file.read_text(encoding="utf-8")))
        parts.append(f"/* {source} */\n")
        position = 0
        for found in _IMPORT.finditer(css):
            parts.append(rewrite_urls(css[position : found.start()], source, target))
            add(
                posixpath.normpath(posixpath.join(posixpath.dirname(source), found.group(2))),
                (*seen, source),
            )
            position = found.end()
        parts.append(rewrite_urls(css[position:], source, target))
        parts.append("\n")

    for source in sources:
        add(source, ())
    return '@charset "UTF-8";\n' + "".join(parts)


def _name(stylesheet) -> str:
    """A page stylesheet's path under _static/ (Sphinx writes some as "_static/x.css")."""
    name = str(getattr(stylesheet, "filename", stylesheet) or "")
    return name.removeprefix("_static/")


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    styles = context.get("css_files")
    if app.builder.format != "html" or not isinstance(styles, list):
        return
    shared = [s for s in styles if not _name(s).endswith(PAGE_SPECIFIC)]
    if any(re.match(r"(?:https?:)?//", _name(s)) for s in shared):
        return  # assets.py reports stylesheets from another host
    sources = [*THEME_STYLESHEETS, *(_name(s) for s in shared)]
    state = _state(app)
    state.setdefault("sources", sources)
    if sources != state["sources"]:
        logger.warning(
            f"this page's shared stylesheets differ from the other pages' "
            f"({', '.join(sources)} instead of {', '.join(state['sources'])}): it links "
            f"them one by one, not as {BUNDLE}",
            location=pagename,
            type="baikonur",
            subtype="stylesheets",
        )
        return
    styles[:] = [s for s in styles if s not in shared]
    href = context["pathto"](f"_static/{BUNDLE}", 1)
    context["baikonur_stylesheet"] = f"{href}?v={PENDING}"
    state["pages"].add(app.builder.get_outfilename(pagename))


def _state(app: Sphinx) -> dict:
    return app.builder.__dict__.setdefault("_baikonur_stylesheet_bundle", {"pages": set()})


def write_bundle(app: Sphinx, exception: Exception | None) -> None:
    """Write the shared stylesheet, and its checksum into the pages that link it."""
    state = _state(app)
    if exception is not None or app.builder.format != "html" or "sources" not in state:
        return
    site = Path(app.outdir)
    try:
        text = bundle_text(site / "_static", state["sources"])
    except (OSError, ValueError) as error:
        raise ExtensionError(f"the pages' shared stylesheet {BUNDLE} cannot be made: {error}")
    text = drop_unused_icon_rules(text, icon_classes(site_documents(app)))
    (site / "_static" / BUNDLE).write_text(text, encoding="utf-8")
    checksum = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    for page in state["pages"]:
        page = Path(page)
        page.write_text(
            page.read_text(encoding="utf-8").replace(f"?v={PENDING}", f"?v={checksum}"),
            encoding="utf-8",
        )
