"""data/datapackage.json describes every data file, with sources, and every file matches it.

One implementation of the Table Schema rules checks the files: baikonur.data, the one learners
run on Binder when a chapter loads its data (with messages naming the file, row and field). The
tests use it too, rather than a second validator (Frictionless) that would disagree with it in
its own words and add twenty packages and seconds to every chapter's start if learners ran it.
"""

from __future__ import annotations

import re

import pytest

from baikonur.data import load_geojson, load_package, load_table, load_topojson
from baikonur.orbits import load_element_sets
from conftest import ROOT

DATA = ROOT / "data"


LOADERS = {
    "csv": load_table,
    "geojson": load_geojson,
    "tle": load_element_sets,
    "topojson": load_topojson,
}


@pytest.mark.parametrize("res", load_package()["resources"], ids=lambda r: r["name"])
def test_every_resource_loads_checked_against_its_description(res):
    # load_table checks every row against the resource's Table Schema (and rejects a type or a
    # constraint it does not implement); load_geojson and load_element_sets check their formats.
    assert res["format"] in LOADERS, f"{res['name']}: no loader for format {res['format']!r}"
    loaded = LOADERS[res["format"]](res["name"])
    assert len(loaded) > 0, f"{res['name']}: nothing loaded from {res['path']}"


def test_every_data_file_is_a_resource_and_every_resource_has_a_file():
    described = {res["path"] for res in load_package()["resources"]}
    on_disk = {p.name for p in DATA.iterdir() if p.name not in {"datapackage.json", "SOURCES.md"}}
    assert on_disk - described == set(), "files in data/ missing from datapackage.json"
    assert described - on_disk == set(), "resources in datapackage.json with no file"


@pytest.mark.parametrize("res", load_package()["resources"], ids=lambda r: r["name"])
def test_each_resource_has_title_description_source_and_licence(res):
    for key in ("title", "description", "sources", "licenses"):
        assert res.get(key), f"{res['name']}: {key} is missing"
    for source in res["sources"]:
        assert source.get("title") and source.get("path"), (
            f"{res['name']}: a source needs title and path"
        )
    copied = [s for s in res["sources"] if "github.com" in s["title"]]
    for source in copied:
        assert re.search(r"commit [0-9a-f]{40}", source["title"]), (
            f"{res['name']}: copy without commit"
        )
    if res["format"] == "csv":
        assert res["schema"].get("primaryKey"), f"{res['name']}: no primary key"


def _bib_keys():
    return set(
        re.findall(
            r"^@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text(encoding="utf-8"), re.M
        )
    )


@pytest.mark.parametrize("name", ["baikonur_milestones", "baikonur_key_figures"])
def test_sources_in_data_are_bibliography_keys(name):
    keys = _bib_keys()
    table = load_table(name)
    for row_id, sources in table.source.items():
        unknown = set(sources.split(";")) - keys
        assert not unknown, (
            f"{name}, row {row_id!r}: source key(s) {sorted(unknown)} not in book/references.bib"
        )
