"""Word-level diffs and highlighted spans as HTML in which every piece of text is escaped.

>>> word_diff("the river station", "the river terminal")
[('equal', 'the river '), ('delete', 'station'), ('insert', 'terminal')]
>>> diff_html("x <b>", "x <b>")
'<span class="diff">x &lt;b&gt;</span>'
>>> changed_phrases("Earlier, the pier was closed.", "Previously, the pier was closed.")
[('Earlier,', 'Previously,')]

The texts are split into words, runs of whitespace and single punctuation marks, so a changed
dash or quote shows as its own edit instead of swallowing the words around it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import regex

from review_app.text.opcodes import opcodes

_TOKEN = regex.compile(r"[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]")
DEL_STYLE = "background:#ffd7d5;color:#82071e;text-decoration:line-through;"
INS_STYLE = "background:#ccffd8;color:#055d20;text-decoration:none;"
MARK_STYLES: dict[str, str] = {
    "critical": "background:#ffb3b3;",
    "major": "background:#ffd6a5;",
    "minor": "background:#fff3b0;",
    "neutral": "background:#e0e7ff;",
}


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and single other characters; joined they give back ``text``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Edits turning ``old`` into ``new`` as (``equal``/``delete``/``insert``, text), adjacent ones merged."""
    a, b = tokens(old), tokens(new)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):  # near-linear: long segments stay fast
        if tag in ("equal", "delete", "replace") and i2 > i1:
            ops.append(("equal" if tag == "equal" else "delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace") and j2 > j1:
            ops.append(("insert", "".join(b[j1:j2])))
    merged: list[tuple[str, str]] = []
    for op, text in ops:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def changed_phrases(old: str, new: str) -> list[tuple[str, str]]:
    """The stretches that differ between ``old`` and ``new`` as (before, after) pairs, in order, each widened
    to whole space-separated words (a changed word keeps its comma; an insertion shows the word it
    follows), so each pair reads on its own: ``'Earlier,' → 'Previously,'``. Changes parted by no
    unchanged word are one pair (a rewrite is one pair, not a pair per word)."""
    pairs: list[tuple[str, str]] = []
    ops = word_diff(old, new)
    i = 0
    while i < len(ops):
        if ops[i][0] == "equal":
            i += 1
            continue
        lead = regex.search(r"\S*$", ops[i - 1][1]).group() if i else ""  # type: ignore[union-attr]
        before = after = lead
        while i < len(ops):
            op, text = ops[i]
            # Only a whole word left as it was parts two changes: a space or a bare comma between them does not.
            joined = op == "equal" and i + 1 < len(ops) and not (text.strip() and any(ch.isspace() for ch in text))
            if op == "equal" and not joined:
                break
            before += text if op != "insert" else ""
            after += text if op != "delete" else ""
            i += 1
        tail = regex.match(r"\S*", ops[i][1]).group() if i < len(ops) else ""  # type: ignore[union-attr]
        before, after = before + tail, after + tail
        # Spaces at the ends are trimmed unless they are the change (a space added or removed at an end).
        pairs.append((before.strip(), after.strip()) if before.strip() != after.strip() else (before, after))
    return pairs


def diff_html(old: str, new: str) -> str:
    """``old`` → ``new`` as HTML: deletions struck through in red, insertions in green, all text escaped."""
    parts = []
    for op, text in word_diff(old, new):
        escaped = html.escape(text)
        if op == "delete":
            parts.append(f'<del style="{DEL_STYLE}">{escaped}</del>')
        elif op == "insert":
            parts.append(f'<ins style="{INS_STYLE}">{escaped}</ins>')
        else:
            parts.append(escaped)
    return f'<span class="diff">{"".join(parts)}</span>'


def highlight_html(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """``text`` with ``(start, end, severity, title)`` spans marked; overlapping spans are merged into the first.

    Empty spans (insertion points) show as a thin marker. All text, titles included, is escaped.
    """
    out: list[str] = []
    position = 0
    for start, end, severity, title in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, position), min(end, len(text))
        if start > end or (start == end and start < position):
            continue
        out.append(html.escape(text[position:start]))
        style = MARK_STYLES.get(severity, MARK_STYLES["minor"])
        body = html.escape(text[start:end]) if end > start else "&#8203;▏"
        out.append(f'<mark style="{style}" title="{html.escape(title, quote=True)}">{body}</mark>')
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)
