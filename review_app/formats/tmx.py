"""TMX 1.4b: ``<tu>`` units with one ``<tuv xml:lang>`` per language, properties and notes.

The source goes into the ``<tuv>`` of the source language, the MT or corrected text into the
target ``<tuv>``, the text in each further language (``Unit.variants``) into its own; every other
review field is a ``<prop type="x-review_app:…">`` so a round trip is lossless. Inline codes
(``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``, ``<hi>``) are kept verbatim as the unit's markup;
their native-code content is not part of the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from review_app import __version__
from review_app.errors import InputError
from review_app.formats.base import (
    PROVENANCE_PREFIX,
    TARGET_CHOICES,
    Unit,
    Variant,
    finish_unit,
    local_name,
    not_carried,
    peek,
    provenance_pairs,
)
from review_app.formats.xmlsafe import (
    XML_LANG,
    escape_attr,
    escape_text,
    fragment_text,
    inner_xml,
    iterparse,
    plain_text,
    release,
)
from review_app.formats.xmlunit import read_side, side_xml, unit_xml
from review_app.output import atomic_write

FORMAT = "tmx"
# Elements whose content is native code (or a sub-flow of it), not translatable text.
CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})
PROP_PREFIX = "x-" + PROVENANCE_PREFIX


def read_tmx(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Yield one unit per ``<tu>``; ``src_lang``/``tgt_lang`` pick the sides of a multilingual TMX.

    The source is the ``<tuv>`` in the ``<tu>``'s or header's ``srclang``, the target the
    ``<tuv>`` in ``tgt_lang`` (default: the first other one). A missing ``tuid`` becomes the
    1-based position of the ``<tu>``.
    """
    header_src: str | None = None
    index = 0
    root_seen = False
    for event, elem in iterparse(path, tags=("tmx", "header", "tu")):
        if not root_seen:
            root = elem.getroottree().getroot()
            if root.tag != "tmx":
                raise InputError(path, f"line {root.sourceline}: not a TMX file (document element <{root.tag}>)")
            root_seen = True
        if event == "start":
            continue
        if elem.tag == "header":
            header_src = elem.get("srclang")
            for child in elem:  # the memory's own properties, notes and user-defined entities
                if local_name(child.tag):
                    not_carried(f"<header> <{local_name(child.tag)}>")
        elif elem.tag == "tu":
            index += 1
            yield _unit_from_tu(path, elem, index, src_lang or header_src, tgt_lang)
            release(elem)
    if not root_seen:
        raise InputError(path, "not a TMX file (no <tmx> element)")


_TU_READ = frozenset({"tuid", "srclang"})


def _lang(path: Path, tuv: Any) -> str:
    lang: str | None = tuv.get(XML_LANG) or tuv.get("lang")  # "lang" is TMX 1.1
    if not lang:
        raise InputError(path, f"line {tuv.sourceline}: <tuv> has no xml:lang")
    return lang


def _match(tuvs: list[tuple[str, Any]], lang: str | None) -> tuple[str, Any] | None:
    """The ``<tuv>`` in ``lang``: exact (case-insensitive), else the same primary language."""
    if not lang or lang == "*all*":
        return None
    wanted = lang.lower()
    exact = [pair for pair in tuvs if pair[0].lower() == wanted]
    if exact:
        return exact[0]
    primary = wanted.split("-")[0]
    return next((pair for pair in tuvs if pair[0].lower().split("-")[0] == primary), None)


def _unit_from_tu(path: Path, tu: Any, index: int, src_lang: str | None, tgt_lang: str | None) -> Unit:
    tuvs = [(_lang(path, tuv), tuv) for tuv in tu if tuv.tag == "tuv"]
    if not tuvs:
        raise InputError(path, f"line {tu.sourceline}: <tu> has no <tuv>")
    src = tu.get("srclang") if tu.get("srclang") not in (None, "*all*") else src_lang
    source = _match(tuvs, src) if src not in (None, "*all*") else tuvs[0]
    others = [pair for pair in tuvs if pair is not source]
    target = _match(others, tgt_lang) if tgt_lang else (others[0] if others else None)
    unit = Unit(
        id=tu.get("tuid") or str(index),
        src_lang=source[0] if source else src,
        tgt_lang=target[0] if target else tgt_lang,
    )
    for lang_tuv, name in ((source, "source"), (target, "mt")):
        if lang_tuv is not None:
            read_side(path, _seg(path, lang_tuv[1]), unit, name, FORMAT, None, CODES)
    # Every further language is kept: a writer that cannot hold it refuses rather than drop it.
    for lang, tuv in (pair for pair in others if pair is not target):
        seg = _seg(path, tuv)
        try:
            text = plain_text(seg, CODES)
        except ValueError as exc:
            raise InputError(path, f"line {seg.sourceline}: {exc}") from None
        unit.variants.append(Variant(lang, text, inner_xml(seg, None) if len(seg) else None))
    # The unit's history (who made or changed it when, how often it was used), its data type: no place in a unit.
    for name in tu.attrib:
        if name not in _TU_READ:
            not_carried(f"<tu {name}>")
    pairs: list[tuple[str, str]] = []
    for holder in (tu, *(tuv for _, tuv in tuvs)):
        for child in holder:
            if child.tag == "note":
                unit.notes.append(child.text or "")
            elif child.tag == "prop":
                kind, text = child.get("type") or "", child.text or ""
                if kind.startswith(PROP_PREFIX):
                    pairs.append((kind[len(PROP_PREFIX) :], text))
                else:
                    unit.props[kind] = text
    return finish_unit(unit, pairs, path, f"line {tu.sourceline}: <tu>")


def _seg(path: Path, tuv: Any) -> Any:
    seg = next((child for child in tuv if child.tag == "seg"), None)
    if seg is None:
        raise InputError(path, f"line {tuv.sourceline}: <tuv> has no <seg>")
    return seg


def write_tmx(
    path: Path,
    units: Iterable[Unit],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    target: str = "auto",
) -> int:
    """Write TMX 1.4b incrementally; ``target`` picks the text of the target ``<tuv>`` (see ``TARGET_CHOICES``).

    ``src_lang``/``tgt_lang`` fill in languages the units do not carry; the header's
    ``srclang`` is ``src_lang`` or the first unit's.
    """
    if target not in TARGET_CHOICES:
        raise InputError(None, f"unknown target {target!r} (choose from {', '.join(TARGET_CHOICES)})")
    first, units = peek(units)
    header_src = src_lang or (first.src_lang if first is not None else None)
    if first is not None and not header_src:
        raise InputError(path, "TMX needs the source language: pass src_lang (--src-lang)")
    count = 0
    with atomic_write(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write(
            f'  <header creationtool="review_app" creationtoolversion="{__version__}" datatype="plaintext" '
            f'segtype="sentence" adminlang="en" srclang="{escape_attr(header_src or "*all*")}" o-tmf="review_app"/>\n'
        )
        out.write("  <body>\n")
        for unit in units:
            out.write(unit_xml(path, unit, _tu_xml, header_src or "", tgt_lang, target))
            count += 1
        out.write("  </body>\n</tmx>\n")
    return count


def _tu_xml(path: Path, unit: Unit, header_src: str, tgt_lang: str | None, target: str) -> str:
    src = unit.src_lang or header_src
    tgt = unit.tgt_lang or tgt_lang
    field = unit.target_field(target)
    has_target = getattr(unit, field) is not None
    if has_target and not tgt:
        raise InputError(path, f"unit {unit.id!r}: no target language; pass tgt_lang (convert --lang)")
    srclang = f' srclang="{escape_attr(src)}"' if src != header_src else ""
    lines = [f'    <tu tuid="{escape_attr(unit.id)}"{srclang}>']
    # The <tuv>s hold the languages; without a target <tuv> the target language needs a prop.
    skip = ("src_lang", "tgt_lang") if has_target else ("src_lang",)
    for key, value in provenance_pairs(unit, field, skip=skip):
        lines.append(f'      <prop type="{PROP_PREFIX}{escape_attr(key)}">{escape_text(value)}</prop>')
    for kind, value in unit.props.items():
        lines.append(f'      <prop type="{escape_attr(kind)}">{escape_text(value)}</prop>')
    for note in unit.notes:
        lines.append(f"      <note>{escape_text(note)}</note>")
    numbers: dict[str, int] = {}  # one number per inline code id, shared by both sides
    source = side_xml(unit, "source", FORMAT, None, CODES, numbers=numbers)
    lines.append(f'      <tuv xml:lang="{escape_attr(src)}"><seg>{source}</seg></tuv>')
    if has_target:
        seg = side_xml(unit, field, FORMAT, None, CODES, numbers=numbers)
        lines.append(f'      <tuv xml:lang="{escape_attr(tgt or "")}"><seg>{seg}</seg></tuv>')
    for variant in unit.variants:
        keep = variant.markup is not None and fragment_text(variant.markup, None, CODES) == variant.text
        seg = variant.markup if keep and variant.markup is not None else escape_text(variant.text)
        lines.append(f'      <tuv xml:lang="{escape_attr(variant.lang)}"><seg>{seg}</seg></tuv>')
    lines.append("    </tu>\n")
    return "\n".join(lines)
