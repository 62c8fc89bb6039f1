"""Every notebook runs in a fresh virtual environment made from requirements.txt alone, as Binder
builds one (repo2docker installs requirements.txt from the repository's root, then opens the
notebook in its folder).

This catches a chapter that imports a package only the authors' environment has (a test tool, or
something installed by hand). It installs about a hundred packages, from pip's cache when it can;
`make test` runs it, and `pytest -m "not binder"` leaves it out while you work on something else.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from baikonur.book import is_notebook
from conftest import ROOT

pytestmark = pytest.mark.binder

# What runs the notebooks, not what they need: nbval and pytest, at the versions the tests use.
RUNNERS = ("pytest", "nbval")


def _runner_requirements() -> list[str]:
    lines = (ROOT / "tests" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.strip() for line in lines if re.match(rf"({'|'.join(RUNNERS)})\b", line.strip())]
    assert len(pins) == len(RUNNERS), f"tests/requirements.txt should pin {RUNNERS}, found {pins}"
    return pins


def _notebooks() -> list[str]:
    # .ipynb notebooks, and MyST notebooks (.md with a jupytext header), as learners open them.
    found = sorted(
        p.relative_to(ROOT).as_posix()
        for folder in ("book", "templates")
        for p in (ROOT / folder).iterdir()
        if is_notebook(p)
    )
    assert found, "no notebook found"
    return found


def _run(command, venv, **kwargs):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "BAIKONUR_DATA")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"`{' '.join(map(str, command))}` failed:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    )
    return result


def test_every_notebook_runs_in_a_fresh_environment_from_requirements_txt(tmp_path):
    venv = tmp_path / "binder-venv"
    # A new environment that sees none of the packages installed for the build or the tests.
    _run([sys.executable, "-m", "venv", str(venv)], venv)
    python = str(venv / "bin" / "python")
    _run([python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], venv)
    _run([python, "-m", "pip", "install", "--quiet", *_runner_requirements()], venv)
    # The environment is really separate: the tests' own tools are not in it.
    assert subprocess.run([python, "-c", "import playwright"], capture_output=True).returncode != 0

    notebooks = _notebooks()
    # tests/nbval_myst.py lets nbval run MyST notebooks (.md) too.
    result = _run(
        [
            python,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.nbval_myst",
            "-o",
            "addopts=",
            "-v",
            *notebooks,
        ],
        venv,
    )
    # Each notebook's cells ran and passed (pytest -v prints one line per cell).
    for notebook in notebooks:
        # nbval names the items "<folder>/<name>::ipynb::Cell N" (sic), or "<name>.md::Cell N".
        stem = re.escape(notebook.rsplit(".", 1)[0])
        cells = re.findall(rf"^{stem}(?:\.|::)(?:ipynb|md)::Cell \d+ (\w+)", result.stdout, re.M)
        assert cells and set(cells) == {"PASSED"}, f"{notebook}: {cells}\n{result.stdout[-3000:]}"
