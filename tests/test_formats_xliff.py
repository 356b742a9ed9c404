"""XLIFF 1.2 and 2.0: the shared contract, inline tags, states, and XLIFF 2.0 validity.

XLIFF 2.0 output is checked against the spec's structural rules (element order and counts,
required and allowed attributes, ids, state/subState/target constraints, data references) by
``xliff20_problems`` below, and against the OASIS core XSD (``xliff_core_2.0.xsd``) when that
file is present in ``tests/data/`` or named by ``REVIEW_APP_XLIFF20_XSD``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from lxml import etree
from read_errors import read_error
from test_formats_contract import XmlFormatContract, rich_units

from review_app.formats import Annotation, Unit, read_units, write_units
from review_app.formats.xliff20 import NS as NS20

DATA = Path(__file__).parent / "data"


class XliffContract(XmlFormatContract):
    extension = ".xlf"
    format = "xliff"

    def sample_units(self) -> list[Unit]:
        return [*rich_units(), Unit(id="6", source="", mt="", src_lang="en", tgt_lang="de"),
                Unit(id="7", source=None, mt="no source", src_lang="en", tgt_lang="de", status="initial")]


class TestXliff20Contract(XliffContract):
    write_options: ClassVar[dict[str, Any]] = {"xliff_version": "2.0"}
    xml_root = f'<xliff xmlns="{NS20}" version="2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>TEXT'\
               "</source></segment></unit></file></xliff>".encode()

    def malformed(self) -> tuple[bytes, str]:
        return (f'<xliff xmlns="{NS20}" version="2.0" srcLang="en">\n<file id="f">\n<unit id="u">\n'
                "<segment><target>x</target></segment></unit></file></xliff>").encode(), "line 4"


class TestXliff12Contract(XliffContract):
    extension = ".xliff"
    write_options: ClassVar[dict[str, Any]] = {"xliff_version": "1.2"}
    xml_root = b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" ' \
               b'datatype="plaintext" original="x"><body><trans-unit id="1"><source>TEXT</source></trans-unit>' \
               b"</body></file></xliff>"

    def malformed(self) -> tuple[bytes, str]:
        return b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file>\n<body>\n' \
               b"<trans-unit id='1'><source>x</trans-unit>", "line 4"


# --- Inline tags ----------------------------------------------------------------------------------


def test_xliff12_inline_tags_round_trip_verbatim(tmp_path: Path) -> None:
    units = list(read_units(DATA / "inline12.xlf"))
    assert [(u.id, u.source, u.mt, u.status, u.state_qualifier) for u in units] == [
        ("1", "Click here to continue now.", "Cliquez ici pour continuer maintenant.", "needs-review-translation",
         "leveraged-mt"),
        ("2", "Use  and italics, XLIFF and this kept.", "Utilisez  et italique, XLIFF et ceci.", None, None),
        ("3", "No target yet", None, None, None),
    ]
    assert units[0].notes == ["Check the button label."]  # <alt-trans> and file notes are not the unit's
    foreign = '<okp:tag xmlns:okp="okapi-framework:xliff-extensions">kept</okp:tag>'
    assert units[1].markup["source"].endswith(f"this {foreign}.")
    out = tmp_path / "out.xliff"
    write_units(out, units, xliff_version="1.2")
    written = out.read_text(encoding="utf-8")
    assert '<g id="1" ctype="x-bold">here</g> to <x id="2" ctype="image"/>continue<bx id="3"/>' in written
    assert '<target state="needs-review-translation" state-qualifier="leveraged-mt">Cliquez' in written
    assert list(read_units(out)) == units


def test_xliff20_inline_tags_and_original_data_round_trip_verbatim(tmp_path: Path) -> None:
    units = list(read_units(DATA / "inline20.xlf"))
    assert [(u.id, u.source, u.mt, u.status, u.state_qualifier) for u in units] == [
        ("u1", "Read the guide first.", "まずガイドを読んでください。", "translated", None),
        ("u2", "A bold word, XLIFF, a bell \x07.", "太字の単語、XLIFF、ベル\x07。", "reviewed", "acme:checked"),
        ("u3_a", "First sentence.", "最初の文。", None, None),
        ("u3_b", "Second one.", None, None, None),
    ]
    assert units[0].src_lang == "en-US" and units[0].tgt_lang == "ja-JP"
    assert units[0].notes == ["Keep the link."]
    assert '<data id="d3">&lt;br/&gt;</data>' in units[0].markup["originalData"]
    out = tmp_path / "out.xlf"
    write_units(out, units)
    written = out.read_text(encoding="utf-8")
    for unit in units:
        for markup in unit.markup.values():
            assert markup in written
    assert xliff20_problems(out) == []
    assert list(read_units(out)) == units


def test_xliff20_writes_characters_xml_cannot_hold_as_cp(tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    write_units(out, [Unit(id="1", source="a\x01b", mt="\x1f", src_lang="en", tgt_lang="de")])
    written = out.read_text(encoding="utf-8")
    assert '<source>a<cp hex="0001"/>b</source>' in written and '<target><cp hex="001F"/></target>' in written
    assert next(read_units(out)).source == "a\x01b"
    assert xliff20_problems(out) == []


# --- States, ids and notes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "status", "qualifier", "mt", "native", "noted"),
    [
        ("2.0", "final", "acme:ok", "x", ' state="final" subState="acme:ok"', []),
        ("2.0", "signed-off", "exact-match", "x", "", ["state_qualifier", "status"]),
        ("2.0", "translated", None, None, "", ["status"]),  # a state other than initial needs a target
        ("2.0", "initial", "a:b", None, ' state="initial" subState="a:b"', []),
        ("1.2", "signed-off", "exact-match", "x", ' state="signed-off" state-qualifier="exact-match"', []),
        ("1.2", "x-approved", "x-mine", "x", ' state="x-approved" state-qualifier="x-mine"', []),
        ("1.2", "reviewed", "acme:ok", "x", "", ["state_qualifier", "status"]),
        ("1.2", "x-two words", None, "x", "", ["status"]),  # user values are x- and no space
        ("1.2", "final", None, None, "", ["status"]),  # no <target> to carry it
    ],
)
def test_status_is_native_where_valid_else_a_note(
    tmp_path: Path, version: str, status: str, qualifier: str | None, mt: str | None, native: str, noted: list[str]
) -> None:
    unit = Unit(id="1", source="s", mt=mt, src_lang="en", tgt_lang="de", status=status, state_qualifier=qualifier)
    out = tmp_path / "out.xlf"
    write_units(out, [unit], xliff_version=version)
    written = out.read_text(encoding="utf-8")
    attribute = "category" if version == "2.0" else "from"
    assert sorted(re.findall(f'{attribute}="review_app:(\\w+)"', written)) == noted
    if native:
        assert native in written
    assert next(read_units(out)) == unit
    if version == "2.0":
        assert xliff20_problems(out) == []


def test_xliff20_replaces_ids_that_are_not_nmtokens_or_repeat(tmp_path: Path) -> None:
    units = [Unit(id=i, source=i, src_lang="en") for i in ("a b", "u2", "u2", "ü", "ok.1:x-y")]
    out = tmp_path / "out.xlf"
    write_units(out, units)
    ids = re.findall(r'<unit id="([^"]+)"', out.read_text(encoding="utf-8"))
    assert ids == ["u1", "u2", "u3", "u4", "ok.1:x-y"]
    assert [u.id for u in read_units(out)] == ["a b", "u2", "u2", "ü", "ok.1:x-y"]
    assert xliff20_problems(out) == []


def test_xliff12_starts_a_file_per_language_pair(tmp_path: Path) -> None:
    units = [Unit(id="1", source="a", mt="b", src_lang="en", tgt_lang="de"),
             Unit(id="2", source="a", mt="c", src_lang="en", tgt_lang="fr"),
             Unit(id="3", source="a", mt="d", src_lang="en", tgt_lang="fr")]
    out = tmp_path / "out.xliff"
    write_units(out, units, xliff_version="1.2")
    assert out.read_text(encoding="utf-8").count("<file ") == 2
    assert list(read_units(out)) == units


def test_xliff20_keeps_other_unit_languages_in_notes(tmp_path: Path) -> None:
    units = [Unit(id="1", source="a", mt="b", src_lang="en", tgt_lang="de"),
             Unit(id="2", source="a", mt="c", src_lang="en", tgt_lang="fr")]
    out = tmp_path / "out.xlf"
    write_units(out, units)
    assert list(read_units(out)) == units
    assert xliff20_problems(out) == []


def test_mqm_annotations_and_fixes_travel_as_notes(tmp_path: Path) -> None:
    unit = Unit(id="1", source="s", mt="Das ist ein Test", corrected="Das ist ein Test.", src_lang="en", tgt_lang="de",
                fixes=[{"check": "final-punct", "after": "."}],
                annotations=[Annotation("Fluency/Punctuation", "Minor", 16, 16, rater="r1")])
    out = tmp_path / "out.xlf"
    write_units(out, [unit])
    written = out.read_text(encoding="utf-8")
    assert '<note category="review_app:annotation">{"category": "Fluency/Punctuation", "end": 16' in written
    assert "<target>Das ist ein Test.</target>" in written
    assert next(read_units(out)) == unit


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('<xliff version="3.0" xmlns="urn:example"/>', "unsupported XLIFF"),
        ("<tmx/>", "not an XLIFF file"),
        (f'<xliff xmlns="{NS20}" version="2.0" srcLang="en"><file id="f"><unit id="u"><notes>'
         '<note category="review_app:fix">[1]</note></notes><segment><source>x</source></segment></unit></file>'
         "</xliff>",
         "line 1: <unit>: a fix must be a JSON object"),
        (f'<xliff xmlns="{NS20}" version="2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>'
         '<cp hex="zz"/></source></segment></unit></file></xliff>', "<cp hex='zz'> is not a code point"),
    ],
)
def test_bad_documents_are_input_errors(tmp_path: Path, document: str, message: str) -> None:
    path = tmp_path / "bad.xlf"
    error = read_error(path, document)
    assert message in error and str(path) in error


# --- XLIFF 2.0 validity ---------------------------------------------------------------------------


def test_xliff20_output_follows_the_spec(tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    write_units(out, [*rich_units(), Unit(id="x y", source="\x02", src_lang="en", status="initial")])
    assert xliff20_problems(out) == []
    empty = tmp_path / "empty.xlf"
    write_units(empty, [])
    assert xliff20_problems(empty) == []


def test_the_structural_checker_catches_violations(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(
        f'<xliff xmlns="{NS20}" version="2.0" srcLang="en"><file id="f"><unit id="a b" name="n">'
        '<segment state="done" subState="nocolon"><target>x</target><source>y</source></segment>'
        '<notes><note priority="11">n</note></notes></unit><unit id="u"><segment state="final"><source>s<ph/>'
        "</source></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    problems = "\n".join(xliff20_problems(path))
    for expected in ("id 'a b' is not an NMTOKEN", "<notes> out of order", "state 'done'", "subState 'nocolon'",
                     "<source> out of order", "priority '11'", "no trgLang", "state 'final' without a <target>",
                     "<ph> lacks id"):
        assert expected in problems


def _schema_path() -> Path | None:
    named = os.environ.get("REVIEW_APP_XLIFF20_XSD")
    candidate = Path(named) if named else DATA / "xliff_core_2.0.xsd"
    return candidate if candidate.is_file() else None


def test_xliff20_output_validates_against_the_oasis_xsd(tmp_path: Path) -> None:
    schema_file = _schema_path()
    if schema_file is None:
        pytest.skip("xliff_core_2.0.xsd not available (put it in tests/data or set REVIEW_APP_XLIFF20_XSD)")
    import xmlschema

    xml_xsd = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"
    schema = xmlschema.XMLSchema(str(schema_file), locations={"http://www.w3.org/XML/1998/namespace": str(xml_xsd)})
    out = tmp_path / "out.xlf"
    write_units(out, [*rich_units(), *read_units(DATA / "inline20.xlf")], tgt_lang="de")
    schema.validate(str(out))
    empty = tmp_path / "empty.xlf"
    write_units(empty, [])
    schema.validate(str(empty))


# The XLIFF 2.0 core rules our output must follow (spec section 4, mirrored from the core schema).
INLINE = ("cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em")
CONTENT: dict[str, tuple[str, ...]] = {
    "xliff": ("file",), "file": ("skeleton", "notes", "unit|group"), "group": ("notes", "unit|group"),
    "unit": ("notes", "originalData", "segment|ignorable"), "segment": ("source", "target"),
    "ignorable": ("source", "target"), "notes": ("note",), "originalData": ("data",), "data": ("cp",),
    "note": (), "source": INLINE, "target": INLINE, "pc": INLINE, "mrk": INLINE,
    "cp": (), "ph": (), "sc": (), "ec": (), "sm": (), "em": (), "skeleton": (),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "xliff": ("version", "srcLang"), "file": ("id",), "group": ("id",), "unit": ("id",), "data": ("id",),
    "cp": ("hex",), "ph": ("id",), "pc": ("id",), "sc": ("id",), "mrk": ("id",), "sm": ("id",), "em": ("startRef",),
}
ALLOWED: dict[str, tuple[str, ...]] = {
    "xliff": ("version", "srcLang", "trgLang", "xml:space"),
    "file": ("id", "canResegment", "original", "translate", "srcDir", "trgDir", "xml:space"),
    "group": ("id", "name", "canResegment", "translate", "srcDir", "trgDir", "type", "xml:space"),
    "unit": ("id", "name", "canResegment", "translate", "srcDir", "trgDir", "xml:space", "type"),
    "segment": ("id", "canResegment", "state", "subState"), "ignorable": ("id",),
    "note": ("id", "appliesTo", "category", "priority"), "data": ("id", "dir", "xml:space"),
    "source": ("xml:lang", "xml:space"), "target": ("xml:lang", "xml:space", "order"), "cp": ("hex",),
}
FOREIGN_ATTRS_OK = {"xliff", "file", "group", "unit", "note", "ph", "pc", "sc", "ec", "mrk", "sm"}
NMTOKEN = re.compile(r"[\w.\-:\u00b7]+")
LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")


def xliff20_problems(path: Path) -> list[str]:
    """Violations of the XLIFF 2.0 core structure in ``path`` (an empty list: valid)."""
    root = etree.parse(str(path)).getroot()
    problems: list[str] = []
    if root.tag != f"{{{NS20}}}xliff" or root.get("version") != "2.0":
        return [f"document element {root.tag} version {root.get('version')!r} is not XLIFF 2.0"]
    for lang in ("srcLang", "trgLang"):
        if root.get(lang) is not None and not LANGUAGE.fullmatch(root.get(lang, "")):
            problems.append(f"{lang} {root.get(lang)!r} is not a language tag")
    if root.find(f".//{{{NS20}}}target") is not None and root.get("trgLang") is None:
        problems.append("targets but no trgLang")
    file_ids: set[str] = set()
    for elem in root.iter():
        if isinstance(elem.tag, str):
            problems += _element_problems(elem)
    for file_el in root.iter(f"{{{NS20}}}file"):
        problems += _unique(file_el.get("id"), file_ids, "file")
        unit_ids: set[str] = set()
        for unit in file_el.iter(f"{{{NS20}}}unit"):
            problems += _unique(unit.get("id"), unit_ids, "unit")
            problems += _unit_problems(unit)
    return problems


def _unique(value: str | None, seen: set[str], kind: str) -> list[str]:
    if value in seen:
        return [f"{kind} id {value!r} repeats"]
    seen.add(value or "")
    return []


def _element_problems(elem: Any) -> list[str]:
    ns, _, name = elem.tag[1:].partition("}")
    where = f"line {elem.sourceline} <{name}>"
    if ns != NS20:
        return []  # extension elements are checked by their own modules
    if name not in CONTENT:
        return [f"{where}: not an XLIFF 2.0 core element"]
    problems = [f"{where} lacks {a}" for a in REQUIRED.get(name, ()) if elem.get(a) is None]
    for key, value in elem.attrib.items():
        attr = key.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")
        if attr.startswith("{"):
            if name not in FOREIGN_ATTRS_OK:
                problems.append(f"{where}: foreign attribute {attr}")
        elif name in ALLOWED and attr not in ALLOWED[name]:
            problems.append(f"{where}: attribute {attr} not allowed")
        if attr in ("id", "startRef", "dataRef") and not NMTOKEN.fullmatch(value):
            problems.append(f"{where}: id {value!r} is not an NMTOKEN")
    if name in ("note",) and elem.get("priority") is not None and elem.get("priority") not in map(str, range(1, 11)):
        problems.append(f"{where}: priority {elem.get('priority')!r} not in 1-10")
    if name == "note" and elem.get("appliesTo") not in (None, "source", "target"):
        problems.append(f"{where}: appliesTo {elem.get('appliesTo')!r}")
    if name == "cp" and not re.fullmatch(r"([0-9A-Fa-f]{2})+", elem.get("hex", "")):
        problems.append(f"{where}: hex {elem.get('hex')!r} is not hexBinary")
    problems += _content_problems(elem, name, where)
    return problems


def _content_problems(elem: Any, name: str, where: str) -> list[str]:
    """Children are allowed ones, in the allowed order, with the required counts."""
    order = CONTENT[name]
    problems: list[str] = []
    position = 0
    counts: dict[str, int] = {}
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        ns, _, child_name = child.tag[1:].partition("}")
        if ns != NS20:
            continue
        slots = [i for i, slot in enumerate(order) if child_name in slot.split("|")]
        if not slots:
            problems.append(f"{where}: <{child_name}> not allowed here")
        elif name not in ("source", "target", "pc", "mrk") and slots[0] < position:
            problems.append(f"{where}: <{child_name}> out of order")
        else:
            position = max(position, slots[0]) if name not in ("source", "target", "pc", "mrk") else position
        counts[child_name] = counts.get(child_name, 0) + 1
    needs = {"xliff": ["file"], "file": ["unit|group"], "unit": ["segment|ignorable"], "segment": ["source"],
             "ignorable": ["source"], "notes": ["note"], "originalData": ["data"]}
    for slot in needs.get(name, []):
        if not any(counts.get(n) for n in slot.split("|")):
            problems.append(f"{where}: needs a <{slot}>")
    for single in ("source", "target", "notes", "originalData", "skeleton"):
        if counts.get(single, 0) > 1 and name not in ("source", "target"):
            problems.append(f"{where}: more than one <{single}>")
    if name not in ("source", "target", "pc", "mrk", "note", "data") and (elem.text or "").strip():
        problems.append(f"{where}: text not allowed")
    return problems


def _unit_problems(unit: Any) -> list[str]:
    problems = []
    data_ids = {d.get("id") for d in unit.iter(f"{{{NS20}}}data")}
    for segment in unit.iter(f"{{{NS20}}}segment"):
        where = f"line {segment.sourceline} <segment>"
        state, sub = segment.get("state"), segment.get("subState")
        if state is not None and state not in ("initial", "translated", "reviewed", "final"):
            problems.append(f"{where}: state {state!r}")
        if sub is not None and (state is None or not re.fullmatch(r"[^\s:]+:\S+", sub)):
            problems.append(f"{where}: subState {sub!r} needs prefix:value and an explicit state")
        if state not in (None, "initial") and segment.find(f"{{{NS20}}}target") is None:
            problems.append(f"{where}: state {state!r} without a <target>")
    for elem in unit.iter():
        for attr in ("dataRef", "dataRefStart", "dataRefEnd"):
            if elem.get(attr) is not None and elem.get(attr) not in data_ids:
                problems.append(f"line {elem.sourceline}: {attr}={elem.get(attr)!r} names no <data>")
    return problems
