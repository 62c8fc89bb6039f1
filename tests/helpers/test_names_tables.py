"""baikonur.names (French press spellings beside the book's) and baikonur.tables (tables for
readers): what they return, and the errors they give for bad input."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from baikonur.data import DataError, load_table
from baikonur.names import french_spelling, with_french
from baikonur.tables import table_html
import seed_fingerprints


def test_one_form_for_every_name_the_task_lists():
    assert with_french("Yulia Peresild") == "Yulia Peresild (French press: Ioulia Peressild)"
    assert with_french("Dmitry Rogozin") == "Dmitry Rogozin (French press: Dmitri Rogozine)"
    assert with_french("Baikonur") == "Baikonur (French press: Baïkonour)"
    assert (
        with_french("The Challenge", markdown=True) == "*The Challenge* (French press: *Le Défi*)"
    )
    # A person's name is never set in italics, even in Markdown.
    assert (
        with_french("Klim Shipenko", markdown=True) == "Klim Shipenko (French press: Klim Chipenko)"
    )


def test_the_french_edition_writes_the_french_spelling_alone(monkeypatch):
    monkeypatch.setenv("BAIKONUR_LANG", "fr")
    assert with_french("Yulia Peresild") == "Ioulia Peressild"
    assert with_french("Baikonur") == "Baïkonour"
    assert with_french("The Challenge", markdown=True) == "*Le Défi*"
    assert with_french("The Challenge") == "Le Défi"


def test_each_french_spelling_is_in_the_articles_it_cites():
    articles = seed_fingerprints.load()
    claims = load_table("claims")
    files = dict(zip(claims.article_ref, claims.seed_file))
    for name, row in load_table("name_spellings").iterrows():
        spelling = re.findall(r"\w+", row.french_press_spelling)
        for ref in row.source.split(";"):
            assert seed_fingerprints.fingerprint(spelling) in articles[files[ref]]["names"], (
                f"name_spellings.csv, {name!r}: {row.french_press_spelling!r} is not in the "
                f"article {ref} ({files[ref]})"
            )


def test_unknown_name_is_named_with_the_choices():
    with pytest.raises(
        DataError,
        match=r"name_spellings.csv has no row for 'Yuri Gagarin'; "
        r"expected one of 'Yulia Peresild'",
    ):
        french_spelling("Yuri Gagarin")


def test_table_has_word_headers_formatted_values_and_no_index():
    frame = pd.DataFrame(
        {"km": [33.84, 1234.5], "who": ["a<b", "c"]},
        index=pd.Index(["x", "y"], name="secret_index_name"),
    )
    html = table_html(frame, {"who": "Place", "km": "Distance (km)"}, {"km": "{:,.1f}".format})
    headers = re.findall(r"<th>(.*?)</th>", html)
    assert headers == ["Place", "Distance (km)"]
    assert "1,234.5" in html and "33.8" in html
    assert "secret_index_name" not in html and ">x<" not in html
    assert "a&lt;b" in html, "values must be HTML-escaped"
    assert "dtype" not in html
    assert html.startswith(
        '<div class="bk-table-wrap" style="overflow-x:auto" tabindex="0" '
        'role="region" aria-label="Table: Place, Distance (km)">'
    )


def test_series_becomes_a_two_column_table():
    html = table_html(
        pd.Series({"Paris": "06:35"}, name="landing"), {"index": "Clock", "value": "Touchdown"}
    )
    assert re.findall(r"<th>(.*?)</th>", html) == ["Clock", "Touchdown"]
    assert "<td>Paris</td>" in html and "landing" not in html


def test_a_pivot_table_has_no_header_cell_for_its_columns_name():
    # A count per article and verdict (groupby + unstack) names its columns "verdict": that name
    # must not become a header cell of its own, empty above the others.
    counts = (
        pd.DataFrame({"article": ["A"], "verdict": ["true"]})
        .groupby(["article", "verdict"])
        .size()
        .unstack(fill_value=0)
    )
    counts = counts.assign(article=counts.index)
    html = table_html(counts, {"article": "Article", "true": "True"})
    assert re.findall(r"<th[^>]*>(.*?)</th>", html) == ["Article", "True"]
    assert "verdict" not in html


def test_table_errors_name_the_missing_column():
    frame = pd.DataFrame({"km": [1.0]})
    with pytest.raises(KeyError, match=r"no column\(s\) \['miles'\] to show"):
        table_html(frame, {"miles": "Miles"})
    with pytest.raises(KeyError, match=r"formats given for column\(s\) \['x'\]"):
        table_html(frame, {"km": "Km"}, {"x": str})
