"""baikonur_sphinx.stylesheets: the stylesheets every page shares, as one file, same cascade."""

from __future__ import annotations

from pathlib import Path

import pytest

from baikonur_sphinx.stylesheets import BUNDLE, THEME_STYLESHEETS, bundle_text, rewrite_urls


@pytest.mark.parametrize(
    ("url", "source", "expected"),
    [
        # pydata-sphinx-theme.css's fonts: the bundle sits beside it, in styles/.
        (
            "url(../vendor/fontawesome/webfonts/fa-solid-900.woff2)",
            "styles/pydata-sphinx-theme.css",
            'url("../vendor/fontawesome/webfonts/fa-solid-900.woff2")',
        ),
        # basic.css, at _static/'s top: one level up from styles/.
        ("url(file.png)", "basic.css", 'url("../file.png")'),
        ("url('img/x.svg?v=2#icon')", "basic.css", 'url("../img/x.svg?v=2#icon")'),
        # Left as they are: inline data, other hosts, absolute paths, SVG fragments.
        ("url(data:image/svg+xml;utf8,<svg/>)", "basic.css", "url(data:image/svg+xml;utf8,<svg/>)"),
        ('url("https://example.org/a.png")', "basic.css", 'url("https://example.org/a.png")'),
        ("url(/a.png)", "basic.css", "url(/a.png)"),
        ("url(#clip)", "basic.css", "url(#clip)"),
    ],
)
def test_urls_point_at_the_same_files_from_the_bundle(url, source, expected):
    assert rewrite_urls(f"a{{background:{url}}}", source, BUNDLE) == f"a{{background:{expected}}}"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_bundle_keeps_the_cascade_order_and_inlines_imports(tmp_path):
    static = write(
        tmp_path,
        {
            "styles/theme.css": '@import "../basic.css";\n.theme{color:red}',
            "basic.css": ".basic{background:url(file.png)}",
            "styles/pydata.css": '@charset "UTF-8";.pydata{color:blue}\n'
            "/*# sourceMappingURL=pydata.css.map*/",
            "ours.css": ".ours{color:green}",
        },
    )
    css = bundle_text(static, ["styles/theme.css", "styles/pydata.css", "ours.css"])
    order = [css.index(rule) for rule in (".basic", ".theme", ".pydata", ".ours")]
    assert order == sorted(order), "the rules must keep the order the page linked them in"
    assert css.startswith('@charset "UTF-8";') and css.count("@charset") == 1
    assert "@import" not in css and 'url("../file.png")' in css
    assert "sourceMappingURL" not in css, "a source map of one file does not describe the bundle"


def test_a_missing_stylesheet_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="gone.css"):
        bundle_text(tmp_path, ["gone.css"])


def test_an_import_loop_is_named(tmp_path):
    static = write(tmp_path, {"a.css": '@import "b.css";', "b.css": '@import "a.css";'})
    with pytest.raises(ValueError, match="a.css imports itself"):
        bundle_text(static, ["a.css"])


def test_the_theme_links_the_stylesheets_the_bundle_replaces():
    # templates/static/webpack-macros.html replaces the theme's head_pre_assets() macro: if a
    # theme upgrade links other stylesheets there, the bundle must follow.
    import pydata_sphinx_theme

    macros = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "webpack-macros.html"
    ).read_text(encoding="utf-8")
    pre_assets = macros.split("{% macro head_pre_assets() %}")[1].split("{% endmacro %}")[0]
    linked = tuple(part.split("'")[0] for part in pre_assets.split("pathto('_static/")[1:])
    assert linked == THEME_STYLESHEETS
