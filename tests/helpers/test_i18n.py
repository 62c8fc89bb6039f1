"""The book's language (baikonur.i18n): one setting, the French wording and French numbers."""

from datetime import datetime, time, timedelta

import pytest

from baikonur import i18n, style
from baikonur_sphinx import catalogs

NNBSP, NBSP = i18n.NNBSP, i18n.NBSP


@pytest.fixture
def french(monkeypatch):
    monkeypatch.setenv(i18n.LANG_ENV, "fr")


def test_language_comes_from_the_environment_and_defaults_to_english(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert i18n.language() == "en"
    monkeypatch.setenv(i18n.LANG_ENV, "fr_FR")
    assert i18n.language() == "fr"
    monkeypatch.setenv(i18n.LANG_ENV, "de")
    with pytest.raises(ValueError, match="BAIKONUR_LANG says the book's language is 'de'"):
        i18n.language()


def test_numbers_in_english_are_unchanged(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert style.format_int(36175) == "36,175"
    assert style.format_date("2021-10-05") == "5 October 2021"
    assert i18n.format_number(1546.49, 1, "km") == f"1,546.5{NBSP}km"
    assert i18n.format_degrees(51.64) == "51.6°"
    assert i18n.format_time(datetime(2021, 10, 5, 8, 55, 2), seconds=True) == "08:55:02"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whole_numbers_are_rounded_to_the_nearest_not_truncated(monkeypatch, lang):
    # int() would give 1,999, 36,175, 0 and -2: a count or a distance shown one short.
    monkeypatch.setenv(i18n.LANG_ENV, lang)
    sep = "," if lang == "en" else NNBSP
    minus = "-" if lang == "en" else i18n.MINUS
    assert style.format_int(1999.6) == f"2{sep}000"
    assert style.format_int(36175.7) == f"36{sep}176"
    assert style.format_int(0.6) == "1"
    assert style.format_int(-2.7) == f"{minus}3"
    assert style.format_int(-1999.6) == f"{minus}2{sep}000", "the sign and separator local"
    assert style.format_int(36175.2) == f"36{sep}175"


def test_numbers_dates_and_times_in_french(french):
    assert style.format_int(1546) == f"1{NNBSP}546"
    assert style.format_date("2021-10-05") == "5 octobre 2021"
    assert i18n.format_date("2021-10-01") == "1er octobre 2021"
    assert i18n.format_number(34, unit="km") == f"34{NBSP}km"
    assert i18n.format_number(1546.49, 1) == f"1{NNBSP}546,5"
    assert i18n.format_degrees(51.64) == "51,6°"
    # A negative number is French too: the minus sign U+2212, as in « −14,5 °C ».
    assert i18n.format_number(-0.64, 1) == "\u22120,6"
    assert i18n.format_number(-14.5, 1, "°C") == f"\u221214,5{NBSP}°C"
    assert i18n.format_degrees(-1546.25, 2) == f"\u22121{NNBSP}546,25°"
    assert i18n.format_number(1.5, 1, sign=True) == "+1,5"
    assert i18n.format_number(-0.04, 1) == "0,0", "a value rounded to zero has no sign"
    assert i18n.format_time(time(6, 35)) == f"6{NBSP}h{NBSP}35"
    assert (
        i18n.format_time("2021-10-05 08:55:02", seconds=True)
        == f"8{NBSP}h{NBSP}55{NBSP}min{NBSP}2{NBSP}s"
    )
    assert i18n.format_date("2022-04-09", precision="month") == "avril 2022"


def test_glued_numbers_are_written_by_the_same_formatter():
    # {glue:text}`key:spec` in the prose: the number written once, the edition's way.
    assert i18n.format_glued("1546.5", ",.1f", "en") == "1,546.5"
    assert i18n.format_glued("1546.5", ",.1f", "fr") == f"1{NNBSP}546,5"
    assert i18n.format_glued("-14.5", ".1f", "fr") == "\u221214,5"
    assert i18n.format_glued("-14.5", ".1f", "en") == "-14.5"
    assert i18n.format_glued("1961", ".0f", "fr") == "1961", "no separator unless the spec asks"
    assert i18n.format_glued("36175", ",", "fr") == f"36{NNBSP}175"
    assert i18n.format_glued("0.4512", ".0%", "en") == "45%"
    assert i18n.format_glued("0.4512", ".0%", "fr") == f"45{NNBSP}%"
    assert i18n.format_glued("'MS-19'", "s", "fr") == "MS-19"
    # Rounded as Python's format spec rounds (the exact binary value, half to even).
    for value in (0.35, 2.675, 1546.25, 0.125):
        for spec in (".1f", ".2f", ",.0f"):
            assert i18n.format_glued(repr(value), spec, "en") == format(value, spec)


def test_durations_the_way_mission_reports_write_them():
    assert i18n.format_duration(timedelta(days=11, hours=19, minutes=41), lang="en") == (
        "11 d 19 h 41 min"
    )
    assert i18n.format_duration(timedelta(days=11, hours=19, minutes=41), lang="fr") == (
        "11 j 19 h 41 min"
    )
    assert i18n.format_duration(timedelta(minutes=10, seconds=31), "second", "en") == "10 min 31 s"
    assert i18n.format_duration(42, "second", "en") == "42 s"


def test_french_typography():
    assert i18n.french_typography("Pourquoi ? Voici : le défi ; « Le Défi »!") == (
        f"Pourquoi{NNBSP}? Voici{NNBSP}: le défi{NNBSP}; «{NNBSP}Le Défi{NNBSP}»{NNBSP}!"
    )
    assert i18n.french_typography("à 08:55 sur https://x.org") == "à 08:55 sur https://x.org"
    assert i18n.quote("Le Défi", "fr") == f"«{NNBSP}Le Défi{NNBSP}»"


def test_tr_is_the_identity_in_english_and_the_catalog_in_french(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert i18n.tr("Railways") == "Railways"
    assert i18n.tr("Railways", lang="fr") == "Voies ferrées"


def test_a_string_missing_from_the_catalog_is_named(french):
    with pytest.raises(KeyError, match="no translation of 'No such caption'.*make translations"):
        i18n.tr("No such caption")


def test_the_plotly_template_writes_french_numbers_in_french(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert style._house_template().layout.separators is None
    monkeypatch.setenv(i18n.LANG_ENV, "fr")
    assert style._house_template().layout.separators == f",{NNBSP}"


HEADER = (
    "---\njupytext:\n  formats: md:myst\n"
    "kernelspec:\n  name: python3\n  display_name: Python 3\n---\n"
)


def test_collecting_finds_literal_tr_calls(tmp_path):
    (tmp_path / "baikonur").mkdir()
    (tmp_path / "book").mkdir()
    (tmp_path / "baikonur" / "x.py").write_text('from .i18n import tr\nT = tr("Pad")\n')
    (tmp_path / "book" / "c.md").write_text(
        HEADER + '# T\n\n```{code-cell} ipython3\n%matplotlib\nfig.update(title=tr("Orbit"))\n```\n'
    )
    # The chapter read as a notebook (jupytext), its file named; line numbers are left out, so
    # an edit above a message does not rewrite its location.
    assert catalogs.tr_messages(tmp_path) == [("Pad", "baikonur/x.py"), ("Orbit", "book/c.md")]


def test_collecting_reads_code_cells_with_options(tmp_path):
    # A MyST code cell's options, short (":tags:") or a YAML block (the exercise cells' marker),
    # are not Python: the tr() calls after them are still collected.
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "c.md").write_text(
        HEADER + '```{code-cell} ipython3\n:tags: [remove-cell]\nA = tr("Short")\n```\n\n'
        "```{code-cell} ipython3\n---\nbaikonur:\n  learners: true\ntags: [remove-input]\n---\n"
        'B = tr("Block")\n```\n'
    )
    assert [m for m, _ in catalogs.tr_messages(tmp_path)] == ["Short", "Block"]


def _po(entries: dict[str, str]) -> str:
    body = "".join(f'#: book/x.md\nmsgid "{k}"\nmsgstr "{v}"\n\n' for k, v in entries.items())
    return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n' + body


def _template(*ids: str):
    from babel.messages.catalog import Catalog

    template = Catalog()
    for message in ids:
        template.add(message, locations=[("book/x.md", None)])
    return template


def test_updating_a_catalog_guesses_nothing_and_touches_only_what_changed(tmp_path):
    from babel.messages.pofile import read_po

    page, other = tmp_path / "x.po", tmp_path / "y.po"
    page.write_text(_po({"Article": "Article", "Check yourself": ""}), encoding="utf-8")
    other.write_text(_po({"Check yourself": "Testez-vous"}), encoding="utf-8")
    templates = {
        page: _template("Article", "April", "Check yourself"),
        other: _template("Check yourself"),
    }
    assert page in catalogs.update(templates, "fr")
    with page.open("rb") as stream:
        merged = {m.id: (m.string, m.fuzzy) for m in read_po(stream) if m.id}
    # "April" is new: empty, not a fuzzy "Article" (msgmerge's guess).
    assert merged["April"] == ("", False)
    # A stock sentence the book translates elsewhere, word for word, is translated once.
    assert merged["Check yourself"] == ("Testez-vous", False)
    # Nothing changed the second time: nothing is written (not even the header's dates).
    before = page.read_bytes(), other.read_bytes()
    assert catalogs.update(templates, "fr") == []
    assert (page.read_bytes(), other.read_bytes()) == before


def test_tr_fills_in_values_after_translating(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert i18n.tr("{site} led {n} years", site="Baikonur", n=21) == "Baikonur led 21 years"


def test_translatable_data_fields_are_collected(tmp_path):
    import json

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.csv").write_text("id,event,source\n1,Hatch closed,x\n2,,x\n")
    (tmp_path / "data" / "datapackage.json").write_text(
        json.dumps(
            {
                "resources": [
                    {
                        "name": "events",
                        "path": "events.csv",
                        "schema": {
                            "fields": [
                                {"name": "id"},
                                {"name": "event", "baikonur:translatable": True},
                                {"name": "source"},
                            ]
                        },
                    }
                ]
            }
        )
    )
    assert catalogs.data_messages(tmp_path) == [("Hatch closed", "data/events.csv")]


def test_a_table_writes_its_unformatted_numbers_the_editions_way(monkeypatch):
    import pandas as pd

    from baikonur.tables import table_html

    frame = pd.DataFrame({"gap": [-41, 3], "rate": [94.5, 30.0], "year": [1994, 2021]})
    headers = {"gap": "Gap (s)", "rate": "Rate (%)", "year": "Year"}
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    english = table_html(frame, headers)
    for text in ("<td>-41</td>", "<td>94.5</td>", "<td>30.0</td>", "<td>1994</td>"):
        assert text in english, "English as str writes it"
    monkeypatch.setenv(i18n.LANG_ENV, "fr")
    french = table_html(frame, headers)
    for text in ("<td>\u221241</td>", "<td>94,5</td>", "<td>30,0</td>", "<td>1994</td>"):
        assert text in french
