"""Find the book's ``data/`` folder, and load its files validated against ``datapackage.json``.

Every data file the book reads is a resource of ``data/datapackage.json`` (a Frictionless Data
Package). :func:`load_table` reads a CSV resource and checks every row against the resource's
Table Schema (types, required values, enums, ranges, patterns, unique and primary keys), so a bad
row stops the chapter with a message that names the file, the row and the field.

Only the parts of Table Schema that this book uses are implemented; an unsupported type or
constraint in ``datapackage.json`` is itself an error, so nothing is skipped silently.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pandas as pd

__all__ = [
    "DataError",
    "data_dir",
    "load_geojson",
    "load_package",
    "load_table",
    "load_topojson",
    "resource",
]

DATA_DIR_ENV = "BAIKONUR_DATA"
PACKAGE_FILE = "datapackage.json"


class DataError(ValueError):
    """A data file is missing, or does not match its schema in ``datapackage.json``."""


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


@lru_cache(maxsize=4)
def _read_package(folder: Path) -> dict[str, Any]:
    path = folder / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(f"{path}: not valid JSON ({err})") from err


def load_package() -> dict[str, Any]:
    """The parsed ``datapackage.json`` (a dict)."""
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


# --- Table Schema types: each parser takes the raw string and returns a value or raises ValueError
# with the expectation in words.


def _parse_string(raw: str, field: dict) -> str:
    return raw


def _parse_integer(raw: str, field: dict) -> int:
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise ValueError("expected a whole number")
    return int(raw)


def _parse_number(raw: str, field: dict) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError("expected a number") from None
    if not math.isfinite(value):
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


def _parse_date(raw: str, field: dict) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise ValueError("expected a date as YYYY-MM-DD")


def _parse_datetime(raw: str, field: dict) -> datetime:
    fmt = field.get("format", "default")
    if fmt in ("default", "any"):
        fmt = "%Y-%m-%dT%H:%M:%SZ"
    try:
        value = datetime.strptime(raw, fmt)
    except ValueError:
        example = datetime(2021, 10, 5, 8, 55, 2).strftime(fmt)
        raise ValueError(f"expected a UTC date and time like {example}") from None
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


def _check_constraints(value: Any, raw: str, field: dict) -> None:
    c = field.get("constraints", {})
    if "enum" in c and value not in c["enum"]:
        raise ValueError(f"expected one of {', '.join(map(str, c['enum']))}")
    if "minimum" in c and value < c["minimum"]:
        raise ValueError(f"expected at least {c['minimum']}")
    if "maximum" in c and value > c["maximum"]:
        raise ValueError(f"expected at most {c['maximum']}")
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        raise ValueError(f"expected text matching the pattern {c['pattern']}")
    if "minLength" in c and len(raw) < c["minLength"]:
        raise ValueError(f"expected at least {c['minLength']} characters")
    if "maxLength" in c and len(raw) > c["maxLength"]:
        raise ValueError(f"expected at most {c['maxLength']} characters")


def _check_schema_supported(res: dict, fields: list[dict]) -> None:
    for field in fields:
        where = f"datapackage.json, resource {res['name']!r}, field {field.get('name')!r}"
        if field.get("type", "string") not in _PARSERS:
            raise DataError(
                f"{where}: type {field.get('type')!r} is not supported by baikonur.data"
            )
        unknown = set(field.get("constraints", {})) - _CONSTRAINTS
        if unknown:
            raise DataError(
                f"{where}: constraint(s) {sorted(unknown)} not supported by baikonur.data"
            )


@dataclass(frozen=True)
class _Cell:
    row: int  # 1-based data row (the header is row 0)
    line: int  # 1-based line in the file
    field: str


def _where(path: Path, cell: _Cell) -> str:
    return f"{path.name}, row {cell.row} (line {cell.line}), field '{cell.field}'"


def load_table(name: str) -> pd.DataFrame:
    """Load the CSV resource ``name`` of ``datapackage.json``, validated row by row.

    Returns a DataFrame with typed columns (numbers as floats, integers as ``Int64``, dates and
    datetimes as pandas timestamps, datetimes in UTC; empty optional cells as missing values),
    indexed by the resource's primary key when it has a one-column key.

    Raises :class:`DataError` naming the file, row, line and field for any value that does not
    match the schema, and naming the column for a header that does not match it.
    """
    res = resource(name)
    if res.get("format") != "csv":
        raise DataError(f"resource {name!r} is {res.get('format')!r}, not csv: use load_geojson")
    path = _resource_path(res)
    fields = res["schema"]["fields"]
    _check_schema_supported(res, fields)
    expected = [f["name"] for f in fields]

    with path.open(encoding=res.get("encoding", "utf-8"), newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
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

        records: list[dict[str, Any]] = []
        seen: dict[str, dict[Any, int]] = {
            f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")
        }
        for row_number, values in enumerate(reader, start=1):
            line = reader.line_num
            if len(values) != len(expected):
                raise DataError(
                    f"{path.name}, row {row_number} (line {line}): has {len(values)} values, "
                    f"expected {len(expected)} ({', '.join(expected)})"
                )
            record = {}
            for field, raw in zip(fields, values):
                cell = _Cell(row_number, line, field["name"])
                record[field["name"]] = _parse_cell(path, cell, raw, field)
                if field["name"] in seen and raw != "":
                    first = seen[field["name"]].setdefault(record[field["name"]], row_number)
                    if first != row_number:
                        raise DataError(
                            f"{_where(path, cell)}: duplicate value {raw!r}, "
                            f"already in row {first}; "
                            f"expected each value to be unique"
                        )
            records.append(record)

    frame = pd.DataFrame.from_records(records, columns=expected)
    for field in fields:
        frame[field["name"]] = _to_column_dtype(frame[field["name"]], field["type"])
    return _index_by_primary_key(frame, res, path)


def _parse_cell(path: Path, cell: _Cell, raw: str, field: dict) -> Any:
    if raw == "":
        if field.get("constraints", {}).get("required"):
            raise DataError(f"{_where(path, cell)}: value is required but empty")
        return None
    try:
        value = _PARSERS[field.get("type", "string")](raw, field)
        _check_constraints(value, raw, field)
    except ValueError as err:
        raise DataError(f"{_where(path, cell)}: {err}, got {raw!r}") from None
    return value


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


def _index_by_primary_key(frame: pd.DataFrame, res: dict, path: Path) -> pd.DataFrame:
    key = res["schema"].get("primaryKey")
    if not key:
        return frame
    key = [key] if isinstance(key, str) else list(key)
    duplicated = frame.duplicated(subset=key, keep="first")
    if duplicated.any():
        row = int(duplicated.idxmax()) + 1
        values = ", ".join(f"{k}={frame.loc[row - 1, k]!r}" for k in key)
        raise DataError(f"{path.name}, row {row}: duplicate primary key ({values})")
    return frame.set_index(key[0] if len(key) == 1 else key, drop=False).rename_axis(None)


def load_geojson(name: str) -> dict[str, Any]:
    """Load the GeoJSON resource ``name``, checking it is a FeatureCollection of valid lon/lat."""
    path, collection = _json_resource(name, "geojson", ": use load_table")
    if collection.get("type") != "FeatureCollection" or not collection.get("features"):
        raise DataError(f"{path.name}: expected a GeoJSON FeatureCollection with features")
    for index, feature in enumerate(collection["features"]):
        geometry = feature.get("geometry") or {}
        for lon, lat in _positions(geometry.get("coordinates", [])):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise DataError(
                    f"{path.name}, feature {index} "
                    f"({feature.get('properties', {}).get('name', '?')}): "
                    f"position [{lon}, {lat}] is not a [longitude, latitude] pair in degrees"
                )
    return collection


def load_topojson(name: str) -> dict[str, Any]:
    """Load the TopoJSON resource ``name`` (a map plotly.js draws geo figures on), checking it is
    a Topology with objects and arcs."""
    path, topology = _json_resource(name, "topojson")
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise DataError(f'{path.name}: expected a TopoJSON object with "type": "Topology"')
    for key in ("objects", "arcs"):
        if not topology.get(key):
            raise DataError(f"{path.name}: a TopoJSON Topology needs non-empty {key!r}")
    return topology


def _json_resource(name: str, kind: str, hint: str = "") -> tuple[Path, Any]:
    """The file of resource ``name``, which must be of format ``kind``, and its parsed JSON."""
    res = resource(name)
    if res.get("format") != kind:
        raise DataError(f"resource {name!r} is {res.get('format')!r}, not {kind}{hint}")
    path = _resource_path(res)
    try:
        return path, json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(f"{path.name}: not valid JSON ({err})") from err


def _positions(coordinates: Any):
    """Yield every (lon, lat) position of a GeoJSON coordinates array, however nested."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates[0], coordinates[1]
        return
    for part in coordinates:
        yield from _positions(part)
