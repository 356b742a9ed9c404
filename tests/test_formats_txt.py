"""Plain text: the shared contract plus sides, encodings and line ends."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from test_formats_contract import FormatContract

from review_app.errors import InputError
from review_app.formats import Unit, read_units, write_units

LINES = ["Hallo Welt", "", "  spaces kept  ", "=1+1 stays as is in plain text", "日本語 👋🏽 مرحبا e\u0301"]


class TestTxtContract(FormatContract):
    format = "txt"
    extension = ".txt"

    def sample_units(self) -> list[Unit]:
        return [Unit(id=f"u{i}", mt=text, source="not written", src_lang="en") for i, text in enumerate(LINES)]

    def expected(self, units: list[Unit]) -> list[Unit]:
        # One side only; ids are line numbers.
        return [Unit(id=str(n), mt=unit.mt or "") for n, unit in enumerate(units, start=1)]

    def malformed(self) -> tuple[bytes, str]:
        return b"fine\n\xff\xfe not UTF-8\n", "line 2"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a\nb\n", ["a", "b"]),
        (b"a\nb", ["a", "b"]),
        (b"a\r\nb\r\n", ["a", "b"]),
        (b"a\rb\r", ["a", "b"]),
        (codecs.BOM_UTF8 + b"a\nb\n", ["a", "b"]),
        (codecs.BOM_UTF16_LE + "a\nü\n".encode("utf-16-le"), ["a", "ü"]),
        (codecs.BOM_UTF32_BE + "x\r\ny".encode("utf-32-be"), ["x", "y"]),
        (b"a\n\nb\n", ["a", "", "b"]),
        ("a\u2028b\n".encode(), ["a\u2028b"]),  # only CR/LF end lines
    ],
)
def test_line_ends_and_encodings(tmp_path: Path, data: bytes, expected: list[str]) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    assert [unit.mt for unit in read_units(path)] == expected


def test_read_into_the_named_side_with_languages(tmp_path: Path) -> None:
    path = tmp_path / "src.txt"
    path.write_text("one\ntwo\n", encoding="utf-8")
    units = list(read_units(path, side="source", src_lang="en", tgt_lang="de"))
    assert units == [Unit(id="1", source="one", src_lang="en", tgt_lang="de"),
                     Unit(id="2", source="two", src_lang="en", tgt_lang="de")]


@pytest.mark.parametrize(
    ("side", "expected"),
    [("source", "S\nS2\n"), ("corrected", "C\n\n"), ("auto", "C\nM2\n"), ("mt", "M\nM2\n")],
)
def test_write_one_side(tmp_path: Path, side: str, expected: str) -> None:
    units = [Unit(id="1", source="S", mt="M", corrected="C"), Unit(id="2", source="S2", mt="M2")]
    path = tmp_path / "out.txt"
    assert write_units(path, units, side=side) == 2
    assert path.read_text(encoding="utf-8") == expected


def test_line_break_in_text_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    with pytest.raises(InputError, match=r"unit '2': the mt text has a line break"):
        write_units(path, [Unit(id="1", mt="ok"), Unit(id="2", mt="two\nlines")])
    assert not path.exists()


def test_nul_byte_is_reported_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bin.txt"
    path.write_bytes(b"ok\nbad\x00\n")
    with pytest.raises(InputError, match=r"line 2: binary data \(NUL byte\) at byte offset 6"):
        list(read_units(path))


def test_unknown_side_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown side 'target'"):
        write_units(tmp_path / "x.txt", [], side="target")
