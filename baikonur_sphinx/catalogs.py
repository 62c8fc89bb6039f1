"""``make translations``: the French catalogs brought up to date with the English, and no further.

The pages' messages come from Sphinx's gettext builder; the ``tr("…")`` strings from the helpers
and the chapters' code cells (read as notebooks by jupytext, the one reader of the chapter
format) and the data fields marked translatable. A new or changed message arrives **empty**, never
a fuzzy guess ("April" is not "Article"); one the book translates elsewhere word for word (the
stock sentences: "Check yourself", "Exercises", "Hint"…) takes that translation, so it is written
once. An unchanged catalog is not rewritten, and locations carry no line numbers, so an edit in
one paragraph does not rewrite the comments of every message after it.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from baikonur import i18n
from baikonur.book import is_notebook, read_notebook

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "Baikonur, explained"
_DATES = re.compile(rb'^"(POT-Creation|PO-Revision)-Date: .*$', re.M)


def _tr_literals(source: str, where: str) -> list[tuple[str, str]]:
    """Every ``tr("literal")`` of Python ``source``; IPython magics and shell lines are blanked."""
    source = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        (node.args[0].value, where)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("tr", "_tr")
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def tr_messages(root: Path) -> list[tuple[str, str]]:
    """Every ``tr("literal")`` of the helpers and of the chapters' code cells, with its file."""
    found = []
    for package in ("baikonur", "baikonur_sphinx"):
        for module in sorted((root / package).glob("*.py")):
            if module.name != "i18n.py":
                where = module.relative_to(root).as_posix()
                found += _tr_literals(module.read_text(encoding="utf-8"), where)
    for chapter in sorted((root / "book").glob("*")):
        if is_notebook(chapter):
            where = chapter.relative_to(root).as_posix()
            for cell in read_notebook(chapter).cells:
                if cell.cell_type == "code":
                    found += _tr_literals(cell.source, where)
    return found


def data_messages(root: Path) -> list[tuple[str, str]]:
    """The values of every field marked ``"baikonur:translatable": true`` in datapackage.json
    (a chapter shows them through ``tr``: ``frame["event"].map(tr)``)."""
    package = root / "data" / "datapackage.json"
    if not package.exists():
        return []
    found = []
    for resource in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
        schema = resource.get("schema", {}).get("fields", [])
        fields = [f["name"] for f in schema if f.get("baikonur:translatable")]
        with (root / "data" / resource["path"]).open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream)) if fields else []
        found += [(row[f], f"data/{resource['path']}") for row in rows for f in fields if row[f]]
    return found


def _read(path: Path, lang: str | None = None) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, project=PROJECT, charset="utf-8")
    return read_po(io.BytesIO(path.read_bytes()), locale=lang)


def _write(path: Path, catalog: Catalog, **options) -> bool:
    """Write ``catalog`` unless only the header's dates would change; True if written."""
    stream = io.BytesIO()
    write_po(stream, catalog, width=100, include_lineno=False, **options)
    new = stream.getvalue()
    if path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", new):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)
    return True


def update(merged: dict[Path, Catalog], lang: str, reuse: bool = True) -> list[Path]:
    """Each ``{po path: template}`` merged into its catalog without fuzzy matching; then every
    empty message that another catalog of the edition translates word for word takes that
    translation (``reuse``). Returns the catalogs written."""
    catalogs = {}
    for path, template in merged.items():
        catalog = _read(path, lang)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalogs[path] = catalog
    messages = [m for catalog in catalogs.values() for m in catalog if m.id]
    known = {m.id: m.string for m in reversed(messages) if m.string and not m.fuzzy}
    for message in messages if reuse else []:
        message.string = message.string or known.get(message.id, "")
    return [p for p, c in catalogs.items() if _write(p, c, ignore_obsolete=p.stem == "baikonur")]


def templates(root: Path, pot_dir: Path, lang: str) -> dict[Path, Catalog]:
    """The edition's catalogs and their templates: one per page (from ``pot_dir``), and
    ``baikonur.po`` for the strings of ``tr()`` and of the data (whose template
    ``locales/baikonur.pot`` is written too)."""
    found = {}
    for pot in sorted(pot_dir.rglob("*.pot")):
        page = pot.relative_to(pot_dir).with_suffix(".po")
        if page.name != "sphinx.po":  # the theme's own words: Sphinx and the theme translate
            found[root / "locales" / lang / "LC_MESSAGES" / page] = _read(pot)
    messages = Catalog(project=PROJECT, charset="utf-8")
    for message, where in tr_messages(root) + data_messages(root):
        messages.add(message, locations=[(where, None)])
    _write(root / "locales" / f"{i18n.DOMAIN}.pot", messages)
    found[root / "locales" / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"] = messages
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        sys.exit("usage: python -m baikonur_sphinx.catalogs <gettext builder's output folder>")
    for lang in i18n.LANGUAGES[1:]:
        for written in update(templates(ROOT, Path(argv[0]), lang), lang):
            print(f"[translations] updated {written.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # python -m baikonur_sphinx.catalogs <gettext output>
    sys.exit(main(sys.argv[1:]))
