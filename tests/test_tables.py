"""baikonur.tables: what readers see of a table (headers in words, formatted values, no index)."""

from __future__ import annotations

import pandas as pd
import pytest

from baikonur.tables import reader_table


@pytest.fixture
def figures():
    return pd.DataFrame({"value": [39341.0, 6717.0], "unit": ["people", "km²"]},
                        index=pd.Index(["town_population_2020", "cosmodrome_area_km2"],
                                       name="figure_id"))


def test_headers_in_words_values_formatted_no_index(figures):
    table = reader_table(figures, {"unit": "Unit", "value": "Value"}, {"value": "{:,.0f}"})
    html = table._repr_html_()
    assert "39,341" in html and "39341.0" not in html, "value not formatted"
    assert "town_population_2020" not in html and "figure_id" not in html, "index leaked"
    assert html.index("Unit") < html.index("Value"), "columns not in the order asked"
    assert "dtype" not in repr(table) and "39,341" in repr(table)


def test_series_becomes_a_two_column_table_without_dtype_footer():
    counts = pd.Series([48, 47], index=pd.Index([1987, 1988], name="year"), name="launches")
    table = reader_table(counts, {"year": "Year", "launches": "Launches"})
    assert list(table.frame.columns) == ["Year", "Launches"]
    assert "Name:" not in repr(table) and "dtype" not in repr(table)
    assert table.frame.Year.tolist() == ["1,987", "1,988"], "integers get separators by default"
    years = reader_table(counts, {"year": "Year", "launches": "Launches"}, {"year": str})
    assert years.frame.Year.tolist() == ["1987", "1988"]


def test_functions_and_missing_values():
    frame = pd.DataFrame({"when": pd.to_datetime(["2021-10-05", None])})
    table = reader_table(frame, {"when": "Date"}, {"when": lambda d: f"{d:%d %B %Y}"})
    assert table.frame.Date.tolist() == ["05 October 2021", ""]


def test_unknown_column_is_named(figures):
    with pytest.raises(ValueError, match=r"no column 'units'.*figure_id, value, unit"):
        reader_table(figures, {"units": "Unit"})


def test_bad_format_names_the_column(figures):
    with pytest.raises(ValueError, match=r"column 'unit': cannot format 'people'"):
        reader_table(figures, {"unit": "Unit"}, {"unit": "{:,.0f}"})


def test_duplicate_headers_are_refused(figures):
    with pytest.raises(ValueError, match="same header"):
        reader_table(figures, {"unit": "X", "value": "X"})
