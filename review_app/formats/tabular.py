"""TSV and CSV: a header row names the columns (``source``, ``mt``, ``reference``, ``corrected``, …).

Reading maps columns to unit fields by name (a few common aliases are understood, and a
``columns`` mapping renames them); columns that name no field are kept in ``props``. Writing
emits every field by default (lists and objects as JSON) or the fields named in ``columns``.
Cells that a spreadsheet would run as formulas are neutralised unless ``raw=True``. An empty
cell reads as a missing value: these formats cannot tell an empty text from a missing one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.base import (
    META_FIELDS,
    TEXT_FIELDS,
    Unit,
)
from review_app.formats.inline import codes_to_json
from review_app.formats.sheet import SheetWriter, read_rows
from review_app.output import atomic_write
from review_app.text.cells import unneutralize_cell
from review_app.text.ingest import iter_text_lines

STRUCTURED_FIELDS: tuple[str, ...] = ("reviewers", "notes", "props", "fixes", "annotations", "variants", "markup",
                                      "inline")
ALL_COLUMNS: tuple[str, ...] = ("id", *TEXT_FIELDS, *META_FIELDS, *STRUCTURED_FIELDS, "markup_format")
# Header names other tools use for our fields.
ALIASES: dict[str, str] = {
    "src": "source",
    "target": "mt",
    "hyp": "mt",
    "translation": "mt",
    "ref": "reference",
    "pe": "corrected",
    "post_edit": "corrected",
}


def parse_columns(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"source=src,mt=hyp"`` (or a mapping) as {field: column header}, checked against the fields."""
    if spec is None:
        return {}
    if isinstance(spec, str):
        mapping: dict[str, str] = {}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            name, sep, column = item.partition("=")
            mapping[name.strip()] = column.strip() if sep else name.strip()
    else:
        mapping = dict(spec)
    unknown = [name for name in mapping if name not in ALL_COLUMNS]
    if unknown:
        raise InputError(
            None, f"unknown field(s) in --columns: {', '.join(unknown)} (fields: {', '.join(ALL_COLUMNS)})"
        )
    return mapping


def _read(
    path: Path,
    delimiter: str,
    columns: str | Mapping[str, str] | None,
    raw: bool,
    src_lang: str | None,
    tgt_lang: str | None,
) -> Iterator[Unit]:
    mapping = parse_columns(columns)
    rows = read_rows(iter_text_lines(path, keep_ends=True), path, delimiter)
    first = next(rows, None)
    if first is None:
        return
    header = first[1]
    fields_by_index = _map_header(path, header, mapping)
    index = 0
    for line, row in rows:
        if not any(row):
            continue  # blank line
        if len(row) != len(header):
            raise InputError(path, f"line {line}: expected {len(header)} fields as in the header, found {len(row)}")
        index += 1
        yield _unit_from_row(path, line, index, header, fields_by_index, row, raw, src_lang, tgt_lang)


def _map_header(path: Path, header: list[str], mapping: dict[str, str]) -> list[str | None]:
    """For each column, the unit field it fills (``None``: kept in props)."""
    by_column = {column: name for name, column in mapping.items()}
    result: list[str | None] = []
    for column in header:
        name = by_column.get(column) or (column if column in ALL_COLUMNS else ALIASES.get(column.lower()))
        if name is not None and name in result:
            raise InputError(path, f"line 1: two columns fill the field {name!r}")
        result.append(name)
    missing = [column for column in mapping.values() if column not in header]
    if missing:
        raise InputError(path, f"line 1: no column named {', '.join(map(repr, missing))} in the header")
    if not any(name in TEXT_FIELDS for name in result):
        raise InputError(path, "line 1: the header names no text column (expected one of source, mt, reference, "
                         "corrected, or a --columns mapping)")
    return result


def _unit_from_row(
    path: Path,
    line: int,
    index: int,
    header: list[str],
    fields_by_index: list[str | None],
    row: list[str],
    raw: bool,
    src_lang: str | None,
    tgt_lang: str | None,
) -> Unit:
    # Without an id column (or with an empty id cell) the id is the 1-based data row number.
    data: dict[str, Any] = {"id": str(index), "src_lang": src_lang, "tgt_lang": tgt_lang}
    props: dict[str, str] = {}
    for column, name, cell in zip(header, fields_by_index, row, strict=True):
        value = cell if raw else unneutralize_cell(cell)
        if name is None:
            if value:
                props[column] = value
        elif name in STRUCTURED_FIELDS:
            if value:
                try:
                    data[name] = json.loads(value)
                except json.JSONDecodeError as exc:
                    raise InputError(path, f"line {line}: column {column!r} is not valid JSON ({exc.msg})") from None
        elif value:
            data[name] = value
    try:
        unit = Unit.from_dict({k: v for k, v in data.items() if v is not None})
    except ValueError as exc:
        raise InputError(path, f"line {line}: {exc}") from None
    unit.props = {**props, **unit.props}
    return unit


def _write(
    path: Path, units: Iterable[Unit], delimiter: str, columns: str | Mapping[str, str] | None, raw: bool
) -> int:
    mapping = parse_columns(columns) or {name: name for name in ALL_COLUMNS}
    count = 0
    with atomic_write(path) as out:
        writer = SheetWriter(out, delimiter, raw=raw)
        writer.writerow(list(mapping.values()))
        for unit in units:
            writer.writerow([_cell(unit, name) for name in mapping])
            count += 1
    return count


def _cell(unit: Unit, name: str) -> str:
    """Field ``name`` of ``unit`` as a cell: strings as they are, lists and objects as JSON."""
    value = getattr(unit, name)
    if isinstance(value, str):
        return value
    if value is None or not value:
        return ""
    if name in ("annotations", "variants"):
        value = [item.to_dict() for item in value]
    elif name == "inline":
        value = codes_to_json(value)
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class _Dialect:
    """TSV or CSV: the same columns and rules, another delimiter."""

    delimiter: str

    def read(
        self,
        path: Path,
        *,
        columns: str | Mapping[str, str] | None = None,
        raw: bool = False,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
    ) -> Iterator[Unit]:
        """Yield one unit per data row of a file with a header row."""
        return _read(path, self.delimiter, columns, raw, src_lang, tgt_lang)

    def write(
        self, path: Path, units: Iterable[Unit], *, columns: str | Mapping[str, str] | None = None, raw: bool = False
    ) -> int:
        """Write a header row and one row per unit; formula-like cells neutralised unless ``raw``."""
        return _write(path, units, self.delimiter, columns, raw)


_TSV = _Dialect("\t")
_CSV = _Dialect(",")
read_tsv, write_tsv = _TSV.read, _TSV.write
read_csv, write_csv = _CSV.read, _CSV.write
