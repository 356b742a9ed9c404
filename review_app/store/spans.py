"""Find a finding's MT span in the corrected text, which may have been edited since the check ran.

Findings point into the MT. Once the reviewer has applied other fixes or edited the text, the
offsets move. We map them through a character diff of MT → corrected: a span that lies wholly
in unchanged text moves with it. A span whose text was edited is looked up by its text with a
little MT context on both sides and taken only when that context occurs exactly once; otherwise
the fix is refused, because replacing the wrong occurrence (another dash, another term) would
damage the reviewer's work.
"""

from __future__ import annotations

from difflib import SequenceMatcher

CONTEXT_CHARS = 8


def map_span(mt: str, corrected: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where ``mt[start:end]`` (== ``quote``) is in ``corrected`` now, or None when it cannot be told."""
    if mt[start:end] != quote:
        return None  # the finding does not match its own MT: never guess
    if corrected == mt:
        return start, end
    matcher = SequenceMatcher(None, mt, corrected, autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            continue
        inside = i1 <= start and end <= i2
        if start == end:  # an insertion point must be inside unchanged text, not at an edited edge
            inside = i1 < start < i2 or (start == end == len(mt) == i2) or (start == end == 0 == i1)
        if inside and (end > start or i2 > i1):
            return j1 + (start - i1), j1 + (end - i1)
    return _by_context(mt, corrected, start, end)


def _by_context(mt: str, corrected: str, start: int, end: int) -> tuple[int, int] | None:
    """The span found by its text plus unchanged neighbours, when that occurs exactly once."""
    for width in (CONTEXT_CHARS, CONTEXT_CHARS // 2):
        left = mt[max(0, start - width) : start]
        right = mt[end : end + width]
        needle = left + mt[start:end] + right
        if not needle.strip():
            continue
        first = corrected.find(needle)
        if first != -1 and corrected.find(needle, first + 1) == -1:
            return first + len(left), first + len(left) + (end - start)
    return None


def replace_span(text: str, start: int, end: int, replacement: str) -> str:
    """``text`` with ``[start, end)`` replaced; a whole-text deletion leaves an empty text."""
    return text[:start] + replacement + text[end:]
