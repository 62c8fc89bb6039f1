"""baikonur_sphinx.icon_font: Font Awesome's webfonts cut to the icons the site shows."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from baikonur_sphinx.icon_font import (
    WEBFONTS,
    _theme_static,
    drop_unused_icon_rules,
    icon_classes,
    icon_codepoints,
    subset_font,
)

THEME_CSS = (
    '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
    '.fa-rocket:before{content:"\\f135"}'
    '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
    # The theme's own icons, as custom properties (escaped or the character itself).
    ':root{--pst-icon-bell:"\\f0f3";--pst-icon-share:"\uf064"}'
    '.onthispage:after{content:"\\f107";font-family:Font Awesome}'
    '.note:after{content:"Note"}'
)
PAGE = '<button><i class="fa-solid fa-bars"></i></button><span class="fa-search"></span>'


def test_icons_the_pages_use_and_the_stylesheets_own():
    found = icon_codepoints([THEME_CSS], [PAGE])
    assert found == {0xF0C9, 0xF002, 0xF0F3, 0xF064, 0xF107}
    assert 0xF135 not in found, "fa-rocket is on no page: its glyph is not needed"


def test_a_class_written_by_a_script_counts():
    script = 'icon.className = "fa-solid fa-rocket";'
    assert 0xF135 in icon_codepoints([THEME_CSS], [PAGE, script])


def test_unused_icon_rules_leave_the_stylesheet():
    css = drop_unused_icon_rules(THEME_CSS, icon_classes([PAGE]))
    assert ".fa-rocket" not in css
    assert ".fa-bars:before,.fa-navicon:before" in css
    assert ".fa-search:before" in css, "an alias of a used icon keeps the rule"
    assert "--pst-icon-bell" in css and ".onthispage:after" in css


def test_the_subset_has_exactly_the_glyphs_asked_for():
    original = (_theme_static() / WEBFONTS / "fa-solid-900.woff2").read_bytes()
    wanted = {0xF0C9, 0xF002, 0xF107}
    cut = subset_font(original, wanted | {0xE000}, "woff2")  # E000: not in the font
    font = TTFont(io.BytesIO(cut))
    assert set(font.getBestCmap()) == wanted
    assert font.flavor == "woff2"
    assert len(cut) < len(original) / 20, f"{len(cut):,} bytes: not cut"
    # Font Awesome's licence notice stays in the font's names.
    assert any("fontawesome" in str(n).lower() for n in font["name"].names)
