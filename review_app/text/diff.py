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
from itertools import pairwise

import regex

from review_app.text.opcodes import opcodes
from review_app.vocab import FINDING_HIGHLIGHT, SEVERITIES, SEVERITY_COLORS

_TOKEN = regex.compile(r"[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]")
DEL_STYLE = "background:#ffd7d5;color:#82071e;text-decoration:line-through;"
INS_STYLE = "background:#ccffd8;color:#055d20;text-decoration:none;"
# A QA finding is highlighted (one background for all: its severity is in its title and its badge); an
# MQM tag is underlined in its severity's colour, the line style telling the severities apart without colour.
MARK_STYLE = f"background:{FINDING_HIGHLIGHT};color:inherit;"
_TAG_LINES = {"neutral": "dotted 2px", "minor": "solid 2px", "major": "solid 3px", "critical": "double 4px"}
TAG_STYLES: dict[str, str] = {
    severity: (f"text-decoration:underline {_TAG_LINES[severity]} {SEVERITY_COLORS[severity]};"
               "text-underline-offset:.22em;text-decoration-skip-ink:none;")
    for severity in SEVERITIES
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


Span = tuple[int, int, str, str]  # start, end, severity, title


def _flattened(text: str, spans: Sequence[Span]) -> list[Span]:
    """The spans in order, each cut where an earlier one ends (overlaps go to the first), within the text."""
    out: list[Span] = []
    position = 0
    for start, end, severity, title in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, position), min(end, len(text))
        if start > end or (start == end and start < position):
            continue
        out.append((start, end, severity, title))
        position = end
    return out


def _tag_pieces(text: str, tags: Sequence[Span]) -> list[Span]:
    """The tagged stretches of ``text``: where tags overlap, one piece with the worst severity and every title
    (a tag always covers text: the store refuses empty spans)."""
    cuts = sorted({0, len(text), *(min(max(p, 0), len(text)) for t in tags for p in t[:2])})
    pieces: list[Span] = []
    for a, b in pairwise(cuts):
        cover = [t for t in tags if t[0] <= a and b <= t[1]]
        if cover:
            worst = max((t[2] for t in cover), key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else 1)
            pieces.append((a, b, worst, "; ".join(dict.fromkeys(t[3] for t in cover))))
    return pieces


def _underlined(text: str, low: int, high: int, pieces: Sequence[Span]) -> str:
    """``text[low:high]`` escaped, its tagged stretches underlined."""
    out: list[str] = []
    position = low
    for start, end, severity, title in pieces:
        start, end = max(start, low), min(end, high)
        if start >= end:
            continue
        out.append(html.escape(text[position:start]))
        out.append(f'<u style="{TAG_STYLES.get(severity, TAG_STYLES["minor"])}" '
                   f'title="{html.escape(title, quote=True)}">{html.escape(text[start:end])}</u>')
        position = end
    out.append(html.escape(text[position:high]))
    return "".join(out)


def highlight_html(text: str, spans: Sequence[Span], tags: Sequence[Span] = ()) -> str:
    """``text`` with QA findings' ``(start, end, severity, title)`` spans highlighted and reviewers' MQM
    ``tags`` underlined in their severity's colour; a tag inside a finding is underlined inside its highlight.

    Overlapping findings are merged into the first; overlapping tags show the worst severity and every title.
    An empty finding (an insertion point) shows as a thin marker. All text, titles included, is escaped.
    """
    pieces = _tag_pieces(text, tags)
    out: list[str] = []
    position = 0
    for start, end, _severity, title in _flattened(text, spans):
        out.append(_underlined(text, position, start, pieces))
        body = _underlined(text, start, end, pieces) if end > start else "&#8203;▏"
        out.append(f'<mark style="{MARK_STYLE}" title="{html.escape(title, quote=True)}">{body}</mark>')
        position = end
    out.append(_underlined(text, position, len(text), pieces))
    return "".join(out)


def legend_html() -> str:
    """What the marks in a highlighted text mean: a QA finding's highlight, an MQM tag's line per severity."""
    tags = " ".join(f'<u style="{TAG_STYLES[s]}">{s}</u>' for s in SEVERITIES)
    return (f'<span class="mark-legend" style="font-size:.8rem;color:#475569"><mark style="{MARK_STYLE}">QA finding'
            f"</mark> · MQM tags by severity: {tags}</span>")
