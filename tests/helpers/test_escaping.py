"""baikonur.escaping: text from data is shown as written, in HTML, in folium's template literals
and in MyST Markdown; and the figure JSON of the build is safe inside its script element."""

from __future__ import annotations

import html
import json
import re

import pytest
from markdown_it import MarkdownIt

from baikonur.escaping import html_text, markdown_text
from baikonur_sphinx.plotly_output import figure_html, figure_json, without_links

HOSTILE = [
    "{{7*7}}",
    "{% raw %}",
    "<img src=x onerror=bk()>",
    "</script><script>bk()</script>",
    "<!--<script>",
    "${bk()}",
    "`",
    "\\`${bk()}",
    "*em* _em_ [link](https://example.org) ![i](x) `code` $x$ {ref}`a` (label)=",
    "line\n# heading\n- item\n```{raw} html\n<b>",
    "&amp; &#60;script&#62; \u2028 \u2029",
    "a \"quoted\" 'value'",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_is_text_in_html_and_in_template_literals(text):
    escaped = html_text(text)
    assert not set("<>\"'`${}\\") & set(escaped)
    assert html.unescape(escaped) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_is_literal_in_commonmark(text):
    rendered = MarkdownIt("commonmark").render(markdown_text(text))
    # One paragraph whose text is the input (line breaks as spaces), with no markup from it.
    expected = html.escape(re.sub(r"[\n\u2028\u2029]+", " ", text).strip(), quote=False)
    assert rendered.strip() == f"<p>{expected}</p>".replace('"', "&quot;")


def test_figure_json_has_no_markup_and_reads_back():
    figure = {"data": [{"text": ["</script><!--<script> & \u2028"]}], "layout": {}}
    payload = figure_json(figure)
    assert not set("<>&\u2028\u2029") & set(payload)
    assert json.loads(payload) == figure
    assert "</script>" not in figure_html(figure)[: -len("</script></div>")]


def test_links_in_figure_text_are_not_links():
    figure = {
        "data": [{"hovertext": ['<a href="https://x.example">x</a>', "<A\nhref=y>", "<b>b</b>"]}]
    }
    shown = without_links(figure)["data"][0]["hovertext"]
    assert shown == ['&lt;a href="https://x.example">x&lt;/a>', "&lt;A\nhref=y>", "<b>b</b>"]
