"""XLIFF 2.0: ``<unit>`` with ``<notes>`` and a ``<segment state subState>`` of source and target.

Review fields without a native place are ``<note category="review_app:KEY">``. A unit id
that is not an NMTOKEN (or repeats one) is replaced by a generated one and kept in a note.
Characters XML cannot hold are written as ``<cp hex="…"/>``. Inline elements (``<ph/>``,
``<pc>``, ``<sc/>``, ``<ec/>``, ``<mrk>``, ``<sm/>``, ``<em/>``, ``<cp/>``) and the unit's
``<originalData>`` are kept verbatim as markup. A ``<unit>`` with several segments gives one
unit per segment (ids ``UNIT_SEGMENT``); ``<ignorable>`` content is not translatable and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.base import PROVENANCE_PREFIX, Unit, finish_unit, local_name, not_carried, peek
from review_app.formats.inline_xml import original_data_xml
from review_app.formats.xliff12 import note_pairs, take_note
from review_app.formats.xmlsafe import (
    escape_attr,
    escape_text,
    inner_xml,
    iterparse,
    plain_text,
    release,
)
from review_app.formats.xmlunit import read_side, side_xml, unit_xml
from review_app.output import atomic_write

FORMAT = "xliff20"
NS = "urn:oasis:names:tc:xliff:document:2.0"
CODES = frozenset({"ph", "sc", "ec", "sm", "em"})
STATES = frozenset({"initial", "translated", "reviewed", "final"})
# Conservative NMTOKEN (ASCII only); anything else gets a generated id.
NMTOKEN = re.compile(r"[A-Za-z0-9._:\-]+")
SUBSTATE = re.compile(r"[^\s:]+:[^\s]+")


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


_XLIFF, _UNIT, _NOTES, _NOTE, _ORIGINAL, _SEGMENT, _SOURCE, _TARGET, _SKELETON = map(
    _q, ("xliff", "unit", "notes", "note", "originalData", "segment", "source", "target", "skeleton")
)


def read_xliff20(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Yield one unit per ``<segment>`` of each ``<unit>`` (at any ``<group>`` depth)."""
    src, tgt = src_lang, tgt_lang
    index = 0
    for event, elem in iterparse(path, tags=(_XLIFF, _UNIT, _NOTES, _SKELETON)):
        if event == "start":
            if elem.tag == _XLIFF:
                src, tgt = elem.get("srcLang") or src_lang, elem.get("trgLang") or tgt_lang
            continue
        if elem.tag == _UNIT:
            index += 1
            yield from _units(path, elem, index, src, tgt)
            release(elem)
        elif elem.tag == _SKELETON:
            not_carried("<skeleton>")
        elif elem.tag == _NOTES and elem.getparent() is not None and elem.getparent().tag != _UNIT:
            not_carried(f"<{local_name(elem.getparent().tag)}> <note>", len(elem))  # a file's or group's notes


def _units(path: Path, unit_el: Any, index: int, src: str | None, tgt: str | None) -> Iterator[Unit]:
    uid = unit_el.get("id") or str(index)
    notes = [note for holder in unit_el if holder.tag == _NOTES for note in holder if note.tag == _NOTE]
    original = next((child for child in unit_el if child.tag == _ORIGINAL), None)
    segments = [child for child in unit_el if child.tag == _SEGMENT]
    for child in unit_el:  # matches, glossary, resource data, change tracks, ignorables: no place in a unit
        if child.tag not in (_NOTES, _ORIGINAL, _SEGMENT) and local_name(child.tag):
            not_carried(f"<{local_name(child.tag)}>")
    data = {str(d.get("id")): plain_text(d, frozenset()) for d in original} if original is not None else {}
    for number, segment in enumerate(segments, start=1):
        seg_id = uid if len(segments) == 1 else f"{uid}_{segment.get('id') or number}"
        unit = Unit(id=seg_id, src_lang=src, tgt_lang=tgt)
        source = next((child for child in segment if child.tag == _SOURCE), None)
        if source is None:
            raise InputError(path, f"line {segment.sourceline}: <segment> has no <source>")
        read_side(path, source, unit, "source", FORMAT, NS, CODES, data)
        target = next((child for child in segment if child.tag == _TARGET), None)
        if target is not None:
            read_side(path, target, unit, "mt", FORMAT, NS, CODES, data)
        unit.status, unit.state_qualifier = segment.get("state"), segment.get("subState")
        pairs: list[tuple[str, str]] = []
        for note in notes:
            take_note(unit, note.get("category"), note.text or "", pairs)
        finish_unit(unit, pairs, path, f"line {unit_el.sourceline}: <unit>")
        if unit.markup and original is not None:
            unit.markup["originalData"] = inner_xml(original, NS)
        yield unit


def write_xliff20(
    path: Path,
    units: Iterable[Unit],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    target: str = "auto",
) -> int:
    """Write XLIFF 2.0 incrementally (one ``<file>``); ``target`` picks the text of ``<target>``.

    ``srcLang``/``trgLang`` are ``src_lang``/``tgt_lang`` or the first unit's languages; a unit in
    other languages keeps its own in notes.
    """
    first, units = peek(units)
    src = src_lang or (first.src_lang if first is not None else None)
    tgt = tgt_lang or (first.tgt_lang if first is not None else None)
    if first is not None and not src:
        raise InputError(path, "XLIFF needs the source language: pass src_lang (--src-lang)")
    used: set[str] = set()
    count = 0
    with atomic_write(path) as out:
        trg_attr = f' trgLang="{escape_attr(tgt)}"' if tgt else ""
        out.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NS}" version="2.0" '
            f'srcLang="{escape_attr(src or "und")}"{trg_attr}>\n  <file id="f1">\n'
        )
        for unit in units:
            out.write(unit_xml(path, unit, _unit_xml, target, src or "", tgt, used, count))
            count += 1
        if count == 0:  # a <file> needs a unit or a group; an empty group keeps an empty corpus valid
            out.write('    <group id="empty"/>\n')
        out.write("  </file>\n</xliff>\n")
    return count


def _unit_xml(path: Path, unit: Unit, target: str, src: str, tgt: str | None, used: set[str], index: int) -> str:
    field = unit.target_field(target)
    text = getattr(unit, field)
    if text is not None and not tgt:
        raise InputError(path, f"unit {unit.id!r}: no target language; pass tgt_lang (convert --lang)")
    # The spec: a state other than "initial" needs a target; subState needs an explicit state.
    state_ok = unit.status in STATES and (text is not None or unit.status == "initial")
    sub_ok = state_ok and unit.state_qualifier is not None and SUBSTATE.fullmatch(unit.state_qualifier) is not None
    skip = [name for name, ok in (("status", state_ok), ("state_qualifier", sub_ok)) if ok]
    skip += [name for name, lang in (("src_lang", src), ("tgt_lang", tgt)) if getattr(unit, name) in (None, lang)]
    uid = unit.id
    extra: list[tuple[str, str]] = []
    if not NMTOKEN.fullmatch(uid) or uid in used:
        uid = f"u{index + 1}"
        while uid in used:
            uid += "_"
        extra.append((PROVENANCE_PREFIX + "id", unit.id))
    used.add(uid)
    lines = [f'    <unit id="{uid}">']
    notes = [(f' category="{escape_attr(c)}"', v) for c, v in extra + note_pairs(unit, field, skip)]
    notes += [("", note) for note in unit.notes]
    if notes:
        lines.append("      <notes>")
        lines += [f"        <note{category}>{escape_text(value)}</note>" for category, value in notes]
        lines.append("      </notes>")
    # Sides written from neutral inline codes collect their native codes for <originalData>.
    numbers: dict[str, int] = {}
    data: dict[str, str] = {}
    source = side_xml(unit, "source", FORMAT, NS, CODES, cp=True, numbers=numbers, data=data)
    target_xml = side_xml(unit, field, FORMAT, NS, CODES, cp=True, numbers=numbers, data=data) if text is not None \
        else None
    original = unit.markup.get("originalData") if unit.markup_format == FORMAT and not data else None
    if original:
        lines.append(f"      <originalData>{original}</originalData>")
    elif data:
        lines.append(f"      <originalData>{original_data_xml(data)}</originalData>")
    attrs = (f' state="{unit.status}"' if state_ok else "") + (
        f' subState="{escape_attr(unit.state_qualifier or "")}"' if sub_ok else ""
    )
    lines.append(f"      <segment{attrs}>")
    lines.append(f"        <source>{source}</source>")
    if target_xml is not None:
        lines.append(f"        <target>{target_xml}</target>")
    lines.append("      </segment>\n    </unit>\n")
    return "\n".join(lines)
