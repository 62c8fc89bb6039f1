"""Sphinx extension for the book build: Plotly figures and a self-contained site.

Enabled in ``_config.yml`` (``sphinx: extra_extensions``). The myst-nb mime renderer for Plotly's
JSON output is registered separately, as a ``myst_nb.mime_renderers`` entry point in
``pyproject.toml`` (myst-nb finds plugins only through entry points).

Modules, one line each (a test keeps this list and the folder in step):

* :mod:`baikonur_sphinx.accessibility`: fixes to what the theme and Sphinx write, found by axe-core;
* :mod:`baikonur_sphinx.assets`: every script and stylesheet served from the site's own _static/;
* :mod:`baikonur_sphinx.book_outputs`: self-checks, the claims table and answers drawn in the book;
* :mod:`baikonur_sphinx.bibliography`: one citation number per source, the same in every chapter;
* :mod:`baikonur_sphinx.catalogs`: ``make translations``: catalogs updated, nothing guessed;
* :mod:`baikonur_sphinx.execution`: notebooks rerun when a file they read changes; own downloads;
* :mod:`baikonur_sphinx.execution_errors`: a notebook's own error on the console when it fails;
* :mod:`baikonur_sphinx.icon_font`: Font Awesome's webfonts cut to the icons the site shows;
* :mod:`baikonur_sphinx.katex_server`: math rendered at build time by KaTeX's node server, reliably;
* :mod:`baikonur_sphinx.learners`: ``{go-live}``, one true sentence on how to run a chapter live;
* :mod:`baikonur_sphinx.live_code`: "Live Code": the chapter's cells on a Binder kernel (Thebe);
* :mod:`baikonur_sphinx.map_output`: the book's maps as files of the site, in sandboxed frames;
* :mod:`baikonur_sphinx.notebooks`: MyST chapters reach readers as .ipynb (download, Colab);
* :mod:`baikonur_sphinx.npm_prebuilt`: npm packages used only as prebuilt bundles (Thebe);
* :mod:`baikonur_sphinx.plotly_output`: Plotly's notebook output drawn in the HTML book;
* :mod:`baikonur_sphinx.publishing`: the repository and site URLs, and what depends on them;
* :mod:`baikonur_sphinx.security`: a Content-Security-Policy on every page: only the site's scripts;
* :mod:`baikonur_sphinx.stylesheets`: the stylesheets every page shares, as one file;
* :mod:`baikonur_sphinx.toc`: the chapters in ``book/`` and ``_toc.yml`` must match;
* :mod:`baikonur_sphinx.translation`: the French edition: glue in translated text, links, buttons.

``static/`` holds the site's stylesheet and scripts, ``templates/`` the theme overrides.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


from . import (
    accessibility,
    assets,
    bibliography,
    book_outputs,
    execution,
    execution_errors,
    icon_font,
    katex_server,
    learners,
    live_code,
    map_output,
    notebooks,
    publishing,
    security,
    stylesheets,
    toc,
)


def setup(app: Sphinx) -> dict:
    app.add_config_value("baikonur_node_modules", "node_modules", "env")
    # Math is rendered at build time by sphinxcontrib-katex's node server: start it reliably.
    katex_server.make_server_start_reliable()
    # First: a chapter missing from _toc.yml (or a line without its file) stops the build here.
    app.connect("config-inited", toc.check_toc, priority=100)
    app.connect("config-inited", publishing.apply_urls)
    app.connect("config-inited", accessibility.use_accessible_templates)
    app.connect("config-inited", assets.check_math_renderer)
    app.connect("config-inited", _add_static_dir)
    app.connect("config-inited", book_outputs.add_static_dir)
    app.connect("config-inited", bibliography.number_sources)
    # After the other extensions have added their scripts and styles to the page.
    app.connect("html-page-context", assets.on_html_page_context, priority=900)
    app.connect("html-page-context", accessibility.fix_page_body)
    # Last: the page's shared stylesheets, whoever added them, become one file.
    app.connect("html-page-context", stylesheets.on_html_page_context, priority=950)
    # After everything that changes the body: its inline scripts are not the site's own.
    app.connect("html-page-context", security.note_body_scripts, priority=990)
    # Before assets (priority 900), which defers the scripts added here and checks the page.
    app.connect("html-page-context", live_code.on_page, priority=800)
    app.connect("html-page-context", book_outputs.add_page_assets, priority=800)
    app.connect("build-finished", assets.copy_vendor_assets)
    app.connect("build-finished", live_code.copy_thebe)
    # Last, when every file of the site is in place: other extensions copy their stylesheets at
    # build-finished (myst-nb, sphinx-exercise), and scripts may show icons (Thebe's).
    app.connect("build-finished", stylesheets.write_bundle, priority=900)
    app.connect("build-finished", icon_font.subset_webfonts, priority=900)
    # The execution cache's inputs are the files the notebooks read; each edition's downloads.
    execution.setup(app)
    # After everything that writes pages: their inline scripts are final, and hashed.
    app.connect("build-finished", security.add_policies, priority=990)
    # The book's maps: their documents written as files of the site (map_output).
    map_output.setup(app)
    # Chapters as MyST notebooks: their .ipynb for the download button and Colab.
    notebooks.setup(app)
    # A notebook that stops on an error: its exception's own message on the console.
    execution_errors.setup(app)
    # The French edition: kernel language, glue in translated paragraphs, links between editions.
    # (Imported here: `python -m baikonur_sphinx.translation` runs it as a script too.)
    from . import translation

    translation.setup(app)
    app.add_css_file("baikonur.css")
    # Wide tables and formulas show that they scroll (every page may have one).
    app.add_js_file("scroll-hints.js", loading_method="defer")
    # "How to run this live", true to whether the book has a repository (and so launch buttons).
    app.add_directive("go-live", learners.GoLive)
    # Exercise titles in the French edition's catalogs (sphinx-exercise leaves them out).
    app.add_transform(learners.TranslatableExerciseTitles)
    app.add_post_transform(learners.ExerciseTitlesForGettext)
    app.add_transform(learners.TranslatedExerciseRegistry)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": False}


def _add_static_dir(app: Sphinx, config) -> None:
    # Our files land in the site's _static/ (figure loader, CSS). They are not added to every
    # page: the loader is added only to pages with figures (see assets.py).
    config.html_static_path.append(str(Path(__file__).parent / "static"))
    # Template overrides of the theme's, after the project's own templates:
    # static/webpack-macros.html drops the theme's Font Awesome JavaScript (its webfonts draw the
    # icons), layout.html the search scripts every page loads for a search-as-you-type the book
    # does not use.
    config.templates_path.append(str(Path(__file__).parent / "templates"))
