"""Small text helpers shared by the checks: protected spans (URLs, e-mail), words, scripts."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

# Spans no check should touch: URLs, e-mail addresses, @handles, #hashtags, bare domains (site.gr/path).
URL_RE = regex.compile(r"(?:https?|ftp)://\S+[\w/]|www\.\S+[\w/]")
# (An address is tried only where a run of its characters starts or the last match ended, its parts taken whole:
# tried from inside a long run, each start scanned the run again. A later start in a run finds nothing an earlier
# one does not.)
EMAIL_ADDRESS = r"[\w.+-]++@[\w-]++(?:\.[\w-]++)+"  # its parts end where the next begins: nothing to give back
EMAIL_RE = regex.compile(rf"(?:(?<![\w.+-])|\G){EMAIL_ADDRESS}|(?<![\w@])[@#]\w+")
DOMAIN_RE = regex.compile(r"(?<![\w.@])(?:[\w-]+\.)+(?:[a-z]{2,6}|рф)\b(?:/\S*)?")
# What every DOMAIN_RE match contains (a dot, then the top-level domain's first letters): most lines
# lack it, and this literal search is far cheaper than DOMAIN_RE's scan from every word start.
_DOMAIN_HINT_RE = regex.compile(r"\.(?:[a-z]{2}|рф)")
WORD_RE = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*[\p{L}\p{M}]|[\p{L}\p{M}]")
SENTENCE_END = frozenset(".!?…:;")
DIALOGUE_DASH_RE = regex.compile(r"^\s*[—–―-]\s")
# Scripts written without spaces between words, whose punctuation is full-width and whose dashes are closed up.
UNSPACED_SCRIPT_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")  # of them, those with full-width punctuation
KANA_RE = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
SCRIPTS: tuple[str, ...] = ("Latin", "Cyrillic", "Greek", "Han", "Arabic", "Hebrew", "Hangul", "Hiragana", "Katakana")
_SCRIPT_RES = {name: regex.compile(rf"\p{{Script={name}}}") for name in SCRIPTS}
_LETTER_RE = regex.compile(r"\p{L}")


def vocab(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text (one place to edit, diff-friendly)."""
    return frozenset(text.split())


@lru_cache(maxsize=8192)
def _protected(line: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    if "://" in line or "www." in line:
        spans.extend(m.span() for m in URL_RE.finditer(line))
    if "@" in line or "#" in line:
        spans.extend(m.span() for m in EMAIL_RE.finditer(line))
    if "." in line and _DOMAIN_HINT_RE.search(line):
        spans.extend(m.span() for m in DOMAIN_RE.finditer(line) if not in_spans(m.start(), spans))
    return tuple(sorted(spans))


def protected_spans(line: str) -> list[tuple[int, int]]:
    """Character spans of URLs, e-mail addresses, handles and domains in ``line``."""
    return list(_protected(line))


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when ``pos`` falls inside one of ``spans``."""
    return any(start <= pos < end for start, end in spans)


def mask_protected(line: str, fill: str = " ") -> str:
    """``line`` with protected spans overwritten by ``fill`` (same length, offsets unchanged)."""
    spans = _protected(line)
    if not spans:
        return line  # most lines: nothing to mask, no copy
    chars = list(line)
    for start, end in spans:
        chars[start:end] = fill * (end - start)
    return "".join(chars)


@lru_cache(maxsize=4096)
def script_of_char(char: str) -> str | None:
    """The script name of one letter (None for non-letters and rare scripts)."""
    for name, pattern in _SCRIPT_RES.items():
        if pattern.match(char):
            return name
    return None


@lru_cache(maxsize=65536)
def script_of_word(word: str) -> str | None:
    """The majority script of a word's letters."""
    counts = Counter(s for s in map(script_of_char, word) if s)
    return counts.most_common(1)[0][0] if counts else None


def letter_scripts(text: str) -> Counter[str]:
    """How many letters of each script ``text`` holds."""
    return Counter(s for s in (script_of_char(c) for c in _LETTER_RE.findall(text)) if s)


def words(text: str) -> list[str]:
    """The words (letter runs, with inner hyphens and apostrophes) of ``text``."""
    return WORD_RE.findall(text)


def is_fragment_shaped(line: str, max_words: int = 8) -> bool:
    """A short line without sentence-final punctuation: a label, a heading, a widget."""
    stripped = line.strip()
    if not stripped or stripped[-1] in SENTENCE_END:
        return False
    return 0 < len(stripped.split()) <= max_words


def is_dialogue_line(line: str) -> bool:
    """A line opening with a dialogue dash (``— Yes.``): interview and dialogue convention."""
    return bool(DIALOGUE_DASH_RE.match(line))


def is_quoted(line: str) -> bool:
    """The whole line is one quotation (a quoted headline)."""
    stripped = line.strip()
    pairs = {'"': '"', "“": "”", "«": "»", "„": "“", "'": "'", "‘": "’"}
    return len(stripped) > 2 and stripped[0] in pairs and stripped[-1] == pairs[stripped[0]]
