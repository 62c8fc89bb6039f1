"""baikonur.data: finding data/, loading typed tables, and clear errors for bad input."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from baikonur import data as bk_data
from baikonur.data import (
    DataError,
    data_dir,
    load_geojson,
    load_package,
    load_table,
    load_topojson,
)
from baikonur.orbits import load_element_sets
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


# --- data that cannot be wrong quietly: each rule below stops a load that used to pass


def _edit_package(folder, change) -> None:
    """Apply ``change(package)`` to the scratch copy's datapackage.json."""
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(package)
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    bk_data._read_package.cache_clear()


def _resource_of(package, name):
    return next(r for r in package["resources"] if r["name"] == name)


def _field_of(package, name, field):
    return next(f for f in _resource_of(package, name)["schema"]["fields"] if f["name"] == field)


def test_rows_cut_from_the_launch_log_stop_the_load(scratch_data):
    # Every remaining row is valid: only the recorded row count can tell.
    path = scratch_data / "gcat_launches_1957_2024.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-149]), encoding="utf-8")
    with pytest.raises(
        DataError,
        match=r"gcat_launches_1957_2024.csv: has 6679 data rows, but datapackage.json records "
        r"6828 .*rows were added or cut.*python -m baikonur.data --update-hashes",
    ):
        load_table("gcat_launches")


@pytest.mark.parametrize(
    "filename, old, new, loader, resource",
    [
        ("baikonur_places.csv", "45.996,", "45.997,", load_table, "baikonur_places"),
        (
            "kazakhstan_boundary_ne50m.geojson",
            "[50.1845, 44.8546]",
            "[50.1846, 44.8546]",
            load_geojson,
            "kazakhstan_boundary",
        ),
        ("world_110m.json", '"arcs":[[', '"arcs":[ [', load_topojson, "world_110m"),
        ("iss_tle_2021-10.tle", "ISS (ZARYA)", "ISS (ZARIA)", load_element_sets, "iss_tle_2021_10"),
    ],
)
def test_a_file_changed_without_re_recording_its_hash_stops_the_load(
    scratch_data, filename, old, new, loader, resource
):
    # A change every other check accepts: only the recorded hash can tell.
    path = scratch_data / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {filename}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(
        DataError,
        match=rf"{re.escape(filename)}: its content .* is not what datapackage.json records"
        r".*run `python -m baikonur.data --update-hashes`",
    ):
        loader(resource)


def test_update_hashes_command_re_records_an_edited_file(scratch_data):
    path = scratch_data / "baikonur_places.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("45.996,", "45.997,"), "utf-8")
    with pytest.raises(DataError, match="its content"):
        load_table("baikonur_places")
    done = subprocess.run(
        [sys.executable, "-m", "baikonur.data", "--update-hashes"],
        capture_output=True,
        text=True,
        env={**os.environ, "BAIKONUR_DATA": str(scratch_data)},
        check=True,
    )
    assert done.stdout.strip() == "datapackage.json: updated baikonur_places"
    bk_data._read_package.cache_clear()
    assert load_table("baikonur_places").loc["site_31", "lat"] == 45.997
    # The repository's own package is untouched, and every file in it matches its record.
    assert bk_data._read_package(ROOT / "data") is not None


def test_a_resource_without_a_recorded_hash_is_an_error(scratch_data):
    _edit_package(scratch_data, lambda p: _resource_of(p, "spaceports").pop("hash"))
    with pytest.raises(
        DataError,
        match=r"resource 'spaceports': no \['hash'\] recorded for spaceports.csv.*--update-hashes",
    ):
        load_table("spaceports")


def test_a_file_cut_inside_a_quoted_value_stops_the_load(scratch_data):
    # The open quote is caught by the parser itself, before the size, hash and row count.
    path = scratch_data / "claims.csv"
    text = path.read_text(encoding="utf-8")
    cut = text.index('"The Canal+ series Infiniti') + 10
    path.write_text(text[:cut], encoding="utf-8")
    message = r"claims.csv, line 2: unexpected end of data; expected every quoted value to end"
    with pytest.raises(DataError, match=message):
        load_table("claims")
    with pytest.raises(DataError, match=message):  # nor can its record be updated
        bk_data.update_integrity(scratch_data)


# (what is wrong, file, text replaced, replacement, the message expected, as a regular expression)
STRICT_CELLS = [
    (
        "milestone dated before the range",
        "baikonur_milestones.csv",
        "1955,1955-04-28,",
        "1955,1800-04-28,",
        r"row 2 \(line 3\), field 'date': expected at least 1950-01-01, got '1800-04-28'",
    ),
    (
        "year that is not the date's year",
        "baikonur_milestones.csv",
        "1955,1955-04-28,",
        "1955,1956-04-28,",
        r"row 2 \(line 3\), field 'year': expected the year of field 'date' \(1956-04-28\), "
        r"got 1955",
    ),
    (
        "launch time before the space age",
        "baikonur_famous_launches.csv",
        "2021-10-05T08:55:02Z",
        "1921-10-05T08:55:02Z",
        r"field 'launch_utc': expected at least 1957-01-01T00:00:00Z, got '1921-10-05T08:55:02Z'",
    ),
    (
        "underscore in a number",
        "baikonur_places.csv",
        ",45.9203,",
        ",4_5.9203,",
        r"row 1 \(line 2\), field 'lat': expected a number in ASCII digits.*got '4_5.9203'",
    ),
    (
        "number padded with spaces",
        "baikonur_places.csv",
        ",45.9203,",
        ", 45.9203 ,",
        r"field 'lat': expected no spaces before or after the value, got ' 45.9203 '",
    ),
    (
        "Arabic-Indic digits in a number",
        "baikonur_places.csv",
        ",45.9203,",
        ",\u0664\u0665.\u0669\u0662\u0660\u0663,",
        r"field 'lat': expected a number in ASCII digits",
    ),
    (
        "Arabic-Indic digits in a whole number",
        "baikonur_milestones.csv",
        "decree_1955,1955,",
        "decree_1955,\u0661\u0669\u0665\u0665,",
        r"row 1 \(line 2\), field 'year': expected a whole number in ASCII digits",
    ),
    (
        "Arabic-Indic digits in a date and time",
        "baikonur_famous_launches.csv",
        "2021-10-05T08:55:02Z",
        "\u0662\u0660\u0662\u0661-10-05T08:55:02Z",
        r"field 'launch_utc': expected a UTC date and time like 2021-10-05T08:55:02Z",
    ),
    (
        "infinite number",
        "baikonur_places.csv",
        ",45.9203,",
        ",1e999,",
        r"field 'lat': expected a finite number, got '1e999'",
    ),
    (
        "whitespace-only name",
        "baikonur_places.csv",
        ",Site 31 (PU-6),",
        ",   ,",
        r"row 2 \(line 3\), field 'name': expected a value or nothing, got spaces '   '",
    ),
    (
        "padded key",
        "baikonur_places.csv",
        "site_31,",
        "site_31 ,",
        r"row 2 \(line 3\), field 'place_id': expected no spaces before or after the value",
    ),
    (
        "padded name beside the same name",
        "baikonur_places.csv",
        ",Site 31 (PU-6),",
        ',"Gagarin\'s Start (Site 1, PU-5) ",',
        r"row 2 \(line 3\), field 'name': expected no spaces before or after the value",
    ),
    (
        "same name in another case and spacing",
        "baikonur_places.csv",
        ",Site 31 (PU-6),",
        ',"GAGARIN\'S START  (SITE 1,\u00a0PU-5)",',
        r"row 2 \(line 3\), field 'name': duplicate value .*already in row 1; expected each "
        r"value to be unique \(compared ignoring case, spacing and Unicode form\)",
    ),
    (
        "claim figure for a claim that does not exist",
        "claim_figures.csv",
        "infiniti_release,vlm_infiniti,",
        "infiniti_release,vlm_nowhere,",
        r"claim_figures.csv, row 1, field 'claim_id': claim_id='vlm_nowhere' is not a claim_id "
        r"of resource 'claims'",
    ),
]


@pytest.mark.parametrize(
    "problem, filename, old, new, message", STRICT_CELLS, ids=[c[0] for c in STRICT_CELLS]
)
def test_strict_values_are_named_with_what_was_expected(
    scratch_data, problem, filename, old, new, message
):
    replace_in(scratch_data / filename, old, new)  # re-records the hash: the value must fail
    resource = filename.rsplit(".", 1)[0]
    with pytest.raises(DataError, match=message):
        load_table(resource)


# (what is wrong, change to datapackage.json, message expected)
UNHONOURED_KEYS = [
    (
        "a resource key",
        lambda p: _resource_of(p, "spaceports").update(dialect={"delimiter": ";"}),
        r"resource 'spaceports': key\(s\) \['dialect'\] not supported by baikonur.data",
    ),
    (
        "a schema key",
        lambda p: _resource_of(p, "spaceports")["schema"].update(uniqueKeys=[["spaceport"]]),
        r"resource 'spaceports', schema: key\(s\) \['uniqueKeys'\] not supported",
    ),
    (
        "a field key",
        lambda p: _field_of(p, "baikonur_places", "lat").update(decimalChar=","),
        r"resource 'baikonur_places', field 'lat': key\(s\) \['decimalChar'\] not supported",
    ),
    (
        "a format on a string",
        lambda p: _field_of(p, "baikonur_places", "name").update(format="email"),
        r"field 'name': format 'email' is not supported by baikonur.data for type 'string'",
    ),
    (
        "a primary key naming a missing field",
        lambda p: _resource_of(p, "spaceports")["schema"].update(primaryKey="spaceport_code"),
        r"resource 'spaceports', schema: primaryKey names field\(s\) \['spaceport_code'\] that "
        r"the resource does not have",
    ),
    (
        "a foreign key naming a missing field",
        lambda p: _resource_of(p, "claim_figures")["schema"]["foreignKeys"][0].update(
            fields=["claim"]
        ),
        r"resource 'claim_figures', schema: foreignKeys\[0\].fields names field\(s\) \['claim'\]",
    ),
]


@pytest.mark.parametrize(
    "problem, change, message", UNHONOURED_KEYS, ids=[k[0] for k in UNHONOURED_KEYS]
)
def test_a_schema_key_the_loader_does_not_honour_is_an_error(
    scratch_data, problem, change, message
):
    # Checked for the whole package, whichever resource is loaded.
    _edit_package(scratch_data, change)
    with pytest.raises(DataError, match=message):
        load_table("baikonur_milestones")


def test_missing_values_in_the_schema_are_honoured(scratch_data):
    replace_in(scratch_data / "baikonur_places.csv", ",0.0001,Site 31", ",n/a,Site 31")
    with pytest.raises(DataError, match=r"field 'gcat_error_deg': expected a number"):
        load_table("baikonur_places")
    _edit_package(
        scratch_data,
        lambda p: _resource_of(p, "baikonur_places")["schema"].update(missingValues=["", "n/a"]),
    )
    assert pd.isna(load_table("baikonur_places").loc["site_31", "gcat_error_deg"])


def test_a_date_format_in_the_schema_is_honoured(scratch_data):
    path = scratch_data / "baikonur_milestones.csv"
    text = re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    bk_data.update_integrity(scratch_data)

    def day_first(package):
        field = _field_of(package, "baikonur_milestones", "date")
        # The bounds are written in the field's format too.
        field.update(
            format="%d/%m/%Y", constraints={"minimum": "01/01/1950", "maximum": "31/12/2100"}
        )

    _edit_package(scratch_data, day_first)
    milestones = load_table("baikonur_milestones")
    assert milestones.date["town_renamed_1995"] == pd.Timestamp("1995-12-20")


def test_a_key_written_twice_in_datapackage_json_is_an_error(scratch_data):
    path = scratch_data / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"name": "lat",', '"name": "lat",\n "type": "string",', 1), encoding="utf-8"
    )
    bk_data._read_package.cache_clear()
    with pytest.raises(
        DataError,
        match=r"datapackage.json: the key 'type' appears twice in one object \(in the object "
        r"named 'lat'\)",
    ):
        load_table("baikonur_milestones")


def test_a_latin1_file_is_named_with_its_line(scratch_data):
    path = scratch_data / "baikonur_places.csv"
    # One value saved as latin-1 in a UTF-8 file: É is the byte 0xC9.
    text = path.read_text(encoding="utf-8").replace("Site 31 (PU-6)", "Site 31 (PU-6) Ély", 1)
    path.write_bytes(text.encode("utf-8").replace("Ély".encode(), "Ély".encode("latin-1")))
    with pytest.raises(
        DataError,
        match=r"baikonur_places.csv, line 3: byte b'\\xc9' is not valid utf-8; expected the file "
        r"saved as utf-8",
    ):
        load_table("baikonur_places")


def test_geojson_coordinates_as_strings_are_named_not_a_recursion(scratch_data):
    replace_in(
        scratch_data / "kazakhstan_boundary_ne50m.geojson", "[50.1845, 44.8546]", '"50.1845"'
    )
    with pytest.raises(
        DataError,
        match=r"kazakhstan_boundary_ne50m.geojson, feature 0 \(Kazakhstan\): "
        r"coordinates\[0\]\[0\]\[0\] is \"50.1845\"; expected a position \[longitude, latitude\]",
    ):
        load_geojson("kazakhstan_boundary")


def test_geojson_position_as_a_pair_of_strings_is_named(scratch_data):
    replace_in(
        scratch_data / "kazakhstan_boundary_ne50m.geojson",
        "[50.1845, 44.8546]",
        '["50.1845", "44.8546"]',
    )
    with pytest.raises(DataError, match=r"feature 0 \(Kazakhstan\): coordinates\[0\]\[0\]\[0\]"):
        load_geojson("kazakhstan_boundary")


def test_topojson_arc_of_strings_is_named(scratch_data):
    path = scratch_data / "world_110m.json"
    topology = json.loads(path.read_text(encoding="utf-8"))
    topology["arcs"][2][0] = ["1", "2"]
    path.write_text(json.dumps(topology), encoding="utf-8")
    bk_data.update_integrity(scratch_data)
    with pytest.raises(DataError, match=r"world_110m.json, arc 2: expected a list of positions"):
        load_topojson("world_110m")


def test_the_repository_package_has_every_record_and_no_duplicate_key():
    text = (ROOT / "data" / "datapackage.json").read_text(encoding="utf-8")
    assert text.count('"baikonur:translatable"') == sum(
        1
        for res in load_package()["resources"]
        for field in res.get("schema", {}).get("fields", [])
        if "baikonur:translatable" in field
    )
    for res in load_package()["resources"]:
        assert {"bytes", "hash"} <= set(res), res["name"]
        assert res["format"] != "csv" or "baikonur:rows" in res, res["name"]
