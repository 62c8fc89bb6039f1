"""Find the book's ``data/`` folder, and load its files validated against ``datapackage.json``.

Every data file the book reads is a resource of ``data/datapackage.json`` (a Frictionless Data
Package). :func:`load_table` reads a CSV resource and checks every row against the resource's
Table Schema (types, required values, enums, ranges, patterns, unique, primary and foreign keys,
missing values), so a bad row stops the chapter with a message that names the file, the row and
the field. :func:`load_geojson`, :func:`load_topojson` and :func:`read_resource` check the other
formats the same way.

Nothing is skipped silently:

* Only the parts of Table Schema this book uses are implemented; any other key in
  ``datapackage.json`` (a type, a constraint, a ``format``, a schema or resource property) is
  itself an error naming the resource and the key. So is a key written twice in one object (JSON
  would keep the last one without a word).
* Every resource records its file's size (``bytes``), content hash (``hash``, sha256) and, for a
  CSV, its number of rows (``baikonur:rows``), checked on every load: a file cut short, or
  edited without anyone re-recording these (``python -m baikonur.data --update-hashes``), stops
  the load, so a changed data file always shows in the diff of ``datapackage.json``.
* Numbers are plain ASCII (no ``4_5.9``, no Arabic-Indic digits); no value has spaces around it
  or is only spaces; unique values are compared after normalising (Unicode form, case, spacing);
  a field marked ``"baikonur:yearOf": "date"`` must agree with the year of that date field.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import json
import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

__all__ = [
    "DataError",
    "UPDATE_COMMAND",
    "data_dir",
    "load_geojson",
    "load_package",
    "load_table",
    "load_topojson",
    "read_resource",
    "resource",
    "update_integrity",
]

DATA_DIR_ENV = "BAIKONUR_DATA"
PACKAGE_FILE = "datapackage.json"
#: What an author runs after editing a data file on purpose (named in every integrity error).
UPDATE_COMMAND = "python -m baikonur.data --update-hashes"
#: The number of data rows of a CSV resource (the header not counted).
ROWS_KEY = "baikonur:rows"
#: On an integer field: the name of a date field of the same row whose year it must equal.
YEAR_OF_KEY = "baikonur:yearOf"


class DataError(ValueError):
    """A data file is missing, or does not match its description in ``datapackage.json``."""


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json``.

    Looked for, in order: the ``BAIKONUR_DATA`` environment variable; a ``data/`` folder in the
    current working directory or any of its parents (the book build runs in ``book/``, JupyterLab
    and Binder in ``book/`` or the root); the ``data/`` folder beside this package (editable
    install); the installed data package, ``baikonur_data`` (``pip install`` of the repository,
    as a chapter opened in Colab does).
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        folder = Path(override).expanduser()
        if not (folder / PACKAGE_FILE).is_file():
            raise DataError(
                f"{DATA_DIR_ENV} is set to {override!r}, but {folder / PACKAGE_FILE} does not "
                f"exist: point {DATA_DIR_ENV} at the book's data/ folder, or unset it."
            )
        return folder.resolve()

    cwd = Path.cwd().resolve()
    candidates = [p / "data" for p in (cwd, *cwd.parents)]
    candidates.append(Path(__file__).resolve().parent.parent / "data")
    installed = importlib.util.find_spec("baikonur_data")
    if installed is not None and installed.submodule_search_locations:
        candidates.extend(Path(p) for p in installed.submodule_search_locations)
    for folder in candidates:
        if (folder / PACKAGE_FILE).is_file():
            return folder
    looked = "\n  ".join(str(c) for c in dict.fromkeys(candidates))
    raise DataError(
        f"Cannot find the book's data/{PACKAGE_FILE}. Looked in:\n  {looked}\n"
        f"Run from inside the repository, or set {DATA_DIR_ENV} to its data/ folder."
    )


# --- datapackage.json: parsed without duplicate keys, and every key in it understood


class _DuplicateKey(ValueError):
    pass


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for json: a key twice in one object is an error, not "last wins"."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            named = dict(pairs).get("name")
            inside = f" (in the object named {named!r})" if isinstance(named, str) else ""
            raise _DuplicateKey(
                f"the key {key!r} appears twice in one object{inside}; JSON keeps only the last, "
                f"so remove one"
            )
        obj[key] = value
    return obj


def _parse_json(text: str, filename: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except _DuplicateKey as err:
        raise DataError(f"{filename}: {err}") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{filename}: not valid JSON ({err})") from None


# Keys this module honours, at each level of datapackage.json. Documentation-only keys (title,
# description, sources, licenses, mediatype) are listed as such: nothing depends on them.
_PACKAGE_KEYS = {"name", "title", "description", "licenses", "resources"}
_RESOURCE_KEYS = {
    "name",
    "path",
    "format",
    "mediatype",
    "encoding",
    "title",
    "description",
    "sources",
    "licenses",
    "schema",
    "bytes",
    "hash",
    ROWS_KEY,
}
_SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues"}
_FIELD_KEYS = {
    "name",
    "type",
    "title",
    "description",
    "constraints",
    "format",
    "trueValues",
    "falseValues",
    "baikonur:translatable",
    YEAR_OF_KEY,
}
_FORMATS = {"csv", "geojson", "topojson", "tle"}


@lru_cache(maxsize=4)
def _read_package(folder: Path) -> dict[str, Any]:
    path = folder / PACKAGE_FILE
    package = _parse_json(_decode(path.read_bytes(), PACKAGE_FILE, "utf-8"), PACKAGE_FILE)
    _check_package(package)
    return package


def _unknown(obj: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise DataError(
            f"{PACKAGE_FILE}, {where}: key(s) {unknown} not supported by baikonur.data "
            f"(it would ignore them); remove them or implement them in baikonur/data.py"
        )


def _check_package(package: Any) -> None:
    """Every key of datapackage.json is one the loader honours, and the schemas are coherent."""
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise DataError(f"{PACKAGE_FILE}: expected an object with a list of resources")
    _unknown(package, _PACKAGE_KEYS, "top level")
    for index, res in enumerate(package["resources"]):
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            raise DataError(f"{PACKAGE_FILE}: resource {index} has no name")
        where = f"resource {res['name']!r}"
        _unknown(res, _RESOURCE_KEYS, where)
        for key in ("path", "format"):
            if not isinstance(res.get(key), str):
                raise DataError(f"{PACKAGE_FILE}, {where}: expected a {key!r}")
        if res["format"] not in _FORMATS:
            raise DataError(
                f"{PACKAGE_FILE}, {where}: format {res['format']!r} has no loader; "
                f"expected one of {sorted(_FORMATS)}"
            )
        if res["format"] == "csv":
            if not isinstance(res.get("schema"), dict):
                raise DataError(f"{PACKAGE_FILE}, {where}: a CSV resource needs a schema")
            _check_schema(res)
        elif "schema" in res:
            raise DataError(
                f"{PACKAGE_FILE}, {where}: key(s) ['schema'] not supported by baikonur.data for "
                f"format {res['format']!r} (it would ignore them)"
            )


def _key_fields(key: Any) -> list[str]:
    return [key] if isinstance(key, str) else list(key or [])


def _check_schema(res: dict) -> None:
    schema = res["schema"]
    where = f"resource {res['name']!r}, schema"
    _unknown(schema, _SCHEMA_KEYS, where)
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        raise DataError(f"{PACKAGE_FILE}, {where}: expected a non-empty list of fields")
    names = [f.get("name") for f in fields]
    by_name = {f.get("name"): f for f in fields}
    for field in fields:
        fwhere = f"resource {res['name']!r}, field {field.get('name')!r}"
        _unknown(field, _FIELD_KEYS, fwhere)
        type_ = field.get("type", "string")
        if type_ not in _PARSERS:
            raise DataError(
                f"{PACKAGE_FILE}, {fwhere}: type {type_!r} is not supported by baikonur.data"
            )
        _unknown(field.get("constraints", {}), _CONSTRAINTS, f"{fwhere}, constraints")
        fmt = field.get("format", "default")
        if type_ not in ("date", "datetime") and fmt != "default":
            raise DataError(
                f"{PACKAGE_FILE}, {fwhere}: format {fmt!r} is not supported by baikonur.data "
                f"for type {type_!r} (only dates and times take a format)"
            )
        if ("trueValues" in field or "falseValues" in field) and type_ != "boolean":
            raise DataError(
                f"{PACKAGE_FILE}, {fwhere}: trueValues/falseValues apply only to booleans"
            )
        constraints = field.get("constraints", {})
        for bound in ("minimum", "maximum"):
            if bound in constraints:
                try:
                    _bound(field, bound)
                except ValueError as err:
                    raise DataError(
                        f"{PACKAGE_FILE}, {fwhere}: constraint {bound} "
                        f"{constraints[bound]!r} is not a value of type {type_!r} ({err})"
                    ) from None
        if YEAR_OF_KEY in field:
            other = by_name.get(field[YEAR_OF_KEY])
            if type_ != "integer" or other is None or other.get("type") not in ("date", "datetime"):
                raise DataError(
                    f"{PACKAGE_FILE}, {fwhere}: {YEAR_OF_KEY} expects an integer field naming "
                    f"a date or datetime field of the same resource, got {field[YEAR_OF_KEY]!r}"
                )
    for key_name, key in [("primaryKey", schema.get("primaryKey"))] + [
        (f"foreignKeys[{i}].fields", fk.get("fields"))
        for i, fk in enumerate(schema.get("foreignKeys", []))
    ]:
        missing = [k for k in _key_fields(key) if k not in names]
        if missing:
            raise DataError(
                f"{PACKAGE_FILE}, {where}: {key_name} names field(s) {missing} that the "
                f"resource does not have; its fields are {names}"
            )
    for i, fk in enumerate(schema.get("foreignKeys", [])):
        _unknown(fk, {"fields", "reference"}, f"{where}, foreignKeys[{i}]")
        reference = fk.get("reference") or {}
        _unknown(reference, {"resource", "fields"}, f"{where}, foreignKeys[{i}].reference")
        if len(_key_fields(fk.get("fields"))) != len(_key_fields(reference.get("fields"))):
            raise DataError(
                f"{PACKAGE_FILE}, {where}: foreignKeys[{i}] needs as many reference fields "
                f"as fields"
            )
    missing_values = schema.get("missingValues", [""])
    if not isinstance(missing_values, list) or not all(isinstance(v, str) for v in missing_values):
        raise DataError(f"{PACKAGE_FILE}, {where}: missingValues must be a list of strings")


def load_package() -> dict[str, Any]:
    """The parsed ``datapackage.json`` (a dict), every key in it checked as understood."""
    return _read_package(data_dir())


def resource(name: str) -> dict[str, Any]:
    """The descriptor of one resource: path, title, sources, licences, schema."""
    package = load_package()
    for res in package.get("resources", []):
        if res.get("name") == name:
            return res
    known = ", ".join(sorted(r.get("name", "?") for r in package.get("resources", [])))
    raise DataError(f"{PACKAGE_FILE} has no resource named {name!r}; it has: {known}")


def _resource_path(res: dict[str, Any]) -> Path:
    path = data_dir() / res["path"]
    if not path.is_file():
        raise DataError(
            f"resource {res['name']!r}: file {path} is missing "
            f"(datapackage.json says its path is {res['path']!r})"
        )
    return path


# --- reading a file: decoded with named errors, parsed, then checked against its recorded
# size, hash and row count (after parsing, so a bad value is named before "the file changed")


def _decode(raw: bytes, filename: str, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            f"{filename}, line {line}: byte {raw[err.start : err.start + 1]!r} is not valid "
            f"{encoding}; expected the file saved as {encoding} "
            f"(the encoding datapackage.json gives)"
        ) from None
    except LookupError:
        raise DataError(f"{filename}: unknown encoding {encoding!r} in datapackage.json") from None


def _sha256(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _check_integrity(res: dict, path: Path, raw: bytes, rows: int | None) -> None:
    redo = (
        f"If you changed {path.name} on purpose, record it: run `{UPDATE_COMMAND}` in the "
        f"repository (in a notebook cell: `!{UPDATE_COMMAND}`), then load it again; commit "
        f"datapackage.json with the file."
    )
    missing = [k for k in ("bytes", "hash") if k not in res]
    if rows is not None and ROWS_KEY not in res:
        missing.append(ROWS_KEY)
    if missing:
        raise DataError(
            f"{PACKAGE_FILE}, resource {res['name']!r}: no {missing} recorded for {path.name}. "
            f"Run `{UPDATE_COMMAND}` to record them."
        )
    if rows is not None and rows != res[ROWS_KEY]:
        raise DataError(
            f"{path.name}: has {rows} data rows, but datapackage.json records {res[ROWS_KEY]} "
            f"({ROWS_KEY}): rows were added or cut. {redo}"
        )
    if len(raw) != res["bytes"] or _sha256(raw) != res["hash"]:
        raise DataError(
            f"{path.name}: its content ({len(raw)} bytes, {_sha256(raw)[:19]}…) is not what "
            f"datapackage.json records ({res['bytes']} bytes, {str(res['hash'])[:19]}…): the "
            f"file was changed or cut short. {redo}"
        )


T = TypeVar("T")


def read_resource(name: str, kind: str, parse: Callable[[str, str], T]) -> T:
    """Read resource ``name`` (of format ``kind``), parse its text with ``parse(text,
    filename)``, check the file against its recorded size and hash, and return what ``parse``
    returned. Loaders of formats this module does not know (TLE) use it."""
    res = resource(name)
    if res.get("format") != kind:
        raise DataError(f"resource {name!r} is {res.get('format')!r}, not {kind}")
    path = _resource_path(res)
    raw = path.read_bytes()
    parsed = parse(_decode(raw, path.name, res.get("encoding", "utf-8")), path.name)
    _check_integrity(res, path, raw, None)
    return parsed


# --- Table Schema types: each parser takes the raw string and returns a value or raises ValueError
# with the expectation in words. Python's int(), float() and strptime accept more than Table
# Schema does (underscores, spaces, any Unicode digit), so each type is matched to an ASCII
# pattern first.

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_string(raw: str, field: dict) -> str:
    return raw


def _parse_integer(raw: str, field: dict) -> int:
    if not _INTEGER.fullmatch(raw):
        raise ValueError("expected a whole number in ASCII digits")
    return int(raw)


def _parse_number(raw: str, field: dict) -> float:
    if not _NUMBER.fullmatch(raw):
        raise ValueError("expected a number in ASCII digits, with '.' for decimals")
    value = float(raw)
    if not math.isfinite(value):  # 1e999
        raise ValueError("expected a finite number")
    return value


def _parse_boolean(raw: str, field: dict) -> bool:
    truthy = field.get("trueValues", ["true", "True", "TRUE", "1"])
    falsy = field.get("falseValues", ["false", "False", "FALSE", "0"])
    if raw in truthy:
        return True
    if raw in falsy:
        return False
    raise ValueError(f"expected one of {truthy + falsy}")


def _strptime_exact(raw: str, fmt: str) -> datetime | None:
    """``raw`` read with ``fmt``, if it is exactly that format written in ASCII (strptime alone
    accepts "2021-1-5" and non-ASCII digits), else None."""
    if not raw.isascii():
        return None
    try:
        value = datetime.strptime(raw, fmt)
    except ValueError:
        return None
    return value if value.strftime(fmt) == raw else None


def _parse_date(raw: str, field: dict) -> date:
    fmt = field.get("format", "default")
    if fmt in ("default", "any"):
        if _ISO_DATE.fullmatch(raw):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        raise ValueError("expected a date as YYYY-MM-DD")
    value = _strptime_exact(raw, fmt)
    if value is None:
        raise ValueError(f"expected a date like {date(2021, 10, 5).strftime(fmt)}")
    return value.date()


def _parse_datetime(raw: str, field: dict) -> datetime:
    fmt = field.get("format", "default")
    if fmt in ("default", "any"):
        fmt = "%Y-%m-%dT%H:%M:%SZ"
    value = _strptime_exact(raw, fmt)
    if value is None:
        example = datetime(2021, 10, 5, 8, 55, 2).strftime(fmt)
        raise ValueError(f"expected a UTC date and time like {example}")
    return value.replace(tzinfo=timezone.utc)


_PARSERS: dict[str, Callable[[str, dict], Any]] = {
    "string": _parse_string,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
    "datetime": _parse_datetime,
}
_CONSTRAINTS = {
    "required",
    "unique",
    "enum",
    "minimum",
    "maximum",
    "pattern",
    "minLength",
    "maxLength",
}


def _bound(field: dict, which: str) -> Any:
    """The ``minimum`` or ``maximum`` constraint of ``field`` as a value of the field's type
    (dates are written as strings in the schema)."""
    bound = field["constraints"][which]
    if isinstance(bound, str):
        return _PARSERS[field.get("type", "string")](bound, field)
    return bound


def _check_constraints(value: Any, raw: str, field: dict) -> None:
    c = field.get("constraints", {})
    if "enum" in c and value not in c["enum"]:
        raise ValueError(f"expected one of {', '.join(map(str, c['enum']))}")
    if "minimum" in c and value < _bound(field, "minimum"):
        raise ValueError(f"expected at least {c['minimum']}")
    if "maximum" in c and value > _bound(field, "maximum"):
        raise ValueError(f"expected at most {c['maximum']}")
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        raise ValueError(f"expected text matching the pattern {c['pattern']}")
    if "minLength" in c and len(raw) < c["minLength"]:
        raise ValueError(f"expected at least {c['minLength']} characters")
    if "maxLength" in c and len(raw) > c["maxLength"]:
        raise ValueError(f"expected at most {c['maxLength']} characters")


def _normalised(value: Any) -> Any:
    """What a unique or key value is compared as: text in Unicode NFKC form, case-folded, with
    invisible format characters dropped and runs of spaces made one (so "Baikonur", "baikonur"
    and "Baikonur\u00a0" cannot stand beside each other as different keys)."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class _Cell:
    row: int  # 1-based data row (the header is row 0)
    line: int  # 1-based line in the file
    field: str


def _where(path: Path, cell: _Cell) -> str:
    return f"{path.name}, row {cell.row} (line {cell.line}), field '{cell.field}'"


def _csv_records(text: str, filename: str) -> Iterator[tuple[int, list[str]]]:
    """(line, values) of each record of a CSV text; a quote left open is an error (the csv
    module's default would return the rest of the file as one value)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise DataError(
                f"{filename}, line {start}: {err}; expected every quoted value to end with a "
                f'closing quote (is the file cut short, or a " missing?)'
            ) from None
        yield reader.line_num, values


def load_table(name: str) -> pd.DataFrame:
    """Load the CSV resource ``name`` of ``datapackage.json``, validated row by row.

    Returns a DataFrame with typed columns (numbers as floats, integers as ``Int64``, dates and
    datetimes as pandas timestamps, datetimes in UTC; empty optional cells as missing values),
    indexed by the resource's primary key when it has a one-column key.

    Raises :class:`DataError` naming the file, row, line and field for any value that does not
    match the schema, naming the column for a header that does not match it, and naming the
    file when it is not what ``datapackage.json`` records (size, hash, row count).
    """
    res = resource(name)
    if res.get("format") != "csv":
        raise DataError(f"resource {name!r} is {res.get('format')!r}, not csv: use load_geojson")
    path = _resource_path(res)
    schema = res["schema"]
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    raw_bytes = path.read_bytes()
    text = _decode(raw_bytes, path.name, res.get("encoding", "utf-8"))
    records_in = _csv_records(text, path.name)

    _, header = next(records_in, (0, None))
    if header is None:
        raise DataError(f"{path.name}: the file is empty; expected a header row {expected}")
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {missing}")
        if extra:
            parts.append(f"unexpected column(s) {extra}")
        raise DataError(
            f"{path.name}: header does not match datapackage.json: {'; '.join(parts)}. "
            f"Expected the columns {expected}"
        )
    if header != expected:
        raise DataError(f"{path.name}: columns are in the order {header}; expected {expected}")

    missing_values = set(schema.get("missingValues", [""]))
    key = _key_fields(schema.get("primaryKey"))
    records: list[dict[str, Any]] = []
    seen: dict[str, dict[Any, int]] = {
        f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")
    }
    seen_keys: dict[tuple, int] = {}
    for row_number, (line, values) in enumerate(records_in, start=1):
        if len(values) != len(expected):
            raise DataError(
                f"{path.name}, row {row_number} (line {line}): has {len(values)} values, "
                f"expected {len(expected)} ({', '.join(expected)})"
            )
        record = {}
        for field, raw in zip(fields, values):
            cell = _Cell(row_number, line, field["name"])
            value = _parse_cell(path, cell, raw, field, missing_values)
            record[field["name"]] = value
            if field["name"] in seen and value is not None:
                first = seen[field["name"]].setdefault(_normalised(value), row_number)
                if first != row_number:
                    raise DataError(
                        f"{_where(path, cell)}: duplicate value {raw!r}, "
                        f"already in row {first}; expected each value to be unique "
                        f"(compared ignoring case, spacing and Unicode form)"
                    )
        _check_years(path, row_number, line, fields, record)
        if key:
            key_value = tuple(_normalised(record[k]) for k in key)
            first = seen_keys.setdefault(key_value, row_number)
            if first != row_number:
                shown = ", ".join(f"{k}={record[k]!r}" for k in key)
                raise DataError(
                    f"{path.name}, row {row_number} (line {line}): duplicate primary key "
                    f"({shown}), already in row {first}"
                )
        records.append(record)
    _check_integrity(res, path, raw_bytes, len(records))

    frame = pd.DataFrame.from_records(records, columns=expected)
    for field in fields:
        frame[field["name"]] = _to_column_dtype(frame[field["name"]], field["type"])
    _check_foreign_keys(res, path, frame)
    if not key:
        return frame
    return frame.set_index(key[0] if len(key) == 1 else key, drop=False).rename_axis(None)


def _parse_cell(path: Path, cell: _Cell, raw: str, field: dict, missing_values: set[str]) -> Any:
    if raw in missing_values:
        if field.get("constraints", {}).get("required"):
            raise DataError(f"{_where(path, cell)}: value is required but empty")
        return None
    if not raw.strip():
        raise DataError(f"{_where(path, cell)}: expected a value or nothing, got spaces {raw!r}")
    if raw != raw.strip():
        raise DataError(
            f"{_where(path, cell)}: expected no spaces before or after the value, got {raw!r}"
        )
    try:
        value = _PARSERS[field.get("type", "string")](raw, field)
        _check_constraints(value, raw, field)
    except ValueError as err:
        raise DataError(f"{_where(path, cell)}: {err}, got {raw!r}") from None
    return value


def _check_years(path: Path, row: int, line: int, fields: list[dict], record: dict) -> None:
    for field in fields:
        if YEAR_OF_KEY not in field:
            continue
        year, when = record[field["name"]], record[field[YEAR_OF_KEY]]
        if year is not None and when is not None and year != when.year:
            raise DataError(
                f"{_where(path, _Cell(row, line, field['name']))}: expected the year of "
                f"field '{field[YEAR_OF_KEY]}' ({when.isoformat()}), got {year}"
            )


def _check_foreign_keys(res: dict, path: Path, frame: pd.DataFrame) -> None:
    for fk in res["schema"].get("foreignKeys", []):
        fields = _key_fields(fk["fields"])
        reference = fk["reference"]
        ref_name = reference.get("resource") or res["name"]  # "" means this resource itself
        ref_fields = _key_fields(reference["fields"])
        target = frame if ref_name == res["name"] else load_table(ref_name)
        allowed = set(zip(*(target[f] for f in ref_fields)))
        for row_number, values in enumerate(zip(*(frame[f] for f in fields)), start=1):
            if any(pd.isna(v) for v in values) or values in allowed:
                continue
            shown = ", ".join(f"{f}={v!r}" for f, v in zip(fields, values))
            raise DataError(
                f"{path.name}, row {row_number}, field '{fields[0]}': {shown} is not a "
                f"{'/'.join(ref_fields)} of resource {ref_name!r}; expected a value that "
                f"resource has (foreign key)"
            )


def _to_column_dtype(column: pd.Series, type_: str) -> pd.Series:
    if type_ == "number":
        return column.astype("float64")
    if type_ == "integer":
        return column.astype("Int64")
    if type_ == "datetime":
        return pd.to_datetime(column, utc=True)
    if type_ == "date":
        return pd.to_datetime(column)
    return column


# --- GeoJSON and TopoJSON

# How deeply each geometry type nests its positions (0: the coordinates are one position).
_NESTING = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_positions(coordinates: Any, depth: int, where: str, at: str = "coordinates") -> None:
    """Every position of a geometry's coordinates, nested ``depth`` lists deep, is a
    [longitude, latitude] pair of numbers in range."""
    if depth == 0:
        if not (
            isinstance(coordinates, list)
            and len(coordinates) in (2, 3)
            and all(_is_number(v) for v in coordinates)
        ):
            raise DataError(
                f"{where}: {at} is {json.dumps(coordinates)[:60]}; expected a position "
                f"[longitude, latitude] of two numbers"
            )
        lon, lat = coordinates[:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise DataError(
                f"{where}: position [{lon}, {lat}] is not a [longitude, latitude] pair in degrees"
            )
        return
    if not isinstance(coordinates, list) or not coordinates:
        raise DataError(
            f"{where}: {at} is {json.dumps(coordinates)[:60]}; expected a non-empty list "
            f"(positions nested {depth} deep)"
        )
    for index, part in enumerate(coordinates):
        _check_positions(part, depth - 1, where, f"{at}[{index}]")


def _check_geometry(geometry: Any, where: str) -> None:
    if geometry is None:  # a feature without a place is valid GeoJSON
        return
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind == "GeometryCollection":
        for index, part in enumerate(geometry.get("geometries") or []):
            _check_geometry(part, f"{where}, geometry {index}")
    elif kind in _NESTING:
        _check_positions(geometry.get("coordinates"), _NESTING[kind], where)
    else:
        raise DataError(
            f"{where}: geometry type {kind!r} is not a GeoJSON geometry; expected one of "
            f"{', '.join(_NESTING)}, GeometryCollection"
        )


def _parse_geojson(text: str, filename: str) -> dict[str, Any]:
    collection = _parse_json(text, filename)
    if (
        not isinstance(collection, dict)
        or collection.get("type") != "FeatureCollection"
        or not isinstance(collection.get("features"), list)
        or not collection["features"]
    ):
        raise DataError(f"{filename}: expected a GeoJSON FeatureCollection with features")
    for index, feature in enumerate(collection["features"]):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise DataError(f"{filename}, feature {index}: expected a GeoJSON Feature object")
        properties = feature.get("properties") or {}
        where = f"{filename}, feature {index} ({properties.get('name', '?')})"
        _check_geometry(feature.get("geometry"), where)
    return collection


def load_geojson(name: str) -> dict[str, Any]:
    """Load the GeoJSON resource ``name``, checking it is a FeatureCollection whose every
    geometry is made of valid [longitude, latitude] positions."""
    return read_resource(name, "geojson", _parse_geojson)


def _parse_topojson(text: str, filename: str) -> dict[str, Any]:
    topology = _parse_json(text, filename)
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise DataError(f'{filename}: expected a TopoJSON object with "type": "Topology"')
    for key in ("objects", "arcs"):
        if not topology.get(key):
            raise DataError(f"{filename}: a TopoJSON Topology needs non-empty {key!r}")
    for index, arc in enumerate(topology["arcs"]):
        if not isinstance(arc, list) or not all(
            isinstance(p, list) and len(p) >= 2 and all(_is_number(v) for v in p) for p in arc
        ):
            raise DataError(
                f"{filename}, arc {index}: expected a list of positions (pairs of numbers)"
            )
    return topology


def load_topojson(name: str) -> dict[str, Any]:
    """Load the TopoJSON resource ``name`` (a map plotly.js draws geo figures on), checking it is
    a Topology with objects and arcs made of numbers."""
    return read_resource(name, "topojson", _parse_topojson)


# --- recording sizes, hashes and row counts (what an author runs after editing data)


def _count_rows(text: str, filename: str) -> int:
    return max(sum(1 for _ in _csv_records(text, filename)) - 1, 0)


def update_integrity(folder: Path | None = None) -> list[str]:
    """Record each resource's ``bytes``, ``hash`` and (CSV) ``baikonur:rows`` in the
    ``datapackage.json`` of ``folder`` (default: :func:`data_dir`); return the names of the
    resources whose record changed. The files are not otherwise validated here: loading them
    does that."""
    folder = Path(folder) if folder is not None else data_dir()
    path = folder / PACKAGE_FILE
    package = _parse_json(_decode(path.read_bytes(), PACKAGE_FILE, "utf-8"), PACKAGE_FILE)
    changed = []
    for index, res in enumerate(package["resources"]):
        file = folder / res["path"]
        raw = file.read_bytes()
        record: dict[str, Any] = {"bytes": len(raw), "hash": _sha256(raw)}
        if res.get("format") == "csv":
            text = _decode(raw, file.name, res.get("encoding", "utf-8"))
            record[ROWS_KEY] = _count_rows(text, file.name)
        if any(res.get(k) != v for k, v in record.items()):
            changed.append(res["name"])
        # The record goes after "encoding", before the human-written descriptions.
        rebuilt: dict[str, Any] = {}
        for key, value in res.items():
            if key in record:
                continue
            rebuilt[key] = value
            if key == "encoding":
                rebuilt.update(record)
        for key, value in record.items():
            rebuilt.setdefault(key, value)
        package["resources"][index] = rebuilt
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _read_package.cache_clear()
    return changed


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur.data",
        description="Check the data package, or record its files' sizes, hashes and row counts.",
    )
    parser.add_argument(
        "--update-hashes",
        action="store_true",
        help="after editing data files on purpose: record each file's bytes, sha256 hash and "
        "row count in datapackage.json (review the diff, then commit both)",
    )
    args = parser.parse_args(argv)
    if args.update_hashes:
        changed = update_integrity()
        print(f"{PACKAGE_FILE}: updated {', '.join(changed)}" if changed else "nothing changed")
        return 0
    from .orbits import load_element_sets  # the TLE loader lives with the orbit code

    loaders = {
        "csv": load_table,
        "geojson": load_geojson,
        "topojson": load_topojson,
        "tle": load_element_sets,
    }
    try:
        for res in load_package()["resources"]:
            loaders[res["format"]](res["name"])
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"{data_dir() / PACKAGE_FILE}: every resource loads and matches its record")
    return 0


if __name__ == "__main__":
    # Run as the imported module, so its DataError is the one the other loaders raise.
    from baikonur.data import _main as main

    sys.exit(main())
