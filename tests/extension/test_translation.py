"""Glued values in translated paragraphs, and the links between the two editions.

The fixture is a one-notebook Sphinx project translated into French: it reproduces the known
pitfall (myst-nb alone renders a ``{glue:text}`` of a translated paragraph empty, with "No key …
found in glue data") and checks that the book's extension (baikonur_sphinx.translation) fixes it.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import sys
from pathlib import Path
from xml.etree import ElementTree


from baikonur.i18n import NNBSP
from baikonur_sphinx import translation

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "markdown",
            "id": "title",
            "metadata": {},
            "source": [
                "# Launches\n",
                "\n",
                "The pad saw {glue:text}`n:,d` launches, {glue:text}`share:.1f` % of them "
                "in {glue:text}`month`. Nights average {glue:text}`cold:.1f` °C.",
            ],
        },
        {
            "cell_type": "code",
            "id": "glue",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "from myst_nb import glue\n",
                "from baikonur.style import format_date\n",
                "glue('n', 1546, display=False)\n",
                "glue('share', 12.25, display=False)\n",
                "glue('month', format_date('2021-10-05'), display=False)\n",
                "glue('cold', -14.5, display=False)\n",
            ],
        },
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}

CATALOG = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Launches"
msgstr "Lancements"

msgid ""
"The pad saw {glue:text}`n:,d` launches, {glue:text}`share:.1f` % of them in "
"{glue:text}`month`. Nights average {glue:text}`cold:.1f` °C."
msgstr ""
"Le pas de tir a vu {glue:text}`n:,d` lancements, dont {glue:text}`share:.1f` % le "
"{glue:text}`month`. Les nuits sont en moyenne à {glue:text}`cold:.1f` °C."
"""


def build_fixture(
    tmp_path: Path, with_fix: bool, extra_code: str = "", more: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    (src / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (src / "locales" / "fr" / "LC_MESSAGES" / "page.po").write_text(CATALOG, encoding="utf-8")
    notebook = json.loads(json.dumps(NOTEBOOK))
    notebook["cells"][1]["source"].insert(0, extra_code)
    (src / "page.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{toctree}\npage\n```\n", encoding="utf-8")
    extensions = ["myst_nb", "baikonur_sphinx.translation"] if with_fix else ["myst_nb"]
    extensions += list(more)
    (src / "conf.py").write_text(
        f"extensions = {extensions!r}\nlanguage = 'fr'\nlocale_dirs = ['locales/']\n"
        "gettext_compact = False\nnb_execution_mode = 'force'\n"
        "exclude_patterns = ['_build', 'locales']\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-E",
            str(src),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def paragraph(tmp_path: Path) -> str:
    html = (tmp_path / "html" / "page.html").read_text(encoding="utf-8")
    start = html.index("Le pas de tir")
    return html[start : html.index("</p>", start)]


@pytest.mark.build  # builds a one-page book
def test_without_the_fix_myst_nb_loses_glued_values_in_translated_paragraphs(tmp_path):
    """The pitfall this extension fixes (if myst-nb ever fixes it, this test says so)."""
    build = build_fixture(tmp_path, with_fix=False)
    assert "No key 'n' found in glue data" in build.stderr, (
        "myst-nb now finds glue data in translated paragraphs by itself: the fix in "
        "baikonur_sphinx/translation.py may no longer be needed.\n" + build.stderr
    )


@pytest.mark.build  # builds a one-page book
def test_translated_paragraphs_carry_the_glued_values_written_the_french_way(tmp_path):
    build = build_fixture(tmp_path, with_fix=True, more=("sphinxext.opengraph",))
    warnings = [
        line
        for line in build.stderr.splitlines()
        if "WARNING" in line and "IPKernelApp" not in line
    ]
    assert build.returncode == 0 and not warnings, build.stderr
    text = paragraph(tmp_path)
    assert f'<span class="pasted-text">1{NNBSP}546</span> lancements' in text, (
        f"the count should be glued in, with a French thousands separator: {text!r}"
    )
    assert (
        '<span class="pasted-text">12,2</span>' in text
        or '<span class="pasted-text">12,3</span>' in text
    ), f"decimal comma expected: {text!r}"
    # The kernel ran in French (BAIKONUR_LANG from Sphinx's language): a French date.
    assert '<span class="pasted-text">5 octobre 2021</span>' in text, text
    # A negative number is French too: the minus sign U+2212, not the hyphen of "-14.5".
    assert '<span class="pasted-text">\u221214,5</span> °C' in text, text
    # ... and the page's description keeps the space before it (opengraph joins a word and a
    # following hyphen-minus: "average-14.5").
    html = (tmp_path / "html" / "page.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert description and "moyenne à \u221214,5 °C" in description[1].replace(NNBSP, " "), html


@pytest.mark.build  # builds a one-page book
def test_a_missing_translation_names_its_file_string_and_fix_on_the_console(tmp_path):
    """A new tr() string in a chapter, not yet in baikonur.po: the French build says so, once,
    and not as the glued values that went missing because the notebook stopped."""
    build = build_fixture(
        tmp_path,
        with_fix=True,
        extra_code="from baikonur.i18n import tr\ntr('A caption nobody translated')\n",
        more=("baikonur_sphinx.execution_errors",),
    )
    console = build.stderr
    assert (
        "locales/fr/LC_MESSAGES/baikonur.po has no translation of 'A caption nobody "
        "translated': run `make translations`, then translate it there"
    ) in console, console
    assert "KeyError" not in console and "Traceback" not in console, "a sentence, not a trace"
    for fallout in ("No key", "Glue reference"):
        assert fallout not in console, "the glue values the error left out are not listed"


def test_each_page_links_to_its_other_edition():
    assert translation._page_url("fr", "book/intro", ".html", "en", "") == "../fr/book/intro.html"
    assert translation._page_url("en", "book/intro", ".html", "fr", "") == "../../book/intro.html"
    assert (
        translation._page_url("en", "index", ".html", "fr", "https://x.org/b/fr/")
        == "https://x.org/b/index.html"
    )
    assert (
        translation._page_url("fr", "index", ".html", "en", "https://x.org/b/")
        == "https://x.org/b/fr/index.html"
    )


def test_one_sitemap_lists_both_editions_with_alternates(tmp_path):
    for prefix in ("", "fr/"):
        (tmp_path / prefix / "book").mkdir(parents=True, exist_ok=True)
        (tmp_path / prefix / "book" / "intro.html").write_text("x")
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://x.org/b/book/intro.html</loc></url>"
        "<url><loc>https://x.org/b/book/only-english.html</loc></url></urlset>"
    )
    (tmp_path / "fr" / "sitemap.xml").write_text("<urlset/>")
    translation.merge_sitemaps(tmp_path, "https://x.org/b/")
    ns = {"s": translation._SITEMAP, "x": translation._XHTML}
    root = ElementTree.parse(tmp_path / "sitemap.xml").getroot()
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert locs == [
        "https://x.org/b/book/intro.html",
        "https://x.org/b/book/only-english.html",
        "https://x.org/b/fr/book/intro.html",
    ]
    french = root.findall("s:url", ns)[2]
    assert {(link.get("hreflang"), link.get("href")) for link in french.findall("x:link", ns)} == {
        ("en", "https://x.org/b/book/intro.html"),
        ("fr", "https://x.org/b/fr/book/intro.html"),
    }
    assert not (tmp_path / "fr" / "sitemap.xml").exists(), "the French sitemap is merged, then gone"


def test_french_download_and_launch_buttons_say_the_notebook_is_english():
    buttons = [
        {
            "type": "group",
            "label": "download-buttons",
            "buttons": [
                {
                    "type": "link",
                    "text": ".ipynb",
                    "tooltip": "Download source file",
                    "label": "download-source-button",
                }
            ],
        },
        {
            "type": "group",
            "label": "launch-buttons",
            "buttons": [
                {"type": "link", "text": "Binder", "tooltip": "Launch on Binder"},
                {
                    "type": "javascript",
                    "text": "Live Code",
                    "tooltip": "Launch Thebe",
                    "label": "launch-thebe",
                },
            ],
        },
        {"type": "javascript", "label": "fullscreen-button", "tooltip": "Fullscreen mode"},
    ]
    translation._label_buttons(buttons, "fr")
    assert buttons[0]["buttons"][0]["text"] == ".ipynb (en anglais)"
    assert [b["text"] for b in buttons[1]["buttons"]] == [
        "Binder (notebook en anglais)",
        "Code en direct (notebook en anglais)",
    ]
    assert buttons[1]["buttons"][0]["tooltip"] == "Lancer sur Binder (notebook en anglais)"
    assert buttons[2] == {
        "type": "javascript",
        "label": "fullscreen-button",
        "tooltip": "Fullscreen mode",
    }
