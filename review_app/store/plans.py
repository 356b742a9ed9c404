"""Plans of mass changes (read only): what each would write, segment by segment, for the batch preview.

Three kinds, one :class:`~review_app.store.batch.Plan` type, applied by
:meth:`~review_app.store.batch.Batches.apply_plan`:

- :meth:`Plans.plan_check_fixes`: every open fix of one check across documents;
- :meth:`Plans.plan_fix_to_similar`: one finding's fix on every open finding with the same check, text
  and fix in its document;
- :meth:`Plans.plan_edit`: a reviewer's phrase edit on the phrase's other occurrences in a document
  (:meth:`Plans.pending_edit` is the reviewer's newest edit that can still be offered).

A segment is held back (left out unless the reviewer keeps it) when a change would replace one side
of an acronym defined in place and not the other ("One Belt— One Road Initiative (OBOR)" → "…
(BRI)"): the name and its acronym would disagree, which only a person can settle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import exists, select

from review_app.store.actions import apply_fixes
from review_app.store.auth import Actor, User
from review_app.store.batch import Batches, Plan, PlannedChange, SegmentChange
from review_app.store.models import Event, Finding, Segment
from review_app.store.records import FixError, StoreError
from review_app.store.spans import map_span
from review_app.text.acronyms import Definition, splits_definition
from review_app.text.propagate import PhraseEdit, apply_occurrences, occurrences

EDIT_KIND = "apply-edit-all"
NOT_PLACED = "the flagged text was already edited"


@dataclass(frozen=True, slots=True)
class EditOffer:
    """A reviewer's newest hand edit that was neither applied elsewhere nor undone: the event, its
    segment (id and 0-based position) and the text before and after."""

    event_id: int
    segment_id: int
    position: int
    before: str
    after: str


def _held_note(d: Definition) -> str:
    return (f"“{d.name} ({d.acronym})” defines the acronym: changing one side only would leave the name and "
            "the acronym disagreeing")


def _fix_change(segment: Segment, findings: Sequence[Finding]) -> tuple[PlannedChange | None, int]:
    """The planned change of ``findings``' fixes on the segment (None when none can be placed), and how many
    could not be placed."""
    fixes = apply_fixes(segment, findings)
    if not fixes.closed:
        return None, fixes.failed
    held = ""
    for f in findings:
        span = map_span(segment.mt, segment.corrected, f.start, f.end, f.quote)
        split = splits_definition(segment.corrected, *span, f.suggestion or "") if span else None
        if split is not None:
            held = _held_note(split)
            break
    change = SegmentChange(segment.id, corrected=fixes.corrected, findings=fixes.closed,
                           expected_version=segment.version)
    planned = PlannedChange(segment.position, segment.corrected, fixes.corrected, change, fixes.applied, held)
    return planned, fixes.failed


def _quoted(text: str) -> str:
    return f"“{text}”" if text else "(nothing)"


class Plans(Batches):
    """The read side of mass changes: plans for the preview, and the edit a reviewer may still propagate."""

    def _fix_plan(self, kind: str, label: str, segments: Iterable[tuple[Segment, list[Finding]]],
                  details: dict[str, object]) -> Plan:
        changes: list[PlannedChange] = []
        skipped: list[tuple[int, str]] = []
        for segment, findings in segments:
            planned, failed = _fix_change(segment, findings)
            if failed:
                skipped.append((segment.position, NOT_PLACED))
            if planned is not None:
                changes.append(planned)
        return Plan(kind, label, changes, skipped, details)

    def plan_check_fixes(self, document_ids: Sequence[int], check: str) -> Plan:
        """Every open fix of ``check`` in the documents, segment by segment (nothing is written)."""
        with self._read() as session:
            segments = session.scalars(
                select(Segment).where(Segment.document_id.in_(document_ids),
                                      Segment.findings.any((Finding.check_id == check) & (Finding.state == "open")))
                .order_by(Segment.document_id, Segment.position)
            ).all()
            pairs = [(s, sorted((f for f in s.findings if f.check_id == check and f.state == "open"
                                 and f.suggestion is not None), key=lambda f: -f.start)) for s in segments]
            return self._fix_plan("apply-check-fixes", f"the {check} fixes", pairs, {"check": check})

    def plan_fix_to_similar(self, finding_id: int) -> Plan:
        """The finding's fix on every open finding of its document with the same check, text and fix."""
        with self._read() as session:
            finding = session.get(Finding, finding_id)
            if finding is None:
                raise StoreError(f"no finding with id {finding_id}")
            if finding.state != "open" or finding.suggestion is None:
                raise FixError("only an open finding with a suggested fix can be applied to similar findings")
            similar = session.scalars(
                select(Finding).join(Segment).where(
                    Finding.document_id == finding.document_id, Finding.check_id == finding.check_id,
                    Finding.quote == finding.quote, Finding.suggestion == finding.suggestion, Finding.state == "open",
                ).order_by(Segment.position, Finding.start.desc())
            ).all()
            by_segment: dict[int, list[Finding]] = {}
            for f in similar:
                by_segment.setdefault(f.segment_id, []).append(f)
            pairs = [(fs[0].segment, fs) for fs in by_segment.values()]
            label = f"the {finding.check_id} fix {_quoted(finding.quote)} → {_quoted(finding.suggestion)}"
            return self._fix_plan("apply-fix-all", label, pairs, {"check": finding.check_id, "group": finding_id})

    def plan_edit(self, document_id: int, edit: PhraseEdit, *, exclude: int | None = None,
                  source: int | None = None) -> Plan:
        """``edit.before`` → ``edit.after`` wherever the document's corrected texts have it, except in segment
        ``exclude``; ``source`` is the edit event it comes from (recorded, so it is not offered again)."""
        if not any(ch.isalnum() for ch in edit.before):
            raise StoreError("type the phrase to look for (a word at least)")
        with self._read() as session:
            rows = session.execute(select(Segment.id, Segment.position, Segment.corrected, Segment.version)
                                   .where(Segment.document_id == document_id).order_by(Segment.position)).all()
        changes: list[PlannedChange] = []
        for row in rows:
            found = occurrences(edit, [(row.id, row.position, row.corrected)], exclude=exclude)
            if not found:
                continue
            held = ""
            for o in found:
                split = splits_definition(row.corrected, o.start, o.end, o.replacement)
                if split is not None:
                    held = _held_note(split)
                    break
            after = apply_occurrences(row.corrected, found)
            change = SegmentChange(row.id, corrected=after, expected_version=row.version)
            changes.append(PlannedChange(row.position, row.corrected, after, change, len(found), held))
        details: dict[str, object] = {"edit": [edit.before, edit.after]}
        if source is not None:
            details["source"] = source
        return Plan(EDIT_KIND, f"{_quoted(edit.before)} → {_quoted(edit.after)}", changes, [], details)

    def pending_edit(self, document_id: int, actor: Actor) -> EditOffer | None:
        """The actor's newest hand edit in the document, unless it was undone or already applied elsewhere."""
        mine = Event.user_id == actor.id if isinstance(actor, User) else (
            Event.user_id.is_(None) & (Event.actor == actor.name))
        with self._read() as session:
            event = session.scalar(select(Event).where(Event.document_id == document_id, Event.kind == "edit", mine)
                                   .order_by(Event.id.desc()).limit(1))
            if event is None or event.segment_id is None or "corrected" not in (event.before or {}):
                return None
            if session.scalar(select(exists().where(Event.undoes == event.id))):
                return None
            later = session.scalars(select(Event.after).where(Event.document_id == document_id, Event.kind == EDIT_KIND,
                                                              Event.id > event.id))
            if any((after or {}).get("source") == event.id for after in later):
                return None
            position = session.scalar(select(Segment.position).where(Segment.id == event.segment_id))
            return EditOffer(event.id, event.segment_id, position or 0, str(event.before["corrected"]),
                             str(event.after.get("corrected", "")))
