"""Apply findings' suggestions to a text: only the chosen checks, never two overlapping edits.

Everything outside the applied spans stays byte for byte; a whole-line deletion removes the
line together with its line end. Overlaps are resolved deterministically: edits are taken in
order of (line, start, longer span first, check id) and an edit overlapping one already taken
is skipped (identical edits from two checks count once). An edit that would change one side of an
acronym defined in place and not the other ("One Belt— One Road Initiative (OBOR)" → "… (BRI)") is
held back: the name and the acronym would disagree, which only a person can settle.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from review_app.checks.base import Finding
from review_app.text.acronyms import splits_definition


@dataclass(slots=True)
class FixResult:
    """The corrected text, the findings applied, those skipped because they overlapped, and those held back
    because they would split an acronym's definition."""

    text: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)
    held: list[Finding] = field(default_factory=list)


def _overlaps(a: Finding, b: Finding) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions conflict with edits around the same point
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def choose(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(edits to apply, overlapping edits skipped), in application order."""
    candidates = sorted(
        (f for f in findings if f.suggestion is not None),
        key=lambda f: (f.line, f.start, -(f.end - f.start), f.check, f.suggestion),
    )
    taken: list[Finding] = []
    skipped: list[Finding] = []
    by_line: dict[int, list[Finding]] = {}
    edits: dict[int, set[tuple[int, int, str | None]]] = {}
    for f in candidates:
        same_line = by_line.setdefault(f.line, [])
        seen = edits.setdefault(f.line, set())
        if (f.start, f.end, f.suggestion) in seen:
            continue  # the same edit proposed by another check
        # The edits taken on a line do not overlap and come in order of start, so their ends rise too:
        # only the last ones, those ending at or after this start, can overlap it (a long line may
        # carry many findings, so not every one is compared).
        if any(_overlaps(f, g) for g in _reaching(same_line, f.start)):
            skipped.append(f)
            continue
        seen.add((f.start, f.end, f.suggestion))
        same_line.append(f)
        taken.append(f)
    return taken, skipped


def _reaching(taken: list[Finding], start: int) -> Iterator[Finding]:
    """The taken edits, last first, that end at or after ``start``."""
    for g in reversed(taken):
        if g.end < start:
            return
        yield g


def apply_fixes(text: str, findings: Sequence[Finding], checks: Iterable[str] | None = None) -> FixResult:
    """Apply the suggestions of ``findings`` from ``checks`` (all when None) to ``text``.

    Line numbers in findings refer to ``text.split("\\n")``; a finding covering a whole
    non-empty line with the suggestion ``""`` deletes the line and its line end.
    """
    allowed = None if checks is None else set(checks)
    chosen, skipped = choose(f for f in findings if allowed is None or f.check in allowed)
    parts = text.split("\n")
    held = [f for f in chosen if 0 < f.line <= len(parts)
            and splits_definition(parts[f.line - 1], f.start, f.end, f.suggestion or "") is not None]
    held_ids = {id(f) for f in held}
    chosen = [f for f in chosen if id(f) not in held_ids]
    edits: dict[int, list[Finding]] = {}
    for f in chosen:
        edits.setdefault(f.line - 1, []).append(f)
    out: list[str] = []
    for index, body in enumerate(parts):
        ending = "\n" if index < len(parts) - 1 else ""
        line_edits = edits.get(index, [])
        if any(f.start == 0 and f.end == len(body) and f.suggestion == "" and body for f in line_edits):
            continue  # the whole line goes, with its line end
        # One pass over the line, not one copy of it per edit.
        pieces, done = [], 0
        for f in sorted(line_edits, key=lambda f: f.start):
            pieces += [body[done : f.start], f.suggestion or ""]
            done = f.end
        out.append("".join(pieces) + body[done:] + ending)
    return FixResult("".join(out), chosen, skipped, held)


def describe(finding: Finding, text_lines: Sequence[str]) -> str:
    """One report line for an applied fix: where, which check, before → after."""
    line = text_lines[finding.line - 1] if 0 < finding.line <= len(text_lines) else ""
    before = line[finding.start : finding.end]
    if finding.start == 0 and finding.end == len(line) and finding.suggestion == "" and line:
        after = "(line deleted)"
    else:
        after = repr(finding.suggestion)
    return f"{finding.line}:{finding.start}-{finding.end} {finding.check}: {before!r} -> {after}"
