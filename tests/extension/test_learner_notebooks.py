"""The notebook readers download, Colab opens and `make lab` gives learners
(baikonur_sphinx.notebooks.learner_notebook): exercises in Markdown every front end renders, an
install cell that acts only in Colab, and the repository URL from the build, never a placeholder."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from baikonur.book import chapter_notebooks
from baikonur_sphinx.notebooks import (
    GO_LIVE_IN_A_NOTEBOOK,
    PACKAGE,
    install_requirement,
    learner_notebook,
)
from conftest import ROOT

CHAPTER = textwrap.dedent(
    """\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
        format_version: 0.13
    kernelspec:
      display_name: Python 3 (ipykernel)
      language: python
      name: python3
    ---

    # A chapter

    ```{code-cell} ipython3
    :tags: [remove-cell]

    raise ModuleNotFoundError("<repository URL>")
    ```

    ## Exercises

    Work them in the notebook:

    ```{go-live}
    ```

    ````{exercise} The busiest pad
    :label: t-ex-pad

    Which pad launched most?

    ```{dropdown} Hint
    Group by `launch_pad`.
    ```
    ````

    ```{solution-start} t-ex-pad
    :class: dropdown
    ```

    ```{code-cell} ipython3
    ---
    jupyter:
      source_hidden: true
    ---
    print("Site 31")
    ```

    ```{solution-end}
    ```

    ## Go further
    """
)


@pytest.fixture
def chapter(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(CHAPTER, encoding="utf-8")
    return path


def test_exercises_become_markdown_that_every_front_end_renders(chapter):
    notebook = learner_notebook(chapter, install_requirement("https://github.com/o/r", "main"))
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    text = "\n".join(markdown)
    for markup in ("{exercise}", "{dropdown}", "{solution-start}", "{solution-end}", "{go-live}"):
        assert markup not in text
    assert ":label:" not in text
    assert (
        "**Exercise 1: The busiest pad**\n\nWhich pad launched most?\n\n"
        "<details><summary>Hint</summary>\n\nGroup by `launch_pad`.\n\n</details>"
    ) in text
    assert "**Solution to exercise 1**: the next cell." in text
    assert GO_LIVE_IN_A_NOTEBOOK in text
    solution = [c for c in notebook.cells if c.cell_type == "code"][1]
    assert solution.source.startswith("# @title Solution to exercise 1\n")
    assert solution.metadata["jupyter"]["source_hidden"] is True
    assert solution.metadata["cellView"] == "form"
    assert "jupytext" not in notebook.metadata


def test_the_first_cell_installs_from_the_repository_only_in_colab(chapter, tmp_path):
    requirement = install_requirement("https://github.com/o/r", "main")
    assert requirement == f"{PACKAGE} @ git+https://github.com/o/r@main"
    first = next(c for c in learner_notebook(chapter, requirement).cells if c.cell_type == "code")
    assert f'"{requirement}"' in first.source and "<repository URL>" not in first.source
    assert 'if "google.colab" in sys.modules' in first.source
    assert first.metadata["tags"] == ["remove-cell"]
    # Outside Colab, with the book's package importable, it does nothing (no pip).
    run = subprocess.run(
        [sys.executable, "-c", first.source], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stdout == run.stderr == "", run.stderr


def test_without_a_repository_the_first_cell_says_where_to_run(chapter, tmp_path):
    first = next(c for c in learner_notebook(chapter, "").cells if c.cell_type == "code")
    assert "pip install" not in first.source and "<repository URL>" not in first.source
    run = subprocess.run(
        [sys.executable, "-I", "-S", "-c", first.source],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "ModuleNotFoundError: This chapter needs the book's repository" in run.stderr


@pytest.mark.parametrize(
    "path", [p for p in chapter_notebooks(ROOT) if p.suffix == ".md"], ids=lambda p: p.stem
)
def test_every_chapter_converts_whole(path):
    notebook = learner_notebook(path, "")
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    for markup in ("{exercise}", "{dropdown}", "{solution-start}", "{solution-end}", "{go-live}"):
        assert markup not in text, f"{path.name}: {markup} left in the learners' notebook"
    exercises = text.count("**Exercise ")
    solutions = [c for c in notebook.cells if c.metadata.get("cellView") == "form"]
    assert len(solutions) == exercises, f"{path.name}: {exercises} exercises, {len(solutions)}"
    for cell in solutions:
        assert "show_answer(" in cell.source, f"{path.name}: a solution prints its answer in view"
