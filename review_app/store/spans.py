"""Find a finding's span in the corrected text, which may have been edited since the check ran.

Findings of the checks at import point into the MT; findings a re-check added after an edit point
into the corrected text as stored (:func:`finding_span` takes either). Once the reviewer has applied
other fixes or edited the text, the offsets move. We map them through a character diff of the
text they point into → the text now: a span that lies wholly in unchanged text moves with it. A
span whose text was edited is looked up by its text with a little context on both sides and taken
only when that context occurs exactly once; otherwise the fix is refused, because replacing the
wrong occurrence (another dash, another term) would damage the reviewer's work.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from review_app.text.diff import tokens
from review_app.text.opcodes import SMALL, opcodes

CONTEXT_CHARS = 8


def map_span(mt: str, corrected: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where ``mt[start:end]`` (== ``quote``) is in ``corrected`` now, or None when it cannot be told."""
    if mt[start:end] != quote:
        return None  # the finding does not match its own MT: never guess
    if corrected == mt:
        return start, end
    for i1, i2, j1, _j2 in equal_blocks(mt, corrected):
        inside = i1 <= start and end <= i2
        if start == end:  # an insertion point must be inside unchanged text, not at an edited edge
            inside = i1 < start < i2 or (start == end == len(mt) == i2) or (start == end == 0 == i1)
        if inside and (end > start or i2 > i1):
            return j1 + (start - i1), j1 + (end - i1)
    return _by_context(mt, corrected, start, end)


def finding_span(mt: str, corrected: str, text: str, span_on: str, start: int, end: int, quote: str
                 ) -> tuple[int, int] | None:
    """Where a finding's span is in ``text`` (the stored corrected text, or one derived from it by fixes), or
    None: its span points into the segment's ``mt`` (``span_on == "mt"``) or into its stored ``corrected`` text."""
    return map_span(mt if span_on == "mt" else corrected, text, start, end, quote)


def equal_blocks(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Character ranges ``(i1, i2, j1, j2)`` with ``old[i1:i2] == new[j1:j2]``, in order, adjacent ones merged.

    A word-level diff (near-linear, so long segments stay fast) refined by a character diff inside
    each small replaced stretch, so an edit inside a word leaves the rest of the word matched.
    """
    a, b = tokens(old), tokens(new)
    off_a, off_b = _offsets(a), _offsets(b)
    blocks: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        ca1, ca2, cb1, cb2 = off_a[i1], off_a[i2], off_b[j1], off_b[j2]
        if tag == "equal":
            found = [(ca1, ca2, cb1, cb2)]
        elif tag == "replace" and (ca2 - ca1) * (cb2 - cb1) <= SMALL:
            matcher = SequenceMatcher(None, old[ca1:ca2], new[cb1:cb2], autojunk=False)
            found = [(ca1 + x1, ca1 + x2, cb1 + y1, cb1 + y2)
                     for op, x1, x2, y1, y2 in matcher.get_opcodes() if op == "equal"]
        else:
            found = []
        for block in found:
            if blocks and blocks[-1][1] == block[0] and blocks[-1][3] == block[2]:
                blocks[-1] = (blocks[-1][0], block[1], blocks[-1][2], block[3])
            else:
                blocks.append(block)
    return blocks


def _offsets(parts: list[str]) -> list[int]:
    """Start offset of each token, and the text's length at the end."""
    out, position = [0], 0
    for part in parts:
        position += len(part)
        out.append(position)
    return out


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
