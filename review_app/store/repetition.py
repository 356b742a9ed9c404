"""Repetition across a project's documents, the ``chrome`` check's evidence: page furniture recurs from page to page.

Each document keeps the keys of its MT's short lines (``documents.line_keys``, written at its import); a check of a
document reads the other live documents' keys, never their texts, and finds which of its own short lines recur
(``checks.chrome.repeated_among``). When a document joins the live ones (an import, a restore) and one of its lines
thereby reaches the number of documents that makes it evidence, the documents that hold that line are checked again
for page chrome in the same transaction (:func:`recheck_repetition`), so the first pages of a site are not left with
the furniture the third one revealed. When one leaves them (an archive), the open findings that rested on its lines
alone go (:func:`withdraw_repetition`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from review_app.checks import Check, Context, build_checks, run_lines, segments_context
from review_app.checks.base import Finding as LineFinding
from review_app.checks.chrome import REPEAT_MIN_DOCS, line_key, repeated_among
from review_app.store.models import Document, Finding, Project, Segment

CHROME_CHECK = "chrome"

# A segment's id, MT, corrected text, source and reference, as the re-checks read them.
SegmentTexts = Row[int, str, str, str | None, str]


def other_documents_keys(session: Session, project_id: int, exclude: int | None = None) -> list[list[str]]:
    """The line keys of the project's live documents (but ``exclude``); documents without keys left out."""
    stmt = select(Document.line_keys).where(Document.project_id == project_id, Document.archived_at.is_(None))
    if exclude is not None:
        stmt = stmt.where(Document.id != exclude)
    return [keys for keys in session.scalars(stmt) if keys]


def repeated_in_project(session: Session, project_id: int, lines: Iterable[str],
                        exclude: int | None = None) -> frozenset[str]:
    """The short ``lines`` also found in enough of the project's other live documents (``Context.repeated``)."""
    return repeated_among(lines, other_documents_keys(session, project_id, exclude))


def recheck_repetition(session: Session, project_id: int, document_id: int, keys: Collection[str], *,
                       itself: bool = False,
                       checked: tuple[Sequence[str], Collection[str]] | None = None) -> dict[str, list[int]]:
    """Open ``chrome`` findings on the lines of the project's other live documents that recur now that document
    ``document_id`` (its line ``keys``) joined them (an import, a restore), in ``session``; with ``itself``, on that
    document's own lines too (a restored document was last checked with the evidence of its import); with
    ``checked`` (the lines an import's ``chrome`` check read and the repeated ones among them it was given, before
    its transaction), on its own lines when the other documents now repeat one more of them (another import
    committed in between).

    A page's furniture is found by repetition only from the third page that has it on: without this, the first two
    pages of a site imported one by one would keep it. Only documents holding a line that has just reached
    :data:`REPEAT_MIN_DOCS` documents are checked again, on their lines as they now read (a reviewer's text, not
    the MT), and only with the ``chrome`` check (the one that reads repetition). A segment that has a ``chrome``
    finding in any state gets none (a reviewer's dismissal stands), nor does an emptied one. A line reaches the
    threshold in exactly REPEAT_MIN_DOCS - 1 other documents, so the work inside the write transaction stays small
    however large the project. Returns the added findings' ids by document id (a string: it goes into the event's
    JSON)."""
    others, counts = _others(session, project_id, document_id)
    mine = set(keys)
    # ``counts`` leaves the document out: a key at REPEAT_MIN_DOCS - 1 there has just reached REPEAT_MIN_DOCS.
    reached = {key for key in mine if counts[key] == REPEAT_MIN_DOCS - 1}
    targets = [other for other, other_keys in others.items() if reached & set(other_keys)]
    again = itself and any(counts[key] >= REPEAT_MIN_DOCS - 1 for key in mine)
    if checked is not None:  # the evidence the import read before its transaction: is there more now?
        again = again or bool(repeated_among(checked[0], others.values()) - set(checked[1]))
    if again:
        targets.append(document_id)
    if not targets:
        return {}
    # The live documents' keys, the languages and the check, read and built once for every document checked again.
    live = {**others, document_id: list(keys)}
    base, checks = _chrome_context(session, project_id)
    added: dict[str, list[int]] = {}
    for target in sorted(targets):
        ids = _chrome_again(session, target, base, _but(live, target), checks)
        if ids:
            added[str(target)] = ids
    return added


def withdraw_repetition(session: Session, project_id: int, document_id: int, keys: Collection[str]) -> dict[str, int]:
    """Remove the open ``chrome`` findings that rested on document ``document_id``'s lines (its ``keys``) now that
    it left the project's live documents (an archive), in ``session``: the inverse of :func:`recheck_repetition`.

    Only documents holding a line that has just fallen below :data:`REPEAT_MIN_DOCS` documents are checked again,
    and only open findings of segments whose text is such a line and that the ``chrome`` check, with the repetition
    left, no longer flags: a finding a reviewer applied or dismissed stays, and so does one other evidence gives.
    A restore opens them again. Returns how many were removed by document id (a string, for the event's JSON)."""
    others, counts = _others(session, project_id, document_id)
    # ``counts`` leaves the document out: a key at REPEAT_MIN_DOCS - 1 there was at REPEAT_MIN_DOCS with it.
    fallen = {key for key in keys if counts[key] == REPEAT_MIN_DOCS - 1}
    targets = sorted(other for other, other_keys in others.items() if fallen & set(other_keys))
    if not targets:
        return {}
    base, checks = _chrome_context(session, project_id)
    removed: dict[str, int] = {}
    for target in targets:
        rows = _segment_texts(session, target)
        held = {row.id for row in rows if line_key(row.corrected) in fallen}
        stale = session.scalars(select(Finding).where(Finding.document_id == target, Finding.check_id == CHROME_CHECK,
                                                      Finding.state == "open", Finding.segment_id.in_(held))).all()
        if not stale:
            continue
        still = {rows[problem.line - 1].id for problem in _run_chrome(rows, base, _but(others, target), checks)}
        gone = [finding for finding in stale if finding.segment_id not in still]
        for finding in gone:
            session.delete(finding)
        if gone:
            removed[str(target)] = len(gone)
    session.flush()
    return removed


def _others(session: Session, project_id: int, document_id: int) -> tuple[dict[int, list[str]], Counter[str]]:
    """The line keys of the project's other live documents by id (those without keys left out: they hold no line),
    and in how many of them each key is."""
    others = {other: keys for other, keys in session.execute(select(Document.id, Document.line_keys).where(
        Document.project_id == project_id, Document.archived_at.is_(None), Document.id != document_id)) if keys}
    counts: Counter[str] = Counter()
    for keys in others.values():
        counts.update(set(keys))
    return others, counts


def _but(keys: dict[int, list[str]], document_id: int) -> list[list[str]]:
    """The line keys of the documents in ``keys`` other than ``document_id``: the repetition it is checked with."""
    return [k for other, k in keys.items() if other != document_id]


def _segment_texts(session: Session, document_id: int) -> Sequence[SegmentTexts]:
    """The document's segments in order, with what the chrome check reads of them."""
    return session.execute(select(Segment.id, Segment.mt, Segment.corrected, Segment.src, Segment.ref)
                           .where(Segment.document_id == document_id).order_by(Segment.position)).all()


def _chrome_context(session: Session, project_id: int) -> tuple[Context, list[Check]]:
    """The project's languages as a checking context, and the ``chrome`` check: built once per import or archive."""
    src_lang, tgt_lang = session.execute(select(Project.src_lang, Project.tgt_lang)
                                         .where(Project.id == project_id)).one()
    return Context(target_lang=tgt_lang, source_lang=src_lang), build_checks([CHROME_CHECK])


def _run_chrome(rows: Sequence[SegmentTexts], base: Context, others: list[list[str]],
                checks: list[Check]) -> list[LineFinding]:
    """The ``chrome`` check's findings on segments ``rows`` (id, mt, corrected, src, ref) as they now read, with the
    repetition of the ``others`` (the line keys of the project's other live documents)."""
    texts = [row.corrected for row in rows]
    context = segments_context(replace(base, repeated=repeated_among(texts, others)),
                               [row.src for row in rows], [row.ref for row in rows])
    return run_lines(texts, context, checks)


def _chrome_again(session: Session, document_id: int, base: Context, others: list[list[str]],
                  checks: list[Check]) -> list[int]:
    """Run the ``chrome`` check on the document as it now reads, with the repetition of the ``others`` (the line keys
    of the project's other live documents); add the findings its segments lack (see :func:`recheck_repetition`).
    Returns their ids."""
    rows = _segment_texts(session, document_id)
    if not rows:
        return []
    flagged = set(session.scalars(select(Finding.segment_id).where(
        Finding.document_id == document_id, Finding.check_id == CHROME_CHECK)))
    new: list[Finding] = []
    for problem in _run_chrome(rows, base, others, checks):
        row = rows[problem.line - 1]
        if row.id in flagged or not row.corrected.strip():
            continue
        flagged.add(row.id)
        new.append(Finding(segment_id=row.id, document_id=document_id, check_id=problem.check,
                           category=problem.category, severity=problem.severity, message=problem.message,
                           start=problem.start, end=problem.end, quote=row.corrected[problem.start:problem.end],
                           suggestion=problem.suggestion, state="open",
                           # As at import where the text is still the MT (the findings list says "MT").
                           span_on="mt" if row.corrected == row.mt else "corrected"))
    session.add_all(new)
    session.flush()
    return [finding.id for finding in new]
