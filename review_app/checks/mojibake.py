"""Mojibake: UTF-8 text decoded as Latin-1/CP1252 (``Ã©``, ``Ð¿Ñ€Ð¸``) or as CP1251 (``РџСЂРёРІРµС‚``).

A span is reported only when re-encoding it and decoding as UTF-8 round-trips, and the
repaired text is proposed as the suggestion.
"""

from __future__ import annotations

import regex

from review_app.checks.base import Check, DocumentContext, Example, Finding

# A lead byte read as a Latin-1/CP1252 or CP1251 letter, followed by a continuation byte read the same way.
_LATIN_CONT = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CYR_CONT = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџ\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬\u00ad®Ї°±Ііґµ¶·ё№є»јЅѕї"
MARKER = rf"(?:[ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîï][{_LATIN_CONT}]|[РСТУвГ][{_CYR_CONT}])"
SPAN_RE = regex.compile(rf"\S*{MARKER}\S*(?:[ \u00a0]+\S*{MARKER}\S*)*")
MARKER_RE = regex.compile(MARKER)


def _encode(text: str, primary: str) -> bytes | None:
    """Bytes that ``text`` was decoded from with ``primary`` (Latin-1 for CP1252's holes)."""
    out = bytearray()
    for ch in text:
        for enc in (primary, "latin-1"):
            try:
                out += ch.encode(enc)
                break
            except UnicodeEncodeError:
                continue
        else:
            return None
    return bytes(out)


def repair(text: str) -> str | None:
    """The text UTF-8 meant, when ``text`` round-trips through CP1252/Latin-1 or CP1251; else None."""
    for primary in ("cp1252", "cp1251"):
        raw = _encode(text, primary)
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if fixed != text and len(fixed) < len(text) and not MARKER_RE.search(fixed):
            return fixed
    return None


# CP1251 bytes shown as Latin-1/CP1252 (Ðåöåíçèÿ = Рецензия): a single-byte mix-up, no UTF-8 involved.
SINGLE_WORD_RE = regex.compile(r"[A-Za-z\u00c0-\u00ff]*[\u00c0-\u00ff][A-Za-z\u00c0-\u00ff]*")
_HIGH_RE = regex.compile(r"[\u00c0-\u00ff]")


def repair_single_byte(text: str, min_cyrillic: float = 0.9) -> str | None:
    """Cyrillic text that CP1251 bytes meant, when ``text`` is their Latin-1 reading; else None."""
    try:
        fixed = text.encode("cp1252").decode("cp1251")
    except UnicodeError:
        try:
            fixed = text.encode("latin-1").decode("cp1251")
        except UnicodeError:
            return None
    letters = [c for c in fixed if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    return fixed if letters and fixed != text and cyrillic >= min_cyrillic * len(letters) else None


class Mojibake(Check):
    """Garbled characters from a wrong encoding (Ã©, Ð¿Ñ€Ð¸, РџСЂРёРІРµС‚), with the repaired text."""

    id = "mojibake"
    category = "Fluency/Character encoding"
    severity = "major"
    safe = False
    aliases = ("encoding",)
    examples_flag = (
        Example("The cafÃ© was closed.", expect=(1, 4, 9, "café")),
        Example("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ world", expect=(1, 0, 12, "привет")),
        Example("Он сказал РџСЂРёРІРµС‚ и ушёл.", target_lang="ru", expect=(1, 10, 22, "Привет")),
        Example("A dash â€” here.", expect=(1, 7, 10, "—")),
        Example('Ðåöåíçèÿ íà "Ïåðñîâ"', target_lang="ru", expect=(1, 0, 20, 'Рецензия на "Персов"')),
        Example("The word Ïåðñû here.", expect=(1, 9, 14, "Персы")),
    )
    examples_pass = (
        Example("Café, Ñandú, São Paulo, Zürich, Ærø."),
        Example("Россия, США, ТАСС, СССР, Всё в порядке."),
        Example("Straße and naïve façade."),
    )

    def find(self, text: str, doc: DocumentContext) -> list[Finding]:
        """Mojibake spans (whole runs of garbled words, else single words) that repair cleanly."""
        found = self._utf8(text)
        return found or self._single_byte(text)

    def _single_byte(self, text: str) -> list[Finding]:
        high = len(_HIGH_RE.findall(text))
        if high < 3:
            return []
        if high >= 5 and all(ord(c) <= 0xFF or c in "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ" for c in text):
            fixed = repair_single_byte(text, 0.7)
            if fixed is not None:
                return [self.finding(0, len(text), "Cyrillic text garbled as Latin-1 (CP1251 mojibake)", fixed)]
        found = []
        for m in SINGLE_WORD_RE.finditer(text):
            word = m.group()
            if len(_HIGH_RE.findall(word)) >= 3 and len(_HIGH_RE.findall(word)) >= 0.6 * len(word):
                fixed = repair_single_byte(word)
                if fixed is not None:
                    found.append(self.finding(m.start(), m.end(), "Cyrillic word garbled as Latin-1", fixed))
        return found

    def _utf8(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        if not MARKER_RE.search(text):
            return found
        for m in SPAN_RE.finditer(text):
            fixed = repair(m.group())
            if fixed is not None:
                found.append(self.finding(m.start(), m.end(), "garbled encoding (mojibake)", fixed))
                continue
            for w in regex.finditer(rf"\S*{MARKER}\S*", m.group()):
                fixed = repair(w.group())
                if fixed is not None:
                    start = m.start() + w.start()
                    found.append(self.finding(start, start + len(w.group()), "garbled encoding (mojibake)", fixed))
        return found
