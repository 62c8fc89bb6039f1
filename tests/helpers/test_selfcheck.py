"""Self-checks (baikonur/selfcheck.py), and every chapter's exercises and self-checks, written in
the chapter itself."""

from __future__ import annotations

import re

import pytest

from baikonur.book import chapter_notebooks, page_path, read_notebook
from baikonur import selfcheck
from chapter_outputs import glue_and_checks, unglued_answers
from conftest import ROOT

_EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n:label: (?P<label>[\w-]+)", re.M)
_SOLUTION = re.compile(r"\{solution-start\} (?P<label>[\w-]+)")


def toc_chapters() -> list[str]:
    """Chapter slugs of _toc.yml that are notebooks (MyST .md or .ipynb), the intro aside, and
    the evidence pages too: a page whose front matter says ``baikonur: evidence_for: <chapter>``
    carries that chapter's computed evidence, and its learners' cells are the chapter's."""
    slugs = [
        p.stem
        for p in chapter_notebooks(ROOT)
        if p.stem != "intro"
        and not read_notebook(p).metadata.get("baikonur", {}).get("evidence_for")
    ]
    assert slugs, "no chapter notebooks found through _toc.yml"
    return slugs


# --- the helper ---------------------------------------------------------------------------------


def test_number_check_carries_its_answer_and_an_announced_feedback_region():
    check = selfcheck.number("demo-km", "How far?", answer=123.456, tolerance=2, unit="km")
    html = check._repr_html_()
    assert 'data-key="demo-km"' in html and 'data-answer="123.456"' in html
    assert 'data-tolerance="2.0"' in html
    assert 'role="status" aria-live="polite"' in html, "feedback must be announced"
    assert '<label for="bk-sc-demo-km-input">Your answer (km)</label>' in html
    assert '<input type="text" inputmode="decimal"' in html and 'id="bk-sc-demo-km-input"' in html
    assert "<legend>" in html and "<fieldset>" in html and '<button type="submit">' in html
    assert "<summary>Show the answer</summary><p>123 km</p>" in html, "works without scripts"


def test_choice_check_is_a_labelled_radio_group():
    check = selfcheck.choice("demo-pick", "Which?", ["b <i>", "a"], answer="a", explain="Why.")
    html = check._repr_html_()
    assert 'data-answer="a"' in html and 'data-kind="choice"' in html
    assert html.count('type="radio" name="bk-sc-demo-pick"') == 2
    assert '<label for="bk-sc-demo-pick-0">b &lt;i&gt;</label>' in html, "options are escaped"
    assert "a. Why." in html


def test_output_loads_nothing_and_is_the_same_on_every_run():
    html = selfcheck.number("demo", "Q?", answer=1, tolerance=0)._repr_html_()
    assert not re.search(r"\b(src|href)=|https?://|@import|url\(", html), (
        "a self-check must load nothing: it has to work offline and on the static site"
    )
    assert html == selfcheck.number("demo", "Q?", answer=1, tolerance=0)._repr_html_(), (
        "ids must not be random (nbval, cached builds)"
    )


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: selfcheck.choice("Bad Key", "Q?", ["a", "b"], "a"), r"key 'Bad Key': expected"),
        (lambda: selfcheck.choice("k", "Q?", ["a"], "a"), "at least two options"),
        (lambda: selfcheck.choice("k", "Q?", ["a", "a"], "a"), "options repeat"),
        (lambda: selfcheck.choice("k", "Q?", ["a", "b"], "c"), r"right answer 'c' is not one of"),
        (lambda: selfcheck.choice("k", " ", ["a", "b"], "a"), "question is empty"),
        (lambda: selfcheck.number("k", "Q?", float("nan"), 1), "answer must be a finite number"),
        (lambda: selfcheck.number("k", "Q?", 1, -1), "tolerance must be zero or more"),
        (lambda: selfcheck.number("k", "Q?", "12", 1), "answer must be a finite number"),
    ],
)
def test_bad_input_is_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_numpy_numbers_are_accepted():
    numpy = pytest.importorskip("numpy")
    check = selfcheck.number("k", "Q?", numpy.float64(2.5), numpy.int64(1), decimals=1)
    assert check.answer == 2.5 and check.answer_text == "2.5"


# --- each chapter's exercises and self-checks, in the chapter -------------------------------------


def _exercises(cells) -> tuple[list[str], list[str], int, list]:
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    labels = [m["label"] for m in _EXERCISE.finditer(text)]
    solved = _SOLUTION.findall(text)
    checks = [c for c in cells if c.cell_type == "code" and "selfcheck." in c.source]
    hints = text.count("{dropdown} Hint")
    return labels, solved, hints, checks


def _solution_cells(cells) -> list:
    """The code cells between each ``{solution-start}`` and its ``{solution-end}``."""
    found, inside = [], False
    for cell in cells:
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                inside = True
            if "{solution-end}" in cell.source:
                inside = False
        elif inside:
            found.append(cell)
    return found


@pytest.mark.parametrize(
    "chapter",
    [page_path(ROOT, f"book/{slug}") for slug in toc_chapters()]
    + [page_path(ROOT, "templates/chapter")],
    ids=lambda path: path.name,
)
def test_every_chapter_has_exercises_and_self_checks_before_go_further(chapter):
    name = chapter.relative_to(ROOT)
    cells = read_notebook(chapter).cells
    labels, solved, hints, checks = _exercises(cells)
    assert 2 <= len(labels) <= 4, (
        f"{name}: {len(labels)} exercises, expected 2 to 4 (CONTRIBUTING.md, Add a chapter)"
    )
    assert solved == labels, f"{name}: every exercise needs its solution, in order: {labels}"
    assert hints == len(labels), f"{name}: {hints} hints for {len(labels)} exercises"
    assert len(checks) >= 2, f"{name}: {len(checks)} self-checks, expected at least 2"
    for cell in _solution_cells(cells) + checks:
        assert not cell.get("outputs"), f"{name}: clear the outputs of cell {cell.id}"
        assert cell.metadata.get("jupyter", {}).get("source_hidden"), (
            f"{name}: the cell that begins {cell.source.splitlines()[0]!r} (a solution or a "
            "self-check) must be collapsed in the notebook, out of the way of a learner who "
            "wants to try first (jupyter: source_hidden: true)"
        )
    for cell in checks:
        assert "remove-input" in cell.metadata.get("tags", []), (
            f"{name}: the self-check cell that begins {cell.source.splitlines()[0]!r} shows "
            "its answer: tag it remove-input"
        )
        assert not re.search(r"answer=\s*(['\"][^'\"]*['\"]|[-+\d.]+)\s*[,)]", cell.source), (
            f"{name}: the self-check cell that begins {cell.source.splitlines()[0]!r} types its "
            "answer: compute it from data"
        )
    last = max(cells.index(c) for c in checks + _solution_cells(cells))
    go_further = next(
        (
            i
            for i, c in enumerate(cells)
            if c.cell_type == "markdown" and re.search(r"^## Go further", c.source, re.M)
        ),
        None,
    )
    assert go_further is not None and last < go_further, (
        f"{name}: the exercises and self-checks must come before a '## Go further' section"
    )


# --- the chapters, executed: each right answer is what the chapter computes -----------------------

# A self-check's right answer must be what the chapter computes: a value the chapter glues (and so
# states in its prose), found by value, or, for an answer the chapter does not glue, the value
# _independent() computes here another way.


def _independent() -> dict[str, str]:
    """Answers the chapters do not glue, computed here another way (geographiclib, zoneinfo,
    the CSV files read with the csv module)."""
    import csv
    from collections import Counter
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from geographiclib.geodesic import Geodesic

    def rows(name):
        with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    places = {r["place_id"]: r for r in rows("baikonur_places")}
    site_1 = places["site_1"]
    away = {
        places[p]["name"].split(" (")[0]: Geodesic.WGS84.Inverse(
            float(site_1["lat"]),
            float(site_1["lon"]),
            float(places[p]["lat"]),
            float(places[p]["lon"]),
        )["s12"]
        for p in ["baikonur_town", "kyzylorda", "zhezkazgan", "ms18_landing_approx"]
    }
    ports = rows("spaceports")
    nearest_equator = min(ports, key=lambda r: abs(float(r["lat"])))["name"]
    landing = next(r for r in rows("soyuz_ms19_ms18_timeline") if r["event_id"] == "ms18_landing")
    utc = datetime.fromisoformat(landing["utc"].replace("Z", "+00:00"))
    verdicts = Counter(r["verdict"] for r in rows("claims"))
    return {
        "exists-nearest-to-site-1": min(away, key=away.get),
        "steppe-biggest-push": nearest_equator,
        "film-landing-local-time": f"{utc.astimezone(ZoneInfo('Asia/Almaty')):%H:%M}",
        "claims-common-verdict": verdicts.most_common(1)[0][0],
    }


@pytest.fixture(scope="module")
def executed():
    """Each chapter run top to bottom (in book/, as the build does): its glue values and the
    self-checks it shows."""
    from nbclient import NotebookClient

    found = {}
    for slug in toc_chapters():
        notebook = read_notebook(page_path(ROOT, f"book/{slug}"))
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(ROOT / "book")}},
        ).execute()
        found[slug] = glue_and_checks(notebook)
    return found


def test_each_right_answer_is_what_the_chapter_computes(executed):
    others = _independent()
    seen = set()
    for slug, (glue, checks) in executed.items():
        assert len(checks) >= 2, f"{slug}: {len(checks)} self-checks shown when the chapter runs"
        for key, answer in checks.items():
            seen.add(key)
            if key in others:
                assert answer == others[key], (
                    f"{slug}: self-check {key} expects {answer!r}, computed here: {others[key]!r}"
                )
        problems = unglued_answers(slug, glue, checks, others)
        assert not problems, "\n".join(problems)
    assert seen >= set(others), (
        f"self-checks missing from the chapters: {sorted(set(others) - seen)} "
        "(or drop them from _independent() in tests/helpers/test_selfcheck.py)"
    )
