"""Inline tags carried between TMX 1.4b, XLIFF 1.2 and XLIFF 2.0 (and JSONL/TSV), never dropped silently.

The fixtures in ``data/inline/`` hold the same three units written from each spec: paired codes
with native markup, a standalone code, a pair around text without native code, an isolated
code, and nested pairs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.formats import Unit, read_units, write_units
from review_app.formats.inline import (
    InlineCode,
    check_placeholders,
    placeholder_text,
)

DATA = Path(__file__).parent / "data" / "inline"
FIXTURES = ("same.tmx", "same12.xlf", "same20.xlf")
TARGETS = {"tmx": ("out.tmx", {}), "xliff12": ("out.xlf", {"xliff_version": "1.2"}),
           "xliff20": ("out.xlf", {"xliff_version": "2.0"}), "jsonl": ("out.jsonl", {}), "tsv": ("out.tsv", {})}


def shape(codes: list[InlineCode]) -> list[tuple[str, int, str | None, bool, int]]:
    """Codes with ids replaced by their order of appearance (formats number them differently)."""
    order: dict[str, int] = {}
    return [(c.kind, c.pos, c.native, c.isolated, order.setdefault(c.id, len(order))) for c in codes]


def summary(units: list[Unit]) -> list[tuple[object, ...]]:
    return [(u.source, u.mt, shape(u.inline.get("source", [])), shape(u.inline.get("mt", []))) for u in units]


def test_the_three_readers_agree() -> None:
    first, *others = [summary(list(read_units(DATA / name))) for name in FIXTURES]
    assert all(other == first for other in others)
    # Nothing glued, nothing lost: the line break is a standalone code between "now" and "or".
    source = next(iter(read_units(DATA / "same.tmx")))
    assert placeholder_text(source.source or "", source.inline["source"]) == "Press ⟦1⟧Save⟦/1⟧ now⟦2/⟧or ⟦3⟧later⟦/3⟧."


@pytest.mark.parametrize("fixture", FIXTURES)
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_tags_survive_every_conversion(fixture: str, target: str, tmp_path: Path) -> None:
    units = list(read_units(DATA / fixture))
    name, options = TARGETS[target]
    out = tmp_path / name
    write_units(out, units, **options)
    back = list(read_units(out))
    assert summary(back) == summary(units)


def test_a_chain_of_conversions_comes_back_to_the_same_tags(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    steps = [DATA / "same.tmx", tmp_path / "a.xlf", tmp_path / "b.jsonl", tmp_path / "c.xlf", tmp_path / "d.tmx"]
    extra = {2: [], 3: ["--xliff-version", "1.2"], 4: []}
    for index in range(1, len(steps)):
        argv = ["convert", str(steps[index - 1]), str(steps[index]), *extra.get(index, [])]
        assert main(argv) == 0, capsys.readouterr().err
    assert summary(list(read_units(steps[-1]))) == summary(list(read_units(steps[0])))


def test_xliff20_written_from_other_formats_is_valid(tmp_path: Path) -> None:
    import xmlschema

    schema_file = Path(__file__).parent / "data" / "xliff_core_2.0.xsd"
    xml_xsd = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"
    schema = xmlschema.XMLSchema(str(schema_file), locations={"http://www.w3.org/XML/1998/namespace": str(xml_xsd)})
    for fixture in ("same.tmx", "same12.xlf"):
        out = tmp_path / f"{fixture}.xlf"
        write_units(out, read_units(DATA / fixture))
        schema.validate(str(out))


@pytest.mark.parametrize("target", ["out.txt", "out.mqm.tsv"])
def test_formats_without_tags_refuse_instead_of_dropping(target: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / target
    extra = ["--to", "mqm"] if target.endswith(".mqm.tsv") else []
    assert main(["convert", str(DATA / "same20.xlf"), str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "inline tags" in err and "--drop-inline" in err
    assert not out.exists()
    if not extra:
        assert main(["convert", str(DATA / "same20.xlf"), str(out), "--drop-inline"]) == 0
        assert out.read_text(encoding="utf-8").splitlines()[0] == "Drücken Sie Speichern jetztoder später."


def test_neutral_codes_from_jsonl_are_written_as_tags(tmp_path: Path) -> None:
    unit = Unit(id="1", source="Hello world", mt="Hallo Welt", src_lang="en", tgt_lang="de",
                inline={"source": [InlineCode("open", "b", 6, "<b>"), InlineCode("close", "b", 11, "</b>")],
                        "mt": [InlineCode("open", "b", 6, "<b>"), InlineCode("close", "b", 10, "</b>")]})
    out = tmp_path / "out.tmx"
    write_units(out, [unit])
    assert '<seg>Hello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept></seg>' in out.read_text("utf-8")
    unit.inline["mt"] = [InlineCode("standalone", "x", 99)]
    with pytest.raises(Exception, match="beyond the end"):
        write_units(tmp_path / "bad.tmx", [unit])
    assert not (tmp_path / "bad.tmx").exists()


@pytest.mark.parametrize(
    ("edited", "problem"),
    [
        ("Drücken Sie ⟦1⟧Sichern⟦/1⟧ jetzt⟦2/⟧oder ⟦3⟧später⟦/3⟧.", None),
        ("⟦2/⟧Jetzt ⟦1⟧Speichern⟦/1⟧ drücken, oder ⟦3⟧später⟦/3⟧.", None),
        ("Drücken Sie Speichern⟦/1⟧ jetzt⟦2/⟧oder ⟦3⟧später⟦/3⟧.", "removes ⟦1⟧"),
        ("Drücken Sie ⟦1⟧Speichern⟦/1⟧ jetzt⟦2/⟧⟦2/⟧oder ⟦3⟧später⟦/3⟧.", "adds ⟦2/⟧"),
        ("Drücken Sie ⟦/1⟧Speichern⟦1⟧ jetzt⟦2/⟧oder ⟦3⟧später⟦/3⟧.", "before ⟦1⟧"),
        ("Drücken Sie Speichern jetzt oder später.", "removes"),
    ],
)
def test_placeholders_are_protected_from_edits(edited: str, problem: str | None) -> None:
    unit = next(iter(read_units(DATA / "same.tmx")))
    original = placeholder_text(unit.mt or "", unit.inline["mt"])
    assert original == "Drücken Sie ⟦1⟧Speichern⟦/1⟧ jetzt⟦2/⟧oder ⟦3⟧später⟦/3⟧."
    if problem is None:
        check_placeholders(original, edited)
    else:
        with pytest.raises(ValueError, match=problem):
            check_placeholders(original, edited)
    check_placeholders("plain text", "any other text")  # no placeholders, nothing to protect


def test_fixtures_are_the_specs_elements() -> None:
    """Each fixture uses its own format's inline elements (so the agreement above means something)."""
    texts = {name: (DATA / name).read_text(encoding="utf-8") for name in FIXTURES}
    assert all(tag in texts["same.tmx"] for tag in ("<bpt ", "<ept ", "<ph ", "<it ", "<hi "))
    assert all(tag in texts["same12.xlf"] for tag in ("<bpt ", "<ept ", "<ph ", "<it ", "<g "))
    assert all(tag in texts["same20.xlf"] for tag in ("<pc ", "<sc ", "<ec ", "<ph ", "<originalData>"))
    assert os.path.getsize(DATA / "same20.xlf") > 0


def test_the_store_refuses_edits_that_break_placeholders(tmp_path: Path) -> None:
    from review_app.review.importer import import_document
    from review_app.store import Store, StoreError
    from tests.people import OP, person

    unit = next(iter(read_units(DATA / "same.tmx")))
    mt = placeholder_text(unit.mt or "", unit.inline["mt"])
    store = Store(str(tmp_path / "r.db"))
    project = store.create_project("P", "en", "de", actor=OP)
    document = import_document(store, project.id, name="d", mt_text=mt + "\n", ref_text="Drücken Sie jetzt.\n",
                               segmented=True, actor=OP)
    segment_id = store.segment_page(document.id).rows[0].id
    ann = person(store, "ann")
    with pytest.raises(StoreError, match="removes ⟦1⟧, ⟦/1⟧"):
        store.edit_corrected(segment_id, "Drücken Sie Speichern jetzt⟦2/⟧oder ⟦3⟧später⟦/3⟧.", actor=ann)
    kept = "Drücken Sie jetzt ⟦1⟧Sichern⟦/1⟧⟦2/⟧oder ⟦3⟧später⟦/3⟧."
    assert store.edit_corrected(segment_id, kept, actor=ann).message == "saved the corrected text"
    assert store.edit_corrected(segment_id, "", actor=ann).message == "saved the corrected text"  # deleting is fine
    store.close()
