"""The chapters as MyST Markdown notebooks: convert them, lint and format their code, and write the
``.ipynb`` copies readers download and Colab opens.

    python tools/notebooks.py to-myst [NOTEBOOK.ipynb ...]  # book/*.ipynb, templates/*.ipynb
    python tools/notebooks.py to-ipynb OUT_DIR [NOTEBOOK.md ...]  # .ipynb copies, in OUT_DIR
    python tools/notebooks.py learn OUT_DIR  # the chapters for learners (make lab), kept if there
    python tools/notebooks.py lint [NOTEBOOK.md ...]  # ruff check + ruff format --check
    python tools/notebooks.py format [NOTEBOOK.md ...]  # ruff format, in place

Without paths, every notebook of ``book/`` and ``templates/``. ``to-myst`` is deterministic
(jupytext ``md:myst``, outputs dropped, tags kept as cell options, links to sibling chapters'
``.ipynb`` turned into links to their ``.md``): running it again on the same ``.ipynb`` gives the
same ``.md``. ``lint`` reports problems as ``file:line:col``,
with the line of the ``.md`` file (ruff lints ``.ipynb`` notebooks itself: ``ruff check .``).

``lint`` and ``format`` need jupytext and ruff only (pre-commit runs them in an environment with
just those two); ``to-ipynb`` needs the book's environment (it writes what the build writes).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("book", "templates")
MYST = "md:myst"
# Fences of code cells in a MyST notebook: ```{code-cell} ipython3
_CODE_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\{code-cell\}")
# A Markdown link to a notebook of the same folder: [text](chapter.ipynb#anchor)
_IPYNB_LINK = re.compile(r"\]\((?P<stem>[\w-]+)\.ipynb(?P<anchor>#[^)\s]*)?\)")


def is_myst_notebook(path: Path) -> bool:
    """A Markdown file with a jupytext or kernelspec header (plain pages have none)."""
    if path.suffix != ".md" or not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    header = text[4 : text.find("\n---", 4)]
    return "jupytext:" in header or "kernelspec:" in header


def _default(suffix: str) -> list[Path]:
    found = []
    for folder in FOLDERS:
        found += sorted((ROOT / folder).glob(f"*{suffix}"))
    return [p for p in found if suffix != ".md" or is_myst_notebook(p)]


def _paths(args: list[str], suffix: str) -> list[Path]:
    paths = [Path(a).resolve() for a in args] if args else _default(suffix)
    return [p for p in paths if p.suffix == suffix and (suffix != ".md" or is_myst_notebook(p))]


def _shown(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, input=stdin, capture_output=True, text=True
    )


# --- conversion -----------------------------------------------------------------------------


def to_myst(notebook_path: Path) -> Path:
    """Write ``x.md`` (MyST notebook) from ``x.ipynb``, without outputs, and remove ``x.ipynb``."""
    notebook = jupytext.read(notebook_path)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    # Fences read ```{code-cell} ipython3, as in QuantEcon's lectures and MyST-NB's docs
    # (jupytext takes the language from here, and leaves language_info out of the header).
    language = notebook.metadata.setdefault("language_info", {"name": "python"})
    language.setdefault("pygments_lexer", "ipython3")
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = _links_to_myst(cell.source, notebook_path.parent)
    target = notebook_path.with_suffix(".md")
    jupytext.write(notebook, target, fmt=MYST)
    notebook_path.unlink()
    return target


def _links_to_myst(markdown: str, folder: Path) -> str:
    """``[text](other-chapter.ipynb#part)`` -> ``(other-chapter.md#part)`` when that chapter is a
    notebook of the same folder (converted in the same run, or already)."""

    def relink(match: re.Match) -> str:
        stem = match["stem"]
        if (folder / f"{stem}.ipynb").is_file() or (folder / f"{stem}.md").is_file():
            return f"]({stem}.md{match['anchor'] or ''})"
        return match[0]

    return _IPYNB_LINK.sub(relink, markdown)


def _install_requirement() -> str:
    """What a chapter's first cell installs in Colab: the book's repository (``_config.yml``, or
    the Pages workflow's environment), as the build writes it; "" without a repository."""
    import os

    import yaml

    from baikonur_sphinx.notebooks import install_requirement
    from baikonur_sphinx.publishing import BRANCH_ENV, repository_url

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    repository = config.get("repository") or {}
    return install_requirement(
        repository_url(repository.get("url")),
        os.environ.get(BRANCH_ENV) or repository.get("branch") or "main",
    )


def to_ipynb(source: Path, out_dir: Path, requirement: str | None = None) -> Path:
    """The ``.ipynb`` of a MyST notebook, without outputs, as the build gives readers and Colab
    (``baikonur_sphinx.notebooks.learner_notebook``: an install cell first, exercises in plain
    Markdown). Needs the book's environment (Sphinx), unlike the rest of this tool."""
    from baikonur_sphinx.notebooks import learner_notebook

    if requirement is None:
        requirement = _install_requirement()
    notebook = learner_notebook(source, requirement)
    target = out_dir / source.with_suffix(".ipynb").name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


# --- lint and format ------------------------------------------------------------------------


def _code_lines(text: str) -> dict[int, str]:
    """Line number (1-based, in the .md) -> line of Python, for every line of every code cell."""
    lines = text.splitlines()
    code: dict[int, str] = {}
    i = 0
    while i < len(lines):
        opening = _CODE_FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        i += 1
        if i < len(lines) and lines[i] == "---":  # cell options as YAML
            i += 1
            while i < len(lines) and lines[i] != "---":
                i += 1
            i += 1
        while i < len(lines) and re.match(r"^:[\w-]+:", lines[i]):  # cell options as :key: value
            i += 1
        while i < len(lines) and lines[i].rstrip() != fence:
            code[i + 1] = lines[i]
            i += 1
        i += 1
    return code


def _as_python(text: str) -> str:
    """The .md with every line outside code cells blanked, so ruff's line numbers are the .md's.
    IPython magics and shell lines (``%pip``, ``!git``) are not Python: blanked too."""
    code = _code_lines(text)
    total = len(text.splitlines())
    out = []
    for number in range(1, total + 1):
        line = code.get(number, "")
        out.append("" if line.lstrip().startswith(("%", "!")) else line)
    return "\n".join(out) + "\n"


def _as_ipynb(path: Path, folder: Path) -> Path:
    notebook = jupytext.read(path)
    target = folder / (path.stem + ".ipynb")
    nbformat.write(notebook, target)
    return target


def lint(paths: list[Path]) -> int:
    problems = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            shown = _shown(path)
            # E703: a semicolon ending a cell's last line hides its output, on purpose (ruff
            # ignores it there in .ipynb notebooks too). The code goes in as "<slug>.md.py", not
            # as a .ipynb, so problems keep the .md's line numbers; pyproject.toml's
            # per-file-ignores give "*.md.py" the notebooks' "*.ipynb" ignores (F811).
            check = _ruff(
                "check",
                "--extend-ignore",
                "E703",
                "--output-format",
                "json",
                "--stdin-filename",
                f"{shown}.py",
                "-",
                stdin=_as_python(path.read_text(encoding="utf-8")),
            )
            for found in json.loads(check.stdout or "[]"):
                where = found["location"]
                print(
                    f"{shown}:{where['row']}:{where['column']}: {found['code']} {found['message']}"
                )
                problems += 1
            copy = _as_ipynb(path, Path(scratch))
            formatted = _ruff("format", "--diff", str(copy))
            if formatted.returncode != 0:
                changed = sorted(
                    set(re.findall(r"^\+\+\+ .*?:(cell \d+)$", formatted.stdout, re.M)),
                    key=lambda c: int(c.split()[1]),
                )
                print(
                    f"{shown}: code not formatted as `ruff format` would ({', '.join(changed)}; "
                    f"cells counted from 1, Markdown cells too): run `make format`, or "
                    f"`python tools/notebooks.py format {shown}`"
                )
                problems += 1
    return 1 if problems else 0


def format_notebooks(paths: list[Path]) -> int:
    """Format every notebook it can; one that ruff cannot format is named, and the others are
    formatted all the same."""
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            notebook = jupytext.read(path)
            copy = _as_ipynb(path, Path(scratch))
            run = _ruff("format", str(copy))
            if run.returncode != 0:
                print(f"{_shown(path)}: ruff format failed:\n{run.stderr}", file=sys.stderr)
                failed = 1
                continue
            cells = nbformat.read(copy, as_version=4).cells
            changed = False
            for cell, new in zip(notebook.cells, cells):
                if cell.cell_type == "code" and cell.source != new.source:
                    cell.source, changed = new.source, True
            if changed:
                jupytext.write(notebook, path, fmt=MYST)
                print(f"formatted {_shown(path)}")
    return failed


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("to-myst", "to-ipynb", "learn", "lint", "format"):
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "to-myst":
        for path in _paths(args, ".ipynb"):
            print(f"{_shown(path)} -> {_shown(to_myst(path))}")
        return 0
    if command == "learn":
        if len(args) != 1:
            print("learn needs an output folder", file=sys.stderr)
            return 2
        out_dir = Path(args[0])
        for path in _default(".md"):
            if not is_myst_notebook(path) or path.parent.name != "book":
                continue
            target = out_dir / path.with_suffix(".ipynb").name
            if not target.exists():
                print(f"{_shown(path)} -> {to_ipynb(path, out_dir)}")
            elif target.stat().st_mtime < path.stat().st_mtime:
                print(f"{target}: kept (your copy; delete it to get the newer chapter)")
        return 0
    if command == "to-ipynb":
        if not args:
            print("to-ipynb needs an output folder", file=sys.stderr)
            return 2
        out_dir = Path(args[0])
        for path in _paths(args[1:], ".md"):
            print(f"{_shown(path)} -> {to_ipynb(path, out_dir)}")
        return 0
    paths = _paths(args, ".md")
    return lint(paths) if command == "lint" else format_notebooks(paths)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
