"""The Sphinx extension (baikonur_sphinx) on a tiny fixture book, built with ``sphinx.testing`` as
MyST-NB tests its own extension: tests/roots/test-book, a Markdown page and a MyST notebook with a
glued number and a Plotly figure. Seconds instead of the whole book's minutes, and each failure
points at one hook of the extension."""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from conftest import ROOT

FIXTURE_BOOK = Path(__file__).resolve().parent.parent / "roots" / "test-book"


def _copy_of_the_fixture_book(folder: Path) -> Path:
    source = folder / "test-book"
    shutil.copytree(FIXTURE_BOOK, source)
    # The front-end packages the extension serves from the site (plotly.js, Leaflet, MathJax).
    (source / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copy2(ROOT / "package.json", source / "package.json")
    return source


def _build(source: Path, **overrides) -> tuple[SphinxTestApp, str]:
    """Build the book; the app and what Sphinx warned."""
    warnings = StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=source,
        confoverrides=overrides,
        builddir=source / "_build",
        status=StringIO(),
        warning=warnings,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture book, built once for the module's tests (its HTML folder)."""
    source = _copy_of_the_fixture_book(tmp_path_factory.mktemp("extension"))
    app, warnings = _build(source)
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings
    return Path(app.outdir)


def _page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def _meta(text: str, attribute: str, name: str) -> str | None:
    for tag in re.findall(r"<meta\b[^>]*>", text):
        if re.search(rf'\b{attribute}="{re.escape(name)}"', tag):
            found = re.search(r'\bcontent="([^"]*)"', tag)
            return found.group(1) if found else None
    return None


def test_plotly_figure_becomes_a_placeholder_with_a_local_bundle(site):
    text = _page(site, "book/chapter.html")
    payload = re.search(
        r'<script type="application/json" class="bk-plotly-json">(.*?)</script>', text, re.S
    )
    assert payload, "the Plotly output did not become the extension's placeholder"
    assert json.loads(payload.group(1))["layout"]["title"]["text"] == "Two bars"
    scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', text)
    plotly = [s for s in scripts if "plotly" in s]
    assert plotly and all(not s.startswith(("http:", "https:", "//")) for s in plotly), scripts
    assert (site / "book" / plotly[0].split("?")[0]).resolve().is_file(), plotly[0]


def test_only_pages_with_figures_load_plotly(site):
    assert "plotly" not in " ".join(
        re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', _page(site, "book/intro.html"))
    )


def test_meta_description_is_the_opening_text_with_glued_numbers(site):
    # sphinxext-opengraph writes it (ogp_enable_meta_description), the same as og:description.
    text = _page(site, "book/chapter.html")
    description = _meta(text, "name", "description")
    assert description and description == _meta(text, "property", "og:description")
    assert description.startswith("Short answer: yes. The cell below glues 42 into this sentence")
    assert "{glue" not in description
    intro = _meta(_page(site, "book/intro.html"), "name", "description")
    assert intro and intro.startswith("A tiny book that the Sphinx extension")


def test_myst_notebook_is_offered_as_ipynb_without_outputs(site):
    text = _page(site, "book/chapter.html")
    link = re.search(r'href="([^"]+\.ipynb)"[^>]*\bbtn-download-notebook-button', text)
    assert link, "no .ipynb download button on a MyST notebook page"
    notebook = json.loads((site / "book" / link.group(1)).resolve().read_text(encoding="utf-8"))
    # The learners' notebook: its first code cell (in a chapter, the Colab cell) is the one that
    # gets the book's helpers; no cell carries an output.
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and "baikonur" in "".join(code[0]["source"]), "no set-up cell first"
    assert not any(c.get("outputs") for c in code), "the download has no outputs"
    assert "jupytext" not in notebook["metadata"]


def test_markdown_page_offers_no_notebook(site):
    assert ".ipynb" not in _page(site, "book/intro.html")


def test_chapter_missing_from_the_toc_stops_the_build(tmp_path):
    source = _copy_of_the_fixture_book(tmp_path)
    (source / "book" / "extra.md").write_text("# Extra\n\nA page nobody listed.\n")
    with pytest.raises(
        ExtensionError,
        match=r"book/extra.md is not in _toc.yml: add the line "
        r"`  - file: book/extra`",
    ):
        _build(source)


def test_a_notebook_that_stops_on_a_data_error_shows_the_error_on_the_console(tmp_path):
    # As the book builds (execution errors are warnings, not exceptions): the data error's own
    # message, which names the file, row and field, reaches the console, not only
    # "CellExecutionError" and the glue warnings that follow from it.
    source = _copy_of_the_fixture_book(tmp_path)
    chapter = source / "book" / "chapter.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "from myst_nb import glue\n",
            "from myst_nb import glue\nfrom baikonur.data import DataError\n\n"
            "raise DataError(\n"
            "    \"claims.csv, row 7 (line 8), field 'verdict': expected one of true, false, \"\n"
            "    \"got 'maybe'\"\n"
            ")\n",
        ),
        encoding="utf-8",
    )
    _, warnings = _build(source, nb_execution_raise_on_error=False)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", warnings)
    expected = (
        "DataError: claims.csv, row 7 (line 8), field 'verdict': expected one of true, false, "
        "got 'maybe'"
    )
    on_the_page = re.search(
        r"book/chapter(?:\.md)?: ERROR: the notebook stopped on an error, so the page is "
        r"incomplete \(1 missing glue value\(s\) on the page follow from it\):\n(.*)",
        plain,
    )
    # The glue warning that follows from the error is counted in it, not printed.
    assert "No key 'answer' found in glue data" not in plain, plain
    assert on_the_page and on_the_page.group(1) == expected, plain
    summary = plain[plain.index("1 page(s) stopped on an error") :]
    assert f"book/chapter.md: {expected}" in summary, plain
