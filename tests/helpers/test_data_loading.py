"""baikonur.data: finding data/, loading typed tables, and clear errors for bad input."""

from __future__ import annotations

import csv
import json
import os

import pandas as pd
import pytest

from baikonur.data import (
    DataError,
    data_dir,
    load_geojson,
    load_package,
    load_table,
    load_topojson,
)
from conftest import ROOT, replace_in


def test_data_dir_found_from_the_root_from_book_and_from_elsewhere(monkeypatch, tmp_path):
    # The book build and JupyterLab run in book/, Binder at the root; an installed package
    # falls back on the folder beside it.
    monkeypatch.delenv("BAIKONUR_DATA", raising=False)
    for cwd in (ROOT, ROOT / "book", tmp_path):
        monkeypatch.chdir(cwd)
        assert data_dir() == ROOT / "data"


def test_data_dir_override_must_point_at_a_data_package(monkeypatch, tmp_path):
    monkeypatch.setenv("BAIKONUR_DATA", str(tmp_path))
    with pytest.raises(DataError, match="BAIKONUR_DATA.*datapackage.json does not exist"):
        data_dir()


def test_places_load_typed_and_indexed_by_primary_key():
    places = load_table("baikonur_places")
    assert places.index.name is None and "site_1" in places.index
    assert places.loc["site_1", "gcat_pad"] == "LC1"
    assert places.lat.dtype == "float64" and places.lon.dtype == "float64"
    assert places.gcat_pad.isna()["baikonur_town"]  # empty optional cell -> missing


def test_launch_times_are_utc_timestamps():
    launches = load_table("baikonur_famous_launches")
    ms19 = launches.launch_utc["2021-089"]
    assert ms19 == pd.Timestamp("2021-10-05T08:55:02Z")
    assert str(launches.launch_utc.dt.tz) == "UTC"


def test_milestones_keep_year_only_rows_without_inventing_a_date():
    milestones = load_table("baikonur_milestones")
    assert milestones.year.dtype == "Int64"
    assert pd.isna(milestones.date["lease_1994"])
    assert milestones.date["decree_1955"] == pd.Timestamp("1955-02-12")


def test_every_csv_resource_loads_and_matches_its_row_count():
    for res in load_package()["resources"]:
        if res["format"] != "csv":
            continue
        with open(ROOT / "data" / res["path"], encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
        assert len(load_table(res["name"])) == rows, res["name"]


def test_geojson_boundary_loads():
    border = load_geojson("kazakhstan_boundary")
    assert border["features"][0]["properties"]["iso_a3"] == "KAZ"


# --- bad input: each error names the file, the row and the field, and what was expected


# (what is wrong, file, text replaced, replacement, the message expected, as a regular expression)
BAD_CELLS = [
    (
        "latitude out of range",
        "baikonur_places.csv",
        ",45.996,63.5641,",
        ",95.996,63.5641,",
        r"baikonur_places.csv, row 2 \(line 3\), field 'lat': expected at most 90, got '95.996'",
    ),
    (
        "text in a number field",
        "baikonur_places.csv",
        ",45.996,63.5641,",
        ",45.996,east,",
        r"baikonur_places.csv, row 2 \(line 3\), field 'lon': expected a number in ASCII digits, "
        r"with '\.' for decimals, got 'east'",
    ),
    (
        "unparseable date",
        "baikonur_milestones.csv",
        "1995-12-20",
        "20/12/1995",
        r"baikonur_milestones.csv, row 8 \(line 9\), field 'date': expected a date as YYYY-MM-DD, "
        r"got '20/12/1995'",
    ),
    (
        "impossible date",
        "baikonur_milestones.csv",
        "1995-12-20",
        "1995-02-30",
        r"field 'date': expected a date as YYYY-MM-DD, got '1995-02-30'",
    ),
    (
        "unparseable date and time",
        "baikonur_famous_launches.csv",
        "2021-10-05T08:55:02Z",
        "5 Oct 2021 08:55",
        r"field 'launch_utc': expected a UTC date and time like 2021-10-05T08:55:02Z, "
        r"got '5 Oct 2021 08:55'",
    ),
    (
        "duplicate key",
        "baikonur_places.csv",
        "site_31,",
        "site_1,",
        r"row 2 \(line 3\), field 'place_id': duplicate value 'site_1', already in row 1",
    ),
    (
        "value outside the allowed set",
        "baikonur_famous_launches.csv",
        ",GIK-5,LC31,",
        ",GIK-6,LC31,",
        r"field 'launch_site': expected one of NIIP-5, GIK-5, got 'GIK-6'",
    ),
    (
        "required value missing",
        "baikonur_key_figures.csv",
        ",artemjew_2015",
        ",",
        r"baikonur_key_figures.csv, row 1 \(line 2\), field 'source': value is required but empty",
    ),
]


@pytest.mark.parametrize(
    "problem, filename, old, new, message", BAD_CELLS, ids=[c[0] for c in BAD_CELLS]
)
def test_bad_cell_is_named_with_what_was_expected(
    scratch_data, problem, filename, old, new, message
):
    replace_in(scratch_data / filename, old, new)
    resource = filename.rsplit(".", 1)[0]
    with pytest.raises(DataError, match=message):
        load_table(resource)


def test_missing_column_is_named(scratch_data):
    path = scratch_data / "baikonur_places.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    lon = rows[0].index("lon")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[:lon] + r[lon + 1 :] for r in rows])
    with pytest.raises(
        DataError, match=r"baikonur_places.csv: header .* missing column\(s\) \['lon'\]"
    ):
        load_table("baikonur_places")


def test_row_with_too_few_values(scratch_data):
    path = scratch_data / "baikonur_key_figures.csv"
    text = path.read_text(encoding="utf-8")
    row = len(text.splitlines())  # the header is line 1: the appended row is row n, line n + 1
    path.write_text(text + "broken_row,1\n", encoding="utf-8")
    with pytest.raises(
        DataError,
        match=rf"baikonur_key_figures.csv, row {row} \(line {row + 1}\): "
        r"has 2 values, expected 5",
    ):
        load_table("baikonur_key_figures")


def test_missing_file(scratch_data):
    os.remove(scratch_data / "baikonur_places.csv")
    with pytest.raises(
        DataError, match="resource 'baikonur_places': file .*baikonur_places.csv is missing"
    ):
        load_table("baikonur_places")


def test_unknown_resource_lists_the_known_ones():
    with pytest.raises(DataError, match="no resource named 'launches'.*baikonur_places"):
        load_table("launches")


def test_geojson_with_swapped_coordinates(scratch_data):
    replace_in(
        scratch_data / "kazakhstan_boundary_ne50m.geojson",
        "[50.1845, 44.8546]",
        "[44.8546, 95.1845]",
    )
    with pytest.raises(
        DataError, match=r"feature 0 \(Kazakhstan\): position \[44.8546, 95.1845\] is not"
    ):
        load_geojson("kazakhstan_boundary")


def test_a_world_map_that_is_not_topojson_is_named(scratch_data):
    (scratch_data / "world_110m.json").write_text('{"type": "FeatureCollection"}')
    with pytest.raises(DataError, match=r"world_110m.json: expected a TopoJSON object"):
        load_topojson("world_110m")


def test_unsupported_schema_type_is_an_error_not_a_skip(scratch_data):
    path = scratch_data / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    places = next(r for r in package["resources"] if r["name"] == "baikonur_places")
    next(f for f in places["schema"]["fields"] if f["name"] == "lat")["type"] = "geopoint"
    path.write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(DataError, match="field 'lat': type 'geopoint' is not supported"):
        load_table("baikonur_places")
