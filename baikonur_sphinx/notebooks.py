"""Chapters written as MyST Markdown notebooks still reach readers as ``.ipynb``.

Authors edit ``book/<slug>.md`` (jupytext ``md:myst``), so that a prose edit diffs as prose. The
``.ipynb`` a reader downloads, and the one Colab opens, are generated from it, never committed:

* the download button: the build writes ``_sources/<page>.ipynb`` (the chapter as a notebook,
  without outputs, like the ``.md``), and the theme's button offers it;
* Colab opens notebooks from GitHub only, so the Pages workflow pushes the same generated
  notebooks to a branch of the repository (``baikonur_notebooks_branch``, "notebooks"; QuantEcon
  publishes its lectures' notebooks the same way), and the Colab button points there;
* Binder and JupyterLab open the ``.md`` itself as a notebook, through jupytext
  (``requirements.txt``; ``postBuild`` makes it the default viewer on Binder).

The generated notebook is the chapter made to run where it lands (:func:`learner_notebook`):

* its first code cell installs the book's helpers and data in Colab, by itself and quietly
  (``pip install`` of this repository, whose ``pyproject.toml`` makes ``baikonur`` and the data
  package installable with the few libraries the chapters need, no JupyterLab nor Jupyter
  Book); elsewhere it only checks that they are there. The repository URL is the build's
  (``_config.yml`` or the Pages workflow's, :mod:`baikonur_sphinx.publishing`);
* exercises are written in the Markdown every notebook front end renders (Colab renders neither
  MyST nor JupyterLab extensions): the title in bold, the hint in a folded ``<details>``, the
  solution's code folded (``jupyter.source_hidden``; Colab's form view) and its answer folded by
  :func:`baikonur.exercises.show_answer`; ``{go-live}`` becomes a sentence for a live notebook.

Chapters still written as ``.ipynb`` are left as they are (the theme offers them as they are).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.application import Sphinx

from baikonur.book import is_notebook

NOTEBOOKS_BRANCH = "notebooks"
_COLAB_BLOB = re.compile(r"(?P<head>/github/[^/]+/[^/]+/blob/)[^/]+/(?P<path>.+)\.(?:md|ipynb)$")


def _myst_notebook(app: Sphinx, pagename: str) -> Path | None:
    path = Path(app.env.doc2path(pagename))
    return path if path.suffix == ".md" and is_notebook(path) else None


def offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before the theme draws its download button (priority 501): the page has an .ipynb."""
    source = _myst_notebook(app, pagename)
    if source is None:
        return
    context["ipynb_source"] = f"{pagename}.ipynb"
    app.env.baikonur_myst_notebooks = {
        **getattr(app.env, "baikonur_myst_notebooks", {}),
        pagename: str(source),
    }


def colab_from_notebooks_branch(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """After the theme's launch buttons (priority 501): Colab opens the generated .ipynb."""
    if _myst_notebook(app, pagename) is None:
        return
    branch = app.config.baikonur_notebooks_branch
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            url = button.get("url", "")
            if "colab" in url:
                button["url"] = _COLAB_BLOB.sub(
                    lambda m: f"{m['head']}{branch}/{m['path']}.ipynb", url
                )


# The package this repository installs (pyproject.toml), as pip names it.
PACKAGE = "baikonur-explained"

_INSTALL_CELL = """\
# In Colab: the book's helpers and data (the {package} package, from the book's
# repository) and the few libraries Colab lacks, installed quietly. Elsewhere (JupyterLab in
# the book's repository) this only checks that they are there.
import importlib.util
import sys

if "google.colab" in sys.modules and importlib.util.find_spec("baikonur") is None:
    import subprocess

    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", {requirement_json}],
        capture_output=True,
        text=True,
    )
    if installed.returncode:
        raise RuntimeError("pip could not install the book's package:\\n" + installed.stderr)
    importlib.invalidate_caches()

if importlib.util.find_spec("baikonur") is None:
    raise ModuleNotFoundError(
        "This chapter needs the book's helpers and data. Install them with\\n"
        "  pip install '{requirement}'\\n"
        "or run the chapter inside the book's repository (its README, 'Learners')."
    )"""

_OUTSIDE_CELL = """\
# This chapter needs the book's helpers and data (the baikonur package): run it inside the
# book's repository (its README, 'Learners', says how).
import importlib.util

if importlib.util.find_spec("baikonur") is None:
    raise ModuleNotFoundError(
        "This chapter needs the book's repository: run it there (its README, 'Learners')."
    )"""

_EXERCISE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.S | re.M,
)
_DROPDOWN = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{dropdown\}[ \t]*(?P<title>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.S | re.M,
)
_OPTIONS = re.compile(r"\A(?:[ \t]*:[\w-]+:[^\n]*\n)+")
_LABEL = re.compile(r"^:label:[ \t]*(\S+)", re.M)
_SOLUTION_START = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution-start\}[ \t]*(?P<label>\S*)[^\n]*\n"
    r"(?:.*?\n)??(?P=fence)[ \t]*$",
    re.S | re.M,
)
_SOLUTION_END = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution-end\}[^\n]*\n(?P=fence)[ \t]*$", re.M
)
_GO_LIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{go-live\}[^\n]*\n(?P=fence)[ \t]*$", re.M)
GO_LIVE_IN_A_NOTEBOOK = (
    "Here the chapter is live: run its cells from the top (*Run › Run All Cells*) and every "
    "cell below runs too."
)


def install_requirement(repository: str, branch: str) -> str:
    """What pip installs in Colab: this repository's package, from GitHub, at ``branch``."""
    return f"{PACKAGE} @ git+{repository}@{branch}" if repository else ""


def _hint(match: re.Match) -> str:
    return (
        f"<details><summary>{match['title'].strip() or 'Hint'}</summary>\n\n"
        f"{match['body'].strip()}\n\n</details>"
    )


def _exercise(number: int, match: re.Match) -> str:
    body = _OPTIONS.sub("", match["body"].lstrip("\n"), count=1)
    body = _DROPDOWN.sub(_hint, body).strip()
    title = match["title"].strip()
    heading = f"**Exercise {number}: {title}**" if title else f"**Exercise {number}**"
    return f"{heading}\n\n{body}"


def learner_notebook(source: Path | str, requirement: str = ""):
    """The chapter ``source`` (a MyST notebook) as the ``.ipynb`` readers download and Colab
    opens: no outputs, an install cell first (``requirement``, what pip installs in Colab; none
    without a repository), and exercises in plain Markdown and HTML (see the module's doc)."""
    import jupytext

    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    cells, exercises, solution = [], {}, None
    for cell in notebook.cells:
        text = cell.source
        if cell.cell_type == "code":
            if not any(c.cell_type == "code" for c in cells):
                cell.source = (
                    _INSTALL_CELL.format(
                        package=PACKAGE,
                        requirement=requirement,
                        requirement_json=json.dumps(requirement),
                    )
                    if requirement
                    else _OUTSIDE_CELL
                )
            elif solution is not None:
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
                cell.metadata["cellView"] = "form"  # Colab: the code behind "Show code"
                cell.source = f"# @title Solution to exercise {solution}\n{cell.source}"
                solution = None
            cells.append(cell)
            continue
        if cell.cell_type != "markdown":
            cells.append(cell)
            continue

        def numbered(match: re.Match) -> str:
            number = len(exercises) + 1
            label = _LABEL.search(match["body"])
            exercises[label.group(1) if label else f"#{number}"] = number
            return _exercise(number, match)

        def solution_note(match: re.Match) -> str:
            nonlocal solution
            solution = exercises.get(match["label"], len(exercises))
            return (
                f"**Solution to exercise {solution}**: the next cell. Its code is folded (click "
                "the bar on its left, or *Show code*), and so is its answer (*Show the answer*)."
            )

        text = _SOLUTION_END.sub("", _EXERCISE.sub(numbered, text))
        text = _SOLUTION_START.sub(solution_note, text)
        text = _GO_LIVE.sub(GO_LIVE_IN_A_NOTEBOOK, text).strip()
        if text:
            cell.source = text
            cells.append(cell)
    notebook.cells = cells
    return notebook


def write_notebooks(app: Sphinx, exception) -> None:
    """The downloadable .ipynb of every MyST chapter, written last (the theme copies the executed
    notebook to the same place when launch buttons are on; readers get the chapter as written,
    made to run outside the repository: :func:`learner_notebook`). The Pages workflow pushes
    the same files to the notebooks branch, which Colab opens."""
    if exception is not None or app.builder.format != "html":
        return
    import nbformat

    options = app.config.html_theme_options
    requirement = install_requirement(
        options.get("repository_url") or "", options.get("repository_branch") or "main"
    )
    for pagename, source in getattr(app.env, "baikonur_myst_notebooks", {}).items():
        notebook = learner_notebook(source, requirement)
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)


def setup(app: Sphinx) -> None:
    app.add_config_value("baikonur_notebooks_branch", NOTEBOOKS_BRANCH, "html")
    app.connect("html-page-context", offer_notebook, priority=400)
    app.connect("html-page-context", colab_from_notebooks_branch, priority=600)
    app.connect("build-finished", write_notebooks)
