"""Word-level diffs and highlighted spans as HTML in which every piece of text is escaped.

>>> word_diff("the river station", "the river terminal")
[('equal', 'the river '), ('delete', 'station'), ('insert', 'terminal')]
>>> diff_html("x <b>", "x <b>")
'<span class="diff">x &lt;b&gt;</span>'

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


def _elided(text: str, context: int, first: bool, last: bool) -> str:
    """An unchanged run cut to about ``context`` characters beside each change (whole words), "…" between."""
    if (first and last) or len(text) <= (context if first or last else 2 * context) + 1:
        return text
    head, tail = ("" if first else text[:context]), ("" if last else text[-context:])
    if " " in head.strip():
        head = head.rstrip().rsplit(" ", 1)[0]
    if " " in tail.strip():
        tail = " " + tail.lstrip().split(" ", 1)[1]
    return f"{head}…{tail}"


def diff_html(old: str, new: str, context: int | None = None) -> str:
    """``old`` → ``new`` as HTML: deletions struck through in red, insertions in green, all text escaped.

    With ``context``, unchanged text longer than that on both sides of a change is cut to ``context``
    characters beside the changes ("…" in between), so a short view still shows every change.
    """
    parts = []
    ops = word_diff(old, new)
    for n, (op, text) in enumerate(ops):
        if op == "equal" and context is not None:
            text = _elided(text, context, first=n == 0, last=n == len(ops) - 1)
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
