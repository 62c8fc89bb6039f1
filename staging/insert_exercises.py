"""Insert each chapter's exercises and self-checks into the chapter.

    python staging/insert_exercises.py            # every staging/exercises/<slug>.ipynb
    python staging/insert_exercises.py how-busy   # one chapter

Copies the cells of ``staging/exercises/<slug>.ipynb`` into ``book/<slug>.md`` (or ``.ipynb``)
just before the markdown cell whose heading starts with ``## Go further``. If that heading is not
at the top of its cell, the cell is split there first. Every inserted cell carries the metadata
marker ``{"baikonur": {"learners": true}}``: running the script again removes the marked cells
and inserts the staging cells afresh, so it never duplicates them. Outputs are never written.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / "staging" / "exercises"
BOOK = ROOT / "book"
HEADING = "## Go further"


def is_inserted(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("baikonur", {}).get("learners"))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _go_further(cells: list[dict], chapter: Path) -> int:
    """Index of the cell that starts with the Go further heading (splitting a cell if needed)."""
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        lines = _source(cell).splitlines(keepends=True)
        for number, line in enumerate(lines):
            if not line.startswith(HEADING):
                continue
            if number == 0:
                return index
            before = copy.deepcopy(cell)
            before["source"] = "".join(lines[:number]).rstrip("\n")
            after = copy.deepcopy(cell)
            after["source"] = "".join(lines[number:])
            after["id"] = f"{cell.get('id', 'cell')}-go-further"[:64]
            cells[index : index + 1] = [before, after]
            return index + 1
    raise SystemExit(
        f"{chapter.relative_to(ROOT)}: no markdown heading starting with "
        f"'{HEADING}'. The exercises go just before the chapter's Go further "
        "section: add that section (house style, STYLE.md), then run this again."
    )


def insert(slug: str) -> None:
    staged = nbformat.read(STAGING / f"{slug}.ipynb", as_version=4).cells
    # A chapter is a MyST Markdown notebook (book/<slug>.md) or, before conversion, an .ipynb.
    chapter = next(
        (
            BOOK / f"{slug}{suffix}"
            for suffix in (".md", ".ipynb")
            if (BOOK / f"{slug}{suffix}").is_file()
        ),
        BOOK / f"{slug}.md",
    )
    if not chapter.is_file():
        raise SystemExit(
            f"{chapter.relative_to(ROOT)} does not exist: staging/exercises/"
            f"{slug}.ipynb has no chapter to go into"
        )
    notebook = jupytext.read(chapter)
    cells = [cell for cell in notebook["cells"] if not is_inserted(cell)]
    at = _go_further(cells, chapter)
    new = []
    for cell in staged:
        cell = copy.deepcopy(cell)
        cell.setdefault("metadata", {}).setdefault("baikonur", {})["learners"] = True
        # Keys in one order (sorted, as nbformat writes them), so a re-run changes nothing.
        cell["metadata"] = nbformat.from_dict(dict(sorted(cell["metadata"].items())))
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        new.append(cell)
    taken = {cell.get("id") for cell in cells}
    clash = [cell["id"] for cell in new if cell.get("id") in taken]
    if clash:
        raise SystemExit(f"{chapter.relative_to(ROOT)}: cell ids {clash} already used")
    notebook["cells"] = cells[:at] + new + cells[at:]
    if chapter.suffix == ".md":
        jupytext.write(notebook, chapter, fmt="md:myst")  # as tools/notebooks.py writes them
    else:
        nbformat.write(notebook, chapter)
    print(f"{chapter.relative_to(ROOT)}: {len(new)} cells before '{HEADING}'")


def main(argv: list[str]) -> None:
    slugs = argv or sorted(p.stem for p in STAGING.glob("*.ipynb"))
    problems = []
    for slug in slugs:
        try:
            insert(slug)
        except SystemExit as problem:
            problems.append(str(problem))
    if problems:
        raise SystemExit("Not inserted:\n" + "\n".join(problems))


if __name__ == "__main__":
    main(sys.argv[1:])
