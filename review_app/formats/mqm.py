"""Google's WMT MQM TSV (one row per annotated error).

Columns: ``system doc doc_id seg_id rater source target category severity`` and an optional
``comment``. The error span is marked ``<v>…</v>`` in the target, or in the source for source-side
errors; a segment without errors has one ``No-error`` row. The files hold raw ``"`` characters,
so they are read with CSV quoting off. As units: one per (system, doc, seg_id), its rows as
annotations (``No-error`` rows included, so each rater's verdict survives a round trip).

Scoring these rows is :mod:`review_app.scoring.mqm`'s job.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from review_app.errors import InputError
from review_app.formats.base import Annotation, Unit
from review_app.output import atomic_write
from review_app.text.cells import neutralize_cell, unneutralize_cell
from review_app.text.ingest import iter_text_lines
from review_app.vocab import MQM_TSV_SEVERITIES, NO_ERROR

COLUMNS: tuple[str, ...] = ("system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity")


@dataclass(frozen=True, slots=True)
class MqmRow:
    """One row: texts without the ``<v>`` marks, the span as offsets (``None``: no span)."""

    system: str
    doc: str
    doc_id: str
    seg_id: str
    rater: str
    source: str
    target: str
    category: str
    severity: str
    comment: str | None = None
    span_side: str | None = None
    start: int | None = None
    end: int | None = None
    line: int = 0


def parse_span(text: str) -> tuple[str, int | None, int | None]:
    """``"a <v>b</v> c"`` as ``("a b c", 2, 3)``; an unclosed ``<v>`` runs to the end of the text.

    Raises ``ValueError`` for more than one span or a ``</v>`` without ``<v>``.
    """
    if text.count("<v>") > 1 or text.count("</v>") > 1:
        raise ValueError("more than one <v>…</v> span")
    start = text.find("<v>")
    if start == -1:
        if "</v>" in text:
            raise ValueError("</v> without <v>")
        return text, None, None
    rest = text[start + 3 :]
    end = rest.find("</v>")
    if end == -1:  # seen in Google's files: the span runs to the end
        return text[:start] + rest, start, len(text) - 3
    return text[:start] + rest[:end] + rest[end + 4 :], start, start + end


def mark_span(text: str, start: int | None, end: int | None) -> str:
    """``text`` with ``<v>…</v>`` around ``[start, end)`` (unchanged without a span)."""
    if start is None or end is None:
        return text
    return f"{text[:start]}<v>{text[start:end]}</v>{text[end:]}"


def read_mqm(path: Path, *, raw: bool = False) -> Iterator[MqmRow]:
    """Yield the rows of an MQM TSV lazily; ``raw=False`` undoes spreadsheet neutralisation."""
    reader = csv.reader(iter_text_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        return
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise InputError(path, f"line 1: not an MQM TSV: no column(s) {', '.join(missing)} in the header")
    index = {name: header.index(name) for name in header}
    for row in reader:
        line = reader.line_num
        if row == [] or row == [""]:
            continue
        if len(row) == len(header) - 1 and header[-1] == "comment":
            row.append("")  # a trailing empty comment is sometimes cut
        if len(row) != len(header):
            raise InputError(path, f"line {line}: expected {len(header)} tab-separated fields, found {len(row)}")
        cells = {name: row[i] if raw else unneutralize_cell(row[i]) for name, i in index.items()}
        yield _row(path, line, cells)


def _row(path: Path, line: int, cells: dict[str, str]) -> MqmRow:
    if cells["severity"].lower() not in MQM_TSV_SEVERITIES:
        raise InputError(path, f"line {line}: unknown severity {cells['severity']!r} (expected Major, Minor, Neutral "
                         "or No-error)")
    try:
        source, s_start, s_end = parse_span(cells["source"])
        target, t_start, t_end = parse_span(cells["target"])
    except ValueError as exc:
        raise InputError(path, f"line {line}: {exc}") from None
    if s_start is not None and t_start is not None:
        raise InputError(path, f"line {line}: spans marked in both source and target")
    side = "source" if s_start is not None else "target" if t_start is not None else None
    return MqmRow(
        system=cells["system"], doc=cells["doc"], doc_id=cells["doc_id"], seg_id=cells["seg_id"],
        rater=cells["rater"], source=source, target=target, category=cells["category"],
        severity=cells["severity"], comment=cells.get("comment") or None, span_side=side,
        start=s_start if side == "source" else t_start, end=s_end if side == "source" else t_end, line=line,
    )


def read_mqm_units(path: Path, *, raw: bool = False) -> Iterator[Unit]:
    """Yield one unit per (system, doc, seg_id); that segment's rows must be contiguous (as Google's are)."""
    group: list[MqmRow] = []
    seen: set[tuple[str, str, str]] = set()
    for row in read_mqm(path, raw=raw):
        key = (row.system, row.doc, row.seg_id)
        if group and key != (group[0].system, group[0].doc, group[0].seg_id):
            yield _unit(path, group)
            group = []
        if not group:
            if key in seen:
                raise InputError(path, f"line {row.line}: rows of segment {row.seg_id} of {row.system} are not "
                                 "contiguous (sort the file by system and seg_id)")
            seen.add(key)
        group.append(row)
    if group:
        yield _unit(path, group)


def _unit(path: Path, rows: list[MqmRow]) -> Unit:
    first = rows[0]
    for row in rows[1:]:
        if (row.source, row.target) != (first.source, first.target):
            raise InputError(path, f"line {row.line}: the text differs from the segment's row on line {first.line}")
    raters = {row.rater for row in rows}
    return Unit(
        id=f"{first.system}:{first.doc}:{first.seg_id}",
        source=first.source,
        mt=first.target,
        system=first.system,
        doc=first.doc,
        reviewer=first.rater if len(raters) == 1 else None,
        props={"mqm:doc_id": first.doc_id, "mqm:seg_id": first.seg_id},
        annotations=[
            Annotation(row.category, row.severity, row.start, row.end, row.span_side or "target", row.comment,
                       row.rater)
            for row in rows
        ],
    )


def rows_from_unit(unit: Unit) -> list[MqmRow]:
    """The MQM rows of a unit (a ``No-error`` row when it has no annotation); ``ValueError`` on a bad span."""
    source, target = unit.source or "", unit.mt or ""
    annotations = unit.annotations or [Annotation(NO_ERROR, NO_ERROR, rater=unit.reviewer)]
    rows = []
    for a in annotations:
        text = source if a.side == "source" else target
        if a.start is not None and not (0 <= a.start <= (a.end if a.end is not None else -1) <= len(text)):
            raise ValueError(f"annotation span {a.start}-{a.end} lies outside the {a.side} text")
        rows.append(
            MqmRow(
                system=unit.system or "", doc=unit.doc or "", doc_id=unit.props.get("mqm:doc_id", ""),
                seg_id=unit.props.get("mqm:seg_id", unit.id), rater=a.rater or unit.reviewer or "",
                source=source, target=target, category=a.category, severity=a.severity, comment=a.comment,
                span_side=a.side if a.start is not None else None, start=a.start, end=a.end,
            )
        )
    return rows


def write_mqm(path: Path, units: Iterable[Unit], *, raw: bool = False) -> int:
    """Write the MQM TSV (quoting off, ``comment`` column included); formula-like cells neutralised unless ``raw``."""
    count = 0
    with atomic_write(path) as out:
        out.write("\t".join((*COLUMNS, "comment")) + "\n")
        for unit in units:
            try:
                rows = rows_from_unit(unit)
            except ValueError as exc:
                raise InputError(path, f"unit {unit.id!r}: {exc}") from None
            for row in rows:
                out.write("\t".join(_cells(path, unit, row, raw)) + "\n")
            count += 1
    return count


def _cells(path: Path, unit: Unit, row: MqmRow, raw: bool) -> list[str]:
    for name, text in (("source", row.source), ("target", row.target)):
        if "<v>" in text or "</v>" in text:
            raise InputError(path, f"unit {unit.id!r}: the {name} text holds '<v>', which MQM TSV uses as a span mark")
    source = mark_span(row.source, row.start, row.end) if row.span_side == "source" else row.source
    target = mark_span(row.target, row.start, row.end) if row.span_side == "target" else row.target
    cells = [row.system, row.doc, row.doc_id, row.seg_id, row.rater, source, target, row.category, row.severity,
             row.comment or ""]
    for cell in cells:
        if any(ch in cell for ch in "\t\n\r"):
            raise InputError(path, f"unit {unit.id!r}: a field holds a tab or line break, which MQM TSV (quoting "
                             "off) cannot hold")
    return cells if raw else [neutralize_cell(cell) for cell in cells]

