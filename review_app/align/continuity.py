"""Where a unit boundary of one side falls inside a sentence, read from the text's punctuation.

A sentence splitter (or the line breaks of a segmented file) can cut a sentence in two: at a
colon before a list or a reference, inside parentheses, after a clause ending in ";". The two
units then belong to the same link whatever the other side does. Two signs are read here, both
local to the two units at the boundary, so noise elsewhere in the document does not carry:

- **inside brackets**: the unit before leaves a "(", "[" or "{" open and the unit after closes
  one it did not open. Quotation marks are not used: a quotation legitimately spans sentences,
  and a closing mark that a tokenizer moved to the start of the next unit opens nothing.
- **continued clause**: the unit before ends with a comma, semicolon or colon and the unit after
  begins in lower case. This is weaker (a human translation may cut at ";" where the MT has two
  sentences), so the aligner uses it only for a sentence it would otherwise leave out.
"""

from __future__ import annotations

import regex

_OPEN, _CLOSE = "([{", ")]}"
_CLAUSE_END = regex.compile(r"[,;:]\s*$")
_LOWER_START = regex.compile(r"^[^\p{L}\p{N}]*\p{Ll}")


def leaves_open(text: str) -> bool:
    """Whether ``text`` opens a bracket it does not close."""
    if not any(mark in text for mark in _OPEN):
        return False  # most sentences: one C-level scan per mark instead of a loop over characters
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
    return depth > 0


def closes_unopened(text: str) -> bool:
    """Whether ``text`` closes a bracket it did not open, after its first letter or digit (a
    closing mark before any word is a stray end of the previous sentence, not a continuation)."""
    if not any(mark in text for mark in _CLOSE):
        return False
    depth = 0
    started = False
    for char in text:
        started = started or char.isalnum()
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            if depth:
                depth -= 1
            elif started:
                return True
    return False


def inside_brackets(before: str, after: str) -> bool:
    """Whether the boundary between two consecutive units falls inside brackets."""
    return leaves_open(before) and closes_unopened(after)


def continues_clause(before: str, after: str) -> bool:
    """Whether the unit after continues the clause the unit before leaves open (``…;`` | ``le …``)."""
    return bool(_CLAUSE_END.search(before)) and bool(_LOWER_START.match(after))


def inside_sentence(before: str, after: str) -> bool:
    """Either sign: the boundary between the two units is not a sentence boundary."""
    return inside_brackets(before, after) or continues_clause(before, after)
