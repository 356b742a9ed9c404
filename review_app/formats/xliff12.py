"""XLIFF 1.2: ``<trans-unit>`` with ``<source>``, ``<target state state-qualifier>`` and ``<note>``.

Review fields without a native place are notes ``<note from="review_app:KEY">``; properties
are ``<note from="review_app:prop:NAME">``. Inline elements (``<g>``, ``<x/>``, ``<bx/>``,
``<ex/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<mrk>``) are kept verbatim as markup.
A new ``<file>`` starts whenever the language pair changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.base import PROVENANCE_PREFIX, Unit, finish_unit, local_name, not_carried, provenance_pairs
from review_app.formats.xmlsafe import (
    escape_attr,
    escape_text,
    iterparse,
    release,
)
from review_app.formats.xmlunit import read_side, side_xml, unit_xml
from review_app.output import atomic_write

FORMAT = "xliff12"
NS = "urn:oasis:names:tc:xliff:document:1.2"
# XLIFF 1.0/1.1 documents read the same way.
NAMESPACES = frozenset({NS, "urn:oasis:names:tc:xliff:document:1.1", None})
CODES = frozenset({"bpt", "ept", "ph", "it", "x", "bx", "ex", "sub"})
STATES = frozenset({
    "new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
    "needs-review-adaptation", "needs-review-l10n", "signed-off", "translated", "final",
})
STATE_QUALIFIERS = frozenset({
    "exact-match", "fuzzy-match", "id-match", "leveraged-glossary", "leveraged-inherited", "leveraged-mt",
    "leveraged-repository", "leveraged-tm", "mt-suggestion", "rejected-grammar", "rejected-inaccurate",
    "rejected-length", "rejected-spelling", "tm-suggestion",
})


def native(value: str | None, allowed: frozenset[str]) -> bool:
    """Whether ``value`` is one of the spec's values or a user-defined ``x-`` value."""
    return value is not None and (value in allowed or re.fullmatch(r"x-\S+", value) is not None)


def note_pairs(unit: Unit, field: str, skip: Iterable[str]) -> list[tuple[str, str]]:
    """(category, text) of every review_app note for ``unit`` (provenance, then properties)."""
    pairs = [(PROVENANCE_PREFIX + key, value) for key, value in provenance_pairs(unit, field, skip=skip)]
    pairs += [(f"{PROVENANCE_PREFIX}prop:{name}", value) for name, value in unit.props.items()]
    return pairs


def take_note(unit: Unit, category: str | None, text: str, pairs: list[tuple[str, str]]) -> None:
    """File one note read back: review_app notes into ``pairs`` or ``props``, others into ``notes``."""
    if category and category.startswith(PROVENANCE_PREFIX):
        key = category[len(PROVENANCE_PREFIX) :]
        if key.startswith("prop:"):
            unit.props[key[5:]] = text
        else:
            pairs.append((key, text))
    else:
        if category:  # a unit's notes are plain texts: who wrote one (XLIFF 1.2 from, 2.0 category) is not kept
            not_carried("<note> author or category")
        unit.notes.append(text)


def read_xliff12(
    path: Path, ns: str | None, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> Iterator[Unit]:
    """Yield one unit per ``<trans-unit>`` (at any ``<group>`` depth); the target goes into ``mt``."""

    def q(name: str) -> str:
        return f"{{{ns}}}{name}" if ns else name

    file_src = file_tgt = None
    index = 0
    tags = (q("file"), q("header"), q("trans-unit"), q("bin-unit"))
    for event, elem in iterparse(path, tags=tags):
        if event == "start":
            if elem.tag == q("file"):
                file_src, file_tgt = elem.get("source-language"), elem.get("target-language")
            continue
        if elem.tag == q("trans-unit"):
            index += 1
            yield _unit(path, elem, q, index, file_src or src_lang, file_tgt or tgt_lang)
            release(elem)
        elif elem.tag == q("header"):
            for child in elem:
                if local_name(child.tag):
                    not_carried(f"<header> <{local_name(child.tag)}>")
        elif elem.tag == q("bin-unit"):
            not_carried("<bin-unit>")
            release(elem)


def _unit(path: Path, tu: Any, q: Any, index: int, src: str | None, tgt: str | None) -> Unit:
    source = next((child for child in tu if child.tag == q("source")), None)
    if source is None:
        raise InputError(path, f"line {tu.sourceline}: <trans-unit> has no <source>")
    unit = Unit(id=tu.get("id") or str(index), src_lang=src, tgt_lang=tgt)
    read_side(path, source, unit, "source", FORMAT, NS, CODES)
    target = next((child for child in tu if child.tag == q("target")), None)
    if target is not None:
        read_side(path, target, unit, "mt", FORMAT, NS, CODES)
        unit.status, unit.state_qualifier = target.get("state"), target.get("state-qualifier")
    pairs: list[tuple[str, str]] = []
    for note in (child for child in tu if child.tag == q("note")):
        take_note(unit, note.get("from"), note.text or "", pairs)
    for child in tu:  # matches, context, counts, a segmented source …: no place in a unit
        if child.tag not in (q("source"), q("target"), q("note")) and local_name(child.tag):
            not_carried(f"<{local_name(child.tag)}>")
    return finish_unit(unit, pairs, path, f"line {tu.sourceline}: <trans-unit>")


def write_xliff12(
    path: Path,
    units: Iterable[Unit],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    target: str = "auto",
) -> int:
    """Write XLIFF 1.2 incrementally; ``target`` picks the text of ``<target>``."""
    count = 0
    with atomic_write(path) as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS}">\n')
        current: tuple[str, str | None] | None = None
        for unit in units:
            src = unit.src_lang or src_lang
            if src is None:
                raise InputError(path, f"unit {unit.id!r}: no source language; pass src_lang (--src-lang)")
            pair = (src, unit.tgt_lang or tgt_lang)
            if pair != current:
                if current is not None:
                    out.write("    </body>\n  </file>\n")
                out.write(_file_head(*pair))
                current = pair
            out.write(unit_xml(path, unit, _trans_unit, target))
            count += 1
        if current is None:  # XLIFF 1.2 needs at least one <file>
            out.write(_file_head(src_lang or "und", tgt_lang))
        out.write("    </body>\n  </file>\n</xliff>\n")
    return count


def _file_head(src: str, tgt: str | None) -> str:
    tgt_attr = f' target-language="{escape_attr(tgt)}"' if tgt else ""
    return (
        f'  <file original="review_app" source-language="{escape_attr(src)}"{tgt_attr} datatype="plaintext">\n'
        "    <body>\n"
    )


def _trans_unit(path: Path, unit: Unit, target: str) -> str:
    field = unit.target_field(target)
    text = getattr(unit, field)
    state_ok = text is not None and native(unit.status, STATES)
    qualifier_ok = text is not None and native(unit.state_qualifier, STATE_QUALIFIERS)
    skip = [name for name, ok in (("status", state_ok), ("state_qualifier", qualifier_ok)) if ok]
    skip += ["src_lang", "tgt_lang"]  # the <file> holds them
    lines = [f'      <trans-unit id="{escape_attr(unit.id)}">']
    numbers: dict[str, int] = {}  # one number per inline code id, shared by both sides
    lines.append(f"        <source>{side_xml(unit, 'source', FORMAT, NS, CODES, numbers=numbers)}</source>")
    if text is not None:
        attrs = (f' state="{escape_attr(unit.status or "")}"' if state_ok else "") + (
            f' state-qualifier="{escape_attr(unit.state_qualifier or "")}"' if qualifier_ok else ""
        )
        lines.append(f"        <target{attrs}>{side_xml(unit, field, FORMAT, NS, CODES, numbers=numbers)}</target>")
    for category, value in note_pairs(unit, field, skip):
        lines.append(f'        <note from="{escape_attr(category)}">{escape_text(value)}</note>')
    for note in unit.notes:
        lines.append(f"        <note>{escape_text(note)}</note>")
    lines.append("      </trans-unit>\n")
    return "\n".join(lines)
