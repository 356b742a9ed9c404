"""The store: one class over the review database (SQLite by default, any SQLAlchemy URL).

>>> from review_app.store import Operator
>>> store = Store("sqlite://")  # in memory
>>> project = store.create_project("Demo", "ru", "en", actor=Operator())
>>> [p.name for p in store.projects()]
['Demo']

Reads return plain records; lists of segments are filtered, sorted and paged in SQL so that a
20,000-segment document costs one small query per page.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from review_app.align.uncertain import ALIGNMENT_CHECK
from review_app.checks.base import Finding as CheckFinding
from review_app.checks.chrome import line_keys
from review_app.model import AlignedSegment
from review_app.store.accounts import Accounts
from review_app.store.actions import fix_placeable, last_undoable
from review_app.store.archive import ArchiveActions
from review_app.store.auth import Actor, require_admin
from review_app.store.base import (
    annotation_info,
    count_of,
    event_info,
    finding_info,
    open_counts,
    paged,
    segment_row,
    where_given,
)
from review_app.store.effort import EffortReads
from review_app.store.export import Exports
from review_app.store.glossary import GlossaryActions, recheck_glossary
from review_app.store.identities import Identities
from review_app.store.models import (
    Document,
    Event,
    Finding,
    Project,
    Segment,
    score_entries,
    score_value,
    stats_entries,
    utcnow,
)
from review_app.store.models import Sentence as SentenceRow
from review_app.store.names import clean_language, clean_name, clean_system
from review_app.store.plans import Plans
from review_app.store.presence import PresenceActions
from review_app.store.realign import Realign
from review_app.store.records import (
    SORTS,
    DocumentInfo,
    EventInfo,
    FindingGroup,
    FindingRow,
    ProjectInfo,
    SegmentDetail,
    SegmentFilter,
    SegmentPage,
    SegmentRow,
    StoreError,
)
from review_app.store.repetition import recheck_repetition, repeated_in_project
from review_app.store.reports import Reports, live
from review_app.store.rescore import with_statistics
from review_app.store.runs import Runs
from review_app.store.search import matches, search_text
from review_app.store.texts import Texts
from review_app.vocab import SEVERITIES

_BATCH = 2000  # rows per bulk insert: bounded statement size on every backend


class Store(Realign, Plans, GlossaryActions, ArchiveActions, Identities, Accounts, Reports, Exports, Runs, Texts,
            EffortReads, PresenceActions):
    """Projects, documents and segments, the review actions on them, corrections of the alignment, batches,
    glossary changes, renaming and archiving, accounts and assignments, reports, and ``qa`` run history.

    Listings (:meth:`projects`, :meth:`documents`) show live items unless asked for archived ones; a
    single item (:meth:`project`, :meth:`document`) is returned either way, its ``archived`` says which."""

    # --- projects -----------------------------------------------------------------------------

    def create_project(
        self, name: str, src_lang: str, tgt_lang: str, *, glossary: str | None = None, actor: Actor
    ) -> ProjectInfo:
        """A new project (admin only); names are unique."""
        name, src_lang, tgt_lang = clean_name("project", name), clean_language(src_lang), clean_language(tgt_lang)
        try:
            with self._write() as session:
                who = require_admin(session, actor, "creating a project")
                project = Project(name=name, src_lang=src_lang, tgt_lang=tgt_lang, glossary=glossary or None,
                                  created_at=utcnow())
                session.add(project)
                session.flush()
                session.add(Event(actor=who.name, user_id=who.user_id, kind="create-project", project_id=project.id,
                                  after={"name": name, "src_lang": src_lang, "tgt_lang": tgt_lang}))
                project_id = project.id
        except IntegrityError:
            raise StoreError(f"a project named {name!r} already exists") from None
        return self.project(project_id)

    def _project_stmt(self) -> Select[Project, int, int]:
        # What a project holds counts its live documents: the ones its listing shows.
        documents = (select(func.count()).where(Document.project_id == Project.id, Document.archived_at.is_(None))
                     .scalar_subquery())
        segments = (select(func.count()).select_from(Segment).join(Document)
                    .where(Document.project_id == Project.id, Document.archived_at.is_(None)).scalar_subquery())
        return select(Project, documents, segments)

    @staticmethod
    def _project_info(project: Project, documents: int, segments: int) -> ProjectInfo:
        return ProjectInfo(project.id, project.name, project.src_lang, project.tgt_lang, project.glossary,
                           project.created_at, documents, segments, project.archived_at, project.archived_by)

    def projects(self, *, archived: bool = False, offset: int = 0, limit: int | None = None) -> list[ProjectInfo]:
        """The live projects (``archived=True``: the archived ones), oldest first (``offset``/``limit``: one page
        of them)."""
        stmt = self._project_stmt().where(_archived(Project.archived_at, archived)).order_by(Project.id)
        with self._read() as session:
            return [self._project_info(*row) for row in session.execute(paged(stmt, offset, limit))]

    def project_count(self, *, archived: bool = False) -> int:
        """How many projects :meth:`projects` lists."""
        with self._read() as session:
            return count_of(session, select(Project.id).where(_archived(Project.archived_at, archived)))

    def project(self, project_id: int) -> ProjectInfo:
        """One project (StoreError when absent)."""
        return self._project_info(*self._only(self._project_stmt().where(Project.id == project_id),
                                              f"no project with id {project_id}"))

    def project_by_name(self, name: str) -> ProjectInfo | None:
        """The project called ``name``, if any (archived or not: names are unique across both)."""
        row = self._first(self._project_stmt().where(Project.name == name))
        return self._project_info(*row) if row else None

    # --- documents ----------------------------------------------------------------------------

    def add_document(
        self,
        project_id: int,
        name: str,
        segments: Sequence[AlignedSegment],
        findings: Sequence[Sequence[CheckFinding]] | None = None,
        *,
        system: str | None = None,
        ref_kind: str = "reference",
        segmented: bool = False,
        mt_text: str = "",
        ref_text: str = "",
        src_text: str | None = None,
        sentences: Mapping[str, Sequence[str]] | None = None,
        repeated: Collection[str] | None = None,
        glossary: str | None = None,
        actor: Actor,
    ) -> DocumentInfo:
        """Store an aligned, scored document and its findings (offsets into each segment's MT), atomically.

        ``sentences`` (side ``mt``/``ref``/``src`` -> texts by sentence id) are the input sentences the segments'
        ids name, kept so that reviewers can re-cut segments (``store.realign``). The evidence the findings were
        checked with, read before this transaction, is compared with the project's now, and what changed in
        between is checked again here: ``repeated``, the lines the ``chrome`` check took for repeated in the project
        (``Context.repeated``; another import may have committed since), and ``glossary``, the project's glossary
        as it was (``Project.glossary``, "" for none; an admin may have changed it since). Admin only."""
        name, system = clean_name("document", name), clean_system(system)
        if findings is not None and len(findings) != len(segments):
            raise StoreError(f"{len(findings)} finding lists for {len(segments)} segments")
        self.project(project_id)  # no project: its message before the scoring
        with_statistics(segments)  # before the write transaction, as every scoring
        keys = line_keys(mt_text.split("\n") if mt_text else [s.mt for s in segments])
        try:
            with self._write() as session:
                who = require_admin(session, actor, "importing a document")
                # Imports into one project take turns (the project's row locked until commit), so each sees the
                # documents the one before it added: their repetition, and that the project was not archived.
                # FOR NO KEY UPDATE: reviewers' saves (their events' key share of the row) do not wait for it.
                project = session.get(Project, project_id, with_for_update={"key_share": True})
                if project is None:
                    raise StoreError(f"no project with id {project_id}")
                if project.archived_at is not None:
                    raise StoreError(f"project {project.name!r} is archived: restore it to add documents")
                document = Document(project_id=project_id, name=name, system=system,
                                    ref_kind=ref_kind, segmented=segmented, mt_text=mt_text, ref_text=ref_text,
                                    src_text=src_text, created_at=utcnow(), line_keys=keys)
                session.add(document)
                session.flush()
                segment_ids = self._insert_segments(session, document.id, segments)
                count = self._insert_findings(session, document.id, segments, findings or [], segment_ids)
                self._insert_sentences(session, document.id, sentences or {})
                after: dict[str, object] = {"name": name, "segments": len(segments), "findings": count}
                checked = None if repeated is None else ([s.mt for s in segments], repeated)
                brought = recheck_repetition(session, project_id, document.id, keys, checked=checked)
                if glossary is not None and glossary != (project.glossary or ""):
                    recheck_glossary(session, project, document_ids=[document.id], documents=self.document_checks)
                if brought:  # the findings this import brought to the project's documents
                    after["repetition_findings"] = brought
                session.add(Event(actor=who.name, user_id=who.user_id, kind="import", project_id=project_id,
                                  document_id=document.id, after=after))
                document_id = document.id
        except IntegrityError:
            raise StoreError(f"the project already has a document named {name!r}") from None
        return self.document(document_id)

    @staticmethod
    def _insert_segments(session: Session, document_id: int, segments: Sequence[AlignedSegment]) -> list[int]:
        rows = [
            {
                "document_id": document_id, "position": i, "src": s.src, "mt": s.mt, "ref": s.ref,
                "mt_ids": list(s.mt_ids), "ref_ids": list(s.ref_ids), "src_ids": list(s.src_ids), "link": s.link,
                "confidence": s.confidence, "corrected": s.mt, "status": "todo", "version": 1,
                "search": search_text(s.mt, s.ref, s.mt, s.src),  # a bulk insert passes the mapper's events by
                # The corrected text starts as the MT, so it starts with the MT's scores.
                "scores": score_entries(s.scores, s.scores),
                "stats": stats_entries(s.stats, s.stats),
            }
            for i, s in enumerate(segments)
        ]
        ids: list[int] = []
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            stmt = insert(Segment).returning(Segment.id, sort_by_parameter_order=True)
            ids.extend(session.scalars(stmt, batch))
        return ids

    @staticmethod
    def _insert_sentences(session: Session, document_id: int, sentences: Mapping[str, Sequence[str]]) -> None:
        rows = [{"document_id": document_id, "side": side, "number": number, "text": text}
                for side, texts in sentences.items() for number, text in enumerate(texts)]
        for start in range(0, len(rows), _BATCH):
            session.execute(insert(SentenceRow), rows[start : start + _BATCH])

    @staticmethod
    def _insert_findings(
        session: Session,
        document_id: int,
        segments: Sequence[AlignedSegment],
        findings: Sequence[Sequence[CheckFinding]],
        segment_ids: list[int],
    ) -> int:
        rows = [
            {
                "segment_id": segment_ids[i], "document_id": document_id, "check_id": f.check,
                "category": f.category, "severity": f.severity, "message": f.message, "start": f.start,
                "end": f.end, "quote": segments[i].mt[f.start : f.end], "suggestion": f.suggestion, "state": "open",
            }
            for i, per_segment in enumerate(findings)
            for f in per_segment
        ]
        for start in range(0, len(rows), _BATCH):
            session.execute(insert(Finding), rows[start : start + _BATCH])
        return len(rows)

    def _document_stmt(self) -> Select[Document, int, datetime | None]:
        count = select(func.count()).where(Segment.document_id == Document.id).scalar_subquery()
        return select(Document, count, Project.archived_at).join(Project, Project.id == Document.project_id)

    @staticmethod
    def _document_info(d: Document, segments: int, project_archived_at: datetime | None) -> DocumentInfo:
        return DocumentInfo(d.id, d.project_id, d.name, d.system, d.ref_kind, d.segmented, d.created_at, segments,
                            d.archived_at, d.archived_by, project_archived_at is not None)

    def document_with_texts(self, project_id: int, mt_text: str, ref_text: str) -> DocumentInfo | None:
        """A document of the project imported from exactly these MT and reference texts, if any (archived too)."""
        row = self._first(self._document_stmt().where(
            Document.project_id == project_id, Document.mt_text == mt_text, Document.ref_text == ref_text,
        ).order_by(Document.id))
        return self._document_info(*row) if row else None

    def documents(self, project_id: int, *, archived: bool | None = False, offset: int = 0,
                  limit: int | None = None) -> list[DocumentInfo]:
        """The project's live documents in import order (``archived=True``: the archived ones; None: all;
        ``offset``/``limit``: one page of them)."""
        stmt = self._document_stmt().where(Document.project_id == project_id).order_by(Document.id)
        if archived is not None:
            stmt = stmt.where(_archived(Document.archived_at, archived))
        with self._read() as session:
            return [self._document_info(*row) for row in session.execute(paged(stmt, offset, limit))]

    def repeated_lines(self, project_id: int, lines: Iterable[str]) -> frozenset[str]:
        """The short ``lines`` that recur in the project's live documents (the chrome check's ``Context.repeated``
        for a document about to be imported), from their stored line keys."""
        with self._read() as session:
            return repeated_in_project(session, project_id, lines)

    def archived_documents(self, *, project_archived: bool | None = None, offset: int = 0,
                           limit: int | None = None) -> list[DocumentInfo]:
        """Every archived document (``DocumentInfo.project_archived``: its project is archived too), by project
        (``project_archived=False``: only those of live projects; ``offset``/``limit``: one page of them)."""
        stmt = self._document_stmt().where(*_archived_documents(project_archived)).order_by(Document.project_id,
                                                                                             Document.id)
        with self._read() as session:
            return [self._document_info(*row) for row in session.execute(paged(stmt, offset, limit))]

    def archived_document_count(self, *, project_archived: bool | None = None) -> int:
        """How many documents :meth:`archived_documents` lists."""
        stmt = select(Document.id).join(Project, Project.id == Document.project_id)
        with self._read() as session:
            return count_of(session, stmt.where(*_archived_documents(project_archived)))

    def document_names(self, ids: Collection[int]) -> dict[int, str]:
        """The names of the given documents, archived or not (a log names the documents of its page)."""
        if not ids:
            return {}
        with self._read() as session:
            rows = session.execute(select(Document.id, Document.name).where(Document.id.in_(list(ids))))
            return {document_id: name for document_id, name in rows}

    def document(self, document_id: int) -> DocumentInfo:
        """One document (StoreError when absent)."""
        return self._document_info(*self._only(self._document_stmt().where(Document.id == document_id),
                                               f"no document with id {document_id}"))

    # --- segments -----------------------------------------------------------------------------

    @staticmethod
    def _filtered(document_id: int, filters: SegmentFilter) -> Select[Segment]:
        stmt = select(Segment).where(Segment.document_id == document_id)
        if filters.checks or filters.severities or filters.open_only:
            conditions = [Finding.segment_id == Segment.id]
            if filters.checks:
                conditions.append(Finding.check_id.in_(filters.checks))
            if filters.severities:
                conditions.append(Finding.severity.in_(filters.severities))
            if filters.open_only:
                conditions.append(Finding.state == "open")
            stmt = stmt.where(exists().where(*conditions))
        if filters.uncertain:
            stmt = stmt.where(exists().where(Finding.segment_id == Segment.id, Finding.check_id == ALIGNMENT_CHECK,
                                             Finding.state == "open"))
        if filters.statuses:
            stmt = stmt.where(Segment.status.in_(filters.statuses))
        if filters.deleted is not None:
            stmt = stmt.where(~live() if filters.deleted else live())
        if filters.chrf_min is not None:
            stmt = stmt.where(score_value("chrf") >= filters.chrf_min)
        if filters.chrf_max is not None:
            stmt = stmt.where(score_value("chrf") <= filters.chrf_max)
        text = filters.text.strip()
        if text:
            stmt = stmt.where(matches(Segment.search, text))  # caseless in every script (store.search)
        return stmt

    @staticmethod
    def _sorted(stmt: Select[Segment], sort: str) -> Select[Segment]:
        if sort not in SORTS:
            raise StoreError(f"unknown sort {sort!r} (choose from {', '.join(SORTS)})")
        if sort == "position":
            return stmt.order_by(Segment.position)
        if sort == "findings":
            count = (select(func.count()).where(Finding.segment_id == Segment.id, Finding.state == "open")
                     .scalar_subquery())
            return stmt.order_by(count.desc(), Segment.position)
        column = score_value("chrf", corrected=sort != "chrf")
        return stmt.order_by(column.is_(None), column.asc(), Segment.position)  # unscored segments last

    def segment_page(
        self,
        document_id: int,
        filters: SegmentFilter | None = None,
        sort: str = "position",
        offset: int = 0,
        limit: int = 50,
    ) -> SegmentPage:
        """One page of the document's segments, filtered and sorted in SQL, and the filtered total."""
        filters = filters or SegmentFilter()
        base = self._filtered(document_id, filters)
        with self._read() as session:
            total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
            segments = session.scalars(self._sorted(base, sort).offset(max(offset, 0)).limit(limit)).all()
            counts = open_counts(session, [s.id for s in segments])
            rows = [segment_row(s, counts.get(s.id, 0)) for s in segments]
        return SegmentPage(rows, total, offset, limit)

    def segment_ids(self, document_id: int, filters: SegmentFilter | None = None, sort: str = "position") -> list[int]:
        """The ids of the filtered, sorted list, in order (what navigation steps through)."""
        stmt = self._sorted(self._filtered(document_id, filters or SegmentFilter()), sort).with_only_columns(Segment.id)
        with self._read() as session:
            return list(session.scalars(stmt))

    @staticmethod
    def _findings_where(document_ids: Sequence[int], checks: Sequence[str], severities: Sequence[str],
                        states: Sequence[str]) -> list[ColumnElement[bool]]:
        """The conditions of a filtered findings list (empty filters: all)."""
        where: list[ColumnElement[bool]] = [Finding.document_id.in_(document_ids)]
        for column, wanted in ((Finding.check_id, checks), (Finding.severity, severities), (Finding.state, states)):
            if wanted:
                where.append(column.in_(wanted))
        return where

    def finding_rows(self, document_ids: Sequence[int], *, checks: Sequence[str] = (),
                     severities: Sequence[str] = (), states: Sequence[str] = (), by_severity: bool = False,
                     offset: int = 0, limit: int | None = None) -> list[FindingRow]:
        """The documents' findings (empty filters: all), by document, segment and position in the MT (``by_severity``:
        the gravest first, then by document name); ``offset``/``limit``: one page of them."""
        stmt = (select(Finding, Document.name, Segment.position, Segment.mt, Segment.corrected)
                .join(Segment, Finding.segment_id == Segment.id).join(Document, Finding.document_id == Document.id)
                .where(*self._findings_where(document_ids, checks, severities, states)))
        if by_severity:
            rank = case({severity: i for i, severity in enumerate(SEVERITIES)}, value=Finding.severity, else_=-1)
            stmt = stmt.order_by(rank.desc(), Document.name, Segment.position, Finding.start, Finding.id)
        else:
            stmt = stmt.order_by(Finding.document_id, Segment.position, Finding.start, Finding.id)
        stmt = stmt.offset(max(offset, 0)).limit(limit)
        with self._read() as session:
            return [FindingRow(finding_info(f), f.document_id, name, position, mt, corrected)
                    for f, name, position, mt, corrected in session.execute(stmt)]

    def finding_groups(self, document_ids: Sequence[int], *, checks: Sequence[str] = (),
                       severities: Sequence[str] = (), states: Sequence[str] = ()) -> list[FindingGroup]:
        """Per check, the filtered findings counted by severity and the open ones with a fix (one grouped query,
        whatever their number): the headings of a paged findings list."""
        fixable = func.sum(case((and_(Finding.state == "open", Finding.suggestion.is_not(None)), 1), else_=0))
        stmt = (select(Finding.check_id, Finding.severity, func.count(), fixable)
                .where(*self._findings_where(document_ids, checks, severities, states))
                .group_by(Finding.check_id, Finding.severity))
        groups: dict[str, FindingGroup] = {}
        with self._read() as session:
            for check, severity, count, fixes in session.execute(stmt):
                group = groups.setdefault(check, FindingGroup(check, {}, 0))
                group.by_severity[severity] = count
                group.fixable += fixes or 0
        return list(groups.values())

    def segments_with_open_findings(self, document_id: int) -> set[int]:
        """Ids of the document's segments that have an open finding (what "Next problem" looks for)."""
        stmt = select(Finding.segment_id).where(Finding.document_id == document_id, Finding.state == "open").distinct()
        with self._read() as session:
            return set(session.scalars(stmt))

    def segment_by_position(self, document_id: int, position: int) -> SegmentRow | None:
        """The document's segment at ``position`` (0-based document order), or None."""
        with self._read() as session:
            segment = session.scalar(select(Segment).where(Segment.document_id == document_id,
                                                           Segment.position == position))
            return segment_row(segment, open_counts(session, [segment.id]).get(segment.id, 0)) if segment else None

    def segment_at(self, document_id: int, index: int, filters: SegmentFilter | None = None,
                   sort: str = "position") -> SegmentRow | None:
        """The ``index``-th segment (0-based) of the filtered, sorted list, or None past its end."""
        rows = self.segment_page(document_id, filters, sort, offset=index, limit=1).rows
        return rows[0] if rows else None

    def segment_detail(self, segment_id: int) -> SegmentDetail:
        """A segment with its findings and annotations."""
        with self._read() as session:
            segment = session.get(Segment, segment_id)
            if segment is None:
                raise StoreError(f"no segment with id {segment_id}")
            findings = [finding_info(f) for f in segment.findings]
            open_findings = sum(1 for f in findings if f.state == "open")
            placeable = frozenset(f.id for f in segment.findings if f.state == "open" and fix_placeable(segment, f))
            return SegmentDetail(segment_row(segment, open_findings), findings,
                                 [annotation_info(a) for a in segment.annotations],
                                 last_undoable(session, segment_id) is not None, placeable)

    def similar_count(self, finding_id: int) -> int:
        """Open findings in the document with the same check, text and suggestion (this one included)."""
        with self._read() as session:
            f = session.get(Finding, finding_id)
            if f is None or f.suggestion is None:
                return 0
            return session.scalar(
                select(func.count()).where(
                    Finding.document_id == f.document_id, Finding.check_id == f.check_id, Finding.quote == f.quote,
                    Finding.suggestion == f.suggestion, Finding.state == "open",
                )
            ) or 0

    def check_ids(self, document_ids: Sequence[int]) -> list[str]:
        """The checks that found something in these documents."""
        with self._read() as session:
            stmt = select(Finding.check_id).where(Finding.document_id.in_(document_ids)).distinct()
            return sorted(session.scalars(stmt))

    def events(self, *, segment_id: int | None = None, document_id: int | None = None,
               ids: Sequence[int] | None = None, limit: int = 100, offset: int = 0) -> list[EventInfo]:
        """Newest events first (from the ``offset``-th), for one segment, one document, the given event ids or
        everything; each with its segment's position (so a log names the segment as the reader sees it)."""
        stmt = where_given(select(Event, Segment.position).outerjoin(Segment, Segment.id == Event.segment_id)
                           .order_by(Event.id.desc()).offset(offset).limit(limit),
                           (Event.segment_id, segment_id), (Event.document_id, document_id))
        if ids is not None:
            stmt = stmt.where(Event.id.in_(ids))
        with self._read() as session:
            return [event_info(e, position) for e, position in session.execute(stmt)]

    def event_count(self, *, document_id: int | None = None) -> int:
        """How many events :meth:`events` lists for one document or for everything (a log's pager)."""
        with self._read() as session:
            return count_of(session, where_given(select(Event.id), (Event.document_id, document_id)))

    def project_version(self, project_id: int) -> int:
        """The newest event id of the project (its documents' segments, imports, glossary, assignments): the cache
        key of its reports, which another project's work or an account change leaves as it is."""
        with self._read() as session:
            return session.scalar(select(func.max(Event.id)).where(Event.project_id == project_id)) or 0

    def data_version(self) -> int:
        """The newest event id: changes whenever anything is written (a cache key for reports)."""
        with self._read() as session:
            return session.scalar(select(func.max(Event.id))) or 0


def _archived(column: InstrumentedAttribute[datetime | None], archived: bool) -> ColumnElement[bool]:
    return column.is_not(None) if archived else column.is_(None)


def _archived_documents(project_archived: bool | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Document.archived_at.is_not(None)]
    if project_archived is not None:
        conditions.append(_archived(Project.archived_at, project_archived))
    return conditions
