"""Reading text files: encodings, line ends, and every bad-input case."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from review_app.errors import InputError
from review_app.text.ingest import decode_bytes, read_text

TEXT = "Первая строка — first line\nsecond line\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.replace("\n", "\r\n").encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "crlf", "cr", "utf16-crlf"],
)
def test_accepted_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode_bytes(data, "x.txt") == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"good text\n\xff\xfe bad", "invalid byte 0xff at byte offset 10"),
        ("Привет".encode("cp1251"), "invalid byte 0xcf at byte offset 0"),
        (b"abc\x00def", "binary data (NUL byte) at byte offset 3"),
        (b"", "empty input"),
        (b" \n\n\t\n", "empty input"),
        (codecs.BOM_UTF8, "empty input"),
        (codecs.BOM_UTF16_LE + b"\x00", "cannot decode as UTF-16-LE"),
    ],
    ids=["bad-utf8", "cp1251", "binary", "empty", "blank", "bom-only", "odd-utf16"],
)
def test_bad_input_names_file_and_problem(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "doc.txt")
    text = str(info.value)
    assert text.startswith("doc.txt: ")
    assert message in text
    assert "\n" not in text


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_read_text_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"one\r\ntwo")
    assert read_text(path) == "one\ntwo"
