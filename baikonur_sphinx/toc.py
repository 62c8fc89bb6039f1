"""The chapters in ``book/`` and the lines of ``_toc.yml`` must match, in both directions.

Jupyter Book builds only the pages ``_toc.yml`` lists (``only_build_toc_files``), so a chapter
left out of it would silently vanish from the book, and a line naming a missing file fails deep in
Sphinx. This check runs first and says, in words, what to add or remove.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from baikonur.book import CHAPTER_FOLDER, PAGE_SUFFIXES, toc_files


def toc_problems(root: Path, toc_file: Path) -> list[str]:
    """What does not match between the pages in ``book/`` and ``_toc.yml``, as sentences."""
    toc_name = toc_file.name
    try:
        listed = toc_files(toc_file)
    except (OSError, yaml.YAMLError) as err:
        return [f"{toc_name} cannot be read: {err}"]
    on_disk = {}
    for path in sorted((root / CHAPTER_FOLDER).rglob("*")):
        relative = path.relative_to(root)
        if path.suffix in PAGE_SUFFIXES and not any(
            part.startswith((".", "_")) for part in relative.parts
        ):
            on_disk.setdefault(relative.with_suffix("").as_posix(), []).append(relative.as_posix())

    problems = []
    for page, files in on_disk.items():
        if len(files) > 1:
            problems.append(f"{' and '.join(files)} are the same page: keep one of them")
        if page not in listed:
            problems.append(
                f"{files[0]} is not in {toc_name}: add the line `  - file: {page}` "
                f"(chapters go after book/baikonur-exists, before book/bibliography), "
                f"or move the file out of {CHAPTER_FOLDER}/"
            )
    for page in listed:
        if page not in on_disk:
            problems.append(
                f"{toc_name} lists `{page}`, but there is no {page}.ipynb or "
                f"{page}.md: fix the line, or add the file"
            )
    for page in sorted({p for p in listed if listed.count(p) > 1}):
        problems.append(f"{toc_name} lists `{page}` more than once: keep one line")
    return problems


def check_toc(app: Sphinx, config) -> None:
    toc_file = Path(getattr(config, "external_toc_path", None) or Path(app.srcdir) / "_toc.yml")
    if not toc_file.is_absolute():
        toc_file = Path(app.srcdir) / toc_file
    problems = toc_problems(Path(app.srcdir), toc_file)
    if problems:
        raise ExtensionError(
            "the chapters and _toc.yml do not match:\n  - " + "\n  - ".join(problems)
        )
