"""How long the chapters' code cells are: per notebook of ``_toc.yml``, the median code cell
(non-blank lines), the cell count, and lines of code per line of prose.

    python tools/code_cells.py            # every notebook of _toc.yml
    python tools/code_cells.py book/x.md  # some

Reads the notebooks the way the build does (jupytext, through ``baikonur.book``). Blank lines are
not counted, in code or prose; the comment lines of a cell are code (a reader scrolls past them).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baikonur.book import chapter_notebooks, read_notebook  # noqa: E402


def _lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip())


def cell_stats(path: Path) -> dict:
    """Median code-cell length, cell count and code/prose ratio of one notebook."""
    cells = read_notebook(path).cells
    code = [_lines(c.source) for c in cells if c.cell_type == "code"]
    prose = sum(_lines(c.source) for c in cells if c.cell_type == "markdown")
    return {
        "median": statistics.median(code) if code else 0,
        "cells": len(code),
        "code": sum(code),
        "prose": prose,
        "ratio": sum(code) / prose if prose else 0.0,
    }


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or chapter_notebooks(ROOT, ROOT / "_toc.yml")
    every = []
    print(f"{'notebook':32} {'median':>6} {'cells':>5} {'code':>5} {'prose':>5} {'code/prose':>10}")
    for path in paths:
        s = cell_stats(path)
        every += [_lines(c.source) for c in read_notebook(path).cells if c.cell_type == "code"]
        print(
            f"{path.name:32} {s['median']:>6} {s['cells']:>5} {s['code']:>5} {s['prose']:>5}"
            f" {s['ratio']:>10.2f}"
        )
    if every:
        print(f"{'all code cells':32} {statistics.median(every):>6} {len(every):>5}")


if __name__ == "__main__":
    main(sys.argv[1:])
