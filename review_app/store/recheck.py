"""Re-check a segment after its corrected text changed, so its findings follow the text.

Xbench's rule: a finding goes away when the text no longer has the problem, and a problem the edit
brought in is found. Every change of a segment's corrected text (an edit, a fix, a batch, an edit
applied to all occurrences, an undo) is written by ``ReviewActions._commit``, which calls
:func:`recheck` in the same transaction and records what it changed in the same event, so that undo
puts it back exactly.

The checks run as at import: the registry's checks with the project's languages and glossary, the
segments' sources and references, and the document-level statistics (dash and spacing style,
spellings, terms learned from the reference) of the document's MT, computed once per document and
kept in :class:`DocumentChecksCache`. The new corrected text is checked as the segment's line of the
document, every other line as imported: a segment's findings depend on its own text, never on the
order in which the others were edited, and a re-check costs one line's checks.

What the re-check does with the segment's findings (only those of the registry's checks: a finding
that is not about the text, "alignment uncertain", is left alone, and so is an applied one):

* a finding whose problem is still in the text (same check, same text, same suggestion, at the place
  its span maps to) stays; one resolved earlier is open again; a finding on the corrected text
  follows the text (its span moves);
* an open finding whose problem is gone is ``resolved`` ("resolved by edit"); an empty corrected
  text (a deleted segment) resolves them all;
* a dismissed finding keeps its state, and a problem it names stays dismissed wherever it now is;
* a problem no finding names is a new open finding on the corrected text (``span_on="corrected"``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.checks import CHECKS, Context, DocumentChecks, parse_glossary, segments_context
from review_app.checks import Finding as Problem
from review_app.store.models import Document, Finding, Project, Segment
from review_app.store.spans import finding_span

# Findings of these checks are about the segment's text; any other (``alignment``) is not re-checked.
TEXT_CHECKS = frozenset(CHECKS)

_Key = tuple[int, datetime, str, str, str]


class DocumentChecksCache:
    """The :class:`DocumentChecks` of the documents re-checked lately (one store's, up to ``size``).

    Keyed by what they are built from besides the segments' texts, which never change after import:
    the document (and its import time, should an id be reused), the project's languages and glossary.
    """

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._items: OrderedDict[_Key, DocumentChecks] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, document_id: int) -> DocumentChecks:
        """The document's checks, built from the database on first use (one query for the segments)."""
        created_at, src_lang, tgt_lang, glossary = session.execute(
            select(Document.created_at, Project.src_lang, Project.tgt_lang, Project.glossary)
            .join(Project, Project.id == Document.project_id).where(Document.id == document_id)
        ).one()
        key: _Key = (document_id, created_at, src_lang, tgt_lang, glossary or "")
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        rows = session.execute(select(Segment.mt, Segment.src, Segment.ref)
                               .where(Segment.document_id == document_id).order_by(Segment.position)).all()
        # The importer's context (review.importer, checks.check_segments), so unchanged text finds the same.
        base = Context(target_lang=tgt_lang, source_lang=src_lang,
                       glossary=parse_glossary(glossary) if glossary and glossary.strip() else [])
        checks = DocumentChecks([r.mt for r in rows], segments_context(base, [r.src for r in rows],
                                                                       [r.ref for r in rows]))
        with self._lock:
            self._items[key] = checks
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return checks


@dataclass(slots=True)
class Recheck:
    """What a re-check changed: finding states and spans (before, after) and the findings it added."""

    states: dict[int, tuple[str, str]] = field(default_factory=dict)
    spans: dict[int, tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=dict)
    added: list[int] = field(default_factory=list)

    def recorded(self, before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """An event's ``before``/``after`` with these changes added (new dicts: the given ones are left as they are).

        A finding the action itself changed keeps its ``before`` state; its ``after`` is the re-check's."""
        before, after = dict(before), dict(after)
        if self.states:
            before["findings"] = {**{str(k): old for k, (old, _new) in self.states.items()},
                                  **(before.get("findings") or {})}
            after["findings"] = {**(after.get("findings") or {}),
                                 **{str(k): new for k, (_old, new) in self.states.items()}}
        if self.spans:
            before["finding_spans"] = {**{str(k): list(old) for k, (old, _new) in self.spans.items()},
                                       **(before.get("finding_spans") or {})}
            after["finding_spans"] = {**(after.get("finding_spans") or {}),
                                      **{str(k): list(new) for k, (_old, new) in self.spans.items()}}
        if self.added:
            after["added_findings"] = [*(after.get("added_findings") or []), *self.added]
        return before, after

    def __bool__(self) -> bool:
        return bool(self.states or self.spans or self.added)


def recheck(session: Session, segment: Segment, previous: str, documents: DocumentChecksCache) -> Recheck:
    """Bring the segment's findings in line with its corrected text, in ``session`` (nothing is committed).

    ``previous`` is the corrected text the spans of its corrected-text findings point into (the text
    before the change; for an undo, the restored text, as undo put those spans back).
    """
    text = segment.corrected
    problems: list[Problem] = []
    if text.strip():  # an empty text is a deleted segment: nothing of it is left to have a problem
        problems = documents.get(session, segment.document_id).check_line(segment.position, text)
    free = dict(enumerate(problems))  # not yet claimed by a finding, in text order

    def claim(f: Finding, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """The span of a free problem that is ``f``'s (at ``span``; anywhere when None), claimed."""
        for i, p in free.items():
            if (p.check, text[p.start:p.end], p.suggestion) == (f.check_id, f.quote, f.suggestion) and (
                    span is None or (p.start, p.end) == span):
                del free[i]
                return p.start, p.end
        return None

    change = Recheck()
    # Open and dismissed findings claim their problems before resolved ones may reopen; a finding on the
    # corrected text that was resolved no longer has a span on it (it stayed where the text was).
    candidates = sorted((f for f in segment.findings if f.check_id in TEXT_CHECKS and f.state != "applied"
                         and not (f.span_on == "corrected" and f.state == "resolved")),
                        key=lambda f: (f.state == "resolved", f.id))
    unclaimed: list[Finding] = []
    for f in candidates:
        span = finding_span(segment.mt, previous, text, f.span_on, f.start, f.end, f.quote)
        found = claim(f, span) if span is not None else None
        if found is None:
            unclaimed.append(f)
        else:
            _keep(f, found, change)
    for f in unclaimed:
        if f.state == "dismissed":
            # The reviewer judged this problem: where the edit moved it, it stays judged (not reported again).
            found = claim(f, None)
            if found is not None:
                _keep(f, found, change)
        elif f.state == "open":
            change.states[f.id] = ("open", "resolved")
            f.state = "resolved"
    new = [_new_finding(segment, text, p) for p in free.values()]
    if new:
        segment.findings.extend(new)
        session.flush()
        change.added = [f.id for f in new]
    return change


def _keep(f: Finding, span: tuple[int, int], change: Recheck) -> None:
    """``f`` names a problem still in the text at ``span``: open again if it was resolved, moved with the text."""
    if f.state == "resolved":
        change.states[f.id] = ("resolved", "open")
        f.state = "open"
    if f.span_on == "corrected" and (f.start, f.end) != span:
        change.spans[f.id] = ((f.start, f.end), span)
        f.start, f.end = span


def _new_finding(segment: Segment, text: str, p: Problem) -> Finding:
    return Finding(document_id=segment.document_id, check_id=p.check, category=p.category, severity=p.severity,
                   message=p.message, start=p.start, end=p.end, quote=text[p.start:p.end], suggestion=p.suggestion,
                   state="open", span_on="corrected")


def restore(session: Session, segment: Segment, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Undo an event's re-check: the spans in ``before`` put back, the findings ``after`` added removed."""
    for finding_id, (start, end) in (before.get("finding_spans") or {}).items():
        finding = session.get(Finding, int(finding_id))
        if finding is not None:
            finding.start, finding.end = start, end
    added = {int(i) for i in after.get("added_findings") or ()}
    for finding in [f for f in segment.findings if f.id in added]:
        segment.findings.remove(finding)  # delete-orphan: the row goes with the flush


def recheck_segments(session: Session, segments: Sequence[Segment], documents: DocumentChecksCache) -> Recheck:
    """Re-check segments whose text did not change but whose checks did (a glossary change); their findings'
    spans are on their current text. Returns the changes summed (states and added findings)."""
    total = Recheck()
    for segment in segments:
        change = recheck(session, segment, segment.corrected, documents)
        total.states.update(change.states)
        total.spans.update(change.spans)
        total.added += change.added
    return total
