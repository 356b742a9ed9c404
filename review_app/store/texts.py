"""The raw texts of a document as imported (for re-aligning it, e.g. to compare several systems)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from review_app.store.base import StoreBase
from review_app.store.models import Document
from review_app.store.records import StoreError


@dataclass(frozen=True, slots=True)
class DocumentTexts:
    """A document's MT, reference and source texts, as imported."""

    name: str
    system: str | None
    segmented: bool
    mt: str
    ref: str
    src: str | None


class Texts(StoreBase):
    """Reading documents' raw texts."""

    def document_texts(self, document_id: int) -> DocumentTexts:
        """The texts of document ``document_id``; :class:`StoreError` when there is no such document."""
        stmt = select(Document.name, Document.system, Document.segmented, Document.mt_text, Document.ref_text,
                      Document.src_text).where(Document.id == document_id)
        with self._read() as session:
            row = session.execute(stmt).one_or_none()
        if row is None:
            raise StoreError(f"no document with id {document_id}")
        return DocumentTexts(*row)
