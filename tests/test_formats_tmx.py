"""TMX 1.4b: the shared contract plus inline codes, languages and provenance props."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from read_errors import read_error
from test_formats_contract import XmlFormatContract, rich_units

from review_app.cli import main
from review_app.errors import InputError
from review_app.formats import Unit, Variant, read_units, write_units

DATA = Path(__file__).parent / "data"


class TestTmxContract(XmlFormatContract):
    format = "tmx"
    extension = ".tmx"
    xml_root = b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>TEXT</seg></tuv></tu>' \
               b"</body></tmx>"

    def sample_units(self) -> list[Unit]:
        return [*rich_units(), Unit(id="6", source="", mt="", src_lang="en", tgt_lang="de"),
                Unit(id="7", source=None, mt="only target", src_lang="en", tgt_lang="fr")]

    def malformed(self) -> tuple[bytes, str]:
        return b'<?xml version="1.0"?>\n<tmx version="1.4">\n<body><tu>\n<tuv xml:lang="en"><seg>x</tuv>\n', "line 4"


def test_inline_codes_survive_a_round_trip_verbatim(tmp_path: Path) -> None:
    units = list(read_units(DATA / "inline.tmx", tgt_lang="de-DE"))
    assert [(u.id, u.source, u.mt) for u in units] == [
        ("t1", "Press Save now or later.", "Drücken Sie Speichern jetzt oder später."),
        ("2", "Isolated code and unknown", "Isolierter Code"),
    ]
    assert units[0].markup["source"] == (
        'Press <bpt i="1" x="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now<ph x="2">&lt;br/&gt;</ph> or '
        '<hi type="em">later</hi>.'
    )
    assert units[0].props == {"x-domain": "ui"} and units[0].notes == ["Inline codes of every kind."]
    out = tmp_path / "out.tmx"
    write_units(out, units)
    written = out.read_text(encoding="utf-8")
    for unit in units:
        for markup in unit.markup.values():
            assert f"<seg>{markup}</seg>" in written
    assert list(read_units(out)) == units


def test_edited_text_drops_stale_inline_codes(tmp_path: Path) -> None:
    unit = next(read_units(DATA / "inline.tmx"))
    unit.mt = "Drücken Sie jetzt Speichern."
    out = tmp_path / "out.tmx"
    write_units(out, [unit])
    back = next(read_units(out))
    assert back.mt == "Drücken Sie jetzt Speichern." and "mt" not in back.markup
    assert back.markup["source"] == unit.markup["source"]


@pytest.mark.parametrize(
    ("tgt_lang", "expected"),
    [(None, "Code isolé et inconnu"), ("de-DE", "Isolierter Code"), ("de", "Isolierter Code"),
     ("fr", "Code isolé et inconnu")],
)
def test_multilingual_tu_picks_the_target_language(tgt_lang: str | None, expected: str) -> None:
    unit = list(read_units(DATA / "inline.tmx", tgt_lang=tgt_lang))[1]
    assert unit.mt == expected
    assert unit.src_lang == "EN-us"  # TMX 1.1 "lang" attribute, matched case-insensitively


@pytest.mark.parametrize(
    ("target", "tuv_text", "props"),
    [
        ("auto", "Hallo, Welt! 👋🏽", ['type="x-review_app:target">corrected', 'type="x-review_app:mt">Hallo Welt']),
        ("mt", "Hallo Welt", ['type="x-review_app:corrected">Hallo, Welt! 👋🏽']),
        ("corrected", "Hallo, Welt! 👋🏽", ['type="x-review_app:mt">Hallo Welt']),
    ],
)
def test_target_choice_and_provenance_props(tmp_path: Path, target: str, tuv_text: str, props: list[str]) -> None:
    unit = rich_units()[0]
    out = tmp_path / "out.tmx"
    write_units(out, [unit], target=target)
    written = out.read_text(encoding="utf-8")
    assert f'<tuv xml:lang="de"><seg>{tuv_text}</seg></tuv>' in written
    common = ['type="x-review_app:reviewer">anna', 'type="x-review_app:status">reviewed', "<note>first note</note>"]
    for prop in (*props, *common):
        assert prop in written
    assert next(read_units(out)) == unit


def test_languages_come_from_options_when_units_lack_them(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    with pytest.raises(InputError, match="TMX needs the source language"):
        write_units(out, [Unit(id="1", source="a", mt="b")])
    with pytest.raises(InputError, match="no target language"):
        write_units(out, [Unit(id="1", source="a", mt="b")], src_lang="en")
    assert not out.exists()
    write_units(out, [Unit(id="1", source="a", mt="b")], src_lang="en", tgt_lang="cs")
    assert next(read_units(out)) == Unit(id="1", source="a", mt="b", src_lang="en", tgt_lang="cs")


def test_character_xml_cannot_hold_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    with pytest.raises(InputError, match=r"unit '1': character U\+0007 cannot be written in XML"):
        write_units(out, [Unit(id="1", source="bell\x07", mt="b", src_lang="en", tgt_lang="de")])
    assert not out.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<tu tuid='a'/>", "line 3: <tu> has no <tuv>"),
        ("<tu><tuv><seg>x</seg></tuv></tu>", "line 3: <tuv> has no xml:lang"),
        ("<tu><tuv xml:lang='en'/></tu>", "line 3: <tuv> has no <seg>"),
        ("<tu><prop type='x-review_app:target'>ref</prop><tuv xml:lang='en'><seg>x</seg></tuv></tu>",
         "line 3: <tu>: review_app target must be 'mt' or 'corrected'"),
        ("<tu><prop type='x-review_app:annotation'>{</prop><tuv xml:lang='en'><seg>x</seg></tuv></tu>",
         "line 3: <tu>: Expecting property name"),
    ],
)
def test_structural_errors_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    document = f'<tmx version="1.4">\n<header srclang="en"/><body>\n{body}\n</body></tmx>'
    assert message in read_error(tmp_path / "bad.tmx", document)


def test_not_a_tmx_document(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_text("<xliff/>", encoding="utf-8")
    with pytest.raises(InputError, match="not a TMX file"):
        list(read_units(path))


def test_source_absent_round_trips(tmp_path: Path) -> None:
    unit = dataclasses.replace(rich_units()[1], source=None)
    out = tmp_path / "out.tmx"
    write_units(out, [unit])
    assert next(read_units(out)) == unit


# --- Further languages: kept where the format can hold them, else refused unless dropped explicitly ----

MULTILINGUAL = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x"
creationtool="x" creationtoolversion="1"/><body>
<tu tuid="1"><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="de"><seg>Drücken Sie Speichern.</seg></tuv>
<tuv xml:lang="fr"><seg>Appuyez sur <bpt i="1">&lt;b&gt;</bpt>Enregistrer<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv>
<tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="es"><seg>Hola &amp; adiós</seg></tuv></tu>
</body></tmx>
"""
FR_MARKUP = 'Appuyez sur <bpt i="1">&lt;b&gt;</bpt>Enregistrer<ept i="1">&lt;/b&gt;</ept>.'


@pytest.fixture
def multilingual(tmp_path: Path) -> Path:
    path = tmp_path / "in.tmx"
    path.write_text(MULTILINGUAL, encoding="utf-8")
    return path


def test_every_language_of_a_tu_is_read(multilingual: Path) -> None:
    first, second = read_units(multilingual)
    assert (first.source, first.mt, first.tgt_lang) == ("Press Save.", "Drücken Sie Speichern.", "de")
    assert first.variants == [Variant("fr", "Appuyez sur Enregistrer.", FR_MARKUP)]
    assert second.variants == [Variant("fr", "Bonjour"), Variant("es", "Hola & adiós")]
    # the target language chosen: the others, German included, are kept as variants
    chosen = list(read_units(multilingual, tgt_lang="es"))[1]
    assert chosen.mt == "Hola & adiós" and [v.lang for v in chosen.variants] == ["de", "fr"]


@pytest.mark.parametrize("via", ["tmx", "jsonl", "tsv", "csv"])
def test_formats_that_can_hold_further_languages_keep_them(via: str, multilingual: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    middle, back = tmp_path / f"middle.{via}", tmp_path / "back.tmx"
    assert main(["convert", str(multilingual), str(middle)]) == 0
    assert main(["convert", str(middle), str(back)]) == 0
    assert "dropped" not in capsys.readouterr().err
    assert list(read_units(back)) == list(read_units(multilingual))
    written = back.read_text(encoding="utf-8")
    assert f'<tuv xml:lang="fr"><seg>{FR_MARKUP}</seg></tuv>' in written  # the tags verbatim
    assert '<tuv xml:lang="es"><seg>Hola &amp; adiós</seg></tuv>' in written


@pytest.mark.parametrize(("target", "extra"), [("out.xlf", []), ("out12.xlf", ["--xliff-version", "1.2"]),
                                               ("out.txt", ["--drop-inline"]), ("out.tsv", ["--to", "mqm"])])
def test_formats_that_cannot_hold_them_refuse_unless_dropped(
    target: str, extra: list[str], multilingual: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / target
    argv = ["convert", str(multilingual), str(out), *extra]
    if "--to" in extra:
        argv.append("--drop-inline")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unit '1': holds text in 1 more language(s) (fr)" in err, err
    assert "--drop-languages" in err and not out.exists()
    assert main([*argv, "--drop-languages"]) == 0
    err = capsys.readouterr().err
    assert "dropped 3 text(s) in further languages (fr 2, es 1)" in err, err
    assert [u.variants for u in read_units(out, "mqm" if "--to" in extra else None)] == [[], []]


def test_dropped_inline_tags_are_counted(multilingual: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(multilingual), str(out), "--drop-inline"]) == 0
    assert "dropped the inline tags of 1 unit(s)" in capsys.readouterr().err
    first = next(read_units(out))
    assert not first.markup and first.variants == [Variant("fr", "Appuyez sur Enregistrer.")]


def test_bad_variants_in_jsonl_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "1", "source": "a", "variants": [{"lang": "fr"}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: variant field 'text' must be a string"):
        list(read_units(path))
