"""Text from data, made safe for the page: the one rule from data to HTML, and its Markdown twin.

Text from ``data/`` (and its translations) is data, never markup or code. Wherever it reaches a
page it goes through one of these two functions:

* :func:`html_text` for HTML (table cells, claim tables, map popups and tooltips, attributes):
  ``&``, ``<``, ``>``, ``"`` and ``'`` become character references, and so do the characters that
  other parsers between the data and the reader would act on: the backtick, ``$`` and the
  backslash (folium puts popup and tooltip HTML in JavaScript template literals, where
  `````, ``${…}`` and ``\\`` are code), and ``{`` and ``}`` (Jinja and MyST substitutions). The
  browser shows every one of them as the character itself.
* :func:`markdown_text` for MyST Markdown (``{glue:md}`` cards and lists): every ASCII
  punctuation character is backslash-escaped (CommonMark: any of them may be), so no emphasis,
  link, raw HTML, role, label, math or substitution can start in it; line breaks become spaces,
  so no block (heading, list, directive) can start either.

* :func:`script_json` for data embedded as JSON in a ``<script>`` (figures, map layers): ``<``,
  ``>``, ``&``, U+2028/2029 as JSON escapes (no ``</script>`` or ``<!--`` in it), and the ``{``
  that would open a Jinja tag (``{{``, ``{%``, ``{#``) as ``\\u007b``: folium's branca reads
  each rendered script again as a Jinja template, so data in it would be evaluated.
"""

from __future__ import annotations

import html
import json
import re
import string
from typing import Any

__all__ = ["html_text", "markdown_text", "script_json"]

# Characters html.escape leaves alone that a template literal, Jinja or MyST would act on.
_MORE_REFERENCES = str.maketrans(
    {"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"}
)
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def html_text(value: object) -> str:
    """``value`` as text in HTML (element content or a quoted attribute value), shown as is."""
    return html.escape(str(value), quote=True).translate(_MORE_REFERENCES)


def markdown_text(value: object) -> str:
    """``value`` as literal text inside a line of (MyST) Markdown, shown as is."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))


_JSON_IN_SCRIPT = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)
# JSON's own braces never open a Jinja tag ("{" is followed by '"' or "}"): only a string's can.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element and in a Jinja template."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _JINJA_OPENER.sub(r"\\u007b", text.translate(_JSON_IN_SCRIPT))
