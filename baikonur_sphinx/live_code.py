"""Live code: the chapter's cells run on a Jupyter kernel from the page itself, with Thebe.

Jupyter Book always loads sphinx-thebe, which is written for thebe 0.8.2: it loads thebe from a
CDN, and its configuration and start-up (``bootstrap()`` without ``requestKernel``, no
``useBinder``) do not start a kernel with thebe 0.9. So this module takes its place on every page:

* sphinx-thebe's script, stylesheet, inline configuration and per-page ``x-thebe-config`` are
  removed from every page;
* when ``launch_buttons: thebe: true`` and the book has a repository URL (Binder builds the
  kernel from it; see publishing.py), each page with code cells gets ``static/live-code.js``
  (deferred; it defines the ``initThebe()`` that the theme's "Live Code" button calls) and a
  Thebe configuration in JSON: Binder repository and branch, kernel name, the folder the
  kernel starts in (``book/``, where the helpers find ``../data/``), and the MathJax 2 bridge;
* Thebe itself (``node_modules/thebe/lib``, installed by ``npm_prebuilt.py``) is copied into
  ``_static/vendor/thebe``; a page loads it, its styles and the MathJax 2 bridge
  (``static/thebe-mathjax2.js``, which typesets with the book's KaTeX) only when the reader
  clicks "Live Code";
* the cells a page leaves out (``remove-cell``: imports, loading, glue) still run live: each is
  put, in order, before the next code cell the page shows (``setup_for_shown_cells``), so that
  cell's editor opens with them and "run all" runs the chapter as the notebook does.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from baikonur.escaping import script_json

from . import assets

LOADER_JS = "live-code.js"
THEBE_JS = "vendor/thebe/lib/index.js"
THEBE_CSS = "vendor/thebe/lib/thebe.css"
# Thebe renders live outputs with JupyterLab's MathJax 2 typesetter; this file answers its
# MathJax 2 calls with the book's KaTeX instead of MathJax 2 from a CDN (static/thebe-mathjax2.js).
MATHJAX_BRIDGE = "thebe-mathjax2.js"
CONFIG_TYPE = "text/x-thebe-config"
# Thebe's widget manager fetches require.js before it shows a widget (live-code.js serves it).
REQUIREJS = "vendor/requirejs/require.js"
# What live outputs load from a CDN, served from _static/vendor/ instead: folium maps' Leaflet
# (baikonur.maps.base_map needs nothing else).
LIVE_NPM_DIRS = (("leaflet", "dist"),)

_SPHINX_THEBE_FILES = ("sphinx-thebe.js", "sphinx-thebe.css")
_SPHINX_THEBE_BODY = re.compile(
    r"\s*<script type=\"text/x-thebe-config\">.*?</script>\s*<script>kernelName = '[^']*'</script>",
    re.S,
)
_CODE_CELL = 'class="cell_input'


def is_on(app: Sphinx) -> bool:
    """Thebe is on when _config.yml asks for it and the book has a repository for Binder."""
    options = app.config.html_theme_options
    return bool(options.get("launch_buttons", {}).get("thebe") and options.get("repository_url"))


def thebe_config(app: Sphinx, docname: str, static: str) -> dict:
    """The Thebe options of one page (thebe 0.9, ``x-thebe-config``)."""
    options = app.config.html_theme_options
    owner_repo = options["repository_url"].removeprefix("https://github.com/")
    kernelspec = app.env.metadata.get(docname, {}).get("kernelspec") or {}
    if isinstance(kernelspec, str):
        kernelspec = json.loads(kernelspec)
    book = PurePosixPath(options.get("path_to_book") or ".")
    folder = (book / PurePosixPath(docname).parent).as_posix()
    return {
        "requestKernel": True,
        "useBinder": True,
        "binderOptions": {
            "repo": owner_repo,
            "ref": options.get("repository_branch") or "main",
            "repoProvider": "github",
            "binderUrl": options["launch_buttons"].get("binderhub_url") or "https://mybinder.org",
        },
        # The kernel starts in the chapter's folder, as on Binder's JupyterLab.
        "kernelOptions": {"name": kernelspec.get("name", "python3"), "path": folder},
        "predefinedOutput": True,
        "mountActivateWidget": False,
        "mountStatusWidget": False,
        "mountRunButton": True,
        "mountRunAllButton": True,
        "mountRestartButton": True,
        "mountRestartAllButton": True,
        "codeMirrorConfig": {"theme": "abcdef", "mode": "python", "lineNumbers": False},
        "mathjaxUrl": f"{static}{MATHJAX_BRIDGE}",
    }


SETUP_TYPE = "application/x-baikonur-live-setup"
_LEFT_OUT = "remove-cell"
_NOT_SHOWN = {"remove-cell", "remove-input"}


def setup_for_shown_cells(notebook) -> list[str]:
    """For each code cell the page shows (in order), the source of the ``remove-cell`` code
    cells just before it, which Live Code runs with it. Widget cells stay out (learners run
    them in the notebook); so do ``remove-input`` cells (the page shows their output)."""
    setups, pending = [], []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        if _LEFT_OUT in tags:
            if "ipywidgets" not in cell.source:
                pending.append(cell.source.strip())
        elif not tags & _NOT_SHOWN:
            setups.append("\n\n".join(pending))
            pending = []
    return setups


def _page_setup(app: Sphinx, pagename: str) -> list[str]:
    import jupytext

    path = Path(app.env.doc2path(pagename))
    if path.suffix not in (".md", ".ipynb"):
        return []
    return setup_for_shown_cells(jupytext.read(path))


def on_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if isinstance(files, list):
            files[:] = [f for f in files if not _is_sphinx_thebe(f)]
    body = context.get("body")
    if not body:
        return
    body = _SPHINX_THEBE_BODY.sub("", body)
    if is_on(app) and _CODE_CELL in body:
        static = context["pathto"]("_static/", 1)
        config = json.dumps(thebe_config(app, pagename, static), indent=1)
        body += f'\n<script type="{CONFIG_TYPE}">\n{config}\n</script>\n'
        setup = _page_setup(app, pagename)
        if any(setup):
            body += f'<script type="{SETUP_TYPE}">{script_json(setup)}</script>\n'
        app.add_js_file(
            LOADER_JS,
            loading_method="defer",
            priority=600,
            **{
                "data-static": static,
                "data-thebe": f"{static}{THEBE_JS}",
                "data-thebe-css": f"{static}{THEBE_CSS}",
                "data-requirejs": f"{static}{REQUIREJS}",
                "data-mathjax-bridge": f"{static}{MATHJAX_BRIDGE}",
                "data-vendor-npm": " ".join(sorted(package for package, _ in LIVE_NPM_DIRS)),
            },
        )
        app._baikonur_live_code = True
        # The MathJax 2 bridge typesets live outputs with the book's KaTeX (copied for live code).
        assets.needs_katex_runtime(app)
        for package, folder in LIVE_NPM_DIRS:
            assets.needs_npm_dir(app, package, folder)
    context["body"] = body


def _is_sphinx_thebe(asset) -> bool:
    filename = str(getattr(asset, "filename", asset) or "").split("?")[0].rsplit("/", 1)[-1]
    inline = str(getattr(asset, "attributes", {}).get("body", ""))
    return filename in _SPHINX_THEBE_FILES or "THEBE_JS_URL" in inline


def copy_thebe(app: Sphinx, exception: Exception | None) -> None:
    if (
        exception is not None
        or app.builder.format != "html"
        or not getattr(app, "_baikonur_live_code", False)
    ):
        return
    package = Path(app.srcdir) / app.config.baikonur_node_modules / "thebe"
    if not (package / "lib" / "index.js").is_file():
        raise ExtensionError(
            f"{package}/lib/index.js is missing: Thebe (live code) is installed by "
            f"`python -m baikonur_sphinx.npm_prebuilt` after `npm ci` (`make book` does both)"
        )
    vendor = Path(app.outdir) / "_static" / "vendor"
    shutil.copytree(
        package / "lib",
        vendor / "thebe" / "lib",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("*.map", "*.d.ts", "types"),
    )
    requirejs = Path(app.srcdir) / app.config.baikonur_node_modules / "requirejs" / "require.js"
    if not requirejs.is_file():
        raise ExtensionError(
            f"{requirejs} is missing: install the book's front-end packages "
            f"with `npm ci` (`make book` does it)"
        )
    (vendor / "requirejs").mkdir(parents=True, exist_ok=True)
    shutil.copy2(requirejs, vendor / REQUIREJS.removeprefix("vendor/"))
