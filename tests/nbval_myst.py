"""pytest plugin: nbval runs the chapters whatever their format.

nbval collects ``.ipynb`` files only. A chapter written as a MyST Markdown notebook
(``book/<slug>.md``, or any ``.md`` with a jupytext header) is read with jupytext and handed to
nbval as the same notebook, so ``pytest`` runs its cells in a fresh kernel in the notebook's
folder exactly as it runs a ``.ipynb`` (items are named ``book/<slug>.md::Cell N``). Loaded by
``tests/conftest.py`` (``pytest_plugins``), and by ``-p tests.nbval_myst`` where that is not read.
"""

from __future__ import annotations

from unittest import mock

import nbformat
from nbval.plugin import IPyNbFile

from baikonur.book import is_notebook, read_notebook


class MystNotebookFile(IPyNbFile):
    """nbval's collector, reading the notebook through jupytext instead of nbformat."""

    def collect(self):
        notebook = read_notebook(self.path)
        with mock.patch.object(nbformat, "read", return_value=notebook):
            return list(super().collect())


def pytest_collect_file(file_path, parent):
    option = parent.config.option
    if (option.nbval or option.nbval_lax) and file_path.suffix == ".md" and is_notebook(file_path):
        return MystNotebookFile.from_parent(parent, path=file_path)
    return None
