"""A project's glossary after creation: add, edit, remove and import terms, export TSV.

Each change is one transaction with one event (the glossary before and after) and, inside the
same transaction, a re-check of every live document of the project with the glossary check (an
archived project's glossary cannot change; an archived document is re-checked when restored). The
re-check keeps reviewers' decisions: a glossary finding on the MT that is still produced keeps its
state, a new one opens, an open one that no longer applies goes away, and an applied, dismissed or
resolved one stays as the record of what happened. Segments whose corrected text differs from the
MT are then re-checked on that text (``store.recheck``): a new term's finding is resolved where the
reviewer already wrote the right term, and found where their text has the wrong one.

The check of the MT (the costly part: every segment of every document) runs before the transaction,
over the MT texts (which never change) and the glossary as read then; the transaction only writes
the findings, so other reviewers' saves do not wait for it. If the glossary or the project's live
documents changed in between, the transaction runs the check again itself (:class:`GlossaryCheck`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from review_app.checks import Context, GlossaryEntry, build_checks, parse_glossary, run_lines
from review_app.checks.glossary import format_glossary
from review_app.errors import InputError
from review_app.store.auth import Actor, require_admin
from review_app.store.base import StoreBase
from review_app.store.models import Document, Event, Finding, Project, Segment
from review_app.store.recheck import DocumentChecksCache, Recheck, recheck_segments
from review_app.store.records import StoreError

GLOSSARY_CHECK = "glossary"
LEARNED_CHECK = "reference-term"


@dataclass(frozen=True, slots=True)
class GlossaryChange:
    """What a glossary change did: the terms now, and the findings it opened and closed."""

    entries: list[GlossaryEntry]
    opened: int
    removed: int
    documents: int


# A glossary finding to have on a segment: (start, end, suggestion, message, category, severity).
Wanted = tuple[int, int, str | None, str, str, str]


@dataclass(frozen=True, slots=True)
class GlossaryCheck:
    """The glossary check of some documents, computed outside a transaction: for which glossary, and per
    document its segments (id, MT) in order and the findings wanted on each (by index)."""

    glossary: str
    documents: dict[int, tuple[list[tuple[int, str]], dict[int, list[Wanted]]]]


def glossary_tsv(entries: list[GlossaryEntry]) -> str:
    """Entries as glossary TSV (``wrong<TAB>right[<TAB>note]``), one per line, spreadsheet-safe (stored and
    downloaded alike: see :func:`review_app.checks.glossary.format_glossary`)."""
    return format_glossary(entries)


def _entries(text: str | None) -> list[GlossaryEntry]:
    return parse_glossary(text) if text and text.strip() else []


def _clean_term(wrong: str, right: str, note: str) -> GlossaryEntry:
    wrong, right, note = (" ".join(x.split()) for x in (wrong or "", right or "", note or ""))
    if not wrong or not right:
        raise StoreError("a glossary term needs both the wrong and the right form")
    if wrong == right:
        raise StoreError(f"the wrong and the right term are the same ({wrong!r})")
    return GlossaryEntry(wrong, right, note)


class GlossaryActions(StoreBase):
    """Write side of a project's glossary, with the re-check of its documents."""

    def glossary(self, project_id: int, *, offset: int = 0, limit: int | None = None) -> list[GlossaryEntry]:
        """The project's glossary terms, in file order (``offset``/``limit``: one page of them; the glossary is one
        text of the project's, read and parsed whole, which the checks need anyway)."""
        with self._read() as session:
            entries = _entries(self._project(session, project_id).glossary)
        start = max(offset, 0)
        return entries[start : None if limit is None else start + limit]

    def glossary_count(self, project_id: int) -> int:
        """How many terms the project's glossary has."""
        return len(self.glossary(project_id))

    def glossary_term(self, project_id: int, wrong: str) -> GlossaryEntry | None:
        """The project's term whose wrong form is ``wrong``, if any."""
        return next((e for e in self.glossary(project_id) if e.wrong == wrong), None)

    def export_glossary(self, project_id: int) -> str:
        """The project's glossary as TSV text (empty when it has none): no cell runs as a formula in a
        spreadsheet, and importing it back gives the same terms."""
        return glossary_tsv(self.glossary(project_id))

    def add_glossary_term(
        self, project_id: int, wrong: str, right: str, note: str = "", *, actor: Actor
    ) -> GlossaryChange:
        """Add one term (refused when the wrong form is already in the glossary)."""
        entry = _clean_term(wrong, right, note)

        def change(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
            if any(e.wrong == entry.wrong for e in entries):
                raise StoreError(f"the glossary already has {entry.wrong!r}: edit that term instead")
            return [*entries, entry]

        return self._change(project_id, actor, "glossary-add", change)

    def edit_glossary_term(
        self, project_id: int, old_wrong: str, wrong: str, right: str, note: str = "", *, actor: Actor
    ) -> GlossaryChange:
        """Replace the term whose wrong form is ``old_wrong``."""
        entry = _clean_term(wrong, right, note)

        def change(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
            if not any(e.wrong == old_wrong for e in entries):
                raise StoreError(f"the glossary has no term {old_wrong!r}")
            if entry.wrong != old_wrong and any(e.wrong == entry.wrong for e in entries):
                raise StoreError(f"the glossary already has {entry.wrong!r}")
            return [entry if e.wrong == old_wrong else e for e in entries]

        return self._change(project_id, actor, "glossary-edit", change)

    def remove_glossary_term(self, project_id: int, wrong: str, *, actor: Actor) -> GlossaryChange:
        """Remove the term whose wrong form is ``wrong``."""

        def change(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
            kept = [e for e in entries if e.wrong != wrong]
            if len(kept) == len(entries):
                raise StoreError(f"the glossary has no term {wrong!r}")
            return kept

        return self._change(project_id, actor, "glossary-remove", change)

    def import_glossary(
        self, project_id: int, tsv: str, *, replace: bool = False, actor: Actor, label: str = "glossary"
    ) -> GlossaryChange:
        """Terms from glossary TSV: added to the glossary (a term already there is updated), or replacing it.

        A malformed file raises :class:`InputError` naming it and the line; nothing is written.
        """
        incoming = parse_glossary(tsv, label)

        def change(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
            if replace:
                return incoming
            by_wrong = {e.wrong: e for e in incoming}
            merged = [by_wrong.pop(e.wrong, e) for e in entries]
            return merged + [e for e in incoming if e.wrong in by_wrong]

        return self._change(project_id, actor, "glossary-import", change)

    # --- one transaction per change --------------------------------------------------------------

    @staticmethod
    def _project(session: Session, project_id: int, *, lock: bool = False) -> Project:
        """The project (StoreError when absent); with ``lock``, its row locked until commit: glossary changes (and
        imports) take turns, so a change starts from the glossary the one before it wrote, never from an older one
        it would overwrite (NO KEY: reviewers' saves do not wait for it)."""
        project = session.get(Project, project_id, with_for_update={"key_share": True} if lock else None)
        if project is None:
            raise StoreError(f"no project with id {project_id}")
        return project

    def _prepare_change(self, project_id: int, actor: Actor,
                        change: Callable[[list[GlossaryEntry]], list[GlossaryEntry]]) -> GlossaryCheck | None:
        """The check of the changed glossary on the project's live documents, before the transaction (None
        when the change would be refused: the transaction refuses it with its message)."""
        with self._read() as session:
            project = session.get(Project, project_id)
            if project is None or project.archived_at is not None:
                return None
            require_admin(session, actor, "changing a project's glossary")
            try:
                entries = change(_entries(project.glossary))
            except (InputError, StoreError):
                return None
            return check_glossary(session, project, entries)

    def _change(
        self, project_id: int, actor: Actor, kind: str, change: Callable[[list[GlossaryEntry]], list[GlossaryEntry]]
    ) -> GlossaryChange:
        prepared = self._prepare_change(project_id, actor, change)
        with self._write() as session:
            who = require_admin(session, actor, "changing a project's glossary")
            project = self._project(session, project_id, lock=True)
            if project.archived_at is not None:
                raise StoreError(f"project {project.name!r} is archived: restore it to change its glossary")
            before = project.glossary or ""
            try:
                entries = change(_entries(before))
            except InputError as exc:
                raise StoreError(str(exc)) from None
            project.glossary = glossary_tsv(entries) or None
            result = recheck_glossary(session, project, entries, documents=self.document_checks, prepared=prepared)
            session.add(
                Event(
                    actor=who.name,
                    user_id=who.user_id,
                    kind=kind,
                    project_id=project.id,
                    before={"glossary": before},
                    after={"glossary": project.glossary or "", "opened": result.opened, "removed": result.removed,
                           "resolved_on_text": result.resolved, "found_on_text": result.found},
                )
            )
        return GlossaryChange(entries, result.opened, result.removed, result.documents)


class GlossaryRecheck(NamedTuple):
    """What re-checking documents after a glossary change did."""

    opened: int  # glossary findings opened on the MT
    removed: int  # open glossary findings on the MT that no longer apply, removed
    documents: int
    resolved: int  # findings the edited segments' corrected texts no longer have: resolved by edit
    found: int  # problems found on those texts: new findings, or resolved ones open again


def _live_documents(session: Session, project: Project) -> list[int]:
    return list(session.scalars(select(Document.id).where(Document.project_id == project.id,
                                                          Document.archived_at.is_(None)).order_by(Document.id)))


def check_glossary(session: Session, project: Project, entries: list[GlossaryEntry] | None = None,
                   document_ids: Sequence[int] | None = None) -> GlossaryCheck:
    """Run the glossary check (``entries``, else the project's glossary) over the MT of the given documents
    (by default the project's live ones); nothing is written, so this may run outside the write transaction."""
    if entries is None:
        entries = _entries(project.glossary)
    checks = build_checks([GLOSSARY_CHECK])
    context = Context(target_lang=project.tgt_lang, source_lang=project.src_lang, glossary=entries)
    documents: dict[int, tuple[list[tuple[int, str]], dict[int, list[Wanted]]]] = {}
    for document_id in _live_documents(session, project) if document_ids is None else document_ids:
        segments = [(row.id, row.mt) for row in session.execute(
            select(Segment.id, Segment.mt).where(Segment.document_id == document_id).order_by(Segment.position))]
        found = run_lines([mt for _id, mt in segments], context, checks) if entries else []
        wanted: dict[int, list[Wanted]] = {}
        for f in found:
            wanted.setdefault(f.line - 1, []).append((f.start, f.end, f.suggestion, f.message, f.category, f.severity))
        documents[document_id] = (segments, wanted)
    return GlossaryCheck(glossary_tsv(entries), documents)


def recheck_glossary(
    session: Session, project: Project, entries: list[GlossaryEntry] | None = None,
    document_ids: Sequence[int] | None = None, *, documents: DocumentChecksCache,
    prepared: GlossaryCheck | None = None,
) -> GlossaryRecheck:
    """Bring the MT's glossary findings of the given documents (by default the project's live ones: an
    archived document is read-only, so it catches up when it is restored, :mod:`review_app.store.archive`)
    in line with the glossary (``entries``, else the project's), then re-check the edited segments on their
    corrected text with the project's checks (through ``documents``). ``prepared``: the check computed
    before the transaction, used when it was made for this glossary and these documents (else it runs here)."""
    if entries is None:
        entries = _entries(project.glossary)
    if document_ids is None:
        document_ids = _live_documents(session, project)
    if prepared is None or prepared.glossary != glossary_tsv(entries) or list(prepared.documents) != list(document_ids):
        prepared = check_glossary(session, project, entries, document_ids)
    opened = removed = 0
    text = Recheck()
    for document_id, (segments, wanted) in prepared.documents.items():
        added, gone = _write_findings(session, document_id, segments, wanted)
        opened += added
        removed += gone
        edited = session.scalars(select(Segment).where(Segment.document_id == document_id,
                                                       Segment.corrected != Segment.mt)
                                 .order_by(Segment.position)).all()
        change = recheck_segments(session, list(edited), documents)
        text.states.update(change.states)
        text.added += change.added
    resolved = sum(new == "resolved" for _old, new in text.states.values())
    found_on_text = len(text.added) + sum(new == "open" for _old, new in text.states.values())
    return GlossaryRecheck(opened, removed, len(prepared.documents), resolved, found_on_text)


def _write_findings(session: Session, document_id: int, segments: list[tuple[int, str]],
                    wanted: dict[int, list[Wanted]]) -> tuple[int, int]:
    """One document's glossary findings on the MT made to match ``wanted``; returns (opened, removed)."""
    # The MT's findings only: one on the corrected text is the re-check's, never matched by MT offsets.
    existing = session.scalars(
        select(Finding).where(Finding.document_id == document_id, Finding.check_id == GLOSSARY_CHECK,
                              Finding.span_on == "mt")
    ).all()
    # Matched by place: a finding a reviewer applied or dismissed stays as it is (not reopened, not
    # duplicated); an open one takes the glossary's current wording.
    have: dict[tuple[int, int, int], Finding] = {(f.segment_id, f.start, f.end): f for f in existing}
    # A term learned from the reference and now in the glossary: the glossary finding takes its place.
    learned = {
        (segment_id, start, end): finding_id
        for finding_id, segment_id, start, end in session.execute(
            select(Finding.id, Finding.segment_id, Finding.start, Finding.end).where(
                Finding.document_id == document_id, Finding.check_id == LEARNED_CHECK, Finding.state == "open",
                Finding.span_on == "mt",
            )
        )
    }
    superseded: list[int] = []
    rows: list[dict[str, object]] = []
    for index, items in wanted.items():
        segment_id, mt = segments[index]
        for start, end, suggestion, message, category, severity in items:
            old = have.pop((segment_id, start, end), None)
            if old is not None:
                if old.state == "open":
                    old.suggestion, old.message, old.severity = suggestion, message, severity
                continue
            replaced = learned.pop((segment_id, start, end), None)
            if replaced is not None:
                superseded.append(replaced)
            rows.append({"segment_id": segment_id, "document_id": document_id, "check_id": GLOSSARY_CHECK,
                         "category": category, "severity": severity, "message": message, "start": start, "end": end,
                         "quote": mt[start:end], "suggestion": suggestion, "state": "open", "span_on": "mt"})
    stale = [f.id for f in have.values() if f.state == "open"]
    session.flush()  # the wording of the findings kept, before the bulk statements below
    for ids in (superseded, stale):
        for at in range(0, len(ids), 500):
            session.execute(delete(Finding).where(Finding.id.in_(ids[at : at + 500])))
    for at in range(0, len(rows), 500):  # one INSERT per 500 rows, not one ORM object each
        session.execute(insert(Finding), rows[at : at + 500])
    return len(rows), len(stale)
