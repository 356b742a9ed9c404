"""Repetition across a project's documents, the ``chrome`` check's evidence: page furniture recurs from page to page.

Each document keeps the keys of its MT's short lines (``documents.line_keys``, written at its import); a check of a
document reads the other live documents' keys, never their texts, and finds which of its own short lines recur
(``checks.chrome.repeated_among``). When a document joins the live ones (an import, a restore) and one of its lines
thereby reaches the number of documents that makes it evidence, the documents that hold that line are checked again
for page chrome in the same transaction (:func:`recheck_repetition`), so the first pages of a site are not left with
the furniture the third one revealed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.checks import Check, Context, build_checks, run_lines, segments_context
from review_app.checks.chrome import REPEAT_MIN_DOCS, repeated_among
from review_app.store.models import Document, Finding, Project, Segment

CHROME_CHECK = "chrome"


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
    others = session.execute(select(Document.id, Document.line_keys).where(
        Document.project_id == project_id, Document.archived_at.is_(None), Document.id != document_id)).all()
    counts: Counter[str] = Counter()
    for _, other_keys in others:
        counts.update(set(other_keys or ()))
    mine = set(keys)
    # ``counts`` leaves the document out: a key at REPEAT_MIN_DOCS - 1 there has just reached REPEAT_MIN_DOCS.
    reached = {key for key in mine if counts[key] == REPEAT_MIN_DOCS - 1}
    targets = [other for other, other_keys in others if reached & set(other_keys or ())]
    again = itself and any(counts[key] >= REPEAT_MIN_DOCS - 1 for key in mine)
    if checked is not None:  # the evidence the import read before its transaction: is there more now?
        again = again or bool(repeated_among(checked[0], [k for _, k in others if k]) - set(checked[1]))
    if again:
        targets.append(document_id)
    if not targets:
        return {}
    # The live documents' keys, the languages and the check, read and built once for every document checked again.
    live = {other: other_keys for other, other_keys in others if other_keys}
    live[document_id] = list(keys)
    src_lang, tgt_lang = session.execute(select(Project.src_lang, Project.tgt_lang)
                                         .where(Project.id == project_id)).one()
    base = Context(target_lang=tgt_lang, source_lang=src_lang)
    checks = build_checks([CHROME_CHECK])
    added: dict[str, list[int]] = {}
    for target in sorted(targets):
        ids = _chrome_again(session, target, base, [k for other, k in live.items() if other != target], checks)
        if ids:
            added[str(target)] = ids
    return added


def _chrome_again(session: Session, document_id: int, base: Context, others: list[list[str]],
                  checks: list[Check]) -> list[int]:
    """Run the ``chrome`` check on the document as it now reads, with the repetition of the ``others`` (the line keys
    of the project's other live documents); add the findings its segments lack (see :func:`recheck_repetition`).
    Returns their ids."""
    rows = session.execute(select(Segment.id, Segment.mt, Segment.corrected, Segment.src, Segment.ref)
                           .where(Segment.document_id == document_id).order_by(Segment.position)).all()
    if not rows:
        return []
    flagged = set(session.scalars(select(Finding.segment_id).where(
        Finding.document_id == document_id, Finding.check_id == CHROME_CHECK)))
    texts = [row.corrected for row in rows]
    context = segments_context(replace(base, repeated=repeated_among(texts, others)),
                               [row.src for row in rows], [row.ref for row in rows])
    new: list[Finding] = []
    for problem in run_lines(texts, context, checks):
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
