"""data/datapackage.json: a valid Frictionless package that describes every data file, with sources."""

from __future__ import annotations

import re

import pytest
from frictionless import Package

from baikonur.data import load_package, load_table
from conftest import ROOT

DATA = ROOT / "data"


def test_frictionless_validates_every_resource():
    # An independent validator: the schema we wrote and the files must agree for Frictionless too.
    report = Package(str(DATA / "datapackage.json")).validate()
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, "\n".join(problems)


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
        assert source.get("title") and source.get("path"), f"{res['name']}: a source needs title and path"
    copied = [s for s in res["sources"] if "github.com" in s["title"]]
    for source in copied:
        assert re.search(r"commit [0-9a-f]{40}", source["title"]), f"{res['name']}: copy without commit"
    if res["format"] == "csv":
        assert res["schema"].get("primaryKey"), f"{res['name']}: no primary key"


def _bib_keys():
    return set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text(encoding="utf-8"),
                          re.M))


@pytest.mark.parametrize("name", ["baikonur_milestones", "baikonur_key_figures"])
def test_sources_in_data_are_bibliography_keys(name):
    keys = _bib_keys()
    table = load_table(name)
    for row_id, sources in table.source.items():
        unknown = set(sources.split(";")) - keys
        assert not unknown, f"{name}, row {row_id!r}: source key(s) {sorted(unknown)} not in book/references.bib"
