"""The book's files: the pages ``_toc.yml`` lists, and its chapters read as notebooks.

The one place that parses ``_toc.yml`` (the build's check in :mod:`baikonur_sphinx.toc`, the
claims' links in :mod:`baikonur.claims`, the tests and the bench use it), and the one that reads a
chapter whatever its format: a MyST Markdown notebook (``book/<slug>.md`` with a jupytext header,
the format authors edit) or a Jupyter notebook (``.ipynb``). Reading goes through jupytext, which
is in ``requirements.txt`` (JupyterLab and Binder open text notebooks with it too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import yaml

__all__ = [
    "CHAPTER_FOLDER",
    "NOTEBOOK_SUFFIXES",
    "PAGE_SUFFIXES",
    "chapter_notebooks",
    "is_notebook",
    "markdown_text",
    "page_path",
    "read_notebook",
    "toc_files",
]

CHAPTER_FOLDER = "book"
#: Suffixes of the book's pages, in the order a page is looked for.
PAGE_SUFFIXES = (".md", ".ipynb")
NOTEBOOK_SUFFIXES = (".md", ".ipynb")


def _entries(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                yield node[key]
        for value in node.values():
            if isinstance(value, (list, dict)):
                yield from _entries(value)
    elif isinstance(node, list):
        for item in node:
            yield from _entries(item)


def without_suffix(name: str) -> str:
    """``book/x.ipynb`` and ``book/x.md`` -> ``book/x``; other names unchanged."""
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def toc_files(toc_file: Path | str, unique: bool = False) -> list[str]:
    """Every page ``_toc.yml`` lists (its ``root`` and each ``file``), in order, without suffix.

    Raises ``OSError`` or ``yaml.YAMLError`` if the file cannot be read. With ``unique``, a page
    listed twice is returned once.
    """
    toc = yaml.safe_load(Path(toc_file).read_text(encoding="utf-8"))
    listed = [without_suffix(str(entry).strip("/")) for entry in _entries(toc)]
    return list(dict.fromkeys(listed)) if unique else listed


def page_path(root: Path | str, page: str) -> Path | None:
    """The file of a page (``book/x`` -> ``root/book/x.md`` or ``.ipynb``), or None."""
    for suffix in PAGE_SUFFIXES:
        path = Path(root) / f"{page}{suffix}"
        if path.is_file():
            return path
    return None


def is_notebook(path: Path | str) -> bool:
    """A Jupyter notebook, or a Markdown file with a jupytext/kernelspec header (a MyST notebook;
    the book's plain Markdown pages, such as the intro, have none)."""
    path = Path(path)
    if path.suffix == ".ipynb":
        return True
    if path.suffix != ".md" or not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    header = text[4 : text.find("\n---", 4)]
    return "jupytext:" in header or "kernelspec:" in header


def chapter_notebooks(root: Path | str, toc_file: Path | str | None = None) -> list[Path]:
    """The notebooks among the pages of ``_toc.yml``, in its order."""
    root = Path(root)
    found = []
    for page in toc_files(toc_file or root / "_toc.yml", unique=True):
        path = page_path(root, page)
        if path is not None and is_notebook(path):
            found.append(path)
    return found


def read_notebook(path: Path | str):
    """A notebook (``nbformat.NotebookNode``), from a ``.ipynb`` or a MyST ``.md`` file."""
    import jupytext

    return jupytext.read(Path(path))


def markdown_text(path: Path | str) -> str:
    """The Markdown cells of a notebook, joined by blank lines."""
    notebook = read_notebook(path)
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
