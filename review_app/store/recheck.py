"""Re-check a segment after its corrected text changed, so its findings follow the text.

Xbench's rule: a finding goes away when the text no longer has the problem, and a problem the edit
brought in is found. Every change of a segment's corrected text (an edit, a fix, a batch, an edit
applied to all occurrences, an undo) is written by ``ReviewActions._commit``, which calls
:func:`recheck` in the same transaction and records what it changed in the same event, so that undo
puts it back exactly.

The checks run as at import: the registry's checks with the project's languages and glossary, the
segments' sources and references. The new text is checked as the segment's line of the document as it
now reads (the other segments' corrected texts: page structure, quotation pairs and spellings are
those of the reviewed text), with the document-level statistics that must not drift with the
reviewers' work (terms learned from the reference, dash and spacing style) taken from the MT as
imported. :class:`DocumentChecksCache` keeps each document's checks between actions and brings them
up to date by segment versions, so a re-check costs one line's checks, not the document's.

What the re-check does with the segment's findings (only those of the registry's checks: a finding
that is not about the text, "alignment uncertain", is left alone, and so is an applied one):

* a finding whose problem is still in the text (same check, same text, same suggestion, at the place
  its span maps to) stays; one resolved earlier is open again; a finding on the corrected text
  follows the text (its span moves);
* an open finding whose problem is gone is ``resolved`` ("resolved by edit"); an empty corrected
  text (a deleted segment) resolves them all;
* a dismissed finding keeps its state, and a problem it names stays dismissed wherever it now is;
* a problem no finding names is a new open finding on the corrected text (``span_on="corrected"``);
* an open consistency finding (term consistency) on another segment that the document as it now
  reads no longer produces is resolved too: rewriting "One Belt— One Road Initiative (OBOR)" in one
  segment settles the note on "Belt and Road Initiative" in another.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from review_app.checks import CHECKS, Context, DocumentChecks, parse_glossary, segments_context
from review_app.checks import Finding as Problem
from review_app.store.models import Document, Finding, Project, Segment
from review_app.store.repetition import repeated_in_project
from review_app.store.spans import finding_span

# Findings of these checks are about the segment's text; any other (``alignment``) is not re-checked.
TEXT_CHECKS = frozenset(CHECKS)

_Key = tuple[int, datetime, int, str, str, str, tuple[int, int, int]]
_FETCH = 500  # segments whose text is read per query when a document catches up
_USED = "review_app.document_checks"  # session.info key: the documents a transaction's re-checks used


@dataclass(slots=True)
class _Entry:
    checks: DocumentChecks
    versions: list[int]  # each segment's version as last read
    total: int  # their sum: versions only grow, so an unchanged sum means unchanged segments
    lock: threading.Lock = field(default_factory=threading.Lock)


class DocumentChecksCache:
    """The :class:`DocumentChecks` of the documents re-checked lately (one store's, up to ``size``).

    Keyed by what they are built from besides the segments' texts: the document (its import time,
    should an id be reused, and how often its alignment was corrected), the project's languages and
    glossary, and which of its documents are live (their lines are the chrome check's repetition
    evidence). Each follows the segments' corrected texts: before it is used, the segments whose version
    moved on (an edit in this process or another) are read again. Versions only grow, so the sum of the
    document's versions tells in one aggregate whether anything but the segment being changed moved on;
    only then are they compared one by one.
    """

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._items: OrderedDict[_Key, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    @contextmanager
    def current(self, session: Session, segment: Segment) -> Iterator[DocumentChecks]:
        """The checks of ``segment``'s document with its lines as ``session`` sees them (``segment``'s flushed
        change included); held for this thread meanwhile."""
        document_id = segment.document_id
        key, entry = self._entry(session, document_id)
        session.info.setdefault(_USED, set()).add(key)
        with entry.lock:
            total = session.scalar(select(func.sum(Segment.version)).where(Segment.document_id == document_id))
            if total != entry.total + segment.version - entry.versions[segment.position]:
                self._catch_up(session, entry, document_id)  # another segment moved on too
            entry.checks.set_line(segment.position, segment.corrected)
            entry.versions[segment.position] = segment.version
            entry.total = total or 0
            yield entry.checks

    @staticmethod
    def _catch_up(session: Session, entry: _Entry, document_id: int) -> None:
        """Read again the corrected texts of the segments whose version moved on."""
        rows = session.execute(select(Segment.position, Segment.version)
                               .where(Segment.document_id == document_id).order_by(Segment.position)).all()
        stale = [position for position, version in rows if entry.versions[position] != version]
        for start in range(0, len(stale), _FETCH):
            chunk = stale[start:start + _FETCH]
            for position, corrected, version in session.execute(
                    select(Segment.position, Segment.corrected, Segment.version)
                    .where(Segment.document_id == document_id, Segment.position.in_(chunk))):
                entry.checks.set_line(position, corrected)
                entry.versions[position] = version

    def forget(self, session: Session) -> None:
        """Drop the documents ``session`` used: it rolled back, so texts they read from it may never have been
        written (a later write may even reach the same version numbers)."""
        with self._lock:
            for key in session.info.pop(_USED, ()):
                self._items.pop(key, None)

    def _entry(self, session: Session, document_id: int) -> tuple[_Key, _Entry]:
        key, languages = self._key(session, document_id)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return key, self._items[key]
        rows = session.execute(select(Segment.mt, Segment.src, Segment.ref, Segment.corrected, Segment.version)
                               .where(Segment.document_id == document_id).order_by(Segment.position)).all()
        entry = _built(languages, [(r.mt, r.src, r.ref, r.corrected, r.version) for r in rows],
                       _repeated(session, document_id, [r.mt for r in rows]))
        with self._lock:
            entry = self._items.setdefault(key, entry)
            self._trim()
        return key, entry

    @staticmethod
    def _key(session: Session, document_id: int, realigned: int | None = None
             ) -> tuple[_Key, tuple[str, str, str | None]]:
        """The cache key of the document (``realigned``: as it will be once its alignment is changed again)
        and its languages and glossary."""
        # The project's live documents are the repetition evidence of the chrome check: an import, an archive or a
        # restore changes it, so the checks are built afresh after one (the documents' count and the sum and sum of
        # squares of their ids tell one set from another), read in the same statement.
        live = aliased(Document)
        of_project = (live.project_id == Project.id) & live.archived_at.is_(None)
        created_at, count, src_lang, tgt_lang, glossary, *documents = session.execute(
            select(Document.created_at, Document.realigned, Project.src_lang, Project.tgt_lang, Project.glossary,
                   *(select(aggregate).where(of_project).scalar_subquery() for aggregate in (
                       func.count(live.id), func.coalesce(func.sum(live.id), 0),
                       func.coalesce(func.sum(live.id * live.id), 0))))
            .join(Project, Project.id == Document.project_id).where(Document.id == document_id)
        ).one()
        # ``realigned``: a merge or a split renumbers the lines, so the document is read afresh after one.
        key: _Key = (document_id, created_at, count if realigned is None else realigned, src_lang, tgt_lang,
                     glossary or "", (int(documents[0]), int(documents[1]), int(documents[2])))
        return key, (src_lang, tgt_lang, glossary)

    def _trim(self) -> None:
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def prepare(self, session: Session, document_id: int, realigned: int, lines: Sequence[SegmentLine],
                warm: int = 0) -> Prepared:
        """The checks of the document as it will read once its alignment is changed (its ``realigned`` count
        then; ``lines``: each segment's MT, source, reference, corrected text and version, in order; a version
        of -1 makes the first use read that segment again), built from a read, before the write transaction
        that changes it: building them is what costs (seconds for a long document), not the write."""
        key, languages = self._key(session, document_id, realigned)
        entry = _built(languages, lines, _repeated(session, document_id, [line[0] for line in lines]))
        if lines:  # the statistics are computed at the first check: here, not under the write lock (line ``warm``)
            entry.checks.check_line(warm, lines[warm][3])
        return Prepared(key, entry)

    def install(self, session: Session, prepared: Prepared) -> None:
        """Use prepared checks from now on (in the write transaction that makes them true; dropped if it rolls
        back)."""
        session.info.setdefault(_USED, set()).add(prepared.key)
        with self._lock:
            self._items[prepared.key] = prepared.entry
            self._items.move_to_end(prepared.key)
            self._trim()


SegmentLine = tuple[str, str | None, str, str, int]  # a segment's MT, source, reference, corrected text and version


@dataclass(frozen=True, slots=True)
class Prepared:
    """Checks of a document built ahead of a write (:meth:`DocumentChecksCache.prepare`)."""

    key: _Key
    entry: _Entry


def _repeated(session: Session, document_id: int, lines: Sequence[str]) -> frozenset[str]:
    """The document's MT lines that recur in its project's other live documents (the importer's evidence)."""
    project_id = session.scalar(select(Document.project_id).where(Document.id == document_id))
    return frozenset() if project_id is None else repeated_in_project(session, project_id, lines, document_id)


def _built(languages: tuple[str, str, str | None], rows: Sequence[SegmentLine],
           repeated: frozenset[str] = frozenset()) -> _Entry:
    """The checks of a document's segments (MT, source, reference, corrected text, version each); ``repeated``: its
    lines that recur in the project's other documents."""
    src_lang, tgt_lang, glossary = languages
    # The importer's context (review.importer, checks.check_segments), so unchanged text finds the same.
    base = Context(target_lang=tgt_lang, source_lang=src_lang,
                   glossary=parse_glossary(glossary) if glossary and glossary.strip() else [], repeated=repeated)
    checks = DocumentChecks([r[0] for r in rows], segments_context(base, [r[1] for r in rows], [r[2] for r in rows]))
    for position, row in enumerate(rows):
        checks.set_line(position, row[3])
    return _Entry(checks, [r[4] for r in rows], sum(r[4] for r in rows))


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


def recheck(session: Session, segment: Segment, previous: str, documents: DocumentChecksCache) -> Recheck:
    """Bring the segment's findings in line with its corrected text, in ``session`` (nothing is committed),
    and settle consistency notes elsewhere in the document that its new text settled.

    ``previous`` is the corrected text the spans of its corrected-text findings point into (the text
    before the change; for an undo, the restored text, as undo put those spans back).
    """
    change = Recheck()
    with documents.current(session, segment) as document:
        text = segment.corrected
        # An empty text is a deleted segment: nothing of it is left to have a problem.
        problems = document.check_line(segment.position, text) if text.strip() else []
        free = _match(segment, previous, problems, change, (f for f in segment.findings if f.check_id in TEXT_CHECKS))
        new = [_new_finding(segment, text, p) for p in free]
        if new:
            segment.findings.extend(new)
            session.flush()
            change.added = [f.id for f in new]
        _settle_elsewhere(session, segment, document, change)
    return change


def _match(segment: Segment, previous: str, problems: Sequence[Problem], change: Recheck,
           findings: Iterable[Finding]) -> list[Problem]:
    """Match ``findings`` of the segment with the problems found in its corrected text, recording in ``change``
    what that changes (see the module's docstring); returns the problems no finding names."""
    text = segment.corrected
    free = dict(enumerate(problems))  # not yet claimed by a finding, in text order

    def claim(f: Finding, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """The span of a free problem that is ``f``'s (at ``span``; anywhere when None), claimed."""
        for i, p in free.items():
            if (p.check, text[p.start:p.end], p.suggestion) == (f.check_id, f.quote, f.suggestion) and (
                    span is None or (p.start, p.end) == span):
                del free[i]
                return p.start, p.end
        return None

    # Open and dismissed findings claim their problems before resolved ones may reopen; a finding on the
    # corrected text that was resolved no longer has a span on it (it stayed where the text was).
    candidates = sorted((f for f in findings if f.state != "applied"
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
    return list(free.values())


def _settle_elsewhere(session: Session, segment: Segment, document: DocumentChecks, change: Recheck) -> None:
    """Resolve the open findings of consistency checks (term consistency) on the document's other segments
    that the document as it now reads no longer produces: one name for a concept, written once. New
    consistency problems of another segment are found when that segment's text changes."""
    consistency = {c.id for c in document.checks if c.consistency}
    others: dict[int, list[Finding]] = {}
    for f in session.scalars(select(Finding).where(
            Finding.document_id == segment.document_id, Finding.segment_id != segment.id,
            Finding.state == "open", Finding.check_id.in_(consistency))):
        others.setdefault(f.segment_id, []).append(f)
    for segment_id, findings in others.items():
        other = session.get(Segment, segment_id)
        assert other is not None
        text = other.corrected
        problems = document.check_line(other.position, text, only=consistency) if text.strip() else []
        _match(other, text, problems, change, findings)


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
    spans are on their current text. Returns the changes together."""
    total = Recheck()
    for segment in segments:
        change = recheck(session, segment, segment.corrected, documents)
        total.states.update(change.states)
        total.spans.update(change.spans)
        total.added += change.added
    return total
