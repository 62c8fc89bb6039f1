"""Self-checks (baikonur/selfcheck.py), the staged exercises and their insertion into chapters
(staging/insert_exercises.py), and every chapter's exercises and self-checks."""

from __future__ import annotations

import importlib.util
import re

import nbformat
import pytest

from baikonur.book import chapter_notebooks, page_path, read_notebook
from baikonur import selfcheck
from conftest import ROOT

STAGING = ROOT / "staging" / "exercises"
_EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n:label: (?P<label>[\w-]+)", re.M)
_SOLUTION = re.compile(r"\{solution-start\} (?P<label>[\w-]+)")


def _insert_module():
    spec = importlib.util.spec_from_file_location(
        "insert_exercises", ROOT / "staging" / "insert_exercises.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


# --- the staged cells and the insertion script ---------------------------------------------------


def _exercises(cells) -> tuple[list[str], list[str], int, list]:
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    labels = [m["label"] for m in _EXERCISE.finditer(text)]
    solved = _SOLUTION.findall(text)
    checks = [c for c in cells if c.cell_type == "code" and "selfcheck." in c.source]
    hints = text.count("{dropdown} Hint")
    return labels, solved, hints, checks


@pytest.mark.parametrize("slug", toc_chapters())
def test_every_chapter_has_staged_exercises_and_self_checks(slug):
    path = STAGING / f"{slug}.ipynb"
    assert path.is_file(), f"chapter {slug} has no exercises: add staging/exercises/{slug}.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    labels, solved, hints, checks = _exercises(cells)
    assert 2 <= len(labels) <= 4, f"{path.name}: {len(labels)} exercises, expected 2 to 4"
    assert solved == labels, f"{path.name}: every exercise needs its solution, in order"
    assert hints == len(labels), f"{path.name}: {hints} hints for {len(labels)} exercises"
    assert len(checks) >= 2, f"{path.name}: {len(checks)} self-checks, expected at least 2"
    for cell in cells:
        assert cell.metadata.get("baikonur", {}).get("learners"), (
            f"{path.name}: cell {cell.id} lacks the marker the insertion script relies on"
        )
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name}: clear the outputs of cell {cell.id}"
            assert cell.metadata.get("jupyter", {}).get("source_hidden"), (
                f"{path.name}: cell {cell.id} (solution or self-check) must be collapsed in "
                "the notebook, out of the way of a learner who wants to try first"
            )
    for cell in checks:
        assert "remove-input" in cell.metadata.get("tags", []), (
            f"{path.name}: self-check cell {cell.id} shows its answer: tag it remove-input"
        )
        assert not re.search(r"answer=\s*(['\"][^'\"]*['\"]|[-+\d.]+)\s*[,)]", cell.source), (
            f"{path.name}: self-check cell {cell.id} types its answer: compute it from data"
        )


@pytest.mark.parametrize("slug", toc_chapters())
def test_every_chapter_has_its_exercises_inserted(slug):
    chapter = page_path(ROOT, f"book/{slug}")
    cells = read_notebook(chapter).cells
    staged = nbformat.read(STAGING / f"{slug}.ipynb", as_version=4).cells
    inserted = [c for c in cells if c.metadata.get("baikonur", {}).get("learners")]
    assert [c.source for c in inserted] == [c.source for c in staged], (
        f"{chapter.name} does not have the cells of staging/exercises/{slug}.ipynb: run "
        "`.venv/bin/python staging/insert_exercises.py`"
    )
    at = cells.index(inserted[-1]) + 1
    assert cells[at].source.startswith("## Go further"), (
        f"{chapter.name}: the exercises must come just before '## Go further'"
    )


def _chapter(cells) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    for n, (kind, source) in enumerate(cells):
        cell = (nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell)(
            source
        )
        cell.id = f"c{n}"
        notebook.cells.append(cell)
    return notebook


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    module = _insert_module()
    (tmp_path / "book").mkdir()
    (tmp_path / "staging").mkdir()
    staged = _chapter([("md", "## Exercises"), ("code", "print(1)")])
    for cell in staged.cells:
        cell.metadata["baikonur"] = {"learners": True}
        cell.id = f"staged-{cell.id}"
    nbformat.write(staged, tmp_path / "staging" / "demo.ipynb")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "BOOK", tmp_path / "book")
    monkeypatch.setattr(module, "STAGING", tmp_path / "staging")
    return module, tmp_path


def test_insertion_goes_before_go_further_and_is_idempotent(scratch):
    module, root = scratch
    chapter = root / "book" / "demo.ipynb"
    nbformat.write(
        _chapter(
            [("md", "# Title"), ("md", "Text.\n\n## Go further\n\nLive."), ("md", "## Sources")]
        ),
        chapter,
    )
    module.insert("demo")
    first = chapter.read_text()
    module.insert("demo")
    assert chapter.read_text() == first, "running the script twice must not change the chapter"
    sources = [c.source for c in nbformat.read(chapter, as_version=4).cells]
    assert sources == [
        "# Title",
        "Text.",
        "## Exercises",
        "print(1)",
        "## Go further\n\nLive.",
        "## Sources",
    ]


def test_insertion_without_go_further_says_what_to_add(scratch):
    module, root = scratch
    nbformat.write(
        _chapter([("md", "# Title"), ("md", "## Sources")]), root / "book" / "demo.ipynb"
    )
    with pytest.raises(
        SystemExit,
        match=r"book/demo\.ipynb: no markdown heading starting with "
        r"'## Go further'.*add that section",
    ):
        module.insert("demo")


def test_staging_is_neither_a_page_nor_a_test():
    config = (ROOT / "_config.yml").read_text()
    assert '  - "staging"' in config, "_config.yml exclude_patterns must leave staging/ out"
    assert '"staging"' in (ROOT / "pyproject.toml").read_text().split("norecursedirs")[1][:200]


# --- the chapters, executed: each right answer is what the chapter computes -----------------------

# Self-check key -> glue key of the value the chapter computes (and states in its prose).
SAME_AS_CHAPTER = {
    "exists-town-to-site-1-km": "town_to_site_1_km",
    "exists-decoy-year": "decoy_name_year",
    "busy-top-spaceport": "top_spaceport",
    "busy-share-pct": "baikonur_share_pct",
    "busy-busiest-year": "baikonur_busiest_year",
    "steppe-due-east-inclination": "due_east_inclination",
    "steppe-baikonur-push": "baikonur_push_m_s",
    "film-docked-days": "docked_time_days",
    "film-peresild-age": "age_peresild",
    "claims-n-hold": "n_hold",
    "home-burn-minutes": "burn_minutes",
    "home-engine-share-pct": "engine_share_pct",
    "home-site31-to-landing-km": "site31_to_landing_km",
}


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


def _glued(text: str):
    import ast

    number = re.fullmatch(r"np\.\w+\((.*)\)", text)
    try:
        return ast.literal_eval(number.group(1) if number else text)
    except (ValueError, SyntaxError):  # a rich object (Markdown, HTML): not compared here
        return text


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
        glue, checks = {}, {}
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                name = output.get("metadata", {}).get("scrapbook", {}).get("name")
                text = output.get("data", {}).get("application/papermill.record/text/plain")
                if name and text is not None:
                    glue[name] = _glued(text)
                html = output.get("data", {}).get("text/html", "")
                for key, kind, answer in re.findall(
                    r'data-key="([^"]+)" data-kind="(\w+)" data-answer="([^"]*)"', html
                ):
                    checks[key] = float(answer) if kind == "number" else answer
        found[slug] = glue, checks
    return found


def test_each_right_answer_is_what_the_chapter_computes(executed):
    others = _independent()
    seen = set()
    for slug, (glue, checks) in executed.items():
        assert len(checks) >= 2, f"{slug}: {len(checks)} self-checks shown when the chapter runs"
        for key, answer in checks.items():
            seen.add(key)
            if key in SAME_AS_CHAPTER:
                glue_key = SAME_AS_CHAPTER[key]
                assert glue_key in glue, (
                    f"{slug}: self-check {key} is compared with the "
                    f"chapter's glue key {glue_key!r}, which the chapter no longer glues"
                )
                expected = glue[glue_key]
                if isinstance(answer, float):
                    assert answer == pytest.approx(float(expected), abs=1e-9), (
                        f"{slug}: self-check {key} expects {answer}, "
                        f"the chapter computes {expected}"
                    )
                else:
                    assert answer == str(expected), (
                        f"{slug}: self-check {key} expects {answer!r}, "
                        f"the chapter says {expected!r}"
                    )
            else:
                assert key in others, (
                    f"{slug}: self-check {key} is not checked by this test: "
                    "add it to SAME_AS_CHAPTER or _independent() in tests/helpers/test_selfcheck.py"
                )
                assert answer == others[key], (
                    f"{slug}: self-check {key} expects {answer!r}, computed here: {others[key]!r}"
                )
    assert seen >= set(SAME_AS_CHAPTER) | set(others), (
        "self-checks missing from the chapters: "
        f"{sorted(set(SAME_AS_CHAPTER) | set(others) - seen)}"
    )
