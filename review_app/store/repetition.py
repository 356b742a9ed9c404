"""Repetition across a project's documents, the ``chrome`` check's evidence: page furniture recurs from page to page.

Each document keeps the keys of its MT's short lines (``documents.line_keys``, written at its import); a check of a
document reads the other live documents' keys, never their texts, and finds which of its own short lines recur
(``checks.chrome.repeated_among``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.checks.chrome import repeated_among
from review_app.store.models import Document


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
