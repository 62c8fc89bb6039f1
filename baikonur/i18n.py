"""The book's language, in one place: which edition is being built, its words and its numbers.

The book is written in English and translated into French from the same notebooks. Each
language's build runs the notebooks in a kernel whose environment says the language
(``BAIKONUR_LANG``, set by the build extension from Sphinx's ``language``; "en" when unset, as in
JupyterLab, Binder or Colab). Everything a cell prints in words follows it:

* :func:`tr` gives the edition's wording of a short string in a figure, map or table (a title, an
  axis label, a legend, a layer name, a table header, a verdict word). The French wording is in
  the gettext catalog ``locales/fr/LC_MESSAGES/baikonur.po``; ``make translations``
  (:mod:`baikonur_sphinx.catalogs`) collects every ``tr("…")`` of the helpers and chapters.
* :func:`format_number`, :func:`format_int`, :func:`format_degrees`, :func:`format_date`,
  :func:`format_time` and :func:`format_duration` are the book's one way of writing numbers,
  dates, times and durations (Babel, plus the house style's extras): "1,546", "−14,5",
  "5 October 2021", "06:35", "3 h 22 min" in English; "1 546", "−14,5", "5 octobre 2021",
  "6 h 35", "3 h 22 min" in French, with the narrow no-break spaces of French typography
  (:data:`NNBSP`). :func:`format_glued` writes the numbers glued into the prose the same way.

Only literal strings are looked up: ``tr(f"…")`` or ``tr(name)`` cannot be collected, so
:func:`tr` accepts them but ``make translations`` does not see them (write the literal).
"""

from __future__ import annotations

import ast
import math
import os
import re
from datetime import date, datetime, time
from decimal import Decimal
from numbers import Real
from functools import lru_cache
from pathlib import Path

__all__ = [
    "LANG_ENV",
    "LANGUAGES",
    "MissingTranslationError",
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
    "format_glued",
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


class MissingTranslationError(KeyError):
    """A ``tr()`` string the edition's catalog does not translate (a KeyError whose message,
    printed by the build's console, reads as a sentence, not as a quoted key)."""

    def __str__(self) -> str:
        return str(self.args[0])


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
            raise MissingTranslationError(
                f"{catalog_path(lang).relative_to(LOCALES.parent)} has no translation of "
                f"{message!r}: run `make translations`, then translate it there"
            )
        translated = found
    return translated.format(**values) if values else translated


# Numbers, dates, times and durations: Babel, with the house style's extras ------------------
#
# The one place the book writes a number, a date, a time or a duration. Babel knows each
# language's separators, month names and patterns (CLDR); the house style adds, in French, the
# minus sign U+2212 (« −14,5 °C »), "1er" for the first of the month, "6 h 35" for a time, "j" for
# a day in a duration, and a no-break space between a number and its unit.

#: The minus sign of French typography (Babel's French locale gives the hyphen-minus).
MINUS = "\u2212"
_DATE_PATTERNS = {"day": "d MMMM y", "month": "MMMM y"}
_TIME_PATTERNS = {  # (to the minute, to the second)
    "en": ("HH:mm", "HH:mm:ss"),
    "fr": (f"H{NBSP}'h'{NBSP}mm", f"H{NBSP}'h'{NBSP}mm{NBSP}'min'{NBSP}s{NBSP}'s'"),
}
_DURATION_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def format_number(
    value: float,
    decimals: int | None = 0,
    unit: str = "",
    lang: str | None = None,
    *,
    sign: bool = False,
    grouping: bool = True,
) -> str:
    """A number with ``decimals`` decimals and an optional unit: "1,546.5 km" (en), "1 546,5 km"
    (fr), "−14,5" (fr). ``decimals=None`` writes as many as the value needs (as ``str`` does);
    ``sign`` writes "+" before a positive number; ``grouping=False`` leaves out the thousands
    separator. Rounded as Python's format spec rounds (half to even, on the exact binary value),
    so a value glued with ``:.1f`` and one written here agree."""
    from babel.numbers import format_decimal

    lang = language(lang)
    if isinstance(value, bool) or value is None or not math.isfinite(float(value)):
        raise ValueError(f"format_number needs a finite number, got {value!r}")
    exact = Decimal(str(value)) if decimals is None else Decimal(float(value))
    fraction = "#" * 15 if decimals is None else "0" * decimals
    pattern = ("#,##0" if grouping else "0") + (f".{fraction}" if fraction else "")
    if sign:
        pattern = f"+{pattern};-{pattern}"
    text = format_decimal(exact, pattern, locale=lang)
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # "-0.0": a value that rounds to zero has no sign
    if lang == "fr":
        text = text.replace("-", MINUS)
    return f"{text}{NBSP}{unit}" if unit else text


def format_int(value: float, lang: str | None = None) -> str:
    """A whole number with thousands separators, rounded to the nearest: 36175 -> "36,175"
    (en), "36 175" (fr)."""
    return format_number(value, 0, lang=lang)


def format_degrees(value: float, decimals: int = 1, lang: str | None = None) -> str:
    """An angle in degrees: "51.6°" (en), "51,6°" (fr)."""
    return format_number(value, decimals, lang=lang) + "°"


def format_glued(text: str, spec: str, lang: str | None = None) -> str:
    """A value glued into the prose with a format spec (``{glue:text}`key:,.1f```), written by
    :func:`format_number`. myst-nb gives the value's text/plain and the spec; the build
    (:mod:`baikonur_sphinx.translation`) sends every ``{glue:text}`` here. Other specs (text,
    ``:s``) are written as Python writes them."""
    from myst_nb.core.variables import format_plain_text

    shape = re.fullmatch(r"(\+)?(,)?(?:\.(\d+))?([fd%]?)", spec)
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = None
    if not spec or not shape or isinstance(value, bool) or not isinstance(value, (int, float)):
        return format_plain_text(text, spec)
    sign, grouping, decimals, kind = shape.groups()
    if decimals is None and (kind in "fF%" and kind):
        decimals = "6" if kind != "%" else "0"  # Python's default precision
    places = int(decimals) if decimals is not None else (0 if isinstance(value, int) else None)
    if kind == "%":
        return format_number(100 * value, places, lang=lang, sign=bool(sign)) + (
            f"{NNBSP}%" if language(lang) == "fr" else "%"
        )
    return format_number(value, places, lang=lang, sign=bool(sign), grouping=bool(grouping))


def _stamp(value):
    import pandas as pd

    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise ValueError(f"needs a date or time, got {value!r}")
    return stamp


def format_date(
    value: date | datetime | str, lang: str | None = None, precision: str = "day"
) -> str:
    """A date in words: "5 October 2021" (en), "5 octobre 2021", "1er octobre 2021" (fr). With
    ``precision="month"``, the month alone: "April 2022", "avril 2022"."""
    from babel.dates import format_date as babel_date

    lang = language(lang)
    try:
        day = _stamp(value).date()
    except (ValueError, TypeError):
        raise ValueError(f"format_date needs a date, got {value!r}") from None
    text = babel_date(day, _DATE_PATTERNS[precision], locale=lang)
    if lang == "fr" and precision == "day" and day.day == 1:
        text = "1er" + text[1:]
    return text


def format_time(
    value: datetime | time | str, seconds: bool = False, lang: str | None = None
) -> str:
    """A time of day: "06:35" or "06:35:02" (en), "6 h 35" or "6 h 35 min 2 s" (fr).

    No time zone is added: say it in the sentence ("08:55:02 UTC", "8 h 55 UTC").
    """
    from babel.dates import format_time as babel_time

    lang = language(lang)
    clock = value if isinstance(value, time) else _stamp(value).to_pydatetime().time()
    return babel_time(clock.replace(tzinfo=None), _TIME_PATTERNS[lang][seconds], locale=lang)


def format_duration(span, unit: str = "minute", lang: str | None = None) -> str:
    """A duration the way mission reports write it, rounded to the nearest ``unit`` ("second",
    "minute", "hour" or "day"), zero leading parts left out: "11 d 19 h 41 min", "3 h 22 min",
    "10 min 31 s"; French writes the day "j" ("11 j 19 h 41 min"). A number is seconds."""
    import pandas as pd

    if unit not in _DURATION_UNITS:
        raise ValueError(f"unit must be one of {', '.join(_DURATION_UNITS)}, got {unit!r}")
    total = float(span) if isinstance(span, Real) else pd.Timedelta(span).total_seconds()
    if not total >= 0:
        raise ValueError(f"a duration to format must be zero or positive, got {span!r}")
    step = _DURATION_UNITS[unit]
    rest = round(total / step) * step
    parts = []
    for name, size in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
        if size >= step:
            amount, rest = divmod(rest, size)
            parts.append((int(amount), "j" if name == "d" and language(lang) == "fr" else name))
    while len(parts) > 1 and parts[0][0] == 0:
        parts = parts[1:]
    return " ".join(f"{amount} {name}" for amount, name in parts)


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
