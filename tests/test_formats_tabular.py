"""TSV and CSV: the shared contract plus column mapping and formula neutralisation."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from read_errors import read_error
from test_formats_contract import FormatContract, rich_units

from review_app.errors import InputError
from review_app.formats import Unit, read_units, write_units
from review_app.text.cells import neutralize_cell, unneutralize_cell


class TabularContract(FormatContract):
    def sample_units(self) -> list[Unit]:
        return [*rich_units(), Unit(id="6", source="", mt="")]

    def expected(self, units: list[Unit]) -> list[Unit]:
        # An empty cell reads as a missing value.
        return [dataclasses.replace(u, **{f: None for f in ("source", "mt") if getattr(u, f) == ""}) for u in units]


class TestTsvContract(TabularContract):
    format = "tsv"
    extension = ".tsv"

    def malformed(self) -> tuple[bytes, str]:
        return b"id\tsource\tmt\n1\ta\tb\n2\tonly two\n", "line 3"


class TestCsvContract(TabularContract):
    format = "csv"
    extension = ".csv"

    def malformed(self) -> tuple[bytes, str]:
        return b'id,source,mt\n1,a,b\n2,"x"y,z\n', "line 3"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rcr", "'\rcr"),
        ("'=already quoted", "''=already quoted"),
        ("''", "'''"),
        ("'tis", "'tis"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_formula_cells_are_neutralised_and_restored(cell: str, safe: str) -> None:
    assert neutralize_cell(cell) == safe
    assert unneutralize_cell(safe) == cell


@pytest.mark.parametrize(("fmt", "delimiter"), [("tsv", "\t"), ("csv", ",")])
def test_export_neutralises_unless_raw(tmp_path: Path, fmt: str, delimiter: str) -> None:
    units = [Unit(id="1", source="=1+1", mt="@SUM(A1)", reference="-2", corrected="+3")]
    path = tmp_path / f"out.{fmt}"
    write_units(path, units, columns="source,mt,reference,corrected")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    assert rows == [["source", "mt", "reference", "corrected"], ["'=1+1", "'@SUM(A1)", "'-2", "'+3"]]
    assert [u.source for u in read_units(path)] == ["=1+1"]
    write_units(path, units, columns="source,mt", raw=True)
    with open(path, encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle, delimiter=delimiter))[1] == ["=1+1", "@SUM(A1)"]


def test_column_mapping_aliases_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text("Quelle\thyp\tref\tscore\nHi\tHallo\tHallo!\t0.5\nBye\tTschüss\t\t\n", encoding="utf-8")
    units = list(read_units(path, columns="source=Quelle", src_lang="en", tgt_lang="de"))
    assert units == [
        Unit(id="1", source="Hi", mt="Hallo", reference="Hallo!", src_lang="en", tgt_lang="de", props={"score": "0.5"}),
        Unit(id="2", source="Bye", mt="Tschüss", src_lang="en", tgt_lang="de"),
    ]


def test_write_selected_columns_under_other_names(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_units(path, rich_units()[:1], columns={"id": "ID", "source": "Source", "corrected": "Post-edit"})
    assert path.read_text(encoding="utf-8").splitlines() == [
        "ID,Source,Post-edit",
        'seg-1,"Hello <world> & ""friends"" — naïve café","Hallo, Welt! 👋🏽"',
    ]


def test_pandas_reads_the_export(tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    units = rich_units()
    write_units(path, units)
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    assert list(frame["source"]) == [neutralize_cell(u.source or "") for u in units]
    assert frame["corrected"][0] == "Hallo, Welt! 👋🏽"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\tb\n1\t2\n", "line 1: the header names no text column"),
        ("source\tsource\nx\ty\n", "line 1: two columns fill the field 'source'"),
        ("source\tnotes\nx\t[oops\n", "line 2: column 'notes' is not valid JSON"),
        ('source\tnotes\nx\t"[1]"\n', "line 2: field 'notes' must be a list of str values"),
    ],
)
def test_bad_tables_are_input_errors(tmp_path: Path, text: str, message: str) -> None:
    assert message in read_error(tmp_path / "in.tsv", text)


def test_unknown_field_in_column_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown field"):
        write_units(tmp_path / "out.tsv", [], columns="hypothesis=hyp")


def test_mapped_column_missing_from_header(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("source,mt\na,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column named 'Ref'"):
        list(read_units(path, columns="reference=Ref"))
