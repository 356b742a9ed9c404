"""Safe, streaming XML for the TMX and XLIFF formats.

Parsing uses ``lxml.etree.iterparse`` with entity resolution, DTD loading and network access
off and ``huge_tree`` off; a document whose DTD declares entities (entity-expansion bombs,
external entities such as ``<!ENTITY x SYSTEM "file:///etc/passwd">``) is refused. Every
problem becomes a one-line :class:`InputError` naming the file and the line. (This is what
``defusedxml`` would add, done with lxml's own switches; ``defusedxml.lxml`` is deprecated and
streaming ``iterparse`` is not covered by it, so the project does not depend on it.)

Inline markup is kept as a string: :func:`inner_xml` serialises an element's content with the
document's own namespace left implicit, so it can be written back verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path
from typing import Any

from lxml import etree

from review_app.errors import InputError
from review_app.text.ingest import open_binary

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"

# Characters XML 1.0 cannot hold, even as character references.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>\r"\n\t]')


class UnwritableText(ValueError):
    """Text holding a character that XML 1.0 cannot represent."""


def _check_chars(value: str) -> None:
    bad = _INVALID_XML.search(value)
    if bad:
        raise UnwritableText(f"character U+{ord(bad.group()):04X} cannot be written in XML")


def escape_text(value: str, *, cp: bool = False) -> str:
    """``value`` as XML character data; ``cp=True`` writes invalid characters as XLIFF 2.0 ``<cp/>``."""
    if cp and _INVALID_XML.search(value):
        return "".join(
            f'<cp hex="{ord(ch):04X}"/>' if _INVALID_XML.match(ch) else escape_text(ch) for ch in value
        )
    _check_chars(value)
    # \r is written as a reference because parsers turn a literal CR into LF.
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], value)


def escape_attr(value: str) -> str:
    """``value`` as the inside of a double-quoted attribute (whitespace kept via references)."""
    _check_chars(value)
    return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES[m.group()], value)


def split_tag(tag: str) -> tuple[str | None, str]:
    """``"{ns}name"`` as ``(ns, name)``; ``(None, name)`` without a namespace."""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return None, tag


def iterparse(
    path: Path, events: tuple[str, ...] = ("start", "end"), tags: tuple[str, ...] | None = None
) -> Generator[tuple[str, Any], None, None]:
    """Yield ``(event, element)`` from ``path`` lazily, refusing unsafe or malformed XML.

    ``tags`` limits the events to those elements (faster); the whole document is still parsed.
    """
    with open_binary(path) as handle:
        if not handle.read(1):
            raise InputError(path, "empty file: expected an XML document")
        handle.seek(0)
        parser = etree.iterparse(
            handle,
            events=events,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=False,
            tag=tags,
        )
        checked = False
        try:
            for event, elem in parser:
                if not checked:
                    _refuse_entities(path, elem)
                    checked = True
                yield event, elem
        except etree.XMLSyntaxError as exc:
            line = f"line {exc.lineno}: " if exc.lineno else ""
            raise InputError(path, f"{line}malformed XML: {exc.msg}") from None


def _refuse_entities(path: Path, elem: Any) -> None:
    """Entity declarations are how expansion bombs and external entities get in: refuse them all."""
    docinfo = elem.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        names = ", ".join(e.name for e in dtd.iterentities())
        raise InputError(
            path, f"line {elem.sourceline}: the DTD declares entities ({names}); refused (entity expansion and "
            "external entities are not allowed)"
        )


def release(elem: Any) -> None:
    """Free a processed element and the finished siblings before it (keeps iterparse memory flat)."""
    elem.clear(keep_tail=True)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def inner_xml(elem: Any, home_ns: str | None) -> str:
    """The content of ``elem`` as XML: text escaped, child elements as tags, ``home_ns`` implicit."""
    parts = [escape_text(elem.text or "")]
    for child in elem:
        _serialize(child, home_ns, parts, frozenset())
        parts.append(escape_text(child.tail or ""))
    return "".join(parts)


def _serialize(elem: Any, home_ns: str | None, parts: list[str], declared: frozenset[tuple[str, str]]) -> None:
    if not isinstance(elem.tag, str):  # comment or processing instruction
        parts.append(etree.tostring(elem, with_tail=False, encoding=str))
        return
    decls: list[str] = []

    def qualify(ns: str | None, name: str, is_attr: bool) -> str:
        nonlocal declared
        if ns is None:
            if not is_attr and home_ns is not None and ("", "") not in declared:
                decls.append(' xmlns=""')  # an unqualified element inside a namespaced document
                declared = declared | {("", "")}
            return name
        if ns == XML_NS:
            return f"xml:{name}"
        if ns == home_ns and not is_attr:
            return name
        prefix = next((p for p, uri in (elem.nsmap or {}).items() if uri == ns and p), None) or "ns0"
        if (prefix, ns) not in declared:
            decls.append(f' xmlns:{prefix}="{escape_attr(ns)}"')
            declared = declared | {(prefix, ns)}
        return f"{prefix}:{name}"

    qname = qualify(*split_tag(elem.tag), False)
    attrs = "".join(f' {qualify(*split_tag(k), True)}="{escape_attr(v)}"' for k, v in elem.attrib.items())
    head = f"<{qname}{''.join(decls)}{attrs}"
    if elem.text is None and len(elem) == 0:
        parts.append(head + "/>")
        return
    parts.append(head + ">" + escape_text(elem.text or ""))
    for child in elem:
        _serialize(child, home_ns, parts, declared)
        parts.append(escape_text(child.tail or ""))
    parts.append(f"</{qname}>")


def plain_text(elem: Any, skip: frozenset[str]) -> str:
    """The translatable text of ``elem``: inline codes named in ``skip`` drop their content.

    ``<cp hex="…"/>`` (XLIFF 2.0) stands for the character it names.
    """
    parts = [elem.text or ""]
    for child in elem:
        if isinstance(child.tag, str):
            name = split_tag(child.tag)[1]
            if name == "cp":
                parts.append(_code_point(child.get("hex", "")))
            elif name not in skip:
                parts.append(plain_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str) -> str:
    try:
        return chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        raise ValueError(f"<cp hex={hex_value!r}> is not a code point") from None


_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def fragment_root(markup: str, home_ns: str | None) -> Any:
    """A markup string kept by :func:`inner_xml` parsed under a wrapper element; ``None`` if not well-formed."""
    xmlns = f' xmlns="{escape_attr(home_ns)}"' if home_ns else ""
    try:
        return etree.fromstring(f"<w{xmlns}>{markup}</w>".encode(), _FRAGMENT_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def fragment_text(markup: str, home_ns: str | None, skip: frozenset[str]) -> str | None:
    """Plain text of a markup string kept by :func:`inner_xml`; ``None`` if it is not well-formed."""
    root = fragment_root(markup, home_ns)
    try:
        return None if root is None else plain_text(root, skip)
    except ValueError:
        return None


def root_of(path: Path) -> tuple[str | None, str, dict[str, str]]:
    """Namespace, local name and attributes of the document element (reads only the file's head)."""
    events = iterparse(path, events=("start",))
    try:
        for _event, elem in events:
            ns, name = split_tag(elem.tag)
            return ns, name, dict(elem.attrib)
    finally:
        events.close()
    raise InputError(path, "no document element")
