"""Learn from an edit: the phrases a reviewer changed in one segment, and where else the document has them.

``phrase_edits(old, new)`` reads a reviewer's edit as word-level replacements ("station" →
"terminal"; an insertion is anchored on the word before it). ``occurrences(edit, texts)`` finds
the same phrase, whole words, in other segments' corrected texts, with the replacement in the
occurrence's case ("Station" → "Terminal") and a preview of each changed text. Occurrences
already inside the new phrase ("Road" in "Road Initiative" for "Road" → "Road Initiative") are
left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

import regex

from review_app.checks import wordstats
from review_app.text.phrases import MAX_TOKENS, TOKEN_RE, phrase_pattern


@dataclass(frozen=True, slots=True)
class PhraseEdit:
    """One phrase a reviewer replaced: ``before`` (as it was) → ``after``."""

    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Occurrence:
    """The phrase in another segment: where (offsets into its text), what it becomes, the new text."""

    segment_id: int
    position: int
    start: int
    end: int
    found: str
    replacement: str
    preview: str


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN_RE.finditer(text)]


def phrase_edits(old: str, new: str, lang: str = "en") -> list[PhraseEdit]:
    """The word-level replacements that turn ``old`` into ``new`` (deletions and insertions included).

    An insertion is anchored on a neighbouring word only when that word is a content word: "a" →
    "a new" says nothing about other "a"s.
    """
    a, b = _spans(old), _spans(new)
    ta, tb = [old[s:e] for s, e in a], [new[s:e] for s, e in b]
    edits: list[PhraseEdit] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if i1 == i2:  # an insertion: anchor it on the word before (or after) it
            if i1 > 0 and _content(ta[i1 - 1], lang):
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(ta) and _content(ta[i2], lang):
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        if i2 - i1 > MAX_TOKENS or j2 - j1 > MAX_TOKENS:
            continue
        before = old[a[i1][0] : a[i2 - 1][1]]
        after = new[b[j1][0] : b[j2 - 1][1]] if j2 > j1 else ""
        if not any(ch.isalnum() for ch in before):
            continue  # punctuation alone is too common to propagate safely
        edits.append(PhraseEdit(before, after))
    return edits


def _content(token: str, lang: str) -> bool:
    return token[:1].isalnum() and not wordstats.is_function_word(token, lang)


def _in_case_of(found: str, before: str, after: str) -> str | None:
    """``after`` in the case of the occurrence; None when the occurrence differs in more than its first letter."""
    if found == before:
        return after
    if found[1:] == before[1:] and after:
        first = after[0].upper() if found[0].isupper() else after[0].lower()
        return first + after[1:]
    if found.isupper() and len(found) > 1:
        return after.upper()
    return None


def _doubles(text: str, start: int, end: int, replacement: str) -> bool:
    """The replacement would stand next to itself ("a terminal station" → "a terminal terminal")."""
    word = replacement.strip().lower()
    return bool(word) and (text[:start].rstrip().lower().endswith(word) or text[end:].lstrip().lower().startswith(word))


def _replace(text: str, start: int, end: int, replacement: str) -> str:
    out = text[:start] + replacement + text[end:]
    if not replacement:  # a deleted word must not leave a double space behind
        out = regex.sub(r" {2,}", " ", out).strip()
    return out


def occurrences(
    edit: PhraseEdit, texts: Iterable[tuple[int, int, str]], *, exclude: int | None = None
) -> list[Occurrence]:
    """Where ``edit.before`` stands in the ``(segment id, position, text)`` texts, except segment ``exclude``."""
    pattern = phrase_pattern(edit.before)
    inside = phrase_pattern(edit.after) if edit.after.strip() else None
    found: list[Occurrence] = []
    for segment_id, position, text in texts:
        if segment_id == exclude:
            continue
        taken = [m.span() for m in inside.finditer(text)] if inside is not None else []
        for m in pattern.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in taken):
                continue
            replacement = _in_case_of(m.group(), edit.before, edit.after)
            if replacement is None or _doubles(text, m.start(), m.end(), replacement):
                continue
            preview = _replace(text, m.start(), m.end(), replacement)
            found.append(Occurrence(segment_id, position, m.start(), m.end(), m.group(), replacement, preview))
    return found


def apply_occurrences(text: str, found: Iterable[Occurrence]) -> str:
    """``text`` with every occurrence of it replaced (right to left, so offsets hold)."""
    for occ in sorted(found, key=lambda o: o.start, reverse=True):
        text = _replace(text, occ.start, occ.end, occ.replacement)
    return text
