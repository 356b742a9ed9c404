"""One problem, one finding: a line that a finding deletes whole shows that finding only.

When a check proposes deleting a whole line (page chrome, a credit, an untranslated label), every
other finding on that line is about text that goes away; reporting them too makes one problem look
like four. The deletion that explains the line best is kept (an extraneous-text check before an
untranslated one, then the more severe, then registry order) and the others are named in its message.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from review_app.checks.base import Finding
from review_app.vocab import SEVERITIES

EXTRANEOUS = "Design/Extraneous text"


def deletes_line(finding: Finding, line: str) -> bool:
    """The finding's suggestion deletes the whole (non-blank) line."""
    # The cheap tests first: strip() reads the whole line, and a long line can carry many findings.
    return finding.start == 0 and finding.end == len(line) and finding.suggestion == "" and bool(line.strip())


def one_per_problem(findings: Sequence[Finding], lines: Sequence[str], order: Sequence[str]) -> list[Finding]:
    """``findings`` with each deleted line reduced to its best deletion; order and other lines unchanged.

    ``order`` is the registry order of check ids (the last tie-break).
    """
    rank = {cid: i for i, cid in enumerate(order)}
    by_line: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        by_line[f.line].append(f)
    keep: dict[int, Finding] = {}
    for number, group in by_line.items():
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        deletions = [f for f in group if deletes_line(f, line)]
        if not deletions or len(group) == 1:
            continue
        best = min(
            deletions,
            key=lambda f: (f.category != EXTRANEOUS, -SEVERITIES.index(f.severity), rank.get(f.check, len(rank))),
        )
        others = Counter(f.check for f in group if f is not best)
        detail = ", ".join(f"{cid} ×{n}" if n > 1 else cid for cid, n in others.items())
        keep[number] = Finding(
            best.line,
            best.start,
            best.end,
            best.check,
            best.category,
            best.severity,
            f"{best.message} (also on this line: {detail})",
            best.suggestion,
        )
    merged = set(keep)
    out: list[Finding] = []
    for f in findings:
        if f.line not in merged:
            out.append(f)
        elif f.line in keep and f.check == keep[f.line].check and deletes_line(f, lines[f.line - 1]):
            out.append(keep.pop(f.line))  # the kept one, in its original place
    return out
