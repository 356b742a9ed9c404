"""The contract every corpus format passes, inherited once per format (translate-toolkit style).

A format's test class sets ``format``/``extension`` and overrides what the format cannot hold
(``sample_units``, ``expected``); the tests here then check round trips, empty and malformed
input, lazy reading and atomic writing the same way for all of them. This module also walks the
``FORMATS`` registry.
"""

from __future__ import annotations

import inspect
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from review_app.errors import InputError
from review_app.formats import FORMATS, Annotation, Unit, detect_format, format_options, read_units, write_units

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE doc [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
"""


def rich_units() -> list[Unit]:
    """Units that exercise every field, non-ASCII text, XML-special and formula-like text."""
    return [
        Unit(
            id="seg-1",
            source='Hello <world> & "friends" — naïve café',
            mt="Hallo Welt",
            reference="Hallo, Welt!",
            corrected="Hallo, Welt! 👋🏽",
            src_lang="en",
            tgt_lang="de",
            status="reviewed",
            state_qualifier="review_app:edited",
            reviewer="anna",
            updated_at="2026-01-02T03:04:05+00:00",
            system="sys-A",
            doc="talk.1",
            reviewers=["bo", "anna", "Zoë <z>"],
            notes=["first note", "zweite Notiz: Größe"],
            props={"domain": "news", "x-origin": "import"},
            fixes=[{"check": "punctuation", "start": 10, "end": 10, "before": "", "after": "!"}],
            annotations=[
                Annotation("Fluency/Punctuation", "Minor", 5, 5, comment="missing comma", rater="r1"),
                Annotation("Accuracy/Omission", "Major", 0, 5, side="source", rater="r2"),
            ],
        ),
        Unit(id="seg 2/b", source="  leading and trailing  ", mt="=SUM(A1:A3)", src_lang="en", tgt_lang="de"),
        Unit(id="3", source="日本語のテキスト", src_lang="en", tgt_lang="de", status="signed-off"),
        Unit(id="4", source="مرحبا بالعالم e\u0301", mt="-1 @home +x", src_lang="en", tgt_lang="de", status="final"),
        Unit(id="5", source="Tab\tand\nnew line", mt="'quoted", src_lang="en", tgt_lang="de"),
    ]


def fd_position(path: Path) -> int | None:
    """Read position of this process's open descriptor on ``path`` (Linux), ``None`` if none is open."""
    wanted = str(path.resolve())
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") != wanted:
                continue
            with open(f"/proc/self/fdinfo/{fd}") as info:
                for line in info:
                    if line.startswith("pos:"):
                        return int(line.split()[1])
        except OSError:
            continue
    return None


class FormatContract:
    """Shared tests; subclasses name the format and what it keeps."""

    format: ClassVar[str]
    extension: ClassVar[str]
    read_options: ClassVar[dict[str, Any]] = {}
    write_options: ClassVar[dict[str, Any]] = {}
    # Reading a zero-byte file: an empty corpus (True) or an InputError (False).
    empty_file_is_empty_corpus: ClassVar[bool] = True
    huge_units: ClassVar[int] = 50_000  # big enough that reading it whole would show (~2-9 MB)

    # --- what the format holds -------------------------------------------------------------
    def sample_units(self) -> list[Unit]:
        return rich_units()

    def expected(self, units: list[Unit]) -> list[Unit]:
        """Units as they come back from a round trip (default: unchanged)."""
        return units

    def malformed(self) -> tuple[bytes, str]:
        """A malformed file's bytes and the location its error must name (e.g. ``"line 3"``)."""
        raise NotImplementedError

    def big_unit(self, i: int) -> Unit:
        return Unit(id=str(i + 1), source=f"source sentence number {i}", mt=f"target sentence {i}",
                    src_lang="en", tgt_lang="de")

    # --- helpers ---------------------------------------------------------------------------
    def path(self, tmp_path: Path, name: str = "corpus") -> Path:
        return tmp_path / f"{name}{self.extension}"

    def write(self, path: Path, units: Any) -> int:
        return write_units(path, units, self.format, **self.write_options)

    def read(self, path: Path) -> list[Unit]:
        return list(read_units(path, self.format, **self.read_options))

    def assert_one_line_error(self, exc: InputError, path: Path, where: str = "") -> None:
        message = str(exc)
        assert "\n" not in message
        assert str(path) in message
        assert where in message, message

    # --- the contract ----------------------------------------------------------------------
    def test_round_trip_is_lossless(self, tmp_path: Path) -> None:
        units = self.sample_units()
        path = self.path(tmp_path)
        assert self.write(path, units) == len(units)
        assert self.read(path) == self.expected(units)

    def test_second_round_trip_writes_the_same_bytes(self, tmp_path: Path) -> None:
        first, second = self.path(tmp_path, "a"), self.path(tmp_path, "b")
        self.write(first, self.sample_units())
        self.write(second, self.read(first))
        assert second.read_bytes() == first.read_bytes()

    def test_non_ascii_text_is_kept(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        self.write(path, self.sample_units())
        texts = {t for unit in self.read(path) for t in (unit.source, unit.mt, unit.corrected) if t}
        assert any("👋🏽" in t or "日本語" in t or "مرحبا" in t for t in texts)

    def test_empty_corpus_round_trip(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        assert self.write(path, []) == 0
        assert path.exists()
        assert self.read(path) == []

    def test_zero_byte_file(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        path.write_bytes(b"")
        if self.empty_file_is_empty_corpus:
            assert self.read(path) == []
        else:
            with pytest.raises(InputError) as info:
                self.read(path)
            self.assert_one_line_error(info.value, path, "empty")

    def test_malformed_file_is_a_one_line_input_error(self, tmp_path: Path) -> None:
        data, where = self.malformed()
        path = self.path(tmp_path)
        path.write_bytes(data)
        with pytest.raises(InputError) as info:
            self.read(path)
        self.assert_one_line_error(info.value, path, where)

    def test_missing_file(self, tmp_path: Path) -> None:
        path = self.path(tmp_path, "absent")
        with pytest.raises(InputError, match="no such file"):
            self.read(path)

    def test_reader_is_lazy(self, tmp_path: Path) -> None:
        if not Path("/proc/self/fdinfo").is_dir():
            pytest.skip("needs /proc to see how far a file was read")
        path = self.path(tmp_path, "huge")
        self.write(path, (self.big_unit(i) for i in range(self.huge_units)))
        size = path.stat().st_size
        units = read_units(path, self.format, **self.read_options)
        assert inspect.isgenerator(units)
        first = next(units)
        assert first.id
        position = fd_position(path)
        assert position is not None, "the reader should hold the file open while streaming"
        assert position < size / 20, f"read {position} of {size} bytes to yield the first unit"
        following = [unit.id for unit in itertools.islice(units, 999)]
        assert [first.id, *following] == [self.big_unit(i).id for i in range(1000)]
        units.close()  # a reader left early closes its file
        assert fd_position(path) is None

    def test_failed_write_leaves_no_file(self, tmp_path: Path) -> None:
        def units() -> Iterator[Unit]:
            yield from self.sample_units()[:2]
            raise InputError("input.txt", "line 3: broken")

        path = self.path(tmp_path)
        with pytest.raises(InputError):
            self.write(path, units())
        assert list(tmp_path.iterdir()) == []

    def test_failed_write_keeps_the_old_file(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        self.write(path, self.sample_units())
        before = path.read_bytes()

        def units() -> Iterator[Unit]:
            yield self.sample_units()[0]
            raise InputError("input.txt", "line 2: broken")

        with pytest.raises(InputError):
            self.write(path, units())
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == [path.name]



class XmlFormatContract(FormatContract):
    """The contract plus the XML safety tests: entity declarations are refused."""

    xml_root: ClassVar[bytes]  # a minimal document whose text is the placeholder TEXT
    empty_file_is_empty_corpus = False

    def test_entity_expansion_bomb_is_refused(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        path.write_bytes(BOMB + self.xml_root.replace(b"TEXT", b"&lol4;"))
        with pytest.raises(InputError) as info:
            self.read(path)
        self.assert_one_line_error(info.value, path, "entities")

    def test_external_entity_is_refused(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        path.write_bytes(EXTERNAL + self.xml_root.replace(b"TEXT", b"&x;"))
        with pytest.raises(InputError) as info:
            self.read(path)
        self.assert_one_line_error(info.value, path, "entities")
        assert "root:" not in str(info.value)


# --- The registry ---------------------------------------------------------------------------------


def test_every_registered_format_is_documented_and_has_a_contract_test() -> None:
    import test_formats_jsonl
    import test_formats_tabular
    import test_formats_tmx
    import test_formats_txt
    import test_formats_xliff
    import test_mqm

    modules = (test_formats_txt, test_formats_tabular, test_formats_jsonl, test_formats_tmx, test_formats_xliff,
               test_mqm)
    contracts = {
        cls.format
        for module in modules
        for cls in vars(module).values()
        if inspect.isclass(cls) and issubclass(cls, FormatContract) and cls.__name__.startswith("Test")
    }
    assert contracts == set(FORMATS)
    extensions = [ext for spec in FORMATS.values() for ext in spec.extensions]
    assert len(extensions) == len(set(extensions)), "each file ending belongs to one format"
    for name, spec in FORMATS.items():
        assert spec.name == name
        assert spec.description
        assert inspect.getdoc(spec.read) and inspect.getdoc(spec.write)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.txt", "txt"), ("a.TSV", "tsv"), ("a.csv", "csv"), ("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"),
     ("a.tmx", "tmx"), ("a.xlf", "xliff"), ("a.xliff", "xliff")],
)
def test_detect_format_by_ending(name: str, expected: str) -> None:
    assert detect_format(name) == expected


def test_detect_format_sniffs_mqm_header(tmp_path: Path) -> None:
    path = tmp_path / "ratings.tsv"
    path.write_text("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n", encoding="utf-8")
    assert detect_format(path) == "mqm"


def test_unknown_ending_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format("corpus.docx")


def test_option_a_format_does_not_take_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="xliff_version"):
        write_units(tmp_path / "a.tmx", [], xliff_version="1.2")
    assert "xliff_version" in format_options("xliff", "write")


def test_export_metadata_is_on_the_format_spec() -> None:
    """How a review exports in a format (label, ending, MIME type, writer options) is its FormatSpec's ``export``;
    the store, the CLI and the app read it there."""
    import review_app.store
    from review_app.formats import EXPORT_FORMATS, FORMATS, export_format_of

    assert review_app.store.EXPORT_FORMATS is EXPORT_FORMATS
    assert list(EXPORT_FORMATS) == ["tsv", "jsonl", "tmx", "xliff", "txt", "mqm"]  # the app's default first
    for name, export in EXPORT_FORMATS.items():
        assert FORMATS[name].export is export and export.label and export.mime
        assert export_format_of(f"corpus{export.suffix.upper()}") == name
    assert FORMATS["csv"].export is None and export_format_of("corpus.csv") is None
    assert [export_format_of(f"a.{end}") for end in ("mqm.tsv", "xliff", "tsv")] == ["mqm", "xliff", "tsv"]
    assert review_app.store.REPORT_FORMATS == {"tsv": (".tsv", "text/tab-separated-values"),
                                               "jsonl": (".jsonl", "application/x-ndjson")}
