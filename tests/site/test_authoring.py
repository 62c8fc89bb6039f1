"""What an author must get right, each failure said in words: notebooks committed without outputs,
chapters and _toc.yml in step, the Colab note in every chapter, the chapter template, pre-commit."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from baikonur.book import chapter_notebooks, page_path, read_notebook
from baikonur_sphinx.toc import check_toc, toc_problems
from conftest import ROOT

# The chapter template, as a MyST notebook (templates/chapter.md) or a .ipynb.
TEMPLATE = page_path(ROOT, "templates/chapter")
TEMPLATE_NAME = TEMPLATE.relative_to(ROOT).as_posix()
OUTSIDE_CELL_ID = "outside-repository"


def repository_notebooks() -> list[Path]:
    """Every notebook git knows or would add (tracked, or new and not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "*.ipynb"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return sorted(ROOT / name for name in listed if (ROOT / name).is_file())


def chapters() -> list[Path]:
    """The chapters (the notebooks of _toc.yml), as .md or .ipynb."""
    return chapter_notebooks(ROOT)


def cells(path: Path) -> list[dict]:
    """A notebook's cells, whatever its format, with their source as one string."""
    return [
        {
            "cell_type": c.cell_type,
            "id": c.get("id"),
            "metadata": dict(c.metadata),
            "source": c.source,
        }
        for c in read_notebook(path).cells
    ]


def notebook_output_problems(path: Path) -> list[str]:
    """Outputs and execution counts left in a notebook, as sentences naming the cell."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        name = f"cell {number}" + (f" (id {cell['id']})" if cell.get("id") else "")
        if cell.get("outputs"):
            problems.append(f"{name} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            problems.append(f"{name} has execution_count {cell['execution_count']}")
    return problems


def _write_notebook(path: Path, cells: list[dict]) -> Path:
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8",
    )
    return path


# --- notebooks are committed without outputs ----------------------------------------------


def test_repository_notebooks_are_found():
    # Chapters written as MyST notebooks (.md) have no outputs to leave: this is for any .ipynb.
    names = {p.relative_to(ROOT).as_posix() for p in repository_notebooks()}
    expected = {p.relative_to(ROOT).as_posix() for p in [*chapters(), TEMPLATE]}
    assert {n for n in expected if n.endswith(".ipynb")} <= names
    assert chapters(), "no chapter found in _toc.yml"


def test_notebooks_are_committed_without_outputs():
    # Every .ipynb git knows (there may be none: chapters are MyST notebooks).
    for path in repository_notebooks():
        problems = notebook_output_problems(path)
        assert not problems, (
            f"{path.relative_to(ROOT)} was saved with outputs ({'; '.join(problems)}). Notebooks "
            f"are committed without them, the build runs them: clear them with `nbstripout "
            f"--keep-id {path.relative_to(ROOT)}` (the pre-commit hook does it), or Edit > Clear "
            f"Outputs of All Cells in JupyterLab, then save."
        )


def test_output_check_finds_outputs_and_counts(tmp_path):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
        {
            "cell_type": "code",
            "id": "clean",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": "1",
        },
        {
            "cell_type": "code",
            "id": "run",
            "execution_count": 3,
            "metadata": {},
            "outputs": [
                {
                    "output_type": "execute_result",
                    "data": {"text/plain": "1"},
                    "metadata": {},
                    "execution_count": 3,
                }
            ],
            "source": "1",
        },
    ]
    problems = notebook_output_problems(_write_notebook(tmp_path / "saved.ipynb", cells))
    assert problems == ["cell 3 (id run) has 1 output(s)", "cell 3 (id run) has execution_count 3"]


# --- chapters and _toc.yml -----------------------------------------------------------------


def test_book_and_toc_match():
    assert toc_problems(ROOT, ROOT / "_toc.yml") == []


@pytest.fixture
def scratch_book(tmp_path):
    (tmp_path / "book").mkdir()
    for name in ("intro.md", "one.ipynb", "bibliography.md"):
        (tmp_path / "book" / name).write_text("{}" if name.endswith(".ipynb") else "# Page\n")
    (tmp_path / "book" / "images").mkdir()
    (tmp_path / "book" / "images" / "logo.md").write_text("# Logo\n")
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/one\n"
        "  - file: book/bibliography\n",
        encoding="utf-8",
    )
    return tmp_path


def test_scratch_book_matches_apart_from_nested_pages(scratch_book):
    # Pages in sub-folders count too: book/images/logo.md is a page nobody listed.
    assert toc_problems(scratch_book, scratch_book / "_toc.yml") == [
        "book/images/logo.md is not in _toc.yml: add the line `  - file: book/images/logo` "
        "(chapters go after book/baikonur-exists, before book/bibliography), or move the file "
        "out of book/"
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        ("new chapter", r"book/two.ipynb is not in _toc.yml: add the line `  - file: book/two`"),
        (
            "line without file",
            r"_toc.yml lists `book/three`, but there is no book/three.ipynb or "
            r"book/three.md: fix the line, or add the file",
        ),
        ("listed twice", r"_toc.yml lists `book/one` more than once: keep one line"),
        ("md and ipynb", r"book/one.ipynb and book/one.md are the same page: keep one of them"),
    ],
)
def test_mismatch_is_named_with_what_to_do(scratch_book, change, expected):
    shutil.rmtree(scratch_book / "book" / "images")
    toc = scratch_book / "_toc.yml"
    if change == "new chapter":
        (scratch_book / "book" / "two.ipynb").write_text("{}")
    elif change == "line without file":
        toc.write_text(toc.read_text() + "  - file: book/three\n")
    elif change == "listed twice":
        toc.write_text(toc.read_text() + "  - file: book/one.ipynb\n")
    else:
        (scratch_book / "book" / "one.md").write_text("# Same page\n")
    problems = toc_problems(scratch_book, toc)
    assert len(problems) == 1 and re.search(expected, problems[0]), problems


def test_hidden_and_underscore_files_are_not_pages(scratch_book):
    shutil.rmtree(scratch_book / "book" / "images")
    (scratch_book / "book" / ".ipynb_checkpoints").mkdir()
    (scratch_book / "book" / ".ipynb_checkpoints" / "one-checkpoint.ipynb").write_text("{}")
    (scratch_book / "book" / "_draft.md").write_text("# Draft\n")
    assert toc_problems(scratch_book, scratch_book / "_toc.yml") == []


def test_the_build_stops_with_the_problems(scratch_book):
    (scratch_book / "book" / "two.ipynb").write_text("{}")
    app = type("App", (), {"srcdir": str(scratch_book)})()
    config = type("Config", (), {"external_toc_path": str(scratch_book / "_toc.yml")})()
    with pytest.raises(
        ExtensionError,
        match=r"the chapters and _toc.yml do not match:\n  - "
        r"book/images/logo.md is not in _toc.yml.*\n  - "
        r"book/two.ipynb is not in _toc.yml",
    ):
        check_toc(app, config)


# --- every chapter says how to run it outside the repository (Colab) ------------------------


@pytest.mark.parametrize("path", [*chapters(), TEMPLATE], ids=lambda p: p.name)
def test_chapter_says_how_to_run_outside_the_repository(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    first = code[0] if code else {}
    assert "".join(first.get("source", "")).strip() == _template_outside_cell(), (
        f"{path.relative_to(ROOT)}: the first code cell must be the one that tells a reader in "
        f"Colab how to get the book's helpers and data. Copy the cell with id "
        f"'{OUTSIDE_CELL_ID}' (the first code cell, tagged remove-cell) from {TEMPLATE_NAME}, "
        f"unchanged, before your imports."
    )
    assert "remove-cell" in first.get("metadata", {}).get("tags", []), (
        f"{path.relative_to(ROOT)}: tag the first code cell `remove-cell` (it is for notebook "
        f"readers, not for the book's pages)"
    )


def _template_outside_cell() -> str:
    # MyST notebooks keep no cell ids: the template's first code cell is the one.
    cell = next(c for c in cells(TEMPLATE) if c["cell_type"] == "code")
    return cell["source"].strip()


def test_outside_cell_explains_itself_when_the_helpers_are_missing(tmp_path):
    # Run the cell with a Python that cannot import baikonur: no site-packages (-S), isolated.
    script = tmp_path / "cell.py"
    script.write_text(_template_outside_cell(), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-I", "-S", str(script)], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "ModuleNotFoundError: This chapter needs the book's repository" in run.stderr
    assert "!git clone <repository URL> baikonur-explained" in run.stderr
    assert "%pip install -r requirements.txt" in run.stderr


# --- the chapter template ---------------------------------------------------------------------


def test_template_has_the_house_shape():
    template = cells(TEMPLATE)
    markdown = "\n".join(c["source"] for c in template if c["cell_type"] == "markdown")
    assert markdown.startswith("# ") and markdown.splitlines()[0].endswith("?"), (
        "the title is the reader's question"
    )
    for part in (
        "**Short answer",
        "{glue:text}`",
        "**What you will learn**",
        "**What you need**",
        "{cite:p}`",
        "{term}`",
        "## Go further",
        "```{admonition} Summary",
        "## Sources",
        "```{bibliography}\n:filter: docname in docnames\n:keyprefix: ",
    ):
        assert part in markdown, f"{TEMPLATE_NAME} lacks {part!r}"
    tags = [tag for c in template for tag in c["metadata"].get("tags", [])]
    # remove-cell: the outside-the-repository cell and the widget cell (learners only).
    assert {"remove-cell", "hide-input"} <= set(tags)


def test_template_code_lines_fit_the_house_width():
    # One line length for all code, chapters included: ruff's (pyproject.toml).
    import tomllib

    width = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["line-length"]
    long = [
        line
        for c in cells(TEMPLATE)
        if c["cell_type"] == "code"
        for line in c["source"].splitlines()
        if len(line) > width
    ]
    assert long == [], f"{TEMPLATE_NAME}: code lines over {width} characters"


# --- pre-commit -------------------------------------------------------------------------------


def test_pre_commit_config_is_valid_and_has_the_hooks():
    config = ROOT / ".pre-commit-config.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    import yaml

    hooks = {
        hook["id"]: hook
        for repo in yaml.safe_load(config.read_text())["repos"]
        for hook in repo["hooks"]
    }
    assert set(hooks) == {
        "nbstripout",
        "ruff-check",
        "ruff-format",
        "ruff-myst-notebooks",
        "codespell",
        "check-added-large-files",
        "actionlint",
    }
    for hook in hooks.values():
        pins = hook.get("additional_dependencies", [])
        assert pins and all("==" in pin for pin in pins), f"{hook['id']}: pin its version(s)"


def test_jupytext_is_the_version_pre_commit_uses():
    """JupyterLab writes its jupytext's version into a chapter it saves: with the version
    pre-commit checks with, saving a chapter does not rewrite its header."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    pins = {
        pin
        for repo in config["repos"]
        for hook in repo["hooks"]
        for pin in hook.get("additional_dependencies", [])
        if pin.startswith("jupytext")
    }
    requirements = {
        line.split("#")[0].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.startswith("jupytext")
    }
    assert pins and requirements == pins, (
        f"requirements.txt has {requirements}, pre-commit {pins}: pin the same version"
    )
    written = {
        re.search(r"jupytext_version: (\S+)", path.read_text()).group(1)
        for path in (ROOT / "book").glob("*.md")
        if "jupytext_version" in path.read_text()
    }
    assert written == {pin.split("==")[1] for pin in pins}, written


def test_ruff_settings_match_the_house_style():
    import tomllib

    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert ruff["line-length"] == 100 and "E501" in ruff["lint"]["select"]
    # One line length: no other ruff setting, nor any other linter's, in the repository.
    assert not (ROOT / "ruff.toml").exists() and not (ROOT / ".ruff.toml").exists()
    assert not (ROOT / "setup.cfg").exists() and not (ROOT / ".flake8").exists()


# --- widget controls have labels ----------------------------------------------------------------

# ipywidgets that only lay out or show things, and need no label of their own.
_UNLABELLED_WIDGETS = {
    "Label",
    "HTML",
    "HTMLMath",
    "Output",
    "VBox",
    "HBox",
    "Box",
    "GridBox",
    "Accordion",
    "Tab",
    "Stack",
    "Layout",
    "Image",
    "Valid",
    "Play",
}


def unlabelled_controls(source: str) -> list[str]:
    """ipywidgets controls created without a ``description`` (the label a screen reader reads)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "widgets"
            and node.func.attr[:1].isupper()
            and node.func.attr not in _UNLABELLED_WIDGETS
            and not any(k.arg in ("description", "tooltip") for k in node.keywords)
        ):
            found.append(f"widgets.{node.func.attr} on line {node.lineno}")
    return found


@pytest.mark.parametrize("path", [*chapters(), TEMPLATE], ids=lambda p: p.name)
def test_widget_controls_have_labels(path):
    for number, cell in enumerate(cells(path), start=1):
        source = cell["source"]
        if cell["cell_type"] != "code" or "widgets." not in source:
            continue
        # IPython magics are not Python: leave those lines out.
        python = "\n".join(
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
        )
        missing = unlabelled_controls(python)
        assert not missing, (
            f"{path.relative_to(ROOT)}, cell {number}: give each control a "
            f"description= (its visible label): {missing}"
        )


def test_label_check_finds_a_control_without_description():
    assert unlabelled_controls(
        "w = widgets.Dropdown(options=[1, 2])\n"
        "ok = widgets.IntSlider(description='Year')\n"
        "box = widgets.VBox([w, ok])"
    ) == ["widgets.Dropdown on line 1"]


# --- glossary links: at least three per chapter, checked on the sources (no build needed) -------

GLOSSARY_MINIMUM = 3
_TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<)?(?P<term>[^`<>]+?)>?`")


def glossary_terms(glossary: Path = ROOT / "book" / "glossary.md") -> list[str]:
    """The terms of the glossary's ``{glossary}`` block: its lines that are not indented."""
    block = re.search(
        r"^```\{glossary\}\n(.*?)^```", glossary.read_text(encoding="utf-8"), re.M | re.S
    )
    assert block, f"{glossary.relative_to(ROOT)} has no {{glossary}} block"
    return [line.strip() for line in block.group(1).splitlines() if line[:1].strip()]


def glossary_problem(path: Path, terms: list[str]) -> str | None:
    """What is wrong with a chapter's glossary links, in words, or None."""
    from reader_text import mention

    prose = "\n".join(c["source"] for c in cells(path) if c["cell_type"] == "markdown")
    linked = {m["term"].strip().lower() for m in _TERM_ROLE.finditer(prose)}
    if len(linked) >= GLOSSARY_MINIMUM:
        return None
    plain = _TERM_ROLE.sub("", prose)
    candidates = [t for t in terms if t.lower() not in linked and mention(t).search(plain)]
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    return (
        f"{shown} links {len(linked)} glossary word(s) "
        f"({', '.join(sorted(linked)) or 'none'}); a chapter links at least {GLOSSARY_MINIMUM}, "
        "each the first time it uses it, with {term}`word`. "
        + (
            f"Words of book/glossary.md it uses without a link: {', '.join(candidates)}."
            if candidates
            else "It uses no other word of book/glossary.md: add the words it needs there."
        )
    )


@pytest.mark.parametrize(
    "path", [p for p in chapters() if p.stem != "intro"] + [TEMPLATE], ids=lambda p: p.name
)
def test_every_chapter_links_the_glossary(path):
    problem = glossary_problem(path, glossary_terms())
    assert problem is None, problem


def test_the_glossary_check_names_the_page_and_the_words(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n"
        "  name: python3\n---\n\n# Title\n\nA {term}`TLE` read by SGP4 gives the inclination.\n",
        encoding="utf-8",
    )
    problem = glossary_problem(page, glossary_terms())
    assert problem.startswith("page.md links 1 glossary word(s) (tle); a chapter links at least 3")
    assert "without a link: " in problem and "SGP4" in problem and "Inclination" in problem
