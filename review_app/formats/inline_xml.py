"""Inline codes read from and written to TMX 1.4b, XLIFF 1.2 and XLIFF 2.0 element content.

:func:`read_codes` walks a ``<seg>``/``<source>``/``<target>`` the way ``xmlsafe.plain_text``
does and records each inline element as :class:`InlineCode` at its offset in the plain text.
:func:`render` writes a text with codes as element content of any of the three formats:

====================  ==================  =======================  ======================
neutral               TMX 1.4b            XLIFF 1.2                XLIFF 2.0
====================  ==================  =======================  ======================
open + close          ``<bpt>/<ept>``     ``<bpt>/<ept>``,         ``<sc/>/<ec/>``
                      (``<hi>`` read)     ``<bx/>/<ex/>`` (``<g>``)  (``<pc>`` read)
isolated open/close   ``<it pos>``        ``<it pos>``             ``isolated="yes"``
standalone            ``<ph>`` (``<ut>``)  ``<ph>``, ``<x/>``       ``<ph/>``
annotation marker     ``<bpt type>``      ``<mrk>`` read           ``<sm/>/<em/>``
native code           element content     element content          ``<originalData>``
====================  ==================  =======================  ======================
"""

from __future__ import annotations

import re
from typing import Any

from review_app.formats.inline import InlineCode, numbered
from review_app.formats.xmlsafe import escape_attr, escape_text, fragment_root, plain_text, split_tag

# Local names whose content is native code, not text (per format).
_NATIVE_CONTENT = {
    "tmx": frozenset({"bpt", "ept", "ph", "it", "ut"}),
    "xliff12": frozenset({"bpt", "ept", "ph", "it"}),
    "xliff20": frozenset(),
}
# Spec values of XLIFF 1.2 ``ctype`` (others are written as ``x-…``).
_CTYPES = frozenset({"bold", "italic", "underlined", "link", "lb", "pb", "image", "x-mrk"})
_TOKEN = re.compile(r"[^A-Za-z0-9._-]")


class _Walker:
    """State of one walk: the plain text length so far and the codes found."""

    def __init__(self, fmt: str, data: dict[str, str] | None) -> None:
        self.fmt = fmt
        self.data = data or {}
        self.pos = 0
        self.codes: list[InlineCode] = []
        self.generated = 0

    def add(self, kind: str, code_id: str | None, native: str | None = None, type_: str | None = None,
            isolated: bool = False) -> None:
        if code_id is None:
            self.generated += 1
            code_id = f"auto{self.generated}"
        self.codes.append(InlineCode(kind, code_id, self.pos, native, type_, isolated))

    def text(self, value: str | None) -> None:
        self.pos += len(value or "")

    def walk(self, elem: Any) -> None:
        self.text(elem.text)
        for child in elem:
            if isinstance(child.tag, str):
                self.element(child, split_tag(child.tag)[1])
            self.text(child.tail)

    def element(self, el: Any, name: str) -> None:
        # An empty native element (<bpt i="1"/>) records no native code, like a pair without one.
        native = ("".join(el.itertext()) or None) if name in _NATIVE_CONTENT[self.fmt] else None
        get = el.get
        if name == "cp":
            self.pos += 1
        elif self.fmt == "tmx":
            if name == "bpt":
                self.add("open", get("i") or get("x"), native, get("type"))
            elif name == "ept":
                self.add("close", get("i"), native)
            elif name in ("ph", "ut"):
                self.add("standalone", get("x"), native, get("type"))
            elif name == "it":
                self.add("open" if get("pos") == "begin" else "close", get("x"), native, get("type"), True)
            elif name == "hi":
                self._pair(el, None, get("type"))
        elif self.fmt == "xliff12":
            if name in ("bpt", "bx"):
                self.add("open", get("rid") or get("id"), native, get("ctype"))
            elif name in ("ept", "ex"):
                self.add("close", get("rid") or get("id"), native)
            elif name in ("ph", "x"):
                self.add("standalone", get("id"), native, get("ctype"))
            elif name == "it":
                self.add("open" if get("pos") == "open" else "close", get("rid") or get("id"), native,
                         get("ctype"), True)
            elif name == "g":
                self._pair(el, get("id"), get("ctype"))
            elif name == "mrk":
                self._pair(el, get("mid"), "mrk:" + (get("mtype") or "x-mrk"))
        else:
            self._xliff20(el, name)

    def _xliff20(self, el: Any, name: str) -> None:
        get = el.get
        isolated = get("isolated") == "yes"
        if name == "ph":
            self.add("standalone", get("id"), self.data.get(get("dataRef") or ""), get("type"))
        elif name == "sc":
            self.add("open", get("id"), self.data.get(get("dataRef") or ""), get("type"), isolated)
        elif name == "ec":
            self.add("close", get("startRef") or get("id"), self.data.get(get("dataRef") or ""), None, isolated)
        elif name == "sm":
            self.add("open", get("id"), None, "mrk:" + (get("type") or "generic"))
        elif name == "em":
            self.add("close", get("startRef"), None, None)
        elif name == "pc":
            self._pair(el, get("id"), get("type"), self.data.get(get("dataRefStart") or ""),
                       self.data.get(get("dataRefEnd") or ""))
        elif name == "mrk":
            self._pair(el, get("id"), "mrk:" + (get("type") or "generic"))

    def _pair(self, el: Any, code_id: str | None, type_: str | None, start: str | None = None,
              end: str | None = None) -> None:
        if code_id is None:
            self.generated += 1
            code_id = f"auto{self.generated}"
        self.add("open", code_id, start, type_)
        self.walk(el)
        self.add("close", code_id, end)


def read_codes(elem: Any, fmt: str, data: dict[str, str] | None = None) -> list[InlineCode]:
    """The inline codes of ``elem`` (``<seg>``, ``<source>``, ``<target>``) at offsets of its plain text.

    ``data`` is the XLIFF 2.0 unit's ``<originalData>`` (id → native code).
    """
    walker = _Walker(fmt, data)
    walker.walk(elem)
    return walker.codes


def render(text: str, codes: list[InlineCode], fmt: str, numbers: dict[str, int] | None = None, *,
           cp: bool = False, data: dict[str, str] | None = None) -> str:
    """``text`` with ``codes`` as element content in ``fmt`` (``tmx``, ``xliff12``, ``xliff20``).

    ``numbers`` maps code ids to the numbers written (shared by a unit's source and target so that
    corresponding codes keep one id); ``data`` collects XLIFF 2.0 ``<originalData>`` (native → id).
    """
    numbers = numbers if numbers is not None else numbered(codes)
    for code in codes:
        numbers.setdefault(code.id, len(numbers) + 1)
    paired = _paired(codes)
    parts: list[str] = []
    last = 0
    for _index, code in sorted(enumerate(codes), key=lambda pair: (pair[1].pos, pair[0])):
        parts.append(escape_text(text[last : code.pos], cp=cp))
        parts.append(_code_xml(code, numbers[code.id], fmt, code.id in paired, data))
        last = code.pos
    parts.append(escape_text(text[last:], cp=cp))
    return "".join(parts)


def _paired(codes: list[InlineCode]) -> set[str]:
    """Ids whose open code comes before a close code in this text (the others are written isolated)."""
    opened: set[str] = set()
    paired: set[str] = set()
    for code in codes:
        if code.isolated:
            continue
        if code.kind == "open":
            opened.add(code.id)
        elif code.kind == "close" and code.id in opened:
            paired.add(code.id)
    return paired


def _code_xml(code: InlineCode, n: int, fmt: str, paired: bool, data: dict[str, str] | None) -> str:
    native = escape_text(code.native or "")
    kind = code.kind
    if fmt == "tmx":
        type_attr = f' type="{escape_attr(code.type)}"' if code.type else ""
        if kind == "standalone":
            return f'<ph x="{n}"{type_attr}>{native}</ph>'
        if not paired:
            return f'<it pos="{"begin" if kind == "open" else "end"}" x="{n}"{type_attr}>{native}</it>'
        return f'<bpt i="{n}"{type_attr}>{native}</bpt>' if kind == "open" else f'<ept i="{n}">{native}</ept>'
    if fmt == "xliff12":
        ctype = _ctype(code.type)
        if kind == "standalone":
            return f'<ph id="{n}"{ctype}>{native}</ph>' if code.native is not None else f'<x id="{n}"{ctype}/>'
        if not paired:
            return f'<it id="{n}" pos="{"open" if kind == "open" else "close"}"{ctype}>{native}</it>'
        tag = ("bpt" if kind == "open" else "ept") if code.native is not None else ("bx" if kind == "open" else "ex")
        close_ctype = ctype if kind == "open" else ""
        if code.native is not None:
            return f'<{tag} id="{n}" rid="{n}"{close_ctype}>{native}</{tag}>'
        return f'<{tag} id="{n}" rid="{n}"{close_ctype}/>'
    return _xliff20_code(code, n, paired, data)


def _ctype(value: str | None) -> str:
    if not value:
        return ""
    if value in _CTYPES or value.startswith("x-"):
        return f' ctype="{escape_attr(value)}"'
    return f' ctype="x-{escape_attr(_TOKEN.sub("-", value))}"'


def _xliff20_code(code: InlineCode, n: int, paired: bool, data: dict[str, str] | None) -> str:
    ref = ""
    if code.native is not None and data is not None:
        data_id = data.setdefault(code.native, f"d{len(data) + 1}")
        ref = f' dataRef="{data_id}"'
    kind = code.kind
    if code.type and code.type.startswith("mrk:") and paired:
        if kind == "open":
            return f'<sm id="m{n}"/>'
        return f'<em startRef="m{n}"/>'
    type_attr = f' type="{code.type}"' if code.type in ("fmt", "ui", "quote", "link", "image", "other") else ""
    if kind == "standalone":
        return f'<ph id="{n}"{ref}{type_attr}/>'
    if not paired:
        if kind == "open":
            return f'<sc id="{n}" isolated="yes"{ref}{type_attr}/>'
        return f'<ec id="{n}" isolated="yes"{ref}/>'
    if kind == "open":
        return f'<sc id="{n}"{ref}{type_attr}/>'
    return f'<ec startRef="{n}"{ref}/>'


def original_data_xml(data: dict[str, str]) -> str:
    """``<data>`` elements for the natives collected by :func:`render` (XLIFF 2.0 ``<originalData>``)."""
    return "".join(f'<data id="{data_id}">{escape_text(native)}</data>' for native, data_id in data.items())


# Namespace and native-code elements of each format's content, to re-read kept markup.
FORMAT_NS: dict[str, str | None] = {
    "tmx": None,
    "xliff12": "urn:oasis:names:tc:xliff:document:1.2",
    "xliff20": "urn:oasis:names:tc:xliff:document:2.0",
}
_SKIP: dict[str, frozenset[str]] = {
    "tmx": frozenset({"bpt", "ept", "ph", "it", "ut", "sub"}),
    "xliff12": frozenset({"bpt", "ept", "ph", "it", "x", "bx", "ex", "sub"}),
    "xliff20": frozenset({"ph", "sc", "ec", "sm", "em"}),
}


def unit_codes(unit: Any, name: str) -> list[InlineCode]:
    """The inline codes of field ``name``: kept neutrally, else re-read from the field's kept markup.

    When the field still has the markup it was read with, that markup tells whether the text is
    unchanged; a text edited since (its codes would sit at stale offsets) gives no codes, as the
    verbatim markup is not reused for it either. Codes without markup (from JSONL/TSV) are taken
    as they are.
    """
    codes = unit.inline.get(name)
    markup = unit.markup.get(name)
    fmt = unit.markup_format
    if not markup or fmt not in FORMAT_NS:
        return list(codes or [])
    root = fragment_root(markup, FORMAT_NS[fmt])
    text = getattr(unit, name) or ""
    try:
        if root is None or plain_text(root, _SKIP[fmt]) != text:
            return []
    except ValueError:  # a bad <cp/> in hand-made markup
        return []
    if codes:
        return list(codes)
    data = _original_data(unit.markup.get("originalData")) if fmt == "xliff20" else None
    return read_codes(root, fmt, data)


def _original_data(markup: str | None) -> dict[str, str]:
    root = fragment_root(markup or "", FORMAT_NS["xliff20"])
    if root is None:
        return {}
    return {str(child.get("id")): plain_text(child, frozenset()) for child in root if isinstance(child.tag, str)}
