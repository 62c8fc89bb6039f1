"""baikonur_sphinx: the Plotly placeholder and the choice of plotly.js bundle."""

from __future__ import annotations

import json
import re

import pytest
from sphinx.errors import ExtensionError

from baikonur_sphinx.assets import _plotly_bundles, smallest_bundle
from baikonur_sphinx.plotly_output import PlotlyFigureRenderer, figure_html, trace_types
from conftest import ROOT


def test_placeholder_keeps_the_figure_and_cannot_end_its_script_early():
    figure = {
        "data": [{"type": "bar", "x": ["</script><script>alert(1)</script>"]}, {"y": [1]}],
        "layout": {"title": {"text": "Launches <b>per</b> year"}, "height": 300},
    }
    html = figure_html(figure)
    payload = re.search(
        r'<script type="application/json" class="bk-plotly-json">(.*)</script></div>$', html, re.S
    ).group(1)
    assert "</script>" not in payload
    assert json.loads(payload) == figure
    assert 'aria-label="Launches per year"' in html and "min-height:300px" in html


def test_trace_types_default_to_scatter():
    assert trace_types({"data": [{}, {"type": "scattergeo"}]}) == ["scatter", "scattergeo"]


def test_plotly_output_outranks_html_for_the_html_builder():
    assert (
        "html",
        "application/vnd.plotly.v1+json",
        5,
    ) in PlotlyFigureRenderer.mime_priority_overrides


def test_registered_as_a_myst_nb_mime_renderer():
    from importlib.metadata import entry_points

    names = {ep.value for ep in entry_points(group="myst_nb.mime_renderers")}
    assert "baikonur_sphinx.plotly_output:PlotlyFigureRenderer" in names
    assert "baikonur_sphinx.book_outputs:BookOutputRenderer" in names


def test_a_figure_records_what_its_page_needs_in_its_node():
    """The page's plotly.js bundle and topojson maps come from the rendered nodes, not from
    reading the page's HTML again."""
    from types import SimpleNamespace

    from baikonur_sphinx.plotly_output import PLOTLY_MIME, TOPOJSON, TRACES

    figure = {"data": [{"type": "scattergeo"}, {"y": [1]}], "layout": {"title": "A globe"}}
    data = SimpleNamespace(mime_type=PLOTLY_MIME, content=figure, cell_index=0, line=1)
    [node] = PlotlyFigureRenderer.handle_mime(None, data, inline=False)
    assert node[TRACES] == ["scatter", "scattergeo"] and node[TOPOJSON] == ["world_110m"]
    assert "data-traces" not in node.astext()


def test_self_checks_are_drawn_from_their_json_with_their_files_named_once():
    from types import SimpleNamespace

    from baikonur import selfcheck
    from baikonur_sphinx.book_outputs import NEEDS, BookOutputRenderer

    check = selfcheck.choice("demo-pick", "Which?", ["a", "b"], answer="a")
    bundle = check._repr_mimebundle_()
    data = SimpleNamespace(mime_type=selfcheck.MIME, content=bundle[selfcheck.MIME])
    [node] = BookOutputRenderer.handle_mime(None, data, inline=False)
    assert node.astext() == selfcheck.form_html(check.data())
    assert "<style" not in node.astext() and "<script" not in node.astext()
    assert node[NEEDS] == ["selfcheck.css", "selfcheck.js"]
    # The notebook's fallback carries the same files inline (JupyterLab, Colab).
    assert bundle["text/html"].count("<script>") == 1
    assert (selfcheck.STATIC / "selfcheck.js").read_text(encoding="utf-8") in bundle["text/html"]


@pytest.fixture(scope="module")
def bundles():
    return _plotly_bundles(str(ROOT), "node_modules")


@pytest.mark.parametrize(
    "traces, expected",
    [
        ({"scatter"}, "plotly.js-basic-dist-min"),
        ({"bar", "pie"}, "plotly.js-basic-dist-min"),
        ({"scattergeo"}, "plotly.js-geo-dist-min"),
        ({"scatter", "sankey"}, "plotly"),  # only the full bundle from the plotly wheel has sankey
    ],
)
def test_smallest_bundle_that_has_every_trace(bundles, traces, expected):
    assert smallest_bundle(bundles, traces).name == expected


def test_no_bundle_for_an_unknown_trace(bundles):
    assert smallest_bundle(bundles, {"not_a_trace"}) is None


def test_npm_bundle_must_match_the_plotly_wheel(tmp_path):
    fake = tmp_path / "node_modules" / "plotly.js-basic-dist-min"
    fake.mkdir(parents=True)
    (fake / "package.json").write_text(json.dumps({"version": "0.0.1"}))
    (fake / "plotly-basic.min.js").write_text('moduleType:"trace",name:"scatter"')
    _plotly_bundles.cache_clear()
    try:
        with pytest.raises(
            ExtensionError,
            match=r"plotly.js-basic-dist-min is version 0.0.1, but plotly .* "
            r"writes figures for plotly.js",
        ):
            _plotly_bundles(str(tmp_path), "node_modules")
    finally:
        _plotly_bundles.cache_clear()
