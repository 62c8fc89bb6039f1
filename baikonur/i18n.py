"""The book's language, in one place: which edition is being built, its words and its numbers.

The book is written in English and translated into French from the same notebooks. Each
language's build runs the notebooks in a kernel whose environment says the language
(``BAIKONUR_LANG``, set by the build extension from Sphinx's ``language``; "en" when unset, as in
JupyterLab, Binder or Colab). Everything a cell prints in words follows it:

* :func:`tr` gives the edition's wording of a short string in a figure, map or table (a title, an
  axis label, a legend, a layer name, a table header, a verdict word). The French wording is in
  the gettext catalog ``locales/fr/LC_MESSAGES/baikonur.po``; ``python -m baikonur.i18n`` (run by
  ``make translations``) collects every ``tr("…")`` of the helpers and the chapters into it.
* :func:`format_int`, :func:`format_number`, :func:`format_date`, :func:`format_time`,
  :func:`format_degrees` and :func:`format_duration` write numbers the edition's way: "1,546",
  "5 October 2021", "06:35" in English; "1 546", "5 octobre 2021", "6 h 35" in French, with the
  narrow no-break spaces of French typography (:data:`NNBSP`).

Only literal strings are looked up: ``tr(f"…")`` or ``tr(name)`` cannot be collected, so
:func:`tr` accepts them but ``make translations`` does not see them (write the literal).
"""

from __future__ import annotations

import ast
import io
import json
import math
import os
import re
import sys
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

__all__ = [
    "LANG_ENV",
    "LANGUAGES",
    "NBSP",
    "NNBSP",
    "catalog_path",
    "format_date",
    "format_degrees",
    "format_duration",
    "format_int",
    "format_number",
    "format_time",
    "french_typography",
    "language",
    "localise_number_text",
    "quote",
    "tr",
]

#: Environment variable that carries the build's language into the kernel.
LANG_ENV = "BAIKONUR_LANG"
#: The editions. The first is the source language.
LANGUAGES = ("en", "fr")
#: No-break space (between a number and its unit: "34 km").
NBSP = "\u00a0"
#: Narrow no-break space (French thousands separator, and before ; : ? ! and inside « »).
NNBSP = "\u202f"

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "baikonur"

_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
_UNITS = {
    "en": {
        "day": ("day", "days"),
        "hour": ("hour", "hours"),
        "minute": ("minute", "minutes"),
        "second": ("second", "seconds"),
        "and": "and",
    },
    "fr": {
        "day": ("jour", "jours"),
        "hour": ("heure", "heures"),
        "minute": ("minute", "minutes"),
        "second": ("seconde", "secondes"),
        "and": "et",
    },
}


def language(lang: str | None = None) -> str:
    """The edition: ``lang`` if given, else ``BAIKONUR_LANG``, else "en"; checked."""
    value = (lang or os.environ.get(LANG_ENV) or LANGUAGES[0]).strip().lower()
    value = value.split("_")[0].split("-")[0]
    if value not in LANGUAGES:
        source = "the lang argument" if lang else f"the environment variable {LANG_ENV}"
        raise ValueError(
            f"{source} says the book's language is {value!r}; the book has {', '.join(LANGUAGES)}"
        )
    return value


def catalog_path(lang: str) -> Path:
    """Where the short strings of figures, maps and tables are translated into ``lang``."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def _catalog(lang: str) -> dict[str, str]:
    path = catalog_path(lang)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the {lang!r} edition has no wording for the strings of figures, "
            f"maps and tables. Run `make translations` and translate it."
        )
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        catalog = read_po(stream)
    return {
        message.id: message.string
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def tr(message: str, lang: str | None = None, **values) -> str:
    """``message`` (English, as written in the code) in the edition's language.

    In English, the message itself. In another language, its translation from the catalog; a
    message the catalog does not translate is an error naming it and the catalog (the book never
    mixes languages silently). With ``values``, the translation is then filled in with
    ``str.format``: ``tr("{site} led the world in {n} years", site=..., n=format_int(n))``
    (the message stays one literal, whose words a translator may reorder around the fields).
    """
    lang = language(lang)
    translated = message
    if lang != LANGUAGES[0]:
        found = _catalog(lang).get(message)
        if found is None:
            raise KeyError(
                f"{catalog_path(lang)} has no translation of {message!r}: run "
                f"`make translations`, then translate it there"
            )
        translated = found
    return translated.format(**values) if values else translated


# Numbers -----------------------------------------------------------------------------------


def localise_number_text(text: str, lang: str | None = None) -> str:
    """Numbers already written the English way ("1,546.5") written the edition's way.

    For text that was formatted with a Python format spec (``f"{n:,.1f}"``, a glue format): in
    French the thousands separator becomes a narrow no-break space and the decimal point a comma
    ("1 546,5"). Other text is left as it is.
    """
    if language(lang) == "en":
        return text

    def french(match: re.Match) -> str:
        return match.group(0).replace(",", "\0").replace(".", ",").replace("\0", NNBSP)

    # A number: digits with optional thousands groups and decimals, not part of a word or a
    # dotted/dashed identifier (MS-19, 2021-10-05, 0.9.1).
    return re.sub(
        r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w.,]*\d)"
        r"|(?<![\w.,-])\d+\.\d+(?![\w.]*\d)",
        french,
        text,
    )


def format_int(value: float, lang: str | None = None) -> str:
    """A whole number with thousands separators, rounded to the nearest: 36175 -> "36,175"
    (en), "36 175" (fr). (Through format_number, which keeps the sign apart: "-2 000" in French.)"""
    return format_number(value, 0, lang=lang)


def format_number(value: float, decimals: int = 0, unit: str = "", lang: str | None = None) -> str:
    """A number with ``decimals`` decimals and an optional unit: "1,546.5 km", "1 546,5 km"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"format_number needs a number, got {value!r}")
    text = f"{value:,.{decimals}f}"
    # The sign apart: localise_number_text leaves a number after a hyphen alone ("MS-19").
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    text = sign + localise_number_text(digits, lang)
    return f"{text}{NBSP}{unit}" if unit else text


def format_degrees(value: float, decimals: int = 1, lang: str | None = None) -> str:
    """An angle in degrees: "51.6°" (en), "51,6°" (fr)."""
    return format_number(value, decimals, lang=lang) + "°"


def _stamp(value):
    import pandas as pd

    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise ValueError(f"needs a date or time, got {value!r}")
    return stamp


def format_date(value: date | datetime | str, lang: str | None = None) -> str:
    """A date in words: "5 October 2021" (en), "5 octobre 2021", "1er octobre 2021" (fr)."""
    lang = language(lang)
    try:
        stamp = _stamp(value)
    except ValueError:
        raise ValueError(f"format_date needs a date, got {value!r}") from None
    day = "1er" if lang == "fr" and stamp.day == 1 else str(stamp.day)
    return f"{day} {_MONTHS[lang][stamp.month - 1]} {stamp.year}"


def format_time(
    value: datetime | time | str, seconds: bool = False, lang: str | None = None
) -> str:
    """A time of day: "06:35" or "06:35:02" (en), "6 h 35" or "6 h 35 min 2 s" (fr).

    No time zone is added: say it in the sentence ("08:55:02 UTC", "8 h 55 UTC").
    """
    lang = language(lang)
    if isinstance(value, time):
        hour, minute, second = value.hour, value.minute, value.second
    else:
        stamp = _stamp(value)
        hour, minute, second = stamp.hour, stamp.minute, stamp.second
    if lang == "en":
        return f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if seconds else "")
    text = f"{hour}{NBSP}h{NBSP}{minute:02d}"
    return text + (f"{NBSP}min{NBSP}{second}{NBSP}s" if seconds else "")


def format_duration(value: timedelta | float, lang: str | None = None) -> str:
    """A duration in words, to the minute: "3 hours and 20 minutes", "3 heures et 20 minutes".

    A number is taken as seconds. Under a minute, seconds are given.
    """
    lang = language(lang)
    total = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if total < 0 or math.isnan(total):
        raise ValueError(f"format_duration needs a duration of zero or more, got {value!r}")
    units = _UNITS[lang]
    if total < 60:
        amounts = [(round(total), "second")]
    else:
        minutes = round(total / 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        amounts = [
            (n, unit) for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")) if n
        ]
    words = [f"{format_int(n, lang)}{NBSP}{units[unit][n != 1]}" for n, unit in amounts]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {units['and']} {words[-1]}"


# Typography --------------------------------------------------------------------------------


def french_typography(text: str) -> str:
    """French spacing: a narrow no-break space before ; : ? ! and inside « » (en: unchanged).

    Spaces already there are replaced; URLs ("https://") and times ("08:55") are left alone.
    """
    text = re.sub(r"[ \u00a0\u202f]*([;?!])", NNBSP + r"\1", text)
    text = re.sub(r"(?<![\d/])[ \u00a0\u202f]*:(?![/\d])", NNBSP + ":", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    return re.sub(r"[ \u00a0\u202f]*»", NNBSP + "»", text)


def quote(text: str, lang: str | None = None) -> str:
    """A quotation: “text” (en), « text » (fr)."""
    return f"«{NNBSP}{text}{NNBSP}»" if language(lang) == "fr" else f"“{text}”"


# Collecting the strings to translate ---------------------------------------------------------


def _literals(source: str, where: str) -> list[tuple[str, str]]:
    # IPython magics and shell lines are not Python: blank them, keeping the line numbers.
    source = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # IPython magics and the like: nothing to collect
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("tr", "_tr")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, f"{where}:{node.lineno}"))
    return found


def collect_messages(root: Path) -> list[tuple[str, str]]:
    """Every ``tr("literal")`` in the helpers and the chapters' code cells, with where it is."""
    found = []
    for module in [
        *sorted((root / "baikonur").glob("*.py")),
        *sorted((root / "baikonur_sphinx").glob("*.py")),
    ]:
        if module.name != "i18n.py":
            found += _literals(module.read_text(encoding="utf-8"), str(module.relative_to(root)))
    for notebook in sorted((root / "book").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, 1):
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                found += _literals(source, f"{notebook.relative_to(root)}#cell{number}")
    for markdown in sorted((root / "book").glob("*.md")):  # MyST Markdown notebooks
        text = markdown.read_text(encoding="utf-8")
        for block in re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, re.M | re.S):
            # A cell's options (":tags: [remove-cell]", or a YAML block between "---" lines)
            # are not Python: blank them, keeping the line numbers.
            block = re.sub(
                r"\A((?:[ \t]*:[\w-]+:.*\n)+|---\n(?:.*\n)*?---\n)",
                lambda options: "\n" * options.group(1).count("\n"),
                block,
            )
            found += _literals(block, str(markdown.relative_to(root)))
    return found


#: A field of data/datapackage.json whose text readers see (an event's name, a place's
#: description) says so with this property; ``make translations`` collects its values.
TRANSLATABLE = "baikonur:translatable"


def collect_data_messages(root: Path) -> list[tuple[str, str]]:
    """The values of every field marked ``"baikonur:translatable": true`` in datapackage.json.

    A chapter shows them through :func:`tr` (``frame["event"].map(tr)``).
    """
    import csv

    package = root / "data" / "datapackage.json"
    if not package.exists():
        return []
    found = []
    for resource in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
        fields = [
            f["name"] for f in resource.get("schema", {}).get("fields", []) if f.get(TRANSLATABLE)
        ]
        if not fields:
            continue
        path = root / "data" / resource["path"]
        with path.open(encoding="utf-8", newline="") as stream:
            for row_number, row in enumerate(csv.DictReader(stream), 2):
                for field in fields:
                    if row.get(field, "").strip():
                        found.append((row[field], f"data/{resource['path']}:{row_number}"))
    return found


def update_catalogs(root: Path = LOCALES.parent) -> list[Path]:
    """Write ``locales/baikonur.pot`` and update each language's ``baikonur.po`` from it.

    Translations are kept; a message whose English changed becomes fuzzy (and fails the tests
    until a translator checks it); a message no longer used is dropped.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(project="Baikonur, explained", charset="utf-8")
    for message, where in collect_messages(root) + collect_data_messages(root):
        path, _, line = where.rpartition(":")
        template.add(
            message, locations=[(where, None)] if not line.isdigit() else [(path, int(line))]
        )

    def write(path: Path, catalog, **options) -> None:
        # Rewritten only if something besides the header's dates changed: the French build
        # runs its notebooks again whenever baikonur.po changes (Makefile).
        stream = io.BytesIO()
        write_po(stream, catalog, width=100, **options)
        new = stream.getvalue()
        undated = re.compile(rb'^"(POT-Creation|PO-Revision)-Date: .*$', re.M)
        if not path.exists() or undated.sub(b"", path.read_bytes()) != undated.sub(b"", new):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(new)

    pot = root / "locales" / f"{DOMAIN}.pot"
    write(pot, template)
    written = [pot]
    for lang in LANGUAGES[1:]:
        path = catalog_path(lang)
        if path.exists():
            with path.open("rb") as stream:
                catalog = read_po(stream, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="Baikonur, explained", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=False)
        write(path, catalog, ignore_obsolete=True)
        written.append(path)
    _catalog.cache_clear()
    return written


if __name__ == "__main__":  # python -m baikonur.i18n: what `make translations` runs
    for written in update_catalogs():
        print(f"[baikonur.i18n] wrote {written.relative_to(LOCALES.parent)}", file=sys.stderr)
