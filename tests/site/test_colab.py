"""A chapter opened in Colab runs with no edit, as a learner gets it: the notebook the build writes
(baikonur_sphinx.notebooks.learner_notebook) alone in an empty folder, a fresh environment with
only packages Colab has, ``google.colab`` imported (as in Colab), and the repository served from a
wheel built from this checkout in place of GitHub. Its first cell installs the book's package and
what Colab lacks, quietly; then every cell runs.

Like test_binder.py it builds an environment and installs from PyPI (from pip's cache when it
can): `make test` runs it, `pytest -m "not binder"` leaves it out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat
import pytest

from baikonur_sphinx.notebooks import PACKAGE, learner_notebook
from conftest import ROOT

pytestmark = pytest.mark.binder

# A Colab runtime's own packages, those the chapters could lean on (Colab has far more, and
# older versions of some: plotly 5, which the book's package upgrades).
COLAB_HAS = ("numpy", "pandas", "plotly<6", "ipykernel", "ipywidgets<8", "pyyaml", "jinja2")
# What runs the notebook here (Colab's front end does it there).
RUNNER = ("nbclient", "nbformat")
# Chapters that draw a folium map, a Plotly figure, widgets, orbits (skyfield) and self-checks.
CHAPTERS = ("baikonur-exists", "why-the-steppe")
# Stands for Colab: the module its runtime has imported when a notebook's code runs.
FAKE_COLAB = """\
import sys, types
sys.modules.setdefault("google", types.ModuleType("google"))
sys.modules["google.colab"] = types.ModuleType("google.colab")
"""
# Runs in the fresh environment: the notebook, in its folder, as Colab runs it (top to bottom).
RUN = """\
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, timeout=900, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(notebook, path)
"""


def _environment(venv) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "BAIKONUR_DATA")
        and not key.startswith("BAIKONUR_")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(command, venv, cwd):
    result = subprocess.run(
        command, cwd=cwd, env=_environment(venv), capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"`{' '.join(map(str, command))}` failed:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    )
    return result


def _installed(python, venv, cwd) -> set[str]:
    listed = _run([python, "-m", "pip", "list", "--format=json"], venv, cwd).stdout
    return {package["name"].lower().replace("_", "-") for package in json.loads(listed)}


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """A fresh environment with Colab's usual packages and google.colab, and the book's wheel."""
    root = tmp_path_factory.mktemp("colab")
    wheels = root / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("baikonur_explained-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], venv, root)
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", *COLAB_HAS, *RUNNER], venv, root)
    site = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv, root
    ).stdout.strip()
    # sitecustomize runs in every Python of the environment, the kernel's included.
    (root / "venv" / site.split(str(venv) + "/", 1)[1] / "sitecustomize.py").write_text(FAKE_COLAB)
    before = _installed(python, venv, root)
    for module in ("baikonur", "folium", "skyfield", "myst_nb"):  # not there before the notebook
        imported = subprocess.run([python, "-c", f"import {module}"], cwd=root, capture_output=True)
        assert imported.returncode, f"{module} is in the fresh environment already"
    return venv, python, f"{PACKAGE} @ {wheel.as_uri()}", before


@pytest.mark.parametrize("slug", CHAPTERS)
def test_the_colab_notebook_runs_alone_with_no_edit(colab, tmp_path, slug):
    venv, python, requirement, before = colab
    folder = tmp_path / "content"  # Colab's working folder: nothing of the repository in it
    folder.mkdir()
    notebook_path = folder / f"{slug}.ipynb"
    notebook = learner_notebook(ROOT / "book" / f"{slug}.md", requirement)
    for cell in notebook.cells:  # Colab runs every cell: it knows no skip-execution tag
        tags = cell.metadata.get("tags", [])
        if "skip-execution" in tags:
            tags.remove("skip-execution")
    nbformat.write(notebook, notebook_path)
    _run([python, "-c", RUN, str(notebook_path), str(folder)], venv, folder)

    ran = nbformat.read(notebook_path, as_version=4)
    code = [c for c in ran.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0]["evalue"] if errors else ""
    assert all(c.execution_count for c in code), "a cell did not run"
    # The install is quiet: the first cell shows nothing.
    assert code[0].outputs == [], code[0].outputs
    # It installed the book's package and what Colab lacks, and none of JupyterLab, Jupyter
    # Book or Jupyter Server (Colab's own notebook stack, here ipywidgets 7's, is not ours).
    added = _installed(python, venv, folder) - before
    assert {PACKAGE, "folium", "skyfield", "sgp4", "myst-nb"} <= added, added
    assert not added & {"jupyterlab", "jupyter-book", "jupyter-server", "notebook"}, added
    # No answer in plain view: every solution's output is folded.
    for cell in code:
        if cell.metadata.get("cellView") == "form":  # a solution
            shown = [o.get("data", {}).get("text/html", "") for o in cell.outputs]
            assert shown and all(s.startswith('<details class="bk-answer">') for s in shown)
            assert not [o for o in cell.outputs if o.output_type == "stream"]
