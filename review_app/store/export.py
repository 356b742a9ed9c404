"""Export from the store: the corrected corpus through :mod:`review_app.formats`, and the QA report.

Units carry the review provenance (the status by the name the app shows, the last reviewer and every
reviewer who changed the segment, time, applied fixes, MQM annotations), so a TMX, XLIFF or JSONL export
can be read back with everything the reviewers did. The post-edits (``store.effort``: final status, not
deleted) also go out as training data: APE triplets (JSONL, TSV) and MLQE-PE's QE files.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from review_app.effort import qe_lines, write_qe_files
from review_app.formats import EXPORT_FORMATS, Unit, write_units
from review_app.formats import Annotation as UnitAnnotation
from review_app.formats.sheet import SheetWriter, sheet_text
from review_app.output import atomic_write
from review_app.store.base import StoreBase
from review_app.store.effort import PostEdit, post_edits
from review_app.store.models import Document, Event, Project, Segment, scores_of
from review_app.store.records import StoreError, is_deleted
from review_app.vocab import STATUS_LABELS

# Format name → (file ending, MIME type, writer options): the corrected text is the target.
# The QA report's formats: (file ending, MIME type) as their corpus exports have them.
REPORT_FORMATS: dict[str, tuple[str, str]] = {name: (EXPORT_FORMATS[name].suffix, EXPORT_FORMATS[name].mime)
                                              for name in ("tsv", "jsonl")}
# ``start``/``end``/``text`` are on the MT or on the corrected text, as ``span_on`` says.
REPORT_COLUMNS: tuple[str, ...] = ("document", "segment", "check", "category", "severity", "state", "span_on",
                                   "start", "end", "text", "suggestion", "message", "mt", "corrected")


# Segments read between two progress reports of an export.
PROGRESS_STEP = 500

# Automatic post-editing triplets: where the segment is, then source, MT and post-edit (the corrected text).
APE_FORMATS: dict[str, tuple[str, str]] = {"jsonl": (".jsonl", "application/x-ndjson"),
                                           "tsv": (".tsv", "text/tab-separated-values")}
APE_COLUMNS: tuple[str, ...] = ("document", "segment", "system", "src", "mt", "pe")


def _ape_row(edit: PostEdit) -> dict[str, Any]:
    return {"document": edit.document, "segment": edit.position + 1, "system": edit.system, "src": edit.src,
            "mt": edit.mt, "pe": edit.pe}


def _ape_table(rows: list[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    if fmt != "tsv":
        raise StoreError(f"unknown APE format {fmt!r} (choose from {', '.join(APE_FORMATS)})")
    return sheet_text(APE_COLUMNS, ([row[name] for name in APE_COLUMNS] for row in rows)).encode("utf-8")


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


class Exports(StoreBase):
    """Units and reports for download or files."""

    def export_units(self, document_ids: Sequence[int], *, skip_deleted: bool = True,
                     progress: Callable[[int], None] | None = None) -> Iterator[Unit]:
        """One unit per segment in document order; segments whose correction is empty (deleted chrome) skipped.
        ``progress``: told the number of segments read so far, every :data:`PROGRESS_STEP`."""
        read = 0
        with self._read() as session:
            for document_id in document_ids:
                document = session.get(Document, document_id)
                if document is None:
                    raise StoreError(f"no document with id {document_id}")
                project = session.get(Project, document.project_id)
                assert project is not None
                reviewers = _reviewers(session, document_id)
                stmt = (select(Segment).where(Segment.document_id == document_id).order_by(Segment.position)
                        .options(selectinload(Segment.findings), selectinload(Segment.annotations),
                                 selectinload(Segment.comments))
                        .execution_options(yield_per=500))
                for segment in session.scalars(stmt):
                    read += 1
                    if progress is not None and read % PROGRESS_STEP == 0:
                        progress(read)
                    if skip_deleted and is_deleted(segment.corrected):
                        continue
                    yield self._unit(project, document, segment, reviewers.get(segment.id, []))
        if progress is not None:
            progress(read)

    @staticmethod
    def _unit(project: Project, document: Document, segment: Segment, reviewers: list[str]) -> Unit:
        # A fix's span is on the MT, or on the corrected text as it was when the fix was applied.
        fixes = [{"check": f.check_id, "span_on": f.span_on, "start": f.start, "end": f.end, "before": f.quote,
                  "after": f.suggestion} for f in segment.findings if f.state == "applied"]
        annotations = [UnitAnnotation(a.category, a.severity, a.start, a.end, "target", a.comment, a.reviewer)
                       for a in segment.annotations]
        return Unit(
            id=f"{document.name}:{segment.position + 1}",
            source=segment.src,
            mt=segment.mt,
            reference=segment.ref or None,
            corrected=segment.corrected,
            src_lang=project.src_lang,
            tgt_lang=project.tgt_lang,
            status=STATUS_LABELS.get(segment.status, segment.status),  # the name the app shows
            reviewer=segment.updated_by,
            reviewers=reviewers,
            updated_at=segment.updated_at.isoformat() + "Z" if segment.updated_at else None,
            system=document.system,
            doc=document.name,
            props={**_score_props(segment), "link": segment.link},
            fixes=fixes,
            annotations=annotations,
            # Reviewers' comments travel as notes (TMX/XLIFF notes, the TSV/JSONL notes field).
            notes=[f"{c.author} ({c.created_at:%Y-%m-%d %H:%M} UTC): {c.text}" for c in segment.comments],
        )

    def export_size(self, document_ids: Sequence[int]) -> int:
        """How many segments an export walks (its progress's 100%)."""
        with self._read() as session:
            return session.scalar(select(func.count()).select_from(Segment)
                                  .where(Segment.document_id.in_(document_ids))) or 0

    def write_export(self, document_ids: Sequence[int], fmt: str, path: str | Path,
                     progress: Callable[[int], None] | None = None) -> int:
        """Write the corrected corpus in ``fmt`` to ``path`` (atomically, unit by unit as the segments are read in
        batches: never the whole corpus in memory); returns the unit count. ``progress`` is told every
        :data:`PROGRESS_STEP` segments read (deleted ones included: :meth:`export_size` is the total)."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
        units = self.export_units(document_ids, progress=progress)
        if fmt == "mqm":  # rated segments only: an unreviewed segment is not "No-error"
            units = (_mqm_unit(u) for u in units if u.annotations or u.status == STATUS_LABELS["accepted"])
        return write_units(path, units, format=fmt, **EXPORT_FORMATS[fmt].options)

    def export_bytes(self, document_ids: Sequence[int], fmt: str) -> bytes:
        """The export as bytes (for a download button): written to a temporary file and read back."""
        suffix = export.suffix if (export := EXPORT_FORMATS.get(fmt)) else ".out"
        with tempfile.TemporaryDirectory(prefix="review_app_export_") as folder:
            path = Path(folder) / f"export{suffix}"
            self.write_export(document_ids, fmt, path)
            return path.read_bytes()

    def qa_report_rows(self, document_ids: Sequence[int]) -> Iterator[dict[str, Any]]:
        """One row per finding: where, which check, its state, and the segment's texts (segments read in batches)."""
        with self._read() as session:
            stmt = (select(Segment, Document.name).join(Document).where(Segment.document_id.in_(document_ids))
                    .order_by(Segment.document_id, Segment.position).options(selectinload(Segment.findings))
                    .execution_options(yield_per=500))
            for segment, name in session.execute(stmt):
                for f in segment.findings:
                    yield {
                        "document": name, "segment": segment.position + 1, "check": f.check_id,
                        "category": f.category, "severity": f.severity, "state": f.state, "span_on": f.span_on,
                        "start": f.start, "end": f.end, "text": f.quote, "suggestion": f.suggestion,
                        "message": f.message, "mt": segment.mt, "corrected": segment.corrected,
                    }

    def write_qa_report(self, document_ids: Sequence[int], fmt: str, path: str | Path) -> int:
        """Write the QA report as TSV (spreadsheet-safe quoting) or JSON Lines to ``path`` (atomically, row by row);
        returns the number of findings."""
        if fmt not in REPORT_FORMATS:
            raise StoreError(f"unknown report format {fmt!r} (choose from {', '.join(REPORT_FORMATS)})")
        count = 0
        with atomic_write(path) as out:
            # The one spreadsheet-safe writer: a finding's text or message never runs as a formula.
            writer = SheetWriter(out) if fmt == "tsv" else None
            if writer is not None:
                writer.writerow(REPORT_COLUMNS)
            for row in self.qa_report_rows(document_ids):
                if writer is None:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    writer.writerow([row[name] for name in REPORT_COLUMNS])
                count += 1
        return count

    def qa_report_bytes(self, document_ids: Sequence[int], fmt: str = "tsv") -> bytes:
        """The QA report as bytes (for a download button): :meth:`write_qa_report` to a temporary file, read back."""
        with tempfile.TemporaryDirectory(prefix="review_app_report_") as folder:
            path = Path(folder) / f"report{REPORT_FORMATS.get(fmt, ('.out',))[0]}"
            self.write_qa_report(document_ids, fmt, path)
            return path.read_bytes()

    # --- post-edits as training data (store.effort: final status, not deleted) ------------------------

    def _ape_rows(self, document_ids: Sequence[int]) -> list[dict[str, Any]]:
        with self._read() as session:
            return [_ape_row(edit) for edit in post_edits(session, document_ids)]

    def ape_bytes(self, document_ids: Sequence[int], fmt: str = "jsonl") -> bytes:
        """APE triplets (source, MT, post-edit) of the documents' post-edited segments, as JSON Lines or as
        TSV through the spreadsheet-safe writer (a header row first)."""
        return _ape_table(self._ape_rows(document_ids), fmt)

    def write_ape(self, document_ids: Sequence[int], fmt: str, path: str | Path) -> int:
        """Write the APE triplets to ``path`` atomically; returns their count."""
        rows = self._ape_rows(document_ids)
        data = _ape_table(rows, fmt)
        with atomic_write(path, "wb") as handle:
            handle.write(data)
        return len(rows)

    def write_qe(self, document_ids: Sequence[int], folder: str | Path, name: str = "qe") -> int:
        """MLQE-PE's quality-estimation files of the documents' post-edits: ``folder/NAME.{src,mt,pe,hter,tags}``,
        one line per segment (whitespace tokens, see ``effort.qefiles``), written all or none; returns the
        number of segments."""
        with self._read() as session:
            edits = post_edits(session, document_ids)
        lines = qe_lines([e.mt for e in edits], [e.pe for e in edits], [e.src or "" for e in edits])
        write_qe_files(folder, lines, prefix=f"{name}.", with_src=True)
        return len(lines)


def _reviewers(session: Session, document_id: int) -> dict[int, list[str]]:
    """Per segment, everyone who changed it (undoing included; a comment is not a change), in the order of
    their first change: the provenance that ``reviewer`` (the last one) alone cannot give."""
    out: dict[int, list[str]] = {}
    stmt = (select(Event.segment_id, Event.actor)
            .where(Event.document_id == document_id, Event.segment_id.is_not(None), Event.kind != "comment")
            .order_by(Event.id))
    for segment_id, actor in session.execute(stmt):
        assert segment_id is not None  # selected so
        names = out.setdefault(segment_id, [])
        if actor not in names:
            names.append(actor)
    return out


def _mqm_unit(unit: Unit) -> Unit:
    """Google's MQM TSV knows Major/Minor/Neutral only: a critical error is written as Major, noted in the comment."""
    annotations = []
    for a in unit.annotations:
        severity, comment = a.severity.capitalize(), a.comment
        if a.severity == "critical":
            severity, comment = "Major", f"[critical] {a.comment or ''}".strip()
        annotations.append(UnitAnnotation(a.category, severity, a.start, a.end, a.side, comment, a.rater))
    unit.annotations = annotations
    return unit


def _score_props(segment: Segment) -> dict[str, str]:
    """Every sentence metric's score of the MT and of the corrected text, keyed ``chrf``/``corrected_chrf``…"""
    mt, corrected = scores_of(segment), scores_of(segment, corrected=True)
    return {**{name: _score(value) for name, value in mt.items()},
            **{f"corrected_{name}": _score(value) for name, value in corrected.items()}}
