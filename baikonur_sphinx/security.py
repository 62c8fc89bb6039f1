"""A Content-Security-Policy on every page and map document: only the site's own scripts run.

Text from data is escaped where it reaches a page (``baikonur.escaping``); this is the second
line. At the end of the build (``build-finished``, after every other step that writes pages)
each HTML file of the site gets a ``<meta http-equiv="Content-Security-Policy">`` at the top of
its head that allows:

* scripts: the site's own files, and the inline scripts of the page's template (the theme's,
  Sphinx's) and of folium's map documents, each by its SHA-256 hash. A script inside the page's
  body (where notebook outputs and so data go) gets no hash and does not run, nor does an event
  handler attribute, except the theme's own two buttons' (print, full screen: ``'unsafe-hashes'``
  with their hashes, which allows only those exact handlers). Sphinx's doctools.js makes the
  French edition's plural rule with ``new Function``; the copy in the site picks the rule from a
  table instead, so no page needs ``'unsafe-eval'``;
* styles: the site's own files and inline styles (Sphinx, the theme, Plotly, Leaflet and folium
  write ``style`` attributes and elements; a style cannot run code);
* images and fonts from the site (and ``data:`` URLs, which Leaflet and Plotly use); the map
  documents also the tile hosts their maps can switch on (read from the map itself);
* connections to the site only, and, on pages where "Live Code" is on, to the Binder of
  ``launch_buttons: binderhub_url`` (its host and subdomains, where kernels run);
* no plugins (``object-src 'none'``), no ``<base>`` elsewhere, forms only to the site.

Map documents (``_static/maps/``) load in an iframe with ``sandbox="allow-scripts"`` (see
``map_output.py``): their scripts run in an origin of their own, without access to the page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse

from sphinx.application import Sphinx

from . import live_code, map_output

META_START = '<meta http-equiv="Content-Security-Policy" content="'
_OLD_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
# Types a browser runs; the others (application/json, text/x-thebe-config…) are data.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# folium: L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", …)
_TILE_URL = re.compile(r"""L\.tileLayer\(\s*["'](https?://[^"'/]+)/""")


# The theme's buttons with inline handlers (sphinx-book-theme's header): allowed by their hash.
THEME_HANDLERS = ("window.print()", "toggleFullScreen()")
# Sphinx's doctools.js: `new Function("n", `return (${catalog.plural_expr})`)`.
_PLURAL_FUNCTION = re.compile(
    r"""new Function\(\s*"n",\s*`return \(\$\{catalog\.plural_expr\}\)`\s*\)"""
)
_PLURAL_TABLE = (
    '(({"(n != 1)": (n) => +(n != 1), "(n > 1)": (n) => +(n > 1), "0": () => 0})'
    "[catalog.plural_expr] || ((n) => +(n != 1)))"
)


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def script_hashes(document: str) -> list[str]:
    """The CSP sources (``'sha256-…'``) of the inline scripts a browser runs in ``document``."""
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(document):
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") not in _SCRIPT_TYPES:
            continue
        hashes.append(_source(body))
    return list(dict.fromkeys(hashes))


def handler_hashes(document: str) -> list[str]:
    """``'unsafe-hashes'`` and the hashes of the theme's handlers, on a page that uses one: all of
    them, since the search page reads other pages, whose buttons carry the others."""
    used = any(f'onclick="{h}"' in document for h in THEME_HANDLERS)
    return ["'unsafe-hashes'", *map(_source, THEME_HANDLERS)] if used else []


def tile_hosts(document: str) -> list[str]:
    """The tile servers a folium map asks for (``{s}.`` subdomains as ``*.``)."""
    return sorted({host.replace("{s}.", "*.") for host in _TILE_URL.findall(document)})


def binder_hosts(app: Sphinx) -> list[str]:
    """Where Live Code connects: the Binder and its subdomains (https and wss), if it is on."""
    if not live_code.is_on(app):
        return []
    options = app.config.html_theme_options.get("launch_buttons", {})
    host = urlparse(str(options.get("binderhub_url") or "https://mybinder.org")).netloc
    return [f"{scheme}://{name}" for scheme in ("https", "wss") for name in (host, f"*.{host}")]


def policy(
    document: str,
    *,
    connect: list[str] = (),
    map_document: bool = False,
    untrusted: set[str] = frozenset(),
) -> str:
    """The policy of ``document``; the inline scripts of ``untrusted`` (their hashes: the page's
    body) get no hash."""
    images = ["'self'", "data:", *(tile_hosts(document) if map_document else [])]
    scripts = [s for s in script_hashes(document) if s not in untrusted]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *scripts, *handler_hashes(document)],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", *connect],
        "frame-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_policy(document: str, **options) -> str:
    """``document`` with its policy (any older one replaced) as the first element of its head,
    after ``<meta charset>`` (which must come within the first 1024 bytes)."""
    document = _OLD_META.sub("", document)
    meta = META_START + policy(document, **options) + '">'
    head = _HEAD.search(document)
    if head is None:  # a redirect page (index.html): the parser puts the meta in its head
        return meta + "\n" + document
    charset = _CHARSET.search(document, head.end())
    at = charset.end() if charset and charset.start() - head.end() < 200 else head.end()
    return document[:at] + "\n" + meta + document[at:]


def _body_scripts(app: Sphinx) -> dict[str, set[str]]:
    if not hasattr(app, "_bk_body_scripts"):
        app._bk_body_scripts = {}
    return app._bk_body_scripts


def note_body_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """The hashes of the inline scripts in the page's body (notebook outputs, so data): they
    will not be allowed, even if the theme's template had a script with the same text."""
    _body_scripts(app)[pagename] = set(script_hashes(context.get("body") or ""))


def add_policies(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    connect = binder_hosts(app)
    for pagename, untrusted in _body_scripts(app).items():
        path = Path(app.builder.get_outfilename(pagename))
        if path.is_file():
            # Binder only where Live Code is: a page with its Thebe configuration.
            live = live_code.CONFIG_TYPE in path.read_text(encoding="utf-8")
            _write(path, connect=connect if live else [], untrusted=untrusted)
    # The redirect to the first page that sphinx-external-toc writes when there is no index.
    if (out / "index.html").is_file() and "index" not in _body_scripts(app):
        _write(out / "index.html")
    for path in (out / "_static" / map_output.MAPS_DIR).glob("*.html"):
        _write(path, map_document=True)
    doctools = out / "_static" / "doctools.js"
    if doctools.is_file():
        text = doctools.read_text(encoding="utf-8")
        doctools.write_text(_PLURAL_FUNCTION.sub(_PLURAL_TABLE, text), encoding="utf-8")


# A JSON data block: myst-nb's widget state (a notebook's widget options, data), Plotly figures.
_JSON_BLOCK = re.compile(
    r"(<script\b[^>]*\btype=\"application/[\w.+-]*json\"[^>]*>)(.*?)(</script\s*>)", re.I | re.S
)


def safe_json_blocks(document: str) -> str:
    """Every JSON data block with ``<`` written ``\\u003c``: myst-nb escapes only ``</`` in the
    widget state it embeds, and ``<!--<script>`` in a string there swallowed the rest of the page.
    (In JSON ``<`` only occurs inside strings, where ``\\u003c`` is the same character.)"""
    return _JSON_BLOCK.sub(
        lambda m: m.group(1) + m.group(2).replace("<", "\\u003c") + m.group(3), document
    )


def _write(path: Path, **options) -> None:
    text = path.read_text(encoding="utf-8")
    new = with_policy(safe_json_blocks(text), **options)
    if new != text:
        path.write_text(new, encoding="utf-8")
