"""The map of the code stays true: each package's ``__init__`` lists its modules, one line each,
and README's "Where things live" names only paths that exist."""

from __future__ import annotations

import importlib
import re

import pytest

from conftest import ROOT


@pytest.mark.parametrize("package", ["baikonur", "baikonur_sphinx"])
def test_package_docstring_lists_every_module(package):
    modules = {p.stem for p in (ROOT / package).glob("*.py") if p.stem != "__init__"}
    listed = re.findall(rf":mod:`{package}\.(\w+)`", importlib.import_module(package).__doc__)
    assert len(listed) == len(set(listed)), f"{package}: a module is listed twice"
    assert set(listed) == modules, (
        f"{package}/__init__.py lists {sorted(set(listed) - modules)} that do not exist and misses "
        f"{sorted(modules - set(listed))}: give each module one line in the docstring"
    )


def test_readme_where_things_live_names_real_paths():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    paths = [
        p
        for cell in re.findall(r"\|[^|\n]*\|\s*([^|\n]+)\|", table)
        for p in re.findall(r"`([^`\s]+)`", cell)
    ]
    assert len(paths) > 10, "the table of README's 'Where things live' was not found"
    missing = [p for p in paths if not list(ROOT.glob(p.replace("<slug>", "*").rstrip("/")))]
    assert not missing, f"README's 'Where things live' names paths that do not exist: {missing}"
