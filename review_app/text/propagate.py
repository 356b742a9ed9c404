"""Learn from an edit: the phrases a reviewer changed in one segment, and where else the document has them.

``phrase_edits(old, new)`` reads a reviewer's edit as the phrases they changed; ``occurrences(edit,
texts)`` finds the same phrase, whole words, in other segments' texts, with the replacement in the
occurrence's case ("Station" → "Terminal") and the changed text. Occurrences already inside the new
phrase ("Road" in "Road Initiative" for "Road" → "Road Initiative") are left alone.

What counts as "the phrase the reviewer changed" (the proposal must never reach further than the
edit meant, so it is the smallest span that contains the edit and reads as a phrase):

1. Whole words only. The diff runs over words (inner hyphens and apostrophes kept) and single
   punctuation marks, so a proposal never starts or ends inside a word.
2. A word replaced by a different word (station → terminal, OBOR → BRI, новой станции → нового
   вокзала) is a phrase of its own: a term swap means the same wherever the term stands.
3. Every other change belongs to the word next to it, so it takes in the unchanged content word on
   each side (function words and numbers are not anchors, and no anchor is taken across a punctuation
   mark): a word whose form changed but whose stem stayed (Ukrainian issue → Ukraine issue, not
   Ukrainian → Ukraine: "Ukrainian army" must stay), a change of letter case, an inserted or deleted
   word (a station → a new station; the big station → the station), a changed function word (a
   apple → an apple). Both sides, because which neighbour a word agrees with differs between
   languages (an English adjective before its noun, a French one after it). A change with no
   content word beside it is not proposed: nothing tells where it applies.
4. A change inside a capitalised name takes in the whole name (Friends of the World → Friends of
   Peace), as the learned-terms check reads names.
5. Changes whose phrases share or touch a word, or that stand either side of one unchanged content
   word, are one phrase (по украинскому вопросу → по вопросу Украины is "украинскому вопросу" →
   "вопросу Украины", not two edits). A change of punctuation alone, or of more than a few words (a
   rephrased sentence), is not proposed.

The words are aligned by the fewest changed words (Levenshtein over words), the likeliest reading of
what the reviewer did.

The reviewer sees the proposal and can widen or narrow it before anything is searched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex
from rapidfuzz.distance import Levenshtein

from review_app.text import wordstats
from review_app.text.names import grow_to_name
from review_app.text.phrases import MAX_TOKENS, TOKEN_RE, phrase_pattern

STEM = 2  # letters two forms of one word share at least ...
ENDING = 4  # ... and the longest ending they differ by: Ukrain-ian / Ukrain-e, нов-ый / нов-ой, при-чал ≠ при-стань


@dataclass(frozen=True, slots=True)
class PhraseEdit:
    """One phrase a reviewer replaced: ``before`` (as it was) → ``after``; ``start``/``end``: where
    ``before`` stood in the old text (-1 when the phrase was typed rather than read from an edit)."""

    before: str
    after: str
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)


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


Stretch = tuple[int, int, int, int]  # token ranges [i1, i2) of the old text and [j1, j2) of the new


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN_RE.finditer(text)]


def _content(token: str, lang: str) -> bool:
    """A word that can anchor a change: letters, not a function word (numbers are facts, not anchors)."""
    return token[:1].isalpha() and not wordstats.is_function_word(token, lang)


def _letters(tokens: Sequence[str]) -> str:
    return "".join(ch for t in tokens for ch in t if ch.isalnum())


def same_stem(x: str, y: str) -> bool:
    """Two forms of one word: they differ only in an ending (Ukrain-ian/Ukrain-e, нов-ый/нов-ой, station/station-s).

    Erring towards "same word" only makes a proposal take in its neighbours, never reach further."""
    x, y = x.casefold(), y.casefold()
    common = 0
    while common < min(len(x), len(y)) and x[common] == y[common]:
        common += 1
    return common >= STEM and max(len(x), len(y)) - common <= ENDING and min(len(x), len(y)) - common <= ENDING


def _stands_alone(before: Sequence[str], after: Sequence[str], lang: str) -> bool:
    """Whether a change is a phrase on its own (rule 2), rather than a change that belongs to a neighbour."""
    old, new = _letters(before), _letters(after)
    if old.casefold() == new.casefold():
        return old == new  # the spelling of the phrase itself (time—tested → time-tested); a case change is not
    old_words = [t for t in before if _content(t, lang)]
    new_words = [t for t in after if _content(t, lang)]
    if not old_words or not new_words:
        return False  # an insertion, a deletion, a function word
    if set(old_words) & set(new_words):
        return True  # words reordered around one that stays (украинскому вопросу → вопросу Украины): its own anchor
    return any(not any(same_stem(x, y) for y in new_words) for x in old_words) or any(
        not any(same_stem(x, y) for x in old_words) for y in new_words)


def _anchored(ta: list[str], tb: list[str], stretch: Stretch, lang: str) -> Stretch | None:
    """The stretch with the unchanged content word on each side (rule 3); None without any."""
    i1, i2, j1, j2 = stretch
    left = i1 > 0 and j1 > 0 and ta[i1 - 1] == tb[j1 - 1] and _content(ta[i1 - 1], lang)
    right = i2 < len(ta) and j2 < len(tb) and ta[i2] == tb[j2] and _content(ta[i2], lang)
    if not (left or right):
        return None
    return i1 - left, i2 + right, j1 - left, j2 + right


def _grouped(ops: Iterable[Any]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes with neighbouring changes joined into one (rapidfuzz lists a replace and an insert apart)."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        tag = "equal" if op.tag == "equal" else "change"
        if out and out[-1][0] == tag == "change":
            out[-1] = (tag, out[-1][1], op.src_end, out[-1][3], op.dest_end)
        else:
            out.append((tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return out


def _stretches(ta: list[str], tb: list[str], lang: str) -> list[Stretch]:
    """The changed phrases as token ranges, widened by rules 3 and 4 and merged by rule 5."""
    raw: list[tuple[Stretch, bool]] = []  # a stretch, and whether it is a phrase already (rules 2 and 4)
    # The fewest changed words (Levenshtein over words) is the likeliest reading of what the reviewer did:
    # "station station" → "jetty station" replaced the first word, not inserted one and deleted another.
    for op, i1, i2, j1, j2 in _grouped(Levenshtein.opcodes(ta, tb)):
        if op == "equal" or (i2 - i1 > MAX_TOKENS or j2 - j1 > MAX_TOKENS):
            continue
        if not _letters(ta[i1:i2]) and not _letters(tb[j1:j2]):
            continue  # punctuation alone is too common to propagate safely
        named = grow_to_name(ta, tb, ("replace", i1, i2, j1, j2), lang)
        raw.append((named, named != (i1, i2, j1, j2) or _stands_alone(ta[i1:i2], tb[j1:j2], lang)))
    joined: list[tuple[Stretch, bool]] = []
    for s, whole in raw:  # two changes around one unchanged content word share it as their anchor
        if joined:
            (p1, p2, q1, q2), was = joined[-1]
            gap = s[0] - p2
            if gap <= 0 or (gap == 1 and _content(ta[p2], lang)):
                joined[-1] = ((p1, max(p2, s[1]), q1, max(q2, s[3])), was or whole or gap == 1)
                continue
        joined.append((s, whole))
    found = [s if whole else _anchored(ta, tb, s, lang) for s, whole in joined]
    merged: list[Stretch] = []
    for s in sorted(x for x in found if x is not None):
        if merged and s[0] <= merged[-1][1]:
            last = merged.pop()
            s = (last[0], max(last[1], s[1]), min(last[2], s[2]), max(last[3], s[3]))
        merged.append(s)
    return [s for s in merged if s[1] - s[0] <= MAX_TOKENS + 2 and s[3] - s[2] <= MAX_TOKENS + 2]


def phrase_edits(old: str, new: str, lang: str = "en") -> list[PhraseEdit]:
    """The phrases that turn ``old`` into ``new``, by the rules of this module, in text order."""
    a, b = _spans(old), _spans(new)
    ta, tb = [old[s:e] for s, e in a], [new[s:e] for s, e in b]
    edits: list[PhraseEdit] = []
    for i1, i2, j1, j2 in _stretches(ta, tb, lang):
        before = old[a[i1][0] : a[i2 - 1][1]] if i2 > i1 else ""
        after = new[b[j1][0] : b[j2 - 1][1]] if j2 > j1 else ""
        if before and any(ch.isalpha() for ch in before) and before != after:
            edits.append(PhraseEdit(before, after, a[i1][0], a[i2 - 1][1]))
    return edits
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
